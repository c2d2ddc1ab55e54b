//! The one place where the interface's state changes: `update(app, action)`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::appraisal;
use crate::appraisal::Judgement;
use crate::review::search::{SearchIndex, fold};
use crate::review::store::{self, SaveError, StudyEntry, study_path};
use crate::review::tally::{By, tally};
use crate::review::{DesignPath, Study, model};

use super::action::{Action, Column, TextEdit};
use super::app::*;
use super::form::{FieldKey, Form, FormTarget};
use super::keymap::Key;
use super::persist::{After, Target, Write};
use super::strings;
use super::view;

/// The action a key press means in the current mode, if any.
pub fn action_for_key(app: &App, ev: &KeyEvent) -> Option<Action> {
    let key = Key::from_event(ev);
    let mode = app.mode();
    if let Some(a) = app.keymap.action(mode, &key) {
        return Some(a);
    }
    if !mode.takes_text() {
        return None;
    }
    let ctrl = key.mods.contains(KeyModifiers::CONTROL);
    let alt = key.mods.contains(KeyModifiers::ALT);
    let edit = |e| Some(Action::Text(e));
    match key.code {
        KeyCode::Char('u') if ctrl => edit(TextEdit::ClearToStart),
        KeyCode::Char('w') if ctrl => edit(TextEdit::DeleteWord),
        KeyCode::Char('h') if ctrl => edit(TextEdit::Backspace),
        KeyCode::Char(c) if !ctrl && !alt => Some(Action::Insert(c)),
        KeyCode::Backspace => edit(TextEdit::Backspace),
        KeyCode::Delete => edit(TextEdit::Delete),
        KeyCode::Left => edit(TextEdit::Left),
        KeyCode::Right => edit(TextEdit::Right),
        KeyCode::Home => edit(TextEdit::Home),
        KeyCode::End => edit(TextEdit::End),
        KeyCode::Up => edit(TextEdit::Up),
        KeyCode::Down => edit(TextEdit::Down),
        _ => None,
    }
}

/// The action a mouse event means, if any.
pub fn action_for_mouse(ev: &MouseEvent) -> Option<Action> {
    match ev.kind {
        MouseEventKind::ScrollDown => Some(Action::Scroll(3)),
        MouseEventKind::ScrollUp => Some(Action::Scroll(-3)),
        MouseEventKind::Down(_) => Some(Action::Click(ev.column, ev.row)),
        _ => None,
    }
}

/// Applies one action to the state.
pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Resize(w, h) => {
            app.size = (w, h);
            ensure_visible(app);
            // What fits on a bigger window needs less scrolling.
            app.detail_scroll = app.detail_scroll.min(view::detail::max_scroll(app));
            let tally_max = tally_rows(app).saturating_sub(view::tally::list_height(app));
            app.tally.scroll = app.tally.scroll.min(tally_max);
            let pager_max =
                view::pager::line_count(app).saturating_sub(view::pager::page_height(app));
            if let Some(p) = app.pager.as_mut() {
                p.scroll = p.scroll.min(pager_max);
            }
            return;
        }
        Action::EditorDone(result) => return editor_done(app, result),
        Action::Paste(text) => {
            // Pasted text is typed, character by character, where typing
            // goes. A Windows line break is one break, not two; a tab (a
            // spreadsheet cell) reads as a space rather than vanishing.
            if app.mode().takes_text() {
                let text = text.replace("\r\n", "\n");
                for c in text.chars() {
                    let c = match c {
                        '\r' => '\n',
                        '\t' => ' ',
                        c => c,
                    };
                    let c = if c == '\n' && app.mode() != Mode::Form {
                        ' '
                    } else {
                        c
                    };
                    update(app, Action::Insert(c));
                }
            }
            return;
        }
        Action::Scroll(_) | Action::Click(..) => {}
        _ => app.message = None,
    }
    if action == Action::Quit {
        return quit(app);
    }
    match app.mode() {
        Mode::Normal => normal(app, action),
        Mode::Search => search(app, action),
        Mode::Filter => filter(app, action),
        Mode::Sort => sort(app, action),
        Mode::Form => form(app, action),
        Mode::Tally => tally_mode(app, action),
        Mode::Pager => pager(app, action),
        Mode::Dialog => dialog(app, action),
    }
}

