//! The document as logical lines, whatever shape its text came in.
//!
//! Reports saved by a crawler or copied from a page carry text that is not the report's:
//! the crawler's header (`标题:`, `发布时间:`, `发布机构:`, `原文链接:` … above a
//! `==== 正文 ====` rule), the page's chrome (当前位置 and its breadcrumb, 来源 and 时间, the
//! share bar 微信 微博 QQ空间, 扫一扫, 打印本页 关闭窗口, 附件下载), and a 公文's distribution
//! lines (抄送：… 印发). The header's fields become document [`Properties`]; the rest is
//! blanked. Chrome is taken only from the start and the end of a line, and only as whole
//! words, so that report text that mentions 微信 is never touched.
//!
//! A page's text saved with its line breaks dropped holds the whole report on one line or a
//! few. Such a line is cut into logical lines: at each section heading printed inside it
//! (`…现编制完成本报告。一、总体情况2021年以来…`), the heading becoming a line of its own, and,
//! its paragraph breaks being lost, after each sentence. A table's text has no sentence end,
//! so a table stays whole inside its section. A heading glued to its body at the start of a
//! line (`一、总体情况2023年，我镇…`) is cut from it. The signature glued to the last sentence
//! (`…暂无平潭综合实验区苏平片区管理局 2021年1月26日`) is cut into its name and its date
//! ([`split_signature`]).
//!
//! Every logical line keeps the number of the source line it came from. A document that
//! needs none of this is not copied.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::agency;
use crate::chinese::{self, is_space, trim};
use crate::document::{Block, Document, Line, Properties};
use crate::vocab;

/// A document as logical lines, with the properties its text states about itself.
#[derive(Debug)]
pub struct Reflowed<'a> {
    pub doc: Cow<'a, Document>,
    /// The document's own properties, completed by a crawler's header.
    pub properties: Properties,
}

/// How many lines from the top a crawler's header may take.
const HEADER_LINES: usize = 30;

/// `==== 正文 ====`: the rule below a crawler's header.
static RULE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[=＝\-—]{3,}\s*正\s*文\s*[=＝\-—]{3,}$").expect("header rule regex")
});

/// `发布机构: …`: a field of a crawler's header or a page's metadata box.
static FIELD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(标题|题目|文章标题|发布时间|发布日期|成文日期|发文日期|文号|发文字号|发布机构|发文机关|发布机关|发文单位|发布单位|来源|栏目|原文链接|原文地址|链接|本地目录|索引号|主题分类|信息分类|公开方式|公开范围|有效性)\s*[:：]\s*(.*)$",
    )
    .expect("header field regex")
});

/// Chrome at the start of a line, one word at a time.
static LEADING_CHROME_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:当前位置|您(?:现在)?的?位置|所在位置)\s*[：:]\s*[^\s]*(?:\s*[>»›→/]\s*[^\s>»›→/]+)*|来源\s*[：:]\S*|(?:发布|成文|发文|更新)?(?:时间|日期)\s*[：:]\s*[0-9]{4}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?|(?:浏览|阅读|点击|访问)(?:次数|量|数)?\s*[：:]\s*[0-9]*|字号\s*[：:]?(?:\s*[大中小])+|【\s*(?:打印本页|关闭窗口|打印|关闭|收藏|返回顶部|字体\s*[：:]?(?:\s*[大中小])*)\s*】|分享到\s*[：:]?|-->|<!--|微信|微博|QQ空间|QQ好友|朋友圈|新浪微博|腾讯微博|全真版|文字版|文件下载|相关链接\s*[：:]?|打印本页|关闭窗口|返回顶部|扫一扫\S*|附件下载\s*[：:]?)",
    )
    .expect("leading chrome regex")
});

/// Chrome at the end of a line, one word at a time.
static TRAILING_CHROME_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|\s)(?:附件下载\s*[：:]?|打印本页|关闭窗口|返回顶部|扫一扫\S*|分享到\s*[：:]?|微信|微博|QQ空间|QQ好友|朋友圈|-->)\s*$|【\s*(?:打印本页|关闭窗口|打印|关闭|收藏|返回顶部|字体\s*[：:]?(?:\s*[大中小])*)\s*】\s*$",
    )
    .expect("trailing chrome regex")
});

