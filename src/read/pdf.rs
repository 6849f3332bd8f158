//! PDF → text, through poppler's `pdftotext -layout`: it keeps a table's columns at their
//! printed positions, which the space-aligned table reader expects, and it reads CJK text
//! through the fonts' ToUnicode maps. A PDF with no text layer (a scan) needs OCR and is
//! refused rather than stored empty.

use super::{Format, ReadError, Tool, run_tool};

pub const PDFTOTEXT: Tool = Tool {
    name: "pdftotext",
    install: "install poppler-utils (Debian/Ubuntu: apt-get install poppler-utils; macOS: brew install poppler)",
};

/// The text layer of a PDF, laid out as printed; pages joined, each page's form feed a
/// line break.
pub fn text(bytes: &[u8]) -> Result<String, ReadError> {
    let text = run_tool(
        &PDFTOTEXT,
        Format::Pdf,
        &["-layout", "-enc", "UTF-8", "-q", "fd://0", "-"],
        bytes,
        None,
    )?;
    from_pdftotext(text)
}

/// What `pdftotext -layout` printed, as the text of the report: refused as needing OCR
/// when it holds no text.
pub fn from_pdftotext(text: String) -> Result<String, ReadError> {
    if text.chars().all(|c| c.is_whitespace()) {
        return Err(ReadError::NeedsOcr);
    }
    // pdftotext ends every page with a form feed, at the start of the next page's first
    // line: a line break of its own keeps that line as printed.
    Ok(text.replace('\u{c}', "\n"))
}
