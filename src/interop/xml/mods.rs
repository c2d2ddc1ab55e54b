//! MODS XML (Library of Congress; Zotero and library catalogues export
//! it): `modsCollection` of `mods` records, each with `titleInfo`, `name`
//! (with `role`), `originInfo/dateIssued`, `genre`, `identifier`
//! (`doi`, `pmid`, `issn`, `isbn`) and, for an article or a chapter, a
//! `relatedItem type="host"` with the journal or book and its `part`
//! (volume, issue, pages, date).

use roxmltree::Node;
use serde_json::json;

use super::{child, children, read_records, text, text_at};
use crate::interop::{Origin, Parsed, Record, clean, kind, names};
use crate::model::Study;

/// Reads MODS XML.
pub fn read(text: &str) -> Parsed {
    read_records(text, &["mods"], record)
}

/// "Title: Subtitle" of the first `titleInfo` that is not an abbreviation
/// or translation.
fn title(node: Node<'_, '_>) -> Option<String> {
    let info = children(node, "titleInfo")
        .find(|t| t.attribute("type").is_none())
        .or_else(|| child(node, "titleInfo"))?;
    let main = [text_at(info, &["nonSort"]), text_at(info, &["title"])]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let main = clean::some(&main)?;
    let mut t = match text_at(info, &["subTitle"]) {
        Some(sub) => format!("{main}: {sub}"),
        None => main,
    };
    // A volume of a set: "Collected Writings. Vol. 4. The Comedies".
    for part in ["partNumber", "partName"] {
        if let Some(p) = text_at(info, &[part]) {
            t = format!("{t}. {p}");
        }
    }
    Some(t)
}

/// Names by role: (authors, editors).
fn people(node: Node<'_, '_>) -> (Vec<String>, Vec<String>) {
    let (mut authors, mut editors) = (Vec::new(), Vec::new());
    for n in children(node, "name") {
        let parts: Vec<Node<'_, '_>> = children(n, "namePart").collect();
        let part = |t: &str| {
            parts
                .iter()
                .find(|p| p.attribute("type") == Some(t))
                .and_then(|p| text(*p))
        };
        let name = match (part("family"), part("given")) {
            (Some(f), Some(g)) => format!("{f}, {g}"),
            (Some(f), None) => f,
            _ => {
                let all: Vec<String> = parts
                    .iter()
                    .filter(|p| p.attribute("type").is_none())
                    .filter_map(|p| text(*p))
                    .collect();
                let joined = all.join(" ");
                if n.attribute("type") == Some("personal") {
                    names::person(&joined)
                } else {
                    joined
                }
            }
        };
        if name.trim().is_empty() {
            continue;
        }
        let roles: Vec<String> = n
            .descendants()
            .filter(|d| d.is_element() && d.tag_name().name() == "roleTerm")
            .filter_map(text)
            .map(|r| r.to_lowercase())
            .collect();
        if roles.iter().any(|r| r == "editor" || r == "edt") {
            editors.push(name);
        } else if roles.is_empty()
            || roles
                .iter()
                .any(|r| matches!(r.as_str(), "author" | "aut" | "creator" | "cre"))
            || roles.iter().any(|r| primary_creator(r))
        {
            authors.push(name);
        }
    }
    (authors, editors)
}

/// The creator of a work that is not a text (a photograph, an artwork, a
/// score, a map, an invention, a program): its author for a citation.
fn primary_creator(role: &str) -> bool {
    matches!(
        role,
        "photographer"
            | "pht"
            | "artist"
            | "art"
            | "composer"
            | "cmp"
            | "cartographer"
            | "ctg"
            | "inventor"
            | "inv"
            | "programmer"
            | "prg"
    )
}

/// An identifier of the given type.
fn identifier(node: Node<'_, '_>, kind: &str) -> Option<String> {
    children(node, "identifier")
        .find(|i| {
            i.attribute("type")
                .is_some_and(|t| t.eq_ignore_ascii_case(kind))
        })
        .and_then(text)
}

