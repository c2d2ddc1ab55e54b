//! The terminal interface: ratatui's Elm architecture.
//!
//! Every key, mouse event and resize becomes an [`Action`]; [`update`] makes
//! every state change in [`App`]; [`render`] only reads it. The event loop
//! here owns the terminal and performs the few [`Effect`]s that need it:
//! suspending for `$EDITOR` and writing to the clipboard.

pub mod action;
pub mod app;
pub mod appraise;
pub mod config;
pub mod content;
pub mod form;
pub mod import;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod recover;
pub mod screen;
pub mod screening;
pub mod signals;
pub mod strings;
pub mod textbuf;
pub use view::theme;
pub mod update;
pub mod view;
pub mod wrap;

use std::io;
use std::path::Path;

use anyhow::Context;
use ratatui::crossterm::clipboard::CopyToClipboard;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

pub use action::Action;
pub use app::{App, Effect, Mode};
pub use input::{action_for_key, action_for_mouse};
pub use keymap::Keymap;
pub use update::update;
pub use view::render;

/// How the interface ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A signal (SIGTERM, SIGHUP, SIGINT) stopped it; `kept` says where the unsaved
    /// work went, or why it could not be kept (`None`: there was none).
    Signal {
        signal: i32,
        kept: Option<Result<std::path::PathBuf, String>>,
    },
}

/// Opens the terminal interface on the review at `root`. `scratch` is true
/// when `root` is a throw-away copy of the bundled example.
pub fn run(root: &Path, scratch: bool) -> anyhow::Result<Ended> {
    run_on(root, scratch, None)
}

/// Opens the screening screen on the review at `root` (`litrev screen`), as
/// `reviewer` (else the initials of the user's config.toml), at `stage`,
/// the records in `order`; closing it quits.
pub fn run_screening(
    root: &Path,
    reviewer: Option<&str>,
    stage: crate::screening::Stage,
    order: crate::screening::rank::ranker::Order,
) -> anyhow::Result<Ended> {
    run_on(root, false, Some((reviewer, stage, order)))
}

fn run_on(
    root: &Path,
    scratch: bool,
    screening: Option<(
        Option<&str>,
        crate::screening::Stage,
        crate::screening::rank::ranker::Order,
    )>,
) -> anyhow::Result<Ended> {
    let loading = crate::store::Loading::start(root).context("cannot start reading the review")?;
    let config = Keymap::config_dir();
    let (keymap, keymap_error) = Keymap::load(config.as_deref());
    let signals =
        signals::Signals::listen().context("cannot listen for SIGTERM, SIGHUP and SIGINT")?;
    // A large review off a cold disk: its first studies on screen while
    // the rest are read (see `while_loading`).
    let mut terminal = None;
    let mut early = None;
    while !loading.is_done() {
        if early.is_none()
            && let Some(first) = loading.take_first()
        {
            let mut app = App::new(first, scratch, keymap.clone());
            app.set_loading(Some(loading.counts()));
            early = Some(app);
            let t = ratatui::init();
            install_mouse_panic_hook();
            let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
            terminal = Some(t);
        }
        match (&mut terminal, &mut early) {
            (Some(t), Some(app)) => {
                if let Some(stop) = while_loading(t, app, &loading, &signals)? {
                    restore_terminal();
                    return Ok(stop);
                }
            }
            _ => std::thread::sleep(std::time::Duration::from_millis(5)),
        }
    }
    // The load error names its cause itself; as an anyhow chain it would
    // print the cause twice ("Not a directory: Not a directory").
    let loaded = loading.finish().map_err(|e| {
        if terminal.is_some() {
            restore_terminal();
        }
        anyhow::anyhow!("{e}")
    })?;
    let mut app = match early {
        Some(mut app) => {
            app.finish_loading(loaded);
            app
        }
        None => App::new(loaded, scratch, keymap),
    };
    app.search_in_background();
    if let Some(dir) = &config {
        app.set_keymap_path(dir.join("keymap.toml"));
        app.set_config_dir(dir.clone());
    }
    if let Some(e) = keymap_error {
        app.set_keymap_error(e);
    }
    // What git says of the review, then its changes as they happen.
    app.read_git_state();
    app.watch_disk();
    if let Some((reviewer, stage, order)) = screening {
        screening::update::open(&mut app, reviewer, stage, true);
        screening::update::set_order(&mut app, order);
        if !matches!(app.screen(), screen::Screen::Screening(_)) {
            let why = app.message().map(|m| m.text.clone()).unwrap_or_default();
            anyhow::bail!("{why}");
        }
    }
    recover::offer(&mut app);
    signals.remember(recover::unsaved_work(&app));
    signals.watch(app.root().to_path_buf());

    let mut terminal = match terminal {
        Some(t) => t,
        None => {
            let t = ratatui::init();
            install_mouse_panic_hook();
            let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
            t
        }
    };
    let result = event_loop(&mut terminal, &mut app, &signals);
    // After a signal the unsaved work is kept before the terminal is given
    // back (a closed window may not take the restoring bytes).
    let result = result.map(|stop| match stop {
        None => Ended::Quit,
        Some(signal) => Ended::Signal {
            signal,
            kept: recover::keep_unsaved(&app, &signals::name(signal)),
        },
    });
    restore_terminal();
    result
}

