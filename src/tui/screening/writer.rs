//! The reviewer's decisions file, written on a thread of its own: a
//! decision shows on screen at once and the file follows a moment later
//! (rendering and syncing a file of 100 000 lines takes longer than a key
//! press may). The thread keeps its own copy of the file's lines, applies
//! each change, and writes the whole file atomically after each burst of
//! changes, never over a file changed on disk since it was read.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::screening::decisions::File;
use crate::screening::{Row, Stage};

/// One change to the file: the line to drop (its key) and the line to add.
#[derive(Debug, Clone)]
pub struct Change {
    pub drop: Option<(String, Stage)>,
    pub add: Option<Row>,
}

enum Msg {
    Change(Change),
    /// Reply once everything sent before is written (or failed).
    Flush(Sender<()>),
}

/// The writer thread of one decisions file.
#[derive(Debug)]
pub struct Writer {
    tx: Option<Sender<Msg>>,
    errors: Receiver<String>,
    handle: Option<JoinHandle<()>>,
}

impl Writer {
    /// Starts writing `file` (its lines as read; what is on disk is checked
    /// against its fingerprint before the first write).
    pub fn spawn(mut file: File) -> std::io::Result<Writer> {
        let (tx, rx) = channel::<Msg>();
        let (etx, errors) = channel::<String>();
        let handle = std::thread::Builder::new()
            .name("litrev-decisions".into())
            .spawn(move || {
                let mut failed = false;
                while let Ok(first) = rx.recv() {
                    let mut waiting = Vec::new();
                    let mut changed = false;
                    let mut take = |m: Msg, file: &mut File| match m {
                        Msg::Change(c) => {
                            if let Some(k) = c.drop {
                                file.rows.remove(&k);
                            }
                            if let Some(r) = c.add {
                                file.rows.insert((r.key.clone(), r.stage), r);
                            }
                            changed = true;
                        }
                        Msg::Flush(reply) => waiting.push(reply),
                    };
                    take(first, &mut file);
                    while let Ok(m) = rx.try_recv() {
                        take(m, &mut file);
                    }
                    // Once a write failed (the file changed on disk), later
                    // ones would fail the same way: say it once.
                    if changed
                        && !failed
                        && let Err(e) = file.save()
                    {
                        failed = true;
                        let _ = etx.send(e);
                    }
                    for w in waiting {
                        let _ = w.send(());
                    }
                }
            })?;
        Ok(Writer {
            tx: Some(tx),
            errors,
            handle: Some(handle),
        })
    }

    /// Queues a change.
    pub fn send(&self, c: Change) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Msg::Change(c));
        }
    }

    /// Waits until every change sent so far is on disk (or failed), at most
    /// `timeout`; false when it took longer.
    pub fn flush(&self, timeout: Duration) -> bool {
        let Some(tx) = &self.tx else { return true };
        let (rtx, rrx) = channel();
        if tx.send(Msg::Flush(rtx)).is_err() {
            return true;
        }
        rrx.recv_timeout(timeout).is_ok()
    }

    /// A write that failed since the last call, if any.
    pub fn error(&self) -> Option<String> {
        self.errors.try_recv().ok()
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Closing the channel ends the thread once it has written the rest.
        self.tx.take();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}
