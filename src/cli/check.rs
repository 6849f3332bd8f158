//! `nianbao check`: the consistency review a 政务公开 office runs before publication.
//!
//! Files are parsed and checked without being stored. To pair each report with the same
//! agency's previous year and to print the reports in agency and year order, the findings
//! and the few chained rows of every file are held until the end: fine for a batch of
//! reports, not for a corpus — ingest a corpus and run `check` on the database, which
//! streams.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use rayon::prelude::*;

use nianbao::check::{self, ChainRows, Finding, FindingCell, Severity};
use nianbao::ingest;
use nianbao::queries::ReadOnly;
use nianbao::store::{self, CheckedReport};
use nianbao::vocab;

use super::output::{self, Dest, Fallback, Format, OutputArgs, RowWriter, Target, Value};

/// Check reports against the template's consistency rules (勾稽关系) before publication.
///
/// With files or folders (searched recursively for reports: text, HTML, .docx, .doc, PDF): parse and check each
/// report without storing it. Without: the findings ingest recorded for the reports stored
/// in the database (--agency, --year choose which). x.carry_chain and x.in_force_chain
/// compare a report with the same agency's previous year: among the files given, else
/// (with --db) among the stored reports.
///
/// A rule runs only on what the reader read: where a cell, section or table it needs could
/// not be read, the rule does not run there and the report gets one reading notice
/// (severity `reading`, rule `reading`) naming the cells and lines to look at by eye.
/// A reading notice is never the report's error.
///
/// Exit status: 0 no errors among the findings shown, 1 errors found, 2 the command failed
/// (including a file that could not be read or recognized) — so it can gate a publishing
/// pipeline. Warnings and reading notices do not count.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  nianbao check reports/2023/
  nianbao check reports/2023/ --db nianbao.db      # compare carry-overs with stored 2022 reports
  nianbao check --db nianbao.db --agency 文登区 --year 2023 --format csv
  nianbao check reports/2023/ --headers zh --output findings.xlsx
  nianbao check reports/ --rule t2 --severity error
  nianbao check --rules")]
pub struct Args {
    /// Report files or folders to check (without: the stored reports).
    #[arg(value_name = "FILE_OR_DIR")]
    pub paths: Vec<PathBuf>,

    /// SQLite database of stored reports [default without files: nianbao.db].
    #[arg(long, env = "NIANBAO_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,

    /// Only reports of agencies whose name contains this.
    #[arg(long, value_name = "NAME")]
    pub agency: Option<String>,

    /// Only reports for this year.
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,

    /// Only this rule, or family of rules such as t2 (repeat for several).
    #[arg(long = "rule", value_name = "ID")]
    pub rule: Vec<String>,

    /// Only findings of this severity.
    #[arg(long, value_enum)]
    pub severity: Option<SeverityArg>,

    #[command(flatten)]
    pub output: OutputArgs,

    /// List the rules, each with its severity and what it checks.
    #[arg(long, conflicts_with_all = ["paths", "agency", "year", "rule", "severity"])]
    pub rules: bool,

    /// Parser threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub jobs: usize,

    #[command(flatten)]
    pub limit: super::LimitArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SeverityArg {
    Error,
    Warning,
    Reading,
}

/// Which findings are shown.
struct Filter {
    rules: Vec<String>,
    severity: Option<Severity>,
}

impl Filter {
    fn new(args: &Args) -> Result<Filter> {
        let filter = Filter {
            rules: args.rule.clone(),
            severity: args.severity.map(|s| match s {
                SeverityArg::Error => Severity::Error,
                SeverityArg::Warning => Severity::Warning,
                SeverityArg::Reading => Severity::Reading,
            }),
        };
        for wanted in &filter.rules {
            if !vocab::RULES.iter().any(|r| selects(wanted, r.id)) {
                let ids: Vec<&str> = vocab::RULES.iter().map(|r| r.id).collect();
                bail!(
                    "no rule `{wanted}`; give a rule id or family (t2): {} (see `nianbao check --rules`)",
                    ids.join(", ")
                );
            }
        }
        Ok(filter)
    }

