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
    let mut f = Form::new(app.session.review(), &s, target);
    let all: Vec<&Study> = app.studies().collect();
    set_counts(&mut f, &all);
    open(app, Overlay::Form(Box::new(f)));
}

pub(super) fn open_add(app: &mut App) {
    let mut s = Study::default();
    // A new study starts in the design being filtered on, if just one.
    if app.filter.designs.len() == 1 {
        s.design = app.filter.designs.iter().next().map(|d| d.to_string());
    }
    let mut f = Form::new(app.session.review(), &s, FormTarget::Add);
    let all: Vec<&Study> = app.studies().collect();
    set_counts(&mut f, &all);
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
        // Enter never saves: a stray key in a title must not write the
        // file. It adds a line in a multi-line box and moves on elsewhere;
        // the save key saves.
        Action::Submit => {
            let multi = matches!(
                f.focused().map(|x| &x.input),
                Some(Input::Text(t)) if t.is_multiline()
            );
            if multi {
                f.insert('\n');
            } else {
                f.move_focus(true);
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
            let Some(old) = app.session.entry(&id).map(|e| e.study.clone()) else {
                f.message = Some(format!("{id} is no longer loaded"));
                put_form(app, f);
                return;
            };
            if old == study {
                close_form(app);
                info(app, strings::NO_CHANGES);
                return;
            }
            let what = changed_fields(app.session.review(), &old, &study);
            put_form(app, f);
            match save_study(app, study) {
                Err(e) => {
                    if let Some(Overlay::Form(f)) = app.overlays.top_mut() {
                        f.message = Some(e);
                    }
                }
                // Saved: the message says what changed, in one line.
                Ok(()) => {
                    if let Some(m) = app.message.as_mut().filter(|m| !m.error)
                        && m.text.starts_with(&strings::done("saved", &id))
                        && !what.is_empty()
                    {
                        m.text = format!("{}: {} changed", m.text, what.join(", "));
                    }
                }
            }
        }
        FormTarget::Add => {
            put_form(app, f);
            add_study(app, study);
        }
    }
}

/// The fields that differ between two versions of a study, by the names the
/// form gives them ("title", "tags", "Country").
pub(crate) fn changed_fields(
    review: &crate::model::Review,
    old: &crate::model::Study,
    new: &crate::model::Study,
) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    let mut check = |name: &str, differ: bool| {
        if differ {
            v.push(name.to_string());
        }
    };
    check("id", old.id != new.id);
    check("title", old.title != new.title);
    check("authors", old.authors != new.authors);
    check("year", old.year != new.year);
    check("journal", old.journal != new.journal);
    check("DOI", old.doi != new.doi);
    check("ref", old.reference != new.reference);
    check("design", old.design != new.design);
    check("tags", old.tags != new.tags);
    check("notes", old.notes != new.notes);
    for f in &review.fields {
        check(
            &crate::text::inert_line(&f.label),
            old.extraction_value(&f.key) != new.extraction_value(&f.key),
        );
    }
    let rest = old.volume != new.volume
        || old.issue != new.issue
        || old.pages != new.pages
        || old.pmid != new.pmid
        || old.url != new.url
        || old.keywords != new.keywords
        || old.r#abstract != new.r#abstract
        || old.appraisals != new.appraisals;
    check("other fields", rest);
    v
}

/// Counts, for every choice of the form, the studies of `studies` with
/// that value: a design group counts its whole group, as the tally does.
pub(crate) fn set_counts(form: &mut Form, studies: &[&Study]) {
    use std::collections::HashMap;
    for f in form.fields.iter_mut() {
        let Input::Choice {
            options, counts, ..
        } = &mut f.input
        else {
            continue;
        };
        let mut by: HashMap<String, usize> = HashMap::new();
        for s in studies {
            match &f.key {
                FieldKey::Design => {
                    if let Some(d) = s.design.as_deref() {
                        *by.entry(d.to_string()).or_default() += 1;
                        if let Some((g, _)) = d.split_once('/') {
                            *by.entry(g.to_string()).or_default() += 1;
                        }
                    }
                }
                FieldKey::Extra(k) => {
                    if let Some(v) = s.extraction_value(k) {
                        *by.entry(v.to_string()).or_default() += 1;
                    }
                }
                _ => {}
            }
        }
        *counts = options
            .iter()
            .map(|(v, _)| (!v.is_empty()).then(|| by.get(v).copied().unwrap_or(0)))
            .collect();
    }
}
