//! Finds the built-in saved queries: every `queries/*.sql`, compiled into the library as
//! (name, text) in name order, so that adding a query is adding its file.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    // The library's manifest is src/Cargo.toml; the queries are the project's.
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"))
        .join("../queries");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut queries: Vec<(String, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the queries folder is readable") {
        let path = entry.expect("the queries folder is readable").path();
        if path.extension().is_none_or(|e| e != "sql") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .filter(|n| {
                !n.is_empty()
                    && n.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            })
            .unwrap_or_else(|| {
                panic!(
                    "{}: a saved query's name is lower-case letters, digits and -",
                    path.display()
                )
            })
            .to_string();
        queries.push((name, path));
    }
    queries.sort();
    let mut code = String::from("&[\n");
    for (name, path) in &queries {
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("writing to a String");
    }
    code.push(']');
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"))
        .join("built_in_queries.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
