//! Each rule against hand-worked cases at its boundaries, with the
//! spellings users write.

// The stand-in `Study` below has only the field these tests use; the tests
// build it as they would build the model's study.
#![allow(clippy::needless_update)]

use crate::appraisal::*;

// The built-in instruments, passed where the library takes a review's.
fn registry() -> Registry {
    Registry::builtin()
}

fn computed(a: &Appraisal) -> Option<String> {
    super::computed(&registry(), a)
}

fn judgement_level(instrument: &str, judgement: &str) -> Level {
    super::judgement_level(&registry(), instrument, judgement)
}

/// A study as far as its judgement goes: its appraisals.
#[derive(Default)]
struct Study {
    appraisals: Vec<Appraisal>,
}

fn study_judgement(s: &Study) -> Option<String> {
    super::study_judgement(&registry(), &s.appraisals)
}

fn text(instrument: &str, answers: &[(&str, &str)]) -> Appraisal {
    Appraisal {
        instrument: instrument.into(),
        reviewer: "consensus".into(),
        answers: answers
            .iter()
            .map(|(k, v)| (k.to_string(), Answer::Text(v.to_string().into())))
            .collect(),
        ..Appraisal::default()
    }
}

fn stars(instrument: &str, answers: &[(&str, i64)]) -> Appraisal {
    Appraisal {
        instrument: instrument.into(),
        reviewer: "consensus".into(),
        answers: answers
            .iter()
            .map(|(k, v)| (k.to_string(), Answer::Int(*v)))
            .collect(),
        ..Appraisal::default()
    }
}

fn domains(words: &[&str]) -> Vec<(String, String)> {
    words
        .iter()
        .enumerate()
        .map(|(i, w)| (format!("d{}", i + 1), w.to_string()))
        .collect()
}

fn rule(instrument: &str, words: &[&str]) -> Option<String> {
    let d = domains(words);
    let pairs: Vec<(&str, &str)> = d.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    computed(&text(instrument, &pairs))
}

#[test]
fn rob2_worst_domain_with_any_spelling() {
    assert_eq!(rule("rob2", &["low"; 5]).as_deref(), Some("low"));
    assert_eq!(
        rule("rob2", &["Low", "L", "low", " LOW ", "low risk"]).as_deref(),
        Some("low")
    );
    let one_some = ["low", "low", "Some concerns", "low", "low"];
    assert_eq!(rule("rob2", &one_some).as_deref(), Some("some-concerns"));
    assert_eq!(
        rule("rob2", &["low", "SC", "low", "low", "low"]).as_deref(),
        Some("some-concerns")
    );
    // Capital H: the old code read this as "some concerns".
    assert_eq!(
        rule("rob2", &["low", "low", "High", "low", "low"]).as_deref(),
        Some("high")
    );
    assert_eq!(
        rule("rob2", &["some", "h", "low", "low", "low"]).as_deref(),
        Some("high")
    );
    // Out of scale or incomplete: no judgement, never a guess.
    assert_eq!(rule("rob2", &["lo", "low", "low", "low", "low"]), None);
    assert_eq!(rule("rob2", &["low"; 4]), None);
}

#[test]
fn robins_i_most_severe_and_no_information() {
    let r = |w: &[&str]| rule("robins-i", w);
    assert_eq!(r(&["low"; 7]).as_deref(), Some("low"));
    assert_eq!(
        r(&["low", "Moderate", "low", "low", "low", "low", "low"]).as_deref(),
        Some("moderate")
    );
    // No information with nothing serious: no information.
    assert_eq!(
        r(&["low", "moderate", "NI", "low", "low", "low", "low"]).as_deref(),
        Some("no-info")
    );
    assert_eq!(
        r(&["low", "no information", "low", "low", "low", "low", "low"]).as_deref(),
        Some("no-info")
    );
    // Serious outranks no information; capitalised spellings count.
    assert_eq!(
        r(&["low", "Serious", "NI", "low", "low", "low", "low"]).as_deref(),
        Some("serious")
    );
    assert_eq!(
        r(&["low", "serious", "low", "CRITICAL", "low", "low", "low"]).as_deref(),
        Some("critical")
    );
    assert_eq!(
        r(&["low", "grave", "low", "low", "low", "low", "low"]),
        None
    );
}

fn amstar(no: &[usize], partial: &[usize], no_ma: &[usize]) -> Option<String> {
    let answers: Vec<(String, String)> = (1..=16)
        .map(|i| {
            let w = if no.contains(&i) {
                "No"
            } else if partial.contains(&i) {
                "PY"
            } else if no_ma.contains(&i) {
                "no meta-analysis"
            } else {
                "Yes"
            };
            (format!("q{i}"), w.to_string())
        })
        .collect();
    let pairs: Vec<(&str, &str)> = answers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    computed(&text("amstar2", &pairs))
}

