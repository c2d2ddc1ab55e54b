//! From terminal events to actions: the only place that reads crossterm's
//! key and mouse events.

use anyhow::Context;
use ratatui::crossterm::event::{
    self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind,
};

use super::action::{Action, TextEdit};
use super::app::App;
use super::keymap::Key;

/// The action a key press means in the current mode, if any.
pub fn action_for_key(app: &App, ev: &KeyEvent) -> Option<Action> {
    let key = Key::from_event(ev);
    let mode = app.mode();
    if let Some(a) = app.keymap.action(mode, &key) {
        return Some(a);
    }
    if !mode.takes_text() {
        return None;
    }
    let ctrl = key.mods.contains(KeyModifiers::CONTROL);
    let alt = key.mods.contains(KeyModifiers::ALT);
    let edit = |e| Some(Action::Text(e));
    match key.code {
        KeyCode::Char('u') if ctrl => edit(TextEdit::ClearToStart),
        KeyCode::Char('w') if ctrl => edit(TextEdit::DeleteWord),
        KeyCode::Char('h') if ctrl => edit(TextEdit::Backspace),
        KeyCode::Char(c) if !ctrl && !alt => Some(Action::Insert(c)),
        KeyCode::Backspace => edit(TextEdit::Backspace),
        KeyCode::Delete => edit(TextEdit::Delete),
        KeyCode::Left => edit(TextEdit::Left),
        KeyCode::Right => edit(TextEdit::Right),
        KeyCode::Home => edit(TextEdit::Home),
        KeyCode::End => edit(TextEdit::End),
        KeyCode::Up => edit(TextEdit::Up),
        KeyCode::Down => edit(TextEdit::Down),
        _ => None,
    }
}

/// The action a mouse event means, if any.
pub fn action_for_mouse(ev: &MouseEvent) -> Option<Action> {
    match ev.kind {
        MouseEventKind::ScrollDown => Some(Action::Scroll(3)),
        MouseEventKind::ScrollUp => Some(Action::Scroll(-3)),
        MouseEventKind::Down(_) => Some(Action::Click(ev.column, ev.row)),
        _ => None,
    }
}

/// The action a terminal event means, if any (a key release means nothing).
pub fn action_for_event(app: &App, ev: Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => action_for_key(app, &k),
        Event::Mouse(m) => action_for_mouse(&m),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Paste(text) => Some(Action::Paste(text)),
        _ => None,
    }
}

/// Waits for the next terminal event and returns what it means.
pub fn next_action(app: &App) -> anyhow::Result<Option<Action>> {
    let ev = event::read().context("cannot read from the terminal")?;
    Ok(action_for_event(app, ev))
}
