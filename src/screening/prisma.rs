//! The PRISMA 2020 flow counted from the searches and the decisions, and
//! the hand-typed `[prisma]` numbers checked against it.
//!
//! - records identified: the records read from each export, per database
//!   (or register), as `[[searches]]` names them;
//! - duplicates removed: records identified less the records left after
//!   merging (automatically and by the reviewers' "same record");
//! - records screened: the records left; excluded: those settled as
//!   excluded at title and abstract;
//! - reports sought: those settled as included at title and abstract; not
//!   retrieved, assessed (included or excluded at full text) and excluded
//!   with their reasons, as settled at full text;
//! - studies and reports included: the full texts settled as included.
//!
//! A record is settled at a stage by its consensus decision, or when the
//! reviewers needed all made the same decision (and, excluding a full text,
//! gave the same reason). Records not yet settled are counted nowhere past
//! the box they wait in, and said so.

use std::path::Path;

use super::{Screening, Stage, State};
use crate::model::prisma::{Count, Named, Prisma};
use crate::text::inert_line;
use crate::text::problem::{Problem, Severity};

/// The flow from the data, and what keeps it from adding up.
#[derive(Debug, Clone)]
pub struct Counted {
    pub prisma: Prisma,
    /// Why the flow is not complete yet ("12 records await a second reviewer
    /// at title and abstract"), empty when every record is settled.
    pub unsettled: Vec<String>,
}

fn c(n: usize) -> Option<Count> {
    Some(Count {
        n: n as u64,
        line: 0,
        col: 0,
    })
}

/// The reason a report excluded without one is listed under.
pub const NO_REASON: &str = "no reason given";

/// Counts the flow of `s`. `hand`: the review's `[prisma]`, whose
/// other-methods column and previous version (which the searches do not
/// hold) are kept.
pub fn count(s: &Screening, hand: Option<&Prisma>) -> Counted {
    let mut p = Prisma::default();
    for (search, read) in s.config.searches.iter().zip(&s.reads) {
        let n = match read {
            super::records::Read::Parsed { records, .. } => *records,
            super::records::Read::Failed(_) => 0,
        };
        let list = if search.register {
            &mut p.registers
        } else {
            &mut p.databases
        };
        match list.iter_mut().find(|x| x.name == search.database) {
            Some(x) => x.count.n += n as u64,
            None => list.push(Named {
                name: search.database.clone(),
                count: c(n).unwrap_or(Count {
                    n: 0,
                    line: 0,
                    col: 0,
                }),
            }),
        }
    }
    let mut ta = [0usize; 7];
    let mut ft = [0usize; 7];
    let mut reasons: Vec<(String, usize)> = Vec::new();
    for r in 0..s.records.len() {
        let a = s.state(r, Stage::TitleAbstract);
        ta[a as usize] += 1;
        if a != State::Included {
            continue;
        }
        let b = s.state(r, Stage::FullText);
        ft[b as usize] += 1;
        if b == State::Excluded {
            let reason = s.final_reason(r).unwrap_or_default();
            let reason = if reason.is_empty() {
                NO_REASON.to_string()
            } else {
                reason
            };
            match reasons.iter_mut().find(|(x, _)| *x == reason) {
                Some((_, n)) => *n += 1,
                None => reasons.push((reason, 1)),
            }
        }
    }
    // The reasons in review.toml's order, then the others by name.
    let listed = &s.config.settings.reasons;
    reasons.sort_by(|(a, _), (b, _)| {
        let at = |x: &String| listed.iter().position(|l| l == x).unwrap_or(usize::MAX);
        (at(a), a).cmp(&(at(b), b))
    });
    let at = |st: State| st as usize;
    p.duplicates_removed = c(s.identified.saturating_sub(s.records.len()));
    p.records_screened = c(s.records.len());
    p.records_excluded = c(ta[at(State::Excluded)]);
    p.reports_sought = c(ta[at(State::Included)]);
    p.reports_not_retrieved = c(ft[at(State::NotRetrieved)]);
    p.reports_assessed = c(ft[at(State::Included)] + ft[at(State::Excluded)]);
    p.reports_excluded = reasons
        .into_iter()
        .map(|(name, n)| Named {
            name,
            count: Count {
                n: n as u64,
                line: 0,
                col: 0,
            },
        })
        .collect();
    p.studies_included = c(ft[at(State::Included)]);
    p.reports_included = c(ft[at(State::Included)]);
    if let Some(h) = hand {
        p.other_methods = h.other_methods.clone();
        p.previous = h.previous.clone();
        p.line = h.line;
        p.col = h.col;
    }
    let mut unsettled = Vec::new();
    for (stage, counts) in [(Stage::TitleAbstract, &ta), (Stage::FullText, &ft)] {
        let open: Vec<String> = [
            (State::Unscreened, "not screened"),
            (State::Pending, "awaiting another reviewer"),
            (State::Conflict, "in conflict"),
            (State::Maybe, "marked maybe"),
        ]
        .iter()
        .filter(|(st, _)| counts[at(*st)] > 0)
        .map(|(st, what)| format!("{} {what}", counts[at(*st)]))
        .collect();
        if !open.is_empty() {
            let n: usize = [
                State::Unscreened,
                State::Pending,
                State::Conflict,
                State::Maybe,
            ]
            .iter()
            .map(|st| counts[at(*st)])
            .sum();
            unsettled.push(format!(
                "{n} {} not settled at {}: {}",
                if n == 1 { "record is" } else { "records are" },
                stage_words(stage),
                open.join(", ")
            ));
        }
    }
    Counted {
        prisma: p,
        unsettled,
    }
}

