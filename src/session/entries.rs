//! Keeping the list of studies and the search index in step: the one place
//! where a study as it is on disk (or as the user left it) goes into both.

use crate::model::Study;
use crate::search::SearchIndex;
use crate::session::Session;
use crate::store::{self, StudyEntry};

impl Session {
    /// Puts a study as it is on disk (`None`: gone) into the list and the
    /// index: the one place where the two are kept in step.
    pub(super) fn set_entry(&mut self, id: &str, entry: Option<StudyEntry>) {
        let pos = self.entries.iter().position(|e| e.study.id == id);
        match (pos, entry) {
            (Some(i), Some(e)) => {
                let moved = store::order_moved(&self.entries[i].study, &e.study);
                self.index.update(i, &e.study);
                self.entries[i] = e;
                if moved {
                    self.reorder();
                }
            }
            (None, Some(e)) => {
                self.index.push(&e.study);
                self.entries.push(e);
                self.reorder();
            }
            (Some(i), None) => {
                self.entries.remove(i);
                self.index.remove(i);
            }
            (None, None) => {}
        }
    }

    /// [`Session::set_entry`] for many studies at once: the list and the
    /// index are sorted once, not once per study (an import of thousands of
    /// records).
    pub(super) fn set_entries(&mut self, items: Vec<(String, Option<StudyEntry>)>) {
        if items.len() < 2 {
            for (id, e) in items {
                self.set_entry(&id, e);
            }
            return;
        }
        let mut at: std::collections::HashMap<String, usize> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.study.id.clone(), i))
            .collect();
        let mut gone = std::collections::HashSet::new();
        for (id, entry) in items {
            match (at.get(&id).copied(), entry) {
                (Some(i), Some(e)) => {
                    gone.remove(&id);
                    self.index.update(i, &e.study);
                    self.entries[i] = e;
                }
                (None, Some(e)) => {
                    at.insert(id, self.entries.len());
                    self.index.push(&e.study);
                    self.entries.push(e);
                }
                (Some(_), None) => {
                    gone.insert(id);
                }
                (None, None) => {}
            }
        }
        if !gone.is_empty() {
            let keep: Vec<bool> = self
                .entries
                .iter()
                .map(|e| !gone.contains(&e.study.id))
                .collect();
            self.index.retain(|i| keep.get(i).copied().unwrap_or(true));
            self.entries.retain(|e| !gone.contains(&e.study.id));
        }
        self.reorder();
    }

    /// Shows the user's version of a study not saved yet. A study new to the
    /// list has no file text of ours (every write for it starts from the
    /// waiting write's base instead).
    pub(super) fn show_mine(&mut self, id: &str, study: Study) {
        match self.entries.iter().position(|e| e.study.id == id) {
            Some(i) => {
                let moved = store::order_moved(&self.entries[i].study, &study);
                self.index.update(i, &study);
                self.entries[i].study = study;
                if moved {
                    self.reorder();
                }
            }
            None => {
                self.index.push(&study);
                self.entries.push(StudyEntry {
                    study,
                    source: String::new(),
                    file: None,
                });
                self.reorder();
            }
        }
    }

    /// Sorts the list, and the index with it (nothing is folded again).
    fn reorder(&mut self) {
        let order = store::sort_order(&self.entries);
        self.index.reorder(&order);
        store::permute(&mut self.entries, order);
        if self.index.len() != self.entries.len() {
            // Out of step (never expected): index the list afresh.
            self.index = SearchIndex::new(self.entries.iter().map(|e| &e.study));
        }
    }
}
