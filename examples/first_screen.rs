//! How soon the terminal interface shows a usable screen, as `litrev` opens
//! a review (`tui::run`): the review read on a thread of its own, its first
//! studies drawn as soon as they are read, the rest filled in when all are.
//! For a cold start, drop the page cache first (as root:
//! `sync; echo 3 > /proc/sys/vm/drop_caches`).
//!
//! `cargo run --release --example first_screen -- DIR`

use std::process::ExitCode;
use std::time::{Duration, Instant};

use litrev::store::Loading;
use litrev::tui::{Action, App, Keymap, render, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn draw(t: &mut Terminal<TestBackend>, app: &App) -> Result<(), String> {
    t.draw(|f| render(f, app))
        .map(|_| ())
        .map_err(|e| format!("draw: {e}"))
}

/// The screen's status line (the counts), for the record.
fn status(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let y = buf.area.height.saturating_sub(2);
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol())
        .collect::<String>()
        .trim()
        .to_string()
}

fn run(dir: &str) -> Result<(), String> {
    let start = Instant::now();
    let loading = Loading::start(dir.as_ref()).map_err(|e| e.to_string())?;
    let mut t = Terminal::new(TestBackend::new(120, 35)).map_err(|e| e.to_string())?;
    let mut early = None;
    while !loading.is_done() {
        if let Some(first) = loading.take_first() {
            let mut app = App::new(first, false, Keymap::defaults());
            app.set_loading(Some(loading.counts()));
            update(&mut app, Action::Resize(120, 35));
            draw(&mut t, &app)?;
            println!(
                "first screen, while loading: {:.1} ms ({})",
                ms(start.elapsed()),
                status(&t)
            );
            early = Some(app);
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let loaded = loading.finish().map_err(|e| e.to_string())?;
    let mut app = match early {
        Some(mut app) => {
            app.finish_loading(loaded);
            app
        }
        None => App::new(loaded, false, Keymap::defaults()),
    };
    update(&mut app, Action::Resize(120, 35));
    draw(&mut t, &app)?;
    println!(
        "whole review on screen: {:.1} ms ({})",
        ms(start.elapsed()),
        status(&t)
    );
    Ok(())
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: first_screen DIR");
        return ExitCode::from(2);
    };
    match run(&dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("first_screen: {e}");
            ExitCode::from(1)
        }
    }
}
