//! Screening agreement in `litrev screen status` (issue 22, item 6):
//! Cohen's kappa per stage for each pair of reviewers over the records both
//! decided, and Fleiss' kappa over the records every reviewer decided when
//! there are more than two — against values worked out by hand.

mod common;

use std::fs;
use std::path::Path;

use common::{Fixture, litrev, stdout};

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/screening")
}

/// A review of the fixture exports with `reviewers`.
fn review(reviewers: &str) -> Fixture {
    let fx = Fixture::new(&format!(
        "format = 1\ntitle = \"Alliance\"\n\n[screening]\nreviewers = {reviewers}\n"
    ));
    for (file, db) in [
        ("medline.nbib", "MEDLINE"),
        ("embase.ris", "Embase"),
        ("cinahl.csv", "CINAHL"),
    ] {
        litrev()
            .current_dir(fx.root())
            .args(["search", "add"])
            .arg(fixtures().join(file))
            .args(["--database", db, "--date", "2026-11-02"])
            .assert()
            .success();
    }
    fx
}

/// The records' keys in the order `screen list` gives them.
fn keys(fx: &Fixture) -> Vec<String> {
    let out = litrev()
        .current_dir(fx.root())
        .args(["screen", "list", "--format", "json"])
        .output()
        .expect("run");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    list.as_array()
        .expect("list")
        .iter()
        .map(|r| r["key"].as_str().expect("key").to_string())
        .collect()
}

/// Writes `who`'s decisions file by hand: (record, stage, decision, reason).
fn decisions(root: &Path, who: &str, rows: &[(&str, &str, &str, &str)]) {
    let mut rows: Vec<_> = rows.to_vec();
    rows.sort();
    let mut text = String::from("key\tstage\tdecision\treason\tnote\ttime\n");
    for (key, stage, decision, reason) in rows {
        text.push_str(&format!(
            "{key}\t{stage}\t{decision}\t{reason}\t\t2026-11-03T10:00:00Z\n"
        ));
    }
    fs::create_dir_all(root.join("screening")).expect("folder");
    fs::write(root.join(format!("screening/{who}.tsv")), text).expect("write");
}

fn status(fx: &Fixture) -> (serde_json::Value, String) {
    let out = litrev()
        .current_dir(fx.root())
        .args(["screen", "status", "--format", "json"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", common::stderr(&out));
    let json = serde_json::from_slice(&out.stdout).expect("JSON");
    let out = litrev()
        .current_dir(fx.root())
        .args(["screen", "status"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", common::stderr(&out));
    (json, stdout(&out))
}

fn close(v: &serde_json::Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-9)
}

fn stage<'a>(json: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    json["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .find(|s| s["stage"] == name)
        .expect("the stage")
}

fn pair<'a>(stage: &'a serde_json::Value, a: &str, b: &str) -> &'a serde_json::Value {
    stage["agreement"]
        .as_array()
        .expect("agreement")
        .iter()
        .find(|p| p["first"] == a && p["second"] == b)
        .unwrap_or_else(|| panic!("no pair {a}–{b} in {stage}"))
}

