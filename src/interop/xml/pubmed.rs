//! PubMed XML (efetch `retmode=xml`, PubMed's "Save ▸ XML"): a
//! `PubmedArticleSet` of `PubmedArticle` (a `MedlineCitation` with its
//! `Article`, and `PubmedData` with the DOI and PMC ids) and
//! `PubmedBookArticle` (a `BookDocument`) elements.

use roxmltree::Node;
use serde_json::json;

use super::{at, child, children, read_records, text, text_at};
use crate::interop::{Origin, Parsed, Record, clean, kind};
use crate::model::Study;

/// Reads PubMed XML.
pub fn read(text: &str) -> Parsed {
    if text.contains("<PubmedArticle") || text.contains("<PubmedBookArticle") {
        read_records(text, &["PubmedArticle", "PubmedBookArticle"], record)
    } else {
        read_records(text, &["MedlineCitation"], record)
    }
}

/// The names of an `AuthorList`: "Last, Fore[, Suffix]" or the collective
/// name.
fn authors(list: Option<Node<'_, '_>>) -> Vec<String> {
    let Some(list) = list else {
        return Vec::new();
    };
    children(list, "Author")
        .filter_map(|a| {
            if let Some(c) = text_at(a, &["CollectiveName"]) {
                return Some(c);
            }
            let last = text_at(a, &["LastName"])?;
            let given = text_at(a, &["ForeName"]).or_else(|| text_at(a, &["Initials"]));
            Some(match (given, text_at(a, &["Suffix"])) {
                (Some(g), Some(s)) => format!("{last}, {g}, {s}"),
                (Some(g), None) => format!("{last}, {g}"),
                (None, _) => last,
            })
        })
        .collect()
}

/// The `AuthorList` of the authors (not the editors) under `n`.
fn authors_of<'a, 'i>(n: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    children(n, "AuthorList").find(|l| l.attribute("Type").is_none_or(|t| t == "authors"))
}

/// The year of a `PubDate` (`Year`, or the first year of `MedlineDate`).
fn year(date: Option<Node<'_, '_>>) -> Option<i32> {
    let d = date?;
    text_at(d, &["Year"])
        .or_else(|| text_at(d, &["MedlineDate"]))
        .and_then(|y| clean::year(&y))
}

/// An id of an `ArticleIdList` (`doi`, `pmc`, `pubmed`).
fn article_id(r: Node<'_, '_>, id_type: &str) -> Option<String> {
    r.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "ArticleId")
        .find(|n| n.attribute("IdType") == Some(id_type))
        .and_then(text)
}

/// The abstract: its parts, each with its label ("BACKGROUND: ...").
fn abstract_text(a: Option<Node<'_, '_>>) -> Option<String> {
    let parts: Vec<String> = children(a?, "AbstractText")
        .filter_map(|p| {
            let t = text(p)?;
            Some(match p.attribute("Label") {
                Some(l) if !l.trim().is_empty() => format!("{}: {t}", l.trim()),
                _ => t,
            })
        })
        .collect();
    clean::some(&parts.join(" "))
}

