//! The PRISMA 2020 flow: `[prisma]` read with located errors, its
//! arithmetic checked by `litrev prisma` and `litrev check`, and its text,
//! JSON and SVG forms.

mod common;

use std::path::Path;

use common::*;

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

const HEAD: &str =
    "format = 1\ntitle = \"Flow test\"\n\n[[designs]]\nkey = \"rct\"\nlabel = \"RCTs\"\n";

/// A consistent flow for 2 studies, with an other-methods column:
/// 100 + 20 identified − 30 removed = 90 screened; − 70 = 20 sought;
/// − 2 = 18 assessed; − 17 excluded = 1 report; other: 5 sought − 1 =
/// 4 assessed − 3 excluded = 1 report; 2 reports, 2 studies.
const FLOW: &str = r#"
[prisma]
databases = { MEDLINE = 60, Embase = 40 }
registers = { "ClinicalTrials.gov" = 20 }
duplicates_removed = 25
automation_removed = 3
other_removed = 2
records_screened = 90
records_excluded = 70
reports_sought = 20
reports_not_retrieved = 2
reports_assessed = 18
studies_included = 2
reports_included = 2

[prisma.reports_excluded]
"wrong population" = 10
"wrong design" = 7

[prisma.other_methods]
sources = { "citation searching" = 6 }
reports_sought = 5
reports_not_retrieved = 1
reports_assessed = 4

[prisma.other_methods.reports_excluded]
"wrong outcome" = 3
"#;

/// 1-based line and column (characters) of byte `offset`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

fn review_with(flow: &str) -> Fixture {
    let fx = Fixture::new(&format!("{HEAD}{flow}"));
    fx.write_study("a", &study("a", Some(1), "rct", "Trial A", ""));
    fx.write_study("b", &study("b", Some(2), "rct", "Trial B", ""));
    fx
}

#[test]
fn a_consistent_flow_passes_and_prints_every_box() {
    let fx = review_with(FLOW);
    let out = run_litrev(&["prisma", p(fx.root())], 0);
    assert_eq!(stderr(&out), "", "no problems");
    let text = stdout(&out);
    for want in [
        "MEDLINE (n = 60)",
        "Registers (n = 20)",
        "Duplicate records removed (n = 25)",
        "Records screened (n = 90)  ->  Records excluded (n = 70)",
        "Reports assessed for eligibility (n = 18)  ->  Reports excluded (n = 17):",
        "wrong population (n = 10)",
        "citation searching (n = 6)",
        "Studies included in review (n = 2)",
    ] {
        assert!(text.contains(want), "{want:?} missing in\n{text}");
    }
    let out = run_litrev(&["check", p(fx.root())], 0);
    assert_eq!(stdout(&out), "", "check finds nothing");
    let json: serde_json::Value = serde_json::from_str(&stdout(&run_litrev(
        &["prisma", p(fx.root()), "--format", "json"],
        0,
    )))
    .expect("JSON");
    assert_eq!(json["consistent"], true);
    assert_eq!(json["records_identified"], 120);
    assert_eq!(json["reports_excluded"][1]["name"], "wrong design");
    assert_eq!(json["other_methods"]["reports_assessed"], 4);
}

/// Each broken equation is reported at the key whose number is wrong.
#[test]
fn each_inconsistency_is_reported_at_its_key() {
    let cases: [(&str, &str, &str, &str); 6] = [
        (
            "records_screened = 90",
            "records_screened = 91",
            "records_screened = 91",
            "prisma.records_screened is 91, but the 120 records identified less the 30 removed before screening leave 90",
        ),
        (
            "reports_sought = 20",
            "reports_sought = 21",
            "reports_sought = 21",
            "prisma.reports_sought is 21, but the 90 records screened less the 70 excluded leave 20",
        ),
        (
            "reports_assessed = 18",
            "reports_assessed = 16",
            "reports_assessed = 16",
            "prisma.reports_assessed is 16, but the 20 reports sought less the 2 not retrieved leave 18",
        ),
        (
            "\"wrong design\" = 7",
            "\"wrong design\" = 8",
            "reports_included = 2",
            "prisma.reports_included is 2, but the 18 reports assessed less the 18 excluded, plus the 4 assessed via other methods less the 3 excluded, leave 1",
        ),
        (
            "studies_included = 2",
            "studies_included = 3",
            "studies_included = 3",
            "prisma.studies_included is 3, more than the 2 reports of included studies",
        ),
        (
            "reports_assessed = 4",
            "reports_assessed = 5",
            "reports_assessed = 5",
            "prisma.other_methods.reports_assessed is 5, but the 5 reports sought less the 1 not retrieved leave 4",
        ),
    ];
    for (from, to, key, message) in cases {
        // The other column's `reports_assessed = 4` is the last one.
        let flow = if from == "reports_assessed = 4" {
            let i = FLOW.rfind(from).expect("in FLOW");
            format!("{}{to}{}", &FLOW[..i], &FLOW[i + from.len()..])
        } else {
            FLOW.replacen(from, to, 1)
        };
        let fx = review_with(&flow);
        let toml = fx.read("review.toml");
        let needle_at = if key == "reports_assessed = 5" {
            toml.rfind(key).expect("key")
        } else {
            toml.find(key).expect("key")
        };
        let (line, col) = line_col(&toml, needle_at + key.find('=').expect("=") + 2);
        let where_ = format!(
            "{}:{line}:{col}: warning: ",
            fx.root().join("review.toml").display()
        );
        let out = run_litrev(&["prisma", p(fx.root())], 1);
        let err = stderr(&out);
        assert!(
            err.contains(&format!("{where_}{message}")),
            "{to}: expected {where_}{message}\nin\n{err}"
        );
        assert!(!stdout(&out).is_empty(), "the flow is still printed");
        // `check` reports the same, as a warning (exit 0).
        let out = run_litrev(&["check", p(fx.root())], 0);
        assert!(
            stdout(&out).contains(&format!("{where_}{message}")),
            "{}",
            stdout(&out)
        );
    }
}

