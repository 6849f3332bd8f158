//! The report's title: agency and year.
//!
//! A title reads `<agency><year>年[度]政府信息公开[工作]年度报告`, possibly with the year
//! first (`2023年<agency>政府信息公开工作年度报告`), split over up to three lines, with spaces
//! around the year, full-width digits, a markdown `#` or `**` around it. It sits among the
//! first few non-empty lines, possibly after an `附件 1` line. A title may also open a
//! line that goes on with other text (a report flattened onto one line, a page title
//! between chrome words, a cover letter `…关于报送2020年度政府信息公开工作年度报告的函` running
//! into the letter): then it runs from the line's start, or a space, to `报告` (`的函`).
//!
//! A title may name no agency (`2023年政府信息公开工作年度报告`): the agency is then found
//! elsewhere (see `identify`).

use std::sync::LazyLock;

use regex::Regex;

use super::agency::{self, looks_like_agency, looks_like_region};
use crate::chinese::{self, is_space, trim};
use crate::document::{Block, Document};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// The agency's name as printed (威海市文登区张家产镇人民政府); empty when the title
    /// names none.
    pub agency: String,
    pub year: i32,
    /// The title as printed, joined into one line.
    pub text: String,
    /// Index into `doc.blocks` of the block the title ends in.
    pub block: usize,
    /// Where in that block's text the title ends, when other text follows it on the line.
    pub ends_at: Option<usize>,
    /// Index into `doc.blocks` of the first block after the title (once the line it ends
    /// in is cut at `ends_at`).
    pub next_block: usize,
}

/// How many non-empty lines from the top may hold the title.
const SEARCH_LINES: usize = 8;
/// How many lines one title may be split over.
const MAX_TITLE_LINES: usize = 3;
/// How far into a line a title that opens it is looked for, in bytes.
const SEARCH_BYTES: usize = 600;

/// The whole title, with whitespace and markdown marks removed and digits folded to ASCII.
static TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<pre>.*?)(?P<year>(?:19|20)\d{2}|二[〇○零Ｏ0][〇○零Ｏ0一二三四五六七八九]{2})年度?(?P<mid>.*?)政府信息公开(?:工作)?年度?报告(?:[（(][^（）()]*[)）])?$",
    )
    .expect("title regex")
});

/// A title inside a text, spaces allowed between its words; what stands before the year
/// is found by [`title_in`].
static TITLE_IN_TEXT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<year>[0-9０-９]{4}|二[〇○零Ｏ0][〇○零Ｏ0一二三四五六七八九]{2})\s*年\s*度?\s*(?P<mid>[^\s，。；：:、（）()《》“”\[\]]{0,30}?)\s*政府信息公开\s*(?:工作)?\s*年\s*度?\s*报告(?:\s*[（(][^（）()]{0,20}[)）])?(?:\s*的函)?",
    )
    .expect("title in text regex")
});

/// `附件1`, `附件 1`, `附件：`, `附件一` lines printed above the title.
static ATTACHMENT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[：:]?$").expect("attachment regex")
});

pub fn find_title(doc: &Document) -> Option<Title> {
    // (block index, trimmed text) of the first non-empty lines; a table ends the search.
    let mut lines: Vec<(usize, &str)> = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        let Block::Line(line) = block else {
            break;
        };
        let text = trim(&line.text);
        if text.is_empty() || ATTACHMENT_RE.is_match(text) {
            continue;
        }
        lines.push((i, text));
        if lines.len() == SEARCH_LINES {
            break;
        }
    }

    // Fewer lines first, then higher up: a whole title on one line beats any join.
    let mut agencyless: Option<Title> = None;
    let mut joined: Vec<Title> = Vec::new();
    for count in 1..=MAX_TITLE_LINES.min(lines.len()) {
        for part in lines.windows(count) {
            let Some((agency, year)) = read_title(part.iter().map(|(_, t)| *t)) else {
                continue;
            };
            let block = part[count - 1].0;
            let title = Title {
                agency,
                year,
                text: part.iter().map(|(_, t)| *t).collect(),
                block,
                ends_at: None,
                next_block: block + 1,
            };
            if title.agency.is_empty() {
                agencyless.get_or_insert(title);
            } else if count == 1 {
                return Some(title);
            } else {
                joined.push(title);
            }
        }
    }
    // A line joined above the title should name an agency, not be stray page text.
    if let Some(i) = joined
        .iter()
        .position(|t| looks_like_agency(&t.agency) || looks_like_region(&t.agency))
    {
        return Some(joined.swap_remove(i));
    }
    if let Some(title) = joined.into_iter().next() {
        return Some(title);
    }

    // A title opening a line that goes on.
    for &(block, text) in &lines {
        let line = doc.blocks[block].as_line()?;
        let offset = text.as_ptr() as usize - line.text.as_ptr() as usize;
        let head = &text[..chinese::floor_char_boundary(text, SEARCH_BYTES)];
        let Some(found) = title_in(head, Boundary::Space) else {
            continue;
        };
        let end = offset + found.range.end;
        let rest = trim(&line.text[end..]);
        let title = Title {
            agency: found.agency,
            year: found.year,
            text: text[found.range].to_string(),
            block,
            ends_at: (!rest.is_empty()).then_some(end),
            next_block: block + 1,
        };
        if !title.agency.is_empty() {
            return Some(title);
        }
        agencyless.get_or_insert(title);
    }
    agencyless
}

