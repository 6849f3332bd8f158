//! Figures the narrative states: 全区共收到政府信息公开申请100件，较去年增加26件; 通过微信公众号
//! 发布消息383条; 未收取信息处理费. Many reports print their tables as pictures, or not at all,
//! yet state the figures users want in their prose.
//!
//! The text of each section is cut into sentences (wrapped lines joined, a bare 无 answering
//! the line above it), and every sentence is matched against one list of rules. A rule is a
//! pattern for one way of stating a fact of `vocab::FACTS`: a number with its unit, or a
//! figure in words (未收到…申请 is 0). A sentence that matches no rule stores nothing; nothing
//! is inferred beyond one arithmetic step the sentence itself gives (this year's 100 and
//! 较去年增加26件 make last year's 74).

use std::cell::OnceCell;
use std::sync::LazyLock;

use regex::{Captures, Regex, RegexSet};

use super::sections::SectionSpan;
use super::tables::is_page_number;
use crate::chinese;
use crate::document::{Block, Document};
use crate::model::Fact;
use crate::vocab;

/// Longest line a bare answer (无) can answer.
const QUESTION_LINE_CHARS: usize = 40;

/// Units a figure may be printed with.
const UNITS: &[&str] = &[
    "件", "个", "条", "份", "篇", "则", "期", "次", "场", "轮", "部", "起", "宗", "%", "元", "万元",
];

/// Words that place a publishing figure on a channel.
const NEW_MEDIA_WORDS: &[&str] = &[
    "微信",
    "公众号",
    "新媒体",
    "客户端",
    "微博",
    "抖音",
    "头条号",
    "视频号",
    "融媒",
    "APP",
    "小程序",
];
const WEBSITE_WORDS: &[&str] = &["网站", "政府网", "门户网", "官网"];

/// What a rule's match states.
enum Yield {
    /// The number in group `n` (negative when group `down` matched), under this key.
    Number(&'static str),
    /// Zero under each key: the figure stated in words.
    Zero(&'static [&'static str]),
    /// A count of information published, on the channel the clause names.
    Published,
}

struct Rule {
    re: Regex,
    yields: Yield,
    /// The sentence's paragraph must contain one of these words (none: no condition):
    /// 办复率100% follows the sentence that named the suggestions.
    needs: &'static [&'static str],
    /// The sentence must contain none of these words.
    refuses: &'static [&'static str],
    /// The rule speaks of a figure stated before it in the same sentence (较去年增加26件
    /// after 收到申请100件): it fires only after a fact of this key.
    follows: Option<&'static str>,
    /// What, within [`AFTER_CHARS`] characters after the match, says the figure is another
    /// one: 申请100件（含上年结转5件） counts last year's carried-over applications in.
    not_before: Option<Regex>,
}

/// 其中新收, 其中本年度新收 …: the year's own applications named within a total.
const OF_WHICH_NEW: &str = r"其中(?:当年|本年度?)?新收";

/// How far after a match [`Rule::not_before`] looks, in characters.
const AFTER_CHARS: usize = 12;

/// Words before a figure in its sentence that make it a sum over years, not the year's.
/// (累计 alone is not one: 共累计更新发布政务信息306篇 is the year's total.)
const CUMULATIVE_WORDS: &[&str] = &["历年", "成立以来", "建立以来"];

/// Whether the figure at `at` is of `year`: its sentence names no other year before it
/// (2022年共收到… in a 2023 report), no sum over years (历年累计收到…), and its own clause
/// does not speak of the year before (与上年收到的申请85件相比).
fn of_the_year(text: &str, at: usize, year: i32) -> bool {
    static YEAR_RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\d{4})年").expect("year regex"));
    static LAST_YEAR_RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(LAST_YEAR).expect("last year regex"));
    let before = &text[..at];
    let other_year = YEAR_RE
        .captures_iter(before)
        .any(|c| c[1].parse::<i32>().is_ok_and(|y| y != year));
    let clause = before
        .rfind(['，', ',', '；'])
        .map_or(before, |i| &before[i..]);
    !other_year
        && !CUMULATIVE_WORDS.iter().any(|w| before.contains(w))
        && !LAST_YEAR_RE.is_match(clause)
}

