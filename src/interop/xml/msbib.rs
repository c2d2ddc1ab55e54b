//! Microsoft Word's bibliography XML (MSBib; Word's Source Manager, JabRef
//! and Zotero export it): `<b:Sources>` of `<b:Source>` records in the
//! namespace `http://schemas.openxmlformats.org/officeDocument/2006/bibliography`,
//! each with `SourceType`, `Title`, `Year`, `JournalName` (or
//! `ConferenceName`, `BookTitle`, `PeriodicalTitle`), `Volume`, `Issue`,
//! `Pages`, `DOI`, `URL`, and people under `Author/Author` (authors),
//! `Author/Editor`, `Author/Translator` ..., each a `NameList` of `Person`
//! (`Last`, `First`, `Middle`) or a `Corporate` name.

use roxmltree::Node;
use serde_json::{Value, json};

use super::{at, child, children, read_records, text};
use crate::interop::{Origin, Parsed, Record, clean, kind};
use crate::model::Study;

/// Reads MSBib XML.
pub fn read(text: &str) -> Parsed {
    read_records(text, &["Source"], record)
}

/// The kind of a `SourceType`.
fn source_kind(t: &str) -> Option<&'static str> {
    Some(match t.trim() {
        "JournalArticle" => "article-journal",
        "ArticleInAPeriodical" => "article-magazine",
        "Book" | "ElectronicSource" => "book",
        "BookSection" => "chapter",
        "ConferenceProceedings" => "paper-conference",
        "Report" => "report",
        "InternetSite" | "DocumentFromInternetSite" => "webpage",
        "Patent" => "patent",
        "Case" => "legal_case",
        "Interview" | "Film" | "SoundRecording" | "Performance" | "Art" | "Misc" => "document",
        "" => return None,
        other => kind::from_words(other).unwrap_or("document"),
    })
}

/// The names of one role (`Author`, `Editor`, `Translator` ...) under
/// `<b:Author>`: persons as "Last, First Middle", corporate names as
/// written.
fn people(source: Node<'_, '_>, role: &str) -> Vec<String> {
    let Some(r) = at(source, &["Author", role]) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(c) = child(r, "Corporate").and_then(text) {
        out.push(c);
    }
    let persons = child(r, "NameList")
        .map(|l| children(l, "Person").collect::<Vec<_>>())
        .unwrap_or_default();
    for p in persons {
        let part = |n: &str| child(p, n).and_then(text).unwrap_or_default();
        let (last, first, middle) = (part("Last"), part("First"), part("Middle"));
        let given = clean::squash(&format!("{first} {middle}"));
        let name = match (last.is_empty(), given.is_empty()) {
            (false, false) => format!("{last}, {given}"),
            (false, true) => last,
            (true, false) => given,
            (true, true) => continue,
        };
        out.push(name);
    }
    out
}

/// Elements read into the study's own fields (the others go to `extra`).
const READ: [&str; 24] = [
    "SourceType",
    "Title",
    "Year",
    "Month",
    "Day",
    "Author",
    "JournalName",
    "ConferenceName",
    "BookTitle",
    "PeriodicalTitle",
    "Volume",
    "Issue",
    "Pages",
    "DOI",
    "URL",
    "Tag",
    "Comments",
    "Abstract",
    "BIBTEX_Abstract",
    "BIBTEX_KeyWords",
    "StandardNumber",
    "LCID",
    "Guid",
    "RefOrder",
];

/// A `StandardNumber` as Word (and JabRef) write it: `:ISSN:0937-6429`,
/// `:ISBN:...`; `None` for a bare number.
fn standard_number(s: &str) -> Option<(String, String)> {
    let rest = s.trim().strip_prefix(':')?;
    let (k, v) = rest.split_once(':')?;
    let v = v.trim();
    (!k.is_empty() && !v.is_empty()).then(|| (k.trim().to_lowercase(), v.to_string()))
}

/// A language of a Windows LCID (the common ones), else the number.
fn language(lcid: &str) -> Option<String> {
    let name = match lcid.trim() {
        "" | "0" => return None,
        "1031" => "german",
        "1033" => "english",
        "2057" => "english (british)",
        "1036" => "french",
        "1034" | "3082" => "spanish",
        "1040" => "italian",
        "1043" => "dutch",
        "1046" => "portuguese (brazil)",
        "2070" => "portuguese",
        "1049" => "russian",
        "1041" => "japanese",
        "2052" => "chinese (simplified)",
        "1053" => "swedish",
        "1030" => "danish",
        "1044" => "norwegian",
        "1045" => "polish",
        "1035" => "finnish",
        other => return Some(other.to_string()),
    };
    Some(name.into())
}

