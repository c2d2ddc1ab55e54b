//! Appraisal instruments as data: `data/instruments/*.toml`, compiled in,
//! plus any a review keeps in `instruments/` beside `review.toml` (a file
//! there with a built-in's name replaces it).
//!
//! An instrument declares its items (id, prompt, domain, critical flag), its
//! answer scales (canonical words with their level, label, synonyms and
//! robvis word; or a range of stars/points) and its overall rule.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::appraisal::{Answer, Level};
use crate::text::problem::Problem;

/// The folder of a review's own instruments.
pub const INSTRUMENTS_DIR: &str = "instruments";

/// The built-in instrument files, by file name.
pub const BUILTIN: [(&str, &str); 10] = [
    (
        "rob2.toml",
        include_str!("../../data/instruments/rob2.toml"),
    ),
    (
        "robins-i.toml",
        include_str!("../../data/instruments/robins-i.toml"),
    ),
    (
        "quadas-2.toml",
        include_str!("../../data/instruments/quadas-2.toml"),
    ),
    (
        "amstar2.toml",
        include_str!("../../data/instruments/amstar2.toml"),
    ),
    (
        "nos-cohort.toml",
        include_str!("../../data/instruments/nos-cohort.toml"),
    ),
    (
        "sanra.toml",
        include_str!("../../data/instruments/sanra.toml"),
    ),
    (
        "casp-qualitative.toml",
        include_str!("../../data/instruments/casp-qualitative.toml"),
    ),
    (
        "mmat-2018.toml",
        include_str!("../../data/instruments/mmat-2018.toml"),
    ),
    (
        "jbi-case-report.toml",
        include_str!("../../data/instruments/jbi-case-report.toml"),
    ),
    (
        "jbi-text-opinion.toml",
        include_str!("../../data/instruments/jbi-text-opinion.toml"),
    ),
];

/// One word of a scale: "low" (label "low risk", level good, robvis "Low").
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Word {
    /// The canonical spelling, written to files.
    pub word: String,
    /// How it reads in tables and prose.
    pub label: String,
    pub level: LevelName,
    /// The word robvis expects, where robvis has one.
    #[serde(default)]
    pub robvis: Option<String>,
    /// Other accepted spellings (compared ignoring case, spaces, hyphens
    /// and apostrophes; a synonym of punctuation alone, such as robvis's
    /// "-", as written).
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// False for a word off an ordinal scale's order ("no information",
    /// "no meta-analysis"): weighted kappa leaves it out and counts it.
    #[serde(default = "yes")]
    pub ordinal: bool,
}

fn yes() -> bool {
    true
}

/// A level as spelled in an instrument file.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LevelName {
    Good,
    Fair,
    Bad,
    Critical,
    Unknown,
}

impl From<LevelName> for Level {
    fn from(l: LevelName) -> Level {
        match l {
            LevelName::Good => Level::Good,
            LevelName::Fair => Level::Fair,
            LevelName::Bad => Level::Bad,
            LevelName::Critical => Level::Critical,
            LevelName::Unknown => Level::Unknown,
        }
    }
}

/// An answer scale: words, or a whole-number range (stars, points).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged, deny_unknown_fields)]
pub enum Scale {
    /// With `ordinal`, the words (those not marked `ordinal = false`) are
    /// in order, best first, so that weighted kappa can weigh how far two
    /// answers are apart.
    Words {
        answers: Vec<Word>,
        #[serde(default)]
        ordinal: bool,
    },
    /// A count of stars or points: always ordinal.
    Range { min: i64, max: i64 },
}

/// One item of an instrument.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub prompt: String,
    /// Domain or section ("D1 Randomisation process", "Selection").
    #[serde(default)]
    pub domain: Option<String>,
    /// The name of a scale in `[scales]`, or `text` for a free answer.
    pub scale: Spanned<String>,
    #[serde(default)]
    pub critical: bool,
    /// An item that may be left unanswered.
    #[serde(default)]
    pub optional: bool,
    /// A screening question (MMAT S1, S2): not one of the criteria counted
    /// in "n/5 yes"; an answer other than the best one is flagged (the study
    /// may not be appraisable with the instrument).
    #[serde(default)]
    pub screening: bool,
    /// The prompt for each study category (MMAT: the five criteria differ
    /// by category), by category number ("1" … "5").
    #[serde(default)]
    pub by_category: BTreeMap<String, String>,
}

