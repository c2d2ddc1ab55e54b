//! Text features: every record becomes a sparse vector of TF-IDF weights
//! over the words of its title and abstract, the pairs of neighbouring
//! words, and its keywords (each keyword whole, as indexers assign them).
//!
//! The vocabulary is built from every record, screened or not, as ASReview
//! does: all records are known from the start, and the weight of a rare word
//! does not depend on how far screening has got. Terms are numbered in order
//! of first occurrence, so the same file gives the same features on every
//! machine (no hash-map iteration order is ever used).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::math;
use crate::text::fold::fold_into;

/// The text of one record that the model reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    pub title: String,
    pub abstract_text: String,
    /// Keywords (MeSH headings, author keywords), separated by `;` or line breaks.
    pub keywords: String,
}

/// What goes into the features.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureConfig {
    /// Pairs of neighbouring words ("beta blocker") besides single words.
    pub pairs: bool,
    /// Each keyword, whole, as a feature of its own.
    pub keywords: bool,
    /// Leave out common English words ("the", "of", "with").
    pub stop_words: bool,
    /// Keep tokens made only of digits ("12", "2004").
    pub numbers: bool,
    /// A term must occur in at least this many records to be a feature.
    pub min_df: u32,
    /// … and in at most this share of them.
    pub max_df: f64,
    /// Term frequency as 1 + ln(tf) rather than tf.
    pub sublinear_tf: bool,
    /// The weight of the keyword features relative to the words.
    pub keyword_weight: f32,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            pairs: true,
            keywords: true,
            stop_words: true,
            numbers: false,
            min_df: 2,
            max_df: 1.0,
            sublinear_tf: true,
            keyword_weight: 1.0,
        }
    }
}

/// The records' feature vectors, row by row (compressed sparse rows): each
/// row's terms in increasing order, its weights of unit length (a record
/// with no text at all has an empty row).
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    starts: Vec<usize>,
    terms: Vec<u32>,
    weights: Vec<f32>,
    /// Each row's squared length, as stored (1 up to rounding, 0 if empty).
    sq_norms: Vec<f64>,
    n_terms: usize,
}

impl Features {
    /// The features of `docs`, one row each, in order.
    pub fn build(docs: &[Doc], config: &FeatureConfig) -> Features {
        Features::build_from(docs, config)
    }

    /// [`Features::build`] over records given one by one: given by value
    /// (`Vec<Doc>`), each record's text is freed as soon as it is read, so
    /// the texts and the features are not all in memory at once.
    pub fn build_from<D: std::borrow::Borrow<Doc>>(
        docs: impl IntoIterator<Item = D>,
        config: &FeatureConfig,
    ) -> Features {
        let mut n = 0;
        let mut vocab = Vocab::default();
        let mut raw = Rows::default();
        let mut ids: Vec<u32> = Vec::new();
        let mut buf = String::new();
        let mut words: Vec<u32> = Vec::new();
        for doc in docs {
            let doc = doc.borrow();
            n += 1;
            ids.clear();
            for field in [&doc.title, &doc.abstract_text] {
                words.clear();
                buf.clear();
                fold_into(field, &mut buf);
                for token in buf.split(|c: char| !c.is_alphanumeric()) {
                    if keep(token, config) {
                        words.push(vocab.word(token));
                    }
                }
                ids.extend_from_slice(&words);
                if config.pairs {
                    for pair in words.windows(2) {
                        ids.push(vocab.pair(pair[0], pair[1]));
                    }
                }
            }
            let mut keyword_ids = Vec::new();
            if config.keywords {
                for keyword in doc.keywords.split([';', '\n']) {
                    buf.clear();
                    fold_into(keyword.trim().trim_start_matches('*'), &mut buf);
                    let k = buf.trim();
                    if !k.is_empty() {
                        keyword_ids.push(vocab.keyword(k));
                    }
                }
                keyword_ids.sort_unstable();
                keyword_ids.dedup();
            }
            raw.push(&mut ids, &keyword_ids);
        }
        // The vocabulary's maps go before the weights are worked out.
        let kinds = std::mem::take(&mut vocab.kinds);
        drop(vocab);
        raw.finish(kinds.len(), n, &kinds, config)
    }

    /// The number of rows (records).
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of distinct features (columns).
    pub fn n_terms(&self) -> usize {
        self.n_terms
    }

    /// The number of stored weights over all rows.
    pub fn nnz(&self) -> usize {
        self.terms.len()
    }

