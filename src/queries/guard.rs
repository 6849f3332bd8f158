//! What a reading command may run, judged by what SQLite will execute.
//!
//! [`ReadOnly`] is the store opened read-only (`store::open_read_only`: query_only,
//! defensive mode, no extension loading) that leaves the folder as it found it: SQLite
//! makes a WAL database's `-wal` and `-shm` files for any reader and a read-only
//! connection cannot remove them, so when they were not there before, a read-write
//! connection that only reads is opened and closed after the work, and SQLite's own close
//! removes them when no other connection (an ingest) still uses the database.
//!
//! [`prepare_read_only`] prepares exactly one statement with an authorizer installed: it
//! sees every ATTACH, DETACH, PRAGMA and function
//! call SQLite would execute, wherever they sit in the text, and refuses all but pragmas
//! that read and functions that compute. A statement that would write is refused as well.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::{Connection, OpenFlags, Statement};

use super::QueryError;
use crate::store::{self, StoreError};

/// Pragmas that only read, without an argument.
const READ_ONLY_PRAGMAS: &[&str] = &[
    "application_id",
    "collation_list",
    "compile_options",
    "data_version",
    "database_list",
    "encoding",
    "foreign_keys",
    "freelist_count",
    "function_list",
    "journal_mode",
    "module_list",
    "page_count",
    "page_size",
    "pragma_list",
    "schema_version",
    "table_list",
    "user_version",
];

/// Pragmas that only read whose argument says what to read (a table, an index, a limit).
const READ_ONLY_PRAGMAS_WITH_ARGUMENT: &[&str] = &[
    "foreign_key_check",
    "foreign_key_list",
    "index_info",
    "index_list",
    "index_xinfo",
    "integrity_check",
    "quick_check",
    "table_info",
    "table_list",
    "table_xinfo",
];

/// Functions no reading command calls: loading code, or registering a tokenizer by pointer.
const REFUSED_FUNCTIONS: &[&str] = &["load_extension", "fts3_tokenizer"];

/// Why the authorizer refuses `action`, if it does.
fn refusal(action: &AuthAction<'_>) -> Option<String> {
    match action {
        AuthAction::Attach { filename } => Some(format!(
            "ATTACH ('{filename}') is refused: reading commands work on their own database only"
        )),
        AuthAction::Detach { database_name } => Some(format!(
            "DETACH {database_name} is refused: reading commands work on their own database only"
        )),
        AuthAction::Pragma {
            pragma_name,
            pragma_value,
        } => {
            let name = pragma_name.to_ascii_lowercase();
            let reads = match pragma_value {
                None => {
                    READ_ONLY_PRAGMAS.contains(&name.as_str())
                        || READ_ONLY_PRAGMAS_WITH_ARGUMENT.contains(&name.as_str())
                }
                Some(_) => READ_ONLY_PRAGMAS_WITH_ARGUMENT.contains(&name.as_str()),
            };
            (!reads).then(|| {
                let shown = match pragma_value {
                    Some(v) => format!("PRAGMA {name} = {v}"),
                    None => format!("PRAGMA {name}"),
                };
                format!(
                    "{shown} is refused: only pragmas that read may run ({}, and {} with their argument); or use SELECT * FROM pragma_table_info('cells')",
                    READ_ONLY_PRAGMAS.join(", "),
                    READ_ONLY_PRAGMAS_WITH_ARGUMENT.join(", ")
                )
            })
        }
        AuthAction::Function { function_name } => {
            let name = function_name.to_ascii_lowercase();
            REFUSED_FUNCTIONS
                .contains(&name.as_str())
                .then(|| format!("the function {name}() is refused: reading commands only read"))
        }
        _ => None,
    }
}

/// Installs the authorizer on `conn`; the first refusal's reason is kept in the returned
/// slot.
fn authorize(conn: &Connection) -> Arc<Mutex<Option<String>>> {
    let refused: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let slot = Arc::clone(&refused);
    conn.authorizer(Some(move |ctx: AuthContext<'_>| {
        match refusal(&ctx.action) {
            Some(why) => {
                let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
                slot.get_or_insert(why);
                Authorization::Deny
            }
            None => Authorization::Allow,
        }
    }));
    refused
}

/// Prepares exactly one statement and refuses it unless it only reads.
pub fn prepare_read_only<'c>(conn: &'c Connection, sql: &str) -> Result<Statement<'c>, QueryError> {
    let refused = authorize(conn);
    let stmt = conn.prepare(sql);
    let why = refused.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(why) = why {
        return Err(QueryError::Refused(why));
    }
    let stmt = stmt.map_err(|e| match e {
        rusqlite::Error::MultipleStatement => QueryError::Several,
        e => QueryError::Sql(e),
    })?;
    if is_empty(sql) {
        return Err(QueryError::Empty);
    }
    if !stmt.readonly() {
        return Err(QueryError::Writes);
    }
    Ok(stmt)
}

