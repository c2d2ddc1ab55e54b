//! Inter-rater agreement on one instrument, by reviewer: every pair of
//! reviewers compared over the units (study, MMAT category, outcome) both
//! appraised, item by item and on the overall judgement; Fleiss' kappa where
//! more than two reviewers rated the same items.
//!
//! Answers are paired by reviewer initials, never by their order in the
//! file. Only categorical items count (a word or a number of stars or
//! points; free text never). An answer off the item's scale is left out
//! and listed as a problem. Weighted kappa is over the ordinal items, with
//! answers off the order ("no information", "no meta-analysis") left out
//! and counted. Where a study has several units (outcomes, MMAT categories),
//! each is compared with the same unit of the other reviewer.

use std::borrow::Cow;

use serde::Serialize;

use crate::appraisal::instrument::{Instrument, Item, ItemScale, Ordinal};
use crate::appraisal::{Answer, NO_OVERALL, Word};
use crate::manuscript::appraisal::kappa::{Fleiss, Kappa, Pairs, Positions, fleiss};
use crate::model::Study;

/// One item (or the overall) on which reviewers differ.
///
/// Short texts as [`Word`]s, kept inline: a review of 100 000 studies
/// appraised twice can differ on a hundred thousand items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub study: Word,
    /// The outcome of the appraisals, if named.
    pub outcome: Option<String>,
    /// MMAT's category, if any.
    pub category: Option<i64>,
    /// The item id, or "overall" for the overall judgement.
    pub item: Word,
    /// (reviewer, answer), in the order of the instrument's reviewers.
    pub answers: Vec<(Word, Word)>,
}

/// An answer left out because it is not on its item's scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeftOut {
    pub study: String,
    pub reviewer: String,
    pub item: String,
    pub answer: String,
}

/// The figures of one pair of reviewers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    pub reviewers: [String; 2],
    /// Studies both appraised (in at least one shared unit).
    pub studies: usize,
    /// Unweighted, over every categorical item.
    #[serde(flatten)]
    pub pooled: Kappa,
    pub weighted_linear: Option<f64>,
    pub weighted_quadratic: Option<f64>,
    /// Ordinal answer pairs weighted kappa is over.
    pub weighted_compared: usize,
    /// Answer pairs of ordinal items left out of weighted kappa: one or
    /// both answers off the order ("no information").
    pub weighted_left_out: usize,
    /// Agreement on the overall judgements of finished appraisals.
    pub overall: Kappa,
    /// Per item, unweighted.
    pub items: Vec<(String, Kappa)>,
}

/// Agreement within one MMAT category or one outcome, for the first pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub category: Option<i64>,
    pub outcome: Option<String>,
    pub studies: usize,
    #[serde(flatten)]
    pub pooled: Kappa,
    pub weighted_linear: Option<f64>,
    pub weighted_quadratic: Option<f64>,
    pub overall: Kappa,
}

/// Agreement on one instrument.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub instrument: String,
    /// Every reviewer of the instrument (consensus aside), sorted.
    pub reviewers: Vec<String>,
    /// The reviewers the figures below rest on: the first pair with
    /// anything in common (empty when none).
    pub pair: Vec<String>,
    /// Studies both of the pair appraised.
    pub studies: usize,
    /// The first pair's unweighted kappa over every categorical item.
    #[serde(flatten)]
    pub pooled: Kappa,
    pub weighted_linear: Option<f64>,
    pub weighted_quadratic: Option<f64>,
    pub weighted_compared: usize,
    pub weighted_left_out: usize,
    /// The first pair's agreement on the overall judgements.
    pub overall: Kappa,
    /// The first pair's per item.
    pub items: Vec<(String, Kappa)>,
    /// Every pair of reviewers, with its figures.
    pub pairs: Vec<Pair>,
    /// With more than two reviewers: over the items every one answered.
    pub fleiss: Option<Fleiss>,
    /// Per MMAT category or outcome, where the instrument's appraisals have
    /// them (the first pair).
    pub groups: Vec<Group>,
    pub disagreements: Vec<Disagreement>,
    /// Answers off their item's scale, left out of every figure.
    pub problems: Vec<LeftOut>,
}

