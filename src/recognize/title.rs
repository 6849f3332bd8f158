//! The report's title: agency and year.

use crate::document::Document;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// The agency's name as printed (威海市文登区张家产镇人民政府).
    pub agency: String,
    pub year: i32,
    /// The title as printed, joined into one line.
    pub text: String,
    /// Index into `doc.blocks` of the first block after the title.
    pub next_block: usize,
}

pub fn find_title(doc: &Document) -> Option<Title> {
    todo!("{doc:?}")
}
