//! The recovery file: edits that were not saved when litrev was stopped by a
//! signal (SIGTERM, SIGHUP: a closed terminal window, a shutdown; SIGINT), kept so
//! that the next start can offer them back.
//!
//! It is `.litrev-recovery.toml` in the review folder (beside
//! `review.toml`), written atomically, and holds one `[[study]]` per study
//! with unsaved work: its id, where the work was (`form`, `unsaved`: a save
//! that was put off, `conflict`: a save waiting on the "changed on disk"
//! question, `editor`: text from `$EDITOR` that was not a valid study), the
//! text its file held when the edit began (`base`; absent for a new study)
//! and the whole study file as the user left it (`text`). Restoring puts
//! each one back as an unsaved change, written by the next save only if the
//! file still holds `base` (else the usual "changed on disk" question).
//! See docs/format.md.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::text::problem::Problem;

/// The file's name, in the review folder.
pub const RECOVERY_FILE: &str = ".litrev-recovery.toml";

/// The format version written; a file of a newer version is not read.
pub const VERSION: u32 = 1;

/// Unsaved work kept for the next start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recovery {
    pub version: u32,
    /// Why litrev stopped ("SIGTERM", "SIGHUP", "SIGINT").
    pub signal: String,
    /// When, in seconds since 1970 (UTC).
    pub stopped_at: u64,
    #[serde(default, rename = "study")]
    pub studies: Vec<Recovered>,
}

/// One study's unsaved work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recovered {
    pub id: String,
    /// Where the work was: "form", "unsaved", "conflict" or "editor".
    pub from: String,
    /// The text the study's file held when the edit began (`None`: no file
    /// yet, a new study).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// The whole study file as the user left it.
    pub text: String,
    /// Form fields whose typed text is not a valid value (a year "20x"),
    /// by label: `text` keeps their earlier value, and restoring shows
    /// what was typed.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub typed: std::collections::BTreeMap<String, String>,
}

impl Recovery {
    /// Work stopped now by `signal`.
    pub fn new(signal: &str, studies: Vec<Recovered>) -> Recovery {
        let stopped_at = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Recovery {
            version: VERSION,
            signal: signal.to_string(),
            stopped_at,
            studies,
        }
    }
}

/// Where the recovery file of the review at `root` is.
pub fn path(root: &Path) -> PathBuf {
    root.join(RECOVERY_FILE)
}

/// Writes the recovery file (atomically); returns its path.
pub fn write(root: &Path, recovery: &Recovery) -> io::Result<PathBuf> {
    let text = toml::to_string_pretty(recovery).map_err(io::Error::other)?;
    let header = "# Unsaved litrev edits, kept when litrev was stopped by a signal.\n# litrev offers them back the next time it opens this review.\n";
    let p = path(root);
    crate::store::write_atomic(&p, format!("{header}{text}").as_bytes())?;
    Ok(p)
}

/// Reads the recovery file of the review at `root`: `Ok(None)` when there
/// is none, a located problem when it cannot be used.
pub fn read(root: &Path) -> Result<Option<Recovery>, Problem> {
    let p = path(root);
    let bytes = match std::fs::read(&p) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Problem::file(&p, e.to_string())),
    };
    let src = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let before = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or("");
        Problem::at(&p, before, valid, "not UTF-8 text")
    })?;
    let r: Recovery = toml::from_str(&src).map_err(|e| {
        let (at, msg) = crate::store::parse::syntax::place(
            &src,
            e.span().map(|s| s.start),
            &crate::store::parse::located::first_line(e.message()),
        );
        Problem::at(&p, &src, at, format!("not a recovery file: {msg}"))
    })?;
    if r.version > VERSION {
        return Err(Problem::file(
            &p,
            format!(
                "written by a newer litrev (version {}); this one reads version {VERSION}",
                r.version
            ),
        ));
    }
    Ok(Some(r))
}

/// The warning `litrev check` gives while a recovery file waits (so that
/// unsaved work is never forgotten): `None` when there is none.
pub fn warning(root: &Path) -> Option<Problem> {
    match read(root) {
        Ok(None) => None,
        Ok(Some(r)) => {
            let n = r.studies.len();
            Some(
                Problem::file(
                    &path(root),
                    format!(
                        "unsaved edits to {n} {} kept when litrev was stopped ({}); open the review in litrev to restore or discard them",
                        if n == 1 { "study" } else { "studies" },
                        r.signal
                    ),
                )
                .warning(),
            )
        }
        Err(p) => Some(p.warning()),
    }
}

/// Removes the recovery file (nothing to do when there is none).
pub fn remove(root: &Path) -> io::Result<()> {
    match std::fs::remove_file(path(root)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recovery_file_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()), Ok(None));
        let r = Recovery::new(
            "SIGTERM",
            vec![
                Recovered {
                    id: "a-2020".into(),
                    from: "form".into(),
                    base: Some("id = \"a-2020\"\ntitle = \"x\"\n".into()),
                    text: "id = \"a-2020\"\ntitle = \"x \\\"\"\"\"y\"\n".into(),
                    typed: [("Year".to_string(), "20x".to_string())].into(),
                },
                Recovered {
                    id: "b-2021".into(),
                    from: "unsaved".into(),
                    base: None,
                    text: "id = \"b-2021\"\n".into(),
                    typed: Default::default(),
                },
            ],
        );
        let p = write(dir.path(), &r).unwrap();
        assert_eq!(p, dir.path().join(RECOVERY_FILE));
        assert_eq!(read(dir.path()), Ok(Some(r)));
        remove(dir.path()).unwrap();
        assert_eq!(read(dir.path()), Ok(None));
        remove(dir.path()).unwrap();
    }

    #[test]
    fn a_broken_recovery_file_is_a_located_problem() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(path(dir.path()), "version = 1\nsignal = 3\n").unwrap();
        let p = read(dir.path()).unwrap_err();
        assert_eq!((p.line, p.col), (2, 10), "{p}");
        std::fs::write(
            path(dir.path()),
            "version = 9\nsignal = \"x\"\nstopped_at = 1\n",
        )
        .unwrap();
        assert!(
            read(dir.path())
                .unwrap_err()
                .message
                .contains("newer litrev")
        );
    }
}
