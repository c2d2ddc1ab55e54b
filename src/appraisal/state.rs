//! Where a study's reviewers stand, per unit (instrument, MMAT category,
//! outcome): one state each, and the judgement that may be shown for it.
//!
//! Nothing here shows one reviewer's answer as the study's where reviewers
//! differ: a unit is `agreed` only when every reviewer gave the same answer
//! to every categorical item and the same overall, `reconciled` only with a
//! consensus appraisal.

use serde::Serialize;

use crate::appraisal::instrument::{Instrument, ItemScale};
use crate::appraisal::memo::{Held, ItemRead, Items};
use crate::appraisal::rules::{canonical_on, verdict};
use crate::appraisal::{Answer, Appraisal, DISPUTED, IN_PROGRESS, Judgement, Registry, Unit, Word};

/// Where the reviewers of one unit stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// One reviewer's finished appraisal.
    Single,
    /// Several reviewers, finished, every categorical answer and the
    /// overall the same; no consensus recorded (none needed).
    Agreed,
    /// Several reviewers, finished, the same overall but some item answers
    /// differ, no consensus recorded.
    NotReconciled,
    /// Several reviewers, finished, their overall judgements differ, no
    /// consensus recorded.
    Disputed,
    /// A consensus appraisal is recorded.
    Reconciled,
    /// An appraisal is not finished (an item or the category to answer,
    /// or an answer off the scale).
    InProgress,
}

impl State {
    /// How the state reads: "not reconciled".
    pub fn words(self) -> &'static str {
        match self {
            State::Single => "appraised",
            State::Agreed => "agreed",
            State::NotReconciled => "not reconciled",
            State::Disputed => "disputed",
            State::Reconciled => "reconciled",
            State::InProgress => "in progress",
        }
    }

    /// True where the unit's answers speak for the study: one reviewer,
    /// reviewers who agree on everything, or a consensus.
    pub fn is_settled(self) -> bool {
        matches!(self, State::Single | State::Agreed | State::Reconciled)
    }
}

/// One unit of a study: its appraisals, state and judgement.
#[derive(Debug, Clone)]
pub struct UnitState<'a> {
    pub unit: Unit,
    /// The consensus appraisal of the unit, if recorded.
    pub consensus: Option<&'a Appraisal>,
    /// The reviewers' own appraisals, in file order.
    pub raters: Vec<&'a Appraisal>,
    pub state: State,
    /// What may be shown for the study (`None`: unknown instrument, or
    /// nothing to judge).
    pub judgement: Option<Judgement>,
    /// The categorical items whose answers differ between the reviewers
    /// (an answer against none counts), in the instrument's order.
    pub differing: Vec<String>,
}

impl UnitState<'_> {
    /// The appraisal whose answers are the study's: the consensus, or the
    /// only reviewer's, or (when they agree on everything) the first's;
    /// `None` while reviewers differ or an appraisal is unfinished.
    pub fn settled(&self) -> Option<&Appraisal> {
        match self.state {
            State::Reconciled => self.consensus,
            State::Single | State::Agreed => self.raters.first().copied(),
            _ => None,
        }
    }
}

/// Each of `inst`'s items' answer in `a` (its first, as
/// [`Appraisal::answer`] finds it), canonical where on the scale, in the
/// instrument's order: the answers read once in file order (mostly the
/// items'), each item looked for after the one before it first.
fn canon(inst: &Instrument, a: &Appraisal) -> Vec<Option<Answer>> {
    let mut out: Vec<Option<Answer>> = vec![None; inst.items.len()];
    let mut next = 0;
    for (k, v) in &a.answers {
        let Some((at, it)) = inst.item_from(k, next) else {
            continue;
        };
        next = at + 1;
        if let Some(slot @ None) = out.get_mut(at) {
            *slot = Some(canonical_on(inst, it, &v).unwrap_or(v));
        }
    }
    out
}

/// (answered within the scale, of) among the items `a` must answer; MMAT's
/// category counts as one.
pub fn progress(inst: &Instrument, a: &Appraisal) -> (usize, usize) {
    let (done, of) = items_progress(inst, a);
    if inst.categories.is_empty() {
        (done, of)
    } else {
        let given = a.category.is_some_and(|c| inst.categories.contains(&c));
        (done + usize::from(given), of + 1)
    }
}

fn items_progress(inst: &Instrument, a: &Appraisal) -> (usize, usize) {
    // Each item's first answer counts (as `Appraisal::answer` finds it),
    // the answers read once in file order: mostly the items', so each is
    // looked for after the item before it first.
    let mut seen = vec![false; inst.items.len()];
    let (mut done, mut next) = (0, 0);
    for (k, v) in &a.answers {
        let Some((at, it)) = inst.item_from(k, next) else {
            continue;
        };
        next = at + 1;
        if let Some(seen @ false) = seen.get_mut(at) {
            *seen = true;
            if !it.optional && canonical_on(inst, it, &v).is_some() {
                done += 1;
            }
        }
    }
    (done, inst.items.iter().filter(|i| !i.optional).count())
}

