//! PubMed / MEDLINE format (`.nbib`, "PubMed format"): tags padded to four
//! characters then `- `, continuation lines indented, a blank line (or the
//! next `PMID`) between records. `FAU` is preferred to `AU`; the DOI is in
//! `LID` or `AID` marked `[doi]`.

use serde_json::json;

use super::clean;
use super::{Origin, Parsed, Record};
use crate::model::Study;

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
                if tag == "PMID" {
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

fn record(tags: &[(String, String)], line: usize) -> Record {
    let all = |tag: &'static str| {
        tags.iter()
            .filter(move |(t, v)| t == tag && !v.is_empty())
            .map(|(_, v)| v.as_str())
    };
    let first = |tag: &'static str| all(tag).next();
    let mut authors: Vec<String> = all("FAU").map(clean::person).collect();
    if authors.is_empty() {
        authors = all("AU").map(clean::person).collect();
    }
    authors.extend(all("CN").filter_map(clean::some));
    let doi = all("LID")
        .chain(all("AID"))
        .filter(|v| v.contains("[doi]"))
        .find_map(clean::doi);
    let mut s = Study {
        title: first("TI")
            .or(first("BTI"))
            .map(clean::title)
            .unwrap_or_default(),
        authors,
        year: first("DP").or(first("DEP")).and_then(clean::year),
        journal: first("JT").or(first("TA")).and_then(clean::some),
        volume: first("VI").and_then(clean::some),
        issue: first("IP").and_then(clean::some),
        pages: first("PG").and_then(clean::pages),
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
    fn padded_tags() {
        assert_eq!(tag_line("PMID- 31234567"), Some(("PMID", "31234567")));
        assert_eq!(tag_line("TI  - A title"), Some(("TI", "A title")));
        assert_eq!(tag_line("      wrapped"), None);
    }
}
