//! From a page's glyphs and rules to what a reader of the page sees: ruled tables as cells
//! (a cell is the area its ruling lines enclose, however many lines its text wraps over),
//! and the rest as lines of text in reading order, laid out with their columns as
//! `pdftotext -layout` lays them out, for the text-layout table readers.
//!
//! A table is a set of rules that touch each other, with at least two of each direction.
//! Its column and row boundaries are the positions of its vertical and horizontal rules;
//! the slots between them join into one cell wherever no rule separates them, which gives
//! the spans. A table broken over a page is joined with its continuation by
//! [`join_pages`]; page numbers printed above or below the body are dropped.

use std::sync::LazyLock;

use regex::Regex;

use super::content::{Glyph, Page, Rule};

/// A ruled table on one page: cells by slot, with their boundaries.
#[derive(Debug, Clone, PartialEq)]
pub struct TablePart {
    /// Column boundaries (x, left to right) and row boundaries (y, top to bottom).
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    pub cells: Vec<Cell>,
}

/// A cell of a table: the slots it covers, `[r0, r1)` rows and `[c0, c1)` columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub r0: usize,
    pub r1: usize,
    pub c0: usize,
    pub c1: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Line(String),
    Table(TablePart),
}

/// How far apart two rule positions may be and still be one boundary (points): a
/// rule's own width, and the slack of exporters that draw a cell's border per cell.
const SNAP: f64 = 2.0;

/// The page's items top to bottom, page numbers left out.
pub fn page_items(page: &Page) -> Vec<Item> {
    let tables = find_tables(&page.rules);
    let mut placed: Vec<Vec<&Glyph>> = vec![Vec::new(); tables.len()];
    let mut loose: Vec<&Glyph> = Vec::new();
    for g in &page.glyphs {
        let (cx, cy) = (g.cx(), g.cy());
        match tables.iter().position(|t| {
            cx > t.xs[0] && cx < t.xs[t.xs.len() - 1] && cy > t.ys[0] && cy < t.ys[t.ys.len() - 1]
        }) {
            Some(i) => placed[i].push(g),
            None => loose.push(g),
        }
    }
    let mut items: Vec<(f64, Item)> = Vec::new();
    for (mut table, glyphs) in tables.into_iter().zip(placed) {
        if glyphs.is_empty() {
            continue;
        }
        fill(&mut table, &glyphs);
        items.push((table.ys[0], Item::Table(table)));
    }
    let lines = text_lines(&loose);
    let unit = layout_unit(&page.glyphs);
    for line in &lines {
        items.push((line[0].top, Item::Line(laid_out(line, unit))));
    }
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut items: Vec<Item> = items.into_iter().map(|(_, i)| i).collect();
    // Page furniture: a page number first or last on the page.
    while let Some(Item::Line(l)) = items.last()
        && is_page_number(l)
    {
        items.pop();
    }
    while let Some(Item::Line(l)) = items.first()
        && is_page_number(l)
    {
        items.remove(0);
    }
    items
}

/// `-3-`, `— 5 —`, `第 3 页`, `第3页 共6页`, `3/12`, or a number alone.
fn is_page_number(text: &str) -> bool {
    static PAGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^\s*(?:[-—–－]+ *\d+ *[-—–－]+|第 *\d+ *页(?: *[，,/]? *共 *\d+ *页)?|\d+ */ *\d+|\d{1,3})\s*$",
        )
        .expect("valid regex")
    });
    PAGE.is_match(text)
}

/// Rules merged: those on one line (within [`SNAP`]) that overlap or touch become one.
fn merged(rules: impl Iterator<Item = Rule>) -> Vec<Rule> {
    let mut rules: Vec<Rule> = rules.filter(|r| r.to - r.from >= 3.0).collect();
    rules.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut out: Vec<Rule> = Vec::new();
    for r in rules {
        // Among the rules already out, one on the same line that reaches this one.
        if let Some(prev) = out
            .iter_mut()
            .rev()
            .take_while(|p| r.at - p.at <= SNAP)
            .find(|p| r.from <= p.to + SNAP && r.to >= p.from - SNAP)
        {
            prev.from = prev.from.min(r.from);
            prev.to = prev.to.max(r.to);
            continue;
        }
        out.push(r);
    }
    out
}

