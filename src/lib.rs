//! litrev: a workbench for the included studies of systematic and scoping reviews.
//!
//! The library holds the whole domain (the review folder, validation, atomic
//! saving, tallies and search) with no terminal code, so that the command line
//! (`cli`) and the terminal interface (`tui`) stay thin faces over one core.

pub mod appraisal;
pub mod cli;
pub mod example;
pub mod interop;
pub mod review;
pub mod text;
pub mod tui;
