//! Appraisals across studies: the grid of answers, agreement between
//! reviewers, and the robvis export.

pub mod agreement;
pub mod grid;
pub mod kappa;
pub mod robvis;
