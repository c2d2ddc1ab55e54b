//! litrev: a workbench for the included studies of systematic and scoping reviews.
//!
//! The library holds the whole domain with no terminal code, so that the
//! command line (`cli`) and the terminal interface (`tui`) stay thin faces
//! over one core. Its top-level modules are layers; a module imports only
//! from layers below it, never from its own layer or above
//! (`tests/layers.rs` enforces this):
//!
//! | layer | modules | what |
//! |---|---|---|
//! | 0 | [`text`] | folding, widths, escapes, problems at file:line:col |
//! | 1 | [`appraisal`] | instruments, answers, rules, judgements |
//! | 2 | [`model`] | the review, studies, designs, fields, filters: plain data |
//! | 3 | [`search`], [`check`] | the search index; lints and checks of loaded studies |
//! | 4 | [`store`] | the review folder: scan, read, write, batch saver, lock, recovery |
//! | 5 | [`session`] | the editing session: undoable changes on disk |
//! | 6 | [`manuscript`], [`team`] | tallies, prose, citations, maps, PRISMA, figures; git and merging |
//! | 7 | [`interop`] | import and export of reference files |
//! | 8 | [`screening`] | searches, records, duplicates, decisions, PRISMA counted from them; ranking by a model retrained on the decisions |
//! | 9 | [`cli`], [`tui`] | the two faces |

pub mod text;

pub mod appraisal;

pub mod model;

pub mod check;
pub mod search;

pub mod store;

pub mod session;

pub mod manuscript;
pub mod team;

pub mod interop;

pub mod screening;

pub mod cli;
pub mod tui;
