//! The three tables as printed grids: rows of labels, empty cells and values, each with
//! the number of grid columns it spans, as an HTML table of the template would hold them.
//! The layouts render these grids.

use super::rng::Rng;
use nianbao::vocab::{ColSpec, RowSpec, TableSpec};

/// A cell of a printed grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum G {
    /// A label, spanning `n` grid columns.
    T(&'static str, u8),
    /// An empty cell (a span or a cell covered by a label above it).
    E(u8),
    /// A value: the index of the truth cell, spanning `n` grid columns.
    V(u16, u8),
}

impl G {
    pub fn span(self) -> usize {
        match self {
            G::T(_, n) | G::E(n) | G::V(_, n) => usize::from(n),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A sub-block title of table 1 (第二十条第（一）项).
    Title,
    Header,
    Data,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct GRow {
    pub kind: Kind,
    start: u16,
    end: u16,
}

pub(crate) struct Grid {
    pub no: u8,
    /// The version of the table it prints.
    pub spec: &'static TableSpec,
    pub ncols: usize,
    cells: Vec<G>,
    pub rows: Vec<GRow>,
}

impl Grid {
    fn new(spec: &'static TableSpec, ncols: usize) -> Grid {
        Grid {
            no: spec.no,
            spec,
            ncols,
            cells: Vec::with_capacity(300),
            rows: Vec::with_capacity(40),
        }
    }

    fn push(&mut self, kind: Kind, cells: &[G]) {
        let start = self.cells.len() as u16;
        self.cells.extend_from_slice(cells);
        self.rows.push(GRow {
            kind,
            start,
            end: self.cells.len() as u16,
        });
    }

    pub fn row(&self, i: usize) -> &[G] {
        let r = self.rows[i];
        &self.cells[usize::from(r.start)..usize::from(r.end)]
    }
}

/// A cell of a table as a page or a Word file holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanCell {
    pub text: String,
    pub colspan: usize,
    pub rowspan: usize,
}

impl Grid {
    /// The grid as an HTML or Word table: every empty cell under a label of the same width
    /// is that label's rowspan; other empty cells are cells of their own. `cells` are the
    /// truth cells the values index.
    pub(crate) fn printed(&self, cells: &[nianbao::model::Cell]) -> Vec<Vec<SpanCell>> {
        let mut rows: Vec<Vec<SpanCell>> = Vec::with_capacity(self.rows.len());
        // By grid column: the (row, cell) of the label reaching down to the previous row.
        let mut owner: Vec<Option<(usize, usize, usize)>> = vec![None; self.ncols];
        for r in 0..self.rows.len() {
            let mut out = Vec::new();
            let mut col = 0;
            for &g in self.row(r) {
                let span = g.span();
                let text = match g {
                    G::T(label, _) => Some(label.to_string()),
                    G::V(ix, _) => Some(cells[usize::from(ix)].raw.clone()),
                    G::E(_) => None,
                };
                match (text, owner[col]) {
                    (None, Some((or, oc, width))) if width == span => {
                        rows[or][oc].rowspan += 1;
                    }
                    (text, _) => {
                        let is_label = matches!(g, G::T(..));
                        owner[col] = is_label.then_some((r, out.len(), span));
                        for o in &mut owner[col + 1..col + span] {
                            *o = None;
                        }
                        out.push(SpanCell {
                            text: text.unwrap_or_default(),
                            colspan: span,
                            rowspan: 1,
                        });
                    }
                }
                col += span;
            }
            rows.push(out);
        }
        rows
    }
}

/// Which real-world wording variants a report prints.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Variants {
    /// 本年度止件数 for 本年废止件数.
    pub repealed_typo: bool,
    /// 规范性文件 under the 2021 template, 行政规范性文件 under 2019.
    pub normative_alias: bool,
    /// 1.属于国家机密.
    pub secret_typo: bool,
    /// （二）部分公开（…只记这一情形…）.
    pub partial_alias: bool,
    /// 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其他政府公开申请.
    pub no_fee_alias: bool,
    /// 行政法复议.
    pub review_typo: bool,
}

impl Variants {
    pub fn draw(rng: &mut Rng) -> Variants {
        Variants {
            repealed_typo: rng.pct(12),
            normative_alias: rng.pct(20),
            secret_typo: rng.pct(15),
            partial_alias: rng.pct(15),
            no_fee_alias: rng.pct(10),
            review_typo: rng.pct(8),
        }
    }
}

fn alias_or_label(row: &RowSpec, alias: bool) -> &'static str {
    match row.aliases.first() {
        Some(a) if alias => a,
        _ => row.label,
    }
}

