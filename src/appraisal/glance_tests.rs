//! A glance never tells what reading the answers in full would not.

use std::path::Path;

use proptest::prelude::*;

use super::{answers_as_given, glance, quick, quick_places, word_at};
use crate::appraisal::answers::Given;
use crate::appraisal::instrument::{Instrument, ItemScale, LevelName, canonical, parse};
use crate::appraisal::rules::{assess, assess_in_full, canonical_on};
use crate::appraisal::*;

/// A review's own instrument with what a glance must step aside for: words
/// that end or begin with a space, two words spelt alike, a screening
/// question, stars, free text, an optional item and categories.
const ODD: &str = r#"
name = "odd"
short = "Odd"
title = "An odd instrument"
version = "1"
source = "a test"
categories = [1, 2]

[scales.w]
answers = [
  { word = "low", label = "low", level = "good" },
  { word = "low ", label = "low again", level = "bad" },
  { word = " hi", label = "high", level = "bad" },
  { word = "Mid", label = "middling", level = "fair", synonyms = ["m"] },
  { word = "low", label = "low twice", level = "bad" },
]

[scales.yn]
answers = [
  { word = "yes", label = "yes, but", level = "bad" },
  { word = "no", label = "no", level = "bad" },
  { word = "yes", label = "yes", level = "good" },
]

[scales.stars]
min = 0
max = 3

[[items]]
id = "s"
prompt = "Screening?"
scale = "w"
screening = true

[[items]]
id = "s2"
prompt = "Screening again?"
scale = "yn"
screening = true
optional = true

[[items]]
id = "a"
prompt = "A?"
scale = "w"
domain = "Words"

[[items]]
id = "n"
prompt = "Stars?"
scale = "stars"
domain = "stars"

[[items]]
id = "t"
prompt = "Text?"
scale = "text"

[[items]]
id = "o"
prompt = "Optional?"
scale = "w"
optional = true

[overall]
rule = "none"
answers = [
  { word = "fine", label = "fine", level = "good" },
  { word = "poor", label = "poor", level = "bad" },
]
"#;

fn odd() -> Instrument {
    match parse(Path::new("odd.toml"), ODD) {
        Ok(i) => i,
        Err(p) => panic!("the test's instrument does not parse: {p:?}"),
    }
}

/// The odd instrument judged by each kind of rule instead: a `worst`
/// rule reading words through `counts_as` and an applicability naming the
/// free-text item, a `worst` rule of every word item, `flaws` (a free-text
/// answer may be a flaw), `stars` per domain, `sum`, and a `worst` rule
/// naming the free-text item.
const RULES: [&str; 6] = [
    r#"rule = "worst"
items = ["s", "a", "n"]
order = ["low", "Mid", " hi"]
counts_as = { "low " = "Mid" }
floor = true
scale = "w"

[applicability]
name = "reach"
items = ["a", "o", "t"]
order = ["low", "Mid", " hi", "low "]
scale = "w"
"#,
    r#"rule = "worst"
order = [" hi", "low", "Mid"]
scale = "w"
"#,
    r#"rule = "flaws"
flaw = ["low ", " hi", "no"]
bands = [
  { word = "fine", critical = 0, weak = 1 },
  { word = "so-so", critical = 0 },
  { word = "poor" },
]
answers = [
  { word = "fine", label = "fine", level = "good" },
  { word = "so-so", label = "so-so", level = "fair" },
  { word = "poor", label = "poor", level = "bad" },
]
"#,
    r#"rule = "stars"
bands = [
  { word = "fine", min = { STARS = 2, words = 0 } },
  { word = "poor", min = {} },
]
answers = [
  { word = "fine", label = "fine", level = "good" },
  { word = "poor", label = "poor", level = "bad" },
]
"#,
    r#"rule = "sum"
bands = [{ min = 2, level = "good" }, { min = 0, level = "bad" }]
"#,
    r#"rule = "worst"
items = ["a", "t"]
order = ["low", "Mid", " hi"]
scale = "w"
"#,
];

