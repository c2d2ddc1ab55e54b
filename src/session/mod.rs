//! The editing session: a loaded review, its search index and the history of
//! the changes made through it. The terminal interface and the commands that
//! write share it; they only turn its outcomes into dialogs and messages.
//!
//! Every change is a [`Batch`] of writes, one per study (an edit, an import
//! of many records, a reconciliation), saved all-or-nothing and undone as one
//! step. A write carries the text the file held when we last saw it (its
//! base); the saver refuses it when the file changed since, and the caller
//! asks the user what to do ([`Session::keep_mine`], [`Session::reload_theirs`]
//! or [`Session::defer`]). An undo or a redo is a write like any other: it
//! applies only on top of the exact text the change it reverses left on disk,
//! so a co-author's change made meanwhile is never reverted silently.

mod disk;
mod entries;
mod follow;

pub use follow::Followed;

use std::path::{Path, PathBuf};

use crate::appraisal::Registry;
use crate::model::{Review, Study};
use crate::search::SearchIndex;
use crate::store::parse::parse_study;
use crate::store::write::render_study;
use crate::store::{self, Fingerprint, LoadError, Loaded, SaveError, StudyEntry, study_path};
use crate::text::problem::Problem;

/// What to put on disk for one study.
#[derive(Debug, Clone)]
pub enum Target {
    /// Save this study (only the values that changed are rewritten).
    Study(Box<Study>),
    /// Write exactly this text.
    Text(String),
    /// Remove the file.
    Delete,
}

/// One study's part of a batch.
#[derive(Debug, Clone)]
pub struct Op {
    pub id: String,
    /// The file's text when we last saw it (`None`: it should not exist,
    /// unless `stale` says otherwise).
    pub base: Option<String>,
    /// The file held text with this fingerprint when loaded, but no longer
    /// did when this op was made, and the text itself was not kept (see
    /// [`store::load_fingerprinted`]): the op goes ahead only if the file
    /// holds that text again; otherwise it is a conflict. `base` is `None`.
    pub stale: Option<Fingerprint>,
    pub target: Target,
    /// The study as it was before this change (what an undo brings back).
    pub before: Option<StudyEntry>,
}

impl Op {
    /// The text this op would write (`None`: it deletes), rendered over
    /// `disk` when we have no base of our own (as "keep mine" does).
    pub fn mine(&self, reg: &Registry, disk: Option<&str>) -> Option<String> {
        match &self.target {
            Target::Study(s) => Some(render_study(reg, s, self.base.as_deref().or(disk))),
            Target::Text(t) => Some(t.clone()),
            Target::Delete => None,
        }
    }

    /// True when the op creates its file (there was none of ours).
    pub fn creates(&self) -> bool {
        self.base.is_none() && self.stale.is_none()
    }

    fn deletes(&self) -> bool {
        matches!(self.target, Target::Delete)
    }
}

/// One study as a change found and left it.
#[derive(Debug, Clone)]
pub struct Edit {
    pub id: String,
    /// `None`: the study did not exist (an add).
    pub before: Option<StudyEntry>,
    /// `None`: the study was deleted.
    pub after: Option<StudyEntry>,
}

/// One undoable step: every study it touched, as the files were before and
/// after.
#[derive(Debug, Clone)]
pub struct Change {
    pub edits: Vec<Edit>,
}

/// What a batch means for the history once it is written.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A new change: it goes on the undo stack, and the redo stack is cleared.
    Record,
    /// Undoing this change: it moves to the redo stack.
    Undo(Change),
    /// Redoing this change: it moves back to the undo stack.
    Redo(Change),
}

/// Writes to make as one step.
#[derive(Debug, Clone)]
pub struct Batch {
    pub ops: Vec<Op>,
    pub kind: Kind,
    /// What to say once it is done ("saved", "deleted", "undone:").
    pub verb: &'static str,
}

impl Batch {
    /// The ids it writes, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.ops.iter().map(|o| o.id.as_str())
    }

    /// The op for this study.
    pub fn op(&self, id: &str) -> Option<&Op> {
        self.ops.iter().find(|o| o.id == id)
    }
}

/// What became of a batch.
#[derive(Debug)]
pub enum Outcome {
    /// Every write happened.
    Done {
        ids: Vec<String>,
        verb: &'static str,
    },
    /// A file changed on disk since we saw it: nothing was written. The
    /// batch comes back so that the caller can ask the user and then call
    /// [`Session::keep_mine`], [`Session::reload_theirs`] or
    /// [`Session::defer`].
    Conflict {
        batch: Box<Batch>,
        id: String,
        /// What is on disk now (`None`: the file is gone).
        disk: Option<String>,
    },
    /// A write failed for another reason (invalid study, full disk, ...):
    /// nothing was written.
    Failed { batch: Box<Batch>, error: SaveError },
}

