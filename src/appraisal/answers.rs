//! An appraisal's answers, packed: item id → answer in file order, in one
//! allocation. A finished review of 100 000 studies holds 200 000
//! appraisals of five to thirty answers each; as a vector of
//! `(Word, Answer)` pairs (48 bytes a pair, whatever their length) they
//! were the largest part of a loaded review. Packed, a RoB 2 appraisal's
//! five answers take some 60 bytes.
//!
//! Layout, one entry after another: the item id (its length as a number,
//! then its UTF-8 bytes), a tag byte, and the answer: for text its length
//! and bytes as for the id, for a number the number. A number is written
//! six bits to a byte, least significant first, each byte but the last
//! with 0x40 set; an integer answer is zigzagged first (small negatives
//! stay short). Every byte of a number or a tag is ASCII, so the whole is
//! valid UTF-8 and is kept as a `str`: reading an id or a text back is a
//! slice, not a check of its bytes. Only this module reads or writes it.

use std::fmt;

use super::answer::Answer;
use crate::text::Word;

const TEXT: u8 = 0;
const INT: u8 = 1;
/// Set in every byte of a number but its last.
const MORE: u8 = 0x40;

/// Item id → answer, in file order (see the module's text).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Answers {
    bytes: Box<str>,
}

fn put_num(out: &mut String, mut n: u64) {
    loop {
        let b = (n & 0x3f) as u8;
        n >>= 6;
        if n == 0 {
            out.push(char::from(b));
            return;
        }
        out.push(char::from(b | MORE));
    }
}

/// How many bytes [`put_num`] writes for `n`.
fn num_len(n: u64) -> usize {
    (u64::BITS - (n | 1).leading_zeros()).div_ceil(6) as usize
}

fn zigzag(i: i64) -> u64 {
    ((i << 1) ^ (i >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

/// An answer as read from a file, its text borrowed: what
/// [`Answers::exact`] packs, and [`Answers::given`] reads back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Given<'a> {
    Text(&'a str),
    Int(i64),
}

impl<'a> From<&'a Answer> for Given<'a> {
    fn from(answer: &'a Answer) -> Self {
        match answer {
            Answer::Text(t) => Given::Text(t),
            Answer::Int(i) => Given::Int(*i),
        }
    }
}

fn put_entry(out: &mut String, item: &str, answer: &Answer) {
    put_given(out, item, answer.into());
}

fn put_given(out: &mut String, item: &str, answer: Given<'_>) {
    put_num(out, item.len() as u64);
    out.push_str(item);
    match answer {
        Given::Text(t) => {
            out.push(char::from(TEXT));
            put_num(out, t.len() as u64);
            out.push_str(t);
        }
        Given::Int(i) => {
            out.push(char::from(INT));
            put_num(out, zigzag(i));
        }
    }
}

/// How many bytes [`put_given`] writes.
fn given_len(item: &str, answer: Given<'_>) -> usize {
    let answer = match answer {
        Given::Text(t) => num_len(t.len() as u64) + t.len(),
        Given::Int(i) => num_len(zigzag(i)),
    };
    num_len(item.len() as u64) + item.len() + 1 + answer
}

/// The entry at `s[at..]`: its id, its answer, and where the next begins.
/// `None` only past the end (the text is only ever written by
/// `put_given`).
#[inline]
fn entry(s: &str, at: usize) -> Option<(&str, Given<'_>, usize)> {
    let (item, at) = str_at(s, at)?;
    let tag = *s.as_bytes().get(at)?;
    if tag == INT {
        let (n, next) = num_at(s, at + 1)?;
        Some((item, Given::Int(unzigzag(n)), next))
    } else {
        let (t, next) = str_at(s, at + 1)?;
        Some((item, Given::Text(t), next))
    }
}

/// The number at `s[at..]` and where it ends.
#[inline]
fn num_at(s: &str, mut at: usize) -> Option<(u64, usize)> {
    let bytes = s.as_bytes();
    let mut n = 0u64;
    let mut shift = 0u32;
    loop {
        let b = *bytes.get(at)?;
        at += 1;
        n |= u64::from(b & 0x3f).checked_shl(shift)?;
        if b & MORE == 0 {
            return Some((n, at));
        }
        shift += 6;
    }
}

/// The length-prefixed text at `s[at..]` and where it ends.
#[inline]
fn str_at(s: &str, at: usize) -> Option<(&str, usize)> {
    let (len, at) = num_at(s, at)?;
    let end = at.checked_add(usize::try_from(len).ok()?)?;
    Some((s.get(at..end)?, end))
}

impl Given<'_> {
    /// The answer, its text copied.
    pub fn owned(self) -> Answer {
        match self {
            Self::Text(t) => Answer::Text(Word::new(t)),
            Self::Int(i) => Answer::Int(i),
        }
    }
}

/// The answers in file order: each item id and its answer.
pub struct Iter<'a> {
    bytes: &'a str,
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
        while let Some((_, _, next)) = entry(&self.bytes, at) {
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
        let mut v = String::with_capacity(size);
        for (k, a) in entries {
            put_given(&mut v, k, a);
        }
        debug_assert_eq!(v.len(), size);
        Self {
            bytes: v.into_boxed_str(),
        }
    }

    /// The answers of `iter`, packed in a buffer of `room` bytes to begin
    /// with.
    fn packed<K: AsRef<str>>(room: usize, iter: impl Iterator<Item = (K, Answer)>) -> Self {
        let mut v = String::with_capacity(room);
        for (k, a) in iter {
            put_entry(&mut v, k.as_ref(), &a);
        }
        Self {
            bytes: v.into_boxed_str(),
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

    /// How many bytes the answers take packed: about the length of their
    /// ids and texts written out (room to make before writing them).
    pub fn packed_len(&self) -> usize {
        self.bytes.len()
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

    /// Each item id and its answer as it lies here (its text borrowed),
    /// in file order: what a reader that only looks at the answers takes.
    pub fn given(&self) -> impl Iterator<Item = (&str, Given<'_>)> {
        let mut at = 0;
        std::iter::from_fn(move || {
            let (item, answer, next) = entry(&self.bytes, at)?;
            at = next;
            Some((item, answer))
        })
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
        while let Some((k, answer, next)) = entry(&self.bytes, at) {
            if k == item {
                return Some(answer.owned());
            }
            at = next;
        }
        None
    }

    /// True when `item` is answered.
    pub fn contains(&self, item: &str) -> bool {
        let mut at = 0;
        while let Some((k, _, next)) = entry(&self.bytes, at) {
            if k == item {
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
        let mut v = String::from(std::mem::take(&mut self.bytes));
        put_entry(&mut v, item, &answer);
        self.bytes = v.into_boxed_str();
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
        for n in [
            0,
            1,
            63,
            64,
            127,
            128,
            4_095,
            4_096,
            u64::MAX >> 1,
            u64::MAX,
        ] {
            let mut v = String::new();
            put_num(&mut v, n);
            assert_eq!(v.len(), num_len(n), "{n}");
            assert_eq!(num_at(&v, 0), Some((n, v.len())), "{n}");
            assert!(v.is_ascii());
        }
        for i in [0, 1, -1, 63, -64, i64::MAX, i64::MIN] {
            assert_eq!(unzigzag(zigzag(i)), i);
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
