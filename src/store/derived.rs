//! What the store keeps of a report that needs no database, worked out on the parser
//! threads ([`Derived::of`]) so that the one writer thread only writes: the report's row of
//! `report_figures` (the figures the saved queries read), its agency's place, and which
//! cells repeat a cell placed before.

use std::sync::LazyLock;

use rusqlite::types::Value;

use crate::model::{Cell, Report};
use crate::region;

/// How a column of `report_figures` is taken from a report.
#[derive(Debug, Clone, Copy)]
enum Figure {
    /// The value of one cell: table, row, column.
    Cell(u8, &'static str, &'static str),
    /// SQL's `sum()` of column 总计 (`total`) of the table over the rows whose key is one of
    /// these, or starts with one ending in `*`: NULL when none has a value.
    TotalOf(u8, &'static [&'static str]),
    /// How many cells of this row of the table are placed.
    Placed(u8, &'static str),
    /// The first fact of this key, by line.
    Fact(&'static str),
}

/// The columns of `report_figures`, in the order of `schema.sql`.
const FIGURES: &[(&str, Figure)] = {
    use Figure::{Cell, Fact, Placed, TotalOf};
    &[
        ("new_natural_person", Cell(2, "new", "natural_person")),
        ("new_commercial", Cell(2, "new", "commercial")),
        ("new_research", Cell(2, "new", "research")),
        ("new_public_interest", Cell(2, "new", "public_interest")),
        ("new_legal_services", Cell(2, "new", "legal_services")),
        ("new_other_org", Cell(2, "new", "other_org")),
        ("new_total", Cell(2, "new", "total")),
        ("carried_over", TotalOf(2, &["carried_over"])),
        ("granted", TotalOf(2, &["granted"])),
        ("partial", TotalOf(2, &["partial"])),
        ("denied", TotalOf(2, &["denied.*"])),
        ("unable", TotalOf(2, &["unable.*"])),
        ("not_processed", TotalOf(2, &["not_processed.*"])),
        ("other_handling", TotalOf(2, &["other", "other.*"])),
        ("total_processed", TotalOf(2, &["total_processed"])),
        ("carried_forward", TotalOf(2, &["carried_forward"])),
        ("review_cells", Placed(3, "review")),
        ("review_upheld", Cell(3, "review", "upheld")),
        ("review_corrected", Cell(3, "review", "corrected")),
        ("review_other", Cell(3, "review", "other")),
        ("review_pending", Cell(3, "review", "pending")),
        ("review_total", Cell(3, "review", "total")),
        ("litigation_direct_cells", Placed(3, "litigation_direct")),
        (
            "litigation_direct_upheld",
            Cell(3, "litigation_direct", "upheld"),
        ),
        (
            "litigation_direct_corrected",
            Cell(3, "litigation_direct", "corrected"),
        ),
        (
            "litigation_direct_other",
            Cell(3, "litigation_direct", "other"),
        ),
        (
            "litigation_direct_pending",
            Cell(3, "litigation_direct", "pending"),
        ),
        (
            "litigation_direct_total",
            Cell(3, "litigation_direct", "total"),
        ),
        (
            "litigation_after_review_cells",
            Placed(3, "litigation_after_review"),
        ),
        (
            "litigation_after_review_upheld",
            Cell(3, "litigation_after_review", "upheld"),
        ),
        (
            "litigation_after_review_corrected",
            Cell(3, "litigation_after_review", "corrected"),
        ),
        (
            "litigation_after_review_other",
            Cell(3, "litigation_after_review", "other"),
        ),
        (
            "litigation_after_review_pending",
            Cell(3, "litigation_after_review", "pending"),
        ),
        (
            "litigation_after_review_total",
            Cell(3, "litigation_after_review", "total"),
        ),
        ("stated_new", Fact("applications.new")),
        ("stated_prev_new", Fact("applications.prev_year_new")),
        ("published_total", Fact("published.total")),
        ("published_website", Fact("published.website")),
        ("published_new_media", Fact("published.new_media")),
        ("published_gazette", Fact("published.gazette")),
        ("policy_interpretations", Fact("policy_interpretations")),
    ]
};

pub(super) static INSERT_FIGURES: LazyLock<String> = LazyLock::new(|| {
    let names: Vec<&str> = FIGURES.iter().map(|(name, _)| *name).collect();
    let marks: Vec<String> = (2..=FIGURES.len() + 1).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO report_figures (report_id, {}) VALUES (?1, {})",
        names.join(", "),
        marks.join(", ")
    )
});

