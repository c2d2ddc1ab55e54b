//! The published rules, each against the words of its source (quoted in
//! the instrument files under `data/instruments/`).

use crate::appraisal::rules::{Place, assess};
use crate::appraisal::*;

fn reg() -> Registry {
    Registry::builtin()
}

fn words(instrument: &str, answers: &[(&str, &str)]) -> Appraisal {
    Appraisal {
        instrument: instrument.into(),
        reviewer: "AB".into(),
        answers: answers
            .iter()
            .map(|(k, v)| (k.to_string(), Answer::Text(v.to_string().into())))
            .collect(),
        ..Appraisal::default()
    }
}

fn domains(instrument: &str, d: &[&str]) -> Appraisal {
    let ids: Vec<String> = (1..=d.len()).map(|i| format!("d{i}")).collect();
    let pairs: Vec<(&str, &str)> = ids
        .iter()
        .map(String::as_str)
        .zip(d.iter().copied())
        .collect();
    words(instrument, &pairs)
}

fn judged(a: &Appraisal) -> Option<String> {
    Judgement::of_appraisal(&reg(), a).map(|j| j.to_string())
}

fn errors(a: &Appraisal) -> Vec<String> {
    let r = reg();
    let inst = r.get(&a.instrument).expect("instrument");
    assess(inst, a)
        .findings
        .into_iter()
        .filter(|f| !f.warning)
        .map(|f| f.message)
        .collect()
}

/// Sterne et al. 2019 (RoB 2), Table 2: the overall is "Low risk of bias",
/// "Some concerns" or "High risk of bias" — never "no information".
/// robvis's own example row (D1 NI, low, some concerns, low, low) is
/// "Some concerns".
#[test]
fn rob2_overall_is_low_some_concerns_or_high_never_no_information() {
    let robvis_row = domains("rob2", &["NI", "low", "some concerns", "low", "low"]);
    assert_eq!(judged(&robvis_row).as_deref(), Some("RoB 2: some concerns"));
    // "Low ... for all domains": a domain without information is not low.
    let ni = domains("rob2", &["no information", "low", "low", "low", "low"]);
    assert_eq!(judged(&ni).as_deref(), Some("RoB 2: some concerns"));
    // "High ... in at least one domain", whatever else lacks information.
    let high = domains("rob2", &["NI", "NI", "high", "low", "low"]);
    assert_eq!(judged(&high).as_deref(), Some("RoB 2: high risk"));
    // "No information" is not an overall, computed or recorded.
    let mut over = domains("rob2", &["low"; 5]);
    over.overall = Some("no information".into());
    let e = errors(&over);
    assert!(
        e.iter()
            .any(|m| m.contains("no overall \"no information\"")),
        "{e:?}"
    );
    assert_eq!(judged(&over).as_deref(), Some("RoB 2: low risk"));
    let reg = reg();
    let rob2 = reg.get("rob2").expect("rob2");
    let overall: Vec<&str> = rob2
        .overall_words()
        .iter()
        .map(|w| w.word.as_str())
        .collect();
    assert_eq!(overall, ["low", "some-concerns", "high"]);
}

/// Sterne et al. 2019 and 2016: a domain at high (RoB 2) or critical
/// (ROBINS-I) risk makes the study at least that; a recorded overall below
/// it does not count, however many other domains are still unanswered.
#[test]
fn the_floor_holds_whatever_domains_are_missing() {
    // RoB 2: d1 high, d3 missing, overall "low".
    let mut a = words(
        "rob2",
        &[("d1", "high"), ("d2", "low"), ("d4", "low"), ("d5", "low")],
    );
    a.overall = Some("low".into());
    let e = errors(&a);
    assert!(
        e.iter().any(|m| m.contains("below the worst domain")),
        "{e:?}"
    );
    assert_eq!(judged(&a), None, "no judgement while unfinished");
    // A recorded overall at or above the worst answered domain still counts.
    a.overall = Some("high".into());
    assert!(errors(&a).is_empty());
    assert_eq!(judged(&a).as_deref(), Some("RoB 2: high risk"));
    // ROBINS-I: d1 critical, d2 missing, overall "moderate".
    let mut r = words(
        "robins-i",
        &[
            ("d1", "critical"),
            ("d3", "low"),
            ("d4", "low"),
            ("d5", "low"),
            ("d6", "low"),
            ("d7", "low"),
        ],
    );
    r.overall = Some("moderate".into());
    assert!(
        errors(&r)
            .iter()
            .any(|m| m.contains("at least \"critical\"")),
        "{:?}",
        errors(&r)
    );
    assert_eq!(judged(&r), None);
}

