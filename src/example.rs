//! The example review compiled into the binary.

use std::io;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/example_files.rs"));

/// Every file of the bundled example review: (path relative to the review, text).
pub fn files() -> &'static [(&'static str, &'static str)] {
    EXAMPLE_FILES
}

/// Writes the example review into `dir` (created if missing).
pub fn unpack(dir: &Path) -> io::Result<()> {
    for (rel, text) in EXAMPLE_FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}

/// Unpacks the example into a new scratch folder that outlives the program
/// (so edits made there can still be looked at), and returns its path.
pub fn unpack_scratch() -> io::Result<PathBuf> {
    let dir = tempfile::Builder::new()
        .prefix("litrev-example-")
        .tempdir()?
        .keep();
    unpack(&dir)?;
    Ok(dir)
}
