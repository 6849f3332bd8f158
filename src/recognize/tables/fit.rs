//! Placing a row's printed values under its columns.
//!
//! A row's values arrive as tokens: numbers, marks (`/`, `—`), empty cells, perhaps spacer
//! cells and, in glued text, one run of digits. When the printed values are as many as the
//! columns, they go in order. When blanks leave fewer, the candidates are the windows of
//! consecutive cells that hold every printed value, and the placement under the header's
//! column positions; the row's own sum (总计 = the parts) removes candidates that cannot be.
//! One candidate left: placed. Several: the header's placement, unless the row's cells
//! drift (tab-separated text) and the sums speak against it; else nothing is placed, and
//! the caller warns. A wrong number is worse than a missing one.

use super::tokens::{Kind, Token};
use crate::numbers;

/// One placed value.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub value: Option<f64>,
    pub raw: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Fit {
    /// One value per column, in column order.
    Placed(Vec<Placed>),
    /// More than one placement fits.
    Ambiguous(usize),
    /// More values than columns.
    TooMany(usize),
    /// Fewer values than columns and no way to tell which are missing.
    TooFew(usize),
    /// Glued digits that no split makes consistent.
    NoSplit,
    /// Glued digits, this many, that split too many ways to try them all.
    TooLong(usize),
    /// Glued digits that several splits make consistent: the table's sums across rows may
    /// still decide.
    Splits(Vec<Vec<Placed>>),
}

/// At most this many splits of one glued row are kept for the cross-row sums to decide.
const MAX_SPLITS: usize = 32;

/// At most this many steps of the search for a glued row's splits. The ways to split a
/// run grow exponentially with its length: the runs a row prints take a few thousand
/// steps, and a run of sixty digits would take hours.
const MAX_SEARCH_STEPS: usize = 200_000;

/// A row's arithmetic: whether candidate values can stand. Blank is `None`.
pub type RowRule<'a> = &'a dyn Fn(&[Option<f64>]) -> bool;

/// The template's sums over a row: in each group of `group` columns the last is the
/// group's total (总计 = the parts). A group of 0: the row has no sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sums {
    pub group: usize,
}

impl Sums {
    /// Whether the values can stand: every total printed equals its parts (a blank part
    /// counts 0; a blank total says nothing).
    pub fn hold(self, values: &[Option<f64>]) -> bool {
        self.totals(values).all(|(parts, total)| match total {
            Some(total) => (parts - total).abs() < 1e-6,
            None => true,
        })
    }

    /// The groups whose sums the values confirm, a bit each (group `i`: bit `i`): the total
    /// printed, not zero, and equal to its parts. Zeros add up in any order, and a blank
    /// total adds up to anything; a total of 5 after parts of 3 and 2 is unlikely by chance.
    pub fn confirmed(self, values: &[Option<f64>]) -> u64 {
        self.groups(values, |parts, total| {
            total.is_some_and(|total| total != 0.0 && (parts - total).abs() < 1e-6)
        })
    }

    /// The groups whose total is blank, a bit each: their sums are unchecked.
    pub fn unchecked(self, values: &[Option<f64>]) -> u64 {
        self.groups(values, |_, total| total.is_none())
    }

    /// The groups (at most 64; a row has at most 15 columns) for which `test` holds.
    fn groups(self, values: &[Option<f64>], test: impl Fn(f64, Option<f64>) -> bool) -> u64 {
        self.totals(values)
            .take(64)
            .enumerate()
            .filter(|(_, (parts, total))| test(*parts, *total))
            .fold(0, |bits, (i, _)| bits | 1 << i)
    }

    /// Each whole group's sum of parts and its total.
    fn totals<'v>(
        self,
        values: &'v [Option<f64>],
    ) -> impl Iterator<Item = (f64, Option<f64>)> + 'v {
        let group = self.group;
        values
            .chunks(group.max(1))
            .filter(move |chunk| group > 0 && chunk.len() == group)
            .filter_map(|chunk| chunk.split_last())
            .map(|(total, parts)| (parts.iter().map(|v| v.unwrap_or(0.0)).sum(), *total))
    }
}

