//! Rendering a table grid in each layout, recording the line of every value.

use super::Layout;
use super::out::{Out, display_width};
use super::rng::Rng;
use super::tables::{G, Grid, Kind};
use nianbao::model::Cell;

/// Per-report choices of how the layouts print.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    /// tab-rows: `(一) 予以公开`, `1. 属于…` (ASCII brackets, a space after the number).
    pub ascii_labels: bool,
    /// tab-rows: chance (percent) of a stray space inside a label.
    pub stray_space_pct: u32,
    /// space-aligned: spaces between columns (at least 2) and before the table.
    pub gap: usize,
    pub margin: usize,
    /// pipe: a spanned label repeated in every column it spans.
    pub repeat_spans: bool,
    /// tab-rows, space-aligned: table 2's third header row split over two lines.
    pub split_header: bool,
    /// glued: table 3's numbers glued to the end of its last header row.
    pub attach_t3: bool,
}

impl Style {
    pub fn draw(rng: &mut Rng) -> Style {
        Style {
            ascii_labels: rng.pct(40),
            stray_space_pct: if rng.pct(50) { 15 } else { 0 },
            gap: 2 + rng.index(3),
            margin: if rng.pct(70) { 0 } else { 1 + rng.index(6) },
            repeat_spans: rng.pct(30),
            split_header: rng.pct(25),
            attach_t3: rng.pct(50),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Row(usize),
    /// A page break: the page-number line, then the header rows again.
    Page,
}

fn plan(grid: &Grid, page_after: Option<usize>) -> Vec<Step> {
    let mut steps = Vec::with_capacity(grid.rows.len() + 8);
    let mut data = 0;
    for (i, r) in grid.rows.iter().enumerate() {
        steps.push(Step::Row(i));
        if r.kind == Kind::Data {
            data += 1;
            if page_after == Some(data) {
                steps.push(Step::Page);
                for (j, h) in grid.rows.iter().enumerate() {
                    if h.kind == Kind::Header {
                        steps.push(Step::Row(j));
                    }
                }
            }
        }
    }
    steps
}

/// Render `grid` in `layout`; `cells` are the truth cells its values index, whose `line`
/// is set here. `page` breaks the table after that many data rows with that page line.
pub(crate) fn render(
    layout: Layout,
    grid: &Grid,
    cells: &mut [Cell],
    out: &mut Out,
    rng: &mut Rng,
    style: &Style,
    page: Option<(usize, &str)>,
) {
    let steps = plan(grid, page.map(|p| p.0));
    let page_text = page.map_or("", |p| p.1);
    let mut r = Renderer {
        grid,
        cells,
        out,
        rng,
        style,
        steps: &steps,
        page_text,
    };
    match layout {
        Layout::TabCells => r.tab_cells(),
        Layout::TabRows => r.tab_rows(),
        Layout::CellLines => r.cell_lines(),
        Layout::SpaceAligned => r.space_aligned(),
        Layout::Pipe => r.pipe(),
        Layout::OcrMarkdown => match grid.no {
            1 => r.ocr_t1(),
            2 => r.ocr_t2(),
            _ => r.ocr_t3(),
        },
        Layout::Glued => r.glued(),
    }
}

/// Cells of one tab-separated line.
struct TabLine {
    first: bool,
}

impl TabLine {
    fn new() -> TabLine {
        TabLine { first: true }
    }

    /// Start a cell: a tab unless it is the first.
    fn cell(&mut self, out: &mut Out) {
        if !self.first {
            out.ch('\t');
        }
        self.first = false;
    }
}

/// Which part of a label a split header line prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Whole,
    First,
    Second,
}

fn halves(s: &str) -> (&str, &str) {
    let n = s.chars().count();
    if n < 4 {
        return (s, "");
    }
    let cut = s
        .char_indices()
        .nth(n.div_ceil(2))
        .map_or(s.len(), |(i, _)| i);
    (&s[..cut], &s[cut..])
}

fn part_of(s: &str, part: Part) -> &str {
    match part {
        Part::Whole => s,
        Part::First => halves(s).0,
        Part::Second => halves(s).1,
    }
}

struct Renderer<'a> {
    grid: &'a Grid,
    cells: &'a mut [Cell],
    out: &'a mut Out,
    rng: &'a mut Rng,
    style: &'a Style,
    steps: &'a [Step],
    page_text: &'a str,
}

