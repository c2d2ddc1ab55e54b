//! Chance-corrected agreement: Cohen's kappa (unweighted, and weighted
//! linearly or quadratically for ordinal answers) between two reviewers,
//! and Fleiss' kappa between more.
//!
//! Cohen (1960): kappa = (p_o − p_e) / (1 − p_e), with p_o the observed
//! proportion of agreement and p_e the agreement expected from each
//! reviewer's marginal answer frequencies. Cohen (1968), weighted:
//! kappa_w = 1 − Σ w·O / Σ w·E, with O the observed and E the expected
//! proportions of each pair of answers and w their disagreement weight,
//! here |x − y| (linear) or (x − y)² (quadratic) for answers placed at x, y
//! on their item's ordinal scale (a word from 0 to 1 along its order, stars
//! and points at their number) — scikit-learn's `cohen_kappa_score(a, b,
//! labels=<the scale in order>, weights=...)`, whose weights |i − j| and
//! (i − j)² differ from these by a constant factor that cancels. Fleiss (1971): kappa = (P̄ − P̄_e) / (1 − P̄_e) over subjects
//! each rated by the same number of raters (statsmodels' `fleiss_kappa`).
//! Where the denominator is 0 (every answer the same one) kappa is
//! undefined: `None`, never NaN.

use std::collections::BTreeMap;

use serde::Serialize;

/// Observed and expected agreement, and kappa, over some answer pairs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kappa {
    /// Answer pairs compared.
    pub compared: usize,
    pub observed: Option<f64>,
    pub expected: Option<f64>,
    pub kappa: Option<f64>,
}

impl Kappa {
    /// Nothing compared.
    pub fn none() -> Kappa {
        Kappa {
            compared: 0,
            observed: None,
            expected: None,
            kappa: None,
        }
    }
}

/// `num / den`, or `None` where `den` is (nearly) 0.
fn ratio(num: f64, den: f64) -> Option<f64> {
    (den.abs() > 1e-12).then(|| num / den)
}

/// Cohen's kappa over `(first reviewer's answer, second's)` pairs.
pub fn cohen<S: AsRef<str>>(pairs: &[(S, S)]) -> Kappa {
    let n = pairs.len();
    if n == 0 {
        return Kappa::none();
    }
    let agree = pairs
        .iter()
        .filter(|(a, b)| a.as_ref() == b.as_ref())
        .count() as f64;
    let mut first: BTreeMap<&str, f64> = BTreeMap::new();
    let mut second: BTreeMap<&str, f64> = BTreeMap::new();
    for (a, b) in pairs {
        *first.entry(a.as_ref()).or_default() += 1.0;
        *second.entry(b.as_ref()).or_default() += 1.0;
    }
    from_margins(n, agree, &first, &second)
}

/// Cohen's kappa of `n` pairs, `agree` of them alike, from each
/// reviewer's count of each answer.
fn from_margins(
    n: usize,
    agree: f64,
    first: &BTreeMap<&str, f64>,
    second: &BTreeMap<&str, f64>,
) -> Kappa {
    let nf = n as f64;
    let po = agree / nf;
    let pe: f64 = first
        .iter()
        .map(|(k, c)| c / nf * second.get(k).copied().unwrap_or(0.0) / nf)
        .sum();
    Kappa {
        compared: n,
        observed: Some(po),
        expected: Some(pe),
        kappa: ratio(po - pe, 1.0 - pe),
    }
}

/// Pairs of answers as [`cohen`] reads them: how often each pair (first
/// reviewer's, second's) was given, not the pairs one by one (at 100 000
/// appraised studies, 500 000 pairs per figure).
#[derive(Debug, Clone)]
pub struct Pairs<K> {
    /// The pairs of a scale of a few words, looked for one by one (a
    /// tree's lookup cost more than the counting it served).
    few: Vec<((K, K), usize)>,
    /// Every pair, once more than [`FEW`] differ (a scale of many points).
    many: BTreeMap<(K, K), usize>,
    n: usize,
}

