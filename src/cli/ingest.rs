//! `nianbao ingest`: parse report files into the database.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressState, ProgressStyle};

use nianbao::ingest::{self, Event, Options};
use nianbao::store::SaveOutcome;

/// Parse report files into the database.
///
/// Takes files and folders (folders are searched recursively, following links, for .txt,
/// .html/.htm/.shtml, .docx, .doc and .pdf reports; the other files found, hidden ones
/// included, are counted by kind on the summary's last line); each file is read by what
/// its bytes are, not its name.
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

    /// Print only failures and the summary: no progress bar, no report's warnings.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Also name each file found in a folder and skipped (images, spreadsheets, hidden
    /// files, other extensions, link loops), which the summary only counts.
    #[arg(long, short = 'v', conflicts_with = "quiet")]
    pub verbose: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = Options {
        jobs: args.jobs,
        max_file_size: args.limit.max_file_size(),
    };
    ingest::quiet_parser_panics();
    let (quiet, verbose) = (args.quiet, args.verbose);
    let bar = progress_bar(&args.paths, quiet);
    // Messages go above the bar, which is redrawn under them.
    let say = |message: String| match &bar {
        Some(bar) => bar.suspend(|| eprintln!("{message}")),
        None => eprintln!("{message}"),
    };
    // When the next line about waiting for the database is due: a second into a wait, then
    // every ten seconds.
    let mut wait_notice = (Duration::ZERO, Duration::ZERO);
    let db = args.db.db.display().to_string();
    let mut on_event = |event: Event| {
        match event {
            Event::Waiting { waited } => {
                let (last, due) = &mut wait_notice;
                if waited < *last {
                    *due = Duration::ZERO; // a new wait
                }
                *last = waited;
                if waited >= *due {
                    say(format!(
                        "waiting for another program writing to {db} (another ingest?): {:.0}s so \
                         far; this ingest goes on when it lets go",
                        waited.as_secs_f64()
                    ));
                    *due = waited.max(Duration::from_secs(1)) + Duration::from_secs(10);
                }
                return;
            }
            Event::Skipped { path, why } => {
                if verbose {
                    say(format!("{path}: skipped: {why}"));
                }
                return;
            }
            Event::Failed { path, reason } => say(format!("{path}: error: {reason}")),
            Event::Unchanged { .. } => {}
            Event::Duplicate {
                path,
                other_path,
                reason,
            } => say(format!(
                "{path}: same report as {other_path}, which is kept: {reason}"
            )),
            Event::Stored {
                path,
                report,
                outcome,
            } => {
                match outcome {
                    SaveOutcome::Replaced { old_path } if old_path != path => {
                        say(format!(
                            "{path}: replaces the report stored from {old_path}"
                        ));
                    }
                    SaveOutcome::Superseded { other_path, reason } => say(format!(
                        "{path}: same report as {other_path}; this file is kept: {reason}"
                    )),
                    _ => {}
                }
                if !quiet {
                    for w in &report.warnings {
                        if w.line > 0 {
                            say(format!("{path}:{}: warning: {}", w.line, w.message));
                        } else {
                            say(format!("{path}: warning: {}", w.message));
                        }
                    }
                }
            }
        }
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    };
    let summary = ingest::ingest(&args.paths, &args.db.db, &options, &mut on_event);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let summary = summary?;
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
        "files: {} seen, {} ingested, {} unchanged, {} failed{duplicates} ({:.1}s, {:.0} files/s)",
        summary.seen,
        summary.ingested,
        summary.unchanged,
        summary.failed,
        summary.elapsed.as_secs_f64(),
        summary.seen as f64 / summary.elapsed.as_secs_f64().max(1e-6)
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
    if !summary.skipped.is_empty() {
        let counts: Vec<String> = summary
            .skipped
            .iter()
            .map(|(skip, &n)| skip.count(n))
            .collect();
        println!(
            "{} skipped: {} ({})",
            summary.skipped.values().sum::<u64>(),
            counts.join(", "),
            if verbose {
                "listed above"
            } else {
                "--verbose lists them"
            }
        );
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A bar of files done on stderr when it is a terminal (and not `--quiet`): the count and
/// rate at once, the total, bar and ETA as soon as a walk of the paths (cheap beside the
/// parsing) has counted the files.
fn progress_bar(paths: &[PathBuf], quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(style("{spinner} {pos} files, {rate}, {elapsed}"));
    bar.enable_steady_tick(Duration::from_millis(200));
    let counting = bar.clone();
    let paths = paths.to_vec();
    std::thread::spawn(move || {
        let total = ingest::files(&paths).count() as u64;
        counting.set_length(total);
        counting.set_style(style(
            "{bar:30} {pos}/{len} files, {rate}, {elapsed} (ETA {eta})",
        ));
    });
    Some(bar)
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key(
            "rate",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0} files/s", state.per_sec());
            },
        )
}
