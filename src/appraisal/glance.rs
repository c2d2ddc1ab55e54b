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
//!
//! An appraisal seen clean is also judged at a glance ([`quick`]): each
//! scale word knows its place in the rule's order (through `counts_as`) and
//! the applicability's, and whether it is a flaw, so the judgements come
//! from one pass over the answers, with none made anew. Where a judgement
//! would read an answer a glance does not (free text, an item answered
//! twice), the appraisal is judged in full.

use super::answer::Appraisal;
use super::answers::Given;
use super::instrument::{Instrument, Item, ItemScale, LevelName, Rule, nothing_to_trim};
use super::rules::{Assessed, flaws_band, stars_band};
use crate::text::same_text;

/// An item's scale as a glance reads it.
#[derive(Debug)]
enum Plain {
    Words(Box<[PlainWord]>),
    Range(i64, i64),
    /// Free text; `read`: a judgement reads its answers (a `worst` rule or
    /// the applicability naming the item, a `flaws` rule), so an
    /// appraisal answering it in words is judged in full.
    Text {
        read: bool,
    },
    /// No scale declared: every answer is read in full.
    Undeclared,
}

/// A word of an item's scale as a glance reads it.
#[derive(Debug)]
struct PlainWord {
    /// Its canonical spelling.
    word: Box<str>,
    /// The best answer (level good): a screening question answered
    /// otherwise is flagged.
    best: bool,
    /// Its place in a `worst` rule's order, read through `counts_as`, for
    /// an item the rule reads (`None`: not read, or off the order).
    worst: Option<usize>,
    /// Its place in the applicability's order, for an item it reads.
    apart: Option<usize>,
    /// One of a `flaws` rule's flaws.
    flaw: bool,
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
        let reads = |it: &Item| Reads::of(inst, it);
        let items = inst
            .items
            .iter()
            .map(|it| match inst.scale_of(it) {
                Some(ItemScale::Words(w)) => {
                    let reads = reads(it);
                    Plain::Words(w.iter().map(|w| reads.word(inst, w)).collect())
                }
                Some(ItemScale::Range(lo, hi)) => Plain::Range(lo, hi),
                Some(ItemScale::Text) => {
                    let reads = reads(it);
                    Plain::Text {
                        read: reads.rule_text || reads.apart || reads.flaws,
                    }
                }
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
            (Some(Plain::Words(_)), Given::Text(t)) => {
                self.word(at, t).is_some_and(|w| w.best || !screening)
            }
            (Some(Plain::Range(lo, hi)), Given::Int(n)) => (*lo..=*hi).contains(&n),
            (Some(Plain::Text { .. }), _) => true,
            _ => false,
        }
    }

    /// The word of the `at`th item's scale that `t` is exactly, with
    /// nothing to trim: the first so spelt, as reading in full finds it.
    fn word(&self, at: usize, t: &str) -> Option<&PlainWord> {
        self.word_place(at, t).map(|(_, w)| w)
    }

    /// [`Plains::word`], and its place among the scale's words.
    fn word_place(&self, at: usize, t: &str) -> Option<(usize, &PlainWord)> {
        let Some(Plain::Words(words)) = self.items.get(at) else {
            return None;
        };
        nothing_to_trim(t).then(|| {
            words
                .iter()
                .enumerate()
                .find(|(_, w)| same_text(&w.word, t))
        })?
    }
}

/// Which of an instrument's judgements read an item's answers.
struct Reads {
    /// A `worst` rule, of the item's words (every word item where the rule
    /// names none).
    rule_words: bool,
    /// A `worst` rule naming the item (free text is read where named).
    rule_text: bool,
    /// The applicability.
    apart: bool,
    /// A `flaws` rule: every item's.
    flaws: bool,
}

impl Reads {
    fn of(inst: &Instrument, it: &Item) -> Reads {
        let named = |items: &[String]| items.contains(&it.id);
        let (rule_words, rule_text) = match &inst.overall {
            Rule::Worst { items, .. } => (items.is_empty() || named(items), named(items)),
            _ => (false, false),
        };
        Reads {
            rule_words,
            rule_text,
            apart: inst.applicability.as_ref().is_some_and(|c| named(&c.items)),
            flaws: matches!(inst.overall, Rule::Flaws { .. }),
        }
    }

