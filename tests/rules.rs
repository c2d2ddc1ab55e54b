//! The rules behind the numbers: citation compression, number words and the
//! tally (counts, order, percentages, citations, "other", prose), checked
//! on fixed cases and as properties over generated inputs.

use std::collections::{BTreeMap, BTreeSet};

use litrev::manuscript::tally::{By, Group, Tally, tally};
use litrev::model::{CitationStyle, Design, FieldDef, FieldKind, FieldValue, Review, Study};
use litrev::text::{
    compress_refs, compress_refs_superscript, number_words, number_words_capitalised,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Citation compression.

/// The numbers a compressed citation stands for (an independent reader).
fn expand(citation: &str) -> Vec<u32> {
    let mut v = Vec::new();
    if citation.is_empty() {
        return v;
    }
    for part in citation.split(", ") {
        match part.split_once('–') {
            Some((a, b)) => {
                let (a, b): (u32, u32) = (a.parse().unwrap(), b.parse().unwrap());
                v.extend(a..=b);
            }
            None => v.push(part.parse().unwrap()),
        }
    }
    v
}

#[test]
fn citation_compression_edge_cases() {
    let cases: &[(&[u32], &str)] = &[
        (&[], ""),
        (&[5], "5"),
        (&[1, 2], "1, 2"),
        (&[1, 2, 3], "1–3"),
        (&[3, 1, 2], "1–3"),
        (&[1, 1, 2, 2, 3, 3], "1–3"),
        (&[7, 7], "7"),
        (&[1, 3, 5], "1, 3, 5"),
        (&[1, 2, 4, 5, 6, 8], "1, 2, 4–6, 8"),
        (&[9, 10, 11], "9–11"),
        (&[99, 100, 101, 102], "99–102"),
        (&[30, 103, 104], "30, 103, 104"),
        (&[105, 106], "105, 106"),
        (&[22, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71], "22, 62–71"),
        (
            &[
                21, 32, 47, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102,
            ],
            "21, 32, 47, 91–102",
        ),
        (&[1, 2, 3, 5, 6, 7], "1–3, 5–7"),
        (&[1, 2, 3, 4, 6, 7], "1–4, 6, 7"),
        (
            &[u32::MAX - 2, u32::MAX - 1, u32::MAX],
            "4294967293–4294967295",
        ),
        (&[u32::MAX, 1], "1, 4294967295"),
    ];
    for (refs, want) in cases {
        assert_eq!(compress_refs(refs), *want, "{refs:?}");
    }
    assert_eq!(compress_refs_superscript(&[31, 41, 42, 43, 44]), "³¹,⁴¹⁻⁴⁴");
    assert_eq!(compress_refs_superscript(&[10, 19]), "¹⁰,¹⁹");
    assert_eq!(compress_refs_superscript(&[]), "");
}

/// Maximal runs of consecutive numbers in a sorted, deduplicated list.
fn runs(v: &[u32]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &n in v {
        match out.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(n) => *end = n,
            _ => out.push((n, n)),
        }
    }
    out
}

fn superscript_of(plain: &str) -> String {
    plain
        .replace(", ", ",")
        .replace('–', "⁻")
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'][d as usize],
            None => c,
        })
        .collect()
}

fn refs_strategy() -> impl Strategy<Value = Vec<u32>> {
    // Small ranges make runs likely; a few large numbers test the edges.
    prop_oneof![
        proptest::collection::vec(1u32..60, 0..40),
        proptest::collection::vec(any::<u32>(), 0..10),
        proptest::collection::vec(u32::MAX - 8..=u32::MAX, 0..10),
    ]
}

