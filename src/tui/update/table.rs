//! The studies table: moving, the rows shown (search, filters, sort), and
//! what the keys of the table open.

use crate::appraisal;
use crate::model::Study;
use crate::text::fold::fold;

use super::super::action::{Action, Column};
use super::super::app::{App, Dialog, Filter, Mode, PagerKind, Search, TallyView};
use super::super::screen::{Overlay, Screen};
use super::super::strings;
use super::super::textbuf::TextBuf;
use super::writes::{redo, retry_unsaved, undo};
use super::{compute_map, compute_tally, info, layout, open, open_dialog, open_pager, pop};

/// Keeps the selection inside the view and on screen.
pub(super) fn ensure_visible(app: &mut App) {
    let len = app.view.len();
    if len == 0 {
        app.selected = 0;
        app.offset = 0;
        return;
    }
    app.selected = app.selected.min(len - 1);
    let h = layout::table_page(app);
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

pub(super) fn move_by(app: &mut App, delta: isize) {
    let len = app.view.len();
    if len == 0 {
        return;
    }
    let pos = (app.selected as isize + delta).clamp(0, len as isize - 1) as usize;
    select(app, pos);
}

pub(super) fn selected_id(app: &App) -> Option<String> {
    app.selected_study().map(|s| s.id.clone())
}

/// Where the rows for a non-empty `query` come from: a cached result, or
/// the studies that may match (the hits of a cached query that the search
/// guarantees narrows to this one, or every study the filters pass).
enum Rows {
    Cached(Vec<usize>),
    Pool(Vec<usize>),
}

fn rows_for(app: &mut App, query: &str) -> Rows {
    // The results of the queries typed on the way here (backspace finds
    // them); any other query's are dropped.
    app.search
        .prefix_hits
        .retain(|(q, _)| query.starts_with(q.as_str()));
    if let Some((_, hits)) = app.search.prefix_hits.iter().find(|(q, _)| q == query) {
        return Rows::Cached(hits.clone());
    }
    // Only where the matching rule guarantees it (a term added, not a term
    // grown): a study may match "phys" by scattered letters or a typing
    // error and not "phy", so a grown term searches every study again.
    let narrower = app
        .search
        .prefix_hits
        .iter()
        .rev()
        .find(|(q, _)| crate::search::narrows(q, query));
    match narrower {
        Some((_, hits)) => Rows::Pool(hits.clone()),
        None => {
            let filter = &app.filter;
            let entries = app.session.entries();
            if filter.is_empty() {
                Rows::Pool((0..entries.len()).collect())
            } else {
                Rows::Pool(
                    (0..entries.len())
                        .filter(|&i| filter.matches(app.instruments(), &entries[i].study))
                        .collect(),
                )
            }
        }
    }
}

/// Shows `hits` for `query` and keeps them for its longer and shorter forms.
fn show_hits(app: &mut App, query: String, hits: Vec<usize>) {
    if app.search.prefix_hits.len() >= PREFIXES_KEPT {
        app.search.prefix_hits.remove(0);
    }
    app.search.prefix_hits.push((query, hits.clone()));
    app.view = hits;
}

/// Recomputes the rows shown from the search, the filters and the sort.
/// `keep` selects that study again if it is still shown; `None` goes to the top.
pub(super) fn refresh(app: &mut App, keep: Option<String>) {
    // Whatever the search thread is doing is for an older state.
    app.search.pending = None;
    let query = app.search.query.trim().to_string();
    if query.is_empty() {
        let filter = &app.filter;
        let entries = app.session.entries();
        let filtered = !filter.is_empty();
        app.view = (0..entries.len())
            .filter(|&i| !filtered || filter.matches(app.instruments(), &entries[i].study))
            .collect();
        app.search.prefix_hits.clear();
    } else {
        match rows_for(app, &query) {
            Rows::Cached(hits) => app.view = hits,
            Rows::Pool(pool) => {
                let hits = app
                    .session()
                    .index()
                    .search_among(&query, pool)
                    .into_iter()
                    .map(|h| h.index)
                    .collect();
                show_hits(app, query, hits);
            }
        }
    }
    finish_refresh(app, keep);
}

/// Like [`refresh`] after the query changed (`keep` is `None`), but with a
/// search thread a search that is not cached runs there: the table keeps
/// its rows until [`apply_answer`] shows the result. True when the rows
/// changed now.
pub(super) fn refresh_query(app: &mut App) -> bool {
    let query = app.search.query.trim().to_string();
    if query.is_empty() || app.searcher.is_none() {
        refresh(app, None);
        return true;
    }
    let pool = match rows_for(app, &query) {
        Rows::Cached(_) => {
            refresh(app, None);
            return true;
        }
        Rows::Pool(pool) if pool.len() > app.background_above => pool,
        Rows::Pool(_) => {
            refresh(app, None);
            return true;
        }
    };
    let id = app.search.next_request;
    app.search.next_request += 1;
    let sent = app
        .searcher
        .as_ref()
        .is_some_and(|s| s.submit(id, app.session.index(), &query, pool));
    if sent {
        app.search.pending = Some(id);
        false
    } else {
        // The thread is gone: search here from now on.
        app.searcher = None;
        refresh(app, None);
        true
    }
}

/// Shows the search thread's answer if it is for the request still
/// pending (true), and drops it otherwise (false).
pub(super) fn apply_answer(app: &mut App, answer: crate::search::Answer) -> bool {
    if app.search.pending != Some(answer.id) {
        return false;
    }
    app.search.pending = None;
    let hits = answer.hits.into_iter().map(|h| h.index).collect();
    show_hits(app, answer.query, hits);
    finish_refresh(app, None);
    true
}

/// The rest of [`refresh`] once the rows are known: the sort, the
/// selection, the tally.
fn finish_refresh(app: &mut App, keep: Option<String>) {
    if let Some((col, desc)) = app.sort {
        sort_view(app, col, desc);
    }
    let pos = keep
        .and_then(|id| {
            app.view
                .iter()
                .position(|&i| app.session.entries()[i].study.id == id)
        })
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
    if app.base_mode() == Mode::Map {
        compute_map(app);
    }
}

/// Forgets cached search hits (after the studies or the filters changed).
pub(super) fn invalidate(app: &mut App) {
    app.search.prefix_hits.clear();
    app.search.pending = None;
}

/// How many prefixes of the query keep their results.
const PREFIXES_KEPT: usize = 64;

fn level_rank(reg: &appraisal::Registry, s: &Study) -> (u8, String) {
    match appraisal::Judgement::of(reg, &s.appraisals) {
        Some(j) => {
            let r = match j.rank() {
                appraisal::Level::Good => 0,
                appraisal::Level::Fair => 1,
                appraisal::Level::Bad => 2,
                appraisal::Level::Critical => 3,
                appraisal::Level::Unknown => 4,
            };
            (r, j.to_string())
        }
        None => (5, String::new()),
    }
}

fn sort_view(app: &mut App, col: Column, desc: bool) {
    let entries = app.session.entries();
    let paths = app.session.review().design_paths();
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
        Column::Appraisal => {
            view.sort_by_cached_key(|&i| level_rank(app.instruments(), &entries[i].study))
        }
        Column::Title => view.sort_by_cached_key(|&i| fold(&entries[i].study.title)),
    }
    if desc {
        view.reverse();
    }
    app.view = view;
}

