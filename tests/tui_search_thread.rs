//! The search box with searches on their own thread (as the interface runs
//! them): the screens must be the ones the synchronous search draws, stale
//! answers must never reach the table, and leaving the search drops any
//! answer still on its way.

mod tui_support;

use std::time::{Duration, Instant};

use litrev::tui::App;
use litrev::tui::update::search_answers;
use tui_support::*;

const W: u16 = 120;
const H: u16 = 35;

/// Applies answers until none is pending (the last request's answer is
/// always sent, so this ends unless the thread is gone).
fn settle(app: &mut App) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.searching() {
        assert!(
            Instant::now() < deadline,
            "the search thread did not answer"
        );
        app.wait_for_search(Duration::from_millis(200));
    }
}

/// Every search on the thread (the example is far below the size where
/// the interface starts using it).
fn background(dir: &std::path::Path) -> App {
    let mut app = open(dir, W, H);
    app.search_in_background_above(0);
    app
}

#[test]
fn a_small_review_is_searched_at_once_even_with_the_thread() {
    let dir = example_copy();
    let mut sync = open(dir.path(), W, H);
    let mut app = open(dir.path(), W, H);
    app.search_in_background();
    for a in [&mut sync, &mut app] {
        keys(a, "/");
        type_text(a, "allianc");
    }
    assert!(!app.searching());
    assert_eq!(screen(&app, W, H), screen(&sync, W, H));
}

#[test]
fn each_keystroke_answered_draws_what_the_synchronous_search_draws() {
    let dir = example_copy();
    let mut sync = open(dir.path(), W, H);
    let mut bg = background(dir.path());
    keys(&mut sync, "/");
    keys(&mut bg, "/");
    for c in "allianc".chars() {
        type_text(&mut sync, &c.to_string());
        type_text(&mut bg, &c.to_string());
        settle(&mut bg);
        assert_eq!(screen(&bg, W, H), screen(&sync, W, H), "after typing {c:?}");
    }
    for _ in 0..4 {
        keys(&mut sync, "backspace");
        keys(&mut bg, "backspace");
        settle(&mut bg);
        assert_eq!(screen(&bg, W, H), screen(&sync, W, H), "after backspace");
    }
    // The table's rows, not just the screen's first page.
    assert_eq!(bg.visible_ids(), sync.visible_ids());
}

#[test]
fn typing_ahead_of_the_thread_ends_on_the_last_query() {
    let dir = example_copy();
    let mut sync = open(dir.path(), W, H);
    let mut bg = background(dir.path());
    for app in [&mut sync, &mut bg] {
        keys(app, "/");
        type_text(app, "alliaxc");
        keys(app, "backspace backspace");
        type_text(app, "nce");
    }
    settle(&mut bg);
    search_answers(&mut bg);
    assert_eq!(bg.query(), "alliance");
    assert!(!bg.visible_ids().is_empty());
    assert_eq!(bg.visible_ids(), sync.visible_ids());
    assert_eq!(screen(&bg, W, H), screen(&sync, W, H));
}

#[test]
fn cancelling_the_search_drops_the_answer_on_its_way() {
    let dir = example_copy();
    let fresh = screen(&open(dir.path(), W, H), W, H);
    let mut bg = background(dir.path());
    keys(&mut bg, "/");
    type_text(&mut bg, "allianc");
    keys(&mut bg, "esc");
    assert!(!bg.searching());
    // Whether or not the thread has answered by now, nothing it sends may
    // change the table.
    bg.wait_for_search(Duration::from_secs(5));
    search_answers(&mut bg);
    assert_eq!(bg.query(), "");
    assert_eq!(screen(&bg, W, H), fresh);
}

#[test]
fn a_sorted_table_is_sorted_when_the_answer_arrives() {
    let dir = example_copy();
    let mut sync = open(dir.path(), W, H);
    let mut bg = background(dir.path());
    for app in [&mut sync, &mut bg] {
        keys(app, "s");
        keys(app, "y");
    }
    assert_eq!(screen(&bg, W, H), screen(&sync, W, H));
    for app in [&mut sync, &mut bg] {
        keys(app, "/");
        type_text(app, "a");
    }
    settle(&mut bg);
    assert_eq!(bg.visible_ids(), sync.visible_ids());
    assert_eq!(screen(&bg, W, H), screen(&sync, W, H));
}
