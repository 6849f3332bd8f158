//! Word 97–2003 .doc → [`Document`], in Rust: the OLE2 compound file opened with `cfb`,
//! the text read through the piece table (the `Clx` of the table stream: pieces of 8-bit
//! or UTF-16 text in the `WordDocument` stream), and each paragraph's properties looked
//! up in the PAPX pages (`PlcBtePapx`) to tell table cells and rows from paragraphs.
//!
//! A paragraph is a line; a table is a [`crate::document::Grid`]: a cell ends at a cell
//! mark (0x07), a row at the mark whose paragraph is a table-row end (`sprmPFTtp`), and
//! the row's cell edges (`sprmTDefTable`) give the columns, so a cell as wide as three
//! of another row's spans three, and a cell continuing a vertical merge is empty. A
//! cell's paragraphs are one text; fields show their result, not their code; pictures are
//! `[image: N]` markers, and a table of pictures only is its pictures, as in .docx.

use std::io::{Cursor, Read};

use super::{Format, ReadError, join_wrapped};
use crate::document::{
    Block, Document, GridRow, Line, MAX_TEXT_BYTES, Properties, SpanBudget, picture_lines,
    table_blocks,
};

/// What an OLE2 compound file is, by the streams it names: a Word .doc, or an old Office
/// format we say what to do with.
pub fn sniff_ole(bytes: &[u8]) -> Result<Format, ReadError> {
    let names = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.windows(utf16.len()).any(|w| w == utf16.as_slice())
    };
    if names("WordDocument") {
        return Ok(Format::Doc);
    }
    let (what, todo) = if names("Workbook") || names("Book") {
        (
            "an Excel 97-2003 workbook (.xls)",
            "nianbao reads reports, not spreadsheets: ingest the report the tables belong to (HTML, Word, PDF or text)",
        )
    } else if names("PowerPoint Document") {
        (
            "a PowerPoint 97-2003 presentation (.ppt)",
            "save the report as .docx, PDF or text and ingest that",
        )
    } else {
        (
            "an old Office file (OLE2) that is not a Word document",
            "open it in the program that made it and save the report as .docx, PDF or text",
        )
    };
    Err(ReadError::Unsupported { what, todo })
}

fn damaged(detail: impl Into<String>) -> ReadError {
    ReadError::Damaged {
        format: Format::Doc,
        detail: detail.into(),
    }
}

/// The most characters a document's text may hold: as many as fill the text budget.
const MAX_CHARS: usize = MAX_TEXT_BYTES / 3;

/// Read a .doc file.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| {
        damaged(format!(
            "its OLE2 container cannot be opened ({e}); it is damaged or cut short: download it again"
        ))
    })?;
    let mut stream = |name: &str| -> Result<Vec<u8>, ReadError> {
        let mut s = file
            .open_stream(name)
            .map_err(|e| damaged(format!("its {name} stream cannot be opened ({e})")))?;
        let mut out = Vec::new();
        // A stream is never larger than the file holding it.
        (&mut s)
            .take(bytes.len() as u64)
            .read_to_end(&mut out)
            .map_err(|e| damaged(format!("its {name} stream cannot be read ({e})")))?;
        Ok(out)
    };
    let word = stream("WordDocument")?;
    let fib = Fib::parse(&word)?;
    let table = stream(if fib.table_one { "1Table" } else { "0Table" })?;
    let chars = text_chars(&word, &table, &fib)?;
    // Paragraph properties too long for their page are in the Data stream, when there is one.
    let data = stream("Data").unwrap_or_default();
    let paragraphs = paragraph_properties(&word, &table, &data, &fib);
    let document = assemble(&chars, &paragraphs, &mut SpanBudget::default());
    if document.blocks.iter().all(|b| b.text().trim().is_empty()) {
        return Err(ReadError::Empty);
    }
    Ok(document)
}

