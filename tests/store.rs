//! The store: reports built by hand, saved, and read back with SQL.

use nianbao::check::{Finding, FindingCell, Severity};
use nianbao::model::{
    Cell, Contact, Date, IssueKind, ListedIssue, Report, Section, Table, TableStatus, Warning,
};
use nianbao::store::{SaveOutcome, Source, Store, StoreError, open_read_only};
use nianbao::vocab::Template;
use rusqlite::Connection;

mod common;
use common::connect;

fn cell(
    row_key: &'static str,
    col_key: &'static str,
    value: Option<f64>,
    raw: &str,
    line: usize,
) -> Cell {
    Cell {
        row_key,
        col_key,
        value,
        raw: raw.to_string(),
        line,
    }
}

/// A 2021-template report: table 1 as an image, table 2 with four cells (one blank),
/// table 3 with two cells; three sections, two listed issues, one warning.
fn report(agency: &str, year: i32, new_total: f64) -> Report {
    Report {
        agency: agency.to_string(),
        year,
        identified_by: Default::default(),
        title: format!("{agency}{year}年政府信息公开工作年度报告"),
        template: Template::Y2021,
        published_on: Date::new(year + 1, 1, 20),
        contact: Contact {
            address: Some("北京市西城区某路1号".to_string()),
            phone: Some("010-12345678".to_string()),
            email: None,
            website: Some("http://www.example.gov.cn".to_string()),
        },
        sections: vec![
            Section {
                key: "preamble",
                ordinal: 0,
                heading: String::new(),
                body: "根据《中华人民共和国政府信息公开条例》".to_string(),
                line: 2,
            },
            Section {
                key: "overview",
                ordinal: 1,
                heading: "一、总体情况".to_string(),
                body: "本年度……".to_string(),
                line: 4,
            },
            Section {
                key: "applications",
                ordinal: 3,
                heading: "三、收到和处理政府信息公开申请情况".to_string(),
                body: String::new(),
                line: 30,
            },
        ],
        tables: vec![
            Table {
                no: 1,
                status: TableStatus::Image,
                variant: None,
                images: vec!["[image: 1]".to_string(), "[image: 2]".to_string()],
                cells: vec![],
            },
            Table {
                no: 2,
                status: TableStatus::Partial,
                variant: None,
                images: vec![],
                cells: vec![
                    cell(
                        "new",
                        "natural_person",
                        Some(new_total - 2.0),
                        &format!("{}", new_total - 2.0),
                        41,
                    ),
                    cell("new", "commercial", None, "", 41),
                    cell("new", "total", Some(new_total), &format!("{new_total}"), 41),
                    cell("carried_over", "total", Some(1_234.0), "1,234", 42),
                ],
            },
            Table {
                no: 3,
                status: TableStatus::Data,
                variant: None,
                images: vec![],
                cells: vec![
                    cell("review", "corrected", Some(1.0), "1", 70),
                    cell("review", "total", Some(4.0), "４", 70),
                ],
            },
        ],
        issues_listed: vec![
            ListedIssue {
                kind: IssueKind::Problem,
                ordinal: 1,
                text: "公开内容不够全面".to_string(),
            },
            ListedIssue {
                kind: IssueKind::Improvement,
                ordinal: 1,
                text: "加强培训".to_string(),
            },
        ],
        facts: vec![],
        warnings: vec![Warning {
            line: 55,
            message: "unplaced row: 合计 3".to_string(),
        }],
    }
}

