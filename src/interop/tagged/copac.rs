//! Copac (the UK research libraries' union catalogue, now Jisc Library
//! Hub Discover) tagged text: `TI- Title`, `AU- Family, Given` (one author
//! a line), `PU- Place : Publisher`, `PY- 1992`; indented lines continue
//! the field above, and a blank line ends the record. Its records are
//! catalogue records of books (and series, theses, reports).

use serde_json::json;

use super::blocks::{self, Fields, Shape};
use crate::interop::{Parsed, Record, clean, names};
use crate::model::Study;

/// The tags Copac writes, for telling the format.
const TAGS: [&str; 14] = [
    "TI", "AU", "ED", "SE", "PU", "PY", "PD", "IS", "NT", "KW", "HL", "DT", "UR", "LA",
];

/// A field line: two capitals, `-`, a space (or the end of the line).
fn tag_line(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    if b.len() < 3 || !b[0].is_ascii_uppercase() || !b[1].is_ascii_uppercase() || b[2] != b'-' {
        return None;
    }
    let value = &line[3..];
    if !(value.is_empty() || value.starts_with(' ')) {
        return None;
    }
    Some((&line[..2], value))
}

/// How the format marks its records.
const SHAPE: Shape = Shape {
    field: tag_line,
    head: blocks::never,
    end: |l| l.trim().is_empty(),
};

/// True when the text reads as Copac: its first non-empty line is a
/// Copac field, and two of its first lines carry Copac's tags.
pub fn looks_like_copac(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(12)
        .collect();
    let known = |l: &&&str| tag_line(l).is_some_and(|(t, _)| TAGS.contains(&t));
    lines.first().is_some_and(|l| tag_line(l).is_some()) && lines.iter().filter(known).count() >= 2
}

/// Reads Copac tagged text.
pub fn read(text: &str) -> Parsed {
    let mut out = Parsed::default();
    for b in blocks::cut(text, SHAPE).blocks {
        out.push(record(Fields(&b.tags), b.line));
    }
    out
}

/// A name: "Family, Given" as a person, else as written (a corporate
/// author: "Universität Karlsruhe. Fakultät für Informatik").
fn author(v: &str) -> String {
    if v.contains(',') {
        names::person(v)
    } else {
        clean::squash(v)
    }
}

fn record(f: Fields<'_>, line: usize) -> Record {
    let mut s = Study {
        title: f.first(&["TI"]).map(clean::title).unwrap_or_default(),
        authors: f.all("AU").map(author).filter(|a| !a.is_empty()).collect(),
        year: f.first(&["PY"]).and_then(clean::year),
        doi: f.all("UR").find_map(clean::doi),
        url: f.all("UR").find_map(clean::url),
        keywords: f.all("KW").filter_map(clean::some).collect(),
        notes: f.first(&["NT"]).and_then(clean::multiline),
        ..Study::default()
    };
    let editors: Vec<String> = f.all("ED").map(author).collect();
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    let extra = [
        ("isbn", f.first(&["IS"])),
        ("publisher", f.first(&["PU"])),
        ("series", f.first(&["SE"])),
        ("language", f.first(&["LA"])),
    ];
    blocks::finish(s, &extra, Some("book"), line, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::{Origin, kind};

    #[test]
    fn records_parted_by_blank_lines() {
        let text = "\nTI- Computing at the London Hospital\nAU- Barber, Barry\nAU- Abbott, W.\nPY- 1972\nKW- Hospital planning\nKW- Records\n    management\nHL- Aberdeen ;\n    Edinburgh\n\nTI- Real time systems\nAU- University of Leeds. Computing Service\nPY- 1977\n";
        assert!(looks_like_copac(text));
        assert!(!looks_like_copac("TI  - x\nAU  - y\n"));
        let p = read(text);
        assert_eq!(p.records.len(), 2);
        let s = &p.records[0].study;
        assert_eq!(s.authors, ["Barber, Barry", "Abbott, W."]);
        assert_eq!(s.keywords, ["Hospital planning", "Records management"]);
        assert_eq!(kind::of(s), "book");
        assert_eq!(
            p.records[1].study.authors,
            ["University of Leeds. Computing Service"]
        );
        assert_eq!(p.records[1].origin, Origin::Line(12));
    }
}
