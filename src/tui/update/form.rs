//! The edit / add form: typing, the proposed id, saving.

use crate::model::{self, Study};

use super::super::action::Action;
use super::super::app::{App, Dialog, Mode, PagerKind};
use super::super::form::{FieldKey, Form, FormTarget, Input};
use super::super::screen::Overlay;
use super::super::strings;
use super::writes::{add_study, save_study};
use super::{info, open, open_dialog, open_pager};

pub(super) fn open_edit(app: &mut App) {
    let Some(s) = app.selected_study().cloned() else {
        return;
    };
    let target = FormTarget::Edit { id: s.id.clone() };
    let f = Form::new(app.session.review(), &s, target);
    open(app, Overlay::Form(Box::new(f)));
}

pub(super) fn open_add(app: &mut App) {
    let mut s = Study::default();
    // A new study starts in the design being filtered on, if just one.
    if app.filter.designs.len() == 1 {
        s.design = app.filter.designs.iter().next().map(|d| d.to_string());
    }
    let mut f = Form::new(app.session.review(), &s, FormTarget::Add);
    propose_id(app, &mut f);
    open(app, Overlay::Form(Box::new(f)));
}

fn propose_id(app: &App, f: &mut Form) {
    if f.target != FormTarget::Add || f.id_touched {
        return;
    }
    let authors = f.value(&FieldKey::Authors);
    let first = authors.lines().next().unwrap_or("");
    let family = first.split(',').next().unwrap_or(first).trim();
    let year = f.value(&FieldKey::Year).trim().parse().ok();
    let id = model::propose_id(family, year, |id| app.session.id_taken(id));
    f.set_value(&FieldKey::Id, &id);
}

/// Closes the form and anything opened over it.
pub(super) fn close_form(app: &mut App) {
    app.overlays.close_editor();
}

/// Takes the form on top out of the stack, to work on it beside the rest
/// of the state; [`put_form`] puts it back.
fn take_form(app: &mut App) -> Option<Form> {
    match app.overlays.pop() {
        Some(Overlay::Form(f)) => Some(*f),
        other => {
            if let Some(o) = other {
                app.overlays.push(o);
            }
            None
        }
    }
}

fn put_form(app: &mut App, f: Form) {
    open(app, Overlay::Form(Box::new(f)));
}

pub(super) fn form(app: &mut App, action: Action) {
    let Some(mut f) = take_form(app) else {
        return;
    };
    match action {
        Action::Insert(c) => f.insert(c),
        Action::Text(e) => f.edit(e),
        Action::NextField => f.move_focus(true),
        Action::PrevField => f.move_focus(false),
        Action::Submit => {
            let multi = matches!(
                f.focused().map(|x| &x.input),
                Some(Input::Text(t)) if t.is_multiline()
            );
            if multi {
                f.insert('\n');
            } else {
                put_form(app, f);
                return save_form(app);
            }
        }
        Action::Save => {
            put_form(app, f);
            return save_form(app);
        }
        Action::Cancel => {
            let changed = f.changed();
            put_form(app, f);
            if changed {
                open_dialog(app, Dialog::ConfirmDiscard);
            } else {
                close_form(app);
            }
            return;
        }
        Action::Help => {
            put_form(app, f);
            open_pager(app, PagerKind::Help(Mode::Form));
            return;
        }
        _ => {}
    }
    if matches!(action, Action::Insert(_) | Action::Text(_)) {
        propose_id(app, &mut f);
    }
    put_form(app, f);
}

fn save_form(app: &mut App) {
    let Some(mut f) = take_form(app) else {
        return;
    };
    let base_id = f.base.id.clone();
    let session = &app.session;
    let checked = f.validate_all(
        // A file litrev could not load still owns its id.
        |id| session.id_taken(id),
        |r| {
            session
                .entries()
                .iter()
                .any(|e| e.study.reference == Some(r) && e.study.id != base_id)
        },
    );
    if let Err(e) = checked.and_then(|()| f.question_authors().map_or(Ok(()), Err)) {
        f.message = Some(e);
        put_form(app, f);
        return;
    }
    let study = f.to_study(app.session.review());
    match f.target.clone() {
        FormTarget::Edit { id } => {
            if app.session.entry(&id).is_some_and(|e| e.study == study) {
                close_form(app);
                info(app, strings::NO_CHANGES);
                return;
            }
            put_form(app, f);
            if let Err(e) = save_study(app, study)
                && let Some(Overlay::Form(f)) = app.overlays.top_mut()
            {
                f.message = Some(e);
            }
        }
        FormTarget::Add => {
            put_form(app, f);
            add_study(app, study);
        }
    }
}
