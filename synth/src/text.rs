//! The narrative: phrase banks and the paragraphs of each section. No sentence here uses a
//! section heading's marker phrase at the start of a line, numbers a line like a heading
//! (`三、`), or names the previous year.

use std::fmt::Write as _;

use super::rng::Rng;
use nianbao::model::{IssueKind, ListedIssue};

pub(crate) const CN_NUM: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// Figures the narrative states; they equal the tables' (but `stated_new`, when the
/// report breaks `n.matches_table`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Figures {
    pub new: i64,
    /// The applications received the text states.
    pub stated_new: i64,
    pub carried_over: i64,
    pub processed: i64,
    pub carried_forward: i64,
    pub natural: i64,
    pub review: i64,
    pub litigation: i64,
    pub proactive: i64,
}

/// What the paragraphs mention.
pub(crate) struct Ctx<'a> {
    pub year: i32,
    pub short: &'a str,
    pub fig: Figures,
}

const INTROS: &[&str] = &[
    "{Y}年，{S}深入贯彻落实《中华人民共和国政府信息公开条例》（以下简称《条例》），围绕中心工作，不断加大政府信息公开力度，推动政务公开工作取得新成效。",
    "{Y}年，{S}坚持以人民为中心的发展思想，认真落实上级关于政务公开工作的部署要求，持续提升政务公开标准化规范化水平。",
    "{Y}年，{S}严格按照《条例》要求，健全工作机制，规范公开流程，切实保障人民群众的知情权、参与权、表达权和监督权。",
    "{Y}年，{S}在上级政务公开部门的指导下，紧紧围绕重点工作，扎实推进决策、执行、管理、服务、结果公开。",
];

const MANAGEMENT: &[&str] = &[
    "严格落实信息发布“三审三校”制度，各类信息公开前均依法进行保密审查，确保公开信息准确规范。",
    "动态更新主动公开基本目录，做好政府信息全生命周期管理，及时清理过时失效信息。",
    "明确专人负责信息公开工作，规范信息发布流程，坚持先审后发，未经审核的信息一律不予公开。",
];

const PLATFORM: &[&str] = &[
    "依托政府门户网站信息公开专栏，及时更新各类栏目内容，同时做好政务新媒体的日常管理，拓宽信息发布渠道。",
    "持续完善政务公开专区建设，利用便民服务大厅电子屏等载体公开办事指南和惠民政策，方便群众查阅。",
    "加强政府网站和政务新媒体运维管理，定期开展内容检查，确保信息发布安全有序。",
];

const SUPERVISION: &[&str] = &[
    "成立政务公开工作领导小组，将政务公开工作纳入年度考核，定期开展自查，及时整改发现的问题。",
    "加强业务培训，全年组织专题培训{N}次，不断提升工作人员业务水平，本年度未发生责任追究情况。",
    "建立健全考核评议和责任追究制度，主动接受社会监督，本年度未收到相关投诉举报。",
];

const PROBLEMS: &[&str] = &[
    "政府信息公开的深度和广度还需进一步拓展",
    "政策解读形式较为单一，解读质量有待提高",
    "信息发布的及时性和规范性还有待加强",
    "工作人员业务能力有待进一步提升",
    "政务新媒体信息更新不够及时",
    "依申请公开答复的规范化水平仍需提高",
    "公开内容与群众需求的契合度不够",
    "基层政务公开标准化规范化建设仍有差距",
    "政务公开专栏部分栏目内容更新不及时",
    "对政务公开工作的重视程度还需加强",
];

const IMPROVEMENTS: &[&str] = &[
    "加强业务培训，提升工作人员业务水平",
    "丰富政策解读形式，提高解读质量",
    "拓宽公开渠道，扩大公开范围",
    "健全信息发布审核机制，确保信息准确规范",
    "加强政务新媒体管理，及时更新发布信息",
    "规范依申请公开办理流程，提高答复质量",
    "围绕群众关切，加大重点领域信息公开力度",
    "深入推进基层政务公开标准化规范化建设",
    "强化监督检查，定期开展自查整改",
    "完善政务公开专栏建设，及时更新栏目内容",
];

