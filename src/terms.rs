//! The vocabulary as rows: every section key, table, row key, column key, cell, rule id and
//! fact key with its Chinese label as the template prints it, a one-line English
//! description, its unit and the templates (and variants) that print it.
//!
//! One list, read from the templates' data (`vocab`), the rule list, the fact keys, the
//! labels of `labels` and the English of `vocab::glossary`, written three ways: into each new
//! database's `vocabulary` table (so views and users join it), as `docs/vocabulary.md`
//! ([`markdown`]), and as Datasette's table and column descriptions. None of them is kept by
//! hand, so none can drift from the code.

use crate::labels;
use crate::vocab::{self, Template, glossary};

/// What a term names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Section,
    Table,
    Row,
    Column,
    Cell,
    Rule,
    Fact,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Section => "section",
            Kind::Table => "table",
            Kind::Row => "row",
            Kind::Column => "column",
            Kind::Cell => "cell",
            Kind::Rule => "rule",
            Kind::Fact => "fact",
        }
    }
}

/// One key of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub kind: Kind,
    /// The key as stored: a section key, a table's number, a row or column key, a cell's
    /// `row_key/col_key`, a rule id, a fact key.
    pub key: String,
    /// The table of a table, row, column or cell.
    pub table_no: Option<u8>,
    /// The row key of a row or cell, the column key of a column or cell: a cell joins
    /// `cells` on (table_no, row_key, col_key).
    pub row_key: Option<&'static str>,
    pub col_key: Option<&'static str>,
    /// As the template prints it (`三（三）1.属于国家秘密｜自然人`), or its Chinese name.
    pub label: String,
    pub description: String,
    pub unit: Option<&'static str>,
    /// The templates whose own table prints it (`2019`, `2021`), for a table's parts.
    pub templates: Vec<&'static str>,
    /// The variants some agencies print that have it (`2021-single-other`).
    pub variants: Vec<&'static str>,
}

impl Term {
    fn new(kind: Kind, key: impl Into<String>, label: impl Into<String>) -> Term {
        Term {
            kind,
            key: key.into(),
            table_no: None,
            row_key: None,
            col_key: None,
            label: label.into(),
            description: String::new(),
            unit: None,
            templates: Vec::new(),
            variants: Vec::new(),
        }
    }
}

/// Every term, in the order the document lists them: sections, then each table with its
/// rows, columns and cells, then rules and facts.
pub fn all() -> Vec<Term> {
    let mut terms = Vec::new();
    for (key, label, description) in glossary::SECTIONS {
        let mut t = Term::new(Kind::Section, *key, *label);
        t.description = description.to_string();
        terms.push(t);
    }
    let cell_labels = &labels::template().tables;
    for no in 1..=3u8 {
        terms.extend(table_terms(no, &cell_labels[usize::from(no) - 1]));
    }
    for rule in vocab::RULES {
        let mut t = Term::new(Kind::Rule, rule.id, labels::rule(rule.id));
        t.description = format!("{}: {}", rule.severity.key(), rule.summary);
        terms.push(t);
    }
    for fact in vocab::FACTS {
        let mut t = Term::new(Kind::Fact, fact.key, glossary::fact_label(fact.key));
        t.description = fact.summary.to_string();
        t.unit = Some(fact.unit);
        terms.push(t);
    }
    terms
}

/// Who prints a part of table `no`: the templates whose own version has it, and the
/// variants that have it.
fn printed_by(
    no: u8,
    has: impl Fn(&vocab::TableSpec) -> bool,
) -> (Vec<&'static str>, Vec<&'static str>) {
    let mut templates = Vec::new();
    let mut variants = Vec::new();
    for template in Template::ALL {
        let versions = &template.spec().tables[usize::from(no) - 1];
        if has(versions.own) {
            templates.push(template.key());
        }
        for v in versions.variants {
            if has(v.spec) && !variants.contains(&v.spec.name) {
                variants.push(v.spec.name);
            }
        }
    }
    (templates, variants)
}

