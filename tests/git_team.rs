//! A review kept in a real git repository: `git-setup`, merges through
//! `merge-driver`, conflicts found by `check`, and `history`.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{Fixture, litrev, stderr, stdout};

/// Runs git in `dir` with a fixed identity; panics when it fails.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = git_status(dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

fn git_status(dir: &Path, args: &[&str]) -> std::process::Output {
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
        .env("GIT_AUTHOR_DATE", "2026-01-02T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-02T10:00:00Z")
        .output()
        .expect("run git")
}

/// A copy of the example review as a git repository with one commit; with
/// `driver`, `litrev git-setup` has been run and committed.
fn repo(driver: bool) -> Fixture {
    let fx = Fixture::example();
    let root = fx.root();
    git(root, &["init", "--quiet"]);
    if driver {
        litrev().arg("git-setup").arg(root).assert().success();
    }
    git(root, &["add", "-A"]);
    git(root, &["commit", "--quiet", "-m", "the example review"]);
    fx
}

fn commit_all(root: &Path, message: &str) {
    git(root, &["add", "-A"]);
    git(root, &["commit", "--quiet", "-m", message]);
}

/// Replaces the one occurrence of `from` in study `id`.
fn edit(fx: &Fixture, id: &str, from: &str, to: &str) {
    let p = fx.study_path(id);
    let text = fs::read_to_string(&p).expect("read study");
    assert_eq!(text.matches(from).count(), 1, "{from:?} once in {id}");
    fs::write(&p, text.replacen(from, to, 1)).expect("write study");
}

/// Studies of the example that end with their consensus appraisal.
fn appraised(fx: &Fixture, n: usize) -> Vec<String> {
    let mut ids: Vec<String> = fs::read_dir(fx.root().join("studies"))
        .expect("studies")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let t = fs::read_to_string(p).expect("read");
            t.matches("[[appraisals]]").count() == 1 && t.contains("reviewer = \"consensus\"")
        })
        .map(|p| p.file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    ids.sort();
    assert!(
        ids.len() >= n,
        "the example has {} appraised studies",
        ids.len()
    );
    ids.truncate(n);
    ids
}

/// Appends a copy of the study's consensus appraisal under `reviewer`.
fn add_appraisal(fx: &Fixture, id: &str, reviewer: &str) {
    let p = fx.study_path(id);
    let text = fs::read_to_string(&p).expect("read study");
    let start = text.find("[[appraisals]]").expect("an appraisal");
    let copy = text[start..].replace(
        "reviewer = \"consensus\"",
        &format!("reviewer = \"{reviewer}\""),
    );
    let sep = if text.ends_with('\n') { "\n" } else { "\n\n" };
    fs::write(&p, format!("{text}{sep}{copy}")).expect("write study");
}

/// Runs litrev with `args`, asserts its exit status and that stderr says `said`.
fn fails_saying(args: &[&std::ffi::OsStr], code: i32, said: &str) {
    let out = litrev().args(args).output().expect("run");
    assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
    assert!(stderr(&out).contains(said), "{}", stderr(&out));
}

#[test]
fn git_setup_writes_attributes_and_config_once() {
    let fx = repo(false);
    let root = fx.root();
    let out = litrev().arg("git-setup").arg(root).output().expect("run");
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains("added `studies/*.toml merge=litrev` to .gitattributes"),
        "{said}"
    );
    assert!(said.contains("merge.litrev.driver"), "{said}");
    assert_eq!(
        fx.read(".gitattributes"),
        "studies/*.toml merge=litrev\nreview.toml merge=litrev\ninstruments/*.toml merge=litrev\n"
    );
    let driver = git(root, &["config", "--get", "merge.litrev.driver"]);
    assert!(
        driver.trim_end().ends_with("merge-driver %O %A %B %P"),
        "{driver}"
    );
    let attr = git(root, &["check-attr", "merge", "studies/andersen-2015.toml"]);
    assert_eq!(attr.trim(), "studies/andersen-2015.toml: merge: litrev");

    let again = litrev().arg("git-setup").arg(root).output().expect("run");
    assert!(again.status.success());
    assert!(
        stdout(&again).contains("nothing to do"),
        "{}",
        stdout(&again)
    );
    assert_eq!(
        fx.read(".gitattributes"),
        "studies/*.toml merge=litrev\nreview.toml merge=litrev\ninstruments/*.toml merge=litrev\n"
    );
}

