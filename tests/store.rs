//! The loader, validation and the saver, through the library API: every
//! problem located at file:line:col, one broken file never hiding the others,
//! and saves that are atomic, minimal, comment-keeping and conflict-safe.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use litrev::appraisal::Registry;
use litrev::model::{Answer, Appraisal, FieldValue, Review, Study};
use litrev::store::write::render_study;
use litrev::store::{LoadError, Loaded, SaveError};
use litrev::store::{delete_study, force_save_study, load, save_study, study_path};
use litrev::text::problem::Problem;
use proptest::prelude::*;

fn loaded(fx: &Fixture) -> Loaded {
    load(fx.root()).expect("the review loads")
}

/// A review with the `other` taxonomy and one good study, plus `name.toml`
/// holding `text`; returns the fixture and the loaded review.
fn with_study(name: &str, text: &str) -> (Fixture, Loaded) {
    let fx = Fixture::new(&other_review_toml("brackets"));
    fx.write_study("good", &study("good", Some(1), "qual", "Fine", ""));
    fx.write_study(name, text);
    let l = loaded(&fx);
    (fx, l)
}

/// Asserts exactly one problem, at `needle` in `text` (or at `pos`), whose
/// message contains `message`.
fn assert_one_problem(l: &Loaded, path: &Path, text: &str, needle: &str, message: &str) {
    let (line, col) = loc(text, needle);
    assert_problems(l, &[(path, line, col, message)]);
}

fn assert_problems(l: &Loaded, want: &[(&Path, usize, usize, &str)]) {
    let got: Vec<String> = l.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(l.problems.len(), want.len(), "problems: {got:#?}");
    for (path, line, col, message) in want {
        assert!(
            l.problems.iter().any(|p: &Problem| p.path == *path
                && p.line == *line
                && p.col == *col
                && p.message.contains(message)),
            "want {}:{line}:{col}: …{message}… in {got:#?}",
            path.display()
        );
    }
}

fn ids(l: &Loaded) -> Vec<&str> {
    l.studies().map(|s| s.id.as_str()).collect()
}

// ---------------------------------------------------------------------------
// 5. Validation, each problem at its file:line:col.

#[test]
fn malformed_toml_is_located_and_the_file_left_out() {
    let text = "id = \"dup\"\ntitle = \"One\"\ntitle = \"Two\"\n";
    let (fx, l) = with_study("dup", text);
    let path = fx.study_path("dup");
    assert_one_problem(
        &l,
        &path,
        text,
        "title = \"Two\"",
        "not valid TOML: duplicate key",
    );
    assert_eq!(ids(&l), ["good"], "the good study still loads");
    assert_eq!(l.broken, [path]);

    // An unclosed table header is reported where the `]` is missing.
    let text = "id = \"open\"\ntitle = \"Open\"\n[extraction\nsetting = \"home\"\n";
    let (fx, l) = with_study("open", text);
    let (line, col) = loc(text, "[extraction");
    let path = fx.study_path("open");
    assert_problems(
        &l,
        &[(&path, line, col + "[extraction".len(), "not valid TOML")],
    );
    assert_eq!(ids(&l), ["good"]);
}

#[test]
fn wrong_types_name_what_was_expected_and_what_was_found() {
    let cases: [(&str, &str, &str); 6] = [
        (
            "year = \"2020a\"",
            "\"2020a\"",
            "year must be an integer, found \"2020a\"",
        ),
        (
            "year = 2020.5",
            "2020.5",
            "year must be an integer, found the number 2020.5",
        ),
        (
            "ref = \"12\"",
            "\"12\"",
            "ref must be an integer, found \"12\"",
        ),
        (
            "authors = \"Smith, Jane\"",
            "\"Smith, Jane\"",
            "authors must be an array of strings, found \"Smith, Jane\"",
        ),
        (
            "tags = [\"ok\", 3]",
            "3]",
            "every entry of tags must be a string, found the integer 3",
        ),
        (
            "title = [\"A\"]",
            "[\"A\"]",
            "title must be a string, found an array",
        ),
    ];
    for (line, needle, message) in cases {
        let text = format!("id = \"typed\"\ntitle = \"T\"\n{line}\ndesign = \"qual\"\n").replacen(
            "title = \"T\"\ntitle",
            "title",
            1,
        );
        let (fx, l) = with_study("typed", &text);
        let path = fx.study_path("typed");
        let (ln, col) = loc(&text, &format!("{line}\n"));
        let (_, vcol) = loc(line, needle);
        assert_problems(&l, &[(&path, ln, col + vcol - 1, message)]);
        assert_eq!(
            ids(&l),
            ["good"],
            "{line}: a wrongly typed record is left out"
        );
        assert_eq!(l.broken, [path]);
    }
}

