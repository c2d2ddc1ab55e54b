//! The state of each unit of a study, from its reviewers' appraisals.

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
