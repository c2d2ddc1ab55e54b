//! The interface follows the disk: changes others make (a co-author's
//! save, a `git merge` in another process) are folded in without a key
//! press; "merge both" in the changed-on-disk question keeps both sides'
//! changes; "keep mine" says what it would throw away; conflicted studies
//! stay listed, marked and counted nowhere.

mod tui_support;

use std::process::Command;

use insta::assert_snapshot;
use litrev::store::watch::DiskChange;
use litrev::tui::app::{Dialog, PagerKind};
use litrev::tui::{Action, App, update};
use tui_support::*;

fn changed(app: &mut App, ids: &[&str]) {
    update(
        app,
        Action::DiskChanged(DiskChange {
            studies: ids.iter().map(|s| s.to_string()).collect(),
            review: false,
            git: false,
        }),
    );
}

fn selected(app: &App) -> String {
    app.selected_study().expect("a study").id.clone()
}

/// Rewrites `from` to `to` (once) in study `id` behind the interface's back.
fn behind(dir: &std::path::Path, id: &str, from: &str, to: &str) {
    let text = study_file(dir, id).expect("study");
    assert!(text.contains(from), "{from} in {id}");
    std::fs::write(study_path(dir, id), text.replacen(from, to, 1)).expect("write");
}

/// Appends a copy of the study's first appraisal by reviewer `r`.
fn appraise_behind(dir: &std::path::Path, id: &str, r: &str) {
    let text = study_file(dir, id).expect("study");
    let at = text.find("[[appraisals]]").expect("an appraisal");
    let copy = text[at..].replace("reviewer = \"consensus\"", &format!("reviewer = \"{r}\""));
    std::fs::write(study_path(dir, id), format!("{text}\n{copy}")).expect("write");
}

/// The id of a study of the example with a consensus appraisal.
const APPRAISED: &str = "andersen-2015";

#[test]
fn studies_changed_on_disk_are_shown_in_place_with_selection_and_scroll_kept() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "G k k");
    let sel = selected(&app);
    let (row, offset) = (app.selected_row(), app.offset());
    let ids: Vec<String> = app
        .visible_ids()
        .iter()
        .take(3)
        .map(|s| s.to_string())
        .collect();
    for (n, id) in ids.iter().chain(std::iter::once(&sel)).enumerate() {
        let text = study_file(dir.path(), id).unwrap();
        let title = app.study(id).unwrap().title.clone();
        let new = text.replacen(
            &format!("title = \"{title}\""),
            &format!("title = \"Changed {n}\""),
            1,
        );
        std::fs::write(study_path(dir.path(), id), new).unwrap();
    }
    let mut all: Vec<&str> = ids.iter().map(String::as_str).collect();
    all.push(&sel);
    changed(&mut app, &all);
    assert_eq!(app.study(&ids[0]).unwrap().title, "Changed 0");
    assert_eq!(app.study(&sel).unwrap().title, "Changed 3");
    assert_eq!(selected(&app), sel);
    assert_eq!((app.selected_row(), app.offset()), (row, offset));
    assert_eq!(
        app.message().unwrap().text,
        "4 studies changed on disk (git merge?)"
    );
    assert!(screen(&app, 120, 35).contains("Changed 3"));
}

#[test]
fn a_study_open_in_the_form_is_held_and_saving_it_asks() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "Mine");
    behind(dir.path(), &id, "year = 2020", "year = 2019");
    changed(&mut app, &[&id]);
    assert!(app.form().is_some(), "the form stays open");
    assert!(
        app.message()
            .unwrap()
            .text
            .contains("you are editing it: saving will ask"),
        "{:?}",
        app.message()
    );
    keys(&mut app, "ctrl-s");
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
}

