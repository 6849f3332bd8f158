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
use crate::document::{Block, Document, GridRow, Line, Properties, SpanBudget, table_blocks};
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

fn password() -> ReadError {
    damaged(
        "it is protected by a password; open it with the password and print it to a new PDF, \
         or get an unprotected copy"
            .to_string(),
    )
}

/// Read a PDF.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    read_within(bytes, &LIMITS)
}

pub fn read_within(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => password(),
        lopdf::Error::Unimplemented(what) => damaged(format!(
            "it uses a feature nianbao does not read ({what}); print it to a new PDF"
        )),
        e => damaged(format!(
            "it cannot be parsed ({e}); it is damaged or cut short: download it again"
        )),
    })?;
    // Encrypted with a password to open: the file loads, its strings stay ciphertext.
    // (Protected only against changes or copying, it opens with the empty password.)
    if doc.is_encrypted() && !doc.was_encrypted() {
        return Err(password());
    }
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
    let (mut glyphs, mut unmapped) = (0usize, 0usize);
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
    let mut no = 0usize;
    let mut blocks = Vec::new();
    let mut grids = SpanBudget::default();
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
                blocks.extend(table_blocks(rows, width, &mut grids));
            }
        }
    }
    Ok(Document {
        blocks,
        properties: Properties {
            title: info_title(&doc),
            ..Properties::default()
        },
    })
}

