//! The reconcile view (`C`): the reviewers' appraisals of a study side by
//! side, item by item, and the consensus chosen from them.

use crate::appraisal::instrument::{Instrument, ItemScale};
use crate::appraisal::reconcile;
use crate::appraisal::rules::canonical_answer;
use crate::appraisal::{Instruments, Judgement, Unit};
use crate::model::{Answer, Appraisal, Study};

use super::super::textbuf::TextBuf;
use super::{range_keys, words_keys};

/// One row of the reconcile view: an item (or the overall, for an
/// instrument that leaves it to the reviewers) with each reviewer's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ReconcileRow {
    /// Index of the item in the instrument; `None` for the overall.
    pub item: Option<usize>,
    pub id: String,
    pub prompt: String,
    pub domain: Option<String>,
    /// Each reviewer's answer, in the order of [`ReconcileView::reviewers`].
    pub answers: Vec<Option<Answer>>,
    /// Each reviewer's comment on the item, in the same order.
    pub notes: Vec<Option<String>>,
    pub differs: bool,
    /// May be left without a choice (an override of a computed overall, an
    /// optional item, a free-text item no reviewer answered).
    pub optional: bool,
    /// The consensus answer chosen so far.
    pub chosen: Option<Answer>,
}

/// The reconcile view's state.
#[derive(Debug, Clone)]
pub struct ReconcileView {
    pub study: String,
    pub instrument: String,
    /// What is reconciled: the instrument, MMAT category and outcome.
    pub unit: Unit,
    pub reviewers: Vec<String>,
    pub rows: Vec<ReconcileRow>,
    pub cursor: usize,
    /// The consensus appraisal when the view opened, if there was one.
    pub original: Option<Appraisal>,
    /// The consensus comment (why the reviewers settled as they did);
    /// starts as the existing consensus's.
    pub comment: String,
    /// The comment's text box, while it is open.
    pub typing: Option<TextBuf>,
    pub reserved: Vec<char>,
    pub message: Option<String>,
    /// The review's instruments.
    pub reg: Instruments,
}

