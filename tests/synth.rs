//! The synthetic report generator: deterministic, every layout complete and consistent,
//! rules broken exactly as asked — and `check` finding each broken rule once, naming the
//! cells broken — cell lines pointing at the printed values.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use nianbao::document::Document;
use nianbao::model::{Report, Table, TableStatus};
use nianbao::vocab::{self, RowSpec, Template};
use nianbao_synth::{
    self as synth, BREAKABLE_RULES, Layout, Options, Synth, generate, glued_split,
};

fn with_layout(layout: Layout) -> Options {
    Options {
        layout: Some(layout),
        ..Options::default()
    }
}

/// The rows table `t` was printed with, in the version the generator printed.
fn spec_rows(t: &Table) -> &'static [RowSpec] {
    t.variant.expect("a data table records its version").rows
}

/// The outcome rows of table 2 as `t` was printed: those that add up to 三（七）.
fn outcome_rows(t: &Table) -> &'static [RowSpec] {
    let spec = t.variant.expect("a data table records its version");
    spec.rows_between("granted", "total_processed")
}

/// Every cell of the template, in template order, for every data table.
fn assert_complete(s: &Synth, what: &str) {
    let r = &s.report;
    assert_eq!(r.tables.len(), 3, "{what}");
    for (i, t) in r.tables.iter().enumerate() {
        assert_eq!(usize::from(t.no), i + 1, "{what}");
        match t.status {
            TableStatus::Data => {
                let expected: Vec<(&str, &str)> = spec_rows(t)
                    .iter()
                    .flat_map(|row| row.cols.iter().map(move |c| (row.key, c.key)))
                    .collect();
                let got: Vec<(&str, &str)> =
                    t.cells.iter().map(|c| (c.row_key, c.col_key)).collect();
                assert_eq!(got, expected, "{what} table {}", t.no);
            }
            _ => assert!(t.cells.is_empty(), "{what}"),
        }
    }
}

/// Each cell's line holds its raw text; a value is a number exactly when the raw reads as one.
fn assert_lines(s: &Synth, what: &str) {
    let lines: Vec<&str> = s.text.split('\n').collect();
    for t in &s.report.tables {
        for c in &t.cells {
            assert!(
                c.line >= 1 && c.line <= lines.len(),
                "{what}: {}/{} line {}",
                c.row_key,
                c.col_key,
                c.line
            );
            let line = lines[c.line - 1];
            assert!(
                line.contains(&c.raw),
                "{what}: {}/{} raw {:?} not on line {} {:?}",
                c.row_key,
                c.col_key,
                c.raw,
                c.line,
                line
            );
            assert_eq!(c.raw, c.raw.trim(), "{what}");
            let parsed = nianbao::numbers::parse_number(&c.raw);
            assert_eq!(
                parsed, c.value,
                "{what}: {}/{} {:?}",
                c.row_key, c.col_key, c.raw
            );
        }
    }
}

