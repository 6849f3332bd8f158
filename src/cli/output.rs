//! The output options every reading command shares (`--format`, `--output`, `--bom`,
//! `--headers`), and where the rows go.
//!
//! A file is written to a temporary file beside it, renamed into place when complete: an
//! interrupted or failed command leaves the old file (or none), never half of one. An
//! `--output` that is the database the command reads, or its `-wal` or `-shm` file (the
//! same file, whatever the path says), is refused before anything is opened. A closed pipe
//! (`nianbao … | head`) ends the output quietly.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rusqlite::Statement;

pub use nianbao::tabular::{Dest, Format, RowWriter, Value, WriteError};

/// Column headers: as stored, or in Chinese.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Headers {
    /// The column names as stored (agency, natural_person, …).
    Keys,
    /// The template's Chinese labels (机关, 自然人, …); a column without one keeps its name.
    Zh,
}

/// How a reading command writes its rows.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Output format [default: the extension of --output; else table on a terminal and csv
    /// otherwise (check: table)].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,

    /// Write to FILE instead of stdout; its extension (.csv .tsv .json .jsonl .xlsx .md)
    /// chooses the format unless --format does. Written whole or not at all.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Start CSV and TSV with a UTF-8 byte order mark, so that Excel and WPS read the Chinese
    /// text correctly.
    #[arg(long)]
    pub bom: bool,

    /// Column headers: keys (as stored) or zh (the template's Chinese labels).
    #[arg(long, value_enum, value_name = "keys|zh", default_value_t = Headers::Keys)]
    pub headers: Headers,
}

/// A command's format when neither --format nor --output's extension says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// A table on a terminal, CSV otherwise.
    TableOnTerminal,
    /// Always this format.
    Always(Format),
}

/// Where and how to write, resolved from [`OutputArgs`].
#[derive(Debug, Clone)]
pub struct Target {
    pub format: Format,
    /// A file instead of stdout.
    pub output: Option<PathBuf>,
    /// Write a UTF-8 byte order mark first (CSV and TSV).
    pub bom: bool,
    pub headers: Headers,
    /// The sheet's name in xlsx.
    pub sheet: String,
}

impl OutputArgs {
    /// The target of a command that reads `db` (if any) and names its xlsx sheet `sheet`.
    /// Refuses an output that is the database or one of its files, `--bom` on a format that
    /// is not CSV or TSV, and xlsx to stdout.
    pub fn target(&self, fallback: Fallback, sheet: &str, db: Option<&Path>) -> Result<Target> {
        let format = self
            .format
            .or_else(|| self.output.as_deref().and_then(Format::from_extension))
            .unwrap_or(match fallback {
                Fallback::Always(f) => f,
                Fallback::TableOnTerminal => {
                    if self.output.is_none() && io::stdout().is_terminal() {
                        Format::Table
                    } else {
                        Format::Csv
                    }
                }
            });
        if self.bom && !matches!(format, Format::Csv | Format::Tsv) {
            bail!(
                "--bom is for CSV and TSV, not {}; leave it out, or add --format csv",
                format.name()
            );
        }
        if format == Format::Xlsx && self.output.is_none() {
            bail!("xlsx is written to a file: give --output FILE.xlsx");
        }
        if let (Some(output), Some(db)) = (&self.output, db) {
            refuse_database(output, db)?;
        }
        Ok(Target {
            format,
            output: self.output.clone(),
            bom: self.bom,
            headers: self.headers,
            sheet: sheet.to_string(),
        })
    }
}

impl Target {
    /// The headers to write for `columns`.
    pub fn headers(&self, columns: &[String]) -> Vec<String> {
        match self.headers {
            Headers::Keys => columns.to_vec(),
            Headers::Zh => nianbao::labels::headers(columns),
        }
    }

    /// Whether the rows go to a terminal.
    pub fn terminal(&self) -> bool {
        self.output.is_none() && io::stdout().is_terminal()
    }

    fn options(&self) -> nianbao::tabular::Options {
        nianbao::tabular::Options {
            terminal: self.terminal(),
            sheet: self.sheet.clone(),
        }
    }
}

