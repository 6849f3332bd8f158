//! Bad input, as scraped folders hold it: each bad file gets one line naming it and saying
//! what to do, and the rest of the batch lands whole. Also the database's location going
//! bad: read-only, or full.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use nianbao_synth::{self as synth, Layout, Options, Synth};
use rusqlite::{Connection, OpenFlags};

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env_remove("NIANBAO_DB")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn report(seed: u64, layout: Layout) -> Synth {
    synth::generate(
        seed,
        &Options {
            layout: Some(layout),
            page_breaks: Some(false),
            ..Options::default()
        },
    )
}

fn cells(s: &Synth) -> usize {
    s.report.tables.iter().map(|t| t.cells.len()).sum()
}

/// `text` with the first line starting with `start` changed by `edit`.
fn edit_line(text: &str, start: &str, edit: impl Fn(&str) -> String) -> String {
    let mut done = false;
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| {
            if !done && l.starts_with(start) {
                done = true;
                edit(l)
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(done, "no line starts with {start}");
    lines.join("\n")
}

fn query(db: &Path, sql: &str) -> Vec<String> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn every_bad_file_one_line_and_the_rest_lands() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let put = |name: &str, bytes: &[u8]| std::fs::write(input.join(name), bytes).unwrap();

    let good: Vec<Synth> = (0..3).map(|i| report(11 + i, Layout::Pipe)).collect();
    for (i, s) in good.iter().enumerate() {
        put(&format!("a_good{i}.txt"), s.text.as_bytes());
    }
    put("empty.txt", b"");
    put("blank.txt", b" \n\t\r\n   \n");
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    put("binary.txt", &binary);
    // A download cut off inside table 2.
    let cut = report(21, Layout::Pipe);
    let outcomes = cut.text.find("| 三、本年度办理结果 |").unwrap();
    let at = outcomes + cut.text[outcomes..].match_indices('\n').nth(3).unwrap().0;
    put("truncated.txt", &cut.text.as_bytes()[..at]);
    // A download cut off inside a character (UTF-8's three bytes of a hanzi, one missing).
    let hanzi = cut
        .text
        .char_indices()
        .find(|(i, c)| *i > cut.text.len() / 2 && c.len_utf8() == 3)
        .unwrap()
        .0;
    put("cut_in_a_character.txt", &cut.text.as_bytes()[..hanzi + 2]);
    // A row of table 2 with a value too many, a row of table 1 with one too few.
    let more = report(5, Layout::TabRows);
    let granted = "三、本年度办理结果\t（一）予以公开";
    put(
        "column_too_many.txt",
        edit_line(&more.text, granted, |l| format!("{l}\t9")).as_bytes(),
    );
    let fewer = report(23, Layout::Pipe);
    put(
        "column_too_few.txt",
        edit_line(&fewer.text, "| 规章 |", |_| {
            "| 规章 | 0 | 0 |".to_string()
        })
        .as_bytes(),
    );
    // The same agency and year as a_good0.txt, one figure different.
    let other = edit_line(&good[0].text, "| 规章 |", |_| {
        "| 规章 | 7 | 0 | 7 |".to_string()
    });
    assert_ne!(other, good[0].text);
    put("duplicate_of_good0.txt", other.as_bytes());
    put(
        "error_page.html",
        "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>\
         <h1>404 Not Found</h1><p>您访问的页面不存在或已被删除。</p><hr><center>nginx</center>\
         </body></html>"
            .as_bytes(),
    );
    put(
        "news.html",
        "<html><head><meta charset=\"utf-8\"><title>国务院常务会议部署稳就业工作</title></head>\
         <body><h1>国务院常务会议部署稳就业工作</h1><p>新华社北京6月3日电 国务院常务会议部署\
         进一步做好稳就业工作。会议指出，就业是最大的民生。</p></body></html>"
            .as_bytes(),
    );
    put(
        "nested.html",
        format!(
            "<html><body>{}政府信息公开</body></html>",
            "<div>".repeat(5000)
        )
        .as_bytes(),
    );
    put("huge.txt", &vec![b'x'; 3 << 19]);

    let db = dir.path().join("w.db");
    let started = Instant::now();
    let out = nianbao(&[
        "ingest",
        input.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--jobs",
        "1",
        "--max-file-size",
        "1",
    ]);
    assert!(started.elapsed() < Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(1));
    let d = input.display();
    let mut lines: Vec<String> = text(&out.stderr).lines().map(str::to_string).collect();
    lines.sort();
    let title_error = "error: no report title found: expected a line like \
                       \"<agency> 2023年政府信息公开工作年度报告\" near the top; is this an annual report?";
    let mut want = vec![
        format!(
            "{d}/binary.txt: error: the file is binary and of no format nianbao reads (text, \
             HTML, Word .docx/.doc, PDF); open it in the program that made it and save it as \
             one of those"
        ),
        format!("{d}/blank.txt: error: the file is empty or holds only whitespace"),
        format!(
            "{d}/column_too_few.txt:{}: warning: table 1: row \"规章\": 2 values for 3 columns; \
             1 stored blank: check the file for a missing value",
            fewer
                .text
                .split('\n')
                .position(|l| l.starts_with("| 规章 |"))
                .unwrap()
                + 1
        ),
        format!(
            "{d}/column_too_many.txt:{}: warning: table 2: row \"（一）予以公开\": 8 values for \
             7 columns; not stored",
            more.text
                .split('\n')
                .position(|l| l.starts_with(granted))
                .unwrap()
                + 1
        ),
        format!(
            "{d}/column_too_many.txt: warning: table 2: 1 of 25 rows not found: （一）予以公开"
        ),
        format!(
            "{d}/duplicate_of_good0.txt: error: {} {} is already stored from {d}/a_good0.txt; \
             the two files differ and are not merged: remove the one that is wrong and ingest again",
            good[0].report.agency, good[0].report.year
        ),
        format!(
            "{d}/cut_in_a_character.txt: error: the file ends inside a UTF-8 character: it was \
             cut short (an interrupted download or copy); get it again from its source"
        ),
        format!("{d}/empty.txt: error: the file is empty or holds only whitespace"),
        format!(
            "{d}/error_page.html: error: this is a web server's error page (404 and the like), \
             saved instead of the report; the download failed: download the report again from its page"
        ),
        format!(
            "{d}/huge.txt: error: the file is 1.5 MB, larger than the 1 MB a file may be; a \
             report is far smaller: check that this is the report, or raise --max-file-size to \
             read it anyway"
        ),
        format!(
            "{d}/nested.html: error: cannot read this html file: its elements nest more than \
             256 levels deep, far beyond any web page; it is not read"
        ),
        format!("{d}/news.html: {title_error}"),
        format!(
            "{d}/truncated.txt: warning: the text ends inside table 2: the file looks cut short; \
             get it again from its source"
        ),
    ];
    // The cut-off table also names the rows it lacks.
    let rows_lacking = lines
        .iter()
        .find(|l| l.starts_with(&format!("{d}/truncated.txt: warning: table 2: ")))
        .cloned()
        .unwrap();
    want.push(rows_lacking);
    want.sort();
    assert_eq!(lines, want);
    assert!(
        text(&out.stdout).starts_with("files: 15 seen, 6 ingested, 0 unchanged, 9 failed ("),
        "{}",
        text(&out.stdout)
    );

    // The good reports are whole; the damaged ones hold what could be read.
    let stored = query(
        &db,
        "SELECT r.source_path || ' ' || (SELECT count(*) FROM table_cells c WHERE c.report_id = r.id) \
         FROM reports r ORDER BY r.source_path",
    );
    let name = |n: &str| format!("{d}/{n}");
    let mut want = vec![
        format!("{} {}", name("a_good0.txt"), cells(&good[0])),
        format!("{} {}", name("a_good1.txt"), cells(&good[1])),
        format!("{} {}", name("a_good2.txt"), cells(&good[2])),
        format!("{} {}", name("column_too_few.txt"), cells(&fewer)),
        format!("{} {}", name("column_too_many.txt"), cells(&more) - 7),
    ];
    let truncated = stored
        .iter()
        .find(|s| s.starts_with(&name("truncated.txt")))
        .cloned()
        .unwrap();
    want.push(truncated);
    want.sort();
    assert_eq!(stored, want);
}

#[test]
fn a_file_that_vanishes_mid_run_is_named_and_the_rest_lands() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let mut agencies = std::collections::BTreeSet::new();
    let mut seed = 100;
    while agencies.len() < 120 {
        let s = report(seed, Layout::TabCells);
        if agencies.insert(s.report.agency.clone()) {
            std::fs::write(input.join(format!("{seed:05}.txt")), &s.text).unwrap();
        }
        seed += 1;
    }
    // The last file in the walk's order goes away once the first reports are stored.
    let last = std::fs::read_dir(&input)
        .unwrap()
        .map(|e| e.unwrap().path())
        .max()
        .unwrap();
    let db = dir.path().join("w.db");
    // Each report committed on its own: the first is in the database while the other
    // 119 are still to parse (in batches, a fast machine parsed them all before the first
    // commit, and the last file was read before it went away).
    let child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["ingest", "--jobs", "1", "--db"])
        .arg(&db)
        .arg(&input)
        .env("NIANBAO_BATCH_REPORTS", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        assert!(started.elapsed() < Duration::from_secs(60));
        let stored = db.exists()
            && Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)
                .and_then(|c| {
                    c.query_row("SELECT count(*) FROM reports", [], |r| r.get::<_, i64>(0))
                })
                .is_ok_and(|n| n > 0);
        if stored {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    std::fs::remove_file(&last).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "{}: error: the file is gone: it was deleted or moved after ingest found it; \
             ingest it again from where it is now\n",
            last.display()
        )
    );
    assert!(
        text(&out.stdout).starts_with("files: 120 seen, 119 ingested, 0 unchanged, 1 failed ("),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_database_where_nothing_can_be_written_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), report(1, Layout::Pipe).text).unwrap();
    // /proc takes no new files, whoever asks (root included).
    let out = nianbao(&[
        "ingest",
        dir.path().to_str().unwrap(),
        "--db",
        "/proc/nianbao.db",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "nianbao: error: cannot write database /proc/nianbao.db (unable to open database file: \
         /proc/nianbao.db): its file or folder is read-only or missing; choose a writable place \
         with --db\n"
    );
}

