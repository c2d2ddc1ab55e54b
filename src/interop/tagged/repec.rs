//! RePEc NEP (New Economics Papers) mail digests: a header, an overview
//! ("In this issue we have:"), then sections parted by dashed lines, in
//! which each working paper starts `12. Title` after a blank line, and is
//! followed either by its authors (one a line, an institution in
//! parentheses), a blank line and its abstract, or by fields `Date:`,
//! `By:` (the authors), `URL:`, then the abstract; `Keywords:`, `JEL:`,
//! `Date:` and `URL:` may follow. The overview's numbered lines repeat the
//! titles and are skipped.

use crate::interop::{Bad, Parsed, clean, names};
use crate::model::Study;

/// True when the text is a NEP digest: among the first lines, NEP's name
/// or its sender (`From ernad at nep.repec.org`, `nep.repec.org`).
pub fn looks_like_repec(text: &str) -> bool {
    text.lines().take(25).any(|l| {
        let l = l.trim();
        l.contains("NEP: New Economics Papers")
            || l.starts_with("nep.repec.org")
            || (l.starts_with("From") && l.contains("nep.repec.org"))
    })
}

/// A field line: `Keywords: ...`, its name and value.
fn field(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    matches!(name.trim(), "Keywords" | "JEL" | "Date" | "URL" | "By")
        .then(|| (name.trim(), value.trim()))
}

/// A section's dashed separator line.
fn separator(line: &str) -> bool {
    line.len() >= 20 && line.trim_end().bytes().all(|c| c == b'-')
}

/// A paper's first line, `12. Title`: its title.
fn numbered(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = line.get(digits..)?.strip_prefix('.')?;
    (digits > 0 && rest.starts_with([' ', '\t'])).then(|| rest.trim())
}

/// One paper as read.
#[derive(Default)]
struct Paper {
    line: usize,
    title: String,
    authors: Vec<String>,
    abstract_: Vec<String>,
    fields: Vec<(String, String)>,
}

/// Reads a NEP digest.
pub fn read(text: &str) -> Parsed {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut out = Parsed::default();
    let mut overview = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if separator(line) {
            overview = i > 0
                && lines[i - 1]
                    .trim_start()
                    .starts_with("In this issue we have");
            i += 1;
            continue;
        }
        let after_blank = i == 0 || lines[i - 1].trim().is_empty();
        match numbered(line) {
            Some(title) if !overview && after_blank => {
                let (paper, next) = paper(&lines, i, title);
                push(&mut out, paper);
                i = next;
            }
            _ => i += 1,
        }
    }
    out
}

/// Reads the paper whose title line is `lines[start]`; returns it and the
/// index of the line after it.
fn paper(lines: &[&str], start: usize, title: &str) -> (Paper, usize) {
    let mut p = Paper {
        line: start + 1,
        title: title.to_string(),
        ..Paper::default()
    };
    let mut i = start + 1;
    // The title goes on until a blank line or a field.
    while i < lines.len() && !lines[i].trim().is_empty() && field(lines[i]).is_none() {
        p.title.push(' ');
        p.title.push_str(lines[i].trim());
        i += 1;
    }
    // Fields seen (then free text is the abstract), the field being read,
    // and whether the block of authors without a `By:` was read.
    let mut seen_field = false;
    let mut current: Option<String> = None;
    let mut free_blocks = 0usize;
    let mut in_block = false;
    let mut open_paren = false;
    while i < lines.len() {
        let line = lines[i];
        let after_blank = lines[i - 1].trim().is_empty();
        if separator(line) || (after_blank && numbered(line).is_some()) {
            break;
        }
        i += 1;
        if line.trim().is_empty() {
            current = None;
            in_block = false;
            continue;
        }
        if let Some((name, value)) = field(line) {
            seen_field = true;
            in_block = false;
            current = Some(name.to_string());
            if name == "By" {
                open_paren = author_line(&mut p, value, false);
            } else {
                p.fields.push((name.to_string(), value.to_string()));
            }
            if name == "URL" {
                current = None;
            }
            continue;
        }
        match current.as_deref() {
            Some("By") => open_paren = author_line(&mut p, line, open_paren),
            Some(_) => {
                if let Some((_, v)) = p.fields.last_mut() {
                    v.push(' ');
                    v.push_str(line.trim());
                }
            }
            None => {
                if !in_block {
                    free_blocks += 1;
                    in_block = true;
                }
                if !seen_field && free_blocks == 1 {
                    open_paren = author_line(&mut p, line, open_paren);
                } else {
                    p.abstract_.push(line.trim().to_string());
                }
            }
        }
    }
    (p, i)
}

