//! The ingest pipeline: files → text → document → report → findings → store.
//!
//! Files stream from a directory walk through a pool of parser threads into one writer,
//! which stores each report whole (a savepoint) in batched transactions. Nothing
//! corpus-sized is held: the walk is lazy and the channel to the writer is bounded. A file that cannot be read or
//! recognized, or whose parse panics, is reported with its reason; the rest goes on.

use std::cell::{Cell, RefCell};
use std::fs;
use std::io::Read as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once, mpsc};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::check::{self, ChainRows, Finding};
use crate::model::Report;
use crate::read::{self, Format};
use crate::recognize;
use crate::store::{self, Counts, CrossYear, Derived, SaveOutcome, Source, Store, StoreError};

/// File extensions ingest picks up when walking a folder: reports as sites publish them.
/// A file is read by what its bytes are, whatever its name; a file named on the command
/// line is read whatever its extension.
pub const EXTENSIONS: &[&str] = &["txt", "html", "htm", "shtml", "xhtml", "docx", "doc", "pdf"];

#[derive(Debug, Clone)]
pub struct Options {
    /// Parser threads; 0 means one per core.
    pub jobs: usize,
    /// Files larger than this many bytes are refused, not read.
    pub max_file_size: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            jobs: 0,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// The largest file read by default. A report, tables and pictures and all, is a few MB;
/// a page or text file far larger is something else (a dump, a video, a log), and an
/// HTML page takes several times its size in memory to parse.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 << 20;

/// Why a file gives no report: typed, so a caller can tell a scan that needs OCR from a
/// document that is not a report; its `Display` is the line a user reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// A path given or found cannot be walked: no such file or folder, or a disk error.
    #[error("{0}")]
    Unreadable(String),
    /// The file went away between the walk and the read.
    #[error(
        "the file is gone: it was deleted or moved after ingest found it; ingest it again from \
         where it is now"
    )]
    Gone,
    #[error("cannot read the file: permission denied; make it readable and ingest it again")]
    PermissionDenied,
    /// Another error of the file system, in its words.
    #[error("cannot read the file ({0}); check the disk and ingest it again")]
    Io(String),
    /// Larger than the limit: refused before (or while) it is read.
    #[error(
        "the file is {:.1} MB, larger than the {:.0} MB a file may be; a report is far smaller: \
         check that this is the report, or raise --max-file-size to read it anyway",
        mib(*size),
        mib(*max)
    )]
    TooLarge { size: u64, max: u64 },
    /// The bytes could not be turned into a document (a scan, a password, damage…).
    #[error(transparent)]
    Read(#[from] read::ReadError),
    /// A document, but not one the reader can take as an annual report of an agency and year.
    #[error(transparent)]
    Recognize(#[from] recognize::RecognizeError),
    /// Another file holds the same agency and year, and the two differ.
    #[error(
        "{agency} {year} is already stored from {other_path}; the two files differ and are not \
         merged: remove the one that is wrong and ingest again{dropped}"
    )]
    Conflict {
        agency: String,
        year: i32,
        other_path: String,
        /// What became of the report this file held before, in words (or nothing).
        dropped: String,
    },
    /// nianbao panicked on this file: a bug; `at` is where, when known.
    #[error(
        "nianbao failed on this file ({what}{at}); this is a bug in nianbao: please report it \
         with the file attached (the other files are not affected)"
    )]
    Panicked { what: String, at: String },
}

fn mib(n: u64) -> f64 {
    n as f64 / (1u64 << 20) as f64
}

/// What happened to one file, as the writer learns it.
#[derive(Debug)]
pub enum Event<'a> {
    /// Stored (new, or replacing the report of a changed file).
    Stored {
        path: &'a str,
        report: &'a Report,
        outcome: &'a SaveOutcome,
    },
    /// Already stored with this content: nothing done.
    Unchanged { path: &'a str },
    /// The same report in another format is stored from `other_path` and kept.
    Duplicate {
        path: &'a str,
        other_path: &'a str,
        reason: &'a str,
    },
    /// Not stored, with the reason.
    Failed {
        path: &'a str,
        reason: &'a FileError,
    },
    /// Found in a folder and not read (an image, a hidden file, a link loop…): why.
    Skipped { path: &'a str, why: &'a str },
    /// Another program (another ingest) holds the database's write lock: the writer has
    /// waited this long so far for its turn, and waits on. Sent about once a second.
    Waiting { waited: Duration },
}