/// The rules the truth breaks, computed here from its cells and the figures its text states.
fn broken_rules(s: &Synth) -> BTreeSet<&'static str> {
    let r = &s.report;
    let mut broken = BTreeSet::new();
    let v = |t: &Table, row: &str, col: &str| t.value(row, col);
    if let Some(t2) = r.table(2).filter(|t| t.status == TableStatus::Data) {
        let rows = spec_rows(t2);
        for col in vocab::T2_COLS {
            let c = col.key;
            if let (Some(new), Some(tp)) = (v(t2, "new", c), v(t2, "total_processed", c)) {
                let co = v(t2, "carried_over", c).unwrap_or(0.0);
                let cf = v(t2, "carried_forward", c).unwrap_or(0.0);
                if new + co != tp + cf {
                    broken.insert("t2.balance");
                }
            }
            // A column whose outcomes are all blank (总计 printed only in （七）) states no sum.
            let outcomes: Vec<Option<f64>> = outcome_rows(t2)
                .iter()
                .map(|row| v(t2, row.key, c))
                .collect();
            if let Some(tp) = v(t2, "total_processed", c)
                && outcomes.iter().any(Option::is_some)
            {
                let sum: f64 = outcomes.iter().map(|o| o.unwrap_or(0.0)).sum();
                if sum != tp {
                    broken.insert("t2.outcomes_sum");
                }
            }
        }
        for row in rows {
            if let Some(total) = v(t2, row.key, "total") {
                let sum: f64 = vocab::T2_COLS[..6]
                    .iter()
                    .map(|c| v(t2, row.key, c.key).unwrap_or(0.0))
                    .sum();
                if sum != total {
                    broken.insert("t2.row_total");
                }
            }
        }
    }
    if let Some(t3) = r.table(3).filter(|t| t.status == TableStatus::Data) {
        for row in vocab::TABLE3.rows {
            if let Some(total) = v(t3, row.key, "total") {
                let sum: f64 = vocab::T3_COLS[..4]
                    .iter()
                    .map(|c| v(t3, row.key, c.key).unwrap_or(0.0))
                    .sum();
                if sum != total {
                    broken.insert("t3.row_total");
                }
            }
        }
    }
    if let Some(t2) = r.table(2).filter(|t| t.status == TableStatus::Data) {
        // 总计 printed blank: the row's six columns hold the figure.
        let new = t2.value("new", "total").unwrap_or_else(|| {
            vocab::T2_COLS[..6]
                .iter()
                .filter_map(|c| t2.value("new", c.key))
                .sum()
        });
        if s.stated.iter().any(|f| f.value != new) {
            broken.insert("n.matches_table");
        }
    }
    if vocab::SECTIONS.iter().any(|s| r.section(s.key).is_none()) {
        broken.insert("s.sections");
    }
    if r.tables.iter().any(|t| t.status != TableStatus::Data) {
        broken.insert("s.tables");
    }
    let d = r.published_on.expect("a publication date");
    if (d.year, d.month, d.day) > (r.year + 1, 1, 31) {
        broken.insert("s.published_on_time");
    }
    broken
}

/// A cell a finding names: (table, row, column, value, line).
type Place = (u8, &'static str, &'static str, Option<f64>, usize);

fn place(t: &Table, row: &'static str, col: &'static str) -> Place {
    let c = t.cell(row, col);
    (
        t.no,
        row,
        col,
        c.and_then(|c| c.value),
        c.map_or(0, |c| c.line),
    )
}

/// The cells a broken rule's finding names, worked out here from the generator's truth.
fn expected_places(rule: &str, s: &Synth) -> Vec<Place> {
    let r = &s.report;
    let mut places = Vec::new();
    let table = |no| r.table(no).expect("generated reports have three tables");
    let row_total = |t: &Table, rows: &'static [RowSpec], parts: usize, places: &mut Vec<Place>| {
        for row in rows {
            let Some(total) = t.value(row.key, row.cols[parts].key) else {
                continue;
            };
            let sum: f64 = row.cols[..parts]
                .iter()
                .map(|c| t.value(row.key, c.key).unwrap_or(0.0))
                .sum();
            if sum != total {
                places.extend(row.cols.iter().map(|c| place(t, row.key, c.key)));
            }
        }
    };
    match rule {
        "t2.balance" => {
            let t2 = table(2);
            for col in vocab::T2_COLS {
                let v = |row| t2.value(row, col.key);
                let (Some(new), Some(processed)) = (v("new"), v("total_processed")) else {
                    continue;
                };
                let zero = |row| v(row).unwrap_or(0.0);
                if new + zero("carried_over") != processed + zero("carried_forward") {
                    for row in ["new", "carried_over", "total_processed", "carried_forward"] {
                        places.push(place(t2, row, col.key));
                    }
                }
            }
        }
        "t2.outcomes_sum" => {
            let t2 = table(2);
            for col in vocab::T2_COLS {
                let Some(total) = t2.value("total_processed", col.key) else {
                    continue;
                };
                let outcomes: Vec<(&'static str, f64)> = outcome_rows(t2)
                    .iter()
                    .filter_map(|row| t2.value(row.key, col.key).map(|v| (row.key, v)))
                    .collect();
                if !outcomes.is_empty() && outcomes.iter().map(|(_, v)| v).sum::<f64>() != total {
                    places.push(place(t2, "total_processed", col.key));
                    for (row, v) in outcomes {
                        if v != 0.0 {
                            places.push(place(t2, row, col.key));
                        }
                    }
                }
            }
        }
        "t2.row_total" => row_total(table(2), spec_rows(table(2)), 6, &mut places),
        "t3.row_total" => row_total(table(3), vocab::TABLE3.rows, 4, &mut places),
        "n.matches_table" => {
            let t2 = table(2);
            let filled: Vec<&vocab::ColSpec> = vocab::T2_COLS[..6]
                .iter()
                .filter(|c| t2.value("new", c.key).is_some())
                .collect();
            if t2.value("new", "total").is_some() || filled.is_empty() {
                places.push(place(t2, "new", "total"));
            } else {
                places.extend(filled.iter().map(|c| place(t2, "new", c.key)));
            }
        }
        _ => {}
    }
    places
}

