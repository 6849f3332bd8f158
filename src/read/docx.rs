//! Word .docx → [`Document`]: the paragraphs and tables of `word/document.xml`.
//!
//! A paragraph is a line (its tabs kept, `w:br` starting a new line, pictures as
//! `[image: NAME]` markers); a table (`w:tbl`) is a [`Grid`] with `w:gridSpan` and
//! `w:vMerge` expanded, the covered cells empty; a table whose cells hold only pictures is
//! its picture lines. "Line" numbers count the body's paragraphs and table rows from 1.
//!
//! The archive is read within bounds: too many entries, or entries that expand beyond a
//! sane size (declared or actual), are refused rather than unpacked.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::{Format, ReadError, join_wrapped};
use crate::document::{
    Block, Document, GridRow, Line, MAX_TEXT_BYTES, Properties, SpanBudget, picture_lines,
    table_blocks,
};

/// Most entries an Office file has in practice is a few hundred.
const MAX_ENTRIES: usize = 10_000;
/// The sum of the entries' declared sizes, unpacked.
const MAX_TOTAL_BYTES: u64 = 1 << 30;
/// `word/document.xml` unpacked: a long report with tables is a few MiB.
const MAX_DOCUMENT_BYTES: u64 = 128 << 20;

/// What a zip archive is: a .docx, or another kind we say what to do with.
pub fn sniff_zip(bytes: &[u8]) -> Result<Format, ReadError> {
    let archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => {
            return Err(ReadError::Damaged {
                format: Format::Docx,
                detail: format!(
                    "it starts like a zip archive (a .docx) but cannot be opened ({e}); it is damaged or cut short: download it again"
                ),
            });
        }
    };
    let has = |prefix: &str| {
        archive
            .file_names()
            .flatten()
            .any(|n| n.starts_with(prefix))
    };
    if has("word/document.xml") {
        return Ok(Format::Docx);
    }
    let (what, todo) = if has("xl/") {
        (
            "an Excel workbook (.xlsx)",
            "nianbao reads reports, not spreadsheets: ingest the report the tables belong to (HTML, Word, PDF or text)",
        )
    } else if has("ppt/") {
        (
            "a PowerPoint presentation (.pptx)",
            "save the report as .docx, PDF or text and ingest that",
        )
    } else if archive.file_names().flatten().any(|n| n == "content.xml") {
        (
            "an OpenDocument file (.odt)",
            "open it in LibreOffice or Word and save it as .docx",
        )
    } else {
        ("a zip archive", "unpack it and ingest the folder")
    };
    Err(ReadError::Unsupported { what, todo })
}

/// Read a .docx file.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let xml = document_xml(bytes)?;
    let document = parse(&xml).map_err(|detail| damaged(format!("word/document.xml: {detail}")))?;
    if document.blocks.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(document)
}

fn damaged(detail: String) -> ReadError {
    ReadError::Damaged {
        format: Format::Docx,
        detail,
    }
}

/// `word/document.xml`, unpacked within the bounds.
fn document_xml(bytes: &[u8]) -> Result<String, ReadError> {
    document_xml_within(bytes, MAX_DOCUMENT_BYTES)
}

