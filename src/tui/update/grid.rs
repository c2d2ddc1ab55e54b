//! The appraisal grid: switching instrument, moving, opening a study.

use crate::manuscript::appraisal::grid::{grid, instruments_used};
use crate::model::Study;

use super::super::action::Action;
use super::super::app::{App, Mode, PagerKind};
use super::super::screen::{GridView, Screen};
use super::{info, open_pager};

/// The studies shown in the table, in its order.
pub(crate) fn shown(app: &App) -> Vec<&Study> {
    // A study in a merge conflict is counted nowhere until resolved.
    app.view
        .iter()
        .map(|&i| &app.session.entries()[i].study)
        .filter(|s| !app.session.is_conflicted(&s.id))
        .collect()
}

/// Opens the grid on the selected study's instrument (else the first).
pub(super) fn open_grid(app: &mut App) {
    let studies = shown(app);
    let names = instruments_used(&studies);
    if names.is_empty() {
        info(app, "no study shown is appraised: nothing for the grid");
        return;
    }
    let mine = app
        .selected_study()
        .and_then(|s| s.appraisals.first())
        .and_then(|a| names.iter().position(|n| *n == a.instrument))
        .unwrap_or(0);
    app.overlays.clear();
    app.screen = Screen::Grid(GridView {
        instrument: mine,
        cursor: 0,
        col: 0,
    });
}

/// The study index (into `view`) of each grid row, for the instrument shown.
pub(super) fn row_positions(app: &App, instrument: usize) -> Vec<usize> {
    let studies = shown(app);
    let names = instruments_used(&studies);
    let reg = app.instruments();
    let Some(inst) = names.get(instrument).and_then(|n| reg.get(n)) else {
        return Vec::new();
    };
    grid(reg, inst, &studies)
        .rows
        .iter()
        .map(|r| r.study)
        .collect()
}

/// The unit (instrument, category, outcome) of each grid row.
pub(super) fn row_units(app: &App, instrument: usize) -> Vec<crate::appraisal::Unit> {
    let studies = shown(app);
    let names = instruments_used(&studies);
    let reg = app.instruments();
    let Some(inst) = names.get(instrument).and_then(|n| reg.get(n)) else {
        return Vec::new();
    };
    grid(reg, inst, &studies)
        .rows
        .into_iter()
        .map(|r| r.unit)
        .collect()
}

pub(super) fn grid_mode(app: &mut App, action: Action) {
    let n = instruments_used(&shown(app)).len().max(1);
    let Screen::Grid(g) = &app.screen else {
        return;
    };
    let (instrument, cursor) = (g.instrument, g.cursor);
    let rows = row_positions(app, instrument);
    let set = |app: &mut App, instrument: usize, cursor: usize| {
        if let Screen::Grid(g) = &mut app.screen {
            if g.instrument != instrument {
                g.col = 0;
            }
            g.instrument = instrument;
            g.cursor = cursor;
        }
    };
    let items = {
        let studies = shown(app);
        let names = instruments_used(&studies);
        let reg = app.instruments();
        names
            .get(instrument)
            .and_then(|n| reg.get(n))
            .map_or(0, |inst| grid(reg, inst, &studies).items.len())
    };
    match action {
        // Sideways, one item column at a time (the view keeps the last
        // columns in sight).
        Action::Right => {
            if let Screen::Grid(g) = &mut app.screen {
                g.col = (g.col + 1).min(items.saturating_sub(1));
            }
        }
        Action::Left => {
            if let Screen::Grid(g) = &mut app.screen {
                g.col = g.col.saturating_sub(1);
            }
        }
        Action::NextInstrument => set(app, (instrument + 1) % n, 0),
        Action::PrevInstrument => set(app, (instrument + n - 1) % n, 0),
        Action::Down | Action::Scroll(1..) => set(
            app,
            instrument,
            (cursor + 1).min(rows.len().saturating_sub(1)),
        ),
        Action::Up | Action::Scroll(..=-1) => set(app, instrument, cursor.saturating_sub(1)),
        Action::Accept => {
            if let Some(&pos) = rows.get(cursor) {
                app.selected = pos;
                app.detail_scroll = 0;
            }
            app.screen = Screen::Table;
        }
        Action::Close | Action::Cancel => app.screen = Screen::Table,
        Action::Appraise => super::appraise::open_appraise(app),
        Action::Reconcile => super::appraise::open_reconcile(app),
        Action::Help => open_pager(app, PagerKind::Help(Mode::Grid)),
        _ => {}
    }
}
