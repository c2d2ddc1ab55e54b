//! An appraisal's answers, packed: item id → answer in file order, in one
//! allocation. A finished review of 100 000 studies holds 200 000
//! appraisals of five to thirty answers each; as a vector of
//! `(Word, Answer)` pairs (48 bytes a pair, whatever their length) they
//! were the largest part of a loaded review. Packed, a RoB 2 appraisal's
//! five answers take some 60 bytes.
//!
//! Layout, one entry after another: the item id (its length as a LEB128
//! number, then its UTF-8 bytes), a tag byte, and the answer: for text its
//! length and bytes as for the id, for a number its eight bytes (little
//! endian). Only this module reads or writes the bytes; what goes in comes
//! from `&str`s, so every id and text read back is valid UTF-8.

use std::fmt;

use super::answer::Answer;
use crate::text::Word;

const TEXT: u8 = 0;
const INT: u8 = 1;

/// Item id → answer, in file order (see the module's text).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Answers {
    bytes: Box<[u8]>,
}

fn put_len(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// How many bytes [`put_len`] writes for `n`.
fn len_len(n: usize) -> usize {
    (usize::BITS - (n | 1).leading_zeros()).div_ceil(7) as usize
}

/// An answer as read from a file, its text borrowed: what
/// [`Answers::exact`] packs.
#[derive(Debug, Clone, Copy)]
pub enum Given<'a> {
    Text(&'a str),
    Int(i64),
}

fn put_entry(out: &mut Vec<u8>, item: &str, answer: &Answer) {
    let given = match answer {
        Answer::Text(t) => Given::Text(t),
        Answer::Int(i) => Given::Int(*i),
    };
    put_given(out, item, given);
}

fn put_given(out: &mut Vec<u8>, item: &str, answer: Given<'_>) {
    put_len(out, item.len());
    out.extend_from_slice(item.as_bytes());
    match answer {
        Given::Text(t) => {
            out.push(TEXT);
            put_len(out, t.len());
            out.extend_from_slice(t.as_bytes());
        }
        Given::Int(i) => {
            out.push(INT);
            out.extend_from_slice(&i.to_le_bytes());
        }
    }
}

/// How many bytes [`put_given`] writes.
fn given_len(item: &str, answer: Given<'_>) -> usize {
    let answer = match answer {
        Given::Text(t) => len_len(t.len()) + t.len(),
        Given::Int(_) => 8,
    };
    len_len(item.len()) + item.len() + 1 + answer
}

/// The entry at `bytes[at..]`: its id, its answer, and where the next
/// begins. `None` only past the end (the bytes are only ever written by
/// `put_entry`, from `&str`s).
fn entry(bytes: &[u8], at: usize) -> Option<(&str, AnswerAt<'_>, usize)> {
    let (item, answer, next) = raw_entry(bytes, at)?;
    Some((std::str::from_utf8(item).ok()?, answer.text()?, next))
}

/// [`entry`] before its texts are read as UTF-8 (a lookup compares the
/// ids' bytes and reads only the answer it returns).
fn raw_entry(bytes: &[u8], at: usize) -> Option<(&[u8], RawAnswer<'_>, usize)> {
    let (item, at) = raw_at(bytes, at)?;
    let tag = *bytes.get(at)?;
    if tag == INT {
        let n: [u8; 8] = bytes.get(at + 1..at + 9)?.try_into().ok()?;
        Some((item, RawAnswer::Int(i64::from_le_bytes(n)), at + 9))
    } else {
        let (t, next) = raw_at(bytes, at + 1)?;
        Some((item, RawAnswer::Text(t), next))
    }
}

/// The length-prefixed bytes at `bytes[at..]` and where they end.
fn raw_at(bytes: &[u8], mut at: usize) -> Option<(&[u8], usize)> {
    let mut len = 0usize;
    let mut shift = 0;
    loop {
        let b = *bytes.get(at)?;
        at += 1;
        len |= usize::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    Some((bytes.get(at..at + len)?, at + len))
}

/// An answer's bytes as they lie packed.
#[derive(Clone, Copy)]
enum RawAnswer<'a> {
    Text(&'a [u8]),
    Int(i64),
}

impl<'a> RawAnswer<'a> {
    fn text(self) -> Option<AnswerAt<'a>> {
        Some(match self {
            Self::Text(t) => AnswerAt::Text(std::str::from_utf8(t).ok()?),
            Self::Int(i) => AnswerAt::Int(i),
        })
    }
}

/// An answer as it lies in the packed bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum AnswerAt<'a> {
    Text(&'a str),
    Int(i64),
}

impl AnswerAt<'_> {
    fn owned(self) -> Answer {
        match self {
            Self::Text(t) => Answer::Text(Word::new(t)),
            Self::Int(i) => Answer::Int(i),
        }
    }
}

