//! The studies table: only the visible rows are built each frame.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{
    Cell, Paragraph, Row, Scrollbar, ScrollbarOrientation, ScrollbarState, Table,
};

use crate::appraisal::Judgement;
use crate::model::Study;
use crate::search::Field;
use crate::text::inert_line;

use super::super::action::{Action, Column};
use super::super::app::{App, Mode};
use super::super::strings;
use super::{fit, highlighted};

/// Column widths for a table `w` columns wide (the title takes the rest).
/// They always fit: were they wider than the table, ratatui would squeeze
/// them, cutting cells without their "…" and leaving the title no room.
fn widths(w: u16) -> [u16; 5] {
    if w >= 110 {
        [5, 18, 4, 17, 22]
    } else if w >= 75 {
        [5, 13, 4, 13, 15]
    } else {
        [5, 10, 4, 9, 11]
    }
}

fn header_name(c: Column) -> &'static str {
    match c {
        Column::Ref => "Ref",
        Column::Author => "Author",
        Column::Year => "Year",
        Column::Design => "Design",
        Column::Appraisal => "Appraisal",
        Column::Title => "Title",
    }
}

/// The design's short label ("Qual: patient"), or the raw path if unknown.
pub fn design_label(app: &App, s: &Study) -> String {
    match s.design.as_deref() {
        None => String::new(),
        Some(d) => match app.session.review().design(d) {
            Some(r) => inert_line(r.node().short_label()).into_owned(),
            None => format!("?{}", inert_line(d)),
        },
    }
}

/// Draws the table into `area` (header row included).
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &app.theme;
    if area.height < 2 || area.width < 10 {
        return;
    }
    if app.view.is_empty() {
        let text = if app.session.entries().is_empty() {
            strings::empty_review(&app.key(Mode::Normal, &Action::Add))
        } else {
            strings::no_studies(
                &app.key(Mode::Normal, &Action::Cancel),
                &app.key(Mode::Normal, &Action::ClearFilters),
            )
        };
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(""),
                Line::styled(format!("  {text}"), theme.dim),
            ]),
            area,
        );
    }
    let rows_h = (area.height - 1) as usize;
    let table_area = Rect {
        width: area.width - 1,
        ..area
    };
    let w = widths(table_area.width);
    let fixed: u16 = w.iter().sum::<u16>() + 5;
    let title_w = table_area.width.saturating_sub(fixed) as usize;
    let cols = [
        Constraint::Length(w[0]),
        Constraint::Length(w[1]),
        Constraint::Length(w[2]),
        Constraint::Length(w[3]),
        Constraint::Length(w[4]),
        Constraint::Min(0),
    ];
    let header = Row::new(Column::ALL.iter().map(|&c| {
        let name = header_name(c);
        let text = match app.sort {
            Some((sc, desc)) if sc == c => format!("{name} {}", if desc { "▼" } else { "▲" }),
            _ => name.to_string(),
        };
        Cell::from(text)
    }))
    .style(theme.table_header);

    let query = app.search.query.trim();
    let offset = app.offset.min(app.view.len().saturating_sub(1));
    let end = (offset + rows_h).min(app.view.len());
    let rows = app.view[offset..end].iter().enumerate().map(|(k, &i)| {
        let s = &app.session.entries()[i].study;
        let selected = offset + k == app.selected;
        let base = if selected {
            theme.selected
        } else {
            Style::new()
        };
        let marks = |field| {
            if query.is_empty() {
                Vec::new()
            } else {
                app.session.index().highlights(i, s, field, query)
            }
        };
        let author = inert_line(s.first_author()).into_owned();
        let author_marks: Vec<usize> = {
            // The first author's family name starts the authors field
            // (after any leading spaces the model trims).
            let lead = s
                .authors
                .first()
                .map(|a| a.chars().take_while(|c| c.is_whitespace()).count())
                .unwrap_or(0);
            let n = author.chars().count();
            marks(Field::Authors)
                .into_iter()
                .filter_map(|p| p.checked_sub(lead))
                .filter(|&p| p < n)
                .collect()
        };
        let title = inert_line(&s.title).into_owned();
        // Several judgements (instruments, outcomes, MMAT categories) side
        // by side, coloured by the first; a study in conflict is shown from
        // one side of its file and counted nowhere.
        let each = Judgement::each(app.instruments(), &s.appraisals);
        let conflicted = app.session.is_conflicted(&s.id);
        let appraisal_style = match each.first() {
            _ if conflicted => theme.warning,
            Some(j) => theme.level(j.rank()),
            None => theme.dim,
        };
        let judgement_text = if conflicted {
            strings::IN_CONFLICT_MARK.to_string()
        } else {
            inert_line(
                &each
                    .iter()
                    .map(|j| j.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
            .into_owned()
        };
        Row::new(vec![
            Cell::from(format!(
                "{:>5}",
                s.reference.map(|r| r.to_string()).unwrap_or_default()
            )),
            Cell::from(highlighted(
                &author,
                &author_marks,
                w[1] as usize,
                base,
                theme.highlight,
            )),
            Cell::from(s.year.map(|y| y.to_string()).unwrap_or_default()),
            Cell::from(fit(&design_label(app, s), w[3] as usize)),
            Cell::from(Line::styled(
                fit(&judgement_text, w[4] as usize),
                base.patch(appraisal_style),
            )),
            Cell::from(highlighted(
                &title,
                &marks(Field::Title),
                title_w,
                base,
                theme.highlight,
            )),
        ])
        .style(base)
    });
    let table = Table::new(rows, cols).header(header).column_spacing(1);
    frame.render_widget(table, table_area);

    if app.view.len() > rows_h {
        let mut state = ScrollbarState::new(app.view.len().saturating_sub(rows_h))
            .position(offset)
            .viewport_content_length(rows_h);
        let bar_area = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .track_symbol(Some("│"))
                .style(theme.border),
            bar_area,
            &mut state,
        );
    }
}
