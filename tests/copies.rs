//! Copied reports (雷同) on a generated corpus with planted copies: `nianbao copies` finds
//! every planted copy — whole sections, and sections with names and numbers changed, from
//! another agency of the same year or from the agency's year next to it — and no other
//! pair; the s.copied_text findings fall on the reports the rule names; and replacing a
//! report removes its pairs and its partner's finding until the next run.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use nianbao_synth::{Options, Planted, plant, planted_pairs};

use common::{connect, ingest, nianbao, ok};

const FIRST: u64 = 500;
const COUNT: u64 = 160;

/// Writes the planted corpus into `dir`: the planted copies and each seed's (agency, year).
fn corpus(dir: &Path) -> (Vec<Planted>, BTreeMap<u64, (String, i32)>) {
    let planted = planted_pairs(FIRST, COUNT, 50);
    let mut reports = BTreeMap::new();
    for seed in FIRST..FIRST + COUNT {
        let p = planted.iter().find(|p| p.copy == seed);
        let s = plant(seed, &Options::default(), p);
        std::fs::write(dir.join(format!("{seed:08}.txt")), &s.text).unwrap();
        reports.insert(seed, (s.report.agency.clone(), s.report.year));
    }
    (planted, reports)
}

/// The seed of each stored report, by id.
fn seeds(conn: &rusqlite::Connection) -> BTreeMap<i64, u64> {
    conn.prepare("SELECT id, source_path FROM reports")
        .unwrap()
        .query_map([], |r| {
            let path: String = r.get(1)?;
            let name = Path::new(&path).file_stem().unwrap().to_string_lossy();
            Ok((r.get(0)?, name.parse().unwrap()))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The stored pairs as (smaller seed, larger seed, section).
fn pairs(conn: &rusqlite::Connection) -> BTreeSet<(u64, u64, String)> {
    let seeds = seeds(conn);
    conn.prepare("SELECT report_id, other_report_id, key FROM copied_sections")
        .unwrap()
        .query_map([], |r| {
            let (a, b) = (seeds[&r.get::<_, i64>(0)?], seeds[&r.get::<_, i64>(1)?]);
            Ok((a.min(b), a.max(b), r.get(2)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The seeds of the reports with an s.copied_text finding, with its detail.
fn flagged(conn: &rusqlite::Connection) -> BTreeMap<u64, String> {
    let seeds = seeds(conn);
    conn.prepare("SELECT report_id, detail FROM check_findings WHERE rule = 's.copied_text'")
        .unwrap()
        .query_map([], |r| Ok((seeds[&r.get::<_, i64>(0)?], r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn every_planted_copy_is_found_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("reports");
    std::fs::create_dir(&files).unwrap();
    let db = dir.path().join("copies.db");
    let (planted, reports) = corpus(&files);
    // Every report is its own agency and year, so every one is stored.
    let distinct: BTreeSet<&(String, i32)> = reports.values().collect();
    assert_eq!(distinct.len(), reports.len());
    let summary = ingest(std::slice::from_ref(&files), &db, 2);
    assert_eq!(summary.ingested, COUNT);

    // Both kinds of copy, each with and without its names and numbers changed.
    let kinds: BTreeSet<(bool, bool)> =
        planted.iter().map(|p| (p.same_agency, p.changed)).collect();
    assert_eq!(kinds.len(), 4, "{planted:?}");
    assert_eq!(planted.len(), 40, "{planted:?}");

    let out = ok(nianbao(&["copies"], &db));
    let conn = connect(&db);
    let want: BTreeSet<(u64, u64, String)> = planted
        .iter()
        .map(|p| (p.source, p.copy, p.key.to_string()))
        .collect();
    assert_eq!(pairs(&conn), want);
    assert!(
        out.contains(&format!("{} copied pairs", want.len())),
        "{out}"
    );

    // The rule: both reports of two agencies; the later year of one agency's section 五.
    let mut want: BTreeMap<u64, Vec<(u64, &str)>> = BTreeMap::new();
    for p in &planted {
        if p.same_agency {
            let later = if reports[&p.copy].1 > reports[&p.source].1 {
                (p.copy, p.source)
            } else {
                (p.source, p.copy)
            };
            want.entry(later.0).or_default().push((later.1, p.key));
        } else {
            want.entry(p.copy).or_default().push((p.source, p.key));
            want.entry(p.source).or_default().push((p.copy, p.key));
        }
    }
    let found = flagged(&conn);
    assert_eq!(
        found.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (seed, others) in &want {
        for (other, key) in others {
            let (agency, year) = &reports[other];
            let heading = nianbao::vocab::section(key).unwrap().heading;
            let named =
                format!("{heading}: 100% of its text is also in {agency} {year} (similarity 1.00)");
            assert!(
                found[seed].contains(&named),
                "{seed}: {} lacks {named}",
                found[seed]
            );
        }
    }

    // The saved query lists each pair once, with its cluster of two reports.
    let listed = ok(nianbao(&["query", "copies", "-f", "csv"], &db));
    assert_eq!(listed.lines().count(), 1 + planted.len());
    assert!(
        listed
            .lines()
            .skip(1)
            .all(|l| l.ends_with(",1,100,100,") || l.contains(",1,100,100,")),
        "{listed}"
    );

    // Replacing a copy's file removes its pairs and its partner's finding; the next run
    // finds the copy again.
    let p = planted.iter().find(|p| !p.same_agency).unwrap();
    let file = files.join(format!("{:08}.txt", p.copy));
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push('\n');
    std::fs::write(&file, text).unwrap();
    ingest(std::slice::from_ref(&files), &db, 1);
    let conn = connect(&db);
    assert!(
        !pairs(&conn)
            .iter()
            .any(|(a, b, _)| *a == p.copy || *b == p.copy)
    );
    let found = flagged(&conn);
    assert!(!found.contains_key(&p.copy) && !found.contains_key(&p.source));
    ok(nianbao(&["copies"], &db));
    assert!(pairs(&connect(&db)).contains(&(p.source, p.copy, p.key.to_string())));
}