fn push(app: &mut App, mode: Mode) {
    app.modes.push(mode);
}

fn pop(app: &mut App) {
    if app.modes.len() > 1 {
        app.modes.pop();
    }
}

fn info(app: &mut App, text: impl Into<String>) {
    app.message = Some(Message {
        text: text.into(),
        error: false,
    });
}

fn error(app: &mut App, text: impl Into<String>) {
    app.message = Some(Message {
        text: text.into(),
        error: true,
    });
}

fn quit(app: &mut App) {
    if matches!(app.dialog, Some(Dialog::ConfirmQuit { .. })) {
        app.quit = true;
        return;
    }
    let form_changed = app.form.as_ref().is_some_and(|f| f.changed());
    // An open conflict holds a write that has not happened; an invalid
    // editor result holds the edited text.
    let held = matches!(
        app.dialog,
        Some(Dialog::Conflict { .. } | Dialog::EditorInvalid { .. })
    );
    let unsaved = app.unsaved.len() + usize::from(form_changed) + usize::from(held);
    if unsaved == 0 {
        app.quit = true;
        return;
    }
    // Ask in place of the open question (closing "show both" over it), and
    // go back to it if the user stays.
    let previous = app.dialog.take().map(Box::new);
    if previous.is_some()
        && let Some(pos) = app.modes.iter().rposition(|m| *m == Mode::Dialog)
    {
        app.modes.truncate(pos + 1);
        if !app.modes.contains(&Mode::Pager) {
            app.pager = None;
        }
    }
    open_dialog(app, Dialog::ConfirmQuit { unsaved, previous });
}

fn open_dialog(app: &mut App, d: Dialog) {
    app.dialog = Some(d);
    if app.mode() != Mode::Dialog {
        push(app, Mode::Dialog);
    }
}

fn close_dialog(app: &mut App) {
    app.dialog = None;
    // Closes the dialog and anything opened over it ("show both").
    if let Some(pos) = app.modes.iter().rposition(|m| *m == Mode::Dialog)
        && pos > 0
    {
        app.modes.truncate(pos);
    }
    if !app.modes.contains(&Mode::Pager) {
        app.pager = None;
    }
}

fn open_pager(app: &mut App, kind: PagerKind) {
    app.pager = Some(Pager { kind, scroll: 0 });
    push(app, Mode::Pager);
}

// ---------------------------------------------------------------- table

/// Rows of studies the table shows at the current size.
fn page(app: &App) -> usize {
    let (w, h) = app.size;
    view::layout(Rect::new(0, 0, w, h))
        .map(|l| l.table.height.saturating_sub(1) as usize)
        .unwrap_or(1)
        .max(1)
}

/// Keeps the selection inside the view and on screen.
pub(super) fn ensure_visible(app: &mut App) {
    let len = app.view.len();
    if len == 0 {
        app.selected = 0;
        app.offset = 0;
        return;
    }
    app.selected = app.selected.min(len - 1);
    let h = page(app);
    if app.selected < app.offset {
        app.offset = app.selected;
    }
    if app.selected >= app.offset + h {
        app.offset = app.selected + 1 - h;
    }
    app.offset = app.offset.min(len.saturating_sub(h));
}

fn select(app: &mut App, pos: usize) {
    if pos != app.selected {
        app.detail_scroll = 0;
    }
    app.selected = pos;
    ensure_visible(app);
}

fn move_by(app: &mut App, delta: isize) {
    let len = app.view.len();
    if len == 0 {
        return;
    }
    let pos = (app.selected as isize + delta).clamp(0, len as isize - 1) as usize;
    select(app, pos);
}

fn selected_id(app: &App) -> Option<String> {
    app.selected_study().map(|s| s.id.clone())
}