/// Draws the first studies of a review still being read, with how far the
/// reading has come, until it is read: moving about them works, anything
/// else waits for the whole review. `Some` when the user quit or a signal
/// arrived meanwhile.
fn while_loading(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    loading: &crate::store::Loading,
    signals: &signals::Signals,
) -> anyhow::Result<Option<Ended>> {
    if let Ok(size) = terminal.size() {
        update(app, Action::Resize(size.width, size.height));
    }
    while !loading.is_done() {
        app.set_loading(Some(loading.counts()));
        terminal
            .draw(|f| render(f, app))
            .context("cannot draw on the terminal")?;
        let wait = Some(std::time::Duration::from_millis(100));
        match signals::next_within(app, signals, wait)? {
            signals::Next::Signal(signal) => {
                signals.handled();
                // Nothing is edited before the review is read.
                return Ok(Some(Ended::Signal { signal, kept: None }));
            }
            signals::Next::Action(Some(action)) if action.while_loading() => {
                update(app, action);
                if app.should_quit() {
                    return Ok(Some(Ended::Quit));
                }
            }
            signals::Next::Action(_) => {}
        }
    }
    Ok(None)
}

/// Gives the terminal back: mouse reporting and bracketed paste off, raw
/// mode off, the main screen.
pub(crate) fn restore_terminal() {
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
}

/// Makes a panic also turn mouse reporting and bracketed paste off (ratatui's own hook restores
/// raw mode and the main screen, then prints the report).
fn install_mouse_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        previous(info);
    }));
}

/// Runs until the user quits (`None`) or a signal arrives (`Some`).
fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    signals: &signals::Signals,
) -> anyhow::Result<Option<i32>> {
    let size = terminal.size().context("cannot read the terminal size")?;
    update(app, Action::Resize(size.width, size.height));
    loop {
        signals.remember(recover::unsaved_work(app));
        // A search finished on its thread since the last frame.
        update::search_answers(app);
        // The screening model ranked the records again since the last frame.
        screening::update::tick(app);
        // Others changed the review on disk: shown without a key press.
        if let Some(change) = app.take_disk_change() {
            update(app, Action::DiskChanged(change));
        }
        terminal
            .draw(|f| render(f, app))
            .context("cannot draw on the terminal")?;
        if app.should_quit() {
            return Ok(None);
        }
        let action = match signals::next(app, signals)? {
            signals::Next::Signal(sig) => {
                signals.handled();
                return Ok(Some(sig));
            }
            signals::Next::Action(Some(action)) => action,
            signals::Next::Action(None) => continue,
        };
        update(app, action);
        while let Some(effect) = app.take_effect() {
            match effect {
                Effect::Clipboard(text) => copy_to_clipboard(&text),
                Effect::Editor { id, text } => {
                    let result = run_editor(terminal, &id, &text);
                    // The window may have been resized while the editor ran.
                    if let Ok(size) = terminal.size() {
                        update(app, Action::Resize(size.width, size.height));
                    }
                    update(app, Action::EditorDone(result));
                }
            }
        }
    }
}

/// Asks the terminal to put `text` on the clipboard (OSC 52). Terminals
/// that do not support it ignore the request; the sentence is also in a file.
fn copy_to_clipboard(text: &str) {
    let _ = execute!(io::stdout(), CopyToClipboard::to_clipboard_from(text));
}

/// Suspends the interface, edits a copy of the study in `$VISUAL`/`$EDITOR`
/// (default `vi`), and returns the edited text.
fn run_editor(
    terminal: &mut ratatui::DefaultTerminal,
    id: &str,
    text: &str,
) -> Result<String, String> {
    let file = tempfile::Builder::new()
        .prefix(&format!("{id}-"))
        .suffix(".toml")
        .tempfile()
        .map_err(|e| format!("cannot create a temporary file: {e}"))?;
    std::fs::write(file.path(), text).map_err(|e| format!("{}: {e}", file.path().display()))?;
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string());

    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen
    );
    let _ = disable_raw_mode();
    // The editor command may carry arguments ("code --wait"), so let the shell split it.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status();
    let _ = enable_raw_mode();
    let _ = execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    );
    let _ = terminal.clear();

    match status {
        Ok(s) if s.success() => std::fs::read_to_string(file.path())
            .map_err(|e| format!("{}: {e}", file.path().display())),
        Ok(s) => Err(format!("{editor} exited with {s}")),
        Err(e) => Err(format!("{editor}: {e}")),
    }
}
