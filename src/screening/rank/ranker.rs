//! The interactive ranker: the screening screen asks it for the next
//! record and tells it each decision; a thread of its own retrains the model
//! after each decision and hands back a new ranking, so a key press never
//! waits for the model.
//!
//! Until the model has something to learn from (an include and an exclude)
//! and while a new ranking is being computed, the last ranking is used,
//! skipping records decided since; records it does not cover (decided then
//! undone) come in the ranker's random order. The order depends on when
//! each retraining finished, so unlike [`super::simulate`] it is not fixed
//! by the seed alone.

use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Config;
use super::engine::{Engine, STREAM_ORDER};
use super::features::{Doc, Features};
use super::rng::Rng;

/// The order in which records are offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Most likely relevant first, by the model.
    Ranked,
    /// As in the file.
    File,
    /// A random order fixed by the seed.
    Random,
}

/// A screening decision as the ranker sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Include,
    Exclude,
    /// Screened but undecided: not offered again, not learned from.
    Maybe,
}

/// When the model was last trained, and on what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trained {
    /// Decisions (includes and excludes) it learned from.
    pub decisions: usize,
    pub includes: usize,
    /// When the ranking was ready.
    pub at: Instant,
    /// How long retraining and ranking took.
    pub took: Duration,
}

/// What the status line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    pub order: Order,
    /// The ranking in use, if any.
    pub trained: Option<Trained>,
    /// A newer ranking is being computed.
    pub training: bool,
}

/// The stopping aid's estimate of the includes among the records not yet
/// screened: the share of includes among the last `window` decisions,
/// applied to the `unscreened` records. In ranked order the share falls as
/// screening goes on, so this tends to overstate what is left; it is a
/// rough guide, never a reason to stop on its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub window: usize,
    pub includes_in_window: usize,
    pub unscreened: usize,
    pub remaining: f64,
}

impl Estimate {
    /// The estimate in words, saying that it is one and how it is made.
    pub fn sentence(&self) -> String {
        let about = if self.remaining < 10.0 {
            format!("{:.1}", self.remaining)
        } else {
            format!("{:.0}", self.remaining)
        };
        format!(
            "estimate: about {about} includes among the {} records left ({} of your last {} decisions were includes)",
            self.unscreened, self.includes_in_window, self.window
        )
    }
}

/// A ranking of the records unscreened when it was made, best first.
struct Ranking {
    order: Vec<u32>,
    trained: Trained,
}

/// A retraining job: every decision so far.
struct Job {
    /// Jobs are numbered 1, 2, … in the order they are sent.
    id: u64,
    decided: Vec<(u32, bool)>,
    skipped: Vec<u32>,
}

/// What the ranker and its thread share: the newest ranking, the newest
/// job not yet taken, and the number of the last job done.
#[derive(Default)]
struct Shared {
    slot: Mutex<Option<Arc<Ranking>>>,
    /// Only the newest job is ever done: a newer one replaces it here, so
    /// jobs sent while the thread is busy (building the features of
    /// 100 000 records, say) never pile up, each a copy of every decision.
    pending: Mutex<Option<Job>>,
    done: AtomicU64,
}

/// The ranker of one screening session.
pub struct Ranker {
    n: usize,
    seed: u64,
    order: Order,
    config: Config,
    decisions: Vec<Option<Label>>,
    /// Decisions in the order they were made (for the stopping aid).
    history: Vec<(u32, Label)>,
    random: Vec<u32>,
    ranking: Option<Arc<Ranking>>,
    shared: Arc<Shared>,
    /// Tells the thread a job is pending (its number).
    jobs: Sender<u64>,
    /// The number of the last job sent.
    sent: u64,
}

impl std::fmt::Debug for Ranker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ranker")
            .field("n", &self.n)
            .field("order", &self.order)
            .field("screened", &self.history.len())
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

/// Decisions of the last this-many are the stopping aid's window.
pub const ESTIMATE_WINDOW: usize = 100;

