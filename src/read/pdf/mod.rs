//! PDF → [`Document`], in Rust: the file parsed by `lopdf`, each page's content stream
//! walked for glyphs and rules ([`content`]), fonts decoded to Unicode ([`fonts`]), and
//! the page laid out ([`layout`]): ruled tables become [`crate::document::Grid`]s with
//! spans, as HTML and Word tables are read, a table broken over pages one grid; other
//! text becomes lines in reading order with their printed columns, which the text-layout
//! table readers take (tables printed without rules among them).
//!
//! A PDF with no text layer (a scan) needs OCR and is refused rather than stored empty;
//! one whose fonts name no characters, one that needs a password, and one that is
//! damaged get one line each. Reading is bounded per file: pages, drawing operators,
//! glyphs, unpacked content and time ([`Limits`]).

pub mod content;
pub mod fonts;
pub mod layout;

use std::time::{Duration, Instant};

use super::{Format, ReadError};
use crate::document::{Block, Document, GridRow, Line, Properties, table_blocks};
use content::{Budget, Fonts, Stop};
use layout::Item;

/// What reading one PDF may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub pages: usize,
    pub operators: usize,
    pub glyphs: usize,
    /// Bytes one page's content may unpack to.
    pub content_bytes: usize,
    pub time: Duration,
}

/// Far beyond any report (a long one has 30 pages and 40,000 glyphs), near enough that a
/// hostile file stops within seconds and a few hundred MB.
pub const LIMITS: Limits = Limits {
    pages: 2000,
    operators: 20_000_000,
    glyphs: 4_000_000,
    content_bytes: 64 << 20,
    time: Duration::from_secs(60),
};

fn damaged(detail: String) -> ReadError {
    ReadError::Damaged {
        format: Format::Pdf,
        detail,
    }
}

/// Read a PDF.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    read_within(bytes, &LIMITS)
}

pub fn read_within(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => damaged(
            "it is protected by a password; open it with the password and print it to a new PDF, \
             or get an unprotected copy"
                .to_string(),
        ),
        lopdf::Error::Unimplemented(what) => damaged(format!(
            "it uses a feature nianbao does not read ({what}); print it to a new PDF"
        )),
        e => damaged(format!(
            "it cannot be parsed ({e}); it is damaged or cut short: download it again"
        )),
    })?;
    let pages = doc.get_pages();
    if pages.len() > limits.pages {
        return Err(damaged(format!(
            "it has {} pages, more than the {} a report could have; check that this is the report",
            pages.len(),
            limits.pages
        )));
    }
    let mut budget = Budget {
        operators: limits.operators,
        glyphs: limits.glyphs,
        deadline: Instant::now() + limits.time,
        content_bytes: limits.content_bytes,
    };
    let mut fonts = Fonts::default();
    let (mut glyphs, mut unmapped, mut images) = (0usize, 0usize, 0usize);
    let mut items = Vec::new();
    for &id in pages.values() {
        let page = content::walk(&doc, id, &mut fonts, &mut budget).map_err(|Stop::TooHeavy(what)| {
            damaged(format!(
                "reading it took more {what} than a report needs (the bound is {}); it is damaged \
                 or unusually heavy: print it to a new PDF",
                match what {
                    "time" => format!("{} s", limits.time.as_secs()),
                    "glyphs" => format!("{} glyphs", limits.glyphs),
                    "page content" => format!("{} MB of content a page", limits.content_bytes >> 20),
                    _ => format!("{} operators", limits.operators),
                }
            ))
        })?;
        glyphs += page.glyphs.len();
        unmapped += page.unmapped;
        images += page.images;
        items.push(layout::page_items(&page));
    }
    if glyphs == 0 && unmapped == 0 {
        return Err(ReadError::NeedsOcr);
    }
    if unmapped > glyphs {
        return Err(damaged(format!(
            "its fonts map {unmapped} of its {} characters to no text (no ToUnicode map, no known \
             encoding), so its text cannot be read; open it and save or print it again, or ingest \
             the report's .docx or web page",
            glyphs + unmapped
        )));
    }
    let _ = images;
    let mut no = 0usize;
    let mut blocks = Vec::new();
    for item in layout::join_pages(items) {
        match item {
            Item::Line(text) => {
                no += 1;
                blocks.push(Block::Line(Line { no, text }));
            }
            Item::Table(table) => {
                let rows: Vec<GridRow> = layout::grid_rows(&table)
                    .into_iter()
                    .map(|cells| {
                        no += 1;
                        GridRow { line: no, cells }
                    })
                    .collect();
                let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
                blocks.extend(table_blocks(rows, width));
            }
        }
    }
    Ok(Document {
        blocks,
        properties: Properties::default(),
    })
}

/// The document-information Title, when the file has one that is not blank.
pub fn info_title(doc: &lopdf::Document) -> Option<String> {
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .map(|o| fonts::resolve(doc, o))?;
    let title = info
        .as_dict()
        .ok()?
        .get(b"Title")
        .ok()
        .map(|o| fonts::resolve(doc, o))?;
    let text = lopdf::decode_text_string(title).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}
