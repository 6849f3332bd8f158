//! The whole pipeline measured against its floor, in one run (`nianbao bench`).
//!
//! 1. Generate N text reports of distinct agencies and years with [`nianbao_synth`] (every
//!    layout in turn, by seed) into a folder a year of folders of 1,000 files, in parallel
//!    batches of 1,024. Ingest walks folders in order, so the database is written a year
//!    after another, as a warehouse grows (a year's reports each January): a year's rows
//!    lie together in the file, which is what a whole-year query reads.
//! 2. Flush them to disk (`sync`), then ingest them with the real [`ingest::ingest`] into a
//!    fresh database.
//! 3. The floor, on the same machine in the same run: the same bytes read and scanned by a
//!    regex on the same number of threads, plus the same rows bulk-inserted into a fresh
//!    database with the store's schema, page cache and unchecked foreign keys, in one
//!    transaction (rollback journal, synchronous=NORMAL), a row a prepared statement. The
//!    rows are read out of the ingested database in chunks between the inserts, untimed,
//!    so the floor is the insert alone.
//! 4. Ingest the unchanged folder again.
//! 5. Run every saved query with representative parameters: one year of the whole country,
//!    and one agency over all years (with a province for the regional roll-up).
//! 6. Write what people take away, the office's workbook and the report page, for the
//!    largest province's busiest year and for that whole year of the country.
//!
//! Peak memory is the process's high-water mark (VmHWM), over all of the above.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::hash::{Hash, Hasher};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use regex::bytes::Regex;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params_from_iter};

use nianbao::ingest::{self, Summary};
use nianbao::queries::Selection;
use nianbao::store::{self, Store};
use nianbao::{page, workbook};
use nianbao_synth::{self as synth, Layout};

/// Files per generated folder: no folder grows to a size that is slow to list.
const FILES_PER_FOLDER: u64 = 1000;

/// How many of the reports are ingested again as PDFs, for the PDF rate.
const PDF_REPORTS: u64 = 2000;

/// The floor's scan: every number and every line of the text, as the parser must find them.
const SCAN_PATTERN: &str = r"[0-9]+(?:\.[0-9]+)?|\n";

#[derive(Debug, Clone)]
pub struct Options {
    pub reports: u64,
    /// Threads for generating, parsing and the floor's scan; 0 means one per core.
    pub jobs: usize,
    /// Keep the corpus and databases in this folder (created); else a temporary folder
    /// that is removed at the end.
    pub keep: Option<PathBuf>,
    /// Seed of the first report.
    pub seed: u64,
}

/// A saved query's timing: its first run, with the database's pages wherever the
/// benchmark's writing left them (mostly on disk after the floor's database), and the run
/// right after it (the pages it reads now in memory, as they are for a user's second
/// question).
#[derive(Debug, Clone)]
pub struct QueryTiming {
    pub name: String,
    /// The parameters it ran with, as `key=value` joined by spaces.
    pub params: String,
    pub rows: u64,
    pub first: Duration,
    pub again: Duration,
}

/// The time to write a workbook or a report page of a selection.
#[derive(Debug, Clone)]
pub struct TakeawayTiming {
    /// `workbook` or `page`.
    pub what: &'static str,
    /// The selection, as `key=value` joined by spaces.
    pub selection: String,
    pub reports: u64,
    /// The size of the written file.
    pub bytes: u64,
    pub elapsed: Duration,
}

/// Everything the benchmark measured.
#[derive(Debug, Clone)]
pub struct Figures {
    pub reports: u64,
    pub jobs: usize,
    pub corpus_bytes: u64,
    pub generate: Duration,
    pub ingest: Summary,
    /// The CPU the first ingest used, where the system tells it.
    pub ingest_cpu: Option<CpuTime>,
    pub reingest: Summary,
    /// Rows the ingest stored, over every table but the gazetteer.
    pub rows: u64,
    pub floor_scan: Duration,
    pub floor_insert: Duration,
    pub db_bytes: u64,
    pub peak_rss_bytes: Option<u64>,
    pub queries: Vec<QueryTiming>,
    pub takeaways: Vec<TakeawayTiming>,
    /// `nianbao copies` on the ingested database, and its time.
    pub copies: nianbao::copies::Summary,
    pub copies_time: Duration,
    /// The first reports again, each printed to a PDF of its text, ingested into a
    /// database of their own.
    pub pdf: Summary,
}