/// Where a row's columns sit across the page, as far as the table has shown it.
#[derive(Debug, Clone, Default)]
pub struct Columns<'a> {
    /// Each column's header position, where the header printed one for every column.
    pub header: Option<&'a [f32]>,
    /// In aligned text, where each column's header starts, where all were printed.
    pub header_starts: Option<&'a [f32]>,
    /// In aligned text, each column's lanes: the extents of its values in rows printed in
    /// full.
    pub lanes: &'a [Vec<(f32, f32)>],
    /// Which columns hold counts (whole, unsigned numbers), where known.
    pub whole: &'a [bool],
}

/// Place `values` (a row's value tokens, in print order) into `ncols` columns.
pub fn fit(values: &[Token], ncols: usize, columns: &Columns, sums: Sums) -> Fit {
    let rule = |values: &[Option<f64>]| sums.hold(values);
    let printed: Vec<&Token> = values.iter().filter(|t| t.kind != Kind::Empty).collect();
    if let [only] = printed.as_slice()
        && only.glued
        && ncols > 1
        && numbers::strip_unit(&only.text).0.len() >= ncols
    {
        return split_glued(only, ncols, columns.whole, &rule);
    }
    // A row printed all blank is blank wherever its cells sit; each blank cell printed on
    // its own line (one cell per line) keeps that line.
    if printed.is_empty() && values.len() >= ncols {
        if values.len() == ncols {
            return Fit::Placed(values.iter().map(placed).collect());
        }
        let line = values[0].line;
        return Fit::Placed(
            (0..ncols)
                .map(|_| Placed {
                    value: None,
                    raw: String::new(),
                    line,
                })
                .collect(),
        );
    }
    if printed.iter().any(|t| t.kind == Kind::Run) {
        return Fit::NoSplit;
    }
    if printed.len() == ncols {
        return Fit::Placed(printed.iter().map(|t| placed(t)).collect());
    }
    // Exactly as many cells as columns after the label, blanks included: the row itself
    // says where each value sits, whatever the header's cells (whose label columns may
    // span differently) suggest.
    let numbers_of = |ts: &[Token]| -> Vec<Option<f64>> { ts.iter().map(number).collect() };
    if values.len() == ncols && rule(&numbers_of(values)) {
        return Fit::Placed(values.iter().map(placed).collect());
    }
    if printed.len() > ncols {
        return Fit::TooMany(printed.len());
    }

    let mut candidates: Vec<Vec<Option<usize>>> = Vec::new();
    let first = values.iter().position(|t| t.kind != Kind::Empty);
    let last = values.iter().rposition(|t| t.kind != Kind::Empty);
    if values.len() >= ncols {
        for start in 0..=values.len() - ncols {
            let covers = match (first, last) {
                (Some(f), Some(l)) => start <= f && l < start + ncols,
                _ => true,
            };
            if covers {
                candidates.push((start..start + ncols).map(Some).collect());
            }
        }
    }
    // The placement under the header, as a window when one puts the printed values in the
    // same columns (a window also keeps the lines of the empty cells it covers).
    let printed_only = |cand: &Vec<Option<usize>>| -> Vec<Option<usize>> {
        cand.iter()
            .map(|i| i.filter(|&i| values[i].kind != Kind::Empty))
            .collect()
    };
    let under_columns = by_lanes(values, columns.lanes)
        .or_else(|| columns.header_starts.and_then(|h| by_territory(values, h)))
        .or_else(|| columns.header.and_then(|h| by_position(values, h)));
    let positional =
        under_columns.map(|p| match candidates.iter().find(|c| printed_only(c) == p) {
            Some(window) => window.clone(),
            None => {
                candidates.push(p.clone());
                p
            }
        });
    let numbers = |cand: &Vec<Option<usize>>| -> Vec<Option<f64>> {
        cand.iter()
            .map(|i| i.and_then(|i| number(&values[i])))
            .collect()
    };
    candidates.retain(|c| rule(&numbers(c)));
    let chosen = match candidates.len() {
        0 => return Fit::TooFew(printed.len()),
        1 => candidates.pop(),
        n => match positional {
            // The header's positions choose among the placements the sums allow. Where
            // the cells drift (tab-separated text), not against the sums: if they leave a
            // group's sum unchecked that another placement confirms, the row may be either
            // (3, 0, 0, 0, 2, 5 and an empty cell: 3 to 2 with their total 5, or a 5 under
            // 其他 and no total).
            Some(p)
                if candidates.contains(&p)
                    && (!printed.iter().any(|t| t.drifts) || {
                        let unchecked = sums.unchecked(&numbers(&p));
                        !candidates
                            .iter()
                            .any(|c| sums.confirmed(&numbers(c)) & unchecked != 0)
                    }) =>
            {
                Some(p)
            }
            // Candidates that place the same numbers differ only in where the blanks sit;
            // still not the same cells, so still ambiguous.
            _ => return Fit::Ambiguous(n),
        },
    };
    let line = printed.first().map_or(0, |t| t.line);
    Fit::Placed(
        chosen
            .unwrap_or_default()
            .into_iter()
            .map(|i| match i {
                Some(i) => placed(&values[i]),
                None => Placed {
                    value: None,
                    raw: String::new(),
                    line,
                },
            })
            .collect(),
    )
}

