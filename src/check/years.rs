//! The rules across years, same agency: a report against its previous year's.
//!
//! A finding of these rules belongs to the later report of the pair: year N's 二 (carried
//! over) is the figure that states last year's 四, whichever of the two reports arrived
//! first. The rules read [`ChainRows`], the few rows of each report they compare, so a
//! caller can hold many reports' worth, or load them from the store.

use super::{Failure, Finding, View, differ, finding, fmt_num};
use crate::model::{Report, Table, TableStatus};
use crate::vocab::Template;

/// The rows of table 1 and table 2 that chain one year to the next: (table, row key).
pub const CHAINED_ROWS: [(u8, &str); 4] = [
    (1, "regulations"),
    (1, "normative_documents"),
    (2, "carried_over"),
    (2, "carried_forward"),
];

/// What the cross-year rules read of one report: its year and template, and the cells of
/// the rows that chain (table 1's 规章 and 规范性文件, table 2's 二 and 四).
#[derive(Debug, Clone, PartialEq)]
pub struct ChainRows {
    pub year: i32,
    pub template: Template,
    /// Tables 1 and 2 with only their chained rows; a table that is a picture or absent
    /// is left out.
    pub tables: Vec<Table>,
}

impl ChainRows {
    /// The chained rows of a report's `tables`.
    pub fn new<'a>(
        year: i32,
        template: Template,
        tables: impl IntoIterator<Item = &'a Table>,
    ) -> ChainRows {
        let tables = tables
            .into_iter()
            .filter(|t| t.no <= 2 && matches!(t.status, TableStatus::Data | TableStatus::Partial))
            .map(|t| Table {
                no: t.no,
                status: t.status,
                variant: t.variant,
                images: Vec::new(),
                cells: t
                    .cells
                    .iter()
                    .filter(|c| CHAINED_ROWS.contains(&(t.no, c.row_key)))
                    .cloned()
                    .collect(),
            })
            .collect();
        ChainRows {
            year,
            template,
            tables,
        }
    }

    pub fn of(report: &Report) -> ChainRows {
        ChainRows::new(report.year, report.template, &report.tables)
    }

    fn view(&self, no: u8) -> Option<View<'_>> {
        self.tables
            .iter()
            .find(|t| t.no == no)
            .map(|t| View::new(self.year, self.template, t))
    }
}

/// The cross-year rules on `prev` (year N−1) and `cur` (year N) of one agency. Nothing when
/// the years are not consecutive.
pub fn check_chain(prev: &ChainRows, cur: &ChainRows) -> Vec<Finding> {
    if prev.year + 1 != cur.year {
        return Vec::new();
    }
    let mut findings = Vec::new();
    if let (Some(p), Some(c)) = (prev.view(2), cur.view(2)) {
        findings.extend(carry_chain(&p, &c));
    }
    if let (Some(p), Some(c)) = (prev.view(1), cur.view(1)) {
        findings.extend(in_force_chain(&p, &c));
    }
    findings
}

/// `x.carry_chain`, each column: 二 (N) = 四 (N−1). A column is compared when both cells
/// were placed and one holds a number; a blank cell counts as 0.
fn carry_chain(prev: &View, cur: &View) -> Option<Finding> {
    let mut failures = Vec::new();
    for col in cur.spec.row("carried_over").map_or(&[][..], |r| r.cols) {
        let c = col.key;
        let (Some(over), Some(forward)) = (
            cur.value_or_zero("carried_over", c),
            prev.value_or_zero("carried_forward", c),
        ) else {
            continue;
        };
        let stated =
            cur.value("carried_over", c).is_some() || prev.value("carried_forward", c).is_some();
        if !stated || !differ(over, forward) {
            continue;
        }
        failures.push(Failure {
            detail: format!(
                "{}: {} {} {} ≠ {} {} {}",
                col.label,
                cur.year,
                cur.row_number("carried_over"),
                fmt_num(over),
                prev.year,
                prev.row_number("carried_forward"),
                fmt_num(forward)
            ),
            cells: vec![cur.cell("carried_over", c), prev.cell("carried_forward", c)],
        });
    }
    finding("x.carry_chain", failures)
}

/// `x.in_force_chain`, 规章 and 行政规范性文件 of the 2021 table 1 in both years:
/// 现行有效件数 (N) = 现行有效件数 (N−1) + 本年制发件数 (N) − 本年废止件数 (N).
fn in_force_chain(prev: &View, cur: &View) -> Option<Finding> {
    let mut failures = Vec::new();
    for row in ["regulations", "normative_documents"] {
        let (Some(before), Some(now)) = (prev.value(row, "in_force"), cur.value(row, "in_force"))
        else {
            continue;
        };
        let issued = cur.value(row, "issued").unwrap_or(0.0);
        let repealed = cur.value(row, "repealed").unwrap_or(0.0);
        let expected = before + issued - repealed;
        if !differ(expected, now) {
            continue;
        }
        let label = |col| cur.col_label(col);
        failures.push(Failure {
            detail: format!(
                "{}: {} {} {} + {} {} {} - {} {} = {} ≠ {} {} {}",
                cur.row_number(row),
                prev.year,
                label("in_force"),
                fmt_num(before),
                cur.year,
                label("issued"),
                fmt_num(issued),
                label("repealed"),
                fmt_num(repealed),
                fmt_num(expected),
                cur.year,
                label("in_force"),
                fmt_num(now)
            ),
            cells: vec![
                prev.cell(row, "in_force"),
                cur.cell(row, "issued"),
                cur.cell(row, "repealed"),
                cur.cell(row, "in_force"),
            ],
        });
    }
    finding("x.in_force_chain", failures)
}
