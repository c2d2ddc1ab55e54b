//! `litrev new`: scaffold a review folder.

use std::path::Path;
use std::process::ExitCode;

use super::{Fail, emit};
use crate::store::scaffold;
use crate::text::inert_line;

/// Runs `litrev new DIR [--title T] [--git]`.
pub fn run(dir: &Path, title: Option<&str>, git: bool) -> Result<ExitCode, Fail> {
    if dir.is_file() {
        return Err(Fail::usage(format!(
            "{} is a file: name a new folder for the review",
            inert_line(&dir.display().to_string())
        )));
    }
    let title = title.unwrap_or("Untitled review");
    scaffold::create(dir, title).map_err(|e| Fail::usage(format!("{}: {e}", dir.display())))?;
    // `emit`, not `println!`: a reader that went away is no reason to panic
    // after the review was created.
    emit(&format!(
        "Created a review in {0}: review.toml (design taxonomy, instruments, fields) and studies/.\nNext: edit {0}/review.toml, then open it with `litrev {0}`.\n",
        inert_line(&dir.display().to_string())
    ))?;
    if git {
        crate::team::git::init(dir).map_err(|e| Fail::usage(e.to_string()))?;
        emit(&format!(
            "Started a git repository in {}.\n",
            inert_line(&dir.display().to_string())
        ))?;
        return super::git::setup_in(dir);
    }
    if crate::team::git::is_repository(dir) {
        emit(&format!(
            "This folder is in a git repository: `litrev git-setup {}` makes git merge study files field by field.\n",
            inert_line(&dir.display().to_string())
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
