//! Drawing: one file per screen region. Views only read the state.

pub mod appraise;
pub mod detail;
pub mod dialog;
pub mod filter;
pub mod form;
pub mod grid;
pub mod import;
pub mod map;
pub mod pager;
pub mod status;
pub mod table;
pub mod tally;
pub mod theme;
pub mod too_small;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::app::App;
pub use super::layout::{Areas, MIN_HEIGHT, MIN_WIDTH, fit, width, wrap};
use super::screen::{Overlay, Screen};

/// Draws the whole interface.
pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let Some(areas) = super::layout::screen(area) else {
        too_small::render(frame, area, app);
        return;
    };
    status::render_header(frame, areas.header, app);
    match app.screen() {
        Screen::Tally(_) => tally::render(frame, areas.body, app),
        Screen::Grid(_) => grid::render(frame, areas.body, app),
        Screen::Map(_) => map::render(frame, areas.body, app),
        Screen::Screening(_) => super::screening::view::render(frame, areas.body, app),
        Screen::Table => {
            table::render(frame, areas.table, app);
            detail::render(frame, areas.detail, app);
        }
    }
    status::render(frame, areas.status, areas.keys, app);
    for overlay in app.overlays().iter() {
        match overlay {
            Overlay::Filter(_) => filter::render(frame, areas.body, app),
            Overlay::Sort => filter::render_sort(frame, areas.body, app),
            Overlay::Form(_) => form::render(frame, areas.body, app),
            Overlay::Pager(_) => pager::render(frame, areas.body, app),
            Overlay::Dialog(_) => dialog::render(frame, areas.body, app),
            Overlay::Appraise(_) => appraise::render(frame, areas.body, app),
            Overlay::Reconcile(_) => appraise::render_reconcile(frame, areas.body, app),
            Overlay::Import(_) => import::render(frame, areas.body, app),
            Overlay::Search(_) => {}
        }
    }
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
    fn highlights_follow_characters() {
        let l = highlighted("Søderstrøm", &[1, 2], 20, Style::new(), Style::new().bold());
        let parts: Vec<String> = l.spans.iter().map(|s| s.content.to_string()).collect();
        assert_eq!(parts, vec!["S", "ød", "erstrøm"]);
        let l = highlighted("abcdef", &[5], 4, Style::new(), Style::new().bold());
        let text: String = l.spans.iter().map(|s| s.content.to_string()).collect();
        assert_eq!(text, "abc…");
    }
}
