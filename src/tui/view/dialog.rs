//! Questions: confirm delete / quit / discard, conflicts, invalid editor results.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::team::merge::Side;
use crate::text::inert_line;

use super::super::action::Action;
use super::super::app::{App, Dialog, Mode};
use super::super::strings;
use super::centered;

/// The answers and their keys, in rows of at most `w` columns (an answer
/// is never split across rows).
fn keys<'a>(app: &App, options: &[(Action, &str)], w: usize) -> Vec<Line<'a>> {
    let t = &app.theme;
    let mut rows: Vec<Vec<Span>> = vec![Vec::new()];
    let mut used = 0;
    for (a, label) in options {
        if let Some(k) = app.keymap.hint(Mode::Dialog, a) {
            let key = format!(" {k}");
            let text = format!(" {label} ");
            let n = super::width(&key) + super::width(&text);
            if used > 0 && used + n > w {
                rows.push(Vec::new());
                used = 0;
            }
            if let Some(row) = rows.last_mut() {
                row.push(Span::styled(key, t.key));
                row.push(Span::raw(text));
            }
            used += n;
        }
    }
    rows.into_iter().map(Line::from).collect()
}

/// `lines` wrapped at spaces to `w` columns, one row each.
fn wrapped<'a>(lines: Vec<Line<'a>>, w: usize) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    for l in lines {
        let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
        for row in super::wrap(&text, w, "") {
            out.push(Line::styled(row, l.style));
        }
    }
    out
}

/// Draws the dialog on screen, if any.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let Some(d) = app.dialog() else {
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
                vec![Line::raw(ask(
                    &inert_line(id),
                    &inert_line(citation),
                    &app.key(Mode::Normal, &Action::Undo),
                ))],
                vec![(Action::Confirm, "delete"), (Action::Cancel, "keep")],
            )
        }
        Dialog::ConfirmQuit { unsaved, .. } => (
            " Quit ",
            vec![Line::raw(strings::confirm_quit(*unsaved))],
            vec![(Action::Confirm, "quit"), (Action::Cancel, "stay")],
        ),
        Dialog::ConfirmClean { files } => (
            " Temporary files ",
            vec![Line::raw(strings::confirm_clean(*files))],
            vec![(Action::Confirm, "remove"), (Action::Cancel, "keep")],
        ),
        Dialog::ConfirmDiscard => (
            " Cancel editing ",
            vec![Line::raw(strings::CONFIRM_DISCARD)],
            vec![
                (Action::Confirm, "discard"),
                (Action::Cancel, "keep editing"),
            ],
        ),
        Dialog::Conflict {
            batch,
            id,
            disk,
            theirs,
            drops,
            warned,
        } => {
            let mut v = vec![Line::raw(strings::conflict(
                &inert_line(id),
                disk.is_none(),
                // New to us, unless the study was loaded from a file (an
                // edit by hand of a file that changed since it was read).
                batch.op(id).is_some_and(|o| o.creates())
                    && !app.session.entry(id).is_some_and(|e| e.on_disk()),
            ))];
            if !theirs.is_empty() {
                v.push(Line::raw(""));
                v.push(Line::raw(format!("They changed: {theirs}.")));
            }
            if *warned {
                v.push(Line::raw(""));
                v.push(Line::styled(
                    strings::keep_mine_drops(
                        drops,
                        &app.key(Mode::Dialog, &Action::KeepMine),
                        &app.key(Mode::Dialog, &Action::Merge),
                    ),
                    t.warning,
                ));
            }
            v.push(Line::raw(""));
            v.push(Line::raw("Which version should the file hold?"));
            (
                " Changed on disk ",
                v,
                vec![
                    (Action::Merge, "merge both"),
                    (Action::Reload, "reload theirs"),
                    (Action::KeepMine, "keep mine"),
                    (Action::ShowBoth, "show both"),
                    (Action::Cancel, "decide later"),
                ],
            )
        }
        Dialog::MergeChoice(m) => {
            let mut v = vec![
                Line::raw(format!(
                    "Both sides changed {} of studies/{}.toml. Take one side of each; the rest of both is merged.",
                    if m.rows.len() == 1 {
                        "one value".to_string()
                    } else {
                        format!("{} values", m.rows.len())
                    },
                    inert_line(&m.id)
                )),
                Line::raw(""),
            ];
            for (i, r) in m.rows.iter().enumerate() {
                let here = i == m.cursor;
                let mark = if here { "▶ " } else { "  " };
                v.push(Line::styled(
                    format!("{mark}{}", inert_line(&r.name)),
                    if here { t.key } else { t.label },
                ));
                let side = |label: &str, text: &str, taken: bool| {
                    let text = if text.is_empty() { "(nothing)" } else { text };
                    let first = text.lines().next().unwrap_or("");
                    let more = if text.lines().count() > 1 { " …" } else { "" };
                    Line::styled(
                        format!(
                            "{} {label} {}{more}",
                            if taken { "●" } else { "○" },
                            inert_line(first)
                        ),
                        if taken { Style::new() } else { t.dim },
                    )
                };
                v.push(side("mine:  ", &r.ours, r.take == Side::Ours));
                v.push(side("theirs:", &r.theirs, r.take == Side::Theirs));
            }
            (
                " Merge both ",
                v,
                vec![
                    (Action::Left, "mine"),
                    (Action::Right, "theirs"),
                    (Action::Down, "next"),
                    (Action::Confirm, "write"),
                    (Action::Cancel, "back"),
                ],
            )
        }
        Dialog::Recover(r) => (
            " Unsaved edits ",
            vec![Line::raw(strings::recover(
                &r.signal,
                &r.studies
                    .iter()
                    .map(|s| inert_line(&s.id).into_owned())
                    .collect::<Vec<_>>(),
            ))],
            vec![
                (Action::Confirm, "restore"),
                (Action::Discard, "discard"),
                (Action::Cancel, "later"),
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
    let w = 72.min(area.width);
    let inner_w = w.saturating_sub(2).max(1) as usize;
    body.push(Line::raw(""));
    let mut rows = wrapped(body, inner_w);
    let answers = keys(app, &options, inner_w);
    // On a short screen the answers must stay visible: blank rows go
    // first, then the end of the text.
    let room = (area.height as usize).saturating_sub(2);
    if rows.len() + answers.len() > room {
        rows.retain(|l| l.width() > 0);
    }
    rows.truncate(room.saturating_sub(answers.len()));
    rows.extend(answers);
    let popup = centered(area, w, rows.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.focus_border)
        .title(title);
    frame.render_widget(Paragraph::new(rows).block(block), popup);
}
