//! `nianbao bench`: the whole pipeline on generated reports, against its floor.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use comfy_table::{CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
mod pipeline;

use pipeline::{Figures, Options, QueryTiming};

/// Measure ingest, re-ingest and the saved queries on N generated reports.
///
/// Generates N text reports (every layout in turn), ingests them, measures the floor in
/// the same run (the same bytes read and regex-scanned on the same threads + the same rows
/// bulk-inserted into a fresh database in one transaction), ingests the unchanged folder
/// again, runs every saved query with one year and with one agency, writes the office's
/// workbook and the report page of a province's year and of the whole year, and prints
/// reports/s, cells/s, MB/s, peak memory, database bytes per report, the floor and the
/// ratio, and the time of each query, workbook and page.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  nianbao bench --reports 10000
  nianbao bench --reports 100000 --jobs 2 --keep /tmp/bench")]
pub struct Args {
    /// How many reports to generate and ingest.
    #[arg(long, value_name = "N")]
    pub reports: u64,

    /// Threads for generating, parsing and the floor's scan (default: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub jobs: usize,

    /// Keep the corpus and the databases in DIR, replacing any it holds (default: a
    /// temporary folder, removed).
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,

    /// Seed of the first report.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = Options {
        reports: args.reports,
        jobs: args.jobs,
        keep: args.keep,
        seed: args.seed,
    };
    let figures = pipeline::run(&options, super::query::QUERIES, &mut |step| {
        eprintln!("bench: {step}");
    })?;
    print_figures(&figures);
    Ok(ExitCode::SUCCESS)
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn per_sec(n: f64, d: Duration) -> String {
    let rate = n / d.as_secs_f64().max(1e-9);
    if rate >= 1e6 {
        format!("{:.2} M/s", rate / 1e6)
    } else {
        format!("{rate:.0}/s")
    }
}

/// The ingest's CPU time, in cores busy, and its writer's share of the wall time.
fn ingest_cpu(f: &Figures) -> String {
    let Some(cpu) = f.ingest_cpu else {
        return "unknown".to_string();
    };
    let wall = f.ingest.elapsed.as_secs_f64().max(1e-9);
    let total = (cpu.user + cpu.system).as_secs_f64();
    format!(
        "{} (user {}, system {}): {:.2} cores busy; writer thread {} ({:.0}% of the time)",
        secs(cpu.user + cpu.system),
        secs(cpu.user),
        secs(cpu.system),
        total / wall,
        secs(cpu.thread),
        100.0 * cpu.thread.as_secs_f64() / wall
    )
}

fn print_figures(f: &Figures) {
    let i = &f.ingest;
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header(["measure", "figure"]);
    let mb = f.corpus_bytes as f64 / 1e6;
    let rows: Vec<(&str, String)> = vec![
        ("reports generated", format!("{} ({:.1} MB)", f.reports, mb)),
        ("threads", f.jobs.to_string()),
        ("generate", secs(f.generate)),
        (
            "ingest",
            format!(
                "{} ({} stored, {} failed, {} duplicates)",
                secs(i.elapsed),
                i.ingested,
                i.failed,
                i.duplicates
            ),
        ),
        ("ingest CPU", ingest_cpu(f)),
        ("reports/s", format!("{:.0}", f.reports_per_sec())),
        (
            "PDF reports/s",
            format!(
                "{:.0} ({} of the reports as PDFs: {} stored, {} failed)",
                f.pdf_reports_per_sec(),
                f.pdf.seen,
                f.pdf.ingested,
                f.pdf.failed
            ),
        ),
        ("cells/s", per_sec(i.totals.cells as f64, i.elapsed)),
        (
            "MB/s",
            format!("{:.1}", mb / i.elapsed.as_secs_f64().max(1e-9)),
        ),
        (
            "rows stored",
            format!("{} ({} cells)", f.rows, i.totals.cells),
        ),
        (
            "floor: read + scan",
            format!(
                "{} ({:.0} MB/s)",
                secs(f.floor_scan),
                mb / f.floor_scan.as_secs_f64().max(1e-9)
            ),
        ),
        (
            "floor: bulk insert",
            format!(
                "{} ({})",
                secs(f.floor_insert),
                per_sec(f.rows as f64, f.floor_insert)
            ),
        ),
        ("floor", secs(f.floor())),
        ("ingest / floor", format!("{:.2}×", f.ratio())),
        (
            "re-ingest unchanged",
            format!(
                "{} ({:.1}% of ingest)",
                secs(f.reingest.elapsed),
                f.reingest_pct()
            ),
        ),
        (
            "copy detection",
            format!(
                "{} ({} sections, {} candidate pairs measured, {} copied pairs, {} crowded bands)",
                secs(f.copies_time),
                f.copies.sections,
                f.copies.candidates,
                f.copies.pairs,
                f.copies.crowded_bands
            ),
        ),
        (
            "peak RSS",
            f.peak_rss_bytes.map_or("unknown".to_string(), |b| {
                format!("{:.0} MB", b as f64 / 1e6)
            }),
        ),
        (
            "database",
            format!(
                "{:.1} MB, {:.0} bytes/report",
                f.db_bytes as f64 / 1e6,
                f.db_bytes_per_report()
            ),
        ),
    ];
    for (what, figure) in rows {
        table.add_row([what.to_string(), figure]);
    }
    println!("{table}");

    let mut queries = Table::new();
    queries.load_style(UTF8_FULL_CONDENSED);
    queries.set_header(["saved query", "parameters", "rows", "first run", "again"]);
    for q in &f.queries {
        queries.add_row([
            q.name.clone(),
            q.params.clone(),
            q.rows.to_string(),
            format!("{:.3} s", q.first.as_secs_f64()),
            format!("{:.3} s", q.again.as_secs_f64()),
        ]);
    }
    for column in [2, 3, 4] {
        if let Some(c) = queries.column_mut(column) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    println!("{queries}");
    let slowest = |time: fn(&QueryTiming) -> Duration| {
        secs(f.queries.iter().map(time).max().unwrap_or_default())
    };
    println!(
        "slowest saved query: {} on its first run, {} again",
        slowest(|q| q.first),
        slowest(|q| q.again)
    );

    let mut takeaways = Table::new();
    takeaways.load_style(UTF8_FULL_CONDENSED);
    takeaways.set_header(["written", "selection", "reports", "size", "time"]);
    for t in &f.takeaways {
        takeaways.add_row([
            t.what.to_string(),
            t.selection.clone(),
            t.reports.to_string(),
            if t.bytes >= 1_000_000 {
                format!("{:.1} MB", t.bytes as f64 / 1e6)
            } else {
                format!("{:.0} KB", t.bytes as f64 / 1e3)
            },
            format!("{:.3} s", t.elapsed.as_secs_f64()),
        ]);
    }
    for column in [2, 3, 4] {
        if let Some(c) = takeaways.column_mut(column) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    println!("{takeaways}");
}
