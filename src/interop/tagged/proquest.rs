//! ProQuest's text export ("Report Information from ProQuest"): blocks
//! parted by lines of underscores; a table of contents, then one block a
//! record, headed `Document 3 of 100`, its title on the next line, then
//! `Label: value` fields (`Author:`, `Publication title:`, `Publication
//! year:`, `DOI:`, `Document type:` ...), the document's link on the line
//! under the author, and lines without a label continuing the field above.
//! The BibTeX block ProQuest adds at the end ("Bibliography") repeats the
//! records and is not read.

use crate::interop::{Parsed, Record, clean, kind, names};
use crate::model::Study;

/// The labels ProQuest writes; a line that starts with another word and a
/// colon continues the field above (an abstract's "Background: ...").
const LABELS: [&str; 44] = [
    "Title",
    "Author",
    "Abstract",
    "Links",
    "Advisor",
    "Classification",
    "Committee member",
    "Copyright",
    "Country of publication",
    "Database",
    "Degree",
    "Degree date",
    "Department",
    "Dissertation/thesis number",
    "Document type",
    "DOI",
    "First page",
    "ISBN",
    "ISSN",
    "Identifier / keyword",
    "Issue",
    "Language",
    "Language of publication",
    "Last updated",
    "Number of pages",
    "Pages",
    "Place of publication",
    "ProQuest document ID",
    "Publication date",
    "Publication title",
    "Publication year",
    "Publisher",
    "School code",
    "Section",
    "Source",
    "Source type",
    "Subject",
    "University location",
    "University/institution",
    "Volume",
    "Document URL",
    "Accession number",
    "Journal subset",
    "Subject heading",
];

/// The fields whose value goes on over several lines or paragraphs.
const MULTILINE: [&str; 5] = [
    "Abstract",
    "Links",
    "Subject",
    "Identifier / keyword",
    "Classification",
];

/// True when the text is a ProQuest export: its report heading among the
/// first lines.
pub fn looks_like_proquest(text: &str) -> bool {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(4)
        .any(|l| l.trim() == "Report Information from ProQuest")
}

/// A line of underscores that parts the blocks.
fn rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 20 && t.bytes().all(|c| c == b'_')
}

/// `Document 3 of 100`.
fn document_head(line: &str) -> bool {
    line.trim()
        .strip_prefix("Document ")
        .and_then(|r| r.split_once(" of "))
        .is_some_and(|(a, b)| {
            [a, b]
                .iter()
                .all(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()))
        })
}

/// A labelled line: its label and value.
fn labelled(line: &str) -> Option<(&'static str, &str)> {
    let (label, value) = line.split_once(':')?;
    let label = LABELS.iter().find(|l| **l == label.trim_end())?;
    Some((label, value.trim()))
}

