//! `nianbao query`, `sql` and `export` run as the real binary on a database built through
//! the store: two agencies, report years 2022 and 2023, known table 2 numbers.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nianbao::check::{Finding, Severity};
use nianbao::model::{Cell, Contact, Fact, Report, Table, TableStatus};
use nianbao::store::{SaveOutcome, Source, Store};
use nianbao::vocab::Template;

const BEIJING: &str = "北京市财政局";
const SHANGHAI: &str = "上海市财政局";
const JINAN: &str = "济南市财政局";

fn cell(row_key: &'static str, col_key: &'static str, value: f64) -> Cell {
    Cell {
        row_key,
        col_key,
        value: Some(value),
        raw: format!("{value}"),
        line: 40,
    }
}

/// A report whose table 2 has `new`: natural_person + commercial = total, and table 3's
/// review row.
fn report(agency: &str, year: i32, natural_person: f64, commercial: f64) -> Report {
    Report {
        agency: agency.to_string(),
        year,
        identified_by: Default::default(),
        title: format!("{agency}{year}年政府信息公开工作年度报告"),
        template: Template::Y2021,
        published_on: None,
        contact: Contact::default(),
        sections: vec![],
        tables: vec![
            Table::empty(1, TableStatus::Missing),
            Table {
                no: 2,
                status: TableStatus::Partial,
                variant: None,
                images: vec![],
                cells: vec![
                    cell("new", "natural_person", natural_person),
                    cell("new", "commercial", commercial),
                    cell("new", "total", natural_person + commercial),
                ],
            },
            Table {
                no: 3,
                status: TableStatus::Partial,
                variant: None,
                images: vec![],
                cells: vec![
                    cell("review", "corrected", 1.0),
                    cell("review", "total", 3.0),
                ],
            },
        ],
        issues_listed: vec![],
        facts: vec![],
        warnings: vec![],
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

/// 北京 100 → 125 (+25 %), 上海 30 → 41 (+36.7 %).
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("warehouse.db");
    let mut store = Store::open(&db).unwrap();
    let reports = [
        (report(BEIJING, 2022, 90.0, 10.0), "bj-2022.txt"),
        (report(BEIJING, 2023, 120.0, 5.0), "bj-2023.txt"),
        (report(SHANGHAI, 2022, 30.0, 0.0), "sh-2022.txt"),
        (report(SHANGHAI, 2023, 40.0, 1.0), "sh-2023.txt"),
    ];
    for (r, path) in &reports {
        let findings = [Finding {
            rule: "t2.balance",
            severity: Severity::Error,
            detail: format!("{path} does not balance"),
            cells: vec![],
        }];
        let sha = format!("sha-{path}");
        let outcome = store
            .save(&Source { path, sha256: &sha }, r, &findings)
            .unwrap();
        assert_eq!(outcome, SaveOutcome::Inserted);
    }
    drop(store);
    Fixture { _dir: dir, db }
}

fn nianbao(args: &[&str], db: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nianbao"));
    cmd.args(args)
        .env_remove("NIANBAO_DB")
        .env_remove("NIANBAO_QUERIES");
    if let Some(db) = db {
        cmd.env("NIANBAO_DB", db);
    }
    cmd.output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "status {:?}\nstdout: {}\nstderr: {}",
        o.status,
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

#[test]
fn list_shows_every_builtin_with_its_parameters() {
    // --list needs no database.
    let text = ok(nianbao(&["query", "--list"], None));
    for name in [
        "yoy-applications",
        "applications-by-applicant",
        "outcomes",
        "review-litigation",
        "problems",
        "check-failures",
        "table-status",
        "facts",
        "publishing-channels",
        "regional-rollup",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{name} "))),
            "{name} missing from:\n{text}"
        );
    }
    assert!(text.contains(":year"), "{text}");
    assert!(text.contains(":agency"), "{text}");
    assert!(text.contains(":severity"), "{text}");
}

#[test]
fn yoy_applications_for_2023_as_csv() {
    let f = fixture();
    let text = ok(nianbao(
        &[
            "query",
            "yoy-applications",
            "--param",
            "year=2023",
            "--format",
            "csv",
        ],
        Some(&f.db),
    ));
    assert_eq!(
        text,
        "agency,year,new_applications,new_source,prev_year_new_applications,prev_source,growth_pct\n\
         上海市财政局,2023,41,table,30,table,36.7\n\
         北京市财政局,2023,125,table,100,table,25\n"
    );
}

#[test]
fn yoy_applications_all_years_with_db_flag() {
    let f = fixture();
    let db = f.db.to_str().unwrap();
    let text = ok(nianbao(
        &[
            "query",
            "yoy-applications",
            "--db",
            db,
            "--param",
            "agency=北京",
            "-f",
            "csv",
        ],
        None,
    ));
    assert_eq!(
        text,
        "agency,year,new_applications,new_source,prev_year_new_applications,prev_source,growth_pct\n\
         北京市财政局,2022,100,table,,,\n\
         北京市财政局,2023,125,table,100,table,25\n"
    );
}

/// A fact as the recognizer stores it.
fn fact(key: &'static str, value: f64, sentence: &str) -> Fact {
    Fact {
        section: "overview",
        key,
        value,
        unit: "件",
        sentence: sentence.to_string(),
        line: 12,
    }
}

#[test]
fn yoy_applications_falls_back_to_the_narrative_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("warehouse.db");
    let mut store = Store::open(&db).unwrap();
    // 2022: table 80. 2023: table a picture, narrative 90. 2024: no table, the narrative
    // states only last year's figure. 2025: the table prints 7 and the narrative 6.
    let mut r2023 = report(JINAN, 2023, 0.0, 0.0);
    r2023.tables[1] = Table::empty(2, TableStatus::Image);
    r2023.facts = vec![fact(
        "applications.new",
        90.0,
        "共收到政府信息公开申请90件。",
    )];
    let mut r2024 = report(JINAN, 2024, 0.0, 0.0);
    r2024.tables[1] = Table::empty(2, TableStatus::Missing);
    r2024.facts = vec![fact("applications.prev_year_new", 95.0, "上年为95件。")];
    let mut r2025 = report(JINAN, 2025, 7.0, 0.0);
    r2025.facts = vec![fact("applications.new", 6.0, "收到申请6件。")];
    for (r, path) in [
        (report(JINAN, 2022, 80.0, 0.0), "jn-2022.txt"),
        (r2023, "jn-2023.txt"),
        (r2024, "jn-2024.txt"),
        (r2025, "jn-2025.txt"),
    ] {
        let sha = format!("sha-{path}");
        store.save(&Source { path, sha256: &sha }, &r, &[]).unwrap();
    }
    drop(store);
    let text = ok(nianbao(
        &["query", "yoy-applications", "--format", "csv"],
        Some(&db),
    ));
    assert_eq!(
        text,
        "agency,year,new_applications,new_source,prev_year_new_applications,prev_source,growth_pct\n\
         济南市财政局,2022,80,table,,,\n\
         济南市财政局,2023,90,narrative,80,table,12.5\n\
         济南市财政局,2024,,,90,narrative,\n\
         济南市财政局,2025,7,table,,,\n"
    );
}

