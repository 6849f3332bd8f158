//! Turning a section's blocks into rows of cell tokens, whatever the layout: real grids,
//! tab-separated rows, one tab-prefixed cell per line with blank lines between rows, pipe
//! tables, columns aligned by runs of spaces, one cell per line, and text run together.
//!
//! Nothing here knows the template; [`super`] reads the tokens by their labels.

use std::sync::LazyLock;

use regex::Regex;

use crate::document::Block;
use crate::numbers::{self, CellText};

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Label,
    Number(f64),
    /// A cell mark standing for "nothing": `/`, `—`, `无`.
    Mark,
    /// An empty cell, as tab, pipe and grid layouts print them.
    Empty,
    /// Several numbers run together that cannot be read as one (`3-37`): only a split by
    /// the row's columns can read them.
    Run,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub text: String,
    pub kind: Kind,
    pub line: usize,
    /// Where the cell sits across the table: the cell index in delimited layouts, the
    /// display column of its centre in space-aligned text. `None` where the layout keeps
    /// no position.
    pub pos: Option<f32>,
    /// The display columns the cell covers, from its first to just after its last
    /// character, in space-aligned text: right- or left-aligned numbers share an edge with
    /// the other numbers of their column where their centres differ.
    pub extent: Option<(f32, f32)>,
    /// Digits printed with nothing between cells: the split is for the template's sums to
    /// decide.
    pub glued: bool,
    /// A cell between tabs on a line of text, whose position is a count of tabs: text taken
    /// from PDFs prints a merged cell as fewer fields and pads rows with empty ones, so a
    /// row's cells may sit a field off the header's (seed 004).
    pub drifts: bool,
}

/// One row as the source delimits it: a line, a grid row, or (tab-prefixed cells) a group of
/// lines between blank lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceRow {
    pub tokens: Vec<Token>,
}

/// Image references (`[image: 1]`) in the blocks.
pub fn image_refs(blocks: &[Block]) -> Vec<String> {
    static IMAGE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[image:\s*([^\]]*)\]").expect("valid regex"));
    blocks
        .iter()
        .filter_map(Block::as_line)
        .flat_map(|l| IMAGE.captures_iter(&l.text))
        .map(|c| c[1].trim().to_string())
        .collect()
}

/// Page furniture inside a table broken across pages: `- 3 -`, `第 3 页`, `— 5 —`, `3/12`.
/// A dash on one side only (`-4`) is a negative number (2019's 本年增/减), not a page, and
/// cells apart (`—⇥0⇥—`) are cells, not one page number.
pub fn is_page_number(text: &str) -> bool {
    static PAGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^[ \u{3000}]*(?:[-—–－]+ *\d+ *[-—–－]+|第 *\d+ *页(?: *[，,/]? *共 *\d+ *页)?|\d+ */ *\d+)[ \u{3000}]*$",
        )
        .expect("valid regex")
    });
    PAGE.is_match(text)
}

/// What the caller, who knows the template, tells about label text.
pub struct LabelSense<'a> {
    /// Whether a label may carry digits run into it (`规范性文件898989`).
    pub glue_label: &'a dyn Fn(&str) -> bool,
    /// Where row labels begin in the text between two runs of digits of running text
    /// (`…现行有效件数规章`, `2.申请人逾期…申请3.其他（七）总计`): byte offsets, ascending,
    /// each at the label's enumerator if it has one; none when no row's label ends the text.
    pub label_cuts: &'a dyn Fn(&str) -> Vec<usize>,
}

/// Rows of tokens for a table's section.
pub fn source_rows(blocks: &[Block], sense: &LabelSense) -> Vec<SourceRow> {
    let glue_label = sense.glue_label;
    let tab_cells = is_tab_cell_layout(blocks);
    let cell_lines = !tab_cells && is_cell_line_layout(blocks);
    let mut rows = Vec::new();
    let mut group = SourceRow::default();
    for block in blocks {
        match block {
            Block::Grid(grid) => {
                flush(&mut rows, &mut group);
                for row in &grid.rows {
                    let tokens = row
                        .cells
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let mut t = token(c, row.line, Some(i as f32), false);
                            // Numbers on lines of their own in one cell: no one number.
                            if c.split('\n')
                                .filter(|p| numbers::parse_number(p).is_some())
                                .count()
                                > 1
                            {
                                t.kind = Kind::Run;
                            }
                            t
                        })
                        .collect();
                    rows.push(SourceRow { tokens });
                }
            }
            Block::Line(line) => {
                let text = line.text.as_str();
                if is_page_number(text) || text.contains("[image:") {
                    continue;
                }
                if tab_cells {
                    // A line holding only a tab is an empty cell; a blank line ends a row.
                    if !text.contains('\t') && text.trim().is_empty() {
                        flush(&mut rows, &mut group);
                    } else if let Some(cell) = text.strip_prefix('\t') {
                        let pos = group.tokens.len() as f32;
                        group.tokens.push(token(cell, line.no, Some(pos), false));
                    } else {
                        flush(&mut rows, &mut group);
                        rows.push(line_row(text, line.no, glue_label));
                    }
                    continue;
                }
                if text.trim().is_empty() {
                    // Text copied from a web page, one cell a line, prints a blank cell as
                    // a line of spaces or no-break spaces: a cell, not a paragraph break.
                    if cell_lines && !text.is_empty() {
                        rows.push(SourceRow {
                            tokens: vec![token("", line.no, None, false)],
                        });
                    }
                    continue;
                }
                if let Some(row) = running_row(text, line.no, sense) {
                    rows.push(row);
                    continue;
                }
                rows.push(line_row(text, line.no, glue_label));
            }
        }
    }
    flush(&mut rows, &mut group);
    rows
}

