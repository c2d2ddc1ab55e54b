//! Working as a team through git: history of a study, the field-by-field
//! merge driver (study files, `review.toml`, instruments), and conflicts
//! left in files.

pub mod conflict;
pub mod describe;
pub mod docmerge;
pub mod git;
pub mod merge;
pub mod state;
pub mod textmerge;
