//! `nianbao query`: saved queries, built in (`queries/*.sql`) or from a directory.
//!
//! A saved query is one SQL statement in a file named after the query. Its header comment
//! says what it does and which named parameters it takes:
//!
//! ```sql
//! -- New applications per agency and year
//! -- :year    report year (all years when not given)
//! SELECT … WHERE (:year IS NULL OR year = :year)
//! ```
//!
//! Parameters are bound by name, never spliced into the SQL text.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, Statement};

use super::output::{Format, Target};

/// The built-in queries, compiled into the binary: (name, file text).
pub const QUERIES: &[(&str, &str)] = &[
    (
        "yoy-applications",
        include_str!("../../queries/yoy-applications.sql"),
    ),
    (
        "applications-by-applicant",
        include_str!("../../queries/applications-by-applicant.sql"),
    ),
    ("outcomes", include_str!("../../queries/outcomes.sql")),
    (
        "review-litigation",
        include_str!("../../queries/review-litigation.sql"),
    ),
    ("problems", include_str!("../../queries/problems.sql")),
    (
        "check-failures",
        include_str!("../../queries/check-failures.sql"),
    ),
    (
        "check-summary",
        include_str!("../../queries/check-summary.sql"),
    ),
    (
        "table-status",
        include_str!("../../queries/table-status.sql"),
    ),
    ("facts", include_str!("../../queries/facts.sql")),
    (
        "publishing-channels",
        include_str!("../../queries/publishing-channels.sql"),
    ),
    (
        "regional-rollup",
        include_str!("../../queries/regional-rollup.sql"),
    ),
];

/// Run a saved query and print its rows.
///
/// Built-in queries answer the common questions (year-on-year applications, outcomes,
/// review and litigation, listed problems, failed checks); `--list` shows them with their
/// parameters. Parameters are given as `--param KEY=VALUE` and bound by name; a parameter
/// left out matches everything. `--queries DIR` adds your own `*.sql` files, written with
/// the same header: first line `-- description`, then one `-- :param description` line per
/// parameter.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  nianbao query --list
  nianbao query yoy-applications --param year=2023
  nianbao query check-failures --param rule=t2 --format csv --output failures.csv
  nianbao query my-question --queries ./my-queries --param agency=财政局")]
pub struct Args {
    /// The saved query to run (see --list).
    #[arg(required_unless_present = "list", value_name = "NAME")]
    pub name: Option<String>,

    /// List the saved queries with their descriptions and parameters.
    #[arg(long, conflicts_with = "name")]
    pub list: bool,

    #[command(flatten)]
    pub run: RunArgs,

    /// A directory of more saved queries (*.sql); one named like a built-in replaces it.
    #[arg(long, value_name = "DIR", env = "NIANBAO_QUERIES")]
    pub queries: Option<PathBuf>,

    #[command(flatten)]
    pub db: super::DbArg,
}

/// Where a saved query comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    File(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::BuiltIn => f.write_str("built in"),
            Origin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// A declared parameter of a saved query (name without the colon).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedQuery {
    pub name: String,
    pub description: String,
    pub params: Vec<Param>,
    pub sql: String,
    pub origin: Origin,
}

impl SavedQuery {
    /// Reads the header: the first comment line is the description, `-- :name text` lines
    /// declare parameters; the header ends at the first line that is not a `--` comment.
    pub fn parse(name: &str, text: &str, origin: Origin) -> Result<SavedQuery> {
        let mut description = None;
        let mut params: Vec<Param> = Vec::new();
        for line in text.lines() {
            let Some(comment) = line.trim_start().strip_prefix("--") else {
                break;
            };
            let comment = comment.trim();
            if let Some(decl) = comment.strip_prefix(':') {
                let (pname, pdesc) = decl.split_once(char::is_whitespace).unwrap_or((decl, ""));
                if pname.is_empty() || !pname.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    bail!(
                        "query {name} ({origin}): bad parameter line `{}`; write `-- :name description`",
                        line.trim()
                    );
                }
                if params.iter().any(|p| p.name == pname) {
                    bail!("query {name} ({origin}): parameter :{pname} is declared twice");
                }
                params.push(Param {
                    name: pname.to_string(),
                    description: pdesc.trim().to_string(),
                });
            } else if description.is_none() && !comment.is_empty() {
                description = Some(comment.to_string());
            }
        }
        let Some(description) = description else {
            bail!(
                "query {name} ({origin}) has no description; start the file with a `-- what it answers` line"
            );
        };
        Ok(SavedQuery {
            name: name.to_string(),
            description,
            params,
            sql: text.to_string(),
            origin,
        })
    }
}

