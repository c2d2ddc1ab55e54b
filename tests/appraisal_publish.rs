//! Appraisals and agreement a reviewer can publish (issue 18), through the
//! command line: agreement by reviewer, one state per study and unit,
//! nothing shown as agreed that is not, the instruments' published rules,
//! robvis's Weight column, and exports without the team's notes.
//!
//! Every kappa is checked against [`sklearn_kappa`], scikit-learn's
//! `cohen_kappa_score(a, b, labels=..., weights=...)` written out from its
//! definition (confusion matrix C, expected E = outer(row sums, column
//! sums) / n, kappa = 1 − Σ w·C / Σ w·E with w = 1 − I, |i − j| or
//! (i − j)²), never against litrev's own code.

mod common;

use common::*;
use serde_json::Value;

fn example() -> String {
    example_dir().to_str().expect("utf-8 path").to_string()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_slice(&run_litrev(args, 0).stdout).expect("JSON")
}

/// scikit-learn's `cohen_kappa_score(a, b, labels=labels, weights=weights)`.
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

fn close(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-9)
}

const REVIEW: &str = r#"format = 1
title = "Appraisals to publish"

[[designs]]
key = "rct"
label = "RCTs"
instrument = "rob2"

[[designs]]
key = "qual"
label = "qualitative studies"
instrument = "casp-qualitative"

[[designs]]
key = "cohort"
label = "cohort studies"
instrument = "nos-cohort"

[[designs]]
key = "mixed"
label = "mixed methods studies"
instrument = "mmat-2018"

[[designs]]
key = "dta"
label = "diagnostic accuracy studies"
instrument = "quadas-2"

[[designs]]
key = "sr"
label = "systematic reviews"
instrument = "amstar2"

[[designs]]
key = "narrative"
label = "narrative reviews"
instrument = "sanra"

[fields.n]
label = "Participants"
kind = "integer"
"#;

fn fixture() -> Fixture {
    Fixture::new(REVIEW)
}

/// One `[[appraisals]]` table.
fn appraisal(instrument: &str, who: &str, answers: &str, more: &str) -> String {
    format!(
        "\n[[appraisals]]\ninstrument = \"{instrument}\"\nreviewer = \"{who}\"\n{more}answers = {{ {answers} }}\n"
    )
}

fn rob2(who: &str, d: [&str; 5]) -> String {
    let answers: Vec<String> = d
        .iter()
        .enumerate()
        .map(|(i, w)| format!("d{} = \"{w}\"", i + 1))
        .collect();
    appraisal("rob2", who, &answers.join(", "), "")
}

fn write(fx: &Fixture, id: &str, design: &str, appraisals: &str) {
    fx.write_study(id, &study(id, None, design, id, appraisals));
}

fn root(fx: &Fixture) -> &str {
    fx.root().to_str().expect("utf-8 path")
}

// 1. Agreement by reviewer.

/// With reviewer CD's appraisal first in some files, answers are still
/// paired AB with AB and CD with CD.
#[test]
fn agreement_pairs_answers_by_reviewer_not_by_file_order() {
    let fx = fixture();
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
    write(&fx, "s1", "rct", &(rob2("AB", ab[0]) + &rob2("CD", cd[0])));
    write(&fx, "s2", "rct", &(rob2("CD", cd[1]) + &rob2("AB", ab[1])));
    write(&fx, "s3", "rct", &(rob2("CD", cd[2]) + &rob2("AB", ab[2])));
    let a: Vec<&str> = ab.iter().flatten().copied().collect();
    let b: Vec<&str> = cd.iter().flatten().copied().collect();
    let labels = ["low", "some-concerns", "high"];
    let j = json(&["agreement", root(&fx), "--format", "json"]);
    let r = &j[0];
    assert_eq!(r["instrument"], "rob2");
    assert!(
        close(&r["kappa"], sklearn_kappa(&a, &b, &labels, "none")),
        "{} vs {}",
        r["kappa"],
        sklearn_kappa(&a, &b, &labels, "none")
    );
    assert!(close(
        &r["weighted_linear"],
        sklearn_kappa(&a, &b, &labels, "linear")
    ));
    assert!(close(
        &r["weighted_quadratic"],
        sklearn_kappa(&a, &b, &labels, "quadratic")
    ));
    assert_eq!(r["reviewers"], serde_json::json!(["AB", "CD"]));
    assert_eq!(r["pairs"][0]["reviewers"], serde_json::json!(["AB", "CD"]));
    assert!(close(
        &r["pairs"][0]["kappa"],
        sklearn_kappa(&a, &b, &labels, "none")
    ));
    let d = r["disagreements"]
        .as_array()
        .expect("disagreements")
        .iter()
        .find(|d| d["study"] == "s2" && d["item"] == "d3")
        .expect("s2 d3 differs");
    assert_eq!(
        d["answers"],
        serde_json::json!([["AB", "low"], ["CD", "some-concerns"]])
    );
}

