//! Every write to disk the interface makes, through the core's saver: saves
//! from the form, exact texts from `$EDITOR` or an undo, deletes.
//!
//! A write carries the text the file held when we last saw it (`base`); the
//! saver refuses it if the file changed since, and the interface then asks
//! the user (reload theirs / keep mine / show both).

use std::path::Path;

use crate::review::store::{self, SaveError, StudyEntry, study_path};
use crate::review::{Review, Study};

use super::app::Change;

/// What to put on disk for one study.
#[derive(Debug, Clone)]
pub enum Target {
    /// Save this study (only changed values are rewritten).
    Study(Box<Study>),
    /// Write exactly this text.
    Text(String),
    /// Remove the file.
    Delete,
}

/// What a successful write means for the undo history.
#[derive(Debug, Clone)]
pub enum After {
    /// A new change: push it on the undo stack, clear redo.
    Record,
    /// Undoing this change: move it to the redo stack.
    Undo(Box<Change>),
    /// Redoing this change: move it back to the undo stack.
    Redo(Box<Change>),
}

/// One write, as asked for.
#[derive(Debug, Clone)]
pub struct Write {
    pub id: String,
    /// The file's text when we last saw it (`None`: it should not exist).
    pub base: Option<String>,
    pub target: Target,
    /// The study as it was in memory before (for the history).
    pub before: Option<StudyEntry>,
    pub after: After,
    /// What to say once it is done ("saved", "deleted", "undone").
    pub verb: &'static str,
}

impl Write {
    /// Performs the write. `force` skips the conflict check (the user chose
    /// "keep mine"). Returns the study now on disk (`None`: deleted).
    pub fn apply(
        &self,
        root: &Path,
        review: &Review,
        force: bool,
    ) -> Result<Option<StudyEntry>, SaveError> {
        let base = if force {
            disk_text(root, &self.id)
        } else {
            self.base.clone()
        };
        match &self.target {
            Target::Study(s) => {
                let source = if force {
                    store::force_save_study(root, review, s, self.base.as_deref())?
                } else {
                    store::save_study(root, review, s, base.as_deref())?
                };
                Ok(Some(StudyEntry {
                    study: (**s).clone(),
                    source,
                }))
            }
            Target::Text(t) => {
                store::save_study_text(root, review, &self.id, t, base.as_deref()).map(Some)
            }
            Target::Delete => {
                match base {
                    Some(b) => store::delete_study(root, &self.id, &b)?,
                    None if force => {}
                    None => {
                        return Err(SaveError::Conflict {
                            path: study_path(root, &self.id).unwrap_or_default(),
                            disk: None,
                        });
                    }
                }
                Ok(None)
            }
        }
    }

    /// What we would write, as text: over `disk` when it is forced ("keep
    /// mine") onto a file we have no base for, as the saver then does.
    pub fn mine(&self, disk: Option<&str>) -> String {
        match &self.target {
            Target::Study(s) => {
                crate::review::write::render_study(s, self.base.as_deref().or(disk))
            }
            Target::Text(t) => t.clone(),
            Target::Delete => super::strings::DELETED_PLACEHOLDER.to_string(),
        }
    }
}

/// What the study's file holds now (`None`: missing or unreadable).
pub fn disk_text(root: &Path, id: &str) -> Option<String> {
    study_path(root, id).and_then(|p| std::fs::read_to_string(p).ok())
}
