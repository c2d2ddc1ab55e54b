//! A study file holding git's conflict markers, split into its two sides
//! (the reader lives in the store, which loads such a file as its OURS side).

pub use crate::store::conflict::{Conflicted, Hunk, split};