fn findings() -> Vec<Finding> {
    vec![
        Finding {
            rule: "t2.balance",
            severity: Severity::Error,
            detail: "总计: 一 10 + 二 0 = 10 ≠ 三（七）9 + 四 0 = 9".to_string(),
            cells: vec![FindingCell {
                year: 2023,
                table_no: 2,
                row_key: "new",
                col_key: "total",
                label: "一 总计".to_string(),
                value: Some(10.0),
                line: 7,
            }],
        },
        Finding {
            rule: "s.sections",
            severity: Severity::Error,
            detail: "missing section(s): proactive".to_string(),
            cells: vec![],
        },
        Finding {
            rule: "s.published_on_time",
            severity: Severity::Warning,
            detail: "no publication date in the signature".to_string(),
            cells: vec![],
        },
    ]
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn strings(conn: &Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn real(conn: &Connection, sql: &str) -> f64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let store = Store::open(&path).unwrap();
    (dir, path, store)
}

const A: &str = "某市财政局";
const B: &str = "某县人民政府";

#[test]
fn a_report_is_stored_whole() {
    let (_dir, path, mut store) = setup();
    let src = Source {
        path: "reports/a-2023.txt",
        sha256: "aa01",
    };
    assert_eq!(
        store
            .save(&src, &report(A, 2023, 120.0), &findings())
            .unwrap(),
        SaveOutcome::Inserted
    );
    let conn = connect(&path);
    assert_eq!(count(&conn, "SELECT count(*) FROM reports"), 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM agencies"), 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM table_cells"), 6);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM table_cells WHERE table_no = 2"),
        4
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM sections"), 3);
    assert_eq!(count(&conn, "SELECT count(*) FROM issues_listed"), 2);
    assert_eq!(count(&conn, "SELECT count(*) FROM check_findings"), 3);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM check_findings WHERE severity = 'warning'"
        ),
        1
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM warnings"), 1);

    let row: (
        String,
        i64,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
    ) = conn
        .query_row(
            "SELECT a.name, r.year, r.template, r.source_sha256, r.published_on, r.contact_email,
                    r.contact_phone, r.title
             FROM reports r JOIN agencies a ON a.id = r.agency_id",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        row,
        (
            A.to_string(),
            2023,
            "2021".to_string(),
            "aa01".to_string(),
            "2024-01-20".to_string(),
            None,
            Some("010-12345678".to_string()),
            "某市财政局2023年政府信息公开工作年度报告".to_string()
        )
    );
    let statuses: (String, String, String, Option<String>, Option<String>) = conn
        .query_row(
            "SELECT table1_status, table2_status, table3_status, table1_images, table2_images FROM reports",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        statuses,
        (
            "image".to_string(),
            "partial".to_string(),
            "data".to_string(),
            Some("[image: 1]\n[image: 2]".to_string()),
            None
        )
    );
    // The writer checks no foreign keys (it deletes a report's rows itself), and every
    // row it wrote has its parent.
    let fk: i64 = store
        .connection()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 0);
    assert_no_orphans(store.connection());
    let journal: String = store
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
}

#[test]
fn cells_keep_value_raw_and_line_and_blank_is_null() {
    let (_dir, path, mut store) = setup();
    let src = Source {
        path: "a.txt",
        sha256: "s1",
    };
    store.save(&src, &report(A, 2023, 120.0), &[]).unwrap();
    let conn = connect(&path);
    let get = |row: &str, col: &str| -> (Option<f64>, String, i64) {
        conn.query_row(
            "SELECT value, raw, line FROM cells WHERE agency = ?1 AND year = 2023 AND row_key = ?2 AND col_key = ?3",
            [A, row, col],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    assert_eq!(
        get("carried_over", "total"),
        (Some(1234.0), "1,234".to_string(), 42)
    );
    assert_eq!(get("new", "total"), (Some(120.0), "120".to_string(), 41));
    assert_eq!(get("new", "commercial"), (None, String::new(), 41));
    assert_eq!(get("review", "total"), (Some(4.0), "４".to_string(), 70));
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM table_cells WHERE value IS NULL"
        ),
        1
    );
}

#[test]
fn views_answer_in_one_select() {
    let (_dir, path, mut store) = setup();
    store
        .save(
            &Source {
                path: "a.txt",
                sha256: "s1",
            },
            &report(A, 2023, 120.0),
            &findings(),
        )
        .unwrap();
    let conn = connect(&path);
    let overview: (
        String,
        i64,
        String,
        String,
        String,
        i64,
        i64,
        i64,
        i64,
        String,
    ) = conn
        .query_row(
            "SELECT agency, year, table1_status, table2_status, table3_status, cells,
                    issues_listed, findings, warnings, source_path FROM report_overview",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        overview,
        (
            A.to_string(),
            2023,
            "image".to_string(),
            "partial".to_string(),
            "data".to_string(),
            6,
            2,
            3,
            1,
            "a.txt".to_string()
        )
    );
    let tables: Vec<(i64, String)> = conn
        .prepare("SELECT table_no, status FROM report_tables ORDER BY table_no")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        tables,
        vec![
            (1, "image".to_string()),
            (2, "partial".to_string()),
            (3, "data".to_string())
        ]
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM findings WHERE rule = 't2.balance' AND severity = 'error' AND year = 2023"
        ),
        1
    );
    let problem: String = conn
        .query_row(
            "SELECT text FROM problems_listed WHERE kind = 'problem' AND ordinal = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(problem, "公开内容不够全面");
}

