//! The header line and the status bar (counts, search, filter, unsaved
//! marker, scratch path, messages and the keys that matter now).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::text::inert_line;

use super::super::action::{Action, Column};
use super::super::app::{App, Mode};
use super::super::strings;
use super::super::textbuf::window;
use super::{fit, width};

/// The review title and, if the review had problems, a banner.
pub fn render_header(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let mut right = Vec::new();
    if !app.session.problems().is_empty() {
        let key = app.key(Mode::Normal, &Action::Problems);
        let long = strings::problems_banner(
            app.session.problems().len(),
            app.session.broken().len(),
            &key,
        );
        let text = if width(&long) + 40 <= area.width as usize {
            format!(" ⚠ {long} ")
        } else {
            format!(
                " ⚠ {} ",
                strings::problems_short(app.session.problems().len(), &key)
            )
        };
        right.push(Span::styled(text, t.warning));
    }
    let right_w: usize = right.iter().map(|s| width(&s.content)).sum();
    let avail = (area.width as usize).saturating_sub(right_w + 1);
    let title = format!(" litrev · {}", inert_line(&app.session.review().title));
    let mut spans = vec![Span::styled(fit(&title, avail), t.header)];
    let used = width(&spans[0].content);
    spans.push(Span::raw(
        " ".repeat((area.width as usize).saturating_sub(used + right_w)),
    ));
    spans.extend(right);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Actions worth a hint in each mode, with a short label.
fn hints(mode: Mode) -> &'static [(Action, &'static str)] {
    match mode {
        Mode::Normal => &[
            (Action::Search, "search"),
            (Action::Filter, "filter"),
            (Action::Sort, "sort"),
            (Action::Edit, "edit"),
            (Action::Add, "add"),
            (Action::Delete, "delete"),
            (Action::Undo, "undo"),
            (Action::Tally, "tally"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ],
        Mode::Search => &[
            (Action::Accept, "keep"),
            (Action::Cancel, "clear"),
            (Action::Down, "next"),
            (Action::Up, "previous"),
        ],
        Mode::Filter => &[
            (Action::Toggle, "select"),
            (Action::ClearFilters, "clear all"),
            (Action::Close, "done"),
            (Action::Help, "help"),
        ],
        Mode::Sort => &[
            (Action::SortBy(Column::Ref), "ref"),
            (Action::SortBy(Column::Author), "author"),
            (Action::SortBy(Column::Year), "year"),
            (Action::SortBy(Column::Design), "design"),
            (Action::SortBy(Column::Appraisal), "appraisal"),
            (Action::SortBy(Column::Title), "title"),
            (Action::SortReverse, "reverse"),
            (Action::Close, "cancel"),
        ],
        Mode::Form => &[
            (Action::NextField, "next field"),
            (Action::PrevField, "previous"),
            (Action::Submit, "save"),
            (Action::Cancel, "cancel"),
            (Action::Help, "help"),
        ],
        Mode::Tally => &[
            (Action::NextBy, "count by"),
            (Action::Copy, "copy sentence"),
            (Action::Close, "back"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ],
        Mode::Grid => &[
            (Action::NextInstrument, "instrument"),
            (Action::Accept, "open study"),
            (Action::Close, "back"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ],
        Mode::Map => &[
            (Action::NextBy, "rows"),
            (Action::NextCols, "columns"),
            (Action::Accept, "show in table"),
            (Action::Close, "back"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ],
        Mode::Pager => &[
            (Action::Down, "down"),
            (Action::Up, "up"),
            (Action::Refresh, "read the files again"),
            (Action::Clean, "remove temp files"),
            (Action::Close, "close"),
        ],
        Mode::Dialog => &[],
        Mode::Appraise => &[
            (Action::Write, "comment"),
            (Action::ClearAnswer, "clear"),
            (Action::Save, "save"),
            (Action::Cancel, "cancel"),
            (Action::PickInstrument, "instrument"),
            (Action::Initials, "initials"),
            (Action::Help, "help"),
        ],
        Mode::Textbox => &[(Action::Submit, "done"), (Action::Cancel, "cancel")],
        Mode::Reconcile => &[
            (Action::Down, "next"),
            (Action::ClearAnswer, "clear"),
            (Action::Save, "save consensus"),
            (Action::Cancel, "cancel"),
            (Action::Help, "help"),
        ],
        Mode::Import => &[
            (Action::NextField, "complete / next field"),
            (Action::Submit, "read / import"),
            (Action::Cancel, "cancel"),
            (Action::Help, "help"),
        ],
    }
}

/// "/ search  f filter …" from the live keymap, as many as fit in `max` columns.
pub fn hint_line<'a>(app: &App, mode: Mode, max: usize) -> Line<'a> {
    let t = &app.theme;
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    // Only the problems list can be read again.
    let problems = matches!(
        app.pager().map(|p| &p.kind),
        Some(super::super::app::PagerKind::Problems)
    );
    // Only temporary files of interrupted saves can be removed.
    let temps = problems
        && app.session().problems().iter().any(|p| {
            p.path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".litrev-save-"))
        });
    for (action, label) in hints(mode) {
        if (*action == Action::Refresh && !problems) || (*action == Action::Clean && !temps) {
            continue;
        }
        if let Some(k) = app.keymap.hint(mode, action) {
            let text = format!(" {label}  ");
            let w = width(&k) + width(&text);
            if used + w > max + 1 {
                break;
            }
            used += w;
            spans.push(Span::styled(k, t.key));
            spans.push(Span::styled(text, t.keys));
        }
    }
    Line::from(spans)
}

/// The counts line and the keys/message line.
pub fn render(frame: &mut Frame, status: Rect, keys: Rect, app: &App) {
    let t = &app.theme;
    let count = match app.loading {
        Some((read, total)) => strings::loading(read, total),
        None => strings::shown(app.view.len(), app.session.entries().len()),
    };
    let mut left = vec![Span::raw(format!(" {count}"))];
    if !app.filter.is_empty() {
        left.push(Span::raw(format!(
            " · filter: {}",
            inert_line(&app.filter.describe())
        )));
    }
    let search_box = app.search_input().filter(|_| app.mode() == Mode::Search);
    let mut cursor = None;
    if let Some(input) = search_box {
        left.push(Span::raw(" · search: "));
        let used: usize = left.iter().map(|s| width(&s.content)).sum();
        let avail = (status.width as usize).saturating_sub(used + 2).min(60);
        let line = inert_line(&input.text()).into_owned();
        let (shown, cx) = window(&line, input.cursor().1, avail);
        cursor = Some(status.x + (used + cx) as u16);
        left.push(Span::styled(
            shown,
            t.input_focus
                .patch(Style::new().fg(ratatui::style::Color::White)),
        ));
    } else if !app.search.query.is_empty() {
        left.push(Span::raw(format!(
            " · search: {}",
            inert_line(&app.search.query)
        )));
    }
    if let Some((c, desc)) = app.sort {
        let name = match c {
            Column::Ref => "ref",
            Column::Author => "author",
            Column::Year => "year",
            Column::Design => "design",
            Column::Appraisal => "appraisal",
            Column::Title => "title",
        };
        left.push(Span::raw(format!(
            " · sort: {name} {}",
            if desc { "▼" } else { "▲" }
        )));
    }
    if app.unsaved_count() > 0 {
        left.push(Span::styled(
            format!(
                " · ● {} unsaved ({} retries)",
                app.unsaved_count(),
                app.key(Mode::Normal, &Action::Save)
            ),
            t.error.patch(t.status),
        ));
    }
    let mut right = String::new();
    if app.scratch {
        right = format!("scratch copy: {} ", app.session.root().display());
    }
    let used: usize = left.iter().map(|s| width(&s.content)).sum();
    let room = (status.width as usize).saturating_sub(used + 1);
    let right = fit(&right, room);
    left.push(Span::raw(
        " ".repeat(room.saturating_sub(width(&right)) + 1),
    ));
    left.push(Span::raw(right));
    frame.render_widget(Paragraph::new(Line::from(left)).style(t.status), status);
    if let Some(x) = cursor
        && x < status.right()
    {
        frame.set_cursor_position(Position::new(x, status.y));
    }

    let line = match &app.message {
        Some(m) => {
            let style = if m.error { t.error } else { t.info };
            Line::styled(
                format!(
                    " {}",
                    fit(
                        &inert_line(&m.text),
                        (keys.width as usize).saturating_sub(1)
                    )
                ),
                style,
            )
        }
        None => hint_line(app, app.mode(), keys.width as usize),
    };
    frame.render_widget(Paragraph::new(line), keys);
}
