//! What the reading commands write: every format, Excel read back and compared with the
//! same command's CSV, Chinese headers, the byte order mark, the format chosen by the
//! output's extension, the office's workbook, outputs that would destroy the database,
//! the guard against what SQLite would execute, and closed pipes.

mod warehouse;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};
use warehouse::{nianbao, ok};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A warehouse ingested from generated reports (some with a broken balance): dates,
/// blanks, numbers and text of every kind the store holds.
fn ingested() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    let src = dir.path().join("src");
    let bin = env!("CARGO_BIN_EXE_nianbao");
    for args in [
        vec!["synth", "--count", "8", "--seed", "40", "--out", path(&src)],
        vec![
            "synth",
            "--count",
            "3",
            "--seed",
            "70",
            "--break",
            "t2.balance",
            "--out",
            path(&src),
        ],
    ] {
        assert!(
            Command::new(bin)
                .args(&args)
                .output()
                .unwrap()
                .status
                .success()
        );
    }
    ok(nianbao(&["ingest", path(&src), "--quiet"], &db));
    (dir, db)
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// `YYYY-MM-DD` (and `THH:MM:SSZ` when `with_time`) of an Excel serial date.
fn iso(serial: f64, with_time: bool) -> String {
    let days = serial.floor() as i64 - 25569; // 1970-01-01
    let secs = ((serial - serial.floor()) * 86400.0).round() as i64;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let date = format!("{y:04}-{m:02}-{d:02}");
    if with_time {
        format!(
            "{date}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    } else {
        date
    }
}

/// Reads the one sheet of `file` and checks it against the CSV `csv`: the same headers
/// and values, numbers stored as numbers, blanks empty, dates as dates. Returns the
/// sheet's name.
fn same_as_csv(file: &Path, csv: &str) -> String {
    let mut book: Xlsx<_> = open_workbook(file).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 1, "{names:?}");
    let range = book.worksheet_range(&names[0]).unwrap();
    let expected = csv_rows(csv);
    let rows: Vec<&[Data]> = range.rows().collect();
    assert_eq!(rows.len(), expected.len(), "{}", file.display());
    let (mut numbers, mut blanks, mut dates) = (0, 0, 0);
    for (r, (row, want)) in rows.iter().zip(&expected).enumerate() {
        assert_eq!(row.len(), want.len(), "row {r}");
        for (c, (got, want)) in row.iter().zip(want).enumerate() {
            let shown = match got {
                Data::Empty => {
                    blanks += 1;
                    String::new()
                }
                Data::Float(f) => {
                    numbers += 1;
                    assert!(r > 0, "a header is text");
                    if f.fract() == 0.0 {
                        format!("{}", *f as i64)
                    } else {
                        f.to_string()
                    }
                }
                Data::Int(i) => {
                    numbers += 1;
                    i.to_string()
                }
                Data::String(s) => s.clone(),
                Data::DateTime(d) => {
                    dates += 1;
                    iso(d.as_f64(), want.contains('T'))
                }
                other => panic!("row {r} column {c}: unexpected {other:?}"),
            };
            assert_eq!(&shown, want, "{} row {r} column {c}", file.display());
        }
    }
    assert!(numbers > 0, "{}: no numbers", file.display());
    let _ = (blanks, dates);
    // A column SQLite returns as numbers is numbers in every row: the years.
    if let Some(year) = rows[0]
        .iter()
        .position(|h| *h == Data::String("year".into()) || *h == Data::String("年度".into()))
    {
        assert!(
            rows[1..].iter().all(|r| matches!(r[year], Data::Float(_))),
            "{}",
            file.display()
        );
    }
    names[0].clone()
}

/// The sheet XML of `file`'s first sheet.
fn sheet_xml(file: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    xml
}

