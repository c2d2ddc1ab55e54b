//! Table exports of review platforms and databases, comma-, tab- or
//! semicolon-separated: Covidence (`Title, Authors, Abstract, Published
//! Year, ..., Covidence #, Study, Notes, Tags`), Rayyan (`key, title, year,
//! ..., authors, ..., notes` with the screening decisions and labels inside
//! `notes`), Scopus (`Authors, ..., Title, Year, Source title, ..., Page
//! start, Page end, ..., DOI, ..., Document Type`) and Web of Science
//! (tab-separated with its two-letter field tags as headers, or its
//! `Article Title` spreadsheet). Headers are matched by name,
//! case-insensitively; ragged rows are tolerated.

use serde_json::json;

use super::clean;
use super::{Bad, Origin, Parsed, Record};
use crate::model::Study;

/// The headers of a line split at `delim`, trimmed, unquoted, lower case.
fn header_names(line: &str, delim: char) -> Vec<String> {
    line.trim_start_matches('\u{feff}')
        .split(delim)
        .map(|h| h.trim().trim_matches('"').trim().to_ascii_lowercase())
        .collect()
}

/// True when `headers` are Web of Science's two-letter field tags.
fn wos_tags(headers: &[String]) -> bool {
    headers.iter().any(|h| h == "ti") && headers.iter().any(|h| h == "pt" || h == "ut")
}

/// True when `headers` name a title column.
fn has_title(headers: &[String]) -> bool {
    headers.iter().any(|h| TITLE.contains(&h.as_str())) || wos_tags(headers)
}

/// Column names of the title, in every export's spelling.
const TITLE: [&str; 3] = ["title", "article title", "document title"];

/// The separator of a table whose first line is a header with a title
/// column: comma, tab or semicolon (a European spreadsheet's CSV).
fn separator(text: &str) -> Option<u8> {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    [(',', b','), ('\t', b'\t'), (';', b';')]
        .into_iter()
        .find(|(c, _)| first.contains(*c) && has_title(&header_names(first, *c)))
        .map(|(_, b)| b)
}

/// True when the first line reads as a table header with a title column.
pub fn looks_like_csv(text: &str) -> bool {
    separator(text).is_some()
}

/// Reads a Covidence, Rayyan, Scopus or Web of Science table export.
pub fn read(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let text = text.trim_start_matches('\u{feff}');
    let Some(delim) = separator(text) else {
        out.bad.push(Bad {
            origin: Origin::Line(1),
            reason: "the table has no Title column".into(),
        });
        return out;
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delim)
        // Web of Science's tab-separated export does not quote its cells.
        .quoting(delim != b'\t')
        .from_reader(text.as_bytes());
    let mut headers: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|h| h.trim().trim_matches('"').trim().to_ascii_lowercase())
            .collect(),
        Err(e) => {
            out.bad.push(Bad {
                origin: Origin::Line(1),
                reason: format!("no CSV header: {e}"),
            });
            return out;
        }
    };
    let kind = if wos_tags(&headers) {
        Source::WosTags
    } else if headers.iter().any(|h| h == "key") && !headers.iter().any(|h| h == "covidence #") {
        Source::Rayyan
    } else {
        Source::Other
    };
    if kind == Source::WosTags {
        // Its tags read as the names the other exports use.
        for h in &mut headers {
            if let Some((_, name)) = WOS_COLUMNS.iter().find(|(tag, _)| tag == h) {
                *h = (*name).to_string();
            }
        }
    }
    for row in reader.records() {
        match row {
            Ok(r) => {
                let line = r.position().map(|p| p.line() as usize).unwrap_or(0);
                let get = |name: &str| {
                    headers
                        .iter()
                        .position(|h| h == name)
                        .and_then(|i| r.get(i))
                        .and_then(clean::some)
                };
                out.push(record(&get, kind, line));
            }
            Err(e) => out.bad.push(Bad {
                origin: Origin::Line(e.position().map(|p| p.line() as usize).unwrap_or(0)),
                reason: format!("this row cannot be read: {e}"),
            }),
        }
    }
    out
}

/// Which export a table is, where it matters for reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// Authors joined by " and ", labels in the notes.
    Rayyan,
    /// Web of Science tab-separated, two-letter tags as headers.
    WosTags,
    Other,
}

/// Web of Science's field tags and the column names they stand for.
const WOS_COLUMNS: [(&str, &str); 19] = [
    ("ti", "title"),
    ("au", "authors"),
    ("af", "author full names"),
    ("py", "year"),
    ("so", "source title"),
    ("vl", "volume"),
    ("is", "issue"),
    ("bp", "page start"),
    ("ep", "page end"),
    ("ar", "article number"),
    ("di", "doi"),
    ("pm", "pubmed id"),
    ("ab", "abstract"),
    ("de", "author keywords"),
    ("dt", "document type"),
    ("ut", "accession number"),
    ("sn", "issn"),
    ("la", "language"),
    ("pu", "publisher"),
];

/// The first of `names` that the row has a value for.
fn first(get: &dyn Fn(&str) -> Option<String>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| get(n))
}

/// The labels Rayyan writes into `notes` (`RAYYAN-LABELS: a,b`).
pub(super) fn rayyan_labels(notes: &str) -> Vec<String> {
    notes
        .split('|')
        .filter_map(|part| part.trim().strip_prefix("RAYYAN-LABELS:"))
        .flat_map(|l| l.split(','))
        .filter_map(clean::some)
        .collect()
}

