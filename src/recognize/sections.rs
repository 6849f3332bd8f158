//! Splitting a document into the preamble, the six sections and the signature.
//!
//! A heading is a short line (not a table cell) that is either numbered with the section's
//! own number (`三、`, `3、`, `3.`, `第三部分`) and names the section (one of its markers,
//! extra words allowed), or unnumbered and just the heading words. Sub-items (`（一）…`),
//! table rows (`三、本年度办理结果`), captions (`表 3 …`) and long sentences never are.
//! Sections come in template order: a key is started once, and never after a later one.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::document::{Block, Document};
use crate::vocab::{self, SectionSpec};

use super::agency::looks_like_agency;
use crate::chinese::{self, Enumerator, date_line, trim};

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

/// Longest heading line, in characters after trimming.
const MAX_HEADING_CHARS: usize = 40;
/// Most non-empty lines a signature has (agency names, a date).
const MAX_SIGNATURE_LINES: usize = 4;
/// Longest signature line that is not the date.
const MAX_SIGNATURE_NAME_CHARS: usize = 30;

/// `表 3`, `表3：`, `附表1`: a table caption.
static CAPTION_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^附?表\s*[0-9０-９一二三]").expect("caption regex"));

/// `[bookmark: _GoBack]` and `[image: …]` markers at the start of a line.
static MARKER_PREFIX_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\s*\[(?:bookmark|image):[^\]]*\])+").expect("marker regex"));

pub fn split_sections(doc: &Document, start: usize) -> Vec<SectionSpan> {
    let start = start.min(doc.blocks.len());
    let signature = find_signature(doc, start);
    let end = signature
        .as_ref()
        .map_or(doc.blocks.len(), |s| s.blocks.start);

    // (block index, section index, heading as written)
    let mut headings: Vec<(usize, usize, String)> = Vec::new();
    let mut next_allowed = 0;
    for (i, block) in doc.blocks.iter().enumerate().take(end).skip(start) {
        let Block::Line(line) = block else { continue };
        if let Some(section) = heading_section(&line.text, next_allowed) {
            headings.push((i, section, trim(&line.text).to_string()));
            next_allowed = section + 1;
        }
    }

    let mut spans = Vec::new();
    let first_heading = headings.first().map_or(end, |h| h.0);
    if let Some(first) = (start..first_heading).find(|&i| !is_blank(&doc.blocks[i])) {
        spans.push(SectionSpan {
            key: "preamble",
            heading: String::new(),
            line: doc.blocks[first].line_no(),
            blocks: start..first_heading,
        });
    }
    for (n, (i, section, heading)) in headings.iter().enumerate() {
        let body_end = headings.get(n + 1).map_or(end, |h| h.0);
        spans.push(SectionSpan {
            key: vocab::SECTIONS[*section].key,
            heading: heading.clone(),
            line: doc.blocks[*i].line_no(),
            blocks: i + 1..body_end,
        });
    }
    spans.extend(signature);
    spans
}

