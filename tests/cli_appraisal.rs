//! The appraisal commands (`instruments`, `appraisal`, `agreement`,
//! `export --format robvis`) and appraisal validation through `check`.

mod common;

use std::fs;

use common::*;
use serde_json::Value;

use common::run_litrev as run;

fn example() -> String {
    example_dir().to_str().expect("UTF-8 path").to_string()
}

/// A RoB 2 appraisal by `who` with these answers, `extra` lines (an
/// outcome) before them.
fn rob2_by(who: &str, extra: &str, d: [&str; 5]) -> String {
    format!(
        "\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"{who}\"\n{extra}answers = {{ d1 = \"{}\", d2 = \"{}\", d3 = \"{}\", d4 = \"{}\", d5 = \"{}\" }}\n",
        d[0], d[1], d[2], d[3], d[4]
    )
}

fn json(args: &[&str]) -> Value {
    serde_json::from_slice(&run(args, 0).stdout).expect("JSON")
}

#[test]
fn instruments_lists_the_ten_and_shows_one_with_items_and_scale() {
    let list = stdout(&run(&["instruments"], 0));
    for name in [
        "amstar2",
        "casp-qualitative",
        "jbi-case-report",
        "jbi-text-opinion",
        "mmat-2018",
        "nos-cohort",
        "quadas-2",
        "rob2",
        "robins-i",
        "sanra",
    ] {
        assert!(list.lines().any(|l| l.starts_with(name)), "{name}: {list}");
    }
    let rob2 = stdout(&run(&["instruments", "rob2"], 0));
    assert!(
        rob2.starts_with("rob2 — Cochrane risk-of-bias tool"),
        "{rob2}"
    );
    assert!(rob2.contains("source: Sterne JAC"), "{rob2}");
    assert!(
        rob2.contains("d5   Result chosen by a plan made in advance?"),
        "{rob2}"
    );
    assert!(rob2.contains("some-concerns (sc, some"), "{rob2}");
    let amstar = stdout(&run(&["instruments", "amstar2"], 0));
    assert!(
        amstar.contains("q2   Protocol registered before the review began? [critical]"),
        "{amstar}"
    );
    let e = stderr(&run(&["instruments", "rob3"], 2));
    assert!(
        e.contains("unknown instrument \"rob3\": expected one of amstar2,"),
        "{e}"
    );
    let j = json(&["instruments", "nos-cohort", "--format", "json"]);
    assert_eq!(j["items"][4]["id"], "c1");
    assert_eq!(j["items"][4]["answers"]["max"], 2);
}

#[test]
fn appraisal_json_follows_the_documented_shape() {
    let v = json(&[
        "appraisal",
        &example(),
        "--instrument",
        "rob2",
        "--format",
        "json",
    ]);
    let all = v.as_array().expect("array");
    assert!(all.iter().all(|a| a["instrument"] == "rob2"));
    let over = all
        .iter()
        .find(|a| a["study"] == "eriksson-2014" && a["reviewer"] == "consensus")
        .expect("the override of the example");
    assert_eq!(over["overall"], "high");
    assert_eq!(over["computed"], "some-concerns");
    assert_eq!(over["override"], true);
    assert_eq!(over["answers"]["d1"], "some-concerns");
    let mu = json(&[
        "appraisal",
        &example(),
        "--reviewer",
        "MU",
        "--format",
        "json",
    ]);
    assert!(mu.as_array().unwrap().iter().all(|a| a["reviewer"] == "MU"));
    let text = stdout(&run(&["appraisal", &example(), "--instrument", "rob2"], 0));
    assert!(
        text.contains("RoB 2: high risk (override; computed some concerns)"),
        "{text}"
    );
    let csv = stdout(&run(
        &[
            "appraisal",
            &example(),
            "--instrument",
            "sanra",
            "--format",
            "csv",
        ],
        0,
    ));
    assert!(
        csv.starts_with("ref,study,reviewer,answers,overall\n"),
        "{csv}"
    );
    assert!(csv.contains("SANRA: 10/12"), "{csv}");
}

