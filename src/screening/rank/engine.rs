//! One retraining step, shared by the simulation and the interactive
//! ranker: the decisions so far (plus, optionally, a few unscreened records
//! presumed irrelevant) train the classifier, which scores the unscreened
//! records; the query strategy picks the next one.

use std::sync::Arc;

use super::Config;
use super::classifier::{Example, Learner, Linear};
use super::features::Features;
use super::rng::Rng;

/// Random streams of one seed, one per purpose.
pub(crate) const STREAM_PRIORS: u64 = 1;
pub(crate) const STREAM_EXPLORE: u64 = 2;
pub(crate) const STREAM_PSEUDO: u64 = 3;
pub(crate) const STREAM_SOLVER: u64 = 4;
pub(crate) const STREAM_ORDER: u64 = 5;

/// The model of one review: its features and a learner that keeps its
/// solution from one step to the next.
#[derive(Debug, Clone)]
pub struct Engine {
    x: Arc<Features>,
    config: Config,
    seed: u64,
    learner: Learner,
}

impl Engine {
    /// A model over `x`, not yet trained.
    pub fn new(x: Arc<Features>, config: Config, seed: u64) -> Engine {
        let learner = Learner::new(config.classifier.clone(), &x);
        Engine {
            x,
            config,
            seed,
            learner,
        }
    }

    /// The features.
    pub fn features(&self) -> &Arc<Features> {
        &self.x
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// True when `includes` and `excludes` known are enough to train on.
    pub fn can_train(&self, includes: usize, excludes: usize) -> bool {
        includes > 0 && (excludes > 0 || self.config.pseudo_negatives > 0)
    }

    /// Trains on `decided` (row, include), each row once, at step `step`;
    /// `unscreened` are the rows without a decision, from which the records
    /// presumed irrelevant are drawn. `None` when there is not yet an include
    /// and an exclude (or a presumed one) to learn from.
    pub fn train(
        &mut self,
        decided: &[(u32, bool)],
        unscreened: &[u32],
        step: u64,
    ) -> Option<&Linear> {
        let includes = decided.iter().filter(|d| d.1).count();
        if !self.can_train(includes, decided.len() - includes) {
            return None;
        }
        let mut examples: Vec<Example> = decided
            .iter()
            .map(|&(row, include)| Example {
                row,
                include,
                weight: 1.0,
            })
            .collect();
        let m = self.config.pseudo_negatives.min(unscreened.len());
        if m > 0 {
            let mut rng = Rng::derive(self.seed, STREAM_PSEUDO ^ (step << 8));
            for row in sample(unscreened, m, &mut rng) {
                examples.push(Example {
                    row,
                    include: false,
                    weight: self.config.pseudo_weight,
                });
            }
        }
        let mut rng = Rng::derive(self.seed, STREAM_SOLVER ^ (step << 8));
        Some(self.learner.fit(&self.x, &examples, &mut rng))
    }

    /// The score of each of `rows` under the last model, in the same order;
    /// on two threads when there are many.
    pub fn scores(&self, rows: &[u32]) -> Vec<f64> {
        let model = self.learner.model();
        let x = &*self.x;
        let one = |rows: &[u32]| -> Vec<f64> {
            rows.iter().map(|&r| model.score(x, r as usize)).collect()
        };
        if rows.len() < 20_000 {
            return one(rows);
        }
        let (a, b) = rows.split_at(rows.len() / 2);
        std::thread::scope(|s| {
            let other = s.spawn(|| one(b));
            let mut first = one(a);
            match other.join() {
                Ok(second) => first.extend(second),
                Err(_) => first.extend(one(b)),
            }
            first
        })
    }

    /// True when the pick at `step` is random (exploration): only while
    /// fewer than `explore_until` includes are known.
    pub fn explores(&self, includes: usize, step: u64) -> bool {
        let c = &self.config;
        c.random_every > 0
            && includes < c.explore_until
            && step % c.random_every as u64 == c.random_every as u64 - 1
    }

    /// A random index into a list of `len` (for exploration at `step`).
    pub fn random_pick(&self, len: usize, step: u64) -> usize {
        Rng::derive(self.seed, STREAM_EXPLORE ^ (step << 8)).below(len)
    }
}

/// `m` distinct items of `from`, drawn at random (`m` ≤ its length).
fn sample(from: &[u32], m: usize, rng: &mut Rng) -> Vec<u32> {
    if m * 4 >= from.len() {
        let mut all = from.to_vec();
        rng.shuffle(&mut all);
        all.truncate(m);
        return all;
    }
    let mut picked: Vec<usize> = Vec::with_capacity(m);
    while picked.len() < m {
        let i = rng.below(from.len());
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    picked.into_iter().map(|i| from[i]).collect()
}

/// The index of the highest score (the first of equals: the record that
/// comes first in the list).
pub fn best(scores: &[f64]) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, &s) in scores.iter().enumerate() {
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_takes_the_first_of_equal_scores() {
        assert_eq!(best(&[0.1, 0.5, 0.5, -1.0]), Some(1));
        assert_eq!(best(&[]), None);
    }

    #[test]
    fn a_sample_has_distinct_members_of_the_list() {
        let from: Vec<u32> = (100..200).collect();
        for m in [0, 3, 30, 100] {
            let mut s = sample(&from, m, &mut Rng::new(m as u64));
            assert_eq!(s.len(), m);
            s.sort_unstable();
            s.dedup();
            assert_eq!(s.len(), m);
            assert!(s.iter().all(|r| from.contains(r)));
        }
    }
}