pub fn body_text(doc: &Document, span: &SectionSpan) -> String {
    let mut lines: Vec<String> = Vec::new();
    for block in &doc.blocks[span.blocks.clone()] {
        lines.extend(block.text().split('\n').map(str::to_string));
    }
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

/// The index into `vocab::SECTIONS` of the section `text` is the heading of, if it is one
/// of a section at or after `next_allowed`.
fn heading_section(text: &str, next_allowed: usize) -> Option<usize> {
    if text.starts_with('\t') {
        return None;
    }
    let text = MARKER_PREFIX_RE.replace(text, "");
    let text = trim(&text);
    if text.is_empty() || text.chars().count() > MAX_HEADING_CHARS || CAPTION_RE.is_match(text) {
        return None;
    }
    if let Some(e) = chinese::enumerator(text)
        .filter(|e| matches!(e.style, Enumerator::Listed | Enumerator::Part))
    {
        let index = (e.number as usize).checked_sub(1)?;
        let words = heading_words(e.rest)?;
        let spec = vocab::SECTIONS.get(index)?;
        return (index >= next_allowed && spec.markers.iter().any(|m| words.contains(m)))
            .then_some(index);
    }
    let words = heading_words(text)?;
    vocab::SECTIONS
        .iter()
        .enumerate()
        .skip(next_allowed)
        .find(|(_, spec)| is_bare_heading(&words, spec))
        .map(|(i, _)| i)
}

/// The words of a heading without the trailing colon or full stop; `None` if they are a
/// table row (cells after a tab).
fn heading_words(rest: &str) -> Option<String> {
    if rest.contains('\t') {
        return None;
    }
    let words = chinese::squeeze(
        rest.trim_end_matches(|c| matches!(c, '：' | ':' | '。' | '.') || chinese::is_space(c)),
    );
    (!words.is_empty()).then_some(words)
}

/// An unnumbered line that is just the heading: the template's words with a few extra
/// (`行政机关主动公开政府信息情况`), or exactly one of the markers. A lone `行政复议` /
/// `行政诉讼` is a table header, not a heading.
fn is_bare_heading(words: &str, spec: &SectionSpec) -> bool {
    if words.contains(spec.heading) {
        return words.chars().count() <= spec.heading.chars().count() + 12;
    }
    spec.key != "review_litigation" && spec.markers.contains(&words)
}

/// The closing lines after the last section: short agency-name lines and a date line, at
/// the very end of the document.
fn find_signature(doc: &Document, start: usize) -> Option<SectionSpan> {
    let mut first = None;
    let mut has_date = false;
    let mut count = 0;
    for i in (start..doc.blocks.len()).rev() {
        let Block::Line(line) = &doc.blocks[i] else {
            break;
        };
        let text = trim(&line.text);
        if text.is_empty() {
            continue;
        }
        if count == MAX_SIGNATURE_LINES {
            break;
        }
        if date_line(text).is_some() {
            has_date = true;
        } else if !is_signature_name(text) {
            break;
        }
        first = Some(i);
        count += 1;
    }
    let first = first.filter(|_| has_date)?;
    Some(SectionSpan {
        key: "signature",
        heading: String::new(),
        line: doc.blocks[first].line_no(),
        blocks: first..doc.blocks.len(),
    })
}

/// A line that can sign a report: a short agency name, no sentence punctuation.
fn is_signature_name(text: &str) -> bool {
    let name = chinese::squeeze(text);
    name.chars().count() <= MAX_SIGNATURE_NAME_CHARS
        && !name.contains(['，', '。', '；', '：', ',', ';', ':', '、', '\t'])
        && looks_like_agency(&name)
        && heading_section(text, 0).is_none()
}

fn is_blank(block: &Block) -> bool {
    match block {
        Block::Line(l) => trim(&l.text).is_empty(),
        Block::Grid(g) => g
            .rows
            .iter()
            .all(|r| r.cells.iter().all(|c| c.trim().is_empty())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(&'static str, usize)> {
        split_sections(&Document::from_text(text), 0)
            .iter()
            .map(|s| (s.key, s.line))
            .collect()
    }

    #[test]
    fn headings_in_every_numbering() {
        let text = "前言。\n一、总体情况\n正文\n2、 主动公开政府信息情况\n 三、收到和处理政府信息公开申请情况\n\
                    四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n5、 存在的主要问题及改进情况\n\
                    六. 其他需要报告的事项\n无";
        assert_eq!(
            keys(text),
            vec![
                ("preamble", 1),
                ("overview", 2),
                ("proactive", 4),
                ("applications", 5),
                ("review_litigation", 6),
                ("problems", 7),
                ("other", 8),
            ]
        );
    }

    #[test]
    fn heading_variants_of_real_reports() {
        let text = "一、总体情况\n二、主动公开政府信息情况\n三、依申请公开办理情况\n\
                    四、政府信息公开行政法复议、行政诉讼情况\n5、存在的主要问题及整改措施\n六、其他事项";
        assert_eq!(
            keys(text),
            vec![
                ("overview", 1),
                ("proactive", 2),
                ("applications", 3),
                ("review_litigation", 4),
                ("problems", 5),
                ("other", 6),
            ]
        );
        assert_eq!(keys("五、存在问题及改进措施")[0], ("problems", 1));
    }

    #[test]
    fn sub_items_table_rows_and_captions_are_not_headings() {
        let text = "一、总体情况\n（一）主动公开方面\n（4） 平台建设方面\n1、主动公开政府信息情况\n\
                    二、主动公开政府信息情况\n表 1 主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n\
                    \t四、结转下年度继续办理\n一、本年新收政府信息公开申请数量\t0\n四、结转下年度继续办理\t\t0\n\
                    表 3 因政府信息公开工作被申请行政复议、提起行政诉讼情况\n行政复议\n\
                    本报告内容包括：总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况。\n\
                    （六）需要报告的其他事项";
        assert_eq!(
            keys(text),
            vec![("overview", 1), ("proactive", 5), ("applications", 7)]
        );
    }

    #[test]
    fn unnumbered_headings_and_template_order() {
        let text = "总体情况\n正文\n存在的主要问题及改进情况\n问题\n主动公开政府信息情况\n其他需要报告的事项：\n无";
        assert_eq!(
            keys(text),
            vec![("overview", 1), ("problems", 3), ("other", 6)]
        );
    }

    #[test]
    fn signature_only_when_it_looks_like_one() {
        let doc =
            Document::from_text("一、总体情况\n正文。\n\n\n某某镇人民政府\n\n 2024年1月22日\n");
        let spans = split_sections(&doc, 0);
        assert_eq!(spans.len(), 2);
        assert_eq!(
            (spans[1].key, spans[1].line, spans[1].blocks.clone()),
            ("signature", 5, 4..8)
        );
        assert_eq!(spans[0].blocks, 1..4);
        assert_eq!(body_text(&doc, &spans[0]), "正文。");
        assert_eq!(
            body_text(&doc, &spans[1]),
            "某某镇人民政府\n\n 2024年1月22日"
        );

        // No date: the closing lines are body text.
        assert_eq!(
            keys("一、总体情况\n正文。\n某某镇人民政府\n"),
            vec![("overview", 1)]
        );
        // A sentence before the date is not a signature name.
        let spans = keys("一、总体情况\n本年度共公开信息10条，较上年增加。\n2024年1月22日\n");
        assert_eq!(spans, vec![("overview", 1), ("signature", 3)]);
    }

    #[test]
    fn empty_preamble_is_not_emitted_and_grids_join_cells() {
        use crate::document::{Grid, GridRow, Line};
        let line = |no, text: &str| {
            Block::Line(Line {
                no,
                text: text.to_string(),
            })
        };
        let doc = Document {
            blocks: vec![
                line(1, ""),
                line(2, "二、主动公开政府信息情况"),
                Block::Grid(Grid {
                    rows: vec![
                        GridRow {
                            line: 3,
                            cells: vec!["规章".into(), "0".into()],
                        },
                        GridRow {
                            line: 4,
                            cells: vec!["行政许可".into(), "".into()],
                        },
                    ],
                }),
            ],
            ..Document::default()
        };
        let spans = split_sections(&doc, 0);
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].key, "proactive");
        assert_eq!(body_text(&doc, &spans[0]), "规章\t0\n行政许可\t");
    }
}