impl Renderer<'_> {
    /// Print value `ix` here, recording its line.
    fn value(&mut self, ix: u16) {
        let cell = &mut self.cells[usize::from(ix)];
        cell.line = self.out.line;
        self.out.push(&cell.raw);
    }

    fn raw(&self, ix: u16) -> &str {
        &self.cells[usize::from(ix)].raw
    }

    fn is_split_header(&self, i: usize) -> bool {
        self.style.split_header && self.grid.no == 2 && i == 2
    }

    // ------------------------------------------------------------------ tab-cells

    /// Seed 003: every cell on its own line after a tab, a blank line after each row.
    fn tab_cells(&mut self) {
        for &step in self.steps {
            match step {
                Step::Page => {
                    self.out.line(self.page_text);
                    self.out.nl();
                }
                Step::Row(i) => {
                    for &g in self.grid.row(i) {
                        self.out.ch('\t');
                        match g {
                            G::T(s, _) => self.out.push(s),
                            G::E(_) => {}
                            G::V(ix, _) => self.value(ix),
                        }
                        self.out.nl();
                    }
                    self.out.nl();
                }
            }
        }
        self.out.nl();
    }

    // ------------------------------------------------------------------ tab-rows

    /// Whether `s` is the label of a group over groups (三、本年度办理结果), which exports
    /// often print spread out.
    fn is_group_of_groups(&self, s: &str) -> bool {
        self.grid
            .spec
            .rows
            .iter()
            .any(|r| r.group.and_then(|g| g.parent).is_some_and(|p| p.label == s))
    }

    /// A label as a careless export prints it: ASCII brackets, stray spaces.
    fn noisy(&mut self, s: &str) {
        let n = s.chars().count();
        let spread_pct = if self.is_group_of_groups(s) { 40 } else { 5 };
        let spread = n <= 9
            && !s.contains('（')
            && !s.starts_with(|c: char| c.is_ascii_digit())
            && self.style.stray_space_pct > 0
            && self.rng.pct(spread_pct);
        // `（一）予以公开` → `(一) 予以公开`: a space after the leading number only.
        let lead_close = if s.starts_with('（') {
            s.chars().position(|c| c == '）')
        } else {
            None
        };
        let gap_at = if n >= 3 && self.rng.pct(self.style.stray_space_pct) {
            1 + self.rng.index(n - 1)
        } else {
            usize::MAX
        };
        let ascii = self.style.ascii_labels;
        let mut prev = ' ';
        for (k, c) in s.chars().enumerate() {
            if k > 0 && ((spread && c != '、') || k == gap_at) {
                self.out.ch(' ');
            }
            match c {
                '（' if ascii => self.out.ch('('),
                '）' if ascii => {
                    self.out.ch(')');
                    if lead_close == Some(k) && k + 1 < n {
                        self.out.ch(' ');
                    }
                }
                '，' if ascii => self.out.push(", "),
                _ => self.out.ch(c),
            }
            if ascii && c == '.' && prev.is_ascii_digit() {
                self.out.ch(' ');
            }
            prev = c;
        }
    }

    /// A row with every span expanded to empty cells.
    fn tab_expanded(&mut self, i: usize, part: Part) {
        let mut tl = TabLine::new();
        for &g in self.grid.row(i) {
            match g {
                G::T(s, n) => {
                    tl.cell(self.out);
                    let s = part_of(s, part);
                    self.noisy(s);
                    for _ in 1..n {
                        tl.cell(self.out);
                    }
                }
                G::E(n) => {
                    for _ in 0..n {
                        tl.cell(self.out);
                    }
                }
                G::V(ix, n) => {
                    tl.cell(self.out);
                    self.value(ix);
                    for _ in 1..n {
                        tl.cell(self.out);
                    }
                }
            }
        }
        self.out.nl();
    }

    /// Seed 004: one row a line, cells between tabs; table 2's rows drift.
    fn tab_rows(&mut self) {
        for &step in self.steps {
            match step {
                Step::Page => self.out.line(self.page_text),
                Step::Row(i) => {
                    if self.is_split_header(i) {
                        self.tab_expanded(i, Part::First);
                        self.tab_expanded(i, Part::Second);
                    } else if self.grid.no == 2 && self.grid.rows[i].kind == Kind::Data {
                        self.tab_t2_data(i);
                    } else {
                        self.tab_expanded(i, Part::Whole);
                    }
                }
            }
        }
    }

    fn tab_t2_data(&mut self, i: usize) {
        let row = self.grid.row(i);
        let fv = row
            .iter()
            .position(|g| matches!(g, G::V(..)))
            .unwrap_or(row.len());
        let (lead, vals) = row.split_at(fv);
        let has_blank = vals
            .iter()
            .any(|g| matches!(g, G::V(ix, _) if self.raw(*ix).is_empty()));
        let mut tl = TabLine::new();
        let drift = self.rng.index(100);
        if drift < 6 {
            tl.cell(self.out); // an extra leading empty cell
        }
        let drop_lead = (6..10).contains(&drift);
        for &g in lead {
            match g {
                G::E(_) => {
                    if !drop_lead {
                        tl.cell(self.out);
                    }
                }
                G::T(s, _) => {
                    tl.cell(self.out);
                    self.noisy(s);
                }
                G::V(..) => {}
            }
        }
        if !has_blank && self.rng.pct(25) {
            tl.cell(self.out); // spacer
        }
        let cont = if !has_blank && self.rng.pct(6) {
            2 + self.rng.index(4)
        } else {
            usize::MAX
        };
        for (j, &g) in vals.iter().enumerate() {
            if j == cont {
                self.out.nl();
                tl = TabLine::new();
                tl.cell(self.out); // the continuation line starts with a tab
            }
            if let G::V(ix, _) = g {
                tl.cell(self.out);
                self.value(ix);
            }
        }
        if cont == usize::MAX && !has_blank && self.rng.pct(30) {
            tl.cell(self.out); // trailing empty cell
        }
        self.out.nl();
    }

    // ------------------------------------------------------------------ cell-lines

    /// One cell a line, no tabs, no blank lines; empty cells are not printed.
    fn cell_lines(&mut self) {
        for &step in self.steps {
            match step {
                Step::Page => self.out.line(self.page_text),
                Step::Row(i) => {
                    for &g in self.grid.row(i) {
                        match g {
                            G::T(s, _) => self.out.line(s),
                            G::E(_) => {}
                            G::V(ix, _) => {
                                self.value(ix);
                                self.out.nl();
                            }
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ space-aligned

    fn width_of(&self, g: G, part: Part) -> usize {
        match g {
            G::T(s, _) => display_width(part_of(s, part)),
            G::E(_) => 0,
            G::V(ix, _) => display_width(self.raw(ix)),
        }
    }

    /// `pdftotext -layout`: columns at fixed display positions, labels left-aligned at
    /// their column's start, values right-aligned at their (spanned) column's end.
    fn space_aligned(&mut self) {
        let ncols = self.grid.ncols;
        let gap = self.style.gap.max(2);
        let mut w = vec![0usize; ncols];
        for pass in 0..2 {
            for i in 0..self.grid.rows.len() {
                let mut c = 0;
                for &g in self.grid.row(i) {
                    let s = g.span();
                    let need = self.width_of(g, Part::Whole);
                    if pass == 0 && s == 1 {
                        w[c] = w[c].max(need);
                    } else if pass == 1 && s > 1 {
                        let have: usize = w[c..c + s].iter().sum::<usize>() + gap * (s - 1);
                        if need > have {
                            w[c + s - 1] += need - have;
                        }
                    }
                    c += s;
                }
            }
        }
        let mut x = vec![0usize; ncols];
        let mut pos = self.style.margin;
        for c in 0..ncols {
            x[c] = pos;
            pos += w[c] + gap;
        }
        for &step in self.steps {
            match step {
                Step::Page => {
                    self.out.nl();
                    self.out.spaces(self.style.margin + 20);
                    self.out.line(self.page_text);
                    self.out.nl();
                }
                Step::Row(i) => {
                    if self.is_split_header(i) {
                        self.aligned_row(i, &x, &w, Part::First);
                        self.aligned_row(i, &x, &w, Part::Second);
                    } else {
                        self.aligned_row(i, &x, &w, Part::Whole);
                    }
                }
            }
        }
    }

    fn aligned_row(&mut self, i: usize, x: &[usize], w: &[usize], part: Part) {
        let mut cur = 0usize;
        let mut c = 0usize;
        let grid = self.grid;
        for &g in grid.row(i) {
            let s = g.span();
            let start = x[c];
            let end = x[c + s - 1] + w[c + s - 1];
            match g {
                G::T(t, _) => {
                    let t = part_of(t, part);
                    if !t.is_empty() {
                        pad(self.out, &mut cur, start);
                        self.out.push(t);
                        cur += display_width(t);
                    }
                }
                G::V(ix, _) => {
                    let rw = display_width(self.raw(ix));
                    if rw > 0 {
                        pad(self.out, &mut cur, end - rw);
                        cur = end;
                    }
                    self.value(ix);
                }
                G::E(_) => {}
            }
            c += s;
        }
        self.out.nl();
    }

    // ------------------------------------------------------------------ pipe

    fn pipe_sep(&mut self, n: usize) {
        self.out.ch('|');
        for _ in 0..n {
            self.out.push(" --- |");
        }
        self.out.nl();
    }

    /// Markdown pipe table: every row `ncols` cells, spans expanded (empty or repeated),
    /// a separator line after the first row.
    fn pipe(&mut self) {
        let mut need_sep = true;
        let repeat = self.style.repeat_spans;
        for &step in self.steps {
            match step {
                Step::Page => {
                    self.out.nl();
                    self.out.line(self.page_text);
                    self.out.nl();
                    need_sep = true;
                }
                Step::Row(i) => {
                    self.out.ch('|');
                    for &g in self.grid.row(i) {
                        match g {
                            G::T(s, n) => {
                                for k in 0..n {
                                    self.out.ch(' ');
                                    if k == 0 || repeat {
                                        self.out.push(s);
                                    }
                                    self.out.push(" |");
                                }
                            }
                            G::E(n) => {
                                for _ in 0..n {
                                    self.out.push("  |");
                                }
                            }
                            G::V(ix, n) => {
                                self.out.ch(' ');
                                self.value(ix);
                                self.out.push(" |");
                                for _ in 1..n {
                                    self.out.push("  |");
                                }
                            }
                        }
                    }
                    self.out.nl();
                    if need_sep {
                        self.pipe_sep(self.grid.ncols);
                        need_sep = false;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ ocr-markdown

    fn placeholder(&mut self, n: usize) {
        let word = if self.rng.pct(50) { "列" } else { "数据" };
        self.out.ch('|');
        for k in 1..=n {
            self.out.ch(' ');
            self.out.push(word);
            self.out.int(k as i64);
            self.out.push(" |");
        }
        self.out.nl();
    }

    /// Between two fragments of a table: a blank line or a stray text line.
    fn boundary(&mut self) {
        match self.rng.index(6) {
            0..=2 => self.out.nl(),
            3 => self.out.line("续表"),
            4 => self.out.line("单位：件"),
            _ => {
                self.out.push("表");
                self.out.int(i64::from(self.grid.no));
                self.out.line("（续）");
            }
        }
    }

    /// A row's labels and values as a pipe row; a row with two labels (a group label
    /// pushed in) has one cell more; a one-label row may print its label on a line of its
    /// own and the values as a pipe row below.
    fn ocr_data(&mut self, i: usize) {
        let grid = self.grid;
        let row = grid.row(i);
        let labels = row.iter().filter(|g| matches!(g, G::T(..))).count();
        let label_line = labels == 1 && self.rng.pct(12);
        if label_line && let Some(G::T(s, _)) = row.iter().find(|g| matches!(g, G::T(..))) {
            self.out.line(s);
        }
        self.out.ch('|');
        for &g in row {
            match g {
                G::T(s, _) if !label_line => {
                    self.out.ch(' ');
                    self.out.push(s);
                    self.out.push(" |");
                }
                G::V(ix, _) => {
                    self.out.ch(' ');
                    self.value(ix);
                    self.out.push(" |");
                }
                _ => {}
            }
        }
        self.out.nl();
    }

    /// A header row with spans expanded to empty cells.
    fn md_expanded(&mut self, i: usize) {
        self.out.ch('|');
        for &g in self.grid.row(i) {
            match g {
                G::T(s, n) => {
                    self.out.ch(' ');
                    self.out.push(s);
                    self.out.push(" |");
                    for _ in 1..n {
                        self.out.push("  |");
                    }
                }
                G::E(n) | G::V(_, n) => {
                    for _ in 0..n {
                        self.out.push("  |");
                    }
                }
            }
        }
        self.out.nl();
    }

    /// Table 1: a fragment per sub-block, as wide as the block.
    fn ocr_t1(&mut self) {
        let grid = self.grid;
        let mut first = true;
        for i in 0..grid.rows.len() {
            match grid.rows[i].kind {
                Kind::Title => {
                    let k = grid
                        .row(i + 1)
                        .iter()
                        .filter(|g| matches!(g, G::T(..)))
                        .count();
                    if !first {
                        self.boundary();
                    }
                    first = false;
                    if self.rng.pct(35) {
                        self.placeholder(k);
                    } else {
                        if let Some(G::T(s, _)) = grid.row(i).first() {
                            self.out.push("| ");
                            self.out.push(s);
                            self.out.push(" |");
                        }
                        for _ in 1..k {
                            self.out.push("  |");
                        }
                        self.out.nl();
                    }
                    self.out.ch('|');
                    for _ in 0..k {
                        self.out.push(" --- |");
                    }
                    self.out.nl();
                }
                Kind::Header => {
                    self.out.ch('|');
                    for &g in grid.row(i) {
                        if let G::T(s, _) = g {
                            self.out.ch(' ');
                            self.out.push(s);
                            self.out.push(" |");
                        }
                    }
                    self.out.nl();
                }
                Kind::Data => self.ocr_data(i),
            }
        }
    }

    /// Table 2: two or three fragments, each with the real header or a placeholder.
    fn ocr_t2(&mut self) {
        let grid = self.grid;
        let n_data = grid.rows.iter().filter(|r| r.kind == Kind::Data).count();
        let mut cuts = [usize::MAX; 2];
        let n_cuts = 1 + self.rng.index(2);
        for cut in cuts.iter_mut().take(n_cuts) {
            *cut = 3 + self.rng.index(n_data - 5);
        }
        let mut data = 0;
        let mut open = false;
        let mut page_pending = false;
        let mut frag = 0;
        for &step in self.steps {
            match step {
                Step::Page => page_pending = true,
                Step::Row(i) if grid.rows[i].kind != Kind::Data => {}
                Step::Row(i) => {
                    if !open || page_pending || cuts.contains(&data) {
                        if open {
                            if page_pending {
                                self.out.nl();
                                self.out.line(self.page_text);
                                self.out.nl();
                            } else {
                                self.boundary();
                            }
                        }
                        page_pending = false;
                        let real = if frag == 0 {
                            self.rng.pct(75)
                        } else {
                            self.rng.pct(35)
                        };
                        if real {
                            self.out.push("| ");
                            self.out.push(if self.rng.pct(50) {
                                "申请人情况"
                            } else {
                                grid.spec.note
                            });
                            self.out.push(" |");
                            for c in grid.spec.rows.first().map_or(&[][..], |r| r.cols) {
                                self.out.ch(' ');
                                self.out.push(c.label);
                                self.out.push(" |");
                            }
                            self.out.nl();
                        } else {
                            self.placeholder(8);
                        }
                        self.pipe_sep(8);
                        open = true;
                        frag += 1;
                    }
                    self.ocr_data(i);
                    data += 1;
                }
            }
        }
    }

    /// Table 3: the real headers, a placeholder, or both in two fragments.
    fn ocr_t3(&mut self) {
        let data = self.grid.rows.len() - 1;
        match self.rng.index(3) {
            0 => {
                self.md_expanded(0);
                self.pipe_sep(15);
                for i in 1..data {
                    self.md_expanded(i);
                }
            }
            1 => {
                self.placeholder(15);
                self.pipe_sep(15);
            }
            _ => {
                self.md_expanded(0);
                self.pipe_sep(15);
                for i in 1..data {
                    self.md_expanded(i);
                }
                self.boundary();
                self.placeholder(15);
                self.pipe_sep(15);
            }
        }
        self.ocr_data(data);
    }

    // ------------------------------------------------------------------ glued

    /// Every row's cells run together; table 3's numbers maybe on its last header line.
    fn glued(&mut self) {
        let mut prev_header = false;
        for &step in self.steps {
            match step {
                Step::Page => {
                    self.out.line(self.page_text);
                    prev_header = false;
                }
                Step::Row(i) => {
                    let kind = self.grid.rows[i].kind;
                    if self.grid.spec.wide
                        && kind == Kind::Data
                        && prev_header
                        && self.style.attach_t3
                    {
                        self.out.unnl();
                    }
                    for &g in self.grid.row(i) {
                        match g {
                            G::T(s, _) => self.out.push(s),
                            G::E(_) => {}
                            G::V(ix, _) => self.value(ix),
                        }
                    }
                    self.out.nl();
                    prev_header = kind == Kind::Header;
                }
            }
        }
    }
}

/// Spaces up to display column `target` (two at least when already past it).
fn pad(out: &mut Out, cur: &mut usize, target: usize) {
    if *cur < target {
        out.spaces(target - *cur);
        *cur = target;
    } else if *cur > 0 {
        out.spaces(2);
        *cur += 2;
    }
}
