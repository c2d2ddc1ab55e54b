//! Folding text for search, and each study's folded text (a [`Doc`]): every
//! searchable field in one buffer.

use crate::model::Study;
use crate::search::{FIELDS, Field, PARALLEL_ABOVE};
pub(crate) use crate::text::fold::{Folded, fold_into};

/// One study in the index: every field folded into one buffer, one after
/// another, with where each ends. Made by [`Doc::new`] (the loader folds
/// each study on its own threads as it reads it, see
/// [`crate::search::SearchIndex::from_docs`]).
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub(super) text: Box<str>,
    /// Byte offset in `text` where field `i` ends (it starts where field
    /// `i - 1` ends).
    pub(super) ends: [u32; FIELDS],
    /// Bit `i` is set when field `i` folded is ASCII (so bytes are characters).
    pub(super) ascii: u8,
}

/// A study's searchable text before folding: every field one after
/// another, with where each ends. Copying this is a fraction of folding, so
/// a large review copies it while opening and folds it in the background.
pub(super) struct Raw {
    text: String,
    ends: [usize; FIELDS],
}

impl Raw {
    pub(super) fn new(s: &Study) -> Self {
        let mut text = String::new();
        let mut ends = [0; FIELDS];
        for (i, f) in Field::ALL.iter().enumerate() {
            text.push_str(&f.text(s));
            ends[i] = text.len();
        }
        Self { text, ends }
    }

    fn fields(&self) -> impl Iterator<Item = &str> {
        (0..FIELDS).map(|i| {
            let start = if i == 0 { 0 } else { self.ends[i - 1] };
            self.text.get(start..self.ends[i]).unwrap_or("")
        })
    }
}

impl Doc {
    /// The folded search text of `s`.
    pub fn new(s: &Study) -> Self {
        thread_local! {
            /// Where a study's text is folded before it is copied out at
            /// its exact size: one allocation per study, none of the
            /// growing and shrinking that would leave holes in the heap.
            static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        SCRATCH.with(|scratch| {
            let mut text = scratch.borrow_mut();
            text.clear();
            let mut ends = [0; FIELDS];
            let mut ascii = 0;
            for (i, f) in Field::ALL.iter().enumerate() {
                let start = text.len();
                f.fold_into(s, &mut text);
                if text[start..].is_ascii() {
                    ascii |= 1 << i;
                }
                ends[i] = u32::try_from(text.len()).unwrap_or(u32::MAX);
            }
            let doc = Self {
                text: Box::from(text.as_str()),
                ends,
                ascii,
            };
            // A study with a very long field does not keep its room.
            if text.capacity() > 64 * 1024 {
                *text = String::new();
            }
            doc
        })
    }

    pub(super) fn from_raw(r: &Raw) -> Self {
        Self::folded(r.fields())
    }

    /// Folds the fields' texts, in [`Field::ALL`] order.
    fn folded<S: AsRef<str>>(fields: impl Iterator<Item = S>) -> Self {
        let mut text = String::new();
        let mut ends = [0; FIELDS];
        let mut ascii = 0;
        for (i, f) in fields.enumerate().take(FIELDS) {
            let start = text.len();
            fold_into(f.as_ref(), &mut text);
            if text[start..].is_ascii() {
                ascii |= 1 << i;
            }
            ends[i] = u32::try_from(text.len()).unwrap_or(u32::MAX);
        }
        Self {
            text: text.into_boxed_str(),
            ends,
            ascii,
        }
    }

    /// Byte range of field `i` in `text`.
    pub(super) fn range(&self, i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        start..self.ends[i] as usize
    }

    /// Folded text of field `i`.
    pub(super) fn field(&self, i: usize) -> &str {
        self.text.get(self.range(i)).unwrap_or("")
    }

    /// The field holding byte `pos` of `text`.
    pub(super) fn field_at(&self, pos: usize) -> usize {
        self.ends
            .iter()
            .position(|&e| e as usize > pos)
            .unwrap_or(FIELDS - 1)
    }
}

/// Folds every study, in order; above [`PARALLEL_ABOVE`] studies the work is
/// split across the cores (at 100 000 studies folding is a tenth of opening
/// a review).
pub(super) fn fold_all<T: Sync>(studies: &[T], doc: fn(&T) -> Doc) -> Vec<Doc> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    if threads < 2 || studies.len() <= PARALLEL_ABOVE {
        return studies.iter().map(doc).collect();
    }
    let chunk = studies.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = studies
            .chunks(chunk)
            .map(|c| {
                (
                    c,
                    scope.spawn(move || c.iter().map(doc).collect::<Vec<_>>()),
                )
            })
            .collect();
        let mut docs = Vec::with_capacity(studies.len());
        for (c, h) in handles {
            // Folding does not panic; if a thread did, its share is folded
            // again here so the index stays in step with the studies.
            match h.join() {
                Ok(part) => docs.extend(part),
                Err(_) => docs.extend(c.iter().map(doc)),
            }
        }
        docs
    })
}
