//! A small warehouse with known contents, stored through the store: agencies of 威海市 and
//! 济南市 (placed by the gazetteer), report years 2021–2023, tables 2 and 3 with known
//! numbers (some blank), a table printed as an image whose figure the narrative states,
//! findings with their cells, listed problems and reading notices. Used by the tests of
//! what people take away (workbook, page).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use nianbao::check::{Finding, FindingCell, Severity};
use nianbao::model::{
    Cell, Contact, Date, Fact, IssueKind, ListedIssue, Report, Table, TableStatus, Warning,
};
use nianbao::store::{Source, Store};
use nianbao::vocab::Template;

pub const WENDENG: &str = "威海市文登区财政局";
pub const HUANCUI: &str = "威海市环翠区教育局";
pub const WEIHAI: &str = "威海市人民政府";
pub const LIXIA: &str = "济南市历下区人民政府";

/// Table 2's applicant columns, in order.
pub const APPLICANTS: [&str; 6] = [
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
];

/// One stored report's truth.
pub struct Truth {
    pub agency: &'static str,
    pub year: i32,
    /// Table 2 row 一 by applicant (None: printed blank); total is their sum.
    pub new: Option<[Option<f64>; 6]>,
    /// Table 2 总计 of granted, partial, denied.state_secret, unable.not_held,
    /// not_processed.repeated, other.other.
    pub outcomes: Option<[f64; 6]>,
    /// Table 3: (upheld, corrected, other, pending, total) of review, litigation direct,
    /// litigation after review.
    pub t3: Option<[[f64; 5]; 3]>,
    /// The narrative's applications.new when table 2 is an image.
    pub stated_new: Option<f64>,
    pub problems: &'static [&'static str],
    pub findings: &'static [(&'static str, Severity)],
    pub warnings: &'static [(usize, &'static str)],
    pub published_on: Option<(i32, u32, u32)>,
}

pub const OUTCOME_ROWS: [&str; 6] = [
    "granted",
    "partial",
    "denied.state_secret",
    "unable.not_held",
    "not_processed.repeated",
    "other.other",
];

pub const REVIEW_ROWS: [&str; 3] = ["review", "litigation_direct", "litigation_after_review"];
pub const T3_COLS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];