fn record(get: &dyn Fn(&str) -> Option<String>, source: Source, line: usize) -> Record {
    let full = get("author full names").filter(|_| source == Source::WosTags);
    let authors: Vec<String> = full
        .or_else(|| first(get, &["authors", "author"]))
        .map(|a| {
            let sep = if source == Source::Rayyan {
                " and "
            } else {
                ";"
            };
            a.split(sep)
                .map(clean::person)
                .filter(|p| !p.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let notes = get("notes");
    let mut tags: Vec<String> = get("tags")
        .map(|t| t.split(';').filter_map(clean::some).collect())
        .unwrap_or_default();
    if let Some(n) = &notes {
        tags.extend(rayyan_labels(n));
    }
    let pages = get("pages")
        .and_then(|p| clean::pages(&p))
        .or_else(|| {
            clean::page_range(
                first(get, &["page start", "start page"]).as_deref(),
                first(get, &["page end", "end page"]).as_deref(),
            )
        })
        .or_else(|| first(get, &["art. no.", "article number"]));
    let mut s = Study {
        title: first(get, &TITLE)
            .map(|t| clean::title(&t))
            .unwrap_or_default(),
        authors,
        year: first(get, &["published year", "year", "publication year"])
            .and_then(|y| clean::year(&y)),
        journal: first(get, &["journal", "source title", "publication title"]),
        volume: get("volume"),
        issue: get("issue"),
        pages,
        doi: get("doi").and_then(|d| clean::doi(&d)),
        pmid: first(get, &["pubmed_id", "pmid", "pubmed id"]).and_then(|p| clean::pmid(&p)),
        url: first(get, &["url", "link"]),
        r#abstract: get("abstract"),
        keywords: first(get, &["keywords", "author keywords"])
            .map(|k| k.split([';', ',']).filter_map(clean::some).collect())
            .unwrap_or_default(),
        tags,
        notes,
        ..Study::default()
    };
    for (column, key) in [
        ("covidence #", "covidence_id"),
        ("study", "covidence_study"),
        ("accession number", "accession"),
        ("ut (unique wos id)", "accession"),
        ("eid", "scopus_eid"),
        ("key", "rayyan_key"),
        ("issn", "issn"),
        ("language", "language"),
        ("language of original document", "language"),
        ("publisher", "publisher"),
        ("document type", "document_type"),
    ] {
        if let Some(v) = get(column)
            && !s.extra.iter().any(|(k, _)| k == key)
        {
            s.extra.push((key.into(), json!(v)));
        }
    }
    let kind = first(
        get,
        &["document type", "publication type", "publication types"],
    );
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
    fn scopus_csv_with_source_title_and_page_columns() {
        let text = "\u{feff}Authors,Author full names,Title,Year,Source title,Volume,Issue,Art. No.,Page start,Page end,DOI,Link,Abstract,Author Keywords,PubMed ID,Document Type,EID\n\
            \"Hall A.M.; Ferreira P.H.\",\"Hall, Amanda M. (1); Ferreira, Paulo H. (2)\",\"The influence of the therapist-patient relationship\",2010,Physical Therapy,90,8,,1099,1110,10.2522/ptj.20090245,https://www.scopus.com/x,An abstract,alliance; physiotherapy,20576715,Review,2-s2.0-77955448620\n";
        assert!(looks_like_csv(text));
        let p = read(text);
        assert!(p.bad.is_empty(), "{:?}", p.bad);
        let r = &p.records[0];
        assert_eq!(r.study.authors, ["Hall, A.M.", "Ferreira, P.H."]);
        assert_eq!(r.study.year, Some(2010));
        assert_eq!(r.study.journal.as_deref(), Some("Physical Therapy"));
        assert_eq!(r.study.pages.as_deref(), Some("1099-1110"));
        assert_eq!(r.study.pmid.as_deref(), Some("20576715"));
        assert_eq!(r.study.keywords, ["alliance", "physiotherapy"]);
        assert_eq!(r.kind.as_deref(), Some("Review"));
        assert_eq!(r.origin, Origin::Line(2));
    }

    #[test]
    fn web_of_science_tab_separated_with_tag_headers_and_stray_quotes() {
        let text = "PT\tAU\tAF\tTI\tSO\tPY\tBP\tEP\tDI\tPM\tDT\tUT\n\
            J\tBabatunde, F; MacDermid, J\tBabatunde, Fatai; MacDermid, Joy\tCharacteristics of \"alliance\" in practice\tBMC HEALTH SERVICES RESEARCH\t2017\t1\t9\t10.1186/s12913-017-2311-3\t28558746\tReview\tWOS:000402350100001\n";
        assert!(looks_like_csv(text));
        let p = read(text);
        assert!(p.bad.is_empty(), "{:?}", p.bad);
        let s = &p.records[0].study;
        assert_eq!(s.title, "Characteristics of \"alliance\" in practice");
        assert_eq!(s.authors, ["Babatunde, Fatai", "MacDermid, Joy"]);
        assert_eq!(s.year, Some(2017));
        assert_eq!(s.pages.as_deref(), Some("1-9"));
        assert_eq!(s.doi.as_deref(), Some("10.1186/s12913-017-2311-3"));
    }

    #[test]
    fn semicolon_separated_spreadsheet_csv() {
        let text = "Title;Authors;Year\n\"A study; of things\";Smith, J;2019\n";
        let p = read(text);
        assert_eq!(p.records.len(), 1);
        assert_eq!(p.records[0].study.title, "A study; of things");
        assert_eq!(p.records[0].study.authors, ["Smith, J"]);
    }

    #[test]
    fn a_table_without_a_title_column_is_not_taken_for_one() {
        assert!(!looks_like_csv("Name,Year\nA,2019\n"));
        assert!(!looks_like_csv("PT\tAU\nJ\tSmith\n"));
    }
}
