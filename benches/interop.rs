//! Import benchmarks: a generated 10 000-record RIS file read and planned
//! for an empty review, and duplicate detection of 10 000 records against a
//! 10 000-study review (read and plan). Writing the files is timed end to
//! end with the release binary by `scripts/import-bench.sh` (see
//! docs/performance.md): every file is fsynced, so that figure is the disk's.
//!
//! `cargo bench --bench interop` (results in target/criterion).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use litrev::interop::{self, Format, plan};
use litrev::store::{self, synth};

const N: usize = 10_000;

/// `n` RIS records with accented authors, DOIs and abstracts; every other
/// one repeats a title and year of `known` when given.
fn ris(n: usize, known: &[(String, Option<i32>)]) -> String {
    let mut s = String::new();
    for i in 0..n {
        let (title, year) = match known.get(i).filter(|_| i % 2 == 0) {
            Some((t, y)) => (t.clone(), y.unwrap_or(2000)),
            None => (
                format!("Generated record {i} on rehabilitation after stroke"),
                1990 + (i % 35) as i32,
            ),
        };
        let _ = write!(
            s,
            "TY  - JOUR\r\nTI  - {title}\r\nAU  - Sørensen{}, Åse\r\nAU  - Müller J.\r\nPY  - {year}//\r\nT2  - Journal of Tests\r\nVL  - {}\r\nSP  - {}\r\nEP  - {}\r\nDO  - https://doi.org/10.5555/gen.{i}\r\nAB  - An abstract of record {i}, long enough to matter.\r\nKW  - stroke\r\nER  - \r\n\r\n",
            i % 97,
            i % 40,
            i % 900,
            i % 900 + 9
        );
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    let text = ris(N, &[]);
    g.bench_function(
        "read and plan 10 000 RIS records for an empty review",
        |b| {
            b.iter(|| {
                let parsed = interop::read(&interop::decode(text.as_bytes()), Format::Ris);
                let p = plan::plan(&[], &HashSet::new(), vec![("refs.ris".into(), parsed)]);
                assert_eq!(p.new.len(), N);
                black_box(p)
            })
        },
    );
    let Ok(tmp) = tempfile::tempdir() else {
        panic!("tempdir")
    };
    if let Err(e) = synth::write_review(tmp.path(), N) {
        panic!("writing the synthetic review: {e}");
    }
    let Ok(loaded) = store::load(tmp.path()) else {
        panic!("load")
    };
    let known: Vec<(String, Option<i32>)> = loaded
        .studies()
        .map(|s| (s.title.clone(), s.year))
        .collect();
    let text = ris(N, &known);
    g.bench_function("duplicates of 10 000 records against 10 000 studies", |b| {
        b.iter(|| {
            let parsed = interop::read(&interop::decode(text.as_bytes()), Format::Ris);
            let existing: Vec<_> = loaded.studies().collect();
            let taken: HashSet<String> = existing.iter().map(|s| s.id.clone()).collect();
            let p = plan::plan(&existing, &taken, vec![("refs.ris".into(), parsed)]);
            assert!(p.duplicates.len() >= N / 2 - 50, "{}", p.duplicates.len());
            black_box(p)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
