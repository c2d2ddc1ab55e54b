//! Every write to disk and the history: saving, deleting, undo and redo,
//! the writes left unsaved, and the answers to a conflict.

use crate::review::Study;
use crate::review::search::SearchIndex;
use crate::review::store::{self, SaveError, StudyEntry, study_path};

use super::super::action::Action;
use super::super::app::{App, Change, Dialog, Mode, PagerKind};
use super::super::persist::{self, After, Target, Write};
use super::super::screen::Overlay;
use super::super::strings;
use super::{
    close_dialog, close_form, error, info, invalidate, neighbour, open_dialog, open_pager, refresh,
    selected_id,
};

/// Performs a write; on success updates the studies and the history, on a
/// conflict asks the user, on another error says why.
pub(super) fn run_write(app: &mut App, write: Write) {
    match write.apply(&app.root, &app.review, false) {
        Ok(new) => {
            close_form(app);
            finish_write(app, write, new);
        }
        Err(SaveError::Conflict { disk, .. }) => {
            close_form(app);
            open_dialog(
                app,
                Dialog::Conflict {
                    write: Box::new(write),
                    disk,
                },
            );
        }
        Err(SaveError::Exists { .. }) => {
            close_form(app);
            let disk = persist::disk_text(&app.root, &write.id);
            open_dialog(
                app,
                Dialog::Conflict {
                    write: Box::new(write),
                    disk,
                },
            );
        }
        Err(e) => {
            let text = match &e {
                SaveError::Invalid { problems } => problems
                    .first()
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| e.to_string()),
                other => other.to_string(),
            };
            let text = crate::text::inert_line(&text).into_owned();
            match app.overlays.top_mut() {
                // The form stays open with the user's values in it.
                Some(Overlay::Form(f)) => f.message = Some(text),
                _ => write_failed(app, write, text),
            }
        }
    }
}

/// Puts the result of a write into the state.
pub(super) fn finish_write(app: &mut App, write: Write, new: Option<StudyEntry>) {
    let id = write.id.clone();
    let pos = app.entries.iter().position(|e| e.study.id == id);
    let keep = match (&new, app.selected_study()) {
        (Some(_), _) => Some(id.clone()),
        (None, Some(s)) if s.id != id => Some(s.id.clone()),
        _ => neighbour(app),
    };
    match (pos, new.clone()) {
        (Some(i), Some(e)) => {
            app.index.update(i, &e.study);
            app.entries[i] = e;
        }
        (None, Some(e)) => {
            app.entries.push(e);
            store::sort_studies(&mut app.entries);
            app.index = SearchIndex::new(app.entries.iter().map(|e| &e.study));
        }
        (Some(i), None) => {
            app.entries.remove(i);
            app.index = SearchIndex::new(app.entries.iter().map(|e| &e.study));
        }
        (None, None) => {}
    }
    app.unsaved.retain(|w| w.id != id);
    match write.after {
        After::Record => {
            app.undo.push(Change {
                id: id.clone(),
                before: write.before,
                after: new,
            });
            app.redo.clear();
        }
        After::Undo(c) => app.redo.push(*c),
        After::Redo(c) => app.undo.push(*c),
    }
    invalidate(app);
    refresh(app, keep);
    let mut text = strings::done(write.verb, &id);
    let hidden = app
        .entries
        .iter()
        .position(|e| e.study.id == id)
        .is_some_and(|i| !app.view.contains(&i));
    if hidden {
        text.push_str(&strings::hidden_by_filter(
            &app.key(Mode::Normal, &Action::ClearFilters),
        ));
    }
    info(app, text);
}

pub(super) fn current_entry(app: &App, id: &str) -> Option<StudyEntry> {
    app.entries.iter().find(|e| e.study.id == id).cloned()
}

