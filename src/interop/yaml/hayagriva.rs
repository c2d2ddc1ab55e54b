//! Hayagriva YAML (typst's bibliography format): a map of citation keys to
//! entries, each with a `type` (Article, Book, Chapter, Proceedings, Web
//! ...), `title` (text, or `{value: ..., short: ...}`), `author` and
//! `editor` ("Family, Given", a list of them, or `{name, given-name,
//! prefix, suffix}`), `date`, `page-range`, `volume`, `issue`, `url` (text
//! or `{value, date}`), `serial-number` (text, or a map of `doi`, `isbn`,
//! `issn`, `pmid`, `arxiv` ...), `publisher` and `parent`: the journal,
//! proceedings or book the entry is in, with its own title, volume, issue
//! and date (a list of parents: the first).

use serde_json::json;

use super::{Node, Value, load_entries};
use crate::interop::{Bad, Origin, Parsed, Record, clean, kind, names};
use crate::model::Study;

/// Reads Hayagriva YAML.
pub fn read(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let (entries, bad) = load_entries(text);
    for e in bad {
        out.bad.push(Bad::at(
            e.line,
            format!("not well-formed YAML: {}", e.reason),
        ));
    }
    for (key, entry) in &entries {
        if !matches!(entry.value, Value::Map(_)) {
            out.bad.push(Bad::at(
                entry.line,
                format!("entry {key} is not a map of fields"),
            ));
            continue;
        }
        out.push(record(key, entry));
    }
    out
}

/// A formattable string: text, or a map with its `value`; the braces
/// that mark text to keep verbatim (`{World Wide Developer Conference}`)
/// dropped.
fn formattable(n: &Node) -> Option<String> {
    let s = n.str().map(str::to_string).or_else(|| n.str_at("value"))?;
    clean::some(&s.replace(['{', '}'], ""))
}

fn field(n: &Node, key: &str) -> Option<String> {
    n.get(key).and_then(formattable)
}

