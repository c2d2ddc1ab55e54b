//! Scrollable text over the screen: help, the problems list, a conflict
//! shown side by side.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::text::{inert_line, inert_multiline};

use super::super::app::{App, PagerKind};
use super::status::hint_line;
use super::{fit, width};

fn content<'a>(app: &App, kind: &PagerKind, w: usize) -> (String, Vec<Line<'a>>) {
    let t = &app.theme;
    match kind {
        PagerKind::Help(mode) => (" Help ".into(), super::help::lines(app, *mode)),
        PagerKind::Problems => {
            // Wrapped here, so that scrolling counts real rows.
            let mut v: Vec<Line> = app
                .problems
                .iter()
                .flat_map(|p| super::wrap(&inert_line(&p.to_string()), w, "    "))
                .map(Line::raw)
                .collect();
            if !app.broken.is_empty() {
                v.push(Line::raw(""));
                v.push(Line::styled(
                    "Not loaded (fix them, then reopen litrev):",
                    t.label,
                ));
                for b in &app.broken {
                    v.push(Line::raw(format!(
                        "  {}",
                        inert_line(&b.display().to_string())
                    )));
                }
            }
            (format!(" Problems ({}) ", app.problems.len()), v)
        }
        PagerKind::Compare { id, mine, theirs } => {
            let half = w.saturating_sub(3) / 2;
            let mine = inert_multiline(mine);
            let theirs = inert_multiline(theirs);
            let a: Vec<&str> = mine.lines().collect();
            let b: Vec<&str> = theirs.lines().collect();
            let mut v = vec![Line::from(vec![
                Span::styled(
                    format!("{:<half$}", fit("Mine (what litrev would write)", half)),
                    t.title,
                ),
                Span::styled(" │ ", t.border),
                Span::styled(fit("On disk now (theirs)", half), t.title),
            ])];
            for i in 0..a.len().max(b.len()) {
                let l = a.get(i).copied().unwrap_or("");
                let r = b.get(i).copied().unwrap_or("");
                let style = if l == r { Style::new() } else { t.warning };
                let lf = fit(l, half);
                let pad = half.saturating_sub(width(&lf));
                v.push(Line::from(vec![
                    Span::styled(lf, style),
                    Span::raw(" ".repeat(pad)),
                    Span::styled(" │ ", t.border),
                    Span::styled(fit(r, half), style),
                ]));
            }
            (
                format!(" studies/{}.toml: mine and theirs ", inert_line(id)),
                v,
            )
        }
    }
}

/// Lines in the open pager (for scrolling limits).
pub fn line_count(app: &App) -> usize {
    let w = app.size.0 as usize;
    app.pager
        .as_ref()
        .map(|p| content(app, &p.kind, w).1.len())
        .unwrap_or(0)
}

/// Draws the pager over `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let Some(p) = &app.pager else {
        return;
    };
    let t = &app.theme;
    let popup = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let (title, lines) = content(app, &p.kind, popup.width.saturating_sub(2) as usize);
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.focus_border)
        .title(title)
        .title_bottom(hint_line(
            app,
            super::super::app::Mode::Pager,
            popup.width.saturating_sub(4) as usize,
        ));
    let inner_h = popup.height.saturating_sub(2) as usize;
    let scroll = p.scroll.min(lines.len().saturating_sub(inner_h));
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(inner_h).collect();
    frame.render_widget(Paragraph::new(visible).block(block), popup);
}
