//! What the commands read back: row counts, whether a file's content is stored, and the
//! stored reports with their findings.

use rusqlite::{Connection, params};

use super::{Counts, Source, Store, StoreError, sql_err};
use crate::model::{Finding, FindingCell};
use crate::vocab::{self, Severity};

impl Store {
    /// Whether a report with this content is already stored (from this path or any other):
    /// the pipeline can skip parsing the file.
    pub fn is_unchanged(&self, source: &Source) -> Result<bool, StoreError> {
        content_stored(&self.conn, source.sha256)
            .map_err(sql_err(&self.path, "looking up a sha256"))
    }

    /// Row counts of the main tables.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        counts(&self.conn).map_err(sql_err(&self.path, "counting rows"))
    }
}

/// Row counts of the main tables, on any connection to a nianbao database.
pub fn counts(conn: &Connection) -> rusqlite::Result<Counts> {
    let count = |table: &str| -> rusqlite::Result<u64> {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
            r.get::<_, i64>(0)
        })
        .map(|n| n as u64)
    };
    Ok(Counts {
        reports: count("reports")?,
        agencies: count("agencies")?,
        cells: count("cell_values")?,
        facts: count("facts")?,
        issues_listed: count("issues_listed")?,
        findings: count("check_findings")?,
        warnings: count("warnings")?,
    })
}

/// Whether a report with this content (sha256 of the file) is stored, from any path. On
/// any connection, so the parser threads can skip unchanged files before parsing them.
pub fn content_stored(conn: &Connection, sha256: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached(CONTENT_STORED)?.exists([sha256])
}

/// [`content_stored`]'s query: through the index on the hash's first 16 digits (schema.sql
/// says why), then the whole hash.
const CONTENT_STORED: &str = "SELECT 1 FROM reports \
     WHERE substr(source_sha256, 1, 16) = substr(?1, 1, 16) AND source_sha256 = ?1 \
     UNION ALL SELECT 1 FROM duplicate_sources WHERE sha256 = ?1 LIMIT 1";

/// A text column read back as a key of the vocabulary.
pub(super) fn vocab_key(
    column: usize,
    text: String,
    lookup: impl Fn(&str) -> Option<&'static str>,
) -> rusqlite::Result<&'static str> {
    lookup(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            format!("`{text}` is not a key this nianbao knows; re-ingest with this version").into(),
        )
    })
}

/// A stored report and the findings stored with it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedReport {
    pub path: String,
    pub agency: String,
    pub year: i32,
    /// In the order of `vocab::RULES`.
    pub findings: Vec<Finding>,
}

/// Every stored report whose agency name contains `agency` and whose year is `year`
/// (either left out: all), in agency and year order, with its stored findings, one report
/// at a time.
pub fn for_each_checked<E: From<rusqlite::Error>>(
    conn: &Connection,
    agency: Option<&str>,
    year: Option<i32>,
    each: &mut dyn FnMut(CheckedReport) -> Result<(), E>,
) -> Result<(), E> {
    let mut reports = conn.prepare(
        "SELECT r.id, r.source_path, a.name, r.year FROM reports r \
         JOIN agencies a ON a.id = r.agency_id \
         WHERE (?1 IS NULL OR instr(a.name, ?1) > 0) AND (?2 IS NULL OR r.year = ?2) \
         ORDER BY a.name, r.year",
    )?;
    let mut findings = conn.prepare(
        "SELECT id, rule, severity, detail FROM check_findings WHERE report_id = ?1 ORDER BY id",
    )?;
    let mut cells = conn.prepare(
        "SELECT year, table_no, row_key, col_key, label, value, line FROM finding_cells \
         WHERE finding_id = ?1 ORDER BY ordinal",
    )?;
    let mut rows = reports.query(params![agency, year])?;
    while let Some(r) = rows.next()? {
        let report_id: i64 = r.get(0)?;
        let mut checked = CheckedReport {
            path: r.get(1)?,
            agency: r.get(2)?,
            year: r.get(3)?,
            findings: Vec::new(),
        };
        let mut f_rows = findings.query([report_id])?;
        while let Some(f) = f_rows.next()? {
            let rule = vocab_key(1, f.get(1)?, |k| vocab::rule_spec(k).map(|r| r.id))?;
            let severity = Severity::from_key(&f.get::<_, String>(2)?).unwrap_or(Severity::Error);
            let mut finding = Finding {
                rule,
                severity,
                detail: f.get(3)?,
                cells: Vec::new(),
            };
            let mut c_rows = cells.query([f.get::<_, i64>(0)?])?;
            while let Some(c) = c_rows.next()? {
                let no: u8 = c.get(1)?;
                finding.cells.push(FindingCell {
                    year: c.get(0)?,
                    table_no: no,
                    row_key: vocab_key(2, c.get(2)?, |k| vocab::row_key(no, k))?,
                    col_key: vocab_key(3, c.get(3)?, |k| vocab::col_key(no, k))?,
                    label: c.get(4)?,
                    value: c.get(5)?,
                    line: c.get::<_, i64>(6)? as usize,
                });
            }
            checked.findings.push(finding);
        }
        // Stored in the order they were found; a report's cross-year findings are
        // recomputed later than the rest.
        checked
            .findings
            .sort_by_key(|f| vocab::RULES.iter().position(|r| r.id == f.rule));
        each(checked)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SCHEMA;

    #[test]
    fn content_is_looked_up_through_the_hash_prefix_index() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {CONTENT_STORED}"))
            .unwrap()
            .query_map(["0123456789abcdef"], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step
                    == "SEARCH reports USING INDEX reports_source_sha256_prefix (<expr>=?)"),
            "{plan:?}"
        );
    }
}