#[test]
fn amstar2_counts_critical_flaws_and_weaknesses() {
    assert_eq!(amstar(&[], &[], &[]).as_deref(), Some("high"));
    // One non-critical weakness: still high; two: moderate.
    assert_eq!(amstar(&[1], &[], &[]).as_deref(), Some("high"));
    assert_eq!(amstar(&[1, 3], &[], &[]).as_deref(), Some("moderate"));
    assert_eq!(
        amstar(&[1, 3, 5, 6, 8], &[], &[]).as_deref(),
        Some("moderate")
    );
    // One critical flaw (q2): low, whatever the weaknesses; two: critically low.
    assert_eq!(amstar(&[2], &[], &[]).as_deref(), Some("low"));
    assert_eq!(amstar(&[2, 1, 3, 5], &[], &[]).as_deref(), Some("low"));
    assert_eq!(amstar(&[2, 4], &[], &[]).as_deref(), Some("critically-low"));
    // "Partial yes" and "no meta-analysis" are not flaws.
    assert_eq!(
        amstar(&[], &[2, 4, 7, 9], &[11, 12, 15]).as_deref(),
        Some("high")
    );
    // "No meta-analysis" is only an answer where the scale has it.
    assert_eq!(amstar(&[], &[], &[2]), None);
}

fn nos(s: [i64; 4], c: i64, o: [i64; 3]) -> Option<String> {
    let a = stars(
        "nos-cohort",
        &[
            ("s1", s[0]),
            ("s2", s[1]),
            ("s3", s[2]),
            ("s4", s[3]),
            ("c1", c),
            ("o1", o[0]),
            ("o2", o[1]),
            ("o3", o[2]),
        ],
    );
    computed(&a)
}

#[test]
fn newcastle_ottawa_ahrq_edges() {
    // Good: selection ≥3, comparability ≥1, outcome ≥2.
    assert_eq!(nos([1, 1, 1, 0], 1, [1, 1, 0]).as_deref(), Some("good"));
    assert_eq!(nos([1, 1, 1, 1], 2, [1, 1, 1]).as_deref(), Some("good"));
    // Selection 2: fair.
    assert_eq!(nos([1, 1, 0, 0], 1, [1, 1, 0]).as_deref(), Some("fair"));
    // Selection 1, comparability 0 or outcome 1: poor.
    assert_eq!(nos([1, 0, 0, 0], 2, [1, 1, 1]).as_deref(), Some("poor"));
    assert_eq!(nos([1, 1, 1, 1], 0, [1, 1, 1]).as_deref(), Some("poor"));
    assert_eq!(nos([1, 1, 1, 1], 2, [1, 0, 0]).as_deref(), Some("poor"));
    // Out of range: 3 stars on s1 or c1 is no judgement.
    assert_eq!(nos([3, 1, 1, 1], 1, [1, 1, 1]), None);
    assert_eq!(nos([1, 1, 1, 1], 3, [1, 1, 1]), None);
    let j = Judgement::of_appraisal(
        &registry(),
        &stars(
            "nos-cohort",
            &[
                ("s1", 1),
                ("s2", 1),
                ("s3", 1),
                ("s4", 1),
                ("c1", 2),
                ("o1", 1),
                ("o2", 0),
                ("o3", 1),
            ],
        ),
    );
    assert_eq!(j.map(|j| j.to_string()).as_deref(), Some("NOS: good (8★)"));
}

#[test]
fn sanra_sums_within_range() {
    let all = |n: i64| {
        stars(
            "sanra",
            &[
                ("q1", n),
                ("q2", n),
                ("q3", n),
                ("q4", n),
                ("q5", n),
                ("q6", n),
            ],
        )
    };
    assert_eq!(computed(&all(0)).as_deref(), Some("0/12"));
    assert_eq!(computed(&all(2)).as_deref(), Some("12/12"));
    assert_eq!(
        computed(&all(3)),
        None,
        "3 points is out of range: no 18/12"
    );
    let mixed = stars(
        "sanra",
        &[
            ("q1", 2),
            ("q2", 2),
            ("q3", 1),
            ("q4", 1),
            ("q5", 2),
            ("q6", 1),
        ],
    );
    assert_eq!(
        study_judgement(&Study {
            appraisals: vec![mixed],
            ..Study::default()
        })
        .as_deref(),
        Some("SANRA: 9/12")
    );
}

