//! The office's workbook (`nianbao export --workbook`): the chosen reports in one xlsx file,
//! headers in Chinese.
//!
//! Sheets, in order:
//! - 报告: a row per report (agency, region, year, template, publication date, each
//!   table's status, errors, warnings, reading notices, the measures of docs/measures.md
//!   in % — 公开率, 不予公开率, 无法提供率, 复议纠错率, 诉讼败诉率 — blank where the
//!   report has none, the file);
//! - one per template table (表一 …, 表二 …, 表三 …): a row per report (agency, region,
//!   year, the table's status), then every cell under its label in the template's order;
//!   a cell the report left blank, or that was not read, is empty, never 0. Cells that only
//!   another version of the template prints are shown when a chosen report has one;
//! - 检查发现: a row per finding (report, the rule in Chinese and its id, severity, what
//!   to fix, the cells with their numbers and lines);
//! - 问题和改进: the problems and improvements each report lists;
//! - 读取提示: what the reader could not place, per report and line (look at the file by
//!   eye; these are not the report's errors).
//!
//! Reports come in agency and year order; each report's cells are read by its key, so the
//! work grows with the reports chosen, not with the database.

use std::collections::{HashMap, HashSet};
use std::io::{Seek, Write};

use rusqlite::{Connection, params};

use crate::labels;
use crate::queries::Selection;
use crate::tabular::{Book, Value};

/// What went wrong writing the workbook.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    #[error("reading the database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("writing the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// What was written: the reports, and each sheet with its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub reports: u64,
    pub sheets: Vec<(String, u64)>,
}

/// The reports sheet's columns after agency, region and year.
const REPORT_COLUMNS: [&str; 15] = [
    "模板",
    "发布日期",
    "表一状态",
    "表二状态",
    "表三状态",
    "错误",
    "警告",
    "读取提示",
    "公开率%",
    "不予公开率%",
    "无法提供率%",
    "复议纠错率%",
    "诉讼败诉率%",
    "文件",
    "报告编号",
];

/// Sheet names of the tables: 表一 …
const TABLE_NUMBERS: [&str; 3] = ["表一", "表二", "表三"];

/// One chosen report.
struct Chosen {
    id: i64,
    agency: String,
    region: Option<String>,
    year: i64,
    statuses: [String; 3],
}