/// The detail of a broken `s.*` rule, worked out from the truth; `None` for the others.
fn expected_detail(rule: &str, r: &Report) -> Option<String> {
    match rule {
        "s.sections" => {
            let missing = vocab::SECTIONS
                .iter()
                .find(|s| r.section(s.key).is_none())
                .expect("a dropped section");
            Some(format!(
                "missing section(s): {} {}",
                missing.key, missing.heading
            ))
        }
        "s.tables" => {
            let t = r
                .tables
                .iter()
                .find(|t| t.cells.is_empty())
                .expect("a table not printed as data");
            let how = if t.images.is_empty() {
                "is absent"
            } else {
                "is printed as a picture, not data"
            };
            Some(format!(
                "table {} {} {how}",
                t.no,
                vocab::table(t.no, r.template).title
            ))
        }
        "s.published_on_time" => Some(format!(
            "published {} after the deadline {}-01-31",
            r.published_on.expect("a date").iso(),
            r.year + 1
        )),
        _ => None,
    }
}

/// `check` finds the one rule broken, once, naming the cells the truth says.
fn assert_one_finding(s: &Synth, rule: &str, what: &str) {
    let findings = common::check_truth(s);
    assert_eq!(findings.len(), 1, "{what}: {findings:#?}");
    let f = &findings[0];
    assert_eq!(f.rule, rule, "{what}");
    assert_eq!(
        f.severity,
        vocab::rule_spec(rule).unwrap().severity,
        "{what}"
    );
    let places: Vec<Place> = f
        .cells
        .iter()
        .map(|c| (c.table_no, c.row_key, c.col_key, c.value, c.line))
        .collect();
    assert_eq!(places, expected_places(rule, s), "{what}");
    assert!(f.cells.iter().all(|c| c.year == s.report.year), "{what}");
    if let Some(detail) = expected_detail(rule, &s.report) {
        assert_eq!(f.detail, detail, "{what}");
    }
    if rule == "n.matches_table" {
        assert!(!s.stated.is_empty(), "{what}");
        // Each statement is named by its line and its whole sentence, which holds the
        // clause the generator wrote.
        for stated in &s.stated {
            let said = format!("≠ {} stated at line {}: ", stated.value, stated.line);
            let at = f.detail.find(&said);
            let sentence = at.map(|i| &f.detail[i + said.len()..]).unwrap_or_default();
            assert!(
                sentence.starts_with(&stated.sentence)
                    || sentence
                        .split(['；', '。'])
                        .next()
                        .is_some_and(|first| first.contains(&stated.sentence)),
                "{what}: {} / {said}{}",
                f.detail,
                stated.sentence
            );
        }
    }
}

#[test]
fn same_seed_same_report_and_seeds_differ() {
    for layout in Layout::ALL {
        for seed in [0, 1, 17, 123_456_789] {
            let a = generate(seed, &with_layout(layout));
            let b = generate(seed, &with_layout(layout));
            assert_eq!(a, b, "seed {seed} {layout}");
        }
        assert_ne!(
            generate(1, &with_layout(layout)).text,
            generate(2, &with_layout(layout)).text
        );
    }
    let opts = Options::default();
    assert_eq!(generate(99, &opts), generate(99, &opts));
}

