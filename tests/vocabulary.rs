//! The vocabulary inside the database: written from the same data as the code, joined by
//! every stored cell, finding and fact; and each table's version recorded.

mod common;

use std::path::Path;

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_vocabulary_table_is_the_terms_of_the_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::seeds_database(dir.path());
    let conn = common::connect(&db);
    let mut stmt = conn
        .prepare(
            "SELECT kind, key, table_no, row_key, col_key, label, description, unit, \
             templates, variants FROM vocabulary ORDER BY rowid",
        )
        .unwrap();
    type Row = (
        String,
        String,
        Option<u8>,
        Option<String>,
        Option<String>,
        String,
        String,
        Option<String>,
        String,
        String,
    );
    let stored: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let terms: Vec<Row> = nianbao::terms::all()
        .into_iter()
        .map(|t| {
            (
                t.kind.key().to_string(),
                t.key,
                t.table_no,
                t.row_key.map(str::to_string),
                t.col_key.map(str::to_string),
                t.label,
                t.description,
                t.unit.map(str::to_string),
                t.templates.join(" "),
                t.variants.join(" "),
            )
        })
        .collect();
    assert_eq!(stored, terms);
    // Every term has its label and description.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM vocabulary WHERE label = '' OR description = ''"
        ),
        0
    );
    // What the template prints, key by key.
    let label = |kind: &str, key: &str| -> (String, Option<String>, String, String) {
        conn.query_row(
            "SELECT label, unit, templates, variants FROM vocabulary WHERE kind = ?1 AND key = ?2",
            [kind, key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
    };
    assert_eq!(
        label("cell", "denied.three_safety/natural_person"),
        (
            "三（三）3.危及“三安全一稳定”｜自然人".to_string(),
            Some("件".to_string()),
            "2019 2021".to_string(),
            "2021-single-other".to_string()
        )
    );
    assert_eq!(
        label("row", "other"),
        (
            "三（六）其他处理".to_string(),
            None,
            "2019".to_string(),
            "2021-single-other".to_string()
        )
    );
    assert_eq!(
        label("row", "other.no_fee").2,
        "2021".to_string(),
        "only the 2021 template prints （六）2"
    );
    assert_eq!(
        label("section", "problems").0,
        "五、存在的主要问题及改进情况"
    );
    assert_eq!(
        label("rule", "t2.balance").0,
        "表二：新收+上年结转≠办理总计+结转下年"
    );
    assert_eq!(
        label("fact", "applications.new"),
        (
            "本年新收政府信息公开申请".to_string(),
            Some("件".to_string()),
            String::new(),
            String::new()
        )
    );

    // Every stored cell, finding, fact and section joins its term.
    for (what, sql) in [
        (
            "cells",
            "SELECT count(*) FROM cells c LEFT JOIN vocabulary v ON v.kind = 'cell' \
             AND v.table_no = c.table_no AND v.row_key = c.row_key AND v.col_key = c.col_key \
             WHERE v.label IS NULL",
        ),
        (
            "findings",
            "SELECT count(*) FROM findings f LEFT JOIN vocabulary v \
             ON v.kind = 'rule' AND v.key = f.rule WHERE v.label IS NULL",
        ),
        (
            "facts",
            "SELECT count(*) FROM report_facts f LEFT JOIN vocabulary v \
             ON v.kind = 'fact' AND v.key = f.key WHERE v.label IS NULL",
        ),
        (
            "sections",
            "SELECT count(*) FROM sections s LEFT JOIN vocabulary v \
             ON v.kind = 'section' AND v.key = s.key WHERE v.label IS NULL",
        ),
    ] {
        assert_eq!(count(&conn, sql), 0, "{what} without a term");
    }
    assert!(count(&conn, "SELECT count(*) FROM cells") > 300);
    // The schema's example: each cell with its label.
    let example: (String, f64) = conn
        .query_row(
            "SELECT v.label, c.value FROM cells c \
             JOIN vocabulary v USING (table_no, row_key, col_key) \
             WHERE v.kind = 'cell' AND c.agency = '沂源县张家坡镇人民政府' \
             AND c.table_no = 2 AND c.row_key = 'new' AND c.col_key = 'total'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(example.0, "一、本年新收政府信息公开申请数量｜总计");
}

#[test]
fn each_stored_table_records_the_version_it_was_read_as() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let src = dir.path().join("src");
    // A 2021 report printing the single （六） row, one printing the 2019 template, and
    // one printing the 2021 template.
    for (seed, template) in [(1, "2021"), (2, "2019")] {
        common::ok(common::nianbao(
            &[
                "synth",
                "--count",
                "1",
                "--seed",
                &seed.to_string(),
                "--template",
                template,
                "--layout",
                "pipe",
                "--out",
                src.to_str().unwrap(),
            ],
            &db,
        ));
    }
    common::ok(common::nianbao(
        &["ingest", src.to_str().unwrap(), "--quiet"],
        &db,
    ));
    let conn = common::connect(&db);
    let mut stmt = conn
        .prepare(
            "SELECT r.template, t.table_no, t.version FROM report_tables t \
             JOIN reports r ON r.id = t.report_id ORDER BY r.template, t.table_no",
        )
        .unwrap();
    let versions: Vec<(String, u8, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let want = |t: &str, v: [&str; 3]| {
        (1..=3u8)
            .zip(v)
            .map(|(no, v)| (t.to_string(), no, Some(v.to_string())))
            .collect::<Vec<_>>()
    };
    let mut expected = want("2019", ["2019", "2019", "2019"]);
    expected.extend(want("2021", ["2021", "2021", "2019"]));
    assert_eq!(versions, expected);
}

/// docs/vocabulary.md is written from the code: stale, this fails and says how to write it
/// again.
#[test]
fn docs_vocabulary_is_the_vocabulary_of_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/vocabulary.md");
    let want = nianbao::terms::markdown();
    if std::env::var_os("NIANBAO_WRITE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/vocabulary.md is not what the code says; write it again with \
         NIANBAO_WRITE_DOCS=1 cargo test --test vocabulary"
    );
    // Every key a report can store is in it.
    for key in [
        "denied.three_safety",
        "t2.balance",
        "applications.new",
        "review_litigation",
    ] {
        assert!(have.contains(&format!("`{key}`")), "{key}");
    }
}

/// The project names no file outside it: the vocabulary is docs/vocabulary.md.
#[test]
fn nothing_names_a_format_document_outside_the_project() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut named = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| !matches!(e.file_name().to_str(), Some("target" | ".git" | "fixtures")))
    {
        let entry = entry.unwrap();
        let text = match std::fs::read_to_string(entry.path()) {
            Ok(text) if entry.file_type().is_file() => text,
            _ => continue,
        };
        // The name spelt in two parts, so that this file does not name it.
        if text.contains(&["FORMAT", ".md"].concat()) {
            named.push(entry.path().display().to_string());
        }
    }
    assert_eq!(named, Vec::<String>::new());
}
