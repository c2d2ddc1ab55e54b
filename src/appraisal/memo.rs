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

use std::borrow::Cow;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use super::answer::{Answer, Appraisal};
use super::answers::{Answers, Given};
use super::instrument::{Instrument, Item, ItemScale, Ordinal, canonical};
use super::rules::{Assessed, Place, canonical_on};
use crate::text::Word;

/// At most this many distinct appraisals are remembered per instrument:
/// a review whose appraisals hardly repeat (free-text answers) reads each
/// as before, in bounded memory.
pub(crate) const SLOTS: usize = 4096;

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

/// What one set of answers comes to against its instrument, each part
/// worked out when first asked for (by whichever core asks first), so that
/// an appraisal read afresh costs what its reader asks of it and no more.
#[derive(Debug, Default)]
pub struct Verdict {
    assessment: OnceLock<Assessment>,
    answered: OnceLock<bool>,
    /// `None`: every answer is in its canonical spelling already (as in
    /// every file litrev writes), so the answers as given are read.
    canonical: OnceLock<Option<Answers>>,
    items: OnceLock<ItemsRead>,
    pub(super) judgement: OnceLock<Option<super::Judgement>>,
}

/// [`super::assess`]'s result without its findings' words.
#[derive(Debug)]
struct Assessment {
    assessed: Assessed,
    clean: bool,
    usable: bool,
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

/// The answer to each of an instrument's items (in its order), as read
/// against the item's scale, as a verdict keeps it.
#[derive(Debug)]
enum ItemsRead {
    /// Every answer given a word of its item's scale: a byte an item, 0
    /// where none is given, else 1 and the word's place among its scale's
    /// words (as [`words_read`] reads them). At 200 000 appraisals that
    /// never repeat, a small part of what [`ItemsRead::Read`] takes.
    Words(Box<[u8]>),
    /// Each answer as read.
    Read(Box<[Option<ItemRead>]>),
}

/// The answer to each of an instrument's items (in its order), as read
/// against the item's scale ([`Held::items`]): a verdict's, or taken from
/// it ([`Held::into_items`]).
#[derive(Debug)]
pub enum Items<'i> {
    /// See [`ItemsRead::Words`]; `words` is [`words_read`]'s.
    Words(Cow<'i, [u8]>, &'i [ScaleRead]),
    Read(Cow<'i, [Option<ItemRead>]>),
}

impl<'i> Items<'i> {
    /// The answer to the instrument's `i`th item as read; `None` where none
    /// is given.
    pub fn get(&self, i: usize) -> Option<&ItemRead> {
        match self {
            Items::Read(x) => x.get(i)?.as_ref(),
            Items::Words(codes, words) => {
                let code = usize::from(*codes.get(i)?);
                words.get(i)?.as_ref()?.get(code.checked_sub(1)?)
            }
        }
    }

    /// True where both are every item's word of its scale (or none), the
    /// same words of the same instrument: every item then reads alike.
    pub fn same_words(&self, other: &Items) -> bool {
        match (self, other) {
            (Items::Words(a, wa), Items::Words(b, wb)) => std::ptr::eq(*wa, *wb) && a == b,
            _ => false,
        }
    }

    /// What a verdict keeps, seen through `inst`'s words.
    fn of(read: &'i ItemsRead, inst: &'i Instrument) -> Items<'i> {
        match read {
            ItemsRead::Words(codes) => Items::Words(Cow::Borrowed(codes), words_read(inst)),
            ItemsRead::Read(x) => Items::Read(Cow::Borrowed(x)),
        }
    }
}

/// An item's scale words as read (`None`: its scale is not of words).
pub type ScaleRead = Option<Box<[ItemRead]>>;

/// Each of `inst`'s items' scale words as read ([`ItemRead::On`], in the
/// scale's order), `None` for an item whose scale is not of words: what
/// [`Items::Words`] stands for. Made once per instrument.
pub fn words_read(inst: &Instrument) -> &[ScaleRead] {
    inst.memo.words.get_or_init(|| {
        inst.items
            .iter()
            .map(|it| match inst.scale_of(it)? {
                ItemScale::Words(words) => Some(
                    words
                        .iter()
                        .map(|w| {
                            let c = Answer::Text(w.word.as_str().into());
                            let ordinal = inst.ordinal(it, &c);
                            ItemRead::On(c, ordinal)
                        })
                        .collect(),
                ),
                _ => None,
            })
            .collect()
    })
}

