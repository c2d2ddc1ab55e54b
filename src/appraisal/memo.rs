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

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};
use std::sync::{Arc, OnceLock, RwLock};

use super::answer::{Answer, Appraisal};
use super::answers::Answers;
use super::instrument::Ordinal;
use super::rules::Assessed;
use crate::text::Word;

/// At most this many distinct appraisals are remembered per instrument:
/// a review whose appraisals hardly repeat (free-text answers) reads each
/// as before, in bounded memory.
const KEEP: usize = 4096;

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

/// The hashes are made by [`Memo`] itself: the map takes them as they are.
#[derive(Default)]
struct AsIs(u64);

impl Hasher for AsIs {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Buckets = HashMap<u64, Vec<(Key, Arc<Verdict>)>, BuildHasherDefault<AsIs>>;

/// The verdicts an instrument has worked out (see the module's text).
#[derive(Default)]
pub struct Memo {
    hash: RandomState,
    seen: RwLock<(Buckets, usize)>,
}

impl Memo {
    /// What `a` comes to: remembered, or worked out by `work` (and
    /// remembered while there is room).
    pub fn verdict(&self, a: &Appraisal, work: impl FnOnce() -> Verdict) -> Arc<Verdict> {
        let mut h = self.hash.build_hasher();
        std::hash::Hash::hash(&a.answers, &mut h);
        std::hash::Hash::hash(&a.category, &mut h);
        std::hash::Hash::hash(&a.overall, &mut h);
        let h = h.finish();
        let found = |seen: &(Buckets, usize)| {
            seen.0
                .get(&h)?
                .iter()
                .find(|(k, _)| k.same(a))
                .map(|(_, v)| Arc::clone(v))
        };
        // A poisoned lock only means another thread panicked while holding
        // it; what it holds is whole (every insert is one push).
        if let Some(v) = found(&self.seen.read().unwrap_or_else(|e| e.into_inner())) {
            return v;
        }
        let v = Arc::new(work());
        let mut seen = self.seen.write().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = found(&seen) {
            return v;
        }
        if seen.1 < KEEP {
            let key = Key {
                answers: a.answers.clone(),
                category: a.category,
                overall: a.overall.clone(),
            };
            seen.0.entry(h).or_default().push((key, Arc::clone(&v)));
            seen.1 += 1;
        }
        v
    }

    /// How many verdicts are remembered.
    #[cfg(test)]
    pub fn remembered(&self) -> usize {
        self.seen.read().map_or(0, |s| s.1)
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
