//! Web of Science "plain text" (field-tagged) exports, the `savedrecs.txt`
//! that Clarivate writes: `FN`/`VR` header lines, a two-character tag then
//! one space then the value, continuation lines indented by three spaces
//! (one author or one cited reference per line; some exports do not indent
//! them), `ER` ending a record and
//! `EF` the file. `AF` (full names) is preferred to `AU`; `BE` are editors;
//! `GP`/`CA` group authors; `DT` is the document type.

use serde_json::json;

use crate::interop::{Origin, Parsed, Record};
use crate::interop::{clean, kind, names};
use crate::model::Study;

/// A tag line: `(tag, value)`. The tag is a capital then a capital or a
/// digit, then exactly one space (or the end of the line): RIS and PubMed
/// pad theirs with more.
fn tag_line(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    if b.len() < 2
        || !b[0].is_ascii_uppercase()
        || !(b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
        || (b.len() > 2 && b[2] != b' ')
        || (b.len() > 3 && b[3] == b' ')
    {
        return None;
    }
    Some((&line[..2], line[2..].trim()))
}

/// True when the text reads as a Web of Science tagged export: the `FN`
/// header, or a `PT` line followed within a record by `TI` or `AU` lines
/// written in this format (RIS and PubMed spell their tags differently).
pub fn looks_like_wos(text: &str) -> bool {
    let mut lines = text
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}').trim_end())
        .filter(|l| !l.is_empty());
    match lines.next() {
        Some(first) if first.starts_with("FN ") => return true,
        Some(first) if first.starts_with("PT ") && tag_line(first).is_some() => {}
        _ => return false,
    }
    lines
        .take(200)
        .filter_map(tag_line)
        .any(|(t, _)| t == "TI" || t == "AU" || t == "UT")
}

/// One record: its tags, each with every line of its value.
#[derive(Debug, Default)]
struct Raw {
    line: usize,
    tags: Vec<(String, Vec<String>)>,
}

impl Raw {
    /// The lines of every occurrence of `tag`.
    fn lines(&self, tag: &str) -> impl Iterator<Item = &str> {
        self.tags
            .iter()
            .filter(move |(t, _)| t == tag)
            .flat_map(|(_, v)| v.iter().map(String::as_str))
            .filter(|v| !v.trim().is_empty())
    }

    /// The value of `tag` with its continuation lines joined by spaces.
    fn joined(&self, tag: &str) -> Option<String> {
        let v: Vec<&str> = self.lines(tag).collect();
        clean::some(&v.join(" "))
    }
}

/// Reads Web of Science tagged text.
pub fn read(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut cur: Option<Raw> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim_end();
        if line.is_empty() {
            continue;
        }
        if line.starts_with("   ") || line.starts_with('\t') {
            if let Some(raw) = cur.as_mut()
                && let Some((_, v)) = raw.tags.last_mut()
            {
                v.push(line.trim().to_string());
            }
            continue;
        }
        match tag_line(line) {
            Some(("FN" | "VR", _)) if cur.is_none() => {}
            Some(("ER" | "EF", _)) => {
                if let Some(raw) = cur.take() {
                    out.push(record(&raw));
                }
            }
            Some(("PT", v)) => {
                if let Some(raw) = cur.take() {
                    out.push(record(&raw));
                }
                cur = Some(Raw {
                    line: i + 1,
                    tags: vec![("PT".into(), vec![v.to_string()])],
                });
            }
            Some((tag, v)) => {
                let raw = cur.get_or_insert_with(|| Raw {
                    line: i + 1,
                    tags: Vec::new(),
                });
                raw.tags.push((tag.to_string(), vec![v.to_string()]));
            }
            // A line that is no tag inside a record continues the last
            // tag's value, indented or not (some exports, BIOSIS through
            // Web of Knowledge among them, do not indent); anything else
            // outside the format is skipped.
            None => {
                if let Some(raw) = cur.as_mut()
                    && let Some((_, v)) = raw.tags.last_mut()
                {
                    v.push(line.trim().to_string());
                }
            }
        }
    }
    if let Some(raw) = cur.take() {
        out.push(record(&raw));
    }
    out
}

/// People written one per line, or several on a line split at `;`.
/// Zoological Record (a Web of Science database) writes an author's email
/// after the name, `Stillman, Andrew N. (andrew.stillman@uconn.edu)`: it
/// is not part of the name.
fn people<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    lines
        .flat_map(|l| l.split(';'))
        .map(without_email)
        .map(names::family_first)
        .filter(|p| !p.is_empty())
        .collect()
}

/// A name without a trailing `(someone@example.org)`.
fn without_email(name: &str) -> &str {
    let t = name.trim_end();
    if t.ends_with(')')
        && let Some(open) = t.rfind('(')
        && t[open..].contains('@')
        && !t[open + 1..t.len() - 1].contains(char::is_whitespace)
    {
        return t[..open].trim_end();
    }
    name
}

