//! Synthetic reports: a random but plausible 政府信息公开工作年度报告 rendered as text, with
//! the exact [`Report`] a parser should recover from it.
//!
//! [`generate`] is deterministic in `(seed, options)` on every machine (its own PRNG, no
//! floating-point draws) and fast enough for a million reports. The numbers satisfy every
//! consistency rule of the template unless [`Options::break_rules`] asks to break one; the
//! tables are printed in one of the [`Layout`]s real exports show.

pub mod formats;
mod glued;
mod layout;
mod names;
mod out;
pub mod pdf;
mod plant;
mod rng;
mod tables;
mod text;
mod values;

pub use plant::{Planted, plant, planted_pairs};

use std::fmt;

pub use glued::{glued_split, glued_split_is_unique};
pub use rng::Rng;
pub use tables::SpanCell;

use names::Level;
use nianbao::check::StatedFigure;
use nianbao::model::{Cell, Date, Report, Section, Table, TableStatus};
use nianbao::vocab::{self, TableSpec, Template};
use out::Out;
use values::{Num, Scale, Vals};

/// How the three tables are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Seed 003: every cell on its own line after a tab, a blank line after each row, an
    /// empty cell a line holding only a tab.
    TabCells,
    /// Seed 004: a row a line, cells between tabs; labels with stray spaces; table 2's rows
    /// drift by a cell, end with an empty cell, or continue on the next line.
    TabRows,
    /// A cell a line, no tabs, no blank lines inside a table; a blank cell is `—` or `/`.
    CellLines,
    /// `pdftotext -layout`: a row a line, columns at fixed display positions.
    SpaceAligned,
    /// Markdown pipe tables.
    Pipe,
    /// Markdown from PDF conversion or OCR: pipe tables in fragments, placeholder headers,
    /// group labels pushed into the row, labels on a line of their own.
    OcrMarkdown,
    /// A row's cells run together with nothing between them.
    Glued,
}

impl Layout {
    pub const ALL: [Layout; 7] = [
        Layout::TabCells,
        Layout::TabRows,
        Layout::CellLines,
        Layout::SpaceAligned,
        Layout::Pipe,
        Layout::OcrMarkdown,
        Layout::Glued,
    ];

    /// The stable kebab-case name (CLI, file names).
    pub fn name(self) -> &'static str {
        match self {
            Layout::TabCells => "tab-cells",
            Layout::TabRows => "tab-rows",
            Layout::CellLines => "cell-lines",
            Layout::SpaceAligned => "space-aligned",
            Layout::Pipe => "pipe",
            Layout::OcrMarkdown => "ocr-markdown",
            Layout::Glued => "glued",
        }
    }

    pub fn from_name(name: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The rule ids of `vocab::RULES` the generator can break on purpose.
pub const BREAKABLE_RULES: [&str; 8] = [
    "t2.balance",
    "t2.outcomes_sum",
    "t2.row_total",
    "t3.row_total",
    "n.matches_table",
    "s.sections",
    "s.tables",
    "s.published_on_time",
];

/// The breakable rule id equal to `id`, as a `'static` str.
pub fn breakable_rule(id: &str) -> Option<&'static str> {
    BREAKABLE_RULES.iter().copied().find(|r| *r == id)
}

/// What to generate; `None` fields are drawn from the seed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub layout: Option<Layout>,
    /// Default: the template of the year.
    pub template: Option<Template>,
    /// Default: 2019–2025 (within the forced template's years when one is forced).
    pub year: Option<i32>,
    /// Ids from [`BREAKABLE_RULES`]; others are ignored.
    pub break_rules: Vec<&'static str>,
    /// Break table 2 across a page (page-number line, header repeated) and caption every
    /// table. Default: on in about 30% of reports.
    pub page_breaks: Option<bool>,
    /// Sections 一, 五 and 六 in prose put together phrase by phrase, so that two reports'
    /// prose is rarely alike (the default prose draws whole sentences from short lists, as
    /// reports do): for corpora with planted copies ([`plant`]).
    pub distinct_prose: bool,
}

