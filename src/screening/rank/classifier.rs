//! Linear classifiers over sparse features, retrained after every decision.
//!
//! - **Linear SVM** (squared hinge loss, L2 penalty) solved in the dual by
//!   coordinate descent, as LIBLINEAR does (Hsieh et al. 2008, "A dual
//!   coordinate descent method for large-scale linear SVM"). Each pass
//!   touches every training record once; after a new decision the previous
//!   solution is the starting point, so a retraining step usually needs one
//!   or two passes.
//! - **Logistic regression** (L2 penalty), solved in the dual by
//!   coordinate descent with a few Newton steps per coordinate (Yu, Huang
//!   and Lin 2011), warm-started the same way.
//! - **Multinomial naive Bayes** over the TF-IDF weights, the classic
//!   baseline of ASReview.
//!
//! Class weighting ("balanced"): each class gets the same total weight, so
//! the few includes are not drowned by the many excludes.

use super::features::Features;
use super::math;
use super::rng::Rng;

/// Which classifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Svm,
    Logistic,
    NaiveBayes,
}

/// A classifier's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub kind: Kind,
    /// The inverse of the penalty's strength (SVM, logistic regression).
    pub c: f64,
    /// Weigh the classes: the includes together weigh `ratio` times the
    /// excludes together (1: the same), whatever their numbers.
    pub balanced: bool,
    pub ratio: f64,
    /// Stop when the largest violation of optimality is below this.
    pub tol: f64,
    /// At most this many passes over the training records.
    pub max_passes: usize,
    /// Additive smoothing of naive Bayes.
    pub nb_alpha: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            kind: Kind::Svm,
            c: 1.0,
            balanced: true,
            ratio: 1.0,
            tol: 0.01,
            max_passes: 50,
            nb_alpha: 3.822,
        }
    }
}

/// One training record: its row, its label, and a weight on its penalty
/// (below 1 for records presumed irrelevant without a decision).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Example {
    pub row: u32,
    pub include: bool,
    pub weight: f64,
}

/// A trained linear model: score = w · x + bias (higher: more likely relevant).
#[derive(Debug, Clone, PartialEq)]
pub struct Linear {
    pub w: Vec<f64>,
    pub bias: f64,
}

impl Linear {
    /// The score of row `i`.
    pub fn score(&self, x: &Features, i: usize) -> f64 {
        x.dot(i, &self.w) + self.bias
    }
}

/// A classifier that keeps its solution between fits (warm start).
#[derive(Debug, Clone)]
pub struct Learner {
    params: Params,
    /// Dual variables by row (0 for rows not trained on).
    alpha: Vec<f64>,
    /// The label each row had when its dual variable was set.
    sign: Vec<i8>,
    /// Rows with a dual variable from the last fit.
    last: Vec<u32>,
    model: Linear,
}

/// The value of the constant feature that carries the bias (LIBLINEAR's `-B 1`).
const BIAS: f64 = 1.0;

impl Learner {
    /// A learner for `x`, not yet trained (every score 0).
    pub fn new(params: Params, x: &Features) -> Learner {
        Learner {
            params,
            alpha: vec![0.0; x.len()],
            sign: vec![0; x.len()],
            last: Vec::new(),
            model: Linear {
                w: vec![0.0; x.n_terms()],
                bias: 0.0,
            },
        }
    }

    /// The settings.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The model of the last fit.
    pub fn model(&self) -> &Linear {
        &self.model
    }

    /// Trains on `examples` (each row at most once), starting from the last
    /// solution; `rng` orders the coordinate passes.
    pub fn fit(&mut self, x: &Features, examples: &[Example], rng: &mut Rng) -> &Linear {
        match self.params.kind {
            Kind::NaiveBayes => self.naive_bayes(x, examples),
            Kind::Svm | Kind::Logistic => {
                self.keep_only(x, examples);
                let costs = self.costs(examples);
                if self.params.kind == Kind::Svm {
                    self.svm(x, examples, &costs, rng);
                } else {
                    self.logistic(x, examples, &costs, rng);
                }
            }
        }
        &self.model
    }