#[test]
fn every_layout_renders_complete_consistent_reports() {
    for layout in Layout::ALL {
        for seed in 0..60 {
            let what = format!("seed {seed} {layout}");
            let s = generate(seed, &with_layout(layout));
            assert_eq!(s.layout, layout);
            let r = &s.report;
            assert_complete(&s, &what);
            assert!(
                r.tables.iter().all(|t| t.status == TableStatus::Data),
                "{what}"
            );
            assert_lines(&s, &what);
            assert_eq!(broken_rules(&s), BTreeSet::new(), "{what}");
            let doc = Document::from_text(&s.text);
            assert_eq!(common::check_truth(&s), vec![], "{what}");
            // The figures the text states are the report's facts.
            let parsed = nianbao::recognize::recognize(&doc).unwrap();
            let facts: Vec<(f64, usize)> = parsed
                .facts
                .iter()
                .filter(|f| f.key == "applications.new")
                .map(|f| (f.value, f.line))
                .collect();
            let stated: Vec<(f64, usize)> = s.stated.iter().map(|f| (f.value, f.line)).collect();
            assert_eq!(facts, stated, "{what}");

            // Title, sections, signature, contact, issues: all as printed.
            assert!((2019..=2025).contains(&r.year), "{what}");
            assert_eq!(r.template, Template::for_year(r.year), "{what}");
            assert!(r.title.contains(&r.agency), "{what}");
            let keys: Vec<&str> = r.sections.iter().map(|s| s.key).collect();
            assert_eq!(
                keys,
                [
                    "preamble",
                    "overview",
                    "proactive",
                    "applications",
                    "review_litigation",
                    "problems",
                    "other",
                    "signature"
                ],
                "{what}"
            );
            let lines: Vec<&str> = s.text.split('\n').collect();
            for (i, sec) in r.sections.iter().enumerate() {
                assert_eq!(sec.ordinal, i);
                if !sec.heading.is_empty() {
                    assert_eq!(lines[sec.line - 1], sec.heading, "{what}");
                }
            }
            let sig = r.section("signature").unwrap();
            assert_eq!(lines[sig.line - 1].trim(), r.agency, "{what}");
            let d = r.published_on.unwrap();
            assert_eq!((d.year, d.month), (r.year + 1, 1), "{what}");
            assert!(
                s.text.contains(&format!("{}年1月{}日", d.year, d.day)),
                "{what}"
            );
            assert!(s.text.contains(r.template.document_number()), "{what}");
            for v in [
                &r.contact.address,
                &r.contact.phone,
                &r.contact.email,
                &r.contact.website,
            ]
            .into_iter()
            .flatten()
            {
                assert!(s.text.contains(v.as_str()), "{what}: {v}");
            }
            assert!(
                r.issues_listed.iter().any(|i| i.kind.key() == "problem")
                    && r.issues_listed
                        .iter()
                        .any(|i| i.kind.key() == "improvement"),
                "{what}"
            );
            for issue in &r.issues_listed {
                assert!(s.text.contains(&issue.text), "{what}");
            }
            assert!(r.warnings.is_empty());
        }
    }
}

#[test]
fn each_rule_breaks_alone_when_asked() {
    for rule in BREAKABLE_RULES {
        for layout in Layout::ALL {
            for seed in 0..12 {
                let what = format!("seed {seed} {layout} {rule}");
                let opts = Options {
                    layout: Some(layout),
                    break_rules: vec![rule],
                    ..Options::default()
                };
                let s = generate(seed, &opts);
                assert_complete(&s, &what);
                assert_lines(&s, &what);
                assert_eq!(broken_rules(&s), BTreeSet::from([rule]), "{what}");
                assert_one_finding(&s, rule, &what);
            }
        }
    }
}