/// The end-of-run tally.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub seen: u64,
    pub ingested: u64,
    pub unchanged: u64,
    pub failed: u64,
    /// Files holding a report already stored from a file of another format, which is kept.
    pub duplicates: u64,
    /// Files found in folders and not read, by kind (not among `seen`).
    pub skipped: std::collections::BTreeMap<Skip, u64>,
    /// What the database holds after the run.
    pub totals: Counts,
    pub elapsed: Duration,
}

/// What a parser thread hands the writer.
enum Parsed {
    Report {
        path: String,
        sha256: String,
        format: Format,
        report: Box<Report>,
        derived: Box<Derived>,
        findings: Vec<Finding>,
    },
    Unchanged {
        path: String,
    },
    Failed {
        path: String,
        reason: FileError,
    },
    Skipped {
        path: String,
        skip: Skip,
        why: String,
    },
}

impl Parsed {
    fn is_report(&self) -> bool {
        matches!(self, Parsed::Report { .. })
    }
}

/// Ingest every report file under `paths` into the database at `db`. `on_event` sees each
/// file's outcome in the writer thread: a report's as it is stored, unchanged and failed
/// files' a few at a time (see [`OUTBOX_FILES`]).
pub fn ingest(
    paths: &[PathBuf],
    db: &Path,
    options: &Options,
    on_event: &mut dyn FnMut(Event),
) -> Result<Summary, StoreError> {
    let started = Instant::now();
    let mut store = Store::open_waiting(db, &mut |waited| on_event(Event::Waiting { waited }))?
        .with_cross_year(&CROSS_YEAR);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .thread_name(|i| format!("parse-{i}"))
        .build()
        .expect("a thread pool of the requested size");
    let (tx, rx) = mpsc::sync_channel::<Vec<Parsed>>(256);
    let db = db.to_path_buf();
    let roots = paths.to_vec();
    let max_file_size = options.max_file_size;
    let producer = std::thread::spawn(move || {
        // Read-only connections for the parsers' lookups, one per thread at a time: opening
        // one per file would cost more than the lookup.
        let readers = Mutex::new(Vec::new());
        // The writer stopped on a store error: the files left are walked, not parsed.
        let writer_gone = AtomicBool::new(false);
        pool.install(|| {
            walk(&roots)
                .par_bridge()
                .fold(Vec::new, |mut outbox, file| {
                    if writer_gone.load(Ordering::Relaxed) {
                        return outbox;
                    }
                    let conn = lock(&readers)
                        .pop()
                        .or_else(|| store::open_read_only(&db).ok());
                    let parsed = match file {
                        Found::File(path) => parse_file(&path, max_file_size, conn.as_ref()),
                        Found::Unreadable { path, reason } => Parsed::Failed {
                            path,
                            reason: FileError::Unreadable(reason),
                        },
                        Found::Skipped { path, skip, why } => Parsed::Skipped { path, skip, why },
                    };
                    lock(&readers).extend(conn);
                    // A report goes to the writer at once; unchanged and failed files wait
                    // for a few more: a message a file woke the writer (a context switch)
                    // for each of a re-ingest's files, which took a third of its time.
                    let report = parsed.is_report();
                    outbox.push(parsed);
                    if report || outbox.len() >= OUTBOX_FILES {
                        let full = std::mem::replace(&mut outbox, Vec::with_capacity(OUTBOX_FILES));
                        // The writer only stops early, on a store error.
                        if tx.send(full).is_err() {
                            writer_gone.store(true, Ordering::Relaxed);
                        }
                    }
                    outbox
                })
                .for_each(|outbox| {
                    if !outbox.is_empty() {
                        let _ = tx.send(outbox);
                    }
                })
        });
    });

    let mut summary = Summary::default();
    let mut store_error = None;
    let mut batch = Batch::default();
    for parsed in rx.into_iter().flatten() {
        if let Parsed::Skipped { path, skip, why } = &parsed {
            *summary.skipped.entry(*skip).or_default() += 1;
            on_event(Event::Skipped { path, why });
            continue;
        }
        summary.seen += 1;
        let mut on_wait = |waited| on_event(Event::Waiting { waited });
        if let Err(e) = batch.before(&mut store, parsed.is_report(), &mut on_wait) {
            store_error = Some(e);
            break;
        }
        match parsed {
            Parsed::Unchanged { path } => {
                summary.unchanged += 1;
                on_event(Event::Unchanged { path: &path });
            }
            Parsed::Failed { path, reason } => {
                summary.failed += 1;
                on_event(Event::Failed {
                    path: &path,
                    reason: &reason,
                });
            }
            Parsed::Skipped { .. } => {}
            Parsed::Report {
                path,
                sha256,
                format,
                report,
                derived,
                findings,
            } => {
                let source = Source {
                    path: &path,
                    sha256: &sha256,
                };
                // A panic while storing (a bug) rolls the report's transaction back and
                // fails this file only, as a parser's does.
                let saved = guarded(|| {
                    Ok(store.save_as(&source, Some(format), &report, &derived, &findings))
                });
                let saved = match saved {
                    Ok(saved) => saved,
                    Err(reason) => {
                        summary.failed += 1;
                        on_event(Event::Failed {
                            path: &path,
                            reason: &reason,
                        });
                        continue;
                    }
                };
                match saved {
                    Ok(SaveOutcome::Unchanged) => {
                        summary.unchanged += 1;
                        on_event(Event::Unchanged { path: &path });
                    }
                    Ok(SaveOutcome::KeptOther {
                        other_path,
                        reason,
                        old_dropped,
                    }) => {
                        summary.duplicates += 1;
                        let reason = format!("{reason}{}", dropped_note(&old_dropped));
                        on_event(Event::Duplicate {
                            path: &path,
                            other_path: &other_path,
                            reason: &reason,
                        });
                    }
                    Ok(SaveOutcome::Conflict {
                        other_path,
                        old_dropped,
                    }) => {
                        summary.failed += 1;
                        let reason = FileError::Conflict {
                            agency: report.agency.clone(),
                            year: report.year,
                            other_path,
                            dropped: dropped_note(&old_dropped),
                        };
                        on_event(Event::Failed {
                            path: &path,
                            reason: &reason,
                        });
                    }
                    Ok(outcome) => {
                        summary.ingested += 1;
                        on_event(Event::Stored {
                            path: &path,
                            report: &report,
                            outcome: &outcome,
                        });
                    }
                    Err(e) => {
                        store_error = Some(e);
                        break;
                    }
                }
            }
        }
    }
    // What was saved before an error is kept: each report in it is whole.
    let committed = store.commit_batch();
    // The receiver is gone with the loop: after a store error the parsers' sends fail fast.
    // A panic outside any file's guard (walking the folders) is a bug: not a quiet end.
    if let Err(panic) = producer.join() {
        panic::resume_unwind(panic);
    }
    if let Some(e) = store_error.or(committed.err()) {
        return Err(e);
    }
    store.checkpoint()?;
    summary.totals = store.counts()?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The checks' cross-year rules, as the store runs them on each pair of an agency's
/// consecutive years when either report is saved.
pub const CROSS_YEAR: CrossYear = CrossYear {
    rows: &check::CHAINED_ROWS,
    check: |prev, cur| {
        let rows = |y: &store::YearRows| ChainRows::new(y.year, y.template, &y.tables);
        check::check_chain(&rows(prev), &rows(cur))
    },
};

/// How many unchanged or failed files a parser thread sends the writer at once.
const OUTBOX_FILES: usize = 32;

/// What a file's outcome adds when the report the file held before was removed
/// ([`SaveOutcome::Conflict`], [`SaveOutcome::KeptOther`]).
fn dropped_note(old_dropped: &Option<Vec<String>>) -> String {
    match old_dropped.as_deref() {
        None => String::new(),
        Some([]) => "; the report this file held before is removed".to_string(),
        Some(others) => format!(
            "; the report this file held before is removed, though {} also held it: \
             ingest again to store it from there",
            others.join(", ")
        ),
    }
}

/// Reports are committed in batches of this many, or of what arrived in this long.
/// `NIANBAO_BATCH_REPORTS=N` sets the count (1: every report committed on its own, as the
/// crash test needs so that kills land between commits on any machine).
const BATCH_REPORTS: usize = 500;
const BATCH_TIME: Duration = Duration::from_millis(500);

fn batch_reports() -> usize {
    static N: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *N.get_or_init(|| {
        std::env::var("NIANBAO_BATCH_REPORTS")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|&n| n > 0)
            .unwrap_or(BATCH_REPORTS)
    })
}

