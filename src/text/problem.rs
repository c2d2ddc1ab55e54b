//! Problems found in a review's files, each located at file:line:col.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::text::inert_line;

/// How much a problem matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    /// The file (or a value in it) cannot be used as written.
    #[default]
    Error,
    /// The file is usable, but a reviewer would want to know (a DOI shared
    /// by two studies, a study without authors).
    Warning,
}

/// A problem in one file, with the place it was found and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as the user named the review folder plus the relative path.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    pub message: String,
    pub severity: Severity,
}

impl Problem {
    /// A problem at byte `offset` of `source` (clamped to its length).
    pub fn at(path: &Path, source: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, col) = line_col(source, offset);
        Self {
            path: path.to_path_buf(),
            line,
            col,
            message: inert_message(message.into()),
            severity: Severity::Error,
        }
    }

    /// A problem about a whole file (reported at 1:1).
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            line: 1,
            col: 1,
            message: inert_message(message.into()),
            severity: Severity::Error,
        }
    }

    /// The same problem as a warning.
    pub fn warning(self) -> Self {
        Self {
            severity: Severity::Warning,
            ..self
        }
    }

    /// True for a warning (the file is usable).
    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }
}

/// Messages quote the user's files (keys, values, parser excerpts), which
/// may hold escape sequences; every face prints them, so they are made
/// inert once, here.
fn inert_message(m: String) -> String {
    match inert_line(&m) {
        std::borrow::Cow::Borrowed(_) => m,
        std::borrow::Cow::Owned(s) => s,
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A file name is untrusted text too (a co-author's repository).
        write!(
            f,
            "{}:{}:{}: {}{}",
            inert_line(&self.path.display().to_string()),
            self.line,
            self.col,
            if self.is_warning() { "warning: " } else { "" },
            self.message
        )
    }
}

/// 1-based line and column (in characters) of byte `offset` in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let mut in_line = &before[line_start..];
    if line_start == 0 {
        // A byte-order mark (Windows editors) is not a column the user sees.
        in_line = in_line.strip_prefix('\u{feff}').unwrap_or(in_line);
    }
    let col = in_line.chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let s = "a = 1\ntitle = \"Søderstrøm\"\nyear = x";
        let off = s.find("year").unwrap();
        assert_eq!(line_col(s, off), (3, 1));
        let off = s.find('\"').unwrap() + 1 + "Søderstrøm".len();
        assert_eq!(line_col(s, off), (2, 20));
        assert_eq!(line_col(s, 10_000), (3, 9));
    }
}
