//! The decisions files of `screening/`: one per reviewer (`AB.tsv`), one
//! for the consensus (`consensus.tsv`). Each reviewer writes only their own
//! file, so two reviewers screening on two branches merge without a
//! conflict. Lines are sorted by record key and stage, one per pair, so a
//! file's history reads as the decisions made.
//!
//! ```text
//! key→stage→decision→reason→note→time
//! doi:10.1002/pri.1932→title-abstract→include→→→2026-11-03T09:12:44Z
//! ```
//!
//! (→ stands for a tab.)
//!
//! The consensus file has a seventh column, `by`: who settled it. A tab, a
//! line break or a backslash in a reason or note is written `\t`, `\n`,
//! `\\`. A line that cannot be read is reported at file:line:col and the
//! file is not written again until it is fixed, so nothing in it is lost;
//! a line whose key no record has is kept as it is.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::store::Fingerprint;
use crate::text::inert_line;
use crate::text::problem::Problem;

/// A screening stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    TitleAbstract,
    FullText,
}

impl Stage {
    pub const ALL: [Stage; 2] = [Stage::TitleAbstract, Stage::FullText];

    /// The name in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Stage::TitleAbstract => "title-abstract",
            Stage::FullText => "full-text",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.name() == s)
    }

    /// Index for per-stage arrays.
    pub fn at(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a reviewer decided about a record at a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Decision {
    Include,
    Exclude,
    Maybe,
    /// Full text only: the report could not be obtained.
    NotRetrieved,
}

impl Decision {
    pub const ALL: [Decision; 4] = [
        Decision::Include,
        Decision::Exclude,
        Decision::Maybe,
        Decision::NotRetrieved,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Decision::Include => "include",
            Decision::Exclude => "exclude",
            Decision::Maybe => "maybe",
            Decision::NotRetrieved => "not-retrieved",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|x| x.name() == s)
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One line of a decisions file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub key: String,
    pub stage: Stage,
    pub decision: Decision,
    pub reason: String,
    pub note: String,
    /// When it was decided, `YYYY-MM-DDTHH:MM:SSZ`.
    pub time: String,
    /// Consensus only: who settled it.
    pub by: Option<String>,
    /// The line it was read from (0: not read from the file).
    pub line: usize,
}

/// Whose decisions a file holds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Who {
    Reviewer(String),
    Consensus,
}

impl Who {
    /// The file's name in `screening/`.
    pub fn file_name(&self) -> String {
        match self {
            Who::Reviewer(r) => format!("{r}.tsv"),
            Who::Consensus => "consensus.tsv".into(),
        }
    }

    /// The reviewer's initials, or "consensus".
    pub fn name(&self) -> &str {
        match self {
            Who::Reviewer(r) => r,
            Who::Consensus => "consensus",
        }
    }
}

/// The header line of a reviewer's file.
pub const HEADER: &str = "key\tstage\tdecision\treason\tnote\ttime";
/// The header line of the consensus file.
pub const CONSENSUS_HEADER: &str = "key\tstage\tdecision\treason\tnote\ttime\tby";

/// A decisions file as read.
#[derive(Debug, Clone)]
pub struct File {
    pub who: Who,
    pub path: PathBuf,
    /// Its lines by (key, stage).
    pub rows: BTreeMap<(String, Stage), Row>,
    /// What could not be read (each at file:line:col).
    pub problems: Vec<Problem>,
    /// True when a line could not be read at all: the file is not written
    /// until it is fixed (writing would drop that line).
    pub unreadable: bool,
    /// The bytes on disk when read or last written (`None`: no file).
    pub disk: Option<Fingerprint>,
}

/// `\t`, `\n`, `\r` and `\\` for tab, line feed, carriage return and backslash.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// The reverse of [`escape`]; an unknown escape is kept as written.
pub fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut cs = s.chars();
    while let Some(c) = cs.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match cs.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

impl File {
    /// An empty file of `who` at `path` (not on disk yet).
    pub fn empty(who: Who, path: PathBuf) -> File {
        File {
            who,
            path,
            rows: BTreeMap::new(),
            problems: Vec::new(),
            unreadable: false,
            disk: None,
        }
    }