/// Positions within [`SNAP`] of each other as one (their mean), sorted.
fn clustered(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some((sum, n)) if v - *sum / *n as f64 <= SNAP => {
                *sum += v;
                *n += 1;
            }
            _ => out.push((v, 1)),
        }
    }
    out.into_iter().map(|(s, n)| s / n as f64).collect()
}

/// The most rules a page's table finding looks at: more is a drawing, not a table.
const MAX_RULES: usize = 4000;

/// The ruled tables of a page, cells without text yet.
fn find_tables(rules: &[Rule]) -> Vec<TablePart> {
    let h = merged(rules.iter().copied().filter(|r| r.horizontal));
    let v = merged(rules.iter().copied().filter(|r| !r.horizontal));
    if h.len() + v.len() > MAX_RULES || h.len() < 2 || v.len() < 2 {
        return Vec::new();
    }
    // Rules that cross or touch are one table.
    let all: Vec<Rule> = h.iter().chain(&v).copied().collect();
    let mut parent: Vec<usize> = (0..all.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (i, a) in h.iter().enumerate() {
        for (j, b) in v.iter().enumerate() {
            let touch = b.at >= a.from - SNAP
                && b.at <= a.to + SNAP
                && a.at >= b.from - SNAP
                && a.at <= b.to + SNAP;
            if touch {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, h.len() + j));
                parent[ri] = rj;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Rule>> = Default::default();
    for (i, r) in all.iter().enumerate() {
        let g = root(&mut parent, i);
        groups.entry(g).or_default().push(*r);
    }
    groups
        .into_values()
        .filter_map(|rules| table_of(&rules))
        .collect()
}

/// One table from its rules: boundaries, and cells where no rule parts the slots.
fn table_of(rules: &[Rule]) -> Option<TablePart> {
    let (h, v): (Vec<Rule>, Vec<Rule>) = rules.iter().partition(|r| r.horizontal);
    let xs = clustered(v.iter().map(|r| r.at).collect());
    let ys = clustered(h.iter().map(|r| r.at).collect());
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    if rows.saturating_mul(cols) > 100_000 {
        return None;
    }
    // A rule covers a stretch when it runs over its middle half.
    let covered = |rules: &[Rule], at: f64, from: f64, to: f64| {
        let (a, b) = (from + (to - from) * 0.25, to - (to - from) * 0.25);
        rules
            .iter()
            .any(|r| (r.at - at).abs() <= SNAP && r.from <= a + SNAP && r.to >= b - SNAP)
    };
    let slot = |r: usize, c: usize| r * cols + c;
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for r in 0..rows {
        for c in 0..cols {
            if c + 1 < cols && !covered(&v, xs[c + 1], ys[r], ys[r + 1]) {
                let (a, b) = (
                    root(&mut parent, slot(r, c)),
                    root(&mut parent, slot(r, c + 1)),
                );
                parent[a] = b;
            }
            if r + 1 < rows && !covered(&h, ys[r + 1], xs[c], xs[c + 1]) {
                let (a, b) = (
                    root(&mut parent, slot(r, c)),
                    root(&mut parent, slot(r + 1, c)),
                );
                parent[a] = b;
            }
        }
    }
    let mut cells: std::collections::BTreeMap<usize, Cell> = Default::default();
    for r in 0..rows {
        for c in 0..cols {
            let g = root(&mut parent, slot(r, c));
            let cell = cells.entry(g).or_insert(Cell {
                r0: r,
                r1: r + 1,
                c0: c,
                c1: c + 1,
                text: String::new(),
            });
            cell.r0 = cell.r0.min(r);
            cell.r1 = cell.r1.max(r + 1);
            cell.c0 = cell.c0.min(c);
            cell.c1 = cell.c1.max(c + 1);
        }
    }
    let mut cells: Vec<Cell> = cells.into_values().collect();
    cells.sort_by_key(|c| (c.r0, c.c0));
    Some(TablePart { xs, ys, cells })
}

/// Put each glyph in the cell its centre falls in, and write each cell's text.
fn fill(table: &mut TablePart, glyphs: &[&Glyph]) {
    let index = |bounds: &[f64], v: f64| bounds.partition_point(|b| *b < v).saturating_sub(1);
    let cols = table.xs.len() - 1;
    let mut owner = vec![usize::MAX; (table.ys.len() - 1) * cols];
    for (i, cell) in table.cells.iter().enumerate() {
        for r in cell.r0..cell.r1 {
            for c in cell.c0..cell.c1 {
                owner[r * cols + c] = i;
            }
        }
    }
    let mut by_cell: Vec<Vec<&Glyph>> = vec![Vec::new(); table.cells.len()];
    for g in glyphs {
        let r = index(&table.ys, g.cy()).min(table.ys.len() - 2);
        let c = index(&table.xs, g.cx()).min(cols - 1);
        if let Some(list) = by_cell.get_mut(owner[r * cols + c]) {
            list.push(g);
        }
    }
    for (cell, glyphs) in table.cells.iter_mut().zip(by_cell) {
        let lines = text_lines(&glyphs);
        cell.text = join_cell_lines(lines.iter().map(|l| line_text(l)).collect());
    }
}

/// A cell's lines as one text: wrapped text runs on (Chinese without a space, words with
/// one); two numbers on lines of their own stay apart, on lines of their own, for no
/// reader may take them for one.
fn join_cell_lines(lines: Vec<String>) -> String {
    crate::read::join_wrapped(lines.iter().map(String::as_str))
}

/// Glyphs grouped into lines (by vertical overlap), top to bottom, each left to right.
fn text_lines<'a>(glyphs: &[&'a Glyph]) -> Vec<Vec<&'a Glyph>> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| a.cy().total_cmp(&b.cy()));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    let mut current: Vec<&Glyph> = Vec::new();
    let (mut top, mut bottom) = (0.0f64, 0.0f64);
    for g in sorted {
        let overlap = bottom.min(g.bottom) - f64::max(top, g.top);
        let height = (g.bottom - g.top).min(bottom - top).max(0.1);
        if !current.is_empty() && overlap >= height * 0.5 {
            current.push(g);
            top = f64::min(top, g.top);
            bottom = f64::max(bottom, g.bottom);
        } else {
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            current.push(g);
            top = g.top;
            bottom = g.bottom;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        dedup_overprint(line);
    }
    lines
}

