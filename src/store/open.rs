//! Connections: the writer's (WAL, the page cache and pragmas of a long ingest, and a wait
//! for the write lock that never gives up) and the readers' (read-only, defensive, no
//! extensions, a busy timeout). Both are refused a database of another schema version
//! ([`super::schema`]).

use std::path::Path;
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use super::schema;
use super::{CellKeys, Store, StoreError, write_error};

/// How long a reader waits for another connection's lock before it gives up (in WAL mode a
/// reader waits only while a writer recovers or resets the log).
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How often a writer waiting for the write lock tries again: often enough that a writer
/// taking turns with another gets the lock in the pause the other leaves between batches
/// ([`WRITER_PAUSE`]).
const WRITE_LOCK_POLL: Duration = Duration::from_millis(2);

/// A writer's tries between two reports of its wait ([`begin_immediate`]): about a second.
const WRITE_LOCK_TRIES: i32 = 500;

/// The pause a writer leaves after committing a batch, so that another writer waiting for
/// the lock (polling every [`WRITE_LOCK_POLL`]) takes its turn instead of waiting for the
/// whole of this one's run.
pub(super) const WRITER_PAUSE: Duration = Duration::from_millis(6);

/// The writer's busy handler: tries again every [`WRITE_LOCK_POLL`], giving up after
/// [`WRITE_LOCK_TRIES`] so that [`begin_immediate`] can say how long it has waited.
fn writer_busy(tries: i32) -> bool {
    std::thread::sleep(WRITE_LOCK_POLL);
    tries < WRITE_LOCK_TRIES
}

/// `BEGIN IMMEDIATE`, waiting for the write lock however long another writer (another
/// ingest) holds it: after each second or so of waiting, `on_wait` is told how long so
/// far. Waiting is the only way to store the reports: a writer that gave up after a
/// timeout lost its run when another ingest held the database longer.
pub(super) fn begin_immediate(
    conn: &Connection,
    on_wait: &mut dyn FnMut(Duration),
) -> rusqlite::Result<()> {
    let started = std::time::Instant::now();
    loop {
        match conn.execute_batch("BEGIN IMMEDIATE") {
            Err(e) if is_busy(&e) => on_wait(started.elapsed()),
            other => return other,
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Put the database in WAL mode. journal_mode answers with a row and cannot be set inside
/// a transaction; while another process creates the same database it may answer busy
/// without waiting on the busy timeout, so it is retried until that timeout.
fn set_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())) {
            Err(e) if is_busy(&e) && std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

impl Store {
    /// Opens (creating if needed) the database read-write: WAL, synchronous=NORMAL, foreign
    /// keys off (see below); applies the schema to a fresh database. Waits however long
    /// another writer holds the database (see [`Store::open_waiting`]).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_waiting(path, &mut |_| {})
    }

    /// [`Store::open`], telling `on_wait` how long it has waited so far, about once a
    /// second, while another writer holds the lock that creating the schema needs.
    pub fn open_waiting(
        path: &Path,
        on_wait: &mut dyn FnMut(Duration),
    ) -> Result<Store, StoreError> {
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
        conn.busy_handler(Some(writer_busy)).map_err(open_err)?;
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
        let store = Store {
            conn,
            path: path.to_path_buf(),
            cell_keys: CellKeys::default(),
            cross_year: None,
            committed_at: None,
        };
        schema::ensure(&store.conn, &store.path, on_wait)?;
        Ok(store)
    }

    /// The store, running `rules` on each pair of an agency's consecutive years whenever
    /// either report of the pair is saved (the pipeline passes the checks' cross-year
    /// rules). Without them the store saves the findings it is given and no others.
    pub fn with_cross_year(mut self, rules: &'static super::CrossYear) -> Store {
        self.cross_year = Some(rules);
        self
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for reads (cross-year checks) by the pipeline.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
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
    schema::check(&conn, path)?;
    Ok(conn)
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
