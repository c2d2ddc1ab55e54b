//! The `litrev` binary: argument parsing and dispatch.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use litrev::cli::{self, Fail};
use litrev::store::example::Scratch;

/// A terminal workbench for the included studies of systematic and scoping reviews.
///
/// Run with no command to open the terminal interface on REVIEW (default: the
/// nearest folder holding review.toml, the current one or one above it; else
/// a scratch copy of the bundled example review, removed on exit unless
/// changed).
#[derive(Debug, Parser)]
#[command(name = "litrev", version, about, long_about = None)]
// `litrev REVIEW tally` would otherwise run `tally` on the current folder,
// silently dropping REVIEW.
#[command(args_conflicts_with_subcommands = true)]
#[command(after_help = "Exit status: 0 success, 1 the data has problems, 2 usage or I/O error.")]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// The review folder to open in the terminal interface.
    review: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print counts per design (or year, tag, appraisal, field) with citation numbers.
    Tally {
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
        /// What to count by: design, year, tag, appraisal or an extraction field.
        #[arg(long, default_value = "design")]
        by: String,
        #[command(flatten)]
        filter: cli::FilterArgs,
        #[arg(long, value_enum, default_value = "text")]
        format: cli::tally::Format,
        /// Citation style, overriding review.toml's citation_style.
        #[arg(long, value_parser = cli::parse_cite)]
        cite: Option<litrev::model::CitationStyle>,
    },
    /// Print the studies (filtered; with --search, best match first).
    List {
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
        #[command(flatten)]
        filter: cli::FilterArgs,
        #[arg(long, value_enum, default_value = "text")]
        format: cli::list::Format,
        /// Citation style of the Markdown table, overriding review.toml's.
        #[arg(long, value_parser = cli::parse_cite)]
        cite: Option<litrev::model::CitationStyle>,
    },
    /// Validate everything; print every problem as file:line:col: message.
    ///
    /// Errors are values litrev cannot use as written. Warnings (file:line:col:
    /// warning: message) are things a reviewer would want to fix: two studies
    /// with the same DOI, a study without authors, year or design, an author
    /// written given name first.
    #[command(
        after_help = "Exit status: 0 no problems, or only warnings (they are printed); 1 any error; 2 usage or I/O error."
    )]
    Check {
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
    },
    /// Create a new review with a default design taxonomy and instruments.
    New {
        /// The folder to create.
        dir: PathBuf,
        /// The review's title.
        #[arg(long)]
        title: Option<String>,
        /// Also start a git repository there (`git init`) and run `git-setup`.
        #[arg(long)]
        git: bool,
    },
    /// Merge one study file three ways, for git (`merge-driver %O %A %B %P`).
    #[command(
        after_help = "Exit status: 0 merged cleanly into OURS; 1 conflicts left between markers in OURS; 2 usage or I/O error."
    )]
    MergeDriver {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        /// The file's path in the repository (for messages).
        path: PathBuf,
    },
    /// Make git merge study files and review.toml field by field (.gitattributes + git config).
    GitSetup {
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
    },
    /// Show a conflicted study's two sides field by field, or keep one (or both; or keep or drop a study deleted on one side).
    Resolve {
        /// The study's id.
        id: String,
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
        /// Write this side of every conflict to the file (both: both sides'
        /// changes merged, ours where they conflict, every reviewer's appraisal kept).
        #[arg(long, value_enum, conflicts_with_all = ["keep", "drop"])]
        take: Option<cli::git::Side>,
        /// FIELD=ours|theirs: this field from that side instead (repeatable; with --take).
        #[arg(long = "field", requires = "take", value_name = "FIELD=SIDE")]
        fields: Vec<String>,
        /// A study deleted on one side and changed on the other: keep it, as changed.
        #[arg(long, conflicts_with = "drop")]
        keep: bool,
        /// A study deleted on one side and changed on the other: delete it.
        #[arg(long)]
        drop: bool,
    },
    /// Show the commits that changed a study, with the fields each changed.
    History {
        /// The study's id.
        id: String,
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: cli::git::Format,
    },
    /// Print the appraisal table: per study and reviewer, the answers and the overall judgement.
    Appraisal {
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
        /// Only appraisals with this instrument (e.g. rob2).
        #[arg(long, value_name = "NAME")]
        instrument: Option<String>,
        /// Only this reviewer's appraisals (initials, or consensus).
        #[arg(long, value_name = "R")]
        reviewer: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: cli::appraisal::Format,
        /// Draw a figure (SVG) of one instrument instead: robvis's
        /// traffic-light plot (studies × domains) or summary bar plot, of the
        /// agreed answers (or, with --reviewer, that reviewer's own).
        #[arg(long, value_enum, requires = "instrument", conflicts_with = "format")]
        figure: Option<cli::appraisal::Figure>,
        /// The figure's colours: robvis's, or Okabe–Ito's for every colour vision.
        #[arg(long, value_enum, default_value = "standard", requires = "figure")]
        palette: litrev::manuscript::figure::Palette,
        /// Write to this file (atomically) instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Print inter-rater agreement: Cohen's kappa per item and per instrument, and every disagreement.
    Agreement {
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
        /// Only this instrument.
        #[arg(long, value_name = "NAME")]
        instrument: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: cli::appraisal::TextOrJson,
    },
    /// List the appraisal instruments (built in, and the review's own), or show one.
    Instruments {
        /// The instrument to show with its items and answer scales.
        name: Option<String>,
        /// The review whose instruments/ folder to include (default: the nearest one, if any).
        #[arg(long)]
        review: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: cli::appraisal::TextOrJson,
    },
    /// Add the records of reference files (RIS, PubMed, BibTeX, CSL-JSON,
    /// Covidence/Rayyan CSV) as new studies, in one change; duplicates and
    /// bad records are reported, not added.
    #[command(
        after_help = "Exit status: 0 imported (or would be); 1 some records could not be read (the others are imported); 2 usage or I/O error."
    )]
    Import(cli::import::ImportArgs),
    /// Write the characteristics table (csv, markdown) or the records (ris,
    /// bibtex, csljson), filtered, ordered by ref; or robvis's appraisal CSV.
    Export {
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
        #[arg(long, value_enum)]
        format: cli::export::Format,
        /// The instrument to export (robvis: rob2, robins-i or quadas-2).
        #[arg(long, value_name = "NAME")]
        instrument: Option<String>,
        /// robvis: this reviewer's own appraisals (initials) instead of the
        /// agreed ones (consensus, or reviewers who gave the same answers).
        #[arg(long, value_name = "R")]
        reviewer: Option<String>,
        /// robvis: each row's Weight from this numeric extraction field
        /// (default 1 for every study).
        #[arg(long, value_name = "FIELD")]
        weight: Option<String>,
        /// Records (ris, bibtex, csljson): include each study's internal
        /// `notes` (left out by default: they are for the review team).
        #[arg(long)]
        with_notes: bool,
        /// Write to this file (atomically) instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        filter: cli::FilterArgs,
    },
    /// Print the evidence map: studies cross-tabulated by two dimensions, cited per cell.
    Map {
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
        /// Rows: design, design-group, year, year:N (bands of N years), tag, appraisal or a field.
        #[arg(long, default_value = "design")]
        rows: String,
        /// Columns, as for --rows.
        #[arg(long, default_value = "tag")]
        cols: String,
        #[command(flatten)]
        filter: cli::FilterArgs,
        #[arg(long, value_enum, default_value = "text")]
        format: cli::map::Format,
        /// Citation style, overriding review.toml's citation_style.
        #[arg(long, value_parser = cli::parse_cite)]
        cite: Option<litrev::model::CitationStyle>,
    },
    /// Write every table, results sentence and figure into one folder, with
    /// an index.md linking them (filtered, in the citation style chosen).
    ///
    /// The folder must be new, empty, or a previous report (its index.md
    /// says so); files that report listed and this one does not are
    /// removed. --force writes into any folder. A second run on an
    /// unchanged review writes the same bytes.
    Report(cli::report::ReportArgs),
    /// Print the PRISMA 2020 flow of review.toml's [prisma] and check that its numbers add up.
    #[command(
        after_help = "Exit status: 0 the numbers add up; 1 they do not (each place is printed to stderr, the flow is still written) or there is no [prisma]; 2 usage or I/O error."
    )]
    Prisma {
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: cli::prisma::Format,
        /// Write to this file (atomically) instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Keep search exports in searches/ for screening (PRISMA-S: database, date, query, count).
    Search {
        #[command(subcommand)]
        command: cli::search::SearchCommand,
    },
    /// Screen the searches' records: the screening screen, or with a
    /// command, the records and decisions for scripts.
    ///
    /// Without a command, opens the screening screen on REVIEW: one record
    /// at a time, one key to include, exclude or mark maybe, blind to the
    /// other reviewers' decisions.
    Screen(cli::screen::ScreenArgs),
    /// Print litrev's man page (roff); with --out DIR, write litrev.1 and one page per command there.
    ///
    /// Install it with `litrev man > ~/.local/share/man/man1/litrev.1`.
    Man {
        /// Write litrev.1 and litrev-COMMAND.1 into this folder (created if missing) instead.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Print the shell completion script for SHELL.
    ///
    /// Install it with, for bash, `litrev completions bash >
    /// ~/.local/share/bash-completion/completions/litrev`.
    Completions {
        /// The shell the script is for.
        #[arg(value_enum)]
        shell: cli::manpage::Shell,
    },
}

fn main() -> ExitCode {
    // `litrev publish` would otherwise open a review folder named "publish".
    if let Some(first) = std::env::args_os().nth(1) {
        let command = <Args as clap::CommandFactory>::command();
        let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
        if let Some(message) = cli::unknown_command(&first, &names) {
            return cli::finish(Err(Fail::usage(message)));
        }
    }
    let args = Args::parse();
    let result = match args.command {
        None => open_tui(args.review),
        Some(Command::Tally {
            review,
            by,
            filter,
            format,
            cite,
        }) => cli::tally::run(review.as_deref(), &by, &filter, format, cite),
        Some(Command::Map {
            review,
            rows,
            cols,
            filter,
            format,
            cite,
        }) => cli::map::run(review.as_deref(), (&rows, &cols), &filter, format, cite),
        Some(Command::Report(a)) => cli::report::run(&a),
        Some(Command::Prisma {
            review,
            format,
            out,
        }) => cli::prisma::run(review.as_deref(), format, out.as_deref()),
        Some(Command::List {
            review,
            filter,
            format,
            cite,
        }) => cli::list::run(review.as_deref(), &filter, format, cite),
        Some(Command::Check { review }) => cli::check::run(review.as_deref()),
        Some(Command::Import(a)) => cli::import::run(&a),
        Some(Command::Export {
            review,
            format: cli::export::Format::Robvis,
            instrument,
            reviewer,
            weight,
            with_notes: _,
            out,
            filter,
        }) => cli::appraisal::export_robvis(
            review.as_deref(),
            &filter,
            instrument.as_deref(),
            &litrev::manuscript::appraisal::robvis::Options { reviewer, weight },
            out.as_deref(),
        ),
        Some(Command::Export {
            review,
            format,
            instrument,
            reviewer,
            weight,
            with_notes,
            out,
            filter,
        }) => match (instrument, reviewer, weight) {
            (Some(_), _, _) => Err(Fail::usage("--instrument applies to --format robvis only")),
            (_, Some(_), _) => Err(Fail::usage("--reviewer applies to --format robvis only")),
            (_, _, Some(_)) => Err(Fail::usage("--weight applies to --format robvis only")),
            _ => cli::export::run(review.as_deref(), &filter, format, with_notes, out.as_ref()),
        },
        Some(Command::Appraisal {
            review,
            instrument,
            reviewer,
            // clap keeps --format apart from --figure.
            format: _,
            figure: Some(figure),
            palette,
            out,
        }) => cli::appraisal::figure(
            review.as_deref(),
            instrument.as_deref().unwrap_or_default(),
            reviewer.as_deref(),
            (figure, palette),
            out.as_deref(),
        ),
        Some(Command::Appraisal {
            review,
            instrument,
            reviewer,
            format,
            figure: None,
            palette: _,
            out,
        }) => cli::appraisal::table(
            review.as_deref(),
            instrument.as_deref(),
            reviewer.as_deref(),
            format,
            out.as_deref(),
        ),
        Some(Command::Agreement {
            review,
            instrument,
            format,
        }) => cli::agreement::run(review.as_deref(), instrument.as_deref(), format),
        Some(Command::Instruments {
            name,
            review,
            format,
        }) => cli::appraisal::instruments(review.as_deref(), name.as_deref(), format),
        Some(Command::New { dir, title, git }) => cli::new::run(&dir, title.as_deref(), git),
        Some(Command::MergeDriver {
            base,
            ours,
            theirs,
            path,
        }) => cli::git::merge_driver(&base, &ours, &theirs, &path),
        Some(Command::GitSetup { review }) => cli::git::setup(review.as_deref()),
        Some(Command::Resolve {
            id,
            review,
            take,
            fields,
            keep,
            drop,
        }) => {
            let how = match (take, keep, drop) {
                (Some(side), _, _) => Some(cli::git::Resolution::Take(side)),
                (None, true, _) => Some(cli::git::Resolution::Keep),
                (None, _, true) => Some(cli::git::Resolution::Drop),
                _ => None,
            };
            cli::git::resolve(&id, review.as_deref(), how, &fields)
        }
        Some(Command::History { id, review, format }) => {
            cli::git::history(&id, review.as_deref(), format)
        }
        Some(Command::Search { command }) => cli::search::run(&command),
        Some(Command::Screen(a)) => match &a.command {
            Some(c) => cli::screen::run(c),
            None => open_screening(&a),
        },
        Some(Command::Man { out }) => {
            cli::manpage::man(<Args as clap::CommandFactory>::command(), out.as_deref())
        }
        Some(Command::Completions { shell }) => {
            cli::manpage::completions(<Args as clap::CommandFactory>::command(), shell)
        }
    };
    cli::finish(result)
}

/// Opens the TUI on the named review, the one at or above the current
/// folder, or a scratch copy of the example.
fn open_tui(review: Option<PathBuf>) -> Result<ExitCode, Fail> {
    let dir = match review {
        Some(p) => Some(cli::named_review(&p)?),
        None => cli::find_review()?,
    };
    match dir {
        Some(dir) => run_tui(&dir, false),
        None => open_example(),
    }
}

/// Opens the TUI on a scratch copy of the example, saying so loudly; removes
/// the copy on exit unless it was changed (then says where it is).
fn open_example() -> Result<ExitCode, Fail> {
    let dir = litrev::store::example::unpack_scratch()
        .map_err(|e| Fail::usage(format!("cannot unpack the example review: {e}")))?;
    let shown = litrev::text::inert_line(&dir.display().to_string()).into_owned();
    cli::note(&format!(
        "litrev: no review.toml in the current folder or any folder above it; opening a scratch copy of the bundled example review in {shown} (removed on exit unless you change it)"
    ));
    let result = run_tui(&dir, true);
    match litrev::store::example::finish_scratch(&dir) {
        Ok(Scratch::Removed) => {}
        Ok(Scratch::Kept) => cli::note(&format!(
            "litrev: the scratch copy of the example review was changed, so it is kept in {shown}"
        )),
        Err(e) => cli::note(&format!(
            "litrev: the scratch copy of the example review in {shown} could not be removed: {e}"
        )),
    }
    result
}

/// Opens the screening screen (`litrev screen [REVIEW]`).
fn open_screening(a: &cli::screen::ScreenArgs) -> Result<ExitCode, Fail> {
    let dir = cli::review_dir(a.review.as_deref())?;
    let started =
        litrev::tui::run_screening(&dir, a.reviewer.as_deref(), a.stage.into(), a.order.into());
    ended(started)
}

fn run_tui(dir: &Path, scratch: bool) -> Result<ExitCode, Fail> {
    ended(litrev::tui::run(dir, scratch))
}

/// The exit status of an interface that ended, saying where unsaved work
/// went after a signal.
fn ended(result: anyhow::Result<litrev::tui::Ended>) -> Result<ExitCode, Fail> {
    use litrev::tui::Ended;
    match result.map_err(|e| Fail::usage(format!("{e:#}")))? {
        Ended::Quit => Ok(ExitCode::SUCCESS),
        // As a shell reports a program ended by a signal: 128 + its number.
        Ended::Signal { signal, kept } => {
            match kept {
                Some(Ok(p)) => cli::note(&format!(
                    "litrev: stopped by {}; the unsaved edits are kept in {} and offered back on the next start",
                    litrev::tui::signals::name(signal),
                    litrev::text::inert_line(&p.display().to_string())
                )),
                Some(Err(e)) => cli::note(&format!(
                    "litrev: stopped by {}; the unsaved edits could not be kept: {}",
                    litrev::tui::signals::name(signal),
                    litrev::text::inert_line(&e)
                )),
                None => {}
            }
            Ok(ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)))
        }
    }
}
