//! Finding the review a command works on from the folder it is run in, as
//! git finds its repository: the folder itself, then each folder above it.

use std::path::{Path, PathBuf};

use crate::store::{REVIEW_FILE, STUDIES_DIR};

/// Where the review above a folder is, as a path relative to that folder
/// (`.`, `..`, `../..`), so problems are reported at paths that work from
/// where the user stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    /// A folder holding `review.toml`.
    Review(PathBuf),
    /// A folder that is clearly a review (it has `studies/`) but has no
    /// `review.toml`: the search stops there rather than open a review
    /// further up in its place.
    Incomplete(PathBuf),
    /// No review in the folder or any folder above it.
    None,
}

/// Looks for `review.toml` in `start` and each folder above it, stopping at
/// the filesystem root or at a folder that has `studies/` but no `review.toml`.
pub fn find(start: &Path) -> Located {
    for (depth, dir) in start.ancestors().enumerate() {
        let relative = || {
            if depth == 0 {
                PathBuf::from(".")
            } else {
                (0..depth).map(|_| "..").collect()
            }
        };
        if dir.join(REVIEW_FILE).is_file() {
            return Located::Review(relative());
        }
        if dir.join(STUDIES_DIR).is_dir() {
            return Located::Incomplete(relative());
        }
    }
    Located::None
}