impl Figures {
    pub fn floor(&self) -> Duration {
        self.floor_scan + self.floor_insert
    }

    /// Ingest time over the floor's.
    pub fn ratio(&self) -> f64 {
        self.ingest.elapsed.as_secs_f64() / self.floor().as_secs_f64().max(1e-9)
    }

    /// Reports (files) per second of the first ingest.
    pub fn reports_per_sec(&self) -> f64 {
        self.ingest.seen as f64 / self.ingest.elapsed.as_secs_f64().max(1e-9)
    }

    pub fn db_bytes_per_report(&self) -> f64 {
        self.db_bytes as f64 / self.ingest.totals.reports.max(1) as f64
    }

    /// PDF files per second of the PDF ingest.
    pub fn pdf_reports_per_sec(&self) -> f64 {
        self.pdf.seen as f64 / self.pdf.elapsed.as_secs_f64().max(1e-9)
    }

    /// The re-ingest's time as a share of the first ingest's, in %.
    pub fn reingest_pct(&self) -> f64 {
        100.0 * self.reingest.elapsed.as_secs_f64() / self.ingest.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Runs the benchmark; `queries` are the saved queries as (name, SQL); `progress` hears
/// each step as it starts.
pub fn run(
    options: &Options,
    queries: &[(&str, &str)],
    progress: &mut dyn FnMut(&str),
) -> anyhow::Result<Figures> {
    let temp;
    let root = match &options.keep {
        Some(dir) => {
            fs::create_dir_all(dir)?;
            dir.clone()
        }
        None => {
            temp = tempfile::Builder::new().prefix("nianbao-bench").tempdir()?;
            temp.path().to_path_buf()
        }
    };
    let corpus = root.join("corpus");
    let db = root.join("bench.db");
    let floor_db = root.join("floor.db");
    for f in [&db, &floor_db] {
        remove_database(f)?;
    }
    let jobs = if options.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        options.jobs
    };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;

    progress(&format!(
        "generating {} reports into {}",
        options.reports,
        corpus.display()
    ));
    // A corpus kept from an earlier run would be ingested beside this one.
    if corpus.exists() {
        fs::remove_dir_all(&corpus)?;
    }
    let started = Instant::now();
    let corpus_bytes = pool.install(|| generate(&corpus, options.seed, options.reports))?;
    let generate_time = started.elapsed();
    // The corpus written back to disk before ingest is timed: the kernel flushing the
    // generator's dirty pages would otherwise compete with the ingest's own writes.
    progress("flushing the corpus to disk");
    flush_to_disk();

    progress("ingesting");
    let ingest_options = ingest::Options {
        jobs,
        ..ingest::Options::default()
    };
    let roots = [corpus.clone()];
    let cpu_before = CpuTime::now();
    let first = ingest::ingest(&roots, &db, &ingest_options, &mut |_| {})?;
    let ingest_cpu = CpuTime::now()
        .zip(cpu_before)
        .map(|(after, before)| after.since(before));

    // Likewise the ingested database, before the floor is timed.
    flush_to_disk();
    progress("measuring the floor: reading and scanning the same bytes");
    let floor_scan = pool.install(|| scan(&corpus))?;
    progress("measuring the floor: bulk-inserting the same rows");
    let (rows, floor_insert) = bulk_insert(&db, &floor_db)?;
    // As large as the database: not kept, a million reports' worth is tens of gigabytes.
    remove_database(&floor_db)?;

    progress("re-ingesting the unchanged folder");
    let reingest = ingest::ingest(&roots, &db, &ingest_options, &mut |_| {})?;
    let db_bytes = database_bytes(&db);

    progress("running the saved queries");
    let conn = store::open_read_only(&db)?;
    let queries = time_queries(&conn, queries)?;
    progress("writing the workbook and the report page");
    let takeaways = time_takeaways(&conn, &root)?;
    drop(conn);

    progress("finding copied sections");
    let (copies, copies_secs) = {
        let store = store::Store::open(&db)?;
        nianbao::copies::find(store.connection(), &nianbao::copies::Options::default())?
    };

    progress("ingesting the first reports again as PDFs");
    let pdfs = root.join("pdf");
    if pdfs.exists() {
        fs::remove_dir_all(&pdfs)?;
    }
    pool.install(|| write_pdfs(&corpus, &pdfs, options.reports.min(PDF_REPORTS)))?;
    let pdf_db = root.join("pdf.db");
    remove_database(&pdf_db)?;
    let pdf = ingest::ingest(
        std::slice::from_ref(&pdfs),
        &pdf_db,
        &ingest_options,
        &mut |_| {},
    )?;
    remove_database(&pdf_db)?;

    Ok(Figures {
        reports: options.reports,
        jobs,
        corpus_bytes,
        generate: generate_time,
        ingest: first,
        ingest_cpu,
        reingest,
        rows,
        floor_scan,
        floor_insert,
        db_bytes,
        peak_rss_bytes: peak_rss_bytes(),
        queries,
        takeaways,
        copies,
        copies_time: Duration::from_secs_f64(copies_secs),
        pdf,
    })
}

/// The first `count` text reports of `corpus` printed to PDFs (a page of text lines each
/// 60 lines) in `dir`.
fn write_pdfs(corpus: &Path, dir: &Path, count: u64) -> anyhow::Result<()> {
    fs::create_dir_all(dir)?;
    let texts: Vec<PathBuf> = walkdir::WalkDir::new(corpus)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .take(count as usize)
        .map(|e| e.into_path())
        .collect();
    texts.par_iter().try_for_each(|path| -> anyhow::Result<()> {
        let text = fs::read_to_string(path)?;
        let name = path.file_stem().unwrap_or_default().to_string_lossy();
        fs::write(dir.join(format!("{name}.pdf")), synth::pdf::text_pdf(&text))?;
        Ok(())
    })
}

fn remove_database(path: &Path) -> std::io::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match fs::remove_file(PathBuf::from(p)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// The database file with its write-ahead log, in bytes.
fn database_bytes(path: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            fs::metadata(PathBuf::from(p)).ok()
        })
        .map(|m| m.len())
        .sum()
}

