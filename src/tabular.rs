//! Rows of values written in every format the reading commands offer: a terminal table,
//! CSV, TSV, JSON, JSON lines, Markdown and Excel (xlsx).
//!
//! Every format but the table streams: a row is written as it comes, so an export of
//! millions of rows holds one row at a time (xlsx rows go to the workbook's temporary file
//! and are zipped at the end). The table, which aligns its columns, holds at most
//! [`TABLE_ROWS`] rows, counts the rest and says how many were left out.
//!
//! In xlsx numbers are numbers and a blank (NULL) is an empty cell, never 0; text that is
//! an ISO date (`2024-01-31`) or the store's UTC time (`2024-01-31T08:00:00Z`) is a date;
//! the header row is frozen and filtered and the columns are as wide as their first rows.

use std::fs::File;
use std::io::{self, BufWriter, Write};

use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, FormatAlign, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

/// How many rows the table format shows; the rest are counted.
pub const TABLE_ROWS: u64 = 1000;

/// Excel's rows a sheet (the header included) and characters a cell.
const XLSX_MAX_ROWS: u32 = 1_048_576;
const XLSX_MAX_CHARS: usize = 32_767;

/// The rows an xlsx sheet reads before it sets its column widths.
const WIDTH_SAMPLE: usize = 200;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for reading in a terminal (the first 1,000 rows).
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// An array of objects, one per row.
    Json,
    /// One JSON object a line.
    Jsonl,
    /// A Markdown table.
    Md,
    /// An Excel workbook of one sheet (needs --output).
    Xlsx,
}

impl Format {
    /// The format a file name's extension says: .csv, .tsv, .json, .jsonl, .xlsx, .md.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" => Format::Csv,
            "tsv" => Format::Tsv,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            "xlsx" => Format::Xlsx,
            "md" => Format::Md,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Md => "md",
            Format::Xlsx => "xlsx",
        }
    }
}

/// One value as SQLite returned it, ready to write.
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
    pub fn from_ref(v: rusqlite::types::ValueRef<'_>) -> Value {
        use rusqlite::types::ValueRef;
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

/// Where rows go: a stream (stdout, or a file's buffered writer) for the text formats,
/// the file itself for xlsx.
pub enum Dest<'w> {
    Stream(&'w mut dyn Write),
    File(&'w mut File),
}

/// How rows are written besides their format.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Whether the table goes to a terminal (then it wraps to the terminal's width).
    pub terminal: bool,
    /// The sheet's name in xlsx (the query, table or view).
    pub sheet: String,
}

/// What went wrong writing rows.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error("writing the workbook: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("xlsx is written to a file: give --output FILE.xlsx")]
    XlsxNeedsFile,
}

impl WriteError {
    /// Whether the reader went away (`nianbao … | head`): not an error.
    pub fn is_broken_pipe(&self) -> bool {
        let kind = match self {
            WriteError::Io(e) => Some(e.kind()),
            WriteError::Csv(e) => match e.kind() {
                csv::ErrorKind::Io(e) => Some(e.kind()),
                _ => None,
            },
            WriteError::Json(e) => e.io_error_kind(),
            _ => None,
        };
        kind == Some(io::ErrorKind::BrokenPipe)
    }
}

/// Rows written one at a time in a format; [`RowWriter::finish`] ends the output.
pub struct RowWriter<'w> {
    sink: Sink<'w>,
    rows: u64,
}

enum Sink<'w> {
    Table {
        table: Box<comfy_table::Table>,
        out: &'w mut dyn Write,
    },
    Delimited(Box<csv::Writer<Box<dyn Write + 'w>>>),
    Json {
        /// The column names as JSON strings.
        keys: Vec<String>,
        out: Box<dyn Write + 'w>,
        lines: bool,
    },
    Markdown {
        out: Box<dyn Write + 'w>,
    },
    Xlsx {
        book: Box<Book>,
        sheet: SheetState,
        file: &'w mut File,
    },
}

