//! Writes a synthetic review for benchmarks: `cargo run --release --example gen_review -- DIR N`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (
        args.next(),
        args.next().and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_review DIR N");
        return ExitCode::from(2);
    };
    match litrev::store::synth::write_review(&PathBuf::from(&dir), n) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_review: {dir}: {e}");
            ExitCode::from(2)
        }
    }
}