pub(super) fn normal(app: &mut App, action: Action) {
    let page = layout::table_page(app) as isize;
    // A study in a merge conflict is shown from one side of its file:
    // a form would write that side over the other. Its text can be edited.
    if matches!(
        action,
        Action::Edit | Action::Appraise | Action::Reconcile | Action::Delete
    ) && let Some(id) = selected_id(app).filter(|id| app.session.is_conflicted(id))
    {
        let text = strings::in_conflict(
            &crate::text::inert_line(&id),
            &app.key(Mode::Normal, &Action::EditExternal),
        );
        return super::error(app, text);
    }
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
                .min(layout::detail_max_scroll(app));
        }
        Action::DetailUp => app.detail_scroll = app.detail_scroll.saturating_sub(3),
        Action::Scroll(n) => move_by(app, n as isize),
        Action::Click(x, y) => click(app, x, y),
        Action::Search => {
            let input = TextBuf::single(&app.search.query);
            open(app, Overlay::Search(input));
        }
        Action::Filter => super::filter::open_filter(app),
        Action::ClearFilters => clear_filters(app),
        Action::Sort => open(app, Overlay::Sort),
        Action::Edit => super::form::open_edit(app),
        Action::EditExternal => super::editor::open_editor(app),
        Action::Add => super::form::open_add(app),
        Action::Import => super::import::open_import(app),
        Action::Delete => {
            if let Some(s) = app.selected_study() {
                let d = Dialog::ConfirmDelete {
                    id: s.id.clone(),
                    citation: s.short_citation(),
                    never_saved: app.session.never_saved(&s.id),
                };
                open_dialog(app, d);
            }
        }
        Action::Undo => undo(app),
        Action::Redo => redo(app),
        Action::Save => retry_unsaved(app),
        Action::Tally => {
            // The count chosen last time, from the top.
            let kept = std::mem::take(&mut app.last_tally);
            app.overlays.clear();
            app.screen = Screen::Tally(TallyView { scroll: 0, ..kept });
            compute_tally(app);
        }
        Action::Grid => super::grid::open_grid(app),
        Action::Appraise => super::appraise::open_appraise(app),
        Action::Reconcile => super::appraise::open_reconcile(app),
        Action::Map => super::map::open_map(app),
        Action::Screening => super::super::screening::update::open(
            app,
            None,
            crate::screening::Stage::TitleAbstract,
            false,
        ),
        Action::Problems => {
            if app.session.problems().is_empty() {
                info(app, strings::NO_PROBLEMS);
            } else {
                open_pager(app, PagerKind::Problems);
            }
        }
        Action::History => {
            if let Some(id) = selected_id(app) {
                let lines = super::super::content::history::lines(app.session.root(), &id);
                open_pager(app, PagerKind::History { id, lines });
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
    let Some(l) = layout::screen_of(app.size) else {
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

pub(super) fn clear_filters(app: &mut App) {
    let keep = selected_id(app);
    app.filter = Filter::default();
    app.search = Search::default();
    invalidate(app);
    refresh(app, keep);
    info(app, strings::FILTERS_CLEARED);
}

/// Selects the study `id` in the table; when the search or the filters
/// hide it, they give way (and the message says so).
pub(super) fn open_study(app: &mut App, id: &str) {
    refresh(app, Some(id.to_string()));
    if selected_id(app).as_deref() == Some(id) {
        return;
    }
    app.filter = Filter::default();
    app.search = Search::default();
    invalidate(app);
    refresh(app, Some(id.to_string()));
    info(app, format!("{}; showing {id}", strings::FILTERS_CLEARED));
}

/// The study to select once the selected one is removed: the next row, or
/// the previous one at the end of the list.
pub(super) fn neighbour(app: &App) -> Option<String> {
    let pos = app.selected;
    app.view
        .get(pos + 1)
        .or_else(|| pos.checked_sub(1).and_then(|p| app.view.get(p)))
        .and_then(|&i| app.session.entries().get(i))
        .map(|e| e.study.id.clone())
}

/// The sort menu: a column, or the order reversed.
pub(super) fn sort(app: &mut App, action: Action) {
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
