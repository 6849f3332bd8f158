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
pub use text::StatedFigure;
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
    check_with(report, None)
}

/// Every single-report rule: [`check_report`], and the text of `doc` (the document
/// `report` was recognized from) against the tables. With the text at hand, a section or
/// table the reader did not find though the text shows it is a reading notice, not the
/// report's fault.
pub fn check_document(doc: &Document, report: &Report) -> Vec<Finding> {
    check_with(report, Some(doc))
}

fn check_with(report: &Report, doc: Option<&Document>) -> Vec<Finding> {
    let mut unread = Unread::default();
    let mut findings: Vec<Finding> = tables::check_tables(report, &mut unread);
    findings.extend(check_sections(report, doc, &mut unread));
    findings.extend(check_tables_present(report, doc, &mut unread));
    findings.extend(check_publication_date(report, doc, &mut unread));
    if let Some(doc) = doc {
        findings.extend(text::check_text(doc, report, &mut unread));
    }
    findings.extend(unread.notice(report));
    in_rule_order(&mut findings);
    findings
}

/// What the rules needed and the reader could not read: the report's one reading notice.
/// A rule that needs a cell that was not placed does not run there — blaming the report
/// for a number the reader lost would be a wrong finding.
#[derive(Debug, Default)]
struct Unread {
    /// (row number as printed, the cell) of each cell a rule needed, once each.
    cells: Vec<(String, FindingCell)>,
    /// Tables read only in part (their numbers).
    partial: Vec<u8>,
    /// Sections, tables and dates the text shows and the reader did not find.
    missed: Vec<String>,
}

impl Unread {
    fn add(&mut self, view: &View, row: &'static str, col: &'static str) {
        let cell = view.cell(row, col);
        let seen = self.cells.iter().any(|(_, c)| {
            (c.year, c.table_no, c.row_key, c.col_key)
                == (cell.year, cell.table_no, cell.row_key, cell.col_key)
        });
        if !seen {
            self.cells.push((view.row_number(row), cell));
        }
    }

    /// The report's reading notice, if the reader missed anything a rule needed.
    fn notice(self, report: &Report) -> Option<Finding> {
        let mut failures = Vec::new();
        let mut tables: Vec<u8> = self.partial.clone();
        let mut rows: Vec<(u8, String, usize)> = Vec::new();
        for (number, c) in &self.cells {
            match rows
                .iter_mut()
                .find(|(t, n, _)| *t == c.table_no && n == number)
            {
                Some(row) => row.2 += 1,
                None => rows.push((c.table_no, number.clone(), 1)),
            }
            if !tables.contains(&c.table_no) {
                tables.push(c.table_no);
            }
        }
        tables.sort_unstable();
        for &no in &tables {
            let of_table: Vec<&(u8, String, usize)> =
                rows.iter().filter(|(t, _, _)| *t == no).collect();
            let title = vocab::table(no, report.template).title;
            let mut detail = format!("table {no} {title} was read only in part");
            if !of_table.is_empty() {
                let n: usize = of_table.iter().map(|(_, _, n)| n).sum();
                let names: Vec<&str> = of_table.iter().map(|(_, r, _)| r.as_str()).collect();
                detail.push_str(&format!(
                    ": {n} cell{} of 表{no} {} not read, the rules that need {} not run",
                    if n == 1 { "" } else { "s" },
                    names.join("、"),
                    if n == 1 { "it" } else { "them" }
                ));
            }
            let prefix = format!("table {no}:");
            let mut lines: Vec<usize> = report
                .warnings
                .iter()
                .filter(|w| w.line > 0 && w.message.starts_with(&prefix))
                .map(|w| w.line)
                .collect();
            lines.sort_unstable();
            lines.dedup();
            if !lines.is_empty() {
                let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
                detail.push_str(&format!(
                    "; look at line{} {} by eye",
                    if lines.len() == 1 { "" } else { "s" },
                    lines.join(", ")
                ));
            }
            failures.push(Failure {
                detail,
                cells: Vec::new(),
            });
        }
        failures.extend(self.missed.into_iter().map(|detail| Failure {
            detail,
            cells: Vec::new(),
        }));
        let mut notice = finding(vocab::READING, failures)?;
        notice.cells = self.cells.into_iter().map(|(_, c)| c).collect();
        Some(notice)
    }
}

