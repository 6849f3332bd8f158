//! Findings a clerk can trust: generated reports read back from the files they print as
//! (text in every layout, an HTML page, a Word file, GBK text) give no finding that was
//! not planted, each planted slip exactly once, and a cell the reader could not place a
//! reading notice — never the report's error.

mod common;

use nianbao::check::{Finding, Severity};
use nianbao_synth::{self as synth, BREAKABLE_RULES, Layout, Options, formats};

/// A generated report as one of the formats a folder holds.
fn rendered(s: &synth::Synth, seed: u64, format: u64) -> Vec<u8> {
    match format % 4 {
        0 => s.text.clone().into_bytes(),
        1 => formats::html_page(s, seed),
        2 => formats::docx(s, seed),
        _ => formats::encoded_text(s, encoding_rs::GBK),
    }
}

const FORMATS: [&str; 4] = ["text", "html", "docx", "gbk text"];

fn options(seed: u64, break_rules: Vec<&'static str>) -> Options {
    Options {
        layout: Some(Layout::ALL[(seed % Layout::ALL.len() as u64) as usize]),
        break_rules,
        ..Options::default()
    }
}

/// The findings of the file `bytes` as ingest and `check` compute them.
fn findings_of(bytes: &[u8], what: &str) -> Vec<Finding> {
    nianbao::ingest::parse_bytes(bytes)
        .unwrap_or_else(|e| panic!("{what}: {e}"))
        .1
}

fn faults(findings: &[Finding]) -> Vec<(&'static str, &str)> {
    findings
        .iter()
        .filter(|f| f.severity != Severity::Reading)
        .map(|f| (f.rule, f.detail.as_str()))
        .collect()
}

#[test]
fn consistent_reports_in_every_layout_and_format_give_no_finding() {
    // 7 layouts × 4 formats, 8 times over: 224 reports.
    let mut notices = 0;
    for seed in 0..224u64 {
        let s = synth::generate(seed, &options(seed, vec![]));
        let format = seed / 7;
        let what = format!(
            "seed {seed} {} {}",
            s.layout.name(),
            FORMATS[(format % 4) as usize]
        );
        let findings = findings_of(&rendered(&s, seed, format), &what);
        assert_eq!(faults(&findings), Vec::<(&str, &str)>::new(), "{what}");
        notices += findings.len();
    }
    assert_eq!(notices, 0, "reading notices on reports printed in full");
}

/// How a planted slip came out: found as its rule exactly once (beside a reading notice
/// or not), or behind a reading notice (the reader could not read the cells it is in, so
/// the clerk is sent to look by eye). Any other finding, or the slip found twice, fails.
#[derive(Debug, PartialEq)]
enum Planted {
    Found,
    FoundBesideNotice,
    BehindNotice,
}

fn planted(rule: &str, findings: &[Finding], what: &str) -> Planted {
    let rules: Vec<&str> = faults(findings).iter().map(|(r, _)| *r).collect();
    let notice = findings.iter().any(|f| f.severity == Severity::Reading);
    match (rules.as_slice(), notice) {
        ([found], false) if *found == rule => Planted::Found,
        ([found], true) if *found == rule => Planted::FoundBesideNotice,
        ([], true) => Planted::BehindNotice,
        _ => panic!("{what}: {findings:#?}"),
    }
}

#[test]
fn each_planted_slip_is_found_exactly_once_in_every_format() {
    let mut outcomes = Vec::new();
    for (i, rule) in BREAKABLE_RULES.iter().enumerate() {
        for k in 0..14u64 {
            let seed = 1000 + 100 * i as u64 + k;
            let s = synth::generate(seed, &options(seed, vec![rule]));
            let what = format!(
                "{rule}: seed {seed} {} {}",
                s.layout.name(),
                FORMATS[(k % 4) as usize]
            );
            let findings = findings_of(&rendered(&s, seed, k), &what);
            outcomes.push(planted(rule, &findings, &what));
        }
    }
    // 8 rules × 14 reports. A slip that breaks the sums the reader leans on to place
    // aligned cells can leave them unread: then the notice, never a wrong finding.
    let found = outcomes.iter().filter(|o| **o == Planted::Found).count();
    assert_eq!(outcomes.len(), 112);
    assert_eq!(found, 105, "found alone {found} of 112: {outcomes:?}");
}

/// A row label the reader cannot know (予以公开 misprinted): its cells are placed nowhere.
fn misprint_granted(text: &str) -> String {
    text.replace("予以公开", "予以公kai")
}

#[test]
fn a_row_the_reader_cannot_place_is_a_reading_notice_not_an_error() {
    for seed in 0..14u64 {
        let s = synth::generate(seed, &options(seed, vec![]));
        let what = format!("seed {seed} {}", s.layout.name());
        let findings = findings_of(misprint_granted(&s.text).as_bytes(), &what);
        assert_eq!(faults(&findings), Vec::<(&str, &str)>::new(), "{what}");
        assert_eq!(findings.len(), 1, "{what}: {findings:#?}");
        let notice = &findings[0];
        assert_eq!(
            (notice.rule, notice.severity),
            ("reading", Severity::Reading)
        );
        assert!(
            notice.detail.starts_with(
                "table 2 收到和处理政府信息公开申请情况 was read only in part: 7 cells of 表2 三（一） not read, the rules that need them not run"
            ),
            "{what}: {}",
            notice.detail
        );
        let cells: Vec<(&str, usize)> = notice
            .cells
            .iter()
            .map(|c| (c.label.as_str(), c.line))
            .collect();
        assert_eq!(cells.len(), 7, "{what}: {cells:?}");
        assert!(
            cells
                .iter()
                .all(|(label, line)| label.starts_with("三（一）") && *line == 0),
            "{what}: {cells:?}"
        );
    }
}