/// Expand `{Y}` (year), `{S}` (short name), `{N}` (a small count) into `s`.
fn fill(s: &mut String, template: &str, ctx: &Ctx, n: i64) {
    let mut rest = template;
    while let Some(p) = rest.find('{') {
        s.push_str(&rest[..p]);
        let tail = &rest[p..];
        if let Some(t) = tail.strip_prefix("{Y}") {
            let _ = write!(s, "{}", ctx.year);
            rest = t;
        } else if let Some(t) = tail.strip_prefix("{S}") {
            s.push_str(ctx.short);
            rest = t;
        } else if let Some(t) = tail.strip_prefix("{N}") {
            let _ = write!(s, "{n}");
            rest = t;
        } else {
            s.push('{');
            rest = &tail[1..];
        }
    }
    s.push_str(rest);
}

/// Paragraphs of section 一; each pushed to `paras`, the figures stated to `stated`.
pub(crate) fn overview(
    rng: &mut Rng,
    ctx: &Ctx,
    paras: &mut Vec<String>,
    stated: &mut Vec<(String, i64)>,
) {
    let mut s = String::with_capacity(256);
    fill(&mut s, rng.pick(INTROS), ctx, 0);
    paras.push(s);
    let inline = rng.pct(70);
    let items: [(&str, &str); 5] = [
        ("主动公开", "方面"),
        ("依申请公开", "方面"),
        ("政府信息管理", "方面"),
        ("平台建设", "方面"),
        ("监督保障", "方面"),
    ];
    for (k, (name, suffix)) in items.iter().enumerate() {
        let mut head = String::with_capacity(48);
        let _ = write!(head, "（{}）{name}", CN_NUM[k]);
        if inline || rng.pct(50) {
            head.push_str(suffix);
        }
        let mut body = String::with_capacity(256);
        match k {
            0 => {
                let _ = write!(
                    body,
                    "{}年，{}通过政府门户网站、政务新媒体等渠道主动公开政府信息{}条，其中政策文件{}条，工作动态{}条。",
                    ctx.year,
                    ctx.short,
                    ctx.fig.proactive,
                    ctx.fig.proactive / 5,
                    ctx.fig.proactive - ctx.fig.proactive / 5
                );
            }
            1 => applications_sentence(rng, ctx, &mut body, stated),
            2 => fill(&mut body, rng.pick(MANAGEMENT), ctx, 0),
            3 => fill(&mut body, rng.pick(PLATFORM), ctx, 0),
            _ => fill(&mut body, rng.pick(SUPERVISION), ctx, rng.range(1, 6)),
        }
        if inline {
            head.push('。');
            head.push_str(&body);
            paras.push(head);
        } else {
            paras.push(head);
            paras.push(body);
        }
    }
}

/// 全年共收到政府信息公开申请N件…, or that none came. The clause that states the
/// applications received (from its start to 件) and the figure go to `stated`.
pub(crate) fn applications_sentence(
    rng: &mut Rng,
    ctx: &Ctx,
    s: &mut String,
    stated: &mut Vec<(String, i64)>,
) {
    let f = ctx.fig;
    if f.stated_new == 0 && f.carried_over == 0 {
        let _ = write!(s, "{}年，", ctx.year);
        let clause = format!("{}未收到政府信息公开申请", ctx.short);
        s.push_str(&clause);
        s.push('。');
        stated.push((clause, 0));
        return;
    }
    let clause = if rng.pct(50) {
        format!("全年共收到政府信息公开申请{}件", f.stated_new)
    } else {
        let _ = write!(s, "{}年，", ctx.year);
        format!("{}共收到政府信息公开申请{}件", ctx.short, f.stated_new)
    };
    s.push_str(&clause);
    stated.push((clause, f.stated_new));
    if f.new > 0 && rng.pct(50) {
        let _ = write!(s, "，其中自然人申请{}件", f.natural);
    }
    if f.carried_over > 0 {
        let _ = write!(s, "，上年结转{}件", f.carried_over);
    }
    let _ = write!(s, "，办结{}件", f.processed);
    if f.carried_forward > 0 {
        let _ = write!(s, "，结转下年度继续办理{}件", f.carried_forward);
    }
    s.push('。');
}

