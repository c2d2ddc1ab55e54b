//! A pager: scrolling within its text, and closing it.

use super::super::action::Action;
use super::super::app::{App, PagerKind};
use super::super::strings;
use super::{error, info, invalidate, layout, pop, refresh, selected_id};

pub(super) fn pager(app: &mut App, action: Action) {
    let total = layout::pager_line_count(app);
    let page = layout::pager_page_height(app);
    let Some(p) = app.overlays.pager_mut() else {
        return;
    };
    if action == Action::Refresh && matches!(p.kind, PagerKind::Problems) {
        return reload(app);
    }
    if action == Action::Clean && matches!(p.kind, PagerKind::Problems) {
        let files = crate::store::scan::stale_temp_files(app.session.root()).len();
        if files == 0 {
            return info(app, strings::NO_STALE_TEMP);
        }
        return super::open_dialog(app, super::super::app::Dialog::ConfirmClean { files });
    }
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

/// Removes the temporary files of interrupted saves (the user confirmed),
/// then reads the review again so that the list shows what is left.
pub(super) fn clean(app: &mut App) {
    let (removed, failed) = crate::store::scan::remove_stale_temp_files(app.session.root());
    reload(app);
    match failed {
        None => info(app, strings::cleaned(removed)),
        Some(e) => error(
            app,
            format!(
                "{}; cannot remove the others: {}",
                strings::cleaned(removed),
                crate::text::inert_line(&e.to_string())
            ),
        ),
    }
}

/// Reads the review from disk again, from the problems list: the files the
/// user fixed meanwhile load, and work not saved yet stays on top.
pub(super) fn reload(app: &mut App) {
    let keep = selected_id(app);
    if let Err(e) = app.session.reload() {
        return error(
            app,
            format!("cannot reload: {}", crate::text::inert_line(&e.to_string())),
        );
    }
    invalidate(app);
    refresh(app, keep);
    let n = app.session.problems().len();
    if n == 0 {
        pop(app);
    } else if let Some(p) = app.overlays.pager_mut() {
        p.scroll = 0;
    }
    info(app, strings::reloaded(n, app.session.entries().len()));
}
