//! Warnings about usable studies that a reviewer would still want to fix:
//! a DOI shared by two studies, a study without authors, year or design, an
//! author written given name first. They are found when the review is
//! loaded, so `check` and the interface's problems list show them alike.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use toml_edit::Document;

use crate::check::Entry;
use crate::text::inert_line;
use crate::text::problem::Problem;

/// Every warning about `studies` (each with the file it was loaded from).
pub fn lint<E: Entry>(studies: &[(&Path, E)]) -> Vec<Problem> {
    let mut out = duplicate_dois(studies);
    for (path, entry) in studies {
        out.extend(lint_study(path, entry));
    }
    out
}

/// The warnings about one study on its own (not those shared with others,
/// such as a DOI used twice: [`duplicate_dois`]).
pub fn lint_study<E: Entry>(path: &Path, entry: &E) -> Vec<Problem> {
    let mut out = Vec::new();
    missing_fields(path, entry, &mut out);
    given_name_first(path, entry, &mut out);
    reserved_name(path, entry, &mut out);
    out
}

/// A study whose file has a name Windows reserves (`con.toml`): it loads
/// here, but a co-author on Windows cannot check it out.
fn reserved_name<E: Entry>(path: &Path, entry: &E, out: &mut Vec<Problem>) {
    let id = &entry.study().id;
    if crate::model::reserved_on_windows(id) {
        out.push(
            Problem::file(
                path,
                format!(
                    "\"{}\" is a file name Windows reserves: a co-author on Windows cannot check this study out; rename the file and its id (\"{}-study\")",
                    inert_line(id),
                    inert_line(id)
                ),
            )
            .warning(),
        );
    }
}

/// How many ids the summary of unclassified studies names.
const UNCLASSIFIED_NAMED: usize = 5;

/// One sentence summing up the studies with no design (imported records
/// land there): how many, the first few ids, and the filter that lists
/// them all. `None` when every study has a design. (Each of them also has
/// its own "no design" warning.)
pub fn unclassified_summary<E: Entry>(studies: &[E]) -> Option<String> {
    let ids: Vec<&str> = studies
        .iter()
        .filter(|e| {
            e.study()
                .design
                .as_deref()
                .is_none_or(|d| d.trim().is_empty())
        })
        .map(|e| e.study().id.as_str())
        .collect();
    if ids.is_empty() {
        return None;
    }
    let n = ids.len();
    let mut named = ids
        .iter()
        .take(UNCLASSIFIED_NAMED)
        .map(|id| inert_line(id).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    if n > UNCLASSIFIED_NAMED {
        named.push_str(&format!(" and {} more", n - UNCLASSIFIED_NAMED));
    }
    let (count, verb) = if n == 1 {
        ("1 study".to_string(), "is")
    } else {
        (format!("{n} studies"), "are")
    };
    Some(format!(
        "{count} {verb} not classified (no design): {named}; list them with `litrev list --design \"{}\"`, classify them with `e` in the interface",
        crate::model::filter::NOT_CLASSIFIED
    ))
}

/// A DOI as written in any of its usual forms (`https://doi.org/…`,
/// `doi:…`, any case), reduced to the bare lower-case DOI; `None` when
/// nothing is left.
pub fn normalise_doi(doi: &str) -> Option<String> {
    let mut d = doi.trim().to_lowercase();
    for prefix in [
        "https://",
        "http://",
        "www.",
        "dx.doi.org/",
        "doi.org/",
        "doi:",
    ] {
        if let Some(rest) = d.strip_prefix(prefix) {
            d = rest.trim_start().to_string();
        }
    }
    (!d.is_empty()).then_some(d)
}

/// A warning at every study whose DOI another study has too.
pub fn duplicate_dois<E: Entry>(studies: &[(&Path, E)]) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut by_doi: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (_, e)) in studies.iter().enumerate() {
        if let Some(d) = e.study().doi.as_deref().and_then(normalise_doi) {
            by_doi.entry(d).or_default().push(i);
        }
    }
    let mut groups: Vec<(String, Vec<usize>)> =
        by_doi.into_iter().filter(|(_, v)| v.len() > 1).collect();
    groups.sort();
    for (doi, users) in groups {
        // One publication deliberately counted under two designs shares
        // its ref (and so its DOI) on purpose.
        let first_ref = studies[users[0]].1.study().reference;
        let shared = first_ref.is_some()
            && users.iter().all(|&i| {
                let s = &studies[i].1.study();
                s.ref_shared && s.reference == first_ref
            });
        if shared {
            continue;
        }
        for &i in &users {
            let (path, entry) = &studies[i];
            let others = name_some(
                users
                    .iter()
                    .filter(|&&j| j != i)
                    .map(|&j| {
                        studies[j]
                            .0
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default()
                    })
                    .collect(),
            );
            let text = entry.text_for_messages(path);
            out.push(
                Problem::at(
                    path,
                    &text,
                    value_span(&text, "doi", None).map_or(0, |s| s.start),
                    format!(
                        "DOI {} is also the DOI of {others}: the same publication included twice? Remove the duplicate, or give both the same ref with `ref_shared = true`",
                        inert_line(&doi)
                    ),
                )
                .warning(),
            );
        }
    }
    out
}

