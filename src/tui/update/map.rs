//! The evidence map screen: choosing the two dimensions, moving the cell
//! cursor, scrolling the cell's studies, and Enter to filter the table to
//! the studies of the cell.

use crate::manuscript::map::{Dim, Map, map};
use crate::model::Review;
use crate::model::filter::StudySet;
use crate::text::inert_line;

use super::super::action::Action;
use super::super::app::{App, Mode, PagerKind};
use super::super::screen::{CellStudies, MapView, Screen};
use super::grid::shown;
use super::{info, invalidate, layout, open_pager, refresh};

/// Opens the map on the studies shown, with the dimensions chosen last.
pub(super) fn open_map(app: &mut App) {
    let kept = std::mem::take(&mut app.last_map);
    app.overlays.clear();
    app.screen = Screen::Map(MapView {
        list_scroll: 0,
        cell: None,
        ..kept
    });
    compute_map(app);
}

/// Crosses the studies shown by the chosen dimensions, keeping the cursor
/// inside the map.
pub(super) fn compute_map(app: &mut App) {
    let Screen::Map(view) = &app.screen else {
        return;
    };
    let review = app.session.review();
    let dims = Dim::all(review);
    let n = dims.len();
    let rows = view.rows.min(n.saturating_sub(1));
    let cols = view.cols.min(n.saturating_sub(1));
    let studies = shown(app);
    let (Some(r), Some(c)) = (dims.get(rows), dims.get(cols)) else {
        return;
    };
    let m = map(review, &studies, r, c);
    if let Screen::Map(view) = &mut app.screen {
        view.rows = rows;
        view.cols = cols;
        // The totals row and column are the last.
        view.row = view.row.min(m.rows.len());
        view.col = view.col.min(m.cols.len());
        view.map = Some(m);
        view.cell = None;
        keep_cell(view);
    }
}

/// Works out the studies of the cell under the cursor, unless they are
/// known already.
fn keep_cell(view: &mut MapView) {
    let Some(m) = &view.map else {
        view.cell = None;
        return;
    };
    let (row, col) = (view.row.min(m.rows.len()), view.col.min(m.cols.len()));
    if view
        .cell
        .as_ref()
        .is_some_and(|c| (c.row, c.col) == (row, col))
    {
        return;
    }
    view.cell = Some(CellStudies {
        row,
        col,
        ids: cell_ids(m, row, col),
    });
}

/// The studies of the cell under the cursor: the ones kept, or worked out
/// now if the cursor moved since.
pub fn cursor_cell(view: &MapView) -> std::borrow::Cow<'_, [String]> {
    let Some(m) = &view.map else {
        return std::borrow::Cow::Borrowed(&[]);
    };
    let (row, col) = (view.row.min(m.rows.len()), view.col.min(m.cols.len()));
    match &view.cell {
        Some(c) if (c.row, c.col) == (row, col) => std::borrow::Cow::Borrowed(&c.ids),
        _ => std::borrow::Cow::Owned(cell_ids(m, row, col)),
    }
}

/// The next dimension from `from` in steps of `step` (1 or n-1), skipping
/// `other` (a dimension crossed with itself says nothing).
fn cycle(from: usize, step: usize, n: usize, other: usize) -> usize {
    let mut i = (from + step) % n;
    if i == other && n > 1 {
        i = (i + step) % n;
    }
    i
}

/// The studies of the cell at (`row`, `col`), ordered as they are cited;
/// the last row and column are the totals.
pub fn cell_ids(m: &Map, row: usize, col: usize) -> Vec<String> {
    let row_key = m.rows.get(row).map(|a| a.key.as_str());
    let col_key = m.cols.get(col).map(|a| a.key.as_str());
    let cited = m
        .cells
        .iter()
        .filter(|c| row_key.is_none_or(|k| c.row == k) && col_key.is_none_or(|k| c.col == k))
        .flat_map(|c| c.cited.iter());
    crate::manuscript::cite::ordered(cited)
        .into_iter()
        .map(|c| c.id.to_string())
        .collect()
}

/// What a row or column is called in the filter: a design by its path
/// (`qualitative/patient`), anything else by its label; the totals as
/// "any tag".
pub fn axis_name(axes: &[crate::manuscript::map::Axis], i: usize, dim: &Dim) -> String {
    match axes.get(i) {
        Some(a) if matches!(dim, Dim::Design | Dim::DesignGroup) && !a.key.is_empty() => {
            a.key.clone()
        }
        Some(a) => a.label.clone(),
        None => format!("any {}", dim_word(dim)),
    }
}

/// A dimension in a few words: "design", "5-year band", "appraisal".
pub fn dim_word(dim: &Dim) -> String {
    match dim {
        Dim::Design => "design".into(),
        Dim::DesignGroup => "design group".into(),
        Dim::Year => "year".into(),
        Dim::YearBand(n) => format!("{n}-year band"),
        Dim::Tag => "tag".into(),
        Dim::Appraisal => "appraisal".into(),
        Dim::Field(f) => f.clone(),
    }
}

