//! The screening screen, driven by keys through `update` and drawn with
//! ratatui's test backend: one record at a time with its terms
//! highlighted, blind decisions, undo, the conflicts settled with one key,
//! the reason picker at full text, the list by state and the jump.

mod tui_support;

use std::path::Path;

use insta::assert_snapshot;
use litrev::screening::rank::ranker::Order;
use litrev::screening::{Screening, Stage};
use litrev::store;
use litrev::tui::{App, Keymap, update};
use tui_support::{buffer, keys, screen, styled_rows, type_text};

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/screening")
}

/// A review with the three fixture exports and the screening settings.
fn review() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("review.toml"),
        "format = 1\ntitle = \"Alliance in physiotherapy\"\n\n[screening]\nreviewers = [\"AB\", \"MU\"]\nreasons = [\"wrong population\", \"wrong outcome\", \"wrong design\"]\ninclude_terms = [\"alliance\", \"rapport\", \"low back pain\"]\nexclude_terms = [\"rat*\", \"neck pain\"]\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("studies")).unwrap();
    for (f, db) in [
        ("medline.nbib", "MEDLINE"),
        ("embase.ris", "Embase"),
        ("cinahl.csv", "CINAHL"),
    ] {
        litrev::screening::add::add(
            dir.path(),
            &fixtures().join(f),
            &litrev::screening::add::Request {
                database: db,
                date: "2026-11-02",
                query: None,
                register: false,
            },
        )
        .unwrap();
    }
    dir
}

/// The screening screen of `dir` as `who`, `w`×`h`, the records in file
/// order (`litrev screen --order file`).
fn open(dir: &Path, who: &str, w: u16, h: u16) -> App {
    let mut app = open_ranked(dir, who, w, h);
    litrev::tui::screening::update::set_order(&mut app, Order::File);
    app
}

/// The screening screen as `litrev screen` opens it: ranked by the model.
fn open_ranked(dir: &Path, who: &str, w: u16, h: u16) -> App {
    let mut app = App::new(store::load(dir).unwrap(), false, Keymap::defaults());
    update(&mut app, litrev::tui::Action::Resize(w, h));
    litrev::tui::screening::update::open(&mut app, Some(who), Stage::TitleAbstract, true);
    app
}

/// Waits for the decisions to reach the disk (the writer thread), by
/// closing the screen.
fn written(app: &mut App) {
    for _ in 0..3 {
        if !app.should_quit() {
            keys(app, "esc");
        }
    }
    assert!(app.should_quit(), "{:?}", app.message());
}