/// robvis and the instrument files list "-" for RoB 2's "some concerns"
/// and ROBINS-I's "moderate" (and "+" for low): folding spaces and hyphens
/// must not make "-" mean nothing.
#[test]
fn dash_and_plus_are_answers() {
    let a = domains("rob2", &["+", "-", "+", "+", "+"]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    assert_eq!(judged(&a).as_deref(), Some("RoB 2: some concerns"));
    let r = domains("robins-i", &["+", "-", "+", " - ", "+", "+", "+"]);
    assert_eq!(judged(&r).as_deref(), Some("ROBINS-I: moderate risk"));
    // A lone hyphen is still nothing for a scale without it.
    let c = words("casp-qualitative", &[("q1", "-")]);
    assert!(
        errors(&c)
            .iter()
            .any(|m| m.contains("\"-\" is not an answer")),
        "{:?}",
        errors(&c)
    );
}

/// Whiting et al. 2011 (QUADAS-2): risk of bias (D1–D4) and concerns
/// regarding applicability (A1–A3) are judged apart, each low / high /
/// unclear; "low" only when all its domains are low.
#[test]
fn quadas2_judges_risk_of_bias_and_applicability_apart() {
    // Risk of bias is not withheld until applicability is answered.
    let risk = words(
        "quadas-2",
        &[("d1", "low"), ("d2", "low"), ("d3", "low"), ("d4", "low")],
    );
    assert_eq!(judged(&risk).as_deref(), Some("QUADAS-2: low risk"));
    let both = words(
        "quadas-2",
        &[
            ("d1", "low"),
            ("d2", "unclear"),
            ("d3", "low"),
            ("d4", "low"),
            ("a1", "low"),
            ("a2", "high"),
            ("a3", "low"),
        ],
    );
    assert_eq!(
        judged(&both).as_deref(),
        Some("QUADAS-2: unclear; applicability: high concern")
    );
    let j = Judgement::of_appraisal(&reg(), &both).expect("judged");
    assert_eq!(j.level, "unclear");
    assert_eq!(j.applicability.as_deref(), Some("high"));
    // Applicability alone gives no risk-of-bias judgement.
    let appl = words("quadas-2", &[("a1", "low"), ("a2", "low"), ("a3", "low")]);
    assert_eq!(judged(&appl), None);
    // "Concern" words are read on applicability items.
    let c = words(
        "quadas-2",
        &[("a1", "low concern"), ("a2", "High concerns")],
    );
    assert!(errors(&c).is_empty(), "{:?}", errors(&c));
}

fn amstar_all_yes() -> Vec<(String, String)> {
    (1..=16)
        .map(|i| (format!("q{i}"), "yes".to_string()))
        .collect()
}

fn amstar_with(changes: &[(&str, &str)]) -> Appraisal {
    let mut all = amstar_all_yes();
    for (k, v) in changes {
        if let Some(slot) = all.iter_mut().find(|(x, _)| x == k) {
            slot.1 = v.to_string();
        }
    }
    let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    words("amstar2", &pairs)
}

/// Shea et al. 2017 (AMSTAR 2), Appendix 1: "Partial Yes" is offered only
/// on items 2, 4, 7, 8 and 9, and "No meta-analysis conducted" only on 11,
/// 12 and 15; Box 2: "High: No or one non-critical weakness", "Moderate:
/// More than one non-critical weakness", "Low: One critical flaw",
/// "Critically low: More than one critical flaw".
#[test]
fn amstar2_answers_per_item_and_the_rating() {
    for item in ["q2", "q4", "q7", "q8", "q9"] {
        let a = amstar_with(&[(item, "partial yes")]);
        assert!(errors(&a).is_empty(), "{item}: {:?}", errors(&a));
        assert_eq!(judged(&a).as_deref(), Some("AMSTAR 2: high"), "{item}");
    }
    for item in [
        "q1", "q3", "q5", "q6", "q10", "q11", "q12", "q13", "q14", "q15", "q16",
    ] {
        let a = amstar_with(&[(item, "partial-yes")]);
        assert!(
            errors(&a)
                .iter()
                .any(|m| m.contains(&format!("{item}: \"partial-yes\" is not an answer"))),
            "{item}: {:?}",
            errors(&a)
        );
        assert_eq!(
            judged(&a),
            None,
            "{item}: no judgement from an invalid answer"
        );
    }
    for item in ["q11", "q12", "q15"] {
        assert!(errors(&amstar_with(&[(item, "no meta-analysis")])).is_empty());
    }
    assert!(!errors(&amstar_with(&[("q13", "no meta-analysis")])).is_empty());
    // "No" on the critical q13 is a critical flaw.
    assert_eq!(
        judged(&amstar_with(&[("q13", "no")])).as_deref(),
        Some("AMSTAR 2: low")
    );
}

/// Baethge et al. 2019 (SANRA): six items scored 0–2, "the sum score" the
/// rating: a recorded total that is not the sum is an error and does not
/// count.
#[test]
fn sanra_total_is_the_sum_of_the_items() {
    let points = [2, 2, 1, 1, 2, 1]; // 9
    let mut a = Appraisal {
        instrument: "sanra".into(),
        reviewer: "AB".into(),
        answers: points
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("q{}", i + 1), Answer::Int(*n)))
            .collect(),
        ..Appraisal::default()
    };
    a.overall = Some("12/12".into());
    let e = errors(&a);
    assert!(
        e.iter().any(|m| m.contains("not the sum of the items")),
        "{e:?}"
    );
    assert_eq!(judged(&a).as_deref(), Some("SANRA: 9/12"));
    a.overall = Some("9".into());
    assert!(errors(&a).is_empty());
    assert_eq!(judged(&a).as_deref(), Some("SANRA: 9/12"));
}

