//! SIGTERM, SIGHUP (a closed terminal window, a logout, a shutdown) and
//! SIGINT (`kill -INT`) end the interface the way quitting does: the
//! terminal is given back (main screen, mouse reporting and raw mode off)
//! and unsaved work goes to the recovery file ([`crate::review::recovery`]) first. A second signal while
//! that happens ends the program at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

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

/// The signal that arrived, if any.
#[derive(Debug, Clone)]
pub struct Signals {
    arrived: Arc<AtomicUsize>,
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
        Ok(Signals { arrived })
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

/// Waits for the next terminal event, looking for a signal every [`TICK`].
pub fn next(app: &App, signals: &Signals) -> anyhow::Result<Next> {
    loop {
        if let Some(sig) = signals.arrived() {
            return Ok(Next::Signal(sig));
        }
        // A hang-up may make the terminal unreadable: the signal comes first.
        let ready = event::poll(TICK);
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