/// Recomputes the rows shown from the search, the filters and the sort.
/// `keep` selects that study again if it is still shown; `None` goes to the top.
pub(super) fn refresh(app: &mut App, keep: Option<String>) {
    let n = app.entries.len();
    let query = app.search.query.trim().to_string();
    let filter = &app.filter;
    let filtered = !filter.is_empty();
    let entries = &app.entries;
    let pass = |i: &usize| !filtered || filter.matches(&entries[*i].study);
    if query.is_empty() {
        app.view = (0..n).filter(pass).collect();
        app.search.last_hits = None;
    } else {
        // As the query grows, only the previous hits can still match.
        let pool: Vec<usize> = match &app.search.last_hits {
            Some((q, hits)) if query.starts_with(q.as_str()) => hits.clone(),
            _ => (0..n).filter(pass).collect(),
        };
        app.view = app
            .index
            .search_among(&query, pool)
            .into_iter()
            .map(|h| h.index)
            .collect();
        let mut hits = app.view.clone();
        hits.sort_unstable();
        app.search.last_hits = Some((query, hits));
    }
    if let Some((col, desc)) = app.sort {
        sort_view(app, col, desc);
    }
    let pos = keep
        .and_then(|id| app.view.iter().position(|&i| app.entries[i].study.id == id))
        .unwrap_or(
            if app.selected < app.view.len() && app.search.query.is_empty() {
                app.selected
            } else {
                0
            },
        );
    app.detail_scroll = 0;
    app.selected = pos;
    ensure_visible(app);
    if app.base_mode() == Mode::Tally {
        compute_tally(app);
    }
}

/// Forgets cached search hits (after the studies or the filters changed).
fn invalidate(app: &mut App) {
    app.search.last_hits = None;
}

fn level_rank(s: &Study) -> (u8, String) {
    match (s.deciding_appraisal(), appraisal::study_judgement(s)) {
        (Some(a), Some(j)) => {
            let r = match appraisal::judgement_level(&a.instrument, &j) {
                appraisal::Level::Good => 0,
                appraisal::Level::Fair => 1,
                appraisal::Level::Bad => 2,
                appraisal::Level::Critical => 3,
                appraisal::Level::Unknown => 4,
            };
            (r, j)
        }
        _ => (5, String::new()),
    }
}

fn sort_view(app: &mut App, col: Column, desc: bool) {
    let entries = &app.entries;
    let paths = app.review.design_paths();
    let mut view = std::mem::take(&mut app.view);
    match col {
        Column::Ref => view.sort_by_key(|&i| {
            let r = entries[i].study.reference;
            (r.is_none(), r)
        }),
        Column::Author => view.sort_by_cached_key(|&i| fold(entries[i].study.first_author())),
        Column::Year => view.sort_by_key(|&i| {
            let y = entries[i].study.year;
            (y.is_none(), y)
        }),
        Column::Design => view.sort_by_cached_key(|&i| {
            let d = entries[i].study.design.as_deref().unwrap_or("");
            (
                paths.iter().position(|p| p == d).unwrap_or(usize::MAX),
                d.to_string(),
            )
        }),
        Column::Appraisal => view.sort_by_cached_key(|&i| level_rank(&entries[i].study)),
        Column::Title => view.sort_by_cached_key(|&i| fold(&entries[i].study.title)),
    }
    if desc {
        view.reverse();
    }
    app.view = view;
}

fn normal(app: &mut App, action: Action) {
    let page = page(app) as isize;
    match action {
        Action::Down => move_by(app, 1),
        Action::Up => move_by(app, -1),
        Action::Top => select(app, 0),
        Action::Bottom => select(app, app.view.len().saturating_sub(1)),
        Action::PageDown => move_by(app, page),
        Action::PageUp => move_by(app, -page),
        Action::HalfPageDown => move_by(app, (page / 2).max(1)),
        Action::HalfPageUp => move_by(app, -(page / 2).max(1)),
        Action::DetailDown => {
            app.detail_scroll = app
                .detail_scroll
                .saturating_add(3)
                .min(view::detail::max_scroll(app));
        }
        Action::DetailUp => app.detail_scroll = app.detail_scroll.saturating_sub(3),
        Action::Scroll(n) => move_by(app, n as isize),
        Action::Click(x, y) => click(app, x, y),
        Action::Search => {
            app.search.input = super::textbuf::TextBuf::single(&app.search.query);
            push(app, Mode::Search);
        }
        Action::Filter => open_filter(app),
        Action::ClearFilters => clear_filters(app),
        Action::Sort => push(app, Mode::Sort),
        Action::Edit => open_edit(app),
        Action::EditExternal => open_editor(app),
        Action::Add => open_add(app),
        Action::Delete => {
            if let Some(s) = app.selected_study() {
                let d = Dialog::ConfirmDelete {
                    id: s.id.clone(),
                    citation: s.short_citation(),
                    never_saved: never_saved(app, &s.id),
                };
                open_dialog(app, d);
            }
        }
        Action::Undo => undo(app),
        Action::Redo => redo(app),
        Action::Save => retry_unsaved(app),
        Action::Tally => {
            app.modes = vec![Mode::Tally];
            app.tally.scroll = 0;
            compute_tally(app);
        }
        Action::Problems => {
            if app.problems.is_empty() {
                info(app, strings::NO_PROBLEMS);
            } else {
                open_pager(app, PagerKind::Problems);
            }
        }
        Action::Help => open_pager(app, PagerKind::Help(Mode::Normal)),
        Action::Cancel if !app.search.query.is_empty() => {
            let keep = selected_id(app);
            app.search = Search::default();
            refresh(app, keep);
        }
        _ => {}
    }
}

