//! The rules on one report's statistical tables: the arithmetic each version of a table
//! states in the template's data ([`vocab::Sum`]), and its counts being whole numbers.

use super::{EPS, Failure, Finding, Unread, View, differ, finding, fmt_num};
use crate::model::{Report, TableStatus};
use crate::vocab::Sum;

/// The sums and whole numbers of each table read. A sum runs only where the reader
/// placed every cell it adds up (a blank cell is placed: it holds 0); where it did not,
/// the cells go to `unread` and the sum is not checked there.
pub(super) fn check_tables(report: &Report, unread: &mut Unread) -> Vec<Finding> {
    let mut findings = Vec::new();
    // A picture or an absent table has no cells to add up: `s.tables` says so.
    let read = report
        .tables
        .iter()
        .filter(|t| matches!(t.status, TableStatus::Data | TableStatus::Partial));
    for table in read {
        let view = View::new(report.year, report.template, table);
        for sum in view.spec.sums {
            findings.extend(match *sum {
                Sum::RowTotal { rule } => row_totals(&view, rule, unread),
                Sum::Balance { rule, left, right } => balance(&view, rule, left, right, unread),
                Sum::Subtotal { rule, first, total } => subtotal(&view, rule, first, total, unread),
                Sum::RunningTotal {
                    rule,
                    rows,
                    total,
                    added,
                    removed,
                } => running_total(&view, rule, rows, (total, added, removed), unread),
            });
        }
        findings.extend(whole_numbers(&view, view.spec.whole_numbers_rule));
    }
    findings
}

/// A label and what follows it, as the template's numbering reads: `一 12`, `三（七）13`,
/// `三（七）自然人`.
pub(super) fn term(label: &str, then: impl std::fmt::Display) -> String {
    if label.ends_with('）') {
        format!("{label}{then}")
    } else {
        format!("{label} {then}")
    }
}

/// `t1.running_total`: a document count that runs over the years covers this year's
/// additions — 现行有效件数 ≥ 本年制发件数 − 本年废止件数 (2021), 对外公开总数量 ≥
/// 本年新公开数量 (2019). A running total left blank counts as 0: the usual slip is to
/// fill in this year's documents and forget the total.
fn running_total(
    t1: &View,
    rule: &'static str,
    rows: &'static [&'static str],
    (total_col, added_col, removed_col): (&'static str, &'static str, Option<&'static str>),
    unread: &mut Unread,
) -> Option<Finding> {
    let mut failures = Vec::new();
    for &row in rows {
        if t1.placed(row, added_col) && t1.value(row, added_col).is_none() {
            continue; // nothing added this year: nothing to cover
        }
        let needed = [Some(total_col), Some(added_col), removed_col];
        if !t1.all_placed(needed.into_iter().flatten().map(|c| (row, c)), unread) {
            continue;
        }
        let (Some(total), Some(added)) =
            (t1.value_or_zero(row, total_col), t1.value(row, added_col))
        else {
            continue;
        };
        let removed = removed_col.and_then(|c| t1.value(row, c)).unwrap_or(0.0);
        if total >= added - removed - EPS {
            continue;
        }
        let label = |col| t1.col_label(col);
        let mut cells = vec![t1.cell(row, total_col), t1.cell(row, added_col)];
        let detail = match removed_col {
            Some(removed_col) => {
                cells.push(t1.cell(row, removed_col));
                format!(
                    "{}: {} {} < {} {} - {} {} = {}",
                    t1.row_number(row),
                    label(total_col),
                    fmt_num(total),
                    label(added_col),
                    fmt_num(added),
                    label(removed_col),
                    fmt_num(removed),
                    fmt_num(added - removed)
                )
            }
            None => format!(
                "{}: {} {} < {} {}",
                t1.row_number(row),
                label(total_col),
                fmt_num(total),
                label(added_col),
                fmt_num(added)
            ),
        };
        failures.push(Failure { detail, cells });
    }
    finding(rule, failures)
}

