//! A generated report in the formats sites publish it in: an HTML page inside site chrome,
//! a Word .docx, text in legacy or UTF-16 encodings; and the truth a reader of a format
//! with real tables recovers from it ([`grid_truth`]).
//!
//! HTML and Word print the tables as tables (rowspan/colspan, gridSpan/vMerge) and every
//! other line as a paragraph, trimmed, with runs of spaces as one, as a browser shows them.

use std::fmt::Write as _;
use std::io::Write as _;

use encoding_rs::Encoding;

use super::rng::Rng;
use super::{PrintedTable, SpanCell, Synth};
use nianbao::model::Report;

/// A line of the report, or one of its tables, in print order.
enum Part<'a> {
    Line(String),
    Table(&'a PrintedTable),
}

/// A line as a page shows it: trimmed, runs of whitespace one space.
fn shown(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The title's lines, then the report's lines and tables, blank lines left out.
fn parts(s: &Synth) -> (Vec<String>, Vec<Part<'_>>) {
    let title = s.text[..s.title_end]
        .lines()
        .map(shown)
        .filter(|l| !l.is_empty())
        .collect();
    let mut parts = Vec::new();
    let mut at = s.title_end;
    let mut tables = s.printed_tables.iter().peekable();
    while at < s.text.len() {
        if let Some(t) = tables.next_if(|t| t.range.start == at) {
            parts.push(Part::Table(t));
            at = t.range.end;
            continue;
        }
        let end = s.text[at..].find('\n').map_or(s.text.len(), |i| at + i);
        let line = shown(&s.text[at..end]);
        if !line.is_empty() {
            parts.push(Part::Line(line));
        }
        at = end + 1;
    }
    (title, parts)
}

/// A printed table with spans expanded, covered cells empty: the grid a reader gives.
fn expanded(t: &PrintedTable) -> Vec<Vec<String>> {
    let mut grid: Vec<Vec<Option<String>>> = Vec::with_capacity(t.rows.len());
    for (r, row) in t.rows.iter().enumerate() {
        if grid.len() <= r {
            grid.push(Vec::new());
        }
        let mut col = 0;
        for cell in row {
            while grid[r].get(col).is_some_and(Option::is_some) {
                col += 1;
            }
            for dr in 0..cell.rowspan {
                while grid.len() <= r + dr {
                    grid.push(Vec::new());
                }
                let target = &mut grid[r + dr];
                if target.len() < col + cell.colspan {
                    target.resize(col + cell.colspan, None);
                }
                for slot in &mut target[col..col + cell.colspan] {
                    *slot = Some(String::new());
                }
            }
            grid[r][col] = Some(cell.text.clone());
            col += cell.colspan;
        }
    }
    grid.into_iter()
        .map(|r| r.into_iter().map(Option::unwrap_or_default).collect())
        .collect()
}

/// The report a reader of HTML or Word recovers: sections' lines as a page shows them,
/// each table as its grid (a row a line, cells between tabs). Lines are not compared.
pub fn grid_truth(s: &Synth) -> Report {
    let mut report = s.report.clone();
    for section in &mut report.sections {
        let mut body = section.body.clone();
        for t in &s.printed_tables {
            let grid: Vec<String> = expanded(t).iter().map(|r| r.join("\t")).collect();
            // A section's body is trimmed: a table first in it lost its margin.
            let printed = &s.text[t.range.clone()];
            let printed = if body.contains(printed) {
                printed
            } else {
                printed.trim_start_matches([' ', '\n'])
            };
            body = body.replace(printed, &format!("\u{0}{}\u{0}", grid.join("\u{1}")));
        }
        // Text lines are shown; grid rows keep their cells as they are.
        section.body = body
            .split(['\n', '\u{0}'])
            .flat_map(|piece| {
                if piece.contains('\u{1}') || piece.contains('\t') {
                    piece.split('\u{1}').map(str::to_string).collect::<Vec<_>>()
                } else {
                    vec![shown(piece)]
                }
            })
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        section.heading = shown(&section.heading);
        section.line = 0;
    }
    for t in &mut report.tables {
        for c in &mut t.cells {
            c.line = 0;
        }
    }
    report
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// A picture line's reference, for `[image: REF]` lines.
fn image_ref(line: &str) -> Option<&str> {
    line.strip_prefix("[image: ")?.strip_suffix(']')
}

/// Where a cell may wrap: between two characters one of which is not ASCII, so that a
/// reader joins the halves back without a space.
fn wrap_point(text: &str, rng: &mut Rng) -> Option<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if chars.len() < 8 {
        return None;
    }
    let k = rng.range(2, chars.len() as i64 - 2) as usize;
    let (at, c) = chars[k];
    (!c.is_ascii() || !chars[k - 1].1.is_ascii()).then_some(at)
}

// ---------------------------------------------------------------------------- HTML

/// The report as a government site's page: navigation, breadcrumbs, the metadata box
/// (索引号, 发布机构, 发文日期), the title as the page's heading or as the report's first
/// paragraphs, the report in a content block, share and print bars, a footer; sometimes
/// all inside a layout table. Encoded as UTF-8 or, declared so, as GBK.
pub fn html_page(s: &Synth, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed ^ 0x4854_4D4C);
    let gbk = rng.pct(30);
    let title_outside = rng.pct(50);
    let layout_table = rng.pct(30);
    let (title, parts) = parts(s);
    let r = &s.report;
    let mut h = String::with_capacity(s.text.len() * 3);
    let charset = if gbk { "gb2312" } else { "utf-8" };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\">\n\
         <title>{}_{}</title>\n<script type=\"text/javascript\">var siteName = \"政府门户网站\";</script>\n\
         <style>.nav li {{ float: left; }}</style>\n</head>\n<body>\n",
        escape(&r.title),
        escape(&r.agency)
    );
    if layout_table {
        h.push_str("<table width=\"1000\" align=\"center\"><tr><td>\n");
    }
    h.push_str(
        "<div class=\"header\"><div class=\"nav\"><ul><li><a href=\"/\">首页</a></li><li>政务公开</li>\
         <li>政府信息公开年报</li><li>政策解读</li><li>互动交流</li></ul></div></div>\n\
         <div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; 政务公开 &gt; 政府信息公开年报</div>\n",
    );
    let date = r.published_on.map_or_else(String::new, |d| d.iso());
    let _ = write!(
        h,
        "<table class=\"xxgk-info\">\n<tr><td>索引号：</td><td>11370000MB{:06}/{}-00{}</td><td>主题分类：</td><td>政务公开</td></tr>\n\
         <tr><td>发布机构：</td><td>{}</td><td>发文日期：</td><td>{date}</td></tr>\n</table>\n",
        rng.range(0, 999_999),
        r.year + 1,
        rng.range(10, 99),
        escape(&r.agency),
    );
    if title_outside {
        let _ = writeln!(
            h,
            "<h1 class=\"article-title\">{}</h1>",
            title
                .iter()
                .map(|t| escape(t))
                .collect::<Vec<_>>()
                .join("<br>")
        );
    }
    let _ = write!(
        h,
        "<div class=\"info\">发布时间：{date} 浏览次数：{} 【字体：<a>大</a> <a>中</a> <a>小</a>】</div>\n\
         <div id=\"zoom\" class=\"TRS_Editor\">\n",
        rng.range(10, 9999)
    );
    if !title_outside {
        for t in &title {
            let _ = writeln!(h, "<p align=\"center\"><strong>{}</strong></p>", escape(t));
        }
    }
    for part in parts {
        match part {
            Part::Line(line) => match image_ref(&line) {
                Some(name) => {
                    let _ = writeln!(
                        h,
                        "<p style=\"text-align:center\"><img src=\"/uploads/{}\" border=\"0\"></p>",
                        escape(name)
                    );
                }
                None => {
                    let indent = if rng.pct(50) {
                        "&nbsp;&nbsp;&nbsp;&nbsp;"
                    } else {
                        ""
                    };
                    let _ = writeln!(
                        h,
                        "<p style=\"text-indent:2em\"><span style=\"font-family:仿宋\">{indent}{}</span></p>",
                        escape(&line)
                    );
                }
            },
            Part::Table(t) => html_table(&mut h, t, &mut rng),
        }
    }
    h.push_str(
        "</div>\n<div class=\"share\">分享到：<a>微信</a> <a>微博</a></div>\n\
         <div class=\"print-bar\">【<a href=\"javascript:window.print()\">打印本页</a>】 【<a href=\"javascript:window.close()\">关闭窗口</a>】</div>\n\
         <div class=\"footer\">主办单位：人民政府办公室 网站标识码：3700000000 备案号：鲁ICP备00000000号</div>\n",
    );
    if layout_table {
        h.push_str("</td></tr></table>\n");
    }
    h.push_str("</body>\n</html>\n");
    if gbk {
        encode(encoding_rs::GBK, &h)
    } else {
        h.into_bytes()
    }
}