/// What the File Information Block says about where things are.
struct Fib {
    table_one: bool,
    /// Characters of the main document.
    ccp_text: usize,
    clx: (usize, usize),
    papx: (usize, usize),
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

impl Fib {
    fn parse(word: &[u8]) -> Result<Fib, ReadError> {
        let short =
            || damaged("its WordDocument stream is too short for a Word file: it is damaged");
        if u16_at(word, 0) != Some(0xA5EC) {
            return Err(damaged(
                "it is not a Word 97-2003 document (an older Word or another program's file); \
                 open it in Word or LibreOffice and save it as .docx",
            ));
        }
        let flags = u16_at(word, 0x0A).ok_or_else(short)?;
        if flags & 0x0100 != 0 {
            return Err(damaged(
                "it is protected by a password; open it with the password and save it without \
                 protection, as .docx",
            ));
        }
        // The variable parts of the FIB: 16-bit words, then 32-bit ones, then offset and
        // length pairs.
        let csw = usize::from(u16_at(word, 32).ok_or_else(short)?);
        let lw = 34 + csw * 2;
        let cslw = usize::from(u16_at(word, lw).ok_or_else(short)?);
        let fc_lcb = lw + 2 + cslw * 4 + 2;
        let ccp_text = u32_at(word, lw + 2 + 3 * 4).ok_or_else(short)? as usize;
        let pair = |i: usize| -> Result<(usize, usize), ReadError> {
            let fc = u32_at(word, fc_lcb + i * 8).ok_or_else(short)? as usize;
            let lcb = u32_at(word, fc_lcb + i * 8 + 4).ok_or_else(short)? as usize;
            Ok((fc, lcb))
        };
        Ok(Fib {
            table_one: flags & 0x0200 != 0,
            ccp_text,
            clx: pair(33)?,
            papx: pair(13)?,
        })
    }
}

/// The main document's characters, each with the stream offset (FC) it was read from.
fn text_chars(word: &[u8], table: &[u8], fib: &Fib) -> Result<Vec<(char, usize)>, ReadError> {
    if fib.ccp_text > MAX_CHARS {
        return Err(damaged(format!(
            "it says it holds {} characters of text, more than the {MAX_CHARS} a report could; \
             it is damaged or not a report",
            fib.ccp_text
        )));
    }
    let (fc, lcb) = fib.clx;
    let clx = table
        .get(fc..fc.saturating_add(lcb))
        .ok_or_else(|| damaged("its piece table lies outside the table stream: it is damaged"))?;
    // Skip the Prc entries (formatting), to the Pcdt (0x02).
    let mut at = 0;
    while clx.get(at) == Some(&0x01) {
        at += 3 + usize::from(u16_at(clx, at + 1).unwrap_or(0));
    }
    if clx.get(at) != Some(&0x02) {
        return Err(damaged("its piece table cannot be found: it is damaged"));
    }
    let plc_len = u32_at(clx, at + 1).unwrap_or(0) as usize;
    let plc = clx.get(at + 5..at + 5 + plc_len).unwrap_or(&[]);
    // (n + 1) character positions, then n piece descriptors of 8 bytes.
    let n = plc.len().saturating_sub(4) / 12;
    let mut chars = Vec::with_capacity(fib.ccp_text.min(1 << 20));
    for i in 0..n {
        let (Some(cp0), Some(cp1), Some(fc)) = (
            u32_at(plc, i * 4),
            u32_at(plc, (i + 1) * 4),
            u32_at(plc, (n + 1) * 4 + i * 8 + 2),
        ) else {
            break;
        };
        let (cp0, cp1) = (cp0 as usize, (cp1 as usize).min(fib.ccp_text));
        if cp0 >= fib.ccp_text {
            break;
        }
        let count = cp1.saturating_sub(cp0);
        if fc & 0x4000_0000 != 0 {
            // Eight-bit text (cp1252) at half the offset.
            let start = ((fc & !0x4000_0000) / 2) as usize;
            let bytes = word.get(start..start + count).unwrap_or(&[]);
            for (k, &b) in bytes.iter().enumerate() {
                let c = if b < 0x80 {
                    char::from(b)
                } else {
                    let pair = [b];
                    encoding_rs::WINDOWS_1252
                        .decode_without_bom_handling(&pair)
                        .0
                        .chars()
                        .next()
                        .unwrap_or(' ')
                };
                chars.push((c, start + k));
            }
        } else {
            let start = fc as usize;
            let bytes = word.get(start..start + count * 2).unwrap_or(&[]);
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            for (k, c) in char::decode_utf16(units.iter().copied()).enumerate() {
                chars.push((c.unwrap_or(' '), start + k * 2));
            }
        }
    }
    if chars.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(chars)
}

/// A paragraph's table properties: in a table, a row's end, and (for a row end) the
/// row's cells: their left and right edges (twips) and vertical-merge flags.
#[derive(Debug, Clone, Default)]
struct Para {
    in_table: bool,
    depth: u32,
    row_end: bool,
    cells: Vec<RowCell>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct RowCell {
    left: i16,
    right: i16,
    /// Continues the cell above (vertical merge, not its first cell).
    merged_up: bool,
}

/// Paragraph properties by stream offset: (first FC, FC past the last, properties).
fn paragraph_properties(
    word: &[u8],
    table: &[u8],
    data: &[u8],
    fib: &Fib,
) -> Vec<(usize, usize, Para)> {
    let (fc, lcb) = fib.papx;
    let Some(plc) = table.get(fc..fc.saturating_add(lcb)) else {
        return Vec::new();
    };
    let n = plc.len().saturating_sub(4) / 8;
    let mut out = Vec::new();
    for i in 0..n {
        let Some(pn) = u32_at(plc, (n + 1) * 4 + i * 4) else {
            break;
        };
        let page_at = (pn & 0x3F_FFFF) as usize * 512;
        let Some(page) = word.get(page_at..page_at + 512) else {
            continue;
        };
        let runs = usize::from(page[511]);
        for r in 0..runs.min(101) {
            let (Some(start), Some(end)) = (u32_at(page, r * 4), u32_at(page, (r + 1) * 4)) else {
                break;
            };
            let bx = (runs + 1) * 4 + r * 13;
            let offset = usize::from(*page.get(bx).unwrap_or(&0)) * 2;
            let para = if offset == 0 {
                Para::default()
            } else {
                papx_in_fkp(page, offset, data)
            };
            out.push((start as usize, end as usize, para));
        }
    }
    out.sort_by_key(|p| p.0);
    out
}

/// A PAPX in a formatted disk page: its count byte, style and property list.
fn papx_in_fkp(page: &[u8], at: usize, data: &[u8]) -> Para {
    let cb = usize::from(*page.get(at).unwrap_or(&0));
    let (start, len) = if cb == 0 {
        (at + 2, usize::from(*page.get(at + 1).unwrap_or(&0)) * 2)
    } else {
        (at + 1, cb * 2 - 1)
    };
    let grpprl = page
        .get(start + 2..(start + len).min(page.len()))
        .unwrap_or(&[]);
    let mut para = Para::default();
    parse_sprms(grpprl, data, &mut para);
    if para.in_table && para.depth == 0 {
        para.depth = 1;
    }
    para
}

/// The table properties a paragraph's property list sets. A list too long for its page
/// is in the Data stream, named by `sprmPHugePapx`.
fn parse_sprms(grpprl: &[u8], data: &[u8], para: &mut Para) {
    let mut at = 0;
    while at + 2 <= grpprl.len() {
        let op = u16_at(grpprl, at).unwrap_or(0);
        at += 2;
        let size = match op >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => {
                // Variable: a length byte, or (sprmTDefTable) a 16-bit length.
                if op == 0xD608 {
                    let n = usize::from(u16_at(grpprl, at).unwrap_or(0));
                    at += 2;
                    n.saturating_sub(1)
                } else {
                    let n = usize::from(*grpprl.get(at).unwrap_or(&0));
                    at += 1;
                    n
                }
            }
        };
        let operand = grpprl.get(at..(at + size).min(grpprl.len())).unwrap_or(&[]);
        match op {
            0x2416 => para.in_table = operand.first() == Some(&1),
            0x2417 => para.row_end = operand.first() == Some(&1),
            0x6649 => para.depth = u32_at(operand, 0).unwrap_or(1),
            0xD608 => para.cells = table_definition(operand),
            0x6646 => {
                let from = u32_at(operand, 0).unwrap_or(u32::MAX) as usize;
                let len = usize::from(u16_at(data, from).unwrap_or(0));
                if let Some(huge) = data.get(from + 2..from + 2 + len) {
                    // A huge list holds no further sprmPHugePapx: `data` is not passed on.
                    parse_sprms(huge, &[], para);
                }
            }
            _ => {}
        }
        at += size;
    }
}

/// `sprmTDefTable`: the cell count, the cells' edges, then a 20-byte TC per cell.
fn table_definition(operand: &[u8]) -> Vec<RowCell> {
    let count = usize::from(*operand.first().unwrap_or(&0)).min(64);
    let edge = |i: usize| {
        operand
            .get(1 + i * 2..3 + i * 2)
            .map_or(0, |p| i16::from_le_bytes([p[0], p[1]]))
    };
    let tcs = 1 + (count + 1) * 2;
    (0..count)
        .map(|i| {
            let flags = u16_at(operand, tcs + i * 20).unwrap_or(0);
            RowCell {
                left: edge(i),
                right: edge(i + 1),
                // fVertMerge (0x0020) without fVertRestart (0x0040).
                merged_up: flags & 0x0020 != 0 && flags & 0x0040 == 0,
            }
        })
        .collect()
}

fn properties_at(paragraphs: &[(usize, usize, Para)], fc: usize) -> Option<&Para> {
    let i = paragraphs.partition_point(|p| p.0 <= fc).checked_sub(1)?;
    let (start, end, para) = &paragraphs[i];
    (fc >= *start && fc < *end).then_some(para)
}

/// A table row being read: its cells' texts and pictures.
#[derive(Default)]
struct RowState {
    cells: Vec<String>,
    /// The paragraphs of the cell being read.
    paragraphs: Vec<String>,
}

/// A table being read: its rows with their line numbers and cell layouts.
#[derive(Default)]
struct TableState {
    rows: Vec<(usize, Vec<String>, Vec<RowCell>)>,
    images: Vec<String>,
}

fn assemble(
    chars: &[(char, usize)],
    paragraphs: &[(usize, usize, Para)],
    budget: &mut SpanBudget,
) -> Document {
    let mut blocks = Vec::new();
    let mut no = 0usize;
    let mut text = String::new();
    let mut row = RowState::default();
    let mut table: Option<TableState> = None;
    let mut pictures = 0usize;
    // Field nesting: inside a field's code (before its separator) nothing shows.
    let mut fields: Vec<bool> = Vec::new();
    for &(c, fc) in chars {
        match c {
            '\u{13}' => {
                fields.push(true);
                continue;
            }
            '\u{14}' => {
                if let Some(top) = fields.last_mut() {
                    *top = false;
                }
                continue;
            }
            '\u{15}' => {
                fields.pop();
                continue;
            }
            _ if fields.iter().any(|code| *code) => continue,
            _ => {}
        }
        match c {
            '\r' | '\u{7}' => {
                let para = properties_at(paragraphs, fc).cloned().unwrap_or_default();
                let paragraph = std::mem::take(&mut text);
                if para.in_table && para.depth <= 1 {
                    let t = table.get_or_insert_with(TableState::default);
                    if para.row_end {
                        no += 1;
                        let cells = std::mem::take(&mut row.cells);
                        t.rows.push((no, cells, para.cells));
                    } else if c == '\u{7}' {
                        row.paragraphs.push(paragraph);
                        let cell = join_wrapped(row.paragraphs.iter().map(|p| p.trim()));
                        row.paragraphs.clear();
                        row.cells.push(cell);
                    } else {
                        row.paragraphs.push(paragraph);
                    }
                } else if para.in_table {
                    // A nested table's text joins the outer cell's.
                    row.paragraphs.push(paragraph);
                } else {
                    if let Some(t) = table.take() {
                        emit_table(t, &mut blocks, budget);
                    }
                    no += 1;
                    for line in paragraph.split('\u{b}') {
                        blocks.push(Block::Line(Line {
                            no,
                            text: line.to_string(),
                        }));
                    }
                }
            }
            '\u{1}' | '\u{8}' => {
                pictures += 1;
                if properties_at(paragraphs, fc).is_some_and(|p| p.in_table) {
                    table
                        .get_or_insert_with(TableState::default)
                        .images
                        .push(pictures.to_string());
                } else {
                    text.push_str(&format!("[image: {pictures}]"));
                }
            }
            '\u{b}' => text.push('\u{b}'),
            '\u{c}' | '\u{e}' => {}
            '\t' => text.push('\t'),
            '\u{1e}' => text.push('-'),
            c if (c as u32) < 0x20 || c == '\u{1f}' => {}
            c => text.push(c),
        }
    }
    if let Some(t) = table.take() {
        emit_table(t, &mut blocks, budget);
    }
    if !text.is_empty() {
        blocks.push(Block::Line(Line { no: no + 1, text }));
    }
    Document {
        blocks,
        properties: Properties::default(),
    }
}

/// A read table as a grid: columns from every row's cell edges, each cell spanning the
/// columns between its edges, a cell continuing a vertical merge empty; a table with no
/// text is its pictures.
fn emit_table(t: TableState, blocks: &mut Vec<Block>, budget: &mut SpanBudget) {
    let has_text = t
        .rows
        .iter()
        .any(|(_, cells, _)| cells.iter().any(|c| !c.trim().is_empty()));
    if !has_text {
        blocks.extend(picture_lines(t.rows.first().map_or(1, |r| r.0), t.images));
        return;
    }
    let mut edges: Vec<i16> = t
        .rows
        .iter()
        .flat_map(|(_, _, layout)| layout.iter().flat_map(|c| [c.left, c.right]))
        .collect();
    edges.sort_unstable();
    edges.dedup_by(|a, b| (*a - *b).abs() <= 20);
    let column = |x: i16| {
        edges
            .iter()
            .enumerate()
            .min_by_key(|(_, e)| (**e - x).abs())
            .map_or(0, |(i, _)| i)
    };
    let rows: Vec<GridRow> = t
        .rows
        .into_iter()
        .map(|(line, cells, layout)| {
            let mut out = Vec::new();
            for (i, text) in cells.into_iter().enumerate() {
                let Some(cell) = layout.get(i) else {
                    out.push(text);
                    continue;
                };
                let (c0, c1) = (
                    column(cell.left),
                    column(cell.right).max(column(cell.left) + 1),
                );
                if out.len() < c0 {
                    out.resize(c0, String::new());
                }
                out.push(if cell.merged_up { String::new() } else { text });
                out.resize(out.len() + (c1 - c0 - 1), String::new());
            }
            GridRow { line, cells: out }
        })
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .collect();
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    blocks.extend(table_blocks(rows, width, budget));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    /// A compound file holding the named streams.
    fn ole(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for (name, data) in streams {
            file.create_stream(name).unwrap().write_all(data).unwrap();
        }
        file.into_inner().into_inner()
    }

    #[test]
    fn damaged_protected_and_foreign_word_files_are_one_line() {
        let e = |bytes: &[u8]| read(bytes).unwrap_err().to_string();
        assert_eq!(
            e(&ole(&[("WordDocument", vec![0; 64])])),
            "cannot read this doc file: it is not a Word 97-2003 document (an older Word or \
             another program's file); open it in Word or LibreOffice and save it as .docx"
        );
        let mut fib = vec![0u8; 1024];
        fib[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
        fib[0x0A] = 0x00;
        fib[0x0B] = 0x01; // fEncrypted
        assert_eq!(
            e(&ole(&[("WordDocument", fib.clone())])),
            "cannot read this doc file: it is protected by a password; open it with the \
             password and save it without protection, as .docx"
        );
        // A FIB whose piece table lies outside its table stream.
        fib[0x0B] = 0x00;
        fib[32] = 14; // csw
        let lw = 34 + 28;
        fib[lw] = 22; // cslw
        let fc_lcb = lw + 2 + 22 * 4 + 2;
        fib[fc_lcb + 33 * 8..fc_lcb + 33 * 8 + 4].copy_from_slice(&5000u32.to_le_bytes());
        fib[fc_lcb + 33 * 8 + 4..fc_lcb + 33 * 8 + 8].copy_from_slice(&40u32.to_le_bytes());
        assert_eq!(
            e(&ole(&[("WordDocument", fib), ("0Table", vec![0; 100])])),
            "cannot read this doc file: its piece table lies outside the table stream: it is damaged"
        );
        let cut = &ole(&[("WordDocument", vec![0; 64])])[..700];
        assert!(
            e(cut).starts_with("cannot read this doc file: its OLE2 container cannot be opened")
        );
    }

    #[test]
    fn table_definitions_give_cell_edges_and_vertical_merges() {
        // Two cells: 0..1000 restarting a vertical merge, 1000..3000 continuing one.
        let mut op = vec![2u8];
        for edge in [0i16, 1000, 3000] {
            op.extend_from_slice(&edge.to_le_bytes());
        }
        let mut tc = [0u8; 20];
        tc[0] = 0x60; // fVertMerge | fVertRestart
        op.extend_from_slice(&tc);
        tc[0] = 0x20; // fVertMerge
        op.extend_from_slice(&tc);
        assert_eq!(
            table_definition(&op),
            vec![
                RowCell {
                    left: 0,
                    right: 1000,
                    merged_up: false
                },
                RowCell {
                    left: 1000,
                    right: 3000,
                    merged_up: true
                },
            ]
        );
    }
}
