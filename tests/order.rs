//! The order in which files are found and parsed does not change what is stored: the same
//! files, named so that the walk meets them in opposite orders and parsed on one thread or
//! two, give the same rows in every table.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use nianbao_synth::{self as synth, Layout};
use rusqlite::Connection;

mod common;

/// Every table's rows with ids, paths and times left out (reports are named by agency and
/// year), sorted.
const DUMPS: &[(&str, &str)] = &[
    (
        "reports",
        "SELECT a.name, r.year, r.title, r.template, r.source_sha256, r.published_on, \
         r.contact_address, r.contact_phone, r.contact_email, r.contact_website, \
         r.table1_status, r.table2_status, r.table3_status, r.table1_images, \
         r.table2_images, r.table3_images, r.source_format \
         FROM reports r JOIN agencies a ON a.id = r.agency_id",
    ),
    (
        "cells",
        "SELECT agency, year, table_no, row_key, col_key, value, raw, line FROM cells",
    ),
    (
        "sections",
        "SELECT a.name, r.year, s.key, s.ordinal, s.heading, s.body, s.line FROM sections s \
         JOIN reports r ON r.id = s.report_id JOIN agencies a ON a.id = r.agency_id",
    ),
    (
        "facts",
        "SELECT agency, year, section, key, value, unit, sentence, line FROM report_facts",
    ),
    (
        "issues",
        "SELECT agency, year, kind, ordinal, text FROM problems_listed",
    ),
    (
        "findings",
        "SELECT agency, year, rule, severity, detail FROM findings",
    ),
    (
        "finding_cells",
        "SELECT a.name, r.year, f.rule, c.ordinal, c.year, c.table_no, c.row_key, c.col_key, \
         c.label, c.value, c.line FROM finding_cells c \
         JOIN check_findings f ON f.id = c.finding_id JOIN reports r ON r.id = f.report_id \
         JOIN agencies a ON a.id = r.agency_id",
    ),
    (
        "warnings",
        "SELECT a.name, r.year, w.line, w.message FROM warnings w \
         JOIN reports r ON r.id = w.report_id JOIN agencies a ON a.id = r.agency_id",
    ),
    (
        "agency_regions",
        "SELECT agency, province, city, county, township, body, province_code, city_code, \
         county_code, region_code FROM agency_regions",
    ),
];

fn dump(db: &Path) -> Vec<(String, Vec<String>)> {
    let conn = Connection::open(db).unwrap();
    DUMPS
        .iter()
        .map(|(name, sql)| {
            let mut stmt = conn.prepare(sql).unwrap();
            let columns = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    let values: Vec<String> = (0..columns)
                        .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                        .collect();
                    Ok(values.join("|"))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows.sort();
            (name.to_string(), rows)
        })
        .collect()
}

/// Generated reports with distinct agencies and years, the real seed reports, and one
/// agency over two years (so the cross-year rules run whichever year is stored first).
fn corpus() -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    let mut keys = HashSet::new();
    for seed in 0..40u64 {
        let options = synth::Options {
            layout: Some(Layout::ALL[(seed % Layout::ALL.len() as u64) as usize]),
            ..synth::Options::default()
        };
        let s = synth::generate(seed, &options);
        if keys.insert((s.report.agency.clone(), s.report.year)) {
            files.push(s.text.into_bytes());
        }
    }
    let first = synth::generate(
        1000,
        &synth::Options {
            year: Some(2022),
            ..synth::Options::default()
        },
    );
    let next = synth::generate(
        1001,
        &synth::Options {
            year: Some(2023),
            ..synth::Options::default()
        },
    );
    assert_ne!(first.report.agency, next.report.agency);
    files.push(first.text.into_bytes());
    files.push(
        next.text
            .replace(&next.report.agency, &first.report.agency)
            .into_bytes(),
    );
    for entry in fs::read_dir("tests/fixtures/seeds").unwrap() {
        files.push(fs::read(entry.unwrap().path()).unwrap());
    }
    files
}

#[test]
fn file_order_and_threads_do_not_change_the_tables() {
    let files = corpus();
    let tmp = tempfile::tempdir().unwrap();
    let (forward, backward) = (tmp.path().join("forward"), tmp.path().join("backward"));
    fs::create_dir_all(&forward).unwrap();
    fs::create_dir_all(&backward).unwrap();
    let n = files.len();
    for (i, bytes) in files.iter().enumerate() {
        fs::write(forward.join(format!("{i:03}.txt")), bytes).unwrap();
        fs::write(backward.join(format!("{:03}.txt", n - 1 - i)), bytes).unwrap();
    }
    let (db1, db2) = (tmp.path().join("one.db"), tmp.path().join("two.db"));
    let one = common::ingest(&[forward], &db1, 1);
    let two = common::ingest(&[backward], &db2, 2);
    assert_eq!(one.failed, 0);
    assert_eq!((one.ingested, one.totals), (two.ingested, two.totals));

    let (a, b) = (dump(&db1), dump(&db2));
    for ((name, rows_a), (_, rows_b)) in a.iter().zip(&b) {
        assert_eq!(rows_a, rows_b, "table {name} differs");
    }
    let rows = |name: &str| a.iter().find(|(n, _)| n == name).unwrap().1.len();
    assert!(rows("cells") > 1000, "{} cells", rows("cells"));
    assert!(rows("sections") > 100);
    assert_eq!(rows("reports") as u64, one.ingested);
}