#[test]
fn same_sha_is_unchanged_and_writes_nothing() {
    let (_dir, path, mut store) = setup();
    let src = Source {
        path: "a.txt",
        sha256: "s1",
    };
    assert!(!store.is_unchanged(&src).unwrap());
    store
        .save(&src, &report(A, 2023, 120.0), &findings())
        .unwrap();
    assert!(store.is_unchanged(&src).unwrap());
    // The same content under another path is also unchanged.
    let copy = Source {
        path: "copy/a.txt",
        sha256: "s1",
    };
    assert!(store.is_unchanged(&copy).unwrap());
    assert_eq!(
        store
            .save(&src, &report(A, 2023, 120.0), &findings())
            .unwrap(),
        SaveOutcome::Unchanged
    );
    assert_eq!(
        store.save(&copy, &report(B, 2023, 5.0), &[]).unwrap(),
        SaveOutcome::Unchanged
    );
    let counts = store.counts().unwrap();
    assert_eq!(
        (
            counts.reports,
            counts.agencies,
            counts.cells,
            counts.issues_listed,
            counts.findings,
            counts.warnings
        ),
        (1, 1, 6, 2, 3, 1)
    );
    let conn = connect(&path);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM reports WHERE source_path = 'copy/a.txt'"
        ),
        0
    );
}

#[test]
fn content_is_looked_up_by_the_whole_hash() {
    // The index holds the hash's first 16 digits; hashes sharing them are still different
    // content.
    let (_dir, _path, mut store) = setup();
    let stored = Source {
        path: "a.txt",
        sha256: "0123456789abcdef0000",
    };
    store
        .save(&stored, &report(A, 2023, 120.0), &findings())
        .unwrap();
    let same_prefix = Source {
        path: "b.txt",
        sha256: "0123456789abcdef1111",
    };
    assert!(store.is_unchanged(&stored).unwrap());
    assert!(!store.is_unchanged(&same_prefix).unwrap());
    assert_eq!(
        store
            .save(&same_prefix, &report(B, 2023, 5.0), &[])
            .unwrap(),
        SaveOutcome::Inserted
    );
    assert_eq!(store.counts().unwrap().reports, 2);
}

#[test]
fn same_path_new_sha_replaces_the_old_report() {
    let (_dir, path, mut store) = setup();
    let v1 = Source {
        path: "a.txt",
        sha256: "s1",
    };
    store
        .save(&v1, &report(A, 2023, 120.0), &findings())
        .unwrap();
    assert_eq!(
        count(store.connection(), "SELECT count(*) FROM finding_cells"),
        1
    );
    let v2 = Source {
        path: "a.txt",
        sha256: "s2",
    };
    let mut fixed = report(A, 2023, 150.0);
    fixed.tables.truncate(2); // table 3 gone
    fixed.issues_listed.clear();
    fixed.warnings.clear();
    assert_eq!(
        store.save(&v2, &fixed, &[]).unwrap(),
        SaveOutcome::Replaced {
            old_path: "a.txt".to_string()
        }
    );
    let conn = connect(&path);
    assert_eq!(count(&conn, "SELECT count(*) FROM reports"), 1);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM reports WHERE source_sha256 = 's1'"
        ),
        0
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM table_cells"), 4);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM table_cells WHERE table_no = 3"),
        0
    );
    assert_eq!(
        real(
            &conn,
            "SELECT value FROM cells WHERE row_key = 'new' AND col_key = 'total'"
        ),
        150.0
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM check_findings"), 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM issues_listed"), 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM warnings"), 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM sections"), 3);
    let status: String = conn
        .query_row("SELECT table3_status FROM reports", [], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "missing");
    // No orphan rows of the old report anywhere.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM sections WHERE report_id NOT IN (SELECT id FROM reports)"
        ),
        0
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM finding_cells"), 0);
    assert_no_orphans(&conn);
}

#[test]
fn replacing_with_another_agency_drops_the_orphan_agency() {
    let (_dir, _path, mut store) = setup();
    store
        .save(
            &Source {
                path: "a.txt",
                sha256: "s1",
            },
            &report(A, 2023, 1.0),
            &[],
        )
        .unwrap();
    assert_eq!(
        store
            .save(
                &Source {
                    path: "a.txt",
                    sha256: "s2"
                },
                &report(B, 2023, 1.0),
                &[]
            )
            .unwrap(),
        SaveOutcome::Replaced {
            old_path: "a.txt".to_string()
        }
    );
    let names: Vec<String> = store
        .connection()
        .prepare("SELECT name FROM agencies")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(names, vec![B.to_string()]);
    assert_no_orphans(store.connection());
    assert_eq!(
        count(store.connection(), "SELECT count(*) FROM agency_places"),
        1
    );
}