    /// Resets the dual variables of rows no longer trained on or whose
    /// label changed, taking their part out of w (which is kept equal to
    /// Σ αᵢ yᵢ xᵢ from one fit to the next rather than rebuilt).
    fn keep_only(&mut self, x: &Features, examples: &[Example]) {
        let mut now = vec![0i8; 0];
        if !self.last.is_empty() {
            now = vec![0i8; self.alpha.len()];
            for e in examples {
                now[e.row as usize] = if e.include { 1 } else { -1 };
            }
        }
        let last = std::mem::take(&mut self.last);
        for &r in &last {
            let r = r as usize;
            if now[r] != self.sign[r] {
                self.reset(x, r);
            }
        }
        for e in examples {
            let s = if e.include { 1 } else { -1 };
            if self.sign[e.row as usize] != s {
                self.reset(x, e.row as usize);
                self.sign[e.row as usize] = s;
            }
        }
        self.last = examples.iter().map(|e| e.row).collect();
    }

    /// Sets row `r`'s dual variable to 0, taking its part out of w.
    fn reset(&mut self, x: &Features, r: usize) {
        let a = self.alpha[r];
        if a != 0.0 {
            let ya = if self.sign[r] > 0 { a } else { -a };
            x.add_to(r, -ya, &mut self.model.w);
            self.model.bias -= ya * BIAS;
            self.alpha[r] = 0.0;
        }
        self.sign[r] = 0;
    }

    /// Each example's C: the penalty's, times its class weight and its own.
    fn costs(&self, examples: &[Example]) -> Vec<f64> {
        let (mut pos, mut neg) = (0.0, 0.0);
        for e in examples {
            if e.include {
                pos += e.weight;
            } else {
                neg += e.weight;
            }
        }
        // Shares of the total weight, which stays the number of examples
        // (so C means the same whatever the balance).
        let total = pos + neg;
        let r = self.params.ratio;
        examples
            .iter()
            .map(|e| {
                let class = match (self.params.balanced, e.include) {
                    (false, _) => 1.0,
                    (true, true) if pos > 0.0 && neg > 0.0 => total * r / ((1.0 + r) * pos),
                    (true, false) if pos > 0.0 && neg > 0.0 => total / ((1.0 + r) * neg),
                    (true, _) => 1.0,
                };
                self.params.c * class * e.weight
            })
            .collect()
    }

    /// Dual coordinate descent for the squared-hinge SVM, with shrinking.
    fn svm(&mut self, x: &Features, examples: &[Example], costs: &[f64], rng: &mut Rng) {
        let n = examples.len();
        let diag: Vec<f64> = costs.iter().map(|c| 0.5 / c).collect();
        let qd: Vec<f64> = examples
            .iter()
            .zip(&diag)
            .map(|(e, d)| x.sq_norm(e.row as usize) + BIAS * BIAS + d)
            .collect();
        let mut index: Vec<usize> = (0..n).collect();
        let mut active = n;
        let mut pg_max_old = f64::INFINITY;
        for _ in 0..self.params.max_passes {
            rng.shuffle(&mut index[..active]);
            let (mut pg_max, mut pg_min) = (f64::NEG_INFINITY, f64::INFINITY);
            let mut s = 0;
            while s < active {
                let k = index[s];
                let e = &examples[k];
                let row = e.row as usize;
                let y = if e.include { 1.0 } else { -1.0 };
                let a = self.alpha[row];
                let g = y * self.model.score(x, row) - 1.0 + a * diag[k];
                let mut pg = g;
                if a == 0.0 {
                    if g > pg_max_old {
                        active -= 1;
                        index.swap(s, active);
                        continue;
                    }
                    pg = g.min(0.0);
                }
                pg_max = pg_max.max(pg);
                pg_min = pg_min.min(pg);
                if pg.abs() > 1e-12 {
                    let new = (a - g / qd[k]).max(0.0);
                    self.alpha[row] = new;
                    let d = (new - a) * y;
                    x.add_to(row, d, &mut self.model.w);
                    self.model.bias += d * BIAS;
                }
                s += 1;
            }
            if pg_max - pg_min <= self.params.tol {
                if active == n {
                    break;
                }
                active = n;
                pg_max_old = f64::INFINITY;
                continue;
            }
            // With no upper bound on α (squared hinge), only records at
            // α = 0 are shrunk: those whose gradient exceeds the largest
            // violation of the last pass.
            pg_max_old = if pg_max <= 0.0 { f64::INFINITY } else { pg_max };
        }
    }