impl<'w> RowWriter<'w> {
    /// Starts writing rows under `headers` (one a column) to `dest`.
    pub fn new(
        headers: &[String],
        format: Format,
        dest: Dest<'w>,
        options: &Options,
    ) -> Result<RowWriter<'w>, WriteError> {
        let text = |dest: Dest<'w>| -> Box<dyn Write + 'w> {
            match dest {
                Dest::Stream(w) => Box::new(w),
                Dest::File(f) => Box::new(BufWriter::new(f)),
            }
        };
        let sink = match format {
            Format::Table => {
                let out: &'w mut dyn Write = match dest {
                    Dest::Stream(w) => w,
                    Dest::File(f) => f,
                };
                let mut table = comfy_table::Table::new();
                table.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
                // Wrap long text (section bodies, finding details) to the terminal's width,
                // when the terminal reports a usable one.
                if options.terminal && table.width().is_some_and(|w| w >= 40) {
                    table.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
                }
                table.set_header(headers);
                Sink::Table {
                    table: Box::new(table),
                    out,
                }
            }
            Format::Csv | Format::Tsv => {
                let mut w = csv::WriterBuilder::new()
                    .delimiter(if format == Format::Tsv { b'\t' } else { b',' })
                    .from_writer(text(dest));
                w.write_record(headers)?;
                Sink::Delimited(Box::new(w))
            }
            Format::Json | Format::Jsonl => {
                let mut out = text(dest);
                let lines = format == Format::Jsonl;
                if !lines {
                    out.write_all(b"[")?;
                }
                let keys = headers
                    .iter()
                    .map(|c| serde_json::to_string(c).expect("a string serializes"))
                    .collect();
                Sink::Json { keys, out, lines }
            }
            Format::Md => {
                let mut out = text(dest);
                let cells: Vec<String> = headers.iter().map(|h| md_cell(h)).collect();
                writeln!(out, "| {} |", cells.join(" | "))?;
                writeln!(out, "|{}", " --- |".repeat(headers.len()))?;
                Sink::Markdown { out }
            }
            Format::Xlsx => {
                let Dest::File(file) = dest else {
                    return Err(WriteError::XlsxNeedsFile);
                };
                let mut book = Box::new(Book::new());
                let sheet = book.add_sheet(&options.sheet, headers)?;
                Sink::Xlsx { book, sheet, file }
            }
        };
        Ok(RowWriter { sink, rows: 0 })
    }

    /// Whether nested values are written as JSON (JSON and JSON lines) or as text.
    pub fn nests_json(&self) -> bool {
        matches!(self.sink, Sink::Json { .. })
    }

    pub fn row(&mut self, row: &[Value]) -> Result<(), WriteError> {
        match &mut self.sink {
            Sink::Table { table, .. } => {
                if self.rows < TABLE_ROWS {
                    table.add_row(row.iter().map(|v| {
                        let cell = comfy_table::Cell::new(v.to_text());
                        if v.is_number() {
                            cell.set_alignment(comfy_table::CellAlignment::Right)
                        } else {
                            cell
                        }
                    }));
                }
            }
            Sink::Delimited(w) => w.write_record(row.iter().map(Value::to_text))?,
            Sink::Json { keys, out, lines } => {
                if *lines {
                    out.write_all(b"{")?;
                } else {
                    out.write_all(if self.rows == 0 { b"\n  {" } else { b",\n  {" })?;
                }
                for (i, (key, value)) in keys.iter().zip(row).enumerate() {
                    if i > 0 {
                        out.write_all(b", ")?;
                    }
                    write!(out, "{key}: ")?;
                    serde_json::to_writer(&mut *out, &value.to_json())?;
                }
                out.write_all(if *lines { b"}\n" } else { b"}" })?;
            }
            Sink::Markdown { out } => {
                let cells: Vec<String> = row.iter().map(|v| md_cell(&v.to_text())).collect();
                writeln!(out, "| {} |", cells.join(" | "))?;
            }
            Sink::Xlsx { book, sheet, .. } => book.write_row(sheet, row)?,
        }
        self.rows += 1;
        Ok(())
    }

    /// Ends the output (prints the table, closes the JSON array, saves the workbook);
    /// returns the number of rows.
    pub fn finish(self) -> Result<u64, WriteError> {
        let n = self.rows;
        match self.sink {
            Sink::Table { table, out } => {
                writeln!(out, "{table}")?;
                let plural = if n == 1 { "" } else { "s" };
                if n > TABLE_ROWS {
                    writeln!(
                        out,
                        "({n} rows; the first {TABLE_ROWS} shown, {} left out: --format csv or --output FILE writes them all)",
                        n - TABLE_ROWS
                    )?;
                } else {
                    writeln!(out, "({n} row{plural})")?;
                }
                out.flush()?;
            }
            Sink::Delimited(mut w) => w.flush()?,
            Sink::Json { mut out, lines, .. } => {
                if !lines {
                    out.write_all(if n == 0 { b"]\n" } else { b"\n]\n" })?;
                }
                out.flush()?;
            }
            Sink::Markdown { mut out } => out.flush()?,
            Sink::Xlsx {
                mut book,
                sheet,
                file,
            } => {
                book.end_sheet(sheet)?;
                book.save(file)?;
            }
        }
        Ok(n)
    }
}

