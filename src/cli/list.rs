//! `litrev list`: the studies, filtered, as text, CSV, JSON or Markdown.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use serde_json::{Map, Value as J, json};

use super::{Fail, Paint, colour_stdout, emit, open, pad, select, width};
use crate::appraisal;
use crate::review::{Answer, FieldValue, Review, Study};
use crate::text::{inert_json, inert_line};

/// Output formats of `litrev list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Csv,
    Json,
    Markdown,
}

/// Runs `litrev list`.
pub fn run(
    review: Option<&Path>,
    design: Option<&str>,
    search: Option<&str>,
    format: Format,
) -> Result<ExitCode, Fail> {
    let loaded = open(review)?;
    let chosen = select(&loaded, design, search)?;
    let studies: Vec<&Study> = chosen.iter().map(|e| &e.study).collect();
    let out = match format {
        Format::Text => text(
            &loaded.review,
            &studies,
            loaded.studies.len(),
            Paint(colour_stdout()),
        ),
        Format::Csv => csv(&loaded.review, &studies)?,
        Format::Markdown => markdown(&loaded.review, &studies),
        Format::Json => {
            let arr: Vec<J> = studies.iter().map(|s| study_json(s)).collect();
            let mut s = serde_json::to_string_pretty(&arr)
                .map_err(|e| Fail::usage(format!("cannot write JSON: {e}")))?;
            s.push('\n');
            inert_json(s)
        }
    };
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The design's short label, or the raw path when it is not in the taxonomy.
pub fn design_short(review: &Review, s: &Study) -> String {
    match s.design.as_deref() {
        None => String::new(),
        Some(d) => review
            .design(d)
            .map(|r| r.node().short_label().to_string())
            .unwrap_or_else(|| d.to_string()),
    }
}

fn text(review: &Review, studies: &[&Study], review_total: usize, paint: Paint) -> String {
    let rows: Vec<[String; 6]> = studies
        .iter()
        .map(|s| {
            [
                s.reference.map(|r| r.to_string()).unwrap_or_default(),
                inert_line(s.first_author()).into_owned(),
                s.year.map(|y| y.to_string()).unwrap_or_default(),
                inert_line(&design_short(review, s)).into_owned(),
                inert_line(&appraisal::study_judgement(s).unwrap_or_default()).into_owned(),
                inert_line(&s.title).into_owned(),
            ]
        })
        .collect();
    let head = ["ref", "author", "year", "design", "appraisal", "title"];
    let mut widths = head.map(width);
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(c));
        }
    }
    let line = |cells: &[String; 6]| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i == 5 {
                l.push_str(c);
            } else if i == 0 {
                let _ = write!(l, "{}{c}  ", " ".repeat(widths[0] - width(c)));
            } else {
                let _ = write!(l, "{}  ", pad(c, widths[i]));
            }
        }
        l.trim_end().to_string()
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint.bold(&line(&head.map(String::from))));
    for r in &rows {
        let _ = writeln!(out, "{}", line(r));
    }
    let _ = writeln!(
        out,
        "{}",
        paint.dim(&if studies.len() == review_total {
            format!(
                "{} {}",
                studies.len(),
                if studies.len() == 1 {
                    "study"
                } else {
                    "studies"
                }
            )
        } else {
            format!("{} of {review_total} studies shown", studies.len())
        })
    );
    out
}