impl Ranker {
    /// A ranker over `docs` (its rows are their indices). The features are
    /// built on the ranker's thread, so this returns at once.
    pub fn new(docs: Vec<Doc>, config: Config, seed: u64) -> Ranker {
        Ranker::streamed(docs.len(), docs, config, seed)
    }

    /// A ranker over `n` records whose texts `docs` gives one by one, on
    /// the ranker's thread: the texts need not all be in memory at once
    /// (the screen reads each abstract from where it is kept). `docs`
    /// must give `n` records, in row order.
    pub fn streamed<I>(n: usize, docs: I, config: Config, seed: u64) -> Ranker
    where
        I: IntoIterator<Item = Doc> + Send + 'static,
    {
        let shared = Arc::new(Shared::default());
        let (jobs, rx) = mpsc::channel::<u64>();
        let thread_shared = Arc::clone(&shared);
        let thread_config = config.clone();
        // The thread ends when the ranker is dropped (the channel closes);
        // it is not joined, so dropping never waits for a retraining.
        let _ = std::thread::Builder::new()
            .name("litrev-ranker".into())
            .spawn(move || work(docs, thread_config, seed, rx, &thread_shared));
        let mut random: Vec<u32> = (0..n as u32).collect();
        Rng::derive(seed, STREAM_ORDER).shuffle(&mut random);
        Ranker {
            n,
            seed,
            order: Order::Ranked,
            config,
            decisions: vec![None; n],
            history: Vec::new(),
            random,
            ranking: None,
            shared,
            jobs,
            sent: 0,
        }
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True when there are no records.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Records a decision on `row` (replacing an earlier one) and asks for
    /// a retraining. Returns at once.
    pub fn decide(&mut self, row: usize, label: Label) {
        if row >= self.n {
            return;
        }
        if self.decisions[row].is_some() {
            self.history.retain(|(r, _)| *r as usize != row);
        }
        self.decisions[row] = Some(label);
        self.history.push((row as u32, label));
        self.retrain();
    }

    /// Records decisions made earlier (in the order they were made, each
    /// row once: a later one replaces an earlier) and asks for one
    /// retraining: how a screen opened on a review screened before starts.
    pub fn load(&mut self, decisions: impl IntoIterator<Item = (usize, Label)>) {
        let mut any = false;
        for (row, label) in decisions {
            if row >= self.n {
                continue;
            }
            if self.decisions[row].is_some() {
                self.history.retain(|(r, _)| *r as usize != row);
            }
            self.decisions[row] = Some(label);
            self.history.push((row as u32, label));
            any = true;
        }
        if any {
            self.retrain();
        }
    }

    /// The rows decided so far, in the order they were decided (a changed
    /// decision counts when it was changed).
    pub fn decided(&self) -> impl Iterator<Item = usize> + '_ {
        self.history.iter().map(|(r, _)| *r as usize)
    }

    /// Every row without a decision, in the order they would be offered if
    /// the ranking stayed as it is: [`Ranker::next`] first, then the rest.
    pub fn queue(&self) -> Vec<usize> {
        let open = |r: usize| self.decisions[r].is_none();
        let first = self.next();
        let mut out: Vec<usize> = Vec::with_capacity(self.n - self.history.len());
        out.extend(first);
        let mut taken = vec![false; self.n];
        if let Some(f) = first {
            taken[f] = true;
        }
        let mut push = |out: &mut Vec<usize>, r: usize| {
            if open(r) && !taken[r] {
                taken[r] = true;
                out.push(r);
            }
        };
        match self.order {
            Order::File => (0..self.n).for_each(|r| push(&mut out, r)),
            Order::Random => self.random.iter().for_each(|&r| push(&mut out, r as usize)),
            Order::Ranked => {
                if let Some(ranking) = &self.ranking {
                    ranking
                        .order
                        .iter()
                        .for_each(|&r| push(&mut out, r as usize));
                }
                self.random.iter().for_each(|&r| push(&mut out, r as usize));
            }
        }
        out
    }

    /// Takes back the decision on `row`.
    pub fn undo(&mut self, row: usize) {
        if row < self.n && self.decisions[row].take().is_some() {
            self.history.retain(|(r, _)| *r as usize != row);
            self.retrain();
        }
    }

