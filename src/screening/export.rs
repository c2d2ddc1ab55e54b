//! Decisions for the manuscript's supplement: one row per record with each
//! reviewer's decision (and reason) at each stage, the consensus and where
//! the record stands; and the table of full texts excluded with reasons.

use super::{Screening, Stage, Who};
use crate::manuscript::render::markdown_cell;
use crate::model::Study;

/// The decisions as CSV: one row per record, columns per stage and reviewer.
/// `studies`: the review's studies, to name the study each included record
/// became.
pub fn decisions_csv(s: &Screening, studies: &[&Study]) -> Result<String, String> {
    let mut became: std::collections::HashMap<usize, &str> = Default::default();
    for st in studies {
        if let Some(r) = super::promote::linked(st).and_then(|k| s.find(k)) {
            became.entry(r).or_insert(&st.id);
        }
    }
    let reviewers: Vec<String> = s.reviewers().into_iter().map(str::to_string).collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["key", "title", "authors", "year", "doi", "pmid", "sources"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    for stage in Stage::ALL {
        for r in reviewers.iter().map(String::as_str).chain(["consensus"]) {
            header.push(format!("{stage} {r}"));
            header.push(format!("{stage} {r} reason"));
        }
        header.push(format!("{stage} state"));
    }
    header.push("study".into());
    w.write_record(&header).map_err(|e| e.to_string())?;
    for (i, rec) in s.records.iter().enumerate() {
        let st = &rec.study;
        let sources: Vec<String> = rec
            .sources
            .iter()
            .map(|(si, _)| {
                s.config
                    .searches
                    .get(*si)
                    .map_or("", |x| x.database.as_str())
                    .to_string()
            })
            .collect();
        let mut sources_dedup: Vec<String> = Vec::new();
        for x in sources {
            if !sources_dedup.contains(&x) {
                sources_dedup.push(x);
            }
        }
        let mut row: Vec<String> = vec![
            rec.key.clone(),
            st.title.clone(),
            st.authors.join("; "),
            st.year.map(|y| y.to_string()).unwrap_or_default(),
            st.doi.clone().unwrap_or_default(),
            st.pmid.clone().unwrap_or_default(),
            sources_dedup.join("; "),
        ];
        for stage in Stage::ALL {
            let in_stage = s.in_stage(i, stage);
            for who in reviewers
                .iter()
                .map(|r| Who::Reviewer(r.clone()))
                .chain([Who::Consensus])
            {
                match s.mark_of(&who, i, stage) {
                    Some(m) => {
                        row.push(m.decision.name().to_string());
                        row.push(m.reason.clone());
                    }
                    None => {
                        row.push(String::new());
                        row.push(String::new());
                    }
                }
            }
            row.push(if in_stage {
                s.state(i, stage).name().to_string()
            } else {
                String::new()
            });
        }
        row.push(became.get(&i).map(|id| id.to_string()).unwrap_or_default());
        w.write_record(&row).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// The full texts excluded, with their reasons, as a Markdown table
/// (`None` when there are none).
pub fn excluded_markdown(s: &Screening) -> Option<String> {
    let mut rows = Vec::new();
    for (i, rec) in s.records.iter().enumerate() {
        if let Some(reason) = s.final_reason(i) {
            rows.push((rec, reason));
        }
    }
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| {
        (a.0.study.first_author(), a.0.study.year, &a.0.key).cmp(&(
            b.0.study.first_author(),
            b.0.study.year,
            &b.0.key,
        ))
    });
    let mut out = String::from(
        "## Full texts excluded, with reasons\n\n| Study | Title | Reason | Record |\n|---|---|---|---|\n",
    );
    for (rec, reason) in rows {
        let reason = if reason.is_empty() {
            super::prisma::NO_REASON.to_string()
        } else {
            reason
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            markdown_cell(&rec.study.short_citation()),
            markdown_cell(&rec.study.title),
            markdown_cell(&reason),
            markdown_cell(&rec.key)
        ));
    }
    Some(out)
}