/// Whether `a` and `b` are the same answer: at once where both are the
/// same text in memory (a word of a scale, borrowed from the instrument),
/// else letter by letter.
fn same<K: AsRef<str>>(a: &K, b: &K) -> bool {
    let (a, b) = (a.as_ref(), b.as_ref());
    std::ptr::eq(a, b) || a == b
}

/// How many different pairs [`Pairs`] looks for one by one.
const FEW: usize = 32;

impl<K> Default for Pairs<K> {
    fn default() -> Self {
        Self {
            few: Vec::new(),
            many: BTreeMap::new(),
            n: 0,
        }
    }
}

impl<K: Ord + AsRef<str>> Pairs<K> {
    pub fn push(&mut self, first: K, second: K) {
        self.add((first, second), 1);
    }

    /// Counts `pair` `times` more.
    fn add(&mut self, pair: (K, K), times: usize) {
        self.n += times;
        if self.many.is_empty() {
            if let Some((_, c)) = self
                .few
                .iter_mut()
                .find(|((a, b), _)| same(a, &pair.0) && same(b, &pair.1))
            {
                *c += times;
                return;
            }
            if self.few.len() < FEW {
                self.few.push((pair, times));
                return;
            }
            self.many.extend(self.few.drain(..));
        }
        *self.many.entry(pair).or_default() += times;
    }

    /// Each pair counted and how often.
    fn counts(&self) -> impl Iterator<Item = (&(K, K), &usize)> {
        self.few.iter().map(|(p, c)| (p, c)).chain(&self.many)
    }

    /// Adds the pairs counted in `other` (counted apart, on another core).
    pub fn absorb(&mut self, other: Pairs<K>) {
        for (k, c) in other.few.into_iter().chain(other.many) {
            self.add(k, c);
        }
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// [`cohen`] of the pairs counted: the same figures to the last bit
    /// (each count is a whole number, and whole numbers add exactly in
    /// any order).
    pub fn kappa(&self) -> Kappa {
        let n = self.n;
        if n == 0 {
            return Kappa::none();
        }
        let agree = self
            .counts()
            .filter(|((a, b), _)| a.as_ref() == b.as_ref())
            .map(|(_, c)| c)
            .sum::<usize>() as f64;
        let mut first: BTreeMap<&str, f64> = BTreeMap::new();
        let mut second: BTreeMap<&str, f64> = BTreeMap::new();
        // Whole counts, added exactly in any order.
        for ((a, b), c) in self.counts() {
            *first.entry(a.as_ref()).or_default() += *c as f64;
            *second.entry(b.as_ref()).or_default() += *c as f64;
        }
        from_margins(n, agree, &first, &second)
    }
}

/// Weighted kappa, linear and quadratic, over pairs of positions on an
/// ordinal scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Weighted {
    pub linear: Option<f64>,
    pub quadratic: Option<f64>,
}

/// Cohen's weighted kappa over `(x, y)` position pairs (any unit: the
/// ratio is the same): 1 − D_o / D_e,
/// with D_o the mean weight of the pairs given and D_e the mean weight of
/// every first answer against every second one (the pairs expected from
/// the marginals).
pub fn weighted(pairs: &[(f64, f64)]) -> Weighted {
    let mut counted = Positions::default();
    for &(x, y) in pairs {
        counted.push(x, y);
    }
    counted.weighted()
}

/// Pairs of positions on ordinal scales, in the order given, each position
/// held once and a pair as the places of its two (a scale has a few
/// positions: the hundreds of thousands of answer pairs of a large review
/// take 8 bytes each, where two numbers took 16, and nothing else grows
/// with them). Weighted kappa reads them in that order, as it always has:
/// the figures are the same to the last bit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Positions {
    /// Each position given, once (told apart by its bits).
    values: Vec<f64>,
    /// Where each is in `values`, by its bits: read once there are more
    /// than a few to look through (a scale of many points).
    index: std::collections::HashMap<u64, u32>,
    /// Each pair: the places in `values` of its first and second.
    pairs: Vec<(u32, u32)>,
}

/// How many positions [`Positions`] looks through one by one.
const FEW_POSITIONS: usize = 32;

