//! The records of the searches: every export in `searches/` read with the
//! reference readers of [`crate::interop`], the files read side by side on
//! every core. The abstracts are set apart as they are read ([`texts`]);
//! what reading and merging gave is kept in a derived cache under the
//! review ([`cache`]), so that a screen opens without reading every
//! export again.

pub mod cache;
mod codec;
pub mod texts;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::config::Search;
use crate::interop::{self, Bad, Origin, Parsed};
use crate::model::Study;
use texts::{Block, TextRef};

/// One record as an export holds it.
#[derive(Debug, Clone)]
pub struct Raw {
    /// Its fields; the abstract set apart in `text` (when there is one).
    pub study: Study,
    /// Its abstract, in the block of its export.
    pub text: Option<TextRef>,
    /// Index of its search in `[[searches]]`.
    pub search: usize,
    pub origin: Origin,
}

/// What reading one export gave.
#[derive(Debug, Clone)]
pub enum Read {
    /// The records read, and the ones that could not be.
    Parsed { records: usize, bad: Vec<Bad> },
    /// The file could not be read at all (missing, not a reference file).
    Failed(String),
}

/// Reads one export: its bytes decoded, the format from its content.
pub fn read_export(path: &Path) -> Result<Parsed, String> {
    let name = crate::text::inert_line(&path.display().to_string()).into_owned();
    interop::read_file(path, None).map_err(|e| e.message(&name))
}

/// Reads one export and sets its records' abstracts apart, in a block
/// whose number is `part`.
fn read_apart(path: &Path, part: u32) -> Result<(Parsed, Vec<Option<TextRef>>, Block), String> {
    let mut parsed = read_export(path)?;
    let mut block = Block::default();
    let refs = parsed
        .records
        .iter_mut()
        .map(|r| {
            let text = r.study.r#abstract.take()?;
            let at = block.push(part, &text);
            if at.is_none() {
                r.study.r#abstract = Some(text);
            }
            at
        })
        .collect();
    block.0.shrink_to_fit();
    Ok((parsed, refs, block))
}

/// `work(i, item)` for every item, the items shared out one at a time to
/// as many threads as there are cores (at most one per item); each result
/// at its item's place, `None` where a thread panicked.
pub(super) fn on_threads<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(usize, &T) -> R + Sync,
) -> Vec<Option<R>> {
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, items.len().max(1));
    let mut results: Vec<Option<R>> = Vec::new();
    results.resize_with(items.len(), || None);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, work(i, item)));
                    }
                    done
                })
            })
            .collect();
        for w in workers {
            if let Ok(done) = w.join() {
                for (i, r) in done {
                    results[i] = Some(r);
                }
            }
        }
    });
    results
}

/// Reads every search's export under `root`, on as many threads as there
/// are cores; the records in search order, then file order, and the
/// abstracts set apart, one block of text per search.
pub fn read_all(root: &Path, searches: &[Search]) -> (Vec<Raw>, Vec<Read>, Vec<String>) {
    type Apart = (Parsed, Vec<Option<TextRef>>, Block);
    // A reader that panicked leaves its files unread (`None`); they are
    // reported as such below.
    let results: Vec<Option<Result<Apart, String>>> =
        on_threads(searches, |i, s| read_apart(&root.join(&s.file), i as u32));
    // Sized once: growing a vector of 100 000 records by doubling would
    // hold two copies of it for a moment.
    let total = results
        .iter()
        .map(|r| match r {
            Some(Ok((p, _, _))) => p.records.len(),
            _ => 0,
        })
        .sum();
    let mut raws = Vec::with_capacity(total);
    let mut reads = Vec::with_capacity(searches.len());
    let mut blocks = Vec::with_capacity(searches.len());
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Some(Ok((parsed, refs, block))) => {
                reads.push(Read::Parsed {
                    records: parsed.records.len(),
                    bad: parsed.bad,
                });
                raws.extend(parsed.records.into_iter().zip(refs).map(|(r, text)| Raw {
                    study: r.study,
                    text,
                    search: i,
                    origin: r.origin,
                }));
                blocks.push(block.0);
            }
            Some(Err(e)) => {
                reads.push(Read::Failed(e));
                blocks.push(String::new());
            }
            None => {
                reads.push(Read::Failed(format!(
                    "{}: could not be read",
                    crate::text::inert_line(&searches[i].file)
                )));
                blocks.push(String::new());
            }
        }
    }
    (raws, reads, blocks)
}

/// Hands the memory freed so far back to the system. Reading runs on
/// worker threads, and the C library keeps what a thread freed (the
/// exports' text, the readers' working copies: over 100 MB for 100 000
/// records) for that thread's later use, which never comes: without this,
/// the resident memory of a screen stays that much higher. glibc only;
/// elsewhere nothing is done.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim takes a size and touches only the
        // allocator's free lists.
        unsafe {
            libc::malloc_trim(0);
        }
    }
}

/// The SHA-256 of bytes, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