#[test]
fn git_setup_outside_a_repository_says_so() {
    let fx = Fixture::example();
    fails_saying(
        &["git-setup".as_ref(), fx.root().as_os_str()],
        2,
        "is not in a git repository",
    );
    assert!(!fx.root().join(".gitattributes").exists());
}

#[test]
fn new_with_git_starts_a_repository_with_the_driver() {
    let dir = tempfile::tempdir().expect("temp");
    let review = dir.path().join("rev");
    let out = litrev()
        .arg("new")
        .arg(&review)
        .arg("--git")
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(review.join(".git").is_dir());
    assert!(
        stdout(&out).contains("git now merges study files"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        fs::read_to_string(review.join(".gitattributes")).expect("attributes"),
        "studies/*.toml merge=litrev\nreview.toml merge=litrev\ninstruments/*.toml merge=litrev\n"
    );
}

#[test]
fn new_inside_a_repository_offers_git_setup() {
    let dir = tempfile::tempdir().expect("temp");
    git(dir.path(), &["init", "--quiet"]);
    let review = dir.path().join("rev");
    let out = litrev().arg("new").arg(&review).output().expect("run");
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("litrev git-setup"),
        "{}",
        stdout(&out)
    );
    assert!(!review.join(".gitattributes").exists());
}

/// Two reviewers appraise the same 20 studies on their own branches.
fn two_reviewers(fx: &Fixture) -> Vec<String> {
    let root = fx.root();
    let ids = appraised(fx, 20);
    git(root, &["checkout", "--quiet", "-b", "ab"]);
    ids.iter().for_each(|id| add_appraisal(fx, id, "AB"));
    commit_all(root, "AB appraises");
    git(root, &["checkout", "--quiet", "main"]);
    git(root, &["checkout", "--quiet", "-b", "cd"]);
    ids.iter().for_each(|id| add_appraisal(fx, id, "CD"));
    commit_all(root, "CD appraises");
    git(root, &["checkout", "--quiet", "ab"]);
    ids
}

#[test]
fn two_reviewers_appraising_the_same_studies_merge_without_conflict() {
    let fx = repo(true);
    let root = fx.root();
    let before = fx.snapshot();
    let ids = two_reviewers(&fx);
    let merge = git_status(root, &["merge", "--no-edit", "cd"]);
    assert!(
        merge.status.success(),
        "{}{}",
        stdout(&merge),
        stderr(&merge)
    );
    for id in &ids {
        let text = fs::read_to_string(fx.study_path(id)).expect("read");
        for r in ["consensus", "AB", "CD"] {
            assert_eq!(
                text.matches(&format!("reviewer = \"{r}\"")).count(),
                1,
                "{id}: {text}"
            );
        }
        assert!(!text.contains("<<<<<<<"), "{text}");
    }
    // The studies nobody touched are byte for byte what they were.
    let after = fx.snapshot();
    for (path, bytes) in &before {
        let touched = ids.iter().any(|id| path.ends_with(format!("{id}.toml")));
        if !touched && path.starts_with("studies") {
            assert_eq!(after.get(path), Some(bytes), "{}", path.display());
        }
    }
    let check = litrev().arg("check").arg(root).output().expect("run");
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    let json = litrev()
        .args(["list", "--format", "json"])
        .arg(root)
        .output()
        .expect("run");
    let list: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let appraisals: usize = list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|s| s["appraisals"].as_array())
        .map(|a| a.len())
        .sum();
    assert!(appraisals >= 60, "{appraisals} appraisals after the merge");
}

