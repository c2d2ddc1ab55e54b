//! PubMed / MEDLINE format (`.nbib`, "PubMed format"): tags padded to four
//! characters then `- `, continuation lines indented, a blank line (or a
//! second `PMID`) between records. `FAU` is preferred to `AU`; the DOI is in
//! `LID` or `AID` marked `[doi]`. A `PMC` line may come before the `PMID`
//! (it is the same record). ERIC and other MEDLINE-style exports have no
//! `PMID` line at all.

use serde_json::json;

use crate::interop::{Origin, Parsed, Record};
use crate::interop::{clean, kind, names};
use crate::model::Study;

/// Tags only MEDLINE-style exports write (RIS and others share the
/// two-letter ones).
const MEDLINE_TAGS: [&str; 28] = [
    "PMID", "PMC", "OWN", "STAT", "DCOM", "LR", "DP", "FAU", "JT", "TA", "PT", "LID", "AID",
    "PHST", "EDAT", "MHDA", "CRDT", "PST", "SO", "JID", "PL", "LA", "MH", "OT", "SB", "DEP", "BTI",
    "GR",
];

/// True for a tag only MEDLINE-style exports write.
pub fn is_medline_tag(tag: &str) -> bool {
    MEDLINE_TAGS.contains(&tag)
}

/// The tag of a MEDLINE-style line (`TAG - ` with the tag padded to four).
pub fn tag_of(line: &str) -> Option<&str> {
    tag_line(line).map(|(t, _)| t)
}

/// A tag line: `(tag, value)`.
fn tag_line(line: &str) -> Option<(&str, &str)> {
    let head = line.get(..4)?;
    let tag = head.trim_end();
    if tag.is_empty()
        || !tag
            .bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        || head[tag.len()..].bytes().any(|c| c != b' ')
    {
        return None;
    }
    let rest = line[4..].strip_prefix('-')?;
    Some((tag, rest.trim()))
}

/// Reads PubMed text.
pub fn read(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut cur: Vec<(String, String)> = Vec::new();
    let mut start = 0;
    let flush = |cur: &mut Vec<(String, String)>, start: usize, out: &mut Parsed| {
        if !cur.is_empty() {
            out.push(record(cur, start));
            cur.clear();
        }
    };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim_end();
        if line.is_empty() {
            flush(&mut cur, start, &mut out);
            continue;
        }
        match tag_line(line) {
            Some((tag, v)) => {
                // A second PMID starts the next record (a PMC line may
                // have come before this record's PMID).
                if tag == "PMID" && cur.iter().any(|(t, _)| t == "PMID") {
                    flush(&mut cur, start, &mut out);
                }
                if cur.is_empty() {
                    start = i + 1;
                }
                cur.push((tag.to_string(), v.to_string()));
            }
            None => {
                if let Some((_, v)) = cur.last_mut() {
                    if !v.is_empty() {
                        v.push(' ');
                    }
                    v.push_str(line.trim());
                }
            }
        }
    }
    flush(&mut cur, start, &mut out);
    out
}

/// A source line without its own tags for volume and pages: PubMed's
/// "J Name. 2019;24(3):940-5." or ERIC's "Nurse Education Today, v52 n3
/// p1-9 2017": (journal, volume, issue, pages).
fn eric_source(so: &str) -> (&str, Option<String>, Option<String>, Option<String>) {
    let journal_end = so
        .find(". ")
        .into_iter()
        .chain(
            so.find(", v")
                .filter(|i| so[i + 3..].starts_with(|c: char| c.is_ascii_digit())),
        )
        .min()
        .unwrap_or(so.len());
    let word = |prefix: char| {
        so[journal_end..].split([' ', ',']).find_map(|w| {
            let rest = w.strip_prefix(prefix)?;
            rest.starts_with(|c: char| c.is_ascii_digit())
                .then(|| rest.trim_end_matches('.').to_string())
        })
    };
    let pages = word('p').and_then(|p| clean::pages(&p));
    (
        so[..journal_end].trim_end_matches('.'),
        word('v'),
        word('n'),
        pages,
    )
}