fn flush(rows: &mut Vec<SourceRow>, group: &mut SourceRow) {
    if !group.tokens.is_empty() {
        rows.push(std::mem::take(group));
    }
}

/// One cell per tab-prefixed line, rows between blank lines (as some Word exports print):
/// most lines that hold a tab hold exactly one, at the start.
fn is_tab_cell_layout(blocks: &[Block]) -> bool {
    let (mut single, mut other) = (0usize, 0usize);
    for line in blocks.iter().filter_map(Block::as_line) {
        if !line.text.contains('\t') {
            continue;
        }
        if line.text.starts_with('\t') && line.text[1..].find('\t').is_none() {
            single += 1;
        } else {
            other += 1;
        }
    }
    single >= 4 && single >= other * 4
}

/// One cell a line, with no tabs or pipes, as text copied from a web page's table prints:
/// most lines that hold text hold one cell, and some lines hold only spaces or no-break
/// spaces (its blank cells).
fn is_cell_line_layout(blocks: &[Block]) -> bool {
    let (mut single, mut other, mut spaces) = (0usize, 0usize, 0usize);
    for line in blocks.iter().filter_map(Block::as_line) {
        let text = line.text.as_str();
        if text.trim().is_empty() {
            spaces += usize::from(!text.is_empty());
        } else if text.contains(['\t', '|']) || space_split(text).len() > 1 {
            other += 1;
        } else {
            single += 1;
        }
    }
    spaces > 0 && single >= 8 && single >= other * 4
}

/// Tokens of one line in a row-per-line layout.
fn line_row(text: &str, line_no: usize, glue_label: &dyn Fn(&str) -> bool) -> SourceRow {
    let tokens = if text.contains('\t') {
        text.split('\t')
            .enumerate()
            .map(|(i, c)| Token {
                drifts: true,
                ..token(c, line_no, Some(i as f32), false)
            })
            .collect()
    } else if let Some(cells) = pipe_cells(text) {
        if is_rule_row(&cells) {
            Vec::new()
        } else {
            cells
                .iter()
                .enumerate()
                .map(|(i, c)| token(c, line_no, Some(i as f32), false))
                .collect()
        }
    } else {
        let pieces = space_split(text);
        if pieces.len() > 1 {
            pieces
                .into_iter()
                .map(|(start, end, c)| Token {
                    extent: Some((start, end)),
                    ..token(c, line_no, Some((start + end) / 2.0), false)
                })
                .collect()
        } else {
            glued_line(text.trim(), line_no, glue_label)
        }
    };
    SourceRow { tokens }
}

/// A line with no delimiters: one cell, or a label with the row's digits run into it.
fn glued_line(text: &str, line_no: usize, glue_label: &dyn Fn(&str) -> bool) -> Vec<Token> {
    // The number run at the end, before any unit (政府集中采购48元): digits, with the
    // separators and decimal point a single number may carry (行政事业性收费3.25 is one
    // number, not 3 and 25).
    // A minus sign starts a number (2019's 本年增/减: 行政许可3-37 is 3, -3, 7).
    let (numbers, unit) = numbers::strip_unit(text);
    let tail_start = numbers
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
        .last()
        .map(|(i, _)| i);
    let digits_start = tail_start.and_then(|i| {
        let tail = &numbers[i..];
        tail.char_indices()
            .find(|&(j, c)| {
                c.is_ascii_digit()
                    || (c == '-' && tail[j + 1..].starts_with(|d: char| d.is_ascii_digit()))
            })
            .map(|(j, _)| i + j)
    });
    if let Some(start) = digits_start
        && start > 0
    {
        let (label, digits) = text.split_at(start);
        if glue_label(label) {
            let run_together = numbers[start..]
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == '.');
            debug_assert!(digits.ends_with(unit));
            return vec![
                token(label, line_no, None, false),
                token(digits, line_no, None, run_together),
            ];
        }
    }
    let all_digits = !text.is_empty() && text.chars().all(|c| c.is_ascii_digit());
    vec![token(text, line_no, None, all_digits)]
}

