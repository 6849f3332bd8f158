//! The seven real reports of tests/fixtures/real, kept byte for byte as they were found: a
//! site's article body without a title (r01), two PDFs (r02, r03) and four texts saved by a
//! crawler, with its header, page chrome and the report flattened onto one line (r04–r07).
//! Each is identified — agency, year, and where they were read — and its sections, signature
//! and listed problems are read as `rNN.expected.json` and the documents give them. Every
//! cell of `rNN.cells.csv` is stored exactly, or left out with a warning that names its row:
//! never another number.

mod common;

use nianbao::model::{Date, IssueKind, Report};

const REAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/real");

/// A date as (year, month, day).
type Ymd = (i32, u32, u32);

/// Each report, where its agency and year are read, and the date its signature prints.
const REPORTS: [(&str, &str, Option<Ymd>); 7] = [
    ("r01.html", "signature+period", Some((2024, 1, 5))),
    ("r02.pdf", "title", None),
    ("r03.pdf", "title", None),
    ("r04.txt", "title", Some((2022, 1, 7))),
    ("r05.txt", "title", Some((2021, 1, 26))),
    ("r06.txt", "metadata", Some((2025, 1, 23))),
    ("r07.txt", "metadata", Some((2026, 1, 23))),
];

/// What `rNN.expected.json` says of a report.
struct Expected {
    agency: String,
    year: i32,
    problems: Vec<String>,
}