/// True when `a` is finished: every required item answered within its
/// scale, MMAT's category given, and a judgement to show. An appraisal
/// that records only its overall judgement, no items, stands as recorded.
/// `inst` is `a`'s instrument, one of `reg`'s.
pub fn finished(reg: &Registry, inst: &Instrument, a: &Appraisal) -> bool {
    finished_as(reg, &verdict(inst, a))
}

/// [`finished`] of the appraisal `v` is the verdict of.
fn finished_as(reg: &Registry, v: &Held) -> bool {
    v.answered() && Judgement::of_verdict_ref(reg, v).is_some()
}

/// [`finished`] but for the judgement: every required item answered within
/// its scale and MMAT's category given, or only the overall recorded.
pub fn answered(inst: &Instrument, a: &Appraisal) -> bool {
    let (done, of) = progress(inst, a);
    let overall_only = a.answers.is_empty() && a.overall.is_some();
    done == of || overall_only
}

/// True when `a` gives an answer off its item's scale or to no item: no
/// judgement is made from it, never a guess (`check` says why).
fn has_invalid(inst: &Instrument, a: &Appraisal) -> bool {
    // Each answer's item looked for after the one before it first (the
    // same item as `Instrument::item` finds).
    let mut next = 0;
    a.answers
        .iter()
        .any(|(k, v)| match inst.item_from(k, next) {
            None => true,
            Some((at, it)) => {
                next = at + 1;
                canonical_on(inst, it, &v).is_none()
            }
        })
}

/// [`has_invalid`] of the appraisal `v` is the verdict of: an appraisal
/// with nothing to report (but about item notes) has every answer on its
/// scale, and is not read again.
fn has_invalid_as(inst: &Instrument, v: &Held) -> bool {
    !v.clean() && has_invalid(inst, v.a)
}

/// [`progress`] of the appraisal `v` is the verdict of, from its answers
/// as read.
fn progress_as(inst: &Instrument, v: &Held) -> (usize, usize) {
    let items = v.items();
    let mut done = 0;
    let mut of = 0;
    for (i, it) in inst.items.iter().enumerate() {
        if !it.optional {
            of += 1;
            done += usize::from(matches!(items.get(i), Some(ItemRead::On(..))));
        }
    }
    if inst.categories.is_empty() {
        (done, of)
    } else {
        let given = v.a.category.is_some_and(|c| inst.categories.contains(&c));
        (done + usize::from(given), of + 1)
    }
}

/// [`differing`] of the appraisals `held` are the verdicts of: from their
/// answers as read where none has anything to report (every answer on its
/// scale, each item's first read as [`canon`] reads it). An answer as read
/// is its canonical answer and its place on the item's order, a function
/// of that answer alone: two are equal exactly where the answers are.
fn differing_as(inst: &Instrument, held: &[Held]) -> Vec<String> {
    if !held.iter().all(Held::clean) {
        let raters: Vec<&Appraisal> = held.iter().map(|v| v.a).collect();
        return differing(inst, &raters);
    }
    let each: Vec<Items> = held.iter().map(Held::items).collect();
    differing_in(inst, &each, |items, i| items.get(i))
}

/// The categorical items on which `raters` differ.
fn differing(inst: &Instrument, raters: &[&Appraisal]) -> Vec<String> {
    let each: Vec<Vec<Option<Answer>>> = raters.iter().map(|a| canon(inst, a)).collect();
    differing_in(inst, &each, |answers, i| answers.get(i))
}

/// The categorical items of `inst` whose answers (`answer` of each of
/// `each` at an item's place) are not all the same.
fn differing_in<'x, A, R: PartialEq>(
    inst: &Instrument,
    each: &'x [A],
    answer: impl Fn(&'x A, usize) -> R,
) -> Vec<String> {
    inst.items
        .iter()
        .enumerate()
        .filter(|(_, it)| {
            matches!(
                inst.scale_of(it),
                Some(ItemScale::Words(_) | ItemScale::Range(..))
            )
        })
        .filter(|(i, _)| {
            each.windows(2)
                .any(|w| answer(&w[0], *i) != answer(&w[1], *i))
        })
        .map(|(_, it)| it.id.clone())
        .collect()
}

/// The units of a study's `appraisals`, in the order they first appear,
/// each with its state and judgement.
pub fn units<'a>(reg: &Registry, appraisals: &'a [Appraisal]) -> Vec<UnitState<'a>> {
    let mut keys: Vec<Unit> = Vec::new();
    for a in appraisals {
        let u = a.unit();
        if !keys.contains(&u) {
            keys.push(u);
        }
    }
    let mut out: Vec<UnitState<'a>> = keys
        .into_iter()
        .map(|unit| {
            let mine: Vec<&Appraisal> = appraisals.iter().filter(|a| a.unit() == unit).collect();
            let consensus = mine.iter().copied().find(|a| a.is_consensus());
            let raters: Vec<&Appraisal> =
                mine.iter().copied().filter(|a| !a.is_consensus()).collect();
            unit_state(reg, unit, consensus, raters)
        })
        .collect();
    // Say what each judgement is about where the study has several with one
    // instrument, or where an outcome is named.
    let instruments: Vec<Word> = out.iter().map(|u| u.unit.instrument.clone()).collect();
    for u in &mut out {
        let several = instruments
            .iter()
            .filter(|i| **i == u.unit.instrument)
            .count()
            > 1;
        let mut about = Vec::new();
        if several && let Some(c) = u.unit.category {
            let name = reg
                .get(&u.unit.instrument)
                .and_then(|i| i.category_name(c))
                .map_or_else(|| format!("category {c}"), |n| format!("{c} {n}"));
            about.push(name);
        }
        if let Some(o) = &u.unit.outcome {
            about.push(o.clone());
        }
        if let Some(j) = &mut u.judgement
            && !about.is_empty()
        {
            j.about = Some(about.join(", "));
        }
    }
    out
}