/// Two reviewers, both stages.
///
/// Title and abstract, 7 records: AB includes 1–4 and 7, excludes 5–6; MU
/// includes 1–4, excludes 5–7. Agreement 6/7; chance (5·4 + 2·3)/49 =
/// 26/49; kappa (42 − 26)/(49 − 26) = 16/23 = 0.696.
///
/// Full text, records 1–4 (both included them): AB includes 1 and 3,
/// excludes 2 and 4; MU includes 1, excludes 2–4. Agreement 3/4; chance
/// ½·¼ + ½·¾ = ½; kappa (¾ − ½)/(1 − ½) = 0.5.
#[test]
fn kappa_per_stage_for_two_reviewers_as_worked_out_by_hand() {
    let fx = review("[\"AB\", \"MU\"]");
    let k = keys(&fx);
    let ta = "title-abstract";
    let ft = "full-text";
    let mut ab = Vec::new();
    let mut mu = Vec::new();
    for (i, key) in k.iter().take(7).enumerate() {
        let a = if i < 4 || i == 6 {
            "include"
        } else {
            "exclude"
        };
        let m = if i < 4 { "include" } else { "exclude" };
        ab.push((key.as_str(), ta, a, ""));
        mu.push((key.as_str(), ta, m, ""));
    }
    for (i, key) in k.iter().take(4).enumerate() {
        let a = if i % 2 == 0 { "include" } else { "exclude" };
        let m = if i == 0 { "include" } else { "exclude" };
        let reason = |d: &str| if d == "exclude" { "wrong design" } else { "" };
        ab.push((key.as_str(), ft, a, reason(a)));
        mu.push((key.as_str(), ft, m, reason(m)));
    }
    decisions(fx.root(), "AB", &ab);
    decisions(fx.root(), "MU", &mu);
    let (json, text) = status(&fx);

    let p = pair(stage(&json, ta), "AB", "MU");
    assert_eq!(p["compared"], 7, "{p}");
    assert_eq!(p["disagreements"], 1, "{p}");
    assert!(close(&p["observed"], 6.0 / 7.0), "{p}");
    assert!(close(&p["expected"], 26.0 / 49.0), "{p}");
    assert!(close(&p["kappa"], 16.0 / 23.0), "{p}");
    let p = pair(stage(&json, ft), "AB", "MU");
    assert_eq!(p["compared"], 4, "{p}");
    assert_eq!(p["disagreements"], 1, "{p}");
    assert!(close(&p["kappa"], 0.5), "{p}");
    assert!(
        stage(&json, ta)["fleiss"].is_null(),
        "two reviewers: no Fleiss"
    );

    assert!(
        text.contains(
            "kappa AB–MU: 0.70 over 7 records both decided (1 disagreement, 85.7% agreement)"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "kappa AB–MU: 0.50 over 4 records both decided (1 disagreement, 75.0% agreement)"
        ),
        "{text}"
    );
    assert!(!text.contains("Fleiss"), "{text}");
}

/// Three reviewers at title and abstract.
///
/// AB: I I I I E E E E E E (records 1–10); MU: I I I E E E E E E I;
/// KL: I I E I E E E E (records 1–8 only).
///
/// - AB–MU over 10: agreement 8/10, chance 0.4·0.4 + 0.6·0.6 = 0.52, kappa
///   0.28/0.48 = 7/12.
/// - AB–KL over 8: agreement 7/8, chance ½·⅜ + ½·⅝ = ½, kappa 0.75.
/// - KL–MU over 8: agreement 6/8, chance (3·3 + 5·5)/64 = 34/64, kappa
///   (48 − 34)/(64 − 34) = 7/15.
/// - Fleiss over the 8 records all three decided: per record agreement
///   1, 1, ⅓, ⅓, 1, 1, 1, 1 (mean 5/6); includes 10 of 24 answers, so
///   chance (10² + 14²)/24² = 296/576; kappa (480 − 296)/(576 − 296) =
///   23/35 = 0.657.
#[test]
fn every_pair_and_fleiss_kappa_for_three_reviewers_as_worked_out_by_hand() {
    let fx = review("[\"AB\", \"MU\", \"KL\"]");
    let k = keys(&fx);
    let ta = "title-abstract";
    let of = |pattern: &str| -> Vec<(String, &'static str)> {
        pattern
            .chars()
            .zip(&k)
            .map(|(c, key)| (key.clone(), if c == 'I' { "include" } else { "exclude" }))
            .collect()
    };
    for (who, pattern) in [
        ("AB", "IIIIEEEEEE"),
        ("MU", "IIIEEEEEEI"),
        ("KL", "IIEIEEEE"),
    ] {
        let rows = of(pattern);
        let rows: Vec<(&str, &str, &str, &str)> = rows
            .iter()
            .map(|(key, d)| (key.as_str(), ta, *d, ""))
            .collect();
        decisions(fx.root(), who, &rows);
    }
    let (json, text) = status(&fx);
    let s = stage(&json, ta);
    let p = pair(s, "AB", "MU");
    assert_eq!(p["compared"], 10, "{p}");
    assert_eq!(p["disagreements"], 2, "{p}");
    assert!(close(&p["kappa"], 7.0 / 12.0), "{p}");
    let p = pair(s, "AB", "KL");
    assert_eq!(p["compared"], 8, "{p}");
    assert!(close(&p["kappa"], 0.75), "{p}");
    // Pairs are named in alphabetical order, as appraisal agreement names them.
    let p = pair(s, "KL", "MU");
    assert_eq!(p["compared"], 8, "{p}");
    assert!(close(&p["kappa"], 7.0 / 15.0), "{p}");
    let f = &s["fleiss"];
    assert_eq!(f["subjects"], 8, "{f}");
    assert!(close(&f["observed"], 5.0 / 6.0), "{f}");
    assert!(close(&f["expected"], 296.0 / 576.0), "{f}");
    assert!(close(&f["kappa"], 23.0 / 35.0), "{f}");

    assert!(
        text.contains(
            "kappa AB–MU: 0.58 over 10 records both decided (2 disagreements, 80.0% agreement)"
        ),
        "{text}"
    );
    assert!(
        text.contains("kappa AB–KL: 0.75 over 8 records both decided"),
        "{text}"
    );
    assert!(
        text.contains("kappa KL–MU: 0.47 over 8 records both decided"),
        "{text}"
    );
    assert!(
        text.contains("Fleiss' kappa, all 3 reviewers: 0.66 over 8 records all decided"),
        "{text}"
    );
}

