//! Watching a review folder for changes made by others (a co-author's
//! save, a `git merge`, an editor): `review.toml`, `studies/` and
//! `instruments/` are watched (not recursively), git's index too (a
//! `git add` or `git rm` run outside litrev changes what git says of the
//! studies: unmerged or not), and the changes are gathered until the folder has been quiet for a moment, so
//! that a merge of a hundred files is taken in as one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};

use crate::model::valid_id;
use crate::store::{REVIEW_FILE, STUDIES_DIR, TEMP_PREFIX};

/// How long the folder must be quiet before the changes are handed over.
const QUIET: Duration = Duration::from_millis(150);

/// The longest changes wait while the folder keeps changing.
const LONGEST: Duration = Duration::from_millis(600);

/// Changes seen on disk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiskChange {
    /// Studies whose files changed, appeared or went, by id.
    pub studies: Vec<String>,
    /// `review.toml`, an instrument, or a watched folder itself changed:
    /// the whole review must be read again.
    pub review: bool,
    /// git's index changed (`git add`, `git rm`, a merge): what git says
    /// of the review must be read again.
    pub git: bool,
}

#[derive(Debug, Default)]
struct Pending {
    studies: BTreeSet<String>,
    review: bool,
    git: bool,
    /// A watched folder was made or removed: watch again.
    rewatch: bool,
    first: Option<Instant>,
    last: Option<Instant>,
}

/// Watches a review folder.
pub struct Watcher {
    inner: notify::RecommendedWatcher,
    pending: Arc<Mutex<Pending>>,
    root: PathBuf,
    /// The repository's git folder, when the review is in one.
    git_dir: Option<PathBuf>,
    watched: Vec<PathBuf>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher").field("root", &self.root).finish()
    }
}

/// The folders watched: the review folder and the two inside it that hold
/// its files.
fn folders(root: &Path) -> [PathBuf; 3] {
    [
        root.to_path_buf(),
        root.join(STUDIES_DIR),
        root.join("instruments"),
    ]
}

/// The git folder of the repository holding `root`: the nearest `.git`
/// folder up from it, or where a `.git` file (a worktree, a submodule)
/// points.
pub fn git_dir(root: &Path) -> Option<PathBuf> {
    for dir in root.ancestors() {
        let dot = dir.join(".git");
        if dot.is_dir() {
            return Some(dot);
        }
        if dot.is_file() {
            let text = std::fs::read_to_string(&dot).ok()?;
            let to = text.lines().find_map(|l| l.strip_prefix("gitdir:"))?.trim();
            let to = dir.join(to);
            return Some(std::fs::canonicalize(&to).unwrap_or(to));
        }
    }
    None
}

/// What a changed path means for the review at `root` (in the repository
/// whose git folder is `git`).
fn classify(root: &Path, git: Option<&Path>, path: &Path, p: &mut Pending) {
    let (Some(name), Some(parent)) = (path.file_name().and_then(|n| n.to_str()), path.parent())
    else {
        return;
    };
    if Some(parent) == git {
        if name != "index" {
            return;
        }
        p.git = true;
    } else if parent == root {
        match name {
            REVIEW_FILE => p.review = true,
            STUDIES_DIR | "instruments" => {
                p.review = true;
                p.rewatch = true;
            }
            _ => return,
        }
    } else if parent == root.join(STUDIES_DIR) {
        if name.starts_with('.') || name.starts_with(TEMP_PREFIX) {
            return;
        }
        let Some(id) = name.strip_suffix(".toml").filter(|id| valid_id(id)) else {
            return;
        };
        p.studies.insert(id.to_string());
    } else if parent == root.join("instruments") {
        if !name.ends_with(".toml") || name.starts_with('.') {
            return;
        }
        p.review = true;
    } else {
        return;
    }
    let now = Instant::now();
    p.first.get_or_insert(now);
    p.last = Some(now);
}

impl Watcher {
    /// Starts watching the review at `root`.
    pub fn start(root: &Path) -> notify::Result<Watcher> {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let pending = Arc::new(Mutex::new(Pending::default()));
        let git = git_dir(&root);
        let (shared, at, git_at) = (Arc::clone(&pending), root.clone(), git.clone());
        let inner = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
            let Ok(ev) = ev else { return };
            if ev.kind.is_access() {
                return;
            }
            if let Ok(mut p) = shared.lock() {
                for path in &ev.paths {
                    classify(&at, git_at.as_deref(), path, &mut p);
                }
            }
        })?;
        let mut w = Watcher {
            inner,
            pending,
            root,
            git_dir: git,
            watched: Vec::new(),
        };
        w.watch_folders();
        if w.watched.is_empty() {
            return Err(notify::Error::generic("cannot watch the review folder"));
        }
        Ok(w)
    }

    /// Watches every folder of [`folders`] (and the git folder) that exists
    /// and is not watched.
    fn watch_folders(&mut self) {
        for dir in folders(&self.root).into_iter().chain(self.git_dir.clone()) {
            if self.watched.contains(&dir) {
                let _ = self.inner.unwatch(&dir);
                self.watched.retain(|d| *d != dir);
            }
            if dir.is_dir() && self.inner.watch(&dir, RecursiveMode::NonRecursive).is_ok() {
                self.watched.push(dir);
            }
        }
    }

    /// True when changes wait and the folder has been quiet long enough
    /// (or they have waited the longest they may).
    pub fn ready(&self) -> bool {
        let Ok(p) = self.pending.lock() else {
            return false;
        };
        match (p.first, p.last) {
            (Some(first), Some(last)) => last.elapsed() >= QUIET || first.elapsed() >= LONGEST,
            _ => false,
        }
    }

    /// The changes gathered since the last call, once [`Watcher::ready`].
    pub fn take(&mut self) -> Option<DiskChange> {
        if !self.ready() {
            return None;
        }
        let p = match self.pending.lock() {
            Ok(mut p) => std::mem::take(&mut *p),
            Err(_) => return None,
        };
        if p.rewatch {
            self.watch_folders();
        }
        Some(DiskChange {
            studies: p.studies.into_iter().collect(),
            review: p.review,
            git: p.git,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_read_as_studies_or_the_review() {
        let root = Path::new("/r");
        let mut p = Pending::default();
        for path in [
            "/r/studies/smith-2020.toml",
            "/r/studies/.litrev-save-x.tmp",
            "/r/studies/.hidden.toml",
            "/r/studies/Bad Name.toml",
            "/r/.git/index",
            "/r/notes.md",
        ] {
            classify(root, None, Path::new(path), &mut p);
        }
        assert_eq!(p.studies.iter().collect::<Vec<_>>(), vec!["smith-2020"]);
        assert!(!p.review && !p.git);
        classify(root, None, Path::new("/r/review.toml"), &mut p);
        assert!(p.review && !p.rewatch);
        classify(root, None, Path::new("/r/studies"), &mut p);
        assert!(p.rewatch);
        let git = Some(Path::new("/r/.git"));
        classify(root, git, Path::new("/r/.git/index.lock"), &mut p);
        classify(root, git, Path::new("/r/.git/ORIG_HEAD"), &mut p);
        assert!(!p.git);
        classify(root, git, Path::new("/r/.git/index"), &mut p);
        assert!(p.git);
    }
}
