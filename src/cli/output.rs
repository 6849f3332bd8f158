//! Writing query results: a terminal table, CSV or JSON, to stdout or a file. Shared by
//! `query`, `sql` and `export`. CSV and JSON stream row by row (an export can be millions
//! of rows); the terminal table collects its rows first.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rusqlite::Statement;
use rusqlite::types::ValueRef;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for reading in a terminal.
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// An array of objects, one per row.
    Json,
}

impl Format {
    /// The format asked for, else a table when writing to a terminal and CSV otherwise.
    pub fn or_default(format: Option<Format>, output: Option<&Path>) -> Format {
        format.unwrap_or_else(|| {
            if output.is_none() && io::stdout().is_terminal() {
                Format::Table
            } else {
                Format::Csv
            }
        })
    }
}

/// Where and how to write.
#[derive(Debug, Clone)]
pub struct Target {
    pub format: Format,
    /// A file instead of stdout.
    pub output: Option<PathBuf>,
    /// Write a UTF-8 byte order mark first (for Excel/WPS).
    pub bom: bool,
}

/// One value as SQLite returned it, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
    /// A nested value (an array of objects): JSON in JSON, its compact text elsewhere.
    Json(serde_json::Value),
}

impl Value {
    pub fn from_ref(v: ValueRef<'_>) -> Value {
        match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        }
    }

    /// The value as text for a table or CSV: integral reals without `.0`, NULL empty,
    /// blobs as `x'…'` hex.
    pub fn to_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Integer(i) => i.to_string(),
            Value::Real(f) => fmt_real(*f),
            Value::Text(t) => t.clone(),
            Value::Blob(b) => format!("x'{}'", hex(b)),
            Value::Json(j) => j.to_string(),
        }
    }

    /// The value as JSON: numbers as numbers (integral reals as integers), NULL as null.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Integer(i) => (*i).into(),
            Value::Real(f) => match integral(*f) {
                Some(i) => i.into(),
                None => {
                    serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into)
                }
            },
            Value::Text(t) => t.clone().into(),
            Value::Blob(b) => hex(b).into(),
            Value::Json(j) => j.clone(),
        }
    }

    fn is_number(&self) -> bool {
        matches!(self, Value::Integer(_) | Value::Real(_))
    }
}

fn integral(f: f64) -> Option<i64> {
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
}

fn fmt_real(f: f64) -> String {
    match integral(f) {
        Some(i) => i.to_string(),
        None => f.to_string(),
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
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

/// Writes the rows `next` yields under `columns`. Returns the number of rows written.
pub fn write_rows(columns: &[String], next: &mut NextRow<'_>, target: &Target) -> Result<u64> {
    let terminal = target.output.is_none() && io::stdout().is_terminal();
    write_to(target, &mut |out| {
        let mut w = RowWriter::new(columns, target.format, out, terminal)?;
        while let Some(row) = next()? {
            w.row(&row)?;
        }
        w.finish()
    })
}

/// Runs `write` on the target's file or stdout (after the BOM, when asked), flushes, and
/// says where a write failed. A closed pipe (`nianbao … | head`) is not an error.
pub fn write_to(
    target: &Target,
    write: &mut dyn FnMut(&mut dyn Write) -> Result<u64>,
) -> Result<u64> {
    let dest = target
        .output
        .as_ref()
        .map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
    let mut out: Box<dyn Write> = match &target.output {
        Some(path) => Box::new(BufWriter::new(File::create(path).with_context(|| {
            format!(
                "cannot create output file {}; check the directory exists and is writable",
                path.display()
            )
        })?)),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let written = (|| -> Result<u64> {
        if target.bom {
            out.write_all(b"\xEF\xBB\xBF")?;
        }
        let n = write(&mut out)?;
        out.flush()?;
        Ok(n)
    })();
    match written {
        Ok(n) => Ok(n),
        // `nianbao … | head`: the reader has what it wanted.
        Err(e) if is_broken_pipe(&e) && target.output.is_none() => Ok(0),
        // The query failed while running: the error says so already.
        Err(e) if e.chain().any(|c| c.is::<rusqlite::Error>()) => Err(e),
        Err(e) => Err(e.context(format!("writing to {dest}"))),
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|ce| {
                matches!(ce.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe)
            })
    })
}

/// Yields the next row to write, `None` after the last.
pub type NextRow<'a> = dyn FnMut() -> Result<Option<Vec<Value>>> + 'a;

/// Rows written one at a time in a format: CSV and JSON stream, the table collects its
/// rows and prints them at [`RowWriter::finish`].
pub struct RowWriter<'w> {
    sink: Sink<'w>,
    rows: u64,
}

enum Sink<'w> {
    Table {
        table: Box<comfy_table::Table>,
        out: &'w mut dyn Write,
    },
    Csv(Box<csv::Writer<&'w mut dyn Write>>),
    Json {
        /// The column names as JSON strings.
        keys: Vec<String>,
        out: &'w mut dyn Write,
    },
}