/// The figures of one pair over `shared` (units both appraised).
struct Tally<'a> {
    /// Studies both appraised: a study's units lie side by side in
    /// `shared`, so counting where the study changes counts each once.
    studies: usize,
    /// The first and the last study counted (where two runs of `shared`
    /// meet, one study may be in both).
    first: Option<&'a Study>,
    last: Option<&'a Study>,
    all: Pairs<Cow<'a, str>>,
    positions: Positions,
    left_out: usize,
    overall: Pairs<Cow<'a, str>>,
    items: Vec<Pairs<Cow<'a, str>>>,
}

/// [`tally_run`] of runs of `shared` on every core, put together.
fn tally<'a>(inst: &Instrument, shared: &[&'a Shared<'a>], x: &str, y: &str) -> Tally<'a> {
    use crate::text::threads::{AT_LEAST, threads};
    tally_on(inst, shared, (x, y), (threads(), AT_LEAST))
}

/// [`tally`] in runs of at least `at_least` units on `threads` threads
/// (tests split a few units).
fn tally_on<'a>(
    inst: &Instrument,
    shared: &[&'a Shared<'a>],
    (x, y): (&str, &str),
    (threads, at_least): (usize, usize),
) -> Tally<'a> {
    let parts =
        crate::text::threads::runs_on(shared, threads, at_least, |run| tally_run(inst, run, x, y));
    let mut parts = parts.into_iter();
    let mut t = parts.next().unwrap_or_else(|| tally_run(inst, &[], x, y));
    for p in parts {
        t.absorb(p);
    }
    t
}

impl<'a> Tally<'a> {
    /// Adds the figures of the run after this one's.
    fn absorb(&mut self, next: Tally<'a>) {
        let counted_twice = match (self.last, next.first) {
            (Some(a), Some(b)) => std::ptr::eq(a, b),
            _ => false,
        };
        self.studies += next.studies - usize::from(counted_twice);
        self.first = self.first.or(next.first);
        self.last = next.last.or(self.last);
        self.all.absorb(next.all);
        self.positions.absorb(next.positions);
        self.left_out += next.left_out;
        self.overall.absorb(next.overall);
        for (mine, theirs) in self.items.iter_mut().zip(next.items) {
            mine.absorb(theirs);
        }
    }
}

fn tally_run<'a>(inst: &Instrument, shared: &[&'a Shared<'a>], x: &str, y: &str) -> Tally<'a> {
    let mut t = Tally {
        studies: 0,
        first: None,
        last: None,
        all: Pairs::default(),
        positions: Positions::default(),
        left_out: 0,
        overall: Pairs::default(),
        items: (0..inst.items.len()).map(|_| Pairs::default()).collect(),
    };
    let categorical: Vec<_> = categorical(inst).collect();
    for s in shared {
        let get = |r: &str| s.by.iter().position(|(who, _)| *who == r);
        let (Some(i), Some(j)) = (get(x), get(y)) else {
            continue;
        };
        if !t.last.is_some_and(|l| std::ptr::eq(l, s.study)) {
            t.studies += 1;
            t.first = t.first.or(Some(s.study));
            t.last = Some(s.study);
        }
        for &(k, _) in &categorical {
            let (Some(Ok(p)), Some(Ok(q))) = (read(s, i, k), read(s, j, k)) else {
                continue;
            };
            match (p.ordinal, q.ordinal) {
                (Ordinal::At(u), Ordinal::At(v)) => t.positions.push(u, v),
                (Ordinal::NotOrdinal, _) | (_, Ordinal::NotOrdinal) => {}
                _ => t.left_out += 1,
            }
            t.items[k].push(p.word.clone(), q.word.clone());
            t.all.push(p.word, q.word);
        }
        if let (Some(p), Some(q)) = (&s.read[i].0, &s.read[j].0)
            && !(p == NO_OVERALL && q == NO_OVERALL)
        {
            t.overall
                .push(Cow::Borrowed(p.as_str()), Cow::Borrowed(q.as_str()));
        }
    }
    t
}

