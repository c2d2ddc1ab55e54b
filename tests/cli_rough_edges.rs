//! The rough edges a new user hit on the command line: finding the review
//! from a folder below it, clear errors for a word that is no command or a
//! file where a review folder is expected, and the warnings of `check`.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

/// Runs `litrev ARGS` in `cwd` and returns its output, asserting the exit status.
fn run_in(cwd: &Path, args: &[&str], code: i32) -> std::process::Output {
    let out = litrev()
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run litrev");
    assert_eq!(
        out.status.code(),
        Some(code),
        "litrev {args:?} in {}\nstdout:\n{}\nstderr:\n{}",
        cwd.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

fn total(out: &std::process::Output) -> u64 {
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    v["total"].as_u64().expect("a total")
}

// ---------------------------------------------------------------------------
// 1. Finding the review from a folder below it.

#[test]
fn commands_inside_a_review_find_it_in_a_parent_folder() {
    let studies = example_dir().join("studies");
    let out = run_in(&studies, &["tally", "--format", "json"], 0);
    assert_eq!(total(&out), 75, "the example's 75 studies are counted");
    let out = run_in(&studies, &["list", "--format", "json"], 0);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 75);
    let out = run_in(&studies, &["check"], 0);
    assert!(
        stderr(&out).contains("75 studies checked, no problems"),
        "{}",
        stderr(&out)
    );

    // Two levels down, in a folder the review does not know about.
    let fx = Fixture::example();
    let deep = fx.root().join("notes").join("drafts");
    std::fs::create_dir_all(&deep).unwrap();
    let out = run_in(&deep, &["tally", "--format", "json"], 0);
    assert_eq!(total(&out), 75);
    // Problems are reported at paths that work from where the user stands.
    let bad = "id = \"bad\"\ntitle = \"B\"\nyear = 1200\n";
    fx.write_study("bad", bad);
    let out = run_in(&deep, &["check"], 1);
    let text = stdout(&out);
    let expected = Path::new("..").join("..").join("studies").join("bad.toml");
    assert!(
        text.contains(&format!("{}:3:8: year 1200", expected.display())),
        "{text}"
    );
}

#[test]
fn the_nearest_review_wins_and_a_review_without_review_toml_is_not_crossed() {
    let outer = Fixture::example();
    // A review nested inside another review's folder: the inner one is used.
    let inner = outer.root().join("sub-review");
    std::fs::create_dir_all(inner.join("studies")).unwrap();
    std::fs::write(
        inner.join("review.toml"),
        "format = 1\ntitle = \"Inner\"\n\n[[designs]]\nkey = \"qual\"\nlabel = \"qualitative\"\n",
    )
    .unwrap();
    let out = run_in(&inner.join("studies"), &["tally", "--format", "json"], 0);
    assert_eq!(total(&out), 0, "the inner review, not the outer one");

    // A folder that is clearly a review (it has studies/) but lost its
    // review.toml: the parent's review is not opened in its place.
    std::fs::remove_file(inner.join("review.toml")).unwrap();
    for cwd in [inner.clone(), inner.join("studies")] {
        let out = run_in(&cwd, &["tally"], 2);
        let err = stderr(&out);
        assert!(err.contains("no review.toml"), "{err}");
        assert!(err.contains("studies"), "{err}");
        assert!(!out.stdout.starts_with(b"Included"), "nothing counted");
    }
}

#[test]
fn with_no_review_above_the_error_says_where_it_looked() {
    let empty = tempfile::tempdir().unwrap();
    let out = run_in(empty.path(), &["list"], 2);
    let err = stderr(&out);
    assert!(
        err.contains("no review.toml in the current folder or any folder above it"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------
// 2. Clear errors.

#[test]
fn a_word_that_is_no_command_is_an_unknown_command() {
    let empty = tempfile::tempdir().unwrap();
    for args in [&["publish"][..], &["plot", "x"], &["frobnicate", "--flag"]] {
        let out = run_in(empty.path(), args, 2);
        let err = stderr(&out);
        assert!(
            err.contains(&format!("unknown command '{}'", args[0])),
            "{args:?}: {err}"
        );
        let listed = err.split("the commands are ").nth(1).unwrap_or("");
        for c in ["tally", "list", "check", "import", "export", "new"] {
            assert!(listed.contains(c), "{c} is listed: {err}");
        }
        assert!(err.contains("litrev --help"), "{err}");
        assert!(!err.contains("litrev new publish"), "{err}");
        assert_eq!(err.lines().count(), 1, "one clear line: {err}");
        assert!(out.stdout.is_empty());
    }
    // A folder of that name is a review folder, not a command.
    let fx = Fixture::example();
    let parent = fx.root().parent().unwrap();
    let name = fx.root().file_name().unwrap().to_str().unwrap();
    let out = run_in(parent, &["tally", name, "--format", "json"], 0);
    assert_eq!(total(&out), 75);
}

#[test]
fn a_file_where_a_review_folder_is_expected_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("refs.ris"), "TY  - JOUR\nER  - \n").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "notes\n").unwrap();
    for args in [
        &["refs.ris"][..],
        &["list", "refs.ris"],
        &["tally", "refs.ris"],
        &["check", "refs.ris"],
    ] {
        let out = run_in(dir.path(), args, 2);
        let err = stderr(&out);
        assert!(
            err.contains(
                "refs.ris is a file, not a review folder; a review folder holds review.toml (create one with `litrev new DIR`)"
            ),
            "{args:?}: {err}"
        );
        assert!(err.contains("import"), "a reference file hint: {err}");
        assert!(err.contains("litrev import FILE --into REVIEW"), "{err}");
        assert!(!err.contains("os error"), "{err}");
    }
    // Any other file gets no reference-file hint.
    let out = run_in(dir.path(), &["list", "notes.txt"], 2);
    let err = stderr(&out);
    assert!(
        err.contains("notes.txt is a file, not a review folder"),
        "{err}"
    );
    assert!(!err.contains("import"), "{err}");
}

#[test]
fn a_missing_folder_says_it_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("my-review");
    for args in [
        vec![p(&missing)],
        vec!["list", p(&missing)],
        vec!["tally", p(&missing)],
        vec!["check", p(&missing)],
    ] {
        let out = run_in(dir.path(), &args, 2);
        let err = stderr(&out);
        assert!(
            err.contains(&format!("{} does not exist", missing.display())),
            "{args:?}: {err}"
        );
        assert!(!err.contains("os error"), "{err}");
        assert!(!err.contains("litrev new"), "{err}");
    }
    // Named relative to the current folder, with a dot, or by a bare word
    // after a command: still a folder that does not exist.
    for args in [&["./nope"][..], &["refs.ris"], &["list", "nope"]] {
        let out = run_in(dir.path(), args, 2);
        let err = stderr(&out);
        assert!(err.contains("does not exist"), "{args:?}: {err}");
    }
}

