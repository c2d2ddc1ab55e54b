//! CSL-JSON (Zotero, Better CSL JSON, Crossref, Pandoc): an array of items
//! (a single item, or Crossref's `{"message": {"items": [...]}}`, is
//! accepted too). Years may be strings, `date-parts` ranges, empty,
//! `[[]]` or citeproc-js's `[{year: …}]`; names may be `literal`; titles
//! may carry HTML. Its YAML twin, CSL YAML, is read by `yaml::csl`
//! through [`record`].

use serde_json::{Value as J, json};

use super::{Bad, Origin, Parsed, Record, clean, kind};
use crate::model::Study;

/// Reads CSL-JSON text.
pub fn read(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let text = text.trim_start_matches('\u{feff}');
    let value: J = match serde_json::from_str(text) {
        Ok(v) => v,
        // JSON Lines (one item a line, as pandas and ASReview write it).
        Err(_) if lines(text) => {
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<J>(line) {
                    Ok(item @ J::Object(_)) => {
                        let label = item
                            .get("id")
                            .and_then(scalar)
                            .unwrap_or_else(|| format!("#{}", n + 1));
                        let mut r = record(&item, label);
                        r.origin = Origin::Line(n + 1);
                        out.push(r);
                    }
                    Ok(_) => out
                        .bad
                        .push(Bad::at(n + 1, "this line is not a JSON object")),
                    Err(e) => out.bad.push(Bad::at(n + 1, format!("not JSON: {e}"))),
                }
            }
            return out;
        }
        Err(e) => {
            out.bad.push(Bad {
                origin: Origin::Line(e.line()),
                reason: format!("not JSON: {e}"),
            });
            return out;
        }
    };
    let items: Vec<J> = match value {
        J::Array(v) => v,
        J::Object(mut o) => match o.remove("message") {
            Some(J::Object(mut m)) => match m.remove("items") {
                Some(J::Array(v)) => v,
                _ => vec![J::Object(m)],
            },
            _ => match o.remove("items") {
                Some(J::Array(v)) => v,
                _ => vec![J::Object(o)],
            },
        },
        _ => {
            out.bad.push(Bad {
                origin: Origin::Line(1),
                reason: "not a CSL-JSON array of items".into(),
            });
            return out;
        }
    };
    for (n, item) in items.iter().enumerate() {
        let label = item
            .get("id")
            .and_then(scalar)
            .unwrap_or_else(|| format!("#{}", n + 1));
        match item {
            J::Object(_) => out.push(record(item, label)),
            _ => out.bad.push(Bad {
                origin: Origin::Key(label),
                reason: "this item is not an object".into(),
            }),
        }
    }
    out
}

/// True when the text is JSON Lines: more than one line, the first an
/// object on its own.
fn lines(text: &str) -> bool {
    let mut rows = text.lines().filter(|l| !l.trim().is_empty());
    rows.next()
        .is_some_and(|l| serde_json::from_str::<J>(l).is_ok_and(|v| v.is_object()))
        && rows.next().is_some()
}

/// A string or a number as text.
fn scalar(v: &J) -> Option<String> {
    match v {
        J::String(s) => clean::some(s),
        J::Number(n) => Some(n.to_string()),
        // Crossref: "container-title": ["Journal"].
        J::Array(a) => a.first().and_then(scalar),
        _ => None,
    }
}

fn text(item: &J, key: &str) -> Option<String> {
    item.get(key).and_then(scalar)
}

fn names(item: &J, key: &str) -> Vec<String> {
    let Some(J::Array(list)) = item.get(key) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|p| {
            // Crossref writes an organisation as {"name": ...}.
            if let Some(l) = p.get("literal").or(p.get("name")).and_then(scalar) {
                return Some(l);
            }
            let family = [p.get("non-dropping-particle"), p.get("family")]
                .iter()
                .flatten()
                .filter_map(|v| scalar(v))
                .collect::<Vec<_>>()
                .join(" ");
            let given = [p.get("given"), p.get("dropping-particle")]
                .iter()
                .flatten()
                .filter_map(|v| scalar(v))
                .collect::<Vec<_>>()
                .join(" ");
            let suffix = p.get("suffix").and_then(scalar);
            match (family.is_empty(), given.is_empty(), suffix) {
                (false, false, Some(sfx)) => Some(format!("{family}, {given}, {sfx}")),
                (false, false, None) => Some(format!("{family}, {given}")),
                (false, true, _) => Some(family),
                (true, false, _) => Some(given),
                (true, true, _) => None,
            }
        })
        .collect()
}

