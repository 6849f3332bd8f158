//! Label text: normalizing what reports print (numbering, spaces, brackets, full-width
//! forms, typos) and matching it to the template's rows and columns.

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use crate::chinese::is_enumerator_numeral;
use crate::numbers::fold_width;
use crate::vocab::{ColSpec, RowSpec, TableSpec};

/// Strip leading enumerators: `一、` `（三）` `(3)` `1.` `1、` `三（七）`, any number of them.
pub fn strip_numbering(text: &str) -> &str {
    let mut s = text.trim_start_matches(is_space);
    loop {
        let before = s;
        s = strip_one_enumerator(s).trim_start_matches(is_space);
        if s.len() == before.len() {
            return s;
        }
    }
}

fn strip_one_enumerator(s: &str) -> &str {
    let mut chars = s.char_indices().peekable();
    // （七） / (3)
    if let Some(&(_, c)) = chars.peek()
        && (c == '（' || c == '(')
    {
        chars.next();
        let mut inner = 0;
        while let Some(&(_, c)) = chars.peek() {
            if is_enumerator_numeral(c) || fold_width(c).is_ascii_digit() || is_space(c) {
                inner += 1;
                chars.next();
            } else {
                break;
            }
        }
        if inner > 0
            && let Some(&(i, c)) = chars.peek()
            && (c == '）' || c == ')')
        {
            return &s[i + c.len_utf8()..];
        }
        return s;
    }
    // 一、 / 1. / 1、 / 1．
    let mut count = 0;
    let mut end = 0;
    let mut is_cn = false;
    for (i, c) in s.char_indices() {
        if is_enumerator_numeral(c) {
            is_cn = true;
        } else if !fold_width(c).is_ascii_digit() {
            end = i;
            break;
        }
        count += 1;
        end = i + c.len_utf8();
    }
    if count == 0 || count > 3 {
        return s;
    }
    let rest = &s[end..];
    let rest_trim = rest.trim_start_matches(is_space);
    match rest_trim.chars().next() {
        Some(c @ ('、' | '.' | '．' | ',' | '，')) => {
            // `1.5` is a number, not an enumerator.
            let after = &rest_trim[c.len_utf8()..];
            if !is_cn && after.starts_with(|d: char| fold_width(d).is_ascii_digit()) {
                return s;
            }
            after
        }
        // 三（七）总计: a Chinese numeral directly before a bracketed one.
        Some('（' | '(') if is_cn => rest_trim,
        _ => s,
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// A label reduced to the characters that carry its meaning: no numbering, no spaces, no
/// punctuation or brackets, full-width digits folded.
pub fn normalize(text: &str) -> String {
    normalized_chars(text).collect()
}

/// The characters of [`normalize`], without collecting them.
fn normalized_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    strip_numbering(text)
        .chars()
        .map(fold_width)
        .filter(|&c| is_label_char(c))
}

/// `char::is_alphanumeric`, with the common CJK block first: the general lookup is slow
/// and labels are mostly Chinese.
fn is_label_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// A normalized phrase that identifies a row, with what it takes to accept it.
#[derive(Debug, Clone)]
pub struct RowPhrase {
    pub row: &'static RowSpec,
    pub phrase: String,
    /// Short, generic phrases (其他, 总计, 规章) must equal the whole label, not just occur
    /// in it.
    pub exact: bool,
}

/// The row phrases of a set of table versions, longest first so the most specific wins
/// (行政规范性文件 before 规范性文件), with an automaton that finds every one of them
/// occurring in a label in one pass: a label is matched against the rows at every token,
/// and a substring search per phrase was a tenth of the parser's time.
pub struct RowPhrases {
    pub list: Vec<RowPhrase>,
    finder: AhoCorasick,
}

/// Which of a [`RowPhrases`]' phrases occur in a text: bit `i` for `list[i]` (a table's
/// versions have some 30 phrases at most).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Occurring(u64);

impl Occurring {
    pub const MAX: usize = 64;

    pub fn has(&self, i: usize) -> bool {
        self.0 & (1 << i) != 0
    }

    fn set(&mut self, i: usize) {
        self.0 |= 1 << i;
    }
}

impl RowPhrases {
    /// The phrases of every row of the given table versions.
    pub fn new(specs: &[&'static TableSpec]) -> RowPhrases {
        let list = compute_row_phrases(specs);
        assert!(
            list.len() <= Occurring::MAX,
            "{} row phrases: Occurring holds {}",
            list.len(),
            Occurring::MAX
        );
        // A DFA: the fastest to search, and small for some hundred short phrases.
        let finder = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .prefilter(false)
            .build(list.iter().map(|p| &p.phrase))
            .expect("row phrases build an automaton");
        RowPhrases { list, finder }
    }

    /// The phrases that occur in `text` (exact ones too: whether they are the whole label
    /// is the caller's test).
    pub fn occurring(&self, text: &str) -> Occurring {
        let mut found = Occurring::default();
        for m in self.finder.find_overlapping_iter(text) {
            found.set(m.pattern().as_usize());
        }
        found
    }
}

impl RowPhrases {
    /// Where row labels begin in `segment`, the text between two runs of digits of running
    /// text: the row whose label ends the segment (its run of digits follows), and before it,
    /// one after another, rows whose labels end where the next begins and start after an
    /// enumerator or at the segment's start (rows printed blank: `2.申请人逾期…申请3.其他
    /// （七）总计`). Byte offsets, ascending, each at the label's enumerator if it has one. A
    /// header run into the first label (`…现行有效件数规章`) is not cut further: words that
    /// only end there cannot name a row.
    pub fn label_cuts(&self, segment: &str) -> Vec<usize> {
        // The label characters of the segment, with the byte range each came from.
        let mut norm = String::with_capacity(segment.len());
        let mut from: Vec<(usize, usize)> = Vec::new();
        let mut norm_at: Vec<usize> = Vec::new();
        for (i, c) in segment.char_indices() {
            let f = fold_width(c);
            if is_label_char(f) {
                norm_at.push(norm.len());
                from.push((i, i + c.len_utf8()));
                norm.push(f);
            }
        }
        if norm.is_empty() {
            return Vec::new();
        }
        let matches: Vec<(usize, usize)> = self
            .finder
            .find_overlapping_iter(&norm)
            .map(|m| (m.start(), m.end()))
            .collect();
        let raw_start = |norm_byte: usize| {
            let k = norm_at.partition_point(|&n| n < norm_byte);
            from.get(k).map_or(segment.len(), |r| r.0)
        };
        let mut cuts = Vec::new();
        let mut end = norm.len();
        while let Some(&(start, _)) = matches
            .iter()
            .filter(|&&(_, e)| e == end)
            .min_by_key(|&&(s, _)| s)
        {
            let label_at = raw_start(start);
            let cut = before_enumerators(&segment[..label_at]);
            let opens = cut < label_at || segment[..cut].trim().is_empty();
            if !cuts.is_empty() && !opens {
                break;
            }
            cuts.push(cut);
            // The enumerator's own label characters (the 2 of 2., the 七 of （七）) end the
            // label before.
            end = norm_at[from.partition_point(|r| r.0 < cut).min(norm_at.len() - 1)];
            if cut == 0 || from.first().is_some_and(|r| r.0 >= cut) {
                break;
            }
        }
        cuts.reverse();
        cuts
    }
}

/// Where the enumerators at the end of `text` begin (`三、本年度办理结果（一）` → at `（一）`;
/// `…申请3.` → at `3.`; `…三（七）` → at `三`); `text.len()` when it ends with none.
fn before_enumerators(text: &str) -> usize {
    static TRAILING: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?:[（(][一二三四五六七八九十0-9]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|[0-9]{1,2}[.．、])[ \u{3000}]*$",
        )
        .expect("enumerator regex")
    });
    let mut end = text.len();
    while let Some(m) = TRAILING.find(&text[..end]) {
        let bracketed = text[m.start()..].starts_with(['（', '(']);
        end = m.start();
        // 三（七）: a Chinese numeral printed straight before a bracketed one.
        if bracketed
            && let Some(c) = text[..end].chars().next_back()
            && is_enumerator_numeral(c)
        {
            end -= c.len_utf8();
        }
    }
    end
}

