//! Hardening of the core and the CLI against unusual but valid files and
//! hostile input: each test here reproduces a defect found in review.

mod common;

use std::fs;

use common::*;
use litrev::appraisal::Registry;
use litrev::model::{Answer, Appraisal, Review, Study};
use litrev::store::Loaded;
use litrev::store::write::render_study;
use litrev::store::{load, save_study};

fn loaded(fx: &Fixture) -> Loaded {
    load(fx.root()).expect("the review loads")
}

/// Parses study text with no review to check against (designs and fields
/// unchecked), as the saver's own check does.
fn parse(text: &str) -> Study {
    let p = litrev::store::parse::parse_study(
        std::path::Path::new("x.toml"),
        text,
        None,
        &Review::default(),
    );
    p.study
        .unwrap_or_else(|| panic!("{text}\n does not parse: {:?}", p.problems))
}

/// Renders `edit` applied to the study in `base` and checks that the text
/// reads back as exactly the edited study.
fn edit(base: &str, f: impl FnOnce(&mut Study)) -> String {
    let mut s = parse(base);
    f(&mut s);
    let text = render_study(&Registry::builtin(), &s, Some(base));
    let back = parse(&text);
    assert_eq!(back, s, "the saved text reads back differently:\n{text}");
    text
}

// ---------------------------------------------------------------------------
// Appraisals are matched to their own tables, not by position.

const THREE_REVIEWERS: &str = r#"id = "a"
title = "T"

[[appraisals]] # Anna's
instrument = "casp-qualitative"
reviewer = "AA"
answers = { q1 = "yes" }
worksheet = "aa.xlsx"

[[appraisals]] # Ben's
instrument = "casp-qualitative"
reviewer = "BB" # second reviewer
answers = { q1 = "no" }

[[appraisals]] # agreed
instrument = "casp-qualitative"
reviewer = "consensus"
answers = { q1 = "yes" }
minutes = "meeting 3"
"#;

#[test]
fn deleting_one_appraisal_leaves_the_others_tables_whole() {
    let text = edit(THREE_REVIEWERS, |s| {
        s.appraisals.remove(0);
    });
    let start = THREE_REVIEWERS.find("[[appraisals]] # Ben's").unwrap();
    let want = format!("id = \"a\"\ntitle = \"T\"\n\n{}", &THREE_REVIEWERS[start..]);
    assert_eq!(text, want);

    let text = edit(THREE_REVIEWERS, |s| {
        s.appraisals.remove(1);
    });
    let (a, rest) =
        THREE_REVIEWERS.split_at(THREE_REVIEWERS.find("[[appraisals]] # Ben's").unwrap());
    let c = &rest[rest.find("[[appraisals]] # agreed").unwrap()..];
    assert_eq!(text, format!("{a}{c}"));
}

#[test]
fn reordering_appraisals_moves_each_with_its_comments_and_keys() {
    let text = edit(THREE_REVIEWERS, |s| s.appraisals.swap(0, 2));
    let blocks: Vec<&str> = THREE_REVIEWERS.split("\n[[").collect();
    // Each table moves with the blank line, comments and keys it had.
    let want = format!(
        "{}\n[[{}\n[[{}\n[[{}",
        blocks[0], blocks[3], blocks[2], blocks[1]
    );
    assert_eq!(text, want);
}

#[test]
fn editing_one_appraisal_while_adding_another_touches_only_those() {
    let text = edit(THREE_REVIEWERS, |s| {
        s.appraisals[1].overall = Some("low".into());
        s.appraisals.insert(
            0,
            Appraisal {
                instrument: "jbi-qualitative".into(),
                reviewer: "CC".into(),
                ..Appraisal::default()
            },
        );
    });
    assert!(text.contains("worksheet = \"aa.xlsx\""), "{text}");
    assert!(text.contains("minutes = \"meeting 3\""), "{text}");
    assert!(
        text.contains("reviewer = \"BB\" # second reviewer\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "[[appraisals]] # Anna's\ninstrument = \"casp-qualitative\"\nreviewer = \"AA\""
        ),
        "{text}"
    );
}

