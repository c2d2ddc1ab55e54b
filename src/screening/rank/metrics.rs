//! How good a screening order is, given every record's true label: the
//! figures ASReview's simulations report.
//!
//! - **Recall at p % screened**: the share of the includes among the first
//!   ⌊p · N / 100⌋ records of the order (ASReview Insights' convention).
//! - **Records needed for r recall**: the position of the ⌈r · I⌉-th include.
//! - **WSS@r** (work saved over sampling, Cohen et al. 2006): the share of
//!   records not screened when recall r is reached, minus the share random
//!   order would leave at that recall: (N − needed) / N − (1 − r).
//! - **ATD** (average time to discovery): the mean position at which each
//!   include is found, counted after the prior records and over the
//!   includes that were not priors (ASReview Insights' convention).

/// The figures of one screening order.
#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    /// Records in the order.
    pub records: usize,
    /// Includes among them.
    pub includes: usize,
    /// Records given as prior knowledge at the start of the order.
    pub priors: usize,
    /// (percent screened, records screened, includes found) at 5, 10, 20 %.
    pub recall_at: Vec<(u32, usize, usize)>,
    /// Records screened to find 95 % of the includes (⌈0.95 I⌉ of them).
    pub needed_95: usize,
    /// Records screened to find every include.
    pub needed_100: usize,
    pub wss_95: f64,
    pub wss_100: f64,
    /// Average time to discovery, in records after the priors.
    pub atd: f64,
}

/// The percentages of records screened at which recall is reported.
pub const RECALL_AT: [u32; 3] = [5, 10, 20];

/// The figures of `labels` (true: include), given in screening order,
/// whose first `priors` records were prior knowledge. `None` when there
/// are no includes (recall is undefined).
pub fn of_order(labels: &[bool], priors: usize) -> Option<Metrics> {
    let n = labels.len();
    let includes = labels.iter().filter(|&&l| l).count();
    if includes == 0 {
        return None;
    }
    // Position (1-based) at which the k-th include is found.
    let found_at: Vec<usize> = labels
        .iter()
        .enumerate()
        .filter(|(_, l)| **l)
        .map(|(i, _)| i + 1)
        .collect();
    let target_95 = (95 * includes).div_ceil(100);
    let needed_95 = found_at[target_95 - 1];
    let needed_100 = found_at[includes - 1];
    let recall_at = RECALL_AT
        .iter()
        .map(|&p| {
            let screened = n * p as usize / 100;
            let found = labels[..screened].iter().filter(|&&l| l).count();
            (p, screened, found)
        })
        .collect();
    let later: Vec<usize> = found_at
        .iter()
        .filter(|&&pos| pos > priors)
        .map(|&pos| pos - priors)
        .collect();
    let atd = if later.is_empty() {
        0.0
    } else {
        later.iter().sum::<usize>() as f64 / later.len() as f64
    };
    let share_left = |needed: usize| (n - needed) as f64 / n as f64;
    Some(Metrics {
        records: n,
        includes,
        priors,
        recall_at,
        needed_95,
        needed_100,
        wss_95: share_left(needed_95) - 0.05,
        wss_100: share_left(needed_100),
        atd,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(s: &str) -> Vec<bool> {
        s.chars().map(|c| c == '1').collect()
    }

    #[test]
    fn figures_of_a_hand_computed_order() {
        // 40 records, 4 includes at positions 1, 3, 8 and 30; two priors
        // (an include and an exclude) at the start.
        let mut labels = vec![false; 40];
        for p in [1, 3, 8, 30] {
            labels[p - 1] = true;
        }
        let m = of_order(&labels, 2).expect("has includes");
        assert_eq!((m.records, m.includes, m.priors), (40, 4, 2));
        // 5 % of 40 = 2 records: 1 include; 10 % = 4: 2; 20 % = 8: 3.
        assert_eq!(m.recall_at, vec![(5, 2, 1), (10, 4, 2), (20, 8, 3)]);
        // ⌈0.95 · 4⌉ = 4: 95 % recall needs every include here.
        assert_eq!((m.needed_95, m.needed_100), (30, 30));
        assert!((m.wss_95 - (10.0 / 40.0 - 0.05)).abs() < 1e-12);
        assert!((m.wss_100 - 0.25).abs() < 1e-12);
        // Includes after the priors: positions 3, 8, 30 → 1, 6, 28 → 35 / 3.
        assert!((m.atd - 35.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn ninety_five_percent_of_twenty_includes_is_nineteen() {
        // 100 records: 19 includes first, then 80 excludes, the last include at the end.
        let mut labels = vec![true; 19];
        labels.extend(vec![false; 80]);
        labels.push(true);
        let m = of_order(&labels, 0).expect("has includes");
        assert_eq!(m.needed_95, 19);
        assert_eq!(m.needed_100, 100);
        assert!((m.wss_95 - (81.0 / 100.0 - 0.05)).abs() < 1e-12);
        assert_eq!(m.wss_100, 0.0);
        assert_eq!(m.recall_at[0], (5, 5, 5));
        // ATD: (1 + … + 19 + 100) / 20.
        assert!((m.atd - (190.0 + 100.0) / 20.0).abs() < 1e-12);
    }

    #[test]
    fn the_ideal_and_the_worst_order() {
        let best = of_order(&order("1100000000"), 0).expect("has includes");
        assert_eq!(best.needed_100, 2);
        assert!((best.wss_95 - 0.75).abs() < 1e-12);
        let worst = of_order(&order("0000000011"), 0).expect("has includes");
        assert_eq!(worst.needed_95, 10);
        assert!((worst.wss_95 + 0.05).abs() < 1e-12);
        assert_eq!(worst.recall_at, vec![(5, 0, 0), (10, 1, 0), (20, 2, 0)]);
        assert!(of_order(&order("0000"), 0).is_none());
    }
}
