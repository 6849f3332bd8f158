//! The `nianbao` command: a thin layer over the library; one module per subcommand.

mod cli;

use std::process::ExitCode;

use clap::Parser;

// The parsers allocate many small strings and vectors on several threads at once, where
// glibc's allocator spent about a quarter of their time (perf, `nianbao bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            // The chain of causes, each once: an error's text often includes its cause's.
            let mut message = err.to_string();
            for cause in err.chain().skip(1).map(|c| c.to_string()) {
                if !message.contains(&cause) {
                    message = format!("{message}: {cause}");
                }
            }
            eprintln!("nianbao: error: {message}");
            ExitCode::from(2)
        }
    }
}
