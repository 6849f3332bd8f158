//! `nianbao query`: run a saved query (the library finds them: `nianbao::queries::saved`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use nianbao::queries::saved::{self, Origin, SavedQuery, parse_param};
use nianbao::queries::{ReadOnly, prepare_read_only};

use super::interrupt::{self, WatchArgs};
use super::output::{Fallback, OutputArgs, print_lines};

/// The built-in queries as (name, SQL), for the bench.
pub const QUERIES: &[(&str, &str)] = nianbao::queries::BUILT_IN;

/// Run a saved query and print its rows.
///
/// Built-in queries answer the common questions (year-on-year applications, outcomes,
/// review and litigation, listed problems, failed checks); `--list` shows them with their
/// parameters, each with its type or allowed values. Parameters are given as `--param
/// KEY=VALUE` and bound by name; a parameter left out (or given empty) matches everything;
/// a parameter the query does not take, or a value it does not allow, is an error that
/// lists what it allows. `--queries DIR` adds your own `*.sql` files, written with the same
/// header: first line `-- description`, then one `-- :param [type] description` line per
/// parameter (type: integer, number, text, rule, fact, or the allowed values as a|b|c).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  nianbao query --list
  nianbao query yoy-applications --param year=2023
  nianbao query regional-rollup -p level=county -p year=2023 --output rollup.xlsx
  nianbao query check-failures --param rule=t2 --headers zh --bom --output failures.csv
  nianbao query my-question --queries ./my-queries --param agency=财政局")]
pub struct Args {
    /// The saved query to run (see --list).
    #[arg(required_unless_present = "list", value_name = "NAME")]
    pub name: Option<String>,

    /// List the saved queries with their descriptions and parameters.
    #[arg(long, conflicts_with = "name")]
    pub list: bool,

    /// A parameter, as KEY=VALUE for :KEY (repeat for several); an empty VALUE matches
    /// everything.
    #[arg(long = "param", short = 'p', value_name = "KEY=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,

    /// A directory of more saved queries (*.sql); one named like a built-in replaces it.
    #[arg(long, value_name = "DIR", env = "NIANBAO_QUERIES")]
    pub queries: Option<PathBuf>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub watch: WatchArgs,

    #[command(flatten)]
    pub db: super::DbArg,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let queries = saved::load(args.queries.as_deref())?;
    if args.list {
        print_lines(&mut |out| list(&queries, out))?;
        return Ok(ExitCode::SUCCESS);
    }
    let name = args
        .name
        .as_deref()
        .expect("clap requires NAME without --list");
    let Some(query) = queries.iter().find(|q| q.name == name) else {
        let names: Vec<&str> = queries.iter().map(|q| q.name.as_str()).collect();
        bail!(
            "unknown query `{name}`; available: {} (see `nianbao query --list`, or add your own with --queries DIR)",
            names.join(", ")
        );
    };
    let values = query.values(&args.params)?;
    let target = args
        .output
        .target(Fallback::TableOnTerminal, &query.name, Some(&args.db.db))?;
    let db = ReadOnly::open(&args.db.db)?;
    let what = format!("query {} ({})", query.name, query.origin);
    let mut stmt =
        prepare_read_only(&db, &query.sql).with_context(|| format!("{what} cannot run"))?;
    query.check_statement(&stmt)?;
    saved::bind(&mut stmt, &values).with_context(|| format!("{what}: binding its parameters"))?;
    interrupt::write_watched(&db, &mut stmt, &target, args.watch.timeout).context(what)
}

/// The queries, each with its description and parameters.
fn list(queries: &[SavedQuery], out: &mut dyn Write) -> std::io::Result<()> {
    let width = queries.iter().map(|q| q.name.len()).max().unwrap_or(0);
    for (i, q) in queries.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        match &q.origin {
            Origin::BuiltIn => writeln!(out, "{:width$}  {}", q.name, q.description)?,
            Origin::File(path) => writeln!(
                out,
                "{:width$}  {} [{}]",
                q.name,
                q.description,
                path.display()
            )?,
        }
        let shown: Vec<(String, String)> = q
            .params
            .iter()
            .map(|p| (format!(":{}", p.name), format!("[{}]", p.kind.name())))
            .collect();
        let nwidth = shown.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        let kwidth = shown.iter().map(|(_, k)| k.len()).max().unwrap_or(0);
        for ((name, kind), p) in shown.iter().zip(&q.params) {
            writeln!(
                out,
                "{:width$}    {name:nwidth$}  {kind:kwidth$}  {}",
                "", p.description
            )?;
        }
    }
    Ok(())
}