    /// Row `i`'s terms and weights.
    pub fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let (a, b) = (self.starts[i], self.starts[i + 1]);
        (&self.terms[a..b], &self.weights[a..b])
    }

    /// The dot product of row `i` with a dense vector.
    pub fn dot(&self, i: usize, w: &[f64]) -> f64 {
        let (terms, weights) = self.row(i);
        terms
            .iter()
            .zip(weights)
            .map(|(&t, &v)| w[t as usize] * v as f64)
            .sum()
    }

    /// Adds `scale` times row `i` to a dense vector.
    pub fn add_to(&self, i: usize, scale: f64, w: &mut [f64]) {
        let (terms, weights) = self.row(i);
        for (&t, &v) in terms.iter().zip(weights) {
            w[t as usize] += scale * v as f64;
        }
    }

    /// The squared length of row `i` (1, or 0 for an empty row).
    pub fn sq_norm(&self, i: usize) -> f64 {
        self.sq_norms[i]
    }

    /// Memory held by the features, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.starts.capacity() * 8
            + self.terms.capacity() * 4
            + self.weights.capacity() * 4
            + self.sq_norms.capacity() * 8
    }
}

/// True when a folded token becomes a feature.
fn keep(token: &str, config: &FeatureConfig) -> bool {
    let mut chars = token.chars();
    if chars.next().is_none() || chars.next().is_none() {
        return false;
    }
    if !config.numbers && token.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    !(config.stop_words && STOP_WORDS.binary_search(&token).is_ok())
}

/// Common English words that say nothing about a record's topic (sorted,
/// for binary search; two letters or more, as shorter tokens never count).
const STOP_WORDS: [&str; 125] = [
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "may",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "would",
    "you",
    "your",
];

/// FxHash (Firefox, rustc): a fast hash for short keys. Only lookups use
/// it; term numbers come from the order of first occurrence.
#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut v = [0u8; 8];
            v[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(v));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(i as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K> = HashMap<K, u32, BuildHasherDefault<Fx>>;

/// The kind of a term: it decides its weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Pair,
    Keyword,
}

/// Terms met so far, numbered in order of first occurrence.
#[derive(Default)]
struct Vocab {
    words: FxMap<Box<str>>,
    pairs: FxMap<(u32, u32)>,
    keywords: FxMap<Box<str>>,
    kinds: Vec<Kind>,
}

impl Vocab {
    fn next(&mut self, kind: Kind) -> u32 {
        self.kinds.push(kind);
        (self.kinds.len() - 1) as u32
    }

    fn word(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.words.get(w) {
            return id;
        }
        let id = self.next(Kind::Word);
        self.words.insert(w.into(), id);
        id
    }

    fn pair(&mut self, a: u32, b: u32) -> u32 {
        if let Some(&id) = self.pairs.get(&(a, b)) {
            return id;
        }
        let id = self.next(Kind::Pair);
        self.pairs.insert((a, b), id);
        id
    }

    fn keyword(&mut self, k: &str) -> u32 {
        if let Some(&id) = self.keywords.get(k) {
            return id;
        }
        let id = self.next(Kind::Keyword);
        self.keywords.insert(k.into(), id);
        id
    }
}

/// Term counts per row before weighting, terms numbered by the vocabulary.
#[derive(Default)]
struct Rows {
    starts: Vec<usize>,
    terms: Vec<u32>,
    counts: Vec<u32>,
}

