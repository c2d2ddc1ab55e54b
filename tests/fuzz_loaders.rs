//! Fuzz-style properties: the loaders and the keymap reader take any bytes
//! (random, TOML-shaped, or a real file with bytes flipped, inserted,
//! deleted or cut off) without panicking, and every problem they report
//! is located inside the file and printable.
//!
//! Bounded for CI: 256 cases per property (`PROPTEST_CASES` raises it for
//! a longer run, e.g. `PROPTEST_CASES=20000 cargo test --test fuzz_loaders`).

mod common;

use std::path::Path;

use litrev::store;
use litrev::store::parse::{parse_review, parse_study};
use litrev::text::problem::Problem;
use litrev::tui::Keymap;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const STUDY: &str = include_str!("../data/example/studies/taylor-2020.toml");
const REVIEW: &str = include_str!("../data/example/review.toml");
/// A study without appraisals: the shape the loader's fast path reads.
const PLAIN_STUDY: &str = include_str!("../data/example/studies/adams-2022.toml");
/// The same study with two appraisals, in every form of string litrev's
/// saver writes: the fast path reads these too.
const APPRAISED_STUDY: &str = include_str!("fixtures/appraised-study.toml");

/// The review of the bundled example, to validate studies against.
fn example_review() -> litrev::model::Review {
    let (review, problems) = parse_review(Path::new("review.toml"), REVIEW);
    assert!(problems.is_empty(), "{problems:?}");
    review.expect("the example review")
}

/// Text made of TOML's own pieces, so the parser gets past its first byte.
fn toml_like() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop::sample::select(vec![
            "id",
            "title",
            "year",
            "design",
            "authors",
            "[",
            "]",
            "[[",
            "]]",
            "{",
            "}",
            "=",
            " = ",
            ".",
            ",",
            "\"",
            "'",
            "\"\"\"",
            "'''",
            "\n",
            "\r\n",
            "#",
            "\t",
            " ",
            "1",
            "2020",
            "-1e9",
            "true",
            "0x1F",
            "1979-05-27T07:32:00Z",
            "\\u0000",
            "\\",
            "\u{202e}",
            "\u{1b}[2J",
            "\0",
            "é",
            "日本",
            "\u{feff}",
            "extraction",
            "appraisal",
            "tags",
        ]),
        0..200,
    )
    .prop_map(|v| v.concat().into_bytes())
}

/// A real file with random edits.
fn mutated(original: &'static str) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..12).prop_map(
        move |edits| {
            let mut b = original.as_bytes().to_vec();
            for (at, op, byte) in edits {
                if b.is_empty() {
                    b.push(byte);
                    continue;
                }
                let i = at.index(b.len());
                match op {
                    0 => b[i] = byte,
                    1 => b.insert(i, byte),
                    2 => {
                        b.remove(i);
                    }
                    _ => b.truncate(i),
                }
            }
            b
        },
    )
}

/// Any of the three kinds of input.
fn input(original: &'static str) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2000),
        toml_like(),
        mutated(original),
    ]
}

/// Every problem is inside its file and prints no control character.
fn assert_located(problems: &[Problem], src: &str) {
    let lines = src.split('\n').count();
    for p in problems {
        assert!(
            p.line >= 1 && p.line <= lines,
            "{p} (file has {lines} lines)"
        );
        let line = src.split('\n').nth(p.line - 1).unwrap_or("");
        assert!(p.col >= 1 && p.col <= line.chars().count() + 1, "{p}");
        let shown = p.to_string();
        assert!(
            !shown.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{shown:?}"
        );
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parse_study_never_panics(bytes in input(STUDY)) {
        let review = example_review();
        let src = String::from_utf8_lossy(&bytes);
        let parsed = parse_study(Path::new("studies/taylor-2020.toml"), &src, Some("taylor-2020"), &review);
        assert_located(&parsed.problems, &src);
    }

    /// The loader's fast path and the full `toml_edit` reader give the same
    /// study, problems and spans for any text, whichever path reads it.
    #[test]
    fn fast_and_full_study_readers_agree(bytes in prop_oneof![input(PLAIN_STUDY), input(STUDY), input(APPRAISED_STUDY), mutated(APPRAISED_STUDY)]) {
        let review = example_review();
        let src = String::from_utf8_lossy(&bytes);
        let path = Path::new("studies/adams-2022.toml");
        let fast = parse_study(path, &src, Some("adams-2022"), &review);
        let full = litrev::store::parse::parse_study_located(path, &src, Some("adams-2022"), &review);
        prop_assert_eq!(fast.study, full.study);
        prop_assert_eq!(fast.problems, full.problems);
        prop_assert_eq!(fast.ref_span, full.ref_span);
        prop_assert_eq!(fast.id_span, full.id_span);
    }

    #[test]
    fn parse_review_never_panics(bytes in input(REVIEW)) {
        let src = String::from_utf8_lossy(&bytes);
        let (_, problems) = parse_review(Path::new("review.toml"), &src);
        assert_located(&problems, &src);
    }

    #[test]
    fn loading_a_folder_never_panics(study in input(STUDY), review in input(REVIEW), which in 0u8..3) {
        let f = common::Fixture::new(REVIEW);
        // Either file mangled, or both.
        let (review, study) = match which {
            0 => (review, STUDY.as_bytes().to_vec()),
            1 => (REVIEW.as_bytes().to_vec(), study),
            _ => (review, study),
        };
        std::fs::write(f.root().join("review.toml"), &review).unwrap();
        std::fs::write(f.study_path("taylor-2020"), &study).unwrap();
        match store::load(f.root()) {
            Ok(loaded) => {
                // The one study is either loaded or a listed problem.
                let read = loaded.studies().count();
                prop_assert!(read == 1 || !loaded.problems.is_empty(), "{read} studies, no problem");
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn the_keymap_reader_never_panics(bytes in input(litrev::tui::keymap::DEFAULT_KEYMAP)) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keymap.toml"), &bytes).unwrap();
        let (keymap, err) = Keymap::load(Some(dir.path()));
        if let Some(e) = err {
            let (line, col) = e.at.expect("a keymap problem has a place");
            prop_assert!(line >= 1 && col >= 1);
            let shown = e.to_string();
            prop_assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        }
        // Whatever was read, every mode still has its help key or none.
        let _ = keymap.bindings(litrev::tui::Mode::Normal);
    }
}