#[test]
fn xlsx_of_query_sql_export_and_check_holds_what_their_csv_holds() {
    let (dir, db) = ingested();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["query", "yoy-applications"], "yoy-applications"),
        (
            vec!["query", "review-litigation", "--headers", "zh"],
            "review-litigation",
        ),
        (vec!["query", "outcomes"], "outcomes"),
        (
            vec![
                "sql",
                "SELECT agency, year, published_on, template, cells FROM report_overview ORDER BY agency",
            ],
            "sql",
        ),
        (vec!["export", "reports"], "reports"),
        (vec!["export", "cells", "--headers", "zh"], "cells"),
        (
            vec!["check", "--db", path(&db), "--headers", "zh"],
            "findings",
        ),
    ];
    for (i, (args, sheet)) in cases.iter().enumerate() {
        let csv_out = nianbao(&[args.as_slice(), &["--format", "csv"]].concat(), &db);
        let csv = String::from_utf8(csv_out.stdout.clone()).unwrap();
        assert!(csv.lines().count() > 1, "{args:?}: {}", stderr(&csv_out));
        let file = dir.path().join(format!("out{i}.xlsx"));
        let o = nianbao(&[args.as_slice(), &["--output", path(&file)]].concat(), &db);
        assert_eq!(
            o.status.code(),
            csv_out.status.code(),
            "{args:?}: {}",
            stderr(&o)
        );
        assert_eq!(same_as_csv(&file, &csv), *sheet, "{args:?}");
        let xml = sheet_xml(&file);
        assert!(
            xml.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{xml:.400}"
        );
        let rows = csv_rows(&csv).len();
        let cols = csv_rows(&csv)[0].len();
        let last = (b'A' + (cols as u8 - 1) % 26) as char;
        let last = if cols > 26 {
            format!("{}{last}", (b'A' + (cols as u8 - 1) / 26 - 1) as char)
        } else {
            last.to_string()
        };
        assert!(
            xml.contains(&format!(r#"<autoFilter ref="A1:{last}{rows}"/>"#)),
            "{args:?}"
        );
        assert!(
            xml.contains("<col min=\"1\" max=\"1\" width="),
            "column widths are set"
        );
    }
    // Dates are dates and blanks stay blank: the stored reports' publication dates.
    let file = dir.path().join("reports.xlsx");
    ok(nianbao(
        &[
            "sql",
            "SELECT published_on, NULL AS blank, 0 AS zero FROM reports",
            "-o",
            path(&file),
        ],
        &db,
    ));
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let range = book.worksheet_range("sql").unwrap();
    let row = range.rows().nth(1).unwrap();
    assert!(matches!(row[0], Data::DateTime(_)), "{:?}", row[0]);
    assert!(matches!(row[1], Data::Empty), "{:?}", row[1]);
    assert_eq!(row[2], Data::Float(0.0));
}

#[test]
fn every_format_by_flag_or_by_the_outputs_extension() {
    let w = warehouse::build();
    let sql = "SELECT agency, year, published_on FROM report_overview WHERE year = 2021";
    let expect = [
        (
            "csv",
            "agency,year,published_on\n威海市文登区财政局,2021,2022-01-20\n",
        ),
        (
            "tsv",
            "agency\tyear\tpublished_on\n威海市文登区财政局\t2021\t2022-01-20\n",
        ),
        (
            "json",
            "[\n  {\"agency\": \"威海市文登区财政局\", \"year\": 2021, \"published_on\": \"2022-01-20\"}\n]\n",
        ),
        (
            "jsonl",
            "{\"agency\": \"威海市文登区财政局\", \"year\": 2021, \"published_on\": \"2022-01-20\"}\n",
        ),
        (
            "md",
            "| agency | year | published_on |\n| --- | --- | --- |\n| 威海市文登区财政局 | 2021 | 2022-01-20 |\n",
        ),
    ];
    for (format, text) in expect {
        assert_eq!(
            ok(nianbao(&["sql", sql, "--format", format], &w.db)),
            text,
            "{format}"
        );
        let file = w.dir.path().join(format!("out.{format}"));
        ok(nianbao(&["sql", sql, "--output", path(&file)], &w.db));
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            text,
            "{format} by extension"
        );
    }
    // --format wins over the extension.
    let file = w.dir.path().join("table.json");
    ok(nianbao(
        &["sql", sql, "--output", path(&file), "--format", "csv"],
        &w.db,
    ));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expect[0].1);
    // check writes a table by default, CSV to a .csv file.
    let file = w.dir.path().join("findings.csv");
    let o = nianbao(
        &[
            "check",
            "--db",
            path(&w.db),
            "--year",
            "2023",
            "--output",
            path(&file),
        ],
        &w.db,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("path,agency,year,rule,severity,detail,cells\n"),
        "{text}"
    );
}

