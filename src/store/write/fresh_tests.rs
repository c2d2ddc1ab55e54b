//! The direct writer of new study files gives byte for byte the text of
//! the `toml_edit` document it replaces.

use proptest::prelude::*;

use super::{fresh, render_document};
use crate::appraisal::Registry;
use crate::model::{Appraisal, FieldValue, Study};

/// Text that exercises every way a TOML string is written: plain words,
/// accents and other scripts, single and double quotes alone and in runs
/// (literal and multi-line forms), backslashes, tabs, line breaks (CRLF
/// too), other control characters and DEL, characters of a bare key.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "word",
        " ",
        "Åse",
        "Sørensen",
        "日本語",
        "🙂",
        "'",
        "''",
        "'''",
        "\"",
        "\"\"",
        "\"\"\"",
        "\\",
        "\\n",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "\u{1b}",
        "\u{7f}",
        "\u{0}",
        "\u{8}",
        "\u{c}",
        "a-b_c",
        ".",
        "/",
        ":",
        "#",
        "=",
        "[",
        "]",
        "{",
        "}",
        ",",
        "é",
        "\u{feff}",
        "\u{2028}",
    ]);
    prop::collection::vec(pieces, 0..8).prop_map(|v| v.concat())
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

fn json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{Value as J, json};
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        prop_oneof![
            Just(0.5f64),
            Just(-0.0),
            Just(1e300),
            Just(3.0),
            any::<f64>()
        ]
        .prop_map(|f| json!(f)),
        text().prop_map(J::String),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(J::Array),
            prop::collection::vec((key(), inner), 0..4)
                .prop_map(|kv| J::Object(kv.into_iter().collect())),
        ]
    })
}

/// Keys: bare ones, known keys (which the writer leaves out of the extra
/// keys), and keys that must be quoted.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "issn",
            "publisher",
            "language",
            "year_as_written",
            "a-b_c",
            "title",
            "abstract",
            "extraction",
            "appraisals",
            "9",
        ])
        .prop_map(str::to_string),
        text(),
    ]
}

fn field_value() -> impl Strategy<Value = FieldValue> {
    prop_oneof![
        text().prop_map(FieldValue::Text),
        any::<i64>().prop_map(FieldValue::Integer),
        prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-0.0),
            Just(2.5),
            Just(1e-7),
            any::<f64>()
        ]
        .prop_map(FieldValue::Number),
        prop::collection::vec(text(), 0..4).prop_map(FieldValue::List),
    ]
}

prop_compose! {
    fn study()(
        id in text(),
        (reference, ref_shared) in (prop::option::of(any::<u32>()), any::<bool>()),
        title in text(),
        authors in prop::collection::vec(text(), 0..4),
        year in prop::option::of(any::<i32>()),
        (journal, volume, issue, pages) in (opt_text(), opt_text(), opt_text(), opt_text()),
        (doi, pmid, url, design) in (opt_text(), opt_text(), opt_text(), opt_text()),
        tags in prop::collection::vec(text(), 0..3),
        keywords in prop::collection::vec(text(), 0..4),
        (notes, r#abstract) in (opt_text(), opt_text()),
        extra in prop::collection::vec((key(), json()), 0..4),
        extraction in prop::collection::vec((key().prop_map(Into::into), field_value()), 0..4),
    ) -> Study {
        Study {
            id, reference, ref_shared, title, authors, year, journal, volume, issue, pages,
            doi, pmid, url, design, tags, keywords, notes, r#abstract, extraction, extra,
            ..Study::default()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn a_new_study_is_written_as_the_document_writes_it(s in study()) {
        let reg = Registry::default();
        match fresh::render(&s) {
            Some(text) => prop_assert_eq!(text, render_document(&reg, &s, None)),
            // Left to the document only for a key given twice.
            None => {
                let twice = |keys: Vec<&str>| {
                    keys.iter().enumerate().any(|(i, k)| keys[..i].contains(k))
                };
                prop_assert!(
                    twice(s.extra.iter().map(|(k, _)| k.as_str()).collect())
                        || twice(s.extraction.iter().map(|(k, _)| k.as_str()).collect())
                );
            }
        }
    }
}

#[test]
fn a_study_with_appraisals_is_left_to_the_document() {
    let s = Study {
        id: "a".into(),
        appraisals: vec![Appraisal {
            instrument: "rob2".into(),
            ..Appraisal::default()
        }],
        ..Study::default()
    };
    assert_eq!(fresh::render(&s), None);
    let reg = Registry::default();
    assert_eq!(
        super::render_study(&reg, &s, None),
        render_document(&reg, &s, None)
    );
}

#[test]
fn an_imported_record_is_written_as_before() {
    let s = Study {
        id: "sorensen-2019".into(),
        title: "Trust \"and\" alliance: a C:\\path\tstudy".into(),
        authors: vec!["Sørensen, Åse".into(), "O'Brien, J.".into()],
        year: Some(2019),
        journal: Some("J Tests".into()),
        r#abstract: Some("Line one.\nLine two with 'quotes'.".into()),
        keywords: vec!["stroke".into()],
        extra: vec![
            ("issn".into(), serde_json::json!("1234-5678")),
            ("year_as_written".into(), serde_json::json!("3019")),
        ],
        ..Study::default()
    };
    let text = fresh::render(&s).expect("written directly");
    assert_eq!(text, render_document(&Registry::default(), &s, None));
    assert!(text.starts_with("id = \"sorensen-2019\"\n"), "{text}");
}