/// A number: digits with an optional decimal part.
const N: &str = r"(?P<n>\d+(?:\.\d+)?)";
/// How a count is introduced before its number (共计, 总计 …).
const TOTAL_WORD: &str = r"(?:共计|总计|合计|共|计)?";
/// The year before, as the text names it.
const LAST_YEAR: &str = r"(?:去年|上年|上一年|前一年)度?(?:同期)?";

fn rule(pattern: &str, yields: Yield) -> Rule {
    Rule {
        re: Regex::new(&pattern.replace("{N}", N).replace("{TOTAL}", TOTAL_WORD))
            .unwrap_or_else(|e| panic!("fact rule {pattern}: {e}")),
        yields,
        needs: &[],
        refuses: &[],
        follows: None,
        not_before: None,
    }
}

impl Rule {
    fn needs(mut self, words: &'static [&'static str]) -> Rule {
        self.needs = words;
        self
    }

    fn refuses(mut self, words: &'static [&'static str]) -> Rule {
        self.refuses = words;
        self
    }

    fn follows(mut self, key: &'static str) -> Rule {
        self.follows = Some(key);
        self
    }

    fn not_before(mut self, pattern: &str) -> Rule {
        self.not_before = Some(
            Regex::new(pattern).unwrap_or_else(|e| panic!("fact rule's not_before {pattern}: {e}")),
        );
        self
    }
}