/// The example's CASP kappa over its categorical items q1–q9 (q10 is free
/// text): 0.55, not 0.72 with q10 counted as categories.
#[test]
fn the_examples_casp_kappa_leaves_out_free_text() {
    let studies = json(&["list", &example(), "--format", "json"]);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for s in studies.as_array().expect("studies") {
        let apps = s["appraisals"].as_array().cloned().unwrap_or_default();
        let by = |who: &str| {
            apps.iter()
                .find(|x| x["instrument"] == "casp-qualitative" && x["reviewer"] == who)
                .cloned()
        };
        if let (Some(mu), Some(ss)) = (by("MU"), by("SS")) {
            for q in 1..=9 {
                let k = format!("q{q}");
                a.push(mu["answers"][&k].as_str().expect("answer").to_string());
                b.push(ss["answers"][&k].as_str().expect("answer").to_string());
            }
        }
    }
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    let want = sklearn_kappa(&a, &b, &["yes", "no", "cant-tell"], "none");
    assert_eq!(format!("{want:.2}"), "0.55");
    let j = json(&[
        "agreement",
        &example(),
        "--instrument",
        "casp-qualitative",
        "--format",
        "json",
    ]);
    assert!(close(&j[0]["kappa"], want), "{} vs {want}", j[0]["kappa"]);
    assert_eq!(j[0]["compared"], a.len());
    let text = stdout(&run_litrev(
        &["agreement", &example(), "--instrument", "casp-qualitative"],
        0,
    ));
    assert!(text.starts_with("casp-qualitative: kappa 0.55"), "{text}");
    assert!(!text.contains("q10"), "{text}");
}

