//! `litrev import FILE... --into REVIEW`: reference files become new study
//! files, all in one step (all are written or none).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value as J, json};

use super::{EXIT_DATA, Fail, emit, review_dir};
use crate::interop::plan::{self, Plan, place};
use crate::interop::{self, Format, Origin};
use crate::model::filter::Filter;
use crate::session::Session;
use crate::store::{STUDIES_DIR, SaveError};
use crate::text::inert_line;

/// How the input's format is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InFormat {
    Auto,
    Ris,
    Nbib,
    Bibtex,
    Csljson,
    Csv,
    /// Web of Science tagged text (savedrecs.txt).
    Wos,
    /// EndNote XML.
    EndnoteXml,
    /// PubMed XML (efetch, "Save as XML").
    PubmedXml,
    /// MODS XML.
    Mods,
    /// JATS article XML (PubMed Central .nxml).
    Jats,
    /// RefWorks tagged text.
    Refworks,
    /// Refer / EndNote tagged text (.enw, %A %T).
    Refer,
    /// Ovid tagged text (VN  - Ovid Technologies).
    Ovid,
    /// Biblioscape tag file (--AU-- , records ended by ------).
    Biblioscape,
    /// Copac / Jisc Library Hub tagged text (TI- , AU- ).
    Copac,
    /// INSPEC tagged text (Record ... INSPEC, TI ~ ).
    Inspec,
    /// RePEc NEP (New Economics Papers) mail digest.
    Repec,
    /// ProQuest text export (Report Information from ProQuest).
    Proquest,
    /// Word's bibliography XML (b:Sources).
    Msbib,
    /// MARC 21 XML (MARCXML).
    Marcxml,
    /// Citavi exchange XML, or a Citavi backup (.ctv6bak).
    Citavi,
    /// Citation File Format (CITATION.cff).
    Cff,
    /// Hayagriva YAML (typst).
    Hayagriva,
}

/// Output of `litrev import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Text,
    Json,
}

/// What `litrev import` was asked to do.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// Reference files: RIS, PubMed (nbib or XML), BibTeX/BibLaTeX,
    /// CSL-JSON, EndNote XML, MODS, JATS, RefWorks, Refer (.enw), Ovid or Web of
    /// Science tagged text, Covidence, Rayyan, Scopus, Embase, ASReview or
    /// Web of Science CSV/tab-separated; also Word's bibliography XML
    /// (MSBib), MARC 21 XML, Citavi (a .ctv6bak backup or its XML),
    /// CITATION.cff and Hayagriva YAML (the format is read from the
    /// content).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The review to add the studies to (default: the nearest one holding
    /// review.toml, here or above).
    #[arg(long, value_name = "REVIEW")]
    pub into: Option<PathBuf>,
    /// The design path every new study gets (default: none, unclassified).
    #[arg(long, value_name = "PATH")]
    pub design: Option<String>,
    /// A tag every new study gets; repeat for several.
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// The input format, when the content does not tell.
    #[arg(long, value_enum, default_value = "auto")]
    pub format: InFormat,
    /// Print what would be added, and the duplicates and bad records, and
    /// write nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, value_enum, default_value = "text")]
    pub format_out: OutFormat,
}

fn forced(f: InFormat) -> Option<Format> {
    match f {
        InFormat::Auto => None,
        InFormat::Ris => Some(Format::Ris),
        InFormat::Nbib => Some(Format::Nbib),
        InFormat::Bibtex => Some(Format::Bibtex),
        InFormat::Csljson => Some(Format::CslJson),
        InFormat::Csv => Some(Format::Csv),
        InFormat::Wos => Some(Format::Wos),
        InFormat::EndnoteXml => Some(Format::EndnoteXml),
        InFormat::PubmedXml => Some(Format::PubmedXml),
        InFormat::Mods => Some(Format::Mods),
        InFormat::Jats => Some(Format::Jats),
        InFormat::Refworks => Some(Format::RefWorks),
        InFormat::Refer => Some(Format::Refer),
        InFormat::Ovid => Some(Format::Ovid),
        InFormat::Biblioscape => Some(Format::Biblioscape),
        InFormat::Copac => Some(Format::Copac),
        InFormat::Inspec => Some(Format::Inspec),
        InFormat::Repec => Some(Format::Repec),
        InFormat::Proquest => Some(Format::ProQuest),
        InFormat::Msbib => Some(Format::MsBib),
        InFormat::Marcxml => Some(Format::MarcXml),
        InFormat::Citavi => Some(Format::Citavi),
        InFormat::Cff => Some(Format::Cff),
        InFormat::Hayagriva => Some(Format::Hayagriva),
    }
}

