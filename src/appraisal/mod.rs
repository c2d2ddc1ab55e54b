//! Quality appraisal: instruments as data ([`instrument`]), answers read
//! against them ([`rules`]), and the judgement that counts for a study.
//!
//! The instruments a command sees are the built-ins plus the review's own
//! `instruments/`: the loaded review carries them ([`Instruments`]), and
//! every function that reads answers takes them from it, so two reviews in
//! one process never see each other's.

pub mod answer;
pub mod answers;
mod glance;
pub mod instrument;
pub mod memo;
pub mod reconcile;
pub mod rules;
pub mod state;

use std::fmt;
use std::sync::{Arc, LazyLock};

pub use answer::{Answer, Appraisal, Unit, Word};
pub use answers::Answers;
pub use instrument::{Instrument, Registry};
pub use rules::{Assessed, assess};
pub use state::{State, UnitState, units};

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

/// The word for a study whose appraisal is not finished (an item, or MMAT's
/// category, still to answer).
pub const IN_PROGRESS: &str = "in-progress";

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
    /// False when reviewers reached the same overall with different item
    /// answers and no consensus is recorded ([`State::NotReconciled`]).
    pub reconciled: bool,
    /// For [`NO_OVERALL`]: the criteria answered at the best level ("yes")
    /// of those given on a word scale, screening questions aside (MMAT's
    /// "n/5").
    pub yes: Option<(usize, usize)>,
    /// The second judgement where the instrument has one (QUADAS-2's
    /// applicability concerns), its canonical word.
    pub applicability: Option<String>,
    /// Where the study's reviewers stand.
    pub state: State,
    /// For [`State::InProgress`]: each unfinished appraisal's reviewer and
    /// its answered items of those required.
    pub progress: Vec<(String, usize, usize)>,
    /// What the judgement is about where a study has several with one
    /// instrument: the outcome, the MMAT category.
    pub about: Option<String>,
    /// Screening questions not answered yes ("S1 no").
    pub flags: Vec<String>,
    /// How the instrument reads it (absent for an unknown instrument).
    #[serde(skip)]
    words: Option<Box<Words>>,
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
    /// The label of the applicability word ("high concern") and its name.
    applicability: Option<(String, String)>,
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

