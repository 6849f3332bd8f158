//! `report_figures`, the per-report summary the saved queries read, holds what the report's
//! cells and facts say: each kind of column checked against `table_cells` and `facts` on
//! generated reports and the seed reports.

use std::fs;

mod common;

use nianbao::store;
use nianbao_synth as synth;
use rusqlite::Connection;

/// (column, the same figure computed from `table_cells` / `facts` for report `r.id`).
const CHECKS: &[(&str, &str)] = &[
    (
        "new_total",
        "(SELECT value FROM table_cells WHERE report_id = r.id AND table_no = 2 \
         AND row_key = 'new' AND col_key = 'total')",
    ),
    (
        "review_corrected",
        "(SELECT value FROM table_cells WHERE report_id = r.id AND table_no = 3 \
         AND row_key = 'review' AND col_key = 'corrected')",
    ),
    (
        "denied",
        "(SELECT sum(value) FROM table_cells WHERE report_id = r.id AND table_no = 2 \
         AND col_key = 'total' AND row_key LIKE 'denied.%')",
    ),
    (
        "other_handling",
        "(SELECT sum(value) FROM table_cells WHERE report_id = r.id AND table_no = 2 \
         AND col_key = 'total' AND (row_key = 'other' OR row_key LIKE 'other.%'))",
    ),
    (
        "review_cells",
        "(SELECT count(*) FROM table_cells WHERE report_id = r.id AND table_no = 3 \
         AND row_key = 'review')",
    ),
    (
        "stated_new",
        "(SELECT value FROM facts WHERE report_id = r.id AND key = 'applications.new' \
         ORDER BY line, rowid LIMIT 1)",
    ),
    (
        "published_total",
        "(SELECT value FROM facts WHERE report_id = r.id AND key = 'published.total' \
         ORDER BY line, rowid LIMIT 1)",
    ),
];

#[test]
fn report_figures_agree_with_cells_and_facts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("reports");
    fs::create_dir_all(&dir).unwrap();
    for seed in 0..30u64 {
        let s = synth::generate(seed, &synth::Options::default());
        fs::write(dir.join(format!("{seed:03}.txt")), s.text).unwrap();
    }
    for entry in fs::read_dir("tests/fixtures/seeds").unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let db = tmp.path().join("figures.db");
    let summary = common::ingest(&[dir], &db, 2);
    // The 30 generated reports and the 5 seeds, all stored.
    assert_eq!((summary.ingested, summary.failed), (35, 0), "{summary:?}");

    let conn = Connection::open(&db).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT count(*) FROM report_figures"),
        count("SELECT count(*) FROM reports")
    );
    for (column, expected) in CHECKS {
        let differ = count(&format!(
            "SELECT count(*) FROM reports r JOIN report_figures f ON f.report_id = r.id \
             WHERE f.{column} IS NOT {expected}"
        ));
        assert_eq!(differ, 0, "{column} differs from {expected}");
        let known = count(&format!(
            "SELECT count(*) FROM report_figures WHERE {column} IS NOT NULL AND {column} <> 0"
        ));
        assert!(
            known > 0,
            "{column}: no report has a value, the check proves nothing"
        );
    }
    // Every column of the table is one of store's figures, in order.
    let mut stmt = conn
        .prepare("SELECT name FROM pragma_table_info('report_figures') WHERE name <> 'report_id' ORDER BY cid")
        .unwrap();
    let columns: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(columns, store::figure_columns().collect::<Vec<_>>());
}
