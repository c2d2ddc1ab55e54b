//! Studies written back out as RIS, BibTeX and CSL-JSON, with every
//! bibliographic field they carry and the litrev id kept (RIS `ID`, BibTeX
//! key, CSL `id`), so that they go back into a reference manager.

use std::fmt::Write as _;

use serde_json::{Map, Value as J, json};

use crate::model::Study;

/// Text for one line of a line-based format: control characters and line
/// breaks become spaces.
fn one_line(s: &str) -> String {
    super::clean::squash(s)
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
        tag("TY", "JOUR");
        tag("ID", &s.id);
        tag("TI", &s.title);
        for a in &s.authors {
            tag("AU", a);
        }
        if let Some(y) = s.year {
            tag("PY", &y.to_string());
        }
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
        tag("DO", s.doi.as_deref().unwrap_or(""));
        tag("AN", s.pmid.as_deref().unwrap_or(""));
        tag("UR", s.url.as_deref().unwrap_or(""));
        tag("AB", s.r#abstract.as_deref().unwrap_or(""));
        for k in &s.keywords {
            tag("KW", k);
        }
        tag("N1", s.notes.as_deref().unwrap_or(""));
        out.push_str("ER  - \n\n");
    }
    out
}

/// A BibTeX value: braces, backslashes and TeX's special characters
/// escaped, on one line.
fn tex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        if matches!(c, '{' | '}' | '\\' | '#' | '&' | '%' | '$' | '_') {
            out.push('\\');
        }
        match c {
            '~' => out.push_str("{\\textasciitilde}"),
            '^' => out.push_str("{\\textasciicircum}"),
            _ => out.push(c),
        }
    }
    out
}

/// A name with its family part protected, so that " and " or a particle
/// inside it does not split it.
fn bib_name(a: &str) -> String {
    match a.split_once(',') {
        Some((family, given)) => format!("{{{}}}, {}", tex(family.trim()), tex(given.trim())),
        None => format!("{{{}}}", tex(a)),
    }
}

/// The studies as BibTeX, keyed by their litrev ids.
pub fn bibtex(studies: &[&Study]) -> String {
    let mut out = String::new();
    for s in studies {
        let _ = writeln!(out, "@article{{{},", s.id);
        let mut field = |k: &str, v: &str| {
            if !v.trim().is_empty() {
                let _ = writeln!(out, "  {k} = {{{v}}},");
            }
        };
        field("title", &tex(&s.title));
        let authors: Vec<String> = s.authors.iter().map(|a| bib_name(a)).collect();
        field("author", &authors.join(" and "));
        field("year", &s.year.map(|y| y.to_string()).unwrap_or_default());
        let t = |o: &Option<String>| o.as_deref().map(tex).unwrap_or_default();
        field("journal", &t(&s.journal));
        field("volume", &t(&s.volume));
        field("number", &t(&s.issue));
        field("pages", &t(&s.pages));
        field("doi", &t(&s.doi));
        field("pmid", &t(&s.pmid));
        field("url", &t(&s.url));
        field("abstract", &t(&s.r#abstract));
        let kw: Vec<String> = s.keywords.iter().map(|k| tex(k)).collect();
        field("keywords", &kw.join(", "));
        field("note", &t(&s.notes));
        out.push_str("}\n\n");
    }
    out
}

fn name_json(a: &str) -> J {
    match a.split_once(',') {
        Some((f, g)) => json!({"family": f.trim(), "given": g.trim()}),
        None => json!({"literal": a}),
    }
}

/// Text for a CSL field that may hold markup (title, abstract): `&`, `<`
/// and `>` as entities, so that they read as themselves.
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
pub fn csl_item(s: &Study) -> J {
    let mut m = Map::new();
    m.insert("id".into(), json!(s.id));
    m.insert("type".into(), json!("article-journal"));
    m.insert("title".into(), json!(markup_safe(&s.title)));
    if !s.authors.is_empty() {
        let a: Vec<J> = s.authors.iter().map(|a| name_json(a)).collect();
        m.insert("author".into(), J::Array(a));
    }
    if let Some(y) = s.year {
        m.insert("issued".into(), json!({"date-parts": [[y]]}));
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
    if let Some(a) = &s.r#abstract {
        m.insert("abstract".into(), json!(markup_safe(a)));
    }
    if !s.keywords.is_empty() {
        m.insert("keyword".into(), json!(s.keywords.join(", ")));
    }
    J::Object(m)
}