pub(super) fn undo(app: &mut App) {
    let Some(c) = app.undo.pop() else {
        return info(app, strings::NOTHING_TO_UNDO);
    };
    if pending(app, &c.id).is_some() {
        // Its latest change is not on the stack: undoing the one before
        // would throw it away for good.
        let text = strings::save_first(&c.id, "undo", &app.key(Mode::Normal, &Action::Save));
        app.undo.push(c);
        return error(app, text);
    }
    let current = current_entry(app, &c.id);
    let target = match &c.before {
        Some(e) => Target::Text(e.source.clone()),
        None => Target::Delete,
    };
    let write = Write {
        id: c.id.clone(),
        base: current.as_ref().map(|e| e.source.clone()),
        target,
        before: current,
        after: After::Undo(Box::new(c)),
        verb: "undone:",
    };
    run_write(app, write);
}

pub(super) fn redo(app: &mut App) {
    let Some(c) = app.redo.pop() else {
        return info(app, strings::NOTHING_TO_REDO);
    };
    if pending(app, &c.id).is_some() {
        let text = strings::save_first(&c.id, "redo", &app.key(Mode::Normal, &Action::Save));
        app.redo.push(c);
        return error(app, text);
    }
    let current = current_entry(app, &c.id);
    let target = match &c.after {
        Some(e) => Target::Text(e.source.clone()),
        None => Target::Delete,
    };
    let write = Write {
        id: c.id.clone(),
        base: current.as_ref().map(|e| e.source.clone()),
        target,
        before: current,
        after: After::Redo(Box::new(c)),
        verb: "redone:",
    };
    run_write(app, write);
}

pub(super) fn retry_unsaved(app: &mut App) {
    if app.unsaved.is_empty() {
        return info(app, strings::ALL_SAVED);
    }
    let pending = std::mem::take(&mut app.unsaved);
    let mut rest = pending.into_iter();
    for w in rest.by_ref() {
        run_write(app, w);
        if app.dialog().is_some() {
            break;
        }
    }
    app.unsaved.extend(rest);
}

fn replace_entry(app: &mut App, id: &str, theirs: Option<StudyEntry>) {
    let keep = match selected_id(app) {
        Some(s) if s == id && theirs.is_none() => neighbour(app),
        other => other,
    };
    let pos = app.entries.iter().position(|e| e.study.id == id);
    match (pos, theirs) {
        (Some(i), Some(e)) => {
            app.index.update(i, &e.study);
            app.entries[i] = e;
        }
        (None, Some(e)) => {
            app.entries.push(e);
            store::sort_studies(&mut app.entries);
            app.index = SearchIndex::new(app.entries.iter().map(|e| &e.study));
        }
        (Some(i), None) => {
            app.entries.remove(i);
            app.index = SearchIndex::new(app.entries.iter().map(|e| &e.study));
        }
        (None, None) => {}
    }
    invalidate(app);
    refresh(app, keep);
}

/// Shows the user's version of a study that is not saved yet. A study new to
/// the table gets an entry with no file text: it has none of ours on disk
/// (every write for it starts from the pending write's base instead).
fn show_mine(app: &mut App, id: &str, study: Study) {
    match app.entries.iter().position(|e| e.study.id == id) {
        Some(i) => {
            app.index.update(i, &study);
            app.entries[i].study = study;
        }
        None => {
            app.entries.push(StudyEntry {
                study,
                source: String::new(),
            });
            store::sort_studies(&mut app.entries);
            app.index = SearchIndex::new(app.entries.iter().map(|e| &e.study));
        }
    }
    invalidate(app);
    refresh(app, Some(id.to_string()));
}

/// Keeps a write that did not happen: the user's version stays on screen,
/// counted as unsaved, and Ctrl-s tries again. Nothing the user typed is
/// dropped because a file could not be written.
fn keep_unsaved(app: &mut App, write: Write) {
    let id = write.id.clone();
    match &write.target {
        Target::Study(s) => show_mine(app, &id, (**s).clone()),
        Target::Text(t) => {
            let path = study_path(&app.root, &id).unwrap_or_default();
            if let Some(s) =
                crate::review::parse::parse_study(&path, t, Some(&id), &app.review).study
            {
                show_mine(app, &id, s);
            }
        }
        Target::Delete => return restore_history(app, write),
    }
    app.unsaved.retain(|w| w.id != id);
    app.unsaved.push(write);
}

