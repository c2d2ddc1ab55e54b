//! Reference files in and out: RIS, PubMed (nbib), BibTeX/BibLaTeX,
//! CSL-JSON, Web of Science tagged text, and the CSV (or tab-separated)
//! exports of Covidence, Rayyan, Scopus and Web of Science.
//!
//! Every reader takes the file's bytes, decodes them ([`decode`]: a BOM,
//! UTF-8, UTF-16 or Windows-1252), and returns the records it could read as
//! [`Study`] values plus the records it could not, each with where it is in
//! the file and why. A bad record never sinks the others. Fields litrev does
//! not model go into [`Study::extra`], so they are kept in the study file.
//!
//! [`plan`] turns records into an import: ids, duplicates against the review
//! and within the input. [`export`] writes studies back out.

pub mod bibtex;
pub mod clean;
pub mod csljson;
pub mod export;
pub mod nbib;
pub mod plan;
pub mod ris;
pub mod suggest;
pub mod table;
pub mod wos;

use std::fmt;

use crate::model::Study;

/// A format of reference files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Ris,
    Nbib,
    Bibtex,
    CslJson,
    Csv,
    Wos,
}

impl Format {
    /// Every accepted spelling, for messages.
    pub const NAMES: [&'static str; 6] = ["ris", "nbib", "bibtex", "csljson", "csv", "wos"];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ris => "ris",
            Self::Nbib => "nbib",
            Self::Bibtex => "bibtex",
            Self::CslJson => "csljson",
            Self::Csv => "csv",
            Self::Wos => "wos",
        }
    }

    /// Parses a name given on the command line.
    pub fn parse(s: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .zip([
                Self::Ris,
                Self::Nbib,
                Self::Bibtex,
                Self::CslJson,
                Self::Csv,
                Self::Wos,
            ])
            .find(|(n, _)| n.eq_ignore_ascii_case(s.trim()))
            .map(|(_, f)| f)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a record is in its file: a line (1-based) or an entry key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Line(usize),
    Key(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Line(n) => write!(f, "{n}"),
            Self::Key(k) => write!(f, "entry {k}"),
        }
    }
}

/// One record read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The study it becomes (its id is set by [`plan`]).
    pub study: Study,
    pub origin: Origin,
    /// The record's publication type as the source wrote it (PubMed `PT`,
    /// RIS `TY`, CSL `type`): a hint for the design, never applied.
    pub kind: Option<String>,
}

/// A record that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad {
    pub origin: Origin,
    pub reason: String,
}

/// What a reader made of a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub records: Vec<Record>,
    pub bad: Vec<Bad>,
}

impl Parsed {
    /// Keeps `record` when it has something to cite by, else reports it.
    fn push(&mut self, record: Record) {
        let s = &record.study;
        if s.title.is_empty() && s.authors.is_empty() {
            self.bad.push(Bad {
                origin: record.origin,
                reason: "no title and no authors".into(),
            });
        } else {
            self.records.push(record);
        }
    }
}

/// Decodes a file's bytes: a UTF-8 or UTF-16 byte-order mark is honoured and
/// dropped; text that is not UTF-8 is read as Windows-1252 (a superset of
/// Latin-1 for the characters old exports use).
pub fn decode(bytes: &[u8]) -> String {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_with_bom_removal(bytes);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The format of decoded text, judged from its content; `None` when it
/// reads as none of them.
pub fn detect(text: &str) -> Option<Format> {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if start.starts_with('[') || start.starts_with('{') {
        return Some(Format::CslJson);
    }
    if wos::looks_like_wos(start) {
        return Some(Format::Wos);
    }
    let mut ris = false;
    let mut nbib = false;
    let mut bib = false;
    for line in text.lines().take(5000) {
        let line = line.trim_start_matches('\u{feff}');
        if ris::tag_line(line).is_some_and(|(t, _)| t == "TY") {
            ris = true;
            break;
        }
        if line.starts_with("PMID-") {
            nbib = true;
        }
        let t = line.trim_start();
        if t.starts_with('@')
            && t[1..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_alphabetic())
        {
            bib = true;
        }
    }
    if ris {
        Some(Format::Ris)
    } else if nbib {
        Some(Format::Nbib)
    } else if bib {
        Some(Format::Bibtex)
    } else if table::looks_like_csv(start) {
        Some(Format::Csv)
    } else {
        None
    }
}

/// Why a reference file could not be read at all.
#[derive(Debug)]
pub enum FileError {
    Io(std::io::Error),
    /// No format given and none recognised.
    UnknownFormat,
}

impl FileError {
    /// The message, after the file's name as the user wrote it.
    pub fn message(&self, name: &str) -> String {
        match self {
            FileError::Io(e) => format!("{name}: {e}"),
            FileError::UnknownFormat => format!(
                "{name}:1:1: cannot tell what format this is (not RIS, PubMed, BibTeX, CSL-JSON, Web of Science or a CSV with a Title column)"
            ),
        }
    }
}

/// Reads the reference file at `path`: its bytes decoded, in `format` or,
/// without one, the format its content shows.
pub fn read_file(path: &std::path::Path, format: Option<Format>) -> Result<Parsed, FileError> {
    let bytes = std::fs::read(path).map_err(FileError::Io)?;
    let text = decode(&bytes);
    let format = format
        .or_else(|| detect(&text))
        .ok_or(FileError::UnknownFormat)?;
    Ok(read(&text, format))
}

/// Reads decoded text in `format`.
pub fn read(text: &str, format: Format) -> Parsed {
    match format {
        Format::Ris => ris::read(text),
        Format::Nbib => nbib::read(text),
        Format::Bibtex => bibtex::read(text),
        Format::CslJson => csljson::read(text),
        Format::Csv => table::read(text),
        Format::Wos => wos::read(text),
    }
}
