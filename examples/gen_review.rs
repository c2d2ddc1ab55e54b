//! Writes a synthetic review for benchmarks: `cargo run --release --example gen_review -- DIR N`;
//! with `DESIGNS TAGS` after N, a review with that many design groups and
//! tags (the evidence map and report scaling figures).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (
        args.next(),
        args.next().and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_review DIR N [DESIGNS TAGS]");
        return ExitCode::from(2);
    };
    let wide = (
        args.next().and_then(|d| d.parse::<usize>().ok()),
        args.next().and_then(|t| t.parse::<usize>().ok()),
    );
    let written = match wide {
        (Some(d), Some(t)) => {
            litrev::store::synth::write_wide_review(&PathBuf::from(&dir), n, d, t)
        }
        _ => litrev::store::synth::write_review(&PathBuf::from(&dir), n),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_review: {dir}: {e}");
            ExitCode::from(2)
        }
    }
}