/// Names given as plain strings (`"authors": ["Smith, J", ...]` or one
/// string separated by `;`), as JSON from tools other than CSL writes them.
fn plain_names(v: Option<&J>) -> Vec<String> {
    let list: Vec<String> = match v {
        Some(J::Array(a)) => a.iter().filter_map(scalar).collect(),
        Some(J::String(s)) => s.split(';').map(str::to_string).collect(),
        _ => Vec::new(),
    };
    list.iter()
        .map(|n| super::names::person(n))
        .filter(|n| !n.is_empty())
        .collect()
}

/// The year of `issued` (or another date): `date-parts`, `raw`, `literal`
/// or a bare string.
fn year(item: &J) -> Option<i32> {
    ["issued", "published-print", "published-online", "created"]
        .iter()
        .filter_map(|k| item.get(*k))
        .find_map(|d| {
            let from_parts = d
                .get("date-parts")
                .and_then(|p| p.get(0))
                .and_then(|p| p.get(0))
                .and_then(scalar)
                .and_then(|y| clean::year(&y));
            from_parts
                .or_else(|| d.get("raw").and_then(scalar).and_then(|r| clean::year(&r)))
                .or_else(|| {
                    d.get("literal")
                        .and_then(scalar)
                        .and_then(|r| clean::year(&r))
                })
                .or_else(|| d.as_str().and_then(clean::year))
                // citeproc-js's YAML dates: `issued: [{year: 2019, month: 7}]`.
                .or_else(|| {
                    d.get(0)
                        .and_then(|p| p.get("year"))
                        .and_then(scalar)
                        .and_then(|y| clean::year(&y))
                })
        })
}

/// One CSL item (an object) as a record; CSL YAML items come here too.
pub(crate) fn record(item: &J, label: String) -> Record {
    let keywords: Vec<String> = match item.get("keyword") {
        Some(J::Array(a)) => a.iter().filter_map(scalar).collect(),
        Some(v) => scalar(v)
            .map(|s| s.split([',', ';']).filter_map(clean::some).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let mut s = Study {
        title: item
            .get("title")
            .and_then(scalar)
            .map(|t| clean::title(&t))
            .unwrap_or_default(),
        authors: match names(item, "author") {
            a if a.is_empty() => plain_names(item.get("authors")),
            a => a,
        },
        year: year(item).or_else(|| {
            ["year", "publication_year"]
                .iter()
                .find_map(|k| text(item, k))
                .and_then(|y| clean::year(&y))
        }),
        journal: text(item, "container-title").or_else(|| text(item, "journal")),
        volume: text(item, "volume"),
        issue: text(item, "issue"),
        pages: text(item, "page").and_then(|p| clean::pages(&p.replace('–', "-"))),
        doi: text(item, "DOI")
            .or_else(|| text(item, "doi"))
            .and_then(|d| clean::doi(&d)),
        pmid: text(item, "PMID").and_then(|p| clean::pmid(&p)),
        url: text(item, "URL").and_then(|u| clean::url(&u)),
        // Titles and abstracts may carry markup (Crossref's JATS, `<i>`).
        r#abstract: text(item, "abstract").and_then(|a| clean::some(&clean::strip_html(&a))),
        keywords,
        notes: item
            .get("note")
            .and_then(|n| n.as_str())
            .and_then(clean::multiline),
        ..Study::default()
    };
    let editors = names(item, "editor");
    if !editors.is_empty() {
        s.extra.push(("editors".into(), json!(editors)));
    }
    for (field, key) in [
        ("ISSN", "issn"),
        ("ISBN", "isbn"),
        ("publisher", "publisher"),
        ("language", "language"),
        ("PMCID", "pmcid"),
    ] {
        if let Some(v) = text(item, field) {
            s.extra.push((key.into(), json!(v)));
        }
    }
    s.extra.push(("source_id".into(), json!(label)));
    kind::set(
        &mut s,
        text(item, "type")
            .as_deref()
            .and_then(|t| kind::from_csl(t).or_else(|| kind::from_words(t))),
    );
    Record {
        study: s,
        origin: Origin::Key(label),
        kind: text(item, "type"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_with_plain_author_names_and_years() {
        let text = "{\"title\": \"Role of preferences\", \"authors\": [\"Smith, J\", \"Doe, A\"], \"publication_year\": 2019, \"doi\": \"10.1/x\"}\n\n{\"title\": \"Second\", \"abstract\": \"A.\"}\n[1]\n";
        let p = read(text);
        assert_eq!(p.records.len(), 2, "{p:?}");
        let s = &p.records[0].study;
        assert_eq!(s.authors, ["Smith, J", "Doe, A"]);
        assert_eq!(s.year, Some(2019));
        assert_eq!(s.doi.as_deref(), Some("10.1/x"));
        assert_eq!(p.records[1].origin, Origin::Line(3));
        assert_eq!(p.bad, [Bad::at(4, "this line is not a JSON object")]);
    }
}
