//! Properties of the three-way study merge over random edits on two sides,
//! and garbage that must never make it panic.

use std::path::Path;

use litrev::appraisal::Registry;
use litrev::model::{Answer, Appraisal, FieldValue, Review, Study};
use litrev::store::parse::parse_study;
use litrev::store::write::render_study;
use litrev::team::merge::{changed_fields, merge_study_text};
use proptest::prelude::*;

const BASE: &str = r#"# A study with a comment that OURS keeps.
id = "andersen-2015"
ref = 62
title = "Early therapeutic alliance"
authors = ["Andersen, Rasmus", "Kjær, Line"]
year = 2015
journal = "European Journal of Pain"  # abbreviated later
design = "quantitative/cohort"
tags = ["treatment outcomes", "alliance"]
funding = "none declared"

[extraction]
country = "Denmark"
sample_size = 241

[[appraisals]]
instrument = "nos-cohort"
reviewer = "consensus"
answers = { s1 = 1, s2 = 1, o3 = 0 }
comment = "Loss to follow-up 24%."
"#;

fn read(text: &str) -> Study {
    parse_study(Path::new("x.toml"), text, None, &Review::default())
        .study
        .expect("a study")
}

#[derive(Debug, Clone)]
enum Edit {
    Title(&'static str),
    Year(i32),
    Journal(Option<&'static str>),
    Doi(Option<&'static str>),
    AddTag(&'static str),
    DropTag(usize),
    Authors(Vec<&'static str>),
    Field(&'static str, Option<i64>),
    Answer(&'static str, i64),
    Appraise(&'static str, i64),
    Unknown(Option<&'static str>),
}

fn edit() -> impl Strategy<Value = Edit> {
    let word = || prop::sample::select(vec!["a", "b", "c"]);
    prop_oneof![
        word().prop_map(Edit::Title),
        (2014..2018i32).prop_map(Edit::Year),
        prop::option::of(word()).prop_map(Edit::Journal),
        prop::option::of(word()).prop_map(Edit::Doi),
        word().prop_map(Edit::AddTag),
        (0..3usize).prop_map(Edit::DropTag),
        prop::collection::vec(word(), 0..3).prop_map(Edit::Authors),
        (
            prop::sample::select(vec!["country", "sample_size", "n"]),
            prop::option::of(0..3i64)
        )
            .prop_map(|(k, v)| Edit::Field(k, v)),
        (prop::sample::select(vec!["s1", "s2", "c1"]), 0..3i64)
            .prop_map(|(k, v)| Edit::Answer(k, v)),
        (prop::sample::select(vec!["AB", "CD"]), 0..3i64).prop_map(|(r, v)| Edit::Appraise(r, v)),
        prop::option::of(word()).prop_map(Edit::Unknown),
    ]
}

fn apply(s: &mut Study, e: &Edit) {
    let text = |v: &Option<&str>| v.map(String::from);
    match e {
        Edit::Title(t) => s.title = t.to_string(),
        Edit::Year(y) => s.year = Some(*y),
        Edit::Journal(j) => s.journal = text(j),
        Edit::Doi(d) => s.doi = text(d),
        Edit::AddTag(t) => {
            if !s.tags.iter().any(|x| x == t) {
                s.tags.push(t.to_string());
            }
        }
        Edit::DropTag(i) => {
            if *i < s.tags.len() {
                s.tags.remove(*i);
            }
        }
        Edit::Authors(a) => s.authors = a.iter().map(|x| format!("{x}, X")).collect(),
        Edit::Field(k, v) => {
            s.extraction.retain(|(n, _)| n != k);
            if let Some(v) = v {
                s.extraction.push(((*k).into(), FieldValue::Integer(*v)));
            }
        }
        Edit::Answer(k, v) => {
            if let Some(a) = s.appraisals.first_mut() {
                a.answers.retain(|n, _| n != *k);
                a.answers.push(k, Answer::Int(*v));
            }
        }
        Edit::Appraise(r, v) => match s.appraisals.iter_mut().find(|a| a.reviewer == *r) {
            Some(a) => a.answers = [("s1", Answer::Int(*v))].into(),
            None => s.appraisals.push(Appraisal {
                instrument: "nos-cohort".into(),
                reviewer: (*r).into(),
                answers: [("s1", Answer::Int(*v))].into(),
                ..Appraisal::default()
            }),
        },
        Edit::Unknown(v) => {
            s.extra.retain(|(k, _)| k != "funding");
            if let Some(v) = v {
                s.extra.push(("funding".into(), serde_json::json!(v)));
            }
        }
    }
}

fn side(edits: &[Edit]) -> String {
    let mut s = read(BASE);
    edits.iter().for_each(|e| apply(&mut s, e));
    render_study(&Registry::builtin(), &s, Some(BASE))
}

/// Top-level keys and `[extraction]` keys of a file.
fn keys(text: &str) -> Vec<String> {
    let doc: toml_edit::DocumentMut = text.parse().expect("TOML");
    let mut out: Vec<String> = doc.iter().map(|(k, _)| k.to_string()).collect();
    if let Some(t) = doc.get("extraction").and_then(|i| i.as_table_like()) {
        out.extend(t.iter().map(|(k, _)| format!("extraction.{k}")));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_clean_merge_keeps_every_one_sided_change_and_every_key(
        a in prop::collection::vec(edit(), 0..5),
        b in prop::collection::vec(edit(), 0..5),
    ) {
        let (ours, theirs) = (side(&a), side(&b));
        let merged = merge_study_text(&Registry::builtin(), BASE, &ours, &theirs).expect("all sides are studies");
        let (base, o, t) = (read(BASE), read(&ours), read(&theirs));
        let (co, ct) = (changed_fields(&base, &o), changed_fields(&base, &t));
        if !merged.conflicts.is_empty() {
            prop_assert!(merged.text.contains("<<<<<<< ours\n"));
            // Tag sets never conflict; every conflict is a value both sides changed.
            for c in &merged.conflicts {
                // An appraisal's item conflicts where the appraisal changed.
                let top = match c.find("].") {
                    Some(i) => c[..=i].to_string(),
                    None => c.clone(),
                };
                prop_assert!(co.contains(&top) && ct.contains(&top), "{} not changed on both sides ({:?} / {:?})", c, co, ct);
            }
            return Ok(());
        }
        let r = read(&merged.text);
        let cr_o = changed_fields(&o, &r);
        let cr_t = changed_fields(&t, &r);
        for f in co.iter().filter(|f| !ct.contains(f)) {
            prop_assert!(!cr_o.contains(f), "OURS' change to {} lost:\n{}", f, merged.text);
        }
        for f in ct.iter().filter(|f| !co.contains(f)) {
            prop_assert!(!cr_t.contains(f), "THEIRS' change to {} lost:\n{}", f, merged.text);
        }
        let (ko, kt, kr) = (keys(&ours), keys(&theirs), keys(&merged.text));
        // Two sides that each removed a tag (an extraction field) can leave
        // none: an empty list or table is written as no key, as every save
        // writes it.
        let emptied = |k: &str| {
            (k == "tags" && r.tags.is_empty()) || (k == "extraction" && r.extraction.is_empty())
        };
        for k in ko.iter().filter(|k| kt.contains(k) && !emptied(k)) {
            prop_assert!(kr.contains(k), "key {} lost:\n{}", k, merged.text);
        }
        prop_assert!(merged.text.starts_with("# A study with a comment"));
    }

    #[test]
    fn an_unchanged_side_leaves_the_other_byte_for_byte(a in prop::collection::vec(edit(), 0..5)) {
        let ours = side(&a);
        prop_assert_eq!(&merge_study_text(&Registry::builtin(), BASE, &ours, BASE).expect("merge").text, &ours);
        prop_assert_eq!(&merge_study_text(&Registry::builtin(), BASE, BASE, &ours).expect("merge").text, &ours);
        prop_assert_eq!(&merge_study_text(&Registry::builtin(), BASE, &ours, &ours).expect("merge").text, &ours);
    }

    #[test]
    fn garbage_never_panics(b in ".{0,200}", o in ".{0,200}", t in ".{0,200}") {
        let _ = merge_study_text(&Registry::builtin(), &b, &o, &t);
    }

    #[test]
    fn damaged_studies_never_panic(
        at in prop::collection::vec((0..BASE.len(), ".{0,6}"), 1..4),
        cut in 0..BASE.len(),
    ) {
        let mut o = BASE.to_string();
        for (i, s) in &at {
            let i = (0..=*i).rev().find(|&j| o.is_char_boundary(j)).unwrap_or(0).min(o.len());
            o.insert_str(i, s);
        }
        let cut = (0..=cut).rev().find(|&j| BASE.is_char_boundary(j)).unwrap_or(0);
        let t = format!("{}{}", &BASE[..cut], "year = 1999\n");
        let _ = merge_study_text(&Registry::builtin(), BASE, &o, &t);
        let _ = merge_study_text(&Registry::builtin(), &o, BASE, &t);
        let _ = merge_study_text(&Registry::builtin(), &t, &o, BASE);
    }
}

#[test]
fn appraisals_by_two_reviewers_merge_answer_by_answer() {
    // One reviewer's appraisal (the consensus merges as a whole: below).
    let base = &BASE.replace("reviewer = \"consensus\"", "reviewer = \"AB\"");
    let mut s = read(base);
    let mut o = s.clone();
    o.appraisals[0].answers.set_nth(0, Answer::Int(0));
    o.appraisals[0].comment = Some("ours".into());
    s.appraisals[0].answers.set_nth(2, Answer::Int(1));
    let (ours, theirs) = (
        render_study(&Registry::builtin(), &o, Some(base)),
        render_study(&Registry::builtin(), &s, Some(base)),
    );
    let m = merge_study_text(&Registry::builtin(), base, &ours, &theirs).expect("merge");
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert!(
        m.text.contains("answers = { s1 = 0, s2 = 1, o3 = 1 }"),
        "{}",
        m.text
    );
    assert!(m.text.contains("comment = \"ours\""), "{}", m.text);

    let mut t2 = read(base);
    t2.appraisals[0].answers.set_nth(0, Answer::Int(2));
    let m = merge_study_text(
        &Registry::builtin(),
        base,
        &ours,
        &render_study(&Registry::builtin(), &t2, Some(base)),
    )
    .expect("merge");
    assert_eq!(m.conflicts, vec!["appraisals[nos-cohort by AB].answers.s1"]);
    assert!(
        m.text.contains(
            "<<<<<<< ours\nanswers = { s1 = 0, s2 = 1, o3 = 0 }\n=======\nanswers = { s1 = 2, s2 = 1, o3 = 0 }\n>>>>>>> theirs\n"
        ),
        "{}",
        m.text
    );
}

#[test]
fn the_consensus_merges_as_one_unit_and_conflicts_as_one() {
    // Ours agrees on a new answer and says why; theirs changes another
    // answer and the comment. Taken in pieces, the result would keep ours'
    // answer with theirs' justification.
    let mut o = read(BASE);
    o.appraisals[0].answers.set_nth(0, Answer::Int(0));
    o.appraisals[0].comment = Some("Agreed: selection unclear.".into());
    let mut t = read(BASE);
    t.appraisals[0].answers.set_nth(2, Answer::Int(1));
    t.appraisals[0].comment = Some("Agreed: follow-up adequate.".into());
    let reg = Registry::builtin();
    let (ours, theirs) = (
        render_study(&reg, &o, Some(BASE)),
        render_study(&reg, &t, Some(BASE)),
    );
    let m = merge_study_text(&reg, BASE, &ours, &theirs).expect("merge");
    assert_eq!(m.conflicts, vec!["appraisals[nos-cohort by consensus]"]);
    let c = litrev::team::conflict::split(&m.text).expect("markers");
    let (mo, mt) = (read(&c.ours), read(&c.theirs));
    assert_eq!(mo.appraisals, o.appraisals, "{}", m.text);
    assert_eq!(mt.appraisals, t.appraisals, "{}", m.text);

    // Changed on one side only, it is taken whole.
    let m = merge_study_text(&reg, BASE, &ours, BASE).expect("merge");
    assert!(m.conflicts.is_empty());
    assert_eq!(read(&m.text).appraisals, o.appraisals);
}

#[test]
fn a_value_deleted_on_one_side_and_changed_on_the_other_conflicts() {
    let ours = BASE.replace("year = 2015\n", "");
    let theirs = BASE.replace("year = 2015\n", "year = 2016\n");
    let m = merge_study_text(&Registry::builtin(), BASE, &ours, &theirs).expect("merge");
    assert_eq!(m.conflicts, vec!["year"]);
    assert!(
        m.text
            .contains("<<<<<<< ours\n=======\nyear = 2016\n>>>>>>> theirs\n"),
        "{}",
        m.text
    );
}

#[test]
fn an_unknown_key_deleted_by_theirs_goes() {
    let theirs = BASE.replace("funding = \"none declared\"\n", "");
    let ours = BASE.replace("year = 2015", "year = 2016");
    let m = merge_study_text(&Registry::builtin(), BASE, &ours, &theirs).expect("merge");
    assert!(m.conflicts.is_empty());
    assert_eq!(m.text, theirs.replace("year = 2015", "year = 2016"));
}