const INLINE: &str = r#"id = "a"
title = "T"
appraisals = [
  { instrument = "rob2", reviewer = "AA", answers = { d1 = "low" }, sheet = 1 }, # first
  { instrument = "rob2", reviewer = "BB", sheet = 2 },
]
after = true
"#;

#[test]
fn an_inline_array_of_appraisals_is_edited_in_place() {
    // An edit changes just the value, keeping the array and unknown keys.
    let text = edit(INLINE, |s| s.appraisals[1].overall = Some("high".into()));
    let (head, tail) = INLINE.split_at(
        INLINE
            .find("  { instrument = \"rob2\", reviewer = \"BB\"")
            .unwrap(),
    );
    assert!(text.starts_with(head), "{text}");
    let line = text[head.len()..].lines().next().unwrap_or("");
    assert!(
        line.contains("sheet = 2") && line.contains("overall = \"high\""),
        "{text}"
    );
    assert!(text.ends_with(&tail[tail.find("\n]").unwrap()..]), "{text}");
    // Adding one keeps the others' unknown keys.
    let text = edit(INLINE, |s| {
        s.appraisals.push(Appraisal {
            instrument: "rob2".into(),
            reviewer: "consensus".into(),
            answers: [("d1", Answer::Text("low".into()))].into(),
            ..Appraisal::default()
        })
    });
    assert!(text.contains("sheet = 1 }, # first"), "{text}");
    assert!(text.contains("sheet = 2 }"), "{text}");
    assert!(text.contains("after = true"), "{text}");
    // Deleting the first keeps the second's.
    let text = edit(INLINE, |s| {
        s.appraisals.remove(0);
    });
    assert!(text.contains("reviewer = \"BB\", sheet = 2 }"), "{text}");
    assert!(!text.contains("sheet = 1"), "{text}");
}

#[test]
fn saving_after_deleting_an_appraisal_keeps_the_remaining_ones_on_disk() {
    let fx = Fixture::new("format = 1\ntitle = \"R\"\n");
    fx.write_study("a", THREE_REVIEWERS);
    let l = loaded(&fx);
    let e = l.get("a").expect("study a").clone();
    let mut s = e.study.clone();
    s.appraisals.remove(0);
    save_study(fx.root(), &l.review, &s, Some(&e.source)).expect("saved");
    let disk = fs::read_to_string(fx.study_path("a")).unwrap();
    assert!(disk.contains("minutes = \"meeting 3\""), "{disk}");
    assert!(!disk.contains("worksheet"), "{disk}");
}

use proptest::prelude::*;

proptest! {
    /// Whatever appraisals are kept and in whatever order, each keeps the
    /// key litrev does not know that was written with it.
    #[test]
    fn every_kept_appraisal_keeps_its_own_unknown_keys(
        (n, order) in (1usize..6).prop_flat_map(|n| {
            let kept = proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 0..=n);
            (Just(n), kept.prop_shuffle())
        }),
        inline in any::<bool>(),
    ) {
        let mut base = String::from("id = \"a\"\ntitle = \"T\"\n");
        if inline {
            base.push_str("appraisals = [\n");
            for i in 0..n {
                // A comment in an array belongs to the value after it.
                base.push_str(&format!("  # {i}\n  {{ instrument = \"x\", reviewer = \"R{i}\", mark = {i} }},\n"));
            }
            base.push_str("]\n");
        } else {
            for i in 0..n {
                base.push_str(&format!("\n[[appraisals]] # {i}\ninstrument = \"x\"\nreviewer = \"R{i}\"\nmark = {i}\n"));
            }
        }
        let text = edit(&base, |s| {
            let old = s.appraisals.clone();
            s.appraisals = order.iter().map(|&i| old[i].clone()).collect();
        });
        let doc: toml_edit::DocumentMut = text.parse().expect("valid TOML");
        let marks: Vec<i64> = match doc.get("appraisals") {
            Some(toml_edit::Item::ArrayOfTables(a)) => a.iter().filter_map(|t| t.get("mark").and_then(|m| m.as_integer())).collect(),
            Some(toml_edit::Item::Value(toml_edit::Value::Array(a))) => a.iter().filter_map(|t| t.as_inline_table().and_then(|t| t.get("mark")).and_then(|m| m.as_integer())).collect(),
            _ => Vec::new(),
        };
        let want: Vec<i64> = order.iter().map(|&i| i as i64).collect();
        prop_assert_eq!(marks, want, "{}", text);
        for &i in &order {
            prop_assert!(text.contains(&format!("# {i}\n")), "comment {} lost:\n{}", i, text);
        }
    }
}