    /// The decision on `row`, if any.
    pub fn decision(&self, row: usize) -> Option<Label> {
        self.decisions.get(row).copied().flatten()
    }

    /// Sends every decision so far to the thread.
    fn retrain(&mut self) {
        let mut decided = Vec::new();
        let mut skipped = Vec::new();
        for (r, d) in self.decisions.iter().enumerate() {
            match d {
                Some(Label::Include) => decided.push((r as u32, true)),
                Some(Label::Exclude) => decided.push((r as u32, false)),
                Some(Label::Maybe) => skipped.push(r as u32),
                None => {}
            }
        }
        // Sent in every order, so that a switch back to ranked order finds
        // a model of every decision.
        let id = self.sent + 1;
        if let Ok(mut pending) = self.shared.pending.lock() {
            *pending = Some(Job {
                id,
                decided,
                skipped,
            });
        }
        if self.jobs.send(id).is_ok() {
            self.sent = id;
        }
    }

    /// Takes the newest ranking from the thread, if there is one; true when
    /// it changed. Never waits: if the thread is just handing one over, the
    /// next call takes it.
    pub fn poll(&mut self) -> bool {
        let Ok(mut slot) = self.shared.slot.try_lock() else {
            return false;
        };
        match slot.take() {
            Some(r) => {
                self.ranking = Some(r);
                true
            }
            None => false,
        }
    }

    /// True when a new ranking is waiting for [`Ranker::poll`] (for a
    /// screen to redraw without a key press).
    pub fn ready(&self) -> bool {
        self.shared.slot.try_lock().is_ok_and(|slot| slot.is_some())
    }

    /// Switches between ranked, file and random order.
    pub fn set_order(&mut self, order: Order) {
        self.order = order;
    }

    /// The order in use.
    pub fn order(&self) -> Order {
        self.order
    }

    /// The next record to screen: the highest-ranked one without a
    /// decision (or the next in file or random order); `None` when every
    /// record has a decision. The same until a decision, an undo, a switch
    /// of order or a new ranking.
    pub fn next(&self) -> Option<usize> {
        let open = |r: &u32| self.decisions[*r as usize].is_none();
        let in_random = || self.random.iter().copied().find(open).map(|r| r as usize);
        match self.order {
            Order::File => (0..self.n as u32).find(open).map(|r| r as usize),
            Order::Random => in_random(),
            Order::Ranked => {
                let includes = self.includes();
                let step = self.history.len() as u64;
                let explore = self.config.random_every > 0
                    && includes < self.config.explore_until
                    && step % self.config.random_every as u64
                        == self.config.random_every as u64 - 1;
                if explore {
                    let left: Vec<u32> = (0..self.n as u32).filter(open).collect();
                    if left.is_empty() {
                        return None;
                    }
                    let i = Rng::derive(self.seed, super::engine::STREAM_EXPLORE ^ (step << 8))
                        .below(left.len());
                    return Some(left[i] as usize);
                }
                self.ranking
                    .as_ref()
                    .and_then(|r| r.order.iter().copied().find(open))
                    .map(|r| r as usize)
                    .or_else(in_random)
            }
        }
    }

    /// What the status line shows: the order, when the model last
    /// retrained and on how many decisions, and whether it is retraining.
    pub fn status(&self) -> Status {
        Status {
            order: self.order,
            trained: self.ranking.as_ref().map(|r| r.trained),
            training: self.shared.done.load(AtomicOrdering::Acquire) < self.sent,
        }
    }

    /// Includes decided so far.
    pub fn includes(&self) -> usize {
        self.decisions
            .iter()
            .filter(|d| **d == Some(Label::Include))
            .count()
    }

    /// Records with a decision (maybe included).
    pub fn screened(&self) -> usize {
        self.history.len()
    }

    /// Decisions made since the last include (all of them if none yet).
    pub fn since_last_include(&self) -> usize {
        self.history
            .iter()
            .rev()
            .take_while(|(_, l)| *l != Label::Include)
            .count()
    }

