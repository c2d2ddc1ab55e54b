//! XML reference formats, read with `roxmltree` (which bounds entity
//! expansion and node counts): EndNote XML, PubMed XML (efetch and the
//! "XML" download), MODS and JATS (PubMed Central's article XML); also
//! MSBib (Word), MARC 21 XML and Citavi.
//!
//! A file that is not well-formed as a whole (one broken record) is cut at
//! its records' start tags and each record is read on its own: the broken
//! one is reported at its line, the others are kept.

pub mod endnote;
pub mod jats;
pub mod mods;
pub mod pubmed;

pub mod citavi;
pub mod marc;
pub mod msbib;

use roxmltree::{Document, Node, ParsingOptions};

use super::{Bad, Parsed, Record};

/// The most XML nodes read from one file (a bound on memory).
const NODES_LIMIT: u32 = 20_000_000;

fn options<'a>() -> ParsingOptions<'a> {
    ParsingOptions {
        allow_dtd: true,
        nodes_limit: NODES_LIMIT,
        ..ParsingOptions::default()
    }
}

/// Reads the elements named `record` (local names) of `text`, each turned
/// into a record by `make` (given the element and its line).
pub fn read_records(
    text: &str,
    record: &[&str],
    make: impl Fn(Node<'_, '_>, usize) -> Record,
) -> Parsed {
    read_records_with(text, record, make, false)
}

/// [`read_records`], where a record that is not well-formed only for a
/// bare `&` ("McFarland & Company", as library catalogues write it) is read
/// with the `&` as text, and a warning.
pub fn read_records_lenient(
    text: &str,
    record: &[&str],
    make: impl Fn(Node<'_, '_>, usize) -> Record,
) -> Parsed {
    read_records_with(text, record, make, true)
}

fn read_records_with(
    text: &str,
    record: &[&str],
    make: impl Fn(Node<'_, '_>, usize) -> Record,
    lenient: bool,
) -> Parsed {
    let mut out = Parsed::default();
    match Document::parse_with_options(text, options()) {
        Ok(doc) => take(&doc, record, &make, 0, &mut out),
        Err(e) => {
            // One record at a time, from each start tag to its end tag.
            let starts = record_starts(text, record);
            if starts.is_empty() {
                out.bad.push(Bad::at(
                    e.pos().row as usize,
                    format!("not well-formed XML: {e}"),
                ));
                return out;
            }
            for (n, &(at, name)) in starts.iter().enumerate() {
                let limit = starts.get(n + 1).map(|s| s.0).unwrap_or(text.len());
                let close = format!("</{name}>");
                let end = text[at..limit]
                    .rfind(&close)
                    .map(|k| at + k + close.len())
                    .unwrap_or(limit);
                let line = text[..at].matches('\n').count() + 1;
                let piece = &text[at..end];
                match Document::parse_with_options(piece, options()) {
                    Ok(doc) => take(&doc, record, &make, line - 1, &mut out),
                    Err(e) => {
                        // A bare `&` ("McFarland & Company"): read as text.
                        let fixed = lenient.then(|| bare_ampersands(piece)).flatten();
                        let retry = fixed
                            .as_deref()
                            .and_then(|f| Document::parse_with_options(f, options()).ok());
                        match retry {
                            Some(doc) => {
                                out.warnings.push(Bad::at(
                                    line,
                                    "a bare & in this record (not well-formed XML) read as text",
                                ));
                                take(&doc, record, &make, line - 1, &mut out);
                            }
                            None => out.bad.push(Bad::at(
                                line + e.pos().row as usize - 1,
                                format!("this record is not well-formed XML: {e}"),
                            )),
                        }
                    }
                }
            }
        }
    }
    out
}

