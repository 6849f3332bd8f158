//! The real binary on the five real seed reports: every recognized value, exactly.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nianbao::vocab;
use rusqlite::Connection;

mod common;
use common::connect;

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds");

fn nianbao(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env("NIANBAO_DB", db)
        .output()
        .expect("the nianbao binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Ingest the seeds into a fresh database; returns the temp dir (kept alive) and the db.
fn ingested() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    let out = nianbao(&db, &["ingest", SEEDS]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    (dir, db)
}

fn strings(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |row| {
        let mut parts = Vec::new();
        for i in 0..n {
            let v: rusqlite::types::Value = row.get(i)?;
            parts.push(match v {
                rusqlite::types::Value::Null => "NULL".to_string(),
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Real(f) => f.to_string(),
                rusqlite::types::Value::Text(t) => t,
                rusqlite::types::Value::Blob(_) => "<blob>".to_string(),
            });
        }
        Ok(parts.join("|"))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn report_id(conn: &Connection, seed: &str) -> i64 {
    conn.query_row(
        "SELECT id FROM reports WHERE source_path LIKE '%' || ?1 || '%'",
        [seed],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn summary_counts_every_stored_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    let out = nianbao(&db, &["ingest", SEEDS]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let totals = format!(
        "{}: 5 reports, 5 agencies, 400 cells, 50 facts, 27 listed issues, 5 findings, 0 warnings",
        db.display()
    );
    // The first line ends with the time taken, which varies.
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("files: 5 seen, 5 ingested, 0 unchanged, 0 failed ("),
        "{text}"
    );
    assert_eq!(lines[1], totals);
    // The same files again: nothing to do.
    let again = stdout(&nianbao(&db, &["ingest", SEEDS]));
    let lines: Vec<&str> = again.lines().collect();
    assert_eq!(lines.len(), 2, "{again}");
    assert!(
        lines[0].starts_with("files: 5 seen, 0 ingested, 5 unchanged, 0 failed ("),
        "{again}"
    );
    assert_eq!(lines[1], totals);
}

#[test]
fn agency_year_title_date_and_contacts() {
    let (_dir, db) = ingested();
    let conn = connect(&db);
    let rows = strings(
        &conn,
        "SELECT a.name, r.year, r.title, r.template, ifnull(r.published_on, 'NULL'),
                ifnull(r.contact_address, 'NULL'), ifnull(r.contact_phone, 'NULL'),
                ifnull(r.contact_email, 'NULL'), ifnull(r.contact_website, 'NULL')
         FROM reports r JOIN agencies a ON a.id = r.agency_id ORDER BY r.source_path",
    );
    assert_eq!(
        rows,
        vec![
            "威海市文登区张家产镇人民政府|2023|威海市文登区张家产镇人民政府2023年政府信息公开工作年度报告|2021|2024-01-22|威海市文登区张家产镇龙缘路3号|0631-8731088|NULL|http://www.wendeng.gov.cn",
            "威海市文登区人民政府|2023|威海市文登区人民政府2023年政府信息公开工作年度报告|2021|NULL|威海市文登区文山东路86号|0631—8988877|NULL|https://www.weihai.gov.cn/",
            "威海市文登区米山镇人民政府|2023|威海市文登区米山镇人民政府2023年政府信息公开工作年度报告|2021|NULL|威海市文登区米山镇中兴路49号|0631-8871088|NULL|http://www.wendeng.gov.cn",
            "沂源县张家坡镇人民政府|2023|沂源县张家坡镇人民政府2023年政府信息公开工作年度报告|2021|2024-01-22|山东省沂源县张家坡镇政通路1号|0533-3360039|zjp3360039@zb.shandong.com|NULL",
            "莱州市柞村镇人民政府|2023|莱州市柞村镇人民政府 2023 年政府信息公开工作年度报告|2021|2024-01-11|NULL|NULL|NULL|NULL",
        ]
    );
}

#[test]
fn sections_by_key_with_their_heading_lines() {
    let (_dir, db) = ingested();
    let conn = connect(&db);
    let rows = strings(
        &conn,
        "SELECT group_concat(key || '@' || line, ' ') FROM
           (SELECT s.key, s.line, r.source_path FROM sections s JOIN reports r ON r.id = s.report_id
            ORDER BY r.source_path, s.ordinal)
         GROUP BY source_path ORDER BY source_path",
    );
    let all_six = "overview proactive applications review_litigation problems other";
    assert_eq!(
        rows,
        vec![
            "preamble@5 overview@7 proactive@14 applications@16 review_litigation@18 problems@20 other@23 signature@29",
            "preamble@5 overview@7 proactive@23 applications@31 review_litigation@33 problems@41 other@44",
            "preamble@4 overview@6 proactive@14 applications@15 review_litigation@16 problems@17 other@20",
            "preamble@4 overview@5 proactive@19 applications@65 review_litigation@351 problems@396 other@402 signature@412",
            "overview@7 proactive@23 applications@42 review_litigation@76 problems@85 other@105 signature@137",
        ]
    );
    for row in rows {
        for key in all_six.split(' ') {
            assert!(row.contains(&format!("{key}@")), "{row} lacks {key}");
        }
    }
    let headings = strings(
        &conn,
        "SELECT heading FROM sections s JOIN reports r ON r.id = s.report_id
         WHERE r.source_path LIKE '%000_%' AND key = 'problems'",
    );
    assert_eq!(headings, vec!["5、 存在的主要问题及改进情况"]);
}

#[test]
fn table_status_and_image_references() {
    let (_dir, db) = ingested();
    let conn = connect(&db);
    let rows = strings(
        &conn,
        "SELECT table1_status, table2_status, table3_status,
                ifnull(table1_images, '-'), ifnull(table2_images, '-'), ifnull(table3_images, '-')
         FROM reports ORDER BY source_path",
    );
    assert_eq!(
        rows,
        vec![
            "image|image|image|1|微信图片_20240123153403|3",
            "image|image|image|年报图1_01|文字文稿2_01(2)|文字文稿3_01(2)",
            "missing|missing|missing|-|-|-",
            "data|data|data|-|-|-",
            "data|data|data|-|-|-",
        ]
    );
    // Pictures and absence store no cell.
    for seed in ["000_", "001_", "002_"] {
        let id = report_id(&conn, seed);
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM table_cells WHERE report_id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0, "{seed}");
    }
}

/// Every cell of the 2021 template, in template order, as (table, row, col).
fn template_cells() -> Vec<(u8, &'static str, &'static str)> {
    [&vocab::TABLE1_2021, &vocab::TABLE2_2021, &vocab::TABLE3]
        .iter()
        .flat_map(|t| {
            t.rows
                .iter()
                .flat_map(move |r| r.cols.iter().map(move |c| (t.no, r.key, c.key)))
        })
        .collect()
}

fn cells_of(conn: &Connection, seed: &str) -> Vec<(u8, String, String, Option<f64>, String)> {
    let id = report_id(conn, seed);
    let mut stmt = conn
        .prepare(
            "SELECT table_no, row_key, col_key, value, raw FROM table_cells WHERE report_id = ?1",
        )
        .unwrap();
    stmt.query_map([id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn every_cell_of_seed_003_is_a_printed_zero() {
    let (_dir, db) = ingested();
    let conn = connect(&db);
    let mut got = cells_of(&conn, "003_");
    got.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    let mut want: Vec<_> = template_cells()
        .into_iter()
        .map(|(t, r, c)| (t, r.to_string(), c.to_string(), Some(0.0), "0".to_string()))
        .collect();
    want.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    assert_eq!(got.len(), 200);
    assert_eq!(got, want);
}

#[test]
fn every_cell_of_seed_004_with_the_blank_review_half() {
    let (_dir, db) = ingested();
    let conn = connect(&db);
    let mut got = cells_of(&conn, "004_");
    got.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    let mut want: Vec<_> = template_cells()
        .into_iter()
        .map(|(t, r, c)| {
            // Table 3's review half is printed blank: NULL, not 0.
            if t == 3 && r == "review" {
                (t, r.to_string(), c.to_string(), None, String::new())
            } else {
                (t, r.to_string(), c.to_string(), Some(0.0), "0".to_string())
            }
        })
        .collect();
    want.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    assert_eq!(got.len(), 200);
    assert_eq!(got, want);
}

#[test]
fn each_cell_records_the_line_it_came_from() {
    let (_dir, db) = ingested();
    let conn = connect(&db);
    let lines = |seed: &str| {
        let id = report_id(&conn, seed);
        strings(
            &conn,
            &format!(
                "SELECT table_no || ' ' || row_key || '.' || col_key || '@' || line FROM table_cells
                 WHERE report_id = {id} AND (
                   (row_key IN ('regulations', 'admin_fees', 'new', 'denied.state_secret', 'total_processed', 'carried_forward')
                    AND col_key IN ('issued', 'in_force', 'amount_wan_yuan', 'natural_person', 'total'))
                   OR (table_no = 3 AND col_key IN ('upheld', 'total')))
                 ORDER BY line, table_no, row_key, col_key"
            ),
        )
    };
    // 003: one cell a line, each value on the lines after its label.
    assert_eq!(
        lines("003_"),
        vec![
            "1 regulations.issued@28",
            "1 regulations.in_force@30",
            "1 admin_fees.amount_wan_yuan@62",
            "2 new.natural_person@85",
            "2 new.total@91",
            "2 denied.state_secret.natural_person@125",
            "2 denied.state_secret.total@131",
            "2 total_processed.natural_person@333",
            "2 total_processed.total@339",
            "2 carried_forward.natural_person@342",
            "2 carried_forward.total@348",
            "3 review.upheld@379",
            "3 review.total@383",
            "3 litigation_direct.upheld@384",
            "3 litigation_direct.total@388",
            "3 litigation_after_review.upheld@389",
            "3 litigation_after_review.total@393",
        ]
    );
    // 004: a row a line; table 3's blank review half keeps the line of its row.
    assert_eq!(
        lines("004_"),
        vec![
            "1 regulations.in_force@29",
            "1 regulations.issued@29",
            "1 admin_fees.amount_wan_yuan@40",
            "2 new.natural_person@49",
            "2 new.total@49",
            "2 denied.state_secret.natural_person@53",
            "2 denied.state_secret.total@53",
            "2 total_processed.natural_person@73",
            "2 total_processed.total@73",
            "2 carried_forward.natural_person@74",
            "2 carried_forward.total@74",
            "3 litigation_after_review.total@83",
            "3 litigation_after_review.upheld@83",
            "3 litigation_direct.total@83",
            "3 litigation_direct.upheld@83",
            "3 review.total@83",
            "3 review.upheld@83",
        ]
    );
}

#[test]
fn listed_problems_and_improvements() {
    let (_dir, db) = ingested();
    let conn = connect(&db);
    let counts = strings(
        &conn,
        "SELECT sum(kind = 'problem') || '+' || sum(kind = 'improvement')
         FROM reports r LEFT JOIN issues_listed i ON i.report_id = r.id
         GROUP BY r.id ORDER BY r.source_path",
    );
    assert_eq!(counts, vec!["3+3", "2+3", "3+3", "2+2", "3+3"]);
    let texts = strings(
        &conn,
        "SELECT kind || ordinal || ' ' || text FROM issues_listed i JOIN reports r ON r.id = i.report_id
         WHERE r.source_path LIKE '%000_%' ORDER BY kind DESC, ordinal",
    );
    assert_eq!(
        texts,
        vec![
            "problem1 公开方式较为单一",
            "problem2 公开的政府信息在服务有效性方面与群众的需求还有一定差距",
            "problem3 在忙于业务工作时对政府信息公开重要性的认识不足，有些信息未及时公开",
            "improvement1 要拓宽公开渠道，扩大公开范围",
            "improvement2 要提升部分政务公开的实用性，更好地满足人民群众的需求",
            "improvement3 要注意部分信息的时效性，做到尽早尽快公开",
        ]
    );
    let last_004 = strings(
        &conn,
        "SELECT text FROM issues_listed i JOIN reports r ON r.id = i.report_id
         WHERE r.source_path LIKE '%004_%' AND kind = 'improvement' AND ordinal = 3",
    );
    assert_eq!(
        last_004,
        vec![
            "加强各单位之间交流学习，取长补短，吸收其他单位优秀经验，以更优质方法、更快捷效率推进政务公开体制优化。进一步做好政府信息公开网站建设工作，充分发挥其第一平台的重要作用"
        ]
    );
}

#[test]
fn findings_name_what_is_missing() {
    let (_dir, db) = ingested();
    let conn = connect(&db);
    let rows = strings(
        &conn,
        "SELECT substr(r.source_path, -24, 4) || rule || ' ' || detail FROM check_findings f
         JOIN reports r ON r.id = f.report_id ORDER BY r.source_path, f.rowid",
    );
    assert_eq!(
        rows,
        vec![
            "000_s.tables table 1 主动公开政府信息情况 is printed as a picture, not data; table 2 收到和处理政府信息公开申请情况 is printed as a picture, not data; table 3 政府信息公开行政复议、行政诉讼情况 is printed as a picture, not data",
            "001_s.tables table 1 主动公开政府信息情况 is printed as a picture, not data; table 2 收到和处理政府信息公开申请情况 is printed as a picture, not data; table 3 政府信息公开行政复议、行政诉讼情况 is printed as a picture, not data",
            "001_s.publication_date no publication date in the signature",
            "002_s.tables table 1 主动公开政府信息情况 is absent; table 2 收到和处理政府信息公开申请情况 is absent; table 3 政府信息公开行政复议、行政诉讼情况 is absent",
            "002_s.publication_date no publication date in the signature",
        ]
    );
}

#[test]
fn bad_files_are_named_with_their_reason_and_the_rest_lands() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for entry in std::fs::read_dir(SEEDS).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), input.join(entry.file_name())).unwrap();
    }
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(
        input.join("binary.txt"),
        [0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0],
    )
    .unwrap();
    std::fs::write(input.join("notitle.txt"), "会议通知\n请各单位按时参加。\n").unwrap();
    // 政府2023年政府信息 in GBK.
    std::fs::write(
        input.join("gbk.txt"),
        b"\xd5\xfe\xb8\xae2023\xc4\xea\xd5\xfe\xb8\xae\xd0\xc5\xcf\xa2\n",
    )
    .unwrap();
    let db = dir.path().join("w.db");
    let out = nianbao(&db, &["ingest", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    // Files are parsed in parallel: the order of the lines is not fixed.
    let mut lines: Vec<&str> = err.lines().collect();
    lines.sort();
    let dir = input.display();
    assert_eq!(
        lines,
        vec![
            format!(
                "{dir}/binary.txt: error: cannot read this docx file: it starts like a zip archive (a .docx) but cannot be opened (invalid Zip archive: Could not find EOCD); it is damaged or cut short: download it again"
            ),
            format!("{dir}/empty.txt: error: the file is empty or holds only whitespace"),
            // Decoded as GBK; a title's first half is no title.
            format!(
                "{dir}/gbk.txt: error: no report title found: expected a line like \"<agency> 2023年政府信息公开工作年度报告\" near the top; is this an annual report?"
            ),
            format!(
                "{dir}/notitle.txt: error: no report title found: expected a line like \"<agency> 2023年政府信息公开工作年度报告\" near the top; is this an annual report?"
            ),
        ]
    );
    let summary = stdout(&out);
    assert!(
        summary.starts_with("files: 9 seen, 5 ingested, 0 unchanged, 4 failed ("),
        "{summary}"
    );
    let conn = connect(&db);
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM table_cells", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 400);
}

#[test]
fn a_changed_file_replaces_its_report_and_a_second_file_for_the_same_year_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(Path::new(SEEDS).join("004_8b957fd57b8434a8.txt")).unwrap();
    let file = dir.path().join("report.txt");
    std::fs::write(&file, &seed).unwrap();
    let db = dir.path().join("w.db");
    let out = nianbao(&db, &["ingest", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // The report corrected in place: 规章 now has one issued and one in force.
    let changed = seed.replacen("规章\t0\t0\t0", "规章\t1\t0\t1", 1);
    assert_ne!(changed, seed);
    std::fs::write(&file, &changed).unwrap();
    let out = nianbao(&db, &["ingest", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 ingested"), "{}", stdout(&out));
    let conn = connect(&db);
    let rows = strings(
        &conn,
        "SELECT count(*) || ' ' || (SELECT value FROM table_cells WHERE row_key = 'regulations' AND col_key = 'issued') FROM reports",
    );
    assert_eq!(rows, vec!["1 1.0"]);

    // The same agency and year from another file: reported, not merged.
    let copy = dir.path().join("copy.txt");
    std::fs::write(&copy, seed.replacen("规章\t0\t0\t0", "规章\t2\t0\t2", 1)).unwrap();
    let out = nianbao(&db, &["ingest", copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("copy.txt: error: 莱州市柞村镇人民政府 2023 is already stored from"),
        "{err}"
    );
    let rows = strings(
        &conn,
        "SELECT count(*) || ' ' || (SELECT value FROM table_cells WHERE row_key = 'regulations' AND col_key = 'issued') FROM reports",
    );
    assert_eq!(rows, vec!["1 1.0"]);
}

#[test]
fn show_lays_a_stored_report_out_as_the_template_does() {
    let (_dir, db) = ingested();
    let out = nianbao(&db, &["show", "莱州"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "莱州市柞村镇人民政府 2023 — 莱州市柞村镇人民政府 2023 年政府信息公开工作年度报告"
    );
    assert!(lines.contains(&"表1 主动公开政府信息情况 (data)"), "{text}");
    assert!(
        lines.contains(
            &"│ 规章           ┆ 0                          ┆ 0            ┆ 0            │"
        ),
        "{text}"
    );
    // Table 3: the review half printed blank shows blank, the litigation half its zeros.
    let last_row = lines.iter().rev().find(|l| l.starts_with('│')).unwrap();
    let cells: Vec<&str> = last_row
        .trim_matches('│')
        .split('┆')
        .map(str::trim)
        .collect();
    assert_eq!(
        cells,
        vec![
            "", "", "", "", "", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"
        ]
    );

    let out = nianbao(&db, &["show", "张家产镇"]);
    let text = stdout(&out);
    assert!(
        text.contains("表2 收到和处理政府信息公开申请情况 (image)"),
        "{text}"
    );
    let out = nianbao(&db, &["show", "文登区"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("matches 3 agencies"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_tab_row_one_value_short_is_placed_only_where_the_sums_say() {
    // Seed 004's rows drift between tabs: empty cells at a row's ends may be padding. Table
    // 2's row 一 (line 49) printed one value short.
    let seed = std::fs::read_to_string(Path::new(SEEDS).join("004_8b957fd57b8434a8.txt")).unwrap();
    let full = "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t";
    assert!(seed.contains(full));
    let row_new = |values: &str| {
        let text = seed.replace(
            full,
            &format!("一、本年新收政府信息公开申请数量\t\t{values}\t"),
        );
        nianbao::ingest::parse_bytes(text.as_bytes()).unwrap().0
    };
    let new_cells = |report: &nianbao::model::Report| -> Vec<(String, Option<f64>)> {
        report
            .table(2)
            .unwrap()
            .cells
            .iter()
            .filter(|c| c.row_key == "new")
            .map(|c| (c.col_key.to_string(), c.value))
            .collect()
    };

    // 5 is the sum of 3 and 2: the total, one of the parts left out. Or the last part, the
    // total left out, as the header's positions have it. Either may be; neither is stored.
    let report = row_new("3\t0\t0\t0\t2\t5");
    assert_eq!(new_cells(&report), vec![]);
    let warned: Vec<&str> = report
        .warnings
        .iter()
        .filter(|w| w.line == 49)
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(warned.len(), 1, "{:?}", report.warnings);
    assert!(
        warned[0].contains("placements of its values fit; not stored"),
        "{warned:?}"
    );

    // 5 is not the sum of the rest: it is the last part, and the total was left blank.
    let report = row_new("3\t1\t0\t0\t2\t5");
    let want: Vec<(String, Option<f64>)> = vocab::T2_COLS
        .iter()
        .zip([
            Some(3.0),
            Some(1.0),
            Some(0.0),
            Some(0.0),
            Some(2.0),
            Some(5.0),
            None,
        ])
        .map(|(col, v)| (col.key.to_string(), v))
        .collect();
    assert_eq!(new_cells(&report), want);
}