#[test]
fn applications_by_applicant_and_review_litigation() {
    let f = fixture();
    let text = ok(nianbao(
        &[
            "query",
            "applications-by-applicant",
            "-p",
            "year=2022",
            "-p",
            "agency=上海",
            "--format",
            "csv",
        ],
        Some(&f.db),
    ));
    assert_eq!(
        text,
        "agency,year,table2_status,natural_person,commercial,research,public_interest,legal_services,other_org,total\n\
         上海市财政局,2022,partial,30,0,,,,,30\n"
    );
    let text = ok(nianbao(
        &[
            "query",
            "review-litigation",
            "-p",
            "year=2023",
            "--format",
            "csv",
        ],
        Some(&f.db),
    ));
    assert_eq!(
        text,
        "agency,year,row_key,upheld,corrected,other,pending,total,correction_rate_pct\n\
         上海市财政局,2023,review,,1,,,3,33.3\n\
         北京市财政局,2023,review,,1,,,3,33.3\n"
    );
}

#[test]
fn check_failures_filter_by_rule_family() {
    let f = fixture();
    let text = ok(nianbao(
        &[
            "query",
            "check-failures",
            "-p",
            "rule=t2",
            "-p",
            "year=2022",
            "--format",
            "csv",
        ],
        Some(&f.db),
    ));
    assert_eq!(
        text,
        "agency,year,rule,severity,detail\n\
         上海市财政局,2022,t2.balance,error,sh-2022.txt does not balance\n\
         北京市财政局,2022,t2.balance,error,bj-2022.txt does not balance\n"
    );
    let text = ok(nianbao(
        &[
            "query",
            "check-failures",
            "-p",
            "rule=t3",
            "--format",
            "csv",
        ],
        Some(&f.db),
    ));
    assert_eq!(text, "agency,year,rule,severity,detail\n");
}

