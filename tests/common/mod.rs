//! The real binary, run on a database, for the tests of facts and regions.

use std::path::Path;
use std::process::{Command, Output};

/// `nianbao ARGS` with `NIANBAO_DB` set to `db` and no user queries.
pub fn nianbao(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env("NIANBAO_DB", db)
        .env_remove("NIANBAO_QUERIES")
        .output()
        .expect("the nianbao binary runs")
}

/// Standard output of a run that must succeed.
pub fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
