//! Work on every core: a map over a slice whose results keep the slice's
//! order, for the passes over every study that follow a load (a tally's
//! citations of 100 000 studies).

/// Below this many items a map runs on the calling thread: starting threads
/// would cost more than it saves.
const AT_LEAST: usize = 4096;

/// `f` of each item, in the items' order, made on up to `threads` threads
/// (contiguous runs of the slice, one per thread). The same results as
/// `items.iter().map(f).collect()`.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    map_on(items, threads, AT_LEAST, f)
}

fn map_on<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    at_least: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    if threads < 2 || items.len() < at_least.max(2) {
        return items.iter().map(f).collect();
    }
    let run = items.len().div_ceil(threads);
    let f = &f;
    let parts: Vec<Vec<R>> = std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(run)
            .map(|chunk| s.spawn(move || chunk.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(part) => part,
                // A panic in `f` is the caller's, as on one thread.
                Err(e) => std::panic::resume_unwind(e),
            })
            .collect()
    });
    let mut out = Vec::with_capacity(items.len());
    for part in parts {
        out.extend(part);
    }
    out
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
        }
    }
}
