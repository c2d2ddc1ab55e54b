//! Following the disk: changes others make to the review folder (a
//! co-author's save, a `git merge`) are folded in as they happen, the
//! global reload key reads everything again, and what git says of the
//! review (unmerged studies, a missing merge driver) is kept in step.
//! `merge` answers "merge both" in the changed-on-disk question.

pub(super) mod merge;

use crate::store::watch::{DiskChange, Watcher};

use super::super::app::{App, Dialog};
use super::super::screen::Overlay;
use super::super::strings;
use super::table::{ensure_visible, invalidate, refresh, selected_id};
use super::{error, info};

impl App {
    /// Starts following the review folder: changes others make are folded
    /// in by the event loop ([`App::take_disk_change`]). Where the folder
    /// cannot be watched, the reload key still reads it again.
    pub fn watch_disk(&mut self) {
        self.watcher = Watcher::start(self.session.root()).ok();
    }

    /// True when changes on disk wait to be folded in.
    pub fn disk_change_waiting(&self) -> bool {
        self.watcher.as_ref().is_some_and(Watcher::ready)
    }

    /// The changes on disk gathered since the last call, once the folder
    /// has been quiet for a moment.
    pub fn take_disk_change(&mut self) -> Option<DiskChange> {
        self.watcher.as_mut().and_then(Watcher::take)
    }

    /// Reads what git says of the review: studies git has not merged, a
    /// clone without the merge driver. Nothing outside a repository.
    pub fn read_git_state(&mut self) {
        let state = crate::team::state::state(self.session.root());
        self.session.set_unmerged(state.unmerged);
        self.session.set_extra_problems(state.problems);
    }
}

/// The studies the user is working on (a form, the appraisal form, the
/// reconcile view, a question about a write): they stay as the user has
/// them when their files change, and saving asks.
fn editing(app: &App) -> Vec<String> {
    let mut ids = Vec::new();
    for o in app.overlays.iter() {
        match o {
            Overlay::Form(f) => {
                if let super::super::form::FormTarget::Edit { id } = &f.target {
                    ids.push(id.clone());
                }
            }
            Overlay::Appraise(f) => ids.push(f.study.clone()),
            Overlay::Reconcile(r) => ids.push(r.study.clone()),
            Overlay::Dialog(Dialog::Conflict { batch, .. }) => {
                ids.extend(batch.ids().map(String::from))
            }
            Overlay::Dialog(Dialog::MergeChoice(m)) => ids.extend(m.batch.ids().map(String::from)),
            _ => {}
        }
    }
    ids
}

/// Folds changes on disk in: the studies not being edited show what their
/// files hold now, the selection, filters, sort and scroll stay, the
/// problems are found again, and the status bar says what changed.
pub(super) fn follow(app: &mut App, change: DiskChange) {
    let editing = editing(app);
    let keep = selected_id(app);
    let (offset, detail) = (app.offset, app.detail_scroll);
    let followed = match app.session.follow(&change.studies, change.review, &editing) {
        Ok(f) => f,
        Err(e) => {
            return error(
                app,
                format!(
                    "cannot read the review again: {}",
                    crate::text::inert_line(&e.to_string())
                ),
            );
        }
    };
    if followed.is_empty() {
        // Our own saves, seen by the watcher; or git's index alone (a
        // `git add` or `git rm` run outside litrev).
        if change.git {
            git_changed(app, keep);
        }
        return;
    }
    app.read_git_state();
    invalidate(app);
    refresh(app, keep.clone());
    // The same study on the same row of the screen, if it is still there.
    if selected_id(app) == keep {
        app.offset = offset;
        app.detail_scroll = detail;
        ensure_visible(app);
    }
    let text = strings::changed_on_disk(&followed);
    if followed.broken.is_empty() {
        info(app, text);
    } else {
        error(app, text);
    }
}

/// git's index changed and nothing else: what git says of the studies is
/// read again, and a change in the studies in conflict is said.
fn git_changed(app: &mut App, keep: Option<String>) {
    let before = app.session.conflicted().len();
    app.read_git_state();
    let after = app.session.conflicted().len();
    invalidate(app);
    refresh(app, keep);
    if before != after {
        info(app, strings::git_index_changed(after));
    }
}

/// The global reload key: the whole review read again from disk (for file
/// systems where watching is unreliable), unsaved work kept on top.
pub(super) fn reload_all(app: &mut App) {
    let editing = editing(app);
    let keep = selected_id(app);
    match app.session.follow(&[], true, &editing) {
        Ok(_) => {
            app.read_git_state();
            invalidate(app);
            refresh(app, keep);
            let n = app.session.problems().len();
            info(app, strings::reloaded(n, app.session.entries().len()));
        }
        Err(e) => error(
            app,
            format!("cannot reload: {}", crate::text::inert_line(&e.to_string())),
        ),
    }
}