impl<'w> RowWriter<'w> {
    /// Starts writing rows of `columns` to `out`; `terminal` lets a table wrap its long
    /// text to the terminal's width.
    pub fn new(
        columns: &[String],
        format: Format,
        out: &'w mut dyn Write,
        terminal: bool,
    ) -> Result<RowWriter<'w>> {
        let sink = match format {
            Format::Table => {
                let mut table = comfy_table::Table::new();
                table.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
                // Wrap long text (section bodies, finding details) to the terminal's width,
                // when the terminal reports a usable one.
                if terminal && table.width().is_some_and(|w| w >= 40) {
                    table.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
                }
                table.set_header(columns);
                Sink::Table {
                    table: Box::new(table),
                    out,
                }
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(columns)?;
                Sink::Csv(Box::new(w))
            }
            Format::Json => {
                out.write_all(b"[")?;
                let keys = columns
                    .iter()
                    .map(|c| serde_json::to_string(c).expect("a string serializes"))
                    .collect();
                Sink::Json { keys, out }
            }
        };
        Ok(RowWriter { sink, rows: 0 })
    }

    pub fn format(&self) -> Format {
        match self.sink {
            Sink::Table { .. } => Format::Table,
            Sink::Csv(_) => Format::Csv,
            Sink::Json { .. } => Format::Json,
        }
    }

    pub fn row(&mut self, row: &[Value]) -> Result<()> {
        match &mut self.sink {
            Sink::Table { table, .. } => {
                table.add_row(row.iter().map(|v| {
                    let cell = comfy_table::Cell::new(v.to_text());
                    if v.is_number() {
                        cell.set_alignment(comfy_table::CellAlignment::Right)
                    } else {
                        cell
                    }
                }));
            }
            Sink::Csv(w) => w.write_record(row.iter().map(Value::to_text))?,
            Sink::Json { keys, out } => {
                out.write_all(if self.rows == 0 { b"\n  {" } else { b",\n  {" })?;
                for (i, (key, value)) in keys.iter().zip(row).enumerate() {
                    if i > 0 {
                        out.write_all(b", ")?;
                    }
                    write!(out, "{key}: ")?;
                    serde_json::to_writer(&mut *out, &value.to_json())?;
                }
                out.write_all(b"}")?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Ends the output (prints the table, closes the JSON array); the number of rows.
    pub fn finish(self) -> Result<u64> {
        let n = self.rows;
        match self.sink {
            Sink::Table { table, out } => {
                writeln!(out, "{table}")?;
                writeln!(out, "({n} row{})", if n == 1 { "" } else { "s" })?;
            }
            Sink::Csv(mut w) => w.flush()?,
            Sink::Json { out, .. } => out.write_all(if n == 0 { b"]\n" } else { b"\n]\n" })?,
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_print_as_numbers_text_and_blanks() {
        assert_eq!(Value::Real(120.0).to_text(), "120");
        assert_eq!(Value::Real(12.5).to_text(), "12.5");
        assert_eq!(Value::Real(-3.0).to_text(), "-3");
        assert_eq!(Value::Integer(7).to_text(), "7");
        assert_eq!(Value::Null.to_text(), "");
        assert_eq!(Value::Text("国家".into()).to_text(), "国家");
        assert_eq!(Value::Blob(vec![0xab, 1]).to_text(), "x'ab01'");
        assert_eq!(Value::Real(120.0).to_json().to_string(), "120");
        assert_eq!(Value::Real(0.25).to_json().to_string(), "0.25");
        assert_eq!(Value::Null.to_json().to_string(), "null");
        assert_eq!(Value::Real(f64::INFINITY).to_json().to_string(), "null");
    }

    fn render(format: Format, sql: &str) -> String {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let mut stmt = conn.prepare(sql).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out");
        let target = Target {
            format,
            output: Some(path.clone()),
            bom: false,
        };
        write_statement(&mut stmt, &target).unwrap();
        std::fs::read_to_string(path).unwrap()
    }

    const ROWS: &str = "SELECT 'a,b' AS name, 2.0 AS n, NULL AS x UNION ALL SELECT '省', 1.5, 3";

    #[test]
    fn csv_quotes_and_blanks() {
        assert_eq!(
            render(Format::Csv, ROWS),
            "name,n,x\n\"a,b\",2,\n省,1.5,3\n"
        );
    }

    #[test]
    fn json_is_an_array_of_objects_in_column_order() {
        assert_eq!(
            render(Format::Json, ROWS),
            "[\n  {\"name\": \"a,b\", \"n\": 2, \"x\": null},\n  {\"name\": \"省\", \"n\": 1.5, \"x\": 3}\n]\n"
        );
        assert_eq!(render(Format::Json, "SELECT 1 AS a WHERE 0"), "[]\n");
    }

    #[test]
    fn table_has_header_values_and_row_count() {
        let text = render(Format::Table, ROWS);
        assert!(text.contains("name"), "{text}");
        assert!(text.contains("a,b"), "{text}");
        assert!(text.contains("1.5"), "{text}");
        assert!(text.ends_with("(2 rows)\n"), "{text}");
    }
}