/// Writes the workbook of the reports `selection` chooses to `out`.
pub fn write<W: Write + Seek + Send>(
    conn: &Connection,
    selection: &Selection,
    out: W,
) -> Result<Summary, WorkbookError> {
    let chosen = format!("SELECT id FROM ({})", Selection::REPORT_IDS);
    let mut book = Book::new();
    let mut sheets = Vec::new();

    // The reports.
    let mut stmt = conn.prepare(&format!(
        "SELECT r.id, a.name, {REGION}, r.year, r.template, r.published_on, \
                r.table1_status, r.table2_status, r.table3_status, \
                (SELECT count(*) FROM check_findings f WHERE f.report_id = r.id AND f.severity = 'error'), \
                (SELECT count(*) FROM check_findings f WHERE f.report_id = r.id AND f.severity = 'warning'), \
                (SELECT count(*) FROM warnings w WHERE w.report_id = r.id), \
                r.source_path, \
                round(m.disclosure_rate, 1), round(m.denial_rate, 1), round(m.unable_rate, 1), \
                round(m.review_correction_rate, 1), round(m.litigation_loss_rate, 1) \
         FROM reports r JOIN agencies a ON a.id = r.agency_id \
         LEFT JOIN agency_places p ON p.agency_id = r.agency_id \
         LEFT JOIN report_measures m ON m.report_id = r.id \
         WHERE r.id IN ({chosen}) ORDER BY a.name, r.year"
    ))?;
    selection.bind(&mut stmt)?;
    let mut headers = vec!["机关".to_string(), "地区".to_string(), "年度".to_string()];
    headers.extend(REPORT_COLUMNS.iter().map(|c| c.to_string()));
    let mut sheet = book.add_sheet("报告", &headers)?;
    let mut reports: Vec<Chosen> = Vec::new();
    let mut rows = stmt.raw_query();
    while let Some(r) = rows.next()? {
        let report = Chosen {
            id: r.get(0)?,
            agency: r.get(1)?,
            region: r.get(2)?,
            year: r.get(3)?,
            statuses: [r.get(6)?, r.get(7)?, r.get(8)?],
        };
        book.write_row(
            &mut sheet,
            &[
                Value::Text(report.agency.clone()),
                text_or_null(report.region.clone()),
                Value::Integer(report.year),
                Value::Text(r.get(4)?),
                text_or_null(r.get(5)?),
                Value::Text(labels::status(&report.statuses[0]).to_string()),
                Value::Text(labels::status(&report.statuses[1]).to_string()),
                Value::Text(labels::status(&report.statuses[2]).to_string()),
                Value::Integer(r.get(9)?),
                Value::Integer(r.get(10)?),
                Value::Integer(r.get(11)?),
                number_or_null(r.get(13)?),
                number_or_null(r.get(14)?),
                number_or_null(r.get(15)?),
                number_or_null(r.get(16)?),
                number_or_null(r.get(17)?),
                Value::Text(r.get(12)?),
                Value::Integer(report.id),
            ],
        )?;
        reports.push(report);
    }
    drop(rows);
    sheets.push(("报告".to_string(), book.end_sheet(sheet)?));

    // The template's tables.
    let keys = cell_keys(conn)?;
    let mut present: HashSet<i64> = HashSet::new();
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT DISTINCT key_id FROM cell_values WHERE report_id IN ({chosen})"
        ))?;
        selection.bind(&mut stmt)?;
        let mut rows = stmt.raw_query();
        while let Some(r) = rows.next()? {
            present.insert(r.get(0)?);
        }
    }
    let mut tables = Vec::new();
    for (i, table) in labels::template().tables.iter().enumerate() {
        let no = table.no;
        // The template's cells a chosen report has (all of them when none has any of the
        // table), then any cell of the database the template does not know.
        let none_of_table = !keys
            .iter()
            .any(|(id, k)| k.table == no && present.contains(id));
        let mut columns: Vec<(String, String, String)> = Vec::new();
        for cell in &table.cells {
            let has = keys.iter().any(|(id, k)| {
                present.contains(id)
                    && k.table == no
                    && k.row == cell.row_key
                    && k.col == cell.col_key
            });
            if has || none_of_table {
                columns.push((
                    cell.row_key.to_string(),
                    cell.col_key.to_string(),
                    cell.label.clone(),
                ));
            }
        }
        let mut unknown: Vec<&Key> = keys
            .iter()
            .filter(|(id, k)| {
                k.table == no
                    && present.contains(id)
                    && !table
                        .cells
                        .iter()
                        .any(|c| c.row_key == k.row && c.col_key == k.col)
            })
            .map(|(_, k)| k)
            .collect();
        unknown.sort_by(|a, b| (&a.row, &a.col).cmp(&(&b.row, &b.col)));
        for k in unknown {
            columns.push((
                k.row.clone(),
                k.col.clone(),
                format!("{}｜{}", k.row, k.col),
            ));
        }
        let index: HashMap<i64, usize> = keys
            .iter()
            .filter(|(_, k)| k.table == no)
            .filter_map(|(id, k)| {
                columns
                    .iter()
                    .position(|(r, c, _)| *r == k.row && *c == k.col)
                    .map(|pos| (*id, pos))
            })
            .collect();
        let mut headers = vec![
            "机关".to_string(),
            "地区".to_string(),
            "年度".to_string(),
            format!("{}状态", TABLE_NUMBERS[i]),
        ];
        headers.extend(columns.iter().map(|(_, _, label)| label.clone()));
        let name = format!("{} {}", TABLE_NUMBERS[i], table.title);
        let sheet = book.add_sheet(&name, &headers)?;
        tables.push((name, sheet, index, columns.len()));
    }
    let mut cells = conn.prepare("SELECT key_id, value FROM cell_values WHERE report_id = ?1")?;
    for report in &reports {
        let mut values: Vec<Vec<Value>> = tables
            .iter()
            .enumerate()
            .map(|(i, (_, _, _, width))| {
                let mut row = vec![
                    Value::Text(report.agency.clone()),
                    text_or_null(report.region.clone()),
                    Value::Integer(report.year),
                    Value::Text(labels::status(&report.statuses[i]).to_string()),
                ];
                row.resize(4 + width, Value::Null);
                row
            })
            .collect();
        let mut rows = cells.query(params![report.id])?;
        while let Some(r) = rows.next()? {
            let key_id: i64 = r.get(0)?;
            let Some(key) = keys.get(&key_id) else {
                continue;
            };
            let t = usize::from(key.table).saturating_sub(1);
            if let (Some(pos), Some(value)) = (
                tables.get(t).and_then(|x| x.2.get(&key_id)),
                r.get::<_, Option<f64>>(1)?,
            ) {
                values[t][4 + pos] = Value::Real(value);
            }
        }
        for ((_, sheet, _, _), row) in tables.iter_mut().zip(&values) {
            book.write_row(sheet, row)?;
        }
    }
    for (name, sheet, _, _) in tables {
        sheets.push((name, book.end_sheet(sheet)?));
    }

    // The findings, with their cells.
    let mut stmt = conn.prepare(&format!(
        "SELECT f.id, a.name, {REGION}, r.year, f.rule, f.severity, f.detail, r.source_path \
         FROM check_findings f JOIN reports r ON r.id = f.report_id \
         JOIN agencies a ON a.id = r.agency_id \
         LEFT JOIN agency_places p ON p.agency_id = r.agency_id \
         WHERE f.report_id IN ({chosen}) ORDER BY a.name, r.year, f.id"
    ))?;
    selection.bind(&mut stmt)?;
    let mut cells = conn.prepare(
        "SELECT year, table_no, label, value, line FROM finding_cells \
         WHERE finding_id = ?1 ORDER BY ordinal",
    )?;
    let headers: Vec<String> = [
        "机关",
        "地区",
        "年度",
        "规则",
        "规则编号",
        "严重程度",
        "问题及修改",
        "涉及的单元格",
        "文件",
    ]
    .map(String::from)
    .to_vec();
    let mut sheet = book.add_sheet("检查发现", &headers)?;
    let mut rows = stmt.raw_query();
    while let Some(r) = rows.next()? {
        let year: i64 = r.get(3)?;
        let rule: String = r.get(4)?;
        let severity: String = r.get(5)?;
        let mut involved = Vec::new();
        let mut c = cells.query(params![r.get::<_, i64>(0)?])?;
        while let Some(c) = c.next()? {
            involved.push(cell_text(
                year,
                c.get(0)?,
                c.get(1)?,
                &c.get::<_, String>(2)?,
                c.get(3)?,
                c.get(4)?,
            ));
        }
        book.write_row(
            &mut sheet,
            &[
                Value::Text(r.get(1)?),
                text_or_null(r.get(2)?),
                Value::Integer(year),
                Value::Text(labels::rule(&rule)),
                Value::Text(rule),
                Value::Text(labels::severity(&severity).to_string()),
                Value::Text(r.get::<_, String>(6)?.replace("; ", "\n")),
                Value::Text(involved.join("\n")),
                Value::Text(r.get(7)?),
            ],
        )?;
    }
    drop(rows);
    sheets.push(("检查发现".to_string(), book.end_sheet(sheet)?));

    // Problems and improvements listed.
    let mut stmt = conn.prepare(&format!(
        "SELECT a.name, {REGION}, r.year, i.kind, i.ordinal, i.text \
         FROM issues_listed i JOIN reports r ON r.id = i.report_id \
         JOIN agencies a ON a.id = r.agency_id \
         LEFT JOIN agency_places p ON p.agency_id = r.agency_id \
         WHERE i.report_id IN ({chosen}) ORDER BY a.name, r.year, i.kind DESC, i.ordinal"
    ))?;
    selection.bind(&mut stmt)?;
    let headers: Vec<String> = ["机关", "地区", "年度", "类别", "序号", "内容"]
        .map(String::from)
        .to_vec();
    let mut sheet = book.add_sheet("问题和改进", &headers)?;
    let mut rows = stmt.raw_query();
    while let Some(r) = rows.next()? {
        book.write_row(
            &mut sheet,
            &[
                Value::Text(r.get(0)?),
                text_or_null(r.get(1)?),
                Value::Integer(r.get(2)?),
                Value::Text(labels::kind(&r.get::<_, String>(3)?).to_string()),
                Value::Integer(r.get(4)?),
                Value::Text(r.get(5)?),
            ],
        )?;
    }
    drop(rows);
    sheets.push(("问题和改进".to_string(), book.end_sheet(sheet)?));

    // Reading notices.
    let mut stmt = conn.prepare(&format!(
        "SELECT a.name, {REGION}, r.year, w.line, w.message, r.source_path \
         FROM warnings w JOIN reports r ON r.id = w.report_id \
         JOIN agencies a ON a.id = r.agency_id \
         LEFT JOIN agency_places p ON p.agency_id = r.agency_id \
         WHERE w.report_id IN ({chosen}) ORDER BY a.name, r.year, w.line, w.rowid"
    ))?;
    selection.bind(&mut stmt)?;
    let headers: Vec<String> = ["机关", "地区", "年度", "行号", "说明", "文件"]
        .map(String::from)
        .to_vec();
    let mut sheet = book.add_sheet("读取提示", &headers)?;
    let mut rows = stmt.raw_query();
    while let Some(r) = rows.next()? {
        let line: i64 = r.get(3)?;
        book.write_row(
            &mut sheet,
            &[
                Value::Text(r.get(0)?),
                text_or_null(r.get(1)?),
                Value::Integer(r.get(2)?),
                if line > 0 {
                    Value::Integer(line)
                } else {
                    Value::Null
                },
                Value::Text(r.get(4)?),
                Value::Text(r.get(5)?),
            ],
        )?;
    }
    drop(rows);
    sheets.push(("读取提示".to_string(), book.end_sheet(sheet)?));

    book.save(out)?;
    Ok(Summary {
        reports: reports.len() as u64,
        sheets,
    })
}

