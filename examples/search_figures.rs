//! The cost of each key of a typed query, searched afresh over every study
//! as the terminal interface searches it: wall time (median and fastest of
//! ROUNDS) and CPU time (user + system, both cores, per search), which is
//! fairer on a shared machine.
//!
//! `cargo run --release --example search_figures -- DIR QUERY [ROUNDS]`

use std::process::ExitCode;
use std::time::Instant;

use litrev::search::SearchIndex;
use litrev::store;

/// CPU time (user + system, every thread) of this process so far, in ms
/// (Linux; clock ticks of 10 ms).
fn cpu_ms() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let Some(rest) = stat.rfind(')').and_then(|i| stat.get(i + 2..)) else {
        return 0.0;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) * 10.0
}

fn run(dir: &str, query: &str, rounds: usize) -> Result<(), String> {
    let loaded = store::load_indexed(dir.as_ref()).map_err(|e| e.to_string())?;
    let index: SearchIndex = loaded.index.ok_or("no index")?;
    println!("{} studies, {rounds} rounds per key", index.len());
    let mut typed = String::new();
    for c in query.chars() {
        typed.push(c);
        let mut wall = Vec::with_capacity(rounds);
        let cpu0 = cpu_ms();
        let mut hits = 0;
        for _ in 0..rounds {
            let t0 = Instant::now();
            hits = index.search(&typed).len();
            wall.push(t0.elapsed().as_secs_f64() * 1000.0);
        }
        let cpu = (cpu_ms() - cpu0) / rounds as f64;
        wall.sort_by(f64::total_cmp);
        println!(
            "{typed:?}: {hits} hits; median {:.1} ms, fastest {:.1} ms, CPU {cpu:.1} ms",
            wall[wall.len() / 2],
            wall[0]
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(query)) = (args.first(), args.get(1)) else {
        eprintln!("usage: search_figures DIR QUERY [ROUNDS]");
        return ExitCode::from(2);
    };
    let rounds = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(10);
    match run(dir, query, rounds) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("search_figures: {e}");
            ExitCode::from(1)
        }
    }
}
