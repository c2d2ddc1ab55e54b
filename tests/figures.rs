//! SVG figures: they parse as XML, carry every count and no raw control
//! characters, and keep their layout (snapshot).

mod common;

use std::path::Path;

use common::*;

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_string()))
        .collect()
}

#[test]
fn the_design_bar_chart_of_the_example() {
    let svg = stdout(&run_litrev(
        &["tally", p(&example_dir()), "--format", "svg"],
        0,
    ));
    let t = texts(&svg);
    for want in [
        "qualitative research designs",
        "22 (29.3%)",
        "patient perspective",
        "12 (16.0%)",
        "narrative reviews",
        "1 (1.3%)",
    ] {
        assert!(t.iter().any(|x| x == want), "{want:?} missing in {t:?}");
    }
    insta::assert_snapshot!("tally_bars_example", svg);
}

#[test]
fn hostile_titles_and_labels_are_escaped_and_inert() {
    let fx = other_review("brackets");
    let toml = std::fs::read_to_string(fx.root().join("review.toml")).expect("toml");
    let toml = toml
        .replace(
            "title = \"Exercise therapy",
            "title = \"<script>alert(1)</script> & \\u001b[31m \\u0007 Exercise therapy",
        )
        .replace(
            "label = \"interview studies\"",
            "label = \"interview </text> \\\"studies\\\"\"",
        );
    std::fs::write(fx.root().join("review.toml"), &toml).expect("write");
    let svg = stdout(&run_litrev(&["tally", p(fx.root()), "--format", "svg"], 0));
    assert!(
        !svg.chars().any(|c| c.is_control() && c != '\n'),
        "no raw control characters"
    );
    let t = texts(&svg);
    assert!(
        t.iter()
            .any(|x| x.starts_with("<script>alert(1)</script> & ␛[31m ␇")),
        "the title reads back as written, made inert: {t:?}"
    );
    assert!(
        t.iter().any(|x| x == "interview </text> \"studies\""),
        "{t:?}"
    );
}

#[test]
fn the_figure_in_the_readme_is_up_to_date() {
    let svg = stdout(&run_litrev(
        &["tally", p(&example_dir()), "--format", "svg"],
        0,
    ));
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/figures/tally-design.svg"),
    )
    .expect("docs/figures/tally-design.svg");
    assert_eq!(
        committed, svg,
        "regenerate: litrev tally data/example --format svg > docs/figures/tally-design.svg"
    );
}

#[test]
fn the_evidence_map_bubble_grid() {
    let svg = stdout(&run_litrev(
        &[
            "map",
            p(&example_dir()),
            "--rows",
            "design",
            "--cols",
            "tag",
            "--format",
            "svg",
        ],
        0,
    ));
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    let circles = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .count();
    let json: serde_json::Value = serde_json::from_str(&stdout(&run_litrev(
        &["map", p(&example_dir()), "--format", "json"],
        0,
    )))
    .expect("JSON");
    assert_eq!(
        Some(circles),
        json["cells"].as_array().map(Vec::len),
        "a bubble per non-empty cell"
    );
    let t = texts(&svg);
    assert!(t.iter().any(|x| x == "clinician confidence"), "{t:?}");
    assert!(t.iter().any(|x| x == "Qual: physio"), "{t:?}");
    assert!(t.iter().any(|x| x == "75"), "the grand total: {t:?}");
    insta::assert_snapshot!("map_bubbles_example", svg);
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/figures/map-design-tag.svg"),
    )
    .expect("docs/figures/map-design-tag.svg");
    assert_eq!(
        committed, svg,
        "regenerate: litrev map data/example --format svg > docs/figures/map-design-tag.svg"
    );
}
