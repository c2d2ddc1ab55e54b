//! One appraisal read against its instrument: every answer checked against
//! its scale, the overall computed by the instrument's rule, and a recorded
//! overall checked (a word of the overall scale, and never below the worst
//! domain where the instrument says so).

use crate::appraisal::glance::{answers_as_given, glance};
use crate::appraisal::instrument::{
    FlawBand, Instrument, Item, ItemScale, LevelName, Rule, StarBand, canonical,
};
use crate::appraisal::memo::Held;
use crate::appraisal::{Answer, Appraisal};

/// Where in the appraisal a finding is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The `[[appraisals]]` table itself.
    Table,
    Instrument,
    Category,
    /// The answer to this item (`answers.<id>`).
    Answer(String),
    /// The comment on this item (`notes.<id>`).
    Note(String),
    Overall,
}

/// A problem with one appraisal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub place: Place,
    pub message: String,
    /// Usable as written (a missing item: the appraisal is unfinished).
    pub warning: bool,
}

/// An appraisal read against its instrument.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assessed {
    pub findings: Vec<Finding>,
    /// What the rule gives; `None` when an answer is missing or invalid, or
    /// the instrument has no rule.
    pub computed: Option<String>,
    /// The recorded overall in its canonical spelling, when valid.
    pub recorded: Option<String>,
    /// The judgement that counts.
    pub overall: Option<String>,
    /// Stars or points in total, for rules that count them.
    pub score: Option<i64>,
    /// The second judgement (QUADAS-2's applicability concerns), computed
    /// when its items are answered.
    pub applicability: Option<String>,
}

impl Assessed {
    /// True when a recorded overall differs from the computed one and counts.
    pub fn is_override(&self) -> bool {
        self.recorded.is_some() && self.computed.is_some() && self.overall != self.computed
    }
}

/// The canonical spelling of an answer, if it is one of the item's scale.
pub fn canonical_answer(inst: &Instrument, item: &str, a: &Answer) -> Option<Answer> {
    canonical_on(inst, inst.item(item)?, a)
}

/// [`canonical_answer`] for an item already found.
pub(crate) fn canonical_on(inst: &Instrument, it: &Item, a: &Answer) -> Option<Answer> {
    match (inst.scale_of(it)?, a) {
        (ItemScale::Words(w), Answer::Text(t)) => {
            canonical(w, t).map(|w| Answer::Text(w.word.as_str().into()))
        }
        (ItemScale::Range(lo, hi), a) => {
            let n = match a {
                Answer::Int(n) => *n,
                Answer::Text(t) => t.trim().parse().ok()?,
            };
            (lo..=hi).contains(&n).then_some(Answer::Int(n))
        }
        (ItemScale::Text, a) => Some(a.clone()),
        _ => None,
    }
}

