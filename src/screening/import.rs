//! Decisions made elsewhere: the CSV exports of ASReview (a label column:
//! `included`, `label_included` or `asreview_label`, 1 or 0), Rayyan (the
//! decisions inside `notes`: `RAYYAN-INCLUSION: {"Ana"=>"Included"}`, and
//! `RAYYAN-EXCLUSION-REASONS`), Covidence (one export per decision: the
//! decision is given on the command line) or any table with a `decision`
//! column (include, exclude, maybe, not-retrieved) and a `reason` column.
//! Each row is matched to a record by DOI, PMID, title + year + first
//! author, or a title only one record has.

use std::collections::HashMap;
use std::path::Path;

use super::{Decision, Screening, key};
use crate::interop::{self, Format, Origin, plan::title_key};
use crate::text::inert_line;

/// One decision read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub record: usize,
    pub decision: Decision,
    pub reason: String,
    /// The row's line in the file.
    pub line: usize,
}

/// What a file gave.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub decisions: Vec<Incoming>,
    /// Rows without a decision (an unlabelled record of ASReview).
    pub skipped: usize,
}

/// The decision a cell states, if any.
fn word(cell: &str) -> Option<Decision> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "1" | "include" | "included" | "yes" | "true" | "relevant" => Some(Decision::Include),
        "0" | "exclude" | "excluded" | "no" | "false" | "irrelevant" => Some(Decision::Exclude),
        "maybe" | "undecided" | "unsure" => Some(Decision::Maybe),
        "not-retrieved" | "not retrieved" => Some(Decision::NotRetrieved),
        _ => None,
    }
}

/// The (reviewer, verdict) pairs of Rayyan's `RAYYAN-INCLUSION: {"A"=>"Included", …}`.
fn rayyan_inclusion(notes: &str) -> Vec<(String, String)> {
    let Some(part) = notes
        .split('|')
        .find_map(|p| p.trim().strip_prefix("RAYYAN-INCLUSION:"))
    else {
        return Vec::new();
    };
    let inner = part.trim().trim_start_matches('{').trim_end_matches('}');
    inner
        .split(',')
        .filter_map(|pair| {
            let (who, what) = pair.split_once("=>")?;
            let unq = |s: &str| s.trim().trim_matches('"').to_string();
            Some((unq(who), unq(what)))
        })
        .collect()
}