// ---------------------------------------------------------------------------
// Hostile text never reaches the terminal raw.

/// True when `s` holds a character that must not reach a terminal raw.
fn has_raw_control(s: &str) -> bool {
    s.chars()
        .any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
}

/// A review whose field key, appraisal judgement and instrument carry
/// escape sequences (and a `|` that would split a Markdown cell).
fn hostile_review() -> Fixture {
    let fx = Fixture::new(
        "format = 1\ntitle = \"H\"\n\n[[designs]]\nkey = \"qual\"\nlabel = \"qualitative\"\n\n[fields.\"site\\u001b[31m\"]\nlabel = \"Site\"\n",
    );
    fx.write_study(
        "a",
        "id = \"a\"\nref = 1\ntitle = \"T\"\ndesign = \"qual\"\n\n[extraction]\n\"site\\u001b[31m\" = \"x\"\n\n[[appraisals]]\ninstrument = \"casp\\u009b1m\"\nreviewer = \"consensus\"\noverall = \"high\\u001b]0;owned\\u0007 | x\"\n",
    );
    fx
}

#[test]
fn list_prints_judgements_and_field_keys_inert() {
    let fx = hostile_review();
    for format in ["text", "markdown", "csv", "json"] {
        let out = litrev()
            .args(["list", fx.root().to_str().unwrap(), "--format", format])
            .output()
            .unwrap();
        let text = stdout(&out);
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        assert!(!has_raw_control(&text), "list --format {format}:\n{text:?}");
        assert!(
            !has_raw_control(&stderr(&out)),
            "{format}: {:?}",
            stderr(&out)
        );
    }
    let out = litrev()
        .args(["list", fx.root().to_str().unwrap(), "--format", "markdown"])
        .output()
        .unwrap();
    let row = stdout(&out).lines().nth(2).unwrap_or("").to_string();
    assert_eq!(
        row.matches(" | ").count() + 2,
        6,
        "one cell per column: {row}"
    );
}

#[test]
fn tally_by_a_hostile_field_key_prints_it_inert() {
    let fx = hostile_review();
    for format in ["text", "markdown", "csv", "json", "prose"] {
        for by in ["site\u{1b}[31m", "appraisal"] {
            let out = litrev()
                .args(["tally", fx.root().to_str().unwrap(), "--by", by])
                .args(["--format", format])
                .output()
                .unwrap();
            assert!(out.status.success(), "{format}: {}", stderr(&out));
            let text = stdout(&out);
            assert!(
                !has_raw_control(&text),
                "tally --by {by:?} --format {format}:\n{text:?}"
            );
        }
    }
}

#[test]
fn a_hostile_folder_name_is_inert_in_messages() {
    let fx = Fixture::new("format = 1\ntitle = \"R\"\n");
    fx.write_study("bad", "id = \"bad\"\ntitle = 3\n");
    let evil = fx.root().join("rev\u{1b}]0;owned\u{7}");
    fs::create_dir(&evil).unwrap();
    fs::rename(fx.root().join("review.toml"), evil.join("review.toml")).unwrap();
    fs::rename(fx.root().join("studies"), evil.join("studies")).unwrap();
    for cmd in ["check", "list", "tally"] {
        let out = litrev().arg(cmd).arg(&evil).output().unwrap();
        let (out, err) = (stdout(&out), stderr(&out));
        assert!(
            out.contains("bad.toml") || err.contains("bad.toml"),
            "{cmd}: {err}"
        );
        assert!(!has_raw_control(&out), "{cmd}: {out:?}");
        assert!(!has_raw_control(&err), "{cmd}: {err:?}");
    }
    fs::remove_file(evil.join("studies/bad.toml")).unwrap();
    let out = litrev().arg("check").arg(&evil).output().unwrap();
    assert!(out.status.success());
    assert!(!has_raw_control(&stderr(&out)), "{:?}", stderr(&out));
}

