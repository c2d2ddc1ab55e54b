//! The filter the table and the commands share: design paths, tags, a year
//! range, appraisal judgements and a set of studies picked by id (a cell of
//! the evidence map). Kinds combine with AND, the values of one kind with OR.

use std::collections::BTreeSet;

use crate::appraisal::{self, Judgement};
use crate::model::design::DesignPath;
use crate::model::{Review, Study};

/// What "not appraised" is called on the command line and in the status bar.
pub const NOT_APPRAISED: &str = "not appraised";

/// What "no design" is called on the command line, in the filter picker and
/// in the status bar (the tally's name for the same studies).
pub const NOT_CLASSIFIED: &str = "not classified";

/// The active filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Design paths; a group also matches its children.
    pub designs: BTreeSet<DesignPath>,
    /// Studies with no design ("not classified"), alongside `designs`: a
    /// study matches either.
    pub unclassified: bool,
    pub tags: BTreeSet<String>,
    /// Year bounds, both inclusive; bounds the wrong way round ("from 2020
    /// to 2010") mean the years between them.
    pub years: (Option<i32>, Option<i32>),
    /// Overall judgements; `None` stands for "not appraised".
    pub judgements: BTreeSet<Option<Judgement>>,
    /// Exactly these studies, when set (a cell of the evidence map).
    pub studies: Option<StudySet>,
}

/// A set of studies picked by id, with what they are ("map cell:
/// qualitative/patient × trust").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudySet {
    /// The study ids.
    pub ids: BTreeSet<String>,
    /// What the set is, without its count.
    pub what: String,
}

impl StudySet {
    /// The studies of one evidence-map cell: `row` × `col` as the map labels
    /// them.
    pub fn map_cell<I, S>(row: &str, col: &str, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        StudySet {
            ids: ids.into_iter().map(Into::into).collect(),
            what: format!("map cell: {row} × {col}"),
        }
    }

    /// "map cell: qualitative/patient × trust (4)".
    pub fn describe(&self) -> String {
        format!("{} ({})", self.what, self.ids.len())
    }
}

/// A filter value the review cannot use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("unknown design \"{given}\": expected one of {valid}")]
    UnknownDesign { given: String, valid: String },
    #[error("review.toml declares no designs to filter by (\"{given}\" given)")]
    NoDesigns { given: String },
    #[error("a tag to filter by cannot be empty")]
    EmptyTag,
    #[error(
        "\"{given}\" is not a year range: expected a year (2015) or a range \
         (2015..2020, 2015.., ..2020)"
    )]
    BadYears { given: String },
    #[error(
        "\"{given}\" is not an appraisal judgement: expected INSTRUMENT:JUDGEMENT \
         (e.g. rob2:low), \"disputed\" or \"not appraised\""
    )]
    BadJudgement { given: String },
    #[error("unknown appraisal instrument \"{given}\": expected one of {valid}")]
    UnknownInstrument { given: String, valid: String },
    #[error("{instrument} has no overall judgement \"{given}\": expected one of {valid}")]
    UnknownJudgement {
        instrument: String,
        given: String,
        valid: String,
    },
}

