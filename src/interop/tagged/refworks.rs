//! RefWorks tagged format: a two-character tag, one space, the value (`RT
//! Journal Article`, `A1 Stansfeld,Stephen`); `RT` starts a record and a
//! blank line ends it. An optional preamble (the tag legend RefWorks writes
//! first) is skipped.

use serde_json::json;

use crate::interop::{Origin, Parsed, Record, clean, kind, names};
use crate::model::Study;

/// A tag line: `(tag, value)`: a capital, a capital or digit, then a space
/// or the end of the line.
fn tag_line(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    if b.len() < 2
        || !b[0].is_ascii_uppercase()
        || !(b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
        || (b.len() > 2 && b[2] != b' ')
    {
        return None;
    }
    let value = line[2..].trim();
    // RIS and Ovid write `TAG  - value`: not this format.
    if value.starts_with("- ") || value == "-" {
        return None;
    }
    Some((&line[..2], value))
}

/// True for the line that starts a RefWorks record: `RT` and a type.
pub fn type_line(line: &str) -> bool {
    tag_line(line.trim_start()).is_some_and(|(t, v)| t == "RT" && !v.is_empty())
}

/// Reads RefWorks tagged text.
pub fn read(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut cur: Option<(usize, Vec<(String, String)>)> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            if let Some((start, tags)) = cur.take() {
                out.push(record(&tags, start));
            }
            continue;
        }
        match tag_line(line) {
            Some(("RT", v)) => {
                if let Some((start, tags)) = cur.take() {
                    out.push(record(&tags, start));
                }
                cur = Some((i + 1, vec![("RT".into(), v.to_string())]));
            }
            Some((tag, v)) => {
                if let Some((_, tags)) = cur.as_mut() {
                    tags.push((tag.to_string(), v.to_string()));
                }
            }
            None => {
                // A continuation line inside a record; the preamble outside.
                if let Some((_, tags)) = cur.as_mut()
                    && let Some((tag, v)) = tags.last_mut()
                {
                    v.push(if tag == "NO" { '\n' } else { ' ' });
                    v.push_str(line.trim());
                }
            }
        }
    }
    if let Some((start, tags)) = cur.take() {
        out.push(record(&tags, start));
    }
    out
}

fn record(tags: &[(String, String)], line: usize) -> Record {
    let all = |tag: &'static str| {
        tags.iter()
            .filter(move |(t, v)| t == tag && !v.is_empty())
            .map(|(_, v)| v.as_str())
    };
    let first = |ts: &[&'static str]| ts.iter().find_map(|t| all(t).next());
    let people = |tag: &'static str| -> Vec<String> {
        all(tag)
            .flat_map(|v| v.split(';'))
            .map(names::person)
            .filter(|p| !p.is_empty())
            .collect()
    };
    let rt = first(&["RT"]).and_then(clean::some);
    let record_kind = rt.as_deref().and_then(kind::from_words);
    let contained = matches!(record_kind, Some("chapter" | "paper-conference"));
    let mut s = Study {
        title: first(&["T1"]).map(clean::title).unwrap_or_default(),
        authors: people("A1"),
        year: first(&["YR", "FD"]).and_then(clean::year),
        journal: if contained {
            first(&["T2", "JF", "JO"])
        } else {
            first(&["JF", "JO", "T2"])
        }
        .and_then(clean::some),
        volume: first(&["VO"]).and_then(clean::some),
        issue: first(&["IS"]).and_then(clean::some),
        pages: clean::page_range(first(&["SP"]), first(&["OP"])),
        doi: first(&["DO"])
            .and_then(clean::doi)
            .or_else(|| all("UL").find_map(clean::doi)),
        url: all("UL").chain(all("LK")).find_map(clean::url),
        r#abstract: first(&["AB"]).and_then(clean::some),
        keywords: all("K1")
            .flat_map(|k| k.split(';'))
            .filter_map(clean::some)
            .collect(),
        notes: first(&["NO"]).and_then(clean::multiline),
        ..Study::default()
    };
    s.pmid = all("AN").find_map(clean::accession_pmid);
    let editors = people("A2");
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    let sn = match record_kind {
        Some("book" | "chapter") => "isbn",
        _ => "issn",
    };
    for (tag, key) in [
        ("ID", "source_id"),
        ("SN", sn),
        ("PB", "publisher"),
        ("LA", "language"),
    ] {
        if let Some(v) = first(&[tag]).and_then(clean::some) {
            s.extra.push((key.into(), json!(v)));
        }
    }
    kind::set(&mut s, record_kind);
    Record {
        study: s,
        origin: Origin::Line(line),
        kind: rt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_after_a_preamble() {
        let text = "Refworks Export Tagged Format\n\nTag legend\n*****\nRT=Reference Type\n*****\n\nRT Book, Section\nA1 Stansfeld,Stephen\nA1 Fuhrer,Rebecca\nT1 Depression and coronary heart disease\nT2 Depression and physical illness\nYR 2002\nSP 101\nOP 123\nA2 Stansfeld,Stephen\n\nRT Journal Article\nA1 Allan,Steven\nT1 Anger and social rank\nJF Personality & Individual Differences\nYR 2002\nVO 32\nIS 3\nSP 551\nOP 565\n";
        let p = read(text);
        assert!(p.bad.is_empty(), "{:?}", p.bad);
        assert_eq!(p.records.len(), 2);
        let s = &p.records[0].study;
        assert_eq!(s.authors, ["Stansfeld, Stephen", "Fuhrer, Rebecca"]);
        assert_eq!(
            s.journal.as_deref(),
            Some("Depression and physical illness")
        );
        assert_eq!(s.pages.as_deref(), Some("101-123"));
        assert_eq!(kind::of(s), "chapter");
        assert_eq!(p.records[1].study.issue.as_deref(), Some("3"));
        assert_eq!(p.records[1].origin, Origin::Line(18));
        assert!(type_line("RT Journal Article"));
        assert!(!type_line("RT  - x"));
    }
}
