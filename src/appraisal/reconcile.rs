//! Reconciling reviewers: their answers side by side, item by item, and the
//! consensus appraisal made from the answers chosen. The interface shows
//! [`side_by_side`]; [`with_consensus`] gives the study's appraisals to save
//! through the session (one undoable change).

use crate::appraisal::instrument::Instrument;
use crate::appraisal::rules::canonical_answer;
use crate::appraisal::{Answer, Appraisal};

/// One item with each reviewer's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    pub item: String,
    pub prompt: String,
    /// (reviewer, canonical answer or `None` when unanswered), in file order.
    pub answers: Vec<(String, Option<Answer>)>,
    /// True when the reviewers' answers differ.
    pub differs: bool,
}

/// The non-consensus appraisals of a study (`appraisals`) with `inst`,
/// side by side.
pub fn side_by_side(inst: &Instrument, appraisals: &[Appraisal]) -> Vec<ItemRow> {
    let raters: Vec<&Appraisal> = appraisals
        .iter()
        .filter(|a| a.instrument == inst.name && !a.is_consensus())
        .collect();
    inst.items
        .iter()
        .map(|it| {
            let answers: Vec<(String, Option<Answer>)> = raters
                .iter()
                .map(|a| {
                    let ans = a.answer(&it.id).map(|given| {
                        canonical_answer(inst, &it.id, given).unwrap_or_else(|| given.clone())
                    });
                    (a.reviewer.clone(), ans)
                })
                .collect();
            let differs = answers.windows(2).any(|w| w[0].1 != w[1].1);
            ItemRow {
                item: it.id.clone(),
                prompt: it.prompt.clone(),
                answers,
                differs,
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

/// A study's `appraisals` with a consensus appraisal of `inst` holding
/// `answers` (in the instrument's item order), `overall` and `comment`; an
/// existing consensus of that instrument is replaced, the reviewers' own
/// are kept.
pub fn with_consensus(
    inst: &Instrument,
    appraisals: &[Appraisal],
    answers: Vec<(String, Answer)>,
    overall: Option<String>,
    comment: Option<String>,
) -> Vec<Appraisal> {
    let mut ordered: Vec<(String, Answer)> = Vec::new();
    for it in &inst.items {
        if let Some((_, a)) = answers.iter().find(|(k, _)| *k == it.id) {
            ordered.push((it.id.clone(), a.clone()));
        }
    }
    let consensus = Appraisal {
        instrument: inst.name.clone(),
        reviewer: "consensus".into(),
        category: appraisals
            .iter()
            .find(|a| a.instrument == inst.name)
            .and_then(|a| a.category),
        answers: ordered,
        overall,
        comment,
        notes: Vec::new(),
    };
    let mut out = appraisals.to_vec();
    match out
        .iter_mut()
        .find(|a| a.is_consensus() && a.instrument == inst.name)
    {
        Some(a) => *a = consensus,
        None => out.push(consensus),
    }
    out
}