fn number(t: &Token) -> Option<f64> {
    match t.kind {
        Kind::Number(v) => Some(v),
        _ => None,
    }
}

fn placed(t: &Token) -> Placed {
    Placed {
        value: number(t),
        raw: t.text.clone(),
        line: t.line,
    }
}

/// The printed values in their columns' lanes: each value overlaps the span of exactly one
/// column (the hull of its lanes, a display column wider each side for the drift of
/// extracted text), and the columns run left to right. `None` when a value has no extent,
/// or overlaps no column or several.
fn by_lanes(values: &[Token], lanes: &[Vec<(f32, f32)>]) -> Option<Vec<Option<usize>>> {
    const DRIFT: f32 = 1.0;
    let spans: Vec<(f32, f32)> = lanes
        .iter()
        .map(|l| {
            l.iter()
                .copied()
                .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))
                .map(|(a, b)| (a - DRIFT, b + DRIFT))
        })
        .collect::<Option<_>>()?;
    place_by_extent(values, spans.len(), |(a, b)| {
        let mut hits = (0..spans.len()).filter(|&j| a < spans[j].1 && spans[j].0 < b);
        match (hits.next(), hits.next()) {
            (Some(j), None) => Some(j),
            _ => None,
        }
    })
}

/// The printed values under the header's columns in aligned text. A column's territory runs
/// from where its header starts to where the next one starts: numbers centred or
/// right-aligned in their cells, under headers centred or left-aligned, have their centre
/// there. `None` when a value has no extent or the headers do not run left to right.
fn by_territory(values: &[Token], starts: &[f32]) -> Option<Vec<Option<usize>>> {
    if starts.windows(2).any(|w| w[0] >= w[1]) {
        return None;
    }
    place_by_extent(values, starts.len(), |(a, b)| {
        let centre = (a + b) / 2.0;
        starts.iter().rposition(|&s| s <= centre)
    })
}

/// Each printed value in the column `column_of` its extent names, left to right, one
/// value a column, all from one line (a continuation line sits on another line's grid).
fn place_by_extent(
    values: &[Token],
    ncols: usize,
    column_of: impl Fn((f32, f32)) -> Option<usize>,
) -> Option<Vec<Option<usize>>> {
    let mut slots = vec![None; ncols];
    let mut line = None;
    let mut next = 0;
    for (i, v) in values.iter().enumerate() {
        if v.kind == Kind::Empty {
            continue;
        }
        if *line.get_or_insert(v.line) != v.line {
            return None;
        }
        let j = column_of(v.extent?)?;
        if j < next {
            return None;
        }
        slots[j] = Some(i);
        next = j + 1;
    }
    line.map(|_| slots)
}

