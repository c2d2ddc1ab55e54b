//! Where things go on the screen, and how much of a text fits: the views
//! draw into these rectangles, and `update` uses the same measures to keep
//! selections and scrolling within what is shown.

use ratatui::layout::{Constraint, Layout, Rect};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::review::Study;
use crate::text::inert_line;

use super::app::App;
use super::content;
use super::screen::Screen;
pub use super::wrap::wrap;

/// Below this width or height the screen shows a "too small" message.
pub const MIN_WIDTH: u16 = 50;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 12;

/// Where each region of the main screen goes.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    pub header: Rect,
    /// The table, header row included.
    pub table: Rect,
    pub detail: Rect,
    /// Everything between the header and the status bar.
    pub body: Rect,
    pub status: Rect,
    pub keys: Rect,
}

/// The main screen's regions, or `None` when the terminal is too small.
pub fn screen(area: Rect) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [header, body, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let table_h = (body.height * 3 / 5).max(5);
    let [table, detail] =
        Layout::vertical([Constraint::Length(table_h), Constraint::Min(0)]).areas(body);
    Some(Areas {
        header,
        table,
        detail,
        body,
        status,
        keys,
    })
}

/// The main screen's regions at a terminal size.
pub fn screen_of((w, h): (u16, u16)) -> Option<Areas> {
    screen(Rect::new(0, 0, w, h))
}

/// Rows of studies the table shows at the current size.
pub fn table_page(app: &App) -> usize {
    screen_of(app.size)
        .map(|l| l.table.height.saturating_sub(1) as usize)
        .unwrap_or(1)
        .max(1)
}

/// How far the detail pane can scroll at the current size: until its last
/// row is at the bottom.
pub fn detail_max_scroll(app: &App) -> u16 {
    let (Some(areas), Some(s)) = (screen_of(app.size), app.selected_study()) else {
        return 0;
    };
    detail_scroll_room(app, s, areas.detail)
}

/// How far the detail pane of `s` can scroll in `area`: its lines wrapped
/// to the width, under the pane's top border.
pub fn detail_scroll_room(app: &App, s: &Study, area: Rect) -> u16 {
    // The top border, then the lines as the pane wraps them.
    let rows = 1 + super::wrap::rows(&content::detail::lines(app, s), area.width);
    u16::try_from(rows.saturating_sub(area.height as usize)).unwrap_or(u16::MAX)
}

/// The tally screen's regions in `area`: the tabs, the counts and the sentence.
pub fn tally_regions(area: Rect, prose: &str) -> [Rect; 3] {
    let prose_w = area.width.saturating_sub(2).max(1) as usize;
    let prose_h = (width(prose).div_ceil(prose_w) as u16 + 2).clamp(3, area.height / 3 + 1);
    Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(prose_h),
    ])
    .areas(area)
}

/// Rows of counts the tally screen shows at the current size.
pub fn tally_list_height(app: &App) -> usize {
    match (screen_of(app.size), &app.tally().tally) {
        (Some(l), Some(t)) => tally_regions(l.body, &inert_line(&t.prose()))[1].height as usize,
        _ => 1,
    }
}

/// Rows of the tally table (groups, children, "other" rows, and the rows
/// their citations wrap onto; the table is as wide as the screen).
pub fn tally_rows(app: &App) -> usize {
    let Screen::Tally(view) = app.screen() else {
        return 0;
    };
    view.tally
        .as_ref()
        .map(|t| super::wrap::tally_rows(t, app.size().0))
        .unwrap_or(0)
}

/// The width the pager's text is laid out in, for a screen `w` wide (the
/// popup leaves a column each side, and has borders).
pub fn pager_text_width(w: u16) -> usize {
    w.saturating_sub(4) as usize
}

/// Lines in the open pager (for scrolling limits), laid out as drawn.
pub fn pager_line_count(app: &App) -> usize {
    let w = pager_text_width(app.size.0);
    app.pager()
        .map(|p| content::pager::content(app, &p.kind, w).1.len())
        .unwrap_or(0)
}

/// Rows of text the pager shows at the current size.
pub fn pager_page_height(app: &App) -> usize {
    screen_of(app.size)
        .map(|l| l.body.height.saturating_sub(2) as usize)
        .unwrap_or(1)
        .max(1)
}

/// Rows of the import preview's list: the body less the popup's border
/// and the three rows under the list (a rule, the design, the tag).
pub fn import_page_height(app: &App) -> usize {
    screen_of(app.size)
        .map(|l| l.body.height.saturating_sub(2 + IMPORT_FOOTER) as usize)
        .unwrap_or(1)
        .max(1)
}

/// Rows under the import preview's list.
pub const IMPORT_FOOTER: u16 = 3;

/// Display width of a string.
pub fn width(s: &str) -> usize {
    s.width()
}

/// `s` cut to `max` columns, ending in "…" when cut (grapheme and width aware).
pub fn fit(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in s.graphemes(true) {
        let gw = g.width();
        if w + gw > max - 1 {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_is_width_aware() {
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 3), "ab…");
        assert_eq!(fit("日本語", 4), "日…");
        assert_eq!(fit("日本語", 5), "日本…");
        assert_eq!(fit("👩‍🔬x", 2), "…");
        assert_eq!(fit("x", 0), "");
    }
}
