//! `@string` macros and `crossref`/`xdata` inheritance, by the rules BibTeX
//! and biber follow, with every expansion bounded.
//!
//! - Macros are case-insensitive and defined in file order (a definition
//!   uses the ones above it, so they cannot form a cycle); the month names
//!   are predefined. An undefined macro is kept as written, with a warning
//!   (BibTeX and biber warn and go on). A macro or a field that would grow
//!   past [`MAX_FIELD`] characters, or macros past [`MAX_MACROS`] in all
//!   (an expansion bomb), is an error at its line.
//! - An entry keeps its own fields; `xdata` entries lend every field it
//!   lacks, a `crossref` parent lends the fields a child would inherit in
//!   biblatex (its title as the child's `booktitle`; never its identifiers,
//!   title or abstract; its date only when the child has none). Chains are
//!   followed up to [`MAX_CHAIN`] links; a cycle (an entry that names
//!   itself too) stops the inheritance with a warning.

use std::collections::{HashMap, HashSet};

use super::lex::{Field, Piece};

/// The most characters a field or a macro may expand to.
pub const MAX_FIELD: usize = 1_000_000;
/// The most characters all macros together may hold.
pub const MAX_MACROS: usize = 16_000_000;
/// The longest `crossref` or `xdata` chain followed.
pub const MAX_CHAIN: usize = 32;

/// The macros defined so far.
pub struct Macros {
    map: HashMap<String, String>,
    total: usize,
    /// Macros whose definition failed: a use of one fails too, so that a
    /// bomb defused at its line does not leave half-expanded text behind.
    failed: HashSet<String>,
}

impl Default for Macros {
    fn default() -> Self {
        let months = [
            ("jan", "January"),
            ("feb", "February"),
            ("mar", "March"),
            ("apr", "April"),
            ("may", "May"),
            ("jun", "June"),
            ("jul", "July"),
            ("aug", "August"),
            ("sep", "September"),
            ("oct", "October"),
            ("nov", "November"),
            ("dec", "December"),
        ];
        Self {
            map: months
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
            total: 0,
            failed: HashSet::new(),
        }
    }
}

impl Macros {
    /// Defines the macros of one `@string`; the problems are returned (the
    /// macro that failed stays undefined). A macro that only fails because
    /// it uses one that failed is named in `warnings`.
    pub fn define(&mut self, fields: &[Field], warnings: &mut Vec<String>) -> Vec<String> {
        let mut errors = Vec::new();
        for f in fields {
            match self.expand(&f.value, warnings) {
                Ok(v) if self.total + v.len() > MAX_MACROS => {
                    self.failed.insert(f.name.to_ascii_lowercase());
                    errors.push(format!(
                        "@string `{}`: the macros of this file hold more than {MAX_MACROS} characters in all (an expansion bomb?); not defined",
                        crate::text::inert_line(&f.name)
                    ));
                }
                Ok(v) => {
                    self.total += v.len();
                    self.failed.remove(&f.name.to_ascii_lowercase());
                    self.map.insert(f.name.to_ascii_lowercase(), v);
                }
                Err(e) => {
                    self.failed.insert(f.name.to_ascii_lowercase());
                    let message = format!(
                        "@string `{}` {e}; not defined",
                        crate::text::inert_line(&f.name)
                    );
                    if e.starts_with("uses @string") {
                        warnings.push(message);
                    } else {
                        errors.push(message);
                    }
                }
            }
        }
        errors
    }

    /// A value with its macros put in. An undefined macro is kept as
    /// written and named in `warnings`.
    pub fn expand(&self, pieces: &[Piece], warnings: &mut Vec<String>) -> Result<String, String> {
        let mut out = String::new();
        for p in pieces {
            let part: &str = match p {
                Piece::Text(t) | Piece::Number(t) => t,
                Piece::Macro(m) => match self.map.get(&m.to_ascii_lowercase()) {
                    Some(v) => v,
                    None if self.failed.contains(&m.to_ascii_lowercase()) => {
                        return Err(format!(
                            "uses @string `{}`, which could not be defined",
                            crate::text::inert_line(m)
                        ));
                    }
                    None => {
                        warnings.push(format!(
                            "@string macro `{}` is not defined: kept as written",
                            crate::text::inert_line(m)
                        ));
                        m
                    }
                },
            };
            if out.len() + part.len() > MAX_FIELD {
                return Err(format!(
                    "expands to more than {MAX_FIELD} characters (an @string expansion bomb?)"
                ));
            }
            out.push_str(part);
        }
        Ok(out)
    }
}

