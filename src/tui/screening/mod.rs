//! The screening screen: one record at a time, one key per decision, blind
//! to the other reviewers until asked or until everyone needed has
//! decided; a list of the records by state, the conflicts (settled with one
//! key), the possible duplicates, and a jump to any record by fuzzy search.
//!
//! The state lives here; `update` changes it and `view` draws it. The
//! reviewer's decisions file is written by a thread of its own
//! ([`writer`]), so a decision and the next record are on screen at once.
//!
//! The records come most likely relevant first: a [`Ranker`] retrains on
//! the reviewer's decisions at the stage on a thread of its own after each
//! one, and the next record is the highest-ranked one not yet decided (or,
//! switched with `o`, the next in file order or in a random order).

pub mod input;
mod promote;
pub mod update;
pub mod view;
pub mod writer;

use std::time::Duration;

use crate::screening::rank::ranker::{Label, Order};
use crate::screening::rank::{Doc, Model, Ranker};
use crate::screening::records::texts::TextRef;
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
    /// The order the records come in (kept from one stage to the other).
    order_kind: Order,
    /// The model of the stage: its rows are the records of `base`.
    ranker: Option<Ranker>,
    /// The records of the stage in file order.
    base: Vec<usize>,
    /// Each record's row in `base` (`u32::MAX`: not at this stage).
    row_of: Vec<u32>,
    /// The stage and records `ranker` was built for.
    stage_of_ranker: Stage,
    ranked: Vec<usize>,
    /// How many records at the head of `order` are decided (in ranked and
    /// random order those decided come first): where the search for the
    /// next one to screen starts, so that it does not go over every
    /// decision made so far at each key.
    decided_head: usize,
    /// The model of the other stage, kept while it is not shown (with its
    /// stage and records), so that going back does not build it again.
    parked: Option<(Stage, Vec<usize>, Ranker)>,
}

/// The seed of the screen's ranker: every reviewer and every run gets the
/// same random order before the model has learned anything.
pub const SEED: u64 = 1;

