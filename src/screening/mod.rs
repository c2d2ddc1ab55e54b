//! Screening: from the records of the searches to the included studies.
//!
//! [`rank`] orders the records not yet screened, most likely relevant
//! first, with a model retrained on the decisions so far; [`labelled`] reads
//! labelled records (title, abstract, keywords and a known decision) to
//! replay them through the model.

pub mod labelled;
pub mod rank;