fn compute_row_phrases(specs: &[&'static TableSpec]) -> Vec<RowPhrase> {
    let mut phrases = Vec::new();
    for spec in specs {
        for row in spec.rows {
            for label in std::iter::once(&row.label).chain(row.aliases.iter()) {
                let phrase = normalize(label);
                if phrases
                    .iter()
                    .any(|p: &RowPhrase| p.phrase == phrase && p.row.key == row.key)
                {
                    continue;
                }
                let exact = phrase.chars().count() <= 4;
                phrases.push(RowPhrase { row, phrase, exact });
            }
        }
    }
    phrases.sort_by_key(|p| std::cmp::Reverse(p.phrase.len()));
    phrases
}

/// Whether a normalized label names a column (exactly, as headers print them).
pub fn matches_col(norm: &str, col: &ColSpec) -> bool {
    let same = |label: &str| normalized_chars(label).eq(norm.chars());
    same(col.label) || col.aliases.iter().any(|a| same(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_is_stripped_in_every_printed_form() {
        assert_eq!(strip_numbering("一、本年新收"), "本年新收");
        assert_eq!(strip_numbering("（七）总计"), "总计");
        assert_eq!(strip_numbering("(一) 予以公开"), "予以公开");
        assert_eq!(strip_numbering("1. 属于国家秘密"), "属于国家秘密");
        assert_eq!(strip_numbering("3.其他"), "其他");
        assert_eq!(strip_numbering("三（七）总计"), "总计");
        assert_eq!(strip_numbering("三、 本 年 度"), "本 年 度");
        assert_eq!(strip_numbering("1.5"), "1.5");
        assert_eq!(strip_numbering("规章"), "规章");
        assert_eq!(strip_numbering("二十条"), "二十条");
    }

    #[test]
    fn normalize_drops_spaces_brackets_and_quotes() {
        assert_eq!(normalize("自然 人"), "自然人");
        assert_eq!(
            normalize("三、本年度办理结果（一）予以公开"),
            "本年度办理结果一予以公开"
        );
        assert_eq!(normalize("（六）其他处理"), "其他处理");
        assert_eq!(normalize("3. 危及“三安全一稳定”"), "危及三安全一稳定");
        assert_eq!(
            normalize("(二) 部分公开(区分处理的, 只计这一情形, 不 计其他情形)"),
            "部分公开区分处理的只计这一情形不计其他情形"
        );
    }

    #[test]
    fn occurring_finds_exactly_the_phrases_a_label_contains() {
        use crate::vocab::{TABLE1_2019, TABLE1_2021, TABLE2_2019, TABLE2_2021, TABLE3};
        let sets: [&[&'static TableSpec]; 4] = [
            &[&TABLE1_2021],
            &[&TABLE1_2019],
            &[&TABLE2_2021, &TABLE2_2019],
            &[&TABLE3],
        ];
        let mut sizes = Vec::new();
        for specs in sets {
            let phrases = RowPhrases::new(specs);
            // Every phrase, every pair run together (a label wrapped over cells), each
            // with text around it, and pieces of phrases.
            let mut labels: Vec<String> = Vec::new();
            for a in &phrases.list {
                labels.push(a.phrase.clone());
                labels.push(format!("本年度{}情况", a.phrase));
                let half: String = a
                    .phrase
                    .chars()
                    .take(a.phrase.chars().count() / 2)
                    .collect();
                labels.push(half);
                for b in &phrases.list {
                    labels.push(format!("{}{}", a.phrase, b.phrase));
                }
            }
            for label in &labels {
                let found = phrases.occurring(label);
                for (i, p) in phrases.list.iter().enumerate() {
                    assert_eq!(
                        found.has(i),
                        label.contains(&p.phrase),
                        "{label} / {}",
                        p.phrase
                    );
                }
            }
            sizes.push(phrases.list.len());
        }
        // The rows' labels and aliases of each set (table 2's two versions share most).
        assert_eq!(sizes, [7, 9, 33, 4]);
    }
}
