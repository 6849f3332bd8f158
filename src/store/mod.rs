//! The SQLite store: one database file with the schema of `schema.sql`, each report saved
//! whole or not at all (its own transaction, or a savepoint in a batch).
//!
//! The ingest pipeline writes through [`Store`] from a single thread; queries, exports and
//! checks read through [`open_read_only`]. One module a job:
//!
//! - `open`: connections and their settings (WAL, waiting for the write lock, read-only
//!   guards);
//! - `schema`: the schema version, read in one statement, and a fresh database's schema and
//!   fixed tables;
//! - `derived`: what a report's rows need that no database does (its `report_figures` row,
//!   its agency's place), worked out on the parser threads;
//! - `write`: saving a report and removing the one it replaces;
//! - `copies`: which of two files holding one report is kept;
//! - `chain`: the cross-year findings, recomputed when either report of a pair is saved,
//!   by rules the caller passes in ([`CrossYear`]): the store runs no check of its own;
//! - `read`: what the commands read back (counts, stored findings, content lookups).

use std::path::{Path, PathBuf};

use rusqlite::Connection;

mod chain;
mod copies;
mod derived;
mod open;
mod read;
mod schema;
mod write;

pub use chain::{CrossYear, YearRows, stored_year};
pub use derived::{Derived, figure_columns};
pub use open::open_read_only;
pub use read::{CheckedReport, content_stored, counts, for_each_checked};
pub use schema::{SCHEMA, SCHEMA_VERSION};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "database {} does not exist; run `nianbao ingest DIR --db {}` first (or pass the right --db / NIANBAO_DB)",
        path.display(), path.display()
    )]
    Missing { path: PathBuf },

    #[error(
        "cannot open database {}: {source}; check that the path is right, writable for ingest, and a SQLite file",
        path.display()
    )]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },

    #[error(
        "database {} has schema version {found}, newer than this nianbao understands ({supported}); upgrade nianbao or use another --db",
        path.display(), supported = SCHEMA_VERSION
    )]
    TooNew { path: PathBuf, found: i64 },

    #[error(
        "database {} has schema version {found}, from an older nianbao (this one writes {supported}); ingest the reports again into a new --db file",
        path.display(), supported = SCHEMA_VERSION
    )]
    TooOld { path: PathBuf, found: i64 },

    #[error(
        "{} is a SQLite database but not a nianbao one (it has tables and no nianbao schema version); choose another --db file",
        path.display()
    )]
    Foreign { path: PathBuf },

    #[error(
        "database {} is empty (no nianbao schema); run `nianbao ingest DIR --db {}` first",
        path.display(), path.display()
    )]
    Uninitialized { path: PathBuf },

    #[error(
        "database {} is full (no room left on its disk) while {what}; free some space or \
         choose another --db, then run the same ingest again: the reports stored so far are kept",
        path.display()
    )]
    Full { path: PathBuf, what: String },

    #[error(
        "cannot write database {} ({detail}): its file or folder is read-only or missing; \
         choose a writable place with --db",
        path.display()
    )]
    NotWritable { path: PathBuf, detail: String },

    #[error("database {}: {what} failed: {source}", path.display())]
    Sql {
        path: PathBuf,
        what: String,
        source: rusqlite::Error,
    },
}

/// What [`Store::save`] did with a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    /// A new report.
    Inserted,
    /// The file at this path changed: its old report was deleted and the new one stored.
    Replaced { old_path: String },
    /// A report with this content (sha256) is already stored: nothing written.
    Unchanged,
    /// The same agency and year is already stored from another file: not stored. When
    /// the file held another report before, that report is removed (the file no longer
    /// holds it): `old_dropped` lists the other files recorded as holding it too
    /// (duplicate sources, whose next ingest stores it).
    Conflict {
        other_path: String,
        old_dropped: Option<Vec<String>>,
    },
    /// The same report in another format, from `other_path`, was stored; this file places
    /// more of its tables (or, as many, in a richer format) and replaces it.
    Superseded { other_path: String, reason: String },
    /// The same report in another format is stored from `other_path` and is kept; this
    /// file is recorded as its duplicate source. A report it held before is removed, as
    /// for a conflict (`old_dropped`).
    KeptOther {
        other_path: String,
        reason: String,
        old_dropped: Option<Vec<String>>,
    },
}

/// Where a report came from.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub path: &'a str,
    pub sha256: &'a str,
}

/// Row counts of the main tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub reports: u64,
    pub agencies: u64,
    pub cells: u64,
    pub facts: u64,
    pub issues_listed: u64,
    pub findings: u64,
    pub warnings: u64,
}

/// The read-write store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The ids of `cell_keys` met so far.
    cell_keys: CellKeys,
    /// The cross-year rules run when a report is saved, if given.
    cross_year: Option<&'static CrossYear>,
    /// When the last batch was committed: the next waits out [`open::WRITER_PAUSE`].
    committed_at: Option<std::time::Instant>,
}

/// The number of each (table, row key, column key) in `cell_keys`. Looked up for every
/// cell in the writer: Fx, not SipHash (the keys are the vocabulary's, not an attacker's).
type CellKeys = rustc_hash::FxHashMap<(u8, &'static str, &'static str), i64>;

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

fn sql_err(path: &Path, what: impl Into<String>) -> impl FnOnce(rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    let what = what.into();
    move |source| write_error(path, what, source)
}

/// A write that fails for want of room or of permission is the database location's
/// fault, not the report's: it gets an error that says so and what to do.
fn write_error(path: PathBuf, what: String, source: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    match source.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => StoreError::Full { path, what },
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen) => StoreError::NotWritable {
            path,
            detail: source.to_string(),
        },
        _ => StoreError::Sql { path, what, source },
    }
}
