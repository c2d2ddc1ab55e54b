//! The appraisal form (one reviewer's answers, item by item) and the
//! reconcile view (the reviewers side by side, choosing the consensus): their
//! state and what a key does to it. Saving and the keys of the keymap are in
//! `update::appraise`; drawing in `view::appraise`.

use crate::appraisal::instrument::{ItemScale, Word};
use crate::appraisal::rules::{Assessed, Place, assess, canonical_answer};
use crate::appraisal::{Instruments, Judgement, Unit};
use crate::model::{Answer, Appraisal, Study};

use super::textbuf::TextBuf;

mod reconcile_view;
pub use reconcile_view::{ReconcileRow, ReconcileView};

/// One row of the appraisal form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// The outcome the appraisal is about (RoB 2, ROBINS-I).
    Outcome,
    /// MMAT's study category.
    Category,
    /// The item at this index of the instrument.
    Item(usize),
    /// The recorded overall (a judgement left to the reviewer, or an
    /// override of the computed one).
    Overall,
    /// The comment on the whole appraisal.
    Comment,
}

/// What the form is doing.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// Answering, row by row.
    Items,
    /// Choosing the instrument or one of the reviewer's own appraisals
    /// (the design's instrument first when there is one).
    Pick { entries: Vec<Pick>, cursor: usize },
    /// Typing the reviewer's initials (asked once; changeable).
    Initials(TextBuf),
}

/// One entry of the instrument picker.
#[derive(Debug, Clone, PartialEq)]
pub enum Pick {
    /// An instrument: the reviewer's first appraisal with it, else a new one.
    Instrument(String),
    /// One of the reviewer's own appraisals of the study, by its unit.
    Mine(Unit),
    /// A new appraisal with an instrument the reviewer already used on the
    /// study: another outcome or MMAT category.
    Another(String),
}

/// The answer keys of a word scale: one lower-case letter per word, none of
/// `reserved` (the keys the form itself uses). A word's own one-letter
/// synonym comes first ("l" low), then the first letters of its word and
/// label, then any letter of them, then any letter at all.
pub fn word_keys(words: &[Word], reserved: &[char]) -> Vec<Option<char>> {
    let mut used: Vec<char> = Vec::new();
    let mut out = Vec::new();
    for w in words {
        let single = w.synonyms.iter().filter_map(|s| {
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
                _ => None,
            }
        });
        let initials = w
            .word
            .split(['-', ' '])
            .chain(w.label.split([' ', '-']))
            .filter_map(|p| p.chars().next());
        let letters = w.word.chars().chain(w.label.chars());
        let key = single
            .chain(initials)
            .chain(letters)
            .chain('a'..='z')
            .map(|c| c.to_ascii_lowercase())
            .find(|c| c.is_ascii_lowercase() && !reserved.contains(c) && !used.contains(c));
        if let Some(k) = key {
            used.push(k);
        }
        out.push(key);
    }
    out
}

/// The keys for a range item: its digits ("0".."2"); a range beyond 0–9 has
/// none (typed as text in the file instead).
pub fn range_keys(lo: i64, hi: i64) -> Vec<(char, i64)> {
    (lo.max(0)..=hi.min(9))
        .filter_map(|n| char::from_digit(n as u32, 10).map(|c| (c, n)))
        .collect()
}

/// The appraisal form's state.
#[derive(Debug, Clone)]
pub struct AppraiseForm {
    /// The study's id.
    pub study: String,
    /// The instrument's name (empty until one is chosen).
    pub instrument: String,
    /// The instrument of the study's design, if the review maps one.
    pub suggested: Option<String>,
    pub reviewer: String,
    pub category: Option<i64>,
    /// The outcome the appraisal is about (empty: none named).
    pub outcome: String,
    /// Per item of the instrument, in its order.
    pub answers: Vec<Option<Answer>>,
    /// Per item: the comment on it.
    pub notes: Vec<String>,
    pub overall: Option<String>,
    pub comment: String,
    /// Index into [`AppraiseForm::rows`].
    pub cursor: usize,
    /// A text box open over the row under the cursor (a comment, a
    /// free-text answer).
    pub typing: Option<TextBuf>,
    pub stage: Stage,
    /// This reviewer's appraisal with this instrument when the form opened
    /// (`None`: a new one).
    pub original: Option<Appraisal>,
    /// The keys the form's own commands use (never an answer key).
    pub reserved: Vec<char>,
    /// A line under the rows: why a key did nothing, a save error.
    pub message: Option<String>,
    /// The review's instruments.
    pub reg: Instruments,
}