#[test]
fn an_existing_folder_without_review_toml_suggests_litrev_new() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path().parent().unwrap(), &["list", p(dir.path())], 2);
    let err = stderr(&out);
    assert!(err.contains("no review.toml"), "{err}");
    assert!(err.contains("litrev new"), "{err}");
}

// ---------------------------------------------------------------------------
// 3. The warnings of `check`.

/// A small review whose studies are written by the test.
fn review() -> Fixture {
    Fixture::new(
        "format = 1\ntitle = \"Warnings\"\n\n[[designs]]\nkey = \"qual\"\nlabel = \"qualitative studies\"\n",
    )
}

fn full(id: &str, extra: &str) -> String {
    format!(
        "id = \"{id}\"\ntitle = \"Study {id}\"\nauthors = [\"Smith, Jane\"]\nyear = 2020\ndesign = \"qual\"\n{extra}"
    )
}

#[test]
fn check_warns_about_two_studies_with_the_same_doi() {
    let fx = review();
    let a_text = full("a", "doi = \"https://doi.org/10.1000/ABC.123\"\n");
    let a = fx.write_study("a", &a_text);
    let b_text = full("b", "doi = \"10.1000/abc.123\"\n");
    let b = fx.write_study("b", &b_text);
    let c_text = full("c", "doi = \"doi:10.1000/other\"\n");
    fx.write_study("c", &c_text);

    let out = run_in(fx.root(), &["check", p(fx.root())], 0);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 2, "{text}");
    let line_a = format!(
        "{}warning: DOI 10.1000/abc.123 is also the DOI of b.toml",
        at(&a, &a_text, "\"https://doi.org/10.1000/ABC.123\"")
    );
    let line_b = format!(
        "{}warning: DOI 10.1000/abc.123 is also the DOI of a.toml",
        at(&b, &b_text, "\"10.1000/abc.123\"")
    );
    assert!(text.lines().any(|l| l.starts_with(&line_a)), "{text}");
    assert!(text.lines().any(|l| l.starts_with(&line_b)), "{text}");
    let err = stderr(&out);
    assert!(err.contains("2 warnings in 2 files"), "{err}");
    assert!(err.contains("3 studies checked"), "{err}");
}