#[test]
fn a_planted_slip_beside_an_unread_row_is_still_found() {
    // t3.row_total is in table 3; the unread row is in table 2: both said, apart.
    let mut beside = 0;
    for seed in 0..14u64 {
        let s = synth::generate(seed, &options(seed, vec!["t3.row_total"]));
        let what = format!("seed {seed} {}", s.layout.name());
        let findings = findings_of(misprint_granted(&s.text).as_bytes(), &what);
        if planted("t3.row_total", &findings, &what) == Planted::FoundBesideNotice {
            beside += 1;
        }
        let notice = findings.iter().find(|f| f.severity == Severity::Reading);
        assert!(
            notice.is_some_and(|n| n.detail.contains("7 cells of 表2 三（一） not read")),
            "{what}: {findings:#?}"
        );
    }
    assert_eq!(beside, 10, "{beside} of 14");
}

#[test]
fn page_furniture_after_the_signature_leaves_the_date_read() {
    for seed in 0..7u64 {
        let s = synth::generate(seed, &options(seed, vec![]));
        let what = format!("seed {seed} {}", s.layout.name());
        let text = format!("{}\n【打印本页】【关闭窗口】\n", s.text.trim_end());
        let (report, findings) = nianbao::ingest::parse_bytes(text.as_bytes()).unwrap();
        assert_eq!(report.published_on, s.report.published_on, "{what}");
        assert_eq!(findings, vec![], "{what}");
    }
}

/// The real reports: exactly the errors their `rNN.expected.json` names — the rules its
/// INCONSISTENT notes (and r07's "Table 1 oddity") break, none where it notes none. What the reader could not read of
/// them is a reading notice, never an error.
#[test]
fn real_reports_give_exactly_the_errors_their_notes_name() {
    const REAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/real");
    // The rules each INCONSISTENT note of the file breaks: r01's rows （二） and （七）
    // (t2.row_total) and its column 商业企业 (t2.balance); r03's table 3 totals; r07's
    // 规范性文件 本年制发 7, 本年废止 0, 现行有效 0 (t1.running_total).
    let broken: &[(&str, &[&str])] = &[
        ("r01.html", &["t2.balance", "t2.row_total"]),
        ("r02.pdf", &[]),
        ("r03.pdf", &["t3.row_total"]),
        ("r04.txt", &[]),
        ("r05.txt", &[]),
        ("r06.txt", &[]),
        ("r07.txt", &["t1.running_total"]),
    ];
    for (file, rules) in broken {
        let stem = file.split('.').next().unwrap();
        let notes: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(format!("{REAL}/{stem}.expected.json")).unwrap(),
        )
        .unwrap();
        let inconsistent = notes["consistency"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .filter(|n| n.starts_with("INCONSISTENT") || n.starts_with("Table 1 oddity"))
            .count();
        assert_eq!(inconsistent > 0, !rules.is_empty(), "{file}");
        let bytes = std::fs::read(format!("{REAL}/{file}")).unwrap();
        let findings = nianbao::ingest::parse_named(&bytes, Some(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .findings;
        let errors: Vec<&str> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.rule)
            .collect();
        assert_eq!(errors, *rules, "{file}: {findings:#?}");
    }
}

/// A reading notice as a clerk meets it: stored by ingest, shown by `check` on the database
/// and on the file, chosen by `--severity reading`, never in the exit status or in
/// `check-failures`.
#[test]
fn a_reading_notice_is_stored_and_shown_but_never_counted() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let s = synth::generate(0, &options(0, vec![]));
    std::fs::write(reports.join("a.txt"), misprint_granted(&s.text)).unwrap();
    let db = dir.path().join("n.db");
    common::ingest(std::slice::from_ref(&reports), &db, 1);
    let notice = "table 2 收到和处理政府信息公开申请情况 was read only in part: \
                  7 cells of 表2 三（一） not read, the rules that need them not run";
    let summary = "1 report checked, 1 with findings: 0 errors, 0 warnings; \
                   1 reading notice (parts the reader could not read: look by eye)\n";

    for args in [
        vec!["check", "--format", "csv"],
        vec!["check", "--severity", "reading", "--format", "csv"],
        vec!["check", reports.to_str().unwrap(), "--format", "csv"],
    ] {
        let out = common::nianbao(&args, &db);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let csv = String::from_utf8(out.stdout).unwrap();
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(rows.len(), 2, "{args:?}: {csv}");
        assert!(rows[1].contains(",reading,reading,"), "{args:?}: {csv}");
        assert!(rows[1].contains(notice), "{args:?}: {csv}");
        assert_eq!(String::from_utf8(out.stderr).unwrap(), summary, "{args:?}");
    }
    let out = common::nianbao(&["check", "--severity", "error", "--format", "csv"], &db);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "path,agency,year,rule,severity,detail,cells\n"
    );
    let failures = common::ok(common::nianbao(
        &["query", "check-failures", "--format", "csv"],
        &db,
    ));
    assert_eq!(failures, "agency,year,rule,severity,detail\n");
}