    fn shows(&self, f: &Finding) -> bool {
        (self.rules.is_empty() || self.rules.iter().any(|w| selects(w, f.rule)))
            && self.severity.is_none_or(|s| s == f.severity)
    }
}

/// Whether `wanted` (an id, or a family such as `t2`) selects rule `id`.
fn selects(wanted: &str, id: &str) -> bool {
    id == wanted
        || id
            .strip_prefix(wanted)
            .is_some_and(|rest| rest.starts_with('.'))
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.rules {
        output::print_lines(&mut print_rules)?;
        return Ok(ExitCode::SUCCESS);
    }
    let filter = Filter::new(&args)?;
    let db = (args.paths.is_empty() || args.db.is_some()).then(|| {
        args.db
            .clone()
            .unwrap_or_else(|| PathBuf::from("nianbao.db"))
    });
    let target = args
        .output
        .target(Fallback::Always(Format::Table), "findings", db.as_deref())?;
    let mut tally = Tally::default();
    let mut unreadable = 0u64;
    output::write_to(&target, &mut |out| {
        let mut printer = Printer::new(&target, out)?;
        let mut show = |mut report: CheckedReport| -> Result<()> {
            report.findings.retain(|f| filter.shows(f));
            tally.add(&report);
            printer.report(&report)
        };
        if args.paths.is_empty() {
            let db = db.as_deref().expect("a database without files");
            let conn = ReadOnly::open(db)?;
            store::for_each_checked(&conn, args.agency.as_deref(), args.year, &mut show)?;
        } else {
            unreadable = check_files(&args, &mut show)?;
        }
        printer.finish()
    })?;
    let summary = tally.summary(unreadable);
    if target.format == Format::Table && target.output.is_none() {
        output::print_lines(&mut |out| writeln!(out, "{summary}"))?;
    } else {
        eprintln!("{summary}");
    }
    Ok(if unreadable > 0 {
        ExitCode::from(2)
    } else if tally.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_rules(out: &mut dyn Write) -> std::io::Result<()> {
    let width = vocab::RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in vocab::RULES {
        writeln!(
            out,
            "{:width$}  {:7}  {}",
            r.id,
            r.severity.key(),
            r.summary
        )?;
    }
    Ok(())
}

/// A file parsed and checked: its report's findings, and the rows the next year chains to.
struct Checked {
    report: CheckedReport,
    chain: ChainRows,
}

/// Parses and checks the files under `args.paths` (in parallel), adds the cross-year
/// findings, and hands `show` each report of the agency and year asked for, in agency and
/// year order. Returns how many files could not be checked (each named on stderr).
fn check_files(args: &Args, show: &mut dyn FnMut(CheckedReport) -> Result<()>) -> Result<u64> {
    ingest::quiet_parser_panics();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs)
        .build()?;
    let parsed: Vec<Result<Checked, (String, String)>> = pool.install(|| {
        ingest::files(&args.paths)
            .par_bridge()
            .map(|file| {
                let path = file?;
                let shown = ingest::path_text(&path);
                let parsed = ingest::read_file(&path, args.limit.max_file_size()).and_then(|b| {
                    ingest::parse_guarded(&b, ingest::file_name_text(&path).as_deref())
                });
                let ingest::ParsedFile {
                    report, findings, ..
                } = parsed.map_err(|reason| (shown.clone(), reason.to_string()))?;
                Ok(Checked {
                    chain: ChainRows::of(&report),
                    report: CheckedReport {
                        path: shown,
                        agency: report.agency,
                        year: report.year,
                        findings,
                    },
                })
            })
            .collect()
    });
    let mut failed: Vec<(String, String)> = Vec::new();
    let mut checked: Vec<Checked> = Vec::with_capacity(parsed.len());
    for p in parsed {
        match p {
            Ok(c) => checked.push(c),
            Err(f) => failed.push(f),
        }
    }
    failed.sort();
    for (path, reason) in &failed {
        eprintln!("{path}: error: {reason}");
    }
    checked.sort_by(|a, b| {
        let key = |c: &Checked| {
            (
                c.report.agency.clone(),
                c.report.year,
                c.report.path.clone(),
            )
        };
        key(a).cmp(&key(b))
    });

    // The previous year of each report: among the files (the first by path), else stored.
    let mut by_year: HashMap<(&str, i32), usize> = HashMap::new();
    for (i, c) in checked.iter().enumerate() {
        by_year
            .entry((c.report.agency.as_str(), c.report.year))
            .or_insert(i);
    }
    let conn = args.db.as_deref().map(ReadOnly::open).transpose()?;
    let mut chained: Vec<Vec<Finding>> = Vec::with_capacity(checked.len());
    for c in &checked {
        let r = &c.report;
        let stored;
        let prev = match by_year.get(&(r.agency.as_str(), r.year - 1)) {
            Some(&i) => Some(&checked[i].chain),
            None => {
                stored = match &conn {
                    Some(conn) => {
                        store::stored_year(conn, &r.agency, r.year - 1, &check::CHAINED_ROWS)?
                            .map(|y| ChainRows::new(y.year, y.template, &y.tables))
                    }
                    None => None,
                };
                stored.as_ref()
            }
        };
        chained.push(prev.map_or_else(Vec::new, |p| check::check_chain(p, &c.chain)));
    }
    let wanted = |r: &CheckedReport| {
        args.agency.as_deref().is_none_or(|a| r.agency.contains(a))
            && args.year.is_none_or(|y| r.year == y)
    };
    for (c, extra) in checked.into_iter().zip(chained) {
        let mut report = c.report;
        if !wanted(&report) {
            continue;
        }
        report.findings.extend(extra);
        check::in_rule_order(&mut report.findings);
        show(report)?;
    }
    Ok(failed.len() as u64)
}

/// Counts over the reports shown.
#[derive(Debug, Default)]
struct Tally {
    reports: u64,
    with_findings: u64,
    errors: u64,
    warnings: u64,
    readings: u64,
}

impl Tally {
    fn add(&mut self, report: &CheckedReport) {
        self.reports += 1;
        if !report.findings.is_empty() {
            self.with_findings += 1;
        }
        for f in &report.findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Reading => self.readings += 1,
            }
        }
    }