/// The printed values under the header's columns: the left-to-right assignment of values
/// to distinct columns that keeps them closest to the header positions (columns may be
/// left-aligned, centred or right-aligned, so no single distance is exact). `None` when a
/// value has no position, when two assignments fit equally well, or when a value lands
/// nowhere near its column. The header positions must run left to right.
fn by_position(values: &[Token], header: &[f32]) -> Option<Vec<Option<usize>>> {
    if header.windows(2).any(|w| w[0] >= w[1]) {
        return None;
    }
    let printed: Vec<usize> = (0..values.len())
        .filter(|&i| values[i].kind != Kind::Empty)
        .collect();
    let line = values[*printed.first()?].line;
    let mut xs = Vec::with_capacity(printed.len());
    for &i in &printed {
        // Values from a continuation line carry positions of another line.
        if values[i].line != line {
            return None;
        }
        xs.push(values[i].pos?);
    }
    let (n, m) = (xs.len(), header.len());
    if n > m {
        return None;
    }
    // cost[i][j]: best total distance placing values i.. into columns j..; ties tracked.
    let inf = f32::INFINITY;
    let mut cost = vec![vec![inf; m + 1]; n + 1];
    let mut tied = vec![vec![false; m + 1]; n + 1];
    cost[n].fill(0.0);
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let take = (xs[i] - header[j]).abs() + cost[i + 1][j + 1];
            let skip = cost[i][j + 1];
            cost[i][j] = take.min(skip);
            tied[i][j] = (take - skip).abs() < 1e-3 && take.is_finite()
                || (take <= skip && tied[i + 1][j + 1])
                || (skip < take && tied[i][j + 1]);
        }
    }
    if !cost[0][0].is_finite() || tied[0][0] {
        return None;
    }
    let min_gap = header
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(f32::INFINITY, f32::min);
    let limit = if min_gap.is_finite() {
        min_gap * 0.75
    } else {
        0.5
    };
    let mut slots: Vec<Option<usize>> = vec![None; m];
    let (mut i, mut j) = (0, 0);
    while i < n {
        let take = (xs[i] - header[j]).abs() + cost[i + 1][j + 1];
        if take <= cost[i][j + 1] {
            if (xs[i] - header[j]).abs() >= limit {
                return None;
            }
            slots[j] = Some(printed[i]);
            i += 1;
        }
        j += 1;
    }
    Some(slots)
}

/// Split a run of digits into `ncols` numbers (no leading zeros but a lone 0) that the
/// row's arithmetic accepts; placed only when exactly one split does. A column that holds a
/// count (`whole`) takes only a whole, unsigned number: 政府集中采购3.25 is not 3.2 items.
fn split_glued(token: &Token, ncols: usize, whole: &[bool], rule: RowRule) -> Fit {
    // A unit printed after the run belongs to its last number (政府集中采购48元: 4, 8元).
    let (run, unit) = numbers::strip_unit(&token.text);
    // No row's numbers run this long; the search would only spend time.
    if run.len() > ncols * MAX_DIGITS_PER_CELL {
        return Fit::TooLong(run.len());
    }
    let mut search = Splits {
        digits: run.as_bytes(),
        ncols,
        whole,
        rule,
        cuts: Vec::with_capacity(ncols),
        found: Vec::new(),
        steps: 0,
    };
    search.from(0);
    if search.steps > MAX_SEARCH_STEPS {
        return Fit::TooLong(run.len());
    }
    let placed = |ends: &Vec<usize>| -> Vec<Placed> {
        let mut start = 0;
        ends.iter()
            .map(|&end| {
                let number = &run[start..end];
                let suffix = if end == run.len() { unit } else { "" };
                start = end;
                Placed {
                    value: number.parse::<f64>().ok(),
                    raw: format!("{number}{suffix}"),
                    line: token.line,
                }
            })
            .collect()
    };
    match search.found.len() {
        0 => Fit::NoSplit,
        1 => Fit::Placed(placed(&search.found[0])),
        n if n > MAX_SPLITS => Fit::Ambiguous(n),
        _ => Fit::Splits(search.found.iter().map(placed).collect()),
    }
}

