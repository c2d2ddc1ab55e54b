//! The editing session in the library, against files on disk and with no
//! terminal: apply, undo, redo, retry, keep mine, reload theirs, and batches
//! of many studies saved all-or-nothing.

mod common;

use std::fs;

use common::Fixture;
use litrev::model::Study;
use litrev::session::{HistoryError, Outcome, Session};

const REVIEW: &str = "format = 1\ntitle = \"T\"\n\n[[designs]]\nkey = \"rct\"\nlabel = \"RCTs\"\n";

fn study_text(id: &str, title: &str, year: i32) -> String {
    format!(
        "id = \"{id}\"  # a comment\ntitle = \"{title}\"\nauthors = [\"Smith, Anna\"]\nyear = {year}\ndesign = \"rct\"\ncustom = \"kept\"\n"
    )
}

fn fixture(ids: &[&str]) -> Fixture {
    let f = Fixture::new(REVIEW);
    for (i, id) in ids.iter().enumerate() {
        f.write_study(id, &study_text(id, &format!("Title {i}"), 2010 + i as i32));
    }
    f
}

fn session(f: &Fixture) -> Session {
    Session::open(f.root()).expect("opens")
}

fn edited(s: &Session, id: &str, title: &str) -> Study {
    let mut study = s.entry(id).expect("loaded").study.clone();
    study.title = title.to_string();
    study
}

fn done(o: Outcome) -> Vec<String> {
    match o {
        Outcome::Done { ids, .. } => ids,
        other => panic!("expected done, got {other:?}"),
    }
}

fn read(f: &Fixture, id: &str) -> Option<String> {
    fs::read_to_string(f.study_path(id)).ok()
}

#[test]
fn apply_undo_redo_write_the_files_each_time() {
    let f = fixture(&["a-2010"]);
    let original = read(&f, "a-2010").unwrap();
    let mut s = session(&f);
    let b = s.edit(edited(&s, "a-2010", "Changed")).unwrap();
    assert_eq!(done(s.apply(b)), vec!["a-2010"]);
    let changed = read(&f, "a-2010").unwrap();
    assert!(changed.contains("title = \"Changed\"") && changed.contains("# a comment"));
    assert!(changed.contains("custom = \"kept\""));
    assert_eq!(s.history_len(), (1, 0));
    // The index follows.
    assert_eq!(s.index().search("changed").len(), 1);

    done(s.undo().unwrap());
    assert_eq!(read(&f, "a-2010").unwrap(), original, "byte for byte");
    assert_eq!(s.entry("a-2010").unwrap().study.title, "Title 0");
    assert_eq!(s.history_len(), (0, 1));
    assert_eq!(s.index().search("changed").len(), 0);

    done(s.redo().unwrap());
    assert_eq!(read(&f, "a-2010").unwrap(), changed);
    assert_eq!(s.history_len(), (1, 0));
    assert_eq!(s.redo().unwrap_err(), HistoryError::Empty);
}

#[test]
fn add_and_delete_are_undone_too() {
    let f = fixture(&["a-2010"]);
    let mut s = session(&f);
    let mut new = Study {
        id: "new-2020".into(),
        title: "New".into(),
        year: Some(2020),
        ..Study::default()
    };
    new.authors = vec!["Doe, Jo".into()];
    let b = s.add(vec![new]);
    done(s.apply(b));
    assert!(read(&f, "new-2020").is_some());
    let b = s.delete("a-2010").unwrap();
    let a_text = read(&f, "a-2010").unwrap();
    done(s.apply(b));
    assert!(read(&f, "a-2010").is_none());
    assert!(s.entry("a-2010").is_none());
    done(s.undo().unwrap());
    assert_eq!(read(&f, "a-2010").unwrap(), a_text);
    done(s.undo().unwrap());
    assert!(read(&f, "new-2020").is_none());
    assert!(s.entry("new-2020").is_none());
    assert_eq!(s.undo().unwrap_err(), HistoryError::Empty);
}