/// Why an undo or a redo did not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryError {
    /// Nothing to undo (or redo).
    Empty,
    /// This study has a change that is not saved: undoing the one before it
    /// would throw it away.
    Unsaved(String),
}

/// A review open for editing.
#[derive(Debug)]
pub struct Session {
    root: PathBuf,
    review: Review,
    entries: Vec<StudyEntry>,
    index: SearchIndex,
    problems: Vec<Problem>,
    broken: Vec<PathBuf>,
    undo: Vec<Change>,
    redo: Vec<Change>,
    /// Batches that could not be written yet (a conflict left for later, an
    /// I/O error): their studies are shown as the user left them.
    pending: Vec<Batch>,
    /// Remove the files a batch took away on a thread of their own (the
    /// terminal interface goes on at once), not before the write returns.
    background: bool,
    /// Studies read from the OURS side of a file holding git's conflict
    /// markers: shown, marked, counted nowhere.
    conflicted: std::collections::BTreeSet<String>,
    /// Studies git lists as unmerged without markers in their file (deleted
    /// on one side, changed on the other), as the caller found them.
    unmerged: std::collections::BTreeSet<String>,
    /// The problems in `problems` that involve several studies, found
    /// again whenever a study changes.
    cross: Vec<Problem>,
    /// The problems in `problems` that the caller found (git's state).
    extra: Vec<Problem>,
}

impl Session {
    /// Opens the review at `root`.
    pub fn open(root: &Path) -> Result<Session, LoadError> {
        store::remove_orphans(root);
        store::load_indexed(root).map(Session::new)
    }

