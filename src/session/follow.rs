//! Following the review folder: studies whose files changed on disk (a
//! co-author's save, a `git merge`) are read again one by one and shown as
//! they are now, unless the user is editing them; the problems are found
//! again for what changed, so that no banner or list is ever stale.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::session::Session;
use crate::store::{self, FileState, LoadError, StudyEntry, study_path};
use crate::text::problem::Problem;

/// What following the disk found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Followed {
    /// Studies whose file changed, now shown as it is.
    pub changed: Vec<String>,
    /// Studies whose file appeared.
    pub added: Vec<String>,
    /// Studies whose file went.
    pub removed: Vec<String>,
    /// Studies whose file changed while the user edits them (or has a
    /// change of them not saved): shown as the user has them; saving asks
    /// what to do.
    pub held: Vec<String>,
    /// Study files that can no longer be read (listed as problems).
    pub broken: Vec<PathBuf>,
    /// `review.toml` or an instrument changed: the whole review was read
    /// again.
    pub review: bool,
}

impl Followed {
    /// Number of studies that now show something else.
    pub fn shown(&self) -> usize {
        self.changed.len() + self.added.len() + self.removed.len()
    }

    /// True when nothing the user can see changed (their own saves).
    pub fn is_empty(&self) -> bool {
        self.shown() == 0 && self.held.is_empty() && self.broken.is_empty() && !self.review
    }
}

impl Session {
    /// Folds changes on disk in: the files of studies `ids` changed (or
    /// appeared, or went), and `review` says whether `review.toml` or an
    /// instrument did (the whole review is then read again). Studies in
    /// `editing` (open in a form) and studies with a change not saved yet
    /// stay as the user has them. A file that still holds what the session
    /// last saw (its own save) changes nothing.
    pub fn follow(
        &mut self,
        ids: &[String],
        review: bool,
        editing: &[String],
    ) -> Result<Followed, LoadError> {
        if review {
            return self.follow_all(editing);
        }
        let mut out = Followed::default();
        let mut touched: Vec<PathBuf> = Vec::new();
        let ids: BTreeSet<&String> = ids.iter().collect();
        for id in ids {
            let Some(path) = study_path(&self.root, id) else {
                continue;
            };
            let held = editing.contains(id) || self.pending(id).is_some();
            let old = self.entry(id).filter(|e| e.on_disk()).and_then(|e| e.file);
            let state = store::read_study_file(&self.root, &self.review, id);
            let unchanged = match &state {
                FileState::Study { entry, .. } => old.is_some() && entry.file == old,
                FileState::Gone => old.is_none() && !self.broken.contains(&path),
                FileState::Broken(_) => false,
            };
            if unchanged {
                continue;
            }
            if held {
                out.held.push(id.clone());
                continue;
            }
            touched.push(path.clone());
            self.problems.retain(|p| p.path != path);
            self.broken.retain(|b| *b != path);
            match state {
                FileState::Gone => {
                    if self.entry(id).is_some() {
                        out.removed.push(id.clone());
                        self.set_entry(id, None);
                    }
                    self.conflicted.remove(id.as_str());
                }
                FileState::Broken(problems) => {
                    self.problems.extend(problems);
                    self.broken.push(path.clone());
                    out.broken.push(path);
                    if self.entry(id).is_some() {
                        self.set_entry(id, None);
                    }
                    self.conflicted.remove(id.as_str());
                }
                FileState::Study {
                    entry,
                    problems,
                    conflicted,
                } => {
                    self.problems.extend(problems);
                    if self.entry(id).is_some() {
                        out.changed.push(id.clone());
                    } else {
                        out.added.push(id.clone());
                    }
                    if conflicted {
                        self.conflicted.insert(id.clone());
                    } else {
                        self.conflicted.remove(id.as_str());
                    }
                    self.set_entry(id, Some(*entry));
                }
            }
        }
        if !touched.is_empty() {
            self.refresh_cross();
        }
        Ok(out)
    }

    /// The whole review read again, saying which studies changed.
    fn follow_all(&mut self, editing: &[String]) -> Result<Followed, LoadError> {
        let before: std::collections::HashMap<String, Option<store::Fingerprint>> = self
            .entries
            .iter()
            .map(|e| (e.study.id.clone(), e.file))
            .collect();
        let broken_before = self.broken.clone();
        self.reload_keeping(editing)?;
        let mut out = Followed {
            review: true,
            ..Followed::default()
        };
        for e in &self.entries {
            let id = &e.study.id;
            if editing.contains(id) || self.pending(id).is_some() {
                continue;
            }
            match before.get(id) {
                None => out.added.push(id.clone()),
                Some(fp) if *fp != e.file => out.changed.push(id.clone()),
                Some(_) => {}
            }
        }
        for id in before.keys() {
            if self.entry(id).is_none() {
                out.removed.push(id.clone());
            }
        }
        out.removed.sort();
        out.broken = self
            .broken
            .iter()
            .filter(|b| !broken_before.contains(b))
            .cloned()
            .collect();
        Ok(out)
    }

