//! Property tests of the ranking: whatever the records, labels, priors,
//! model and seed, a simulation screens every record exactly once, and the
//! interactive ranker offers every record once whatever the decisions,
//! undos and switches of order in between.

use std::time::Duration;

use litrev::screening::rank::ranker::{Label, Order};
use litrev::screening::rank::simulate::{Setup, replay};
use litrev::screening::rank::{Doc, Model, Ranker};
use proptest::prelude::*;

const WORDS: [&str; 12] = [
    "heart", "failure", "trial", "placebo", "survey", "parking", "staff", "beta", "blocker",
    "random", "cohort", "hospital",
];

/// A record of a few words from a small vocabulary (so that records share
/// terms), possibly with no text at all.
fn doc() -> impl Strategy<Value = Doc> {
    (
        prop::collection::vec(0..WORDS.len(), 0..6),
        prop::collection::vec(0..WORDS.len(), 0..10),
        prop::collection::vec(0..WORDS.len(), 0..3),
    )
        .prop_map(|(t, a, k)| {
            let words = |v: Vec<usize>, sep: &str| {
                v.into_iter()
                    .map(|i| WORDS[i])
                    .collect::<Vec<_>>()
                    .join(sep)
            };
            Doc {
                title: words(t, " "),
                abstract_text: words(a, " "),
                keywords: words(k, "; "),
            }
        })
}

fn model() -> impl Strategy<Value = Model> {
    prop_oneof![
        Just(Model::Default),
        Just(Model::Svm),
        Just(Model::Logistic),
        Just(Model::NaiveBayes),
        Just(Model::Random),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_simulation_screens_every_record_exactly_once(
        records in prop::collection::vec((doc(), any::<bool>()), 1..40),
        priors in (0usize..3, 0usize..3),
        model in model(),
        seed in any::<u64>(),
    ) {
        let (docs, mut labels): (Vec<Doc>, Vec<bool>) = records.into_iter().unzip();
        labels[0] = true;
        let setup = Setup {
            config: model.config(),
            prior_included: priors.0.min(labels.iter().filter(|l| **l).count()),
            prior_excluded: priors.1.min(labels.iter().filter(|l| !**l).count()),
            seed,
        };
        let r = replay(&docs, &labels, &setup).expect("simulates");
        let mut order = r.order.clone();
        order.sort_unstable();
        prop_assert_eq!(order, (0..docs.len()).collect::<Vec<_>>());
        prop_assert_eq!(r.priors, setup.prior_included + setup.prior_excluded);
        // The same seed, the same order.
        let again = replay(&docs, &labels, &setup).expect("simulates");
        prop_assert_eq!(r.order, again.order);
    }

    #[test]
    fn the_ranker_offers_every_record_once(
        records in prop::collection::vec((doc(), 0u8..3), 1..30),
        actions in prop::collection::vec((0u8..5, any::<u16>()), 0..30),
        seed in any::<u64>(),
    ) {
        let (docs, labels): (Vec<Doc>, Vec<u8>) = records.into_iter().unzip();
        let n = docs.len();
        let label = |i: usize| match labels[i] {
            0 => Label::Include,
            1 => Label::Exclude,
            _ => Label::Maybe,
        };
        let mut ranker = Ranker::new(docs, Model::Default.config(), seed);
        // Some decisions, undos and switches of order first.
        for (what, arg) in actions {
            let row = arg as usize % n;
            match what {
                0 | 1 => ranker.decide(row, label(row)),
                2 => ranker.undo(row),
                3 => ranker.set_order([Order::Ranked, Order::File, Order::Random][row % 3]),
                _ => {
                    ranker.poll();
                }
            }
            if let Some(next) = ranker.next() {
                prop_assert!(ranker.decision(next).is_none());
            }
        }
        let already = (0..n).filter(|&r| ranker.decision(r).is_some()).count();
        ranker.set_order(Order::Ranked);
        // Then screen to the end: each record not yet decided comes once.
        let mut offered = Vec::new();
        while let Some(next) = ranker.next() {
            prop_assert!(ranker.decision(next).is_none());
            prop_assert!(!offered.contains(&next));
            offered.push(next);
            ranker.decide(next, label(next));
            if offered.len() % 3 == 0 {
                ranker.wait(Duration::from_secs(10));
            } else {
                ranker.poll();
            }
            prop_assert!(offered.len() <= n);
        }
        prop_assert_eq!(offered.len() + already, n);
        prop_assert_eq!(ranker.screened(), n);
    }
}