/// A full disk, simulated by SQLite's own size limit (`PRAGMA max_page_count`) on the
/// store's connection: the same SQLITE_FULL a full disk gives, without a filesystem to fill.
#[test]
fn a_full_database_keeps_what_is_stored_and_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let mut store = nianbao::store::Store::open(&path).unwrap();
    let save = |store: &mut nianbao::store::Store, seed: u64| {
        let s = report(seed, Layout::Pipe);
        let (report, findings) = nianbao::ingest::parse_bytes(s.text.as_bytes()).unwrap();
        let name = format!("{seed}.txt");
        let sha = format!("{seed:064}");
        let source = nianbao::store::Source {
            path: &name,
            sha256: &sha,
        };
        store.save(&source, &report, &findings)
    };
    save(&mut store, 1).unwrap();
    let pages: i64 = store
        .connection()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store
        .connection()
        .execute_batch(&format!("PRAGMA max_page_count = {pages}"))
        .unwrap();
    let err = save(&mut store, 2).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "database {} is full (no room left on its disk) while saving the report from 2.txt; \
             free some space or choose another --db, then run the same ingest again: the \
             reports stored so far are kept",
            path.display()
        )
    );
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let stored: Vec<String> = query(&path, "SELECT source_path FROM reports");
    assert_eq!(stored, vec!["1.txt"]);
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM table_cells WHERE report_id NOT IN (SELECT id FROM reports)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
}