/// Seeds generated at a time: each batch is drawn in parallel, then kept in seed order.
const SEEDS_PER_BATCH: u64 = 1024;

/// Writes `count` reports (layouts in turn by seed, as `nianbao synth --layout all`) into
/// `dir/YEAR/` in folders of [`FILES_PER_FOLDER`]; returns the bytes written. Seeds run
/// from `seed`; one whose agency and year an earlier seed drew is passed over: the generator names agencies
/// at random (there are only 31 provincial governments), and a second report of an agency
/// and year is a conflict ingest refuses, not a report. Only a hash of each agency and year
/// is kept (16 bytes a report).
pub fn generate(dir: &Path, seed: u64, count: u64) -> anyhow::Result<u64> {
    let mut drawn = HashSet::new();
    let mut per_year: HashMap<i32, u64> = HashMap::new();
    let (mut bytes, mut written, mut next) = (0u64, 0u64, seed);
    while written < count {
        let batch: Vec<synth::Synth> = (next..next.saturating_add(SEEDS_PER_BATCH))
            .into_par_iter()
            .map(|seed| {
                let options = synth::Options {
                    layout: Some(Layout::ALL[(seed % Layout::ALL.len() as u64) as usize]),
                    ..synth::Options::default()
                };
                synth::generate(seed, &options)
            })
            .collect();
        let mut kept = Vec::new();
        for (report_seed, report) in (next..).zip(batch) {
            let key = (&report.report.agency, report.report.year);
            if written + (kept.len() as u64) < count && drawn.insert(hash(&key)) {
                let of_year = per_year.entry(report.report.year).or_default();
                let folder = dir
                    .join(report.report.year.to_string())
                    .join(format!("{:05}", *of_year / FILES_PER_FOLDER));
                *of_year += 1;
                kept.push((folder, report_seed, report));
            }
        }
        next = next.saturating_add(SEEDS_PER_BATCH);
        written += kept.len() as u64;
        bytes += kept
            .into_par_iter()
            .map(|(folder, report_seed, report)| -> anyhow::Result<u64> {
                fs::create_dir_all(&folder)?;
                let name = format!("{report_seed:08}_{}.txt", report.layout.name());
                File::create(folder.join(name))?.write_all(report.text.as_bytes())?;
                Ok(report.text.len() as u64)
            })
            .sum::<anyhow::Result<u64>>()?;
    }
    Ok(bytes)
}