fn document_xml_within(bytes: &[u8], max_document: u64) -> Result<String, ReadError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| damaged(format!("the zip archive cannot be opened ({e})")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(damaged(format!(
            "the archive has {} entries, more than the {MAX_ENTRIES} a Word file has; it is not read",
            archive.len()
        )));
    }
    let mut total = 0u64;
    for i in 0..archive.len() {
        let size = archive
            .by_index_raw(i)
            .map_err(|e| damaged(format!("entry {i} cannot be read ({e})")))?
            .size();
        total = total.saturating_add(size);
    }
    if total > MAX_TOTAL_BYTES {
        return Err(damaged(format!(
            "its entries expand to {total} bytes, beyond the {MAX_TOTAL_BYTES} a Word file needs; it is not unpacked"
        )));
    }
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|e| damaged(format!("word/document.xml cannot be read ({e})")))?;
    let mut xml = Vec::new();
    entry
        .take(max_document + 1)
        .read_to_end(&mut xml)
        .map_err(|e| damaged(format!("word/document.xml cannot be unpacked ({e})")))?;
    if xml.len() as u64 > max_document {
        return Err(damaged(format!(
            "word/document.xml expands beyond {max_document} bytes; it is not unpacked"
        )));
    }
    String::from_utf8(xml).map_err(|e| {
        damaged(format!(
            "word/document.xml is not UTF-8 (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// A table cell being read.
#[derive(Default)]
struct CellState {
    paragraphs: Vec<String>,
    images: Vec<String>,
    span: usize,
    /// `w:vMerge` without `restart`: the cell continues the one above.
    merged: bool,
}

/// A read cell: its text, the grid columns it spans, whether it continues the one above.
struct WordCell {
    text: String,
    span: usize,
    merged: bool,
}

/// A table being read: its rows (with their line numbers) of cells.
#[derive(Default)]
struct TableState {
    rows: Vec<(usize, Vec<WordCell>)>,
    images: Vec<String>,
    cell: Option<CellState>,
    /// Grid columns skipped before the row's first cell (`w:gridBefore`).
    before: usize,
}

/// The body of `word/document.xml` as blocks.
pub fn parse(xml: &str) -> Result<Document, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut blocks: Vec<Block> = Vec::new();
    let mut no = 0usize;
    // The paragraph being read: its lines (w:br splits them) and whether we are in w:t.
    let mut para: Vec<String> = Vec::new();
    let mut in_text = false;
    // In a superscript or subscript run.
    let mut raised = false;
    let mut budget = SpanBudget::default();
    let mut table: Option<TableState> = None;
    // Depth of tables inside the outermost one: their text joins its current cell.
    let mut nested = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("XML error at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Eof => break,
            Event::Start(e) => match e.local_name().as_ref() {
                "p" => para = vec![String::new()],
                "t" => in_text = true,
                "tbl" => {
                    if table.is_some() {
                        nested += 1;
                    } else {
                        table = Some(TableState::default());
                    }
                }
                "tr" if nested == 0 => {
                    if let Some(t) = &mut table {
                        no += 1;
                        t.rows.push((no, Vec::new()));
                        t.before = 0;
                    }
                }
                "tc" if nested == 0 => {
                    if let Some(t) = &mut table {
                        t.cell = Some(CellState {
                            span: 1,
                            ..CellState::default()
                        });
                    }
                }
                name => on_property(name, &e, &mut table, nested, &mut para),
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" if !para.is_empty() => push_text(&mut para, "\t"),
                // A superscript or subscript run in a cell (a footnote's mark) is no digit
                // of the number beside it: a line of its own, as a cell's lines are joined.
                "vertAlign"
                    if val(&e).is_some_and(|v| v != "baseline")
                        && !para.is_empty()
                        && table.as_ref().is_some_and(|t| t.cell.is_some()) =>
                {
                    para.push(String::new());
                    raised = true;
                }
                "br" | "cr" if !para.is_empty() => para.push(String::new()),
                name => on_property(name, &e, &mut table, nested, &mut para),
            },
            Event::Text(t) if in_text => {
                if !budget.text(t.len()) {
                    return Err(too_much_text());
                }
                push_text(&mut para, &t.xml10_content());
            }
            Event::GeneralRef(r) if in_text => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten()
                } else {
                    match r.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    }
                };
                if let Some(c) = c {
                    push_text(&mut para, c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "r" if raised => {
                    para.push(String::new());
                    raised = false;
                }
                "p" => {
                    let lines = std::mem::take(&mut para);
                    match table.as_mut().and_then(|t| t.cell.as_mut()) {
                        Some(cell) => cell.paragraphs.extend(lines),
                        None => {
                            no += 1;
                            for text in lines {
                                blocks.push(Block::Line(Line { no, text }));
                            }
                        }
                    }
                }
                "tc" if nested == 0 => {
                    if let Some(t) = &mut table
                        && let Some(cell) = t.cell.take()
                        && let Some((_, row)) = t.rows.last_mut()
                    {
                        let text = join_wrapped(cell.paragraphs.iter().map(|p| p.trim()));
                        t.images.extend(cell.images);
                        row.push(WordCell {
                            text,
                            span: cell.span,
                            merged: cell.merged,
                        });
                    }
                }
                "tbl" => {
                    if nested > 0 {
                        nested -= 1;
                    } else if let Some(t) = table.take() {
                        emit_table(t, &mut blocks, &mut budget);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(Document {
        blocks,
        properties: Properties::default(),
    })
}

fn push_text(para: &mut [String], text: &str) {
    if let Some(last) = para.last_mut() {
        last.push_str(text);
    }
}

/// Cell and row properties, and pictures.
fn on_property(
    name: &str,
    e: &BytesStart,
    table: &mut Option<TableState>,
    nested: usize,
    para: &mut Vec<String>,
) {
    match name {
        "gridSpan" if nested == 0 => {
            if let Some(cell) = table.as_mut().and_then(|t| t.cell.as_mut()) {
                cell.span = val(e)
                    .and_then(|v| v.parse().ok())
                    .filter(|&n: &usize| n >= 1)
                    .map_or(1, |n| n.min(1000));
            }
        }
        "vMerge" if nested == 0 => {
            if let Some(cell) = table.as_mut().and_then(|t| t.cell.as_mut()) {
                cell.merged = val(e).is_none_or(|v| v != "restart");
            }
        }
        "gridBefore" if nested == 0 => {
            if let Some(t) = table {
                t.before = val(e).and_then(|v| v.parse().ok()).unwrap_or(0).min(1000);
                if let Some((_, row)) = t.rows.last_mut() {
                    for _ in 0..t.before {
                        row.push(WordCell {
                            text: String::new(),
                            span: 1,
                            merged: false,
                        });
                    }
                }
            }
        }
        // A drawing's name (wp:docPr), or an old-style picture: the picture's reference.
        "docPr" | "imagedata" => {
            let name = attr(e, "name")
                .or_else(|| attr(e, "title"))
                .or_else(|| attr(e, "id"))
                .unwrap_or_default();
            match table.as_mut().and_then(|t| t.cell.as_mut()) {
                Some(cell) => cell.images.push(name),
                None => {
                    if para.is_empty() {
                        para.push(String::new());
                    }
                    push_text(para, &format!("[image: {name}]"));
                }
            }
        }
        _ => {}
    }
}

fn val(e: &BytesStart) -> Option<String> {
    attr(e, "val")
}

fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A read table as a grid (merged cells empty), or as its pictures when it has no text.
fn emit_table(t: TableState, blocks: &mut Vec<Block>, budget: &mut SpanBudget) {
    let has_text = t
        .rows
        .iter()
        .any(|(_, cells)| cells.iter().any(|c| !c.merged && !c.text.is_empty()));
    if !has_text {
        blocks.extend(picture_lines(t.rows.first().map_or(1, |r| r.0), t.images));
        return;
    }
    let rows: Vec<GridRow> = t
        .rows
        .into_iter()
        .map(|(line, cells)| {
            let mut out = Vec::new();
            for cell in cells {
                out.push(if cell.merged {
                    String::new()
                } else {
                    cell.text
                });
                let (span, _) = budget.take(cell.span, 1);
                out.extend(std::iter::repeat_n(String::new(), span - 1));
            }
            GridRow { line, cells: out }
        })
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .collect();
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    blocks.extend(table_blocks(rows, width, budget));
}

/// Why a document with more text than any report is not read.
pub(crate) fn too_much_text() -> String {
    format!(
        "its text runs past {} MB, far more than a report holds; it is not read: check that \
         this is the report",
        MAX_TEXT_BYTES >> 20
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn texts(doc: &Document) -> Vec<(usize, String)> {
        doc.blocks
            .iter()
            .map(|b| (b.line_no(), b.text().into_owned()))
            .collect()
    }

    #[test]
    fn paragraphs_tables_spans_and_merges() {
        let xml = format!(
            r#"<w:document {W}><w:body>
            <w:p><w:r><w:t>一、总体</w:t></w:r><w:r><w:t xml:space="preserve">情况 &amp; 说明</w:t></w:r></w:p>
            <w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:tab/><w:t>12</w:t></w:r></w:p>
            <w:tbl>
              <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>申请人</w:t></w:r></w:p></w:tc>
                    <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>法人</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
                    <w:tc><w:p><w:r><w:t>商业</w:t></w:r></w:p><w:p><w:r><w:t>企业</w:t></w:r></w:p></w:tc>
                    <w:tc><w:p><w:r><w:t>7</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl>
            <w:p><w:r><w:t>末段</w:t></w:r></w:p>
            </w:body></w:document>"#
        );
        let doc = parse(&xml).unwrap();
        assert_eq!(
            texts(&doc),
            vec![
                (1, "一、总体情况 & 说明".to_string()),
                (2, "第一行".to_string()),
                (2, "第二行\t12".to_string()),
                (3, "申请人\t法人\t\n\t商业企业\t7".to_string()),
                (5, "末段".to_string()),
            ]
        );
    }

    #[test]
    fn spans_beyond_the_grid_budget_count_one_and_a_huge_table_is_lines() {
        let cell = r#"<w:tc><w:tcPr><w:gridSpan w:val="1000"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>"#;
        let xml = format!(
            r#"<w:document {W}><w:body><w:tbl><w:tr>{}</w:tr><w:tr><w:tc><w:p><w:r><w:t>y</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#,
            cell.repeat(1050)
        );
        // 1048 cells span 1000 columns within the budget of 2^20 slots, the last two one
        // each: 2 rows by 1,048,002 columns is past the budget, so a line per row.
        let doc = parse(&xml).unwrap();
        let spanned = format!("x{}", "\t".repeat(1000));
        assert_eq!(
            texts(&doc),
            vec![
                (1, format!("{}x\tx", spanned.repeat(1048))),
                (2, "y".to_string()),
            ]
        );
    }

    #[test]
    fn numbers_apart_in_a_cell_stay_apart() {
        // Two paragraphs, and a number with a footnote's superscript mark.
        let xml = format!(
            r#"<w:document {W}><w:body><w:tbl><w:tr>
            <w:tc><w:p><w:r><w:t>11</w:t></w:r></w:p><w:p><w:r><w:t>4</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>11</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>3</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>商业</w:t></w:r></w:p><w:p><w:r><w:t>企业</w:t></w:r></w:p></w:tc>
            </w:tr></w:tbl></w:body></w:document>"#
        );
        let doc = parse(&xml).unwrap();
        assert_eq!(texts(&doc), vec![(1, "11\n4\t11\n3\t商业企业".to_string())]);
    }

    #[test]
    fn the_span_and_text_budgets_are_the_files_not_each_tables() {
        // 1,100 tables of one cell spanning 1,000 columns: each within a table's share,
        // together past the file's budget; their grids stay within it.
        let table = r#"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
        let xml = format!(
            "<w:document {W}><w:body>{}</w:body></w:document>",
            table.repeat(1100)
        );
        let doc = parse(&xml).unwrap();
        let slots = doc.grid_slots();
        assert_eq!(doc.blocks.len(), 1100);
        assert!(slots <= crate::document::MAX_GRID_SLOTS, "{slots}");
        // One run of more text than the file may hold.
        let xml = format!(
            "<w:document {W}><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>",
            "x".repeat(MAX_TEXT_BYTES + 1)
        );
        assert_eq!(
            parse(&xml).unwrap_err(),
            "its text runs past 16 MB, far more than a report holds; it is not read: check \
             that this is the report"
        );
    }

    #[test]
    fn a_table_of_pictures_is_its_pictures() {
        let xml = format!(
            r#"<w:document {W} xmlns:wp="wp"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:drawing>
            <wp:inline><wp:docPr id="3" name="表2"/></wp:inline></w:drawing></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:drawing><wp:inline><wp:docPr id="4" name="图片 4"/></wp:inline></w:drawing></w:r></w:p>
            </w:body></w:document>"#
        );
        let doc = parse(&xml).unwrap();
        assert_eq!(
            texts(&doc),
            vec![
                (1, "[image: 表2]".to_string()),
                (2, "[image: 图片 4]".to_string())
            ]
        );
    }

    #[test]
    fn zips_that_are_not_word_files_or_too_big() {
        let zip = |entries: &[(&str, &[u8])]| {
            let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
            for (name, data) in entries {
                w.start_file(*name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                std::io::Write::write_all(&mut w, data).unwrap();
            }
            w.finish().unwrap().into_inner()
        };
        let xlsx = zip(&[("xl/workbook.xml", b"<workbook/>")]);
        assert!(matches!(
            sniff_zip(&xlsx),
            Err(ReadError::Unsupported {
                what: "an Excel workbook (.xlsx)",
                ..
            })
        ));
        let plain = zip(&[("a.txt", b"x")]);
        assert_eq!(
            sniff_zip(&plain).unwrap_err().to_string(),
            "this is a zip archive; unpack it and ingest the folder"
        );
        // Spaces compress a thousandfold: a small file that unpacks past the bound.
        let huge = vec![b' '; 1 << 20];
        let bomb = zip(&[("word/document.xml", &huge)]);
        assert!(bomb.len() < 1 << 14);
        assert_eq!(sniff_zip(&bomb), Ok(Format::Docx));
        let e = document_xml_within(&bomb, 1 << 16).unwrap_err().to_string();
        assert_eq!(
            e,
            "cannot read this docx file: word/document.xml expands beyond 65536 bytes; it is not unpacked"
        );
    }
}