/// A generated report: its text and the truth a parser should recover from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Synth {
    pub report: Report,
    pub text: String,
    /// The figures the text states (applications received), where and in what words.
    pub stated: Vec<StatedFigure>,
    /// The layout the tables were printed in.
    pub layout: Layout,
    pub page_breaks: bool,
    /// Where the title's lines end in `text` (a byte offset).
    pub title_end: usize,
    /// The data tables as printed, with the cells a page or Word file would hold.
    pub printed_tables: Vec<PrintedTable>,
    /// The agency's name as the prose shortens it.
    pub short: String,
}

/// A data table: where its lines are in the text, and its rows of spanned cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedTable {
    pub no: u8,
    /// The table's lines in [`Synth::text`], without the line breaks after the last.
    pub range: std::ops::Range<usize>,
    pub rows: Vec<Vec<SpanCell>>,
}

/// The rules to break, parsed from [`Options::break_rules`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Breaks {
    pub balance: bool,
    pub outcomes: bool,
    pub t2_row: bool,
    pub t3_row: bool,
    /// The text states applications received that table 2 does not hold.
    pub narrative: bool,
    pub sections: bool,
    pub tables: bool,
    pub late: bool,
}

impl Breaks {
    fn new(ids: &[&str]) -> Breaks {
        let has = |id: &str| ids.contains(&id);
        Breaks {
            balance: has("t2.balance"),
            outcomes: has("t2.outcomes_sum"),
            t2_row: has("t2.row_total"),
            t3_row: has("t3.row_total"),
            narrative: has("n.matches_table"),
            sections: has("s.sections"),
            tables: has("s.tables"),
            late: has("s.published_on_time"),
        }
    }

    fn any_t2(&self) -> bool {
        self.balance || self.outcomes || self.t2_row
    }
}

/// How zero cells are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zero {
    Digit,
    Empty,
    Slash,
    Dash,
    Mixed,
}

/// How the report prints numbers.
#[derive(Debug, Clone, Copy)]
struct Print {
    zero: [Zero; 3],
    /// A layout that cannot show an empty cell prints this instead.
    mark: &'static str,
    empty_ok: bool,
    thousands: bool,
    fullwidth_pct: u32,
    /// Table 2's 总计 column left blank except in （七）总计.
    total_blank: bool,
}

impl Print {
    fn draw(rng: &mut Rng, layout: Layout, brk: &Breaks) -> Print {
        const ZEROS: [Zero; 5] = [
            Zero::Digit,
            Zero::Empty,
            Zero::Slash,
            Zero::Dash,
            Zero::Mixed,
        ];
        const W: [u32; 5] = [60, 15, 10, 10, 5];
        let report = ZEROS[rng.weighted(&W)];
        let mut zero = [report; 3];
        for z in &mut zero {
            if rng.pct(20) {
                *z = ZEROS[rng.weighted(&W)];
            }
        }
        let mark = if rng.pct(60) { "—" } else { "/" };
        let thousands = rng.pct(30);
        let fullwidth_pct = if rng.pct(8) { 5 } else { 0 };
        let total_blank = rng.pct(10);
        if layout == Layout::Glued {
            return Print {
                zero: [Zero::Digit; 3],
                mark,
                empty_ok: false,
                thousands: false,
                fullwidth_pct: 0,
                total_blank: false,
            };
        }
        Print {
            zero,
            mark,
            empty_ok: layout != Layout::CellLines,
            thousands,
            fullwidth_pct,
            total_blank: total_blank && !brk.t2_row,
        }
    }

    fn blank(&self) -> String {
        if self.empty_ok {
            String::new()
        } else {
            self.mark.to_string()
        }
    }