/// Every rule; patterns run on the normalized sentence (no spaces, ASCII digits).
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    use Yield::{Number, Published, Zero};
    let change = format!(r"(?:较|比|与|同){LAST_YEAR}(?:相比|相较|比较)?[，,]?");
    let mut rules = vec![
        // Applications.
        rule(
            r"(?:收到|接收|受理|接到|新收)(?:了)?(?:各类|群众|公民)?(?:的)?(?:政府信息公开|信息公开|依申请公开)(?:的)?(?:申请)?(?:数量为|为)?{TOTAL}{N}(?P<u>件|个|条|份)",
            Number("applications.new"),
        )
        // A total that counts carried-over applications in is not the year's new ones: the
        // figure named within it (the next rule) is.
        .not_before(&format!("含上年|含结转|包括上年|{OF_WHICH_NEW}")),
        rule(
            &format!(r"{OF_WHICH_NEW}(?:申请)?{{N}}(?P<u>件)"),
            Number("applications.new"),
        ),
        rule(
            r"(?:未|没有|无)(?:接收|收到|受理|接到)(?:过|到)?(?:和|或|、|及|并)?(?:接收|收到|受理)?(?:过|到)?(?:任何)?(?:(?:政府信息公开|信息公开)(?:的)?(?:依)?申请|依申请公开)",
            Zero(&["applications.new"]),
        ),
        rule(
            &format!(
                r"{change}(?:(?P<up>增加|增长|上升|多)|(?P<down>减少|下降|少))(?:了)?{{N}}(?P<u>件)"
            ),
            Number("applications.change"),
        )
        .follows("applications.new"),
        rule(
            &format!(r"{change}(?:无变化|没有变化|持平|相同|一致|保持一致)"),
            Zero(&["applications.change"]),
        )
        .follows("applications.new"),
        rule(
            &format!(
                r"(?:同比|(?:较|比){LAST_YEAR})(?:(?P<up>增长|增加|上升)|(?P<down>下降|减少))(?:了)?{{N}}(?P<u>%)"
            ),
            Number("applications.growth_pct"),
        )
        .follows("applications.new"),
        rule(
            &format!(r"{LAST_YEAR}(?:为|是|共|收到)(?:申请)?{{N}}(?P<u>件)"),
            Number("applications.prev_year_new"),
        )
        .follows("applications.new"),
        rule(
            r"自然人(?:提出)?(?:的)?(?:申请)?{N}(?P<u>件)",
            Number("applications.natural_person"),
        )
        .needs(&["申请"]),
        rule(
            r"上年度?结转(?:的)?(?:政府信息公开)?(?:申请)?{N}(?P<u>件)",
            Number("applications.carried_over"),
        ),
        rule(
            r"(?:办结|答复)(?:申请)?{TOTAL}{N}(?P<u>件)",
            Number("applications.processed"),
        )
        .needs(&["申请"])
        .refuses(&["建议", "提案"]),
        rule(
            r"结转(?:至|到)?下一?年度?(?:继续办理)?{N}(?P<u>件)",
            Number("applications.carried_forward"),
        ),
        // Publishing.
        rule(
            r"(?:发布|公开|推送|更新|制作|刊发)[^，,；;。：:\d]{0,12}?(?:信息|消息|文章|稿件|动态){TOTAL}{N}(?P<u>条|篇|件|则)",
            Published,
        ),
        rule(r"公报{TOTAL}{N}(?P<u>期)", Number("published.gazette")),
        rule(
            r"解读(?:材料|信息|文章|稿件|文件)?{TOTAL}{N}(?P<u>条|篇|件|期|次|个)",
            Number("policy_interpretations"),
        ),
        rule(
            r"清理(?:了)?(?:的)?(?:行政)?规范性文件(?:数量|数)?(?:为)?{TOTAL}{N}(?P<u>件|个|份)",
            Number("normative_documents.reviewed"),
        ),
        // Suggestions and proposals.
        rule(
            r"人大(?:代表)?(?:的)?建议{TOTAL}{N}(?P<u>件|条|个|份)",
            Number("npc_suggestions"),
        ),
        // Not right after 建议和: 人大代表建议和政协提案15件 counts both together.
        rule(
            r"(?:^|[^议][和、及与]|[^和、及与])政协(?:委员)?(?:的)?提案{TOTAL}{N}(?P<u>件|条|个|份)",
            Number("cppcc_proposals"),
        ),
        rule(
            r"建议(?:、|和|及|与)?(?:政协(?:委员)?)?提案{TOTAL}{N}(?P<u>件|条|个|份)",
            Number("suggestions_and_proposals"),
        ),
        rule(
            r"(?:未|没有|无)(?:承办|收到|涉及|接到|办理)(?:过|到)?(?:人大代表|人大)建议(?:和|、|及|或|与)(?:政协委员|政协)提案",
            Zero(&["npc_suggestions", "cppcc_proposals"]),
        ),
        rule(
            r"(?:办复率|办结率|答复率)(?:为|达|达到|均为|均达)?{N}(?P<u>%)",
            Number("suggestions_completion_pct"),
        )
        .needs(&["建议", "提案"]),
        // Fees.
        rule(
            r"(?:未|没有|无|不存在)(?:因信息处理)?(?:收取|收)(?:过)?(?:任何|相关)?(?:的)?(?:政府信息公开)?(?:信息处理费|处理费|费用)",
            Zero(&["fees_collected"]),
        )
        .needs(&["信息处理", "信息公开", "申请"]),
        rule(
            r"信息处理费(?:的)?(?:收取|收费)?(?:情况)?[。：:]?(?:无|没有|暂无)。?$",
            Zero(&["fees_collected"]),
        ),
        rule(
            r"收取(?:了)?(?:政府信息公开)?(?:信息处理费|处理费|费用){TOTAL}{N}(?P<u>万元|元)",
            Number("fees_collected"),
        )
        .needs(&["信息处理"]),
        // Trainings.
        rule(
            r"培训(?:会议|会|班|活动|课)?{TOTAL}{N}(?P<u>次|场|期|轮)",
            Number("trainings"),
        ),
        rule(
            r"(?:开展|组织|举办|召开|举行)(?:了)?(?:各类)?{N}(?P<u>次|场|期|轮)[^，,。；;\d]{0,10}培训",
            Number("trainings"),
        ),
        // Review and litigation.
        rule(
            r"(?:被申请|申请)(?:行政)?复议(?:案件)?{TOTAL}{N}(?P<u>件|起|宗)",
            Number("review.total"),
        ),
        rule(
            r"(?:被提起|提起|被起诉)(?:行政)?诉讼(?:案件)?{TOTAL}{N}(?P<u>件|起|宗)",
            Number("litigation.total"),
        ),
        rule(
            r"(?:未|没有|无)(?:发生|收到|出现)?[^，,。；;\d]{0,12}?(?:行政)?复议(?:案件)?(?:、|和|及|或|与)(?:被)?(?:提起)?(?:行政)?诉讼",
            Zero(&["review.total", "litigation.total"]),
        )
        // 未出现行政复议、行政诉讼被纠错的情况 speaks of corrections, not of cases.
        .not_before("纠错|纠正|败诉|撤销|确认违法"),
    ];
    // 规章 and 行政规范性文件: issued, repealed, in force.
    for (object, prefix) in [
        (r"(?:政府)?规章", "regulations"),
        (r"(?:行政)?规范性文件", "normative_documents"),
    ] {
        let unit = r"(?P<u>件|个|份|部)";
        let key = |what: &str| -> &'static str {
            vocab::fact_spec(&format!("{prefix}.{what}"))
                .expect("document fact keys are in vocab::FACTS")
                .key
        };
        rules.push(rule(
            &format!(
                r"(?:(?:制定|制发|出台|印发|发布|制作)和?)+(?:了)?{object}{{TOTAL}}{{N}}{unit}"
            ),
            Number(key("issued")),
        ));
        rules.push(rule(
            &format!(
                r"(?:标注)?(?:废止|宣布失效|失效)(?:(?:或|和|及)(?:废止|失效))?(?:了)?(?:的)?{object}{{TOTAL}}{{N}}{unit}"
            ),
            Number(key("repealed")),
        ));
        rules.push(rule(
            &format!(r"现行有效(?:的)?{object}(?:数量|数)?(?:为)?{{TOTAL}}{{N}}{unit}"),
            Number(key("in_force")),
        ));
    }
    rules
});