/// An entry with its macros expanded.
#[derive(Debug, Clone)]
pub struct Expanded {
    pub kind: String,
    pub key: String,
    pub line: usize,
    /// Lower-case names, in file order; the first of a repeated name wins.
    pub fields: Vec<(String, String)>,
}

impl Expanded {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// Fields a parent never lends: what identifies or describes the parent
/// itself, and the links.
const NOT_INHERITED: [&str; 24] = [
    "title",
    "subtitle",
    "titleaddon",
    "shorttitle",
    "ids",
    "crossref",
    "xref",
    "xdata",
    "entryset",
    "label",
    "doi",
    "url",
    "urldate",
    "eprint",
    "eprinttype",
    "eprintclass",
    "pmid",
    "pmcid",
    "abstract",
    "note",
    "annotation",
    "annote",
    "keywords",
    "pages",
];

/// Fields an `xdata` entry never lends.
const XDATA_SKIPS: [&str; 4] = ["ids", "crossref", "xdata", "entryset"];

/// The date fields, lent only together and only to a child with none.
const DATES: [&str; 4] = ["year", "date", "month", "day"];

/// One entry's fields, name and value, in order.
pub type Fields = Vec<(String, String)>;

/// Each entry's fields with what it inherits added, and a warning per
/// entry whose inheritance was cut (by entry index).
pub fn inherit(entries: &[Expanded]) -> (Vec<Fields>, Vec<(usize, String)>) {
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    let mut by_lower: HashMap<String, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        by_key.entry(e.key.as_str()).or_insert(i);
        by_lower.entry(e.key.to_lowercase()).or_insert(i);
    }
    let find = |k: &str| {
        by_key
            .get(k)
            .or_else(|| by_lower.get(&k.to_lowercase()))
            .copied()
    };
    let mut out = Vec::with_capacity(entries.len());
    let mut warnings = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let mut fields = e.fields.clone();
        let has = |fields: &Vec<(String, String)>, n: &str| fields.iter().any(|(f, _)| f == n);
        // xdata: breadth first, each source once.
        let mut seen: HashSet<usize> = HashSet::from([i]);
        let mut queue: Vec<(usize, usize)> = xdata_keys(e)
            .iter()
            .filter_map(|k| {
                let j = find(k);
                if j.is_none() {
                    warnings.push((
                        i,
                        format!(
                            "xdata `{}` names no entry of the file",
                            crate::text::inert_line(k)
                        ),
                    ));
                }
                j.map(|j| (j, 1))
            })
            .collect();
        let mut q = 0;
        while q < queue.len() {
            let (j, depth) = queue[q];
            q += 1;
            if !seen.insert(j) {
                warnings.push((
                    i,
                    format!(
                        "xdata cycle at `{}`: each entry lends its fields once",
                        crate::text::inert_line(&entries[j].key)
                    ),
                ));
                continue;
            }
            if depth > MAX_CHAIN {
                warnings.push((
                    i,
                    format!("xdata chain longer than {MAX_CHAIN} entries: not followed further"),
                ));
                break;
            }
            for (n, v) in &entries[j].fields {
                if !XDATA_SKIPS.contains(&n.as_str()) && !has(&fields, n) {
                    fields.push((n.clone(), v.clone()));
                }
            }
            queue.extend(
                xdata_keys(&entries[j])
                    .iter()
                    .filter_map(|k| find(k))
                    .map(|j| (j, depth + 1)),
            );
        }
        // crossref: up the chain.
        let mut cur = i;
        let mut chain: Vec<usize> = vec![i];
        let own_date = DATES.iter().any(|d| e.has(d));
        let mut date_taken = own_date;
        while let Some(parent) = entries[cur].get("crossref").map(str::trim) {
            let Some(j) = find(parent) else {
                warnings.push((
                    i,
                    format!(
                        "crossref `{}` names no entry of the file",
                        crate::text::inert_line(parent)
                    ),
                ));
                break;
            };
            if chain.contains(&j) {
                let names: Vec<&str> = chain
                    .iter()
                    .map(|c| entries[*c].key.as_str())
                    .chain([entries[j].key.as_str()])
                    .collect();
                warnings.push((
                    i,
                    format!(
                        "crossref cycle ({}): inheritance stopped",
                        crate::text::inert_line(&names.join(" → "))
                    ),
                ));
                break;
            }
            if chain.len() > MAX_CHAIN {
                warnings.push((
                    i,
                    format!("crossref chain longer than {MAX_CHAIN} entries: inheritance stopped"),
                ));
                break;
            }
            chain.push(j);
            let p = &entries[j];
            let periodical = p.kind == "periodical";
            for (n, v) in &p.fields {
                let name = n.as_str();
                if DATES.contains(&name) {
                    continue;
                }
                let target = match name {
                    "title" if periodical => "journaltitle",
                    "title" => "booktitle",
                    "subtitle" if !periodical => "booksubtitle",
                    n if NOT_INHERITED.contains(&n) => continue,
                    n => n,
                };
                if !has(&fields, target) {
                    fields.push((target.to_string(), v.clone()));
                }
            }
            if !date_taken && DATES.iter().any(|d| p.has(d)) {
                for d in DATES {
                    if let Some(v) = p.get(d) {
                        fields.push((d.to_string(), v.to_string()));
                    }
                }
                date_taken = true;
            }
            cur = j;
        }
        out.push(fields);
    }
    (out, warnings)
}

