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
    let Study {
        id,
        reference,
        ref_shared,
        title,
        authors,
        year,
        doi,
        design,
        tags,
        extraction,
        appraisals: appraised,
        ..
    } = std::mem::take(s);
    *s = Study {
        id,
        reference,
        ref_shared,
        title,
        authors,
        year,
        doi,
        design,
        tags,
        extraction,
        appraisals: if appraisals { appraised } else { Vec::new() },
        ..Study::default()
    };
}
