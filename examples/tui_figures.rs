//! Terminal-interface figures on a review already on disk, for
//! `scripts/bench.sh`: open + first frame, each search keystroke + the frame
//! after it (first key, typed keys, backspaces), and peak memory.
//!
//! `cargo run --release --example tui_figures -- DIR [QUERY] [ROUNDS]`
//! (prints one line per figure; times are wall-clock, in milliseconds).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use litrev::store;
use litrev::tui::action::TextEdit;
use litrev::tui::{Action, App, Keymap, render, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn draw(t: &mut Terminal<TestBackend>, app: &App) -> Result<(), String> {
    t.draw(|f| render(f, app))
        .map(|_| ())
        .map_err(|e| format!("draw: {e}"))
}

/// Peak resident memory of this process, from /proc (Linux), in MiB.
fn peak_mib() -> Option<f64> {
    status_mib("VmHWM:")
}

/// Resident memory of this process now, in MiB.
fn resident_mib() -> Option<f64> {
    status_mib("VmRSS:")
}

/// CPU time (user + system, every thread) this process has used, in ms,
/// from /proc/self/stat (Linux; clock ticks of 10 ms): on a shared machine
/// fairer than wall time.
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let user: f64 = f.get(11)?.parse().ok()?;
    let sys: f64 = f.get(12)?.parse().ok()?;
    Some((user + sys) * 10.0)
}

fn status_mib(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(name: &str, mut v: Vec<f64>) {
    v.sort_by(f64::total_cmp);
    let median = v.get(v.len() / 2).copied().unwrap_or(0.0);
    let max = v.last().copied().unwrap_or(0.0);
    println!(
        "{name}: median {median:.1} ms, max {max:.1} ms ({} samples)",
        v.len()
    );
}

/// `rounds` times: open the search box, type `query`, backspace it all,
/// close the box; one figure per kind of keystroke. With a search thread,
/// also the time from the keystroke to the frame with its result.
fn keystrokes(
    app: &mut App,
    t: &mut Terminal<TestBackend>,
    query: &str,
    rounds: usize,
    label: &str,
) -> Result<(), String> {
    let (mut first, mut typed, mut back) = (Vec::new(), Vec::new(), Vec::new());
    let mut results = Vec::new();
    let wait = Duration::from_secs(30);
    let mut key = |app: &mut App, action: Action, into: &mut Vec<f64>| -> Result<(), String> {
        let t0 = Instant::now();
        update(app, action);
        draw(t, app)?;
        into.push(ms(t0.elapsed()));
        if app.searching() {
            if !app.wait_for_search(wait) {
                return Err("the search thread did not answer".into());
            }
            draw(t, app)?;
            results.push(ms(t0.elapsed()));
        }
        Ok(())
    };
    for _ in 0..rounds {
        update(app, Action::Search);
        for (k, c) in query.chars().enumerate() {
            let into = if k == 0 { &mut first } else { &mut typed };
            key(app, Action::Insert(c), into)?;
        }
        for _ in 0..query.chars().count() {
            key(app, Action::Text(TextEdit::Backspace), &mut back)?;
        }
        update(app, Action::Cancel);
    }
    summary(&format!("keystroke + frame{label}, first key"), first);
    summary(&format!("keystroke + frame{label}, typed"), typed);
    summary(&format!("keystroke + frame{label}, backspace"), back);
    if !results.is_empty() {
        summary(
            &format!("keystroke to the frame with its result{label}"),
            results,
        );
    }
    Ok(())
}

fn run(dir: &str, query: &str, rounds: usize) -> Result<(), String> {
    let start = Instant::now();
    let loaded = store::load_indexed(dir.as_ref()).map_err(|e| e.to_string())?;
    let t_load = start.elapsed();
    let mut app = App::new(loaded, false, Keymap::defaults());
    let t_app = start.elapsed();
    update(&mut app, Action::Resize(120, 35));
    let t_resize = start.elapsed();
    let mut t = Terminal::new(TestBackend::new(120, 35)).map_err(|e| e.to_string())?;
    draw(&mut t, &app)?;
    println!("open + first frame: {:.1} ms", ms(start.elapsed()));
    println!(
        "  of which: load {:.1} ms, App::new {:.1} ms, resize {:.1} ms, first draw {:.1} ms",
        ms(t_load),
        ms(t_app - t_load),
        ms(t_resize - t_app),
        ms(start.elapsed() - t_resize)
    );
    // The index of a large review is folded in the background; the first
    // search waits for it, so time until it is done (once, by searching
    // for nothing).
    let t0 = Instant::now();
    let _ = app.session().index().search("");
    println!(
        "search index ready {:.1} ms after the first frame",
        ms(t0.elapsed())
    );
    if let Some(c) = cpu_ms() {
        println!("CPU time (user + system) to the first frame: {c:.0} ms");
    }
    if let Some(m) = peak_mib() {
        println!("peak memory after first frame: {m:.0} MiB");
    }
    if let Some(m) = resident_mib() {
        println!("resident memory after first frame: {m:.0} MiB");
    }
    keystrokes(&mut app, &mut t, query, rounds, "")?;
    // As the interface runs: searches on their own thread. The keystroke
    // returns at once (the frame shows the last finished result); the
    // result's own frame follows when the thread answers.
    app.search_in_background();
    keystrokes(&mut app, &mut t, query, rounds, " (search thread)")?;
    if let Some(c) = cpu_ms() {
        println!("CPU time (user + system) in all: {c:.0} ms");
    }
    if let Some(m) = peak_mib() {
        println!("peak memory: {m:.0} MiB");
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: tui_figures DIR [QUERY] [ROUNDS]");
        return ExitCode::from(2);
    };
    let query = args.get(1).map_or("allianc", String::as_str);
    let rounds = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    match run(dir, query, rounds) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tui_figures: {e}");
            ExitCode::from(2)
        }
    }
}
