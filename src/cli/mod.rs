//! Command-line interface. Each subcommand lives in its own module with its arguments and
//! its `run`; the usage text is the documentation.

pub mod bench;
pub mod check;
pub mod export;
pub mod ingest;
pub mod interrupt;
pub mod output;
pub mod query;
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
  nianbao export cells --bom --output cells.csv")]
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
    Export(export::Args),
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
        Command::Export(args) => export::run(args),
        Command::Synth(args) => synth::run(args),
        Command::Bench(args) => bench::run(args),
    }
}