/// `litrev report` lists the full texts excluded with their reasons (issue
/// 22, item 9): a record both reviewers excluded at full text, with the
/// reason they gave, and not a record they differ on. The same decisions
/// go out as CSV with a column per reviewer.
#[test]
fn the_report_lists_the_full_texts_excluded_with_their_reasons() {
    let fx = review("[\"AB\", \"MU\"]");
    let k = keys(&fx);
    let (ta, ft) = ("title-abstract", "full-text");
    // Records 1–3 included by both at title and abstract; at full text
    // record 1 included by both, record 2 excluded by both (wrong design),
    // record 3 AB includes and MU excludes (a conflict, not an exclusion).
    let mut ab = Vec::new();
    let mut mu = Vec::new();
    for key in k.iter().take(3) {
        ab.push((key.as_str(), ta, "include", ""));
        mu.push((key.as_str(), ta, "include", ""));
    }
    ab.push((k[0].as_str(), ft, "include", ""));
    mu.push((k[0].as_str(), ft, "include", ""));
    ab.push((k[1].as_str(), ft, "exclude", "wrong design"));
    mu.push((k[1].as_str(), ft, "exclude", "wrong design"));
    ab.push((k[2].as_str(), ft, "include", ""));
    mu.push((k[2].as_str(), ft, "exclude", "wrong population"));
    decisions(fx.root(), "AB", &ab);
    decisions(fx.root(), "MU", &mu);

    let out = fx.root().join("report");
    litrev()
        .current_dir(fx.root())
        .args(["report", "--out"])
        .arg(&out)
        .assert()
        .success();
    let index = fs::read_to_string(out.join("index.md")).expect("index.md");
    assert!(index.contains("## Full texts excluded"), "{index}");
    assert!(
        index.contains("[Full texts excluded, with reasons](excluded.md)"),
        "{index}"
    );
    let table = fs::read_to_string(out.join("excluded.md")).expect("excluded.md");
    let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(rows[0], "| Study | Title | Reason | Record |", "{table}");
    assert_eq!(rows.len(), 2, "one excluded full text:\n{table}");
    assert!(
        rows[1].contains("| Patient-centred communication training for physiotherapists: a cluster randomised trial | wrong design | doi:10.5555/lbp.2021.002 |"),
        "{table}"
    );
    assert!(!table.contains("wrong population"), "{table}");

    let csv = litrev()
        .current_dir(fx.root())
        .args(["screen", "export"])
        .output()
        .expect("run");
    let csv = stdout(&csv);
    let row = csv
        .lines()
        .find(|l| l.starts_with("doi:10.5555/lbp.2020.003,"))
        .expect("row");
    assert!(
        row.contains(",include,,include,,,,included,include,,exclude,wrong population,,,conflict,"),
        "{row}"
    );
}