#[test]
fn a_batch_of_many_studies_is_one_step() {
    let f = fixture(&["a-2010", "b-2011", "c-2012"]);
    let before = f.snapshot();
    let mut s = session(&f);
    let mut b = s.edit(edited(&s, "a-2010", "A2")).unwrap();
    b.ops
        .extend(s.edit(edited(&s, "b-2011", "B2")).unwrap().ops);
    b.ops.extend(
        s.add(vec![Study {
            id: "d-2013".into(),
            title: "D".into(),
            ..Study::default()
        }])
        .ops,
    );
    assert_eq!(done(s.apply(b)).len(), 3);
    assert_eq!(s.history_len(), (1, 0), "one undoable step");
    done(s.undo().unwrap());
    assert_eq!(f.snapshot(), before, "one undo puts every file back");
    done(s.redo().unwrap());
    assert!(read(&f, "d-2013").is_some());
    assert!(read(&f, "b-2011").unwrap().contains("B2"));
}

#[test]
fn a_batch_with_one_conflict_writes_nothing() {
    let f = fixture(&["a-2010", "b-2011"]);
    let mut s = session(&f);
    let mut b = s.edit(edited(&s, "a-2010", "A2")).unwrap();
    b.ops
        .extend(s.edit(edited(&s, "b-2011", "B2")).unwrap().ops);
    let theirs = read(&f, "b-2011")
        .unwrap()
        .replace("year = 2011", "year = 1999");
    fs::write(f.study_path("b-2011"), &theirs).unwrap();
    let before = f.snapshot();
    match s.apply(b) {
        Outcome::Conflict { id, disk, .. } => {
            assert_eq!(id, "b-2011");
            assert_eq!(disk.as_deref(), Some(theirs.as_str()));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(f.snapshot(), before, "nothing written");
    assert_eq!(s.history_len(), (0, 0));
}

#[test]
fn a_batch_that_fails_midway_takes_back_what_it_wrote() {
    let f = fixture(&["a-2010"]);
    let mut s = session(&f);
    let mut b = s.edit(edited(&s, "a-2010", "A2")).unwrap();
    // A folder where the new study's file should go: its write fails after
    // a-2010 was written.
    fs::create_dir(f.study_path("z-2020")).unwrap();
    b.ops.extend(
        s.add(vec![Study {
            id: "z-2020".into(),
            title: "Z".into(),
            ..Study::default()
        }])
        .ops,
    );
    let original = read(&f, "a-2010").unwrap();
    let out = s.apply(b);
    assert!(
        matches!(out, Outcome::Failed { .. } | Outcome::Conflict { .. }),
        "{out:?}"
    );
    assert_eq!(read(&f, "a-2010").unwrap(), original, "taken back");
    assert_eq!(s.entry("a-2010").unwrap().study.title, "Title 0");
}

#[test]
fn undo_after_reloading_theirs_is_a_conflict_not_a_silent_revert() {
    let f = fixture(&["a-2010"]);
    let mut s = session(&f);
    let b = s.edit(edited(&s, "a-2010", "V1")).unwrap();
    done(s.apply(b));
    // A co-author changes the year.
    let theirs = read(&f, "a-2010")
        .unwrap()
        .replace("year = 2010", "year = 2016");
    fs::write(f.study_path("a-2010"), &theirs).unwrap();
    let b = s.edit(edited(&s, "a-2010", "V2")).unwrap();
    let Outcome::Conflict { batch, .. } = s.apply(b) else {
        panic!("expected a conflict");
    };
    s.reload_theirs(&batch).unwrap();
    assert_eq!(s.entry("a-2010").unwrap().study.year, Some(2016));
    // The V1 change is still on the stack, but the file no longer holds
    // what it left: undoing it must ask, not revert 2016.
    match s.undo().unwrap() {
        Outcome::Conflict { id, .. } => assert_eq!(id, "a-2010"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(read(&f, "a-2010").unwrap(), theirs, "2016 kept");
}

#[test]
fn second_undo_after_keep_mine_does_not_revert_theirs() {
    let f = fixture(&["a-2010"]);
    let mut s = session(&f);
    let b = s.edit(edited(&s, "a-2010", "V1")).unwrap();
    done(s.apply(b));
    let theirs = read(&f, "a-2010")
        .unwrap()
        .replace("year = 2010", "year = 2016");
    fs::write(f.study_path("a-2010"), &theirs).unwrap();
    let b = s.edit(edited(&s, "a-2010", "V2")).unwrap();
    let Outcome::Conflict { batch, .. } = s.apply(b) else {
        panic!("expected a conflict");
    };
    done(s.keep_mine(*batch));
    assert!(read(&f, "a-2010").unwrap().contains("V2"));
    // The first undo brings back what "keep mine" overwrote: theirs.
    done(s.undo().unwrap());
    assert_eq!(read(&f, "a-2010").unwrap(), theirs);
    // The second would write the pre-V1 text over theirs: it must ask.
    assert!(matches!(s.undo().unwrap(), Outcome::Conflict { .. }));
    assert_eq!(read(&f, "a-2010").unwrap(), theirs);
}

#[test]
fn redo_after_a_change_on_disk_is_a_conflict() {
    let f = fixture(&["a-2010"]);
    let mut s = session(&f);
    let b = s.edit(edited(&s, "a-2010", "V1")).unwrap();
    done(s.apply(b));
    done(s.undo().unwrap());
    let theirs = read(&f, "a-2010")
        .unwrap()
        .replace("year = 2010", "year = 2016");
    fs::write(f.study_path("a-2010"), &theirs).unwrap();
    assert!(matches!(s.redo().unwrap(), Outcome::Conflict { .. }));
    assert_eq!(read(&f, "a-2010").unwrap(), theirs);
}

#[test]
fn deferred_work_stays_in_memory_blocks_undo_and_retry_saves_it() {
    let f = fixture(&["a-2010"]);
    let mut s = session(&f);
    let b = s.edit(edited(&s, "a-2010", "First")).unwrap();
    done(s.apply(b));
    let first = read(&f, "a-2010").unwrap();
    let theirs = first.replace("year = 2010", "year = 2016");
    fs::write(f.study_path("a-2010"), &theirs).unwrap();
    let b = s.edit(edited(&s, "a-2010", "Second")).unwrap();
    let Outcome::Conflict { batch, .. } = s.apply(b) else {
        panic!("expected a conflict");
    };
    assert!(s.defer(*batch));
    assert_eq!(s.unsaved_count(), 1);
    assert_eq!(s.entry("a-2010").unwrap().study.title, "Second");
    assert_eq!(read(&f, "a-2010").unwrap(), theirs, "nothing written");
    assert_eq!(
        s.undo().unwrap_err(),
        HistoryError::Unsaved("a-2010".into())
    );
    // Still a conflict on retry; once the file holds our base again it goes.
    let outs = s.retry();
    assert!(matches!(outs.as_slice(), [Outcome::Conflict { .. }]));
    assert_eq!(s.unsaved_count(), 0, "handed back to the caller");
    let Some(Outcome::Conflict { batch, .. }) = outs.into_iter().next() else {
        unreachable!()
    };
    s.defer(*batch);
    fs::write(f.study_path("a-2010"), &first).unwrap();
    let outs = s.retry();
    assert!(matches!(outs.as_slice(), [Outcome::Done { .. }]));
    assert_eq!(s.unsaved_count(), 0);
    assert!(read(&f, "a-2010").unwrap().contains("Second"));
    // Undo goes back through Second, then First.
    done(s.undo().unwrap());
    assert_eq!(read(&f, "a-2010").unwrap(), first);
}

#[test]
fn a_failed_write_is_kept_and_retried() {
    let f = fixture(&[]);
    let mut s = session(&f);
    fs::create_dir(f.study_path("n-2020")).unwrap();
    let b = s.add(vec![Study {
        id: "n-2020".into(),
        title: "N".into(),
        ..Study::default()
    }]);
    let out = s.apply(b);
    let batch = match out {
        Outcome::Failed { batch, .. } | Outcome::Conflict { batch, .. } => batch,
        other => panic!("expected a failure, got {other:?}"),
    };
    assert!(s.defer(*batch));
    assert!(s.entry("n-2020").is_some(), "shown as the user left it");
    assert!(s.never_saved("n-2020"));
    fs::remove_dir(f.study_path("n-2020")).unwrap();
    let outs = s.retry();
    assert!(
        matches!(outs.as_slice(), [Outcome::Done { .. }]),
        "{outs:?}"
    );
    assert!(read(&f, "n-2020").is_some());
    assert!(!s.never_saved("n-2020"));
}

#[test]
fn reload_reads_the_disk_and_keeps_unsaved_work_on_top() {
    let f = fixture(&["a-2010", "b-2011"]);
    let mut s = session(&f);
    f.write_study("bad", "id = \n");
    let b = s.edit(edited(&s, "a-2010", "Mine")).unwrap();
    fs::write(
        f.study_path("a-2010"),
        read(&f, "a-2010")
            .unwrap()
            .replace("year = 2010", "year = 2016"),
    )
    .unwrap();
    let Outcome::Conflict { batch, .. } = s.apply(b) else {
        panic!("expected a conflict");
    };
    s.defer(*batch);
    fs::write(
        f.study_path("b-2011"),
        study_text("b-2011", "Fixed by hand", 2011),
    )
    .unwrap();
    s.reload().unwrap();
    assert_eq!(s.entry("b-2011").unwrap().study.title, "Fixed by hand");
    assert_eq!(s.entry("a-2010").unwrap().study.title, "Mine", "kept");
    assert_eq!(s.unsaved_count(), 1);
    assert_eq!(s.broken().len(), 1, "{:?} {:?}", s.broken(), s.problems());
    assert!(!s.problems().is_empty());
}

#[test]
fn a_delete_left_for_later_is_not_kept_and_its_undo_goes_back() {
    let f = fixture(&["a-2010"]);
    let mut s = session(&f);
    let b = s.delete("a-2010").unwrap();
    fs::write(f.study_path("a-2010"), study_text("a-2010", "Theirs", 2010)).unwrap();
    let Outcome::Conflict { batch, .. } = s.apply(b) else {
        panic!("expected a conflict");
    };
    assert!(!s.defer(*batch), "nothing to keep");
    assert_eq!(s.unsaved_count(), 0);
    assert!(s.entry("a-2010").is_some());
}

#[test]
fn two_savers_racing_on_one_study_never_both_succeed() {
    let f = fixture(&["a-2010"]);
    let base = read(&f, "a-2010").unwrap();
    let review = session(&f).review().clone();
    for round in 0..100 {
        fs::write(f.study_path("a-2010"), &base).unwrap();
        let barrier = std::sync::Barrier::new(2);
        let results: Vec<bool> = std::thread::scope(|sc| {
            let hs: Vec<_> = ["One", "Two"]
                .iter()
                .map(|who| {
                    let (root, review, base, barrier) = (f.root(), &review, &base, &barrier);
                    let text = base.replace("Title 0", who);
                    sc.spawn(move || {
                        barrier.wait();
                        litrev::store::save_study_text(root, review, "a-2010", &text, Some(base))
                            .is_ok()
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let ok = results.iter().filter(|b| **b).count();
        assert_eq!(ok, 1, "round {round}: exactly one save may succeed");
        let now = read(&f, "a-2010").unwrap();
        let winner = if results[0] { "One" } else { "Two" };
        assert!(
            now.contains(winner),
            "round {round}: the winner's text is on disk"
        );
    }
}

/// The child half of the two-process race below: does nothing unless the
/// parent set `LITREV_RACE` to "root|who|start" (start in Unix nanoseconds).
#[test]
fn race_child() {
    let Ok(spec) = std::env::var("LITREV_RACE") else {
        return;
    };
    let mut parts = spec.split('|');
    let (Some(root), Some(who), Some(start)) = (parts.next(), parts.next(), parts.next()) else {
        panic!("bad LITREV_RACE {spec}");
    };
    let start: u128 = start.parse().unwrap();
    let s = Session::open(std::path::Path::new(root)).unwrap();
    let base = s.base_text("a-2010").unwrap();
    let text = base.replace("Title 0", who);
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    };
    while now() < start {
        std::hint::spin_loop();
    }
    let ok =
        litrev::store::save_study_text(s.root(), s.review(), "a-2010", &text, Some(&base)).is_ok();
    println!("RACE-RESULT {}", if ok { "saved" } else { "refused" });
}

#[test]
fn two_processes_racing_on_one_study_never_lose_an_edit() {
    let f = fixture(&["a-2010"]);
    let base = read(&f, "a-2010").unwrap();
    let exe = std::env::current_exe().unwrap();
    for round in 0..15 {
        fs::write(f.study_path("a-2010"), &base).unwrap();
        let start = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
            + 300_000_000;
        let children: Vec<_> = ["One", "Two"]
            .iter()
            .map(|who| {
                let child = std::process::Command::new(&exe)
                    .args(["--exact", "race_child", "--nocapture", "--test-threads=1"])
                    .env(
                        "LITREV_RACE",
                        format!("{}|{who}|{start}", f.root().display()),
                    )
                    .stdout(std::process::Stdio::piped())
                    .spawn()
                    .unwrap();
                (*who, child)
            })
            .collect();
        let mut winners = Vec::new();
        for (who, child) in children {
            let out = child.wait_with_output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("RACE-RESULT"), "child ran: {text}");
            if text.contains("RACE-RESULT saved") {
                winners.push(who);
            }
        }
        assert_eq!(winners.len(), 1, "round {round}: {winners:?} both saved");
        assert!(
            read(&f, "a-2010").unwrap().contains(winners[0]),
            "round {round}"
        );
    }
}

#[test]
fn reconciling_a_disputed_study_is_one_undoable_change() {
    use litrev::appraisal::{Judgement, reconcile};
    use litrev::model::Answer;
    let f = Fixture::new(REVIEW);
    let rater = |who: &str, d2: &str| {
        format!(
            "\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"{who}\"\nanswers = {{ d1 = \"Low\", d2 = \"{d2}\", d3 = \"low\", d4 = \"low\", d5 = \"low\" }}\n"
        )
    };
    let text = study_text("a-2010", "T", 2010) + &rater("AB", "low") + &rater("CD", "High");
    fs::write(f.study_path("a-2010"), &text).unwrap();
    let mut s = session(&f);
    let study = s.entry("a-2010").unwrap().study.clone();
    let reg = s.review().instruments.clone();
    assert!(
        Judgement::of(&reg, &study.appraisals)
            .unwrap()
            .is_disputed()
    );
    let rob2 = reg.get("rob2").unwrap();
    let unit = study.appraisals[0].unit();
    let rows = reconcile::side_by_side(rob2, &unit, &study.appraisals);
    let differing: Vec<&str> = rows
        .iter()
        .filter(|r| r.differs)
        .map(|r| r.item.as_str())
        .collect();
    assert_eq!(differing, ["d2"], "\"Low\" and \"low\" are the same answer");
    let mut answers = reconcile::agreed(&rows);
    answers.push(("d2".into(), Answer::Text("some-concerns".into())));
    let mut settled = study.clone();
    settled.appraisals = reconcile::with_consensus(
        rob2,
        &unit,
        &study.appraisals,
        answers,
        None,
        Some("Agreed".into()),
    );
    let b = s.edit(settled).unwrap();
    assert_eq!(done(s.apply(b)), vec!["a-2010"]);
    let written = read(&f, "a-2010").unwrap();
    assert!(written.contains("reviewer = \"consensus\""), "{written}");
    // The reviewers' spellings are written canonically on this save.
    assert!(
        written.contains("d1 = \"low\"") && !written.contains("\"Low\""),
        "{written}"
    );
    let now = s.entry("a-2010").unwrap().study.clone();
    assert_eq!(
        Judgement::of(&reg, &now.appraisals)
            .map(|j| j.to_string())
            .as_deref(),
        Some("RoB 2: some concerns")
    );
    s.undo().expect("undone");
    assert_eq!(read(&f, "a-2010").unwrap(), text);
    assert!(
        Judgement::of(&reg, &s.entry("a-2010").unwrap().study.appraisals)
            .unwrap()
            .is_disputed()
    );
}

#[test]
fn an_import_sized_batch_that_fails_leaves_no_new_file_and_no_temporary_file() {
    let f = fixture(&["a-2010"]);
    let mut s = session(&f);
    let studies: Vec<Study> = (0..60)
        .map(|i| Study {
            id: format!("new-{i:02}"),
            title: format!("New {i}"),
            ..Study::default()
        })
        .collect();
    // Something in the way of the 40th file (a folder where it should go).
    fs::create_dir(f.study_path("new-40")).unwrap();
    fs::write(f.study_path("new-40").join("keep"), "x").unwrap();
    let before = f.snapshot();
    let out = s.apply(s.add(studies));
    assert!(
        matches!(&out, Outcome::Failed { .. } | Outcome::Conflict { .. }),
        "{out:?}"
    );
    assert_eq!(f.snapshot(), before, "not one of the 60 files was written");
    let hidden = fs::read_dir(f.root().join("studies"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('.')
        })
        .count();
    assert_eq!(hidden, 0, "no temporary file left");
    assert_eq!(s.history_len(), (0, 0));
    assert!(s.entry("new-00").is_none());
}

/// The index is kept in step with the list by pushing, removing and
/// reordering what changed (nothing is folded again): after every kind of
/// change, undo and redo, it searches exactly as an index built afresh from
/// the list.
#[test]
fn the_index_kept_in_step_searches_as_one_built_afresh() {
    use litrev::search::SearchIndex;
    let f = Fixture::new(REVIEW);
    for (i, id) in ["a-2010", "b-2011", "c-2012", "d-2013"].iter().enumerate() {
        // Refs out of the ids' order, one study without a ref.
        let r = if i == 3 {
            String::new()
        } else {
            format!("ref = {}\n", 9 - i)
        };
        f.write_study(
            id,
            &format!(
                "{}{r}",
                study_text(id, &format!("Alliance {i} Søderstrøm"), 2010 + i as i32)
            ),
        );
    }
    let mut s = session(&f);
    let same = |s: &Session, when: &str| {
        let fresh = SearchIndex::new(s.entries().iter().map(|e| &e.study));
        assert_eq!(s.index().len(), s.entries().len(), "{when}");
        for q in ["alliance", "soder", "new", "2", "smith", "zz", "alliance 3"] {
            let hits = |i: &SearchIndex| {
                i.search(q)
                    .iter()
                    .map(|h| (h.index, h.score))
                    .collect::<Vec<_>>()
            };
            assert_eq!(hits(s.index()), hits(&fresh), "{when}: {q:?}");
        }
    };
    same(&s, "opened");
    let new = |id: &str, r: Option<u32>, title: &str| Study {
        id: id.into(),
        reference: r,
        title: title.into(),
        year: Some(2020),
        authors: vec!["Doe, Jo".into()],
        ..Study::default()
    };
    // One study added in the middle of the order, then two at once.
    let b = s.add(vec![new("new-2020", Some(8), "New alliance")]);
    done(s.apply(b));
    same(&s, "added one");
    let b = s.add(vec![
        new("first-2021", Some(1), "New first"),
        new("last-2022", None, "New last"),
    ]);
    done(s.apply(b));
    same(&s, "added two");
    let b = s.edit(edited(&s, "c-2012", "Edited alliance")).unwrap();
    done(s.apply(b));
    same(&s, "edited");
    // A new ref puts the study in its place in the list (and the index).
    let mut moved = s.entry("c-2012").unwrap().study.clone();
    moved.reference = Some(100);
    let b = s.edit(moved).unwrap();
    done(s.apply(b));
    same(&s, "ref changed");
    let ids: Vec<&str> = s.entries().iter().map(|e| e.study.id.as_str()).collect();
    let with_ref = ids
        .iter()
        .take_while(|id| **id != "last-2022" && **id != "d-2013")
        .count();
    assert_eq!(
        ids[with_ref - 1],
        "c-2012",
        "last of the studies with a ref: {ids:?}"
    );
    let b = s.delete("b-2011").unwrap();
    done(s.apply(b));
    same(&s, "deleted");
    for step in 0..5 {
        done(s.undo().unwrap());
        same(&s, &format!("undo {step}"));
    }
    for step in 0..5 {
        done(s.redo().unwrap());
        same(&s, &format!("redo {step}"));
    }
    s.reload().unwrap();
    same(&s, "reloaded");
}
