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
use crate::text::{compress_refs, compress_refs_superscript};

pub use crate::model::CitationStyle;
use crate::text::Word;

/// What citing one study needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cited {
    pub id: Word,
    pub reference: Option<u32>,
    /// "Smith et al., 2019", "Lee & Park, 2020", "Smith, n.d.",
    /// "“Building Alliances,” 2018": APA 7 as citeproc writes it.
    pub author_year: Word,
    /// The names part ("J. Smith & Lee", or the quoted title), for putting
    /// the years of one author list together ("Lee, 2020a, 2020b").
    #[serde(skip)]
    pub names: Word,
    /// The year part ("2019a", "n.d.").
    #[serde(skip)]
    pub year: Word,
    /// The names part is a title in quotes (no author): the comma goes
    /// inside the quotes.
    #[serde(skip)]
    pub quoted: bool,
    /// How APA orders citations: the whole author list (family names, then
    /// initials), else the title; then the year.
    #[serde(skip)]
    pub sort: String,
}

impl Cited {
    /// The citation facts of a study, its author-year label without what
    /// tells it apart from other studies of the review (initials, more
    /// names, a letter: see [`AuthorYears`]).
    pub fn of(s: &Study) -> Self {
        // As `render_names(&people, 1, None)` and `sort_key(s, &people)`
        // with every author parsed, without a string per name: a tally
        // makes one of these for every study it counts.
        let family = |i: usize| split_name(&s.authors[i]).0;
        let (names, quoted) = match s.authors.len() {
            0 => (untitled_names(s).into(), true),
            1 => (family(0).into(), false),
            2 => (
                compact_str::format_compact!("{} & {}", family(0), family(1)),
                false,
            ),
            _ => (compact_str::format_compact!("{} et al.", family(0)), false),
        };
        let year = s.year.map_or_else(
            || Word::new("n.d."),
            |y| compact_str::ToCompactString::to_compact_string(&y),
        );
        let mut c = Self {
            id: s.id.as_str().into(),
            reference: s.reference,
            author_year: Word::default(),
            names,
            year,
            quoted,
            sort: sort_key_of(s),
        };
        c.relabel();
        c
    }

    /// The citation facts of a study that the styles citing by number or by
    /// key read: its id and its number. No author-year label is made (the
    /// names, year, label and sort key are empty): see
    /// [`crate::manuscript::tally::Citing`].
    pub fn keyed(s: &Study) -> Self {
        Self {
            id: s.id.as_str().into(),
            reference: s.reference,
            author_year: Word::default(),
            names: Word::default(),
            year: Word::default(),
            quoted: false,
            sort: String::new(),
        }
    }

    /// `author_year` from the names and year.
    fn relabel(&mut self) {
        let comma = if self.quoted { ",” " } else { ", " };
        let mut label = Word::with_capacity(self.names.len() + comma.len() + self.year.len());
        label.push_str(&self.names);
        label.push_str(comma);
        label.push_str(&self.year);
        self.author_year = label;
    }
}

/// An author as "Family, Given" splits.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Person {
    family: String,
    /// Initials as APA writes them: "J.", "J. P.", "J.-P.".
    initials: String,
}

impl Person {
    fn parse(a: &str) -> Person {
        let (family, given) = split_name(a);
        let mut initials = String::new();
        initials_into(given, &mut initials);
        Person {
            family: family.to_string(),
            initials,
        }
    }
}

/// An author's family name and given names: "Family, Given", trimmed; the
/// whole name as the family name when there is no comma.
fn split_name(a: &str) -> (&str, &str) {
    match a.split_once(',') {
        Some((f, g)) => (f.trim(), g.trim()),
        None => (a.trim(), ""),
    }
}

/// Appends the initials of `given` as APA writes them: "J.", "J. P.",
/// "J.-P." (each word's first letter, upper case, a hyphenated word's
/// parts joined by a hyphen; a word without a letter left out).
fn initials_into(given: &str, out: &mut String) {
    initials_each(given, |c| out.push(c));
}

