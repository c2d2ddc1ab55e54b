//! `litrev prisma`: the PRISMA 2020 flow of `review.toml`'s `[prisma]`,
//! its arithmetic checked.

use std::path::Path;
use std::process::ExitCode;

use super::{EXIT_DATA, Fail, emit_to, note, open};
use crate::manuscript::render::json_text;
use crate::store::REVIEW_FILE;

/// Output formats of `litrev prisma`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Json,
    /// The flow diagram for the manuscript.
    Svg,
}

/// Runs `litrev prisma`: the flow on stdout (or `--out`), every place the
/// numbers do not add up on stderr; exit 1 when there is any.
pub fn run(review: Option<&Path>, format: Format, out: Option<&Path>) -> Result<ExitCode, Fail> {
    let loaded = open(review)?;
    let Some(p) = &loaded.review.prisma else {
        return Err(Fail::data(format!(
            "{} has no [prisma] table: add the counts of the flow diagram there (docs/format.md, \"PRISMA 2020 flow\")",
            crate::text::inert_line(&loaded.root.join(REVIEW_FILE).display().to_string())
        )));
    };
    let files = loaded.studies.len() + loaded.broken.len() + loaded.conflicted.len();
    let title = &loaded.review.title;
    let text = match format {
        Format::Text => p.text(title),
        Format::Markdown => p.markdown(title),
        Format::Json => json_text(&p.json(Some(files)))
            .map_err(|e| Fail::usage(format!("cannot write JSON: {e}")))?,
        Format::Svg => format!("{}\n", crate::manuscript::figure::prisma_flow(p, title)),
    };
    emit_to(&text, out)?;
    let problems = p.problems(&loaded.root.join(REVIEW_FILE), Some(files));
    for problem in &problems {
        note(&problem.to_string());
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        note(&format!(
            "litrev: the PRISMA counts do not add up in {} {} (the flow is written as given)",
            problems.len(),
            if problems.len() == 1 {
                "place"
            } else {
                "places"
            }
        ));
        ExitCode::from(EXIT_DATA)
    })
}
