//! Colours and text styles in one place.

use ratatui::style::{Color, Modifier, Style};

use crate::appraisal::Level;

/// The interface's styles.
#[derive(Debug, Clone)]
pub struct Theme {
    pub header: Style,
    pub table_header: Style,
    pub selected: Style,
    pub highlight: Style,
    pub dim: Style,
    pub label: Style,
    pub title: Style,
    pub border: Style,
    pub focus_border: Style,
    pub status: Style,
    pub keys: Style,
    pub key: Style,
    pub error: Style,
    pub info: Style,
    pub warning: Style,
    /// A line to check (an import's warnings), quieter than an error.
    pub caution: Style,
    pub bar: Style,
    pub input: Style,
    pub input_focus: Style,
    /// Screening: an inclusion term in a record's text.
    pub include_term: Style,
    /// Screening: an exclusion term.
    pub exclude_term: Style,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            header: Style::new().add_modifier(Modifier::BOLD),
            table_header: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: Style::new()
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD),
            highlight: Style::new()
                .fg(Color::Magenta)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            dim: Style::new().fg(Color::Gray).add_modifier(Modifier::DIM),
            label: Style::new().fg(Color::Cyan),
            title: Style::new().add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            focus_border: Style::new().fg(Color::Cyan),
            status: Style::new().bg(Color::Blue).fg(Color::White),
            keys: Style::new().fg(Color::Gray),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            info: Style::new().fg(Color::Green),
            warning: Style::new().fg(Color::Black).bg(Color::Yellow),
            caution: Style::new().fg(Color::Yellow),
            bar: Style::new().fg(Color::Cyan),
            input: Style::new().bg(Color::Black),
            input_focus: Style::new().bg(Color::DarkGray),
            include_term: Style::new()
                .fg(Color::Green)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            exclude_term: Style::new()
                .fg(Color::Red)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }
}

impl Theme {
    /// The colour of an appraisal judgement: green, yellow, red, dark red, grey.
    pub fn level(&self, level: Level) -> Style {
        match level {
            Level::Good => Style::new().fg(Color::Green),
            Level::Fair => Style::new().fg(Color::Yellow),
            Level::Bad => Style::new().fg(Color::LightRed),
            Level::Critical => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Level::Unknown => Style::new().fg(Color::Gray),
        }
    }
}
