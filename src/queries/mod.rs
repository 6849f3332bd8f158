//! Reading the store with SQL: the saved queries and the guard every statement passes.
//!
//! - [`saved`]: the saved queries, built in (every `queries/*.sql`, found when the library
//!   is built) or from a folder, each with a header that describes it and declares its named
//!   parameters, their types and allowed values; values given on the command line are
//!   checked against the declaration and bound by name, never spliced into the SQL.
//! - [`guard`]: a read-only connection to the store that leaves no files behind, and the
//!   preparation of one statement judged by what SQLite will execute (an authorizer sees
//!   every ATTACH, PRAGMA and function call), not by its text.
//! - [`Selection`]: the reports a workbook or a page is about (year, agency, region).
//!
//! Errors are typed ([`QueryError`]); the command line turns them into the user's line.

pub mod guard;
pub mod saved;

pub use guard::{ReadOnly, prepare_read_only};
pub use saved::{BUILT_IN, Param, ParamKind, SavedQuery, load};

use std::path::PathBuf;

/// What went wrong reading a saved query or preparing a statement.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("query {name} ({origin}): {why}")]
    BadHeader {
        name: String,
        origin: String,
        why: String,
    },

    #[error("cannot read the queries folder {}: {source}; check the --queries path", path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot read query file {} (it must be UTF-8 text): {source}", path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("query file {} has a name that is not UTF-8; rename it", path.display())]
    FileName { path: PathBuf },

    #[error("{0}")]
    Param(String),

    #[error("refused: {0}")]
    Refused(String),

    #[error("the SQL is empty; give one statement, such as SELECT * FROM report_overview")]
    Empty,

    #[error("only one statement may run at a time; remove everything after the first `;`")]
    Several,

    #[error("SQL error: {0}; see `nianbao sql --help` for the tables and views")]
    Sql(rusqlite::Error),

    #[error(
        "refused: the statement would change the database; reading commands only read (the data changes only through `nianbao ingest`)"
    )]
    Writes,
}

/// The reports a workbook or page covers: each filter left out matches every report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// The report year.
    pub year: Option<i32>,
    /// Part of the agency's name.
    pub agency: Option<String>,
    /// Part of the name of the province, city or county the agency sits in.
    pub region: Option<String>,
}

impl Selection {
    /// `SELECT id FROM reports …` of the selected reports, with the parameters `:year`,
    /// `:agency` and `:region` (bind them with [`Selection::bind`]).
    pub const REPORT_IDS: &'static str = "SELECT r.id FROM reports r \
         WHERE (:year IS NULL OR r.year = :year) \
           AND (:agency IS NULL \
                OR r.agency_id IN (SELECT id FROM agencies WHERE instr(name, :agency) > 0)) \
           AND (:region IS NULL \
                OR r.agency_id IN (SELECT agency_id FROM agency_places \
                                   WHERE instr(coalesce(province, ''), :region) > 0 \
                                      OR instr(coalesce(city, ''), :region) > 0 \
                                      OR instr(coalesce(county, ''), :region) > 0))";

    /// Binds `:year`, `:agency` and `:region` where `stmt` uses them.
    pub fn bind(&self, stmt: &mut rusqlite::Statement<'_>) -> rusqlite::Result<()> {
        let values: [(&str, rusqlite::types::Value); 3] = [
            (":year", self.year.map(i64::from).into()),
            (":agency", self.agency.clone().into()),
            (":region", self.region.clone().into()),
        ];
        for (name, value) in values {
            if let Some(index) = stmt.parameter_index(name)? {
                stmt.raw_bind_parameter(index, value)?;
            }
        }
        Ok(())
    }

    /// The selection in words, for titles: `2023 · 长宁市 · 财政局`, or `all reports`.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            self.region.clone(),
            self.agency.clone(),
            self.year.map(|y| format!("{y}年")),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            "全部报告".to_string()
        } else {
            parts.join(" · ")
        }
    }
}
