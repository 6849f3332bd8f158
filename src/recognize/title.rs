//! The report's title: agency and year.
//!
//! A title reads `<agency><year>年[度]政府信息公开[工作]年度报告`, possibly with the year
//! first (`2023年<agency>政府信息公开工作年度报告`), split over up to three lines, with spaces
//! around the year and full-width digits. It sits among the first few non-empty lines,
//! possibly after an `附件 1` line.

use std::sync::LazyLock;

use regex::Regex;

use crate::chinese::{self, is_space, trim};
use crate::document::{Block, Document};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// The agency's name as printed (威海市文登区张家产镇人民政府).
    pub agency: String,
    pub year: i32,
    /// The title as printed, joined into one line.
    pub text: String,
    /// Index into `doc.blocks` of the first block after the title.
    pub next_block: usize,
}

/// How many non-empty lines from the top may hold the title.
const SEARCH_LINES: usize = 8;
/// How many lines one title may be split over.
const MAX_TITLE_LINES: usize = 3;

/// The whole title, with whitespace removed and digits folded to ASCII.
static TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<pre>.*?)(?P<year>(?:19|20)\d{2}|二[〇○零Ｏ0][〇○零Ｏ0一二三四五六七八九]{2})年度?(?P<mid>.*?)政府信息公开(?:工作)?年度?报告(?:[（(][^（）()]*[)）])?$",
    )
    .expect("title regex")
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
            let title = Title {
                agency,
                year,
                text: part.iter().map(|(_, t)| *t).collect(),
                next_block: part[count - 1].0 + 1,
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

    // `2023年政府信息公开工作年度报告` with no agency in it: the agency is the one that signs,
    // else the publisher the file names outside the text (a page's 发布机构).
    let mut title = agencyless?;
    title.agency = signing_agency(doc).or_else(|| {
        let publisher: String = doc
            .properties
            .publisher
            .as_deref()?
            .chars()
            .filter(|c| !is_space(*c))
            .collect();
        (!publisher.is_empty() && plausible_agency(&publisher)).then_some(publisher)
    })?;
    Some(title)
}

/// Agency and year when `lines`, joined, read as a whole title.
fn read_title<'a>(lines: impl Iterator<Item = &'a str>) -> Option<(String, i32)> {
    let joined: String = lines
        .flat_map(str::chars)
        .filter(|c| !is_space(*c))
        .map(chinese::fold_width)
        .collect();
    let caps = TITLE_RE.captures(&joined)?;
    let year = chinese::digitwise(&caps["year"])? as i32;
    let pre = clean_agency(&caps["pre"]);
    let mid = clean_agency(&caps["mid"]);
    let agency = if pre.is_empty() { mid } else { pre };
    if !plausible_agency(&agency) {
        return None;
    }
    Some((agency, year))
}

/// The agency part of a title without wrapping words: `关于`, quotes, book-title marks.
fn clean_agency(text: &str) -> String {
    let mut s = text.trim_matches(|c| matches!(c, '《' | '》' | '“' | '”' | '"'));
    s = s.strip_prefix("关于").unwrap_or(s);
    s = s.strip_suffix("关于").unwrap_or(s);
    s = s.strip_suffix('的').unwrap_or(s);
    s.to_string()
}

/// Empty (to be found elsewhere) or a name: no sentence punctuation, no field labels.
fn plausible_agency(agency: &str) -> bool {
    agency.chars().count() <= 40
        && !agency.contains(|c| {
            matches!(
                c,
                '：' | ':' | '，' | ',' | '。' | '；' | ';' | '！' | '？' | '/' | '[' | ']'
            )
        })
}

/// The agency on the closing lines: the last short line before a final date line.
fn signing_agency(doc: &Document) -> Option<String> {
    let mut tail = doc
        .lines()
        .map(|l| trim(&l.text))
        .filter(|t| !t.is_empty())
        .rev();
    let last = tail.next()?;
    let name = if chinese::date_line(last).is_some() {
        tail.next()?
    } else {
        last
    };
    let name: String = name.chars().filter(|c| !is_space(*c)).collect();
    (!name.is_empty()
        && name.chars().count() <= 30
        && plausible_agency(&name)
        && looks_like_agency(&name))
    .then_some(name)
}

/// Ends the way Chinese agency names end.
pub(crate) fn looks_like_agency(name: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "政府",
        "办公室",
        "办公厅",
        "委员会",
        "局",
        "厅",
        "部",
        "委",
        "办",
        "署",
        "院",
        "中心",
        "处",
        "所",
        "站",
        "队",
        "会",
        "馆",
        "街道",
        "镇",
        "乡",
        "办事处",
        "管委会",
        "集团",
        "公司",
        "学校",
        "大学",
        "医院",
        "检察院",
        "法院",
        "政协",
        "人大常委会",
    ];
    ENDINGS.iter().any(|e| name.ends_with(e))
}

/// A region whose government reports under its own name (济南市, 沂源县, 市中区).
fn looks_like_region(name: &str) -> bool {
    name.ends_with(['省', '市', '县', '区', '州', '旗', '盟'])
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
    fn title_without_agency_takes_the_signing_agency() {
        let t =
            title("2023年政府信息公开工作年度报告\n正文。\n某某市统计局\n2024年1月20日\n").unwrap();
        assert_eq!((t.0.as_str(), t.1), ("某某市统计局", 2023));
        assert_eq!(title("2023年政府信息公开工作年度报告\n正文。\n"), None);
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