/// The odd instrument with `rule` for its `[overall]`.
fn odd_ruled(rule: &str) -> Instrument {
    let Some((head, _)) = ODD.split_once("[overall]") else {
        panic!("the test's instrument has no [overall]");
    };
    let src = format!("{head}[overall]\n{rule}");
    match parse(Path::new("odd.toml"), &src) {
        Ok(i) => i,
        Err(p) => panic!("the test's instrument does not parse: {p:?}\n{src}"),
    }
}

/// Every built-in instrument and the odd one, under each rule.
pub(crate) fn instruments() -> Vec<Instrument> {
    let mut all: Vec<Instrument> = Registry::builtin().iter().cloned().collect();
    all.push(odd());
    all.extend(RULES.iter().map(|r| odd_ruled(r)));
    all
}

/// An appraisal of `inst` made from `picks`: per item mostly a word of its
/// scale as written, sometimes nothing, in capitals, with a space, as its
/// label, a number, or a word off the scale; then now and then an unknown
/// item, a category, an overall and a note.
pub(crate) fn made(inst: &Instrument, picks: &[u8]) -> Appraisal {
    let mut pick = picks.iter().copied().cycle();
    let mut next = || usize::from(pick.next().unwrap_or(0));
    let mut answers = Vec::new();
    for it in &inst.items {
        let k = next() % 32;
        let given = match (inst.scale_of(it), k) {
            (_, 0) => continue,
            (Some(ItemScale::Words(w)), _) if !w.is_empty() && k < 26 => {
                let w = &w[next() % w.len()];
                Answer::Text(match k {
                    22 => w.word.to_uppercase().into(),
                    23 => format!("{} ", w.word).into(),
                    24 => w.label.as_str().into(),
                    25 => format!(" {}", w.word).into(),
                    _ => w.word.as_str().into(),
                })
            }
            (Some(ItemScale::Range(lo, hi)), _) if k < 26 => {
                Answer::Int(lo - 1 + (next() as i64) % (hi - lo + 3))
            }
            (Some(ItemScale::Range(..)), 26) => Answer::Text("2".into()),
            (_, 26 | 27) => Answer::Text("perhaps".into()),
            (_, 28) => Answer::Int(next() as i64 % 5),
            _ => Answer::Text("free words".into()),
        };
        answers.push((it.id.clone(), given));
    }
    if next() % 13 == 0 {
        answers.push(("zz".into(), Answer::Text("yes".into())));
    }
    // Now and then in another order, or an item answered twice (not from
    // a file, where a key is given once, but in memory).
    match next() % 6 {
        0 => answers.reverse(),
        1 if !answers.is_empty() => {
            let at = next() % answers.len();
            answers.rotate_left(at);
        }
        2 if !answers.is_empty() => {
            let twice = answers[next() % answers.len()].0.clone();
            answers.push((twice, Answer::Text("perhaps".into())));
        }
        _ => {}
    }
    let category = match next() % 5 {
        0 => None,
        1 => Some(99),
        _ => inst.categories.get(next() % 2).copied(),
    };
    let words = inst.overall_words();
    let overall = match next() % 6 {
        0 if !words.is_empty() => Some(words[next() % words.len()].word.as_str().into()),
        1 => Some("splendid".into()),
        _ => None,
    };
    let notes = match (next() % 5, inst.items.first()) {
        (1, Some(it)) => vec![(it.id.as_str().into(), "see the protocol".to_string())],
        (2, _) => vec![("nowhere".into(), "a note on no item".to_string())],
        _ => Vec::new(),
    };
    Appraisal {
        instrument: inst.name.as_str().into(),
        reviewer: "AB".into(),
        category,
        answers: answers.into_iter().collect(),
        overall,
        notes,
        ..Appraisal::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_glance_tells_only_what_reading_in_full_would(
        n in 0usize..64,
        picks in proptest::collection::vec(any::<u8>(), 1..48),
    ) {
        let all = instruments();
        let inst = &all[n % all.len()];
        let made = made(inst, &picks);
        // The same answers with nothing else that a glance reads, and then
        // with each category a glance must tell apart.
        let bare = Appraisal { overall: None, notes: Vec::new(), ..made.clone() };
        let variants = [None, Some(99), inst.categories.first().copied()]
            .map(|category| Appraisal { category, ..bare.clone() });
        for a in variants.iter().chain([&made, &bare]) {
            read_alike(inst, a)?;
        }
    }
}

/// An appraisal of `inst` a glance is meant to judge, made from `picks`:
/// the category one of the instrument's, per item a word of its scale as
/// a glance sees it (a screening question its best), a whole
/// number in range, free text (a number, free words or a word a rule may
/// read), an optional item now and then left out; now and then reversed or
/// rotated.
fn plain(inst: &Instrument, picks: &[u8]) -> Appraisal {
    let mut pick = picks.iter().copied().cycle();
    let mut next = || usize::from(pick.next().unwrap_or(0));
    let mut answers = Vec::new();
    for it in &inst.items {
        if it.optional && next() % 4 == 0 {
            continue;
        }
        let given = match inst.scale_of(it) {
            // A word as a glance sees it: nothing to trim, the first so
            // spelt (the odd instrument's s2 is left out).
            Some(ItemScale::Words(w)) => {
                let seen: Vec<_> = w
                    .iter()
                    .enumerate()
                    .filter(|(at, x)| {
                        x.word.trim() == x.word
                            && !w[..*at].iter().any(|y| y.word == x.word)
                            && (!it.screening || x.level == LevelName::Good)
                    })
                    .collect();
                match seen.get(next() % seen.len().max(1)) {
                    Some((_, x)) => Answer::Text(x.word.as_str().into()),
                    None => continue,
                }
            }
            Some(ItemScale::Range(lo, hi)) => {
                let span = (i128::from(hi) - i128::from(lo) + 1).max(1);
                let n = i128::from(lo) + (next() as i128) % span;
                Answer::Int(i64::try_from(n).unwrap_or(lo))
            }
            _ => match next() % 4 {
                0 => Answer::Int(next() as i64 % 5),
                1 => Answer::Text("free words".into()),
                _ => Answer::Text(
                    ["no", "low", " hi", "Mid", "low ", "yes", "high"][next() % 7].into(),
                ),
            },
        };
        answers.push((it.id.clone(), given));
    }
    // Now and then in another order: reversed, or turned about a point.
    match next() % 3 {
        0 => answers.reverse(),
        1 if !answers.is_empty() => {
            let at = next() % answers.len();
            answers.rotate_left(at);
        }
        _ => {}
    }
    Appraisal {
        instrument: inst.name.as_str().into(),
        reviewer: "AB".into(),
        category: inst
            .categories
            .get(next() % 2)
            .or(inst.categories.first())
            .copied(),
        answers: answers.into_iter().collect(),
        ..Appraisal::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_judgement_made_at_a_glance_is_the_judgement_made_in_full(
        n in 0usize..64,
        picks in proptest::collection::vec(any::<u8>(), 1..48),
    ) {
        let all = instruments();
        let inst = &all[n % all.len()];
        let a = plain(inst, &picks);
        read_alike(inst, &a)?;
        let full = assess_in_full(inst, &a, true).0;
        // Judged at a glance when seen clean (an answer to trim, as the
        // odd instrument's "low ", is read in full), unless a judgement
        // reads free text.
        let reads_text = a.answers.iter().any(|(id, given)| {
            let scale = inst.item(id).and_then(|it| inst.scale_of(it));
            matches!(given, Answer::Text(_)) && matches!(scale, Some(ItemScale::Text))
        });
        if !reads_text && glance(inst, &a) == Some(true) {
            prop_assert_eq!(quick(inst, &a), Some(full));
        }
    }
}

/// What a glance at `a` tells is what reading it in full would. (Reading
/// in full takes an answer seen as given as it is: the first checks below,
/// of each such answer against `canonical_on` and `canonical`, are what
/// make that the same as reading it.)
fn read_alike(inst: &Instrument, a: &Appraisal) -> Result<(), TestCaseError> {
    // An answer taken as given is what reading it in full gives back,
    // with nothing to find (a screening question answered its best).
    let mut next = 0;
    for (id, given) in &a.answers {
        let Some((at, item)) = inst.item_from(id, next) else {
            continue;
        };
        next = at + 1;
        // A word's place, told at a glance, is the word reading finds.
        if let (Some(i), Some(ItemScale::Words(w)), Answer::Text(t)) = (
            word_at(inst, at, &given.to_string()),
            inst.scale_of(item),
            &given,
        ) {
            let found = canonical(w, t).map(|c| w.iter().position(|x| std::ptr::eq(x, c)));
            prop_assert_eq!(found, Some(Some(i)));
        }
        if answers_as_given(inst)(at, Given::from(&given)) {
            prop_assert_eq!(canonical_on(inst, item, &given), Some(given.clone()));
            if let (true, Some(ItemScale::Words(w)), Answer::Text(t)) =
                (item.screening, inst.scale_of(item), &given)
            {
                prop_assert_eq!(canonical(w, t).map(|w| w.level), Some(LevelName::Good));
            }
        }
    }
    // Judged at a glance: what reading in full judges, to the letter.
    if let Some(q) = quick(inst, a) {
        prop_assert_eq!(glance(inst, a), Some(true));
        prop_assert_eq!(&q, &assess_in_full(inst, a, true).0);
        // And each answer's word's place noted on the way, where each is
        // a word: the place of the word reading finds, 0 for none given.
        let (again, places) = quick_places(inst, a).unzip();
        prop_assert_eq!(again, Some(q));
        let words_only = a.answers.iter().all(|(id, given)| {
            matches!(given, Answer::Text(_))
                && inst
                    .item(id)
                    .is_some_and(|it| matches!(inst.scale_of(it), Some(ItemScale::Words(_))))
        });
        prop_assert_eq!(places.as_ref().is_some_and(Option::is_some), words_only);
        if let Some(Some(places)) = places {
            let read: Vec<u8> = inst
                .items
                .iter()
                .map(|it| {
                    let given = a.answers.iter().find(|(id, _)| *id == it.id);
                    match (inst.scale_of(it), given) {
                        (Some(ItemScale::Words(w)), Some((_, Answer::Text(t)))) => canonical(w, &t)
                            .and_then(|c| w.iter().position(|x| std::ptr::eq(x, c)))
                            .map_or(u8::MAX, |i| i as u8 + 1),
                        (_, None) => 0,
                        _ => u8::MAX,
                    }
                })
                .collect();
            prop_assert_eq!(&*places, &read[..]);
        }
    }
    // At a glance: nothing to respell, and when clean, nothing to find.
    if let Some(clean) = glance(inst, a) {
        for (id, given) in &a.answers {
            let c = inst.item(id).and_then(|it| canonical_on(inst, it, &given));
            prop_assert!(c.is_none_or(|c| c == given), "{id} respelt");
        }
        if clean {
            prop_assert_eq!(assess(inst, a).findings, vec![]);
        }
    }
    Ok(())
}

/// The odd instrument's appraisal with `answers`, in category 1.
fn odd_one(answers: &[(&str, Answer)]) -> Appraisal {
    Appraisal {
        instrument: "odd".into(),
        reviewer: "AB".into(),
        category: Some(1),
        answers: answers.iter().cloned().collect(),
        ..Appraisal::default()
    }
}

#[test]
fn a_glance_sees_a_plain_appraisal_and_steps_aside_for_anything_else() {
    let inst = odd();
    let text = |s: &str| Answer::Text(s.into());
    let plain = [
        ("s", text("low")),
        ("a", text("Mid")),
        ("n", Answer::Int(3)),
        ("t", text(" anything at all ")),
    ];
    let a = odd_one(&plain);
    assert_eq!(glance(&inst, &a), Some(true));
    assert!(assess(&inst, &a).findings.is_empty());
    // Plain still, but not known to be clean: an overall recorded, a
    // required item left out, no category.
    let recorded = Appraisal {
        overall: Some("low".into()),
        ..a.clone()
    };
    assert_eq!(glance(&inst, &recorded), Some(false));
    assert_eq!(glance(&inst, &odd_one(&plain[1..])), Some(false));
    let uncategorised = Appraisal {
        category: None,
        ..a.clone()
    };
    assert_eq!(glance(&inst, &uncategorised), Some(false));
    let noted = Appraisal {
        notes: vec![("nowhere".into(), "x".into())],
        ..a.clone()
    };
    assert_eq!(glance(&inst, &noted), Some(false));
    // Read in full: an answer to trim, fold or parse, off its scale, to an
    // unknown item, a screening question answered otherwise than its best.
    for (at, given) in [
        (1, text("low ")),
        (1, text(" hi")),
        (1, text("mid")),
        (1, text("m")),
        (1, Answer::Int(1)),
        (2, text("3")),
        (2, Answer::Int(4)),
        (0, text("Mid")),
    ] {
        let mut answers = plain.to_vec();
        answers[at].1 = given.clone();
        assert_eq!(glance(&inst, &odd_one(&answers)), None, "{given:?}");
    }
    // A screening question answered a word spelt twice on its scale: the
    // first so spelt is not the best one, whatever a later one is.
    let mut twice = plain.to_vec();
    twice.push(("s2", text("yes")));
    assert_eq!(glance(&inst, &odd_one(&twice)), None);
    assert!(!assess(&inst, &odd_one(&twice)).findings.is_empty());
    let mut unknown = plain.to_vec();
    unknown.push(("zz", text("low")));
    assert_eq!(glance(&inst, &odd_one(&unknown)), None);
}

/// An instrument of `n` items, every one required, on one scale.
fn wide(n: usize) -> Instrument {
    let mut src = String::from(
        "name = \"wide\"\nshort = \"Wide\"\ntitle = \"Wide\"\nversion = \"1\"\nsource = \"a test\"\n\
         [scales.yn]\nanswers = [{ word = \"yes\", label = \"yes\", level = \"good\" }]\n",
    );
    for i in 0..n {
        src.push_str(&format!(
            "[[items]]\nid = \"q{i}\"\nprompt = \"Q{i}?\"\nscale = \"yn\"\n"
        ));
    }
    src.push_str("[overall]\nrule = \"none\"\nanswers = [{ word = \"fine\", label = \"fine\", level = \"good\" }]\n");
    match parse(Path::new("wide.toml"), &src) {
        Ok(i) => i,
        Err(p) => panic!("the test's instrument does not parse: {p:?}"),
    }
}

#[test]
fn an_instrument_of_more_items_than_a_glance_counts_is_read_in_full() {
    for (n, seen) in [
        (127, Some(true)),
        (128, Some(true)),
        (129, Some(false)),
        (130, Some(false)),
    ] {
        let inst = wide(n);
        let answers: Vec<(String, Answer)> = (0..n)
            .map(|i| (format!("q{i}"), Answer::Text("yes".into())))
            .collect();
        let a = Appraisal {
            instrument: "wide".into(),
            reviewer: "AB".into(),
            answers: answers.into_iter().collect(),
            ..Appraisal::default()
        };
        // Every answer as given either way; clean known only within the
        // mask, and so it is when read in full.
        assert_eq!(glance(&inst, &a), seen, "{n} items");
        assert!(assess(&inst, &a).findings.is_empty(), "{n} items");
        // Judged at a glance within the mask, in full past it.
        let judged = quick(&inst, &a);
        assert_eq!(judged.is_some(), seen == Some(true), "{n} items");
        assert!(judged.is_none_or(|q| q == assess_in_full(&inst, &a, true).0));
        // The last item left out: found missing, never seen clean.
        let short = Appraisal {
            answers: a.answers.iter().take(n - 1).collect(),
            ..a.clone()
        };
        assert_eq!(glance(&inst, &short), Some(false), "{n} items");
        assert!(!assess(&inst, &short).findings.is_empty(), "{n} items");
    }
}

#[test]
fn a_plain_appraisal_of_every_instrument_is_judged_at_a_glance_as_in_full() {
    for inst in instruments() {
        // Each item answered its scale's first, then last word (the best
        // on a screening question), the middle of its range, free words.
        for last in [false, true] {
            let answers: Vec<(String, Answer)> = inst
                .items
                .iter()
                .filter_map(|it| {
                    let given = match inst.scale_of(it)? {
                        ItemScale::Words(w) if it.screening => {
                            // Unless spelt as an earlier word (the odd
                            // instrument's optional s2: left out).
                            let best = w.iter().find(|w| w.level == LevelName::Good)?;
                            let first = w.iter().find(|x| x.word == best.word)?;
                            (first.level == LevelName::Good)
                                .then(|| Answer::Text(best.word.as_str().into()))?
                        }
                        ItemScale::Words(w) => {
                            let w = if last { w.last()? } else { w.first()? };
                            Answer::Text(w.word.as_str().into())
                        }
                        ItemScale::Range(lo, hi) => Answer::Int(if last { hi } else { lo }),
                        ItemScale::Text => Answer::Int(7),
                    };
                    Some((it.id.clone(), given))
                })
                .collect();
            let a = Appraisal {
                instrument: inst.name.as_str().into(),
                reviewer: "AB".into(),
                category: inst.categories.first().copied(),
                answers: answers.into_iter().collect(),
                ..Appraisal::default()
            };
            let full = assess_in_full(&inst, &a, true).0;
            assert_eq!(
                quick(&inst, &a).as_ref(),
                Some(&full),
                "{} ({last})",
                inst.name
            );
            assert_eq!(assess(&inst, &a), full, "{}", inst.name);
        }
    }
}

#[test]
fn a_judgement_reading_free_text_or_an_item_answered_twice_is_made_in_full() {
    let text = |s: &str| Answer::Text(s.into());
    let plain = [
        ("s", text("low")),
        ("a", text("Mid")),
        ("n", Answer::Int(3)),
        ("t", text("low")),
    ];
    // The applicability, a `flaws` rule and the last `worst` rule read the
    // free-text item; the others do not.
    let a = odd_one(&plain);
    for (n, rule) in RULES.iter().enumerate() {
        let inst = odd_ruled(rule);
        assert_eq!(glance(&inst, &a), Some(true));
        match n {
            0 | 2 | 5 => assert_eq!(quick(&inst, &a), None, "{rule}"),
            _ => assert_eq!(quick(&inst, &a), Some(assess_in_full(&inst, &a, true).0)),
        }
    }
    let reads = odd_ruled(RULES[0]);
    // Free text given as a number reads as no word.
    let mut number = plain.to_vec();
    number[3].1 = Answer::Int(2);
    let a = odd_one(&number);
    assert_eq!(quick(&reads, &a), Some(assess_in_full(&reads, &a, true).0));
    let mut twice = number.clone();
    twice.push(("a", text("low")));
    let a = odd_one(&twice);
    assert_eq!(glance(&reads, &a), Some(true));
    assert_eq!(quick(&reads, &a), None);
}
