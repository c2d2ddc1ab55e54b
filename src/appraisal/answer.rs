//! What a reviewer records: answers to an instrument's items and an
//! appraisal of one study (`[[appraisals]]` in its file).

use std::fmt;

/// One answer to an appraisal item: a word from the instrument's scale,
/// free text, or a number of stars / points.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Text(String),
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
    pub instrument: String,
    /// Initials, or `consensus` for the agreed appraisal.
    pub reviewer: String,
    /// MMAT's study category (1–5).
    pub category: Option<i64>,
    /// Item id → answer, in file order.
    pub answers: Vec<(String, Answer)>,
    /// A judgement left to the reviewer, or an override of a computed one.
    pub overall: Option<String>,
    pub comment: Option<String>,
    /// Item id → the reviewer's comment on that answer (`notes`), in file
    /// order.
    pub notes: Vec<(String, String)>,
}

impl Appraisal {
    /// The answer to `item`, if given.
    pub fn answer(&self, item: &str) -> Option<&Answer> {
        self.answers.iter().find(|(k, _)| k == item).map(|(_, v)| v)
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
}