impl Item {
    /// The prompt for an appraisal in `category`, else the general one.
    pub fn prompt_for(&self, category: Option<i64>) -> &str {
        category
            .and_then(|c| self.by_category.get(&c.to_string()))
            .unwrap_or(&self.prompt)
    }
}

/// One band of a `flaws` rule: at most `critical` critical flaws and at most
/// `weak` weaknesses (no bound where absent).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FlawBand {
    #[serde(default)]
    pub critical: Option<u32>,
    #[serde(default)]
    pub weak: Option<u32>,
    pub word: String,
}

/// One band of a `stars` rule: at least `min[domain]` stars in each domain.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StarBand {
    pub word: String,
    pub min: BTreeMap<String, i64>,
}

/// One band of a `sum` rule (for colour only): a total of at least `min`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SumBand {
    pub min: i64,
    pub level: LevelName,
}

/// How the overall judgement follows from the answers.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(tag = "rule", rename_all = "lowercase", deny_unknown_fields)]
pub enum Rule {
    /// The worst answer of `items` (all word items when empty) in `order`
    /// (best first). With `floor`, an override may not be lower.
    Worst {
        order: Vec<String>,
        #[serde(default)]
        items: Vec<String>,
        #[serde(default)]
        floor: bool,
        #[serde(default)]
        scale: Option<String>,
        #[serde(default)]
        answers: Vec<Word>,
        /// Item answers that are not overall words, read as one that is
        /// (RoB 2: a domain with "no information" is at least "some
        /// concerns", never an overall of its own).
        #[serde(default)]
        counts_as: BTreeMap<String, String>,
    },
    /// Counting answers in `flaw` on critical items (flaws) and elsewhere
    /// (weaknesses); the first band that fits.
    Flaws {
        flaw: Vec<String>,
        bands: Vec<FlawBand>,
        answers: Vec<Word>,
    },
    /// Stars summed per domain; the first band whose minima are all met.
    Stars {
        bands: Vec<StarBand>,
        answers: Vec<Word>,
    },
    /// The sum of the points, written "9/12".
    Sum { bands: Vec<SumBand> },
    /// The reviewer's word, from `answers` (none: no overall is recorded).
    None {
        #[serde(default)]
        answers: Vec<Word>,
    },
}

/// An instrument file as written.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    pub name: String,
    /// "RoB 2": how judgements are labelled.
    pub short: String,
    pub title: String,
    pub version: String,
    /// The citation to look the original up.
    pub source: String,
    /// The study designs it is for, in words.
    #[serde(default)]
    pub designs: String,
    /// MMAT's study categories, recorded as `category` in an appraisal.
    #[serde(default)]
    pub categories: Vec<i64>,
    /// What each of `categories` is, in the same order ("qualitative").
    #[serde(default)]
    pub category_names: Vec<String>,
    /// Judged once per outcome (RoB 2, ROBINS-I): the form asks for the
    /// outcome an appraisal is about.
    #[serde(default)]
    pub outcomes: bool,
    #[serde(default)]
    pub scales: BTreeMap<String, Scale>,
    pub items: Vec<Item>,
    pub overall: Rule,
    /// A second judgement beside the overall, from other items (QUADAS-2's
    /// applicability concerns, reported apart from its risk of bias).
    #[serde(default)]
    pub applicability: Option<Concerns>,
    /// What its appraisals' answers came to, each distinct set read once
    /// (an instrument is read-only once parsed).
    #[serde(skip)]
    pub(crate) memo: super::memo::Memo,
}

/// A second judgement: the worst answer of `items` in `order` (best
/// first), in the words of `scale`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Concerns {
    /// How it is named in tables ("applicability").
    pub name: String,
    pub items: Vec<String>,
    pub order: Vec<String>,
    pub scale: String,
}

