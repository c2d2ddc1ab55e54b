//! Typing errors: a query term of five letters or more also matches where a
//! word of the text begins within one edit of it — one letter replaced,
//! added, left out, or two neighbours swapped ("trsut" finds "trust",
//! "alliacne" finds "alliance"). Such a match ranks below every contiguous
//! and scattered one.
//!
//! "Begins within one edit" means the text from the start of a word, as far
//! as the term reaches, is one edit away from the term: a term still being
//! typed matches as the exact search does ("allainc" finds "alliance"), and
//! a term may run on into the next word ("trustcare" finds "trust care").

/// Terms with fewer letters than this never match by a typing error: one
/// edit away from a short term is nearly every word.
pub(super) const MIN_LETTERS: usize = 5;

/// A query term prepared for finding its near misses.
pub(super) struct Typo {
    chars: Vec<char>,
    /// The term's bytes when it is ASCII (bytes are then letters).
    ascii: Option<Box<[u8]>>,
    /// The term's bytes; an edit at its first letter leaves these (from the
    /// third letter on) whole, so they are looked for where the first
    /// letter is not.
    tail: memchr::memmem::Finder<'static>,
}

impl Typo {
    /// `None` for a term of fewer than [`MIN_LETTERS`] letters.
    pub(super) fn new(term: &str) -> Option<Typo> {
        if term.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
            return None;
        }
        let chars: Vec<char> = term.chars().collect();
        let tail_at = term.char_indices().nth(2).map_or(term.len(), |(i, _)| i);
        let tail = memchr::memmem::Finder::new(&term.as_bytes()[tail_at..]).into_owned();
        let ascii = term.is_ascii().then(|| Box::from(term.as_bytes()));
        Some(Typo { chars, ascii, tail })
    }

    /// The first place in `text` (folded; one field) where a word begins
    /// within one edit of the term: byte offset of the word and byte length
    /// of what matched. `ascii` says `text` is ASCII.
    pub(super) fn find(&self, text: &str, ascii: bool) -> Option<(usize, usize)> {
        if let Some(t) = self.ascii.as_deref().filter(|_| ascii) {
            return self.find_ascii(t, text.as_bytes());
        }
        find_chars(&self.chars, text)
    }

    /// [`find`](Self::find) on ASCII bytes, without looking at every word:
    /// a match whose first letter is right starts with the term's first
    /// byte, and one whose edit is at the first letter holds the term from
    /// its third letter on within two bytes of the word's start.
    fn find_ascii(&self, t: &[u8], hay: &[u8]) -> Option<(usize, usize)> {
        let first = *t.first()?;
        let at = |s: usize| -> Option<(usize, usize)> {
            if !word_start(hay, s) {
                return None;
            }
            one_edit_prefix(t, hay.get(s..)?).map(|len| (s, len))
        };
        let mut best = memchr::memchr_iter(first, hay).find_map(at);
        for p in self.tail.find_iter(hay) {
            if best.is_some_and(|(b, _)| b + 3 <= p) {
                break;
            }
            // The first letter replaced or swapped, left out, or one added
            // before it.
            for s in [3, 2, 1].into_iter().filter_map(|back| p.checked_sub(back)) {
                if best.is_none_or(|(b, _)| s < b)
                    && let Some(m) = at(s)
                {
                    best = Some(m);
                }
            }
        }
        best
    }
}

/// True when a word begins at byte `s` of `hay`.
fn word_start(hay: &[u8], s: usize) -> bool {
    hay.get(s).is_some_and(u8::is_ascii_alphanumeric)
        && s.checked_sub(1)
            .and_then(|p| hay.get(p))
            .is_none_or(|b| !b.is_ascii_alphanumeric())
}

/// [`Typo::find`] for text that is not ASCII: every word start, by chars.
fn find_chars(t: &[char], text: &str) -> Option<(usize, usize)> {
    let mut prev_alnum = false;
    let mut rest: Vec<char> = Vec::new();
    for (s, c) in text.char_indices() {
        let starts = c.is_alphanumeric() && !prev_alnum;
        prev_alnum = c.is_alphanumeric();
        if !starts {
            continue;
        }
        rest.clear();
        rest.extend(text[s..].chars().take(t.len() + 1));
        if let Some(n) = one_edit_prefix(t, &rest) {
            let len: usize = rest[..n].iter().map(|c| c.len_utf8()).sum();
            return Some((s, len));
        }
    }
    None
}

/// When the start of `w` is one edit away from `t` (a substitution, an
/// insertion, a deletion or a swap of neighbours; or no edit at all): how
/// many elements of `w` the match covers.
pub(super) fn one_edit_prefix<T: PartialEq>(t: &[T], w: &[T]) -> Option<usize> {
    let i = t.iter().zip(w).take_while(|(a, b)| a == b).count();
    if i == t.len() {
        return Some(i);
    }
    let starts = |w: &[T], from: usize, t: &[T]| w.get(from..).is_some_and(|r| r.starts_with(t));
    // A letter replaced.
    if i < w.len() && starts(w, i + 1, &t[i + 1..]) {
        return Some(t.len());
    }
    // Two neighbours swapped.
    if i + 1 < t.len()
        && w.get(i + 1) == Some(&t[i])
        && w.get(i) == Some(&t[i + 1])
        && starts(w, i + 2, &t[i + 2..])
    {
        return Some(t.len());
    }
    // A letter too many in the term.
    if starts(w, i, &t[i + 1..]) {
        return Some(t.len() - 1);
    }
    // A letter missing from the term.
    if starts(w, i + 1, &t[i..]) {
        return Some(t.len() + 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(t: &str, w: &str) -> Option<usize> {
        one_edit_prefix(t.as_bytes(), w.as_bytes())
    }

    #[test]
    fn one_edit_of_each_kind_and_no_more() {
        assert_eq!(near("trust", "trust"), Some(5));
        assert_eq!(near("trsut", "trust"), Some(5)); // swapped
        assert_eq!(near("trudt", "trust"), Some(5)); // replaced
        assert_eq!(near("xrust", "trust"), Some(5)); // replaced, first
        assert_eq!(near("truust", "trust"), Some(5)); // one too many
        assert_eq!(near("tust", "trust"), Some(5)); // one missing
        assert_eq!(near("rtust", "trust"), Some(5)); // swapped, first
        assert_eq!(near("trusts", "trust"), Some(5)); // one too many, last
        assert_eq!(near("allainc", "alliance"), Some(7));
        assert_eq!(near("trsuts", "trust"), None);
        assert_eq!(near("tsrut", "trust"), None);
        assert_eq!(near("xxust", "trust"), None);
    }

    #[test]
    fn only_at_a_word_start_and_only_for_five_letters() {
        let typo = |t: &str| Typo::new(t);
        assert!(typo("trsu").is_none());
        assert!(typo("2015a").is_none());
        let t = typo("trsut").expect("five letters");
        assert_eq!(t.find("care and trust", true), Some((9, 5)));
        assert_eq!(t.find("distrust", true), None);
        assert_eq!(t.find("x tsrut", true), Some((2, 5)));
        assert_eq!(t.find("x grsut", true), Some((2, 5)));
        assert_eq!(t.find("x rsut", true), Some((2, 4)));
        assert_eq!(t.find("x ttust", true), None);
        let t = typo("sødrstrom").expect("letters");
        assert_eq!(t.find("by søderstrom", false), Some((3, 11)));
    }
}
