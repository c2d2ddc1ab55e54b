//! `litrev tally`: counts per design, year, tag, appraisal or field.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::{Fail, Paint, colour_stdout, emit, open, pad, select, width};
use crate::review::tally::{By, Group, Tally, tally};
use crate::text::{inert_json, inert_line};

/// Output formats of `litrev tally`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Prose,
    Markdown,
    Csv,
    Json,
}

/// Runs `litrev tally`.
pub fn run(
    review: Option<&Path>,
    by: &str,
    design: Option<&str>,
    search: Option<&str>,
    format: Format,
) -> Result<ExitCode, Fail> {
    let loaded = open(review)?;
    let by = By::parse(by, &loaded.review).map_err(Fail::usage)?;
    let chosen = select(&loaded, design, search)?;
    let studies: Vec<_> = chosen.iter().map(|e| &e.study).collect();
    let t = tally(&loaded.review, &studies, &by, loaded.studies.len());
    let out = match format {
        Format::Text => text(&t, Paint(colour_stdout())),
        Format::Prose => format!("{}\n", inert_line(&t.prose())),
        Format::Markdown => markdown(&t),
        Format::Csv => csv(&t)?,
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&t)
                .map_err(|e| Fail::usage(format!("cannot write JSON: {e}")))?;
            s.push('\n');
            inert_json(s)
        }
    };
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Rows of the tally as (depth, group), "other" remainders included.
fn rows(t: &Tally) -> Vec<(usize, &Group)> {
    let mut out = Vec::new();
    for g in &t.groups {
        out.push((0, g));
        for c in &g.children {
            out.push((1, c));
        }
        if let Some(o) = &g.other {
            out.push((1, o.as_ref()));
        }
    }
    out
}

fn text(t: &Tally, paint: Paint) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", paint.bold(&inert_line(&t.title)));
    // `by` may be a field key from review.toml: untrusted text.
    let _ = writeln!(s, "{}, by {}", t.scope(), inert_line(&t.by));
    s.push('\n');
    let rows = rows(t);
    let labels: Vec<String> = rows
        .iter()
        .map(|(d, g)| format!("{}{}", "  ".repeat(*d), inert_line(&g.label)))
        .collect();
    let lw = labels.iter().map(|l| width(l)).max().unwrap_or(0);
    let nw = t.total.to_string().len();
    let counts: Vec<String> = rows
        .iter()
        .map(|(_, g)| format!("{:>nw$} of {} ({:.1}%)", g.count, t.total, g.percent))
        .collect();
    let cw = counts.iter().map(|c| width(c)).max().unwrap_or(0);
    for (((depth, g), label), count) in rows.iter().zip(&labels).zip(&counts) {
        let label = pad(label, lw);
        let label = if *depth == 0 {
            paint.bold(&label)
        } else {
            label
        };
        let line = format!("{label}  {}  {}", pad(count, cw), paint.dim(&g.citation));
        let _ = writeln!(s, "{}", line.trim_end());
    }
    if t.without_ref > 0 {
        let _ = writeln!(
            s,
            "\n{} {} no reference number: counted above, not cited.",
            t.without_ref,
            if t.without_ref == 1 {
                "study has"
            } else {
                "studies have"
            }
        );
    }
    s
}

fn markdown(t: &Tally) -> String {
    let cell = |x: &str| inert_line(x).replace('|', "\\|");
    let mut s = String::new();
    // `by` may be a field key from review.toml: untrusted text.
    let by = cell(&t.by);
    let _ = writeln!(s, "**{}** — {}, by {by}\n", cell(&t.title), t.scope());
    let head = match by.as_str() {
        "design" => "Design".to_string(),
        other => {
            let mut c = other.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    };
    let _ = writeln!(s, "| {head} | n | % | References |");
    let _ = writeln!(s, "|---|---:|---:|---|");
    for (depth, g) in rows(t) {
        let label = if depth == 0 {
            cell(&g.label)
        } else {
            format!("↳ {}", cell(&g.label))
        };
        let _ = writeln!(
            s,
            "| {label} | {} | {:.1} | {} |",
            g.count, g.percent, g.citation
        );
    }
    let _ = writeln!(s, "| **Total** | **{}** | | |", t.total);
    if t.without_ref > 0 {
        let _ = writeln!(
            s,
            "\n{} studies without a reference number are counted but not cited.",
            t.without_ref
        );
    }
    s
}

fn csv(t: &Tally) -> Result<String, Fail> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Fail::usage(format!("cannot write CSV: {e}"));
    w.write_record([
        "level", "parent", "key", "label", "count", "percent", "citation",
    ])
    .map_err(err)?;
    for g in &t.groups {
        let pct = format!("{:.1}", g.percent);
        w.write_record([
            "group",
            "",
            &inert_line(&g.key),
            &inert_line(&g.label),
            &g.count.to_string(),
            &pct,
            &g.citation,
        ])
        .map_err(err)?;
        let kids = g.children.iter().map(|c| ("child", c));
        let other = g.other.iter().map(|o| ("other", o.as_ref()));
        for (level, c) in kids.chain(other) {
            let pct = format!("{:.1}", c.percent);
            w.write_record([
                level,
                &inert_line(&g.key),
                &inert_line(&c.key),
                &inert_line(&c.label),
                &c.count.to_string(),
                &pct,
                &c.citation,
            ])
            .map_err(err)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Fail::usage(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