/// Reads one file, naming it in every error.
fn read_file(path: &Path, format: Option<Format>) -> Result<(String, interop::Parsed), Fail> {
    let name = inert_line(&path.display().to_string()).into_owned();
    match interop::read_file(path, format) {
        Ok(parsed) => Ok((name, parsed)),
        Err(e @ interop::FileError::UnknownFormat) => Err(Fail::usage(format!(
            "{}; name it with --format",
            e.message(&name)
        ))),
        Err(e) => Err(Fail::usage(e.message(&name))),
    }
}

/// Runs `litrev import`.
pub fn run(args: &ImportArgs) -> Result<ExitCode, Fail> {
    let dir = review_dir(args.into.as_deref())?;
    let session = Session::open(&dir).map_err(|e| Fail::usage(e.to_string()))?;
    let design = match &args.design {
        Some(d) => Some(
            Filter::parse_design(session.review(), d)
                .map_err(|e| Fail::usage(e.to_string()))?
                .to_string(),
        ),
        None => None,
    };
    let tags = args
        .tag
        .iter()
        .map(|t| Filter::parse_tag(t).map_err(|e| Fail::usage(e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let mut files = Vec::new();
    for f in &args.files {
        files.push(read_file(f, forced(args.format))?);
    }
    let taken = plan::taken_ids(&session);
    let existing: Vec<_> = session.entries().iter().map(|e| &e.study).collect();
    let mut plan = plan::plan(&existing, &taken, files);
    for n in &mut plan.new {
        plan::classify(&mut n.record.study, design.as_deref(), &tags);
    }
    if !args.dry_run {
        write(&session, &mut plan)?;
    }
    let hints: Vec<Option<String>> = plan
        .new
        .iter()
        .map(|n| {
            n.record
                .kind
                .as_deref()
                .and_then(|k| interop::suggest::design(session.review(), k))
                .map(|p| p.to_string())
        })
        .collect();
    let out = match args.format_out {
        OutFormat::Text => text(&plan, &hints, args.dry_run),
        OutFormat::Json => crate::manuscript::render::json_text(&json(&plan, &hints, args.dry_run))
            .map_err(|e| Fail::usage(format!("cannot write JSON: {e}")))?,
    };
    emit(&out)?;
    Ok(if plan.bad.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_DATA)
    })
}

/// Writes the new studies as one step, all or none, streamed: each study's
/// text is made, checked and written to a temporary file on every core and
/// not kept ([`plan::write_new`]), so an import of 100 000 records does not
/// hold their texts, nor its studies twice. A study that would not be valid
/// is set aside as a bad record and the rest are written.
fn write(session: &Session, plan: &mut Plan) -> Result<(), Fail> {
    match plan::write_new(session.root(), session.review(), plan) {
        Ok(()) => Ok(()),
        Err(e) => Err(Fail::usage(match e.error {
            SaveError::Exists { .. } => {
                let id = plan
                    .new
                    .get(e.index)
                    .map(|n| n.record.study.id.as_str())
                    .unwrap_or_default();
                format!(
                    "{STUDIES_DIR}/{id}.toml appeared while importing: nothing was written; run the import again"
                )
            }
            error => format!("nothing was written: {error}"),
        })),
    }
}

/// "1 study", "2 studies".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn text(plan: &Plan, hints: &[Option<String>], dry_run: bool) -> String {
    let mut out = String::new();
    let verb = if dry_run { "would add" } else { "added" };
    let _ = writeln!(
        out,
        "{verb} {}{}",
        count(plan.new.len(), "study", "studies"),
        if plan.new.is_empty() { "" } else { ":" }
    );
    for (n, hint) in plan.new.iter().zip(hints) {
        let s = &n.record.study;
        let year = s.year.map(|y| y.to_string()).unwrap_or_else(|| "-".into());
        let kind = match (n.record.kind.as_deref(), hint) {
            (Some(k), Some(h)) if s.design.is_none() => {
                format!("  [type: {}; design {h}?]", inert_line(k))
            }
            (Some(k), _) => format!("  [type: {}]", inert_line(k)),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  {}  {}  {year}  {}{kind}",
            s.id,
            inert_line(s.first_author()),
            inert_line(&s.title)
        );
    }
    if !plan.duplicates.is_empty() {
        let _ = writeln!(
            out,
            "{} not added:",
            count(plan.duplicates.len(), "duplicate", "duplicates")
        );
        for d in &plan.duplicates {
            let _ = writeln!(
                out,
                "  {}: {} — same {} as {}",
                inert_line(&place(&d.file, &d.record.origin)),
                inert_line(&d.record.study.title),
                d.by,
                inert_line(&d.of)
            );
        }
    }
    if !plan.bad.is_empty() {
        let _ = writeln!(
            out,
            "{} not read:",
            count(plan.bad.len(), "bad record", "bad records")
        );
        for b in &plan.bad {
            let _ = writeln!(
                out,
                "  {}: {}",
                inert_line(&place(&b.file, &b.bad.origin)),
                inert_line(&b.bad.reason)
            );
        }
    }
    if !plan.warnings.is_empty() {
        let _ = writeln!(
            out,
            "{} (the records were read; check these):",
            count(plan.warnings.len(), "warning", "warnings")
        );
        for w in &plan.warnings {
            let _ = writeln!(
                out,
                "  {}: {}",
                inert_line(&place(&w.file, &w.bad.origin)),
                inert_line(&w.bad.reason)
            );
        }
    }
    if !dry_run && !plan.new.is_empty() && plan.new.iter().any(|n| n.record.study.design.is_none())
    {
        let _ = writeln!(
            out,
            "the new studies have no design yet (give one with --design; `litrev check` warns about each study without one)"
        );
    }
    out
}

