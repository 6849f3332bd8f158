//! Saving a report: all its rows in one transaction or savepoint, the report a changed
//! file held before removed, the choice between two files of one report made
//! ([`super::copies`]), and the cross-year findings of its pairs recomputed
//! ([`super::chain`]).

use std::borrow::Cow;
use std::sync::OnceLock;

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::copies::{self, Choice};
use super::derived::{INSERT_FIGURES, all_cells};
use super::open::{WRITER_PAUSE, begin_immediate};
use super::read::content_stored;
use super::{CellKeys, CrossYear, Derived, SaveOutcome, Source, Store, StoreError, chain};
use super::{sql_err, write_error};
use crate::model::{Finding, Report, TableStatus};
use crate::read::Format;
use crate::region;

const INSERT_REPORT: &str = "INSERT INTO reports (agency_id, year, title, template, source_path, \
     source_sha256, published_on, contact_address, contact_phone, contact_email, \
     contact_website, table1_status, table2_status, table3_status, table1_images, \
     table2_images, table3_images, table1_version, table2_version, table3_version, \
     source_format, identified_by, ingested_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, \
     ?19, ?20, ?21, ?22, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";
/// The rows of a report's child tables go in by statements of many rows: executing a
/// statement (binding, opening its cursors, seeking) costs about as much as a row, and a
/// report has some 200 cells, 10 facts, 8 sections and 6 listed issues.
struct RowsInsert {
    /// `INSERT INTO table (columns)`: a row is a value for each column.
    head: &'static str,
    /// The most rows a statement takes.
    most: usize,
    /// `sql[n - 1]` inserts n rows.
    sql: OnceLock<Vec<String>>,
}

impl RowsInsert {
    const fn new(head: &'static str, most: usize) -> RowsInsert {
        RowsInsert {
            head,
            most,
            sql: OnceLock::new(),
        }
    }

    /// Inserts `rows`, each given as its `W` column values by `values`.
    fn run<T, const W: usize>(
        &self,
        tx: &Connection,
        rows: &[T],
        values: impl for<'r> Fn(&'r T) -> [ValueRef<'r>; W],
    ) -> rusqlite::Result<()> {
        assert_eq!(W, self.head.matches(',').count() + 1, "{}", self.head);
        let sql = self.sql.get_or_init(|| {
            let row = format!("({})", vec!["?"; W].join(", "));
            (1..=self.most)
                .map(|n| format!("{} VALUES {}", self.head, vec![row.as_str(); n].join(", ")))
                .collect()
        });
        for chunk in rows.chunks(self.most) {
            let mut stmt = tx.prepare_cached(&sql[chunk.len() - 1])?;
            for (i, row) in chunk.iter().enumerate() {
                for (j, value) in values(row).into_iter().enumerate() {
                    stmt.raw_bind_parameter(i * W + j + 1, ToSqlOutput::Borrowed(value))?;
                }
            }
            stmt.raw_execute()?;
        }
        Ok(())
    }
}

static INSERT_CELLS: RowsInsert = RowsInsert::new(
    "INSERT INTO cell_values (report_id, key_id, value, raw, line)",
    50,
);
static INSERT_SECTIONS: RowsInsert = RowsInsert::new(
    "INSERT INTO sections (report_id, key, ordinal, heading, body, line)",
    16,
);
static INSERT_ISSUES: RowsInsert = RowsInsert::new(
    "INSERT INTO issues_listed (report_id, kind, ordinal, text)",
    16,
);
static INSERT_FACTS: RowsInsert = RowsInsert::new(
    "INSERT INTO facts (report_id, section, key, value, unit, sentence, line)",
    16,
);
static INSERT_WARNINGS: RowsInsert =
    RowsInsert::new("INSERT INTO warnings (report_id, line, message)", 16);

const INSERT_FINDING: &str =
    "INSERT INTO check_findings (report_id, rule, severity, detail) VALUES (?1, ?2, ?3, ?4)";
const INSERT_PLACE: &str = "INSERT INTO agency_places \
     (agency_id, region_code, province, city, county, township, body) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
const INSERT_FINDING_CELL: &str = "INSERT INTO finding_cells \
     (finding_id, ordinal, year, table_no, row_key, col_key, label, value, line) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
const INSERT_DUPLICATE: &str = "INSERT INTO duplicate_sources (report_id, path, sha256, format, reason) \
     VALUES (?1, ?2, ?3, ?4, ?5)";

