//! Parse time per study file, fast path against the full `toml_edit`
//! reader, on a review already on disk (one thread, files read first).
//!
//! `cargo run --release --example parse_figures -- DIR`

use std::process::ExitCode;
use std::time::Instant;

use litrev::model::Review;
use litrev::store::parse::{parse_study, parse_study_located};

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: parse_figures DIR");
        return ExitCode::from(2);
    };
    let review = match litrev::store::load(dir.as_ref()) {
        Ok(l) => l.review,
        Err(e) => {
            eprintln!("parse_figures: {e}");
            return ExitCode::from(2);
        }
    };
    let Ok(rd) = std::fs::read_dir(std::path::Path::new(&dir).join("studies")) else {
        eprintln!("parse_figures: no studies/ in {dir}");
        return ExitCode::from(2);
    };
    let files: Vec<(std::path::PathBuf, String)> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|s| (p, s)))
        .collect();
    let time = |name: &str, f: &dyn Fn(&std::path::Path, &str, &str, &Review) -> bool| {
        let t = Instant::now();
        let ok = files
            .iter()
            .filter(|(p, s)| {
                let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                f(p, s, stem, &review)
            })
            .count();
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        println!(
            "{name}: {ms:.0} ms for {} files ({:.1} µs each), {ok} read without a problem",
            files.len(),
            ms * 1000.0 / files.len().max(1) as f64
        );
    };
    time("parse_study (fast path first)", &|p, s, stem, r| {
        parse_study(p, s, Some(stem), r).problems.is_empty()
    });
    time("parse_study_located (toml_edit)", &|p, s, stem, r| {
        parse_study_located(p, s, Some(stem), r).problems.is_empty()
    });
    ExitCode::SUCCESS
}
