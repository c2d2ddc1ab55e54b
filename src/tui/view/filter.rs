//! The filter picker and the sort menu.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::model::filter::{NOT_CLASSIFIED, judgement_label};
use crate::text::inert_line;

use super::super::action::{Action, Column};
use super::super::app::{App, FilterRow, Mode};
use super::super::strings;
use super::status::hint_line;
use super::{centered, fit};

fn mark(on: bool, partial: bool) -> &'static str {
    if on {
        "[x] "
    } else if partial {
        "[-] "
    } else {
        "[ ] "
    }
}

/// Draws the filter picker over `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let Some(picker) = app.picker() else {
        return;
    };
    let t = &app.theme;
    let rows = &picker.rows;
    let w = 56.min(area.width);
    let h = (rows.len() as u16 + 3).min(area.height);
    let popup = centered(area, w, h);
    frame.render_widget(Clear, popup);
    let title = format!(
        " Filter · {} ",
        strings::shown(app.view.len(), app.session.entries().len())
    );
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.focus_border)
        .title(title)
        .title_bottom(hint_line(app, Mode::Filter, w.saturating_sub(4) as usize));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let visible = inner.height as usize;
    if visible == 0 {
        return;
    }
    let cursor = picker.cursor;
    let start = (cursor + 1)
        .saturating_sub(visible)
        .min(rows.len().saturating_sub(visible));
    let f = &app.filter;
    let mut lines = Vec::new();
    let mut cursor_pos = None;
    // Each choice's count, right-aligned in a column of its own.
    let count_w = picker
        .counts
        .iter()
        .flatten()
        .map(|n| n.to_string().len())
        .max()
        .unwrap_or(0);
    let text_w = (inner.width as usize).saturating_sub(if count_w > 0 { count_w + 2 } else { 0 });
    for (i, row) in rows.iter().enumerate().skip(start).take(visible) {
        let selected = i == cursor;
        let base = if selected { t.selected } else { Style::new() };
        let count = picker.counts.get(i).copied().flatten();
        let mut line = match row {
            FilterRow::Header(h) => Line::styled(format!(" {h}"), t.label),
            FilterRow::Design { path, label, child } => {
                let on = f.designs.contains(path);
                let partial = !child && f.designs.iter().any(|d| path.contains(d));
                let indent = if *child { "     " } else { "  " };
                Line::styled(
                    fit(
                        &format!("{indent}{}{}", mark(on, partial), inert_line(label)),
                        text_w,
                    ),
                    base,
                )
            }
            FilterRow::Unclassified => Line::styled(
                fit(
                    &format!("  {}{NOT_CLASSIFIED}", mark(f.unclassified, false)),
                    text_w,
                ),
                base.patch(t.dim),
            ),
            FilterRow::Tag(tag) => Line::styled(
                fit(
                    &format!("  {}{}", mark(f.tags.contains(tag), false), inert_line(tag)),
                    text_w,
                ),
                base,
            ),
            FilterRow::YearFrom | FilterRow::YearTo => {
                let (label, buf) = if *row == FilterRow::YearFrom {
                    ("  from ", &f.year_from)
                } else {
                    ("  to   ", &f.year_to)
                };
                let text = buf.text();
                if selected {
                    cursor_pos = Some((
                        inner.x + 8 + buf.cursor().1 as u16,
                        inner.y + (i - start) as u16,
                    ));
                }
                Line::from(vec![
                    Span::styled(label, base),
                    Span::styled(
                        format!("{text:<4}"),
                        if selected { t.input_focus } else { t.input },
                    ),
                    Span::styled(if selected { "  type a year" } else { "" }, t.dim),
                ])
            }
            FilterRow::Studies(set) => Line::styled(
                fit(
                    &format!(
                        "  {}{}",
                        mark(f.studies.as_ref() == Some(set), false),
                        inert_line(&set.describe())
                    ),
                    inner.width as usize,
                ),
                base,
            ),
            FilterRow::Judgement(j) => {
                let label = judgement_label(j);
                let colour = match j {
                    Some(j) => t.level(j.rank()),
                    None => t.dim,
                };
                Line::from(vec![
                    Span::styled(format!("  {}", mark(f.judgements.contains(j), false)), base),
                    Span::styled(
                        fit(&inert_line(&label), text_w.saturating_sub(6)),
                        base.patch(colour),
                    ),
                ])
            }
        };
        if selected {
            // A visible cursor that does not rely on colour alone.
            line.spans
                .insert(0, ratatui::text::Span::styled("▸", t.key));
        } else {
            line.spans.insert(0, ratatui::text::Span::raw(" "));
        }
        if let Some(n) = count {
            let used: usize = line.spans.iter().map(|s| super::width(&s.content)).sum();
            let n = n.to_string();
            let pad = (inner.width as usize).saturating_sub(used + n.len());
            line.spans.push(Span::styled(" ".repeat(pad), base));
            line.spans.push(Span::styled(n, base.patch(t.dim)));
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((x, y)) = cursor_pos
        && x < inner.right()
    {
        frame.set_cursor_position(Position::new(x, y));
    }
}

/// Draws the sort menu.
pub fn render_sort(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let popup = centered(area, 36, 10);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.focus_border)
        .title(" Sort by ");
    let mut lines = Vec::new();
    for c in Column::ALL {
        let key = app
            .keymap
            .hint(Mode::Sort, &Action::SortBy(c))
            .unwrap_or_default();
        let name = match c {
            Column::Ref => "reference number",
            Column::Author => "first author",
            Column::Year => "year",
            Column::Design => "design",
            Column::Appraisal => "appraisal",
            Column::Title => "title",
        };
        let now = match app.sort {
            Some((sc, desc)) if sc == c => {
                if desc {
                    "  ▼ (again: ▲)"
                } else {
                    "  ▲ (again: ▼)"
                }
            }
            _ => "",
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {key:>5} "), t.key),
            Span::raw(name),
            Span::styled(now, t.dim),
        ]));
    }
    if let Some(k) = app.keymap.hint(Mode::Sort, &Action::SortReverse) {
        lines.push(Line::from(vec![
            Span::styled(format!(" {k:>5} "), t.key),
            Span::raw("reverse the current order"),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