    /// The value and the printed text of a number.
    fn number(&self, rng: &mut Rng, num: Num, zero: Zero, force: bool) -> (Option<f64>, String) {
        if num.is_zero() && !force {
            let z = if zero == Zero::Mixed {
                [
                    Zero::Digit,
                    Zero::Digit,
                    Zero::Empty,
                    Zero::Slash,
                    Zero::Dash,
                ][rng.index(5)]
            } else {
                zero
            };
            match z {
                Zero::Empty => return (None, self.blank()),
                Zero::Slash => return (None, "/".to_string()),
                Zero::Dash => return (None, "—".to_string()),
                Zero::Digit | Zero::Mixed => {}
            }
        }
        let mut plain = String::with_capacity(16);
        num.write_plain(&mut plain);
        let value = if num.scale == 0 {
            num.mant as f64
        } else {
            plain.parse::<f64>().unwrap_or(0.0)
        };
        let mut raw = String::with_capacity(plain.len() + 8);
        if self.thousands && num.scale == 0 && num.mant.abs() >= 1000 {
            let digits = plain.trim_start_matches('-');
            if num.mant < 0 {
                raw.push('-');
            }
            for (k, c) in digits.chars().enumerate() {
                if k > 0 && (digits.len() - k).is_multiple_of(3) {
                    raw.push(',');
                }
                raw.push(c);
            }
        } else if self.fullwidth_pct > 0 && rng.pct(self.fullwidth_pct) {
            for c in plain.chars() {
                raw.push(if c.is_ascii_digit() {
                    char::from_u32(u32::from(c) - u32::from('0') + u32::from('０')).unwrap_or(c)
                } else {
                    c
                });
            }
        } else {
            raw.push_str(&plain);
        }
        raw.push_str(num.unit.suffix());
        (Some(value), raw)
    }

    /// The truth cells of a table, in template order, with `line` still 0.
    fn cells(&self, rng: &mut Rng, vals: &Vals, zero: Zero, total_blank: bool) -> Vec<Cell> {
        let mut cells = Vec::with_capacity(vals.v.len());
        for (r, row) in vals.rows.iter().enumerate() {
            for (c, col) in row.cols.iter().enumerate() {
                let i = vals.at(r, c);
                let (value, raw) =
                    if total_blank && col.key == "total" && row.key != "total_processed" {
                        (None, self.blank())
                    } else {
                        self.number(rng, vals.v[i], zero, vals.force[i])
                    };
                cells.push(Cell {
                    row_key: row.key,
                    col_key: col.key,
                    value,
                    raw,
                    line: 0,
                });
            }
        }
        cells
    }
}

/// Whether a glued row of `nums` reads back uniquely as them.
fn glued_ok(nums: &[Num], group: usize) -> bool {
    let mut joined = String::with_capacity(64);
    let mut tokens = Vec::with_capacity(nums.len());
    for n in nums {
        let mut t = String::with_capacity(12);
        n.write_token(&mut t);
        joined.push_str(&t);
        tokens.push(t);
    }
    glued_split(&joined, nums.len(), group).is_some_and(|s| s == tokens)
}

fn draw_table1(
    rng: &mut Rng,
    spec: &'static TableSpec,
    template: Template,
    level: Level,
    glued: bool,
) -> Vals {
    let mut t = values::table1(rng, spec, template, level, Scale::Normal);
    if glued {
        for r in 0..t.rows.len() {
            let mut attempt = 0;
            while !glued_ok(t.row_nums(r), 0) {
                attempt += 1;
                let scale = match attempt {
                    0..4 => Scale::Normal,
                    4..8 => Scale::Small,
                    _ => Scale::Zero,
                };
                values::table1_row(rng, &mut t, r, template, level, scale);
                if scale == Scale::Zero {
                    break;
                }
            }
        }
    }
    t
}

fn draw_table2(
    rng: &mut Rng,
    spec: &'static TableSpec,
    level: Level,
    glued: bool,
    brk: &Breaks,
) -> Vals {
    let rows = spec.rows;
    let attempts = if glued { 12 } else { 1 };
    for attempt in 0..attempts {
        let scale = if attempt < 6 {
            Scale::Normal
        } else {
            Scale::Small
        };
        let mut t = values::table2(rng, spec, level, scale, brk.t2_row);
        values::break_table2(rng, &mut t, brk);
        if !glued || (0..rows.len()).all(|r| glued_ok(t.row_nums(r), 7)) {
            return t;
        }
    }
    let mut t = values::table2(rng, spec, level, Scale::Zero, brk.t2_row);
    values::break_table2(rng, &mut t, brk);
    debug_assert!((0..rows.len()).all(|r| glued_ok(t.row_nums(r), 7)));
    t
}

