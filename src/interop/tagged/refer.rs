//! Refer / EndNote tagged text (`.enw`, "EndNote export", BibIX): `%`, one
//! character, a space, the value (`%0 Journal Article`, `%A Smith, John`,
//! `%T Title`); records are separated by blank lines (or start at `%0`);
//! lines without a tag continue the value above.

use serde_json::json;

use crate::interop::{Origin, Parsed, Record, clean, kind, names};
use crate::model::Study;

/// The tag characters of the format.
const TAGS: &str = "0ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@!#$&()*+~^<>][|?";

/// A tag line: `(tag, value)`.
pub fn tag_line(line: &str) -> Option<(char, &str)> {
    let rest = line.strip_prefix('%')?;
    let tag = rest.chars().next()?;
    if !TAGS.contains(tag) {
        return None;
    }
    let value = &rest[tag.len_utf8()..];
    if !(value.is_empty() || value.starts_with([' ', '\t'])) {
        return None;
    }
    Some((tag, value.trim()))
}

/// True when every line (of the first fifty that are not empty) is a Refer
/// tag line and the first has a value: a file of one field (`%A Smith`),
/// which the count of tags in [`super::super::detect`] does not reach. A
/// lone `%0` is not enough.
pub fn only_tags(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).take(50);
    lines
        .next()
        .and_then(|l| tag_line(l.trim()))
        .is_some_and(|(_, v)| !v.is_empty())
        && lines.all(|l| tag_line(l.trim()).is_some())
}

/// Reads Refer / EndNote tagged text.
pub fn read(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut cur: Option<(usize, Vec<(char, String)>)> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            if let Some((start, tags)) = cur.take() {
                push(&mut out, &tags, start);
            }
            continue;
        }
        match tag_line(line.trim_start()) {
            Some((tag, v)) => {
                if tag == '0'
                    && let Some((start, tags)) = cur.take()
                {
                    push(&mut out, &tags, start);
                }
                cur.get_or_insert_with(|| (i + 1, Vec::new()))
                    .1
                    .push((tag, v.to_string()));
            }
            None => {
                if let Some((_, tags)) = cur.as_mut()
                    && let Some((tag, v)) = tags.last_mut()
                {
                    v.push(if *tag == 'Z' { '\n' } else { ' ' });
                    v.push_str(line.trim());
                }
            }
        }
    }
    if let Some((start, tags)) = cur.take() {
        push(&mut out, &tags, start);
    }
    out
}

/// Keeps a record; one that holds nothing but its type (`%0 Book` and the
/// next `%0`) is no record at all, as in JabRef's reader.
fn push(out: &mut Parsed, tags: &[(char, String)], start: usize) {
    if tags.iter().any(|(t, v)| *t != '0' && !v.is_empty()) {
        out.push(record(tags, start));
    }
}

fn record(tags: &[(char, String)], line: usize) -> Record {
    let all = |tag: char| {
        tags.iter()
            .filter(move |(t, v)| *t == tag && !v.is_empty())
            .map(|(_, v)| v.as_str())
    };
    let first = |ts: &[char]| ts.iter().find_map(|t| all(*t).next());
    let people = |tag: char| -> Vec<String> {
        all(tag)
            .map(names::person)
            .filter(|p| !p.is_empty())
            .collect()
    };
    let type_name = first(&['0']).and_then(clean::some);
    let record_kind = type_name.as_deref().and_then(kind::from_words);
    let mut authors = people('A');
    authors.extend(all('Q').filter_map(clean::some));
    let mut s = Study {
        title: first(&['T']).map(clean::title).unwrap_or_default(),
        authors,
        year: first(&['D', '8']).and_then(clean::year),
        journal: first(&['J', 'B']).and_then(clean::some),
        volume: first(&['V']).and_then(clean::some),
        issue: first(&['N']).and_then(clean::some),
        pages: first(&['P']).and_then(clean::pages),
        doi: first(&['R'])
            .and_then(clean::doi)
            .or_else(|| all('U').find_map(clean::doi)),
        url: all('U').find_map(clean::url),
        r#abstract: first(&['X']).and_then(clean::some),
        keywords: all('K')
            .flat_map(|k| k.split([';', '\n']))
            .filter_map(clean::some)
            .collect(),
        notes: first(&['Z']).and_then(clean::multiline),
        ..Study::default()
    };
    s.pmid = all('M').find_map(clean::accession_pmid);
    let editors = people('E');
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    let sn = match record_kind {
        Some("book" | "chapter") => "isbn",
        _ => "issn",
    };
    for (tag, key) in [
        ('@', sn),
        ('I', "publisher"),
        ('G', "language"),
        ('F', "source_id"),
    ] {
        if let Some(v) = first(&[tag]).and_then(clean::some) {
            s.extra.push((key.into(), json!(v)));
        }
    }
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
    fn endnote_tagged_records() {
        let text = "%0 Journal Article\n%A Smith, John\n%A Doe, Jane\n%T A trial\n  of tags\n%J Trials\n%D 2019\n%V 12\n%N 3\n%P 45-52\n%R 10.1000/trial.1\n%K alliance\n%K physiotherapy\n\n%0 Book Section\n%A Lee, K.\n%E Park, S.\n%T Nursing in context\n%B Handbook of Nursing\n%D 2024\n%@ 978-3-16-148410-0\n";
        let p = read(text);
        assert!(p.bad.is_empty(), "{:?}", p.bad);
        assert_eq!(p.records.len(), 2);
        let s = &p.records[0].study;
        assert_eq!(s.title, "A trial of tags");
        assert_eq!(s.authors, ["Smith, John", "Doe, Jane"]);
        assert_eq!(s.doi.as_deref(), Some("10.1000/trial.1"));
        assert_eq!(s.pages.as_deref(), Some("45-52"));
        assert_eq!(s.keywords, ["alliance", "physiotherapy"]);
        let c = &p.records[1].study;
        assert_eq!(c.journal.as_deref(), Some("Handbook of Nursing"));
        assert_eq!(kind::of(c), "chapter");
        assert_eq!(p.records[1].origin, Origin::Line(15));
    }
}
