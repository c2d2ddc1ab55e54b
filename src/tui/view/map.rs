//! The evidence map: the two dimensions crossed, the grid of counts with
//! its totals, and the studies of the cell under the cursor.
//!
//! The row labels and the column headings stay in place while the grid
//! scrolls under them to keep the cursor in sight.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::manuscript::map::Dim;
use crate::text::inert_line;

use super::super::action::Action;
use super::super::app::{App, Mode};
use super::super::layout::{MAP_GAP, map_geometry, map_note_lines};
use super::super::screen::Screen;
use super::super::strings;
use super::super::update::{cursor_cell, dim_label};
use super::{fit, width, wrap};

/// A heading in at most two lines of `w` columns, words kept whole where
/// they fit.
fn heading(label: &str, w: usize) -> [String; 2] {
    let lines = wrap(label, w, "");
    let first = lines.first().map(|l| fit(l, w)).unwrap_or_default();
    let second = match lines.len() {
        0 | 1 => String::new(),
        2 => fit(&lines[1], w),
        _ => fit(&format!("{}…", lines[1..].join(" ")), w),
    };
    [first, second]
}

/// Draws the map in `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let Screen::Map(view) = app.screen() else {
        return;
    };
    let Some(m) = &view.map else {
        return;
    };
    let t = &app.theme;
    let review = app.session().review();
    let dims = Dim::all(review);
    let (Some(rd), Some(cd)) = (dims.get(view.rows), dims.get(view.cols)) else {
        return;
    };
    let w = area.width as usize;
    let (rows_name, cols_name) = (dim_label(review, rd), dim_label(review, cd));

    // What is crossed, and with which keys it changes.
    let hint = |next: Action, prev: Action| {
        let keys: Vec<String> = [next, prev]
            .iter()
            .filter_map(|a| app.keymap.hint(Mode::Map, a))
            .collect();
        if keys.is_empty() {
            String::new()
        } else {
            format!(" ({})", keys.join("/"))
        }
    };
    let mut top = vec![Line::from(vec![
        Span::styled(" Rows: ", t.label),
        Span::styled(format!("[{rows_name}]"), t.key),
        Span::styled(hint(Action::NextBy, Action::PrevBy), t.dim),
        Span::styled("   Columns: ", t.label),
        Span::styled(format!("[{cols_name}]"), t.key),
        Span::styled(hint(Action::NextCols, Action::PrevCols), t.dim),
        Span::styled(
            app.keymap
                .hint(Mode::Map, &Action::Swap)
                .map(|k| format!("   {k} swaps"))
                .unwrap_or_default(),
            t.dim,
        ),
    ])];
    let cursor_row = view.row.min(m.rows.len());
    let cursor_col = view.col.min(m.cols.len());
    let g = map_geometry(
        app,
        m,
        area,
        (cursor_row, cursor_col),
        (&rows_name, &cols_name),
    );
    top.extend(
        map_note_lines(app, m, area)
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), t.dim)),
    );
    frame.render_widget(Paragraph::new(top), g.top);
    if g.grid.height == 0 {
        return;
    }
    if m.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(" no studies to map", t.dim)),
            g.grid,
        );
        return;
    }

    // The grid: two heading lines, the rows, the totals row.
    let last_row = m.rows.len();
    let (label_w, widths, left, shown) = (g.label_w, &g.widths, g.left, g.shown);
    let (first_row, body_h) = (g.first_row, g.body_h);
    let more_left = left > 0;
    let more_right = left + shown < widths.len();
    let total_word = "Total";

    let col_label = |c: usize| -> String {
        match m.cols.get(c) {
            Some(a) => inert_line(&a.label).into_owned(),
            None => total_word.to_string(),
        }
    };
    let mut lines: Vec<Line> = Vec::new();
    for k in 0..2 {
        let corner = if k == 0 {
            format!("{rows_name} \\ {cols_name}")
        } else if first_row > 0 || first_row + body_h < last_row + 1 {
            format!(
                "rows {}–{} of {}",
                first_row + 1,
                (first_row + body_h).min(last_row + 1),
                last_row + 1
            )
        } else {
            String::new()
        };
        let corner = fit(&corner, label_w);
        let mut spans = vec![
            Span::styled(
                format!(" {corner}{}", " ".repeat(label_w - width(&corner))),
                t.dim,
            ),
            Span::styled(if more_left && k == 1 { "‹" } else { " " }, t.key),
        ];
        for (c, &cw) in widths.iter().enumerate().skip(left).take(shown) {
            let text = heading(&col_label(c), cw)[k].clone();
            let style = if c == cursor_col {
                t.key
            } else {
                t.table_header
            };
            spans.push(Span::raw(" ".repeat(MAP_GAP)));
            spans.push(Span::styled(
                format!("{}{text}", " ".repeat(cw - width(&text))),
                style,
            ));
        }
        if more_right && k == 1 {
            spans.push(Span::styled(" ›", t.key));
        }
        lines.push(Line::from(spans));
    }
    for r in (first_row..=last_row).take(body_h) {
        let is_total_row = r == last_row;
        // A design's children indented under their group, whose row
        // counts the whole group.
        let tree = m.rows.iter().any(|a| a.parent.is_some());
        let label = match m.rows.get(r) {
            Some(a) => format!("{}{}", "  ".repeat(a.depth()), inert_line(&a.label)),
            None => total_word.to_string(),
        };
        let label = fit(&label, label_w);
        let label_style = if r == cursor_row {
            t.key
        } else if is_total_row || (tree && m.rows.get(r).is_some_and(|a| a.depth() == 0)) {
            t.label
        } else {
            Style::new()
        };
        let mut spans = vec![
            Span::styled(
                format!(" {label}{}", " ".repeat(label_w - width(&label))),
                label_style,
            ),
            Span::raw(" "),
        ];
        for (c, &cw) in widths.iter().enumerate().skip(left).take(shown) {
            let is_total_col = c == m.cols.len();
            let count = match (m.rows.get(r), m.cols.get(c)) {
                (Some(ra), Some(ca)) => m.cell(&ra.key, &ca.key).map(|cell| cell.count),
                (Some(ra), None) => Some(ra.total),
                (None, Some(ca)) => Some(ca.total),
                (None, None) => Some(m.total),
            };
            let (text, mut style) = match count {
                Some(n) => (
                    n.to_string(),
                    if is_total_col || is_total_row {
                        t.label
                    } else {
                        Style::new()
                    },
                ),
                None => ("·".to_string(), t.dim),
            };
            if r == cursor_row && c == cursor_col {
                style = t.selected;
            }
            spans.push(Span::raw(" ".repeat(MAP_GAP)));
            spans.push(Span::styled(
                format!("{}{text}", " ".repeat(cw - width(&text))),
                style,
            ));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), g.grid);

    // The studies of the cell under the cursor.
    let list_h = g.list.height as usize;
    if list_h == 0 {
        return;
    }
    let list_area = g.list;
    let ids = cursor_cell(view);
    let axis = |axes: &[crate::manuscript::map::Axis], i: usize, dim: &str| match axes.get(i) {
        Some(a) => inert_line(&a.label).into_owned(),
        None => format!("any {dim}"),
    };
    let room_h = list_h.saturating_sub(1);
    let scroll = view.list_scroll.min(ids.len().saturating_sub(room_h));
    let mut title = format!(
        " {} × {} · {} ",
        axis(&m.rows, cursor_row, &rows_name),
        axis(&m.cols, cursor_col, &cols_name),
        strings::studies(ids.len())
    );
    if ids.len() > room_h && room_h > 0 {
        title.push_str(&format!(
            "· {}–{} of {}{} ",
            scroll + 1,
            (scroll + room_h).min(ids.len()),
            ids.len(),
            app.keymap
                .hint(Mode::Map, &Action::DetailDown)
                .map(|k| format!(", {k} scrolls"))
                .unwrap_or_default()
        ));
    }
    if !ids.is_empty()
        && let Some(k) = app.keymap.hint(Mode::Map, &Action::Accept)
    {
        title.push_str(&format!("· {k} shows them in the table "));
    }
    // On a totals cell each study says where it sits along the other
    // dimension ("Cohort", "trust, empathy").
    let on_total_row = cursor_row == m.rows.len();
    let on_total_col = cursor_col == m.cols.len();
    // Only the studies in sight are placed: one pass over the cells each.
    let in_sight: Vec<&String> = ids.iter().skip(scroll).take(room_h).collect();
    let place = |id: &str| -> Option<String> {
        let (axes, along_rows) = match (on_total_row, on_total_col) {
            (true, _) => (&m.rows, true),
            (false, true) => (&m.cols, false),
            (false, false) => return None,
        };
        let fixed = if along_rows {
            m.cols.get(cursor_col).map(|a| a.key.as_str())
        } else {
            m.rows.get(cursor_row).map(|a| a.key.as_str())
        };
        let keys: std::collections::HashSet<&str> = m
            .cells
            .iter()
            .filter_map(|c| {
                let (mine, other) = if along_rows {
                    (&c.row, &c.col)
                } else {
                    (&c.col, &c.row)
                };
                (fixed.is_none_or(|f| other == f) && c.ids.iter().any(|i| i == id))
                    .then_some(mine.as_str())
            })
            .collect();
        // A study in a child's row is also in its group's: the child says
        // where it is.
        let names: Vec<String> = axes
            .iter()
            .filter(|a| keys.contains(a.key.as_str()))
            .filter(|a| {
                !axes.iter().any(|c| {
                    c.parent.as_deref() == Some(a.key.as_str()) && keys.contains(c.key.as_str())
                })
            })
            .map(|a| inert_line(&a.label).into_owned())
            .collect();
        Some(names.join(", "))
    };
    let places: Vec<Option<String>> = in_sight.iter().map(|id| place(id)).collect();
    let place_w = places
        .iter()
        .flatten()
        .map(|p| width(p))
        .max()
        .unwrap_or(0)
        .min(label_w.max(12))
        .min(w / 4);
    let who_w = 26.min(w / 3);
    let mut list: Vec<Line> = Vec::new();
    for (id, where_) in in_sight.iter().zip(&places) {
        let Some(s) = app.study(id) else {
            continue;
        };
        let num = s
            .reference
            .map(|n| n.to_string())
            .unwrap_or_else(|| "–".into());
        let who = fit(&inert_line(&s.short_citation()), who_w);
        let mut lead = format!(" {num:>4}  ");
        if place_w > 0 {
            let p = fit(where_.as_deref().unwrap_or_default(), place_w);
            lead.push_str(&format!(
                "{p}{}  ",
                " ".repeat(place_w.saturating_sub(width(&p)))
            ));
        }
        lead.push_str(&format!(
            "{who}{}  ",
            " ".repeat(who_w.saturating_sub(width(&who)))
        ));
        let title_w = w.saturating_sub(width(&lead));
        list.push(Line::from(vec![
            Span::styled(lead, Style::new()),
            Span::styled(fit(&inert_line(&s.title), title_w), t.dim),
        ]));
    }
    if ids.is_empty() {
        list.push(Line::styled(" no studies in this cell", t.dim));
    }
    frame.render_widget(
        Paragraph::new(list).block(
            Block::new()
                .borders(Borders::TOP)
                .border_style(t.border)
                .title(fit(&title, w)),
        ),
        list_area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_wrap_into_two_lines_and_cut_the_rest() {
        assert_eq!(
            heading("clinician confidence", 10),
            ["clinician", "confidence"]
        );
        assert_eq!(heading("trust", 5), ["trust", ""]);
        let h = heading("a very long heading indeed", 6);
        assert_eq!(h[0], "a very");
        assert!(h[1].ends_with('…') && width(&h[1]) <= 6, "{h:?}");
    }
}
