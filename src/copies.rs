//! Copied reports (雷同): sections of one report that are near-duplicates of the same
//! section of another — the same agency's report of another year, or any agency's report
//! of the same year. Reads the store's sections and writes `copied_sections` and the
//! `s.copied_text` findings; runs after ingest (`nianbao copies`).
//!
//! What is compared: the prose sections 一 总体情况, 五 存在的主要问题及改进情况 and 六
//! 其他需要报告的事项. The preamble (its standard sentence citing the 条例), the signature,
//! the table sections 二–四 (the template's tables) and the headings (stored apart from
//! the bodies) are what the template prescribes, and are left out; so is a section of fewer
//! than [`Options::min_chars`] characters (无。). A section's text is reduced ([`reduce`]) to
//! its letters, digits and CJK characters, each number read as 0 and the agency's own name
//! left out (a copy with its names and numbers changed is still a copy), and cut into
//! overlapping [`SHINGLE`]-character shingles.
//!
//! How pairs are found, with memory bounded by one year's sections, never the corpus:
//! - same year, all agencies: each section's shingles give a MinHash signature (one
//!   permutation, [`BINS`] bins, empty bins filled from the next), cut into [`BANDS`]
//!   bands; sections sharing a band are candidates. A band shared by more than
//!   [`Options::max_bucket`] sections is text the template or a superior body prescribes
//!   to many, not a copy: it yields no candidates (counted in [`Summary::crowded_bands`]);
//! - same agency, other years: every pair of its sections of the same key (an agency has a
//!   handful of years), read agency by agency.
//!
//! Each candidate's similarity is measured on the text itself: the Jaccard index of the two
//! sections' shingle sets. A pair at or above [`Options::threshold`] is stored, with the
//! share of each side's shingles found in the other, and a cluster (the pairs' connected
//! reports, by key, numbered by their smallest report id). The rule `s.copied_text`
//! (warning) names the other report and the share in common: on both reports of a pair of
//! two agencies, and, for section 五 copied from the agency's previous year, on the later
//! report.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use rusqlite::{Connection, params};

use crate::vocab;

/// Characters in a shingle.
pub const SHINGLE: usize = 5;
/// MinHash bins of a signature.
pub const BINS: usize = 63;
/// LSH bands: `BINS / BANDS` bins a band. With 21 bands of 3, a pair of similarity 0.5 (as
/// a copy that kept the other agency's name looks before the names are left out of both)
/// is a candidate with probability 1 − (1 − 0.5³)²¹ ≈ 0.94, one of 0.6 ≈ 0.99, one of 0.7
/// ≈ 0.9999; one of 0.3, 0.44.
pub const BANDS: usize = 21;
const ROWS: usize = BINS / BANDS;

/// The sections compared.
pub const KEYS: [&str; 3] = ["overview", "problems", "other"];

/// The rule the pairs raise.
pub const RULE: &str = "s.copied_text";

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The least Jaccard similarity of two sections' shingles stored as a copy.
    pub threshold: f64,
    /// Sections of fewer characters (after reduction) are not compared.
    pub min_chars: usize,
    /// A band shared by more sections than this yields no candidates.
    pub max_bucket: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            threshold: 0.7,
            min_chars: 40,
            max_bucket: 50,
        }
    }
}

/// What a run found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Sections compared (of the keys compared, long enough).
    pub sections: u64,
    /// Pairs whose similarity was measured.
    pub candidates: u64,
    /// Pairs stored.
    pub pairs: u64,
    /// Clusters of the pairs.
    pub clusters: u64,
    /// `s.copied_text` findings written.
    pub findings: u64,
    /// Bands too crowded to yield candidates.
    pub crowded_bands: u64,
}

