//! Command-line interface. Each subcommand lives in its own module with its arguments and
//! its `run`; the usage text is the documentation.

pub mod bench;
pub mod check;
pub mod copies;
pub mod explain;
pub mod export;
pub mod ingest;
pub mod interrupt;
pub mod output;
pub mod query;
pub mod report;
pub mod show;
pub mod sql;
pub mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// nianbao (年报): a warehouse for China's government information-disclosure annual reports
/// (政府信息公开工作年度报告).
///
/// Ingest a folder of reports into one SQLite database, then ask it questions with saved
/// queries or SQL, and export tables for spreadsheets.
#[derive(Debug, Parser)]
#[command(name = "nianbao", version, propagate_version = true)]
#[command(after_help = "Examples:
  nianbao ingest tests/fixtures/seeds
  nianbao check reports/2023/
  nianbao query --list
  nianbao query yoy-applications --param year=2023
  nianbao sql \"SELECT agency, year, status FROM report_tables\" --format csv
  nianbao export cells --bom --output cells.csv
  nianbao export --workbook 2023.xlsx --year 2023
  nianbao report --region 威海市 --year 2023 --output report.html")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Ingest(ingest::Args),
    Check(check::Args),
    Query(query::Args),
    Sql(sql::Args),
    Show(show::Args),
    Explain(explain::Args),
    Export(export::Args),
    Report(report::Args),
    Copies(copies::Args),
    Synth(synth::Args),
    Bench(bench::Args),
}

/// The database every subcommand works on.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArg {
    /// SQLite database file.
    #[arg(
        long,
        env = "NIANBAO_DB",
        default_value = "nianbao.db",
        value_name = "FILE"
    )]
    pub db: PathBuf,
}

/// How large a file ingest and check read.
#[derive(Debug, Clone, clap::Args)]
pub struct LimitArg {
    /// Refuse files larger than this many MB (a report is a few MB; a huge file is
    /// something else, and parsing it would take memory for nothing).
    #[arg(long, value_name = "MB", default_value_t = nianbao::ingest::DEFAULT_MAX_FILE_SIZE >> 20)]
    pub max_file_size: u64,
}

impl LimitArg {
    /// The limit in bytes.
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size.saturating_mul(1 << 20)
    }
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Ingest(args) => ingest::run(args),
        Command::Check(args) => check::run(args),
        Command::Query(args) => query::run(args),
        Command::Sql(args) => sql::run(args),
        Command::Show(args) => show::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Export(args) => export::run(args),
        Command::Report(args) => report::run(args),
        Command::Copies(args) => copies::run(args),
        Command::Synth(args) => synth::run(args),
        Command::Bench(args) => bench::run(args),
    }
}

/// `text` after the list of the database's views and tables, read from the schema, for the
/// help of the commands that read them.
pub fn schema_help(text: &str) -> String {
    let mut views = Vec::new();
    let mut tables = Vec::new();
    for line in nianbao::store::SCHEMA.lines() {
        let mut words = line.split_whitespace();
        if words.next() != Some("CREATE") {
            continue;
        }
        let kind = words.next();
        let mut name = words.next();
        if name == Some("IF") {
            name = words.nth(2);
        }
        let name = name.map(|n| n.trim_end_matches('('));
        match (kind, name) {
            (Some("VIEW"), Some(name)) => views.push(name),
            (Some("TABLE"), Some(name)) => tables.push(name),
            _ => {}
        }
    }
    views.sort_unstable();
    tables.sort_unstable();
    format!(
        "Views: {}.\nTables: {}.\n(The view sections reads the stored text through nianbao's own SQL function.)\n\n{text}",
        views.join(", "),
        tables.join(", ")
    )
}

#[cfg(test)]
mod tests {
    /// The help's list is the schema's: every table and view a fresh database has.
    #[test]
    fn schema_help_lists_every_table_and_view() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(nianbao::store::SCHEMA).unwrap();
        let names = |kind: &str| -> Vec<String> {
            conn.prepare("SELECT name FROM sqlite_master WHERE type = ?1 ORDER BY name")
                .unwrap()
                .query_map([kind], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let help = super::schema_help("");
        assert!(
            help.starts_with(&format!(
                "Views: {}.\nTables: {}.\n",
                names("view").join(", "),
                names("table").join(", ")
            )),
            "{help}"
        );
    }
}
