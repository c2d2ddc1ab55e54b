//! Table exports of review platforms and databases, comma-, tab- or
//! semicolon-separated: Covidence (`Title, Authors, Abstract, Published
//! Year, ..., Covidence #, Study, Notes, Tags`), Rayyan (`key, title, year,
//! ..., authors, ..., notes` with the screening decisions and labels inside
//! `notes`), Scopus (`Authors, ..., Title, Year, Source title, ..., Page
//! start, Page end, ..., DOI, ..., Document Type`), Embase (`Title, Author
//! Names, ..., Source title, Publication Year, ..., First Page, Last Page,
//! Medline PMID`), ASReview and other tools built on rispy (`primary_title,
//! first_authors, publication_year, secondary_title`, lists written as
//! `['a', 'b']`) and Web of Science (tab-separated with its two-letter field
//! tags as headers, or its `Article Title` spreadsheet). Headers are matched
//! by name, case-insensitively; ragged rows are tolerated.

use serde_json::json;

use super::{Bad, Origin, Parsed, Record, clean, kind, names};
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

/// True when `headers` name a title column, or three columns of a
/// reference export without one (authors, year, DOI, abstract ...).
fn has_title(headers: &[String]) -> bool {
    const OTHERS: [&str; 16] = [
        "authors",
        "author",
        "author names",
        "first_authors",
        "abstract",
        "doi",
        "year",
        "publication_year",
        "publication year",
        "journal",
        "pmid",
        "keywords",
        "volume",
        "issue",
        "secondary_title",
        "pages",
    ];
    headers.iter().any(|h| TITLE.contains(&h.as_str()))
        || wos_tags(headers)
        || headers
            .iter()
            .filter(|h| OTHERS.contains(&h.as_str()))
            .count()
            >= 3
}

/// Column names of the title, in every export's spelling.
const TITLE: [&str; 5] = [
    "title",
    "article title",
    "document title",
    "primary_title",
    "title_primary",
];

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

/// The items of a cell written as a Python list (`['Smith, J', 'Doe, A']`,
/// as tools built on rispy write them), or `None` when it is not one.
fn list_cell(v: &str) -> Option<Vec<String>> {
    let inner = v.trim().strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    let mut rest = inner.trim();
    while let Some(q) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') {
        let body = &rest[1..];
        let end = body.find(q)?;
        items.extend(clean::some(&body[..end]));
        rest = body[end + 1..]
            .trim_start()
            .trim_start_matches(',')
            .trim_start();
    }
    rest.is_empty().then_some(items)
}

