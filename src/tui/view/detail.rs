//! The detail pane: every field of the selected study, wrapped.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::model::Study;
use crate::text::inert_line;

use super::super::app::App;
use super::super::content;
use super::super::layout::detail_scroll_room;

/// `scroll` lines scrolled past of `room` that can be: the marks that say
/// there is more above or below (and the keys that scroll).
fn more(scroll: u16, room: u16) -> Option<String> {
    let (up, down) = (scroll > 0, scroll < room);
    match (up, down) {
        (false, false) => None,
        (true, false) => Some(format!(" ↑ {scroll} more (K) ")),
        (false, true) => Some(format!(" ↓ {} more (J) ", room - scroll)),
        (true, true) => Some(format!(" ↑ {scroll} ↓ {} more (J/K) ", room - scroll)),
    }
}

fn paragraph<'a>(app: &App, s: &Study, scroll: u16, room: u16) -> Paragraph<'a> {
    let t = &app.theme;
    let unsaved = if app.session().pending(&s.id).is_some() {
        " · not saved"
    } else {
        ""
    };
    let title = format!(
        " {} · studies/{}.toml{unsaved} ",
        inert_line(&s.id),
        inert_line(&s.id)
    );
    let mut block = Block::new()
        .borders(Borders::TOP)
        .border_style(t.border)
        .title(Span::styled(title, t.label));
    if let Some(m) = more(scroll, room) {
        block = block.title(Line::from(Span::styled(m, t.dim)).right_aligned());
    }
    Paragraph::new(content::detail::lines(app, s))
        .block(block)
        .wrap(Wrap { trim: false })
}

/// Draws the pane.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let Some(s) = app.selected_study() else {
        frame.render_widget(
            Block::new().borders(Borders::TOP).border_style(t.border),
            area,
        );
        return;
    };
    let room = detail_scroll_room(app, s, area);
    let scroll = app.detail_scroll.min(room);
    frame.render_widget(paragraph(app, s, scroll, room).scroll((scroll, 0)), area);
}