fn hash(value: &impl Hash) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Asks the system to write every dirty page to disk (`sync`); where it cannot, the bench
/// goes on without.
fn flush_to_disk() {
    let _ = std::process::Command::new("sync").status();
}

/// The floor's read: every file under `dir` read and scanned once by a regex, in parallel.
fn scan(dir: &Path) -> anyhow::Result<Duration> {
    let re = Regex::new(SCAN_PATTERN)?;
    let started = Instant::now();
    let matches = AtomicU64::new(0);
    ingest::files(&[dir.to_path_buf()])
        .par_bridge()
        .try_for_each(|file| -> anyhow::Result<()> {
            let path = file.map_err(|(path, reason)| anyhow::anyhow!("{path}: {reason}"))?;
            let bytes = fs::read(&path)?;
            matches.fetch_add(re.find_iter(&bytes).count() as u64, Ordering::Relaxed);
            Ok(())
        })?;
    let elapsed = started.elapsed();
    // The count is used, so the scan cannot be optimized away.
    anyhow::ensure!(
        matches.load(Ordering::Relaxed) > 0,
        "the scan found nothing"
    );
    Ok(elapsed)
}

/// The floor's write: every row of `from` (but the tables the schema fills) inserted into
/// a fresh database at `to` in one transaction. Returns the rows and the time of the
/// inserts alone: the rows are read out of `from` in chunks, untimed, between them.
fn bulk_insert(from: &Path, to: &Path) -> anyhow::Result<(u64, Duration)> {
    // The schema as the store makes it; then the rollback journal, which a fresh database
    // needs next to nothing of (its new pages are not journaled), where a write-ahead log
    // would hold a second copy of every row until the end.
    drop(Store::open(to)?);
    let conn = &Connection::open(to)?;
    conn.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -65536;",
    )?;
    let source = store::open_read_only(from)?;
    let tables: Vec<String> = source
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' ORDER BY rootpage",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?
        .into_iter()
        // Tables the schema fills (the gazetteer, the cell keys) are there already.
        .filter(|t| {
            conn.query_row(
                &format!("SELECT NOT EXISTS (SELECT 1 FROM main.\"{t}\")"),
                [],
                |r| r.get::<_, bool>(0),
            )
            .unwrap_or(false)
        })
        .collect();

    // Small enough not to weigh in the peak memory the bench reports.
    const CHUNK: usize = 10_000;
    let tx = conn.unchecked_transaction()?;
    let mut inserting = Duration::ZERO;
    let mut rows = 0u64;
    for table in &tables {
        let mut select = source.prepare(&format!("SELECT * FROM \"{table}\""))?;
        let columns = select.column_count();
        let placeholders = vec!["?"; columns].join(", ");
        let mut insert = tx.prepare(&format!(
            "INSERT INTO main.\"{table}\" VALUES ({placeholders})"
        ))?;
        let mut cursor = select.query([])?;
        let mut chunk: Vec<Vec<Value>> = Vec::with_capacity(CHUNK);
        loop {
            chunk.clear();
            while chunk.len() < CHUNK
                && let Some(row) = cursor.next()?
            {
                chunk.push((0..columns).map(|i| row.get(i)).collect::<Result<_, _>>()?);
            }
            if chunk.is_empty() {
                break;
            }
            let started = Instant::now();
            for values in &chunk {
                insert.execute(params_from_iter(values.iter()))?;
            }
            inserting += started.elapsed();
            rows += chunk.len() as u64;
        }
    }
    let started = Instant::now();
    tx.commit()?;
    Ok((rows, inserting + started.elapsed()))
}