#[test]
fn the_example_message_of_docs_format_reads_as_documented() {
    // As docs/format.md shows: `studies/smith-2019.toml:4:8: year must be an integer, found "2020a"`.
    let text = "id = \"smith-2019\"\nref = 3\ntitle = \"Smith\"\nyear = \"2020a\"\n";
    let (fx, l) = with_study("smith-2019", text);
    assert_eq!(
        l.problems[0].to_string(),
        format!(
            "{}:4:8: year must be an integer, found \"2020a\"",
            fx.study_path("smith-2019").display()
        )
    );
}

#[test]
fn ids_must_match_the_file_stem_and_the_pattern() {
    let text = study("brown-2020", Some(2), "qual", "Stem", "");
    let (fx, l) = with_study("brown", &text);
    assert_one_problem(
        &l,
        &fx.study_path("brown"),
        &text,
        "\"brown-2020\"",
        "id \"brown-2020\" must match the file name: rename the file to brown-2020.toml or set id = \"brown\"",
    );
    assert_eq!(ids(&l), ["good"]);

    for bad in ["Smith 2019", "-lead", "a..b", "über", &"x".repeat(81)] {
        let text = study(bad, Some(2), "qual", "Pattern", "");
        let (fx, l) = with_study("pattern", &text);
        assert_one_problem(
            &l,
            &fx.study_path("pattern"),
            &text,
            &format!("\"{bad}\""),
            &format!("id \"{bad}\" is not valid"),
        );
        assert_eq!(ids(&l), ["good"], "id {bad:?}");
    }

    let text = "title = \"No id\"\n";
    let (fx, l) = with_study("noid", text);
    assert_problems(&l, &[(&fx.study_path("noid"), 1, 1, "missing `id`")]);
}

#[test]
fn an_id_that_climbs_out_of_studies_is_rejected_and_never_a_path() {
    let text = study("../evil", Some(2), "qual", "Evil", "");
    let (fx, l) = with_study("evil", &text);
    assert_one_problem(
        &l,
        &fx.study_path("evil"),
        &text,
        "\"../evil\"",
        "id \"../evil\" is not valid",
    );
    assert_eq!(ids(&l), ["good"]);

    // The saver never turns such an id into a path.
    for id in [
        "../evil",
        "../../etc/passwd",
        "a/b",
        "/abs",
        ".hidden",
        "..",
        "",
    ] {
        assert_eq!(study_path(fx.root(), id), None, "{id:?}");
        let s = Study {
            id: id.to_string(),
            title: "Evil".into(),
            ..Study::default()
        };
        let before = fx.snapshot();
        let r = save_study(fx.root(), &l.review, &s, None);
        assert!(matches!(r, Err(SaveError::BadId { .. })), "{id:?}: {r:?}");
        let r = delete_study(fx.root(), id, "");
        assert!(matches!(r, Err(SaveError::BadId { .. })), "{id:?}: {r:?}");
        assert_eq!(
            fx.snapshot(),
            before,
            "{id:?}: nothing written in the review"
        );
        assert!(!fx.root().join("evil.toml").exists());
        assert!(!fx.root().parent().unwrap().join("evil.toml").exists());
    }
}

#[test]
fn duplicate_refs_are_reported_at_each_use_unless_every_user_shares_it() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    let a = study("a", Some(7), "qual", "A", "");
    let b = study("b", Some(7), "qual", "B", "ref_shared = true\n");
    let c = study("c", Some(8), "qual", "C", "");
    fx.write_study("a", &a);
    fx.write_study("b", &b);
    fx.write_study("c", &c);
    let l = loaded(&fx);
    let (la, ca) = loc(&a, "7\n");
    let (lb, cb) = loc(&b, "7\n");
    assert_problems(
        &l,
        &[
            (&fx.study_path("a"), la, ca, "ref 7 is also used by b"),
            (&fx.study_path("b"), lb, cb, "ref 7 is also used by a"),
        ],
    );
    // Both stay usable (a duplicate number is a problem to fix, not a reason
    // to hide a study).
    assert_eq!(ids(&l), ["a", "b", "c"]);

    // Deliberately shared by every user (as ref 47 in the example): fine.
    fx.write_study(
        "a",
        &study("a", Some(7), "qual", "A", "ref_shared = true\n"),
    );
    let l = loaded(&fx);
    assert!(l.problems.is_empty(), "{:?}", l.problems);
}

#[test]
fn a_design_outside_the_taxonomy_is_reported_but_the_study_kept() {
    let text = study("d", Some(2), "trial/stepped-wedge", "D", "");
    let (fx, l) = with_study("d", &text);
    assert_one_problem(
        &l,
        &fx.study_path("d"),
        &text,
        "\"trial/stepped-wedge\"",
        "design \"trial/stepped-wedge\" is not in the taxonomy: expected one of trial, trial/parallel, trial/crossover, observational",
    );
    assert_eq!(ids(&l), ["good", "d"]);
}