#[cfg(unix)]
#[test]
fn files_named_in_gbk_stay_apart_and_a_rerun_changes_nothing() {
    // Archives made on Windows unzip with GBK file names, which are not UTF-8: each file is
    // still its own report, stored under a path that keeps every byte (`\xNN` for a byte
    // that is not UTF-8, `\\` for a backslash), and the same files again are unchanged.
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let names = [
        "财政局2023年度报告.txt",
        "教育局2023年度报告.txt",
        "公安局2023年度报告.txt",
    ];
    let mut want = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(name);
        assert!(!unmappable && std::str::from_utf8(&gbk).is_err());
        let s = report(600 + i as u64, Layout::Pipe);
        std::fs::write(input.join(std::ffi::OsStr::from_bytes(&gbk)), &s.text).unwrap();
        // (Some GBK pairs are UTF-8 too: 度 is C8 B1, which UTF-8 reads as ȱ.)
        let escaped: String = gbk
            .utf8_chunks()
            .map(|chunk| {
                let invalid = chunk.invalid().iter().map(|b| format!("\\x{b:02X}"));
                chunk.valid().to_string() + &invalid.collect::<String>()
            })
            .collect();
        want.push((format!("{}/{escaped}", input.display()), s.report.agency));
    }
    want.sort();
    let db = dir.path().join("gbk.db");
    let db_arg = db.to_str().unwrap();
    let first = nianbao(&["ingest", input.to_str().unwrap(), "--db", db_arg]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert!(text(&first.stdout).starts_with("files: 3 seen, 3 ingested, 0 unchanged, 0 failed"));
    let stored = || {
        query(
            &db,
            "SELECT r.source_path || ' ' || a.name FROM reports r \
             JOIN agencies a ON a.id = r.agency_id ORDER BY 1",
        )
    };
    let want: Vec<String> = want.iter().map(|(p, a)| format!("{p} {a}")).collect();
    assert_eq!(stored(), want);
    let again = nianbao(&["ingest", input.to_str().unwrap(), "--db", db_arg]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert!(
        text(&again.stdout).starts_with("files: 3 seen, 0 ingested, 3 unchanged, 0 failed"),
        "{}",
        text(&again.stdout)
    );
    assert_eq!(stored(), want);
}

#[cfg(unix)]
#[test]
fn linked_files_and_folders_are_read_and_every_file_skipped_is_counted() {
    // Symbolic links to a file and to a folder are followed (a link back to a folder above
    // is a loop, skipped); hidden files and folders, and files of another or no
    // extension, are skipped, counted by kind on the last line, and listed with --verbose.
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let (input, elsewhere) = (dir.path().join("in"), dir.path().join("elsewhere"));
    std::fs::create_dir_all(input.join(".git")).unwrap();
    std::fs::create_dir_all(elsewhere.join("folder")).unwrap();
    let put = |path: &Path, bytes: &[u8]| std::fs::write(path, bytes).unwrap();
    put(
        &input.join("a.txt"),
        report(31, Layout::Pipe).text.as_bytes(),
    );
    put(
        &elsewhere.join("b.txt"),
        report(32, Layout::Pipe).text.as_bytes(),
    );
    put(
        &elsewhere.join("folder/c.txt"),
        report(33, Layout::Pipe).text.as_bytes(),
    );
    symlink(elsewhere.join("b.txt"), input.join("b.txt")).unwrap();
    symlink(elsewhere.join("folder"), input.join("linked")).unwrap();
    symlink(&input, input.join("linked/loop")).unwrap();
    put(
        &input.join(".hidden.txt"),
        report(34, Layout::Pipe).text.as_bytes(),
    );
    put(&input.join(".git/config.txt"), b"[core]");
    for name in [
        "scan.png",
        "page.JPG",
        "stats.xlsx",
        "README",
        "notes.weird",
    ] {
        put(&input.join(name), b"x");
    }
    let db = dir.path().join("s.db");
    let args = [
        "ingest",
        input.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ];
    let out = nianbao(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("files: 3 seen, 3 ingested, 0 unchanged, 0 failed"));
    assert_eq!(
        lines.last().copied(),
        Some(
            "8 skipped: 2 images, 1 spreadsheet, 2 hidden, 2 of another or no extension, \
             1 link loop (--verbose lists them)"
        )
    );
    let verbose = nianbao(&[&args[..], &["--verbose"]].concat());
    let d = input.display();
    let mut listed: Vec<String> = text(&verbose.stderr)
        .lines()
        .filter(|l| l.contains(": skipped: "))
        .map(str::to_string)
        .collect();
    listed.sort();
    assert_eq!(
        listed,
        [
            format!("{d}/.git: skipped: hidden"),
            format!("{d}/.hidden.txt: skipped: hidden"),
            format!("{d}/README: skipped: of another or no extension"),
            format!("{d}/linked/loop: skipped: a link loop (it leads back to {d})"),
            format!("{d}/notes.weird: skipped: of another or no extension"),
            format!("{d}/page.JPG: skipped: an image"),
            format!("{d}/scan.png: skipped: an image"),
            format!("{d}/stats.xlsx: skipped: a spreadsheet"),
        ]
    );
}