fn pair(inst: &Instrument, x: &str, y: &str, t: Tally) -> Pair {
    let w = t.positions.weighted();
    Pair {
        reviewers: [x.to_string(), y.to_string()],
        studies: t.studies,
        pooled: t.all.kappa(),
        weighted_linear: w.linear,
        weighted_quadratic: w.quadratic,
        weighted_compared: t.positions.len(),
        weighted_left_out: t.left_out,
        overall: t.overall.kappa(),
        items: inst
            .items
            .iter()
            .zip(t.items)
            .filter(|(it, p)| inst.is_categorical(it) && !p.is_empty())
            .map(|(it, p)| (it.id.clone(), p.kappa()))
            .collect(),
    }
}

/// Agreement between the reviewers of the studies appraised with `inst`.
pub fn agreement(inst: &Instrument, studies: &[&Study]) -> Agreement {
    let (shared, reviewers) = shared_units(inst, studies);
    let double: Vec<&Shared> = shared.iter().collect();
    let disagreements = disagreements(inst, &double, &reviewers);
    Agreement {
        disagreements,
        ..figures(inst, &double, reviewers)
    }
}

/// [`agreement`] with its disagreements gathered on every core and handed
/// over in order, after `head` has the figures (whose `disagreements` is
/// empty): a block of units at a time, each run of a block (one per core)
/// gathers its disagreements, in the order [`agreement`] lists them, into
/// an `R` of its own with `made` (a run's lines of text, say), and `each`
/// is given the runs' `R`s in order. `head` and `each` are given `to` (a
/// writer, say): a review whose reviewers differ on a million answers never
/// holds them all, and what each is made into is made on every core. Stops
/// at the first error of `head` or `each`, and returns it.
pub fn agreement_each<S, E, R: Default + Send>(
    inst: &Instrument,
    studies: &[&Study],
    to: &mut S,
    head: impl FnOnce(&mut S, &Agreement) -> Result<(), E>,
    made: impl Fn(&mut R, Disagreement) + Sync,
    each: impl FnMut(&mut S, R) -> Result<(), E>,
) -> Result<Agreement, E> {
    agreement_each_by(inst, studies, LISTED_AT_ONCE, to, head, made, each)
}

/// [`agreement_each`], `at_once` units at a time.
fn agreement_each_by<S, E, R: Default + Send>(
    inst: &Instrument,
    studies: &[&Study],
    at_once: usize,
    to: &mut S,
    head: impl FnOnce(&mut S, &Agreement) -> Result<(), E>,
    made: impl Fn(&mut R, Disagreement) + Sync,
    mut each: impl FnMut(&mut S, R) -> Result<(), E>,
) -> Result<Agreement, E> {
    use crate::text::threads::runs;
    let (shared, reviewers) = shared_units(inst, studies);
    let double: Vec<&Shared> = shared.iter().collect();
    let figures = figures(inst, &double, reviewers);
    head(to, &figures)?;
    for block in double.chunks(at_once.max(1)) {
        let gathered = runs(block, |run| {
            let mut r = R::default();
            disagreements_into(inst, run, &figures.reviewers, |d| made(&mut r, d));
            r
        });
        for r in gathered {
            each(to, r)?;
        }
    }
    Ok(figures)
}

/// Units whose disagreements [`agreement_each`] lists at once.
const LISTED_AT_ONCE: usize = 8192;