    /// Dual coordinate descent for L2-penalised logistic regression: each
    /// αᵢ in (0, Cᵢ) is moved by a few Newton steps on its one-variable
    /// subproblem (Yu, Huang and Lin 2011, algorithm 3, without shrinking).
    fn logistic(&mut self, x: &Features, examples: &[Example], costs: &[f64], rng: &mut Rng) {
        let n = examples.len();
        // The dual variables live strictly inside (0, C); a fresh one starts
        // near 0 (LIBLINEAR starts at min(0.001 C, 1e-8)).
        for (e, &c) in examples.iter().zip(costs) {
            let a = &mut self.alpha[e.row as usize];
            let lo = (1e-3 * c).min(1e-8);
            if *a <= 0.0 || *a >= c {
                let new = if *a >= c { c - lo } else { lo };
                let y = if e.include { 1.0 } else { -1.0 };
                x.add_to(e.row as usize, (new - *a) * y, &mut self.model.w);
                self.model.bias += (new - *a) * y * BIAS;
                *a = new;
            }
        }
        let xx: Vec<f64> = examples
            .iter()
            .map(|e| x.sq_norm(e.row as usize) + BIAS * BIAS)
            .collect();
        let mut index: Vec<usize> = (0..n).collect();
        for _ in 0..self.params.max_passes {
            rng.shuffle(&mut index);
            let mut gmax: f64 = 0.0;
            for &k in &index {
                let e = &examples[k];
                let row = e.row as usize;
                let y = if e.include { 1.0 } else { -1.0 };
                let c = costs[k];
                let a = self.alpha[row];
                let ywx = y * self.model.score(x, row);
                // The subproblem in z = the change of α (LIBLINEAR's form):
                // minimise a/2 z² + b z + (α+z) ln(α+z) + (C-α-z) ln(C-α-z).
                let qa = xx[k];
                let qb = ywx;
                let (mut alpha_i, mut alpha_o) = (a, c - a);
                let (sign, b) = if 0.5 * qa * (alpha_o - alpha_i) + qb < 0.0 {
                    alpha_i = c - a;
                    alpha_o = a;
                    (-1.0, -qb)
                } else {
                    (1.0, qb)
                };
                let z0 = alpha_i;
                let cc = alpha_o + alpha_i;
                let mut z = if cc - z0 < 0.5 * cc { 0.1 * z0 } else { z0 };
                let mut g = qa * (z - z0) + b + math::ln(z / (cc - z));
                gmax = gmax.max(g.abs());
                let mut moved = false;
                for _ in 0..100 {
                    if g.abs() < 1e-2 {
                        break;
                    }
                    let h = qa + cc / (z * (cc - z));
                    let step = z - g / h;
                    z = if step <= 0.0 { z * 0.1 } else { step };
                    g = qa * (z - z0) + b + math::ln(z / (cc - z));
                    moved = true;
                }
                if moved {
                    let new = if sign > 0.0 { z } else { c - z };
                    let d = (new - a) * y;
                    self.alpha[row] = new;
                    x.add_to(row, d, &mut self.model.w);
                    self.model.bias += d * BIAS;
                }
            }
            if gmax <= self.params.tol {
                break;
            }
        }
    }

