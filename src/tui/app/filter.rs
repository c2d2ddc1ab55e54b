//! The filters being set in the interface: the library's filter plus the
//! year boxes being typed into, and the filter picker's rows.

use crate::appraisal::Judgement;
use crate::model::{self, DesignPath};
use crate::tui::textbuf::TextBuf;

/// The active filters: the library's [`model::filter::Filter`] (which it
/// reads as), plus the two year boxes being typed into.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub set: model::filter::Filter,
    pub year_from: TextBuf,
    pub year_to: TextBuf,
}

impl Filter {
    /// Feeds the year boxes into the filter, each once it holds a whole year.
    pub fn years_typed(&mut self) {
        self.set.years = (whole_year(&self.year_from), whole_year(&self.year_to));
    }
}

impl std::ops::Deref for Filter {
    type Target = model::filter::Filter;
    fn deref(&self) -> &Self::Target {
        &self.set
    }
}

impl std::ops::DerefMut for Filter {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.set
    }
}

/// The year in a filter box once it has all four digits: while "201" is
/// being typed on the way to "2015" the list should not flash empty (and
/// lose the selection) as "to 2" and "to 20" would.
fn whole_year(b: &TextBuf) -> Option<i32> {
    let t = b.text();
    let t = t.trim();
    (t.len() == 4).then(|| t.parse().ok()).flatten()
}

/// One row of the filter picker.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterRow {
    Header(&'static str),
    Design {
        path: DesignPath,
        label: String,
        child: bool,
    },
    /// Studies with no design.
    Unclassified,
    Tag(String),
    YearFrom,
    YearTo,
    /// `None`: not appraised.
    Judgement(Option<Judgement>),
    /// The studies picked on the evidence map (only while that filter is
    /// on, or was when the picker opened).
    Studies(model::filter::StudySet),
}

impl FilterRow {
    /// Headers cannot be selected.
    pub fn selectable(&self) -> bool {
        !matches!(self, FilterRow::Header(_))
    }

    /// The words typing jumps by (`None`: the row is not jumped to).
    pub fn words(&self) -> Option<String> {
        match self {
            FilterRow::Header(_) | FilterRow::YearFrom | FilterRow::YearTo => None,
            FilterRow::Design { label, .. } => Some(label.clone()),
            FilterRow::Unclassified => Some(model::filter::NOT_CLASSIFIED.to_string()),
            FilterRow::Tag(t) => Some(t.clone()),
            FilterRow::Judgement(j) => Some(model::filter::judgement_label(j)),
            FilterRow::Studies(set) => Some(set.describe()),
        }
    }
}

/// The filter picker's rows (built when it opens) and cursor.
#[derive(Debug, Clone, Default)]
pub struct FilterPicker {
    pub rows: Vec<FilterRow>,
    pub cursor: usize,
    /// What was typed to jump, so far: the start of a word of a row.
    pub typed: String,
    /// Studies of the review with each row's value (a design group: its
    /// whole group), where a row has one.
    pub counts: Vec<Option<usize>>,
}