/// Every figure of [`agreement`] but its disagreements (left empty).
fn figures(inst: &Instrument, double: &[&Shared], reviewers: Vec<String>) -> Agreement {
    let problems = left_out(inst, double);
    let mut pairs = Vec::new();
    for (i, x) in reviewers.iter().enumerate() {
        for y in &reviewers[i + 1..] {
            let t = tally(inst, double, x, y);
            pairs.push(pair(inst, x, y, t));
        }
    }
    let first = pairs
        .iter()
        .find(|p| p.pooled.compared > 0 || p.overall.compared > 0)
        .or(pairs.first())
        .cloned();
    let groups = match &first {
        Some(p) => groups(inst, double, &p.reviewers),
        None => Vec::new(),
    };
    let fleiss = (reviewers.len() > 2).then(|| fleiss_of(inst, double, &reviewers));
    let (pair_names, studies, pooled, wl, wq, wc, wlo, overall, items) = match first {
        Some(p) => (
            p.reviewers.to_vec(),
            p.studies,
            p.pooled,
            p.weighted_linear,
            p.weighted_quadratic,
            p.weighted_compared,
            p.weighted_left_out,
            p.overall,
            p.items,
        ),
        None => (
            Vec::new(),
            0,
            Kappa::none(),
            None,
            None,
            0,
            0,
            Kappa::none(),
            Vec::new(),
        ),
    };
    Agreement {
        instrument: inst.name.clone(),
        reviewers,
        pair: pair_names,
        studies,
        pooled,
        weighted_linear: wl,
        weighted_quadratic: wq,
        weighted_compared: wc,
        weighted_left_out: wlo,
        overall,
        items,
        pairs,
        fleiss,
        groups,
        disagreements: Vec::new(),
        problems,
    }
}