fn draw_table3(
    rng: &mut Rng,
    spec: &'static TableSpec,
    level: Level,
    glued: bool,
    brk: &Breaks,
) -> Vals {
    let attempts = if glued { 8 } else { 1 };
    for attempt in 0..attempts {
        let scale = if attempt < 4 {
            Scale::Normal
        } else {
            Scale::Small
        };
        let mut t = values::table3(rng, spec, level, scale);
        if brk.t3_row {
            values::break_table3(rng, &mut t);
        }
        if !glued || glued_ok(&t.v, 5) {
            return t;
        }
    }
    let mut t = values::table3(rng, spec, level, Scale::Zero);
    if brk.t3_row {
        values::break_table3(rng, &mut t);
    }
    debug_assert!(glued_ok(&t.v, 5));
    t
}

/// A section being written: where its heading and body are.
struct Mark {
    key: &'static str,
    heading: String,
    line: usize,
    body_start: usize,
    end: usize,
}

struct Writer {
    out: Out,
    /// A blank line after every paragraph (seed 004).
    gap: bool,
    marks: Vec<Mark>,
}

impl Writer {
    fn para(&mut self, s: &str) {
        self.out.line(s);
        if self.gap {
            self.out.nl();
        }
    }

    fn paras(&mut self, paras: &mut Vec<String>) {
        for p in paras.drain(..) {
            self.para(&p);
        }
    }

    fn open(&mut self, key: &'static str, heading: String) {
        self.close();
        let line = self.out.line;
        if !heading.is_empty() {
            self.out.line(&heading);
            if self.gap {
                self.out.nl();
            }
        }
        self.marks.push(Mark {
            key,
            heading,
            line,
            body_start: self.out.s.len(),
            end: usize::MAX,
        });
    }

    fn close(&mut self) {
        let len = self.out.s.len();
        if let Some(m) = self.marks.last_mut()
            && m.end == usize::MAX
        {
            m.end = len;
        }
    }
}

const HEADINGS: [&[&str]; 6] = [
    &["总体情况", "总体情况", "总体情况", "总体概述"],
    &[
        "主动公开政府信息情况",
        "主动公开政府信息情况",
        "行政机关主动公开政府信息情况",
    ],
    &[
        "收到和处理政府信息公开申请情况",
        "收到和处理政府信息公开申请情况",
        "行政机关收到和处理政府信息公开申请情况",
    ],
    &[
        "政府信息公开行政复议、行政诉讼情况",
        "政府信息公开行政复议、行政诉讼情况",
        "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "政府信息公开行政复议及行政诉讼情况",
    ],
    &[
        "存在的主要问题及改进情况",
        "存在的主要问题及改进情况",
        "政府信息公开工作存在的主要问题及改进情况",
    ],
    &["其他需要报告的事项"],
];

fn heading(rng: &mut Rng, k: usize) -> String {
    let mut h = String::with_capacity(80);
    if rng.pct(85) {
        h.push_str(text::CN_NUM[k]);
        h.push('、');
    } else {
        h.push(char::from(b'1' + k as u8));
        h.push('、');
        if rng.pct(50) {
            h.push(' ');
        }
    }
    h.push_str(rng.pick(HEADINGS[k]));
    h
}

/// The version of each table a report on `template` prints: the template's own, or in
/// about `share_pct` reports of a hundred one variant. One draw decides, only where the
/// template has variants: the variants take the first percents in the order the data lists
/// them, table by table, so a report prints at most one (its effects are its alone), and a
/// variant added after the others changes only the reports that print it.
fn draw_versions(rng: &mut Rng, template: Template) -> [&'static TableSpec; 3] {
    let tables = &template.spec().tables;
    let mut specs = tables.each_ref().map(|versions| versions.own);
    if tables.iter().all(|versions| versions.variants.is_empty()) {
        return specs;
    }
    let mut x = rng.below(100);
    for (spec, versions) in specs.iter_mut().zip(tables) {
        for variant in versions.variants {
            match x.checked_sub(u64::from(variant.share_pct)) {
                Some(rest) => x = rest,
                None => {
                    *spec = variant.spec;
                    return specs;
                }
            }
        }
    }
    specs
}