/// What an appraisal comes to against its instrument: the verdict the
/// instrument remembers for its answers, or one read afresh (when no slot
/// is free for them), with the instrument and the appraisal it is read
/// from.
#[derive(Debug)]
pub struct Held<'i> {
    verdict: Kept<'i>,
    pub(super) inst: &'i Instrument,
    pub(super) a: &'i Appraisal,
}

#[derive(Debug)]
enum Kept<'i> {
    /// The instrument's own, for as long as the instrument lives.
    Kept(&'i Verdict),
    Own(Box<Verdict>),
}

impl<'i> Held<'i> {
    /// What `a` comes to against `inst`.
    pub fn of(inst: &'i Instrument, a: &'i Appraisal) -> Held<'i> {
        let verdict = match inst.memo.find(a) {
            Some(v) => Kept::Kept(v),
            None => Kept::Own(Box::default()),
        };
        Held { verdict, inst, a }
    }

    fn v(&self) -> &Verdict {
        match &self.verdict {
            Kept::Kept(v) => v,
            Kept::Own(v) => v,
        }
    }

    /// The address of the instrument's own verdict, the same for every
    /// appraisal with these answers for as long as the instrument lives;
    /// `None` for one read afresh.
    pub fn kept(&self) -> Option<*const Verdict> {
        match &self.verdict {
            Kept::Kept(v) => Some(*v),
            Kept::Own(_) => None,
        }
    }

    fn assessment(&self) -> &Assessment {
        self.v().assessment.get_or_init(|| {
            let (assessed, as_given) = super::rules::assess_noting(self.inst, self.a);
            self.kept_as(assessed, as_given)
        })
    }

    /// What the verdict keeps of `assessed`, and of `as_given` (every
    /// answer in its canonical spelling already).
    fn kept_as(&self, mut assessed: Assessed, as_given: bool) -> Assessment {
        // Read every answer against its scale, it has learnt what
        // `canonical` would: nothing to respell (set once: the same
        // whoever sets it).
        if as_given {
            let _ = self.v().canonical.set(None);
        }
        let found = std::mem::take(&mut assessed.findings);
        Assessment {
            assessed,
            // Findings about notes are the notes', not the answers'.
            clean: found.iter().all(|f| matches!(f.place, Place::Note(_))),
            usable: !found.iter().any(|f| !f.warning),
        }
    }

    /// [`super::assess`]'s result without its findings (see `clean`).
    pub fn assessed(&self) -> &Assessed {
        &self.assessment().assessed
    }

    /// No finding but, possibly, about item notes: nothing to report.
    pub fn clean(&self) -> bool {
        self.assessment().clean
    }

    /// No error among the findings (warnings only).
    pub fn usable(&self) -> bool {
        self.assessment().usable
    }

    /// Every required item answered within its scale and the category
    /// given, or only the overall recorded ([`super::state::answered`]).
    pub fn answered(&self) -> bool {
        *self.v().answered.get_or_init(|| {
            let (inst, a) = (self.inst, self.a);
            // The items already read say what is answered on its scale.
            let Some(read) = self.v().items.get() else {
                return super::state::answered(inst, a);
            };
            let items = Items::of(read, inst);
            let overall_only = a.answers.is_empty() && a.overall.is_some();
            let category = inst.categories.is_empty()
                || a.category.is_some_and(|c| inst.categories.contains(&c));
            let done = inst
                .items
                .iter()
                .enumerate()
                .all(|(i, it)| it.optional || matches!(items.get(i), Some(ItemRead::On(..))));
            done && category || overall_only
        })
    }

    /// The answers in file order, each in its canonical spelling where it
    /// is on its item's scale ("Some concerns" → "some-concerns"), else as
    /// written.
    pub fn canonical(&self) -> &Answers {
        let respelt = self.v().canonical.get_or_init(|| {
            // Every answer as its scale spells it (every file litrev
            // writes): nothing to respell, seen at a glance.
            if super::glance::glance(self.inst, self.a).is_some() {
                return None;
            }
            // Answers mostly come in the instrument's order: each item is
            // looked for after the one before it first.
            let respell = |k: &str, v: &Answer, next: &mut usize| {
                let (at, it) = self.inst.item_from(k, *next)?;
                *next = at + 1;
                canonical_on(self.inst, it, v).filter(|c| c != v)
            };
            // Most answers are canonical already: they are looked at
            // first, and copied only when one is not.
            let mut next = 0;
            if !self
                .a
                .answers
                .iter()
                .any(|(k, v)| respell(k, &v, &mut next).is_some())
            {
                return None;
            }
            let mut next = 0;
            Some(
                self.a
                    .answers
                    .mapped(|k, v| respell(k, &v, &mut next).unwrap_or(v)),
            )
        });
        respelt.as_ref().unwrap_or(&self.a.answers)
    }

    /// The answer to each of the instrument's items (in its order), as
    /// read against the item's scale; `None` where none is given.
    pub fn items(&self) -> Items<'_> {
        Items::of(self.v().items.get_or_init(|| self.read_items()), self.inst)
    }

    fn read_items(&self) -> ItemsRead {
        let (inst, a) = (self.inst, self.a);
        // Seen clean at a glance, every answer a word: each word's place,
        // and the judgements on the way (what agreement asks for next).
        if self.v().assessment.get().is_none()
            && let Some((assessed, Some(places))) = super::glance::quick_places(inst, a)
        {
            let _ = self.v().assessment.set(self.kept_as(assessed, true));
            return ItemsRead::Words(places);
        }
        // Each item's first answer, the answers read once in file order
        // (mostly the items'), borrowed.
        let mut given: Vec<Option<Given<'_>>> = vec![None; inst.items.len()];
        let mut next = 0;
        for (k, v) in a.answers.given() {
            if let Some((at, _)) = inst.item_from(k, next) {
                next = at + 1;
                if let Some(slot @ None) = given.get_mut(at) {
                    *slot = Some(v);
                }
            }
        }
        // A word of its item's scale: its place among the scale's words,
        // seen at a glance where it is given as the scale spells it.
        let word_at = |at: usize, it: &Item, given: Given<'_>| {
            let Given::Text(t) = given else {
                return None;
            };
            if let Some(i) = super::glance::word_at(inst, at, t) {
                return Some(i);
            }
            let Some(ItemScale::Words(w)) = inst.scale_of(it) else {
                return None;
            };
            let c = canonical(w, t)?;
            w.iter().position(|x| std::ptr::eq(x, c))
        };
        let code = |(at, (it, given)): (usize, (&Item, &Option<Given<'_>>))| match given {
            None => Some(0),
            Some(g) => u8::try_from(word_at(at, it, *g)? + 1).ok(),
        };
        if let Some(codes) = inst
            .items
            .iter()
            .zip(&given)
            .enumerate()
            .map(code)
            .collect()
        {
            return ItemsRead::Words(codes);
        }
        // Else each read: a word as the instrument's words are read, once
        // ([`words_read`]).
        let words = words_read(inst);
        ItemsRead::Read(
            inst.items
                .iter()
                .zip(given)
                .zip(words)
                .enumerate()
                .map(|(at, ((it, given), read))| {
                    let given = given?;
                    if let Some(read) = read
                        && matches!(inst.scale_of(it), Some(ItemScale::Words(_)))
                    {
                        return Some(match word_at(at, it, given).and_then(|i| read.get(i)) {
                            Some(r) => r.clone(),
                            None => ItemRead::Off(given.owned().to_string()),
                        });
                    }
                    let given = given.owned();
                    Some(match canonical_on(inst, it, &given) {
                        Some(c) => ItemRead::On(c.clone(), inst.ordinal(it, &c)),
                        None => ItemRead::Off(given.to_string()),
                    })
                })
                .collect(),
        )
    }

    /// [`Held::items`], the rest of the verdict let go: what a reader
    /// that holds every appraisal's answers at once (agreement) keeps of
    /// one read afresh.
    pub fn into_items(self) -> Items<'i> {
        self.items();
        let inst = self.inst;
        match self.verdict {
            Kept::Kept(v) => v
                .items
                .get()
                .map_or(Items::Read(Cow::Borrowed(&[])), |r| Items::of(r, inst)),
            Kept::Own(v) => match v.items.into_inner() {
                Some(ItemsRead::Words(c)) => {
                    Items::Words(Cow::Owned(c.into_vec()), words_read(inst))
                }
                Some(ItemsRead::Read(x)) => Items::Read(Cow::Owned(x.into_vec())),
                None => Items::Read(Cow::Borrowed(&[])),
            },
        }
    }

    /// The judgement, worked out by `make` when first asked for.
    pub(super) fn judgement(
        &self,
        make: impl FnOnce() -> Option<super::Judgement>,
    ) -> &Option<super::Judgement> {
        self.v().judgement.get_or_init(make)
    }
}

