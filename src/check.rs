//! Consistency checks (勾稽关系) on one recognized report. Reads a [`Report`], knows nothing
//! of how it was parsed or where it will be stored.

use crate::model::{Report, TableStatus};
use crate::vocab::{self, TableSpec};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One failed rule: its id from `FORMAT.md`, and the arithmetic that failed, with the
/// printed labels of the cells involved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub detail: String,
}

/// Every single-report rule. Cross-year rules (`x.*`) need the store and live there.
pub fn check_report(report: &Report) -> Vec<Finding> {
    let mut findings = Vec::new();
    check_sections(report, &mut findings);
    check_tables_present(report, &mut findings);
    check_published_on_time(report, &mut findings);
    if let Some(t2) = report.table(2) {
        let spec = vocab::table2(t2.cells.iter().any(|c| c.row_key == "other"));
        check_t2_balance(t2, spec, &mut findings);
        check_t2_outcomes_sum(t2, spec, &mut findings);
        check_row_totals(t2, spec, "t2.row_total", 6, &mut findings);
    }
    if let Some(t3) = report.table(3) {
        check_row_totals(t3, &vocab::TABLE3, "t3.row_total", 4, &mut findings);
    }
    findings
}

fn check_sections(report: &Report, findings: &mut Vec<Finding>) {
    let missing: Vec<String> = vocab::SECTIONS
        .iter()
        .filter(|s| report.section(s.key).is_none())
        .map(|s| format!("{} {}", s.key, s.heading))
        .collect();
    if !missing.is_empty() {
        findings.push(Finding {
            rule: "s.sections",
            severity: Severity::Error,
            detail: format!("missing section(s): {}", missing.join("; ")),
        });
    }
}

fn check_tables_present(report: &Report, findings: &mut Vec<Finding>) {
    for no in 1..=3u8 {
        let status = report.table(no).map_or(TableStatus::Missing, |t| t.status);
        let title = vocab::table(no, report.template).title;
        let detail = match status {
            TableStatus::Data => continue,
            TableStatus::Partial => format!("table {no} {title} is only partly readable"),
            TableStatus::Image => format!("table {no} {title} is printed as a picture, not data"),
            TableStatus::Missing => format!("table {no} {title} is absent"),
        };
        findings.push(Finding {
            rule: "s.tables",
            severity: Severity::Error,
            detail,
        });
    }
}

fn check_published_on_time(report: &Report, findings: &mut Vec<Finding>) {
    let Some(date) = report.published_on else {
        findings.push(Finding {
            rule: "s.published_on_time",
            severity: Severity::Warning,
            detail: "no publication date in the signature".to_string(),
        });
        return;
    };
    let deadline = crate::model::Date {
        year: report.year + 1,
        month: 1,
        day: 31,
    };
    if date > deadline {
        findings.push(Finding {
            rule: "s.published_on_time",
            severity: Severity::Error,
            detail: format!(
                "published {} after the deadline {}",
                date.iso(),
                deadline.iso()
            ),
        });
    }
}

/// Short printed label of a row, for findings: its number when it has one (一, 三（七）),
/// else its text.
fn row_label(spec: &TableSpec, key: &str) -> String {
    let Some(row) = spec.row(key) else {
        return key.to_string();
    };
    match row.group {
        Some(group) if row.label.starts_with(|c: char| c.is_ascii_digit()) => {
            format!("{}{}", short_group(group), row.label)
        }
        _ => row.label.to_string(),
    }
}

fn short_group(group: &str) -> &str {
    group
        .split('）')
        .next()
        .map_or(group, |g| g.trim_start_matches('（'))
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn col_label(spec: &TableSpec, col_key: &str) -> &'static str {
    spec.rows
        .iter()
        .flat_map(|r| r.cols.iter())
        .find(|c| c.key == col_key)
        .map_or("", |c| c.label)
}

const EPS: f64 = 1e-6;

