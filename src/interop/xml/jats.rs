//! JATS (NISO Z39.96) and its NLM predecessors: the article XML of PubMed
//! Central (`.nxml`, the OA package and efetch `db=pmc`), many publishers
//! and preprint servers. Each `article` element is one record, read from
//! its `front`: `journal-meta` and `article-meta`. The body and the
//! article's own reference list are not records and are not read.

use roxmltree::Node;
use serde_json::json;

use super::{at, child, children, read_records, text, text_at};
use crate::interop::{Origin, Parsed, Record, clean, kind};
use crate::model::Study;

/// Reads JATS XML: one `article` or a `pmc-articleset` of them.
pub fn read(text: &str) -> Parsed {
    read_records(text, &["article"], record)
}

/// A person's name: `surname, given-names` (a `name` or `string-name`),
/// or a `collab`.
fn person(c: Node<'_, '_>) -> Option<String> {
    if let Some(n) = child(c, "name").or_else(|| child(c, "string-name")) {
        let family = text_at(n, &["surname"]).or_else(|| text(n))?;
        let given = text_at(n, &["given-names"]);
        let suffix = text_at(n, &["suffix"]);
        return Some(match (given, suffix) {
            (Some(g), Some(s)) => format!("{family}, {g}, {s}"),
            (Some(g), None) => format!("{family}, {g}"),
            (None, _) => family,
        });
    }
    child(c, "collab").and_then(text)
}

/// The people of `role` (`author`, `editor`) in every `contrib-group` of
/// `meta`, in order. A contributor without a type counts as an author.
fn people(meta: Node<'_, '_>, role: &str) -> Vec<String> {
    children(meta, "contrib-group")
        .flat_map(|g| children(g, "contrib"))
        .filter(|c| c.attribute("contrib-type").unwrap_or("author") == role)
        .filter_map(person)
        .collect()
}

/// The publication year: the print date, else the electronic one, else any
/// `pub-date`.
fn year(meta: Node<'_, '_>) -> Option<i32> {
    let dates: Vec<Node<'_, '_>> = children(meta, "pub-date").collect();
    let is = |d: &Node<'_, '_>, p: &str| {
        d.attribute("pub-type").or_else(|| d.attribute("date-type")) == Some(p)
    };
    let preferred = ["ppub", "pub", "collection", "epub-ppub", "epub"];
    preferred
        .iter()
        .find_map(|p| dates.iter().find(|d| is(d, p)))
        .or(dates.first())
        .and_then(|d| text_at(*d, &["year"]))
        .and_then(|y| clean::year(&y))
}

/// An `article-id` of `kind` (`doi`, `pmid`, `pmc`, `publisher-id`).
fn article_id(meta: Node<'_, '_>, kind: &str) -> Option<String> {
    children(meta, "article-id")
        .find(|n| n.attribute("pub-id-type") == Some(kind))
        .and_then(text)
}

/// The abstract's text: its sections' titles and paragraphs, in order.
fn abstract_text(meta: Node<'_, '_>) -> Option<String> {
    let a = children(meta, "abstract").find(|a| a.attribute("abstract-type").is_none())?;
    let secs: Vec<Node<'_, '_>> = children(a, "sec").collect();
    if secs.is_empty() {
        return text(a);
    }
    let parts: Vec<String> = secs
        .iter()
        .filter_map(|s| {
            let body: Vec<String> = children(*s, "p").filter_map(text).collect();
            let body = clean::some(&body.join(" "))?;
            Some(match text_at(*s, &["title"]) {
                Some(t) => format!("{}: {body}", t.trim_end_matches(':')),
                None => body,
            })
        })
        .collect();
    clean::some(&parts.join(" "))
}