/// The answers in file order: each item id and its answer.
pub struct Iter<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, Answer);

    fn next(&mut self) -> Option<Self::Item> {
        let (item, answer, next) = entry(self.bytes, self.at)?;
        self.at = next;
        Some((item, answer.owned()))
    }
}

impl<'a> IntoIterator for &'a Answers {
    type Item = (&'a str, Answer);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl Answers {
    /// No answers.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many answers are given.
    pub fn len(&self) -> usize {
        let mut at = 0;
        let mut n = 0;
        while let Some((_, _, next)) = raw_entry(&self.bytes, at) {
            n += 1;
            at = next;
        }
        n
    }

    /// The answers of `entries`, packed in a buffer of exactly their size
    /// (counted first): what the reader makes of a file's answers, without
    /// a copy of each text on the way.
    pub fn exact<'a, I>(entries: I) -> Self
    where
        I: Iterator<Item = (&'a str, Given<'a>)> + Clone,
    {
        let size = entries.clone().map(|(k, a)| given_len(k, a)).sum();
        let mut v = Vec::with_capacity(size);
        for (k, a) in entries {
            put_given(&mut v, k, a);
        }
        debug_assert_eq!(v.len(), size);
        Self {
            bytes: v.into_boxed_slice(),
        }
    }

    /// The answers of `iter`, packed in a buffer of `room` bytes to begin
    /// with.
    fn packed<K: AsRef<str>>(room: usize, iter: impl Iterator<Item = (K, Answer)>) -> Self {
        let mut v = Vec::with_capacity(room);
        for (k, a) in iter {
            put_entry(&mut v, k.as_ref(), &a);
        }
        Self {
            bytes: v.into_boxed_slice(),
        }
    }

    /// These answers, each passed through `f` (which may respell it), in
    /// file order.
    pub fn mapped(&self, mut f: impl FnMut(&str, Answer) -> Answer) -> Answers {
        Self::packed(
            self.bytes.len() + 16,
            self.iter().map(|(k, a)| {
                let b = f(k, a);
                (k, b)
            }),
        )
    }

    /// True when no item is answered.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Each item id and its answer, in file order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            bytes: &self.bytes,
            at: 0,
        }
    }

    /// The item ids, in file order.
    pub fn items(&self) -> impl Iterator<Item = &str> {
        let mut at = 0;
        std::iter::from_fn(move || {
            let (item, _, next) = entry(&self.bytes, at)?;
            at = next;
            Some(item)
        })
    }

    /// The answer to `item`, if given (the first, should an item be
    /// answered twice).
    pub fn get(&self, item: &str) -> Option<Answer> {
        let mut at = 0;
        while let Some((k, answer, next)) = raw_entry(&self.bytes, at) {
            if k == item.as_bytes() {
                return Some(answer.text()?.owned());
            }
            at = next;
        }
        None
    }

    /// True when `item` is answered.
    pub fn contains(&self, item: &str) -> bool {
        let mut at = 0;
        while let Some((k, _, next)) = raw_entry(&self.bytes, at) {
            if k == item.as_bytes() {
                return true;
            }
            at = next;
        }
        false
    }

    /// The `n`th answer in file order (from 0).
    pub fn nth(&self, n: usize) -> Option<(&str, Answer)> {
        self.iter().nth(n)
    }

    /// The first answer in file order.
    pub fn first(&self) -> Option<(&str, Answer)> {
        self.iter().next()
    }

    /// Adds `answer` to `item` at the end.
    pub fn push(&mut self, item: &str, answer: Answer) {
        let mut v = std::mem::take(&mut self.bytes).into_vec();
        put_entry(&mut v, item, &answer);
        self.bytes = v.into_boxed_slice();
    }

    /// Sets the answer to `item`: in its place when it is answered (every
    /// answer to it, should there be several), else at the end.
    pub fn set(&mut self, item: &str, answer: Answer) {
        if self.contains(item) {
            self.map(|k, v| if k == item { answer.clone() } else { v });
        } else {
            self.push(item, answer);
        }
    }

    /// Sets the `n`th answer in file order (from 0), if there is one.
    pub fn set_nth(&mut self, n: usize, answer: Answer) {
        let mut i = 0;
        self.map(|_, v| {
            i += 1;
            if i == n + 1 { answer.clone() } else { v }
        });
    }

    /// Keeps only the answers `keep` says yes to, in their order.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &Answer) -> bool) {
        *self = self.iter().filter(|(k, v)| keep(k, v)).collect();
    }

    /// Keeps the first `n` answers.
    pub fn truncate(&mut self, n: usize) {
        *self = self.iter().take(n).collect();
    }

    /// Each answer replaced by what `f` makes of it, in place.
    pub fn map(&mut self, mut f: impl FnMut(&str, Answer) -> Answer) {
        *self = self.iter().map(|(k, v)| (k, f(k, v))).collect();
    }

    /// The answers as pairs.
    pub fn to_vec(&self) -> Vec<(Word, Answer)> {
        self.iter().map(|(k, v)| (Word::new(k), v)).collect()
    }
}