fn expected(file: &str) -> Expected {
    let stem = file.split('.').next().unwrap();
    let path = format!("{REAL}/{stem}.expected.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(json["file"], file);
    Expected {
        agency: json["agency"].as_str().unwrap().to_string(),
        year: json["year"].as_i64().unwrap() as i32,
        problems: json["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect(),
    }
}

fn parse(file: &str) -> Report {
    let bytes = std::fs::read(format!("{REAL}/{file}")).unwrap();
    nianbao::ingest::parse_named(&bytes, Some(file))
        .unwrap_or_else(|e| panic!("{file}: {e}"))
        .report
}

#[test]
fn every_real_report_is_identified_and_its_problems_listed() {
    for (file, identified_by, _) in REPORTS {
        let want = expected(file);
        let report = parse(file);
        assert_eq!(
            (
                report.agency.as_str(),
                report.year,
                report.identified_by.key().as_str()
            ),
            (want.agency.as_str(), want.year, identified_by),
            "{file}"
        );
        let problems: Vec<&str> = report
            .issues_listed
            .iter()
            .filter(|i| i.kind == IssueKind::Problem)
            .map(|i| i.text.as_str())
            .collect();
        assert_eq!(problems, want.problems, "{file}");
        // The sources that were not read agree: nothing to warn of.
        assert!(
            !report
                .warnings
                .iter()
                .any(|w| w.message.contains("check which")),
            "{file}: {:?}",
            report.warnings
        );
    }
}

#[test]
fn every_section_and_the_signature_of_each_shape() {
    for (file, _, signed) in REPORTS {
        let report = parse(file);
        let keys: Vec<&str> = report.sections.iter().map(|s| s.key).collect();
        let mut want = vec!["preamble"];
        want.extend(nianbao::vocab::SECTIONS.iter().map(|s| s.key));
        if signed.is_some() {
            want.push("signature");
        }
        assert_eq!(keys, want, "{file}");
        assert_eq!(
            report.published_on,
            signed.and_then(|(y, m, d)| Date::new(y, m, d)),
            "{file}"
        );
    }

    // The crawler's header, the chrome and the distribution lines are not report text; the
    // sections of the flattened line keep its line number.
    let r04 = parse("r04.txt");
    assert_eq!(
        r04.title,
        "平潭综合实验区市场监督管理局2021年度政府信息公开工作年度报告"
    );
    let preamble = r04.section("preamble").unwrap();
    assert_eq!(preamble.line, 10);
    assert!(
        preamble
            .body
            .starts_with("根据新修订的《中华人民共和国政府信息公开条例》"),
        "{}",
        preamble.body
    );
    assert_eq!(
        r04.section("signature").unwrap().body,
        "平潭综合实验区市场监督管理局\n2022年1月7日"
    );
    let heading = |r: &Report, key: &str| r.section(key).unwrap().heading.clone();
    assert_eq!(
        heading(&r04, "review_litigation"),
        "四、政府信息公开行政复议、行政诉讼情况"
    );
    // A table's run of text stays whole in its section.
    assert!(
        r04.section("proactive")
            .unwrap()
            .body
            .starts_with("第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件6045第二十条第（五）项")
    );

    // The cover letter's title and addressee are not the report's preamble text.
    let r05 = parse("r05.txt");
    assert_eq!(
        r05.title,
        "平潭综合实验区苏平片区管理局关于报送2020年度政府信息公开工作年度报告的函"
    );
    assert!(
        r05.section("preamble")
            .unwrap()
            .body
            .starts_with("区办公室：根据《中华人民共和国政府信息公开条例》要求")
    );
    // The signature glued to the last section's answer.
    assert_eq!(r05.section("other").unwrap().body, "暂无");
    assert_eq!(
        r05.section("signature").unwrap().body,
        "平潭综合实验区苏平片区管理局\n2021年1月26日"
    );

    let r07 = parse("r07.txt");
    assert_eq!(
        heading(&r07, "review_litigation"),
        "四、政府信息公开行政法复议、行政诉讼情况"
    );
    assert_eq!(
        r07.section("signature").unwrap().body,
        "平潭综合实验区社会事业局\n2026年1月23日"
    );
    // No title in the text: the crawler's header gives it.
    assert_eq!(
        r07.title,
        "平潭综合实验区社会事业局2025年政府信息公开工作年度报告"
    );

    let r01 = parse("r01.html");
    assert_eq!(r01.title, "");
    assert_eq!(
        r01.contact.phone.as_deref(),
        Some("0591-86161228"),
        "{:?}",
        r01.contact
    );
}

#[test]
fn ingest_stores_where_agency_and_year_were_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("real.db");
    let summary = common::ingest(&[std::path::PathBuf::from(REAL)], &db, 2);
    assert_eq!((summary.ingested, summary.failed), (7, 0));
    let conn = common::connect(&db);
    let mut stmt = conn
        .prepare("SELECT source_path, identified_by FROM reports ORDER BY source_path")
        .unwrap();
    let stored: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .map(|(path, by): (String, String)| {
            let file = path.rsplit('/').next().unwrap().to_string();
            (file, by)
        })
        .collect();
    let want: Vec<(String, String)> = REPORTS
        .iter()
        .map(|(file, by, _)| (file.to_string(), by.to_string()))
        .collect();
    assert_eq!(stored, want);
}

/// Cells the reader cannot read yet (the text alone does not decide them): each must be
/// absent, with a warning naming its row. A cell of this list that starts being read fails
/// the test: take it off the list. (file, table, row key, column key.)
const NOT_YET_READ: &[(&str, u8, &str, &str)] = &[
    // `行政规范性文件6045`: 6/0/45 or 60/4/5, and table 1 has no sums.
    ("r04.txt", 1, "normative_documents", "issued"),
    ("r04.txt", 1, "normative_documents", "repealed"),
    ("r04.txt", 1, "normative_documents", "in_force"),
    // `政府集中采购161089059`: the count and the amount split six ways.
    ("r05.txt", 1, "procurement", "items"),
    ("r05.txt", 1, "procurement", "amount"),
];

/// Cells printed blank (the fixtures list them as 0): stored blank. (file, table, row key.)
const PRINTED_BLANK: &[(&str, u8, &str)] = &[
    ("r04.txt", 2, "other.no_fee"),
    ("r04.txt", 2, "other.other"),
];

/// The template's label of a row, as warnings name it.
fn row_label(table: u8, key: &str) -> &'static str {
    nianbao::vocab::versions(table)
        .into_iter()
        .find_map(|spec| spec.row(key))
        .map(|row| row.label)
        .unwrap_or_else(|| panic!("table {table} has no row {key}"))
}