/// Where an answer sits on its item's ordinal scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ordinal {
    /// At this position: 0 to 1 for a word, the number for stars and
    /// points.
    At(f64),
    /// A word of an ordinal scale off its order ("no information").
    Off,
    /// The item's scale has no order (yes / no / can't tell), or the
    /// answer is not on it.
    NotOrdinal,
}

/// What an item accepts, resolved from its scale name.
#[derive(Debug, Clone, Copy)]
pub enum ItemScale<'a> {
    Words(&'a [Word]),
    Range(i64, i64),
    Text,
}

/// Lower case without spaces, hyphens, underscores, apostrophes or dots:
/// "Some concerns", "some-concerns" and "SOME_CONCERNS" compare equal.
pub fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '\'' | '’' | '.' | '\t'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// True when `given` has nothing to trim (its first and last bytes are
/// printable ASCII, not spaces): [`canonical`] then takes the first word
/// spelt exactly so, if any, before anything is trimmed or folded (and
/// `super::glance` places such an answer by that rule alone).
pub(crate) fn nothing_to_trim(given: &str) -> bool {
    let graphic = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    graphic(given.as_bytes().first()) && graphic(given.as_bytes().last())
}

/// The canonical word of `words` that `given` spells, if any.
pub fn canonical<'w>(words: &'w [Word], given: &str) -> Option<&'w Word> {
    // Mostly an answer is one of the words as they are (every file litrev
    // writes): found before anything is trimmed or folded, when it has
    // nothing to trim (a word of a review's own scale may end in a space:
    // "low " given is still "low" trimmed, as it always was).
    if nothing_to_trim(given)
        && let Some(w) = words.iter().find(|w| w.word == given)
    {
        return Some(w);
    }
    let g = given.trim();
    if let Some(w) = words.iter().find(|w| w.word == g) {
        return Some(w);
    }
    // Folding drops hyphens and spaces, so a synonym made of them ("-",
    // robvis's some concerns) is compared as written.
    if let Some(w) = words.iter().find(|w| {
        w.synonyms
            .iter()
            .any(|s| fold(s).is_empty() && s.trim() == g)
    }) {
        return Some(w);
    }
    let f = fold(g);
    if f.is_empty() {
        return None;
    }
    words.iter().find(|w| {
        fold(&w.word) == f || fold(&w.label) == f || w.synonyms.iter().any(|s| fold(s) == f)
    })
}

impl Instrument {
    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The item with this id and its place, looked for at place `from`
    /// first (answers mostly come in the items' order), then everywhere
    /// (the same item as [`Instrument::item`]'s: no two items of an
    /// instrument read share an id).
    pub fn item_from(&self, id: &str, from: usize) -> Option<(usize, &Item)> {
        match self.items.get(from) {
            Some(it) if crate::text::same_text(&it.id, id) => Some((from, it)),
            _ => self
                .items
                .iter()
                .enumerate()
                .find(|(_, i)| crate::text::same_text(&i.id, id)),
        }
    }

