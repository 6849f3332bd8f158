//! Recovering the three statistical tables from a section's blocks, by their labels.
//!
//! Every layout is first reduced to rows of cell tokens ([`tokens`]). Then one pass reads
//! them: label tokens accumulate; the values that follow belong to the row the nearest
//! labels name (with the group they sit under, for generic labels like 3.其他); header
//! labels give column positions. A row's values are placed by [`fit`]. Whatever cannot be
//! placed becomes a warning naming its line; nothing is guessed.

mod fit;
mod labels;
mod tokens;

// Fx rather than SipHash: the keys are the vocabulary's, and these maps are on the hot path.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::document::Block;
use crate::model::{Cell, Table, TableStatus, Warning};
use crate::vocab::{self, RowSpec, TableSpec, Template};

use std::cell::OnceCell;

use fit::{Columns, Fit, Sums, fit};
use labels::{
    Occurring, RowPhrase, RowPhrases, matches_col, normalize, normalize_row_label, row_label_of,
    row_phrases,
};
use tokens::{Kind, SourceRow, Token};

pub use tokens::is_page_number;

/// Recognize table `no` in the blocks of its section.
pub fn recognize_table(no: u8, template: Template, blocks: &[Block]) -> (Table, Vec<Warning>) {
    let specs = candidate_specs(no, template, blocks);
    let mut reader = Reader::new(no, &specs);
    let phrases = reader.phrases;
    // A wide row's digits may also run into the end of its header (table 3: …尚未审结总计
    // 200133…), which ends with the table's last column.
    let last_header = specs[0]
        .rows
        .last()
        .and_then(|r| r.cols.last())
        .map(|c| normalize(c.label));
    let glue_label = move |label: &str| {
        let norm = normalize_row_label(label);
        if no == 3
            && last_header
                .as_ref()
                .is_some_and(|h| norm.ends_with(h.as_str()))
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
    for row in tokens::source_rows(blocks, &glue_label) {
        reader.read_row(row);
    }
    reader.close_open();
    reader.finish(&specs, tokens::image_refs(blocks))
}

/// The versions of the table to match against: table 1 by its own header words (the
/// template's otherwise); table 2 in both versions, since reports of either year print the
/// single （六）其他处理 row or the three.
fn candidate_specs(no: u8, template: Template, blocks: &[Block]) -> Vec<&'static TableSpec> {
    match no {
        1 => {
            let text: String = blocks.iter().map(|b| normalize(&b.text())).collect();
            let version = vocab::table1_version(&text).unwrap_or(template);
            vec![vocab::table(1, version)]
        }
        2 => vec![&vocab::TABLE2_2021, &vocab::TABLE2_2019],
        _ => vec![&vocab::TABLE3],
    }
}

/// What is left of `text` after the labels run together, if it begins with them.
fn spells<'t>(text: &'t str, labels: &[Pending]) -> Option<&'t str> {
    labels
        .iter()
        .try_fold(text, |rest, p| rest.strip_prefix(p.row_label.as_str()))
}

/// The 15 cells of table 3 as it is usually printed: one row, review then the two kinds of
/// litigation, five columns each.
fn table3_wide() -> Vec<(&'static str, &'static str)> {
    vocab::TABLE3
        .rows
        .iter()
        .flat_map(|r| r.cols.iter().map(move |c| (r.key, c.key)))
        .collect()
}

