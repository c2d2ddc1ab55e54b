//! Every write to disk goes through the library's editing session
//! ([`crate::session`]); this file only turns its outcomes into
//! what the user sees: the table refreshed, a message, a conflict dialog.

use crate::model::Study;
use crate::session::{Batch, HistoryError, Outcome};
use crate::store::SaveError;

use super::super::action::Action;
use super::super::app::{App, Mode, PagerKind};
use super::super::screen::Overlay;
use super::super::strings;
use super::{
    close_dialog, close_form, error, info, invalidate, layout, neighbour, open_dialog, open_pager,
    refresh, selected_id,
};

/// The selection before a write: the study selected and the one to select
/// if that one goes away. Taken before the session changes, while the rows
/// on screen still point at the studies they show.
struct Before {
    selected: Option<String>,
    neighbour: Option<String>,
}

impl Before {
    fn take(app: &App) -> Before {
        Before {
            selected: selected_id(app),
            neighbour: neighbour(app),
        }
    }

    /// Whom to select once `id` was written: the study itself if it is still
    /// there, else the selection, else (it was the selection) its neighbour.
    fn keep(self, app: &App, id: &str) -> Option<String> {
        if app.session.entry(id).is_some() {
            Some(id.to_string())
        } else if self.selected.as_deref() != Some(id) {
            self.selected
        } else {
            self.neighbour
        }
    }
}

/// Shows the studies as the session has them now.
fn redisplay(app: &mut App, keep: Option<String>) {
    invalidate(app);
    refresh(app, keep);
}

/// Writes a batch, then shows what became of it.
pub(super) fn run(app: &mut App, batch: Batch) {
    let before = Before::take(app);
    let out = app.session.apply(batch);
    show(app, out, before);
}

/// Puts an outcome on screen: the studies and a message on success, the
/// conflict dialog, or why it failed.
fn show(app: &mut App, out: Outcome, before: Before) {
    match out {
        Outcome::Done { ids, verb } => {
            close_form(app);
            done(app, &ids, verb, before);
        }
        // Nothing was written: the table stays as it is.
        Outcome::Conflict { batch, id, disk } => {
            close_form(app);
            let d = super::disk::merge::conflict_dialog(app, batch, id, disk);
            open_dialog(app, d);
        }
        Outcome::Failed { batch, error } => {
            let text = why(&error);
            match app.overlays.top_mut() {
                // The form stays open with the user's values in it.
                Some(Overlay::Form(f)) => f.message = Some(text),
                // The appraisal is kept as an unsaved change (retried with
                // the save key), so its form closes.
                Some(Overlay::Appraise(_) | Overlay::Reconcile(_)) => {
                    close_form(app);
                    failed(app, *batch, text, before)
                }
                _ => failed(app, *batch, text, before),
            }
        }
    }
}

/// One line saying why a write failed.
fn why(e: &SaveError) -> String {
    let text = match e {
        SaveError::Invalid { problems } => problems
            .first()
            .map(|p| p.to_string())
            .unwrap_or_else(|| e.to_string()),
        other => other.to_string(),
    };
    crate::text::inert_line(&text).into_owned()
}

/// A batch that was written.
fn done(app: &mut App, ids: &[String], verb: &str, before: Before) {
    let Some(first) = ids.first() else {
        return;
    };
    let keep = before.keep(app, first);
    redisplay(app, keep);
    let mut text = match ids {
        [id] => strings::done(verb, id),
        _ => format!("{verb} {} studies", ids.len()),
    };
    // A study of the batch that is in the review but not in the view: one
    // pass over the list, not a search of the list and the view per study
    // (an import may bring thousands).
    let entries = app.session.entries();
    let mut shown = vec![false; entries.len()];
    for &i in &app.view {
        if let Some(s) = shown.get_mut(i) {
            *s = true;
        }
    }
    let batch: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
    let hidden = entries
        .iter()
        .zip(&shown)
        .any(|(e, shown)| !shown && batch.contains(e.study.id.as_str()));
    if hidden {
        text.push_str(&strings::hidden_by_filter(
            &app.key(Mode::Normal, &Action::ClearFilters),
        ));
    }
    info(app, text);
}

/// A write outside the form failed (not a conflict): say why, and keep
/// what the user wanted, on screen and counted as unsaved.
fn failed(app: &mut App, batch: Batch, why: String, before: Before) {
    let id = batch.ids().next().unwrap_or_default().to_string();
    let kept = app.session.defer(batch);
    let keep = before.keep(app, &id);
    redisplay(app, keep);
    if kept {
        let text = strings::not_saved(&id, &app.key(Mode::Normal, &Action::Save));
        error(app, format!("{why}; {text}"));
    } else {
        error(app, why);
    }
}

/// Saves an edited study from the form.
pub(super) fn save_study(app: &mut App, study: Study) -> Result<(), String> {
    let id = study.id.clone();
    let Some(batch) = app.session.edit(study) else {
        return Err(format!("{id} is no longer loaded"));
    };
    run(app, batch);
    Ok(())
}

/// Adds a new study from the form.
pub(super) fn add_study(app: &mut App, study: Study) {
    let batch = app.session.add(vec![study]);
    run(app, batch);
}

/// Saves the exact text of a study edited in `$EDITOR` over `base`.
pub(super) fn save_text(app: &mut App, id: &str, text: String, base: Option<String>) {
    let batch = app.session.write_text(id, text, base);
    run(app, batch);
}

