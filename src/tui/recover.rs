//! The interface's side of the recovery file
//! ([`crate::store::recovery`]): what counts as unsaved work when a signal
//! stops litrev, and the offer to bring it back on the next start.

use crate::store::recovery::{self, Recovered, Recovery};
use crate::store::write::render_study;

use super::app::{App, Dialog, Message};
use super::form::{Check, Form, FormTarget, validate};
use super::screen::Overlay;

/// Every study with work not on disk: an open form with changes, the saves
/// put off, a save waiting on the "changed on disk" question, text from
/// `$EDITOR` that was not a valid study. One entry per study; the most
/// recent work wins (the form over a put-off save of the same study).
pub fn unsaved_work(app: &App) -> Vec<Recovered> {
    let mut out: Vec<Recovered> = Vec::new();
    let mut put = |r: Recovered| {
        out.retain(|o| o.id != r.id);
        out.push(r);
    };
    for op in app.session.pending_ops() {
        if let Some(text) = op.mine(&app.session.review().instruments, None) {
            put(entry(&op.id, "unsaved", op.base.clone(), text));
        }
    }
    for o in app.overlays.iter() {
        match o {
            Overlay::Dialog(Dialog::Conflict { batch, .. }) => {
                for op in &batch.ops {
                    if let Some(text) = op.mine(&app.session.review().instruments, None) {
                        put(entry(&op.id, "conflict", op.base.clone(), text));
                    }
                }
            }
            Overlay::Dialog(Dialog::EditorInvalid { id, text, .. }) => {
                let base = app.editor.as_ref().and_then(|(_, _, b)| b.clone());
                put(entry(id, "editor", base, text.clone()));
            }
            Overlay::Form(f) if f.changed() => {
                let (f, mut typed) = usable(f);
                let mut study = f.to_study(app.session.review());
                if f.target == FormTarget::Add && crate::model::id_problem(&study.id).is_some() {
                    // An id typed that no file may have: kept as typed
                    // text, the study under one it may.
                    typed.insert("Id".to_string(), study.id.clone());
                    study.id = crate::model::propose_id(study.first_author(), study.year, |id| {
                        app.session.id_taken(id)
                    });
                }
                let (id, base) = match &f.target {
                    FormTarget::Edit { id } => {
                        let base = app.session.editable(id).and_then(|(_, b)| b);
                        (id.clone(), base)
                    }
                    FormTarget::Add => (study.id.clone(), None),
                };
                let text = render_study(&app.session.review().instruments, &study, base.as_deref());
                put(Recovered {
                    typed,
                    ..entry(&id, "form", base, text)
                });
            }
            Overlay::Appraise(f) if f.changed() => {
                if let Some(s) = app.study(&f.study) {
                    let base = app.session.editable(&f.study).and_then(|(_, b)| b);
                    let text = render_study(
                        &app.session.review().instruments,
                        &f.kept_in(s),
                        base.as_deref(),
                    );
                    put(entry(&f.study, "appraisal", base, text));
                }
            }
            Overlay::Reconcile(v) => {
                if let Some(s) = app.study(&v.study)
                    && v.changed(s)
                    && let Some(new) = v.consensus(s)
                {
                    let base = app.session.editable(&v.study).and_then(|(_, b)| b);
                    let text =
                        render_study(&app.session.review().instruments, &new, base.as_deref());
                    put(entry(&v.study, "reconcile", base, text));
                }
            }
            _ => {}
        }
    }
    out
}

fn entry(id: &str, from: &str, base: Option<String>, text: String) -> Recovered {
    Recovered {
        id: id.to_string(),
        from: from.to_string(),
        base,
        text,
        typed: Default::default(),
    }
}

/// The form with every changed field whose text is not a valid value put
/// back to what it was (so that the study keeps its year rather than lose
/// it to "20x"), and those texts by label.
fn usable(f: &Form) -> (Form, std::collections::BTreeMap<String, String>) {
    let mut f = f.clone();
    let mut typed = std::collections::BTreeMap::new();
    let bad: Vec<_> = f
        .fields
        .iter()
        .filter(|x| x.changed() && x.check != Check::Id && validate(x.check, &x.value()).is_some())
        .map(|x| {
            (
                x.key.clone(),
                x.label.clone(),
                x.value(),
                x.original.clone(),
            )
        })
        .collect();
    for (key, label, value, original) in bad {
        typed.insert(label, value);
        f.set_value(&key, &original);
    }
    (f, typed)
}

/// Writes the unsaved work (if any) to the recovery file, for a stop by
/// `signal`. Returns where it went, or why it could not be written.
pub fn keep_unsaved(app: &App, signal: &str) -> Option<Result<std::path::PathBuf, String>> {
    let work = unsaved_work(app);
    if work.is_empty() {
        return None;
    }
    let root = app.session.root();
    Some(
        recovery::write(root, &Recovery::new(signal, work))
            .map_err(|e| format!("{}: {e}", recovery::path(root).display())),
    )
}

/// On start: offers the work a signal left in the recovery file, or says
/// why that file cannot be read.
pub fn offer(app: &mut App) {
    match recovery::read(app.session.root()) {
        Ok(Some(r)) if !r.studies.is_empty() => {
            app.overlays
                .push(Overlay::Dialog(Dialog::Recover(Box::new(r))));
        }
        Ok(_) => {}
        Err(p) => {
            app.message = Some(Message {
                text: format!("recovery file not read: {p}"),
                error: true,
            });
        }
    }
}