fn record(r: Node<'_, '_>, line: usize) -> Record {
    let book = r.tag_name().name() == "PubmedBookArticle";
    let citation = if r.tag_name().name() == "MedlineCitation" {
        Some(r)
    } else {
        child(r, "MedlineCitation")
    };
    let (doc, article) = if book {
        let d = child(r, "BookDocument");
        (d, d)
    } else {
        (citation, citation.and_then(|c| child(c, "Article")))
    };
    let get = |path: &[&str]| article.and_then(|a| text_at(a, path));
    let pages = get(&["Pagination", "MedlinePgn"])
        .and_then(|p| clean::pages(&p))
        .or_else(|| {
            clean::page_range(
                get(&["Pagination", "StartPage"]).as_deref(),
                get(&["Pagination", "EndPage"]).as_deref(),
            )
        });
    let doi = article
        .and_then(|a| {
            children(a, "ELocationID")
                .find(|e| e.attribute("EIdType") == Some("doi"))
                .and_then(text)
        })
        .or_else(|| article_id(r, "doi"))
        .and_then(|d| clean::doi(&d));
    let pmid = doc
        .and_then(|d| text_at(d, &["PMID"]))
        .or_else(|| article_id(r, "pubmed"))
        .and_then(|p| clean::pmid(&p));
    let book_node = article.and_then(|a| child(a, "Book"));
    // A whole book has its authors in `Book`.
    let author_list = article
        .and_then(authors_of)
        .or_else(|| book_node.and_then(authors_of));
    let title = get(&["ArticleTitle"])
        .or_else(|| get(&["VernacularTitle"]))
        .or_else(|| book_node.and_then(|b| text_at(b, &["BookTitle"])));
    let journal = if book {
        book_node
            .and_then(|b| text_at(b, &["BookTitle"]))
            .filter(|_| get(&["ArticleTitle"]).is_some())
    } else {
        get(&["Journal", "Title"]).or_else(|| get(&["Journal", "ISOAbbreviation"]))
    };
    let year_of = year(article.and_then(|a| at(a, &["Journal", "JournalIssue", "PubDate"])))
        .or_else(|| year(book_node.and_then(|b| child(b, "PubDate"))))
        .or_else(|| year(article.and_then(|a| child(a, "ArticleDate"))));
    let keywords: Vec<String> = doc
        .map(|d| {
            d.descendants()
                .filter(|n| n.is_element() && n.tag_name().name() == "Keyword")
                .filter_map(text)
                .collect()
        })
        .unwrap_or_default();
    let mut s = Study {
        title: title.map(|t| clean::title(&t)).unwrap_or_default(),
        authors: authors(author_list),
        year: year_of,
        journal,
        volume: get(&["Journal", "JournalIssue", "Volume"]),
        issue: get(&["Journal", "JournalIssue", "Issue"]),
        pages,
        doi,
        pmid,
        r#abstract: abstract_text(article.and_then(|a| child(a, "Abstract"))),
        keywords,
        ..Study::default()
    };
    let mesh: Vec<String> = citation
        .and_then(|c| child(c, "MeshHeadingList"))
        .map(|l| {
            children(l, "MeshHeading")
                .filter_map(|h| text_at(h, &["DescriptorName"]))
                .collect()
        })
        .unwrap_or_default();
    if !mesh.is_empty() {
        s.extra.push(("mesh".into(), json!(mesh)));
    }
    let types: Vec<String> = article
        .and_then(|a| child(a, "PublicationTypeList"))
        .map(|l| children(l, "PublicationType").filter_map(text).collect())
        .unwrap_or_default();
    if !types.is_empty() {
        s.extra.push(("publication_types".into(), json!(types)));
    }
    let editors =
        authors(book_node.and_then(|b| {
            children(b, "AuthorList").find(|l| l.attribute("Type") == Some("editors"))
        }));
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    if let Some(pmc) = article_id(r, "pmc") {
        s.extra.push(("pmcid".into(), json!(pmc)));
    }
    if let Some(issn) = get(&["Journal", "ISSN"]) {
        s.extra.push(("issn".into(), json!(issn)));
    }
    if let Some(isbn) = book_node.and_then(|b| text_at(b, &["Isbn"])) {
        s.extra.push(("isbn".into(), json!(isbn)));
    }
    let record_kind = match (book, get(&["ArticleTitle"]).is_some()) {
        (true, true) => Some("chapter"),
        (true, false) => Some("book"),
        _ => None,
    };
    kind::set(&mut s, record_kind);
    let kind = types
        .iter()
        .find(|t| !t.eq_ignore_ascii_case("Journal Article"))
        .or(types.first())
        .cloned();
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
    fn pubmed_xml_articles_and_books() {
        let text = r#"<?xml version="1.0" ?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">
<PubmedArticleSet>
<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">31234567</PMID>
<Article PubModel="Print"><Journal><ISSN IssnType="Print">0000-1111</ISSN><JournalIssue CitedMedium="Print"><Volume>24</Volume><Issue>3</Issue><PubDate><MedlineDate>2019 Jun-Jul</MedlineDate></PubDate></JournalIssue><Title>Physiotherapy Research International</Title></Journal>
<ArticleTitle>Effects of <i>early</i> mobilisation.</ArticleTitle><Pagination><MedlinePgn>940-5</MedlinePgn></Pagination>
<ELocationID EIdType="doi" ValidYN="Y">10.1002/pri.1932</ELocationID>
<Abstract><AbstractText Label="BACKGROUND">Why.</AbstractText><AbstractText Label="RESULTS">What.</AbstractText></Abstract>
<AuthorList><Author><LastName>O'Brien</LastName><ForeName>Siobhán</ForeName></Author><Author><CollectiveName>ICU Group</CollectiveName></Author></AuthorList>
<PublicationTypeList><PublicationType>Journal Article</PublicationType><PublicationType>Systematic Review</PublicationType></PublicationTypeList></Article></MedlineCitation>
<PubmedData><ArticleIdList><ArticleId IdType="pubmed">31234567</ArticleId><ArticleId IdType="pmc">PMC6543210</ArticleId></ArticleIdList></PubmedData></PubmedArticle>
</PubmedArticleSet>"#;
        let p = read(text);
        assert!(p.bad.is_empty(), "{:?}", p.bad);
        let r = &p.records[0];
        let s = &r.study;
        assert_eq!(s.title, "Effects of early mobilisation");
        assert_eq!(s.authors, ["O'Brien, Siobhán", "ICU Group"]);
        assert_eq!(s.year, Some(2019));
        assert_eq!(s.pages.as_deref(), Some("940-945"));
        assert_eq!(s.pmid.as_deref(), Some("31234567"));
        assert_eq!(s.doi.as_deref(), Some("10.1002/pri.1932"));
        assert_eq!(
            s.r#abstract.as_deref(),
            Some("BACKGROUND: Why. RESULTS: What.")
        );
        assert_eq!(r.kind.as_deref(), Some("Systematic Review"));
        assert_eq!(r.origin, Origin::Line(4));
        let book = r#"<PubmedArticleSet><PubmedBookArticle><BookDocument><PMID>1</PMID><Book><BookTitle>Endocrinology</BookTitle><PubDate><Year>2001</Year></PubDate><AuthorList Type="authors"><Author><LastName>Nussey</LastName><ForeName>Stephen</ForeName></Author></AuthorList></Book></BookDocument></PubmedBookArticle></PubmedArticleSet>"#;
        let p = read(book);
        assert_eq!(p.records[0].study.authors, ["Nussey, Stephen"]);
        assert_eq!(kind::of(&p.records[0].study), "book");
    }
}
