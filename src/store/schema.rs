//! The schema and its version: `schema.sql` applied to a fresh database with its fixed
//! tables (the gazetteer, the cell keys), and the one gate every connection passes, which
//! refuses a database of another version or of another program.

use std::path::Path;

use rusqlite::{Connection, params};

use super::open::begin_immediate;
use super::{StoreError, sql_err};
use crate::region;
use crate::terms;
use crate::vocab::{self, Template};

/// The schema, applied to a fresh database.
pub const SCHEMA: &str = include_str!("../../schema.sql");

/// The schema version this build writes and reads (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 9;

/// What a database is, by its schema version and whether it holds anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// The schema of this build.
    Current,
    /// Nothing in it yet: a new file, or one another process is creating.
    Fresh,
}

/// The database's [`State`], or the error that refuses it. The version and the count of
/// schema objects are read in one statement, so from one snapshot: read apart, a database
/// another process was creating meanwhile showed version 0 and then its tables, and was
/// called "not a nianbao one".
fn state(conn: &Connection, path: &Path) -> Result<State, StoreError> {
    let (version, objects): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), \
             (SELECT count(*) FROM sqlite_master)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
    let path = path.to_path_buf();
    match version {
        SCHEMA_VERSION => Ok(State::Current),
        v if v > SCHEMA_VERSION => Err(StoreError::TooNew { path, found: v }),
        v if v > 0 => Err(StoreError::TooOld { path, found: v }),
        _ if objects > 0 => Err(StoreError::Foreign { path }),
        _ => Ok(State::Fresh),
    }
}

/// A reader's gate: the database holds this build's schema.
pub(super) fn check(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    match state(conn, path)? {
        State::Current => Ok(()),
        State::Fresh => Err(StoreError::Uninitialized {
            path: path.to_path_buf(),
        }),
    }
}

/// The writer's gate: a fresh database gets the schema and its fixed tables, in one
/// transaction taken before the version is read again (two ingests creating one database:
/// the second waits, then finds the schema). A database with the schema is only read: its
/// writer may be another ingest, holding the lock for as long as a batch takes.
pub(super) fn ensure(
    conn: &Connection,
    path: &Path,
    on_wait: &mut dyn FnMut(std::time::Duration),
) -> Result<(), StoreError> {
    if state(conn, path)? == State::Current {
        return Ok(());
    }
    begin_immediate(conn, on_wait).map_err(|source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let created = (|| {
        if state(conn, path)? == State::Current {
            return Ok(());
        }
        conn.execute_batch(SCHEMA)
            .map_err(sql_err(path, "applying schema.sql"))?;
        load_regions(conn).map_err(sql_err(path, "loading the gazetteer of regions"))?;
        load_cell_keys(conn).map_err(sql_err(path, "numbering the cell keys"))?;
        load_vocabulary(conn).map_err(sql_err(path, "writing the vocabulary"))
    })();
    match created {
        Ok(()) => conn
            .execute_batch("COMMIT")
            .map_err(sql_err(path, "committing the schema")),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// The gazetteer of `region`, into the `regions` table of a fresh database.
fn load_regions(tx: &Connection) -> rusqlite::Result<()> {
    let mut stmt =
        tx.prepare("INSERT INTO regions (code, name, level, parent_code) VALUES (?1, ?2, ?3, ?4)")?;
    for r in region::Gazetteer::get().regions() {
        let parent = (!r.parent_code.is_empty()).then_some(r.parent_code);
        stmt.execute(params![r.code, r.name, r.level.key(), parent])?;
    }
    Ok(())
}

/// Every cell key of the templates' tables into `cell_keys` of a fresh database, numbered
/// in key order (so cells of a report list by table, row key and column key, as before they
/// were numbered).
fn load_cell_keys(tx: &Connection) -> rusqlite::Result<()> {
    let mut keys = std::collections::BTreeSet::new();
    for template in [Template::Y2019, Template::Y2021] {
        for no in 1..=3u8 {
            for row in vocab::table(no, template).rows {
                keys.extend(row.cols.iter().map(|col| (no, row.key, col.key)));
            }
        }
    }
    let mut stmt =
        tx.prepare("INSERT INTO cell_keys (table_no, row_key, col_key) VALUES (?1, ?2, ?3)")?;
    for (no, row, col) in keys {
        stmt.execute(params![no, row, col])?;
    }
    Ok(())
}

/// Every term of the vocabulary ([`terms::all`]) into `vocabulary` of a fresh database.
fn load_vocabulary(tx: &Connection) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO vocabulary (kind, key, table_no, row_key, col_key, label, description, \
         unit, templates, variants) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for t in terms::all() {
        stmt.execute(params![
            t.kind.key(),
            t.key,
            t.table_no,
            t.row_key,
            t.col_key,
            t.label,
            t.description,
            t.unit,
            t.templates.join(" "),
            t.variants.join(" "),
        ])?;
    }
    Ok(())
}
