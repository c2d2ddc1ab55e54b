//! Personal names as databases write them, made "Family, Given" (or
//! "Family, Given, Suffix"): "Smith, John" as it is; "Smith J." and "Smith
//! JR" (Ovid, PubMed, Web of Science) gain their comma; "John Smith" and
//! "J. Smith" (RIS from some exporters, Refer) are turned round; a
//! corporate author ("World Health Organization") is left as written.

use super::clean::squash;

/// Words that make a name a corporate author, not a person's.
const CORPORATE: [&str; 62] = [
    "organization",
    "organisation",
    "group",
    "groups",
    "collaboration",
    "collaborative",
    "collaborators",
    "society",
    "institute",
    "institution",
    "association",
    "council",
    "committee",
    "department",
    "university",
    "college",
    "trial",
    "trialists",
    "investigators",
    "consortium",
    "network",
    "agency",
    "foundation",
    "centre",
    "center",
    "ministry",
    "office",
    "board",
    "team",
    "national",
    "international",
    "study",
    "alliance",
    "health",
    "world",
    "federation",
    "service",
    "services",
    "commission",
    "program",
    "programme",
    "project",
    "unit",
    "hospital",
    "clinic",
    "school",
    "academy",
    "working",
    "panel",
    "force",
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "corporation",
    "company",
    "research",
    "writing",
    "party",
    "library",
    "press",
    "staff",
];

/// Lower-case particles that belong to the family name.
const PARTICLES: [&str; 22] = [
    "van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "della", "dos", "das",
    "ten", "ter", "bin", "ibn", "al", "el", "zu", "vom",
];

/// Name suffixes.
fn suffix(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.').to_ascii_lowercase().as_str(),
        "jr" | "sr" | "ii" | "iii" | "iv" | "2nd" | "3rd"
    )
}

/// Initials: "J", "J.", "JR", "J.-P.", "A.M." (at most four letters, all
/// capitals).
fn initials(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (1..=4).contains(&letters) && w.chars().all(|c| c.is_uppercase() || c == '.' || c == '-')
}

/// True when the words can be a corporate author rather than a person.
fn corporate(words: &[&str]) -> bool {
    words.len() > 4
        || words.iter().any(|w| {
            let l = w.to_lowercase();
            CORPORATE.contains(&l.as_str())
                || w.chars()
                    .any(|c| c.is_ascii_digit() || matches!(c, '&' | '(' | ')' | '/'))
                || (w.len() > 1 && w.chars().all(|c| c.is_uppercase()) && !initials(w))
        })
        || words.len() < 2
}

/// Joins family, given and suffix.
fn join(family: &str, given: &str, suffix: &str) -> String {
    match (given.is_empty(), suffix.is_empty()) {
        (true, true) => family.to_string(),
        (true, false) => format!("{family}, {suffix}"),
        (false, true) => format!("{family}, {given}"),
        (false, false) => format!("{family}, {given}, {suffix}"),
    }
}

/// A name written family first without a comma ("Smith J", "de Solla
/// Price DJ", Web of Science's "Smith John"): the last word is the given
/// name.
pub fn family_first(s: &str) -> String {
    let s = squash(s);
    if s.contains(',') {
        return person(&s);
    }
    let words: Vec<&str> = s.split(' ').collect();
    match words.as_slice() {
        [] | [_] => s,
        [rest @ .., last] if !corporate(&words) || initials(last) => {
            join(&rest.join(" "), last, "")
        }
        _ => s,
    }
}

/// A personal name as "Family, Given[, Suffix]" (see the module).
pub fn person(s: &str) -> String {
    let s = squash(s);
    if let Some((family, rest)) = s.split_once(',') {
        let family = family.trim();
        let parts: Vec<&str> = rest
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        return match parts.as_slice() {
            [] => family.to_string(),
            // "Doe, Jr., John" (BibTeX's order) as "Doe, John, Jr.".
            [sfx, given, ..] if suffix(sfx) && !suffix(given) => join(family, given, sfx),
            [given, sfx, ..] => join(family, given, sfx),
            [given] => join(family, given, ""),
        };
    }
    let mut words: Vec<&str> = s.split(' ').collect();
    let sfx = match words.last() {
        Some(w) if words.len() > 2 && suffix(w) => words.pop().unwrap_or(""),
        _ => "",
    };
    if words.len() < 2 {
        return s;
    }
    let last = words[words.len() - 1];
    // "Smith J.", "van der Berg AB": family first, initials last.
    if initials(last) && last.chars().any(char::is_uppercase) && !initials(words[0]) {
        return join(&words[..words.len() - 1].join(" "), last, sfx);
    }
    if corporate(&words) {
        return s;
    }
    // "John Smith", "J. Smith", "Ludwig van Beethoven": the family name is
    // the last word with the particles before it.
    let mut start = words.len() - 1;
    while start > 1 && PARTICLES.contains(&words[start - 1]) {
        start -= 1;
    }
    join(&words[start..].join(" "), &words[..start].join(" "), sfx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_their_many_spellings() {
        for (raw, want) in [
            ("Smith, John", "Smith, John"),
            ("Smith J.", "Smith, J."),
            ("van der Berg AB", "van der Berg, AB"),
            ("Müller J", "Müller, J"),
            ("John Smith", "Smith, John"),
            ("J. R. Smith", "Smith, J. R."),
            ("Ludwig van Beethoven", "van Beethoven, Ludwig"),
            ("Anna Unsgaard-Tøndel", "Unsgaard-Tøndel, Anna"),
            ("John Smith Jr.", "Smith, John, Jr."),
            ("Doe, John, Jr.", "Doe, John, Jr."),
            ("Doe, Jr., John", "Doe, John, Jr."),
            ("World Health Organization", "World Health Organization"),
            ("Cochrane Collaboration", "Cochrane Collaboration"),
            ("ICU Mobility Group", "ICU Mobility Group"),
            ("Plato", "Plato"),
            ("Smith,  John ", "Smith, John"),
        ] {
            assert_eq!(person(raw), want, "{raw}");
        }
        assert_eq!(family_first("Babatunde Fatai"), "Babatunde, Fatai");
        assert_eq!(family_first("de Solla Price DJ"), "de Solla Price, DJ");
        assert_eq!(family_first("GARFIELD E"), "GARFIELD, E");
        assert_eq!(family_first("Alliance Study Group"), "Alliance Study Group");
    }
}