#[test]
fn disputed_studies_are_counted_and_filtered_as_such() {
    let t = json(&["tally", &example(), "--by", "appraisal", "--format", "json"]);
    let labels: Vec<&str> = t["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"RoB 2: disputed"), "{labels:?}");
    assert!(labels.contains(&"CASP: disputed"), "{labels:?}");
    let v = json(&[
        "list",
        &example(),
        "--appraisal",
        "disputed",
        "--format",
        "json",
    ]);
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ribeiro-2020", "chen-2022"]);
    let v = json(&[
        "list",
        &example(),
        "--appraisal",
        "rob2:disputed",
        "--format",
        "json",
    ]);
    assert_eq!(v.as_array().unwrap().len(), 1);
}

#[test]
fn agreement_reports_kappa_and_every_disagreement() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    // Two trials, each appraised by AB and CD: 10 answer pairs.
    //   a: AB low low low low low   CD low low high low low   (1 differs)
    //   b: AB low high low low low  CD low high low low low
    // Pooled table (AB rows, CD columns):  low→low 8, low→high 1, high→high 1.
    // p_o = 9/10; AB: low 9, high 1; CD: low 8, high 2;
    // p_e = 0.9·0.8 + 0.1·0.2 = 0.74; kappa = (0.9 − 0.74)/(1 − 0.74) = 0.615…
    let rater = |who: &str, d: [&str; 5]| rob2_by(who, "", d);
    let low = ["low"; 5];
    fx.write_study(
        "a",
        &study(
            "a",
            Some(1),
            "trial/parallel",
            "A",
            &(rater("AB", low) + &rater("CD", ["low", "low", "High", "low", "low"])),
        ),
    );
    let b = ["low", "high", "low", "low", "low"];
    fx.write_study(
        "b",
        &study(
            "b",
            Some(2),
            "trial/parallel",
            "B",
            &(rater("AB", b) + &rater("CD", b)),
        ),
    );
    let root = fx.root().to_str().unwrap();
    let j = json(&["agreement", root, "--format", "json"]);
    let r = &j[0];
    assert_eq!(r["instrument"], "rob2");
    assert_eq!(r["studies"], 2);
    // `pairs` is now every pair of reviewers with its figures; the number
    // of answer pairs compared is `compared` (was `"pairs": 10`).
    assert_eq!(r["compared"], 10);
    assert_eq!(r["pairs"][0]["reviewers"], serde_json::json!(["AB", "CD"]));
    assert_eq!(r["pairs"][0]["compared"], 10);
    assert!((r["observed"].as_f64().unwrap() - 0.9).abs() < 1e-9);
    assert!((r["expected"].as_f64().unwrap() - 0.74).abs() < 1e-9);
    assert!((r["kappa"].as_f64().unwrap() - 0.16 / 0.26).abs() < 1e-9);
    assert_eq!(r["disagreements"][0]["study"], "a");
    assert_eq!(r["disagreements"][0]["item"], "d3");
    // d1 is "low" from both everywhere: kappa undefined, written null.
    assert_eq!(r["items"][0][0], "d1");
    assert_eq!(r["items"][0][1]["kappa"], Value::Null);
    let text = stdout(&run(&["agreement", root], 0));
    assert!(text.contains("rob2: kappa 0.62 (observed 90%, expected 74%) over 10 answer pairs in 2 double-appraised studies"), "{text}");
    assert!(text.contains("differ: a d3: AB low / CD high"), "{text}");
    assert!(!text.contains("NaN"), "{text}");
    // No double-appraised study: nothing to divide by, and no NaN.
    let solo = Fixture::new(&other_review_toml("brackets"));
    solo.write_study(
        "a",
        &study("a", Some(1), "trial/parallel", "A", &rater("AB", low)),
    );
    let text = stdout(&run(&["agreement", solo.root().to_str().unwrap()], 0));
    assert!(text.contains("rob2: kappa undefined (observed —, expected —) over 0 answer pairs in 0 double-appraised studies"), "{text}");
}