#[test]
fn extraction_values_must_fit_their_field() {
    // The wrong value follows a non-ASCII one on the same line: columns count
    // characters, not bytes.
    let text = study(
        "x",
        Some(2),
        "qual",
        "X",
        "extraction = { outcomes = [\"smärta\", \"función\"], sample_size = \"many\" }\n",
    );
    let (fx, l) = with_study("x", &text);
    assert_one_problem(
        &l,
        &fx.study_path("x"),
        &text,
        "\"many\"",
        "extraction.sample_size (integer) must be an integer, found \"many\"",
    );
    assert_eq!(ids(&l), ["good", "x"]);

    let text = study(
        "y",
        Some(2),
        "qual",
        "Y",
        "\n[extraction]\noutcomes = \"pain\"\nsetting = \"hospital\"\nward = \"B\"\n",
    );
    let (fx, l) = with_study("y", &text);
    let path = fx.study_path("y");
    let (l1, c1) = loc(&text, "\"pain\"");
    let (l2, c2) = loc(&text, "\"hospital\"");
    let (l3, c3) = loc(&text, "\"B\"");
    assert_problems(
        &l,
        &[
            (
                &path,
                l1,
                c1,
                "extraction.outcomes (list) must be an array of strings, found \"pain\"",
            ),
            (
                &path,
                l2,
                c2,
                "extraction.setting must be one of \"clinic\", \"home\", \"community\", found \"hospital\"",
            ),
            (
                &path,
                l3,
                c3,
                "extraction.ward is not declared in review.toml ([fields.ward])",
            ),
        ],
    );
    // Values are kept as written, so a save never loses them.
    let s = l.get("y").expect("kept").study.clone();
    assert_eq!(
        s.extraction_value("setting"),
        Some(&FieldValue::Text("hospital".into()))
    );
    assert_eq!(
        s.extraction_value("ward"),
        Some(&FieldValue::Text("B".into()))
    );
}

#[test]
fn implausible_years_are_reported() {
    for year in ["1200", "3000", "-5"] {
        let text = format!("id = \"y\"\ntitle = \"Y\"\nyear = {year}\n");
        let (fx, l) = with_study("y", &text);
        assert_one_problem(
            &l,
            &fx.study_path("y"),
            &text,
            &format!("{year}\n"),
            &format!("year {year} is not plausible: expected a year from 1800 to"),
        );
    }
    // The plausible range includes next year (in press) and 1800.
    for year in ["1800", "2025"] {
        let (_, l) = with_study("y", &format!("id = \"y\"\ntitle = \"Y\"\nyear = {year}\n"));
        // Only warned about: the study has no authors or design.
        assert!(
            l.problems.iter().all(|p| p.is_warning()),
            "{year}: {:?}",
            l.problems
        );
    }
}

#[test]
fn unknown_keys_are_not_problems_and_are_kept_in_the_model() {
    let text = study(
        "u",
        Some(2),
        "qual",
        "U",
        "funding = \"NIHR\"\npriority = 3\n\n[screening]\nby = \"AB\"\n",
    );
    let (_, l) = with_study("u", &text);
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let s = &l.get("u").unwrap().study;
    let extra: Vec<&str> = s.extra.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(extra, ["funding", "priority", "screening"]);
}

