//! Faults around a real ingest: `nianbao ingest` killed (SIGKILL) at random moments, two
//! and three ingests on one database at once, a writer holding the database for seconds,
//! queries while an ingest writes. Each time the database
//! opens, passes `PRAGMA integrity_check`, holds every report whole or not at all, and
//! ends equal to a clean single ingest of the same files.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use nianbao_synth::{self as synth, Rng};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};

fn nianbao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

fn ingest(db: &Path, dirs: &[&Path]) -> Command {
    let mut command = nianbao();
    command
        // Every report committed on its own, so that kills land between commits.
        .env("NIANBAO_BATCH_REPORTS", "1")
        .arg("ingest")
        .args(dirs)
        .arg("--db")
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Generated reports, one agency each (so that no report chains to another year's and
/// none conflicts with another), written to `dir`; `taken` holds the agencies used so far.
fn corpus(dir: &Path, first_seed: u64, count: usize, taken: &mut BTreeSet<String>) -> usize {
    std::fs::create_dir_all(dir).unwrap();
    let mut written = 0;
    let mut seed = first_seed;
    while written < count {
        let s = synth::generate(seed, &synth::Options::default());
        if taken.insert(s.report.agency.clone()) {
            std::fs::write(dir.join(format!("{seed:05}.txt")), &s.text).unwrap();
            written += 1;
        }
        seed += 1;
    }
    written
}

/// A database's rows, table by table, with every row id replaced by what it stands for (a
/// report by its source path, an agency by its name, a finding by its report and rule) and
/// the ingest time left out: two databases holding the same reports dump the same, in
/// whatever order the reports were stored. Rows are grouped under the report they belong
/// to ("" for rows of no report: agencies, regions).
type Dump = BTreeMap<String, BTreeMap<String, Vec<String>>>;

fn dump(db: &Path) -> Dump {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // Killed while the schema was created, a database may hold none of it.
    let has = |table: &str| tables.iter().any(|t| t == table);
    // Cells by their keys, through the view: key numbers depend on which report came first.
    let keyed = has("cell_values");
    let tables: Vec<String> = tables
        .iter()
        .filter(|t| !matches!(t.as_str(), "cell_values" | "cell_keys"))
        .cloned()
        .chain(keyed.then(|| "table_cells".to_string()))
        .collect();
    let pairs = |sql: &str| -> HashMap<i64, (String, String)> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let (mut reports, mut agencies, mut findings) = Default::default();
    if has("reports") {
        reports = pairs("SELECT id, source_path, '' FROM reports");
        agencies = pairs("SELECT id, name, '' FROM agencies");
        findings = pairs(
            "SELECT f.id, r.source_path, r.source_path || '/' || f.rule \
             FROM check_findings f JOIN reports r ON r.id = f.report_id",
        );
    }
    let mut out = Dump::new();
    for table in &tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let names: Vec<String> = stmt.column_names().iter().map(|n| n.to_string()).collect();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let mut owner = String::new();
            let mut fields = Vec::new();
            for (i, name) in names.iter().enumerate() {
                let value: Value = row.get(i).unwrap();
                let id = || match value {
                    Value::Integer(id) => id,
                    ref other => panic!("{table}.{name} is {other:?}"),
                };
                let shown = match name.as_str() {
                    "id" | "ingested_at" => continue,
                    "report_id" => {
                        owner = reports
                            .get(&id())
                            .expect("a row of a stored report")
                            .0
                            .clone();
                        owner.clone()
                    }
                    "agency_id" => agencies.get(&id()).expect("a stored agency").0.clone(),
                    "finding_id" => {
                        let (path, key) = findings.get(&id()).cloned().expect("a stored finding");
                        owner = path;
                        key
                    }
                    _ => format!("{value:?}"),
                };
                fields.push(format!("{name}={shown}"));
            }
            if table == "reports" {
                owner = reports[&row.get::<_, i64>("id").unwrap()].0.clone();
            }
            out.entry(owner)
                .or_default()
                .entry(table.clone())
                .or_default()
                .push(fields.join("|"));
        }
    }
    for tables in out.values_mut() {
        for rows in tables.values_mut() {
            rows.sort();
        }
    }
    out
}

