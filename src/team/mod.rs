//! Working as a team through git: history of a study, the field-by-field
//! merge driver, and conflicts left in study files.

pub mod conflict;
pub mod git;
pub mod merge;