/// All rules' patterns at once: one pass over a sentence says which rules to run.
static RULE_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(RULES.iter().map(|r| r.re.as_str())).expect("fact rules compile together")
});

/// The facts of every section (not the signature) of the report on `year`, in the order
/// of the text.
pub fn facts(doc: &Document, spans: &[SectionSpan], year: i32) -> Vec<Fact> {
    let mut out = Vec::new();
    for span in spans.iter().filter(|s| s.key != "signature") {
        let lines = doc.blocks[span.blocks.clone()]
            .iter()
            .filter_map(Block::as_line)
            .map(|l| (l.no, l.text.as_str()));
        for paragraph in paragraphs(lines) {
            // Normalized only if a rule that needs its words matches a sentence (few do).
            let context = OnceCell::new();
            let context = || context.get_or_init(|| normalize(&paragraph.text)).as_str();
            for sentence in &paragraph.sentences {
                sentence_facts(span.key, &context, sentence, year, &mut out);
            }
        }
    }
    out
}

/// A sentence as printed, with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub text: String,
    pub line: usize,
}

/// `[image: …]` and `[bookmark: …]` markers.
static MARKER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[(?:bookmark|image):[^\]]*\]").expect("marker regex"));

/// A paragraph of narrative: its lines joined, and its sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    pub sentences: Vec<Sentence>,
}

/// The paragraphs of a section's lines: table rows left out, wrapped lines joined, a bare
/// answer (无) kept with the line it answers.
pub fn paragraphs<'a>(lines: impl Iterator<Item = (usize, &'a str)>) -> Vec<Paragraph> {
    // Paragraphs: (text, [(byte offset, line)]).
    let mut paragraphs: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    // The last line read, while its paragraph is open to a continuation.
    let mut prev = String::new();
    for (no, raw) in lines {
        if is_table_row(raw) {
            prev.clear();
            continue;
        }
        let cleaned = MARKER_RE.replace_all(raw, "");
        let text = chinese::trim(&cleaned);
        // A page number between the halves of a paragraph broken across pages.
        if text.is_empty() || is_page_number(text) {
            continue;
        }
        let answers = is_bare_answer(text)
            && paragraphs
                .last()
                .is_some_and(|(p, _)| p.chars().count() <= QUESTION_LINE_CHARS);
        match paragraphs.last_mut() {
            Some((p, starts)) if answers || chinese::continues(&prev, text) => {
                if answers {
                    p.push('\n');
                }
                starts.push((p.len(), no));
                p.push_str(text);
            }
            _ => paragraphs.push((text.to_string(), vec![(0, no)])),
        }
        prev.clear();
        prev.push_str(text);
    }

    let mut out: Vec<Paragraph> = Vec::with_capacity(paragraphs.len());
    for (text, starts) in paragraphs {
        let line_at = |offset: usize| {
            starts
                .iter()
                .take_while(|(start, _)| *start <= offset)
                .last()
                .map_or(starts[0].1, |(_, no)| *no)
        };
        let pieces = chinese::sentences(&text);
        let mut sentences: Vec<Sentence> = Vec::with_capacity(pieces.len());
        for range in pieces {
            let piece = text[range.clone()].trim_start_matches('\n');
            let from = range.end - piece.len();
            if piece.trim().is_empty() {
                continue;
            }
            // A bare answer cut off by the question's full stop stays with it.
            if is_bare_answer(piece.trim())
                && let Some(prev) = sentences.last_mut()
            {
                prev.text.push('\n');
                prev.text.push_str(piece.trim());
                continue;
            }
            sentences.push(Sentence {
                text: piece.to_string(),
                line: line_at(from),
            });
        }
        out.push(Paragraph { text, sentences });
    }
    out
}

