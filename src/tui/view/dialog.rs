//! Questions: confirm delete / quit / discard, conflicts, invalid editor results.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use crate::text::inert_line;

use super::super::action::Action;
use super::super::app::{App, Dialog, Mode};
use super::super::strings;
use super::centered;

fn keys<'a>(app: &App, options: &[(Action, &str)]) -> Line<'a> {
    let t = &app.theme;
    let mut spans = Vec::new();
    for (a, label) in options {
        if let Some(k) = app.keymap.hint(Mode::Dialog, a) {
            spans.push(Span::styled(format!(" {k}"), t.key));
            spans.push(Span::raw(format!(" {label} ")));
        }
    }
    Line::from(spans)
}

/// Draws the dialog on screen, if any.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let Some(d) = &app.dialog else {
        return;
    };
    let t = &app.theme;
    let (title, mut body, options): (&str, Vec<Line>, Vec<(Action, &str)>) = match d {
        Dialog::ConfirmDelete {
            id,
            citation,
            never_saved,
        } => {
            let ask = if *never_saved {
                strings::confirm_drop
            } else {
                strings::confirm_delete
            };
            (
                " Delete ",
                vec![Line::raw(ask(&inert_line(id), &inert_line(citation)))],
                vec![(Action::Confirm, "delete"), (Action::Cancel, "keep")],
            )
        }
        Dialog::ConfirmQuit { unsaved, .. } => (
            " Quit ",
            vec![Line::raw(strings::confirm_quit(*unsaved))],
            vec![(Action::Confirm, "quit"), (Action::Cancel, "stay")],
        ),
        Dialog::ConfirmDiscard => (
            " Cancel editing ",
            vec![Line::raw(strings::CONFIRM_DISCARD)],
            vec![
                (Action::Confirm, "discard"),
                (Action::Cancel, "keep editing"),
            ],
        ),
        Dialog::Conflict { write, disk } => (
            " Changed on disk ",
            vec![
                Line::raw(strings::conflict(
                    &inert_line(&write.id),
                    disk.is_none(),
                    write.base.is_none(),
                )),
                Line::raw(""),
                Line::raw("Which version should the file hold?"),
            ],
            vec![
                (Action::Reload, "reload theirs"),
                (Action::KeepMine, "keep mine"),
                (Action::ShowBoth, "show both"),
                (Action::Cancel, "decide later"),
            ],
        ),
        Dialog::EditorInvalid { problems, .. } => {
            let mut v = vec![Line::raw(strings::EDITOR_INVALID), Line::raw("")];
            v.extend(
                problems
                    .iter()
                    .take(6)
                    .map(|p| Line::styled(inert_line(p).into_owned(), t.error)),
            );
            (
                " Not a valid study ",
                v,
                vec![(Action::Reopen, "edit again"), (Action::Discard, "discard")],
            )
        }
    };
    body.push(Line::raw(""));
    body.push(keys(app, &options));
    let w = 72.min(area.width);
    let inner_w = w.saturating_sub(2).max(1) as usize;
    let h: usize = body
        .iter()
        .map(|l| l.width().div_ceil(inner_w).max(1))
        .sum::<usize>()
        + 2;
    let popup = centered(area, w, h as u16);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.focus_border)
        .title(title);
    frame.render_widget(
        Paragraph::new(body).block(block).wrap(Wrap { trim: false }),
        popup,
    );
}