/// Bold faked by printing a glyph twice, a hair apart: one copy kept.
fn dedup_overprint(line: &mut Vec<&Glyph>) {
    line.dedup_by(|b, a| a.text == b.text && (a.x0 - b.x0).abs() < a.size.max(1.0) * 0.3);
}

fn is_wide(s: &str) -> bool {
    s.chars().next().is_some_and(|c| !c.is_ascii())
}

/// A line's text: glyphs in order, a space where the gap between them is a word's.
fn line_text(line: &[&Glyph]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in line {
        if let Some(p) = prev {
            // A raised or lowered digit in a smaller size (a footnote's mark) is no digit
            // of the number beside it: a line of its own, as a cell's lines are joined.
            let digits = p.text.ends_with(|c: char| c.is_ascii_digit())
                && g.text.starts_with(|c: char| c.is_ascii_digit());
            if digits && (p.size - g.size).abs() > p.size.max(g.size) * 0.2 {
                out.push('\n');
                out.push_str(&g.text);
                prev = Some(g);
                continue;
            }
            let gap = g.x0 - p.x1;
            let size = p.size.max(g.size).max(1.0);
            let wide = is_wide(&p.text) || is_wide(&g.text);
            if gap > size * if wide { 0.6 } else { 0.2 } {
                out.push(' ');
            }
        }
        out.push_str(&g.text);
        prev = Some(g);
    }
    out
}