/// Refuses an `output` that is the database `db` or its `-wal` or `-shm` file: writing it
/// would destroy what the command reads.
pub fn refuse_database(output: &Path, db: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let file = nianbao::queries::guard::sidecar(db, suffix);
        if same_file(output, &file) {
            let what = if suffix.is_empty() {
                "the database".to_string()
            } else {
                format!("the database's {suffix} file")
            };
            bail!(
                "--output {} is {what} {} that this command reads; writing it would destroy the database: choose another file",
                output.display(),
                db.display()
            );
        }
    }
    Ok(())
}

/// Whether `a` and `b` name one file: the same file on disk (links included), or, for a
/// file not yet there, the same place once the folders are resolved.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
    }
    match (resolved(a), resolved(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// `path` with its folder resolved (links, `..`), whether or not the file exists.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some(parent.canonicalize().ok()?.join(name))
}

/// Runs a prepared statement whose parameters are already bound, and writes every row.
/// Returns the number of rows written.
pub fn write_statement(stmt: &mut Statement<'_>, target: &Target) -> Result<u64> {
    let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let width = columns.len();
    let mut rows = stmt.raw_query();
    let mut next = || -> Result<Option<Vec<Value>>> {
        match rows.next().context("running the query")? {
            Some(row) => Ok(Some(
                (0..width)
                    .map(|i| row.get_ref(i).map(Value::from_ref))
                    .collect::<rusqlite::Result<_>>()
                    .context("reading a row")?,
            )),
            None => Ok(None),
        }
    };
    write_rows(&columns, &mut next, target)
}

/// Yields the next row to write, `None` after the last.
pub type NextRow<'a> = dyn FnMut() -> Result<Option<Vec<Value>>> + 'a;

/// Writes the rows `next` yields under `columns`. Returns the number of rows written.
pub fn write_rows(columns: &[String], next: &mut NextRow<'_>, target: &Target) -> Result<u64> {
    let headers = target.headers(columns);
    write_to(target, &mut |dest| {
        let mut w = RowWriter::new(&headers, target.format, dest, &target.options())?;
        while let Some(row) = next()? {
            w.row(&row)?;
        }
        Ok(w.finish()?)
    })
}

/// Runs `write` on the target's destination (after the BOM, when asked): stdout, or a
/// temporary file beside `--output` renamed into place once `write` succeeds. Says where a
/// write failed; a closed pipe is not an error.
pub fn write_to(target: &Target, write: &mut dyn FnMut(Dest<'_>) -> Result<u64>) -> Result<u64> {
    let Some(path) = &target.output else {
        let mut out = BufWriter::new(io::stdout().lock());
        let written = (|| -> Result<u64> {
            if target.bom {
                out.write_all(b"\xEF\xBB\xBF")?;
            }
            let n = write(Dest::Stream(&mut out))?;
            out.flush()?;
            Ok(n)
        })();
        return match written {
            // `nianbao … | head`: the reader has what it wanted.
            Err(e) if is_broken_pipe(&e) => Ok(0),
            Err(e) if e.chain().any(|c| c.is::<rusqlite::Error>()) => Err(e),
            Err(e) => Err(e.context("writing to stdout")),
            ok => ok,
        };
    };
    write_file(path, &mut |file| {
        if target.bom {
            file.write_all(b"\xEF\xBB\xBF")?;
        }
        write(Dest::File(file))
    })
}

/// Runs `write` on a temporary file beside `path` and renames it into place once `write`
/// succeeds: `path` is written whole or not at all. Says where a write failed.
pub fn write_file(
    path: &Path,
    write: &mut dyn FnMut(&mut std::fs::File) -> Result<u64>,
) -> Result<u64> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = new_temp_file(dir).with_context(|| {
        format!(
            "cannot create output file {}; check the folder exists and is writable",
            path.display()
        )
    })?;
    let n = match write(temp.as_file_mut()) {
        Ok(n) => n,
        // The query failed while running: the error says so already. The temporary file
        // goes with `temp`.
        Err(e) if e.chain().any(|c| c.is::<rusqlite::Error>()) => return Err(e),
        Err(e) => return Err(e.context(format!("writing to {}", path.display()))),
    };
    temp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write output file {}", path.display()))?;
    Ok(n)
}

/// A temporary file in `dir` that becomes the output: created exclusively under an
/// unpredictable name, with the permissions a new file gets.
fn new_temp_file(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".nianbao-").suffix(".part");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<WriteError>()
                .is_some_and(WriteError::is_broken_pipe)
    })
}