impl Store {
    /// Stores one report with its findings, all rows or none. See [`SaveOutcome`].
    pub fn save(
        &mut self,
        source: &Source,
        report: &Report,
        findings: &[Finding],
    ) -> Result<SaveOutcome, StoreError> {
        self.save_as(source, None, report, &Derived::of(report), findings)
    }

    /// [`Store::save`], recording the format the file was read as: the same report already
    /// stored from a file of another format is one report, and the source that places more
    /// cells is kept. `derived` is [`Derived::of`] the report.
    pub fn save_as(
        &mut self,
        source: &Source,
        format: Option<Format>,
        report: &Report,
        derived: &Derived,
        findings: &[Finding],
    ) -> Result<SaveOutcome, StoreError> {
        let path = self.path.clone();
        let what = format!("saving the report from {}", source.path);
        let err = |e| write_error(path.clone(), what.clone(), e);
        // Nothing was written when the outcome is Unchanged or a Conflict that dropped no
        // old report: dropping the transaction (or savepoint) rolls back the empty work, as
        // it does on an error.
        let wrote = |o: &SaveOutcome| {
            !matches!(
                o,
                SaveOutcome::Unchanged
                    | SaveOutcome::Conflict {
                        old_dropped: None,
                        ..
                    }
            )
        };
        // The key numbers are taken out and put back only when the save succeeds: a key
        // numbered in work that is rolled back (an error, a panic) is gone with it.
        let mut keys = std::mem::take(&mut self.cell_keys);
        let rules = self.cross_year;
        let input = Input {
            source,
            format,
            report,
            derived,
            findings,
        };
        // Outside a batch the report is its own transaction, which waits for the write lock
        // as a batch does.
        let own_transaction = self.conn.is_autocommit();
        if own_transaction {
            begin_immediate(&self.conn, &mut |_| {}).map_err(err)?;
        }
        let result = {
            // The report is a savepoint: all its rows or none.
            let sp = self.conn.savepoint().map_err(err)?;
            match save_in(&sp, &mut keys, rules, &input) {
                Ok(outcome) if wrote(&outcome) => sp.commit().map(|()| outcome),
                other => other,
            }
        };
        let result = match (own_transaction, result) {
            (false, result) => result,
            (true, Ok(outcome)) => self.conn.execute_batch("COMMIT").map(|()| outcome),
            (true, Err(e)) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        };
        // Unchanged, Conflict and KeptOther return before any cell is numbered, so their
        // keys are good too.
        if result.is_ok() {
            self.cell_keys = keys;
        }
        result.map_err(err)
    }

    /// Starts a batch: the reports saved until [`Store::commit_batch`] are committed
    /// together, each still whole or not at all. One commit per report rewrites the same
    /// index and table-tail pages into the write-ahead log again and again (some 40 pages
    /// a report); a batch writes each once. A crash loses the open batch only, whose files
    /// the next ingest stores (their content is not yet recorded).
    pub fn begin_batch(&mut self) -> Result<(), StoreError> {
        self.begin_batch_waiting(&mut |_| {})
    }

    /// [`Store::begin_batch`], waiting however long another writer (another ingest) holds
    /// the database, and telling `on_wait` how long so far, about once a second. Just after
    /// a commit it first leaves the lock free a moment, so that writers take turns batch by
    /// batch.
    pub fn begin_batch_waiting(
        &mut self,
        on_wait: &mut dyn FnMut(std::time::Duration),
    ) -> Result<(), StoreError> {
        if self.conn.is_autocommit() {
            if let Some(since) = self.committed_at.take().map(|at| at.elapsed()) {
                std::thread::sleep(WRITER_PAUSE.saturating_sub(since));
            }
            begin_immediate(&self.conn, on_wait)
                .map_err(sql_err(&self.path, "starting a batch of reports"))?;
        }
        Ok(())
    }

    /// Commits the open batch, if any.
    pub fn commit_batch(&mut self) -> Result<(), StoreError> {
        if !self.conn.is_autocommit() {
            self.conn
                .execute_batch("COMMIT")
                .map_err(sql_err(&self.path, "committing a batch of reports"))?;
            self.committed_at = Some(std::time::Instant::now());
        }
        Ok(())
    }

