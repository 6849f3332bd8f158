//! Chinese text as reports print it: the helpers every stage of recognition shares, in one
//! place.
//!
//! - Space: ASCII whitespace, the ideographic space U+3000 (typed between words and after
//!   dates), the no-break space U+00A0 (`&nbsp;` of web pages), and the invisible U+FEFF and
//!   U+200B that editors and pages leave behind.
//! - Width: full-width digits and the punctuation of numbers fold to ASCII.
//! - Numerals: Arabic in either width; Chinese from 一 to 九十九 (十二, 二十二); years digit by
//!   digit (二〇二四).
//! - Enumerators: `一、` `1.` `2、` `（一）` `(1)` `第一部分` `一是` at the start of a text.
//! - Dates: `2024年1月22日` in any width, with spaces, or in Chinese numerals; metadata dates
//!   (`2024-01-20 10:30`); a whole year printed as a period (`自2023年1月1日起至2023年12月31日止`).
//! - Sentences end after `。！？!?` (with the closing quote or bracket that follows); a line
//!   at least [`WRAPPED_LINE_CHARS`] long that ends without sentence punctuation was wrapped,
//!   and the next line continues its paragraph unless it opens with an enumerator.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Date;

/// Whether `c` is space as reports print it (see the module's contract).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}')
}

/// `text` without the space at either end.
pub fn trim(text: &str) -> &str {
    text.trim_matches(is_space)
}

/// `text` with every space removed.
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !is_space(*c)).collect()
}

/// Full-width digits and the punctuation used in numbers folded to ASCII; other characters
/// unchanged.
pub fn fold_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '，' => ',',
        '．' => '.',
        '－' => '-',
        '＋' => '+',
        _ => c,
    }
}

/// The value of one digit: ASCII or full-width, or a Chinese digit (〇 and its look-alikes
/// included).
fn digit(c: char) -> Option<u32> {
    match fold_width(c) {
        d @ '0'..='9' => d.to_digit(10),
        '〇' | '○' | '零' | 'Ｏ' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// Whether `c` is one of the Chinese numerals an enumerator prints: 一 to 十 (`三、`,
/// `（七）`, `十二`).
pub fn is_enumerator_numeral(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

/// A number written digit by digit: `2024`, `２０２４`, `二〇二四`.
pub fn digitwise(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    text.chars()
        .try_fold(0u32, |acc, c| acc.checked_mul(10)?.checked_add(digit(c)?))
}

/// A numeral: Arabic digits in either width (`12`, `１２`), or Chinese from 一 to 九十九
/// (`三`, `十`, `十二`, `二十`, `二十二`).
pub fn numeral(text: &str) -> Option<u32> {
    if !text.is_empty() && text.chars().all(|c| fold_width(c).is_ascii_digit()) {
        return digitwise(text);
    }
    let one = |s: &str| {
        let mut chars = s.chars();
        let c = chars.next()?;
        (chars.next().is_none() && !fold_width(c).is_ascii_digit())
            .then(|| digit(c))
            .flatten()
            .filter(|d| *d > 0)
    };
    match text.split_once('十') {
        None => one(text),
        Some((tens, ones)) => {
            let tens = if tens.is_empty() { 1 } else { one(tens)? };
            let ones = if ones.is_empty() { 0 } else { one(ones)? };
            Some(tens * 10 + ones)
        }
    }
}

/// The largest char boundary of `text` at or below `at`: where to cut a text to look at
/// no more than `at` bytes of it.
pub fn floor_char_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// How an item is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enumerator {
    /// `（一）`, `(2)`.
    Paren,
    /// `一、`, `1.`, `2、`, `３．` (not `1.5`).
    Listed,
    /// `第二部分`.
    Part,
    /// `一是`, `二是`: items inside a paragraph.
    Shi,
}

/// An enumerator opening a text: its style, its number and the text after it (leading
/// space trimmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enumerated<'a> {
    pub style: Enumerator,
    pub number: u32,
    pub rest: &'a str,
}

/// The numerals of an enumerator: Chinese (up to three characters) or one or two digits.
const NUMERAL: &str = r"[一二三四五六七八九十]{1,3}|[0-9０-９]{1,2}";

static PAREN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^[（(]\s*({NUMERAL})\s*[）)]\s*")).expect("paren regex")
});

static LISTED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^({NUMERAL})\s*[、.．]([^0-9０-９]|$)")).expect("listed regex")
});

