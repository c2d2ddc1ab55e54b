//! Citavi's exchange XML (`<CitaviExchangeData>`), alone or as the one
//! entry of a Citavi backup (`.ctv5bak`, `.ctv6bak`: a zip archive).
//!
//! The references (`References/Reference`) name their periodical and
//! series by id (`PeriodicalID`, `SeriesTitleID`); their authors, editors,
//! keywords and publishers are linked in tables of `OnetoN` rows
//! (`reference-id;person-id;person-id`: `ReferenceAuthors`,
//! `ReferenceEditors`, `ReferenceKeywords`, `ReferencePublishers`), and a
//! contribution to its book in `ReferenceReferences`
//! (`book-id;contribution-id;...`).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use roxmltree::{Document, Node};
use serde_json::json;

use super::{child, children, options, read_records, text};
use crate::interop::detect::{self, Refusal};
use crate::interop::{Bad, Origin, Parsed, Record, clean, kind};
use crate::model::Study;

/// The most a Citavi backup's entry may unpack to.
pub const UNZIPPED_LIMIT: u64 = 256_000_000;

/// The bytes of the Citavi exchange XML in a zip archive (a Citavi
/// backup), `None` when the bytes are no zip or a zip of something else
/// (refused as an archive by [`detect::sniff`]). An entry that would
/// unpack to more than [`UNZIPPED_LIMIT`] is refused.
pub fn unzip(bytes: &[u8]) -> Result<Option<Vec<u8>>, Refusal> {
    unzip_limited(bytes, UNZIPPED_LIMIT)
}

fn unzip_limited(bytes: &[u8], limit: u64) -> Result<Option<Vec<u8>>, Refusal> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(None);
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(None);
    };
    if archive.is_empty() {
        return Ok(None);
    }
    let Ok(mut entry) = archive.by_index(0) else {
        return Ok(None);
    };
    // Its first bytes tell whether it is Citavi's XML.
    let mut out = Vec::new();
    if (&mut entry).take(65_536).read_to_end(&mut out).is_err() {
        return Ok(None);
    }
    let (head, _) = detect::decode_bytes(&out);
    let citavi =
        detect::xml_root(&head).is_some_and(|r| r.rsplit(':').next() == Some("CitaviExchangeData"));
    if !citavi {
        return Ok(None);
    }
    if entry.size() > limit {
        return Err(Refusal::ArchiveTooLarge(limit));
    }
    let room = (limit + 1).saturating_sub(out.len() as u64);
    if (&mut entry).take(room).read_to_end(&mut out).is_err() {
        return Err(Refusal::Archive(
            "a damaged Citavi backup (its zip archive could not be unpacked)",
        ));
    }
    if out.len() as u64 > limit {
        return Err(Refusal::ArchiveTooLarge(limit));
    }
    Ok(Some(out))
}

/// Reads Citavi exchange XML.
pub fn read(text: &str) -> Parsed {
    let doc = match Document::parse_with_options(text, options()) {
        Ok(doc) => doc,
        Err(e) => {
            // Each reference on its own, without the tables that link it.
            let mut p = read_records(text, &["Reference"], |n, line| {
                reference(n, line, &Links::default())
            });
            p.warnings.insert(
                0,
                Bad::at(
                    e.pos().row as usize,
                    format!(
                        "not well-formed XML ({e}): references read without their authors, journals and keywords"
                    ),
                ),
            );
            return p;
        }
    };
    let root = doc.root_element();
    let links = Links::of(root);
    let mut out = Parsed::default();
    let Some(refs) = child(root, "References") else {
        return out;
    };
    for r in children(refs, "Reference") {
        let line = doc.text_pos_at(r.range().start).row as usize;
        let mut record = reference(r, line, &links);
        // A contribution: its book's title, year and editors.
        if let Some(parent) = r
            .attribute("id")
            .and_then(|id| links.parent.get(id))
            .and_then(|p| links.references.get(p.as_str()))
        {
            let book = reference(*parent, line, &links).study;
            let s = &mut record.study;
            if s.journal.is_none() && !book.title.is_empty() {
                s.journal = Some(book.title);
            }
            s.year = s.year.or(book.year);
            for (k, v) in book.extra {
                if matches!(k.as_str(), "editors" | "publisher" | "isbn" | "place")
                    && !s.extra.iter().any(|(e, _)| *e == k)
                {
                    s.extra.push((k, v));
                }
            }
        }
        out.push(record);
    }
    out
}

/// The tables that link references to people, periodicals, keywords and
/// their books.
#[derive(Default)]
struct Links<'a, 'i> {
    /// Person id → "Last, First Middle".
    persons: HashMap<String, String>,
    /// Periodical, series, publisher and keyword id → name.
    names: HashMap<String, String>,
    /// Reference id → person ids (authors, editors) and keyword and
    /// publisher ids.
    authors: HashMap<String, Vec<String>>,
    editors: HashMap<String, Vec<String>>,
    keywords: HashMap<String, Vec<String>>,
    publishers: HashMap<String, Vec<String>>,
    /// Contribution id → its book's id.
    parent: HashMap<String, String>,
    references: HashMap<&'a str, Node<'a, 'i>>,
}

