//! `litrev new`: scaffold a review folder.

use std::path::Path;
use std::process::ExitCode;

use super::Fail;
use crate::review::scaffold;

/// Runs `litrev new DIR [--title T]`.
pub fn run(dir: &Path, title: Option<&str>) -> Result<ExitCode, Fail> {
    let title = title.unwrap_or("Untitled review");
    scaffold::create(dir, title).map_err(|e| Fail::usage(format!("{}: {e}", dir.display())))?;
    println!(
        "Created a review in {0}: review.toml (design taxonomy, instruments, fields) and studies/.\nNext: edit {0}/review.toml, then open it with `litrev {0}`.",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