/// Hong et al. 2018 (MMAT user guide): the criteria met are reported of the
/// category's five ("it is discouraged to calculate an overall score");
/// "'No' or 'Can't tell' to one or both screening questions might indicate
/// that the paper is not an empirical study, and thus cannot be appraised";
/// the criteria are those of the study's category.
#[test]
fn mmat_reports_criteria_of_five_and_flags_screening_and_category() {
    let mut a = words(
        "mmat-2018",
        &[
            ("s1", "yes"),
            ("s2", "yes"),
            ("c1", "yes"),
            ("c2", "no"),
            ("c3", "yes"),
            ("c4", "cant-tell"),
            ("c5", "yes"),
        ],
    );
    a.category = Some(1);
    assert_eq!(judged(&a).as_deref(), Some("MMAT: no overall (3/5 yes)"));
    // A screening question not answered yes is flagged.
    a.answers.set_nth(0, Answer::Text("no".into()));
    let r = reg();
    let found = assess(r.get("mmat-2018").expect("mmat"), &a).findings;
    assert!(
        found.iter().any(|f| f.place == Place::Answer("s1".into())
            && f.message.contains("may not be appraisable")),
        "{found:?}"
    );
    assert_eq!(
        judged(&a).as_deref(),
        Some("MMAT: no overall (3/5 yes; S1 no)")
    );
    // Without a category the criteria mean nothing: flagged, unfinished.
    a.category = None;
    let found = assess(r.get("mmat-2018").expect("mmat"), &a).findings;
    assert!(
        found.iter().any(|f| f.message.contains("has no category")),
        "{found:?}"
    );
    let j = Judgement::of(&r, std::slice::from_ref(&a)).expect("shown");
    assert_eq!(j.to_string(), "MMAT: in progress (AB 7/8)");
}