/// A run of digits in running text, as byte offsets of the line.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    start: usize,
    end: usize,
}

/// The runs of digits in a line of running text. Inside a run a single space, U+3000 or
/// no-break space (a cell boundary the crawler kept, or not: `2 00 00 0 2` is seven cells),
/// a decimal point, a thousands comma or a minus sign may stand between digits; two spaces
/// end it. A digit right before `.` `．` `、` and a label (`00000002.其他法律…`) is the next
/// row's enumerator, not a value.
fn digit_runs(text: &str) -> Vec<Run> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let digit = |i: usize| chars.get(i).is_some_and(|&(_, c)| c.is_ascii_digit());
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !digit(i) {
            i += 1;
            continue;
        }
        let first = i;
        let mut last = i;
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            if c.is_ascii_digit() {
                last = j;
                j += 1;
            } else if matches!(c, ' ' | '\u{3000}' | '\u{a0}' | '.' | ',' | '-') && digit(j + 1) {
                j += 1;
            } else {
                break;
            }
        }
        let after = chars.get(last + 1).map(|&(_, c)| c);
        let enumerator = matches!(after, Some('.' | '．' | '、'))
            && chars
                .get(last + 2)
                .is_some_and(|&(_, c)| !c.is_ascii_digit() && !c.is_whitespace());
        let end_char = if enumerator {
            // The last digit, and a separator before it, belong to the label.
            let mut k = last;
            while k > first && !chars[k - 1].1.is_ascii_digit() {
                k -= 1;
            }
            if k == first {
                i = last + 1;
                continue;
            }
            let mut e = k - 1;
            while !chars[e].1.is_ascii_digit() {
                e -= 1;
            }
            e
        } else {
            last
        };
        let (b, c) = chars[end_char];
        runs.push(Run {
            start: chars[first].0,
            end: b + c.len_utf8(),
        });
        i = last + 1;
    }
    runs
}

/// A table's text run together on one line, as crawlers save a page (`规章000行政规范性文件
/// 6045第二十条第（五）项…`): the label text between the runs of digits is cut where row
/// labels begin, and each run of digits is one glued token for the row before it (its split
/// is for the template's sums). `None` unless at least two runs follow a row's label, or
/// the line is one label and one run with spaces inside it (`总计0 0 00 0 0 00…`).
fn running_row(text: &str, line_no: usize, sense: &LabelSense) -> Option<SourceRow> {
    // Cheap test first: this runs on every line of a table's section.
    if text.contains('\t') || text.trim_start().starts_with('|') {
        return None;
    }
    let runs = digit_runs(text);
    if runs.is_empty() {
        return None;
    }
    let mut tokens = Vec::new();
    let mut labelled = 0;
    let mut from = 0;
    for run in &runs {
        let segment = &text[from..run.start];
        let cuts = (sense.label_cuts)(segment);
        labelled += usize::from(!cuts.is_empty());
        let mut starts = vec![0];
        starts.extend(cuts.into_iter().filter(|&c| c > 0 && c < segment.len()));
        starts.push(segment.len());
        for w in starts.windows(2) {
            let piece = &segment[w[0]..w[1]];
            if !piece
                .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
                .is_empty()
            {
                tokens.push(token(piece, line_no, None, false));
            }
        }
        let digits: String = text[run.start..run.end]
            .chars()
            .filter(|&c| !matches!(c, ' ' | '\u{3000}' | '\u{a0}'))
            .collect();
        tokens.push(token(&digits, line_no, None, true));
        from = run.end;
    }
    let rest = &text[from..];
    let one_spaced_run = runs.len() == 1
        && rest.trim().is_empty()
        && text[runs[0].start..runs[0].end].contains([' ', '\u{3000}', '\u{a0}'])
        && (sense.glue_label)(&text[..runs[0].start]);
    if labelled < 2 && !one_spaced_run {
        return None;
    }
    if !rest
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
        .is_empty()
    {
        tokens.push(token(rest, line_no, None, false));
    }
    Some(SourceRow { tokens })
}

fn token(text: &str, line: usize, pos: Option<f32>, glued: bool) -> Token {
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let kind = if text.is_empty() {
        Kind::Empty
    } else {
        match numbers::classify(text) {
            CellText::Number(v) => Kind::Number(v),
            _ if glued => Kind::Run,
            CellText::Blank => Kind::Mark,
            CellText::Text => Kind::Label,
        }
    };
    Token {
        text: text.to_string(),
        kind,
        line,
        pos,
        extent: None,
        glued,
        drifts: false,
    }
}

