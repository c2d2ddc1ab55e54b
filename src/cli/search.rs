//! `litrev search add FILE --database NAME --date YYYY-MM-DD`: a search
//! export kept in `searches/` and recorded in review.toml.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{Fail, emit, review_dir};
use crate::screening::add::{Request, add};
use crate::text::inert_line;

/// `litrev search`'s commands.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum SearchCommand {
    /// Keep a search export in searches/ as downloaded, record its database,
    /// date, query, record count and SHA-256 in review.toml, and read its
    /// records for screening.
    #[command(
        after_help = "Exit status: 0 added; 1 added, but some records could not be read (listed); 2 not added (usage, I/O, not a reference file, already added)."
    )]
    Add(AddArgs),
}

/// What `litrev search add` was asked to do.
#[derive(Debug, Clone, clap::Args)]
pub struct AddArgs {
    /// The export: RIS, PubMed (nbib), BibTeX, CSL-JSON, Web of Science, or a
    /// CSV with a Title column (the format is read from the content).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The database or register searched, as the methods section names it
    /// ("MEDLINE (Ovid)").
    #[arg(long, value_name = "NAME")]
    pub database: String,
    /// The day the search was run.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: String,
    /// The search strategy as run.
    #[arg(long, value_name = "TEXT", conflicts_with = "query_file")]
    pub query: Option<String>,
    /// A file holding the search strategy as run.
    #[arg(long, value_name = "F")]
    pub query_file: Option<PathBuf>,
    /// The source is a trials register (ClinicalTrials.gov, ICTRP), counted
    /// apart from databases in the PRISMA flow.
    #[arg(long)]
    pub register: bool,
    /// The review (default: the nearest one holding review.toml, here or above).
    #[arg(long, value_name = "REVIEW")]
    pub into: Option<PathBuf>,
}

/// Runs `litrev search …`.
pub fn run(command: &SearchCommand) -> Result<ExitCode, Fail> {
    match command {
        SearchCommand::Add(a) => run_add(a),
    }
}

fn run_add(a: &AddArgs) -> Result<ExitCode, Fail> {
    let dir = review_dir(a.into.as_deref())?;
    let query = match (&a.query, &a.query_file) {
        (Some(q), _) => Some(q.clone()),
        (None, Some(f)) => Some(
            std::fs::read_to_string(f)
                .map(|t| t.trim_end().to_string())
                .map_err(|e| {
                    Fail::usage(format!("{}: {e}", inert_line(&f.display().to_string())))
                })?,
        ),
        (None, None) => None,
    };
    let added = add(
        &dir,
        &a.file,
        &Request {
            database: &a.database,
            date: &a.date,
            query,
            register: a.register,
        },
    )
    .map_err(Fail::usage)?;
    // The screening screen's cache of the merged records is made now, so
    // the screen opens from it: the export is read once more here rather
    // than at the next open. A cache that cannot be written costs nothing
    // but that (the screen reads the exports then).
    let _ = crate::screening::Screening::open_with(
        &dir,
        crate::screening::records::cache::Use::ReadWrite,
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "added {}: {} {} from {} ({}), {}",
        inert_line(&added.file),
        added.count,
        if added.count == 1 {
            "record"
        } else {
            "records"
        },
        inert_line(a.database.trim()),
        added.format,
        a.date
    );
    if !added.bad.is_empty() {
        let _ = writeln!(
            out,
            "{} {} could not be read and {} not counted:",
            added.bad.len(),
            if added.bad.len() == 1 {
                "record"
            } else {
                "records"
            },
            if added.bad.len() == 1 { "is" } else { "are" }
        );
        for b in &added.bad {
            let _ = writeln!(
                out,
                "  {}:{}: {}",
                inert_line(&added.file),
                b.origin,
                inert_line(&b.reason)
            );
        }
    }
    emit(&out)?;
    Ok(if added.bad.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_DATA)
    })
}
