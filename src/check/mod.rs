//! Consistency checks (勾稽关系): the rules of [`vocab::RULES`] on recognized reports.
//! Reads reports (and the text they were recognized from), knows nothing of how they were
//! parsed or where they will be stored.
//!
//! A report fails a rule at most once: the rule's [`Finding`] names every column, row or
//! sentence where it fails, with the cells involved (printed labels, numbers, source lines)
//! and the arithmetic, e.g. `自然人: 一 12 + 二 3 = 15 ≠ 三（七）13 + 四 1 = 14`. The rules
//! come in three kinds, one module each:
//!
//! - `tables` (and the `s.*` rules here): one report's tables, sections and signature;
//! - `text`: the report's text against its tables (`n.matches_table`, `s.stale_year`);
//! - `years`: a report against the same agency's previous year (`x.*`).

mod tables;
mod text;
mod years;

use crate::document::Document;
use crate::model::{Report, Table, TableStatus};
use crate::vocab::{self, TableSpec, Template};

pub use crate::model::{Finding, FindingCell};
pub use crate::vocab::Severity;
pub use text::{StatedFigure, check_stated};
pub use years::{CHAINED_ROWS, ChainRows, check_chain};

/// One place a rule fails: the arithmetic, and the cells in it.
struct Failure {
    detail: String,
    cells: Vec<FindingCell>,
}

/// The one finding of `rule` that gathers its `failures`, if there are any.
fn finding(rule: &'static str, failures: Vec<Failure>) -> Option<Finding> {
    if failures.is_empty() {
        return None;
    }
    let severity = vocab::rule_spec(rule).map_or(Severity::Error, |r| r.severity);
    debug_assert!(
        vocab::rule_spec(rule).is_some(),
        "{rule} is not in vocab::RULES"
    );
    let mut details = Vec::with_capacity(failures.len());
    let mut cells: Vec<FindingCell> = Vec::new();
    for f in failures {
        details.push(f.detail);
        for c in f.cells {
            let seen = cells.iter().any(|x| {
                (x.year, x.table_no, x.row_key, x.col_key)
                    == (c.year, c.table_no, c.row_key, c.col_key)
            });
            if !seen {
                cells.push(c);
            }
        }
    }
    Some(Finding {
        rule,
        severity,
        detail: details.join("; "),
        cells,
    })
}

/// Findings in the order of [`vocab::RULES`] (a stable sort).
pub fn in_rule_order(findings: &mut [Finding]) {
    let index = |id: &str| vocab::RULES.iter().position(|r| r.id == id);
    findings.sort_by_key(|f| index(f.rule));
}

/// Every rule on one report's tables, sections and signature. The text rules need the
/// document ([`check_document`]); the cross-year rules a second report ([`check_chain`]).
pub fn check_report(report: &Report) -> Vec<Finding> {
    let mut findings: Vec<Finding> = tables::check_tables(report);
    findings.extend(check_sections(report));
    findings.extend(check_tables_present(report));
    findings.extend(check_publication_date(report));
    in_rule_order(&mut findings);
    findings
}

/// Every single-report rule: [`check_report`], and the text of `doc` (the document
/// `report` was recognized from) against the tables.
pub fn check_document(doc: &Document, report: &Report) -> Vec<Finding> {
    let mut findings = check_report(report);
    findings.extend(text::check_text(doc, report));
    in_rule_order(&mut findings);
    findings
}

fn check_sections(report: &Report) -> Option<Finding> {
    let missing: Vec<String> = vocab::SECTIONS
        .iter()
        .filter(|s| report.section(s.key).is_none())
        .map(|s| format!("{} {}", s.key, s.heading))
        .collect();
    let failures = if missing.is_empty() {
        Vec::new()
    } else {
        vec![Failure {
            detail: format!("missing section(s): {}", missing.join(", ")),
            cells: Vec::new(),
        }]
    };
    finding("s.sections", failures)
}

fn check_tables_present(report: &Report) -> Option<Finding> {
    let mut failures = Vec::new();
    for no in 1..=3u8 {
        let status = report.table(no).map_or(TableStatus::Missing, |t| t.status);
        let title = vocab::table(no, report.template).title;
        let detail = match status {
            TableStatus::Data => continue,
            TableStatus::Partial => format!("table {no} {title} is only partly readable"),
            TableStatus::Image => format!("table {no} {title} is printed as a picture, not data"),
            TableStatus::Missing => format!("table {no} {title} is absent"),
        };
        failures.push(Failure {
            detail,
            cells: Vec::new(),
        });
    }
    finding("s.tables", failures)
}

/// `s.publication_date`, `s.published_after_year`, `s.published_on_time`: the date of the
/// signature is there, after the year reported on, and by 31 January.
fn check_publication_date(report: &Report) -> Option<Finding> {
    let fail = |rule, detail| {
        finding(
            rule,
            vec![Failure {
                detail,
                cells: Vec::new(),
            }],
        )
    };
    let Some(date) = report.published_on else {
        return fail(
            "s.publication_date",
            "no publication date in the signature".to_string(),
        );
    };
    let deadline = crate::model::Date {
        year: report.year + 1,
        month: 1,
        day: 31,
    };
    if date.year <= report.year {
        fail(
            "s.published_after_year",
            format!(
                "published {}, before the year {} it reports on had ended",
                date.iso(),
                report.year
            ),
        )
    } else if date > deadline {
        fail(
            "s.published_on_time",
            format!(
                "published {} after the deadline {}",
                date.iso(),
                deadline.iso()
            ),
        )
    } else {
        None
    }
}

