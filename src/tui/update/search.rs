//! The search box: the table narrows as the query is typed.

use super::super::action::Action;
use super::super::app::{App, Mode, PagerKind, Search};
use super::table::move_by;
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
    refresh(app, None);
    app.selected = 0;
    app.offset = 0;
}