/// "title and abstract", "full text".
pub fn stage_words(stage: Stage) -> &'static str {
    match stage {
        Stage::TitleAbstract => "title and abstract",
        Stage::FullText => "full text",
    }
}

/// Every hand-typed number of `hand` that the counted flow contradicts, as
/// warnings at the number's place in `review_toml`.
pub fn disagreements(hand: &Prisma, counted: &Prisma, review_toml: &Path) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut at = |line: usize, col: usize, message: String| {
        out.push(Problem {
            path: review_toml.to_path_buf(),
            line,
            col,
            message: inert_line(&message).into_owned(),
            severity: Severity::Warning,
        })
    };
    let scalar = [
        (
            "duplicates_removed",
            &hand.duplicates_removed,
            &counted.duplicates_removed,
        ),
        (
            "records_screened",
            &hand.records_screened,
            &counted.records_screened,
        ),
        (
            "records_excluded",
            &hand.records_excluded,
            &counted.records_excluded,
        ),
        (
            "reports_sought",
            &hand.reports_sought,
            &counted.reports_sought,
        ),
        (
            "reports_not_retrieved",
            &hand.reports_not_retrieved,
            &counted.reports_not_retrieved,
        ),
        (
            "reports_assessed",
            &hand.reports_assessed,
            &counted.reports_assessed,
        ),
        (
            "studies_included",
            &hand.studies_included,
            &counted.studies_included,
        ),
        (
            "reports_included",
            &hand.reports_included,
            &counted.reports_included,
        ),
    ];
    for (key, h, d) in scalar {
        if let (Some(h), Some(d)) = (h, d)
            && h.n != d.n
        {
            at(
                h.line,
                h.col,
                format!(
                    "prisma.{key} is {} here, but the searches and screening decisions count {}",
                    h.n, d.n
                ),
            );
        }
    }
    for (key, hs, ds, what) in [
        (
            "databases",
            &hand.databases,
            &counted.databases,
            "records from",
        ),
        (
            "registers",
            &hand.registers,
            &counted.registers,
            "records from",
        ),
        (
            "reports_excluded",
            &hand.reports_excluded,
            &counted.reports_excluded,
            "reports excluded for",
        ),
    ] {
        for h in hs.iter() {
            match ds.iter().find(|d| d.name == h.name) {
                Some(d) if d.count.n != h.count.n => at(
                    h.count.line,
                    h.count.col,
                    format!(
                        "prisma.{key}.\"{}\" is {} here, but the searches and screening decisions count {}",
                        h.name, h.count.n, d.count.n
                    ),
                ),
                Some(_) => {}
                None => at(
                    h.count.line,
                    h.count.col,
                    format!(
                        "prisma.{key}.\"{}\" is {} here, but the searches and screening decisions count none",
                        h.name, h.count.n
                    ),
                ),
            }
        }
        if !hs.is_empty() {
            for d in ds.iter().filter(|d| !hs.iter().any(|h| h.name == d.name)) {
                at(
                    hand.line,
                    hand.col,
                    format!(
                        "the searches and screening decisions count {} {what} \"{}\", which prisma.{key} does not list",
                        d.count.n, d.name
                    ),
                );
            }
        }
    }
    out
}