fn record(raw: &Raw) -> Record {
    let mut authors = people(raw.lines("AF"));
    if authors.is_empty() {
        authors = people(raw.lines("AU"));
    }
    authors.extend(
        raw.lines("GP")
            .chain(raw.lines("CA"))
            .flat_map(|l| l.split(';'))
            .filter_map(clean::some),
    );
    let keywords: Vec<String> = raw
        .joined("DE")
        .map(|d| d.split(';').filter_map(clean::some).collect())
        .unwrap_or_default();
    let mut s = Study {
        title: raw
            .joined("TI")
            .map(|t| clean::title(&t))
            .unwrap_or_default(),
        authors,
        year: raw
            .joined("PY")
            .and_then(|y| clean::year(&y))
            .or_else(|| raw.joined("EA").and_then(|y| clean::year(&y))),
        journal: raw.joined("SO"),
        volume: raw.joined("VL"),
        issue: raw.joined("IS"),
        pages: clean::page_range(raw.joined("BP").as_deref(), raw.joined("EP").as_deref())
            .or_else(|| raw.joined("AR")),
        doi: raw
            .joined("DI")
            .and_then(|d| clean::doi(&d))
            .or_else(|| raw.joined("D2").and_then(|d| clean::doi(&d))),
        pmid: raw.joined("PM").and_then(|p| clean::pmid(&p)),
        r#abstract: raw.joined("AB"),
        keywords,
        ..Study::default()
    };
    let editors = people(raw.lines("BE"));
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    for (tag, key) in [
        ("UT", "accession"),
        ("SN", "issn"),
        ("EI", "eissn"),
        ("LA", "language"),
        ("PU", "publisher"),
        ("DT", "document_type"),
    ] {
        if let Some(v) = raw.joined(tag) {
            s.extra.push((key.into(), json!(v)));
        }
    }
    let plus: Vec<String> = raw
        .joined("ID")
        .map(|d| d.split(';').filter_map(clean::some).collect())
        .unwrap_or_default();
    if !plus.is_empty() {
        s.extra.push(("keywords_plus".into(), json!(plus)));
    }
    // The document type says more than the publication type ("J").
    let kind = raw.joined("DT").or_else(|| raw.joined("PT"));
    let record_kind = match raw.joined("PT").as_deref() {
        Some("B") if raw.joined("DT").is_none() => Some("book"),
        Some("P") => Some("patent"),
        _ => raw.joined("DT").as_deref().and_then(kind::from_words),
    };
    kind::set(&mut s, record_kind);
    Record {
        study: s,
        origin: Origin::Line(raw.line),
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoological_record_emails_are_not_part_of_names() {
        let text = "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Stillman, Andrew N. (andrew.stillman@uconn.edu) \n   Siegel, Rodney B.\n   Group (Study)\nTI Nest site selection\nPY 2019\nER\n\nEF\n";
        let p = read(text);
        assert_eq!(
            p.records[0].study.authors,
            ["Stillman, Andrew N.", "Siegel, Rodney B.", "Group (Study)"]
        );
    }

    const SAVEDRECS: &str = "\u{feff}FN Clarivate Analytics Web of Science\r\nVR 1.0\r\nPT J\r\nAU Babatunde, F\r\n   MacDermid, J\r\nAF Babatunde, Fatai\r\n   MacDermid, Joy\r\nTI Characteristics of therapeutic alliance in musculoskeletal\r\n   physiotherapy practice\r\nSO BMC HEALTH SERVICES RESEARCH\r\nVL 17\r\nAR 375\r\nDI 10.1186/s12913-017-2311-3\r\nPD MAY 30\r\nPY 2017\r\nDT Review\r\nUT WOS:000402350100001\r\nPM 28558746\r\nER\r\n\r\nPT J\r\nAU Kinney, M\r\nTI Does the alliance matter?\r\nPY 2020\r\nER\r\n\r\nEF\r\n";

    #[test]
    fn savedrecs_with_bom_crlf_wrapped_titles_and_full_names() {
        assert!(looks_like_wos(SAVEDRECS));
        let p = read(SAVEDRECS);
        assert!(p.bad.is_empty(), "{:?}", p.bad);
        assert_eq!(p.records.len(), 2);
        let s = &p.records[0].study;
        assert_eq!(
            s.title,
            "Characteristics of therapeutic alliance in musculoskeletal physiotherapy practice"
        );
        assert_eq!(s.authors, ["Babatunde, Fatai", "MacDermid, Joy"]);
        assert_eq!(s.year, Some(2017));
        assert_eq!(s.doi.as_deref(), Some("10.1186/s12913-017-2311-3"));
        assert_eq!(s.pmid.as_deref(), Some("28558746"));
        assert_eq!(s.pages.as_deref(), Some("375"));
        assert_eq!(p.records[0].kind.as_deref(), Some("Review"));
        assert_eq!(p.records[1].study.authors, ["Kinney, M"]);
        assert_eq!(p.records[1].origin, Origin::Line(21));
    }

    #[test]
    fn ris_and_pubmed_are_not_taken_for_web_of_science() {
        assert!(!looks_like_wos("TY  - JOUR\nTI  - A\nER  - \n"));
        assert!(!looks_like_wos("PMID- 1\nTI  - A\n"));
        assert!(!looks_like_wos("PT  - Journal Article\nTI  - A\n"));
    }
}
