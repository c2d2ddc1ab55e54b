//! Fuzzy search over studies: the one place that knows the fuzzy matcher.
//!
//! Text is folded before matching (lower case, accents removed, letters such
//! as ø, ł and ß spelled out), so "soderstrom" finds Søderstrøm and "MULLER"
//! finds Müller. A query is split on white space; every term must match some
//! field (title, authors, journal, year, DOI, tags, notes or keywords; not
//! the abstract, which would make the index large), and the score
//! is the sum of each term's best field score.
//!
//! A term matches a field in one of three ways, each ranked below the one
//! before: contiguously (the folded term occurs in the folded field), by
//! scattered letters (a compact fuzzy match: "physiotherpy", "grp"), or —
//! for a term of five letters or more — by a typing error: a word of the
//! field begins within one edit of the term ("trsut" finds "trust"; see
//! `typo`).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use crate::model::Study;
use crate::text::fold::fold;

mod doc;
mod searcher;
mod typo;
pub use doc::Doc;
use doc::{Folded, Raw, fold_all, fold_into};
pub use searcher::{Answer, Searcher};

/// A searchable field of a study.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    /// Authors joined with "; " (so the first author's family name is a prefix).
    Authors,
    Journal,
    Year,
    Doi,
    /// Tags joined with ", ".
    Tags,
    Notes,
    /// The record's keywords joined with "; ".
    Keywords,
}

impl Field {
    /// Every field, in index order.
    pub const ALL: [Field; 8] = [
        Field::Title,
        Field::Authors,
        Field::Journal,
        Field::Year,
        Field::Doi,
        Field::Tags,
        Field::Notes,
        Field::Keywords,
    ];

    /// The text of this field as it is searched (before folding).
    pub fn text(self, s: &Study) -> String {
        match self {
            Field::Title => s.title.clone(),
            Field::Authors => s.authors.join("; "),
            Field::Journal => s.journal.clone().unwrap_or_default(),
            Field::Year => s.year.map(|y| y.to_string()).unwrap_or_default(),
            Field::Doi => s.doi.clone().unwrap_or_default(),
            Field::Tags => s.tags.join(", "),
            Field::Notes => s.notes.clone().unwrap_or_default(),
            Field::Keywords => s.keywords.join("; "),
        }
    }

    /// Appends this field's text, folded, to `out`: [`Field::text`] then
    /// [`fold`], without the copy in between.
    fn fold_into(self, s: &Study, out: &mut String) {
        let list = |items: &[String], sep: &str, out: &mut String| {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    fold_into(sep, out);
                }
                fold_into(item, out);
            }
        };
        match self {
            Field::Title => fold_into(&s.title, out),
            Field::Authors => list(&s.authors, "; ", out),
            Field::Journal => fold_into(s.journal.as_deref().unwrap_or(""), out),
            Field::Year => {
                if let Some(y) = s.year {
                    use std::fmt::Write as _;
                    let _ = write!(out, "{y}");
                }
            }
            Field::Doi => fold_into(s.doi.as_deref().unwrap_or(""), out),
            Field::Tags => list(&s.tags, ", ", out),
            Field::Notes => fold_into(s.notes.as_deref().unwrap_or(""), out),
            Field::Keywords => list(&s.keywords, "; ", out),
        }
    }
}

/// Index of the notes field in [`Field::ALL`].
const NOTES: usize = 6;

/// Highlights are found within this many characters of a field's start.
pub const HIGHLIGHT_CHARS: usize = 4096;

/// Number of searchable fields.
const FIELDS: usize = Field::ALL.len();

/// Above this many studies the index is folded in the background.
const BACKGROUND_ABOVE: usize = 5_000;

/// Above this many candidates a search is split across the cores.
const PARALLEL_ABOVE: usize = 2_000;

/// A folded query term and its substring finder, built once per query.
struct Term {
    text: String,
    finder: memchr::memmem::Finder<'static>,
    /// For a term long enough to match with a typing error.
    typo: Option<typo::Typo>,
}

impl Term {
    fn new(text: String) -> Self {
        let finder = memchr::memmem::Finder::new(text.as_bytes()).into_owned();
        let typo = typo::Typo::new(&text);
        Self { text, finder, typo }
    }
}

/// How a term matched its best field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Contiguous,
    Scattered,
    /// A word beginning within one edit of the term.
    Typo,
}

