//! The tally view: counts as "n of N (%)" with bars, and the sentence.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::manuscript::tally::By;
use crate::text::inert_line;

use super::super::app::App;
use super::super::layout::tally_regions;
use super::super::wrap::{
    TallyRow, citation_lines, count_text, group_rows, label_lines, tally_columns, tally_groups,
};
use super::width;

/// A bar `len` columns long at most, for `n` of `total`, in eighths.
pub fn bar(n: usize, total: usize, len: usize) -> String {
    if total == 0 || len == 0 {
        return String::new();
    }
    let eighths = (n * len * 8 + total / 2) / total;
    let mut s = "█".repeat(eighths / 8);
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    s.push_str(PARTS[eighths % 8]);
    s
}

fn by_label(app: &App, by: &By) -> String {
    match by {
        By::Field(f) => app
            .session()
            .review()
            .field(f)
            .map(|d| inert_line(&d.label).to_lowercase())
            .unwrap_or_else(|| f.clone()),
        other => inert_line(other.name()).into_owned(),
    }
}

/// Draws the view into `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let Some(tally) = &app.tally().tally else {
        return;
    };
    let prose = inert_line(&tally.prose()).into_owned();
    let [tabs, list, sentence] = tally_regions(area, &prose);

    let head = " Count by: ";
    let names: Vec<Span> = By::all(app.session.review())
        .iter()
        .enumerate()
        .map(|(i, by)| {
            let name = by_label(app, by);
            if i == app.tally().by {
                Span::styled(format!("[{name}] "), t.key)
            } else {
                Span::styled(format!(" {name}  "), t.dim)
            }
        })
        .collect();
    // On a narrow screen the names before the current one give way, so that
    // the count shown is always named.
    let room = (area.width as usize).saturating_sub(width(head));
    let upto: usize = names
        .iter()
        .take(app.tally().by + 1)
        .map(|s| width(&s.content))
        .sum();
    let mut first = 0;
    let mut used = upto;
    while first < app.tally().by && used > room {
        used -= width(&names[first].content);
        used += usize::from(first == 0) * 2;
        first += 1;
    }
    let mut spans = vec![Span::styled(head, t.label)];
    let mut used = 0;
    if first > 0 {
        spans.push(Span::styled("… ", t.dim));
        used += 2;
    }
    // The names after it that do not fit give way too, with a mark.
    let rest: Vec<Span> = names.into_iter().skip(first).collect();
    let total: usize = rest.iter().map(|s| width(&s.content)).sum();
    let fits_all = used + total <= room;
    let current = app.tally().by - first;
    for (k, name) in rest.into_iter().enumerate() {
        let w = width(&name.content);
        if !fits_all && k > current && used + w + 1 > room {
            spans.push(Span::styled("…", t.dim));
            break;
        }
        used += w;
        spans.push(name);
    }
    let scope = format!(
        " {} · {}",
        tally.scope(),
        if tally.without_ref > 0 {
            format!("{} without a reference number", tally.without_ref)
        } else {
            "by reference number".to_string()
        }
    );
    let mut scope = vec![Span::styled(scope, t.dim)];
    if !tally.in_conflict.is_empty() {
        scope.push(Span::styled(
            format!(" · not counted: in conflict ({})", tally.in_conflict.len()),
            t.warning,
        ));
    }
    frame.render_widget(
        Paragraph::new(vec![Line::from(spans), Line::from(scope)]),
        tabs,
    );

    let cols = tally_columns(tally, list.width as usize);
    let mut rows: Vec<Line> = Vec::new();
    for (row, g) in tally_groups(tally) {
        let (first, more, label_style) = match row {
            TallyRow::Group => (" ", " ", t.title),
            TallyRow::Child { last: false } => ("   ├ ", "   │ ", Style::new()),
            TallyRow::Child { last: true } => ("   └ ", "     ", Style::new()),
            TallyRow::Other => ("   └ ", "     ", t.dim),
        };
        let labels = label_lines(g, row, cols.label);
        let cites = citation_lines(g, cols.cite);
        let b = bar(g.count, tally.total, cols.bar);
        // Long labels and citation lists continue on the next rows.
        for k in 0..group_rows(g, row, &cols) {
            let label = format!(
                "{}{}",
                if k == 0 { first } else { more },
                labels.get(k).map_or("", String::as_str)
            );
            let (count, b) = if k == 0 {
                (count_text(g, tally.total), b.as_str())
            } else {
                (String::new(), "")
            };
            rows.push(Line::from(vec![
                Span::styled(
                    format!(
                        "{label}{}",
                        " ".repeat(cols.label.saturating_sub(width(&label)))
                    ),
                    label_style,
                ),
                Span::raw(format!(" {count:>w$} ", w = cols.count)),
                Span::styled(
                    format!("{b}{}", " ".repeat(cols.bar.saturating_sub(width(b)))),
                    t.bar,
                ),
                Span::raw(" "),
                Span::styled(cites.get(k).cloned().unwrap_or_default(), t.dim),
            ]));
        }
    }
    if rows.is_empty() {
        rows.push(Line::styled(" nothing to count", t.dim));
    }
    let room = rows.len().saturating_sub(list.height as usize);
    let scroll = app.tally().scroll.min(room);
    // Rows cut above or below are said on the sentence's border, with the
    // keys that scroll them.
    let cut = match (scroll > 0, scroll < room) {
        (false, false) => None,
        (true, false) => Some(format!(" ↑ {scroll} more rows (k) ")),
        (false, true) => Some(format!(" ↓ {} more rows (j) ", room - scroll)),
        (true, true) => Some(format!(" ↑ {scroll} ↓ {} more rows (j/k) ", room - scroll)),
    };
    let visible: Vec<Line> = rows
        .into_iter()
        .skip(scroll)
        .take(list.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(visible), list);

    let copy_key = app
        .keymap
        .hint(
            super::super::app::Mode::Tally,
            &super::super::action::Action::Copy,
        )
        .map(|k| format!(" Sentence ({k} copies) "))
        .unwrap_or_else(|| " Sentence ".into());
    frame.render_widget(
        Paragraph::new(prose).wrap(Wrap { trim: true }).block(
            Block::new()
                .borders(Borders::TOP)
                .border_style(t.border)
                .title(copy_key)
                .title(Line::styled(cut.unwrap_or_default(), t.dim).right_aligned()),
        ),
        sentence,
    );
}