impl<K: AsRef<str>> FromIterator<(K, Answer)> for Answers {
    fn from_iter<I: IntoIterator<Item = (K, Answer)>>(iter: I) -> Self {
        let iter = iter.into_iter();
        // Room for short answers ("d1" "some-concerns") without growing.
        let (lo, hi) = iter.size_hint();
        Self::packed(hi.unwrap_or(lo).min(64) * 16, iter)
    }
}

impl<K: AsRef<str>> From<Vec<(K, Answer)>> for Answers {
    fn from(v: Vec<(K, Answer)>) -> Self {
        v.into_iter().collect()
    }
}

impl<K: AsRef<str>, const N: usize> From<[(K, Answer); N]> for Answers {
    fn from(v: [(K, Answer); N]) -> Self {
        v.into_iter().collect()
    }
}

impl fmt::Debug for Answers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Answer {
        Answer::Text(s.into())
    }

    #[test]
    fn answers_packed_at_their_exact_size_are_those_packed_as_they_come() {
        let long = "x".repeat(300);
        let big = "y".repeat(20_000);
        let given = [
            ("d1", Given::Text("low")),
            ("", Given::Text("")),
            ("q10", Given::Text(&long)),
            ("s1", Given::Int(-7)),
            (&big, Given::Text(&big)),
            ("é\u{1}", Given::Text("ünïcode \u{0} \n")),
            ("big", Given::Int(i64::MAX)),
        ];
        for n in 0..=given.len() {
            let exact = Answers::exact(given[..n].iter().copied());
            let packed: Answers = given[..n]
                .iter()
                .map(|&(k, a)| match a {
                    Given::Text(t) => (k, text(t)),
                    Given::Int(i) => (k, Answer::Int(i)),
                })
                .collect();
            assert_eq!(exact, packed);
            assert_eq!(exact.bytes.len(), packed.bytes.len());
        }
        for n in [0, 1, 127, 128, 16_383, 16_384, usize::MAX >> 1] {
            let mut v = Vec::new();
            put_len(&mut v, n);
            assert_eq!(v.len(), len_len(n), "{n}");
        }
    }

    #[test]
    fn answers_read_back_as_they_went_in() {
        let long = "x".repeat(300);
        let pairs = vec![
            ("d1", text("low")),
            ("", text("")),
            ("q10", text(&long)),
            ("s1", Answer::Int(-7)),
            ("é\u{1}", text("ünïcode \u{0} \n")),
            ("big", Answer::Int(i64::MAX)),
            ("small", Answer::Int(i64::MIN)),
        ];
        let a: Answers = pairs.iter().cloned().collect();
        assert_eq!(a.len(), pairs.len());
        let back: Vec<(&str, Answer)> = a.iter().collect();
        assert_eq!(back, pairs);
        assert_eq!(a.get("q10"), Some(text(&long)));
        assert_eq!(a.get("s1"), Some(Answer::Int(-7)));
        assert_eq!(a.get("nope"), None);
        assert_eq!(a.nth(3), Some(("s1", Answer::Int(-7))));
        assert_eq!(a.first(), Some(("d1", text("low"))));
    }

    #[test]
    fn edits_keep_the_order() {
        let mut a = Answers::from([("d1", text("low")), ("d2", text("high"))]);
        a.set("d1", text("some-concerns"));
        a.set("d3", Answer::Int(2));
        a.push("d4", text("low"));
        assert_eq!(
            a.to_vec(),
            vec![
                ("d1".into(), text("some-concerns")),
                ("d2".into(), text("high")),
                ("d3".into(), Answer::Int(2)),
                ("d4".into(), text("low")),
            ]
        );
        a.retain(|k, _| k != "d2");
        assert_eq!(a.items().collect::<Vec<_>>(), ["d1", "d3", "d4"]);
        a.truncate(1);
        assert_eq!(a.len(), 1);
        a.map(|_, _| text("high"));
        assert_eq!(a.get("d1"), Some(text("high")));
        a.truncate(0);
        assert!(a.is_empty());
        assert_eq!(a, Answers::new());
    }

    #[test]
    fn a_robust_answer_of_five_items_takes_little_room() {
        let a: Answers = (1..=5)
            .map(|i| (format!("d{i}"), text("some-concerns")))
            .collect();
        assert!(a.bytes.len() <= 5 * 18, "{}", a.bytes.len());
        assert_eq!(std::mem::size_of::<Answers>(), 16);
    }
}
