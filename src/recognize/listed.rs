//! The problems and improvements listed in section five.
//!
//! Section five lists the problems first and the improvements second. Items are enumerated
//! inside a paragraph (`一是…；二是…；三是…。`), as paragraphs (`（一）…`, `1.…`, `2、…`,
//! `二是…`), or, under a sub-heading with no enumeration, as plain paragraphs. The switch from
//! problems to improvements is a sub-heading (`（二）改进措施`, `改进情况：`) or a lead-in
//! sentence (`下步改进措施：`, `2024年，…将继续…`, `我们将…`); failing both, an enumeration
//! that starts again at one.
//!
//! An item's text is what follows its enumerator, trimmed, without the trailing `；` `。`
//! `，` `;` `,` (internal punctuation kept). Lines of one paragraph broken by a page break are
//! joined without a separator.

use std::collections::VecDeque;
use std::sync::LazyLock;

use regex::Regex;

use super::tables::is_page_number;
use crate::chinese::{self, Enumerator, ends_sentence};
use crate::model::{IssueKind, ListedIssue};

/// A sub-heading (`（一）主要问题`, `改进措施：`) has at most this many characters.
const MAX_MARKER_CHARS: usize = 15;
static BOOKMARK_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[bookmark:[^\]]*\]").expect("bookmark regex"));

/// Words that turn the list to improvements whatever else the sentence says.
const IMPROVEMENT_STRONG: &[&str] = &[
    "改进情况",
    "改进措施",
    "改进如下",
    "整改措施",
    "整改情况",
    "措施",
    "下一步",
    "下步",
    "将继续",
    "我们将",
    "今后",
    "努力方向",
    "工作计划",
    "工作打算",
    "新的一年",
];
/// Words of a problem lead-in.
const PROBLEM_WORDS: &[&str] = &[
    "问题",
    "不足",
    "差距",
    "短板",
    "薄弱",
    "欠缺",
    "表现在",
    "表现为",
];
/// Words that suggest improvements when nothing speaks of problems.
const IMPROVEMENT_WEAK: &[&str] = &["改进", "整改", "将进一步", "计划", "打算"];

static FUTURE_YEAR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{4}\s*年[^。；]*将").expect("future regex"));

/// A paragraph's leading enumerator: its style, number, and the text after it.
fn leading_enumerator(text: &str) -> Option<(Enumerator, usize, &str)> {
    chinese::enumerator(text)
        .filter(|e| e.style != Enumerator::Part)
        .map(|e| (e.style, e.number as usize, e.rest))
}

/// The `一是 … 二是 … 三是 …` enumeration of a paragraph: the lead-in before it and the
/// items. The first `N是` opens the paragraph or is `一是` after punctuation or right after
/// a sub-heading; each next one is the next number after punctuation.
fn shi_items(text: &str) -> Option<(&str, Vec<&str>)> {
    let boundary = |i: usize| {
        i == 0
            || text[..i].chars().next_back().is_some_and(|c| {
                c.is_whitespace() || "。；;，,：:！!？?、）)”\"》\u{3000}".contains(c)
            })
    };
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (enumerator start, item start)
    let mut expected = None;
    for (i, _) in text.char_indices() {
        let Some((n, end)) = chinese::shi_at(text, i) else {
            continue;
        };
        // `存在的主要问题一是…`: a sub-heading run into its first item (text whose line
        // breaks were lost) opens the enumeration too.
        let glued = || expected.is_none() && i > 0 && marker_kind(&text[..i]).is_some();
        if !boundary(i) && !glued() {
            continue;
        }
        let n = n as usize;
        let accept = match expected {
            None => i == 0 || n == 1,
            Some(e) => n == e,
        };
        if accept {
            starts.push((i, end));
            expected = Some(n + 1);
        }
    }
    let lead = &text[..starts.first()?.0];
    let items = starts
        .iter()
        .enumerate()
        .map(|(k, &(_, from))| {
            let to = starts.get(k + 1).map_or(text.len(), |s| s.0);
            &text[from..to]
        })
        .collect();
    Some((lead, items))
}

/// Which kind a lead-in or sub-heading announces.
fn announced_kind(text: &str) -> Option<IssueKind> {
    if IMPROVEMENT_STRONG.iter().any(|w| text.contains(w)) {
        Some(IssueKind::Improvement)
    } else if PROBLEM_WORDS.iter().any(|w| text.contains(w)) {
        Some(IssueKind::Problem)
    } else if IMPROVEMENT_WEAK.iter().any(|w| text.contains(w)) || FUTURE_YEAR_RE.is_match(text) {
        Some(IssueKind::Improvement)
    } else {
        None
    }
}

