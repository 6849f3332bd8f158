//! parse(render(report)) == report, for thousands of generated reports per layout.
//!
//! The generator knows the truth of every cell it printed (value, raw text and source line),
//! the table status, agency, year and listed issues. Each layout is run over the same seeds,
//! so a failure names a seed that `nianbao synth --seed N --layout L` replays.
//! `NIANBAO_ROUND_TRIP_SEEDS` sets the number of seeds per layout: 300 by default, which
//! keeps `cargo test` quick; `.ci/run` runs 2,000.

use nianbao::model::Report;
use nianbao_synth::{Layout, Options, generate};
use rayon::prelude::*;

fn seeds() -> u64 {
    std::env::var("NIANBAO_ROUND_TRIP_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300)
}

/// Everything in which `got` differs from `truth`, one line each.
fn differences(truth: &Report, got: &Report) -> Vec<String> {
    let mut out = Vec::new();
    if got.agency != truth.agency {
        out.push(format!("agency {:?}, truth {:?}", got.agency, truth.agency));
    }
    if got.year != truth.year {
        out.push(format!("year {}, truth {}", got.year, truth.year));
    }
    if got.template != truth.template {
        out.push(format!(
            "template {:?}, truth {:?}",
            got.template, truth.template
        ));
    }
    if got.issues_listed != truth.issues_listed {
        out.push(format!(
            "listed issues {:?}, truth {:?}",
            got.issues_listed, truth.issues_listed
        ));
    }
    for want in &truth.tables {
        let Some(have) = got.table(want.no) else {
            out.push(format!("table {} missing", want.no));
            continue;
        };
        if have.status != want.status {
            out.push(format!(
                "table {} status {:?}, truth {:?}",
                want.no, have.status, want.status
            ));
        }
        if have.variant != want.variant {
            out.push(format!(
                "table {} read as {:?}, truth {:?}",
                want.no, have.variant, want.variant
            ));
        }
        for c in &want.cells {
            match have.cell(c.row_key, c.col_key) {
                None => out.push(format!(
                    "t{} {}.{} missing, truth {:?} @{}",
                    want.no, c.row_key, c.col_key, c.raw, c.line
                )),
                Some(g) if g.value != c.value || g.raw != c.raw || g.line != c.line => {
                    out.push(format!(
                        "t{} {}.{} {:?}={:?} @{}, truth {:?}={:?} @{}",
                        want.no,
                        c.row_key,
                        c.col_key,
                        g.raw,
                        g.value,
                        g.line,
                        c.raw,
                        c.value,
                        c.line
                    ))
                }
                Some(_) => {}
            }
        }
        for g in &have.cells {
            if want.cell(g.row_key, g.col_key).is_none() {
                out.push(format!(
                    "t{} {}.{} {:?} @{} is not in the truth",
                    want.no, g.row_key, g.col_key, g.raw, g.line
                ));
            }
        }
    }
    out
}

fn round_trip(layout: Layout) {
    let failures: Vec<(u64, Vec<String>)> = (0..seeds())
        .into_par_iter()
        .filter_map(|seed| {
            let synth = generate(
                seed,
                &Options {
                    layout: Some(layout),
                    ..Default::default()
                },
            );
            let diffs = match nianbao::ingest::parse_bytes(synth.text.as_bytes()) {
                Ok((report, _)) => differences(&synth.report, &report),
                Err(e) => vec![format!("not recognized: {e}")],
            };
            (!diffs.is_empty()).then_some((seed, diffs))
        })
        .collect();
    if failures.is_empty() {
        return;
    }
    let mut message = format!(
        "{} of {} {} reports differ; replay with `nianbao synth --layout {} --seed N --count 1 --out DIR`\n",
        failures.len(),
        seeds(),
        layout.name(),
        layout.name()
    );
    for (seed, diffs) in failures.iter().take(5) {
        message.push_str(&format!("seed {seed}:\n"));
        for d in diffs.iter().take(8) {
            message.push_str(&format!("    {d}\n"));
        }
    }
    panic!("{message}");
}

/// One test per layout, so a failure names its layout.
macro_rules! round_trip_tests {
    ($($name:ident: $layout:expr;)*) => {
        $(
            #[test]
            fn $name() {
                round_trip($layout);
            }
        )*
    };
}

round_trip_tests! {
    tab_cells: Layout::TabCells;
    tab_rows: Layout::TabRows;
    cell_lines: Layout::CellLines;
    space_aligned: Layout::SpaceAligned;
    pipe: Layout::Pipe;
    ocr_markdown: Layout::OcrMarkdown;
    glued: Layout::Glued;
}

/// Every layout has its test above: a layout added to the generator fails to compile
/// here until it is listed there too, and `Layout::ALL` holds the seven.
#[test]
fn every_layout_has_a_round_trip() {
    assert_eq!(Layout::ALL.len(), 7);
    for layout in Layout::ALL {
        match layout {
            Layout::TabCells
            | Layout::TabRows
            | Layout::CellLines
            | Layout::SpaceAligned
            | Layout::Pipe
            | Layout::OcrMarkdown
            | Layout::Glued => {}
        }
    }
}

/// Both templates are exercised by every layout's seeds (the generator picks the template
/// from the year), so the round trips above cover 2019 and 2021 tables alike.
#[test]
fn seeds_cover_both_templates() {
    use nianbao::vocab::Template;
    let mut seen = [false; 2];
    for seed in 0..seeds().min(200) {
        let s = generate(seed, &Options::default());
        seen[(s.report.template == Template::Y2021) as usize] = true;
    }
    assert_eq!(seen, [true, true]);
}
