//! The appraisal grid: studies down, items across, symbols that read
//! without colour, the overall column, and a summary bar per item.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::appraisal::Level;
use crate::manuscript::appraisal::grid::{NA, grid, instruments_used, level_index, symbol};
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
    let n = g.rows.len();
    let title = format!(
        " {} · {} of {} instruments · {n} {} ",
        inert_line(&inst.title),
        view.instrument + 1,
        names.len(),
        if n == 1 { "study" } else { "studies" }
    );
    // A title wider than the border is cut with a mark, never mid-word
    // without one.
    let title = fit(&title, (area.width as usize).saturating_sub(2));
    let mut block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, t.title));
    let inner = block.inner(area);
    // Summary: one line per item, plus a heading and a blank line.
    let summary_h = (g.items.len() + 2).min(inner.height as usize / 2);
    let rows_h = (inner.height as usize).saturating_sub(1 + summary_h).max(1);
    let cursor = view.cursor.min(n.saturating_sub(1));
    let start = (cursor + 1).saturating_sub(rows_h);
    // Study rows past the room are said on the bottom border.
    if n > rows_h {
        block = block.title_bottom(
            Line::styled(
                format!(" studies {}–{} of {n} (j/k) ", start + 1, start + rows_h),
                t.dim,
            )
            .right_aligned(),
        );
    }
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let cell_w: Vec<usize> = g.items.iter().map(|i| width(i).max(2) + 1).collect();
    let overall_text = |r: &crate::manuscript::appraisal::grid::Row| match &r.overall {
        Some(j) => inert_line(&j.to_string()).into_owned(),
        None => "not judged".to_string(),
    };
    let overall_w = g
        .rows
        .iter()
        .map(|r| width(&overall_text(r)))
        .chain([width("Overall")])
        .max()
        .unwrap_or(7)
        + 1;
    // The study names as wide as they are, while the items and the
    // overall judgement keep their room; the items scroll sideways when
    // they do not all fit.
    let who_need = g
        .rows
        .iter()
        .map(|r| width(&inert_line(&studies[r.study].short_citation())))
        .chain([width("Study")])
        .max()
        .unwrap_or(5);
    let items_w: usize = cell_w.iter().sum();
    let study_w = who_need
        .min(w.saturating_sub(items_w + overall_w + 2))
        .max(who_need.min(22).min(w / 3))
        .min(w / 2);
    // Item columns in sight from `view.col`, leaving the overall its room.
    let room = w.saturating_sub(study_w + 1 + overall_w + 2);
    let mut first = view.col.min(cell_w.len().saturating_sub(1));
    let fits_from = |from: usize| -> usize {
        let mut used = 0;
        cell_w[from..]
            .iter()
            .take_while(|cw| {
                used += **cw;
                used <= room
            })
            .count()
    };
    // Scrolled to the end: as many of the last columns as fit, no room
    // left unused on the right.
    while first > 0 && fits_from(first - 1) >= cell_w.len() - (first - 1) {
        first -= 1;
    }
    let shown = fits_from(first)
        .max(1)
        .min(cell_w.len().saturating_sub(first));
    let more_left = first > 0;
    let more_right = first + shown < cell_w.len();
    let cols = first..first + shown;
    let mut lines = Vec::new();
    let mut head = vec![Span::styled(
        format!("{:<study_w$} ", "Study"),
        t.table_header,
    )];
    head.push(Span::styled(if more_left { "‹" } else { " " }, t.key));
    let mut head_text = String::new();
    for (id, cw) in g.items[cols.clone()].iter().zip(&cell_w[cols.clone()]) {
        head_text.push_str(&format!("{:<cw$}", inert_line(id)));
    }
    head.push(Span::styled(head_text, t.table_header));
    head.push(Span::styled(if more_right { "›" } else { " " }, t.key));
    head.push(Span::styled("Overall", t.table_header));
    lines.push(Line::from(head));
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
        spans.push(Span::styled(
            if more_left { "‹" } else { " " },
            base.patch(t.dim),
        ));
        for (c, cw) in r.cells[cols.clone()].iter().zip(&cell_w[cols.clone()]) {
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
        spans.push(Span::styled(
            if more_right { "›" } else { " " },
            base.patch(t.dim),
        ));
        let style = match &r.overall {
            Some(j) => t.level(j.rank()),
            None => t.dim,
        };
        let overall = fit(
            &overall_text(r),
            w.saturating_sub(study_w + 3 + room.min(items_w)),
        );
        spans.push(Span::styled(overall, base.patch(style)));
        lines.push(Line::from(spans));
    }
    while lines.len() < 1 + rows_h {
        lines.push(Line::raw(""));
    }
    if summary_h >= 2 {
        // Items past the room say so, rather than vanish.
        let room_items = summary_h - 1;
        let cut = if room_items < g.items.len() {
            format!(" ({room_items} of {})", g.items.len())
        } else {
            String::new()
        };
        lines.push(Line::styled(
            fit(
                &format!("Answers per item{cut}: + yes/low - concerns x no/high !! critical ? no info na not applicable ≠ differ … pending"),
                w,
            ),
            t.dim,
        ));
        let bar_w = w.saturating_sub(6 + 36).clamp(10, 50);
        for (col, id) in g.items.iter().enumerate().take(summary_h - 1) {
            // "not applicable" and "no meta-analysis" are a state of their
            // own, not "no information".
            let na = g
                .rows
                .iter()
                .filter(|r| {
                    r.cells
                        .get(col)
                        .is_some_and(|c| c.as_ref().is_some_and(|c| c.text == NA))
                })
                .count();
            let mut counts = g.summary(col).to_vec();
            counts[level_index(Level::Unknown)] =
                counts[level_index(Level::Unknown)].saturating_sub(na);
            counts.push(na);
            let total: usize = counts.iter().sum();
            let pct = crate::manuscript::figure::percentages(&counts);
            let mut spans = vec![Span::raw(format!("{:<5} ", inert_line(id)))];
            let mut used = 0;
            let mut shares = Vec::new();
            for (k, n) in counts.iter().enumerate() {
                if *n == 0 || total == 0 {
                    continue;
                }
                let (sym, style) = match LEVELS.get(k) {
                    Some(l) => (symbol(*l), t.level(*l)),
                    None => (NA, t.dim),
                };
                let len = (n * bar_w + total / 2) / total;
                let len = len.min(bar_w - used);
                used += len;
                let ch = if LEVELS.get(k).is_some() {
                    sym.chars().next().unwrap_or('?')
                } else {
                    '○'
                };
                spans.push(Span::styled(ch.to_string().repeat(len), style));
                shares.push(format!("{sym} {}%", pct[k]));
            }
            spans.push(Span::raw(" ".repeat(bar_w - used + 1)));
            spans.push(Span::styled(shares.join("  "), t.dim));
            lines.push(Line::from(spans));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