/// Agency and year when `lines`, joined, read as a whole title.
fn read_title<'a>(lines: impl Iterator<Item = &'a str>) -> Option<(String, i32)> {
    let joined: String = lines
        .flat_map(str::chars)
        .filter(|c| !is_space(*c) && *c != '*')
        .map(chinese::fold_width)
        .collect();
    let caps = TITLE_RE.captures(&joined)?;
    let year = chinese::digitwise(&caps["year"])? as i32;
    let pre = agency::clean(&caps["pre"]);
    let mid = agency::clean(&caps["mid"]);
    let agency = if pre.is_empty() { mid } else { pre };
    if !agency::plausible(&agency) {
        return None;
    }
    Some((agency, year))
}

/// Where the words before a title's year may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boundary {
    /// At the start of the text or after a space: a title opening a line or set between
    /// page words by spaces. A title after punctuation is inside a sentence, not one.
    Space,
    /// After any character that is not part of a name (space, punctuation, ASCII): a file
    /// name (`80597_某某局2021年度政府信息公开工作年度报告.txt`).
    Any,
}

/// A title found inside a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleIn {
    /// The agency it names; empty when it names none.
    pub agency: String,
    pub year: i32,
    /// Where in the text the title is.
    pub range: std::ops::Range<usize>,
}

