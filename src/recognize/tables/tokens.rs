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

/// Rows of tokens for a table's section. `glue_label` says whether a label may carry digits
/// run into it (`规范性文件898989`): the caller knows the template's row labels.
pub fn source_rows(blocks: &[Block], glue_label: &dyn Fn(&str) -> bool) -> Vec<SourceRow> {
    let tab_cells = is_tab_cell_layout(blocks);
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