fn record(tags: &[(String, String)], line: usize) -> Record {
    let all = |tag: &'static str| {
        tags.iter()
            .filter(move |(t, v)| t == tag && !v.is_empty())
            .map(|(_, v)| v.as_str())
    };
    let first = |tag: &'static str| all(tag).next();
    let mut authors: Vec<String> = all("FAU").map(names::person).collect();
    if authors.is_empty() {
        authors = all("AU").map(names::person).collect();
    }
    authors.extend(all("CN").filter_map(clean::some));
    let doi = all("LID")
        .chain(all("AID"))
        .filter(|v| v.contains("[doi]"))
        .find_map(clean::doi)
        .or_else(|| all("DOI").find_map(clean::doi));
    let mut s = Study {
        title: first("TI")
            .or(first("BTI"))
            .map(clean::title)
            .unwrap_or_default(),
        authors,
        year: first("DP")
            .or(first("DEP"))
            .or(first("YR"))
            .and_then(clean::year),
        journal: first("JT")
            .or(first("TA"))
            .or(first("BTI").filter(|_| first("TI").is_some()))
            .or_else(|| first("SO").map(|so| eric_source(so).0))
            .and_then(clean::some),
        volume: first("VI")
            .and_then(clean::some)
            .or_else(|| first("SO").and_then(|so| eric_source(so).1)),
        issue: first("IP")
            .and_then(clean::some)
            .or_else(|| first("SO").and_then(|so| eric_source(so).2)),
        pages: first("PG")
            .and_then(clean::pages)
            .or_else(|| first("SO").and_then(|so| eric_source(so).3)),
        doi,
        pmid: first("PMID").and_then(clean::pmid),
        r#abstract: first("AB").and_then(clean::some),
        keywords: all("OT").filter_map(clean::some).collect(),
        ..Study::default()
    };
    let mesh: Vec<String> = all("MH").filter_map(clean::some).collect();
    if !mesh.is_empty() {
        s.extra.push(("mesh".into(), json!(mesh)));
    }
    let types: Vec<String> = all("PT").filter_map(clean::some).collect();
    // The most telling type: anything but the generic "Journal Article".
    let kind = types
        .iter()
        .find(|t| !t.eq_ignore_ascii_case("Journal Article"))
        .or(types.first())
        .cloned();
    if !types.is_empty() {
        s.extra.push(("publication_types".into(), json!(types)));
    }
    if let Some(pmc) = first("PMC").and_then(clean::some) {
        s.extra.push(("pmcid".into(), json!(pmc)));
    }
    if let Some(issn) = first("IS").and_then(clean::some) {
        s.extra.push(("issn".into(), json!(issn)));
    }
    let editors: Vec<String> = all("FED").map(names::person).collect();
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    // A book (BTI without TI) or a chapter of one (both).
    let record_kind = match (first("BTI"), first("TI")) {
        (Some(_), Some(_)) => Some("chapter"),
        (Some(_), None) => Some("book"),
        _ => None,
    };
    kind::set(&mut s, record_kind);
    Record {
        study: s,
        origin: Origin::Line(line),
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_eric_source_line() {
        assert_eq!(
            eric_source("Nurse Education Today, v52 n3 p1-9 2017"),
            (
                "Nurse Education Today",
                Some("52".into()),
                Some("3".into()),
                Some("1-9".into())
            )
        );
        assert_eq!(
            eric_source("Physiother Res Int. 2019;24(3)").0,
            "Physiother Res Int"
        );
    }

    #[test]
    fn padded_tags() {
        assert_eq!(tag_line("PMID- 31234567"), Some(("PMID", "31234567")));
        assert_eq!(tag_line("TI  - A title"), Some(("TI", "A title")));
        assert_eq!(tag_line("      wrapped"), None);
    }
}
