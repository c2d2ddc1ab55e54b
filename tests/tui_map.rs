//! The evidence map screen (`m`): the grid of counts of the studies shown,
//! the cell cursor, the dimensions, the cell's studies, and Enter filtering
//! the table to exactly the studies of a cell.

mod tui_support;

use insta::assert_snapshot;
use litrev::tui::{Action, update};
use tui_support::*;

/// The reference numbers of the studies in the table, ascending.
fn table_refs(app: &litrev::tui::App) -> Vec<u32> {
    let mut v: Vec<u32> = app
        .visible_ids()
        .iter()
        .filter_map(|id| app.study(id).and_then(|s| s.reference))
        .collect();
    v.sort_unstable();
    v
}

#[test]
fn map_design_by_tag_120x35() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "m");
    assert_snapshot!(screen(&app, 120, 35));
}

#[test]
fn map_design_by_tag_80x24() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "m");
    assert_snapshot!(screen(&app, 80, 24));
}

/// The clinician-confidence column holds refs 52 (Qual: physio), 68
/// (Cohort), 72 (Secondary RCT) and 105 (Commentary): on its totals cell
/// the list names each study's row.
#[test]
fn clinician_confidence_column_totals_120x35() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "m l l l l l l l G");
    let s = screen(&app, 120, 35);
    for (r, row) in [
        ("52", "Qual: physio"),
        ("68", "Cohort"),
        ("72", "Secondary RCT"),
        ("105", "Commentary"),
    ] {
        assert!(
            s.lines()
                .any(|l| l.trim_start().starts_with(&format!("{r}  {row} "))),
            "ref {r} in row {row}:\n{s}"
        );
    }
    assert_snapshot!(s);
}

/// At 80 columns the grid scrolls to keep the cursor's column in sight,
/// with the row labels and the headings in place.
#[test]
fn map_scrolls_sideways_80x24() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "m l l l l l l l j");
    let s = screen(&app, 80, 24);
    assert!(s.contains("clinician"), "{s}");
    assert!(
        s.contains("‹"),
        "the scrolled grid marks the hidden columns:\n{s}"
    );
    assert!(s.contains(" Qual: physio "), "row labels stay:\n{s}");
    assert_snapshot!(s);
}

/// Tab takes the next dimension for the rows (design groups); `]` the next
/// for the columns; `x` swaps them.
#[test]
fn map_after_tab_120x35() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "m tab");
    let s = screen(&app, 120, 35);
    assert!(s.contains("Rows: [design group]"), "{s}");
    assert_snapshot!(s);
    keys(&mut app, "]");
    let s = screen(&app, 120, 35);
    assert!(s.contains("Columns: [year]"), "{s}");
    keys(&mut app, "x");
    let s = screen(&app, 120, 35);
    assert!(
        s.contains("Rows: [year]") && s.contains("Columns: [design group]"),
        "{s}"
    );
    // Shift-Tab and [ go back; the rows never take the columns' dimension.
    keys(&mut app, "backtab [");
    let s = screen(&app, 120, 35);
    assert!(!s.contains("Rows: [year]   "), "{s}");
}

