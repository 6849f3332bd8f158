//! `nianbao report`: the report page, one self-contained HTML file (`nianbao::page`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use nianbao::queries::{ReadOnly, Selection};

use super::output;

/// Write the report page: one HTML file to read on a phone, print, or pass round.
///
/// The page covers the reports chosen by --region, --year and --agency: the reports at a
/// glance (how many, published late, with errors, with tables as images, with reading
/// notices), new applications year over year, applicants by kind, the outcome mix,
/// administrative review and litigation with correction rates, the agencies with the most
/// findings and the problems most often listed; for one agency, its years side by side,
/// its findings and the problems it listed. Every chart is inline SVG with its numbers in
/// a table beside it. The file holds everything it shows: no script, and nothing loaded
/// from the network (no font, image or style).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  nianbao report --output report.html
  nianbao report --region 威海市 --year 2023 --output weihai-2023.html
  nianbao report --agency 文登区财政局 --output agency.html")]
pub struct Args {
    /// Only agencies in a province, city or county whose name contains this.
    #[arg(long, value_name = "R")]
    pub region: Option<String>,

    /// Only reports of this year (the year-over-year chart shows the years up to it).
    #[arg(long, value_name = "Y")]
    pub year: Option<i32>,

    /// Only agencies whose name contains this.
    #[arg(long, value_name = "A")]
    pub agency: Option<String>,

    /// The HTML file to write.
    #[arg(long, short = 'o', value_name = "FILE.html")]
    pub output: PathBuf,

    #[command(flatten)]
    pub db: super::DbArg,
}

pub fn run(args: Args) -> Result<ExitCode> {
    output::refuse_database(&args.output, &args.db.db)?;
    let selection = Selection {
        year: args.year,
        agency: args.agency.clone(),
        region: args.region.clone(),
    };
    let db = ReadOnly::open(&args.db.db)?;
    let page = nianbao::page::render(&db, &selection)?;
    output::write_file(&args.output, &mut |file| {
        file.write_all(page.html.as_bytes())?;
        Ok(page.reports)
    })
    .with_context(|| format!("writing the page {}", args.output.display()))?;
    eprintln!(
        "{}: {} reports ({}), {} KB",
        args.output.display(),
        page.reports,
        selection.describe(),
        page.html.len().div_ceil(1024)
    );
    Ok(ExitCode::SUCCESS)
}
