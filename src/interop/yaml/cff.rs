//! Citation File Format (`CITATION.cff`, YAML; GitHub shows it as "Cite
//! this repository"). The file cites a piece of software (or a dataset):
//! that is the record, unless a `preferred-citation` names the work to cite
//! instead (a paper about the software), as GitHub and JabRef do. Each of
//! `references` is a further record.
//!
//! Authors are persons (`family-names`, `given-names`, `name-particle`,
//! `name-suffix`) or entities (`name`); the DOI is `doi` or the first of
//! `identifiers` of type `doi`; the year comes from `year`,
//! `date-released` or `date-published`.

use serde_json::json;

use super::{Node, Value, load};
use crate::interop::{Bad, Origin, Parsed, Record, clean, kind};
use crate::model::Study;

/// Reads a `CITATION.cff`.
pub fn read(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let root = match load(text) {
        Ok(root) => root,
        Err(e) => {
            out.bad.push(Bad::at(
                e.line,
                format!("not well-formed YAML: {}", e.reason),
            ));
            return out;
        }
    };
    if !matches!(root.value, Value::Map(_)) {
        return out;
    }
    let is_citation = ["cff-version", "title", "authors"]
        .iter()
        .any(|k| root.get(k).is_some());
    if !is_citation {
        return out;
    }
    match root
        .get("preferred-citation")
        .filter(|p| !p.entries().is_empty())
    {
        Some(p) => out.push(reference(p, None)),
        None => {
            let software = match root.str_at("type").as_deref() {
                Some("dataset") => "dataset",
                _ => "software",
            };
            let mut r = reference(&root, Some(software));
            if let Some(m) = root.str_at("message") {
                r.study.extra.push(("cff_message".into(), json!(m)));
            }
            out.push(r);
        }
    }
    if let Some(refs) = root.get("references") {
        for r in refs.items() {
            if r.entries().is_empty() {
                out.bad
                    .push(Bad::at(r.line, "a reference that is not a map of fields"));
                continue;
            }
            out.push(reference(r, None));
        }
    }
    out
}

/// A person as "Family, Given[, Suffix]" (the particle before the family
/// name: "van Smith, Joe"), or an entity's name.
fn person(p: &Node) -> Option<String> {
    if let Some(n) = p.str() {
        return Some(n.to_string());
    }
    let family = [p.str_at("name-particle"), p.str_at("family-names")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let given = p.str_at("given-names").unwrap_or_default();
    let name = match (family.is_empty(), given.is_empty()) {
        (false, false) => format!("{family}, {given}"),
        (false, true) => family,
        (true, false) => given,
        (true, true) => return p.str_at("name").or_else(|| p.str_at("alias")),
    };
    Some(match p.str_at("name-suffix") {
        Some(s) => format!("{name}, {s}"),
        None => name,
    })
}

fn people(node: &Node, key: &str) -> Vec<String> {
    node.get(key)
        .map(|a| a.items().into_iter().filter_map(person).collect())
        .unwrap_or_default()
}

/// The first identifier of `kind` (`doi`, `url`, `swh`, `other`).
fn identifier(node: &Node, kind: &str) -> Option<String> {
    node.get("identifiers")?
        .items()
        .into_iter()
        .find(|i| i.str_at("type").as_deref() == Some(kind))
        .and_then(|i| i.str_at("value"))
}

/// The kind of a CFF reference `type`.
fn cff_kind(t: &str) -> Option<&'static str> {
    Some(match t {
        "article" | "magazine-article" => "article-journal",
        "newspaper-article" => "article-newspaper",
        "book" | "edited-work" | "manual" => "book",
        "conference-paper" => "paper-conference",
        "conference" | "proceedings" => "book",
        "report" | "grant" | "government-document" => "report",
        "thesis" => "thesis",
        "software"
        | "software-code"
        | "software-container"
        | "software-executable"
        | "software-virtual-machine" => "software",
        "data" | "database" | "dataset" => "dataset",
        "website" | "blog" => "webpage",
        "patent" => "patent",
        "standard" => "standard",
        "unpublished" | "pamphlet" => "manuscript",
        "encyclopedia" => "entry-encyclopedia",
        "dictionary" => "entry-dictionary",
        "legal-case" => "legal_case",
        "statute" => "legislation",
        "personal-communication" => "personal_communication",
        "" => return None,
        _ => "document",
    })
}

