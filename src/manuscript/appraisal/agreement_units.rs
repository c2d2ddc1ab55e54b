//! The units reviewers share: each study's units (instrument, MMAT
//! category, outcome) two or more reviewers appraised, each appraisal read
//! once against the instrument, gathered on every core.

use std::borrow::Cow;

use crate::appraisal::instrument::{Instrument, Ordinal};
use crate::appraisal::memo::{ItemRead, Items};
use crate::appraisal::rules::verdict;
use crate::appraisal::{Answer, Appraisal, Judgement, Unit, Word};
use crate::model::Study;

/// One unit of one study with each reviewer's appraisal of it.
pub(super) struct Shared<'a> {
    pub(super) study: &'a Study,
    pub(super) unit: Unit,
    /// (reviewer, appraisal); a reviewer's second appraisal of one unit (a
    /// `check` error) is not compared.
    pub(super) by: Vec<(&'a str, &'a Appraisal)>,
    /// Each of `by`'s overall judgement as compared ([`overall_of`]) and
    /// its answers as read, worked out once.
    pub(super) read: Vec<(Option<Word>, Items<'a>)>,
}

/// A categorical answer as compared: its canonical word (or number) and
/// its place on an ordinal scale.
#[derive(Clone)]
pub(super) struct Read<'s> {
    /// Borrowed from what the instrument or the unit keeps, but for a
    /// number.
    pub(super) word: Cow<'s, str>,
    pub(super) ordinal: Ordinal,
}

/// The answer of `by`'s `k`th appraisal to the instrument's `i`th item:
/// `None` where none is given, the answer as written where it is off the
/// item's scale.
pub(super) fn read<'s>(s: &'s Shared, k: usize, i: usize) -> Option<Result<Read<'s>, &'s str>> {
    Some(match s.read[k].1.get(i)? {
        ItemRead::On(c, ordinal) => Ok(Read {
            ordinal: *ordinal,
            word: match c {
                Answer::Text(w) => Cow::Borrowed(w.as_str()),
                Answer::Int(n) => Cow::Owned(n.to_string()),
            },
        }),
        ItemRead::Off(given) => Err(given.as_str()),
    })
}

/// The overall judgement of a finished appraisal, as compared, and its
/// answers as read (of a verdict read afresh, nothing more is kept: at
/// 200 000 appraisals that never repeat, the rest was most of the memory).
fn overall_of<'i>(inst: &'i Instrument, a: &'i Appraisal) -> (Option<Word>, Items<'i>) {
    // As `state::finished` and then the judgement: both read from what the
    // instrument remembers of these answers.
    let v = verdict(inst, a);
    // Every item is compared: read first, they also say what is answered.
    v.items();
    // The judgement's level alone is compared: read without making it.
    let overall = v
        .answered()
        .then(|| Judgement::level_of_verdict(&v).map(Word::from))
        .flatten();
    (overall, v.into_items())
}

/// The units of `studies` two or more reviewers appraised with `inst`,
/// each appraisal read (on every core), and every reviewer, sorted.
pub(super) fn shared_units<'a>(
    inst: &'a Instrument,
    studies: &[&'a Study],
) -> (Vec<Shared<'a>>, Vec<String>) {
    use crate::text::threads::{AT_LEAST, threads};
    shared_units_on(inst, studies, (threads(), AT_LEAST))
}

/// [`shared_units`], the appraisals read in runs of at least `at_least`
/// units on `threads` threads (tests split a few units).
pub(super) fn shared_units_on<'a>(
    inst: &'a Instrument,
    studies: &[&'a Study],
    (threads, at_least): (usize, usize),
) -> (Vec<Shared<'a>>, Vec<String>) {
    use crate::text::threads::{joined, runs_on};
    let (mut shared, reviewers) = gathered(inst, studies);
    // What each appraisal comes to and its overall judgement, once and on
    // every core: every pair of reviewers and the disagreements compare
    // them.
    let read = runs_on(&shared, threads, at_least, |run| {
        run.iter()
            .map(|s| {
                s.by.iter()
                    .map(|(_, a)| overall_of(inst, a))
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    });
    for (s, r) in shared.iter_mut().zip(joined(read)) {
        s.read = r;
    }
    let mut reviewers: Vec<String> = reviewers.into_iter().map(str::to_string).collect();
    reviewers.sort();
    (shared, reviewers)
}

/// The units of `studies` two or more reviewers appraised, their
/// appraisals not yet read, and the reviewers, unsorted. On one core: the
/// units gathered on several, each in a heap of its own, held some
/// megabytes more at 100 000 studies for no time saved.
fn gathered<'a>(inst: &'a Instrument, studies: &[&'a Study]) -> (Vec<Shared<'a>>, Vec<&'a str>) {
    // Room for a unit a study, as most have: grown where studies have more
    // than one, never copied while it fills otherwise.
    let mut shared: Vec<Shared> = Vec::with_capacity(studies.len());
    let mut reviewers: Vec<&str> = Vec::new();
    for s in studies {
        // This study's units are the last ones pushed.
        let from = shared.len();
        let mine = s
            .appraisals
            .iter()
            .filter(|a| a.instrument == inst.name && !a.is_consensus());
        for a in mine {
            if !reviewers.contains(&a.reviewer.as_str()) {
                reviewers.push(a.reviewer.as_str());
            }
            let unit = a.unit();
            let entry = match shared[from..].iter().position(|x| x.unit == unit) {
                Some(i) => &mut shared[from + i],
                None => {
                    shared.push(Shared {
                        study: s,
                        unit,
                        // Room for two reviewers, as most units have.
                        by: Vec::with_capacity(2),
                        read: Vec::new(),
                    });
                    let last = shared.len() - 1;
                    &mut shared[last]
                }
            };
            if !entry.by.iter().any(|(r, _)| *r == a.reviewer) {
                entry.by.push((a.reviewer.as_str(), a));
            }
        }
    }
    shared.retain(|s| s.by.len() >= 2);
    (shared, reviewers)
}

#[cfg(test)]
#[path = "agreement_units_tests.rs"]
mod tests;
