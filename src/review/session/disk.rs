//! How a session puts a batch on disk: every file checked first, written in
//! order, and the ones already written taken back if a later one fails.

use super::super::parse::parse_study;
use super::super::store::{self, SaveError, StudyEntry, study_path};
use super::{Batch, Change, Edit, Kind, Op, Outcome, Session};

impl Session {
    /// Checks every op, writes them in order, and on a failure midway puts
    /// the files already written back as they were.
    pub(super) fn write(&mut self, batch: Batch, force: bool) -> Outcome {
        // What each file must hold for its op to go ahead.
        let expected: Vec<Option<String>> = batch
            .ops
            .iter()
            .map(|op| {
                if force {
                    self.disk_text(&op.id)
                } else {
                    op.base.clone()
                }
            })
            .collect();
        let checked = batch.ops.iter().zip(&expected).try_for_each(|(op, exp)| {
            self.check(op, exp.as_deref())
                .map_err(|e| (op.id.clone(), e))
        });
        if let Err((id, e)) = checked {
            return self.refused(batch, &id, e);
        }
        let mut written: Vec<(usize, Option<StudyEntry>)> = Vec::new();
        let mut failed = None;
        for (i, (op, exp)) in batch.ops.iter().zip(&expected).enumerate() {
            match self.perform(op, exp.as_deref(), force) {
                Ok(new) => written.push((i, new)),
                Err(e) => {
                    failed = Some((op.id.clone(), e));
                    break;
                }
            }
        }
        if let Some((id, e)) = failed {
            self.take_back(&batch, &expected, &written);
            return self.refused(batch, &id, e);
        }
        let mut edits = Vec::new();
        let mut shown = Vec::with_capacity(written.len());
        for (i, new) in written {
            let op = &batch.ops[i];
            self.drop_pending(&op.id);
            shown.push((op.id.clone(), new.clone()));
            edits.push(Edit {
                id: op.id.clone(),
                before: op.before.clone(),
                after: new,
            });
        }
        self.set_entries(shown);
        let ids = batch.ops.iter().map(|o| o.id.clone()).collect();
        match batch.kind {
            Kind::Record => {
                self.undo.push(Change { edits });
                self.redo.clear();
            }
            Kind::Undo(c) => self.redo.push(c),
            Kind::Redo(c) => self.undo.push(c),
        }
        Outcome::Done {
            ids,
            verb: batch.verb,
        }
    }

    /// A conflict or a failure, with the batch handed back.
    pub(super) fn refused(&self, batch: Batch, id: &str, e: SaveError) -> Outcome {
        let batch = Box::new(batch);
        match e {
            SaveError::Conflict { disk, .. } => Outcome::Conflict {
                batch,
                id: id.to_string(),
                disk,
            },
            SaveError::Exists { .. } => Outcome::Conflict {
                batch,
                id: id.to_string(),
                disk: self.disk_text(id),
            },
            error => Outcome::Failed { batch, error },
        }
    }

    /// Refuses an op before anything is written: an invalid result, or a
    /// file that does not hold what it should.
    fn check(&self, op: &Op, expected: Option<&str>) -> Result<(), SaveError> {
        let path =
            study_path(&self.root, &op.id).ok_or_else(|| SaveError::BadId { id: op.id.clone() })?;
        if let Some(text) = op.mine(expected) {
            let parsed = parse_study(&path, &text, Some(&op.id), &self.review);
            if parsed.study.is_none() {
                return Err(SaveError::Invalid {
                    problems: parsed.problems,
                });
            }
        }
        store::check_unchanged(&path, expected)
    }

    /// Writes one op over `expected`; returns the study now on disk.
    fn perform(
        &self,
        op: &Op,
        expected: Option<&str>,
        force: bool,
    ) -> Result<Option<StudyEntry>, SaveError> {
        match op.mine(expected) {
            Some(text) => {
                store::save_study_text(&self.root, &self.review, &op.id, &text, expected).map(Some)
            }
            None => match expected {
                Some(b) => store::delete_study(&self.root, &op.id, b).map(|_| None),
                // Already gone: what "keep mine" wanted.
                None if force => Ok(None),
                None => Err(SaveError::Conflict {
                    path: study_path(&self.root, &op.id).unwrap_or_default(),
                    disk: None,
                }),
            },
        }
    }

    /// Puts the files of the ops already written back as they were.
    fn take_back(
        &self,
        batch: &Batch,
        expected: &[Option<String>],
        written: &[(usize, Option<StudyEntry>)],
    ) {
        for (i, _) in written.iter().rev() {
            let Some(path) = study_path(&self.root, &batch.ops[*i].id) else {
                continue;
            };
            // Best effort: this runs only after another write failed.
            let _ = match &expected[*i] {
                Some(text) => store::write_atomic(&path, text.as_bytes()),
                None => std::fs::remove_file(&path),
            };
        }
    }
}
