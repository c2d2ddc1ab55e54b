//! Studies written as BibTeX that BibTeX, biber and pandoc read as meant:
//!
//! - the entry type from the record's kind (`@book`, `@incollection`,
//!   `@inproceedings`, `@thesis`, `@report`, `@online` ...);
//! - titles with their capitals protected: a word with a capital after its
//!   first letter (`mHealth`, `COVID-19`, `DNA`) or, after the title's first
//!   word, one that starts with a capital (a proper noun: `Spanish`, `São
//!   Paulo`) is braced, so that a style's sentence case leaves it alone;
//! - `url` and `doi` verbatim (no `\_`), braces in them percent-encoded;
//! - TeX's special characters escaped elsewhere, a lone brace written as
//!   `{\textbraceleft}` (BibTeX counts `\{` too), `--` and quotes kept from
//!   turning into dashes and curly quotes;
//! - names as "{Family}, Suffix, Given" ("Doe, John, Jr." round-trips);
//! - editors, ISSN or ISBN, publisher, and the PMID as `eprint` with
//!   `eprinttype = {pubmed}` (biber's form; `pmid` is no biblatex field).

use std::fmt::Write as _;

use crate::interop::{clean, kind};
use crate::model::Study;

/// A value escaped for a braced BibTeX field (one line).
pub fn tex(s: &str) -> String {
    let s = clean::squash(s);
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev = '\0';
    for c in s.chars() {
        match c {
            '{' => out.push_str("{\\textbraceleft}"),
            '}' => out.push_str("{\\textbraceright}"),
            '\\' => out.push_str("{\\textbackslash}"),
            '~' => out.push_str("{\\textasciitilde}"),
            '^' => out.push_str("{\\textasciicircum}"),
            '#' | '&' | '%' | '$' | '_' => {
                out.push('\\');
                out.push(c);
            }
            // `--`, ``` `` ``` and `''` are ligatures in TeX: kept apart.
            '-' | '`' | '\'' if prev == c => {
                out.push_str("{}");
                out.push(c);
            }
            c => out.push(c),
        }
        prev = c;
    }
    out
}

/// A verbatim value (`url`, `doi`): as written, braces percent-encoded so
/// that the field stays balanced, whitespace gone.
fn verbatim(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '{' => "%7B".to_string(),
            '}' => "%7D".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// True when a word needs braces to keep its capitals: a capital after
/// its first letter, or (`proper`) a capital first letter.
fn protect(word: &str, proper: bool) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    match letters.next() {
        Some(first) => (proper && first.is_uppercase()) || letters.any(char::is_uppercase),
        None => false,
    }
}

/// A title with its capitals protected (see the module), escaped.
pub fn title(t: &str) -> String {
    let t = clean::squash(t);
    let mut out = String::with_capacity(t.len() + 16);
    let mut first = true;
    for (n, word) in t.split(' ').enumerate() {
        if n > 0 {
            out.push(' ');
        }
        // The braces go round the word without the punctuation around it.
        let core_start = word
            .char_indices()
            .find(|(_, c)| c.is_alphanumeric())
            .map_or(word.len(), |(i, _)| i);
        let core_end = word
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_alphanumeric())
            .map_or(core_start, |(i, c)| i + c.len_utf8());
        let core = &word[core_start..core_end.max(core_start)];
        if protect(core, !first) {
            let _ = write!(
                out,
                "{}{{{}}}{}",
                tex(&word[..core_start]),
                tex(core),
                tex(&word[core_end.max(core_start)..])
            );
        } else {
            out.push_str(&tex(word));
        }
        // After a colon a new sentence starts: its first word is not a
        // proper noun by its capital alone.
        first = word.ends_with([':', '.', '?', '!']);
    }
    out
}

/// A family name, braced when BibTeX would split it otherwise (an "and"
/// inside it).
fn family(f: &str) -> String {
    if f.split_whitespace().any(|w| w.eq_ignore_ascii_case("and")) {
        format!("{{{}}}", tex(f))
    } else {
        tex(f)
    }
}

/// A name as "Family, Suffix, Given" (BibTeX's order; a corporate name is
/// braced whole, so that " and " or a particle inside it does not split
/// it).
fn name(a: &str) -> String {
    let parts: Vec<&str> = a.split(',').map(str::trim).collect();
    match parts.as_slice() {
        [whole] => format!("{{{}}}", tex(whole)),
        [f, given] => format!("{}, {}", family(f), tex(given)),
        [f, given, suffix, ..] => format!("{}, {}, {}", family(f), tex(suffix), tex(given)),
        [] => String::new(),
    }
}