proptest! {
    #[test]
    fn compression_round_trips_and_is_minimal(refs in refs_strategy()) {
        let c = compress_refs(&refs);
        let mut set: Vec<u32> = refs.clone();
        set.sort_unstable();
        set.dedup();
        prop_assert_eq!(expand(&c), set.clone(), "{}", c);

        // Runs of three or more are one `a–b` token; shorter runs stay single.
        let mut want = Vec::new();
        for (a, b) in runs(&set) {
            if b - a >= 2 {
                want.push(format!("{a}–{b}"));
            } else {
                want.extend((a..=b).map(|n| n.to_string()));
            }
        }
        prop_assert_eq!(c.clone(), want.join(", "));
        prop_assert!(!c.contains('-'), "an en dash, never a hyphen: {}", c);

        // Order and repetition of the input do not matter.
        let mut shuffled = refs.clone();
        shuffled.reverse();
        shuffled.extend(refs.iter().take(3));
        prop_assert_eq!(compress_refs(&shuffled), c.clone());

        prop_assert_eq!(compress_refs_superscript(&refs), superscript_of(&c));
    }
}

// ---------------------------------------------------------------------------
// Number words.

/// Reads British number words back into a number (an independent reader).
fn read_words(s: &str) -> Option<u64> {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let (mut total, mut current) = (0u64, 0u64);
    for word in s.split([' ', '-']) {
        if let Some(i) = ONES.iter().position(|w| *w == word) {
            current += i as u64;
        } else if let Some(i) = TENS.iter().position(|w| !w.is_empty() && *w == word) {
            current += 10 * i as u64;
        } else {
            match word {
                "and" => {}
                "hundred" => current *= 100,
                "thousand" => {
                    total += current * 1000;
                    current = 0;
                }
                _ => return None,
            }
        }
    }
    Some(total + current)
}

#[test]
fn number_words_for_every_number_from_1_to_999() {
    for n in 1..=999u64 {
        let w = number_words(n);
        assert_eq!(read_words(&w), Some(n), "{n} → {w:?}");
        assert!(
            w.chars()
                .all(|c| c.is_ascii_lowercase() || c == ' ' || c == '-'),
            "{n} → {w:?}"
        );
        assert!(!w.contains("  ") && !w.starts_with(' ') && !w.ends_with(' '));
        assert!(!w.contains("zero"), "{n} → {w:?}");
        // A hyphen joins tens and ones (twenty-one … ninety-nine) and nothing else.
        let rest = n % 100;
        assert_eq!(w.contains('-'), rest > 20 && rest % 10 != 0, "{n} → {w:?}");
        // British "and" after the hundreds.
        assert_eq!(w.contains(" and "), n > 100 && rest != 0, "{n} → {w:?}");

        let cap = number_words_capitalised(n);
        let mut chars = w.chars();
        let first = chars.next().unwrap().to_ascii_uppercase();
        assert_eq!(cap, format!("{first}{}", chars.as_str()));
    }
    let spot = [
        (1, "One"),
        (11, "Eleven"),
        (15, "Fifteen"),
        (22, "Twenty-two"),
        (40, "Forty"),
        (51, "Fifty-one"),
        (75, "Seventy-five"),
        (100, "One hundred"),
        (101, "One hundred and one"),
        (110, "One hundred and ten"),
        (999, "Nine hundred and ninety-nine"),
    ];
    for (n, want) in spot {
        assert_eq!(number_words_capitalised(n), want);
    }
}

proptest! {
    #[test]
    fn number_words_read_back_in_the_thousands(n in 1000u64..1_000_000) {
        let w = number_words(n);
        prop_assert_eq!(read_words(&w), Some(n), "{}", w);
        prop_assert!(w.chars().all(|c| c.is_ascii_lowercase() || c == ' ' || c == '-'));
    }
}

// ---------------------------------------------------------------------------
// Tally rules.

fn design(key: &str, children: &[&str]) -> Design {
    Design {
        key: key.into(),
        label: format!("{key} label"),
        children: children
            .iter()
            .map(|c| Design {
                key: (*c).into(),
                label: format!("{c} label"),
                ..Design::default()
            })
            .collect(),
        ..Design::default()
    }
}

