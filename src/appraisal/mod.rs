//! Quality appraisal: instruments as data ([`instrument`]), answers read
//! against them ([`rules`]), and the judgement that counts for a study.
//!
//! The instruments a command sees are the built-ins plus the review's own
//! `instruments/`: the loaded review carries them ([`Instruments`]), and
//! every function that reads answers takes them from it, so two reviews in
//! one process never see each other's.

pub mod answer;
pub mod instrument;
pub mod reconcile;
pub mod rules;

use std::fmt;
use std::sync::{Arc, LazyLock};

pub use answer::{Answer, Appraisal};
pub use instrument::{Instrument, Registry};
pub use rules::{Assessed, assess};

/// The instruments of one review: the built-ins plus its own
/// `instruments/`, shared cheaply between the review's copies. A review
/// made in code (not loaded) has the built-ins.
#[derive(Debug, Clone)]
pub struct Instruments(Arc<Registry>);

/// The built-in instruments, parsed once (never changed).
static BUILTIN: LazyLock<Arc<Registry>> = LazyLock::new(|| Arc::new(Registry::builtin()));

impl Instruments {
    pub fn new(r: Registry) -> Instruments {
        Instruments(Arc::new(r))
    }

    /// The built-in instruments alone.
    pub fn builtin() -> Instruments {
        Instruments(Arc::clone(&BUILTIN))
    }

    pub fn registry(&self) -> &Registry {
        &self.0
    }
}

impl Default for Instruments {
    fn default() -> Self {
        Instruments::builtin()
    }
}

impl std::ops::Deref for Instruments {
    type Target = Registry;
    fn deref(&self) -> &Registry {
        &self.0
    }
}

impl PartialEq for Instruments {
    /// The same instruments: the same set, or equal names and definitions.
    fn eq(&self, o: &Self) -> bool {
        Arc::ptr_eq(&self.0, &o.0) || format!("{:?}", self.0) == format!("{:?}", o.0)
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
///
/// A judgement made from a review's instruments ([`Judgement::of`],
/// [`Judgement::named`]) carries the words it is shown with (the
/// instrument's short name, the word's label, its level), so it prints alike
/// wherever it travels, with no instruments at hand.
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
    /// How the instrument reads it (absent for an unknown instrument).
    #[serde(skip)]
    words: Option<Words>,
}

/// The words a judgement is shown with, from its instrument.
#[derive(Debug, Clone)]
struct Words {
    /// "RoB 2"
    short: String,
    /// "high risk", "no overall"
    label: String,
    /// The label of the computed word, when overridden.
    computed: Option<String>,
    /// The instrument counts stars.
    stars: bool,
    rank: Level,
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
    /// A plain judgement (as a filter names it), without its instrument's
    /// words: it compares like any other and prints as written.
    pub fn new(instrument: &str, level: &str) -> Judgement {
        Judgement {
            instrument: instrument.into(),
            level: level.into(),
            computed: None,
            score: None,
            reconciled: true,
            yes: None,
            words: None,
        }
    }

    /// A plain judgement with the words `reg` gives it.
    pub fn named(reg: &Registry, instrument: &str, level: &str) -> Judgement {
        Judgement::new(instrument, level).read_by(reg)
    }

    /// `self` with the words of its instrument in `reg` (unchanged when
    /// `reg` does not know it).
    pub fn read_by(mut self, reg: &Registry) -> Judgement {
        self.words = reg.get(&self.instrument).map(|i| Words {
            short: i.short.clone(),
            label: if self.level == NO_OVERALL {
                "no overall".to_string()
            } else {
                word_label(i, &self.level)
            },
            computed: self.computed.as_ref().map(|c| word_label(i, c)),
            stars: matches!(i.overall, instrument::Rule::Stars { .. }),
            rank: judgement_level(reg, &self.instrument, &self.level),
        });
        self
    }

    /// The judgement that counts for a study (given its appraisals): its
    /// consensus appraisal; else its only one; else, with several
    /// reviewers, their shared overall (not reconciled) or [`DISPUTED`]
    /// when they differ.
    pub fn of(reg: &Registry, appraisals: &[Appraisal]) -> Option<Judgement> {
        if let Some(a) = appraisals.iter().find(|a| a.is_consensus()) {
            return Self::of_appraisal(reg, a);
        }
        let first = appraisals.first()?;
        if appraisals.len() == 1 {
            return Self::of_appraisal(reg, first);
        }
        let each: Vec<Option<Judgement>> = appraisals
            .iter()
            .map(|a| Self::of_appraisal(reg, a))
            .collect();
        match each.first() {
            Some(Some(j)) if each.iter().all(|o| o.as_ref() == Some(j)) => Some(Judgement {
                reconciled: false,
                ..j.clone()
            }),
            _ => Some(Judgement::named(reg, &first.instrument, DISPUTED)),
        }
    }

