//! Splitting a document into the preamble, the six sections and the signature.

use std::ops::Range;

use crate::document::Document;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSpan {
    /// `preamble`, a key of `vocab::SECTIONS`, or `signature`.
    pub key: &'static str,
    /// The heading line as written; empty for `preamble` and `signature`.
    pub heading: String,
    /// 1-based line of the heading, or of the first line for `preamble`/`signature`.
    pub line: usize,
    /// The blocks of the body (after the heading), as indexes into `doc.blocks`.
    pub blocks: Range<usize>,
}

pub fn split_sections(doc: &Document, start: usize) -> Vec<SectionSpan> {
    todo!("{doc:?} {start}")
}

pub fn body_text(doc: &Document, span: &SectionSpan) -> String {
    todo!("{doc:?} {span:?}")
}