    /// The stopping aid's estimate of includes left (see [`Estimate`]);
    /// `None` before any decision.
    pub fn estimate(&self) -> Option<Estimate> {
        if self.history.is_empty() {
            return None;
        }
        let window = self.history.len().min(ESTIMATE_WINDOW);
        let includes_in_window = self.history[self.history.len() - window..]
            .iter()
            .filter(|(_, l)| *l == Label::Include)
            .count();
        let unscreened = self.n - self.history.len();
        Some(Estimate {
            window,
            includes_in_window,
            unscreened,
            remaining: includes_in_window as f64 / window as f64 * unscreened as f64,
        })
    }

    /// Waits until the thread has ranked every decision sent so far and
    /// takes that ranking (for tests and scripts, never for a screen);
    /// false if the thread has stopped or `timeout` passed.
    pub fn wait(&mut self, timeout: Duration) -> bool {
        let until = Instant::now() + timeout;
        loop {
            if self.shared.done.load(AtomicOrdering::Acquire) >= self.sent {
                if let Ok(mut slot) = self.shared.slot.lock()
                    && let Some(r) = slot.take()
                {
                    self.ranking = Some(r);
                }
                return true;
            }
            if Instant::now() >= until {
                return false;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

/// The ranker's thread: builds the features, then for each job (only the
/// newest of those waiting) retrains and ranks the unscreened records.
fn work<I: IntoIterator<Item = Doc>>(
    docs: I,
    config: Config,
    seed: u64,
    jobs: Receiver<u64>,
    shared: &Shared,
) {
    lower_priority();
    // Each record's text is freed once read.
    let x = Arc::new(Features::build_from(docs, &config.features));
    // The vocabulary and the texts read are freed: handed back.
    crate::screening::records::release_free_memory();
    let n = x.len();
    let mut engine = Engine::new(x, config, seed);
    while jobs.recv().is_ok() {
        while jobs.try_recv().is_ok() {}
        // The newest job (none when it was taken on an earlier signal).
        let Some(job) = shared.pending.lock().ok().and_then(|mut p| p.take()) else {
            continue;
        };
        let started = Instant::now();
        let mut open = vec![true; n];
        for &(r, _) in &job.decided {
            open[r as usize] = false;
        }
        for &r in &job.skipped {
            open[r as usize] = false;
        }
        let unscreened: Vec<u32> = (0..n as u32).filter(|&r| open[r as usize]).collect();
        let step = job.decided.len() as u64;
        let trained = engine.train(&job.decided, &unscreened, step).is_some();
        if trained {
            let scores = engine.scores(&unscreened);
            let mut order: Vec<(u32, f64)> = unscreened.into_iter().zip(scores).collect();
            order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let ranking = Ranking {
                order: order.into_iter().map(|(r, _)| r).collect(),
                trained: Trained {
                    decisions: job.decided.len(),
                    includes: job.decided.iter().filter(|d| d.1).count(),
                    at: Instant::now(),
                    took: started.elapsed(),
                },
            };
            if let Ok(mut slot) = shared.slot.lock() {
                *slot = Some(Arc::new(ranking));
            }
        }
        shared.done.store(job.id, AtomicOrdering::Release);
    }
}

/// Gives the calling thread a lower priority than the screen's (Linux:
/// nice 10 for this thread alone), so that on a busy machine a key press
/// and the next record are never kept waiting by the model: its rankings
/// come as soon as the cores are free. Elsewhere nothing changes.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: gettid and setpriority take and return plain integers;
        // a failure (refused) leaves the priority as it was.
        let _ = unsafe { libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 10) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screening::rank::Model;

    fn docs() -> Vec<Doc> {
        [
            "metoprolol heart failure randomized trial",
            "hospital parking survey",
            "carvedilol heart failure randomized trial",
            "staff parking survey",
            "bisoprolol heart failure randomized trial",
            "hospital food survey",
        ]
        .iter()
        .map(|t| Doc {
            title: t.to_string(),
            ..Doc::default()
        })
        .collect()
    }

    fn ranker() -> Ranker {
        let mut config = Model::Default.config();
        config.features.min_df = 1;
        Ranker::new(docs(), config, 5)
    }

    #[test]
    fn file_and_random_order_offer_each_record_once() {
        let mut r = ranker();
        r.set_order(Order::File);
        assert_eq!(r.next(), Some(0));
        r.decide(0, Label::Exclude);
        assert_eq!(r.next(), Some(1));
        r.decide(1, Label::Maybe);
        assert_eq!(r.next(), Some(2));
        r.undo(0);
        assert_eq!(r.next(), Some(0));
        r.set_order(Order::Random);
        let mut seen = Vec::new();
        while let Some(n) = r.next() {
            assert_eq!(r.next(), Some(n), "the same until a decision");
            seen.push(n);
            r.decide(n, Label::Exclude);
        }
        seen.sort_unstable();
        assert_eq!(seen, [0, 2, 3, 4, 5]);
        assert_eq!(r.screened(), 6);
    }

    #[test]
    fn after_retraining_the_likely_include_comes_next() {
        let mut r = ranker();
        assert_eq!(r.status().trained, None);
        r.decide(0, Label::Include);
        r.decide(1, Label::Exclude);
        assert!(r.wait(Duration::from_secs(30)), "the thread retrains");
        let status = r.status();
        assert!(!status.training);
        let trained = status.trained.expect("a model");
        assert_eq!((trained.decisions, trained.includes), (2, 1));
        // Rows 2 and 4 share "heart failure randomized trial" with the include.
        let next = r.next().expect("a record");
        assert!(next == 2 || next == 4, "next {next}");
        r.decide(next, Label::Include);
        assert!(r.wait(Duration::from_secs(30)));
        let next = r.next().expect("a record");
        assert!(next == 2 || next == 4, "next {next}");
    }

    #[test]
    fn decisions_loaded_at_once_and_the_queue_offers_each_open_record_once() {
        let mut r = ranker();
        r.load([(3, Label::Exclude), (0, Label::Include), (3, Label::Maybe)]);
        // A later decision on a row replaces the earlier one.
        assert_eq!(r.decided().collect::<Vec<_>>(), [0, 3]);
        assert_eq!(r.decision(3), Some(Label::Maybe));
        for order in [Order::File, Order::Random, Order::Ranked] {
            r.set_order(order);
            let q = r.queue();
            assert_eq!(q.first().copied(), r.next(), "{order:?}");
            let mut sorted = q.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, [1, 2, 4, 5], "{order:?}");
        }
        r.set_order(Order::File);
        assert_eq!(r.queue(), [1, 2, 4, 5]);
        r.decide(1, Label::Exclude);
        assert!(r.wait(Duration::from_secs(30)));
        r.set_order(Order::Ranked);
        // Trained on one include (a heart failure trial) and one exclude:
        // the other two trials come first.
        let q = r.queue();
        let mut top: Vec<usize> = q[..2].to_vec();
        top.sort_unstable();
        assert_eq!(top, [2, 4], "{q:?}");
        assert!(!r.ready(), "the ranking was taken");
    }

    #[test]
    fn the_stopping_aid_counts_since_the_last_include_and_estimates() {
        let mut r = ranker();
        assert_eq!(r.estimate(), None);
        assert_eq!(r.since_last_include(), 0);
        r.decide(3, Label::Exclude);
        assert_eq!(r.since_last_include(), 1);
        r.decide(0, Label::Include);
        r.decide(1, Label::Exclude);
        r.decide(5, Label::Maybe);
        assert_eq!(r.since_last_include(), 2);
        // 1 include in 4 decisions, 2 records left: about 0.5.
        let e = r.estimate().expect("an estimate");
        assert_eq!((e.window, e.includes_in_window, e.unscreened), (4, 1, 2));
        assert!((e.remaining - 0.5).abs() < 1e-12);
        assert_eq!(
            e.sentence(),
            "estimate: about 0.5 includes among the 2 records left (1 of your last 4 decisions were includes)"
        );
        // Changing a decision moves it to the end of the history.
        r.decide(0, Label::Exclude);
        assert_eq!(r.since_last_include(), 4);
        assert_eq!(r.includes(), 0);
    }
}
