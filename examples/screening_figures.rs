//! Screening figures on a review whose searches are already added, for
//! `scripts/screening-scale.sh`: the screening screen opened (the review and
//! every export read, duplicates merged, decisions read, first frame
//! drawn), then decisions one key at a time, each with the frame of the
//! next record, and peak memory.
//!
//! `cargo run --release --example screening_figures -- DIR [DECISIONS]`
//! (one line per figure; wall-clock milliseconds).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use litrev::screening::Stage;
use litrev::tui::keymap::Key;
use litrev::tui::{App, Keymap, action_for_key, render, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyEvent;

fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn press(app: &mut App, k: &str) -> Result<(), String> {
    let key = Key::parse(k)?;
    let ev = KeyEvent::new(key.code, key.mods);
    if let Some(a) = action_for_key(app, &ev) {
        update(app, a);
    }
    Ok(())
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: screening_figures DIR [DECISIONS]")?;
    let n: usize = args
        .next()
        .map_or(Ok(500), |s| s.parse())
        .map_err(|e| format!("{e}"))?;
    let mut term = Terminal::new(TestBackend::new(120, 35)).map_err(|e| e.to_string())?;

    let t0 = Instant::now();
    let loaded =
        litrev::store::load_indexed(std::path::Path::new(&dir)).map_err(|e| e.to_string())?;
    let mut app = App::new(loaded, false, Keymap::defaults());
    update(&mut app, litrev::tui::Action::Resize(120, 35));
    litrev::tui::screening::update::open(&mut app, Some("AB"), Stage::TitleAbstract, true);
    if let Some(m) = app.message()
        && m.error
    {
        return Err(m.text.clone());
    }
    term.draw(|f| render(f, &app)).map_err(|e| e.to_string())?;
    let open = t0.elapsed();
    println!("open + first frame: {:.0} ms", ms(open));

    let keys = ["i", "x", "x", "m", "x", "i", "x", "x"];
    let mut times = Vec::with_capacity(n);
    for k in 0..n {
        let t = Instant::now();
        press(&mut app, keys[k % keys.len()])?;
        term.draw(|f| render(f, &app)).map_err(|e| e.to_string())?;
        times.push(ms(t.elapsed()));
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(0.0);
    let p99 = times.get(times.len() * 99 / 100).copied().unwrap_or(0.0);
    let worst = times.last().copied().unwrap_or(0.0);
    println!(
        "decision + next record on screen ({n} keys): median {median:.2} ms, 99th percentile {p99:.2} ms, worst {worst:.2} ms"
    );
    let t = Instant::now();
    press(&mut app, "q")?;
    println!(
        "quit (the decisions file written): {:.0} ms",
        ms(t.elapsed())
    );
    if let Some(p) = peak_mib() {
        println!("peak memory: {p:.0} MiB");
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("screening_figures: {e}");
            ExitCode::FAILURE
        }
    }
}
