//! `litrev instruments`, `litrev appraisal`, `litrev agreement` and the
//! robvis export: the appraisal commands over `crate::appraisal`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use serde_json::{Value as J, json};

use super::{Fail, emit, find_review, open};
use crate::appraisal::instrument::{ItemScale, Rule};
use crate::appraisal::{Instrument, Registry};
use crate::manuscript::appraisal::{grid, robvis};
use crate::manuscript::render::{Table, json_text};
use crate::model::Study;
use crate::text::inert_line;

mod table;
pub use table::render_table;
use table::{text_table, write_table};

/// Output formats of `litrev appraisal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Csv,
    Json,
}

/// Output formats of `litrev agreement` and `litrev instruments`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

pub(super) fn json_out(v: &impl serde::Serialize) -> Result<String, Fail> {
    json_text(v).map_err(|e| Fail::usage(format!("cannot write JSON: {e}")))
}

/// The instrument called `name`, or a usage error naming the known ones.
pub(super) fn instrument<'r>(reg: &'r Registry, name: &str) -> Result<&'r Instrument, Fail> {
    reg.get(name).ok_or_else(|| {
        Fail::usage(format!(
            "unknown instrument \"{}\": expected one of {}",
            inert_line(name),
            reg.names()
        ))
    })
}

/// Runs `litrev instruments [NAME]`: the built-ins plus, inside a review
/// (or with `--review`), the review's own.
pub fn instruments(
    review: Option<&Path>,
    name: Option<&str>,
    format: TextOrJson,
) -> Result<ExitCode, Fail> {
    let dir = match review {
        Some(p) => Some(super::named_review(p)?),
        None => find_review().ok().flatten(),
    };
    let reg = match &dir {
        Some(d) => {
            let (reg, problems) = Registry::for_review(d);
            for p in &problems {
                super::note(&format!("warning: {p}"));
            }
            reg
        }
        None => Registry::builtin(),
    };
    let out = match (name, format) {
        (None, TextOrJson::Text) => {
            let mut t = Table::new(["name", "instrument", "version", "items", "overall"]);
            for i in reg.iter() {
                t.push(vec![
                    i.name.clone(),
                    i.title.clone(),
                    i.version.clone(),
                    i.items.len().to_string(),
                    rule_words(i),
                ]);
            }
            text_table(&t)
        }
        (None, TextOrJson::Json) => json_out(&reg.iter().map(instrument_json).collect::<Vec<_>>())?,
        (Some(n), TextOrJson::Json) => json_out(&instrument_json(instrument(&reg, n)?))?,
        (Some(n), TextOrJson::Text) => show(instrument(&reg, n)?),
    };
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// How the overall is formed, in a few words.
fn rule_words(i: &Instrument) -> String {
    let apart = match &i.applicability {
        Some(c) => format!("; {} apart", c.name),
        None => String::new(),
    };
    match &i.overall {
        Rule::Worst { floor: true, .. } => "worst domain (overrides may only raise it)".into(),
        Rule::Worst { .. } => format!("worst domain{apart}"),
        Rule::Flaws { .. } => "critical flaws and weaknesses".into(),
        Rule::Stars { .. } => "stars per domain (bands)".into(),
        Rule::Sum { .. } => format!("sum of points (0–{})", i.max_points()),
        Rule::None { answers } if answers.is_empty() => "none (report the items)".into(),
        Rule::None { .. } => "reviewer's judgement".into(),
    }
}

fn scale_words(i: &Instrument, s: ItemScale<'_>) -> String {
    let _ = i;
    match s {
        ItemScale::Words(w) => w
            .iter()
            .map(|w| {
                let mut syn = w.synonyms.clone();
                syn.retain(|s| s != &w.word);
                if syn.is_empty() {
                    w.word.clone()
                } else {
                    format!("{} ({})", w.word, syn.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join(" | "),
        ItemScale::Range(lo, hi) => format!("a whole number {lo}–{hi}"),
        ItemScale::Text => "free text".into(),
    }
}

/// One instrument in full: items, scales, overall.
fn show(i: &Instrument) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} — {} ({})", i.name, i.title, i.version);
    let _ = writeln!(o, "source: {}", i.source);
    if !i.designs.is_empty() {
        let _ = writeln!(o, "for: {}", i.designs);
    }
    if !i.categories.is_empty() {
        let c: Vec<String> = i.categories.iter().map(|c| c.to_string()).collect();
        let _ = writeln!(
            o,
            "category: one of {} (recorded as `category`)",
            c.join(", ")
        );
    }
    let _ = writeln!(o, "\nitems:");
    let mut domain: Option<&str> = None;
    for it in &i.items {
        if it.domain.as_deref() != domain {
            domain = it.domain.as_deref();
            if let Some(d) = domain {
                let _ = writeln!(o, "  {d}");
            }
        }
        let mut flags = Vec::new();
        if it.critical {
            flags.push("critical");
        }
        if it.optional {
            flags.push("optional");
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", flags.join(", "))
        };
        let _ = writeln!(o, "    {:<4} {}{flags}", it.id, it.prompt);
    }
    let _ = writeln!(o, "\nanswers:");
    let mut seen = Vec::new();
    for it in &i.items {
        let name = it.scale.get_ref();
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let ids: Vec<&str> = i
            .items
            .iter()
            .filter(|x| x.scale.get_ref() == name)
            .map(|x| x.id.as_str())
            .collect();
        if let Some(s) = i.scale_of(it) {
            let _ = writeln!(o, "  {}: {}", ids.join(" "), scale_words(i, s));
        }
    }
    let _ = writeln!(o, "\noverall: {}", rule_words(i));
    let words = i.overall_words();
    if !words.is_empty() {
        let _ = writeln!(o, "  {}", scale_words(i, ItemScale::Words(words)));
    }
    if let Some(c) = &i.applicability {
        let _ = writeln!(
            o,
            "{}: the worst of {}, apart from the overall",
            c.name,
            c.items.join(", ")
        );
        let _ = writeln!(
            o,
            "  {}",
            scale_words(i, ItemScale::Words(i.concern_words()))
        );
    }
    inert_line_block(&o)
}

pub(super) fn inert_line_block(s: &str) -> String {
    s.lines().map(|l| format!("{}\n", inert_line(l))).collect()
}

fn instrument_json(i: &Instrument) -> J {
    let items: Vec<J> = i
        .items
        .iter()
        .map(|it| {
            json!({
                "id": it.id,
                "prompt": it.prompt,
                "domain": it.domain,
                "critical": it.critical,
                "optional": it.optional,
                "answers": match i.scale_of(it) {
                    Some(ItemScale::Words(w)) => json!(w.iter().map(|w| &w.word).collect::<Vec<_>>()),
                    Some(ItemScale::Range(lo, hi)) => json!({"min": lo, "max": hi}),
                    _ => json!("text"),
                },
            })
        })
        .collect();
    json!({
        "name": i.name,
        "short": i.short,
        "title": i.title,
        "version": i.version,
        "source": i.source,
        "items": items,
        "overall": i.overall_words().iter().map(|w| &w.word).collect::<Vec<_>>(),
        "rule": rule_words(i),
    })
}

/// Runs `litrev appraisal`.
pub fn table(
    review: Option<&Path>,
    inst: Option<&str>,
    reviewer: Option<&str>,
    format: Format,
    out: &super::out::OutArgs,
) -> Result<ExitCode, Fail> {
    // The table shows each study's short citation and its appraisals.
    let loaded = super::open_for_appraisals(review, true)?;
    let reg = &loaded.review.instruments;
    if let Some(i) = inst {
        instrument(reg, i)?;
    }
    let studies: Vec<&Study> = loaded.studies().collect();
    match &out.out {
        // A file is written whole, atomically.
        Some(_) => {
            let text = render_table(reg, &studies, inst, reviewer, format)?;
            let name = clap::ValueEnum::to_possible_value(&format)
                .map(|v| v.get_name().to_string())
                .unwrap_or_default();
            super::emit_to(&text, out, &format!("appraisal {name}"))?;
        }
        None => write_table(reg, &studies, inst, reviewer, format)?,
    }
    // The process ends here: freeing every study one string at a time
    // would take a good part of the command's time, for nothing.
    std::mem::forget(studies);
    std::mem::forget(loaded);
    Ok(ExitCode::SUCCESS)
}

/// The appraisal figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Figure {
    /// Studies down, domains across, a dot per judgement.
    TrafficLight,
    /// Per domain, the share of studies at each judgement.
    Summary,
}

/// Runs `litrev appraisal --figure`: one instrument's figure as SVG, of the
/// agreed answers, or of one reviewer's own (`reviewer`).
pub fn figure(
    review: Option<&Path>,
    inst: &str,
    reviewer: Option<&str>,
    (figure, palette): (Figure, crate::manuscript::figure::Palette),
    out: &super::out::OutArgs,
) -> Result<ExitCode, Fail> {
    let loaded = open(review)?;
    let reg = &loaded.review.instruments;
    let i = instrument(reg, inst)?;
    let own: Vec<Study> = match reviewer {
        // One reviewer's appraisals alone read as that reviewer's answers.
        Some(r) => loaded
            .studies()
            .map(|s| Study {
                appraisals: s
                    .appraisals
                    .iter()
                    .filter(|a| a.reviewer.eq_ignore_ascii_case(r))
                    .cloned()
                    .collect(),
                ..s.clone()
            })
            .collect(),
        None => Vec::new(),
    };
    let studies: Vec<&Study> = match reviewer {
        Some(_) => own.iter().collect(),
        None => loaded.studies().collect(),
    };
    let used = grid::instruments_used(&studies);
    if !used.iter().any(|u| u == &i.name) {
        return Err(Fail::usage(format!(
            "no study is appraised with {}: the instruments used are {}",
            i.name,
            if used.is_empty() {
                "none".to_string()
            } else {
                inert_line(&used.join(", ")).into_owned()
            }
        )));
    }
    let title = &loaded.review.title;
    let svg = match figure {
        Figure::TrafficLight => {
            crate::manuscript::figure::traffic_light(reg, i, &studies, title, palette)
        }
        Figure::Summary => {
            crate::manuscript::figure::appraisal_summary(reg, i, &studies, title, palette)
        }
    };
    let name = clap::ValueEnum::to_possible_value(&figure)
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    super::emit_to(&format!("{svg}\n"), out, &format!("appraisal {name}"))?;
    Ok(ExitCode::SUCCESS)
}

/// `litrev export --format robvis --instrument NAME [--reviewer R] [--weight
/// FIELD] [--out FILE]`: the rows left out are named on stderr.
pub fn export_robvis(
    review: Option<&Path>,
    filter: &super::FilterArgs,
    inst: Option<&str>,
    opts: &robvis::Options,
    out: &super::out::OutArgs,
) -> Result<ExitCode, Fail> {
    let loaded = open(review)?;
    let reg = &loaded.review.instruments;
    let Some(name) = inst else {
        return Err(Fail::usage(format!(
            "--format robvis needs --instrument: one of {}",
            robvis::drawable(reg).join(", ")
        )));
    };
    let i = instrument(reg, name)?;
    if let Some(f) = &opts.weight
        && !loaded.review.fields.iter().any(|x| x.key == *f)
    {
        return Err(Fail::usage(format!(
            "--weight {}: no such field in review.toml: expected one of {}",
            inert_line(f),
            loaded
                .review
                .fields
                .iter()
                .map(|x| x.key.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let studies: Vec<&Study> = super::select(&loaded, filter)?
        .into_iter()
        .map(|e| &e.study)
        .collect();
    let export = robvis::write(reg, i, &studies, opts).map_err(|e| match e {
        robvis::RobvisError::Weight { .. } => Fail::data(inert_line(&e.to_string()).into_owned()),
        _ => Fail::usage(e.to_string()),
    })?;
    if !export.left_out.is_empty() {
        super::note(&format!(
            "left out of the robvis CSV ({}): {} (reconcile them, or export one reviewer's with --reviewer)",
            export.left_out.len(),
            inert_line(&export.left_out.join("; "))
        ));
    }
    super::emit_to(&export.csv, out, "export robvis")?;
    Ok(ExitCode::SUCCESS)
}