#[test]
fn the_problems_banner_follows_fixes_on_disk_and_in_the_form() {
    let broken = "id = \"doe-2020\"\ntitle = \"Doe\"\nauthors = [\"Doe, J\"]\nyear = \"x\"\ndesign = \"rct\"\n";
    let ok = "id = \"smith-2019\"\nref = 2\ntitle = \"A plain title\"\nauthors = [\"Smith, John\"]\nyear = 2019\ndesign = \"rct\"\n";
    let dir = small_review(&[("doe-2020", broken), ("smith-2019", ok)]);
    let mut app = open(dir.path(), 120, 35);
    assert!(screen(&app, 120, 35).contains("1 problem found"));
    std::fs::write(
        study_path(dir.path(), "doe-2020"),
        broken.replace("\"x\"", "2020"),
    )
    .unwrap();
    changed(&mut app, &["doe-2020"]);
    assert!(
        app.session().problems().is_empty(),
        "{:?}",
        app.session().problems()
    );
    assert!(app.study("doe-2020").is_some(), "it loads now");
    assert!(!screen(&app, 120, 35).contains("problem"));
    // A problem made on disk shows at once; fixed in the form, it goes.
    std::fs::write(
        study_path(dir.path(), "smith-2019"),
        ok.replace("year = 2019\n", ""),
    )
    .unwrap();
    changed(&mut app, &["smith-2019"]);
    assert_eq!(app.session().problems().len(), 1, "no year");
    assert!(screen(&app, 120, 35).contains("1 problem"));
}

#[test]
fn the_reload_key_reads_everything_again_and_own_saves_change_nothing() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "Mine");
    keys(&mut app, "ctrl-s");
    let said = app.message().unwrap().text.clone();
    // The watcher sees our own save: nothing to say.
    changed(&mut app, &[&id]);
    assert_eq!(app.message().unwrap().text, said);
    behind(dir.path(), &id, "Mine", "Theirs");
    keys(&mut app, "r");
    assert_eq!(app.study(&id).unwrap().title, "Theirs");
    assert!(
        app.message()
            .unwrap()
            .text
            .starts_with("read the review again"),
        "{:?}",
        app.message()
    );
}

/// A conflict over `APPRAISED`: they (on disk) changed the year and added
/// an appraisal by BK; mine changed the title in the form.
fn merge_setup() -> (tempfile::TempDir, App) {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "/");
    type_text(&mut app, "Early therapeutic alliance");
    keys(&mut app, "enter");
    while selected(&app) != APPRAISED {
        keys(&mut app, "j");
    }
    behind(dir.path(), APPRAISED, "year = 2015", "year = 2016");
    appraise_behind(dir.path(), APPRAISED, "BK");
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "Mine");
    keys(&mut app, "ctrl-s");
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
    (dir, app)
}

#[test]
fn merge_both_writes_both_sides_changes_and_undo_brings_theirs_back() {
    let (dir, mut app) = merge_setup();
    let theirs = study_file(dir.path(), APPRAISED).unwrap();
    let shown = screen(&app, 120, 35);
    assert!(
        shown.contains("They changed: year 2015 → 2016; added appraisal nos-cohort by BK."),
        "{shown}"
    );
    keys(&mut app, "m");
    assert!(app.dialog().is_none(), "{:?}", app.message());
    let now = study_file(dir.path(), APPRAISED).unwrap();
    for want in [
        "title = \"Mine\"",
        "year = 2016",
        "reviewer = \"BK\"",
        "reviewer = \"consensus\"",
    ] {
        assert!(now.contains(want), "{want} missing:\n{now}");
    }
    assert_eq!(app.study(APPRAISED).unwrap().title, "Mine");
    keys(&mut app, "u");
    assert_eq!(study_file(dir.path(), APPRAISED).unwrap(), theirs);
}