fn record(article: Node<'_, '_>, line: usize) -> Record {
    let front = child(article, "front");
    let meta = front.and_then(|f| child(f, "article-meta"));
    let journal_meta = front.and_then(|f| child(f, "journal-meta"));
    let get = |path: &[&str]| meta.and_then(|m| text_at(m, path));
    let title =
        get(&["title-group", "article-title"]).map(|t| match get(&["title-group", "subtitle"]) {
            Some(sub) => format!("{}: {sub}", t.trim_end_matches([':', ' '])),
            None => t,
        });
    let journal = journal_meta.and_then(|j| {
        text_at(j, &["journal-title-group", "journal-title"])
            .or_else(|| text_at(j, &["journal-title"]))
            .or_else(|| {
                children(j, "journal-id")
                    .find(|i| i.attribute("journal-id-type") == Some("nlm-ta"))
                    .and_then(text)
            })
    });
    let pages = match (get(&["fpage"]), get(&["elocation-id"])) {
        (Some(f), _) => clean::page_range(Some(&f), get(&["lpage"]).as_deref()),
        (None, Some(e)) => Some(e),
        (None, None) => None,
    };
    let keywords: Vec<String> = meta
        .map(|m| {
            children(m, "kwd-group")
                .flat_map(|g| children(g, "kwd"))
                .filter_map(text)
                .collect()
        })
        .unwrap_or_default();
    let mut s = Study {
        title: title.map(|t| clean::title(&t)).unwrap_or_default(),
        authors: meta.map(|m| people(m, "author")).unwrap_or_default(),
        year: meta.and_then(year),
        journal,
        volume: get(&["volume"]),
        issue: get(&["issue"]),
        pages,
        doi: meta
            .and_then(|m| article_id(m, "doi"))
            .and_then(|d| clean::doi(&d)),
        pmid: meta
            .and_then(|m| article_id(m, "pmid"))
            .and_then(|p| clean::pmid(&p)),
        r#abstract: meta.and_then(abstract_text),
        keywords,
        ..Study::default()
    };
    let editors = meta.map(|m| people(m, "editor")).unwrap_or_default();
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    if let Some(pmc) = meta.and_then(|m| article_id(m, "pmc").or_else(|| article_id(m, "pmcid"))) {
        let pmc = if pmc.starts_with("PMC") {
            pmc
        } else {
            format!("PMC{pmc}")
        };
        s.extra.push(("pmcid".into(), json!(pmc)));
    }
    if let Some(issn) = journal_meta.and_then(|j| {
        children(j, "issn")
            .find(|i| i.attribute("pub-type") != Some("epub"))
            .or_else(|| child(j, "issn"))
            .and_then(text)
    }) {
        s.extra.push(("issn".into(), json!(issn)));
    }
    if let Some(p) = journal_meta.and_then(|j| text_at(j, &["publisher", "publisher-name"])) {
        s.extra.push(("publisher".into(), json!(p)));
    }
    let article_type = article.attribute("article-type").map(str::to_string);
    let subject = meta.and_then(|m| at(m, &["article-categories", "subj-group", "subject"]));
    if let Some(sub) = subject.and_then(text) {
        s.extra.push(("subject".into(), json!(sub)));
    }
    kind::set(&mut s, None);
    Record {
        study: s,
        origin: Origin::Line(line),
        kind: article_type,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"<?xml version="1.0"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.0 20120330//EN" "JATS-archivearticle1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article">
  <front>
    <journal-meta>
      <journal-id journal-id-type="nlm-ta">BMC Microbiol</journal-id>
      <journal-title-group><journal-title>BMC Microbiology</journal-title></journal-title-group>
      <issn pub-type="ppub">1471-2180</issn>
      <publisher><publisher-name>BioMed Central</publisher-name></publisher>
    </journal-meta>
    <article-meta>
      <article-id pub-id-type="pmid">21791101</article-id>
      <article-id pub-id-type="pmc">3168419</article-id>
      <article-id pub-id-type="doi">10.1186/1471-2180-11-174</article-id>
      <title-group><article-title>Species-specific <italic>in vitro</italic> growth</article-title></title-group>
      <contrib-group>
        <contrib contrib-type="author"><name><surname>Gao</surname><given-names>Xue</given-names></name></contrib>
        <contrib contrib-type="author"><collab>The Study Group</collab></contrib>
        <contrib contrib-type="editor"><name><surname>Ed</surname><given-names>Ann</given-names></name></contrib>
      </contrib-group>
      <pub-date pub-type="epub"><day>26</day><month>7</month><year>2011</year></pub-date>
      <pub-date pub-type="collection"><year>2012</year></pub-date>
      <volume>11</volume><fpage>174</fpage><lpage>180</lpage>
      <abstract><sec><title>Background</title><p>Why.</p></sec><sec><title>Results</title><p>What.</p></sec></abstract>
      <kwd-group><kwd>growth</kwd><kwd>soil</kwd></kwd-group>
    </article-meta>
  </front>
  <body><p>Not read.</p></body>
  <back><ref-list><ref><element-citation><article-title>A cited paper</article-title></element-citation></ref></ref-list></back>
</article>
"#;

    #[test]
    fn a_pmc_article_is_one_record_from_its_front() {
        let p = read(ONE);
        assert!(p.bad.is_empty(), "{:?}", p.bad);
        assert_eq!(p.records.len(), 1);
        let s = &p.records[0].study;
        assert_eq!(s.title, "Species-specific in vitro growth");
        assert_eq!(s.authors, ["Gao, Xue", "The Study Group"]);
        assert_eq!(s.year, Some(2012));
        assert_eq!(s.journal.as_deref(), Some("BMC Microbiology"));
        assert_eq!(s.doi.as_deref(), Some("10.1186/1471-2180-11-174"));
        assert_eq!(s.pmid.as_deref(), Some("21791101"));
        assert_eq!(s.volume.as_deref(), Some("11"));
        assert_eq!(s.pages.as_deref(), Some("174-180"));
        assert_eq!(
            s.r#abstract.as_deref(),
            Some("Background: Why. Results: What.")
        );
        assert_eq!(s.keywords, ["growth", "soil"]);
        let extra: Vec<&str> = s.extra.iter().map(|(k, _)| k.as_str()).collect();
        assert!(
            extra.contains(&"editors") && extra.contains(&"pmcid"),
            "{extra:?}"
        );
        assert_eq!(p.records[0].origin, Origin::Line(3));
    }

    #[test]
    fn an_article_set_gives_each_article() {
        let set = format!(
            "<pmc-articleset>{}{}</pmc-articleset>",
            ONE.split_once("\n<article")
                .map(|(_, r)| format!("<article{r}"))
                .unwrap_or_default(),
            "<article><front><article-meta><title-group><article-title>Second</article-title></title-group></article-meta></front></article>"
        );
        let p = read(&set);
        let titles: Vec<&str> = p.records.iter().map(|r| r.study.title.as_str()).collect();
        assert_eq!(titles, ["Species-specific in vitro growth", "Second"]);
    }
}