/// The writer's open batch (see [`Store::begin_batch`]).
#[derive(Default)]
struct Batch {
    files: usize,
    started: Option<Instant>,
}

impl Batch {
    /// Commits the batch when it is full or old; before a report is saved (`saving`), opens
    /// one if none is open. A file unchanged or failed writes nothing and opens no batch
    /// (a re-ingest of an unchanged folder takes no write lock). Opening one waits for
    /// another writer to let go of the database, telling `on_wait` how long so far.
    fn before(
        &mut self,
        store: &mut Store,
        saving: bool,
        on_wait: &mut dyn FnMut(Duration),
    ) -> Result<(), StoreError> {
        if let Some(started) = self.started
            && (self.files >= batch_reports() || started.elapsed() >= BATCH_TIME)
        {
            store.commit_batch()?;
            self.started = None;
        }
        if !saving {
            return Ok(());
        }
        if self.started.is_none() {
            store.begin_batch_waiting(on_wait)?;
            self.started = Some(Instant::now());
            self.files = 0;
        }
        self.files += 1;
        Ok(())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What a walk of the paths given finds.
#[derive(Debug)]
pub enum Found {
    /// A file to read.
    File(PathBuf),
    /// A file or folder that cannot be read: its path and the reason.
    Unreadable { path: String, reason: String },
    /// A file or folder not read: its path, the kind, and why in words.
    Skipped {
        path: String,
        skip: Skip,
        why: String,
    },
}

/// Why a walk leaves a file out. The order is the summary's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skip {
    Image,
    Spreadsheet,
    Archive,
    /// A name starting with `.` (a folder's contents with it).
    Hidden,
    /// No extension, or one no report is published with.
    OtherExtension,
    /// A link to a folder above it: followed, it would lead round for ever.
    LinkLoop,
    /// A link to nothing.
    BrokenLink,
    /// Not a file or folder (a pipe, a socket, a device): reading it might never end.
    Special,
}

impl Skip {
    /// `n` files of this kind, as the summary counts them: `2 images`.
    pub fn count(self, n: u64) -> String {
        let (one, many) = match self {
            Skip::Image => ("image", "images"),
            Skip::Spreadsheet => ("spreadsheet", "spreadsheets"),
            Skip::Archive => ("archive", "archives"),
            Skip::Hidden => ("hidden", "hidden"),
            Skip::OtherExtension => ("of another or no extension", "of another or no extension"),
            Skip::LinkLoop => ("link loop", "link loops"),
            Skip::BrokenLink => ("link to nothing", "links to nothing"),
            Skip::Special => ("neither file nor folder", "neither file nor folder"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }

    /// The kind of a file by its extension, when it is not one ingest reads.
    fn of_extension(path: &Path) -> Skip {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "png" | "jpg" | "jpeg" | "gif" | "bmp" | "tif" | "tiff" | "webp" | "svg" | "heic" => {
                Skip::Image
            }
            "xls" | "xlsx" | "et" | "ods" | "csv" => Skip::Spreadsheet,
            "zip" | "rar" | "7z" | "tar" | "gz" | "tgz" | "bz2" | "xz" => Skip::Archive,
            _ => Skip::OtherExtension,
        }
    }

    /// Why, in words, for one file: `an image`.
    fn why(self) -> &'static str {
        match self {
            Skip::Image => "an image",
            Skip::Spreadsheet => "a spreadsheet",
            Skip::Archive => "an archive: unpack it and ingest the folder",
            Skip::Hidden => "hidden",
            Skip::OtherExtension => "of another or no extension",
            Skip::LinkLoop => "a link loop",
            Skip::BrokenLink => "a link to nothing",
            Skip::Special => "neither file nor folder",
        }
    }
}

/// Everything under `roots`, lazily: folders are walked recursively, sorted, following
/// symbolic links to files and folders (a link back to a folder above is a loop, skipped);
/// files with an ingestible extension are taken, and every other file is skipped with its
/// kind, as are hidden files and folders (a hidden folder counted once). A path named
/// directly is taken whatever its name.
pub fn walk(roots: &[PathBuf]) -> impl Iterator<Item = Found> + Send {
    roots.iter().cloned().flat_map(|root| {
        let named_file = root.is_file();
        let mut entries = walkdir::WalkDir::new(&root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        let skipped = |path: &Path, skip: Skip| Found::Skipped {
            path: path_text(path),
            skip,
            why: skip.why().to_string(),
        };
        std::iter::from_fn(move || {
            loop {
                let entry = match entries.next()? {
                    Ok(entry) => entry,
                    Err(err) => return Some(walk_error(&err, &root)),
                };
                let (path, kind) = (entry.path(), entry.file_type());
                if entry.depth() > 0 && entry.file_name().as_encoded_bytes().starts_with(b".") {
                    if kind.is_dir() {
                        entries.skip_current_dir();
                    }
                    return Some(skipped(path, Skip::Hidden));
                }
                if kind.is_dir() {
                    continue;
                }
                if !kind.is_file() {
                    return Some(skipped(path, Skip::Special));
                }
                if named_file || has_extension(path) {
                    return Some(Found::File(entry.into_path()));
                }
                return Some(skipped(path, Skip::of_extension(path)));
            }
        })
    })
}

/// What a walk's error is: a link loop or a link to nothing (skipped), else a path that
/// cannot be read.
fn walk_error(err: &walkdir::Error, root: &Path) -> Found {
    let at = err.path().unwrap_or(root);
    let path = path_text(at);
    if let Some(ancestor) = err.loop_ancestor() {
        let why = format!("a link loop (it leads back to {})", path_text(ancestor));
        let skip = Skip::LinkLoop;
        return Found::Skipped { path, skip, why };
    }
    let not_found = err
        .io_error()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
    if not_found && err.depth() > 0 && at.is_symlink() {
        let skip = Skip::BrokenLink;
        let why = skip.why().to_string();
        return Found::Skipped { path, skip, why };
    }
    let reason = if not_found {
        "no such file or folder".to_string()
    } else {
        format!("cannot read: {err}")
    };
    Found::Unreadable { path, reason }
}

/// The files of [`walk`], and what cannot be read as an `Err` of its path and the reason;
/// skipped files left out.
pub fn files(roots: &[PathBuf]) -> impl Iterator<Item = Result<PathBuf, (String, String)>> + Send {
    walk(roots).filter_map(|found| match found {
        Found::File(path) => Some(Ok(path)),
        Found::Unreadable { path, reason } => Some(Err((path, reason))),
        Found::Skipped { .. } => None,
    })
}

/// A path as text, keeping every byte: the path itself when it is UTF-8 without a
/// backslash (nearly always), else each byte that is not UTF-8 written `\xNN` and each
/// backslash `\\`. Names unzipped from archives made on Windows are often GBK bytes; a lossy
/// conversion made different names one (`\u{FFFD}` for each bad byte), and their reports
/// overwrote each other. Two paths never give one text, and the same path always the
/// same, so the store can key reports by it. (On Windows, whose paths are Unicode and
/// whose separator is the backslash, the path as shown.)
pub fn path_text(path: &Path) -> String {
    if cfg!(windows) {
        return path.display().to_string();
    }
    let bytes = path.as_os_str().as_encoded_bytes();
    if let Ok(text) = std::str::from_utf8(bytes)
        && !text.contains('\\')
    {
        return text.to_string();
    }
    let mut out = String::with_capacity(bytes.len() * 2);
    for chunk in bytes.utf8_chunks() {
        out.push_str(&chunk.valid().replace('\\', "\\\\"));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// A file's name as text, for recognizing the report by it (one more place a report names
/// itself): UTF-8, else GB18030 (GBK), as names unzipped from archives made on Windows are;
/// `None` when it is neither.
pub fn file_name_text(path: &Path) -> Option<String> {
    let name = path.file_name()?;
    if let Some(text) = name.to_str() {
        return Some(text.to_string());
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(name.as_encoded_bytes())
        .map(|text| text.into_owned())
}

fn has_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Read, hash and (unless already stored) recognize and check one file.
fn parse_file(path: &Path, max_size: u64, conn: Option<&rusqlite::Connection>) -> Parsed {
    let shown = path_text(path);
    let bytes = match read_file(path, max_size) {
        Ok(b) => b,
        Err(reason) => {
            return Parsed::Failed {
                path: shown,
                reason,
            };
        }
    };
    let sha256 = hex(&Sha256::digest(&bytes));
    if conn.is_some_and(|c| store::content_stored(c, &sha256).unwrap_or(false)) {
        return Parsed::Unchanged { path: shown };
    }
    // What the store derives is worked out here too, under the same guard: a panic in it
    // fails this file, as a parser's does.
    let parsed = guarded(|| {
        let parsed = parse_named(&bytes, file_name_text(path).as_deref())?;
        let derived = Derived::of(&parsed.report);
        Ok((parsed, derived))
    });
    match parsed {
        Ok((parsed, derived)) => Parsed::Report {
            path: shown,
            sha256,
            format: parsed.format,
            derived: Box::new(derived),
            report: Box::new(parsed.report),
            findings: parsed.findings,
        },
        Err(reason) => Parsed::Failed {
            path: shown,
            reason,
        },
    }
}

/// A file's bytes, or why they cannot be read: among them, a file larger than `max_size`
/// bytes, refused before it is read.
pub fn read_file(path: &Path, max_size: u64) -> Result<Vec<u8>, FileError> {
    let file = fs::File::open(path).map_err(|e| cannot_read(&e))?;
    let size = file.metadata().map_err(|e| cannot_read(&e))?.len();
    let too_big = |size: u64| FileError::TooLarge {
        size,
        max: max_size,
    };
    if size > max_size {
        return Err(too_big(size));
    }
    // Read no more than the limit, whatever the size said: a file may grow meanwhile.
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(&e))?;
    if bytes.len() as u64 > max_size {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

fn cannot_read(e: &std::io::Error) -> FileError {
    match e.kind() {
        std::io::ErrorKind::NotFound => FileError::Gone,
        std::io::ErrorKind::PermissionDenied => FileError::PermissionDenied,
        _ => FileError::Io(e.to_string()),
    }
}

thread_local! {
    /// Whether this thread is inside [`guarded`], and where its last panic was.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    static PANICKED_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Makes a panic while a file is parsed or stored silent: its place goes into the file's
/// error line instead of a message of its own on stderr; any other panic prints as before.
/// For programs that report each file's outcome themselves, as the command line does.
pub fn quiet_parser_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                PANICKED_AT.with(|p| *p.borrow_mut() = at);
            } else {
                previous(info);
            }
        }));
    });
}