/// `| a | b |` → ["a", "b"]; `None` for a line that is not a pipe row.
fn pipe_cells(text: &str) -> Option<Vec<&str>> {
    let t = text.trim();
    if !t.starts_with('|') || t.len() < 2 {
        return None;
    }
    let inner = t.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(inner.split('|').collect())
}

/// Markdown's row under the header, `| --- | :-: |`: hyphens with optional colons in every
/// cell, and a run of three somewhere. A row of `-` or `—` cells is a row of blank marks.
fn is_rule_row(cells: &[&str]) -> bool {
    let rule = |c: &str| {
        let c = c.trim();
        let inner = c.trim_start_matches(':').trim_end_matches(':');
        !inner.is_empty() && inner.chars().all(|ch| ch == '-')
    };
    cells.iter().all(|c| rule(c)) && cells.iter().any(|c| c.contains("---"))
}

/// Display width as aligned text lays it out: in a Chinese report every character that is
/// not ASCII (hanzi, full-width forms, and the punctuation 、“”— that Chinese fonts print
/// full-width) takes two columns.
fn width(c: char) -> usize {
    if c.is_ascii() { 1 } else { 2 }
}

/// Split at runs of two or more spaces (a full-width space counts as two), giving each
/// piece the display columns it covers (start, end).
fn space_split(text: &str) -> Vec<(f32, f32, &str)> {
    let mut pieces = Vec::new();
    let mut col = 0usize;
    let mut start: Option<(usize, usize)> = None; // (byte, col) of the current piece
    let mut last_end = (0usize, 0usize); // (byte, col) just after the piece's last non-space
    let mut gap = 0usize;
    for (i, c) in text.char_indices() {
        let w = width(c);
        if c == ' ' || c == '\u{3000}' {
            gap += w;
        } else {
            if let Some((sb, sc)) = start
                && gap >= 2
            {
                pieces.push((sc as f32, last_end.1 as f32, &text[sb..last_end.0]));
                start = None;
            }
            if start.is_none() {
                start = Some((i, col));
            }
            gap = 0;
            last_end = (i + c.len_utf8(), col + w);
        }
        col += w;
    }
    if let Some((sb, sc)) = start {
        pieces.push((sc as f32, last_end.1 as f32, &text[sb..last_end.0]));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_furniture() {
        for t in ["- 3 -", "第 3 页", "— 5 —", "第3页 共12页", " -12- "] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["0", "3", "-4", "\t—\t0\t—", "一、本年新收", "2024年1月22日"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn space_split_keeps_single_spaces_and_gives_extents() {
        let pieces = space_split("规章    12   3  0");
        assert_eq!(
            pieces,
            vec![
                (0.0, 4.0, "规章"),
                (8.0, 10.0, "12"),
                (13.0, 14.0, "3"),
                (16.0, 17.0, "0")
            ]
        );
        assert_eq!(space_split("2023 年 1 月").len(), 1);
    }

    #[test]
    fn glued_digits_split_only_from_row_labels() {
        let is_label = |l: &str| l.ends_with("数量");
        let toks = glued_line("一、本年新收政府信息公开申请数量21710000218", 7, &is_label);
        assert_eq!(toks.len(), 2);
        assert_eq!(toks[1].text, "21710000218");
        assert!(toks[1].glued);
        // One number or several run together: the row's columns decide (see fit).
        let toks = glued_line("本年收费金额3.25", 7, &|l: &str| l.ends_with("金额"));
        assert_eq!(toks[1].text, "3.25");
        assert_eq!(toks[1].kind, Kind::Number(3.25));
        assert!(toks[1].glued);
        let toks = glued_line("行政许可3-37", 7, &|l: &str| l == "行政许可");
        assert_eq!(toks[1].text, "3-37");
        assert_eq!(toks[1].kind, Kind::Run);
        let toks = glued_line("政府集中采购48元", 7, &|l: &str| l == "政府集中采购");
        assert_eq!(toks[1].text, "48元");
        assert!(toks[1].glued);
        let toks = glued_line("共收到申请12", 7, &is_label);
        assert_eq!(toks.len(), 1);
        assert_eq!(toks[0].kind, Kind::Label);
    }

    #[test]
    fn pipe_rows_and_rules() {
        let row = line_row("| 自然人 | 0 |  |", 3, &|_| false);
        let kinds: Vec<_> = row.tokens.iter().map(|t| t.kind.clone()).collect();
        assert_eq!(kinds, vec![Kind::Label, Kind::Number(0.0), Kind::Empty]);
        assert!(line_row("|---|:---:|", 4, &|_| false).tokens.is_empty());
        let marks = line_row("| — | - | — |", 5, &|_| false);
        assert_eq!(marks.tokens.len(), 3);
        assert!(marks.tokens.iter().all(|t| t.kind == Kind::Mark));
    }
}
