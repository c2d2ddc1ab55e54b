//! Duplicates: records that are the same are merged; records that may be
//! the same are listed for a person to decide.
//!
//! Two records are the same (merged without asking) when they share a DOI,
//! a PubMed id, or their normalised title, year and first author. A pair a
//! reviewer marked "same record" in `screening/duplicates.tsv` is merged
//! too. A merged record keeps every source it came from, takes the fields
//! the first lacks from the others, and answers to every key of its parts
//! (so a decision made under one of them still finds it).
//!
//! Possibly the same, listed in `litrev screen duplicates` and the screening
//! screen, unless a reviewer marked the pair "not the same": the same title
//! with another year or first author; DOIs of one work (a preprint's `v1`
//! and `v2`, a DOI and one that extends it); titles nearly the same (found
//! by comparing each title with its neighbours in sorted order, forwards
//! and backwards, so a change at either end is caught).

use std::collections::{HashMap, HashSet};

use super::key;
use super::records::Raw;
use super::records::texts::TextRef;
use crate::interop::Origin;
use crate::interop::plan::title_key;
use crate::model::Study;

/// One record to screen: one or more records of the exports, merged.
#[derive(Debug, Clone)]
pub struct Record {
    /// Its key ([`key::of`] its best part: a DOI before a PMID before a hash).
    pub key: String,
    /// The other keys it answers to, sorted.
    pub aliases: Vec<String>,
    /// Its fields; the abstract set apart in `text` (see
    /// [`super::Screening::abstract_of`]).
    pub study: Study,
    /// Its abstract, among the review's texts.
    pub text: Option<TextRef>,
    /// Where it was found: search index and place in the export.
    pub sources: Vec<(usize, Origin)>,
}

/// A pair of records that may be the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Possible {
    /// Indices into the records, `a < b`.
    pub a: usize,
    pub b: usize,
    /// Why they were paired ("same title, other year").
    pub why: &'static str,
}

/// Every reason a pair is listed for ([`Possible::why`]).
pub const WHYS: [&str; 6] = [
    "same title, other year",
    "same title, other first author",
    "same title, other year and first author",
    "versions of one DOI",
    "one DOI extends the other",
    "similar title",
];

/// The records after merging.
#[derive(Debug, Clone, Default)]
pub struct Deduped {
    pub records: Vec<Record>,
    /// Every key and alias → its record.
    pub index: HashMap<String, usize>,
    pub possible: Vec<Possible>,
    /// Records merged into another because a reviewer said so.
    pub merged_by_hand: usize,
}

/// A reviewer's answer about a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pair {
    Same,
    Different,
}

struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    /// Joins the sets of `a` and `b`; true when they were apart.
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return false;
        }
        // The earlier record stays the root, so a group is named by its
        // first record.
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        self.0[hi] = lo;
        true
    }
}

/// Every key a record of an export answers to.
fn raw_keys(s: &Study) -> Vec<String> {
    let mut k = Vec::with_capacity(3);
    if let Some(d) = key::doi(s) {
        k.push(format!("doi:{d}"));
    }
    if let Some(p) = key::pmid(s) {
        k.push(format!("pmid:{p}"));
    }
    match key::identity(s) {
        Some(i) => k.push(format!("hash:{}", key::hash(&i))),
        // Its own key ([`key::of`]) when it has nothing better.
        None if k.is_empty() => k.push(key::written_hash(s)),
        None => {}
    }
    k
}

/// Every record's keys, worked out on every core (a SHA-256 and a folded
/// title each).
fn all_keys(raws: &[Raw]) -> Vec<Vec<String>> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    if threads == 1 || raws.len() < 2_000 {
        return raws.iter().map(|r| raw_keys(&r.study)).collect();
    }
    let chunk = raws.len().div_ceil(threads);
    std::thread::scope(|s| {
        let parts: Vec<_> = raws
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(|r| raw_keys(&r.study)).collect::<Vec<_>>()))
            .collect();
        parts
            .into_iter()
            .zip(raws.chunks(chunk))
            .flat_map(|(h, c)| {
                // A part whose thread panicked is worked out here instead.
                h.join()
                    .unwrap_or_else(|_| c.iter().map(|r| raw_keys(&r.study)).collect())
            })
            .collect()
    })
}

/// The order keys are preferred in: DOI, PMID, hash; then the smallest.
fn rank(k: &str) -> (u8, &str) {
    let kind = if k.starts_with("doi:") {
        0
    } else if k.starts_with("pmid:") {
        1
    } else {
        2
    };
    (kind, k)
}