#[test]
fn robvis_export_of_the_example() {
    let out = stdout(&run(
        &[
            "export",
            &example(),
            "--format",
            "robvis",
            "--instrument",
            "rob2",
        ],
        0,
    ));
    let mut lines = out.lines();
    // robvis's templates end with a Weight column (1 by default), which
    // rob_summary(weighted = TRUE), its default, needs (was
    // "Study,D1,D2,D3,D4,D5,Overall").
    assert_eq!(lines.next(), Some("Study,D1,D2,D3,D4,D5,Overall,Weight"));
    let rows: Vec<&str> = lines.collect();
    // Every RoB 2 trial with a judgement that counts: the disputed one is
    // left out.
    let rob2 = json(&["list", &example(), "--format", "json"]);
    let trials = rob2
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["appraisals"][0]["instrument"] == "rob2" && s["id"] != "chen-2022")
        .count();
    assert_eq!(rows.len(), trials);
    for r in &rows {
        let cells: Vec<&str> = r.split(',').collect();
        assert_eq!(cells.len(), 8, "{r}");
        assert_eq!(cells[7], "1", "{r}");
        for c in &cells[1..7] {
            assert!(
                ["Low", "Some concerns", "High", "No information"].contains(c),
                "{c} in {r}"
            );
        }
    }
    assert!(
        rows.contains(
            &"Eriksson 2014,Some concerns,Some concerns,Some concerns,Low,Some concerns,High,1"
        ),
        "{out}"
    );
    let fx = tempfile::tempdir().unwrap();
    let file = fx.path().join("rob.csv");
    run(
        &[
            "export",
            &example(),
            "--format",
            "robvis",
            "--instrument",
            "rob2",
            "--out",
            file.to_str().unwrap(),
        ],
        0,
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), out);
    let e = stderr(&run(
        &[
            "export",
            &example(),
            "--format",
            "robvis",
            "--instrument",
            "casp-qualitative",
        ],
        2,
    ));
    assert!(e.contains("casp-qualitative has no robvis template"), "{e}");
    let e = stderr(&run(&["export", &example(), "--format", "robvis"], 2));
    assert!(
        e.contains("--format robvis needs --instrument: one of "),
        "{e}"
    );
}

#[test]
fn bad_answers_and_a_bad_instrument_file_are_located_and_the_review_opens() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    let bad = "\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"consensus\"\nanswers = { d1 = \"lo\", d2 = \"low\", d3 = \"low\", d4 = \"low\", d9 = \"high\" }\noverall = \"grand\"\n";
    let text = study("a", Some(1), "trial/parallel", "A", bad);
    let path = fx.write_study("a", &text);
    fx.write_study("b", &study("b", Some(2), "trial/parallel", "B", ""));
    fs::create_dir(fx.root().join("instruments")).unwrap();
    let inst = "name = \"mine\"\nshort = \"Mine\"\ntitle = \"Mine\"\nversion = \"1\"\nsource = \"s\"\n[[items]]\nid = \"q1\"\nprompt = \"p\"\nscale = \"nope\"\n[overall]\nrule = \"none\"\n";
    let ipath = fx.root().join("instruments").join("mine.toml");
    fs::write(&ipath, inst).unwrap();
    let out = run(&["check", fx.root().to_str().unwrap()], 1);
    let o = stdout(&out);
    for (file, source, needle, message) in [
        (
            &path,
            text.as_str(),
            "\"lo\"",
            "rob2 d1: \"lo\" is not an answer: expected one of \"low\"",
        ),
        (
            &path,
            text.as_str(),
            "\"high\" }",
            "rob2 has no item \"d9\"",
        ),
        (
            &path,
            text.as_str(),
            "\"grand\"",
            "rob2 has no overall \"grand\"",
        ),
        (&ipath, inst, "\"nope\"", "item q1: no scale \"nope\""),
    ] {
        let want = format!("{}{message}", at(file, source, needle));
        assert!(o.contains(&want), "{want} in {o}");
    }
    // The review still opens: both studies are listed, and the bad
    // appraisal gives no judgement.
    let v = json(&["list", fx.root().to_str().unwrap(), "--format", "json"]);
    assert_eq!(v.as_array().unwrap().len(), 2);
    let t = json(&[
        "tally",
        fx.root().to_str().unwrap(),
        "--by",
        "appraisal",
        "--format",
        "json",
    ]);
    assert_eq!(t["groups"][0]["label"], "not appraised");
    assert_eq!(t["groups"][0]["count"], 2);
}