fn check_t2_balance(t2: &crate::model::Table, spec: &TableSpec, findings: &mut Vec<Finding>) {
    for col in vocab::T2_COLS {
        let get = |row: &str| t2.value(row, col.key);
        let (Some(new), Some(total_processed)) = (get("new"), get("total_processed")) else {
            continue;
        };
        let carried_over = get("carried_over").unwrap_or(0.0);
        let carried_forward = get("carried_forward").unwrap_or(0.0);
        let left = new + carried_over;
        let right = total_processed + carried_forward;
        if (left - right).abs() > EPS {
            findings.push(Finding {
                rule: "t2.balance",
                severity: Severity::Error,
                detail: format!(
                    "{}: 一 {} + 二 {} = {} ≠ 三（七）{} + 四 {} = {}",
                    col_label(spec, col.key),
                    fmt_num(new),
                    fmt_num(carried_over),
                    fmt_num(left),
                    fmt_num(total_processed),
                    fmt_num(carried_forward),
                    fmt_num(right)
                ),
            });
        }
    }
}

fn check_t2_outcomes_sum(t2: &crate::model::Table, spec: &TableSpec, findings: &mut Vec<Finding>) {
    for col in vocab::T2_COLS {
        let Some(total) = t2.value("total_processed", col.key) else {
            continue;
        };
        let parts: Vec<(&str, f64)> = spec
            .rows
            .iter()
            .filter(|r| vocab::is_outcome_row(r.key))
            .filter_map(|r| t2.value(r.key, col.key).map(|v| (r.key, v)))
            .collect();
        // A column whose outcome cells are all blank states no outcomes to add up (many
        // reports fill 总计 only in （七）): nothing to check, as with a blank row total.
        if parts.is_empty() {
            continue;
        }
        let sum: f64 = parts.iter().map(|(_, v)| v).sum();
        if (sum - total).abs() > EPS {
            let terms: Vec<String> = parts
                .iter()
                .filter(|(_, v)| *v != 0.0)
                .map(|(k, v)| format!("{} {}", row_label(spec, k), fmt_num(*v)))
                .collect();
            findings.push(Finding {
                rule: "t2.outcomes_sum",
                severity: Severity::Error,
                detail: format!(
                    "{}: 三（七）总计 {} ≠ sum of outcomes {} ({})",
                    col_label(spec, col.key),
                    fmt_num(total),
                    fmt_num(sum),
                    if terms.is_empty() {
                        "all zero or blank".to_string()
                    } else {
                        terms.join(" + ")
                    }
                ),
            });
        }
    }
}

/// Each row's last column (总计) against the sum of the `parts` columns before it. A row
/// whose 总计 is blank is not checked: many reports fill it only where they must.
fn check_row_totals(
    table: &crate::model::Table,
    spec: &TableSpec,
    rule: &'static str,
    parts: usize,
    findings: &mut Vec<Finding>,
) {
    for row in spec.rows {
        let Some(total_col) = row.cols.get(parts) else {
            continue;
        };
        let Some(total) = table.value(row.key, total_col.key) else {
            continue;
        };
        let terms: Vec<(&str, f64)> = row.cols[..parts]
            .iter()
            .map(|c| (c.label, table.value(row.key, c.key).unwrap_or(0.0)))
            .collect();
        let sum: f64 = terms.iter().map(|(_, v)| v).sum();
        if (sum - total).abs() > EPS {
            let shown: Vec<String> = terms
                .iter()
                .map(|(l, v)| format!("{l} {}", fmt_num(*v)))
                .collect();
            findings.push(Finding {
                rule,
                severity: Severity::Error,
                detail: format!(
                    "{}: {} = {} ≠ 总计 {}",
                    row_label(spec, row.key),
                    shown.join(" + "),
                    fmt_num(sum),
                    fmt_num(total)
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, Table};

    fn cell(row_key: &'static str, col_key: &'static str, value: Option<f64>) -> Cell {
        Cell {
            row_key,
            col_key,
            value,
            raw: value.map_or(String::new(), |v| v.to_string()),
            line: 1,
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
        let table = Table {
            no: 2,
            status: TableStatus::Partial,
            images: vec![],
            cells: cells.clone(),
        };
        let mut findings = Vec::new();
        check_t2_outcomes_sum(&table, &vocab::TABLE2_2021, &mut findings);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "t2.outcomes_sum");
        assert_eq!(
            findings[0].detail,
            "自然人: 三（七）总计 3 ≠ sum of outcomes 2 (（一）予以公开 2)"
        );
        cells[0].value = Some(3.0);
        let table = Table { cells, ..table };
        findings.clear();
        check_t2_outcomes_sum(&table, &vocab::TABLE2_2021, &mut findings);
        assert_eq!(findings, vec![]);
    }
}
