//! The detail pane: every field of the selected study, wrapped.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::model::Study;
use crate::text::inert_line;

use super::super::app::App;
use super::super::content;
use super::super::layout::detail_scroll_room;

fn paragraph<'a>(app: &App, s: &Study) -> Paragraph<'a> {
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
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(t.border)
        .title(Span::styled(title, t.label));
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
    frame.render_widget(
        paragraph(app, s).scroll((app.detail_scroll.min(detail_scroll_room(app, s, area)), 0)),
        area,
    );
}
