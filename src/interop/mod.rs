//! Reference files in and out: RIS, PubMed (nbib and XML), BibTeX/BibLaTeX,
//! CSL-JSON, EndNote XML, MODS, RefWorks, Refer (`.enw`), Ovid and Web of
//! Science tagged text, Biblioscape, Copac and INSPEC tagged text, RePEc NEP
//! digests, ProQuest's text export, and the CSV (or tab-separated) exports
//! of Covidence, Rayyan, Scopus, Embase, ASReview and Web of Science.
//! Also read: Word's bibliography XML (MSBib), MARC 21 XML, Citavi
//! (exchange XML, or a `.ctv6bak` backup: a zip holding it), Citation File
//! Format (`CITATION.cff`) and Hayagriva YAML.
//!
//! [`read_file`] takes a file's bytes, refuses what holds no references
//! (empty, archives and other binaries, Markdown, tables without a title:
//! [`detect`]), decodes the rest (a BOM, UTF-8, UTF-16 with or without a
//! BOM, GBK, Windows-1252), tells the format from the content, and returns the records it could read
//! as [`Study`] values plus the records it could not, each with where it is
//! in the file and why. A bad record never sinks the others. Fields litrev
//! does not model go into [`Study::extra`], so they are kept in the study
//! file.
//!
//! [`plan`] turns records into an import: ids, duplicates against the review
//! and within the input, and a check that each would make a valid study file.
//! [`export`] writes studies back out.

pub mod bibtex;
pub mod clean;
pub mod csljson;
pub mod detect;
pub mod export;
pub mod kind;
pub mod names;
pub mod plan;
pub mod suggest;
pub mod table;
pub mod tagged;
pub mod xml;
pub mod yaml;

use std::borrow::Cow;
use std::fmt;

pub use detect::{Refusal, decode_bytes, detect};
pub use tagged::{nbib, ris, wos};

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
    EndnoteXml,
    PubmedXml,
    Mods,
    /// JATS article XML (PubMed Central `.nxml`, publishers).
    Jats,
    RefWorks,
    /// Refer / EndNote tagged text (`%A`, `%T`; `.enw`).
    Refer,
    /// Ovid tagged text (`VN  - Ovid Technologies`).
    Ovid,
    /// Biblioscape tag files (`--AU-- `, records ended by `------`).
    Biblioscape,
    /// Copac (Jisc Library Hub) tagged text (`TI- `, `AU- `).
    Copac,
    /// INSPEC tagged text (`Record ... INSPEC`, `TI ~ `).
    Inspec,
    /// RePEc NEP (New Economics Papers) mail digests.
    Repec,
    /// ProQuest's text export ("Report Information from ProQuest").
    ProQuest,
    /// Microsoft Word's bibliography XML (`<b:Sources>`).
    MsBib,
    /// MARC 21 XML (MARCXML, library catalogues and SRU).
    MarcXml,
    /// Citavi exchange XML, alone or in a Citavi backup (`.ctv6bak`, a zip).
    Citavi,
    /// Citation File Format (`CITATION.cff`, YAML).
    Cff,
    /// Hayagriva YAML (typst's bibliographies).
    Hayagriva,
    /// CSL YAML: pandoc's `references:` (a YAML file or a Markdown file's
    /// metadata block), citation-js's YAML.
    CslYaml,
}

impl Format {
    /// Every format, in the order of [`Format::NAMES`].
    pub const ALL: [Format; 24] = [
        Self::Ris,
        Self::Nbib,
        Self::Bibtex,
        Self::CslJson,
        Self::Csv,
        Self::Wos,
        Self::EndnoteXml,
        Self::PubmedXml,
        Self::Mods,
        Self::Jats,
        Self::RefWorks,
        Self::Refer,
        Self::Ovid,
        Self::Biblioscape,
        Self::Copac,
        Self::Inspec,
        Self::Repec,
        Self::ProQuest,
        Self::MsBib,
        Self::MarcXml,
        Self::Citavi,
        Self::Cff,
        Self::Hayagriva,
        Self::CslYaml,
    ];

    /// Every accepted spelling, for messages.
    pub const NAMES: [&'static str; 24] = [
        "ris",
        "nbib",
        "bibtex",
        "csljson",
        "csv",
        "wos",
        "endnote-xml",
        "pubmed-xml",
        "mods",
        "jats",
        "refworks",
        "refer",
        "ovid",
        "biblioscape",
        "copac",
        "inspec",
        "repec",
        "proquest",
        "msbib",
        "marcxml",
        "citavi",
        "cff",
        "hayagriva",
        "csl-yaml",
    ];

