//! The state of each unit of a study, from its reviewers' appraisals.

use crate::appraisal::instrument::Instrument;
use crate::appraisal::*;

fn reg() -> Registry {
    Registry::builtin()
}

fn rob2(who: &str, d: [&str; 5]) -> Appraisal {
    Appraisal {
        instrument: "rob2".into(),
        reviewer: who.into(),
        answers: d
            .iter()
            .enumerate()
            .map(|(i, w)| (format!("d{}", i + 1), Answer::Text(w.to_string().into())))
            .collect(),
        ..Appraisal::default()
    }
}

fn shown(appraisals: &[Appraisal]) -> Vec<String> {
    Judgement::each(&reg(), appraisals)
        .iter()
        .map(|j| j.to_string())
        .collect()
}

fn states(appraisals: &[Appraisal]) -> Vec<State> {
    units(&reg(), appraisals).iter().map(|u| u.state).collect()
}

#[test]
fn one_state_per_unit() {
    let low = ["low"; 5];
    let sc = ["low", "some-concerns", "low", "low", "low"];
    let sc2 = ["low", "low", "some-concerns", "low", "low"];
    let high = ["low", "high", "low", "low", "low"];
    // Same overall, same items: agreed.
    let a = [rob2("AB", low), rob2("CD", ["L"; 5])];
    assert_eq!(states(&a), [State::Agreed]);
    assert_eq!(shown(&a), ["RoB 2: low risk (agreed)"]);
    // Same overall, items differ: not reconciled — not agreed.
    let a = [rob2("AB", sc), rob2("CD", sc2)];
    assert_eq!(states(&a), [State::NotReconciled]);
    assert_eq!(shown(&a), ["RoB 2: some concerns (not reconciled)"]);
    assert_eq!(units(&reg(), &a)[0].differing, ["d2", "d3"]);
    assert!(units(&reg(), &a)[0].settled().is_none());
    // Overall differs: disputed.
    let a = [rob2("AB", sc), rob2("CD", high)];
    assert_eq!(states(&a), [State::Disputed]);
    assert_eq!(shown(&a), ["RoB 2: disputed"]);
    // A consensus settles it.
    let mut c = rob2("consensus", high);
    c.comment = Some("agreed".into());
    let a = [rob2("AB", sc), rob2("CD", high), c];
    assert_eq!(states(&a), [State::Reconciled]);
    assert_eq!(shown(&a), ["RoB 2: high risk"]);
    assert_eq!(
        units(&reg(), &a)[0].settled().map(|a| a.reviewer.as_str()),
        Some("consensus")
    );
}

/// A reviewer who has answered only two domains leaves the study in
/// progress, not disputed.
#[test]
fn an_unfinished_appraisal_is_in_progress_not_a_dispute() {
    let mut part = rob2("CD", ["low"; 5]);
    part.answers.truncate(2);
    let a = [
        rob2("AB", ["low", "high", "low", "low", "low"]),
        part.clone(),
    ];
    assert_eq!(states(&a), [State::InProgress]);
    assert_eq!(shown(&a), ["RoB 2: in progress (CD 2/5)"]);
    assert_eq!(states(&[part]), [State::InProgress]);
    // An answer off the scale gives no judgement at all (never a guess).
    let typo = rob2("AB", ["low", "hihg", "low", "low", "low"]);
    assert!(shown(std::slice::from_ref(&typo)).is_empty());
    assert_eq!(states(&[typo]), [State::InProgress]);
}

