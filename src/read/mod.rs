//! Reading a file: bytes → [`Document`], whatever the format. Knows nothing of the
//! template; of reports it knows only the page furniture a site wraps them in (the
//! 发布机构/发文日期 box of an HTML page, kept as document properties).
//!
//! The format is sniffed from the bytes, never taken from the file name: PDF (`%PDF`), a
//! Word .docx (a zip holding `word/document.xml`), a Word .doc (an OLE2 compound file with a
//! `WordDocument` stream), an HTML page (markup), else text in any encoding [`text`]
//! detects. Each format has its own reader; HTML and Word give tables as
//! [`crate::document::Grid`]s, text and PDF give lines for the text-layout readers.

pub mod doc;
pub mod docx;
pub mod html;
pub mod pdf;
pub mod text;

use std::fmt;
use std::io::{Read, Write as _};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A tool's output, as much of it as was read.
struct Output {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

use crate::document::Document;

/// The formats a report can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Html,
    Docx,
    Text,
    Pdf,
    Doc,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Html,
        Format::Docx,
        Format::Text,
        Format::Pdf,
        Format::Doc,
    ];

    /// The stable name stored with a report.
    pub fn key(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Text => "text",
            Format::Pdf => "pdf",
            Format::Doc => "doc",
        }
    }

    pub fn from_key(key: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.key() == key)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A file read into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub format: Format,
    pub document: Document,
}

