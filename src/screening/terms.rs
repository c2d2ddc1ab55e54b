//! The inclusion and exclusion terms of `[screening]`, found in a record's
//! text for highlighting (as Rayyan highlights its keywords). A term
//! matches whole words, case and accents ignored; a term ending in `*`
//! matches words that start with it (`rat*`: rat, rats, rattus); a term of
//! several words matches them in sequence.

use std::ops::Range;

use crate::text::fold::fold_char;

/// Which list a term came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Include,
    Exclude,
}

/// A term folded for matching.
#[derive(Debug, Clone)]
struct Term {
    folded: Vec<char>,
    prefix: bool,
    kind: Kind,
}

/// The terms of a review, ready to match.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    terms: Vec<Term>,
}

/// `c` folded to one lower-case character (the first of its folding).
fn fold1(c: char) -> char {
    let mut s = String::new();
    fold_char(c, &mut s);
    s.chars().next().unwrap_or(c)
}

impl Terms {
    pub fn new(include: &[String], exclude: &[String]) -> Terms {
        let mut terms = Vec::new();
        for (list, kind) in [(include, Kind::Include), (exclude, Kind::Exclude)] {
            for t in list {
                let t = t.trim();
                let (body, prefix) = match t.strip_suffix('*') {
                    Some(b) => (b.trim_end(), true),
                    None => (t, false),
                };
                let folded: Vec<char> = body.chars().map(fold1).collect();
                if !folded.is_empty() {
                    terms.push(Term {
                        folded,
                        prefix,
                        kind,
                    });
                }
            }
        }
        // Longer terms first, so "low back pain" wins over "pain".
        terms.sort_by_key(|t| std::cmp::Reverse(t.folded.len()));
        Terms { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The character ranges of `text` that terms match, in order, not
    /// overlapping.
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, Kind)> {
        if self.terms.is_empty() {
            return Vec::new();
        }
        let chars: Vec<char> = text.chars().map(fold1).collect();
        let word = |c: char| c.is_alphanumeric();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if (i > 0 && word(chars[i - 1])) || !word(chars[i]) {
                i += 1;
                continue;
            }
            let hit = self.terms.iter().find_map(|t| {
                let n = t.folded.len();
                if chars.len() < i + n || chars[i..i + n] != t.folded[..] {
                    return None;
                }
                let mut end = i + n;
                if t.prefix {
                    while end < chars.len() && word(chars[end]) {
                        end += 1;
                    }
                } else if end < chars.len() && word(chars[end]) {
                    return None;
                }
                Some((i..end, t.kind))
            });
            match hit {
                Some((r, k)) => {
                    i = r.end;
                    out.push((r, k));
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_prefixes_and_phrases() {
        let t = Terms::new(
            &["alliance".into(), "low back pain".into()],
            &["rat*".into()],
        );
        let text = "Rats and the Alliance; strategy for low back pain, not alliances.";
        let found: Vec<(String, Kind)> = t
            .find(text)
            .into_iter()
            .map(|(r, k)| (text.chars().skip(r.start).take(r.len()).collect(), k))
            .collect();
        assert_eq!(
            found,
            vec![
                ("Rats".to_string(), Kind::Exclude),
                ("Alliance".to_string(), Kind::Include),
                ("low back pain".to_string(), Kind::Include),
            ]
        );
        let accents = Terms::new(&["Søderstrøm".into()], &[]);
        assert_eq!(accents.find("by soderstrom et al").len(), 1);
    }
}