/// The first few names, then how many more.
fn name_some(names: Vec<String>) -> String {
    const NAMED: usize = 3;
    let total = names.len();
    let mut s = names
        .iter()
        .take(NAMED)
        .map(|n| inert_line(n).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    if total > NAMED {
        s.push_str(&format!(" and {} more", total - NAMED));
    }
    s
}

fn missing_fields<E: Entry>(path: &Path, entry: &E, out: &mut Vec<Problem>) {
    let s = entry.study();
    let missing: Vec<&str> = [
        ("authors", s.authors.is_empty()),
        ("year", s.year.is_none()),
        ("design", s.design.is_none()),
    ]
    .into_iter()
    .filter_map(|(k, m)| m.then_some(k))
    .collect();
    let list = match missing.as_slice() {
        [] => return,
        [one] => one.to_string(),
        [a, b] => format!("{a} or {b}"),
        [a, b, c] => format!("{a}, {b} or {c}"),
        _ => missing.join(", "),
    };
    out.push(
        Problem::file(
            path,
            format!("no {list}: the study cannot be cited or counted in full until they are added"),
        )
        .warning(),
    );
}

fn given_name_first<E: Entry>(path: &Path, entry: &E, out: &mut Vec<Problem>) {
    // The file's text, read once, when the first problem needs a place.
    let mut text = None;
    for (i, author) in entry.study().authors.iter().enumerate() {
        if let Some(fix) = family_first(author) {
            let text = text.get_or_insert_with(|| entry.text_for_messages(path));
            out.push(
                Problem::at(
                    path,
                    text,
                    value_span(text, "authors", Some(i)).map_or(0, |s| s.start),
                    format!(
                        "author \"{}\" has no comma: write \"Family, Given\" (\"{}\")",
                        inert_line(author),
                        inert_line(&fix)
                    ),
                )
                .warning(),
            );
        }
    }
}

/// Words that mark a corporate author ("World Health Organization",
/// "CONSORT Group"): such a name is never questioned.
const ORGANISATION: &[&str] = &[
    "academy",
    "administration",
    "agency",
    "alliance",
    "and",
    "association",
    "authority",
    "board",
    "centre",
    "center",
    "college",
    "collaboration",
    "collaborative",
    "commission",
    "committee",
    "consortium",
    "council",
    "department",
    "federation",
    "for",
    "foundation",
    "group",
    "health",
    "hospital",
    "inc",
    "initiative",
    "institut",
    "institute",
    "investigators",
    "ltd",
    "ministry",
    "network",
    "of",
    "office",
    "organisation",
    "organization",
    "panel",
    "program",
    "programme",
    "project",
    "service",
    "services",
    "society",
    "study",
    "team",
    "the",
    "trial",
    "trialists",
    "unit",
    "university",
    "working",
];

/// Lower-case particles of personal names ("Ludwig van Beethoven").
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "dos", "du", "el", "la",
    "le", "ten", "ter", "van", "von", "zu",
];