fn caption(no: u8, rng: &mut Rng, template: Template) -> String {
    let sp = if rng.pct(50) { " " } else { "" };
    format!("表{sp}{no} {}", vocab::table(no, template).title)
}

/// Generate the report of `seed` under `opts`.
pub fn generate(seed: u64, opts: &Options) -> Synth {
    let mut rng = Rng::new(seed);
    // Draws in a fixed order, whatever is forced, so forcing one thing changes little else.
    let layout_draw = Layout::ALL[rng.index(Layout::ALL.len())];
    let year_draw = rng.range(2019, 2025) as i32;
    let page_draw = rng.pct(30);
    let layout = opts.layout.unwrap_or(layout_draw);
    let page_breaks = opts.page_breaks.unwrap_or(page_draw);
    let (year, template) = match (opts.year, opts.template) {
        (Some(y), t) => (y, t.unwrap_or(Template::for_year(y))),
        (None, Some(Template::Y2019)) => (2019 + (year_draw - 2019) % 2, Template::Y2019),
        (None, Some(Template::Y2021)) => (2021 + (year_draw - 2019) % 5, Template::Y2021),
        (None, None) => (year_draw, Template::for_year(year_draw)),
    };
    let brk = Breaks::new(&opts.break_rules);
    let agency = names::agency(&mut rng);
    let contact = names::contact(&mut rng, &agency);
    let variants = tables::Variants::draw(&mut rng);
    let style = layout::Style::draw(&mut rng);
    let glued = layout == Layout::Glued;

    // Each table in its template's version, or in a variant as often as agencies print it.
    let specs = draw_versions(&mut rng, template);

    // s.tables: one table (not one whose rules are broken too) as a picture or absent.
    let mut status = [TableStatus::Data; 3];
    let mut image_ref = String::new();
    if brk.tables {
        let mut candidates = [0usize; 3];
        let mut n = 0;
        for k in 0..3 {
            if (k == 1 && (brk.any_t2() || brk.narrative)) || (k == 2 && brk.t3_row) {
                continue;
            }
            candidates[n] = k;
            n += 1;
        }
        let k = candidates[rng.index(n)];
        if rng.pct(60) {
            status[k] = TableStatus::Image;
            image_ref = match rng.index(4) {
                0 => format!("{}", k + 1),
                1 => format!("表{}", k + 1),
                2 => format!("图片{}", k + 1),
                _ => format!(
                    "微信图片_{}01{:02}{:06}",
                    year + 1,
                    rng.range(10, 28),
                    rng.range(0, 999_999)
                ),
            };
        } else {
            status[k] = TableStatus::Missing;
        }
    }

    // The numbers, then how each is printed.
    let t1 = draw_table1(&mut rng, specs[0], template, agency.level, glued);
    let t2 = draw_table2(&mut rng, specs[1], agency.level, glued, &brk);
    let t3 = draw_table3(&mut rng, specs[2], agency.level, glued, &brk);
    let print = Print::draw(&mut rng, layout, &brk);
    let mut cells = [
        print.cells(&mut rng, &t1, print.zero[0], false),
        print.cells(&mut rng, &t2, print.zero[1], print.total_blank),
        print.cells(&mut rng, &t3, print.zero[2], false),
    ];
    if cells[2].iter().all(|c| c.value.is_none()) {
        // Table 3 is a single row without a label: all blank, it would not read as a row.
        for c in &mut cells[2] {
            c.value = Some(0.0);
            c.raw = "0".to_string();
        }
    }
    let grids = [
        tables::grid1(specs[0], &variants),
        tables::grid2(specs[1], &variants),
        tables::grid3(specs[2], &variants),
    ];

    let (r_new, r_co, r_tp, r_cf) = (
        t2.row("new"),
        t2.row("carried_over"),
        t2.row("total_processed"),
        t2.row("carried_forward"),
    );
    let sum6 = |r: usize| (0..6).map(|c| t2.get(r, c)).sum::<i64>();
    let new = sum6(r_new);
    let fig = text::Figures {
        new,
        stated_new: if brk.narrative {
            new + rng.range(1, 3)
        } else {
            new
        },
        carried_over: sum6(r_co),
        processed: sum6(r_tp),
        carried_forward: sum6(r_cf),
        natural: t2.get(r_new, 0),
        review: t3.get(0, 4),
        litigation: t3.get(1, 4) + t3.get(2, 4),
        proactive: match agency.level {
            Level::Township => 10 + rng.skew(200),
            Level::CountyDept | Level::CityDept => 20 + rng.skew(600),
            _ => 100 + rng.skew(5000),
        },
    };
    let ctx = text::Ctx {
        year,
        short: &agency.short,
        fig,
    };

    let mut w = Writer {
        out: Out::with_capacity(16 * 1024),
        gap: rng.pct(25),
        marks: Vec::with_capacity(8),
    };

    // Title.
    if rng.pct(10) {
        w.out.nl();
    }
    let title = match rng.weighted(&[55, 20, 15, 10]) {
        0 => {
            let second = format!("{year}年政府信息公开工作年度报告");
            w.out.line(&agency.name);
            w.out.line(&second);
            format!("{}{second}", agency.name)
        }
        1 => {
            let t = format!("{}{year}年政府信息公开工作年度报告", agency.name);
            w.out.line(&t);
            t
        }
        2 => {
            let t = format!("{} {year} 年政府信息公开工作年度报告", agency.name);
            w.out.line(&t);
            t
        }
        _ => {
            let first = format!("{}{year}年政府信息", agency.name);
            w.out.line(&first);
            w.out.line("公开工作年度报告");
            format!("{first}公开工作年度报告")
        }
    };
    let title_end = w.out.s.len();
    if w.gap || rng.pct(60) {
        w.out.nl();
    }

    // Preamble.
    w.open("preamble", String::new());
    let mut paras: Vec<String> = Vec::with_capacity(16);
    let basis = format!(
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》（{}）要求，结合{year}年{}政府信息公开工作实际，编制本报告。",
        template.document_number(),
        agency.short
    );
    let period = if rng.pct(50) {
        format!("本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")
    } else {
        format!("报告中所列数据统计期限从{year}年1月1日到12月31日止。")
    };
    let mut tail = String::with_capacity(256);
    if rng.pct(30) {
        tail.push_str("本报告内容包括：总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他事项，以及相关指标统计附表等。");
    }
    tail.push_str(&period);
    if let Some(site) = &contact.website {
        tail.push_str("本报告电子版可在");
        tail.push_str(&agency.short);
        tail.push_str("门户网站（网址：");
        tail.push_str(site);
        tail.push_str("）政府信息公开专栏查阅或下载。");
    }
    if contact.address.is_some() || contact.phone.is_some() || contact.email.is_some() {
        let sep = if rng.pct(50) { "；" } else { "，" };
        tail.push_str("如对本报告有疑问，请与");
        tail.push_str(&agency.name);
        tail.push_str("联系（");
        let mut first = true;
        for (label, v) in [
            ("地址：", &contact.address),
            ("电话：", &contact.phone),
            ("电子邮箱：", &contact.email),
        ] {
            if let Some(v) = v {
                if !first {
                    tail.push_str(sep);
                }
                first = false;
                tail.push_str(label);
                tail.push_str(v);
            }
        }
        tail.push_str("）。");
    }
    if rng.pct(25) {
        paras.push(tail);
        paras.push(basis);
    } else {
        paras.push(basis);
        paras.push(tail);
    }
    w.paras(&mut paras);

    // The six sections.
    let dropped = if brk.sections {
        Some([0usize, 4, 5][rng.index(3)])
    } else {
        None
    };
    let mut issues = Vec::new();
    let mut stated: Vec<(String, i64)> = Vec::new();
    let page_line = {
        let p = rng.range(2, 9);
        match rng.index(3) {
            0 => format!("- {p} -"),
            1 => format!("第 {p} 页"),
            _ => format!("— {p} —"),
        }
    };
    let captions = page_breaks || rng.pct(25);
    let mut truth_tables: Vec<Table> = Vec::with_capacity(3);
    let mut printed_tables: Vec<PrintedTable> = Vec::with_capacity(3);
    for k in 0..6 {
        let key = vocab::SECTIONS[k].key;
        if dropped == Some(k) {
            if key == "problems" {
                // Still drawn, so the rest of the report does not depend on the drop.
                let mut scratch = Vec::new();
                text::problems(&mut rng, &ctx, &mut paras, &mut scratch);
                paras.clear();
            }
            continue;
        }
        let h = heading(&mut rng, k);
        w.open(key, h);
        match key {
            "overview" if opts.distinct_prose => {
                text::distinct_overview(&mut rng, &ctx, &mut paras);
                w.paras(&mut paras);
            }
            "overview" => {
                text::overview(&mut rng, &ctx, &mut paras, &mut stated);
                w.paras(&mut paras);
            }
            "proactive" | "applications" | "review_litigation" => {
                let no = k as u8; // sections 二/三/四 hold tables 1/2/3
                let ti = usize::from(no) - 1;
                let mut s = String::with_capacity(256);
                match no {
                    1 if rng.pct(40) => text::proactive_intro(&ctx, &mut s),
                    // Breaking n.matches_table states the figure here too, in case
                    // section 一 is the one s.sections drops.
                    2 if rng.pct(70) || brk.narrative => {
                        text::applications_sentence(&mut rng, &ctx, &mut s, &mut stated)
                    }
                    3 if rng.pct(50) => text::review_intro(&mut rng, &ctx, &mut s),
                    _ => {}
                }
                if !s.is_empty() {
                    w.para(&s);
                }
                match status[ti] {
                    TableStatus::Data => {
                        if captions {
                            let c = caption(no, &mut rng, template);
                            w.out.line(&c);
                        }
                        let table_start = w.out.s.len();
                        let page = if no == 2 && page_breaks {
                            let n_data = specs[1].rows.len();
                            Some((rng.range(5, n_data as i64 - 3) as usize, page_line.as_str()))
                        } else {
                            None
                        };
                        layout::render(
                            layout,
                            &grids[ti],
                            &mut cells[ti],
                            &mut w.out,
                            &mut rng,
                            &style,
                            page,
                        );
                        printed_tables.push(PrintedTable {
                            no,
                            range: table_start
                                ..table_start + w.out.s[table_start..].trim_end_matches('\n').len(),
                            rows: grids[ti].printed(&cells[ti]),
                        });
                        if no == 2 && rng.pct(15) {
                            w.out.line("注：数量含上年度结转数量");
                        }
                        if w.gap && !w.out.s.ends_with("\n\n") {
                            w.out.nl();
                        }
                        truth_tables.push(Table {
                            no,
                            status: TableStatus::Data,
                            variant: Some(specs[ti]),
                            images: Vec::new(),
                            cells: std::mem::take(&mut cells[ti]),
                        });
                    }
                    TableStatus::Image => {
                        w.out.push("[image: ");
                        w.out.push(&image_ref);
                        w.out.line("]");
                        truth_tables.push(Table {
                            no,
                            status: TableStatus::Image,
                            variant: None,
                            images: vec![image_ref.clone()],
                            cells: Vec::new(),
                        });
                    }
                    _ => truth_tables.push(Table::empty(no, TableStatus::Missing)),
                }
            }
            "problems" if opts.distinct_prose => {
                text::distinct_problems(&mut rng, &ctx, &mut paras, &mut issues);
                w.paras(&mut paras);
            }
            "problems" => {
                text::problems(&mut rng, &ctx, &mut paras, &mut issues);
                w.paras(&mut paras);
            }
            _ if opts.distinct_prose => {
                text::distinct_other(&mut rng, &ctx, &mut paras);
                w.paras(&mut paras);
            }
            _ => {
                text::other_matters(&mut rng, &ctx, &mut paras);
                w.paras(&mut paras);
            }
        }
    }

    // Signature.
    let day = rng.range(1, 31) as u32;
    let published = if brk.late {
        let month = rng.range(2, 6) as u32;
        Date::new(year + 1, month, day.min(28))
    } else {
        Date::new(year + 1, 1, day)
    };
    if !w.gap && rng.pct(50) {
        w.out.nl();
    }
    w.open("signature", String::new());
    if rng.pct(30) {
        w.out.ch(' ');
    }
    w.out.line(&agency.name);
    if let Some(d) = published {
        let line = format!("{}年{}月{}日", d.year, d.month, d.day);
        w.out.line(&line);
    }
    w.close();

    let text = w.out.s;
    let mut sections = Vec::with_capacity(w.marks.len());
    for (ordinal, m) in w.marks.iter().enumerate() {
        let body = text[m.body_start..m.end]
            .trim_matches(['\n', ' '])
            .to_string();
        let line = if m.heading.is_empty() {
            // The first line with text.
            let skipped = text[m.body_start..]
                .bytes()
                .take_while(|&b| b == b'\n' || b == b' ')
                .filter(|&b| b == b'\n')
                .count();
            text[..m.body_start].matches('\n').count() + 1 + skipped
        } else {
            m.line
        };
        sections.push(Section {
            key: m.key,
            ordinal,
            heading: m.heading.clone(),
            body,
            line,
        });
    }

    // Each stated clause where it was printed, in order.
    let mut from = 0;
    let stated = stated
        .into_iter()
        .filter_map(|(sentence, value)| {
            let at = from + text[from..].find(&sentence)?;
            from = at + sentence.len();
            Some(StatedFigure {
                fact: "applications.new",
                value: value as f64,
                line: text[..at].matches('\n').count() + 1,
                sentence,
            })
        })
        .collect();

    let report = Report {
        agency: agency.name,
        year,
        identified_by: Default::default(),
        title,
        template,
        published_on: published,
        contact,
        sections,
        tables: truth_tables,
        issues_listed: issues,
        facts: Vec::new(),
        warnings: Vec::new(),
    };
    Synth {
        report,
        text,
        stated,
        layout,
        page_breaks,
        title_end,
        printed_tables,
        short: agency.short,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_names_round_trip() {
        for l in Layout::ALL {
            assert_eq!(Layout::from_name(l.name()), Some(l));
        }
        assert_eq!(Layout::from_name("all"), None);
    }

    #[test]
    fn glued_rows_of_every_table_read_back() {
        let opts = Options {
            layout: Some(Layout::Glued),
            ..Options::default()
        };
        for seed in 0..200 {
            let s = generate(seed, &opts);
            for t in &s.report.tables {
                assert!(t.cells.iter().all(|c| c.value.is_some()), "seed {seed}");
            }
        }
    }

    #[test]
    fn thousands_and_full_width() {
        let p = Print {
            zero: [Zero::Digit; 3],
            mark: "—",
            empty_ok: true,
            thousands: true,
            fullwidth_pct: 0,
            total_blank: false,
        };
        let mut rng = Rng::new(1);
        assert_eq!(
            p.number(&mut rng, Num::int(1_234_567), Zero::Digit, false),
            (Some(1_234_567.0), "1,234,567".to_string())
        );
        assert_eq!(
            p.number(&mut rng, Num::int(999), Zero::Digit, false).1,
            "999"
        );
        assert_eq!(
            p.number(&mut rng, Num::ZERO, Zero::Empty, false),
            (None, String::new())
        );
        assert_eq!(
            p.number(&mut rng, Num::ZERO, Zero::Empty, true),
            (Some(0.0), "0".to_string())
        );
        let p = Print {
            thousands: false,
            fullwidth_pct: 100,
            ..p
        };
        assert_eq!(
            p.number(&mut rng, Num::int(12), Zero::Digit, false).1,
            "１２"
        );
        let (v, raw) = p.number(&mut rng, Num::dec(12_345, 6), Zero::Digit, false);
        assert_eq!((v, raw.as_str()), (Some(0.012345), "０.０１２３４５"));
    }
}
