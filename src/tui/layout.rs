//! Where things go on the screen, and how much of a text fits: the views
//! draw into these rectangles, and `update` uses the same measures to keep
//! selections and scrolling within what is shown.

use ratatui::layout::{Constraint, Layout, Rect};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::manuscript::map::Map;
use crate::model::Study;
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

/// The widest a column of the evidence map grows for its heading.
pub const MAP_MAX_COL: usize = 16;
/// Columns between two columns of the evidence map.
pub const MAP_GAP: usize = 1;
/// Lines the map's list of the cell's studies keeps at least (its heading
/// included).
const MAP_MIN_LIST: usize = 4;

/// Where the evidence map's parts go, and which of its rows and columns
/// are in sight (the row labels and the headings never scroll).
#[derive(Debug, Clone, PartialEq)]
pub struct MapGeometry {
    /// What is crossed, and the note under it.
    pub top: Rect,
    /// The grid: two heading lines, then the rows (the totals row last).
    pub grid: Rect,
    /// The studies of the cell under the cursor.
    pub list: Rect,
    /// The row labels' width (after a leading space).
    pub label_w: usize,
    /// Each column's width, the totals column last.
    pub widths: Vec<usize>,
    /// The first column shown, and how many are.
    pub left: usize,
    pub shown: usize,
    /// The first row shown, and how many fit under the headings.
    pub first_row: usize,
    pub body_h: usize,
}

impl MapGeometry {
    /// The screen column where column `c` of the grid starts (its gap
    /// included), if it is shown.
    pub fn column_x(&self, c: usize) -> Option<u16> {
        if c < self.left || c >= self.left + self.shown {
            return None;
        }
        let before: usize = self.widths[self.left..c].iter().map(|w| w + MAP_GAP).sum();
        Some(self.grid.x + (1 + self.label_w + 1 + before) as u16)
    }

    /// The grid row and column at a screen position: `None` outside the
    /// grid, a `None` column on the row labels, a `None` row on the headings.
    pub fn cell_at(&self, x: u16, y: u16) -> Option<(Option<usize>, Option<usize>)> {
        let g = self.grid;
        if x < g.x || x >= g.right() || y < g.y || y >= g.bottom() {
            return None;
        }
        let row = (y >= g.y + 2).then(|| self.first_row + (y - g.y - 2) as usize);
        let col = (self.left..self.left + self.shown).find(|&c| {
            self.column_x(c)
                .is_some_and(|cx| x >= cx && x < cx + (MAP_GAP + self.widths[c]) as u16)
        });
        Some((row, col))
    }
}

/// The width of each column of counts of `m`, the totals column last: the
/// narrowest that holds its heading in two lines without cutting a word
/// (up to [`MAP_MAX_COL`]), and its total.
pub fn map_column_widths(m: &Map) -> Vec<usize> {
    let mut v: Vec<usize> = m
        .cols
        .iter()
        .map(|c| {
            let label = inert_line(&c.label);
            let word = label.split(' ').map(width).max().unwrap_or(0);
            // The narrowest that holds the heading in two lines.
            let two_lines = (word.clamp(3, MAP_MAX_COL)..MAP_MAX_COL)
                .find(|&w| wrap(&label, w, "").len() <= 2)
                .unwrap_or(MAP_MAX_COL);
            two_lines.max(c.total.to_string().len())
        })
        .collect();
    v.push(5.max(m.total.to_string().len()));
    v
}

/// The first column shown so that `cursor` is in sight, and how many
/// columns from there fit in `room`.
pub fn map_visible_columns(widths: &[usize], cursor: usize, room: usize) -> (usize, usize) {
    if widths.is_empty() {
        return (0, 0);
    }
    let span =
        |from: usize, to: usize| -> usize { widths[from..=to].iter().map(|w| w + MAP_GAP).sum() };
    let cursor = cursor.min(widths.len() - 1);
    let mut left = 0;
    while left < cursor && span(left, cursor) > room {
        left += 1;
    }
    let mut right = left;
    while right + 1 < widths.len() && span(left, right + 1) <= room {
        right += 1;
    }
    (left, right + 1 - left)
}

/// The lines above the evidence map's grid after the first: how many
/// studies are mapped and, for a multi-valued dimension, how they are
/// counted; at most two (one on a short screen).
pub fn map_note_lines(app: &App, m: &Map, area: Rect) -> Vec<String> {
    let scope = super::strings::shown(app.view.len(), app.session.entries().len());
    let about = match m.note() {
        Some(note) => format!("{scope} · {note}"),
        None => scope,
    };
    let w = area.width as usize;
    let lines = wrap(&about, w.saturating_sub(2).max(10), "");
    let room = if area.height >= 20 { 2 } else { 1 };
    let cut = lines.len() > room;
    lines
        .into_iter()
        .take(room)
        .enumerate()
        .map(|(k, l)| {
            if cut && k + 1 == room {
                fit(&format!("{l} …"), w.saturating_sub(1))
            } else {
                l
            }
        })
        .collect()
}

/// The evidence map's geometry in `area` for the cursor at (`row`, `col`);
/// `rows_name` and `cols_name` are the dimensions as the corner names them.
pub fn map_geometry(
    app: &App,
    m: &Map,
    area: Rect,
    (row, col): (usize, usize),
    (rows_name, cols_name): (&str, &str),
) -> MapGeometry {
    let top_h = (1 + map_note_lines(app, m, area).len() as u16).min(area.height);
    let top = Rect::new(area.x, area.y, area.width, top_h);
    let rest_h = area.height.saturating_sub(top_h) as usize;
    let rest_y = area.y + top_h;
    let needed = 2 + m.rows.len() + 1;
    let grid_h = if m.rows.is_empty() {
        rest_h.min(1)
    } else {
        needed.min(rest_h.saturating_sub(MAP_MIN_LIST).max(3.min(rest_h)))
    };
    let body_h = grid_h.saturating_sub(2);
    let row = row.min(m.rows.len());
    let first_row = (row + 1).saturating_sub(body_h.max(1));
    let w = area.width as usize;
    let label_w = m
        .rows
        .iter()
        .map(|r| width(&inert_line(&r.label)) + 2 * r.depth())
        .chain([width("Total"), width(rows_name) + width(cols_name) + 3])
        .max()
        .unwrap_or(5)
        .min(30)
        .min(w / 3)
        .max(5);
    let widths = map_column_widths(m);
    // One column each side for the "more this way" marks.
    let room = w.saturating_sub(label_w + 2);
    let (left, shown) = map_visible_columns(&widths, col, room);
    MapGeometry {
        top,
        grid: Rect::new(area.x, rest_y, area.width, grid_h as u16),
        list: Rect::new(
            area.x,
            rest_y + grid_h as u16,
            area.width,
            rest_h.saturating_sub(grid_h) as u16,
        ),
        label_w,
        widths,
        left,
        shown,
        first_row,
        body_h,
    }
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
    fn the_map_cursor_column_is_always_in_sight() {
        let widths = [10, 10, 10, 10, 5];
        // 11 columns each with the gap: two fit in 25.
        assert_eq!(map_visible_columns(&widths, 0, 25), (0, 2));
        assert_eq!(map_visible_columns(&widths, 3, 25), (2, 2));
        assert_eq!(map_visible_columns(&widths, 4, 25), (3, 2));
        // Too narrow for even one: the cursor's column still shows.
        assert_eq!(map_visible_columns(&widths, 2, 4), (2, 1));
        assert_eq!(map_visible_columns(&widths, 0, 100), (0, 5));
        assert_eq!(map_visible_columns(&[], 3, 100), (0, 0));
    }

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
