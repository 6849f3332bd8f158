//! `nianbao export`: a whole table or view, or the office's workbook.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use nianbao::queries::{ReadOnly, Selection};
use nianbao::tabular::Format;

use super::output::{self, Fallback, OutputArgs};

/// Export a table or view for spreadsheets and other tools, or the office's workbook.
///
/// `nianbao export NAME` writes a table or view in any output format (CSV by default; --bom
/// for a CSV that Excel or WPS opens with the Chinese text intact; --format xlsx or
/// --output FILE.xlsx for Excel). `nianbao export --workbook FILE.xlsx` writes the
/// office's workbook of the reports chosen by --year, --agency and --region: a sheet of the
/// reports, one sheet per template table (a row per report: agency, region, year, the
/// table's status, then every cell under its Chinese label in the template's order; a
/// blank cell stays empty), the findings (the rule in Chinese, what to fix, the cells),
/// the problems and improvements listed, and the reading notices (what the reader could not
/// place: look at the file by eye).
#[derive(Debug, clap::Args)]
#[command(after_help = super::schema_help("Examples:
  nianbao export cells --bom --output cells.csv
  nianbao export report_overview --headers zh --output overview.xlsx
  nianbao export --workbook 2023.xlsx --year 2023 --region 威海市"))]
pub struct Args {
    /// The table or view to export.
    #[arg(value_name = "TABLE_OR_VIEW", required_unless_present = "workbook")]
    pub name: Option<String>,

    /// Write the office's workbook (xlsx) of the chosen reports to FILE instead.
    #[arg(long, value_name = "FILE.xlsx", conflicts_with_all = ["name", "format", "output", "bom", "headers"])]
    pub workbook: Option<PathBuf>,

    /// Workbook: only reports of this year.
    #[arg(long, value_name = "Y", requires = "workbook")]
    pub year: Option<i32>,

    /// Workbook: only agencies whose name contains this.
    #[arg(long, value_name = "A", requires = "workbook")]
    pub agency: Option<String>,

    /// Workbook: only agencies in a province, city or county whose name contains this.
    #[arg(long, value_name = "R", requires = "workbook")]
    pub region: Option<String>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub db: super::DbArg,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if let Some(path) = &args.workbook {
        return workbook(&args, path);
    }
    let wanted = args
        .name
        .as_deref()
        .expect("clap requires NAME without --workbook");
    let target = args
        .output
        .target(Fallback::Always(Format::Csv), wanted, Some(&args.db.db))?;
    let db = ReadOnly::open(&args.db.db)?;
    let known: Vec<(String, String)> = db
        .prepare(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type DESC, name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()
        .with_context(|| format!("reading the tables of {}", args.db.db.display()))?;
    let Some((name, _)) = known
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
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
            "no table or view named `{wanted}` in {}; views: {}; tables: {}",
            args.db.db.display(),
            list("view"),
            list("table")
        );
    };
    let quoted = format!("\"{}\"", name.replace('"', "\"\""));
    let mut stmt = db
        .prepare(&format!("SELECT * FROM {quoted}"))
        .with_context(|| format!("reading {name}"))?;
    output::write_statement(&mut stmt, &target).with_context(|| format!("exporting {name}"))?;
    Ok(ExitCode::SUCCESS)
}

fn workbook(args: &Args, path: &std::path::Path) -> Result<ExitCode> {
    super::output::refuse_database(path, &args.db.db)?;
    let selection = Selection {
        year: args.year,
        agency: args.agency.clone(),
        region: args.region.clone(),
    };
    let db = ReadOnly::open(&args.db.db)?;
    let mut summary = None;
    output::write_file(path, &mut |file| {
        let s = nianbao::workbook::write(&db, &selection, file)?;
        let reports = s.reports;
        summary = Some(s);
        Ok(reports)
    })
    .with_context(|| format!("writing the workbook {}", path.display()))?;
    if let Some(s) = summary {
        let sheets: Vec<String> = s
            .sheets
            .iter()
            .map(|(name, rows)| format!("{name} {rows}"))
            .collect();
        eprintln!(
            "{}: {} reports ({}); sheets: {}",
            path.display(),
            s.reports,
            selection.describe(),
            sheets.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