fn click(app: &mut App, x: u16, y: u16) {
    let (w, h) = app.size;
    let Some(l) = view::layout(Rect::new(0, 0, w, h)) else {
        return;
    };
    let t = l.table;
    if x >= t.x && x < t.right() && y > t.y && y < t.bottom() {
        let pos = app.offset + (y - t.y - 1) as usize;
        if pos < app.view.len() {
            select(app, pos);
        }
    }
}

fn clear_filters(app: &mut App) {
    let keep = selected_id(app);
    app.filter = Filter::default();
    app.search = Search::default();
    invalidate(app);
    refresh(app, keep);
    info(app, strings::FILTERS_CLEARED);
}

// ---------------------------------------------------------------- search

fn search(app: &mut App, action: Action) {
    match action {
        Action::Insert(c) => {
            app.search.input.insert(c);
            apply_search(app);
        }
        Action::Text(e) => {
            app.search.input.edit(e);
            apply_search(app);
        }
        Action::Accept => pop(app),
        Action::Cancel => {
            let keep = selected_id(app);
            app.search = Search::default();
            refresh(app, keep);
            pop(app);
        }
        Action::Down | Action::Scroll(1..) => move_by(app, 1),
        Action::Up | Action::Scroll(..=-1) => move_by(app, -1),
        Action::Help => open_pager(app, PagerKind::Help(Mode::Search)),
        _ => {}
    }
}

fn apply_search(app: &mut App) {
    let q = app.search.input.text();
    if q == app.search.query {
        return;
    }
    app.search.query = q;
    refresh(app, None);
    app.selected = 0;
    app.offset = 0;
}

// ---------------------------------------------------------------- filter

fn open_filter(app: &mut App) {
    let mut rows = vec![FilterRow::Header("Design")];
    for path in app.review.design_paths() {
        let Some(d) = app.review.resolve(&path) else {
            continue;
        };
        rows.push(FilterRow::Design {
            label: d.node().short_label().to_string(),
            child: !path.is_group(),
            path,
        });
    }
    let mut tags: Vec<String> = app.studies().flat_map(|s| s.tags.iter().cloned()).collect();
    tags.sort_by_key(|t| fold(t));
    tags.dedup();
    if !tags.is_empty() {
        rows.push(FilterRow::Header("Tag"));
        rows.extend(tags.into_iter().map(FilterRow::Tag));
    }
    rows.push(FilterRow::Header("Year"));
    rows.push(FilterRow::YearFrom);
    rows.push(FilterRow::YearTo);
    let mut judgements: Vec<Option<Judgement>> = app.studies().map(Judgement::of).collect();
    judgements.sort();
    judgements.dedup();
    rows.push(FilterRow::Header("Appraisal"));
    // "not appraised" (`None`, sorted first) last.
    let none = judgements.first().is_some_and(|j| j.is_none());
    rows.extend(
        judgements
            .into_iter()
            .filter(|j| j.is_some())
            .map(FilterRow::Judgement),
    );
    if none {
        rows.push(FilterRow::Judgement(None));
    }
    let cursor = app.picker.cursor.min(rows.len().saturating_sub(1));
    app.picker = FilterPicker { rows, cursor };
    if !app.picker.rows.get(cursor).is_some_and(|r| r.selectable()) {
        picker_move(app, 1);
    }
    push(app, Mode::Filter);
}

