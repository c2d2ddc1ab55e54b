//! The terminal interface (under construction).

use std::path::Path;

/// Opens the terminal interface on the review at `root`.
pub fn run(root: &Path, _scratch: bool) -> anyhow::Result<()> {
    anyhow::bail!(
        "the terminal interface is not built yet ({})",
        root.display()
    )
}
