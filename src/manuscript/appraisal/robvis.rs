//! robvis's CSV input: `Study,D1,…,Dn,Overall,Weight`, one row per
//! appraised study and outcome, with robvis's exact judgement words (from
//! each instrument file's `robvis` entries). robvis's templates (its
//! `data_rob2`, `data_robins`, `data_quadas` examples) end with a `Weight`
//! column, which `rob_summary(weighted = TRUE)`, its default, needs.

use std::collections::HashMap;

use crate::appraisal::instrument::{Instrument, ItemScale, Rule, canonical};
use crate::appraisal::{Judgement, Registry, units};
use crate::manuscript::render::Table;
use crate::model::{FieldValue, Study};

/// Why an instrument cannot be written for robvis.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RobvisError {
    #[error(
        "{0} has no robvis template: robvis draws domain-based risk-of-bias tools (rob2, robins-i, quadas-2)"
    )]
    NotDomainBased(String),
    #[error(
        "--weight {field}: {studies} {have} no number in `{field}` (robvis's Weight is a number per study)"
    )]
    Weight {
        field: String,
        studies: String,
        have: &'static str,
    },
    #[error("cannot write the CSV: {0}")]
    Csv(String),
}

/// What to write: whose answers, and the weight of each row.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// One reviewer's own appraisals instead of the agreed ones.
    pub reviewer: Option<String>,
    /// The extraction field whose number is each study's `Weight` (1 for
    /// every study when `None`).
    pub weight: Option<String>,
}

/// The CSV and the rows left out, each "Label: why".
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub csv: String,
    pub left_out: Vec<String>,
}

/// The robvis CSV of the studies appraised with `inst`: one row per study
/// and unit (outcome) whose answers are agreed — a single reviewer's, a
/// consensus, or reviewers who gave the same answer to every item — or,
/// with `opts.reviewer`, that reviewer's own. Disputed, not reconciled and
/// unfinished appraisals are left out and named in [`Export::left_out`].
/// The last column is robvis's `Weight`.
pub fn write(
    reg: &Registry,
    inst: &Instrument,
    studies: &[&Study],
    opts: &Options,
) -> Result<Export, RobvisError> {
    let domains: Vec<_> = match &inst.overall {
        Rule::Worst { items, .. } => inst
            .items
            .iter()
            .filter(|i| items.is_empty() || items.contains(&i.id))
            .collect(),
        _ => return Err(RobvisError::NotDomainBased(inst.name.clone())),
    };
    let word = |item: Option<&crate::appraisal::instrument::Item>, given: &str| -> Option<String> {
        let words = match item.and_then(|i| inst.scale_of(i)) {
            Some(ItemScale::Words(w)) => w,
            _ => inst.overall_words(),
        };
        canonical(words, given)?.robvis.clone()
    };
    // Every row considered, written (cells) or left out (why), so that
    // labels are made unique among all of them and a note names the study
    // as the CSV would.
    let mut rows: Vec<(String, Result<Vec<String>, String>)> = Vec::new();
    let mut no_weight: Vec<String> = Vec::new();
    for s in studies {
        let year = s
            .year
            .map(|y| y.to_string())
            .unwrap_or_else(|| "n.d.".into());
        let author = match s.first_author() {
            "" => s.id.as_str(),
            a => a,
        };
        for u in units(reg, &s.appraisals) {
            if u.unit.instrument != inst.name {
                continue;
            }
            let mut label = format!("{author} {year}");
            if let Some(o) = &u.unit.outcome {
                label.push_str(&format!(" ({o})"));
            }
            let (a, j) = match &opts.reviewer {
                Some(r) => {
                    let Some(a) = u
                        .raters
                        .iter()
                        .copied()
                        .chain(u.consensus)
                        .find(|a| a.reviewer.eq_ignore_ascii_case(r))
                    else {
                        continue;
                    };
                    (a, Judgement::of_appraisal(reg, a))
                }
                None => match u.settled() {
                    Some(a) => (a, u.judgement.clone()),
                    None => {
                        rows.push((label, Err(u.state.words().to_string())));
                        continue;
                    }
                },
            };
            let mut cells = Vec::new();
            for d in &domains {
                let given = a.answer(&d.id).map(|x| x.to_string()).unwrap_or_default();
                match word(Some(d), &given) {
                    Some(w) => cells.push(w),
                    None => break,
                }
            }
            let overall = j.as_ref().and_then(|j| word(None, &j.level));
            let Some(overall) = overall.filter(|_| cells.len() == domains.len()) else {
                rows.push((label, Err("not every domain answered".to_string())));
                continue;
            };
            cells.push(overall);
            let weight = match &opts.weight {
                None => "1".to_string(),
                Some(f) => match s.extraction_value(f) {
                    Some(FieldValue::Integer(n)) => n.to_string(),
                    Some(FieldValue::Number(n)) if n.is_finite() => n.to_string(),
                    _ => {
                        if !no_weight.contains(&s.id) {
                            no_weight.push(s.id.clone());
                        }
                        continue;
                    }
                },
            };
            cells.push(weight);
            rows.push((label, Ok(cells)));
        }
    }
    if let Some(field) = &opts.weight
        && !no_weight.is_empty()
    {
        return Err(RobvisError::Weight {
            field: field.clone(),
            have: if no_weight.len() == 1 { "has" } else { "have" },
            studies: no_weight.join(", "),
        });
    }
    disambiguate(&mut rows);
    let mut left_out = Vec::new();
    let mut written = Vec::new();
    for (label, r) in rows {
        match r {
            Ok(cells) => written.push((label, cells)),
            Err(why) => left_out.push(format!("{label}: {why}")),
        }
    }
    let mut header = vec!["Study".to_string()];
    header.extend((1..=domains.len()).map(|i| format!("D{i}")));
    header.push("Overall".into());
    header.push("Weight".into());
    let mut t = Table::new(header);
    for (study, cells) in written {
        let mut row = vec![study];
        row.extend(cells);
        t.push(row);
    }
    let csv = t.csv().map_err(|e| RobvisError::Csv(e.to_string()))?;
    Ok(Export { csv, left_out })
}

/// "Smith 2020", "Smith 2020a", "Smith 2020b" where two share a label.
pub fn disambiguate<T>(rows: &mut [(String, T)]) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for (s, _) in rows.iter() {
        *count.entry(s.clone()).or_default() += 1;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (s, _) in rows.iter_mut() {
        if count.get(s).copied().unwrap_or(0) > 1 {
            let n = seen.entry(s.clone()).or_default();
            let suffix = char::from(b'a' + (*n % 26) as u8);
            *n += 1;
            s.push(suffix);
        }
    }
}

/// The instruments robvis can draw, for messages.
pub fn drawable(reg: &Registry) -> Vec<String> {
    reg.iter()
        .filter(|i| matches!(i.overall, Rule::Worst { .. }))
        .map(|i| i.name.clone())
        .collect()
}