#[test]
fn sql_as_json() {
    let f = fixture();
    let text = ok(nianbao(
        &[
            "sql",
            "SELECT agency, year, value, raw, NULL AS note FROM cells \
             WHERE row_key = 'new' AND col_key = 'total' AND year = :year ORDER BY agency",
            "--param",
            "year=2023",
            "--format",
            "json",
        ],
        Some(&f.db),
    ));
    assert_eq!(
        text,
        "[\n  {\"agency\": \"上海市财政局\", \"year\": 2023, \"value\": 41, \"raw\": \"41\", \"note\": null},\n  \
         {\"agency\": \"北京市财政局\", \"year\": 2023, \"value\": 125, \"raw\": \"125\", \"note\": null}\n]\n"
    );
}

#[test]
fn sql_refuses_to_write() {
    let f = fixture();
    let o = nianbao(&["sql", "DELETE FROM reports"], Some(&f.db));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("refused: the statement would change the database"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o), "");
    let still = ok(nianbao(
        &[
            "sql",
            "SELECT count(*) AS n FROM reports",
            "--format",
            "csv",
        ],
        Some(&f.db),
    ));
    assert_eq!(still, "n\n4\n");

    let o = nianbao(&["sql", "SELECT 1; DELETE FROM reports"], Some(&f.db));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("only one statement"), "{}", stderr(&o));

    let o = nianbao(&["sql", "PRAGMA user_version = 7"], Some(&f.db));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("PRAGMA user_version = 7 is refused"),
        "{}",
        stderr(&o)
    );
    let version = ok(nianbao(
        &["sql", "PRAGMA user_version", "--format", "csv"],
        Some(&f.db),
    ));
    assert_eq!(
        version,
        format!("user_version\n{}\n", nianbao::store::SCHEMA_VERSION)
    );
}

/// A query that never ends on its own: it counts forever.
const ENDLESS: &str =
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n";

#[test]
fn a_query_past_its_timeout_is_stopped() {
    let f = fixture();
    let started = std::time::Instant::now();
    let o = nianbao(&["sql", ENDLESS, "--timeout", "0.5"], Some(&f.db));
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "nianbao: error: nianbao sql: the query ran longer than --timeout 0.5s and was \
         stopped; narrow it (a WHERE on year or agency) or give it more time\n"
    );
    // A saved query too, and what it would have written is not left half done.
    let dir = f.db.with_file_name("queries");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("endless.sql"),
        format!("-- Counts forever\n{ENDLESS}\n"),
    )
    .unwrap();
    let out = f.db.with_file_name("endless.csv");
    let o = nianbao(
        &[
            "query",
            "endless",
            "--queries",
            dir.to_str().unwrap(),
            "--timeout",
            "1",
            "--output",
            out.to_str().unwrap(),
        ],
        Some(&f.db),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(&format!(
            "nianbao: error: query endless ({}): the query ran longer than --timeout 1s",
            dir.join("endless.sql").display()
        )),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    // A query that ends in time is not touched.
    let o = nianbao(
        &[
            "sql",
            "SELECT count(*) AS n FROM reports",
            "--timeout",
            "30",
            "--format",
            "csv",
        ],
        Some(&f.db),
    );
    assert_eq!(ok(o), "n\n4\n");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_a_query() {
    let f = fixture();
    let child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["sql", ENDLESS, "--format", "csv"])
        .env("NIANBAO_DB", &f.db)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Long enough for the query to be running, with Ctrl-C caught.
    std::thread::sleep(std::time::Duration::from_secs(1));
    // SAFETY: a plain kill(2) of our own child.
    assert_eq!(
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) },
        0
    );
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130));
    assert_eq!(
        stderr(&o),
        "nianbao: interrupted (Ctrl-C): the query was stopped\n"
    );
}

#[test]
fn sql_refuses_attach() {
    let f = fixture();
    let other = f.db.with_file_name("other.db");
    let sql = format!("ATTACH DATABASE '{}' AS other", other.display());
    let o = nianbao(&["sql", &sql], Some(&f.db));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("refused: ATTACH"), "{}", stderr(&o));
    assert!(!other.exists());
}