/// An answer off the scale (a typo) is no category: left out and listed.
#[test]
fn answers_off_the_scale_are_left_out_of_kappa_and_listed() {
    let fx = fixture();
    write(
        &fx,
        "a",
        "rct",
        &(rob2("AB", ["low", "hihg", "low", "low", "low"])
            + &rob2("CD", ["low", "high", "low", "low", "low"])),
    );
    write(
        &fx,
        "b",
        "rct",
        &(rob2("AB", ["high", "low", "low", "low", "low"])
            + &rob2("CD", ["low", "low", "low", "low", "some-concerns"])),
    );
    let j = json(&["agreement", root(&fx), "--format", "json"]);
    let r = &j[0];
    assert_eq!(r["compared"], 9);
    assert_eq!(
        r["problems"],
        serde_json::json!([{"study": "a", "reviewer": "AB", "item": "d2", "answer": "hihg"}])
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
    assert!(close(&r["kappa"], sklearn_kappa(&a, &b, &labels, "none")));
    let text = stdout(&run_litrev(&["agreement", root(&fx)], 0));
    assert!(text.contains("left out: a d2 by AB: \"hihg\""), "{text}");
}

/// Identical items, different overall judgements: the overall row and
/// the disagreement "overall".
#[test]
fn overall_only_disagreements_are_listed_with_their_own_kappa() {
    let fx = fixture();
    let sc = ["some-concerns", "some-concerns", "low", "low", "low"];
    let raised = rob2("CD", sc).replace("answers =", "overall = \"high\"\nanswers =");
    write(&fx, "a", "rct", &(rob2("AB", sc) + &raised));
    write(
        &fx,
        "b",
        "rct",
        &(rob2("AB", ["low"; 5]) + &rob2("CD", ["low"; 5])),
    );
    let j = json(&["agreement", root(&fx), "--format", "json"]);
    let r = &j[0];
    let ds = r["disagreements"].as_array().expect("list");
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(ds[0]["study"], "a");
    assert_eq!(ds[0]["item"], "overall");
    assert_eq!(
        ds[0]["answers"],
        serde_json::json!([["AB", "some-concerns"], ["CD", "high"]])
    );
    assert_eq!(r["overall"]["compared"], 2);
    let k = sklearn_kappa(
        &["some-concerns", "low"],
        &["high", "low"],
        &["low", "some-concerns", "high"],
        "none",
    );
    assert!(close(&r["overall"]["kappa"], k));
    let text = stdout(&run_litrev(&["agreement", root(&fx)], 0));
    assert!(
        text.contains("differ: a overall: AB some-concerns / CD high"),
        "{text}"
    );
}

/// Three reviewers: every pair, and Fleiss' kappa over the items all three
/// answered. Study a (AB, CD, EF): d1 3 low; d2 2 low 1 high; d3 1 low 2
/// high; d4, d5 3 low. P_i = 1, 1/3, 1/3, 1, 1 → P̄ = 11/15; p_low = 12/15,
/// p_high = 3/15 → P̄_e = 153/225; kappa = (165 − 153)/(225 − 153) = 1/6
/// (Fleiss 1971; statsmodels' `fleiss_kappa` on this count table).
#[test]
fn three_reviewers_give_every_pair_and_fleiss_kappa() {
    let fx = fixture();
    write(
        &fx,
        "a",
        "rct",
        &(rob2("AB", ["low", "low", "high", "low", "low"])
            + &rob2("CD", ["low", "low", "low", "low", "low"])
            + &rob2("EF", ["low", "high", "high", "low", "low"])),
    );
    write(
        &fx,
        "b",
        "rct",
        &(rob2("EF", ["high", "low", "low", "low", "low"])
            + &rob2("AB", ["high", "low", "low", "low", "high"])),
    );
    let j = json(&["agreement", root(&fx), "--format", "json"]);
    let r = &j[0];
    assert_eq!(r["reviewers"], serde_json::json!(["AB", "CD", "EF"]));
    let pairs: Vec<Value> = r["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .map(|p| p["reviewers"].clone())
        .collect();
    assert_eq!(
        pairs,
        [
            serde_json::json!(["AB", "CD"]),
            serde_json::json!(["AB", "EF"]),
            serde_json::json!(["CD", "EF"])
        ]
    );
    // AB–EF over both studies.
    let a = [
        "low", "low", "high", "low", "low", "high", "low", "low", "low", "high",
    ];
    let b = [
        "low", "high", "high", "low", "low", "high", "low", "low", "low", "low",
    ];
    assert!(close(
        &r["pairs"][1]["kappa"],
        sklearn_kappa(&a, &b, &["low", "some-concerns", "high"], "none")
    ));
    assert_eq!(r["fleiss"]["subjects"], 5);
    assert!(close(&r["fleiss"]["kappa"], 1.0 / 6.0), "{}", r["fleiss"]);
    let text = stdout(&run_litrev(&["agreement", root(&fx)], 0));
    assert!(text.contains("Fleiss' kappa 0.17"), "{text}");
    assert!(text.contains("pair AB–EF: kappa"), "{text}");
}

/// "No information" is off RoB 2's order: out of weighted kappa, counted.
#[test]
fn weighted_kappa_leaves_out_no_information_and_says_how_many() {
    let fx = fixture();
    write(
        &fx,
        "a",
        "rct",
        &(rob2("AB", ["low", "no-info", "high", "low", "low"])
            + &rob2("CD", ["low", "low", "some-concerns", "low", "NI"])),
    );
    write(
        &fx,
        "b",
        "rct",
        &(rob2("AB", ["some-concerns", "low", "low", "high", "low"])
            + &rob2(
                "CD",
                ["some-concerns", "low", "low", "some-concerns", "low"],
            )),
    );
    let j = json(&["agreement", root(&fx), "--format", "json"]);
    let r = &j[0];
    assert_eq!(r["weighted_compared"], 8);
    assert_eq!(r["weighted_left_out"], 2);
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
        &r["weighted_linear"],
        sklearn_kappa(&a, &b, &labels, "linear")
    ));
    assert!(close(
        &r["weighted_quadratic"],
        sklearn_kappa(&a, &b, &labels, "quadratic")
    ));
    let text = stdout(&run_litrev(&["agreement", root(&fx)], 0));
    assert!(text.contains("over 8 answer pairs (2 left out"), "{text}");
}

// 2. One state per study and unit; nothing shown as agreed that is not.

fn list_judgement(fx: &Fixture, id: &str) -> String {
    let out = stdout(&run_litrev(&["list", root(fx), "--format", "csv"], 0));
    out.lines()
        .find(|l| l.contains(&format!(",{id},")) || l.starts_with(&format!("{id},")))
        .unwrap_or_else(|| panic!("{id} in {out}"))
        .to_string()
}

