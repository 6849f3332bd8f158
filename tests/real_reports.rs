//! The seven real reports of tests/fixtures/real, kept byte for byte as they were found: a
//! site's article body without a title (r01), two PDFs (r02, r03) and four texts saved by a
//! crawler, with its header, page chrome and the report flattened onto one line (r04–r07).
//! Each is identified — agency, year, and where they were read — and its sections, signature
//! and listed problems are read as `rNN.expected.json` and the documents give them.

mod common;

use nianbao::model::{Date, IssueKind, Report};

const REAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/real");

/// A date as (year, month, day).
type Ymd = (i32, u32, u32);

/// Each report, where its agency and year are read, and the date its signature prints.
const REPORTS: [(&str, &str, Option<Ymd>); 7] = [
    ("r01.html", "signature+period", Some((2024, 1, 5))),
    ("r02.pdf", "title", None),
    ("r03.pdf", "title", None),
    ("r04.txt", "title", Some((2022, 1, 7))),
    ("r05.txt", "title", Some((2021, 1, 26))),
    ("r06.txt", "metadata", Some((2025, 1, 23))),
    ("r07.txt", "metadata", Some((2026, 1, 23))),
];

/// What `rNN.expected.json` says of a report.
struct Expected {
    agency: String,
    year: i32,
    problems: Vec<String>,
}

fn expected(file: &str) -> Expected {
    let stem = file.split('.').next().unwrap();
    let path = format!("{REAL}/{stem}.expected.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(json["file"], file);
    Expected {
        agency: json["agency"].as_str().unwrap().to_string(),
        year: json["year"].as_i64().unwrap() as i32,
        problems: json["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect(),
    }
}

fn parse(file: &str) -> Report {
    let bytes = std::fs::read(format!("{REAL}/{file}")).unwrap();
    nianbao::ingest::parse_named(&bytes, Some(file))
        .unwrap_or_else(|e| panic!("{file}: {e}"))
        .report
}

#[test]
fn every_real_report_is_identified_and_its_problems_listed() {
    for (file, identified_by, _) in REPORTS {
        let want = expected(file);
        let report = parse(file);
        assert_eq!(
            (
                report.agency.as_str(),
                report.year,
                report.identified_by.key().as_str()
            ),
            (want.agency.as_str(), want.year, identified_by),
            "{file}"
        );
        let problems: Vec<&str> = report
            .issues_listed
            .iter()
            .filter(|i| i.kind == IssueKind::Problem)
            .map(|i| i.text.as_str())
            .collect();
        assert_eq!(problems, want.problems, "{file}");
        // The sources that were not read agree: nothing to warn of.
        assert!(
            !report
                .warnings
                .iter()
                .any(|w| w.message.contains("check which")),
            "{file}: {:?}",
            report.warnings
        );
    }
}

#[test]
fn every_section_and_the_signature_of_each_shape() {
    for (file, _, signed) in REPORTS {
        let report = parse(file);
        let keys: Vec<&str> = report.sections.iter().map(|s| s.key).collect();
        let mut want = vec!["preamble"];
        want.extend(nianbao::vocab::SECTIONS.iter().map(|s| s.key));
        if signed.is_some() {
            want.push("signature");
        }
        assert_eq!(keys, want, "{file}");
        assert_eq!(
            report.published_on,
            signed.and_then(|(y, m, d)| Date::new(y, m, d)),
            "{file}"
        );
    }

    // The crawler's header, the chrome and the distribution lines are not report text; the
    // sections of the flattened line keep its line number.
    let r04 = parse("r04.txt");
    assert_eq!(
        r04.title,
        "平潭综合实验区市场监督管理局2021年度政府信息公开工作年度报告"
    );
    let preamble = r04.section("preamble").unwrap();
    assert_eq!(preamble.line, 10);
    assert!(
        preamble
            .body
            .starts_with("根据新修订的《中华人民共和国政府信息公开条例》"),
        "{}",
        preamble.body
    );
    assert_eq!(
        r04.section("signature").unwrap().body,
        "平潭综合实验区市场监督管理局\n2022年1月7日"
    );
    let heading = |r: &Report, key: &str| r.section(key).unwrap().heading.clone();
    assert_eq!(
        heading(&r04, "review_litigation"),
        "四、政府信息公开行政复议、行政诉讼情况"
    );
    // A table's run of text stays whole in its section.
    assert!(
        r04.section("proactive")
            .unwrap()
            .body
            .starts_with("第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件6045第二十条第（五）项")
    );

    // The cover letter's title and addressee are not the report's preamble text.
    let r05 = parse("r05.txt");
    assert_eq!(
        r05.title,
        "平潭综合实验区苏平片区管理局关于报送2020年度政府信息公开工作年度报告的函"
    );
    assert!(
        r05.section("preamble")
            .unwrap()
            .body
            .starts_with("区办公室：根据《中华人民共和国政府信息公开条例》要求")
    );
    // The signature glued to the last section's answer.
    assert_eq!(r05.section("other").unwrap().body, "暂无");
    assert_eq!(
        r05.section("signature").unwrap().body,
        "平潭综合实验区苏平片区管理局\n2021年1月26日"
    );

    let r07 = parse("r07.txt");
    assert_eq!(
        heading(&r07, "review_litigation"),
        "四、政府信息公开行政法复议、行政诉讼情况"
    );
    assert_eq!(
        r07.section("signature").unwrap().body,
        "平潭综合实验区社会事业局\n2026年1月23日"
    );
    // No title in the text: the crawler's header gives it.
    assert_eq!(
        r07.title,
        "平潭综合实验区社会事业局2025年政府信息公开工作年度报告"
    );

    let r01 = parse("r01.html");
    assert_eq!(r01.title, "");
    assert_eq!(
        r01.contact.phone.as_deref(),
        Some("0591-86161228"),
        "{:?}",
        r01.contact
    );
}

#[test]
fn ingest_stores_where_agency_and_year_were_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("real.db");
    let summary = common::ingest(&[std::path::PathBuf::from(REAL)], &db, 2);
    assert_eq!((summary.ingested, summary.failed), (7, 0));
    let conn = common::connect(&db);
    let mut stmt = conn
        .prepare("SELECT source_path, identified_by FROM reports ORDER BY source_path")
        .unwrap();
    let stored: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .map(|(path, by): (String, String)| {
            let file = path.rsplit('/').next().unwrap().to_string();
            (file, by)
        })
        .collect();
    let want: Vec<(String, String)> = REPORTS
        .iter()
        .map(|(file, by, _)| (file.to_string(), by.to_string()))
        .collect();
    assert_eq!(stored, want);
}