fn html_table(h: &mut String, t: &PrintedTable, rng: &mut Rng) {
    h.push_str("<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" style=\"border-collapse:collapse\">\n<tbody>\n");
    for row in &t.rows {
        h.push_str("<tr>");
        for cell in row {
            h.push_str("<td");
            if cell.colspan > 1 {
                let _ = write!(h, " colspan=\"{}\"", cell.colspan);
            }
            if cell.rowspan > 1 {
                let _ = write!(h, " rowspan=\"{}\"", cell.rowspan);
            }
            h.push('>');
            html_cell(h, cell, rng);
            h.push_str("</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
}

/// A cell's text as pages wrap it: bare, in `<p>` and `<span>`, split by `<br>` or over
/// two paragraphs; an empty cell as `&nbsp;` or nothing.
fn html_cell(h: &mut String, cell: &SpanCell, rng: &mut Rng) {
    if cell.text.is_empty() {
        h.push_str(if rng.pct(60) { "&nbsp;" } else { "" });
        return;
    }
    let text = cell.text.as_str();
    match (rng.index(4), wrap_point(text, rng)) {
        (0, _) => h.push_str(&escape(text)),
        (1, Some(at)) => {
            let _ = write!(h, "{}<br/>{}", escape(&text[..at]), escape(&text[at..]));
        }
        (2, Some(at)) => {
            let _ = write!(
                h,
                "<p><span>{}</span></p><p><span>{}</span></p>",
                escape(&text[..at]),
                escape(&text[at..])
            );
        }
        _ => {
            let _ = write!(
                h,
                "<p align=\"center\"><span style=\"font-size:12px\">{}</span></p>",
                escape(text)
            );
        }
    }
}

// ---------------------------------------------------------------------------- Word

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// The report as a Word .docx: a paragraph a line, the tables as Word tables with
/// gridSpan and vMerge, pictures as drawings (in a paragraph, or alone in a table).
pub fn docx(s: &Synth, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed ^ 0x444F_4358);
    let (title, parts) = parts(s);
    let mut x = String::with_capacity(s.text.len() * 4);
    x.push_str(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body>"#,
    );
    for t in &title {
        word_paragraph(&mut x, t, true);
    }
    let mut picture_id = 1;
    for part in parts {
        match part {
            Part::Line(line) => match image_ref(&line) {
                Some(name) => {
                    let drawing = format!(
                        r#"<w:p><w:r><w:drawing><wp:inline><wp:extent cx="5000000" cy="3000000"/><wp:docPr id="{picture_id}" name="{}"/></wp:inline></w:drawing></w:r></w:p>"#,
                        escape(name)
                    );
                    picture_id += 1;
                    if rng.pct(50) {
                        let _ = write!(x, "<w:tbl><w:tr><w:tc>{drawing}</w:tc></w:tr></w:tbl>");
                    } else {
                        x.push_str(&drawing);
                    }
                }
                None => word_paragraph(&mut x, &line, false),
            },
            Part::Table(t) => word_table(&mut x, t, &mut rng),
        }
    }
    x.push_str("<w:sectPr/></w:body></w:document>");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, data) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", x.as_str()),
    ] {
        zip.start_file(name, options)
            .and_then(|()| zip.write_all(data.as_bytes()).map_err(Into::into))
            .expect("writing to memory");
    }
    zip.finish().expect("writing to memory").into_inner()
}