fn picker_move(app: &mut App, delta: isize) {
    let n = app.picker.rows.len() as isize;
    if n == 0 {
        return;
    }
    let mut i = app.picker.cursor as isize;
    for _ in 0..n {
        i = (i + delta).rem_euclid(n);
        if app.picker.rows[i as usize].selectable() {
            app.picker.cursor = i as usize;
            return;
        }
    }
}

fn toggle<T: Ord + Clone>(set: &mut std::collections::BTreeSet<T>, v: &T) {
    if !set.remove(v) {
        set.insert(v.clone());
    }
}

fn filter(app: &mut App, action: Action) {
    let row = app.picker.rows.get(app.picker.cursor).cloned();
    let mut changed = false;
    match action {
        Action::Down | Action::Scroll(1..) => picker_move(app, 1),
        Action::Up | Action::Scroll(..=-1) => picker_move(app, -1),
        Action::Close => pop(app),
        Action::Help => open_pager(app, PagerKind::Help(Mode::Filter)),
        Action::ClearFilters => {
            clear_filters(app);
            return;
        }
        Action::Toggle => {
            changed = true;
            match row {
                Some(FilterRow::Design { path, child, .. }) => {
                    let f = &mut app.filter.designs;
                    if child {
                        if !f.remove(&path) {
                            f.insert(path.clone());
                        } else {
                            // Unselecting a child unselects its parent.
                            f.remove(&path.to_group());
                        }
                    } else {
                        let kids: Vec<DesignPath> = app
                            .review
                            .design_paths()
                            .into_iter()
                            .filter(|p| !p.is_group() && path.contains(p))
                            .collect();
                        if f.remove(&path) {
                            for k in &kids {
                                f.remove(k);
                            }
                        } else {
                            f.insert(path.clone());
                            f.extend(kids);
                        }
                    }
                }
                Some(FilterRow::Tag(t)) => toggle(&mut app.filter.tags, &t),
                Some(FilterRow::Judgement(j)) => toggle(&mut app.filter.judgements, &j),
                _ => changed = false,
            }
        }
        Action::Insert(c) => {
            let buf = match row {
                Some(FilterRow::YearFrom) => Some(&mut app.filter.year_from),
                Some(FilterRow::YearTo) => Some(&mut app.filter.year_to),
                _ => None,
            };
            if let Some(b) = buf {
                if c.is_ascii_digit() && b.text().len() < 4 {
                    b.insert(c);
                    changed = true;
                } else if !c.is_ascii_digit() {
                    error(app, "a year takes digits only");
                }
            }
        }
        Action::Text(e) => {
            let buf = match row {
                Some(FilterRow::YearFrom) => Some(&mut app.filter.year_from),
                Some(FilterRow::YearTo) => Some(&mut app.filter.year_to),
                _ => None,
            };
            match (buf, e) {
                (_, TextEdit::Up) => picker_move(app, -1),
                (_, TextEdit::Down) => picker_move(app, 1),
                (Some(b), e) => {
                    b.edit(e);
                    changed = true;
                }
                (None, _) => {}
            }
        }
        _ => {}
    }
    if changed {
        app.filter.years_typed();
        let keep = selected_id(app);
        invalidate(app);
        refresh(app, keep);
    }
}

// ---------------------------------------------------------------- sort

fn sort(app: &mut App, action: Action) {
    match action {
        Action::SortBy(col) => {
            app.sort = match app.sort {
                Some((c, desc)) if c == col => Some((c, !desc)),
                _ => Some((col, false)),
            };
        }
        Action::SortReverse => {
            app.sort = match app.sort {
                Some((c, desc)) => Some((c, !desc)),
                None => Some((Column::Ref, true)),
            };
        }
        Action::Close | Action::Cancel => {
            pop(app);
            return;
        }
        Action::Help => {
            open_pager(app, PagerKind::Help(Mode::Sort));
            return;
        }
        _ => return,
    }
    pop(app);
    let keep = selected_id(app);
    refresh(app, keep);
}

// ---------------------------------------------------------------- form

fn open_edit(app: &mut App) {
    let Some(s) = app.selected_study().cloned() else {
        return;
    };
    let target = FormTarget::Edit { id: s.id.clone() };
    app.form = Some(Form::new(&app.review, &s, target));
    push(app, Mode::Form);
}

