//! Prioritised screening: the records most likely to be relevant first.
//!
//! A model retrained on every decision scores the records not yet
//! screened, and the highest score is screened next (see
//! docs/screening-model.md for the model, the measurements behind its
//! settings and how it compares with ASReview). Everything here is pure:
//! text in, orders and figures out, the same for a given seed on every
//! machine.
//!
//! - [`features`]: TF-IDF over words, word pairs and keywords;
//! - [`classifier`]: linear SVM, logistic regression, naive Bayes;
//! - [`engine`]: one retraining step and the query strategy;
//! - [`simulate`]: replaying known labels (ASReview's `simulate`);
//! - [`metrics`]: recall, WSS, ATD of an order;
//! - [`ranker`]: the interactive ranker, retraining on a thread of its own.

pub mod classifier;
pub mod engine;
pub mod features;
pub mod math;
pub mod metrics;
pub mod ranker;
pub mod rng;
pub mod simulate;

pub use features::{Doc, FeatureConfig, Features};
pub use metrics::Metrics;
pub use ranker::Ranker;

pub use simulate::{Replay, Setup, SimError};

use classifier::{Kind, Params};

/// Everything that decides the model's picks, but the seed.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub features: FeatureConfig,
    pub classifier: Params,
    /// Unscreened records drawn at random at each step and trained on as
    /// if excluded (most records are irrelevant), with weight `pseudo_weight`.
    pub pseudo_negatives: usize,
    pub pseudo_weight: f64,
    /// While fewer than `explore_until` includes are known, every
    /// `random_every`-th pick is a random record (0: never).
    pub explore_until: usize,
    pub random_every: usize,
    /// Ignore the model: random order (the baseline any model must beat).
    pub random_order: bool,
}

/// The models `screen simulate --model` offers, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// The default: see [`Model::config`].
    Default,
    /// ASReview's default model (ELAS u4) rebuilt: a linear SVM on TF-IDF
    /// of the words and word pairs of title and abstract.
    Svm,
    /// Logistic regression on the default's features and weights.
    Logistic,
    /// Naive Bayes on the default's features (ASReview's classic model).
    NaiveBayes,
    /// Random order.
    Random,
}

impl Model {
    /// Every name, for messages and `--help`.
    pub const NAMES: [&'static str; 5] = ["default", "svm", "logistic", "nb", "random"];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Model::Default => "default",
            Model::Svm => "svm",
            Model::Logistic => "logistic",
            Model::NaiveBayes => "nb",
            Model::Random => "random",
        }
    }

    /// The model of a name given on the command line.
    pub fn parse(s: &str) -> Option<Model> {
        [
            Model::Default,
            Model::Svm,
            Model::Logistic,
            Model::NaiveBayes,
            Model::Random,
        ]
        .into_iter()
        .find(|m| m.name().eq_ignore_ascii_case(s.trim()))
    }

    /// The settings of this model (see docs/screening-model.md for how
    /// the default was chosen).
    pub fn config(self) -> Config {
        // The default: TF-IDF of words and word pairs of title and abstract
        // and, at a third of their weight, whole keywords; a linear SVM
        // (squared hinge, C = 1) whose includes together weigh ten times the
        // excludes.
        let default = Config {
            features: FeatureConfig {
                keyword_weight: 0.3,
                ..FeatureConfig::default()
            },
            // At most two passes of coordinate descent a step: each step
            // starts from the last solution, so the model keeps converging
            // over the steps, in a fraction of the time and with the same
            // ranking quality (docs/screening-model.md).
            classifier: Params {
                ratio: 10.0,
                max_passes: 2,
                ..Params::default()
            },
            pseudo_negatives: 0,
            pseudo_weight: 0.1,
            // While fewer than ten includes are known, every tenth pick is
            // random: a hedge against a model stuck on the one kind of
            // include it has seen, at no measurable cost on the labelled
            // reviews (docs/screening-model.md).
            explore_until: 10,
            random_every: 10,
            random_order: false,
        };
        match self {
            Model::Default => default,
            // ASReview's default (ELAS u4) rebuilt: title and abstract only,
            // every term kept (no stop words, numbers, rare terms), C = 0.11,
            // includes weighing 9.8 times the excludes.
            Model::Svm => Config {
                features: FeatureConfig {
                    keywords: false,
                    stop_words: false,
                    numbers: true,
                    min_df: 1,
                    max_df: 0.95,
                    ..FeatureConfig::default()
                },
                classifier: Params {
                    c: 0.11,
                    ratio: 9.8,
                    ..Params::default()
                },
                ..default
            },
            Model::Logistic => Config {
                classifier: Params {
                    kind: Kind::Logistic,
                    ..default.classifier.clone()
                },
                ..default
            },
            // Multinomial naive Bayes (α = 3.822, ASReview's), classes
            // weighed equally, on the default's features.
            Model::NaiveBayes => Config {
                classifier: Params {
                    kind: Kind::NaiveBayes,
                    ..Params::default()
                },
                ..default
            },
            Model::Random => Config {
                random_order: true,
                ..default
            },
        }
    }
}
