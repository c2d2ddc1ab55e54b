//! BibTeX and BibLaTeX (Better BibTeX, JabRef, BibDesk, biblatex), read with
//! the `biblatex` crate: `@string` macros and `#` concatenation, month
//! macros, `crossref` and `xdata` inheritance, LaTeX accents and dashes.
//!
//! The crate gives up on a whole file at its first error, so a file it
//! refuses is cut into entries (each starts on a line beginning `@`) and
//! every entry is read on its own with the file's `@string`s: one malformed
//! entry is reported and the others are kept.

use biblatex::{Bibliography, ChunksExt, Entry, Person};
use serde_json::json;

use super::clean;
use super::{Bad, Origin, Parsed, Record};
use crate::model::Study;

/// One `@...` block of the file and the line it starts on.
struct Block<'a> {
    line: usize,
    text: &'a str,
    kind: String,
}

/// The file cut at lines that begin (after spaces) with `@word{` or `@word(`.
fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut starts: Vec<(usize, usize, String)> = Vec::new();
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix('@') {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            let after = rest[word.len()..].trim_start();
            if !word.is_empty() && (after.starts_with('{') || after.starts_with('(')) {
                starts.push((
                    offset + line.len() - t.len(),
                    i + 1,
                    word.to_ascii_lowercase(),
                ));
            }
        }
        offset += line.len();
    }
    let mut out = Vec::with_capacity(starts.len());
    for (n, (at, line, kind)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map(|s| s.0).unwrap_or(text.len());
        out.push(Block {
            line: *line,
            text: &text[*at..end],
            kind: kind.clone(),
        });
    }
    out
}

/// The text with `@type( ... )` entries rewritten as `@type{ ... }` (the
/// crate reads only braces); lines and offsets stay where they were.
fn braced(text: &str) -> String {
    let mut out = text.to_string();
    for b in blocks(text) {
        let start = b.text.as_ptr() as usize - text.as_ptr() as usize;
        let Some(open) = b.text.find(['{', '(']) else {
            continue;
        };
        if &b.text[open..open + 1] != "(" {
            continue;
        }
        if let Some(close) = b.text.rfind(')') {
            out.replace_range(start + open..start + open + 1, "{");
            out.replace_range(start + close..start + close + 1, "}");
        }
    }
    out
}

/// Why an entry cannot be read, in words (the crate's own, except for the
/// commonest case: an entry left open).
fn parse_error(kind: &biblatex::ParseErrorKind) -> String {
    match kind {
        biblatex::ParseErrorKind::UnexpectedEof => {
            "it is not closed (a brace or quote is missing)".to_string()
        }
        other => other.to_string(),
    }
}

/// Reads BibTeX or BibLaTeX text.
pub fn read(text: &str) -> Parsed {
    let text = &braced(text);
    let mut out = Parsed::default();
    let all = blocks(text);
    if let Ok(bib) = Bibliography::parse(text) {
        take(&bib, &all, &mut out);
        return out;
    }
    let mut strings = String::new();
    for b in all.iter().filter(|b| b.kind == "string") {
        if Bibliography::parse(b.text).is_ok() {
            strings.push_str(b.text);
            strings.push('\n');
        } else {
            out.bad.push(Bad {
                origin: Origin::Line(b.line),
                reason: "this @string cannot be read".into(),
            });
        }
    }
    let mut good: Vec<&Block> = Vec::new();
    for b in all
        .iter()
        .filter(|b| !matches!(b.kind.as_str(), "string" | "comment" | "preamble"))
    {
        match Bibliography::parse(&format!("{strings}{}", b.text)) {
            Ok(_) => good.push(b),
            Err(e) => out.bad.push(Bad {
                origin: Origin::Line(b.line),
                reason: format!("{} cannot be read: {}", entry_name(b), parse_error(&e.kind)),
            }),
        }
    }
    // Together again, so that crossref and xdata resolve; failing that, one
    // by one.
    let joined: String = good.iter().map(|b| b.text).collect::<Vec<_>>().join("\n");
    match Bibliography::parse(&format!("{strings}{joined}")) {
        Ok(bib) => take(&bib, &all, &mut out),
        Err(_) => {
            for b in good {
                if let Ok(bib) = Bibliography::parse(&format!("{strings}{}", b.text)) {
                    take(&bib, &all, &mut out);
                }
            }
        }
    }
    out.bad.sort_by_key(|b| match b.origin {
        Origin::Line(n) => n,
        Origin::Key(_) => 0,
    });
    out
}

