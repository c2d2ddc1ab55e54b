//! The recovery file from the interface's side, with no terminal: what a
//! signal keeps (a waiting conflict, a save put off, an open add form), and
//! the offer on the next start (restore as unsaved changes that the next
//! save writes only over the text they began from).

mod tui_support;

use litrev::store::recovery;
use litrev::tui::App;
use litrev::tui::app::Dialog;
use litrev::tui::recover::{keep_unsaved, offer, unsaved_work};
use tui_support::*;

fn selected(app: &App) -> String {
    app.selected_study()
        .map(|s| s.id.clone())
        .unwrap_or_default()
}

/// Reopens the review and answers the recovery offer with `answer`.
fn reopen(dir: &std::path::Path, answer: &str) -> App {
    let mut app = open(dir, 120, 35);
    offer(&mut app);
    assert!(
        matches!(app.dialog(), Some(Dialog::Recover(_))),
        "{:?}",
        app.message()
    );
    let shown = screen(&app, 120, 35);
    assert!(shown.contains("Unsaved edits"), "{shown}");
    keys(&mut app, answer);
    app
}

#[test]
fn nothing_unsaved_writes_no_recovery_file() {
    let dir = example_copy();
    let app = open(dir.path(), 120, 35);
    assert!(unsaved_work(&app).is_empty());
    assert!(keep_unsaved(&app, "SIGTERM").is_none());
    assert!(!recovery::path(dir.path()).exists());
    let mut app = open(dir.path(), 120, 35);
    offer(&mut app);
    assert!(app.dialog().is_none());
}

#[test]
fn a_waiting_conflict_is_kept_and_restoring_it_asks_again() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    let original = study_file(dir.path(), &id).unwrap();
    let theirs = original.replace("year = 2020", "year = 2019");
    std::fs::write(study_path(dir.path(), &id), &theirs).unwrap();
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "Mine");
    keys(&mut app, "ctrl-s");
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));

    let work = unsaved_work(&app);
    assert_eq!(work.len(), 1, "{work:?}");
    assert_eq!(
        (work[0].id.as_str(), work[0].from.as_str()),
        (id.as_str(), "conflict")
    );
    assert_eq!(work[0].base.as_deref(), Some(original.as_str()));
    assert!(work[0].text.contains("title = \"Mine\""));
    keep_unsaved(&app, "SIGTERM").unwrap().unwrap();

    let mut app = reopen(dir.path(), "y");
    assert_eq!(app.study(&id).unwrap().title, "Mine", "shown as left");
    assert_eq!(
        study_file(dir.path(), &id).unwrap(),
        theirs,
        "not written yet"
    );
    assert!(!recovery::path(dir.path()).exists());
    // Saving asks: the file is theirs now, not the text the edit began from.
    keys(&mut app, "ctrl-s");
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
    assert_eq!(study_file(dir.path(), &id).unwrap(), theirs);
}

#[test]
fn a_save_put_off_and_an_add_form_are_kept_and_restored() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    let original = study_file(dir.path(), &id).unwrap();
    // A conflict left for later, reverted on disk: the save is put off.
    std::fs::write(
        study_path(dir.path(), &id),
        original.replace("year = 2020", "year = 2019"),
    )
    .unwrap();
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "Put off");
    keys(&mut app, "ctrl-s esc");
    assert!(app.dialog().is_none());
    std::fs::write(study_path(dir.path(), &id), &original).unwrap();
    // A new study typed into the add form, not saved.
    keys(&mut app, "a");
    type_text(&mut app, "A study typed before the signal");
    let work = unsaved_work(&app);
    let froms: Vec<&str> = work.iter().map(|w| w.from.as_str()).collect();
    assert_eq!(froms, ["unsaved", "form"], "{work:?}");
    let new_id = work[1].id.clone();
    assert!(!new_id.is_empty());
    assert_eq!(work[1].base, None);
    keep_unsaved(&app, "SIGHUP").unwrap().unwrap();

    let mut app = reopen(dir.path(), "y");
    assert!(
        app.message()
            .map(|m| m.text.clone())
            .unwrap_or_default()
            .contains("restored 2 unsaved studies")
    );
    keys(&mut app, "ctrl-s");
    assert!(app.dialog().is_none(), "{:?}", app.message());
    let saved = study_file(dir.path(), &id).unwrap();
    assert_eq!(
        saved,
        original.replacen(
            original
                .lines()
                .find(|l| l.starts_with("title = "))
                .unwrap(),
            "title = \"Put off\"",
            1
        )
    );
    let added = study_file(dir.path(), &new_id).unwrap();
    assert!(added.contains("A study typed before the signal"), "{added}");
}

