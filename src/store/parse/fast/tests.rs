//! Unit tests of the fast reader: both readers agree.

use std::path::Path;

use crate::model::{Design, FieldDef, FieldKind, Review};
use crate::store::parse::{parse_study, parse_study_located};

fn review() -> Review {
    Review {
        designs: vec![Design {
            key: "qualitative".into(),
            label: "qualitative".into(),
            children: vec![Design {
                key: "clinician".into(),
                label: "clinician".into(),
                ..Design::default()
            }],
            ..Design::default()
        }],
        fields: vec![
            FieldDef {
                key: "country".into(),
                label: "Country".into(),
                kind: FieldKind::Text,
                choices: vec![],
                prose: None,
                ..FieldDef::default()
            },
            FieldDef {
                key: "sample_size".into(),
                label: "n".into(),
                kind: FieldKind::Integer,
                choices: vec![],
                prose: None,
                ..FieldDef::default()
            },
            FieldDef {
                key: "setting".into(),
                label: "Setting".into(),
                kind: FieldKind::Choice,
                choices: vec!["ward".into(), "home".into()],
                prose: None,
                ..FieldDef::default()
            },
            FieldDef {
                key: "effect".into(),
                label: "Effect".into(),
                kind: FieldKind::Number,
                choices: vec![],
                prose: None,
                ..FieldDef::default()
            },
        ],
        ..Review::default()
    }
}

const CLEAN: &str = "id = \"s-1\"\nref = 12\ntitle = \"A \\\"quoted\\\" title \\u00e9\"\nauthors = [\"Müller, Anna\", \"Ng, B\"]\nyear = 2006\njournal = \"J\"\nvolume = 3\npages = \"1-9\"\ndesign = \"qualitative/clinician\"\ntags = [\n  \"a\", # a comment\n  \"b\",\n]\n\n[extraction]\ncountry = \"Norway\"\nsample_size = 494\n";

/// Both readers agree on the study, the problems and the spans.
fn same(src: &str) -> bool {
    let r = review();
    let p = Path::new("studies/s-1.toml");
    let fast = parse_study(p, src, Some("s-1"), &r);
    let full = parse_study_located(p, src, Some("s-1"), &r);
    assert_eq!(fast.study, full.study, "study of {src:?}");
    assert_eq!(fast.problems, full.problems, "problems of {src:?}");
    assert_eq!(fast.ref_span, full.ref_span, "ref span of {src:?}");
    assert_eq!(fast.id_span, full.id_span, "id span of {src:?}");
    super::parse_clean(src, Some("s-1"), &r).is_some()
}

#[test]
fn a_clean_record_takes_the_fast_path_and_reads_the_same() {
    assert!(same(CLEAN));
    assert!(same(&CLEAN.replace('\n', "\r\n")));
    assert!(same(
        "# head\nid = \"s-1\" # c\ntitle = \"t\"\nref_shared = true\nref = 1"
    ));
    assert!(same(
        "id=\"s-1\"\ntitle=\"\"\ntags=[]\nyear = 1800\n[ extraction ]\n"
    ));
    // Each of TOML's four kinds of string, quoted keys, a float.
    assert!(same("id = 's-1'\ntitle = \"t\""));
    assert!(same("id = \"s-1\"\ntitle = \"\"\"t\"\"\""));
    assert!(same(
        "id = \"s-1\"\ntitle = \"t\"\n[extraction]\neffect = 1.5"
    ));
    assert!(same("id = \"s-1\"\ntitle = \"t\"\n\"doi\" = \"x\""));
    assert!(same(
        "id = \"s-1\"\ntitle = \"t\"\n[[appraisals]]\ninstrument = \"x\""
    ));
    assert!(same(
        "id = \"s-1\"\ntitle = \"t\"\n[extraction]\neffect = -inf"
    ));
}

/// An appraised record as litrev's saver writes one: every kind of string
/// it picks (basic, literal when the text holds a double quote, on several
/// lines when it holds a line break, literal on several lines when it also
/// holds a backslash, escapes when it holds a control character), quoted
/// item ids, a category, an overall, notes, and `[extraction]` after the
/// appraisals.
const APPRAISED: &str = r#"id = "s-1"
title = 'A "quoted" title'
notes = """
two
lines"""

