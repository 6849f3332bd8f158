//! The cross-year findings: a report against the same agency's previous year, recomputed
//! in the transaction that saves either report of a pair, and kept with the later one.
//!
//! The rules are the caller's ([`CrossYear`]): the store reads back the rows they compare
//! ([`YearRows`]) and stores what they find, and knows nothing of what they check.

use rusqlite::{Connection, OptionalExtension, params};

use super::write::{DELETE_CHAIN_FINDINGS, delete, insert_finding};
use crate::model::{Cell, Finding, Table, TableStatus};
use crate::vocab::{self, Template};

/// Rules comparing two consecutive years of one agency, as the store runs them.
#[derive(Debug, Clone, Copy)]
pub struct CrossYear {
    /// The rows (table, row key) the rules compare: all the store reads back of a report.
    pub rows: &'static [(u8, &'static str)],
    /// The findings of year N's report (`cur`) against year N−1's (`prev`).
    pub check: fn(prev: &YearRows, cur: &YearRows) -> Vec<Finding>,
}

/// What the cross-year rules read of one stored report: its year and template, and the
/// cells of [`CrossYear::rows`] of its tables that hold data (a table stored as a picture
/// or missing is left out).
#[derive(Debug, Clone, PartialEq)]
pub struct YearRows {
    pub year: i32,
    pub template: Template,
    pub tables: Vec<Table>,
}

/// Recomputes the cross-year findings of the agency's report for `year` against its
/// report for `year - 1`: they belong to the later report of the pair. Without rules, the
/// old findings of the pair go and none come.
pub(super) fn refresh(
    tx: &Connection,
    rules: Option<&CrossYear>,
    agency_id: i64,
    year: i32,
) -> rusqlite::Result<()> {
    let Some(cur_id) = report_of(tx, agency_id, year)? else {
        return Ok(());
    };
    delete(tx, DELETE_CHAIN_FINDINGS, cur_id)?;
    let Some(rules) = rules else {
        return Ok(());
    };
    let Some(prev_id) = report_of(tx, agency_id, year - 1)? else {
        return Ok(());
    };
    let (prev, cur) = (
        year_rows(tx, prev_id, rules.rows)?,
        year_rows(tx, cur_id, rules.rows)?,
    );
    for f in (rules.check)(&prev, &cur) {
        insert_finding(tx, cur_id, &f)?;
    }
    Ok(())
}

/// The id of the agency's report for `year`, if stored.
fn report_of(conn: &Connection, agency_id: i64, year: i32) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM reports WHERE agency_id = ?1 AND year = ?2")?
        .query_row(params![agency_id, year], |r| r.get(0))
        .optional()
}

/// The `rows` (table, row key) of a stored report, as the cross-year rules read them.
fn year_rows(
    conn: &Connection,
    report_id: i64,
    rows: &[(u8, &'static str)],
) -> rusqlite::Result<YearRows> {
    let (year, template, statuses): (i32, String, [String; 3]) = conn
        .prepare_cached(
            "SELECT year, template, table1_status, table2_status, table3_status \
             FROM reports WHERE id = ?1",
        )?
        .query_row([report_id], |r| {
            Ok((r.get(0)?, r.get(1)?, [r.get(2)?, r.get(3)?, r.get(4)?]))
        })?;
    let template = Template::from_key(&template).unwrap_or(Template::for_year(year));
    let mut tables: Vec<Table> = Vec::with_capacity(2);
    let mut stmt = conn.prepare_cached(
        "SELECT col_key, value, raw, line FROM table_cells \
         WHERE report_id = ?1 AND table_no = ?2 AND row_key = ?3",
    )?;
    for (no, status) in [1u8, 2, 3].into_iter().zip(&statuses) {
        let status = match status.as_str() {
            "data" => TableStatus::Data,
            "partial" => TableStatus::Partial,
            _ => continue,
        };
        let wanted: Vec<&'static str> = rows
            .iter()
            .filter(|(t, _)| *t == no)
            .map(|(_, row)| *row)
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let mut cells = Vec::new();
        for row_key in wanted {
            let mut found = stmt.query(params![report_id, no, row_key])?;
            while let Some(r) = found.next()? {
                cells.push(Cell {
                    row_key,
                    col_key: super::read::vocab_key(0, r.get(0)?, |k| vocab::col_key(no, k))?,
                    value: r.get(1)?,
                    raw: r.get(2)?,
                    line: r.get::<_, i64>(3)? as usize,
                });
            }
        }
        tables.push(Table {
            no,
            status,
            variant: None,
            images: Vec::new(),
            cells,
        });
    }
    Ok(YearRows {
        year,
        template,
        tables,
    })
}

/// The `rows` of the agency's stored report for `year`, if there is one: what a report
/// being checked chains to.
pub fn stored_year(
    conn: &Connection,
    agency: &str,
    year: i32,
    rows: &[(u8, &'static str)],
) -> rusqlite::Result<Option<YearRows>> {
    let id: Option<i64> = conn
        .prepare_cached(
            "SELECT r.id FROM reports r JOIN agencies a ON a.id = r.agency_id \
             WHERE a.name = ?1 AND r.year = ?2",
        )?
        .query_row(params![agency, year], |r| r.get(0))
        .optional()?;
    id.map(|id| year_rows(conn, id, rows)).transpose()
}