fn word_paragraph(x: &mut String, text: &str, centered: bool) {
    x.push_str("<w:p>");
    if centered {
        x.push_str(r#"<w:pPr><w:jc w:val="center"/></w:pPr>"#);
    }
    let _ = write!(
        x,
        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        escape(text)
    );
}

/// A table: each row's cells at their grid columns, with a continuation cell (vMerge)
/// wherever a cell above reaches down.
fn word_table(x: &mut String, t: &PrintedTable, rng: &mut Rng) {
    let width = t
        .rows
        .first()
        .map_or(0, |r| r.iter().map(|c| c.colspan).sum());
    x.push_str(r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>"#);
    // A page's text width (9000 twips) shared by the columns.
    for _ in 0..width {
        let _ = write!(x, r#"<w:gridCol w:w="{}"/>"#, 9000 / width.max(1));
    }
    x.push_str("</w:tblGrid>");
    // By grid column: (colspan, rows still to cover) of a cell reaching down.
    let mut reach: Vec<Option<(usize, usize)>> = vec![None; width];
    for row in &t.rows {
        x.push_str("<w:tr>");
        let mut cells = row.iter();
        let mut col = 0;
        while col < width {
            if let Some((span, left)) = reach[col] {
                let _ = write!(
                    x,
                    r#"<w:tc><w:tcPr><w:gridSpan w:val="{span}"/><w:vMerge/></w:tcPr><w:p/></w:tc>"#
                );
                reach[col] = (left > 1).then_some((span, left - 1));
                col += span;
                continue;
            }
            let Some(cell) = cells.next() else { break };
            x.push_str("<w:tc><w:tcPr>");
            if cell.colspan > 1 {
                let _ = write!(x, r#"<w:gridSpan w:val="{}"/>"#, cell.colspan);
            }
            if cell.rowspan > 1 {
                x.push_str(r#"<w:vMerge w:val="restart"/>"#);
                reach[col] = Some((cell.colspan, cell.rowspan - 1));
            }
            x.push_str("</w:tcPr>");
            match wrap_point(&cell.text, rng).filter(|_| rng.pct(25)) {
                Some(at) => {
                    word_paragraph(x, &cell.text[..at], false);
                    word_paragraph(x, &cell.text[at..], false);
                }
                None => word_paragraph(x, &cell.text, false),
            }
            x.push_str("</w:tc>");
            col += cell.colspan;
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
}

// ---------------------------------------------------------------------------- text

/// The report's text in `encoding`, with a byte-order mark for the UTF-16s. A character
/// GBK lacks is written in GB18030 (GBK's superset, which GBK decoders of the web read).
pub fn encoded_text(s: &Synth, encoding: &'static Encoding) -> Vec<u8> {
    match encoding.name() {
        "UTF-16LE" => [0xFF, 0xFE]
            .into_iter()
            .chain(s.text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        "UTF-16BE" => [0xFE, 0xFF]
            .into_iter()
            .chain(s.text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        _ => encode(encoding, &s.text),
    }
}

fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    if unmappable {
        encoding_rs::GB18030.encode(text).0.into_owned()
    } else {
        bytes.into_owned()
    }
}
