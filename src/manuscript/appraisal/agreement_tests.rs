//! Agreement checked against figures computed independently here: a
//! confusion-matrix Cohen's kappa written from the textbook definition
//! (Cohen 1960; scikit-learn's `cohen_kappa_score`: confusion matrix C,
//! expected E = outer(row sums, column sums) / n, kappa = 1 − Σ w·C / Σ w·E
//! with w = 1 − I unweighted, |i − j| linear, (i − j)² quadratic), or
//! worked by hand in the comments.

use super::*;
use crate::appraisal::{Answer, Appraisal, Registry};
use crate::model::Study;

/// scikit-learn's `cohen_kappa_score(a, b, labels=labels, weights=weights)`
/// written out: the reference every figure is checked against.
fn sklearn_kappa(a: &[&str], b: &[&str], labels: &[&str], weights: &str) -> f64 {
    let k = labels.len();
    let idx = |x: &str| labels.iter().position(|l| *l == x).expect("label");
    let mut c = vec![vec![0.0f64; k]; k];
    for (x, y) in a.iter().zip(b) {
        c[idx(x)][idx(y)] += 1.0;
    }
    let n: f64 = c.iter().flatten().sum();
    let rows: Vec<f64> = c.iter().map(|r| r.iter().sum()).collect();
    let cols: Vec<f64> = (0..k).map(|j| c.iter().map(|r| r[j]).sum()).collect();
    let (mut num, mut den) = (0.0, 0.0);
    for i in 0..k {
        for j in 0..k {
            let w = match weights {
                "linear" => (i as f64 - j as f64).abs(),
                "quadratic" => (i as f64 - j as f64).powi(2),
                _ => f64::from(u8::from(i != j)),
            };
            num += w * c[i][j];
            den += w * rows[i] * cols[j] / n;
        }
    }
    1.0 - num / den
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

pub(super) fn rob2(who: &str, d: [&str; 5]) -> Appraisal {
    Appraisal {
        instrument: "rob2".into(),
        reviewer: who.into(),
        answers: d
            .iter()
            .enumerate()
            .map(|(i, w)| (format!("d{}", i + 1), Answer::Text(w.to_string().into())))
            .collect(),
        ..Appraisal::default()
    }
}

pub(super) fn study(id: &str, appraisals: Vec<Appraisal>) -> Study {
    Study {
        id: id.into(),
        appraisals,
        ..Study::default()
    }
}

fn run(inst: &str, studies: &[Study]) -> Agreement {
    let reg = Registry::builtin();
    let refs: Vec<&Study> = studies.iter().collect();
    agreement(reg.get(inst).expect("instrument"), &refs)
}

/// With one reviewer's appraisal first in some files and second in
/// others, answers are still paired by reviewer: the kappa is that of AB
/// against CD, not of "first in the file" against "second".
#[test]
fn answers_are_paired_by_reviewer_not_file_order() {
    let ab = [
        ["low", "low", "high", "low", "some-concerns"],
        ["high", "low", "low", "some-concerns", "low"],
        ["low", "some-concerns", "low", "low", "low"],
    ];
    let cd = [
        ["low", "high", "high", "low", "low"],
        ["high", "low", "some-concerns", "some-concerns", "low"],
        ["low", "some-concerns", "low", "high", "low"],
    ];
    let studies = vec![
        study("s1", vec![rob2("AB", ab[0]), rob2("CD", cd[0])]),
        // CD first in this file.
        study("s2", vec![rob2("CD", cd[1]), rob2("AB", ab[1])]),
        study("s3", vec![rob2("CD", cd[2]), rob2("AB", ab[2])]),
    ];
    let r = run("rob2", &studies);
    let a: Vec<&str> = ab.iter().flatten().copied().collect();
    let b: Vec<&str> = cd.iter().flatten().copied().collect();
    let labels = ["low", "some-concerns", "high"];
    assert_eq!(r.reviewers, ["AB", "CD"]);
    assert_eq!(r.pair, ["AB", "CD"]);
    assert_eq!(r.pooled.compared, 15);
    assert!(
        close(r.pooled.kappa, sklearn_kappa(&a, &b, &labels, "none")),
        "{r:?}"
    );
    assert!(close(
        r.weighted_linear,
        sklearn_kappa(&a, &b, &labels, "linear")
    ));
    assert!(close(
        r.weighted_quadratic,
        sklearn_kappa(&a, &b, &labels, "quadratic")
    ));
    // The disagreements name each reviewer's own answer.
    let d = r
        .disagreements
        .iter()
        .find(|d| d.study == "s2" && d.item == "d3")
        .expect("s2 d3 differs");
    assert_eq!(
        d.answers,
        [
            ("AB".into(), "low".into()),
            ("CD".into(), "some-concerns".into())
        ]
    );
}

/// CASP q10 ("How valuable is the research?") is free text: never a
/// category in kappa, never a disagreement.
#[test]
fn free_text_is_never_in_kappa() {
    let casp = |who: &str, q3: &str, q10: &str| Appraisal {
        instrument: "casp-qualitative".into(),
        reviewer: who.into(),
        answers: (1..=10)
            .map(|i| {
                let v = match i {
                    3 => q3,
                    10 => q10,
                    _ => "yes",
                };
                (format!("q{i}"), Answer::Text(v.to_string().into()))
            })
            .collect(),
        ..Appraisal::default()
    };
    let studies = vec![
        study(
            "a",
            vec![
                casp("AB", "yes", "Useful for practice"),
                casp("CD", "no", "Limited"),
            ],
        ),
        study(
            "b",
            vec![casp("AB", "no", "Some"), casp("CD", "no", "Some")],
        ),
    ];
    let r = run("casp-qualitative", &studies);
    assert_eq!(r.pooled.compared, 18, "nine categorical items, two studies");
    assert!(r.items.iter().all(|(id, _)| id != "q10"));
    assert!(r.disagreements.iter().all(|d| d.item != "q10"));
    let mut a = vec!["yes"; 9];
    a.extend(["yes"; 9]);
    let mut b = a.clone();
    a[2] = "yes";
    b[2] = "no";
    a[11] = "no";
    b[11] = "no";
    let k = sklearn_kappa(&a, &b, &["yes", "no"], "none");
    assert!(close(r.pooled.kappa, k), "{:?} vs {k}", r.pooled);
}

/// An answer off the scale (a typo "hihg") is no category: left out of
/// every figure and listed as a problem.
#[test]
fn answers_off_the_scale_are_left_out_and_listed() {
    let studies = vec![
        study(
            "a",
            vec![
                rob2("AB", ["low", "hihg", "low", "low", "low"]),
                rob2("CD", ["low", "high", "low", "low", "low"]),
            ],
        ),
        study(
            "b",
            vec![
                rob2("AB", ["high", "low", "low", "low", "low"]),
                rob2("CD", ["low", "low", "low", "low", "some-concerns"]),
            ],
        ),
    ];
    let r = run("rob2", &studies);
    assert_eq!(r.pooled.compared, 9);
    assert_eq!(
        r.problems,
        [LeftOut {
            study: "a".into(),
            reviewer: "AB".into(),
            item: "d2".into(),
            answer: "hihg".into()
        }]
    );
    assert!(
        r.disagreements
            .iter()
            .all(|d| !(d.study == "a" && d.item == "d2"))
    );
    let a = [
        "low", "low", "low", "low", "high", "low", "low", "low", "low",
    ];
    let b = [
        "low",
        "low",
        "low",
        "low",
        "low",
        "low",
        "low",
        "low",
        "some-concerns",
    ];
    let labels = ["low", "some-concerns", "high"];
    assert!(close(
        r.pooled.kappa,
        sklearn_kappa(&a, &b, &labels, "none")
    ));
}

/// "No information" is off RoB 2's order: left out of weighted kappa and
/// counted, kept in the unweighted one as a category of its own.
#[test]
fn weighted_kappa_leaves_out_no_information_and_counts_it() {
    let studies = vec![
        study(
            "a",
            vec![
                rob2("AB", ["low", "no-info", "high", "low", "low"]),
                rob2("CD", ["low", "low", "some-concerns", "low", "NI"]),
            ],
        ),
        study(
            "b",
            vec![
                rob2("AB", ["some-concerns", "low", "low", "high", "low"]),
                rob2(
                    "CD",
                    ["some-concerns", "low", "low", "some-concerns", "low"],
                ),
            ],
        ),
    ];
    let r = run("rob2", &studies);
    assert_eq!(r.pooled.compared, 10);
    assert_eq!((r.weighted_compared, r.weighted_left_out), (8, 2));
    let a = [
        "low",
        "high",
        "low",
        "low",
        "some-concerns",
        "low",
        "low",
        "high",
    ];
    let b = [
        "low",
        "some-concerns",
        "low",
        "low",
        "some-concerns",
        "low",
        "low",
        "some-concerns",
    ];
    let labels = ["low", "some-concerns", "high"];
    assert!(close(
        r.weighted_linear,
        sklearn_kappa(&a, &b, &labels, "linear")
    ));
    assert!(close(
        r.weighted_quadratic,
        sklearn_kappa(&a, &b, &labels, "quadratic")
    ));
    let mut ua: Vec<&str> = vec!["low", "no-info", "high", "low", "low"];
    ua.extend(["some-concerns", "low", "low", "high", "low"]);
    let mut ub: Vec<&str> = vec!["low", "low", "some-concerns", "low", "no-info"];
    ub.extend(["some-concerns", "low", "low", "some-concerns", "low"]);
    let all = ["low", "some-concerns", "high", "no-info"];
    assert!(close(r.pooled.kappa, sklearn_kappa(&ua, &ub, &all, "none")));
}

/// Two reviewers with the same answers and different overall judgements
/// (an override) disagree on the overall: its own row and its own entry.
#[test]
fn overall_only_disagreements_are_listed_and_counted() {
    let mut raised = rob2(
        "CD",
        ["some-concerns", "some-concerns", "low", "low", "low"],
    );
    raised.overall = Some("high".into());
    let studies = vec![
        study(
            "a",
            vec![
                rob2(
                    "AB",
                    ["some-concerns", "some-concerns", "low", "low", "low"],
                ),
                raised,
            ],
        ),
        study("b", vec![rob2("AB", ["low"; 5]), rob2("CD", ["low"; 5])]),
    ];
    let r = run("rob2", &studies);
    assert_eq!(
        r.disagreements
            .iter()
            .map(|d| (d.study.as_str(), d.item.as_str()))
            .collect::<Vec<_>>(),
        [("a", "overall")]
    );
    assert_eq!(
        r.disagreements[0].answers,
        [
            ("AB".into(), "some-concerns".into()),
            ("CD".into(), "high".into())
        ]
    );
    assert_eq!(r.overall.compared, 2);
    let k = sklearn_kappa(
        &["some-concerns", "low"],
        &["high", "low"],
        &["low", "some-concerns", "high"],
        "none",
    );
    assert!(close(r.overall.kappa, k), "{:?} vs {k}", r.overall);
    assert!(close(r.pooled.kappa, 1.0));
}

/// Three reviewers: each pair, and Fleiss' kappa over the items all three
/// answered (statsmodels' `fleiss_kappa` on the count table; here worked
/// by hand).
#[test]
fn three_reviewers_give_each_pair_and_fleiss() {
    let studies = vec![
        study(
            "a",
            vec![
                rob2("AB", ["low", "low", "high", "low", "low"]),
                rob2("CD", ["low", "low", "low", "low", "low"]),
                rob2("EF", ["low", "high", "high", "low", "low"]),
            ],
        ),
        study(
            "b",
            vec![
                rob2("EF", ["high", "low", "low", "low", "low"]),
                rob2("AB", ["high", "low", "low", "low", "high"]),
            ],
        ),
    ];
    let r = run("rob2", &studies);
    assert_eq!(r.reviewers, ["AB", "CD", "EF"]);
    let names: Vec<[String; 2]> = r.pairs.iter().map(|p| p.reviewers.clone()).collect();
    assert_eq!(
        names,
        [
            ["AB".to_string(), "CD".to_string()],
            ["AB".to_string(), "EF".to_string()],
            ["CD".to_string(), "EF".to_string()]
        ]
    );
    assert_eq!(
        r.pairs
            .iter()
            .map(|p| p.pooled.compared)
            .collect::<Vec<_>>(),
        [5, 10, 5]
    );
    // Fleiss over study a's five items (only a has all three):
    // d1 (3 low), d2 (2 low, 1 high), d3 (1 low, 2 high), d4, d5 (3 low).
    // P_i = (Σ n² − 3) / 6: 1, 1/3, 1/3, 1, 1 → P̄ = 11/15.
    // p_low = 12/15, p_high = 3/15 → P̄_e = (144 + 9)/225 = 153/225.
    // kappa = (11/15 − 153/225) / (1 − 153/225) = (165 − 153)/(225 − 153) = 1/6.
    let f = r.fleiss.expect("three reviewers");
    assert_eq!(f.subjects, 5);
    assert!(close(f.kappa, 1.0 / 6.0), "{f:?}");
}

/// MMAT: a mixed methods study appraised in categories 5, 1 and 4 by each
/// reviewer is compared category with category, never across.
#[test]
fn mmat_categories_are_compared_with_themselves() {
    let mmat = |who: &str, cat: i64, c: [&str; 5]| Appraisal {
        instrument: "mmat-2018".into(),
        reviewer: who.into(),
        category: Some(cat),
        answers: [("s1", "yes"), ("s2", "yes")]
            .iter()
            .map(|(k, v)| (k.to_string(), Answer::Text(v.to_string().into())))
            .chain(
                c.iter()
                    .enumerate()
                    .map(|(i, v)| (format!("c{}", i + 1), Answer::Text(v.to_string().into()))),
            )
            .collect(),
        ..Appraisal::default()
    };
    let studies = vec![study(
        "m",
        vec![
            mmat("AB", 5, ["yes", "no", "yes", "yes", "yes"]),
            mmat("AB", 1, ["yes", "yes", "yes", "yes", "yes"]),
            mmat("AB", 4, ["no", "no", "yes", "yes", "yes"]),
            mmat("CD", 1, ["yes", "yes", "yes", "yes", "cant-tell"]),
            mmat("CD", 4, ["no", "no", "yes", "yes", "yes"]),
            mmat("CD", 5, ["yes", "no", "yes", "yes", "yes"]),
        ],
    )];
    let r = run("mmat-2018", &studies);
    assert_eq!(r.pooled.compared, 21);
    assert_eq!(
        r.disagreements
            .iter()
            .map(|d| (d.category, d.item.as_str()))
            .collect::<Vec<_>>(),
        [(Some(1), "c5")]
    );
    assert_eq!(
        r.groups
            .iter()
            .map(|g| (g.category, g.pooled.compared))
            .collect::<Vec<_>>(),
        [(Some(1), 7), (Some(4), 7), (Some(5), 7)]
    );
}

/// Newcastle–Ottawa stars are ordinal by their number (one star apart is
/// one star apart on every item): scikit-learn's weighted kappa with labels
/// [0, 1, 2] over every item pooled.
#[test]
fn stars_are_weighted_by_their_number() {
    let nos = |who: &str, v: [i64; 8]| Appraisal {
        instrument: "nos-cohort".into(),
        reviewer: who.into(),
        answers: ["s1", "s2", "s3", "s4", "c1", "o1", "o2", "o3"]
            .iter()
            .zip(v)
            .map(|(k, n)| (k.to_string(), Answer::Int(n)))
            .collect(),
        ..Appraisal::default()
    };
    let a1 = [1, 1, 0, 1, 2, 1, 1, 0];
    let b1 = [1, 0, 0, 1, 0, 1, 1, 1];
    let a2 = [0, 1, 1, 1, 1, 0, 1, 1];
    let b2 = [0, 1, 1, 0, 2, 0, 1, 1];
    let studies = vec![
        study("x", vec![nos("AB", a1), nos("CD", b1)]),
        study("y", vec![nos("CD", b2), nos("AB", a2)]),
    ];
    let r = run("nos-cohort", &studies);
    let s = |v: &[i64]| v.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    let (a, b): (Vec<String>, Vec<String>) = (s(&[a1, a2].concat()), s(&[b1, b2].concat()));
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    let labels = ["0", "1", "2"];
    assert!(close(
        r.pooled.kappa,
        sklearn_kappa(&a, &b, &labels, "none")
    ));
    assert!(
        close(r.weighted_linear, sklearn_kappa(&a, &b, &labels, "linear")),
        "{r:?}"
    );
    assert!(close(
        r.weighted_quadratic,
        sklearn_kappa(&a, &b, &labels, "quadratic")
    ));
    assert_eq!(r.weighted_left_out, 0);
}

/// AMSTAR 2: yes, partial yes and no in that order on every item (yes and
/// no are its ends also where partial yes is not offered); "no
/// meta-analysis" is off the order — scikit-learn with labels [yes,
/// partial-yes, no] over the answers that are on it.
#[test]
fn amstar2_items_share_one_order_and_leave_out_no_meta_analysis() {
    let amstar = |who: &str, changes: &[(usize, &str)]| Appraisal {
        instrument: "amstar2".into(),
        reviewer: who.into(),
        answers: (1..=16)
            .map(|q| {
                let w = changes
                    .iter()
                    .find(|(i, _)| *i == q)
                    .map_or("yes", |(_, w)| *w);
                (format!("q{q}"), Answer::Text(w.to_string().into()))
            })
            .collect(),
        ..Appraisal::default()
    };
    let ab = amstar(
        "AB",
        &[(1, "no"), (2, "partial-yes"), (4, "no"), (11, "no-ma")],
    );
    let cd = amstar(
        "CD",
        &[
            (2, "no"),
            (4, "partial-yes"),
            (9, "partial-yes"),
            (11, "no"),
        ],
    );
    let r = run("amstar2", &[study("r", vec![ab.clone(), cd.clone()])]);
    let word = |a: &Appraisal, q: usize| {
        a.answers
            .nth(q - 1)
            .map(|(_, v)| v.to_string())
            .unwrap_or_default()
    };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for q in 1..=16 {
        if q == 11 {
            continue; // no meta-analysis against no: left out
        }
        a.push(word(&ab, q));
        b.push(word(&cd, q));
    }
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    let labels = ["yes", "partial-yes", "no"];
    assert_eq!((r.weighted_compared, r.weighted_left_out), (15, 1));
    assert!(
        close(r.weighted_linear, sklearn_kappa(&a, &b, &labels, "linear")),
        "{r:?}"
    );
    assert!(close(
        r.weighted_quadratic,
        sklearn_kappa(&a, &b, &labels, "quadratic")
    ));
}

#[test]
fn disagreements_handed_over_a_block_at_a_time_are_those_listed_at_once() {
    let levels = ["low", "some-concerns", "high", "no-info"];
    let studies: Vec<Study> = (0..17)
        .map(|i| {
            let mut all = vec![rob2("AB", std::array::from_fn(|d| levels[(i + d) % 4]))];
            if i % 4 != 0 {
                all.push(rob2(
                    "CD",
                    std::array::from_fn(|d| levels[(i * 3 + d * d) % 4]),
                ));
            }
            study(&format!("s{i:02}"), all)
        })
        .collect();
    let reg = Registry::builtin();
    let inst = reg.get("rob2").expect("rob2");
    let refs: Vec<&Study> = studies.iter().collect();
    let whole = agreement(inst, &refs);
    assert!(
        whole.disagreements.len() > 20,
        "{}",
        whole.disagreements.len()
    );
    for at_once in 1..=refs.len() + 1 {
        let mut heads = 0;
        let mut listed: Vec<Disagreement> = Vec::new();
        let figures = agreement_each_by(
            inst,
            &refs,
            at_once,
            &mut listed,
            |_: &mut Vec<Disagreement>, r: &Agreement| {
                heads += 1;
                assert!(r.disagreements.is_empty());
                Ok::<(), ()>(())
            },
            |run: &mut Vec<Disagreement>, d: Disagreement| run.push(d),
            |l: &mut Vec<Disagreement>, run: Vec<Disagreement>| {
                l.extend(run);
                Ok(())
            },
        )
        .expect("no error");
        assert_eq!(heads, 1);
        assert_eq!(listed, whole.disagreements, "{at_once} at once");
        let rest = Agreement {
            disagreements: listed,
            ..figures
        };
        assert_eq!(rest, whole, "{at_once} at once");
        // And as JSON, the disagreements made as they are written.
        let streamed = super::json::streamed_by(inst, &refs, at_once);
        assert_eq!(
            serde_json::to_string_pretty(&streamed).expect("JSON"),
            serde_json::to_string_pretty(&whole).expect("JSON"),
            "{at_once} at once"
        );
    }
}