/// Fills what `into` lacks from `from`.
fn fill(into: &mut Study, from: Study) {
    fn opt<T>(a: &mut Option<T>, b: Option<T>) {
        if a.is_none() {
            *a = b;
        }
    }
    if into.title.is_empty() {
        into.title = from.title;
    }
    if into.authors.is_empty() {
        into.authors = from.authors;
    }
    if into.keywords.is_empty() {
        into.keywords = from.keywords;
    }
    opt(&mut into.year, from.year);
    opt(&mut into.journal, from.journal);
    opt(&mut into.volume, from.volume);
    opt(&mut into.issue, from.issue);
    opt(&mut into.pages, from.pages);
    opt(&mut into.doi, from.doi);
    opt(&mut into.pmid, from.pmid);
    opt(&mut into.url, from.url);
}

/// The length of a record's abstract, held in its fields or set apart.
fn abstract_len(s: &Study, text: Option<TextRef>) -> Option<usize> {
    s.r#abstract
        .as_ref()
        .map(String::len)
        .or(text.map(|t| t.len()))
}

/// Merges the records of the exports. `pairs`: the reviewers' answers about
/// pairs of keys, in file order.
pub fn dedupe(raws: Vec<Raw>, pairs: &[(String, String, Pair)]) -> Deduped {
    let n = raws.len();
    let mut sets = Sets((0..n).collect());
    let keys = all_keys(&raws);
    // The first record holding each key; a later one with the same key
    // joins it. The own hash key of a record with no identity (a short
    // title) is not an identity: it joins only records written the same.
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(n * 2);
    for (i, ks) in keys.iter().enumerate() {
        for k in ks {
            match first.get(k.as_str()) {
                Some(&j) => {
                    sets.union(i, j);
                }
                None => {
                    first.insert(k.as_str(), i);
                }
            }
        }
    }
    let mut merged_by_hand = 0;
    for (a, b, answer) in pairs {
        if *answer != Pair::Same {
            continue;
        }
        if let (Some(&i), Some(&j)) = (first.get(a.as_str()), first.get(b.as_str()))
            && sets.union(i, j)
        {
            merged_by_hand += 1;
        }
    }
    // Groups in the order of their first record.
    let mut group_of: Vec<usize> = vec![usize::MAX; n];
    let mut members: Vec<Vec<usize>> = Vec::new();
    for i in 0..n {
        let root = sets.find(i);
        if group_of[root] == usize::MAX {
            group_of[root] = members.len();
            members.push(Vec::new());
        }
        let g = group_of[root];
        group_of[i] = g;
        members[g].push(i);
    }
    drop(first);
    // The records taken out one by one (in place: no second array of them).
    let mut raws: Vec<Option<Raw>> = raws.into_iter().map(Some).collect();
    let mut records = Vec::with_capacity(members.len());
    let mut index = HashMap::with_capacity(n * 2);
    for (g, m) in members.iter().enumerate() {
        let mut all: Vec<&String> = m.iter().flat_map(|&i| keys[i].iter()).collect();
        all.sort_by(|a, b| rank(a).cmp(&rank(b)));
        all.dedup();
        let primary = all[0].clone();
        let aliases: Vec<String> = {
            let mut v: Vec<String> = all[1..].iter().map(|s| (*s).clone()).collect();
            v.sort();
            v
        };
        let mut sources = Vec::with_capacity(m.len());
        let mut study: Option<Study> = None;
        let mut text: Option<TextRef> = None;
        for &i in m {
            if let Some(mut r) = raws[i].take() {
                sources.push((r.search, r.origin));
                match study.as_mut() {
                    None => {
                        study = Some(r.study);
                        text = r.text;
                    }
                    Some(s) => {
                        // The longest abstract of the parts.
                        let longer = match (abstract_len(s, text), abstract_len(&r.study, r.text)) {
                            (None, b) => b.is_some(),
                            (Some(a), Some(b)) => b > a,
                            (Some(_), None) => false,
                        };
                        if longer {
                            s.r#abstract = r.study.r#abstract.take();
                            text = r.text;
                        }
                        fill(s, r.study);
                    }
                }
            }
        }
        let study = study.unwrap_or_default();
        for k in std::iter::once(&primary).chain(&aliases) {
            index.entry(k.clone()).or_insert(g);
        }
        records.push(Record {
            key: primary,
            aliases,
            study,
            text,
            sources,
        });
    }
    let different: HashSet<(usize, usize)> = pairs
        .iter()
        .filter(|(_, _, a)| *a == Pair::Different)
        .filter_map(|(a, b, _)| {
            let (x, y) = (*index.get(a)?, *index.get(b)?);
            Some((x.min(y), x.max(y)))
        })
        .collect();
    let possible = possible(&records, &different);
    Deduped {
        records,
        index,
        possible,
        merged_by_hand,
    }
}

