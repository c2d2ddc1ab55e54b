//! What an instrument remembers of a set of answers is exactly what reading
//! them afresh gives, whoever the reviewer and whatever the notes.

use proptest::prelude::*;

use crate::appraisal::instrument::{ItemScale, Rule};
use crate::appraisal::memo::SLOTS;
use crate::appraisal::memo::{Held, ItemRead};
use crate::appraisal::rules::{Place, assess, canonical_answer, findings, verdict};
use crate::appraisal::*;

/// An appraisal of the `n`th built-in instrument, made from `picks`: per
/// item, what is answered (nothing, a word of its scale as written, in
/// capitals or as its label, an answer off the scale, a number); then an
/// unknown item, the category, the recorded overall, the reviewer and a
/// note.
fn made(reg: &Registry, n: usize, picks: &[u8]) -> Appraisal {
    let insts: Vec<&Instrument> = reg.iter().collect();
    let inst = insts[n % insts.len()];
    let mut pick = picks.iter().copied().cycle();
    let mut next = || usize::from(pick.next().unwrap_or(0));
    let mut answers = Vec::new();
    for it in &inst.items {
        let k = next();
        let given = match (inst.scale_of(it), k % 7) {
            (_, 0) => continue,
            (Some(ItemScale::Words(w)), 1..=3) if !w.is_empty() => {
                let w = &w[next() % w.len()];
                Answer::Text(match k % 7 {
                    1 => w.word.as_str().into(),
                    2 => w.word.to_uppercase().into(),
                    _ => w.label.as_str().into(),
                })
            }
            (Some(ItemScale::Range(lo, hi)), 1..=3) => {
                Answer::Int(lo + (next() as i64) % (hi - lo + 2))
            }
            (_, 4) => Answer::Text("perhaps".into()),
            (_, 5) => Answer::Int(next() as i64 % 12),
            _ => Answer::Text(format!("{}", next() % 3).into()),
        };
        answers.push((it.id.clone(), given));
    }
    if next() % 9 == 0 {
        answers.push(("zz".into(), Answer::Text("yes".into())));
    }
    let category = match next() % 4 {
        0 => None,
        1 => Some(99),
        _ => inst.categories.first().copied().or(Some(1)),
    };
    let words = inst.overall_words();
    let overall = match next() % 5 {
        0 if !words.is_empty() => Some(words[next() % words.len()].word.as_str().into()),
        1 if !words.is_empty() => Some(words[next() % words.len()].label.as_str().into()),
        2 => Some("splendid".into()),
        3 if matches!(inst.overall, Rule::Sum { .. }) => Some(format!("{}", next() % 14).into()),
        _ => None,
    };
    let reviewer = ["AB", "CD", ""][next() % 3];
    let notes = match (next() % 3, inst.items.first()) {
        (1, Some(it)) => vec![(it.id.as_str().into(), "see the protocol".to_string())],
        (2, _) => vec![("nowhere".into(), "a note on no item".to_string())],
        _ => Vec::new(),
    };
    Appraisal {
        instrument: inst.name.as_str().into(),
        reviewer: reviewer.into(),
        category,
        answers: answers.into_iter().collect(),
        overall,
        notes,
        ..Appraisal::default()
    }
}

