//! What a reviewer records: answers to an instrument's items and an
//! appraisal of one study (`[[appraisals]]` in its file).

use std::fmt;

pub use crate::text::Word;

use super::answers::Answers;

/// One answer to an appraisal item: a word from the instrument's scale,
/// free text, or a number of stars / points.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Text(Word),
    Int(i64),
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(s) => f.write_str(s),
            Self::Int(i) => write!(f, "{i}"),
        }
    }
}

/// One reviewer's appraisal of a study (`[[appraisals]]`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Appraisal {
    pub instrument: Word,
    /// Initials, or `consensus` for the agreed appraisal.
    pub reviewer: Word,
    /// MMAT's study category (1–5).
    pub category: Option<i64>,
    /// The outcome (result) the appraisal is about: RoB 2 and ROBINS-I are
    /// made once per outcome.
    pub outcome: Option<String>,
    /// Item id → answer, in file order.
    pub answers: Answers,
    /// A judgement left to the reviewer, or an override of a computed one.
    pub overall: Option<Word>,
    pub comment: Option<String>,
    /// Item id → the reviewer's comment on that answer (`notes`), in file
    /// order.
    pub notes: Vec<(Word, String)>,
}

impl Appraisal {
    /// The answer to `item`, if given.
    pub fn answer(&self, item: &str) -> Option<Answer> {
        self.answers.get(item)
    }

    /// The comment on `item`, if any.
    pub fn note(&self, item: &str) -> Option<&str> {
        self.notes
            .iter()
            .find(|(k, _)| k == item)
            .map(|(_, v)| v.as_str())
    }

    /// True for the agreed appraisal.
    pub fn is_consensus(&self) -> bool {
        self.reviewer.eq_ignore_ascii_case("consensus")
    }

    /// What the appraisal is about: its instrument, category and outcome.
    pub fn unit(&self) -> Unit {
        Unit {
            instrument: self.instrument.clone(),
            category: self.category,
            outcome: self
                .outcome
                .as_deref()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_string),
        }
    }

    /// The key no two appraisals of a study may share: the unit and the
    /// reviewer. Merges, saves and forms find an appraisal by it.
    pub fn key(&self) -> (Unit, Word) {
        (self.unit(), self.reviewer.clone())
    }

    /// The key in words, as merges and `check` name an appraisal: "rob2 by
    /// AB", "rob2 by AB for pain at 12 weeks", "mmat-2018 category 5 by AB".
    pub fn key_name(&self) -> String {
        let u = self.unit();
        let mut s = u.instrument.to_string();
        if let Some(c) = u.category {
            s.push_str(&format!(" category {c}"));
        }
        s.push_str(&format!(" by {}", self.reviewer));
        if let Some(o) = &u.outcome {
            s.push_str(&format!(" for {o}"));
        }
        s
    }
}

/// What reviewers appraise together and a consensus settles: one
/// instrument, for one MMAT category and one outcome. Appraisals of the
/// same unit by different reviewers are compared; appraisals of different
/// units (a cohort and a qualitative part, MMAT categories 5, 1 and 4, two
/// outcomes) stand side by side.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Unit {
    pub instrument: Word,
    pub category: Option<i64>,
    /// Trimmed; `None` when not given or blank.
    pub outcome: Option<String>,
}
