//! Property tests of the readers: arbitrary bytes never panic, ids are
//! always valid, and RIS, BibTeX and CSL-JSON exports read back the same.

use std::collections::HashSet;

use litrev::interop::{self, Format, export, plan};
use litrev::model::{Study, valid_id};
use proptest::prelude::*;

const FORMATS: [Format; 6] = [
    Format::Ris,
    Format::Nbib,
    Format::Bibtex,
    Format::CslJson,
    Format::Csv,
    Format::Wos,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let text = interop::decode(&bytes);
        let _ = interop::detect(&text);
        for f in FORMATS {
            let _ = interop::read(&text, f);
        }
    }

    #[test]
    fn mutated_fixtures_never_panic(cut in 0usize..4000, junk in "[@{}()\\-\n \"#,A-Z]{0,12}") {
        for name in ["zotero.ris", "ovid.ris", "pubmed.nbib", "zotero.bib", "zotero.json", "rayyan.csv", "wos-savedrecs.txt", "scopus.csv"] {
            let path = format!("{}/tests/fixtures/interop/{name}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(path).expect("fixture");
            let at = (0..=cut.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
            let mutated = format!("{}{junk}{}", &text[..at], &text[at..]);
            for f in FORMATS {
                let parsed = interop::read(&mutated, f);
                let taken = HashSet::new();
                let p = plan::plan(&[], &taken, vec![(name.to_string(), parsed)]);
                for n in &p.new {
                    prop_assert!(valid_id(&n.record.study.id), "{}", n.record.study.id);
                }
            }
        }
    }

    #[test]
    fn ids_from_hostile_names_are_valid(family in "\\PC{0,40}", title in "\\PC{0,40}", year in proptest::option::of(0i32..10000)) {
        let s = Study { authors: vec![family], title, year, ..Study::default() };
        let mut used = HashSet::new();
        for _ in 0..3 {
            let id = plan::new_id(&s, &used);
            prop_assert!(valid_id(&id) && !id.contains('/') && !used.contains(&id), "{id}");
            used.insert(id);
        }
    }

    #[test]
    fn exports_read_back_the_same(studies in proptest::collection::vec(study(), 1..5)) {
        let refs: Vec<&Study> = studies.iter().collect();
        for (format, text) in [
            (Format::Ris, export::ris(&refs)),
            (Format::Bibtex, export::bibtex(&refs)),
            (Format::CslJson, serde_json::to_string(&export::csljson(&refs)).expect("json")),
        ] {
            prop_assert_eq!(interop::detect(&text), Some(format));
            let back = interop::read(&text, format);
            prop_assert!(back.bad.is_empty(), "{:?}: {:?}\n{}", format, back.bad, text);
            prop_assert_eq!(back.records.len(), studies.len());
            for (a, r) in studies.iter().zip(&back.records) {
                let b = &r.study;
                prop_assert_eq!(&a.title, &b.title, "{:?}\n{}", format, text);
                prop_assert_eq!(&a.authors, &b.authors, "{:?}\n{}", format, text);
                prop_assert_eq!(a.year, b.year);
                prop_assert_eq!(&a.journal, &b.journal, "{:?}", format);
                prop_assert_eq!(&a.volume, &b.volume);
                prop_assert_eq!(&a.issue, &b.issue);
                prop_assert_eq!(&a.pages, &b.pages);
                prop_assert_eq!(&a.doi, &b.doi);
                prop_assert_eq!(&a.pmid, &b.pmid);
                prop_assert_eq!(&a.r#abstract, &b.r#abstract, "{:?}", format);
                prop_assert_eq!(&a.keywords, &b.keywords);
            }
        }
    }
}

/// Text as a clean import leaves it: one line, single spaces, with
/// non-ASCII letters and characters TeX and HTML treat specially.
fn words() -> impl Strategy<Value = String> {
    proptest::collection::vec("[a-zA-ZéøüßЖ中0-9&%$#_'\"!?:]{1,8}", 1..6).prop_map(|w| w.join(" "))
}

/// Text with TeX's and HTML's special characters, for fields that are not
/// titles (titles lose braces and markup on import, by design).
fn hostile() -> impl Strategy<Value = String> {
    proptest::collection::vec("[a-zé中0-9~^{}<>\\&%$#_]{1,8}", 1..5).prop_map(|w| w.join(" "))
}

fn study() -> impl Strategy<Value = Study> {
    (
        words(),
        proptest::collection::vec(("[A-ZÅØ][a-zøéü]{1,10}", "[A-Z][a-z]{0,6}"), 1..4),
        1900i32..2100,
        proptest::option::of(words()),
        proptest::option::of("[0-9]{1,3}"),
        proptest::option::of(
            ("[1-9][0-9]{0,2}", "[1-9][0-9]{3}").prop_map(|(a, b)| format!("{a}-{b}")),
        ),
        proptest::option::of("10\\.[0-9]{4}/[a-z0-9.]{1,12}[a-z0-9]"),
        proptest::option::of("[1-9][0-9]{6,8}"),
        proptest::option::of(hostile()),
        proptest::collection::vec("[a-zé]{2,10}", 0..3),
    )
        .prop_map(
            |(title, names, year, journal, volume, pages, doi, pmid, abs, keywords)| Study {
                id: "x".into(),
                title,
                authors: names
                    .into_iter()
                    .map(|(f, g)| format!("{f}, {g}"))
                    .collect(),
                year: Some(year),
                journal,
                volume: volume.clone(),
                issue: volume,
                pages,
                doi,
                pmid,
                r#abstract: abs,
                keywords,
                ..Study::default()
            },
        )
}
