//! Scrollable text over the screen: help, the problems list, a conflict
//! shown side by side.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::super::app::App;
use super::super::content::pager::content;
use super::super::layout::pager_text_width;
use super::status::hint_line;

/// Draws the pager over `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let Some(p) = app.pager() else {
        return;
    };
    let t = &app.theme;
    let popup = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let (title, lines) = content(app, &p.kind, pager_text_width(area.width));
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
