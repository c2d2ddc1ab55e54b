//! Included records become studies: every record settled as included at
//! full text that no study links to yet becomes `studies/<id>.toml`, made
//! from the record's fields and linked back by `record = "<key>"`, all in
//! one change of the editing session (saved together, undone together).
//! From then on the study is edited on its own; the search export is never
//! touched.

use std::collections::HashSet;

use serde_json::json;

use super::{Screening, Stage, State};
use crate::interop::plan::taken_ids;
use crate::model::{Study, propose_id};
use crate::session::Session;

/// The key a study names its record by.
pub const RECORD_KEY: &str = "record";

/// The record key a study links to, if any.
pub fn linked(study: &Study) -> Option<&str> {
    study
        .extra
        .iter()
        .find(|(k, _)| k == RECORD_KEY)
        .and_then(|(_, v)| v.as_str())
}

/// What promoting would do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// New studies, each with the record it comes from.
    pub new: Vec<(usize, Study)>,
    /// Included records that are studies already: (record, study id).
    pub already: Vec<(usize, String)>,
    /// Included records too large for a study file (written, the loader
    /// would refuse it and the study would vanish): where each is in its
    /// search export (`searches/x.ris:12`) and why. Not promoted; the
    /// others are.
    pub too_large: Vec<(usize, String)>,
}

/// Works out the studies to add to `session` for the included records of `s`.
pub fn plan(s: &Screening, session: &Session) -> Plan {
    let mut out = Plan::default();
    let mut taken = taken_ids(session);
    let mut linked_to: std::collections::HashMap<usize, String> = Default::default();
    for e in session.entries() {
        if let Some(k) = linked(&e.study)
            && let Some(r) = s.find(k)
        {
            linked_to.entry(r).or_insert_with(|| e.study.id.clone());
        }
    }
    let mut seen = HashSet::new();
    for r in 0..s.records.len() {
        if s.state(r, Stage::FullText) != State::Included || !s.in_stage(r, Stage::FullText) {
            continue;
        }
        if let Some(id) = linked_to.get(&r) {
            out.already.push((r, id.clone()));
            continue;
        }
        if !seen.insert(r) {
            continue;
        }
        let rec = &s.records[r];
        let Some(mut study) = s.full_study(r) else {
            continue;
        };
        study.id = propose_id(study.first_author(), study.year, |id| taken.contains(id));
        taken.insert(study.id.clone());
        study.extra.retain(|(k, _)| k != RECORD_KEY);
        study.extra.push((RECORD_KEY.into(), json!(rec.key)));
        study.design = None;
        study.reference = None;
        study.appraisals.clear();
        if let Some(why) = crate::interop::plan::too_large(&study) {
            taken.remove(&study.id);
            let at = rec
                .sources
                .first()
                .and_then(|(i, origin)| {
                    s.config
                        .searches
                        .get(*i)
                        .map(|x| format!("{}:{origin}", x.file))
                })
                .unwrap_or_else(|| rec.key.clone());
            out.too_large
                .push((r, format!("{at}: record {}: {why}", rec.key)));
            continue;
        }
        out.new.push((r, study));
    }
    out
}
