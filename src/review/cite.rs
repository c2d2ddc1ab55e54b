//! Citing studies: by reference number (brackets, superscript, parentheses),
//! by key (pandoc `[@id]`, LaTeX `\cite{id}`) or by author and year.
//!
//! Keys are the study ids, the keys of the exported bibliography, so a
//! pandoc or LaTeX manuscript builds against it. With keys and author-year
//! every study is cited, numbered or not; with numbers a study without a
//! `ref` is counted but not cited.

use serde::Serialize;

use super::model::Study;
use crate::text::{compress_refs, compress_refs_superscript};

/// How studies are cited in prose and tables (`citation_style` in
/// `review.toml`, `--cite` on a command).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CitationStyle {
    /// `[41–51]`
    #[default]
    Brackets,
    /// `⁴¹⁻⁵¹`
    Superscript,
    /// `(41–51)`
    Parentheses,
    /// no citations
    None,
    /// `[@smith-2019; @lee-2020]`
    Pandoc,
    /// `\cite{smith-2019,lee-2020}`
    Latex,
    /// `(Smith et al., 2019; Lee and Park, 2020)`
    AuthorYear,
}

impl CitationStyle {
    /// Every accepted spelling, for error messages.
    pub const NAMES: [&'static str; 7] = [
        "brackets",
        "superscript",
        "parentheses",
        "none",
        "pandoc",
        "latex",
        "author-year",
    ];

    /// Parses a `citation_style` value of `review.toml` or a `--cite` value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "brackets" => Some(Self::Brackets),
            "superscript" => Some(Self::Superscript),
            "parentheses" => Some(Self::Parentheses),
            "none" => Some(Self::None),
            "pandoc" => Some(Self::Pandoc),
            "latex" => Some(Self::Latex),
            "author-year" => Some(Self::AuthorYear),
            _ => None,
        }
    }

    /// True for the styles that cite by reference number (or not at all),
    /// where a study without a `ref` goes uncited.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Self::Brackets | Self::Superscript | Self::Parentheses | Self::None
        )
    }
}

/// What citing one study needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cited {
    pub id: String,
    pub reference: Option<u32>,
    /// "Smith et al., 2019", "Lee and Park, 2020", "Smith, n.d.".
    pub author_year: String,
}

impl Cited {
    /// The citation facts of a study.
    pub fn of(s: &Study) -> Self {
        let fam = |a: &String| a.split(',').next().unwrap_or(a).trim().to_string();
        let who = match s.authors.as_slice() {
            [] => s.id.clone(),
            [a] => fam(a),
            [a, b] => format!("{} and {}", fam(a), fam(b)),
            [a, ..] => format!("{} et al.", fam(a)),
        };
        let year = s.year.map_or("n.d.".to_string(), |y| y.to_string());
        Self {
            id: s.id.clone(),
            reference: s.reference,
            author_year: format!("{who}, {year}"),
        }
    }
}

/// The studies in citing order: by reference number (unnumbered last), then
/// id; each study once.
pub fn ordered(cited: &[Cited]) -> Vec<&Cited> {
    let mut v: Vec<&Cited> = cited.iter().collect();
    v.sort_by(|a, b| {
        (a.reference.is_none(), a.reference, &a.id).cmp(&(
            b.reference.is_none(),
            b.reference,
            &b.id,
        ))
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
    v.sort_by_key(|s| super::search::fold(s));
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
    fn names_round_trip() {
        for n in CitationStyle::NAMES {
            assert!(CitationStyle::parse(n).is_some(), "{n}");
        }
        assert_eq!(CitationStyle::parse("vancouver"), None);
    }
}