#[test]
fn one_record_at_a_time_80x24() {
    let dir = review();
    let app = open(dir.path(), "AB", 80, 24);
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn one_record_at_a_time_120x35_with_terms_highlighted() {
    let dir = review();
    let mut app = open(dir.path(), "AB", 120, 35);
    keys(&mut app, "j j j j");
    assert_snapshot!(screen(&app, 120, 35));
    let buf = buffer(&app, 120, 35);
    assert_snapshot!("rat_record_styles", styled_rows(&buf, 3..4, 0..60));
}

#[test]
fn a_decision_moves_on_is_written_and_undone() {
    let dir = review();
    let mut app = open(dir.path(), "AB", 120, 35);
    keys(&mut app, "i x");
    let shown = screen(&app, 120, 35);
    assert!(shown.contains("record 3 of 18"), "{shown}");
    assert!(
        shown.contains("2 of 18 screened · 1 included · 0 maybe"),
        "{shown}"
    );
    keys(&mut app, "u");
    let shown = screen(&app, 120, 35);
    assert!(shown.contains("record 2 of 18"), "{shown}");
    assert!(shown.contains("1 of 18 screened · 1 included"), "{shown}");
    written(&mut app);
    let file = std::fs::read_to_string(dir.path().join("screening/AB.tsv")).unwrap();
    assert_eq!(file.lines().count(), 2, "{file}");
    assert!(
        file.contains("doi:10.5555/lbp.2019.001\ttitle-abstract\tinclude\t"),
        "{file}"
    );
}

#[test]
fn blind_until_both_decided_and_conflicts_settled_with_one_key() {
    let dir = review();
    // MU excludes the first record.
    let mut mu = open(dir.path(), "MU", 120, 35);
    keys(&mut mu, "x");
    written(&mut mu);
    let mut ab = open(dir.path(), "AB", 120, 35);
    let before = screen(&ab, 120, 35);
    assert!(
        before.contains("Others: hidden until you decide"),
        "{before}"
    );
    assert!(!before.contains("MU exclude"), "{before}");
    keys(&mut ab, "i k");
    let after = screen(&ab, 120, 35);
    assert!(after.contains("Others: MU exclude  → conflict"), "{after}");
    keys(&mut ab, "C");
    assert_snapshot!("conflicts_view", screen(&ab, 120, 35));
    keys(&mut ab, "i");
    let settled = screen(&ab, 120, 35);
    assert!(
        settled.contains("Conflicts at title and abstract: 0 to settle"),
        "{settled}"
    );
    written(&mut ab);
    let consensus = std::fs::read_to_string(dir.path().join("screening/consensus.tsv")).unwrap();
    assert!(
        consensus.contains("doi:10.5555/lbp.2019.001\ttitle-abstract\tinclude\t\t\t"),
        "{consensus}"
    );
    assert!(consensus.trim_end().ends_with("\tAB"), "{consensus}");
}

#[test]
fn full_text_asks_for_a_reason_from_the_list() {
    let dir = review();
    for who in ["AB", "MU"] {
        let mut app = open(dir.path(), who, 120, 35);
        keys(&mut app, "i i");
        written(&mut app);
    }
    let mut app = open(dir.path(), "AB", 120, 35);
    keys(&mut app, "tab");
    let shown = screen(&app, 120, 35);
    assert!(shown.contains("full text · record 1 of 2"), "{shown}");
    keys(&mut app, "x");
    type_text(&mut app, "outc");
    assert_snapshot!("reason_picker", screen(&app, 120, 35));
    keys(&mut app, "enter");
    written(&mut app);
    let file = std::fs::read_to_string(dir.path().join("screening/AB.tsv")).unwrap();
    assert!(
        file.contains("\tfull-text\texclude\twrong outcome\t"),
        "{file}"
    );
}

#[test]
fn the_list_by_state_and_the_jump() {
    let dir = review();
    let mut app = open(dir.path(), "AB", 120, 35);
    keys(&mut app, "i i x L");
    let list = screen(&app, 120, 35);
    assert!(
        list.contains("Records at title and abstract: 18 (every state"),
        "{list}"
    );
    keys(&mut app, "tab tab");
    let pending = screen(&app, 120, 35);
    assert!(
        pending.contains("Records at title and abstract: 3 (pending"),
        "{pending}"
    );
    keys(&mut app, "esc /");
    type_text(&mut app, "cognitive");
    keys(&mut app, "enter");
    let shown = screen(&app, 120, 35);
    assert!(shown.contains("Cognitive functional therapy"), "{shown}");
    assert!(shown.contains("record 13 of 18"), "{shown}");
}

#[test]
fn the_possible_duplicates_are_settled_in_the_screen() {
    let dir = review();
    let mut app = open(dir.path(), "AB", 120, 35);
    keys(&mut app, "D");
    assert_snapshot!("duplicates_view", screen(&app, 120, 35));
    keys(&mut app, "j s");
    let after = screen(&app, 120, 35);
    assert!(after.contains("Possible duplicates: 1"), "{after}");
    let s = Screening::open(dir.path()).unwrap();
    assert_eq!(s.records.len(), 17);
}

#[test]
fn included_records_become_studies_in_one_change_the_table_undoes() {
    let dir = review();
    for step in ["i i", "tab i i"] {
        for who in ["AB", "MU"] {
            let mut app = open(dir.path(), who, 120, 35);
            keys(&mut app, step);
            written(&mut app);
        }
    }
    let mut app = App::new(store::load(dir.path()).unwrap(), false, Keymap::defaults());
    update(&mut app, litrev::tui::Action::Resize(120, 35));
    litrev::tui::screening::update::open(&mut app, Some("AB"), Stage::FullText, false);
    keys(&mut app, "P");
    assert_eq!(
        app.message().map(|m| m.text.as_str()),
        Some("added 2 studies")
    );
    let studies = || {
        std::fs::read_dir(dir.path().join("studies"))
            .unwrap()
            .count()
    };
    assert_eq!(studies(), 2);
    let hall = std::fs::read_to_string(dir.path().join("studies/hall-2019.toml")).unwrap();
    assert!(
        hall.contains("record = \"doi:10.5555/lbp.2019.001\""),
        "{hall}"
    );
    keys(&mut app, "esc u");
    assert_eq!(studies(), 0, "{:?}", app.message());
}
