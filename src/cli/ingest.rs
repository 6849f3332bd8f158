//! `nianbao ingest`: parse report files into the database.

use std::path::PathBuf;
use std::process::ExitCode;

use nianbao::ingest::{self, Event, Options};
use nianbao::store::SaveOutcome;

/// Parse report files into the database.
///
/// Takes files and folders (folders are searched recursively for .txt, .html/.htm/.shtml,
/// .docx, .doc and .pdf reports); each file is read by what its bytes are, not its name.
/// Each report is stored whole or not at all. A file already stored with the same content
/// is skipped; a changed file replaces its report; a second file for an agency and year
/// already stored is reported and not merged, unless it is the same report in another
/// format: then the file placing more table cells is kept and the other is recorded as its
/// duplicate source. Files that cannot be read or recognized are reported with their
/// reason and the rest still land. Exit status 1 when any file failed.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Report files or folders.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub db: super::DbArg,

    /// Parser threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub jobs: usize,

    #[command(flatten)]
    pub limit: super::LimitArg,

    /// Print only failures and the summary, not each report's warnings.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = Options {
        jobs: args.jobs,
        max_file_size: args.limit.max_file_size(),
    };
    ingest::quiet_parser_panics();
    let quiet = args.quiet;
    let mut on_event = |event: Event| match event {
        Event::Failed { path, reason } => eprintln!("{path}: error: {reason}"),
        Event::Unchanged { .. } => {}
        Event::Duplicate {
            path,
            other_path,
            reason,
        } => eprintln!("{path}: same report as {other_path}, which is kept: {reason}"),
        Event::Stored {
            path,
            report,
            outcome,
        } => {
            match outcome {
                SaveOutcome::Replaced { old_path } if old_path != path => {
                    eprintln!("{path}: replaces the report stored from {old_path}");
                }
                SaveOutcome::Superseded { other_path, reason } => {
                    eprintln!("{path}: same report as {other_path}; this file is kept: {reason}");
                }
                _ => {}
            }
            if !quiet {
                for w in &report.warnings {
                    if w.line > 0 {
                        eprintln!("{path}:{}: warning: {}", w.line, w.message);
                    } else {
                        eprintln!("{path}: warning: {}", w.message);
                    }
                }
            }
        }
    };
    let summary = ingest::ingest(&args.paths, &args.db.db, &options, &mut on_event)?;
    let t = summary.totals;
    let duplicates = if summary.duplicates > 0 {
        format!(
            ", {} same as a report kept from another format",
            summary.duplicates
        )
    } else {
        String::new()
    };
    println!(
        "files: {} seen, {} ingested, {} unchanged, {} failed{duplicates} ({:.1}s)",
        summary.seen,
        summary.ingested,
        summary.unchanged,
        summary.failed,
        summary.elapsed.as_secs_f64()
    );
    println!(
        "{}: {} reports, {} agencies, {} cells, {} facts, {} listed issues, {} findings, {} warnings",
        args.db.db.display(),
        t.reports,
        t.agencies,
        t.cells,
        t.facts,
        t.issues_listed,
        t.findings,
        t.warnings
    );
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