/// Lines for stdout that end quietly when the reader goes away (`nianbao query --list |
/// head`): `lines` writes them; a closed pipe is success.
pub fn print_lines(lines: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    match lines(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to stdout"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(format: Option<Format>, output: Option<&Path>) -> OutputArgs {
        OutputArgs {
            format,
            output: output.map(Path::to_path_buf),
            bom: false,
            headers: Headers::Keys,
        }
    }

    #[test]
    fn the_extension_chooses_the_format_unless_format_does() {
        let t = |format, output: &str| {
            args(format, Some(Path::new(output)))
                .target(Fallback::Always(Format::Table), "s", None)
                .unwrap()
                .format
        };
        assert_eq!(t(None, "a.csv"), Format::Csv);
        assert_eq!(t(None, "a.TSV"), Format::Tsv);
        assert_eq!(t(None, "a.json"), Format::Json);
        assert_eq!(t(None, "a.jsonl"), Format::Jsonl);
        assert_eq!(t(None, "a.xlsx"), Format::Xlsx);
        assert_eq!(t(None, "a.md"), Format::Md);
        assert_eq!(t(None, "a.txt"), Format::Table);
        assert_eq!(t(Some(Format::Csv), "a.json"), Format::Csv);
    }

    #[test]
    fn bom_is_for_csv_and_tsv_and_xlsx_for_files() {
        let mut a = args(Some(Format::Json), None);
        a.bom = true;
        let err = a.target(Fallback::TableOnTerminal, "s", None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("--bom is for CSV and TSV, not json"),
            "{err}"
        );
        let err = args(Some(Format::Xlsx), None)
            .target(Fallback::TableOnTerminal, "s", None)
            .unwrap_err();
        assert!(
            err.to_string().starts_with("xlsx is written to a file"),
            "{err}"
        );
    }

    #[test]
    fn an_output_that_is_the_database_or_its_files_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.db");
        std::fs::write(&db, b"database").unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let link = dir.path().join("link.db");
        std::fs::hard_link(&db, &link).unwrap();
        let refused = |output: &Path| refuse_database(output, &db).is_err();
        assert!(refused(&db));
        assert!(refused(&sub.join("../s.db")));
        assert!(refused(&link), "a hard link is the same file");
        assert!(
            refused(&dir.path().join("s.db-wal")),
            "not there yet, still the database's"
        );
        assert!(refused(&dir.path().join("s.db-shm")));
        assert!(!refused(&dir.path().join("s.csv")));
        assert!(!refused(&sub.join("s.db")));
        let err = refuse_database(&db, &db).unwrap_err().to_string();
        assert!(err.contains("is the database"), "{err}");
    }

    #[test]
    fn a_file_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        let target = args(None, Some(&path))
            .target(Fallback::TableOnTerminal, "s", None)
            .unwrap();
        let err = write_to(&target, &mut |dest| {
            let Dest::File(f) = dest else { unreachable!() };
            f.write_all(b"half")?;
            bail!("stopped")
        })
        .unwrap_err();
        assert_eq!(err.root_cause().to_string(), "stopped");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "the temporary file is gone");

        let columns = vec!["a".to_string()];
        let mut rows = vec![vec![Value::Integer(1)]].into_iter();
        let n = write_rows(&columns, &mut || Ok(rows.next()), &target).unwrap();
        assert_eq!(n, 1);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a\n1\n");
        // The permissions of a new file, not the temporary file's own.
        let probe = dir.path().join("probe");
        std::fs::File::create(&probe).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions();
        assert_eq!(mode(&path), mode(&probe));
    }
}