#[test]
fn discard_removes_the_file_and_later_keeps_it() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "a");
    type_text(&mut app, "Typed");
    keep_unsaved(&app, "SIGTERM").unwrap().unwrap();
    let files = std::fs::read_dir(dir.path().join("studies"))
        .unwrap()
        .count();

    let app = reopen(dir.path(), "esc");
    assert!(app.dialog().is_none());
    assert!(recovery::path(dir.path()).exists());
    let app = reopen(dir.path(), "d");
    assert!(app.dialog().is_none());
    assert!(!recovery::path(dir.path()).exists());
    assert_eq!(
        std::fs::read_dir(dir.path().join("studies"))
            .unwrap()
            .count(),
        files
    );
}

#[test]
fn an_unreadable_recovery_file_is_reported_and_left_alone() {
    let dir = example_copy();
    std::fs::write(recovery::path(dir.path()), "version = 1\nsignal = [\n").unwrap();
    let mut app = open(dir.path(), 120, 35);
    offer(&mut app);
    assert!(app.dialog().is_none());
    let m = app.message().map(|m| m.text.clone()).unwrap_or_default();
    assert!(m.contains(".litrev-recovery.toml:2:"), "{m}");
    assert!(recovery::path(dir.path()).exists());
}

#[test]
fn check_warns_while_a_recovery_file_waits() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "a");
    type_text(&mut app, "Typed");
    keep_unsaved(&app, "SIGTERM").unwrap().unwrap();
    let out = assert_cmd::cargo::cargo_bin_cmd!("litrev")
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(".litrev-recovery.toml:1:1: warning: unsaved edits to 1 study kept when litrev was stopped (SIGTERM)"),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(0), "a warning only");
}

#[test]
fn the_recovery_offer_on_screen() {
    let dir = small_review(&[(
        "smith-2019",
        "id = \"smith-2019\"\ntitle = \"A plain title\"\nyear = 2019\ndesign = \"rct\"\n",
    )]);
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "Typed before the signal");
    keep_unsaved(&app, "SIGHUP").unwrap().unwrap();
    let app = reopen(dir.path(), "");
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn a_value_typed_wrong_keeps_the_old_one_and_is_shown_on_restore() {
    let dir = small_review(&[(
        "smith-2019",
        "id = \"smith-2019\"\ntitle = \"A plain title\"\nyear = 2019\ndesign = \"rct\"\n",
    )]);
    let mut app = open(dir.path(), 100, 24);
    // Title, then the year (two fields on: authors, year).
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "New title");
    keys(&mut app, "tab tab ctrl-u");
    type_text(&mut app, "20");
    let work = unsaved_work(&app);
    assert_eq!(work.len(), 1, "{work:?}");
    assert!(work[0].text.contains("year = 2019"), "{}", work[0].text);
    assert!(work[0].text.contains("title = \"New title\""));
    assert_eq!(
        work[0].typed.get("Year").map(String::as_str),
        Some("20"),
        "{work:?}"
    );
    keep_unsaved(&app, "SIGTERM").unwrap().unwrap();
    let app = reopen(dir.path(), "y");
    let m = app.message().map(|m| m.text.clone()).unwrap_or_default();
    assert!(
        m.contains("not valid, so not restored: smith-2019 Year \"20\""),
        "{m}"
    );
    assert_eq!(app.study("smith-2019").unwrap().year, Some(2019));
    assert_eq!(app.study("smith-2019").unwrap().title, "New title");
}
