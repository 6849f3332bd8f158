//! Saved queries: one SQL statement a file, named after the file, with a header comment
//! that says what it answers and declares its named parameters:
//!
//! ```sql
//! -- New applications per agency and year
//! -- :year    [integer]             report year (all years when not given)
//! -- :level   [province|city|county] the level summed over (city when not given)
//! SELECT … WHERE (:year IS NULL OR year = :year)
//! ```
//!
//! The first comment line is the description; each `-- :name [type] description` line
//! declares a parameter. The type in brackets is `integer`, `number`, `text`, the allowed
//! values joined by `|`, `rule` (a rule id of `nianbao check --rules`, or its family such
//! as `t2`) or `fact` (a fact key, or its family such as `published`); a parameter
//! declared without one takes any value. A value given for a parameter the query does not
//! declare, outside its allowed values or not of its type is an error that lists what is
//! allowed. The built-in queries are the files of `queries/`, found when the library is
//! built.

use std::path::{Path, PathBuf};

use rusqlite::Statement;
use rusqlite::types::Value as SqlValue;

use super::QueryError;
use crate::labels;

/// The built-in queries, compiled in: (name, file text), every `queries/*.sql` in name
/// order.
pub const BUILT_IN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/built_in_queries.rs"));

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

/// What a parameter takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKind {
    /// Declared without a type: a number when the value reads as one, else text.
    Any,
    Integer,
    Number,
    Text,
    /// One of these words.
    OneOf(Vec<String>),
    /// A rule id, or a family of rules (`t2`).
    Rule,
    /// A fact key, or a family of keys (`published`).
    Fact,
}

impl ParamKind {
    fn parse(word: &str) -> Option<ParamKind> {
        Some(match word {
            "integer" => ParamKind::Integer,
            "number" => ParamKind::Number,
            "text" => ParamKind::Text,
            "rule" => ParamKind::Rule,
            "fact" => ParamKind::Fact,
            w if w.contains('|') => {
                let words: Vec<String> = w.split('|').map(|s| s.trim().to_string()).collect();
                if words.iter().any(String::is_empty) {
                    return None;
                }
                ParamKind::OneOf(words)
            }
            _ => return None,
        })
    }

    /// How the type is written in a header and in `--list`.
    pub fn name(&self) -> String {
        match self {
            ParamKind::Any => "any".to_string(),
            ParamKind::Integer => "integer".to_string(),
            ParamKind::Number => "number".to_string(),
            ParamKind::Text => "text".to_string(),
            ParamKind::OneOf(words) => words.join("|"),
            ParamKind::Rule => "rule".to_string(),
            ParamKind::Fact => "fact".to_string(),
        }
    }

    /// The SQL value of `value` (not empty), or what the parameter allows.
    fn value(&self, value: &str) -> Result<SqlValue, String> {
        let families = |ids: &mut dyn Iterator<Item = &'static str>| {
            let mut all: Vec<&str> = Vec::new();
            for id in ids {
                let family = id.split_once('.').map_or(id, |(f, _)| f);
                for name in [family, id] {
                    if !all.contains(&name) {
                        all.push(name);
                    }
                }
            }
            all
        };
        match self {
            ParamKind::Any => Ok(param_value(value)),
            ParamKind::Integer => match param_value(value) {
                SqlValue::Integer(i) => Ok(SqlValue::Integer(i)),
                _ => Err("a whole number, such as 2023".to_string()),
            },
            ParamKind::Number => match param_value(value) {
                v @ (SqlValue::Integer(_) | SqlValue::Real(_)) => Ok(v),
                _ => Err("a number, such as 12 or 2.5".to_string()),
            },
            ParamKind::Text => Ok(SqlValue::Text(value.to_string())),
            ParamKind::OneOf(words) => {
                if words.iter().any(|w| w == value) {
                    Ok(SqlValue::Text(value.to_string()))
                } else {
                    Err(format!("one of {}", words.join(", ")))
                }
            }
            ParamKind::Rule => {
                let ids = families(&mut labels::template().rule_ids.iter().copied());
                if ids.contains(&value) {
                    Ok(SqlValue::Text(value.to_string()))
                } else {
                    Err(format!(
                        "a rule id or family: {} (see `nianbao check --rules`)",
                        ids.join(", ")
                    ))
                }
            }
            ParamKind::Fact => {
                let keys = families(&mut labels::template().fact_keys.iter().copied());
                if keys.contains(&value) {
                    Ok(SqlValue::Text(value.to_string()))
                } else {
                    Err(format!("a fact key or family: {}", keys.join(", ")))
                }
            }
        }
    }
}

