//! Tests of citing (`cite.rs`).

use super::*;

fn c(id: &str, r: Option<u32>, authors: &[&str], year: Option<i32>) -> Cited {
    Cited::of(&Study {
        id: id.into(),
        reference: r,
        authors: authors.iter().map(|a| a.to_string()).collect(),
        year,
        ..Study::default()
    })
}

#[test]
fn every_style_cites_the_same_studies() {
    let v = [
        c("lee-2020", Some(42), &["Lee, A", "Park, B"], Some(2020)),
        c(
            "smith-2019",
            Some(41),
            &["Smith, J", "Roe, K", "Doe, L"],
            Some(2019),
        ),
        c("new-2024", None, &["New, N"], None),
    ];
    use CitationStyle as S;
    assert_eq!(inline(S::Brackets, &v, false), " [41, 42]");
    assert_eq!(inline(S::Parentheses, &v, false), " (41, 42)");
    assert_eq!(inline(S::Parentheses, &v, true), " [41, 42]");
    assert_eq!(inline(S::Superscript, &v, false), "⁴¹,⁴²");
    assert_eq!(inline(S::None, &v, false), "");
    assert_eq!(
        inline(S::Pandoc, &v, false),
        " [@smith-2019; @lee-2020; @new-2024]"
    );
    assert_eq!(
        inline(S::Latex, &v, false),
        " \\cite{smith-2019,lee-2020,new-2024}"
    );
    assert_eq!(
        inline(S::AuthorYear, &v, false),
        " (Lee & Park, 2020; New, n.d.; Smith et al., 2019)"
    );
    assert_eq!(cell(S::Superscript, &v), "41, 42", "cells are plain");
    assert_eq!(bare(S::Brackets, &v), None);
    assert_eq!(bare(S::Parentheses, &v).as_deref(), Some("41, 42"));
    // Numbered styles cite nothing for unnumbered studies.
    assert_eq!(inline(S::Brackets, &v[2..], false), "");
    assert_eq!(inline(S::Pandoc, &v[2..], false), " [@new-2024]");
}

#[test]
fn same_authors_and_year_get_letters_by_title_over_the_whole_review() {
    let st = |id: &str, title: &str, authors: &[&str], year: Option<i32>| Study {
        id: id.into(),
        title: title.into(),
        authors: authors.iter().map(|a| a.to_string()).collect(),
        year,
        ..Study::default()
    };
    let all = [
        st(
            "okafor-2015",
            "The second study",
            &["Okafor, C"],
            Some(2015),
        ),
        st("okafor-2015b", "A first study", &["Okafor, C"], Some(2015)),
        st("okafor-2016", "Other year", &["Okafor, C"], Some(2016)),
        st("lee-x", "Zeta", &["Lee, A"], None),
        st("lee-y", "Alpha", &["Lee, A"], None),
        st(
            "smith-a",
            "T",
            &["Smith, J", "Roe, K", "Doe, L"],
            Some(2019),
        ),
        st(
            "smith-b",
            "T",
            &["Smith, J", "Poe, M", "Moe, N"],
            Some(2019),
        ),
    ];
    let ay = AuthorYears::of(&all);
    // Only the studies in view are cited; the letters stay.
    let mut v: Vec<Cited> = all.iter().map(Cited::of).collect();
    ay.apply(&mut v);
    let label = |id: &str| {
        v.iter()
            .find(|c| c.id == id)
            .map(|c| c.author_year.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        label("okafor-2015b"),
        "Okafor, 2015a",
        "\"A first\" sorts as \"first\""
    );
    assert_eq!(label("okafor-2015"), "Okafor, 2015b");
    assert_eq!(label("okafor-2016"), "Okafor, 2016");
    assert_eq!(label("lee-y"), "Lee, n.d.-a");
    assert_eq!(label("lee-x"), "Lee, n.d.-b");
    // "et al." hiding different co-authors: more names, never a/b
    // (APA 7, as citeproc does it).
    assert_eq!(label("smith-a"), "Smith, Roe, et al., 2019");
    assert_eq!(label("smith-b"), "Smith, Poe, et al., 2019");
    assert_eq!(
        cell(CitationStyle::AuthorYear, &v[..2]),
        // One author list: the years together, in citing order, as
        // citeproc collapses them.
        "Okafor, 2015b, 2015a"
    );
    assert_eq!(letters(25), "z");
    assert_eq!(letters(26), "aa");
    assert_eq!(letters(27), "ab");
}

#[test]
fn names_round_trip() {
    for n in CitationStyle::NAMES {
        assert!(CitationStyle::parse(n).is_some(), "{n}");
    }
    assert_eq!(CitationStyle::parse("vancouver"), None);
}

/// `Cited::of` builds its names and sort key without parsing every author
/// into a `Person`: it must give exactly what the parsed authors give.
mod without_parsing {
    use super::*;
    use proptest::prelude::*;

    fn author() -> impl Strategy<Value = String> {
        prop_oneof![
            "[A-Za-zÀ-ÿ' -]{0,12}, [A-Za-zÀ-ÿ.' -]{0,14}",
            "[A-Za-zÀ-ÿ' -]{0,12}",
            " ?[a-zøßØ]{1,6}-[A-Z]{0,3} ?, ?-?[a-zß]{0,3}-?[ÉA-Z]{0,2}-? [.]?",
            ",[ -]{0,3}",
        ]
    }

    proptest! {
        #[test]
        fn cited_of_gives_what_the_parsed_authors_give(
            authors in prop::collection::vec(author(), 0..5),
            year in prop::option::of(1900i32..2100),
            title in "[A-Za-z :]{0,20}",
        ) {
            let s = Study {
                id: "x".into(),
                title,
                authors,
                year,
                ..Study::default()
            };
            let people: Vec<Person> = s.authors.iter().map(|a| Person::parse(a)).collect();
            let c = Cited::of(&s);
            prop_assert_eq!(&c.sort, &sort_key(&s, &people));
            if !people.is_empty() {
                prop_assert_eq!(&c.names, &render_names(&people, 1, None));
            }
        }

        #[test]
        fn initials_as_first_written(given in "[A-Za-zÀ-ÿ.' -]{0,20}") {
            let old: Vec<String> = given
                .split_whitespace()
                .map(|part| {
                    part.split('-')
                        .filter_map(|p| p.chars().find(|c| c.is_alphabetic()))
                        .map(|c| format!("{}.", c.to_uppercase()))
                        .collect::<Vec<_>>()
                        .join("-")
                })
                .filter(|p| !p.is_empty())
                .collect();
            let mut new = String::new();
            initials_into(&given, &mut new);
            prop_assert_eq!(new, old.join(" "));
        }
    }
}
