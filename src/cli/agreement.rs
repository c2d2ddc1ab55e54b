//! `litrev agreement`: inter-rater agreement per instrument, by reviewer.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde::Serializer as _;

use super::appraisal::{TextOrJson, instrument};
use super::{Fail, emit_json};
use crate::appraisal::Instrument;
use crate::manuscript::appraisal::agreement::{self, Agreement, Disagreement, has_ordinal_items};
use crate::manuscript::appraisal::kappa::Kappa;
use crate::model::Study;
use crate::text::inert_line;

fn pct(x: Option<f64>) -> String {
    x.map_or("—".into(), |v| format!("{:.0}%", v * 100.0))
}

fn k(x: Option<f64>) -> String {
    x.map_or("undefined".into(), |v| format!("{v:.2}"))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "kappa 0.62 (observed 90%, expected 74%)"
fn kappa_words(x: &Kappa) -> String {
    format!(
        "kappa {} (observed {}, expected {})",
        k(x.kappa),
        pct(x.observed),
        pct(x.expected)
    )
}

/// "AB and CD", "AB, CD and EF".
fn names(v: &[String]) -> String {
    match v {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The figures of `r`, the lines before its disagreements.
fn write_head(w: &mut impl Write, inst: &Instrument, r: &Agreement) -> std::io::Result<()> {
    // Each line made inert on its own: a newline in a reviewer's initials
    // or an outcome never begins a line.
    let mut o: Vec<String> = Vec::new();
    let who = match r.reviewers.len() {
        0 => "no reviewer's own appraisals".to_string(),
        1 => format!("reviewer {} only", r.reviewers[0]),
        2 => format!("reviewers {}", names(&r.pair)),
        _ => format!("reviewers {} of {}", names(&r.pair), names(&r.reviewers)),
    };
    o.push(format!(
        "{}: {} over {} in {} double-appraised {} (categorical items; {who})",
        r.instrument,
        kappa_words(&r.pooled),
        plural(r.pooled.compared, "answer pair", "answer pairs"),
        r.studies,
        if r.studies == 1 { "study" } else { "studies" },
    ));
    if has_ordinal_items(inst) {
        let left = if r.weighted_left_out > 0 {
            format!(
                " ({} left out: an answer off the order, such as no information)",
                r.weighted_left_out
            )
        } else {
            String::new()
        };
        o.push(format!(
            "  weighted kappa (ordinal items): linear {}, quadratic {} over {}{left}",
            k(r.weighted_linear),
            k(r.weighted_quadratic),
            plural(r.weighted_compared, "answer pair", "answer pairs"),
        ));
    } else {
        o.push("  weighted kappa: not computed (no ordinal items)".to_string());
    }
    o.push(format!(
        "  overall: {} over {}",
        kappa_words(&r.overall),
        plural(
            r.overall.compared,
            "pair of judgements",
            "pairs of judgements"
        ),
    ));
    for (item, x) in &r.items {
        o.push(format!(
            "  {item:<4} kappa {:<9} observed {:>4}  expected {:>4}  pairs {}",
            k(x.kappa),
            pct(x.observed),
            pct(x.expected),
            x.compared
        ));
    }
    for g in &r.groups {
        let mut what = Vec::new();
        if let Some(c) = g.category {
            let name = inst.category_name(c).unwrap_or("");
            what.push(format!("category {c} {name}").trim_end().to_string());
        }
        if let Some(out) = &g.outcome {
            what.push(format!("outcome {out}"));
        }
        o.push(format!(
            "  {}: {} over {} in {}; overall kappa {}",
            what.join(", "),
            kappa_words(&g.pooled),
            plural(g.pooled.compared, "answer pair", "answer pairs"),
            plural(g.studies, "study", "studies"),
            k(g.overall.kappa)
        ));
    }
    if r.reviewers.len() > 2 {
        for p in &r.pairs {
            o.push(format!(
                "  pair {}–{}: {} over {} in {}; weighted linear {}, quadratic {}; overall kappa {}",
                p.reviewers[0],
                p.reviewers[1],
                kappa_words(&p.pooled),
                plural(p.pooled.compared, "answer pair", "answer pairs"),
                plural(p.studies, "study", "studies"),
                k(p.weighted_linear),
                k(p.weighted_quadratic),
                k(p.overall.kappa),
            ));
        }
    }
    if let Some(f) = &r.fleiss {
        o.push(format!(
            "  Fleiss' kappa {} (observed {}, expected {}) over {} answered by all of {}",
            k(f.kappa),
            pct(f.observed),
            pct(f.expected),
            plural(f.subjects, "item", "items"),
            names(&f.raters)
        ));
    }
    o.iter().try_for_each(|l| write_line(w, l))
}

/// `l` made inert as one line (a newline in it shown, never begun), then
/// a line end.
fn write_line(w: &mut impl Write, l: &str) -> std::io::Result<()> {
    w.write_all(inert_line(l).as_bytes())?;
    w.write_all(b"\n")
}

/// One disagreement's line added to `o`, made inert as one line (a
/// newline in a text shown, never begun), with its line end.
fn disagreement_line(o: &mut String, d: &Disagreement) {
    let from = o.len();
    o.push_str("  differ: ");
    o.push_str(&d.study);
    if let Some(c) = d.category {
        let _ = write!(o, " (category {c})");
    }
    if let Some(out) = &d.outcome {
        o.push_str(" (");
        o.push_str(out);
        o.push(')');
    }
    o.push(' ');
    o.push_str(&d.item);
    o.push_str(": ");
    for (n, (r, a)) in d.answers.iter().enumerate() {
        if n > 0 {
            o.push_str(" / ");
        }
        o.push_str(r);
        o.push(' ');
        o.push_str(a);
    }
    // One line, whatever the texts hold.
    if let Cow::Owned(inert) = inert_line(&o[from..]) {
        o.truncate(from);
        o.push_str(&inert);
    }
    o.push('\n');
}

/// The answers of `r` left out (off their item's scale), a line each.
fn write_left_out(w: &mut impl Write, r: &Agreement) -> std::io::Result<()> {
    let mut o = String::new();
    for p in &r.problems {
        o.clear();
        let _ = write!(
            o,
            "  left out: {} {} by {}: \"{}\" is not on the item's scale",
            p.study, p.item, p.reviewer, p.answer
        );
        // One line, whatever the answer holds.
        write_line(w, &o)?;
    }
    Ok(())
}

/// Runs `litrev agreement`.
pub fn run(
    review: Option<&Path>,
    inst: Option<&str>,
    format: TextOrJson,
) -> Result<ExitCode, Fail> {
    // Agreement reads the appraisals and names the studies by id.
    let loaded = super::open_for_appraisals(review, false)?;
    let reg = &loaded.review.instruments;
    let studies: Vec<&Study> = loaded.studies().collect();
    let chosen: Vec<&Instrument> = match inst {
        Some(n) => vec![instrument(reg, n)?],
        None => reg
            .iter()
            .filter(|i| {
                studies
                    .iter()
                    .any(|s| s.appraisals.iter().any(|a| a.instrument == i.name))
            })
            .collect(),
    };
    match format {
        TextOrJson::Json => {
            // Each instrument's figures, then its disagreements as they are
            // made, never all held.
            emit_json(|ser| {
                ser.collect_seq(chosen.iter().map(|i| agreement::streamed(i, &studies)))
            })?
        }
        TextOrJson::Text => {
            // Each instrument's figures, then its disagreements as they are
            // found (never all held), then the answers left out; every line
            // made inert.
            let mut w = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let mut written = Ok(());
            for i in &chosen {
                written = written.and_then(|()| {
                    // Each run's lines made on its core, written in order.
                    let r = agreement::agreement_each(
                        i,
                        &studies,
                        &mut w,
                        |w, r| write_head(w, i, r),
                        |lines: &mut String, d| disagreement_line(lines, &d),
                        |w, lines| w.write_all(lines.as_bytes()),
                    )?;
                    write_left_out(&mut w, &r)
                });
            }
            if chosen.is_empty() {
                written = written.and_then(|()| w.write_all(b"no appraisals\n"));
            }
            match written.and_then(|()| w.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    return Err(Fail::usage(format!("cannot write the output: {e}")));
                }
                _ => {}
            }
        }
    }
    // The process ends here: freeing every study one string at a time
    // would take a good part of the command's time, for nothing.
    std::mem::forget(studies);
    std::mem::forget(loaded);
    Ok(ExitCode::SUCCESS)
}