/// The first title inside `text` whose agency (the words before its year, back to a
/// `boundary`, or those between its year and `政府信息公开`) is a name.
pub fn title_in(text: &str, boundary: Boundary) -> Option<TitleIn> {
    for caps in TITLE_IN_TEXT_RE.captures_iter(text) {
        let (Some(whole), Some(year)) = (caps.get(0), caps.name("year")) else {
            continue;
        };
        let Some(year_value) = chinese::digitwise(year.as_str())
            .map(|y| y as i32)
            .filter(|y| (1990..=2100).contains(y))
        else {
            continue;
        };
        let before = text[..year.start()].trim_end_matches(is_space);
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !is_name_char(*c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        if start > 0
            && boundary == Boundary::Space
            && !before[..start].ends_with(|c: char| is_space(c) || c == '#' || c == '*')
        {
            continue;
        }
        let pre = agency::clean(&before[start..]);
        let mid = agency::clean(caps.name("mid").map_or("", |m| m.as_str()));
        let agency = if pre.is_empty() { mid } else { pre };
        let named = agency.is_empty() || looks_like_agency(&agency) || looks_like_region(&agency);
        if !named || !agency::plausible(&agency) {
            continue;
        }
        return Some(TitleIn {
            agency,
            year: year_value,
            range: start..whole.end(),
        });
    }
    None
}

/// A character an agency's name (with the `关于报送` before a year) can hold.
fn is_name_char(c: char) -> bool {
    !(is_space(c) || c.is_ascii() || "，。；：、！？（）《》“”‘’【】＜＞…—－·｜／".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(text: &str) -> Option<(String, i32, String, usize)> {
        find_title(&Document::from_text(text)).map(|t| (t.agency, t.year, t.text, t.next_block))
    }

    #[test]
    fn agency_and_year_on_two_lines() {
        let t = title("\n威海市文登区张家产镇人民政府\n2023年政府信息公开工作年度报告\n\n根据…")
            .unwrap();
        assert_eq!(t.0, "威海市文登区张家产镇人民政府");
        assert_eq!(t.1, 2023);
        assert_eq!(
            t.2,
            "威海市文登区张家产镇人民政府2023年政府信息公开工作年度报告"
        );
        assert_eq!(t.3, 3);
    }

    #[test]
    fn split_mid_phrase() {
        let t = title("沂源县张家坡镇人民政府2023年政府信息\n公开工作年度报告\n").unwrap();
        assert_eq!(t.0, "沂源县张家坡镇人民政府");
        assert_eq!(t.2, "沂源县张家坡镇人民政府2023年政府信息公开工作年度报告");
        assert_eq!(t.3, 2);
    }

    #[test]
    fn spaces_around_the_year_after_an_attachment_line() {
        let t = title(
            "\n\n附件 1\n\n莱州市柞村镇人民政府 2023 年政府信息公开工作年度报告\n\n一、总体情况",
        )
        .unwrap();
        assert_eq!(t.0, "莱州市柞村镇人民政府");
        assert_eq!(t.2, "莱州市柞村镇人民政府 2023 年政府信息公开工作年度报告");
        assert_eq!(t.3, 5);
    }

    #[test]
    fn year_first_with_year_suffix_and_full_width_digits() {
        let t = title("２０２２年青岛市教育局政府信息公开工作年度报告").unwrap();
        assert_eq!((t.0.as_str(), t.1), ("青岛市教育局", 2022));
        let t = title("济南市财政局2021年度政府信息公开工作年度报告").unwrap();
        assert_eq!((t.0.as_str(), t.1), ("济南市财政局", 2021));
        let t = title("关于二〇二〇年某某县人民政府政府信息公开工作年度报告").unwrap();
        assert_eq!((t.0.as_str(), t.1), ("某某县人民政府", 2020));
    }

    #[test]
    fn a_title_may_name_no_agency() {
        let t =
            title("2023年政府信息公开工作年度报告\n正文。\n某某市统计局\n2024年1月20日\n").unwrap();
        assert_eq!((t.0.as_str(), t.1, t.3), ("", 2023, 1));
    }

    #[test]
    fn markdown_marks_and_spaces_and_year_suffix() {
        let t = title("# 某某县人民政府 2024 年政府信息公开工作年度报告\n").unwrap();
        assert_eq!((t.0.as_str(), t.1), ("某某县人民政府", 2024));
        let t = title("## **某某县人民政府2024年度 政府信息公开 工作年度报告**\n").unwrap();
        assert_eq!((t.0.as_str(), t.1), ("某某县人民政府", 2024));
        let t = title("某某县人民政府 2024 年度 政府信息公开工作年度报告\n").unwrap();
        assert_eq!((t.0.as_str(), t.1), ("某某县人民政府", 2024));
    }

    #[test]
    fn a_title_opening_a_line_that_goes_on() {
        let doc = Document::from_text(
            "平潭综合实验区苏平片区管理局关于报送2020年度政府信息公开工作年度报告的函区办公室：根据《条例》要求。",
        );
        let t = find_title(&doc).unwrap();
        assert_eq!(t.agency, "平潭综合实验区苏平片区管理局");
        assert_eq!(t.year, 2020);
        assert_eq!(
            t.text,
            "平潭综合实验区苏平片区管理局关于报送2020年度政府信息公开工作年度报告的函"
        );
        assert_eq!((t.block, t.next_block), (0, 1));
        assert_eq!(
            &doc.lines().next().unwrap().text[t.ends_at.unwrap()..],
            "区办公室：根据《条例》要求。"
        );

        let doc = Document::from_text(
            "\n 某某局2021年度政府信息公开工作年度报告 来源： 时间：2022-01-07 17:53 根据",
        );
        let t = find_title(&doc).unwrap();
        assert_eq!((t.agency.as_str(), t.year, t.block), ("某某局", 2021, 1));
        assert_eq!(t.text, "某某局2021年度政府信息公开工作年度报告");
        assert_eq!(
            &doc.blocks[1].text()[t.ends_at.unwrap()..],
            " 来源： 时间：2022-01-07 17:53 根据"
        );

        // Inside a sentence it is not a title.
        let doc =
            Document::from_text("根据要求，现将某某局2023年政府信息公开工作年度报告公布如下。");
        assert_eq!(find_title(&doc), None);
    }

    #[test]
    fn titles_in_file_names_and_page_titles() {
        let t = title_in(
            "80597_平潭综合实验区市场监督管理局2021年度政府信息公开工作年度报告.txt",
            Boundary::Any,
        )
        .unwrap();
        assert_eq!(
            (t.agency.as_str(), t.year, t.range),
            ("平潭综合实验区市场监督管理局", 2021, 6..94)
        );
        let t = title_in(
            "某某局2023年政府信息公开工作年度报告_某某市人民政府",
            Boundary::Space,
        )
        .unwrap();
        assert_eq!((t.agency.as_str(), t.year), ("某某局", 2023));
        assert_eq!(title_in("r01.html", Boundary::Any), None);
        assert_eq!(
            title_in("现将2023年政府信息公开工作年度报告", Boundary::Any),
            None
        );
    }

    #[test]
    fn not_a_report() {
        assert_eq!(title("会议纪要\n2023年第一次常务会议\n"), None);
        assert_eq!(title(""), None);
        // A metadata line above the title is not taken as the agency.
        let t =
            title("索引号：1137/2024-001\n某某镇人民政府2023年政府信息公开工作年度报告").unwrap();
        assert_eq!(t.0, "某某镇人民政府");
        // Stray page text above a two-line title is passed over for the agency line.
        let t = title("首页\n济南市\n2023年政府信息公开工作年度报告\n").unwrap();
        assert_eq!(
            (t.0.as_str(), t.2.as_str()),
            ("济南市", "济南市2023年政府信息公开工作年度报告")
        );
    }
}