    /// What `item` accepts (`None`: its scale is not declared).
    pub fn scale_of(&self, item: &Item) -> Option<ItemScale<'_>> {
        let name = item.scale.get_ref();
        if name == "text" {
            return Some(ItemScale::Text);
        }
        Some(match self.scales.get(name)? {
            Scale::Words { answers, .. } => ItemScale::Words(answers),
            Scale::Range { min, max } => ItemScale::Range(*min, *max),
        })
    }

    /// Where `answer` to `item` sits on the item's ordinal scale: a word
    /// from 0 (the first of the order) to 1 (the last); stars and points as
    /// their number, so that one star apart is one star apart on every item.
    pub fn ordinal(&self, item: &Item, answer: &Answer) -> Ordinal {
        match (self.scales.get(item.scale.get_ref()), answer) {
            (Some(Scale::Range { min, max }), Answer::Int(n)) if (*min..=*max).contains(n) => {
                Ordinal::At(*n as f64)
            }
            (
                Some(Scale::Words {
                    answers,
                    ordinal: true,
                }),
                Answer::Text(t),
            ) => {
                // The words of the order, counted where they stand.
                let mut on = answers.iter().filter(|w| w.ordinal);
                let of = on.clone().count();
                match canonical(answers, t) {
                    Some(w) if !w.ordinal => Ordinal::Off,
                    Some(w) if of > 1 => on
                        .position(|o| o.word == w.word)
                        .map_or(Ordinal::Off, |i| Ordinal::At(i as f64 / (of - 1) as f64)),
                    _ => Ordinal::NotOrdinal,
                }
            }
            _ => Ordinal::NotOrdinal,
        }
    }

    /// True when `item` takes a category (a word or a count), not free text:
    /// the items agreement is computed over.
    pub fn is_categorical(&self, item: &Item) -> bool {
        matches!(
            self.scale_of(item),
            Some(ItemScale::Words(_) | ItemScale::Range(..))
        )
    }

    /// The words of the second judgement ([`Instrument::applicability`]).
    pub fn concern_words(&self) -> &[Word] {
        match self
            .applicability
            .as_ref()
            .and_then(|c| self.scales.get(&c.scale))
        {
            Some(Scale::Words { answers, .. }) => answers,
            _ => &[],
        }
    }

    /// The words an overall judgement may take (empty for a sum, and for an
    /// instrument without an overall).
    pub fn overall_words(&self) -> &[Word] {
        match &self.overall {
            Rule::Worst {
                scale: Some(s),
                answers,
                ..
            } if answers.is_empty() => match self.scales.get(s) {
                Some(Scale::Words { answers, .. }) => answers,
                _ => &[],
            },
            Rule::Worst { answers, .. }
            | Rule::Flaws { answers, .. }
            | Rule::Stars { answers, .. }
            | Rule::None { answers } => answers,
            Rule::Sum { .. } => &[],
        }
    }

    /// The largest total of a `sum` instrument.
    pub fn max_points(&self) -> i64 {
        self.items
            .iter()
            .filter_map(|i| match self.scale_of(i) {
                Some(ItemScale::Range(_, max)) => Some(max),
                _ => None,
            })
            .fold(0i64, i64::saturating_add)
    }

    /// The name of study category `c` ("2 randomised controlled trials").
    pub fn category_name(&self, c: i64) -> Option<&str> {
        let i = self.categories.iter().position(|x| *x == c)?;
        self.category_names.get(i).map(String::as_str)
    }

    /// True where the overall is computed from the answers.
    pub fn has_rule(&self) -> bool {
        !matches!(self.overall, Rule::None { .. })
    }

    /// True where a recorded overall may not be below the computed one.
    pub fn has_floor(&self) -> bool {
        matches!(self.overall, Rule::Worst { floor: true, .. })
    }

    /// Every word the file names that must exist, as (what, word, scale
    /// words): checked once when the file is read.
    fn check(&self) -> Vec<(Option<std::ops::Range<usize>>, String)> {
        let mut out = Vec::new();
        // An answer names its item by id: two items of one id could not be
        // told apart.
        for (at, item) in self.items.iter().enumerate() {
            if self.items[..at].iter().any(|i| i.id == item.id) {
                out.push((
                    Some(item.scale.span()),
                    format!(
                        "item {}: another item has this id; each item needs its own",
                        item.id
                    ),
                ));
            }
        }
        for item in &self.items {
            if self.scale_of(item).is_none() {
                out.push((
                    Some(item.scale.span()),
                    format!(
                        "item {}: no scale \"{}\" in [scales] (or \"text\")",
                        item.id,
                        item.scale.get_ref()
                    ),
                ));
            }
        }
        for item in &self.items {
            for c in item.by_category.keys() {
                if !self.categories.iter().any(|k| k.to_string() == *c) {
                    out.push((
                        Some(item.scale.span()),
                        format!(
                            "item {}: by_category names category {c}, which is not in `categories`",
                            item.id
                        ),
                    ));
                }
            }
        }
        if !self.category_names.is_empty() && self.category_names.len() != self.categories.len() {
            out.push((
                None,
                "category_names must name every one of `categories`, in order".to_string(),
            ));
        }
        let overall: Vec<&str> = self
            .overall_words()
            .iter()
            .map(|w| w.word.as_str())
            .collect();
        let mut need = |word: &str, what: &str| {
            if !overall.contains(&word) {
                out.push((
                    None,
                    format!("overall {what} \"{word}\" is not an overall word"),
                ));
            }
        };
        match &self.overall {
            Rule::Worst { order, .. } => order.iter().for_each(|w| need(w, "order word")),
            Rule::Flaws { bands, .. } => bands.iter().for_each(|b| need(&b.word, "band")),
            Rule::Stars { bands, .. } => bands.iter().for_each(|b| need(&b.word, "band")),
            _ => {}
        }
        if let Rule::Worst {
            items, counts_as, ..
        } = &self.overall
        {
            for id in items {
                if self.item(id).is_none() {
                    out.push((None, format!("overall item \"{id}\" is not an item")));
                }
            }
            for w in counts_as.values() {
                if !overall.contains(&w.as_str()) {
                    out.push((
                        None,
                        format!("overall counts_as \"{w}\" is not an overall word"),
                    ));
                }
            }
        }
        if let Some(c) = &self.applicability {
            let words: Vec<&str> = self
                .concern_words()
                .iter()
                .map(|w| w.word.as_str())
                .collect();
            if words.is_empty() {
                out.push((
                    None,
                    format!("applicability: no word scale \"{}\" in [scales]", c.scale),
                ));
            }
            for id in &c.items {
                if self.item(id).is_none() {
                    out.push((None, format!("applicability item \"{id}\" is not an item")));
                }
            }
            for w in &c.order {
                if !words.contains(&w.as_str()) {
                    out.push((
                        None,
                        format!("applicability order word \"{w}\" is not a word of its scale"),
                    ));
                }
            }
        }
        out
    }
}