#[test]
fn check_warns_about_a_study_without_design_authors_or_year() {
    let fx = review();
    let only_title = "id = \"bare\"\ntitle = \"Only a title\"\n";
    let bare = fx.write_study("bare", only_title);
    let no_year =
        "id = \"no-year\"\ntitle = \"T\"\nauthors = [\"Smith, Jane\"]\ndesign = \"qual\"\n";
    let ny = fx.write_study("no-year", no_year);
    fx.write_study("fine", &full("fine", ""));

    let out = run_in(fx.root(), &["check", p(fx.root())], 0);
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "{}:1:1: warning: no authors, year or design",
            bare.display()
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("{}:1:1: warning: no year", ny.display())),
        "{text}"
    );
    assert_eq!(text.lines().count(), 2, "{text}");
}

#[test]
fn check_warns_about_an_author_written_given_name_first() {
    let fx = review();
    let text = "id = \"soderstrom-2019\"\ntitle = \"T\"\nauthors = [\"Kim, Lee\", \"Anna Söderström\", \"WHO\", \"Cochrane Airways Group\", \"Smith JA\"]\nyear = 2019\ndesign = \"qual\"\n";
    let path = fx.write_study("soderstrom-2019", text);
    let out = run_in(fx.root(), &["check", p(fx.root())], 0);
    let out_text = stdout(&out);
    assert!(
        out_text.contains(&format!(
            "{}warning: author \"Anna Söderström\" has no comma: write \"Family, Given\" (\"Söderström, Anna\")",
            at(&path, text, "\"Anna Söderström\"")
        )),
        "{out_text}"
    );
    assert!(
        out_text
            .contains("author \"Smith JA\" has no comma: write \"Family, Given\" (\"Smith, JA\")"),
        "{out_text}"
    );
    assert_eq!(
        out_text.lines().count(),
        2,
        "a one-word name or an organisation is not warned about: {out_text}"
    );
}

#[test]
fn a_file_name_that_is_no_valid_id_suggests_renaming_the_file() {
    let fx = review();
    let text = full("hughes-2018", "");
    let path = fx.write_study("Hughes_2018", &text);
    let out = run_in(fx.root(), &["check", p(fx.root())], 1);
    let out_text = stdout(&out);
    assert!(
        out_text.contains(&format!(
            "{}id \"hughes-2018\" must match the file name: rename the file to hughes-2018.toml",
            at(&path, &text, "\"hughes-2018\"")
        )),
        "{out_text}"
    );
    assert!(!out_text.contains("set id = \"Hughes_2018\""), "{out_text}");
}

#[test]
fn errors_exit_1_and_warnings_alone_exit_0_as_help_says() {
    let fx = review();
    fx.write_study("bare", "id = \"bare\"\ntitle = \"Only a title\"\n");
    let out = run_in(fx.root(), &["check", p(fx.root())], 0);
    assert!(
        stderr(&out).contains("1 warning in 1 file"),
        "{}",
        stderr(&out)
    );

    fx.write_study("bad", "id = \"bad\"\ntitle = \"B\"\nyear = 1200\n");
    let out = run_in(fx.root(), &["check", p(fx.root())], 1);
    assert!(
        stderr(&out).contains("1 problem and 1 warning in 2 files"),
        "{}",
        stderr(&out)
    );

    let out = run_in(fx.root(), &["check", "--help"], 0);
    let help = stdout(&out);
    assert!(help.contains("warning"), "{help}");
    assert!(
        help.contains("Exit status: 0 no problems, or only warnings"),
        "{help}"
    );
}

#[test]
fn the_example_has_no_warnings() {
    let out = run_in(&example_dir(), &["check"], 0);
    assert!(out.stdout.is_empty(), "{}", stdout(&out));
}

#[test]
fn new_on_a_file_says_it_is_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("refs.ris"), "TY  - JOUR\n").unwrap();
    let out = run_in(dir.path(), &["new", "refs.ris"], 2);
    let err = stderr(&out);
    assert!(
        err.contains("refs.ris is a file: name a new folder for the review"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
}
