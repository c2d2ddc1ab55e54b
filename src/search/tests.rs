//! Unit tests of `search`.

use crate::search::*;

fn study(title: &str, authors: &[&str]) -> Study {
    Study {
        id: "x".into(),
        title: title.into(),
        authors: authors.iter().map(|a| a.to_string()).collect(),
        ..Study::default()
    }
}

#[test]
fn folding_ignores_case_and_accents() {
    assert_eq!(fold("Søderstrøm"), "soderstrom");
    assert_eq!(fold("MÜLLER"), "muller");
    assert_eq!(fold("Ó Súilleabháin"), "o suilleabhain");
    assert_eq!(fold("Łukasz Œuvre straße"), "lukasz oeuvre strasse");
}

#[test]
fn finds_names_without_their_accents() {
    let studies = [
        study("Alliance in physiotherapy", &["Müller, Anna"]),
        study(
            "Focus groups",
            &["Unsgaard-Tøndel, Monica", "Søderstrøm, Siri"],
        ),
        study("Unrelated", &["Smith, John"]),
    ];
    let idx = SearchIndex::new(studies.iter());
    let hits = idx.search("muller");
    assert_eq!(hits.first().map(|h| h.index), Some(0));
    let hits = idx.search("SODERSTROM");
    assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), vec![1]);
    let hl = idx.highlights(1, &studies[1], Field::Authors, "tondel");
    let authors = "Unsgaard-Tøndel, Monica";
    let got: String = hl
        .iter()
        .map(|&i| authors.chars().nth(i).unwrap())
        .collect();
    assert_eq!(got, "Tøndel");
}

#[test]
fn scattered_letters_across_a_sentence_do_not_match() {
    let studies = [
        study("Something of the deep rest", &["Smith, John"]),
        study("A focus group study", &["Jones, Ann"]),
        study("Physiotherapy for pain", &["Søderstrøm, Siri"]),
    ];
    let idx = SearchIndex::new(studies.iter());
    let ids = |q: &str| idx.search(q).iter().map(|h| h.index).collect::<Vec<_>>();
    assert_eq!(ids("soder"), vec![2]);
    assert_eq!(ids("grp"), vec![1]);
    assert_eq!(ids("physiotherpy"), vec![2]);
}

#[test]
fn every_term_must_match() {
    let studies = [
        study("Alliance in physiotherapy", &["Müller, Anna"]),
        study("Alliance and trust", &["Smith, John"]),
    ];
    let idx = SearchIndex::new(studies.iter());
    let hits = idx.search("allianc smith");
    assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), vec![1]);
    assert_eq!(idx.search("").len(), 2);
}

#[test]
fn the_search_thread_answers_as_the_index_does_and_only_the_newest() {
    let studies = [
        study("Alliance in physiotherapy", &["Müller, Anna"]),
        study("Alliance and trust", &["Smith, John"]),
        study("Focus groups", &["Søderstrøm, Siri"]),
    ];
    let idx = SearchIndex::new(studies.iter());
    let searcher = Searcher::spawn().expect("thread");
    let wait = std::time::Duration::from_secs(10);
    assert!(searcher.submit(1, &idx, "allianc", vec![0, 1, 2]));
    let a = searcher.wait(wait).expect("an answer");
    assert_eq!(a.id, 1);
    assert_eq!(a.query, "allianc");
    assert_eq!(a.hits, idx.search_among("allianc", [0, 1, 2]));
    assert!(!searcher.ready());
    // Several at once: the last one is always answered, and it is the
    // newest answer taken.
    for (id, q) in [(2, "a"), (3, "al"), (4, "soder")] {
        assert!(searcher.submit(id, &idx, q, vec![0, 1, 2]));
    }
    let mut last = None;
    while last.as_ref().is_none_or(|a: &Answer| a.id != 4) {
        last = Some(searcher.wait(wait).expect("an answer"));
    }
    let a = last.expect("answer");
    assert_eq!(a.hits.iter().map(|h| h.index).collect::<Vec<_>>(), vec![2]);
}

#[test]
fn an_index_folded_in_the_background_is_the_one_folded_at_once() {
    let names = [
        "Müller, Anna",
        "Søderstrøm, Siri",
        "Smith, John",
        "Œuvre, Łukasz",
    ];
    let studies: Vec<Study> = (0..BACKGROUND_ABOVE + 700)
        .map(|i| {
            let mut s = study(
                &format!("Alliance {i} in physiotherapy – naïve ﬁnal"),
                &[names[i % names.len()]],
            );
            s.tags = vec![format!("t{}", i % 7)];
            s.notes = (i % 3 == 0).then(|| "Straße İstanbul".to_string());
            s
        })
        .collect();
    let background = SearchIndex::new(studies.iter());
    let at_once: Vec<Doc> = studies.iter().map(Doc::new).collect();
    let docs = background.built.docs();
    assert_eq!(docs.len(), at_once.len());
    for (a, b) in docs.iter().zip(&at_once) {
        assert_eq!((&a.text, a.ends, a.ascii), (&b.text, b.ends, b.ascii));
    }
    assert_eq!(background.len(), studies.len());
    // Searched before the thread is done (a fresh index), it waits.
    let fresh = SearchIndex::new(studies.iter());
    assert_eq!(
        fresh.search("soder strasse").len(),
        background.search("soder strasse").len()
    );
    assert!(!fresh.search("soder strasse").is_empty());
}

#[test]
fn an_edit_while_a_clone_is_out_leaves_the_clone_alone() {
    let studies = [study("Alliance", &["Smith, John"])];
    let mut idx = SearchIndex::new(studies.iter());
    let out = idx.clone();
    idx.update(0, &study("Trust", &["Smith, John"]));
    assert_eq!(idx.search("allianc").len(), 0);
    assert_eq!(out.search("allianc").len(), 1);
}