/// Taxonomy order deliberately not alphabetical.
fn review(style: CitationStyle) -> Review {
    Review {
        format: 1,
        title: "Rules".into(),
        citation_style: style,
        designs: vec![
            design("zeta", &["z2", "z1"]),
            design("alpha", &["a1"]),
            design("mid", &[]),
            design("empty", &[]),
        ],
        fields: vec![FieldDef {
            key: "country".into(),
            label: "Country".into(),
            kind: FieldKind::Text,
            choices: vec![],
            prose: None,
            ..FieldDef::default()
        }],
        ..Review::default()
    }
}

fn st(id: &str, reference: Option<u32>, design: Option<&str>) -> Study {
    Study {
        id: id.into(),
        reference,
        title: id.into(),
        design: design.map(String::from),
        ..Study::default()
    }
}

fn run(review: &Review, studies: &[Study], by: &By) -> Tally {
    let refs: Vec<&Study> = studies.iter().collect();
    tally(review, &refs, by, studies.len())
}

fn find<'a>(groups: &'a [Group], key: &str) -> &'a Group {
    groups
        .iter()
        .find(|g| g.key == key)
        .unwrap_or_else(|| panic!("no group {key}"))
}

#[test]
fn a_study_coded_at_parent_level_is_counted_as_other() {
    let r = review(CitationStyle::Brackets);
    let studies = vec![
        st("a", Some(1), Some("zeta/z1")),
        st("b", Some(2), Some("zeta/z1")),
        st("c", Some(3), Some("zeta/z2")),
        st("d", Some(7), Some("zeta")),
        st("e", Some(9), Some("zeta")),
        st("f", Some(4), Some("alpha/a1")),
    ];
    let t = run(&r, &studies, &By::Design);
    let zeta = find(&t.groups, "zeta");
    assert_eq!(zeta.count, 5);
    let kids: Vec<(&str, usize)> = zeta
        .children
        .iter()
        .map(|c| (c.key.as_str(), c.count))
        .collect();
    assert_eq!(kids, [("z1", 2), ("z2", 1)], "by count, not taxonomy order");
    let other = zeta.other.as_deref().expect("a remainder");
    assert_eq!((other.count, other.citation.as_str()), (2, "7, 9"));
    assert_eq!(zeta.citation, "1–3, 7, 9");
    // alpha's only child takes all its studies: no "other".
    assert!(find(&t.groups, "alpha").other.is_none());
    assert_eq!(
        t.prose(),
        "Five of the 6 included studies comprised zeta label (2 z1 label [1, 2]; 1 z2 label [3]; 2 other [7, 9]), \
         followed by alpha label (n=1: a1 label n=1 [4])."
    );
}

#[test]
fn studies_without_ref_are_counted_never_cited() {
    let r = review(CitationStyle::Parentheses);
    let studies = vec![
        st("a", None, Some("mid")),
        st("b", Some(3), Some("mid")),
        st("c", None, Some("mid")),
    ];
    let t = run(&r, &studies, &By::Design);
    assert_eq!((t.total, t.without_ref), (3, 2));
    let mid = find(&t.groups, "mid");
    assert_eq!((mid.count, mid.refs.as_slice()), (3, &[3][..]));
    assert_eq!(t.prose(), "All 3 included studies comprised mid label (3).");
    assert_eq!(
        t.notes(),
        ["2 studies have no reference number: counted, not cited."]
    );
    // A group with no numbers at all is written without an empty citation.
    let t = run(&r, &[st("a", None, Some("mid"))], &By::Design);
    assert_eq!(t.prose(), "The only included study was a mid label.");
    assert_eq!(
        t.notes(),
        ["1 study has no reference number: counted, not cited."]
    );
}

#[test]
fn unclassified_studies_are_counted_last() {
    let r = review(CitationStyle::Brackets);
    let studies = vec![
        st("a", Some(1), None),
        st("b", Some(2), Some("nowhere")),
        st("c", Some(3), Some("zeta/nope")),
        st("d", Some(4), Some("mid")),
    ];
    let t = run(&r, &studies, &By::Design);
    let keys: Vec<(&str, usize)> = t.groups.iter().map(|g| (g.key.as_str(), g.count)).collect();
    assert_eq!(keys, [("mid", 1), ("", 3)]);
    assert_eq!(t.groups[1].label, "not classified");
    assert_eq!(t.groups[1].citation, "1–3");
}