/// What the ranker learns from a decision.
pub fn label(d: Decision) -> Label {
    match d {
        Decision::Include => Label::Include,
        Decision::Exclude => Label::Exclude,
        Decision::Maybe | Decision::NotRetrieved => Label::Maybe,
    }
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
            order_kind: Order::Ranked,
            ranker: None,
            base: Vec::new(),
            row_of: Vec::new(),
            parked: None,
            stage_of_ranker: stage,
            ranked: Vec::new(),
            decided_head: 0,
        };
        v.enter_stage(stage);
        // The writer starts now when the reviewer has a decisions file:
        // its copy of a file of many thousand decisions takes a moment
        // better spent opening than at the first key.
        if let Some(f) = v.s.file(&v.who)
            && !f.unreadable
        {
            v.writer = writer::Writer::spawn(f.clone()).ok();
        }
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

    /// Shows `stage`: its records, the first one the reviewer has not
    /// decided first — by the model (retrained on the reviewer's decisions
    /// at the stage), in file order or in random order.
    pub fn enter_stage(&mut self, stage: Stage) {
        self.stage = stage;
        self.base = (0..self.s.records.len())
            .filter(|&r| self.s.in_stage(r, stage))
            .collect();
        self.row_of = vec![u32::MAX; self.s.records.len()];
        for (i, &r) in self.base.iter().enumerate() {
            self.row_of[r] = i as u32;
        }
        // The model of the stage left is parked; the one of this stage is
        // taken back if its records are the same, else built.
        let parked = self.parked.take();
        if let Some(r) = self.ranker.take() {
            self.parked = Some((self.stage_of_ranker, std::mem::take(&mut self.ranked), r));
        }
        self.stage_of_ranker = stage;
        self.ranked = self.base.clone();
        self.ranker = match parked {
            Some((st, base, r)) if st == stage && base == self.base => Some(self.resync(r)),
            _ => self.build_ranker(stage),
        };
        self.order = self.base.clone();
        self.arrange(None);
        self.count_progress();
        self.pos = self.first_open();
        self.scroll = 0;
    }

    /// A model of the stage's records, told the reviewer's decisions so
    /// far in the order they were made; `None` when the stage has none.
    fn build_ranker(&self, stage: Stage) -> Option<Ranker> {
        if self.base.is_empty() {
            return None;
        }
        // Titles and keywords copied; each abstract read on the model's
        // thread as its features are built, so they are never all in
        // memory at once.
        let parts: Vec<(String, Option<String>, Option<TextRef>, String)> = self
            .base
            .iter()
            .map(|&r| {
                let rec = &self.s.records[r];
                let st = &rec.study;
                (
                    st.title.clone(),
                    st.r#abstract.clone(),
                    rec.text,
                    st.keywords.join("; "),
                )
            })
            .collect();
        let texts = std::sync::Arc::clone(&self.s.texts);
        let docs = parts
            .into_iter()
            .map(move |(title, held, text, keywords)| Doc {
                title,
                abstract_text: held
                    .or_else(|| text.and_then(|t| texts.get(t)))
                    .unwrap_or_default(),
                keywords,
            });
        let mut ranker = Ranker::streamed(self.base.len(), docs, Model::Default.config(), SEED);
        ranker.set_order(self.order_kind);
        let mut mine: Vec<(&str, usize, usize, Label)> = self
            .base
            .iter()
            .enumerate()
            .filter_map(|(i, &r)| {
                let m = self.s.mark_of(&self.who, r, stage)?;
                Some((m.time.as_str(), m.line, i, label(m.decision)))
            })
            .collect();
        mine.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        ranker.load(mine.into_iter().map(|(_, _, i, l)| (i, l)));
        Some(ranker)
    }

    /// A parked model brought up to date: decisions made or undone at its
    /// stage while it was parked (an undo from the other stage).
    fn resync(&self, mut ranker: Ranker) -> Ranker {
        ranker.set_order(self.order_kind);
        for (i, &r) in self.base.iter().enumerate() {
            let want = self.mine(r).map(label);
            if ranker.decision(i) != want {
                match want {
                    Some(l) => ranker.decide(i, l),
                    None => ranker.undo(i),
                }
            }
        }
        ranker
    }

    /// The order the records come in.
    pub fn order_kind(&self) -> Order {
        self.order_kind
    }

    /// Switches the order the records come in, staying on the record shown.
    pub fn set_order(&mut self, order: Order) {
        self.order_kind = order;
        if let Some(r) = self.ranker.as_mut() {
            r.set_order(order);
        }
        let here = self.current();
        self.arrange(here);
    }

    /// The model of the stage (none when the stage has no records).
    pub fn ranker(&self) -> Option<&Ranker> {
        self.ranker.as_ref()
    }

    /// Tells the model the reviewer's decision on `record` (none: taken
    /// back); it retrains on its own thread.
    pub fn learn(&mut self, record: usize, decision: Option<Decision>) {
        let Some(&row) = self.row_of.get(record) else {
            return;
        };
        if row == u32::MAX {
            return;
        }
        if let Some(ranker) = self.ranker.as_mut() {
            match decision {
                Some(d) => ranker.decide(row as usize, label(d)),
                None => ranker.undo(row as usize),
            }
        }
        if self.order_kind != Order::File {
            let here = self.current();
            self.arrange(here);
        }
    }

    /// Puts the records in the order they come in: in file order as they
    /// are; else those decided in the order they were decided, then the
    /// others as they are ranked (or drawn) now, `pin` (when undecided)
    /// first among them. The record shown stays shown.
    pub fn arrange(&mut self, pin: Option<usize>) {
        let here = self.current();
        self.decided_head = 0;
        match (&self.ranker, self.order_kind) {
            (None, _) | (_, Order::File) => self.order = self.base.clone(),
            (Some(ranker), _) => {
                let mut order: Vec<usize> = Vec::with_capacity(self.base.len());
                order.extend(ranker.decided().map(|i| self.base[i]));
                self.decided_head = order.len();
                let pinned = pin.filter(|&r| {
                    self.row_of
                        .get(r)
                        .is_some_and(|&i| i != u32::MAX && ranker.decision(i as usize).is_none())
                });
                order.extend(pinned);
                order.extend(
                    ranker
                        .queue()
                        .into_iter()
                        .map(|i| self.base[i])
                        .filter(|&r| Some(r) != pinned),
                );
                self.order = order;
            }
        }
        if let Some(r) = pin.or(here)
            && let Some(p) = self.order.iter().position(|&x| x == r)
        {
            self.pos = p;
        }
    }

    /// The position of the record to screen next: the first one the
    /// reviewer has not decided (in ranked or random order, the one the
    /// model offers), else the last one.
    pub fn first_open(&self) -> usize {
        // The decided head holds the records the model was told the
        // reviewer decided: the same as their own decisions (it learns
        // each one), so the search starts after it.
        let head = self.decided_head.min(self.order.len());
        debug_assert!(
            self.order[..head].iter().all(|&r| self.mine(r).is_some()),
            "the decided head holds only decided records"
        );
        (head..self.order.len())
            .chain(0..head)
            .find(|&p| self.mine(self.order[p]).is_none())
            .unwrap_or(self.order.len().saturating_sub(1))
    }

    /// Takes a new ranking from the model, if there is one, and puts the
    /// records not yet decided in its order (the record shown stays). True
    /// when the order changed.
    pub fn poll_ranker(&mut self) -> bool {
        let changed = self.ranker.as_mut().is_some_and(|r| r.poll());
        if changed && self.order_kind == Order::Ranked {
            let here = self.current();
            self.arrange(here);
        }
        changed
    }

    /// True when the model has a new ranking waiting.
    pub fn ranking_waiting(&self) -> bool {
        self.ranker.as_ref().is_some_and(|r| r.ready())
    }

    /// Waits until the model has learned every decision so far and takes
    /// its ranking (for tests and scripts: a screen never waits); false
    /// when that took longer than `timeout`.
    pub fn wait_for_model(&mut self, timeout: Duration) -> bool {
        let done = self.ranker.as_mut().is_none_or(|r| r.wait(timeout));
        if self.order_kind == Order::Ranked {
            let here = self.current();
            self.arrange(here);
        }
        done
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
