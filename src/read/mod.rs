//! Reading a file: bytes → [`Document`], whatever the format, in Rust alone (no external
//! program, no temporary file). Knows nothing of the template; of reports it knows only
//! the furniture around them (the 发布机构/发文日期 box of an HTML page, kept as document
//! properties; a PDF page's number at its head or foot, dropped).
//!
//! The format is sniffed from the bytes, never taken from the file name: PDF (`%PDF`), a
//! Word .docx (a zip holding `word/document.xml`), a Word .doc (an OLE2 compound file with a
//! `WordDocument` stream), an HTML page (markup), else text in any encoding [`text`]
//! detects. Each format has its own reader; HTML, Word (.docx and .doc) and ruled PDF
//! tables give [`crate::document::Grid`]s, within one budget a file
//! ([`crate::document::SpanBudget`]); text and a PDF's other text give lines for the
//! text-layout readers.

pub mod doc;
pub mod docx;
pub mod html;
pub mod pdf;
pub mod text;

use std::fmt;

use crate::document::Document;

/// The formats a report can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Html,
    Docx,
    Text,
    Pdf,
    Doc,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Html,
        Format::Docx,
        Format::Text,
        Format::Pdf,
        Format::Doc,
    ];

    /// The stable name stored with a report.
    pub fn key(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Text => "text",
            Format::Pdf => "pdf",
            Format::Doc => "doc",
        }
    }

    pub fn from_key(key: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.key() == key)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A file read into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub format: Format,
    pub document: Document,
}