/// The characters of [`initials_into`], one at a time, to `push`.
fn initials_each(given: &str, mut push: impl FnMut(char)) {
    let mut first_word = true;
    for word in given.split_whitespace() {
        let mut started = false;
        for part in word.split('-') {
            let Some(c) = part.chars().find(|c| c.is_alphabetic()) else {
                continue;
            };
            if started {
                push('-');
            } else {
                if !first_word {
                    push(' ');
                }
                started = true;
                first_word = false;
            }
            if c.is_ascii() {
                push(c.to_ascii_uppercase());
            } else {
                c.to_uppercase().for_each(&mut push);
            }
            push('.');
        }
    }
}

/// The names of an in-text citation with `shown` names (APA: one name and
/// "et al." for three or more authors, both names for two), the first with
/// its initials when `first` gives them: "Smith", "Smith & Lee", "Smith et
/// al.", "Okafor, Poe, et al.", "J. Smith & Lee".
fn render_names(people: &[Person], shown: usize, first: Option<&str>) -> String {
    let name = |i: usize| match (i, first) {
        (0, Some(ini)) if !ini.is_empty() => format!("{ini} {}", people[0].family),
        _ => people[i].family.clone(),
    };
    match people.len() {
        0 => String::new(),
        1 => name(0),
        2 => format!("{} & {}", name(0), name(1)),
        n if shown >= n => {
            let init: Vec<String> = (0..n - 1).map(name).collect();
            format!("{}, & {}", init.join(", "), name(n - 1))
        }
        _ if shown <= 1 => format!("{} et al.", name(0)),
        _ => {
            let v: Vec<String> = (0..shown).map(name).collect();
            format!("{}, et al.", v.join(", "))
        }
    }
}

/// Words of a title APA (and citeproc's title case) keeps in lower case
/// unless they start it.
const MINOR_WORDS: [&str; 25] = [
    "a", "an", "and", "as", "at", "but", "by", "down", "for", "from", "in", "into", "nor", "of",
    "on", "onto", "or", "over", "so", "the", "till", "to", "up", "via", "with",
];

/// A title in title case: major words capitalised, minor ones lower case
/// (except the first and after a colon), words with capitals inside
/// (acronyms, "iPhone") left as written.
fn title_case(t: &str) -> String {
    let mut out = Vec::new();
    let mut start = true;
    for w in t.split(' ') {
        let lower = w.to_lowercase();
        let inner_caps = w.chars().skip(1).any(|c| c.is_uppercase());
        let word = if inner_caps || (!start && MINOR_WORDS.contains(&lower.as_str())) {
            w.to_string()
        } else {
            // Each part of a hyphenated word.
            w.split('-')
                .map(|p| {
                    let mut c = p.chars();
                    match c.next() {
                        Some(f) => f.to_uppercase().chain(c).collect(),
                        None => String::new(),
                    }
                })
                .collect::<Vec<String>>()
                .join("-")
        };
        start = w.ends_with(':') || w.ends_with('?') || w.ends_with('.');
        out.push(word);
    }
    out.join(" ")
}

/// The names part of a study without authors: its title in title case, in
/// quotes (APA 8.14); "Anonymous" when it has no title either.
fn untitled_names(s: &Study) -> String {
    let t = s.title.trim();
    if t.is_empty() {
        "Anonymous".to_string()
    } else {
        format!("“{}", title_case(t))
    }
}

/// [`sort_key`] of `s` with its authors parsed, each name folded straight
/// into the key.
fn sort_key_of(s: &Study) -> String {
    use crate::text::fold::fold_into;
    use std::fmt::Write as _;
    let mut k = String::with_capacity(32);
    if s.authors.is_empty() {
        fold_into(&s.title, &mut k);
    }
    for a in &s.authors {
        let (family, given) = split_name(a);
        fold_into(family, &mut k);
        k.push('\u{1}');
        // The initials folded as they are made (folding text is folding
        // each of its characters).
        initials_each(given, |c| crate::text::fold::fold_char(c, &mut k));
        k.push('\u{1}');
    }
    k.push('\u{0}');
    match s.year {
        Some(y @ 0..=9999) => {
            let y = y as u32;
            k.extend([y / 1000, y / 100 % 10, y / 10 % 10, y % 10].map(digit));
        }
        Some(y) => {
            let _ = write!(k, "{y:04}");
        }
        None => k.push_str("9999"),
    }
    k
}