/// The document-information Title, when the file has one that is not blank. Its bytes
/// are UTF-16 after a byte-order mark (big-endian as the standard has it, little-endian as
/// WPS writes it), UTF-8 after one or where they are valid UTF-8, GB18030 where Chinese
/// producers write it raw, else PDFDocEncoding (Latin-1 for the text a title holds).
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
    let bytes = title.as_str().ok()?;
    let utf16 = |bytes: &[u8], pair: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = bytes.chunks_exact(2).map(|p| pair([p[0], p[1]])).collect();
        String::from_utf16(&units).ok()
    };
    let text = match bytes {
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes)?,
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes)?,
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8(rest.to_vec()).ok()?,
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map_or_else(
                    || bytes.iter().map(|&b| char::from(b)).collect(),
                    |t| t.into_owned(),
                ),
        },
    };
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    let clean = !text.is_empty() && !text.chars().any(|c| c.is_control() || c == '\u{fffd}');
    clean.then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    /// A PDF of the objects given (numbered from 1; object 1 the catalog), with its xref.
    fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            writeln!(out, "{} 0 obj", i + 1).unwrap();
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
        for o in offsets {
            writeln!(out, "{o:010} 00000 n ").unwrap();
        }
        write!(
            out,
            "trailer\n<< /Size {} /Root 1 0 R /Info 2 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .unwrap();
        out
    }

    fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        s.extend_from_slice(data);
        s.extend_from_slice(b"\nendstream");
        s
    }

    /// One page showing `content` with font `/F1` = object 5.
    fn one_page(font: &str, content: &[u8], extra: &[Vec<u8>]) -> Vec<u8> {
        let mut objects = vec![
            b"<< /Type /Catalog /Pages 3 0 R >>".to_vec(),
            "<< /Title (\u{fe}\u{ff}) >>".bytes().collect(),
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 6 0 R >>"
                .to_vec(),
            font.as_bytes().to_vec(),
            stream("", content),
        ];
        objects.extend_from_slice(extra);
        pdf(&objects)
    }

    fn lines(doc: &Document) -> Vec<String> {
        doc.lines().map(|l| l.text.trim().to_string()).collect()
    }

    /// Codes of `text` in the predefined CMap `name` (code → CID), as hex.
    fn gb1_cids(text: &str) -> String {
        let cmap = hayro_cmap::CMap::parse(
            hayro_cmap::load_embedded(hayro_cmap::CMapName::from_bytes(b"UniGB-UCS2-H")).unwrap(),
            hayro_cmap::load_embedded,
        )
        .unwrap();
        text.chars()
            .map(|c| format!("{:04X}", cmap.lookup_cid_code(c as u32, 2).unwrap()))
            .collect()
    }

    #[test]
    fn cid_fonts_without_a_unicode_map_read_through_their_cmap_or_collection() {
        let text = "年度报告第3页";
        // Identity-H: the codes are CIDs of Adobe-GB1, read through Adobe-GB1-UCS2.
        let identity = "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H \
            /DescendantFonts [7 0 R] >>";
        let descendant = b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun \
            /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 5 >> /DW 1000 >>"
            .to_vec();
        let content = format!("BT /F1 12 Tf 72 700 Td <{}> Tj ET", gb1_cids(text));
        let doc = read(&one_page(
            identity,
            content.as_bytes(),
            std::slice::from_ref(&descendant),
        ))
        .unwrap();
        assert_eq!(lines(&doc), vec![text]);
        // GBK-EUC-H: the codes are GBK bytes, one byte for ASCII.
        let gbk = "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /GBK-EUC-H \
            /DescendantFonts [7 0 R] >>";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
        let content = format!("BT /F1 12 Tf 72 700 Td <{hex}> Tj ET");
        let doc = read(&one_page(
            gbk,
            content.as_bytes(),
            std::slice::from_ref(&descendant),
        ))
        .unwrap();
        assert_eq!(lines(&doc), vec![text]);
        // UniGB-UCS2-H: the codes are UTF-16.
        let ucs2 = "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /UniGB-UCS2-H \
            /DescendantFonts [7 0 R] >>";
        let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
        let content = format!("BT /F1 12 Tf 72 700 Td <{hex}> Tj ET");
        let doc = read(&one_page(ucs2, content.as_bytes(), &[descendant])).unwrap();
        assert_eq!(lines(&doc), vec![text]);
    }

    #[test]
    fn a_font_that_maps_nothing_is_refused_not_read_as_gibberish() {
        let font = "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H \
            /DescendantFonts [7 0 R] >>";
        let descendant = b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X \
            /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>"
            .to_vec();
        let content = b"BT /F1 12 Tf 72 700 Td <0102030405060708> Tj ET";
        let e = read(&one_page(font, content, &[descendant])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot read this pdf file: its fonts map 4 of its 4 characters to no text (no \
             ToUnicode map, no known encoding), so its text cannot be read; open it and save or \
             print it again, or ingest the report's .docx or web page"
        );
    }

    #[test]
    fn ruled_cells_hold_wrapped_labels_whole_and_blank_cells_blank() {
        // Two rows, three columns; the first row's label wraps over two lines of its cell,
        // the middle cell of the second row is blank. Rules drawn as lines and as thin
        // filled rectangles, as exporters do.
        let font = "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /UniGB-UCS2-H \
            /DescendantFonts [7 0 R] >>";
        let descendant = b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun \
            /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 5 >> >>"
            .to_vec();
        let show = |x: i32, y: i32, t: &str| {
            let hex: String = t.encode_utf16().map(|u| format!("{u:04X}")).collect();
            format!("BT /F1 10 Tf 1 0 0 1 {x} {y} Tm <{hex}> Tj ET\n")
        };
        let mut c = String::from("0.5 w\n");
        for y in [700, 660, 640] {
            c += &format!("100 {y} m 400 {y} l S\n");
        }
        for x in [100, 200] {
            c += &format!("{x} 640 m {x} 700 l S\n");
        }
        c += "299.75 640 0.5 60 re f\n399.75 640 0.5 60 re f\n";
        c += &show(105, 685, "本机关不");
        c += &show(105, 670, "掌握信息");
        c += &show(205, 680, "12");
        c += &show(305, 680, "3");
        c += &show(105, 645, "重复申请");
        c += &show(305, 645, "4");
        c += &show(250, 100, "- 3 -");
        let doc = read(&one_page(font, c.as_bytes(), &[descendant])).unwrap();
        let grids: Vec<Vec<Vec<String>>> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Grid(g) => Some(g.rows.iter().map(|r| r.cells.clone()).collect()),
                Block::Line(_) => None,
            })
            .collect();
        assert_eq!(
            grids,
            vec![vec![
                vec!["本机关不掌握信息", "12", "3"],
                vec!["重复申请", "", "4"]
            ]]
        );
        // The page number at the foot is not text of the report.
        assert_eq!(lines(&doc), Vec::<String>::new());
    }

    #[test]
    fn heavy_files_stop_within_their_bounds_with_one_line() {
        let font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
        let small = Limits {
            pages: 3,
            operators: 10_000,
            glyphs: 1000,
            content_bytes: 1 << 20,
            time: Duration::from_secs(60),
        };
        // Operators without end.
        let ops = b"q Q ".repeat(20_000);
        let e = read_within(&one_page(font, &ops, &[]), &small).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot read this pdf file: reading it took more drawing operators than a report \
             needs (the bound is 10000 operators); it is damaged or unusually heavy: print it to \
             a new PDF"
        );
        // Glyphs without end.
        let text = format!("BT /F1 10 Tf 72 700 Td ({}) Tj ET", "x".repeat(5000));
        let e = read_within(&one_page(font, text.as_bytes(), &[]), &small).unwrap_err();
        assert!(e.to_string().contains("the bound is 1000 glyphs"), "{e}");
        // A small stream that unpacks beyond the content bound.
        let mut packed = lopdf::Stream::new(lopdf::Dictionary::new(), vec![b' '; 4 << 20]);
        packed.compress().unwrap();
        let packed = packed.content;
        let bomb = stream("/Filter /FlateDecode", &packed);
        let file = {
            let objects = [
                b"<< /Type /Catalog /Pages 3 0 R >>".to_vec(),
                b"<< >>".to_vec(),
                b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
                b"<< /Type /Page /Parent 3 0 R /Contents 5 0 R >>".to_vec(),
                bomb,
            ];
            pdf(&objects)
        };
        let e = read_within(&file, &small).unwrap_err();
        assert!(
            e.to_string()
                .contains("the bound is 1 MB of content a page"),
            "{e}"
        );
        // More pages than a report.
        let kids: String = (0..5).map(|i| format!("{} 0 R ", 4 + i)).collect();
        let mut objects = vec![
            b"<< /Type /Catalog /Pages 3 0 R >>".to_vec(),
            b"<< >>".to_vec(),
            format!("<< /Type /Pages /Kids [{kids}] /Count 5 >>").into_bytes(),
        ];
        for _ in 0..5 {
            objects.push(b"<< /Type /Page /Parent 3 0 R >>".to_vec());
        }
        let e = read_within(&pdf(&objects), &small).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot read this pdf file: it has 5 pages, more than the 3 a report could have; \
             check that this is the report"
        );
    }

    #[test]
    fn a_page_turned_by_rotate_reads_as_shown() {
        // A landscape page stored portrait and turned a quarter clockwise: its text runs up
        // the stored page, its second line to the right of its first.
        let content = "BT /F1 10 Tf 0 1 -1 0 100 72 Tm (first line) Tj ET\n\
                       BT /F1 10 Tf 0 1 -1 0 120 72 Tm (second line) Tj ET";
        let objects = [
            b"<< /Type /Catalog /Pages 3 0 R >>".to_vec(),
            b"<< >>".to_vec(),
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Rotate 90 \
               /Resources << /Font << /F1 5 0 R >> >> /Contents 6 0 R >>"
                .to_vec(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
            stream("", content.as_bytes()),
        ];
        let doc = read(&pdf(&objects)).unwrap();
        assert_eq!(lines(&doc), vec!["first line", "second line"]);
    }

    #[test]
    fn the_document_information_title() {
        let with_title = |title: &str| {
            let objects = [
                b"<< /Type /Catalog /Pages 3 0 R >>".to_vec(),
                format!("<< /Title {title} >>").into_bytes(),
                b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
            ];
            lopdf::Document::load_mem(&pdf(&objects)).unwrap()
        };
        let utf16: String = "洪泽区2023年报告"
            .encode_utf16()
            .map(|u| format!("{u:04X}"))
            .collect();
        assert_eq!(
            info_title(&with_title(&format!("<FEFF{utf16}>"))).as_deref(),
            Some("洪泽区2023年报告")
        );
        // WPS writes UTF-16 little-endian after its byte-order mark.
        let le: String = "淮安市2024年报告"
            .encode_utf16()
            .map(|u| format!("{:04X}", u.swap_bytes()))
            .collect();
        assert_eq!(
            info_title(&with_title(&format!("<FFFE{le}>"))).as_deref(),
            Some("淮安市2024年报告")
        );
        assert_eq!(
            info_title(&with_title("(Report 2024)")).as_deref(),
            Some("Report 2024")
        );
        assert_eq!(info_title(&with_title("(  )")), None);
    }

    #[test]
    fn damaged_and_empty_files() {
        let e = read(b"%PDF-1.4\nthis is not a PDF body at all").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("cannot read this pdf file: it cannot be parsed ("),
            "{e}"
        );
        assert!(
            e.to_string()
                .ends_with("it is damaged or cut short: download it again"),
            "{e}"
        );
        // A page with nothing on it is a scan's shape: no text layer.
        let font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
        assert_eq!(read(&one_page(font, b"", &[])), Err(ReadError::NeedsOcr));
    }
}