fn col_label(col: &ColSpec, v: &Variants) -> &'static str {
    if col.key == "repealed" && v.repealed_typo {
        col.aliases.first().copied().unwrap_or(col.label)
    } else {
        col.label
    }
}

/// Grid spans of `n` value columns in table 1's 3 value columns.
fn t1_spans(n: usize) -> &'static [u8] {
    match n {
        1 => &[3],
        2 => &[1, 2],
        _ => &[1, 1, 1],
    }
}

/// Table 1: sub-blocks, each a title row (第二十条第（一）项), a header row (信息内容 and the
/// column labels) and its data rows; 4 grid columns.
pub(crate) fn grid1(spec: &'static TableSpec, v: &Variants) -> Grid {
    let mut g = Grid::new(spec, 4);
    let mut buf: Vec<G> = Vec::with_capacity(8);
    let mut idx: u16 = 0;
    let mut current_group = None;
    for row in spec.rows {
        let spans = t1_spans(row.cols.len());
        if row.group != current_group {
            current_group = row.group;
            g.push(Kind::Title, &[G::T(row.group.map_or("", |g| g.label), 4)]);
            buf.clear();
            buf.push(G::T(spec.label_header, 1));
            for (c, &s) in row.cols.iter().zip(spans) {
                buf.push(G::T(col_label(c, v), s));
            }
            g.push(Kind::Header, &buf);
        }
        buf.clear();
        let label = if row.key == "normative_documents" {
            alias_or_label(row, v.normative_alias)
        } else {
            row.label
        };
        buf.push(G::T(label, 1));
        for &s in spans {
            buf.push(G::V(idx, s));
            idx += 1;
        }
        g.push(Kind::Data, &buf);
    }
    g
}

/// Table 2 as `spec` prints it: 3 header rows (the 勾稽 note over the labels, the columns
/// with their group's header over the grouped ones), then each row as labels (group,
/// sub-group, label) and its values; 3 grid columns for labels.
pub(crate) fn grid2(spec: &'static TableSpec, v: &Variants) -> Grid {
    let cols = spec.rows.first().map_or(&[][..], |r| r.cols);
    let mut g = Grid::new(spec, 3 + cols.len());
    g.push(
        Kind::Header,
        &[G::T(spec.note, 3), G::T("申请人情况", cols.len() as u8)],
    );
    // Columns under a group header: the group on the second header row, each column's
    // label on the third; the others reach over both.
    let mut h2 = vec![G::E(3)];
    let mut h3 = vec![G::E(3)];
    let mut i = 0;
    while i < cols.len() {
        match cols[i].group {
            Some(group) => {
                let n = cols[i..]
                    .iter()
                    .take_while(|c| c.group == Some(group))
                    .count();
                h2.push(G::T(group, n as u8));
                h3.extend(cols[i..i + n].iter().map(|c| G::T(c.label, 1)));
                i += n;
            }
            None => {
                h2.push(G::T(cols[i].label, 1));
                h3.push(G::E(1));
                i += 1;
            }
        }
    }
    g.push(Kind::Header, &h2);
    g.push(Kind::Header, &h3);

    let mut buf: Vec<G> = Vec::with_capacity(12);
    let mut prev_group = None;
    let mut idx: u16 = 0;
    for row in spec.rows {
        buf.clear();
        let label = match row.key {
            "denied.state_secret" => alias_or_label(row, v.secret_typo),
            "partial" => alias_or_label(row, v.partial_alias),
            "other.no_fee" => alias_or_label(row, v.no_fee_alias),
            _ => row.label,
        };
        match row.group {
            None => buf.push(G::T(label, 3)),
            Some(group) if group.parent.is_none() => {
                if prev_group.is_none() {
                    buf.push(G::T(group.label, 1));
                } else {
                    buf.push(G::E(1));
                }
                buf.push(G::T(label, 2));
            }
            Some(sub) => {
                buf.push(G::E(1));
                if prev_group == Some(sub) {
                    buf.push(G::E(1));
                } else {
                    buf.push(G::T(sub.label, 1));
                }
                buf.push(G::T(label, 1));
            }
        }
        for _ in row.cols {
            buf.push(G::V(idx, 1));
            idx += 1;
        }
        g.push(Kind::Data, &buf);
        prev_group = row.group;
    }
    g
}