static PART_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^第\s*([一二三四五六七八九十])\s*部分\s*[、.．:：]?\s*").expect("part regex")
});

/// The enumerator `text` opens with, if any.
pub fn enumerator(text: &str) -> Option<Enumerated<'_>> {
    // The first character says which kinds the text can open with; most texts open with
    // none, and each pattern is tried only where it can match.
    let first = text.chars().next()?;
    match first {
        '（' | '(' => {
            let caps = PAREN_RE.captures(text)?;
            Some(Enumerated {
                style: Enumerator::Paren,
                number: numeral(&caps[1])?,
                rest: &text[caps.get(0)?.end()..],
            })
        }
        '第' => {
            let caps = PART_RE.captures(text)?;
            Some(Enumerated {
                style: Enumerator::Part,
                number: numeral(&caps[1])?,
                rest: &text[caps.get(0)?.end()..],
            })
        }
        _ if fold_width(first).is_ascii_digit() => listed(text),
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' => {
            listed(text).or_else(|| {
                let (number, len) = shi_at(text, 0)?;
                Some(Enumerated {
                    style: Enumerator::Shi,
                    number,
                    rest: &text[len..],
                })
            })
        }
        _ => None,
    }
}

/// A `一、` `1.` `2、` enumerator opening `text`.
fn listed(text: &str) -> Option<Enumerated<'_>> {
    // Its mark comes within the first few characters.
    let head = &text[..floor_char_boundary(text, 16)];
    if !head.contains(['、', '.', '．']) {
        return None;
    }
    let caps = LISTED_RE.captures(text)?;
    let rest = caps.get(2).map_or(text.len(), |m| m.start());
    Some(Enumerated {
        style: Enumerator::Listed,
        number: numeral(&caps[1])?,
        rest: text[rest..].trim_start_matches(is_space),
    })
}

/// `N是` at byte `at` of `text`: the number and the byte offset just after `是`.
pub fn shi_at(text: &str, at: usize) -> Option<(u32, usize)> {
    let rest = &text[at..];
    let numeral_len = rest
        .char_indices()
        .take_while(|(_, c)| "一二三四五六七八九十".contains(*c))
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    if !rest[numeral_len..].starts_with('是') {
        return None;
    }
    Some((
        numeral(&rest[..numeral_len])?,
        at + numeral_len + '是'.len_utf8(),
    ))
}

/// A printed date inside a text: `2024年1月22日`, `２０２４年１月２２日`, ` 2024 年 1 月 11 日`,
/// `二〇二四年一月二十二日`.
static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<y>[0-9０-９]{4}|[〇○零Ｏ一二三四五六七八九]{4})[\s\u{feff}]*年[\s\u{feff}]*(?P<m>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})[\s\u{feff}]*月[\s\u{feff}]*(?P<d>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[\s\u{feff}]*日",
    )
    .expect("date regex")
});

fn date_of(caps: &regex::Captures) -> Option<Date> {
    Date::new(
        digitwise(&caps["y"])? as i32,
        numeral(&caps["m"])?,
        numeral(&caps["d"])?,
    )
}

/// A line that is a date and nothing else (space around it allowed).
pub fn date_line(text: &str) -> Option<Date> {
    let text = trim(text);
    let caps = DATE_RE.captures(text)?;
    let whole = caps.get(0)?;
    (whole.start() == 0 && whole.end() == text.len())
        .then(|| date_of(&caps))
        .flatten()
}

/// The date a text ends with (space after it allowed), with the byte offset it starts at:
/// a signature line `某某局 2024年1月5日`.
pub fn date_at_end(text: &str) -> Option<(usize, Date)> {
    let text = text.trim_end_matches(is_space);
    let caps = DATE_RE.captures_iter(text).last()?;
    let whole = caps.get(0)?;
    (whole.end() == text.len())
        .then(|| date_of(&caps).map(|d| (whole.start(), d)))
        .flatten()
}

/// The date at the start of a metadata value: `2024-01-20`, `2024/1/20 10:30`, `2024.01.20`,
/// `2024年01月20日`.
pub fn date_in(text: &str) -> Option<Date> {
    static META_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\D|$)")
            .expect("metadata date regex")
    });
    let folded: String = text.chars().map(fold_width).collect();
    let caps = META_DATE_RE.captures(&folded)?;
    Date::new(
        caps[1].parse().ok()?,
        caps[2].parse().ok()?,
        caps[3].parse().ok()?,
    )
}