    /// Every format's label, for a message saying what litrev reads: "RIS,
    /// PubMed (MEDLINE) text, …, CSL YAML".
    pub fn labels() -> String {
        let all: Vec<&str> = Self::ALL.iter().map(|f| f.label()).collect();
        all.join(", ")
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        let i = Self::ALL.iter().position(|f| *f == self).unwrap_or(0);
        Self::NAMES[i]
    }

    /// The name people know the format by, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Ris => "RIS",
            Self::Nbib => "PubMed (MEDLINE) text",
            Self::Bibtex => "BibTeX",
            Self::CslJson => "CSL-JSON",
            Self::Csv => "CSV",
            Self::Wos => "Web of Science tagged text",
            Self::EndnoteXml => "EndNote XML",
            Self::PubmedXml => "PubMed XML",
            Self::Mods => "MODS XML",
            Self::Jats => "JATS XML",
            Self::RefWorks => "RefWorks tagged text",
            Self::Refer => "Refer/EndNote tagged text",
            Self::Ovid => "Ovid tagged text",
            Self::Biblioscape => "Biblioscape tag file",
            Self::Copac => "Copac tagged text",
            Self::Inspec => "INSPEC tagged text",
            Self::Repec => "RePEc NEP digest",
            Self::ProQuest => "ProQuest text export",
            Self::MsBib => "MSBib (Word bibliography) XML",
            Self::MarcXml => "MARC 21 XML",
            Self::Citavi => "Citavi XML",
            Self::Cff => "Citation File Format (CITATION.cff)",
            Self::Hayagriva => "Hayagriva YAML",
            Self::CslYaml => "CSL YAML",
        }
    }

    /// Parses a name given on the command line.
    pub fn parse(s: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .zip(Self::ALL)
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

/// A record that could not be read, and why (or, among
/// [`Parsed::warnings`], something read that the user should check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad {
    pub origin: Origin,
    pub reason: String,
}

impl Bad {
    /// A problem at `line`.
    pub fn at(line: usize, reason: impl Into<String>) -> Self {
        Self {
            origin: Origin::Line(line),
            reason: reason.into(),
        }
    }
}

/// What a reader made of a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub records: Vec<Record>,
    /// Records that could not be read: reported, the others kept.
    pub bad: Vec<Bad>,
    /// Records read, with something the user should check (an undefined
    /// `@string`, a crossref cycle, a guessed encoding).
    pub warnings: Vec<Bad>,
}

impl Parsed {
    /// Keeps `record` when it has something to cite by (a title, authors,
    /// or the editors of an edited book), else reports it.
    fn push(&mut self, record: Record) {
        let s = &record.study;
        let editors = s.extra.iter().any(|(k, _)| k == "editors");
        if s.title.is_empty() && s.authors.is_empty() && !editors {
            self.bad.push(Bad {
                origin: record.origin,
                reason: "no title and no authors".into(),
            });
        } else {
            self.records.push(record);
        }
    }

    /// A warning about the record at `origin`.
    fn warn(&mut self, origin: Origin, reason: impl Into<String>) {
        self.warnings.push(Bad {
            origin,
            reason: reason.into(),
        });
    }
}

/// Decodes a file's bytes (see [`detect::decode_bytes`]).
pub fn decode(bytes: &[u8]) -> String {
    decode_bytes(bytes).0
}

/// Why a reference file could not be read at all.
#[derive(Debug)]
pub enum FileError {
    Io(std::io::Error),
    /// No format given and none recognised.
    UnknownFormat,
    /// Not a reference file: empty, an archive, a binary, Markdown, or no
    /// record in it.
    Refused(Refusal),
}

impl FileError {
    /// The message, after the file's name as the user wrote it.
    pub fn message(&self, name: &str) -> String {
        match self {
            FileError::Io(e) => format!("{name}: {e}"),
            FileError::UnknownFormat => format!(
                "{name}:1:1: cannot tell what format this is (not RIS, PubMed, BibTeX, CSL-JSON, EndNote XML, PubMed XML, MODS, JATS, RefWorks, Refer, Ovid, Web of Science, Biblioscape, Copac, INSPEC, RePEc NEP, ProQuest, MSBib, MARC XML, Citavi, CITATION.cff, Hayagriva, CSL YAML or a CSV with a Title column)"
            ),
            FileError::Refused(r) => format!("{name}:1:1: {}", r.message()),
        }
    }
}