/// A line of a table printed as text: cells between tabs, a pipe row, or numbers spread
/// across the line by runs of spaces.
fn is_table_row(line: &str) -> bool {
    if line.contains('\t') || line.trim_start().starts_with('|') {
        return true;
    }
    // Numbers spread by runs of spaces need a run of spaces (most lines are prose).
    if !line.contains("  ") {
        return false;
    }
    let spread = line
        .split("  ")
        .map(str::trim)
        .filter(|cell| !cell.is_empty())
        .filter(|cell| crate::numbers::parse_number(cell).is_some())
        .count();
    spread >= 2
}

fn is_bare_answer(text: &str) -> bool {
    matches!(
        text.trim_end_matches(['。', '.']),
        "无" | "没有" | "暂无" | "无此情况" | "无此类情况"
    )
}

/// The sentence as the rules read it: no whitespace, ASCII digits, `%`, no thousands
/// separators.
fn normalize(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    // A comma or full-width point right after a digit: only then is a second pass needed
    // (most sentences have none).
    let mut after_digit = false;
    let mut prev_digit = false;
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{3000}' {
            continue;
        }
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '％' => '%',
            _ => c,
        };
        after_digit |= prev_digit && matches!(c, ',' | '，' | '．');
        prev_digit = c.is_ascii_digit();
        folded.push(c);
    }
    if !after_digit {
        return folded;
    }
    // Digits are ASCII now: a byte tells whether a neighbouring character is one.
    let bytes = folded.as_bytes();
    let mut out = String::with_capacity(folded.len());
    for (i, c) in folded.char_indices() {
        let after = i + c.len_utf8();
        let digit_before = i > 0 && bytes[i - 1].is_ascii_digit();
        let thousands = matches!(c, ',' | '，')
            && digit_before
            && bytes.len() >= after + 3
            && bytes[after..after + 3].iter().all(u8::is_ascii_digit)
            && bytes.get(after + 3).is_none_or(|b| !b.is_ascii_digit());
        if c == '．' && digit_before {
            out.push('.');
        } else if !thousands {
            out.push(c);
        }
    }
    out
}

