//! Work on every core: a map over a slice whose results keep the slice's
//! order, for the passes over every study that follow a load (a tally's
//! citations of 100 000 studies).

/// Below this many items a map runs on the calling thread: starting threads
/// would cost more than it saves.
pub const AT_LEAST: usize = 4096;

/// `f` of each item, in the items' order, made on up to `threads` threads
/// (contiguous runs of the slice, one per thread). The same results as
/// `items.iter().map(f).collect()`.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_on(items, threads(), AT_LEAST, f)
}

fn map_on<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    at_least: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let parts = runs_on(items, threads, at_least, |run| {
        run.iter().map(&f).collect::<Vec<R>>()
    });
    joined(parts)
}

/// The parts one after another, in order. The first part's vector grows in
/// place to hold the rest (a large one is remapped, not copied), and each
/// other part is let go once moved: at most one part more than the whole is
/// in memory, not two wholes.
pub fn joined<R>(parts: Vec<Vec<R>>) -> Vec<R> {
    let total = parts.iter().map(Vec::len).sum::<usize>();
    let mut parts = parts.into_iter();
    let mut out = parts.next().unwrap_or_default();
    out.reserve_exact(total - out.len());
    for part in parts {
        out.extend(part);
    }
    out
}

/// `f` of contiguous runs of `items`, one run per thread (one run in all
/// when there are few items), the results in the runs' order: for work
/// that gathers as it goes (counts, first occurrences) and is merged after.
pub fn runs<T: Sync, R: Send>(items: &[T], f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    runs_on(items, threads(), AT_LEAST, f)
}

/// The threads [`map`] and [`runs`] use: one per core, at most eight.
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8)
}

/// [`runs`] on `threads` threads, in one run when there are fewer than
/// `at_least` items (tests split a few items across threads with it).
pub fn runs_on<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    at_least: usize,
    f: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    if threads < 2 || items.len() < at_least.max(2) {
        return vec![f(items)];
    }
    let run = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(run)
            .map(|chunk| s.spawn(move || f(chunk)))
            .collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(part) => part,
                // A panic in `f` is the caller's, as on one thread.
                Err(e) => std::panic::resume_unwind(e),
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_results_keep_the_items_order_on_any_number_of_threads() {
        for n in [0usize, 1, 2, 3, 7, 100, 1001] {
            let items: Vec<usize> = (0..n).collect();
            let want: Vec<String> = items.iter().map(|i| format!("#{i}")).collect();
            for threads in [1, 2, 3, 8] {
                assert_eq!(map_on(&items, threads, 0, |i| format!("#{i}")), want);
            }
            assert_eq!(map(&items, |i| format!("#{i}")), want);
            for threads in [1, 2, 3, 8] {
                let sums = runs_on(&items, threads, 0, |run| run.iter().sum::<usize>());
                assert_eq!(sums.iter().sum::<usize>(), items.iter().sum::<usize>());
                assert!(sums.len() <= threads.max(1));
            }
        }
    }
}