/// [`parse_named`], with a panic in the parser made this file's failure, not the batch's.
pub fn parse_guarded(bytes: &[u8], file_name: Option<&str>) -> Result<ParsedFile, FileError> {
    guarded(|| parse_named(bytes, file_name))
}

/// Runs `work` on one file, turning a panic into that file's error, saying where it was.
fn guarded<T>(work: impl FnOnce() -> Result<T, FileError>) -> Result<T, FileError> {
    GUARDED.with(|p| p.set(true));
    PANICKED_AT.with(|p| p.borrow_mut().take());
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    GUARDED.with(|p| p.set(false));
    result.unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = PANICKED_AT
            .with(|p| p.borrow_mut().take())
            .map(|at| format!(" at {at}"))
            .unwrap_or_default();
        Err(FileError::Panicked { what, at })
    })
}

/// The pure part of the pipeline: bytes → report and its single-report findings (the
/// cross-year ones need the store, which adds them when it saves the report).
pub fn parse_bytes(bytes: &[u8]) -> Result<(Report, Vec<Finding>), FileError> {
    parse_input(bytes).map(|p| (p.report, p.findings))
}

/// A file parsed: the format it was read from, the report, its findings.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub format: Format,
    pub report: Report,
    pub findings: Vec<Finding>,
}