#[test]
fn an_unfinished_appraisal_is_in_progress_not_disputed() {
    let fx = fixture();
    let part = "\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"CD\"\nanswers = { d1 = \"low\", d2 = \"low\" }\n";
    write(
        &fx,
        "a",
        "rct",
        &(rob2("AB", ["low", "high", "low", "low", "low"]) + part),
    );
    let line = list_judgement(&fx, "a");
    assert!(line.contains("RoB 2: in progress (CD 2/5)"), "{line}");
    assert!(!line.contains("disputed"), "{line}");
    let prose = stdout(&run_litrev(
        &["tally", root(&fx), "--by", "appraisal", "--format", "prose"],
        0,
    ));
    assert!(
        prose.contains("still being appraised with RoB 2"),
        "{prose}"
    );
    let j = json(&[
        "list",
        root(&fx),
        "--appraisal",
        "rob2:in-progress",
        "--format",
        "json",
    ]);
    assert_eq!(j.as_array().map(Vec::len), Some(1));
}

#[test]
fn several_instruments_and_mmat_categories_stand_side_by_side() {
    let fx = fixture();
    let nos = appraisal(
        "nos-cohort",
        "AB",
        "s1 = 1, s2 = 1, s3 = 1, s4 = 1, c1 = 2, o1 = 1, o2 = 1, o3 = 0",
        "",
    );
    let casp_answers: Vec<String> = (1..=9).map(|q| format!("q{q} = \"yes\"")).collect();
    let casp = appraisal(
        "casp-qualitative",
        "AB",
        &casp_answers.join(", "),
        "overall = \"high\"\n",
    );
    write(&fx, "a", "cohort", &(nos.clone() + &casp));
    let line = list_judgement(&fx, "a");
    assert!(
        line.contains("NOS: good (8★); CASP: high quality"),
        "{line}"
    );
    // MMAT: one reviewer in categories 5, 1 and 4, as the MMAT asks of a
    // mixed methods study; a second reviewer the same, differing on one
    // criterion of category 1.
    let mmat = |who: &str, cat: i64, c5: &str| {
        appraisal(
            "mmat-2018",
            who,
            &format!(
                "s1 = \"yes\", s2 = \"yes\", c1 = \"yes\", c2 = \"yes\", c3 = \"yes\", c4 = \"no\", c5 = \"{c5}\""
            ),
            &format!("category = {cat}\n"),
        )
    };
    write(
        &fx,
        "m",
        "mixed",
        &(mmat("AB", 5, "yes").clone()
            + &mmat("AB", 1, "yes")
            + &mmat("AB", 4, "yes")
            + &mmat("CD", 1, "cant-tell")
            + &mmat("CD", 4, "yes")
            + &mmat("CD", 5, "yes")),
    );
    let line = list_judgement(&fx, "m");
    assert!(!line.contains("disputed"), "{line}");
    let j = json(&[
        "agreement",
        root(&fx),
        "--instrument",
        "mmat-2018",
        "--format",
        "json",
    ]);
    let ds = j[0]["disagreements"].as_array().expect("list");
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(
        (ds[0]["category"].clone(), ds[0]["item"].clone()),
        (serde_json::json!(1), serde_json::json!("c5"))
    );
    assert_eq!(j[0]["compared"], 21);
}

/// Same overall, different items, no consensus: not reconciled. robvis and
/// the figures leave it out with a note; `--reviewer` exports one
/// reviewer's own.
#[test]
fn unreconciled_item_differences_are_never_shown_as_agreed() {
    let fx = fixture();
    write(
        &fx,
        "nr",
        "rct",
        &(rob2("AB", ["low", "some-concerns", "low", "low", "low"])
            + &rob2("CD", ["low", "low", "some-concerns", "low", "low"])),
    );
    write(&fx, "ok", "rct", &rob2("AB", ["low"; 5]));
    let line = list_judgement(&fx, "nr");
    assert!(
        line.contains("RoB 2: some concerns (not reconciled)"),
        "{line}"
    );
    let out = run_litrev(
        &[
            "export",
            root(&fx),
            "--format",
            "robvis",
            "--instrument",
            "rob2",
        ],
        0,
    );
    let csv = stdout(&out);
    assert_eq!(
        csv,
        "Study,D1,D2,D3,D4,D5,Overall,Weight\nSmith 2020b,Low,Low,Low,Low,Low,Low,1\n"
    );
    assert!(
        stderr(&out).contains("left out of the robvis CSV (1): Smith 2020a: not reconciled"),
        "{}",
        stderr(&out)
    );
    let out = run_litrev(
        &[
            "export",
            root(&fx),
            "--format",
            "robvis",
            "--instrument",
            "rob2",
            "--reviewer",
            "CD",
        ],
        0,
    );
    assert_eq!(
        stdout(&out),
        "Study,D1,D2,D3,D4,D5,Overall,Weight\nSmith 2020,Low,Low,Some concerns,Low,Low,Some concerns,1\n"
    );
    for figure in ["traffic-light", "summary"] {
        let svg = stdout(&run_litrev(
            &[
                "appraisal",
                root(&fx),
                "--instrument",
                "rob2",
                "--figure",
                figure,
            ],
            0,
        ));
        assert!(
            svg.contains("Not shown: 1 study whose reviewers have not settled their answers (Smith 2020a: not reconciled)"),
            "{svg}"
        );
        assert!(svg.contains("1 study of"), "{svg}");
    }
}

