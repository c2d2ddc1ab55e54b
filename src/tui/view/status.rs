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
            (Action::Save, "save"),
            (Action::NextField, "next field"),
            (Action::PrevField, "previous"),
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
            (Action::Accept, "open the study"),
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
        Mode::Screen => &[
            (Action::Include, "include"),
            (Action::Exclude, "exclude"),
            (Action::Maybe, "maybe"),
            (Action::Undo, "undo"),
            (Action::Down, "next"),
            (Action::Up, "previous"),
            (Action::Search, "jump"),
            (Action::NextStage, "stage"),
            (Action::ScreenOrder, "order"),
            (Action::Records, "list"),
            (Action::Conflicts, "conflicts"),
            (Action::Promote, "promote"),
            (Action::Help, "help"),
        ],
        Mode::ScreenList => &[
            (Action::Accept, "open"),
            (Action::NextBy, "state"),
            (Action::Include, "include"),
            (Action::Exclude, "exclude"),
            (Action::Same, "same"),
            (Action::Different, "different"),
            (Action::Close, "back"),
            (Action::Help, "help"),
        ],
        Mode::ScreenInput => &[
            (Action::Submit, "choose"),
            (Action::Down, "next"),
            (Action::Cancel, "cancel"),
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
    // The screening lists: each pane's own keys.
    let pane = match app.screen() {
        super::super::screen::Screen::Screening(v) => Some(v.pane),
        _ => None,
    };
    let off_pane = |a: &Action| {
        use super::super::screening::Pane;
        matches!(
            (pane, a),
            (
                Some(Pane::Duplicates),
                Action::Include | Action::Exclude | Action::Accept
            ) | (
                Some(Pane::List | Pane::Conflicts),
                Action::Same | Action::Different
            ) | (Some(Pane::Conflicts | Pane::Duplicates), Action::NextBy)
        )
    };
    let shown: Vec<(String, String)> = hints(mode)
        .iter()
        .filter(|(action, _)| {
            let problems_only =
                matches!(action, Action::Refresh | Action::Accept) && mode == Mode::Pager;
            (problems || !problems_only)
                && (temps || *action != Action::Clean)
                && !(mode == Mode::ScreenList && off_pane(action))
        })
        .filter_map(|(action, label)| {
            let k = app.keymap.hint(mode, action)?;
            Some((k, format!(" {label}  ")))
        })
        .collect();
    let w_of = |(k, text): &(String, String)| width(k) + width(text);
    let help = hints(mode)
        .iter()
        .position(|(a, _)| *a == Action::Help)
        .and_then(|_| app.keymap.hint(mode, &Action::Help))
        .map(|k| (k, " help  ".to_string()));
    let all: usize = shown.iter().map(w_of).sum();
    // When the keys do not all fit, a "…" says some are left out, and the
    // help key (which lists them all) stays.
    let cut = used + all > max + 1;
    let reserve = if cut {
        2 + help.as_ref().map_or(0, w_of)
    } else {
        0
    };
    for h in &shown {
        if cut && help.as_ref().is_some_and(|x| x.0 == h.0) {
            continue;
        }
        let w = w_of(h);
        if used + w + reserve > max + 1 {
            break;
        }
        used += w;
        spans.push(Span::styled(h.0.clone(), t.key));
        spans.push(Span::styled(h.1.clone(), t.keys));
    }
    if cut && used + reserve <= max + 1 {
        spans.push(Span::styled("… ", t.keys));
        if let Some((k, text)) = help {
            spans.push(Span::styled(k, t.key));
            spans.push(Span::styled(text, t.keys));
        }
    }
    Line::from(spans)
}

/// The counts line and the keys/message line.
pub fn render(frame: &mut Frame, status: Rect, keys: Rect, app: &App) {
    let t = &app.theme;
    if let super::super::screen::Screen::Screening(v) = app.screen() {
        let line = format!(
            " {}",
            super::super::screening::view::status_line(v, status.width as usize)
        );
        frame.render_widget(
            Paragraph::new(fit(&line, status.width as usize)).style(t.status),
            status,
        );
        render_keys(frame, keys, app);
        return;
    }
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

    render_keys(frame, keys, app);
}

/// The message, or the keys that matter now.
fn render_keys(frame: &mut Frame, keys: Rect, app: &App) {
    let t = &app.theme;
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
