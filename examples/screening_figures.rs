//! Screening figures on a review whose searches are already added, for
//! `scripts/screening-scale.sh`: the screening screen opened (the review and
//! every export read, duplicates merged, decisions read, first frame
//! drawn), then decisions one key at a time, each with the frame of the
//! next record, and peak memory.
//!
//! `cargo run --release --example screening_figures -- DIR [DECISIONS]`
//! (`DIR --decide K`: AB decides the first K records, to measure a screen
//! opened midway; `DIR --phases`: where the time of opening goes)
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
    status("VmHWM:")
}

/// A memory figure of /proc/self/status, in MiB.
fn status(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// CPU time (user + system, every thread) of this process so far, in ms
/// (Linux, clock ticks of 10 ms): on a busy machine fairer than wall time.
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let user: f64 = f.get(11)?.parse().ok()?;
    let sys: f64 = f.get(12)?.parse().ok()?;
    Some((user + sys) * 10.0)
}

/// CPU time of the calling thread so far, in ms (Linux: nanoseconds in
/// /proc/thread-self/schedstat), to tell a slow key from one that waited
/// for a core on a busy machine.
fn thread_cpu_ms() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}

/// Median, 99th percentile and worst of `v` (sorted here).
fn spread(v: &mut [f64]) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    let at = |i: usize| {
        v.get(i.min(v.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    (
        at(v.len() / 2),
        at(v.len() * 99 / 100),
        at(v.len().saturating_sub(1)),
    )
}

/// Presses `n` decision keys, drawing the next record after each; prints
/// the wall-clock and CPU figures.
fn decisions(
    app: &mut App,
    term: &mut Terminal<TestBackend>,
    n: usize,
    what: &str,
) -> Result<(), String> {
    let keys = ["i", "x", "x", "m", "x", "i", "x", "x"];
    let mut wall = Vec::with_capacity(n);
    let mut cpu = Vec::with_capacity(n);
    for k in 0..n {
        let c = thread_cpu_ms();
        let t = Instant::now();
        press(app, keys[k % keys.len()])?;
        term.draw(|f| render(f, app)).map_err(|e| e.to_string())?;
        wall.push(ms(t.elapsed()));
        if let (Some(a), Some(b)) = (c, thread_cpu_ms()) {
            cpu.push(b - a);
        }
    }
    let (m, p, w) = spread(&mut wall);
    let (cm, cp, cw) = spread(&mut cpu);
    println!(
        "decision + next record on screen{what} ({n} keys): median {m:.2} ms, 99th percentile {p:.2} ms, worst {w:.2} ms wall; CPU of the screen's thread median {cm:.2} ms, 99th percentile {cp:.2} ms, worst {cw:.2} ms"
    );
    Ok(())
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
    let second = args.next();
    if second.as_deref() == Some("--phases") {
        return phases(std::path::Path::new(&dir));
    }
    // `--decide K`: AB decides (excludes) the first K records, written to
    // their decisions file, as midway through screening; nothing else (a
    // run of its own, so that the screen's memory is measured alone).
    if second.as_deref() == Some("--decide") {
        let k: usize = args
            .next()
            .ok_or("--decide needs a number")?
            .parse()
            .map_err(|e| format!("{e}"))?;
        let mut s = litrev::screening::Screening::open(std::path::Path::new(&dir))?;
        let who = litrev::screening::Who::Reviewer("AB".into());
        for r in 0..k.min(s.records.len()) {
            let row = litrev::screening::Row {
                key: String::new(),
                stage: Stage::TitleAbstract,
                decision: litrev::screening::Decision::Exclude,
                reason: String::new(),
                note: String::new(),
                time: litrev::screening::decisions::utc(1_700_000_000 + r as u64),
                by: None,
                line: 0,
            };
            s.set(&who, r, Stage::TitleAbstract, Some(row))?;
        }
        s.save(&who)?;
        println!("{k} records decided by AB before the screen opens");
        return Ok(());
    }
    let n: usize = second
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
    let from = match app.screen() {
        litrev::tui::screen::Screen::Screening(v) => match v.s.from_cache {
            litrev::screening::records::cache::From::Cache => "records from the cache",
            litrev::screening::records::cache::From::ExportsCached => {
                "records read from the exports, cache written"
            }
            litrev::screening::records::cache::From::Exports => "records read from the exports",
        },
        _ => "",
    };
    println!(
        "open + first frame: {:.0} ms wall, {:.0} ms CPU ({from}), peak memory so far {:.0} MiB",
        ms(open),
        cpu_ms().unwrap_or(0.0),
        peak_mib().unwrap_or(0.0)
    );

    decisions(&mut app, &mut term, n, "")?;
    // The jump: the search index is built on the first `/`.
    let t = Instant::now();
    press(&mut app, "/")?;
    for c in "alliance trust".chars() {
        let k = if c == ' ' {
            "space".to_string()
        } else {
            c.to_string()
        };
        press(&mut app, &k)?;
    }
    press(&mut app, "enter")?;
    term.draw(|f| render(f, &app)).map_err(|e| e.to_string())?;
    println!(
        "jump: / then \"alliance trust\" typed, Enter, the record drawn (index built on the way): {:.0} ms",
        ms(t.elapsed())
    );
    if let Some(p) = peak_mib() {
        println!("peak memory so far (the model's thread still building its features): {p:.0} MiB");
    }
    // The ranking model: its features are built on its own thread while
    // the keys above were pressed; then it learns every decision.
    let ok = litrev::tui::screening::update::wait_for_model(&mut app, Duration::from_secs(1800));
    println!(
        "the model's ranking of every decision ready {:.1} s after the screen opened{}",
        t0.elapsed().as_secs_f64(),
        if ok { "" } else { " (gave up waiting)" }
    );
    decisions(&mut app, &mut term, 200, " with the model ranking")?;
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

/// Where the time of opening goes: reading the exports, merging
/// duplicates, the whole open (decisions included).
fn phases(dir: &std::path::Path) -> Result<(), String> {
    let config = litrev::screening::config::read(dir)?;
    let t = Instant::now();
    let (raws, _, texts) = litrev::screening::records::read_all(dir, &config.searches);
    let c = cpu_ms().unwrap_or(0.0);
    println!(
        "after reading: resident {:.0} MiB, peak {:.0} MiB",
        status("VmRSS:").unwrap_or(0.0),
        peak_mib().unwrap_or(0.0)
    );
    println!(
        "read {} records: {:.0} ms wall, {c:.0} ms CPU",
        raws.len(),
        ms(t.elapsed())
    );
    let t = Instant::now();
    let d = litrev::screening::dedupe::dedupe(raws, &[]);
    println!(
        "merge into {} records, {} possible duplicates: {:.0} ms wall, {:.0} ms CPU",
        d.records.len(),
        d.possible.len(),
        ms(t.elapsed()),
        cpu_ms().unwrap_or(0.0) - c
    );
    println!("peak memory so far: {:.0} MiB", peak_mib().unwrap_or(0.0));
    drop(d);
    drop(texts);
    use litrev::screening::records::cache::Use;
    for cache in [Use::Off, Use::ReadWrite, Use::ReadWrite] {
        let (t, c) = (Instant::now(), cpu_ms().unwrap_or(0.0));
        let s = litrev::screening::Screening::open_with(dir, cache)?;
        println!(
            "Screening::open ({:?}): {:.0} ms wall, {:.0} ms CPU ({} records)",
            s.from_cache,
            ms(t.elapsed()),
            cpu_ms().unwrap_or(0.0) - c,
            s.records.len()
        );
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