#[test]
fn a_bad_review_toml_stops_the_load_with_located_problems() {
    // An empty needle: the problem is about the whole file (1:1).
    let cases: [(&str, &str, &str); 9] = [
        ("title = \"No format\"\n", "", "missing `format = 1`"),
        (
            "format = 2\ntitle = \"T\"\n",
            "2\n",
            "this review uses format 2, but this litrev reads format 1: install a newer litrev",
        ),
        (
            "format = \"1\"\ntitle = \"T\"\n",
            "\"1\"",
            "format must be an integer, found \"1\"",
        ),
        (
            "format = 0\ntitle = \"T\"\n",
            "0\n",
            "unknown format 0: expected 1",
        ),
        (
            "format = 1\ntitle = \"T\"\ncitation_style = \"vancouver\"\n",
            "\"vancouver\"",
            "citation_style must be one of brackets, superscript, parentheses, none, pandoc, latex, author-year, found \"vancouver\"",
        ),
        (
            "format = 1\ntitle = \"T\"\n[[designs]]\nkey = \"Qual Studies\"\n",
            "\"Qual Studies\"",
            "design key \"Qual Studies\" must use only a-z, 0-9 and -",
        ),
        (
            "format = 1\ntitle = \"T\"\n[[designs]]\nkey = \"a\"\n[[designs]]\nkey = \"a\" # again\n",
            "\"a\" # again",
            "design key \"a\" is used twice among its siblings",
        ),
        (
            "format = 1\ntitle = \"T\"\n[fields.setting]\nkind = \"choice\"\n",
            "[fields.setting]",
            "fields.setting is a choice field but lists no `choices`",
        ),
        (
            "format = 1\ntitle = \"T\"\n[[designs]]\nlabel = \"x\"\n",
            "[[designs]]",
            "every entry of designs needs a `key`",
        ),
    ];
    for (toml, needle, message) in cases {
        let fx = Fixture::new(toml);
        fx.write_study("a", &study("a", Some(1), "x", "A", ""));
        let review = fx.root().join("review.toml");
        let Err(LoadError::BadReview { path, problems }) = load(fx.root()) else {
            panic!("{toml:?} must not load");
        };
        assert_eq!(path, review);
        let (line, col) = if needle.is_empty() {
            (1, 1)
        } else {
            loc(toml, needle)
        };
        assert!(
            problems.iter().any(|p| p.path == review
                && p.line == line
                && p.col == col
                && p.message.contains(message)),
            "{toml:?}: want {line}:{col}: {message} in {problems:#?}"
        );
    }

    // Malformed TOML in review.toml.
    let toml = "format = 1\ntitle = \"T\"\ntitle = \"again\"\n";
    let fx = Fixture::new(toml);
    let Err(LoadError::BadReview { problems, .. }) = load(fx.root()) else {
        panic!("must not load");
    };
    let (line, col) = loc(toml, "title = \"again\"");
    assert_eq!((problems[0].line, problems[0].col), (line, col));
    assert!(problems[0].message.starts_with("not valid TOML"));

    // No review.toml at all.
    let empty = tempfile::tempdir().unwrap();
    assert!(matches!(
        load(empty.path()),
        Err(LoadError::NotAReview { .. })
    ));
}

// ---------------------------------------------------------------------------
// 6. One broken file among good ones (library side).

#[test]
fn one_broken_file_never_hides_the_others() {
    let fx = other_review("brackets");
    let bad = "id = \"zz-broken\"\ntitle = \"x\"\nyear = = 2020\n";
    fx.write_study("zz-broken", bad);
    fx.write_study("not-utf8", "");
    fs::write(
        fx.study_path("not-utf8"),
        b"id = \"not-utf8\"\ntitle = \"\xff\"\n",
    )
    .unwrap();
    let l = loaded(&fx);
    assert_eq!(l.studies.len(), 22);
    let mut broken: Vec<PathBuf> = l.broken.clone();
    broken.sort();
    assert_eq!(
        broken,
        [fx.study_path("not-utf8"), fx.study_path("zz-broken")]
    );
    assert!(
        l.problems
            .iter()
            .any(|p| p.path == fx.study_path("not-utf8") && p.message.contains("not UTF-8"))
    );
    assert!(
        l.problems
            .iter()
            .any(|p| p.path == fx.study_path("zz-broken") && p.line == 3)
    );
    // Files that are not studies are not loaded at all.
    fs::write(fx.root().join("studies/README.md"), "notes").unwrap();
    assert_eq!(loaded(&fx).studies.len(), 22);
}

// ---------------------------------------------------------------------------
// 7. The saver.

#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(p).expect("metadata").ino()
}

#[test]
fn saving_every_unchanged_study_writes_nothing() {
    let fx = Fixture::example();
    let before = fx.snapshot();
    let l = loaded(&fx);
    assert_eq!(l.studies.len(), 75);
    #[cfg(unix)]
    let inodes: Vec<u64> = l
        .studies
        .iter()
        .map(|e| inode(&fx.study_path(&e.study.id)))
        .collect();
    for e in &l.studies {
        let text = save_study(fx.root(), &l.review, &e.study, Some(&e.source))
            .unwrap_or_else(|err| panic!("{}: {err}", e.study.id));
        assert_eq!(text, e.source, "{}: the new base is the file", e.study.id);
    }
    assert_eq!(
        fx.snapshot(),
        before,
        "every file byte-identical, no temp file left"
    );
    #[cfg(unix)]
    for (e, ino) in l.studies.iter().zip(inodes) {
        assert_eq!(
            inode(&fx.study_path(&e.study.id)),
            ino,
            "{} was rewritten",
            e.study.id
        );
    }
    // Rendering an unchanged study against its own text is the identity.
    for e in &l.studies {
        assert_eq!(
            render_study(&Registry::builtin(), &e.study, Some(&e.source)),
            e.source
        );
    }
}

