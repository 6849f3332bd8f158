//! `nianbao show`: one stored report's tables, laid out as the template prints them.

use std::collections::HashMap;
use std::process::ExitCode;

use anyhow::{Context, bail};
use comfy_table::{Cell, Table, presets::UTF8_FULL_CONDENSED};
use rusqlite::{Connection, OptionalExtension};

use nianbao::store;
use nianbao::vocab::{self, ColSpec, TableSpec, Template};

/// Print a stored report's three tables laid out as the template lays them out.
///
/// AGENCY is the name as printed in the title, or any part of it that names one agency.
/// Without YEAR, the latest year stored. Blank cells show blank; cells the parser could not
/// place show `?` (see the warnings printed after the tables). With --copies, the sections
/// `nianbao copies` found copied instead: each beside the other report's, sentence by
/// sentence.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Agency name, or part of it.
    pub agency: String,

    /// Report year (default: the latest stored).
    pub year: Option<i32>,

    /// Show the report's copied sections (found by `nianbao copies`) beside the other
    /// report's, the matching sentences side by side, instead of its tables.
    #[arg(long)]
    pub copies: bool,

    #[command(flatten)]
    pub db: super::DbArg,
}

struct Shown {
    id: i64,
    agency: String,
    year: i32,
    title: String,
    template: Template,
    statuses: [String; 3],
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let conn = store::open_read_only(&args.db.db)?;
    let report = find_report(&conn, &args.agency, args.year)?;
    if args.copies {
        return show_copies(&conn, &report);
    }
    let cells = load_cells(&conn, report.id)?;

    println!("{} {} — {}", report.agency, report.year, report.title);
    println!("template {}", report.template.document_number());
    for no in 1..=3u8 {
        let status = &report.statuses[no as usize - 1];
        let spec = table_spec(no, report.template, &cells);
        println!("\n表{no} {} ({status})", spec.title);
        if status == "image" || status == "missing" {
            continue;
        }
        let table = if spec.wide {
            wide(spec, &cells)
        } else {
            by_rows(spec, &cells)
        };
        println!("{table}");
    }