/// Writes the workbook and the report page of the largest province's busiest year, then
/// of that whole year, into files under `root` (removed after), and times each.
fn time_takeaways(conn: &Connection, root: &Path) -> anyhow::Result<Vec<TakeawayTiming>> {
    let busiest: Option<(String, i64)> = conn
        .query_row(
            "SELECT p.province, r.year FROM reports r \
             JOIN agency_places p ON p.agency_id = r.agency_id \
             WHERE p.province IS NOT NULL \
             GROUP BY p.province, r.year ORDER BY count(*) DESC, p.province, r.year LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((province, year)) = busiest else {
        return Ok(Vec::new());
    };
    let year = i32::try_from(year)?;
    let selections = [
        Selection {
            year: Some(year),
            agency: None,
            region: Some(province.clone()),
        },
        Selection {
            year: Some(year),
            agency: None,
            region: None,
        },
    ];
    let mut timings = Vec::new();
    for selection in &selections {
        let shown = match &selection.region {
            Some(region) => format!("region={region} year={year}"),
            None => format!("year={year}"),
        };
        let path = root.join("takeaway.xlsx");
        let started = Instant::now();
        let summary = workbook::write(conn, selection, File::create(&path)?)?;
        timings.push(TakeawayTiming {
            what: "workbook",
            selection: shown.clone(),
            reports: summary.reports,
            elapsed: started.elapsed(),
            bytes: fs::metadata(&path)?.len(),
        });
        fs::remove_file(&path)?;

        let started = Instant::now();
        let page = page::render(conn, selection)?;
        let elapsed = started.elapsed();
        timings.push(TakeawayTiming {
            what: "page",
            selection: shown,
            reports: page.reports,
            bytes: page.html.len() as u64,
            elapsed,
        });
    }
    Ok(timings)
}

