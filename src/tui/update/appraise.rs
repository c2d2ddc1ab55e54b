//! The appraisal form (`A`) and the reconcile view (`C`): opening them on
//! the selected study, their keys, and saving through the session (one
//! undoable change each).

use crate::model::Study;

use super::super::action::Action;
use super::super::app::{App, Dialog, Mode, PagerKind};
use super::super::appraise::{AppraiseForm, Pick, ReconcileView, Row, Stage};
use super::super::config;
use super::super::screen::{Overlay, Screen};
use super::super::strings;
use super::super::textbuf::TextBuf;
use super::writes::save_study;
use super::{error, info, open, open_dialog, open_pager};

/// In the grid, the study on the cursor's row becomes the selection (what
/// `A` and `C` act on).
fn select_grid_row(app: &mut App) {
    let Screen::Grid(g) = &app.screen else {
        return;
    };
    let (instrument, cursor) = (g.instrument, g.cursor);
    if let Some(&pos) = super::grid::row_positions(app, instrument).get(cursor) {
        app.selected = pos;
    }
}

/// The instrument the review maps to the study's design, if it exists.
fn design_instrument(app: &App, s: &Study) -> Option<String> {
    let d = s.design.as_deref()?;
    let name = app.session.review().design(d)?.instrument()?.to_string();
    app.instruments().get(&name).map(|_| name)
}

/// `A`: the appraisal form on the selected study.
pub(super) fn open_appraise(app: &mut App) {
    select_grid_row(app);
    let Some(s) = app.selected_study().cloned() else {
        return;
    };
    let reserved = app.keymap.chars(Mode::Appraise);
    let suggested = design_instrument(app, &s);
    let mut f = AppraiseForm::new(
        &s,
        suggested,
        app.reviewer.clone().unwrap_or_default(),
        reserved,
        app.instruments().clone(),
    );
    if app.reviewer.is_none() {
        f.stage = Stage::Initials(TextBuf::single(""));
    } else {
        // In the grid, the row's unit (outcome, category) when this
        // reviewer appraised it.
        let row_unit = match &app.screen {
            Screen::Grid(g) => super::grid::row_units(app, g.instrument)
                .get(g.cursor)
                .cloned(),
            _ => None,
        };
        match row_unit.filter(|u| {
            s.appraisals
                .iter()
                .any(|a| a.unit() == *u && a.reviewer == f.reviewer)
        }) {
            Some(u) => f.load_unit(&s, &u),
            None => choose_instrument(&mut f, &s),
        }
    }
    open(app, Overlay::Appraise(Box::new(f)));
}

/// The instrument of the study's design; else the one this reviewer used
/// before; else the picker.
fn choose_instrument(f: &mut AppraiseForm, s: &Study) {
    let mine = s
        .appraisals
        .iter()
        .find(|a| a.reviewer == f.reviewer && f.reg.get(&a.instrument).is_some())
        .map(|a| a.instrument.to_string());
    match f.suggested.clone().or(mine) {
        Some(name) => f.load(s, &name),
        None => open_picker(f, s),
    }
}

/// The reviewer's own appraisals of the study (with, for an instrument
/// made per outcome or per MMAT category, a new one beside them), then every
/// instrument, the design's first.
fn open_picker(f: &mut AppraiseForm, s: &Study) {
    let reg = f.reg.clone();
    let mut entries: Vec<Pick> = Vec::new();
    let mine: Vec<crate::appraisal::Unit> = s
        .appraisals
        .iter()
        .filter(|a| a.reviewer == f.reviewer && reg.get(&a.instrument).is_some())
        .map(|a| a.unit())
        .collect();
    for u in &mine {
        entries.push(Pick::Mine(u.clone()));
        let several = reg
            .get(&u.instrument)
            .is_some_and(|i| i.outcomes || !i.categories.is_empty());
        let last_of_it = mine.iter().rposition(|x| x.instrument == u.instrument)
            == mine.iter().position(|x| x == u);
        if several && last_of_it {
            entries.push(Pick::Another(u.instrument.to_string()));
        }
    }
    let mut names: Vec<String> = reg.iter().map(|i| i.name.clone()).collect();
    if let Some(s) = &f.suggested
        && let Some(pos) = names.iter().position(|n| n == s)
    {
        let n = names.remove(pos);
        names.insert(0, n);
    }
    entries.extend(names.into_iter().map(Pick::Instrument));
    let current = f.to_appraisal().unit();
    let cursor = entries
        .iter()
        .position(|e| match e {
            Pick::Mine(u) => *u == current && f.original.is_some(),
            Pick::Instrument(n) => *n == f.instrument,
            Pick::Another(_) => false,
        })
        .unwrap_or(0);
    f.stage = Stage::Pick { entries, cursor };
}

