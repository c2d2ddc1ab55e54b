//! Editing a study's file in `$EDITOR`: the event loop suspends the
//! interface; the result comes back as an action.

use crate::review::store::study_path;

use super::super::app::{App, Dialog, Effect};
use super::super::persist::{After, Target, Write};
use super::super::strings;
use super::{current_entry, error, info, open_dialog, pending, run_write};

pub(super) fn open_editor(app: &mut App) {
    let Some(s) = app.selected_study() else {
        return;
    };
    let id = s.id.clone();
    let Some(entry) = current_entry(app, &id) else {
        return;
    };
    // A study not saved yet opens as the user sees it, not as its file is.
    let (text, base) = match pending(app, &id) {
        Some(w) => (w.mine(None), w.base.clone()),
        None => (entry.source.clone(), Some(entry.source)),
    };
    app.editor = Some((id.clone(), text.clone(), base));
    app.effect = Some(Effect::Editor { id, text });
}

pub(super) fn editor_done(app: &mut App, result: Result<String, String>) {
    let Some((id, start, base)) = app.editor.clone() else {
        return;
    };
    let text = match result {
        Ok(t) => t,
        Err(why) => {
            app.editor = None;
            return error(app, strings::editor_failed(&crate::text::inert_line(&why)));
        }
    };
    if text == start {
        app.editor = None;
        return info(app, strings::NO_CHANGES);
    }
    let path = study_path(&app.root, &id).unwrap_or_default();
    let parsed = crate::review::parse::parse_study(&path, &text, Some(&id), &app.review);
    if parsed.study.is_none() {
        let problems = parsed.problems.iter().map(|p| p.to_string()).collect();
        return open_dialog(app, Dialog::EditorInvalid { id, text, problems });
    }
    app.editor = None;
    let before = match pending(app, &id) {
        Some(w) => w.before.clone(),
        None => current_entry(app, &id),
    };
    let write = Write {
        id,
        base,
        target: Target::Text(text),
        before,
        after: After::Record,
        verb: "saved",
    };
    run_write(app, write);
}
