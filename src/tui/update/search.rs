//! The search box: the table narrows as the query is typed.

use super::super::action::Action;
use super::super::app::{App, Mode, PagerKind, Search};
use super::table::{self, move_by, refresh_query};
use super::{open_pager, pop, refresh, selected_id};

pub(super) fn search(app: &mut App, action: Action) {
    match action {
        Action::Insert(c) => {
            if let Some(input) = app.overlays.search_mut() {
                input.insert(c);
            }
            apply_search(app);
        }
        Action::Text(e) => {
            if let Some(input) = app.overlays.search_mut() {
                input.edit(e);
            }
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
    let Some(q) = app.search_input().map(|input| input.text()) else {
        return;
    };
    if q == app.search.query {
        return;
    }
    app.search.query = q;
    if refresh_query(app) {
        app.selected = 0;
        app.offset = 0;
    }
}

/// Shows the search thread's answer if it is for the query being shown;
/// true when the table changed (and wants drawing).
pub(crate) fn apply_answer(app: &mut App, answer: crate::search::Answer) -> bool {
    if !table::apply_answer(app, answer) {
        return false;
    }
    app.selected = 0;
    app.offset = 0;
    true
}

/// Applies the search thread's newest answer, if one is waiting; true when
/// the table changed. The event loop calls this before each frame.
pub fn search_answers(app: &mut App) -> bool {
    match app.searcher.as_ref().and_then(|s| s.take()) {
        Some(answer) => apply_answer(app, answer),
        None => false,
    }
}