#[test]
fn editing_one_study_rewrites_only_its_changed_values() {
    let fx = Fixture::example();
    let before = fx.snapshot();
    let l = loaded(&fx);
    let e = l
        .get("unsgaard-tondel-2021")
        .expect("the real study")
        .clone();
    let mut s = e.study.clone();
    s.year = Some(2022);
    s.extraction
        .iter_mut()
        .filter(|(k, _)| k == "sample_size")
        .for_each(|(_, v)| *v = FieldValue::Integer(6));
    let consensus = s.appraisals.iter_mut().find(|a| a.is_consensus()).unwrap();
    consensus.comment = Some("Purposive sample of five.".into());

    let text = save_study(fx.root(), &l.review, &s, Some(&e.source)).expect("saved");
    let want = e
        .source
        .replace("year = 2021", "year = 2022")
        .replace("sample_size = 5", "sample_size = 6")
        .replace(
            "comment = \"Small sample, but purposive and appropriate to the aim.\"",
            "comment = \"Purposive sample of five.\"",
        );
    assert_ne!(want, e.source);
    assert_eq!(text, want, "only the three values changed");
    let rel = PathBuf::from("studies/unsgaard-tondel-2021.toml");
    let after = fx.snapshot();
    assert_eq!(after[&rel], want.as_bytes());
    for (path, bytes) in &before {
        if *path != rel {
            assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
        }
    }
    assert_eq!(after.len(), before.len(), "no temp file left behind");
    // And it reads back as edited.
    let again = loaded(&fx);
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    assert_eq!(again.get("unsgaard-tondel-2021").unwrap().study, s);
}

const COMMENTED: &str = r#"# Screened by AB on 2024-03-01.
id = "kept-2019"
ref = 3
title = "Comments are kept"
# The year was corrected from the PDF.
year = 2019 # checked against the PDF
journal = "Old Journal"   # abbreviation expanded
design = "qual"
funding = "NIHR"  # a key litrev does not know
tags = ["a", "b"]

[extraction]
# Counted from table 1.
sample_size = 40 # participants
setting = "home"

[screening] # a table litrev does not know
round = 2
"#;

#[test]
fn comments_and_unknown_keys_survive_an_edit() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    fx.write_study("kept-2019", COMMENTED);
    let l = loaded(&fx);
    // Only warned about: the study has no authors.
    assert!(
        l.problems.iter().all(|p| p.is_warning()),
        "{:?}",
        l.problems
    );
    let e = l.get("kept-2019").unwrap().clone();
    let mut s = e.study.clone();
    s.year = Some(2018);
    s.journal = Some("New Journal".into());
    s.tags.push("c".into());
    s.extraction[0].1 = FieldValue::Integer(42);

    let text = save_study(fx.root(), &l.review, &s, Some(&e.source)).expect("saved");
    let want = COMMENTED
        .replace("year = 2019 #", "year = 2018 #")
        .replace("\"Old Journal\"   #", "\"New Journal\"   #")
        .replace("tags = [\"a\", \"b\"]", "tags = [\"a\", \"b\", \"c\"]")
        .replace("sample_size = 40 #", "sample_size = 42 #");
    assert_eq!(text, want);
    assert_eq!(fx.read("studies/kept-2019.toml"), want);

    // Removing a value drops just that key.
    let e2 = loaded(&fx).get("kept-2019").unwrap().clone();
    let mut s2 = e2.study.clone();
    s2.journal = None;
    let text = save_study(fx.root(), &l.review, &s2, Some(&e2.source)).expect("saved");
    assert_eq!(
        text,
        want.replace("journal = \"New Journal\"   # abbreviation expanded\n", "")
    );
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten() {
    let fx = other_review("brackets");
    let l = loaded(&fx);
    let e = l.get("par-a").unwrap().clone();
    let mut mine = e.study.clone();
    mine.title = "My title".into();

    // A co-author's change arrives (say, by `git pull`).
    let theirs = e.source.replace("Exercise study par-a", "Their title");
    let path = fx.study_path("par-a");
    fs::write(&path, &theirs).unwrap();
    match save_study(fx.root(), &l.review, &mine, Some(&e.source)) {
        Err(SaveError::Conflict { path: p, disk }) => {
            assert_eq!(p, path);
            assert_eq!(disk.as_deref(), Some(theirs.as_str()));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        theirs,
        "their file untouched"
    );

    // "Keep mine" is an explicit choice.
    force_save_study(fx.root(), &l.review, &mine, Some(&e.source)).expect("forced");
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("title = \"My title\"")
    );
}

