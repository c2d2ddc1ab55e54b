//! Bibliographic study fields (abstract, volume, issue, pages, PMID, URL,
//! keywords) and the keys litrev does not know: read with located errors,
//! written in a new file as well as kept on an edit, shown in the detail
//! pane, listed as JSON and searched.

mod common;
mod tui_support;

use std::path::Path;

use common::*;
use litrev::appraisal::Registry;
use litrev::model::{Answer, Appraisal, FieldValue, Review, Study};
use litrev::search::SearchIndex;
use litrev::store::write::render_study;
use litrev::store::{load, save_study};
use proptest::prelude::*;
use serde_json::{Value as J, json};

fn parse(text: &str) -> Option<Study> {
    litrev::store::parse::parse_study(Path::new("p-1.toml"), text, Some("p-1"), &Review::default())
        .study
}

const BIB: &str = r#"id = "bib-2021"
ref = 3
title = "Exercise and pain"
authors = ["Berg, Ola"]
year = 2021
journal = "Pain Reports"
volume = 12
issue = "3-4"
pages = "e1023"
doi = "10.1/x"
pmid = 31234567
url = "https://example.org/bib"
design = "qual"
tags = ["pain"]
keywords = ["exercise therapy", "low back pain"]
abstract = """Background: a line.
Results: another line."""
funding = "NIHR" # kept
"#;

#[test]
fn bibliographic_fields_are_read_with_their_types() {
    let s = parse(&BIB.replace("bib-2021", "p-1")).expect("parses");
    assert_eq!(
        s.volume.as_deref(),
        Some("12"),
        "a whole number reads as text"
    );
    assert_eq!(s.issue.as_deref(), Some("3-4"));
    assert_eq!(s.pages.as_deref(), Some("e1023"));
    assert_eq!(s.pmid.as_deref(), Some("31234567"));
    assert_eq!(s.url.as_deref(), Some("https://example.org/bib"));
    assert_eq!(s.keywords, ["exercise therapy", "low back pain"]);
    assert_eq!(
        s.r#abstract.as_deref(),
        Some("Background: a line.\nResults: another line.")
    );
    assert_eq!(s.extra, [("funding".to_string(), json!("NIHR"))]);
}

#[test]
fn a_wrong_type_in_a_bibliographic_field_is_located() {
    let cases = [
        (
            "volume = [12]\n",
            "[12]",
            "volume must be a string, found an array",
        ),
        (
            "pmid = 1.5\n",
            "1.5",
            "pmid must be a string, found the number 1.5",
        ),
        ("url = true\n", "true", "url must be a string, found true"),
        (
            "keywords = \"pain\"\n",
            "\"pain\"",
            "keywords must be an array of strings",
        ),
        (
            "keywords = [\"pain\", 3]\n",
            "3]",
            "every entry of keywords must be a string",
        ),
        (
            "abstract = 3\n",
            "3\n",
            "abstract must be a string, found the integer 3",
        ),
    ];
    for (line, at_value, message) in cases {
        let text = format!("{}{line}", study("bad", Some(1), "qual", "T", ""));
        let (fx, l) = {
            let fx = Fixture::new(&other_review_toml("brackets"));
            fx.write_study("bad", &text);
            let l = load(fx.root()).expect("loads");
            (fx, l)
        };
        let want = format!("{}{message}", at(&fx.study_path("bad"), &text, at_value));
        let got: Vec<String> = l.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            got.iter().any(|p| p.starts_with(&want)),
            "{line:?}: want {want:?} in {got:?}"
        );
    }
}

#[test]
fn a_new_file_holds_every_field_and_the_unknown_keys() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    let l = load(fx.root()).expect("loads");
    let mut s = parse(&BIB.replace("bib-2021", "p-1")).expect("parses");
    s.id = "imported-2021".into();
    s.extra
        .push(("screening".into(), json!({"by": "AB", "round": 2})));
    s.extra.push(("checked".into(), json!(true)));
    let text = save_study(fx.root(), &l.review, &s, None).expect("created");
    assert_eq!(fx.read("studies/imported-2021.toml"), text);
    for line in [
        "volume = \"12\"",
        "pmid = \"31234567\"",
        "keywords = [\"exercise therapy\", \"low back pain\"]",
        "funding = \"NIHR\"",
        "screening = { by = \"AB\", round = 2 }",
        "checked = true",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} in\n{text}");
    }
    let back = load(fx.root()).expect("loads");
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert_eq!(back.get("imported-2021").expect("listed").study, s);
}

