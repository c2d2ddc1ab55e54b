//! `litrev screen list`: the records, their keys, decisions and state.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use serde_json::{Value as J, json};

use super::{Format, StateArg, open};
use crate::cli::{Fail, emit, emit_json, pad, width};
use crate::screening::{Screening, Stage, State, Who};
use crate::text::inert_line;

/// Runs `litrev screen list`.
pub fn run(
    review: Option<&Path>,
    stage: Option<Stage>,
    states: &[StateArg],
    format: Format,
) -> Result<ExitCode, Fail> {
    let s = open(review)?;
    let shown_stage = stage.unwrap_or(Stage::TitleAbstract);
    let wanted: Vec<State> = states.iter().map(|x| State::from(*x)).collect();
    let chosen: Vec<usize> = (0..s.records.len())
        .filter(|&r| stage.is_none_or(|st| s.in_stage(r, st)))
        .filter(|&r| wanted.is_empty() || wanted.contains(&s.state(r, shown_stage)))
        .collect();
    match format {
        Format::Json => emit_json(|ser| {
            use serde::Serializer as _;
            ser.collect_seq(chosen.iter().map(|&r| record_json(&s, r)))
        })?,
        Format::Text => emit(&text(&s, &chosen, shown_stage))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// One record as JSON: its key and fields, its sources, every decision
/// and its state at each stage.
pub fn record_json(s: &Screening, r: usize) -> J {
    let rec = &s.records[r];
    let st = &rec.study;
    let mut decisions = serde_json::Map::new();
    let mut state = serde_json::Map::new();
    for stage in Stage::ALL {
        let marks: Vec<J> = s
            .marks(r, stage)
            .iter()
            .map(|m| {
                json!({"reviewer": m.who.name(), "decision": m.row.decision.name(),
                       "reason": m.row.reason, "note": m.row.note, "time": m.row.time})
            })
            .collect();
        decisions.insert(stage.name().into(), J::Array(marks));
        state.insert(
            stage.name().into(),
            if s.in_stage(r, stage) {
                json!(s.state(r, stage).name())
            } else {
                J::Null
            },
        );
    }
    let sources: Vec<J> = rec
        .sources
        .iter()
        .map(|(i, origin)| {
            let search = s.config.searches.get(*i);
            json!({"database": search.map(|x| x.database.as_str()),
                   "file": search.map(|x| x.file.as_str()),
                   "at": origin.to_string()})
        })
        .collect();
    json!({
        "key": rec.key,
        "aliases": rec.aliases,
        "title": st.title,
        "authors": st.authors,
        "year": st.year,
        "journal": st.journal,
        "doi": st.doi,
        "pmid": st.pmid,
        "sources": sources,
        "decisions": decisions,
        "state": state,
        "full_text": s.location(r),
    })
}

fn text(s: &Screening, chosen: &[usize], stage: Stage) -> String {
    let mut who: Vec<Who> = s
        .reviewers()
        .into_iter()
        .map(|r| Who::Reviewer(r.to_string()))
        .collect();
    if chosen
        .iter()
        .any(|&r| s.mark_of(&Who::Consensus, r, stage).is_some())
    {
        who.push(Who::Consensus);
    }
    let mut head: Vec<String> = vec!["key".into(), "state".into()];
    head.extend(who.iter().map(|w| w.name().to_string()));
    head.extend(["year".into(), "author".into(), "title".into()]);
    let rows: Vec<Vec<String>> = chosen
        .iter()
        .map(|&r| {
            let st = &s.records[r].study;
            let mut row = vec![
                s.records[r].key.clone(),
                if s.in_stage(r, stage) {
                    s.state(r, stage).name().to_string()
                } else {
                    "-".into()
                },
            ];
            for w in &who {
                row.push(
                    s.mark_of(w, r, stage)
                        .map(|m| m.decision.name().to_string())
                        .unwrap_or_else(|| "-".into()),
                );
            }
            row.push(st.year.map(|y| y.to_string()).unwrap_or_default());
            row.push(inert_line(st.first_author()).into_owned());
            row.push(inert_line(&st.title).into_owned());
            row.iter_mut().for_each(|c| *c = inert_line(c).into_owned());
            row
        })
        .collect();
    let n = head.len();
    let mut widths: Vec<usize> = head.iter().map(|h| width(h)).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(c));
        }
    }
    let line = |cells: &[String]| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == n {
                l.push_str(c);
            } else {
                let _ = write!(l, "{}  ", pad(c, widths[i]));
            }
        }
        l.trim_end().to_string()
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", line(&head));
    for r in &rows {
        let _ = writeln!(out, "{}", line(r));
    }
    let _ = writeln!(
        out,
        "{} of {} records ({})",
        chosen.len(),
        s.records.len(),
        stage.name()
    );
    out
}