/// `t*.whole_numbers`: counts of documents, applications and cases are whole and not
/// negative. A misread cell (a footnote mark, a decimal point from OCR) shows here.
fn whole_numbers(view: &View, rule: &'static str) -> Option<Finding> {
    let failures = view
        .table
        .cells
        .iter()
        .filter(|c| view.spec.is_count(c.col_key))
        .filter_map(|c| {
            let v = c.value?;
            (v < 0.0 || v.fract() != 0.0).then(|| {
                let cell = view.cell(c.row_key, c.col_key);
                Failure {
                    detail: format!("{} is {}", cell.label, c.raw),
                    cells: vec![cell],
                }
            })
        })
        .collect();
    finding(rule, failures)
}

/// The columns of a table whose rows all share them (table 2): those of its first row.
fn columns<'s>(view: &View<'s>) -> &'static [crate::vocab::ColSpec] {
    view.spec.rows.first().map_or(&[], |r| r.cols)
}

/// `t2.balance`, each column: 一 + 二 = 三（七）+ 四. The first row of each side must be
/// filled; the others left blank count as 0.
fn balance(
    t2: &View,
    rule: &'static str,
    left: &'static [&'static str],
    right: &'static [&'static str],
    unread: &mut Unread,
) -> Option<Finding> {
    let mut failures = Vec::new();
    for col in columns(t2) {
        let c = col.key;
        let blank_first = |rows: &[&str]| {
            rows.first()
                .is_some_and(|r| t2.placed(r, c) && t2.value(r, c).is_none())
        };
        if blank_first(left) || blank_first(right) {
            continue;
        }
        if !t2.all_placed(left.iter().chain(right).map(|r| (*r, c)), unread) {
            continue;
        }
        let side = |rows: &'static [&'static str]| -> Option<Vec<(&'static str, f64)>> {
            let (first, rest) = rows.split_first()?;
            let mut terms = vec![(*first, t2.value(first, c)?)];
            terms.extend(rest.iter().map(|r| (*r, t2.value(r, c).unwrap_or(0.0))));
            Some(terms)
        };
        let (Some(l), Some(r)) = (side(left), side(right)) else {
            continue;
        };
        let sum = |terms: &[(&str, f64)]| terms.iter().map(|(_, v)| v).sum::<f64>();
        let (left_sum, right_sum) = (sum(&l), sum(&r));
        if !differ(left_sum, right_sum) {
            continue;
        }
        let shown = |terms: &[(&str, f64)]| {
            terms
                .iter()
                .map(|(row, v)| term(&t2.row_number(row), fmt_num(*v)))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        failures.push(Failure {
            detail: format!(
                "{}: {} = {} ≠ {} = {}",
                col.label,
                shown(&l),
                fmt_num(left_sum),
                shown(&r),
                fmt_num(right_sum)
            ),
            cells: left
                .iter()
                .chain(right)
                .map(|row| t2.cell(row, c))
                .collect(),
        });
    }
    finding(rule, failures)
}

