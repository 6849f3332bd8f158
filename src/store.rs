//! The SQLite store: one database file, the schema of `schema.sql`, each report saved whole
//! or not at all (its own transaction, or a savepoint in a batch). The ingest pipeline writes through [`Store`] from a single thread; queries and
//! exports read through [`open_read_only`].

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{
    Connection, OpenFlags, OptionalExtension, TransactionBehavior, params, params_from_iter,
};

use crate::check::{self, CHAINED_ROWS, ChainRows, Finding, FindingCell, Severity};
use crate::model::{Cell, Report, Table, TableStatus};
use crate::read::Format;
use crate::region;
use crate::text;
use crate::vocab::{self, Template};

/// The schema, applied to a fresh database.
pub const SCHEMA: &str = include_str!("../schema.sql");

/// The schema version this build writes and reads (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 4;

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

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

/// Put the database in WAL mode. journal_mode answers with a row and cannot be set inside
/// a transaction; while another process creates the same database it may answer busy
/// without waiting on the busy timeout, so it is retried until that timeout.
fn set_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())) {
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return other,
        }
    }
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

const INSERT_REPORT: &str = "INSERT INTO reports (agency_id, year, title, template, source_path, \
     source_sha256, published_on, contact_address, contact_phone, contact_email, \
     contact_website, table1_status, table2_status, table3_status, table1_images, \
     table2_images, table3_images, source_format, ingested_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, \
     strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";
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
    "INSERT INTO section_spans (report_id, key, ordinal, heading, line, body_start, body_bytes)",
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

