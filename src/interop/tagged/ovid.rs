//! Ovid tagged text (MEDLINE, Embase, PsycINFO, CINAHL, BIOSIS on Ovid:
//! "Citation format: Ovid tagged"): records headed `<1. >`, each starting
//! with `VN  - Ovid Technologies`, tags of two or more capitals then `-`
//! (`TI  - `, `SCORE  - `), lines without a tag continuing the value above.
//! The journal, volume, issue and pages are often only in the source line
//! (`SO  - Forest Ecology & Management. 201(2-3):327-334, 2004.`); authors
//! carry roles and degrees (`Walsdorf, Neill B. [Inventor]`, `Peterson,
//! James A. Ph.D., FACSM`).
//!
//! Ovid's display ("Citation format: Ovid", the default of its export) is
//! read too: records headed `<1>`, each field's name on a line of its own
//! (`Author`, `Title`, `Source`, `DOI Number` ...) and its value on the
//! indented lines under it. The names are turned into the tags above.

use serde_json::json;

use crate::interop::{Origin, Parsed, Record, clean, kind, names};
use crate::model::Study;

/// A tag line: `(tag, value)`.
fn tag_line(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start();
    let tag_len = t
        .bytes()
        .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        .count();
    if !(2..=6).contains(&tag_len) || !t.as_bytes()[0].is_ascii_uppercase() {
        return None;
    }
    let rest = t[tag_len..].trim_start_matches(' ');
    let rest = rest.strip_prefix('-')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((&t[..tag_len], rest.trim()))
}

/// A record header: `<12. >`.
fn header(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('<')
        && t.ends_with('>')
        && t[1..t.len() - 1]
            .trim()
            .trim_end_matches('.')
            .chars()
            .all(|c| c.is_ascii_digit())
        && t.len() > 2
}

/// True when the text is Ovid tagged (a `VN  - Ovid Technologies` line
/// among its first lines) or Ovid's display.
pub fn looks_like_ovid(text: &str) -> bool {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(6)
        .any(|l| tag_line(l).is_some_and(|(t, v)| t == "VN" && v.starts_with("Ovid Technologies")))
        || looks_like_display(text)
}

/// The tag of a field name of Ovid's display.
fn display_tag(name: &str) -> Option<&'static str> {
    Some(match name {
        "Title" => "TI",
        "Chapter Title" => "CT",
        "Author" | "Authors" => "AU",
        "Authors Full Name" => "FA",
        "Editor" | "Editors" => "ED",
        "Source" => "SO",
        "Journal Name" | "Journal Title" => "JN",
        "Book Title" => "BT",
        "Year of Publication" | "Publication Year" => "YR",
        "Date of Publication" | "Publication Date" => "DP",
        "Volume" => "VI",
        "Issue" | "Issue Part" => "IP",
        "Pages" | "Page" | "Pagination" => "PG",
        "DOI Number" | "Digital Object Identifier" | "DOI" => "DO",
        "Unique Identifier" | "PubMed Identifier" | "PMID" => "UI",
        "Accession Number" => "AN",
        "ISSN" | "International Standard Serial Number" => "IS",
        "ISBN" | "International Standard Book Number" => "IB",
        "Abstract" => "AB",
        "Author Keywords" | "Keywords" | "Key Phrase Identifiers" => "KW",
        "Publication Type" | "Document Type" => "PT",
        "Database" => "DB",
        "Language" => "LG",
        "Publisher" => "PB",
        "URL" => "UR",
        "Status" => "ZS",
        _ => return None,
    })
}

/// A field name of the display on a line of its own (`Score` too, which
/// heads each record of a display saved without `<1>` headers).
fn field_name(line: &str) -> bool {
    !line.starts_with([' ', '\t']) && (line.trim() == "Score" || display_tag(line.trim()).is_some())
}