fn table_terms(no: u8, cells: &labels::TableLabels) -> Vec<Term> {
    let mut terms = Vec::new();
    let mut table = Term::new(Kind::Table, no.to_string(), cells.title);
    table.table_no = Some(no);
    table.description = glossary::table_description(no).to_string();
    (table.templates, table.variants) = printed_by(no, |_| true);
    terms.push(table);

    let mut rows: Vec<&'static str> = Vec::new();
    let mut cols: Vec<(&'static str, &'static str)> = Vec::new();
    for c in &cells.cells {
        if !rows.contains(&c.row_key) {
            rows.push(c.row_key);
        }
        if !cols.iter().any(|(k, _)| *k == c.col_key) {
            let label = vocab::versions(no)
                .iter()
                .find_map(|s| s.col(c.col_key))
                .map_or("", |col| col.label);
            cols.push((c.col_key, label));
        }
    }
    for row in rows {
        let printed = cells
            .cells
            .iter()
            .find(|c| c.row_key == row)
            .and_then(|c| c.label.split_once('｜'))
            .map_or(row, |(printed, _)| printed);
        let mut t = Term::new(Kind::Row, row, printed);
        t.table_no = Some(no);
        t.row_key = Some(row);
        t.description = glossary::row_description(no, row).to_string();
        (t.templates, t.variants) = printed_by(no, |s| s.row(row).is_some());
        terms.push(t);
    }
    for (col, label) in cols {
        let mut t = Term::new(Kind::Column, col, label);
        t.table_no = Some(no);
        t.col_key = Some(col);
        let (description, unit) = glossary::column(no, col);
        t.description = description.to_string();
        t.unit = unit;
        (t.templates, t.variants) = printed_by(no, |s| s.col(col).is_some());
        terms.push(t);
    }
    for c in &cells.cells {
        let mut t = Term::new(
            Kind::Cell,
            format!("{}/{}", c.row_key, c.col_key),
            c.label.clone(),
        );
        t.table_no = Some(no);
        t.row_key = Some(c.row_key);
        t.col_key = Some(c.col_key);
        let (column, unit) = glossary::column(no, c.col_key);
        t.description = format!("{}; {column}", glossary::row_description(no, c.row_key));
        t.unit = unit;
        (t.templates, t.variants) = printed_by(no, |s| {
            s.row(c.row_key)
                .is_some_and(|r| r.cols.iter().any(|col| col.key == c.col_key))
        });
        terms.push(t);
    }
    terms
}

/// The arithmetic of rule `id` as the templates' data states it, one line a table version
/// that checks it (`一 + 二 = 三（七） + 四, in each column`); empty for a rule no table sum
/// states (the rule's summary says what it checks).
fn arithmetic(id: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for no in 1..=3u8 {
        for spec in vocab::versions(no) {
            for sum in spec.sums.iter().filter(|s| s.rule() == id) {
                let n = |key: &str| spec.row_number(key);
                let c = |key: &str| spec.col_label(key).to_string();
                let line = match *sum {
                    vocab::Sum::RowTotal { .. } => {
                        let cols: Vec<&vocab::ColSpec> = spec.rows[0].cols.iter().collect();
                        let (total, parts) = cols.split_last().expect("a table has columns");
                        let parts: Vec<&str> = parts.iter().map(|c| c.label).collect();
                        format!("{} = {}, in each row", total.label, parts.join(" + "))
                    }
                    vocab::Sum::Balance { left, right, .. } => {
                        let side = |keys: &[&str]| {
                            keys.iter().map(|k| n(k)).collect::<Vec<_>>().join(" + ")
                        };
                        format!("{} = {}, in each column", side(left), side(right))
                    }
                    vocab::Sum::Subtotal { first, total, .. } => {
                        let parts: Vec<String> = spec
                            .rows_between(first, total)
                            .iter()
                            .map(|r| n(r.key))
                            .collect();
                        format!("{} = {}, in each column", n(total), parts.join(" + "))
                    }
                    vocab::Sum::RunningTotal {
                        rows,
                        total,
                        added,
                        removed,
                        ..
                    } => {
                        let gain = match removed {
                            Some(r) => format!("{} − {}", c(added), c(r)),
                            None => c(added),
                        };
                        let rows: Vec<String> = rows.iter().map(|r| n(r)).collect();
                        format!("{} ≥ {gain}, in rows {}", c(total), rows.join(", "))
                    }
                };
                let (mut printers, variants) = printed_by(no, |s| s == spec);
                printers.extend(variants);
                let line = format!("table {no} ({}): {line}", printers.join(", "));
                if !lines.contains(&line) {
                    lines.push(line);
                }
            }
        }
    }
    lines
}