/// A term's best field in a study: its index in [`Field::ALL`], the score
/// and how it matched.
#[derive(Debug, Clone, Copy)]
struct Best {
    field: usize,
    score: i64,
    kind: Kind,
}

/// What a match by a typing error scores, before the small bonus of where
/// it is: far below any study that matches every term without one (a
/// contiguous match scores about 10 000, a scattered one a few hundred),
/// so typing errors rank last, fewest first.
const TYPO: i64 = -1_000_000;

/// A study that matched, by its position in the indexed list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: i64,
}

impl Hit {
    /// True when some term of the query matched this study only by a
    /// typing error (such hits come after every other).
    pub fn by_typo(&self) -> bool {
        self.score < TYPO / 2
    }
}

/// Cheap to clone (the folded text is shared), so a [`Searcher`] thread can
/// search the index the interface holds; an edit while a clone is out copies
/// the text once ([`SearchIndex::update`]).
///
/// The terminal interface gets its index from the loader, which folds each
/// study on its own threads as it reads the file ([`SearchIndex::from_docs`],
/// `store::load_indexed`), and keeps it in step with the list by updating,
/// pushing, removing and reordering studies, never by folding it all again.
/// [`SearchIndex::new`] indexes studies already in memory; above 5 000
/// studies it folds them on a thread of its own, and
/// the first search waits for it if it is not done yet.
#[derive(Clone)]
pub struct SearchIndex {
    built: Arc<Built>,
    len: usize,
    matcher: Arc<SkimMatcherV2>,
}

/// The folded studies, or the thread folding them.
struct Built {
    docs: OnceLock<Vec<Doc>>,
    /// The folding thread (it owns the unfolded copy and frees it when done).
    job: Mutex<Option<JoinHandle<Vec<Doc>>>>,
}

impl Built {
    fn ready(docs: Vec<Doc>) -> Self {
        Self {
            docs: OnceLock::from(docs),
            job: Mutex::new(None),
        }
    }

    fn docs(&self) -> &[Doc] {
        self.docs.get_or_init(|| {
            let job = match self.job.lock() {
                Ok(mut j) => j.take(),
                Err(poisoned) => poisoned.into_inner().take(),
            };
            match job.map(JoinHandle::join) {
                Some(Ok(docs)) => docs,
                // Folding panicked on its thread: as it would have here.
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None => Vec::new(),
            }
        })
    }
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SearchIndex({} studies)", self.len)
    }
}

/// True when every character of `needle` appears in `hay` in order: a cheap
/// test that rules out most non-matches before the scorer runs.
fn subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.chars();
    needle.chars().all(|n| hay.any(|h| h == n))
}

/// The widest span (in characters) a scattered match of a `len`-character
/// term may cover.
fn max_span(len: usize) -> usize {
    len + (len / 2).max(2)
}

/// True when `hay` holds the bytes of `needle` in order within a window of
/// at most `span` bytes: a cheap test that rules out most non-matches before
/// the fuzzy scorer runs. Exact for ASCII text (where bytes are characters).
fn compact_subsequence(needle: &[u8], hay: &[u8], span: usize) -> bool {
    let Some(&first) = needle.first() else {
        return true;
    };
    for (start, _) in hay.iter().enumerate().filter(|(_, b)| **b == first) {
        let end = (start + span).min(hay.len());
        let mut rest = needle[1..].iter().peekable();
        for &b in &hay[start + 1..end] {
            if rest.peek() == Some(&&b) {
                rest.next();
            }
        }
        if rest.peek().is_none() {
            return true;
        }
    }
    false
}

/// Score of a contiguous match of a `len`-byte term at byte `pos` of `text`
/// in field `field`: above any scattered match, better at a word start and
/// nearer the beginning, and a little better in the title and authors.
fn contiguous_score(text: &str, pos: usize, len: usize, field: usize) -> i64 {
    let word_start = text[..pos]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    let mut score = 10_000 + 20 * len as i64 - (pos.min(200) as i64);
    if word_start {
        score += 300;
    }
    if field <= 1 {
        score += 100;
    }
    score
}

/// Score of a match by a typing error at byte `pos` of a field (always at
/// a word start): below every other kind of match, then like a contiguous
/// one, nearer the beginning and in the title or authors first.
fn typo_score(pos: usize, len: usize, field: usize) -> i64 {
    let mut score = TYPO + 20 * len as i64 - (pos.min(200) as i64);
    if field <= 1 {
        score += 100;
    }
    score
}

