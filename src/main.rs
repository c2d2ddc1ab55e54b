//! The `litrev` binary: argument parsing and dispatch.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use litrev::cli::{self, Fail};

/// A terminal workbench for the included studies of systematic and scoping reviews.
///
/// Run with no command to open the terminal interface on REVIEW (default: the
/// current folder if it holds review.toml, else a scratch copy of the bundled
/// example review).
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
        /// The review folder (default: the current folder).
        review: Option<PathBuf>,
        /// What to count by: design, year, tag, appraisal or an extraction field.
        #[arg(long, default_value = "design")]
        by: String,
        #[command(flatten)]
        filter: cli::FilterArgs,
        #[arg(long, value_enum, default_value = "text")]
        format: cli::tally::Format,
    },
    /// Print the studies (filtered; with --search, best match first).
    List {
        /// The review folder (default: the current folder).
        review: Option<PathBuf>,
        #[command(flatten)]
        filter: cli::FilterArgs,
        #[arg(long, value_enum, default_value = "text")]
        format: cli::list::Format,
    },
    /// Validate everything; print every problem as file:line:col: message.
    Check {
        /// The review folder (default: the current folder).
        review: Option<PathBuf>,
    },
    /// Create a new review with a default design taxonomy and instruments.
    New {
        /// The folder to create.
        dir: PathBuf,
        /// The review's title.
        #[arg(long)]
        title: Option<String>,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.command {
        None => open_tui(args.review),
        Some(Command::Tally {
            review,
            by,
            filter,
            format,
        }) => cli::tally::run(review.as_deref(), &by, &filter, format),
        Some(Command::List {
            review,
            filter,
            format,
        }) => cli::list::run(review.as_deref(), &filter, format),
        Some(Command::Check { review }) => cli::check::run(review.as_deref()),
        Some(Command::New { dir, title }) => cli::new::run(&dir, title.as_deref()),
    };
    cli::finish(result)
}

/// Opens the TUI on the named review, the current folder, or the example.
fn open_tui(review: Option<PathBuf>) -> Result<ExitCode, Fail> {
    let (dir, scratch) = match review {
        Some(p) => (p, false),
        None if std::path::Path::new("review.toml").exists() => (PathBuf::from("."), false),
        None => {
            let dir = litrev::example::unpack_scratch()
                .map_err(|e| Fail::usage(format!("cannot unpack the example review: {e}")))?;
            (dir, true)
        }
    };
    litrev::tui::run(&dir, scratch).map_err(|e| Fail::usage(format!("{e:#}")))?;
    Ok(ExitCode::SUCCESS)
}
