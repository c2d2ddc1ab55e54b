//! The import overlay: the path prompt with its completions, then the
//! preview of what the file adds and the design and tag for the batch.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::text::inert_line;

use super::super::app::{App, Mode};
use super::super::import::{Focus, Import, PathPrompt, Preview, RowKind};
use super::super::layout::IMPORT_FOOTER;
use super::super::textbuf::window;
use super::status::hint_line;
use super::{centered, fit};

/// Completions listed under the path at most.
const LISTED: usize = 8;

/// Draws the import overlay over `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    match app.import() {
        Some(Import::Path(p)) => path(frame, area, app, p),
        Some(Import::Preview(v)) => preview(frame, area, app, v),
        None => {}
    }
}

fn block<'a>(app: &App, title: String, w: u16) -> Block<'a> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(app.theme.focus_border)
        .title(title)
        .title_bottom(hint_line(app, Mode::Import, w.saturating_sub(4) as usize))
}

fn path(frame: &mut Frame, area: Rect, app: &App, p: &PathPrompt) {
    let t = &app.theme;
    let shown = p.matches.len().min(LISTED);
    let more = p.matches.len() > LISTED;
    let h = 5 + shown as u16 + u16::from(more) + u16::from(p.error.is_some());
    let w = 80.min(area.width);
    let popup = centered(area, w, h);
    frame.render_widget(Clear, popup);
    let block = block(app, " Import a reference file ".to_string(), w);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let label = "File ";
    let box_w = (inner.width as usize).saturating_sub(label.len() + 1);
    let text = inert_line(&p.path.text()).into_owned();
    let (visible, col) = window(&text, p.path.cursor().1, box_w);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(label, t.label),
            Span::styled(format!("{visible:<box_w$}"), t.input_focus),
        ]),
        Line::styled(
            fit(
                "RIS, PubMed, BibTeX, CSL-JSON or CSV; the format is read from the content",
                inner.width as usize,
            ),
            t.dim,
        ),
    ];
    if let Some(e) = &p.error {
        lines.push(Line::styled(fit(e, inner.width as usize), t.error));
    }
    for m in p.matches.iter().take(LISTED) {
        lines.push(Line::raw(fit(
            &format!("  {}", inert_line(m)),
            inner.width as usize,
        )));
    }
    if more {
        lines.push(Line::styled(
            format!("  … and {} more", p.matches.len() - LISTED),
            t.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    frame.set_cursor_position(Position::new(
        inner.x + label.len() as u16 + col as u16,
        inner.y,
    ));
}

fn preview(frame: &mut Frame, area: Rect, app: &App, v: &Preview) {
    let t = &app.theme;
    let w = 110.min(area.width);
    // As tall as the list needs (with the design and tag under it).
    let h = (v.rows.len() as u16)
        .saturating_add(2 + IMPORT_FOOTER)
        .max(10)
        .min(area.height);
    let popup = centered(area, w, h);
    frame.render_widget(Clear, popup);
    let plan = &v.plan;
    let title = format!(
        " Import {} · {} new, {} duplicate{}, {} bad ",
        fit(&v.file, 40),
        plan.new.len(),
        plan.duplicates.len(),
        if plan.duplicates.len() == 1 { "" } else { "s" },
        plan.bad.len()
    );
    let block = block(app, title, w);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let width = inner.width as usize;
    let list_h = inner.height.saturating_sub(IMPORT_FOOTER) as usize;
    let mut lines: Vec<Line> = v
        .rows
        .iter()
        .skip(v.scroll)
        .take(list_h)
        .map(|(kind, text)| {
            let (style, lead) = match kind {
                RowKind::Heading => (t.label, ""),
                RowKind::New => (Style::new(), "  "),
                RowKind::Duplicate => (t.dim, "  "),
                RowKind::Bad => (t.error, "  "),
                RowKind::Warning => (t.caution, "  "),
            };
            Line::styled(fit(&format!("{lead}{text}"), width), style)
        })
        .collect();
    lines.resize(list_h, Line::raw(""));
    let more = v.rows.len().saturating_sub(v.scroll + list_h);
    lines.push(Line::styled(
        fit(
            &if more > 0 {
                format!("↓ {more} more rows")
            } else {
                String::new()
            },
            width,
        ),
        t.dim,
    ));
    let focus = |f: Focus| if v.focus == f { t.input_focus } else { t.input };
    let design = v
        .designs
        .get(v.design)
        .map(|(_, l)| l.as_str())
        .unwrap_or("");
    lines.push(Line::from(vec![
        Span::styled("Design ", t.label),
        Span::styled(format!("◂ {design} ▸"), focus(Focus::Design)),
        Span::styled(
            if v.focus == Focus::Design {
                "  ← → choose; a suggested design is only shown, never applied"
            } else {
                ""
            },
            t.dim,
        ),
    ]));
    let tag_label = "Tag    ";
    let box_w = 30.min(width.saturating_sub(tag_label.len()));
    let tag = inert_line(&v.tag.text()).into_owned();
    let (visible, col) = window(&tag, v.tag.cursor().1, box_w);
    lines.push(Line::from(vec![
        Span::styled(tag_label, t.label),
        Span::styled(format!("{visible:<box_w$}"), focus(Focus::Tag)),
        Span::styled("  optional, given to every new study", t.dim),
    ]));
    frame.render_widget(Paragraph::new(lines), inner);
    if v.focus == Focus::Tag {
        frame.set_cursor_position(Position::new(
            inner.x + tag_label.len() as u16 + col as u16,
            inner.y + inner.height.saturating_sub(1),
        ));
    }
}