#[test]
fn new_does_not_panic_when_its_reader_is_gone() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("rev");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("litrev"))
        .arg("new")
        .arg(&target)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn litrev");
    // Closed before litrev has created the folder, let alone written a word.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for litrev");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(target.join("review.toml").is_file());
}

// ---------------------------------------------------------------------------
// The loader and the conflict check.

#[test]
fn a_ref_repeated_in_many_files_gives_short_messages() {
    // Every problem used to name every other user of the ref: with 10 000
    // such files that is 10 000 messages of 10 000 ids each (gigabytes).
    let fx = Fixture::new("format = 1\ntitle = \"R\"\n");
    let n = 200;
    for i in 0..n {
        let id = format!("s{i:03}");
        fx.write_study(&id, &format!("id = \"{id}\"\nref = 7\ntitle = \"T\"\n"));
    }
    let l = loaded(&fx);
    // These bare studies are also warned about (no authors, year or design).
    let errors = |l: &litrev::store::Loaded| -> Vec<litrev::text::problem::Problem> {
        l.problems
            .iter()
            .filter(|p| !p.is_warning())
            .cloned()
            .collect()
    };
    assert_eq!(errors(&l).len(), n);
    for p in &errors(&l) {
        assert!(p.message.starts_with("ref 7 is also used by "), "{p}");
        assert!(p.message.len() < 400, "{} characters: {p}", p.message.len());
        assert!(p.message.contains("and 196 more"), "{p}");
    }
    // Few users are still all named.
    let fx = Fixture::new("format = 1\ntitle = \"R\"\n");
    for id in ["a", "b", "c"] {
        fx.write_study(id, &format!("id = \"{id}\"\nref = 7\ntitle = \"T\"\n"));
    }
    let l = loaded(&fx);
    assert!(
        errors(&l)[0].message.contains("also used by b, c:"),
        "{}",
        errors(&l)[0]
    );
}

#[test]
fn the_conflict_check_compares_bytes_not_a_lossy_reading() {
    let fx = Fixture::new("format = 1\ntitle = \"R\"\n");
    let text = "id = \"a\"\ntitle = \"Caf\u{fffd}\"\n";
    fx.write_study("a", text);
    let l = loaded(&fx);
    let e = l.get("a").unwrap().clone();
    // A co-author's editor writes the same title in Latin-1: not UTF-8, but
    // a lossy reading of it is exactly the text loaded.
    let theirs = b"id = \"a\"\ntitle = \"Caf\xe9\"\n";
    fs::write(fx.study_path("a"), theirs).unwrap();
    let mut s = e.study.clone();
    s.year = Some(2020);
    let r = save_study(fx.root(), &l.review, &s, Some(&e.source));
    assert!(
        matches!(r, Err(litrev::store::SaveError::Conflict { .. })),
        "{r:?}"
    );
    assert_eq!(fs::read(fx.study_path("a")).unwrap(), theirs);
}

