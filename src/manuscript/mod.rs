//! What goes into the manuscript: tallies and their prose, citation styles,
//! the evidence map, the PRISMA flow, appraisal summaries (grid, agreement,
//! robvis), figures and the table renderers.

pub mod appraisal;
pub mod cite;
pub mod figure;
pub mod map;
pub mod numbers;
pub mod prisma;
pub mod prose;
pub mod render;
pub mod tally;
