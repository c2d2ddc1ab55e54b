//! Each loaded review carries its own instruments: two reviews open in one
//! process (the merge driver beside the TUI, tests run in parallel, a
//! future compare command) never see each other's, whatever order they were
//! loaded in.

mod common;

use std::fs;

use common::*;
use litrev::appraisal::Judgement;
use litrev::store;

/// A review whose own `pedro` instrument is named `short` and scores
/// `max` points per item.
fn review_with_pedro(short: &str, max: i64) -> Fixture {
    let fx = Fixture::new(&other_review_toml("brackets"));
    fs::create_dir(fx.root().join("instruments")).unwrap();
    let inst = format!(
        "name = \"pedro\"\nshort = \"{short}\"\ntitle = \"PEDro scale\"\nversion = \"1999\"\nsource = \"s\"\n[scales.point]\nmin = 0\nmax = {max}\n[[items]]\nid = \"q1\"\nprompt = \"Random allocation?\"\nscale = \"point\"\n[[items]]\nid = \"q2\"\nprompt = \"Concealed allocation?\"\nscale = \"point\"\n[overall]\nrule = \"sum\"\nbands = [{{ min = 2, level = \"good\" }}, {{ min = 0, level = \"bad\" }}]\n"
    );
    fs::write(fx.root().join("instruments/pedro.toml"), inst).unwrap();
    fx.write_study("a", &pedro_study(2));
    fx
}

fn pedro_study(q1: i64) -> String {
    study(
        "a",
        Some(1),
        "trial/parallel",
        "A",
        &format!(
            "\n[[appraisals]]\ninstrument = \"pedro\"\nreviewer = \"consensus\"\nanswers = {{ q1 = {q1}, q2 = 1 }}\n"
        ),
    )
}

/// The judgement of study `a` of the review at `fx`, as its own instruments
/// read it.
fn judged(loaded: &store::Loaded) -> Option<String> {
    let s = &loaded.studies.first()?.study;
    Judgement::of(&loaded.review.instruments, &s.appraisals).map(|j| j.to_string())
}

#[test]
fn two_reviews_loaded_one_after_the_other_keep_their_own_instruments() {
    let one = review_with_pedro("PEDro one", 1);
    let two = review_with_pedro("PEDro two", 2);
    let plain = Fixture::new(&other_review_toml("brackets"));
    plain.write_study("a", &pedro_study(2));

    let a = store::load(one.root()).expect("one loads");
    let b = store::load(two.root()).expect("two loads");
    let c = store::load(plain.root()).expect("plain loads");
    // q1 = 2 is outside the first review's scale (0–1): no judgement there
    // (never a guess), and a problem; within the second's it sums to 3.
    assert_eq!(judged(&a), None);
    assert!(
        a.problems.iter().any(|p| p.message.contains("q1")),
        "{:?}",
        a.problems
    );
    assert_eq!(judged(&b).as_deref(), Some("PEDro two: 3/4"));
    // A review without the instrument does not borrow it from another.
    assert_eq!(judged(&c), None);
    assert!(c.review.instruments.get("pedro").is_none());
    // Loading the others later changed nothing for the first two.
    assert_eq!(judged(&b).as_deref(), Some("PEDro two: 3/4"));
    assert_eq!(
        a.review.instruments.get("pedro").map(|i| i.short.as_str()),
        Some("PEDro one")
    );
}

#[test]
fn reviews_loaded_on_parallel_threads_each_see_their_own() {
    let fixtures: Vec<(Fixture, String)> = (1..=6)
        .map(|i| {
            (
                review_with_pedro(&format!("PEDro {i}"), 2),
                format!("PEDro {i}"),
            )
        })
        .collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = fixtures
            .iter()
            .map(|(fx, short)| {
                scope.spawn(move || {
                    for _ in 0..20 {
                        let l = store::load(fx.root()).expect("loads");
                        assert_eq!(judged(&l), Some(format!("{short}: 3/4")));
                    }
                })
            })
            .collect();
        for h in handles {
            h.join()
                .expect("no thread saw another review's instruments");
        }
    });
}