    /// Multinomial naive Bayes: per feature, the log ratio of its smoothed
    /// share of each class's total weight.
    fn naive_bayes(&mut self, x: &Features, examples: &[Example]) {
        let v = x.n_terms();
        let mut counts = [vec![0.0f64; v], vec![0.0f64; v]];
        // Balanced, each record counts with its class weight, as if the
        // includes were repeated until both classes weigh the same
        // (ASReview's "double" balancing does this by resampling).
        let weights = self.costs(examples);
        for (e, w) in examples.iter().zip(weights) {
            x.add_to(
                e.row as usize,
                w / self.params.c,
                &mut counts[e.include as usize],
            );
        }
        let a = self.params.nb_alpha;
        let totals = [
            counts[0].iter().sum::<f64>() + a * v as f64,
            counts[1].iter().sum::<f64>() + a * v as f64,
        ];
        // A term in no training record has the same weight whatever it is.
        let absent = math::ln(a / totals[1]) - math::ln(a / totals[0]);
        for (j, w) in self.model.w.iter_mut().enumerate() {
            let (c0, c1) = (counts[0][j], counts[1][j]);
            *w = if c0 == 0.0 && c1 == 0.0 {
                absent
            } else {
                math::ln((c1 + a) / totals[1]) - math::ln((c0 + a) / totals[0])
            };
        }
        // Class priors are left out ("balanced"): they move every score alike.
        self.model.bias = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screening::rank::features::{Doc, FeatureConfig};

    fn docs() -> Features {
        let text = [
            "beta blocker trial in hypertension",
            "randomised trial of beta blocker after infarction",
            "beta blocker versus placebo trial",
            "cost of hospital parking",
            "survey of hospital staff",
            "parking and staff survey",
            "beta blocker survey",
        ];
        let docs: Vec<Doc> = text
            .iter()
            .map(|t| Doc {
                title: t.to_string(),
                ..Doc::default()
            })
            .collect();
        Features::build(
            &docs,
            &FeatureConfig {
                min_df: 1,
                ..FeatureConfig::default()
            },
        )
    }

    fn examples() -> Vec<Example> {
        [(0, true), (1, true), (3, false), (4, false)]
            .iter()
            .map(|&(row, include)| Example {
                row,
                include,
                weight: 1.0,
            })
            .collect()
    }

    /// Scores of the unlabelled rows 2 (an include) and 5 (an exclude).
    fn check_separates(kind: Kind) {
        let x = docs();
        let mut l = Learner::new(
            Params {
                kind,
                ..Params::default()
            },
            &x,
        );
        let m = l.fit(&x, &examples(), &mut Rng::new(1)).clone();
        assert!(m.score(&x, 2) > m.score(&x, 5), "{kind:?}");
        assert!(m.score(&x, 0) > 0.0 || kind == Kind::NaiveBayes, "{kind:?}");
        assert!(m.score(&x, 3) < m.score(&x, 0), "{kind:?}");
    }

    #[test]
    fn each_classifier_ranks_a_likely_include_above_a_likely_exclude() {
        check_separates(Kind::Svm);
        check_separates(Kind::Logistic);
        check_separates(Kind::NaiveBayes);
    }

    #[test]
    fn the_svm_meets_its_optimality_conditions() {
        // Squared hinge: αᵢ = 2 Cᵢ max(0, 1 - yᵢ f(xᵢ)) at the optimum, and
        // w = Σ αᵢ yᵢ xᵢ.
        let x = docs();
        let params = Params {
            tol: 1e-9,
            max_passes: 10_000,
            balanced: false,
            ..Params::default()
        };
        let mut l = Learner::new(params, &x);
        let ex = examples();
        let m = l.fit(&x, &ex, &mut Rng::new(1)).clone();
        for e in &ex {
            let y = if e.include { 1.0 } else { -1.0 };
            let margin = 1.0 - y * m.score(&x, e.row as usize);
            let want = 2.0 * margin.max(0.0);
            assert!((l.alpha[e.row as usize] - want).abs() < 1e-6);
        }
    }

    #[test]
    fn a_warm_start_reaches_the_same_model_as_a_cold_one() {
        let x = docs();
        let params = Params {
            tol: 1e-10,
            max_passes: 10_000,
            ..Params::default()
        };
        let mut warm = Learner::new(params.clone(), &x);
        let mut ex = examples();
        warm.fit(&x, &ex[..3], &mut Rng::new(1));
        ex.push(Example {
            row: 6,
            include: false,
            weight: 1.0,
        });
        let a = warm.fit(&x, &ex, &mut Rng::new(2)).clone();
        let b = Learner::new(params, &x)
            .fit(&x, &ex, &mut Rng::new(3))
            .clone();
        for (p, q) in a.w.iter().zip(&b.w) {
            assert!((p - q).abs() < 1e-6, "{p} vs {q}");
        }
        // A changed decision is learned from scratch for that record.
        ex[0].include = false;
        let c = warm.fit(&x, &ex, &mut Rng::new(4)).clone();
        assert!(c.score(&x, 0) < a.score(&x, 0));
    }

    #[test]
    fn naive_bayes_weights_are_log_ratios_of_smoothed_shares() {
        let x = docs();
        let mut l = Learner::new(
            Params {
                kind: Kind::NaiveBayes,
                nb_alpha: 1.0,
                ..Params::default()
            },
            &x,
        );
        let ex = examples();
        let m = l.fit(&x, &ex, &mut Rng::new(1)).clone();
        // A term absent from both classes weighs ln(total₀ / total₁).
        let v = x.n_terms() as f64;
        let sum = |include: bool| -> f64 {
            ex.iter()
                .filter(|e| e.include == include)
                .map(|e| {
                    x.row(e.row as usize)
                        .1
                        .iter()
                        .map(|&w| w as f64)
                        .sum::<f64>()
                })
                .sum()
        };
        let want = ((sum(false) + v) / (sum(true) + v)).ln();
        let placebo = x
            .row(2)
            .0
            .iter()
            .copied()
            .find(|t| ex.iter().all(|e| !x.row(e.row as usize).0.contains(t)));
        let Some(t) = placebo else {
            panic!("row 2 has a term no example has");
        };
        assert!((m.w[t as usize] - want).abs() < 1e-9);
    }
}