#[test]
fn merge_both_asks_value_by_value_where_both_changed_it() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    let title = app.study(&id).unwrap().title.clone();
    behind(
        dir.path(),
        &id,
        &format!("title = \"{title}\""),
        "title = \"Theirs\"",
    );
    behind(dir.path(), &id, "year = 2020", "year = 2019");
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "Mine");
    keys(&mut app, "ctrl-s m");
    let Some(Dialog::MergeChoice(m)) = app.dialog() else {
        panic!("expected the choice, got {:?}", app.dialog());
    };
    assert_eq!(m.rows.len(), 1);
    assert_eq!(m.rows[0].name, "title");
    assert_eq!(m.rows[0].ours, "title = \"Mine\"");
    assert_eq!(m.rows[0].theirs, "title = \"Theirs\"");
    assert_snapshot!("merge_choice_120x35", screen(&app, 120, 35));
    assert_snapshot!("merge_choice_80x24", screen(&app, 80, 24));
    keys(&mut app, "right enter");
    let now = study_file(dir.path(), &id).unwrap();
    assert!(
        now.contains("title = \"Theirs\"") && now.contains("year = 2019"),
        "{now}"
    );
}

#[test]
fn keep_mine_says_what_it_would_throw_away_before_it_does() {
    let (dir, mut app) = merge_setup();
    let theirs = study_file(dir.path(), APPRAISED).unwrap();
    keys(&mut app, "k");
    assert_eq!(
        study_file(dir.path(), APPRAISED).unwrap(),
        theirs,
        "nothing written yet"
    );
    let shown = screen(&app, 120, 35);
    assert!(
        shown.contains("Keep mine would throw away what they changed: year 2015 → 2016;"),
        "{shown}"
    );
    assert_snapshot!("keep_mine_warning_120x35", shown);
    assert_snapshot!("keep_mine_warning_80x24", screen(&app, 80, 24));
    keys(&mut app, "k");
    let now = study_file(dir.path(), APPRAISED).unwrap();
    assert!(!now.contains("reviewer = \"BK\""), "the user chose it");
}

#[test]
fn show_both_opens_at_the_first_difference() {
    let mut text = String::from(
        "id = \"long-2020\"\ntitle = \"Long\"\nauthors = [\"Long, A\"]\nyear = 2020\ndesign = \"rct\"\n",
    );
    for k in 0..60 {
        text.push_str(&format!("k{k:02} = {k}\n"));
    }
    let dir = small_review(&[("long-2020", &text)]);
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "E");
    let Some(litrev::tui::Effect::Editor { text: start, .. }) = app.take_effect() else {
        panic!("expected the editor");
    };
    std::fs::write(
        study_path(dir.path(), "long-2020"),
        start.replace("k51 = 51", "k51 = 0"),
    )
    .unwrap();
    update(
        &mut app,
        Action::EditorDone(Ok(start.replace("k50 = 50", "k50 = 0"))),
    );
    keys(&mut app, "b");
    let p = app.pager().expect("side by side");
    assert!(matches!(p.kind, PagerKind::Compare { .. }));
    assert!(p.scroll > 20, "opened at row {}, not the top", p.scroll);
    let shown = screen(&app, 120, 35);
    assert!(
        shown.contains("k50 = 0") && shown.contains("k51 = 0"),
        "{shown}"
    );
}

const CONFLICTED: &str = "id = \"smith-2019\"\nref = 2\ntitle = \"A plain title\"\nauthors = [\"Smith, John\"]\n<<<<<<< ours\nyear = 2019\n=======\nyear = 2020\n>>>>>>> theirs\ndesign = \"rct\"\n";