/// A DOI without a trailing version (`…123v2` → `…123`).
fn doi_base(d: &str) -> &str {
    let t = d.trim_end_matches(|c: char| c.is_ascii_digit());
    match t.strip_suffix('v') {
        Some(b) if t.len() < d.len() && !b.is_empty() => b.trim_end_matches('.'),
        _ => d,
    }
}

/// Character-bigram similarity (Dice) of two strings, 0 to 1.
fn dice(a: &str, b: &str) -> f64 {
    fn grams(s: &str) -> Vec<u64> {
        let cs: Vec<char> = s.chars().collect();
        let mut g: Vec<u64> = cs
            .windows(2)
            .map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]))
            .collect();
        g.sort_unstable();
        g
    }
    let (x, y) = (grams(a), grams(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (x.len() + y.len()) as f64
}

/// Titles shorter than this (letters and digits) are not compared: short
/// titles ("Editorial", "Letter") repeat without being the same record.
const MIN_TITLE: usize = 20;
/// How similar two titles must be to be listed.
const SIMILAR: f64 = 0.9;
/// How many neighbours in sorted order each title is compared with.
const WINDOW: usize = 3;
/// True when two titles share a beginning and an end that together make
/// up most of the longer (four fifths): what a title keeps when a word or
/// a few letters in it changed. Only such pairs are compared in full —
/// comparing every neighbour cost more than reading the exports.
fn alike_ends(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let s = a[p..]
        .iter()
        .rev()
        .zip(b[p..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (p + s) * 5 >= a.len().max(b.len()) * 4
}

fn possible(records: &[Record], different: &HashSet<(usize, usize)>) -> Vec<Possible> {
    let mut found: HashMap<(usize, usize), &'static str> = HashMap::new();
    let mut add = |a: usize, b: usize, why: &'static str| {
        if a == b {
            return;
        }
        let p = (a.min(b), a.max(b));
        if !different.contains(&p) {
            found.entry(p).or_insert(why);
        }
    };
    let titles: Vec<String> = records.iter().map(|r| title_key(&r.study.title)).collect();
    // The same title, another year or first author.
    let mut by_title: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, t) in titles.iter().enumerate() {
        if t.chars().count() >= MIN_TITLE {
            by_title.entry(t.as_str()).or_default().push(i);
        }
    }
    for group in by_title.values() {
        let Some((&head, rest)) = group.split_first() else {
            continue;
        };
        // A title shared by many records is a series' title, not a duplicate.
        if rest.len() > 8 {
            continue;
        }
        for &o in rest {
            let (a, b) = (&records[head].study, &records[o].study);
            let why = match (
                a.year == b.year,
                key::first_author(a) == key::first_author(b),
            ) {
                (false, true) => WHYS[0],
                (true, false) => WHYS[1],
                _ => WHYS[2],
            };
            add(head, o, why);
        }
    }
    // DOIs of one work.
    let mut dois: Vec<(String, usize)> = records
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            std::iter::once(&r.key)
                .chain(&r.aliases)
                .filter_map(|k| k.strip_prefix("doi:"))
                .map(move |d| (d.to_string(), i))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut by_base: HashMap<&str, usize> = HashMap::new();
    for (d, i) in &dois {
        let base = doi_base(d);
        match by_base.get(base) {
            Some(&j) => add(j, *i, WHYS[3]),
            None => {
                by_base.insert(base, *i);
            }
        }
    }
    dois.sort();
    for (k, (d, i)) in dois.iter().enumerate() {
        for (e, j) in dois.iter().skip(k + 1).take(WINDOW) {
            if let Some(rest) = e.strip_prefix(d.as_str())
                && rest.starts_with(['.', '/', '-', '_'])
            {
                add(*i, *j, WHYS[4]);
            }
        }
    }
    // Nearly the same title: neighbours in sorted order, and in the order
    // of the titles read backwards.
    let long: Vec<usize> = (0..records.len())
        .filter(|&i| titles[i].chars().count() >= MIN_TITLE)
        .collect();
    for backwards in [false, true] {
        let mut sorted = long.clone();
        if backwards {
            sorted.sort_by(|&a, &b| titles[a].bytes().rev().cmp(titles[b].bytes().rev()));
        } else {
            sorted.sort_by(|&a, &b| titles[a].cmp(&titles[b]));
        }
        for (k, &i) in sorted.iter().enumerate() {
            for &j in sorted.iter().skip(k + 1).take(WINDOW) {
                let (a, b) = (&titles[i], &titles[j]);
                let (la, lb) = (a.len(), b.len());
                if a == b || la.max(lb) * 10 > la.min(lb) * 12 || !alike_ends(a, b) {
                    continue;
                }
                if dice(a, b) >= SIMILAR {
                    add(i, j, WHYS[5]);
                }
            }
        }
    }
    let mut out: Vec<Possible> = found
        .into_iter()
        .map(|((a, b), why)| Possible { a, b, why })
        .collect();
    out.sort_by_key(|p| (p.a, p.b));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(title: &str, year: i32, author: &str, doi: Option<&str>, search: usize) -> Raw {
        Raw {
            study: Study {
                title: title.into(),
                year: Some(year),
                authors: vec![author.into()],
                doi: doi.map(String::from),
                ..Study::default()
            },
            text: None,
            search,
            origin: Origin::Line(1),
        }
    }

    #[test]
    fn exact_duplicates_merge_and_answer_to_every_key() {
        let raws = vec![
            raw(
                "Alliance in physiotherapy for back pain",
                2020,
                "Hall, A",
                None,
                0,
            ),
            raw(
                "Alliance in Physiotherapy for Back Pain.",
                2020,
                "Hall, Amanda",
                Some("10.1/x"),
                1,
            ),
            raw(
                "Another study entirely about something",
                2019,
                "Lee, B",
                Some("10.1/X"),
                1,
            ),
            raw(
                "A third one that is on its own here",
                2018,
                "Ng, C",
                None,
                0,
            ),
        ];
        let d = dedupe(raws, &[]);
        // 0 and 1 share title+year+author, 1 and 2 share the DOI.
        assert_eq!(d.records.len(), 2);
        assert_eq!(d.records[0].key, "doi:10.1/x");
        assert_eq!(d.records[0].sources.len(), 3);
        let h = d.records[0]
            .aliases
            .iter()
            .find(|a| a.starts_with("hash:"))
            .unwrap();
        assert_eq!(d.index[h], 0);
    }

    #[test]
    fn possible_duplicates_are_listed_and_a_decision_settles_them() {
        let raws = vec![
            raw(
                "Therapeutic alliance and outcomes in low back pain",
                2020,
                "Hall, A",
                None,
                0,
            ),
            raw(
                "Therapeutic alliance and outcomes in low back pain",
                2021,
                "Hall, A",
                None,
                1,
            ),
            raw(
                "Therapeutic alliance and outcome in low back pain",
                2019,
                "Ng, C",
                None,
                1,
            ),
            raw(
                "A preprint on rapport",
                2022,
                "Lee, B",
                Some("10.1101/2022.01.01.1v1"),
                0,
            ),
            raw(
                "A preprint on rapport, revised",
                2022,
                "Lee, B",
                Some("10.1101/2022.01.01.1v2"),
                1,
            ),
        ];
        let d = dedupe(raws.clone(), &[]);
        let whys: Vec<(usize, usize, &str)> =
            d.possible.iter().map(|p| (p.a, p.b, p.why)).collect();
        assert!(whys.contains(&(0, 1, "same title, other year")), "{whys:?}");
        assert!(whys.iter().any(|w| w.2 == "similar title"), "{whys:?}");
        assert!(whys.contains(&(3, 4, "versions of one DOI")), "{whys:?}");
        let k0 = d.records[0].key.clone();
        let k1 = d.records[1].key.clone();
        let k3 = d.records[3].key.clone();
        let k4 = d.records[4].key.clone();
        let settled = dedupe(
            raws,
            &[(k0, k1, Pair::Different), (k3, k4.clone(), Pair::Same)],
        );
        assert_eq!(settled.records.len(), 4);
        assert_eq!(settled.merged_by_hand, 1);
        assert!(settled.index.contains_key(&k4));
        assert!(
            !settled
                .possible
                .iter()
                .any(|p| p.why == "same title, other year")
        );
    }

    #[test]
    fn doi_versions_share_a_base() {
        assert_eq!(doi_base("10.1101/2022.01.01.1v2"), "10.1101/2022.01.01.1");
        assert_eq!(doi_base("10.1002/pri.1932"), "10.1002/pri.1932");
        assert!(dice("abcdef", "abcdef") > 0.99);
    }
}