/// Takes the appraisal form on top out of the stack; [`put`] puts it back.
fn take(app: &mut App) -> Option<AppraiseForm> {
    match app.overlays.pop() {
        Some(Overlay::Appraise(f)) => Some(*f),
        other => {
            if let Some(o) = other {
                app.overlays.push(o);
            }
            None
        }
    }
}

fn put(app: &mut App, f: AppraiseForm) {
    open(app, Overlay::Appraise(Box::new(f)));
}

pub(super) fn appraise_mode(app: &mut App, action: Action) {
    let Some(mut f) = take(app) else {
        return;
    };
    let study = app.study(&f.study).cloned();
    f.message = None;
    if let Stage::Pick { entries, cursor } = &mut f.stage {
        match action {
            Action::Down | Action::Scroll(1..) => {
                *cursor = (*cursor + 1).min(entries.len().saturating_sub(1))
            }
            Action::Up | Action::Scroll(..=-1) => *cursor = cursor.saturating_sub(1),
            Action::Write => {
                if let (Some(e), Some(s)) = (entries.get(*cursor).cloned(), &study) {
                    match e {
                        Pick::Instrument(name) => f.load(s, &name),
                        Pick::Mine(u) => f.load_unit(s, &u),
                        Pick::Another(name) => f.load_new(&name),
                    }
                }
            }
            Action::Cancel if f.instrument.is_empty() => return,
            Action::Cancel => f.stage = Stage::Items,
            Action::Help => {
                put(app, f);
                return open_pager(app, PagerKind::Help(Mode::Appraise));
            }
            _ => {}
        }
        return put(app, f);
    }
    match action {
        Action::Down | Action::Scroll(1..) => f.move_by(1),
        Action::Up | Action::Scroll(..=-1) => f.move_by(-1),
        Action::Insert(c) => {
            let answered = f.key(c);
            f.message = (!answered).then(|| no_such_key(&f, c));
        }
        // The category and the override are chosen with keys, not typed;
        // the outcome is typed.
        Action::Write if !matches!(f.row(), Some(Row::Category | Row::Overall) | None) => {
            f.open_box()
        }
        Action::ClearAnswer => f.clear(),
        Action::PickInstrument => {
            if f.changed() {
                f.message = Some(format!(
                    "save ({}) or discard ({}) this appraisal before choosing another instrument",
                    app.key(Mode::Appraise, &Action::Save),
                    app.key(Mode::Appraise, &Action::Cancel)
                ));
            } else if let Some(s) = &study {
                open_picker(&mut f, s);
            }
        }
        Action::Initials => f.stage = Stage::Initials(TextBuf::single(&f.reviewer)),
        Action::Save => {
            put(app, f);
            return save_appraisal(app);
        }
        Action::Cancel => {
            let changed = f.changed();
            put(app, f);
            if changed {
                open_dialog(app, Dialog::ConfirmDiscard);
            } else {
                app.overlays.close_editor();
            }
            return;
        }
        Action::Help => {
            put(app, f);
            return open_pager(app, PagerKind::Help(Mode::Appraise));
        }
        _ => {}
    }
    put(app, f);
}

/// Why a typed key answered nothing: the keys that do.
fn no_such_key(f: &AppraiseForm, c: char) -> String {
    let shown = crate::text::inert_line(&c.to_string()).into_owned();
    let Some(row) = f.row() else {
        return String::new();
    };
    let keys: Vec<String> = f
        .keys_of(row)
        .into_iter()
        .map(|(k, _, label)| format!("{k} {label}"))
        .collect();
    if keys.is_empty() {
        format!("\"{shown}\" answers nothing here")
    } else {
        format!("\"{shown}\" is not an answer here: {}", keys.join(", "))
    }
}