#[test]
fn the_conflict_check_compares_content_not_only_the_clock() {
    let fx = other_review("brackets");
    let l = loaded(&fx);
    let path = fx.study_path("par-b");
    let e = l.get("par-b").unwrap().clone();
    let mut mine = e.study.clone();
    mine.year = Some(2017);

    // Same length, same modification time, different content.
    let mtime = fs::metadata(&path).unwrap().modified().unwrap();
    let theirs = e.source.replace("year = 2019", "year = 2016");
    assert_eq!(theirs.len(), e.source.len());
    fs::write(&path, &theirs).unwrap();
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert!(matches!(
        save_study(fx.root(), &l.review, &mine, Some(&e.source)),
        Err(SaveError::Conflict { .. })
    ));
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);

    // A touched but unchanged file is not a conflict.
    fs::write(&path, &e.source).unwrap();
    let later = mtime + std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let text = save_study(fx.root(), &l.review, &mine, Some(&e.source)).expect("saved");
    assert!(text.contains("year = 2017"));
}

#[test]
fn a_file_deleted_on_disk_is_a_conflict_and_not_recreated() {
    let fx = other_review("brackets");
    let l = loaded(&fx);
    let e = l.get("par-c").unwrap().clone();
    let path = fx.study_path("par-c");
    fs::remove_file(&path).unwrap();
    match save_study(fx.root(), &l.review, &e.study, Some(&e.source)) {
        Err(SaveError::Conflict { disk: None, .. }) => {}
        other => panic!("expected a conflict with nothing on disk, got {other:?}"),
    }
    assert!(!path.exists());
}

#[test]
fn new_studies_are_created_once_and_never_over_an_existing_file() {
    let fx = other_review("brackets");
    let l = loaded(&fx);
    let s = Study {
        id: "new-2024".into(),
        reference: Some(70),
        title: "A \"quoted\" title with a\ttab and Søderstrøm".into(),
        authors: vec!["Ng, Wei".into()],
        year: Some(2024),
        design: Some("review".into()),
        tags: vec!["adherence".into()],
        notes: Some("Line one\nline two".into()),
        extraction: vec![
            ("setting".into(), FieldValue::Text("home".into())),
            ("sample_size".into(), FieldValue::Integer(12)),
            ("outcomes".into(), FieldValue::List(vec!["pain".into()])),
        ],
        appraisals: vec![Appraisal {
            instrument: "amstar2".into(),
            reviewer: "consensus".into(),
            answers: [("q1", Answer::Text("yes".into()))].into(),
            overall: Some("moderate".into()),
            ..Appraisal::default()
        }],
        ..Study::default()
    };
    let text = save_study(fx.root(), &l.review, &s, None).expect("created");
    assert_eq!(fx.read("studies/new-2024.toml"), text);
    let again = loaded(&fx);
    // Only the note that the AMSTAR 2 appraisal is unfinished.
    assert!(
        again.problems.len() == 1
            && again.problems[0].is_warning()
            && again.problems[0].message.contains("missing q2"),
        "{:?}",
        again.problems
    );
    assert_eq!(again.get("new-2024").unwrap().study, s);

    // Creating it again (another co-author added the same id) is refused.
    let before = fx.snapshot();
    let other = Study {
        title: "Someone else's".into(),
        ..s.clone()
    };
    assert!(matches!(
        save_study(fx.root(), &l.review, &other, None),
        Err(SaveError::Exists { .. })
    ));
    assert_eq!(fx.snapshot(), before);
}