fn history(app: &mut App, out: Result<Outcome, HistoryError>, what: &str, before: Before) {
    match out {
        Ok(out) => show(app, out, before),
        Err(HistoryError::Empty) if what == "undo" => info(app, strings::NOTHING_TO_UNDO),
        Err(HistoryError::Empty) => info(app, strings::NOTHING_TO_REDO),
        // Its latest change is not on the stack: undoing the one before
        // would throw it away for good.
        Err(HistoryError::Unsaved(id)) => {
            let text = strings::save_first(&id, what, &app.key(Mode::Normal, &Action::Save));
            error(app, text)
        }
    }
}

/// Writes the studies of an import as one batch; says how many were
/// imported and how many duplicates were left out.
pub(super) fn import(app: &mut App, batch: Batch, duplicates: usize) {
    let n = batch.ops.len();
    let before = Before::take(app);
    let out = app.session.apply(batch);
    let imported = matches!(out, Outcome::Done { .. });
    show(app, out, before);
    if imported {
        let hidden = app.message.as_ref().is_some_and(|m| {
            m.text.ends_with(&strings::hidden_by_filter(
                &app.key(Mode::Normal, &Action::ClearFilters),
            ))
        });
        let mut text = strings::imported(n, duplicates, &app.key(Mode::Normal, &Action::Undo));
        if hidden {
            text.push_str(&strings::hidden_by_filter(
                &app.key(Mode::Normal, &Action::ClearFilters),
            ));
        }
        info(app, text);
    }
}

pub(super) fn undo(app: &mut App) {
    let before = Before::take(app);
    let out = app.session.undo();
    history(app, out, "undo", before);
}

pub(super) fn redo(app: &mut App) {
    let before = Before::take(app);
    let out = app.session.redo();
    history(app, out, "redo", before);
}

/// Tries the writes that were put off again; stops at a conflict.
pub(super) fn retry_unsaved(app: &mut App) {
    if app.session.unsaved_count() == 0 {
        return info(app, strings::ALL_SAVED);
    }
    let before = Before::take(app);
    let outs = app.session.retry();
    let keep = before.selected.clone();
    redisplay(app, keep);
    for out in outs {
        match out {
            Outcome::Done { ids, verb } => {
                let b = Before::take(app);
                done(app, &ids, verb, b);
            }
            Outcome::Conflict { batch, id, disk } => {
                let d = super::disk::merge::conflict_dialog(app, batch, id, disk);
                open_dialog(app, d);
            }
            // Kept by the session, still unsaved.
            Outcome::Failed { batch, error } => {
                let id = batch.ids().next().unwrap_or_default().to_string();
                let text = strings::not_saved(&id, &app.key(Mode::Normal, &Action::Save));
                self::error(app, format!("{}; {text}", why(&error)));
            }
        }
    }
}

/// Deletes a study once the user confirmed.
pub(super) fn confirm_delete(app: &mut App, id: String) {
    close_dialog(app);
    if app.session.never_saved(&id) {
        // Only in memory: the file at its path is someone else's.
        let before = Before::take(app);
        app.session.drop_never_saved(&id);
        let keep = before.keep(app, &id);
        redisplay(app, keep);
        return info(app, strings::dropped(&id));
    }
    if let Some(batch) = app.session.delete(&id) {
        run(app, batch);
    }
}

/// A conflict, "reload theirs": the files on disk win; ours is dropped.
pub(super) fn reload_theirs(app: &mut App, batch: &Batch, id: &str) {
    let before = Before::take(app);
    match app.session.reload_theirs(batch) {
        Ok(()) => {
            close_dialog(app);
            let keep = before.keep(app, id);
            redisplay(app, keep);
            info(
                app,
                format!("reloaded {id} from disk; your version was dropped"),
            );
        }
        Err(e) => error(
            app,
            format!(
                "their version cannot be loaded ({}); keep mine, or fix the file and try again",
                crate::text::inert_line(&e.to_string())
            ),
        ),
    }
}

/// A conflict, "keep mine": ours is written over theirs.
pub(super) fn keep_mine(app: &mut App, batch: Batch) {
    close_dialog(app);
    let before = Before::take(app);
    let out = app.session.keep_mine(batch);
    show(app, out, before);
}

/// A conflict, "show both": ours and theirs side by side, over the question.
pub(super) fn show_both(app: &mut App, batch: &Batch, id: &str, disk: Option<String>) {
    let mine = batch
        .op(id)
        .and_then(|op| op.mine(app.instruments(), disk.as_deref()))
        .unwrap_or_else(|| strings::DELETED_PLACEHOLDER.to_string());
    let theirs = disk.unwrap_or_else(|| strings::DELETED_PLACEHOLDER.to_string());
    // Opened at the first difference, with a few lines above it.
    let w = super::super::layout::pager_text_width(app.size.0);
    let at = super::super::content::pager::first_difference(&mine, &theirs, w).unwrap_or(0);
    let kind = PagerKind::Compare {
        id: id.to_string(),
        mine,
        theirs,
    };
    open_pager(app, kind);
    let max = layout::pager_line_count(app).saturating_sub(layout::pager_page_height(app));
    if let Some(p) = app.overlays.pager_mut() {
        p.scroll = at.saturating_sub(3).min(max);
    }
}

/// A conflict left for later: our version stays in memory, unsaved.
pub(super) fn decide_later(app: &mut App, batch: Batch, id: &str) {
    close_dialog(app);
    let before = Before::take(app);
    if app.session.defer(batch) {
        let keep = before.keep(app, id);
        redisplay(app, keep);
        let text = strings::not_saved(id, &app.key(Mode::Normal, &Action::Save));
        error(app, text);
    } else {
        info(app, format!("{id} was not deleted"));
    }
}