#[test]
fn enter_on_clinician_confidence_by_cohort_filters_the_table_and_c_clears_it() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    // Cohort is the sixth row (under the Qualitative group and its three
    // children, and the Quantitative group), clinician confidence the eighth
    // column.
    keys(&mut app, "m j j j j j l l l l l l l");
    let s = screen(&app, 120, 35);
    assert!(
        s.contains(" Cohort × clinician confidence · 1 study "),
        "{s}"
    );
    keys(&mut app, "enter");
    assert_eq!(app.base_mode(), litrev::tui::Mode::Normal);
    assert_eq!(table_refs(&app), [68]);
    let s = screen(&app, 120, 35);
    assert!(
        s.contains(
            "1 of 75 shown · filter: map cell: quantitative/cohort × clinician confidence (1)"
        ),
        "{s}"
    );
    // The filter picker shows it, and toggling it off shows every study.
    keys(&mut app, "f");
    let s = screen(&app, 120, 35);
    assert!(
        s.contains("[x] map cell: quantitative/cohort × clinician"),
        "{s}"
    );
    keys(&mut app, "esc c");
    assert_eq!(app.visible_ids().len(), 75);
    assert!(app.filter().is_empty());

    // A totals cell: every study of the column. The map opens on the cell
    // it was left on (Cohort × clinician confidence); G goes to the totals.
    keys(&mut app, "m");
    assert!(screen(&app, 120, 35).contains(" Cohort × clinician confidence · 1 study "));
    keys(&mut app, "G enter");
    assert_eq!(table_refs(&app), [52, 68, 72, 105]);
    let s = screen(&app, 120, 35);
    assert!(
        s.contains("filter: map cell: any design × clinician confidence (4)"),
        "{s}"
    );
    keys(&mut app, "c");
    assert_eq!(app.visible_ids().len(), 75);
}

/// The map counts what the table shows: opened with a filter on, its
/// totals are the filtered studies, and Enter keeps that filter.
#[test]
fn the_map_follows_the_filters_in_force() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    // Filter to the cohort studies with the picker.
    keys(&mut app, "f");
    let rows = screen(&app, 120, 35);
    let cohort = rows
        .lines()
        .skip_while(|l| !l.contains("Design"))
        .position(|l| l.contains("Cohort"))
        .expect("a Cohort row in the picker");
    for _ in 1..cohort {
        keys(&mut app, "j");
    }
    keys(&mut app, "space enter");
    let n = app.visible_ids().len();
    assert!(n > 0 && n < 75, "{n}");
    keys(&mut app, "m");
    let s = screen(&app, 120, 35);
    assert!(s.contains(&format!("{n} of 75 shown")), "{s}");
    assert!(!s.contains("Qual: patient"), "{s}");
    let total = s
        .lines()
        .find(|l| l.trim_start().starts_with("Total"))
        .expect("a totals row");
    assert!(total.trim_end().ends_with(&format!(" {n}")), "{total}");
    // Columns are ordered by the filtered counts: treatment outcomes (11),
    // then trust (3). Enter on the "trust" cell: both filters hold.
    let before = app.filter().designs.clone();
    keys(&mut app, "l enter");
    assert_eq!(app.filter().designs, before);
    assert_eq!(table_refs(&app), [63, 69, 71]);
    // The first cell of the cohort row holds refs 22 and 62 to 71.
    // The picker and the map open where they were left.
    keys(&mut app, "c f space enter m h enter");
    let mut want = vec![22];
    want.extend(62..=71);
    assert_eq!(table_refs(&app), want);
}

/// An empty cell says so, and Enter on it keeps the map open.
#[test]
fn enter_on_an_empty_cell_stays_on_the_map() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    // Qual: physio (under Qualitative and Qual: patient) × treatment
    // outcomes.
    keys(&mut app, "m j j");
    let s = screen(&app, 120, 35);
    assert!(s.contains("no studies in this cell"), "{s}");
    keys(&mut app, "enter");
    assert_eq!(app.base_mode(), litrev::tui::Mode::Map);
    assert!(app.filter().is_empty());
    // Esc goes back with nothing filtered; m opens the same map again.
    keys(&mut app, "tab esc");
    assert_eq!(app.base_mode(), litrev::tui::Mode::Normal);
    keys(&mut app, "m");
    assert!(screen(&app, 120, 35).contains("Rows: [design group]"));
}

#[test]
fn a_tiny_terminal_does_not_panic() {
    let dir = example_copy();
    let mut app = open(dir.path(), 20, 6);
    keys(&mut app, "m l j");
    for (w, h) in [(20, 6), (1, 1), (50, 12), (51, 13), (60, 14)] {
        litrev::tui::update(&mut app, litrev::tui::Action::Resize(w, h));
        let s = screen(&app, w, h);
        assert!(!s.is_empty());
    }
    keys(&mut app, "G l l l l l l l l l l l l J J J");
    for (w, h) in [(50, 12), (20, 6), (120, 35)] {
        litrev::tui::update(&mut app, litrev::tui::Action::Resize(w, h));
        screen(&app, w, h);
    }
}

