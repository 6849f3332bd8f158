//! A document: the paragraphs and tables of one file, whatever format it came in.
//!
//! Text files give one [`Block::Line`] per line; formats with real tables (HTML, Word,
//! ruled PDF tables) give [`Block::Grid`]s with spans expanded, within one budget a file
//! ([`SpanBudget`]). Pictures appear as `[image: REF]` markers inside
//! line text, the convention text exports already use, so every reader speaks one form.

/// One line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the source.
    pub no: usize,
    pub text: String,
}

/// A table read from a format that has real cells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grid {
    pub rows: Vec<GridRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GridRow {
    /// 1-based source line (or element index) the row starts at.
    pub line: usize,
    pub cells: Vec<String>,
}

/// The most slots (rows × columns) a file's grids may have, all its tables together. A
/// report's largest table has a few hundred; spans are what could make grids huge (every
/// cell spanning a thousand columns, in table after table), and grids that big are no
/// report's tables. Readers take spans within this budget ([`SpanBudget`]) and lay out a
/// table that would pass it as lines ([`table_blocks`]).
pub const MAX_GRID_SLOTS: usize = 1 << 20;

/// The most text a file's document may hold, in UTF-8 bytes: a long report has a few
/// hundred KB. A reader refuses a file whose text runs past it.
pub const MAX_TEXT_BYTES: usize = 16 << 20;

/// What a file's document has taken so far, of the slots its spans and grids cover and
/// of text: one budget for the whole file, whatever its tables and runs.
#[derive(Debug, Default)]
pub struct SpanBudget {
    spans: usize,
    slots: usize,
    text: usize,
}

impl SpanBudget {
    /// The (colspan, rowspan) a cell gets: as asked while the file's spans stay within
    /// [`MAX_GRID_SLOTS`], one slot once they would not.
    pub fn take(&mut self, colspan: usize, rowspan: usize) -> (usize, usize) {
        let area = colspan.saturating_mul(rowspan);
        if self.spans.saturating_add(area) > MAX_GRID_SLOTS {
            self.spans = self.spans.saturating_add(1);
            (1, 1)
        } else {
            self.spans += area;
            (colspan, rowspan)
        }
    }

    /// Take `bytes` more of text: false once the file's text is past [`MAX_TEXT_BYTES`].
    pub fn text(&mut self, bytes: usize) -> bool {
        self.text = self.text.saturating_add(bytes);
        self.text <= MAX_TEXT_BYTES
    }
}

/// A table read as rows of cells: one grid with every row as wide as `width`, or, when that
/// grid would take the file's grids past [`MAX_GRID_SLOTS`], a line per row with its cells
/// between tabs.
pub fn table_blocks(mut rows: Vec<GridRow>, width: usize, budget: &mut SpanBudget) -> Vec<Block> {
    let area = rows.len().saturating_mul(width);
    if budget.slots.saturating_add(area) > MAX_GRID_SLOTS {
        return rows
            .into_iter()
            .map(|r| {
                Block::Line(Line {
                    no: r.line,
                    text: r.cells.join("\t"),
                })
            })
            .collect();
    }
    budget.slots += area;
    for r in &mut rows {
        r.cells.resize(width, String::new());
    }
    vec![Block::Grid(Grid { rows })]
}

/// A table of pictures only, as its pictures: a `[image: NAME]` line each, at the table's
/// line.
pub fn picture_lines(no: usize, names: Vec<String>) -> impl Iterator<Item = Block> {
    names.into_iter().map(move |name| {
        Block::Line(Line {
            no,
            text: format!("[image: {name}]"),
        })
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Line(Line),
    Grid(Grid),
}

impl Block {
    /// The source line the block starts at.
    pub fn line_no(&self) -> usize {
        match self {
            Block::Line(l) => l.no,
            Block::Grid(g) => g.rows.first().map_or(0, |r| r.line),
        }
    }

    /// The block as text: a line as it is, a grid a row a line with cells between tabs.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Block::Line(l) => std::borrow::Cow::Borrowed(&l.text),
            Block::Grid(g) => std::borrow::Cow::Owned(
                g.rows
                    .iter()
                    .map(|r| r.cells.join("\t"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        }
    }

    pub fn as_line(&self) -> Option<&Line> {
        match self {
            Block::Line(l) => Some(l),
            Block::Grid(_) => None,
        }
    }
}

/// What a file says about the report outside the report's text, such as a web page's
/// metadata box (发布机构, 发文日期). Recognition falls back on these where the report's own
/// text is silent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Properties {
    /// The publishing agency (发布机构).
    pub publisher: Option<String>,
    /// The date as the file prints it (成文日期, 发文日期 or 发布日期: `2024-01-20`).
    pub date: Option<String>,
    /// The document's title as the file states it outside the text: a page's
    /// `ArticleTitle` meta, `og:title` or `<title>`; a PDF's document-info Title.
    pub title: Option<String>,
    /// The name of the file the document was read from (`某某局2023年…年度报告.pdf`), where
    /// the caller knows it: the name often holds the title.
    pub file_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
    pub properties: Properties,
}

impl Document {
    /// A plain-text document: every line a block, line endings of any platform.
    pub fn from_text(text: &str) -> Document {
        let blocks = text
            .split('\n')
            .enumerate()
            .map(|(i, line)| {
                Block::Line(Line {
                    no: i + 1,
                    text: line.strip_suffix('\r').unwrap_or(line).to_string(),
                })
            })
            .collect();
        Document {
            blocks,
            properties: Properties::default(),
        }
    }

    /// The slots of all the document's grids, which [`MAX_GRID_SLOTS`] bounds.
    pub fn grid_slots(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| match b {
                Block::Grid(g) => g.rows.iter().map(|r| r.cells.len()).sum(),
                Block::Line(_) => 0,
            })
            .sum()
    }

    pub fn lines(&self) -> impl DoubleEndedIterator<Item = &Line> {
        self.blocks.iter().filter_map(Block::as_line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lines_are_numbered_from_one_and_lose_carriage_returns() {
        let doc = Document::from_text("标题\r\n\t自然人\n");
        let lines: Vec<_> = doc.lines().map(|l| (l.no, l.text.as_str())).collect();
        assert_eq!(lines, vec![(1, "标题"), (2, "\t自然人"), (3, "")]);
    }
}