fn quoted(words: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    words
        .into_iter()
        .map(|w| format!("\"{}\"", w.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads `a` against `inst`.
pub fn assess(inst: &Instrument, a: &Appraisal) -> Assessed {
    assess_with(inst, a, true).0
}

/// [`assess`], and whether every answer on its item's scale is in its
/// canonical spelling already (what [`Held::canonical`] would otherwise
/// read every answer again to learn).
pub(crate) fn assess_noting(inst: &Instrument, a: &Appraisal) -> (Assessed, bool) {
    let (assessed, respelt) = assess_with(inst, a, true);
    (assessed, !respelt)
}

/// What is wrong with `a` read against `inst`: [`assess`]'s findings, the
/// judgements worked out only when a recorded overall is to be compared
/// with them (no finding depends on them otherwise). What `check` and
/// every load ask of the 200 000 appraisals of a large review.
pub fn findings(inst: &Instrument, a: &Appraisal) -> Vec<Finding> {
    // Answers the instrument remembers as clean need no reading; others
    // (and those it cannot remember) are read as they always were.
    let v = verdict(inst, a);
    if v.kept().is_some() && v.clean() && a.notes.iter().all(|(id, _)| inst.item(id).is_some()) {
        return Vec::new();
    }
    // Every answer as its scale spells it, every required item answered,
    // no overall recorded: nothing to find, seen at a glance.
    if glance(inst, a) == Some(true) {
        return Vec::new();
    }
    assess_with(inst, a, a.overall.is_some()).0.findings
}

/// What `a` comes to against `inst`: [`assess`] without the findings'
/// words, and more, each worked out once per distinct set of answers
/// ([`super::memo`]).
pub fn verdict<'i>(inst: &'i Instrument, a: &'i Appraisal) -> Held<'i> {
    Held::of(inst, a)
}

/// [`assess`], the judgements (computed, applicability, the floor) worked
/// out only when `judge`; and whether an answer on its item's scale is
/// spelt otherwise than canonically ("Some concerns").
fn assess_with(inst: &Instrument, a: &Appraisal, judge: bool) -> (Assessed, bool) {
    // Every answer as its scale spells it, nothing to find: the judgements
    // worked out at a glance, nothing respelt.
    if judge && let Some(quick) = super::glance::quick(inst, a) {
        return (quick, false);
    }
    assess_in_full(inst, a, judge)
}

/// [`assess_with`], every answer read in full.
pub(super) fn assess_in_full(inst: &Instrument, a: &Appraisal, judge: bool) -> (Assessed, bool) {
    let mut out = Assessed::default();
    let mut respelt = false;
    let mut bad = |place: Place, message: String, warning: bool| {
        out.findings.push(Finding {
            place,
            message,
            warning,
        })
    };
    let mut answers: Vec<(&str, Answer)> = Vec::with_capacity(inst.items.len());
    let mut invalid = false;
    // Answers mostly come in the items' order: each looked for after the
    // item before it first.
    let mut next_item = 0;
    // Per item (in the instrument's order): answered at all, and where in
    // `answers` its first word answer is (what the rule reads).
    let mut answered = vec![false; inst.items.len()];
    let mut first_word: Vec<Option<usize>> = vec![None; inst.items.len()];
    let as_given = answers_as_given(inst);
    for (id, given) in &a.answers {
        let Some((at, item)) = inst.item_from(id, next_item) else {
            let ids: Vec<&str> = inst.items.iter().map(|i| i.id.as_str()).collect();
            bad(
                Place::Answer(id.to_string()),
                format!(
                    "{} has no item \"{id}\": expected one of {}",
                    inst.name,
                    ids.join(", ")
                ),
                false,
            );
            invalid = true;
            continue;
        };
        next_item = at + 1;
        if let Some(seen) = answered.get_mut(at) {
            *seen = true;
        }
        // An answer as its scale spells it (mostly) is taken as given:
        // reading it in full would give it back, and find nothing.
        if as_given(at, (&given).into()) {
            if let (Answer::Text(_), Some(slot @ None)) = (&given, first_word.get_mut(at)) {
                *slot = Some(answers.len());
            }
            answers.push((item.id.as_str(), given));
            continue;
        }
        match canonical_on(inst, item, &given) {
            Some(c) => {
                respelt |= c != given;
                if item.screening
                    && let (Some(ItemScale::Words(w)), Answer::Text(t)) = (inst.scale_of(item), &c)
                    && canonical(w, t).is_some_and(|w| w.level != LevelName::Good)
                {
                    bad(
                        Place::Answer(id.to_string()),
                        format!(
                            "{} {id} is \"{t}\": a screening question not answered yes means the study may not be appraisable with {}",
                            inst.name, inst.short
                        ),
                        true,
                    );
                }
                if let (Answer::Text(_), Some(slot @ None)) = (&c, first_word.get_mut(at)) {
                    *slot = Some(answers.len());
                }
                answers.push((item.id.as_str(), c));
            }
            None => {
                invalid = true;
                let msg = match inst.scale_of(item) {
                    Some(ItemScale::Range(lo, hi)) => format!(
                        "{} {id}: {given} is out of range: expected a whole number {lo} to {hi}",
                        inst.name
                    ),
                    Some(ItemScale::Words(w)) => format!(
                        "{} {id}: \"{given}\" is not an answer: expected one of {}",
                        inst.name,
                        quoted(w.iter().map(|w| &w.word))
                    ),
                    _ => format!("{} {id}: \"{given}\" is not an answer", inst.name),
                };
                bad(Place::Answer(id.to_string()), msg, false);
            }
        }
    }
    for (id, _) in &a.notes {
        if inst.item(id).is_none() {
            let ids: Vec<&str> = inst.items.iter().map(|i| i.id.as_str()).collect();
            bad(
                Place::Note(id.to_string()),
                format!(
                    "{} has no item \"{id}\" to comment on: expected one of {}",
                    inst.name,
                    ids.join(", ")
                ),
                true,
            );
        }
    }
    let missing: Vec<&str> = inst
        .items
        .iter()
        .zip(&answered)
        .filter(|(i, answered)| !i.optional && !**answered)
        .map(|(i, _)| i.id.as_str())
        .collect();
    let who = if a.reviewer.is_empty() {
        "?"
    } else {
        &a.reviewer
    };
    // The items the overall is computed from: a rule may name some (QUADAS-2's
    // risk of bias is d1–d4 alone); others need every item.
    let needed = |id: &str| match &inst.overall {
        Rule::Worst { items, .. } if !items.is_empty() => items.iter().any(|i| i == id),
        _ => true,
    };
    if !missing.is_empty() {
        let blocks = missing.iter().any(|id| needed(id));
        bad(
            Place::Table,
            format!(
                "{} appraisal by {who} is missing {}: {}",
                inst.name,
                missing.join(", "),
                if blocks {
                    "no overall is computed until every item is answered"
                } else {
                    "the appraisal is unfinished"
                }
            ),
            true,
        );
    }
    let mut category_ok = true;
    if !inst.categories.is_empty() {
        let list = || {
            inst.categories
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match a.category {
            Some(c) if inst.categories.contains(&c) => {}
            Some(c) => bad(
                Place::Category,
                format!(
                    "{} has no category {c}: expected one of {}",
                    inst.name,
                    list()
                ),
                false,
            ),
            None => {
                category_ok = false;
                bad(
                    Place::Table,
                    format!(
                        "{} appraisal by {who} has no category: its criteria are those of the study's category (category = {}); the appraisal is unfinished",
                        inst.name,
                        list()
                    ),
                    true,
                )
            }
        }
    }
    if judge && !invalid && category_ok && !missing.iter().any(|id| needed(id)) {
        let (computed, score) = compute(inst, &answers, &first_word);
        out.computed = computed;
        out.score = score;
    }
    if let Some(c) = &inst.applicability
        && judge
        && !invalid
        && c.items.iter().all(|id| !missing.contains(&id.as_str()))
    {
        out.applicability = worst_of(&answers, &c.items, &c.order, &Default::default());
    }
    if let Some(given) = &a.overall {
        out.recorded = recorded(inst, given, &mut out.findings);
    }
    // The floor holds whatever is missing: the worst domain answered so far
    // already bounds the overall from below.
    let floor = match &inst.overall {
        _ if !judge => None,
        Rule::Worst {
            floor: true,
            order,
            items,
            counts_as,
            ..
        } => worst_of(&answers, &rule_items(inst, items), order, counts_as),
        _ => None,
    };
    out.overall = match (&out.recorded, &out.computed, &floor) {
        (Some(r), c, Some(f)) if rank(inst, r) < rank(inst, f) => {
            out.findings.push(Finding {
                place: Place::Overall,
                message: format!(
                    "overall \"{r}\" is below the worst domain: {} judges the study at least \"{f}\"; the recorded overall does not count (raise it, or remove it)",
                    inst.name
                ),
                warning: false,
            });
            c.clone()
        }
        (Some(r), Some(c), _) if matches!(inst.overall, Rule::Sum { .. }) && r != c => {
            out.findings.push(Finding {
                place: Place::Overall,
                message: format!(
                    "overall \"{r}\" is not the sum of the items: {} scores the study {c}; the recorded total does not count (correct it, or remove it)",
                    inst.name
                ),
                warning: false,
            });
            Some(c.clone())
        }
        (Some(r), None, _) if matches!(inst.overall, Rule::Sum { .. }) => {
            out.findings.push(Finding {
                place: Place::Overall,
                message: format!(
                    "overall \"{r}\": {}'s total is the sum of the items, and counts once every item is answered",
                    inst.name
                ),
                warning: true,
            });
            None
        }
        (Some(r), _, _) => Some(r.clone()),
        (None, c, _) => c.clone(),
    };
    (out, respelt)
}

/// The items a `worst` rule reads: those it names, else every word item.
fn rule_items<'a>(inst: &'a Instrument, items: &'a [String]) -> Vec<&'a str> {
    if items.is_empty() {
        inst.items
            .iter()
            .filter(|i| matches!(inst.scale_of(i), Some(ItemScale::Words(_))))
            .map(|i| i.id.as_str())
            .collect()
    } else {
        items.iter().map(String::as_str).collect()
    }
}

/// The worst of the answers given to `items`, in `order` (best first), each
/// read through `counts_as`; `None` when none is given.
fn worst_of(
    answers: &[(&str, Answer)],
    items: &[impl AsRef<str>],
    order: &[String],
    counts_as: &std::collections::BTreeMap<String, String>,
) -> Option<String> {
    answers
        .iter()
        .filter(|(k, _)| items.iter().any(|i| i.as_ref() == *k))
        .filter_map(|(_, a)| match a {
            Answer::Text(t) => Some(counts_as.get(t.as_str()).map_or(t.as_str(), String::as_str)),
            Answer::Int(_) => None,
        })
        .filter_map(|w| order.iter().position(|o| o == w))
        .max()
        .map(|i| order[i].clone())
}

/// The position of `word` in a `worst` rule's order (best first).
fn rank(inst: &Instrument, word: &str) -> Option<usize> {
    match &inst.overall {
        Rule::Worst { order, .. } => order.iter().position(|w| w == word),
        _ => None,
    }
}

/// A recorded overall in canonical form, or a finding.
fn recorded(inst: &Instrument, given: &str, findings: &mut Vec<Finding>) -> Option<String> {
    let mut fail = |message: String| {
        findings.push(Finding {
            place: Place::Overall,
            message,
            warning: false,
        });
        None
    };
    if let Rule::Sum { .. } = inst.overall {
        let max = inst.max_points();
        let n = given
            .split('/')
            .next()
            .and_then(|n| n.trim().parse::<i64>().ok());
        let denominator_ok = given
            .split_once('/')
            .is_none_or(|(_, d)| d.trim().parse::<i64>().ok() == Some(max));
        return match n {
            Some(n) if (0..=max).contains(&n) && denominator_ok => Some(format!("{n}/{max}")),
            _ => fail(format!(
                "{} overall \"{given}\" is not a total: expected 0/{max} to {max}/{max}",
                inst.name
            )),
        };
    }
    let words = inst.overall_words();
    if words.is_empty() {
        return fail(format!(
            "{} defines no overall judgement: report the items (remove `overall`)",
            inst.name
        ));
    }
    match canonical(words, given) {
        Some(w) => Some(w.word.clone()),
        None => fail(format!(
            "{} has no overall \"{given}\": expected one of {}",
            inst.name,
            quoted(words.iter().map(|w| &w.word))
        )),
    }
}

/// The rule applied to valid, complete answers: the judgement and the
/// total score where the rule counts one. `first_word[n]`: where in `answers` the first word answer to the
/// instrument's `n`th item is.
fn compute(
    inst: &Instrument,
    answers: &[(&str, Answer)],
    first_word: &[Option<usize>],
) -> (Option<String>, Option<i64>) {
    // The first word answer to the `n`th item.
    let word = |n: usize| match &answers.get((*first_word.get(n)?)?)?.1 {
        Answer::Text(t) => Some(t.as_str()),
        Answer::Int(_) => None,
    };
    let int = |a: &Answer| match a {
        Answer::Int(n) => *n,
        Answer::Text(_) => 0,
    };
    match &inst.overall {
        Rule::Worst {
            order,
            items,
            counts_as,
            ..
        } => (
            worst_of(answers, &rule_items(inst, items), order, counts_as),
            None,
        ),
        Rule::Flaws { flaw, bands, .. } => {
            let (mut critical, mut weak) = (0u32, 0u32);
            for (n, item) in inst.items.iter().enumerate() {
                if word(n).is_some_and(|w| flaw.iter().any(|f| f == w)) {
                    if item.critical {
                        critical += 1;
                    } else {
                        weak += 1;
                    }
                }
            }
            (flaws_band(bands, critical, weak), None)
        }
        Rule::Stars { bands, .. } => {
            let total = answers
                .iter()
                .map(|(_, a)| int(a))
                .fold(0, i64::saturating_add);
            let stars = |i: &Item| {
                answers
                    .iter()
                    .find(|(k, _)| *k == i.id)
                    .map(|(_, a)| int(a))
            };
            (stars_band(inst, bands, stars), Some(total))
        }
        Rule::Sum { .. } => {
            let total = answers
                .iter()
                .map(|(_, a)| int(a))
                .fold(0, i64::saturating_add);
            (Some(format!("{total}/{}", inst.max_points())), Some(total))
        }
        Rule::None { .. } => (None, None),
    }
}

/// The word of the first band of a `flaws` rule that `critical` flaws on
/// critical items and `weak` ones elsewhere fit.
pub(super) fn flaws_band(bands: &[FlawBand], critical: u32, weak: u32) -> Option<String> {
    bands
        .iter()
        .find(|b| b.critical.is_none_or(|m| critical <= m) && b.weak.is_none_or(|m| weak <= m))
        .map(|b| b.word.clone())
}

/// The word of the first band of a `stars` rule whose minima are all met,
/// an item's stars `stars` of it (`None`: not answered).
pub(super) fn stars_band(
    inst: &Instrument,
    bands: &[StarBand],
    stars: impl Fn(&Item) -> Option<i64>,
) -> Option<String> {
    let stars_in = |domain: &str| -> i64 {
        inst.items
            .iter()
            .filter(|i| {
                i.domain
                    .as_deref()
                    .is_some_and(|d| d.eq_ignore_ascii_case(domain))
            })
            .filter_map(&stars)
            .fold(0, i64::saturating_add)
    };
    bands
        .iter()
        .find(|b| b.min.iter().all(|(d, m)| stars_in(d) >= *m))
        .map(|b| b.word.clone())
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