pub(crate) fn proactive_intro(ctx: &Ctx, s: &mut String) {
    let _ = write!(
        s,
        "{}年，{}主动公开规章、规范性文件等信息的具体数据如下：",
        ctx.year, ctx.short
    );
}

pub(crate) fn review_intro(rng: &mut Rng, ctx: &Ctx, s: &mut String) {
    let f = ctx.fig;
    if f.review == 0 && f.litigation == 0 {
        let _ = write!(
            s,
            "{}年，{}未发生政府信息公开方面的复议、诉讼案件。",
            ctx.year, ctx.short
        );
    } else if rng.pct(50) {
        let _ = write!(
            s,
            "{}年，{}因政府信息公开工作被申请复议{}件，被提起诉讼{}件。",
            ctx.year, ctx.short, f.review, f.litigation
        );
    } else {
        s.push_str("具体情况如下：");
    }
}

/// Section 五: problems, then improvements, in one of the seed forms; the issues listed
/// are pushed to `issues` with the text as the parser should recover it.
pub(crate) fn problems(
    rng: &mut Rng,
    ctx: &Ctx,
    paras: &mut Vec<String>,
    issues: &mut Vec<ListedIssue>,
) {
    let np = 2 + rng.index(3);
    let ni = 2 + rng.index(3);
    let mut probs = [0usize; 4];
    let mut imps = [0usize; 4];
    distinct(rng, PROBLEMS.len(), &mut probs[..np]);
    distinct(rng, IMPROVEMENTS.len(), &mut imps[..ni]);
    for (k, &p) in probs[..np].iter().enumerate() {
        issues.push(ListedIssue {
            kind: IssueKind::Problem,
            ordinal: k + 1,
            text: PROBLEMS[p].to_string(),
        });
    }
    for (k, &p) in imps[..ni].iter().enumerate() {
        issues.push(ListedIssue {
            kind: IssueKind::Improvement,
            ordinal: k + 1,
            text: IMPROVEMENTS[p].to_string(),
        });
    }
    if rng.pct(40) {
        let mut s = String::with_capacity(128);
        let _ = write!(
            s,
            "{}年，{}政府信息公开工作取得了一定成效，但对照上级要求和群众期盼，仍存在一些不足。",
            ctx.year, ctx.short
        );
        paras.push(s);
    }
    match rng.index(3) {
        0 => {
            // 存在的主要问题：一是…；二是…。 / 改进情况：一是…；二是…。
            let mut s = String::with_capacity(256);
            s.push_str("存在的主要问题：");
            enumerate_inline(&mut s, &probs[..np], PROBLEMS);
            paras.push(s);
            let mut s = String::with_capacity(256);
            s.push_str(rng.pick(&["改进情况：", "下步改进措施：", "改进措施："]));
            enumerate_inline(&mut s, &imps[..ni], IMPROVEMENTS);
            paras.push(s);
        }
        1 => {
            // （一）主要问题 / 一是…。 / （二）改进措施 / 一是…。
            paras.push("（一）主要问题".to_string());
            enumerate_lines(rng, paras, &probs[..np], PROBLEMS, false);
            paras.push(rng.pick(&["（二）改进措施", "（二）改进情况"]).to_string());
            enumerate_lines(rng, paras, &imps[..ni], IMPROVEMENTS, false);
        }
        _ => {
            // 存在的主要问题： / 1.… / 下步改进措施： / 1.…
            paras.push("存在的主要问题：".to_string());
            enumerate_lines(rng, paras, &probs[..np], PROBLEMS, true);
            paras.push(rng.pick(&["下步改进措施：", "改进情况："]).to_string());
            enumerate_lines(rng, paras, &imps[..ni], IMPROVEMENTS, true);
        }
    }
}