[[appraisals]]
instrument = "rob2"
reviewer = "AB"
outcome = "pain at 12 weeks"
answers = { d1 = "low", d2 = "some-concerns", d3 = "high", d4 = "low", d5 = "no-info" }
overall = "high"
comment = '''
C:\data
second line'''
notes = { d2 = "Open-label", d3 = 'said "lost"' }

[[appraisals]]
instrument = "mmat-2018"
reviewer = "consensus"
category = 2
answers = { "1.1" = "yes", "2.1" = "can't tell", 's 1' = 3 }
comment = "tab\there, bell\u0007, quote \" and \\ backslash"

[extraction]
effect = -0.25
sample_size = 12
"#;

#[test]
fn an_appraised_record_takes_the_fast_path_and_reads_the_same() {
    assert!(same(APPRAISED));
    assert!(same(&APPRAISED.replace('\n', "\r\n")));
    let r = review();
    let (s, _, _) = super::parse_clean(APPRAISED, Some("s-1"), &r).expect("fast path");
    assert_eq!(s.appraisals.len(), 2);
    assert_eq!(
        s.appraisals[0].comment.as_deref(),
        Some("C:\\data\nsecond line")
    );
    assert_eq!(s.appraisals[1].answers.items().next(), Some("1.1"));
    assert_eq!(s.appraisals[0].outcome.as_deref(), Some("pain at 12 weeks"));
    assert_eq!(s.notes.as_deref(), Some("two\nlines"));
    // Quotes right before the closing ones belong to the text.
    assert!(same(
        "id = \"s-1\"\ntitle = \"t\"\nnotes = \"\"\"\nsaid \"yes\"\"\"\"\"\n"
    ));
    assert!(same("id = \"s-1\"\ntitle = \"t\"\nnotes = '''it's'''''\n"));
}

