//! The screening screen: one record at a time, one key per decision, blind
//! to the other reviewers until asked or until everyone needed has
//! decided; a list of the records by state, the conflicts (settled with one
//! key), the possible duplicates, and a jump to any record by fuzzy search.
//!
//! The state lives here; `update` changes it and `view` draws it. The
//! reviewer's decisions file is written by a thread of its own
//! ([`writer`]), so a decision and the next record are on screen at once.

mod promote;
pub mod update;
pub mod view;
pub mod writer;

use crate::screening::terms::Terms;
use crate::screening::{Decision, Screening, Stage, State, Who};
use crate::search::SearchIndex;

use super::app::Mode;
use super::textbuf::TextBuf;

/// What the screening screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// One record.
    Record,
    /// The records of the stage by state.
    List,
    /// The records the reviewers differ on, to settle.
    Conflicts,
    /// Pairs of records that may be the same.
    Duplicates,
}

/// A list pane's rows and cursor.
#[derive(Debug, Clone, Default)]
pub struct ListView {
    /// Records (or, for duplicates, pairs) in the order shown.
    pub rows: Vec<usize>,
    pub cursor: usize,
    pub offset: usize,
    /// The records list: only this state (`None`: every record).
    pub state: Option<State>,
}

/// What a text box is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// Go to a record by fuzzy search.
    Jump,
    /// The reason a full text is excluded for.
    Reason { record: usize, consensus: bool },
    /// Where the record's full text is (a PDF's path or a URL).
    Location { record: usize },
}

/// A text box open over the screen, with what it offers.
#[derive(Debug, Clone)]
pub struct Input {
    pub purpose: Purpose,
    pub text: TextBuf,
    /// Jump: records matching; reason: indices of the reasons matching.
    pub results: Vec<usize>,
    pub cursor: usize,
}

/// A decision that undo takes back: whose, on what, and what was there.
#[derive(Debug, Clone)]
pub struct Undone {
    pub record: usize,
    pub stage: Stage,
    pub who: Who,
    pub before: Option<crate::screening::Row>,
}

/// The reviewer's progress at the stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Records at the stage.
    pub total: usize,
    pub decided: usize,
    /// Per decision (in [`Decision::ALL`] order).
    pub by: [usize; 4],
}

/// The screening screen's state.
#[derive(Debug)]
pub struct ScreenView {
    pub s: Screening,
    /// Whose decisions the keys record.
    pub who: Who,
    pub stage: Stage,
    /// The records of the stage in the order they are screened.
    pub order: Vec<usize>,
    /// Position in `order` of the record shown.
    pub pos: usize,
    pub pane: Pane,
    pub list: ListView,
    pub input: Option<Input>,
    /// The others' decisions shown before deciding.
    pub unblind: bool,
    pub undo: Vec<Undone>,
    /// How far the record is scrolled.
    pub scroll: u16,
    pub progress: Progress,
    pub terms: Terms,
    /// Opened by `litrev screen`: closing the screen quits.
    pub standalone: bool,
    /// Set when the decisions file could not be written: quitting asks first.
    pub unsaved: Option<String>,
    writer: Option<writer::Writer>,
    index: Option<SearchIndex>,
}

impl ScreenView {
    /// The screen over `s` for reviewer `who`, at `stage`.
    pub fn new(s: Screening, who: &str, stage: Stage, standalone: bool) -> ScreenView {
        let terms = Terms::new(
            &s.config.settings.include_terms,
            &s.config.settings.exclude_terms,
        );
        let mut v = ScreenView {
            s,
            who: Who::Reviewer(who.to_string()),
            stage,
            order: Vec::new(),
            pos: 0,
            pane: Pane::Record,
            list: ListView::default(),
            input: None,
            unblind: false,
            undo: Vec::new(),
            scroll: 0,
            progress: Progress::default(),
            terms,
            standalone,
            unsaved: None,
            writer: None,
            index: None,
        };
        v.enter_stage(stage);
        v
    }

    /// The keymap table in force.
    pub fn mode(&self) -> Mode {
        if self.input.is_some() {
            Mode::ScreenInput
        } else if self.pane == Pane::Record {
            Mode::Screen
        } else {
            Mode::ScreenList
        }
    }

    /// Shows `stage`: its records, in file order, at the first one the
    /// reviewer has not decided.
    pub fn enter_stage(&mut self, stage: Stage) {
        self.stage = stage;
        self.order = (0..self.s.records.len())
            .filter(|&r| self.s.in_stage(r, stage))
            .collect();
        self.count_progress();
        self.pos = (0..self.order.len())
            .find(|&p| self.mine(self.order[p]).is_none())
            .unwrap_or(0);
        self.scroll = 0;
    }

    /// Counts the reviewer's decisions at the stage.
    pub fn count_progress(&mut self) {
        let mut p = Progress {
            total: self.order.len(),
            ..Progress::default()
        };
        for &r in &self.order {
            if let Some(d) = self.mine(r) {
                p.decided += 1;
                p.by[d as usize] += 1;
            }
        }
        self.progress = p;
    }

    /// The reviewer's own decision on `record` at the stage.
    pub fn mine(&self, record: usize) -> Option<Decision> {
        self.s
            .mark_of(&self.who, record, self.stage)
            .map(|r| r.decision)
    }

    /// The record shown.
    pub fn current(&self) -> Option<usize> {
        self.order.get(self.pos).copied()
    }

    /// True when the others' decisions on `record` may be shown.
    pub fn sees_others(&self, record: usize) -> bool {
        self.unblind || self.s.unblinded(&self.who, record, self.stage)
    }

    /// The search index over the records, built on first use. It holds
    /// what a jump goes by — title, authors, year, journal, DOI, PMID — and
    /// not the abstracts, which would double the memory of 100 000 records.
    pub fn index(&mut self) -> &SearchIndex {
        let s = &self.s;
        self.index.get_or_insert_with(|| {
            let docs = s
                .records
                .iter()
                .map(|r| {
                    let st = &r.study;
                    crate::search::Doc::new(&crate::model::Study {
                        title: st.title.clone(),
                        authors: st.authors.clone(),
                        year: st.year,
                        journal: st.journal.clone(),
                        doi: st.doi.clone(),
                        pmid: st.pmid.clone(),
                        ..crate::model::Study::default()
                    })
                })
                .collect();
            SearchIndex::from_docs(docs)
        })
    }

    /// Waits until the reviewer's decisions are written; false when that
    /// took longer than a few seconds.
    pub fn flush(&self) -> bool {
        self.writer
            .as_ref()
            .is_none_or(|w| w.flush(std::time::Duration::from_secs(10)))
    }

    /// A write of the decisions file that failed since the last call.
    pub fn write_error(&mut self) -> Option<String> {
        let e = self.writer.as_ref().and_then(|w| w.error());
        if let Some(e) = &e {
            self.unsaved = Some(e.clone());
        }
        e
    }
}
