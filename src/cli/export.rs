//! `litrev export`: the characteristics-of-included-studies table (CSV,
//! Markdown) or the records as reference files (RIS, BibTeX, CSL-JSON),
//! to stdout or written atomically to `--out FILE`.

use std::path::Path;
use std::process::ExitCode;

use super::{Fail, FilterArgs, open, select};
use crate::appraisal;
use crate::interop::export;
use crate::manuscript::render::{Table, json_seq_text};
use crate::model::{FieldValue, Review, Study};

/// What `litrev export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The characteristics table as CSV.
    Csv,
    /// The characteristics table as a Markdown table.
    Markdown,
    /// The records as RIS.
    Ris,
    /// The records as BibTeX.
    Bibtex,
    /// The records as CSL-JSON.
    Csljson,
    /// robvis's appraisal CSV (`Study,D1..Dn,Overall,Weight`) for one
    /// instrument (`--instrument`)
    Robvis,
}

/// Runs `litrev export`. A study's `notes` are the review team's own and
/// stay out of the records written unless `with_notes` (`--with-notes`).
pub fn run(
    review: Option<&Path>,
    filter: &FilterArgs,
    format: Format,
    with_notes: bool,
    out: &super::out::OutArgs,
) -> Result<ExitCode, Fail> {
    let loaded = open(review)?;
    let mut chosen: Vec<&Study> = select(&loaded, filter)?
        .into_iter()
        .map(|e| &e.study)
        .collect();
    // Ordered by reference number (studies without one last), then id.
    chosen.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    let publishable: Vec<Study>;
    if !with_notes {
        publishable = chosen
            .iter()
            .map(|s| Study {
                notes: None,
                ..(*s).clone()
            })
            .collect();
        chosen = publishable.iter().collect();
    }
    let text = render(&loaded.review, &chosen, format)?;
    let name = clap::ValueEnum::to_possible_value(&format)
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    super::emit_to(&text, out, &format!("export {name}"))?;
    Ok(ExitCode::SUCCESS)
}

fn render(review: &Review, studies: &[&Study], format: Format) -> Result<String, Fail> {
    Ok(match format {
        Format::Csv => characteristics(review, studies)
            .csv()
            .map_err(|e| Fail::usage(format!("cannot write CSV: {e}")))?,
        Format::Markdown => characteristics(review, studies).markdown(),
        Format::Ris => export::ris(studies),
        Format::Bibtex => export::bibtex(studies),
        Format::Csljson => json_seq_text(studies.iter().map(|s| export::csl_item(s)))
            .map_err(|e| Fail::usage(format!("cannot write JSON: {e}")))?,
        // Dispatched to `cli::appraisal::export_robvis` before this point.
        Format::Robvis => return Err(Fail::usage("--format robvis needs --instrument")),
    })
}

/// The characteristics-of-included-studies table: ref, "Author Year",
/// design label, each extraction field, the appraisal with its instrument.
pub fn characteristics(review: &Review, studies: &[&Study]) -> Table {
    let mut head: Vec<String> = vec!["Ref".into(), "Study".into(), "Design".into()];
    head.extend(review.fields.iter().map(|f| f.label.clone()));
    head.push("Appraisal".into());
    let mut t = Table::new(head).right(0);
    for s in studies {
        let mut row = vec![
            s.reference.map(|r| r.to_string()).unwrap_or_default(),
            s.short_citation(),
            super::list::design_short(review, s),
        ];
        for f in &review.fields {
            row.push(match s.extraction_value(&f.key) {
                Some(FieldValue::List(v)) => v.join("; "),
                Some(v) => v.to_string(),
                None => String::new(),
            });
        }
        let judged: Vec<String> = appraisal::Judgement::each(&review.instruments, &s.appraisals)
            .iter()
            .map(|j| format!("{j} ({})", j.instrument))
            .collect();
        row.push(judged.join("; "));
        t.push(row);
    }
    t
}