/// The columns of `report_figures` (after `report_id`), in order.
pub fn figure_columns() -> impl Iterator<Item = &'static str> {
    FIGURES.iter().map(|(name, _)| *name)
}

/// The report's `report_figures` values, in the order of [`FIGURES`]. A cell placed twice
/// counts once, with its first value, as `table_cells` keeps it.
fn figures(report: &Report, placed_twice: &[bool]) -> Vec<Value> {
    let cells: Vec<(u8, &Cell)> = all_cells(report)
        .zip(placed_twice)
        .filter(|(_, twice)| !**twice)
        .map(|(cell, _)| cell)
        .collect();
    let number = |v: Option<f64>| v.map_or(Value::Null, Value::Real);
    FIGURES
        .iter()
        .map(|(_, figure)| match *figure {
            Figure::Cell(no, row, col) => number(
                cells
                    .iter()
                    .find(|(n, c)| *n == no && c.row_key == row && c.col_key == col)
                    .and_then(|(_, c)| c.value),
            ),
            Figure::TotalOf(no, rows) => {
                let matches = |key: &str| {
                    rows.iter().any(|r| match r.strip_suffix('*') {
                        Some(prefix) => key.starts_with(prefix),
                        None => key == *r,
                    })
                };
                let values = cells
                    .iter()
                    .filter(|(n, c)| *n == no && c.col_key == "total" && matches(c.row_key))
                    .filter_map(|(_, c)| c.value);
                number(values.reduce(|a, b| a + b))
            }
            Figure::Placed(no, row) => Value::Integer(
                cells
                    .iter()
                    .filter(|(n, c)| *n == no && c.row_key == row)
                    .count() as i64,
            ),
            Figure::Fact(key) => number(
                report
                    .facts
                    .iter()
                    .filter(|f| f.key == key)
                    .reduce(|first, f| if f.line < first.line { f } else { first })
                    .map(|f| f.value),
            ),
        })
        .collect()
}

/// What the store keeps of a report that needs no database: its `report_figures` row and
/// its agency's place. The ingest pipeline works it out on the parser threads, so that the
/// one writer thread only writes.
#[derive(Debug, Clone)]
pub struct Derived {
    pub(super) figures: Vec<Value>,
    pub(super) place: region::Place,
    /// For each cell of the report's tables in order: placed before (same table, row and
    /// column), so not stored but warned of.
    pub(super) placed_twice: Vec<bool>,
}

impl Derived {
    pub fn of(report: &Report) -> Derived {
        let placed_twice = placed_twice(report);
        Derived {
            figures: figures(report, &placed_twice),
            place: region::place(&report.agency, report.contact.address.as_deref()),
            placed_twice,
        }
    }
}

/// The report's cells in order, with their table.
pub(super) fn all_cells(report: &Report) -> impl Iterator<Item = (u8, &Cell)> {
    report
        .tables
        .iter()
        .flat_map(|t| t.cells.iter().map(move |c| (t.no, c)))
}

/// For each cell of [`all_cells`]: whether the same table, row and column came before.
fn placed_twice(report: &Report) -> Vec<bool> {
    let mut seen = rustc_hash::FxHashSet::default();
    all_cells(report)
        .map(|(no, c)| !seen.insert((no, c.row_key, c.col_key)))
        .collect()
}