/// What `a` comes to against `reg`'s instrument: its verdict, its
/// findings and its judgement, as text.
fn read_as(reg: &Registry, a: &Appraisal) -> (String, Vec<String>, Option<String>) {
    let inst = reg.get(&a.instrument).expect("a built-in instrument");
    let v = verdict(inst, a);
    let verdict = (
        v.assessed(),
        v.clean(),
        v.usable(),
        v.answered(),
        v.items(),
        v.canonical(),
    );
    (
        format!("{verdict:?}"),
        findings(inst, a).iter().map(|f| format!("{f:?}")).collect(),
        Judgement::of_appraisal(reg, a).map(|j| format!("{j:?} {j}")),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_remembered_verdict_is_what_reading_the_answers_afresh_gives(
        cases in proptest::collection::vec((0usize..64, proptest::collection::vec(any::<u8>(), 1..40)), 1..12),
    ) {
        // One registry for every case: later cases with answers seen before
        // read what was remembered, under another reviewer or other notes.
        let builtin = Registry::builtin();
        let reg = builtin.clone();
        for (n, picks) in &cases {
            let a = made(&reg, *n, picks);
            let inst = reg.get(&a.instrument).expect("a built-in instrument");
            // The same answers with another case's overall, category,
            // reviewer and notes.
            let other = made(&reg, *n, &[picks.as_slice(), &[3, 1, 4, 1, 5]].concat());
            let variants = [
                Appraisal { overall: other.overall.clone(), ..a.clone() },
                Appraisal { category: other.category, ..a.clone() },
                Appraisal { reviewer: other.reviewer.clone(), notes: other.notes.clone(), ..a.clone() },
            ];
            for a in variants.iter().chain([&a]) {
                check(&builtin, &reg, inst, a)?;
            }
        }
    }
}

fn check(
    builtin: &Registry,
    reg: &Registry,
    inst: &Instrument,
    a: &Appraisal,
) -> Result<(), TestCaseError> {
    for _ in 0..2 {
        // A copy of an instrument remembers nothing.
        prop_assert_eq!(read_as(reg, a), read_as(&builtin.clone(), a));
    }
    // And it is what assess gives, findings aside.
    let full = assess(inst, a);
    let v = verdict(inst, a);
    prop_assert_eq!(&full.overall, &v.assessed().overall);
    prop_assert_eq!(&full.computed, &v.assessed().computed);
    prop_assert_eq!(&full.recorded, &v.assessed().recorded);
    prop_assert_eq!(&full.applicability, &v.assessed().applicability);
    prop_assert_eq!(full.score, v.assessed().score);
    prop_assert_eq!(
        v.clean(),
        full.findings
            .iter()
            .all(|f| matches!(f.place, Place::Note(_)))
    );
    prop_assert_eq!(findings(inst, a), full.findings);
    // The judgement's level read alone is the judgement's.
    prop_assert_eq!(
        Judgement::level_of_verdict(&v).map(str::to_string),
        Judgement::of_verdict_ref(reg, &v).map(|j| j.level.to_string())
    );
    prop_assert_eq!(v.answered(), state::answered(inst, a));
    // Whether the items were read first or not.
    let fresh = builtin.clone();
    let items_first = verdict(fresh.get(&a.instrument).expect("built in"), a);
    items_first.items();
    prop_assert_eq!(items_first.answered(), state::answered(inst, a));
    for (i, it) in inst.items.iter().enumerate() {
        let read = v.items().get(i).cloned();
        let want = a
            .answer(&it.id)
            .map(|g| match canonical_answer(inst, &it.id, &g) {
                Some(c) => ItemRead::On(c.clone(), inst.ordinal(it, &c)),
                None => ItemRead::Off(g.to_string()),
            });
        prop_assert_eq!(read, want);
    }
    // Each answer in its canonical spelling where it has one (the answers
    // as given when all are), and progress over the required items' first
    // answers, as the rules define them.
    let respelt: Vec<(String, Answer)> = a
        .answers
        .iter()
        .map(|(k, g)| (k.to_string(), canonical_answer(inst, k, &g).unwrap_or(g)))
        .collect();
    let canonical = |v: &Held| -> Vec<(String, Answer)> {
        v.canonical()
            .iter()
            .map(|(k, c)| (k.to_string(), c))
            .collect()
    };
    prop_assert_eq!(&canonical(&v), &respelt);
    // Read before the assessment (which learns it too), the same.
    let fresh = builtin.clone();
    let first = verdict(fresh.get(&a.instrument).expect("built in"), a);
    prop_assert_eq!(&canonical(&first), &respelt);
    let required: Vec<&str> = inst
        .items
        .iter()
        .filter(|i| !i.optional)
        .map(|i| i.id.as_str())
        .collect();
    let done = required
        .iter()
        .filter(|id| {
            a.answer(id)
                .is_some_and(|g| canonical_answer(inst, id, &g).is_some())
        })
        .count();
    let category = a.category.is_some_and(|c| inst.categories.contains(&c));
    let want = if inst.categories.is_empty() {
        (done, required.len())
    } else {
        (done + usize::from(category), required.len() + 1)
    };
    prop_assert_eq!(state::progress(inst, a), want);
    Ok(())
}

#[test]
fn the_same_answers_under_another_reviewer_with_a_stray_note_are_still_reported() {
    let reg = Registry::builtin();
    let inst = reg.get("rob2").expect("rob2");
    let clean = Appraisal {
        instrument: "rob2".into(),
        reviewer: "AB".into(),
        answers: ["d1", "d2", "d3", "d4"]
            .iter()
            .map(|d| (*d, Answer::Text("low".into())))
            .collect(),
        ..Appraisal::default()
    };
    let first: Vec<String> = findings(inst, &clean)
        .into_iter()
        .map(|f| f.message)
        .collect();
    assert!(
        first
            .iter()
            .any(|m| m.contains("appraisal by AB is missing d5")),
        "{first:?}"
    );
    // Remembered now; another reviewer, and a note on an item that is not.
    let other = Appraisal {
        reviewer: "CD".into(),
        notes: vec![("d9".into(), "?".into())],
        ..clean.clone()
    };
    let second: Vec<String> = findings(inst, &other)
        .into_iter()
        .map(|f| f.message)
        .collect();
    assert!(
        second
            .iter()
            .any(|m| m.contains("appraisal by CD is missing d5")),
        "{second:?}"
    );
    assert!(
        second
            .iter()
            .any(|m| m.contains("no item \"d9\" to comment on")),
        "{second:?}"
    );
    assert_eq!(inst.memo.remembered(), 1);
}

#[test]
fn what_is_remembered_is_bounded_and_a_copy_starts_with_nothing() {
    let reg = Registry::builtin();
    let inst = reg
        .get("nos-cohort")
        .or_else(|| reg.iter().next())
        .expect("an instrument");
    let mut a = Appraisal {
        instrument: inst.name.as_str().into(),
        reviewer: "AB".into(),
        ..Appraisal::default()
    };
    // Distinct sets until every slot is taken (the hash is seeded at
    // random, so how many that takes varies from run to run).
    let mut i = 0;
    while inst.memo.remembered() < SLOTS {
        for _ in 0..256 {
            a.answers = [("x", Answer::Int(i))].into_iter().collect();
            let v = verdict(inst, &a);
            assert!(!v.clean());
            i += 1;
        }
        assert!(
            i < 2_000_000,
            "the memo never filled: {}",
            inst.memo.remembered()
        );
    }
    // Never more than its slots.
    assert_eq!(inst.memo.remembered(), SLOTS);
    // A set seen after the memo is full is read afresh, and rightly.
    a.answers = [("x", Answer::Int(-1))].into_iter().collect();
    assert_eq!(
        findings(inst, &a),
        assess(inst, &a).findings,
        "read afresh once the memo is full"
    );
    assert_eq!(verdict(inst, &a).kept(), None);
    let fresh = reg.clone();
    assert_eq!(read_as(&reg, &a), read_as(&fresh, &a));
    assert!(
        fresh
            .get(&a.instrument)
            .is_some_and(|i| i.memo.remembered() == 1)
    );
    assert_eq!(inst.clone().memo.remembered(), 0);
}

#[test]
fn cores_reading_one_instrument_at_once_each_get_what_reading_afresh_gives() {
    let builtin = Registry::builtin();
    let reg = builtin.clone();
    // Few distinct sets of answers, many times over: the cores race to
    // fill the same slots.
    let all: Vec<Appraisal> = (0..400u32)
        .map(|i| {
            made(
                &reg,
                (i % 3) as usize,
                &[(i % 7) as u8, (i % 5) as u8, 2, 9],
            )
        })
        .collect();
    let want: Vec<_> = all.iter().map(|a| read_as(&builtin.clone(), a)).collect();
    std::thread::scope(|s| {
        for t in 0..6 {
            let (reg, all, want) = (&reg, &all, &want);
            s.spawn(move || {
                for k in 0..all.len() {
                    let i = (k * 7 + t * 13) % all.len();
                    assert_eq!(read_as(reg, &all[i]), want[i], "case {i} on thread {t}");
                }
            });
        }
    });
}