fn open_add(app: &mut App) {
    let mut s = Study::default();
    // A new study starts in the design being filtered on, if just one.
    if app.filter.designs.len() == 1 {
        s.design = app.filter.designs.iter().next().map(|d| d.to_string());
    }
    let mut f = Form::new(&app.review, &s, FormTarget::Add);
    propose_id(app, &mut f);
    app.form = Some(f);
    push(app, Mode::Form);
}

fn propose_id(app: &App, f: &mut Form) {
    if f.target != FormTarget::Add || f.id_touched {
        return;
    }
    let authors = f.value(&FieldKey::Authors);
    let first = authors.lines().next().unwrap_or("");
    let family = first.split(',').next().unwrap_or(first).trim();
    let year = f.value(&FieldKey::Year).trim().parse().ok();
    let id = model::propose_id(family, year, |id| {
        app.entries.iter().any(|e| e.study.id == id)
            || study_path(&app.root, id).is_some_and(|p| p.exists())
    });
    f.set_value(&FieldKey::Id, &id);
}

fn close_form(app: &mut App) {
    app.form = None;
    while app.modes.len() > 1 && app.modes.contains(&Mode::Form) {
        app.modes.pop();
    }
}

fn form(app: &mut App, action: Action) {
    let Some(mut f) = app.form.take() else {
        pop(app);
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
                Some(super::form::Input::Text(t)) if t.is_multiline()
            );
            if multi {
                f.insert('\n');
            } else {
                app.form = Some(f);
                return save_form(app);
            }
        }
        Action::Save => {
            app.form = Some(f);
            return save_form(app);
        }
        Action::Cancel => {
            let changed = f.changed();
            app.form = Some(f);
            if changed {
                open_dialog(app, Dialog::ConfirmDiscard);
            } else {
                close_form(app);
            }
            return;
        }
        Action::Help => {
            app.form = Some(f);
            open_pager(app, PagerKind::Help(Mode::Form));
            return;
        }
        _ => {}
    }
    if matches!(action, Action::Insert(_) | Action::Text(_)) {
        propose_id(app, &mut f);
    }
    app.form = Some(f);
}

fn save_form(app: &mut App) {
    let Some(mut f) = app.form.take() else {
        return;
    };
    let base_id = f.base.id.clone();
    let entries = &app.entries;
    let root = &app.root;
    let checked = f.validate_all(
        // A file litrev could not load still owns its id.
        |id| {
            entries.iter().any(|e| e.study.id == id)
                || study_path(root, id).is_some_and(|p| p.exists())
        },
        |r| {
            entries
                .iter()
                .any(|e| e.study.reference == Some(r) && e.study.id != base_id)
        },
    );
    if let Err(e) = checked {
        f.message = Some(e);
        app.form = Some(f);
        return;
    }
    let study = f.to_study(&app.review);
    let write = match &f.target {
        FormTarget::Edit { id } => {
            let Some(entry) = app.entries.iter().find(|e| &e.study.id == id).cloned() else {
                f.message = Some(format!("{id} is no longer loaded"));
                app.form = Some(f);
                return;
            };
            if entry.study == study {
                close_form(app);
                info(app, strings::NO_CHANGES);
                return;
            }
            // A study with a write still waiting builds on that write: its
            // file (if any) still holds the waiting write's base.
            let (base, before) = match pending(app, id) {
                Some(w) => (w.base.clone(), w.before.clone()),
                None => (Some(entry.source.clone()), Some(entry)),
            };
            Write {
                id: id.clone(),
                base,
                target: Target::Study(Box::new(study)),
                before,
                after: After::Record,
                verb: "saved",
            }
        }
        FormTarget::Add => Write {
            id: study.id.clone(),
            base: None,
            target: Target::Study(Box::new(study)),
            before: None,
            after: After::Record,
            verb: "added",
        },
    };
    app.form = Some(f);
    run_write(app, write);
}

// ---------------------------------------------------------------- writes

/// Performs a write; on success updates the studies and the history, on a
/// conflict asks the user, on another error says why.
fn run_write(app: &mut App, write: Write) {
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
            let disk = super::persist::disk_text(&app.root, &write.id);
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
            let in_form = app.mode() == Mode::Form;
            match app.form.as_mut() {
                // The form stays open with the user's values in it.
                Some(f) if in_form => f.message = Some(text),
                _ => write_failed(app, write, text),
            }
        }
    }
}