#[test]
fn narrowed_tallies_say_what_is_shown() {
    let r = review(CitationStyle::Brackets);
    let studies = [st("a", Some(1), Some("mid")), st("b", Some(2), Some("mid"))];
    let t = tally(&r, &[&studies[0], &studies[1]], &By::Design, 75);
    assert_eq!(t.scope(), "2 of 75 studies shown");
    assert_eq!(t.groups[0].percent, 100.0, "of the total in view");
    assert!(
        t.prose().starts_with("Both selected studies"),
        "{}",
        t.prose()
    );
    let t = tally(&r, &[&studies[0]], &By::Design, 1);
    assert_eq!(t.scope(), "1 study");
    let t = tally(&r, &[], &By::Design, 0);
    assert!(t.groups.is_empty());
    assert_eq!(t.total, 0);
}

#[test]
fn citation_styles_in_prose() {
    let studies = vec![
        st("a", Some(41), Some("mid")),
        st("b", Some(42), Some("mid")),
        st("c", Some(43), Some("mid")),
        st("d", Some(31), Some("mid")),
    ];
    let want = [
        (CitationStyle::Brackets, "mid label [31, 41–43]."),
        (CitationStyle::Parentheses, "mid label (31, 41–43)."),
        (CitationStyle::Superscript, "mid label³¹,⁴¹⁻⁴³."),
        (CitationStyle::None, "mid label."),
    ];
    for (style, end) in want {
        let t = run(&review(style), &studies, &By::Design);
        assert_eq!(
            t.prose(),
            format!("All 4 included studies comprised {end}"),
            "{style:?}"
        );
        assert_eq!(t.groups[0].citation, "31, 41–43", "JSON citation is plain");
    }
}

#[test]
fn by_field_and_tag_group_values() {
    let r = review(CitationStyle::Brackets);
    let with = |id: &str, reference: u32, country: Option<&str>, tags: &[&str]| {
        let mut s = st(id, Some(reference), Some("mid"));
        if let Some(c) = country {
            s.extraction
                .push(("country".into(), FieldValue::Text(c.into())));
        }
        s.tags = tags.iter().map(|t| t.to_string()).collect();
        s
    };
    let studies = vec![
        with("a", 1, Some("Norway"), &["trust", "trust"]),
        with("b", 2, Some("Brazil"), &["trust", "empathy"]),
        with("c", 3, Some("Norway"), &[]),
        with("d", 4, None, &["empathy"]),
    ];
    let t = run(&r, &studies, &By::Field("country".into()));
    let got: Vec<(&str, usize)> = t
        .groups
        .iter()
        .map(|g| (g.label.as_str(), g.count))
        .collect();
    assert_eq!(got, [("Norway", 2), ("Brazil", 1), ("not recorded", 1)]);
    let t = run(&r, &studies, &By::Tag);
    let got: Vec<(&str, usize, &str)> = t
        .groups
        .iter()
        .map(|g| (g.label.as_str(), g.count, g.citation.as_str()))
        .collect();
    // A repeated tag counts once; ties in alphabetical order.
    assert_eq!(
        got,
        [
            ("empathy", 2, "2, 4"),
            ("trust", 2, "1, 2"),
            ("no tag", 1, "3")
        ]
    );
    assert!(By::parse("country", &r).is_ok());
    assert!(By::parse("colour", &r).is_err());
}

// Properties over generated reviews.

const PATHS: [&str; 9] = [
    "zeta",
    "zeta/z1",
    "zeta/z2",
    "alpha",
    "alpha/a1",
    "mid",
    "empty",
    "nowhere",
    "zeta/nope",
];

prop_compose! {
    fn arb_studies()(
        picks in proptest::collection::vec(
            (proptest::option::of(0usize..PATHS.len()), proptest::option::of(1u32..40),
             proptest::collection::vec(0usize..4, 0..3)),
            0..60,
        )
    ) -> Vec<Study> {
        picks
            .into_iter()
            .enumerate()
            .map(|(i, (d, r, tags))| {
                let mut s = st(&format!("s{i}"), r, d.map(|d| PATHS[d]));
                s.tags = tags.iter().map(|t| format!("tag{t}")).collect();
                s
            })
            .collect()
    }
}