    /// The scale word `w` of an item these judgements read so.
    fn word(&self, inst: &Instrument, w: &super::instrument::Word) -> PlainWord {
        let word = w.word.as_str();
        PlainWord {
            word: word.into(),
            best: w.level == LevelName::Good,
            worst: match &inst.overall {
                Rule::Worst {
                    order, counts_as, ..
                } if self.rule_words => {
                    let counted = counts_as.get(word).map_or(word, String::as_str);
                    order.iter().position(|o| o == counted)
                }
                _ => None,
            },
            apart: match &inst.applicability {
                Some(c) if self.apart => c.order.iter().position(|o| o == word),
                _ => None,
            },
            flaw: match &inst.overall {
                Rule::Flaws { flaw, .. } => flaw.iter().any(|f| f == word),
                _ => false,
            },
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
    plains(inst).word_place(at, t).map(|(place, _)| place)
}

/// What a glance at `a`'s answers tells: `None` when some answer needs
/// reading in full; else every answer is on its scale as written (none is
/// respelt), and `Some(true)` when, besides, reading `a` in full finds
/// nothing: every required item answered, the category one of the
/// instrument's (where it has categories), no note on an unknown item and
/// no overall recorded. `Some(false)`: not known to find nothing.
pub(crate) fn glance(inst: &Instrument, a: &Appraisal) -> Option<bool> {
    look(inst, a).map(|l| l.clean)
}

/// What a glance sees of an appraisal, and what its judgements read.
struct Look {
    /// See [`glance`].
    clean: bool,
    /// Every item answered once at most (an instrument's items have ids
    /// of their own: its file is refused otherwise): what follows is the
    /// judgements' reading.
    once: bool,
    /// The worst place in a `worst` rule's order of the answers it reads.
    worst: Option<usize>,
    /// The worst place in the applicability's order.
    apart: Option<usize>,
    /// A `flaws` rule's flaws on critical items, and on others.
    flaws: (u32, u32),
    /// A judgement reads an answer a glance does not (free text).
    unread: bool,
}

fn look(inst: &Instrument, a: &Appraisal) -> Option<Look> {
    look_noting(inst, a, &mut None)
}

/// [`look`], noting in `places` (one per item, 0 where none is given)
/// each answer's word's place among its scale's words plus one; `places`
/// is set to `None` where an answer is not a word (or past a byte).
fn look_noting(inst: &Instrument, a: &Appraisal, places: &mut Option<Vec<u8>>) -> Option<Look> {
    let plains = plains(inst);
    let mut answered = 0u128;
    let mut once = true;
    let (mut worst, mut apart, mut flaws, mut unread) = (None, None, (0, 0), false);
    // Answers mostly come in the items' order, as reading in full looks
    // for them.
    let mut next = 0;
    for (id, given) in a.answers.given() {
        let (at, item) = inst.item_from(id, next)?;
        next = at + 1;
        match (plains.items.get(at)?, given) {
            (Plain::Words(_), Given::Text(t)) => {
                let (place, w) = plains.word_place(at, t)?;
                if item.screening && !w.best {
                    return None;
                }
                if let Some(p) = places {
                    match (p.get_mut(at), u8::try_from(place + 1)) {
                        (Some(slot), Ok(code)) => *slot = code,
                        _ => *places = None,
                    }
                }
                worst = worst.max(w.worst);
                apart = apart.max(w.apart);
                if w.flaw {
                    if item.critical {
                        flaws.0 += 1;
                    } else {
                        flaws.1 += 1;
                    }
                }
            }
            (Plain::Range(lo, hi), Given::Int(n)) if (*lo..=*hi).contains(&n) => *places = None,
            (Plain::Text { read }, given) => {
                unread |= *read && matches!(given, Given::Text(_));
                *places = None;
            }
            _ => return None,
        }
        if at < 128 {
            once &= answered & 1 << at == 0;
            answered |= 1 << at;
        }
    }
    let clean = plains.required.is_some_and(|r| answered & r == r)
        && (inst.categories.is_empty() || a.category.is_some_and(|c| inst.categories.contains(&c)))
        && a.overall.is_none()
        && a.notes.iter().all(|(id, _)| inst.item(id).is_some());
    Some(Look {
        clean,
        once,
        worst,
        apart,
        flaws,
        unread,
    })
}

/// What reading `a` in full ([`super::rules::assess`]) comes to, worked
/// out at a glance: for an appraisal seen clean (see [`glance`]), each
/// item answered once and no judgement reading free text. `None` where a
/// glance cannot tell.
pub(crate) fn quick(inst: &Instrument, a: &Appraisal) -> Option<Assessed> {
    judged(inst, a, look(inst, a)?)
}

/// [`quick`], and where every answer is a word, each item's answer as
/// its word's place among its scale's words plus one, 0 where none is
/// given: what [`super::memo`] keeps of an appraisal's answers read, which
/// reading them again would give.
pub(crate) fn quick_places(
    inst: &Instrument,
    a: &Appraisal,
) -> Option<(Assessed, Option<Box<[u8]>>)> {
    let mut places = Some(vec![0; inst.items.len()]);
    let l = look_noting(inst, a, &mut places)?;
    Some((judged(inst, a, l)?, places.map(Vec::into_boxed_slice)))
}

/// The judgements of `a` from what a look at it saw.
fn judged(inst: &Instrument, a: &Appraisal, l: Look) -> Option<Assessed> {
    if !(l.clean && l.once && !l.unread) {
        return None;
    }
    // Whole numbers, as reading in full adds them: in the answers' order,
    // a word counting nothing.
    let int = |g: Given<'_>| match g {
        Given::Int(n) => n,
        Given::Text(_) => 0,
    };
    let total = || {
        a.answers
            .given()
            .map(|(_, g)| int(g))
            .fold(0, i64::saturating_add)
    };
    let (computed, score) = match &inst.overall {
        Rule::Worst { order, .. } => (l.worst.and_then(|i| order.get(i)).cloned(), None),
        Rule::Flaws { bands, .. } => {
            let (critical, weak) = l.flaws;
            (flaws_band(bands, critical, weak), None)
        }
        Rule::Stars { bands, .. } => {
            // An item's answer: each item answered once at most.
            let stars = |i: &Item| {
                a.answers
                    .given()
                    .find(|(k, _)| *k == i.id)
                    .map(|(_, g)| int(g))
            };
            (stars_band(inst, bands, stars), Some(total()))
        }
        Rule::Sum { .. } => {
            let total = total();
            (Some(format!("{total}/{}", inst.max_points())), Some(total))
        }
        Rule::None { .. } => (None, None),
    };
    let applicability = match &inst.applicability {
        Some(c) => l.apart.and_then(|i| c.order.get(i)).cloned(),
        None => None,
    };
    Some(Assessed {
        findings: Vec::new(),
        overall: computed.clone(),
        computed,
        recorded: None,
        score,
        applicability,
    })
}

#[cfg(test)]
#[path = "glance_tests.rs"]
pub(super) mod tests;