impl Positions {
    /// The place of `x` in `values`, added where new.
    fn place(&mut self, x: f64) -> u32 {
        let bits = x.to_bits();
        let found = if self.values.len() <= FEW_POSITIONS {
            self.values
                .iter()
                .position(|v| v.to_bits() == bits)
                .and_then(|at| u32::try_from(at).ok())
        } else {
            self.index.get(&bits).copied()
        };
        if let Some(at) = found {
            return at;
        }
        self.values.push(x);
        // More than 4 billion distinct positions cannot be held anyway.
        let at = u32::try_from(self.values.len() - 1).unwrap_or(u32::MAX);
        self.index.insert(bits, at);
        at
    }

    /// One more pair.
    pub fn push(&mut self, x: f64, y: f64) {
        let pair = (self.place(x), self.place(y));
        self.pairs.push(pair);
    }

    /// Adds `other`'s pairs after these (counted apart, on another core).
    pub fn absorb(&mut self, other: Positions) {
        let places: Vec<u32> = other.values.iter().map(|&v| self.place(v)).collect();
        let at = |i: u32| places.get(i as usize).copied().unwrap_or(u32::MAX);
        self.pairs.reserve_exact(other.pairs.len());
        self.pairs
            .extend(other.pairs.iter().map(|&(x, y)| (at(x), at(y))));
    }

    /// The pairs pushed.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// [`weighted`] over these pairs.
    pub fn weighted(&self) -> Weighted {
        let n = self.pairs.len();
        if n == 0 {
            return Weighted {
                linear: None,
                quadratic: None,
            };
        }
        let nf = n as f64;
        let value = |i: u32| self.values.get(i as usize).copied().unwrap_or(f64::NAN);
        // Each reviewer's positions, in order, and how often each is given.
        let counted = |of: fn(&(u32, u32)) -> u32| -> Vec<(f64, f64)> {
            let mut counts = vec![0usize; self.values.len()];
            for p in &self.pairs {
                if let Some(c) = counts.get_mut(of(p) as usize) {
                    *c += 1;
                }
            }
            let mut given: Vec<(f64, f64)> = self
                .values
                .iter()
                .zip(counts)
                .filter(|(_, c)| *c > 0)
                .map(|(v, c)| (*v, c as f64))
                .collect();
            given.sort_by(|a, b| a.0.total_cmp(&b.0));
            given
        };
        let firsts = counted(|p| p.0);
        let seconds = counted(|p| p.1);
        let one = |w: fn(f64) -> f64| {
            let observed: f64 = self
                .pairs
                .iter()
                .map(|&(x, y)| w(value(x) - value(y)))
                .sum::<f64>()
                / nf;
            // Every first answer against every second, by the few distinct
            // positions and how often each is given: the n × n pairs one
            // by one grew with the square of the studies.
            let mut expected = 0.0;
            for (x, cx) in &firsts {
                for (y, cy) in &seconds {
                    expected += cx * cy * w(x - y);
                }
            }
            expected /= nf * nf;
            ratio(observed, expected).map(|r| 1.0 - r)
        };
        Weighted {
            linear: one(f64::abs),
            quadratic: one(|d| d * d),
        }
    }
}

/// Fleiss' kappa over subjects each rated by the same number of raters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fleiss {
    /// The raters, each of whom rated every subject counted.
    pub raters: Vec<String>,
    /// Subjects (study, item) rated by all of them.
    pub subjects: usize,
    pub observed: Option<f64>,
    pub expected: Option<f64>,
    pub kappa: Option<f64>,
}

