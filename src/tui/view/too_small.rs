//! What a terminal too small for the interface shows.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Wrap};

use super::super::action::Action;
use super::super::app::App;
use super::super::strings;
use super::{MIN_HEIGHT, MIN_WIDTH};

/// Draws the message (nothing at all in a zero-sized area).
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let quit = app.key(app.mode(), &Action::Quit);
    let text = strings::too_small(area.width, area.height, MIN_WIDTH, MIN_HEIGHT, &quit);
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        area,
    );
}
