//! Citing studies: by reference number (brackets, superscript, parentheses),
//! by key (pandoc `[@id]`, LaTeX `\cite{id}`) or by author and year.
//!
//! Keys are the study ids, the keys of the exported bibliography, so a
//! pandoc or LaTeX manuscript builds against it. With keys and author-year
//! every study is cited, numbered or not; with numbers a study without a
//! `ref` is counted but not cited.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::Study;
use crate::text::{Word, compress_refs, compress_refs_superscript};

pub use crate::model::CitationStyle;

/// What citing one study needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cited {
    pub id: Word,
    pub reference: Option<u32>,
    /// "Smith et al., 2019", "Lee and Park, 2020", "Smith, n.d.".
    pub author_year: Word,
}

impl Cited {
    /// The citation facts of a study, its author-year label without the
    /// letter that tells apart two studies of the same authors and year
    /// (see [`AuthorYears`]).
    pub fn of(s: &Study) -> Self {
        let mut author_year = Word::default();
        label_into(s, &mut author_year);
        Self {
            id: s.id.as_str().into(),
            reference: s.reference,
            author_year,
        }
    }
}

/// Writes the author-year label of `s` into `out` (cleared first):
/// "Smith, 2019", "Lee and Park, 2020", "Smith et al., n.d."; the id when
/// there is no author.
fn label_into(s: &Study, out: &mut Word) {
    use std::fmt::Write as _;
    out.clear();
    fn fam(a: &str) -> &str {
        a.split(',').next().unwrap_or(a).trim()
    }
    let _ = match s.authors.as_slice() {
        [] => write!(out, "{}", s.id),
        [a] => write!(out, "{}", fam(a)),
        [a, b] => write!(out, "{} and {}", fam(a), fam(b)),
        [a, ..] => write!(out, "{} et al.", fam(a)),
    };
    let _ = match s.year {
        Some(y) => write!(out, ", {y}"),
        None => write!(out, ", n.d."),
    };
}

/// The letters that tell apart studies cited by the same author-year label
/// ("Smith et al., 2019a", "Smith et al., 2019b"; "Lee, n.d.-a"), worked out
/// over the whole review so that a study keeps its letter whatever is
/// filtered. Within a label the letters follow the titles in alphabetical
/// order (case, accents and a leading "A", "An" or "The" ignored), then the
/// ids, as APA orders them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorYears {
    /// Study id → its label with the letter.
    labels: HashMap<String, String>,
}

impl AuthorYears {
    /// The letters of every study of the review when `style` cites by
    /// author and year, and none otherwise: the other styles never show an
    /// author-year label, and working the letters out costs a pass over
    /// every study.
    pub fn for_style<'a>(style: CitationStyle, all: impl IntoIterator<Item = &'a Study>) -> Self {
        if style == CitationStyle::AuthorYear {
            Self::of(all)
        } else {
            Self::default()
        }
    }

    /// The letters of every study of the review.
    pub fn of<'a>(all: impl IntoIterator<Item = &'a Study>) -> Self {
        use std::hash::BuildHasher as _;
        // Most labels are unique and a review may hold 100 000 studies: the
        // labels are hashed from one reused buffer, and only the studies
        // whose hash is shared are grouped by the label itself.
        let state = std::collections::hash_map::RandomState::new();
        let mut buf = Word::default();
        let mut by_hash: HashMap<u64, (&Study, Vec<&Study>)> = HashMap::new();
        for s in all {
            label_into(s, &mut buf);
            by_hash
                .entry(state.hash_one(buf.as_str()))
                .and_modify(|(_, more)| more.push(s))
                .or_insert((s, Vec::new()));
        }
        let mut by_label: HashMap<String, Vec<&Study>> = HashMap::new();
        for (first, more) in by_hash.into_values().filter(|(_, m)| !m.is_empty()) {
            for s in std::iter::once(first).chain(more) {
                label_into(s, &mut buf);
                by_label.entry(buf.to_string()).or_default().push(s);
            }
        }
        let mut labels = HashMap::new();
        for (label, group) in by_label {
            if group.len() < 2 {
                continue;
            }
            let mut studies: Vec<(String, String)> = group
                .iter()
                .map(|s| {
                    let title = crate::text::fold::fold(&s.title);
                    let title = ["the ", "an ", "a "]
                        .iter()
                        .find_map(|a| title.strip_prefix(a))
                        .map(str::to_string)
                        .unwrap_or(title);
                    (title, s.id.clone())
                })
                .collect();
            studies.sort();
            studies.dedup_by(|a, b| a.1 == b.1);
            if studies.len() < 2 {
                continue;
            }
            for (i, (_, id)) in studies.into_iter().enumerate() {
                let letter = letters(i);
                let sep = if label.ends_with("n.d.") { "-" } else { "" };
                labels.insert(id, format!("{label}{sep}{letter}"));
            }
        }
        Self { labels }
    }

    /// True when no label needs a letter (or none were worked out).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// `cited` with the letters put on their labels.
    pub fn apply(&self, cited: &mut [Cited]) {
        for c in cited {
            if let Some(l) = self.labels.get(c.id.as_str()) {
                c.author_year = l.as_str().into();
            }
        }
    }
}