/// `check` and every load ask [`rules::findings`] for an appraisal's
/// problems, which leaves the judgements out unless an overall is
/// recorded: it must find exactly what [`assess`] finds.
mod findings_alone {
    use super::*;
    use crate::appraisal::instrument::Scale;
    use crate::appraisal::rules::findings;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn findings_are_what_assess_finds(
            pick in 0usize..64,
            choices in prop::collection::vec(0usize..64, 64),
        ) {
            let r = reg();
            let all: Vec<&Instrument> = r.iter().collect();
            let inst = all[pick % all.len()];
            let mut c = choices.into_iter();
            let mut next = move || c.next().unwrap_or(0);
            // Every word of the instrument's scales (its overalls too),
            // numbers in and out of range, and words of no scale.
            let words: Vec<String> = inst
                .scales
                .values()
                .flat_map(|s| match s {
                    Scale::Words { answers, .. } => {
                        answers.iter().map(|w| w.word.clone()).collect()
                    }
                    _ => Vec::new(),
                })
                .collect();
            let word = |n: usize| words.get(n % words.len().max(1)).cloned().unwrap_or_default();
            let answer = |n: usize| match n % 5 {
                0 => Answer::Text("maybe".into()),
                1 => Answer::Int(n as i64 % 12 - 3),
                _ => Answer::Text(word(n / 5).into()),
            };
            let mut a = Appraisal {
                instrument: inst.name.as_str().into(),
                reviewer: "AB".into(),
                ..Appraisal::default()
            };
            for item in &inst.items {
                let n = next();
                if n % 4 != 0 {
                    a.answers.push(&item.id, answer(n));
                }
            }
            if next() % 3 == 0 {
                a.answers.push("zz", Answer::Text("low".into()));
            }
            let n = next();
            a.overall = match n % 4 {
                0 => None,
                1 => Some("junk".into()),
                _ => Some(word(n / 4).as_str().into()),
            };
            let n = next();
            a.category = match n % 3 {
                0 => None,
                1 => inst.categories.get(n % inst.categories.len().max(1)).copied(),
                _ => Some(99),
            };
            prop_assert_eq!(findings(inst, &a), assess(inst, &a).findings);
        }
    }
}

/// An item answered twice (which no file can hold: TOML keys are unique,
/// but an appraisal built in memory can): its first answer counts, wherever
/// it stands among the others.
#[test]
fn an_item_answered_twice_is_judged_by_its_first_answer() {
    let mut a = amstar_with(&[]);
    let mut twice = Answers::new();
    twice.push("q13", Answer::Text("no".into()));
    for (k, v) in &a.answers {
        twice.push(k, v);
    }
    a.answers = twice;
    // "No" on the critical q13 comes first: a critical flaw.
    assert_eq!(judged(&a).as_deref(), Some("AMSTAR 2: low"));
    let r = reg();
    let inst = r.get("amstar2").expect("amstar2");
    assert_eq!(assess(inst, &a).computed.as_deref(), Some("low"));
}

/// The judgement of a set of answers does not depend on the order they
/// are written in: every instrument, answers on each item's scale, in the
/// instrument's order and shuffled.
mod any_order {
    use super::*;
    use crate::appraisal::instrument::ItemScale;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn answers_in_any_order_come_to_the_same_judgement(
            pick in 0usize..64,
            choices in prop::collection::vec(0usize..64, 64),
            order in Just((0..64usize).collect::<Vec<_>>()).prop_shuffle(),
            category in 0usize..4,
        ) {
            let r = reg();
            let all: Vec<&Instrument> = r.iter().collect();
            let inst = all[pick % all.len()];
            let mut given: Vec<(String, Answer)> = Vec::new();
            for (item, n) in inst.items.iter().zip(&choices) {
                let answer = match inst.scale_of(item) {
                    Some(ItemScale::Words(w)) if !w.is_empty() => {
                        Answer::Text(w[n % w.len()].word.as_str().into())
                    }
                    Some(ItemScale::Range(lo, hi)) => {
                        Answer::Int(lo + (*n as i64) % (hi - lo + 1).max(1))
                    }
                    _ => Answer::Text("as written".into()),
                };
                if n % 7 != 0 {
                    given.push((item.id.clone(), answer));
                }
            }
            let appraisal = |answers: Vec<&(String, Answer)>| Appraisal {
                instrument: inst.name.as_str().into(),
                reviewer: "AB".into(),
                category: inst.categories.get(category).copied(),
                answers: answers.into_iter().map(|(k, v)| (k.as_str(), v.clone())).collect(),
                ..Appraisal::default()
            };
            let in_order = appraisal(given.iter().collect());
            let shuffled = appraisal(
                order.iter().filter_map(|&i| given.get(i)).collect(),
            );
            let (x, y) = (assess(inst, &in_order), assess(inst, &shuffled));
            prop_assert_eq!(&x.computed, &y.computed);
            prop_assert_eq!(&x.overall, &y.overall);
            prop_assert_eq!(x.score, y.score);
            prop_assert_eq!(&x.applicability, &y.applicability);
            let messages = |f: &[crate::appraisal::rules::Finding]| {
                let mut m: Vec<String> = f.iter().map(|f| f.message.clone()).collect();
                m.sort();
                m
            };
            prop_assert_eq!(messages(&x.findings), messages(&y.findings));
        }
    }
}
