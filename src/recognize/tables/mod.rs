//! Recovering the three statistical tables from a section's blocks, by their labels.
//!
//! Every layout is first reduced to rows of cell tokens ([`tokens`]). Then one pass reads
//! them: label tokens accumulate; the values that follow belong to the row the nearest
//! labels name (with the group they sit under, for generic labels like 3.其他); header
//! labels give column positions. A row's values are placed by [`fit`]. Whatever cannot be
//! placed becomes a warning naming its line; nothing is guessed.
//!
//! [`traced`] records, for `nianbao explain`, every token read, the row each run of values
//! was read as and how its values were placed or why not.

mod fit;
mod labels;
mod tokens;

// Fx rather than SipHash: the keys are the vocabulary's, and these maps are on the hot path.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::document::Block;
use crate::model::{Cell, Table, TableStatus, Warning};
use crate::vocab::{self, ColSpec, GroupSpec, RowSpec, Sum, TableSpec, Template, Told};

use std::cell::{OnceCell, RefCell};
use std::sync::Mutex;

use fit::{Columns, Fit, Sums, fit};
use labels::{Occurring, RowPhrase, RowPhrases, matches_col, normalize};
use tokens::{Kind, SourceRow, Token};

pub use tokens::is_page_number;

thread_local! {
    /// The steps of the table readers of this thread, while [`traced`] asks for them.
    static TRACE: RefCell<Option<Vec<(u8, String)>>> = const { RefCell::new(None) };
}

/// Run `f`, and the steps of every table read meanwhile on this thread: (table, line of
/// text) in reading order.
pub fn traced<T>(f: impl FnOnce() -> T) -> (T, Vec<(u8, String)>) {
    /// Stops tracing however `f` ends.
    struct Stop;
    impl Drop for Stop {
        fn drop(&mut self) {
            TRACE.with(|t| t.borrow_mut().take());
        }
    }
    TRACE.with(|t| *t.borrow_mut() = Some(Vec::new()));
    let stop = Stop;
    let out = f();
    let steps = TRACE.with(|t| t.borrow_mut().take()).unwrap_or_default();
    drop(stop);
    (out, steps)
}

/// Recognize table `no` in the blocks of its section.
pub fn recognize_table(no: u8, template: Template, blocks: &[Block]) -> (Table, Vec<Warning>) {
    let specs = vocab::candidates(no, template, || {
        blocks.iter().map(|b| normalize(&b.text())).collect()
    });
    let sought = Sought::of(&specs);
    let mut reader = Reader::new(no, template, sought);
    let phrases = &sought.phrases;
    let glue_label = move |label: &str| {
        let norm = sought.row_label(label);
        // A wide row's digits may also run into the end of its header (table 3: …尚未审结总计
        // 200133…), which ends with the table's last column.
        if sought
            .wide
            .as_ref()
            .is_some_and(|w| norm.ends_with(w.last_header.as_str()))
        {
            return true;
        }
        let found = phrases.occurring(&norm);
        let n = norm.chars().count();
        phrases.list.iter().enumerate().any(|(i, p)| {
            if p.exact {
                norm == p.phrase
            } else {
                found.has(i) && n <= p.phrase.chars().count() + 8
            }
        })
    };
    let label_cuts = move |segment: &str| phrases.label_cuts(segment);
    let sense = tokens::LabelSense {
        glue_label: &glue_label,
        label_cuts: &label_cuts,
    };
    for row in tokens::source_rows(blocks, &sense) {
        reader.read_row(row);
    }
    reader.close_open();
    reader.finish(tokens::image_refs(blocks))
}