/// a, b, …, z, aa, ab, …
fn letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The studies in citing order: by reference number (unnumbered last), then
/// id; each study once.
pub fn ordered<'a>(cited: impl IntoIterator<Item = &'a Cited>) -> Vec<&'a Cited> {
    let mut v: Vec<&Cited> = cited.into_iter().collect();
    v.sort_by(|a, b| {
        crate::model::citing_order(a.reference, &a.id)
            .cmp(&crate::model::citing_order(b.reference, &b.id))
    });
    v.dedup_by(|a, b| a.id == b.id);
    v
}

fn numbers(cited: &[Cited]) -> Vec<u32> {
    cited.iter().filter_map(|c| c.reference).collect()
}

fn keys(cited: &[Cited], sep: &str, prefix: &str) -> String {
    ordered(cited)
        .iter()
        .map(|c| format!("{prefix}{}", c.id))
        .collect::<Vec<_>>()
        .join(sep)
}

fn author_years(cited: &[Cited]) -> String {
    let mut v: Vec<&str> = ordered(cited)
        .iter()
        .map(|c| c.author_year.as_str())
        .collect();
    v.sort_by_key(|s| crate::text::fold::fold(s));
    v.join("; ")
}

/// The citation as a table cell or JSON value: numbers compressed and
/// plain (`31, 41–51`) for the numeric styles, `[@a; @b]`, `\cite{a,b}` or
/// `Smith et al., 2019; Lee, 2020` otherwise. Empty when nothing is cited.
pub fn cell(style: CitationStyle, cited: &[Cited]) -> String {
    if cited.is_empty() {
        return String::new();
    }
    match style {
        CitationStyle::Pandoc => format!("[{}]", keys(cited, "; ", "@")),
        CitationStyle::Latex => format!("\\cite{{{}}}", keys(cited, ",", "")),
        CitationStyle::AuthorYear => author_years(cited),
        _ => compress_refs(&numbers(cited)),
    }
}

/// The inside of a parenthetical citation, for merging into parentheses the
/// sentence already opens (`(n=15; 76–90)`): `Some` for the styles that cite
/// in parentheses, `None` for the others.
pub fn bare(style: CitationStyle, cited: &[Cited]) -> Option<String> {
    match style {
        CitationStyle::Parentheses | CitationStyle::AuthorYear => {
            Some(cell(style, cited)).filter(|s| !s.is_empty())
        }
        _ => None,
    }
}