/// A wide table (table 3): 3 header rows — the rows without a group and the groups over
/// their rows; the ungrouped rows' columns and the grouped rows' labels; the grouped rows'
/// columns — and one row of every value; a grid column a value.
pub(crate) fn grid3(spec: &'static TableSpec, v: &Variants) -> Grid {
    let mut g = Grid::new(spec, spec.cell_count());
    let mut h1: Vec<G> = Vec::new();
    let mut h2: Vec<G> = Vec::new();
    let mut h3: Vec<G> = Vec::new();
    let mut prev_group = None;
    for row in spec.rows {
        let n = row.cols.len() as u8;
        match row.group {
            None => {
                let label = if row.key == "review" {
                    alias_or_label(row, v.review_typo)
                } else {
                    row.label
                };
                h1.push(G::T(label, n));
                h2.extend(row.cols.iter().map(|c| G::T(c.label, 1)));
                h3.extend(row.cols.iter().map(|_| G::E(1)));
            }
            Some(group) => {
                if prev_group != Some(group) {
                    let width: usize = spec
                        .rows
                        .iter()
                        .filter(|r| r.group == Some(group))
                        .map(|r| r.cols.len())
                        .sum();
                    h1.push(G::T(group.label, width as u8));
                }
                h2.push(G::T(row.label, n));
                h3.extend(row.cols.iter().map(|c| G::T(c.label, 1)));
            }
        }
        prev_group = row.group;
    }
    // Header rows 2 and 3 keep the order printed: the ungrouped rows' columns, then the
    // grouped rows'.
    g.push(Kind::Header, &h1);
    g.push(Kind::Header, &h2);
    g.push(Kind::Header, &h3);
    let data: Vec<G> = (0..spec.cell_count() as u16).map(|i| G::V(i, 1)).collect();
    g.push(Kind::Data, &data);
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_above_empty_cells_span_down() {
        let v = Variants::default();
        let g = grid3(&nianbao::vocab::TABLE3, &v);
        let cells: Vec<nianbao::model::Cell> = (0..15)
            .map(|i| nianbao::model::Cell {
                row_key: "review",
                col_key: "total",
                value: Some(f64::from(i)),
                raw: i.to_string(),
                line: 0,
            })
            .collect();
        let rows = g.printed(&cells);
        let shape: Vec<Vec<(usize, usize)>> = rows
            .iter()
            .map(|r| r.iter().map(|c| (c.colspan, c.rowspan)).collect())
            .collect();
        assert_eq!(shape[0], vec![(5, 1), (10, 1)]);
        // Review's five column labels reach over the litigation sub-header row.
        assert_eq!(
            shape[1],
            vec![(1, 2), (1, 2), (1, 2), (1, 2), (1, 2), (5, 1), (5, 1)]
        );
        assert_eq!(shape[2], vec![(1, 1); 10]);
        assert_eq!(rows[3][14].text, "14");
    }

    fn width(g: &Grid, i: usize) -> usize {
        g.row(i).iter().map(|c| c.span()).sum()
    }

    #[test]
    fn every_row_fills_the_grid_and_every_value_appears_once() {
        let v = Variants::default();
        use nianbao::vocab::Template;
        let mut grids = Vec::new();
        for template in Template::ALL {
            for no in 1..=3 {
                for spec in nianbao::vocab::printings(no, template) {
                    let grid = match no {
                        1 => grid1(spec, &v),
                        2 => grid2(spec, &v),
                        _ => grid3(spec, &v),
                    };
                    grids.push((grid, spec.cell_count()));
                }
            }
        }
        for (grid, cells) in grids {
            let mut seen = vec![0; cells];
            for i in 0..grid.rows.len() {
                assert_eq!(width(&grid, i), grid.ncols, "table {} row {i}", grid.no);
                for c in grid.row(i) {
                    if let G::V(ix, _) = c {
                        seen[usize::from(*ix)] += 1;
                    }
                }
            }
            assert!(seen.iter().all(|&n| n == 1), "table {}", grid.no);
        }
    }
}