/// A short line announcing a kind: `主要问题`, `改进措施：`. An item ends a sentence
/// (`信息公开存在不足。`); a sub-heading does not.
fn marker_kind(text: &str) -> Option<IssueKind> {
    let words = text.trim().trim_end_matches(['：', ':']);
    if words.chars().count() > MAX_MARKER_CHARS
        || ends_sentence(words)
        || words.ends_with(['，', ','])
    {
        return None;
    }
    announced_kind(words)
}

/// A sub-heading and its content on one line (`存在问题：重点领域信息公开精细化不足…`): the
/// kind the sub-heading announces and the content.
fn marker_with_content(text: &str) -> Option<(IssueKind, &str)> {
    let (head, content) = text.split_once(['：', ':'])?;
    let content = chinese::trim(content);
    if content.is_empty() {
        return None;
    }
    Some((marker_kind(head)?, content))
}

/// `存在…不足，如A；B；C。` and `存在A、B等问题`: problems listed inside a sentence.
static LISTED_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:问题|不足|差距|短板)[^。；，,]{0,4}[，,：:。]\s*(?:如|主要是|主要有|主要表现在|主要体现在|具体表现在|表现在|包括)\s*[：:]?\s*(?P<items>[^。：:\s][^。]*)",
    )
    .expect("listed-after regex")
});
static LISTED_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"存在着?在?(?P<items>[^。；：:，,]{2,80}?)等(?:方面的?)?(?:问题|不足)")
        .expect("listed-before regex")
});

/// The problems a sentence lists after a lead-in (`…存在一些的不足，如A；B；C。` and
/// `…存在一定差距。如A、B、C等。`: A, B, C, split at semicolons, else at 、 before 等) or before
/// `等问题` (`存在A、B等问题`: A, B).
fn problems_in_sentence(text: &str) -> Option<Vec<&str>> {
    let (items, separator): (&str, &[char]) = if let Some(caps) = LISTED_AFTER_RE.captures(text) {
        let items = caps.name("items")?.as_str();
        match items.strip_suffix('等') {
            Some(listed) if !items.contains(['；', ';']) => (listed, &['、']),
            _ => (items, &['；', ';']),
        }
    } else {
        let caps = LISTED_BEFORE_RE.captures(text)?;
        (caps.name("items")?.as_str(), &['、'])
    };
    let items: Vec<&str> = items
        .split(separator)
        .map(chinese::trim)
        .filter(|i| !i.is_empty())
        .collect();
    (!items.is_empty()).then_some(items)
}

fn item_text(text: &str) -> String {
    text.trim()
        .trim_end_matches(|c: char| {
            chinese::is_space(c) || matches!(c, '；' | ';' | '。' | '，' | ',' | '、')
        })
        .to_string()
}

/// The body's paragraphs: trimmed non-blank lines, a line broken mid-sentence joined with
/// the next (blank lines and page numbers between skipped).
fn paragraphs(body: &str) -> Vec<String> {
    let mut paras: Vec<String> = Vec::new();
    for raw in body.lines() {
        let line = BOOKMARK_RE.replace_all(raw, "");
        let line = chinese::trim(&line);
        // A page number between the halves of a paragraph broken across pages.
        if line.is_empty() || is_page_number(line) {
            continue;
        }
        match paras.last_mut() {
            Some(prev) if chinese::continues(prev, line) => {
                prev.push_str(line);
            }
            _ => paras.push(line.to_string()),
        }
    }
    paras
}

/// Collects items, counting ordinals per kind.
struct Lister {
    issues: Vec<ListedIssue>,
    kind: IssueKind,
    /// The current run was opened by a sub-heading; its plain paragraphs are items if it
    /// has no enumerated ones.
    from_marker: bool,
    plain: Vec<String>,
    has_items: bool,
    /// Style of the enumeration the current problems use.
    problem_style: Option<Enumerator>,
}

impl Lister {
    fn push(&mut self, text: &str) {
        let text = item_text(text);
        if text.is_empty() {
            return;
        }
        let ordinal = self.issues.iter().filter(|i| i.kind == self.kind).count() + 1;
        self.issues.push(ListedIssue {
            kind: self.kind,
            ordinal,
            text,
        });
        self.has_items = true;
    }

    /// Ends the current run; a new one (of `kind`) starts.
    fn switch(&mut self, kind: IssueKind, from_marker: bool) {
        if self.from_marker && !self.has_items {
            for p in std::mem::take(&mut self.plain) {
                self.push(&p);
            }
        }
        self.plain.clear();
        self.kind = kind;
        self.from_marker = from_marker;
        self.has_items = false;
        self.problem_style = None;
    }