/// "Anna Söderström" written given name first: the "Family, Given" form it
/// should have; `None` for a name with a comma, one word, or an organisation.
pub fn family_first(author: &str) -> Option<String> {
    if author.contains(',') {
        return None;
    }
    let words: Vec<&str> = author.split_whitespace().collect();
    if !(2..=4).contains(&words.len()) {
        return None;
    }
    let name_like = |w: &str| {
        w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
            && w.chars().any(char::is_alphabetic)
    };
    if !words.iter().all(|w| name_like(w)) {
        return None;
    }
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let particle = |w: &str| PARTICLES.contains(&w);
    if words
        .iter()
        .any(|w| ORGANISATION.contains(&w.to_lowercase().as_str()) || (!capital(w) && !particle(w)))
    {
        return None;
    }
    // "Smith JA" (Vancouver style): family name, then initials.
    let initials = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| *c != '.').collect();
        (1..=3).contains(&letters.len()) && letters.iter().all(|c| c.is_uppercase())
    };
    let last = words[words.len() - 1];
    if initials(last) && !initials(words[0]) {
        let (family, given) = words.split_at(words.len() - 1);
        return Some(format!("{}, {}", family.join(" "), given.join(" ")));
    }
    // The family name is the last word, with any particles before it.
    let mut split = words.len() - 1;
    while split > 1 && particle(words[split - 1]) {
        split -= 1;
    }
    let (given, family) = words.split_at(split);
    Some(format!("{}, {}", family.join(" "), given.join(" ")))
}

/// The byte span of the value of top-level `key` in `source` (of its
/// `index`th element for an array), found again only for a study being
/// warned about.
pub(crate) fn value_span(source: &str, key: &str, index: Option<usize>) -> Option<Range<usize>> {
    let doc = Document::parse(source).ok()?;
    let item = doc.as_table().get(key)?;
    match index {
        None => item.span(),
        Some(i) => item.as_array()?.get(i)?.span(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dois_compare_in_any_usual_form() {
        for d in [
            "10.1/ABC",
            "https://doi.org/10.1/abc",
            "http://dx.doi.org/10.1/abc",
            "doi: 10.1/abc",
            "DOI:10.1/Abc",
            " https://www.doi.org/10.1/abc ",
        ] {
            assert_eq!(normalise_doi(d).as_deref(), Some("10.1/abc"), "{d}");
        }
        assert_eq!(normalise_doi("https://doi.org/"), None);
    }

    #[test]
    fn names_given_first_are_turned_around() {
        let f = |a: &str| family_first(a);
        assert_eq!(f("Anna Söderström").as_deref(), Some("Söderström, Anna"));
        assert_eq!(f("J. R. Smith").as_deref(), Some("Smith, J. R."));
        assert_eq!(f("Smith JA").as_deref(), Some("Smith, JA"));
        assert_eq!(f("Vincent van Gogh").as_deref(), Some("van Gogh, Vincent"));
        assert_eq!(f("Mary-Jane O'Neil").as_deref(), Some("O'Neil, Mary-Jane"));
        for fine in [
            "Söderström, Anna",
            "WHO",
            "Cochrane Airways Group",
            "The EPOC team",
            "Anna",
            "Smith 2nd",
            "A B C D E",
            "World Health Organization",
            "CONSORT Group",
            "Cochrane Back and Neck Group",
            "NICE",
            "Team 2020",
            "",
        ] {
            assert_eq!(f(fine), None, "{fine}");
        }
    }
}