#[test]
fn a_file_that_is_not_utf8_is_reported_where_the_bad_byte_is() {
    let fx = Fixture::new("format = 1\ntitle = \"R\"\n");
    let path = fx.study_path("a");
    fs::write(&path, b"id = \"a\"\ntitle = \"Caf\xe9\"\n").unwrap();
    let l = loaded(&fx);
    assert_eq!(l.problems.len(), 1, "{:?}", l.problems);
    let p = &l.problems[0];
    assert_eq!(
        (p.path.as_path(), p.line, p.col),
        (path.as_path(), 2, 13),
        "{p}"
    );
    assert!(p.message.contains("UTF-8"), "{p}");
    assert_eq!(l.broken, vec![path]);

    // review.toml too: a located problem (exit 1), not an I/O failure.
    fs::write(
        fx.root().join("review.toml"),
        b"format = 1\ntitle = \"R\xe9sum\xe9\"\n",
    )
    .unwrap();
    match load(fx.root()) {
        Err(litrev::store::LoadError::BadReview { problems, .. }) => {
            assert_eq!((problems[0].line, problems[0].col), (2, 11), "{problems:?}");
            assert!(problems[0].message.contains("UTF-8"), "{problems:?}");
        }
        other => panic!("expected a located problem, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// The results sentence reads as English whatever the counts.

mod prose {
    use litrev::manuscript::tally::{By, tally};
    use litrev::model::{Design, Review, Study};

    fn review() -> Review {
        Review {
            format: 1,
            title: "R".into(),
            designs: vec![Design {
                key: "qual".into(),
                label: "qualitative studies".into(),
                ..Design::default()
            }],
            ..Review::default()
        }
    }

    fn st(id: &str, r: Option<u32>, design: Option<&str>, year: Option<i32>) -> Study {
        Study {
            id: id.into(),
            reference: r,
            design: design.map(String::from),
            year,
            title: "T".into(),
            ..Study::default()
        }
    }

    fn prose(studies: &[Study], by: &By, review_total: usize) -> String {
        let refs: Vec<&Study> = studies.iter().collect();
        tally(&review(), &refs, by, review_total).prose()
    }

    #[test]
    fn no_studies_is_said_plainly() {
        assert_eq!(prose(&[], &By::Design, 0), "No studies are included.");
        assert_eq!(
            prose(&[], &By::Design, 75),
            "None of the 75 included studies is selected."
        );
    }

    #[test]
    fn one_study_takes_a_singular_verb() {
        let s = [
            st("a", Some(1), Some("qual"), Some(2020)),
            st("b", Some(2), Some("qual"), Some(2021)),
            st("c", Some(3), Some("qual"), Some(2021)),
        ];
        assert_eq!(
            prose(&s[..1], &By::Year, 1),
            "The only included study was published in 2020 [1]."
        );
        assert!(
            prose(&s, &By::Year, 3)
                .starts_with("Two of the 3 included studies were published in 2021"),
            "{}",
            prose(&s, &By::Year, 3)
        );
    }

    #[test]
    fn studies_with_no_value_are_not_called_a_group_of_their_own() {
        let s = [
            st("a", Some(1), None, None),
            st("b", Some(2), Some("nowhere"), None),
        ];
        assert_eq!(
            prose(&s, &By::Design, 2),
            "Both included studies were not classified [1, 2]."
        );
        assert_eq!(
            prose(&s[..1], &By::Year, 2),
            "The only selected study had no publication year [1]."
        );
        assert_eq!(
            prose(&s, &By::Appraisal, 2),
            "Both included studies were not appraised [1, 2]."
        );
        assert_eq!(
            prose(&s, &By::Tag, 2),
            "Both included studies had no tag [1, 2]."
        );
    }
}

#[test]
fn a_windows_file_reads_back_every_multiline_value_as_saved() {
    // The saver keeps a file's CRLF line endings, which puts "\r\n" inside a
    // multi-line string: every string must read back with "\n", not just notes.
    let base = "id = \"a\"\r\ntitle = \"T\"\r\n";
    edit(base, |s| {
        s.journal = Some("Journal\nof Things".into());
        s.authors = vec!["Smith,\nJane".into()];
        s.extraction.push((
            "setting".into(),
            litrev::model::FieldValue::Text("home\nand clinic".into()),
        ));
        s.appraisals.push(Appraisal {
            instrument: "casp-qualitative".into(),
            reviewer: "A\nA".into(),
            overall: Some("high\nmostly".into()),
            answers: [("q1", Answer::Text("yes\nbut".into()))].into(),
            ..Appraisal::default()
        });
    });
}

#[test]
fn huge_star_counts_do_not_overflow_the_computed_judgement() {
    use litrev::appraisal::computed;
    let big = |instrument: &str, items: &[&str]| Appraisal {
        instrument: instrument.into(),
        reviewer: "consensus".into(),
        answers: items.iter().map(|k| (*k, Answer::Int(i64::MAX))).collect(),
        ..Appraisal::default()
    };
    // Far out of range: no judgement (never a guess), and no overflow panic.
    let sanra = big("sanra", &["q1", "q2", "q3", "q4", "q5", "q6"]);
    assert_eq!(computed(&Registry::builtin(), &sanra), None);
    let nos = big(
        "nos-cohort",
        &["s1", "s2", "s3", "s4", "c1", "o1", "o2", "o3"],
    );
    assert_eq!(computed(&Registry::builtin(), &nos), None);
}

#[cfg(unix)]
#[test]
fn a_save_never_writes_through_a_symlink_out_of_studies() {
    let fx = Fixture::new("format = 1\ntitle = \"R\"\n");
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("secret.toml");
    let text = "id = \"a\"\ntitle = \"T\"\n";
    fs::write(&target, text).unwrap();
    std::os::unix::fs::symlink(&target, fx.study_path("a")).unwrap();
    let l = loaded(&fx);
    let e = l.get("a").expect("read through the link").clone();
    let mut s = e.study.clone();
    s.title = "Changed".into();
    // One policy: litrev reads through links but never writes through them
    // (nor replaces the link); the user is told why.
    let r = save_study(fx.root(), &l.review, &s, Some(&e.source));
    assert!(
        matches!(r, Err(litrev::store::SaveError::Link { .. })),
        "{r:?}"
    );
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        text,
        "outside file untouched"
    );
    let meta = fs::symlink_metadata(fx.study_path("a")).unwrap();
    assert!(meta.file_type().is_symlink(), "the link is left alone");
    assert!(
        l.problems
            .iter()
            .any(|p| p.message.contains("symbolic link"))
    );
}

#[test]
fn a_folder_named_like_a_study_is_neither_loaded_nor_replaced() {
    let fx = Fixture::new("format = 1\ntitle = \"R\"\n");
    fs::create_dir(fx.study_path("a")).unwrap();
    fs::write(fx.study_path("a").join("keep.txt"), "x").unwrap();
    let l = loaded(&fx);
    assert!(l.studies.is_empty(), "not loaded");
    assert!(
        l.problems.iter().any(|p| p.message.contains("a folder")),
        "listed, not skipped silently: {:?}",
        l.problems
    );
    let s = Study {
        id: "a".into(),
        title: "T".into(),
        ..Study::default()
    };
    let r = save_study(fx.root(), &l.review, &s, None);
    assert!(
        matches!(r, Err(litrev::store::SaveError::Io { .. })),
        "{r:?}"
    );
    assert!(fx.study_path("a").join("keep.txt").is_file());
}

// ---------------------------------------------------------------------------
// Lists are edited entry by entry, keeping their layout and comments.

const AUTHORS: &str = r#"id = "a"
title = "T"
authors = [
  "Smith, A", # corresponding
  # joined in 2020
  "Jones, B",
] # from the PDF
tags = ['x', 'y']

[extraction]
outcomes = [
  "pain", # primary
  "function",
]
"#;

#[test]
fn adding_to_a_list_keeps_its_layout_and_comments() {
    let text = edit(AUTHORS, |s| {
        s.authors.push("Lee, C".into());
        s.tags.push("z".into());
        if let Some((_, litrev::model::FieldValue::List(l))) = s.extraction.first_mut() {
            l.push("mood".into());
        }
    });
    let want = AUTHORS
        .replace("  \"Jones, B\",\n", "  \"Jones, B\",\n  \"Lee, C\",\n")
        .replace("['x', 'y']", "['x', 'y', \"z\"]")
        .replace("  \"function\",\n", "  \"function\",\n  \"mood\",\n");
    assert_eq!(text, want);
}

#[test]
fn changing_or_removing_one_entry_leaves_the_others_and_their_comments() {
    let text = edit(AUTHORS, |s| s.authors[1] = "Jones, Beth".into());
    assert_eq!(text, AUTHORS.replace("\"Jones, B\"", "\"Jones, Beth\""));

    let text = edit(AUTHORS, |s| {
        s.tags.remove(0);
        if let Some((_, litrev::model::FieldValue::List(l))) = s.extraction.first_mut() {
            l.remove(1);
        }
    });
    let want = AUTHORS
        .replace("['x', 'y']", "['y']")
        .replace("  \"function\",\n", "");
    assert_eq!(text, want);
}

proptest! {
    /// Any edit of a list reads back as the edited list; when the entries
    /// that stay keep their order, each keeps the comment on its line.
    #[test]
    fn list_edits_read_back_and_keep_the_comments_of_what_stays(
        n in 0usize..5,
        multiline in any::<bool>(),
        edits in proptest::collection::vec((0usize..8, any::<bool>()), 0..7),
    ) {
        let mut base = String::from("id = \"a\"\ntitle = \"T\"\ntags = [");
        for i in 0..n {
            if multiline {
                base.push_str(&format!("\n  \"e{i}\", # c{i}"));
            } else {
                base.push_str(&format!("{}'e{i}'", if i == 0 { "" } else { ", " }));
            }
        }
        base.push_str(if multiline { "\n]\n" } else { "]\n" });
        // Each edit keeps old entry k (if any) or adds a new one.
        let mut new: Vec<String> = Vec::new();
        for (k, keep) in &edits {
            let name = if *keep && *k < n { format!("e{k}") } else { format!("n{k}") };
            if !new.contains(&name) {
                new.push(name);
            }
        }
        let text = edit(&base, |s| s.tags = new.clone());
        let kept: Vec<usize> = new
            .iter()
            .filter_map(|t| t.strip_prefix('e').and_then(|i| i.parse().ok()))
            .collect();
        if multiline && kept.windows(2).all(|w| w[0] < w[1]) {
            for i in kept {
                prop_assert!(text.contains(&format!("\"e{i}\", # c{i}\n")), "{}", text);
            }
        }
    }
}

#[test]
fn a_folder_before_the_command_is_a_usage_error_not_silently_dropped() {
    // `litrev REVIEW tally` used to run `tally` on the current folder, here
    // another review, so it printed the wrong review's counts.
    let named = sized_review(&[("alpha", "alpha studies", 2)]);
    let here = sized_review(&[("beta", "beta studies", 5)]);
    let out = litrev()
        .arg(named.root())
        .arg("tally")
        .current_dir(here.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(!stdout(&out).contains("beta"), "{}", stdout(&out));
    // The documented order works.
    litrev().arg("tally").arg(named.root()).assert().success();
}

#[test]
fn a_byte_order_mark_survives_a_save() {
    // Windows editors start files with U+FEFF; toml_edit drops it, so an
    // edit (or even a save with nothing changed) used to remove it.
    for eol in ["\n", "\r\n"] {
        let base = format!("\u{feff}id = \"a\"{eol}title = \"T\"{eol}");
        let s = parse(&base);
        assert_eq!(
            render_study(&Registry::builtin(), &s, Some(&base)),
            base,
            "unchanged"
        );
        let text = edit(&base, |s| s.year = Some(2020));
        assert_eq!(text, format!("{base}year = 2020{eol}"));
    }
}

#[test]
fn a_field_label_of_the_wrong_type_is_reported_where_it_is() {
    let toml = "format = 1\ntitle = \"R\"\n\n[fields.country]\nlabel = 3\n";
    let fx = Fixture::new(toml);
    match load(fx.root()) {
        Err(litrev::store::LoadError::BadReview { problems, .. }) => {
            let (line, col) = loc(toml, "3\n");
            assert_eq!(
                (problems[0].line, problems[0].col),
                (line, col),
                "{problems:?}"
            );
            assert!(
                problems[0]
                    .message
                    .contains("fields.country.label must be a string"),
                "{problems:?}"
            );
        }
        other => panic!("expected a located problem, got {other:?}"),
    }
}

#[test]
fn messages_to_a_closed_pipe_do_not_panic() {
    // `litrev list REVIEW 2>&1 | head -1`: the reader goes away while
    // litrev still has warnings to write to stderr.
    use std::process::{Command, Stdio};
    let fx = Fixture::new("format = 1\ntitle = \"R\"\n");
    for i in 0..8 {
        fx.write_study(&format!("b{i}"), "title = 3\n");
    }
    for (cmd, code) in [("list", 0), ("tally", 0), ("check", 1)] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("litrev"))
            .arg(cmd)
            .arg(fx.root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn litrev");
        drop(child.stderr.take());
        let status = child.wait().expect("wait for litrev");
        assert_eq!(status.code(), Some(code), "{cmd}");
    }
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("litrev"))
        .args(["tally", "/nonexistent/review"])
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn litrev");
    drop(child.stderr.take());
    assert_eq!(child.wait().expect("wait").code(), Some(2));
}