#[test]
fn without_the_driver_the_same_merge_conflicts_in_every_file() {
    // The control: git's text merge cannot merge two appended tables.
    let fx = repo(false);
    two_reviewers(&fx);
    let merge = git_status(fx.root(), &["merge", "--no-edit", "cd"]);
    assert!(!merge.status.success());
    assert!(
        stdout(&merge).matches("CONFLICT").count() >= 20,
        "{}",
        stdout(&merge)
    );
}

#[test]
fn different_fields_on_adjacent_lines_merge_cleanly() {
    let fx = repo(true);
    let root = fx.root();
    git(root, &["checkout", "--quiet", "-b", "a"]);
    edit(&fx, "andersen-2015", "year = 2015\n", "year = 2016\n");
    edit(
        &fx,
        "andersen-2015",
        "sample_size = 241",
        "sample_size = 240",
    );
    commit_all(root, "year");
    git(root, &["checkout", "--quiet", "main"]);
    git(root, &["checkout", "--quiet", "-b", "b"]);
    edit(
        &fx,
        "andersen-2015",
        "journal = \"European Journal of Pain\"",
        "journal = \"Eur J Pain\"",
    );
    edit(
        &fx,
        "andersen-2015",
        "tags = [\"treatment outcomes\"]",
        "tags = [\"treatment outcomes\", \"prognosis\"]",
    );
    edit(
        &fx,
        "andersen-2015",
        "setting = \"primary care\"",
        "setting = \"general practice\"",
    );
    commit_all(root, "journal");
    git(root, &["checkout", "--quiet", "a"]);
    let merge = git_status(root, &["merge", "--no-edit", "b"]);
    assert!(
        merge.status.success(),
        "{}{}",
        stdout(&merge),
        stderr(&merge)
    );
    let text = fx.read("studies/andersen-2015.toml");
    for want in [
        "year = 2016\n",
        "journal = \"Eur J Pain\"",
        "tags = [\"treatment outcomes\", \"prognosis\"]",
        "setting = \"general practice\"",
        "sample_size = 240",
    ] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
}

#[test]
fn the_same_field_changed_differently_conflicts_there_only_and_check_reports_it() {
    let fx = repo(true);
    let root = fx.root();
    git(root, &["checkout", "--quiet", "-b", "a"]);
    edit(&fx, "andersen-2015", "year = 2015\n", "year = 2016\n");
    edit(
        &fx,
        "andersen-2015",
        "country = \"Denmark\"",
        "country = \"DK\"",
    );
    commit_all(root, "year 2016");
    git(root, &["checkout", "--quiet", "main"]);
    git(root, &["checkout", "--quiet", "-b", "b"]);
    edit(&fx, "andersen-2015", "year = 2015\n", "year = 2017\n");
    edit(
        &fx,
        "andersen-2015",
        "journal = \"European Journal of Pain\"",
        "journal = \"Eur J Pain\"",
    );
    commit_all(root, "year 2017");
    git(root, &["checkout", "--quiet", "a"]);
    let merge = git_status(root, &["merge", "--no-edit", "b"]);
    assert!(!merge.status.success());
    assert!(
        stdout(&merge).contains("CONFLICT (content): Merge conflict in studies/andersen-2015.toml")
    );
    assert!(
        stderr(&merge).contains("conflicting changes to year"),
        "{}",
        stderr(&merge)
    );
    let text = fx.read("studies/andersen-2015.toml");
    let expected = fs::read_to_string(common::example_dir().join("studies/andersen-2015.toml"))
        .expect("example")
        .replace(
            "year = 2015\n",
            "<<<<<<< ours\nyear = 2016\n=======\nyear = 2017\n>>>>>>> theirs\n",
        )
        .replace(
            "journal = \"European Journal of Pain\"",
            "journal = \"Eur J Pain\"",
        )
        .replace("country = \"Denmark\"", "country = \"DK\"");
    assert_eq!(text, expected);
    let status = git(root, &["status", "--porcelain"]);
    assert!(status.contains("UU studies/andersen-2015.toml"), "{status}");

    let check = litrev().arg("check").arg(root).output().expect("run");
    assert_eq!(check.status.code(), Some(1));
    let line = text
        .lines()
        .position(|l| l.starts_with("<<<<<<<"))
        .expect("marker")
        + 1;
    let want =
        format!("studies/andersen-2015.toml:{line}:1: unresolved merge conflict at line {line}");
    assert!(stdout(&check).contains(&want), "{}", stdout(&check));
    assert!(
        !stdout(&check).contains("not valid TOML"),
        "{}",
        stdout(&check)
    );

    let show = litrev()
        .args(["resolve", "andersen-2015"])
        .arg(root)
        .output()
        .expect("run");
    assert_eq!(show.status.code(), Some(1));
    assert_eq!(
        stdout(&show),
        format!(
            "studies/andersen-2015.toml: conflicting year\nline {line}:\n  ours:   year = 2016\n  theirs: year = 2017\nKeep one side with `litrev resolve andersen-2015 --take ours` (or theirs; add --field FIELD=theirs to pick a field from the other), or edit the file.\n"
        )
    );
    let take = litrev()
        .args(["resolve", "andersen-2015", "--take", "theirs"])
        .arg(root)
        .output()
        .expect("run");
    assert!(take.status.success(), "{}", stderr(&take));
    let resolved = expected.replace(
        "<<<<<<< ours\nyear = 2016\n=======\nyear = 2017\n>>>>>>> theirs\n",
        "year = 2017\n",
    );
    assert_eq!(fx.read("studies/andersen-2015.toml"), resolved);
    litrev().arg("check").arg(root).assert().success();
    let again = litrev()
        .args(["resolve", "andersen-2015"])
        .arg(root)
        .output()
        .expect("run");
    assert!(stdout(&again).contains("has no merge conflict"));
}

