//! Size limits that never lose a study: the loader reads study files of at
//! most 2 MiB, so no import, form or editor writes a larger one (before, an
//! import of a record with a 3 MiB field said "added 1 study" and an edit
//! could push a study past the limit; on the next open the study was
//! refused and dropped out of every list and tally).

mod common;
mod tui_support;

use std::path::Path;

use common::*;
use litrev::tui::app::Dialog;
use litrev::tui::{Action, Effect, Mode, update};
use tui_support::{keys, open, study_file, type_text};

const MIB: usize = 1024 * 1024;

/// Every study file of the review loads: nothing litrev wrote is refused.
fn all_load(root: &Path) {
    let loaded = litrev::store::load(root).unwrap();
    assert!(loaded.broken.is_empty(), "refused: {:?}", loaded.problems);
    for p in &loaded.problems {
        assert!(
            p.is_warning(),
            "{p}: a file litrev wrote is a problem on reading"
        );
    }
}

fn ris(title: &str, abstract_: &str, doi: &str) -> String {
    format!(
        "TY  - JOUR\nTI  - {title}\nAU  - Doe, J.\nPY  - 2020\nDO  - {doi}\nAB  - {abstract_}\nER  - \n\n"
    )
}

#[test]
fn an_import_refuses_a_record_too_large_for_a_study_file_and_says_where() {
    let fx = Fixture::new("format = 1\ntitle = \"T\"\n");
    let huge = "x".repeat(3 * MIB);
    let text = format!(
        "{}{}{}",
        ris("A record of normal size", "Short.", "10.1/a"),
        ris("A record with a huge abstract", &huge, "10.1/b"),
        ris("Another record of normal size", "Short.", "10.1/c"),
    );
    let file = fx.root().join("refs.ris");
    std::fs::write(&file, text).unwrap();
    let out = litrev()
        .arg("import")
        .arg(&file)
        .arg("--into")
        .arg(fx.root())
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("added 2 studies"), "{stdout}");
    assert!(
        stdout.contains("refs.ris:9:"),
        "the record's line: {stdout}"
    );
    assert!(stdout.contains("too large for a study file"), "{stdout}");
    assert!(stdout.contains("abstract"), "{stdout}");
    let studies: Vec<_> = std::fs::read_dir(fx.root().join("studies"))
        .unwrap()
        .collect();
    assert_eq!(studies.len(), 2);
    all_load(fx.root());
    litrev().arg("check").arg(fx.root()).assert().code(0);
}

/// A review with one study whose notes bring its file close to the limit.
fn study_near_the_limit() -> (tempfile::TempDir, String) {
    let notes = "n".repeat(2 * MIB - 300);
    let text = format!(
        "id = \"big-2020\"\ntitle = \"Near the limit\"\nauthors = [\"Doe, J\"]\nyear = 2020\nnotes = \"{notes}\"\n"
    );
    let dir = tui_support::small_review(&[("big-2020", &text)]);
    (dir, text)
}

#[test]
fn an_edit_that_would_take_a_study_past_the_limit_is_refused_and_the_form_stays() {
    let (dir, before) = study_near_the_limit();
    all_load(dir.path());
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "e");
    assert_eq!(app.mode(), Mode::Form);
    // The title is the first field: 400 more characters pass the limit.
    keys(&mut app, "end");
    type_text(&mut app, &" and more".repeat(45));
    keys(&mut app, "ctrl-s");
    assert_eq!(app.mode(), Mode::Form, "{:?}", app.message());
    let msg = app.form().unwrap().message.clone().unwrap_or_default();
    assert!(msg.contains("more than a study file may hold"), "{msg}");
    assert!(msg.contains("notes"), "{msg}");
    assert_eq!(study_file(dir.path(), "big-2020").unwrap(), before);
    all_load(dir.path());
}

#[test]
fn an_editor_result_past_the_limit_is_refused_and_kept_for_another_try() {
    let (dir, before) = study_near_the_limit();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "E");
    let Some(Effect::Editor { text, .. }) = app.take_effect() else {
        panic!("expected the editor effect");
    };
    let edited = text.replace("Near the limit", &"Much longer ".repeat(100));
    update(&mut app, Action::EditorDone(Ok(edited.clone())));
    match app.dialog() {
        Some(Dialog::EditorInvalid { problems, text, .. }) => {
            assert!(
                problems[0].contains("more than a study file may hold"),
                "{problems:?}"
            );
            assert_eq!(*text, edited, "the edited text is kept");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(study_file(dir.path(), "big-2020").unwrap(), before);
    all_load(dir.path());
}

#[test]
fn a_save_through_the_library_past_the_limit_is_refused() {
    let (dir, before) = study_near_the_limit();
    let loaded = litrev::store::load(dir.path()).unwrap();
    let e = loaded.get("big-2020").unwrap();
    let mut s = e.study.clone();
    s.r#abstract = Some("a".repeat(MIB));
    let err = litrev::store::save_study(dir.path(), &loaded.review, &s, Some(&e.source))
        .expect_err("refused");
    assert!(
        err.to_string().contains("more than a study file may hold"),
        "{err}"
    );
    assert_eq!(study_file(dir.path(), "big-2020").unwrap(), before);
}

#[test]
fn screen_promote_leaves_a_record_too_large_for_a_study_file_and_promotes_the_others() {
    let fx = Fixture::new("format = 1\ntitle = \"T\"\n\n[screening]\nreviewers = [\"AB\"]\n");
    let root = fx.root();
    std::fs::create_dir_all(root.join("studies")).unwrap();
    let export = root.join("big.ris");
    std::fs::write(
        &export,
        format!(
            "{}\n{}",
            ris("Huge record", &"x".repeat(3 * 1024 * 1024), "10.5555/huge"),
            ris("Small record", "A short abstract.", "10.5555/small")
        ),
    )
    .unwrap();
    let run = |args: &[&str]| litrev().current_dir(root).args(args).output().unwrap();
    let out = run(&[
        "search",
        "add",
        "big.ris",
        "--database",
        "X",
        "--date",
        "2026-11-02",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for stage in ["title-abstract", "full-text"] {
        let out = run(&[
            "screen",
            "decide",
            "--reviewer",
            "AB",
            "--stage",
            stage,
            "include",
            "doi:10.5555/huge",
            "doi:10.5555/small",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = run(&["screen", "promote"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("searches/big.ris:"), "{err}");
    assert!(err.contains("doi:10.5555/huge"), "{err}");
    assert!(err.contains("too large for a study file"), "{err}");
    assert!(err.contains("not promoted"), "{err}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("added 1 study"), "{stdout}");
    assert!(stdout.contains("Small record"), "{stdout}");
    all_load(root);
}