    fn summary(&self, unreadable: u64) -> String {
        let plural = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut s = format!(
            "{} checked, {} with findings: {}, {}",
            plural(self.reports, "report"),
            self.with_findings,
            plural(self.errors, "error"),
            plural(self.warnings, "warning")
        );
        if self.readings > 0 {
            s.push_str(&format!(
                "; {} (parts the reader could not read: look by eye)",
                plural(self.readings, "reading notice")
            ));
        }
        if unreadable > 0 {
            s.push_str(&format!(
                "; {} could not be checked",
                plural(unreadable, "file")
            ));
        }
        s
    }
}

const COLUMNS: [&str; 7] = [
    "path", "agency", "year", "rule", "severity", "detail", "cells",
];

/// The columns of the table printed for each report.
const TABLE_COLUMNS: [&str; 4] = ["rule", "severity", "finding", "cells"];

/// Writes reports' findings: as a table per report, or as rows (one per finding) in the
/// other formats.
enum Printer<'w> {
    Table {
        out: Box<dyn Write + 'w>,
        terminal: bool,
        headers: Vec<String>,
        rows: u64,
    },
    Rows(RowWriter<'w>),
}

impl<'w> Printer<'w> {
    fn new(target: &Target, dest: Dest<'w>) -> Result<Printer<'w>> {
        Ok(match target.format {
            Format::Table => Printer::Table {
                out: match dest {
                    Dest::Stream(w) => Box::new(w),
                    Dest::File(f) => Box::new(std::io::BufWriter::new(f)),
                },
                terminal: target.terminal(),
                headers: target.headers(&TABLE_COLUMNS.map(String::from)),
                rows: 0,
            },
            format => {
                let columns = target.headers(&COLUMNS.map(String::from));
                let options = nianbao::tabular::Options {
                    terminal: target.terminal(),
                    sheet: target.sheet.clone(),
                };
                Printer::Rows(RowWriter::new(&columns, format, dest, &options)?)
            }
        })
    }

    fn report(&mut self, report: &CheckedReport) -> Result<()> {
        if report.findings.is_empty() {
            return Ok(());
        }
        match self {
            Printer::Table {
                out,
                terminal,
                headers,
                rows,
            } => {
                let mut table = comfy_table::Table::new();
                table.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
                if *terminal && table.width().is_some_and(|w| w >= 40) {
                    table.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
                }
                table.set_header(headers.iter());
                for f in &report.findings {
                    let cells: Vec<String> =
                        f.cells.iter().map(|c| cell_text(c, report.year)).collect();
                    table.add_row([
                        f.rule.to_string(),
                        f.severity.key().to_string(),
                        f.detail.replace("; ", "\n"),
                        cells.join("\n"),
                    ]);
                }
                if *rows > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "{}: {} {}", report.path, report.agency, report.year)?;
                writeln!(out, "{table}")?;
                *rows += report.findings.len() as u64;
            }
            Printer::Rows(w) => {
                for f in &report.findings {
                    let cells: Vec<String> =
                        f.cells.iter().map(|c| cell_text(c, report.year)).collect();
                    let nests = w.nests_json();
                    w.row(&[
                        Value::Text(report.path.clone()),
                        Value::Text(report.agency.clone()),
                        Value::Integer(report.year.into()),
                        Value::Text(f.rule.to_string()),
                        Value::Text(f.severity.key().to_string()),
                        Value::Text(f.detail.clone()),
                        if nests {
                            Value::Json(f.cells.iter().map(cell_json).collect())
                        } else {
                            Value::Text(cells.join("; "))
                        },
                    ])?;
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<u64> {
        match self {
            Printer::Table { mut out, rows, .. } => {
                out.flush()?;
                Ok(rows)
            }
            Printer::Rows(w) => Ok(w.finish()?),
        }
    }
}

/// `表2 一 自然人 12 (line 84)`; a cell of another year's report names the year.
fn cell_text(c: &FindingCell, report_year: i32) -> String {
    let value = match (c.value, c.line) {
        (Some(v), _) => check::fmt_num(v),
        (None, 0) => "not placed".to_string(),
        (None, _) => "blank".to_string(),
    };
    let year = if c.year == report_year {
        String::new()
    } else {
        format!("{} ", c.year)
    };
    let line = if c.line > 0 {
        format!(" (line {})", c.line)
    } else {
        String::new()
    };
    format!("{year}表{} {} {value}{line}", c.table_no, c.label)
}

fn cell_json(c: &FindingCell) -> serde_json::Value {
    serde_json::json!({
        "year": c.year,
        "table": c.table_no,
        "row_key": c.row_key,
        "col_key": c.col_key,
        "label": c.label,
        "value": c.value.map(|v| Value::Real(v).to_json()),
        "line": c.line,
    })
}
