//! Writes a synthetic review for benchmarks:
//! `cargo run --release --example gen_review -- DIR N [--appraised]`
//! (`--appraised`: every study with two RoB 2 appraisals, as litrev writes them;
//! `--varied`: two AMSTAR 2 appraisals of sixteen random answers, which hardly
//! ever repeat);
//! with `DESIGNS TAGS` after N, a review with that many design groups and
//! tags (the evidence map and report scaling figures).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let appraised = args.iter().any(|a| a == "--appraised");
    let varied = args.iter().any(|a| a == "--varied");
    let mut plain = args.iter().filter(|a| !a.starts_with("--"));
    let (Some(dir), Some(n)) = (
        plain.next(),
        plain.next().and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_review DIR N [DESIGNS TAGS] [--appraised | --varied]");
        return ExitCode::from(2);
    };
    let wide = (
        plain.next().and_then(|d| d.parse::<usize>().ok()),
        plain.next().and_then(|t| t.parse::<usize>().ok()),
    );
    let dir = PathBuf::from(dir);
    let written = match wide {
        (Some(d), Some(t)) => litrev::store::synth::write_wide_review(&dir, n, d, t),
        _ if appraised => litrev::store::synth::write_review_appraised(&dir, n),
        _ if varied => litrev::store::synth::write_review_varied(&dir, n),
        _ => litrev::store::synth::write_review(&dir, n),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_review: {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}
