//! The review folder: its model, loading and validation, saving, tallies and search.

pub mod cite;
pub mod conflict;
pub mod design;
mod fastparse;
pub mod figure;
pub mod filter;
pub mod git;
pub mod lint;
pub mod locate;
pub mod located;
pub mod map;
pub mod merge;
pub mod model;
pub mod parse;
pub mod prisma;
pub mod problem;
pub mod prose;
pub mod recovery;
pub mod render;
pub mod scaffold;
pub mod scan;
pub mod search;
pub mod session;
pub mod store;
pub mod syntax;
pub mod synth;
pub mod tally;
pub mod write;

pub use model::*;
pub use problem::{Problem, Severity};
pub use store::{LoadError, Loaded, SaveError, StudyEntry};