#[test]
fn a_file_that_is_no_study_falls_back_to_git_text_merge() {
    let dir = tempfile::tempdir().expect("temp");
    let p = |n: &str| dir.path().join(n);
    fs::write(p("base"), "garbage [[\none\ntwo\nthree\nfour\n").expect("write");
    fs::write(p("ours"), "garbage [[\nONE\ntwo\nthree\nfour\n").expect("write");
    fs::write(p("theirs"), "garbage [[\none\ntwo\nthree\nFOUR\n").expect("write");
    let out = litrev()
        .arg("merge-driver")
        .args([p("base"), p("ours"), p("theirs"), p("x.toml")])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("merged as text instead"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_to_string(p("ours")).expect("read"),
        "garbage [[\nONE\ntwo\nthree\nFOUR\n"
    );

    fs::write(p("ours"), "garbage [[\nONE\ntwo\nthree\nfour\n").expect("write");
    fs::write(p("theirs"), "garbage [[\nUNO\ntwo\nthree\nfour\n").expect("write");
    let out = litrev()
        .arg("merge-driver")
        .args([p("base"), p("ours"), p("theirs"), p("x.toml")])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = fs::read_to_string(p("ours")).expect("read");
    assert!(
        text.contains("<<<<<<< ours\nONE\n=======\nUNO\n>>>>>>> theirs\n"),
        "{text}"
    );
}