#[test]
fn a_conflicted_study_stays_listed_marked_and_counted_nowhere() {
    let other = "id = \"doe-2020\"\nref = 3\ntitle = \"Doe\"\nauthors = [\"Doe, J\"]\nyear = 2020\ndesign = \"rct\"\n";
    let dir = small_review(&[("smith-2019", CONFLICTED), ("doe-2020", other)]);
    let mut app = open(dir.path(), 120, 35);
    assert_eq!(app.visible_ids(), vec!["smith-2019", "doe-2020"]);
    assert!(app.session().is_conflicted("smith-2019"));
    let shown = screen(&app, 120, 35);
    assert!(shown.contains("⚠ in conflict"), "{shown}");
    assert_snapshot!("conflicted_study_listed_120x35", shown);
    assert_snapshot!("conflicted_study_listed_80x24", screen(&app, 80, 24));
    keys(&mut app, "e");
    assert!(app.form().is_none());
    assert!(
        app.message()
            .unwrap()
            .text
            .contains("is in a merge conflict: resolve it first"),
        "{:?}",
        app.message()
    );
    keys(&mut app, "t");
    let t = app.tally().tally.as_ref().expect("tally");
    assert_eq!(t.total, 1, "only doe-2020 counted");
    assert_eq!(t.in_conflict, vec!["smith-2019".to_string()]);
    assert!(screen(&app, 120, 35).contains("not counted: in conflict (1)"));
    // Resolved on disk (by `litrev resolve` in another process): counted again.
    keys(&mut app, "esc");
    let status = Command::new(env!("CARGO_BIN_EXE_litrev"))
        .args(["resolve", "smith-2019", "--take", "theirs"])
        .arg(dir.path())
        .status()
        .expect("run litrev");
    assert!(status.success());
    changed(&mut app, &["smith-2019"]);
    assert!(!app.session().is_conflicted("smith-2019"));
    assert_eq!(app.study("smith-2019").unwrap().year, Some(2020));
    assert!(!screen(&app, 120, 35).contains("in conflict"));
}

fn git(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("run git")
}

/// A study deleted on one branch and changed on the other: after the merge
/// git lists it as unmerged (its file has no markers). A `git add` run
/// outside litrev settles it: the watcher sees git's index change and the
/// study is counted again, with a word in the status bar.
#[test]
fn git_add_outside_litrev_is_followed() {
    let other = "id = \"doe-2020\"\nref = 3\ntitle = \"Doe\"\nauthors = [\"Doe, J\"]\nyear = 2020\ndesign = \"rct\"\n";
    let smith = "id = \"smith-2019\"\nref = 2\ntitle = \"A plain title\"\nauthors = [\"Smith, John\"]\nyear = 2019\ndesign = \"rct\"\n";
    let dir = small_review(&[("smith-2019", smith), ("doe-2020", other)]);
    let root = dir.path();
    let ok = |o: std::process::Output| assert!(o.status.success(), "{o:?}");
    ok(git(root, &["init", "--quiet"]));
    ok(git(root, &["add", "-A"]));
    ok(git(root, &["commit", "--quiet", "-m", "base"]));
    ok(git(root, &["checkout", "--quiet", "-b", "a"]));
    std::fs::remove_file(root.join("studies/smith-2019.toml")).unwrap();
    ok(git(root, &["commit", "--quiet", "-am", "a deletes"]));
    ok(git(root, &["checkout", "--quiet", "main"]));
    std::fs::write(
        root.join("studies/smith-2019.toml"),
        smith.replace("2019\nd", "2018\nd"),
    )
    .unwrap();
    ok(git(
        root,
        &["commit", "--quiet", "-am", "main changes the year"],
    ));
    assert!(!git(root, &["merge", "--no-edit", "a"]).status.success());

    let mut app = open(root, 120, 35);
    app.read_git_state();
    assert!(app.session().is_conflicted("smith-2019"));

    // The watcher notices git's index, not only the study files.
    let mut watcher = litrev::store::watch::Watcher::start(root).expect("watch");
    ok(git(root, &["add", "studies/smith-2019.toml"]));
    let mut seen = None;
    for _ in 0..100 {
        if let Some(c) = watcher.take() {
            seen = Some(c);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let change = seen.expect("the index change is seen");
    assert!(change.git, "{change:?}");
    assert!(change.studies.is_empty(), "{change:?}");

    update(&mut app, Action::DiskChanged(change));
    assert!(!app.session().is_conflicted("smith-2019"));
    assert_eq!(
        app.message().unwrap().text,
        "git's index changed: no study is in conflict now"
    );
    assert!(!screen(&app, 120, 35).contains("⚠ in conflict"));
}