#[test]
fn studies_included_is_checked_against_the_study_files() {
    let fx = review_with(FLOW);
    fx.write_study("c", &study("c", Some(3), "rct", "Trial C", ""));
    let out = run_litrev(&["check", p(fx.root())], 0);
    let toml = fx.read("review.toml");
    let (line, col) = loc(&toml, "studies_included = 2");
    let at = format!(
        "{}:{line}:{}: warning: prisma.studies_included is 2, but the studies folder holds 3 study files",
        fx.root().join("review.toml").display(),
        col + "studies_included = ".len()
    );
    assert!(stdout(&out).contains(&at), "{}", stdout(&out));
}

#[test]
fn wrong_types_and_unknown_keys_are_located_errors() {
    let flow = FLOW
        .replace("records_excluded = 70", "records_excluded = \"seventy\"")
        .replace(
            "duplicates_removed = 25",
            "duplicates_removed = 25\nrecords_screend = 90",
        )
        .replace("reports_not_retrieved = 2", "reports_not_retrieved = -2");
    let fx = review_with(&flow);
    let toml = fx.read("review.toml");
    let out = run_litrev(&["check", p(fx.root())], 1);
    let text = stdout(&out);
    let file = fx.root().join("review.toml");
    let (l, c) = loc(&toml, "\"seventy\"");
    assert!(
        text.contains(&format!(
            "{}:{l}:{c}: prisma.records_excluded must be a whole number (of records), found \"seventy\"",
            file.display()
        )),
        "{text}"
    );
    let (l, c) = loc(&toml, "records_screend");
    assert!(
        text.contains(&format!(
            "{}:{l}:{c}: prisma.records_screend is not a PRISMA count",
            file.display()
        )),
        "{text}"
    );
    let (l, c) = loc(&toml, "-2");
    assert!(
        text.contains(&format!(
            "{}:{l}:{c}: prisma.reports_not_retrieved must be a number of records, 0 or more, found -2",
            file.display()
        )),
        "{text}"
    );
    // The rest of the review still works.
    run_litrev(&["tally", p(fx.root())], 0);
}

