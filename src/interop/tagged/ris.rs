//! RIS, as Zotero, EndNote, Mendeley, Covidence, Rayyan, Ovid, Embase and
//! the Cochrane Library write it — with their quirks: `TAG  -  value`,
//! untagged continuation lines, blank lines inside a record, numbered or
//! "Record #n of N" headers between records, every tag emitted even when
//! empty, and a missing final `ER`. Tags after an `ER` that start no record
//! (Ovid's `NL  - ` link and its "Link to the Ovid Full Text" line) are not
//! a record of their own.

use std::borrow::Cow;

use serde_json::json;

use crate::interop::{Origin, Parsed, Record};
use crate::interop::{clean, kind, names};
use crate::model::Study;

/// A tag line: `(tag, value)`. The tag is two capitals or a capital and a
/// digit, then one to three spaces, a hyphen and optional spaces.
pub fn tag_line(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    if b.len() < 4
        || !b[0].is_ascii_uppercase()
        || !(b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
    {
        return None;
    }
    let spaces = b[2..].iter().take_while(|c| **c == b' ').count();
    if !(1..=3).contains(&spaces) || b.get(2 + spaces) != Some(&b'-') {
        return None;
    }
    let rest = &line[3 + spaces..];
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((&line[..2], rest.trim()))
}

/// One record's tags in file order, continuation lines joined on (a value
/// of one line is borrowed from the text).
#[derive(Debug, Default)]
struct Raw<'a> {
    line: usize,
    tags: Vec<(&'a str, Cow<'a, str>)>,
    /// Started by a `TY` line (a record for sure).
    typed: bool,
}

impl Raw<'_> {
    fn all(&self, tag: &str) -> impl Iterator<Item = &str> {
        self.tags
            .iter()
            .filter(move |(t, v)| *t == tag && !v.is_empty())
            .map(|(_, v)| v.as_ref())
    }

    fn first(&self, tags: &[&str]) -> Option<&str> {
        tags.iter().find_map(|t| self.all(t).next())
    }

    /// True when the record is one (a `TY` began it, or it has a title or
    /// an author), not stray tags between records.
    fn is_record(&self) -> bool {
        self.typed
            || self
                .tags
                .iter()
                .any(|(t, v)| !v.is_empty() && matches!(*t, "TI" | "T1" | "AU" | "A1"))
    }
}

/// Text larger than this is read on two threads, split at a record's `TY`
/// line.
const SPLIT_BYTES: usize = 1 << 20;

/// Reads RIS text. A large file is read in two halves at once, split at a
/// `TY` line near its middle: a `TY` line ends whatever came before it, so
/// each half reads as it would in one pass (its line numbers counted on
/// from the first half's).
pub fn read(text: &str) -> Parsed {
    let Some(mid) = (text.len() >= SPLIT_BYTES)
        .then(|| split_point(text))
        .flatten()
    else {
        return read_from(text, 0);
    };
    let (a, b) = text.split_at(mid);
    let skip = memchr::memchr_iter(b'\n', a.as_bytes()).count();
    let (mut first, second) = std::thread::scope(|s| {
        let second = s.spawn(move || read_from(b, skip));
        (read_from(a, 0), second.join())
    });
    match second {
        Ok(second) => {
            first.records.extend(second.records);
            first.bad.extend(second.bad);
            first.warnings.extend(second.warnings);
            first
        }
        Err(_) => read_from(text, 0),
    }
}

/// The start of the first `TY` line after the middle of `text`, if any.
fn split_point(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut at = memchr::memchr(b'\n', &b[text.len() / 2..])? + text.len() / 2 + 1;
    while at < b.len() {
        let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |e| at + e);
        let line = text[at..end].trim_start_matches('\u{feff}').trim_end();
        if matches!(tag_line(line), Some(("TY", _))) {
            return Some(at);
        }
        at = end + 1;
    }
    None
}

