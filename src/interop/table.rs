//! CSV exports of review platforms: Covidence (`Title, Authors, Abstract,
//! Published Year, ..., Covidence #, Study, Notes, Tags`) and Rayyan (`key,
//! title, year, ..., authors, ..., notes` with the screening decisions and
//! labels inside `notes`). Headers are matched by name, case-insensitively;
//! ragged rows are tolerated.

use serde_json::json;

use super::clean;
use super::{Bad, Origin, Parsed, Record};
use crate::review::Study;

/// True when the first line reads as a CSV header with a title column.
pub fn looks_like_csv(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("");
    first.contains(',')
        && first
            .split(',')
            .any(|h| h.trim().trim_matches('"').eq_ignore_ascii_case("title"))
}

/// Reads a Covidence or Rayyan CSV export.
pub fn read(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            out.bad.push(Bad {
                origin: Origin::Line(1),
                reason: format!("no CSV header: {e}"),
            });
            return out;
        }
    };
    if !headers.iter().any(|h| h == "title") {
        out.bad.push(Bad {
            origin: Origin::Line(1),
            reason: "the CSV has no Title column".into(),
        });
        return out;
    }
    let rayyan = headers.iter().any(|h| h == "key") && !headers.iter().any(|h| h == "covidence #");
    for row in reader.records() {
        match row {
            Ok(r) => {
                let line = r.position().map(|p| p.line() as usize).unwrap_or(0);
                let get = |name: &str| {
                    headers
                        .iter()
                        .position(|h| h == name)
                        .and_then(|i| r.get(i))
                        .and_then(clean::some)
                };
                out.push(record(&get, rayyan, line));
            }
            Err(e) => out.bad.push(Bad {
                origin: Origin::Line(e.position().map(|p| p.line() as usize).unwrap_or(0)),
                reason: format!("this row cannot be read: {e}"),
            }),
        }
    }
    out
}

/// The labels Rayyan writes into `notes` (`RAYYAN-LABELS: a,b`).
pub(super) fn rayyan_labels(notes: &str) -> Vec<String> {
    notes
        .split('|')
        .filter_map(|part| part.trim().strip_prefix("RAYYAN-LABELS:"))
        .flat_map(|l| l.split(','))
        .filter_map(clean::some)
        .collect()
}

fn record(get: &dyn Fn(&str) -> Option<String>, rayyan: bool, line: usize) -> Record {
    let authors: Vec<String> = get("authors")
        .map(|a| {
            let sep = if rayyan { " and " } else { ";" };
            a.split(sep)
                .map(clean::person)
                .filter(|p| !p.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let notes = get("notes");
    let mut tags: Vec<String> = get("tags")
        .map(|t| t.split(';').filter_map(clean::some).collect())
        .unwrap_or_default();
    if let Some(n) = &notes {
        tags.extend(rayyan_labels(n));
    }
    let mut s = Study {
        title: get("title").map(|t| clean::title(&t)).unwrap_or_default(),
        authors,
        year: get("published year")
            .or_else(|| get("year"))
            .and_then(|y| clean::year(&y)),
        journal: get("journal"),
        volume: get("volume"),
        issue: get("issue"),
        pages: get("pages").and_then(|p| clean::pages(&p)),
        doi: get("doi").and_then(|d| clean::doi(&d)),
        pmid: get("pubmed_id")
            .or_else(|| get("pmid"))
            .and_then(|p| clean::pmid(&p)),
        url: get("url"),
        r#abstract: get("abstract"),
        keywords: get("keywords")
            .map(|k| k.split([';', ',']).filter_map(clean::some).collect())
            .unwrap_or_default(),
        tags,
        notes,
        ..Study::default()
    };
    for (column, key) in [
        ("covidence #", "covidence_id"),
        ("study", "covidence_study"),
        ("accession number", "accession"),
        ("key", "rayyan_key"),
        ("issn", "issn"),
        ("language", "language"),
        ("publisher", "publisher"),
    ] {
        if let Some(v) = get(column) {
            s.extra.push((key.into(), json!(v)));
        }
    }
    Record {
        study: s,
        origin: Origin::Line(line),
        kind: None,
    }
}