/// Splits and folds a query into its terms' texts.
fn folded_terms(query: &str) -> impl Iterator<Item = String> {
    query.split_whitespace().map(fold).filter(|t| !t.is_empty())
}

/// Splits and folds a query into terms.
fn terms(query: &str) -> Vec<Term> {
    folded_terms(query).map(Term::new).collect()
}

/// True when every study matching `longer` is sure to match `shorter`, so
/// that a search for `longer` may look only among the hits of `shorter`:
/// when each term of `shorter` is a term of `longer` (every term must
/// match, and whether a term matches a study does not depend on the other
/// terms). A term that only grew ("phy" to "phys") gives no such
/// guarantee: a study can match the longer term by scattered letters or a
/// typing error and not the shorter one.
pub fn narrows(shorter: &str, longer: &str) -> bool {
    let long: Vec<String> = folded_terms(longer).collect();
    folded_terms(shorter).all(|t| long.contains(&t))
}

impl SearchIndex {
    /// Indexes `studies` in order; hits refer to positions in that order.
    pub fn new<'a>(studies: impl IntoIterator<Item = &'a Study>) -> Self {
        let studies: Vec<&Study> = studies.into_iter().collect();
        let len = studies.len();
        let matcher = Arc::new(SkimMatcherV2::default().ignore_case());
        if len > BACKGROUND_ABOVE {
            let raw: Vec<Raw> = studies.iter().map(|s| Raw::new(s)).collect();
            let spawned = std::thread::Builder::new()
                .name("litrev-index".into())
                .spawn(move || fold_all(&raw, Doc::from_raw));
            if let Ok(handle) = spawned {
                return Self {
                    built: Arc::new(Built {
                        docs: OnceLock::new(),
                        job: Mutex::new(Some(handle)),
                    }),
                    len,
                    matcher,
                };
            }
        }
        Self {
            built: Arc::new(Built::ready(fold_all(&studies, |s| Doc::new(s)))),
            len,
            matcher,
        }
    }

    /// An index of studies already folded, in order (one [`Doc::new`] per
    /// study; the loader makes them on its threads as it reads the files).
    pub fn from_docs(docs: Vec<Doc>) -> Self {
        Self {
            len: docs.len(),
            built: Arc::new(Built::ready(docs)),
            matcher: Arc::new(SkimMatcherV2::default().ignore_case()),
        }
    }

    /// Number of indexed studies.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The best-scoring field for `term` in `doc`: (field index, score, byte
    /// offset of a contiguous match if there is one).
    ///
    /// A contiguous match is scored without the fuzzy matcher (it is both the
    /// common case and the best kind of match, so it always outranks a
    /// scattered one); only terms with no contiguous match anywhere in the
    /// study go through the fuzzy scorer. This keeps a keystroke over 10 000
    /// studies well inside one frame.
    fn best_field(&self, doc: &Doc, term: &Term) -> Option<Best> {
        let mut best: Option<Best> = None;
        let hay = doc.text.as_bytes();
        let len = term.text.len();
        // The first occurrence within each field, in one left-to-right walk
        // over the study's text: a match that runs over the end of a field
        // is no match, and the search goes on after its first byte.
        let mut from = 0;
        while let Some(at) = hay.get(from..).and_then(|h| term.finder.find(h)) {
            let pos = from + at;
            let fi = doc.field_at(pos);
            let range = doc.range(fi);
            if pos + len > range.end {
                from = pos + 1;
                continue;
            }
            let score = contiguous_score(doc.field(fi), pos - range.start, len, fi);
            if best.is_none_or(|b| score > b.score) {
                best = Some(Best {
                    field: fi,
                    score,
                    kind: Kind::Contiguous,
                });
            }
            from = range.end;
        }
        if best.is_some() {
            return best;
        }
        let typo = term.typo.as_ref();
        let term = term.text.as_str();
        for fi in 0..FIELDS {
            let f = doc.field(fi);
            // Scattered letters across a paragraph of notes match almost
            // anything; notes match only contiguously.
            if fi == NOTES || f.len() < term.len() {
                continue;
            }
            if doc.ascii & (1 << fi) != 0 && term.is_ascii() {
                // Bytes are characters: the compact test (which implies the
                // letters are there in order) is all that is needed.
                if !compact_subsequence(term.as_bytes(), f.as_bytes(), max_span(term.len())) {
                    continue;
                }
            } else if !subsequence(term, f) {
                continue;
            }
            if let Some(score) = self.scattered(f, term)
                && best.is_none_or(|b| score > b.score)
            {
                best = Some(Best {
                    field: fi,
                    score,
                    kind: Kind::Scattered,
                });
            }
        }
        if best.is_some() {
            return best;
        }
        // Last, a typing error, in any field (notes too: a word one edit
        // away is no accident of scattered letters).
        let typo = typo?;
        for fi in 0..FIELDS {
            let Some((pos, len)) = typo.find(doc.field(fi), doc.ascii & (1 << fi) != 0) else {
                continue;
            };
            let score = typo_score(pos, len, fi);
            if best.is_none_or(|b| score > b.score) {
                best = Some(Best {
                    field: fi,
                    score,
                    kind: Kind::Typo,
                });
            }
        }
        best
    }

    fn score(&self, doc: &Doc, terms: &[Term]) -> Option<i64> {
        let mut total = 0;
        for t in terms {
            total += self.best_field(doc, t)?.score;
        }
        Some(total)
    }

    /// The fuzzy score of a scattered match, if it is compact enough to be
    /// what the user meant: a typo or a dropped letter ("physiotherpy",
    /// "grp" for "group"), not letters picked from across a sentence
    /// ("soder" in "something of the deep rest").
    fn scattered(&self, text: &str, term: &str) -> Option<i64> {
        let (score, idx) = self.matcher.fuzzy_indices(text, term)?;
        let span = idx.last()? - idx.first()? + 1;
        let len = term.chars().count();
        (span <= max_span(len)).then_some(score)
    }

    /// Every study matching `query`, best first (ties in index order). An
    /// empty query matches everything, in index order.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        self.search_among(query, 0..self.len)
    }

    /// Like [`search`](Self::search), but only among `candidates` (for
    /// narrowing as a query grows, or searching inside a filter).
    pub fn search_among(
        &self,
        query: &str,
        candidates: impl IntoIterator<Item = usize>,
    ) -> Vec<Hit> {
        let docs = self.built.docs();
        self.search_docs(query, candidates, |i| {
            docs.get(i).map(std::borrow::Cow::Borrowed)
        })
    }

    /// Like [`search_among`](Self::search_among) over `study(i)` for each
    /// candidate `i`, with the same results, but without an index: each
    /// study's folded text is made, searched and dropped. For a command
    /// that searches once (`list --search`), where an index of every study
    /// would only cost memory.
    pub fn search_once<'a>(
        query: &str,
        candidates: impl IntoIterator<Item = usize>,
        study: impl Fn(usize) -> Option<&'a Study> + Sync,
    ) -> Vec<Hit> {
        let none = SearchIndex::new(std::iter::empty());
        none.search_docs(query, candidates, |i| {
            study(i).map(|s| std::borrow::Cow::Owned(Doc::new(s)))
        })
    }

    fn search_docs<'d>(
        &self,
        query: &str,
        candidates: impl IntoIterator<Item = usize>,
        doc_of: impl Fn(usize) -> Option<std::borrow::Cow<'d, Doc>> + Sync,
    ) -> Vec<Hit> {
        let terms = terms(query);
        let candidates: Vec<usize> = candidates.into_iter().collect();
        let run = |chunk: &[usize]| -> Vec<Hit> {
            chunk
                .iter()
                .filter_map(|&i| {
                    let doc = doc_of(i)?;
                    let score = if terms.is_empty() {
                        0
                    } else {
                        self.score(&doc, &terms)?
                    };
                    Some(Hit { index: i, score })
                })
                .collect()
        };
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(8);
        let mut hits: Vec<Hit> =
            if threads > 1 && candidates.len() > PARALLEL_ABOVE && !terms.is_empty() {
                let chunk = candidates.len().div_ceil(threads);
                std::thread::scope(|s| {
                    let handles: Vec<_> = candidates
                        .chunks(chunk)
                        .map(|c| s.spawn(move || run(c)))
                        .collect();
                    handles
                        .into_iter()
                        .flat_map(|h| h.join().unwrap_or_default())
                        .collect()
                })
            } else {
                run(&candidates)
            };
        // Positions are unique, so the order is total and an unstable sort
        // gives the same list.
        hits.sort_unstable_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
        hits
    }

    /// Character positions (in the original text of `field`) that `query`
    /// matched in study `index`, for highlighting; `study` is the study
    /// indexed there. Computed only when asked (for the rows on screen), so
    /// the index keeps no per-character map, and only within the first
    /// [`HIGHLIGHT_CHARS`] characters of the field.
    pub fn highlights(&self, index: usize, study: &Study, field: Field, query: &str) -> Vec<usize> {
        let Some(doc) = self.built.docs().get(index) else {
            return Vec::new();
        };
        let fi = Field::ALL.iter().position(|f| *f == field).unwrap_or(0);
        let text = field.text(study);
        // No screen shows a cell this far in; a huge field is not folded
        // whole on every frame.
        let shown = text
            .char_indices()
            .nth(HIGHLIGHT_CHARS)
            .map_or(text.as_str(), |(end, _)| &text[..end]);
        let folded = Folded::new(shown);
        let mut out = Vec::new();
        for t in terms(query) {
            // A contiguous match is shown wherever it occurs; a scattered one
            // or a typing error only in the field that scored best for it.
            let chars = |from: usize, len: usize| -> Vec<usize> {
                let start = folded.text.get(..from).map_or(0, |s| s.chars().count());
                let n = folded
                    .text
                    .get(from..from + len)
                    .map_or(0, |s| s.chars().count());
                (start..start + n).collect()
            };
            let idx: Vec<usize> = if let Some(pos) = t.finder.find(folded.text.as_bytes()) {
                chars(pos, t.text.len())
            } else {
                match self.best_field(doc, &t) {
                    Some(b) if b.field != fi => continue,
                    None => continue,
                    Some(Best {
                        kind: Kind::Typo, ..
                    }) => {
                        let ascii = folded.text.is_ascii();
                        match t.typo.as_ref().and_then(|ty| ty.find(&folded.text, ascii)) {
                            Some((pos, len)) => chars(pos, len),
                            None => continue,
                        }
                    }
                    // The same alignment `scattered` accepted.
                    Some(_) => self
                        .matcher
                        .fuzzy_indices(&folded.text, &t.text)
                        .map(|(_, i)| i)
                        .unwrap_or_default(),
                }
            };
            out.extend(
                idx.iter()
                    .filter_map(|&i| folded.origin.get(i).map(|&o| o as usize)),
            );
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The folded studies, to change: copied first when a clone is out on a
    /// search thread (it keeps the text it has). `None` only if the index
    /// could not be made (never in practice).
    fn docs_mut(&mut self) -> Option<&mut Vec<Doc>> {
        if Arc::get_mut(&mut self.built).is_none() {
            let copy = Built::ready(self.built.docs().to_vec());
            self.built = Arc::new(copy);
        }
        let built = Arc::get_mut(&mut self.built)?;
        built.docs();
        built.docs.get_mut()
    }

    /// Re-indexes study `index` after an edit.
    pub fn update(&mut self, index: usize, study: &Study) {
        if index >= self.len {
            return;
        }
        if let Some(d) = self.docs_mut().and_then(|docs| docs.get_mut(index)) {
            *d = Doc::new(study);
        }
    }

    /// Indexes a study added at the end of the list.
    pub fn push(&mut self, study: &Study) {
        if let Some(docs) = self.docs_mut() {
            docs.push(Doc::new(study));
            self.len = docs.len();
        }
    }

    /// Drops study `index`, as `Vec::remove` drops it from the list.
    pub fn remove(&mut self, index: usize) {
        if let Some(docs) = self.docs_mut().filter(|d| index < d.len()) {
            docs.remove(index);
            self.len = docs.len();
        }
    }

    /// Keeps the studies for which `keep` (called with each position, in
    /// order) is true, as `Vec::retain` keeps them in the list.
    pub fn retain(&mut self, mut keep: impl FnMut(usize) -> bool) {
        if let Some(docs) = self.docs_mut() {
            let mut i = 0;
            docs.retain(|_| {
                i += 1;
                keep(i - 1)
            });
            self.len = docs.len();
        }
    }

    /// Puts the studies in a new order: afterwards study `i` is the one
    /// that was at `order[i]` (the list sorted the same way beside it).
    pub fn reorder(&mut self, order: &[usize]) {
        if let Some(docs) = self.docs_mut().filter(|d| d.len() == order.len()) {
            permute(docs, order.to_vec());
        }
    }
}

/// Puts `v` in `order` in place: afterwards `v[i]` is what was at
/// `v[order[i]]` (`order` is a permutation of `0..v.len()`).
pub fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len().min(v.len()) {
        // Follow the cycle through `start`: each position takes the element
        // it wants, which leaves the element that was there where the next
        // position of the cycle wants it.
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start || from >= v.len() {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests;