// 4. Rules to the letter.

fn overall_of(fx: &Fixture, id: &str) -> Value {
    let j = json(&["appraisal", root(fx), "--format", "json"]);
    j.as_array()
        .expect("rows")
        .iter()
        .find(|r| r["study"] == id)
        .map(|r| r["overall"].clone())
        .unwrap_or(Value::Null)
}

fn check_says(fx: &Fixture, code: i32) -> String {
    stdout(&run_litrev(&["check", root(fx)], code))
}

#[test]
fn rob2_overall_is_never_no_information_and_its_floor_holds() {
    let fx = fixture();
    // robvis's own example row: NI, low, some concerns, low, low.
    write(
        &fx,
        "ni",
        "rct",
        &rob2("AB", ["NI", "low", "some concerns", "low", "low"]),
    );
    assert_eq!(overall_of(&fx, "ni"), "some-concerns");
    // "No information" recorded as an overall: a problem, not a judgement.
    let rec =
        rob2("AB", ["low"; 5]).replace("answers =", "overall = \"no information\"\nanswers =");
    write(&fx, "ni", "rct", &rec);
    assert!(check_says(&fx, 1).contains("rob2 has no overall \"no information\""));
    // d1 high, d3 missing, overall "low": the floor holds.
    let floor = "\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"AB\"\noverall = \"low\"\nanswers = { d1 = \"high\", d2 = \"low\", d4 = \"low\", d5 = \"low\" }\n";
    write(&fx, "ni", "rct", floor);
    assert_eq!(overall_of(&fx, "ni"), Value::Null);
    assert!(check_says(&fx, 1).contains("overall \"low\" is below the worst domain"));
    // "-" is some concerns (robvis's symbol).
    write(&fx, "ni", "rct", &rob2("AB", ["+", "-", "+", "+", "+"]));
    check_says(&fx, 0);
    assert_eq!(overall_of(&fx, "ni"), "some-concerns");
}

#[test]
fn quadas2_risk_of_bias_and_applicability_are_two_judgements() {
    let fx = fixture();
    let risk = appraisal(
        "quadas-2",
        "AB",
        "d1 = \"low\", d2 = \"low\", d3 = \"low\", d4 = \"low\"",
        "",
    );
    write(&fx, "q", "dta", &risk);
    assert_eq!(overall_of(&fx, "q"), "low");
    let both = appraisal(
        "quadas-2",
        "AB",
        "d1 = \"low\", d2 = \"low\", d3 = \"low\", d4 = \"low\", a1 = \"low\", a2 = \"high concern\", a3 = \"low\"",
        "",
    );
    write(&fx, "q", "dta", &both);
    let j = json(&["appraisal", root(&fx), "--format", "json"]);
    assert_eq!(j[0]["overall"], "low");
    assert_eq!(j[0]["applicability"], "high");
    let line = list_judgement(&fx, "q");
    assert!(
        line.contains("QUADAS-2: low risk; applicability: high concern"),
        "{line}"
    );
}

#[test]
fn amstar2_offers_partial_yes_only_where_the_checklist_does() {
    let fx = fixture();
    let answers: Vec<String> = (1..=16)
        .map(|q| {
            let w = if q == 13 { "partial-yes" } else { "yes" };
            format!("q{q} = \"{w}\"")
        })
        .collect();
    write(
        &fx,
        "r",
        "sr",
        &appraisal("amstar2", "AB", &answers.join(", "), ""),
    );
    assert!(check_says(&fx, 1).contains(
        "amstar2 q13: \"partial-yes\" is not an answer: expected one of \"yes\", \"no\""
    ),);
    assert_eq!(overall_of(&fx, "r"), Value::Null);
}