/// The citation as it follows words in a sentence, with the space before it:
/// ` [31, 41–51]`, `³¹˒⁴¹⁻⁵¹`, ` (31, 41–51)`, ` [@a; @b]`, ` \cite{a,b}`,
/// ` (Smith et al., 2019)`, or nothing. Inside parentheses (`nested`), a
/// parenthetical citation is written in square brackets instead.
pub fn inline(style: CitationStyle, cited: &[Cited], nested: bool) -> String {
    let body = cell(style, cited);
    if body.is_empty() {
        return String::new();
    }
    match style {
        CitationStyle::None => String::new(),
        CitationStyle::Superscript => compress_refs_superscript(&numbers(cited)),
        CitationStyle::Brackets => format!(" [{body}]"),
        CitationStyle::Parentheses | CitationStyle::AuthorYear if nested => format!(" [{body}]"),
        CitationStyle::Parentheses | CitationStyle::AuthorYear => format!(" ({body})"),
        CitationStyle::Pandoc | CitationStyle::Latex => format!(" {body}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str, r: Option<u32>, authors: &[&str], year: Option<i32>) -> Cited {
        Cited::of(&Study {
            id: id.into(),
            reference: r,
            authors: authors.iter().map(|a| a.to_string()).collect(),
            year,
            ..Study::default()
        })
    }

    #[test]
    fn every_style_cites_the_same_studies() {
        let v = [
            c("lee-2020", Some(42), &["Lee, A", "Park, B"], Some(2020)),
            c(
                "smith-2019",
                Some(41),
                &["Smith, J", "Roe, K", "Doe, L"],
                Some(2019),
            ),
            c("new-2024", None, &["New, N"], None),
        ];
        use CitationStyle as S;
        assert_eq!(inline(S::Brackets, &v, false), " [41, 42]");
        assert_eq!(inline(S::Parentheses, &v, false), " (41, 42)");
        assert_eq!(inline(S::Parentheses, &v, true), " [41, 42]");
        assert_eq!(inline(S::Superscript, &v, false), "⁴¹,⁴²");
        assert_eq!(inline(S::None, &v, false), "");
        assert_eq!(
            inline(S::Pandoc, &v, false),
            " [@smith-2019; @lee-2020; @new-2024]"
        );
        assert_eq!(
            inline(S::Latex, &v, false),
            " \\cite{smith-2019,lee-2020,new-2024}"
        );
        assert_eq!(
            inline(S::AuthorYear, &v, false),
            " (Lee and Park, 2020; New, n.d.; Smith et al., 2019)"
        );
        assert_eq!(cell(S::Superscript, &v), "41, 42", "cells are plain");
        assert_eq!(bare(S::Brackets, &v), None);
        assert_eq!(bare(S::Parentheses, &v).as_deref(), Some("41, 42"));
        // Numbered styles cite nothing for unnumbered studies.
        assert_eq!(inline(S::Brackets, &v[2..], false), "");
        assert_eq!(inline(S::Pandoc, &v[2..], false), " [@new-2024]");
    }

    #[test]
    fn same_authors_and_year_get_letters_by_title_over_the_whole_review() {
        let st = |id: &str, title: &str, authors: &[&str], year: Option<i32>| Study {
            id: id.into(),
            title: title.into(),
            authors: authors.iter().map(|a| a.to_string()).collect(),
            year,
            ..Study::default()
        };
        let all = [
            st(
                "okafor-2015",
                "The second study",
                &["Okafor, C"],
                Some(2015),
            ),
            st("okafor-2015b", "A first study", &["Okafor, C"], Some(2015)),
            st("okafor-2016", "Other year", &["Okafor, C"], Some(2016)),
            st("lee-x", "Zeta", &["Lee, A"], None),
            st("lee-y", "Alpha", &["Lee, A"], None),
            st(
                "smith-a",
                "T",
                &["Smith, J", "Roe, K", "Doe, L"],
                Some(2019),
            ),
            st(
                "smith-b",
                "T",
                &["Smith, J", "Poe, M", "Moe, N"],
                Some(2019),
            ),
        ];
        let ay = AuthorYears::of(&all);
        // Only the studies in view are cited; the letters stay.
        let mut v: Vec<Cited> = all.iter().map(Cited::of).collect();
        ay.apply(&mut v);
        let label = |id: &str| {
            v.iter()
                .find(|c| c.id == id)
                .map(|c| c.author_year.to_string())
                .unwrap_or_default()
        };
        assert_eq!(
            label("okafor-2015b"),
            "Okafor, 2015a",
            "\"A first\" sorts as \"first\""
        );
        assert_eq!(label("okafor-2015"), "Okafor, 2015b");
        assert_eq!(label("okafor-2016"), "Okafor, 2016");
        assert_eq!(label("lee-y"), "Lee, n.d.-a");
        assert_eq!(label("lee-x"), "Lee, n.d.-b");
        // Same title too: the ids decide.
        assert_eq!(label("smith-a"), "Smith et al., 2019a");
        assert_eq!(label("smith-b"), "Smith et al., 2019b");
        assert_eq!(
            cell(CitationStyle::AuthorYear, &v[..2]),
            "Okafor, 2015a; Okafor, 2015b"
        );
        assert_eq!(letters(25), "z");
        assert_eq!(letters(26), "aa");
        assert_eq!(letters(27), "ab");
    }

    #[test]
    fn names_round_trip() {
        for n in CitationStyle::NAMES {
            assert!(CitationStyle::parse(n).is_some(), "{n}");
        }
        assert_eq!(CitationStyle::parse("vancouver"), None);
    }
}