#[test]
fn overrides_may_raise_but_never_lower_the_worst_domain() {
    let d = domains(&[
        "some-concerns",
        "some-concerns",
        "low",
        "low",
        "some-concerns",
    ]);
    let pairs: Vec<(&str, &str)> = d.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut a = text("rob2", &pairs);
    a.overall = Some("High".into());
    let j = Judgement::of_appraisal(&registry(), &a).expect("judged");
    assert_eq!(j.level, "high");
    assert_eq!(
        j.to_string(),
        "RoB 2: high risk (override; computed some concerns)"
    );
    // Lowering below the worst domain does not count, and is a problem.
    a.overall = Some("low".into());
    let reg = registry();
    let r = assess(reg.get("rob2").expect("rob2"), &a);
    assert_eq!(r.overall.as_deref(), Some("some-concerns"));
    assert!(
        r.findings
            .iter()
            .any(|f| f.message.contains("below the worst domain")),
        "{r:?}"
    );
    // A word outside the overall scale: a problem, and the computed counts.
    a.overall = Some("grand".into());
    let r = assess(reg.get("rob2").expect("rob2"), &a);
    assert_eq!(r.overall.as_deref(), Some("some-concerns"));
    assert!(
        r.findings
            .iter()
            .any(|f| f.message.contains("no overall \"grand\""))
    );
}

#[test]
fn unknown_items_and_answers_name_what_is_allowed() {
    let a = text("rob2", &[("d1", "lo"), ("d9", "high")]);
    let reg = registry();
    let r = assess(reg.get("rob2").expect("rob2"), &a);
    let msgs: Vec<&str> = r.findings.iter().map(|f| f.message.as_str()).collect();
    assert!(
        msgs.iter()
            .any(|m| m
                .contains("\"lo\" is not an answer: expected one of \"low\", \"some-concerns\"")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m.contains("no item \"d9\"")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m.contains("missing d2, d3, d4, d5")),
        "{msgs:?}"
    );
    assert_eq!(r.computed, None);
}

fn reviewer(name: &str, words: &[&str]) -> Appraisal {
    let d = domains(words);
    let pairs: Vec<(&str, &str)> = d.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    Appraisal {
        reviewer: name.into(),
        ..text("rob2", &pairs)
    }
}

#[test]
fn several_reviewers_agree_dispute_or_reconcile() {
    let low = reviewer("AB", &["low"; 5]);
    let high = reviewer("CD", &["low", "low", "high", "low", "low"]);
    let agree = Study {
        appraisals: vec![low.clone(), reviewer("CD", &["L"; 5])],
        ..Study::default()
    };
    // Identical answers and overall: agreed (was "not reconciled", which
    // now means the items differ).
    assert_eq!(
        study_judgement(&agree).as_deref(),
        Some("RoB 2: low risk (agreed)")
    );
    let disputed = Study {
        appraisals: vec![low.clone(), high.clone()],
        ..Study::default()
    };
    let j = Judgement::of(&registry(), &disputed.appraisals).expect("disputed is shown");
    assert!(j.is_disputed());
    assert_eq!(j.label(), "RoB 2: disputed");
    let mut consensus = high.clone();
    consensus.reviewer = "consensus".into();
    let settled = Study {
        appraisals: vec![low, high, consensus],
        ..Study::default()
    };
    assert_eq!(
        study_judgement(&settled).as_deref(),
        Some("RoB 2: high risk")
    );
}

#[test]
fn quality_and_risk_read_differently() {
    assert_eq!(judgement_level("casp-qualitative", "high"), Level::Good);
    assert_eq!(judgement_level("rob2", "high"), Level::Bad);
    assert_eq!(
        judgement_level("amstar2", "critically-low"),
        Level::Critical
    );
    assert_eq!(judgement_level("sanra", "9/12"), Level::Good);
    assert_eq!(judgement_level("sanra", "7/12"), Level::Fair);
    let mut c = text("casp-qualitative", &[]);
    c.overall = Some("High".into());
    assert_eq!(
        Judgement::of_appraisal(&registry(), &c)
            .map(|j| j.label())
            .as_deref(),
        Some("CASP: high quality")
    );
}

#[test]
fn an_instrument_without_an_overall_still_counts_as_appraised() {
    let mut a = text(
        "mmat-2018",
        &[
            ("s1", "Yes"),
            ("s2", "yes"),
            ("c1", "yes"),
            ("c2", "CT"),
            ("c3", "yes"),
            ("c4", "no"),
            ("c5", "yes"),
        ],
    );
    a.category = Some(5);
    let j = Judgement::of_appraisal(&registry(), &a).expect("appraised");
    assert_eq!(j.label(), "MMAT: no overall");
    // MMAT reports the criteria met of the category's five, the screening
    // questions aside (was "5/7 yes", counting S1 and S2).
    assert_eq!(j.to_string(), "MMAT: no overall (3/5 yes)");
    // A recorded overall counts as the reviewer's judgement.
    a.overall = Some("moderate".into());
    assert_eq!(
        Judgement::of_appraisal(&registry(), &a)
            .map(|j| j.label())
            .as_deref(),
        Some("MMAT: moderate quality")
    );
}
