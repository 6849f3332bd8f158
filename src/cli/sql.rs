//! `nianbao sql`: one read-only SQL statement on the database.

use std::process::ExitCode;

use anyhow::{Result, bail};

use nianbao::queries::saved::{
    self, no_duplicate_params, param_value, parse_param, statement_params,
};
use nianbao::queries::{ReadOnly, prepare_read_only};

use super::interrupt::{self, WatchArgs};
use super::output::{Fallback, OutputArgs};

/// Run one read-only SQL statement and print its rows.
///
/// The database is opened read-only, and the statement is judged by what SQLite will
/// execute: one that would write (INSERT, UPDATE, DELETE, CREATE, …), ATTACH and DETACH
/// (VACUUM INTO attaches its file), pragmas that change settings and extension loading
/// are refused (exit status 2), wherever they sit in the text. Named parameters (:year)
/// are bound from --param year=2023.
#[derive(Debug, clap::Args)]
#[command(after_help = super::schema_help("Examples:
  nianbao sql \"SELECT agency, year, status FROM report_tables WHERE status <> 'data'\"
  nianbao sql \"SELECT * FROM cells WHERE year = :year AND row_key = 'new'\" --param year=2023 --format csv
  nianbao sql \"SELECT name FROM pragma_table_info('reports')\""))]
pub struct Args {
    /// The SQL statement (exactly one).
    #[arg(value_name = "SQL")]
    pub sql: String,

    /// A named parameter, as KEY=VALUE for :KEY (repeat for several); an empty VALUE is
    /// NULL.
    #[arg(long = "param", short = 'p', value_name = "KEY=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub watch: WatchArgs,

    #[command(flatten)]
    pub db: super::DbArg,
}

pub fn run(args: Args) -> Result<ExitCode> {
    no_duplicate_params(&args.params)?;
    let target = args
        .output
        .target(Fallback::TableOnTerminal, "sql", Some(&args.db.db))?;
    let db = ReadOnly::open(&args.db.db)?;
    let mut stmt = prepare_read_only(&db, &args.sql)?;
    let used = statement_params(&stmt, "the statement")?;
    for (key, _) in &args.params {
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
    let values: Vec<_> = args
        .params
        .iter()
        .map(|(k, v)| (k.clone(), param_value(v)))
        .collect();
    saved::bind(&mut stmt, &values)?;
    interrupt::write_watched(&db, &mut stmt, &target, args.watch.timeout)
        .map_err(|e| e.context("nianbao sql"))
}
