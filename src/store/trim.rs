//! What the loads for reading alone keep of each study once it is read and
//! checked (`load_for_appraisals`, `load_for_counting`).

use crate::model::Study;

/// What a load for reading alone keeps of each study once it is read and
/// checked.
#[derive(Debug, Clone, Copy)]
pub(super) enum Keep {
    /// All but the appraisals ([`super::load_without_appraisals`]).
    NoAppraisals,
    /// What a count reads ([`keep_for_counting`]).
    Counting { appraisals: bool },
    /// What the appraisal commands read ([`keep_for_appraisals`]).
    Appraisals { citing: bool },
}

impl Keep {
    /// `s` reduced to what is kept.
    pub(super) fn apply(self, s: &mut Study) {
        match self {
            Keep::NoAppraisals => s.appraisals = Vec::new(),
            Keep::Counting { appraisals } => keep_for_counting(s, appraisals),
            Keep::Appraisals { citing } => keep_for_appraisals(s, citing),
        }
    }
}

/// A study reduced to what [`super::load_for_appraisals`] keeps.
fn keep_for_appraisals(s: &mut Study, citing: bool) {
    let mut kept = Study {
        id: std::mem::take(&mut s.id),
        reference: s.reference,
        ref_shared: s.ref_shared,
        appraisals: std::mem::take(&mut s.appraisals),
        ..Study::default()
    };
    if citing {
        kept.authors = std::mem::take(&mut s.authors);
        kept.year = s.year;
    }
    *s = kept;
}

/// A study reduced to what [`super::load_for_counting`] keeps.
fn keep_for_counting(s: &mut Study, appraisals: bool) {
    use std::mem::take;
    // What is not taken here goes with the study it is reduced from.
    *s = Study {
        id: take(&mut s.id),
        reference: s.reference,
        ref_shared: s.ref_shared,
        title: take(&mut s.title),
        authors: take(&mut s.authors),
        year: s.year,
        doi: take(&mut s.doi),
        design: take(&mut s.design),
        tags: take(&mut s.tags),
        extraction: take(&mut s.extraction),
        appraisals: if appraisals {
            take(&mut s.appraisals)
        } else {
            Vec::new()
        },
        ..Study::default()
    };
}
