//! Planted copies (雷同): a corpus in which some reports copy a section of another, for
//! testing copy detection. Seeds go in pairs (S+2k, S+2k+1): with the chance asked, the
//! second report of a pair is generated to copy a section of the first, either
//! - as the same agency's report of the year before or after, its section 五 copied, or
//! - as another agency's report of the same year, its section 一, 五 or 六 copied;
//!
//! and half the copies have their names and numbers changed (the other agency's name put
//! in, every number but a year moved by one). Every report of such a corpus has distinct
//! prose ([`Options::distinct_prose`]), so that no other pair is alike.

use crate::rng::Rng;
use crate::{Options, Synth, generate};

/// A planted copy: the report of seed `copy` copies section `key` of the report of seed
/// `source`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    pub copy: u64,
    pub source: u64,
    pub key: &'static str,
    /// The same agency (another year), else another agency (the same year).
    pub same_agency: bool,
    /// Names and numbers changed.
    pub changed: bool,
}

/// The copies planted among seeds `first..first + count` at `pct` percent of the pairs:
/// which second report of a pair copies its first, decided by the second's seed alone.
pub fn planted_pairs(first: u64, count: u64, pct: u32) -> Vec<Planted> {
    (first..first + count)
        .filter(|seed| (seed - first) % 2 == 1)
        .filter_map(|copy| {
            let mut rng = Rng::new(copy ^ 0x636f_7069_6573_0000);
            if !rng.pct(pct) {
                return None;
            }
            let same_agency = rng.pct(50);
            let key = if same_agency {
                "problems"
            } else {
                ["overview", "problems", "other"][rng.index(3)]
            };
            Some(Planted {
                copy,
                source: copy - 1,
                key,
                same_agency,
                changed: rng.pct(50),
            })
        })
        .collect()
}

/// The report of seed `seed` in a corpus planted as `planted` says, with `opts` (distinct
/// prose set): a copy is generated in its source's year (or the year next to it) and takes
/// its source's section.
pub fn plant(seed: u64, opts: &Options, planted: Option<&Planted>) -> Synth {
    let opts = Options {
        distinct_prose: true,
        ..opts.clone()
    };
    let Some(p) = planted else {
        return generate(seed, &opts);
    };
    let source = generate(p.source, &opts);
    let year = if !p.same_agency {
        source.report.year
    } else if source.report.year < 2025 {
        source.report.year + 1
    } else {
        source.report.year - 1
    };
    let mut copy = generate(
        seed,
        &Options {
            year: Some(year),
            template: None,
            ..opts
        },
    );
    if p.same_agency {
        rename(&mut copy, &source.report.agency, &source.short);
    }
    let from = section_body(&source, p.key).to_string();
    let body = if p.changed {
        let renamed = swap_names(
            &from,
            (&source.report.agency, &source.short),
            (&copy.report.agency, &copy.short),
        );
        move_numbers(&renamed)
    } else {
        from
    };
    let old = section_body(&copy, p.key).to_string();
    if let Some(at) = copy.text.find(&old).filter(|_| !old.is_empty()) {
        copy.text.replace_range(at..at + old.len(), &body);
    }
    if let Some(s) = copy.report.sections.iter_mut().find(|s| s.key == p.key) {
        s.body = body;
    }
    if p.key == "problems" {
        copy.report.issues_listed = source.report.issues_listed.clone();
    }
    // Text moved: where the tables and stated figures were printed is no longer known.
    copy.printed_tables.clear();
    copy.stated.clear();
    copy
}

fn section_body<'a>(s: &'a Synth, key: &str) -> &'a str {
    s.report
        .sections
        .iter()
        .find(|x| x.key == key)
        .map_or("", |x| x.body.as_str())
}

/// `text` with the names `from` (full, short) replaced by `to`'s.
fn swap_names(text: &str, from: (&str, &str), to: (&str, &str)) -> String {
    const HOLD: &str = "\u{1}";
    text.replace(from.0, HOLD)
        .replace(from.1, to.1)
        .replace(HOLD, to.0)
}

/// The report renamed to another agency, everywhere its name is printed.
fn rename(s: &mut Synth, agency: &str, short: &str) {
    let (old, old_short) = (s.report.agency.clone(), s.short.clone());
    s.text = swap_names(&s.text, (&old, &old_short), (agency, short));
    s.report.title = swap_names(&s.report.title, (&old, &old_short), (agency, short));
    for section in &mut s.report.sections {
        section.body = swap_names(&section.body, (&old, &old_short), (agency, short));
    }
    s.report.agency = agency.to_string();
    s.short = short.to_string();
}

/// Every run of digits moved by one (9 → 10), but a year (four digits from 19 or 20).
fn move_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.is_empty() {
            return;
        }
        let year = digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20"));
        match digits.parse::<u64>() {
            Ok(n) if !year => out.push_str(&(n + 1).to_string()),
            _ => out.push_str(digits),
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}
