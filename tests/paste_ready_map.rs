//! Issue 21, point 2: the evidence map says what the tally says. A design
//! group's row is the whole group, its children indented under it, the
//! studies classed at the group only as "other/unspecified"; numbers sort
//! as numbers; appraisal categories as the tally counts them; the notes in
//! every format; HTML a page a browser reads as it is.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

fn map(root: &Path, args: &[&str]) -> String {
    let mut all = vec!["map", p(root)];
    all.extend_from_slice(args);
    stdout(&run_litrev(&all, 0))
}

/// The text map's rows as (label as printed, total).
fn text_rows(text: &str) -> Vec<(String, String)> {
    text.lines()
        .skip_while(|l| !l.contains(" \\ "))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| {
            let total = l.split_whitespace().last().unwrap_or("").to_string();
            let label: String = l
                .trim_end()
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ')
                .to_string();
            (label, total)
        })
        .collect()
}

#[test]
fn a_design_group_row_is_the_whole_group_with_its_children_indented() {
    // The other review: "trial" has 6 studies, 3 parallel, 2 crossover and
    // one classed at the group only.
    let fx = other_review("brackets");
    let text = map(fx.root(), &["--rows", "design", "--cols", "setting"]);
    let rows = text_rows(&text);
    let find = |label: &str| {
        rows.iter()
            .find(|(l, _)| l == label)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| panic!("no row {label:?} in {rows:?}\n{text}"))
    };
    assert_eq!(find("Trial"), "6", "the group row counts the whole group");
    assert_eq!(find("  parallel-group trials"), "3");
    assert_eq!(find("  crossover trials"), "2");
    assert_eq!(find("  other/unspecified"), "1");
    // Children right under their group, the remainder last.
    let at = |l: &str| rows.iter().position(|(x, _)| x == l).expect(l);
    assert_eq!(at("  parallel-group trials"), at("Trial") + 1);
    assert_eq!(at("  other/unspecified"), at("  crossover trials") + 1);
    // One label, one number: the design-group map and the tally agree.
    let groups = text_rows(&map(
        fx.root(),
        &["--rows", "design-group", "--cols", "setting"],
    ));
    assert!(
        groups.contains(&("Trial".to_string(), "6".to_string())),
        "{groups:?}"
    );
    let tally: Value = serde_json::from_str(&stdout(&run_litrev(
        &["tally", p(fx.root()), "--format", "json"],
        0,
    )))
    .expect("json");
    let trial = tally["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["key"] == "trial")
        .expect("trial");
    assert_eq!(trial["count"], 6);
    // JSON: the children name their group; the group's cells hold them.
    let json: Value = serde_json::from_str(&map(
        fx.root(),
        &["--rows", "design", "--cols", "setting", "--format", "json"],
    ))
    .expect("json");
    let rows = json["rows"].as_array().expect("rows");
    let other = rows
        .iter()
        .find(|r| r["label"] == "other/unspecified")
        .expect("other row");
    assert_eq!(other["parent"], "trial");
    assert_eq!(other["key"], "trial/(other)");
    let group_cells: u64 = json["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .filter(|c| c["row"] == "trial")
        .map(|c| c["count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(group_cells, 6);
    // Markdown marks the children; every format says how to read it.
    let md = map(
        fx.root(),
        &[
            "--rows", "design", "--cols", "setting", "--format", "markdown",
        ],
    );
    assert!(md.contains("| ↳ other/unspecified |"), "{md}");
    for format in ["text", "markdown", "html", "svg"] {
        let out = map(
            fx.root(),
            &["--rows", "design", "--cols", "setting", "--format", format],
        );
        assert!(
            out.contains("counts the whole group"),
            "{format}: the group-row note: {out}"
        );
    }
}

#[test]
fn numeric_columns_sort_as_numbers_and_bands_in_their_order() {
    let fx = Fixture::new(
        "format = 1\ntitle = \"N\"\n[[designs]]\nkey = \"rct\"\nlabel = \"RCTs\"\n\
         [fields.n]\nlabel = \"Sample size\"\nkind = \"integer\"\n",
    );
    for (i, n) in [117, 1200, 14, 9, 14].iter().enumerate() {
        fx.write_study(
            &format!("s{i}"),
            &format!(
                "id = \"s{i}\"\ntitle = \"S\"\nauthors = [\"A, B\"]\nyear = 2020\ndesign = \"rct\"\n\n[extraction]\nn = {n}\n"
            ),
        );
    }
    let json: Value = serde_json::from_str(&map(
        fx.root(),
        &["--rows", "design", "--cols", "n", "--format", "json"],
    ))
    .expect("json");
    let cols: Vec<&str> = json["cols"]
        .as_array()
        .expect("cols")
        .iter()
        .map(|c| c["key"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(cols, ["9", "14", "117", "1200"]);
    let toml = fx.read("review.toml") + "bands = [10, 100]\n";
    fx.write_review(&toml);
    let json: Value = serde_json::from_str(&map(
        fx.root(),
        &["--rows", "design", "--cols", "n", "--format", "json"],
    ))
    .expect("json");
    let cols: Vec<(&str, u64)> = json["cols"]
        .as_array()
        .expect("cols")
        .iter()
        .map(|c| {
            (
                c["key"].as_str().unwrap_or(""),
                c["total"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(cols, [("under 10", 1), ("10–99", 2), ("100 or more", 2)]);
}

#[test]
fn appraisal_columns_are_the_tally_categories() {
    let ex = example_dir();
    let json: Value = serde_json::from_str(&map(
        &ex,
        &[
            "--rows",
            "design",
            "--cols",
            "appraisal",
            "--format",
            "json",
        ],
    ))
    .expect("json");
    let mut cols: Vec<String> = json["cols"]
        .as_array()
        .expect("cols")
        .iter()
        .map(|c| c["label"].as_str().unwrap_or("").to_string())
        .collect();
    let tally: Value = serde_json::from_str(&stdout(&run_litrev(
        &["tally", p(&ex), "--by", "appraisal", "--format", "json"],
        0,
    )))
    .expect("json");
    let mut groups: Vec<String> = tally["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| g["label"].as_str().unwrap_or("").to_string())
        .collect();
    cols.sort();
    groups.sort();
    assert_eq!(cols, groups);
    assert!(cols.iter().any(|c| c == "NOS: good"), "{cols:?}");
    assert!(
        !cols
            .iter()
            .any(|c| c.contains('★') || c.contains("override")),
        "{cols:?}"
    );
}

#[test]
fn the_multi_tag_note_is_in_every_format_and_html_is_a_page() {
    let ex = example_dir();
    for format in ["text", "markdown", "html", "svg"] {
        let out = map(
            &ex,
            &["--rows", "design", "--cols", "tag", "--format", format],
        );
        assert!(
            out.contains("A study with several values (tags) is counted once in each"),
            "{format}: {out}"
        );
    }
    let html = map(
        &ex,
        &["--rows", "design", "--cols", "tag", "--format", "html"],
    );
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    for part in [
        "<meta charset=\"utf-8\">",
        "<style>",
        "<title>",
        "</table>",
        "</html>",
    ] {
        assert!(html.contains(part), "{part}: {html}");
    }
    assert!(
        html.contains("<th scope=\"row\">Qualitative</th>"),
        "{html}"
    );
    assert!(
        html.contains("<tr class=\"child\"><th scope=\"row\">Qual: patient</th>"),
        "{html}"
    );
    assert!(
        html.contains("<tr class=\"total\"><th scope=\"row\">Total</th>"),
        "{html}"
    );
    // Well-formed enough for an XML reader once the doctype is set aside.
    let body = html
        .trim_start_matches("<!DOCTYPE html>\n")
        .replace("<br>", "<br/>")
        .replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"/>");
    roxmltree::Document::parse(&body).expect("well-formed");
}
