//! The user's own settings, `config.toml` beside the keymap override
//! (`$LITREV_CONFIG_DIR`, else `~/.config/litrev/`): today the reviewer's
//! initials, which every appraisal made in the interface is signed with.
//!
//! ```toml
//! reviewer = "AB"
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The file's name in the config folder.
pub const FILE: &str = "config.toml";

/// The longest initials accepted (they head a column in the reconcile view).
pub const MAX_INITIALS: usize = 12;

/// `config.toml` as read.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    /// The reviewer's initials ("AB").
    #[serde(default)]
    pub reviewer: Option<String>,
}

/// Reads `config.toml` in `dir`. A missing file is the default; a file that
/// cannot be used gives the default and a message naming file:line:col.
pub fn load(dir: &Path) -> (UserConfig, Option<String>) {
    let path = dir.join(FILE);
    let shown = crate::text::inert_line(&path.display().to_string()).into_owned();
    let src = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return (UserConfig::default(), None);
        }
        Err(e) => return (UserConfig::default(), Some(format!("{shown}: {e}"))),
    };
    match toml::from_str::<UserConfig>(&src) {
        Ok(mut c) => {
            let checked = c.reviewer.as_deref().map(check_initials);
            match checked {
                Some(Err(why)) => {
                    let at = src.find("reviewer").unwrap_or(0);
                    let (line, col) = crate::text::problem::line_col(&src, at);
                    c.reviewer = None;
                    (c, Some(format!("{shown}:{line}:{col}: reviewer: {why}")))
                }
                Some(Ok(r)) => {
                    c.reviewer = Some(r);
                    (c, None)
                }
                None => (c, None),
            }
        }
        Err(e) => {
            let (line, col) = crate::text::problem::line_col(&src, e.span().map_or(0, |s| s.start));
            let msg = crate::store::parse::located::first_line(e.message());
            (
                UserConfig::default(),
                Some(format!(
                    "{shown}:{line}:{col}: {}",
                    crate::text::inert_line(&msg)
                )),
            )
        }
    }
}

/// Initials as they will be recorded: trimmed; not empty, not
/// `consensus` (the agreed appraisal's name), no control characters, at most
/// [`MAX_INITIALS`] characters.
pub fn check_initials(s: &str) -> Result<String, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("type your initials (e.g. AB)".into());
    }
    if t.eq_ignore_ascii_case("consensus") {
        return Err("\"consensus\" names the agreed appraisal: use your own initials".into());
    }
    if t.chars().any(char::is_control) {
        return Err("initials cannot hold control characters".into());
    }
    if t.chars().count() > MAX_INITIALS {
        return Err(format!("at most {MAX_INITIALS} characters"));
    }
    Ok(t.to_string())
}

/// Stores `reviewer` in `dir`'s `config.toml`, atomically, keeping the rest
/// of the file (comments, other keys) as it is; creates the folder and the
/// file when needed. Returns the file written.
pub fn store_reviewer(dir: &Path, reviewer: &str) -> Result<PathBuf, String> {
    let path = dir.join(FILE);
    let shown = crate::text::inert_line(&path.display().to_string()).into_owned();
    let src = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{shown}: {e}")),
    };
    let mut doc: toml_edit::DocumentMut = src.parse().map_err(|e: toml_edit::TomlError| {
        let (line, col) = crate::text::problem::line_col(&src, e.span().map_or(0, |s| s.start));
        format!(
            "{shown}:{line}:{col}: not valid TOML, so your initials were not stored: {}",
            crate::text::inert_line(&crate::store::parse::located::first_line(e.message()))
        )
    })?;
    doc["reviewer"] = toml_edit::value(reviewer);
    std::fs::create_dir_all(dir).map_err(|e| format!("{shown}: {e}"))?;
    crate::store::write_atomic(&path, doc.to_string().as_bytes())
        .map_err(|e| format!("{shown}: {e}"))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_are_stored_keeping_the_rest_of_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(load(dir.path()), (UserConfig::default(), None));
        store_reviewer(dir.path(), "AB").expect("stored");
        assert_eq!(load(dir.path()).0.reviewer.as_deref(), Some("AB"));
        std::fs::write(dir.path().join(FILE), "# mine\nreviewer = \"AB\" # me\n").expect("write");
        store_reviewer(dir.path(), "CD").expect("stored");
        let text = std::fs::read_to_string(dir.path().join(FILE)).expect("read");
        assert!(text.starts_with("# mine\n"), "{text}");
        assert!(text.contains("reviewer = \"CD\""), "{text}");
        assert_eq!(load(dir.path()).0.reviewer.as_deref(), Some("CD"));
    }

    #[test]
    fn a_bad_file_is_located_and_ignored() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(FILE), "reviewer = \"AB\"\nreviewr = 3\n").expect("write");
        let (c, e) = load(dir.path());
        assert_eq!(c, UserConfig::default());
        let e = e.expect("a problem");
        assert!(e.contains("config.toml:2:1:"), "{e}");
        std::fs::write(dir.path().join(FILE), "reviewer = \"consensus\"\n").expect("write");
        let (c, e) = load(dir.path());
        assert_eq!(c.reviewer, None);
        assert!(e.expect("a problem").contains("config.toml:1:1: reviewer:"));
        assert!(store_reviewer(dir.path(), "AB").is_ok());
        std::fs::write(dir.path().join(FILE), "reviewer = \n").expect("write");
        let e = store_reviewer(dir.path(), "AB").expect_err("not TOML");
        assert!(e.contains("config.toml:1:"), "{e}");
    }

    #[test]
    fn initials_are_checked() {
        assert_eq!(check_initials("  ab "), Ok("ab".into()));
        assert!(check_initials("").is_err());
        assert!(check_initials("Consensus").is_err());
        assert!(check_initials("a\u{1b}b").is_err());
        assert!(check_initials("ABCDEFGHIJKLM").is_err());
    }
}
