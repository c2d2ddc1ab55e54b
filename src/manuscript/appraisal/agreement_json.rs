//! [`Agreement`] written as JSON with its disagreements made as they are
//! written: a review whose reviewers differ on a million answers never
//! holds them all (at 100 000 studies with appraisals that never repeat,
//! the list was most of the command's memory).

use serde::{Serialize, Serializer};

use super::{Agreement, Disagreement, LISTED_AT_ONCE, Shared, disagreements_of, figures};
use crate::appraisal::Instrument;
use crate::manuscript::appraisal::kappa::{Fleiss, Kappa};
use crate::model::Study;

use super::{Group, LeftOut, Pair};

/// Agreement on one instrument, serialized exactly as [`Agreement`] is,
/// the disagreements made a block of units at a time on every core while
/// they are written.
pub struct Streamed<'a> {
    inst: &'a Instrument,
    /// Units whose disagreements are made at once.
    at_once: usize,
    shared: Vec<Shared<'a>>,
    /// Every figure; its `disagreements` empty.
    figures: Agreement,
}

/// [`super::agreement`] of `inst` over `studies`, to be written as JSON.
pub fn streamed<'a>(inst: &'a Instrument, studies: &[&'a Study]) -> Streamed<'a> {
    streamed_by(inst, studies, LISTED_AT_ONCE)
}

/// [`streamed`], the disagreements of `at_once` units made at a time.
pub(super) fn streamed_by<'a>(
    inst: &'a Instrument,
    studies: &[&'a Study],
    at_once: usize,
) -> Streamed<'a> {
    let (shared, reviewers) = super::shared_units(inst, studies);
    let double: Vec<&Shared> = shared.iter().collect();
    let figures = figures(inst, &double, reviewers);
    Streamed {
        inst,
        at_once: at_once.max(1),
        shared,
        figures,
    }
}

/// The fields of [`Agreement`] in its order, as its derived `Serialize`
/// writes them, the disagreements any sequence.
#[derive(Serialize)]
struct Fields<'x, D: Serialize> {
    instrument: &'x str,
    reviewers: &'x [String],
    pair: &'x [String],
    studies: usize,
    #[serde(flatten)]
    pooled: &'x Kappa,
    weighted_linear: Option<f64>,
    weighted_quadratic: Option<f64>,
    weighted_compared: usize,
    weighted_left_out: usize,
    overall: &'x Kappa,
    items: &'x [(String, Kappa)],
    pairs: &'x [Pair],
    fleiss: &'x Option<Fleiss>,
    groups: &'x [Group],
    disagreements: D,
    problems: &'x [LeftOut],
}

/// The disagreements of every unit, made as they are written.
struct Lazily<'x, 'a> {
    inst: &'a Instrument,
    at_once: usize,
    shared: &'x [Shared<'a>],
    reviewers: &'x [String],
}

impl Serialize for Lazily<'_, '_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use crate::text::threads::{joined, runs};
        let double: Vec<&Shared> = self.shared.iter().collect();
        ser.collect_seq(double.chunks(self.at_once).flat_map(|block| {
            let made: Vec<Disagreement> = joined(runs(block, |run| {
                disagreements_of(self.inst, run, self.reviewers)
            }));
            made
        }))
    }
}

impl Serialize for Streamed<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        // Every field named: one added to `Agreement` must be added here.
        let Agreement {
            instrument,
            reviewers,
            pair,
            studies,
            pooled,
            weighted_linear,
            weighted_quadratic,
            weighted_compared,
            weighted_left_out,
            overall,
            items,
            pairs,
            fleiss,
            groups,
            disagreements: _,
            problems,
        } = &self.figures;
        Fields {
            instrument,
            reviewers,
            pair,
            studies: *studies,
            pooled,
            weighted_linear: *weighted_linear,
            weighted_quadratic: *weighted_quadratic,
            weighted_compared: *weighted_compared,
            weighted_left_out: *weighted_left_out,
            overall,
            items,
            pairs,
            fleiss,
            groups,
            disagreements: Lazily {
                inst: self.inst,
                at_once: self.at_once,
                shared: &self.shared,
                reviewers,
            },
            problems,
        }
        .serialize(ser)
    }
}