/// The authors of an "authors" cell: a list cell, `;`-separated, joined by
/// " and " (Rayyan), or Embase's "Smith J., Doe A.B." (comma-separated,
/// each a family name then initials).
fn split_authors(a: &str, source: Source) -> Vec<String> {
    let parts: Vec<String> = if let Some(items) = list_cell(a) {
        items
    } else if a.contains(';') {
        a.split(';').map(str::to_string).collect()
    } else if source == Source::Rayyan || a.contains(" and ") {
        a.split(" and ").map(str::to_string).collect()
    } else {
        let pieces: Vec<&str> = a.split(',').map(str::trim).collect();
        let initials_each = pieces.len() > 1
            && pieces.iter().all(|p| {
                let words: Vec<&str> = p.split_whitespace().collect();
                words.len() >= 2
                    && words.last().is_some_and(|w| {
                        w.chars().filter(|c| c.is_alphabetic()).count() <= 4
                            && w.chars().all(|c| c.is_uppercase() || c == '.' || c == '-')
                    })
            });
        if initials_each {
            pieces.into_iter().map(str::to_string).collect()
        } else {
            vec![a.to_string()]
        }
    };
    parts
        .iter()
        .map(|p| names::person(p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Keywords of a cell: a list cell, or `;`- or `,`-separated.
fn split_keywords(k: &str) -> Vec<String> {
    list_cell(k).unwrap_or_else(|| k.split([';', ',']).filter_map(clean::some).collect())
}

fn record(get: &dyn Fn(&str) -> Option<String>, source: Source, line: usize) -> Record {
    let full = get("author full names").filter(|_| source == Source::WosTags);
    let authors: Vec<String> = full
        .or_else(|| first(get, &["authors", "author", "author names", "first_authors"]))
        .map(|a| split_authors(&a, source))
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
                first(
                    get,
                    &["page start", "start page", "first page", "start_page"],
                )
                .as_deref(),
                first(get, &["page end", "end page", "last page", "end_page"]).as_deref(),
            )
        })
        .or_else(|| first(get, &["art. no.", "article number"]));
    let url = first(
        get,
        &["url", "link", "urls", "full text link", "embase link"],
    )
    .and_then(|u| match list_cell(&u) {
        Some(items) => items.into_iter().find_map(|u| clean::url(&u)),
        None => clean::url(&u),
    });
    let mut s = Study {
        title: first(get, &TITLE)
            .map(|t| clean::title(&t))
            .unwrap_or_default(),
        authors,
        year: first(
            get,
            &[
                "published year",
                "year",
                "publication year",
                "publication_year",
                "date of publication",
            ],
        )
        .and_then(|y| clean::year(&y)),
        journal: first(
            get,
            &[
                "journal",
                "source title",
                "publication title",
                "secondary_title",
                "journal_name",
                "alternate_title3",
                "journal/book",
            ],
        ),
        volume: get("volume"),
        issue: first(get, &["issue", "number"]),
        pages,
        doi: get("doi").and_then(|d| clean::doi(&d)),
        pmid: first(get, &["pubmed_id", "pmid", "pubmed id", "medline pmid"])
            .and_then(|p| clean::pmid(&p)),
        url,
        r#abstract: first(get, &["abstract", "notes_abstract"]),
        keywords: first(get, &["keywords", "author keywords"])
            .map(|k| split_keywords(&k))
            .unwrap_or_default(),
        tags,
        notes: notes.as_deref().and_then(clean::multiline),
        ..Study::default()
    };
    for (column, key) in [
        ("covidence #", "covidence_id"),
        ("study", "covidence_study"),
        ("accession number", "accession"),
        ("ut (unique wos id)", "accession"),
        ("embase accession id", "accession"),
        ("pui", "accession"),
        ("eid", "scopus_eid"),
        ("key", "rayyan_key"),
        ("issn", "issn"),
        ("language", "language"),
        ("language of article", "language"),
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
        &[
            "document type",
            "publication type",
            "publication types",
            "type_of_reference",
        ],
    );
    let record_kind = kind.as_deref().and_then(|k| {
        kind::from_ris(k)
            .filter(|_| k.len() <= 6 && k.chars().all(|c| c.is_ascii_uppercase()))
            .or_else(|| kind::from_words(k))
    });
    kind::set(&mut s, record_kind);
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
    fn embase_and_asreview_columns() {
        let embase = "Title,Author Names,Source title,Publication Year,Volume,Issue,First Page,Last Page,DOI,Medline PMID\n\"Gait training\",\"Kowalski J., Nowak A.B.\",Neurorehabilitation and Neural Repair,2020,34,5,401,410,10.1177/1545968320000001,32000001\n";
        let p = read(embase);
        let s = &p.records[0].study;
        assert_eq!(s.authors, ["Kowalski, J.", "Nowak, A.B."]);
        assert_eq!(s.year, Some(2020));
        assert_eq!(
            s.journal.as_deref(),
            Some("Neurorehabilitation and Neural Repair")
        );
        assert_eq!(s.pages.as_deref(), Some("401-410"));
        assert_eq!(s.pmid.as_deref(), Some("32000001"));
        let asreview = "primary_title,first_authors,publication_year,secondary_title,doi,keywords,type_of_reference\n\"Yoga and sleep\",\"['Kaur, Preet', 'Singh, A']\",2022,Sleep Medicine,10.1016/j.sleep.2022.01.001,\"['yoga', 'sleep']\",JOUR\n";
        assert!(looks_like_csv(asreview));
        let p = read(asreview);
        let s = &p.records[0].study;
        assert_eq!(s.title, "Yoga and sleep");
        assert_eq!(s.authors, ["Kaur, Preet", "Singh, A"]);
        assert_eq!(s.year, Some(2022));
        assert_eq!(s.journal.as_deref(), Some("Sleep Medicine"));
        assert_eq!(s.keywords, ["yoga", "sleep"]);
    }

    #[test]
    fn a_reference_table_without_a_title_column_is_read() {
        let text = "abstract,authors,publication_year,issn\n\"An abstract.\",\"['Marx, Karl', 'Lindgren, Astrid']\",2014//,1932-6208\n";
        assert!(looks_like_csv(text));
        let p = read(text);
        assert_eq!(
            p.records[0].study.authors,
            ["Marx, Karl", "Lindgren, Astrid"]
        );
        assert_eq!(p.records[0].study.year, Some(2014));
    }

    #[test]
    fn a_table_without_a_title_column_is_not_taken_for_one() {
        assert!(!looks_like_csv("Name,Year\nA,2019\n"));
        assert!(!looks_like_csv("PT\tAU\nJ\tSmith\n"));
    }
}
