//! A pager: scrolling within its text, and closing it.

use super::super::action::Action;
use super::super::app::App;
use super::{layout, pop};

pub(super) fn pager(app: &mut App, action: Action) {
    let total = layout::pager_line_count(app);
    let page = layout::pager_page_height(app);
    let Some(p) = app.overlays.pager_mut() else {
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
            pop(app);
            return;
        }
        _ => p.scroll,
    }
    .min(max);
}