fn record(src: Node<'_, '_>, line: usize) -> Record {
    let field = |n: &str| child(src, n).and_then(text);
    let source_type = field("SourceType");
    let record_kind = source_type.as_deref().and_then(source_kind);
    let journal = field("JournalName")
        .or_else(|| field("ConferenceName"))
        .or_else(|| field("BookTitle"))
        .or_else(|| field("PeriodicalTitle"));
    let doi = field("DOI").and_then(|d| clean::doi(&d)).or_else(|| {
        field("URL")
            .filter(|u| u.contains("doi"))
            .and_then(|u| clean::doi(&u))
    });
    let keywords = field("BIBTEX_KeyWords")
        .map(|k| {
            k.split([';', ','])
                .filter_map(clean::some)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let mut s = Study {
        title: field("Title")
            .or_else(|| field("ShortTitle"))
            .map(|t| clean::title(&t))
            .unwrap_or_default(),
        authors: people(src, "Author"),
        year: field("Year").as_deref().and_then(clean::year),
        journal,
        volume: field("Volume"),
        issue: field("Issue"),
        pages: field("Pages").and_then(|p| clean::pages(&p)),
        doi,
        url: field("URL").and_then(|u| clean::url(&u)),
        r#abstract: field("Abstract").or_else(|| field("BIBTEX_Abstract")),
        notes: field("Comments"),
        keywords,
        ..Study::default()
    };
    let mut extra: Vec<(String, Value)> = Vec::new();
    for role in ["Editor", "Translator", "BookAuthor", "Compiler", "Inventor"] {
        let names = people(src, role);
        if !names.is_empty() {
            let key = match role {
                "BookAuthor" => "book_authors".to_string(),
                // A patent's inventors are its authors when none is named.
                "Inventor" if s.authors.is_empty() => {
                    s.authors = names;
                    continue;
                }
                r => format!("{}s", r.to_lowercase()),
            };
            extra.push((key, json!(names)));
        }
    }
    if let Some(m) = field("Month") {
        extra.push(("month".into(), json!(m)));
    }
    if let Some(n) = field("StandardNumber") {
        match standard_number(&n) {
            Some((k, v)) => extra.push((k, json!(v))),
            None => extra.push(("standard_number".into(), json!(n))),
        }
    }
    if let Some(l) = field("LCID").as_deref().and_then(language) {
        extra.push(("language".into(), json!(l)));
    }
    if let Some(t) = field("Tag") {
        extra.push(("source_id".into(), json!(t)));
    }
    // Every other element with text, under its own name (lower case).
    for c in src.children().filter(|c| c.is_element()) {
        let name = c.tag_name().name();
        if READ.contains(&name) {
            continue;
        }
        if let Some(v) = text(c) {
            let key = name.strip_prefix("BIBTEX_").unwrap_or(name).to_lowercase();
            if !extra.iter().any(|(k, _)| *k == key) {
                extra.push((key, json!(v)));
            }
        }
    }
    s.extra = extra;
    kind::set(&mut s, record_kind);
    Record {
        study: s,
        origin: Origin::Line(line),
        kind: source_type,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn msbib_people_and_standard_numbers() {
        let text = r#"<?xml version="1.0"?>
<b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography">
<b:Source><b:SourceType>BookSection</b:SourceType><b:Title>A chapter</b:Title>
<b:Author><b:Author><b:NameList><b:Person><b:Last>Smith</b:Last><b:First>Ann</b:First><b:Middle>B.</b:Middle></b:Person>
<b:Person><b:Last> </b:Last><b:First>Cher</b:First></b:Person></b:NameList></b:Author>
<b:Editor><b:NameList><b:Person><b:Last>Lee</b:Last><b:First>Kim</b:First></b:Person></b:NameList></b:Editor></b:Author>
<b:BookTitle>A book</b:BookTitle><b:Year>2001</b:Year><b:StandardNumber>:ISBN:978-0-00-000000-0</b:StandardNumber>
<b:City>Oslo</b:City></b:Source>
</b:Sources>"#;
        let p = read(text);
        let s = &p.records[0].study;
        assert_eq!(s.authors, ["Smith, Ann B.", "Cher"]);
        assert_eq!(s.journal.as_deref(), Some("A book"));
        assert_eq!(kind::of(s), "chapter");
        let extra: Vec<&str> = s.extra.iter().map(|(k, _)| k.as_str()).collect();
        assert!(extra.contains(&"editors") && extra.contains(&"isbn") && extra.contains(&"city"));
        assert_eq!(p.records[0].origin, Origin::Line(3));
    }
}