/// A section's text reduced: letters, digits and CJK characters, nothing else; each run of
/// digits read as one 0 (a copy with its numbers changed is still a copy), and the
/// names of `agencies` left out, whole or in part (three characters or more of one: 文登区,
/// 米山镇), so that a copy with the names changed is still a copy.
pub fn reduce(body: &str, agencies: &[&str]) -> Vec<char> {
    let mut chars: Vec<char> = Vec::with_capacity(body.len() / 3);
    for c in body.chars().filter(|c| c.is_alphanumeric()) {
        if c.is_numeric() {
            if chars.last() != Some(&'0') {
                chars.push('0');
            }
        } else {
            chars.push(crate::chinese::fold_width(c));
        }
    }
    let names: Vec<Vec<char>> = agencies.iter().map(|a| a.chars().collect()).collect();
    let longest = names.iter().map(Vec::len).max().unwrap_or(0);
    let parts: HashSet<&[char]> = names
        .iter()
        .flat_map(|name| {
            (0..name.len())
                .flat_map(move |i| (i + NAME_PART..=name.len()).map(move |j| &name[i..j]))
        })
        .collect();
    let mut kept = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let mut len = 0;
        while i + len < chars.len()
            && len < longest
            && (len + 1 < NAME_PART || parts.contains(&chars[i..i + len + 1]))
        {
            len += 1;
        }
        if len >= NAME_PART {
            i += len;
        } else {
            kept.push(chars[i]);
            i += 1;
        }
    }
    kept
}

/// The fewest characters of the agency's name left out as its name.
const NAME_PART: usize = 3;

