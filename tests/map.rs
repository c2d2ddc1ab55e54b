//! `litrev map`: the evidence map of the example and of another review,
//! every cell, total and citation list checked.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::*;
use serde_json::Value;

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

fn json(args: &[&str]) -> Value {
    let mut a = vec!["map"];
    a.extend_from_slice(args);
    a.extend_from_slice(&["--format", "json"]);
    serde_json::from_str(&stdout(&run_litrev(&a, 0))).expect("JSON")
}

#[test]
fn the_example_clinician_confidence_column() {
    let ex = example_dir();
    let m = json(&[p(&ex), "--rows", "design", "--cols", "tag"]);
    let got: Vec<(String, Vec<u64>)> = m["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .filter(|c| c["col"] == "clinician confidence")
        .map(|c| {
            let refs = c["refs"].as_array().expect("refs");
            (
                c["row"].as_str().unwrap_or("").to_string(),
                refs.iter().filter_map(Value::as_u64).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        // A group's row is the whole group, its children under it.
        [
            ("qualitative".to_string(), vec![52]),
            ("qualitative/physiotherapist".to_string(), vec![52]),
            ("quantitative".to_string(), vec![68, 72]),
            ("quantitative/cohort".to_string(), vec![68]),
            ("quantitative/secondary-rct".to_string(), vec![72]),
            ("commentary".to_string(), vec![105]),
        ]
    );
    assert_eq!(m["total"], 75);
    let col = m["cols"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["key"] == "clinician confidence"))
        .expect("the column");
    assert_eq!(col["label"], "clinician confidence");
    assert_eq!(col["total"], 4);
    assert_eq!(m["multi"], true, "tags: a study counts once per tag");
    let text = stdout(&run_litrev(&["map", p(&ex)], 0));
    assert!(
        text.contains("counted once in each of their rows or columns"),
        "the totals say so: {text}"
    );
}

#[test]
fn another_review_every_cell_total_and_citation() {
    let fx = other_review("brackets");
    let m = json(&[p(fx.root()), "--rows", "design-group", "--cols", "setting"]);
    // The oracle: the fixture's own list of studies.
    type Members = Vec<(&'static str, Option<u32>)>;
    let mut want: BTreeMap<(String, String), Members> = BTreeMap::new();
    for (id, r, design, _, _, setting) in OTHER_STUDIES {
        let group = design.split('/').next().unwrap_or(design).to_string();
        want.entry((group, setting.to_string()))
            .or_default()
            .push((id, r));
    }
    let cells = m["cells"].as_array().expect("cells");
    assert_eq!(cells.len(), want.len(), "only non-empty cells");
    for c in cells {
        let key = (
            c["row"].as_str().unwrap_or("").to_string(),
            c["col"].as_str().unwrap_or("").to_string(),
        );
        let members = want.get(&key).unwrap_or_else(|| panic!("no cell {key:?}"));
        assert_eq!(c["count"], members.len(), "{key:?}");
        let mut refs: Vec<u32> = members.iter().filter_map(|m| m.1).collect();
        refs.sort_unstable();
        let got: Vec<u64> = c["refs"]
            .as_array()
            .expect("refs")
            .iter()
            .filter_map(Value::as_u64)
            .collect();
        assert_eq!(got, refs.iter().map(|&r| r as u64).collect::<Vec<_>>());
        let ids: BTreeSet<&str> = c["ids"]
            .as_array()
            .expect("ids")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(ids, members.iter().map(|m| m.0).collect());
    }
    // Hand-checked: trials in a clinic are 1, 2, 9, 11; qual at home 40–42,
    // 44–46, 48 and the unnumbered one.
    let cell = |r: &str, c: &str| {
        cells
            .iter()
            .find(|x| x["row"] == r && x["col"] == c)
            .expect("cell")
            .clone()
    };
    assert_eq!(cell("trial", "clinic")["citation"], "1, 2, 9, 11");
    assert_eq!(cell("qual", "home")["count"], 8);
    assert_eq!(cell("qual", "home")["citation"], "40–42, 44–46, 48");
    // Row and column totals, in taxonomy order for designs.
    let totals = |axis: &str| -> Vec<(String, u64)> {
        m[axis]
            .as_array()
            .expect("axis")
            .iter()
            .map(|a| {
                (
                    a["key"].as_str().unwrap_or("").to_string(),
                    a["total"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    };
    let rows = totals("rows");
    assert_eq!(
        rows,
        [
            ("trial".to_string(), 6),
            ("observational".to_string(), 6),
            ("qual".to_string(), 8),
            ("review".to_string(), 2)
        ]
    );
    let cols: BTreeMap<String, u64> = totals("cols").into_iter().collect();
    assert_eq!(cols["clinic"], 7);
    assert_eq!(cols["home"], 10);
    assert_eq!(cols["community"], 5);
    assert_eq!(m["total"], 22);
    assert_eq!(m["multi"], false);

    // The same map in every format and citation style cites the same studies.
    let md = stdout(&run_litrev(
        &[
            "map",
            p(fx.root()),
            "--rows",
            "design-group",
            "--cols",
            "setting",
            "--format",
            "markdown",
        ],
        0,
    ));
    assert!(md.contains("| 4 [1, 2, 9, 11] |"), "{md}");
    let pandoc = stdout(&run_litrev(
        &[
            "map",
            p(fx.root()),
            "--rows",
            "design-group",
            "--cols",
            "setting",
            "--format",
            "markdown",
            "--cite",
            "pandoc",
        ],
        0,
    ));
    assert!(
        pandoc.contains("4 [@par-a; @par-b; @cross-b; @trial-x]"),
        "{pandoc}"
    );
    let csv = stdout(&run_litrev(
        &[
            "map",
            p(fx.root()),
            "--rows",
            "design-group",
            "--cols",
            "setting",
            "--format",
            "csv",
            "--cite",
            "latex",
        ],
        0,
    ));
    assert!(csv.contains("\\cite{qual-a,"), "{csv}");
    let html = stdout(&run_litrev(
        &[
            "map",
            p(fx.root()),
            "--rows",
            "year:5",
            "--cols",
            "setting",
            "--format",
            "html",
        ],
        0,
    ));
    assert!(html.contains("<th scope=\"row\">2015–2019</th>"), "{html}");
}

#[test]
fn the_map_follows_the_filter_and_refuses_unknown_dimensions() {
    let fx = other_review("brackets");
    let m = json(&[p(fx.root()), "--cols", "setting", "--design", "qual"]);
    assert_eq!(m["total"], 8);
    assert_eq!(m["rows"].as_array().map(Vec::len), Some(1));
    let out = run_litrev(&["map", p(fx.root()), "--rows", "colour"], 2);
    assert!(
        stderr(&out).contains("cannot map by \"colour\": expected one of design"),
        "{}",
        stderr(&out)
    );
    let out = run_litrev(&["map", p(fx.root()), "--rows", "year:0"], 2);
    assert!(stderr(&out).contains("year:N"), "{}", stderr(&out));
}