/// Puts an undo or redo that did not happen back on its stack, so that it
/// can be tried again.
fn restore_history(app: &mut App, write: Write) {
    match write.after {
        After::Record => {}
        After::Undo(c) => app.undo.push(*c),
        After::Redo(c) => app.redo.push(*c),
    }
}

/// A write outside the form failed (not a conflict): say why, and keep
/// what the user wanted.
fn write_failed(app: &mut App, write: Write, why: String) {
    let id = write.id.clone();
    let delete = matches!(write.target, Target::Delete);
    keep_unsaved(app, write);
    if delete {
        error(app, why);
    } else {
        let text = strings::not_saved(&id, &app.key(Mode::Normal, &Action::Save));
        error(app, format!("{why}; {text}"));
    }
}

/// The write still waiting for this study (left for later, or failed).
pub(super) fn pending<'a>(app: &'a App, id: &str) -> Option<&'a Write> {
    app.unsaved.iter().find(|w| w.id == id)
}

/// True for a study that is only in memory: added (or restored) in this
/// session, and not written because a file of that name appeared.
pub(super) fn never_saved(app: &App, id: &str) -> bool {
    pending(app, id).is_some_and(|w| w.base.is_none())
}

/// Deletes a study once the user confirmed.
pub(super) fn confirm_delete(app: &mut App, id: String) {
    close_dialog(app);
    if never_saved(app, &id) {
        // Only in memory: the file at its path is someone else's.
        app.unsaved.retain(|w| w.id != id);
        replace_entry(app, &id, None);
        return info(app, strings::dropped(&id));
    }
    if let Some(entry) = current_entry(app, &id) {
        let write = Write {
            id,
            base: Some(entry.source.clone()),
            target: Target::Delete,
            before: Some(entry),
            after: After::Record,
            verb: "deleted",
        };
        run_write(app, write);
    }
}

/// A conflict, "reload theirs": the file on disk wins; ours is dropped.
pub(super) fn reload_theirs(app: &mut App, write: &Write) {
    match store::reload_study(&app.root, &app.review, &write.id) {
        Ok(theirs) => {
            close_dialog(app);
            replace_entry(app, &write.id, theirs);
            app.unsaved.retain(|w| w.id != write.id);
            info(
                app,
                format!("reloaded {} from disk; your version was dropped", write.id),
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
pub(super) fn keep_mine(app: &mut App, mut write: Write, disk: Option<String>) {
    close_dialog(app);
    // Undoing this change should bring back what it overwrote: theirs.
    if matches!(write.after, After::Record) {
        let path = study_path(&app.root, &write.id).unwrap_or_default();
        match &disk {
            None => write.before = None,
            Some(text) => {
                let parsed =
                    crate::review::parse::parse_study(&path, text, Some(&write.id), &app.review);
                if let Some(study) = parsed.study {
                    write.before = Some(StudyEntry {
                        study,
                        source: text.clone(),
                    });
                }
            }
        }
    }
    match write.apply(&app.root, &app.review, true) {
        Ok(new) => finish_write(app, write, new),
        Err(e) => {
            let why = crate::text::inert_line(&e.to_string()).into_owned();
            write_failed(app, write, why);
        }
    }
}

/// A conflict, "show both": ours and theirs side by side, over the question.
pub(super) fn show_both(app: &mut App, write: &Write, disk: Option<String>) {
    let kind = PagerKind::Compare {
        id: write.id.clone(),
        mine: write.mine(disk.as_deref()),
        theirs: disk.unwrap_or_else(|| strings::DELETED_PLACEHOLDER.to_string()),
    };
    open_pager(app, kind);
}

/// A conflict left for later: our version stays in memory, unsaved.
pub(super) fn decide_later(app: &mut App, write: Write) {
    close_dialog(app);
    let id = write.id.clone();
    if matches!(write.target, Target::Delete) {
        restore_history(app, write);
        info(app, format!("{id} was not deleted"));
    } else {
        keep_unsaved(app, write);
        let text = strings::not_saved(&id, &app.key(Mode::Normal, &Action::Save));
        error(app, text);
    }
}