impl<'a, 'i> Links<'a, 'i> {
    fn of(root: Node<'a, 'i>) -> Self {
        let mut l = Links::default();
        if let Some(ps) = child(root, "Persons") {
            for p in children(ps, "Person") {
                let Some(id) = p.attribute("id") else {
                    continue;
                };
                let part = |n: &str| child(p, n).and_then(text).unwrap_or_default();
                let given = clean::squash(&format!("{} {}", part("FirstName"), part("MiddleName")));
                let family = clean::squash(&format!("{} {}", part("Prefix"), part("LastName")));
                let mut name = match (family.is_empty(), given.is_empty()) {
                    (false, false) => format!("{family}, {given}"),
                    (false, true) => family,
                    (true, _) => given,
                };
                let suffix = part("Suffix");
                if !suffix.is_empty() && !name.is_empty() {
                    name = format!("{name}, {suffix}");
                }
                if !name.is_empty() {
                    l.persons.insert(id.to_string(), name);
                }
            }
        }
        for (list, item) in [
            ("Periodicals", "Periodical"),
            ("SeriesTitles", "SeriesTitle"),
            ("Publishers", "Publisher"),
            ("Keywords", "Keyword"),
        ] {
            for n in child(root, list)
                .into_iter()
                .flat_map(|c| children(c, item))
            {
                if let (Some(id), Some(name)) = (n.attribute("id"), child(n, "Name").and_then(text))
                {
                    l.names.insert(id.to_string(), name);
                }
            }
        }
        let table = |name: &str| {
            let mut m: HashMap<String, Vec<String>> = HashMap::new();
            for row in child(root, name)
                .into_iter()
                .flat_map(|t| children(t, "OnetoN"))
                .filter_map(text)
            {
                let mut ids = row.split(';').map(|s| s.trim().to_string());
                if let Some(owner) = ids.next() {
                    m.entry(owner)
                        .or_default()
                        .extend(ids.filter(|i| !i.is_empty()));
                }
            }
            m
        };
        l.authors = table("ReferenceAuthors");
        l.editors = table("ReferenceEditors");
        l.keywords = table("ReferenceKeywords");
        l.publishers = table("ReferencePublishers");
        for (book, parts) in table("ReferenceReferences") {
            for p in parts {
                l.parent.insert(p, book.clone());
            }
        }
        if let Some(refs) = child(root, "References") {
            for r in children(refs, "Reference") {
                if let Some(id) = r.attribute("id") {
                    l.references.insert(id, r);
                }
            }
        }
        l
    }

