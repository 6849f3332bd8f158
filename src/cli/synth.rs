//! TEMPORARY placeholder so the binary builds; the generator's author replaces this file.
/// Generate synthetic reports (being written).
#[derive(Debug, clap::Args)]
pub struct Args {}
pub fn run(_args: Args) -> anyhow::Result<std::process::ExitCode> {
    anyhow::bail!("synth is not written yet")
}