fn distinct(rng: &mut Rng, n: usize, out: &mut [usize]) {
    let mut k = 0;
    while k < out.len() {
        let x = rng.index(n);
        if !out[..k].contains(&x) {
            out[k] = x;
            k += 1;
        }
    }
}

fn enumerate_inline(s: &mut String, picks: &[usize], bank: &[&str]) {
    for (k, &p) in picks.iter().enumerate() {
        s.push_str(CN_NUM[k]);
        s.push('是');
        s.push_str(bank[p]);
        s.push(if k + 1 == picks.len() { '。' } else { '；' });
    }
}

fn enumerate_lines(
    rng: &mut Rng,
    paras: &mut Vec<String>,
    picks: &[usize],
    bank: &[&str],
    arabic: bool,
) {
    let semicolons = rng.pct(40);
    for (k, &p) in picks.iter().enumerate() {
        let mut s = String::with_capacity(96);
        if arabic {
            let _ = write!(s, "{}.", k + 1);
        } else {
            s.push_str(CN_NUM[k]);
            s.push('是');
        }
        s.push_str(bank[p]);
        s.push(if semicolons && k + 1 < picks.len() {
            '；'
        } else {
            '。'
        });
        paras.push(s);
    }
}

/// Section 六.
pub(crate) fn other_matters(rng: &mut Rng, ctx: &Ctx, paras: &mut Vec<String>) {
    if rng.pct(15) {
        paras.push("无。".to_string());
        return;
    }
    let mut s = String::with_capacity(128);
    let _ = write!(
        s,
        "（一）政府信息公开信息处理费收取情况。{}年，{}未收取政府信息公开信息处理费。",
        ctx.year, ctx.short
    );
    paras.push(s);
    let mut s = String::with_capacity(128);
    if rng.pct(50) {
        let _ = write!(
            s,
            "（二）人大代表建议和政协提案办理情况。{}年，{}共承办人大代表建议{}件、政协提案{}件，均已按时办结。",
            ctx.year,
            ctx.short,
            rng.range(0, 30),
            rng.range(0, 30)
        );
    } else {
        let _ = write!(
            s,
            "（二）人大代表建议和政协提案办理情况。{}年，{}未承办人大代表建议和政协提案。",
            ctx.year, ctx.short
        );
    }
    paras.push(s);
    if rng.pct(60) {
        let mut s = String::with_capacity(128);
        let _ = write!(
            s,
            "（三）落实上级年度政务公开工作要点情况。{}严格按照上级要求，逐项落实年度政务公开重点任务。",
            ctx.short
        );
        paras.push(s);
    }
}

// ---------------------------------------------------------------- distinct prose

// Phrases put together three or four at a time, so that the prose of two reports drawn
// apart is rarely alike (16³ sentences): what a corpus with planted copies needs, where
// every pair alike must be a planted one.

const FOCUS: &[&str] = &[
    "优化营商环境",
    "乡村振兴",
    "养老服务",
    "义务教育",
    "医疗保障",
    "生态环境保护",
    "安全生产",
    "食品药品监管",
    "城市更新",
    "农村人居环境",
    "就业创业",
    "住房保障",
    "交通出行",
    "文化旅游",
    "防汛抗旱",
    "社会救助",
];

const ACTIONS: &[&str] = &[
    "梳理公开事项清单",
    "编制标准目录",
    "开展专项自查",
    "组织集中培训",
    "建立联络员队伍",
    "完善审核台账",
    "推行清单化管理",
    "设置意见征集栏目",
    "开通线上答复通道",
    "建立周调度机制",
    "制作图解解读",
    "召开新闻发布会",
    "推进数据开放",
    "更新办事指南",
    "整合政务新媒体账号",
    "开展满意度调查",
];

