//! The rules on one report's statistical tables: each table's own arithmetic.

use super::{EPS, Failure, Finding, View, differ, finding, fmt_num};
use crate::model::Report;
use crate::vocab;

pub(super) fn check_tables(report: &Report) -> Vec<Finding> {
    let view = |no| {
        report
            .table(no)
            .map(|t| View::new(report.year, report.template, t))
    };
    let mut findings = Vec::new();
    if let Some(t1) = view(1) {
        findings.extend(t1_running_total(&t1));
        findings.extend(whole_numbers(&t1, "t1.whole_numbers"));
    }
    if let Some(t2) = view(2) {
        findings.extend(t2_balance(&t2));
        findings.extend(t2_outcomes_sum(&t2));
        findings.extend(row_totals(&t2, "t2.row_total", 6));
        findings.extend(whole_numbers(&t2, "t2.whole_numbers"));
    }
    if let Some(t3) = view(3) {
        findings.extend(row_totals(&t3, "t3.row_total", 4));
        findings.extend(whole_numbers(&t3, "t3.whole_numbers"));
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
fn t1_running_total(t1: &View) -> Option<Finding> {
    let (total_col, added_col, removed_col) = if *t1.spec == vocab::TABLE1_2019 {
        ("total_public", "published", None)
    } else {
        ("in_force", "issued", Some("repealed"))
    };
    let mut failures = Vec::new();
    for row in ["regulations", "normative_documents"] {
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
    finding("t1.running_total", failures)
}

/// `t*.whole_numbers`: counts of documents, applications and cases are whole and not
/// negative. A misread cell (a footnote mark, a decimal point from OCR) shows here.
fn whole_numbers(view: &View, rule: &'static str) -> Option<Finding> {
    let failures = view
        .table
        .cells
        .iter()
        .filter(|c| vocab::is_count_col(c.col_key))
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

/// `t2.balance`, each column: 一 + 二 = 三（七）+ 四, blank 二 and 四 counting as 0.
fn t2_balance(t2: &View) -> Option<Finding> {
    let mut failures = Vec::new();
    for col in vocab::T2_COLS {
        let c = col.key;
        let (Some(new), Some(processed)) = (t2.value("new", c), t2.value("total_processed", c))
        else {
            continue;
        };
        let carried_over = t2.value("carried_over", c).unwrap_or(0.0);
        let carried_forward = t2.value("carried_forward", c).unwrap_or(0.0);
        let (left, right) = (new + carried_over, processed + carried_forward);
        if !differ(left, right) {
            continue;
        }
        let n = |row| t2.row_number(row);
        failures.push(Failure {
            detail: format!(
                "{}: {} + {} = {} ≠ {} + {} = {}",
                col.label,
                term(&n("new"), fmt_num(new)),
                term(&n("carried_over"), fmt_num(carried_over)),
                fmt_num(left),
                term(&n("total_processed"), fmt_num(processed)),
                term(&n("carried_forward"), fmt_num(carried_forward)),
                fmt_num(right)
            ),
            cells: ["new", "carried_over", "total_processed", "carried_forward"]
                .map(|row| t2.cell(row, c))
                .to_vec(),
        });
    }
    finding("t2.balance", failures)
}

/// `t2.outcomes_sum`, each column: 三（七）= the sum of the outcome rows. A column whose
/// outcome cells are all blank states no outcomes to add up (many reports fill 总计 only
/// in （七）): nothing to check, as with a blank row total.
fn t2_outcomes_sum(t2: &View) -> Option<Finding> {
    let mut failures = Vec::new();
    for col in vocab::T2_COLS {
        let c = col.key;
        let Some(total) = t2.value("total_processed", c) else {
            continue;
        };
        let parts: Vec<(&'static str, f64)> = t2
            .spec
            .rows
            .iter()
            .filter(|r| vocab::is_outcome_row(r.key))
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
            format!("{}…（六）all 0", vocab::row_number(t2.spec, "granted"))
        } else {
            nonzero
                .iter()
                .map(|(row, v)| term(&vocab::row_title(t2.spec, row), fmt_num(*v)))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let mut cells = vec![t2.cell("total_processed", c)];
        cells.extend(nonzero.iter().map(|(row, _)| t2.cell(row, c)));
        failures.push(Failure {
            detail: format!(
                "{}: {terms} = {} ≠ {}",
                col.label,
                fmt_num(sum),
                term(&t2.row_number("total_processed"), fmt_num(total))
            ),
            cells,
        });
    }
    finding("t2.outcomes_sum", failures)
}

/// Each row's 总计 (the column after the first `parts`) against the sum of those. A row
/// whose 总计 is blank is not checked: many reports fill it only where they must.
fn row_totals(view: &View, rule: &'static str, parts: usize) -> Option<Finding> {
    let mut failures = Vec::new();
    for row in view.spec.rows {
        let Some(total_col) = row.cols.get(parts) else {
            continue;
        };
        let Some(total) = view.value(row.key, total_col.key) else {
            continue;
        };
        let terms: Vec<(&str, f64)> = row.cols[..parts]
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
            cells: row
                .cols
                .iter()
                .take(parts + 1)
                .map(|c| view.cell(row.key, c.key))
                .collect(),
        });
    }
    finding(rule, failures)
}

#[cfg(test)]
mod tests {
    use super::super::tests::cell;
    use super::*;
    use crate::model::{Table, TableStatus};
    use crate::vocab::Template;

    fn table(no: u8, cells: Vec<crate::model::Cell>) -> Table {
        Table {
            no,
            status: TableStatus::Partial,
            images: vec![],
            cells,
        }
    }

    #[test]
    fn outcomes_sum_skips_a_column_printed_blank_but_checks_a_filled_one() {
        // 总计 blank in every outcome row, filled in （七）: no finding for 总计.
        let mut cells = vec![
            cell("granted", "natural_person", Some(2.0)),
            cell("granted", "total", None),
            cell("total_processed", "natural_person", Some(3.0)),
            cell("total_processed", "total", Some(3.0)),
        ];
        let t = table(2, cells.clone());
        let f = t2_outcomes_sum(&View::new(2023, Template::Y2021, &t)).unwrap();
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
        cells[0].value = Some(3.0);
        let t = table(2, cells);
        assert_eq!(t2_outcomes_sum(&View::new(2023, Template::Y2021, &t)), None);
    }

    #[test]
    fn sub_rows_are_named_with_their_words_in_sums() {
        let t = table(
            2,
            vec![
                cell("denied.state_secret", "commercial", Some(2.0)),
                cell("granted", "commercial", Some(0.0)),
                cell("total_processed", "commercial", Some(1.0)),
            ],
        );
        let f = t2_outcomes_sum(&View::new(2023, Template::Y2021, &t)).unwrap();
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
        let f = t1_running_total(&View::new(2023, Template::Y2021, &t)).unwrap();
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
        let f = t1_running_total(&View::new(2020, Template::Y2019, &t)).unwrap();
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
        assert_eq!(f.severity, vocab::Severity::Error);
    }
}
