//! `nianbao synth`: write synthetic reports (text) for tests and benchmarks.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{BufWriter, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use rayon::prelude::*;

use nianbao::vocab::Template;
use nianbao_synth::{self as synth, BREAKABLE_RULES, Layout, Options};

/// Generate synthetic annual reports with known content, for tests and benchmarks.
///
/// Writes COUNT reports as UTF-8 text files named `{seed:08}_{layout}.txt`, seeds S, S+1, …
/// Each report is determined by its seed and the options, so a failing one can be replayed
/// with `--seed SEED --count 1` and the same options. With `--layout all` the layouts take
/// turns by seed (seed mod 7); without `--layout` each seed draws its own.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  nianbao synth --count 100 --out /tmp/synth
  nianbao synth --count 1 --seed 42 --layout glued --out /tmp/one
  nianbao synth --count 1000 --layout all --template 2021 --break t2.balance --out /tmp/broken
  nianbao synth --count 200 --plant-copies 30 --out /tmp/copies")]
pub struct Args {
    /// How many reports to write.
    #[arg(long, value_name = "N")]
    pub count: u64,

    /// Seed of the first report; report i has seed S + i.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,

    /// Table layout: tab-cells, tab-rows, cell-lines, space-aligned, pipe, ocr-markdown,
    /// glued, or `all` (take turns by seed). Default: drawn per seed.
    #[arg(long, value_name = "NAME|all", value_parser = parse_layout)]
    pub layout: Option<LayoutArg>,

    /// Template: 2019 or 2021. Default: the template of the drawn year.
    #[arg(long, value_name = "2019|2021", value_parser = parse_template)]
    pub template: Option<Template>,

    /// Report year. Default: drawn from 2019–2025 (within the template's years).
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,

    /// Break a consistency rule on purpose (repeatable): t2.balance, t2.outcomes_sum,
    /// t2.row_total, t3.row_total, s.sections, s.tables, s.published_on_time.
    #[arg(long = "break", value_name = "RULE", value_parser = parse_rule)]
    pub break_rules: Vec<&'static str>,

    /// Break table 2 across a page in every report (default: about 30% of reports).
    #[arg(long, conflicts_with = "no_page_breaks")]
    pub page_breaks: bool,

    /// Never break a table across a page.
    #[arg(long)]
    pub no_page_breaks: bool,

    /// Plant copied sections (雷同) in PCT percent of the seed pairs (S, S+1), (S+2, S+3) …:
    /// the second report of a pair copies section 五 of the first as the same agency's
    /// report of the year next to it, or section 一, 五 or 六 as another agency's report of
    /// the same year, half of them with names and numbers changed. Every report then has
    /// prose put together phrase by phrase, so that no other pair is alike; copies.csv in
    /// DIR lists the copies (copy_seed, source_seed, section, same_agency, changed).
    #[arg(long, value_name = "PCT", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub plant_copies: Option<u32>,
    /// Directory to write into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// `--layout`: one layout or all in turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutArg {
    One(Layout),
    All,
}

fn parse_layout(s: &str) -> Result<LayoutArg, String> {
    if s == "all" {
        return Ok(LayoutArg::All);
    }
    Layout::from_name(s).map(LayoutArg::One).ok_or_else(|| {
        let names: Vec<&str> = Layout::ALL.iter().map(|l| l.name()).collect();
        format!(
            "unknown layout {s:?}; expected one of: {}, all",
            names.join(", ")
        )
    })
}

fn parse_template(s: &str) -> Result<Template, String> {
    Template::from_key(s).ok_or_else(|| format!("unknown template {s:?}; expected 2019 or 2021"))
}

fn parse_rule(s: &str) -> Result<&'static str, String> {
    synth::breakable_rule(s).ok_or_else(|| {
        format!(
            "rule {s:?} cannot be broken by the generator; expected one of: {}",
            BREAKABLE_RULES.join(", ")
        )
    })
}

pub fn run(args: Args) -> Result<ExitCode> {
    let Some(last) = args.seed.checked_add(args.count.saturating_sub(1)) else {
        bail!(
            "--seed {} + --count {} overflows a 64-bit seed",
            args.seed,
            args.count
        );
    };
    fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create output directory {}", args.out.display()))?;
    let base = Options {
        layout: None,
        template: args.template,
        year: args.year,
        break_rules: args.break_rules.clone(),
        distinct_prose: false,
        page_breaks: if args.page_breaks {
            Some(true)
        } else if args.no_page_breaks {
            Some(false)
        } else {
            None
        },
    };
    let planted: HashMap<u64, synth::Planted> = match args.plant_copies {
        Some(pct) => {
            let pairs = synth::planted_pairs(args.seed, args.count, pct);
            let path = args.out.join("copies.csv");
            let mut list = String::from("copy_seed,source_seed,section,same_agency,changed\n");
            for p in &pairs {
                list.push_str(&format!(
                    "{},{},{},{},{}\n",
                    p.copy, p.source, p.key, p.same_agency, p.changed
                ));
            }
            fs::write(&path, list).with_context(|| format!("cannot write {}", path.display()))?;
            pairs.into_iter().map(|p| (p.copy, p)).collect()
        }
        None => HashMap::new(),
    };
    let started = Instant::now();
    let bytes = AtomicU64::new(0);
    (0..args.count)
        .into_par_iter()
        .try_for_each(|i| -> Result<()> {
            let seed = args.seed + i;
            let mut opts = base.clone();
            opts.layout = match args.layout {
                None => None,
                Some(LayoutArg::One(l)) => Some(l),
                Some(LayoutArg::All) => {
                    Some(Layout::ALL[(seed % Layout::ALL.len() as u64) as usize])
                }
            };
            let s = match args.plant_copies {
                Some(_) => synth::plant(seed, &opts, planted.get(&seed)),
                None => synth::generate(seed, &opts),
            };
            let path = args.out.join(format!("{seed:08}_{}.txt", s.layout.name()));
            let mut f = BufWriter::new(
                File::create(&path).with_context(|| format!("cannot create {}", path.display()))?,
            );
            f.write_all(s.text.as_bytes())
                .and_then(|()| f.flush())
                .with_context(|| format!("cannot write {}", path.display()))?;
            bytes.fetch_add(s.text.len() as u64, Ordering::Relaxed);
            Ok(())
        })?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "wrote {} report(s), seeds {}..={}, {:.1} MB to {} in {:.2}s",
        args.count,
        args.seed,
        if args.count == 0 { args.seed } else { last },
        bytes.load(Ordering::Relaxed) as f64 / 1e6,
        args.out.display(),
        secs
    );
    Ok(ExitCode::SUCCESS)
}