/// A declared parameter of a saved query (name without the colon).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
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
    /// Reads the header: the first comment line is the description, `-- :name [type] text`
    /// lines declare parameters; the header ends at the first line that is not a `--`
    /// comment.
    pub fn parse(name: &str, text: &str, origin: Origin) -> Result<SavedQuery, QueryError> {
        let bad = |why: String| QueryError::BadHeader {
            name: name.to_string(),
            origin: origin.to_string(),
            why,
        };
        let mut description = None;
        let mut params: Vec<Param> = Vec::new();
        for line in text.lines() {
            let Some(comment) = line.trim_start().strip_prefix("--") else {
                break;
            };
            let comment = comment.trim();
            let Some(decl) = comment.strip_prefix(':') else {
                if description.is_none() && !comment.is_empty() {
                    description = Some(comment.to_string());
                }
                continue;
            };
            let (pname, rest) = decl.split_once(char::is_whitespace).unwrap_or((decl, ""));
            if pname.is_empty() || !pname.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(bad(format!(
                    "bad parameter line `{}`; write `-- :name [type] description`",
                    line.trim()
                )));
            }
            if params.iter().any(|p| p.name == pname) {
                return Err(bad(format!("parameter :{pname} is declared twice")));
            }
            let rest = rest.trim_start();
            let (kind, rest) = match rest.strip_prefix('[') {
                Some(typed) => {
                    let (word, after) = typed.split_once(']').ok_or_else(|| {
                        bad(format!("parameter :{pname}: `[` without `]` in its type"))
                    })?;
                    let kind = ParamKind::parse(word.trim()).ok_or_else(|| {
                        bad(format!(
                            "parameter :{pname}: unknown type [{word}]; write [integer], [number], [text], [rule], [fact] or the allowed values as [a|b|c]"
                        ))
                    })?;
                    (kind, after)
                }
                None => (ParamKind::Any, rest),
            };
            params.push(Param {
                name: pname.to_string(),
                kind,
                description: rest.trim().to_string(),
            });
        }
        let Some(description) = description else {
            return Err(bad(
                "has no description; start the file with a `-- what it answers` line".into(),
            ));
        };
        Ok(SavedQuery {
            name: name.to_string(),
            description,
            params,
            sql: text.to_string(),
            origin,
        })
    }

    /// The values of `given` (KEY, VALUE pairs) as the query's parameters take them, by
    /// name. An empty VALUE is NULL (the parameter then matches everything). A parameter
    /// the query does not declare, given twice, or a value it does not allow is an error
    /// saying what is allowed.
    pub fn values(
        &self,
        given: &[(String, String)],
    ) -> Result<Vec<(String, SqlValue)>, QueryError> {
        no_duplicate_params(given)?;
        let mut values = Vec::with_capacity(given.len());
        for (key, value) in given {
            let Some(param) = self.params.iter().find(|p| &p.name == key) else {
                return Err(QueryError::Param(format!(
                    "query {} has no parameter :{key}; {}",
                    self.name,
                    self.list_params()
                )));
            };
            let sql = if value.is_empty() {
                SqlValue::Null
            } else {
                param.kind.value(value).map_err(|allowed| {
                    QueryError::Param(format!(
                        "query {}: --param {key}={value}: :{key} takes {allowed}",
                        self.name
                    ))
                })?
            };
            values.push((key.clone(), sql));
        }
        Ok(values)
    }

    /// Checks that the prepared statement uses exactly the declared parameters.
    pub fn check_statement(&self, stmt: &Statement<'_>) -> Result<(), QueryError> {
        let what = format!("query {} ({})", self.name, self.origin);
        let used = statement_params(stmt, &what)?;
        if let Some(undeclared) = used
            .iter()
            .find(|u| !self.params.iter().any(|p| &p.name == *u))
        {
            return Err(QueryError::Param(format!(
                "{what} uses :{undeclared} but its header does not declare it; add a `-- :{undeclared} [type] description` line"
            )));
        }
        if let Some(unused) = self.params.iter().find(|p| !used.contains(&p.name)) {
            return Err(QueryError::Param(format!(
                "{what} declares :{} but its SQL does not use it; remove the header line or use it",
                unused.name
            )));
        }
        Ok(())
    }

    fn list_params(&self) -> String {
        if self.params.is_empty() {
            "it takes no parameters".to_string()
        } else {
            let shown: Vec<String> = self
                .params
                .iter()
                .map(|p| format!(":{} [{}]", p.name, p.kind.name()))
                .collect();
            format!("its parameters are {}", shown.join(", "))
        }
    }
}