/// `某某局办公室 2022年1月7日印发`: the last line of a 公文's distribution block.
static ISSUED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\S{2,40}\s*[0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日\s*印发$",
    )
    .expect("issued regex")
});

/// The longest distribution block (抄送：… 印发) at the end of a line, in characters.
const MAX_DISTRIBUTION_CHARS: usize = 300;

/// The document as logical lines (see the module's contract).
pub fn reflow(doc: &Document) -> Reflowed<'_> {
    let mut properties = doc.properties.clone();
    let mut out: Option<Vec<Block>> = None;
    let header_end = crawler_header(doc, &mut properties);
    // The section the next heading found inside a line may be of, in template order.
    let mut next_section = 0;
    for (i, block) in doc.blocks.iter().enumerate() {
        let Block::Line(line) = block else {
            if let Some(out) = &mut out {
                out.push(block.clone());
            }
            continue;
        };
        let pieces = if i < header_end {
            Some(Vec::new())
        } else {
            logical_lines(&line.text, &mut next_section)
        };
        if pieces.is_some() && out.is_none() {
            out = Some(doc.blocks[..i].to_vec());
        }
        let Some(out) = &mut out else { continue };
        match pieces {
            None => out.push(block.clone()),
            // A line of chrome or header: blank, where it was.
            Some(pieces) if pieces.is_empty() => out.push(Block::Line(Line {
                no: line.no,
                text: String::new(),
            })),
            Some(pieces) => out.extend(
                pieces
                    .into_iter()
                    .map(|text| Block::Line(Line { no: line.no, text })),
            ),
        }
    }
    let doc = match out {
        Some(blocks) => Cow::Owned(Document {
            blocks,
            properties: doc.properties.clone(),
        }),
        None => Cow::Borrowed(doc),
    };
    Reflowed { doc, properties }
}

/// The logical lines of one source line, `None` when it is one as it is: none for a line of
/// chrome, the line cleaned of chrome, or the lines cut from it.
fn logical_lines(text: &str, next_section: &mut usize) -> Option<Vec<String>> {
    if text.contains('\t') {
        return None;
    }
    let cleaned = strip_chrome(text);
    if cleaned.is_empty() {
        return (!trim(text).is_empty()).then(Vec::new);
    }
    let headings = headings_in(cleaned, next_section);
    let flattened = headings.iter().any(|h| h.start > 0);
    if headings.is_empty() || (!flattened && headings[0].end == cleaned.len()) {
        return (cleaned.len() != trim(text).len()).then(|| vec![cleaned.to_string()]);
    }
    let mut pieces: Vec<String> = Vec::new();
    let push_body = |body: &str, pieces: &mut Vec<String>| {
        if !flattened {
            push(body, pieces);
            return;
        }
        for range in chinese::sentences(body) {
            let sentence = &body[range];
            // A doubled full stop (`。。`) stays with its sentence.
            if sentence
                .chars()
                .all(|c| matches!(c, '。' | '！' | '？' | '!' | '?'))
                && let Some(last) = pieces.last_mut()
            {
                last.push_str(sentence);
                continue;
            }
            push(sentence, pieces);
        }
    };
    let mut at = 0;
    for h in &headings {
        push_body(&cleaned[at..h.start], &mut pieces);
        push(&cleaned[h.start..h.end], &mut pieces);
        at = h.end;
    }
    push_body(&cleaned[at..], &mut pieces);
    Some(pieces)
}

/// Adds `text` without its chrome to `pieces`, unless nothing is left.
fn push(text: &str, pieces: &mut Vec<String>) {
    let text = strip_chrome(text);
    if !text.is_empty() {
        pieces.push(text.to_string());
    }
}