fn mix(mut x: u64) -> u64 {
    // splitmix64's finalizer: every input bit moves every output bit.
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The set of a reduced text's shingles, as sorted hashes.
pub fn shingles(chars: &[char]) -> Vec<u64> {
    let mut set: Vec<u64> = chars
        .windows(SHINGLE)
        .map(|w| {
            mix(w
                .iter()
                .fold(0u64, |h, &c| h.wrapping_mul(0x100_0000_01b3) ^ u64::from(c)))
        })
        .collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// |A ∩ B| of two sorted sets.
fn common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// How alike two shingle sets are: (Jaccard, share of `a` in `b`, share of `b` in `a`).
pub fn similarity(a: &[u64], b: &[u64]) -> (f64, f64, f64) {
    if a.is_empty() || b.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let both = common(a, b) as f64;
    let union = a.len() as f64 + b.len() as f64 - both;
    (both / union, both / a.len() as f64, both / b.len() as f64)
}

/// One-permutation MinHash: the least hash in each bin, an empty bin taking the next
/// filled bin's (so that two sets' empty bins still agree when their next bins do).
fn signature(set: &[u64]) -> [u64; BINS] {
    let mut bins = [u64::MAX; BINS];
    for &h in set {
        let bin = (h % BINS as u64) as usize;
        let v = h / BINS as u64;
        if v < bins[bin] {
            bins[bin] = v;
        }
    }
    for i in 0..BINS {
        if bins[i] == u64::MAX {
            let filled = (1..BINS)
                .map(|d| (i + d) % BINS)
                .find(|&j| bins[j] != u64::MAX && bins[j] >> 63 == 0);
            if let Some(j) = filled {
                // Marked as borrowed (top bit) so a borrowed value is never borrowed again.
                bins[i] = mix(bins[j] ^ (i as u64)) | (1 << 63);
            }
        }
    }
    bins
}

/// The band keys of a signature: band number and the hash of its bins.
fn bands(sig: &[u64; BINS], key_idx: usize) -> [u64; BANDS] {
    let mut out = [0; BANDS];
    for (b, rows) in sig.chunks(ROWS).enumerate() {
        let h = rows
            .iter()
            .fold((b * KEYS.len() + key_idx) as u64, |h, &v| mix(h ^ v));
        out[b] = h;
    }
    out
}

/// A section compared: its report, agency, year and key.
#[derive(Debug, Clone, Copy)]
struct Sec {
    report: i64,
    agency: i64,
    year: i64,
    key: usize,
}

/// A pair found: the two sections (report ids in order) and how alike they are.
#[derive(Debug, Clone, Copy)]
struct Pair {
    a: Sec,
    b: Sec,
    similarity: f64,
    a_shared: f64,
    b_shared: f64,
}

fn key_index(key: &str) -> Option<usize> {
    KEYS.iter().position(|k| *k == key)
}

const SELECT_SECTIONS: &str = "SELECT r.id, r.agency_id, r.year, s.key, s.body, a.name \
     FROM reports r JOIN agencies a ON a.id = r.agency_id \
     JOIN sections s ON s.report_id = r.id \
     WHERE s.key IN ('overview', 'problems', 'other')";

/// Finds the copied sections of every stored report and stores them, replacing what an
/// earlier run stored.
pub fn find(conn: &Connection, opts: &Options) -> rusqlite::Result<(Summary, f64)> {
    let started = Instant::now();
    let mut summary = Summary::default();
    let mut pairs: Vec<Pair> = Vec::new();

    // Same agency, other years: an agency's sections at a time.
    {
        let mut stmt = conn.prepare(&format!("{SELECT_SECTIONS} ORDER BY r.agency_id, r.year"))?;
        let mut rows = stmt.query([])?;
        let mut group: Vec<(Sec, Vec<u64>)> = Vec::new();
        let flush = |group: &mut Vec<(Sec, Vec<u64>)>, pairs: &mut Vec<Pair>, n: &mut u64| {
            for i in 0..group.len() {
                for j in i + 1..group.len() {
                    let (a, sa) = &group[i];
                    let (b, sb) = &group[j];
                    if a.key != b.key || a.year == b.year {
                        continue;
                    }
                    *n += 1;
                    push_pair(pairs, opts, *a, sa, *b, sb);
                }
            }
            group.clear();
        };
        while let Some(r) = rows.next()? {
            let Some((sec, set)) = read_section(r, opts)? else {
                continue;
            };
            if group.first().is_some_and(|(g, _)| g.agency != sec.agency) {
                flush(&mut group, &mut pairs, &mut summary.candidates);
            }
            summary.sections += 1;
            group.push((sec, set));
        }
        flush(&mut group, &mut pairs, &mut summary.candidates);
    }

    // Same year, all agencies: one year's signatures at a time.
    let years: Vec<i64> = conn
        .prepare("SELECT DISTINCT year FROM reports ORDER BY year")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for year in years {
        let mut secs: Vec<Sec> = Vec::new();
        let mut keyed: Vec<(u64, u32)> = Vec::new();
        {
            let mut stmt = conn.prepare(&format!("{SELECT_SECTIONS} AND r.year = ?1"))?;
            let mut rows = stmt.query([year])?;
            while let Some(r) = rows.next()? {
                let Some((sec, set)) = read_section(r, opts)? else {
                    continue;
                };
                let idx = secs.len() as u32;
                for band in bands(&signature(&set), sec.key) {
                    keyed.push((band, idx));
                }
                secs.push(sec);
            }
        }
        keyed.sort_unstable();
        let mut candidates: HashSet<(u32, u32)> = HashSet::new();
        for run in keyed.chunk_by(|x, y| x.0 == y.0) {
            if run.len() < 2 {
                continue;
            }
            if run.len() > opts.max_bucket {
                summary.crowded_bands += 1;
                continue;
            }
            for (i, x) in run.iter().enumerate() {
                for y in &run[i + 1..] {
                    let (a, b) = (secs[x.1 as usize], secs[y.1 as usize]);
                    if a.agency != b.agency {
                        candidates.insert((x.1.min(y.1), x.1.max(y.1)));
                    }
                }
            }
        }
        drop(keyed);
        // The candidates' text, read again (only theirs), each pair's with both agencies'
        // names left out: a copy that kept the other agency's name is still a copy.
        let mut texts: HashMap<u32, (String, String)> = HashMap::new();
        let mut body = conn.prepare_cached(
            "SELECT s.body, a.name FROM sections s JOIN reports r ON r.id = s.report_id \
             JOIN agencies a ON a.id = r.agency_id \
             WHERE s.report_id = ?1 AND s.key = ?2 ORDER BY s.ordinal LIMIT 1",
        )?;
        let mut candidates: Vec<(u32, u32)> = candidates.into_iter().collect();
        candidates.sort_unstable();
        for &(i, j) in &candidates {
            for idx in [i, j] {
                if let std::collections::hash_map::Entry::Vacant(e) = texts.entry(idx) {
                    let sec = secs[idx as usize];
                    let (text, agency): (Option<String>, String) = body
                        .query_row(params![sec.report, KEYS[sec.key]], |r| {
                            Ok((r.get(0)?, r.get(1)?))
                        })?;
                    e.insert((text.unwrap_or_default(), agency));
                }
            }
            let ((ti, ai), (tj, aj)) = (&texts[&i], &texts[&j]);
            let names = [ai.as_str(), aj.as_str()];
            summary.candidates += 1;
            push_pair(
                &mut pairs,
                opts,
                secs[i as usize],
                &shingles(&reduce(ti, &names)),
                secs[j as usize],
                &shingles(&reduce(tj, &names)),
            );
        }
    }

    let (clusters, findings) = store(conn, &pairs)?;
    summary.pairs = pairs.len() as u64;
    summary.clusters = clusters;
    summary.findings = findings;
    Ok((summary, started.elapsed().as_secs_f64()))
}

/// The section of a row of [`SELECT_SECTIONS`] and its shingles, if it is compared.
fn read_section(r: &rusqlite::Row, opts: &Options) -> rusqlite::Result<Option<(Sec, Vec<u64>)>> {
    let key: String = r.get(3)?;
    let Some(key) = key_index(&key) else {
        return Ok(None);
    };
    let body: String = r.get::<_, Option<String>>(4)?.unwrap_or_default();
    let agency: String = r.get(5)?;
    let chars = reduce(&body, &[&agency]);
    if chars.len() < opts.min_chars {
        return Ok(None);
    }
    let sec = Sec {
        report: r.get(0)?,
        agency: r.get(1)?,
        year: r.get(2)?,
        key,
    };
    Ok(Some((sec, shingles(&chars))))
}

fn push_pair(pairs: &mut Vec<Pair>, opts: &Options, a: Sec, sa: &[u64], b: Sec, sb: &[u64]) {
    let (similarity, a_shared, b_shared) = similarity(sa, sb);
    if similarity < opts.threshold {
        return;
    }
    let (a, b, a_shared, b_shared) = if a.report <= b.report {
        (a, b, a_shared, b_shared)
    } else {
        (b, a, b_shared, a_shared)
    };
    pairs.push(Pair {
        a,
        b,
        similarity,
        a_shared,
        b_shared,
    });
}

/// The cluster of each report (by key), numbered by the smallest report id connected.
fn clusters(pairs: &[Pair]) -> HashMap<(usize, i64), i64> {
    let mut parent: HashMap<(usize, i64), (usize, i64)> = HashMap::new();
    fn root(parent: &mut HashMap<(usize, i64), (usize, i64)>, x: (usize, i64)) -> (usize, i64) {
        let mut r = x;
        while let Some(&p) = parent.get(&r) {
            if p == r {
                break;
            }
            r = p;
        }
        parent.insert(x, r);
        r
    }
    for p in pairs {
        let (x, y) = ((p.a.key, p.a.report), (p.b.key, p.b.report));
        parent.entry(x).or_insert(x);
        parent.entry(y).or_insert(y);
        let (rx, ry) = (root(&mut parent, x), root(&mut parent, y));
        if rx != ry {
            let (lo, hi) = if rx.1 <= ry.1 { (rx, ry) } else { (ry, rx) };
            parent.insert(hi, lo);
        }
    }
    let nodes: Vec<(usize, i64)> = parent.keys().copied().collect();
    nodes
        .into_iter()
        .map(|n| (n, root(&mut parent, n).1))
        .collect()
}

fn pct(v: f64) -> String {
    format!("{:.0}%", 100.0 * v)
}

/// Replaces the stored pairs and findings with `pairs`: (clusters, findings).
fn store(conn: &Connection, pairs: &[Pair]) -> rusqlite::Result<(u64, u64)> {
    let cluster = clusters(pairs);
    let names: HashMap<i64, (String, i64)> = {
        let ids: HashSet<i64> = pairs
            .iter()
            .flat_map(|p| [p.a.report, p.b.report])
            .collect();
        let mut stmt = conn.prepare_cached(
            "SELECT a.name, r.year FROM reports r JOIN agencies a ON a.id = r.agency_id \
             WHERE r.id = ?1",
        )?;
        ids.into_iter()
            .map(|id| Ok((id, stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?)))
            .collect::<rusqlite::Result<_>>()?
    };
    let severity = vocab::rule_spec(RULE).map_or("warning", |r| r.severity.key());
    let tx = conn.unchecked_transaction()?;
    tx.execute("DELETE FROM copied_sections", [])?;
    tx.execute("DELETE FROM check_findings WHERE rule = ?1", [RULE])?;
    let mut findings: HashMap<i64, Vec<String>> = HashMap::new();
    {
        let mut insert = tx.prepare(
            "INSERT INTO copied_sections (report_id, key, other_report_id, similarity, shared, \
             other_shared, cluster) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for p in pairs {
            let key = KEYS[p.a.key];
            insert.execute(params![
                p.a.report,
                key,
                p.b.report,
                p.similarity,
                p.a_shared,
                p.b_shared,
                cluster[&(p.a.key, p.a.report)],
            ])?;
            let heading = vocab::section(key).map_or(key, |s| s.heading);
            let mut note = |on: Sec, shared: f64, other: Sec| {
                let (agency, year) = &names[&other.report];
                findings.entry(on.report).or_default().push(format!(
                    "{heading}: {} of its text is also in {agency} {year} (similarity {:.2})",
                    pct(shared),
                    p.similarity
                ));
            };
            if p.a.agency != p.b.agency {
                note(p.a, p.a_shared, p.b);
                note(p.b, p.b_shared, p.a);
            } else if key == "problems" && (p.a.year - p.b.year).abs() == 1 {
                if p.a.year > p.b.year {
                    note(p.a, p.a_shared, p.b);
                } else {
                    note(p.b, p.b_shared, p.a);
                }
            }
        }
        let mut insert = tx.prepare(
            "INSERT INTO check_findings (report_id, rule, severity, detail) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut reports: Vec<_> = findings.iter_mut().collect();
        reports.sort_by_key(|(id, _)| **id);
        for (id, details) in reports {
            details.sort();
            insert.execute(params![id, RULE, severity, details.join("; ")])?;
        }
    }
    tx.commit()?;
    let distinct: HashSet<i64> = cluster.values().copied().collect();
    Ok((distinct.len() as u64, findings.len() as u64))
}

/// A passage of one section beside its match in the other: (this sentence, the other's
/// most alike sentence, their similarity).
pub type Passage = (String, String, f64);

/// The sentences of `body` (of `agency`) that are copied in `other_body` (of
/// `other_agency`), each beside the other's sentence most alike it, in the order of
/// `body`; alike means a similarity of at least one half, measured as the sections are
/// (both agencies' names and the numbers left out).
pub fn matching_passages(
    body: &str,
    agency: &str,
    other_body: &str,
    other_agency: &str,
) -> Vec<Passage> {
    let names = [agency, other_agency];
    let cut = |text: &str| -> Vec<(String, Vec<u64>)> {
        crate::chinese::sentences(text)
            .into_iter()
            .map(|r| text[r].trim().to_string())
            .filter(|s| !s.is_empty())
            .map(|s| {
                let set = shingles(&reduce(&s, &names));
                (s, set)
            })
            .collect()
    };
    let theirs = cut(other_body);
    cut(body)
        .into_iter()
        .filter_map(|(sentence, set)| {
            let (best, sim) = theirs
                .iter()
                .map(|(t, tset)| (t, similarity(&set, tset).0))
                .max_by(|a, b| a.1.total_cmp(&b.1))?;
            (sim >= 0.5).then(|| (sentence, best.clone(), sim))
        })
        .collect()
}