/// How many reports a database holds, as far as a reader can see (0 before the schema).
fn stored_reports(db: &Path) -> usize {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.query_row("SELECT count(*) FROM reports", [], |r| r.get::<_, i64>(0)))
        .map_or(0, |n| n as usize)
}

fn integrity(db: &Path) -> String {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    // The first reader after a kill recovers the write-ahead log, and a reader meanwhile
    // waits for it, as nianbao's own readers do.
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Each stored report of `got` exactly as in `want` (all its rows or, when it is not
/// stored, none); returns how many reports are stored.
fn assert_reports_whole(got: &Dump, want: &Dump, what: &str) -> usize {
    let mut stored = 0;
    for (path, tables) in got {
        if path.is_empty() {
            continue;
        }
        assert!(
            tables.contains_key("reports"),
            "{what}: rows of {path} without its report"
        );
        assert_eq!(Some(tables), want.get(path), "{what}: {path} is not whole");
        stored += 1;
    }
    stored
}

/// The reference: a clean ingest of `dirs`, and how long it took.
fn clean_ingest(db: &Path, dirs: &[&Path]) -> (Dump, Duration) {
    let started = Instant::now();
    let out = ingest(db, dirs).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    (dump(db), started.elapsed())
}

#[test]
fn killed_at_random_moments_every_report_is_whole_and_a_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let n = corpus(&input, 1000, 60, &mut BTreeSet::new());
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    // How long the start-up (schema, gazetteer) takes.
    let (_, start_up) = clean_ingest(&dir.path().join("empty.db"), &[&empty]);
    let (want, _) = clean_ingest(&dir.path().join("clean.db"), &[&input]);

    // The reference is what parsing each file gives: its cells, sections, listed issues
    // and findings.
    for entry in std::fs::read_dir(&input).unwrap() {
        let path = entry.unwrap().path();
        let (report, findings) =
            nianbao::ingest::parse_bytes(&std::fs::read(&path).unwrap()).unwrap();
        let rows = &want[&path.display().to_string()];
        let count = |table: &str| rows.get(table).map_or(0, Vec::len);
        let cells: usize = report.tables.iter().map(|t| t.cells.len()).sum();
        assert_eq!(count("table_cells"), cells, "{}", path.display());
        assert_eq!(count("sections"), report.sections.len());
        assert_eq!(count("issues_listed"), report.issues_listed.len());
        assert_eq!(count("check_findings"), findings.len());
        assert_eq!(count("facts"), report.facts.len());
    }
    assert_eq!(want.len() - 1, n);

    // Kills at random moments of the run, a few rounds on the same database (each round
    // goes on from what the killed ones stored), three databases from scratch. A moment is
    // drawn as a number of reports to wait for, plus a few milliseconds into the next, so
    // that kills land mid-run however fast the machine is; the first of each database
    // lands in its start-up, while the schema is created.
    let mut rng = Rng::new(8);
    let mut kills = 0;
    let mut partial = BTreeSet::new();
    for cycle in 0..3 {
        let db = dir.path().join(format!("killed{cycle}.db"));
        let mut stored = 0;
        for round in 0..7 {
            let mut child: Child = ingest(&db, &[&input]).spawn().unwrap();
            if round == 0 {
                std::thread::sleep(Duration::from_millis(
                    rng.below(start_up.as_millis() as u64 + 1),
                ));
            } else {
                let target = stored + 1 + rng.below((n - stored) as u64 / 3 + 1) as usize;
                let started = Instant::now();
                while child.try_wait().unwrap().is_none()
                    && stored_reports(&db) < target
                    && started.elapsed() < Duration::from_secs(30)
                {
                    std::thread::sleep(Duration::from_millis(1));
                }
                std::thread::sleep(Duration::from_millis(rng.below(15)));
            }
            if child.kill().is_ok() {
                kills += 1;
            }
            child.wait().unwrap();
            if !db.exists() {
                continue;
            }
            let what = format!("cycle {cycle}, round {round}");
            assert_eq!(integrity(&db), "ok", "{what}");
            stored = assert_reports_whole(&dump(&db), &want, &what);
            partial.insert(stored);
        }
        // The same ingest again completes the job.
        let out = ingest(&db, &[&input]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(integrity(&db), "ok");
        assert!(
            dump(&db) == want,
            "cycle {cycle}: the rerun differs from a clean ingest"
        );
    }
    // The kills fell at different points: before anything, and all along the run.
    eprintln!("{kills} kills, stored when killed: {partial:?}");
    assert!(kills >= 20, "{kills} kills");
    assert!(partial.len() >= 5, "stored when killed: {partial:?}");
    assert!(partial.iter().any(|&s| s > 0 && s < n), "{partial:?}");
}

/// `files: …` of an ingest's output: (ingested, unchanged, failed).
fn tally(out: &Output) -> (u64, u64, u64) {
    let stdout = text(&out.stdout);
    let line = stdout.lines().next().unwrap_or_default().to_string();
    let number = |word: &str| -> u64 {
        let at = line
            .find(word)
            .unwrap_or_else(|| panic!("{word} in {line}"));
        line[..at]
            .trim_end()
            .rsplit([' ', ','])
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    (number(" ingested"), number(" unchanged"), number(" failed"))
}

#[test]
fn two_ingests_at_once_and_queries_while_they_write() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    let mut taken = BTreeSet::new();
    let na = corpus(&a, 2000, 30, &mut taken);
    let nb = corpus(&b, 3000, 30, &mut taken);
    let nc = corpus(&c, 4000, 30, &mut taken);
    let (want, _) = clean_ingest(&dir.path().join("clean.db"), &[&a, &b, &c]);

    // Two ingests on a database neither has created yet: one of a and b, one of b and c.
    let db = dir.path().join("shared.db");
    let first = ingest(&db, &[&a, &b]).spawn().unwrap();
    let second = ingest(&db, &[&b, &c]).spawn().unwrap();

    // Queries while they write: each answers, from a consistent snapshot.
    let (mut first, mut second) = (first, second);
    let mut answered = Vec::new();
    while first.try_wait().unwrap().is_none() || second.try_wait().unwrap().is_none() {
        if !db.exists() {
            std::thread::sleep(Duration::from_millis(5));
            continue;
        }
        let out = nianbao()
            .args([
                "sql",
                "SELECT count(*) FROM reports",
                "--format",
                "csv",
                "--db",
            ])
            .arg(&db)
            .output()
            .unwrap();
        let err = text(&out.stderr);
        if out.status.code() == Some(2) && err.contains("is empty (no nianbao schema)") {
            continue; // the first ingest is still creating the schema
        }
        assert_eq!(out.status.code(), Some(0), "{err}");
        let count: u64 = text(&out.stdout).lines().nth(1).unwrap().parse().unwrap();
        answered.push(count);
    }
    let (first, second) = (
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    );
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    assert!(
        answered.windows(2).all(|w| w[0] <= w[1]) && answered.iter().any(|&n| n > 0),
        "{answered:?}"
    );

    // Every report once; each file of b stored by one ingest and found unchanged by the
    // other.
    let (i1, u1, f1) = tally(&first);
    let (i2, u2, f2) = tally(&second);
    assert_eq!((f1, f2), (0, 0));
    assert_eq!(i1 + i2, (na + nb + nc) as u64);
    assert_eq!(u1 + u2, nb as u64);
    assert_eq!(integrity(&db), "ok");
    assert!(
        dump(&db) == want,
        "two ingests at once differ from one clean ingest"
    );
}

#[test]
fn an_ingest_leaves_its_log_copied_into_the_database_though_a_reader_stays_open() {
    // The last connection to close copies the write-ahead log in; a reader open across the
    // ingest keeps that from happening, so the ingest does it itself: the database file
    // alone holds every report when it ends.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let mut taken = BTreeSet::new();
    let stored = corpus(&input, 500, 40, &mut taken);
    let db = dir.path().join("w.db");
    let out = ingest(&db, &[&input]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let reader = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let reports = |c: &Connection| -> i64 {
        c.query_row("SELECT count(*) FROM reports", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(reports(&reader), stored as i64);
    let more = dir.path().join("more");
    let added = corpus(&more, 900, 40, &mut taken);
    let out = ingest(&db, &[&more]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(reports(&reader), (stored + added) as i64);
    assert!(dir.path().join("w.db-wal").exists());
    let alone = dir.path().join("alone.db");
    std::fs::copy(&db, &alone).unwrap();
    let copy = Connection::open_with_flags(&alone, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    assert_eq!(reports(&copy), (stored + added) as i64);
}

/// Reports a folder for each concurrent-ingest test: `NIANBAO_OVERLAP_REPORTS` (thousands
/// in CI's full run), a few hundred by default.
fn overlap_reports() -> usize {
    std::env::var("NIANBAO_OVERLAP_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150)
}

/// `runs` ingests started together on one fresh database, the i-th of folders i and i+1
/// (so that every folder is seen by two of them), batched as usual: each completes, every
/// report is stored once, and the database equals one clean ingest of every folder.
fn overlapping_ingests(runs: usize) {
    let dir = tempfile::tempdir().unwrap();
    let n = overlap_reports();
    let mut taken = BTreeSet::new();
    let folders: Vec<_> = (0..runs)
        .map(|i| {
            let folder = dir.path().join(format!("f{i}"));
            corpus(&folder, 10_000 + 5_000 * i as u64, n, &mut taken);
            folder
        })
        .collect();
    let all: Vec<&Path> = folders.iter().map(|f| f.as_path()).collect();
    let (want, _) = clean_ingest(&dir.path().join("clean.db"), &all);

    let db = dir.path().join("shared.db");
    let children: Vec<Child> = (0..runs)
        .map(|i| {
            let mut command = ingest(&db, &[all[i], all[(i + 1) % runs]]);
            command.env_remove("NIANBAO_BATCH_REPORTS");
            command.spawn().unwrap()
        })
        .collect();
    let outputs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let (mut ingested, mut unchanged) = (0, 0);
    for out in &outputs {
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let (i, u, f) = tally(out);
        assert_eq!(f, 0);
        ingested += i;
        unchanged += u;
    }
    assert_eq!(ingested, (runs * n) as u64);
    assert_eq!(unchanged, (runs * n) as u64);
    assert_eq!(integrity(&db), "ok");
    assert!(
        dump(&db) == want,
        "{runs} ingests at once differ from one clean ingest"
    );
}

#[test]
fn two_overlapping_ingests_both_complete() {
    overlapping_ingests(2);
}

#[test]
fn three_overlapping_ingests_all_complete() {
    overlapping_ingests(3);
}

#[test]
fn an_ingest_waits_however_long_another_writer_holds_the_database() {
    // Another writer (here the test) holds the write lock for longer than any timeout a
    // connection might give up after: the ingest waits, says so on stderr, and stores
    // every report once the lock is free.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let mut taken = BTreeSet::new();
    let n = corpus(&input, 700, 5, &mut taken);
    let db = dir.path().join("held.db");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    clean_ingest(&db, &[&empty]);
    let holder = Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let child = ingest(&db, &[&input]).spawn().unwrap();
    std::thread::sleep(Duration::from_secs(8));
    holder.execute_batch("COMMIT").unwrap();
    let out = child.wait_with_output().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(tally(&out), (n as u64, 0, 0));
    assert!(
        err.contains(&format!(
            "waiting for another program writing to {}",
            db.display()
        )),
        "{err}"
    );
    assert_eq!(stored_reports(&db), n);
}