/// The decimal digit `d` (0–9).
fn digit(d: u32) -> char {
    char::from_digit(d, 10).unwrap_or('0')
}

/// APA's order: the author list name by name (family name, then initials),
/// a study with no author by its title; then the year (undated last). As
/// first written, with every name parsed: the tests hold [`sort_key_of`]
/// to it.
#[cfg(test)]
fn sort_key(s: &Study, people: &[Person]) -> String {
    use std::fmt::Write as _;
    let mut k = String::new();
    if people.is_empty() {
        // As citeproc sorts it: the title as written, a leading article
        // included.
        k.push_str(&crate::text::fold::fold(&s.title));
    }
    for p in people {
        // A name ends with a character below every letter, so "Smith"
        // sorts before "Smith & Lee" and before "Smithson".
        let _ = write!(
            k,
            "{}\u{1}{}\u{1}",
            crate::text::fold::fold(&p.family),
            crate::text::fold::fold(&p.initials)
        );
    }
    let _ = write!(
        k,
        "\u{0}{}",
        s.year
            .map_or_else(|| "9999".to_string(), |y| format!("{y:04}"))
    );
    k
}

/// What tells apart studies cited by the same author-year label, worked
/// out over the whole review so that a study keeps its label whatever is
/// filtered, as citeproc does with APA 7's style: the initials of a first
/// author who shares a family name with another first author ("J. Smith,
/// 2019", "A. Smith, 2021"); more names where "et al." hides different
/// co-authors ("Okafor, Poe, et al., 2015"); and a letter after the year
/// only where the author lists and years are the same ("Lee, 2020a"),
/// the letters following the titles in alphabetical order (case, accents
/// and a leading "A", "An" or "The" ignored), then the ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorYears {
    /// Study id → its names part and year part.
    labels: HashMap<String, (String, String)>,
}

