//! Core benchmarks: load + tally, parsing the study files (fast path and
//! full reader), building the search index, and one search
//! keystroke, on synthetic reviews of 1 000 and 10 000 studies (or the
//! sizes in `LITREV_BENCH_SIZES`, comma-separated).
//!
//! `cargo bench --bench core` (results in target/criterion);
//! `LITREV_BENCH_SIZES=10000,100000 cargo bench --bench core` for 100 000.

use std::hint::black_box;

mod common;
use common::sizes;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use litrev::manuscript::tally::{By, tally};
use litrev::search::SearchIndex;
use litrev::store;
use litrev::store::parse::{parse_study, parse_study_located};
use litrev::store::synth;

fn bench(c: &mut Criterion) {
    for n in sizes(&[1_000, 10_000]) {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("tempdir: {e}"),
        };
        if let Err(e) = synth::write_review(dir.path(), n) {
            panic!("writing the synthetic review: {e}");
        }
        let mut g = c.benchmark_group(format!("{n} studies"));
        g.sample_size(10);
        g.bench_function("load + tally", |b| {
            b.iter(|| {
                let Ok(l) = store::load(dir.path()) else {
                    panic!("load failed")
                };
                let studies: Vec<_> = l.studies().collect();
                black_box(tally(&l.review, &studies, &By::Design, studies.len()))
            })
        });
        let Ok(loaded) = store::load(dir.path()) else {
            panic!("load failed")
        };
        g.bench_function("build search index", |b| {
            b.iter(|| black_box(SearchIndex::new(loaded.studies())))
        });
        // Parsing every study file (read beforehand, one thread): the
        // loader's fast path, and the full toml_edit reader it falls back to.
        let texts: Vec<(std::path::PathBuf, String)> = loaded
            .studies
            .iter()
            .map(|e| {
                (
                    dir.path()
                        .join("studies")
                        .join(format!("{}.toml", e.study.id)),
                    e.source.clone(),
                )
            })
            .collect();
        for (name, fast) in [
            ("parse every study (fast path)", true),
            ("parse every study (toml_edit)", false),
        ] {
            g.bench_function(name, |b| {
                b.iter(|| {
                    for (p, src) in &texts {
                        let stem = p.file_stem().and_then(|s| s.to_str());
                        let parsed = if fast {
                            parse_study(p, src, stem, &loaded.review)
                        } else {
                            parse_study_located(p, src, stem, &loaded.review)
                        };
                        black_box(parsed.study);
                    }
                })
            });
        }
        let index = SearchIndex::new(loaded.studies());
        g.sample_size(30);
        // Each keystroke of "allianc": the full search every key runs (a
        // grown term may match studies its prefix did not), and the narrowed
        // one a query that adds a term runs over the previous hits.
        let query = "allianc";
        for k in 1..=query.len() {
            let q = &query[..k];
            g.bench_with_input(BenchmarkId::new("keystroke full", q), q, |b, q| {
                b.iter(|| black_box(index.search(q)))
            });
        }
        let prev: Vec<usize> = index.search("allianc").iter().map(|h| h.index).collect();
        g.bench_function("keystroke narrowed allianc→allianc m", |b| {
            b.iter(|| black_box(index.search_among("allianc m", prev.iter().copied())))
        });
        g.bench_function("keystroke full \"alliance trsut\" (a typing error)", |b| {
            b.iter(|| black_box(index.search("alliance trsut")))
        });
        g.bench_function("keystroke full \"muller 2015\"", |b| {
            b.iter(|| black_box(index.search("muller 2015")))
        });
        g.finish();
        appraised(c, n);
    }
}

/// The same size with two RoB 2 appraisals per study, as a finished review
/// holds them: load + tally as the command line loads (fingerprints, not
/// texts), and parsing every study file.
fn appraised(c: &mut Criterion, n: usize) {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    };
    if let Err(e) = synth::write_review_appraised(dir.path(), n) {
        panic!("writing the synthetic review: {e}");
    }
    let mut g = c.benchmark_group(format!("{n} appraised studies"));
    g.sample_size(10);
    g.bench_function("load + tally", |b| {
        b.iter(|| {
            let Ok(l) = store::load_fingerprinted(dir.path()) else {
                panic!("load failed")
            };
            let studies: Vec<_> = l.studies().collect();
            black_box(tally(&l.review, &studies, &By::Design, studies.len()))
        })
    });
    let Ok(loaded) = store::load(dir.path()) else {
        panic!("load failed")
    };
    let texts: Vec<(std::path::PathBuf, String)> = loaded
        .studies
        .iter()
        .map(|e| (format!("{}.toml", e.study.id).into(), e.source.clone()))
        .collect();
    for (name, fast) in [
        ("parse every study (fast path)", true),
        ("parse every study (toml_edit)", false),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                for (p, src) in &texts {
                    let stem = p.file_stem().and_then(|s| s.to_str());
                    let parsed = if fast {
                        parse_study(p, src, stem, &loaded.review)
                    } else {
                        parse_study_located(p, src, stem, &loaded.review)
                    };
                    black_box(parsed.study);
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