pub fn truths() -> Vec<Truth> {
    vec![
        Truth {
            agency: WENDENG,
            year: 2021,
            new: Some([Some(10.0), Some(2.0), None, Some(0.0), Some(1.0), Some(0.0)]),
            outcomes: Some([6.0, 1.0, 1.0, 2.0, 1.0, 0.0]),
            t3: Some([[1.0, 1.0, 0.0, 0.0, 2.0], [0.0; 5], [0.0; 5]]),
            stated_new: None,
            problems: &["政务公开专栏更新不及时", "解读形式单一"],
            findings: &[],
            warnings: &[],
            published_on: Some((2022, 1, 20)),
        },
        Truth {
            agency: WENDENG,
            year: 2022,
            new: Some([
                Some(14.0),
                Some(3.0),
                Some(1.0),
                Some(0.0),
                Some(0.0),
                Some(2.0),
            ]),
            outcomes: Some([9.0, 2.0, 1.0, 3.0, 2.0, 1.0]),
            t3: Some([
                [2.0, 1.0, 0.0, 1.0, 4.0],
                [1.0, 0.0, 0.0, 0.0, 1.0],
                [0.0; 5],
            ]),
            stated_new: None,
            problems: &["政务公开专栏更新不及时。"],
            findings: &[
                ("t2.balance", Severity::Error),
                ("s.published_on_time", Severity::Error),
            ],
            warnings: &[(
                57,
                "table 2: row \"二\": a value under no column; not stored",
            )],
            published_on: Some((2023, 3, 2)),
        },
        Truth {
            agency: WENDENG,
            year: 2023,
            new: None,
            outcomes: None,
            t3: None,
            stated_new: Some(25.0),
            problems: &["政务公开专栏更新不及时", "人员力量不足"],
            findings: &[("s.tables", Severity::Error)],
            warnings: &[],
            published_on: Some((2024, 1, 18)),
        },
        Truth {
            agency: HUANCUI,
            year: 2022,
            new: Some([Some(5.0), None, None, None, None, None]),
            outcomes: Some([3.0, 0.0, 0.0, 1.0, 1.0, 0.0]),
            t3: Some([[0.0; 5], [0.0; 5], [0.0; 5]]),
            stated_new: None,
            problems: &["人员力量不足"],
            findings: &[("s.publication_date", Severity::Warning)],
            warnings: &[],
            published_on: None,
        },
        Truth {
            agency: HUANCUI,
            year: 2023,
            new: Some([
                Some(7.0),
                Some(1.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
            ]),
            outcomes: Some([5.0, 1.0, 0.0, 1.0, 0.0, 1.0]),
            t3: Some([
                [1.0, 0.0, 1.0, 0.0, 2.0],
                [0.0, 1.0, 0.0, 0.0, 1.0],
                [0.0; 5],
            ]),
            stated_new: None,
            problems: &["政务公开专栏更新不及时"],
            findings: &[],
            warnings: &[(0, "the text ends inside table 3: the file looks cut short")],
            published_on: Some((2024, 1, 30)),
        },
        Truth {
            agency: WEIHAI,
            year: 2023,
            new: Some([
                Some(120.0),
                Some(15.0),
                Some(2.0),
                Some(1.0),
                Some(3.0),
                Some(4.0),
            ]),
            outcomes: Some([60.0, 20.0, 5.0, 30.0, 10.0, 12.0]),
            t3: Some([
                [4.0, 2.0, 1.0, 1.0, 8.0],
                [2.0, 1.0, 0.0, 1.0, 4.0],
                [1.0, 0.0, 0.0, 0.0, 1.0],
            ]),
            stated_new: None,
            problems: &[
                "政务公开专栏更新不及时",
                "基层政务公开标准化规范化建设仍有差距",
            ],
            findings: &[
                ("t2.row_total", Severity::Error),
                ("s.stale_year", Severity::Warning),
            ],
            warnings: &[],
            published_on: Some((2024, 1, 25)),
        },
        Truth {
            agency: LIXIA,
            year: 2023,
            new: Some([
                Some(40.0),
                Some(5.0),
                Some(0.0),
                Some(0.0),
                Some(1.0),
                Some(0.0),
            ]),
            outcomes: Some([20.0, 5.0, 3.0, 10.0, 5.0, 3.0]),
            t3: Some([[1.0, 1.0, 0.0, 0.0, 2.0], [0.0; 5], [0.0; 5]]),
            stated_new: None,
            problems: &["人员力量不足"],
            findings: &[],
            warnings: &[],
            published_on: Some((2024, 1, 10)),
        },
    ]
}

fn cell(row_key: &'static str, col_key: &'static str, value: Option<f64>, line: usize) -> Cell {
    Cell {
        row_key,
        col_key,
        value,
        raw: value.map_or(String::new(), |v| format!("{v}")),
        line,
    }
}

fn report(t: &Truth) -> Report {
    let mut t2 = Table::empty(2, TableStatus::Image);
    if t.new.is_some() || t.outcomes.is_some() {
        t2.status = TableStatus::Partial;
        t2.images.clear();
    } else {
        t2.images = vec!["table2.png".to_string()];
    }
    if let Some(new) = t.new {
        let mut total = None;
        for (col, value) in APPLICANTS.iter().zip(new) {
            t2.cells.push(cell("new", col, value, 30));
            if let Some(v) = value {
                total = Some(total.unwrap_or(0.0) + v);
            }
        }
        t2.cells.push(cell("new", "total", total, 30));
    }
    if let Some(outcomes) = t.outcomes {
        for (row, value) in OUTCOME_ROWS.iter().zip(outcomes) {
            t2.cells.push(cell(row, "total", Some(value), 40));
        }
    }
    let mut t3 = Table::empty(3, TableStatus::Missing);
    if let Some(rows) = t.t3 {
        t3.status = TableStatus::Data;
        for (row, values) in REVIEW_ROWS.iter().zip(rows) {
            for (col, value) in T3_COLS.iter().zip(values) {
                t3.cells.push(cell(row, col, Some(value), 70));
            }
        }
    }
    let mut issues: Vec<ListedIssue> = t
        .problems
        .iter()
        .enumerate()
        .map(|(i, text)| ListedIssue {
            kind: IssueKind::Problem,
            ordinal: i + 1,
            text: text.to_string(),
        })
        .collect();
    issues.push(ListedIssue {
        kind: IssueKind::Improvement,
        ordinal: 1,
        text: "加强培训".to_string(),
    });
    Report {
        agency: t.agency.to_string(),
        year: t.year,
        identified_by: Default::default(),
        title: format!("{}{}年政府信息公开工作年度报告", t.agency, t.year),
        template: Template::Y2021,
        published_on: t.published_on.and_then(|(y, m, d)| Date::new(y, m, d)),
        contact: Contact::default(),
        sections: vec![],
        tables: vec![Table::empty(1, TableStatus::Missing), t2, t3],
        issues_listed: issues,
        facts: t
            .stated_new
            .map(|v| Fact {
                section: "applications",
                key: "applications.new",
                value: v,
                unit: "件",
                sentence: format!("共收到政府信息公开申请{v}件。"),
                line: 20,
            })
            .into_iter()
            .collect(),
        warnings: t
            .warnings
            .iter()
            .map(|(line, message)| Warning {
                line: *line,
                message: message.to_string(),
            })
            .collect(),
    }
}

fn findings(t: &Truth) -> Vec<Finding> {
    t.findings
        .iter()
        .map(|(rule, severity)| Finding {
            rule,
            severity: *severity,
            detail: format!("自然人: {rule} 不符; 总计: {rule} 不符"),
            cells: vec![
                FindingCell {
                    year: t.year,
                    table_no: 2,
                    row_key: "new",
                    col_key: "natural_person",
                    label: "一 自然人".to_string(),
                    value: Some(14.0),
                    line: 30,
                },
                FindingCell {
                    year: t.year,
                    table_no: 2,
                    row_key: "carried_over",
                    col_key: "natural_person",
                    label: "二 自然人".to_string(),
                    value: None,
                    line: 0,
                },
            ],
        })
        .collect()
}

/// A folder holding the warehouse as `warehouse.db`.
pub struct Warehouse {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

pub fn build() -> Warehouse {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("warehouse.db");
    let mut store = Store::open(&db).unwrap();
    for t in truths() {
        let path = format!("{}-{}.txt", t.agency, t.year);
        let sha = format!("sha-{path}");
        store
            .save(
                &Source {
                    path: &path,
                    sha256: &sha,
                },
                &report(&t),
                &findings(&t),
            )
            .unwrap();
    }
    drop(store);
    Warehouse { dir, db }
}

/// The reports of 威海市 (all but 历下区's), and of a year when given.
pub fn weihai(year: Option<i32>) -> Vec<Truth> {
    truths()
        .into_iter()
        .filter(|t| t.agency != LIXIA && year.is_none_or(|y| t.year == y))
        .collect()
}

/// `nianbao ARGS` on `db`, no user queries.
pub fn nianbao(args: &[&str], db: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env("NIANBAO_DB", db)
        .env_remove("NIANBAO_QUERIES")
        .output()
        .expect("the nianbao binary runs")
}

/// Standard output of a run that must succeed.
pub fn ok(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "status {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