/// `s.sections`: a section whose heading is nowhere in the text. One the reader did not
/// find though a line reads as its heading (a heading variant it did not recognize) is a
/// reading notice.
fn check_sections(report: &Report, doc: Option<&Document>, unread: &mut Unread) -> Option<Finding> {
    let mut missing = Vec::new();
    for s in vocab::SECTIONS
        .iter()
        .filter(|s| report.section(s.key).is_none())
    {
        let name = format!("{} {}", s.key, s.heading);
        match doc.and_then(|d| heading_like_line(d, s.markers)) {
            Some(line) => unread.missed.push(format!(
                "section {name}: line {} reads as its heading and was not recognized; look at it by eye",
                line
            )),
            None => missing.push(name),
        }
    }
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

/// The first line of `doc` that reads as a heading with one of `markers`: short, one run
/// of words (a table's header row prints its labels apart), no sentence, no numbers after
/// it; an enumerator (三、 （三） 3.) allowed before.
fn heading_like_line(doc: &Document, markers: &[&str]) -> Option<usize> {
    use crate::chinese;
    doc.lines().find_map(|l| {
        let text = chinese::trim(&l.text);
        let rest = chinese::enumerator(text).map_or(text, |e| e.rest);
        let rest =
            rest.trim_start_matches(|c: char| chinese::is_space(c) || "、.．:：".contains(c));
        let heading = rest.chars().count() <= 30
            && !rest
                .chars()
                .any(|c| chinese::is_space(c) || c.is_ascii_digit())
            && !rest.contains(['。', '|'])
            && markers.iter().any(|m| rest.starts_with(m));
        heading.then_some(l.no)
    })
}

/// `s.tables`: each table present as data. A picture is the report's choice, a table
/// absent from the text its omission; a table read only in part, or not found though its
/// labels are in the text, is a reading notice.
fn check_tables_present(
    report: &Report,
    doc: Option<&Document>,
    unread: &mut Unread,
) -> Option<Finding> {
    let mut failures = Vec::new();
    for no in 1..=3u8 {
        let status = report.table(no).map_or(TableStatus::Missing, |t| t.status);
        let title = vocab::table(no, report.template).title;
        let detail = match status {
            TableStatus::Data => continue,
            TableStatus::Partial => {
                unread.partial.push(no);
                continue;
            }
            TableStatus::Image => format!("table {no} {title} is printed as a picture, not data"),
            TableStatus::Missing => {
                if let Some(line) = doc.and_then(|d| table_text_line(d, no, report.template)) {
                    unread.missed.push(format!(
                        "table {no} {title}: its labels are in the text (line {line}) and it was not read; look at it by eye"
                    ));
                    continue;
                }
                format!("table {no} {title} is absent")
            }
        };
        failures.push(Failure {
            detail,
            cells: Vec::new(),
        });
    }
    finding("s.tables", failures)
}

/// The first line of a table's text: where at least three of its own row and column
/// labels (those of four characters or more) are printed, the line of the first. `None`
/// when the text does not hold the table.
fn table_text_line(doc: &Document, no: u8, template: Template) -> Option<usize> {
    let spec = vocab::table(no, template);
    let cols = spec.rows.first().map_or(&[][..], |r| r.cols);
    let labels = spec
        .rows
        .iter()
        .map(|r| r.label)
        .chain(cols.iter().map(|c| c.label));
    let mut found: Vec<usize> = Vec::new();
    for label in labels {
        let label = crate::chinese::squeeze(label);
        if label.chars().count() < 4 {
            continue;
        }
        for block in &doc.blocks {
            let text = crate::chinese::squeeze(&block.text());
            if text.contains(&label) {
                found.push(block.line_no());
                break;
            }
        }
    }
    (found.len() >= 3)
        .then(|| found.into_iter().min())
        .flatten()
}

/// `s.publication_date`, `s.published_after_year`, `s.published_on_time`: the date of the
/// signature is there, after the year reported on, and by 31 January.
fn check_publication_date(
    report: &Report,
    doc: Option<&Document>,
    unread: &mut Unread,
) -> Option<Finding> {
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
        if let Some(line) = doc.and_then(closing_date_line) {
            unread.missed.push(format!(
                "a date at line {line} near the end was not read as the publication date; look at the signature by eye"
            ));
            return None;
        }
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

/// A line among the last few of the text that holds a date: a signature the reader did
/// not take for one (page furniture after it, a date run into the agency's name).
fn closing_date_line(doc: &Document) -> Option<usize> {
    doc.lines()
        .rev()
        .filter(|l| !crate::chinese::trim(&l.text).is_empty())
        .take(6)
        .find(|l| {
            let text = crate::chinese::squeeze(&l.text);
            text.chars().count() <= 40
                && text
                    .char_indices()
                    .any(|(i, _)| crate::chinese::date_in(&text[i..]).is_some())
        })
        .map(|l| l.no)
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

    /// Whether the reader placed the cell (blank or not).
    fn placed(&self, row: &str, col: &str) -> bool {
        self.table.cell(row, col).is_some()
    }

    /// Whether every one of `cells` was placed; those that were not go to `unread`, for
    /// the reading notice, and the rule does not run there.
    fn all_placed(
        &self,
        cells: impl IntoIterator<Item = (&'static str, &'static str)>,
        unread: &mut Unread,
    ) -> bool {
        let mut all = true;
        for (row, col) in cells {
            if !self.placed(row, col) {
                unread.add(self, row, col);
                all = false;
            }
        }
        all
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
    fn what_the_text_shows_and_the_reader_missed_is_a_reading_notice() {
        // No section, table or date read; the text shows section 五's heading, table 3's
        // labels and a date at its end.
        let doc = Document::from_text(
            "某县人民政府2023年政府信息公开工作年度报告\n\
             五．存在的主要问题及改进情况\n\
             行政复议 未经复议直接起诉 复议后起诉\n\
             某县人民政府\n\
             2024年1月20日 09:30\n",
        );
        let f = check_document(&doc, &bare(2023));
        let shown: Vec<(&str, &str)> = f.iter().map(|f| (f.rule, f.detail.as_str())).collect();
        assert_eq!(
            shown,
            [
                (
                    "s.sections",
                    "missing section(s): overview 总体情况, proactive 主动公开政府信息情况, \
                     applications 收到和处理政府信息公开申请情况, review_litigation 政府信息公开行政复议、行政诉讼情况, \
                     other 其他需要报告的事项"
                ),
                (
                    "s.tables",
                    "table 1 主动公开政府信息情况 is absent; table 2 收到和处理政府信息公开申请情况 is absent"
                ),
                (
                    "reading",
                    "section problems 存在的主要问题及改进情况: line 2 reads as its heading and was not recognized; look at it by eye; \
                     table 3 政府信息公开行政复议、行政诉讼情况: its labels are in the text (line 3) and it was not read; look at it by eye; \
                     a date at line 5 near the end was not read as the publication date; look at the signature by eye"
                ),
            ]
        );
        assert_eq!(f[2].severity, Severity::Reading);
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