    let mut stmt =
        conn.prepare("SELECT line, message FROM warnings WHERE report_id = ?1 ORDER BY rowid")?;
    let warnings: Vec<(i64, String)> = stmt
        .query_map([report.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    if !warnings.is_empty() {
        println!("\nwarnings:");
        for (line, message) in warnings {
            println!("  line {line}: {message}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The report's copied sections, each with the matching passages side by side.
fn show_copies(conn: &Connection, report: &Shown) -> anyhow::Result<ExitCode> {
    println!("{} {} — {}", report.agency, report.year, report.title);
    let mut stmt = conn.prepare(
        "SELECT c.key, o.id, oa.name, o.year, c.similarity, \
                CASE WHEN c.report_id = ?1 THEN c.shared ELSE c.other_shared END \
         FROM copied_sections c \
         JOIN reports o ON o.id = CASE WHEN c.report_id = ?1 THEN c.other_report_id \
                                       ELSE c.report_id END \
         JOIN agencies oa ON oa.id = o.agency_id \
         WHERE c.report_id = ?1 OR c.other_report_id = ?1 \
         ORDER BY c.key, o.year, oa.name",
    )?;
    let found: Vec<(String, i64, String, i32, f64, f64)> = stmt
        .query_map([report.id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    if found.is_empty() {
        println!(
            "
no copied sections stored (run `nianbao copies` after ingest)"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut body = conn.prepare(
        "SELECT body FROM sections WHERE report_id = ?1 AND key = ?2 ORDER BY ordinal LIMIT 1",
    )?;
    for (key, other, other_agency, other_year, similarity, shared) in found {
        let heading = vocab::section(&key).map_or(key.as_str(), |s| s.heading);
        println!(
            "
{heading}: {:.0}% of its text is also in {other_agency} {other_year} (similarity {similarity:.2})",
            100.0 * shared
        );
        let mine: Option<String> = body.query_row((report.id, &key), |r| r.get(0))?;
        let theirs: Option<String> = body.query_row((other, &key), |r| r.get(0))?;
        let mut table = Table::new();
        table.load_style(UTF8_FULL_CONDENSED);
        table.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
        table.set_width(100);
        table.set_header(vec![
            format!("{} {}", report.agency, report.year),
            format!("{other_agency} {other_year}"),
        ]);
        for (a, b, _) in nianbao::copies::matching_passages(
            &mine.unwrap_or_default(),
            &report.agency,
            &theirs.unwrap_or_default(),
            &other_agency,
        ) {
            table.add_row(vec![a, b]);
        }
        println!("{table}");
    }
    Ok(ExitCode::SUCCESS)
}

fn find_report(conn: &Connection, agency: &str, year: Option<i32>) -> anyhow::Result<Shown> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT a.name FROM agencies a JOIN reports r ON r.agency_id = a.id
         WHERE a.name = ?1 OR instr(a.name, ?1) > 0 ORDER BY a.name = ?1 DESC, a.name",
    )?;
    let names: Vec<String> = stmt
        .query_map([agency], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let name = match names.as_slice() {
        [] => bail!(
            "no stored report is from an agency named like \"{agency}\"; `nianbao query --list` and `nianbao sql \"SELECT name FROM agencies\"` show what is stored"
        ),
        [one, ..] if one == agency => one.clone(),
        [one] => one.clone(),
        many => bail!(
            "\"{agency}\" matches {} agencies; name one: {}",
            many.len(),
            many.join(", ")
        ),
    };
    let found = conn
        .query_row(
            "SELECT r.id, r.year, r.title, r.template, r.table1_status, r.table2_status, r.table3_status
             FROM reports r JOIN agencies a ON a.id = r.agency_id
             WHERE a.name = ?1 AND (?2 IS NULL OR r.year = ?2) ORDER BY r.year DESC LIMIT 1",
            rusqlite::params![name, year],
            |r| {
                Ok(Shown {
                    id: r.get(0)?,
                    agency: name.clone(),
                    year: r.get(1)?,
                    title: r.get(2)?,
                    template: Template::from_key(&r.get::<_, String>(3)?)
                        .unwrap_or(Template::Y2021),
                    statuses: [r.get(4)?, r.get(5)?, r.get(6)?],
                })
            },
        )
        .optional()?;
    found.with_context(|| {
        format!(
            "{name} has no report for {}",
            year.map_or("any year".to_string(), |y| y.to_string())
        )
    })
}

/// (table, row, col) → printed text.
type Cells = HashMap<(u8, String, String), String>;

fn load_cells(conn: &Connection, report_id: i64) -> anyhow::Result<Cells> {
    let mut stmt = conn
        .prepare("SELECT table_no, row_key, col_key, raw FROM table_cells WHERE report_id = ?1")?;
    let rows = stmt.query_map([report_id], |r| {
        Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The version of table `no` the stored cells are of.
fn table_spec(no: u8, template: Template, cells: &Cells) -> &'static TableSpec {
    let keys = cells
        .keys()
        .filter(|(t, _, _)| *t == no)
        .map(|(_, row, col)| (row.as_str(), col.as_str()));
    vocab::printed(no, template, keys)
}

fn cell_text(cells: &Cells, no: u8, row: &str, col: &str) -> String {
    cells
        .get(&(no, row.to_string(), col.to_string()))
        .cloned()
        .unwrap_or_else(|| "?".to_string())
}

/// Tables 1 and 2: a row per template row, under its own column headers. Table 1 prints a
/// header line wherever the columns change, as the template does.
fn by_rows(spec: &TableSpec, cells: &Cells) -> Table {
    let width = spec.rows.iter().map(|r| r.cols.len()).max().unwrap_or(0);
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    let mut last_cols: Option<&[ColSpec]> = None;
    for row in spec.rows {
        if last_cols != Some(row.cols) {
            let mut header = vec![Cell::new(spec.label_header)];
            header.extend(row.cols.iter().map(|c| Cell::new(c.label)));
            if last_cols.is_none() {
                table.set_header(header);
            } else {
                table.add_row(header);
            }
            last_cols = Some(row.cols);
        }
        // A numbered item says little without its group: （三）不予公开 1.属于国家秘密.
        let label = match row.group {
            Some(group)
                if group.parent.is_some()
                    && row.label.starts_with(|c: char| c.is_ascii_digit()) =>
            {
                format!("{} {}", group.label, row.label)
            }
            _ => row.label.to_string(),
        };
        let mut cells_row = vec![Cell::new(label)];
        cells_row.extend(
            row.cols
                .iter()
                .map(|c| Cell::new(cell_text(cells, spec.no, row.key, c.key))),
        );
        cells_row.resize_with(width + 1, || Cell::new(""));
        table.add_row(cells_row);
    }
    table
}

/// A wide table as the template prints it (table 3: one row of 15) under a two-level
/// header.
fn wide(spec: &TableSpec, cells: &Cells) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    let mut groups = Vec::new();
    let mut leaves = Vec::new();
    let mut values = Vec::new();
    for row in spec.rows {
        let group = match row.group {
            Some(g) => format!("{}·{}", g.label, row.label),
            None => row.label.to_string(),
        };
        for (i, col) in row.cols.iter().enumerate() {
            groups.push(Cell::new(if i == 0 { group.as_str() } else { "" }));
            leaves.push(Cell::new(col.label));
            values.push(Cell::new(cell_text(cells, spec.no, row.key, col.key)));
        }
    }
    table.set_header(groups);
    table.add_row(leaves);
    table.add_row(values);
    table
}
