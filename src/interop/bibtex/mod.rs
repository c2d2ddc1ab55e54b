//! BibTeX and BibLaTeX (Better BibTeX, JabRef, BibDesk, biblatex), read by
//! the rules BibTeX and biber use, and written back out ([`write`]).
//!
//! litrev reads BibTeX with its own reader rather than the `biblatex` crate
//! it used before: that crate resolves `crossref`, `xdata` and `@string`s
//! by recursion without a bound (a cycle, even an entry whose `crossref`
//! names itself, overflowed the stack), refuses a whole file or entry for
//! one undefined macro, lets a `crossref` parent's date replace the
//! child's, eats the group after a command that takes no argument and reads
//! `\o{}` as a combining overlay. Here:
//!
//! - [`lex`] cuts the file into entries iteratively (brace depth is a
//!   counter, bounded), reporting a broken entry at its line and going on;
//! - [`resolve`] expands macros (case-insensitive, undefined ones kept with
//!   a warning, expansion bounded) and inheritance (child fields win,
//!   cycles and long chains stopped with a warning);
//! - [`latex`] decodes accents, letters, symbols and simple math by table,
//!   with an explicit stack; [`names`] splits names by BibTeX's rules.

pub mod latex;
pub mod lex;
mod math;
pub mod names;
pub mod resolve;
pub mod write;

use serde_json::json;

use super::{Bad, Origin, Parsed, Record, clean, kind};
use crate::model::Study;
use lex::Item;
use resolve::{Expanded, Macros};

/// Reads BibTeX or BibLaTeX text.
pub fn read(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut macros = Macros::default();
    let mut entries: Vec<Expanded> = Vec::new();
    let mut entry_warnings: Vec<Vec<String>> = Vec::new();
    for item in lex::scan(text) {
        match item {
            Item::Failed(bad) => out.bad.push(Bad {
                origin: bad.origin,
                reason: format!("cannot be read: {}", bad.reason),
            }),
            Item::Strings(fields, line) => {
                let mut warnings = Vec::new();
                for e in macros.define(&fields, &mut warnings) {
                    out.bad.push(Bad::at(line, e));
                }
                for w in dedup(warnings) {
                    out.warn(Origin::Line(line), w);
                }
            }
            Item::Entry(e) => {
                let mut warnings = e.warnings.clone();
                let mut fields: Vec<(String, String)> = Vec::with_capacity(e.fields.len());
                let mut failed = None;
                for f in &e.fields {
                    match macros.expand(&f.value, &mut warnings) {
                        Ok(v) => {
                            if !fields.iter().any(|(n, _)| *n == f.name) {
                                fields.push((f.name.clone(), v));
                            }
                        }
                        Err(err) => {
                            failed = Some(format!(
                                "field `{}` {err}",
                                crate::text::inert_line(&f.name)
                            ));
                            break;
                        }
                    }
                }
                if let Some(reason) = failed {
                    out.bad.push(Bad::at(
                        e.line,
                        format!(
                            "entry {} cannot be read: {reason}",
                            crate::text::inert_line(&e.key)
                        ),
                    ));
                    continue;
                }
                entries.push(Expanded {
                    kind: e.kind,
                    key: e.key,
                    line: e.line,
                    fields,
                });
                entry_warnings.push(dedup(warnings));
            }
        }
    }
    let (resolved, inherit_warnings) = resolve::inherit(&entries);
    for (i, w) in inherit_warnings {
        entry_warnings[i].push(w);
    }
    for ((e, fields), warnings) in entries.iter().zip(resolved).zip(entry_warnings) {
        if e.kind == "xdata" || e.kind == "set" {
            continue;
        }
        for w in warnings {
            let w = if e.key.is_empty() {
                w
            } else {
                format!("entry {}: {w}", crate::text::inert_line(&e.key))
            };
            out.warn(Origin::Line(e.line), w);
        }
        out.push(record(e, &fields));
    }
    out.bad.sort_by_key(|b| match b.origin {
        Origin::Line(n) => n,
        Origin::Key(_) => 0,
    });
    out
}

/// Each warning once, in order.
fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|w| seen.insert(w.clone()));
    v
}

