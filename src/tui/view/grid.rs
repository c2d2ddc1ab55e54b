//! The appraisal grid: studies down, items across, symbols that read
//! without colour, the overall column, and a summary bar per item.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::appraisal::Level;
use crate::manuscript::appraisal::grid::{grid, instruments_used, level_index, symbol};
use crate::text::inert_line;

use super::super::app::App;
use super::super::screen::Screen;
use super::super::update::shown_studies;
use super::{fit, width};

const LEVELS: [Level; 5] = [
    Level::Good,
    Level::Fair,
    Level::Bad,
    Level::Critical,
    Level::Unknown,
];

/// Draws the grid of the chosen instrument in `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let Screen::Grid(view) = app.screen() else {
        return;
    };
    let t = &app.theme;
    let studies = shown_studies(app);
    let names = instruments_used(&studies);
    let reg = app.instruments();
    let Some(inst) = names.get(view.instrument).and_then(|n| reg.get(n)) else {
        return;
    };
    let g = grid(reg, inst, &studies);
    let title = format!(
        " {} · {} of {} instruments · {} studies ",
        inert_line(&inst.title),
        view.instrument + 1,
        names.len(),
        g.rows.len()
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, t.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let cell_w: Vec<usize> = g.items.iter().map(|i| width(i).max(2) + 1).collect();
    let study_w = 20.min(w / 3);
    let mut lines = Vec::new();
    let mut head = format!("{:<study_w$} ", "Study");
    for (id, cw) in g.items.iter().zip(&cell_w) {
        head.push_str(&format!("{:<cw$}", inert_line(id)));
    }
    head.push_str(" Overall");
    lines.push(Line::styled(fit(&head, w), t.table_header));
    // Summary: one line per item, plus a heading and a blank line.
    let summary_h = (g.items.len() + 2).min(inner.height as usize / 2);
    let rows_h = (inner.height as usize).saturating_sub(1 + summary_h).max(1);
    let cursor = view.cursor.min(g.rows.len().saturating_sub(1));
    let start = (cursor + 1).saturating_sub(rows_h);
    for (k, r) in g.rows.iter().enumerate().skip(start).take(rows_h) {
        let s = studies[r.study];
        let base = if k == cursor {
            t.selected
        } else {
            ratatui::style::Style::new()
        };
        let mut label = s.short_citation();
        if let Some(a) = r.about() {
            label.push_str(&format!(" · {a}"));
        }
        let who = fit(&inert_line(&label), study_w);
        let pad = " ".repeat(study_w.saturating_sub(width(&who)) + 1);
        let mut spans = vec![Span::styled(format!("{who}{pad}"), base)];
        for (c, cw) in r.cells.iter().zip(&cell_w) {
            match c {
                // Reviewers who differ (≠) or have not all answered (…):
                // marked, never coloured as an answer.
                Some(c) if !c.agreed => spans.push(Span::styled(
                    format!("{:<cw$}", c.text),
                    base.patch(t.error),
                )),
                Some(c) => spans.push(Span::styled(
                    format!("{:<cw$}", c.text),
                    base.patch(t.level(c.level)),
                )),
                None => spans.push(Span::styled(format!("{:<cw$}", "·"), base.patch(t.dim))),
            }
        }
        let (overall, style) = match &r.overall {
            Some(j) => (j.to_string(), t.level(j.rank())),
            None => ("not judged".to_string(), t.dim),
        };
        spans.push(Span::styled(
            format!(" {}", inert_line(&overall)),
            base.patch(style),
        ));
        lines.push(Line::from(spans));
    }
    while lines.len() < 1 + rows_h {
        lines.push(Line::raw(""));
    }
    if summary_h >= 2 {
        lines.push(Line::styled(
            "Summary of agreed answers (+ low/yes  - some concerns  x high/no  !! critical  ? no information; ≠ differ  … pending)",
            t.dim,
        ));
        let bar_w = w.saturating_sub(6 + 30).clamp(10, 50);
        for (col, id) in g.items.iter().enumerate().take(summary_h - 1) {
            let counts = g.summary(col);
            let total: usize = counts.iter().sum();
            let mut spans = vec![Span::raw(format!("{:<5} ", inert_line(id)))];
            let mut used = 0;
            let mut shares = Vec::new();
            for l in LEVELS {
                let n = counts[level_index(l)];
                if n == 0 || total == 0 {
                    continue;
                }
                let len = (n * bar_w + total / 2) / total;
                let len = len.min(bar_w - used);
                used += len;
                let ch = symbol(l).chars().next().unwrap_or('?');
                spans.push(Span::styled(ch.to_string().repeat(len), t.level(l)));
                shares.push(format!("{} {}%", symbol(l), n * 100 / total));
            }
            spans.push(Span::raw(" ".repeat(bar_w - used + 1)));
            spans.push(Span::styled(shares.join("  "), t.dim));
            lines.push(Line::from(spans));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