/// Reads a ProQuest text export.
pub fn read(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut cur: Option<(usize, Vec<(&'static str, String)>)> = None;
    // Read after a `Document` head: the title line, then the link line.
    let mut want_name = false;
    let mut want_link = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if rule(line) {
            if let Some((start, fields)) = cur.take() {
                out.push(record(&fields, start));
            }
            continue;
        }
        if document_head(line) {
            if let Some((start, fields)) = cur.take() {
                out.push(record(&fields, start));
            }
            cur = Some((i + 1, Vec::new()));
            want_name = true;
            continue;
        }
        let Some((_, fields)) = cur.as_mut() else {
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        if want_name {
            fields.push(("Name", line.trim().to_string()));
            want_name = false;
            continue;
        }
        if let Some((label, value)) = labelled(line) {
            want_link = label == "Author";
            fields.push((label, value.to_string()));
            continue;
        }
        if want_link && line.trim_start().starts_with("http") {
            fields.push(("Link", line.trim().to_string()));
            want_link = false;
            continue;
        }
        // Text under a field of one line (a label not in the list, such
        // as "Publication info:") is not part of it.
        if let Some((label, v)) = fields.last_mut()
            && MULTILINE.contains(label)
        {
            v.push(' ');
            v.push_str(line.trim());
        }
    }
    if let Some((start, fields)) = cur.take() {
        out.push(record(&fields, start));
    }
    out
}

fn record(fields: &[(&'static str, String)], line: usize) -> Record {
    let first = |labels: &[&str]| {
        labels.iter().find_map(|l| {
            fields
                .iter()
                .find(|(k, v)| k == l && !v.is_empty())
                .map(|(_, v)| v.as_str())
        })
    };
    let doc_type = first(&["Document type"]).and_then(clean::some);
    let record_kind = doc_type.as_deref().and_then(kind::from_words);
    let thesis = record_kind == Some("thesis");
    let s = Study {
        title: first(&["Title", "Name"])
            .map(clean::title)
            .unwrap_or_default(),
        authors: fields
            .iter()
            .filter(|(k, _)| *k == "Author")
            .flat_map(|(_, v)| v.split(';'))
            .map(names::person)
            .filter(|a| !a.is_empty())
            .collect(),
        year: first(&["Publication year", "Degree date", "Publication date"]).and_then(clean::year),
        journal: if thesis {
            None
        } else {
            first(&["Publication title"]).and_then(clean::some)
        },
        volume: first(&["Volume"]).and_then(clean::some),
        issue: first(&["Issue"]).and_then(clean::some),
        pages: first(&["Pages", "First page"]).and_then(clean::pages),
        doi: first(&["DOI"]).and_then(clean::doi),
        url: first(&["Link", "Document URL"]).and_then(clean::url),
        r#abstract: first(&["Abstract"]).and_then(clean::some),
        keywords: fields
            .iter()
            .filter(|(k, _)| *k == "Subject")
            .flat_map(|(_, v)| v.split(';'))
            .filter_map(clean::some)
            .collect(),
        ..Study::default()
    };
    let extra = [
        ("issn", first(&["ISSN"])),
        ("isbn", first(&["ISBN"])),
        ("language", first(&["Language"])),
        ("publisher", first(&["Publisher"])),
        ("institution", first(&["University/institution"])),
        ("source_id", first(&["ProQuest document ID"])),
    ];
    super::blocks::finish(s, &extra, record_kind, line, doc_type)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::Origin;

    #[test]
    fn documents_after_the_contents_and_before_the_bibliography() {
        let rule = "_".repeat(60);
        let text = format!(
            "{rule}\n\nReport Information from ProQuest\nDecember 08 2015 21:33\n{rule}\n\nTable of contents\n\n1. Sleep: a review\n\n{rule}\n\nDocument 1 of 2\n\nSleep: a review\n\nAuthor: Berg, Ola; Lund, Kari\n\nhttp://search.proquest.com/docview/1?accountid=1\n\nAbstract: Background: first.\n\nSecond paragraph.\n\nDocument type: Journal Article\n\nDOI: 10.1000/x.1\n\nPublication title: Sleep Medicine\n\nPublication year: 2014\n\nVolume: 12\n\n{rule}\n\nDocument 2 of 2\n\nA thesis\n\nAuthor: Dorst, Chris\n\nPublication info: Ann Arbor, 2013\n\nDocument type: Dissertation/Thesis\n\nDegree date: 2013\n\nPublication title: ProQuest Dissertations and Theses\n\n{rule}\n\nBibliography\n\n@misc{{\nauthor={{Dorst,Chris}}}}\n"
        );
        assert!(looks_like_proquest(&text));
        let p = read(&text);
        assert_eq!(p.records.len(), 2, "{:?}", p.bad);
        let s = &p.records[0].study;
        assert_eq!(s.title, "Sleep: a review");
        assert_eq!(s.authors, ["Berg, Ola", "Lund, Kari"]);
        assert_eq!(
            s.r#abstract.as_deref(),
            Some("Background: first. Second paragraph.")
        );
        assert_eq!(s.doi.as_deref(), Some("10.1000/x.1"));
        assert_eq!(s.journal.as_deref(), Some("Sleep Medicine"));
        assert_eq!(
            s.url.as_deref(),
            Some("http://search.proquest.com/docview/1?accountid=1")
        );
        assert_eq!(p.records[0].origin, Origin::Line(13));
        let t = &p.records[1].study;
        assert_eq!((t.year, t.journal.as_deref()), (Some(2013), None));
        assert_eq!(t.authors, ["Dorst, Chris"]);
        assert_eq!(kind::of(t), "thesis");
    }
}
