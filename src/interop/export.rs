//! Studies written back out as RIS, BibTeX and CSL-JSON, with every
//! bibliographic field they carry (editors, ISSN or ISBN, the kind of
//! record) and the litrev id kept (RIS `ID`, BibTeX key, CSL `id`), so that
//! they go back into a reference manager, and read back by litrev give the
//! same fields.

use std::fmt::Write as _;

use serde_json::{Map, Value as J, json};

use super::bibtex::write::{editors, year};
use super::kind;
use crate::model::Study;

/// Text for one line of a line-based format: control characters and line
/// breaks become spaces.
fn one_line(s: &str) -> String {
    super::clean::squash(s)
}

/// A text value from the study's extra fields.
fn extra<'a>(s: &'a Study, key: &str) -> Option<&'a str> {
    s.extra
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.as_str())
}

/// The studies as RIS.
pub fn ris(studies: &[&Study]) -> String {
    let mut out = String::new();
    for s in studies {
        let mut tag = |t: &str, v: &str| {
            let v = one_line(v);
            if !v.is_empty() {
                let _ = writeln!(out, "{t}  - {v}");
            }
        };
        let k = kind::of(s);
        tag("TY", kind::to_ris(k));
        tag("ID", &s.id);
        tag("TI", &s.title);
        for a in &s.authors {
            tag("AU", a);
        }
        for e in editors(s) {
            tag("A2", &e);
        }
        tag("PY", &year(s).unwrap_or_default());
        tag("T2", s.journal.as_deref().unwrap_or(""));
        tag("VL", s.volume.as_deref().unwrap_or(""));
        tag("IS", s.issue.as_deref().unwrap_or(""));
        if let Some(p) = &s.pages {
            match p.split_once('-') {
                Some((a, b)) if !a.is_empty() && !b.is_empty() => {
                    tag("SP", a);
                    tag("EP", b);
                }
                _ => tag("SP", p),
            }
        }
        let sn = match k {
            "book" | "chapter" => extra(s, "isbn").or(extra(s, "issn")),
            _ => extra(s, "issn"),
        };
        tag("SN", sn.unwrap_or(""));
        tag("PB", extra(s, "publisher").unwrap_or(""));
        tag("DO", s.doi.as_deref().unwrap_or(""));
        tag("AN", s.pmid.as_deref().unwrap_or(""));
        tag("UR", s.url.as_deref().unwrap_or(""));
        tag("AB", s.r#abstract.as_deref().unwrap_or(""));
        for k in &s.keywords {
            tag("KW", k);
        }
        // Notes keep their lines: the first on the tag, the others as
        // indented continuation lines (never read as a tag).
        let mut lines = s
            .notes
            .as_deref()
            .unwrap_or("")
            .lines()
            .map(one_line)
            .filter(|l| !l.is_empty());
        if let Some(first) = lines.next() {
            let _ = writeln!(out, "N1  - {first}");
            for l in lines {
                let _ = writeln!(out, "      {l}");
            }
        }
        out.push_str("ER  - \n\n");
    }
    out
}

/// The studies as BibTeX, keyed by their litrev ids (see
/// [`super::bibtex::write`]).
pub fn bibtex(studies: &[&Study]) -> String {
    super::bibtex::write::bibtex(studies)
}

/// A name as CSL: family, given and suffix, or a literal (a corporate
/// author).
fn name_json(a: &str) -> J {
    let parts: Vec<&str> = a.split(',').map(str::trim).collect();
    match parts.as_slice() {
        [family, given] => json!({"family": family, "given": given}),
        [family, given, suffix, ..] => json!({"family": family, "given": given, "suffix": suffix}),
        _ => json!({"literal": a}),
    }
}

/// `&`, `<` and `>` as entities.
fn markup_safe(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The studies as a CSL-JSON array.
pub fn csljson(studies: &[&Study]) -> J {
    J::Array(studies.iter().map(|s| csl_item(s)).collect())
}

/// One study as a CSL-JSON item (an element of [`csljson`]'s array).
/// Titles are plain text, as CSL-JSON from Zotero has them.
pub fn csl_item(s: &Study) -> J {
    let mut m = Map::new();
    m.insert("id".into(), json!(s.id));
    m.insert("type".into(), json!(kind::of(s)));
    m.insert("title".into(), json!(s.title));
    for (key, list) in [("author", s.authors.clone()), ("editor", editors(s))] {
        if !list.is_empty() {
            let a: Vec<J> = list.iter().map(|a| name_json(a)).collect();
            m.insert(key.into(), J::Array(a));
        }
    }
    if let Some(y) = year(s) {
        let part = y.parse::<i64>().map(J::from).unwrap_or(J::String(y));
        m.insert("issued".into(), json!({"date-parts": [[part]]}));
    }
    for (k, v) in [
        ("container-title", &s.journal),
        ("volume", &s.volume),
        ("issue", &s.issue),
        ("page", &s.pages),
        ("DOI", &s.doi),
        ("PMID", &s.pmid),
        ("URL", &s.url),
        ("note", &s.notes),
    ] {
        if let Some(v) = v {
            m.insert(k.into(), json!(v));
        }
    }
    // Abstracts from Crossref carry JATS markup, which litrev's reader
    // removes: `<`, `>` and `&` go out as entities so that they read back
    // as themselves.
    if let Some(a) = &s.r#abstract {
        m.insert("abstract".into(), json!(markup_safe(a)));
    }
    for (key, field) in [
        ("issn", "ISSN"),
        ("isbn", "ISBN"),
        ("publisher", "publisher"),
        ("pmcid", "PMCID"),
        ("language", "language"),
    ] {
        if let Some(v) = extra(s, key) {
            m.insert(field.into(), json!(v));
        }
    }
    if !s.keywords.is_empty() {
        m.insert("keyword".into(), json!(s.keywords.join(", ")));
    }
    J::Object(m)
}
