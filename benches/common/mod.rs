//! What the benchmarks share.

/// The review sizes to measure: `LITREV_BENCH_SIZES` (comma-separated),
/// else `default`.
pub fn sizes(default: &[usize]) -> Vec<usize> {
    std::env::var("LITREV_BENCH_SIZES")
        .ok()
        .map(|v| {
            v.split(',')
                .filter_map(|n| n.trim().replace('_', "").parse().ok())
                .collect::<Vec<usize>>()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_vec())
}
