//! Replaying known labels as a reviewer would have screened with the model
//! (ASReview's `simulate`): start from a few prior records, then again and
//! again retrain on every decision so far, screen the record ranked first,
//! and reveal its label. The result is the screening order.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::Config;
use super::engine::{self, Engine, STREAM_PRIORS};
use super::features::{Doc, Features};
use super::metrics::{self, Metrics};
use super::rng::Rng;

/// How a simulation starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    pub config: Config,
    /// Includes drawn at random as prior knowledge (screened first).
    pub prior_included: usize,
    /// Excludes drawn at random as prior knowledge.
    pub prior_excluded: usize,
    pub seed: u64,
}

/// A simulation's outcome.
#[derive(Debug, Clone)]
pub struct Replay {
    /// Every record's row (0-based), first screened first.
    pub order: Vec<usize>,
    /// The first `priors` of the order were prior knowledge.
    pub priors: usize,
    /// The figures of the order.
    pub metrics: Metrics,
    /// Retraining steps taken (picks made by a trained model).
    pub steps: usize,
    /// Time spent building the features.
    pub features_time: Duration,
    /// Time spent retraining and scoring, over all steps.
    pub steps_time: Duration,
}

/// Why a simulation cannot run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimError {
    /// The labels mark no record as included.
    NoIncludes,
    /// More prior includes or excludes were asked for than the data has.
    TooFewForPriors {
        wanted: usize,
        have: usize,
        include: bool,
    },
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimError::NoIncludes => write!(f, "no record is labelled as included"),
            SimError::TooFewForPriors {
                wanted,
                have,
                include,
            } => {
                let what = if *include { "included" } else { "excluded" };
                write!(
                    f,
                    "{wanted} prior {what} records asked for, but only {have} are labelled {what}"
                )
            }
        }
    }
}

impl std::error::Error for SimError {}

/// Replays `labels` (true: include) over the records `docs`.
pub fn replay(docs: &[Doc], labels: &[bool], setup: &Setup) -> Result<Replay, SimError> {
    let started = Instant::now();
    let x = Arc::new(Features::build(docs, &setup.config.features));
    let features_time = started.elapsed();
    let mut out = replay_features(x, labels, setup)?;
    out.features_time = features_time;
    Ok(out)
}

/// Replays `labels` over records whose features are built already.
pub fn replay_features(
    x: Arc<Features>,
    labels: &[bool],
    setup: &Setup,
) -> Result<Replay, SimError> {
    let n = labels.len();
    let includes: Vec<u32> = (0..n as u32).filter(|&r| labels[r as usize]).collect();
    let excludes: Vec<u32> = (0..n as u32).filter(|&r| !labels[r as usize]).collect();
    if includes.is_empty() {
        return Err(SimError::NoIncludes);
    }
    for (wanted, have, include) in [
        (setup.prior_included, includes.len(), true),
        (setup.prior_excluded, excludes.len(), false),
    ] {
        if wanted > have {
            return Err(SimError::TooFewForPriors {
                wanted,
                have,
                include,
            });
        }
    }
    let mut rng = Rng::derive(setup.seed, STREAM_PRIORS);
    let mut order: Vec<usize> = Vec::with_capacity(n);
    for (pool, k) in [
        (&includes, setup.prior_included),
        (&excludes, setup.prior_excluded),
    ] {
        let mut pool = pool.clone();
        rng.shuffle(&mut pool);
        order.extend(pool[..k].iter().map(|&r| r as usize));
    }
    let priors = order.len();
    let mut screened = vec![false; n];
    let mut decided: Vec<(u32, bool)> = Vec::with_capacity(n);
    for &r in &order {
        screened[r] = true;
        decided.push((r as u32, labels[r]));
    }
    // Unscreened rows in file order, kept in order as rows leave it so that
    // equal scores always favour the record that comes first in the file.
    let mut unscreened: Vec<u32> = (0..n as u32).filter(|&r| !screened[r as usize]).collect();
    let mut engine = Engine::new(x, setup.config.clone(), setup.seed);
    let mut known_includes = decided.iter().filter(|d| d.1).count();
    let mut steps = 0;
    let mut steps_time = Duration::ZERO;
    let mut step: u64 = 0;
    while !unscreened.is_empty() {
        let t = Instant::now();
        let pick = if setup.config.random_order
            || engine.explores(known_includes, step)
            || !engine.can_train(known_includes, decided.len() - known_includes)
        {
            engine.random_pick(unscreened.len(), step)
        } else {
            engine.train(&decided, &unscreened, step);
            let scores = engine.scores(&unscreened);
            steps += 1;
            engine::best(&scores).unwrap_or(0)
        };
        steps_time += t.elapsed();
        let row = unscreened.remove(pick);
        order.push(row as usize);
        let label = labels[row as usize];
        decided.push((row, label));
        known_includes += label as usize;
        step += 1;
    }
    let ordered: Vec<bool> = order.iter().map(|&r| labels[r]).collect();
    let metrics = metrics::of_order(&ordered, priors).ok_or(SimError::NoIncludes)?;
    Ok(Replay {
        order,
        priors,
        metrics,
        steps,
        features_time: Duration::ZERO,
        steps_time,
    })
}
