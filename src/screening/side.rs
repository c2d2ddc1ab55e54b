//! The two other files of `screening/`, tab-separated like the decisions
//! files and sorted by key:
//!
//! - `duplicates.tsv`: a reviewer's answer about a pair of records listed
//!   as possibly the same — `key`, `other`, `decision` (`same` or
//!   `different`), `match` (why they were listed), `reviewer`, `time`.
//! - `fulltext.tsv`: where a record's full text is — `key`, `location` (a
//!   PDF's path or a URL), `reviewer`, `time`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::decisions::{escape, unescape, write_checked};
use crate::store::Fingerprint;
use crate::text::inert_line;
use crate::text::problem::Problem;

/// The duplicates file's name in `screening/`.
pub const DUPLICATES: &str = "duplicates.tsv";
/// The full-text locations file's name in `screening/`.
pub const FULLTEXT: &str = "fulltext.tsv";

/// The columns of each file.
pub const DUPLICATES_COLUMNS: [&str; 6] = ["key", "other", "decision", "match", "reviewer", "time"];
pub const FULLTEXT_COLUMNS: [&str; 4] = ["key", "location", "reviewer", "time"];

/// A tab-separated file of rows keyed by their first `keyed` columns.
#[derive(Debug, Clone)]
pub struct Side {
    pub path: PathBuf,
    pub columns: &'static [&'static str],
    /// How many leading columns are record keys (and the row's identity).
    pub keyed: usize,
    /// Rows by their keys: the other values and the line read from.
    pub rows: BTreeMap<Vec<String>, (Vec<String>, usize)>,
    pub problems: Vec<Problem>,
    pub unreadable: bool,
    pub disk: Option<Fingerprint>,
}

impl Side {
    /// Reads the file (a missing one is empty).
    pub fn read(
        path: PathBuf,
        columns: &'static [&'static str],
        keyed: usize,
    ) -> Result<Side, String> {
        let mut s = Side {
            path,
            columns,
            keyed,
            rows: BTreeMap::new(),
            problems: Vec::new(),
            unreadable: false,
            disk: None,
        };
        let bytes = match std::fs::read(&s.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(s),
            Err(e) => {
                return Err(format!(
                    "{}: {e}",
                    inert_line(&s.path.display().to_string())
                ));
            }
        };
        s.disk = Some(Fingerprint::of(&bytes));
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                s.unreadable = true;
                s.problems.push(Problem::file(
                    &s.path,
                    "not UTF-8 text: save the file as UTF-8",
                ));
                return Ok(s);
            }
        };
        s.parse(&text);
        Ok(s)
    }

    fn parse(&mut self, text: &str) {
        let header = self.columns.join("\t");
        let mut off = 0;
        for (i, raw) in text.split_inclusive('\n').enumerate() {
            let at = off;
            off += raw.len();
            let line = raw.trim_end_matches('\n').trim_end_matches('\r');
            let mut bad = |msg: String| {
                self.problems.push(Problem::at(&self.path, text, at, msg));
                self.unreadable = true;
            };
            if i == 0 {
                if line.trim_start_matches('\u{feff}') != header {
                    bad(format!(
                        "the first line must be the header `{}` (tab-separated)",
                        self.columns.join(", ")
                    ));
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() != self.columns.len() {
                bad(format!(
                    "this line has {} fields, expected {} ({}): it was cut short or joined with another",
                    fields.len(),
                    self.columns.len(),
                    self.columns.join(", ")
                ));
                continue;
            }
            if let Some(k) = fields[..self.keyed]
                .iter()
                .find(|k| !super::key::well_formed(k))
            {
                bad(format!(
                    "\"{}\" is not a record key (doi:…, pmid:… or hash: and 16 hex digits)",
                    inert_line(k)
                ));
                continue;
            }
            let key: Vec<String> = fields[..self.keyed].iter().map(|s| s.to_string()).collect();
            let values: Vec<String> = fields[self.keyed..].iter().map(|v| unescape(v)).collect();
            if let Some((_, first)) = self.rows.get(&key) {
                let first = *first;
                bad(format!(
                    "a second line for {} (the first is on line {first}): keep one",
                    inert_line(&key.join(" "))
                ));
                continue;
            }
            self.rows.insert(key, (values, i + 1));
        }
    }

    /// The file's text.
    pub fn render(&self) -> String {
        let mut out = self.columns.join("\t");
        out.push('\n');
        for (k, (v, _)) in &self.rows {
            let fields: Vec<String> = k
                .iter()
                .cloned()
                .chain(v.iter().map(|x| escape(x)))
                .collect();
            out.push_str(&fields.join("\t"));
            out.push('\n');
        }
        out
    }

    /// Writes the file atomically (see [`write_checked`]).
    pub fn save(&mut self) -> Result<(), String> {
        let text = self.render();
        self.disk = Some(write_checked(
            &self.path,
            self.disk,
            self.unreadable,
            &text,
        )?);
        Ok(())
    }
}
