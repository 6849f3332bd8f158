//! `nianbao explain`: how a file's tables are read, step by step.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};

/// Show how a file's tables are read, step by step.
///
/// Each token of a table's text (label, number, digits run together, mark, empty cell) with
/// its line, the row each run of values was read as and the header each value was placed
/// under, or why a row's values were not stored. Reads the file as `ingest` does and stores
/// nothing: for understanding a cell that is missing or wrong.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The report file.
    pub file: PathBuf,

    /// Only this table (1, 2 or 3).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=3))]
    pub table: Option<u8>,

    #[command(flatten)]
    pub limit: super::LimitArg,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let size = std::fs::metadata(&args.file)
        .with_context(|| format!("{}", args.file.display()))?
        .len();
    if size > args.limit.max_file_size() {
        bail!(
            "{}: {size} bytes, larger than --max-file-size",
            args.file.display()
        );
    }
    let bytes = std::fs::read(&args.file).with_context(|| format!("{}", args.file.display()))?;
    let name = args.file.file_name().map(|n| n.to_string_lossy());
    match nianbao::ingest::explain_named(&bytes, name.as_deref(), args.table) {
        Ok(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => bail!("{}: {e}", args.file.display()),
    }
}