/// The entries of a bibliography as records (`@xdata` blocks only lend
/// their fields), each with the line its block starts on.
fn take(bib: &Bibliography, blocks: &[Block], out: &mut Parsed) {
    for e in bib.iter() {
        if e.entry_type.to_string().eq_ignore_ascii_case("xdata") {
            continue;
        }
        let line = blocks
            .iter()
            .find(|b| block_key(b.text) == Some(e.key.as_str()))
            .map(|b| b.line);
        out.push(record(e, line));
    }
}

/// The key of an entry block, as written.
fn block_key(text: &str) -> Option<&str> {
    let open = text.find(['{', '('])?;
    let rest = &text[open + 1..];
    let end = rest.find(',')?;
    Some(rest[..end].trim())
}

fn entry_name(b: &Block) -> String {
    match block_key(b.text) {
        Some(k) if !k.is_empty() => format!("entry {}", crate::text::inert_line(k)),
        _ => format!("this @{}", b.kind),
    }
}

/// A field as plain text.
fn field(e: &Entry, key: &str) -> Option<String> {
    e.get(key)
        .map(|c| clean::strip_latex(&c.format_verbatim()))
        .and_then(|s| clean::some(&s))
}

fn name(p: &Person) -> String {
    let family = clean::squash(&format!("{} {}", p.prefix, p.name));
    let given = clean::squash(&format!("{} {}", p.given_name, p.suffix));
    match (family.is_empty(), given.is_empty()) {
        (false, false) => format!("{family}, {given}"),
        (false, true) => family,
        _ => given,
    }
}

fn people(e: &Entry, key: &str, parsed: Option<Vec<Person>>) -> Vec<String> {
    match parsed {
        Some(v) => v.iter().map(name).filter(|n| !n.is_empty()).collect(),
        None => field(e, key)
            .map(|s| s.split(" and ").filter_map(clean::some).collect())
            .unwrap_or_default(),
    }
}

fn record(e: &Entry, line: Option<usize>) -> Record {
    let authors = people(e, "author", e.author().ok());
    let editors: Vec<String> = match e.editors() {
        Ok(groups) => groups
            .iter()
            .flat_map(|(v, _)| v.iter().map(name))
            .filter(|n| !n.is_empty())
            .collect(),
        Err(_) => people(e, "editor", None),
    };
    let mut s = Study {
        title: field(e, "title")
            .map(|t| clean::title(&t))
            .unwrap_or_default(),
        authors,
        year: field(e, "year")
            .and_then(|y| clean::year(&y))
            .or_else(|| field(e, "date").and_then(|d| clean::year(&d))),
        journal: field(e, "journaltitle")
            .or_else(|| field(e, "journal"))
            .or_else(|| field(e, "booktitle")),
        volume: field(e, "volume"),
        issue: field(e, "number").or_else(|| field(e, "issue")),
        pages: field(e, "pages").and_then(|p| clean::pages(&p.replace(['–', '—'], "-"))),
        doi: field(e, "doi").and_then(|d| clean::doi(&d)),
        pmid: field(e, "pmid").and_then(|p| clean::pmid(&p)),
        url: field(e, "url"),
        r#abstract: field(e, "abstract"),
        keywords: field(e, "keywords")
            .map(|k| k.split([',', ';']).filter_map(clean::some).collect())
            .unwrap_or_default(),
        notes: field(e, "note"),
        ..Study::default()
    };
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    s.extra.push(("source_id".into(), json!(e.key)));
    let kind = Some(e.entry_type.to_string());
    Record {
        study: s,
        origin: line
            .map(Origin::Line)
            .unwrap_or_else(|| Origin::Key(e.key.clone())),
        kind,
    }
}
