//! Figures of a huge import and its undo in the terminal interface, for
//! docs/reliability.md: N records imported through the import screen as one
//! batch, then `u`, each timed (wall clock) as the interface runs them,
//! with the files on disk counted after each step.
//!
//! `cargo run --release --example undo_figures -- N [EXISTING]`
//! (N records into a review of EXISTING other studies, default 0.)

use std::process::ExitCode;
use std::time::Instant;

use litrev::tui::keymap::Key;
use litrev::tui::{App, Keymap, action_for_key, update};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, code: KeyCode) {
    let ev = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(a) = action_for_key(app, &ev) {
        update(app, a);
    }
}

fn keys(app: &mut App, keys: &str) -> Result<(), String> {
    for k in keys.split(' ').filter(|k| !k.is_empty()) {
        let key = Key::parse(k).map_err(|e| format!("{k}: {e:?}"))?;
        let ev = KeyEvent::new(key.code, key.mods);
        if let Some(a) = action_for_key(app, &ev) {
            update(app, a);
        }
    }
    Ok(())
}

/// CPU time (user + system, every thread) this process has used, in
/// seconds, from /proc/self/stat (Linux; ticks of 10 ms): on a shared,
/// busy machine fairer than wall time, which waits on the disk.
fn cpu_s() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    let Some(rest) = stat.rfind(')').and_then(|i| stat.get(i + 2..)) else {
        return f64::NAN;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| {
        f.get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    (tick(11) + tick(12)) / 100.0
}

/// Runs `step`, returning (wall seconds, CPU seconds).
fn timed(step: impl FnOnce() -> Result<(), String>) -> Result<(f64, f64), String> {
    let (t, c) = (Instant::now(), cpu_s());
    step()?;
    Ok((t.elapsed().as_secs_f64(), cpu_s() - c))
}

fn study_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir.join("studies"))
        .map(|rd| {
            rd.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".toml"))
            })
            .count()
        })
        .unwrap_or(0)
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .ok_or("usage: undo_figures N [EXISTING]")?;
    let existing: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = tmp.path().join("review");
    litrev::store::synth::write_review(&dir, existing).map_err(|e| e.to_string())?;
    let mut ris = String::new();
    for i in 0..n {
        ris.push_str(&format!(
            "TY  - JOUR\nTI  - Imported record {i} on rehabilitation after stroke\nAU  - Sørensen{}, Åse\nPY  - {}\nDO  - 10.5555/undo.{i}\nAB  - An abstract of record {i}.\nER  - \n\n",
            i % 97,
            1990 + i % 35
        ));
    }
    let file = tmp.path().join("big.ris");
    std::fs::write(&file, ris).map_err(|e| e.to_string())?;

    let loaded = litrev::store::load_indexed(&dir).map_err(|e| e.to_string())?;
    let mut app = App::new(loaded, false, Keymap::defaults());
    // As the interface runs: removed files are deleted on a thread.
    app.clean_up_in_background();
    update(&mut app, litrev::tui::Action::Resize(120, 35));
    println!(
        "review of {existing} studies, {n} records to import (load average {})",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split(' ')
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );

    keys(&mut app, "i")?;
    for c in file.display().to_string().chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let (pw, pc) = timed(|| keys(&mut app, "enter"))?;
    let (iw, ic) = timed(|| keys(&mut app, "enter"))?;
    let message = app.message().map(|m| m.text.clone()).unwrap_or_default();
    println!(
        "import: preview {pw:.2} s (CPU {pc:.2} s), write {iw:.2} s (CPU {ic:.2} s), {} study files ({message})",
        study_files(&dir)
    );
    let (uw, uc) = timed(|| keys(&mut app, "u"))?;
    let message = app.message().map(|m| m.text.clone()).unwrap_or_default();
    println!(
        "undo: {uw:.2} s (CPU {uc:.2} s), {} study files left ({message})",
        study_files(&dir)
    );
    let (rw, rc) = timed(|| keys(&mut app, "ctrl-r"))?;
    println!(
        "redo: {rw:.2} s (CPU {rc:.2} s), {} study files",
        study_files(&dir)
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("undo_figures: {e}");
            ExitCode::from(2)
        }
    }
}