/// An appraisal with answers that its instrument forms no overall from and
/// its reviewer recorded none for: its judgement is "no overall" (the
/// answers are reported), not none.
fn no_overall_but_answered(v: &memo::Held) -> bool {
    v.assessed().overall.is_none() && !v.inst.has_rule() && v.usable() && !v.a.answers.is_empty()
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
            applicability: None,
            state: State::Single,
            progress: Vec::new(),
            about: None,
            flags: Vec::new(),
            words: None,
        }
    }

    /// A plain judgement with the words `reg` gives it.
    pub fn named(reg: &Registry, instrument: &str, level: &str) -> Judgement {
        Judgement::new(instrument, level).read_by(reg)
    }

    /// [`Judgement::named`] with `inst`'s words (`inst`, one of a
    /// registry's, is what it knows by `inst`'s name): disputed and in
    /// progress made once per instrument (reading a word's label and level
    /// folds every word of the scale where the word is none of them: most of
    /// a disputed unit's cost), others each time.
    pub(crate) fn named_of(inst: &Instrument, level: &str) -> Judgement {
        let made = || Judgement::new(&inst.name, level).read_in(Some(inst));
        match level {
            DISPUTED => inst.memo.named[0].get_or_init(made).clone(),
            IN_PROGRESS => inst.memo.named[1].get_or_init(made).clone(),
            _ => made(),
        }
    }

    /// `self` with the words of its instrument in `reg` (unchanged when
    /// `reg` does not know it).
    pub fn read_by(self, reg: &Registry) -> Judgement {
        let inst = reg.get(&self.instrument);
        self.read_in(inst)
    }

    /// [`Judgement::read_by`], `inst` the instrument the registry knows by
    /// this judgement's (`None`: none).
    fn read_in(mut self, inst: Option<&Instrument>) -> Judgement {
        self.words = inst.map(|i| {
            Box::new(Words {
                short: i.short.clone(),
                label: match self.level.as_str() {
                    NO_OVERALL => "no overall".to_string(),
                    IN_PROGRESS => "in progress".to_string(),
                    l => word_label(i, l),
                },
                computed: self.computed.as_ref().map(|c| word_label(i, c)),
                applicability: match (&self.applicability, &i.applicability) {
                    (Some(w), Some(c)) => Some((
                        c.name.clone(),
                        i.concern_words()
                            .iter()
                            .find(|x| x.word == *w)
                            .map_or_else(|| w.clone(), |x| x.label.clone()),
                    )),
                    _ => None,
                },
                stars: matches!(i.overall, instrument::Rule::Stars { .. }),
                rank: level_in(i, &self.level),
            })
        });
        self
    }

    /// The judgement that counts for a study (given its appraisals): that of
    /// its first unit (instrument, category, outcome) with one — see
    /// [`state::units`] for how a unit's reviewers are read. A study with
    /// several units has one judgement each: [`Judgement::each`].
    pub fn of(reg: &Registry, appraisals: &[Appraisal]) -> Option<Judgement> {
        units(reg, appraisals).into_iter().find_map(|u| u.judgement)
    }

    /// One judgement per unit of the study, in file order: several
    /// instruments or MMAT categories or outcomes side by side.
    pub fn each(reg: &Registry, appraisals: &[Appraisal]) -> Vec<Judgement> {
        units(reg, appraisals)
            .into_iter()
            .filter_map(|u| u.judgement)
            .collect()
    }

    /// The judgement of one appraisal (`None`: unknown instrument, or no
    /// overall recorded or computable).
    pub fn of_appraisal(reg: &Registry, a: &Appraisal) -> Option<Judgement> {
        let inst = reg.get(&a.instrument)?;
        Judgement::of_verdict(reg, &rules::verdict(inst, a))
    }

    /// [`Judgement::of_appraisal`] of the appraisal `v` is the verdict of
    /// (its instrument one of `reg`'s).
    pub fn of_verdict(reg: &Registry, v: &memo::Held) -> Option<Judgement> {
        Judgement::of_verdict_ref(reg, v).cloned()
    }

    /// [`Judgement::of_verdict`] as the verdict keeps it, not copied (what
    /// reads a part of it, for each of 200 000 appraisals).
    pub fn of_verdict_ref<'v>(reg: &Registry, v: &'v memo::Held) -> Option<&'v Judgement> {
        let (inst, a) = (v.inst, v.a);
        v.judgement(|| {
            let r = v.assessed();
            let flags = screening_flags(inst, a);
            if no_overall_but_answered(v) {
                return Some(
                    Judgement {
                        yes: Some(yes_count(inst, a)),
                        flags,
                        ..Judgement::new(&a.instrument, NO_OVERALL)
                    }
                    .read_by(reg),
                );
            }
            let j = Judgement {
                level: r.overall.clone()?,
                computed: r.is_override().then(|| r.computed.clone()).flatten(),
                score: r.score,
                applicability: r.applicability.clone(),
                flags,
                ..Judgement::new(&a.instrument, "")
            };
            Some(j.read_by(reg))
        })
        .as_ref()
    }

    /// The level of [`Judgement::of_verdict_ref`]'s judgement, without
    /// making the judgement (its words, flags and counts): what a reader
    /// of the level alone (agreement, for each of 200 000 appraisals)
    /// takes.
    pub fn level_of_verdict<'v>(v: &'v memo::Held) -> Option<&'v str> {
        if no_overall_but_answered(v) {
            return Some(NO_OVERALL);
        }
        v.assessed().overall.as_deref()
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

/// How many word answers of `a` are at the best level, of how many given,
/// screening questions aside (MMAT reports the criteria met of its five).
fn yes_count(inst: &Instrument, a: &Appraisal) -> (usize, usize) {
    let mut yes = 0;
    let mut of = 0;
    for (k, v) in &a.answers {
        let Some(item) = inst.item(k).filter(|i| !i.screening) else {
            continue;
        };
        if let (Some(instrument::ItemScale::Words(w)), Answer::Text(t)) = (inst.scale_of(item), &v)
        {
            of += 1;
            if instrument::canonical(w, t).is_some_and(|w| w.level == instrument::LevelName::Good) {
                yes += 1;
            }
        }
    }
    (yes, of)
}

