//! The scratch copy of the example is removed on exit unless it was changed;
//! the review is found from a folder below it; the warnings `check` prints
//! are in the interface's problems list too.

mod tui_support;

use litrev::store::example;
use litrev::store::locate::{self, Located};
use litrev::tui::{App, Keymap, update};
use tui_support::*;

#[test]
fn an_unchanged_scratch_copy_is_removed() {
    let dir = example::unpack_scratch().unwrap();
    assert!(dir.join("review.toml").is_file());
    assert_eq!(
        example::finish_scratch(&dir).unwrap(),
        example::Scratch::Removed
    );
    assert!(!dir.exists());
}

#[test]
fn a_changed_scratch_copy_is_kept() {
    // An edited study.
    let dir = example::unpack_scratch().unwrap();
    let study = study_in(&dir);
    let text = std::fs::read_to_string(&study).unwrap();
    std::fs::write(&study, text.replacen("title = ", "title = \"x\"\n#", 1)).unwrap();
    assert_eq!(
        example::finish_scratch(&dir).unwrap(),
        example::Scratch::Kept
    );
    assert!(study.is_file(), "nothing was removed");

    // A study added, or one deleted.
    for change in ["add", "delete"] {
        let dir = example::unpack_scratch().unwrap();
        if change == "add" {
            std::fs::write(dir.join("studies/new.toml"), "id = \"new\"\n").unwrap();
        } else {
            std::fs::remove_file(study_in(&dir)).unwrap();
        }
        assert_eq!(
            example::finish_scratch(&dir).unwrap(),
            example::Scratch::Kept,
            "{change}"
        );
        assert!(dir.join("review.toml").is_file());
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::remove_dir_all(study.parent().unwrap().parent().unwrap()).unwrap();
}

fn study_in(dir: &std::path::Path) -> std::path::PathBuf {
    std::fs::read_dir(dir.join("studies"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
}

#[test]
fn the_interface_says_a_scratch_copy_is_the_example() {
    let dir = example_copy();
    let loaded = litrev::store::load(dir.path()).unwrap();
    let mut app = App::new(loaded, true, Keymap::defaults());
    update(&mut app, litrev::tui::Action::Resize(120, 30));
    let text = screen(&app, 120, 30);
    assert!(
        text.contains("scratch copy of the bundled example review"),
        "{text}"
    );
}

#[test]
fn the_review_is_found_in_the_folder_or_above_it() {
    let dir = example_copy();
    let root = dir.path();
    assert_eq!(locate::find(root), Located::Review(".".into()));
    assert_eq!(
        locate::find(&root.join("studies")),
        Located::Review("..".into())
    );
    let deep = root.join("a/b");
    std::fs::create_dir_all(&deep).unwrap();
    assert_eq!(locate::find(&deep), Located::Review("../..".into()));

    // A folder with studies/ but no review.toml stops the search.
    let inner = root.join("inner");
    std::fs::create_dir_all(inner.join("studies")).unwrap();
    assert_eq!(
        locate::find(&inner.join("studies")),
        Located::Incomplete("..".into())
    );

    let empty = tempfile::tempdir().unwrap();
    assert_eq!(locate::find(empty.path()), Located::None);
}

#[test]
fn warnings_are_listed_in_the_problems_list() {
    let dir = small_review(&[
        ("bare", "id = \"bare\"\ntitle = \"Only a title\"\n"),
        (
            "given",
            "id = \"given\"\ntitle = \"T\"\nauthors = [\"Anna Söderström\"]\nyear = 2019\ndesign = \"rct\"\n",
        ),
    ]);
    let mut app = open(dir.path(), 120, 30);
    let text = screen(&app, 120, 30);
    assert!(text.contains("2 problems found"), "{text}");
    keys(&mut app, "p");
    let text = screen(&app, 120, 30);
    assert!(
        text.contains("bare.toml:1:1: warning: no authors, year or design"),
        "{text}"
    );
    assert!(
        text.contains("warning: author \"Anna Söderström\" has no comma"),
        "{text}"
    );
}
