//! A typing error in a search term of five letters or more still finds the
//! studies (a letter replaced, added, left out, or two swapped), ranked
//! below every exact and scattered match, and the word it found is
//! highlighted.

mod tui_support;

use assert_cmd::Command;
use litrev::search::SearchIndex;
use tui_support::*;

fn example() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example")
}

/// The refs `litrev list --search QUERY --format csv` lists, in its order.
fn refs(query: &str) -> Vec<String> {
    let out = Command::cargo_bin("litrev")
        .unwrap()
        .args(["list"])
        .arg(example())
        .args(["--search", query, "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows: Vec<String> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or("").to_string())
        .collect();
    rows.retain(|r| !r.is_empty());
    rows
}

#[test]
fn a_swapped_letter_finds_what_the_word_finds() {
    let typed = refs("alliance trsut");
    let mut want = refs("alliance trust");
    assert!(!want.is_empty());
    let mut got = typed.clone();
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn typing_errors_rank_below_exact_and_scattered_matches() {
    let titles = [
        "Tehrapy groups",        // two letters swapped: a typing error
        "Unrelated work",        // nothing
        "Therapy in practice",   // exact
        "Thxerapy as a theme",   // the letters in order, one between: scattered
        "Therpy and other work", // a letter left out: a typing error
        "Tharapy",               // a letter replaced: a typing error
        "Therappy",              // a letter added in the text: scattered
    ];
    let studies: Vec<litrev::model::Study> = titles
        .iter()
        .map(|t| litrev::model::Study {
            id: "x".into(),
            title: t.to_string(),
            ..Default::default()
        })
        .collect();
    let index = SearchIndex::new(studies.iter());
    let hits = index.search("therapy");
    let order: Vec<&str> = hits.iter().map(|h| titles[h.index]).collect();
    assert_eq!(
        order,
        [
            "Therapy in practice",
            "Thxerapy as a theme",
            "Therappy",
            "Tehrapy groups",
            "Tharapy",
            "Therpy and other work",
        ]
    );
    assert_eq!(
        hits.iter().map(|h| h.by_typo()).collect::<Vec<_>>(),
        [false, false, false, true, true, true]
    );
    // "ther" with two letters swapped: four letters are too few to forgive
    // an error.
    assert!(index.search("thre").is_empty());
}

#[test]
fn the_word_found_despite_a_typing_error_is_highlighted() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "/");
    // Tøndel with two letters swapped.
    type_text(&mut app, "tondle");
    keys(&mut app, "enter");
    assert_eq!(app.visible_ids().len(), 1);
    let buf = buffer(&app, 120, 35);
    let row = styled_rows(&buf, 2..3, 0..40);
    assert!(
        row.contains("[fg=Magenta,bg=DarkGray,bold,underlined]\"Tøndel\""),
        "{row}"
    );
}