#[test]
fn rules_break_together() {
    let all: Vec<&'static str> = BREAKABLE_RULES.to_vec();
    for layout in Layout::ALL {
        for seed in 0..20 {
            let what = format!("seed {seed} {layout}");
            let opts = Options {
                layout: Some(layout),
                break_rules: all.clone(),
                ..Options::default()
            };
            let s = generate(seed, &opts);
            assert_complete(&s, &what);
            assert_lines(&s, &what);
            let expected: BTreeSet<&str> = all.iter().copied().collect();
            assert_eq!(broken_rules(&s), expected, "{what}");
            let t2 = ["t2.balance", "t2.outcomes_sum", "t2.row_total"];
            let opts = Options {
                layout: Some(layout),
                break_rules: t2.to_vec(),
                ..Options::default()
            };
            let s = generate(seed, &opts);
            assert_eq!(
                broken_rules(&s),
                t2.into_iter().collect::<BTreeSet<_>>(),
                "{what}"
            );
        }
    }
}

#[test]
fn tables_broken_as_pictures_or_missing() {
    let mut image = 0;
    let mut missing = 0;
    for seed in 0..60 {
        let opts = Options {
            break_rules: vec!["s.tables"],
            ..Options::default()
        };
        let s = generate(seed, &opts);
        for t in &s.report.tables {
            match t.status {
                TableStatus::Image => {
                    image += 1;
                    assert_eq!(t.images.len(), 1);
                    assert!(s.text.contains(&format!("[image: {}]", t.images[0])));
                }
                TableStatus::Missing => missing += 1,
                _ => {}
            }
        }
    }
    assert_eq!(image + missing, 60);
    assert!(image > 10 && missing > 10);
}

/// The trailing run of a line that a glued row's numbers make up.
fn glued_run(line: &str) -> &str {
    let start = line
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, '.' | '-' | '元' | '万'))
        .last()
        .map_or(line.len(), |(i, _)| i);
    &line[start..]
}

#[test]
fn glued_rows_split_uniquely_back_into_their_cells() {
    let mut nonzero = 0;
    for seed in 0..150 {
        for breaks in [vec![], vec!["t2.row_total", "t3.row_total", "t2.balance"]] {
            let opts = Options {
                layout: Some(Layout::Glued),
                break_rules: breaks,
                ..Options::default()
            };
            let s = generate(seed, &opts);
            let lines: Vec<&str> = s.text.split('\n').collect();
            for t in &s.report.tables {
                let rows = spec_rows(t);
                let (parts, group, per_line): (usize, usize, bool) = match t.no {
                    1 => (0, 0, true),
                    2 => (7, 7, true),
                    _ => (15, 5, false),
                };
                let mut at = 0;
                for row in rows {
                    let n = if per_line { row.cols.len() } else { 15 };
                    let cells = &t.cells[at..at + n];
                    at += n;
                    let run = glued_run(lines[cells[0].line - 1]);
                    let expected: Vec<String> = cells.iter().map(|c| c.raw.clone()).collect();
                    let parts = if parts == 0 { n } else { parts };
                    assert_eq!(
                        glued_split(run, parts, group),
                        Some(expected),
                        "seed {seed} table {} row {} run {run:?}",
                        t.no,
                        row.key
                    );
                    if cells.iter().any(|c| c.value.is_some_and(|v| v >= 10.0)) {
                        nonzero += 1;
                    }
                    if !per_line {
                        break;
                    }
                }
            }
        }
    }
    assert!(
        nonzero > 100,
        "glued rows should not all be small: {nonzero}"
    );
}