/// The first pair's figures per MMAT category and per outcome, where any
/// unit has one.
fn groups(inst: &Instrument, double: &[&Shared], pair: &[String; 2]) -> Vec<Group> {
    let mut keys: Vec<(Option<i64>, Option<String>)> = Vec::new();
    for s in double {
        let k = (s.unit.category, s.unit.outcome.clone());
        if (k.0.is_some() || k.1.is_some()) && !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys.sort();
    keys.into_iter()
        .map(|(category, outcome)| {
            let mine: Vec<&Shared> = double
                .iter()
                .copied()
                .filter(|s| s.unit.category == category && s.unit.outcome == outcome)
                .collect();
            let t = tally(inst, &mine, &pair[0], &pair[1]);
            let w = t.positions.weighted();
            Group {
                category,
                outcome,
                studies: t.studies,
                pooled: t.all.kappa(),
                weighted_linear: w.linear,
                weighted_quadratic: w.quadratic,
                overall: t.overall.kappa(),
            }
        })
        .collect()
}

/// Fleiss' kappa over the (unit, item) subjects every reviewer answered
/// within the scale.
fn fleiss_of(inst: &Instrument, double: &[&Shared], reviewers: &[String]) -> Fleiss {
    let mut subjects = Vec::new();
    let categorical: Vec<_> = categorical(inst).collect();
    for s in double {
        if s.by.len() != reviewers.len() {
            continue;
        }
        for &(i, _) in &categorical {
            let words: Vec<String> = reviewers
                .iter()
                .filter_map(|r| {
                    let k = s.by.iter().position(|(who, _)| who == r)?;
                    read(s, k, i)?.ok().map(|x| x.word.to_string())
                })
                .collect();
            if words.len() == reviewers.len() {
                subjects.push(words);
            }
        }
    }
    fleiss(reviewers.to_vec(), &subjects)
}

/// [`disagreements_of`] runs of `double` on every core, in order.
fn disagreements(inst: &Instrument, double: &[&Shared], reviewers: &[String]) -> Vec<Disagreement> {
    use crate::text::threads::{joined, runs};
    joined(runs(double, |run| disagreements_of(inst, run, reviewers)))
}

/// Every item, and every overall judgement, on which the reviewers of a
/// unit of `double` differ.
fn disagreements_of(
    inst: &Instrument,
    double: &[&Shared],
    reviewers: &[String],
) -> Vec<Disagreement> {
    let mut out = Vec::new();
    disagreements_into(inst, double, reviewers, |d| out.push(d));
    out
}

/// [`disagreements_of`], each handed to `out` as it is made.
fn disagreements_into(
    inst: &Instrument,
    double: &[&Shared],
    reviewers: &[String],
    mut out: impl FnMut(Disagreement),
) {
    let categorical: Vec<_> = categorical(inst).collect();
    for s in double {
        let ordered: Vec<(&str, usize, &Option<Word>)> = reviewers
            .iter()
            .filter_map(|r| {
                let k = s.by.iter().position(|(who, _)| who == r)?;
                Some((s.by[k].0, k, &s.read[k].0))
            })
            .collect();
        let mut push = |item: &str, answers: Vec<(Word, Word)>| {
            out(Disagreement {
                study: s.study.id.as_str().into(),
                outcome: s.unit.outcome.clone(),
                category: s.unit.category,
                item: item.into(),
                answers,
            })
        };
        // Told from the answers as read first: most agree, and nothing is
        // made for them. A disagreement holds room for every reviewer's
        // answer and no more (a collected `filter_map` starts at four: a
        // million disagreements of two reviewers would hold twice what they
        // need).
        let room = ordered.len();
        // Reviewers whose answers read alike (every item the same word of
        // its scale, as most do) differ on no item.
        let alike = ordered
            .windows(2)
            .all(|w| s.read[w[0].1].1.same_words(&s.read[w[1].1].1));
        for &(i, it) in categorical.iter().filter(|_| !alike) {
            let word = move |k: usize| Some(read(s, k, i)?.ok()?.word);
            if some_differ(ordered.iter().filter_map(|(_, k, _)| word(*k))) {
                let mut answers = Vec::with_capacity(room);
                answers.extend(
                    ordered
                        .iter()
                        .filter_map(|(r, k, _)| Some(((*r).into(), word(*k)?.as_ref().into()))),
                );
                push(&it.id, answers);
            }
        }
        if some_differ(ordered.iter().filter_map(|(_, _, o)| o.as_ref())) {
            let mut answers = Vec::with_capacity(room);
            answers.extend(
                ordered
                    .iter()
                    .filter_map(|(r, _, o)| Some(((*r).into(), (*o).clone()?))),
            );
            push("overall", answers);
        }
    }
}

/// Two answers or more, not all the same.
fn some_differ<T: PartialEq>(mut all: impl Iterator<Item = T>) -> bool {
    all.next().is_some_and(|first| all.any(|x| x != first))
}

/// The answers of double-appraised units that are off their item's scale.
fn left_out(inst: &Instrument, double: &[&Shared]) -> Vec<LeftOut> {
    use crate::text::threads::{joined, runs};
    joined(runs(double, |run| left_out_of(inst, run)))
}

fn left_out_of(inst: &Instrument, double: &[&Shared]) -> Vec<LeftOut> {
    let mut out = Vec::new();
    let categorical: Vec<_> = categorical(inst).collect();
    for s in double {
        for (k, (r, _)) in s.by.iter().enumerate() {
            for &(i, it) in &categorical {
                if let Some(Err(given)) = read(s, k, i).map(|r| r.map_err(str::to_string)) {
                    out.push(LeftOut {
                        study: s.study.id.clone(),
                        reviewer: r.to_string(),
                        item: it.id.clone(),
                        answer: given,
                    });
                }
            }
        }
    }
    out
}

/// The instrument's categorical items, each with its position.
fn categorical(inst: &Instrument) -> impl Iterator<Item = (usize, &Item)> {
    inst.items
        .iter()
        .enumerate()
        .filter(|(_, it)| inst.is_categorical(it))
}

/// True for an item whose scale is ordinal (weighted kappa applies).
pub fn has_ordinal_items(inst: &Instrument) -> bool {
    inst.items.iter().any(|it| match inst.scale_of(it) {
        Some(ItemScale::Range(..)) => true,
        Some(ItemScale::Words(w)) => w.iter().any(|x| {
            !matches!(
                inst.ordinal(it, &Answer::Text(x.word.as_str().into())),
                Ordinal::NotOrdinal
            )
        }),
        _ => false,
    })
}

#[path = "agreement_units.rs"]
mod units;
use units::{Shared, read, shared_units};

#[path = "agreement_json.rs"]
mod json;
pub use json::{Streamed, streamed};

#[cfg(test)]
#[path = "agreement_tests.rs"]
mod tests;