/// A whole calendar year printed as a period: `2023年1月1日起至2023年12月31日止`,
/// `2025年1月1日至12月31日` (the year left out the second time).
static YEAR_PERIOD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"([0-9]{4})\s*年\s*0?1\s*月\s*0?1\s*日[^。；]{0,8}?(?:至|到|—|－|-|~|～)\s*(?:([0-9]{4})\s*年\s*)?12\s*月\s*31\s*日",
    )
    .expect("year period regex")
});

/// A statistics period given as a year: `统计期限为2023年度`, `数据统计时间：2023年`.
static PERIOD_YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"统计(?:期限|时限|时间|期间|区间)\s*[为是：:]?\s*([0-9]{4})\s*年(?:度|全年)?(?:[，,。；;）)]|$)")
        .expect("period year regex")
});

/// The year of the first whole-year period in `text` (see [`YEAR_PERIOD_RE`]), else of a
/// statistics period given as a year; a period whose two years differ names none.
pub fn year_period(text: &str) -> Option<i32> {
    if !text.contains("31") && !text.contains("３１") && !text.contains("统计") {
        return None;
    }
    let folded: String = text.chars().map(fold_width).collect();
    YEAR_PERIOD_RE
        .captures_iter(&folded)
        .find_map(|caps| {
            let first: i32 = caps[1].parse().ok()?;
            let second = caps
                .get(2)
                .map_or(Some(first), |y| y.as_str().parse().ok())?;
            (first == second).then_some(first)
        })
        .or_else(|| PERIOD_YEAR_RE.captures(&folded)?[1].parse().ok())
}

/// Characters that end a sentence.
const SENTENCE_END: [char; 5] = ['。', '！', '？', '!', '?'];
/// Closing marks that stay with the sentence they follow (`…。”`).
const CLOSING: [char; 6] = ['”', '’', '」', '』', '）', ')'];

/// The byte ranges of `text`'s sentences: each ends after its `。！？!?` and the closing
/// marks right after it; the last one ends with the text. Nothing is left out.
pub fn sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !SENTENCE_END.contains(&c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, next)) = chars.peek() {
            if !CLOSING.contains(&next) {
                break;
            }
            end = j + next.len_utf8();
            chars.next();
        }
        out.push(start..end);
        start = end;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// Whether `text` ends a sentence or a clause that introduces what follows.
pub fn ends_sentence(text: &str) -> bool {
    text.ends_with(['。', '；', ';', '！', '!', '？', '?', '：', ':'])
}

/// A line at least this long that ends without sentence punctuation was wrapped: the next
/// line continues it. Shorter ones are sub-headings (（一）主动公开方面).
pub const WRAPPED_LINE_CHARS: usize = 28;

/// Whether the (trimmed, non-empty) line `next` continues the paragraph whose last line is
/// `prev`: `prev` was wrapped, and `next` does not open with an enumerator.
pub fn continues(prev: &str, next: &str) -> bool {
    is_wrapped(prev) && enumerator(next).is_none()
}