#[test]
fn bom_on_every_csv_and_only_there() {
    let w = warehouse::build();
    for args in [
        vec!["query", "outcomes", "--format", "csv", "--bom"],
        vec!["sql", "SELECT 1 AS one", "--bom", "--format", "tsv"],
        vec!["export", "agencies", "--bom"],
        vec!["check", "--db", path(&w.db), "--format", "csv", "--bom"],
    ] {
        let o = nianbao(&args, &w.db);
        assert!(
            o.stdout.starts_with(b"\xEF\xBB\xBF"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(!o.stdout[3..].starts_with(b"\xEF\xBB\xBF"));
    }
    let o = nianbao(&["query", "outcomes", "--format", "json", "--bom"], &w.db);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "nianbao: error: --bom is for CSV and TSV, not json; leave it out, or add --format csv\n"
    );
}

#[test]
fn chinese_headers_in_every_format() {
    let w = warehouse::build();
    let args = [
        "query",
        "applications-by-applicant",
        "-p",
        "year=2021",
        "--headers",
        "zh",
    ];
    let csv = ok(nianbao(&[&args[..], &["--format", "csv"]].concat(), &w.db));
    assert_eq!(
        csv,
        "机关,年度,表二状态,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计\n\
         威海市文登区财政局,2021,partial,10,2,,0,1,0,13\n"
    );
    let json = ok(nianbao(
        &[&args[..], &["--format", "jsonl"]].concat(),
        &w.db,
    ));
    assert!(json.starts_with("{\"机关\": \"威海市文登区财政局\", \"年度\": 2021, \"表二状态\": \"partial\", \"自然人\": 10,"), "{json}");
    let md = ok(nianbao(&[&args[..], &["--format", "md"]].concat(), &w.db));
    assert!(
        md.starts_with("| 机关 | 年度 | 表二状态 | 自然人 |"),
        "{md}"
    );
    let table = ok(nianbao(
        &[
            "check",
            "--db",
            path(&w.db),
            "--year",
            "2021",
            "--agency",
            "x",
            "--headers",
            "zh",
        ],
        &w.db,
    ));
    assert_eq!(
        table,
        "0 reports checked, 0 with findings: 0 errors, 0 warnings\n"
    );
    let table = ok(nianbao(
        &[
            "query",
            "outcomes",
            "--headers",
            "zh",
            "--format",
            "table",
            "-p",
            "year=2021",
        ],
        &w.db,
    ));
    assert!(table.contains("（一）予以公开"), "{table}");
    assert!(table.contains("（七）总计"), "{table}");
}

#[test]
fn the_table_shows_its_first_thousand_rows_and_counts_the_rest() {
    let w = warehouse::build();
    let sql = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2500) SELECT x FROM n";
    let text = ok(nianbao(&["sql", sql, "--format", "table"], &w.db));
    assert!(text.contains("│ 1000 │"), "{text:.300}");
    assert!(!text.contains("│ 1001 │"));
    assert!(text.ends_with(
        "(2500 rows; the first 1000 shown, 1500 left out: --format csv or --output FILE writes them all)\n"
    ));
    assert_eq!(
        ok(nianbao(&["sql", sql, "--format", "csv"], &w.db))
            .lines()
            .count(),
        2501
    );
}

/// The database's bytes, and that it still answers.
fn intact(db: &Path, before: &[u8]) {
    assert_eq!(std::fs::read(db).unwrap(), before, "the database changed");
    assert_eq!(
        ok(nianbao(
            &["sql", "SELECT count(*) FROM reports", "-f", "csv"],
            db
        )),
        "count(*)\n7\n"
    );
}

#[test]
fn an_output_naming_the_database_is_refused_and_leaves_it_whole() {
    let w = warehouse::build();
    let db = &w.db;
    let before = std::fs::read(db).unwrap();
    let sub = w.dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let roundabout = sub.join("../warehouse.db");
    #[cfg(unix)]
    std::os::unix::fs::symlink(db, w.dir.path().join("link.csv")).unwrap();
    let wal = w.dir.path().join("warehouse.db-wal");
    let mut outputs = vec![db.clone(), roundabout, wal];
    if cfg!(unix) {
        outputs.push(w.dir.path().join("link.csv"));
    }
    for output in &outputs {
        for args in [
            vec![
                "export",
                "reports",
                "--db",
                path(db),
                "--output",
                path(output),
            ],
            vec!["sql", "SELECT 1", "--output", path(output)],
            vec!["query", "outcomes", "--output", path(output)],
            vec!["check", "--db", path(db), "--output", path(output)],
            vec!["export", "--workbook", path(output)],
            vec!["report", "--output", path(output)],
        ] {
            let o = nianbao(&args, db);
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            assert!(
                stderr(&o).contains("writing it would destroy the database: choose another file"),
                "{args:?}: {}",
                stderr(&o)
            );
            intact(db, &before);
        }
    }
}