#[test]
fn an_override_below_the_worst_domain_is_a_problem_and_does_not_count() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    let low = "\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"consensus\"\nanswers = { d1 = \"Low\", d2 = \"High\", d3 = \"L\", d4 = \"low\", d5 = \"low\" }\noverall = \"low\"\n";
    let text = study("a", Some(1), "trial/parallel", "A", low);
    let path = fx.write_study("a", &text);
    let root = fx.root().to_str().unwrap();
    let o = stdout(&run(&["check", root], 1));
    assert!(
        o.contains(&format!(
            "{}overall \"low\" is below the worst domain",
            at(&path, &text, "\"low\"\n")
        )),
        "{o}"
    );
    let t = json(&["tally", root, "--by", "appraisal", "--format", "json"]);
    assert_eq!(t["groups"][0]["label"], "RoB 2: high risk");
}

#[test]
fn a_review_instrument_is_used_and_listed() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    fs::create_dir(fx.root().join("instruments")).unwrap();
    let inst = "name = \"pedro\"\nshort = \"PEDro\"\ntitle = \"PEDro scale\"\nversion = \"1999\"\nsource = \"s\"\n[scales.point]\nmin = 0\nmax = 1\n[[items]]\nid = \"q1\"\nprompt = \"Random allocation?\"\nscale = \"point\"\n[[items]]\nid = \"q2\"\nprompt = \"Concealed allocation?\"\nscale = \"point\"\n[overall]\nrule = \"sum\"\nbands = [{ min = 2, level = \"good\" }, { min = 0, level = \"bad\" }]\n";
    fs::write(fx.root().join("instruments/pedro.toml"), inst).unwrap();
    fx.write_study(
        "a",
        &study("a", Some(1), "trial/parallel", "A", "\n[[appraisals]]\ninstrument = \"pedro\"\nreviewer = \"consensus\"\nanswers = { q1 = 1, q2 = 1 }\n"),
    );
    let root = fx.root().to_str().unwrap();
    run(&["check", root], 0);
    let t = json(&["tally", root, "--by", "appraisal", "--format", "json"]);
    assert_eq!(t["groups"][0]["label"], "PEDro: 2/2");
    let list = stdout(&run(&["instruments", "--review", root], 0));
    assert!(list.lines().any(|l| l.starts_with("pedro ")), "{list}");
}

#[test]
fn a_newline_in_an_outcome_a_reviewer_or_an_answer_never_begins_a_line_of_agreement() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    let outcome = "outcome = \"pain\\r\\nforged line\\u0007\"\n";
    let appraisals = rob2_by("AB", outcome, ["low"; 5])
        + &rob2_by(
            "CD",
            outcome,
            ["high", "low", "low", "low", "nope\\nforged answer"],
        )
        + &rob2_by("E\\nforged reviewer", outcome, ["low"; 5]);
    fx.write_study(
        "a",
        &study("a", Some(1), "trial/parallel", "A", &appraisals),
    );
    let root = fx.root().to_str().unwrap();
    let text = stdout(&run(&["agreement", root], 0));
    // The disagreement, the outcome's figures, the pairs of reviewers and
    // the answer left out each on one line, the bell shown, never rung.
    for line in [
        "  differ: a (pain forged line␇) d1: AB low / CD high / E forged reviewer low",
        "  outcome pain forged line␇: kappa",
        "  pair CD–E forged reviewer: kappa",
        "  left out: a d5 by CD: \"nope forged answer\" is not on the item's scale",
    ] {
        assert!(text.lines().any(|l| l.starts_with(line)), "{line}\n{text}");
    }
    assert!(!text.lines().any(|l| l.starts_with("forged")), "{text}");
    assert!(!text.contains('\u{7}'), "{text}");
}