/// The built-in queries, then those of `dir` (a user query replaces a built-in of the same
/// name), in that order.
pub fn load_queries(dir: Option<&Path>) -> Result<Vec<SavedQuery>> {
    let mut queries = QUERIES
        .iter()
        .map(|(name, text)| SavedQuery::parse(name, text, Origin::BuiltIn))
        .collect::<Result<Vec<_>>>()?;
    let Some(dir) = dir else {
        return Ok(queries);
    };
    let entries = std::fs::read_dir(dir).with_context(|| {
        format!(
            "cannot read the queries directory {}; check the --queries path",
            dir.display()
        )
    })?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot read the queries directory {}", dir.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "sql") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    for path in files {
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            bail!(
                "query file {} has a name that is not UTF-8; rename it",
                path.display()
            );
        };
        let name = name.to_string();
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "cannot read query file {} (it must be UTF-8 text)",
                path.display()
            )
        })?;
        let query = SavedQuery::parse(&name, &text, Origin::File(path))?;
        match queries.iter_mut().find(|q| q.name == name) {
            Some(existing) => *existing = query,
            None => queries.push(query),
        }
    }
    Ok(queries)
}

/// A statement's parameters and where its rows go: the same for `query` and `sql`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// A named parameter, as KEY=VALUE for :KEY (repeat for several). An empty VALUE is
    /// NULL.
    #[arg(long = "param", short = 'p', value_name = "KEY=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,

    /// Output format [default: table on a terminal, else csv].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,

    /// Write to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Stop the query after this many seconds (Ctrl-C stops it at any time).
    #[arg(long, value_name = "SECONDS", value_parser = super::interrupt::parse_seconds)]
    pub timeout: Option<std::time::Duration>,
}

impl RunArgs {
    /// Bind the parameters to `stmt` and write its rows where asked, stopping at the
    /// timeout or Ctrl-C; an error is prefixed with `what`.
    pub fn write_rows(
        self,
        conn: &Connection,
        stmt: &mut Statement<'_>,
        what: &str,
    ) -> Result<ExitCode> {
        bind_params(stmt, &self.params)?;
        let target = Target {
            format: Format::or_default(self.format, self.output.as_deref()),
            output: self.output,
            bom: false,
        };
        super::interrupt::write_watched(conn, stmt, &target, self.timeout)
            .with_context(|| what.to_string())
    }
}

/// Parses `KEY=VALUE` (a leading `:` on KEY is accepted).
pub fn parse_param(s: &str) -> Result<(String, String), String> {
    let (key, value) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not KEY=VALUE (for example year=2023)"))?;
    let key = key.trim();
    let key = key.strip_prefix(':').unwrap_or(key);
    if key.is_empty() || !key.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(format!(
            "`{s}`: the parameter name must be letters, digits or _ (for example year=2023)"
        ));
    }
    Ok((key.to_string(), value.to_string()))
}

/// The SQL value of a `--param`: an integer or decimal when it reads as one (so that
/// `year=2023` compares equal to an INTEGER column), NULL when empty, else text.
pub fn param_value(value: &str) -> SqlValue {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = value.strip_prefix('-').unwrap_or(value);
    let canonical_int = digits(unsigned) && (unsigned == "0" || !unsigned.starts_with('0'));
    if value.is_empty() {
        SqlValue::Null
    } else if canonical_int && let Ok(i) = value.parse::<i64>() {
        SqlValue::Integer(i)
    } else if let Some((int, frac)) = unsigned.split_once('.')
        && digits(int)
        && digits(frac)
        && (int == "0" || !int.starts_with('0'))
        && let Ok(f) = value.parse::<f64>()
    {
        SqlValue::Real(f)
    } else {
        SqlValue::Text(value.to_string())
    }
}

/// The named parameters a prepared statement uses, without their `:`/`@`/`$` prefix. A
/// positional `?` parameter is an error: only named parameters can be given.
pub fn statement_params(stmt: &Statement<'_>, what: &str) -> Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for i in 1..=stmt.parameter_count() {
        let Some(name) = stmt.parameter_name(i) else {
            bail!("{what} uses a positional parameter (?); use named parameters such as :year");
        };
        let bare = name.trim_start_matches([':', '@', '$']).to_string();
        if !names.contains(&bare) {
            names.push(bare);
        }
    }
    Ok(names)
}

/// Binds `given` by name; every other parameter of the statement stays NULL.
pub fn bind_params(stmt: &mut Statement<'_>, given: &[(String, String)]) -> Result<()> {
    for (key, value) in given {
        let index = [':', '@', '$']
            .iter()
            .find_map(|p| stmt.parameter_index(&format!("{p}{key}")).ok().flatten());
        if let Some(index) = index {
            stmt.raw_bind_parameter(index, param_value(value))
                .with_context(|| format!("binding parameter {key}"))?;
        }
    }
    Ok(())
}

/// Rejects a `--param` given twice.
pub fn no_duplicate_params(given: &[(String, String)]) -> Result<()> {
    for (i, (key, _)) in given.iter().enumerate() {
        if given[..i].iter().any(|(k, _)| k == key) {
            bail!("--param {key} is given twice; give each parameter once");
        }
    }
    Ok(())
}