/// [`parse_bytes`], also saying which format the bytes were read as.
pub fn parse_input(bytes: &[u8]) -> Result<ParsedFile, FileError> {
    parse_named(bytes, None)
}

/// [`parse_input`] of a file named `file_name` (`某某局2023年…年度报告.pdf`): the name is one
/// more place a report may name itself.
pub fn parse_named(bytes: &[u8], file_name: Option<&str>) -> Result<ParsedFile, FileError> {
    let mut input = read::read(bytes)?;
    input.document.properties.file_name = file_name.map(str::to_string);
    let report = recognize::recognize(&input.document)?;
    let findings = check::check_document(&input.document, &report);
    Ok(ParsedFile {
        format: input.format,
        report,
        findings,
    })
}

/// How the tables of one file's bytes are read, step by step, as
/// [`recognize::explain`] tells it; `file_name` as for [`parse_named`].
pub fn explain_named(
    bytes: &[u8],
    file_name: Option<&str>,
    only: Option<u8>,
) -> Result<String, FileError> {
    let mut input = read::read(bytes)?;
    input.document.properties.file_name = file_name.map(str::to_string);
    Ok(recognize::explain(&input.document, only)?)
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_parsing_is_that_files_error_with_its_place() {
        quiet_parser_panics();
        let line = line!() + 1;
        let err = guarded::<()>(|| panic!("index out of bounds")).unwrap_err();
        assert_eq!(
            err,
            FileError::Panicked {
                what: "index out of bounds".to_string(),
                at: format!(" at src/ingest.rs:{line}"),
            }
        );
        assert_eq!(
            err.to_string(),
            format!(
                "nianbao failed on this file (index out of bounds at src/ingest.rs:{line}); this \
                 is a bug in nianbao: please report it with the file attached (the other files \
                 are not affected)"
            )
        );
        // The next file parses as usual.
        assert_eq!(guarded(|| Ok(7)), Ok(7));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_name_in_gbk_is_read_as_gbk_and_its_path_keeps_every_byte() {
        use std::os::unix::ffi::OsStrExt;
        let (gbk, _, _) = encoding_rs::GBK.encode("财政局2023年度报告.txt");
        let path = Path::new("in").join(std::ffi::OsStr::from_bytes(&gbk));
        assert_eq!(
            file_name_text(&path).as_deref(),
            Some("财政局2023年度报告.txt")
        );
        assert_eq!(
            path_text(&path),
            "in/\\xB2\\xC6\\xD5\\xFE\\xBE\\xD62023\\xC4\\xEA\\xB6ȱ\\xA8\\xB8\\xE6.txt"
        );
        assert_eq!(path_text(Path::new("a\\b/c.txt")), "a\\\\b/c.txt");
        assert_eq!(path_text(Path::new("报告/c.txt")), "报告/c.txt");
    }
}