/// The agency's province, city and county as one name (`山东省威海市文登区`), NULL when
/// none is known; `p` is the agency's row of agency_places.
const REGION: &str =
    "nullif(coalesce(p.province, '') || coalesce(p.city, '') || coalesce(p.county, ''), '')";

/// A rate of `report_measures`: blank where the report has none.
fn number_or_null(v: Option<f64>) -> Value {
    v.map_or(Value::Null, Value::Real)
}

fn text_or_null(text: Option<String>) -> Value {
    text.map_or(Value::Null, Value::Text)
}

/// A cell key of the database.
struct Key {
    table: u8,
    row: String,
    col: String,
}

fn cell_keys(conn: &Connection) -> rusqlite::Result<HashMap<i64, Key>> {
    conn.prepare("SELECT id, table_no, row_key, col_key FROM cell_keys")?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                Key {
                    table: r.get(1)?,
                    row: r.get(2)?,
                    col: r.get(3)?,
                },
            ))
        })?
        .collect()
}

/// `表2 一 自然人 12（第84行）`; a cell of another year's report names the year; a cell
/// the reader did not place says so.
fn cell_text(
    report_year: i64,
    year: i64,
    table_no: i64,
    label: &str,
    value: Option<f64>,
    line: i64,
) -> String {
    let value = match (value, line) {
        (Some(v), _) => Value::Real(v).to_text(),
        (None, 0) => "未读出".to_string(),
        (None, _) => "空白".to_string(),
    };
    let year = if year == report_year {
        String::new()
    } else {
        format!("{year}年 ")
    };
    let line = if line > 0 {
        format!("（第{line}行）")
    } else {
        String::new()
    };
    format!("{year}表{table_no} {label} {value}{line}")
}
