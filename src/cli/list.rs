//! `litrev list`: the studies, filtered, as text, CSV, JSON or Markdown.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::{Fail, FilterArgs, Paint, colour_stdout, emit, emit_json, open, pad, select, width};
use crate::appraisal;
use crate::manuscript::cite::{self, AuthorYears, Cited};
use crate::manuscript::render::{Table, csv_cell, study_json};
use crate::model::{CitationStyle, FieldValue, Review, Study};
use crate::text::inert_line;

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
    filter: &FilterArgs,
    format: Format,
    cite: Option<CitationStyle>,
) -> Result<ExitCode, Fail> {
    let loaded = open(review)?;
    let style = cite.unwrap_or(loaded.review.citation_style);
    let chosen = select(&loaded, filter)?;
    let studies: Vec<&Study> = chosen.iter().map(|e| &e.study).collect();
    let out = match format {
        Format::Text => text(
            &loaded.review,
            &studies,
            loaded.studies.len(),
            Paint(colour_stdout()),
        ),
        Format::Csv => csv(&loaded.review, &studies)
            .map_err(|e| Fail::usage(format!("cannot write CSV: {e}")))?,
        Format::Markdown => {
            let letters = AuthorYears::for_style(style, loaded.studies.iter().map(|e| &e.study));
            markdown(&loaded.review, &studies, style, &letters).markdown()
        }
        Format::Json => {
            // Written as it is made: one study's value at a time.
            return emit_json(|ser| {
                use serde::Serializer as _;
                ser.collect_seq(studies.iter().map(|s| study_json(s)))
            })
            .map(|()| ExitCode::SUCCESS);
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
                inert_line(
                    &appraisal::study_judgement(&review.instruments, &s.appraisals)
                        .unwrap_or_default(),
                )
                .into_owned(),
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

/// The studies with every column of their files, for CSV.
/// The studies as CSV (the cells as [`Table::csv`] writes them), one row
/// written at a time: no table of every cell of every study is built first,
/// which at 100 000 studies was more memory than the review itself.
fn csv(review: &Review, studies: &[&Study]) -> Result<String, csv::Error> {
    let mut head: Vec<String> = [
        "id", "ref", "title", "authors", "year", "journal", "doi", "design", "tags",
    ]
    .map(String::from)
    .to_vec();
    head.extend(review.fields.iter().map(|f| f.key.clone()));
    head.push("appraisal".into());
    head.push("notes".into());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(head.iter().map(|c| csv_cell(c).into_owned()))?;
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
        row.push(
            appraisal::study_judgement(&review.instruments, &s.appraisals).unwrap_or_default(),
        );
        row.push(s.notes.clone().unwrap_or_default());
        w.write_record(row.iter().map(|c| csv_cell(c).into_owned()))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    // Every cell was a `str`, so the bytes are UTF-8: no copy is made.
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// The studies as the manuscript's table of included studies, each cited
/// in `style`: its number, or its key (`[@id]`, `\cite{id}`), or author
/// and year.
pub(crate) fn markdown(
    review: &Review,
    studies: &[&Study],
    style: CitationStyle,
    letters: &AuthorYears,
) -> Table {
    let head = if style.is_numeric() {
        "Ref"
    } else {
        "Citation"
    };
    let mut t = Table::new([head, "Study", "Design", "Appraisal", "Title"]);
    if style.is_numeric() {
        t = t.right(0);
    }
    for st in studies {
        let mut cited = [Cited::of(st)];
        letters.apply(&mut cited);
        t.push(vec![
            cite::cell(style, &cited),
            st.short_citation(),
            design_short(review, st),
            appraisal::study_judgement(&review.instruments, &st.appraisals).unwrap_or_default(),
            st.title.clone(),
        ]);
    }
    t
}