#[test]
fn the_appraisal_table_lines_up_answers_that_are_plain_wide_or_hostile() {
    use unicode_width::UnicodeWidthStr;
    let fx = Fixture::new(&other_review_toml("brackets"));
    // Plain answers (measured as they are made), answers off the scale in
    // wide and combining letters, a tab and a bell (made inert, then
    // measured), on rows of one run.
    let appraisals = rob2_by("AB", "", ["low"; 5])
        + &rob2_by(
            "CD",
            "",
            ["high", "低い", "low", "bajo\\u0301", "x\\ty\\u0007"],
        )
        + &rob2_by("EF", "", ["some-concerns", "low", "low", "low", "high"]);
    fx.write_study(
        "a",
        &study("a", Some(1), "trial/parallel", "A", &appraisals),
    );
    let root = fx.root().to_str().unwrap();
    let text = stdout(&run(&["appraisal", root], 0));
    assert!(!text.contains('\u{7}') && !text.contains('\t'), "{text}");
    // Every row's overall cell begins in the same column as the header's.
    let column = |l: &str| l.find(" overall").map(|at| l[..at].width());
    let lines: Vec<&str> = text.lines().collect();
    let head = lines
        .iter()
        .find_map(|l| l.starts_with("ref").then(|| column(l)).flatten())
        .expect("header");
    let rows: Vec<&&str> = lines.iter().filter(|l| l.starts_with("1 ")).collect();
    assert_eq!(rows.len(), 3, "{text}");
    for r in rows {
        let last = r.trim_end().rsplit("  ").next().unwrap_or_default();
        let at = r.trim_end().len() - last.len();
        assert_eq!(r[..at].width(), head + 1, "{r}\n{text}");
    }
}

/// Past what an instrument remembers (4 096 distinct sets of answers), each
/// row of the text table is read afresh, its cells made in two passes (the
/// widths first, then the lines) without being held: the table printed is
/// the one written to a file, made row by row, line for line. Some answers
/// to respell, some reviewers and authors to make inert.
#[test]
fn past_the_memo_the_printed_table_is_the_one_made_row_by_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    litrev::store::synth::write_review_varied(dir.path(), 2600).expect("synthetic review");
    let studies = dir.path().join("studies");
    let mut names: Vec<_> = fs::read_dir(&studies)
        .expect("studies")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    for (n, path) in names.iter().enumerate() {
        let mut text = fs::read_to_string(path).expect("study");
        if n % 5 == 0 {
            text = text.replacen("= \"yes\"", "= \" Yes\"", 1);
        }
        if n % 7 == 0 {
            text = text.replacen("reviewer = \"CD\"", "reviewer = \"C\\u0007D\"", 1);
        }
        if n % 11 == 0 {
            text = text.replacen("authors = [\"", "authors = [\"高橋\\u001b[2J, ", 1);
        }
        fs::write(path, text).expect("study written");
    }
    let root = dir.path().to_str().expect("UTF-8 path");
    let printed = stdout(&run(&["appraisal", root], 0));
    let file = dir.path().join("table.txt");
    run(
        &["appraisal", root, "--out", file.to_str().expect("UTF-8")],
        0,
    );
    let written = fs::read_to_string(&file).expect("table written");
    assert_eq!(printed.lines().count(), 5201);
    // " Yes" respelt "yes" wherever it was given.
    assert!(!printed.contains("Yes"));
    assert!(!printed.contains('\u{7}') && !printed.contains('\u{1b}'));
    for (p, w) in printed.lines().zip(written.lines()) {
        assert_eq!(p, w);
    }
    assert_eq!(printed, written);
}