impl AuthorYears {
    /// The labels of every study of the review when `style` cites by
    /// author and year, and none otherwise: the other styles never show an
    /// author-year label, and working them out costs a pass over every
    /// study.
    pub fn for_style<'a>(style: CitationStyle, all: impl IntoIterator<Item = &'a Study>) -> Self {
        if style == CitationStyle::AuthorYear {
            Self::of(all)
        } else {
            Self::default()
        }
    }

    /// The labels of every study of the review that differ from
    /// [`Cited::of`]'s.
    pub fn of<'a>(all: impl IntoIterator<Item = &'a Study>) -> Self {
        let all: Vec<&Study> = all.into_iter().collect();
        let people: Vec<Vec<Person>> = all
            .iter()
            .map(|s| s.authors.iter().map(|a| Person::parse(a)).collect())
            .collect();
        // 1. Initials for first authors whose family name another first
        //    author shares with other initials (APA 8.20), in every cite.
        let mut initials_by_family: HashMap<String, Vec<&str>> = HashMap::new();
        for p in people.iter().filter_map(|v| v.first()) {
            let e = initials_by_family
                .entry(crate::text::fold::fold(&p.family))
                .or_default();
            if !e.contains(&p.initials.as_str()) {
                e.push(&p.initials);
            }
        }
        let first_initials = |v: &[Person]| -> Option<String> {
            let p = v.first()?;
            let shared = initials_by_family
                .get(&crate::text::fold::fold(&p.family))
                .is_some_and(|v| v.len() > 1);
            shared.then(|| p.initials.clone())
        };
        let mut shown: Vec<usize> = vec![1; all.len()];
        let render = |i: usize, shown: usize| -> String {
            render_names(&people[i], shown, first_initials(&people[i]).as_deref())
        };
        // 2. More names where "et al." hides different co-authors: names
        //    are added to every cite of the ambiguous set until the sets
        //    tell apart (or every name is shown).
        let year = |s: &Study| s.year.map_or_else(|| "n.d.".to_string(), |y| y.to_string());
        let mut groups: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, s) in all.iter().enumerate() {
            if people[i].len() >= 3 {
                groups.entry((render(i, 1), year(s))).or_default().push(i);
            }
        }
        for members in groups.values().filter(|m| m.len() > 1) {
            let distinct_authors = {
                let mut v: Vec<&Vec<Person>> = members.iter().map(|&i| &people[i]).collect();
                v.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
                v.dedup();
                v.len() > 1
            };
            if !distinct_authors {
                continue;
            }
            let most = members.iter().map(|&i| people[i].len()).max().unwrap_or(1);
            let mut k = 2;
            while k < most {
                // Enough when no two different author lists still read alike.
                let clash = members.iter().any(|&a| {
                    members
                        .iter()
                        .any(|&b| people[a] != people[b] && render(a, k) == render(b, k))
                });
                if !clash {
                    break;
                }
                k += 1;
            }
            for &i in members {
                shown[i] = k;
            }
        }
        // 3. A letter where names and year still read alike.
        let mut alike: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, s) in all.iter().enumerate() {
            let n = if people[i].is_empty() {
                untitled_names(s)
            } else {
                render(i, shown[i])
            };
            alike.entry((n, year(s))).or_default().push(i);
        }
        let mut labels = HashMap::new();
        // Only what differs from the plain label is kept.
        let mut keep = |i: usize, n: &String, y: String| {
            let plain = Cited::of(all[i]);
            if plain.names != *n || plain.year != y {
                labels.insert(all[i].id.clone(), (n.clone(), y));
            }
        };
        for ((n, y), members) in &alike {
            let mut order: Vec<(String, String, usize)> = members
                .iter()
                .map(|&i| {
                    let title = crate::text::fold::fold(&all[i].title);
                    let title = ["the ", "an ", "a "]
                        .iter()
                        .find_map(|a| title.strip_prefix(a))
                        .map(str::to_string)
                        .unwrap_or(title);
                    (title, all[i].id.clone(), i)
                })
                .collect();
            order.sort();
            order.dedup_by(|a, b| a.1 == b.1);
            if order.len() < 2 {
                for (_, _, i) in order {
                    keep(i, n, y.clone());
                }
                continue;
            }
            for (k, (_, _, i)) in order.into_iter().enumerate() {
                let sep = if y == "n.d." { "-" } else { "" };
                keep(i, n, format!("{y}{sep}{}", letters(k)));
            }
        }
        Self { labels }
    }

    /// True when no label differs from the plain one (or none were worked
    /// out).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// `cited` with the review-wide labels put on.
    pub fn apply(&self, cited: &mut [Cited]) {
        for c in cited {
            if let Some((n, y)) = self.labels.get(c.id.as_str()) {
                c.names = n.as_str().into();
                c.year = y.as_str().into();
                c.relabel();
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

/// The studies by author and year as APA orders them, the years of one
/// author list together: "Lee, 2020a, 2020b; Okafor et al., 2015".
fn author_years(cited: &[Cited]) -> String {
    let mut v: Vec<&Cited> = ordered(cited);
    // Ties (same authors and year) keep the citing order, as citeproc
    // keeps the order they are cited in.
    v.sort_by(|a, b| a.sort.cmp(&b.sort));
    let mut out: Vec<String> = Vec::new();
    let mut last: Option<(&str, bool)> = None;
    for c in v {
        if last == Some((c.names.as_str(), c.quoted)) {
            if let Some(l) = out.last_mut() {
                l.push_str(", ");
                l.push_str(&c.year);
            }
        } else {
            out.push(c.author_year.to_string());
        }
        last = Some((c.names.as_str(), c.quoted));
    }
    out.join("; ")
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
#[path = "cite_tests.rs"]
mod tests;