#[test]
fn same_agency_and_year_from_another_path_is_a_conflict() {
    let (_dir, path, mut store) = setup();
    store
        .save(
            &Source {
                path: "a.txt",
                sha256: "s1",
            },
            &report(A, 2023, 120.0),
            &findings(),
        )
        .unwrap();
    assert_eq!(
        store
            .save(
                &Source {
                    path: "other/a.pdf",
                    sha256: "s9"
                },
                &report(A, 2023, 999.0),
                &[]
            )
            .unwrap(),
        SaveOutcome::Conflict {
            other_path: "a.txt".to_string(),
            old_dropped: None
        }
    );
    // Another year of the same agency is fine and reuses the agency row.
    assert_eq!(
        store
            .save(
                &Source {
                    path: "a-2022.txt",
                    sha256: "s3"
                },
                &report(A, 2022, 100.0),
                &[]
            )
            .unwrap(),
        SaveOutcome::Inserted
    );
    let conn = connect(&path);
    assert_eq!(count(&conn, "SELECT count(*) FROM reports"), 2);
    assert_eq!(count(&conn, "SELECT count(*) FROM agencies"), 1);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM reports WHERE source_path = 'other/a.pdf'"
        ),
        0
    );
    assert_eq!(
        real(
            &conn,
            "SELECT value FROM cells WHERE year = 2023 AND row_key = 'new' AND col_key = 'total'"
        ),
        120.0
    );
}