static INSERT_FIGURES: LazyLock<String> = LazyLock::new(|| {
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

/// What the store keeps of a report that needs no database: its sections' text compressed,
/// its `report_figures` row and its agency's place. The ingest pipeline works it out on the
/// parser threads, so that the one writer thread only writes (compressing alone was a
/// fifth of the writer's time).
#[derive(Debug, Clone)]
pub struct Derived {
    /// The sections' bodies joined, compressed ([`text::compress`]).
    text: Vec<u8>,
    figures: Vec<Value>,
    place: region::Place,
    /// For each cell of the report's tables in order: placed before (same table, row and
    /// column), so not stored but warned of.
    placed_twice: Vec<bool>,
}

impl Derived {
    pub fn of(report: &Report) -> Derived {
        let joined: String = report.sections.iter().map(|s| s.body.as_str()).collect();
        let placed_twice = placed_twice(report);
        Derived {
            text: text::compress(&joined),
            figures: figures(report, &placed_twice),
            place: region::place(&report.agency, report.contact.address.as_deref()),
            placed_twice,
        }
    }
}

/// The report's cells in order, with their table.
fn all_cells(report: &Report) -> impl Iterator<Item = (u8, &Cell)> {
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

impl Store {
    /// Opens (creating if needed) the database read-write: WAL, synchronous=NORMAL, a 5 s
    /// busy timeout, foreign keys off (see below); applies the schema to a fresh database.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open_err = |source: rusqlite::Error| match source.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen) => {
                write_error(path.to_path_buf(), "opening".to_string(), source)
            }
            _ => StoreError::Open {
                path: path.to_path_buf(),
                source,
            },
        };
        let conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        set_wal(&conn).map_err(open_err)?;
        // 64 MiB of page cache: the cells index is the hot path of a long ingest. Temporary
        // storage in memory: each report of a batch is a savepoint, whose sub-journal (the
        // pages it first changes, some 40) went to a temporary file, a fifth of the writer's
        // time in write calls. Foreign keys off: checking every cell's report and key made
        // inserting cells six times slower; the writer deletes a report's rows itself
        // (`DELETE_REPORT`), and the schema's REFERENCES stay as its documentation. The WAL
        // is copied into the database every 10,000 pages (40 MB), not SQLite's 1,000: the
        // last pages of every table and index change in every batch and were copied and
        // synced again at each checkpoint; on 100,000 reports, ingest took about 5% less
        // time (31.7 s against 33.6 s, medians of four alternating runs) and less system
        // time.
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -65536; \
             PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 10000;",
        )
        .map_err(open_err)?;
        // Some 40 statements, and a statement of each row count for each RowsInsert.
        conn.set_prepared_statement_cache_capacity(256);
        register_functions(&conn).map_err(open_err)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            cell_keys: CellKeys::default(),
        };
        store.ensure_schema()?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for reads (cross-year checks) by the pipeline.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn ensure_schema(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|source| StoreError::Open {
                path: path.clone(),
                source,
            })?;
        let version = user_version(&tx, &path)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path,
                found: version,
            });
        }
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        if version > 0 {
            return Err(StoreError::TooOld {
                path,
                found: version,
            });
        }
        let tables: i64 = tx
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(sql_err(&path, "reading the schema"))?;
        if tables > 0 {
            return Err(StoreError::Foreign { path });
        }
        tx.execute_batch(SCHEMA)
            .map_err(sql_err(&path, "applying schema.sql"))?;
        load_regions(&tx).map_err(sql_err(&path, "loading the gazetteer of regions"))?;
        load_cell_keys(&tx).map_err(sql_err(&path, "numbering the cell keys"))?;
        tx.commit().map_err(sql_err(&path, "committing the schema"))
    }

    /// Whether a report with this content is already stored (from this path or any other):
    /// the pipeline can skip parsing the file.
    pub fn is_unchanged(&self, source: &Source) -> Result<bool, StoreError> {
        content_stored(&self.conn, source.sha256)
            .map_err(sql_err(&self.path, "looking up a sha256"))
    }

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
        let result = if self.conn.is_autocommit() {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(err)?;
            match save_in(&tx, &mut keys, source, format, report, derived, findings) {
                Ok(outcome) if wrote(&outcome) => tx.commit().map(|()| outcome),
                other => other,
            }
        } else {
            // Inside a batch: the report is a savepoint, all its rows or none.
            let sp = self.conn.savepoint().map_err(err)?;
            match save_in(&sp, &mut keys, source, format, report, derived, findings) {
                Ok(outcome) if wrote(&outcome) => sp.commit().map(|()| outcome),
                other => other,
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
        if self.conn.is_autocommit() {
            self.conn
                .execute_batch("BEGIN IMMEDIATE")
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

    /// Row counts of the main tables.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        counts(&self.conn).map_err(sql_err(&self.path, "counting rows"))
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

fn user_version(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })
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

/// Which of two sources of the same report to keep: the one placing more numbers; on
/// a tie the richer format (tables as tables before tables as text). `Ok(reason)` keeps the
/// new one, `Err(reason)` the stored one.
fn keep_new(
    new: (Format, i64),
    old: (Format, i64),
    new_path: &str,
    old_path: &str,
) -> Result<String, String> {
    let ((nf, nc), (of, oc)) = (new, old);
    let counts = format!("{new_path} ({nf}) places {nc} numbers, {old_path} ({of}) {oc}");
    if nc != oc {
        let reason = format!("{counts}: the one placing more is kept");
        return if nc > oc { Ok(reason) } else { Err(reason) };
    }
    let reason = format!(
        "{counts}: a tie goes to the richer format ({})",
        [nf, of].iter().min().map_or("", |f| f.key())
    );
    if nf < of { Ok(reason) } else { Err(reason) }
}

/// A row of `duplicate_sources` without its report: path, sha256, format, reason.
type DuplicateSource = (String, String, String, String);

fn save_in(
    tx: &Connection,
    keys: &mut CellKeys,
    source: &Source,
    format: Option<Format>,
    report: &Report,
    derived: &Derived,
    findings: &[Finding],
) -> rusqlite::Result<SaveOutcome> {
    if content_stored(tx, source.sha256)? {
        return Ok(SaveOutcome::Unchanged);
    }
    let same_path: Option<(i64, i64, i32)> = tx
        .prepare_cached("SELECT id, agency_id, year FROM reports WHERE source_path = ?1")?
        .query_row([source.path], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let same_key: Option<(i64, String)> = tx
        .prepare_cached(
            "SELECT r.id, r.source_path FROM reports r JOIN agencies a ON a.id = r.agency_id \
             WHERE a.name = ?1 AND r.year = ?2",
        )?
        .query_row(params![report.agency, report.year], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    // The same report from another file: one of two formats is kept, else a conflict.
    let mut superseded: Option<(String, String, Vec<DuplicateSource>)> = None;
    if let Some((other_id, other_path)) = same_key
        && same_path.is_none_or(|(id, _, _)| id != other_id)
    {
        let (other_format, other_sha, other_cells): (Option<String>, String, i64) = tx
            .prepare_cached(
                "SELECT source_format, source_sha256, \
                 (SELECT count(*) FROM cell_values c \
                  WHERE c.report_id = r.id AND c.value IS NOT NULL) \
                 FROM reports r WHERE id = ?1",
            )?
            .query_row([other_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let other_format = other_format.as_deref().and_then(Format::from_key);
        let formats = (format, other_format);
        let (Some(new_format), Some(old_format)) = formats else {
            let old_dropped = drop_old(tx, same_path)?;
            return Ok(SaveOutcome::Conflict {
                other_path,
                old_dropped,
            });
        };
        if new_format == old_format {
            let old_dropped = drop_old(tx, same_path)?;
            return Ok(SaveOutcome::Conflict {
                other_path,
                old_dropped,
            });
        }
        // Numbers placed, not cells: a copy whose rows came out blank holds less.
        let cells = all_cells(report)
            .zip(&derived.placed_twice)
            .filter(|((_, c), twice)| c.value.is_some() && !**twice)
            .count() as i64;
        match keep_new(
            (new_format, cells),
            (old_format, other_cells),
            source.path,
            &other_path,
        ) {
            Err(reason) => {
                let old_dropped = drop_old(tx, same_path)?;
                tx.prepare_cached(INSERT_DUPLICATE)?.execute(params![
                    other_id,
                    source.path,
                    source.sha256,
                    new_format.key(),
                    reason
                ])?;
                return Ok(SaveOutcome::KeptOther {
                    other_path,
                    reason,
                    old_dropped,
                });
            }
            Ok(reason) => {
                // The stored report's own duplicates, and itself, become the new one's.
                let mut moved: Vec<DuplicateSource> = tx
                    .prepare_cached(
                        "SELECT path, sha256, format, reason FROM duplicate_sources WHERE report_id = ?1",
                    )?
                    .query_map([other_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                moved.push((
                    other_path.clone(),
                    other_sha,
                    old_format.key().to_string(),
                    reason.clone(),
                ));
                delete(tx, DELETE_REPORT, other_id)?;
                superseded = Some((other_path, reason, moved));
            }
        }
    }
    if let Some((old_id, _, _)) = same_path {
        delete(tx, DELETE_REPORT, old_id)?;
    }

    let new_agency = tx
        .prepare_cached("INSERT INTO agencies (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?
        .execute([&report.agency])?
        == 1;
    let agency_id: i64 = tx
        .prepare_cached("SELECT id FROM agencies WHERE name = ?1")?
        .query_row([&report.agency], |r| r.get(0))?;
    if new_agency {
        let place = &derived.place;
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

    let table = |no: u8| report.table(no);
    let status = |no: u8| table(no).map_or(TableStatus::Missing, |t| t.status).key();
    let images = |no: u8| {
        table(no)
            .filter(|t| !t.images.is_empty())
            .map(|t| t.images.join("\n"))
    };
    let report_id = {
        let mut stmt = tx.prepare_cached(INSERT_REPORT)?;
        stmt.execute(params![
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
            format.map(Format::key),
        ])?;
        tx.last_insert_rowid()
    };

    let mut duplicates = Vec::new();
    {
        // A Derived of another report would drop or misplace cells: refuse it (a bug of
        // the caller; the pipeline fails that file).
        assert_eq!(
            derived.placed_twice.len(),
            all_cells(report).count(),
            "save_as was given the Derived of another report"
        );
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
    }
    {
        let mut values = vec![Value::Integer(report_id)];
        values.extend(derived.figures.iter().cloned());
        tx.prepare_cached(&INSERT_FIGURES)?
            .execute(params_from_iter(values))?;
    }
    {
        // The bodies joined into one text, compressed once (one frame a report, and a
        // section's phrases may repeat another's): each section is a span of it.
        let mut spans = Vec::with_capacity(report.sections.len());
        let mut body_start = 0;
        for s in &report.sections {
            spans.push((s, body_start as i64, s.body.len() as i64));
            body_start += s.body.len();
        }
        INSERT_SECTIONS.run(tx, &spans, |(s, start, bytes)| {
            [
                ValueRef::Integer(report_id),
                ValueRef::from(s.key),
                ValueRef::Integer(s.ordinal as i64),
                ValueRef::from(s.heading.as_str()),
                ValueRef::Integer(s.line as i64),
                ValueRef::Integer(*start),
                ValueRef::Integer(*bytes),
            ]
        })?;
        tx.prepare_cached("INSERT INTO report_texts (report_id, compressed) VALUES (?1, ?2)")?
            .execute(params![report_id, derived.text])?;
    }
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
    {
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
        })?;
    }

    // The cross-year findings of the pairs this report is in: (N−1, N) on this report,
    // (N, N+1) on next year's; and, when the file held another agency or year before,
    // the pair its old report left behind.
    refresh_chain(tx, agency_id, report.year)?;
    refresh_chain(tx, agency_id, report.year + 1)?;
    if let Some((_, old_agency, old_year)) = same_path
        && (old_agency, old_year) != (agency_id, report.year)
    {
        refresh_chain(tx, old_agency, old_year + 1)?;
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

fn insert_finding(tx: &Connection, report_id: i64, f: &Finding) -> rusqlite::Result<()> {
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

/// The id of the agency's report for `year`, if stored.
fn report_of(conn: &Connection, agency_id: i64, year: i32) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM reports WHERE agency_id = ?1 AND year = ?2")?
        .query_row(params![agency_id, year], |r| r.get(0))
        .optional()
}

/// Deleting a report: its rows in every table that refers to it (schema.sql), a finding's
/// cells before the finding, the report last. The writer runs with foreign keys off (see
/// [`Store::open`]), so these, not ON DELETE CASCADE, remove them; a test holds them to the
/// schema's references.
const DELETE_REPORT: &[&str] = &[
    "DELETE FROM finding_cells WHERE finding_id IN \
     (SELECT id FROM check_findings WHERE report_id = ?1)",
    "DELETE FROM check_findings WHERE report_id = ?1",
    "DELETE FROM cell_values WHERE report_id = ?1",
    "DELETE FROM section_spans WHERE report_id = ?1",
    "DELETE FROM report_texts WHERE report_id = ?1",
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
const DELETE_CHAIN_FINDINGS: &[&str] = &[
    "DELETE FROM finding_cells WHERE finding_id IN \
     (SELECT id FROM check_findings WHERE report_id = ?1 AND rule LIKE 'x.%')",
    "DELETE FROM check_findings WHERE report_id = ?1 AND rule LIKE 'x.%'",
];

/// Runs each statement with `id` as ?1.
fn delete(tx: &Connection, statements: &[&str], id: i64) -> rusqlite::Result<()> {
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
    same_path: Option<(i64, i64, i32)>,
) -> rusqlite::Result<Option<Vec<String>>> {
    let Some((old_id, old_agency, old_year)) = same_path else {
        return Ok(None);
    };
    let duplicates = tx
        .prepare_cached("SELECT path FROM duplicate_sources WHERE report_id = ?1 ORDER BY path")?
        .query_map([old_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    delete(tx, DELETE_REPORT, old_id)?;
    refresh_chain(tx, old_agency, old_year + 1)?;
    delete(tx, DELETE_ORPHAN_AGENCY, old_agency)?;
    Ok(Some(duplicates))
}

/// Recomputes the cross-year findings of the agency's report for `year` against its
/// report for `year - 1`: they belong to the later report of the pair.
fn refresh_chain(tx: &Connection, agency_id: i64, year: i32) -> rusqlite::Result<()> {
    let Some(cur_id) = report_of(tx, agency_id, year)? else {
        return Ok(());
    };
    delete(tx, DELETE_CHAIN_FINDINGS, cur_id)?;
    let Some(prev_id) = report_of(tx, agency_id, year - 1)? else {
        return Ok(());
    };
    let (prev, cur) = (chain_rows(tx, prev_id)?, chain_rows(tx, cur_id)?);
    for f in check::check_chain(&prev, &cur) {
        insert_finding(tx, cur_id, &f)?;
    }
    Ok(())
}

/// A text column read back as a key of the vocabulary.
fn vocab_key(
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

/// The rows of a stored report that the cross-year rules compare.
pub fn chain_rows(conn: &Connection, report_id: i64) -> rusqlite::Result<ChainRows> {
    let (year, template, statuses): (i32, String, [String; 2]) = conn
        .prepare_cached(
            "SELECT year, template, table1_status, table2_status FROM reports WHERE id = ?1",
        )?
        .query_row([report_id], |r| {
            Ok((r.get(0)?, r.get(1)?, [r.get(2)?, r.get(3)?]))
        })?;
    let template = Template::from_key(&template).unwrap_or(Template::for_year(year));
    let mut tables: Vec<Table> = Vec::with_capacity(2);
    let mut stmt = conn.prepare_cached(
        "SELECT col_key, value, raw, line FROM table_cells \
         WHERE report_id = ?1 AND table_no = ?2 AND row_key = ?3",
    )?;
    for (no, status) in [1u8, 2].into_iter().zip(&statuses) {
        let status = match status.as_str() {
            "data" => TableStatus::Data,
            "partial" => TableStatus::Partial,
            _ => continue,
        };
        let mut cells = Vec::new();
        for (_, row_key) in CHAINED_ROWS.iter().filter(|(t, _)| *t == no) {
            let mut rows = stmt.query(params![report_id, no, row_key])?;
            while let Some(r) = rows.next()? {
                cells.push(Cell {
                    row_key,
                    col_key: vocab_key(0, r.get(0)?, |k| vocab::col_key(no, k))?,
                    value: r.get(1)?,
                    raw: r.get(2)?,
                    line: r.get::<_, i64>(3)? as usize,
                });
            }
        }
        tables.push(Table {
            no,
            status,
            images: Vec::new(),
            cells,
        });
    }
    Ok(ChainRows::new(year, template, &tables))
}

/// The rows the cross-year rules compare of the agency's stored report for `year`, if
/// there is one: what a report being checked chains to.
pub fn stored_chain_rows(
    conn: &Connection,
    agency: &str,
    year: i32,
) -> rusqlite::Result<Option<ChainRows>> {
    let id: Option<i64> = conn
        .prepare_cached(
            "SELECT r.id FROM reports r JOIN agencies a ON a.id = r.agency_id \
             WHERE a.name = ?1 AND r.year = ?2",
        )?
        .query_row(params![agency, year], |r| r.get(0))
        .optional()?;
    id.map(|id| chain_rows(conn, id)).transpose()
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
        check::in_rule_order(&mut checked.findings);
        each(checked)?;
    }
    Ok(())
}

/// Opens the database read-only for queries and exports. A missing file is an error that
/// says to run `nianbao ingest` first; so is a database without the nianbao schema.
pub fn open_read_only(path: &Path) -> Result<Connection, StoreError> {
    if !path.exists() {
        return Err(StoreError::Missing {
            path: path.to_path_buf(),
        });
    }
    let open_err = |source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(open_err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
    conn.execute_batch("PRAGMA query_only = ON")
        .map_err(open_err)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)
        .map_err(open_err)?;
    disable_extension_loading(&conn).map_err(open_err)?;
    register_functions(&conn).map_err(open_err)?;
    let version = user_version(&conn, path)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
        });
    }
    if (1..SCHEMA_VERSION).contains(&version) {
        return Err(StoreError::TooOld {
            path: path.to_path_buf(),
            found: version,
        });
    }
    if version < SCHEMA_VERSION {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(open_err)?;
        return Err(if tables > 0 {
            StoreError::Foreign {
                path: path.to_path_buf(),
            }
        } else {
            StoreError::Uninitialized {
                path: path.to_path_buf(),
            }
        });
    }
    Ok(conn)
}

/// The SQL functions the schema's views call, on a connection to a nianbao database:
/// `nianbao_text(compressed, start, bytes)`, the `bytes` bytes from `start` of a report's
/// stored text (the view `sections`).
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "nianbao_text",
        3,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let fail = |why: String| rusqlite::Error::UserFunctionError(why.into());
            let compressed = ctx.get_raw(0).as_blob().map_err(|e| fail(e.to_string()))?;
            let (start, bytes) = (ctx.get::<i64>(1)?, ctx.get::<i64>(2)?);
            let text = text::decompress(compressed).map_err(fail)?;
            usize::try_from(start)
                .ok()
                .zip(usize::try_from(bytes).ok())
                .and_then(|(start, bytes)| text.get(start..start.checked_add(bytes)?))
                .map(str::to_string)
                .ok_or_else(|| fail(format!("no text at bytes {start}+{bytes} of a report")))
        },
    )
}

/// Turns off extension loading, both the C API and the SQL function `load_extension()`.
fn disable_extension_loading(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::ffi;
    let mut now: std::os::raw::c_int = 1;
    // SAFETY: the handle is valid for the life of `conn`, used on this thread only, and
    // SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION takes (int, int*) as passed.
    let rc = unsafe {
        ffi::sqlite3_db_config(
            conn.handle(),
            ffi::SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION,
            0 as std::os::raw::c_int,
            &mut now as *mut std::os::raw::c_int,
        )
    };
    if rc != ffi::SQLITE_OK || now != 0 {
        return Err(rusqlite::Error::SqliteFailure(
            ffi::Error::new(rc),
            Some("cannot disable extension loading".to_string()),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