/// `text` trimmed, without the chrome at its start and end and a distribution block
/// (抄送：… 印发) ending it; empty for a line of chrome.
pub fn strip_chrome(text: &str) -> &str {
    let mut rest = trim(text);
    if !may_hold_chrome(rest) {
        return rest;
    }
    // Each word taken is looked for in a bounded window, and at most so many are taken: a
    // line of a million share buttons costs what a page's does.
    let mut words = 0;
    while words < MAX_CHROME_WORDS {
        if rest.starts_with("抄送") || ISSUED_RE.is_match(rest) {
            return "";
        }
        let before = rest.len();
        if let Some(m) = LEADING_CHROME_RE.find(rest) {
            let after = &rest[m.end()..];
            let whole_word = after.is_empty()
                || after.starts_with(|c: char| is_space(c) || c == '【')
                || m.as_str().ends_with(['】', '：', ':']);
            if whole_word && !m.is_empty() {
                rest = trim(after);
            }
        }
        let window =
            chinese::floor_char_boundary(rest, rest.len().saturating_sub(CHROME_WINDOW_BYTES));
        if let Some(m) = TRAILING_CHROME_RE.find(&rest[window..]) {
            // A match at the window's start is a word only if the window starts one.
            let starts_word = m.start() > 0
                || window == 0
                || m.as_str().starts_with('【')
                || rest[..window].ends_with(is_space);
            if starts_word {
                rest = trim(&rest[..window + m.start()]);
            }
        }
        // A distribution block ending the line (a character is at most 4 bytes).
        let tail = chinese::floor_char_boundary(
            rest,
            rest.len().saturating_sub(MAX_DISTRIBUTION_CHARS * 4),
        );
        if rest.ends_with("印发")
            && let Some(at) = rest[tail..].rfind("抄送").map(|at| tail + at)
            && rest[at + "抄送".len()..].starts_with(['：', ':'])
            && rest[at..].chars().count() <= MAX_DISTRIBUTION_CHARS
        {
            rest = trim(&rest[..at]);
        }
        if rest.len() == before {
            break;
        }
        words += 1;
    }
    rest
}

/// Whether a (trimmed) line may start or end with chrome: the first and last characters
/// chrome words and distribution lines start and end with. Most lines are report text, and
/// this spares them the chrome patterns.
fn may_hold_chrome(text: &str) -> bool {
    let first = text.chars().next().is_some_and(|c| {
        matches!(
            c,
            '当' | '您'
                | '所'
                | '来'
                | '发'
                | '成'
                | '文'
                | '更'
                | '时'
                | '日'
                | '浏'
                | '阅'
                | '点'
                | '访'
                | '字'
                | '【'
                | '分'
                | '-'
                | '<'
                | '微'
                | 'Q'
                | '朋'
                | '新'
                | '腾'
                | '全'
                | '相'
                | '打'
                | '关'
                | '返'
                | '扫'
                | '附'
                | '抄'
        )
    });
    let last = text.chars().next_back().is_some_and(|c| {
        matches!(
            c,
            '】' | '：'
                | ':'
                | '载'
                | '页'
                | '口'
                | '部'
                | '到'
                | '信'
                | '博'
                | '间'
                | '友'
                | '圈'
                | '>'
                | '发'
        )
    });
    first || last
}

/// The most chrome words taken from one line.
const MAX_CHROME_WORDS: usize = 64;
/// How far from a line's end a chrome word is looked for, in bytes.
const CHROME_WINDOW_BYTES: usize = 256;

/// A section heading printed inside a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Heading {
    start: usize,
    end: usize,
}

/// Characters of extra words a heading may print before its marker
/// (`因政府信息公开工作被申请` 行政复议).
const MAX_HEADING_LEAD_CHARS: usize = 14;
/// How far after a heading's number its words are looked for, in bytes (40 characters).
const HEADING_WINDOW_BYTES: usize = 120;
/// Characters after a heading's marker within which its closing word (情况, 事项, 措施) may
/// come (`存在的主要问题` 及改进情况).
const MAX_HEADING_TAIL_CHARS: usize = 12;