#[test]
fn a_file_changed_into_a_conflict_no_longer_holds_its_old_report() {
    let (_dir, path, mut store) = setup();
    let save = |store: &mut Store, path: &str, sha: &str, agency: &str, year: i32| {
        store
            .save(
                &Source { path, sha256: sha },
                &report(agency, year, 120.0),
                &[],
            )
            .unwrap()
    };
    assert_eq!(
        save(&mut store, "a.txt", "s1", A, 2023),
        SaveOutcome::Inserted
    );
    assert_eq!(
        save(&mut store, "b.txt", "s2", B, 2023),
        SaveOutcome::Inserted
    );
    // b.txt now holds A's 2023 report, which a.txt holds: refused, and B's report, which
    // no file holds any more, is gone with its agency.
    assert_eq!(
        save(&mut store, "b.txt", "s3", A, 2023),
        SaveOutcome::Conflict {
            other_path: "a.txt".to_string(),
            old_dropped: Some(vec![])
        }
    );
    let conn = connect(&path);
    assert_eq!(
        strings(&conn, "SELECT source_path FROM reports ORDER BY 1"),
        ["a.txt"]
    );
    assert_eq!(strings(&conn, "SELECT name FROM agencies"), [A]);
    assert_no_orphans(&conn);
    // A new file that conflicts held nothing before: nothing is dropped.
    assert_eq!(
        save(&mut store, "c.txt", "s4", A, 2023),
        SaveOutcome::Conflict {
            other_path: "a.txt".to_string(),
            old_dropped: None
        }
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM reports"), 1);
}

#[test]
fn a_file_changed_into_a_kept_duplicate_no_longer_holds_its_old_report() {
    use nianbao::read::Format;
    use nianbao::store::Derived;
    let (_dir, path, mut store) = setup();
    let save = |store: &mut Store, path: &str, sha: &str, format, agency: &str| {
        let report = report(agency, 2023, 120.0);
        store
            .save_as(
                &Source { path, sha256: sha },
                Some(format),
                &report,
                &Derived::of(&report),
                &[],
            )
            .unwrap()
    };
    save(&mut store, "a.html", "s1", Format::Html, A);
    save(&mut store, "b.pdf", "s2", Format::Pdf, B);
    // b.pdf now holds A's report as a.html does: a.html is kept (the richer format) and
    // b.pdf is its duplicate; B's report, which no file holds any more, is gone.
    assert!(matches!(
        save(&mut store, "b.pdf", "s3", Format::Pdf, A),
        SaveOutcome::KeptOther { old_dropped: Some(others), .. } if others.is_empty()
    ));
    let conn = connect(&path);
    assert_eq!(
        strings(&conn, "SELECT source_path FROM reports"),
        ["a.html"]
    );
    assert_eq!(
        strings(&conn, "SELECT path FROM duplicate_sources"),
        ["b.pdf"]
    );
    assert_eq!(strings(&conn, "SELECT name FROM agencies"), [A]);
    assert_no_orphans(&conn);

    // a.html now holds B's report, which c.html holds: A's report goes, and with it the
    // record that b.pdf holds it too, which the outcome names.
    save(&mut store, "c.html", "s4", Format::Html, B);
    assert_eq!(
        save(&mut store, "a.html", "s5", Format::Html, B),
        SaveOutcome::Conflict {
            other_path: "c.html".to_string(),
            old_dropped: Some(vec!["b.pdf".to_string()])
        }
    );
    assert_eq!(
        strings(&conn, "SELECT source_path FROM reports"),
        ["c.html"]
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM duplicate_sources"), 0);
    assert_no_orphans(&conn);
}

#[test]
fn a_failed_save_writes_nothing() {
    let (_dir, path, mut store) = setup();
    let mut bad = report(A, 2023, 1.0);
    // A table number the schema refuses: the report, its agency, its cells all roll back.
    bad.tables.push(Table {
        no: 4,
        status: TableStatus::Data,
        variant: None,
        images: vec![],
        cells: vec![cell("x", "y", Some(1.0), "1", 99)],
    });
    let err = store
        .save(
            &Source {
                path: "bad.txt",
                sha256: "b1",
            },
            &bad,
            &findings(),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Sql { .. }), "{err}");
    assert!(err.to_string().contains("bad.txt"), "{err}");
    let conn = connect(&path);
    for table in [
        "reports",
        "agencies",
        "table_cells",
        "sections",
        "check_findings",
        "warnings",
    ] {
        assert_eq!(
            count(&conn, &format!("SELECT count(*) FROM {table}")),
            0,
            "{table}"
        );
    }
    // The store is still usable.
    assert_eq!(
        store
            .save(
                &Source {
                    path: "bad.txt",
                    sha256: "b2"
                },
                &report(A, 2023, 1.0),
                &[]
            )
            .unwrap(),
        SaveOutcome::Inserted
    );
}

#[test]
fn a_cell_placed_twice_keeps_the_first_and_warns() {
    let (_dir, path, mut store) = setup();
    let mut r = report(A, 2023, 120.0);
    r.tables[1]
        .cells
        .push(cell("new", "total", Some(7.0), "7", 48));
    store
        .save(
            &Source {
                path: "a.txt",
                sha256: "s1",
            },
            &r,
            &[],
        )
        .unwrap();
    let conn = connect(&path);
    assert_eq!(
        real(
            &conn,
            "SELECT value FROM cells WHERE row_key = 'new' AND col_key = 'total'"
        ),
        120.0
    );
    let warning: (i64, String) = conn
        .query_row(
            "SELECT line, message FROM warnings WHERE line = 48",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        warning,
        (
            48,
            "table 2 cell new/total placed twice; kept the first, dropped \"7\"".to_string()
        )
    );
}

#[test]
fn schema_version_is_the_stores_and_older_or_newer_databases_are_refused() {
    let current = nianbao::store::SCHEMA_VERSION;
    let (dir, path, store) = setup();
    drop(store);
    let conn = connect(&path);
    assert_eq!(count(&conn, "PRAGMA user_version"), current);
    // Opening again keeps the data and the version.
    drop(Store::open(&path).unwrap());
    assert_eq!(count(&conn, "PRAGMA user_version"), current);
    conn.execute_batch(&format!("PRAGMA user_version = {}", current + 1))
        .unwrap();
    drop(conn);
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::TooNew { found, .. } if found == current + 1),
        "{err}"
    );
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("upgrade nianbao"), "{msg}");
    assert!(matches!(
        open_read_only(&path),
        Err(StoreError::TooNew { found, .. }) if found == current + 1
    ));

    // A database of an older schema (7 had no measures or copies) is named as such, with what
    // to do.
    let conn = connect(&path);
    conn.execute_batch(&format!("PRAGMA user_version = {}", current - 1))
        .unwrap();
    drop(conn);
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::TooOld { found, .. } if found == current - 1),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("ingest the reports again into a new --db file")
    );
    assert!(matches!(
        open_read_only(&path),
        Err(StoreError::TooOld { found, .. }) if found == current - 1
    ));

    // A SQLite file of something else is not taken over.
    let foreign = dir.path().join("other.db");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    assert!(matches!(
        Store::open(&foreign),
        Err(StoreError::Foreign { .. })
    ));
}

