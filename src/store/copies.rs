//! Which of two files holding the same report (one agency, one year) is kept.
//!
//! The same report in two formats (a page and its PDF attachment) is one report: the copy
//! placing more numbers in its tables is kept, a tie going to the richer format, and the
//! other file is recorded as its duplicate source. Two files of one format, or of a format
//! not recorded, are a conflict: neither replaces the other.

use rusqlite::{Connection, OptionalExtension, params};

use super::Source;
use crate::read::Format;

/// What to do with a report whose agency and year another file may hold already.
#[derive(Debug)]
pub(super) enum Choice {
    /// No other file holds it.
    Alone,
    /// Another file holds it, and the two are not the same report in two formats.
    Conflict { other_path: String },
    /// Another file holds it in another format and is kept; this file is its duplicate.
    KeepOther {
        other_id: i64,
        other_path: String,
        reason: String,
    },
    /// Another file holds it in another format; this file is kept in its place.
    KeepNew {
        other_id: i64,
        other_path: String,
        other_sha256: String,
        other_format: Format,
        reason: String,
    },
}

/// The choice for a report of `agency` and `year` from `source`, read as `format`, placing
/// `numbers()` numbers in its tables. `same_path` is the report the same file held before
/// (never its own rival).
pub(super) fn choose(
    tx: &Connection,
    source: &Source,
    format: Option<Format>,
    (agency, year): (&str, i32),
    numbers: impl FnOnce() -> i64,
    same_path: Option<i64>,
) -> rusqlite::Result<Choice> {
    let other: Option<(i64, String)> = tx
        .prepare_cached(
            "SELECT r.id, r.source_path FROM reports r JOIN agencies a ON a.id = r.agency_id \
             WHERE a.name = ?1 AND r.year = ?2",
        )?
        .query_row(params![agency, year], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((other_id, other_path)) = other.filter(|(id, _)| same_path != Some(*id)) else {
        return Ok(Choice::Alone);
    };
    let (other_format, other_sha256, other_numbers): (Option<String>, String, i64) = tx
        .prepare_cached(
            "SELECT source_format, source_sha256, \
             (SELECT count(*) FROM cell_values c \
              WHERE c.report_id = r.id AND c.value IS NOT NULL) \
             FROM reports r WHERE id = ?1",
        )?
        .query_row([other_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let other_format = other_format.as_deref().and_then(Format::from_key);
    let (Some(new_format), Some(other_format)) = (format, other_format) else {
        return Ok(Choice::Conflict { other_path });
    };
    if new_format == other_format {
        return Ok(Choice::Conflict { other_path });
    }
    Ok(
        match keep_new(
            (new_format, numbers()),
            (other_format, other_numbers),
            source.path,
            &other_path,
        ) {
            Ok(reason) => Choice::KeepNew {
                other_id,
                other_path,
                other_sha256,
                other_format,
                reason,
            },
            Err(reason) => Choice::KeepOther {
                other_id,
                other_path,
                reason,
            },
        },
    )
}

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