fn origin_json(o: &Origin) -> (J, J) {
    match o {
        Origin::Line(n) => (json!(n), J::Null),
        Origin::Key(k) => (J::Null, json!(k)),
    }
}

fn json(plan: &Plan, hints: &[Option<String>], dry_run: bool) -> J {
    let new: Vec<J> = plan
        .new
        .iter()
        .zip(hints)
        .map(|(n, hint)| {
            let s = &n.record.study;
            let (line, key) = origin_json(&n.record.origin);
            json!({"id": s.id, "first_author": s.first_author(), "year": s.year,
                   "title": s.title, "doi": s.doi, "type": n.record.kind,
                   "suggested_design": hint,
                   "file": n.file, "line": line, "entry": key})
        })
        .collect();
    let dups: Vec<J> = plan
        .duplicates
        .iter()
        .map(|d| {
            let (line, key) = origin_json(&d.record.origin);
            json!({"title": d.record.study.title, "first_author": d.record.study.first_author(),
                   "year": d.record.study.year, "of": d.of, "by": d.by,
                   "file": d.file, "line": line, "entry": key})
        })
        .collect();
    let bad: Vec<J> = plan
        .bad
        .iter()
        .map(|b| {
            let (line, key) = origin_json(&b.bad.origin);
            json!({"file": b.file, "line": line, "entry": key, "reason": b.bad.reason})
        })
        .collect();
    let warnings: Vec<J> = plan
        .warnings
        .iter()
        .map(|w| {
            let (line, key) = origin_json(&w.bad.origin);
            json!({"file": w.file, "line": line, "entry": key, "warning": w.bad.reason})
        })
        .collect();
    json!({"dry_run": dry_run, "new": new, "duplicates": dups, "bad": bad, "warnings": warnings})
}