/// Whether a line was wrapped (see [`WRAPPED_LINE_CHARS`]).
pub fn is_wrapped(line: &str) -> bool {
    !ends_sentence(line) && line.chars().count() >= WRAPPED_LINE_CHARS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn space_of_every_kind() {
        assert_eq!(trim("\u{3000}\u{a0} 正文\u{feff}\u{200b}\t"), "正文");
        assert_eq!(squeeze("2024 年\u{3000}度\u{a0}报告"), "2024年度报告");
        assert!(!is_space('０'));
    }

    #[test]
    fn numerals_in_every_form() {
        for (text, n) in [
            ("3", 3),
            ("１２", 12),
            ("一", 1),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("二十二", 22),
            ("九十九", 99),
        ] {
            assert_eq!(numeral(text), Some(n), "{text}");
        }
        for text in ["", "二二", "〇", "十十", "百", "1二", "二1"] {
            assert_eq!(numeral(text), None, "{text}");
        }
        assert_eq!(digitwise("二〇二四"), Some(2024));
        assert_eq!(digitwise("２０２３"), Some(2023));
        assert_eq!(digitwise("二○二○"), Some(2020));
        assert_eq!(digitwise("二十"), None);
    }

    #[test]
    fn enumerators_and_what_follows_them() {
        let e = |t| enumerator(t).map(|e| (e.style, e.number, e.rest));
        assert_eq!(
            e("（一）主要问题"),
            Some((Enumerator::Paren, 1, "主要问题"))
        );
        assert_eq!(e("( 2 ) 甲"), Some((Enumerator::Paren, 2, "甲")));
        assert_eq!(e("三、收到"), Some((Enumerator::Listed, 3, "收到")));
        assert_eq!(e("5、 存在"), Some((Enumerator::Listed, 5, "存在")));
        assert_eq!(e("１０．甲"), Some((Enumerator::Listed, 10, "甲")));
        assert_eq!(e("十一、甲"), Some((Enumerator::Listed, 11, "甲")));
        assert_eq!(e("第二部分 主动"), Some((Enumerator::Part, 2, "主动")));
        assert_eq!(e("二是加强"), Some((Enumerator::Shi, 2, "加强")));
        assert_eq!(e("1.5万元"), None);
        assert_eq!(e("统一是关键"), None);
        assert_eq!(e("规章"), None);
        assert_eq!(shi_at("甲。三是乙", 6), Some((3, 12)));
    }

    #[test]
    fn dates_in_every_printed_form() {
        let d = |y, m, d| Date::new(y, m, d);
        assert_eq!(date_line("2024年1月22日"), d(2024, 1, 22));
        assert_eq!(date_line(" 2024 年 1 月 11 日 "), d(2024, 1, 11));
        assert_eq!(date_line("２０２４年１月２２日"), d(2024, 1, 22));
        assert_eq!(date_line("二〇二四年一月二十二日"), d(2024, 1, 22));
        assert_eq!(date_line("二〇二四年十二月十日"), d(2024, 12, 10));
        assert_eq!(date_line("2024年1月5日\u{3000}\u{3000}"), d(2024, 1, 5));
        assert_eq!(date_line("2024年2月30日"), None);
        assert_eq!(date_line("统计期限从2023年1月1日到12月31日止"), None);
        assert_eq!(
            date_at_end("社会事业局\u{3000}2026年1月23日"),
            Some((18, Date::new(2026, 1, 23).unwrap()))
        );
        assert_eq!(date_at_end("2024年1月5日发布。"), None);
    }

    #[test]
    fn periods_of_a_whole_year() {
        assert_eq!(
            year_period("本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。"),
            Some(2023)
        );
        assert_eq!(
            year_period("本报告所列数据统计期限为2025年1月1日至12月31日"),
            Some(2025)
        );
        assert_eq!(
            year_period("涵盖２０２０年１月１日至２０２０年１２月３１日期间"),
            Some(2020)
        );
        assert_eq!(year_period("自2022年1月1日至2023年12月31日"), None);
        assert_eq!(year_period("截至2021年12月31日，主动公开"), None);
        assert_eq!(year_period("本报告统计期限为2023年度。"), Some(2023));
        assert_eq!(year_period("统计时间：2023年"), Some(2023));
        assert_eq!(year_period("统计期限为2023年1月"), None);
    }

    #[test]
    fn metadata_dates() {
        for text in [
            "2024-01-20",
            "2024/1/20 10:30",
            "2024.01.20",
            "2024年01月20日",
            "２０２４-01-20",
        ] {
            assert_eq!(date_in(text), Date::new(2024, 1, 20), "{text}");
        }
        for text in ["2024-13-01", "20240120", "发布"] {
            assert_eq!(date_in(text), None, "{text}");
        }
    }

    #[test]
    fn sentences_keep_their_closing_marks_and_lose_nothing() {
        let text = "一是“公开”。二是甲！“乙。”丙。。";
        let pieces: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            pieces,
            vec!["一是“公开”。", "二是甲！", "“乙。”", "丙。", "。"]
        );
        assert!(sentences("").is_empty());
    }

    #[test]
    fn wrapped_lines_continue_unless_the_next_is_enumerated() {
        let long = "政府信息公开工作取得了一定的成绩，但还存在一定差距，主要表现在";
        assert!(continues(long, "部分科室不够重视。"));
        assert!(!continues(long, "（二）部分科室不够重视。"));
        assert!(!continues("（一）主动公开方面", "正文"));
        assert!(!continues(
            "政府信息公开工作取得了一定的成绩，但还存在一定差距。",
            "正文"
        ));
    }
}