#[test]
fn an_edit_adds_an_unknown_key_and_keeps_the_others_as_they_were() {
    let base =
        "id = \"p-1\" # the id\ntitle = \"T\"\nreviewed = 2024-01-02 # a date\n\n[custom]\nx = 1\n";
    let mut s = parse(base).expect("parses");
    assert_eq!(s.extra[0], ("reviewed".to_string(), json!("2024-01-02")));
    s.extra.push(("source".into(), json!("PubMed")));
    let edited = render_study(&Registry::builtin(), &s, Some(base));
    assert!(edited.starts_with("id = \"p-1\" # the id\n"), "{edited}");
    assert!(
        edited.contains("reviewed = 2024-01-02 # a date\n"),
        "the date stays a date: {edited}"
    );
    assert!(edited.contains("source = \"PubMed\"\n"), "{edited}");
    assert!(edited.contains("[custom]\nx = 1\n"), "{edited}");
    // A study that no longer lists a key does not remove it from the file.
    let mut dropped = s.clone();
    dropped.extra.clear();
    assert_eq!(
        render_study(&Registry::builtin(), &dropped, Some(&edited)),
        edited
    );
}

#[test]
fn list_json_has_the_bibliographic_fields() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    fx.write_study("bib-2021", BIB);
    fx.write_study("bare", "id = \"bare\"\ntitle = \"T\"\n");
    let out = litrev()
        .args(["list", fx.root().to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: J = serde_json::from_slice(&out.stdout).expect("JSON");
    let s = &v[0];
    assert_eq!(s["volume"], "12");
    assert_eq!(s["issue"], "3-4");
    assert_eq!(s["pages"], "e1023");
    assert_eq!(s["pmid"], "31234567");
    assert_eq!(s["url"], "https://example.org/bib");
    assert_eq!(s["keywords"], json!(["exercise therapy", "low back pain"]));
    assert_eq!(s["abstract"], "Background: a line.\nResults: another line.");
    assert_eq!(s["funding"], "NIHR");
    let j = &v[1];
    assert_eq!(j["id"], "bare");
    assert!(j["volume"].is_null() && j["abstract"].is_null());
    assert_eq!(j["keywords"], json!([]));
}

#[test]
fn the_detail_pane_shows_the_bibliographic_fields_with_the_abstract_wrapped() {
    let text = BIB.replace("\"qual\"", "\"rct\"").replace(
        "Results: another line.",
        "Results: a long line of results that goes on well past the width of the pane.",
    );
    let dir = tui_support::small_review(&[("bib-2021", &text)]);
    let mut app = tui_support::open(dir.path(), 80, 40);
    // The record as imported comes after the reviewer's own fields: the
    // pane scrolls down to it.
    tui_support::keys(&mut app, "J J J");
    let screen = tui_support::screen(&app, 80, 40);
    for want in [
        "Volume        12",
        "Issue         3-4",
        "Pages         e1023",
        "PMID          31234567",
        "URL           https://example.org/bib",
        "Keywords      exercise therapy; low back pain",
        "Abstract",
        "  Background: a line.",
        "  Results: a long line of results that goes on well past the width of the",
    ] {
        assert!(screen.contains(want), "{want:?} in\n{screen}");
    }
}

#[test]
fn search_finds_a_study_by_its_keywords() {
    let mut s = parse("id = \"p-1\"\ntitle = \"Exercise\"\n").unwrap();
    let other = s.clone();
    s.keywords = vec!["kinesiophobia".into()];
    let index = SearchIndex::new([&other, &s]);
    let hits: Vec<usize> = index
        .search("kinesiophob")
        .iter()
        .map(|h| h.index)
        .collect();
    assert_eq!(hits, [1]);
    s.keywords.clear();
    s.r#abstract = Some("kinesiophobia".into());
    let index = SearchIndex::new([&other, &s]);
    assert!(
        index.search("kinesiophob").is_empty(),
        "the abstract is not indexed"
    );
}

// ---------------------------------------------------------------------------
// The round trip: whatever a study holds, a new file reads back as it.

fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 \"'\\\\\n\t#=\\[\\]{}øÜ李\u{1b}-]{0,30}")
        .expect("regex")
}

