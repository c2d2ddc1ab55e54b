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
    if matches!(p.kind, PagerKind::Problems) {
        return problems(app, action, page, max);
    }
    if action == Action::Accept {
        pop(app);
        return;
    }
    let Some(p) = app.overlays.pager_mut() else {
        return;
    };
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

/// The problems list: the cursor moves from problem to problem (the text
/// scrolls to keep it in view); Enter opens the study the problem is in.
fn problems(app: &mut App, action: Action, page: usize, max: usize) {
    let n = app.session.problems().len();
    let starts =
        crate::tui::content::pager::problem_starts(app, layout::pager_text_width(app.size.0));
    let Some(p) = app.overlays.pager_mut() else {
        return;
    };
    let last = n.saturating_sub(1);
    p.cursor = match action {
        Action::Down | Action::Scroll(1..) => (p.cursor + 1).min(last),
        Action::Up | Action::Scroll(..=-1) => p.cursor.saturating_sub(1),
        Action::PageDown => (p.cursor + page).min(last),
        Action::PageUp => p.cursor.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        Action::Close | Action::Cancel | Action::Help => {
            pop(app);
            return;
        }
        Action::Accept => return open_problem(app),
        _ => p.cursor,
    };
    let from = starts.get(p.cursor).copied().unwrap_or(0);
    let to = starts.get(p.cursor + 1).copied().unwrap_or(from + 1);
    if from < p.scroll {
        p.scroll = from;
    } else if to > p.scroll + page {
        p.scroll = to.saturating_sub(page);
    }
    if action == Action::Bottom {
        p.scroll = max;
    }
    p.scroll = p.scroll.min(max);
}

/// Closes the problems list on the study of the problem under the cursor:
/// the table shows it selected (the filters and search give way if they
/// hide it). A file that did not load has no study to show: the message
/// says so.
fn open_problem(app: &mut App) {
    let cursor = app.pager().map_or(0, |p| p.cursor);
    let Some(problem) = app.session.problems().get(cursor) else {
        return pop(app);
    };
    let path = problem.path.clone();
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|_| path.extension().is_some_and(|e| e == "toml"))
        .filter(|id| app.session.entry(id).is_some());
    let Some(id) = id else {
        let name = crate::text::inert_line(&path.display().to_string()).into_owned();
        return info(
            app,
            format!(
                "{name} holds no loaded study: fix it in an editor, then read the review again"
            ),
        );
    };
    pop(app);
    super::open_study(app, &id);
}