/// The keys an entry's `xdata` field names (comma-separated).
fn xdata_keys(e: &Expanded) -> Vec<&str> {
    e.get("xdata")
        .map(|x| {
            x.split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, kind: &str, fields: &[(&str, &str)]) -> Expanded {
        Expanded {
            kind: kind.into(),
            key: key.into(),
            line: 1,
            fields: fields
                .iter()
                .map(|(n, v)| ((*n).to_string(), (*v).to_string()))
                .collect(),
        }
    }

    #[test]
    fn macros_are_case_insensitive_and_an_undefined_one_is_kept_with_a_warning() {
        let mut m = Macros::default();
        let mut w = Vec::new();
        let def = [Field {
            name: "jbiol".into(),
            value: vec![Piece::Text("J. Biol.".into())],
        }];
        assert!(m.define(&def, &mut w).is_empty());
        let v = m
            .expand(
                &[
                    Piece::Macro("JBIOL".into()),
                    Piece::Text(", ".into()),
                    Piece::Macro("nosuch".into()),
                ],
                &mut w,
            )
            .expect("expands");
        assert_eq!(v, "J. Biol., nosuch");
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn an_expansion_bomb_stops_at_its_line() {
        let mut m = Macros::default();
        let mut w = Vec::new();
        let mut errors = Vec::new();
        let mut prev = "a".to_string();
        errors.extend(m.define(
            &[Field {
                name: "a".into(),
                value: vec![Piece::Text("x".repeat(100))],
            }],
            &mut w,
        ));
        for n in 0..12 {
            let name = format!("m{n}");
            errors.extend(m.define(
                &[Field {
                    name: name.clone(),
                    value: vec![Piece::Macro(prev.clone()); 10],
                }],
                &mut w,
            ));
            prev = name;
        }
        assert!(!errors.is_empty());
        assert!(errors[0].contains("expansion bomb"), "{errors:?}");
    }

    #[test]
    fn children_keep_their_own_year_and_cycles_stop() {
        let entries = vec![
            entry(
                "child",
                "incollection",
                &[("title", "Chapter"), ("year", "2001"), ("crossref", "book")],
            ),
            entry(
                "book",
                "collection",
                &[
                    ("title", "The Book"),
                    ("date", "1999"),
                    ("publisher", "P"),
                    ("doi", "10.1/book"),
                ],
            ),
            entry("self", "article", &[("title", "Me"), ("crossref", "self")]),
            entry("a", "article", &[("crossref", "b")]),
            entry("b", "article", &[("crossref", "a"), ("journal", "J")]),
        ];
        let (fields, warnings) = inherit(&entries);
        let get = |i: usize, n: &str| {
            fields[i]
                .iter()
                .find(|(f, _)| f == n)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get(0, "year"), Some("2001"));
        assert_eq!(get(0, "date"), None);
        assert_eq!(get(0, "booktitle"), Some("The Book"));
        assert_eq!(get(0, "publisher"), Some("P"));
        assert_eq!(get(0, "doi"), None);
        assert_eq!(get(0, "title"), Some("Chapter"));
        assert_eq!(get(3, "journal"), Some("J"));
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings.iter().all(|(_, w)| w.contains("cycle")));
    }
}