fn key() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z][a-z0-9_ .ø-]{0,12}")
        .expect("regex")
        .prop_filter("not a key litrev knows", |k| {
            !litrev::store::parse::STUDY_KEYS.contains(&k.as_str())
        })
}

/// A JSON value a TOML file can hold (no null; finite numbers).
fn toml_json() -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        text().prop_map(J::from),
        any::<i64>().prop_map(J::from),
        (-1e9f64..1e9).prop_map(J::from),
        any::<bool>().prop_map(J::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(J::Array),
            proptest::collection::vec((key(), inner), 0..4)
                .prop_map(|kv| J::Object(kv.into_iter().collect())),
        ]
    })
}

fn field_value() -> impl Strategy<Value = FieldValue> {
    prop_oneof![
        text().prop_map(FieldValue::Text),
        any::<i64>().prop_map(FieldValue::Integer),
        (-1e9f64..1e9).prop_map(FieldValue::Number),
        proptest::collection::vec(text(), 0..3).prop_map(FieldValue::List),
    ]
}

fn appraisal() -> impl Strategy<Value = Appraisal> {
    (
        text(),
        text(),
        proptest::option::of(1i64..6),
        proptest::collection::vec(
            (
                "[a-z][a-z0-9]{0,4}",
                prop_oneof![
                    text().prop_map(|t| Answer::Text(t.into())),
                    any::<i64>().prop_map(Answer::Int)
                ],
            ),
            0..4,
        ),
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(text()),
    )
        .prop_map(
            |(instrument, reviewer, category, answers, overall, comment, outcome)| {
                let mut seen = std::collections::HashSet::new();
                Appraisal {
                    instrument: instrument.into(),
                    reviewer: reviewer.into(),
                    category,
                    outcome,
                    answers: answers
                        .into_iter()
                        .filter(|(k, _)| seen.insert(k.clone()))
                        .collect(),
                    overall: overall.map(Into::into),
                    comment,
                    notes: Vec::new(),
                }
            },
        )
}

fn unique<T>(v: Vec<(String, T)>) -> Vec<(String, T)> {
    let mut seen = std::collections::HashSet::new();
    v.into_iter()
        .filter(|(k, _)| seen.insert(k.clone()))
        .collect()
}

prop_compose! {
    fn full_study()(
        (title, authors, reference, ref_shared, year) in (
            text(),
            proptest::collection::vec(text(), 0..3),
            proptest::option::of(1u32..100_000),
            any::<bool>(),
            proptest::option::of(1800i32..2025),
        ),
        (journal, volume, issue, pages, doi, pmid, url) in (
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(text()),
        ),
        (design, tags, keywords, notes, abstract_) in (
            proptest::option::of("[a-z]{1,6}(/[a-z]{1,6})?"),
            proptest::collection::vec(text(), 0..3),
            proptest::collection::vec(text(), 0..3),
            proptest::option::of(text()),
            proptest::option::of(text()),
        ),
        extraction in proptest::collection::vec(("[a-z][a-z0-9_]{0,8}", field_value()), 0..4),
        appraisals in proptest::collection::vec(appraisal(), 0..3),
        extra in proptest::collection::vec((key(), toml_json()), 0..4),
    ) -> Study {
        Study {
            id: "p-1".into(),
            reference,
            ref_shared,
            title,
            authors,
            year,
            journal,
            volume,
            issue,
            pages,
            doi,
            pmid,
            url,
            design,
            tags,
            keywords,
            notes,
            r#abstract: abstract_,
            extraction: unique(extraction)
                .into_iter()
                .map(|(k, v)| (k.into(), v))
                .collect(),
            appraisals,
            extra: unique(extra),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_new_file_reads_back_as_the_study_it_was_written_from(s in full_study()) {
        let text = render_study(&Registry::builtin(), &s, None);
        prop_assert_eq!(parse(&text), Some(s), "{}", text);
    }

    #[test]
    fn an_unchanged_study_renders_back_to_its_file(s in full_study()) {
        let text = render_study(&Registry::builtin(), &s, None);
        let back = parse(&text).expect("parses");
        prop_assert_eq!(render_study(&Registry::builtin(), &back, Some(&text)), text);
    }
}