/// The longest number a cell of a glued run may hold, in characters.
const MAX_DIGITS_PER_CELL: usize = 12;

/// Depth-first over the split points of a glued run; stops once there are more splits than
/// are kept, or the steps run out.
struct Splits<'a> {
    digits: &'a [u8],
    ncols: usize,
    whole: &'a [bool],
    rule: RowRule<'a>,
    /// Where each number placed so far ends.
    cuts: Vec<usize>,
    found: Vec<Vec<usize>>,
    steps: usize,
}

impl Splits<'_> {
    fn from(&mut self, start: usize) {
        self.steps += 1;
        if self.found.len() > MAX_SPLITS || self.steps > MAX_SEARCH_STEPS {
            return;
        }
        let (digits, col) = (self.digits, self.cuts.len());
        let left = self.ncols - col;
        let remaining = digits.len() - start;
        if left == 0 {
            if remaining == 0 {
                let mut prev = 0;
                let values: Vec<Option<f64>> = self
                    .cuts
                    .iter()
                    .map(|&end| {
                        let v = std::str::from_utf8(&digits[prev..end])
                            .ok()
                            .and_then(|s| s.parse().ok());
                        prev = end;
                        v
                    })
                    .collect();
                if (self.rule)(&values) {
                    self.found.push(self.cuts.clone());
                }
            }
            return;
        }
        if remaining < left {
            return;
        }
        // Each piece a well-formed number; it ends before the next minus sign.
        let body = start + usize::from(digits[start] == b'-');
        let next_sign = digits[body.min(digits.len())..]
            .iter()
            .position(|&b| b == b'-')
            .map_or(digits.len(), |p| body + p);
        let last_end = next_sign.min(digits.len() - (left - 1));
        let whole = self.whole.get(col).copied().unwrap_or(false);
        for end in body + 1..=last_end {
            let piece = &digits[start..end];
            let a_count = !piece.contains(&b'.') && !piece.contains(&b'-');
            if numbers::well_formed_in_run(piece) && (a_count || !whole) {
                self.cuts.push(end);
                self.from(end);
                self.cuts.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row without a sum.
    const NO_SUMS: Sums = Sums { group: 0 };

    fn tok(text: &str, pos: Option<f32>) -> Token {
        let kind = if text.is_empty() {
            Kind::Empty
        } else {
            match crate::numbers::classify(text) {
                crate::numbers::CellText::Number(v) => Kind::Number(v),
                crate::numbers::CellText::Blank => Kind::Mark,
                crate::numbers::CellText::Text => Kind::Label,
            }
        };
        Token {
            text: text.to_string(),
            kind,
            line: 1,
            pos,
            extent: None,
            glued: false,
            drifts: false,
        }
    }

    /// Cells between tabs at positions 1, 2, …: they drift.
    fn drifting(cells: &[&str]) -> Vec<Token> {
        cells
            .iter()
            .enumerate()
            .map(|(i, t)| Token {
                drifts: true,
                ..tok(t, Some(i as f32 + 1.0))
            })
            .collect()
    }

    /// The same cells in a grid, whose positions are exact.
    fn in_a_grid(toks: &[Token]) -> Vec<Token> {
        toks.iter()
            .map(|t| Token {
                drifts: false,
                ..t.clone()
            })
            .collect()
    }

    fn values(fit: Fit) -> Vec<Option<f64>> {
        match fit {
            Fit::Placed(p) => p.into_iter().map(|p| p.value).collect(),
            other => panic!("not placed: {other:?}"),
        }
    }

    #[test]
    fn printed_values_equal_to_columns_go_in_order() {
        let toks: Vec<_> = ["", "3", "1", "0", "0", "0", "0", "4", ""]
            .iter()
            .map(|t| tok(t, None))
            .collect();
        let sums = Sums { group: 7 };
        let got = values(fit(&toks, 7, &Columns::default(), sums));
        assert_eq!(
            got,
            vec![
                Some(3.0),
                Some(1.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(4.0)
            ]
        );
    }

    #[test]
    fn a_blank_total_is_placed_by_the_rows_sum_or_the_header() {
        // label at 0, spacer at 1, six values at 2..=7, blank total at 8, trailing cell 9.
        let row = |cells: [&str; 9]| -> Vec<Token> {
            cells
                .iter()
                .enumerate()
                .map(|(i, t)| tok(t, Some(i as f32 + 1.0)))
                .collect()
        };
        let sums = Sums { group: 7 };
        // Shifted one left, 2 would be the total of 5+1: the sum rules that out.
        let toks = row(["", "5", "1", "0", "0", "0", "2", "", ""]);
        let got = values(fit(&toks, 7, &Columns::default(), sums));
        assert_eq!(
            got,
            vec![
                Some(5.0),
                Some(1.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(2.0),
                None
            ]
        );
        // All zeros fit either way: only the header's positions can say.
        let toks = row(["", "0", "0", "0", "0", "0", "0", "", ""]);
        assert_eq!(fit(&toks, 7, &Columns::default(), sums), Fit::Ambiguous(2));
        let header: Vec<f32> = (2..=8).map(|c| c as f32).collect();
        let got = values(fit(
            &toks,
            7,
            &Columns {
                header: Some(&header),
                ..Columns::default()
            },
            sums,
        ));
        assert_eq!(
            got,
            vec![
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                None
            ]
        );
    }

    #[test]
    fn drifting_cells_yield_to_the_sums_where_the_header_leaves_them_unchecked() {
        // Cells between tabs at 1..=8, the header's columns at 2..=7 and 9 (总计 drifted).
        let header = [2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 9.0];
        let columns = Columns {
            header: Some(&header),
            ..Columns::default()
        };
        let sums = Sums { group: 7 };
        // Under the header: 5 under 其他 and no total. Shifted right: 3 to 2 with their
        // total 5, which the sum confirms. Not stored either way.
        let toks = drifting(&["", "3", "0", "0", "0", "2", "5", ""]);
        assert_eq!(fit(&toks, 7, &columns, sums), Fit::Ambiguous(2));
        // In a grid, whose cells do not drift, the header decides; so it does without
        // the sum (no total column).
        assert_eq!(
            fit(&in_a_grid(&toks), 7, &columns, sums),
            fit(&toks, 7, &columns, NO_SUMS)
        );
        assert_eq!(
            values(fit(&toks, 7, &columns, NO_SUMS)),
            vec![
                Some(3.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(2.0),
                Some(5.0),
                None
            ]
        );
    }

    #[test]
    fn drifting_cells_yield_group_by_group() {
        // Two groups of three (as table 3's wide row has three of five): the first all
        // zeros either way, the second 1 and 1 with no total under the header, or 1 the
        // total of 0 and 1 shifted right. Zeros confirm nothing, but the second group's
        // sum is enough to make the row ambiguous.
        let toks = drifting(&["", "0", "0", "0", "1", "1", ""]);
        let header = [2.0, 3.0, 4.0, 5.0, 6.0, 8.0];
        let columns = Columns {
            header: Some(&header),
            ..Columns::default()
        };
        let sums = Sums { group: 3 };
        assert_eq!(fit(&toks, 6, &columns, sums), Fit::Ambiguous(2));
        assert_eq!(
            values(fit(&in_a_grid(&toks), 6, &columns, sums)),
            vec![Some(0.0), Some(0.0), Some(0.0), Some(1.0), Some(1.0), None]
        );
    }

    #[test]
    fn sums_hold_where_a_total_is_printed_and_confirm_a_group_with_a_nonzero_total() {
        let sums = Sums { group: 3 };
        let (one, two, three, zero) = (Some(1.0), Some(2.0), Some(3.0), Some(0.0));
        assert!(sums.hold(&[one, two, three]));
        assert!(!sums.hold(&[one, two, two]));
        assert!(sums.hold(&[one, two, None]));
        assert!(sums.hold(&[None, two, two]));
        assert_eq!(sums.confirmed(&[one, two, three]), 1);
        assert_eq!(sums.confirmed(&[None, three, three]), 1);
        assert_eq!(sums.confirmed(&[one, two, None]), 0);
        assert_eq!(sums.unchecked(&[one, two, None]), 1);
        assert_eq!(sums.confirmed(&[zero, zero, zero]), 0);
        assert_eq!(sums.unchecked(&[zero, zero, zero]), 0);
        assert_eq!(sums.confirmed(&[one, two, two]), 0);
        // Each group on its own: the first confirmed, the second's total blank.
        assert!(sums.hold(&[one, two, three, one, one, None]));
        assert_eq!(sums.confirmed(&[one, two, three, one, one, None]), 0b01);
        assert_eq!(sums.unchecked(&[one, two, three, one, one, None]), 0b10);
        // Fewer values than a group: no group.
        assert_eq!(sums.confirmed(&[one, one]), 0);
        assert_eq!(sums.unchecked(&[one, None]), 0);
        // No sum: everything holds, nothing confirms.
        assert!(NO_SUMS.hold(&[one, two, two]));
        assert_eq!(NO_SUMS.confirmed(&[one, two, three]), 0);
        assert_eq!(NO_SUMS.unchecked(&[one, None]), 0);
    }

    #[test]
    fn glued_digits_split_only_when_the_sum_makes_it_unique() {
        let mut t = tok("21710000218", None);
        t.glued = true;
        let sums = Sums { group: 7 };
        assert_eq!(
            values(fit(&[t], 7, &Columns::default(), sums)),
            vec![
                Some(217.0),
                Some(1.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(0.0),
                Some(218.0)
            ]
        );
        let mut t = tok("898989", None);
        t.glued = true;
        match fit(&[t], 3, &Columns::default(), NO_SUMS) {
            Fit::Splits(splits) => assert_eq!(splits.len(), 10),
            other => panic!("{other:?}"),
        }
        let mut t = tok("000", None);
        t.glued = true;
        assert_eq!(
            values(fit(&[t], 3, &Columns::default(), NO_SUMS)),
            vec![Some(0.0); 3]
        );
    }

    #[test]
    fn a_glued_run_too_long_to_split_is_refused_quickly() {
        // Found by fuzzing: sixty digits in seven numbers none of whose splits add up is
        // 3 × 10^8 splits to try.
        let mut t = tok(&"4".repeat(60), None);
        t.glued = true;
        let never = |_: &[Option<f64>]| false;
        assert_eq!(split_glued(&t, 7, &[], &never), Fit::TooLong(60));
    }

    #[test]
    fn glued_signs_fractions_and_units() {
        let raws = |token: &str, ncols: usize| -> Vec<String> {
            let mut t = tok(token, None);
            t.glued = true;
            match fit(&[t], ncols, &Columns::default(), NO_SUMS) {
                Fit::Placed(p) => p.into_iter().map(|p| p.raw).collect(),
                other => panic!("{token}: {other:?}"),
            }
        };
        // A minus sign starts a number; a fraction cannot start or end a piece.
        assert_eq!(raws("3-37", 3), ["3", "-3", "7"]);
        assert_eq!(raws("96.4", 2), ["9", "6.4"]);
        assert_eq!(raws("48元", 2), ["4", "8元"]);
        // One column: the run is one number.
        assert_eq!(raws("3.25", 1), ["3.25"]);
        // A count takes no fraction: 3.25 under 采购项目数量, 采购总金额 is not 3.2 and 5.
        let mut t = tok("3.25", None);
        t.glued = true;
        let counts = Columns {
            whole: &[true, false],
            ..Columns::default()
        };
        assert_eq!(fit(&[t], 2, &counts, NO_SUMS), Fit::NoSplit);
        // A run longer than any row's numbers is not searched.
        let mut t = tok(&"1".repeat(100), None);
        t.glued = true;
        assert_eq!(
            fit(&[t], 7, &Columns::default(), NO_SUMS),
            Fit::TooLong(100)
        );
    }
}