/// The section headings printed inside `text`, each numbered with its section's own
/// number (`三、`), at a boundary (the line's start, after a sentence, a space or a table's
/// last digit), and naming its section within a few words; in template order from
/// `next_section`, which advances past each one found.
fn headings_in(text: &str, next_section: &mut usize) -> Vec<Heading> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices('、') {
        if *next_section >= vocab::SECTIONS.len() {
            break;
        }
        let Some(numeral) = text[..i].chars().next_back() else {
            continue;
        };
        let start = i - numeral.len_utf8();
        let Some(index) = section_numeral(numeral) else {
            continue;
        };
        if index < *next_section || index >= vocab::SECTIONS.len() {
            continue;
        }
        let before = text[..start].chars().next_back();
        let boundary = before.is_none_or(|b| {
            is_space(b)
                || "。；！？!?：:）)」”】".contains(b)
                || (b.is_ascii_digit() && !numeral.is_ascii_digit())
        });
        if !boundary {
            continue;
        }
        // The heading's words are within its first few dozen characters.
        let from = i + '、'.len_utf8();
        let words = &text[from..chinese::floor_char_boundary(text, from + HEADING_WINDOW_BYTES)];
        let Some(end) = heading_end(words, &vocab::SECTIONS[index]) else {
            continue;
        };
        found.push(Heading {
            start,
            end: i + '、'.len_utf8() + end,
        });
        *next_section = index + 1;
    }
    found
}

/// The index of the section a heading's one-character number (`三`, `3`) numbers.
fn section_numeral(c: char) -> Option<usize> {
    match c {
        '一' | '1' | '１' => Some(0),
        '二' | '2' | '２' => Some(1),
        '三' | '3' | '３' => Some(2),
        '四' | '4' | '４' => Some(3),
        '五' | '5' | '５' => Some(4),
        '六' | '6' | '６' => Some(5),
        _ => None,
    }
}

/// Where the heading words at the start of `words` end, if they name `spec`'s section.
fn heading_end(words: &str, spec: &vocab::SectionSpec) -> Option<usize> {
    // The earliest marker, the longest of those starting there.
    let (at, marker) = spec
        .markers
        .iter()
        .chain(std::iter::once(&spec.heading))
        .filter_map(|m| words.find(m).map(|at| (at, *m)))
        .min_by_key(|(at, m)| (*at, std::cmp::Reverse(m.len())))?;
    let lead = &words[..at];
    if lead.chars().count() > MAX_HEADING_LEAD_CHARS || !lead.chars().all(is_han) {
        return None;
    }
    let mut end = at + marker.len();
    if !["情况", "事项", "措施"].iter().any(|w| marker.ends_with(w)) {
        let tail: String = words[end..]
            .chars()
            .take_while(|c| is_han(*c) || *c == '、')
            .take(MAX_HEADING_TAIL_CHARS)
            .collect();
        if let Some(close) = ["情况", "事项", "措施"]
            .iter()
            .filter_map(|w| tail.find(w).map(|p| p + w.len()))
            .min()
        {
            end += close;
        }
    }
    if let Some(colon) = words[end..]
        .chars()
        .next()
        .filter(|c| matches!(c, '：' | ':'))
    {
        end += colon.len_utf8();
    }
    Some(end)
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// A crawler's header at the top of `doc`: its fields go into `properties` where the file
/// stated none, and the index of the first block after it is returned (0 without one).
///
/// A header is the lines above a `==== 正文 ====` rule near the top, or a run of at least
/// two `field: value` lines opening the text.
fn crawler_header(doc: &Document, properties: &mut Properties) -> usize {
    let top: Vec<(usize, &str)> = doc
        .blocks
        .iter()
        .take(HEADER_LINES)
        .enumerate()
        .map_while(|(i, b)| b.as_line().map(|l| (i, trim(&l.text))))
        .collect();
    let end = match top.iter().find(|(_, t)| RULE_RE.is_match(t)) {
        Some(&(rule, _)) => rule + 1,
        None => {
            let first = top.iter().position(|(_, t)| !t.is_empty()).unwrap_or(0);
            let fields = top[first..]
                .iter()
                .take_while(|(_, t)| FIELD_RE.is_match(t))
                .count();
            if fields < 2 {
                return 0;
            }
            top[first + fields - 1].0 + 1
        }
    };
    for (_, text) in &top[..end.min(top.len())] {
        let Some(caps) = FIELD_RE.captures(text) else {
            continue;
        };
        let value = trim(&caps[2]);
        if value.is_empty() {
            continue;
        }
        let slot = match &caps[1] {
            "标题" | "题目" | "文章标题" => &mut properties.title,
            "发布机构" | "发文机关" | "发布机关" | "发文单位" | "发布单位" => {
                &mut properties.publisher
            }
            "发布时间" | "发布日期" | "成文日期" | "发文日期" => {
                &mut properties.date
            }
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value.to_string());
        }
    }
    end
}