/// The screening questions of `a` answered other than yes: "S1 no".
fn screening_flags(inst: &Instrument, a: &Appraisal) -> Vec<String> {
    inst.items
        .iter()
        .filter(|i| i.screening)
        .filter_map(|i| {
            let instrument::ItemScale::Words(w) = inst.scale_of(i)? else {
                return None;
            };
            let Answer::Text(t) = a.answer(&i.id)? else {
                return None;
            };
            let w = instrument::canonical(w, &t)?;
            (w.level != instrument::LevelName::Good)
                .then(|| format!("{} {}", i.id.to_uppercase(), w.label))
        })
        .collect()
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
    /// (8★)", "SANRA: 9/12", "CASP: high quality (not reconciled)", "RoB 2
    /// (pain): in progress (AB 3/5)", "QUADAS-2: low risk; applicability:
    /// high concern".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.about {
            Some(about) => write!(f, "{} ({about}): {}", self.short(), self.word())?,
            None => f.write_str(&self.label())?,
        }
        if let (Some(n), Some(true)) = (self.score, self.words.as_ref().map(|w| w.stars)) {
            write!(f, " ({n}★)")?;
        }
        let mut notes: Vec<String> = Vec::new();
        if let Some((yes, of)) = self.yes {
            notes.push(format!("{yes}/{of} yes"));
        }
        notes.extend(self.flags.iter().cloned());
        if !notes.is_empty() {
            write!(f, " ({})", notes.join("; "))?;
        }
        if let Some(c) = &self.computed {
            let c = self
                .words
                .as_ref()
                .and_then(|w| w.computed.clone())
                .unwrap_or_else(|| c.clone());
            write!(f, " (override; computed {c})")?;
        }
        match self.state {
            State::NotReconciled => f.write_str(" (not reconciled)")?,
            State::Agreed => f.write_str(" (agreed)")?,
            State::InProgress if !self.progress.is_empty() => {
                let who: Vec<String> = self
                    .progress
                    .iter()
                    .map(|(r, n, of)| format!("{r} {n}/{of}"))
                    .collect();
                write!(f, " ({})", who.join(", "))?;
            }
            _ => {}
        }
        if let Some(a) = &self.applicability {
            match self.words.as_ref().and_then(|w| w.applicability.as_ref()) {
                Some((name, label)) => write!(f, "; {name}: {label}")?,
                None => write!(f, "; applicability: {a}")?,
            }
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
    reg.get(instrument)
        .map_or(Level::Unknown, |inst| level_in(inst, judgement))
}

/// [`judgement_level`] with `inst`'s words.
fn level_in(inst: &Instrument, judgement: &str) -> Level {
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
    rules::verdict(reg.get(&a.instrument)?, a)
        .assessed()
        .computed
        .clone()
}

/// The judgement that counts for one appraisal: a valid recorded overall
/// (not below the worst domain where the instrument forbids it), else the
/// computed one.
pub fn overall(reg: &Registry, a: &Appraisal) -> Option<String> {
    rules::verdict(reg.get(&a.instrument)?, a)
        .assessed()
        .overall
        .clone()
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
            let v = rules::verdict(inst, a);
            let mut c = a.clone();
            c.answers = v.canonical().clone();
            if let Some(r) = &v.assessed().recorded {
                c.overall = Some(r.as_str().into());
            }
            c
        })
        .collect()
}

/// The judgements of a study as text ("RoB 2: low risk"; several units
/// side by side, "NOS: good (8★); CASP: high quality"), if it has any.
pub fn study_judgement(reg: &Registry, appraisals: &[Appraisal]) -> Option<String> {
    let all: Vec<String> = Judgement::each(reg, appraisals)
        .iter()
        .map(|j| j.to_string())
        .collect();
    (!all.is_empty()).then(|| all.join("; "))
}

#[cfg(test)]
mod tests;
