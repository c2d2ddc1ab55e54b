//! What the loads for reading alone keep of each study once it is read and
//! checked (`load_for_appraisals`, `load_for_counting`).

use crate::model::Study;

/// A study reduced to what [`super::load_for_appraisals`] keeps.
pub(super) fn keep_for_appraisals(s: &mut Study, citing: bool) {
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
pub(super) fn keep_for_counting(s: &mut Study, appraisals: bool) {
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
