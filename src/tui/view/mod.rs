//! Drawing: one file per screen region. Views only read the state.

pub mod detail;
pub mod dialog;
pub mod filter;
pub mod form;
pub mod help;
pub mod pager;
pub mod status;
pub mod table;
pub mod tally;
pub mod too_small;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as RLayout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::app::{App, Mode};
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
pub fn layout(area: Rect) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [header, body, status, keys] = RLayout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let table_h = (body.height * 3 / 5).max(5);
    let [table, detail] =
        RLayout::vertical([Constraint::Length(table_h), Constraint::Min(0)]).areas(body);
    Some(Areas {
        header,
        table,
        detail,
        body,
        status,
        keys,
    })
}

/// Draws the whole interface.
pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let Some(areas) = layout(area) else {
        too_small::render(frame, area, app);
        return;
    };
    status::render_header(frame, areas.header, app);
    match app.base_mode() {
        Mode::Tally => tally::render(frame, areas.body, app),
        _ => {
            table::render(frame, areas.table, app);
            detail::render(frame, areas.detail, app);
        }
    }
    status::render(frame, areas.status, areas.keys, app);
    for mode in app.modes.iter().skip(1) {
        match mode {
            Mode::Filter => filter::render(frame, areas.body, app),
            Mode::Sort => filter::render_sort(frame, areas.body, app),
            Mode::Form => form::render(frame, areas.body, app),
            Mode::Pager => pager::render(frame, areas.body, app),
            Mode::Dialog => dialog::render(frame, areas.body, app),
            _ => {}
        }
    }
}

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

/// `s` (already inert) as spans fitted to `max` columns, with the characters
/// at `marks` (character positions) in `hl` style over `base`.
pub fn highlighted<'a>(s: &str, marks: &[usize], max: usize, base: Style, hl: Style) -> Line<'a> {
    let cut = s.width() > max;
    let limit = if cut { max.saturating_sub(1) } else { max };
    let mut spans: Vec<Span> = Vec::new();
    let mut run = String::new();
    let mut run_hl = false;
    let mut ci = 0;
    let mut w = 0;
    let mut mi = 0;
    for g in s.graphemes(true) {
        let gw = g.width();
        if w + gw > limit {
            break;
        }
        let n = g.chars().count();
        while mi < marks.len() && marks[mi] < ci {
            mi += 1;
        }
        let is_hl = mi < marks.len() && marks[mi] < ci + n;
        if is_hl != run_hl && !run.is_empty() {
            let st = if run_hl { base.patch(hl) } else { base };
            spans.push(Span::styled(std::mem::take(&mut run), st));
        }
        run_hl = is_hl;
        run.push_str(g);
        ci += n;
        w += gw;
    }
    if !run.is_empty() {
        let st = if run_hl { base.patch(hl) } else { base };
        spans.push(Span::styled(run, st));
    }
    if cut && max > 0 {
        spans.push(Span::styled("…", base));
    }
    Line::from(spans)
}

/// A rectangle of `w`×`h` centred in `area` (clipped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
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

    #[test]
    fn highlights_follow_characters() {
        let l = highlighted("Søderstrøm", &[1, 2], 20, Style::new(), Style::new().bold());
        let parts: Vec<String> = l.spans.iter().map(|s| s.content.to_string()).collect();
        assert_eq!(parts, vec!["S", "ød", "erstrøm"]);
        let l = highlighted("abcdef", &[5], 4, Style::new(), Style::new().bold());
        let text: String = l.spans.iter().map(|s| s.content.to_string()).collect();
        assert_eq!(text, "abc…");
    }
}
