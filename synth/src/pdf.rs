//! A generated report as a PDF with a text layer: the report's lines drawn one under the
//! other, a character a glyph in a fixed-pitch font (Chinese full width, ASCII half), so a
//! layout-keeping extractor gives the text back with its columns. The font is not embedded:
//! a ToUnicode map says which character each glyph is, as real Chinese PDFs do; that is
//! all text extraction needs.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Font size and line pitch in points; lines per page.
const SIZE: f64 = 8.0;
const LEADING: f64 = 12.0;
const LINES_PER_PAGE: usize = 60;
const MARGIN: f64 = 36.0;

/// `text` as a PDF, a line a line.
pub fn text_pdf(text: &str) -> Vec<u8> {
    let lines: Vec<&str> = text.lines().collect();
    // Glyph ids, one per character, in order of first use.
    let mut cids: BTreeMap<char, u16> = BTreeMap::new();
    for c in text.chars().filter(|c| *c != '\n') {
        let next = cids.len() as u16 + 1;
        cids.entry(c).or_insert(next);
    }
    let width = |c: char| if c.is_ascii() { 500 } else { 1000 };
    let widest = lines
        .iter()
        .map(|l| l.chars().map(width).sum::<u32>())
        .max()
        .unwrap_or(0);
    let page_w = (f64::from(widest) * SIZE / 1000.0 + 2.0 * MARGIN).clamp(300.0, 14_400.0);
    let page_h = LEADING * LINES_PER_PAGE as f64 + 2.0 * MARGIN;

    let mut pages: Vec<String> = Vec::new();
    for chunk in lines.chunks(LINES_PER_PAGE) {
        let mut content = String::new();
        for (i, line) in chunk.iter().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let y = page_h - MARGIN - LEADING * (i as f64 + 1.0);
            let _ = write!(content, "BT /F1 {SIZE} Tf {MARGIN} {y:.2} Td <");
            for c in line.chars() {
                let _ = write!(content, "{:04X}", cids[&c]);
            }
            content.push_str("> Tj ET\n");
        }
        pages.push(content);
    }
    if pages.is_empty() {
        pages.push(String::new());
    }

    let mut by_cid: Vec<(u16, char)> = cids.iter().map(|(c, id)| (*id, *c)).collect();
    by_cid.sort();
    let widths: Vec<String> = by_cid.iter().map(|(_, c)| width(*c).to_string()).collect();
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    for chunk in by_cid.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
        for (id, c) in chunk {
            let utf16: String = c
                .encode_utf16(&mut [0; 2])
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            let _ = writeln!(cmap, "<{id:04X}> <{utf16}>");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");

    // Objects: 1 catalog, 2 pages, 3 font, 4 CID font, 5 descriptor, 6 ToUnicode, then a
    // page and its content per page.
    let n = pages.len();
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 7 + 2 * i)).collect();
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")),
        "<< /Type /Font /Subtype /Type0 /BaseFont /NianbaoSynth /Encoding /Identity-H \
         /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>"
            .to_string(),
        format!(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NianbaoSynth \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
             /FontDescriptor 5 0 R /DW 1000 /W [1 [{}]] /CIDToGIDMap /Identity >>",
            widths.join(" ")
        ),
        "<< /Type /FontDescriptor /FontName /NianbaoSynth /Flags 4 /FontBBox [0 -200 1000 800] \
         /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>"
            .to_string(),
        stream(&cmap),
    ];
    for (i, content) in pages.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page_w:.0} {page_h:.0}] \
             /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            8 + 2 * i
        ));
        objects.push(stream(content));
    }
    assemble(&objects)
}

/// A PDF whose one page is a picture's worth of drawing and no text: a scan.
pub fn scanned_pdf() -> Vec<u8> {
    assemble(&[
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_string(),
        stream("0.5 g 36 36 523 770 re f 0 g 72 700 200 20 re f\n"),
    ])
}

fn stream(data: &str) -> String {
    format!("<< /Length {} >>\nstream\n{data}\nendstream", data.len())
}

/// Objects numbered from 1, with the cross-reference table and trailer.
fn assemble(objects: &[String]) -> Vec<u8> {
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        let _ = write!(out, "{} 0 obj\n{object}\nendobj\n", i + 1);
    }
    let xref = out.len();
    let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        let _ = writeln!(out, "{offset:010} 00000 n ");
    }
    let _ = write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.into_bytes()
}