#[test]
fn forced_template_year_and_page_breaks() {
    for seed in 0..30 {
        let s = generate(
            seed,
            &Options {
                template: Some(Template::Y2019),
                page_breaks: Some(true),
                ..Options::default()
            },
        );
        assert_eq!(s.report.template, Template::Y2019);
        assert!((2019..=2020).contains(&s.report.year));
        assert!(s.page_breaks);
        assert!(
            s.text.contains("收到和处理政府信息公开申请情况\n")
                || s.report.tables[1].status != TableStatus::Data
        );
        assert!(
            s.text.contains("表2 ") || s.text.contains("表 2 "),
            "seed {seed}"
        );
        assert!(
            ["- ", "第 ", "— "]
                .iter()
                .any(|p| s.text.lines().any(|l| l.trim_start().starts_with(p))),
            "seed {seed}: no page line"
        );
        let t1 = &s.report.tables[0];
        assert!(t1.cell("procurement", "amount").is_some());

        let s = generate(
            seed,
            &Options {
                year: Some(2022),
                template: Some(Template::Y2019),
                page_breaks: Some(false),
                ..Options::default()
            },
        );
        assert_eq!((s.report.year, s.report.template), (2022, Template::Y2019));
        assert!(!s.page_breaks);
        assert!(s.text.contains("国办公开办函〔2019〕60号"));
    }
    // Some 2021-template reports print the single （六）其他处理 row.
    let single = (0..300)
        .map(|seed| {
            generate(
                seed,
                &Options {
                    template: Some(Template::Y2021),
                    ..Options::default()
                },
            )
        })
        .filter(|s| s.report.tables[1].cell("other", "total").is_some())
        .inspect(|s| assert_eq!(s.report.template, Template::Y2021))
        .count();
    assert!((3..=40).contains(&single), "{single}");
}

#[test]
fn variants_appear_somewhere() {
    let mut text = String::new();
    for seed in 0..400 {
        text.push_str(&generate(seed, &Options::default()).text);
    }
    for needle in [
        "本年度止件数",
        "国家机密",
        "行政法复议",
        "只记这一情形",
        "251",
        "元",
        "万元",
        "１",
        ",",
        "（一）主要问题",
        "存在的主要问题：一是",
        "\n1.",
        "| --- |",
        "| 列1 |",
        "注：数量含上年度结转数量",
        "第二十条第（九）项",
        "三、 本 年 度",
        "(一) 予以公开",
        "2、",
    ] {
        assert!(text.contains(needle), "{needle:?} never printed");
    }
}

#[test]
fn a_known_seed() {
    let s = generate(1, &with_layout(Layout::TabCells));
    let r = &s.report;
    assert_eq!(r.agency, KNOWN_AGENCY);
    assert_eq!(r.year, KNOWN_YEAR);
    let new_total = r.tables[1].cell("new", "total").unwrap();
    assert_eq!(new_total.raw, KNOWN_NEW_TOTAL);
    assert_eq!(
        s.text.split('\n').nth(new_total.line - 1),
        Some(format!("\t{KNOWN_NEW_TOTAL}").as_str())
    );
}

const KNOWN_AGENCY: &str = "青山市华都区统计局";
const KNOWN_YEAR: i32 = 2022;
const KNOWN_NEW_TOTAL: &str = "14";

#[test]
fn cli_writes_one_file_per_seed() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args([
            "synth", "--count", "9", "--seed", "5", "--layout", "all", "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("wrote 9 report(s)"), "{stdout}");
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let expected: Vec<String> = (5u64..14)
        .map(|seed| {
            let layout = Layout::ALL[(seed % 7) as usize];
            format!("{seed:08}_{layout}.txt")
        })
        .collect();
    assert_eq!(names, expected);
    let text = std::fs::read_to_string(dir.path().join("00000006_glued.txt")).unwrap();
    assert_eq!(text, generate(6, &with_layout(Layout::Glued)).text);

    // Seeds draw their own layout without --layout; options pass through.
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args([
            "synth",
            "--count",
            "2",
            "--seed",
            "40",
            "--template",
            "2019",
        ])
        .args(["--break", "t2.balance", "--no-page-breaks", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let opts = Options {
        template: Some(Template::Y2019),
        break_rules: vec!["t2.balance"],
        page_breaks: Some(false),
        ..Options::default()
    };
    for seed in [40, 41] {
        let s = generate(seed, &opts);
        let path = dir.path().join(format!("{seed:08}_{}.txt", s.layout));
        assert_eq!(std::fs::read_to_string(path).unwrap(), s.text);
    }

    let bad = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["synth", "--count", "1", "--break", "x.carry_chain", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cannot be broken"));
    let _ = synth::BREAKABLE_RULES;
}
