//! The edit / add form.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::text::inert_line;

use super::super::action::Action;
use super::super::app::{App, Mode};
use super::super::form::{FormField, FormTarget, Input};
use super::super::strings;
use super::super::textbuf::{mark_cut, window};
use super::fit;
use super::status::hint_line;

const LABEL_W: u16 = 14;

fn rows_of(f: &FormField) -> usize {
    f.height() + usize::from(f.error.is_some())
}

/// Draws the form over `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let Some(form) = app.form() else {
        return;
    };
    let t = &app.theme;
    let popup = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    frame.render_widget(Clear, area);
    let title = match &form.target {
        FormTarget::Add => " Add a study ".to_string(),
        FormTarget::Edit { id } => format!(" Edit {} ", inert_line(id)),
    };
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.focus_border)
        .title(title)
        .title_bottom(hint_line(
            app,
            Mode::Form,
            popup.width.saturating_sub(4) as usize,
        ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    if inner.height < 3 || inner.width <= LABEL_W + 4 {
        return;
    }
    // Two lines at the bottom: the message and the typing keys of this field.
    let fields_h = (inner.height - 2) as usize;
    let value_w = (inner.width - LABEL_W - 1) as usize;

    // Scroll so the focused field is on screen.
    let mut start = 0;
    let upto: usize = form.fields[..=form.focus.min(form.fields.len() - 1)]
        .iter()
        .map(rows_of)
        .sum();
    if upto > fields_h {
        let mut acc = upto;
        while start < form.focus && acc > fields_h {
            acc -= rows_of(&form.fields[start]);
            start += 1;
        }
    }

    let mut y = inner.y;
    let bottom = inner.y + fields_h as u16;
    let mut cursor = None;
    for (i, f) in form.fields.iter().enumerate().skip(start) {
        if y >= bottom {
            break;
        }
        let focused = i == form.focus;
        let label_style = if focused {
            t.key
        } else if f.readonly {
            t.dim
        } else {
            t.label
        };
        let marker = if f.changed() { "•" } else { " " };
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    "{}{marker}",
                    fit(&inert_line(&f.label), LABEL_W as usize - 1)
                ),
                label_style,
            )),
            Rect::new(inner.x, y, LABEL_W, 1),
        );
        let vx = inner.x + LABEL_W + 1;
        let style = if focused { t.input_focus } else { t.input };
        match &f.input {
            Input::Text(buf) => {
                let (crow, ccol) = buf.cursor();
                let h = f.height();
                let first = if buf.is_multiline() {
                    (crow + 1).saturating_sub(h)
                } else {
                    0
                };
                for k in 0..h {
                    let ly = y + k as u16;
                    if ly >= bottom {
                        break;
                    }
                    let raw = buf.lines().get(first + k).map(|s| s.as_str()).unwrap_or("");
                    let line = inert_line(raw);
                    let text = if focused && first + k == crow {
                        let (shown, cx) = window(&line, ccol, value_w);
                        if !f.readonly {
                            cursor = Some(Position::new(vx + cx as u16, ly));
                        }
                        mark_cut(&line, &shown, cx)
                    } else {
                        fit(&line, value_w)
                    };
                    let pad = value_w.saturating_sub(super::width(&text));
                    let style = if f.readonly { t.dim } else { style };
                    frame.render_widget(
                        Paragraph::new(Line::styled(format!("{text}{}", " ".repeat(pad)), style)),
                        Rect::new(vx, ly, value_w as u16, 1),
                    );
                }
            }
            Input::Choice {
                options,
                current,
                counts,
                ..
            } => {
                let label = options.get(*current).map(|o| o.1.as_str()).unwrap_or("");
                // How many studies have it, and arrows only where there
                // is somewhere to go (the ends stop).
                let count = match counts.get(*current) {
                    Some(Some(n)) => {
                        format!(" ({n} {})", if *n == 1 { "study" } else { "studies" })
                    }
                    _ => String::new(),
                };
                let text = if focused {
                    format!(
                        "{} {}{count} {}  {}/{}",
                        if *current > 0 { "◀" } else { " " },
                        inert_line(label),
                        if *current + 1 < options.len() {
                            "▶"
                        } else {
                            " "
                        },
                        current + 1,
                        options.len()
                    )
                } else {
                    inert_line(label).into_owned()
                };
                let text = fit(&text, value_w);
                let pad = value_w.saturating_sub(super::width(&text));
                frame.render_widget(
                    Paragraph::new(Line::styled(format!("{text}{}", " ".repeat(pad)), style)),
                    Rect::new(vx, y, value_w as u16, 1),
                );
            }
        }
        y += f.height() as u16;
        if let Some(e) = &f.error
            && y < bottom
        {
            frame.render_widget(
                Paragraph::new(Line::styled(
                    fit(&format!("↳ {}", inert_line(e)), value_w),
                    t.error,
                )),
                Rect::new(vx, y, value_w as u16, 1),
            );
            y += 1;
        }
    }

    let msg_y = inner.y + inner.height - 2;
    if let Some(m) = &form.message {
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit(&inert_line(m), inner.width as usize),
                t.error,
            )),
            Rect::new(inner.x, msg_y, inner.width, 1),
        );
    }
    let typing = match form.focused().map(|f| &f.input) {
        Some(Input::Choice { .. }) => strings::CHOICE_KEYS.to_string(),
        Some(Input::Text(b)) if b.is_multiline() => {
            format!(
                "{}; {} adds a line · {}",
                form.focused()
                    .and_then(|f| f.hint)
                    .unwrap_or("one per line"),
                app.key(Mode::Form, &Action::Submit),
                strings::TEXT_KEYS
            )
        }
        _ => strings::TEXT_KEYS.to_string(),
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![Span::styled(
            fit(&typing, inner.width as usize),
            t.dim,
        )])),
        Rect::new(inner.x, msg_y + 1, inner.width, 1),
    );
    if let Some(p) = cursor
        && p.x < inner.right()
    {
        frame.set_cursor_position(p);
    }
}