#[test]
fn a_failed_output_leaves_the_old_file_and_no_temporary_one() {
    let w = warehouse::build();
    let out = w.dir.path().join("old.csv");
    std::fs::write(&out, "old\n").unwrap();
    let endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n";
    let o = nianbao(
        &["sql", endless, "--timeout", "0.5", "--output", path(&out)],
        &w.db,
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old\n");
    let mut names: Vec<String> = std::fs::read_dir(w.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["old.csv", "warehouse.db"]);
}

#[test]
fn sql_judges_what_sqlite_would_execute_and_leaves_no_files() {
    let w = warehouse::build();
    let other = w.dir.path().join("other.db");
    for sql in [
        format!("; ATTACH '{}' AS y", other.display()),
        format!(";;/* */ ATTACH DATABASE '{}' AS y", other.display()),
        "; PRAGMA query_only=0".to_string(),
        format!("; VACUUM INTO '{}'", other.display()),
    ] {
        let o = nianbao(&["sql", &sql], &w.db);
        assert_eq!(o.status.code(), Some(2), "{sql}");
        assert!(
            stderr(&o).starts_with("nianbao: error: refused: "),
            "{sql}: {}",
            stderr(&o)
        );
        assert!(!other.exists(), "{sql}");
    }
    // A saved query from a folder is held to the same.
    let queries = w.dir.path().join("q");
    std::fs::create_dir(&queries).unwrap();
    std::fs::write(
        queries.join("sneaky.sql"),
        format!("-- Sneaky\n; ATTACH '{}' AS y\n", other.display()),
    )
    .unwrap();
    let o = nianbao(&["query", "sneaky", "--queries", path(&queries)], &w.db);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("refused: ATTACH"), "{}", stderr(&o));
    assert!(!other.exists());

    // Reading leaves the folder as it was: no -wal or -shm.
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(w.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    assert!(
        !before
            .iter()
            .any(|n| n.ends_with("-wal") || n.ends_with("-shm")),
        "{before:?}"
    );
    ok(nianbao(
        &["sql", "SELECT count(*) FROM cells", "-f", "csv"],
        &w.db,
    ));
    ok(nianbao(&["query", "outcomes", "-f", "csv"], &w.db));
    ok(nianbao(&["export", "cells"], &w.db));
    assert_eq!(listing(), before);
}

#[test]
fn saved_query_parameters_are_checked() {
    let w = warehouse::build();
    let o = nianbao(&["query", "regional-rollup", "-p", "level=town"], &w.db);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "nianbao: error: query regional-rollup: --param level=town: :level takes one of province, city, county\n"
    );
    let o = nianbao(&["query", "yoy-applications", "-p", "year=twenty"], &w.db);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "nianbao: error: query yoy-applications: --param year=twenty: :year takes a whole number, such as 2023\n"
    );
    let o = nianbao(&["query", "check-failures", "-p", "rule=t9"], &w.db);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(":rule takes a rule id or family: t1, t1.running_total,"),
        "{}",
        stderr(&o)
    );
    let o = nianbao(&["query", "problems", "-p", "kind=problems"], &w.db);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).ends_with(":kind takes one of problem, improvement\n"),
        "{}",
        stderr(&o)
    );
    // Allowed values run; an empty one matches everything.
    let rollup = ok(nianbao(
        &[
            "query",
            "regional-rollup",
            "-p",
            "level=city",
            "-p",
            "year=",
            "-f",
            "csv",
        ],
        &w.db,
    ));
    assert!(rollup.contains("山东省,威海市,,2023,3,"), "{rollup}");
}

/// Runs `nianbao ARGS` with its stdout a pipe whose reader is gone.
#[cfg(unix)]
fn into_closed_pipe(args: &[&str], db: &Path) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env("NIANBAO_DB", db)
        .stdout(writer)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let w = warehouse::build();
    for args in [
        vec!["query", "--list"],
        vec!["check", "--rules"],
        vec!["check", "--db", path(&w.db), "--year", "2021"],
        vec!["query", "outcomes", "-f", "csv"],
        vec!["sql", "SELECT * FROM cells", "-f", "json"],
        vec!["export", "cells"],
    ] {
        let o = into_closed_pipe(&args, &w.db);
        assert!(
            matches!(o.status.code(), Some(0)),
            "{args:?}: {:?} {}",
            o.status,
            stderr(&o)
        );
        assert_eq!(stderr(&o), "", "{args:?}");
    }
}