/// Rayyan's `RAYYAN-EXCLUSION-REASONS: a,b`.
fn rayyan_reasons(notes: &str) -> String {
    notes
        .split('|')
        .find_map(|p| p.trim().strip_prefix("RAYYAN-EXCLUSION-REASONS:"))
        .map(|r| {
            r.split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}

/// Reads the decisions of the CSV at `path`. `default`: the decision of rows
/// that state none (a Covidence export); `rayyan_reviewer`: whose Rayyan
/// decisions to take when several reviewers are in the file. Every row that
/// cannot be used is an error at file:line; then nothing is read.
pub fn read(
    s: &Screening,
    path: &Path,
    default: Option<Decision>,
    rayyan_reviewer: Option<&str>,
) -> Result<Read, Vec<String>> {
    let shown = inert_line(&path.display().to_string()).into_owned();
    let bytes = std::fs::read(path).map_err(|e| vec![format!("{shown}: {e}")])?;
    let text = interop::decode(&bytes);
    if interop::detect(&text) != Some(Format::Csv) {
        return Err(vec![format!(
            "{shown}:1:1: not a CSV export with a Title column (ASReview, Rayyan, Covidence)"
        )]);
    }
    let parsed = interop::read(&text, Format::Csv);
    // The decision columns, row by row (by line, as the reader numbers them).
    let body = text.trim_start_matches('\u{feff}');
    let delim = [b',', b'\t', b';']
        .into_iter()
        .find(|d| body.lines().next().is_some_and(|l| l.contains(*d as char)))
        .unwrap_or(b',');
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delim)
        .from_reader(body.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map(|h| h.iter().map(|x| x.trim().to_ascii_lowercase()).collect())
        .unwrap_or_default();
    let col = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| headers.iter().position(|h| h == n))
    };
    let label = col(&[
        "decision",
        "included",
        "label_included",
        "asreview_label",
        "label",
    ]);
    let reason_col = col(&["reason", "exclusion reason", "exclusion reasons", "reasons"]);
    let notes_col = col(&["notes"]);
    let mut cells: HashMap<usize, csv::StringRecord> = HashMap::new();
    for r in rdr.records().flatten() {
        if let Some(p) = r.position() {
            cells.insert(p.line() as usize, r);
        }
    }
    let mut errors: Vec<String> = parsed
        .bad
        .iter()
        .map(|b| format!("{shown}:{}: {}", b.origin, inert_line(&b.reason)))
        .collect();
    // Titles only one record has, for rows with nothing better to go by.
    let mut by_title: HashMap<String, Option<usize>> = HashMap::new();
    for (i, r) in s.records.iter().enumerate() {
        by_title
            .entry(title_key(&r.study.title))
            .and_modify(|e| *e = None)
            .or_insert(Some(i));
    }
    let mut out = Read::default();
    for rec in &parsed.records {
        let line = match rec.origin {
            Origin::Line(n) => n,
            Origin::Key(_) => 0,
        };
        let st = &rec.study;
        let found = key::doi(st)
            .and_then(|d| s.find(&format!("doi:{d}")))
            .or_else(|| key::pmid(st).and_then(|p| s.find(&format!("pmid:{p}"))))
            .or_else(|| key::identity(st).and_then(|i| s.find(&format!("hash:{}", key::hash(&i)))))
            .or_else(|| by_title.get(&title_key(&st.title)).copied().flatten());
        let Some(record) = found else {
            errors.push(format!(
                "{shown}:{line}: no record of the searches matches this row (\"{}\")",
                inert_line(&st.title.chars().take(60).collect::<String>())
            ));
            continue;
        };
        let row = cells.get(&line);
        let cell = |c: Option<usize>| {
            c.and_then(|i| row.and_then(|r| r.get(i)))
                .map(str::trim)
                .unwrap_or("")
                .to_string()
        };
        let notes = cell(notes_col);
        let mut reason = cell(reason_col);
        let mut decision = None;
        if label.is_some() {
            let v = cell(label);
            if v.is_empty() {
                out.skipped += 1;
                continue;
            }
            match word(&v) {
                Some(d) => decision = Some(d),
                None => {
                    errors.push(format!(
                        "{shown}:{line}: \"{}\" is not a decision (include, exclude, maybe, not-retrieved, 1 or 0)",
                        inert_line(&v)
                    ));
                    continue;
                }
            }
        } else {
            let verdicts = rayyan_inclusion(&notes);
            if !verdicts.is_empty() {
                let chosen: Vec<&(String, String)> = match rayyan_reviewer {
                    Some(who) => verdicts.iter().filter(|(w, _)| w == who).collect(),
                    None => verdicts.iter().collect(),
                };
                let words: Vec<Option<Decision>> = chosen.iter().map(|(_, v)| word(v)).collect();
                match words.first() {
                    None => {
                        out.skipped += 1;
                        continue;
                    }
                    Some(first) if words.iter().all(|w| w == first) && first.is_some() => {
                        decision = *first;
                    }
                    _ => {
                        let list: Vec<String> =
                            chosen.iter().map(|(w, v)| format!("{w}: {v}")).collect();
                        errors.push(format!(
                            "{shown}:{line}: the Rayyan decisions here differ or are unknown ({}): take one reviewer's with --rayyan-reviewer NAME",
                            inert_line(&list.join(", "))
                        ));
                        continue;
                    }
                }
                if reason.is_empty() {
                    reason = rayyan_reasons(&notes);
                }
            }
        }
        let Some(decision) = decision.or(default) else {
            errors.push(format!(
                "{shown}:{line}: this row states no decision (no decision, included, label_included or asreview_label column, no Rayyan decision): give the decision on the command line"
            ));
            continue;
        };
        out.decisions.push(Incoming {
            record,
            decision,
            reason,
            line,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rayyan_notes_are_read() {
        let n = "RAYYAN-INCLUSION: {\"Ana\"=>\"Included\", \"Bo\"=>\"Excluded\"} | RAYYAN-LABELS: x | RAYYAN-EXCLUSION-REASONS: wrong population,wrong outcome";
        assert_eq!(
            rayyan_inclusion(n),
            vec![
                ("Ana".to_string(), "Included".to_string()),
                ("Bo".to_string(), "Excluded".to_string())
            ]
        );
        assert_eq!(rayyan_reasons(n), "wrong population; wrong outcome");
        assert_eq!(word("Included"), Some(Decision::Include));
        assert_eq!(word("0"), Some(Decision::Exclude));
    }
}
