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
use unicode_width::UnicodeWidthStr;

use super::super::action::{Action, Column};
use super::super::app::{App, Mode};
use super::super::strings;
use super::{fit, highlighted};

/// What the author, design and appraisal columns would hold whole: the
/// widest cell of the rows on screen (and the header).
struct Needs {
    author: usize,
    design: usize,
    appraisal: usize,
    /// The appraisal column in short forms ("AMSTAR 2 crit. low ≠").
    appraisal_short: usize,
}

/// Column widths for a table `w` columns wide, shared by what the columns
/// hold: each of author, design and appraisal as wide as its widest cell
/// while the title keeps a fair share; then the appraisal in its short
/// form; then author and design cut, and the title last. Returns the widths
/// and whether the appraisal is shown short. They always fit: were they
/// wider than the table, ratatui would squeeze them, cutting cells without
/// their "…".
fn widths(w: u16, n: &Needs) -> ([u16; 5], bool) {
    // Ref 5, year 4 and the five spaces between the six columns.
    let avail = (w as usize).saturating_sub(5 + 4 + 5);
    let title_fair = (avail * 2 / 5).max(12);
    let (mut a, mut d) = (n.author.clamp(6, 24), n.design.clamp(6, 22));
    let fits = |a: usize, d: usize, p: usize| a + d + p + title_fair <= avail;
    let (mut p, mut short) = (n.appraisal.max(9), false);
    if !fits(a, d, p) {
        p = n.appraisal_short.max(9);
        short = true;
    }
    // Author and design give way down to a readable least, then the title
    // below its fair share, then the appraisal is cut.
    while !fits(a, d, p) && (a > 10 || d > 9) {
        if a >= d && a > 10 {
            a -= 1;
        } else if d > 9 {
            d -= 1;
        } else {
            a -= 1;
        }
    }
    let title_least = 12usize.min(avail / 4);
    let over = (a + d + p + title_least).saturating_sub(avail);
    p = p.saturating_sub(over).max(4);
    let as_u16 = |x: usize| u16::try_from(x).unwrap_or(u16::MAX);
    ([5, as_u16(a), 4, as_u16(d), as_u16(p)], short)
}

/// A study's judgements side by side ("; "), each whole or short.
fn judgements_text(each: &[Judgement], short: bool) -> String {
    each.iter()
        .map(|j| {
            if short {
                short_judgement(j)
            } else {
                j.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A judgement in few columns: the instrument's short name, the word with
/// its long parts shortened, and a mark for what the long form says in
/// words ("AMSTAR 2: critically low (not reconciled)" → "AMSTAR 2 crit.
/// low ≠"; an override "*"; stars "8★").
pub fn short_judgement(j: &Judgement) -> String {
    let mut word = j.word().to_string();
    for (long, short) in [
        ("critically", "crit."),
        ("some concerns", "some conc."),
        ("no information", "no info"),
        ("moderate", "mod."),
        (" quality", ""),
        (" confidence", ""),
        ("disputed", "disputed"),
        ("no overall", "no overall"),
    ] {
        word = word.replace(long, short);
    }
    let mut out = format!("{} {word}", j.short());
    if let Some(n) = j.score.filter(|_| j.to_string().contains('★')) {
        out.push_str(&format!(" {n}★"));
    }
    if j.computed.is_some() {
        out.push('*');
    }
    if !j.reconciled {
        out.push_str(" ≠");
    }
    out
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
    let offset = app.offset.min(app.view.len().saturating_sub(1));
    let end = (offset + rows_h).min(app.view.len());
    // What the rows on screen hold, for sharing the width by content.
    let mut needs = Needs {
        author: "Author".len(),
        design: "Design".len(),
        appraisal: "Appraisal".len(),
        appraisal_short: "Appraisal".len(),
    };
    for &i in &app.view[offset..end] {
        let s = &app.session.entries()[i].study;
        needs.author = needs.author.max(inert_line(s.first_author()).width());
        needs.design = needs.design.max(design_label(app, s).width());
        let each = Judgement::each(app.instruments(), &s.appraisals);
        if app.session.is_conflicted(&s.id) {
            let w = strings::IN_CONFLICT_MARK.width();
            needs.appraisal = needs.appraisal.max(w);
            needs.appraisal_short = needs.appraisal_short.max(w);
        } else if !each.is_empty() {
            needs.appraisal = needs
                .appraisal
                .max(inert_line(&judgements_text(&each, false)).width());
            needs.appraisal_short = needs
                .appraisal_short
                .max(inert_line(&judgements_text(&each, true)).width());
        }
    }
    let (w, short) = widths(table_area.width, &needs);
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
            inert_line(&judgements_text(&each, short)).into_owned()
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