/// One reviewer with two instruments (NOS for a cohort part, CASP for a
/// qualitative part), MMAT categories 5, 1 and 4 of one mixed methods
/// study, and RoB 2 for two outcomes: side by side, never a dispute.
#[test]
fn several_units_stand_side_by_side() {
    let nos = Appraisal {
        instrument: "nos-cohort".into(),
        reviewer: "AB".into(),
        answers: ["s1", "s2", "s3", "s4", "c1", "o1", "o2", "o3"]
            .iter()
            .map(|k| (k.to_string(), Answer::Int(1)))
            .collect(),
        ..Appraisal::default()
    };
    let mut casp = Appraisal {
        instrument: "casp-qualitative".into(),
        reviewer: "AB".into(),
        answers: (1..=9)
            .map(|i| (format!("q{i}"), Answer::Text("yes".into())))
            .collect(),
        ..Appraisal::default()
    };
    casp.overall = Some("high".into());
    let a = [nos, casp];
    assert_eq!(states(&a), [State::Single, State::Single]);
    assert_eq!(shown(&a), ["NOS: good (8★)", "CASP: high quality"]);
    assert_eq!(
        study_judgement(&reg(), &a).as_deref(),
        Some("NOS: good (8★); CASP: high quality")
    );
    assert!(!Judgement::of(&reg(), &a).expect("judged").is_disputed());

    let mmat = |cat: i64, c2: &str| Appraisal {
        instrument: "mmat-2018".into(),
        reviewer: "AB".into(),
        category: Some(cat),
        answers: [
            ("s1", "yes"),
            ("s2", "yes"),
            ("c1", "yes"),
            ("c2", c2),
            ("c3", "yes"),
            ("c4", "yes"),
            ("c5", "yes"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), Answer::Text(v.to_string().into())))
        .collect(),
        ..Appraisal::default()
    };
    let m = [mmat(5, "no"), mmat(1, "yes"), mmat(4, "no")];
    assert_eq!(states(&m), [State::Single; 3]);
    assert_eq!(
        shown(&m),
        [
            "MMAT (5 mixed methods): no overall (4/5 yes)",
            "MMAT (1 qualitative): no overall (5/5 yes)",
            "MMAT (4 quantitative descriptive): no overall (4/5 yes)"
        ]
    );

    let outcome = |o: &str, who: &str, d: [&str; 5]| Appraisal {
        outcome: Some(o.into()),
        ..rob2(who, d)
    };
    let o = [
        outcome("pain", "AB", ["low"; 5]),
        outcome("function", "AB", ["low", "high", "low", "low", "low"]),
        outcome("pain", "CD", ["low"; 5]),
    ];
    assert_eq!(states(&o), [State::Agreed, State::Single]);
    assert_eq!(
        shown(&o),
        [
            "RoB 2 (pain): low risk (agreed)",
            "RoB 2 (function): high risk"
        ]
    );
}

/// What `has_invalid` and `differing` were before they read each
/// appraisal's answers once: every answer's item looked for among all, and
/// every item's answer looked for among all.
fn has_invalid_by_lookup(inst: &Instrument, a: &Appraisal) -> bool {
    use crate::appraisal::rules::canonical_answer;
    a.answers
        .iter()
        .any(|(k, v)| canonical_answer(inst, k, &v).is_none())
}

fn differing_by_lookup(inst: &Instrument, raters: &[&Appraisal]) -> Vec<String> {
    use crate::appraisal::instrument::ItemScale;
    use crate::appraisal::rules::canonical_answer;
    let canon = |a: &Appraisal, item: &str| {
        a.answer(item)
            .map(|g| canonical_answer(inst, item, &g).unwrap_or(g))
    };
    inst.items
        .iter()
        .filter(|it| {
            matches!(
                inst.scale_of(it),
                Some(ItemScale::Words(_) | ItemScale::Range(..))
            )
        })
        .filter(|it| {
            let answers: Vec<Option<Answer>> = raters.iter().map(|a| canon(a, &it.id)).collect();
            answers.windows(2).any(|w| w[0] != w[1])
        })
        .map(|it| it.id.clone())
        .collect()
}

