//! `nianbao copies`: find sections copied between the stored reports (`nianbao::copies`).

use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use nianbao::copies::{self, Options};
use nianbao::store::{Store, StoreError};

/// Find sections copied between reports (雷同) and store them as s.copied_text warnings.
///
/// Compares sections 一 总体情况, 五 存在的主要问题及改进情况 and 六 其他需要报告的事项 of every
/// stored report with the same section of the agency's other years and of every agency's
/// reports of the same year. The preamble, the signature, the table sections and the
/// headings are what the template prescribes and are left out, as is a section shorter than
/// --min-chars. Text is reduced to letters, digits (all read as 0, so changed numbers still
/// match) and CJK characters and cut into 5-character shingles; MinHash signatures banded
/// for locality-sensitive hashing give the candidate pairs, whose similarity (Jaccard of the
/// shingles) is then measured on the text. A pair at or above --threshold is stored in the
/// table copied_sections, replacing what the last run stored; the rule s.copied_text
/// (warning) names the other report and the share of text in common, on both reports of a
/// pair of two agencies and on the later report when section 五 repeats the agency's previous
/// year. Run it after ingest; `nianbao query copies` lists the pairs and `nianbao show
/// --copies` shows a report's copied passages beside the other report's.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  nianbao copies
  nianbao copies --threshold 0.9
  nianbao query copies --param year=2023")]
pub struct Args {
    /// The least similarity (Jaccard index of the two sections' 5-character shingles, 0–1)
    /// stored as a copy.
    #[arg(long, value_name = "X", default_value_t = Options::default().threshold)]
    pub threshold: f64,

    /// Sections of fewer characters (letters, digits and CJK characters) are not compared.
    #[arg(long, value_name = "N", default_value_t = Options::default().min_chars)]
    pub min_chars: usize,

    #[command(flatten)]
    pub db: super::DbArg,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if !(0.0..=1.0).contains(&args.threshold) || args.threshold == 0.0 {
        bail!(
            "--threshold {} is not a similarity above 0 and at most 1",
            args.threshold
        );
    }
    if !args.db.db.exists() {
        return Err(StoreError::Missing {
            path: args.db.db.clone(),
        }
        .into());
    }
    let store = Store::open(&args.db.db)?;
    let options = Options {
        threshold: args.threshold,
        min_chars: args.min_chars,
        ..Options::default()
    };
    let (summary, seconds) = copies::find(store.connection(), &options)
        .with_context(|| format!("finding copies in {}", args.db.db.display()))?;
    println!(
        "{} sections compared, {} candidate pairs measured, {} copied pairs in {} clusters, \
         {} reports with s.copied_text ({:.2}s)",
        summary.sections,
        summary.candidates,
        summary.pairs,
        summary.clusters,
        summary.findings,
        seconds
    );
    if summary.crowded_bands > 0 {
        println!(
            "{} bands shared by more than {} sections were taken as prescribed text, not copies",
            summary.crowded_bands,
            Options::default().max_bucket
        );
    }
    Ok(ExitCode::SUCCESS)
}
