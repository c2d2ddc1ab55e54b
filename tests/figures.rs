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

/// The example's RoB 2 appraisals as robvis's plots: every study appraised
/// with RoB 2 has a row, every domain of the instrument file a column.
#[test]
fn the_rob2_traffic_light_plot_of_the_example() {
    let svg = stdout(&run_litrev(
        &[
            "appraisal",
            p(&example_dir()),
            "--instrument",
            "rob2",
            "--figure",
            "traffic-light",
        ],
        0,
    ));
    assert!(!svg.chars().any(|c| c.is_control() && c != '\n'));
    let t = texts(&svg);
    for want in [
        "D1",
        "D5",
        "Overall",
        "D1: Randomisation process",
        "D5: Selection of the reported result",
        "low risk",
        "some concerns",
        "high risk",
        "no information",
    ] {
        assert!(t.iter().any(|x| x == want), "{want:?} missing in {t:?}");
    }
    let rows = stdout(&run_litrev(
        &[
            "export",
            p(&example_dir()),
            "--format",
            "robvis",
            "--instrument",
            "rob2",
        ],
        0,
    ));
    // Every row robvis gets (disputed ones are left out there) is drawn.
    for line in rows.lines().skip(1) {
        let study = line.split(',').next().expect("study");
        assert!(t.iter().any(|x| x == study), "{study:?} missing in {t:?}");
    }
    // Symbols in the dots: a judgement reads without colour.
    assert!(t.iter().any(|x| x == "+") && t.iter().any(|x| x == "−") && t.iter().any(|x| x == "×"));
    insta::assert_snapshot!("traffic_light_rob2_example", svg);
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/figures/traffic-light-rob2.svg"),
    )
    .expect("docs/figures/traffic-light-rob2.svg");
    assert_eq!(
        committed, svg,
        "regenerate: litrev appraisal data/example --instrument rob2 --figure traffic-light --out docs/figures/traffic-light-rob2.svg"
    );
}

#[test]
fn the_rob2_summary_plot_of_the_example() {
    let args = |palette: &'static str| {
        stdout(&run_litrev(
            &[
                "appraisal",
                p(&example_dir()),
                "--instrument",
                "rob2",
                "--figure",
                "summary",
                "--palette",
                palette,
            ],
            0,
        ))
    };
    let svg = args("colour-blind");
    let t = texts(&svg);
    for want in ["D1 Randomisation process", "Overall", "0%", "100%"] {
        assert!(t.iter().any(|x| x == want), "{want:?} missing in {t:?}");
    }
    // Okabe–Ito's blue for low risk, not robvis's green.
    assert!(svg.contains("#0072B2") && !svg.contains("#02C100"));
    assert!(args("standard").contains("#02C100"));
    // Each bar is filled exactly: its parts' widths add up to the bar.
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    let parts: Vec<(f64, f64)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("stroke") == Some("#555555"))
        .map(|n| {
            let f = |a| {
                n.attribute(a)
                    .and_then(|v: &str| v.parse::<f64>().ok())
                    .expect("number")
            };
            (f("y"), f("width"))
        })
        .collect();
    let mut by_row: std::collections::BTreeMap<i64, f64> = Default::default();
    for (y, w) in parts {
        *by_row.entry(y as i64).or_default() += w;
    }
    assert_eq!(by_row.len(), 6, "five domains and the overall");
    assert!(
        by_row.values().all(|w| (*w - 480.0).abs() < 0.01),
        "{by_row:?}"
    );
    insta::assert_snapshot!("summary_rob2_colour_blind_example", svg);
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/figures/summary-rob2.svg"),
    )
    .expect("docs/figures/summary-rob2.svg");
    assert_eq!(
        committed, svg,
        "regenerate: litrev appraisal data/example --instrument rob2 --figure summary --palette colour-blind --out docs/figures/summary-rob2.svg"
    );
}

#[test]
fn every_instrument_of_the_example_draws_both_plots() {
    for inst in [
        "amstar2",
        "casp-qualitative",
        "jbi-case-report",
        "jbi-text-opinion",
        "mmat-2018",
        "nos-cohort",
        "rob2",
        "robins-i",
        "sanra",
    ] {
        for figure in ["traffic-light", "summary"] {
            let svg = stdout(&run_litrev(
                &[
                    "appraisal",
                    p(&example_dir()),
                    "--instrument",
                    inst,
                    "--figure",
                    figure,
                ],
                0,
            ));
            assert!(
                !svg.chars().any(|c| c.is_control() && c != '\n'),
                "{inst} {figure}"
            );
            assert!(!texts(&svg).is_empty(), "{inst} {figure}");
        }
    }
    let out = run_litrev(
        &[
            "appraisal",
            p(&example_dir()),
            // The example appraises with every instrument but QUADAS-2 (it
            // had no ROBINS-I appraisal before it showed per-outcome ones).
            "--instrument",
            "quadas-2",
            "--figure",
            "summary",
        ],
        2,
    );
    assert!(
        stderr(&out).contains("no study is appraised with quadas-2"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn hostile_author_names_in_an_appraisal_figure_are_inert() {
    let fx = Fixture::example();
    let path = fx.study_path("reid-2018");
    let text = std::fs::read_to_string(&path).expect("study");
    let text = text.replacen(
        "authors = [\"",
        "authors = [\"<b>\\u001b[2J</b> & \\u0007, A\", \"",
        1,
    );
    std::fs::write(&path, text).expect("write");
    let svg = stdout(&run_litrev(
        &[
            "appraisal",
            p(fx.root()),
            "--instrument",
            "rob2",
            "--figure",
            "traffic-light",
        ],
        0,
    ));
    assert!(!svg.chars().any(|c| c.is_control() && c != '\n'));
    let t = texts(&svg);
    assert!(t.iter().any(|x| x.starts_with("<b>␛[2J</b> & ␇")), "{t:?}");
}
