//! The answers cell is as wide as its text made inert, however its width
//! is found.

use proptest::prelude::*;

use super::{answers_cell, answers_inert, answers_width, inert, row};
use crate::appraisal::Registry;
use crate::model::{Answer, Appraisal, Study};

/// An answer's text: plain, wide, combining, or with control characters.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9 -]{0,12}",
        "[a-zé低\u{301}\t\u{7}\u{1b}·]{0,6}",
        Just(String::new()),
    ]
}

fn answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        text().prop_map(|t| Answer::Text(t.into())),
        any::<i64>().prop_map(Answer::Int),
        (-12i64..12).prop_map(Answer::Int),
        Just(Answer::Int(i64::MIN)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_answers_cell_is_counted_as_wide_as_it_is_made(
        answers in proptest::collection::vec((text(), answer()), 0..8),
        category in prop_oneof![Just(None), any::<i64>().prop_map(Some), (-3i64..12).prop_map(Some)],
        instrument in prop_oneof![Just("rob2"), Just("amstar2"), Just("none such")],
    ) {
        let reg = Registry::builtin();
        let study = Study::default();
        let a = Appraisal {
            instrument: instrument.into(),
            category,
            answers: answers.into_iter().collect(),
            ..Appraisal::default()
        };
        let r = row(&reg, &study, &a);
        let made = inert(&answers_cell(&r));
        prop_assert_eq!(answers_inert(&r), made.clone());
        prop_assert_eq!(answers_width(&r), made.1);
    }
}

/// An overall cell kept for the rows after is the cell each of them would
/// make: told apart by instrument, judgement, the computed one an override
/// replaces and the applicability, and made afresh past what a run keeps.
#[test]
fn an_overall_cell_kept_is_the_one_each_row_makes() {
    use super::overall_cell;
    use super::text::Overalls;
    let reg = Registry::builtin();
    let text = |s: &str| Answer::Text(s.into());
    let of = |inst: &str, answers: &[(&str, &str)], overall: Option<&str>| Appraisal {
        instrument: inst.into(),
        reviewer: "AB".into(),
        answers: answers
            .iter()
            .map(|(k, v)| (k.to_string(), text(v)))
            .collect(),
        overall: overall.map(Into::into),
        ..Appraisal::default()
    };
    let rob2 = |w: &str| {
        let d: Vec<(String, &str)> = (1..=5).map(|i| (format!("d{i}"), w)).collect();
        let d: Vec<(&str, &str)> = d.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        of("rob2", &d, None)
    };
    let quadas = |d: &str, a: &str| {
        of(
            "quadas-2",
            &[
                ("d1", d),
                ("d2", d),
                ("d3", d),
                ("d4", d),
                ("a1", a),
                ("a2", a),
                ("a3", a),
            ],
            None,
        )
    };
    let robins: Vec<(String, &str)> = (1..=7).map(|i| (format!("d{i}"), "low")).collect();
    let robins: Vec<(&str, &str)> = robins.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let mut all = vec![
        rob2("low"),
        // The same judgement by another instrument.
        of("robins-i", &robins, None),
        quadas("low", "low"),
        quadas("low", "high"),
        rob2("high"),
        // Recorded overalls: the same as computed, and overriding it (an
        // override below the worst domain does not count).
        Appraisal {
            overall: Some("high".into()),
            ..rob2("high")
        },
        Appraisal {
            overall: Some("high".into()),
            ..rob2("some-concerns")
        },
        Appraisal {
            overall: Some("high".into()),
            ..rob2("low")
        },
        of("nowhere", &[("q1", "yes")], None),
        of("sanra", &[], Some("3/12")),
    ];
    // Totals enough to pass what a run keeps.
    for n in 0..70 {
        all.push(of("sanra", &[], Some(&format!("{n}/12"))));
    }
    let study = Study::default();
    let mut kept = Overalls::default();
    for round in 0..2 {
        for a in &all {
            let r = row(&reg, &study, a);
            let want = inert(&overall_cell(&reg, &r));
            let (cell, width) = kept.cell(&reg, &r);
            assert_eq!((cell.into_owned(), width), want, "{a:?} (round {round})");
        }
    }
}