/// The text with each `&` that starts no entity or character reference
/// written `&amp;`; `None` when there is none.
fn bare_ampersands(text: &str) -> Option<String> {
    let is_reference = |rest: &str| {
        let body = rest.split(';').next().unwrap_or("");
        rest.contains(';')
            && !body.is_empty()
            && body.len() <= 32
            && (body.starts_with('#')
                || body
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
    };
    let mut bare = false;
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in text.split('&').enumerate() {
        if i > 0 {
            if is_reference(part) {
                out.push('&');
            } else {
                out.push_str("&amp;");
                bare = true;
            }
        }
        out.push_str(part);
    }
    bare.then_some(out)
}

/// Where each record element starts (`<record>` or `<record ...>`), with
/// its name as written (a prefix included).
fn record_starts<'a>(text: &'a str, record: &[&str]) -> Vec<(usize, &'a str)> {
    let mut starts = Vec::new();
    for (i, _) in text.match_indices('<') {
        let rest = &text[i + 1..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = &rest[..end];
        let local = name.rsplit(':').next().unwrap_or(name);
        if record.contains(&local) && rest[end..].starts_with([' ', '>', '\n', '\t', '\r']) {
            starts.push((i, name));
        }
    }
    // Records inside records (a MODS relatedItem is no record): only the
    // outermost are cut at, which the element names already ensure.
    starts
}

fn take(
    doc: &Document<'_>,
    record: &[&str],
    make: &impl Fn(Node<'_, '_>, usize) -> Record,
    line_offset: usize,
    out: &mut Parsed,
) {
    let mut inside: Option<Node<'_, '_>> = None;
    for node in doc.descendants() {
        if !node.is_element() || !record.contains(&node.tag_name().name()) {
            continue;
        }
        // A record element inside another one is part of it.
        if let Some(outer) = inside
            && node.ancestors().any(|a| a == outer)
        {
            continue;
        }
        inside = Some(node);
        let line = doc.text_pos_at(node.range().start).row as usize + line_offset;
        out.push(make(node, line));
    }
}

/// The first child element named `name` (local name).
pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// Every child element named `name`.
pub fn children<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The element at `path` (child names) under `node`.
pub fn at<'a, 'i>(node: Node<'a, 'i>, path: &[&str]) -> Option<Node<'a, 'i>> {
    path.iter().try_fold(node, |n, name| child(n, name))
}

/// All the text under `node` (EndNote wraps it in `<style>` elements),
/// whitespace collapsed; `None` when empty.
pub fn text(node: Node<'_, '_>) -> Option<String> {
    let mut s = String::new();
    for d in node.descendants() {
        if d.is_text()
            && let Some(t) = d.text()
        {
            s.push_str(t);
        }
    }
    super::clean::some(&s)
}

/// The text of the element at `path` under `node`.
pub fn text_at(node: Node<'_, '_>, path: &[&str]) -> Option<String> {
    at(node, path).and_then(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::Origin;
    use crate::model::Study;

    fn make(node: Node<'_, '_>, line: usize) -> Record {
        Record {
            study: Study {
                title: text_at(node, &["title"]).unwrap_or_default(),
                ..Study::default()
            },
            origin: Origin::Line(line),
            kind: None,
        }
    }

    #[test]
    fn a_broken_record_costs_only_itself() {
        let text = "<xml><records>\n<record><title>One</title></record>\n<record><title>Two & broken</title></record>\n<record><title>Three</title></record>\n</records></xml>\n";
        let p = read_records(text, &["record"], make);
        let titles: Vec<&str> = p.records.iter().map(|r| r.study.title.as_str()).collect();
        assert_eq!(titles, ["One", "Three"]);
        assert_eq!(p.bad.len(), 1, "{:?}", p.bad);
        assert_eq!(p.bad[0].origin, Origin::Line(3));
        assert_eq!(p.records[1].origin, Origin::Line(4));
    }

    #[test]
    fn deep_nesting_and_entity_bombs_do_not_crash() {
        let deep = format!(
            "<xml><records><record><title>x</title>{}{}</record></records></xml>",
            "<a>".repeat(100_000),
            "</a>".repeat(100_000)
        );
        let p = read_records(&deep, &["record"], make);
        assert!(p.records.len() + p.bad.len() >= 1);
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">]><xml><records><record><title>&e;&e;&e;&e;&e;&e;&e;&e;</title></record></records></xml>";
        let p = read_records(bomb, &["record"], make);
        assert!(p.records.len() + p.bad.len() >= 1);
    }
}
