//! `litrev prisma`: the PRISMA 2020 flow — counted from the searches and
//! screening decisions when the review has them, else `review.toml`'s
//! `[prisma]` — with its arithmetic checked.

use std::path::Path;
use std::process::ExitCode;

use super::{EXIT_DATA, Fail, emit_to, note, open};
use crate::manuscript::render::json_text;
use crate::model::prisma::Prisma;
use crate::screening::{Screening, prisma as counting};
use crate::store::{Loaded, REVIEW_FILE};
use crate::text::inert_line;
use crate::text::problem::Problem;

/// Output formats of `litrev prisma`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Json,
    /// The flow diagram for the manuscript.
    Svg,
}

/// The flow of a review and what is wrong with it.
#[derive(Debug, Clone)]
pub struct Flow {
    pub prisma: Prisma,
    /// True when counted from `searches/` and `screening/`.
    pub counted: bool,
    /// Where it does not add up (or is not finished), as messages.
    pub issues: Vec<String>,
    /// The same, located for stderr: at the hand-typed numbers, or (for a
    /// counted flow) messages without a place.
    pub problems: Vec<String>,
}

/// The study files in the review's folder: the usable ones, the broken
/// and the conflicted (what "studies included" is checked against).
pub fn study_files(loaded: &Loaded) -> usize {
    loaded.studies.len() + loaded.broken.len() + loaded.conflicted.len()
}

/// The review's flow: counted from the data when there are searches and
/// decisions, else the hand-typed `[prisma]`; `None` when there is neither.
pub fn flow(loaded: &Loaded) -> Result<Option<Flow>, Fail> {
    let files = study_files(loaded);
    let review_toml = loaded.root.join(REVIEW_FILE);
    if Screening::present(&loaded.root) {
        let s = Screening::open(&loaded.root).map_err(Fail::usage)?;
        if !s.config.searches.is_empty() {
            let hand = loaded.review.prisma.as_ref();
            let c = counting::count(&s, hand);
            let mut issues: Vec<String> = c
                .unsettled
                .iter()
                .map(|u| format!("screening is not finished: {u}"))
                .collect();
            if c.unsettled.is_empty() {
                issues.extend(c.prisma.issues(None).into_iter().map(|i| i.message));
            }
            let included = c.prisma.studies_included.as_ref().map_or(0, |n| n.n) as usize;
            let extra = c
                .prisma
                .previous
                .as_ref()
                .and_then(|p| p.studies.as_ref())
                .map_or(0, |n| n.n) as usize;
            if included + extra != files {
                issues.push(format!(
                    "{} included at full text{}, but the studies folder holds {} study {} (`litrev screen promote` adds the included records)",
                    included,
                    if extra > 0 { format!(" and {extra} from the previous version") } else { String::new() },
                    files,
                    if files == 1 { "file" } else { "files" }
                ));
            }
            let mut problems: Vec<String> = issues.iter().map(|i| format!("litrev: {i}")).collect();
            if let Some(h) = hand {
                problems.extend(
                    counting::disagreements(h, &c.prisma, &review_toml)
                        .iter()
                        .map(Problem::to_string),
                );
            }
            return Ok(Some(Flow {
                prisma: c.prisma,
                counted: true,
                issues,
                problems,
            }));
        }
    }
    let Some(p) = &loaded.review.prisma else {
        return Ok(None);
    };
    Ok(Some(Flow {
        issues: p
            .issues(Some(files))
            .into_iter()
            .map(|i| i.message)
            .collect(),
        problems: p
            .problems(&review_toml, Some(files))
            .iter()
            .map(Problem::to_string)
            .collect(),
        prisma: p.clone(),
        counted: false,
    }))
}

/// Runs `litrev prisma`: the flow on stdout (or `--out`), every place the
/// numbers do not add up on stderr; exit 1 when there is any.
pub fn run(
    review: Option<&Path>,
    format: Format,
    out: &super::out::OutArgs,
) -> Result<ExitCode, Fail> {
    let loaded = open(review)?;
    let Some(f) = flow(&loaded)? else {
        return Err(Fail::data(format!(
            "{} has no [prisma] table and no searches: add the counts of the flow diagram there (docs/format.md, \"PRISMA 2020 flow\"), or screen the searches' records (docs/screening.md)",
            inert_line(&loaded.root.join(REVIEW_FILE).display().to_string())
        )));
    };
    let files = study_files(&loaded);
    let title = &loaded.review.title;
    let p = &f.prisma;
    let text = match format {
        Format::Text => p.text(title),
        Format::Markdown => p.markdown(title),
        Format::Json => {
            let mut j = p.json(Some(files));
            if f.counted {
                j["counted_from"] = serde_json::json!("searches and screening decisions");
                j["consistent"] = serde_json::json!(f.problems.is_empty());
                j["problems"] = f
                    .issues
                    .iter()
                    .map(|m| serde_json::json!({"message": m}))
                    .collect();
            }
            json_text(&j).map_err(|e| Fail::usage(format!("cannot write JSON: {e}")))?
        }
        Format::Svg => format!("{}\n", crate::manuscript::figure::prisma_flow(p, title)),
    };
    let name = clap::ValueEnum::to_possible_value(&format)
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    emit_to(&text, out, &format!("prisma {name}"))?;
    for problem in &f.problems {
        note(problem);
    }
    Ok(if f.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        note(&format!(
            "litrev: the PRISMA counts do not add up in {} {} (the flow is written as {})",
            f.problems.len(),
            if f.problems.len() == 1 {
                "place"
            } else {
                "places"
            },
            if f.counted { "counted" } else { "given" }
        ));
        ExitCode::from(EXIT_DATA)
    })
}