#[test]
fn an_appraisal_the_saver_never_writes_goes_to_the_full_reader() {
    let head = "id = \"s-1\"\ntitle = \"t\"\n";
    let cases = [
        "[[appraisals]]\nreviewer = \"AB\"",
        "[[appraisals]]\ninstrument = \"rob2\"\n[appraisals.answers]\nd1 = \"low\"",
        "[[appraisals]]\ninstrument = \"rob2\"\nanswers = \"low\"",
        "[[appraisals]]\ninstrument = \"rob2\"\nanswers = { d1 = 1.5 }",
        "[[appraisals]]\ninstrument = \"rob2\"\nanswers = { d1 = [\"a\"] }",
        "[[appraisals]]\ninstrument = \"rob2\"\nanswers = { d1 = \"a\", }",
        "[[appraisals]]\ninstrument = \"rob2\"\nanswers = { d1 = \"a\",\n d2 = \"b\" }",
        "[[appraisals]]\ninstrument = \"rob2\"\nanswers = { d1 = \"a\", d1 = \"b\" }",
        "[[appraisals]]\ninstrument = \"rob2\"\nanswers = { d1.x = \"a\" }",
        "[[appraisals]]\ninstrument = \"rob2\"\nnotes = { d1 = 2 }",
        "[[appraisals]]\ninstrument = \"rob2\"\ncategory = \"2\"",
        "[[appraisals]]\ninstrument = \"rob2\"\noutcome = 2",
        "[[appraisals]]\ninstrument = \"rob2\"\nmine = 1",
        "[[appraisals]]\ninstrument = 3",
        "[[appraisals]]\ninstrument = \"rob2\"\ninstrument = \"rob2\"",
        "appraisals = [{ instrument = \"rob2\" }]",
        "appraisals = 1\n[[appraisals]]\ninstrument = \"rob2\"",
        "[[appraisals]]\ninstrument = \"rob2\"\n[appraisals]\ninstrument = \"rob2\"",
        "[ [appraisals]]\ninstrument = \"rob2\"",
        "[[appraisals] ]\ninstrument = \"rob2\"",
        "notes = \"\"\"a \\\n  b\"\"\"",
        "notes = \"\"\"a\"\"\"\"\"\"",
        "notes = '''a'''''' ",
        "notes = 'a\nb'",
        "notes = \"\\é\"",
        "[extraction]\neffect = 1e5",
        "[extraction]\neffect = +inf",
        "[extraction]\neffect = 1.0e400",
        "[extraction]\neffect = 1.",
        "[extraction]\neffect = .5",
        "[extraction]\neffect = 01.5",
        "[extraction]\nsample_size = 1.5",
        // A table inside an inline table, anywhere.
        "[[appraisals]]\ninstrument = \"rob2\"\nanswers = { d1 = { x = \"low\" } }",
        "[[appraisals]]\ninstrument = \"rob2\"\nanswers = { d1 = \"low\", d2 = {} }",
        "[[appraisals]]\ninstrument = \"rob2\"\nnotes = { d1 = { x = \"a\" } }",
        "mine = { a = { b = 1 } }",
        "mine = { a = 1 }",
        "[extraction]\ncountry = { a = \"b\" }",
        // An empty `[[appraisals]]` table, first, between or last.
        "[[appraisals]]\n[[appraisals]]\ninstrument = \"rob2\"",
        "[[appraisals]]\ninstrument = \"rob2\"\n[[appraisals]]\n[[appraisals]]\ninstrument = \"rob2\"",
        "[[appraisals]]\ninstrument = \"rob2\"\n[[appraisals]]\n",
        "[[appraisals]]\ninstrument = \"rob2\"\n[extraction]\n[[appraisals]]",
        // A key given twice in an inline table, bare, quoted, among others.
        "[[appraisals]]\ninstrument = \"rob2\"\nanswers = { d1 = \"low\", d1 = \"high\" }",
        "[[appraisals]]\ninstrument = \"rob2\"\nanswers = { d1 = \"low\", \"d1\" = \"high\" }",
        "[[appraisals]]\ninstrument = \"x\"\nanswers = { q1 = \"a\", q11 = \"b\", q21 = \"c\", q1 = \"d\" }",
        "[[appraisals]]\ninstrument = \"x\"\nanswers = { \"\" = \"a\", q = \"b\", \"\" = \"c\" }",
        // A key given twice in a table that comes after another.
        "[[appraisals]]\ninstrument = \"rob2\"\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"A\"\nreviewer = \"B\"",
        "[extraction]\ncountry = \"a\"\n[[appraisals]]\ninstrument = \"rob2\"\n[extraction]\ncountry = \"b\"",
    ];
    for case in cases {
        let src = format!("{head}{case}");
        assert!(!same(&src), "took the fast path: {src:?}");
    }
    // Tables side by side keep their own keys: the same key in two
    // appraisals, in the root and in `[extraction]`, in two inline tables.
    for case in [
        "[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"A\"\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"B\"",
        "country = \"x\"\n[extraction]\ncountry = \"a\"",
        "[[appraisals]]\ninstrument = \"rob2\"\nanswers = { d1 = \"low\" }\nnotes = { d1 = \"why\" }\n[[appraisals]]\ninstrument = \"rob2\"\nanswers = { d1 = \"high\" }",
        "[extraction]\ncountry = \"a\"\n[[appraisals]]\ninstrument = \"rob2\"\n[[appraisals]]\ninstrument = \"x\"",
        "tags = [\"a\", \"b\"]\nkeywords = []\nauthors = [\"c\"]\n[[appraisals]]\ninstrument = \"rob2\"\nanswers = {}\nnotes = {}",
    ] {
        let src = format!("{head}{case}");
        assert!(same(&src), "went to the full reader: {src:?}");
    }
}

