//! Issue 21, point 4: figures a reviewer pastes as they are. Titles wrap,
//! never clip; SANRA's overall dot shows its score; MMAT's columns are the
//! category's own criteria; labels are cut only when they must be;
//! percentages add up; a filtered report says its flow is of the whole
//! review and regenerates with its filters.

mod common;

use std::path::Path;

use common::*;

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

/// Every `<text>`'s content, in order.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("SVG is XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

/// The figure's width and the left edge and width of its view box.
fn frame(svg: &str) -> (f64, f64, f64) {
    let doc = roxmltree::Document::parse(svg).expect("SVG is XML");
    let root = doc.root_element();
    let vb: Vec<f64> = root
        .attribute("viewBox")
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    let width: f64 = root
        .attribute("width")
        .and_then(|w| w.parse().ok())
        .unwrap_or(0.0);
    (width, vb[1], vb[3])
}

#[test]
fn a_long_title_wraps_inside_the_prisma_figure() {
    let fx = Fixture::example();
    let long = "Therapeutic alliance, communication and shared decision-making in physiotherapy \
                for people with persistent non-specific low back pain in primary and secondary care: \
                a scoping review of qualitative, quantitative and mixed methods evidence";
    let toml = fx.read("review.toml").replace(
        "title = \"Therapeutic alliance in physiotherapy for low back pain: a scoping review\"",
        &format!("title = \"{long}\""),
    );
    fx.write_review(&toml);
    let svg = stdout(&run_litrev(&["prisma", p(fx.root()), "--format", "svg"], 0));
    let (width, top, height) = frame(&svg);
    let doc = roxmltree::Document::parse(&svg).expect("xml");
    let title_lines: Vec<(String, f64)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("font-size") == Some("15"))
        .map(|n| {
            (
                n.text().unwrap_or("").trim().to_string(),
                n.attribute("y").and_then(|y| y.parse().ok()).unwrap_or(0.0),
            )
        })
        .collect();
    assert!(title_lines.len() > 1, "the title wraps: {title_lines:?}");
    for (line, y) in &title_lines {
        // Bold 15 px Helvetica: at most 0.6 × 15 px a character.
        let need = 8.0 + line.chars().count() as f64 * 9.0;
        assert!(need <= width, "{line:?} needs {need} of {width}");
        assert!(
            *y - 15.0 >= top && *y <= top + height,
            "{line:?} at {y} is in view"
        );
    }
    let whole: Vec<&str> = title_lines.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        whole.join(" "),
        format!("PRISMA 2020 flow diagram: {long}"),
        "nothing clipped"
    );
}

#[test]
fn sanra_shows_its_score_and_mmat_its_category_criteria() {
    let ex = example_dir();
    let svg = stdout(&run_litrev(
        &[
            "appraisal",
            p(&ex),
            "--instrument",
            "sanra",
            "--figure",
            "traffic-light",
        ],
        0,
    ));
    let t = texts(&svg);
    let overall = t.iter().position(|x| x == "Graham 2018").expect("the row");
    assert_eq!(t[overall + 7], "10/12", "the overall dot: {t:?}");
    let svg = stdout(&run_litrev(
        &[
            "appraisal",
            p(&ex),
            "--instrument",
            "mmat-2018",
            "--figure",
            "traffic-light",
        ],
        0,
    ));
    let t = texts(&svg);
    assert!(
        t.iter()
            .any(|x| x.ends_with("Good reason given for a mixed methods design?")),
        "{t:?}"
    );
    assert!(
        !t.iter().any(|x| x.contains("Criterion 1 of the category")),
        "{t:?}"
    );
}

#[test]
fn summary_labels_are_whole_and_percentages_add_up() {
    let ex = example_dir();
    for inst in ["amstar2", "rob2", "casp-qualitative", "nos-cohort"] {
        let svg = stdout(&run_litrev(
            &[
                "appraisal",
                p(&ex),
                "--instrument",
                inst,
                "--figure",
                "summary",
            ],
            0,
        ));
        let doc = roxmltree::Document::parse(&svg).expect("xml");
        for n in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let s = n.text().unwrap_or("").trim();
            assert!(
                !s.ends_with('…'),
                "{inst}: a label cut with room to spare: {s}"
            );
        }
        // Per bar (one y), the percentages written in it add up to 100
        // when every part is wide enough to hold its own.
        let mut bars: std::collections::BTreeMap<String, Vec<u32>> = Default::default();
        let mut parts: std::collections::BTreeMap<String, usize> = Default::default();
        for n in doc.descendants() {
            let y = n.attribute("y").unwrap_or("").to_string();
            if n.has_tag_name("rect") && n.attribute("stroke") == Some("#555555") {
                let y = (y.parse::<f64>().unwrap_or(0.0) + 15.0).to_string();
                *parts.entry(y).or_default() += 1;
            }
            if n.has_tag_name("text") && n.attribute("fill").is_some() {
                let s = n.text().unwrap_or("").trim();
                if let Some(pct) = s.split(' ').nth(1).and_then(|x| x.strip_suffix('%')) {
                    bars.entry(y).or_default().push(pct.parse().unwrap_or(0));
                }
            }
        }
        let mut checked = 0;
        for (y, pcts) in &bars {
            if parts.get(y) == Some(&pcts.len()) {
                assert_eq!(
                    pcts.iter().sum::<u32>(),
                    100,
                    "{inst}: bar at {y}: {pcts:?}"
                );
                checked += 1;
            }
        }
        assert!(checked > 0, "{inst}: some bar has every part labelled");
    }
}

#[test]
fn a_filtered_report_says_the_flow_is_the_whole_review_and_regenerates_with_its_filters() {
    let out = tempfile::tempdir().expect("tmp");
    let dir = out.path().join("report");
    run_litrev(
        &[
            "report",
            p(&example_dir()),
            "--out",
            p(&dir),
            "--design",
            "rct",
            "--tag",
            "patient expectations",
            "--cite",
            "author-year",
        ],
        0,
    );
    let index = std::fs::read_to_string(dir.join("index.md")).expect("index");
    assert!(
        index.contains(
            "Regenerate with `litrev report --out DIR --design rct --tag 'patient expectations' --cite author-year`"
        ),
        "{index}"
    );
    assert!(
        index.contains("The flow is of the whole review (75 included studies)"),
        "{index}"
    );
    let flow = std::fs::read_to_string(dir.join("prisma.md")).expect("prisma.md");
    assert!(flow.contains("The flow is of the whole review"), "{flow}");
    let svg = std::fs::read_to_string(dir.join("prisma.svg")).expect("prisma.svg");
    let t = texts(&svg).join(" ");
    assert!(t.contains("The flow is of the whole review"), "{t}");
    // Unfiltered, nothing to say.
    let whole = out.path().join("whole");
    run_litrev(&["report", p(&example_dir()), "--out", p(&whole)], 0);
    let index = std::fs::read_to_string(whole.join("index.md")).expect("index");
    assert!(
        !index.contains("The flow is of the whole review"),
        "{index}"
    );
    assert!(
        index.contains("Regenerate with `litrev report --out DIR`."),
        "{index}"
    );
}
