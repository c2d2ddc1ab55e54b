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