/// What reading a table against a set of its versions looks for, worked out from the
/// versions once for the life of the process (a handful of sets exist: each table's).
struct Sought {
    /// The versions, as [`vocab::candidates`] gives them.
    specs: Vec<&'static TableSpec>,
    phrases: RowPhrases,
    /// Column keys whose header labels the versions print, with their labels' normal form.
    header_cols: Vec<(&'static str, String, Vec<String>)>,
    /// The groups a generic row label (3.其他) needs, with their labels in normal form, in
    /// the order printed; none when no row is told by its group. A cell may print a group
    /// and its first row together (三、本年度办理结果（一）予以公开).
    groups: Vec<(String, &'static GroupSpec)>,
    /// Rows printed above a row whose label is also a column header (（七）总计): once one
    /// is read, that label names its row.
    above_header_rows: Vec<&'static str>,
    /// The length of each row label's normal form.
    label_lens: Vec<(&'static str, usize)>,
    /// The version printed as one wide row, if it is.
    wide: Option<Wide>,
    /// A row's last column is the total of the others.
    row_totals: bool,
    /// Sums down the columns hold: a row whose glued digits split several ways waits for
    /// them.
    column_sums: bool,
}

/// A table printed as one row of all its cells (table 3).
struct Wide {
    spec: &'static TableSpec,
    /// Its columns, each once.
    cols: Vec<&'static ColSpec>,
    /// Its last column's header in normal form: the row's digits may run into it.
    last_header: String,
    label: String,
}

impl Sought {
    fn of(specs: &[&'static TableSpec]) -> &'static Sought {
        type Cache = Vec<(Vec<usize>, &'static Sought)>;
        static CACHE: Mutex<Cache> = Mutex::new(Vec::new());
        let key: Vec<usize> = specs
            .iter()
            .map(|s| std::ptr::from_ref(*s) as usize)
            .collect();
        let mut cache = CACHE
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, sought)) = cache.iter().find(|(k, _)| *k == key) {
            return sought;
        }
        let sought: &'static Sought = Box::leak(Box::new(Sought::new(specs)));
        cache.push((key, sought));
        sought
    }

    fn new(specs: &[&'static TableSpec]) -> Sought {
        let rows = || specs.iter().flat_map(|spec| spec.rows.iter());
        let mut header_cols: Vec<(&'static str, String, Vec<String>)> = Vec::new();
        for col in rows().flat_map(|r| r.cols.iter()) {
            if !header_cols.iter().any(|(k, _, _)| *k == col.key) {
                header_cols.push((
                    col.key,
                    normalize(col.label),
                    col.aliases.iter().map(|a| normalize(a)).collect(),
                ));
            }
        }
        let mut groups: Vec<(String, &'static GroupSpec)> = Vec::new();
        if rows().any(|r| r.told == Told::ByGroup) {
            for group in specs.iter().flat_map(|spec| spec.groups()) {
                if !groups.iter().any(|(_, g)| *g == group) {
                    groups.push((normalize(group.label), group));
                }
            }
        }
        let mut above_header_rows: Vec<&'static str> = Vec::new();
        for spec in specs {
            for (i, row) in spec.rows.iter().enumerate() {
                if row.told == Told::BelowRows {
                    above_header_rows.extend(spec.rows[..i].iter().map(|r| r.key));
                }
            }
        }
        let wide = specs.iter().find(|spec| spec.wide).map(|&spec| {
            let mut cols: Vec<&'static ColSpec> = Vec::new();
            for col in spec.rows.iter().flat_map(|r| r.cols.iter()) {
                if !cols.iter().any(|c| c.key == col.key) {
                    cols.push(col);
                }
            }
            Wide {
                spec,
                cols,
                last_header: spec
                    .rows
                    .last()
                    .and_then(|r| r.cols.last())
                    .map(|c| normalize(c.label))
                    .unwrap_or_default(),
                label: spec.wide_label(),
            }
        });
        let mut sought = Sought {
            specs: specs.to_vec(),
            phrases: RowPhrases::new(specs),
            header_cols,
            groups,
            above_header_rows,
            label_lens: Vec::new(),
            wide,
            row_totals: specs.iter().any(|spec| spec.has_row_totals()),
            column_sums: specs.iter().any(|spec| {
                spec.sums
                    .iter()
                    .any(|s| matches!(s, Sum::Balance { .. } | Sum::Subtotal { .. }))
            }),
        };
        sought.label_lens = rows()
            .map(|r| (r.label, sought.row_label(r.label).chars().count()))
            .collect();
        sought
    }

    /// A label as a row label in normal form: without a group label printed in front of it.
    fn row_label(&self, text: &str) -> String {
        self.row_label_of(normalize(text))
    }

    /// [`Self::row_label`] of a label already in [`normalize`]d form.
    fn row_label_of(&self, norm: String) -> String {
        for (group, _) in &self.groups {
            if let Some(rest) = norm.strip_prefix(group.as_str())
                && !rest.is_empty()
            {
                let rest = rest.trim_start_matches(|c: char| {
                    crate::chinese::is_enumerator_numeral(c) || c.is_ascii_digit()
                });
                if !rest.is_empty() {
                    return rest.to_string();
                }
            }
        }
        norm
    }

    /// The length of the normal form of `label`, a row's label.
    fn label_len(&self, label: &str) -> usize {
        self.label_lens
            .iter()
            .find(|(l, _)| *l == label)
            .map_or(0, |(_, n)| *n)
    }
}

/// What is left of `text` after the labels run together, if it begins with them.
fn spells<'t>(text: &'t str, labels: &[Pending]) -> Option<&'t str> {
    labels
        .iter()
        .try_fold(text, |rest, p| rest.strip_prefix(p.row_label.as_str()))
}

/// What a run of values belongs to.
#[derive(Debug, Clone, Copy)]
enum Target {
    Row(&'static RowSpec),
    /// A wide table's one row (table 3's 15 numbers).
    Wide(&'static TableSpec),
}

impl Target {
    fn ncols(self) -> usize {
        match self {
            Target::Row(r) => r.cols.len(),
            Target::Wide(spec) => spec.cell_count(),
        }
    }
}

/// Where a target's values go.
struct Destination {
    /// (row key, column key) of each value, in print order.
    keys: Vec<(&'static str, &'static str)>,
    header: Option<Vec<f32>>,
    header_starts: Option<Vec<f32>>,
    lanes: Vec<Vec<(f32, f32)>>,
    /// Whether each value is a count (a whole number).
    whole: Vec<bool>,
    /// Values come in groups of this size whose last is their total; 0 for no sum.
    sum_group: usize,
    label: &'static str,
}

/// A glued row of table 2 that several splits fit; the column sums across rows decide.
struct Undecided {
    row: &'static RowSpec,
    /// The run of digits as printed.
    digits: String,
    line: usize,
    splits: Vec<Vec<fit::Placed>>,
}

struct Open {
    target: Target,
    label_line: usize,
    values: Vec<Token>,
}

/// A column header as printed: its centre, its extent in aligned text, its line.
struct HeaderCell {
    pos: f32,
    extent: Option<(f32, f32)>,
    line: usize,
}

struct HeaderFragment {
    text: String,
    pos: f32,
    extent: Option<(f32, f32)>,
    line: usize,
}

/// A label not yet followed by its values, with its text as a row label in normal form.
struct Pending {
    token: Token,
    row_label: String,
    /// The row phrases occurring in this label (`[0]`), and in it run together after the
    /// one (`[1]`) and the two (`[2]`) labels before it: worked out once, when first asked
    /// (the pending labels are matched against the rows at every token). Labels leave
    /// `pending` only from the front or all together, so the labels before one are the
    /// same for as long as they are there.
    phrases_in: [OnceCell<Occurring>; 3],
}

struct Reader {
    no: u8,
    template: Template,
    sought: &'static Sought,
    phrases: &'static RowPhrases,
    pending: Vec<Pending>,
    gap: Vec<Token>,
    open: Option<Open>,
    group: Option<&'static GroupSpec>,
    /// A row above one whose label is also a column header has been read: 总计 is now the
    /// row （七）, not the column.
    started: bool,
    /// The rows whose labels were read, whether or not their values could be placed: they
    /// tell which version of the table was printed.
    named: Vec<&'static str>,
    /// Where each column's header sits, and the line it was printed on.
    header_pos: HashMap<&'static str, HeaderCell>,
    /// Where each column's values sit in aligned text: the extents of values in rows
    /// printed in full under its latest header (see [`fit::Columns::lanes`]).
    lanes: HashMap<&'static str, Vec<(f32, f32)>>,
    /// A wide table's column headers in reading order, for placing its row by position.
    wide_leaves: Vec<f32>,
    cells: Vec<Cell>,
    /// The (row, column) keys of `cells`: a row printed twice is found without a scan.
    placed: HashSet<(&'static str, &'static str)>,
    warnings: Vec<Warning>,
    saw_table_text: bool,
    /// The last line whose stray numbers were warned about: one warning a line.
    orphan_line: Option<usize>,
    undecided: Vec<Undecided>,
    /// Rows whose label stood alone, followed by another row's label: printed blank in a
    /// layout that prints no empty cells (aligned columns). Filled at the end if the
    /// template has the row and nothing else placed it.
    label_only: Vec<(&'static RowSpec, usize)>,
    /// The layout prints empty cells (tabs, pipes, grids): a blank row shows as one, and a
    /// label alone is not a blank row.
    prints_empty_cells: bool,
    /// Header words that match no column yet: the first lines of a header split over
    /// lines (商业 / 企业).
    header_fragments: Vec<HeaderFragment>,
    /// The source row being read holds a word that only a column header can be (自然人).
    header_row: bool,
    /// Rows of aligned text not placed yet, retried with the whole table's lanes.
    deferred: Vec<Open>,
    /// The table has been read to its end: a row not placed now is not placed.
    finishing: bool,
    /// The steps read so far, when [`traced`] asks for them.
    trace: Option<Vec<String>>,
    /// Rows named by the labels of the source rows just read, each a label alone
    /// (converter markdown prints a block of them above their rows of values).
    detached: Vec<(&'static RowSpec, usize)>,
    /// The rows of values only below two or more detached labels, while they are read.
    below_detached: Option<Vec<SourceRow>>,
}

impl Reader {
    fn new(no: u8, template: Template, sought: &'static Sought) -> Reader {
        Reader {
            no,
            template,
            sought,
            phrases: &sought.phrases,
            pending: Vec::new(),
            gap: Vec::new(),
            open: None,
            group: None,
            started: false,
            named: Vec::new(),
            header_pos: HashMap::default(),
            lanes: HashMap::default(),
            wide_leaves: Vec::new(),
            cells: Vec::new(),
            placed: HashSet::default(),
            warnings: Vec::new(),
            saw_table_text: false,
            orphan_line: None,
            undecided: Vec::new(),
            label_only: Vec::new(),
            prints_empty_cells: false,
            header_fragments: Vec::new(),
            header_row: false,
            deferred: Vec::new(),
            finishing: false,
            trace: TRACE.with(|t| t.borrow().is_some()).then(Vec::new),
            detached: Vec::new(),
            below_detached: None,
        }
    }

    /// Note a step for [`traced`]; `step` is called only when tracing.
    fn step(&mut self, step: impl FnOnce() -> String) {
        if let Some(trace) = &mut self.trace {
            trace.push(step());
        }
    }

    /// `header=value` for each placed value, `header=` for a blank.
    fn placement(
        keys: &[(&'static str, &'static str)],
        spec_row: &dyn Fn(&str) -> Option<&'static RowSpec>,
        wide: bool,
        values: &[fit::Placed],
    ) -> String {
        keys.iter()
            .zip(values)
            .map(|(&(row, col), p)| {
                let row_spec = spec_row(row);
                let col_label = row_spec
                    .and_then(|r| r.cols.iter().find(|c| c.key == col))
                    .map_or(col, |c| c.label);
                let row_label = if wide {
                    row_spec.map_or(row, |r| r.label)
                } else {
                    ""
                };
                format!("{row_label}{col_label}={}", p.raw)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn read_row(&mut self, row: SourceRow) {
        self.header_row = false;
        let only_values =
            !row.tokens.is_empty() && row.tokens.iter().all(|t| t.kind != Kind::Label);
        let only_label = matches!(row.tokens.as_slice(), [t] if t.kind == Kind::Label);
        if let Some(rows) = &mut self.below_detached {
            if only_values {
                rows.push(row);
                return;
            }
            self.settle_detached();
        }
        // A row of values, not a value a line (one cell a line prints a label a line too).
        if only_values && row.tokens.len() >= 2 && self.open.is_none() && self.detached.len() >= 2 {
            self.below_detached = Some(vec![row]);
            return;
        }
        if self.stray_number(&row) {
            return;
        }
        self.read_tokens(row);
        match self.pending_row() {
            Some(named) if only_label => self.detached.push(named),
            _ => self.detached.clear(),
        }
    }

    /// Labels each alone on a line, then rows of values only: each label's row is the row
    /// of values in the same place, when there are as many of them; otherwise which values
    /// are whose is not certain, and none is stored.
    fn settle_detached(&mut self) {
        let rows = std::mem::take(&mut self.detached);
        let values = self.below_detached.take().unwrap_or_default();
        self.label_only
            .retain(|(r, l)| !rows.iter().any(|(d, dl)| d.key == r.key && dl == l));
        self.pending.clear();
        self.gap.clear();
        if rows.len() == values.len() {
            for ((row, line), source) in rows.into_iter().zip(values) {
                self.step(|| {
                    format!(
                        "  \"{}\" (line {line}) paired with the values of line {}",
                        row.label, source.tokens[0].line
                    )
                });
                self.open_row(Target::Row(row), line, source.tokens);
                self.close_open();
            }
            return;
        }
        let (first, last) = (rows[0].1, rows[rows.len() - 1].1);
        for (row, line) in rows {
            let message = format!(
                "table {}: row \"{}\": its label stands alone among {} labels (lines {first}–{last}) \
                 above {} rows of values; which values are its is not certain; not stored",
                self.no,
                row.label,
                last - first + 1,
                values.len()
            );
            self.note_named(row);
            self.warn(line, message);
        }
    }

    fn read_tokens(&mut self, row: SourceRow) {
        for token in row.tokens {
            if token.kind == Kind::Label {
                // A label ends the row before it: its placement comes first.
                self.close_open();
            }
            self.step(|| {
                let kind = match token.kind {
                    Kind::Label => "label",
                    Kind::Number(_) if token.glued => "digits",
                    Kind::Number(_) => "number",
                    Kind::Mark => "mark",
                    Kind::Empty => "empty",
                    Kind::Run => "digits",
                };
                format!("line {}  {kind} \"{}\"", token.line, token.text)
            });
            match token.kind {
                Kind::Empty => {
                    self.prints_empty_cells = true;
                    match &mut self.open {
                        Some(open) if self.gap.is_empty() => open.values.push(token),
                        _ => self.gap.push(token),
                    }
                }
                Kind::Label => self.label(token),
                Kind::Number(_) | Kind::Mark | Kind::Run => self.value(token),
            }
        }
        // A row label followed only by empty cells is a row printed blank.
        if self.open.is_none()
            && !self.gap.is_empty()
            && let Some(Target::Row(row)) = self.resolve()
            && self.gap.len() >= row.cols.len()
        {
            let values = std::mem::take(&mut self.gap);
            let label_line = self.pending.last().map_or(values[0].line, |p| p.token.line);
            self.open_row(Target::Row(row), label_line, values);
        }
        // A row that has all its cells ends with its source row; one that has fewer may
        // continue on the next line.
        if let Some(open) = &self.open
            && open.values.len() >= open.target.ncols()
        {
            self.close_open();
        }
    }

    /// A number alone on its line, below a row of aligned text whose values sit on one line
    /// and in their columns: a page number printed inside the table (`3`), or a value the
    /// text does not place. Either way not one of the row's values: a warning, not stored.
    fn stray_number(&mut self, row: &SourceRow) -> bool {
        let [lone] = row.tokens.as_slice() else {
            return false;
        };
        let Some(open) = &self.open else {
            return false;
        };
        let aligned_above = !open.values.is_empty()
            && open
                .values
                .iter()
                .all(|t| t.extent.is_some() && t.line != lone.line);
        if !matches!(lone.kind, Kind::Number(_)) || lone.extent.is_some() || !aligned_above {
            return false;
        }
        let label = match open.target {
            Target::Row(r) => r.label,
            Target::Wide(_) => self.sought.wide.as_ref().map_or("", |w| w.label.as_str()),
        };
        let message = format!(
            "table {}: \"{}\" alone on line {} below row \"{label}\": a page number or a value \
             the text does not place; not stored",
            self.no, lone.text, lone.line
        );
        self.warn(lone.line, message);
        true
    }

    fn label(&mut self, token: Token) {
        self.close_open();
        self.gap.clear();
        let norm = normalize(&token.text);
        if norm.is_empty() {
            return;
        }
        let row_label = self.sought.row_label_of(norm.clone());
        let before = self.pending_row();
        if let Some(pos) = token.pos {
            let row_word = self.names_a_row(&row_label);
            self.header_row |= self.begins_a_header(&norm) && !row_word;
            // 其他 and 总计 head columns and name rows (3.其他, （七）总计). Before table 2's
            // rows begin, or beside a word only a header holds (a header repeated after a
            // page break), they are headers.
            let rows_begun = self.started;
            if !rows_begun || self.header_row {
                self.note_header(&norm, pos, token.extent, token.line);
            }
            if rows_begun && self.header_row && row_word {
                return;
            }
        }
        if let Some((_, group)) = self.sought.groups.iter().find(|(g, _)| norm.contains(g)) {
            self.group = Some(group);
        }
        self.pending.push(Pending {
            token,
            row_label,
            phrases_in: Default::default(),
        });
        // Only the nearest labels can name a row; older ones are headers or prose.
        if self.pending.len() > 8 {
            self.pending.remove(0);
        }
        // A row label that this label does not continue had no values after it.
        if let Some((row, line)) = before
            && self.pending_row().is_none_or(|(r, _)| r.key != row.key)
        {
            self.note_label_only(row, line);
        }
    }

    /// The row the last label names whole, as a table cell would (not a sentence that
    /// mentions it), and the line of its label.
    fn pending_row(&self) -> Option<(&'static RowSpec, usize)> {
        const SLACK: usize = 8;
        let last = self.pending.last()?;
        let text = &last.row_label;
        // A cell holds the row's label, not a sentence that mentions it; digits in it are
        // values run into the label (政府集中采购48元), not a blank row.
        let names_only = |row: &RowSpec| {
            !text.contains(|c: char| c.is_ascii_digit())
                && text.chars().count() <= self.sought.label_len(row.label) + SLACK
        };
        // Only a label printed whole in one cell: a label wrapped over lines may have had its
        // numbers printed beside its first part.
        match self.resolve_label() {
            Some((Target::Row(row), true)) if names_only(row) => Some((row, last.token.line)),
            _ => None,
        }
    }

    fn note_label_only(&mut self, row: &'static RowSpec, line: usize) {
        self.note_named(row);
        // A wide table's row names (行政复议, 行政诉讼) are also the headers of its row.
        if self.sought.wide.is_none() {
            self.label_only.push((row, line));
        }
    }

    /// A row's label has been read.
    fn note_named(&mut self, row: &'static RowSpec) {
        self.started |= self.sought.above_header_rows.contains(&row.key);
        if !self.named.contains(&row.key) {
            self.named.push(row.key);
        }
    }

    fn note_header(&mut self, norm: &str, pos: f32, extent: Option<(f32, f32)>, line: usize) {
        if let Some(wide) = &self.sought.wide {
            if wide.cols.iter().any(|c| matches_col(norm, c)) {
                if self.wide_leaves.len() == wide.spec.cell_count() {
                    self.wide_leaves.clear();
                }
                self.wide_leaves.push(pos);
            }
            return;
        }
        if let Some(key) = self.header_key(norm) {
            // A header repeated along its own line is one spanned cell (a merged header
            // that a converter printed once per column it covers): its values sit under
            // the first.
            if self.header_pos.get(key).is_none_or(|h| h.line != line) {
                self.note_column(key, pos, extent, line);
            }
            return;
        }
        // A header split over lines (商业 / 企业, 社会公 / 益组织): join it with the fragment
        // printed just above at the same position.
        const SAME_PLACE: f32 = 2.0;
        const SHORT: usize = 6;
        let above = self
            .header_fragments
            .iter()
            .position(|f| f.line < line && line - f.line <= 2 && (f.pos - pos).abs() <= SAME_PLACE);
        match above {
            Some(i) => {
                let first = self.header_fragments.remove(i);
                let joined = HeaderFragment {
                    text: format!("{}{norm}", first.text),
                    line,
                    extent: match (first.extent, extent) {
                        (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
                        _ => None,
                    },
                    ..first
                };
                match self.header_key(&joined.text) {
                    Some(key) => self.note_column(key, joined.pos, joined.extent, line),
                    None => self.header_fragments.push(joined),
                }
            }
            None if norm.chars().count() <= SHORT => {
                self.header_fragments.push(HeaderFragment {
                    text: norm.to_string(),
                    pos,
                    extent,
                    line,
                });
            }
            None => {}
        }
    }

    /// A column's header, printed anew: its position and lane start afresh (a header
    /// repeated after a page break may sit elsewhere).
    fn note_column(
        &mut self,
        key: &'static str,
        pos: f32,
        extent: Option<(f32, f32)>,
        line: usize,
    ) {
        self.header_pos
            .insert(key, HeaderCell { pos, extent, line });
        self.lanes.remove(key);
    }

    /// The column whose header label (or a variant of it) is `norm`.
    fn header_key(&self, norm: &str) -> Option<&'static str> {
        self.sought
            .header_cols
            .iter()
            .find(|(_, label, aliases)| norm == label || aliases.iter().any(|a| a == norm))
            .map(|(key, _, _)| *key)
    }

    /// Whether `norm` is a column header or the first part of one split over lines (商业 of
    /// 商业企业).
    fn begins_a_header(&self, norm: &str) -> bool {
        norm.chars().count() >= 2
            && self.sought.header_cols.iter().any(|(_, label, aliases)| {
                label.starts_with(norm) || aliases.iter().any(|a| a.starts_with(norm))
            })
    }

    /// Whether a label, in row-label form, is alone a row's label (总计 is （七）总计's).
    fn names_a_row(&self, row_label: &str) -> bool {
        self.phrases.list.iter().any(|p| p.phrase == row_label)
    }

    fn value(&mut self, token: Token) {
        self.saw_table_text = true;
        if let Some(open) = &mut self.open {
            open.values.append(&mut self.gap);
            open.values.push(token);
            return;
        }
        match self.resolve() {
            Some(target) => {
                let label_line = self.pending.last().map_or(token.line, |p| p.token.line);
                let mut values = std::mem::take(&mut self.gap);
                values.push(token);
                self.open_row(target, label_line, values);
            }
            None => {
                self.gap.clear();
                if self.orphan_line == Some(token.line) {
                    return;
                }
                self.orphan_line = Some(token.line);
                let near = self
                    .pending
                    .last()
                    .map(|p| format!(" (after \"{}\")", p.token.text))
                    .unwrap_or_default();
                self.warn(
                    token.line,
                    format!(
                        "table {}: number \"{}\" (and any after it on the line) is under no row label{near}; not stored",
                        self.no, token.text
                    ),
                );
            }
        }
    }

    /// Start reading the values of the row the pending labels named.
    fn open_row(&mut self, target: Target, label_line: usize, values: Vec<Token>) {
        self.pending.clear();
        if let Target::Row(row) = target {
            self.note_named(row);
            // A row sits in its group: the next generic label (3.其他) may rely on it.
            if row.group.is_some() {
                self.group = row.group;
            }
        }
        self.open = Some(Open {
            target,
            label_line,
            values,
        });
    }

    /// The row the nearest pending labels name. Labels split over cells are joined, but
    /// the match must involve the last label: an older one is a header or another row's.
    fn resolve(&self) -> Option<Target> {
        self.resolve_label().map(|(target, _)| target)
    }

    /// [`Self::resolve`], and whether the last label alone holds the row's whole label.
    fn resolve_label(&self) -> Option<(Target, bool)> {
        let n = self.pending.len();
        // A wide table's headers run together, its digits after them (…尚未审结总计
        // 210033300620002): the row names inside are headers, and the digits the wide row's.
        if let (Some(wide), Some(last)) = (&self.sought.wide, self.pending.last())
            && last.row_label.ends_with(wide.last_header.as_str())
            && last.row_label.chars().count() > wide.last_header.chars().count()
        {
            return Some((Target::Wide(wide.spec), false));
        }
        for k in 1..=n.min(3) {
            let parts = &self.pending[n - k..];
            // Labels run together: a phrase may span them, and must not lie wholly in the
            // older ones (they did not name it).
            let in_joined = self.phrases_in(n, k);
            let in_older = (k > 1).then(|| self.phrases_in(n - 1, k - 1));
            let long = parts
                .iter()
                .map(|p| p.row_label.chars().count())
                .sum::<usize>()
                >= 8;
            let whole = |i: usize, p: &RowPhrase| {
                if p.exact {
                    in_joined.has(i) && spells(&p.phrase, parts).is_some_and(str::is_empty)
                } else {
                    in_joined.has(i) && !in_older.is_some_and(|o| o.has(i))
                }
            };
            let hit = self.phrases.list.iter().enumerate().find(|&(i, p)| {
                // A long label may wrap: its first part alone names the row.
                let matched =
                    whole(i, p) || (!p.exact && long && spells(&p.phrase, parts).is_some());
                matched && self.context_allows(p)
            });
            if let Some((i, p)) = hit {
                return Some((Target::Row(p.row), k == 1 && whole(i, p)));
            }
        }
        self.sought
            .wide
            .as_ref()
            .map(|wide| (Target::Wide(wide.spec), false))
    }

    /// The row phrases occurring in the `k` pending labels that end before `end`, run
    /// together.
    fn phrases_in(&self, end: usize, k: usize) -> Occurring {
        *self.pending[end - 1].phrases_in[k - 1].get_or_init(|| {
            let joined: String = self.pending[end - k..end]
                .iter()
                .map(|p| p.row_label.as_str())
                .collect();
            self.phrases.occurring(&joined)
        })
    }

    /// Generic labels need their place: 3.其他 only under （六）其他处理, （七）总计 only once
    /// rows have begun (before that 总计 is the column header).
    fn context_allows(&self, p: &RowPhrase) -> bool {
        match p.row.told {
            Told::ByLabel => true,
            Told::ByGroup => self.group.is_some() && self.group == p.row.group,
            Told::BelowRows => self.started,
        }
    }

    fn close_open(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        let ncols = open.target.ncols();
        let dest = self.destination(open.target);
        let columns = Columns {
            header: dest.header.as_deref(),
            header_starts: dest.header_starts.as_deref(),
            lanes: &dest.lanes,
            whole: &dest.whole,
        };
        let placement = fit(
            &open.values,
            ncols,
            &columns,
            Sums {
                group: dest.sum_group,
            },
        );
        let (keys, label) = (dest.keys, dest.label);
        // The run of digits a glued row printed, to name it in a warning.
        let run = match open.values.as_slice() {
            [t] if t.glued => format!(" \"{}\"", t.text),
            _ => String::new(),
        };
        match placement {
            Fit::Placed(values) => {
                // A row between tabs or pipes prints its empty cells; a cell left blank that
                // it did not print is one it lacks, its place taken from the header's.
                let printed_empty = open.values.iter().filter(|t| t.kind == Kind::Empty).count();
                let printed = open.values.len() - printed_empty;
                let unprinted = values
                    .iter()
                    .filter(|p| p.raw.is_empty())
                    .count()
                    .saturating_sub(printed_empty);
                if printed > 0 && unprinted > 0 && open.values.iter().all(|t| t.extent.is_none()) {
                    self.warn(
                        open.label_line,
                        format!(
                            "table {}: row \"{label}\": {printed} values for {ncols} columns; \
                             {unprinted} stored blank: check the file for a missing value",
                            self.no
                        ),
                    );
                }
                self.step(|| {
                    let wide = matches!(open.target, Target::Wide(_));
                    let spec_row = |key: &str| match open.target {
                        Target::Row(r) => Some(r).filter(|r| r.key == key),
                        Target::Wide(spec) => spec.row(key),
                    };
                    format!(
                        "  read as \"{label}\": {}",
                        Self::placement(&keys, &spec_row, wide, &values)
                    )
                });
                self.learn_lanes(&keys, &open.values);
                for ((row_key, col_key), p) in keys.into_iter().zip(values) {
                    if !self.placed.insert((row_key, col_key)) {
                        self.warn(
                            p.line,
                            format!(
                                "table {}: row \"{label}\" printed twice; the second (line {}) is not stored",
                                self.no, p.line
                            ),
                        );
                        return;
                    }
                    self.cells.push(Cell {
                        row_key,
                        col_key,
                        value: p.value,
                        raw: p.raw,
                        line: p.line,
                    });
                }
            }
            Fit::Splits(splits) => match open.target {
                Target::Row(row) if self.sought.column_sums => {
                    self.step(|| {
                        format!(
                            "  read as \"{label}\": its digits split {} ways that add up; the column sums decide at the table's end",
                            splits.len()
                        )
                    });
                    self.undecided.push(Undecided {
                        row,
                        digits: run.trim_matches([' ', '"']).to_string(),
                        line: open.label_line,
                        splits,
                    })
                }
                _ => {
                    let n = splits.len();
                    self.warn(
                        open.label_line,
                        format!(
                            "table {}: row \"{label}\": its run-together digits{run} split {n} ways that add up; not stored",
                            self.no
                        ),
                    );
                }
            },
            Fit::Ambiguous(_) | Fit::TooFew(_)
                if !self.finishing && open.values.iter().any(|t| t.extent.is_some()) =>
            {
                // Aligned text: rows printed in full further down may still show where
                // this row's columns sit.
                self.deferred.push(open);
            }
            failure => {
                let why = match failure {
                    Fit::Ambiguous(n) => format!("{n} placements of its values fit"),
                    Fit::TooMany(n) => format!("{n} values for {ncols} columns"),
                    Fit::TooFew(n) => {
                        format!(
                            "{n} values for {ncols} columns, and nothing says which are missing"
                        )
                    }
                    Fit::NoSplit => {
                        format!("its run-together digits{run} split no way that adds up")
                    }
                    Fit::TooLong(n) => {
                        format!("its {n} run-together digits{run} split too many ways to try")
                    }
                    Fit::Placed(_) | Fit::Splits(_) => unreachable!("handled above"),
                };
                self.warn(
                    open.label_line,
                    format!("table {}: row \"{label}\": {why}; not stored", self.no),
                );
            }
        }
    }

    /// A row printed in full on one line of aligned text shows where its columns' values
    /// sit: the rows below with blanks are placed by it.
    fn learn_lanes(&mut self, keys: &[(&'static str, &'static str)], values: &[Token]) {
        let printed: Vec<&Token> = values.iter().filter(|t| t.kind != Kind::Empty).collect();
        let one_line = printed.windows(2).all(|w| w[0].line == w[1].line);
        if self.sought.wide.is_some() || printed.len() != keys.len() || !one_line {
            return;
        }
        for ((_, col), t) in keys.iter().zip(printed) {
            if let Some(extent) = t.extent {
                self.lanes.entry(col).or_default().push(extent);
            }
        }
    }

    /// The cells a target's values go to, where their columns sit, and its sum.
    fn destination(&self, target: Target) -> Destination {
        match target {
            Target::Row(row) => Destination {
                keys: row.cols.iter().map(|c| (row.key, c.key)).collect(),
                header: row
                    .cols
                    .iter()
                    .map(|c| self.header_pos.get(c.key).map(|h| h.pos))
                    .collect(),
                header_starts: row
                    .cols
                    .iter()
                    .map(|c| self.header_pos.get(c.key)?.extent.map(|(start, _)| start))
                    .collect(),
                lanes: row
                    .cols
                    .iter()
                    .map(|c| self.lanes.get(c.key).cloned().unwrap_or_default())
                    .collect(),
                whole: row.cols.iter().map(|c| c.count).collect(),
                sum_group: if self.sought.row_totals {
                    row.cols.len()
                } else {
                    0
                },
                label: row.label,
            },
            Target::Wide(spec) => Destination {
                keys: spec.wide_cells(),
                header_starts: None,
                lanes: Vec::new(),
                header: (self.wide_leaves.len() == target.ncols())
                    .then(|| self.wide_leaves.clone()),
                whole: spec
                    .rows
                    .iter()
                    .flat_map(|r| r.cols.iter().map(|c| c.count))
                    .collect(),
                // Each row's columns in turn, the last of them its total.
                sum_group: match spec.rows.first() {
                    Some(row) if self.sought.row_totals => row.cols.len(),
                    _ => 0,
                },
                label: self.sought.wide.as_ref().map_or("", |w| w.label.as_str()),
            },
        }
    }

    fn warn(&mut self, line: usize, message: String) {
        self.step(|| format!("  not stored: {message}"));
        self.warnings.push(Warning { line, message });
    }

    /// Decide glued rows by the table's sums down each column (table 2: 一 + 二 = （七） + 四,
    /// and （七） = the outcome rows), as the rows read so far tell its version: a row is
    /// placed when every combination of splits that satisfies them gives it the same split.
    fn decide_by_column_sums(&mut self) {
        const MAX_COMBINATIONS: usize = 200_000;
        let undecided = std::mem::take(&mut self.undecided);
        let Some(cols) = undecided.first().map(|u| u.row.cols) else {
            return;
        };
        let spec = self.version();
        let combinations = undecided
            .iter()
            .try_fold(1usize, |acc, u| acc.checked_mul(u.splits.len()))
            .filter(|&n| n <= MAX_COMBINATIONS);
        let mut chosen: Vec<Option<usize>> = vec![None; undecided.len()];
        let mut consistent = vec![true; undecided.len()];
        if let Some(total) = combinations {
            let known = |row: &str, col: usize| -> Option<Option<f64>> {
                let key = cols[col].key;
                self.cells
                    .iter()
                    .find(|c| c.row_key == row && c.col_key == key)
                    .map(|c| c.value)
            };
            let mut pick = vec![0usize; undecided.len()];
            for n in 0..total {
                let mut rest = n;
                for (i, u) in undecided.iter().enumerate() {
                    pick[i] = rest % u.splits.len();
                    rest /= u.splits.len();
                }
                let value = |row: &str, col: usize| -> Option<Option<f64>> {
                    match undecided.iter().position(|u| u.row.key == row) {
                        Some(i) => Some(undecided[i].splits[pick[i]][col].value),
                        None => known(row, col),
                    }
                };
                if column_sums_hold(spec, cols.len(), &value) {
                    for i in 0..undecided.len() {
                        match chosen[i] {
                            None => chosen[i] = Some(pick[i]),
                            Some(c) if c != pick[i] => consistent[i] = false,
                            Some(_) => {}
                        }
                    }
                }
            }
        }
        for (i, u) in undecided.into_iter().enumerate() {
            match chosen[i] {
                Some(c) if consistent[i] => {
                    self.step(|| {
                        let keys: Vec<_> = u.row.cols.iter().map(|col| (u.row.key, col.key)).collect();
                        let spec_row = |_: &str| Some(u.row);
                        format!(
                            "  \"{}\" decided by the column sums: {}",
                            u.row.label,
                            Self::placement(&keys, &spec_row, false, &u.splits[c])
                        )
                    });
                    for (col, p) in u.row.cols.iter().zip(&u.splits[c]) {
                        self.placed.insert((u.row.key, col.key));
                        self.cells.push(Cell {
                            row_key: u.row.key,
                            col_key: col.key,
                            value: p.value,
                            raw: p.raw.clone(),
                            line: p.line,
                        });
                    }
                }
                _ => self.warn(
                    u.line,
                    format!(
                        "table {}: row \"{}\": its run-together digits \"{}\" split {} ways that add up, \
                         and the column sums do not decide between them; not stored",
                        self.no,
                        u.row.label,
                        u.digits,
                        u.splits.len()
                    ),
                ),
            }
        }
    }

    /// The version of the table the rows read so far tell.
    fn version(&self) -> &'static TableSpec {
        vocab::choose(self.no, &self.sought.specs, self.template, &self.named, &[])
    }

    fn finish(mut self, images: Vec<String>) -> (Table, Vec<Warning>) {
        if self.below_detached.is_some() {
            self.settle_detached();
        }
        self.finishing = true;
        for open in std::mem::take(&mut self.deferred) {
            self.open = Some(open);
            self.close_open();
        }
        self.decide_by_column_sums();
        if let Some((row, line)) = self.pending_row() {
            self.note_label_only(row, line);
        }
        let expected = self.version();
        // A row of another version is a line of this one's read as that row: 2021's group
        // line （六）其他处理, over its 1.… 2.… 3.其他, reads as 2019's single row.
        self.cells.retain(|c| expected.row(c.row_key).is_some());
        let label_only = std::mem::take(&mut self.label_only);
        for (row, line) in label_only.into_iter().filter(|_| !self.prints_empty_cells) {
            let in_template = expected.rows.iter().any(|r| r.key == row.key);
            if in_template && !self.cells.iter().any(|c| c.row_key == row.key) {
                if let Some(trace) = &mut self.trace {
                    trace.push(format!(
                        "  \"{}\" printed blank: its label (line {line}) is followed by the next row's",
                        row.label
                    ));
                }
                self.cells.extend(row.cols.iter().map(|col| Cell {
                    row_key: row.key,
                    col_key: col.key,
                    value: None,
                    raw: String::new(),
                    line,
                }));
            }
        }
        // Cells in template order, whatever order they were printed in.
        let order = |c: &Cell| {
            expected
                .rows
                .iter()
                .position(|r| r.key == c.row_key)
                .map(|r| {
                    let cols = expected.rows[r].cols;
                    (r, cols.iter().position(|k| k.key == c.col_key))
                })
        };
        self.cells.sort_by_key(order);
        let placed = self.cells.len();
        let status = if placed == expected.cell_count() {
            TableStatus::Data
        } else if placed > 0 || (self.saw_table_text && images.is_empty()) {
            let missing: Vec<&str> = expected
                .rows
                .iter()
                .filter(|r| !self.cells.iter().any(|c| c.row_key == r.key))
                .map(|r| r.label)
                .collect();
            if !missing.is_empty() {
                self.warn(
                    0,
                    format!(
                        "table {}: {} of {} rows not found: {}",
                        self.no,
                        missing.len(),
                        expected.rows.len(),
                        missing.join("; ")
                    ),
                );
            }
            TableStatus::Partial
        } else if !images.is_empty() {
            TableStatus::Image
        } else {
            TableStatus::Missing
        };
        let read = matches!(status, TableStatus::Data | TableStatus::Partial);
        if let Some(mut steps) = self.trace.take() {
            steps.push(format!(
                "table {}: {} as the {} version, {placed} of {} cells",
                self.no,
                status.key(),
                expected.name,
                expected.cell_count()
            ));
            TRACE.with(|t| {
                if let Some(trace) = t.borrow_mut().as_mut() {
                    let no = self.no;
                    trace.extend(steps.into_iter().map(|s| (no, s)));
                }
            });
        }
        let table = Table {
            no: self.no,
            status,
            variant: read.then_some(expected),
            images,
            cells: self.cells,
        };
        (table, self.warnings)
    }
}

/// The sums of `spec` down each of its `ncols` columns, where all their cells are known
/// (`value` gives a cell's value, `None` when it is not known; a blank counts as 0).
fn column_sums_hold(
    spec: &TableSpec,
    ncols: usize,
    value: &dyn Fn(&str, usize) -> Option<Option<f64>>,
) -> bool {
    (0..ncols).all(|col| {
        let get = |row: &str| value(row, col).map(|v| v.unwrap_or(0.0));
        let total = |rows: &mut dyn Iterator<Item = &str>| rows.map(get).sum::<Option<f64>>();
        let equal = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-6,
            _ => true,
        };
        spec.sums.iter().all(|sum| match *sum {
            Sum::Balance { left, right, .. } => equal(
                total(&mut left.iter().copied()),
                total(&mut right.iter().copied()),
            ),
            Sum::Subtotal {
                first, total: t, ..
            } => {
                let parts = spec.rows_between(first, t);
                equal(total(&mut parts.iter().map(|r| r.key)), get(t))
            }
            Sum::RowTotal { .. } | Sum::RunningTotal { .. } => true,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn read(no: u8, text: &str) -> (Table, Vec<Warning>) {
        let doc = Document::from_text(text);
        recognize_table(no, Template::Y2021, &doc.blocks)
    }

    #[test]
    fn one_row_per_line_with_spacers_and_a_continued_row() {
        let text = "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n\
                    规章\t1\t0\t5\n\
                    行政规范性文件\t\t3\n\
                    \t2\t40\n\
                    信息内容\t本年处理决定数量\n\
                    行政许可\t12\t\t\n\
                    行政处罚\t7\n\
                    行政强制\t0\n\
                    信息内容\t本年收费金额（单位：万元）\n\
                    行政事业性收费\t0.012345";
        let (table, warnings) = read(1, text);
        assert_eq!(warnings, vec![]);
        assert_eq!(table.status, TableStatus::Data);
        assert_eq!(table.value("normative_documents", "issued"), Some(3.0));
        assert_eq!(table.value("normative_documents", "in_force"), Some(40.0));
        assert_eq!(
            table
                .cell("normative_documents", "in_force")
                .map(|c| c.line),
            Some(4)
        );
        assert_eq!(table.value("licensing", "decisions"), Some(12.0));
        assert_eq!(table.value("admin_fees", "amount_wan_yuan"), Some(0.012345));
    }

    #[test]
    fn generic_labels_need_their_group() {
        let mut text = String::from(
            "申请人情况\n自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n",
        );
        for row in vocab::TABLE2_2021.rows {
            text.push_str(row.label);
            text.push_str("\t1\t0\t0\t0\t0\t0\t1\n");
        }
        let (table, warnings) = read(2, &text);
        assert_eq!(warnings, vec![]);
        assert_eq!(table.status, TableStatus::Data);
        assert_eq!(table.cells.len(), 25 * 7);
        assert_eq!(table.cell("other.other", "total").map(|c| c.line), Some(25));
        assert_eq!(
            table
                .cell("total_processed", "natural_person")
                .map(|c| c.line),
            Some(26)
        );
    }

    #[test]
    fn a_group_printed_before_a_row_label_is_not_part_of_it() {
        let t2 = Sought::of(&vocab::candidates(2, Template::Y2021, String::new));
        assert_eq!(t2.row_label("三、本年度办理结果（一）予以公开"), "予以公开");
        assert_eq!(t2.row_label("（三）不予公开1.属于国家秘密"), "属于国家秘密");
        assert_eq!(t2.row_label("（六）其他处理"), "其他处理");
        // A table without generic rows follows no groups.
        let t3 = Sought::of(&[&vocab::TABLE3]);
        assert!(t3.groups.is_empty());
        assert_eq!(
            t3.row_label("行政诉讼未经复议直接起诉"),
            "行政诉讼未经复议直接起诉"
        );
    }

    #[test]
    fn unplaceable_rows_leave_the_table_partial_with_warnings() {
        let text = "规章\t1\t0\n行政规范性文件\t1\t2\t3";
        let (table, warnings) = read(1, text);
        assert_eq!(table.status, TableStatus::Partial);
        assert_eq!(table.cells.len(), 3);
        let warnings: Vec<(usize, &str)> = warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect();
        assert_eq!(
            warnings,
            vec![
                (
                    1,
                    "table 1: row \"规章\": 2 values for 3 columns, and nothing says which are missing; not stored"
                ),
                (
                    0,
                    "table 1: 5 of 6 rows not found: 规章; 行政许可; 行政处罚; 行政强制; 行政事业性收费"
                ),
            ]
        );
    }

    #[test]
    fn a_number_alone_below_an_aligned_row_is_not_one_of_its_values() {
        let text = "信息内容        本年制发件数  本年废止件数  现行有效件数\n\
                    规章                 4             0              9\n\
                    行政规范性文件             1                          21\n\
                    \u{20}                                  3\n";
        let (table, warnings) = read(1, text);
        assert_eq!(table.value("regulations", "in_force"), Some(9.0));
        assert_ne!(table.value("normative_documents", "in_force"), Some(3.0));
        assert_ne!(table.value("normative_documents", "repealed"), Some(21.0));
        assert!(
            warnings.iter().any(|w| w.line == 4
                && w.message
                    == "table 1: \"3\" alone on line 4 below row \"行政规范性文件\": a page number or a \
                        value the text does not place; not stored"),
            "{warnings:?}"
        );
    }

    #[test]
    fn detached_labels_take_the_rows_below_only_when_as_many() {
        let head =
            "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章\n行政规范性文件\n";
        let (table, _) = read(1, &format!("{head}| 1 | 0 | 5 |\n| 2 | 3 | 40 |\n"));
        assert_eq!(table.value("regulations", "in_force"), Some(5.0));
        assert_eq!(table.value("normative_documents", "issued"), Some(2.0));
        assert_eq!(table.value("normative_documents", "in_force"), Some(40.0));
        // A third row of values (a page number, a row whose label was lost): whose is which
        // is not certain.
        let (table, warnings) = read(
            1,
            &format!("{head}| 1 | 0 | 5 |\n| 2 | 3 | 40 |\n| 7 | 7 | 7 |\n"),
        );
        assert!(table.cell("regulations", "issued").is_none());
        assert!(table.cell("normative_documents", "issued").is_none());
        assert!(
            warnings.iter().any(|w| w.line == 3
                && w.message
                    == "table 1: row \"行政规范性文件\": its label stands alone among 2 labels \
                        (lines 2–3) above 3 rows of values; which values are its is not certain; not stored"),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_line_of_no_break_spaces_is_a_blank_cell_in_one_cell_a_line() {
        let text = "信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n1\n\u{a0}\n5\n\
                    行政规范性文件\n2\n3\n40\n";
        let (table, warnings) = read(1, text);
        assert_eq!(table.value("regulations", "issued"), Some(1.0));
        assert_eq!(
            table.cell("regulations", "repealed").map(|c| c.value),
            Some(None)
        );
        assert_eq!(table.value("regulations", "in_force"), Some(5.0));
        assert_eq!(table.value("normative_documents", "in_force"), Some(40.0));
        assert!(warnings.iter().all(|w| w.line == 0), "{warnings:?}");
    }

    #[test]
    fn running_text_is_cut_at_row_labels_and_blank_rows_are_labels_in_a_row() {
        let mut text = String::from(
            "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他",
        );
        for row in vocab::TABLE2_2021.rows {
            let digits = match row.key {
                "new" | "total_processed" => "5000005",
                "granted" => "3000003",
                "denied.enforcement_file" => "2 000 00 2",
                "other.no_fee" | "other.other" => "",
                _ => "0000000",
            };
            text.push_str(row.label);
            text.push_str(digits);
        }
        let (table, warnings) = read(2, &text);
        assert_eq!(warnings, vec![]);
        assert_eq!(table.status, TableStatus::Data);
        assert_eq!(table.value("new", "natural_person"), Some(5.0));
        assert_eq!(table.value("denied.enforcement_file", "total"), Some(2.0));
        assert_eq!(table.value("denied.law_forbidden", "total"), Some(0.0));
        assert_eq!(
            table.cell("other.no_fee", "total").map(|c| c.value),
            Some(None)
        );
        assert_eq!(
            table.cell("other.other", "natural_person").map(|c| c.value),
            Some(None)
        );
    }

    #[test]
    fn images_and_absence() {
        let (table, _) = read(2, "[image: 微信图片_2024]");
        assert_eq!(table.status, TableStatus::Image);
        assert_eq!(table.images, vec!["微信图片_2024".to_string()]);
        let (table, _) = read(3, "本年度未发生行政复议。");
        assert_eq!(table.status, TableStatus::Missing);
    }
}