    /// Reads the file of `who` at `path` (a missing file is an empty one).
    pub fn read(who: Who, path: PathBuf) -> Result<File, String> {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(File::empty(who, path));
            }
            Err(e) => {
                return Err(format!("{}: {e}", inert_line(&path.display().to_string())));
            }
        };
        let mut f = File::empty(who, path);
        f.disk = Some(Fingerprint::of(&bytes));
        match String::from_utf8(bytes) {
            Ok(text) => f.parse(&text),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let before = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
                f.unreadable = true;
                f.problems.push(Problem::at(
                    &f.path,
                    &before,
                    valid,
                    "not UTF-8 text: save the file as UTF-8",
                ));
            }
        }
        Ok(f)
    }

    fn consensus(&self) -> bool {
        self.who == Who::Consensus
    }

    /// Reads the lines of `text` into `rows`.
    pub fn parse(&mut self, text: &str) {
        let path = self.path.clone();
        let header = if self.consensus() {
            CONSENSUS_HEADER
        } else {
            HEADER
        };
        let want = header.split('\t').count();
        let consensus = self.consensus();
        let mut off = 0;
        for (i, raw) in text.split_inclusive('\n').enumerate() {
            let at = off;
            off += raw.len();
            let line = raw.trim_end_matches('\n').trim_end_matches('\r');
            let n = i + 1;
            let mut bad = |col_off: usize, msg: String, unreadable: bool| {
                self.problems
                    .push(Problem::at(&path, text, at + col_off, msg));
                if unreadable {
                    self.unreadable = true;
                }
            };
            if n == 1 {
                if line.trim_start_matches('\u{feff}') != header {
                    bad(
                        0,
                        format!(
                            "the first line must be the header `{}` (tab-separated)",
                            header.replace('\t', ", ")
                        ),
                        true,
                    );
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            if ["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
                .iter()
                .any(|m| line.starts_with(m))
            {
                bad(
                    0,
                    format!(
                        "unresolved merge conflict at line {n}: keep the lines you want and delete the markers"
                    ),
                    true,
                );
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() != want {
                bad(
                    0,
                    format!(
                        "this line has {} field{}, expected {want} ({}): it was cut short or joined with another",
                        fields.len(),
                        if fields.len() == 1 { "" } else { "s" },
                        header.replace('\t', ", ")
                    ),
                    true,
                );
                continue;
            }
            let col = |k: usize| fields[..k].iter().map(|f| f.len() + 1).sum::<usize>();
            let key = fields[0];
            if !super::key::well_formed(key) {
                bad(
                    0,
                    format!(
                        "\"{}\" is not a record key (doi:…, pmid:… or hash: and 16 hex digits)",
                        inert_line(key)
                    ),
                    true,
                );
                continue;
            }
            let Some(stage) = Stage::parse(fields[1]) else {
                bad(
                    col(1),
                    format!(
                        "stage must be title-abstract or full-text, found \"{}\"",
                        inert_line(fields[1])
                    ),
                    true,
                );
                continue;
            };
            let Some(decision) = Decision::parse(fields[2]) else {
                bad(
                    col(2),
                    format!(
                        "decision must be include, exclude, maybe or not-retrieved, found \"{}\"",
                        inert_line(fields[2])
                    ),
                    true,
                );
                continue;
            };
            if decision == Decision::NotRetrieved && stage == Stage::TitleAbstract {
                bad(
                    col(2),
                    "not-retrieved is a full-text decision (a report that could not be obtained)"
                        .into(),
                    false,
                );
            }
            let row = Row {
                key: key.to_string(),
                stage,
                decision,
                reason: unescape(fields[3]),
                note: unescape(fields[4]),
                time: fields[5].to_string(),
                by: consensus.then(|| fields[6].to_string()),
                line: n,
            };
            let k = (row.key.clone(), stage);
            if let Some(first) = self.rows.get(&k) {
                let first = first.line;
                bad(
                    0,
                    format!(
                        "{} has a second {stage} decision here (the first is on line {first}): keep one line",
                        inert_line(key)
                    ),
                    true,
                );
                continue;
            }
            self.rows.insert(k, row);
        }
        if text.is_empty() {
            self.problems.push(Problem::file(
                &path,
                format!(
                    "the file is empty: its first line must be the header `{}`",
                    header.replace('\t', ", ")
                ),
            ));
            self.unreadable = true;
        }
    }

    /// The file's text: the header, then a line per decision, sorted.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(64 + self.rows.len() * 80);
        out.push_str(if self.consensus() {
            CONSENSUS_HEADER
        } else {
            HEADER
        });
        out.push('\n');
        for r in self.rows.values() {
            out.push_str(&r.key);
            out.push('\t');
            out.push_str(r.stage.name());
            out.push('\t');
            out.push_str(r.decision.name());
            out.push('\t');
            out.push_str(&escape(&r.reason));
            out.push('\t');
            out.push_str(&escape(&r.note));
            out.push('\t');
            out.push_str(&r.time);
            if self.consensus() {
                out.push('\t');
                out.push_str(&escape(r.by.as_deref().unwrap_or("")));
            }
            out.push('\n');
        }
        out
    }

    /// Writes the file atomically, refusing when a line of it could not be
    /// read or when it changed on disk since it was read (a `git pull`, a
    /// co-author's editor): nothing is overwritten unseen.
    pub fn save(&mut self) -> Result<(), String> {
        let text = self.render();
        let fp = write_checked(&self.path, self.disk, self.unreadable, &text)?;
        self.disk = Some(fp);
        Ok(())
    }
}

/// Writes `text` to `path` atomically when the file still holds what was
/// read (`disk`) and could be read whole; the new fingerprint.
pub fn write_checked(
    path: &Path,
    disk: Option<Fingerprint>,
    unreadable: bool,
    text: &str,
) -> Result<Fingerprint, String> {
    let shown = inert_line(&path.display().to_string()).into_owned();
    if unreadable {
        return Err(format!(
            "{shown} has lines that cannot be read (run `litrev check`): fix them first, so that nothing in it is lost"
        ));
    }
    let now = match std::fs::read(path) {
        Ok(b) => Some(Fingerprint::of(&b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("{shown}: {e}")),
    };
    if now != disk {
        return Err(format!(
            "{shown} changed on disk since it was read (a pull, an editor): not overwritten; open it again"
        ));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{shown}: {e}"))?;
    }
    crate::store::write_atomic(path, text.as_bytes()).map_err(|e| format!("{shown}: {e}"))?;
    Ok(Fingerprint::of(text.as_bytes()))
}

/// The time now as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    utc(secs)
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> File {
        let mut f = File::empty(
            Who::Reviewer("AB".into()),
            PathBuf::from("screening/AB.tsv"),
        );
        f.parse(text);
        f
    }

    #[test]
    fn a_file_reads_and_writes_back_the_same() {
        let text = format!(
            "{HEADER}\ndoi:10.1/a\ttitle-abstract\tinclude\t\tnote\\twith tab\t2026-11-03T09:12:44Z\ndoi:10.1/a\tfull-text\texclude\twrong population\t\t2026-11-04T09:00:00Z\npmid:12\ttitle-abstract\tmaybe\t\t\t2026-11-03T09:13:00Z\n"
        );
        let f = file(&text);
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        assert_eq!(f.rows.len(), 3);
        assert_eq!(
            f.rows[&("doi:10.1/a".to_string(), Stage::TitleAbstract)].note,
            "note\twith tab"
        );
        assert_eq!(f.render(), text);
    }

    #[test]
    fn torn_and_bad_lines_are_located_and_block_writing() {
        let text = format!(
            "{HEADER}\ndoi:10.1/a\ttitle-abstract\tinclude\t\t\t2026-11-03T09:12:44Z\ndoi:10.1/b\ttitle-abs\npmid:3\ttitle-abstract\tyes\t\t\tt\n"
        );
        let f = file(&text);
        let lines: Vec<String> = f.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].starts_with("screening/AB.tsv:3:1: this line has 2 fields, expected 6"),
            "{lines:?}"
        );
        assert!(
            lines[1].starts_with("screening/AB.tsv:4:23: decision must be"),
            "{lines:?}"
        );
        assert!(f.unreadable);
        let err =
            write_checked(Path::new("/nonexistent/x.tsv"), None, f.unreadable, "").unwrap_err();
        assert!(err.contains("fix them first"), "{err}");
    }

    #[test]
    fn utc_times() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_709_210_096), "2024-02-29T12:34:56Z");
    }

    #[test]
    fn escapes_round_trip() {
        for s in ["a\\b", "tab\there", "two\nlines\r\n", "\\t literally"] {
            assert_eq!(unescape(&escape(s)), s);
        }
    }
}
