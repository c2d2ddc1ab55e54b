//! How a session puts a batch on disk: every op checked first, then all the
//! files written as one step by the store's batch saver (all or none).

use crate::session::{Batch, Change, Edit, Kind, Op, Outcome, Session};
use crate::store::parse::parse_study;
use crate::store::{self, Fingerprint, SaveError, StudyEntry, study_path};

impl Session {
    /// Removes the files a batch took away (an undo of an import) on a
    /// thread of their own from now on: the batch is done once they are
    /// moved aside ([`store::Trash`]).
    pub fn clean_up_in_background(&mut self) {
        self.background = true;
    }

    /// Checks every op, then writes them all as one step of the store's
    /// batch saver: every file is written or none is.
    pub(super) fn write(&mut self, batch: Batch, force: bool) -> Outcome {
        // What each file must hold for its op to go ahead.
        let mut expected: Vec<Option<String>> = Vec::with_capacity(batch.ops.len());
        let mut stale = None;
        for op in &batch.ops {
            if force {
                expected.push(self.disk_text(&op.id));
            } else if let Some(fp) = op.stale {
                // Its base was not kept: the file must hold again exactly
                // what we loaded (same length and hash), read now.
                match self.matching_text(&op.id, fp) {
                    Ok(text) => expected.push(Some(text)),
                    Err(e) => {
                        stale = Some((op.id.clone(), e));
                        break;
                    }
                }
            } else {
                expected.push(op.base.clone());
            }
        }
        if let Some((id, e)) = stale {
            return self.refused(batch, &id, e);
        }
        // What each op leaves on disk (`None`: no file).
        let mut after: Vec<Option<StudyEntry>> = Vec::with_capacity(batch.ops.len());
        // The problems reading each new text found (warnings of a valid
        // study), for the problems list once it is written.
        let mut found: Vec<Vec<crate::text::problem::Problem>> =
            Vec::with_capacity(batch.ops.len());
        let mut refused = None;
        for (op, exp) in batch.ops.iter().zip(&expected) {
            match self.check(op, exp.as_deref(), force) {
                Ok((new, problems)) => {
                    after.push(new);
                    found.push(problems);
                }
                Err(e) => {
                    refused = Some((op.id.clone(), e));
                    break;
                }
            }
        }
        if let Some((id, e)) = refused {
            return self.refused(batch, &id, e);
        }
        // A file that already holds its new text is left alone, once it is
        // checked to hold it; the others are checked by the batch saver,
        // under its lock, right before it writes.
        let same = |exp: &Option<String>, new: &Option<StudyEntry>| matches!((exp, new), (Some(e), Some(n)) if *e == n.source);
        let unchanged = batch
            .ops
            .iter()
            .zip(&expected)
            .zip(&after)
            .filter(|((_, exp), new)| same(exp, new))
            .find_map(|((op, exp), _)| {
                let path = study_path(&self.root, &op.id).unwrap_or_default();
                store::check_unchanged(&path, exp.as_deref())
                    .err()
                    .map(|e| (op.id.clone(), e))
            });
        if let Some((id, e)) = unchanged {
            return self.refused(batch, &id, e);
        }
        let files: Vec<store::BatchFile> = batch
            .ops
            .iter()
            .zip(&expected)
            .zip(&after)
            .filter(|((_, exp), new)| !same(exp, new))
            .map(|((op, exp), new)| store::BatchFile {
                path: study_path(&self.root, &op.id).unwrap_or_default(),
                text: new.as_ref().map(|n| n.source.as_str()),
                expected: exp.as_deref(),
            })
            .collect();
        let trash = match store::write_batch(&files) {
            Ok(trash) => trash,
            Err(e) => {
                let path = files[e.index].path.clone();
                drop(files);
                let id = batch
                    .ops
                    .iter()
                    .find(|op| study_path(&self.root, &op.id).as_ref() == Some(&path))
                    .map(|op| op.id.clone())
                    .unwrap_or_default();
                return self.refused(batch, &id, e.error);
            }
        };
        drop(files);
        if self.background {
            trash.empty_in_background();
        } else {
            drop(trash);
        }
        // A study's ref or DOI changed (or it came or went): the problems
        // shared between studies are found again.
        let shared = |e: &Option<StudyEntry>| {
            e.as_ref()
                .map(|e| (e.study.reference, e.study.ref_shared, e.study.doi.clone()))
        };
        let cross = batch
            .ops
            .iter()
            .zip(&after)
            .any(|(op, new)| shared(&op.before) != shared(new));
        let mut edits = Vec::with_capacity(after.len());
        let mut shown = Vec::with_capacity(after.len());
        for (op, new) in batch.ops.iter().zip(after) {
            self.drop_pending(&op.id);
            shown.push((op.id.clone(), new.clone()));
            edits.push(Edit {
                id: op.id.clone(),
                before: op.before.clone(),
                after: new,
            });
        }
        self.set_entries(shown);
        let ids: Vec<String> = batch.ops.iter().map(|o| o.id.clone()).collect();
        // A save may fix a problem (or make one): the banner is never stale.
        self.recheck(&ids, found, cross);
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

    /// The file's text when it still matches `fp`; otherwise the conflict
    /// "changed on disk" (or the error reading it).
    fn matching_text(&self, id: &str, fp: Fingerprint) -> Result<String, SaveError> {
        let path =
            study_path(&self.root, id).ok_or_else(|| SaveError::BadId { id: id.to_string() })?;
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(SaveError::Conflict { path, disk: None });
            }
            Err(e) => return Err(SaveError::Io { path, source: e }),
        };
        let same = Fingerprint::of(&bytes) == fp;
        let disk = match String::from_utf8(bytes) {
            Ok(text) if same => return Ok(text),
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Err(SaveError::Conflict {
            path,
            disk: Some(disk),
        })
    }

    /// Refuses an op before anything is written: an invalid result, or a
    /// removal of a file that is not there. Returns the study the op leaves
    /// on disk (`None`: no file) and the problems reading it found. Whether
    /// each file still holds what it should is checked once, by the batch
    /// saver under its lock (a check here too would read every file of a
    /// 200 000-study undo twice).
    #[allow(clippy::type_complexity)]
    fn check(
        &self,
        op: &Op,
        expected: Option<&str>,
        force: bool,
    ) -> Result<(Option<StudyEntry>, Vec<crate::text::problem::Problem>), SaveError> {
        let path =
            study_path(&self.root, &op.id).ok_or_else(|| SaveError::BadId { id: op.id.clone() })?;
        let mut problems = Vec::new();
        let new = match op.mine(&self.review.instruments, expected) {
            Some(text) => {
                let parsed = parse_study(&path, &text, Some(&op.id), &self.review);
                problems = parsed.problems;
                match parsed.study {
                    Some(study) => Some(StudyEntry::with_text(study, text)),
                    None => return Err(SaveError::Invalid { problems }),
                }
            }
            // Removing a file that is already gone is what "keep mine"
            // wanted; otherwise the file we meant to remove went missing.
            None if expected.is_none() && !force => {
                return Err(SaveError::Conflict { path, disk: None });
            }
            None => None,
        };
        Ok((new, problems))
    }
}
