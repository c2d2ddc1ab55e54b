//! Appraisal in the terminal interface: a disputed study in the table,
//! picked with the filter like any judgement.

mod tui_support;

use insta::assert_snapshot;
use tui_support::*;

#[test]
fn a_disputed_study_shows_and_filters_as_disputed() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "f");
    let mut found = false;
    for _ in 0..200 {
        let s = screen(&app, 120, 35);
        let cursor = s
            .lines()
            .find_map(|l| l.split_once('▸').map(|(_, r)| r.to_string()));
        if cursor.is_some_and(|r| r.contains("RoB 2: disputed")) {
            found = true;
            break;
        }
        keys(&mut app, "j");
    }
    assert!(found, "the filter offers \"RoB 2: disputed\"");
    keys(&mut app, "space enter");
    let s = screen(&app, 120, 35);
    assert!(s.contains("RoB 2: disputed"), "{s}");
    assert_snapshot!(s);
}

#[test]
fn the_grid_shows_one_instrument_with_symbols_and_summary_bars() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    // The first study is a systematic review: the grid opens on AMSTAR 2;
    // Tab goes on to the next instrument the review uses.
    keys(&mut app, "v");
    let s = screen(&app, 120, 35);
    assert!(
        s.contains("A MeaSurement Tool to Assess systematic Reviews"),
        "{s}"
    );
    keys(&mut app, "tab tab tab tab tab tab");
    let s = screen(&app, 120, 35);
    assert!(s.contains("Cochrane risk-of-bias tool"), "{s}");
    assert_snapshot!("grid_rob2", s);
    // Enter opens the study under the cursor in the table.
    keys(&mut app, "j enter");
    let s = screen(&app, 120, 35);
    assert!(s.contains("wong-2016 · studies/wong-2016.toml"), "{s}");
}
