//! Every version of every table in the template data reads back whole and as itself; the
//! variants real reports print (2021 reports with 2019's single （六）其他处理 row) read as
//! complete tables. See docs/adding-a-template-variant.md.

use nianbao::document::Document;
use nianbao::model::{Table, TableStatus};
use nianbao::recognize::tables::recognize_table;
use nianbao::vocab::{self, TableSpec, Template};

/// Table `spec` printed a row a line, cells between tabs, as a Word export prints it: a
/// header line over each run of rows with the same columns, a group's label on a line of
/// its own above its rows, a wide table's values in one row under its headers. Each row's
/// values are 1, 2, … and their total last.
fn printed(spec: &TableSpec) -> String {
    let mut text = String::new();
    if spec.wide {
        let mut tops: Vec<&str> = Vec::new();
        for row in spec.rows {
            let top = row.group.map_or(row.label, |g| g.label);
            if !tops.contains(&top) {
                tops.push(top);
            }
        }
        text.push_str(&tops.join("\t"));
        text.push('\n');
        for row in spec.rows {
            let labels: Vec<&str> = row.cols.iter().map(|c| c.label).collect();
            text.push_str(&labels.join("\t"));
            text.push('\t');
        }
        text.push('\n');
        let values: Vec<String> = spec
            .rows
            .iter()
            .flat_map(|r| row_values(r.cols.len()))
            .collect();
        text.push_str(&values.join("\t"));
        text.push('\n');
        return text;
    }
    let mut cols = None;
    let mut group = None;
    for row in spec.rows {
        if cols != Some(row.cols) {
            cols = Some(row.cols);
            let labels: Vec<&str> = row.cols.iter().map(|c| c.label).collect();
            text.push_str(&format!("{}\t{}\n", spec.label_header, labels.join("\t")));
        }
        if row.group != group {
            group = row.group;
            if let Some(g) = row.group.filter(|g| g.parent.is_some()) {
                text.push_str(g.label);
                text.push('\n');
            }
        }
        text.push_str(&format!(
            "{}\t{}\n",
            row.label,
            row_values(row.cols.len()).join("\t")
        ));
    }
    text
}

/// 1, 2, … n−1 and their sum: a row whose last column is its total.
fn row_values(n: usize) -> Vec<String> {
    let mut values: Vec<u32> = (1..n as u32).collect();
    values.push(values.iter().sum::<u32>().max(1));
    values.iter().map(u32::to_string).collect()
}

fn read(no: u8, template: Template, text: &str) -> Table {
    let doc = Document::from_text(text);
    let (table, warnings) = recognize_table(no, template, &doc.blocks);
    assert_eq!(warnings, vec![], "{text}");
    table
}

/// The (row, column) keys of a table's cells.
fn keys(table: &Table) -> Vec<(&str, &str)> {
    table.cells.iter().map(|c| (c.row_key, c.col_key)).collect()
}

fn spec_keys(spec: &TableSpec) -> Vec<(&'static str, &'static str)> {
    spec.rows
        .iter()
        .flat_map(|r| r.cols.iter().map(move |c| (r.key, c.key)))
        .collect()
}

#[test]
fn every_version_reads_back_whole_and_as_itself() {
    for template in Template::ALL {
        for no in 1..=3 {
            for spec in vocab::printings(no, template) {
                let table = read(no, template, &printed(spec));
                let what = format!("{spec:?} under {}", template.key());
                assert_eq!(table.status, TableStatus::Data, "{what}");
                assert_eq!(table.variant, Some(spec), "{what}");
                assert_eq!(keys(&table), spec_keys(spec), "{what}");
            }
        }
    }
}

#[test]
fn a_2021_table_2_with_a_single_other_row_is_complete() {
    // As a 2023 report on the 2021 template prints it: 23 rows, （六）其他处理 with its own
    // values and no 1./2./3. under it.
    let spec = vocab::table(2, Template::Y2021);
    let mut text = String::from(
        "申请人情况\n\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n",
    );
    for row in spec.rows {
        if row.key.starts_with("other.") {
            continue;
        }
        if row.key == "denied.state_secret" {
            text.push_str("（三）不予公开\n");
        }
        text.push_str(row.label);
        text.push_str("\t1\t0\t0\t0\t0\t0\t1\n");
        if row.key == "not_processed.confirm_info" {
            text.push_str("（六）其他处理\t3\t0\t0\t0\t0\t0\t3\n");
        }
    }
    let table = read(2, Template::Y2021, &text);
    assert_eq!(table.status, TableStatus::Data);
    assert_eq!(
        table.variant,
        Some(&vocab::tables::TABLE2_2021_SINGLE_OTHER)
    );
    assert_eq!(table.cells.len(), 23 * 7);
    assert_eq!(table.value("other", "total"), Some(3.0));
    assert_eq!(table.cell("other.other", "total"), None);
    // The same table in a report on the 2019 template is that template's own.
    let table = read(2, Template::Y2019, &text);
    assert_eq!(table.variant, Some(&vocab::TABLE2_2019));
}

#[test]
fn a_2021_table_1_without_regulations_is_complete() {
    // As a 2025 report on the 2021 template prints it: no 规章 row, 规范性文件 for
    // 行政规范性文件.
    let text = "第二十条第（一）项\n\
                信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n\
                规范性文件\t7\t0\t0\n\
                第二十条第（五）项\n\
                信息内容\t本年处理决定数量\n\
                行政许可\t1483\n\
                第二十条第（六）项\n\
                信息内容\t本年处理决定数量\n\
                行政处罚\t37\n\
                行政强制\t0\n\
                第二十条第（八）项\n\
                信息内容\t本年收费金额（单位：万元）\n\
                行政事业性收费\t0\n";
    let table = read(1, Template::Y2021, text);
    assert_eq!(table.status, TableStatus::Data);
    assert_eq!(
        table.variant,
        Some(&vocab::tables::TABLE1_2021_NO_REGULATIONS)
    );
    assert_eq!(table.cells.len(), 3 + 1 + 1 + 1 + 1);
    assert_eq!(table.value("normative_documents", "issued"), Some(7.0));
    assert_eq!(table.value("licensing", "decisions"), Some(1483.0));
    assert_eq!(table.cell("regulations", "issued"), None);
    // With its 规章 row, the table is the template's own; a 规章 row that cannot be read
    // leaves it partial, not the variant.
    let with = text.replace(
        "规范性文件\t7\t0\t0\n",
        "规章\t1\t0\t5\n规范性文件\t7\t0\t0\n",
    );
    let table = read(1, Template::Y2021, &with);
    assert_eq!(table.status, TableStatus::Data);
    assert_eq!(table.variant, Some(&vocab::TABLE1_2021));
    let unread = text.replace(
        "规范性文件\t7\t0\t0\n",
        "规章\t1\t2\t3\t4\t5\n规范性文件\t7\t0\t0\n",
    );
    let doc = Document::from_text(&unread);
    let (table, warnings) = recognize_table(1, Template::Y2021, &doc.blocks);
    assert_eq!(table.status, TableStatus::Partial);
    assert_eq!(table.variant, Some(&vocab::TABLE1_2021));
    let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "table 1: row \"规章\": 5 values for 3 columns; not stored",
            "table 1: 1 of 6 rows not found: 规章"
        ]
    );
}