fn in_design(s: &Study, path: &str) -> bool {
    s.design
        .as_deref()
        .is_some_and(|d| d == path || d.strip_prefix(path).is_some_and(|r| r.starts_with('/')))
}

fn check_group(g: &Group, members: &[&Study], total: usize) -> Result<(), TestCaseError> {
    prop_assert_eq!(g.count, members.len(), "count of {}", g.key);
    let refs: BTreeSet<u32> = members.iter().filter_map(|s| s.reference).collect();
    prop_assert_eq!(g.refs.clone(), refs.into_iter().collect::<Vec<_>>());
    prop_assert_eq!(g.citation.clone(), compress_refs(&g.refs));
    let pct = (g.count as f64 * 1000.0 / total as f64).round() / 10.0;
    prop_assert!((g.percent - pct).abs() < 1e-9, "{} vs {}", g.percent, pct);
    Ok(())
}

/// Counts descending; equal counts in the order of `order`.
fn check_order(groups: &[&Group], order: &[&str]) -> Result<(), TestCaseError> {
    for w in groups.windows(2) {
        let rank = |g: &Group| order.iter().position(|k| *k == g.key);
        prop_assert!(
            w[0].count > w[1].count || (w[0].count == w[1].count && rank(w[0]) < rank(w[1])),
            "{}({}) before {}({})",
            w[0].key,
            w[0].count,
            w[1].key,
            w[1].count
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn tally_by_design_follows_the_rules(studies in arb_studies()) {
        let r = review(CitationStyle::Brackets);
        let t = run(&r, &studies, &By::Design);
        let total = studies.len();
        prop_assert_eq!(t.total, total);
        prop_assert_eq!(t.without_ref, studies.iter().filter(|s| s.reference.is_none()).count());
        // Every study is counted exactly once among the top-level groups.
        prop_assert_eq!(t.groups.iter().map(|g| g.count).sum::<usize>(), total);

        let known: Vec<String> = r.design_paths().iter().map(|p| p.to_string()).collect();
        let (classified, unclassified): (Vec<&Group>, Vec<&Group>) =
            t.groups.iter().partition(|g| !g.key.is_empty());
        let taxonomy: Vec<&str> = r.designs.iter().map(|d| d.key.as_str()).collect();
        check_order(&classified, &taxonomy)?;
        if let Some(u) = unclassified.first() {
            prop_assert_eq!(t.groups.last().map(|g| g.key.as_str()), Some(""));
            let members: Vec<&Study> = studies
                .iter()
                .filter(|s| !s.design.as_ref().is_some_and(|d| known.contains(d)))
                .collect();
            check_group(u, &members, total)?;
        }
        for d in &r.designs {
            let members: Vec<&Study> = studies
                .iter()
                .filter(|s| in_design(s, &d.key) && known.contains(s.design.as_ref().unwrap()))
                .collect();
            let g = t.groups.iter().find(|g| g.key == d.key);
            // Groups with no studies are left out.
            prop_assert_eq!(g.is_some(), !members.is_empty(), "{}", d.key);
            let Some(g) = g else { continue };
            check_group(g, &members, total)?;

            let child_keys: Vec<&str> = d.children.iter().map(|c| c.key.as_str()).collect();
            let kids: Vec<&Group> = g.children.iter().collect();
            check_order(&kids, &child_keys)?;
            let mut in_children = 0;
            for c in &d.children {
                let path = format!("{}/{}", d.key, c.key);
                let cm: Vec<&Study> = members.iter().copied().filter(|s| in_design(s, &path)).collect();
                let cg = g.children.iter().find(|x| x.key == c.key);
                prop_assert_eq!(cg.is_some(), !cm.is_empty());
                if let Some(cg) = cg {
                    check_group(cg, &cm, total)?;
                    prop_assert!(cg.children.is_empty());
                }
                in_children += cm.len();
            }
            // Children may sum to less than the parent: the rest is "other".
            let rest: Vec<&Study> = members
                .iter()
                .copied()
                .filter(|s| s.design.as_deref() == Some(d.key.as_str()))
                .collect();
            prop_assert_eq!(in_children + rest.len(), g.count);
            match (&g.other, d.children.is_empty() || rest.is_empty()) {
                (None, true) => {}
                (Some(o), false) => check_group(o, &rest, total)?,
                (o, _) => prop_assert!(false, "{}: other = {:?}, rest = {}", d.key, o, rest.len()),
            }
        }

        // The sentence starts with the largest group, its count in words.
        if let Some(first) = t.groups.first() {
            let prose = t.prose();
            // Unclassified studies lead only when nothing else is counted,
            // and are said to lack a design rather than named as a group.
            // One study of a design is "a zeta label", in the singular.
            let one = |label: &str| {
                litrev::text::grammar::with_article(&litrev::text::grammar::singular_label(label))
            };
            let what = if first.key.is_empty() {
                format!("{} not classified", if first.count == 1 { "was" } else { "were" })
            } else if first.count == 1 {
                format!("was {}", one(&first.label))
            } else {
                format!("comprised {}", first.label)
            };
            let subject = match (first.count == total, total) {
                (true, 1) => "The only included study".to_string(),
                (true, 2) => "Both included studies".to_string(),
                (true, n) => format!("All {n} included studies"),
                (false, _) => format!(
                    "{} of the {total} included studies",
                    number_words_capitalised(first.count as u64)
                ),
            };
            let start = format!("{subject} {what}");
            prop_assert!(prose.starts_with(&start), "{}", prose);
            for g in &t.groups[1..] {
                // Tied with the lead: beside it; studies with no design: a
                // sentence of their own; the rest follow with their count.
                let part = if g.key.is_empty() {
                    format!(
                        "{} {} not classified",
                        number_words_capitalised(g.count as u64),
                        if g.count == 1 { "study was" } else { "studies were" }
                    )
                } else if g.count == first.count && !first.key.is_empty() && g.count == 1 {
                    format!("one was {}", one(&g.label))
                } else if g.count == first.count && !first.key.is_empty() {
                    format!("{} comprised {}", litrev::text::number_words(g.count as u64), g.label)
                } else if g.count == 1 {
                    format!("{} (n=1", litrev::text::grammar::singular_label(&g.label))
                } else {
                    format!("{} (n={}", g.label, g.count)
                };
                prop_assert!(prose.contains(&part), "{} in {}", part, prose);
            }
            prop_assert!(!prose.contains(") ("), "no parentheses side by side: {}", prose);
        }
    }

    #[test]
    fn tally_by_tag_counts_each_study_once_per_tag(studies in arb_studies()) {
        let r = review(CitationStyle::Brackets);
        let t = run(&r, &studies, &By::Tag);
        let mut want: BTreeMap<String, Vec<&Study>> = BTreeMap::new();
        for s in &studies {
            let tags: BTreeSet<&String> = s.tags.iter().collect();
            for tag in tags {
                want.entry(tag.clone()).or_default().push(s);
            }
        }
        let untagged: Vec<&Study> = studies.iter().filter(|s| s.tags.is_empty()).collect();
        prop_assert_eq!(t.groups.len(), want.len() + usize::from(!untagged.is_empty()));
        let named: Vec<&Group> = t.groups.iter().filter(|g| !g.key.is_empty()).collect();
        let alphabetical: Vec<&str> = want.keys().map(String::as_str).collect();
        check_order(&named, &alphabetical)?;
        for g in &named {
            check_group(g, &want[&g.key], studies.len())?;
            prop_assert_eq!(&g.label, &g.key);
        }
        if !untagged.is_empty() {
            let last = t.groups.last().unwrap();
            prop_assert_eq!(last.label.as_str(), "no tag");
            check_group(last, &untagged, studies.len())?;
        }
    }
}
