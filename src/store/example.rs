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
/// [`finish_scratch`] removes it again unless it was changed.
pub fn unpack_scratch() -> io::Result<PathBuf> {
    let dir = tempfile::Builder::new()
        .prefix("litrev-example-")
        .tempdir()?
        .keep();
    unpack(&dir)?;
    Ok(dir)
}

/// What became of a scratch copy when the program ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scratch {
    /// It held the example exactly as unpacked, and was removed.
    Removed,
    /// Something in it was changed, added or deleted; it is kept.
    Kept,
}

/// Removes the scratch copy at `dir` if it still holds exactly the example
/// as unpacked; keeps it (and says so) when anything in it changed.
pub fn finish_scratch(dir: &Path) -> io::Result<Scratch> {
    if unchanged(dir)? {
        std::fs::remove_dir_all(dir)?;
        Ok(Scratch::Removed)
    } else {
        Ok(Scratch::Kept)
    }
}

/// True when `dir` holds the example's files, unchanged, and nothing else.
fn unchanged(dir: &Path) -> io::Result<bool> {
    let expected: std::collections::HashMap<PathBuf, &str> = EXAMPLE_FILES
        .iter()
        .map(|(rel, text)| (dir.join(rel), *text))
        .collect();
    let mut seen = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            let path = entry.path();
            let kind = entry.file_type()?;
            if kind.is_dir() {
                pending.push(path);
                continue;
            }
            match expected.get(&path) {
                Some(text) if kind.is_file() && std::fs::read(&path)? == text.as_bytes() => {
                    seen += 1
                }
                _ => return Ok(false),
            }
        }
    }
    Ok(seen == expected.len())
}