fn list_params(names: &[String]) -> String {
    if names.is_empty() {
        "it takes no parameters".to_string()
    } else {
        let shown: Vec<String> = names.iter().map(|n| format!(":{n}")).collect();
        format!("its parameters are {}", shown.join(", "))
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let queries = load_queries(args.queries.as_deref())?;
    if args.list {
        print_list(&queries);
        return Ok(ExitCode::SUCCESS);
    }
    let name = args
        .name
        .as_deref()
        .expect("clap requires NAME without --list");
    let Some(query) = queries.iter().find(|q| q.name == name) else {
        let names: Vec<&str> = queries.iter().map(|q| q.name.as_str()).collect();
        bail!(
            "unknown query `{name}`; available: {} (see `nianbao query --list`, or add your own with --queries DIR)",
            names.join(", ")
        );
    };
    let declared: Vec<String> = query.params.iter().map(|p| p.name.clone()).collect();
    no_duplicate_params(&args.run.params)?;
    for (key, _) in &args.run.params {
        if !declared.contains(key) {
            bail!(
                "query {} has no parameter :{key}; {}",
                query.name,
                list_params(&declared)
            );
        }
    }

    let conn = nianbao::store::open_read_only(&args.db.db)?;
    let what = format!("query {} ({})", query.name, query.origin);
    let mut stmt = super::sql::prepare_read_only(&conn, &query.sql)
        .with_context(|| format!("{what} cannot run"))?;
    let used = statement_params(&stmt, &what)?;
    if let Some(undeclared) = used.iter().find(|u| !declared.contains(u)) {
        bail!(
            "{what} uses :{undeclared} but its header does not declare it; add a `-- :{undeclared} description` line"
        );
    }
    if let Some(unused) = declared.iter().find(|d| !used.contains(d)) {
        bail!(
            "{what} declares :{unused} but its SQL does not use it; remove the header line or use it"
        );
    }
    args.run.write_rows(&conn, &mut stmt, &what)
}

fn print_list(queries: &[SavedQuery]) {
    let width = queries.iter().map(|q| q.name.len()).max().unwrap_or(0);
    for (i, q) in queries.iter().enumerate() {
        if i > 0 {
            println!();
        }
        match &q.origin {
            Origin::BuiltIn => println!("{:width$}  {}", q.name, q.description),
            Origin::File(path) => {
                println!("{:width$}  {} [{}]", q.name, q.description, path.display())
            }
        }
        let pwidth = q.params.iter().map(|p| p.name.len() + 1).max().unwrap_or(0);
        for p in &q.params {
            println!(
                "{:width$}    {:pwidth$}  {}",
                "",
                format!(":{}", p.name),
                p.description
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema_db() -> rusqlite::Connection {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(nianbao::store::SCHEMA).unwrap();
        conn
    }

    #[test]
    fn every_builtin_parses_prepares_and_declares_exactly_its_parameters() {
        let conn = schema_db();
        let queries = load_queries(None).unwrap();
        assert_eq!(queries.len(), QUERIES.len());
        for q in &queries {
            assert!(!q.description.is_empty(), "{}", q.name);
            let stmt = conn
                .prepare(&q.sql)
                .unwrap_or_else(|e| panic!("{}: {e}", q.name));
            assert!(stmt.readonly(), "{}", q.name);
            let mut used = statement_params(&stmt, &q.name).unwrap();
            let mut declared: Vec<String> = q.params.iter().map(|p| p.name.clone()).collect();
            used.sort();
            declared.sort();
            assert_eq!(used, declared, "{}", q.name);
        }
    }

    #[test]
    fn header_gives_description_and_params() {
        let q = SavedQuery::parse(
            "x",
            "-- What it does\n-- :year   the year\n--   more words\n-- :agency part of a name\nSELECT :year, :agency -- :not_a_param\n",
            Origin::BuiltIn,
        )
        .unwrap();
        assert_eq!(q.description, "What it does");
        assert_eq!(
            q.params,
            vec![
                Param {
                    name: "year".into(),
                    description: "the year".into()
                },
                Param {
                    name: "agency".into(),
                    description: "part of a name".into()
                },
            ]
        );
        let err = SavedQuery::parse("y", "SELECT 1", Origin::BuiltIn).unwrap_err();
        assert!(err.to_string().contains("has no description"), "{err}");
    }

    #[test]
    fn params_read_as_numbers_only_when_they_are_numbers() {
        assert_eq!(param_value("2023"), SqlValue::Integer(2023));
        assert_eq!(param_value("-4"), SqlValue::Integer(-4));
        assert_eq!(param_value("12.5"), SqlValue::Real(12.5));
        assert_eq!(param_value("007"), SqlValue::Text("007".into()));
        assert_eq!(param_value("1e5"), SqlValue::Text("1e5".into()));
        assert_eq!(param_value(""), SqlValue::Null);
        assert_eq!(param_value("财政局"), SqlValue::Text("财政局".into()));
        assert_eq!(
            parse_param(":year=2023").unwrap(),
            ("year".to_string(), "2023".to_string())
        );
        assert_eq!(
            parse_param("agency=a=b").unwrap(),
            ("agency".to_string(), "a=b".to_string())
        );
        assert!(parse_param("year").is_err());
        assert!(parse_param("a b=1").is_err());
    }
}
