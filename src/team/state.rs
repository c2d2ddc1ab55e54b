//! What git says of a review that its files alone do not: files git has
//! not merged yet (a study deleted on one side and changed on the other has
//! no markers in it), and a clone where `.gitattributes` names the litrev
//! merge driver but git's config does not run it. `check`, `resolve`, the
//! tallies and the interface's problems list all read it from here.

use std::collections::BTreeSet;
use std::path::Path;

use crate::model::{Review, Study};
use crate::store::parse::parse_study;
use crate::store::{STUDIES_DIR, parse::located::conflict_marker};
use crate::text::inert_line;
use crate::text::problem::Problem;

use super::describe::{describe, sentence};
use super::git::{self, Unmerged};

/// What git says of the review in a folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GitState {
    /// Each unmerged file and the missing driver, as problems to list.
    pub problems: Vec<Problem>,
    /// Studies in conflict that a reader of their file cannot tell: added
    /// on both sides, or deleted on one and changed on the other. Nothing
    /// counts them until they are resolved.
    pub unmerged: BTreeSet<String>,
}

/// True when `dir` or a folder above it holds `.git` (no process is run).
pub fn in_repository(dir: &Path) -> bool {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    dir.ancestors().any(|d| d.join(".git").exists())
}

/// The command that resolves a study one way or another.
fn resolve(id: &str, how: &str) -> String {
    format!("`litrev resolve {id} {how}`")
}

/// What a side of an unmerged study changed since the common version, in
/// words ("added appraisal rob2 by BK; year 2019 → 2020").
fn what_changed(dir: &Path, path: &str, side: u8) -> Option<String> {
    let read = |stage: u8| -> Option<Study> {
        let text = git::stage(dir, path, stage)?;
        parse_study(Path::new(path), &text, None, &Review::default()).study
    };
    let (base, after) = (read(1)?, read(side)?);
    let d = describe(&base, &after);
    (!d.is_empty()).then(|| sentence(&d))
}

/// What git says of the review in `dir`; nothing outside a repository or
/// without git.
pub fn state(dir: &Path) -> GitState {
    let mut out = GitState::default();
    if !in_repository(dir) {
        return out;
    }
    if let Some(line) = git::driver_missing(dir) {
        let path = dir.join(".gitattributes");
        out.problems.push(
            Problem {
                path,
                line,
                col: 1,
                message: "names the litrev merge driver, but this clone's git config does not set it up, so git merges study files line by line (two reviewers' appraisals then conflict): run `litrev git-setup` once in this clone".to_string(),
                severity: Default::default(),
            }
            .warning(),
        );
    }
    let Ok(files) = git::unmerged(dir) else {
        return out;
    };
    for (path, kind) in files {
        let full = dir.join(&path);
        let id = path
            .strip_prefix(&format!("{STUDIES_DIR}/"))
            .and_then(|f| f.strip_suffix(".toml"))
            .filter(|f| !f.contains('/'));
        let shown = inert_line(&path).into_owned();
        let said = |side: u8| {
            what_changed(dir, &path, side)
                .map(|w| format!(" ({})", inert_line(&w)))
                .unwrap_or_default()
        };
        let message = match (kind, id) {
            (Unmerged::DeletedByUs, Some(id)) => format!(
                "merge conflict: deleted on ours, changed on theirs{}: keep it with {} or drop it with {}",
                said(3),
                resolve(id, "--keep"),
                resolve(id, "--drop")
            ),
            (Unmerged::DeletedByThem, Some(id)) => format!(
                "merge conflict: deleted on theirs, changed on ours{}: keep it with {} or drop it with {}",
                said(2),
                resolve(id, "--keep"),
                resolve(id, "--drop")
            ),
            (Unmerged::BothAdded, Some(id)) => format!(
                "merge conflict: added on both sides with different contents: keep one with {} (or theirs), or both reviewers' appraisals with {}",
                resolve(id, "--take ours"),
                resolve(id, "--take both")
            ),
            (Unmerged::BothChanged, _) => {
                let text = std::fs::read_to_string(&full).unwrap_or_default();
                if conflict_marker(&text).is_some() {
                    // The file's own markers say it (check reads them).
                    if let Some(id) = id {
                        out.unmerged.insert(id.to_string());
                    }
                    continue;
                }
                out.problems.push(
                    Problem::file(
                        &full,
                        format!("resolved in the file but not yet in git: `git add {shown}`"),
                    )
                    .warning(),
                );
                continue;
            }
            (Unmerged::DeletedByUs | Unmerged::DeletedByThem, None) => format!(
                "merge conflict: deleted on one side, changed on the other: keep the file (`git add {shown}`) or remove it (`git rm {shown}`)"
            ),
            _ => format!("git has not merged this file yet: see `git status {shown}`"),
        };
        if let Some(id) = id {
            out.unmerged.insert(id.to_string());
        }
        out.problems.push(Problem::file(&full, message));
    }
    out
}