/// Every cell of a sheet as text: numbers without `.0`, dates as ISO dates, blanks empty.
fn sheet_text(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Vec<String>> {
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|d| match d {
                    Data::Empty => String::new(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    Data::Float(f) => f.to_string(),
                    Data::String(s) => s.clone(),
                    Data::DateTime(d) => iso(d.as_f64(), false),
                    other => panic!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_workbook_has_a_sheet_per_table_and_the_findings_problems_and_notices() {
    use warehouse::{APPLICANTS, OUTCOME_ROWS, REVIEW_ROWS, T3_COLS};
    let w = warehouse::build();
    let file = w.dir.path().join("office.xlsx");
    let o = nianbao(
        &["export", "--workbook", path(&file), "--region", "威海市"],
        &w.db,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        format!(
            "{}: 6 reports (威海市); sheets: 报告 6, 表一 主动公开政府信息情况 6, 表二 收到和处理政府信息公开申请情况 6, 表三 政府信息公开行政复议、行政诉讼情况 6, 检查发现 6, 问题和改进 15, 读取提示 2\n",
            file.display()
        )
    );
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "报告",
            "表一 主动公开政府信息情况",
            "表二 收到和处理政府信息公开申请情况",
            "表三 政府信息公开行政复议、行政诉讼情况",
            "检查发现",
            "问题和改进",
            "读取提示"
        ]
    );
    let mut truths = warehouse::weihai(None);
    truths.sort_by(|a, b| (a.agency, a.year).cmp(&(b.agency, b.year)));
    let region = |agency: &str| match agency {
        warehouse::WENDENG => "山东省威海市文登区",
        warehouse::HUANCUI => "山东省威海市环翠区",
        _ => "山东省威海市",
    };

    let reports = sheet_text(&mut book, "报告");
    assert_eq!(
        reports[0],
        [
            "机关",
            "地区",
            "年度",
            "模板",
            "发布日期",
            "表一状态",
            "表二状态",
            "表三状态",
            "错误",
            "警告",
            "读取提示",
            "公开率%",
            "不予公开率%",
            "无法提供率%",
            "复议纠错率%",
            "诉讼败诉率%",
            "文件",
            "报告编号"
        ]
    );
    for (row, t) in reports[1..].iter().zip(&truths) {
        let errors = t
            .findings
            .iter()
            .filter(|(_, s)| *s == nianbao::check::Severity::Error)
            .count();
        assert_eq!(
            row[..5],
            [
                t.agency.to_string(),
                region(t.agency).to_string(),
                t.year.to_string(),
                "2021".to_string(),
                t.published_on
                    .map_or(String::new(), |(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
            ]
        );
        assert_eq!(
            row[6],
            if t.new.is_some() {
                "部分读出"
            } else {
                "图片"
            }
        );
        assert_eq!(row[8], errors.to_string());
        assert_eq!(row[10], t.warnings.len().to_string());
        // Table 2 is never read whole here: no rate of applications.
        assert_eq!(row[11..14], ["", "", ""]);
        assert_eq!(row[16], format!("{}-{}.txt", t.agency, t.year));
    }

    // Table 2: the cells a report has, in the template's order, blank where blank.
    let t2 = sheet_text(&mut book, "表二 收到和处理政府信息公开申请情况");
    let mut headers = vec!["机关", "地区", "年度", "表二状态"];
    let labels = [
        "一、本年新收政府信息公开申请数量｜自然人",
        "一、本年新收政府信息公开申请数量｜商业企业",
        "一、本年新收政府信息公开申请数量｜科研机构",
        "一、本年新收政府信息公开申请数量｜社会公益组织",
        "一、本年新收政府信息公开申请数量｜法律服务机构",
        "一、本年新收政府信息公开申请数量｜其他",
        "一、本年新收政府信息公开申请数量｜总计",
        "三（一）予以公开｜总计",
        "三（二）部分公开（区分处理的，只计这一情形，不计其他情形）｜总计",
        "三（三）1.属于国家秘密｜总计",
        "三（四）1.本机关不掌握相关政府信息｜总计",
        "三（五）2.重复申请｜总计",
        "三（六）3.其他｜总计",
    ];
    headers.extend(labels);
    assert_eq!(t2[0], headers);
    for (row, t) in t2[1..].iter().zip(&truths) {
        let mut want: Vec<String> =
            vec![t.agency.into(), region(t.agency).into(), t.year.to_string()];
        want.push(
            if t.new.is_some() {
                "部分读出"
            } else {
                "图片"
            }
            .into(),
        );
        let shown = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
        match t.new {
            Some(new) => {
                want.extend(new.iter().map(|v| shown(*v)));
                let total: Option<f64> = new.iter().flatten().copied().reduce(|a, b| a + b);
                want.push(shown(total));
            }
            None => want.extend(std::iter::repeat_n(String::new(), APPLICANTS.len() + 1)),
        }
        match t.outcomes {
            Some(o) => want.extend(o.iter().map(|v| v.to_string())),
            None => want.extend(std::iter::repeat_n(String::new(), OUTCOME_ROWS.len())),
        }
        assert_eq!(*row, want, "{} {}", t.agency, t.year);
    }
    let t3 = sheet_text(&mut book, "表三 政府信息公开行政复议、行政诉讼情况");
    assert_eq!(t3[0].len(), 4 + REVIEW_ROWS.len() * T3_COLS.len());
    assert_eq!(t3[0][4], "行政复议｜结果维持");
    assert_eq!(t3[0][18], "行政诉讼 复议后起诉｜总计");
    let weihai = t3.iter().find(|r| r[0] == warehouse::WEIHAI).unwrap();
    assert_eq!(
        weihai[4..],
        [
            "4", "2", "1", "1", "8", "2", "1", "0", "1", "4", "1", "0", "0", "0", "1"
        ]
    );
    // Table 1 has no cells in any report: the sheet lists every cell of the template.
    let t1 = sheet_text(&mut book, "表一 主动公开政府信息情况");
    assert_eq!(t1[0][4], "规章｜本年制发件数");
    assert_eq!(t1[1][3], "缺失");

    let findings = sheet_text(&mut book, "检查发现");
    assert_eq!(
        findings[0],
        [
            "机关",
            "地区",
            "年度",
            "规则",
            "规则编号",
            "严重程度",
            "问题及修改",
            "涉及的单元格",
            "文件"
        ]
    );
    let wendeng_2022: Vec<&Vec<String>> = findings
        .iter()
        .filter(|r| r[0] == warehouse::WENDENG && r[2] == "2022")
        .collect();
    assert_eq!(wendeng_2022.len(), 2);
    assert_eq!(
        *wendeng_2022[0],
        [
            warehouse::WENDENG,
            "山东省威海市文登区",
            "2022",
            "表二：新收+上年结转≠办理总计+结转下年",
            "t2.balance",
            "错误",
            "自然人: t2.balance 不符\n总计: t2.balance 不符",
            "表2 一 自然人 14（第30行）\n表2 二 自然人 未读出",
            "威海市文登区财政局-2022.txt",
        ]
    );
    assert_eq!(wendeng_2022[1][3], "逾期发布（晚于次年1月31日）");
    let stale = findings.iter().find(|r| r[4] == "s.stale_year").unwrap();
    assert_eq!(stale[5], "警告");

    let problems = sheet_text(&mut book, "问题和改进");
    assert_eq!(
        problems[0],
        ["机关", "地区", "年度", "类别", "序号", "内容"]
    );
    assert_eq!(
        problems[1],
        [
            warehouse::WEIHAI,
            "山东省威海市",
            "2023",
            "问题",
            "1",
            "政务公开专栏更新不及时"
        ]
    );
    assert_eq!(
        problems[3],
        [
            warehouse::WEIHAI,
            "山东省威海市",
            "2023",
            "改进",
            "1",
            "加强培训"
        ]
    );

    let notices = sheet_text(&mut book, "读取提示");
    assert_eq!(
        notices,
        [
            vec!["机关", "地区", "年度", "行号", "说明", "文件"],
            vec![
                warehouse::WENDENG,
                "山东省威海市文登区",
                "2022",
                "57",
                "table 2: row \"二\": a value under no column; not stored",
                "威海市文登区财政局-2022.txt"
            ],
            vec![
                warehouse::HUANCUI,
                "山东省威海市环翠区",
                "2023",
                "",
                "the text ends inside table 3: the file looks cut short",
                "威海市环翠区教育局-2023.txt"
            ],
        ]
    );
}
