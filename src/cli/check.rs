//! `litrev check`: every problem as file:line:col: message.

use std::path::Path;
use std::process::ExitCode;

use super::{EXIT_DATA, Fail, counted, emit, note, review_dir};
use crate::store::{self, LoadError};
use crate::text::inert_line;

/// Runs `litrev check`: exit 0 when clean or only warned about, 1 when
/// anything is wrong.
pub fn run(review: Option<&Path>) -> Result<ExitCode, Fail> {
    let dir = review_dir(review)?;
    match store::load(&dir) {
        Ok(mut loaded) => {
            loaded
                .problems
                .extend(crate::store::recovery::warning(&dir));
            // What git says: a study deleted on one side and changed on the
            // other, one added on both, a clone without the merge driver.
            loaded
                .problems
                .extend(crate::team::state::state(&dir).problems);
            loaded
                .problems
                .sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
            // The PRISMA flow's arithmetic, and "studies included" against
            // the study files in the folder.
            if let Some(p) = &loaded.review.prisma {
                let files = loaded.studies.len() + loaded.broken.len() + loaded.conflicted.len();
                loaded
                    .problems
                    .extend(p.problems(&dir.join(store::REVIEW_FILE), Some(files)));
                loaded
                    .problems
                    .sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
            }
            // The searches and screening decisions, and the hand-typed
            // PRISMA numbers against the flow they count.
            if crate::screening::Screening::present(&dir) {
                match crate::screening::Screening::open(&dir) {
                    Ok(s) => {
                        loaded.problems.extend(s.problems.iter().cloned());
                        loaded.problems.extend(s.verify_exports());
                        if let Some(hand) = &loaded.review.prisma
                            && !s.config.searches.is_empty()
                        {
                            let c = crate::screening::prisma::count(&s, Some(hand));
                            loaded
                                .problems
                                .extend(crate::screening::prisma::disagreements(
                                    hand,
                                    &c.prisma,
                                    &dir.join(store::REVIEW_FILE),
                                ));
                        }
                    }
                    Err(e) => return Err(Fail::usage(e)),
                }
                loaded
                    .problems
                    .sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
                loaded.problems.dedup();
            }
            let lines: String = loaded.problems.iter().map(|p| format!("{p}\n")).collect();
            emit(&lines)?;
            let n = loaded.studies.len() + loaded.broken.len() + loaded.conflicted.len();
            let studies = format!("{n} {}", if n == 1 { "study" } else { "studies" });
            // The folder's name is untrusted text (a co-author's repository).
            let shown = dir.display().to_string();
            let dir = inert_line(&shown);
            if loaded.problems.is_empty() {
                note(&format!("{dir}: {studies} checked, no problems"));
                return Ok(ExitCode::SUCCESS);
            }
            let files: std::collections::BTreeSet<_> =
                loaded.problems.iter().map(|p| &p.path).collect();
            let errors = loaded.problems.iter().filter(|p| !p.is_warning()).count();
            note(&format!(
                "{dir}: {} in {} file{} ({studies} checked)",
                counted(&loaded.problems),
                files.len(),
                if files.len() == 1 { "" } else { "s" }
            ));
            // The studies an import left without a design, in one line
            // (each also has its own warning above).
            if let Some(s) = crate::check::lint::unclassified_summary(&loaded.studies) {
                note(&format!("warning: {s}"));
            }
            // Warnings alone leave the review usable as it is.
            Ok(if errors == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(EXIT_DATA)
            })
        }
        Err(LoadError::BadReview { problems, .. }) => {
            let lines: String = problems.iter().map(|p| format!("{p}\n")).collect();
            emit(&lines)?;
            note("review.toml must be fixed before the studies can be checked");
            Ok(ExitCode::from(EXIT_DATA))
        }
        Err(e) => Err(Fail::usage(e.to_string())),
    }
}
