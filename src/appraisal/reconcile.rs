//! Reconciling reviewers: their answers side by side, item by item, and the
//! consensus appraisal made from the answers chosen. The interface shows
//! [`side_by_side`]; [`with_consensus`] gives the study's appraisals to save
//! through the session (one undoable change).

use crate::appraisal::instrument::{Instrument, ItemScale};
use crate::appraisal::rules::canonical_answer;
use crate::appraisal::{Answer, Answers, Appraisal, Unit};

/// One item with each reviewer's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    pub item: String,
    pub prompt: String,
    /// (reviewer, canonical answer or `None` when unanswered), in file order.
    pub answers: Vec<(String, Option<Answer>)>,
    /// Each reviewer's comment on the item (`notes`), in the same order.
    pub notes: Vec<Option<String>>,
    /// True when the reviewers' answers differ.
    pub differs: bool,
    /// Nothing need be decided here: an optional item, or a free-text one
    /// no reviewer answered.
    pub optional: bool,
}

/// The reviewers' own appraisals of `unit` among a study's `appraisals`.
pub fn raters<'a>(unit: &Unit, appraisals: &'a [Appraisal]) -> Vec<&'a Appraisal> {
    appraisals
        .iter()
        .filter(|a| a.unit() == *unit && !a.is_consensus())
        .collect()
}

/// The reviewers' appraisals of `unit` (with `inst`), side by side.
pub fn side_by_side(inst: &Instrument, unit: &Unit, appraisals: &[Appraisal]) -> Vec<ItemRow> {
    let raters = raters(unit, appraisals);
    inst.items
        .iter()
        .map(|it| {
            let answers: Vec<(String, Option<Answer>)> = raters
                .iter()
                .map(|a| {
                    let ans = a
                        .answer(&it.id)
                        .map(|given| canonical_answer(inst, &it.id, &given).unwrap_or(given));
                    (a.reviewer.to_string(), ans)
                })
                .collect();
            let differs = answers.windows(2).any(|w| w[0].1 != w[1].1);
            let text = matches!(inst.scale_of(it), Some(ItemScale::Text));
            let blank = answers.iter().all(|(_, a)| a.is_none());
            ItemRow {
                item: it.id.clone(),
                prompt: it.prompt_for(unit.category).to_string(),
                notes: raters
                    .iter()
                    .map(|a| a.note(&it.id).map(str::to_string))
                    .collect(),
                answers,
                differs,
                optional: it.optional || (text && blank),
            }
        })
        .collect()
}

/// The answers the reviewers agree on (every item where all answered alike);
/// the starting point of a consensus.
pub fn agreed(rows: &[ItemRow]) -> Vec<(String, Answer)> {
    rows.iter()
        .filter(|r| !r.differs)
        .filter_map(|r| Some((r.item.clone(), r.answers.first()?.1.clone()?)))
        .collect()
}

/// A study's `appraisals` with a consensus appraisal of `unit` (with
/// `inst`) holding `answers` (in the instrument's item order), `overall` and
/// `comment`; an existing consensus of that unit is replaced, the reviewers'
/// own are kept.
pub fn with_consensus(
    inst: &Instrument,
    unit: &Unit,
    appraisals: &[Appraisal],
    answers: Vec<(String, Answer)>,
    overall: Option<String>,
    comment: Option<String>,
) -> Vec<Appraisal> {
    let ordered: Answers = inst
        .items
        .iter()
        .filter_map(|it| {
            let (_, a) = answers.iter().find(|(k, _)| *k == it.id)?;
            Some((it.id.as_str(), a.clone()))
        })
        .collect();
    let consensus = Appraisal {
        instrument: inst.name.as_str().into(),
        reviewer: "consensus".into(),
        category: unit.category,
        outcome: appraisals
            .iter()
            .find(|a| a.unit() == *unit)
            .and_then(|a| a.outcome.clone()),
        answers: ordered,
        overall: overall.map(Into::into),
        comment,
        notes: Vec::new(),
    };
    let mut out = appraisals.to_vec();
    match out
        .iter_mut()
        .find(|a| a.is_consensus() && a.unit() == *unit)
    {
        Some(a) => *a = consensus,
        None => out.push(consensus),
    }
    out
}