/// A table with what its findings print: the year, and the template version whose labels
/// it was printed with.
#[derive(Debug, Clone, Copy)]
struct View<'a> {
    year: i32,
    table: &'a Table,
    spec: &'static TableSpec,
}

impl<'a> View<'a> {
    fn new(year: i32, template: Template, table: &'a Table) -> View<'a> {
        View {
            year,
            table,
            spec: printed_spec(table, template),
        }
    }

    fn value(&self, row: &str, col: &str) -> Option<f64> {
        self.table.value(row, col)
    }

    /// A blank cell counts as 0, as reports print zeros blank; `None` when not placed.
    fn value_or_zero(&self, row: &str, col: &str) -> Option<f64> {
        self.table.cell(row, col).map(|c| c.value.unwrap_or(0.0))
    }

    fn row_number(&self, row: &str) -> String {
        self.spec.row_number(row)
    }

    fn col_label(&self, col: &str) -> &'static str {
        self.spec.col_label(col)
    }

    fn cell(&self, row: &'static str, col: &'static str) -> FindingCell {
        let placed = self.table.cell(row, col);
        FindingCell {
            year: self.year,
            table_no: self.table.no,
            row_key: row,
            col_key: col,
            label: tables::term(&self.row_number(row), self.col_label(col)),
            value: placed.and_then(|c| c.value),
            line: placed.map_or(0, |c| c.line),
        }
    }
}

/// The version of the template a table was printed in: the one it was read as, else the
/// one its cells' keys tell (a table read back from the store).
fn printed_spec(table: &Table, template: Template) -> &'static TableSpec {
    table.variant.unwrap_or_else(|| {
        vocab::printed(
            table.no,
            template,
            table.cells.iter().map(|c| (c.row_key, c.col_key)),
        )
    })
}

/// A number as printed in a finding: integers without `.0`.
pub fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Numbers compare equal within this (decimal amounts).
const EPS: f64 = 1e-6;

fn differ(a: f64, b: f64) -> bool {
    (a - b).abs() > EPS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, Date};

    pub(crate) fn cell(row_key: &'static str, col_key: &'static str, value: Option<f64>) -> Cell {
        Cell {
            row_key,
            col_key,
            value,
            raw: value.map_or(String::new(), |v| v.to_string()),
            line: 7,
        }
    }

    pub(crate) fn bare(year: i32) -> Report {
        Report {
            agency: "某县人民政府".to_string(),
            year,
            identified_by: Default::default(),
            title: String::new(),
            template: Template::Y2021,
            published_on: None,
            contact: Default::default(),
            sections: Vec::new(),
            tables: Vec::new(),
            issues_listed: Vec::new(),
            facts: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn rules(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn every_rule_fails_once_with_every_place_named() {
        let mut r = bare(2023);
        r.published_on = None;
        let f = check_report(&r);
        assert_eq!(rules(&f), ["s.sections", "s.tables", "s.publication_date"]);
        assert_eq!(
            f[1].detail,
            "table 1 主动公开政府信息情况 is absent; table 2 收到和处理政府信息公开申请情况 is absent; \
             table 3 政府信息公开行政复议、行政诉讼情况 is absent"
        );
        assert_eq!(f[2].severity, Severity::Warning);
        assert!(f.iter().all(|f| f.cells.is_empty()));
    }

    #[test]
    fn publication_date_after_the_year_and_by_january() {
        let mut r = bare(2023);
        let dated = |r: &mut Report, y, m, d| {
            r.published_on = Date::new(y, m, d);
            check_report(r)
                .into_iter()
                .filter(|f| f.rule.starts_with("s.publ"))
                .map(|f| format!("{} {}", f.rule, f.detail))
                .collect::<Vec<_>>()
        };
        assert_eq!(dated(&mut r, 2024, 1, 31), Vec::<String>::new());
        assert_eq!(
            dated(&mut r, 2024, 2, 1),
            ["s.published_on_time published 2024-02-01 after the deadline 2024-01-31"]
        );
        assert_eq!(
            dated(&mut r, 2023, 1, 20),
            [
                "s.published_after_year published 2023-01-20, before the year 2023 it reports on had ended"
            ]
        );
    }

    #[test]
    fn table1_labels_follow_the_columns_printed() {
        let t = Table {
            no: 1,
            status: TableStatus::Partial,
            variant: None,
            images: vec![],
            cells: vec![cell("regulations", "made", Some(1.0))],
        };
        let v = View::new(2023, Template::Y2021, &t);
        assert_eq!(v.cell("regulations", "made").label, "规章 本年新制作数量");
        let t = Table {
            cells: vec![cell("regulations", "in_force", Some(1.0))],
            ..t
        };
        let v = View::new(2020, Template::Y2019, &t);
        assert_eq!(v.cell("regulations", "in_force").label, "规章 现行有效件数");
    }
}