#[test]
fn history_lists_the_commits_that_touched_a_study_with_their_fields() {
    let fx = repo(true);
    let root = fx.root();
    edit(&fx, "andersen-2015", "year = 2015\n", "year = 2016\n");
    commit_all(root, "Fix the year");
    edit(
        &fx,
        "andersen-2015",
        "tags = [\"treatment outcomes\"]",
        "tags = [\"prognosis\"]",
    );
    add_appraisal(&fx, "andersen-2015", "AB");
    edit(&fx, "adams-2022", "year = 2022\n", "year = 2021\n");
    commit_all(root, "AB appraises");
    let out = litrev()
        .args(["history", "andersen-2015"])
        .arg(root)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert!(
        lines[0].ends_with(" 2026-01-02 Test: AB appraises"),
        "{text}"
    );
    assert_eq!(lines[1], "    tags, appraisals[nos-cohort by AB]");
    assert!(lines[2].ends_with("Fix the year"), "{text}");
    assert_eq!(lines[3], "    year");
    assert!(lines[4].ends_with("the example review"), "{text}");
    assert_eq!(lines[5], "    created");

    let json = litrev()
        .args(["history", "adams-2022", "--format", "json"])
        .arg(root)
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v[0]["message"], "AB appraises");
    assert_eq!(v[0]["author"], "Test");
    assert_eq!(v[0]["changed"], serde_json::json!(["year"]));
    assert_eq!(v.as_array().map(|a| a.len()), Some(2));
}

#[test]
fn history_without_git_says_so_and_check_still_works() {
    let fx = Fixture::example();
    fails_saying(
        &[
            "history".as_ref(),
            "andersen-2015".as_ref(),
            fx.root().as_os_str(),
        ],
        2,
        "is not in a git repository",
    );
    litrev().arg("check").arg(fx.root()).assert().success();
}

#[test]
fn resolve_takes_one_side_with_fields_from_the_other() {
    let fx = Fixture::example();
    let base = fx.read("studies/andersen-2015.toml");
    let ours = base
        .replace("year = 2015\n", "year = 2016\n")
        .replace("country = \"Denmark\"", "country = \"DK\"");
    let theirs = base
        .replace("year = 2015\n", "year = 2017\n")
        .replace("country = \"Denmark\"", "country = \"Danmark\"");
    let tmp = tempfile::tempdir().expect("temp");
    let p = |n: &str| tmp.path().join(n);
    fs::write(p("b"), &base).expect("write");
    fs::write(p("o"), &ours).expect("write");
    fs::write(p("t"), &theirs).expect("write");
    let (b, o, t, x) = (p("b"), p("o"), p("t"), p("x"));
    fails_saying(
        &[
            "merge-driver".as_ref(),
            b.as_os_str(),
            o.as_os_str(),
            t.as_os_str(),
            x.as_os_str(),
        ],
        1,
        "conflicting changes to year, extraction.country",
    );
    fs::copy(p("o"), fx.study_path("andersen-2015")).expect("copy");
    let root = fx.root();
    let show = litrev()
        .args(["resolve", "andersen-2015"])
        .arg(root)
        .output()
        .expect("run");
    assert!(
        stdout(&show)
            .starts_with("studies/andersen-2015.toml: conflicting year, extraction.country\n")
    );

    let args = [
        "resolve",
        "andersen-2015",
        "--take",
        "ours",
        "--field",
        "doi=theirs",
    ];
    let mut args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    args.push(root.as_os_str());
    fails_saying(&args, 2, "doi is not a conflicting field");

    let ok = litrev()
        .args([
            "resolve",
            "andersen-2015",
            "--take",
            "ours",
            "--field",
            "extraction.country=theirs",
        ])
        .arg(root)
        .output()
        .expect("run");
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert_eq!(
        fx.read("studies/andersen-2015.toml"),
        ours.replace("country = \"DK\"", "country = \"Danmark\"")
    );
    litrev().arg("check").arg(root).assert().success();
}

/// Branch `a` deletes study `id`; branch `b` changes its year and adds an
/// appraisal by BK; `a` merges `b`: git leaves it unmerged, with no markers.
fn delete_modify(fx: &Fixture, id: &str) {
    let root = fx.root();
    git(root, &["checkout", "--quiet", "-b", "a"]);
    fs::remove_file(fx.study_path(id)).expect("remove");
    commit_all(root, "a deletes");
    git(root, &["checkout", "--quiet", "main"]);
    git(root, &["checkout", "--quiet", "-b", "b"]);
    edit(fx, id, "year = 2015\n", "year = 2016\n");
    add_appraisal(fx, id, "BK");
    commit_all(root, "b appraises");
    git(root, &["checkout", "--quiet", "a"]);
    let merge = git_status(root, &["merge", "--no-edit", "b"]);
    assert!(!merge.status.success());
    assert!(
        stdout(&merge).contains("CONFLICT (modify/delete)"),
        "{}",
        stdout(&merge)
    );
}

