//! What is read and counted in runs on several cores is what is read and
//! counted in one.

use super::super::tests::{rob2, study};
use super::super::{Tally, pair, tally_on};
use super::*;
use crate::appraisal::Registry;

#[test]
fn figures_counted_in_runs_on_several_cores_are_the_figures_counted_in_one() {
    // Studies of one, two and three units (outcomes), some appraised by one
    // reviewer only, so that runs split studies and start and end between
    // them; every run length from one unit up.
    let levels = ["low", "some-concerns", "high", "no-info"];
    let with = |who: &str, outcome: Option<&str>, k: usize| {
        let mut a = rob2(who, std::array::from_fn(|d| levels[(k + d * (k % 3)) % 4]));
        a.outcome = outcome.map(|o| o.to_string());
        a
    };
    let studies: Vec<Study> = (0..23)
        .map(|i| {
            let mut all = Vec::new();
            for (u, outcome) in [None, Some("pain"), Some("mood")].iter().enumerate() {
                if u <= i % 3 {
                    all.push(with("AB", *outcome, i + u));
                    if (i + u) % 5 != 0 {
                        all.push(with("CD", *outcome, i * 7 + u));
                    }
                }
            }
            study(&format!("s{i:02}"), all)
        })
        .collect();
    let reg = Registry::builtin();
    let inst = reg.get("rob2").expect("rob2");
    let refs: Vec<&Study> = studies.iter().collect();
    let (shared, _) = shared_units(inst, &refs);
    let double: Vec<&Shared> = shared.iter().collect();
    assert!(double.len() > 20);
    let figures = |t: Tally| (t.studies, pair(inst, "AB", "CD", t));
    let one = figures(tally_on(inst, &double, ("AB", "CD"), (1, 1)));
    assert!(one.0 > 10 && one.1.pooled.compared > 50, "{one:?}");
    for threads in 2..=double.len() {
        let split = figures(tally_on(inst, &double, ("AB", "CD"), (threads, 1)));
        assert_eq!(split, one, "{threads} runs");
    }
}

#[test]
fn units_read_in_runs_on_several_cores_are_the_units_read_in_one() {
    // Studies of one to three units (outcomes), reviewers in changing
    // order, some units appraised once, a reviewer twice in a unit, a
    // consensus: every run length from one study up.
    let levels = ["low", "some-concerns", "high", "no-info"];
    let with = |who: &str, outcome: Option<&str>, k: usize| {
        let mut a = rob2(who, std::array::from_fn(|d| levels[(k + d) % 4]));
        a.outcome = outcome.map(|o| o.to_string());
        a
    };
    let who = ["AB", "CD", "EF", "consensus"];
    let studies: Vec<Study> = (0..19)
        .map(|i| {
            let mut all = Vec::new();
            for (u, outcome) in [None, Some("pain"), Some("mood")].iter().enumerate() {
                for r in 0..=(i + u) % 4 {
                    all.push(with(who[(i + r) % 4], *outcome, i * 5 + u + r));
                }
                if i % 7 == 3 {
                    all.push(with(who[i % 3], *outcome, i));
                }
            }
            study(&format!("s{i:02}"), all)
        })
        .collect();
    let reg = Registry::builtin();
    let inst = reg.get("rob2").expect("rob2");
    let refs: Vec<&Study> = studies.iter().collect();
    let seen = |(shared, reviewers): (Vec<Shared>, Vec<String>)| {
        let units: Vec<_> = shared
            .iter()
            .map(|s| {
                let by: Vec<(String, *const Appraisal)> =
                    s.by.iter()
                        .map(|(r, a)| (r.to_string(), std::ptr::from_ref(*a)))
                        .collect();
                let read: Vec<_> = (0..s.by.len())
                    .map(|k| {
                        let items: Vec<_> = (0..inst.items.len())
                            .map(|i| s.read[k].1.get(i).cloned())
                            .collect();
                        (s.read[k].0.clone(), items)
                    })
                    .collect();
                (s.study.id.clone(), s.unit.clone(), by, read)
            })
            .collect();
        (units, reviewers)
    };
    let one = seen(shared_units_on(inst, &refs, (1, 1)));
    assert!(one.0.len() > 20, "{}", one.0.len());
    assert_eq!(one.1, ["AB", "CD", "EF"]);
    for threads in 2..=refs.len() {
        let split = seen(shared_units_on(inst, &refs, (threads, 1)));
        assert_eq!(split, one, "{threads} runs");
    }
}