impl AppraiseForm {
    /// A form on `study` for `reviewer`, not yet on an instrument.
    pub fn new(
        study: &Study,
        suggested: Option<String>,
        reviewer: String,
        reserved: Vec<char>,
        reg: Instruments,
    ) -> Self {
        AppraiseForm {
            reg,
            study: study.id.clone(),
            instrument: String::new(),
            suggested,
            reviewer,
            category: None,
            outcome: String::new(),
            answers: Vec::new(),
            notes: Vec::new(),
            overall: None,
            comment: String::new(),
            cursor: 0,
            typing: None,
            stage: Stage::Items,
            original: None,
            reserved,
            message: None,
        }
    }

    /// Puts `instrument` in the form: this reviewer's (first) appraisal of
    /// `study` with it when there is one (opened for editing), else an
    /// empty one.
    pub fn load(&mut self, study: &Study, instrument: &str) {
        let original = study
            .appraisals
            .iter()
            .find(|a| a.instrument == instrument && a.reviewer == self.reviewer)
            .cloned();
        self.load_appraisal(instrument, original);
    }

    /// Puts this reviewer's appraisal of `unit` in the form (an empty one
    /// of that unit when there is none).
    pub fn load_unit(&mut self, study: &Study, unit: &Unit) {
        let original = study
            .appraisals
            .iter()
            .find(|a| a.unit() == *unit && a.reviewer == self.reviewer)
            .cloned();
        let found = original.is_some();
        self.load_appraisal(&unit.instrument, original);
        if !found {
            self.category = unit.category;
            self.outcome = unit.outcome.clone().unwrap_or_default();
        }
    }

    /// Puts an empty appraisal with `instrument` in the form: another
    /// outcome or category beside the reviewer's own.
    pub fn load_new(&mut self, instrument: &str) {
        self.load_appraisal(instrument, None);
    }

    fn load_appraisal(&mut self, instrument: &str, original: Option<Appraisal>) {
        let reg = self.reg.clone();
        let Some(inst) = reg.get(instrument) else {
            return;
        };
        self.instrument = inst.name.clone();
        self.stage = Stage::Items;
        self.cursor = 0;
        self.typing = None;
        self.original = original;
        let a = self.original.clone().unwrap_or_default();
        self.category = a.category;
        self.outcome = a.outcome.clone().unwrap_or_default();
        self.answers = inst
            .items
            .iter()
            .map(|it| {
                a.answer(&it.id)
                    .map(|g| canonical_answer(inst, &it.id, &g).unwrap_or(g))
            })
            .collect();
        self.notes = inst
            .items
            .iter()
            .map(|it| a.note(&it.id).unwrap_or("").to_string())
            .collect();
        self.overall = a.overall.as_deref().map(String::from);
        self.comment = a.comment.clone().unwrap_or_default();
        // Start at the first unanswered item.
        let rows = self.rows();
        self.cursor = rows
            .iter()
            .position(|r| match r {
                Row::Category => self.category.is_none(),
                Row::Item(i) => self.answers[*i].is_none(),
                _ => false,
            })
            .unwrap_or(0);
    }

    /// The rows of the form, top to bottom.
    pub fn rows(&self) -> Vec<Row> {
        let reg = self.reg.clone();
        let Some(inst) = reg.get(&self.instrument) else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        if inst.outcomes || !self.outcome.is_empty() {
            rows.push(Row::Outcome);
        }
        if !inst.categories.is_empty() {
            rows.push(Row::Category);
        }
        rows.extend((0..inst.items.len()).map(Row::Item));
        if !inst.overall_words().is_empty() {
            rows.push(Row::Overall);
        }
        rows.push(Row::Comment);
        rows
    }

    /// The row under the cursor.
    pub fn row(&self) -> Option<Row> {
        self.rows().get(self.cursor).copied()
    }

    /// The appraisal as the form has it now. Answers and notes to items the
    /// instrument does not have (a problem `check` reports) are kept.
    pub fn to_appraisal(&self) -> Appraisal {
        let reg = self.reg.clone();
        let original = self.original.clone().unwrap_or_default();
        let outcome = self.outcome.trim();
        let mut a = Appraisal {
            instrument: self.instrument.as_str().into(),
            reviewer: self.reviewer.as_str().into(),
            category: self.category,
            outcome: (!outcome.is_empty()).then(|| outcome.to_string()),
            ..Appraisal::default()
        };
        if let Some(inst) = reg.get(&self.instrument) {
            for (i, it) in inst.items.iter().enumerate() {
                if let Some(Some(v)) = self.answers.get(i) {
                    a.answers.push(&it.id, v.clone());
                }
                if let Some(n) = self.notes.get(i).filter(|n| !n.trim().is_empty()) {
                    a.notes.push((it.id.as_str().into(), n.clone()));
                }
            }
            let known = |k: &str| inst.item(k).is_some();
            for (k, v) in original.answers.iter().filter(|(k, _)| !known(k)) {
                a.answers.push(k, v);
            }
            a.notes
                .extend(original.notes.iter().filter(|(k, _)| !known(k)).cloned());
        }
        a.overall = self.overall.as_deref().map(Into::into);
        a.comment = (!self.comment.trim().is_empty()).then(|| self.comment.clone());
        a
    }