/// What a run of values belongs to.
#[derive(Debug, Clone, Copy)]
enum Target {
    Row(&'static RowSpec),
    /// Table 3 printed as one row of 15.
    Wide,
}

impl Target {
    fn ncols(self) -> usize {
        match self {
            Target::Row(r) => r.cols.len(),
            Target::Wide => vocab::TABLE3.cell_count(),
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
    /// Values come in groups of this size whose last is their total; 0 for no sum.
    sum_group: usize,
    label: &'static str,
}

/// A glued row of table 2 that several splits fit; the column sums across rows decide.
struct Undecided {
    row: &'static RowSpec,
    line: usize,
    splits: Vec<Vec<fit::Placed>>,
}

struct Open {
    target: Target,
    label_line: usize,
    values: Vec<Token>,
}

/// Group labels of table 2, normalized; a generic row label (3.其他) needs its group.
const GROUPS: &[(&str, &str)] = &[
    ("本年度办理结果", vocab::T2_GROUP_OUTCOMES),
    ("不予公开", vocab::T2_GROUP_DENIED),
    ("无法提供", vocab::T2_GROUP_UNABLE),
    ("不予处理", vocab::T2_GROUP_NOT_PROCESSED),
    ("其他处理", vocab::T2_GROUP_OTHER),
];

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
    phrases: &'static RowPhrases,
    /// Column keys whose header labels this table prints, with their labels' normal form.
    header_cols: Vec<(&'static str, String, Vec<String>)>,
    pending: Vec<Pending>,
    gap: Vec<Token>,
    open: Option<Open>,
    group: Option<&'static str>,
    /// A data row has been read: 总计 is now the row （七）, not a column header.
    started: bool,
    /// Where each column's header sits, and the line it was printed on.
    header_pos: HashMap<&'static str, HeaderCell>,
    /// Where each column's values sit in aligned text: the extents of values in rows
    /// printed in full under its latest header (see [`fit::Columns::lanes`]).
    lanes: HashMap<&'static str, Vec<(f32, f32)>>,
    /// Table 3's column headers in reading order, for placing the wide row by position.
    t3_leaves: Vec<f32>,
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
}

impl Reader {
    fn new(no: u8, specs: &[&'static TableSpec]) -> Reader {
        let mut header_cols: Vec<(&'static str, String, Vec<String>)> = Vec::new();
        for spec in specs {
            for row in spec.rows {
                for col in row.cols {
                    if !header_cols.iter().any(|(k, _, _)| *k == col.key) {
                        header_cols.push((
                            col.key,
                            normalize(col.label),
                            col.aliases.iter().map(|a| normalize(a)).collect(),
                        ));
                    }
                }
            }
        }
        Reader {
            no,
            phrases: row_phrases(specs),
            header_cols,
            pending: Vec::new(),
            gap: Vec::new(),
            open: None,
            group: None,
            started: false,
            header_pos: HashMap::default(),
            lanes: HashMap::default(),
            t3_leaves: Vec::new(),
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
        }
    }

    fn read_row(&mut self, row: SourceRow) {
        self.header_row = false;
        for token in row.tokens {
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

    fn label(&mut self, token: Token) {
        self.close_open();
        self.gap.clear();
        let norm = normalize(&token.text);
        if norm.is_empty() {
            return;
        }
        let row_label = row_label_of(norm.clone());
        let before = self.pending_row();
        if let Some(pos) = token.pos {
            let row_word = self.names_a_row(&row_label);
            self.header_row |= self.begins_a_header(&norm) && !row_word;
            // 其他 and 总计 head columns and name rows (3.其他, （七）总计). Before table 2's
            // rows begin, or beside a word only a header holds (a header repeated after a
            // page break), they are headers.
            let rows_begun = self.no == 2 && self.started;
            if !rows_begun || self.header_row {
                self.note_header(&norm, pos, token.extent, token.line);
            }
            if rows_begun && self.header_row && row_word {
                return;
            }
        }
        if self.no == 2
            && let Some((_, group)) = GROUPS.iter().find(|(g, _)| norm.contains(g))
        {
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
                && text.chars().count() <= normalize_row_label(row.label).chars().count() + SLACK
        };
        // Only a label printed whole in one cell: a label wrapped over lines may have had its
        // numbers printed beside its first part.
        match self.resolve_label() {
            Some((Target::Row(row), true)) if names_only(row) => Some((row, last.token.line)),
            _ => None,
        }
    }

    fn note_label_only(&mut self, row: &'static RowSpec, line: usize) {
        self.started |= self.no == 2 && row.key != "carried_forward";
        // Table 3's row names (行政复议, 行政诉讼) are also the headers of its wide row.
        if self.no != 3 {
            self.label_only.push((row, line));
        }
    }

    fn note_header(&mut self, norm: &str, pos: f32, extent: Option<(f32, f32)>, line: usize) {
        if self.no == 3 {
            if vocab::T3_COLS.iter().any(|c| matches_col(norm, c)) {
                if self.t3_leaves.len() == vocab::TABLE3.cell_count() {
                    self.t3_leaves.clear();
                }
                self.t3_leaves.push(pos);
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
        self.header_cols
            .iter()
            .find(|(_, label, aliases)| norm == label || aliases.iter().any(|a| a == norm))
            .map(|(key, _, _)| *key)
    }

    /// Whether `norm` is a column header or the first part of one split over lines (商业 of
    /// 商业企业).
    fn begins_a_header(&self, norm: &str) -> bool {
        norm.chars().count() >= 2
            && self.header_cols.iter().any(|(_, label, aliases)| {
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
            self.started |= self.no == 2 && row.key != "carried_forward";
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
        (self.no == 3).then_some((Target::Wide, false))
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
        match p.row.key {
            "other.other" => self.group == Some(vocab::T2_GROUP_OTHER),
            "total_processed" => self.started,
            _ => true,
        }
    }

    fn close_open(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        let ncols = open.target.ncols();
        let dest = self.destination(open.target);
        let whole: Vec<bool> = dest
            .keys
            .iter()
            .map(|(_, col)| vocab::is_count_col(col))
            .collect();
        let columns = Columns {
            header: dest.header.as_deref(),
            header_starts: dest.header_starts.as_deref(),
            lanes: &dest.lanes,
            whole: &whole,
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
                Target::Row(row) if self.no == 2 => self.undecided.push(Undecided {
                    row,
                    line: open.label_line,
                    splits,
                }),
                _ => {
                    let n = splits.len();
                    self.warn(
                        open.label_line,
                        format!(
                            "table {}: row \"{label}\": its run-together digits split {n} ways that add up; not stored",
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
                    Fit::NoSplit => "its run-together digits split no way that adds up".to_string(),
                    Fit::TooLong(n) => {
                        format!("its {n} run-together digits split too many ways to try")
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
        if self.no == 3 || printed.len() != keys.len() || !one_line {
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
                sum_group: row_rule_group(self.no, row),
                label: row.label,
            },
            Target::Wide => Destination {
                keys: table3_wide(),
                header_starts: None,
                lanes: Vec::new(),
                header: (self.t3_leaves.len() == target.ncols()).then(|| self.t3_leaves.clone()),
                sum_group: vocab::T3_COLS.len(),
                label: "行政复议/行政诉讼",
            },
        }
    }

    fn warn(&mut self, line: usize, message: String) {
        self.warnings.push(Warning { line, message });
    }

    /// Decide glued rows by table 2's sums down each column (一 + 二 = （七） + 四, and
    /// （七） = the outcome rows): a row is placed when every combination of splits that
    /// satisfies them gives it the same split.
    fn decide_by_column_sums(&mut self) {
        const MAX_COMBINATIONS: usize = 200_000;
        let undecided = std::mem::take(&mut self.undecided);
        if undecided.is_empty() {
            return;
        }
        let combinations = undecided
            .iter()
            .try_fold(1usize, |acc, u| acc.checked_mul(u.splits.len()))
            .filter(|&n| n <= MAX_COMBINATIONS);
        let mut chosen: Vec<Option<usize>> = vec![None; undecided.len()];
        let mut consistent = vec![true; undecided.len()];
        if let Some(total) = combinations {
            let known = |row: &str, col: usize| -> Option<Option<f64>> {
                let key = vocab::T2_COLS[col].key;
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
                if column_sums_hold(&value) {
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
                        "table 2: row \"{}\": its run-together digits split {} ways that add up, \
                         and the column sums do not decide between them; not stored",
                        u.row.label,
                        u.splits.len()
                    ),
                ),
            }
        }
    }

    fn finish(
        mut self,
        specs: &[&'static TableSpec],
        images: Vec<String>,
    ) -> (Table, Vec<Warning>) {
        self.finishing = true;
        for open in std::mem::take(&mut self.deferred) {
            self.open = Some(open);
            self.close_open();
        }
        self.decide_by_column_sums();
        if let Some((row, line)) = self.pending_row() {
            self.note_label_only(row, line);
        }
        // （六）其他处理 over 1.… 2.… 3.其他 is the 2021 group's own line, not 2019's row.
        let three_other_rows = self.cells.iter().any(|c| c.row_key.starts_with("other."))
            || (!self.prints_empty_cells
                && self
                    .label_only
                    .iter()
                    .any(|(r, _)| r.key.starts_with("other.")));
        if three_other_rows {
            self.cells.retain(|c| c.row_key != "other");
        }
        let expected: &TableSpec = if self.no == 2 {
            let single_other_row = !three_other_rows
                && (self.cells.iter().any(|c| c.row_key == "other")
                    || self.label_only.iter().any(|(r, _)| r.key == "other"));
            vocab::table2(single_other_row)
        } else {
            specs[0]
        };
        let label_only = std::mem::take(&mut self.label_only);
        for (row, line) in label_only.into_iter().filter(|_| !self.prints_empty_cells) {
            let in_template = expected.rows.iter().any(|r| r.key == row.key);
            if in_template && !self.cells.iter().any(|c| c.row_key == row.key) {
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
        let table = Table {
            no: self.no,
            status,
            images,
            cells: self.cells,
        };
        (table, self.warnings)
    }
}

/// Table 2's sums down every column, where all their cells are known.
fn column_sums_hold(value: &dyn Fn(&str, usize) -> Option<Option<f64>>) -> bool {
    let spec = vocab::table2((0..7).any(|c| value("other", c).is_some()));
    (0..vocab::T2_COLS.len()).all(|col| {
        let get = |row: &str| value(row, col).map(|v| v.unwrap_or(0.0));
        let balance = match (
            get("new"),
            get("carried_over"),
            get("total_processed"),
            get("carried_forward"),
        ) {
            (Some(a), Some(b), Some(c), Some(d)) => (a + b - c - d).abs() < 1e-6,
            _ => true,
        };
        let outcomes: Option<f64> = spec
            .rows
            .iter()
            .filter(|r| vocab::is_outcome_row(r.key))
            .map(|r| get(r.key))
            .sum();
        let outcome_sum = match (outcomes, get("total_processed")) {
            (Some(sum), Some(total)) => (sum - total).abs() < 1e-6,
            _ => true,
        };
        balance && outcome_sum
    })
}

/// The group size of a row's own sum (its last column is the total of the others), or 0
/// when the row has no sum.
fn row_rule_group(no: u8, row: &RowSpec) -> usize {
    match no {
        2 | 3 => row.cols.len(),
        _ => 0,
    }
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
    fn images_and_absence() {
        let (table, _) = read(2, "[image: 微信图片_2024]");
        assert_eq!(table.status, TableStatus::Image);
        assert_eq!(table.images, vec!["微信图片_2024".to_string()]);
        let (table, _) = read(3, "本年度未发生行政复议。");
        assert_eq!(table.status, TableStatus::Missing);
    }
}