/// Whether `sql` holds no statement: only whitespace, comments and semicolons (SQLite
/// then prepares nothing).
fn is_empty(mut sql: &str) -> bool {
    loop {
        sql = sql.trim_start_matches(|c: char| c.is_whitespace() || c == ';');
        if let Some(rest) = sql.strip_prefix("--") {
            sql = rest.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(rest) = sql.strip_prefix("/*") {
            sql = rest.split_once("*/").map_or("", |(_, after)| after);
        } else {
            return sql.is_empty();
        }
    }
}

/// The store opened read-only for a reading command; dropping it leaves no `-wal` or
/// `-shm` file that was not there before.
pub struct ReadOnly {
    conn: Option<Connection>,
    /// The database, when its `-wal` and `-shm` files were absent at opening.
    tidy: Option<PathBuf>,
}

impl ReadOnly {
    pub fn open(path: &Path) -> Result<ReadOnly, StoreError> {
        let absent = !sidecar(path, "-wal").exists() && !sidecar(path, "-shm").exists();
        let conn = store::open_read_only(path)?;
        Ok(ReadOnly {
            conn: Some(conn),
            tidy: absent.then(|| path.to_path_buf()),
        })
    }

    pub fn connection(&self) -> &Connection {
        self.conn.as_ref().expect("the connection lives until drop")
    }
}

impl std::ops::Deref for ReadOnly {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.connection()
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        drop(self.conn.take());
        let Some(path) = self.tidy.take() else {
            return;
        };
        if !sidecar(&path, "-wal").exists() && !sidecar(&path, "-shm").exists() {
            return;
        }
        // SQLite removes a WAL database's -wal and -shm when the last connection that can
        // write closes; it takes the database's exclusive lock first, so a running ingest
        // keeps its files. A database the user may not write keeps them.
        if let Ok(conn) = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ) {
            let _ = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            });
            let _ = conn.close();
        }
    }
}

/// `db-wal`, `db-shm`: the files SQLite keeps beside a WAL database.
pub fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        drop(store::Store::open(&path).unwrap());
        (dir, path)
    }

    fn err(conn: &Connection, sql: &str) -> String {
        prepare_read_only(conn, sql).unwrap_err().to_string()
    }

    #[test]
    fn refuses_what_sqlite_would_execute_wherever_it_sits() {
        let (_dir, path) = stored();
        let db = ReadOnly::open(&path).unwrap();
        for sql in [
            "ATTACH 'x.db' AS x",
            "; ATTACH 'x.db' AS y",
            ";;\n -- c\n ATTACH 'x.db' AS y",
            "/* c */ attach database ':memory:' as m",
        ] {
            assert!(
                err(&db, sql).starts_with("refused: ATTACH"),
                "{sql}: {}",
                err(&db, sql)
            );
        }
        // VACUUM INTO attaches its file when it runs; prepared, it is a statement that writes.
        for sql in ["vacuum into 'copy.db'", "; VACUUM INTO 'copy.db'", "VACUUM"] {
            assert!(
                err(&db, sql).starts_with("refused: "),
                "{sql}: {}",
                err(&db, sql)
            );
        }
        assert!(err(&db, "DETACH main").starts_with("refused: DETACH"));
        for sql in [
            "PRAGMA user_version = 5",
            "; PRAGMA query_only=0",
            "PRAGMA main.user_version=5",
            "PRAGMA journal_mode = DELETE",
            "PRAGMA optimize",
        ] {
            assert!(
                err(&db, sql).starts_with("refused: PRAGMA"),
                "{sql}: {}",
                err(&db, sql)
            );
        }
        assert!(
            err(&db, "SELECT load_extension('/nonexistent')")
                .starts_with("refused: the function load_extension()")
        );
        assert!(!sidecar(&path, "x.db").exists());
        assert!(!path.with_file_name("copy.db").exists());
        assert!(!path.with_file_name("x.db").exists());
        for sql in [
            "PRAGMA user_version",
            "pragma main.table_info('cells')",
            "SELECT name FROM pragma_table_info('reports')",
            "SELECT 1",
            "WITH x AS (SELECT 1) SELECT * FROM x",
            "SELECT count(*) FROM cells;",
            "EXPLAIN QUERY PLAN SELECT * FROM reports",
        ] {
            assert!(prepare_read_only(&db, sql).is_ok(), "{sql}");
        }
    }

    #[test]
    fn refuses_writes_several_statements_and_nothing() {
        let (_dir, path) = stored();
        let db = ReadOnly::open(&path).unwrap();
        assert!(err(&db, "DELETE FROM reports").starts_with("refused: the statement would change"));
        assert!(err(&db, "CREATE TABLE t (x)").starts_with("refused:"));
        assert!(err(&db, "SELECT 1; SELECT 2").starts_with("only one statement"));
        assert!(err(&db, "  ").starts_with("the SQL is empty"));
        assert!(err(&db, " ; -- nothing\n;").starts_with("the SQL is empty"));
    }

    #[test]
    fn reading_leaves_no_wal_or_shm_behind() {
        let (_dir, path) = stored();
        assert!(!sidecar(&path, "-wal").exists());
        {
            let db = ReadOnly::open(&path).unwrap();
            let n: i64 = db
                .query_row("SELECT count(*) FROM reports", [], |r| r.get(0))
                .unwrap();
            assert_eq!(n, 0);
            assert!(sidecar(&path, "-shm").exists(), "SQLite makes them to read");
        }
        assert!(!sidecar(&path, "-wal").exists());
        assert!(!sidecar(&path, "-shm").exists());

        // While a writer holds the database, its files stay.
        let writer = store::Store::open(&path).unwrap();
        writer
            .connection()
            .query_row("SELECT count(*) FROM reports", [], |r| r.get::<_, i64>(0))
            .unwrap();
        assert!(sidecar(&path, "-wal").exists());
        drop(ReadOnly::open(&path).unwrap());
        assert!(sidecar(&path, "-wal").exists());
        drop(writer);
    }
}
