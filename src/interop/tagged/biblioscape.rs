//! Biblioscape tag files: `--AU-- Sa, M.; Kascheres, A.`, `--TI-- Title`,
//! one field a line (untagged lines continue it), records ended by a line
//! `------`. Authors and keywords are parted by `;`; `--ST--` is the
//! secondary title (the journal, or the book of a chapter); `--RT--` the
//! reference type and `--TW--` its kind of work.

use super::blocks::{self, Fields, Shape};
use crate::interop::{Origin, Parsed, Record, clean, kind, names};
use crate::model::Study;

/// A field line: `--XX-- value`.
fn tag_line(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("--")?;
    let tag = rest.get(..2)?;
    if !tag
        .bytes()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return None;
    }
    let value = rest[2..].strip_prefix("--")?;
    if !(value.is_empty() || value.starts_with(' ')) {
        return None;
    }
    Some((tag, value))
}

/// How the format marks its records.
const SHAPE: Shape = Shape {
    field: tag_line,
    head: blocks::never,
    end: |l| l.trim() == "------",
};

/// True when the text reads as Biblioscape: its first non-empty lines are
/// mostly `--XX-- ` fields, two at least.
pub fn looks_like_biblioscape(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .take(12)
        .collect();
    let tags = lines.iter().filter(|l| tag_line(l).is_some()).count();
    tags >= 2 && tags * 2 > lines.len()
}

/// Reads a Biblioscape tag file.
pub fn read(text: &str) -> Parsed {
    let cut = blocks::cut(text, SHAPE);
    let mut out = Parsed::default();
    for line in cut.stray {
        out.warn(
            Origin::Line(line),
            "a line outside any field (not `--XX-- value`): skipped",
        );
    }
    for b in cut.blocks {
        out.push(record(Fields(&b.tags), b.line));
    }
    out
}

fn record(f: Fields<'_>, line: usize) -> Record {
    let rt = f.first(&["RT"]).and_then(clean::some);
    let record_kind = rt
        .as_deref()
        .and_then(kind::from_words)
        .or_else(|| f.first(&["TW"]).and_then(kind::from_words));
    let s = Study {
        title: f.first(&["TI"]).map(clean::title).unwrap_or_default(),
        authors: f
            .split("AU", &[';'])
            .map(names::person)
            .filter(|p| !p.is_empty())
            .collect(),
        year: f.first(&["YP"]).and_then(clean::year),
        journal: f.first(&["ST"]).and_then(clean::some),
        volume: f.first(&["VL"]).and_then(clean::some),
        issue: f.first(&["NB"]).and_then(clean::some),
        pages: clean::page_range(f.first(&["PS"]), f.first(&["PE"])),
        doi: f.all("UR").chain(f.all("AT")).find_map(clean::doi),
        url: f.all("UR").chain(f.all("AT")).find_map(clean::url),
        r#abstract: f.first(&["AB"]).and_then(clean::some),
        keywords: f.split("KW", &[';']).map(str::to_string).collect(),
        notes: f.first(&["NT"]).and_then(clean::multiline),
        ..Study::default()
    };
    let sn = match record_kind {
        Some("book" | "chapter") => "isbn",
        _ => "issn",
    };
    let extra = [
        (sn, f.first(&["IS"])),
        ("publisher", f.first(&["PB"])),
        ("language", f.first(&["LG"])),
        ("edition", f.first(&["ED"])),
    ];
    blocks::finish(s, &extra, record_kind, line, rt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_between_dashes_and_a_damaged_start() {
        let text = "\n--te\n\n--AU-- Sa, M. CM.; Kascheres, A.\n--TI-- Electronically Mediated\n  Selectivity\n--ST-- Journal of Organic Chemistry\n--YP-- 1996\n--PS-- 3749\n--PE-- 3752\n--RT-- Journal Article\n------\n--AU-- Name\n--ST-- A Book\n--RT-- book section\n--YP-- 2000\n------\n";
        let p = read(text);
        assert_eq!(p.records.len(), 2);
        let s = &p.records[0].study;
        assert_eq!(s.title, "Electronically Mediated Selectivity");
        assert_eq!(s.authors, ["Sa, M. CM.", "Kascheres, A."]);
        assert_eq!(s.pages.as_deref(), Some("3749-3752"));
        assert_eq!(kind::of(&p.records[1].study), "chapter");
        assert_eq!(p.records[1].origin, Origin::Line(13));
        assert_eq!(p.warnings.len(), 1);
        assert!(looks_like_biblioscape(text));
        assert!(!looks_like_biblioscape("TY  - JOUR\n"));
    }
}