    /// The judgement of one appraisal (`None`: unknown instrument, or no
    /// overall recorded or computable).
    pub fn of_appraisal(reg: &Registry, a: &Appraisal) -> Option<Judgement> {
        let inst = reg.get(&a.instrument)?;
        let r = assess(inst, a);
        let usable = !r.findings.iter().any(|f| !f.warning);
        if r.overall.is_none() && !inst.has_rule() && usable && !a.answers.is_empty() {
            return Some(
                Judgement {
                    yes: Some(yes_count(inst, a)),
                    ..Judgement::new(&a.instrument, NO_OVERALL)
                }
                .read_by(reg),
            );
        }
        let j = Judgement {
            instrument: a.instrument.clone(),
            level: r.overall.clone()?,
            computed: r.is_override().then(|| r.computed.clone()).flatten(),
            score: r.score,
            reconciled: true,
            yes: None,
            words: None,
        };
        Some(j.read_by(reg))
    }

    /// True for a study whose reviewers disagree.
    pub fn is_disputed(&self) -> bool {
        self.level == DISPUTED
    }

    /// How good or bad it is, for colouring.
    pub fn rank(&self) -> Level {
        self.words.as_ref().map_or(Level::Unknown, |w| w.rank)
    }

    /// "RoB 2: high risk": the instrument's short name and the word's label,
    /// without the override or reconciliation detail (what tallies group by).
    pub fn label(&self) -> String {
        match &self.words {
            Some(w) => format!("{}: {}", w.short, w.label),
            None => format!("{}: {}", self.instrument, self.level),
        }
    }

    /// The instrument's short name ("RoB 2"), or its name when unknown.
    pub fn short(&self) -> &str {
        self.words
            .as_ref()
            .map_or(self.instrument.as_str(), |w| w.short.as_str())
    }

    /// The word's label ("high risk"), or the word when the instrument is
    /// unknown.
    pub fn word(&self) -> &str {
        self.words
            .as_ref()
            .map_or(self.level.as_str(), |w| w.label.as_str())
    }
}

/// How many word answers of `a` are at the best level, of how many given.
fn yes_count(inst: &Instrument, a: &Appraisal) -> (usize, usize) {
    let mut yes = 0;
    let mut of = 0;
    for (k, v) in &a.answers {
        if let (Some(instrument::ItemScale::Words(w)), Answer::Text(t)) =
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
        if let (Some(n), Some(true)) = (self.score, self.words.as_ref().map(|w| w.stars)) {
            write!(f, " ({n}★)")?;
        }
        if let Some((yes, of)) = self.yes {
            write!(f, " ({yes}/{of} yes)")?;
        }
        if let Some(c) = &self.computed {
            let c = self
                .words
                .as_ref()
                .and_then(|w| w.computed.clone())
                .unwrap_or_else(|| c.clone());
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
pub fn answer_level(reg: &Registry, instrument: &str, item: &str, word: &str) -> Level {
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
pub fn judgement_level(reg: &Registry, instrument: &str, judgement: &str) -> Level {
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
pub fn computed(reg: &Registry, a: &Appraisal) -> Option<String> {
    assess(reg.get(&a.instrument)?, a).computed
}

/// The judgement that counts for one appraisal: a valid recorded overall
/// (not below the worst domain where the instrument forbids it), else the
/// computed one.
pub fn overall(reg: &Registry, a: &Appraisal) -> Option<String> {
    assess(reg.get(&a.instrument)?, a).overall
}

/// `appraisals` with every valid answer and overall in its canonical
/// spelling ("Some concerns" → "some-concerns", "9" → "9/12"); anything
/// not on the instrument's scale is kept as written (`check` reports it).
pub fn canonical_appraisals(reg: &Registry, appraisals: &[Appraisal]) -> Vec<Appraisal> {
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
pub fn study_judgement(reg: &Registry, appraisals: &[Appraisal]) -> Option<String> {
    Judgement::of(reg, appraisals).map(|j| j.to_string())
}

#[cfg(test)]
mod tests;
