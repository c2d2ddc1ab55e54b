//! Terminal-interface benchmarks on synthetic reviews (10 000 studies
//! unless `LITREV_BENCH_SIZES` says otherwise, e.g. `10000,100000`):
//! opening one and drawing the first frame, one search keystroke through
//! `update` plus the frame after it, scrolling one row, and the evidence
//! map (opening it, changing a dimension, moving over 500 columns).
//!
//! `cargo bench --bench tui` (results in target/criterion);
//! `LITREV_BENCH_SIZES=10000,100000 cargo bench --bench tui` adds 100 000.

use std::hint::black_box;

mod common;
use common::sizes;

use criterion::{Criterion, criterion_group, criterion_main};
use litrev::store::{self, synth};
use litrev::tui::action::TextEdit;
use litrev::tui::{Action, App, Keymap, render, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn terminal() -> Terminal<TestBackend> {
    match Terminal::new(TestBackend::new(120, 35)) {
        Ok(t) => t,
        Err(e) => panic!("test backend: {e}"),
    }
}

fn draw(t: &mut Terminal<TestBackend>, app: &App) {
    if let Err(e) = t.draw(|f| render(f, app)) {
        panic!("draw: {e}");
    }
}

fn bench(c: &mut Criterion) {
    for n in sizes(&[10_000]) {
        bench_size(c, n);
    }
}

fn bench_size(c: &mut Criterion, n: usize) {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    };
    if let Err(e) = synth::write_review(dir.path(), n) {
        panic!("writing the synthetic review: {e}");
    }
    let mut g = c.benchmark_group(format!("tui {n} studies"));
    g.sample_size(10);
    g.bench_function("open + first frame", |b| {
        b.iter(|| {
            let Ok(loaded) = store::load_indexed(dir.path()) else {
                panic!("load failed")
            };
            let mut app = App::new(loaded, false, Keymap::defaults());
            update(&mut app, Action::Resize(120, 35));
            let mut t = terminal();
            draw(&mut t, &app);
            black_box(app.visible_ids().len())
        })
    });

    let Ok(loaded) = store::load_indexed(dir.path()) else {
        panic!("load failed")
    };
    let mut app = App::new(loaded, false, Keymap::defaults());
    update(&mut app, Action::Resize(120, 35));
    let mut t = terminal();
    g.sample_size(50);
    // Type "allianc" one key at a time, then clear: each iteration measures
    // one keystroke's update and the frame drawn after it.
    let query: Vec<char> = "allianc".chars().collect();
    let mut k = 0usize;
    update(&mut app, Action::Search);
    g.bench_function("search keystroke + frame", |b| {
        b.iter_custom(|iters| {
            let mut spent = std::time::Duration::ZERO;
            for _ in 0..iters {
                if k == query.len() {
                    // Clearing the query is not part of the measurement.
                    for _ in 0..query.len() {
                        update(&mut app, Action::Text(TextEdit::Backspace));
                    }
                    k = 0;
                }
                let start = std::time::Instant::now();
                update(&mut app, Action::Insert(query[k]));
                draw(&mut t, &app);
                spent += start.elapsed();
                k += 1;
            }
            spent
        })
    });
    update(&mut app, Action::Cancel);
    g.bench_function("scroll one row + frame", |b| {
        b.iter(|| {
            update(&mut app, Action::Down);
            draw(&mut t, &app);
        })
    });
    // The evidence map: opening it (design × tag), and with the sample
    // size (some 500 distinct values) across, one step right and the frame
    // after it (the grid scrolls sideways).
    update(&mut app, Action::Close);
    g.bench_function("map: open + frame", |b| {
        b.iter(|| {
            update(&mut app, Action::Map);
            draw(&mut t, &app);
            update(&mut app, Action::Close);
        })
    });
    update(&mut app, Action::Map);
    // tag -> year -> year band -> appraisal -> country -> setting -> sample size
    for _ in 0..6 {
        update(&mut app, Action::NextCols);
    }
    g.bench_function("map: next columns dimension + frame", |b| {
        b.iter(|| {
            update(&mut app, Action::PrevCols);
            update(&mut app, Action::NextCols);
            draw(&mut t, &app);
        })
    });
    g.bench_function("map 500 columns: move right + frame", |b| {
        b.iter(|| {
            update(&mut app, Action::Right);
            draw(&mut t, &app);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