#[test]
fn help_lists_the_map_keys() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "m ?");
    let s = screen(&app, 120, 35);
    for want in [
        "Keys in map mode",
        "columns: the next category",
        "swap rows and columns",
        "move left",
    ] {
        assert!(s.contains(want), "{want}:\n{s}");
    }
    keys(&mut app, "esc esc ?");
    assert!(screen(&app, 120, 35).contains("evidence map"));
}

/// The cell under the cursor is shown selected, its row label and column
/// heading marked; the cell's list scrolls with J/K when it is longer than
/// the room below the grid.
#[test]
fn the_cursor_cell_is_marked_and_a_long_list_scrolls() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    // The corner: every study.
    keys(&mut app, "m G l l l l l l l l l");
    let buf = buffer(&app, 80, 24);
    let total_row = (0..24u16)
        .find(|&y| row_text(&buf, y).trim_start().starts_with("Total"))
        .expect("a totals row");
    let styled = styled_rows(&buf, total_row..total_row + 1, 0..80);
    assert!(styled.contains("[bg=DarkGray,bold]\"   75\""), "{styled}");
    assert!(styled.contains("[fg=Cyan,bold]\" Total"), "{styled}");
    let s = screen(&app, 80, 24);
    assert!(
        s.contains(" any design × any tag · 75 studies · 1–3 of 75, J scrolls "),
        "{s}"
    );
    assert!(s.contains("   21  Systematic review"), "{s}");
    keys(&mut app, "J");
    let s = screen(&app, 80, 24);
    assert!(s.contains("· 4–6 of 75"), "{s}");
    assert!(!s.contains("   21  Systematic review"), "{s}");
    // Past the end it stops at the last studies; K goes back.
    keys(
        &mut app,
        "J J J J J J J J J J J J J J J J J J J J J J J J J J J J J",
    );
    assert!(screen(&app, 80, 24).contains("· 73–75 of 75"));
    keys(&mut app, "K");
    assert!(screen(&app, 80, 24).contains("· 72–74 of 75"));
    // Moving the cursor starts the next cell's list from its top.
    keys(&mut app, "k");
    let s = screen(&app, 80, 24);
    assert!(s.contains("Narrative review × any tag · 1 study"), "{s}");
}

/// A click on a cell puts the cursor on it; on a row label, on that row;
/// on a heading, on that column.
#[test]
fn a_click_moves_the_cursor() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "m");
    let s = screen(&app, 120, 35);
    let lines: Vec<&str> = s.lines().collect();
    let y = lines
        .iter()
        // Indented under its group, Quantitative.
        .position(|l| l.starts_with("   Cohort "))
        .expect("a Cohort row") as u16;
    let heading = lines
        .iter()
        .position(|l| l.contains("clinician"))
        .expect("the headings");
    let x = lines[heading].find("clinician").expect("clinician") as u16 + 3;
    update(&mut app, Action::Click(x, y));
    assert!(
        screen(&app, 120, 35).contains(" Cohort × clinician confidence · 1 study "),
        "{}",
        screen(&app, 120, 35)
    );
    // On the row label: that row, the same column.
    update(&mut app, Action::Click(3, y + 1));
    assert!(screen(&app, 120, 35).contains(" Secondary RCT × clinician confidence · 1 study "));
    // On a heading: that column, the same row.
    let bio = lines[heading]
        .find("biopsychosocial")
        .expect("biopsychosocial") as u16;
    update(&mut app, Action::Click(bio, heading as u16));
    assert!(screen(&app, 120, 35).contains(" Secondary RCT × biopsychosocial approach · 1 study "));
    // Outside the grid: nothing moves.
    update(&mut app, Action::Click(3, 1));
    assert!(screen(&app, 120, 35).contains(" Secondary RCT × biopsychosocial approach "));
}
