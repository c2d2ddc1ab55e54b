//! `litrev screen simulate`: replays the known labels of a file through the
//! ranking model, as ASReview's `simulate` does, and prints how much
//! screening it would have saved.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::Fail;
use crate::screening::labelled;
use crate::screening::rank::simulate::{self, Setup};
use crate::screening::rank::{Model, Replay};
use crate::text::inert_line;

/// What `screen simulate` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The arguments of `litrev screen simulate`.
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// A labelled file: CSV (or tab-separated) with title, abstract,
    /// keywords and a label column, or RIS with the label in a tag.
    pub data: PathBuf,
    /// The label column (CSV) or tag (RIS): 1 / 0, include / exclude,
    /// yes / no, or ASReview_relevant / ASReview_irrelevant.
    #[arg(long, value_name = "COLUMN")]
    pub labels: String,
    /// Includes drawn at random and screened first, as prior knowledge.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub prior_included: usize,
    /// Excludes drawn at random and screened first, as prior knowledge.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub prior_excluded: usize,
    /// The seed of every random choice: the same seed, the same order.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// The model: default, svm, logistic, nb (naive Bayes) or random.
    #[arg(long, value_name = "NAME", default_value = "default", value_parser = parse_model)]
    pub model: Model,
    /// Write the screening order here (CSV: row, key; first screened first).
    #[arg(long, value_name = "FILE")]
    pub order_out: Option<PathBuf>,
    /// With --order-out: replace an existing file that litrev did not
    /// write for this output (the review's own files are never written).
    #[arg(long, requires = "order_out")]
    pub force: bool,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

fn parse_model(s: &str) -> Result<Model, String> {
    Model::parse(s).ok_or_else(|| format!("expected one of {}", Model::NAMES.join(", ")))
}

/// Runs `litrev screen simulate`.
pub fn run(args: &SimulateArgs) -> Result<ExitCode, Fail> {
    let shown = inert_line(&args.data.display().to_string()).into_owned();
    let bytes = std::fs::read(&args.data).map_err(|e| Fail::usage(format!("{shown}: {e}")))?;
    let records = match labelled::read(&args.data, &bytes, &args.labels) {
        Ok(r) => r,
        Err(problems) => {
            let listed: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            return Err(Fail::data(listed.join("\n")));
        }
    };
    let docs: Vec<_> = records.iter().map(|r| r.doc.clone()).collect();
    let labels: Vec<bool> = records.iter().map(|r| r.include).collect();
    let setup = Setup {
        config: args.model.config(),
        prior_included: args.prior_included,
        prior_excluded: args.prior_excluded,
        seed: args.seed,
    };
    let replay = simulate::replay(&docs, &labels, &setup)
        .map_err(|e| Fail::data(format!("{shown}: {e}")))?;
    if let Some(out) = &args.order_out {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut rows = vec![["row".to_string(), "key".to_string()]];
        rows.extend(
            replay
                .order
                .iter()
                .map(|&i| [records[i].row.to_string(), records[i].key.clone()]),
        );
        for row in &rows {
            w.write_record(row)
                .map_err(|e| Fail::usage(format!("cannot write CSV: {e}")))?;
        }
        let text = w
            .into_inner()
            .map_err(|e| Fail::usage(format!("cannot write CSV: {e}")))?;
        // Never over the review's own files, nor a file litrev did not
        // write for this output without --force (as every `--out`).
        crate::cli::out::write(out, &text, "screen simulate order", args.force)?;
    }
    let out = match args.format {
        Format::Text => text(args, &shown, &replay),
        Format::Json => json(args, &shown, &replay),
    };
    crate::cli::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn percent(part: usize, whole: usize) -> String {
    format!("{:.1} %", 100.0 * part as f64 / whole.max(1) as f64)
}

fn text(args: &SimulateArgs, shown: &str, r: &Replay) -> String {
    let m = &r.metrics;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{shown}: {} records, {} included ({})",
        m.records,
        m.includes,
        inert_line(&args.labels)
    );
    let _ = writeln!(
        s,
        "model {}, seed {}, priors {} included + {} excluded (screened first)",
        args.model.name(),
        args.seed,
        args.prior_included,
        args.prior_excluded
    );
    for &(p, screened, found) in &m.recall_at {
        let _ = writeln!(
            s,
            "recall after {p:>2} % screened ({screened} records): {found} of {} ({})",
            m.includes,
            percent(found, m.includes)
        );
    }
    let target = (95 * m.includes).div_ceil(100);
    let _ = writeln!(
        s,
        "records needed for  95 % recall ({target} includes): {} ({})",
        m.needed_95,
        percent(m.needed_95, m.records)
    );
    let _ = writeln!(
        s,
        "records needed for 100 % recall: {} ({})",
        m.needed_100,
        percent(m.needed_100, m.records)
    );
    let _ = writeln!(s, "WSS@95: {:.3}", m.wss_95);
    let _ = writeln!(s, "WSS@100: {:.3}", m.wss_100);
    let _ = writeln!(s, "ATD: {:.1} records", m.atd);
    let per_step = r.steps_time.as_secs_f64() * 1e3 / r.steps.max(1) as f64;
    let _ = writeln!(
        s,
        "time: features {:.3} s, {} retraining steps {:.3} s ({per_step:.2} ms a step)",
        r.features_time.as_secs_f64(),
        r.steps,
        r.steps_time.as_secs_f64()
    );
    s
}

fn json(args: &SimulateArgs, shown: &str, r: &Replay) -> String {
    let m = &r.metrics;
    let recall: Vec<serde_json::Value> = m
        .recall_at
        .iter()
        .map(|&(p, screened, found)| {
            serde_json::json!({
                "percent": p,
                "screened": screened,
                "found": found,
                "recall": found as f64 / m.includes as f64,
            })
        })
        .collect();
    let value = serde_json::json!({
        "data": shown,
        "labels": args.labels,
        "model": args.model.name(),
        "seed": args.seed,
        "prior_included": args.prior_included,
        "prior_excluded": args.prior_excluded,
        "records": m.records,
        "includes": m.includes,
        "recall": recall,
        "needed_95": m.needed_95,
        "needed_100": m.needed_100,
        "wss_95": m.wss_95,
        "wss_100": m.wss_100,
        "atd": m.atd,
        "steps": r.steps,
        "features_seconds": r.features_time.as_secs_f64(),
        "steps_seconds": r.steps_time.as_secs_f64(),
    });
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    crate::text::inert_json(text) + "\n"
}