fn unit_state<'a>(
    reg: &Registry,
    unit: Unit,
    consensus: Option<&'a Appraisal>,
    raters: Vec<&'a Appraisal>,
) -> UnitState<'a> {
    let mut u = UnitState {
        unit,
        consensus,
        raters,
        state: State::InProgress,
        judgement: None,
        differing: Vec::new(),
    };
    let Some(inst) = reg.get(&u.unit.instrument) else {
        return u;
    };
    // What each appraisal comes to, read once (its answers against their
    // scales first: what a glance tells on the way is kept) for what it
    // differs on, whether it is finished and its judgement.
    let held: Vec<Held> = u
        .raters
        .iter()
        .map(|a| {
            let v = verdict(inst, a);
            v.items();
            v
        })
        .collect();
    if held.len() > 1 {
        u.differing = differing_as(inst, &held);
    }
    let in_progress = |who: &[Held]| {
        let progress: Vec<(String, usize, usize)> = who
            .iter()
            .filter(|v| !finished_as(reg, v))
            .map(|v| {
                let (n, of) = progress_as(inst, v);
                (v.a.reviewer.to_string(), n, of)
            })
            .collect();
        Judgement {
            state: State::InProgress,
            progress,
            reconciled: true,
            ..Judgement::named_of(inst, IN_PROGRESS)
        }
    };
    if let Some(c) = u.consensus {
        let v = verdict(inst, c);
        if has_invalid_as(inst, &v) {
            u.state = State::InProgress;
        } else if finished_as(reg, &v) {
            u.state = State::Reconciled;
            u.judgement = Judgement::of_verdict(reg, &v).map(|j| Judgement {
                state: State::Reconciled,
                ..j
            });
        } else {
            u.state = State::InProgress;
            u.judgement = Some(in_progress(std::slice::from_ref(&v)));
        }
        return u;
    }
    if held.iter().any(|v| has_invalid_as(inst, v)) {
        // An answer off the scale: no judgement (the study reads as not
        // appraised until it is corrected), never a guess.
        u.state = State::InProgress;
        return u;
    }
    match held.as_slice() {
        [] => {}
        [one] => {
            if finished_as(reg, one) {
                u.state = State::Single;
                u.judgement = Judgement::of_verdict(reg, one);
            } else {
                u.state = State::InProgress;
                u.judgement = Some(in_progress(&held));
            }
        }
        many => {
            if many.iter().any(|v| !finished_as(reg, v)) {
                u.state = State::InProgress;
                u.judgement = Some(in_progress(many));
            } else {
                // Each reviewer's as its verdict keeps it, compared where
                // it lies; the unit's made once.
                let each: Vec<Option<&Judgement>> = many
                    .iter()
                    .map(|v| Judgement::of_verdict_ref(reg, v))
                    .collect();
                let first = each.first().copied().flatten();
                let same = first.is_some_and(|f| each.iter().all(|j| *j == Some(f)));
                match first {
                    Some(f) if same => {
                        u.state = if u.differing.is_empty() {
                            State::Agreed
                        } else {
                            State::NotReconciled
                        };
                        // Shared detail only: a yes count or a score that
                        // differs between reviewers is not shown as theirs.
                        let yes_same = agree_on(&each, |j| j.yes);
                        let score_same = agree_on(&each, |j| j.score);
                        let appl_same = agree_on(&each, |j| j.applicability.clone());
                        u.judgement = Some(Judgement {
                            state: u.state,
                            reconciled: u.state != State::NotReconciled,
                            yes: if yes_same { f.yes } else { None },
                            score: if score_same { f.score } else { None },
                            applicability: if appl_same {
                                f.applicability.clone()
                            } else {
                                None
                            },
                            ..f.clone()
                        });
                    }
                    _ => {
                        u.state = State::Disputed;
                        u.judgement = Some(Judgement {
                            state: State::Disputed,
                            ..Judgement::named_of(inst, DISPUTED)
                        });
                    }
                }
            }
        }
    }
    u
}

/// True when every judgement in `each` has the same `part`.
fn agree_on<T: PartialEq>(each: &[Option<&Judgement>], part: impl Fn(&Judgement) -> T) -> bool {
    let parts: Vec<T> = each.iter().flatten().map(|j| part(j)).collect();
    parts.windows(2).all(|w| w[0] == w[1])
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
