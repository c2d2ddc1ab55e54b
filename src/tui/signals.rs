//! SIGTERM, SIGHUP (a closed terminal window, a logout, a shutdown) and
//! SIGINT (`kill -INT`) end the interface the way quitting does: the
//! terminal is given back (main screen, mouse reporting and raw mode off)
//! and unsaved work goes to the recovery file ([`crate::store::recovery`]) first. A second signal while
//! that happens ends the program at once.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::store::recovery::{self, Recovered, Recovery};

use anyhow::Context;
use ratatui::crossterm::event;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use super::action::Action;
use super::app::App;
use super::input::action_for_event;

/// The signals that end the interface (SIGINT from `kill -INT`: in the
/// interface Ctrl-C is a key, not a signal).
pub const SIGNALS: [i32; 3] = [SIGTERM, SIGHUP, SIGINT];

/// How often the event loop looks for a signal while no key comes.
const TICK: Duration = Duration::from_millis(100);

/// How long the watchdog gives the event loop to notice a signal before it
/// keeps the unsaved work and ends the program itself.
const GRACE: Duration = Duration::from_millis(1500);

/// The signal that arrived, if any.
#[derive(Debug, Clone)]
pub struct Signals {
    arrived: Arc<AtomicUsize>,
    /// Set once the event loop has taken the signal in hand.
    handled: Arc<AtomicBool>,
    /// The unsaved work as of the last action, for the watchdog.
    work: Arc<Mutex<Vec<Recovered>>>,
}

impl Signals {
    /// Starts listening for [`SIGNALS`].
    pub fn listen() -> std::io::Result<Signals> {
        let arrived = Arc::new(AtomicUsize::new(0));
        let again = Arc::new(AtomicBool::new(false));
        for sig in SIGNALS {
            // Order matters: the second signal finds `again` set and exits.
            signal_hook::flag::register_conditional_shutdown(sig, 128 + sig, Arc::clone(&again))?;
            signal_hook::flag::register(sig, Arc::clone(&again))?;
            signal_hook::flag::register_usize(sig, Arc::clone(&arrived), sig as usize)?;
        }
        Ok(Signals {
            arrived,
            handled: Arc::new(AtomicBool::new(false)),
            work: Arc::new(Mutex::new(Vec::new())),
        })
    }

    /// Notes the unsaved work after an action, for the watchdog.
    pub fn remember(&self, work: Vec<Recovered>) {
        if let Ok(mut w) = self.work.lock() {
            *w = work;
        }
    }

    /// The event loop has taken the signal in hand.
    pub fn handled(&self) {
        self.handled.store(true, Ordering::SeqCst);
    }

    /// Starts the watchdog. When the terminal hangs up (a closed window),
    /// reading it can spin inside crossterm without ever returning to the
    /// event loop, so the loop never sees the SIGHUP. If the loop has not
    /// taken a signal in hand within [`GRACE`], the watchdog keeps the
    /// unsaved work (as of the last action) in the recovery file, gives the
    /// terminal back as far as it still can, and ends the program.
    pub fn watch(&self, root: PathBuf) {
        let me = self.clone();
        std::thread::spawn(move || {
            let sig = loop {
                std::thread::sleep(Duration::from_millis(50));
                if let Some(sig) = me.arrived() {
                    break sig;
                }
            };
            std::thread::sleep(GRACE);
            if me.handled.load(Ordering::SeqCst) {
                return;
            }
            let work = me.work.lock().map(|w| w.clone()).unwrap_or_default();
            if !work.is_empty() {
                let _ = recovery::write(&root, &Recovery::new(&name(sig), work));
            }
            super::restore_terminal();
            std::process::exit(128 + sig);
        });
    }

    /// The signal that arrived, if one did.
    pub fn arrived(&self) -> Option<i32> {
        match self.arrived.load(Ordering::SeqCst) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }
}

/// The name of a signal, as the recovery file and messages give it.
pub fn name(sig: i32) -> String {
    match sig {
        SIGTERM => "SIGTERM".into(),
        SIGHUP => "SIGHUP".into(),
        SIGINT => "SIGINT".into(),
        n => format!("signal {n}"),
    }
}

/// What the loop waited for.
pub enum Next {
    /// A terminal event and what it means.
    Action(Option<Action>),
    /// A signal arrived: stop.
    Signal(i32),
}

/// How often the loop looks for a background search's answer while one is
/// running (an answer is drawn at most this late).
const SEARCH_TICK: Duration = Duration::from_millis(2);

/// Waits for the next terminal event, looking for a signal every [`TICK`];
/// `Action(None)` when a background search's answer is waiting to be drawn.
pub fn next(app: &App, signals: &Signals) -> anyhow::Result<Next> {
    next_within(app, signals, None)
}

/// [`next`], but `Action(None)` once `wait` has passed without an event
/// (while a review is still loading, its progress is drawn meanwhile).
pub fn next_within(app: &App, signals: &Signals, wait: Option<Duration>) -> anyhow::Result<Next> {
    let until = wait.map(|w| std::time::Instant::now() + w);
    // The screening screen's status line says how long ago the model
    // retrained: drawn again every second.
    let redraw = app
        .ranking_shown()
        .then(|| std::time::Instant::now() + Duration::from_secs(1));
    loop {
        if until.is_some_and(|u| std::time::Instant::now() >= u)
            || redraw.is_some_and(|u| std::time::Instant::now() >= u)
        {
            return Ok(Next::Action(None));
        }
        if let Some(sig) = signals.arrived() {
            return Ok(Next::Signal(sig));
        }
        if app.search_answer_waiting() || app.disk_change_waiting() || app.ranking_waiting() {
            return Ok(Next::Action(None));
        }
        let tick = if app.searching() { SEARCH_TICK } else { TICK };
        // A hang-up may make the terminal unreadable: the signal comes first.
        let ready = event::poll(tick);
        if let Some(sig) = signals.arrived() {
            return Ok(Next::Signal(sig));
        }
        if ready.context("cannot read from the terminal")? {
            let ev = event::read();
            if let Some(sig) = signals.arrived() {
                return Ok(Next::Signal(sig));
            }
            let ev = ev.context("cannot read from the terminal")?;
            return Ok(Next::Action(action_for_event(app, ev)));
        }
    }
}