#[test]
fn an_invalid_study_is_refused_before_anything_is_written() {
    let fx = other_review("brackets");
    let l = loaded(&fx);
    let before = fx.snapshot();
    let e = l.get("rev-a").unwrap();
    let mut s = e.study.clone();
    s.year = Some(3000);
    match save_study(fx.root(), &l.review, &s, Some(&e.source)) {
        Err(SaveError::Invalid { problems }) => {
            assert!(problems[0].message.contains("year 3000 is not plausible"));
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(fx.snapshot(), before);
}

#[test]
fn delete_checks_the_base_too() {
    let fx = other_review("brackets");
    let l = loaded(&fx);
    let e = l.get("rev-b").unwrap();
    let path = fx.study_path("rev-b");
    fs::write(&path, e.source.replace("2015", "2014")).unwrap();
    assert!(matches!(
        delete_study(fx.root(), "rev-b", &e.source),
        Err(SaveError::Conflict { .. })
    ));
    assert!(path.exists(), "a changed file is not deleted");

    let current = fs::read_to_string(&path).unwrap();
    delete_study(fx.root(), "rev-b", &current).expect("deleted");
    assert!(!path.exists());
    assert_eq!(loaded(&fx).studies.len(), 21);
}

#[test]
fn leftover_temp_files_from_a_crash_are_listed_not_loaded() {
    let fx = other_review("brackets");
    let studies = fx.root().join("studies");
    // A save interrupted before its rename: half a file, and a whole one.
    fs::write(
        studies.join(".litrev-save-a1B2c3.tmp"),
        "id = \"par-a\"\ntitle = \"Half",
    )
    .unwrap();
    fs::write(
        studies.join(".litrev-save-Z9y8x7.tmp"),
        study("ghost", Some(500), "qual", "Ghost", ""),
    )
    .unwrap();
    let l = loaded(&fx);
    // `check` lists them so that they can be removed; they are never loaded.
    assert_eq!(l.problems.len(), 2, "{:?}", l.problems);
    assert!(
        l.problems.iter().all(|p| p.message.contains("interrupted")
            && p.path.to_string_lossy().contains(".litrev-save-")),
        "{:?}",
        l.problems
    );
    assert!(l.broken.is_empty());
    assert_eq!(l.studies.len(), 22);
    assert!(l.get("ghost").is_none());

    // And a save leaves none behind.
    let e = l.get("par-a").unwrap();
    let mut s = e.study.clone();
    s.title = "Renamed".into();
    save_study(fx.root(), &l.review, &s, Some(&e.source)).expect("saved");
    let temps = fs::read_dir(&studies)
        .unwrap()
        .filter_map(|d| d.ok())
        .filter(|d| d.file_name().to_string_lossy().starts_with(".litrev-save-"))
        .count();
    assert_eq!(temps, 2, "only the two planted leftovers");
}

#[test]
fn saves_go_through_a_temp_file_renamed_into_place() {
    // A reader holding the old file sees the old bytes: the new file is a new
    // inode renamed over it, not the old one truncated and rewritten.
    let fx = other_review("brackets");
    let l = loaded(&fx);
    let path = fx.study_path("coh-a");
    let mut held = fs::File::open(&path).unwrap();
    let e = l.get("coh-a").unwrap();
    let mut s = e.study.clone();
    s.title = "Changed".into();
    save_study(fx.root(), &l.review, &s, Some(&e.source)).expect("saved");
    let mut old = String::new();
    std::io::Read::read_to_string(&mut held, &mut old).unwrap();
    assert_eq!(old, e.source);
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("title = \"Changed\"")
    );
}

#[test]
fn the_loader_orders_studies_by_ref_then_id() {
    let fx = other_review("brackets");
    let l = loaded(&fx);
    let refs: Vec<Option<u32>> = l.studies().map(|s| s.reference).collect();
    let mut sorted = refs.clone();
    sorted.sort_by_key(|r| (r.is_none(), *r));
    assert_eq!(refs, sorted);
    assert_eq!(
        ids(&l).last(),
        Some(&"qual-h"),
        "no-ref studies last, by id"
    );
}

#[test]
fn a_fresh_review_from_new_loads_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("r");
    litrev::store::scaffold::create(&dir, "A \"quoted\" title").expect("created");
    let l = load(&dir).expect("loads");
    assert!(l.problems.is_empty());
    assert_eq!(l.review.title, "A \"quoted\" title");
    for path in [
        "qualitative/patient",
        "rct",
        "non-randomised",
        "diagnostic",
        "systematic-review",
    ] {
        assert!(l.review.design(path).is_some(), "{path}");
    }
    assert!(litrev::store::scaffold::create(&dir, "again").is_err());
}

// ---------------------------------------------------------------------------
// Properties of the writer: whatever the text, a study survives the trip to
// its file and back, both fresh and as an edit of an existing file.

fn text_strategy() -> impl Strategy<Value = String> {
    // Quotes, backslashes, newlines, controls, non-ASCII and TOML syntax.
    proptest::string::string_regex("[a-zA-Z0-9 \"'\\\\\n\t#=\\[\\]{}øÜ李\u{1b}\u{7}\u{9b}-]{0,40}")
        .expect("regex")
}

prop_compose! {
    fn arb_study()(
        title in text_strategy(),
        notes in proptest::option::of(text_strategy()),
        authors in proptest::collection::vec(text_strategy(), 0..3),
        tags in proptest::collection::vec(text_strategy(), 0..3),
        reference in proptest::option::of(1u32..100_000),
        year in proptest::option::of(1800i32..2025),
        sample in proptest::option::of(any::<i64>()),
    ) -> Study {
        let mut extraction = vec![("country".to_string(), FieldValue::Text(title.clone()))];
        if let Some(n) = sample {
            extraction.push(("sample_size".into(), FieldValue::Integer(n)));
        }
        Study {
            id: "prop-1".into(),
            reference,
            title,
            authors,
            year,
            notes,
            tags,
            design: Some("qual".into()),
            extraction: extraction.into_iter().map(|(k, v)| (k.into(), v)).collect(),
            ..Study::default()
        }
    }
}

