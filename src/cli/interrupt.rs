//! Stopping a query that runs too long: Ctrl-C, or `--timeout`. SQLite looks at its
//! interrupt flag as it runs, so a watchdog thread raises it (through rusqlite's interrupt
//! handle) when either comes; the statement then fails with SQLITE_INTERRUPT. The
//! connection is read-only, so nothing else needs undoing, and an output file is only
//! renamed into place once complete, so a stopped query leaves none.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use rusqlite::Connection;

use super::output::{self, Target};

/// Set by the SIGINT handler.
static CTRL_C: AtomicBool = AtomicBool::new(false);

/// How often the watchdog looks at the clock and at Ctrl-C.
const TICK: Duration = Duration::from_millis(20);

/// Why a query was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    CtrlC,
    Timeout(Duration),
}

/// `--timeout`, for commands that run a statement.
#[derive(Debug, Clone, clap::Args)]
pub struct WatchArgs {
    /// Stop the query after this many seconds (Ctrl-C stops it at any time).
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub timeout: Option<Duration>,
}

/// Parses `--timeout`: seconds, decimals allowed.
pub fn parse_seconds(s: &str) -> Result<Duration, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n > 0.0)
        .and_then(|n| Duration::try_from_secs_f64(n).ok())
        .ok_or_else(|| format!("`{s}` is not a number of seconds (for example 30 or 2.5)"))
}

/// Runs the prepared statement `stmt` of `conn` and writes its rows to `target`, stopped on
/// Ctrl-C (exit status 130) or after `timeout`, each with one line saying so.
pub fn write_watched(
    conn: &Connection,
    stmt: &mut rusqlite::Statement<'_>,
    target: &Target,
    timeout: Option<Duration>,
) -> Result<ExitCode> {
    catch_ctrl_c();
    let handle = conn.get_interrupt_handle();
    let (done, watching) = mpsc::channel::<()>();
    let started = Instant::now();
    let watchdog = std::thread::spawn(move || {
        loop {
            if CTRL_C.load(Ordering::SeqCst) {
                handle.interrupt();
                return Some(Stop::CtrlC);
            }
            if let Some(limit) = timeout
                && started.elapsed() >= limit
            {
                handle.interrupt();
                return Some(Stop::Timeout(limit));
            }
            match watching.recv_timeout(TICK) {
                Err(RecvTimeoutError::Timeout) => {}
                Ok(()) | Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    });
    let written = output::write_statement(stmt, target);
    let _ = done.send(());
    let stopped = watchdog.join().unwrap_or(None);
    let interrupted = written.as_ref().is_err_and(|e| {
        e.chain().any(|c| {
            c.downcast_ref::<rusqlite::Error>()
                .and_then(rusqlite::Error::sqlite_error_code)
                == Some(rusqlite::ErrorCode::OperationInterrupted)
        })
    });
    match (written, stopped) {
        (Ok(_), _) => Ok(ExitCode::SUCCESS),
        (Err(_), Some(stop)) if interrupted => match stop {
            Stop::CtrlC => {
                eprintln!("nianbao: interrupted (Ctrl-C): the query was stopped");
                Ok(ExitCode::from(130))
            }
            Stop::Timeout(limit) => bail!(
                "the query ran longer than --timeout {}s and was stopped; narrow it (a \
                 WHERE on year or agency) or give it more time",
                limit.as_secs_f64()
            ),
        },
        (Err(e), _) => Err(e),
    }
}

/// Makes Ctrl-C raise [`CTRL_C`] instead of ending the process; a second Ctrl-C ends it
/// as usual.
#[cfg(unix)]
fn catch_ctrl_c() {
    extern "C" fn on_sigint(_: libc::c_int) {
        CTRL_C.store(true, Ordering::SeqCst);
        // SAFETY: signal() is async-signal-safe; SIG_DFL restores the default for the next.
        unsafe {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
        }
    }
    // SAFETY: the handler only stores to an atomic and calls signal(), both
    // async-signal-safe.
    unsafe {
        libc::signal(
            libc::SIGINT,
            on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t,
        );
    }
}

/// Elsewhere Ctrl-C ends the process, which leaves the read-only database as it was.
#[cfg(not(unix))]
fn catch_ctrl_c() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_in_seconds() {
        assert_eq!(parse_seconds("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_seconds("2.5"), Ok(Duration::from_millis(2500)));
        assert!(parse_seconds("0").is_err());
        assert!(parse_seconds("-1").is_err());
        assert!(parse_seconds("1e400").is_err());
        assert!(parse_seconds("soon").is_err());
    }
}
