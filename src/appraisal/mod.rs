//! Quality appraisal: instruments as data ([`instrument`]), answers read
//! against them ([`rules`]), and the judgement that counts for a study.
//!
//! The instruments a command sees are the built-ins plus the review's own
//! `instruments/`: loading a review installs them ([`install`]), so every
//! face (tables, tallies, filters, the TUI) reads judgements alike.

pub mod agreement;
pub mod grid;
pub mod instrument;
pub mod reconcile;
pub mod robvis;
pub mod rules;
pub mod validate;

use std::fmt;
use std::sync::{Arc, LazyLock, RwLock};

pub use instrument::{Instrument, Registry};
pub use rules::{Assessed, assess};

use crate::review::model::{Appraisal, Study};

static REGISTRY: LazyLock<RwLock<Arc<Registry>>> =
    LazyLock::new(|| RwLock::new(Arc::new(Registry::builtin())));

/// The instruments in use: the built-ins, plus those of the review loaded
/// last.
pub fn registry() -> Arc<Registry> {
    match REGISTRY.read() {
        Ok(r) => Arc::clone(&r),
        Err(poisoned) => Arc::clone(&poisoned.into_inner()),
    }
}

/// Makes `r` the instruments in use (done when a review is loaded).
pub fn install(r: Registry) {
    let r = Arc::new(r);
    match REGISTRY.write() {
        Ok(mut g) => *g = r,
        Err(poisoned) => *poisoned.into_inner() = r,
    }
}

/// The word for a study whose reviewers disagree with no consensus.
pub const DISPUTED: &str = "disputed";

/// The word for an appraisal with an instrument that defines no overall
/// (MMAT, CASP without a recorded one): appraised, shown with its yes count.
pub const NO_OVERALL: &str = "no-overall";

/// An overall judgement with the instrument that gave it: the same word
/// means opposite things in different instruments (CASP "high" quality,
/// RoB 2 "high" risk), so a judgement never travels without it. Two
/// judgements are the same when instrument and word are (`computed`,
/// `score` and `reconciled` are detail for display).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Judgement {
    pub instrument: String,
    /// The canonical overall word ("some-concerns", "9/12"), or
    /// [`DISPUTED`].
    pub level: String,
    /// Set when a recorded overall overrides the computed one: the computed.
    pub computed: Option<String>,
    /// Stars or points in total, where the rule counts them.
    pub score: Option<i64>,
    /// False when several reviewers agree but no consensus is recorded.
    pub reconciled: bool,
    /// For [`NO_OVERALL`]: the answers at the best level ("yes") of those
    /// given on a word scale.
    pub yes: Option<(usize, usize)>,
}

impl PartialEq for Judgement {
    fn eq(&self, o: &Self) -> bool {
        (&self.instrument, &self.level) == (&o.instrument, &o.level)
    }
}
impl Eq for Judgement {}
impl PartialOrd for Judgement {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Judgement {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (&self.instrument, &self.level).cmp(&(&o.instrument, &o.level))
    }
}
impl std::hash::Hash for Judgement {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (&self.instrument, &self.level).hash(h)
    }
}

impl Judgement {
    /// A plain judgement (as a filter names it).
    pub fn new(instrument: &str, level: &str) -> Judgement {
        Judgement {
            instrument: instrument.into(),
            level: level.into(),
            computed: None,
            score: None,
            reconciled: true,
            yes: None,
        }
    }

    /// The judgement that counts for a study: its consensus appraisal; else
    /// its only one; else, with several reviewers, their shared overall
    /// (not reconciled) or [`DISPUTED`] when they differ.
    pub fn of(s: &Study) -> Option<Judgement> {
        if let Some(a) = s.appraisals.iter().find(|a| a.is_consensus()) {
            return Self::of_appraisal(a);
        }
        let first = s.appraisals.first()?;
        if s.appraisals.len() == 1 {
            return Self::of_appraisal(first);
        }
        let each: Vec<Option<Judgement>> = s.appraisals.iter().map(Self::of_appraisal).collect();
        match each.first() {
            Some(Some(j)) if each.iter().all(|o| o.as_ref() == Some(j)) => Some(Judgement {
                reconciled: false,
                ..j.clone()
            }),
            _ => Some(Judgement::new(&first.instrument, DISPUTED)),
        }
    }

    /// The judgement of one appraisal (`None`: unknown instrument, or no
    /// overall recorded or computable).
    pub fn of_appraisal(a: &Appraisal) -> Option<Judgement> {
        let reg = registry();
        let inst = reg.get(&a.instrument)?;
        let r = assess(inst, a);
        let usable = !r.findings.iter().any(|f| !f.warning);
        if r.overall.is_none() && !inst.has_rule() && usable && !a.answers.is_empty() {
            return Some(Judgement {
                yes: Some(yes_count(inst, a)),
                ..Judgement::new(&a.instrument, NO_OVERALL)
            });
        }
        Some(Judgement {
            instrument: a.instrument.clone(),
            level: r.overall.clone()?,
            computed: r.is_override().then(|| r.computed.clone()).flatten(),
            score: r.score,
            reconciled: true,
            yes: None,
        })
    }

    /// True for a study whose reviewers disagree.
    pub fn is_disputed(&self) -> bool {
        self.level == DISPUTED
    }

    /// How good or bad it is, for colouring.
    pub fn rank(&self) -> Level {
        judgement_level(&self.instrument, &self.level)
    }