/// True when the text reads as Ovid's display: a `<1>` header (or, in a
/// display saved without headers, a field name) first, then a known field
/// name on a line of its own with an indented value under it.
fn looks_like_display(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).peekable();
    match lines.peek() {
        Some(l) if header(l) => {
            lines.next();
        }
        Some(l) if field_name(l) => {}
        _ => return false,
    }
    let lines: Vec<&str> = lines.take(12).collect();
    lines.windows(2).any(|w| {
        !w[0].starts_with([' ', '\t'])
            && display_tag(w[0].trim()).is_some()
            && w[1].starts_with([' ', '\t'])
    })
}

/// Reads Ovid's display: each field's indented lines joined, under the tag
/// of its name (fields of other names are skipped).
///
/// Without `<1>` headers, a record starts at its `Score` line, or at a
/// title or accession number when the record above has one already.
fn read_display(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut cur: Option<(usize, Vec<(String, String)>)> = None;
    let mut field: Option<&'static str> = None;
    let headerless = !text.lines().any(header);
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if header(line) {
            if let Some((start, tags)) = cur.take() {
                out.push(display_record(tags, start));
            }
            cur = Some((i + 1, Vec::new()));
            field = None;
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            field = display_tag(line.trim());
            if headerless && field_name(line) {
                let again = |t: &str| {
                    matches!(t, "TI" | "AN")
                        && cur
                            .as_ref()
                            .is_some_and(|(_, tags)| tags.iter().any(|(k, _)| k == t))
                };
                if line.trim() == "Score" || cur.is_none() || field.is_some_and(again) {
                    if let Some((start, tags)) = cur.take() {
                        out.push(display_record(tags, start));
                    }
                    cur = Some((i + 1, Vec::new()));
                }
            }
            continue;
        }
        let (Some(tag), Some((_, tags))) = (field, cur.as_mut()) else {
            continue;
        };
        match tags.last_mut() {
            Some((t, v)) if t == tag => {
                v.push(' ');
                v.push_str(line.trim());
            }
            _ => tags.push((tag.to_string(), line.trim().to_string())),
        }
    }
    if let Some((start, tags)) = cur.take() {
        out.push(display_record(tags, start));
    }
    out
}

/// A display record: a chapter's `Chapter Title` is its title, and the
/// `Title` beside it the book's; authors are parted by `;` and two spaces
/// (a `;` and one space parts an author's degrees: `Bunkers, Sandra RN;
/// PhD; FAAN 1`); without a year of its own, the year of the source line or
/// of the status ("Publish Ahead of Print, ..., 30 November 2015").
fn display_record(tags: Vec<(String, String)>, line: usize) -> Record {
    let mut tags: Vec<(String, String)> = tags
        .into_iter()
        .flat_map(|(t, v)| {
            if matches!(t.as_str(), "AU" | "ED") && v.contains(";  ") {
                v.split(";  ")
                    .map(|p| (t.clone(), p.replace("; ", ", ")))
                    .collect::<Vec<_>>()
            } else if matches!(t.as_str(), "AU" | "ED") {
                vec![(t, v.replace("; ", ", "))]
            } else {
                vec![(t, v)]
            }
        })
        .collect();
    let has = |tags: &[(String, String)], t: &str| tags.iter().any(|(k, _)| k == t);
    if !has(&tags, "YR") && !has(&tags, "DP") {
        let year = tags
            .iter()
            .filter(|(t, _)| t == "SO" || t == "ZS")
            .find_map(|(_, v)| source_year(v));
        if let Some(y) = year {
            tags.push(("YR".into(), y.to_string()));
        }
    }
    if tags.iter().any(|(t, _)| t == "CT") {
        for (t, _) in tags.iter_mut() {
            if t == "TI" {
                *t = "BT".into();
            }
        }
        for (t, _) in tags.iter_mut() {
            if t == "CT" {
                *t = "TI".into();
            }
        }
    }
    record(&tags, line)
}

