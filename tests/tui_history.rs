//! The history pager (H): a study's commits from git, or why there are none.

mod tui_support;

use std::path::Path;
use std::process::Command;

use tui_support::{example_copy, keys, open, screen, type_text};

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Ana", "-c", "user.email=ana@example.org"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_AUTHOR_DATE", "2026-01-02T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-02T10:00:00Z")
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {:?}", out);
}

#[test]
fn h_shows_who_changed_which_fields_of_the_selected_study() {
    let dir = example_copy();
    let root = dir.path();
    git(root, &["init", "--quiet"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "--quiet", "-m", "The review"]);
    let p = root.join("studies/adams-2022.toml");
    let text = std::fs::read_to_string(&p).expect("read");
    std::fs::write(&p, text.replace("year = 2022", "year = 2021")).expect("write");
    git(root, &["commit", "--quiet", "-am", "Year of print"]);

    let mut app = open(root, 100, 30);
    keys(&mut app, "/");
    type_text(&mut app, "Beyond technique");
    keys(&mut app, "enter H");
    let s = screen(&app, 100, 30);
    assert!(s.contains("studies/adams-2022.toml: history"), "{s}");
    assert!(s.contains("2026-01-02 Ana: Year of print"), "{s}");
    assert!(s.contains("→ year"), "{s}");
    assert!(s.contains("2026-01-02 Ana: The review"), "{s}");
    assert!(s.contains("→ created"), "{s}");
    keys(&mut app, "esc");
    assert!(app.pager().is_none());
}

#[test]
fn h_outside_git_says_so() {
    let dir = example_copy();
    let mut app = open(dir.path(), 100, 30);
    keys(&mut app, "H");
    let s = screen(&app, 100, 30);
    assert!(s.contains("is not in a git repository"), "{s}");
}
