//! The flow's arithmetic, checked at the keys that hold its numbers.

use std::path::Path;

use crate::model::prisma::*;
use crate::text::inert_line;
use crate::text::problem::{Problem, Severity};

/// One place where the flow's numbers do not add up (or a count is
/// missing), at the key that holds the number.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl Prisma {
    /// Records identified from databases and registers.
    pub fn identified(&self) -> u64 {
        sum(&self.databases) + sum(&self.registers)
    }

    /// Records removed before screening.
    pub fn removed(&self) -> u64 {
        [
            &self.duplicates_removed,
            &self.automation_removed,
            &self.other_removed,
        ]
        .iter()
        .filter_map(|c| num(c))
        .sum()
    }

    /// Reports excluded, all reasons.
    pub fn excluded(&self) -> u64 {
        sum(&self.reports_excluded)
    }

    fn has(&self, key: &str) -> bool {
        match key {
            "duplicates_removed" => self.duplicates_removed.is_some(),
            "records_screened" => self.records_screened.is_some(),
            "records_excluded" => self.records_excluded.is_some(),
            "reports_sought" => self.reports_sought.is_some(),
            "reports_not_retrieved" => self.reports_not_retrieved.is_some(),
            "reports_assessed" => self.reports_assessed.is_some(),
            "reports_excluded" => !self.reports_excluded.is_empty(),
            "studies_included" => self.studies_included.is_some(),
            "reports_included" => self.reports_included.is_some(),
            _ => true,
        }
    }

    /// Where the flow does not add up, and the counts it lacks.
    /// `study_files`: the number of study files in the folder, which
    /// "studies included" should equal.
    pub fn issues(&self, study_files: Option<usize>) -> Vec<Issue> {
        let mut out = Vec::new();
        // Problems about the table as a whole are reported at `[prisma]`.
        let top = Count {
            n: 0,
            line: self.line,
            col: self.col,
        };
        let mut at = |c: &Count, message: String| {
            out.push(Issue {
                line: c.line,
                col: c.col,
                message,
            })
        };
        if self.databases.is_empty() && self.registers.is_empty() {
            at(
                &top,
                "prisma names no databases or registers: add e.g. `databases = { MEDLINE = 412 }`"
                    .into(),
            );
        }
        for key in REQUIRED {
            if !self.has(key) {
                let what = if key == "reports_excluded" {
                    "the reports excluded with their reasons ([prisma.reports_excluded], reason = count; write `{}` for none)"
                } else {
                    key
                };
                at(
                    &top,
                    format!("prisma lacks {what}: the flow diagram shows it as n = ?"),
                );
            }
        }
        // Identification: identified − removed = screened.
        if let Some(s) = &self.records_screened
            && (!self.databases.is_empty() || !self.registers.is_empty())
            && self.duplicates_removed.is_some()
        {
            let (id, rm) = (self.identified(), self.removed());
            if id.checked_sub(rm) != Some(s.n) {
                at(
                    s,
                    format!(
                        "prisma.records_screened is {}, but the {id} records identified less the {rm} removed before screening leave {}",
                        s.n,
                        signed(id, rm)
                    ),
                );
            }
        }
        // Screening: screened − excluded = sought.
        if let (Some(s), Some(e), Some(sought)) = (
            &self.records_screened,
            &self.records_excluded,
            &self.reports_sought,
        ) && s.n.checked_sub(e.n) != Some(sought.n)
        {
            at(
                sought,
                format!(
                    "prisma.reports_sought is {}, but the {} records screened less the {} excluded leave {}",
                    sought.n,
                    s.n,
                    e.n,
                    signed(s.n, e.n)
                ),
            );
        }
        // sought − not retrieved = assessed.
        if let (Some(sought), Some(nr), Some(a)) = (
            &self.reports_sought,
            &self.reports_not_retrieved,
            &self.reports_assessed,
        ) && sought.n.checked_sub(nr.n) != Some(a.n)
        {
            at(
                a,
                format!(
                    "prisma.reports_assessed is {}, but the {} reports sought less the {} not retrieved leave {}",
                    a.n,
                    sought.n,
                    nr.n,
                    signed(sought.n, nr.n)
                ),
            );
        }
        let mut included_reports: Option<(u64, String)> = None;
        if let Some(a) = &self.reports_assessed
            && self.has("reports_excluded")
        {
            let ex = self.excluded();
            included_reports = a.n.checked_sub(ex).map(|n| {
                (
                    n,
                    format!("the {} reports assessed less the {ex} excluded", a.n),
                )
            });
            if a.n < ex {
                at(
                    a,
                    format!(
                        "prisma.reports_assessed is {}, fewer than the {ex} reports excluded after assessment",
                        a.n
                    ),
                );
            }
        }
        if let Some(o) = &self.other_methods {
            let found = sum(&o.sources);
            if let Some(sought) = &o.reports_sought
                && sought.n > found
            {
                at(
                    sought,
                    format!(
                        "prisma.other_methods.reports_sought is {}, more than the {found} records identified via other methods",
                        sought.n
                    ),
                );
            }
            if let (Some(sought), Some(nr), Some(a)) = (
                &o.reports_sought,
                &o.reports_not_retrieved,
                &o.reports_assessed,
            ) && sought.n.checked_sub(nr.n) != Some(a.n)
            {
                at(
                    a,
                    format!(
                        "prisma.other_methods.reports_assessed is {}, but the {} reports sought less the {} not retrieved leave {}",
                        a.n,
                        sought.n,
                        nr.n,
                        signed(sought.n, nr.n)
                    ),
                );
            }
            match &o.reports_assessed {
                Some(a) => {
                    let ex = sum(&o.reports_excluded);
                    if a.n < ex {
                        at(
                            a,
                            format!(
                                "prisma.other_methods.reports_assessed is {}, fewer than the {ex} reports excluded after assessment",
                                a.n
                            ),
                        );
                    }
                    included_reports = match (included_reports, a.n.checked_sub(ex)) {
                        (Some((n, why)), Some(m)) => Some((
                            n + m,
                            format!(
                                "{why}, plus the {} assessed via other methods less the {ex} excluded,",
                                a.n
                            ),
                        )),
                        _ => None,
                    };
                }
                None => {
                    included_reports = None;
                    at(
                        &top,
                        "prisma.other_methods lacks reports_assessed: the flow diagram shows it as n = ?".into());
                }
            }
        }
        // Eligibility: assessed − excluded = reports of included studies.
        if let (Some(r), Some((n, why))) = (&self.reports_included, included_reports)
            && r.n != n
        {
            at(
                r,
                format!("prisma.reports_included is {}, but {why} leave {n}", r.n),
            );
        }
        if let (Some(s), Some(r)) = (&self.studies_included, &self.reports_included)
            && s.n > r.n
        {
            at(
                s,
                format!(
                    "prisma.studies_included is {}, more than the {} reports of included studies (every study has at least one report)",
                    s.n, r.n
                ),
            );
        }
        let previous = self.previous.as_ref();
        if let Some(p) = previous {
            if p.studies.is_none() || p.reports.is_none() {
                at(
                    &top,
                    "prisma.previous needs both studies and reports (of the previous version of the review)".into(),
                );
            }
            if let (Some(s), Some(r)) = (&p.studies, &p.reports)
                && s.n > r.n
            {
                at(
                    s,
                    format!(
                        "prisma.previous.studies is {}, more than the {} reports of those studies",
                        s.n, r.n
                    ),
                );
            }
        }
        if let (Some(s), Some(files)) = (&self.studies_included, study_files) {
            let earlier = previous.and_then(|p| num(&p.studies)).unwrap_or(0);
            if s.n + earlier != files as u64 {
                let what = if previous.is_some() {
                    format!(
                        "prisma.studies_included is {} (new) and prisma.previous.studies {earlier}, {} in all",
                        s.n,
                        s.n + earlier
                    )
                } else {
                    format!("prisma.studies_included is {}", s.n)
                };
                at(
                    s,
                    format!(
                        "{what}, but the studies folder holds {files} study {}",
                        if files == 1 { "file" } else { "files" }
                    ),
                );
            }
        }
        out
    }

    /// [`Prisma::issues`] as warnings located in `review_toml`.
    pub fn problems(&self, review_toml: &Path, study_files: Option<usize>) -> Vec<Problem> {
        self.issues(study_files)
            .into_iter()
            .map(|i| Problem {
                path: review_toml.to_path_buf(),
                line: i.line,
                col: i.col,
                message: inert_line(&i.message).into_owned(),
                severity: Severity::Warning,
            })
            .collect()
    }
}

/// `a − b` as a signed number ("-3" when b is larger).
fn signed(a: u64, b: u64) -> String {
    if a >= b {
        (a - b).to_string()
    } else {
        format!("-{}", b - a)
    }
}