/// The width of a layout column: half the page's commonest glyph size (a Chinese
/// character takes two columns, as aligned text prints it).
fn layout_unit(glyphs: &[Glyph]) -> f64 {
    let mut sizes: Vec<i64> = glyphs
        .iter()
        .map(|g| (g.size * 2.0).round() as i64)
        .collect();
    sizes.sort_unstable();
    let mut best = (0, 0usize);
    let mut i = 0;
    while i < sizes.len() {
        let j = sizes[i..].iter().take_while(|s| **s == sizes[i]).count();
        if j > best.1 {
            best = (sizes[i], j);
        }
        i += j;
    }
    (best.0 as f64 / 4.0).max(1.0)
}

/// The widest a laid-out line may be, in columns: a page is 100 or so.
const MAX_COLUMNS: usize = 1000;

/// A line laid out at its printed columns: each glyph at the column its left edge is at
/// (never overlapping the one before), gaps filled with spaces.
fn laid_out(line: &[&Glyph], unit: f64) -> String {
    let mut out = String::new();
    let mut col = 0usize;
    let mut prev: Option<&Glyph> = None;
    for g in line {
        // Columns beyond a page's width are no layout (a glyph placed far off the page).
        let target = ((g.x0 / unit).round().max(0.0) as usize).min(MAX_COLUMNS);
        let width = if is_wide(&g.text) { 2 } else { 1 };
        match prev {
            // Glyphs side by side stay together; a gap of a word or more is spaces.
            Some(p) if g.x0 - p.x1 <= p.size.max(g.size) * 0.35 => {}
            _ => {
                let pad = target.saturating_sub(col).max(usize::from(prev.is_some()));
                out.extend(std::iter::repeat_n(' ', pad));
                col += pad;
            }
        }
        out.push_str(&g.text);
        col += width * g.text.chars().count();
        prev = Some(g);
    }
    out
}

/// Pages' items as one sequence, a table broken over a page joined with its continuation:
/// the last item of a page and the first of the next, both tables, with the same outer
/// edges. A header row the continuation repeats is dropped, and a label cell the break
/// cut in two is one cell again.
pub fn join_pages(pages: Vec<Vec<Item>>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for page in pages {
        let mut items = page.into_iter();
        if let Some(Item::Table(first)) = items.as_slice().first().cloned()
            && let Some(Item::Table(prev)) = out.last_mut()
            && (prev.xs[0] - first.xs[0]).abs() <= 3.0 * SNAP
            && (prev.xs[prev.xs.len() - 1] - first.xs[first.xs.len() - 1]).abs() <= 3.0 * SNAP
        {
            items.next();
            append(prev, first);
        }
        out.extend(items);
    }
    out
}

/// Whether a cell's text opens a new row's label with an enumerator (`（四）`, `四、`,
/// `3.`, `2、`) rather than continuing one.
fn starts_item(text: &str) -> bool {
    crate::chinese::enumerator(crate::chinese::trim(text)).is_some()
}