/// The built-in queries, then those of `dir` (a user query replaces a built-in of the same
/// name), in that order.
pub fn load(dir: Option<&Path>) -> Result<Vec<SavedQuery>, QueryError> {
    let mut queries = BUILT_IN
        .iter()
        .map(|(name, text)| SavedQuery::parse(name, text, Origin::BuiltIn))
        .collect::<Result<Vec<_>, _>>()?;
    let Some(dir) = dir else {
        return Ok(queries);
    };
    let folder = |source| QueryError::Folder {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(folder)? {
        let path = entry.map_err(folder)?.path();
        if path.extension().is_some_and(|e| e == "sql") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    for path in files {
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            return Err(QueryError::FileName { path });
        };
        let name = name.to_string();
        let text = std::fs::read_to_string(&path).map_err(|source| QueryError::File {
            path: path.clone(),
            source,
        })?;
        let query = SavedQuery::parse(&name, &text, Origin::File(path))?;
        match queries.iter_mut().find(|q| q.name == name) {
            Some(existing) => *existing = query,
            None => queries.push(query),
        }
    }
    Ok(queries)
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

/// The SQL value of a parameter of no declared type: an integer or decimal when it reads
/// as one (so that `year=2023` compares equal to an INTEGER column), NULL when empty, else
/// text.
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
pub fn statement_params(stmt: &Statement<'_>, what: &str) -> Result<Vec<String>, QueryError> {
    let mut names: Vec<String> = Vec::new();
    for i in 1..=stmt.parameter_count() {
        let Some(name) = stmt.parameter_name(i) else {
            return Err(QueryError::Param(format!(
                "{what} uses a positional parameter (?); use named parameters such as :year"
            )));
        };
        let bare = name.trim_start_matches([':', '@', '$']).to_string();
        if !names.contains(&bare) {
            names.push(bare);
        }
    }
    Ok(names)
}

/// Binds `values` by name; every other parameter of the statement stays NULL.
pub fn bind(stmt: &mut Statement<'_>, values: &[(String, SqlValue)]) -> rusqlite::Result<()> {
    for (key, value) in values {
        for prefix in [':', '@', '$'] {
            if let Some(index) = stmt.parameter_index(&format!("{prefix}{key}"))? {
                stmt.raw_bind_parameter(index, value)?;
            }
        }
    }
    Ok(())
}

/// Rejects a `--param` given twice.
pub fn no_duplicate_params(given: &[(String, String)]) -> Result<(), QueryError> {
    for (i, (key, _)) in given.iter().enumerate() {
        if given[..i].iter().any(|(k, _)| k == key) {
            return Err(QueryError::Param(format!(
                "--param {key} is given twice; give each parameter once"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema_db() -> rusqlite::Connection {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::store::SCHEMA).unwrap();
        conn
    }

    /// The built-in list is the folder: every `queries/*.sql`, the same text, nothing else.
    #[test]
    fn built_ins_are_the_files_of_the_queries_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../queries");
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "sql"))
            .map(|p| {
                (
                    p.file_stem().unwrap().to_str().unwrap().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        let built_in: Vec<(String, String)> = BUILT_IN
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        assert_eq!(built_in, files);
        assert!(built_in.len() >= 11, "{}", built_in.len());
    }

    #[test]
    fn every_builtin_parses_prepares_and_declares_exactly_its_typed_parameters() {
        let conn = schema_db();
        for q in load(None).unwrap() {
            assert!(!q.description.is_empty(), "{}", q.name);
            let stmt = conn
                .prepare(&q.sql)
                .unwrap_or_else(|e| panic!("{}: {e}", q.name));
            assert!(stmt.readonly(), "{}", q.name);
            q.check_statement(&stmt).unwrap();
            for p in &q.params {
                assert_ne!(p.kind, ParamKind::Any, "{} :{} has no type", q.name, p.name);
                assert!(!p.description.is_empty(), "{} :{}", q.name, p.name);
            }
        }
    }

    #[test]
    fn header_gives_description_and_typed_params() {
        let q = SavedQuery::parse(
            "x",
            "-- What it does\n-- :year [integer]  the year\n--   more words\n-- :agency part of a name\n-- :level [a|b] which\nSELECT :year, :agency, :level -- :not_a_param\n",
            Origin::BuiltIn,
        )
        .unwrap();
        assert_eq!(q.description, "What it does");
        assert_eq!(
            q.params,
            vec![
                Param {
                    name: "year".into(),
                    kind: ParamKind::Integer,
                    description: "the year".into()
                },
                Param {
                    name: "agency".into(),
                    kind: ParamKind::Any,
                    description: "part of a name".into()
                },
                Param {
                    name: "level".into(),
                    kind: ParamKind::OneOf(vec!["a".into(), "b".into()]),
                    description: "which".into()
                },
            ]
        );
        let err = SavedQuery::parse("y", "SELECT 1", Origin::BuiltIn).unwrap_err();
        assert!(err.to_string().contains("has no description"), "{err}");
        let err = SavedQuery::parse("z", "-- d\n-- :year [int] y\nSELECT 1", Origin::BuiltIn)
            .unwrap_err();
        assert!(err.to_string().contains("unknown type [int]"), "{err}");
    }

    #[test]
    fn values_are_checked_against_their_declaration() {
        let q = SavedQuery::parse(
            "q",
            "-- d\n-- :year [integer] y\n-- :level [province|city|county] l\n-- :rule [rule] r\n-- :key [fact] k\n-- :agency [text] a\nSELECT 1",
            Origin::BuiltIn,
        )
        .unwrap();
        let given = |pairs: &[(&str, &str)]| {
            let owned: Vec<(String, String)> = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            q.values(&owned).map_err(|e| e.to_string())
        };
        assert_eq!(
            given(&[("year", "2023"), ("level", "county"), ("agency", "2023")]).unwrap(),
            vec![
                ("year".to_string(), SqlValue::Integer(2023)),
                ("level".to_string(), SqlValue::Text("county".into())),
                ("agency".to_string(), SqlValue::Text("2023".into())),
            ]
        );
        assert_eq!(
            given(&[("year", "")]).unwrap(),
            vec![("year".to_string(), SqlValue::Null)]
        );
        assert_eq!(
            given(&[("level", "town")]).unwrap_err(),
            "query q: --param level=town: :level takes one of province, city, county"
        );
        assert_eq!(
            given(&[("year", "twenty")]).unwrap_err(),
            "query q: --param year=twenty: :year takes a whole number, such as 2023"
        );
        assert!(given(&[("rule", "t2")]).is_ok());
        assert!(given(&[("rule", "t2.balance")]).is_ok());
        let err = given(&[("rule", "t9")]).unwrap_err();
        assert!(
            err.contains("takes a rule id or family: t1, t1.running_total"),
            "{err}"
        );
        assert!(given(&[("key", "published")]).is_ok());
        assert!(given(&[("key", "applications.new")]).is_ok());
        assert!(given(&[("key", "nothing")]).is_err());
        assert_eq!(
            given(&[("month", "1")]).unwrap_err(),
            "query q has no parameter :month; its parameters are :year [integer], :level [province|city|county], :rule [rule], :key [fact], :agency [text]"
        );
        assert!(
            given(&[("year", "1"), ("year", "2")])
                .unwrap_err()
                .contains("given twice")
        );
    }

    #[test]
    fn untyped_params_read_as_numbers_only_when_they_are_numbers() {
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