/// Typing in the form's text box: a comment, a free-text answer, the
/// initials; or in the reconcile view's, the consensus comment.
pub(super) fn textbox_mode(app: &mut App, action: Action) {
    if matches!(app.overlays.top_mut(), Some(Overlay::Reconcile(_))) {
        return reconcile_mode(app, action);
    }
    let Some(mut f) = take(app) else {
        return;
    };
    if let Stage::Initials(buf) = &mut f.stage {
        match action {
            Action::Insert(c) => buf.insert(c),
            Action::Text(e) => {
                buf.edit(e);
            }
            Action::Submit => {
                let typed = buf.text();
                match config::check_initials(&typed) {
                    Ok(initials) => return set_initials(app, f, initials),
                    Err(why) => f.message = Some(why),
                }
            }
            Action::Cancel if f.reviewer.is_empty() => return,
            Action::Cancel => f.stage = Stage::Items,
            _ => {}
        }
        return put(app, f);
    }
    match action {
        Action::Insert(c) => {
            if let Some(b) = &mut f.typing {
                b.insert(c);
            }
        }
        Action::Text(e) => {
            if let Some(b) = &mut f.typing {
                b.edit(e);
            }
        }
        Action::Submit => f.close_box(),
        Action::Cancel => f.typing = None,
        _ => {}
    }
    put(app, f);
}

/// New initials: stored in config.toml, then the appraisal of that
/// reviewer opens (or the answers so far are signed with them).
fn set_initials(app: &mut App, mut f: AppraiseForm, initials: String) {
    let stored = match &app.config_dir {
        Some(dir) => config::store_reviewer(dir, &initials).map(|p| {
            format!(
                "your initials {} are stored in {}",
                crate::text::inert_line(&initials),
                crate::text::inert_line(&p.display().to_string())
            )
        }),
        None => Err(
            "no config folder (set LITREV_CONFIG_DIR): your initials last until you quit".into(),
        ),
    };
    let study = app.study(&f.study).cloned();
    let old = std::mem::replace(&mut f.reviewer, initials.clone());
    app.reviewer = Some(initials.clone());
    f.stage = Stage::Items;
    if let Some(s) = &study {
        if f.instrument.is_empty() {
            choose_instrument(&mut f, s);
        } else if old != initials {
            let theirs = s
                .appraisals
                .iter()
                .any(|a| a.instrument == f.instrument && a.reviewer == initials);
            let touched = {
                let mut probe = f.clone();
                probe.reviewer = old.clone();
                probe.changed()
            };
            if !touched || theirs {
                // Nothing typed yet (or the new reviewer has one already):
                // open that reviewer's own.
                let name = f.instrument.clone();
                f.load(s, &name);
                if touched {
                    f.message = Some(format!(
                        "{} already appraised this study with {name}: it is open now (the answers typed for {} were dropped)",
                        crate::text::inert_line(&initials),
                        crate::text::inert_line(&old)
                    ));
                }
            } else {
                f.original = None;
            }
        }
    }
    put(app, f);
    match stored {
        Ok(m) => info(app, m),
        Err(e) => error(app, e),
    }
}

/// Saves the form's appraisal into the study: one change, undoable.
fn save_appraisal(app: &mut App) {
    let Some(mut f) = take(app) else {
        return;
    };
    let Some(s) = app.study(&f.study).cloned() else {
        f.message = Some(format!("{} is no longer loaded", f.study));
        return put(app, f);
    };
    if f.instrument.is_empty() {
        return put(app, f);
    }
    let new = match f.apply_to(&s) {
        Ok(new) => new,
        Err(why) => {
            f.message = Some(why);
            return put(app, f);
        }
    };
    if new == s {
        app.overlays.close_editor();
        info(app, strings::NO_CHANGES);
        return;
    }
    put(app, f);
    if let Err(e) = save_study(app, new)
        && let Some(Overlay::Appraise(f)) = app.overlays.top_mut()
    {
        f.message = Some(e);
    }
}