/// An author line, `Name (Institution)` or a line of an institution left
/// open above; returns whether a parenthesis is still open.
fn author_line(p: &mut Paper, line: &str, open: bool) -> bool {
    if open {
        return !line.contains(')');
    }
    let (name, open) = match line.split_once('(') {
        Some((n, rest)) => (n, !rest.contains(')')),
        None => (line, false),
    };
    p.authors
        .extend(name.split(';').map(names::person).filter(|a| !a.is_empty()));
    open
}

fn push(out: &mut Parsed, p: Paper) {
    let field = |name: &str| {
        p.fields
            .iter()
            .find(|(n, v)| n == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    };
    let mut s = Study {
        title: clean::title(&p.title),
        authors: p.authors,
        r#abstract: clean::some(&p.abstract_.join(" ")),
        url: field("URL").and_then(clean::url),
        doi: field("URL").and_then(clean::doi),
        keywords: p
            .fields
            .iter()
            .filter(|(n, _)| n == "Keywords")
            .flat_map(|(_, v)| v.split([',', ';']))
            .filter_map(clean::some)
            .collect(),
        ..Study::default()
    };
    if let Some(d) = field("Date") {
        s.year = date_year(d);
        if s.year.is_none() {
            out.warnings.push(Bad::at(
                p.line,
                format!(
                    "the date \"{}\" is not a date (yyyy-mm-dd): no year read",
                    crate::text::inert_line(d)
                ),
            ));
        }
    }
    let extra = [("jel", field("JEL"))];
    out.push(super::blocks::finish(
        s,
        &extra,
        Some("report"),
        p.line,
        None,
    ));
}

/// The year of a NEP date, `yyyy`, `yyyy-mm` or `yyyy-mm-dd`.
fn date_year(d: &str) -> Option<i32> {
    let parts: Vec<&str> = d.trim().split('-').collect();
    let ok = !parts.is_empty()
        && parts.len() <= 3
        && parts[0].len() == 4
        && parts[1..].iter().all(|p| p.len() == 2)
        && parts.iter().all(|p| p.bytes().all(|c| c.is_ascii_digit()));
    if ok { clean::year(parts[0]) } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::{Origin, kind};

    #[test]
    fn papers_of_both_layouts_and_the_overview_skipped() {
        let text = "From ernad at nep.repec.org\nNEP: New Economics Papers\n\nIn this issue we have:\n------------------------------\n\n1. Sleep and labour supply\n     Berg, Ola\n\n------------------------------\n\n1. Sleep and labour supply\n\n    Berg,Ola\n    Lund, Kari (University of Oslo,\n    Department of Economics)\n\nAn abstract\non two lines.\n\nKeywords: sleep; labour, supply\nDate:     2005-08-31\nURL:      http://d.repec.org/n?u=RePEc:x:y:1\n\n2. Innovation races\nDate: 2016- not a date\nBy: Uwe Cantner (University of Jena)\nAndreas Nicklisch\nURL: http://d.repec.org/n?u=RePEc:x:y:2\nThe abstract\nJEL: D81 O31\n";
        assert!(looks_like_repec(text));
        let p = read(text);
        assert_eq!(p.records.len(), 2, "{:?}", p.bad);
        let s = &p.records[0].study;
        assert_eq!(s.title, "Sleep and labour supply");
        assert_eq!(s.authors, ["Berg, Ola", "Lund, Kari"]);
        assert_eq!(s.r#abstract.as_deref(), Some("An abstract on two lines."));
        assert_eq!(s.keywords, ["sleep", "labour", "supply"]);
        assert_eq!(s.year, Some(2005));
        assert_eq!(p.records[0].origin, Origin::Line(12));
        let t = &p.records[1].study;
        assert_eq!(t.authors, ["Cantner, Uwe", "Nicklisch, Andreas"]);
        assert_eq!(t.r#abstract.as_deref(), Some("The abstract"));
        assert_eq!(t.year, None);
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(kind::of(t), "report");
    }
}