impl Filter {
    /// The year bounds, lower first.
    pub fn year_range(&self) -> (Option<i32>, Option<i32>) {
        match self.years {
            (Some(a), Some(b)) if a > b => (Some(b), Some(a)),
            bounds => bounds,
        }
    }

    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.designs.is_empty()
            && !self.unclassified
            && self.tags.is_empty()
            && self.judgements.is_empty()
            && self.years == (None, None)
            && self.studies.is_none()
    }

    /// True when `s` passes every active filter.
    pub fn matches(&self, reg: &appraisal::Registry, s: &Study) -> bool {
        if let Some(set) = &self.studies
            && !set.ids.contains(&s.id)
        {
            return false;
        }
        if !self.designs.is_empty() || self.unclassified {
            let known = match s.design.as_deref().map(str::trim) {
                None | Some("") => self.unclassified,
                Some(_) => s
                    .design_path()
                    .is_some_and(|d| self.designs.iter().any(|f| f.contains(&d))),
            };
            if !known {
                return false;
            }
        }
        if !self.tags.is_empty() && !s.tags.iter().any(|t| self.tags.contains(t)) {
            return false;
        }
        let (from, to) = self.year_range();
        if from.is_some_and(|from| s.year.is_none_or(|y| y < from)) {
            return false;
        }
        if to.is_some_and(|to| s.year.is_none_or(|y| y > to)) {
            return false;
        }
        if self.judgements.is_empty() {
            return true;
        }
        // A study with several judgements (instruments, outcomes, MMAT
        // categories side by side) matches when any of them does.
        let each = Judgement::each(reg, &s.appraisals);
        if each.is_empty() {
            return self.judgements.contains(&None);
        }
        let any_disputed = each.iter().any(Judgement::is_disputed)
            && self.judgements.contains(&Some(any_disputed()));
        any_disputed || each.into_iter().any(|j| self.judgements.contains(&Some(j)))
    }

    /// "qualitative/patient, tag: trust, 2010–2020" for the status bar.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        // A group whose children are all selected reads as the group.
        let mut designs: Vec<&str> = self
            .designs
            .iter()
            .filter(|d| d.is_group() || !self.designs.contains(&d.to_group()))
            .map(|d| d.as_str())
            .collect();
        if self.unclassified {
            designs.push(NOT_CLASSIFIED);
        }
        if !designs.is_empty() {
            parts.push(designs.join("+"));
        }
        if !self.tags.is_empty() {
            let tags: Vec<&str> = self.tags.iter().map(|t| t.as_str()).collect();
            parts.push(format!("tag: {}", tags.join("+")));
        }
        match self.year_range() {
            (Some(a), Some(b)) => parts.push(format!("{a}–{b}")),
            (Some(a), None) => parts.push(format!("{a}–")),
            (None, Some(b)) => parts.push(format!("–{b}")),
            (None, None) => {}
        }
        if !self.judgements.is_empty() {
            let j: Vec<String> = self.judgements.iter().map(judgement_label).collect();
            parts.push(format!("appraisal: {}", j.join("+")));
        }
        if let Some(set) = &self.studies {
            parts.push(set.describe());
        }
        parts.join(", ")
    }

    /// True for the `--design` values that stand for studies with no
    /// design: "not classified", "unclassified" or "none" (any case).
    pub fn means_unclassified(text: &str) -> bool {
        let t = text.trim();
        [NOT_CLASSIFIED, "unclassified", "none"]
            .iter()
            .any(|w| t.eq_ignore_ascii_case(w))
    }

    /// A design path the review's taxonomy holds (`--design`).
    pub fn parse_design(review: &Review, text: &str) -> Result<DesignPath, FilterError> {
        if review.designs.is_empty() {
            return Err(FilterError::NoDesigns {
                given: text.to_string(),
            });
        }
        DesignPath::parse(text.trim())
            .ok()
            .filter(|p| review.resolve(p).is_some())
            .ok_or_else(|| FilterError::UnknownDesign {
                given: text.to_string(),
                valid: review.design_paths_list(),
            })
    }

    /// A tag (`--tag`), matched exactly.
    pub fn parse_tag(text: &str) -> Result<String, FilterError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(FilterError::EmptyTag);
        }
        Ok(t.to_string())
    }

    /// A year range (`--year`): `2015`, `2015..2020`, `2015..` or `..2020`,
    /// both ends inclusive.
    pub fn parse_years(text: &str) -> Result<(Option<i32>, Option<i32>), FilterError> {
        let bad = || FilterError::BadYears {
            given: text.to_string(),
        };
        let year = |t: &str| -> Result<Option<i32>, FilterError> {
            let t = t.trim();
            if t.is_empty() {
                return Ok(None);
            }
            if !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            t.parse().map(Some).map_err(|_| bad())
        };
        let range = match text.split_once("..") {
            Some((a, b)) => (year(a)?, year(b)?),
            None => {
                let y = year(text)?;
                (y, y)
            }
        };
        if range == (None, None) {
            return Err(bad());
        }
        Ok(range)
    }

    /// An appraisal judgement (`--appraisal`): `INSTRUMENT:JUDGEMENT`
    /// (`rob2:low`, or `rob2: low` as the tally writes it), or
    /// `not appraised` / `none`. The instrument must be one litrev knows or
    /// the review uses; for an instrument with a rule, the judgement must be
    /// one the rule gives or a study records.
    pub fn parse_judgement(
        text: &str,
        review: &Review,
        studies: &[&Study],
    ) -> Result<Option<Judgement>, FilterError> {
        let t = text.trim();
        if t.eq_ignore_ascii_case(NOT_APPRAISED) || t.eq_ignore_ascii_case("none") {
            return Ok(None);
        }
        if t.eq_ignore_ascii_case(appraisal::DISPUTED) {
            return Ok(Some(any_disputed()));
        }
        let bad = || FilterError::BadJudgement {
            given: text.to_string(),
        };
        let (instrument, level) = t.split_once(':').ok_or_else(bad)?;
        let (instrument, level) = (instrument.trim(), level.trim());
        if instrument.is_empty() || level.is_empty() {
            return Err(bad());
        }
        let reg = &review.instruments;
        // The instrument by name ("rob2") or short name ("RoB 2").
        let known = reg.iter().find(|i| {
            i.name.eq_ignore_ascii_case(instrument) || i.short.eq_ignore_ascii_case(instrument)
        });
        let mut instruments: BTreeSet<&str> = reg.iter().map(|i| i.name.as_str()).collect();
        instruments.extend(instrument_names(&review.designs));
        instruments.extend(
            studies
                .iter()
                .flat_map(|s| s.appraisals.iter().map(|a| a.instrument.as_str())),
        );
        let Some(inst) = known else {
            if instruments.contains(instrument) {
                // Used by the review but not defined: its words are free.
                return Ok(Some(Judgement::new(instrument, level)));
            }
            return Err(FilterError::UnknownInstrument {
                given: instrument.to_string(),
                valid: join(instruments),
            });
        };
        if level.eq_ignore_ascii_case(appraisal::DISPUTED) {
            return Ok(Some(Judgement::named(reg, &inst.name, appraisal::DISPUTED)));
        }
        if appraisal::instrument::fold(level) == appraisal::instrument::fold(appraisal::IN_PROGRESS)
        {
            return Ok(Some(Judgement::named(
                reg,
                &inst.name,
                appraisal::IN_PROGRESS,
            )));
        }
        if !inst.has_rule()
            && appraisal::instrument::fold(level)
                == appraisal::instrument::fold(appraisal::NO_OVERALL)
        {
            return Ok(Some(Judgement::named(
                reg,
                &inst.name,
                appraisal::NO_OVERALL,
            )));
        }
        let word = match &inst.overall {
            appraisal::instrument::Rule::Sum { .. } => {
                let max = inst.max_points();
                level
                    .split('/')
                    .next()
                    .and_then(|n| n.trim().parse::<i64>().ok())
                    .filter(|n| (0..=max).contains(n))
                    .map(|n| format!("{n}/{max}"))
            }
            _ => appraisal::instrument::canonical(inst.overall_words(), level)
                .map(|w| w.word.clone()),
        };
        match word {
            Some(w) => Ok(Some(Judgement::named(reg, &inst.name, &w))),
            None => {
                let mut words: Vec<String> = inst
                    .overall_words()
                    .iter()
                    .map(|w| w.word.clone())
                    .collect();
                if let appraisal::instrument::Rule::Sum { .. } = inst.overall {
                    words.push(format!("0/{max} to {max}/{max}", max = inst.max_points()));
                }
                words.push(appraisal::DISPUTED.into());
                words.push(appraisal::IN_PROGRESS.into());
                Err(FilterError::UnknownJudgement {
                    instrument: inst.name.clone(),
                    given: level.to_string(),
                    valid: words.join(", "),
                })
            }
        }
    }
}

/// The filter value "disputed" alone: any study whose reviewers disagree.
pub fn any_disputed() -> Judgement {
    Judgement::new("", appraisal::DISPUTED)
}

/// "rob2: low", or "not appraised".
pub fn judgement_label(j: &Option<Judgement>) -> String {
    match j {
        Some(j) if j.instrument.is_empty() => j.level.clone(),
        Some(j) => j.label(),
        None => NOT_APPRAISED.to_string(),
    }
}

fn instrument_names(designs: &[crate::model::Design]) -> Vec<&str> {
    designs
        .iter()
        .flat_map(|d| std::iter::once(d).chain(&d.children))
        .filter_map(|d| d.instrument.as_deref())
        .collect()
}

fn join<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    words.into_iter().collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