/// Table `next` appended below `table`: columns united by position.
fn append(table: &mut TablePart, mut next: TablePart) {
    // Header rows the continuation repeats.
    let row_texts = |t: &TablePart, r: usize| -> Vec<String> {
        t.cells
            .iter()
            .filter(|c| c.r0 == r)
            .map(|c| c.text.clone())
            .collect()
    };
    let mut repeated = 0;
    while repeated + 1 < next.ys.len() - 1
        && !row_texts(&next, repeated).is_empty()
        && row_texts(&next, repeated) == row_texts(table, repeated)
        && next
            .cells
            .iter()
            .all(|c| c.r0 >= repeated || c.r1 <= repeated + 1)
    {
        repeated += 1;
    }
    if repeated > 0 {
        next.cells.retain(|c| c.r0 >= repeated);
        for c in &mut next.cells {
            c.r0 -= repeated;
            c.r1 -= repeated;
        }
        next.ys.drain(..repeated);
    }
    let xs = clustered(table.xs.iter().chain(&next.xs).copied().collect());
    let at = |x: f64| {
        xs.iter()
            .enumerate()
            .min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs()))
            .map_or(0, |(i, _)| i)
    };
    let remap = |t: &mut TablePart| {
        let old = t.xs.clone();
        for c in &mut t.cells {
            c.c0 = at(old[c.c0]);
            c.c1 = at(old[c.c1]).max(c.c0 + 1);
        }
    };
    remap(table);
    remap(&mut next);
    let offset = table.ys.len() - 1;
    let bottom_row = offset;
    // A row the break split: the next page's first row holds only the rest of its labels
    // (no number, no new item) under a row that has numbers.
    let first: Vec<&Cell> = next.cells.iter().filter(|c| c.r0 == 0).collect();
    let split_row = first.iter().any(|c| !c.text.is_empty())
        && first
            .iter()
            .all(|c| !looks_numeric(&c.text) && !starts_item(&c.text))
        && table
            .cells
            .iter()
            .any(|c| c.r1 == bottom_row && looks_numeric(&c.text));
    // A label cut by the break: the cell that ran to the bottom of the page and the one
    // at the top of the next, in the same columns, neither a number nor a new item; in a
    // split row every cell, else a cell spanning rows.
    for cell in next.cells.iter_mut().filter(|c| c.r0 == 0) {
        let above = table
            .cells
            .iter_mut()
            .find(|a| a.r1 == bottom_row && a.c0 == cell.c0 && a.c1 == cell.c1);
        if let Some(above) = above
            && !above.text.is_empty()
            && !cell.text.is_empty()
            && (split_row || above.r1 - above.r0 > 1 || cell.r1 - cell.r0 > 1)
            && !looks_numeric(&above.text)
            && !looks_numeric(&cell.text)
            && !starts_item(&cell.text)
        {
            above.text = crate::read::join_wrapped([above.text.as_str(), cell.text.as_str()]);
            cell.text.clear();
        }
    }
    let shift = table.ys[table.ys.len() - 1] - next.ys[0];
    for c in &mut next.cells {
        c.r0 += offset;
        c.r1 += offset;
    }
    table.cells.extend(next.cells);
    table
        .ys
        .extend(next.ys.iter().skip(1).map(|y| y + shift + 0.0));
    table.xs = xs;
}

fn looks_numeric(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || ".,-—/ \n".contains(c))
}

/// A table as rows of cells: each cell's text in its top-left slot, the slots it spans
/// empty, rows without text left out.
pub fn grid_rows(table: &TablePart) -> Vec<Vec<String>> {
    let (rows, cols) = (table.ys.len() - 1, table.xs.len() - 1);
    let mut grid = vec![vec![String::new(); cols]; rows];
    for c in &table.cells {
        if let Some(slot) = grid.get_mut(c.r0).and_then(|r| r.get_mut(c.c0))
            && slot.is_empty()
        {
            slot.clone_from(&c.text);
        }
    }
    grid.retain(|r| r.iter().any(|c| !c.is_empty()));
    // A column no row writes in is a sliver between two rules drawn a little apart.
    let used: Vec<bool> = (0..cols)
        .map(|c| grid.iter().any(|r| !r[c].is_empty()))
        .collect();
    for row in &mut grid {
        let mut c = 0;
        row.retain(|_| {
            c += 1;
            used[c - 1]
        });
    }
    grid
}
