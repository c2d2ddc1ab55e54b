//! The search thread of the terminal interface: the newest query searched,
//! stale ones dropped unrun.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use crate::search::{Hit, SearchIndex};

/// A query for a [`Searcher`]: search `index` for `query` among `pool`.
struct Request {
    id: u64,
    index: SearchIndex,
    query: String,
    pool: Vec<usize>,
}

/// What a [`Searcher`] found for the request numbered `id`: exactly what
/// [`SearchIndex::search_among`] returns for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub id: u64,
    pub query: String,
    pub hits: Vec<Hit>,
}

/// Searches on a thread of its own, so typing never waits for a result.
///
/// Requests are numbered by the caller; when several are waiting only the
/// newest is run (the others are stale: the user has typed on), and the
/// caller keeps only the answer to the last request it sent. The thread
/// ends when the `Searcher` is dropped.
pub struct Searcher {
    requests: Sender<Request>,
    answers: Receiver<Answer>,
    /// Set by the thread when an answer is waiting, cleared by [`take`](Self::take).
    ready: Arc<AtomicBool>,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Searcher")
    }
}

impl Searcher {
    /// Starts the search thread.
    pub fn spawn() -> std::io::Result<Searcher> {
        let (requests, inbox) = channel::<Request>();
        let (outbox, answers) = channel::<Answer>();
        let ready = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&ready);
        std::thread::Builder::new()
            .name("litrev-search".into())
            .spawn(move || {
                while let Ok(mut req) = inbox.recv() {
                    // Only the newest waiting query matters.
                    loop {
                        match inbox.try_recv() {
                            Ok(newer) => req = newer,
                            Err(TryRecvError::Empty) => break,
                            Err(TryRecvError::Disconnected) => return,
                        }
                    }
                    let Request {
                        id,
                        index,
                        query,
                        pool,
                    } = req;
                    let hits = index.search_among(&query, pool);
                    // Let go of the index before answering, so that an edit
                    // right after the answer does not copy it.
                    drop(index);
                    let answer = Answer { id, query, hits };
                    if outbox.send(answer).is_err() {
                        return;
                    }
                    flag.store(true, Ordering::Release);
                }
            })?;
        Ok(Searcher {
            requests,
            answers,
            ready,
        })
    }

    /// Asks for `query` among `pool` (positions in `index`). False when the
    /// thread is gone (the caller should search itself).
    pub fn submit(&self, id: u64, index: &SearchIndex, query: &str, pool: Vec<usize>) -> bool {
        self.requests
            .send(Request {
                id,
                index: index.clone(),
                query: query.to_string(),
                pool,
            })
            .is_ok()
    }

    /// True when an answer is waiting (without taking it).
    pub fn ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    /// The newest answer waiting, if any (older ones are dropped).
    pub fn take(&self) -> Option<Answer> {
        self.ready.store(false, Ordering::Release);
        let mut last = None;
        while let Ok(a) = self.answers.try_recv() {
            last = Some(a);
        }
        last
    }

    /// Waits up to `timeout` for an answer and returns the newest one.
    pub fn wait(&self, timeout: std::time::Duration) -> Option<Answer> {
        let first = self.answers.recv_timeout(timeout).ok()?;
        Some(self.take().unwrap_or(first))
    }
}
