//! The database is read by any SQLite client: every table and view selects through a plain
//! connection with none of nianbao's functions (rusqlite here, Python's `sqlite3` when
//! python3 is on the machine), and the text read back is the text of the reports.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::types::ValueRef;

/// Every table and view of the database: its name and type.
fn objects(conn: &rusqlite::Connection) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') \
             AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Each table's and view's rows and the characters of their text values, read with
/// `SELECT *` through `conn`.
fn read_all(conn: &rusqlite::Connection) -> BTreeMap<String, (u64, u64)> {
    objects(conn)
        .into_iter()
        .map(|(name, _)| {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{name}\""))
                .unwrap_or_else(|e| panic!("SELECT * FROM {name}: {e}"));
            let columns = stmt.column_count();
            let mut rows = stmt.query([]).unwrap();
            let (mut count, mut chars) = (0, 0);
            while let Some(row) = rows
                .next()
                .unwrap_or_else(|e| panic!("SELECT * FROM {name}: {e}"))
            {
                count += 1;
                for i in 0..columns {
                    if let ValueRef::Text(t) = row.get_ref(i).unwrap() {
                        chars += std::str::from_utf8(t).unwrap().chars().count() as u64;
                    }
                }
            }
            (name, (count, chars))
        })
        .collect()
}

#[test]
fn every_table_and_view_selects_through_a_plain_connection() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::seeds_database(dir.path());
    let conn = common::connect(&db);
    let all = read_all(&conn);
    for (name, kind) in objects(&conn) {
        let counted: u64 = conn
            .query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(all[&name].0, counted, "{kind} {name}");
    }
    // The tables a report fills all have rows (five reports, each with every section).
    for name in [
        "reports",
        "sections",
        "table_cells",
        "cells",
        "problems_listed",
    ] {
        assert!(all[name].0 > 0, "{name} is empty");
    }

    // The text read back is each report's sections as recognized, byte for byte.
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let mut stored_sections = 0;
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        let (report, _) = nianbao::ingest::parse_bytes(&std::fs::read(&path).unwrap()).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT s.key, s.heading, s.body, s.line FROM sections s \
                 JOIN reports r ON r.id = s.report_id \
                 WHERE r.source_path LIKE '%' || ?1 ORDER BY s.ordinal",
            )
            .unwrap();
        let stored: Vec<(String, String, String, usize)> = stmt
            .query_map([path.file_name().unwrap().to_str().unwrap()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let parsed: Vec<(String, String, String, usize)> = report
            .sections
            .iter()
            .map(|s| (s.key.to_string(), s.heading.clone(), s.body.clone(), s.line))
            .collect();
        assert_eq!(stored, parsed, "{}", path.display());
        stored_sections += stored.len() as u64;
    }
    assert_eq!(stored_sections, all["sections"].0);
}

/// What Python's sqlite3 module reads of every table and view: its rows and the
/// characters of their text values, as `name<TAB>rows<TAB>chars` lines.
const PYTHON_READ_ALL: &str = r#"
import sqlite3, sys
conn = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
names = [r[0] for r in conn.execute(
    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
    "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
for name in names:
    rows = chars = 0
    for row in conn.execute('SELECT * FROM "%s"' % name):
        rows += 1
        chars += sum(len(v) for v in row if isinstance(v, str))
    print("%s\t%d\t%d" % (name, rows, chars))
"#;

#[test]
fn python_reads_every_table_and_view_as_rusqlite_does() {
    let Ok(python) = std::process::Command::new("python3")
        .arg("--version")
        .output()
    else {
        eprintln!("python3 is not installed: Python's sqlite3 not tried (.ci/run installs it)");
        return;
    };
    assert!(python.status.success());
    let dir = tempfile::tempdir().unwrap();
    let db = common::seeds_database(dir.path());
    let out = std::process::Command::new("python3")
        .args(["-c", PYTHON_READ_ALL, db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let python: BTreeMap<String, (u64, u64)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            (
                f[0].to_string(),
                (f[1].parse().unwrap(), f[2].parse().unwrap()),
            )
        })
        .collect();
    let rust = read_all(&common::connect(&db));
    assert_eq!(python, rust);
    assert!(rust["sections"].1 > 10_000, "{:?}", rust["sections"]);
}

/// The rows a JSON array of objects holds, numbers as f64 (the sqlite3 shell prints a
/// whole REAL as 12.0, nianbao as 12), each row's columns in order.
fn json_rows(text: &str) -> Vec<Vec<(String, serde_json::Value)>> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    rows.into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(k, v)| {
                    let v = match v.as_f64() {
                        Some(n) if v.is_number() => serde_json::json!(n),
                        _ => v,
                    };
                    (k, v)
                })
                .collect()
        })
        .collect()
}

/// Every saved query gives the same rows in the sqlite3 shell as in `nianbao query`: the
/// queries need nothing of nianbao's, with or without a parameter.
#[test]
fn the_sqlite3_shell_gives_every_saved_querys_rows() {
    if std::process::Command::new("sqlite3")
        .arg("-version")
        .output()
        .is_err()
    {
        eprintln!("sqlite3 is not installed: the shell not tried (.ci/run installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = common::seeds_database(dir.path());
    let mut compared = 0;
    for (name, sql) in nianbao::queries::saved::BUILT_IN {
        for year in [None, Some("2023")] {
            let takes_year = sql.contains(":year");
            if year.is_some() && !takes_year {
                continue;
            }
            let mut args = vec!["query", name, "--format", "json"];
            let mut script = String::new();
            if let Some(y) = year {
                args.extend(["--param", "year=2023"]);
                script.push_str(&format!(".param set :year {y}\n"));
            }
            let ours = common::ok(common::nianbao(&args, &db));
            script.push_str(sql);
            let mut shell = std::process::Command::new("sqlite3")
                .args(["-readonly", "-bail", "-json", db.to_str().unwrap()])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write;
            shell
                .stdin
                .take()
                .unwrap()
                .write_all(script.as_bytes())
                .unwrap();
            let out = shell.wait_with_output().unwrap();
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "{name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let theirs = String::from_utf8(out.stdout).unwrap();
            let (ours, theirs) = (json_rows(&ours), json_rows(&theirs));
            assert_eq!(ours, theirs, "{name} year={year:?}");
            compared += ours.len();
        }
    }
    assert!(compared > 50, "{compared} rows compared");
}