#[test]
fn missing_counts_are_named_and_shown_as_unknown() {
    let flow = FLOW.replace("records_excluded = 70\n", "");
    let fx = review_with(&flow);
    let out = run_litrev(&["prisma", p(fx.root())], 1);
    assert!(
        stdout(&out).contains("Records excluded (n = ?)"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("prisma lacks records_excluded: the flow diagram shows it as n = ?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_review_without_prisma_says_how_to_add_it() {
    let fx = Fixture::new(HEAD);
    let out = run_litrev(&["prisma", p(fx.root())], 1);
    assert!(
        stderr(&out).contains("has no [prisma] table"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_example_flow_adds_up_to_its_75_studies() {
    let out = run_litrev(&["prisma", p(&example_dir())], 0);
    assert_eq!(stderr(&out), "");
    insta::assert_snapshot!("prisma_text_example", stdout(&out));
    let md = stdout(&run_litrev(
        &["prisma", p(&example_dir()), "--format", "markdown"],
        0,
    ));
    assert!(md.contains("- Studies included in review (n = 75)"), "{md}");
}

fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_string()))
        .collect()
}

#[test]
fn the_svg_flow_diagram_holds_every_count() {
    let fx = review_with(FLOW);
    let svg = stdout(&run_litrev(&["prisma", p(fx.root()), "--format", "svg"], 0));
    let t = texts(&svg);
    for want in [
        "Databases (n = 100)",
        "MEDLINE (n = 60)",
        "Embase (n = 40)",
        "Registers (n = 20)",
        "ClinicalTrials.gov (n = 20)",
        "Duplicate records removed (n = 25)",
        "Records marked as ineligible by automation tools (n = 3)",
        "Records removed for other reasons (n = 2)",
        "Records screened (n = 90)",
        "Records excluded (n = 70)",
        "Reports sought for retrieval (n = 20)",
        "Reports not retrieved (n = 2)",
        "Reports assessed for eligibility (n = 18)",
        "Reports excluded (n = 17):",
        "wrong population (n = 10)",
        "wrong design (n = 7)",
        "Records identified from (n = 6):",
        "Reports sought for retrieval (n = 5)",
        "Reports not retrieved (n = 1)",
        "Reports assessed for eligibility (n = 4)",
        "wrong outcome (n = 3)",
        "Studies included in review (n = 2)",
        "Reports of included studies (n = 2)",
        "Identification",
        "Screening",
        "Included",
    ] {
        assert!(t.iter().any(|x| x == want), "{want:?} missing in {t:?}");
    }
    // Arrows: four down the main column, four across it, two down the
    // other column, two across it and one into the included box.
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    let heads = doc
        .descendants()
        .filter(|n| n.has_tag_name("polygon"))
        .count();
    assert_eq!(heads, 13);
}

#[test]
fn the_example_flow_diagram() {
    let svg = stdout(&run_litrev(
        &["prisma", p(&example_dir()), "--format", "svg"],
        0,
    ));
    assert!(
        texts(&svg)
            .iter()
            .any(|x| x == "Studies included in review (n = 75)")
    );
    assert!(!svg.chars().any(|c| c.is_control() && c != '\n'));
    insta::assert_snapshot!("prisma_svg_example", svg);
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/figures/prisma.svg"),
    )
    .expect("docs/figures/prisma.svg");
    assert_eq!(
        committed, svg,
        "regenerate: litrev prisma data/example --format svg --out docs/figures/prisma.svg"
    );
}

#[test]
fn hostile_names_in_the_flow_are_escaped_and_inert() {
    let flow = FLOW.replace(
        "\"wrong population\" = 10",
        "\"</text><script>x</script> \\u001b[31m & \\u0007\" = 10",
    );
    let fx = review_with(&flow);
    let svg = stdout(&run_litrev(&["prisma", p(fx.root()), "--format", "svg"], 0));
    assert!(!svg.chars().any(|c| c.is_control() && c != '\n'));
    let t = texts(&svg);
    assert!(
        t.iter()
            .any(|x| x.starts_with("</text><script>x</script> ␛[31m & ␇")),
        "{t:?}"
    );
    let text = stdout(&run_litrev(&["prisma", p(fx.root())], 0));
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
}

/// An updated review: `studies_included` counts the new studies, the totals
/// add the previous version's, and the total is what the folder must hold.
#[test]
fn an_updated_review_adds_the_previous_versions_studies() {
    let flow = FLOW.replace("studies_included = 2", "studies_included = 1")
        + "\n[prisma.previous]\nstudies = 1\nreports = 3\n";
    let fx = review_with(&flow);
    let out = run_litrev(&["prisma", p(fx.root())], 0);
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    for want in [
        "Studies included in previous version of review (n = 1)",
        "Reports of studies included in previous version of review (n = 3)",
        "New studies included in review (n = 1)",
        "Reports of new included studies (n = 2)",
        "Total studies included in review (n = 2)",
        "Reports of total included studies (n = 5)",
    ] {
        assert!(text.contains(want), "{want:?} missing in\n{text}");
    }
    let svg = stdout(&run_litrev(&["prisma", p(fx.root()), "--format", "svg"], 0));
    let t = texts(&svg);
    for want in [
        "Previous studies",
        "Identification of new studies via databases and registers",
        "Studies included in previous version of review (n = 1)",
        "Total studies included in review (n = 2)",
    ] {
        assert!(t.iter().any(|x| x == want), "{want:?} missing in {t:?}");
    }
    // Two more arrows: previous down to the total, new across to it.
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("polygon"))
            .count(),
        15
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&run_litrev(
        &["prisma", p(fx.root()), "--format", "json"],
        0,
    )))
    .expect("JSON");
    assert_eq!(json["previous"]["reports"], 3);

    // One study file too many for 1 new + 1 previous.
    fx.write_study("c", &study("c", Some(3), "rct", "Trial C", ""));
    let out = run_litrev(&["prisma", p(fx.root())], 1);
    assert!(
        stderr(&out).contains(
            "prisma.studies_included is 1 (new) and prisma.previous.studies 1, 2 in all, but the studies folder holds 3 study files"
        ),
        "{}",
        stderr(&out)
    );
}