/// Cuts the line at `block` in two at byte `at`: the text before stays, the text after
/// becomes the next logical line (its chrome stripped), with the same line number.
pub fn split_line(doc: &mut Cow<'_, Document>, block: usize, at: usize) {
    let Some(Block::Line(line)) = doc.blocks.get(block) else {
        return;
    };
    if at >= line.text.len() || !line.text.is_char_boundary(at) {
        return;
    }
    let (no, head, tail) = (
        line.no,
        line.text[..at].to_string(),
        strip_chrome(&line.text[at..]).to_string(),
    );
    let blocks = &mut doc.to_mut().blocks;
    blocks[block] = Block::Line(Line { no, text: head });
    blocks.insert(block + 1, Block::Line(Line { no, text: tail }));
}

/// The longest signature name, in characters.
const MAX_SIGNATURE_NAME_CHARS: usize = 30;

/// Cuts the document's last line into the text before the signature, the signing name and
/// the date, when it holds a name and a date after other text (`…费。 某某局 2022年1月7日`,
/// `暂无平潭综合实验区苏平片区管理局 2021年1月26日`) or a name and a date on one line. The
/// name is `agency` or a short form of it (its end) where the text ends with one; else the
/// words after the last space or punctuation (a leading 暂无 answering the section left out).
pub fn split_signature(doc: &mut Cow<'_, Document>, agency: Option<&str>) {
    let Some((index, line)) = doc
        .blocks
        .iter()
        .enumerate()
        .rev()
        .map_while(|(i, b)| b.as_line().map(|l| (i, l)))
        .find(|(_, l)| !trim(&l.text).is_empty())
    else {
        return;
    };
    let text = trim(&line.text);
    let Some((date_at, _)) = chinese::date_at_end(text) else {
        return;
    };
    let before = text[..date_at].trim_end_matches(is_space);
    if before.is_empty() {
        return;
    }
    let name_at = agency
        .and_then(|a| short_form_ending(before, a))
        .or_else(|| {
            let at = before
                .char_indices()
                .rev()
                .find(|(_, c)| is_space(*c) || "。；！？!?，,：:）)】".contains(*c))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let name = &before[at..];
            Some(match name.strip_prefix("暂无") {
                Some(rest) if looks_like_signature(rest) => before.len() - rest.len(),
                _ => at,
            })
        })
        .filter(|&at| looks_like_signature(&before[at..]));
    let Some(name_at) = name_at else { return };
    let no = line.no;
    let pieces: Vec<String> = [&before[..name_at], &before[name_at..], &text[date_at..]]
        .into_iter()
        .map(|t| trim(t).to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let blocks = &mut doc.to_mut().blocks;
    blocks.splice(
        index..=index,
        pieces
            .into_iter()
            .map(|text| Block::Line(Line { no, text })),
    );
}

/// Where in `text` the agency's name or a short form of it (an end of it that is itself a
/// name: 社会事业局 for 平潭综合实验区社会事业局) ends the text, the longest one.
fn short_form_ending(text: &str, agency: &str) -> Option<usize> {
    agency
        .char_indices()
        .map(|(i, _)| &agency[i..])
        .filter(|form| form.chars().count() >= 3 && agency::looks_like_agency(form))
        .find(|form| text.ends_with(form))
        .map(|form| text.len() - form.len())
}

fn looks_like_signature(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= MAX_SIGNATURE_NAME_CHARS
        && agency::plausible(name)
        && !name.contains(['、', '。'])
        && agency::looks_like_agency(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(doc: &Document) -> Vec<(usize, &str)> {
        doc.lines().map(|l| (l.no, l.text.as_str())).collect()
    }

    #[test]
    fn an_ordinary_document_is_not_copied() {
        let doc =
            Document::from_text("某某局2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n");
        let r = reflow(&doc);
        assert!(matches!(r.doc, Cow::Borrowed(_)));
        assert_eq!(r.properties, Properties::default());
    }

    #[test]
    fn a_crawler_header_becomes_properties() {
        let doc = Document::from_text(
            "标题: 某某局2021年度政府信息公开工作年度报告\n发布时间: 2022-01-07 17:53\n文号: \n\
             发布机构: \n栏目: 政府信息公开年报\n原文链接: https://example.gov.cn/a.htm\n\
             页面链接与图片详见 links.tsv(同目录)\n==================== 正文 ====================\n\
             正文。",
        );
        let r = reflow(&doc);
        assert_eq!(
            r.properties,
            Properties {
                title: Some("某某局2021年度政府信息公开工作年度报告".into()),
                date: Some("2022-01-07 17:53".into()),
                ..Properties::default()
            }
        );
        let kept: Vec<_> = lines(&r.doc)
            .into_iter()
            .filter(|l| !l.1.is_empty())
            .collect();
        assert_eq!(kept, vec![(9, "正文。")]);
        // Field lines without a rule: a run of two or more at the top.
        let doc = Document::from_text(
            "索引号：1137/2024-001\n发布机构：某某市统计局\n某某市统计局2023年政府信息公开工作年度报告",
        );
        let r = reflow(&doc);
        assert_eq!(r.properties.publisher.as_deref(), Some("某某市统计局"));
        assert_eq!(lines(&r.doc)[..2], [(1, ""), (2, "")]);
        let doc = Document::from_text("来源：某某局\n正文。");
        assert_eq!(reflow(&doc).properties, Properties::default());
    }

    #[test]
    fn chrome_at_either_end_of_a_line() {
        assert_eq!(
            strip_chrome(
                "当前位置： 首页政务公开某某局政府信息公开年报 某某局2021年度政府信息公开工作年度报告 \
                 来源： 时间：2022-01-07 17:53 --> 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： 根据"
            ),
            "某某局2021年度政府信息公开工作年度报告 来源： 时间：2022-01-07 17:53 --> 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： 根据"
        );
        assert_eq!(
            strip_chrome(
                "来源： 时间：2022-01-07 17:53 --> 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： 根据《条例》"
            ),
            "根据《条例》"
        );
        assert_eq!(
            strip_chrome(
                "某某局 2022年1月7日抄送：驻区纪检监察组。某某局办公室 2022年1月7日印发 附件下载"
            ),
            "某某局 2022年1月7日"
        );
        assert_eq!(
            strip_chrome("2024年1月5日【打印本页】【关闭窗口】"),
            "2024年1月5日"
        );
        assert_eq!(strip_chrome("【打印本页】 【关闭窗口】"), "");
        assert_eq!(strip_chrome("扫一扫在手机打开当前页"), "");
        assert_eq!(strip_chrome("抄送：区纪委。"), "");
        assert_eq!(strip_chrome("某某县人民政府办公室  2024年1月5日印发"), "");
        // Words inside report text are its own.
        assert_eq!(
            strip_chrome("微信公众号发布信息12条。"),
            "微信公众号发布信息12条。"
        );
        assert_eq!(strip_chrome("通过网站、微信"), "通过网站、微信");
    }

    #[test]
    fn a_flattened_report_is_cut_at_headings_and_sentences() {
        let doc = Document::from_text(
            "首行\n本报告。请联系某某局办公室。一、总体情况2021年以来我局重视。（一）加强建设。\
             二、主动公开政府信息情况第二十条第（一）项规章000三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\
             三、本年度办理结果（一）予以公开3000003四、结转下年度继续办理0000000\
             四、政府信息公开行政法复议、行政诉讼情况行政复议000 五、存在的主要问题及改进情况（一）存在的主要问题一是甲。二是乙。\
             六、其他需要报告的事项暂无某某局 2021年1月26日",
        );
        let r = reflow(&doc);
        let got = lines(&r.doc);
        assert_eq!(
            got,
            vec![
                (1, "首行"),
                (2, "本报告。"),
                (2, "请联系某某局办公室。"),
                (2, "一、总体情况"),
                (2, "2021年以来我局重视。"),
                (2, "（一）加强建设。"),
                (2, "二、主动公开政府信息情况"),
                (2, "第二十条第（一）项规章000"),
                (2, "三、收到和处理政府信息公开申请情况"),
                (
                    2,
                    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）三、本年度办理结果（一）予以公开3000003四、结转下年度继续办理0000000"
                ),
                (2, "四、政府信息公开行政法复议、行政诉讼情况"),
                (2, "行政复议000"),
                (2, "五、存在的主要问题及改进情况"),
                (2, "（一）存在的主要问题一是甲。"),
                (2, "二是乙。"),
                (2, "六、其他需要报告的事项"),
                (2, "暂无某某局 2021年1月26日"),
            ]
        );
        let count = got.len();
        let mut doc = r.doc;
        split_signature(&mut doc, Some("平潭综合实验区某某局"));
        assert_eq!(
            lines(&doc)[count - 1..],
            [(2, "暂无"), (2, "某某局"), (2, "2021年1月26日")]
        );
    }

    #[test]
    fn a_heading_glued_to_its_body_at_the_start_of_a_line() {
        let doc = Document::from_text(
            "一、总体情况：2023年，我镇认真贯彻。二是甲。\n5、存在的主要问题及整改措施\n",
        );
        let r = reflow(&doc);
        assert_eq!(
            lines(&r.doc),
            vec![
                (1, "一、总体情况："),
                (1, "2023年，我镇认真贯彻。二是甲。"),
                (2, "5、存在的主要问题及整改措施"),
                (3, ""),
            ]
        );
        // Sub-items and sentences that name a section are not headings.
        let doc = Document::from_text(
            "十九届二中、三中全会。详见本报告四、政府信息公开行政复议、行政诉讼情况。\n",
        );
        assert!(matches!(reflow(&doc).doc, Cow::Borrowed(_)));
    }

    #[test]
    fn signatures_cut_from_the_last_line() {
        let split = |text: &str, agency: Option<&str>| {
            let mut doc = Cow::Owned(Document::from_text(text));
            split_signature(&mut doc, agency);
            doc.lines().map(|l| l.text.clone()).collect::<Vec<_>>()
        };
        assert_eq!(
            split(
                "正文。\n平潭综合实验区社会事业局\u{3000}2026年1月23日",
                None
            ),
            ["正文。", "平潭综合实验区社会事业局", "2026年1月23日"]
        );
        assert_eq!(
            split("无收费。 某某县人民政府 2024年1月5日\n\n", None),
            ["无收费。", "某某县人民政府", "2024年1月5日", "", ""]
        );
        assert_eq!(
            split("暂无某某管理局 2021年1月26日", None),
            ["暂无", "某某管理局", "2021年1月26日"]
        );
        assert_eq!(
            split(
                "事项暂无社会事业局 2021年1月26日",
                Some("平潭综合实验区社会事业局")
            ),
            ["事项暂无", "社会事业局", "2021年1月26日"]
        );
        // A date alone, or a sentence ending with a date, is left as it is.
        assert_eq!(
            split("某某局\n2024年1月5日", None),
            ["某某局", "2024年1月5日"]
        );
        assert_eq!(
            split("本报告于2024年1月5日", None),
            ["本报告于2024年1月5日"]
        );
    }
}
