//! One hand-made report per text layout, shaped like real ones, with non-zero numbers that
//! satisfy every rule of the template; each asserted cell by cell.
//!
//! All five print the same figures (a 2022 report on the 2021 template), so one truth
//! serves: what differs is how each layout prints blanks and zeros.

use std::collections::BTreeMap;

use nianbao::ingest::parse_bytes;
use nianbao::model::{Report, TableStatus};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/layouts");

mod common;
use common::{T2_COLS, TABLE1, TABLE2, TABLE3};

type Cells = BTreeMap<(u8, String, String), (Option<f64>, String)>;

/// The truth, with each number printed plainly.
fn truth() -> Cells {
    let mut cells = Cells::new();
    for (row, cols) in TABLE1 {
        for (col, v) in *cols {
            cells.insert(
                (1, row.to_string(), col.to_string()),
                (Some(*v), v.to_string()),
            );
        }
    }
    for (row, values) in TABLE2 {
        for (col, v) in T2_COLS.iter().zip(values) {
            cells.insert(
                (2, row.to_string(), col.to_string()),
                (Some(*v as f64), v.to_string()),
            );
        }
    }
    let t3_rows = ["review", "litigation_direct", "litigation_after_review"];
    let t3_cols = ["upheld", "corrected", "other", "pending", "total"];
    for (i, v) in TABLE3.iter().enumerate() {
        cells.insert(
            (3, t3_rows[i / 5].to_string(), t3_cols[i % 5].to_string()),
            (Some(*v as f64), v.to_string()),
        );
    }
    cells
}

fn parse(name: &str) -> Report {
    let bytes = std::fs::read(format!("{DIR}/{name}")).unwrap();
    parse_bytes(&bytes).unwrap().0
}

fn cells(report: &Report) -> Cells {
    report
        .tables
        .iter()
        .flat_map(|t| {
            t.cells.iter().map(move |c| {
                (
                    (t.no, c.row_key.to_string(), c.col_key.to_string()),
                    (c.value, c.raw.clone()),
                )
            })
        })
        .collect()
}

fn statuses(report: &Report) -> Vec<TableStatus> {
    report.tables.iter().map(|t| t.status).collect()
}

fn assert_cells(got: &Cells, want: &Cells) {
    assert_eq!(got.len(), want.len(), "cell count");
    for (key, value) in want {
        assert_eq!(got.get(key), Some(value), "{key:?}");
    }
}

#[test]
fn one_cell_per_line_with_zeros_printed_as_dashes() {
    let report = parse("cell_lines.txt");
    assert_eq!(report.agency, "济宁市任城区教育局");
    assert_eq!(report.year, 2022);
    assert_eq!(statuses(&report), vec![TableStatus::Data; 3]);
    let mut want = truth();
    for ((no, _, _), cell) in want.iter_mut() {
        // This site prints table 2's zero cells as —: blank, kept as printed.
        if *no == 2 && cell.0 == Some(0.0) {
            *cell = (None, "—".to_string());
        }
    }
    want.insert(
        (1, "licensing".into(), "decisions".into()),
        (Some(1520.0), "1,520".into()),
    );
    assert_cells(&cells(&report), &want);
    assert_eq!(report.warnings, vec![]);
}

#[test]
fn columns_aligned_by_spaces_with_the_total_column_left_blank() {
    let report = parse("space_aligned.txt");
    assert_eq!(report.agency, "临沂市兰山区人民政府办公室");
    assert_eq!(statuses(&report), vec![TableStatus::Data; 3]);
    let mut want = truth();
    for ((no, row, col), cell) in want.iter_mut() {
        if *no == 2 && col == "total" && row != "total_processed" {
            *cell = (None, String::new());
        }
    }
    assert_cells(&cells(&report), &want);
    assert_eq!(report.warnings, vec![]);
}

#[test]
fn pipe_tables_broken_across_pages_with_captions_and_a_footnote() {
    let report = parse("pipe_pages.txt");
    assert_eq!(report.agency, "泰安市岱岳区卫生健康局");
    assert_eq!(statuses(&report), vec![TableStatus::Data; 3]);
    let mut want = truth();
    want.insert(
        (1, "licensing".into(), "decisions".into()),
        (Some(1520.0), "1,520".into()),
    );
    assert_cells(&cells(&report), &want);
    assert_eq!(report.warnings, vec![]);
    // The page number and repeated header between the halves of table 2 are not rows of
    // it: the first row after them keeps its own line.
    let t2 = report.table(2).unwrap();
    assert_eq!(
        t2.cell("denied.query_matter", "natural_person")
            .map(|c| c.line),
        Some(35)
    );
    assert_eq!(
        t2.cell("unable.not_held", "natural_person").map(|c| c.line),
        Some(41)
    );
}

#[test]
fn ocr_markdown_fragments_placeholder_headers_and_labels_on_their_own_line() {
    let report = parse("ocr_markdown.txt");
    assert_eq!(report.agency, "烟台市芝罘区住房和城乡建设局");
    assert_eq!(statuses(&report), vec![TableStatus::Data; 3]);
    assert_cells(&cells(&report), &truth());
    assert_eq!(report.warnings, vec![]);
}

#[test]
fn glued_digits_split_where_the_sums_make_it_unique_and_nowhere_else() {
    let report = parse("glued.txt");
    assert_eq!(report.agency, "淄博市张店区司法局");
    // 规范性文件898989 splits ten ways and table 1 has no sum to choose: not stored.
    assert_eq!(
        statuses(&report),
        vec![TableStatus::Partial, TableStatus::Data, TableStatus::Data]
    );
    let mut want = truth();
    want.retain(|(no, row, _), _| !(*no == 1 && row == "normative_documents"));
    for (col, v) in [("issued", 0.0), ("repealed", 0.0), ("in_force", 9.0)] {
        want.insert(
            (1, "regulations".into(), col.into()),
            (Some(v), (v as u32).to_string()),
        );
    }
    assert_cells(&cells(&report), &want);
    let lines: Vec<(usize, &str)> = report
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        lines,
        vec![
            (
                11,
                "table 1: row \"行政规范性文件\": its run-together digits \"898989\" split 10 ways that add up; not stored"
            ),
            (0, "table 1: 1 of 6 rows not found: 行政规范性文件"),
        ]
    );
}