    /// A session over a loaded review.
    pub fn new(loaded: Loaded) -> Session {
        let Loaded {
            root,
            review,
            studies,
            problems,
            broken,
            conflicted,
            cross,
            index,
        } = loaded;
        let index = match index {
            Some(index) if index.len() == studies.len() => index,
            _ => SearchIndex::new(studies.iter().map(|e| &e.study)),
        };
        let mut session = Session {
            root,
            review,
            entries: studies,
            index,
            problems,
            broken,
            undo: Vec::new(),
            redo: Vec::new(),
            pending: Vec::new(),
            background: false,
            conflicted: Default::default(),
            unmerged: Default::default(),
            cross,
            extra: Vec::new(),
        };
        // A conflicted study is listed (marked) so that it is not missing.
        for e in conflicted {
            let id = e.study.id.clone();
            session.conflicted.insert(id.clone());
            session.set_entry(&id, Some(e));
        }
        session
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn review(&self) -> &Review {
        &self.review
    }

    /// The studies, each with its file's text, in load order.
    pub fn entries(&self) -> &[StudyEntry] {
        &self.entries
    }

    /// The search index, in step with [`Session::entries`].
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// The problems of the review as it is now: found when it was loaded,
    /// and found again for every study changed since (by a save, or on
    /// disk), plus those the caller added ([`Session::set_extra_problems`]).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Study files that could not be loaded at all.
    pub fn broken(&self) -> &[PathBuf] {
        &self.broken
    }

    /// The study with this id, with its file's text.
    pub fn entry(&self, id: &str) -> Option<&StudyEntry> {
        self.entries.iter().find(|e| e.study.id == id)
    }

    /// True when an id is taken: by a study, or by a file in `studies/`
    /// that could not be loaded.
    pub fn id_taken(&self, id: &str) -> bool {
        self.entry(id).is_some() || study_path(&self.root, id).is_some_and(|p| p.exists())
    }

    /// Number of undoable and redoable changes.
    pub fn history_len(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }

    /// Number of studies with a change not written yet.
    pub fn unsaved_count(&self) -> usize {
        self.pending.iter().map(|b| b.ops.len()).sum()
    }

    /// Every write still waiting, oldest first (for the recovery file).
    pub fn pending_ops(&self) -> impl Iterator<Item = &Op> {
        self.pending.iter().flat_map(|b| b.ops.iter())
    }

    /// The write still waiting for this study, if any.
    pub fn pending(&self, id: &str) -> Option<&Op> {
        self.pending.iter().find_map(|b| b.op(id))
    }

    /// True for a study that is only in memory: added (or restored) in this
    /// session and not written, because a file of its name appeared.
    pub fn never_saved(&self, id: &str) -> bool {
        self.pending(id).is_some_and(Op::creates)
    }

    /// The text to edit for a study by hand and the text its file holds
    /// (`None`: no file of ours yet). A study not saved yet opens as the
    /// user left it.
    pub fn editable(&self, id: &str) -> Option<(String, Option<String>)> {
        if let Some(op) = self.pending(id) {
            return op
                .mine(&self.review.instruments, None)
                .map(|t| (t, op.base.clone()));
        }
        let e = self.entry(id)?;
        match self.with_base(e) {
            Ok(e) if e.on_disk() => Some((e.source.clone(), Some(e.source))),
            Ok(e) => Some((render_study(&self.review.instruments, &e.study, None), None)),
            // The file changed since we read it and we did not keep what it
            // held: edit the file as it is now, saved as if new, so that
            // saving asks what to do instead of writing over their change.
            Err(_) => Some((
                self.disk_text(id)
                    .unwrap_or_else(|| render_study(&self.review.instruments, &e.study, None)),
                None,
            )),
        }
    }

    /// The text a study's file held when it was loaded or last saved
    /// (read again from the file when it was not kept in memory); `None`
    /// when it is not loaded, has no file of ours, or its file changed since.
    pub fn base_text(&self, id: &str) -> Option<String> {
        let e = self.with_base(self.entry(id)?).ok()?;
        e.on_disk().then_some(e.source)
    }

    /// A study's entry with its file's text in hand: the text kept, or the
    /// file read again when it still holds what we loaded. `Err` carries the
    /// fingerprint of what the file held when it has changed (or gone, or
    /// cannot be read) since.
    fn with_base(&self, e: &StudyEntry) -> Result<StudyEntry, Fingerprint> {
        let Some(fp) = e.file else {
            return Ok(e.clone());
        };
        if e.held().is_some() {
            return Ok(e.clone());
        }
        let path = study_path(&self.root, &e.study.id).unwrap_or_default();
        match e.base_text(&path) {
            Ok(Some(text)) => Ok(StudyEntry {
                study: e.study.clone(),
                source: text,
                file: Some(fp),
            }),
            Ok(None) | Err(_) => Err(fp),
        }
    }

    // ------------------------------------------------------------ building

    /// Where a new write for `id` starts from: the waiting write's base and
    /// "before" when there is one (its file still holds that base), else the
    /// study as loaded.
    fn start(&self, id: &str) -> (Option<String>, Option<Fingerprint>, Option<StudyEntry>) {
        match self.pending(id) {
            Some(op) => (op.base.clone(), op.stale, op.before.clone()),
            None => match self.entry(id) {
                None => (None, None, None),
                Some(e) => match self.with_base(e) {
                    Ok(e) if e.on_disk() => (Some(e.source.clone()), None, Some(e)),
                    Ok(e) => (None, None, Some(e)),
                    Err(fp) => (None, Some(fp), Some(e.clone())),
                },
            },
        }
    }

    /// Saving an edited study (its id is already loaded); `None` when it is
    /// not loaded.
    pub fn edit(&self, study: Study) -> Option<Batch> {
        self.entry(&study.id)?;
        let (base, stale, before) = self.start(&study.id);
        Some(Batch {
            ops: vec![Op {
                id: study.id.clone(),
                base,
                stale,
                target: Target::Study(Box::new(study)),
                before,
            }],
            kind: Kind::Record,
            verb: "saved",
        })
    }

    /// Adding studies (their files must not exist yet).
    pub fn add(&self, studies: Vec<Study>) -> Batch {
        Batch {
            ops: studies
                .into_iter()
                .map(|s| Op {
                    id: s.id.clone(),
                    base: None,
                    stale: None,
                    target: Target::Study(Box::new(s)),
                    before: None,
                })
                .collect(),
            kind: Kind::Record,
            verb: "added",
        }
    }

    /// Deleting a study; `None` when it is not loaded.
    pub fn delete(&self, id: &str) -> Option<Batch> {
        let (base, stale, before) = match self.with_base(self.entry(id)?) {
            Ok(e) if e.on_disk() => (Some(e.source.clone()), None, e),
            Ok(e) => (None, None, e),
            Err(fp) => (None, Some(fp), self.entry(id)?.clone()),
        };
        Some(Batch {
            ops: vec![Op {
                id: id.to_string(),
                base,
                stale,
                target: Target::Delete,
                before: Some(before),
            }],
            kind: Kind::Record,
            verb: "deleted",
        })
    }

    /// Writing a study's exact text (from `$EDITOR`) over `base`, the text
    /// its file held when the edit began.
    pub fn write_text(&self, id: &str, text: String, base: Option<String>) -> Batch {
        let (_, _, before) = self.start(id);
        Batch {
            ops: vec![Op {
                id: id.to_string(),
                base,
                stale: None,
                target: Target::Text(text),
                before,
            }],
            kind: Kind::Record,
            verb: "saved",
        }
    }

    // ------------------------------------------------------------ writing

    /// Writes a batch: every file is checked first, and nothing is written
    /// when one of them changed on disk; a write that fails midway takes
    /// back the ones before it.
    pub fn apply(&mut self, batch: Batch) -> Outcome {
        self.write(batch, false)
    }

    /// "Keep mine": writes the batch over whatever is on disk now. For a new
    /// change, undoing it brings back what it overwrote (theirs).
    pub fn keep_mine(&mut self, mut batch: Batch) -> Outcome {
        if matches!(batch.kind, Kind::Record) {
            for op in &mut batch.ops {
                let disk = self.disk_text(&op.id);
                op.before = match disk {
                    None => None,
                    Some(text) => {
                        let path = study_path(&self.root, &op.id).unwrap_or_default();
                        match parse_study(&path, &text, Some(&op.id), &self.review).study {
                            Some(study) => Some(StudyEntry::with_text(study, text)),
                            // Theirs is not a valid study: undo brings back
                            // what we had.
                            None => op.before.take(),
                        }
                    }
                };
            }
        }
        self.write(batch, true)
    }

    /// "Reload theirs": drops the batch and shows every study it touches as
    /// its file is now. An undo or redo dropped this way leaves the history.
    pub fn reload_theirs(&mut self, batch: &Batch) -> Result<(), SaveError> {
        let mut theirs = Vec::new();
        for id in batch.ids() {
            theirs.push((
                id.to_string(),
                store::reload_study(&self.root, &self.review, id)?,
            ));
        }
        let ids: Vec<String> = theirs.iter().map(|(id, _)| id.clone()).collect();
        for (id, e) in theirs {
            self.drop_pending(&id);
            self.set_entry(&id, e);
        }
        // Their text's own problems, as a save's are found.
        let found = ids
            .iter()
            .map(|id| {
                let Some(e) = self.entry(id).filter(|e| e.on_disk()) else {
                    return Vec::new();
                };
                let path = study_path(&self.root, id).unwrap_or_default();
                parse_study(&path, &e.text_for_messages(&path), Some(id), &self.review).problems
            })
            .collect();
        self.recheck(&ids, found, true);
        Ok(())
    }

    /// "Decide later", or a write that failed: the user's version stays in
    /// memory, counted as unsaved, until [`Session::retry`]. Returns false
    /// when there was nothing to keep (a batch that only deletes: the
    /// studies stay, an undo or redo goes back on its stack).
    pub fn defer(&mut self, batch: Batch) -> bool {
        if batch.ops.iter().all(Op::deletes) {
            self.restore_history(batch.kind);
            return false;
        }
        for op in &batch.ops {
            self.drop_pending(&op.id);
            let study = match &op.target {
                Target::Study(s) => Some((**s).clone()),
                Target::Text(t) => {
                    let path = study_path(&self.root, &op.id).unwrap_or_default();
                    parse_study(&path, t, Some(&op.id), &self.review).study
                }
                Target::Delete => None,
            };
            if let Some(s) = study {
                self.show_mine(&op.id, s);
            }
        }
        self.pending.push(batch);
        true
    }

    /// Tries every waiting batch again, in order. Stops at the first
    /// conflict (the batches after it keep waiting); a batch that fails
    /// again keeps waiting. Returns what became of each one tried.
    pub fn retry(&mut self) -> Vec<Outcome> {
        let mut waiting = std::mem::take(&mut self.pending).into_iter();
        let mut out = Vec::new();
        for b in waiting.by_ref() {
            match self.apply(b) {
                Outcome::Failed { batch, error } => {
                    self.defer((*batch).clone());
                    out.push(Outcome::Failed { batch, error });
                }
                o @ Outcome::Conflict { .. } => {
                    out.push(o);
                    break;
                }
                o => out.push(o),
            }
        }
        self.pending.extend(waiting);
        out
    }

    /// Forgets a study that was never written (its file belongs to someone
    /// else): the file on disk is left alone.
    pub fn drop_never_saved(&mut self, id: &str) {
        self.drop_pending(id);
        let on_disk = self.entry(id).is_some_and(StudyEntry::on_disk);
        if !on_disk {
            self.set_entry(id, None);
        }
    }

    /// Undoes the last change.
    pub fn undo(&mut self) -> Result<Outcome, HistoryError> {
        self.step(true)
    }

    /// Redoes the last change undone.
    pub fn redo(&mut self) -> Result<Outcome, HistoryError> {
        self.step(false)
    }

    /// One step back (undo) or forward (redo) through the history: each
    /// study goes from what the change left (or found) to what it found (or
    /// left), byte for byte, only over that exact text.
    fn step(&mut self, back: bool) -> Result<Outcome, HistoryError> {
        let stack = if back { &mut self.undo } else { &mut self.redo };
        let c = stack.pop().ok_or(HistoryError::Empty)?;
        if let Some(id) = self.blocked(&c) {
            let stack = if back { &mut self.undo } else { &mut self.redo };
            stack.push(c);
            return Err(HistoryError::Unsaved(id));
        }
        // Each study's place, found once: an undo of a 200 000-study import
        // must not search the list once per study.
        let at: std::collections::HashMap<&str, usize> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.study.id.as_str(), i))
            .collect();
        let restore = |e: &Edit| {
            let (from, to) = if back {
                (&e.after, &e.before)
            } else {
                (&e.before, &e.after)
            };
            let now = at.get(e.id.as_str()).and_then(|&i| self.entries.get(i));
            self.restore(&e.id, now, from.as_ref(), to.as_ref())
        };
        let ops = if back {
            c.edits.iter().rev().map(restore).collect()
        } else {
            c.edits.iter().map(restore).collect()
        };
        let (kind, verb) = if back {
            (Kind::Undo(c), "undone:")
        } else {
            (Kind::Redo(c), "redone:")
        };
        Ok(self.apply(Batch { ops, kind, verb }))
    }

    // ------------------------------------------------------------ inside

    /// The first study of `c` with a write still waiting.
    fn blocked(&self, c: &Change) -> Option<String> {
        if self.pending.is_empty() {
            return None;
        }
        let waiting: std::collections::HashSet<&str> =
            self.pending_ops().map(|o| o.id.as_str()).collect();
        c.edits
            .iter()
            .find(|e| waiting.contains(e.id.as_str()))
            .map(|e| e.id.clone())
    }

    /// The op that takes a study from `from` (what the file must hold) to
    /// `to`, byte for byte; `now` is the study as the list has it.
    fn restore(
        &self,
        id: &str,
        now: Option<&StudyEntry>,
        from: Option<&StudyEntry>,
        to: Option<&StudyEntry>,
    ) -> Op {
        // History holds the texts it wrote; an entry only fingerprinted is
        // read from its file (and is a conflict when the file changed).
        let (base, stale) = match from.map(|e| self.with_base(e)) {
            None => (None, None),
            Some(Ok(e)) if e.on_disk() => (Some(e.source), None),
            Some(Ok(_)) => (None, None),
            Some(Err(fp)) => (None, Some(fp)),
        };
        Op {
            id: id.to_string(),
            base,
            stale,
            target: match to.map(|e| self.with_base(e)) {
                Some(Ok(e)) if e.on_disk() => Target::Text(e.source),
                // Its text is gone: the study itself, rendered over the base.
                Some(Ok(e)) => Target::Study(Box::new(e.study)),
                Some(Err(_)) => match to {
                    Some(e) => Target::Study(Box::new(e.study.clone())),
                    None => Target::Delete,
                },
                None => Target::Delete,
            },
            before: now.cloned(),
        }
    }

    fn disk_text(&self, id: &str) -> Option<String> {
        study_path(&self.root, id).and_then(|p| std::fs::read_to_string(p).ok())
    }

    fn restore_history(&mut self, kind: Kind) {
        match kind {
            Kind::Record => {}
            Kind::Undo(c) => self.undo.push(c),
            Kind::Redo(c) => self.redo.push(c),
        }
    }

    /// Forgets the waiting write for `id` (the batch keeps its other studies).
    fn drop_pending(&mut self, id: &str) {
        for b in &mut self.pending {
            b.ops.retain(|o| o.id != id);
        }
        self.pending.retain(|b| !b.ops.is_empty());
    }
}
