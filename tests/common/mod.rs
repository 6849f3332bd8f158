//! Shared by the integration tests: the real binary run on a database, and the figures of
//! the hand-made fixtures (a 2022 report on the 2021 template whose numbers are non-zero and
//! satisfy every rule of the template; tests/fixtures/layouts and
//! tests/fixtures/formats/gov_site_page.html print them). Each test uses part of it.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// `nianbao ARGS` with `NIANBAO_DB` set to `db` and no user queries.
pub fn nianbao(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env("NIANBAO_DB", db)
        .env_remove("NIANBAO_QUERIES")
        .output()
        .expect("the nianbao binary runs")
}

/// The checks on a generated report's truth, with the facts its text states as recognition
/// reads them (the truth holds the tables; `n.matches_table` compares them with the text).
pub fn check_truth(s: &nianbao_synth::Synth) -> Vec<nianbao::check::Finding> {
    let doc = nianbao::document::Document::from_text(&s.text);
    let mut report = s.report.clone();
    report.facts = nianbao::recognize::recognize(&doc)
        .expect("a generated report is recognized")
        .facts;
    nianbao::check::check_document(&doc, &report)
}

/// The library's ingest of the folders `roots` into `db` on `jobs` parser threads, every
/// event ignored; panics on a store error.
pub fn ingest(roots: &[std::path::PathBuf], db: &Path, jobs: usize) -> nianbao::ingest::Summary {
    let options = nianbao::ingest::Options {
        jobs,
        ..nianbao::ingest::Options::default()
    };
    nianbao::ingest::ingest(roots, db, &options, &mut |_| {}).expect("the ingest stores")
}

/// A plain connection to a test database: any SQLite client reads every table and view.
pub fn connect(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

/// The five seed reports (tests/fixtures/seeds) ingested by the binary into `seeds.db` in
/// `dir`.
pub fn seeds_database(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("seeds.db");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    ok(nianbao(
        &["ingest", seeds.to_str().unwrap(), "--quiet"],
        &db,
    ));
    db
}

/// Standard output of a run that must succeed.
pub fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub const TABLE1: &[(&str, &[(&str, f64)])] = &[
    (
        "regulations",
        &[("issued", 2.0), ("repealed", 1.0), ("in_force", 15.0)],
    ),
    (
        "normative_documents",
        &[("issued", 12.0), ("repealed", 3.0), ("in_force", 86.0)],
    ),
    ("licensing", &[("decisions", 1520.0)]),
    ("punishment", &[("decisions", 347.0)]),
    ("coercion", &[("decisions", 12.0)]),
    ("admin_fees", &[("amount_wan_yuan", 3.25)]),
];

/// Table 2: natural person, commercial, research, public interest, legal services, other,
/// total.
pub const TABLE2: &[(&str, [u32; 7])] = &[
    ("new", [120, 15, 2, 1, 3, 4, 145]),
    ("carried_over", [6, 1, 0, 0, 0, 0, 7]),
    ("granted", [50, 6, 1, 0, 1, 2, 60]),
    ("partial", [12, 2, 0, 0, 0, 0, 14]),
    ("denied.state_secret", [1, 0, 0, 0, 0, 0, 1]),
    ("denied.law_forbidden", [0, 0, 0, 0, 0, 0, 0]),
    ("denied.three_safety", [2, 0, 0, 0, 0, 0, 2]),
    ("denied.third_party", [3, 1, 0, 0, 0, 0, 4]),
    ("denied.internal_affairs", [4, 0, 0, 0, 0, 0, 4]),
    ("denied.process_info", [5, 1, 0, 0, 0, 0, 6]),
    ("denied.enforcement_file", [1, 0, 0, 0, 0, 0, 1]),
    ("denied.query_matter", [2, 0, 0, 0, 0, 0, 2]),
    ("unable.not_held", [20, 2, 0, 1, 1, 1, 25]),
    ("unable.needs_creation", [4, 1, 0, 0, 0, 0, 5]),
    ("unable.unclear", [3, 0, 0, 0, 0, 0, 3]),
    ("not_processed.petition", [6, 0, 0, 0, 0, 0, 6]),
    ("not_processed.repeated", [3, 0, 0, 0, 0, 0, 3]),
    ("not_processed.publication", [1, 0, 0, 0, 0, 0, 1]),
    ("not_processed.mass_repeated", [0, 0, 0, 0, 0, 0, 0]),
    ("not_processed.confirm_info", [2, 0, 0, 0, 0, 0, 2]),
    ("other.no_correction", [2, 1, 0, 0, 0, 0, 3]),
    ("other.no_fee", [0, 0, 0, 0, 0, 0, 0]),
    ("other.other", [1, 0, 0, 0, 0, 0, 1]),
    ("total_processed", [122, 14, 1, 1, 2, 3, 143]),
    ("carried_forward", [4, 2, 1, 0, 1, 1, 9]),
];
pub const T2_COLS: [&str; 7] = [
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
    "total",
];
pub const TABLE3: [u32; 15] = [3, 1, 0, 1, 5, 2, 0, 1, 0, 3, 1, 0, 0, 1, 2];