/// Why a file's bytes could not be turned into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Empty,
    /// Binary content of no kind we know.
    Binary,
    /// Bytes the (declared or detected) encoding cannot decode.
    Undecodable {
        encoding: &'static str,
        offset: usize,
    },
    /// The text holds U+FFFD: it was damaged by an earlier conversion.
    ReplacementCharacter {
        line: usize,
    },
    /// A kind of file we recognize and do not read: what it is, and what to do.
    Unsupported {
        what: &'static str,
        todo: &'static str,
    },
    /// A PDF whose pages have no text layer.
    NeedsOcr,
    /// A file of a format we read that is damaged or unusual: what went wrong.
    Damaged {
        format: Format,
        detail: String,
    },
    /// An external tool the format needs is not installed.
    MissingTool {
        tool: &'static str,
        install: &'static str,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Empty => write!(f, "the file is empty or holds only whitespace"),
            ReadError::Binary => write!(
                f,
                "the file is binary and of no format nianbao reads (text, HTML, Word .docx/.doc, PDF); \
                 open it in the program that made it and save it as one of those"
            ),
            ReadError::Undecodable { encoding, offset } => write!(
                f,
                "the text is not valid {encoding} (bad bytes at offset {offset}) and no other encoding fits; \
                 the file is damaged or mixes encodings: re-save it as UTF-8"
            ),
            ReadError::ReplacementCharacter { line } => write!(
                f,
                "line {line} holds U+FFFD replacement characters: the text was damaged by an earlier \
                 conversion; get the report again from its source"
            ),
            ReadError::Unsupported { what, todo } => write!(f, "this is {what}; {todo}"),
            ReadError::NeedsOcr => write!(
                f,
                "this PDF has no text layer (a scan): needs OCR; run an OCR tool on it and ingest the text it makes"
            ),
            ReadError::Damaged { format, detail } => {
                write!(f, "cannot read this {format} file: {detail}")
            }
            ReadError::MissingTool { tool, install } => write!(
                f,
                "reading this file needs `{tool}`, which is not installed; {install}"
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// Read a file's bytes into a document, by the format its bytes show.
pub fn read(bytes: &[u8]) -> Result<Input, ReadError> {
    let format = sniff(bytes)?;
    let document = match format {
        Format::Pdf => Document::from_text(&pdf::text(bytes)?),
        Format::Docx => docx::read(bytes)?,
        Format::Doc => Document::from_text(&doc::text(bytes)?),
        Format::Html => html::read(bytes)?,
        Format::Text => Document::from_text(&text::decode(bytes, None)?),
    };
    Ok(Input { format, document })
}

/// The format of a file, from its first bytes; an error for kinds we know and do not read.
pub fn sniff(bytes: &[u8]) -> Result<Format, ReadError> {
    let head = &bytes[..bytes.len().min(1024)];
    if contains(head, b"%PDF-") {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return docx::sniff_zip(bytes);
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return doc::sniff_ole(bytes);
    }
    if let Some(error) = unsupported_magic(bytes) {
        return Err(error);
    }
    if html::is_html(bytes) {
        return Ok(Format::Html);
    }
    Ok(Format::Text)
}

/// Files we know by their first bytes and do not read.
fn unsupported_magic(bytes: &[u8]) -> Option<ReadError> {
    const OCR: &str = "it needs OCR: run an OCR tool on it and ingest the text it makes";
    const ARCHIVE: &str = "unpack it and ingest the folder";
    const SAVE_DOCX: &str = "open it in Word or LibreOffice and save it as .docx";
    let table: &[(&[u8], &'static str, &'static str)] = &[
        (b"\x89PNG", "a PNG image", OCR),
        (b"\xFF\xD8\xFF", "a JPEG image", OCR),
        (b"GIF8", "a GIF image", OCR),
        (b"II*\0", "a TIFF image", OCR),
        (b"MM\0*", "a TIFF image", OCR),
        (b"{\\rtf", "an RTF document", SAVE_DOCX),
        (b"Rar!", "a RAR archive", ARCHIVE),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive", ARCHIVE),
        (b"\x1F\x8B", "a gzip archive", ARCHIVE),
        (
            b"MIME-Version:",
            "a web archive (.mht)",
            "open it in a browser and save it as \"Web page, HTML only\"",
        ),
    ];
    table
        .iter()
        .find(|(magic, _, _)| bytes.starts_with(magic))
        .map(|&(_, what, todo)| ReadError::Unsupported { what, todo })
        .or_else(|| {
            let head = &bytes[..bytes.len().min(1024)];
            contains(head, b"progid=\"Word.Document\"").then_some(ReadError::Unsupported {
                what: "a Word 2003 XML document",
                todo: SAVE_DOCX,
            })
        })
        .or_else(|| {
            (bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP")).then_some(
                ReadError::Unsupported {
                    what: "a WebP image",
                    todo: OCR,
                },
            )
        })
}

/// An external program a format is read through.
pub struct Tool {
    pub name: &'static str,
    /// How to get it.
    pub install: &'static str,
}

impl Tool {
    /// Whether the program can be run here.
    pub fn is_installed(&self) -> bool {
        std::process::Command::new(self.name)
            .arg("-v")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    }
}

/// How long an external tool may take on one file. pdftotext reads a 60 MB PDF in seconds;
/// a tool still busy after this is stuck on a damaged file.
pub const TOOL_TIMEOUT: Duration = Duration::from_secs(120);

/// The most text a tool may print for one file: far more than any report holds.
pub const MAX_TOOL_OUTPUT: usize = 64 << 20;

/// Run `tool` with `args` on `input` (a file of `format`): through stdin, or, for a tool
/// that must seek in its input (`suffix` given), through a temporary file named last on
/// its command line. Its standard output as UTF-8 text, or why there is none.
fn run_tool(
    tool: &Tool,
    format: Format,
    args: &[&str],
    input: &[u8],
    suffix: Option<&str>,
) -> Result<String, ReadError> {
    run_tool_within(
        tool,
        format,
        args,
        input,
        suffix,
        (TOOL_TIMEOUT, MAX_TOOL_OUTPUT),
    )
}

/// [`run_tool`] within a time and an output size: past either the tool is killed and the
/// file refused.
fn run_tool_within(
    tool: &Tool,
    format: Format,
    args: &[&str],
    input: &[u8],
    suffix: Option<&str>,
    (timeout, max_output): (Duration, usize),
) -> Result<String, ReadError> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let missing = || ReadError::MissingTool {
        tool: tool.name,
        install: tool.install,
    };
    let mut command = Command::new(tool.name);
    command.args(args);
    let temp = suffix.map(|suffix| {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        std::env::temp_dir().join(format!("nianbao-{}-{n}.{suffix}", std::process::id()))
    });
    if let Some(path) = &temp {
        std::fs::write(path, input).map_err(|e| ReadError::Damaged {
            format,
            detail: format!("cannot write a temporary copy for {} ({e})", tool.name),
        })?;
        command.arg(path).stdin(Stdio::null());
    } else {
        command.stdin(Stdio::piped());
    }
    let result = (|| {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => missing(),
                _ => ReadError::Damaged {
                    format,
                    detail: format!("cannot run {} ({e})", tool.name),
                },
            })?;
        // Feed stdin and drain stdout and stderr from threads of their own: the tool may
        // fill one pipe before it reads or writes the others.
        let feeder = child.stdin.take().map(|mut stdin| {
            let input = input.to_vec();
            std::thread::spawn(move || {
                let _ = stdin.write_all(&input);
            })
        });
        let drain = |pipe: Option<Box<dyn Read + Send>>, limit: usize| {
            pipe.map(|pipe| {
                std::thread::spawn(move || {
                    let mut out = Vec::new();
                    // One byte past the limit tells that the tool printed too much.
                    let _ = pipe.take(limit as u64 + 1).read_to_end(&mut out);
                    out
                })
            })
        };
        let stdout = drain(
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
            max_output,
        );
        let stderr = drain(
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
            64 * 1024,
        );
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if started.elapsed() < timeout => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                // Out of time (or unable to wait): stop it; the pipes close with it.
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
            }
        };
        let join = |t: Option<std::thread::JoinHandle<Vec<u8>>>| {
            t.and_then(|t| t.join().ok()).unwrap_or_default()
        };
        let output = Output {
            stdout: join(stdout),
            stderr: join(stderr),
        };
        if let Some(f) = feeder {
            let _ = f.join();
        }
        let Some(status) = status else {
            return Err(ReadError::Damaged {
                format,
                detail: format!(
                    "{} did not finish within {} s and was stopped: the file is damaged or \
                     unusually heavy; open it and save it again (or print it to a new PDF)",
                    tool.name,
                    timeout.as_secs()
                ),
            });
        };
        if output.stdout.len() > max_output {
            return Err(ReadError::Damaged {
                format,
                detail: format!(
                    "{} printed more than {} MB of text, far more than a report holds; it is \
                     not read: check that this is the report",
                    tool.name,
                    max_output >> 20
                ),
            });
        }
        if status.success() {
            String::from_utf8(output.stdout).map_err(|e| ReadError::Damaged {
                format,
                detail: format!(
                    "{} gave text that is not UTF-8 (offset {})",
                    tool.name,
                    e.utf8_error().valid_up_to()
                ),
            })
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let first = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            Err(ReadError::Damaged {
                format,
                detail: format!("{} says: {}", tool.name, first.trim()),
            })
        }
    })();
    if let Some(path) = temp {
        let _ = std::fs::remove_file(path);
    }
    result
}