/// A Markdown table cell: pipes escaped, nothing for nothing.
fn md(text: &str) -> String {
    text.replace('|', "\\|")
}

/// `docs/vocabulary.md`: every term for people, by kind, with the rules' arithmetic from the
/// templates' data. A test keeps the file equal to this.
pub fn markdown() -> String {
    use std::fmt::Write;
    let terms = all();
    let of = |kind: Kind, no: Option<u8>| {
        terms
            .iter()
            .filter(move |t| t.kind == kind && (no.is_none() || t.table_no == no))
    };
    let yes = |t: &Term, template: &str| {
        if t.templates.contains(&template) {
            "✓"
        } else {
            ""
        }
    };
    let mut out = String::new();
    out.push_str(
        "# The vocabulary\n\n\
         <!-- Written from the code by `NIANBAO_WRITE_DOCS=1 cargo test --test vocabulary`; do not edit by hand. -->\n\n\
         Every key nianbao stores, with its Chinese label as the national template prints it and \
         what it means. The same list is the table `vocabulary` of every database \
         (`SELECT * FROM vocabulary`), written from the data the reader and the checks use.\n\n\
         Two templates are in use: 国办公开办函〔2019〕60号 (report years 2019–2020) and \
         国办公开办函〔2021〕30号 (report year 2021 onward); `reports.template` says which a \
         report follows. Some agencies print a variant of a table; `report_tables.version` says \
         which version of each table a report printed.\n\n",
    );
    out.push_str("## Sections\n\n`sections.key`: the report's text by section.\n\n");
    out.push_str("| key | heading | what it holds |\n| --- | --- | --- |\n");
    for t in of(Kind::Section, None) {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            t.key,
            md(&t.label),
            md(&t.description)
        );
    }
    for table in of(Kind::Table, None) {
        let no = table.table_no;
        let _ = write!(
            out,
            "\n## Table {}: {}\n\n{}. Cells are `table_cells` (and the view `cells`) with \
             `table_no = {}`, by `row_key` and `col_key`; a blank cell has `value` NULL.\n\n",
            table.key, table.label, table.description, table.key
        );
        out.push_str(
            "Rows:\n\n| row_key | as printed | 2019 | 2021 | variants | what it counts |\n",
        );
        out.push_str("| --- | --- | --- | --- | --- | --- |\n");
        for t in of(Kind::Row, no) {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                t.key,
                md(&t.label),
                yes(t, "2019"),
                yes(t, "2021"),
                t.variants.join(", "),
                md(&t.description)
            );
        }
        out.push_str(
            "\nColumns:\n\n| col_key | as printed | unit | 2019 | 2021 | what it counts |\n",
        );
        out.push_str("| --- | --- | --- | --- | --- | --- |\n");
        for t in of(Kind::Column, no) {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                t.key,
                md(&t.label),
                t.unit.unwrap_or(""),
                yes(t, "2019"),
                yes(t, "2021"),
                md(&t.description)
            );
        }
    }
    out.push_str(
        "\n## Rules\n\n`check_findings.rule`: the consistency rules (勾稽关系) `nianbao check` applies. \
         An error is a mistake to fix before publication; a warning something to look at.\n\n",
    );
    out.push_str("| rule | 中文 | severity | what it checks |\n| --- | --- | --- | --- |\n");
    for rule in vocab::RULES {
        let mut what = md(rule.summary);
        for line in arithmetic(rule.id) {
            let _ = write!(what, "<br>{}", md(&line));
        }
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            rule.id,
            md(&labels::rule(rule.id)),
            rule.severity.key(),
            what
        );
    }
    out.push_str(
        "\n## Facts\n\n`facts.key`: figures the narrative states, one row a sentence stating one; \
         `unit` is the unit the sentence prints, or this one when it prints none. Where the \
         tables hold the same figure, the cell is named (2021 template).\n\n",
    );
    out.push_str(
        "| key | 中文 | unit | table cell | what it is |\n| --- | --- | --- | --- | --- |\n",
    );
    for fact in vocab::FACTS {
        let cell = fact.cell.map_or(String::new(), |c| {
            format!("table {} `{}/{}`", c.table, c.row, c.col)
        });
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            fact.key,
            glossary::fact_label(fact.key),
            fact.unit,
            cell,
            md(fact.summary)
        );
    }
    out
}