    fn people(&self, table: &HashMap<String, Vec<String>>, id: &str) -> Vec<String> {
        table
            .get(id)
            .map(|ids| {
                ids.iter()
                    .filter_map(|p| self.persons.get(p).cloned())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn named(&self, table: &HashMap<String, Vec<String>>, id: &str) -> Vec<String> {
        table
            .get(id)
            .map(|ids| {
                ids.iter()
                    .filter_map(|p| self.names.get(p).cloned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The kind of a Citavi `ReferenceType`.
fn reference_kind(t: &str) -> Option<&'static str> {
    Some(match t.trim() {
        "JournalArticle" | "Journal Article" => "article-journal",
        "NewspaperArticle" => "article-newspaper",
        "Book" | "BookEdited" | "AudioBook" | "SpecialIssue" => "book",
        "Contribution" | "ContributionInLegalCommentary" => "chapter",
        "ConferenceProceedings" => "book",
        "Thesis" => "thesis",
        "InternetDocument" => "webpage",
        "Patent" => "patent",
        "Standard" => "standard",
        "StatuteOrRegulation" => "legislation",
        "CourtDecision" => "legal_case",
        "ComputerProgram" => "software",
        "UnpublishedWork" => "manuscript",
        "PressRelease"
        | "Lecture"
        | "Map"
        | "Movie"
        | "MusicAlbum"
        | "InterviewMaterial"
        | "AudioOrVideoDocument"
        | "RadioPlay"
        | "Unknown" => "document",
        "" => return None,
        other => kind::from_words(other).unwrap_or("document"),
    })
}

/// The printed page range of Citavi's `PageRange` (a small XML text of
/// its own: `<sp>..</sp><ep>..</ep><os>237-256</os>`).
fn page_range(s: &str) -> Option<String> {
    if !s.contains('<') {
        return clean::pages(s);
    }
    let start = s.rfind("<os>")? + 4;
    let end = s[start..].find("</os>")? + start;
    clean::pages(&s[start..end])
}

fn reference(r: Node<'_, '_>, line: usize, links: &Links<'_, '_>) -> Record {
    let field = |n: &str| child(r, n).and_then(text);
    let id = r.attribute("id").unwrap_or("");
    let ref_type = field("ReferenceType");
    let title = match (field("Title"), field("Subtitle")) {
        (Some(t), Some(sub)) => format!("{t}: {sub}"),
        (Some(t), None) => t,
        (None, Some(sub)) => sub,
        (None, None) => String::new(),
    };
    let name_of = |n: &str| field(n).and_then(|i| links.names.get(&i).cloned());
    let mut s = Study {
        title: clean::title(&title),
        authors: links.people(&links.authors, id),
        year: field("Year")
            .or_else(|| field("Date"))
            .as_deref()
            .and_then(clean::year),
        journal: name_of("PeriodicalID"),
        volume: field("Volume"),
        issue: field("Number"),
        pages: field("PageRange").as_deref().and_then(page_range),
        doi: field("DOI").and_then(|d| clean::doi(&d)),
        pmid: field("PubMedID").and_then(|p| clean::pmid(&p)),
        url: field("OnlineAddress").and_then(|u| clean::url(&u)),
        r#abstract: field("Abstract"),
        keywords: links.named(&links.keywords, id),
        notes: field("Notes"),
        ..Study::default()
    };
    let editors = links.people(&links.editors, id);
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    let publishers = links.named(&links.publishers, id);
    if !publishers.is_empty() {
        s.extra
            .push(("publisher".into(), json!(publishers.join("; "))));
    }
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            s.extra.push((k.to_string(), json!(v)));
        }
    };
    put("series", name_of("SeriesTitleID"));
    put("isbn", field("ISBN"));
    put("edition", field("Edition"));
    put("place", field("PlaceOfPublication"));
    put("language", field("Language"));
    put("pmcid", field("PMCID"));
    put("citation_key", field("CitationKey"));
    put("short_title", field("ShortTitle"));
    put("evaluation", field("Evaluation"));
    put("table_of_contents", field("TableOfContents"));
    put("source_id", (!id.is_empty()).then(|| id.to_string()));
    kind::set(&mut s, ref_type.as_deref().and_then(reference_kind));
    Record {
        study: s,
        origin: Origin::Line(line),
        kind: ref_type,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linked_people_journal_and_book() {
        let text = r#"<?xml version="1.0" encoding="utf-8"?>
<CitaviExchangeData Version="6.0.0.0">
  <Persons>
    <Person id="p1"><FirstName>Ann</FirstName><LastName>Smith</LastName><MiddleName>B.</MiddleName></Person>
    <Person id="p2"><FirstName>Kim</FirstName><LastName>Lee</LastName></Person>
  </Persons>
  <Periodicals><Periodical id="j1"><Name>Food Chemistry</Name></Periodical></Periodicals>
  <References>
    <Reference id="r1"><ReferenceType>JournalArticle</ReferenceType><PeriodicalID>j1</PeriodicalID>
      <Title>Olive oil</Title><Year>2019</Year><PageRange><![CDATA[<sp><n>5</n></sp><os>5-9</os>]]></PageRange></Reference>
    <Reference id="b1"><ReferenceType>BookEdited</ReferenceType><Title>A book</Title><Year>2016</Year></Reference>
    <Reference id="c1"><ReferenceType>Contribution</ReferenceType><Title>A chapter</Title></Reference>
  </References>
  <ReferenceAuthors><OnetoN>r1;p2;p1</OnetoN><OnetoN>c1;p1</OnetoN></ReferenceAuthors>
  <ReferenceEditors><OnetoN>b1;p2</OnetoN></ReferenceEditors>
  <ReferenceReferences><OnetoN>b1;c1</OnetoN></ReferenceReferences>
</CitaviExchangeData>"#;
        let p = read(text);
        assert_eq!(p.records.len(), 3, "{:?}", p.bad);
        let a = &p.records[0].study;
        assert_eq!(a.authors, ["Lee, Kim", "Smith, Ann B."]);
        assert_eq!(a.journal.as_deref(), Some("Food Chemistry"));
        assert_eq!(a.pages.as_deref(), Some("5-9"));
        assert_eq!(p.records[0].origin, Origin::Line(9));
        let c = &p.records[2].study;
        assert_eq!(c.journal.as_deref(), Some("A book"));
        assert_eq!(c.year, Some(2016));
        assert_eq!(kind::of(c), "chapter");
    }

    #[test]
    fn only_a_citavi_entry_is_unzipped_and_the_size_is_bounded() {
        assert_eq!(unzip(b"TY  - JOUR"), Ok(None));
        assert_eq!(unzip(b"PK\x03\x04not a zip"), Ok(None));
    }
}
