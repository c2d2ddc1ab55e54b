//! How far screening has come, stage by stage, and how well the reviewers
//! agree: Cohen's kappa for each pair of reviewers over the records both
//! decided at the stage, paired by initials as appraisal agreement pairs
//! them ([`crate::manuscript::appraisal::kappa`]), and Fleiss' kappa over
//! the records every reviewer decided when the team has more than two.

use serde::Serialize;

use super::{Decision, Screening, Stage, State, Who};
use crate::manuscript::appraisal::kappa::{Fleiss, Kappa, cohen, fleiss};

/// One reviewer's decisions at a stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewerCounts {
    pub reviewer: String,
    pub decided: usize,
    pub include: usize,
    pub exclude: usize,
    pub maybe: usize,
    pub not_retrieved: usize,
}

/// Agreement of two reviewers at a stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairAgreement {
    pub first: String,
    pub second: String,
    /// Records both decided on which they differ.
    pub disagreements: usize,
    #[serde(flatten)]
    pub kappa: Kappa,
}

/// One stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageStatus {
    pub stage: &'static str,
    /// Records screened at this stage (at full text: the title/abstract
    /// includes).
    pub records: usize,
    /// Records in each state, every state named.
    pub states: Vec<(&'static str, usize)>,
    pub reviewers: Vec<ReviewerCounts>,
    pub consensus: usize,
    pub agreement: Vec<PairAgreement>,
    /// With more than two reviewers: over the records all of them decided.
    pub fleiss: Option<Fleiss>,
}

/// The whole status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    pub identified: usize,
    pub records: usize,
    pub possible_duplicates: usize,
    /// Independent decisions each record needs.
    pub required: usize,
    pub stages: Vec<StageStatus>,
}

/// Works out the status of `s`.
pub fn status(s: &Screening) -> Status {
    let reviewers: Vec<String> = s.reviewers().into_iter().map(str::to_string).collect();
    let mut stages = Vec::new();
    for stage in Stage::ALL {
        let mut states = [0usize; 7];
        let mut counts: Vec<ReviewerCounts> = reviewers
            .iter()
            .map(|r| ReviewerCounts {
                reviewer: r.clone(),
                decided: 0,
                include: 0,
                exclude: 0,
                maybe: 0,
                not_retrieved: 0,
            })
            .collect();
        let mut pairs: Vec<Vec<(String, String)>> = Vec::new();
        let mut names = Vec::new();
        for (i, a) in reviewers.iter().enumerate() {
            for b in &reviewers[i + 1..] {
                names.push((a.clone(), b.clone()));
                pairs.push(Vec::new());
            }
        }
        let mut consensus = 0;
        let mut records = 0;
        let mut all_decided: Vec<Vec<String>> = Vec::new();
        for r in 0..s.records.len() {
            if !s.in_stage(r, stage) {
                continue;
            }
            records += 1;
            states[s.state(r, stage) as usize] += 1;
            let marks = s.marks(r, stage);
            let of = |who: &str| {
                marks
                    .iter()
                    .find(|m| matches!(m.who, Who::Reviewer(x) if x == who))
                    .map(|m| m.row.decision)
            };
            if marks.iter().any(|m| *m.who == Who::Consensus) {
                consensus += 1;
            }
            for c in counts.iter_mut() {
                if let Some(d) = of(&c.reviewer) {
                    c.decided += 1;
                    match d {
                        Decision::Include => c.include += 1,
                        Decision::Exclude => c.exclude += 1,
                        Decision::Maybe => c.maybe += 1,
                        Decision::NotRetrieved => c.not_retrieved += 1,
                    }
                }
            }
            if reviewers.len() > 2 {
                let every: Option<Vec<String>> = reviewers
                    .iter()
                    .map(|r| of(r).map(|d| d.name().to_string()))
                    .collect();
                all_decided.extend(every);
            }
            for (k, (a, b)) in names.iter().enumerate() {
                if let (Some(x), Some(y)) = (of(a), of(b)) {
                    pairs[k].push((x.name().to_string(), y.name().to_string()));
                }
            }
        }
        let agreement = names
            .into_iter()
            .zip(pairs)
            .map(|((first, second), p)| PairAgreement {
                disagreements: p.iter().filter(|(x, y)| x != y).count(),
                kappa: cohen(&p),
                first,
                second,
            })
            .collect();
        let shown: Vec<State> = match stage {
            Stage::TitleAbstract => State::ALL
                .into_iter()
                .filter(|s| *s != State::NotRetrieved)
                .collect(),
            Stage::FullText => State::ALL.to_vec(),
        };
        stages.push(StageStatus {
            stage: stage.name(),
            records,
            states: shown
                .into_iter()
                .map(|st| (st.name(), states[st as usize]))
                .collect(),
            reviewers: counts,
            consensus,
            agreement,
            fleiss: (reviewers.len() > 2).then(|| fleiss(reviewers.clone(), &all_decided)),
        });
    }
    Status {
        identified: s.identified,
        records: s.records.len(),
        possible_duplicates: s.possible.len(),
        required: s.config.settings.required(),
        stages,
    }
}
