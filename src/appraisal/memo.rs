//! What an appraisal's answers come to, worked out once per distinct set
//! of answers. A finished review of 100 000 studies holds 200 000
//! appraisals, and every command that counts, checks or lists them reads
//! each against its instrument (every answer against its scale, the rule,
//! the floor, the words of the judgement). Real appraisals repeat: a RoB 2
//! appraisal is five answers of three levels, so a review's 200 000 hold a
//! few hundred distinct sets. Each instrument remembers what the first of a
//! set came to, and every later appraisal with the same answers reads it.
//!
//! What is remembered depends on nothing but the key (see [`Key`]): the
//! reviewer's name (in messages) and the item notes (findings of their
//! own) are left out of it, and of what is remembered. An instrument is
//! read-only once parsed, so what it remembers never goes stale; a copy of
//! an instrument starts with nothing remembered.

use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::OnceLock;

use super::answer::{Answer, Appraisal};
use super::answers::Answers;
use super::instrument::Ordinal;
use super::rules::Assessed;
use crate::text::Word;

/// At most this many distinct appraisals are remembered per instrument:
/// a review whose appraisals hardly repeat (free-text answers) reads each
/// as before, in bounded memory.
const SLOTS: usize = 4096;

/// Everything about an appraisal that what it comes to depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    answers: Answers,
    category: Option<i64>,
    overall: Option<Word>,
}

impl Key {
    fn same(&self, a: &Appraisal) -> bool {
        self.answers == a.answers && self.category == a.category && self.overall == a.overall
    }
}

/// What one set of answers comes to against its instrument.
#[derive(Debug)]
pub struct Verdict {
    /// [`super::assess`]'s result without its findings (see `clean`).
    pub assessed: Assessed,
    /// No finding but, possibly, about item notes: nothing to report.
    pub clean: bool,
    /// No error among the findings (warnings only).
    pub usable: bool,
    /// Every required item answered within its scale and the category
    /// given, or only the overall recorded ([`super::state::answered`]).
    pub answered: bool,
    /// The answers in file order, each in its canonical spelling where it
    /// is on its item's scale ("Some concerns" → "some-concerns"), else as
    /// written.
    pub canonical: Answers,
    /// The answer to each of the instrument's items (in its order), as
    /// read against the item's scale; `None` where none is given.
    pub items: Box<[Option<ItemRead>]>,
    /// The judgement of the appraisal, worked out when first asked for.
    pub(super) judgement: OnceLock<Option<super::Judgement>>,
}

/// An answer read against its item's scale.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemRead {
    /// On the scale: the answer in its canonical spelling and its place on
    /// an ordinal scale.
    On(Answer, Ordinal),
    /// Off the scale: the answer as written.
    Off(String),
}

/// A verdict: the one the instrument remembers, or one read afresh (when
/// its table is full).
#[derive(Debug)]
pub enum Held<'i> {
    /// The instrument's own, for as long as the instrument lives: its
    /// address tells it apart from every other remembered verdict.
    Kept(&'i Verdict),
    Own(Box<Verdict>),
}

impl std::ops::Deref for Held<'_> {
    type Target = Verdict;
    fn deref(&self) -> &Verdict {
        match self {
            Held::Kept(v) => v,
            Held::Own(v) => v,
        }
    }
}

/// How far from its hash's slot a set of answers is looked for.
const PROBES: usize = 16;

/// One set of answers and what it comes to, filled once.
type Slot = OnceLock<(Key, Verdict)>;

/// The verdicts an instrument has worked out (see the module's text): a
/// table of [`SLOTS`] slots, each filled once and never emptied, so that
/// looking up takes no lock (every core reads the table at once) and a
/// verdict lives as long as its instrument.
#[derive(Default)]
pub struct Memo {
    hash: RandomState,
    /// Made when first used: most instruments of a review are never used.
    slots: OnceLock<Box<[Slot]>>,
}

impl Memo {
    /// What `a` comes to: remembered, or worked out by `work` (and
    /// remembered while a slot near its hash's is free).
    pub fn verdict(&self, a: &Appraisal, work: impl Fn() -> Verdict) -> Held<'_> {
        let mut h = self.hash.build_hasher();
        std::hash::Hash::hash(&a.answers, &mut h);
        std::hash::Hash::hash(&a.category, &mut h);
        std::hash::Hash::hash(&a.overall, &mut h);
        let at = h.finish() as usize;
        let slots = self
            .slots
            .get_or_init(|| (0..SLOTS).map(|_| OnceLock::new()).collect());
        for i in 0..PROBES {
            // A free slot is filled with these answers (on one core at a
            // time: another core filling it waits, then reads it).
            let (key, v) = slots[(at + i) % SLOTS].get_or_init(|| {
                let key = Key {
                    answers: a.answers.clone(),
                    category: a.category,
                    overall: a.overall.clone(),
                };
                (key, work())
            });
            if key.same(a) {
                return Held::Kept(v);
            }
        }
        // Nothing near its slot is free: read afresh, not remembered.
        Held::Own(Box::new(work()))
    }

    /// How many verdicts are remembered.
    #[cfg(test)]
    pub fn remembered(&self) -> usize {
        self.slots
            .get()
            .map_or(0, |s| s.iter().filter(|x| x.get().is_some()).count())
    }
}

/// A copy of an instrument starts with nothing remembered.
impl Clone for Memo {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

/// What an instrument remembers is no part of what it is.
impl PartialEq for Memo {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

#[cfg(test)]
#[path = "memo_tests.rs"]
mod tests;
