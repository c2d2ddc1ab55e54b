//! A review loaded on a thread of its own, with how far the load has come
//! and the first studies read: the terminal interface shows a first screen
//! while a large review is still coming off a cold disk (100 000 study
//! files take seconds to read then, against under one warm).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::store::{LoadError, Loaded};

/// How many studies make a first screen: more rows than any terminal
/// shows, few enough to be read at once.
pub const FIRST: usize = 500;

/// What a load shares with whoever waits for it.
#[derive(Debug, Default)]
pub(crate) struct Progress {
    /// Study files to read; 0 until the folder is listed.
    pub(crate) total: AtomicUsize,
    /// Study files read so far.
    pub(crate) read: AtomicUsize,
    /// The first [`FIRST`] studies read, as a review of their own.
    pub(crate) first: Mutex<Option<Loaded>>,
}

impl Progress {
    /// Keeps the first studies read (once).
    pub(crate) fn offer_first(&self, first: impl FnOnce() -> Loaded) {
        let mut slot = match self.first.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        if slot.is_none() {
            *slot = Some(first());
        }
    }
}

/// A review being loaded as [`crate::store::load_indexed`] loads it, on a
/// thread of its own.
#[derive(Debug)]
pub struct Loading {
    root: PathBuf,
    progress: Arc<Progress>,
    job: Option<JoinHandle<Result<Loaded, LoadError>>>,
}

impl Loading {
    /// Starts loading the review at `root`.
    pub fn start(root: &Path) -> io::Result<Loading> {
        let progress = Arc::new(Progress::default());
        let (dir, shared) = (root.to_path_buf(), Arc::clone(&progress));
        let job = std::thread::Builder::new()
            .name("litrev-load".into())
            .spawn(move || crate::store::load::load_indexed_with(&dir, Some(&shared)))?;
        Ok(Loading {
            root: root.to_path_buf(),
            progress,
            job: Some(job),
        })
    }

    /// (study files read, study files in the folder); the second is 0
    /// until the folder has been listed.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.progress.read.load(Ordering::Relaxed),
            self.progress.total.load(Ordering::Relaxed),
        )
    }

    /// The first studies read ([`FIRST`] of them, in file order, then
    /// sorted and indexed as a review of their own) once they are read:
    /// what to show while the rest load. Given once; a review of fewer
    /// studies gives none (it is read whole in the same time).
    pub fn take_first(&self) -> Option<Loaded> {
        match self.progress.first.lock() {
            Ok(mut s) => s.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        }
    }

    /// True when the whole review is read ([`finish`](Self::finish) will
    /// not wait).
    pub fn is_done(&self) -> bool {
        self.job.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// The whole review, waiting for it if need be.
    pub fn finish(mut self) -> Result<Loaded, LoadError> {
        let panicked = || LoadError::Io {
            path: self.root.clone(),
            source: io::Error::other("the loader thread stopped"),
        };
        match self.job.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            _ => Err(panicked()),
        }
    }
}