fn record(m: Node<'_, '_>, line: usize) -> Record {
    let host = children(m, "relatedItem").find(|r| r.attribute("type") == Some("host"));
    let part = host
        .and_then(|h| child(h, "part"))
        .or_else(|| child(m, "part"));
    let detail = |t: &str| {
        part.and_then(|p| {
            children(p, "detail")
                .find(|d| d.attribute("type") == Some(t))
                .and_then(|d| text_at(d, &["number"]))
        })
    };
    let extent = part.and_then(|p| child(p, "extent"));
    let pages = extent.and_then(|e| {
        clean::page_range(
            text_at(e, &["start"]).as_deref(),
            text_at(e, &["end"]).as_deref(),
        )
        .or_else(|| text_at(e, &["list"]).and_then(|l| clean::pages(&l)))
    });
    let date = child(m, "originInfo")
        .and_then(|o| issued(o).or_else(|| text_at(o, &["copyrightDate"])))
        .or_else(|| part.and_then(|p| text_at(p, &["date"])))
        .or_else(|| host.and_then(|h| child(h, "originInfo")).and_then(issued));
    let genre = text_at(m, &["genre"]);
    let host_genre = host
        .and_then(|h| text_at(h, &["genre"]))
        .map(|g| g.to_lowercase());
    let host_continuing = host
        .and_then(|h| child(h, "originInfo"))
        .and_then(|o| text_at(o, &["issuance"]))
        .is_some_and(|i| i == "continuing" || i == "serial");
    let record_kind = match host_genre.as_deref() {
        Some(g)
            if g.contains("book") && genre.as_deref().is_none_or(|g| !g.contains("conference")) =>
        {
            Some("chapter")
        }
        Some(g) if g.contains("conference") || g.contains("proceedings") => {
            Some("paper-conference")
        }
        Some(g) if g.contains("journal") || g.contains("periodical") || g.contains("magazine") => {
            genre
                .as_deref()
                .and_then(kind::from_words)
                .filter(|k| k.starts_with("article"))
                .or(Some("article-journal"))
        }
        _ if host_continuing => Some("article-journal"),
        _ => genre.as_deref().and_then(kind::from_words),
    };
    let (authors, editors) = people(m);
    let subjects: Vec<String> = children(m, "subject")
        .flat_map(|s| children(s, "topic").filter_map(text).collect::<Vec<_>>())
        .collect();
    let mut s = Study {
        title: title(m).map(|t| clean::title(&t)).unwrap_or_default(),
        authors,
        year: date.as_deref().and_then(clean::year),
        journal: host.and_then(title),
        volume: detail("volume"),
        issue: detail("issue").or_else(|| detail("number")),
        pages,
        doi: identifier(m, "doi").and_then(|d| clean::doi(&d)),
        pmid: identifier(m, "pmid").and_then(|p| clean::pmid(&p)),
        url: child(m, "location")
            .and_then(|l| text_at(l, &["url"]))
            .and_then(|u| clean::url(&u)),
        r#abstract: text_at(m, &["abstract"]),
        keywords: subjects,
        notes: child(m, "note").and_then(text),
        ..Study::default()
    };
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    let issn = identifier(m, "issn").or_else(|| host.and_then(|h| identifier(h, "issn")));
    let isbn = identifier(m, "isbn").or_else(|| host.and_then(|h| identifier(h, "isbn")));
    for (key, v) in [("issn", issn), ("isbn", isbn)] {
        if let Some(v) = v {
            s.extra.push((key.into(), json!(v)));
        }
    }
    if let Some(p) = child(m, "originInfo").and_then(|o| text_at(o, &["publisher"])) {
        s.extra.push(("publisher".into(), json!(p)));
    }
    if let Some(id) = m.attribute("ID") {
        s.extra.push(("source_id".into(), json!(id)));
    }
    kind::set(&mut s, record_kind);
    Record {
        study: s,
        origin: Origin::Line(line),
        kind: genre,
    }
}

/// The date of issue of an `originInfo`: the key date, else the start of a
/// range (`point="start"`: a serial "began in 1985", `-1988` ended it),
/// else the first `dateIssued` that holds a year, else the first one.
fn issued(origin: Node<'_, '_>) -> Option<String> {
    let dates: Vec<Node<'_, '_>> = children(origin, "dateIssued").collect();
    let rank = |d: &Node<'_, '_>| match (d.attribute("keyDate"), d.attribute("point")) {
        (Some("yes"), _) => 0,
        (_, Some("start")) => 1,
        (_, None) => 2,
        _ => 3,
    };
    let mut ranked = dates.clone();
    ranked.sort_by_key(rank);
    ranked
        .iter()
        .filter_map(|d| text(*d))
        .find(|t| clean::year(t).is_some())
        .or_else(|| dates.iter().find_map(|d| text(*d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mods_article_and_chapter() {
        let text = r#"<?xml version="1.0"?>
<modsCollection xmlns="http://www.loc.gov/mods/v3">
<mods ID="smith2019">
  <titleInfo><title>Exercise after stroke</title><subTitle>a randomised trial</subTitle></titleInfo>
  <name type="personal"><namePart type="family">Smith</namePart><namePart type="given">John</namePart><role><roleTerm type="code" authority="marcrelator">aut</roleTerm></role></name>
  <genre>journal article</genre>
  <relatedItem type="host"><titleInfo><title>Clinical Rehabilitation</title></titleInfo><originInfo><issuance>continuing</issuance></originInfo>
    <part><detail type="volume"><number>33</number></detail><detail type="issue"><number>2</number></detail><extent unit="page"><start>101</start><end>110</end></extent><date>2019</date></part></relatedItem>
  <identifier type="doi">10.1177/0269215518812345</identifier>
</mods>
<mods><titleInfo><title>Nursing in context</title></titleInfo>
  <name type="personal"><namePart>Lee, Kim</namePart></name>
  <name type="personal"><namePart type="family">Park</namePart><namePart type="given">S.</namePart><role><roleTerm type="text">editor</roleTerm></role></name>
  <relatedItem type="host"><titleInfo><title>Handbook of Nursing</title></titleInfo><genre>book</genre></relatedItem>
  <originInfo><dateIssued>2024</dateIssued></originInfo></mods>
</modsCollection>"#;
        let p = read(text);
        assert!(p.bad.is_empty(), "{:?}", p.bad);
        let s = &p.records[0].study;
        assert_eq!(s.title, "Exercise after stroke: a randomised trial");
        assert_eq!(s.authors, ["Smith, John"]);
        assert_eq!(s.year, Some(2019));
        assert_eq!(s.journal.as_deref(), Some("Clinical Rehabilitation"));
        assert_eq!(s.pages.as_deref(), Some("101-110"));
        assert_eq!(p.records[0].origin, Origin::Line(3));
        let c = &p.records[1].study;
        assert_eq!(c.authors, ["Lee, Kim"]);
        assert_eq!(kind::of(c), "chapter");
    }
}