fn csv(review: &Review, studies: &[&Study]) -> Result<String, Fail> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Fail::usage(format!("cannot write CSV: {e}"));
    let mut head: Vec<String> = [
        "id", "ref", "title", "authors", "year", "journal", "doi", "design", "tags",
    ]
    .map(String::from)
    .to_vec();
    // Field keys come from review.toml: untrusted text like any value.
    head.extend(
        review
            .fields
            .iter()
            .map(|f| inert_line(&f.key).into_owned()),
    );
    head.push("appraisal".into());
    head.push("notes".into());
    w.write_record(&head).map_err(err)?;
    for s in studies {
        let mut row = vec![
            s.id.clone(),
            s.reference.map(|r| r.to_string()).unwrap_or_default(),
            s.title.clone(),
            s.authors.join("; "),
            s.year.map(|y| y.to_string()).unwrap_or_default(),
            s.journal.clone().unwrap_or_default(),
            s.doi.clone().unwrap_or_default(),
            s.design.clone().unwrap_or_default(),
            s.tags.join("; "),
        ];
        for f in &review.fields {
            row.push(match s.extraction_value(&f.key) {
                Some(FieldValue::List(v)) => v.join("; "),
                Some(v) => v.to_string(),
                None => String::new(),
            });
        }
        row.push(appraisal::study_judgement(s).unwrap_or_default());
        row.push(s.notes.clone().unwrap_or_default());
        let row: Vec<String> = row.iter().map(|c| inert_line(c).into_owned()).collect();
        w.write_record(&row).map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Fail::usage(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn markdown(review: &Review, studies: &[&Study]) -> String {
    let cell = |x: &str| inert_line(x).replace('|', "\\|");
    let mut s =
        String::from("| Ref | Study | Design | Appraisal | Title |\n|---:|---|---|---|---|\n");
    for st in studies {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            st.reference.map(|r| r.to_string()).unwrap_or_default(),
            cell(&st.short_citation()),
            cell(&design_short(review, st)),
            cell(&appraisal::study_judgement(st).unwrap_or_default()),
            cell(&st.title)
        );
    }
    s
}

fn answer_json(a: &Answer) -> J {
    match a {
        Answer::Text(s) => J::String(s.clone()),
        Answer::Int(i) => J::from(*i),
    }
}

fn field_json(v: &FieldValue) -> J {
    match v {
        FieldValue::Text(s) => J::String(s.clone()),
        FieldValue::Integer(i) => J::from(*i),
        FieldValue::Number(n) => json!(n),
        FieldValue::List(l) => json!(l),
    }
}

/// A study as JSON with the same keys and value types as its file.
pub fn study_json(s: &Study) -> J {
    let mut m = Map::new();
    m.insert("id".into(), json!(s.id));
    m.insert("ref".into(), json!(s.reference));
    if s.ref_shared {
        m.insert("ref_shared".into(), json!(true));
    }
    m.insert("title".into(), json!(s.title));
    m.insert("authors".into(), json!(s.authors));
    m.insert("year".into(), json!(s.year));
    m.insert("journal".into(), json!(s.journal));
    m.insert("volume".into(), json!(s.volume));
    m.insert("issue".into(), json!(s.issue));
    m.insert("pages".into(), json!(s.pages));
    m.insert("doi".into(), json!(s.doi));
    m.insert("pmid".into(), json!(s.pmid));
    m.insert("url".into(), json!(s.url));
    m.insert("design".into(), json!(s.design));
    m.insert("tags".into(), json!(s.tags));
    m.insert("keywords".into(), json!(s.keywords));
    m.insert("notes".into(), json!(s.notes));
    m.insert("abstract".into(), json!(s.r#abstract));
    let ex: Map<String, J> = s
        .extraction
        .iter()
        .map(|(k, v)| (k.clone(), field_json(v)))
        .collect();
    m.insert("extraction".into(), J::Object(ex));
    let ap: Vec<J> = s
        .appraisals
        .iter()
        .map(|a| {
            let mut o = Map::new();
            o.insert("instrument".into(), json!(a.instrument));
            o.insert("reviewer".into(), json!(a.reviewer));
            if let Some(c) = a.category {
                o.insert("category".into(), json!(c));
            }
            let answers: Map<String, J> = a
                .answers
                .iter()
                .map(|(k, v)| (k.clone(), answer_json(v)))
                .collect();
            o.insert("answers".into(), J::Object(answers));
            o.insert("overall".into(), json!(a.overall));
            o.insert("comment".into(), json!(a.comment));
            J::Object(o)
        })
        .collect();
    m.insert("appraisals".into(), J::Array(ap));
    for (k, v) in &s.extra {
        m.insert(k.clone(), v.clone());
    }
    J::Object(m)
}