/// How far from its hash's slot a set of answers is looked for.
const PROBES: usize = 16;

/// One set of answers (with its tag) and what it comes to, filled once.
type Slot = OnceLock<(u64, Key, Verdict)>;

/// The slots, and beside them each filled slot's tag (0 while it is not
/// filled): a look-up reads the tags, eight to a cache line, and a slot
/// only where the tag is its own. Once the table is full (appraisals that
/// never repeat) a set of answers it does not hold is told so from two
/// cache lines, not from sixteen slots of their own.
struct Table {
    tags: Box<[AtomicU64]>,
    slots: Box<[Slot]>,
}

/// The verdicts an instrument has worked out (see the module's text): a
/// table of [`SLOTS`] slots, each filled once and never emptied, so that
/// looking up takes no lock (every core reads the table at once) and a
/// verdict lives as long as its instrument.
#[derive(Default)]
pub struct Memo {
    /// Seeded at random per process, as the standard library's; foldhash
    /// takes a fraction of SipHash's time on these short keys (at 100 000
    /// studies SipHash was a twentieth of a tally). A crafted clash only
    /// costs the appraisals that share a slot their memo: each is then
    /// read afresh, with the same result.
    hash: foldhash::fast::RandomState,
    /// Made when first used: most instruments of a review are never used.
    slots: OnceLock<Table>,
    /// [`words_read`]'s, made when first asked for.
    words: OnceLock<Box<[ScaleRead]>>,
    /// What [`super::glance`] reads each item's scale as, made when first
    /// asked for.
    pub(super) plains: OnceLock<super::glance::Plains>,
    /// The judgements a unit of any study may be given whatever its
    /// answers, disputed and in progress ([`super::Judgement::named_of`]),
    /// made once.
    pub(super) named: [OnceLock<super::Judgement>; 2],
}

