//! INSPEC tagged text (as older INSPEC hosts wrote it): each record headed
//! by a line `Record ... INSPEC ...`, then `TI ~ Title`, `AU ~ Family,
//! Given; Family, Given`, `SO ~ Journal. 1992; 19: 20`, `PY ~ 1992`,
//! `RT ~ Journal-Paper`. The source line holds the journal, year, volume
//! and pages.

use super::blocks::{self, Fields, Shape};
use crate::interop::{Parsed, Record, clean, kind, names};
use crate::model::Study;

/// A field line: `XX ~ value` (or `XX ~` when empty).
fn tag_line(line: &str) -> Option<(&str, &str)> {
    let tag = line.get(..2)?;
    if !tag
        .bytes()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return None;
    }
    let rest = line[2..].strip_prefix(" ~")?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((tag, rest))
}

/// A record's head: `Record 1 of 20 - INSPEC` (not a line of text that
/// starts with "Records" or "Recorded").
fn is_head(line: &str) -> bool {
    line.strip_prefix("Record")
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphabetic()))
}

/// How the format marks its records.
const SHAPE: Shape = Shape {
    field: tag_line,
    head: is_head,
    end: blocks::never,
};

/// True when a line among the first ones is an INSPEC record head.
pub fn looks_like_inspec(text: &str) -> bool {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .any(|l| is_head(l) && l.contains("INSPEC"))
}

/// Reads INSPEC tagged text.
pub fn read(text: &str) -> Parsed {
    let mut out = Parsed::default();
    for b in blocks::cut(text, SHAPE).blocks {
        out.push(record(Fields(&b.tags), b.line));
    }
    out
}

/// The parts of a source line `Journal. 1992; 19: 20`: journal, year,
/// volume, pages.
fn source(so: &str) -> (Option<String>, Option<i32>, Option<String>, Option<String>) {
    let (head, tail) = so.split_once(';').unwrap_or((so, ""));
    let (journal, date) = match head.rsplit_once(". ") {
        Some((j, d)) if clean::year(d).is_some() => (j, d),
        _ => (head, ""),
    };
    let (volume, pages) = match tail.split_once(':') {
        Some((v, p)) => (clean::some(v), clean::pages(p)),
        None => (clean::some(tail), None),
    };
    (
        clean::some(journal.trim_end_matches('.')),
        clean::year(date),
        volume,
        pages,
    )
}

fn record(f: Fields<'_>, line: usize) -> Record {
    let rt = f.first(&["RT"]).and_then(clean::some);
    let record_kind = rt.as_deref().and_then(|t| {
        let words = t.replace('-', " ");
        if words.contains("Journal Paper") && !words.contains("Conference") {
            Some("article-journal")
        } else {
            kind::from_words(&words)
        }
    });
    let (journal, so_year, volume, pages) = f.first(&["SO"]).map(source).unwrap_or_default();
    let s = Study {
        title: f.first(&["TI"]).map(clean::title).unwrap_or_default(),
        authors: f
            .split("AU", &[';'])
            .map(|a| names::person(&a.replace(",-", ", ")))
            .filter(|a| !a.is_empty())
            .collect(),
        year: f.first(&["PY"]).and_then(clean::year).or(so_year),
        journal,
        volume,
        pages,
        doi: f.first(&["DO", "DI"]).and_then(clean::doi),
        r#abstract: f.first(&["AB"]).and_then(clean::some),
        keywords: f.split("ID", &[';']).map(str::to_string).collect(),
        ..Study::default()
    };
    let extra = [
        ("publisher", f.first(&["PU"])),
        ("language", f.first(&["LA"])),
    ];
    blocks::finish(s, &extra, record_kind, line, rt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::Origin;

    #[test]
    fn records_and_their_source_lines() {
        let text = "Record 1 of 2 - INSPEC\n\nTI ~ Reuse with a natural language approach\nAU ~ Prechelt, Lutz; Tichy, Walter\nAB ~\nPY ~ 10000\nSO ~ J. Softw. Eng. 1992; 19: 20-31\nRT ~ Journal-Paper\n\nRecord 2 of 2 - INSPEC\nTI ~ A conference paper\nAU ~ Lee, K.\nRT ~ Conference-Paper\n";
        assert!(looks_like_inspec(text));
        let p = read(text);
        assert_eq!(p.records.len(), 2);
        let s = &p.records[0].study;
        assert_eq!(s.authors, ["Prechelt, Lutz", "Tichy, Walter"]);
        assert_eq!(s.year, Some(1992));
        assert_eq!(s.journal.as_deref(), Some("J. Softw. Eng"));
        assert_eq!(s.volume.as_deref(), Some("19"));
        assert_eq!(s.pages.as_deref(), Some("20-31"));
        assert_eq!(kind::of(s), "article-journal");
        assert_eq!(kind::of(&p.records[1].study), "paper-conference");
        assert_eq!(p.records[1].origin, Origin::Line(10));
        assert!(read("Record.testINSPEC.test").records.is_empty());
        let wrapped = "Record 1 - INSPEC\nTI ~ A\nAB ~ First line\nRecorded falls were fewer.\n";
        let p = read(wrapped);
        assert_eq!(p.records.len(), 1);
        assert_eq!(
            p.records[0].study.r#abstract.as_deref(),
            Some("First line Recorded falls were fewer.")
        );
    }
}
