//! A session keeps no study's text in memory, only a fingerprint of it
//! (length and hash): files changed behind its back, including same-size
//! edits, must still be caught as conflicts, and nothing on disk may be
//! written over.

mod common;

use std::fs;

use common::Fixture;
use litrev::model::Study;
use litrev::session::{Outcome, Session};
use litrev::store;

const REVIEW: &str = "format = 1\ntitle = \"T\"\n\n[[designs]]\nkey = \"rct\"\nlabel = \"RCTs\"\n";

fn fixture(ids: &[&str]) -> Fixture {
    let f = Fixture::new(REVIEW);
    for (i, id) in ids.iter().enumerate() {
        f.write_study(
            id,
            &format!(
                "id = \"{id}\"  # a comment\ntitle = \"Title {i}\"\nauthors = [\"Smith, Anna\"]\nyear = {}\ndesign = \"rct\"\n",
                2010 + i
            ),
        );
    }
    f
}

fn read(f: &Fixture, id: &str) -> Option<String> {
    fs::read_to_string(f.study_path(id)).ok()
}

fn edited(s: &Session, id: &str, title: &str) -> Study {
    let mut study = s.entry(id).expect("loaded").study.clone();
    study.title = title.to_string();
    study
}

/// Their edit: the same number of bytes, so only the content tells.
fn same_size_edit(f: &Fixture, id: &str) -> String {
    let mine = read(f, id).unwrap();
    let theirs = mine.replace("Title 0", "Title X");
    assert_eq!(theirs.len(), mine.len());
    assert_ne!(theirs, mine);
    fs::write(f.study_path(id), &theirs).unwrap();
    theirs
}

#[test]
fn an_open_session_holds_fingerprints_not_texts() {
    let f = fixture(&["a-2010", "b-2011"]);
    let s = Session::open(f.root()).unwrap();
    for e in s.entries() {
        assert!(e.on_disk(), "{}", e.study.id);
        assert_eq!(e.held(), None, "{}: text kept in memory", e.study.id);
    }
    // The text is read back from the file, exactly.
    assert_eq!(s.base_text("a-2010"), read(&f, "a-2010"));
    // `store::load` still keeps them (lint and the library's callers).
    let l = store::load(f.root()).unwrap();
    assert_eq!(l.studies[0].held(), read(&f, "a-2010").as_deref());
}

#[test]
fn a_same_size_edit_behind_the_session_is_a_conflict_and_keep_mine_can_be_undone() {
    let f = fixture(&["a-2010"]);
    let mut s = Session::open(f.root()).unwrap();
    let theirs = same_size_edit(&f, "a-2010");
    assert_eq!(
        s.base_text("a-2010"),
        None,
        "the file no longer holds what we read"
    );
    let b = s.edit(edited(&s, "a-2010", "Mine")).unwrap();
    let batch = match s.apply(b) {
        Outcome::Conflict { id, disk, batch } => {
            assert_eq!(id, "a-2010");
            assert_eq!(disk.as_deref(), Some(theirs.as_str()));
            batch
        }
        other => panic!("expected a conflict, got {other:?}"),
    };
    assert_eq!(read(&f, "a-2010").as_deref(), Some(theirs.as_str()));
    assert_eq!(s.history_len(), (0, 0));
    // "Keep mine" writes over theirs, keeping their layout; undo brings
    // theirs back byte for byte.
    assert!(matches!(s.keep_mine(*batch), Outcome::Done { .. }));
    let mine = read(&f, "a-2010").unwrap();
    assert!(mine.contains("title = \"Mine\"") && mine.contains("# a comment"));
    assert!(matches!(s.undo().unwrap(), Outcome::Done { .. }));
    assert_eq!(read(&f, "a-2010").as_deref(), Some(theirs.as_str()));
}

#[test]
fn a_file_changed_and_changed_back_before_saving_saves_normally() {
    let f = fixture(&["a-2010"]);
    let original = read(&f, "a-2010").unwrap();
    let mut s = Session::open(f.root()).unwrap();
    same_size_edit(&f, "a-2010");
    let b = s.edit(edited(&s, "a-2010", "Mine")).unwrap();
    fs::write(f.study_path("a-2010"), &original).unwrap();
    assert!(matches!(s.apply(b), Outcome::Done { .. }));
    let mine = read(&f, "a-2010").unwrap();
    assert!(mine.contains("title = \"Mine\"") && mine.contains("# a comment"));
    assert!(matches!(s.undo().unwrap(), Outcome::Done { .. }));
    assert_eq!(read(&f, "a-2010"), Some(original));
}

#[test]
fn deleting_a_study_changed_behind_the_session_is_a_conflict() {
    let f = fixture(&["a-2010"]);
    let mut s = Session::open(f.root()).unwrap();
    let theirs = same_size_edit(&f, "a-2010");
    let b = s.delete("a-2010").unwrap();
    assert!(matches!(s.apply(b), Outcome::Conflict { .. }));
    assert_eq!(read(&f, "a-2010"), Some(theirs));
}

#[test]
fn a_study_deleted_behind_the_session_is_not_written_back_silently() {
    let f = fixture(&["a-2010"]);
    let mut s = Session::open(f.root()).unwrap();
    fs::remove_file(f.study_path("a-2010")).unwrap();
    let b = s.edit(edited(&s, "a-2010", "Mine")).unwrap();
    match s.apply(b) {
        Outcome::Conflict { disk, .. } => assert_eq!(disk, None),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(read(&f, "a-2010"), None);
}

#[test]
fn editing_by_hand_a_study_changed_behind_the_session_shows_the_file_and_asks() {
    let f = fixture(&["a-2010"]);
    let mut s = Session::open(f.root()).unwrap();
    let theirs = same_size_edit(&f, "a-2010");
    let (text, base) = s.editable("a-2010").unwrap();
    assert_eq!(text, theirs, "the editor opens what the file holds now");
    assert_eq!(base, None);
    let b = s.write_text("a-2010", text.replace("Title X", "Title Y"), base);
    assert!(matches!(s.apply(b), Outcome::Conflict { .. }));
    assert_eq!(read(&f, "a-2010"), Some(theirs));
}

#[test]
fn saved_studies_are_fingerprinted_again_after_a_reload() {
    let f = fixture(&["a-2010"]);
    let mut s = Session::open(f.root()).unwrap();
    let b = s.edit(edited(&s, "a-2010", "Mine")).unwrap();
    assert!(matches!(s.apply(b), Outcome::Done { .. }));
    s.reload().unwrap();
    assert_eq!(s.entry("a-2010").unwrap().held(), None);
    // A same-size edit after the save is caught too.
    let now = read(&f, "a-2010").unwrap();
    let theirs = now.replace("Mine", "Them");
    fs::write(f.study_path("a-2010"), &theirs).unwrap();
    let b = s.edit(edited(&s, "a-2010", "Again")).unwrap();
    assert!(matches!(s.apply(b), Outcome::Conflict { .. }));
    assert_eq!(read(&f, "a-2010"), Some(theirs));
}