/// A Markdown table cell: `|` escaped, line breaks as `<br>`.
fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

/// An Excel workbook written sheet by sheet, each sheet row by row (constant memory).
pub struct Book {
    workbook: Workbook,
    header: CellFormat,
    date: CellFormat,
    datetime: CellFormat,
    text: CellFormat,
    /// Sheet names used, lower-cased (Excel compares them so).
    names: Vec<String>,
}

/// A sheet being written: its headers, rows so far, and the first rows held until the
/// column widths are set.
pub struct SheetState {
    index: usize,
    name: String,
    headers: Vec<String>,
    /// The next row (0 is the header).
    row: u32,
    /// Rows held before the widths are set; `None` once set.
    sample: Option<Vec<Vec<Value>>>,
    /// Of a sheet continued because the last was full: its number, from 2.
    part: u32,
    /// Data rows written to this sheet and the ones before it.
    pub rows: u64,
}

impl Default for Book {
    fn default() -> Book {
        Book::new()
    }
}

impl Book {
    pub fn new() -> Book {
        Book {
            workbook: Workbook::new(),
            header: CellFormat::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(0xE8EEF4),
            date: CellFormat::new().set_num_format("yyyy-mm-dd"),
            datetime: CellFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            text: CellFormat::new().set_align(FormatAlign::Top),
            names: Vec::new(),
        }
    }

    /// Adds a sheet named after `name` (cut to Excel's 31 characters, without the
    /// characters Excel forbids; a name taken gets a number) with a header row of
    /// `headers`.
    pub fn add_sheet(&mut self, name: &str, headers: &[String]) -> Result<SheetState, XlsxError> {
        let name = self.free_name(name);
        let sheet = self.workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(&name)?;
        let index = self.workbook.worksheets().len() - 1;
        Ok(SheetState {
            index,
            name,
            headers: headers.to_vec(),
            row: 1,
            sample: Some(Vec::new()),
            part: 1,
            rows: 0,
        })
    }

    fn free_name(&mut self, name: &str) -> String {
        let clean: String = name
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
            .collect();
        let clean = clean.trim_matches('\'');
        let clean = if clean.is_empty() { "sheet" } else { clean };
        let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
        let mut candidate = cut(clean, 31);
        let mut n = 2;
        while self.names.contains(&candidate.to_lowercase()) {
            let suffix = format!(" ({n})");
            candidate = format!("{}{suffix}", cut(clean, 31 - suffix.chars().count()));
            n += 1;
        }
        self.names.push(candidate.to_lowercase());
        candidate
    }