/// A dimension as the user reads it: "design", "5-year band", or an
/// extraction field's label (made inert).
pub fn dim_label(review: &Review, d: &Dim) -> String {
    match d {
        Dim::Field(f) => review
            .field(f)
            .map(|x| inert_line(&x.label).to_lowercase())
            .unwrap_or_else(|| inert_line(f).into_owned()),
        other => dim_word(other),
    }
}

pub(super) fn map_mode(app: &mut App, action: Action) {
    let n = Dim::all(app.session.review()).len().max(1);
    let Screen::Map(view) = &mut app.screen else {
        return;
    };
    let (last_row, last_col) = view
        .map
        .as_ref()
        .map_or((0, 0), |m| (m.rows.len(), m.cols.len()));
    match action {
        Action::NextBy => {
            view.rows = cycle(view.rows, 1, n, view.cols);
            view.row = 0;
            view.list_scroll = 0;
            compute_map(app);
        }
        Action::PrevBy => {
            view.rows = cycle(view.rows, n - 1, n, view.cols);
            view.row = 0;
            view.list_scroll = 0;
            compute_map(app);
        }
        Action::NextCols => {
            view.cols = cycle(view.cols, 1, n, view.rows);
            view.col = 0;
            view.list_scroll = 0;
            compute_map(app);
        }
        Action::PrevCols => {
            view.cols = cycle(view.cols, n - 1, n, view.rows);
            view.col = 0;
            view.list_scroll = 0;
            compute_map(app);
        }
        Action::Swap => {
            std::mem::swap(&mut view.rows, &mut view.cols);
            std::mem::swap(&mut view.row, &mut view.col);
            view.list_scroll = 0;
            compute_map(app);
        }
        Action::Down | Action::Scroll(1..) => {
            view.row = (view.row + 1).min(last_row);
            view.list_scroll = 0;
        }
        Action::Up | Action::Scroll(..=-1) => {
            view.row = view.row.saturating_sub(1);
            view.list_scroll = 0;
        }
        Action::Right => {
            view.col = (view.col + 1).min(last_col);
            view.list_scroll = 0;
        }
        Action::Left => {
            view.col = view.col.saturating_sub(1);
            view.list_scroll = 0;
        }
        Action::Top => {
            view.row = 0;
            view.list_scroll = 0;
        }
        Action::Bottom => {
            view.row = last_row;
            view.list_scroll = 0;
        }
        // Never past the last study (the view also keeps the list's end at
        // the bottom of its room).
        Action::DetailDown => {
            let len = cursor_cell(view).len();
            view.list_scroll = (view.list_scroll + 3).min(len.saturating_sub(1));
        }
        Action::DetailUp => view.list_scroll = view.list_scroll.saturating_sub(3),
        Action::Click(x, y) => click(app, x, y),
        Action::Accept => show_cell(app),
        Action::Close | Action::Cancel => close_map(app),
        Action::Help => open_pager(app, PagerKind::Help(Mode::Map)),
        _ => {}
    }
    if let Screen::Map(view) = &mut app.screen {
        keep_cell(view);
    }
}

/// A click on a cell puts the cursor there; on a row label or a heading,
/// on that row or column.
fn click(app: &mut App, x: u16, y: u16) {
    let Some(areas) = layout::screen_of(app.size) else {
        return;
    };
    let Screen::Map(view) = &app.screen else {
        return;
    };
    let Some(m) = &view.map else {
        return;
    };
    let review = app.session.review();
    let dims = Dim::all(review);
    let (Some(rd), Some(cd)) = (dims.get(view.rows), dims.get(view.cols)) else {
        return;
    };
    let names = (dim_label(review, rd), dim_label(review, cd));
    let g = layout::map_geometry(
        app,
        m,
        areas.body,
        (view.row, view.col),
        (&names.0, &names.1),
    );
    let last_row = m.rows.len();
    let Some((row, col)) = g.cell_at(x, y) else {
        return;
    };
    if let Screen::Map(view) = &mut app.screen {
        if let Some(r) = row {
            view.row = r.min(last_row);
        }
        if let Some(c) = col {
            view.col = c;
        }
        view.list_scroll = 0;
    }
}

/// Back to the table, keeping the choices for the next visit.
fn close_map(app: &mut App) {
    app.overlays.clear();
    if let Screen::Map(mut shown) = std::mem::replace(&mut app.screen, Screen::Table) {
        shown.map = None;
        app.last_map = shown;
    }
}

/// Back to the table, filtered to exactly the studies of the cell under
/// the cursor.
fn show_cell(app: &mut App) {
    let Screen::Map(view) = &app.screen else {
        return;
    };
    let Some(m) = &view.map else {
        return;
    };
    let ids = cursor_cell(view).into_owned();
    if ids.is_empty() {
        info(app, "no studies in this cell");
        return;
    }
    let dims = Dim::all(app.session.review());
    let (Some(rd), Some(cd)) = (dims.get(view.rows), dims.get(view.cols)) else {
        return;
    };
    let set = StudySet::map_cell(
        &axis_name(&m.rows, view.row, rd),
        &axis_name(&m.cols, view.col, cd),
        ids.iter().cloned(),
    );
    close_map(app);
    app.filter.studies = Some(set);
    app.selected = 0;
    invalidate(app);
    refresh(app, None);
}
