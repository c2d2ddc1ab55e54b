//! The sort menu: a column, or the order reversed.

use super::super::action::{Action, Column};
use super::super::app::{App, Mode, PagerKind};
use super::{open_pager, pop, refresh, selected_id};

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