const RESULTS: &[&str] = &[
    "群众查阅更加便捷",
    "信息发布更加规范",
    "答复时限明显缩短",
    "公开质量稳步提升",
    "社会关注度持续提高",
    "基层公开更加精准",
    "政策知晓率明显提升",
    "办事效率进一步提高",
    "公开内容更加全面",
    "互动回应更加及时",
    "审核把关更加严格",
    "公开渠道更加多元",
    "专栏内容更加丰富",
    "工作机制更加健全",
    "问题整改更加扎实",
    "公众参与更加广泛",
];

const SHORTFALLS: &[&str] = &[
    "公开内容不够全面",
    "信息更新不够及时",
    "解读形式较为单一",
    "回应关切不够主动",
    "数据开放程度不高",
    "栏目设置不够合理",
    "答复文书不够规范",
    "基层力量相对薄弱",
    "宣传引导不够有力",
    "公众参与渠道偏少",
    "考核评价不够细化",
    "信息检索不够便利",
    "专业人员配备不足",
    "档案管理不够规范",
    "协同联动不够顺畅",
    "培训覆盖不够广泛",
];

/// 围绕X，Y，Z。 with the agency's short name first.
fn distinct_sentence(rng: &mut Rng, ctx: &Ctx, s: &mut String) {
    let _ = write!(
        s,
        "{}围绕{}，{}，{}。",
        ctx.short,
        rng.pick(FOCUS),
        rng.pick(ACTIONS),
        rng.pick(RESULTS)
    );
}

/// Section 一 as distinct prose: three paragraphs of two sentences.
pub(crate) fn distinct_overview(rng: &mut Rng, ctx: &Ctx, paras: &mut Vec<String>) {
    for _ in 0..3 {
        let mut s = String::with_capacity(256);
        distinct_sentence(rng, ctx, &mut s);
        distinct_sentence(rng, ctx, &mut s);
        paras.push(s);
    }
}

/// Section 五 as distinct prose: problems and improvements listed 一是…；二是…, each
/// listed as the reader lists them.
pub(crate) fn distinct_problems(
    rng: &mut Rng,
    ctx: &Ctx,
    paras: &mut Vec<String>,
    issues: &mut Vec<ListedIssue>,
) {
    for (kind, head) in [
        (IssueKind::Problem, "存在的主要问题："),
        (IssueKind::Improvement, "改进情况："),
    ] {
        let mut s = String::with_capacity(256);
        s.push_str(head);
        for (k, number) in CN_NUM[..3].iter().enumerate() {
            let item = match kind {
                IssueKind::Problem => format!("{}领域{}", rng.pick(FOCUS), rng.pick(SHORTFALLS)),
                IssueKind::Improvement => format!("{}，{}", rng.pick(ACTIONS), rng.pick(RESULTS)),
            };
            let _ = write!(s, "{number}是{item}{}", if k == 2 { "。" } else { "；" });
            issues.push(ListedIssue {
                kind,
                ordinal: k + 1,
                text: item,
            });
        }
        paras.push(s);
    }
    let mut s = String::with_capacity(128);
    distinct_sentence(rng, ctx, &mut s);
    paras.push(s);
}

/// Section 六 as distinct prose: the fee sentence and two sentences of its own.
pub(crate) fn distinct_other(rng: &mut Rng, ctx: &Ctx, paras: &mut Vec<String>) {
    let mut s = String::with_capacity(256);
    let _ = write!(
        s,
        "{}年，{}未收取政府信息公开信息处理费。",
        ctx.year, ctx.short
    );
    distinct_sentence(rng, ctx, &mut s);
    distinct_sentence(rng, ctx, &mut s);
    paras.push(s);
}