#[test]
fn export_cells_with_bom() {
    let f = fixture();
    let out = f.db.with_file_name("cells.csv");
    ok(nianbao(
        &[
            "export",
            "cells",
            "--bom",
            "--output",
            out.to_str().unwrap(),
        ],
        Some(&f.db),
    ));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("agency,year,table_no,row_key,col_key,value,raw,line,report_id")
    );
    // 4 reports × (3 table-2 cells + 2 table-3 cells).
    assert_eq!(lines.count(), 20);
    assert!(
        text.contains("\n北京市财政局,2023,2,new,total,125,125,40,2\n"),
        "{text}"
    );
}

#[test]
fn export_json_and_unknown_name() {
    let f = fixture();
    let text = ok(nianbao(
        &["export", "agencies", "--format", "json"],
        Some(&f.db),
    ));
    assert_eq!(
        text,
        "[\n  {\"id\": 1, \"name\": \"北京市财政局\"},\n  {\"id\": 2, \"name\": \"上海市财政局\"}\n]\n"
    );
    let o = nianbao(&["export", "cells; DROP TABLE reports"], Some(&f.db));
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("no table or view named `cells; DROP TABLE reports`"),
        "{err}"
    );
    assert!(err.contains("report_overview"), "{err}");
}

#[test]
fn param_injection_is_bound_not_spliced() {
    let f = fixture();
    let text = ok(nianbao(
        &[
            "query",
            "yoy-applications",
            "--param",
            "agency=x' OR 1=1 --",
            "--format",
            "csv",
        ],
        Some(&f.db),
    ));
    assert_eq!(
        text,
        "agency,year,new_applications,new_source,prev_year_new_applications,prev_source,growth_pct\n"
    );
}

#[test]
fn unknown_query_and_undeclared_param_are_errors() {
    let f = fixture();
    let o = nianbao(&["query", "no-such-query"], Some(&f.db));
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("unknown query `no-such-query`"), "{err}");
    assert!(err.contains("yoy-applications"), "{err}");
    assert!(err.contains("check-failures"), "{err}");

    let o = nianbao(
        &["query", "yoy-applications", "--param", "region=华北"],
        Some(&f.db),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(
            "query yoy-applications has no parameter :region; its parameters are :year [integer], :agency [text]"
        ),
        "{err}"
    );
}

#[test]
fn user_queries_from_a_directory() {
    let f = fixture();
    let dir = f.db.with_file_name("my-queries");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("agency-count.sql"),
        "-- How many agencies\n-- :min  least number of reports\nSELECT count(*) AS n FROM (\n  SELECT agency_id FROM reports GROUP BY agency_id HAVING count(*) >= coalesce(:min, 0))\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("outcomes.sql"),
        "-- My own outcomes\nSELECT 'mine' AS who\n",
    )
    .unwrap();
    let dir_arg = dir.to_str().unwrap();
    let list = ok(nianbao(&["query", "--list", "--queries", dir_arg], None));
    assert!(list.contains("How many agencies"), "{list}");
    assert!(list.contains(":min"), "{list}");
    assert!(list.contains("My own outcomes"), "{list}");
    assert_eq!(list.matches("\noutcomes ").count(), 1, "{list}");

    let text = ok(nianbao(
        &[
            "query",
            "agency-count",
            "--queries",
            dir_arg,
            "-p",
            "min=2",
            "-f",
            "csv",
        ],
        Some(&f.db),
    ));
    assert_eq!(text, "n\n2\n");
    let text = ok(nianbao(
        &["query", "outcomes", "--queries", dir_arg, "-f", "csv"],
        Some(&f.db),
    ));
    assert_eq!(text, "who\nmine\n");
}

#[test]
fn missing_database_says_to_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("absent.db");
    let o = nianbao(&["query", "outcomes"], Some(&db));
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains(&db.display().to_string()), "{err}");
    assert!(err.contains("run `nianbao ingest"), "{err}");
    assert!(!db.exists());
}

#[test]
fn output_file_and_table_format() {
    let f = fixture();
    let out = f.db.with_file_name("t.txt");
    ok(nianbao(
        &[
            "sql",
            "SELECT agency, count(*) AS reports FROM report_overview GROUP BY agency ORDER BY agency",
            "--format",
            "table",
            "--output",
            out.to_str().unwrap(),
        ],
        Some(&f.db),
    ));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("上海市财政局"), "{text}");
    assert!(text.contains("reports"), "{text}");
    assert!(text.ends_with("(2 rows)\n"), "{text}");
}