/// Why a file's bytes could not be turned into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Empty,
    /// Binary content of no kind we know.
    Binary,
    /// Bytes the (declared or detected) encoding cannot decode.
    Undecodable {
        encoding: &'static str,
        offset: usize,
    },
    /// The text holds U+FFFD: it was damaged by an earlier conversion.
    ReplacementCharacter {
        line: usize,
    },
    /// A kind of file we recognize and do not read: what it is, and what to do.
    Unsupported {
        what: &'static str,
        todo: &'static str,
    },
    /// Text that ends inside a character: the file was cut short.
    CutShort {
        encoding: &'static str,
    },
    /// A PDF whose pages have no text layer.
    NeedsOcr,
    /// A file of a format we read that is damaged or unusual: what went wrong.
    Damaged {
        format: Format,
        detail: String,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Empty => write!(f, "the file is empty or holds only whitespace"),
            ReadError::Binary => write!(
                f,
                "the file is binary and of no format nianbao reads (text, HTML, Word .docx/.doc, PDF); \
                 open it in the program that made it and save it as one of those"
            ),
            ReadError::Undecodable { encoding, offset } => write!(
                f,
                "the text is not valid {encoding} (bad bytes at offset {offset}) and no other encoding fits; \
                 the file is damaged or mixes encodings: re-save it as UTF-8"
            ),
            ReadError::ReplacementCharacter { line } => write!(
                f,
                "line {line} holds U+FFFD replacement characters: the text was damaged by an earlier \
                 conversion; get the report again from its source"
            ),
            ReadError::Unsupported { what, todo } => write!(f, "this is {what}; {todo}"),
            ReadError::CutShort { encoding } => write!(
                f,
                "the file ends inside a {encoding} character: it was cut short (an interrupted \
                 download or copy); get it again from its source"
            ),
            ReadError::NeedsOcr => write!(
                f,
                "this PDF has no text layer (a scan): needs OCR; run an OCR tool on it and ingest the text it makes"
            ),
            ReadError::Damaged { format, detail } => {
                write!(f, "cannot read this {format} file: {detail}")
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// Read a file's bytes into a document, by the format its bytes show.
pub fn read(bytes: &[u8]) -> Result<Input, ReadError> {
    let format = sniff(bytes)?;
    let document = match format {
        Format::Pdf => pdf::read(bytes)?,
        Format::Docx => docx::read(bytes)?,
        Format::Doc => doc::read(bytes)?,
        Format::Html => html::read(bytes)?,
        Format::Text => Document::from_text(&text::decode(bytes, None)?),
    };
    Ok(Input { format, document })
}

/// The format of a file, from its first bytes; an error for kinds we know and do not read.
pub fn sniff(bytes: &[u8]) -> Result<Format, ReadError> {
    let head = &bytes[..bytes.len().min(1024)];
    if contains(head, b"%PDF-") {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return docx::sniff_zip(bytes);
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return doc::sniff_ole(bytes);
    }
    if let Some(error) = unsupported_magic(bytes) {
        return Err(error);
    }
    if html::is_html(bytes) {
        return Ok(Format::Html);
    }
    Ok(Format::Text)
}

/// Files we know by their first bytes and do not read.
fn unsupported_magic(bytes: &[u8]) -> Option<ReadError> {
    const OCR: &str = "it needs OCR: run an OCR tool on it and ingest the text it makes";
    const ARCHIVE: &str = "unpack it and ingest the folder";
    const SAVE_DOCX: &str = "open it in Word or LibreOffice and save it as .docx";
    let table: &[(&[u8], &'static str, &'static str)] = &[
        (b"\x89PNG", "a PNG image", OCR),
        (b"\xFF\xD8\xFF", "a JPEG image", OCR),
        (b"GIF8", "a GIF image", OCR),
        (b"II*\0", "a TIFF image", OCR),
        (b"MM\0*", "a TIFF image", OCR),
        (b"{\\rtf", "an RTF document", SAVE_DOCX),
        (b"Rar!", "a RAR archive", ARCHIVE),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive", ARCHIVE),
        (b"\x1F\x8B", "a gzip archive", ARCHIVE),
        (
            b"MIME-Version:",
            "a web archive (.mht)",
            "open it in a browser and save it as \"Web page, HTML only\"",
        ),
    ];
    table
        .iter()
        .find(|(magic, _, _)| bytes.starts_with(magic))
        .map(|&(_, what, todo)| ReadError::Unsupported { what, todo })
        .or_else(|| {
            let head = &bytes[..bytes.len().min(1024)];
            contains(head, b"progid=\"Word.Document\"").then_some(ReadError::Unsupported {
                what: "a Word 2003 XML document",
                todo: SAVE_DOCX,
            })
        })
        .or_else(|| {
            (bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP")).then_some(
                ReadError::Unsupported {
                    what: "a WebP image",
                    todo: OCR,
                },
            )
        })
}

/// Join a table cell's wrapped lines: Chinese runs on without a space, other words get one.
/// Two numbers stay apart, on lines of their own (`11` and `4` are not 114, `4` and a
/// footnote's `1` not 41): which is the cell's number no reader can tell, and the table
/// reader stores neither.
pub(crate) fn join_wrapped<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        if part.is_empty() {
            continue;
        }
        let last = out.chars().next_back();
        let first = part.chars().next();
        if last.is_some_and(|c| c.is_ascii_digit()) && first.is_some_and(|c| c.is_ascii_digit()) {
            out.push('\n');
        } else if last.is_some_and(|c| c.is_ascii()) && first.is_some_and(|c| c.is_ascii()) {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_their_bytes_not_their_names() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Ok(Format::Pdf));
        assert_eq!(sniff("一、总体情况".as_bytes()), Ok(Format::Text));
        assert_eq!(
            sniff(b"<!DOCTYPE html><html><body><p>x</p></body></html>"),
            Ok(Format::Html)
        );
        for (bytes, what) in [
            (&b"\x89PNG\r\n\x1a\n"[..], "a PNG image"),
            (b"\xFF\xD8\xFF\xE0", "a JPEG image"),
            (b"{\\rtf1\\ansi", "an RTF document"),
            (b"Rar!\x1a\x07", "a RAR archive"),
        ] {
            match sniff(bytes) {
                Err(ReadError::Unsupported { what: w, .. }) => assert_eq!(w, what),
                other => panic!("{what}: {other:?}"),
            }
        }
        let e = sniff(b"\x89PNG\r\n\x1a\n").unwrap_err().to_string();
        assert_eq!(
            e,
            "this is a PNG image; it needs OCR: run an OCR tool on it and ingest the text it makes"
        );
    }

    #[test]
    fn format_keys_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_key(f.key()), Some(f));
        }
    }
}
