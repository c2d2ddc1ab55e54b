//! BibTeX name lists by BibTeX's rules: names split at ` and ` outside
//! braces; a name is "First von Last", "von Last, First" or "von Last, Jr,
//! First"; a brace-protected name (`{World Health Organization}`) is one
//! word. Each name comes out as litrev writes names: "Family, Given" or
//! "Family, Given, Suffix" ("Doe, John, Jr.").

use super::latex;

/// The names of an `author` or `editor` value (LaTeX decoded); "others"
/// (BibTeX's "et al.") is left out.
pub fn names(raw: &str) -> Vec<String> {
    split_and(raw)
        .into_iter()
        .filter(|n| !n.trim().eq_ignore_ascii_case("others"))
        .map(name)
        .filter(|n| !n.is_empty())
        .collect()
}

/// `raw` cut at ` and ` (any case, any whitespace around) outside braces.
fn split_and(raw: &str) -> Vec<&str> {
    let b = raw.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut start, mut i) = (0usize, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            c if depth == 0
                && c.is_ascii_whitespace()
                && b.len() > i + 4
                && b[i + 1..i + 4].eq_ignore_ascii_case(b"and")
                && b[i + 4].is_ascii_whitespace() =>
            {
                out.push(&raw[start..i]);
                i += 4;
                start = i;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&raw[start..]);
    out.into_iter().filter(|n| !n.trim().is_empty()).collect()
}

/// `s` cut at `sep` outside braces.
fn split_top(s: &str, sep: impl Fn(u8) -> bool) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in s.bytes().enumerate() {
        match c {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            c if depth == 0 && sep(c) => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// The words of a part of a name.
fn words(part: &str) -> Vec<&str> {
    split_top(part, |c| c.is_ascii_whitespace() || c == b'~')
        .into_iter()
        .filter(|w| !w.is_empty())
        .collect()
}

/// True when a word starts in lower case, by BibTeX's rule: the first
/// letter outside braces, or inside a brace group that starts with a
/// command (`{\"u}ber`); a word starting with a plain group has no case.
fn lower(word: &str) -> bool {
    let b = word.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' => {
                if b.get(i + 1) == Some(&b'\\') {
                    let decoded = latex::decode(word);
                    return decoded
                        .chars()
                        .find(|c| c.is_alphabetic())
                        .is_some_and(char::is_lowercase);
                }
                return false;
            }
            b'\\' => {
                let decoded = latex::decode(&word[i..]);
                return decoded
                    .chars()
                    .find(|c| c.is_alphabetic())
                    .is_some_and(char::is_lowercase);
            }
            c if c.is_ascii_alphabetic() => return c.is_ascii_lowercase(),
            c if c >= 0x80 => {
                return word[i..].chars().next().is_some_and(char::is_lowercase);
            }
            _ => i += 1,
        }
    }
    false
}

fn join(ws: &[&str]) -> String {
    super::super::clean::squash(&latex::decode(&ws.join(" ")))
}

/// One name as "Family, Given[, Suffix]" (or "Family" alone).
fn name(raw: &str) -> String {
    let parts: Vec<&str> = split_top(raw.trim(), |c| c == b',')
        .into_iter()
        .map(str::trim)
        .collect();
    let (family, given, suffix) = match parts.as_slice() {
        [one] => {
            let ws = words(one);
            if ws.is_empty() {
                return String::new();
            }
            // von: from the first lower-case word (not the last word) to
            // the last lower-case word before the last word.
            let last = ws.len() - 1;
            match (0..last).find(|k| lower(ws[*k])) {
                // Family is von and Last together: from the first
                // lower-case word on.
                Some(v) => (join(&ws[v..]), join(&ws[..v]), String::new()),
                None => (join(&ws[last..]), join(&ws[..last]), String::new()),
            }
        }
        [fam, first] => (join(&words(fam)), join(&words(first)), String::new()),
        [fam, jr, first, ..] => (join(&words(fam)), join(&words(first)), join(&words(jr))),
        [] => return String::new(),
    };
    match (family.is_empty(), given.is_empty(), suffix.is_empty()) {
        (true, true, _) => String::new(),
        (true, false, _) => given,
        (false, true, true) => family,
        (false, true, false) => format!("{family}, {suffix}"),
        (false, false, true) => format!("{family}, {given}"),
        (false, false, false) => format!("{family}, {given}, {suffix}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_name_forms() {
        assert_eq!(
            names("Doe, John and Jane Roe and {World Health Organization} and others"),
            ["Doe, John", "Roe, Jane", "World Health Organization"]
        );
        assert_eq!(names("Ludwig van Beethoven"), ["van Beethoven, Ludwig"]);
        assert_eq!(names("van der Berg, Anna"), ["van der Berg, Anna"]);
        assert_eq!(names("Doe, Jr., John"), ["Doe, John, Jr."]);
        assert_eq!(names(r#"M{\"u}ller, J{\"o}rg"#), ["Müller, Jörg"]);
        assert_eq!(
            names(r"{\O}stergaard, Lars AND H\o{}iland, K."),
            ["Østergaard, Lars", "Høiland, K."]
        );
        assert_eq!(
            names("Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin"),
            ["de la Vallée Poussin, Charles Louis Xavier Joseph"]
        );
        assert_eq!(names("Plato"), ["Plato"]);
        assert_eq!(
            names("{Barnes and Noble, Inc.}"),
            ["Barnes and Noble, Inc."]
        );
    }
}
