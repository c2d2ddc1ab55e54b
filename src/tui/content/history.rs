//! The history pager's text: the commits that touched a study, from git.

use std::path::Path;

use crate::team::git;

/// One entry per commit, newest first: "abc1234567 2026-01-02 Ana: message"
/// and the fields it changed; or one line saying why there is no history.
pub fn lines(root: &Path, id: &str) -> Vec<String> {
    match git::history(root, id) {
        Ok(changes) if changes.is_empty() => {
            vec![format!("No commit has touched studies/{id}.toml yet.")]
        }
        Ok(changes) => changes
            .iter()
            .flat_map(|c| [c.summary(), format!("→ {}", c.details())])
            .collect(),
        Err(e) => vec![e.to_string()],
    }
}