/// Reads the reference file at `path`: its bytes decoded, in `format` or,
/// without one, the format its content shows. A file that holds no
/// references (empty, an archive or other binary, Markdown, or one in which
/// no record was found) is refused.
pub fn read_file(path: &std::path::Path, format: Option<Format>) -> Result<Parsed, FileError> {
    let bytes = std::fs::read(path).map_err(FileError::Io)?;
    if let Some(xml) = xml::citavi::unzip(&bytes).map_err(FileError::Refused)? {
        let (text, encoding) = detect::decode_owned(xml);
        return read_decoded(text, encoding, format);
    }
    if let Some(r) = detect::sniff(&bytes) {
        return Err(FileError::Refused(r));
    }
    let (text, encoding) = detect::decode_owned(bytes);
    read_decoded(text, encoding, format)
}

/// [`read_file`] on bytes already read.
pub fn read_bytes(bytes: &[u8], format: Option<Format>) -> Result<Parsed, FileError> {
    if let Some(xml) = xml::citavi::unzip(bytes).map_err(FileError::Refused)? {
        let (text, encoding) = detect::decode_owned(xml);
        return read_decoded(text, encoding, format);
    }
    if let Some(r) = detect::sniff(bytes) {
        return Err(FileError::Refused(r));
    }
    let (text, encoding) = decode_bytes(bytes);
    read_decoded(text, encoding, format)
}

/// [`read_bytes`] after the decoding (the text is dropped once read).
fn read_decoded(
    owned: String,
    encoding: detect::Encoding,
    format: Option<Format>,
) -> Result<Parsed, FileError> {
    // Lone CR line ends (old Mac files, JabRef's UTF-16) become LF before
    // the format is told: detection reads the text line by line.
    let text = lf(&owned);
    if let Some(r) = detect::refuse_text(&text)
        && (format.is_none() || r == Refusal::Empty || matches!(r, Refusal::Binary(_)))
    {
        return Err(FileError::Refused(r));
    }
    let format = match format {
        Some(f) => f,
        None => match detect(&text) {
            Some(f) => f,
            None => {
                return Err(detect::refuse_xml(&text)
                    .or_else(|| detect::refuse_table(&text))
                    .map(FileError::Refused)
                    .unwrap_or(FileError::UnknownFormat));
            }
        },
    };
    let mut parsed = read(&text, format);
    drop(text);
    drop(owned);
    if parsed.records.is_empty() && parsed.bad.is_empty() {
        return Err(FileError::Refused(Refusal::NoRecords(format)));
    }
    if let Some(w) = encoding.warning() {
        parsed.warnings.insert(0, Bad::at(1, w));
    }
    Ok(parsed)
}

/// Reads decoded text in `format`. Line ends may be LF, CRLF or CR.
pub fn read(text: &str, format: Format) -> Parsed {
    let text = lf(text);
    let text: &str = &text;
    match format {
        Format::Ris => ris::read(text),
        Format::Nbib => nbib::read(text),
        Format::Bibtex => bibtex::read(text),
        Format::CslJson => csljson::read(text),
        Format::Csv => table::read(text),
        Format::Wos => wos::read(text),
        Format::EndnoteXml => xml::endnote::read(text),
        Format::PubmedXml => xml::pubmed::read(text),
        Format::Mods => xml::mods::read(text),
        Format::Jats => xml::jats::read(text),
        Format::RefWorks => tagged::refworks::read(text),
        Format::Refer => tagged::refer::read(text),
        Format::Ovid => tagged::ovid::read(text),
        Format::Biblioscape => tagged::biblioscape::read(text),
        Format::Copac => tagged::copac::read(text),
        Format::Inspec => tagged::inspec::read(text),
        Format::Repec => tagged::repec::read(text),
        Format::ProQuest => tagged::proquest::read(text),
        Format::MsBib => xml::msbib::read(text),
        Format::MarcXml => xml::marc::read(text),
        Format::Citavi => xml::citavi::read(text),
        Format::Cff => yaml::cff::read(text),
        Format::Hayagriva => yaml::hayagriva::read(text),
        Format::CslYaml => yaml::csl::read(text),
    }
}

/// The text without a byte-order mark, and with lone CR line ends (old Mac
/// files) as LF; CRLF is left as it is (`str::lines` and every reader take
/// it).
fn lf(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let b = text.as_bytes();
    let lone_cr = memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n'));
    if !lone_cr {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}
