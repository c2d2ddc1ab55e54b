//! robvis's CSV input: `Study,D1,…,Dn,Overall`, one row per appraised
//! study, with robvis's exact judgement words (from each instrument file's
//! `robvis` entries).

use std::collections::HashMap;

use crate::appraisal::instrument::{Instrument, ItemScale, Rule, canonical};
use crate::appraisal::{Judgement, Registry};
use crate::manuscript::render::Table;
use crate::model::Study;

/// Why an instrument cannot be written for robvis.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RobvisError {
    #[error(
        "{0} has no robvis template: robvis draws domain-based risk-of-bias tools (rob2, robins-i, quadas-2)"
    )]
    NotDomainBased(String),
    #[error("cannot write the CSV: {0}")]
    Csv(String),
}

/// The robvis CSV of the studies appraised with `inst` whose judgement
/// counts (consensus, a single reviewer, or reviewers who agree); disputed
/// and incomplete appraisals are left out.
pub fn write(reg: &Registry, inst: &Instrument, studies: &[&Study]) -> Result<String, RobvisError> {
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
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for s in studies {
        let Some(j) = Judgement::of(reg, &s.appraisals)
            .filter(|j| j.instrument == inst.name && !j.is_disputed())
        else {
            continue;
        };
        let a = s
            .appraisals
            .iter()
            .find(|a| a.is_consensus() && a.instrument == inst.name)
            .or_else(|| s.appraisals.iter().find(|a| a.instrument == inst.name));
        let Some(a) = a else { continue };
        let mut cells = Vec::new();
        for d in &domains {
            let given = a.answer(&d.id).map(|x| x.to_string()).unwrap_or_default();
            match word(Some(d), &given) {
                Some(w) => cells.push(w),
                None => break,
            }
        }
        let Some(overall) = word(None, &j.level) else {
            continue;
        };
        if cells.len() != domains.len() {
            continue;
        }
        cells.push(overall);
        let year = s
            .year
            .map(|y| y.to_string())
            .unwrap_or_else(|| "n.d.".into());
        let author = match s.first_author() {
            "" => s.id.as_str(),
            a => a,
        };
        rows.push((format!("{author} {year}"), cells));
    }
    disambiguate(&mut rows);
    let mut header = vec!["Study".to_string()];
    header.extend((1..=domains.len()).map(|i| format!("D{i}")));
    header.push("Overall".into());
    let mut t = Table::new(header);
    for (study, cells) in rows {
        let mut row = vec![study];
        row.extend(cells);
        t.push(row);
    }
    t.csv().map_err(|e| RobvisError::Csv(e.to_string()))
}

/// "Smith 2020", "Smith 2020a", "Smith 2020b" where two share a label.
pub fn disambiguate(rows: &mut [(String, Vec<String>)]) {
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