    /// Reads the review from disk again (after files were fixed by hand).
    /// Work not saved yet stays on top, as the user left it.
    pub fn reload(&mut self) -> Result<(), LoadError> {
        self.reload_keeping(&[])
    }

    /// [`Session::reload`], keeping the studies `held` (open in a form) as
    /// they were loaded: saving one of them then finds its file changed and
    /// asks, instead of writing over what changed.
    pub(crate) fn reload_keeping(&mut self, held: &[String]) -> Result<(), LoadError> {
        let fresh = Session::new(store::load_indexed(&self.root)?);
        let kept: Vec<(String, Option<StudyEntry>)> = held
            .iter()
            .filter(|id| self.pending(id).is_none())
            .filter_map(|id| self.entry(id).map(|e| (id.clone(), Some(e.clone()))))
            .collect();
        self.review = fresh.review;
        self.entries = fresh.entries;
        self.index = fresh.index;
        self.problems = fresh.problems;
        self.broken = fresh.broken;
        self.conflicted = fresh.conflicted;
        self.cross = fresh.cross;
        let extra = std::mem::take(&mut self.extra);
        self.set_extra_problems(extra);
        for (id, e) in kept {
            self.set_entry(&id, e);
        }
        let pending = std::mem::take(&mut self.pending);
        for b in pending {
            self.defer(b);
        }
        Ok(())
    }

    /// True for a study shown from a conflicted file (git's markers) or
    /// that git lists as unmerged: it is marked, and nothing counts it.
    pub fn is_conflicted(&self, id: &str) -> bool {
        self.conflicted.contains(id) || self.unmerged.contains(id)
    }

    /// The studies in conflict (see [`Session::is_conflicted`]), by id.
    pub fn conflicted(&self) -> BTreeSet<&str> {
        self.conflicted
            .iter()
            .chain(&self.unmerged)
            .map(String::as_str)
            .filter(|id| self.entry(id).is_some())
            .collect()
    }

    /// Marks the studies git lists as unmerged (a study deleted on one
    /// side and changed on the other has no markers in its file), in place
    /// of those marked before.
    pub fn set_unmerged(&mut self, ids: BTreeSet<String>) {
        self.unmerged = ids;
    }

    /// Problems the caller found (what git says of the review), listed
    /// with the review's own in place of those set before.
    pub fn set_extra_problems(&mut self, extra: Vec<Problem>) {
        let old = std::mem::take(&mut self.extra);
        self.problems.retain(|p| !old.contains(p));
        self.problems.extend(extra.iter().cloned());
        self.extra = extra;
        self.sort_problems();
    }

    /// The problems of the studies just written: `found` (what reading each
    /// text found, in the order of `ids`) and the warnings about each; with
    /// `cross`, those shared with other studies for the whole review.
    pub(super) fn recheck(&mut self, ids: &[String], found: Vec<Vec<Problem>>, cross: bool) {
        let paths: std::collections::HashSet<PathBuf> = ids
            .iter()
            .filter_map(|id| study_path(&self.root, id))
            .collect();
        self.problems.retain(|p| !paths.contains(&p.path));
        self.broken.retain(|b| !paths.contains(b));
        // Each study found once: a batch of 200 000 (an import, its undo
        // or redo) must not search the list once per study.
        let at: std::collections::HashMap<&str, &StudyEntry> = if ids.len() > 8 {
            self.entries
                .iter()
                .map(|e| (e.study.id.as_str(), e))
                .collect()
        } else {
            ids.iter()
                .filter_map(|id| self.entries.iter().find(|e| e.study.id == *id))
                .map(|e| (e.study.id.as_str(), e))
                .collect()
        };
        let mut add = Vec::new();
        for (id, problems) in ids.iter().zip(found) {
            self.conflicted.remove(id.as_str());
            let Some(path) = study_path(&self.root, id) else {
                continue;
            };
            let Some(entry) = at.get(id.as_str()).filter(|e| e.on_disk()) else {
                continue;
            };
            let mut problems = problems;
            problems.extend(store::study_problems(&self.review, &path, entry));
            add.extend(problems);
        }
        self.problems.extend(add);
        if cross {
            self.refresh_cross();
        } else {
            self.sort_problems();
        }
    }

    /// The problems shared by several studies (a ref or a DOI used twice),
    /// found again over every study shown (conflicted ones are counted
    /// nowhere).
    fn refresh_cross(&mut self) {
        let dir = self.root.join(store::STUDIES_DIR);
        let paths: Vec<PathBuf> = self
            .entries
            .iter()
            .map(|e| dir.join(format!("{}.toml", e.study.id)))
            .collect();
        let pairs: Vec<(&Path, &StudyEntry)> = self
            .entries
            .iter()
            .zip(&paths)
            .filter(|(e, _)| e.on_disk() && !self.conflicted.contains(&e.study.id))
            .map(|(e, p)| (p.as_path(), e))
            .collect();
        let cross = store::cross_problems(&pairs);
        let old = std::mem::replace(&mut self.cross, cross);
        self.problems.retain(|p| !old.contains(p));
        self.problems.extend(self.cross.iter().cloned());
        self.sort_problems();
    }

    fn sort_problems(&mut self) {
        self.problems
            .sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        self.problems.dedup();
    }
}