    /// Copies the write-ahead log into the database file, as the end of an ingest: the
    /// file is whole on its own (to copy or share), and the copying is counted in the
    /// ingest's time, not left to whoever closes the database last. Passive: it copies
    /// what no reader still needs and waits for no one (a TRUNCATE checkpoint waits for
    /// readers, and the readers that come meanwhile for it: queries during two ingests
    /// timed out). The log file itself goes when the last connection closes.
    pub fn checkpoint(&mut self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
            .map_err(sql_err(
                &self.path,
                "copying the write-ahead log into the database",
            ))
    }
}

/// The id of a cell key in `cell_keys`, numbering it if it is new.
fn cell_key(
    tx: &Connection,
    keys: &mut CellKeys,
    no: u8,
    row: &'static str,
    col: &'static str,
) -> rusqlite::Result<i64> {
    if let Some(&id) = keys.get(&(no, row, col)) {
        return Ok(id);
    }
    tx.prepare_cached(
        "INSERT INTO cell_keys (table_no, row_key, col_key) VALUES (?1, ?2, ?3) \
         ON CONFLICT DO NOTHING",
    )?
    .execute(params![no, row, col])?;
    let id = tx
        .prepare_cached(
            "SELECT id FROM cell_keys WHERE table_no = ?1 AND row_key = ?2 AND col_key = ?3",
        )?
        .query_row(params![no, row, col], |r| r.get(0))?;
    keys.insert((no, row, col), id);
    Ok(id)
}

/// The report a file held before, by its path: (id, agency id, year).
type Held = (i64, i64, i32);

/// What [`Store::save_as`] is given.
struct Input<'a> {
    source: &'a Source<'a>,
    format: Option<Format>,
    report: &'a Report,
    derived: &'a Derived,
    findings: &'a [Finding],
}