/// Representative parameters: one year of the whole country; one agency over all years
/// (and the province with most agencies for the regional roll-up).
fn parameter_sets(conn: &Connection) -> rusqlite::Result<Vec<Vec<(&'static str, Value)>>> {
    let year: Option<i64> = conn
        .query_row(
            "SELECT year FROM reports GROUP BY year ORDER BY count(*) DESC, year LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let agency: Option<String> = conn
        .query_row(
            "SELECT name FROM agencies ORDER BY id LIMIT 1 \
             OFFSET (SELECT count(*) / 2 FROM agencies)",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let province: Option<String> = conn
        .query_row(
            "SELECT province FROM agency_places WHERE province IS NOT NULL \
             GROUP BY province ORDER BY count(*) DESC, province LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let text = |s: Option<String>| s.map_or(Value::Null, Value::Text);
    // A saved query with a narrower filter too runs with it: one year's facts or listed
    // issues of the whole country are an export of a million rows, not a question.
    let narrower = [
        ("key", "applications.new"),
        ("kind", "problem"),
        ("rule", "t2"),
    ]
    .map(|(key, value)| (key, Value::Text(value.to_string())));
    let mut one_year = vec![("year", year.map_or(Value::Null, Value::Integer))];
    one_year.extend(narrower);
    Ok(vec![
        one_year,
        vec![("agency", text(agency)), ("region", text(province))],
    ])
}

fn shown(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(s) => s.clone(),
        Value::Blob(_) => "(blob)".to_string(),
    }
}

/// Each saved query run to its last row with each parameter set, twice.
pub fn time_queries(
    conn: &Connection,
    queries: &[(&str, &str)],
) -> anyhow::Result<Vec<QueryTiming>> {
    let sets = parameter_sets(conn)?;
    let mut timings = Vec::new();
    for (name, sql) in queries {
        for set in &sets {
            let mut stmt = conn.prepare(sql)?;
            let mut used = Vec::new();
            for (key, value) in set {
                if let Some(index) = stmt.parameter_index(&format!(":{key}"))? {
                    stmt.raw_bind_parameter(index, value)?;
                    used.push(format!("{key}={}", shown(value)));
                }
            }
            let mut run = || -> anyhow::Result<(u64, Duration)> {
                let started = Instant::now();
                let mut rows = 0u64;
                let columns = stmt.column_count();
                let mut cursor = stmt.raw_query();
                while let Some(row) = cursor.next()? {
                    for i in 0..columns {
                        let _: Value = row.get(i)?;
                    }
                    rows += 1;
                }
                Ok((rows, started.elapsed()))
            };
            let (rows, first) = run()?;
            let (_, again) = run()?;
            timings.push(QueryTiming {
                name: name.to_string(),
                params: used.join(" "),
                rows,
                first,
                again,
            });
        }
    }
    Ok(timings)
}

/// CPU time used (user and system), by the whole process and by the calling thread: of
/// an ingest, the thread is its writer (ingest stores on the thread that calls it), the
/// rest mostly its parsers. Whether the writer's time is near the wall time says which of
/// the two bounds the ingest.
#[derive(Debug, Clone, Copy, Default)]
pub struct CpuTime {
    pub user: Duration,
    pub system: Duration,
    /// The calling thread's, user and system.
    pub thread: Duration,
}

impl CpuTime {
    /// The time used so far, where the system tells it (Linux).
    pub fn now() -> Option<CpuTime> {
        #[cfg(target_os = "linux")]
        {
            fn usage(who: libc::c_int) -> Option<(Duration, Duration)> {
                // SAFETY: rusage is plain integers, for which zero is a value.
                let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
                // SAFETY: getrusage writes only the struct it is given a pointer to.
                if unsafe { libc::getrusage(who, &mut usage) } != 0 {
                    return None;
                }
                let time = |t: libc::timeval| {
                    Duration::from_secs(t.tv_sec.max(0) as u64)
                        + Duration::from_micros(t.tv_usec.max(0) as u64)
                };
                Some((time(usage.ru_utime), time(usage.ru_stime)))
            }
            let (thread_user, thread_system) = usage(libc::RUSAGE_THREAD)?;
            let (user, system) = usage(libc::RUSAGE_SELF)?;
            Some(CpuTime {
                user,
                system,
                thread: thread_user + thread_system,
            })
        }
        #[cfg(not(target_os = "linux"))]
        None
    }

    /// The time used between `before` and this.
    pub fn since(self, before: CpuTime) -> CpuTime {
        CpuTime {
            user: self.user.saturating_sub(before.user),
            system: self.system.saturating_sub(before.system),
            thread: self.thread.saturating_sub(before.thread),
        }
    }
}

/// The process's peak resident memory (VmHWM), where the system tells it.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_counts_this_threads_work_in_the_process() {
        let before = CpuTime::now().unwrap();
        // Work until this thread has used 20 ms of CPU (however long the machine takes).
        let mut spins = 0u64;
        let used = loop {
            spins = std::hint::black_box(spins.wrapping_add(1));
            let used = CpuTime::now().unwrap().since(before);
            if used.thread >= Duration::from_millis(20) {
                break used;
            }
        };
        // The process's time includes the thread's (less a millisecond: the two are read
        // one after the other).
        assert!(
            used.user + used.system + Duration::from_millis(1) >= used.thread,
            "{used:?}"
        );
        assert_eq!(before.since(before).thread, Duration::ZERO);

        // Another thread's work counts for the process, not for this thread (less the
        // millisecond again).
        let before = CpuTime::now().unwrap();
        std::thread::spawn(|| {
            let start = CpuTime::now().unwrap();
            while CpuTime::now().unwrap().since(start).thread < Duration::from_millis(20) {}
        })
        .join()
        .unwrap();
        let used = CpuTime::now().unwrap().since(before);
        assert!(
            used.user + used.system + Duration::from_millis(1)
                >= Duration::from_millis(20) + used.thread,
            "{used:?}"
        );
    }
}