/// The instruments a review can use, in name order.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    by_name: BTreeMap<String, Instrument>,
}

impl Registry {
    /// The built-in instruments.
    pub fn builtin() -> Registry {
        let mut r = Registry::default();
        for (file, src) in BUILTIN {
            // The built-in files are tested to parse; a broken one would be
            // a build defect, so it is left out rather than panicking.
            if let Ok(i) = parse(Path::new(file), src) {
                r.by_name.insert(i.name.clone(), i);
            }
        }
        r
    }

    /// The built-ins plus the review's `instruments/*.toml` (each replacing
    /// a built-in of the same name); every bad file is a located problem
    /// and is left out.
    pub fn for_review(root: &Path) -> (Registry, Vec<Problem>) {
        let mut r = Registry::builtin();
        let mut problems = Vec::new();
        let dir = root.join(INSTRUMENTS_DIR);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return (r, problems);
        };
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        for path in files {
            match std::fs::read_to_string(&path) {
                Ok(src) => match parse(&path, &src) {
                    Ok(i) => {
                        r.by_name.insert(i.name.clone(), i);
                    }
                    Err(p) => problems.extend(p),
                },
                Err(e) => problems.push(Problem::file(&path, format!("cannot be read: {e}"))),
            }
        }
        (r, problems)
    }

    /// The instrument called `name`.
    pub fn get(&self, name: &str) -> Option<&Instrument> {
        self.by_name.get(name)
    }

    /// Every instrument, by name.
    pub fn iter(&self) -> impl Iterator<Item = &Instrument> {
        self.by_name.values()
    }

    /// The names, comma-separated, for messages.
    pub fn names(&self) -> String {
        self.by_name.keys().cloned().collect::<Vec<_>>().join(", ")
    }
}

/// Reads one instrument file, every problem located.
pub fn parse(path: &Path, src: &str) -> Result<Instrument, Vec<Problem>> {
    let inst: Instrument = toml::from_str(src).map_err(|e| {
        let off = e.span().map(|s| s.start).unwrap_or(0);
        let msg = e.message().lines().next().unwrap_or("").to_string();
        vec![Problem::at(
            path,
            src,
            off,
            format!("not a valid instrument: {msg}"),
        )]
    })?;
    let problems: Vec<Problem> = inst
        .check()
        .into_iter()
        .map(|(span, msg)| Problem::at(path, src, span.map_or(0, |s| s.start), msg))
        .collect();
    if problems.is_empty() {
        Ok(inst)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
#[path = "instrument_tests.rs"]
mod tests;