/// [`Store::save_as`] inside its transaction or savepoint.
fn save_in(
    tx: &Connection,
    keys: &mut CellKeys,
    rules: Option<&CrossYear>,
    input: &Input,
) -> rusqlite::Result<SaveOutcome> {
    let Input {
        source,
        format,
        report,
        derived,
        findings,
    } = *input;
    if content_stored(tx, source.sha256)? {
        return Ok(SaveOutcome::Unchanged);
    }
    let same_path: Option<Held> = tx
        .prepare_cached("SELECT id, agency_id, year FROM reports WHERE source_path = ?1")?
        .query_row([source.path], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    // Numbers placed, not cells: a copy whose rows came out blank holds less.
    let numbers = || {
        all_cells(report)
            .zip(&derived.placed_twice)
            .filter(|((_, c), twice)| c.value.is_some() && !**twice)
            .count() as i64
    };
    let choice = copies::choose(
        tx,
        source,
        format,
        (&report.agency, report.year),
        numbers,
        same_path.map(|(id, _, _)| id),
    )?;
    // The stored copy this file replaces: its path and why, and the duplicate sources it
    // hands on (its own, and itself).
    let mut superseded: Option<(String, String, Vec<DuplicateSource>)> = None;
    match choice {
        Choice::Alone => {}
        Choice::Conflict { other_path } => {
            let old_dropped = drop_old(tx, rules, same_path)?;
            return Ok(SaveOutcome::Conflict {
                other_path,
                old_dropped,
            });
        }
        Choice::KeepOther {
            other_id,
            other_path,
            reason,
        } => {
            let old_dropped = drop_old(tx, rules, same_path)?;
            tx.prepare_cached(INSERT_DUPLICATE)?.execute(params![
                other_id,
                source.path,
                source.sha256,
                format.map(Format::key),
                reason
            ])?;
            return Ok(SaveOutcome::KeptOther {
                other_path,
                reason,
                old_dropped,
            });
        }
        Choice::KeepNew {
            other_id,
            other_path,
            other_sha256,
            other_format,
            reason,
        } => {
            let mut moved: Vec<DuplicateSource> = tx
                .prepare_cached(
                    "SELECT path, sha256, format, reason FROM duplicate_sources WHERE report_id = ?1",
                )?
                .query_map([other_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            moved.push((
                other_path.clone(),
                other_sha256,
                other_format.key().to_string(),
                reason.clone(),
            ));
            delete(tx, DELETE_REPORT, other_id)?;
            superseded = Some((other_path, reason, moved));
        }
    }
    if let Some((old_id, _, _)) = same_path {
        delete(tx, DELETE_REPORT, old_id)?;
    }

    let agency_id = insert_agency(tx, &report.agency, &derived.place)?;
    let report_id = insert_report(tx, agency_id, source, format, report)?;
    insert_rows(tx, keys, report_id, report, derived, findings)?;

    // The cross-year findings of the pairs this report is in: (N−1, N) on this report,
    // (N, N+1) on next year's; and, when the file held another agency or year before,
    // the pair its old report left behind.
    chain::refresh(tx, rules, agency_id, report.year)?;
    chain::refresh(tx, rules, agency_id, report.year + 1)?;
    if let Some((_, old_agency, old_year)) = same_path
        && (old_agency, old_year) != (agency_id, report.year)
    {
        chain::refresh(tx, rules, old_agency, old_year + 1)?;
    }

    if let Some((_, old_agency, _)) = same_path
        && old_agency != agency_id
    {
        delete(tx, DELETE_ORPHAN_AGENCY, old_agency)?;
    }

    if let Some((other_path, reason, moved)) = superseded {
        let mut stmt = tx.prepare_cached(INSERT_DUPLICATE)?;
        for (path, sha256, format, why) in moved {
            stmt.execute(params![report_id, path, sha256, format, why])?;
        }
        return Ok(SaveOutcome::Superseded { other_path, reason });
    }

    Ok(match same_path {
        Some(_) => SaveOutcome::Replaced {
            old_path: source.path.to_string(),
        },
        None => SaveOutcome::Inserted,
    })
}

/// A row of `duplicate_sources` without its report: path, sha256, format, reason.
type DuplicateSource = (String, String, String, String);

/// The agency's id, the agency and its place inserted if it is new.
fn insert_agency(tx: &Connection, name: &str, place: &region::Place) -> rusqlite::Result<i64> {
    let new_agency = tx
        .prepare_cached("INSERT INTO agencies (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?
        .execute([name])?
        == 1;
    let agency_id: i64 = tx
        .prepare_cached("SELECT id FROM agencies WHERE name = ?1")?
        .query_row([name], |r| r.get(0))?;
    if new_agency {
        tx.prepare_cached(INSERT_PLACE)?.execute(params![
            agency_id,
            place.region_code,
            place.province,
            place.city,
            place.county,
            place.township,
            place.body
        ])?;
    }
    Ok(agency_id)
}

/// The report's row of `reports`; its id.
fn insert_report(
    tx: &Connection,
    agency_id: i64,
    source: &Source,
    format: Option<Format>,
    report: &Report,
) -> rusqlite::Result<i64> {
    let table = |no: u8| report.table(no);
    let status = |no: u8| table(no).map_or(TableStatus::Missing, |t| t.status).key();
    let images = |no: u8| {
        table(no)
            .filter(|t| !t.images.is_empty())
            .map(|t| t.images.join("\n"))
    };
    let version = |no: u8| table(no).and_then(|t| t.variant).map(|spec| spec.name);
    tx.prepare_cached(INSERT_REPORT)?.execute(params![
        agency_id,
        report.year,
        report.title,
        report.template.key(),
        source.path,
        source.sha256,
        report.published_on.map(|d| d.iso()),
        report.contact.address,
        report.contact.phone,
        report.contact.email,
        report.contact.website,
        status(1),
        status(2),
        status(3),
        images(1),
        images(2),
        images(3),
        version(1),
        version(2),
        version(3),
        format.map(Format::key),
        report.identified_by.key(),
    ])?;
    Ok(tx.last_insert_rowid())
}

/// The report's rows in every table under `reports`: cells, figures, sections,
/// listed issues, facts, findings, warnings.
fn insert_rows(
    tx: &Connection,
    keys: &mut CellKeys,
    report_id: i64,
    report: &Report,
    derived: &Derived,
    findings: &[Finding],
) -> rusqlite::Result<()> {
    // A Derived of another report would drop or misplace cells: refuse it (a bug of the
    // caller; the pipeline fails that file).
    assert_eq!(
        derived.placed_twice.len(),
        all_cells(report).count(),
        "save_as was given the Derived of another report"
    );
    let mut duplicates = Vec::new();
    let mut cells = Vec::with_capacity(derived.placed_twice.len());
    for ((no, c), &twice) in all_cells(report).zip(&derived.placed_twice) {
        if twice {
            duplicates.push((no, c));
        } else {
            cells.push((cell_key(tx, keys, no, c.row_key, c.col_key)?, c));
        }
    }
    INSERT_CELLS.run(tx, &cells, |(key, c)| {
        [
            ValueRef::Integer(report_id),
            ValueRef::Integer(*key),
            c.value.map_or(ValueRef::Null, ValueRef::Real),
            ValueRef::from(c.raw.as_str()),
            ValueRef::Integer(c.line as i64),
        ]
    })?;
    let mut figures = vec![Value::Integer(report_id)];
    figures.extend(derived.figures.iter().cloned());
    tx.prepare_cached(&INSERT_FIGURES)?
        .execute(params_from_iter(figures))?;

    INSERT_SECTIONS.run(tx, &report.sections, |s| {
        [
            ValueRef::Integer(report_id),
            ValueRef::from(s.key),
            ValueRef::Integer(s.ordinal as i64),
            ValueRef::from(s.heading.as_str()),
            ValueRef::from(s.body.as_str()),
            ValueRef::Integer(s.line as i64),
        ]
    })?;

    INSERT_ISSUES.run(tx, &report.issues_listed, |i| {
        [
            ValueRef::Integer(report_id),
            ValueRef::from(i.kind.key()),
            ValueRef::Integer(i.ordinal as i64),
            ValueRef::from(i.text.as_str()),
        ]
    })?;
    INSERT_FACTS.run(tx, &report.facts, |f| {
        [
            ValueRef::Integer(report_id),
            ValueRef::from(f.section),
            ValueRef::from(f.key),
            ValueRef::Real(f.value),
            ValueRef::from(f.unit),
            ValueRef::from(f.sentence.as_str()),
            ValueRef::Integer(f.line as i64),
        ]
    })?;
    for f in findings {
        insert_finding(tx, report_id, f)?;
    }
    // A cell placed twice keeps its first value; the second is kept as a warning.
    let mut warnings: Vec<(i64, Cow<str>)> = report
        .warnings
        .iter()
        .map(|w| (w.line as i64, Cow::Borrowed(w.message.as_str())))
        .collect();
    for (no, c) in duplicates {
        warnings.push((
            c.line as i64,
            Cow::Owned(format!(
                "table {no} cell {}/{} placed twice; kept the first, dropped {:?}",
                c.row_key, c.col_key, c.raw
            )),
        ));
    }
    INSERT_WARNINGS.run(tx, &warnings, |(line, message)| {
        [
            ValueRef::Integer(report_id),
            ValueRef::Integer(*line),
            ValueRef::from(message.as_ref()),
        ]
    })
}
pub(super) fn insert_finding(tx: &Connection, report_id: i64, f: &Finding) -> rusqlite::Result<()> {
    tx.prepare_cached(INSERT_FINDING)?.execute(params![
        report_id,
        f.rule,
        f.severity.key(),
        f.detail
    ])?;
    let finding_id = tx.last_insert_rowid();
    let mut stmt = tx.prepare_cached(INSERT_FINDING_CELL)?;
    for (ordinal, c) in f.cells.iter().enumerate() {
        stmt.execute(params![
            finding_id,
            ordinal as i64,
            c.year,
            c.table_no,
            c.row_key,
            c.col_key,
            c.label,
            c.value,
            c.line as i64
        ])?;
    }
    Ok(())
}

/// Deleting a report: its rows in every table that refers to it (schema.sql), a finding's
/// cells before the finding, the report last. The writer runs with foreign keys off (see
/// [`Store::open`]), so these, not ON DELETE CASCADE, remove them; a test holds them to the
/// schema's references.
const DELETE_REPORT: &[&str] = &[
    "DELETE FROM finding_cells WHERE finding_id IN \
     (SELECT id FROM check_findings WHERE report_id = ?1)",
    "DELETE FROM check_findings WHERE report_id = ?1",
    // The copies it is in: its partners' s.copied_text findings name it.
    "DELETE FROM check_findings WHERE rule = 's.copied_text' AND report_id IN \
     (SELECT other_report_id FROM copied_sections WHERE report_id = ?1 \
      UNION SELECT report_id FROM copied_sections WHERE other_report_id = ?1)",
    "DELETE FROM copied_sections WHERE report_id = ?1 OR other_report_id = ?1",
    "DELETE FROM cell_values WHERE report_id = ?1",
    "DELETE FROM sections WHERE report_id = ?1",
    "DELETE FROM issues_listed WHERE report_id = ?1",
    "DELETE FROM duplicate_sources WHERE report_id = ?1",
    "DELETE FROM warnings WHERE report_id = ?1",
    "DELETE FROM facts WHERE report_id = ?1",
    "DELETE FROM report_figures WHERE report_id = ?1",
    "DELETE FROM reports WHERE id = ?1",
];

/// Deleting an agency left without reports, its place first.
const DELETE_ORPHAN_AGENCY: &[&str] = &[
    "DELETE FROM agency_places WHERE agency_id = ?1 \
     AND NOT EXISTS (SELECT 1 FROM reports WHERE agency_id = ?1)",
    "DELETE FROM agencies WHERE id = ?1 \
     AND NOT EXISTS (SELECT 1 FROM reports WHERE agency_id = ?1)",
];

/// Deleting a report's cross-year findings, their cells first.
pub(super) const DELETE_CHAIN_FINDINGS: &[&str] = &[
    "DELETE FROM finding_cells WHERE finding_id IN \
     (SELECT id FROM check_findings WHERE report_id = ?1 AND rule LIKE 'x.%')",
    "DELETE FROM check_findings WHERE report_id = ?1 AND rule LIKE 'x.%'",
];

/// Runs each statement with `id` as ?1.
pub(super) fn delete(tx: &Connection, statements: &[&str], id: i64) -> rusqlite::Result<()> {
    for sql in statements {
        tx.prepare_cached(sql)?.execute([id])?;
    }
    Ok(())
}

/// Removes the report a file held before its content changed, when the new content is
/// not stored in its place (a conflict, or a duplicate of a report kept from another
/// file): with it go the cross-year findings it gave next year's report, and its agency
/// if it has no other report. `None` if there was none; else the other files recorded as
/// holding the same report (its duplicate sources, gone with it: their next ingest stores
/// the report from one of them).
fn drop_old(
    tx: &Connection,
    rules: Option<&CrossYear>,
    same_path: Option<Held>,
) -> rusqlite::Result<Option<Vec<String>>> {
    let Some((old_id, old_agency, old_year)) = same_path else {
        return Ok(None);
    };
    let duplicates = tx
        .prepare_cached("SELECT path FROM duplicate_sources WHERE report_id = ?1 ORDER BY path")?
        .query_map([old_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    delete(tx, DELETE_REPORT, old_id)?;
    chain::refresh(tx, rules, old_agency, old_year + 1)?;
    delete(tx, DELETE_ORPHAN_AGENCY, old_agency)?;
    Ok(Some(duplicates))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SCHEMA;

    /// Every reference of the schema, as (table, referenced table). The writer deletes by
    /// hand what ON DELETE CASCADE would: a new reference needs its deletion added to
    /// DELETE_REPORT, DELETE_ORPHAN_AGENCY or DELETE_CHAIN_FINDINGS, and then here.
    #[test]
    fn every_reference_is_deleted_by_hand() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        let references: Vec<(String, String)> = conn
            .prepare(
                "SELECT DISTINCT m.name, f.\"table\" FROM sqlite_master m, \
                 pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY 1, 2",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let deleted_from = |statements: &[&str]| -> Vec<String> {
            statements
                .iter()
                .map(|sql| sql.split_whitespace().nth(2).unwrap().to_string())
                .collect()
        };
        let report_rows = deleted_from(DELETE_REPORT);
        let agency_rows = deleted_from(DELETE_ORPHAN_AGENCY);
        let finding_rows = deleted_from(DELETE_CHAIN_FINDINGS);
        for (table, parent) in &references {
            let handled = match parent.as_str() {
                "reports" => report_rows.contains(table),
                "agencies" => agency_rows.contains(table) || table == "reports",
                "check_findings" => finding_rows.contains(table) && report_rows.contains(table),
                // Rows of fixed tables (the gazetteer, the cell keys) are never deleted.
                "regions" | "cell_keys" => true,
                other => panic!("{table} refers to {other}, which nianbao never expects"),
            };
            assert!(
                handled,
                "{table} refers to {parent}: delete its rows by hand"
            );
        }
        // A report's own rows go before the report, a finding's cells before the finding.
        assert_eq!(report_rows.last().map(String::as_str), Some("reports"));
        assert_eq!(report_rows[..2], ["finding_cells", "check_findings"]);
        assert_eq!(finding_rows, ["finding_cells", "check_findings"]);
        assert_eq!(agency_rows, ["agency_places", "agencies"]);
        assert_eq!(references.len(), 15, "{references:?}");
    }
}
