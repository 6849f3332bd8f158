//! A document: the paragraphs and tables of one file, whatever format it came in.
//!
//! Text files give one [`Block::Line`] per line; formats with real tables (HTML, Word) give
//! [`Block::Grid`]s with spans expanded. Pictures appear as `[image: REF]` markers inside
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
