//! Facts from the narrative: every figure the five seed reports' prose states, exactly, as
//! the real binary stores them; the queries that read them; and, over generated reports,
//! every stated figure equal to the generator's table.

mod common;

use std::path::PathBuf;

use nianbao::ingest::parse_bytes;
use nianbao::model::{Report, TableStatus};
use nianbao::vocab;
use nianbao_synth::{Options, generate};
use rusqlite::Connection;

use common::{nianbao, ok};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds");

const ZHANGJIACHAN: &str = "威海市文登区张家产镇人民政府";
const WENDENG: &str = "威海市文登区人民政府";
const MISHAN: &str = "威海市文登区米山镇人民政府";
const ZHANGJIAPO: &str = "沂源县张家坡镇人民政府";
const ZHACUN: &str = "莱州市柞村镇人民政府";

fn ingested() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    ok(nianbao(&["ingest", SEEDS], &db));
    (dir, db)
}

/// A stored fact: section, key, value, unit, line.
type Row = (String, String, f64, String, i64);

fn facts_of(conn: &Connection, agency: &str) -> Vec<Row> {
    conn.prepare(
        "SELECT f.section, f.key, f.value, f.unit, f.line FROM facts f \
         JOIN reports r ON r.id = f.report_id JOIN agencies a ON a.id = r.agency_id \
         WHERE a.name = ?1 ORDER BY f.line, f.rowid",
    )
    .unwrap()
    .query_map([agency], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn rows(expected: &[(&str, &str, f64, &str, i64)]) -> Vec<Row> {
    expected
        .iter()
        .map(|(s, k, v, u, l)| (s.to_string(), k.to_string(), *v, u.to_string(), *l))
        .collect()
}

/// The sentence a fact came from.
fn sentence(conn: &Connection, agency: &str, key: &str) -> String {
    conn.query_row(
        "SELECT sentence FROM report_facts WHERE agency = ?1 AND key = ?2 ORDER BY line LIMIT 1",
        [agency, key],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn every_figure_the_seeds_state() {
    let (_dir, db) = ingested();
    let conn = Connection::open(&db).unwrap();
    assert_eq!(
        facts_of(&conn, ZHANGJIACHAN),
        rows(&[
            ("overview", "published.new_media", 383.0, "条", 9),
            ("overview", "published.website", 70.0, "条", 9),
            ("overview", "policy_interpretations", 3.0, "条", 9),
            // 未接收受理过依申请公开，与上年相比无变化: none this year, none the year before.
            ("overview", "applications.new", 0.0, "件", 10),
            ("overview", "applications.change", 0.0, "件", 10),
            ("overview", "applications.prev_year_new", 0.0, "件", 10),
            ("other", "fees_collected", 0.0, "元", 24),
            ("other", "npc_suggestions", 0.0, "件", 25),
            ("other", "cppcc_proposals", 0.0, "件", 25),
        ])
    );
    assert_eq!(
        facts_of(&conn, WENDENG),
        rows(&[
            ("overview", "published.gazette", 4.0, "期", 9),
            ("overview", "policy_interpretations", 67.0, "条", 9),
            ("overview", "applications.new", 100.0, "件", 10),
            ("overview", "applications.change", 26.0, "件", 10),
            ("overview", "applications.growth_pct", 35.1, "%", 10),
            ("overview", "applications.prev_year_new", 74.0, "件", 10),
            ("overview", "normative_documents.issued", 5.0, "件", 11),
            ("overview", "normative_documents.repealed", 27.0, "件", 11),
            ("overview", "trainings", 4.0, "次", 13),
            ("other", "fees_collected", 0.0, "元", 45),
            // 未承办市人大代表建议和政协委员提案 speaks of the city's: no figure of its own.
            ("other", "npc_suggestions", 66.0, "件", 46),
            ("other", "cppcc_proposals", 98.0, "件", 46),
            ("other", "suggestions_completion_pct", 100.0, "%", 46),
        ])
    );
    assert_eq!(
        facts_of(&conn, MISHAN),
        rows(&[
            ("overview", "published.total", 450.0, "条", 9),
            ("overview", "published.new_media", 359.0, "条", 9),
            ("overview", "published.website", 91.0, "条", 9),
            ("overview", "applications.new", 0.0, "件", 10),
            ("overview", "applications.change", 0.0, "件", 10),
            ("overview", "applications.prev_year_new", 0.0, "件", 10),
            ("other", "fees_collected", 0.0, "元", 21),
            ("other", "npc_suggestions", 2.0, "件", 22),
            ("other", "cppcc_proposals", 1.0, "件", 22),
            ("other", "suggestions_completion_pct", 100.0, "%", 22),
        ])
    );
    assert_eq!(
        facts_of(&conn, ZHANGJIAPO),
        rows(&[
            ("overview", "published.total", 64.0, "条", 8),
            ("overview", "normative_documents.issued", 0.0, "件", 9),
            ("overview", "normative_documents.reviewed", 0.0, "件", 9),
            ("overview", "normative_documents.in_force", 0.0, "件", 9),
            ("overview", "applications.new", 0.0, "件", 11),
            ("overview", "published.new_media", 477.0, "篇", 16),
            // 政务公开培训6条 counts items published, 全年召开专题培训2次 trainings held.
            ("overview", "trainings", 2.0, "次", 18),
            ("applications", "applications.new", 0.0, "件", 66),
            // The sub-heading （一）信息处理费收取情况 answered by a bare 无 on the next line.
            ("other", "fees_collected", 0.0, "元", 403),
            ("other", "npc_suggestions", 0.0, "件", 411),
            ("other", "cppcc_proposals", 0.0, "件", 411),
        ])
    );
    assert_eq!(
        facts_of(&conn, ZHACUN),
        rows(&[
            ("overview", "published.total", 306.0, "篇", 11),
            ("overview", "published.website", 45.0, "件", 11),
            ("overview", "published.new_media", 261.0, "条", 11),
            ("overview", "applications.new", 0.0, "件", 13),
            ("other", "fees_collected", 0.0, "元", 109),
            ("other", "npc_suggestions", 0.0, "件", 117),
            ("other", "cppcc_proposals", 0.0, "件", 117),
        ])
    );
}

#[test]
fn each_fact_keeps_the_sentence_it_came_from() {
    let (_dir, db) = ingested();
    let conn = Connection::open(&db).unwrap();
    let applications = "2023年，全区共收到政府信息公开申请100件，较去年增加26件，同比增长35.1%，申请内容主要集中在土地征收、物业管理等方面。";
    for key in [
        "applications.new",
        "applications.change",
        "applications.growth_pct",
        "applications.prev_year_new",
    ] {
        assert_eq!(sentence(&conn, WENDENG, key), applications, "{key}");
    }
    assert_eq!(
        sentence(&conn, WENDENG, "npc_suggestions"),
        "2023年，文登区共承办区人大代表建议66件、政协委员提案98件。"
    );
    assert_eq!(
        sentence(&conn, WENDENG, "suggestions_completion_pct"),
        "目前，已全部办理完成，办复率100%，办理结果为A类88件、B类63件、C类11件、D类2件。"
    );
    assert_eq!(
        sentence(&conn, WENDENG, "fees_collected"),
        "（一）政府信息公开收费方面：2023年，文登区未收取政府信息公开信息处理费。"
    );
    assert!(
        sentence(&conn, ZHANGJIACHAN, "published.new_media")
            .contains("其中通过“西洋参小镇张家产”微信公众号发布消息383条"),
    );
    assert!(
        sentence(&conn, MISHAN, "published.total")
            .starts_with("本年度通过各类媒体渠道及时、准确、高效公开政府信息450条，")
    );
    assert_eq!(
        sentence(&conn, ZHANGJIAPO, "fees_collected"),
        "（一）信息处理费收取情况\n无"
    );
    // Spaces around the numbers are printed, not read.
    assert!(sentence(&conn, ZHACUN, "published.total").contains("共累计更新发布政务信息 306 篇"));
}

#[test]
fn yoy_applications_falls_back_to_what_the_narrative_states() {
    let (_dir, db) = ingested();
    let text = ok(nianbao(
        &["query", "yoy-applications", "-p", "year=2023", "-f", "csv"],
        &db,
    ));
    assert_eq!(
        text,
        "agency,year,new_applications,new_source,prev_year_new_applications,prev_source,growth_pct\n\
         威海市文登区人民政府,2023,100,narrative,74,narrative,35.1\n\
         威海市文登区张家产镇人民政府,2023,0,narrative,0,narrative,\n\
         威海市文登区米山镇人民政府,2023,0,narrative,0,narrative,\n\
         沂源县张家坡镇人民政府,2023,0,table,,,\n\
         莱州市柞村镇人民政府,2023,0,table,,,\n"
    );
}

#[test]
fn publishing_channels_and_the_facts_query() {
    let (_dir, db) = ingested();
    let text = ok(nianbao(&["query", "publishing-channels", "-f", "csv"], &db));
    assert_eq!(
        text,
        "agency,year,total,website,new_media,gazette_issues,policy_interpretations\n\
         威海市文登区人民政府,2023,,,,4,67\n\
         威海市文登区张家产镇人民政府,2023,,70,383,,3\n\
         威海市文登区米山镇人民政府,2023,450,91,359,,\n\
         沂源县张家坡镇人民政府,2023,64,,477,,\n\
         莱州市柞村镇人民政府,2023,306,45,261,,\n"
    );
    let text = ok(nianbao(
        &[
            "query",
            "facts",
            "-p",
            "key=published",
            "-p",
            "agency=柞村",
            "-f",
            "csv",
        ],
        &db,
    ));
    let sentence = "强化基本信息公开，通过莱州市政府官网、政务新媒体等多种途径，及时准确地公开政府信息，共累计更新发布政务信息 306 篇，其中在莱州市政府网发布信息 45 件，通过微信公众、莱州融媒等政务新媒体平台发布信息 261 条。";
    assert_eq!(
        text,
        format!(
            "agency,year,section,key,value,unit,line,sentence\n\
             莱州市柞村镇人民政府,2023,overview,published.total,306,篇,11,{sentence}\n\
             莱州市柞村镇人民政府,2023,overview,published.website,45,件,11,{sentence}\n\
             莱州市柞村镇人民政府,2023,overview,published.new_media,261,条,11,{sentence}\n"
        )
    );
}

/// The six applicant columns of a table 2 row, blanks as 0: what the generator's narrative
/// states for the row.
fn row_sum(report: &Report, row: &str) -> f64 {
    vocab::T2_COLS
        .iter()
        .filter(|col| col.key != "total")
        .map(|col| report.tables[1].value(row, col.key).unwrap_or(0.0))
        .sum()
}

#[test]
fn generated_narratives_state_their_tables_figures() {
    let mut checked = std::collections::BTreeMap::<&str, usize>::new();
    for seed in 0..300 {
        let s = generate(seed, &Options::default());
        let truth = &s.report;
        let (parsed, _) = parse_bytes(s.text.as_bytes()).unwrap();
        // The overview always says how many applications came.
        assert!(parsed.fact("applications.new").is_some(), "seed {seed}");
        let t2 = truth.tables[1].status == TableStatus::Data;
        let t3 = truth.tables[2].status == TableStatus::Data;
        let t3_total = |row| truth.tables[2].value(row, "total").unwrap_or(0.0);
        for f in &parsed.facts {
            let expected = match f.key {
                "applications.new" if t2 => row_sum(truth, "new"),
                "applications.natural_person" if t2 => truth.tables[1]
                    .value("new", "natural_person")
                    .unwrap_or(0.0),
                "applications.carried_over" if t2 => row_sum(truth, "carried_over"),
                "applications.processed" if t2 => row_sum(truth, "total_processed"),
                "applications.carried_forward" if t2 => row_sum(truth, "carried_forward"),
                "review.total" if t3 => t3_total("review"),
                "litigation.total" if t3 => {
                    t3_total("litigation_direct") + t3_total("litigation_after_review")
                }
                _ => continue,
            };
            assert_eq!(
                f.value, expected,
                "seed {seed}: {} in {:?}",
                f.key, f.sentence
            );
            *checked.entry(f.key).or_default() += 1;
        }
    }
    // Every kind the generator states was seen, often.
    for key in [
        "applications.new",
        "applications.natural_person",
        "applications.carried_over",
        "applications.processed",
        "applications.carried_forward",
        "review.total",
        "litigation.total",
    ] {
        let n = checked.get(key).copied().unwrap_or(0);
        assert!(n >= 20, "{key}: {n} checked");
    }
}

/// The README's table of fact keys: (key, unit, table cell as `2 new total`).
fn readme_fact_keys() -> Vec<(String, String, String)> {
    let readme = include_str!("../README.md");
    let section = readme
        .split("### Facts from the narrative")
        .nth(1)
        .and_then(|rest| rest.split("\n#").next())
        .expect("README has a section on facts");
    section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cols: Vec<&str> = l.split('|').map(str::trim).collect();
            let plain = |s: &str| {
                s.replace(['`', '×'], " ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            (plain(cols[1]), cols[2].to_string(), plain(cols[4]))
        })
        .collect()
}

#[test]
fn the_readme_documents_every_fact_key() {
    let documented: Vec<(String, String, String)> = vocab::FACTS
        .iter()
        .map(|f| {
            let cell = f.cell.map_or(String::new(), |c| {
                format!("{} {} {}", c.table, c.row, c.col)
            });
            (f.key.to_string(), f.unit.to_string(), cell)
        })
        .collect();
    assert_eq!(readme_fact_keys(), documented);
}