/// `C`: the reconcile view on the selected study, for its first
/// instrument with two or more reviewers.
pub(super) fn open_reconcile(app: &mut App) {
    select_grid_row(app);
    let Some(s) = app.selected_study().cloned() else {
        return;
    };
    let reg = app.instruments().clone();
    let units = crate::appraisal::units(&reg, &s.appraisals);
    let mut order: Vec<&crate::appraisal::UnitState> =
        units.iter().filter(|u| u.raters.len() >= 2).collect();
    // In the grid, the unit of the row (else the instrument) shown comes first.
    if let Screen::Grid(g) = &app.screen {
        let studies = super::grid::shown(app);
        let used = crate::manuscript::appraisal::grid::instruments_used(&studies);
        let row_unit = super::grid::row_units(app, g.instrument)
            .get(g.cursor)
            .cloned();
        if let Some(pos) = order
            .iter()
            .position(|u| Some(&u.unit) == row_unit.as_ref())
        {
            let u = order.remove(pos);
            order.insert(0, u);
        } else if let Some(n) = used.get(g.instrument)
            && let Some(pos) = order.iter().position(|u| u.unit.instrument == *n)
        {
            let u = order.remove(pos);
            order.insert(0, u);
        }
    }
    let Some((u, inst)) = order
        .iter()
        .find_map(|u| Some((*u, reg.get(&u.unit.instrument)?)))
    else {
        info(
            app,
            format!(
                "{}: nothing to reconcile (two reviewers' appraisals with one instrument are needed)",
                crate::text::inert_line(&s.id)
            ),
        );
        return;
    };
    let mut reserved = app.keymap.chars(Mode::Reconcile);
    let n = u.raters.len().min(9);
    reserved.extend((1..=n).filter_map(|d| char::from_digit(d as u32, 10)));
    let v = ReconcileView::new(reg.clone(), inst, &u.unit, &s, reserved);
    open(app, Overlay::Reconcile(Box::new(v)));
}

pub(super) fn reconcile_mode(app: &mut App, action: Action) {
    let mut v = match app.overlays.pop() {
        Some(Overlay::Reconcile(v)) => v,
        other => {
            if let Some(o) = other {
                app.overlays.push(o);
            }
            return;
        }
    };
    v.message = None;
    if let Some(b) = &mut v.typing {
        // The consensus comment's text box.
        match action {
            Action::Insert(c) => b.insert(c),
            Action::Text(e) => {
                b.edit(e);
            }
            Action::Submit => v.close_comment(),
            Action::Cancel => v.typing = None,
            _ => {}
        }
        return open(app, Overlay::Reconcile(v));
    }
    let study = app.study(&v.study).cloned();
    match action {
        Action::Write => v.open_comment(),
        Action::Down | Action::Scroll(1..) => {
            v.cursor = (v.cursor + 1).min(v.rows.len().saturating_sub(1))
        }
        Action::Up | Action::Scroll(..=-1) => v.cursor = v.cursor.saturating_sub(1),
        Action::Insert(c) => {
            let picked = v.key(c);
            let shown = crate::text::inert_line(&c.to_string()).into_owned();
            v.message = (!picked).then(|| {
                format!(
                    "\"{shown}\" picks nothing here: 1–{} take a reviewer's answer, or a key of the scale (+/- step a count)",
                    v.reviewers.len().min(9)
                )
            });
        }
        Action::ClearAnswer => {
            if let Some(r) = v.rows.get_mut(v.cursor) {
                r.chosen = None;
            }
        }
        Action::Save => {
            let Some(s) = study else {
                v.message = Some(format!("{} is no longer loaded", v.study));
                open(app, Overlay::Reconcile(v));
                return;
            };
            let left = v.left();
            if left > 0 {
                v.message = Some(format!(
                    "{left} item(s) still to decide: the consensus answers every item (press a reviewer's number or an answer key)"
                ));
                open(app, Overlay::Reconcile(v));
                return;
            }
            let Some(new) = v.consensus(&s) else {
                return;
            };
            open(app, Overlay::Reconcile(v));
            if new == s {
                app.overlays.close_editor();
                info(app, strings::NO_CHANGES);
                return;
            }
            if let Err(e) = save_study(app, new)
                && let Some(Overlay::Reconcile(v)) = app.overlays.top_mut()
            {
                v.message = Some(e);
            }
            return;
        }
        Action::Cancel => {
            let changed = study.as_ref().is_some_and(|s| v.changed(s));
            open(app, Overlay::Reconcile(v));
            if changed {
                open_dialog(app, Dialog::ConfirmDiscard);
            } else {
                app.overlays.close_editor();
            }
            return;
        }
        Action::Help => {
            open(app, Overlay::Reconcile(v));
            return open_pager(app, PagerKind::Help(Mode::Reconcile));
        }
        _ => {}
    }
    open(app, Overlay::Reconcile(v));
}