/// Every instrument of the glance tests twice: one whose memo fills as
/// the cases run (verdicts remembered), and a copy whose memo is full
/// (every verdict read afresh).
fn with_both_memos() -> &'static [[Instrument; 2]] {
    use crate::appraisal::memo::SLOTS;
    static ALL: std::sync::OnceLock<Vec<[Instrument; 2]>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        crate::appraisal::glance::tests::instruments()
            .into_iter()
            .map(|inst| {
                let full = inst.clone();
                let mut a = Appraisal {
                    instrument: full.name.as_str().into(),
                    reviewer: "AB".into(),
                    ..Appraisal::default()
                };
                let mut i = 0;
                while full.memo.remembered() < SLOTS {
                    a.answers = [("no-such-item", Answer::Int(i))].into_iter().collect();
                    crate::appraisal::rules::verdict(&full, &a);
                    i += 1;
                    assert!(i < 2_000_000, "the memo never filled");
                }
                [inst, full]
            })
            .collect()
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

    /// Answers read once in file order say what looking each up said: on
    /// every built-in and odd instrument, answers respelt, off the scale,
    /// to no item, twice, out of order.
    #[test]
    fn answers_read_once_say_what_looking_each_up_said(
        which in 0usize..64,
        picks in proptest::collection::vec(
            proptest::collection::vec(proptest::prelude::any::<u8>(), 1..48),
            1..4,
        ),
    ) {
        use crate::appraisal::glance::tests::made;
        use crate::appraisal::rules::verdict;
        let all = with_both_memos();
        for (k, inst) in all[which % all.len()].iter().enumerate() {
            let raters: Vec<Appraisal> = picks.iter().map(|p| made(inst, p)).collect();
            let refs: Vec<&Appraisal> = raters.iter().collect();
            let slow = differing_by_lookup(inst, &refs);
            proptest::prop_assert_eq!(&super::differing(inst, &refs), &slow);
            // Verdicts asked first for the answers as read (as the units
            // are read), or first for what is wrong.
            for items_first in [true, false] {
                let held: Vec<_> = raters
                    .iter()
                    .map(|a| {
                        let v = verdict(inst, a);
                        if items_first {
                            v.items();
                        } else {
                            v.clean();
                        }
                        v
                    })
                    .collect();
                for v in &held {
                    let invalid = has_invalid_by_lookup(inst, v.a);
                    proptest::prop_assert_eq!(super::has_invalid(inst, v.a), invalid);
                    proptest::prop_assert_eq!(super::has_invalid_as(inst, v), invalid);
                    proptest::prop_assert_eq!(
                        super::progress_as(inst, v),
                        super::progress(inst, v.a)
                    );
                }
                proptest::prop_assert_eq!(&super::differing_as(inst, &held), &slow);
                // The copy with a full memo reads each afresh.
                proptest::prop_assert!(k == 0 || held.iter().all(|v| v.kept().is_none()));
            }
        }
    }
}

#[test]
fn an_answer_off_the_scale_as_a_number_differs_from_the_same_digits_as_words() {
    // Both off RoB 2's scale: a unit whose reviewers wrote 2 and "2" is
    // in progress, and d1 is where they differ, as written.
    let mut a = rob2("AB", ["low"; 5]);
    let mut b = rob2("CD", ["low"; 5]);
    a.answers = a
        .answers
        .mapped(|k, v| if k == "d1" { Answer::Int(2) } else { v });
    b.answers = b.answers.mapped(|k, v| {
        if k == "d1" {
            Answer::Text("2".into())
        } else {
            v
        }
    });
    let all = [a, b];
    let u = &units(&reg(), &all)[0];
    assert_eq!(u.state, State::InProgress);
    assert_eq!(u.differing, ["d1"]);
}

#[test]
fn detail_reviewers_do_not_share_is_not_shown_as_theirs() {
    // Two MMAT appraisals of one category: no overall either way, so the
    // same judgement; the yes counts are shown only where both agree.
    let mmat = |who: &str, c2: &str| Appraisal {
        instrument: "mmat-2018".into(),
        reviewer: who.into(),
        category: Some(1),
        answers: [("s1", "yes"), ("s2", "yes"), ("c1", "yes"), ("c2", c2)]
            .into_iter()
            .chain(["c3", "c4", "c5"].map(|k| (k, "yes")))
            .map(|(k, v)| (k.to_string(), Answer::Text(v.into())))
            .collect(),
        ..Appraisal::default()
    };
    let differ = [mmat("AB", "no"), mmat("CD", "yes")];
    let u = &units(&reg(), &differ)[0];
    assert_eq!(u.state, State::NotReconciled);
    let j = u.judgement.as_ref().expect("a judgement");
    assert_eq!((j.level.as_str(), j.yes), (NO_OVERALL, None));
    let agree = [mmat("AB", "no"), mmat("CD", "no")];
    let u = &units(&reg(), &agree)[0];
    assert_eq!(u.state, State::Agreed);
    assert_eq!(u.judgement.as_ref().and_then(|j| j.yes), Some((4, 5)));
}

#[test]
fn a_disputed_or_unfinished_judgement_made_once_reads_as_made_afresh() {
    let reg = reg();
    for inst in reg.iter() {
        for level in [DISPUTED, IN_PROGRESS, NO_OVERALL] {
            let afresh = Judgement::named(&reg, &inst.name, level);
            for _ in 0..2 {
                let kept = Judgement::named_of(inst, level);
                assert_eq!(
                    (kept.to_string(), kept.label(), kept.rank()),
                    (afresh.to_string(), afresh.label(), afresh.rank()),
                    "{} {level}",
                    inst.name
                );
            }
        }
    }
}