/// The facts one sentence states, appended to `out`; `context` gives its paragraph,
/// normalized.
fn sentence_facts<'c>(
    section: &'static str,
    context: &dyn Fn() -> &'c str,
    sentence: &Sentence,
    year: i32,
    out: &mut Vec<Fact>,
) {
    let text = normalize(&sentence.text);
    // (offset, key, value, unit)
    let mut found: Vec<(usize, &'static str, f64, &'static str)> = Vec::new();
    for rule in RULE_SET.matches(&text).iter().map(|i| &RULES[i]) {
        if !rule.needs.is_empty() && !rule.needs.iter().any(|w| context().contains(w)) {
            continue;
        }
        if rule.refuses.iter().any(|w| text.contains(w)) {
            continue;
        }
        for caps in rule.re.captures_iter(&text) {
            let whole = caps.get(0).expect("group 0");
            // A figure of the year reported on: a rule that follows one (较去年增加26件)
            // speaks of the year before by design.
            if rule.follows.is_none() && !of_the_year(&text, whole.start(), year) {
                continue;
            }
            if let Some(refused) = &rule.not_before {
                let rest = &text[whole.end()..];
                let after = rest
                    .char_indices()
                    .nth(AFTER_CHARS)
                    .map_or(rest, |(end, _)| &rest[..end]);
                if refused.is_match(after) {
                    continue;
                }
            }
            match &rule.yields {
                Yield::Number(key) => {
                    if let Some((value, unit)) = number(&caps, key) {
                        found.push((whole.start(), key, value, unit));
                    }
                }
                Yield::Zero(keys) => {
                    for key in *keys {
                        found.push((whole.start(), key, 0.0, default_unit(key)));
                    }
                }
                Yield::Published => {
                    let clause = clause_around(&text, whole.start(), whole.end());
                    if let Some(key) = channel(clause, whole.as_str())
                        && let Some((value, unit)) = number(&caps, key)
                    {
                        found.push((whole.start(), key, value, unit));
                    }
                }
            }
        }
    }
    found.sort_by_key(|f| f.0);

    let follows = |key: &str| RULES.iter().find_map(|r| rule_follows(r, key));
    let mut kept: Vec<(&'static str, f64, &'static str)> = Vec::new();
    for (at, key, value, unit) in &found {
        if let Some(before) = follows(key)
            && !found.iter().any(|f| f.1 == before && f.0 < *at)
        {
            continue;
        }
        if !kept.iter().any(|k| k.0 == *key && k.1 == *value) {
            kept.push((key, *value, unit));
        }
    }
    derive_previous_year(&mut kept);

    for (key, value, unit) in kept {
        out.push(Fact {
            section,
            key,
            value,
            unit,
            sentence: sentence.text.clone(),
            line: sentence.line,
        });
    }
}

/// The key a rule yielding `key` must follow, if any.
fn rule_follows(rule: &Rule, key: &str) -> Option<&'static str> {
    let yields_key = match &rule.yields {
        Yield::Number(k) => *k == key,
        Yield::Zero(keys) => keys.contains(&key),
        Yield::Published => false,
    };
    if yields_key { rule.follows } else { None }
}

/// Last year's applications from this year's and the stated change, unless stated.
fn derive_previous_year(kept: &mut Vec<(&'static str, f64, &'static str)>) {
    let get = |key: &str| kept.iter().find(|k| k.0 == key).map(|k| k.1);
    if get("applications.prev_year_new").is_some() {
        return;
    }
    if let (Some(new), Some(change)) = (get("applications.new"), get("applications.change")) {
        kept.push((
            "applications.prev_year_new",
            new - change,
            default_unit("applications.prev_year_new"),
        ));
    }
}

/// The number of a match, signed, with its unit.
fn number(caps: &Captures, key: &str) -> Option<(f64, &'static str)> {
    let mut value: f64 = caps.name("n")?.as_str().parse().ok()?;
    if caps.name("down").is_some() {
        value = -value;
    }
    let unit = caps
        .name("u")
        .and_then(|u| UNITS.iter().copied().find(|x| *x == u.as_str()))
        .unwrap_or_else(|| default_unit(key));
    Some((value, unit))
}

fn default_unit(key: &str) -> &'static str {
    vocab::fact_spec(key).map_or("", |f| f.unit)
}