#[test]
fn a_study_deleted_on_one_side_and_appraised_on_the_other_is_named_with_its_choices() {
    let fx = repo(true);
    let root = fx.root();
    delete_modify(&fx, "andersen-2015");
    let want = "studies/andersen-2015.toml:1:1: merge conflict: deleted on ours, changed on theirs (year 2015 → 2016; added appraisal nos-cohort by BK): keep it with `litrev resolve andersen-2015 --keep` or drop it with `litrev resolve andersen-2015 --drop`";
    let check = litrev().arg("check").arg(root).output().expect("run");
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(stdout(&check).contains(want), "{}", stdout(&check));

    let show = litrev()
        .args(["resolve", "andersen-2015"])
        .arg(root)
        .output()
        .expect("run");
    assert_eq!(show.status.code(), Some(1));
    assert!(
        stdout(&show).contains("deleted on ours, changed on theirs"),
        "{}",
        stdout(&show)
    );
    assert!(!stdout(&show).contains("has no merge conflict"));

    // Counted nowhere while in conflict, and said so.
    let tally = litrev().arg("tally").arg(root).output().expect("run");
    let said = format!("{}{}", stdout(&tally), stderr(&tally));
    assert!(
        said.contains("not counted: in conflict (1): andersen-2015"),
        "{said}"
    );
    assert!(said.contains("of 74 "), "{said}");

    let keep = litrev()
        .args(["resolve", "andersen-2015", "--keep"])
        .arg(root)
        .output()
        .expect("run");
    assert!(keep.status.success(), "{}", stderr(&keep));
    assert!(
        fx.read("studies/andersen-2015.toml")
            .contains("reviewer = \"BK\"")
    );
    assert!(git(root, &["ls-files", "-u"]).is_empty(), "resolved in git");
    litrev().arg("check").arg(root).assert().success();
}

#[test]
fn drop_deletes_a_study_deleted_on_one_side() {
    let fx = repo(true);
    let root = fx.root();
    delete_modify(&fx, "andersen-2015");
    let drop = litrev()
        .args(["resolve", "andersen-2015", "--drop"])
        .arg(root)
        .output()
        .expect("run");
    assert!(drop.status.success(), "{}", stderr(&drop));
    assert!(!fx.study_path("andersen-2015").exists());
    assert!(git(root, &["ls-files", "-u"]).is_empty());
    git(root, &["commit", "--quiet", "--no-edit"]);
    litrev().arg("check").arg(root).assert().success();
    // --keep and --drop are only for that state.
    fails_saying(
        &[
            "resolve".as_ref(),
            "adams-2022".as_ref(),
            "--keep".as_ref(),
            root.as_os_str(),
        ],
        2,
        "was not deleted on one side",
    );
}

#[test]
fn a_clone_without_the_driver_is_told_to_run_git_setup_and_take_both_keeps_both_reviewers() {
    // .gitattributes names the driver (committed by a co-author), but this
    // clone's git config never ran git-setup.
    let fx = repo(true);
    let root = fx.root();
    git(root, &["config", "--unset", "merge.litrev.driver"]);
    git(root, &["config", "--unset", "merge.litrev.name"]);
    let check = litrev().arg("check").arg(root).output().expect("run");
    assert!(
        stdout(&check).contains(".gitattributes:1:1: warning: names the litrev merge driver, but this clone's git config does not set it up")
            && stdout(&check).contains("run `litrev git-setup` once in this clone"),
        "{}",
        stdout(&check)
    );
    let ids = two_reviewers(&fx);
    let merge = git_status(root, &["merge", "--no-edit", "cd"]);
    assert!(!merge.status.success(), "merged as text: conflicts");
    let id = &ids[0];
    let show = litrev()
        .args(["resolve", id])
        .arg(root)
        .output()
        .expect("run");
    assert!(
        stderr(&show).contains("run `litrev git-setup` once in this clone"),
        "{}",
        stderr(&show)
    );
    // Both reviewers' appraisals, keyed apart, are kept.
    let both = litrev()
        .args(["resolve", id, "--take", "both"])
        .arg(root)
        .output()
        .expect("run");
    assert!(both.status.success(), "{}", stderr(&both));
    let text = fs::read_to_string(fx.study_path(id)).expect("read");
    for r in ["consensus", "AB", "CD"] {
        assert_eq!(
            text.matches(&format!("reviewer = \"{r}\"")).count(),
            1,
            "{text}"
        );
    }
    assert!(!text.contains("<<<<<<<"), "{text}");
}