/// A person: "Family, Given" text, or a map with `name` (the family name),
/// `given-name`, `prefix` and `suffix`.
fn person(p: &Node) -> Option<String> {
    if let Some(s) = p.str() {
        return Some(names::person(s));
    }
    let family = [p.str_at("prefix"), p.str_at("name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let given = p.str_at("given-name").unwrap_or_default();
    let name = match (family.is_empty(), given.is_empty()) {
        (false, false) => format!("{family}, {given}"),
        (false, true) => family,
        (true, false) => given,
        (true, true) => return p.str_at("alias"),
    };
    Some(match p.str_at("suffix") {
        Some(s) => format!("{name}, {s}"),
        None => name,
    })
}

fn people(n: &Node, key: &str) -> Vec<String> {
    n.get(key)
        .map(|a| a.items().into_iter().filter_map(person).collect())
        .unwrap_or_default()
}

/// The first parent of an entry.
fn parent(n: &Node) -> Option<&Node> {
    n.get("parent")
        .and_then(|p| p.items().into_iter().next())
        .filter(|p| matches!(p.value, Value::Map(_)))
}

/// A serial number of `kind` (`doi`, `isbn` ...).
fn serial(n: &Node, kind: &str) -> Option<String> {
    n.get("serial-number").and_then(|s| s.str_at(kind))
}

fn lower_type(n: &Node) -> String {
    n.str_at("type").unwrap_or_default().to_lowercase()
}

/// The kind of an entry from its type and its parent's.
fn entry_kind(t: &str, parent_type: &str) -> Option<&'static str> {
    Some(match t {
        "article" => match parent_type {
            "proceedings" | "conference" => "paper-conference",
            "newspaper" => "article-newspaper",
            "blog" => "post-weblog",
            "web" | "repository" => "article",
            "book" | "anthology" => "chapter",
            _ => "article-journal",
        },
        "chapter" | "anthos" => "chapter",
        "entry" => "entry-encyclopedia",
        "book" | "anthology" | "proceedings" => "book",
        "report" => "report",
        "thesis" => "thesis",
        "web" | "thread" | "repository" => "webpage",
        "post" | "blog" => "post-weblog",
        "newspaper" => "article-newspaper",
        "periodical" => "periodical",
        "patent" => "patent",
        "case" => "legal_case",
        "legislation" => "legislation",
        "manuscript" | "original" => "manuscript",
        "reference" => "entry-dictionary",
        "conference" | "performance" | "scene" | "exhibition" | "artwork" | "video" | "audio"
        | "misc" => "document",
        "" => return None,
        _ => "document",
    })
}

fn record(key: &str, e: &Node) -> Record {
    let p = parent(e);
    let t = lower_type(e);
    let pt = p.map(lower_type).unwrap_or_default();
    let record_kind = entry_kind(&t, &pt);
    let in_periodical = matches!(
        record_kind,
        Some("article-journal" | "article-newspaper" | "article" | "post-weblog")
    );
    let own_or_parent = |k: &str| field(e, k).or_else(|| p.and_then(|p| field(p, k)));
    let parent_or_own = |k: &str| p.and_then(|p| field(p, k)).or_else(|| field(e, k));
    let (volume, issue) = if in_periodical {
        (parent_or_own("volume"), parent_or_own("issue"))
    } else {
        (own_or_parent("volume"), own_or_parent("issue"))
    };
    let own_title = field(e, "title");
    let parent_title = p.and_then(|p| field(p, "title"));
    let mut authors = people(e, "author");
    if authors.is_empty() && own_title.is_none() {
        authors = p.map(|p| people(p, "author")).unwrap_or_default();
    }
    // An untitled entry (a chapter known by its pages) is cited by its
    // parent's title.
    let (title, journal) = match own_title {
        Some(t) => (t, parent_title),
        None => (parent_title.unwrap_or_default(), None),
    };
    let doi = serial(e, "doi")
        .or_else(|| p.and_then(|p| serial(p, "doi")))
        .or_else(|| e.str_at("serial-number").filter(|s| s.starts_with("10.")))
        .and_then(|d| clean::doi(&d));
    let url = field(e, "url").and_then(|u| clean::url(&u));
    let mut s = Study {
        title: clean::title(&title),
        authors,
        year: own_or_parent("date").as_deref().and_then(clean::year),
        journal,
        volume,
        issue,
        pages: field(e, "page-range").and_then(|r| clean::pages(&r)),
        doi,
        pmid: serial(e, "pmid").and_then(|x| clean::pmid(&x)),
        url,
        r#abstract: field(e, "abstract").and_then(|a| clean::multiline(&a)),
        notes: field(e, "note"),
        ..Study::default()
    };
    let editors = people(e, "editor");
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    let publisher = e
        .get("publisher")
        .and_then(|n| formattable(n).or_else(|| n.str_at("name")))
        .or_else(|| p.and_then(|p| field(p, "publisher")));
    for (k, v) in [
        ("publisher", publisher),
        ("place", own_or_parent("location")),
        ("organization", field(e, "organization")),
        ("edition", field(e, "edition")),
        ("language", field(e, "language")),
        (
            "isbn",
            serial(e, "isbn").or_else(|| p.and_then(|p| serial(p, "isbn"))),
        ),
        (
            "issn",
            serial(e, "issn").or_else(|| p.and_then(|p| serial(p, "issn"))),
        ),
        ("arxiv", serial(e, "arxiv")),
        ("pmcid", serial(e, "pmcid")),
        ("serial_number", e.str_at("serial-number")),
        ("genre", field(e, "genre")),
    ] {
        if let Some(v) = v {
            s.extra.push((k.into(), json!(v)));
        }
    }
    s.extra.push(("citation_key".into(), json!(key)));
    kind::set(&mut s, record_kind);
    Record {
        study: s,
        origin: Origin::Line(e.line),
        kind: e.str_at("type"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_in_a_periodical_and_a_chapter_by_its_pages() {
        let text = "# a comment\nkinetics:\n    type: Article\n    title: Kinetics\n    author: [\"Doan, T. D.\", \"Haug, Hartmut\"]\n    serial-number:\n        doi: 10.1103/PhysRevB.102.165126\n    date: 2020-10-14\n    parent:\n        title:\n            value: Physical Review B\n        volume: 102\n        issue: 16\nharry:\n    type: Chapter\n    page-range: 135-139\n    parent:\n        title: Harry Potter\n        author: Rowling, J. K.\n        date: ~2003-06-21\n";
        let p = read(text);
        assert_eq!(p.records.len(), 2, "{:?}", p.bad);
        let a = &p.records[0].study;
        assert_eq!(a.authors, ["Doan, T. D.", "Haug, Hartmut"]);
        assert_eq!(a.journal.as_deref(), Some("Physical Review B"));
        assert_eq!(
            (a.volume.as_deref(), a.issue.as_deref()),
            (Some("102"), Some("16"))
        );
        assert_eq!(a.doi.as_deref(), Some("10.1103/PhysRevB.102.165126"));
        assert_eq!(p.records[0].origin, Origin::Line(2));
        let h = &p.records[1].study;
        assert_eq!((h.title.as_str(), h.year), ("Harry Potter", Some(2003)));
        assert_eq!(h.authors, ["Rowling, J. K."]);
        assert_eq!(kind::of(h), "chapter");
    }
}