    /// Writes a data row to `sheet`; a full sheet continues on a new one.
    pub fn write_row(&mut self, sheet: &mut SheetState, row: &[Value]) -> Result<(), XlsxError> {
        if let Some(sample) = &mut sheet.sample {
            sample.push(row.to_vec());
            if sample.len() >= WIDTH_SAMPLE {
                self.start_rows(sheet)?;
            }
            return Ok(());
        }
        if sheet.row >= XLSX_MAX_ROWS {
            self.end_sheet_part(sheet)?;
            sheet.part += 1;
            let name = self.free_name(&format!("{} ({})", sheet.name, sheet.part));
            let ws = self.workbook.add_worksheet_with_constant_memory()?;
            ws.set_name(&name)?;
            sheet.index = self.workbook.worksheets().len() - 1;
            sheet.row = 1;
            sheet.sample = Some(vec![row.to_vec()]);
            return Ok(());
        }
        self.put_row(sheet, row)
    }

    /// Sets the column widths from the header and the rows held, freezes the header row,
    /// writes it and the rows held.
    fn start_rows(&mut self, sheet: &mut SheetState) -> Result<(), XlsxError> {
        let sample = sheet.sample.take().unwrap_or_default();
        let ws = self.workbook.worksheet_from_index(sheet.index)?;
        let mut header_lines = 1usize;
        for (col, header) in sheet.headers.iter().enumerate() {
            let values = sample
                .iter()
                .filter_map(|r| r.get(col))
                .map(|v| match v {
                    Value::Text(t) if excel_date(t).is_some() => 19,
                    v => display_width(&v.to_text()),
                })
                .max()
                .unwrap_or(0);
            let head = display_width(header);
            // Wide enough for the values; a long header wraps over a few lines.
            let width = (values.max(head.min(16)) + 2).clamp(6, 60);
            header_lines = header_lines.max(head.div_ceil(width.saturating_sub(1).max(1)));
            ws.set_column_width(col as u16, width as f64)?;
        }
        ws.set_row_height(0, 15.0 * header_lines.min(6) as f64)?;
        ws.set_freeze_panes(1, 0)?;
        for (col, header) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, header, &self.header)?;
        }
        for row in &sample {
            self.put_row(sheet, row)?;
        }
        Ok(())
    }

    fn put_row(&mut self, sheet: &mut SheetState, row: &[Value]) -> Result<(), XlsxError> {
        let r = sheet.row;
        let ws = self.workbook.worksheet_from_index(sheet.index)?;
        for (col, value) in row.iter().enumerate() {
            let col = col as u16;
            match value {
                Value::Null => {}
                Value::Integer(i) => {
                    ws.write_number(r, col, *i as f64)?;
                }
                Value::Real(f) if f.is_finite() => {
                    ws.write_number(r, col, *f)?;
                }
                Value::Text(t) => match excel_date(t) {
                    Some((dt, true)) => {
                        ws.write_datetime_with_format(r, col, &dt, &self.datetime)?;
                    }
                    Some((dt, false)) => {
                        ws.write_datetime_with_format(r, col, &dt, &self.date)?;
                    }
                    None => {
                        let text = fit_cell(t);
                        ws.write_string_with_format(r, col, text, &self.text)?;
                    }
                },
                other => {
                    ws.write_string_with_format(r, col, other.to_text(), &self.text)?;
                }
            }
        }
        sheet.row += 1;
        sheet.rows += 1;
        Ok(())
    }

    fn end_sheet_part(&mut self, sheet: &mut SheetState) -> Result<(), XlsxError> {
        if sheet.sample.is_some() {
            self.start_rows(sheet)?;
        }
        let last_col = sheet.headers.len().saturating_sub(1) as u16;
        let ws = self.workbook.worksheet_from_index(sheet.index)?;
        ws.autofilter(0, 0, sheet.row.saturating_sub(1), last_col)?;
        Ok(())
    }

    /// Ends a sheet: writes what it holds and sets its autofilter. Returns its rows.
    pub fn end_sheet(&mut self, mut sheet: SheetState) -> Result<u64, XlsxError> {
        self.end_sheet_part(&mut sheet)?;
        Ok(sheet.rows)
    }

    /// Writes the workbook to `out`.
    pub fn save<W: Write + io::Seek + Send>(&mut self, out: W) -> Result<(), XlsxError> {
        self.workbook.save_to_writer(out)
    }
}