fn parse(text: &str) -> Option<Study> {
    let review = Review::default();
    litrev::store::parse::parse_study(Path::new("prop-1.toml"), text, Some("prop-1"), &review).study
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_new_study_round_trips(s in arb_study()) {
        let text = render_study(&Registry::builtin(), &s, None);
        prop_assert_eq!(parse(&text), Some(s));
    }

    #[test]
    fn an_edit_round_trips_and_keeps_what_it_did_not_touch(a in arb_study(), b in arb_study()) {
        // The unknown key goes first: after the tables it would belong to one.
        let base = format!("# top comment\nunknown = \"kept\" # trailing\n{}", render_study(&Registry::builtin(), &a, None));
        let edited = render_study(&Registry::builtin(), &b, Some(&base));
        let mut got = parse(&edited).expect("the edit parses");
        prop_assert!(edited.starts_with("# top comment\n"));
        prop_assert!(edited.contains("unknown = \"kept\" # trailing"));
        let extra = std::mem::take(&mut got.extra);
        prop_assert_eq!(got, b);
        prop_assert_eq!(extra.len(), 1);
        // Rendering again changes nothing.
        prop_assert_eq!(render_study(&Registry::builtin(), &parse(&edited).unwrap(), Some(&edited)), edited);
    }
}

#[test]
fn an_edit_keeps_windows_line_endings() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    let text = "id = \"crlf\"\r\nref = 1\r\ntitle = \"Old\" # kept\r\nyear = 2020\r\ndesign = \"qual\"\r\n\r\n[extraction]\r\nsample_size = 3\r\n";
    fx.write_study("crlf", text);
    let l = loaded(&fx);
    // Only warned about: the study has no authors.
    assert!(
        l.problems.iter().all(|p| p.is_warning()),
        "{:?}",
        l.problems
    );
    let e = l.get("crlf").unwrap();
    let mut s = e.study.clone();
    s.title = "New".into();
    s.extraction[0].1 = FieldValue::Integer(4);
    let saved = save_study(fx.root(), &l.review, &s, Some(&e.source)).expect("saved");
    assert_eq!(
        saved,
        text.replace("\"Old\"", "\"New\"")
            .replace("sample_size = 3", "sample_size = 4")
    );
}

#[test]
fn an_unchanged_windows_file_is_not_rewritten_and_multiline_notes_survive() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    let text = "id = \"crlf\"\r\ntitle = \"T\"\r\nnotes = \"\"\"one\r\ntwo\"\"\"\r\n";
    let path = fx.write_study("crlf", text);
    let l = loaded(&fx);
    let e = l.get("crlf").unwrap();
    assert_eq!(e.study.notes.as_deref(), Some("one\ntwo"));
    assert_eq!(
        save_study(fx.root(), &l.review, &e.study, Some(&e.source)).expect("saved"),
        text
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);

    let mut s = e.study.clone();
    s.notes = Some("three\nfour".into());
    s.title = "U".into();
    let saved = save_study(fx.root(), &l.review, &s, Some(&e.source)).expect("saved");
    assert!(
        saved.starts_with("id = \"crlf\"\r\ntitle = \"U\"\r\n"),
        "{saved:?}"
    );
    assert!(!saved.replace("\r\n", "").contains('\n'), "{saved:?}");
    assert_eq!(loaded(&fx).get("crlf").unwrap().study, s);
}

#[cfg(unix)]
#[test]
fn saves_keep_the_file_mode_and_new_files_get_the_usual_one() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).expect("metadata").permissions().mode() & 0o777;

    let fx = other_review("brackets");
    let l = loaded(&fx);
    // A review shared with a group: the file is group-writable.
    let path = fx.study_path("par-a");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o664)).unwrap();
    let e = l.get("par-a").unwrap();
    let mut s = e.study.clone();
    s.title = "Edited".into();
    save_study(fx.root(), &l.review, &s, Some(&e.source)).expect("saved");
    assert_eq!(mode(&path), 0o664, "an edit keeps the file's permissions");

    // A new file is created like any other file (0666 less the umask), not
    // private to its owner as a temporary file is.
    let plain = fx.root().join("studies/plain.txt");
    fs::write(&plain, "x").unwrap();
    let s = Study {
        id: "brand-new".into(),
        title: "New".into(),
        ..Study::default()
    };
    save_study(fx.root(), &l.review, &s, None).expect("created");
    assert_eq!(mode(&fx.study_path("brand-new")), mode(&plain));

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("r");
    litrev::store::scaffold::create(&dir, "T").expect("created");
    let plain = tmp.path().join("plain.txt");
    fs::write(&plain, "x").unwrap();
    assert_eq!(mode(&dir.join("review.toml")), mode(&plain));
}

#[test]
fn a_byte_order_mark_is_not_counted_as_a_column() {
    let shown = "year = \"2020a\"\nid = \"bom\"\ntitle = \"Saved by Notepad\"\n";
    let (fx, l) = with_study("bom", &format!("\u{feff}{shown}"));
    assert_one_problem(
        &l,
        &fx.study_path("bom"),
        shown,
        "\"2020a\"",
        "year must be an integer",
    );
}