/// Join a table cell's wrapped lines: Chinese runs on without a space, other words get one.
pub(crate) fn join_wrapped<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        if part.is_empty() {
            continue;
        }
        let ascii_seam = out.chars().next_back().is_some_and(|c| c.is_ascii())
            && part.chars().next().is_some_and(|c| c.is_ascii());
        if ascii_seam {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_their_bytes_not_their_names() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Ok(Format::Pdf));
        assert_eq!(sniff("一、总体情况".as_bytes()), Ok(Format::Text));
        assert_eq!(
            sniff(b"<!DOCTYPE html><html><body><p>x</p></body></html>"),
            Ok(Format::Html)
        );
        for (bytes, what) in [
            (&b"\x89PNG\r\n\x1a\n"[..], "a PNG image"),
            (b"\xFF\xD8\xFF\xE0", "a JPEG image"),
            (b"{\\rtf1\\ansi", "an RTF document"),
            (b"Rar!\x1a\x07", "a RAR archive"),
        ] {
            match sniff(bytes) {
                Err(ReadError::Unsupported { what: w, .. }) => assert_eq!(w, what),
                other => panic!("{what}: {other:?}"),
            }
        }
        let e = sniff(b"\x89PNG\r\n\x1a\n").unwrap_err().to_string();
        assert_eq!(
            e,
            "this is a PNG image; it needs OCR: run an OCR tool on it and ingest the text it makes"
        );
    }

    #[test]
    fn a_tool_that_hangs_or_floods_is_stopped() {
        let sleep = Tool {
            name: "sleep",
            install: "",
        };
        let started = Instant::now();
        let err = run_tool_within(
            &sleep,
            Format::Pdf,
            &["30"],
            b"",
            None,
            (Duration::from_secs(1), 1024),
        )
        .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(
            err.to_string(),
            "cannot read this pdf file: sleep did not finish within 1 s and was stopped: the \
             file is damaged or unusually heavy; open it and save it again (or print it to a new PDF)"
        );
        let yes = Tool {
            name: "yes",
            install: "",
        };
        let err = run_tool_within(
            &yes,
            Format::Pdf,
            &[],
            b"",
            None,
            (Duration::from_secs(60), 1 << 20),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot read this pdf file: yes printed more than 1 MB of text, far more than a \
             report holds; it is not read: check that this is the report"
        );
    }

    #[test]
    fn format_keys_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_key(f.key()), Some(f));
        }
    }
}