/// A text value from the study's extra fields.
fn extra<'a>(s: &'a Study, key: &str) -> Option<&'a str> {
    s.extra
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.as_str())
}

/// The editors a study file keeps.
pub fn editors(s: &Study) -> Vec<String> {
    s.extra
        .iter()
        .find(|(k, _)| k == "editors")
        .and_then(|(_, v)| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|e| e.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The year to write: the study's, or the one a record had that a study
/// file could not hold.
pub fn year(s: &Study) -> Option<String> {
    s.year
        .map(|y| y.to_string())
        .or_else(|| extra(s, crate::interop::plan::YEAR_AS_WRITTEN).map(str::to_string))
}

/// The studies as BibTeX, keyed by their litrev ids.
pub fn bibtex(studies: &[&Study]) -> String {
    let mut out = String::new();
    for s in studies {
        let k = kind::of(s);
        let entry_type = kind::to_bibtex(k);
        let _ = writeln!(out, "@{entry_type}{{{},", s.id);
        let mut field = |k: &str, v: &str| {
            if !v.trim().is_empty() {
                let _ = writeln!(out, "  {k} = {{{v}}},");
            }
        };
        field("title", &title(&s.title));
        let authors: Vec<String> = s.authors.iter().map(|a| name(a)).collect();
        field("author", &authors.join(" and "));
        let eds: Vec<String> = editors(s).iter().map(|a| name(a)).collect();
        field("editor", &eds.join(" and "));
        field("year", &year(s).unwrap_or_default());
        let t = |o: &Option<String>| o.as_deref().map(tex).unwrap_or_default();
        let container = match entry_type {
            "incollection" | "inproceedings" | "inreference" => "booktitle",
            _ => "journal",
        };
        field(container, &t(&s.journal));
        field("volume", &t(&s.volume));
        field("number", &t(&s.issue));
        field(
            "pages",
            &s.pages
                .as_deref()
                .map(|p| tex(p).replacen('-', "--", 1))
                .unwrap_or_default(),
        );
        field("doi", &s.doi.as_deref().map(verbatim).unwrap_or_default());
        field("url", &s.url.as_deref().map(verbatim).unwrap_or_default());
        if let Some(p) = &s.pmid {
            field("eprint", &verbatim(p));
            field("eprinttype", "pubmed");
        } else if let Some((kind, id)) = extra(s, "eprint").and_then(|e| e.split_once(':')) {
            field("eprint", &verbatim(id));
            field("eprinttype", &tex(kind));
        }
        let sn = match k {
            "book" | "chapter" => ("isbn", extra(s, "isbn").or(extra(s, "issn"))),
            _ => ("issn", extra(s, "issn")),
        };
        field(sn.0, &sn.1.map(tex).unwrap_or_default());
        field(
            "publisher",
            &extra(s, "publisher").map(tex).unwrap_or_default(),
        );
        field("abstract", &t(&s.r#abstract));
        let kw: Vec<String> = s.keywords.iter().map(|k| tex(k)).collect();
        field("keywords", &kw.join(", "));
        // Notes keep their lines (a line break inside a value is a space to
        // TeX, and litrev reads it back as a line break).
        let note: Vec<String> = s
            .notes
            .as_deref()
            .unwrap_or_default()
            .lines()
            .map(tex)
            .filter(|l| !l.is_empty())
            .collect();
        field("note", &note.join("\n    "));
        out.push_str("}\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_are_protected_and_specials_escaped() {
        assert_eq!(
            title("Walking in São Paulo: a Spanish mHealth study of COVID-19 and DNA"),
            "Walking in {São} {Paulo}: a {Spanish} {mHealth} study of {COVID-19} and {DNA}"
        );
        assert_eq!(title("Exercise after stroke"), "Exercise after stroke");
        assert_eq!(
            tex("50% of {x} -- a_b"),
            r"50\% of {\textbraceleft}x{\textbraceright} -{}- a\_b"
        );
        assert_eq!(name("Doe, John, Jr."), "Doe, Jr., John");
        assert_eq!(
            name("World Health Organization"),
            "{World Health Organization}"
        );
        assert_eq!(name("Sand and Stone, Al"), "{Sand and Stone}, Al");
        assert_eq!(verbatim("10.1000/a}b"), "10.1000/a%7Db");
    }
}
