//! A glance at an appraisal's answers: is each given exactly as its item's
//! scale has it? Every file litrev writes holds its answers so, and then
//! reading them in full ([`super::rules`]) respells none and, for an
//! appraisal with every required item answered and no overall recorded,
//! finds nothing. A glance tells that from a look at each answer's text
//! against its scale's words, where reading it in full also trims, folds,
//! looks up synonyms and makes each answer anew: at 200 000 appraisals that
//! never repeat, the check every load makes and the respelling `appraisal`
//! asks for were most of their cost.
//!
//! A glance only ever answers what reading in full would: whenever it is
//! not sure (an answer it would have to trim, fold or parse, an item it
//! does not know, an overall recorded) it says so, and the appraisal is
//! read in full.

use super::answer::Appraisal;
use super::answers::Given;
use super::instrument::{Instrument, ItemScale, LevelName, nothing_to_trim};

/// An item's scale as a glance reads it.
#[derive(Debug)]
enum Plain {
    /// Each word's canonical spelling, and whether it is the best answer
    /// (level good: a screening question answered otherwise is flagged).
    Words(Box<[(Box<str>, bool)]>),
    Range(i64, i64),
    Text,
    /// No scale declared: every answer is read in full.
    Undeclared,
}

/// Every item's scale as a glance reads it, in the instrument's order, and
/// which items must be answered: made once per instrument.
#[derive(Debug)]
pub(super) struct Plains {
    items: Box<[Plain]>,
    /// A bit per required item; `None` for an instrument of more items
    /// than a mask holds (then every appraisal is read in full).
    required: Option<u128>,
}

impl Plains {
    fn of(inst: &Instrument) -> Plains {
        let items = inst
            .items
            .iter()
            .map(|it| match inst.scale_of(it) {
                Some(ItemScale::Words(w)) => Plain::Words(
                    w.iter()
                        .map(|w| (w.word.as_str().into(), w.level == LevelName::Good))
                        .collect(),
                ),
                Some(ItemScale::Range(lo, hi)) => Plain::Range(lo, hi),
                Some(ItemScale::Text) => Plain::Text,
                None => Plain::Undeclared,
            })
            .collect();
        let required = (inst.items.len() <= 128).then(|| {
            inst.items
                .iter()
                .enumerate()
                .filter(|(_, it)| !it.optional)
                .fold(0u128, |m, (i, _)| m | 1 << i)
        });
        Plains { items, required }
    }

    /// True when `given`, the answer to the instrument's `at`th item, is on
    /// its scale exactly as written, so that reading it in full gives it
    /// back unchanged; and for a screening question (`screening`), its
    /// best answer. False when it is not, or a glance cannot tell.
    fn as_given(&self, at: usize, given: Given<'_>, screening: bool) -> bool {
        match (self.items.get(at), given) {
            (Some(Plain::Words(words)), Given::Text(t)) => {
                nothing_to_trim(t)
                    // The first word so spelt, as reading in full finds it.
                    && words
                        .iter()
                        .find(|(w, _)| **w == *t)
                        .is_some_and(|(_, best)| *best || !screening)
            }
            (Some(Plain::Range(lo, hi)), Given::Int(n)) => (*lo..=*hi).contains(&n),
            (Some(Plain::Text), _) => true,
            _ => false,
        }
    }
}

/// The instrument's [`Plains`], made when first asked for.
fn plains(inst: &Instrument) -> &Plains {
    inst.memo.plains.get_or_init(|| Plains::of(inst))
}

/// Whether an answer to `inst`'s items is on its scale exactly as written
/// (what reading it in full would give back unchanged, and find nothing
/// wrong with): told of the answer to the `at`th item, the scales looked
/// up once for many answers.
pub(crate) fn answers_as_given(inst: &Instrument) -> impl Fn(usize, Given<'_>) -> bool + '_ {
    let plains = plains(inst);
    move |at, given| {
        let screening = inst.items.get(at).is_some_and(|it| it.screening);
        plains.as_given(at, given, screening)
    }
}

/// The place among the scale's words of `t`, the answer to `inst`'s `at`th
/// item, where it is given exactly as a word of the scale (the first so
/// spelt, as reading it in full finds); `None` where a glance cannot tell.
pub(crate) fn word_at(inst: &Instrument, at: usize, t: &str) -> Option<usize> {
    let Some(Plain::Words(words)) = plains(inst).items.get(at) else {
        return None;
    };
    nothing_to_trim(t).then(|| words.iter().position(|(w, _)| **w == *t))?
}

/// What a glance at `a`'s answers tells: `None` when some answer needs
/// reading in full; else every answer is on its scale as written (none is
/// respelt), and `Some(true)` when, besides, reading `a` in full finds
/// nothing: every required item answered, the category one of the
/// instrument's (where it has categories), no note on an unknown item and
/// no overall recorded. `Some(false)`: not known to find nothing.
pub(crate) fn glance(inst: &Instrument, a: &Appraisal) -> Option<bool> {
    let plains = plains(inst);
    let mut answered = 0u128;
    // Answers mostly come in the items' order, as reading in full looks
    // for them.
    let mut next = 0;
    for (id, given) in a.answers.given() {
        let (at, item) = inst.item_from(id, next)?;
        next = at + 1;
        if !plains.as_given(at, given, item.screening) {
            return None;
        }
        if at < 128 {
            answered |= 1 << at;
        }
    }
    let clean = plains.required.is_some_and(|r| answered & r == r)
        && (inst.categories.is_empty() || a.category.is_some_and(|c| inst.categories.contains(&c)))
        && a.overall.is_none()
        && a.notes.iter().all(|(id, _)| inst.item(id).is_some());
    Some(clean)
}

#[cfg(test)]
#[path = "glance_tests.rs"]
mod tests;