#[test]
fn anything_else_goes_to_the_full_reader_with_the_same_outcome() {
    let cases = [
        // Syntax outside the subset, valid TOML.
        "id = \"s-1\"\ntitle = \"t\"\nyear = 2_000",
        "id = \"s-1\"\ntitle = \"t\"\nyear = +2000",
        "id = \"s-1\"\ntitle = \"t\"\nextraction = { country = \"x\" }",
        "id = \"s-1\"\ntitle = \"t\"\nextraction.country = \"x\"",
        "id = \"s-1\"\ntitle = \"t\"\ndate = 2020-01-01",
        "id = \"s-1\"\ntitle = \"t\\e\"",
        "\u{feff}id = \"s-1\"\ntitle = \"t\"",
        // Problems the full reader reports.
        "id = \"s-1\"\ntitle = \"t\"\nyear = 1700",
        "id = \"s-2\"\ntitle = \"t\"",
        "id = \"S 1\"\ntitle = \"t\"",
        "title = \"t\"",
        "id = \"s-1\"",
        "id = \"s-1\"\ntitle = 3",
        "id = \"s-1\"\ntitle = \"t\"\nref = 0",
        "id = \"s-1\"\ntitle = \"t\"\nref = -4",
        "id = \"s-1\"\ntitle = \"t\"\nref = 99999999999",
        "id = \"s-1\"\ntitle = \"t\"\ntags = [\"a\", 1]",
        "id = \"s-1\"\ntitle = \"t\"\ndesign = \"rct\"",
        "id = \"s-1\"\ntitle = \"t\"\n[extraction]\ncolour = \"red\"",
        "id = \"s-1\"\ntitle = \"t\"\n[extraction]\nsetting = \"car\"",
        "id = \"s-1\"\ntitle = \"t\"\n[extraction]\nsample_size = \"many\"",
        "id = \"s-1\"\ntitle = \"t\"\nmine = { a = 1 }",
        "id = \"s-1\"\ntitle = \"t\"\nmine = \"\"\"\r\na\r\nb\"\"\"",
        "id = \"s-1\"\ntitle = \"t\"\nmine = [\"a\\r\"]",
        // Not TOML at all.
        "id = \"s-1\"\ntitle = \"t\"\ntitle = \"u\"",
        "id = \"s-1\"\ntitle = \"t\"\n[extraction]\n[extraction]",
        "id = \"s-1\"\nextraction = 1\ntitle = \"t\"\n[extraction]",
        "id = \"s-1\"\ntitle = \"t\nu\"",
        "id = \"s-1\"\ntitle = \"t\" x",
        "id = \"s-1\"\ntitle = \"t\\q\"",
        "id = \"s-1\"\ntitle = \"t\\ud800\"",
        "id = \"s-1\"\ntitle = \"t\u{1}\"",
        "id = \"s-1\"\ntitle = \"t\"\ryear = 2000",
        "id = \"s-1\"\ntitle = \"t\"\nyear = 02000",
        "id = \"s-1\"\ntitle = \"t\"\ntags = [\"a\" \"b\"]",
        "id = \"s-1\"\ntitle = \"t\"\ntags = [\"a\",,]",
        "id = \"s-1\"\ntitle = \"t\"\n<<<<<<< HEAD\nyear = 2000\n=======\nyear = 2001\n>>>>>>> x",
        "id = \"s-1\"\ntitle = \"t\"\nyear = truely",
        "id = \"s-1\"\ntitle = \"t\"\n[other]\nx = 1",
        "id = \"s-1\"\ntitle = \"t\"\nref_shared = yes",
    ];
    for src in cases {
        assert!(!same(src), "took the fast path: {src:?}");
    }
}

mod written_by_litrev {
    //! Whatever litrev's saver writes, the fast path reads, and reads as
    //! the full reader does.

    use super::review;
    use crate::appraisal::{Answer, Appraisal, Instruments, Word};
    use crate::model::{FieldValue, Study};
    use crate::store::parse::parse_study_located;
    use proptest::prelude::*;
    use std::path::Path;

