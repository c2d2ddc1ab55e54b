//! EndNote XML (File ▸ Export ▸ XML; also what many review tools and
//! SyRF take): `<xml><records><record>` with `<ref-type name="Journal
//! Article">`, `<contributors><authors><author>`, `<titles><title>`,
//! `<periodical><full-title>`, `<dates><year>`, `<electronic-resource-num>`
//! (the DOI), `<accession-num>`, `<urls><related-urls><url>`. Text may be
//! wrapped in `<style>` elements.

use roxmltree::Node;
use serde_json::json;

use super::{at, children, read_records, text, text_at};
use crate::interop::{Origin, Parsed, Record, clean, kind, names};
use crate::model::Study;

/// Reads EndNote XML.
pub fn read(text: &str) -> Parsed {
    read_records(text, &["record"], record)
}

/// EndNote's numbers for the commonest reference types, for files whose
/// `ref-type` has no name.
fn type_name(number: &str) -> Option<&'static str> {
    Some(match number.trim() {
        "17" => "Journal Article",
        "6" => "Book",
        "5" => "Book Section",
        "28" => "Edited Book",
        "10" => "Conference Proceedings",
        "47" => "Conference Paper",
        "32" => "Thesis",
        "27" => "Report",
        "12" => "Web Page",
        "13" => "Generic",
        "43" => "Electronic Article",
        "19" => "Magazine Article",
        "23" => "Newspaper Article",
        "59" => "Dataset",
        "9" => "Computer Program",
        "25" => "Patent",
        "34" => "Unpublished Work",
        "36" => "Manuscript",
        _ => return None,
    })
}

/// The text of several lines under `node` (notes), line breaks kept.
fn lines(node: Node<'_, '_>) -> Option<String> {
    let mut s = String::new();
    for d in node.descendants() {
        if d.is_text()
            && let Some(t) = d.text()
        {
            s.push_str(t);
        }
    }
    clean::multiline(&s.replace('\r', "\n"))
}

fn people(node: Option<Node<'_, '_>>) -> Vec<String> {
    node.map(|n| {
        children(n, "author")
            .filter_map(text)
            .map(|a| names::person(&a))
            .filter(|a| !a.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

fn record(r: Node<'_, '_>, line: usize) -> Record {
    let ref_type = super::child(r, "ref-type");
    let type_label = ref_type
        .and_then(|t| t.attribute("name").map(str::to_string))
        .or_else(|| {
            ref_type
                .and_then(text)
                .and_then(|n| type_name(&n).map(str::to_string))
        });
    let record_kind = type_label.as_deref().and_then(kind::from_words);
    let contained = matches!(record_kind, Some("chapter" | "paper-conference"));
    let journal = if contained {
        text_at(r, &["titles", "secondary-title"])
            .or_else(|| text_at(r, &["periodical", "full-title"]))
    } else {
        text_at(r, &["periodical", "full-title"])
            .or_else(|| text_at(r, &["titles", "secondary-title"]))
            .or_else(|| text_at(r, &["alt-periodical", "full-title"]))
    };
    let urls: Vec<String> = at(r, &["urls", "related-urls"])
        .map(|u| children(u, "url").filter_map(text).collect())
        .unwrap_or_default();
    let doi = text_at(r, &["electronic-resource-num"])
        .and_then(|d| clean::doi(&d))
        .or_else(|| urls.iter().find_map(|u| clean::doi(u)));
    let keywords: Vec<String> = super::child(r, "keywords")
        .map(|k| {
            children(k, "keyword")
                .filter_map(text)
                .flat_map(|k| k.split(';').filter_map(clean::some).collect::<Vec<_>>())
                .collect()
        })
        .unwrap_or_default();
    let mut s = Study {
        title: text_at(r, &["titles", "title"])
            .map(|t| clean::title(&t))
            .unwrap_or_default(),
        authors: people(at(r, &["contributors", "authors"])),
        year: text_at(r, &["dates", "year"])
            .and_then(|y| clean::year(&y))
            .or_else(|| text_at(r, &["dates", "pub-dates", "date"]).and_then(|d| clean::year(&d))),
        journal,
        volume: text_at(r, &["volume"]),
        issue: text_at(r, &["number"]).or_else(|| text_at(r, &["issue"])),
        pages: text_at(r, &["pages"]).and_then(|p| clean::pages(&p.replace('–', "-"))),
        doi,
        url: urls
            .iter()
            .filter_map(|u| clean::url(u))
            .find(|u| !u.contains("doi.org")),
        r#abstract: text_at(r, &["abstract"]),
        keywords,
        notes: super::child(r, "notes").and_then(lines),
        ..Study::default()
    };
    let accession = text_at(r, &["accession-num"]);
    s.pmid = accession.as_deref().and_then(|a| {
        let a = a.trim();
        (a.len() >= 6 && a.chars().all(|c| c.is_ascii_digit())).then(|| a.to_string())
    });
    let editors = people(at(r, &["contributors", "secondary-authors"]));
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    let sn = match record_kind {
        Some("book" | "chapter") => "isbn",
        _ => "issn",
    };
    for (field, key) in [
        ("isbn", sn),
        ("publisher", "publisher"),
        ("language", "language"),
        ("rec-number", "source_id"),
    ] {
        if let Some(v) = text_at(r, &[field]) {
            s.extra.push((key.into(), json!(v)));
        }
    }
    if let Some(a) = accession.filter(|_| s.pmid.is_none()) {
        s.extra.push(("accession".into(), json!(a)));
    }
    kind::set(&mut s, record_kind);
    Record {
        study: s,
        origin: Origin::Line(line),
        kind: type_label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endnote_xml_with_styles() {
        let text = r#"<?xml version="1.0" encoding="UTF-8" ?><xml><records>
<record><rec-number>4</rec-number><ref-type name="Journal Article">17</ref-type>
<contributors><authors><author><style face="normal" font="default" size="100%">Smith, John</style></author><author>Doe, J.</author></authors></contributors>
<titles><title><style face="normal">Alliance &amp; outcome</style></title><secondary-title>Physiotherapy</secondary-title></titles>
<periodical><full-title>Physiotherapy</full-title></periodical><pages>12-19</pages><volume>10</volume><number>2</number>
<keywords><keyword>alliance</keyword></keywords><dates><year>2019</year></dates><isbn>0031-9406</isbn>
<accession-num>31234567</accession-num><electronic-resource-num>10.1016/j.physio.2019.01.001</electronic-resource-num>
<notes>line one
line two</notes></record>
<record><ref-type>5</ref-type><contributors><authors><author>Lee, K.</author></authors><secondary-authors><author>Park, S.</author></secondary-authors></contributors>
<titles><title>Nursing in context</title><secondary-title>Handbook</secondary-title></titles><dates><year>2024</year></dates></record>
</records></xml>"#;
        let p = read(text);
        assert!(p.bad.is_empty(), "{:?}", p.bad);
        let s = &p.records[0].study;
        assert_eq!(s.title, "Alliance & outcome");
        assert_eq!(s.authors, ["Smith, John", "Doe, J."]);
        assert_eq!(s.journal.as_deref(), Some("Physiotherapy"));
        assert_eq!(s.pmid.as_deref(), Some("31234567"));
        assert_eq!(s.doi.as_deref(), Some("10.1016/j.physio.2019.01.001"));
        assert_eq!(s.notes.as_deref(), Some("line one\nline two"));
        assert_eq!(p.records[0].origin, Origin::Line(2));
        let c = &p.records[1].study;
        assert_eq!(kind::of(c), "chapter");
        assert_eq!(c.journal.as_deref(), Some("Handbook"));
    }
}