/// A reader opening a database that another connection is creating sees it empty or
/// whole, never "not a nianbao one": the version and the schema are read in one snapshot.
#[test]
fn a_database_being_created_is_empty_or_whole_to_a_reader() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..20 {
        let path = dir.path().join(format!("new{round}.db"));
        // The file exists (empty) before the writer starts, as it does once a writer has
        // opened it.
        drop(Connection::open(&path).unwrap());
        let writer = {
            let path = path.clone();
            std::thread::spawn(move || drop(Store::open(&path).unwrap()))
        };
        let mut seen_empty = 0;
        loop {
            match open_read_only(&path) {
                Ok(_) => break,
                Err(StoreError::Uninitialized { .. }) => seen_empty += 1,
                Err(e) => panic!("round {round}, after {seen_empty} empty reads: {e}"),
            }
        }
        writer.join().unwrap();
    }
}

#[test]
fn read_only_open_of_a_missing_file_says_to_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.db");
    let err = open_read_only(&path).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("nianbao ingest"), "{msg}");
    assert!(!path.exists());
}

#[test]
fn read_only_connection_cannot_write() {
    let (_dir, path, mut store) = setup();
    store
        .save(
            &Source {
                path: "a.txt",
                sha256: "s1",
            },
            &report(A, 2023, 1.0),
            &[],
        )
        .unwrap();
    drop(store);
    let conn = open_read_only(&path).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM reports"), 1);
    assert!(conn.execute("DELETE FROM reports", []).is_err());
    assert_eq!(count(&conn, "SELECT count(*) FROM reports"), 1);
}

/// Every row's parent is there (`PRAGMA foreign_key_check` finds nothing): the writer runs
/// with foreign keys off and deletes a report's rows itself.
fn assert_no_orphans(conn: &Connection) {
    // (table, rowid: NULL in a WITHOUT ROWID table, referenced table)
    let orphans: Vec<(String, Option<i64>, String)> = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(orphans, vec![], "(table, rowid, parent) of orphan rows");
}

/// Cells go in 50 to a statement and the rest in one more: every count stores every cell
/// exactly once with its own value, raw text and line, and a cell placed twice is warned of.
#[test]
fn every_cell_is_stored_whatever_the_count() {
    let keys: Vec<(u8, &'static str, &'static str)> = (1..=3u8)
        .flat_map(|no| {
            nianbao::vocab::table(no, Template::Y2021)
                .rows
                .iter()
                .flat_map(move |row| row.cols.iter().map(move |col| (no, row.key, col.key)))
        })
        .collect();
    // Every cell of the 2021 template's three tables.
    assert_eq!(keys.len(), 200);
    for n in [1, 49, 50, 51, 100, 123, 151] {
        let (_dir, path, mut store) = setup();
        let mut r = report(A, 2023, 1.0);
        for t in &mut r.tables {
            t.cells.clear();
        }
        for (i, &(no, row, col)) in keys[..n].iter().enumerate() {
            let table = r.tables.iter_mut().find(|t| t.no == no);
            let table = match table {
                Some(t) => t,
                None => {
                    r.tables.push(Table {
                        no,
                        status: TableStatus::Data,
                        variant: None,
                        images: vec![],
                        cells: vec![],
                    });
                    r.tables.last_mut().unwrap()
                }
            };
            table
                .cells
                .push(cell(row, col, Some(i as f64), &format!("{i}件"), 100 + i));
        }
        // The first cell again, with another value: kept once, the second warned of.
        let (no, row, col) = keys[0];
        let first = r.tables.iter_mut().find(|t| t.no == no).unwrap();
        first.cells.push(cell(row, col, Some(-1.0), "-1", 999));
        r.warnings.clear();
        store
            .save(
                &Source {
                    path: "a.txt",
                    sha256: "s",
                },
                &r,
                &[],
            )
            .unwrap();
        let conn = connect(&path);
        assert_eq!(count(&conn, "SELECT count(*) FROM table_cells"), n as i64);
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM table_cells WHERE raw = CAST(CAST(value AS INTEGER) AS TEXT) || '件' \
                 AND line = 100 + CAST(value AS INTEGER)"
            ),
            n as i64,
            "{n} cells: each with its own value, raw text and line"
        );
        assert_eq!(count(&conn, "SELECT count(*) FROM warnings"), 1);
        assert_no_orphans(&conn);
    }
}