/// Reads RIS text whose first line is line `skip + 1` of the file.
fn read_from(text: &str, skip: usize) -> Parsed {
    let mut out = Parsed::default();
    let mut cur: Option<Raw> = None;
    let flush = |cur: &mut Option<Raw>, out: &mut Parsed| {
        if let Some(raw) = cur.take()
            && raw.is_record()
        {
            out.push(record(&raw));
        }
    };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim_end();
        match tag_line(line) {
            Some(("TY", v)) => {
                flush(&mut cur, &mut out);
                cur = Some(Raw {
                    line: skip + i + 1,
                    tags: vec![("TY", Cow::Borrowed(v))],
                    typed: true,
                });
            }
            Some(("ER", _)) => flush(&mut cur, &mut out),
            Some((tag, v)) => {
                let raw = cur.get_or_insert_with(|| Raw {
                    line: skip + i + 1,
                    ..Raw::default()
                });
                raw.tags.push((tag, Cow::Borrowed(v)));
            }
            None => {
                // A continuation of the tag above, inside a record; junk
                // (headers, record numbers) between records. Notes keep
                // their line breaks.
                if let Some(raw) = cur.as_mut()
                    && !line.trim().is_empty()
                    && let Some((tag, v)) = raw.tags.last_mut()
                {
                    let v = v.to_mut();
                    if !v.is_empty() {
                        v.push(if *tag == "N1" { '\n' } else { ' ' });
                    }
                    v.push_str(line.trim());
                }
            }
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Authors from `AU`/`A1` lines in file order (several on a line split at
/// `;`).
fn people<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    values
        .flat_map(|v| v.split(';'))
        .map(names::person)
        .filter(|p| !p.is_empty())
        .collect()
}

fn record(raw: &Raw) -> Record {
    let authors = people(
        raw.tags
            .iter()
            .filter(|(t, v)| matches!(*t, "AU" | "A1") && !v.is_empty())
            .map(|(_, v)| v.as_ref()),
    );
    let mut s = Study {
        title: raw
            .first(&["TI", "T1", "ST", "CT"])
            .map(clean::title)
            .unwrap_or_default(),
        authors,
        // `Y1` is the old spelling of the date: `DA` wins over it, as in
        // Zotero (a file with both and different years follows the newer).
        year: ["PY", "DA", "Y1", "Y2"]
            .iter()
            .find_map(|t| raw.all(t).find_map(clean::year)),
        journal: raw
            .first(&["T2", "JO", "JF", "SO", "JA", "J2", "BT"])
            .and_then(clean::some),
        volume: raw.first(&["VL"]).and_then(clean::some),
        issue: raw.first(&["IS", "M1"]).and_then(clean::some),
        pages: clean::page_range(raw.first(&["SP"]), raw.first(&["EP"])),
        doi: ["DO", "M3", "DI", "UR", "L3", "N1"]
            .iter()
            .find_map(|t| raw.all(t).find_map(clean::doi)),
        url: raw.all("UR").chain(raw.all("L2")).find_map(clean::url),
        r#abstract: raw.first(&["AB", "N2"]).and_then(clean::some),
        keywords: raw
            .all("KW")
            .flat_map(|k| k.split(';'))
            .filter_map(clean::some)
            .collect(),
        notes: raw.first(&["N1"]).and_then(clean::multiline),
        ..Study::default()
    };
    s.pmid = raw
        .all("AN")
        .chain(raw.all("C2"))
        .find_map(clean::accession_pmid);
    // Rayyan's RIS keeps its labels in the notes, as its CSV does.
    if let Some(n) = &s.notes {
        s.tags = super::super::table::rayyan_labels(n);
    }
    let editors = people(
        raw.all("A2")
            .chain(raw.all("A3"))
            .chain(raw.all("A4"))
            .chain(raw.all("ED")),
    );
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    if let Some(id) = raw.first(&["ID"]).and_then(clean::some) {
        s.extra.push(("source_id".into(), json!(id)));
    }
    let ty = raw.first(&["TY"]).and_then(clean::some);
    let k = ty.as_deref().and_then(kind::from_ris);
    // SN holds the ISBN of a book or chapter.
    let sn = match k {
        Some("book" | "chapter") => "isbn",
        _ => "issn",
    };
    for (tag, key) in [("SN", sn), ("PB", "publisher"), ("LA", "language")] {
        if let Some(v) = raw.first(&[tag]).and_then(clean::some) {
            s.extra.push((key.into(), json!(v)));
        }
    }
    kind::set(&mut s, k);
    Record {
        study: s,
        origin: Origin::Line(raw.line),
        kind: ty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_read_in_two_halves_reads_as_in_one_pass() {
        let mut text = String::new();
        let mut n = 0;
        while text.len() < 2 * SPLIT_BYTES {
            // Junk between records, a continued abstract, notes on two
            // lines, a record with no title and no authors, Ovid's links
            // after an ER, CRLF on some.
            text.push_str(&format!("Record #{n} of many\n"));
            text.push_str(&format!(
                "TY  - JOUR\nTI  - Title {n}\nAU  - Smith{n}, J.\nPY  - 2001\nAB  - An abstract\n  continued here {n}\nN1  - note\none more\nER  - \r\n"
            ));
            if n % 97 == 0 {
                text.push_str("TY  - JOUR\nPY  - 2001\nER  - \n");
            }
            if n % 31 == 0 {
                text.push_str("NL  - https://ovid.example/x\nLink to the Ovid Full Text\n");
            }
            n += 1;
        }
        let mid = split_point(&text).unwrap();
        assert!(mid > text.len() / 2);
        let whole = read_from(&text, 0);
        let halves = read(&text);
        assert_eq!(halves, whole);
        assert!(whole.records.len() > 1000 && !whole.bad.is_empty());
        // Line numbers in the second half are the file's.
        let last = whole.records.last().unwrap();
        let Origin::Line(l) = last.origin else {
            panic!("{:?}", last.origin)
        };
        assert!(text.lines().nth(l - 1).unwrap().starts_with("TY  - JOUR"));
        assert!(text.lines().nth(l).unwrap().contains(&last.study.title));
    }

    #[test]
    fn tag_lines_in_their_real_spellings() {
        assert_eq!(tag_line("TY  - JOUR"), Some(("TY", "JOUR")));
        assert_eq!(tag_line("TI  -  Spaced"), Some(("TI", "Spaced")));
        assert_eq!(tag_line("ER  -"), Some(("ER", "")));
        assert_eq!(tag_line("A1 - Smith J."), Some(("A1", "Smith J.")));
        assert_eq!(tag_line("Provider: Ovid"), None);
        assert_eq!(tag_line("ab  - lower"), None);
    }
}