/// `t2.outcomes_sum`, each column: 三（七）= the sum of the outcome rows. A column whose
/// outcome cells are all blank states no outcomes to add up (many reports fill 总计 only
/// in （七）): nothing to check, as with a blank row total.
fn subtotal(
    t2: &View,
    rule: &'static str,
    first: &'static str,
    total_row: &'static str,
    unread: &mut Unread,
) -> Option<Finding> {
    let mut failures = Vec::new();
    let rows = t2.spec.rows_between(first, total_row);
    for col in columns(t2) {
        let c = col.key;
        if t2.placed(total_row, c) && t2.value(total_row, c).is_none() {
            continue;
        }
        let needed = rows.iter().map(|r| (r.key, c)).chain([(total_row, c)]);
        if !t2.all_placed(needed, unread) {
            continue;
        }
        let Some(total) = t2.value(total_row, c) else {
            continue;
        };
        let parts: Vec<(&'static str, f64)> = rows
            .iter()
            .filter_map(|r| t2.value(r.key, c).map(|v| (r.key, v)))
            .collect();
        if parts.is_empty() {
            continue;
        }
        let sum: f64 = parts.iter().map(|(_, v)| v).sum();
        if !differ(sum, total) {
            continue;
        }
        let nonzero: Vec<&(&'static str, f64)> = parts.iter().filter(|(_, v)| *v != 0.0).collect();
        let terms = if nonzero.is_empty() {
            let last = rows.last().map_or("", |r| t2.spec.part_number(r.key));
            format!("{}…{last}all 0", t2.row_number(first))
        } else {
            nonzero
                .iter()
                .map(|(row, v)| term(&t2.spec.row_title(row), fmt_num(*v)))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let mut cells = vec![t2.cell(total_row, c)];
        cells.extend(nonzero.iter().map(|(row, _)| t2.cell(row, c)));
        failures.push(Failure {
            detail: format!(
                "{}: {terms} = {} ≠ {}",
                col.label,
                fmt_num(sum),
                term(&t2.row_number(total_row), fmt_num(total))
            ),
            cells,
        });
    }
    finding(rule, failures)
}

/// Each row's 总计 (its last column) against the sum of the columns before it. A row
/// whose 总计 is blank is not checked: many reports fill it only where they must.
fn row_totals(view: &View, rule: &'static str, unread: &mut Unread) -> Option<Finding> {
    let mut failures = Vec::new();
    for row in view.spec.rows {
        let Some((total_col, parts)) = row.cols.split_last() else {
            continue;
        };
        if view.placed(row.key, total_col.key) && view.value(row.key, total_col.key).is_none() {
            continue;
        }
        if !view.all_placed(row.cols.iter().map(|c| (row.key, c.key)), unread) {
            continue;
        }
        let Some(total) = view.value(row.key, total_col.key) else {
            continue;
        };
        let terms: Vec<(&str, f64)> = parts
            .iter()
            .map(|c| (c.label, view.value(row.key, c.key).unwrap_or(0.0)))
            .collect();
        let sum: f64 = terms.iter().map(|(_, v)| v).sum();
        if !differ(sum, total) {
            continue;
        }
        let shown: Vec<String> = terms.iter().map(|(l, v)| term(l, fmt_num(*v))).collect();
        failures.push(Failure {
            detail: format!(
                "{}: {} = {} ≠ {}",
                view.row_number(row.key),
                shown.join(" + "),
                fmt_num(sum),
                term(total_col.label, fmt_num(total))
            ),
            cells: row.cols.iter().map(|c| view.cell(row.key, c.key)).collect(),
        });
    }
    finding(rule, failures)
}

#[cfg(test)]
mod tests {
    use super::super::tests::cell;
    use super::*;
    use crate::model::Table;
    use crate::vocab::Template;

    /// The finding of the version's rule `rule` on `view`.
    fn sum_finding(view: &View, rule: &str) -> Option<Finding> {
        check_tables(
            &Report {
                tables: vec![view.table.clone()],
                template: Template::for_year(view.year),
                ..crate::check::tests::bare(view.year)
            },
            &mut Unread::default(),
        )
        .into_iter()
        .find(|f| f.rule == rule)
    }

    fn outcomes_sum(view: &View) -> Option<Finding> {
        sum_finding(view, "t2.outcomes_sum")
    }

    fn running_total_of(view: &View) -> Option<Finding> {
        sum_finding(view, "t1.running_total")
    }

    fn table(no: u8, cells: Vec<crate::model::Cell>) -> Table {
        Table {
            no,
            status: TableStatus::Partial,
            variant: None,
            images: vec![],
            cells,
        }
    }

    /// Table 2 of 2021 with columns `cols` printed blank in every row, but for `values`.
    fn t2_with(cols: &[&'static str], values: &[(&str, &str, f64)]) -> Vec<crate::model::Cell> {
        let mut cells = Vec::new();
        for row in crate::vocab::table(2, Template::Y2021).rows {
            for &col in cols {
                let v = values
                    .iter()
                    .find(|(r, c, _)| *r == row.key && *c == col)
                    .map(|(_, _, v)| *v);
                cells.push(cell(row.key, col, v));
            }
        }
        cells
    }

    #[test]
    fn outcomes_sum_skips_a_column_printed_blank_but_checks_a_filled_one() {
        // 总计 blank in every outcome row, filled in （七）: no finding for 总计.
        let cols = ["natural_person", "total"];
        let cells = t2_with(
            &cols,
            &[
                ("granted", "natural_person", 2.0),
                ("total_processed", "natural_person", 3.0),
                ("total_processed", "total", 3.0),
            ],
        );
        let t = table(2, cells);
        let f = outcomes_sum(&View::new(2023, Template::Y2021, &t)).unwrap();
        assert_eq!(f.rule, "t2.outcomes_sum");
        assert_eq!(f.detail, "自然人: 三（一）2 = 2 ≠ 三（七）3");
        let labels: Vec<(&str, Option<f64>)> = f
            .cells
            .iter()
            .map(|c| (c.label.as_str(), c.value))
            .collect();
        assert_eq!(
            labels,
            [("三（七）自然人", Some(3.0)), ("三（一）自然人", Some(2.0))]
        );
        let cells = t2_with(
            &cols,
            &[
                ("granted", "natural_person", 3.0),
                ("total_processed", "natural_person", 3.0),
                ("total_processed", "total", 3.0),
            ],
        );
        let t = table(2, cells);
        assert_eq!(outcomes_sum(&View::new(2023, Template::Y2021, &t)), None);
    }

    #[test]
    fn a_sum_with_a_cell_not_placed_is_not_checked_but_noted() {
        // （一）自然人 under no row label: 三（七）3 is not blamed on the outcomes read.
        let all: Vec<&str> = crate::vocab::T2_COLS.iter().map(|c| c.key).collect();
        let mut cells = t2_with(
            &all,
            &[
                ("denied.state_secret", "natural_person", 1.0),
                ("total_processed", "natural_person", 3.0),
            ],
        );
        cells.retain(|c| c.row_key != "granted");
        let t = table(2, cells);
        let view = View::new(2023, Template::Y2021, &t);
        let mut unread = Unread::default();
        assert_eq!(
            subtotal(
                &view,
                "t2.outcomes_sum",
                "granted",
                "total_processed",
                &mut unread
            ),
            None
        );
        let names: Vec<(&str, &str, usize)> = unread
            .cells
            .iter()
            .map(|(row, c)| (row.as_str(), c.label.as_str(), c.line))
            .collect();
        assert_eq!(names, [("三（一）", "三（一）自然人", 0)]);
    }

    #[test]
    fn sub_rows_are_named_with_their_words_in_sums() {
        let t = table(
            2,
            t2_with(
                &["commercial"],
                &[
                    ("denied.state_secret", "commercial", 2.0),
                    ("granted", "commercial", 0.0),
                    ("total_processed", "commercial", 1.0),
                ],
            ),
        );
        let f = outcomes_sum(&View::new(2023, Template::Y2021, &t)).unwrap();
        assert_eq!(
            f.detail,
            "商业企业: 三（三）1.属于国家秘密 2 = 2 ≠ 三（七）1"
        );
        assert_eq!(f.cells[1].label, "三（三）1 商业企业");
    }

    #[test]
    fn running_totals_of_either_table_1() {
        let t = table(
            1,
            vec![
                cell("normative_documents", "issued", Some(5.0)),
                cell("normative_documents", "repealed", Some(1.0)),
                cell("normative_documents", "in_force", None),
            ],
        );
        let f = running_total_of(&View::new(2023, Template::Y2021, &t)).unwrap();
        assert_eq!(
            f.detail,
            "行政规范性文件: 现行有效件数 0 < 本年制发件数 5 - 本年废止件数 1 = 4"
        );
        let t = table(
            1,
            vec![
                cell("regulations", "published", Some(3.0)),
                cell("regulations", "total_public", Some(2.0)),
            ],
        );
        let f = running_total_of(&View::new(2020, Template::Y2019, &t)).unwrap();
        assert_eq!(f.detail, "规章: 对外公开总数量 2 < 本年新公开数量 3");
    }

    #[test]
    fn whole_numbers_except_signed_changes_and_amounts() {
        let t = table(
            1,
            vec![
                cell("licensing", "change", Some(-3.0)),
                cell("procurement", "amount", Some(12.5)),
                cell("licensing", "decisions", Some(2.5)),
            ],
        );
        let f = whole_numbers(&View::new(2020, Template::Y2019, &t), "t1.whole_numbers").unwrap();
        assert_eq!(f.detail, "行政许可 处理决定数量 is 2.5");
        let t = table(3, vec![cell("review", "upheld", Some(-1.0))]);
        let f = whole_numbers(&View::new(2023, Template::Y2021, &t), "t3.whole_numbers").unwrap();
        assert_eq!(f.detail, "行政复议 结果维持 is -1");
        assert_eq!(f.severity, crate::vocab::Severity::Error);
    }
}