/// Reads Ovid tagged text, or Ovid's display.
pub fn read(text: &str) -> Parsed {
    if looks_like_display(text) {
        return read_display(text);
    }
    let mut out = Parsed::default();
    let mut cur: Option<(usize, Vec<(String, String)>)> = None;
    let mut header_line = None;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if header(line) {
            header_line = Some(i + 1);
            continue;
        }
        match tag_line(line) {
            Some((tag, v)) => {
                if tag == "VN"
                    && let Some((start, tags)) = cur.take()
                {
                    out.push(record(&tags, start));
                }
                cur.get_or_insert_with(|| (header_line.take().unwrap_or(i + 1), Vec::new()))
                    .1
                    .push((tag.to_string(), v.to_string()));
            }
            None => {
                if let Some((_, tags)) = cur.as_mut()
                    && let Some((_, v)) = tags.last_mut()
                {
                    v.push(' ');
                    v.push_str(line.trim());
                }
            }
        }
    }
    if let Some((start, tags)) = cur.take() {
        out.push(record(&tags, start));
    }
    out
}

/// The text without its bracketed parts (`[Author, Reprint Author; E-mail:
/// ...]`).
fn unbracketed(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut depth = 0usize;
    for c in v.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// People of an `AU` or `ED` value (several split at `;`).
fn people<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    values
        .flat_map(|v| {
            unbracketed(v)
                .split(';')
                .map(author)
                .filter(|a| !a.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// An author as Ovid writes it, without degrees and affiliation numbers:
/// `Peterson, James A. Ph.D., FACSM` → `Peterson, James A.`.
fn author(raw: &str) -> String {
    let mut a = raw.trim().to_string();
    // Trailing degrees and affiliation numbers: "Ph.D., FACSM", "MD, MPH 1".
    loop {
        let t = a
            .trim_end_matches(|c: char| {
                c.is_ascii_digit() || c.is_whitespace() || c == ',' || c == '*' || c == '+'
            })
            .to_string();
        let lower = t.to_ascii_lowercase();
        let degree = [
            " ph.d.", " phd", " md", " mph", " facsm", " msc", " bsc", " ma", " ba", " mb", " rn",
            " dphil", " faan", " facp", " frcs", " frcp", " frcpc", " mba", " dnp", " pharmd",
            " mbbs", " dsc", " edd", " psyd", " dpt", " mpt",
        ]
        .iter()
        .find(|d| lower.ends_with(*d) && t.matches(',').count() >= 1);
        // Only when a given name stays: "Li, Ma" keeps its "Ma".
        let keeps_given = |d: &str| {
            let rest = t[..t.len() - d.len()].trim_end_matches([',', ' ']);
            rest.split_once(',')
                .is_some_and(|(_, g)| !g.trim().is_empty())
        };
        match degree {
            Some(d) if t.len() > d.len() && keeps_given(d) => {
                a = t[..t.len() - d.len()].to_string()
            }
            _ => {
                a = t;
                break;
            }
        }
    }
    names::person(&a)
}

/// What the source line (`SO`) says: (journal, volume, issue, pages).
fn source(
    so: &str,
) -> (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
) {
    // "Journal. 201(2-3):327-334, November 15, 2004."
    let (mut volume, mut issue, mut pages) = (None, None, None);
    let b = so.as_bytes();
    for (i, c) in so.char_indices() {
        if c == '(' && i > 0 && b[i - 1].is_ascii_digit() && volume.is_none() {
            let v_start = so[..i]
                .rfind(|c: char| !c.is_ascii_digit())
                .map_or(0, |k| k + 1);
            if let Some(close) = so[i..].find(')') {
                let inner = &so[i + 1..i + close];
                if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit() || c == '-') {
                    volume = Some(so[v_start..i].to_string());
                    issue = Some(inner.to_string());
                }
            }
        }
    }
    if let Some(pp) = so.find("pp.") {
        let p: String = so[pp + 3..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        pages = clean::pages(&p);
    }
    if let Some(colon) = so.find(':').filter(|_| pages.is_none()) {
        let after = so[colon + 1..].trim_start();
        let p: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if p.chars().any(|c| c.is_ascii_digit()) {
            pages = clean::pages(&p);
        }
    }
    // The journal: after an editors' part ("... [Editor]. Title.:371"), up
    // to the first period or a volume number.
    let tail = match so.rfind("]. ") {
        Some(k) => &so[k + 3..],
        None => so,
    };
    let end = tail
        .find(". ")
        .or_else(|| tail.find(".:"))
        .or_else(|| tail.find(';'))
        .unwrap_or(tail.len());
    let mut journal = tail[..end].trim().trim_end_matches('.').to_string();
    // "Journal of Political Studies 12, Winter 2007: 7-14": the volume.
    if let Some(k) = journal.find(|c: char| c.is_ascii_digit()) {
        journal = journal[..k].trim().trim_end_matches(',').to_string();
    }
    // "ACSM's Health & Fitness Journal January/February 2010;14(1):56":
    // the issue's months (or season) before the year are no part of it.
    while let Some((head, last)) = journal.rsplit_once(' ') {
        let dated = last
            .split(['/', '-'])
            .all(|w| is_month_or_season(w.trim_end_matches(['.', ','])));
        if !dated || head.trim().is_empty() {
            break;
        }
        journal = head.trim_end().trim_end_matches(',').to_string();
    }
    (clean::some(&journal), volume, issue, pages)
}

/// The year of a source line: its last number of four digits that can be
/// a year ("8(6):1048-1064, September 2015." is 2015, not 1048).
fn source_year(so: &str) -> Option<i32> {
    so.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .rfind(|y| (1800..=2100).contains(y))
}

/// A month's or a season's name, in full or abbreviated ("Jan", "Sept").
fn is_month_or_season(word: &str) -> bool {
    const NAMES: [&str; 17] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
    ];
    let w = word.to_lowercase();
    w.len() >= 3
        && NAMES.iter().any(|n| {
            *n == w
                || (w.len() <= 4
                    && !matches!(*n, "spring" | "summer" | "autumn" | "fall" | "winter")
                    && n.starts_with(&w))
        })
}

fn record(tags: &[(String, String)], line: usize) -> Record {
    let all = |tag: &'static str| {
        tags.iter()
            .filter(move |(t, v)| t == tag && !v.is_empty())
            .map(|(_, v)| v.as_str())
    };
    let first = |ts: &[&'static str]| ts.iter().find_map(|t| all(t).next());
    let mut authors: Vec<String> = all("FA").map(names::person).collect();
    if authors.is_empty() {
        authors = people(all("AU"));
    }
    let so = first(&["SO"]).unwrap_or("");
    let (so_journal, so_volume, so_issue, so_pages) = source(so);
    let title = first(&["TI"]).map(|t| {
        // "Title. [Article]", "Title. [References]"
        let t = t.trim();
        let t = match t.rfind(" [") {
            Some(k) if t.ends_with(']') || t.ends_with("].") => &t[..k],
            // The display glues it on: "Title.[Review]".
            _ => match t.rfind(".[") {
                Some(k) if t.ends_with(']') => &t[..=k],
                _ => t,
            },
        };
        clean::title(t.trim_matches('"'))
    });
    let type_name = first(&["PT", "DT"]).and_then(clean::some);
    let db = first(&["DB"]).unwrap_or("");
    let mut s = Study {
        title: title.unwrap_or_default(),
        authors,
        year: first(&["YR", "DP", "YG"])
            .and_then(clean::year)
            .or_else(|| source_year(so)),
        journal: first(&["JT", "JN", "JO", "BT"])
            .and_then(clean::some)
            .or(so_journal),
        volume: first(&["VI", "VO"]).and_then(clean::some).or(so_volume),
        issue: first(&["IP"]).and_then(clean::some).or(so_issue),
        pages: first(&["PG"]).and_then(clean::pages).or(so_pages),
        doi: first(&["DO", "DI"])
            .and_then(clean::doi)
            .or_else(|| all("XL").chain(all("UR")).find_map(clean::doi)),
        url: all("UR").find_map(clean::url),
        r#abstract: first(&["AB"]).and_then(clean::some),
        keywords: all("KW")
            .chain(all("ID"))
            .flat_map(|k| k.split(';'))
            .filter_map(clean::some)
            .collect(),
        ..Study::default()
    };
    s.pmid = first(&["UI", "PM"]).and_then(clean::pmid).or_else(|| {
        first(&["AN"])
            .filter(|_| db.contains("MEDLINE"))
            .and_then(clean::pmid)
    });
    let editors = people(all("ED").chain(all("FED")));
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    let strip = |v: &str| v.split(" (").next().unwrap_or(v).trim().to_string();
    for (tag, key) in [
        ("IS", "issn"),
        ("IB", "isbn"),
        ("PB", "publisher"),
        ("LG", "language"),
        ("AN", "accession"),
        ("DB", "database"),
    ] {
        if let Some(v) = first(&[tag]).and_then(clean::some) {
            s.extra.push((key.into(), json!(strip(&v))));
        }
    }
    let record_kind = if db == "Books@Ovid" && type_name.is_none() {
        Some("book")
    } else {
        type_name.as_deref().and_then(kind::from_words)
    };
    kind::set(&mut s, record_kind);
    Record {
        study: s,
        origin: Origin::Line(line),
        kind: type_name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ovid_tagged_records_with_roles_and_a_source_line() {
        let text = "<1. >\r\nVN  - Ovid Technologies\r\nDB  - BIOSIS Previews\r\nAU  - Werner, S. M. [Author, Reprint Author; E-mail: x@y.org]\r\nAU  - Nordheim, E. V. [Author]\r\nTI  - Comparison of methods for sampling thrips.\r\nSO  - Forest Ecology & Management. 201(2-3):327-334, November 15, 2004.\r\nPT  - Article\r\nIS  - 0378-1127 (ISSN print)\r\nYR  - 2004\r\n\r\n<2. >\r\nVN  - Ovid Technologies\r\nDB  - Journals@Ovid\r\nAU  - Peterson, James A. Ph.D., FACSM\r\nTI  - Take a stand\r\nSO  - ACSM's Health & Fitness Journal. 14(1):40, January/February 2010.\r\n";
        let text = text.replace("\r\n", "\n");
        assert!(looks_like_ovid(&text));
        let p = read(&text);
        assert!(p.bad.is_empty(), "{:?}", p.bad);
        assert_eq!(p.records.len(), 2);
        let s = &p.records[0].study;
        assert_eq!(s.authors, ["Werner, S. M.", "Nordheim, E. V."]);
        assert_eq!(s.title, "Comparison of methods for sampling thrips");
        assert_eq!(s.journal.as_deref(), Some("Forest Ecology & Management"));
        assert_eq!(s.volume.as_deref(), Some("201"));
        assert_eq!(s.issue.as_deref(), Some("2-3"));
        assert_eq!(s.pages.as_deref(), Some("327-334"));
        assert_eq!(s.year, Some(2004));
        assert_eq!(p.records[0].origin, Origin::Line(1));
        let t = &p.records[1].study;
        assert_eq!(
            source("Behavioural and Cognitive Psychotherapy. Vol.43(5), Sep 2015, pp. 513-523.")
                .3
                .as_deref(),
            Some("513-523")
        );
        assert_eq!(t.authors, ["Peterson, James A."]);
        assert_eq!(t.year, Some(2010));
        assert_eq!(
            t.journal.as_deref(),
            Some("ACSM's Health & Fitness Journal")
        );
    }
}
