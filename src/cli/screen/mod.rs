//! `litrev screen`: the screening screen, and its commands for scripts —
//! the records and their decisions (`list`), decisions made here or
//! elsewhere (`decide`), progress and agreement (`status`), possible
//! duplicates (`duplicates`), included records into studies (`promote`),
//! the decisions for the supplement (`export`), and labelled records
//! replayed through the ranking model (`simulate`).

mod decide;
mod list;
mod report;
pub mod simulate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Fail, note, review_dir};
use crate::screening::{Decision, Screening, Stage, State};
use crate::text::inert_line;

pub use decide::DecideArgs;

/// A screening stage on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StageArg {
    TitleAbstract,
    FullText,
}

impl From<StageArg> for Stage {
    fn from(s: StageArg) -> Stage {
        match s {
            StageArg::TitleAbstract => Stage::TitleAbstract,
            StageArg::FullText => Stage::FullText,
        }
    }
}

/// A decision on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DecisionArg {
    Include,
    Exclude,
    Maybe,
    NotRetrieved,
}

impl From<DecisionArg> for Decision {
    fn from(d: DecisionArg) -> Decision {
        match d {
            DecisionArg::Include => Decision::Include,
            DecisionArg::Exclude => Decision::Exclude,
            DecisionArg::Maybe => Decision::Maybe,
            DecisionArg::NotRetrieved => Decision::NotRetrieved,
        }
    }
}

/// A record's state on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StateArg {
    Unscreened,
    Pending,
    Included,
    Excluded,
    Maybe,
    Conflict,
    NotRetrieved,
}

impl From<StateArg> for State {
    fn from(s: StateArg) -> State {
        match s {
            StateArg::Unscreened => State::Unscreened,
            StateArg::Pending => State::Pending,
            StateArg::Included => State::Included,
            StateArg::Excluded => State::Excluded,
            StateArg::Maybe => State::Maybe,
            StateArg::Conflict => State::Conflict,
            StateArg::NotRetrieved => State::NotRetrieved,
        }
    }
}

/// Text or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// `litrev screen`'s arguments.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ScreenArgs {
    #[command(subcommand)]
    pub command: Option<ScreenCommand>,
    /// The review folder to screen (default: the nearest one holding review.toml, here or above).
    pub review: Option<PathBuf>,
    /// Whose decisions the screen records (default: `reviewer` in litrev's config.toml).
    #[arg(long, value_name = "AB")]
    pub reviewer: Option<String>,
    /// The stage to start at.
    #[arg(long, value_enum, default_value = "title-abstract")]
    pub stage: StageArg,
    /// The order the records come in: most likely relevant first (a model retrained after each of your decisions), as in the files, or random (`o` on the screen switches).
    #[arg(long, value_enum, default_value = "ranked")]
    pub order: OrderArg,
}

/// The order of the screening screen on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OrderArg {
    Ranked,
    File,
    Random,
}

impl From<OrderArg> for crate::screening::rank::ranker::Order {
    fn from(o: OrderArg) -> Self {
        use crate::screening::rank::ranker::Order;
        match o {
            OrderArg::Ranked => Order::Ranked,
            OrderArg::File => Order::File,
            OrderArg::Random => Order::Random,
        }
    }
}

/// `litrev screen`'s commands.
#[derive(Debug, clap::Subcommand)]
pub enum ScreenCommand {
    /// Print the records with their keys, decisions and state.
    List {
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
        /// Only the records screened at this stage (full text: those included at title and abstract).
        #[arg(long, value_enum)]
        stage: Option<StageArg>,
        /// Only records in this state at the stage (repeatable: any of them).
        #[arg(long, value_enum)]
        state: Vec<StateArg>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Record decisions: one per KEY, or every row of an export of
    /// ASReview, Rayyan or Covidence (--from).
    #[command(
        after_help = "Exit status: 0 recorded; 1 a key, row or reason could not be used (nothing recorded); 2 usage or I/O error."
    )]
    Decide(DecideArgs),
    /// Print how far screening has come per stage and reviewer, and Cohen's kappa per pair of reviewers.
    Status {
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// List the records that may be duplicates; with --same or --different, decide a pair.
    Duplicates {
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
        /// KEY OTHER are the same record: merge them.
        #[arg(long, num_args = 2, value_names = ["KEY", "OTHER"], conflicts_with = "different", requires = "reviewer")]
        same: Option<Vec<String>>,
        /// KEY OTHER are different records: keep both.
        #[arg(long, num_args = 2, value_names = ["KEY", "OTHER"], requires = "reviewer")]
        different: Option<Vec<String>>,
        /// Who decides the pair.
        #[arg(long, value_name = "AB")]
        reviewer: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Turn the records included at full text into studies, in one change.
    Promote {
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
        /// Print what would be added, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Replay known labels through the ranking model, as ASReview's simulate
    /// does: print recall at 5/10/20 % screened, records needed for 95 % and
    /// 100 % recall, WSS@95, WSS@100 and ATD.
    #[command(
        after_help = "Exit status: 0 simulated; 1 the file has records without a usable label, or no include; 2 usage or I/O error."
    )]
    Simulate(simulate::SimulateArgs),
    /// Write every record's decisions and reasons as CSV (one row per record, a column per reviewer and stage).
    Export {
        /// The review folder (default: the nearest one holding review.toml, here or above).
        review: Option<PathBuf>,
        /// Write to this file (atomically) instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// Runs `litrev screen …` but the screen itself.
pub fn run(command: &ScreenCommand) -> Result<ExitCode, Fail> {
    match command {
        ScreenCommand::List {
            review,
            stage,
            state,
            format,
        } => list::run(review.as_deref(), stage.map(Stage::from), state, *format),
        ScreenCommand::Decide(a) => decide::run(a),
        ScreenCommand::Status { review, format } => report::status(review.as_deref(), *format),
        ScreenCommand::Duplicates {
            review,
            same,
            different,
            reviewer,
            format,
        } => report::duplicates(
            review.as_deref(),
            same.as_deref(),
            different.as_deref(),
            reviewer.as_deref(),
            *format,
        ),
        ScreenCommand::Promote { review, dry_run } => report::promote(review.as_deref(), *dry_run),
        ScreenCommand::Simulate(a) => simulate::run(a),
        ScreenCommand::Export { review, out } => report::export(review.as_deref(), out.as_deref()),
    }
}

/// Loads the review's screening; its problems are summed up on stderr.
pub fn open(review: Option<&Path>) -> Result<Screening, Fail> {
    let dir = review_dir(review)?;
    let s = Screening::open(&dir).map_err(Fail::usage)?;
    if s.config.searches.is_empty() && s.files.is_empty() {
        return Err(Fail::usage(format!(
            "{} has no searches to screen: add an export with `litrev search add FILE --database NAME --date YYYY-MM-DD`",
            inert_line(&dir.display().to_string())
        )));
    }
    warn(&s);
    Ok(s)
}

/// Prints the first problems of the screening files to stderr.
pub fn warn(s: &Screening) {
    let problems = s.sorted_problems();
    const SHOWN: usize = 5;
    for p in problems.iter().take(SHOWN) {
        let prefix = if p.is_warning() { "" } else { "warning: " };
        note(&format!("{prefix}{p}"));
    }
    if problems.len() > SHOWN {
        note(&format!(
            "warning: {} more (run `litrev check {}` for the full list)",
            problems.len() - SHOWN,
            inert_line(&s.root.display().to_string())
        ));
    }
}