    /// "RoB 2: high risk": the instrument's short name and the word's label,
    /// without the override or reconciliation detail (what tallies group by).
    pub fn label(&self) -> String {
        let reg = registry();
        match reg.get(&self.instrument) {
            Some(i) if self.level == NO_OVERALL => format!("{}: no overall", i.short),
            Some(i) => format!("{}: {}", i.short, word_label(i, &self.level)),
            None => format!("{}: {}", self.instrument, self.level),
        }
    }
}

/// How many word answers of `a` are at the best level, of how many given.
fn yes_count(inst: &Instrument, a: &Appraisal) -> (usize, usize) {
    let mut yes = 0;
    let mut of = 0;
    for (k, v) in &a.answers {
        if let (Some(instrument::ItemScale::Words(w)), crate::review::model::Answer::Text(t)) =
            (inst.item(k).and_then(|i| inst.scale_of(i)), v)
        {
            of += 1;
            if instrument::canonical(w, t).is_some_and(|w| w.level == instrument::LevelName::Good) {
                yes += 1;
            }
        }
    }
    (yes, of)
}

/// The label of an overall word of `inst` ("some-concerns" → "some concerns").
pub fn word_label(inst: &Instrument, word: &str) -> String {
    inst.overall_words()
        .iter()
        .find(|w| w.word == word)
        .map(|w| w.label.clone())
        .unwrap_or_else(|| word.to_string())
}

impl fmt::Display for Judgement {
    /// "RoB 2: high risk (override; computed some concerns)", "NOS: good
    /// (8★)", "SANRA: 9/12", "CASP: high quality (not reconciled)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())?;
        let reg = registry();
        let inst = reg.get(&self.instrument);
        if let (Some(n), Some(i)) = (self.score, inst)
            && matches!(i.overall, instrument::Rule::Stars { .. })
        {
            write!(f, " ({n}★)")?;
        }
        if let Some((yes, of)) = self.yes {
            write!(f, " ({yes}/{of} yes)")?;
        }
        if let Some(c) = &self.computed {
            let c = inst.map_or_else(|| c.clone(), |i| word_label(i, c));
            write!(f, " (override; computed {c})")?;
        }
        if !self.reconciled {
            f.write_str(" (not reconciled)")?;
        }
        Ok(())
    }
}

/// How good or bad a judgement is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// low risk / yes / good / high quality
    Good,
    /// some concerns / moderate / fair / can't tell
    Fair,
    /// high risk / serious / no / poor / low quality
    Bad,
    /// critical / critically low
    Critical,
    /// no information / not applicable
    Unknown,
}

/// The level of an answer word of `instrument`'s `item`.
pub fn answer_level(instrument: &str, item: &str, word: &str) -> Level {
    let reg = registry();
    let Some(inst) = reg.get(instrument) else {
        return Level::Unknown;
    };
    match inst.item(item).and_then(|i| inst.scale_of(i)) {
        Some(instrument::ItemScale::Words(w)) => instrument::canonical(w, word)
            .map(|w| w.level.into())
            .unwrap_or(Level::Unknown),
        _ => Level::Unknown,
    }
}

/// The level of an overall judgement of `instrument`, from its file: for
/// quality ratings (CASP) "high" is good; for risk of bias it is bad.
pub fn judgement_level(instrument: &str, judgement: &str) -> Level {
    let reg = registry();
    let Some(inst) = reg.get(instrument) else {
        return Level::Unknown;
    };
    if let instrument::Rule::Sum { bands } = &inst.overall {
        let n: Option<i64> = judgement
            .split('/')
            .next()
            .and_then(|s| s.trim().parse().ok());
        return n
            .and_then(|n| bands.iter().find(|b| n >= b.min))
            .map_or(Level::Unknown, |b| b.level.into());
    }
    instrument::canonical(inst.overall_words(), judgement)
        .map_or(Level::Unknown, |w| w.level.into())
}

/// The judgement the instrument's rule gives, if it has one and every item
/// is answered within its scale (never a guess).
pub fn computed(a: &Appraisal) -> Option<String> {
    let reg = registry();
    assess(reg.get(&a.instrument)?, a).computed
}

/// The judgement that counts for one appraisal: a valid recorded overall
/// (not below the worst domain where the instrument forbids it), else the
/// computed one.
pub fn overall(a: &Appraisal) -> Option<String> {
    let reg = registry();
    assess(reg.get(&a.instrument)?, a).overall
}

/// `appraisals` with every valid answer and overall in its canonical
/// spelling ("Some concerns" → "some-concerns", "9" → "9/12"); anything
/// not on the instrument's scale is kept as written (`check` reports it).
pub fn canonical_appraisals(appraisals: &[Appraisal]) -> Vec<Appraisal> {
    let reg = registry();
    appraisals
        .iter()
        .map(|a| {
            let Some(inst) = reg.get(&a.instrument) else {
                return a.clone();
            };
            let mut c = a.clone();
            for (k, v) in &mut c.answers {
                if let Some(canon) = rules::canonical_answer(inst, k, v) {
                    *v = canon;
                }
            }
            if a.overall.is_some() {
                let r = assess(inst, a);
                if r.recorded.is_some() {
                    c.overall = r.recorded;
                }
            }
            c
        })
        .collect()
}

/// The judgement of a study as text ("RoB 2: low risk"), if it has one.
pub fn study_judgement(s: &Study) -> Option<String> {
    Judgement::of(s).map(|j| j.to_string())
}

#[cfg(test)]
mod tests;
