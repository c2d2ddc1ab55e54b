//! One retraining step of the screening model (issue budget: ≤ 1 ms at
//! 2 000 records, ≤ 1 s at 100 000, on two cores): the model, trained
//! on the decisions so far, learns one more decision, scores every
//! unscreened record and ranks them (what the ranker's thread does after
//! each key press). Synthetic records: Zipf-distributed words from a
//! 20 000-word vocabulary, 150–250 words of abstract, a 10-word title and
//! 8 keywords; one in ten records relevant, its words drawn partly from a
//! topic of its own. Half the records are decided at 2 000 (1 000
//! decisions); 5 000 decisions at 100 000.
//!
//! `cargo bench --bench screening` (sizes: `LITREV_BENCH_SIZES`).

mod common;

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use litrev::screening::rank::engine::Engine;
use litrev::screening::rank::rng::Rng;
use litrev::screening::rank::{Doc, Features, Model};

const VOCAB: usize = 20_000;

/// A pseudo-word for rank `i` (distinct for every `i`).
fn word(i: usize) -> String {
    const SYL: [&str; 16] = [
        "ka", "lo", "mi", "ne", "ra", "su", "ti", "vo", "ba", "de", "fi", "go", "hu", "ja", "ke",
        "ly",
    ];
    let mut s = String::new();
    let mut n = i + 16;
    while n > 0 {
        s.push_str(SYL[n % 16]);
        n /= 16;
    }
    s
}

/// `n` synthetic records and their labels.
fn corpus(n: usize) -> (Vec<Doc>, Vec<bool>) {
    let words: Vec<String> = (0..VOCAB).map(word).collect();
    // Zipf: P(rank r) ∝ 1 / (r + 1).
    let mut cumulative = Vec::with_capacity(VOCAB);
    let mut total = 0.0;
    for r in 0..VOCAB {
        total += 1.0 / (r as f64 + 1.0);
        cumulative.push(total);
    }
    let mut rng = Rng::new(2026);
    let draw = |rng: &mut Rng, topic: bool| -> &str {
        if topic && rng.below(4) == 0 {
            // The relevant records' topic: 200 mid-frequency words.
            return &words[1_000 + rng.below(200)];
        }
        let u = rng.unit() * total;
        let r = cumulative.partition_point(|&c| c < u).min(VOCAB - 1);
        &words[r]
    };
    let mut docs = Vec::with_capacity(n);
    let mut labels = Vec::with_capacity(n);
    for _ in 0..n {
        let relevant = rng.below(10) == 0;
        let text = |len: usize, rng: &mut Rng, sep: &str| {
            (0..len)
                .map(|_| draw(rng, relevant).to_string())
                .collect::<Vec<_>>()
                .join(sep)
        };
        let title = text(10, &mut rng, " ");
        let len = 150 + rng.below(100);
        let abstract_text = text(len, &mut rng, " ");
        let keywords = text(8, &mut rng, "; ");
        docs.push(Doc {
            title,
            abstract_text,
            keywords,
        });
        labels.push(relevant);
    }
    (docs, labels)
}

fn bench(c: &mut Criterion) {
    for n in common::sizes(&[2_000, 100_000]) {
        let (docs, labels) = corpus(n);
        let config = Model::Default.config();
        let mut g = c.benchmark_group(format!("screening {n} records"));
        g.sample_size(10)
            .measurement_time(Duration::from_secs(if n > 10_000 { 30 } else { 5 }));
        // Building the features of 100 000 records takes seconds: timed
        // once there, by criterion below that.
        if n <= 10_000 {
            g.bench_function("build the features", |b| {
                b.iter(|| black_box(Features::build(&docs, &config.features)))
            });
        }
        let started = std::time::Instant::now();
        let x = Arc::new(Features::build(&docs, &config.features));
        eprintln!(
            "{n} records: features built once in {:.2} s ({} terms, {} weights, {} MiB)",
            started.elapsed().as_secs_f64(),
            x.n_terms(),
            x.nnz(),
            x.heap_bytes() >> 20
        );
        let decided_n = if n > 10_000 { 5_000 } else { n / 2 };
        // Decisions in a random order of the records (as a reviewer's
        // would come, whatever the model ranked), with a few includes sure.
        let mut rows: Vec<u32> = (0..n as u32).collect();
        Rng::new(7).shuffle(&mut rows);
        let decided: Vec<(u32, bool)> = rows[..decided_n]
            .iter()
            .map(|&r| (r, labels[r as usize]))
            .collect();
        let unscreened: Vec<u32> = {
            let mut open = vec![true; n];
            for &(r, _) in &decided {
                open[r as usize] = false;
            }
            (0..n as u32).filter(|&r| open[r as usize]).collect()
        };
        let mut warm = Engine::new(Arc::clone(&x), config.clone(), 1);
        warm.train(&decided[..decided_n - 1], &unscreened, 0);
        g.bench_function(
            BenchmarkId::new(
                "one retraining step + rank",
                format!("{decided_n} decisions"),
            ),
            |b| {
                b.iter_batched(
                    || warm.clone(),
                    |mut engine| {
                        engine.train(&decided, &unscreened, 1);
                        let scores = engine.scores(&unscreened);
                        let mut order: Vec<(u32, f64)> =
                            unscreened.iter().copied().zip(scores).collect();
                        order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                        black_box(order)
                    },
                    BatchSize::LargeInput,
                )
            },
        );
        g.bench_function(
            BenchmarkId::new("train from scratch", format!("{decided_n} decisions")),
            |b| {
                b.iter(|| {
                    let mut engine = Engine::new(Arc::clone(&x), config.clone(), 1);
                    black_box(engine.train(&decided, &unscreened, 0).map(|m| m.bias))
                })
            },
        );
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