/// Puts the result of a write into the state.
fn finish_write(app: &mut App, write: Write, new: Option<StudyEntry>) {
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

fn current_entry(app: &App, id: &str) -> Option<StudyEntry> {
    app.entries.iter().find(|e| e.study.id == id).cloned()
}

fn undo(app: &mut App) {
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

fn redo(app: &mut App) {
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

fn retry_unsaved(app: &mut App) {
    if app.unsaved.is_empty() {
        return info(app, strings::ALL_SAVED);
    }
    let pending = std::mem::take(&mut app.unsaved);
    let mut rest = pending.into_iter();
    for w in rest.by_ref() {
        run_write(app, w);
        if app.dialog.is_some() {
            break;
        }
    }
    app.unsaved.extend(rest);
}

// ---------------------------------------------------------------- $EDITOR

fn open_editor(app: &mut App) {
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

fn editor_done(app: &mut App, result: Result<String, String>) {
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

// ---------------------------------------------------------------- tally

fn compute_tally(app: &mut App) {
    let all = By::all(&app.review);
    app.tally.by = app.tally.by.min(all.len().saturating_sub(1));
    let by = all.get(app.tally.by).cloned().unwrap_or(By::Design);
    let studies: Vec<&Study> = app.view.iter().map(|&i| &app.entries[i].study).collect();
    app.tally.tally = Some(tally(&app.review, &studies, &by, app.entries.len()));
}

/// Rows of the tally table (groups, children, "other" rows).
pub(super) fn tally_rows(app: &App) -> usize {
    app.tally
        .tally
        .as_ref()
        .map(|t| {
            t.groups
                .iter()
                .map(|g| 1 + g.children.len() + usize::from(g.other.is_some()))
                .sum()
        })
        .unwrap_or(0)
}

fn tally_mode(app: &mut App, action: Action) {
    let n = By::all(&app.review).len().max(1);
    match action {
        Action::NextBy => {
            app.tally.by = (app.tally.by + 1) % n;
            app.tally.scroll = 0;
            compute_tally(app);
        }
        Action::PrevBy => {
            app.tally.by = (app.tally.by + n - 1) % n;
            app.tally.scroll = 0;
            compute_tally(app);
        }
        Action::Down | Action::Scroll(1..) => {
            // Until the last row is at the bottom.
            let max = tally_rows(app).saturating_sub(view::tally::list_height(app));
            app.tally.scroll = (app.tally.scroll + 1).min(max);
        }
        Action::Up | Action::Scroll(..=-1) => app.tally.scroll = app.tally.scroll.saturating_sub(1),
        Action::Copy => copy_prose(app),
        Action::Close | Action::Cancel => {
            app.modes = vec![Mode::Normal];
        }
        Action::Help => open_pager(app, PagerKind::Help(Mode::Tally)),
        _ => {}
    }
}

fn copy_prose(app: &mut App) {
    let Some(t) = &app.tally.tally else {
        return;
    };
    let prose = t.prose();
    match write_sentence(app.tally.file.as_deref(), &format!("{prose}\n")) {
        Ok(path) => {
            info(app, strings::copied(&path));
            app.tally.file = Some(path);
        }
        Err(e) => error(app, e),
    }
    app.effect = Some(Effect::Clipboard(prose));
}

/// Writes the sentence to the file of an earlier copy, or to a new file in
/// the temporary folder. The new file is created afresh under a random
/// name: at a name others can guess (the process id) in a folder everyone
/// may write to, a link planted there would have been followed and the
/// file it points to overwritten.
fn write_sentence(
    earlier: Option<&std::path::Path>,
    text: &str,
) -> Result<std::path::PathBuf, String> {
    use std::io::Write as _;
    if let Some(p) = earlier {
        let reused = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(p)
            .and_then(|mut f| f.write_all(text.as_bytes()));
        if reused.is_ok() {
            return Ok(p.to_path_buf());
        }
    }
    let mut file = tempfile::Builder::new()
        .prefix("litrev-tally-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| format!("cannot create a file for the sentence: {e}"))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("{}: {e}", file.path().display()))?;
    file.keep()
        .map(|(_, p)| p)
        .map_err(|e| format!("cannot keep the sentence's file: {}", e.error))
}

// ---------------------------------------------------------------- pager

fn pager(app: &mut App, action: Action) {
    let total = view::pager::line_count(app);
    let page = view::pager::page_height(app);
    let Some(p) = app.pager.as_mut() else {
        pop(app);
        return;
    };
    let max = total.saturating_sub(page);
    p.scroll = match action {
        Action::Down | Action::Scroll(1..) => p.scroll + 1,
        Action::Up | Action::Scroll(..=-1) => p.scroll.saturating_sub(1),
        Action::PageDown => p.scroll + page,
        Action::PageUp => p.scroll.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => max,
        Action::Close | Action::Cancel | Action::Help => {
            app.pager = None;
            pop(app);
            return;
        }
        _ => p.scroll,
    }
    .min(max);
}

// ---------------------------------------------------------------- dialogs

fn dialog(app: &mut App, action: Action) {
    let Some(d) = app.dialog.clone() else {
        pop(app);
        return;
    };
    match (d, action) {
        (Dialog::ConfirmDelete { id, .. }, Action::Confirm) => {
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
        (Dialog::ConfirmQuit { .. }, Action::Confirm) => app.quit = true,
        (Dialog::ConfirmDiscard, Action::Confirm) => {
            close_dialog(app);
            close_form(app);
        }
        (Dialog::Conflict { write, .. }, Action::Reload) => {
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
        (Dialog::Conflict { mut write, disk }, Action::KeepMine) => {
            close_dialog(app);
            // Undoing this change should bring back what it overwrote: theirs.
            if matches!(write.after, After::Record) {
                let path = study_path(&app.root, &write.id).unwrap_or_default();
                match &disk {
                    None => write.before = None,
                    Some(text) => {
                        let parsed = crate::review::parse::parse_study(
                            &path,
                            text,
                            Some(&write.id),
                            &app.review,
                        );
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
                Ok(new) => finish_write(app, *write, new),
                Err(e) => {
                    let why = crate::text::inert_line(&e.to_string()).into_owned();
                    write_failed(app, *write, why);
                }
            }
        }
        (Dialog::Conflict { write, disk }, Action::ShowBoth) => {
            let kind = PagerKind::Compare {
                id: write.id.clone(),
                mine: write.mine(disk.as_deref()),
                theirs: disk.unwrap_or_else(|| strings::DELETED_PLACEHOLDER.to_string()),
            };
            open_pager(app, kind);
        }
        (Dialog::Conflict { write, .. }, Action::Cancel) => {
            // Decide later: keep our version in memory, unsaved.
            close_dialog(app);
            let id = write.id.clone();
            if matches!(write.target, Target::Delete) {
                restore_history(app, *write);
                info(app, format!("{id} was not deleted"));
            } else {
                keep_unsaved(app, *write);
                let text = strings::not_saved(&id, &app.key(Mode::Normal, &Action::Save));
                error(app, text);
            }
        }
        (Dialog::EditorInvalid { id, text, .. }, Action::Reopen) => {
            close_dialog(app);
            app.effect = Some(Effect::Editor { id, text });
        }
        (Dialog::EditorInvalid { .. }, Action::Discard | Action::Cancel) => {
            close_dialog(app);
            app.editor = None;
            info(app, "the edit was discarded; the file is unchanged");
        }
        (Dialog::ConfirmQuit { previous, .. }, Action::Cancel) => match previous {
            Some(d) => app.dialog = Some(*d),
            None => close_dialog(app),
        },
        (Dialog::ConfirmDelete { .. } | Dialog::ConfirmDiscard, Action::Cancel) => {
            close_dialog(app)
        }
        _ => {}
    }
}

/// The study to select once the selected one is removed: the next row, or
/// the previous one at the end of the list.
fn neighbour(app: &App) -> Option<String> {
    let pos = app.selected;
    app.view
        .get(pos + 1)
        .or_else(|| pos.checked_sub(1).and_then(|p| app.view.get(p)))
        .and_then(|&i| app.entries.get(i))
        .map(|e| e.study.id.clone())
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
fn pending<'a>(app: &'a App, id: &str) -> Option<&'a Write> {
    app.unsaved.iter().find(|w| w.id == id)
}

/// True for a study that is only in memory: added (or restored) in this
/// session, and not written because a file of that name appeared.
fn never_saved(app: &App, id: &str) -> bool {
    pending(app, id).is_some_and(|w| w.base.is_none())
}