    /// An enumerated item numbered `n` in `style`: an enumeration that starts again at one
    /// after problems, with nothing announcing it, turns to improvements.
    fn enumerated(&mut self, style: Enumerator, n: usize) {
        if self.kind == IssueKind::Problem && n == 1 && self.problem_style == Some(style) {
            self.switch(IssueKind::Improvement, false);
        }
        if self.kind == IssueKind::Problem && self.problem_style.is_none() {
            self.problem_style = Some(style);
        }
    }
}

pub fn listed_issues(body: &str) -> Vec<ListedIssue> {
    let mut l = Lister {
        issues: Vec::new(),
        kind: IssueKind::Problem,
        from_marker: false,
        plain: Vec::new(),
        has_items: false,
        problem_style: None,
    };
    let mut queue: VecDeque<String> = paragraphs(body).into();
    while let Some(para) = queue.pop_front() {
        match leading_enumerator(&para) {
            Some((style @ (Enumerator::Paren | Enumerator::Listed), n, rest)) => {
                if let Some(kind) = marker_kind(rest) {
                    l.switch(kind, true);
                    continue;
                }
                if let Some((kind, content)) = marker_with_content(rest) {
                    l.switch(kind, true);
                    queue.push_front(content.to_string());
                    continue;
                }
                if let Some((lead, items)) = shi_items(rest)
                    && !lead.is_empty()
                    && let Some(kind) = marker_kind(lead)
                {
                    l.switch(kind, true);
                    l.enumerated(Enumerator::Shi, 1);
                    for item in items {
                        l.push(item);
                    }
                    continue;
                }
                l.enumerated(style, n);
                l.push(rest);
            }
            _ => match shi_items(&para) {
                Some((lead, items)) => {
                    // `仍存在一定差距。如A、B等。针对存在问题，下一步：一是…`: the problems the
                    // lead-in lists come before the items it announces.
                    if l.kind == IssueKind::Problem
                        && !l.has_items
                        && let Some(problems) = problems_in_sentence(lead)
                    {
                        for problem in problems {
                            l.push(problem);
                        }
                    }
                    if let Some(kind) = announced_kind(lead) {
                        l.switch(kind, false);
                    }
                    let first = leading_enumerator(&para)
                        .filter(|(style, _, _)| *style == Enumerator::Shi)
                        .map_or(1, |(_, n, _)| n);
                    l.enumerated(Enumerator::Shi, first);
                    for item in items {
                        l.push(item);
                    }
                }
                None => {
                    if let Some(kind) = marker_kind(&para) {
                        l.switch(kind, true);
                    } else if let Some((kind, content)) = marker_with_content(&para) {
                        l.switch(kind, true);
                        queue.push_front(content.to_string());
                    } else if let Some(items) = (l.kind == IssueKind::Problem && !l.has_items)
                        .then(|| problems_in_sentence(&para))
                        .flatten()
                    {
                        for item in items {
                            l.push(item);
                        }
                    } else {
                        match announced_kind(&para) {
                            Some(kind) if kind != l.kind => l.switch(kind, false),
                            _ => l.plain.push(para),
                        }
                    }
                }
            },
        }
    }
    l.switch(IssueKind::Improvement, false);
    l.issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use IssueKind::{Improvement, Problem};

    fn listed(body: &str) -> Vec<(IssueKind, usize, String)> {
        listed_issues(body)
            .into_iter()
            .map(|i| (i.kind, i.ordinal, i.text))
            .collect()
    }

    fn own(items: &[(IssueKind, usize, &str)]) -> Vec<(IssueKind, usize, String)> {
        items
            .iter()
            .map(|&(k, n, t)| (k, n, t.to_string()))
            .collect()
    }

    #[test]
    fn inline_enumerations_with_lead_ins() {
        let body = "还存在一定的差距。一是公开方式较为单一；二是信息不全，有缺漏。\n\
                    2024年，我镇将继续深化。一是要拓宽渠道；二是要注意时效性，做到尽早公开。";
        assert_eq!(
            listed(body),
            own(&[
                (Problem, 1, "公开方式较为单一"),
                (Problem, 2, "信息不全，有缺漏"),
                (Improvement, 1, "要拓宽渠道"),
                (Improvement, 2, "要注意时效性，做到尽早公开"),
            ])
        );
    }

    #[test]
    fn sub_headings_and_one_item_a_line() {
        let body =
            "（一）主要问题\n一是甲。二是乙。\n（二）改进措施\n一是丙。进一步丁,戊。\n二是己。";
        assert_eq!(
            listed(body),
            own(&[
                (Problem, 1, "甲"),
                (Problem, 2, "乙"),
                (Improvement, 1, "丙。进一步丁,戊"),
                (Improvement, 2, "己"),
            ])
        );
    }

    #[test]
    fn parenthesized_paragraphs_and_a_page_break() {
        let body = "主要表现在：\n\n（一）业务能力存在短板。\n\n（二）不够重视。\n\n\
                    我们将进一步加大力度，改进情况如下：\n\n（一）加强培训。\n\n\
                    （二）加强各单位之间交流学习，取长补短，推进政务公开体制优化。进\n\n一步做好网站建设工作。";
        assert_eq!(
            listed(body),
            own(&[
                (Problem, 1, "业务能力存在短板"),
                (Problem, 2, "不够重视"),
                (Improvement, 1, "加强培训"),
                (
                    Improvement,
                    2,
                    "加强各单位之间交流学习，取长补短，推进政务公开体制优化。进一步做好网站建设工作"
                ),
            ])
        );
    }

    #[test]
    fn numbered_lines_and_restarted_numbering() {
        let body = "1.公开不及时；\n2、内容不全。\n1. 加强审核。\n2．完善制度";
        assert_eq!(
            listed(body),
            own(&[
                (Problem, 1, "公开不及时"),
                (Problem, 2, "内容不全"),
                (Improvement, 1, "加强审核"),
                (Improvement, 2, "完善制度"),
            ])
        );
    }

    #[test]
    fn plain_paragraphs_under_sub_headings() {
        let body = "存在的主要问题：\n信息公开不够及时。\n改进措施：\n加强培训，提高水平。";
        assert_eq!(
            listed(body),
            own(&[
                (Problem, 1, "信息公开不够及时"),
                (Improvement, 1, "加强培训，提高水平")
            ])
        );
    }

    #[test]
    fn sub_headings_run_into_their_items_and_content() {
        // Text whose line breaks were lost, cut at sentences.
        let body = "（一）存在的主要问题一是质量有待提高。\n在服务群众上不够平衡。\n二是互动不足。\n\
                    （二）改进措施一是加强培训。\n二是树牢理念。";
        assert_eq!(
            listed(body),
            own(&[
                (Problem, 1, "质量有待提高"),
                (Problem, 2, "互动不足"),
                (Improvement, 1, "加强培训"),
                (Improvement, 2, "树牢理念"),
            ])
        );
        let body = "（一）存在问题：精细化不足，互动性较弱。\n（二）改进措施：细化目录。";
        assert_eq!(
            listed(body),
            own(&[
                (Problem, 1, "精细化不足，互动性较弱"),
                (Improvement, 1, "细化目录")
            ])
        );
    }

    #[test]
    fn problems_listed_inside_a_sentence() {
        assert_eq!(
            listed(
                "但仍存在一些的不足，如措施不多，成效不够显著；能力不强；数量较少。下一步，我局将加强。"
            ),
            own(&[
                (Problem, 1, "措施不多，成效不够显著"),
                (Problem, 2, "能力不强"),
                (Problem, 3, "数量较少"),
            ])
        );
        assert_eq!(
            listed("主要存在在与群众互动不够紧密、政策解读形式不够丰富等问题。"),
            own(&[
                (Problem, 1, "与群众互动不够紧密"),
                (Problem, 2, "政策解读形式不够丰富"),
            ])
        );
        assert_eq!(
            listed(
                "仍存在一定差距。如规范性有待提高、队伍建设有待加强等。针对存在问题，下一步：一是推进；二是培训。"
            ),
            own(&[
                (Problem, 1, "规范性有待提高"),
                (Problem, 2, "队伍建设有待加强"),
                (Improvement, 1, "推进"),
                (Improvement, 2, "培训"),
            ])
        );
        // A lead-in with nothing after it lists nothing.
        assert_eq!(listed("但还存在一定差距，主要表现在："), vec![]);
    }

    #[test]
    fn a_page_number_inside_a_paragraph_is_skipped() {
        assert_eq!(
            listed(
                "还有一些需要加强和改进的\n-5-\n地方。主要表现在：一是解读质量仍需提升；二是队伍建设还需加强。"
            ),
            own(&[
                (Problem, 1, "解读质量仍需提升"),
                (Problem, 2, "队伍建设还需加强")
            ])
        );
    }

    #[test]
    fn numerals_inside_words_are_not_enumerators() {
        assert_eq!(listed("统一是关键，唯一是目标。"), vec![]);
        assert_eq!(listed("无"), vec![]);
        assert_eq!(listed(""), vec![]);
    }
}
