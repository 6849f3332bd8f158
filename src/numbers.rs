//! Numbers as printed in the wild: thousands separators (1,234), full-width digits (１２),
//! spaces inside numbers, units (万元, 元, 件), decimals, signs; and the marks that stand for
//! an empty cell (blank, `/`, `—`, `无`).

use crate::chinese::is_space;

/// What a table cell's text holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellText {
    /// A number.
    Number(f64),
    /// An empty cell or a mark standing for one: NULL, with its raw text kept.
    Blank,
    /// Anything else: a label.
    Text,
}

/// Marks that mean "nothing here" rather than a number.
const BLANK_MARKS: &[&str] = &[
    "", "/", "／", "-", "—", "——", "–", "－", "\\", "无", "空", "×", "╱",
];

/// Units printed after a number, longest first.
const UNITS: &[&str] = &["万元", "人次", "元", "件", "个", "条", "项", "次"];

/// A number's text and the unit printed after it (`48元` → `48`, `元`); no unit → "".
pub fn strip_unit(text: &str) -> (&str, &str) {
    UNITS
        .iter()
        .find_map(|u| text.strip_suffix(u).map(|rest| (rest, &text[rest.len()..])))
        .unwrap_or((text, ""))
}

/// Width folding is one of the text helpers; numbers are where the table reader asks for it.
pub use crate::chinese::fold_width;

/// Classify a cell's text.
pub fn classify(text: &str) -> CellText {
    let trimmed = text.trim();
    if BLANK_MARKS.contains(&trimmed) {
        return CellText::Blank;
    }
    match parse_number(trimmed) {
        Some(v) => CellText::Number(v),
        None => CellText::Text,
    }
}

/// Parse a printed number; `None` if the text is not one.
pub fn parse_number(text: &str) -> Option<f64> {
    // Most text asked is a label or a sentence: it is no number if it does not start as
    // one, which is known before copying it.
    let first = text.chars().map(fold_width).find(|c| !is_space(*c))?;
    if !(first.is_ascii_digit() || first == '-' || first == '+') {
        return None;
    }
    let mut s: String = text
        .chars()
        .map(fold_width)
        .filter(|c| !is_space(*c))
        .collect();
    s.truncate(strip_unit(&s).0.len());
    if s.is_empty() {
        return None;
    }
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, s.strip_prefix('+').unwrap_or(&s)),
    };
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    if !valid_grouping(int_part) {
        return None;
    }
    if let Some(f) = frac_part
        && (f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let plain: String = int_part.chars().filter(|c| *c != ',').collect();
    let value: f64 = match frac_part {
        Some(f) => format!("{plain}.{f}").parse().ok()?,
        None => plain.parse().ok()?,
    };
    Some(sign * value)
}

/// Digits, optionally grouped by commas in threes (1,234,567).
fn valid_grouping(int_part: &str) -> bool {
    if !int_part.contains(',') {
        return !int_part.is_empty() && int_part.chars().all(|c| c.is_ascii_digit());
    }
    let groups: Vec<&str> = int_part.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    first_ok
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3)
}

/// A number as a run printed with nothing between its numbers (a glued row) can hold it:
/// an optional `-`, digits without leading zeros (`0` alone is fine), an optional fraction
/// of 1–6 digits not ending in 0; `-0` is not a number. A split of a run is valid only when
/// every piece is one of these.
pub fn well_formed_in_run(token: &[u8]) -> bool {
    let (neg, t) = match token.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, token),
    };
    let (int, frac) = match t.iter().position(|&b| b == b'.') {
        Some(p) => (&t[..p], Some(&t[p + 1..])),
        None => (t, None),
    };
    if int.is_empty() || !int.iter().all(u8::is_ascii_digit) || (int.len() > 1 && int[0] == b'0') {
        return false;
    }
    if let Some(f) = frac
        && (f.is_empty()
            || f.len() > 6
            || !f.iter().all(u8::is_ascii_digit)
            || f.last() == Some(&b'0'))
    {
        return false;
    }
    !(neg && frac.is_none() && int == b"0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_their_printed_forms() {
        assert_eq!(parse_number("217"), Some(217.0));
        assert_eq!(parse_number("1,234"), Some(1234.0));
        assert_eq!(parse_number("１２"), Some(12.0));
        assert_eq!(parse_number("1 234"), Some(1234.0));
        assert_eq!(parse_number("251000元"), Some(251000.0));
        assert_eq!(parse_number("3.5万元"), Some(3.5));
        assert_eq!(parse_number("0.012345"), Some(0.012345));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("12件"), Some(12.0));
        assert_eq!(parse_number("5人次"), Some(5.0));
        assert_eq!(parse_number("1,23"), None);
        assert_eq!(parse_number("1.属于国家秘密"), None);
        assert_eq!(parse_number("自然人"), None);
        assert_eq!(parse_number("万元"), None);
    }

    #[test]
    fn blank_marks_are_blank_not_zero() {
        for mark in ["", " ", "/", "—", "无", "-"] {
            assert_eq!(classify(mark), CellText::Blank, "{mark:?}");
        }
        assert_eq!(classify("0"), CellText::Number(0.0));
        assert_eq!(classify("行政许可"), CellText::Text);
    }
}