/// Text as an Excel cell holds it: a text longer than 32,767 characters is cut, and says so
/// at its end, so that no one takes it for the whole (CSV and JSON hold it whole).
fn fit_cell(text: &str) -> String {
    if text.chars().count() <= XLSX_MAX_CHARS {
        return text.to_string();
    }
    let keep = XLSX_MAX_CHARS - CUT_MARK.chars().count();
    let mut cut: String = text.chars().take(keep).collect();
    cut.push_str(CUT_MARK);
    cut
}

/// The end of a text cut to fit an Excel cell.
const CUT_MARK: &str = "……（以下截断：Excel 单元格最多 32,767 字，全文见 CSV 或 JSON）";

/// Columns of text as wide as they print: a Chinese character is two.
fn display_width(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// `2024-01-31` as a date, `2024-01-31T08:00:00Z` (the store's UTC times) as a date and
/// time (`true`); any other text is not a date.
fn excel_date(text: &str) -> Option<(ExcelDateTime, bool)> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let date_shape = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10);
    if !date_shape {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text[r].parse::<u16>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1900..=9999).contains(&y) {
        return None;
    }
    let date = ExcelDateTime::from_ymd(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?).ok()?;
    // from_ymd accepts 31 February: the day must exist.
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if d == 0 || d > days_in_month {
        return None;
    }
    match b.len() {
        10 => Some((date, false)),
        20 if b[10] == b'T'
            && digits(11..13)
            && b[13] == b':'
            && digits(14..16)
            && b[16] == b':'
            && digits(17..19)
            && b[19] == b'Z' =>
        {
            let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
            if h > 23 || mi > 59 || s > 59 {
                return None;
            }
            Some((date.and_hms(h, mi as u8, s).ok()?, true))
        }
        _ => None,
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

    fn render(format: Format, rows: &[Vec<Value>]) -> String {
        let mut out = Vec::new();
        let headers = vec!["name".to_string(), "n".to_string(), "x".to_string()];
        let mut w = RowWriter::new(
            &headers,
            format,
            Dest::Stream(&mut out),
            &Options::default(),
        )
        .unwrap();
        for row in rows {
            w.row(row).unwrap();
        }
        w.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    fn rows() -> Vec<Vec<Value>> {
        vec![
            vec![Value::Text("a,b|c".into()), Value::Real(2.0), Value::Null],
            vec![
                Value::Text("省\t市\n县".into()),
                Value::Real(1.5),
                Value::Integer(3),
            ],
        ]
    }

    #[test]
    fn csv_and_tsv_quote_what_needs_it_and_leave_blanks_empty() {
        assert_eq!(
            render(Format::Csv, &rows()),
            "name,n,x\n\"a,b|c\",2,\n\"省\t市\n县\",1.5,3\n"
        );
        assert_eq!(
            render(Format::Tsv, &rows()),
            "name\tn\tx\na,b|c\t2\t\n\"省\t市\n县\"\t1.5\t3\n"
        );
    }

    #[test]
    fn json_is_an_array_of_objects_and_jsonl_an_object_a_line() {
        assert_eq!(
            render(Format::Json, &rows()),
            "[\n  {\"name\": \"a,b|c\", \"n\": 2, \"x\": null},\n  {\"name\": \"省\\t市\\n县\", \"n\": 1.5, \"x\": 3}\n]\n"
        );
        assert_eq!(render(Format::Json, &[]), "[]\n");
        assert_eq!(
            render(Format::Jsonl, &rows()),
            "{\"name\": \"a,b|c\", \"n\": 2, \"x\": null}\n{\"name\": \"省\\t市\\n县\", \"n\": 1.5, \"x\": 3}\n"
        );
        assert_eq!(render(Format::Jsonl, &[]), "");
    }

    #[test]
    fn markdown_escapes_pipes_and_line_breaks() {
        assert_eq!(
            render(Format::Md, &rows()),
            "| name | n | x |\n| --- | --- | --- |\n| a,b\\|c | 2 |  |\n| 省\t市<br>县 | 1.5 | 3 |\n"
        );
    }

    #[test]
    fn the_table_shows_its_first_rows_and_counts_the_rest() {
        let text = render(Format::Table, &rows());
        assert!(text.contains("a,b|c"), "{text}");
        assert!(text.ends_with("(2 rows)\n"), "{text}");
        let many: Vec<Vec<Value>> = (0..TABLE_ROWS + 5)
            .map(|i| {
                vec![
                    Value::Text(format!("r{i}")),
                    Value::Integer(i as i64),
                    Value::Null,
                ]
            })
            .collect();
        let text = render(Format::Table, &many);
        assert!(text.contains("│ r999 "), "{text}");
        assert!(!text.contains("│ r1000 "), "{text}");
        assert!(
            text.ends_with("(1005 rows; the first 1000 shown, 5 left out: --format csv or --output FILE writes them all)\n"),
            "{}",
            &text[text.len() - 200..]
        );
    }

    #[test]
    fn xlsx_needs_a_file() {
        let mut out = Vec::new();
        let err = RowWriter::new(
            &[],
            Format::Xlsx,
            Dest::Stream(&mut out),
            &Options::default(),
        )
        .err()
        .unwrap();
        assert!(matches!(err, WriteError::XlsxNeedsFile));
    }

    #[test]
    fn dates_are_iso_dates_and_the_stores_utc_times() {
        assert!(matches!(excel_date("2024-01-31"), Some((_, false))));
        assert!(matches!(excel_date("2024-02-29"), Some((_, false))));
        assert!(matches!(
            excel_date("2024-01-31T08:00:00Z"),
            Some((_, true))
        ));
        for not in [
            "2023-02-29",
            "2024-13-01",
            "2024-01-32",
            "2024-1-31",
            "20240131",
            "2024-01-31 08:00",
            "2024-01-31T25:00:00Z",
            "0999-01-01",
            "年2024-01-31",
        ] {
            assert!(excel_date(not).is_none(), "{not}");
        }
    }

    #[test]
    fn sheet_names_follow_excels_rules() {
        let mut book = Book::new();
        assert_eq!(book.free_name("a/b[c]"), "a_b_c_");
        assert_eq!(book.free_name("A_B_C_"), "A_B_C_ (2)");
        let long = "x".repeat(40);
        assert_eq!(book.free_name(&long).chars().count(), 31);
        assert_eq!(book.free_name(&long), format!("{} (2)", "x".repeat(27)));
    }

    #[test]
    fn a_text_too_long_for_a_cell_is_cut_and_says_so() {
        assert_eq!(fit_cell("短"), "短");
        let long = "字".repeat(40_000);
        let cut = fit_cell(&long);
        assert_eq!(cut.chars().count(), XLSX_MAX_CHARS);
        assert!(cut.ends_with(CUT_MARK));
        let exact = "字".repeat(XLSX_MAX_CHARS);
        assert_eq!(fit_cell(&exact), exact);
    }

    #[test]
    fn display_width_counts_chinese_twice() {
        assert_eq!(display_width("ab"), 2);
        assert_eq!(display_width("自然人"), 6);
    }
}