#[test]
fn every_cell_of_every_real_report_is_exact_or_left_out_with_a_warning() {
    let mut problems = Vec::new();
    let mut absent = Vec::new();
    let mut cells = 0;
    for (file, _, _) in REPORTS {
        let report = parse(file);
        let stem = file.split('.').next().unwrap();
        let csv = std::fs::read_to_string(format!("{REAL}/{stem}.cells.csv")).unwrap();
        for line in csv.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let (table, row, col): (u8, &str, &str) = (f[0].parse().unwrap(), f[1], f[2]);
            let want: f64 = f[3].parse().unwrap();
            cells += 1;
            let stored = report.table(table).and_then(|t| t.cell(row, col));
            let listed = NOT_YET_READ.contains(&(file, table, row, col));
            let blank = PRINTED_BLANK.contains(&(file, table, row));
            match stored {
                Some(cell) if listed => problems.push(format!(
                    "{file} t{table} {row}/{col}: read now ({:?}): take it off NOT_YET_READ",
                    cell.value
                )),
                Some(cell) if blank && cell.value.is_some() => problems.push(format!(
                    "{file} t{table} {row}/{col}: printed blank, stored {:?}",
                    cell.value
                )),
                Some(cell) if !blank && cell.value != Some(want) => problems.push(format!(
                    "{file} t{table} {row}/{col}: WRONG: stored {:?}, the document prints {want}",
                    cell.value
                )),
                Some(_) => {}
                None => {
                    let label = row_label(table, row);
                    let named = report.warnings.iter().any(|w| {
                        w.message.starts_with(&format!("table {table}:"))
                            && w.message.contains(label)
                    });
                    if !named {
                        problems.push(format!(
                            "{file} t{table} {row}/{col}: absent, and no warning names \"{label}\""
                        ));
                    }
                    if !listed {
                        absent.push(format!("    (\"{file}\", {table}, \"{row}\", \"{col}\"),"));
                    }
                }
            }
        }
        for &(f, table, row, col) in NOT_YET_READ.iter().filter(|c| c.0 == file) {
            assert!(
                csv.contains(&format!("\n{table},{row},{col},")),
                "{f}: NOT_YET_READ names a cell the fixture lacks: t{table} {row}/{col}"
            );
        }
    }
    assert!(
        problems.is_empty() && absent.is_empty(),
        "{} of {cells} cells:\n{}\nabsent, not on NOT_YET_READ:\n{}",
        problems.len() + absent.len(),
        problems.join("\n"),
        absent.join("\n")
    );
}

/// `nianbao explain`: the tokens of a table run together on one line, and the row each run of
/// digits was read as.
#[test]
fn explain_shows_how_each_value_of_running_text_was_placed() {
    let bytes = std::fs::read(format!("{REAL}/r07.txt")).unwrap();
    let text = nianbao::ingest::explain_named(&bytes, Some("r07.txt"), Some(1)).unwrap();
    let want = concat!(
        "平潭综合实验区社会事业局 2025 (template 国办公开办函〔2021〕30号)\n",
        "\n",
        "table 1 主动公开政府信息情况\n",
        "line 10  label \"第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数\"\n",
        "line 10  label \"规范性文件\"\n",
        "line 10  digits \"700\"\n",
        "  read as \"行政规范性文件\": 本年制发件数=7 本年废止件数=0 现行有效件数=0\n",
        "line 10  label \"第二十条第（五）项信息内容本年处理决定数量\"\n",
        "line 10  label \"行政许可\"\n",
        "line 10  digits \"1483\"\n",
        "  read as \"行政许可\": 本年处理决定数量=1483\n",
        "line 10  label \"第二十条第（六）项信息内容本年处理决定数量\"\n",
        "line 10  label \"行政处罚\"\n",
        "line 10  digits \"37\"\n",
        "  read as \"行政处罚\": 本年处理决定数量=37\n",
        "line 10  label \"行政强制\"\n",
        "line 10  digits \"0\"\n",
        "  read as \"行政强制\": 本年处理决定数量=0\n",
        "line 10  label \"第二十条第（八）项信息内容本年收费金额（单位：万元）\"\n",
        "line 10  label \"行政事业性收费\"\n",
        "line 10  digits \"0\"\n",
        "  read as \"行政事业性收费\": 本年收费金额（单位：万元）=0\n",
        "table 1: data as the 2021-no-regulations version, 7 of 7 cells\n",
    );
    assert_eq!(text, want);

    // A run the sums do not decide is named, and nothing of it stored.
    let bytes = std::fs::read(format!("{REAL}/r04.txt")).unwrap();
    let text = nianbao::ingest::explain_named(&bytes, Some("r04.txt"), Some(1)).unwrap();
    assert!(
        text.contains(
            "line 10  digits \"6045\"\n  not stored: table 1: row \"行政规范性文件\": \
             its run-together digits \"6045\" split 2 ways that add up; not stored\n"
        ),
        "{text}"
    );
}
