//! Compares ranking settings on a folder of labelled CSV files (title,
//! abstract, keywords, label_included): mean WSS@95, WSS@100 and recall at
//! 10 % per file over several seeds, one prior include and one prior
//! exclude. How the defaults of docs/screening-model.md were chosen.
//!
//! `cargo run --release --example screening_sweep -- DIR [model=NAME]
//! [seeds=1,2,3] [c=1] [tol=0.01] [pairs=true] [keywords=true]
//! [stop=true] [numbers=false] [min_df=2] [sublinear=true] [kw_weight=1]
//! [pseudo=0] [pseudo_weight=0.1] [explore_until=0] [random_every=0]
//! [balanced=true] [passes=50] [nb_alpha=3.822] [kind=svm|logistic|nb]`

use std::path::PathBuf;
use std::sync::Arc;

use litrev::screening::labelled;
use litrev::screening::rank::classifier::Kind;
use litrev::screening::rank::simulate::{Setup, replay_features};
use litrev::screening::rank::{Features, Model};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: screening_sweep DIR [key=value ...]");
        std::process::exit(2);
    };
    let sets: Vec<(String, String)> = args
        .filter_map(|a| {
            a.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect();
    let get = |k: &str| {
        sets.iter()
            .rev()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let model = get("model")
        .and_then(Model::parse)
        .unwrap_or(Model::Default);
    let mut config = model.config();
    let seeds: Vec<u64> = get("seeds")
        .unwrap_or("1,2,3")
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect();
    for (k, v) in &sets {
        let f = || v.parse::<f64>().unwrap_or(f64::NAN);
        let b = || v == "true";
        match k.as_str() {
            "c" => config.classifier.c = f(),
            "tol" => config.classifier.tol = f(),
            "passes" => config.classifier.max_passes = f() as usize,
            "balanced" => config.classifier.balanced = b(),
            "ratio" => config.classifier.ratio = f(),
            "nb_alpha" => config.classifier.nb_alpha = f(),
            "kind" => {
                config.classifier.kind = match v.as_str() {
                    "logistic" => Kind::Logistic,
                    "nb" => Kind::NaiveBayes,
                    _ => Kind::Svm,
                }
            }
            "pairs" => config.features.pairs = b(),
            "keywords" => config.features.keywords = b(),
            "stop" => config.features.stop_words = b(),
            "numbers" => config.features.numbers = b(),
            "min_df" => config.features.min_df = f() as u32,
            "max_df" => config.features.max_df = f(),
            "sublinear" => config.features.sublinear_tf = b(),
            "kw_weight" => config.features.keyword_weight = f() as f32,
            "pseudo" => config.pseudo_negatives = f() as usize,
            "pseudo_weight" => config.pseudo_weight = f(),
            "explore_until" => config.explore_until = f() as usize,
            "random_every" => config.random_every = f() as usize,
            "model" | "seeds" => {}
            other => {
                eprintln!("unknown setting {other}");
                std::process::exit(2);
            }
        }
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "csv"));
    files.sort();
    let mut means = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_default();
        let records = match labelled::read(file, &bytes, "label_included") {
            Ok(r) => r,
            Err(p) => {
                eprintln!("{}", p[0]);
                continue;
            }
        };
        let docs: Vec<_> = records.iter().map(|r| r.doc.clone()).collect();
        let labels: Vec<bool> = records.iter().map(|r| r.include).collect();
        let x = Arc::new(Features::build(&docs, &config.features));
        let (mut w95, mut w100, mut r10, mut ms) = (0.0, 0.0, 0.0, 0.0);
        let mut each = Vec::new();
        for &seed in &seeds {
            let setup = Setup {
                config: config.clone(),
                prior_included: 1,
                prior_excluded: 1,
                seed,
            };
            let Ok(r) = replay_features(x.clone(), &labels, &setup) else {
                continue;
            };
            let m = &r.metrics;
            w95 += m.wss_95;
            w100 += m.wss_100;
            r10 += m.recall_at[1].2 as f64 / m.includes as f64;
            ms += r.steps_time.as_secs_f64() * 1e3 / r.steps.max(1) as f64;
            each.push(format!("{:.3}", m.wss_95));
        }
        let k = seeds.len() as f64;
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!(
            "{name:<16} WSS@95 {:.3} [{}]  WSS@100 {:.3}  recall@10% {:.3}  {:.2} ms/step  {} terms",
            w95 / k,
            each.join(" "),
            w100 / k,
            r10 / k,
            ms / k,
            x.n_terms()
        );
        means.push(w95 / k);
    }
    println!(
        "mean WSS@95 {:.4}",
        means.iter().sum::<f64>() / means.len().max(1) as f64
    );
}
