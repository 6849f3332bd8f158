//! `nianbao bench` end to end on a few reports: what it can know exactly (how many reports
//! it stored, which saved queries it timed) is exact, and it keeps what it was asked to.

mod common;

use std::path::Path;

#[test]
fn bench_stores_every_report_and_times_every_saved_query_twice() {
    let dir = tempfile::tempdir().unwrap();
    let keep = dir.path().join("kept");
    let out = common::ok(common::nianbao(
        &[
            "bench",
            "--reports",
            "21",
            "--jobs",
            "2",
            "--keep",
            keep.to_str().unwrap(),
        ],
        &dir.path().join("unused.db"),
    ));
    assert!(out.contains("(21 stored, 0 failed, 0 duplicates)"), "{out}");
    assert!(out.contains("re-ingest unchanged"), "{out}");
    // The same reports as PDFs, every one stored.
    assert!(
        out.contains("(21 of the reports as PDFs: 21 stored, 0 failed)"),
        "{out}"
    );
    assert!(out.contains("ingest / floor"), "{out}");
    assert!(out.contains("│ copy detection "), "{out}");
    let cpu = out.lines().find(|l| l.contains("ingest CPU")).unwrap();
    if cfg!(target_os = "linux") {
        assert!(cpu.contains("cores busy; writer thread"), "{cpu}");
    }

    // Each saved query with one year and with one agency: a row each, with both timings.
    let mut names: Vec<String> = std::fs::read_dir("queries")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 17);
    for name in &names {
        let rows: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with(&format!("│ {name} ")))
            .collect();
        assert_eq!(rows.len(), 2, "{name}: {out}");
        for row in rows {
            assert_eq!(row.matches(" s ").count(), 2, "{row}");
        }
    }
    assert!(out.contains("slowest saved query: "), "{out}");

    // --keep keeps the corpus and the database, not the floor's.
    let conn = common::connect(&keep.join("bench.db"));
    let stored: i64 = conn
        .query_row("SELECT count(*) FROM reports", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 21);
    assert!(!keep.join("floor.db").exists());

    // The workbook and the page of the busiest province's year and of that whole year,
    // each with exactly the reports the selection holds, and no file left behind.
    let (province, year, in_province): (String, i64, i64) = conn
        .query_row(
            "SELECT p.province, r.year, count(*) FROM reports r \
             JOIN agency_places p ON p.agency_id = r.agency_id WHERE p.province IS NOT NULL \
             GROUP BY p.province, r.year ORDER BY count(*) DESC, p.province, r.year LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let in_year: i64 = conn
        .query_row(
            "SELECT count(*) FROM reports WHERE year = ?1",
            [year],
            |r| r.get(0),
        )
        .unwrap();
    for what in ["workbook", "page"] {
        for (selection, reports) in [
            (format!("region={province} year={year}"), in_province),
            (format!("year={year}"), in_year),
        ] {
            let row = out
                .lines()
                .find(|l| {
                    let cells: Vec<&str> = l.split(['│', '┆']).map(str::trim).collect();
                    cells.len() > 3 && cells[1] == what && cells[2] == selection
                })
                .unwrap_or_else(|| panic!("no {what} {selection}: {out}"));
            let cells: Vec<&str> = row.split(['│', '┆']).map(str::trim).collect();
            assert_eq!(cells[3], reports.to_string(), "{row}");
            assert!(cells[5].ends_with(" s"), "{row}");
        }
    }
    assert!(!keep.join("takeaway.xlsx").exists());
    assert_eq!(count_files(&keep.join("corpus")), 21);
    drop(conn);

    // Kept again in the same folder: the new corpus replaces the old, not beside it.
    let out = common::ok(common::nianbao(
        &["bench", "--reports", "13", "--keep", keep.to_str().unwrap()],
        &dir.path().join("unused.db"),
    ));
    assert!(out.contains("(13 stored, 0 failed, 0 duplicates)"), "{out}");
    assert_eq!(count_files(&keep.join("corpus")), 13);
}

fn count_files(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count()
}
