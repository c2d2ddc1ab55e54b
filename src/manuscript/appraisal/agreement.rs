//! Inter-rater agreement: Cohen's kappa per item and pooled per
//! instrument, over the items two reviewers both answered.
//!
//! kappa = (p_o − p_e) / (1 − p_e), with p_o the observed proportion of
//! agreement and p_e the agreement expected from each reviewer's marginal
//! answer frequencies. Where p_e is 1 (both reviewers always gave the same
//! one answer) kappa is undefined and reported as `None`, never NaN.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::appraisal::instrument::Instrument;
use crate::appraisal::rules::canonical_answer;
use crate::model::Study;

/// Observed and expected agreement, and kappa, over some answer pairs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kappa {
    pub pairs: usize,
    pub observed: Option<f64>,
    pub expected: Option<f64>,
    pub kappa: Option<f64>,
}

/// Cohen's kappa over `(first reviewer's answer, second's)` pairs.
pub fn kappa(pairs: &[(String, String)]) -> Kappa {
    let n = pairs.len();
    if n == 0 {
        return Kappa {
            pairs: 0,
            observed: None,
            expected: None,
            kappa: None,
        };
    }
    let nf = n as f64;
    let agree = pairs.iter().filter(|(a, b)| a == b).count() as f64;
    let mut first: BTreeMap<&str, f64> = BTreeMap::new();
    let mut second: BTreeMap<&str, f64> = BTreeMap::new();
    for (a, b) in pairs {
        *first.entry(a).or_default() += 1.0;
        *second.entry(b).or_default() += 1.0;
    }
    let po = agree / nf;
    let pe: f64 = first
        .iter()
        .map(|(k, c)| c / nf * second.get(k).copied().unwrap_or(0.0) / nf)
        .sum();
    let k = (1.0 - pe > 1e-12).then(|| (po - pe) / (1.0 - pe));
    Kappa {
        pairs: n,
        observed: Some(po),
        expected: Some(pe),
        kappa: k,
    }
}

/// One item on which two reviewers differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub study: String,
    pub item: String,
    /// (reviewer, answer), in file order.
    pub answers: Vec<(String, String)>,
}

/// Agreement on one instrument.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub instrument: String,
    /// Studies appraised by two or more reviewers (consensus aside).
    pub studies: usize,
    #[serde(flatten)]
    pub pooled: Kappa,
    pub items: Vec<(String, Kappa)>,
    pub disagreements: Vec<Disagreement>,
}

/// Agreement between the first two (non-consensus) reviewers of each study
/// appraised with `inst`.
pub fn agreement(inst: &Instrument, studies: &[&Study]) -> Agreement {
    let mut per_item: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
    let mut disagreements = Vec::new();
    let mut double = 0;
    for s in studies {
        let raters: Vec<_> = s
            .appraisals
            .iter()
            .filter(|a| a.instrument == inst.name && !a.is_consensus())
            .collect();
        let [a, b, ..] = raters.as_slice() else {
            continue;
        };
        double += 1;
        for (idx, item) in inst.items.iter().enumerate() {
            let word = |r: &crate::model::Appraisal| {
                let given = r.answer(&item.id)?;
                Some(canonical_answer(inst, &item.id, given).unwrap_or_else(|| given.clone()))
            };
            let (Some(x), Some(y)) = (word(a), word(b)) else {
                continue;
            };
            let (x, y) = (x.to_string(), y.to_string());
            if x != y {
                disagreements.push(Disagreement {
                    study: s.id.clone(),
                    item: item.id.clone(),
                    answers: vec![
                        (a.reviewer.clone(), x.clone()),
                        (b.reviewer.clone(), y.clone()),
                    ],
                });
            }
            per_item.entry(idx).or_default().push((x, y));
        }
    }
    let all: Vec<(String, String)> = per_item.values().flatten().cloned().collect();
    Agreement {
        instrument: inst.name.clone(),
        studies: double,
        pooled: kappa(&all),
        items: per_item
            .into_iter()
            .map(|(i, p)| (inst.items[i].id.clone(), kappa(&p)))
            .collect(),
        disagreements,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str, usize)]) -> Vec<(String, String)> {
        v.iter()
            .flat_map(|(a, b, n)| std::iter::repeat_n((a.to_string(), b.to_string()), *n))
            .collect()
    }

    #[test]
    fn hand_worked_two_by_two() {
        // 10 pairs:         B low  B high
        //   A low              4      1      (A: 5 low)
        //   A high             2      3      (A: 5 high)
        //   B: 6 low, 4 high.
        // p_o = (4 + 3) / 10 = 0.7
        // p_e = 0.5·0.6 + 0.5·0.4 = 0.5
        // kappa = (0.7 − 0.5) / (1 − 0.5) = 0.4
        let k = kappa(&pairs(&[
            ("low", "low", 4),
            ("low", "high", 1),
            ("high", "low", 2),
            ("high", "high", 3),
        ]));
        assert_eq!(k.pairs, 10);
        assert!((k.observed.unwrap() - 0.7).abs() < 1e-9);
        assert!((k.expected.unwrap() - 0.5).abs() < 1e-9);
        assert!((k.kappa.unwrap() - 0.4).abs() < 1e-9);
    }

    #[test]
    fn degenerate_cases_give_no_nan() {
        // Perfect agreement over two answers: p_o 1, p_e 0.5, kappa 1.
        let k = kappa(&pairs(&[("low", "low", 3), ("high", "high", 3)]));
        assert_eq!(k.kappa, Some(1.0));
        // Both always "low": p_e = 1, kappa undefined (None, not NaN).
        let k = kappa(&pairs(&[("low", "low", 5)]));
        assert_eq!(
            (k.observed, k.expected, k.kappa),
            (Some(1.0), Some(1.0), None)
        );
        // One reviewer always "low", the other varies: p_e = 0.5, p_o = 0.5,
        // kappa 0.
        let k = kappa(&pairs(&[("low", "low", 2), ("low", "high", 2)]));
        assert_eq!(k.kappa, Some(0.0));
        // Nothing double-appraised.
        let k = kappa(&[]);
        assert_eq!((k.pairs, k.observed, k.kappa), (0, None, None));
    }
}