/// A reference (the file itself, its preferred citation, or one of its
/// references) as a record.
fn reference(r: &Node, default_kind: Option<&'static str>) -> Record {
    let name = |key: &str| {
        r.get(key)
            .and_then(|n| n.str().map(str::to_string).or_else(|| n.str_at("name")))
    };
    let type_name = r.str_at("type");
    let record_kind = type_name.as_deref().and_then(cff_kind).or(default_kind);
    let year = ["year", "date-published", "date-released"]
        .iter()
        .find_map(|k| r.str_at(k).as_deref().and_then(clean::year));
    let pages = match (r.str_at("start"), r.str_at("end")) {
        (None, None) => r.str_at("pages").and_then(|p| clean::pages(&p)),
        (a, b) => clean::page_range(a.as_deref(), b.as_deref()),
    };
    let doi = r
        .str_at("doi")
        .or_else(|| identifier(r, "doi"))
        .and_then(|d| clean::doi(&d));
    let url = r
        .str_at("url")
        .or_else(|| identifier(r, "url"))
        .or_else(|| r.str_at("repository-code"))
        .or_else(|| r.str_at("repository"))
        .and_then(|u| clean::url(&u));
    let keywords = r
        .get("keywords")
        .map(|k| {
            k.items()
                .into_iter()
                .filter_map(|k| k.str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let container = name("journal")
        .or_else(|| name("collection-title"))
        .or_else(|| name("conference"));
    let mut s = Study {
        title: r
            .str_at("title")
            .map(|t| clean::title(&t))
            .unwrap_or_default(),
        authors: people(r, "authors"),
        year,
        journal: container,
        volume: r.str_at("volume"),
        issue: r.str_at("issue"),
        pages,
        doi,
        url,
        r#abstract: r.str_at("abstract").and_then(|a| clean::multiline(&a)),
        keywords,
        notes: r.str_at("notes"),
        ..Study::default()
    };
    let editors = people(r, "editors");
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    for (key, v) in [
        ("version", r.str_at("version")),
        ("date_released", r.str_at("date-released")),
        ("license", r.str_at("license")),
        ("repository", r.str_at("repository-code")),
        ("publisher", name("publisher")),
        ("isbn", r.str_at("isbn")),
        ("issn", r.str_at("issn")),
        ("swh", identifier(r, "swh")),
    ] {
        if let Some(v) = v {
            s.extra.push((key.into(), json!(v)));
        }
    }
    kind::set(&mut s, record_kind);
    Record {
        study: s,
        origin: Origin::Line(r.line),
        kind: type_name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferred_citation_and_references() {
        let text = "cff-version: 1.2.0\ntitle: Tool\nauthors:\n  - family-names: Smith\n    given-names: Joe\n    name-particle: van\npreferred-citation:\n  type: article\n  title: A paper\n  authors:\n    - name: The Tool Team\n  journal: J Soft\n  year: 2020\n  doi: 10.1/x\nreferences:\n  - type: book\n    title: A book\n    authors:\n      - family-names: Jones\n        given-names: Bob\n        name-suffix: Jr.\n";
        let p = read(text);
        assert_eq!(p.records.len(), 2, "{:?}", p.bad);
        let a = &p.records[0].study;
        assert_eq!(a.title, "A paper");
        assert_eq!(a.authors, ["The Tool Team"]);
        assert_eq!(a.journal.as_deref(), Some("J Soft"));
        assert_eq!(p.records[0].origin, Origin::Line(7));
        assert_eq!(p.records[1].study.authors, ["Jones, Bob, Jr."]);
        assert_eq!(kind::of(&p.records[1].study), "book");
        assert!(read("test: 123\n").records.is_empty());
        assert!(read("just words\n").records.is_empty());
    }
}