#[test]
fn the_consensus_conflicts_as_one_unit_through_git() {
    let fx = repo(true);
    let root = fx.root();
    git(root, &["checkout", "--quiet", "-b", "a"]);
    let text = fx.read("studies/andersen-2015.toml");
    let answers = text
        .lines()
        .find(|l| l.starts_with("answers = "))
        .expect("answers")
        .to_string();
    edit(
        &fx,
        "andersen-2015",
        &answers,
        &answers.replacen("= 1", "= 0", 1),
    );
    commit_all(root, "a: new consensus answer");
    git(root, &["checkout", "--quiet", "main"]);
    git(root, &["checkout", "--quiet", "-b", "b"]);
    let comment = text
        .lines()
        .find(|l| l.starts_with("comment = "))
        .expect("a consensus comment")
        .to_string();
    edit(&fx, "andersen-2015", &comment, "comment = \"Agreed low.\"");
    commit_all(root, "b: new consensus comment");
    git(root, &["checkout", "--quiet", "a"]);
    let merge = git_status(root, &["merge", "--no-edit", "b"]);
    assert!(!merge.status.success());
    assert!(
        stderr(&merge).contains("conflicting changes to appraisals[nos-cohort by consensus]"),
        "{}",
        stderr(&merge)
    );
    let merged = fx.read("studies/andersen-2015.toml");
    let c = litrev::team::conflict::split(&merged).expect("markers");
    // Each side's consensus stands whole: ours' answer with ours' comment.
    assert!(c.ours.contains(&answers.replacen("= 1", "= 0", 1)) && c.ours.contains(&comment));
    assert!(c.theirs.contains(&answers) && c.theirs.contains("Agreed low."));
}

#[test]
fn review_toml_merges_by_name_keeping_both_sides_comments() {
    let fx = repo(true);
    let root = fx.root();
    git(root, &["checkout", "--quiet", "-b", "a"]);
    let review = fx.read("review.toml");
    // Both sides append at the end of the file: as text, a conflict.
    fs::write(
        root.join("review.toml"),
        format!(
            "{}\n# Ana: registries too.\n[[designs]]\nkey = \"registry\"\nlabel = \"registry studies\"\n",
            review.replacen("label = \"RCTs\"", "label = \"randomised trials\"  # Ana", 1)
        ),
    )
    .expect("write");
    commit_all(root, "a renames RCTs, adds registries");
    git(root, &["checkout", "--quiet", "main"]);
    git(root, &["checkout", "--quiet", "-b", "b"]);
    fs::write(
        root.join("review.toml"),
        format!(
            "{review}\n# Ben: a field for the follow-up.\n[fields.follow_up]\nlabel = \"Follow-up\"\nkind = \"text\"\n"
        ),
    )
    .expect("write");
    commit_all(root, "b adds a field");
    git(root, &["checkout", "--quiet", "a"]);
    let merge = git_status(root, &["merge", "--no-edit", "b"]);
    assert!(
        merge.status.success(),
        "{}{}",
        stdout(&merge),
        stderr(&merge)
    );
    let merged = fx.read("review.toml");
    for want in [
        "label = \"randomised trials\"  # Ana",
        "# Ana: registries too.",
        "key = \"registry\"",
        "# Ben: a field for the follow-up.",
        "[fields.follow_up]",
    ] {
        assert!(merged.contains(want), "{want} missing:\n{merged}");
    }
    litrev().arg("check").arg(root).assert().success();
}