    /// Text with the characters that make the saver pick each kind of
    /// string: quotes of both kinds, backslashes, line breaks, tabs,
    /// control characters, and letters beyond ASCII.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec![
                "a", "Z", " ", "\"", "'", "''", "\"\"\"", "'''", "\\", "\n", "\r\n", "\r", "\t",
                "\u{1}", "\u{7f}", "é", "日本", "#", "=", "[", "]", "{", "}", ",", ".",
            ]),
            0..12,
        )
        .prop_map(|v| v.concat())
    }

    fn answer() -> impl Strategy<Value = Answer> {
        prop_oneof![
            text().prop_map(|t| Answer::Text(t.into())),
            prop::sample::select(vec!["low", "high", "yes", "some-concerns"])
                .prop_map(|w| Answer::Text(w.into())),
            (-5i64..40).prop_map(Answer::Int),
        ]
    }

    fn item() -> impl Strategy<Value = Word> {
        prop::sample::select(vec![
            "d1", "d2", "1.1", "2.3", "s 1", "é", "q'1", "q\"2", "",
        ])
        .prop_map(Word::from)
    }

    fn appraisal() -> impl Strategy<Value = Appraisal> {
        (
            prop::sample::select(vec!["rob2", "mmat-2018", "casp-qualitative", "mine"]),
            prop_oneof![Just(String::new()), Just("AB".to_string()), text()],
            proptest::option::of(1i64..6),
            prop::collection::vec((item(), answer()), 0..6),
            proptest::option::of(text()),
            proptest::option::of(text()),
            prop::collection::vec((item(), text()), 0..3),
            proptest::option::of(text()),
        )
            .prop_map(
                |(instrument, reviewer, category, answers, overall, comment, notes, outcome)| {
                    Appraisal {
                        instrument: instrument.into(),
                        reviewer: reviewer.into(),
                        category,
                        outcome,
                        answers: answers.into(),
                        overall: overall.map(Into::into),
                        comment,
                        notes,
                    }
                },
            )
    }

    fn study() -> impl Strategy<Value = Study> {
        (
            text(),
            prop::collection::vec(text(), 0..3),
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(-1000i64..100_000),
            proptest::option::of(prop_oneof![
                any::<f64>().prop_filter("a number", |x| !x.is_nan()),
                Just(f64::INFINITY),
                (-1000i32..1000).prop_map(|n| f64::from(n) / 8.0),
            ]),
            prop::collection::vec(appraisal(), 0..3),
        )
            .prop_map(
                |(title, authors, notes, journal, country, n, effect, appraisals)| {
                    let mut extraction = Vec::new();
                    if let Some(c) = country {
                        extraction.push(("country".into(), FieldValue::Text(c)));
                    }
                    if let Some(n) = n {
                        extraction.push(("sample_size".into(), FieldValue::Integer(n)));
                    }
                    if let Some(x) = effect {
                        extraction.push(("effect".into(), FieldValue::Number(x)));
                    }
                    Study {
                        id: "s-1".into(),
                        title,
                        authors,
                        notes,
                        journal,
                        extraction,
                        appraisals,
                        ..Study::default()
                    }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        /// A file the saver wrote (with its line ends, or with Windows
        /// ones, which a save keeps) is read by the fast path whenever the
        /// full reader reads it without a problem, to the same study.
        #[test]
        fn the_fast_path_reads_whatever_litrev_writes(s in study(), crlf in any::<bool>()) {
            let r = review();
            let mut text = crate::store::write::render_study(&Instruments::builtin(), &s, None);
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            let full = parse_study_located(Path::new("studies/s-1.toml"), &text, Some("s-1"), &r);
            let fast = super::super::parse_clean(&text, Some("s-1"), &r);
            if full.problems.is_empty() && full.study.is_some() {
                let fast = fast.map(|(s, _, _)| s);
                prop_assert!(fast.is_some(), "the fast path gave up on {text}");
                prop_assert_eq!(fast, full.study, "{}", text);
            } else {
                prop_assert!(fast.is_none(), "{text}");
            }
        }
    }
}

#[test]
fn keys_litrev_does_not_know_are_kept_on_the_fast_path_as_the_full_reader_keeps_them() {
    for extra in [
        r#"issn = "1234-5678""#,
        r#"publisher = "P \"Q\" \u00e9""#,
        "language = 'English'",
        "mine = 1",
        "mine = -2.5",
        "mine = nan",
        "mine = inf",
        "mine = true",
        r#"mine = ["a", 'b', "é"]"#,
        "mine = []",
        "mine = \"\"\"\nline one\nline two\"\"\"",
        "mine = '''\nraw \\ text'''",
        r#""odd key" = "x""#,
    ] {
        let src = format!("id = \"s-1\"\ntitle = \"t\"\n{extra}\nyear = 2001\n");
        assert!(same(&src), "went to the full reader: {src:?}");
        let r = review();
        let s = parse_study(Path::new("studies/s-1.toml"), &src, Some("s-1"), &r)
            .study
            .expect("a study");
        assert_eq!(s.extra.len(), 1, "{src:?}");
    }
    // Among the known keys, before the extraction.
    let src = CLEAN.replace(
        "year = 2006\n",
        "year = 2006\nissn = \"1\"\nlanguage = \"en\"\n",
    );
    assert!(same(&src));
    assert!(same(&src.replace('\n', "\r\n")));
}