#[test]
fn sanra_total_is_the_sum_and_a_contradicting_one_is_an_error() {
    let fx = fixture();
    write(
        &fx,
        "n",
        "narrative",
        &appraisal(
            "sanra",
            "AB",
            "q1 = 2, q2 = 2, q3 = 1, q4 = 1, q5 = 2, q6 = 1",
            "overall = \"12/12\"\n",
        ),
    );
    assert!(check_says(&fx, 1).contains("overall \"12/12\" is not the sum of the items"));
    assert_eq!(overall_of(&fx, "n"), "9/12");
}

#[test]
fn mmat_counts_the_criteria_of_five_and_flags_screening_and_category() {
    let fx = fixture();
    write(
        &fx,
        "m",
        "mixed",
        &appraisal(
            "mmat-2018",
            "AB",
            "s1 = \"no\", s2 = \"yes\", c1 = \"yes\", c2 = \"no\", c3 = \"yes\", c4 = \"cant-tell\", c5 = \"yes\"",
            "category = 1\n",
        ),
    );
    let line = list_judgement(&fx, "m");
    assert!(line.contains("MMAT: no overall (3/5 yes; S1 no)"), "{line}");
    assert!(check_says(&fx, 0).contains("may not be appraisable"));
    write(
        &fx,
        "m",
        "mixed",
        &appraisal(
            "mmat-2018",
            "AB",
            "s1 = \"yes\", s2 = \"yes\", c1 = \"yes\", c2 = \"no\", c3 = \"yes\", c4 = \"cant-tell\", c5 = \"yes\"",
            "",
        ),
    );
    assert!(check_says(&fx, 0).contains("has no category"));
}

// 5. robvis's Weight column.

#[test]
fn robvis_has_a_weight_column_from_a_field_if_asked() {
    let fx = fixture();
    let a = study("a", None, "rct", "A", "[extraction]\nn = 120\n").replace("Smith", "Adams");
    fx.write_study("a", &format!("{a}{}", rob2("AB", ["low"; 5])));
    let b = study("b", None, "rct", "B", "[extraction]\nn = 48\n");
    fx.write_study(
        "b",
        &format!("{b}{}", rob2("AB", ["NI", "low", "low", "low", "low"])),
    );
    let csv = stdout(&run_litrev(
        &[
            "export",
            root(&fx),
            "--format",
            "robvis",
            "--instrument",
            "rob2",
        ],
        0,
    ));
    assert_eq!(
        csv,
        "Study,D1,D2,D3,D4,D5,Overall,Weight\n\
         Adams 2020,Low,Low,Low,Low,Low,Low,1\n\
         Smith 2020,No information,Low,Low,Low,Low,Some concerns,1\n"
    );
    let csv = stdout(&run_litrev(
        &[
            "export",
            root(&fx),
            "--format",
            "robvis",
            "--instrument",
            "rob2",
            "--weight",
            "n",
        ],
        0,
    ));
    assert!(
        csv.contains("Adams 2020,Low,Low,Low,Low,Low,Low,120\n"),
        "{csv}"
    );
    assert!(csv.contains(",Some concerns,48\n"), "{csv}");
    // A study without the number: an error naming it.
    fx.write_study(
        "c",
        &(study("c", None, "rct", "C", "") + &rob2("AB", ["low"; 5])),
    );
    let out = run_litrev(
        &[
            "export",
            root(&fx),
            "--format",
            "robvis",
            "--instrument",
            "rob2",
            "--weight",
            "n",
        ],
        1,
    );
    assert!(
        stderr(&out).contains("--weight n: c has no number in `n`"),
        "{}",
        stderr(&out)
    );
}

// 6. Exports carry only publishable fields.

#[test]
fn notes_stay_out_of_record_exports_unless_asked_for() {
    let fx = fixture();
    fx.write_study(
        "a",
        &study(
            "a",
            None,
            "rct",
            "A",
            "notes = \"INTERNAL: ask MU about the dropouts\"\n",
        ),
    );
    for format in ["ris", "bibtex", "csljson"] {
        let out = stdout(&run_litrev(&["export", root(&fx), "--format", format], 0));
        assert!(!out.contains("INTERNAL"), "{format}: {out}");
        let out = stdout(&run_litrev(
            &["export", root(&fx), "--format", format, "--with-notes"],
            0,
        ));
        assert!(
            out.contains("INTERNAL: ask MU about the dropouts"),
            "{format}: {out}"
        );
    }
}