#[test]
fn history_shows_every_side_and_the_merge_that_did_not_take_it() {
    let fx = repo(true);
    let root = fx.root();
    git(root, &["checkout", "--quiet", "-b", "b"]);
    edit(&fx, "andersen-2015", "year = 2015\n", "year = 2017\n");
    commit_all(root, "b: the year");
    git(root, &["checkout", "--quiet", "main"]);
    edit(&fx, "andersen-2015", "year = 2015\n", "year = 2016\n");
    commit_all(root, "main: the year");
    let merge = git_status(root, &["merge", "--no-edit", "b"]);
    assert!(!merge.status.success());
    litrev()
        .args(["resolve", "andersen-2015", "--take", "ours"])
        .arg(root)
        .assert()
        .success();
    commit_all(root, "merge b, keeping our year");
    let out = litrev()
        .args(["history", "andersen-2015"])
        .arg(root)
        .output()
        .expect("run");
    let text = stdout(&out);
    let merge_line = text
        .lines()
        .position(|l| l.ends_with("merge b, keeping our year"))
        .expect("the merge is listed");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[merge_line + 1],
        "    no change on this side; not taken from the other side: year",
        "{text}"
    );
    let side = lines
        .iter()
        .position(|l| l.contains("b: the year"))
        .expect("the other side's commit is listed");
    assert!(lines[side].contains("(merged in by "), "{text}");
    assert_eq!(lines[side + 1], "    year");
}

#[test]
fn a_study_added_on_both_sides_is_named_and_take_both_keeps_both_appraisals() {
    let fx = repo(true);
    let root = fx.root();
    let new = |title: &str, reviewer: &str| {
        format!(
            "id = \"new-2024\"\ntitle = \"{title}\"\nauthors = [\"New, A\"]\nyear = 2024\ndesign = \"rct\"\n\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"{reviewer}\"\nanswers = {{ d1 = \"low\" }}\n"
        )
    };
    git(root, &["checkout", "--quiet", "-b", "a"]);
    fs::write(fx.study_path("new-2024"), new("Ours", "AS")).expect("write");
    commit_all(root, "a adds");
    git(root, &["checkout", "--quiet", "main"]);
    git(root, &["checkout", "--quiet", "-b", "b"]);
    fs::write(fx.study_path("new-2024"), new("Theirs", "BK")).expect("write");
    commit_all(root, "b adds");
    git(root, &["checkout", "--quiet", "a"]);
    let merge = git_status(root, &["merge", "--no-edit", "b"]);
    assert!(!merge.status.success());
    let check = litrev().arg("check").arg(root).output().expect("run");
    assert!(
        stdout(&check).contains("merge conflict: added on both sides with different contents: keep one with `litrev resolve new-2024 --take ours` (or theirs), or both reviewers' appraisals with `litrev resolve new-2024 --take both`"),
        "{}",
        stdout(&check)
    );
    let show = litrev()
        .args(["resolve", "new-2024"])
        .arg(root)
        .output()
        .expect("run");
    assert!(
        stdout(&show).contains("(added on both sides of the merge"),
        "{}",
        stdout(&show)
    );
    let both = litrev()
        .args(["resolve", "new-2024", "--take", "both"])
        .arg(root)
        .output()
        .expect("run");
    assert!(both.status.success(), "{}", stderr(&both));
    assert!(
        stdout(&both).contains("ours unless --field): title"),
        "{}",
        stdout(&both)
    );
    let text = fx.read("studies/new-2024.toml");
    assert!(text.contains("title = \"Ours\""), "{text}");
    for r in ["AS", "BK"] {
        assert!(text.contains(&format!("reviewer = \"{r}\"")), "{text}");
    }
}