impl ReconcileView {
    /// The reviewers of `study` for `unit` (with `inst`) side by side; the
    /// choices start from an existing consensus, else from what the
    /// reviewers agree on.
    pub fn new(
        reg: Instruments,
        inst: &Instrument,
        unit: &Unit,
        study: &Study,
        reserved: Vec<char>,
    ) -> ReconcileView {
        let side = reconcile::side_by_side(inst, unit, &study.appraisals);
        let raters: Vec<&Appraisal> = reconcile::raters(unit, &study.appraisals);
        let original = study
            .appraisals
            .iter()
            .find(|a| a.unit() == *unit && a.is_consensus())
            .cloned();
        let mut rows: Vec<ReconcileRow> = side
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let answers: Vec<Option<Answer>> = r.answers.into_iter().map(|(_, a)| a).collect();
                let chosen = match &original {
                    Some(c) => c
                        .answer(&r.item)
                        .map(|g| canonical_answer(inst, &r.item, &g).unwrap_or(g)),
                    None if !r.differs => answers.first().cloned().flatten(),
                    None => None,
                };
                ReconcileRow {
                    item: Some(i),
                    optional: r.optional,
                    domain: inst.items.get(i).and_then(|it| it.domain.clone()),
                    id: r.item,
                    prompt: r.prompt,
                    answers,
                    notes: r.notes,
                    differs: r.differs,
                    chosen,
                }
            })
            .collect();
        // The overall: the reviewers' own where the instrument leaves it to
        // them; their overrides of a computed one (optional) when any
        // reviewer or the consensus recorded one.
        let overrides = raters.iter().any(|a| a.overall.is_some())
            || original.as_ref().is_some_and(|o| o.overall.is_some());
        if !inst.overall_words().is_empty() && (!inst.has_rule() || overrides) {
            let canon = |g: &str| {
                crate::appraisal::instrument::canonical(inst.overall_words(), g)
                    .map_or_else(|| g.to_string(), |w| w.word.clone())
            };
            let answers: Vec<Option<Answer>> = raters
                .iter()
                .map(|a| a.overall.as_deref().map(|o| Answer::Text(canon(o).into())))
                .collect();
            let differs = answers.windows(2).any(|w| w[0] != w[1]);
            let chosen = match &original {
                Some(c) => c.overall.as_deref().map(|o| Answer::Text(canon(o).into())),
                None if !differs => answers.first().cloned().flatten(),
                None => None,
            };
            rows.push(ReconcileRow {
                item: None,
                id: "overall".into(),
                prompt: if inst.has_rule() {
                    "Override of the computed overall (optional; · keeps the computed one)".into()
                } else {
                    "Overall judgement".into()
                },
                domain: None,
                // A computed overall needs no choice; nor does a judgement
                // left to the reviewers that none of them recorded.
                optional: inst.has_rule() || answers.iter().all(Option::is_none),
                notes: vec![None; answers.len()],
                answers,
                differs,
                chosen,
            });
        }
        // The cursor starts on the first item to decide.
        let cursor = rows
            .iter()
            .position(|r| r.chosen.is_none() && !r.optional)
            .unwrap_or(0);
        ReconcileView {
            study: study.id.clone(),
            instrument: inst.name.clone(),
            unit: unit.clone(),
            reviewers: raters.iter().map(|a| a.reviewer.to_string()).collect(),
            rows,
            cursor,
            comment: original
                .as_ref()
                .and_then(|o| o.comment.clone())
                .unwrap_or_default(),
            original,
            typing: None,
            reserved,
            message: None,
            reg,
        }
    }

    /// The keys of a row's scale: (key, value, label).
    pub fn keys_of(&self, row: &ReconcileRow) -> Vec<(char, Answer, String)> {
        let reg = self.reg.clone();
        let Some(inst) = reg.get(&self.instrument) else {
            return Vec::new();
        };
        match row.item {
            None => words_keys(inst.overall_words(), &self.reserved),
            Some(i) => match inst.items.get(i).and_then(|it| inst.scale_of(it)) {
                Some(ItemScale::Words(w)) => words_keys(w, &self.reserved),
                Some(ItemScale::Range(lo, hi)) => range_keys(lo, hi)
                    .into_iter()
                    .filter(|(k, _)| !self.reserved.contains(k))
                    .map(|(k, n)| (k, Answer::Int(n), n.to_string()))
                    .collect(),
                _ => Vec::new(),
            },
        }
    }

    /// A typed character: a reviewer's number takes that reviewer's answer,
    /// an answer key that answer. False when the key means nothing here.
    pub fn key(&mut self, c: char) -> bool {
        let Some(row) = self.rows.get(self.cursor) else {
            return false;
        };
        // `+` and `-` step a star or point count through its range: the
        // digits of a count may be taken by the reviewers' numbers.
        if c == '+' || c == '-' {
            let reg = self.reg.clone();
            let range = row.item.and_then(|i| {
                let inst = reg.get(&self.instrument)?;
                match inst.scale_of(inst.items.get(i)?) {
                    Some(ItemScale::Range(lo, hi)) => Some((lo, hi)),
                    _ => None,
                }
            });
            let Some((lo, hi)) = range else {
                return false;
            };
            let now = match &row.chosen {
                Some(Answer::Int(n)) => Some(*n),
                _ => None,
            };
            let next = match (now, c) {
                (None, '+') => lo,
                (None, _) => hi,
                (Some(n), '+') => (n + 1).min(hi),
                (Some(n), _) => (n - 1).max(lo),
            };
            if let Some(r) = self.rows.get_mut(self.cursor) {
                r.chosen = Some(Answer::Int(next));
            }
            return true;
        }
        let pick = if let Some(n) = c
            .to_digit(10)
            .filter(|n| *n >= 1 && self.reserved.contains(&c))
        {
            row.answers.get(n as usize - 1).cloned().flatten()
        } else {
            self.keys_of(row)
                .into_iter()
                .find(|(k, _, _)| *k == c)
                .map(|(_, v, _)| v)
        };
        let Some(v) = pick else {
            return false;
        };
        if let Some(r) = self.rows.get_mut(self.cursor) {
            r.chosen = Some(v);
        }
        // On to the next item still to decide.
        if let Some(next) = (self.cursor + 1..self.rows.len())
            .find(|&i| self.rows[i].chosen.is_none() && !self.rows[i].optional)
        {
            self.cursor = next;
        }
        true
    }

    /// Opens the comment's text box.
    pub fn open_comment(&mut self) {
        self.typing = Some(TextBuf::single(&self.comment));
    }

    /// Keeps what the comment's text box holds. A comment of several lines
    /// (written in the file) that the box left untouched stays as it was.
    pub fn close_comment(&mut self) {
        let Some(buf) = self.typing.take() else {
            return;
        };
        let text = buf.text();
        if text != TextBuf::single(&self.comment).text() {
            self.comment = text.trim().to_string();
        }
    }

    /// How many rows still need a choice.
    pub fn left(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.chosen.is_none() && !r.optional)
            .count()
    }

    /// The consensus appraisal the choices make (what would be saved).
    pub fn consensus(&self, study: &Study) -> Option<Study> {
        let reg = self.reg.clone();
        let inst = reg.get(&self.instrument)?;
        let answers: Vec<(String, Answer)> = self
            .rows
            .iter()
            .filter(|r| r.item.is_some())
            .filter_map(|r| Some((r.id.clone(), r.chosen.clone()?)))
            .collect();
        let overall = self
            .rows
            .iter()
            .find(|r| r.item.is_none())
            .and_then(|r| r.chosen.as_ref().map(|a| a.to_string()));
        let comment = (!self.comment.trim().is_empty()).then(|| self.comment.clone());
        let mut s = study.clone();
        s.appraisals = reconcile::with_consensus(
            inst,
            &self.unit,
            &study.appraisals,
            answers,
            overall,
            comment,
        );
        if let Some(o) = &self.original
            && let Some(c) = s
                .appraisals
                .iter_mut()
                .find(|a| a.is_consensus() && a.unit() == self.unit)
        {
            c.notes = o.notes.clone();
        }
        Some(s)
    }

    /// The consensus judgement as the choices stand ("RoB 2: high risk").
    pub fn judgement_text(&self, study: &Study) -> String {
        let reg = self.reg.clone();
        let short = reg
            .get(&self.instrument)
            .map_or(self.instrument.clone(), |i| i.short.clone());
        let left = self.left();
        let c = self.consensus(study).and_then(|s| {
            s.appraisals
                .into_iter()
                .find(|a| a.is_consensus() && a.unit() == self.unit)
        });
        match c.as_ref().and_then(|a| Judgement::of_appraisal(&reg, a)) {
            Some(j) if left == 0 => j.to_string(),
            _ => format!("{short}: not yet ({left} to decide)"),
        }
    }

    /// True when the choices differ from the consensus the view opened with
    /// (or, without one, when anything was chosen).
    pub fn changed(&self, study: &Study) -> bool {
        match &self.original {
            Some(_) => self.consensus(study).as_ref() != Some(study),
            None => self.rows.iter().any(|r| r.chosen.is_some()) || !self.comment.is_empty(),
        }
    }
}