impl Memo {
    /// The verdict of `a`'s answers: remembered, or remembered from now on
    /// when a slot near its hash's is free; `None` when none is.
    fn find(&self, a: &Appraisal) -> Option<&Verdict> {
        let mut h = self.hash.build_hasher();
        std::hash::Hash::hash(&a.answers, &mut h);
        std::hash::Hash::hash(&a.category, &mut h);
        std::hash::Hash::hash(&a.overall, &mut h);
        let hash = h.finish();
        // Never 0, the tag of a slot not filled.
        let tag = hash | 1 << 63;
        let table = self.slots.get_or_init(|| Table {
            tags: (0..SLOTS).map(|_| AtomicU64::new(0)).collect(),
            slots: (0..SLOTS).map(|_| OnceLock::new()).collect(),
        });
        for i in 0..PROBES {
            let at = (hash as usize).wrapping_add(i) % SLOTS;
            let seen = table.tags[at].load(Ordering::Acquire);
            if seen != 0 && seen != tag {
                continue;
            }
            // A free slot is taken for these answers (one core at a time:
            // another taking it waits, then reads it).
            let (t, key, v) = table.slots[at].get_or_init(|| {
                let key = Key {
                    answers: a.answers.clone(),
                    category: a.category,
                    overall: a.overall.clone(),
                };
                (tag, key, Verdict::default())
            });
            // The tag told once the slot is filled (the same by every core;
            // written only while unseen, so that look-ups on every core do
            // not pass the line between them).
            if seen == 0 {
                table.tags[at].store(*t, Ordering::Release);
            }
            if *t == tag && key.same(a) {
                return Some(v);
            }
        }
        None
    }

    /// How many verdicts are remembered.
    #[cfg(test)]
    pub fn remembered(&self) -> usize {
        self.slots
            .get()
            .map_or(0, |t| t.slots.iter().filter(|x| x.get().is_some()).count())
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
