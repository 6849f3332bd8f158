//! `nianbao export`: a whole table or view as CSV or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::output::{self, Format, Target};

/// Export a table or view as CSV or JSON, for spreadsheets and other tools.
///
/// Views: cells (every table cell with agency and year), report_tables, report_overview,
/// findings, problems_listed, report_facts (figures the narrative states), agency_regions
/// (each agency's province, city, county, township and body). Tables: agencies, reports,
/// sections, table_cells, facts, issues_listed, check_findings, warnings, regions,
/// agency_places. Use --bom for a CSV that Excel or WPS opens with the Chinese text intact.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  nianbao export cells --bom --output cells.csv
  nianbao export report_overview --format json --output overview.json")]
pub struct Args {
    /// The table or view to export.
    #[arg(value_name = "TABLE_OR_VIEW")]
    pub name: String,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,

    /// Write to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write a UTF-8 byte order mark first, so Excel/WPS read the Chinese text correctly.
    #[arg(long)]
    pub bom: bool,

    #[command(flatten)]
    pub db: super::DbArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let conn = nianbao::store::open_read_only(&args.db.db)?;
    let known: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type DESC, name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()
        .with_context(|| format!("reading the tables of {}", args.db.db.display()))?;
    let Some((name, _)) = known
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(&args.name))
    else {
        let list = |kind: &str| {
            known
                .iter()
                .filter(|(_, t)| t == kind)
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        bail!(
            "no table or view named `{}` in {}; views: {}; tables: {}",
            args.name,
            args.db.db.display(),
            list("view"),
            list("table")
        );
    };
    let quoted = format!("\"{}\"", name.replace('"', "\"\""));
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {quoted}"))
        .with_context(|| format!("reading {name}"))?;
    let target = Target {
        format: match args.format {
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Json => Format::Json,
        },
        output: args.output,
        bom: args.bom,
    };
    output::write_statement(&mut stmt, &target).with_context(|| format!("exporting {name}"))?;
    Ok(ExitCode::SUCCESS)
}