    /// True when saving would change the study.
    pub fn changed(&self) -> bool {
        if self.instrument.is_empty() {
            return false;
        }
        let base = self.original.clone().unwrap_or_else(|| Appraisal {
            instrument: self.instrument.as_str().into(),
            reviewer: self.reviewer.as_str().into(),
            ..Appraisal::default()
        });
        self.to_appraisal() != base
    }

    /// The appraisal read against its instrument.
    pub fn assessed(&self) -> Option<Assessed> {
        let reg = self.reg.clone();
        Some(assess(reg.get(&self.instrument)?, &self.to_appraisal()))
    }

    /// "RoB 2: some concerns", or what is still missing.
    pub fn judgement_text(&self) -> String {
        let a = self.to_appraisal();
        match Judgement::of_appraisal(&self.reg, &a) {
            Some(j) => j.to_string(),
            None => {
                let reg = self.reg.clone();
                let short = reg
                    .get(&self.instrument)
                    .map_or(self.instrument.as_str(), |i| i.short.as_str());
                let (done, of) = self.progress();
                if done < of {
                    format!("{short}: not yet ({} to answer)", of - done)
                } else {
                    format!("{short}: no overall (an answer is not on the scale)")
                }
            }
        }
    }

    /// The problem with the recorded overall, if any (below the floor, not a
    /// word of the scale).
    pub fn overall_problem(&self) -> Option<String> {
        self.assessed()?
            .findings
            .into_iter()
            .find(|f| f.place == Place::Overall && !f.warning)
            .map(|f| f.message)
    }

    /// (answered, of) among the items that must be answered.
    pub fn progress(&self) -> (usize, usize) {
        let reg = self.reg.clone();
        let Some(inst) = reg.get(&self.instrument) else {
            return (0, 0);
        };
        let required: Vec<usize> = (0..inst.items.len())
            .filter(|&i| !inst.items[i].optional)
            .collect();
        let done = required
            .iter()
            .filter(|&&i| self.answers.get(i).is_some_and(Option::is_some))
            .count();
        (done, required.len())
    }

    /// Moves the cursor by `delta` rows.
    pub fn move_by(&mut self, delta: isize) {
        let n = self.rows().len();
        if n == 0 {
            return;
        }
        self.cursor = (self.cursor as isize + delta).clamp(0, n as isize - 1) as usize;
    }

    /// The answer keys of the row under the cursor: (key, value, label).
    pub fn keys_of(&self, row: Row) -> Vec<(char, Answer, String)> {
        let reg = self.reg.clone();
        let Some(inst) = reg.get(&self.instrument) else {
            return Vec::new();
        };
        match row {
            Row::Category => inst
                .categories
                .iter()
                .filter_map(|&c| {
                    let k = char::from_digit(u32::try_from(c).ok()?, 10)?;
                    let name = inst.category_name(c).unwrap_or("");
                    Some((k, Answer::Int(c), name.to_string()))
                })
                .collect(),
            Row::Item(i) => match inst.items.get(i).and_then(|it| inst.scale_of(it)) {
                Some(ItemScale::Words(w)) => words_keys(w, &self.reserved),
                Some(ItemScale::Range(lo, hi)) => range_keys(lo, hi)
                    .into_iter()
                    .map(|(k, n)| (k, Answer::Int(n), n.to_string()))
                    .collect(),
                _ => Vec::new(),
            },
            Row::Overall => words_keys(inst.overall_words(), &self.reserved),
            Row::Comment | Row::Outcome => Vec::new(),
        }
    }

    /// True when the row takes typed text (a free-text item, the outcome,
    /// the comment).
    pub fn is_text_row(&self, row: Row) -> bool {
        match row {
            Row::Comment | Row::Outcome => true,
            Row::Item(i) => {
                let reg = self.reg.clone();
                reg.get(&self.instrument)
                    .and_then(|inst| inst.items.get(i).and_then(|it| inst.scale_of(it)))
                    .is_some_and(|s| matches!(s, ItemScale::Text))
            }
            _ => false,
        }
    }