impl Rows {
    /// Adds a row from its term occurrences (sorted here) and keywords.
    fn push(&mut self, ids: &mut Vec<u32>, keywords: &[u32]) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        ids.extend_from_slice(keywords);
        ids.sort_unstable();
        let mut i = 0;
        while i < ids.len() {
            let mut j = i + 1;
            while j < ids.len() && ids[j] == ids[i] {
                j += 1;
            }
            self.terms.push(ids[i]);
            self.counts.push((j - i) as u32);
            i = j;
        }
        self.starts.push(self.terms.len());
    }

    /// Drops rare terms, numbers the rest densely (in vocabulary order) and
    /// weighs them: (1 + ln tf) · idf, idf = ln((1 + n) / (1 + df)) + 1,
    /// each row scaled to unit length.
    fn finish(
        mut self,
        n_vocab: usize,
        n_docs: usize,
        kinds: &[Kind],
        config: &FeatureConfig,
    ) -> Features {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        let mut df = vec![0u32; n_vocab];
        for &t in &self.terms {
            df[t as usize] += 1;
        }
        let mut column = vec![u32::MAX; n_vocab];
        let mut idf = Vec::new();
        for (t, &d) in df.iter().enumerate() {
            if d >= config.min_df.max(1) && d as f64 <= config.max_df * n_docs as f64 {
                column[t] = idf.len() as u32;
                let weight = match kinds[t] {
                    Kind::Keyword => config.keyword_weight as f64,
                    Kind::Word | Kind::Pair => 1.0,
                };
                idf.push(weight * (math::ln((1 + n_docs) as f64 / (1 + d) as f64) + 1.0));
            }
        }
        // Worked out in place: each kept term's column and weight written
        // over the counts already read (a row's place never moves forward),
        // so the counts and the features are never both in memory.
        let mut terms = std::mem::take(&mut self.terms);
        let mut counts = std::mem::take(&mut self.counts);
        let mut starts = std::mem::take(&mut self.starts);
        let mut row: Vec<f64> = Vec::new();
        let mut w = 0;
        let mut from = starts[0];
        for r in 0..starts.len() - 1 {
            let to = starts[r + 1];
            row.clear();
            let begin = w;
            for k in from..to {
                let c = column[terms[k] as usize];
                if c == u32::MAX {
                    continue;
                }
                let tf = counts[k] as f64;
                let tf = if config.sublinear_tf {
                    1.0 + math::ln(tf)
                } else {
                    tf
                };
                terms[w] = c;
                row.push(tf * idf[c as usize]);
                w += 1;
            }
            let norm = row.iter().map(|v| v * v).sum::<f64>().sqrt();
            for (i, v) in row.iter().enumerate() {
                counts[begin + i] = ((v / norm) as f32).to_bits();
            }
            debug_assert!(terms[begin..w].windows(2).all(|p| p[0] < p[1]));
            from = to;
            starts[r + 1] = w;
        }
        terms.truncate(w);
        terms.shrink_to_fit();
        counts.truncate(w);
        counts.shrink_to_fit();
        // The same allocation, read as the weights they now are.
        let weights: Vec<f32> = counts.into_iter().map(f32::from_bits).collect();
        let sq_norms = (0..starts.len() - 1)
            .map(|r| {
                weights[starts[r]..starts[r + 1]]
                    .iter()
                    .map(|&v| v as f64 * v as f64)
                    .sum()
            })
            .collect();
        Features {
            starts,
            terms,
            weights,
            sq_norms,
            n_terms: idf.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, abstract_text: &str, keywords: &str) -> Doc {
        Doc {
            title: title.into(),
            abstract_text: abstract_text.into(),
            keywords: keywords.into(),
        }
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn words_pairs_and_keywords_become_weighted_unit_rows() {
        let docs = [
            doc(
                "Beta blockers in heart failure",
                "",
                "Heart Failure; *Adrenergic beta-Antagonists",
            ),
            doc("Beta blockers after infarction", "", "heart failure"),
            doc("Antihistamines for rhinitis", "", ""),
        ];
        let config = FeatureConfig {
            min_df: 1,
            ..FeatureConfig::default()
        };
        let f = Features::build(&docs, &config);
        assert_eq!(f.len(), 3);
        // Doc 0: beta, blockers, heart, failure (stop word "in" dropped);
        // pairs beta·blockers, blockers·heart, heart·failure; two keywords.
        assert_eq!(f.row(0).0.len(), 4 + 3 + 2);
        // Doc 1 shares beta, blockers, beta·blockers and the keyword
        // "heart failure" (folded: case and the major-topic star ignored).
        let (t0, _) = f.row(0);
        let (t1, _) = f.row(1);
        let shared = t1.iter().filter(|t| t0.contains(t)).count();
        assert_eq!(shared, 4);
        for i in 0..3 {
            assert!((f.sq_norm(i) - 1.0).abs() < 1e-6);
        }
        // A term in every record weighs less than one in a single record.
        let (t, w) = f.row(1);
        let beta = w[t.iter().position(|&x| x == t0[0]).unwrap_or(0)];
        let infarction = w[t.iter().position(|x| !t0.contains(x)).unwrap_or(0)];
        assert!(beta < infarction, "{beta} < {infarction}");
    }

    #[test]
    fn rare_terms_numbers_and_short_tokens_are_left_out() {
        let docs = [
            doc("Placebo 2004 x trial", "", ""),
            doc("placebo controlled trial", "", ""),
        ];
        let f = Features::build(&docs, &FeatureConfig::default());
        // min_df 2: only "placebo" and "trial" are in both ("placebo trial"
        // is a pair in the first only, "2004" and "x" are never tokens).
        assert_eq!(f.n_terms(), 2);
        assert_eq!(f.row(0).0, &[0, 1]);
        assert_eq!(f.row(1).0, &[0, 1]);
    }

    #[test]
    fn an_empty_record_has_an_empty_row_and_the_numbering_is_stable() {
        let docs = [
            doc("", "", ""),
            doc("Quality of life", "Quality matters", ""),
        ];
        let a = Features::build(&docs, &FeatureConfig::default());
        let b = Features::build(&docs, &FeatureConfig::default());
        assert_eq!(a, b);
        assert!(a.row(0).0.is_empty());
        assert_eq!(a.sq_norm(0), 0.0);
        assert!(Features::build(&[], &FeatureConfig::default()).is_empty());
    }
}
