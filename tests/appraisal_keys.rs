//! Appraisals keyed so that none collide (issue 25, item 1): an appraisal
//! may name the `outcome` it is about (RoB 2 and ROBINS-I are made per
//! outcome); the merge driver and every tool key appraisals by instrument,
//! reviewer, outcome (and MMAT category); two with one full key are a
//! `check` error and are never merged into one.

mod common;

use common::{Fixture, litrev};
use litrev::appraisal::Registry;
use litrev::team::merge::merge_study_text;

fn rob2(who: &str, outcome: Option<&str>, d1: &str) -> String {
    let outcome = outcome.map_or(String::new(), |o| format!("outcome = \"{o}\"\n"));
    format!(
        "\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"{who}\"\n{outcome}answers = {{ d1 = \"{d1}\", d2 = \"low\", d3 = \"low\", d4 = \"low\", d5 = \"low\" }}\n"
    )
}

const HEAD: &str = "id = \"trial\"\ntitle = \"A trial\"\nyear = 2020\n";

/// (outcome, d1) of each appraisal of `text`, in order (read as plain
/// TOML, so that the test reads the same on a tree without outcomes).
fn appraisals(text: &str) -> Vec<(Option<String>, String)> {
    let doc: toml::Table = text.parse().expect("TOML");
    doc.get("appraisals")
        .and_then(|a| a.as_array())
        .map(|list| {
            list.iter()
                .map(|a| {
                    let outcome = a
                        .get("outcome")
                        .and_then(|o| o.as_str())
                        .map(str::to_string);
                    let d1 = a
                        .get("answers")
                        .and_then(|x| x.get("d1"))
                        .and_then(|x| x.as_str())
                        .unwrap_or_default()
                        .to_string();
                    (outcome, d1)
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_merge_keeps_the_second_of_two_appraisals_with_one_key() {
    // Two RoB 2 appraisals by AB (made per outcome, written before outcomes
    // could be named): one side changes the title, the other the second
    // appraisal. Before: the second was dropped and git said "Merge made".
    let base = format!(
        "{HEAD}{}{}",
        rob2("AB", None, "low"),
        rob2("AB", None, "high")
    );
    let ours = base.replace("title = \"A trial\"", "title = \"A trial (2)\"");
    let theirs = format!(
        "{HEAD}{}{}",
        rob2("AB", None, "low"),
        rob2("AB", None, "some-concerns")
    );
    let m = merge_study_text(&Registry::builtin(), &base, &ours, &theirs).expect("merge");
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert_eq!(
        appraisals(&m.text),
        [
            (None, "low".to_string()),
            (None, "some-concerns".to_string())
        ],
        "{}",
        m.text
    );
    assert!(m.text.contains("A trial (2)"), "{}", m.text);
}

#[test]
fn a_merge_keeps_two_appraisals_one_side_added_with_one_key() {
    let base = HEAD.to_string();
    let ours = format!(
        "{HEAD}{}{}",
        rob2("AB", None, "low"),
        rob2("AB", None, "high")
    );
    let theirs = base.replace("year = 2020", "year = 2021");
    let m = merge_study_text(&Registry::builtin(), &base, &ours, &theirs).expect("merge");
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert_eq!(appraisals(&m.text).len(), 2, "{}", m.text);
    assert!(m.text.contains("year = 2021"), "{}", m.text);
}

#[test]
fn a_merge_keys_appraisals_by_outcome() {
    // Ours adds AB's appraisal of a second outcome; theirs edits the first.
    let base = format!("{HEAD}{}", rob2("AB", Some("pain"), "low"));
    let ours = format!("{base}{}", rob2("AB", Some("function"), "high"));
    let theirs = format!("{HEAD}{}", rob2("AB", Some("pain"), "some-concerns"));
    let m = merge_study_text(&Registry::builtin(), &base, &ours, &theirs).expect("merge");
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert_eq!(
        appraisals(&m.text),
        [
            (Some("pain".to_string()), "some-concerns".to_string()),
            (Some("function".to_string()), "high".to_string())
        ],
        "{}",
        m.text
    );
    // The same outcome changed differently on both sides is a conflict,
    // never one side silently.
    let ours = format!("{HEAD}{}", rob2("AB", Some("pain"), "high"));
    let m = merge_study_text(&Registry::builtin(), &base, &ours, &theirs).expect("merge");
    assert_eq!(m.conflicts, ["appraisals[rob2 by AB for pain].answers.d1"]);
}

fn review() -> String {
    "format = 1\ntitle = \"T\"\n\n[[designs]]\nkey = \"rct\"\nlabel = \"RCTs\"\ninstrument = \"rob2\"\n"
        .to_string()
}

#[test]
fn check_reports_two_appraisals_with_one_key() {
    let fx = Fixture::new(&review());
    fx.write_study(
        "trial",
        &format!(
            "{HEAD}design = \"rct\"\n{}{}",
            rob2("AB", None, "low"),
            rob2("AB", None, "high")
        ),
    );
    let out = litrev().arg("check").arg(fx.root()).assert().code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned()
        + &String::from_utf8_lossy(&out.get_output().stderr);
    assert!(
        text.contains(
            "studies/trial.toml:11:1: a second appraisal rob2 by AB (the first is at line 6)"
        ),
        "{text}"
    );
    // Named outcomes keep them apart: no problem.
    fx.write_study(
        "trial",
        &format!(
            "{HEAD}design = \"rct\"\n{}{}",
            rob2("AB", Some("pain"), "low"),
            rob2("AB", Some("function"), "high")
        ),
    );
    litrev().arg("check").arg(fx.root()).assert().code(0);
}

#[test]
fn the_outcome_is_read_written_and_shown() {
    let fx = Fixture::new(&review());
    fx.write_study(
        "trial",
        &format!(
            "{HEAD}design = \"rct\"\n{}{}",
            rob2("AB", Some("pain at 12 weeks"), "low"),
            rob2("AB", Some("function"), "high")
        ),
    );
    let out = litrev()
        .args(["appraisal", fx.root().to_str().unwrap(), "--format", "json"])
        .assert()
        .code(0);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
    assert_eq!(v[0]["outcome"], "pain at 12 weeks");
    assert_eq!(v[1]["outcome"], "function");
    let out = litrev()
        .args(["list", fx.root().to_str().unwrap(), "--format", "csv"])
        .assert()
        .code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("RoB 2 (pain at 12 weeks): low risk; RoB 2 (function): high risk"),
        "{text}"
    );
    // robvis: one row per study and outcome.
    let out = litrev()
        .args([
            "export",
            fx.root().to_str().unwrap(),
            "--format",
            "robvis",
            "--instrument",
            "rob2",
        ])
        .assert()
        .code(0);
    let csv = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert_eq!(
        csv,
        "Study,D1,D2,D3,D4,D5,Overall,Weight\n\
         trial 2020 (pain at 12 weeks),Low,Low,Low,Low,Low,Low,1\n\
         trial 2020 (function),High,Low,Low,Low,Low,High,1\n"
    );
}
