//! Search results are pinned: the result sets, their order and scores, and
//! the highlighted characters of generated reviews must not change when the
//! search index is made faster or smaller. The digests below were recorded
//! with the index as it was before the compact rewrite.

use std::path::Path;

use litrev::model::Review;
use litrev::search::{Field, SearchIndex};
use litrev::store::synth::study_text;

/// FNV-1a, 64 bits: a digest that is the same on every platform and release.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
    fn eat(&mut self, v: u64) {
        for b in v.to_le_bytes() {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Generated studies, with every tenth one given the fields and letters the
/// synthetic generator does not write: a DOI, keywords, letters that fold to
/// two (ß, æ, ligatures) or change length in lower case (İ).
fn studies(n: usize) -> Vec<litrev::model::Study> {
    let extra = [
        "Straße Łukasz",
        "Æsop İstanbul",
        "ﬁnal Ødegaard",
        "naïve café",
        "Þór – ‘quoted’",
    ];
    (0..n)
        .map(|i| {
            let text = study_text(i);
            let mut s = litrev::store::parse::parse_study(
                Path::new("s.toml"),
                &text,
                None,
                &Review::default(),
            )
            .study
            .expect("synthetic studies parse");
            if i % 10 == 0 {
                let x = extra[(i / 10) % extra.len()];
                s.doi = Some(format!("10.1000/{i}-xyz"));
                s.keywords = vec![x.to_string(), "alliance".into()];
                s.title = format!("{x} {}", s.title);
                s.authors.push(format!("{x}, Eva"));
            }
            s
        })
        .collect()
}

const QUERIES: [&str; 24] = [
    "a",
    "al",
    "allianc",
    "allianc muller",
    "MULLER 2015",
    "soderstrom",
    "o suill",
    "grp",
    "physiotherpy",
    "therapeutc",
    "2015",
    "10.1000/1",
    "xyz",
    "trust care",
    "strasse",
    "aesop istan",
    "final",
    "naive cafe",
    "thor",
    "zzzz",
    "qualitativ interview",
    "chronc pain",
    "empat",
    "research",
];

/// The count and digest of the hits of `query`; with `typos` false, of
/// those that match every term without a typing error (what the search
/// found before it forgave typing errors).
fn digest(
    studies: &[litrev::model::Study],
    index: &SearchIndex,
    query: &str,
    typos: bool,
) -> (usize, u64) {
    let mut hits = index.search(query);
    if !typos {
        // They rank last, so the others keep their places.
        let n = hits.iter().take_while(|h| !h.by_typo()).count();
        assert!(hits[n..].iter().all(|h| h.by_typo()), "{query:?}");
        hits.truncate(n);
    }
    let mut h = Fnv::new();
    for hit in &hits {
        h.eat(hit.index as u64);
        h.eat(hit.score as u64);
    }
    for hit in hits.iter().take(40) {
        for field in Field::ALL {
            let study = &studies[hit.index];
            for p in index.highlights(hit.index, study, field, query) {
                h.eat(p as u64);
            }
            h.eat(u64::MAX);
        }
    }
    (hits.len(), h.0)
}

fn recorded(studies: &[litrev::model::Study], index: &SearchIndex, typos: bool) -> String {
    QUERIES
        .iter()
        .map(|q| {
            let (n, d) = digest(studies, index, q, typos);
            format!("{q:?} {n} {d:016x}\n")
        })
        .collect()
}

/// The hits that match every term without a typing error are the ones
/// recorded before the search forgave typing errors, in the same order,
/// with the same scores and highlights.
#[test]
fn search_results_match_the_recorded_ones() {
    let studies = studies(3_000);
    let index = SearchIndex::new(studies.iter());
    let text = recorded(&studies, &index, false);
    assert_eq!(text, EXPECTED, "\n{text}");
}

/// Every hit, those by a typing error included (recorded when the search
/// began to forgive them: a term of five letters or more that is one edit
/// from a word in the notes, where scattered letters never match —
/// "physiotherpy", "therapeutc", "chronc" — now finds those studies too).
#[test]
fn search_results_with_typing_errors_match_the_recorded_ones() {
    let studies = studies(3_000);
    let index = SearchIndex::new(studies.iter());
    let text = recorded(&studies, &index, true);
    assert_eq!(text, EXPECTED_WITH_TYPOS, "\n{text}");
}

const EXPECTED: &str = r#""a" 3000 3d2b0a93c3bff1a5
"al" 3000 a99560b08d14c5dc
"allianc" 1678 c9d6ca315e148b09
"allianc muller" 321 2d43a35f6cbf4ba5
"MULLER 2015" 22 71d2873f4ad6e67e
"soderstrom" 566 ca038563ac9d792e
"o suill" 566 bcbfc55ed4bebff3
"grp" 972 a4880d7c6c400051
"physiotherpy" 1180 eeac9720b34358e2
"therapeutc" 1098 146628df646695f4
"2015" 114 dcf00d9b3f252d03
"10.1000/1" 138 0539aa017504ee8b
"xyz" 300 c3017bc684c965dd
"trust care" 1052 83f130b47eb6d686
"strasse" 60 caf549f04f635859
"aesop istan" 60 a50f5f476ab85336
"final" 0 cbf29ce484222325
"naive cafe" 60 a12b93dbdbe23dad
"thor" 60 0c3f7078f66fceb3
"zzzz" 0 cbf29ce484222325
"qualitativ interview" 823 4d5a6f9a707d5fbc
"chronc pain" 768 8ff70045a4698e0f
"empat" 1989 f6310183dd492c75
"research" 3000 e021a2c666347372
"#;

const EXPECTED_WITH_TYPOS: &str = r#""a" 3000 3d2b0a93c3bff1a5
"al" 3000 a99560b08d14c5dc
"allianc" 1678 c9d6ca315e148b09
"allianc muller" 321 2d43a35f6cbf4ba5
"MULLER 2015" 22 71d2873f4ad6e67e
"soderstrom" 566 ca038563ac9d792e
"o suill" 566 bcbfc55ed4bebff3
"grp" 972 a4880d7c6c400051
"physiotherpy" 1523 198087e6f0c849d9
"therapeutc" 1521 cbec05413b9b9b9e
"2015" 114 dcf00d9b3f252d03
"10.1000/1" 138 0539aa017504ee8b
"xyz" 300 c3017bc684c965dd
"trust care" 1052 83f130b47eb6d686
"strasse" 60 caf549f04f635859
"aesop istan" 60 a50f5f476ab85336
"final" 0 cbf29ce484222325
"naive cafe" 60 a12b93dbdbe23dad
"thor" 60 0c3f7078f66fceb3
"zzzz" 0 cbf29ce484222325
"qualitativ interview" 823 4d5a6f9a707d5fbc
"chronc pain" 1088 c14b4f37a6b7003d
"empat" 1989 f6310183dd492c75
"research" 3000 e021a2c666347372
"#;

/// `list --search` searches without an index (`SearchIndex::search_once`):
/// the same hits, scores and order as the index, for every pinned query,
/// over all the studies and over a filtered subset.
#[test]
fn searching_once_without_an_index_finds_what_the_index_finds() {
    let studies = studies(3_000);
    let index = SearchIndex::new(studies.iter());
    let subset: Vec<usize> = (0..studies.len()).filter(|i| i % 3 != 1).collect();
    let pairs = |hits: Vec<litrev::search::Hit>| {
        hits.iter().map(|h| (h.index, h.score)).collect::<Vec<_>>()
    };
    for q in QUERIES.iter().chain(&["", "  "]) {
        let want = pairs(index.search(q));
        let got = pairs(SearchIndex::search_once(q, 0..studies.len(), |i| {
            studies.get(i)
        }));
        assert_eq!(got, want, "{q:?}");
        let want = pairs(index.search_among(q, subset.iter().copied()));
        let got = pairs(SearchIndex::search_once(q, subset.iter().copied(), |i| {
            studies.get(i)
        }));
        assert_eq!(got, want, "{q:?} among a subset");
    }
}

/// The TUI opens with the index the loader folds on its threads as it reads
/// the files (`store::load_indexed`), put in the studies' order by a
/// permutation: it must search exactly as an index built afterwards from
/// the loaded studies. The files are written so that their names' order is
/// not the studies' order (refs reversed for every other file, some refs
/// missing, some shared, so the sort is not the identity and has ties),
/// with letters that fold to other lengths, over more studies than the
/// background-folding threshold and than one loader batch.
#[test]
fn the_index_folded_while_loading_searches_as_one_built_after() {
    let dir = tempfile::tempdir().expect("temp dir");
    let n = 6_000;
    litrev::store::synth::write_review(dir.path(), n).expect("write review");
    let extra = [
        "Straße Łukasz",
        "Æsop İstanbul",
        "naïve café",
        "Þór – ‘quoted’",
    ];
    for i in 0..n {
        let mut text = study_text(i);
        let ref_line = format!("ref = {}\n", i + 1);
        if i % 7 == 0 {
            text = text.replace(&ref_line, "");
        } else if i % 2 == 1 {
            text = text.replace(&ref_line, &format!("ref = {}\n", n - i));
        }
        if i % 10 == 0 {
            text = text.replace("title = \"", &format!("title = \"{} ", extra[(i / 10) % 4]));
        }
        std::fs::write(
            dir.path()
                .join("studies")
                .join(format!("study-{i:06}.toml")),
            text,
        )
        .expect("write study");
    }
    let loaded = litrev::store::load_indexed(dir.path()).expect("load");
    let plain = litrev::store::load_fingerprinted(dir.path()).expect("load");
    let ids = |l: &litrev::store::Loaded| {
        l.studies
            .iter()
            .map(|e| e.study.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&loaded),
        ids(&plain),
        "the same studies in the same order"
    );
    let studies: Vec<litrev::model::Study> =
        loaded.studies.iter().map(|e| e.study.clone()).collect();
    assert_ne!(studies[0].id, "study-000000", "the order is not the files'");
    let folded = loaded.index.clone().expect("an index from load_indexed");
    assert!(plain.index.is_none(), "load_fingerprinted folds nothing");
    let built = SearchIndex::new(studies.iter());
    assert_eq!(folded.len(), built.len());
    for q in QUERIES.iter().chain(&["strasse lukasz", "thor quoted"]) {
        assert_eq!(
            digest(&studies, &folded, q, true),
            digest(&studies, &built, q, true),
            "{q:?}"
        );
    }
}
