//! Property tests of the whole pipeline on untrusted bytes: arbitrary bytes, and generated
//! reports in every layout and format cut, spliced and scribbled on, never make
//! `parse_input` panic and each finishes quickly. (The fuzz targets in `fuzz/` run the
//! same for minutes; these few hundred cases run in `cargo test`.)

use std::time::{Duration, Instant};

use nianbao::ingest::{FileError, parse_guarded};
use nianbao::recognize::tables::recognize_table;
use nianbao::vocab::Template;
use nianbao_synth::{self as synth, Layout, Options, formats};
use proptest::prelude::*;

/// The longest one input may take in a debug build on a loaded machine.
const QUICK: Duration = Duration::from_secs(5);

/// Parses `bytes` as ingest does, panics caught: a caught panic fails the property.
fn parses_quietly(bytes: &[u8]) -> Result<(), TestCaseError> {
    let started = Instant::now();
    if let Err(why) = parse_guarded(bytes, None) {
        prop_assert!(!matches!(why, FileError::Panicked { .. }), "{why}");
    }
    prop_assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
    Ok(())
}

/// A generated report as one of the formats a folder holds.
fn rendered(seed: u64, layout: usize, format: u8) -> Vec<u8> {
    let s = synth::generate(
        seed,
        &Options {
            layout: Some(Layout::ALL[layout % Layout::ALL.len()]),
            ..Options::default()
        },
    );
    match format % 4 {
        0 => s.text.into_bytes(),
        1 => formats::html_page(&s, seed),
        2 => formats::docx(&s, seed),
        _ => formats::encoded_text(&s, encoding_rs::GBK),
    }
}

/// One damage done to a file: (what, where as a fraction of its length, how much, bytes).
#[derive(Debug, Clone)]
enum Damage {
    Truncate(f64),
    Delete(f64, usize),
    Duplicate(f64, usize),
    Insert(f64, Vec<u8>),
    Overwrite(f64, Vec<u8>),
}

fn damage() -> impl Strategy<Value = Damage> {
    let at = 0.0..1.0f64;
    let noise = prop::collection::vec(any::<u8>(), 1..64);
    prop_oneof![
        at.clone().prop_map(Damage::Truncate),
        (at.clone(), 1..400usize).prop_map(|(a, n)| Damage::Delete(a, n)),
        (at.clone(), 1..2000usize).prop_map(|(a, n)| Damage::Duplicate(a, n)),
        (at.clone(), noise.clone()).prop_map(|(a, b)| Damage::Insert(a, b)),
        (at, noise).prop_map(|(a, b)| Damage::Overwrite(a, b)),
    ]
}

fn apply(bytes: &mut Vec<u8>, damage: &Damage) {
    let pos = |f: f64, len: usize| ((len as f64 * f) as usize).min(len);
    match damage {
        Damage::Truncate(f) => bytes.truncate(pos(*f, bytes.len())),
        Damage::Delete(f, n) => {
            let at = pos(*f, bytes.len());
            let end = (at + n).min(bytes.len());
            bytes.drain(at..end);
        }
        Damage::Duplicate(f, n) => {
            let at = pos(*f, bytes.len());
            let end = (at + n).min(bytes.len());
            let copy = bytes[at..end].to_vec();
            bytes.splice(at..at, copy);
        }
        Damage::Insert(f, noise) => {
            let at = pos(*f, bytes.len());
            bytes.splice(at..at, noise.iter().copied());
        }
        Damage::Overwrite(f, noise) => {
            let at = pos(*f, bytes.len());
            for (i, b) in noise.iter().enumerate() {
                if let Some(slot) = bytes.get_mut(at + i) {
                    *slot = *b;
                }
            }
        }
    }
}

/// Inputs the fuzz targets found slow or crashing, once fixed: read, then every table
/// reader on the whole document (as the targets run them), each quickly.
#[test]
fn fuzz_findings_stay_fixed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let started = Instant::now();
        let input = nianbao::read::read(&std::fs::read(&path).unwrap()).unwrap();
        for no in 1..=3 {
            for template in [Template::Y2019, Template::Y2021] {
                let _ = recognize_table(no, template, &input.document.blocks);
            }
        }
        assert!(
            started.elapsed() < QUICK,
            "{}: {:?}",
            path.display(),
            started.elapsed()
        );
        seen += 1;
    }
    assert!(seen > 0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..8192)) {
        parses_quietly(&bytes)?;
    }

    #[test]
    fn arbitrary_text(text in "(\\PC|\\t|\\n|\\|){0,1000}") {
        parses_quietly(text.as_bytes())?;
    }

    #[test]
    fn damaged_reports(
        seed in 0..100_000u64,
        layout in 0..7usize,
        format in 0..4u8,
        damages in prop::collection::vec(damage(), 1..6),
    ) {
        let mut bytes = rendered(seed, layout, format);
        for d in &damages {
            apply(&mut bytes, d);
        }
        parses_quietly(&bytes)?;
    }
}
