//! `litrev screen decide`: decisions recorded from the command line, or
//! brought in from another platform's export.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{DecisionArg, StageArg, open};
use crate::cli::{EXIT_DATA, Fail, emit};
use crate::screening::decisions::now;
use crate::screening::{Decision, Row, Screening, Stage, Who, import};
use crate::store::REVIEW_FILE;
use crate::text::inert_line;

/// What `litrev screen decide` was asked to do.
#[derive(Debug, Clone, clap::Args)]
pub struct DecideArgs {
    /// Whose decisions these are (their initials; with --consensus, who settled them).
    #[arg(long, value_name = "AB")]
    pub reviewer: String,
    /// Record the agreed decision (screening/consensus.tsv) instead of the reviewer's own.
    #[arg(long)]
    pub consensus: bool,
    #[arg(long, value_enum)]
    pub stage: StageArg,
    /// The decision (with --from: for rows that state none, as in a Covidence export).
    #[arg(value_enum, required_unless_present = "from")]
    pub decision: Option<DecisionArg>,
    /// The records' keys (as `litrev screen list` shows them).
    #[arg(
        value_name = "KEY",
        required_unless_present = "from",
        conflicts_with = "from"
    )]
    pub keys: Vec<String>,
    /// Why (required to exclude a full text; one of [screening] reasons when review.toml lists them).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// A note kept with each decision.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Take the decisions from an export of ASReview, Rayyan or Covidence (CSV).
    #[arg(long, value_name = "FILE.csv")]
    pub from: Option<PathBuf>,
    /// In a Rayyan export with several reviewers: whose decisions to take.
    #[arg(long, value_name = "NAME", requires = "from")]
    pub rayyan_reviewer: Option<String>,
    /// The review (default: the nearest one holding review.toml, here or above).
    #[arg(long, value_name = "REVIEW")]
    pub into: Option<PathBuf>,
}

/// One decision to record.
struct Wanted {
    record: usize,
    decision: Decision,
    reason: String,
    /// Where it came from, for messages (`KEY` or `file:line`).
    from: String,
}

/// The reason as the review lists it (matched without regard to case), or
/// an error naming the list.
fn listed_reason(s: &Screening, reason: &str) -> Result<String, String> {
    let reasons = &s.config.settings.reasons;
    if reasons.is_empty() {
        return Ok(reason.trim().to_string());
    }
    reasons
        .iter()
        .find(|r| r.eq_ignore_ascii_case(reason.trim()))
        .cloned()
        .ok_or_else(|| {
            format!(
                "\"{}\" is not one of the reasons review.toml lists ([screening] reasons): {}",
                inert_line(reason),
                reasons.join("; ")
            )
        })
}

/// Runs `litrev screen decide`.
pub fn run(a: &DecideArgs) -> Result<ExitCode, Fail> {
    let mut s = open(a.into.as_deref())?;
    let review_toml = s.root.join(REVIEW_FILE);
    if a.consensus {
        crate::screening::config::check_initials(&a.reviewer).map_err(Fail::usage)?;
    } else {
        s.config
            .settings
            .check_reviewer(&a.reviewer, &review_toml)
            .map_err(Fail::usage)?;
    }
    let stage = Stage::from(a.stage);
    let mut wanted = Vec::new();
    let mut errors = Vec::new();
    match &a.from {
        Some(path) => {
            let read = import::read(
                &s,
                path,
                a.decision.map(Decision::from),
                a.rayyan_reviewer.as_deref(),
            )
            .map_err(|e| Fail::data(format!("nothing was recorded:\n{}", e.join("\n"))))?;
            let shown = inert_line(&path.display().to_string()).into_owned();
            for d in read.decisions {
                wanted.push(Wanted {
                    record: d.record,
                    decision: d.decision,
                    reason: if d.reason.is_empty() {
                        a.reason.clone().unwrap_or_default()
                    } else {
                        d.reason
                    },
                    from: format!("{shown}:{}", d.line),
                });
            }
        }
        None => {
            let decision = a.decision.map(Decision::from).unwrap_or(Decision::Include);
            for k in &a.keys {
                match s.find(k.trim()) {
                    Some(r) => wanted.push(Wanted {
                        record: r,
                        decision,
                        reason: a.reason.clone().unwrap_or_default(),
                        from: inert_line(k).into_owned(),
                    }),
                    None => errors.push(format!(
                        "{}: no record has this key (`litrev screen list` shows the keys)",
                        inert_line(k)
                    )),
                }
            }
        }
    }
    for w in &mut wanted {
        if w.decision == Decision::NotRetrieved && stage == Stage::TitleAbstract {
            errors.push(format!("{}: not-retrieved is a full-text decision", w.from));
        }
        if stage == Stage::FullText && !s.in_stage(w.record, stage) {
            errors.push(format!(
                "{}: {} is not included at title and abstract ({}), so it has no full text to decide on yet",
                w.from,
                s.records[w.record].key,
                s.state(w.record, Stage::TitleAbstract).name()
            ));
        }
        if stage == Stage::FullText && w.decision == Decision::Exclude {
            if w.reason.trim().is_empty() {
                errors.push(format!(
                    "{}: excluding a full text needs a reason (--reason{})",
                    w.from,
                    if s.config.settings.reasons.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", s.config.settings.reasons.join("; "))
                    }
                ));
            } else {
                match listed_reason(&s, &w.reason) {
                    Ok(r) => w.reason = r,
                    Err(e) => errors.push(format!("{}: {e}", w.from)),
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(Fail::data(format!(
            "nothing was recorded:\n{}",
            errors.join("\n")
        )));
    }
    let who = if a.consensus {
        Who::Consensus
    } else {
        Who::Reviewer(a.reviewer.clone())
    };
    let time = now();
    let mut counts = [0usize; 4];
    for w in &wanted {
        counts[w.decision as usize] += 1;
        let row = Row {
            key: String::new(),
            stage,
            decision: w.decision,
            reason: w.reason.clone(),
            note: a.note.clone().unwrap_or_default(),
            time: time.clone(),
            by: a.consensus.then(|| a.reviewer.clone()),
            line: 0,
        };
        s.set(&who, w.record, stage, Some(row))
            .map_err(Fail::data)?;
    }
    if !wanted.is_empty() {
        s.save(&who).map_err(Fail::usage)?;
    }
    let file = s
        .file(&who)
        .map(|f| {
            f.path
                .strip_prefix(&s.root)
                .unwrap_or(&f.path)
                .display()
                .to_string()
        })
        .unwrap_or_default();
    let parts: Vec<String> = Decision::ALL
        .iter()
        .filter(|d| counts[**d as usize] > 0)
        .map(|d| format!("{} {}", counts[*d as usize], d.name()))
        .collect();
    let mut out = String::new();
    let whose = if a.consensus {
        format!("{} for the consensus", inert_line(&a.reviewer))
    } else {
        inert_line(who.name()).into_owned()
    };
    let _ = writeln!(
        out,
        "{whose}: {} {} {} recorded in {}{}",
        wanted.len(),
        stage.name(),
        if wanted.len() == 1 {
            "decision"
        } else {
            "decisions"
        },
        inert_line(&file),
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        }
    );
    emit(&out)?;
    Ok(if wanted.is_empty() {
        ExitCode::from(EXIT_DATA)
    } else {
        ExitCode::SUCCESS
    })
}
