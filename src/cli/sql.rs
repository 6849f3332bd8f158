//! `nianbao sql`: one read-only SQL statement on the database.

use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};
use rusqlite::{Connection, Statement};

use super::query::{RunArgs, no_duplicate_params, statement_params};

/// Run one read-only SQL statement and print its rows.
///
/// The database is opened read-only: a statement that would write (INSERT, UPDATE, DELETE,
/// CREATE, …), ATTACH/DETACH, VACUUM and pragmas that change settings are refused (exit
/// status 2). Tables: agencies, reports, sections, table_cells, issues_listed,
/// check_findings, warnings; views: cells, report_tables, report_overview, findings,
/// problems_listed. Named parameters (:year) are bound from --param year=2023.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  nianbao sql \"SELECT agency, year, status FROM report_tables WHERE status <> 'data'\"
  nianbao sql \"SELECT * FROM cells WHERE year = :year AND row_key = 'new'\" --param year=2023 --format csv
  nianbao sql \"SELECT name FROM pragma_table_info('reports')\"")]
pub struct Args {
    /// The SQL statement (exactly one).
    #[arg(value_name = "SQL")]
    pub sql: String,

    #[command(flatten)]
    pub run: RunArgs,

    #[command(flatten)]
    pub db: super::DbArg,
}

/// Pragmas that only read. Any other pragma (and any pragma with `=`) is refused.
const READ_ONLY_PRAGMAS: &[&str] = &[
    "application_id",
    "collation_list",
    "compile_options",
    "data_version",
    "database_list",
    "encoding",
    "foreign_key_check",
    "foreign_key_list",
    "foreign_keys",
    "freelist_count",
    "function_list",
    "index_info",
    "index_list",
    "index_xinfo",
    "integrity_check",
    "journal_mode",
    "module_list",
    "page_count",
    "page_size",
    "pragma_list",
    "quick_check",
    "schema_version",
    "table_info",
    "table_list",
    "table_xinfo",
    "user_version",
];

/// Text after leading whitespace and comments.
fn skip_comments(mut s: &str) -> &str {
    loop {
        s = s.trim_start();
        if let Some(rest) = s.strip_prefix("--") {
            s = rest.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(rest) = s.strip_prefix("/*") {
            s = rest.split_once("*/").map_or("", |(_, after)| after);
        } else {
            return s;
        }
    }
}

/// The next word (letters, digits, _), upper-cased, and the text after it.
fn next_word(s: &str) -> (String, &str) {
    let s = skip_comments(s);
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    (s[..end].to_ascii_uppercase(), &s[end..])
}

/// Why `sql` must not run on a read-only connection, judged from its text: ATTACH,
/// DETACH, VACUUM (VACUUM INTO writes a new file) and pragmas that are not plain reads.
pub fn refusal(sql: &str) -> Option<String> {
    let (mut word, mut rest) = next_word(sql);
    if word == "EXPLAIN" {
        // EXPLAIN [QUERY PLAN] only describes the statement.
        return None;
    }
    if word.is_empty() {
        return None;
    }
    match word.as_str() {
        "ATTACH" | "DETACH" => Some(format!(
            "{word} is refused: nianbao sql works on its own database only"
        )),
        "VACUUM" => Some("VACUUM is refused: nianbao sql only reads".to_string()),
        "PRAGMA" => {
            (word, rest) = next_word(rest);
            let mut name = word.to_ascii_lowercase();
            if let Some(after_dot) = skip_comments(rest).strip_prefix('.') {
                // schema.pragma
                (word, rest) = next_word(after_dot);
                name = word.to_ascii_lowercase();
            }
            let writes = skip_comments(rest).starts_with('=');
            if writes || !READ_ONLY_PRAGMAS.contains(&name.as_str()) {
                Some(format!(
                    "PRAGMA {name} is refused: only pragmas that read may run ({}); or use SELECT * FROM pragma_table_info('cells')",
                    READ_ONLY_PRAGMAS.join(", ")
                ))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Prepares exactly one statement and refuses it unless it only reads.
pub fn prepare_read_only<'c>(conn: &'c Connection, sql: &str) -> Result<Statement<'c>> {
    if skip_comments(sql)
        .trim_end_matches([';', ' ', '\n', '\r', '\t'])
        .is_empty()
    {
        bail!("the SQL is empty; give one statement, such as SELECT * FROM report_overview");
    }
    if let Some(why) = refusal(sql) {
        bail!("refused: {why}");
    }
    let stmt = conn.prepare(sql).map_err(|e| match e {
        rusqlite::Error::MultipleStatement => {
            anyhow!("only one statement may run at a time; remove everything after the first `;`")
        }
        e => anyhow!("SQL error: {e}; see `nianbao sql --help` for the tables and views"),
    })?;
    if !stmt.readonly() {
        bail!(
            "refused: the statement would change the database; nianbao sql only reads (the data changes only through `nianbao ingest`)"
        );
    }
    Ok(stmt)
}

pub fn run(args: Args) -> Result<ExitCode> {
    no_duplicate_params(&args.run.params)?;
    let conn = nianbao::store::open_read_only(&args.db.db)?;
    let mut stmt = prepare_read_only(&conn, &args.sql)?;
    let used = statement_params(&stmt, "the statement")?;
    for (key, _) in &args.run.params {
        if !used.contains(key) {
            let shown: Vec<String> = used.iter().map(|u| format!(":{u}")).collect();
            bail!(
                "--param {key}: the statement has no parameter :{key}; {}",
                if shown.is_empty() {
                    "it uses none".to_string()
                } else {
                    format!("it uses {}", shown.join(", "))
                }
            );
        }
    }
    args.run.write_rows(&conn, &mut stmt, "nianbao sql")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_attach_vacuum_and_writing_pragmas() {
        assert!(refusal("ATTACH 'x.db' AS x").is_some());
        assert!(refusal("  -- c\n /* d */ detach x").is_some());
        assert!(refusal("vacuum into '/tmp/x.db'").is_some());
        assert!(refusal("PRAGMA user_version = 5").is_some());
        assert!(refusal("PRAGMA main.user_version=5").is_some());
        assert!(refusal("PRAGMA journal_mode = DELETE").is_some());
        assert!(refusal("PRAGMA optimize").is_some());
        assert_eq!(refusal("PRAGMA user_version"), None);
        assert_eq!(refusal("pragma main.table_info('cells')"), None);
        assert_eq!(refusal("SELECT 1"), None);
        assert_eq!(refusal("WITH x AS (SELECT 1) SELECT * FROM x"), None);
    }

    #[test]
    fn prepare_refuses_writes_and_several_statements() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        drop(nianbao::store::Store::open(&path).unwrap());
        let conn = nianbao::store::open_read_only(&path).unwrap();
        let err = |sql| prepare_read_only(&conn, sql).unwrap_err().to_string();
        assert!(err("DELETE FROM reports").starts_with("refused: the statement would change"));
        assert!(err("CREATE TABLE t (x)").starts_with("refused:"));
        assert!(err("ATTACH ':memory:' AS m").starts_with("refused: ATTACH"));
        assert!(err("SELECT 1; SELECT 2").starts_with("only one statement"));
        assert!(err("  ").starts_with("the SQL is empty"));
        assert!(prepare_read_only(&conn, "SELECT count(*) FROM cells;").is_ok());
        // Extension loading is off on a read-only connection.
        let mut stmt = prepare_read_only(&conn, "SELECT load_extension('/nonexistent')").unwrap();
        assert!(
            stmt.query([])
                .and_then(|mut r| r.next().map(|_| ()))
                .is_err()
        );
    }
}