/// The clause (between commas or semicolons) holding `start..end`.
fn clause_around(text: &str, start: usize, end: usize) -> &str {
    let is_sep = |c: char| matches!(c, '，' | ',' | '；' | ';' | '。');
    let from = text[..start]
        .char_indices()
        .rev()
        .find(|(_, c)| is_sep(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = text[end..].find(is_sep).map_or(text.len(), |i| end + i);
    &text[from..to]
}

/// Which publishing figure a clause states: one channel named, or the total when it names
/// none or several and counts government information (政府信息, 政务信息).
fn channel(clause: &str, phrase: &str) -> Option<&'static str> {
    let new_media = NEW_MEDIA_WORDS.iter().any(|w| clause.contains(w));
    let website = WEBSITE_WORDS.iter().any(|w| clause.contains(w));
    match (new_media, website) {
        (true, false) => Some("published.new_media"),
        (false, true) => Some("published.website"),
        _ if phrase.contains("政府信息") || phrase.contains("政务信息") => {
            Some("published.total")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
        text.lines().enumerate().map(|(i, l)| (i + 1, l))
    }

    fn sentences(text: &str) -> Vec<Sentence> {
        paragraphs(lines(text))
            .into_iter()
            .flat_map(|p| p.sentences)
            .collect()
    }

    fn facts_of(text: &str) -> Vec<(&'static str, f64, &'static str)> {
        let doc = Document::from_text(text);
        let span = SectionSpan {
            key: "overview",
            heading: String::new(),
            line: 1,
            blocks: 0..doc.blocks.len(),
        };
        facts(&doc, &[span], 2023)
            .iter()
            .map(|f| (f.key, f.value, f.unit))
            .collect()
    }

    #[test]
    fn normalize_folds_digits_and_drops_spaces_and_thousands_separators() {
        assert_eq!(normalize("共收到申请 1,234 件"), "共收到申请1234件");
        assert_eq!(normalize("共 1， 000 件"), "共1000件");
        assert_eq!(normalize("增长１２．５％"), "增长12.5%");
        assert_eq!(normalize("收到申请２６件，较上年"), "收到申请26件，较上年");
        // Not a thousands separator: one digit, or four, after the comma.
        assert_eq!(normalize("1，2，3件"), "1，2，3件");
        assert_eq!(normalize("12,3456"), "12,3456");
        assert_eq!(normalize("第1．"), "第1.");
        assert_eq!(normalize("一、概述．"), "一、概述．");
    }

    #[test]
    fn only_the_years_own_applications() {
        let new = |text: &str| -> Vec<f64> {
            facts_of(text)
                .into_iter()
                .filter(|f| f.0 == "applications.new")
                .map(|f| f.1)
                .collect()
        };
        assert_eq!(new("2023年，全区共收到政府信息公开申请100件。"), [100.0]);
        assert_eq!(new("与去年相比，共收到政府信息公开申请80件。"), [80.0]);
        assert_eq!(new("没有收到政府信息公开依申请。"), [0.0]);
        // Another year, a sum over years, a total with last year's carried-over ones in.
        assert_eq!(new("2022年共收到政府信息公开申请80件。"), [] as [f64; 0]);
        assert_eq!(new("历年累计收到政府信息公开申请800件。"), [] as [f64; 0]);
        assert_eq!(
            new("共收到政府信息公开申请100件（含上年结转5件）。"),
            [] as [f64; 0]
        );
        assert_eq!(
            new("共收到政府信息公开申请100件，其中当年新收95件，上年结转5件。"),
            [95.0]
        );
        assert_eq!(
            new("共收到政府信息公开申请100件，其中本年度新收95件。"),
            [95.0]
        );
        assert_eq!(
            new("本年度未收到因政府信息公开引起的行政复议。"),
            [] as [f64; 0]
        );
        assert_eq!(
            new(
                "与上年收到的政府信息公开申请85件相比，本年度收到政府信息公开申请100件，较上年增加15件。"
            ),
            [100.0]
        );
        let keys = |text: &str| -> Vec<&str> { facts_of(text).into_iter().map(|f| f.0).collect() };
        assert_eq!(
            keys("本年度未出现行政复议、行政诉讼被纠错的情况。"),
            [] as [&str; 0]
        );
        assert_eq!(
            keys("本年度未发生行政复议和行政诉讼。"),
            ["review.total", "litigation.total"]
        );
    }

    #[test]
    fn every_rule_is_a_vocabulary_key() {
        for rule in RULES.iter() {
            let keys: Vec<&str> = match &rule.yields {
                Yield::Number(k) => vec![k],
                Yield::Zero(keys) => keys.to_vec(),
                Yield::Published => {
                    vec![
                        "published.total",
                        "published.website",
                        "published.new_media",
                    ]
                }
            };
            for key in keys.into_iter().chain(rule.follows) {
                assert!(vocab::fact_spec(key).is_some(), "{key}");
            }
        }
    }

    #[test]
    fn wrapped_lines_join_and_sentences_keep_their_first_line() {
        let text = "（一）主动公开方面\n本年度通过各类渠道公开政府信息共计1,234条，其中通过门户网站发布\n信息34条。通过\n\n“某某”微信公众号发布消息１２条。\n（二）培训\n全年组织专题培训3次。";
        let s = sentences(text);
        let got: Vec<(&str, usize)> = s.iter().map(|s| (s.text.as_str(), s.line)).collect();
        assert_eq!(
            got,
            vec![
                ("（一）主动公开方面", 1),
                (
                    "本年度通过各类渠道公开政府信息共计1,234条，其中通过门户网站发布信息34条。",
                    2
                ),
                ("通过", 3),
                ("“某某”微信公众号发布消息１２条。", 5),
                ("（二）培训", 6),
                ("全年组织专题培训3次。", 7),
            ]
        );
        assert_eq!(
            facts_of(text),
            vec![
                ("published.total", 1234.0, "条"),
                ("published.website", 34.0, "条"),
                ("published.new_media", 12.0, "条"),
                ("trainings", 3.0, "次"),
            ]
        );
    }

    #[test]
    fn a_bare_answer_answers_the_line_above() {
        let text = "（一）信息处理费收取情况。\n无\n（二）其他\n无。";
        let s = sentences(text);
        assert_eq!(s[0].text, "（一）信息处理费收取情况。\n无");
        assert_eq!(s[0].line, 1);
        assert_eq!(facts_of(text), vec![("fees_collected", 0.0, "元")]);
    }

    #[test]
    fn changes_signs_and_the_previous_year() {
        assert_eq!(
            facts_of("共收到政府信息公开申请40件，比上年减少10件，同比下降20%。"),
            vec![
                ("applications.new", 40.0, "件"),
                ("applications.change", -10.0, "件"),
                ("applications.growth_pct", -20.0, "%"),
                ("applications.prev_year_new", 50.0, "件"),
            ]
        );
        // A change with no figure of this year before it speaks of something else.
        assert_eq!(facts_of("办理量较上年增加5件。"), vec![]);
        assert_eq!(
            facts_of("收到政府信息公开申请12件，上年为9件，较上年增加3件。"),
            vec![
                ("applications.new", 12.0, "件"),
                ("applications.prev_year_new", 9.0, "件"),
                ("applications.change", 3.0, "件"),
            ]
        );
    }

    #[test]
    fn table_rows_and_unrelated_counts_state_nothing() {
        assert_eq!(
            facts_of("一、本年新收政府信息公开申请数量\t3\t0\t3"),
            vec![]
        );
        assert_eq!(
            facts_of("一、本年新收政府信息公开申请数量     3     0     3"),
            vec![]
        );
        assert_eq!(facts_of("政务公开培训6条，发布热点回应信息46条。"), vec![]);
        assert_eq!(facts_of("在重点领域公开信息1300余条。"), vec![]);
        assert_eq!(
            facts_of("本年度未收到因政府信息公开产生的投诉、举报。"),
            vec![]
        );
        assert_eq!(facts_of("制定规章制度3项。"), vec![]);
    }

    #[test]
    fn review_litigation_and_documents() {
        assert_eq!(
            facts_of("因政府信息公开工作被申请行政复议2件，被提起行政诉讼1件。"),
            vec![("review.total", 2.0, "件"), ("litigation.total", 1.0, "件")]
        );
        assert_eq!(
            facts_of("本年度未发生政府信息公开方面的复议、诉讼案件。"),
            vec![("review.total", 0.0, "件"), ("litigation.total", 0.0, "件")]
        );
        assert_eq!(
            facts_of("制定规章1件，废止规章2件，现行有效规章15件。"),
            vec![
                ("regulations.issued", 1.0, "件"),
                ("regulations.repealed", 2.0, "件"),
                ("regulations.in_force", 15.0, "件"),
            ]
        );
        assert_eq!(
            facts_of("收取信息处理费1,200元。"),
            vec![("fees_collected", 1200.0, "元")]
        );
        assert_eq!(
            facts_of("共承办人大代表建议和政协提案15件。目前已全部办结，办结率100%。"),
            vec![
                ("suggestions_and_proposals", 15.0, "件"),
                ("suggestions_completion_pct", 100.0, "%"),
            ]
        );
    }
}
