//! Editing a study's file in `$EDITOR`: the event loop suspends the
//! interface; the result comes back as an action.

use crate::store::study_path;

use super::super::app::{App, Dialog, Effect};
use super::super::strings;
use super::writes::save_text;
use super::{error, info, open_dialog};

pub(super) fn open_editor(app: &mut App) {
    let Some(s) = app.selected_study() else {
        return;
    };
    let id = s.id.clone();
    // A study not saved yet opens as the user sees it, not as its file is.
    let Some((text, base)) = app.session.editable(&id) else {
        return;
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
    let path = study_path(app.session.root(), &id).unwrap_or_default();
    let parsed = crate::store::parse::parse_study(&path, &text, Some(&id), app.session.review());
    if parsed.study.is_none() {
        let problems = parsed.problems.iter().map(|p| p.to_string()).collect();
        return open_dialog(app, Dialog::EditorInvalid { id, text, problems });
    }
    app.editor = None;
    save_text(app, &id, text, base);
}