/// A field's raw value.
fn raw<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.trim().is_empty())
}

/// A field as one line of plain text.
fn text(fields: &[(String, String)], name: &str) -> Option<String> {
    raw(fields, name).and_then(|v| clean::some(&latex::decode(v)))
}

/// A verbatim field (`url`, `doi`) as written: braces that group, and the
/// backslashes exporters put before `_`, `&`, `%`, `#`, `$` and `~`, gone.
fn verbatim(fields: &[(String, String)], name: &str) -> Option<String> {
    let v = raw(fields, name)?;
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars
                .peek()
                .is_some_and(|n| matches!(n, '_' | '&' | '%' | '#' | '$' | '~' | '{' | '}')) =>
            {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '{' | '}' => {}
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Notes keep their line breaks (one per paragraph or line of the value).
fn multiline(fields: &[(String, String)], name: &str) -> Option<String> {
    let v = latex::decode(raw(fields, name)?);
    let lines: Vec<String> = v.lines().map(clean::squash).collect();
    let joined = lines.join("\n");
    let t = joined.trim_matches('\n');
    (!t.is_empty()).then(|| t.to_string())
}

fn record(e: &Expanded, fields: &[(String, String)]) -> Record {
    let t = |n: &str| text(fields, n);
    let authors = raw(fields, "author").map(names::names).unwrap_or_default();
    let editors = raw(fields, "editor").map(names::names).unwrap_or_default();
    let title = match (t("title"), t("subtitle")) {
        (Some(a), Some(b)) => Some(format!("{a}: {b}")),
        (a, _) => a,
    };
    let container = ["fjournal", "journaltitle", "journal"]
        .iter()
        .find_map(|n| t(n))
        .or_else(|| t("booktitle"));
    let eprint_type = t("eprinttype").map(|s| s.to_lowercase());
    let eprint = verbatim(fields, "eprint");
    let pmid = t("pmid").and_then(|p| clean::pmid(&p)).or_else(|| {
        eprint
            .as_deref()
            .filter(|_| eprint_type.as_deref() == Some("pubmed"))
            .and_then(clean::pmid)
    });
    let doi = verbatim(fields, "doi")
        .map(|d| d.replace("%7B", "{").replace("%7D", "}"))
        .and_then(|d| clean::doi(&d));
    let mut s = Study {
        title: title.map(|t| clean::title(&t)).unwrap_or_default(),
        authors,
        // biblatex's `date` wins over `year` when both are given, as in
        // biber ("overwriting field 'year' with year value from 'date'").
        year: t("date")
            .and_then(|d| clean::year(&d))
            .or_else(|| t("year").and_then(|y| clean::year(&y))),
        journal: container,
        volume: t("volume"),
        issue: t("number").or_else(|| t("issue")),
        pages: t("pages").and_then(|p| clean::pages(&p.replace(['–', '—'], "-"))),
        doi,
        pmid,
        url: verbatim(fields, "url"),
        r#abstract: t("abstract"),
        keywords: t("keywords")
            .map(|k| k.split([',', ';']).filter_map(clean::some).collect())
            .unwrap_or_default(),
        notes: multiline(fields, "note").or_else(|| multiline(fields, "annote")),
        ..Study::default()
    };
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    for (field, key) in [
        ("issn", "issn"),
        ("isbn", "isbn"),
        ("publisher", "publisher"),
        ("institution", "publisher"),
        ("school", "publisher"),
        ("language", "language"),
        ("pmcid", "pmcid"),
    ] {
        if let Some(v) = t(field)
            && !s.extra.iter().any(|(k, _)| k == key)
        {
            s.extra.push((key.into(), json!(v)));
        }
    }
    if let (Some(kind), Some(id)) = (eprint_type.as_deref(), eprint.as_deref())
        && kind != "pubmed"
    {
        s.extra
            .push(("eprint".into(), json!(format!("{kind}:{id}"))));
    }
    if !e.key.is_empty() {
        s.extra.push(("source_id".into(), json!(e.key)));
    }
    kind::set(&mut s, kind::from_bibtex(&e.kind));
    Record {
        study: s,
        origin: Origin::Line(e.line),
        kind: Some(e.kind.clone()),
    }
}