    /// A typed character on the row under the cursor: an answer key sets
    /// the answer and moves on; on a text row it starts typing. False when
    /// the key means nothing here.
    pub fn key(&mut self, c: char) -> bool {
        let Some(row) = self.row() else {
            return false;
        };
        if self.is_text_row(row) {
            let mut buf = TextBuf::single(&self.text_of(row));
            buf.insert(c);
            self.typing = Some(buf);
            return true;
        }
        let Some((_, value, _)) = self.keys_of(row).into_iter().find(|(k, _, _)| *k == c) else {
            return false;
        };
        match row {
            Row::Category => {
                if let Answer::Int(n) = value {
                    self.category = Some(n);
                }
            }
            Row::Item(i) => {
                if let Some(slot) = self.answers.get_mut(i) {
                    *slot = Some(value);
                }
            }
            Row::Overall => {
                if let Answer::Text(w) = value {
                    // The same key again takes the override away.
                    if self.overall.as_deref() == Some(w.as_str()) {
                        self.overall = None;
                    } else {
                        self.overall = Some(w.to_string());
                    }
                }
                return true;
            }
            Row::Comment | Row::Outcome => {}
        }
        self.move_by(1);
        true
    }

    /// Clears the row under the cursor (its answer, the override, the
    /// category, the comment).
    pub fn clear(&mut self) {
        match self.row() {
            Some(Row::Category) => self.category = None,
            Some(Row::Item(i)) => {
                if let Some(slot) = self.answers.get_mut(i) {
                    *slot = None;
                }
            }
            Some(Row::Overall) => self.overall = None,
            Some(Row::Comment) => self.comment.clear(),
            Some(Row::Outcome) => self.outcome.clear(),
            None => {}
        }
    }

    /// The text a row's box edits: a free-text answer, the item's comment,
    /// or the overall comment.
    pub fn text_of(&self, row: Row) -> String {
        match row {
            Row::Item(i) if self.is_text_row(row) => match self.answers.get(i) {
                Some(Some(a)) => a.to_string(),
                _ => String::new(),
            },
            Row::Item(i) => self.notes.get(i).cloned().unwrap_or_default(),
            Row::Outcome => self.outcome.clone(),
            Row::Overall | Row::Comment | Row::Category => self.comment.clone(),
        }
    }

    /// Opens the text box of the row under the cursor.
    pub fn open_box(&mut self) {
        if let Some(row) = self.row() {
            self.typing = Some(TextBuf::single(&self.text_of(row)));
        }
    }

    /// Keeps what the open text box holds.
    pub fn close_box(&mut self) {
        let (Some(buf), Some(row)) = (self.typing.take(), self.row()) else {
            return;
        };
        let text = buf.text();
        if text == TextBuf::single(&self.text_of(row)).text() {
            return; // untouched: a multi-line comment stays as it was
        }
        match row {
            Row::Item(i) if self.is_text_row(row) => {
                if let Some(slot) = self.answers.get_mut(i) {
                    *slot = (!text.trim().is_empty()).then(|| Answer::Text(text.trim().into()));
                }
            }
            Row::Item(i) => {
                if let Some(n) = self.notes.get_mut(i) {
                    *n = text.trim().to_string();
                }
            }
            Row::Outcome => self.outcome = text.trim().to_string(),
            Row::Overall | Row::Comment | Row::Category => self.comment = text.trim().to_string(),
        }
    }

    /// `study` with this appraisal saved in it: the appraisal the form
    /// opened replaced, else added after the others. An error when another
    /// appraisal of the study already has its key (the same instrument,
    /// reviewer, outcome and category): two would collide.
    pub fn apply_to(&self, study: &Study) -> Result<Study, String> {
        let mut s = study.clone();
        let a = self.to_appraisal();
        let at = self
            .original
            .as_ref()
            .and_then(|o| s.appraisals.iter().position(|x| x.key() == o.key()));
        if s.appraisals
            .iter()
            .enumerate()
            .any(|(i, x)| Some(i) != at && x.key() == a.key())
        {
            return Err(format!(
                "{} already has an appraisal {}: name another outcome, or open that one ({})",
                crate::text::inert_line(&study.id),
                crate::text::inert_line(&a.key_name()),
                "I lists your appraisals"
            ));
        }
        match at {
            Some(i) => s.appraisals[i] = a,
            None => s.appraisals.push(a),
        }
        Ok(s)
    }

    /// `study` with this appraisal in it for a recovery file: as
    /// [`AppraiseForm::apply_to`], or, where its key collides, added beside
    /// the other (nothing typed is lost; `check` reports the two).
    pub fn kept_in(&self, study: &Study) -> Study {
        self.apply_to(study).unwrap_or_else(|_| {
            let mut s = study.clone();
            s.appraisals.push(self.to_appraisal());
            s
        })
    }
}

fn words_keys(words: &[Word], reserved: &[char]) -> Vec<(char, Answer, String)> {
    word_keys(words, reserved)
        .into_iter()
        .zip(words)
        .filter_map(|(k, w)| Some((k?, Answer::Text(w.word.as_str().into()), w.label.clone())))
        .collect()
}

#[cfg(test)]
mod tests;