/// Fleiss' kappa over `subjects`, each the answers of the same `raters`.
pub fn fleiss(raters: Vec<String>, subjects: &[Vec<String>]) -> Fleiss {
    let m = raters.len();
    let big_n = subjects.len();
    if big_n == 0 || m < 2 || subjects.iter().any(|s| s.len() != m) {
        return Fleiss {
            raters,
            subjects: 0,
            observed: None,
            expected: None,
            kappa: None,
        };
    }
    let mf = m as f64;
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    let mut p_sum = 0.0;
    for s in subjects {
        let mut counts: BTreeMap<&str, f64> = BTreeMap::new();
        for a in s {
            *counts.entry(a).or_default() += 1.0;
            *totals.entry(a).or_default() += 1.0;
        }
        let sq: f64 = counts.values().map(|c| c * c).sum();
        p_sum += (sq - mf) / (mf * (mf - 1.0));
    }
    let nf = big_n as f64;
    let p_bar = p_sum / nf;
    let pe: f64 = totals.values().map(|c| (c / (nf * mf)).powi(2)).sum();
    Fleiss {
        raters,
        subjects: big_n,
        observed: Some(p_bar),
        expected: Some(pe),
        kappa: ratio(p_bar - pe, 1.0 - pe),
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

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
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
        let k = cohen(&pairs(&[
            ("low", "low", 4),
            ("low", "high", 1),
            ("high", "low", 2),
            ("high", "high", 3),
        ]));
        assert_eq!(k.compared, 10);
        assert!(close(k.observed, 0.7));
        assert!(close(k.expected, 0.5));
        assert!(close(k.kappa, 0.4));
    }

    #[test]
    fn degenerate_cases_give_no_nan() {
        // Perfect agreement over two answers: p_o 1, p_e 0.5, kappa 1.
        let k = cohen(&pairs(&[("low", "low", 3), ("high", "high", 3)]));
        assert_eq!(k.kappa, Some(1.0));
        // Both always "low": p_e = 1, kappa undefined (None, not NaN).
        let k = cohen(&pairs(&[("low", "low", 5)]));
        assert_eq!(
            (k.observed, k.expected, k.kappa),
            (Some(1.0), Some(1.0), None)
        );
        // One reviewer always "low", the other varies: p_e = 0.5, p_o = 0.5,
        // kappa 0.
        let k = cohen(&pairs(&[("low", "low", 2), ("low", "high", 2)]));
        assert_eq!(k.kappa, Some(0.0));
        // Nothing double-appraised.
        let k = cohen::<String>(&[]);
        assert_eq!((k.compared, k.observed, k.kappa), (0, None, None));
        let w = weighted(&[(0.5, 0.5), (0.5, 0.5)]);
        assert_eq!((w.linear, w.quadratic), (None, None));
    }

    /// Eight answer pairs on a three-level scale (indices 0, 1, 2; positions
    /// 0, ½, 1), worked by hand with Cohen's (1968) definition — the figures
    /// scikit-learn's `cohen_kappa_score(a, b, labels=[0, 1, 2],
    /// weights="linear" | "quadratic")` gives for the same indices.
    ///
    /// pairs: (0,0) (0,1) (1,1) (1,2) (2,2) (2,0) (0,0) (1,1)
    /// marginals: A 3, 3, 2; B 3, 3, 2 (of 8).
    /// unweighted: p_o = 5/8, p_e = (9 + 9 + 4)/64 = 22/64, kappa = 3/7.
    /// linear, weights |i − j|: observed Σ = 1 + 1 + 2 = 4 (mean 4/8);
    ///   expected Σ p_a q_b |a − b| = (9·1·2 + 6·2·2 + 6·1·2)/64 = 54/64;
    ///   kappa = 1 − (4/8)/(54/64) = 1 − 32/54 = 11/27.
    /// quadratic, weights (i − j)²: observed 1 + 1 + 4 = 6 (mean 6/8);
    ///   expected (9·1·2 + 6·4·2 + 6·1·2)/64 = 78/64;
    ///   kappa = 1 − (6/8)/(78/64) = 1 − 48/78 = 5/13.
    #[test]
    fn weighted_kappa_by_hand() {
        let idx = [
            (0, 0),
            (0, 1),
            (1, 1),
            (1, 2),
            (2, 2),
            (2, 0),
            (0, 0),
            (1, 1),
        ];
        let pos: Vec<(f64, f64)> = idx
            .iter()
            .map(|(a, b)| (*a as f64 / 2.0, *b as f64 / 2.0))
            .collect();
        let w = weighted(&pos);
        assert!(close(w.linear, 11.0 / 27.0), "{w:?}");
        assert!(close(w.quadratic, 5.0 / 13.0), "{w:?}");
        let words: Vec<(String, String)> = idx
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert!(close(cohen(&words).kappa, 3.0 / 7.0));
        // Two levels only: every weighting is the unweighted kappa.
        let two = [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 1.0), (1.0, 0.0)];
        let k = cohen(
            &two.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect::<Vec<_>>(),
        );
        let w = weighted(&two);
        assert!(close(w.linear, k.kappa.unwrap_or(f64::NAN)));
        assert!(close(w.quadratic, k.kappa.unwrap_or(f64::NAN)));
    }

    /// Fleiss' (1971) worked example as reprinted widely (10 subjects, 14
    /// raters, 5 categories): P̄ = 0.37802, P̄_e = 0.21276, kappa = 0.20993.
    #[test]
    fn fleiss_kappa_of_the_textbook_example() {
        let table = [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ];
        let subjects: Vec<Vec<String>> = table
            .iter()
            .map(|row| {
                row.iter()
                    .enumerate()
                    .flat_map(|(c, n)| std::iter::repeat_n(format!("c{c}"), *n))
                    .collect()
            })
            .collect();
        let raters: Vec<String> = (1..=14).map(|i| format!("R{i}")).collect();
        let f = fleiss(raters, &subjects);
        assert_eq!(f.subjects, 10);
        assert!(close(f.observed, 0.378021978021978), "{f:?}");
        assert!(close(f.expected, 0.21275510204081632), "{f:?}");
        assert!(close(f.kappa, 0.20993070442195522), "{f:?}");
    }

    proptest::proptest! {
        /// Counting the pairs gives `cohen`'s figures to the last bit.
        #[test]
        fn counted_pairs_give_cohens_figures_exactly(
            given in proptest::collection::vec((0usize..5, 0usize..5), 0..300),
            points in proptest::collection::vec((0usize..11, 0usize..11), 0..300),
            split in 0usize..300,
        ) {
            // Words of a scale (fewer pairs than are looked for one by
            // one), or points 0–10 (more), counted on one core or two.
            const W: [&str; 5] = ["low", "some-concerns", "high", "no-info", "Low"];
            const P: [&str; 11] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];
            for pairs in [
                given.iter().map(|&(a, b)| (W[a], W[b])).collect::<Vec<_>>(),
                points.iter().map(|&(a, b)| (P[a], P[b])).collect(),
            ] {
                let count = |pairs: &[(&str, &str)]| {
                    let mut counted = Pairs::default();
                    for (a, b) in pairs {
                        counted.push(a.to_string(), b.to_string());
                    }
                    counted
                };
                let (before, after) = pairs.split_at(split.min(pairs.len()));
                let mut two = count(before);
                two.absorb(count(after));
                for counted in [count(&pairs), two] {
                    let (k, c) = (cohen(&pairs), counted.kappa());
                    proptest::prop_assert_eq!(c.compared, k.compared);
                    let bits = |x: Option<f64>| x.map(f64::to_bits);
                    proptest::prop_assert_eq!(bits(c.observed), bits(k.observed));
                    proptest::prop_assert_eq!(bits(c.expected), bits(k.expected));
                    proptest::prop_assert_eq!(bits(c.kappa), bits(k.kappa));
                }
            }
        }
    }

    /// Weighted kappa as it was first written: the pairs held one by one,
    /// each reviewer's positions sorted and counted.
    fn weighted_as_listed(pairs: &[(f64, f64)], w: fn(f64) -> f64) -> Option<f64> {
        let nf = pairs.len() as f64;
        let counted = |mut v: Vec<f64>| -> Vec<(f64, f64)> {
            v.sort_by(f64::total_cmp);
            v.chunk_by(|a, b| a.to_bits() == b.to_bits())
                .map(|c| (c[0], c.len() as f64))
                .collect()
        };
        let firsts = counted(pairs.iter().map(|p| p.0).collect());
        let seconds = counted(pairs.iter().map(|p| p.1).collect());
        let observed: f64 = pairs.iter().map(|(x, y)| w(x - y)).sum::<f64>() / nf;
        let mut expected = 0.0;
        for (x, cx) in &firsts {
            for (y, cy) in &seconds {
                expected += cx * cy * w(x - y);
            }
        }
        expected /= nf * nf;
        ratio(observed, expected).map(|r| 1.0 - r)
    }

    /// Weighted kappa the textbook way: every pair's weight, and every
    /// first answer against every second one by one.
    fn weighted_pair_by_pair(pairs: &[(f64, f64)], w: fn(f64) -> f64) -> Option<f64> {
        let n = pairs.len() as f64;
        let observed = pairs.iter().map(|(x, y)| w(x - y)).sum::<f64>() / n;
        let expected = pairs
            .iter()
            .flat_map(|(x, _)| pairs.iter().map(move |(_, y)| w(x - y)))
            .sum::<f64>()
            / (n * n);
        ratio(observed, expected).map(|r| 1.0 - r)
    }

    /// Positions as scales give them: thirds and fifths of an order (the
    /// sums of which round), stars and points, negative ones, a zero of
    /// each sign, and more than [`FEW_POSITIONS`] of them.
    const POOL: [f64; 12] = [
        0.0,
        -0.0,
        1.0 / 3.0,
        2.0 / 3.0,
        1.0,
        0.2,
        0.6,
        -7.0,
        -1.0,
        3.0,
        9.0e15,
        -9.0e15,
    ];

    proptest::proptest! {
        /// Held as places, the pairs give the kappa they gave held one by
        /// one, to the last bit, however they are split between runs and
        /// put together; and the textbook's, within rounding.
        #[test]
        fn pairs_held_as_places_give_the_kappa_of_the_pairs_listed(
            idx in proptest::collection::vec((0usize..40, 0usize..40), 1..80),
            wide in proptest::bool::ANY,
            split in 0usize..80,
        ) {
            // Mostly a few positions; with `wide`, more than are looked
            // through one by one.
            let at = |i: usize| if wide { i as f64 / 39.0 } else { POOL[i % POOL.len()] };
            let pairs: Vec<(f64, f64)> = idx.iter().map(|&(a, b)| (at(a), at(b))).collect();
            let w = weighted(&pairs);
            let bits = |k: Option<f64>| k.map(f64::to_bits);
            let listed = (
                weighted_as_listed(&pairs, f64::abs),
                weighted_as_listed(&pairs, |d| d * d),
            );
            proptest::prop_assert_eq!(bits(w.linear), bits(listed.0));
            proptest::prop_assert_eq!(bits(w.quadratic), bits(listed.1));
            if !wide && idx.iter().all(|&(a, b)| a % POOL.len() < 7 && b % POOL.len() < 7) {
                let near = |a: Option<f64>, b: Option<f64>| match (a, b) {
                    (Some(a), Some(b)) => (a - b).abs() < 1e-9,
                    (a, b) => a == b,
                };
                let textbook = (
                    weighted_pair_by_pair(&pairs, f64::abs),
                    weighted_pair_by_pair(&pairs, |d| d * d),
                );
                proptest::prop_assert!(near(w.linear, textbook.0), "{w:?}");
                proptest::prop_assert!(near(w.quadratic, textbook.1), "{w:?}");
            }
            let (a, b) = pairs.split_at(split.min(pairs.len()));
            // Each run places its positions as it meets them; put together,
            // the second's are placed again among the first's.
            let mut first = Positions::default();
            let mut second = Positions::default();
            a.iter().for_each(|&(x, y)| first.push(x, y));
            b.iter().for_each(|&(x, y)| second.push(x, y));
            first.absorb(second);
            proptest::prop_assert_eq!(first.len(), pairs.len());
            proptest::prop_assert_eq!(bits(first.weighted().linear), bits(w.linear));
            proptest::prop_assert_eq!(bits(first.weighted().quadratic), bits(w.quadratic));
        }
    }
}
