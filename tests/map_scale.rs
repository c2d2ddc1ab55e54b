//! Maps too large to draw say so: a grid of more than 1 000 rows or
//! columns (or 250 000 places) is not laid out as text, Markdown, HTML or
//! SVG, and the message names the dimension; CSV and JSON, which list the
//! non-empty cells, still give every cell, and `report` writes the CSV and
//! says why the table and the bubble grid are missing. (Before, 10 000
//! designs × 10 000 tags gave no output in a minute, and `report` none in
//! 15 minutes.) How long these take is measured by `scripts/scale.sh`.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::*;

/// A review with `designs` design groups and `n` studies, study `i` of
/// design `d{i % designs}` with the tags `t{i % tags}` and `t{(i + 1) % tags}`.
fn wide_review(n: usize, designs: usize, tags: usize) -> Fixture {
    let mut review = String::from("format = 1\ntitle = \"Wide\"\n");
    for d in 0..designs {
        let _ = write!(
            review,
            "\n[[designs]]\nkey = \"d{d}\"\nlabel = \"design {d}\"\n"
        );
    }
    let fx = Fixture::new(&review);
    for i in 0..n {
        fx.write_study(
            &format!("s{i}"),
            &format!(
                "id = \"s{i}\"\nref = {}\ntitle = \"Study {i}\"\nauthors = [\"Doe, J\"]\nyear = 2020\ndesign = \"d{}\"\ntags = [\"t{}\", \"t{}\"]\n",
                i + 1,
                i % designs,
                i % tags,
                (i + 1) % tags
            ),
        );
    }
    fx
}

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

#[test]
fn a_map_with_more_rows_than_can_be_drawn_says_so_and_lists_its_cells_as_csv() {
    let fx = wide_review(1001, 1001, 3);
    for format in ["text", "markdown", "html", "svg"] {
        let out = litrev()
            .args(["map", p(fx.root()), "--rows", "design", "--cols", "tag"])
            .args(["--format", format])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{format}: {err}");
        assert!(out.stdout.is_empty(), "{format}: nothing drawn");
        assert!(err.contains("1 001 rows (design)"), "{format}: {err}");
        assert!(err.contains("too large to draw"), "{format}: {err}");
        assert!(err.contains("--format csv"), "{format}: {err}");
    }
    let csv = litrev()
        .args(["map", p(fx.root()), "--rows", "design", "--cols", "tag"])
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert!(csv.status.success());
    let text = String::from_utf8_lossy(&csv.stdout);
    // Every study in two cells (its two tags), one line each, plus the header.
    assert_eq!(text.lines().count(), 1 + 2 * 1001, "{}", &text[..200]);
    assert!(
        text.contains("d1000,design 1000,t2,t2,1,1001,s1000,1001"),
        "{}",
        &text[..200]
    );
    let json = litrev()
        .args(["map", p(fx.root()), "--rows", "tag", "--cols", "design"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(json.status.success());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["cols"].as_array().unwrap().len(), 1001);
    assert_eq!(v["cells"].as_array().unwrap().len(), 2002);
}

#[test]
fn a_map_of_too_many_places_says_so_and_one_that_fits_is_drawn() {
    // 600 × 600 = 360 000 places: over 250 000, though neither axis is
    // over 1 000.
    let fx = wide_review(600, 600, 600);
    let out = litrev()
        .args(["map", p(fx.root()), "--format", "markdown"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("600 rows × 600 columns"), "{err}");
    // Narrowed by a filter it fits, and is drawn.
    let out = litrev()
        .args(["map", p(fx.root()), "--format", "markdown", "--tag", "t1"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("design 1"), "{md}");
}

#[test]
fn report_with_a_map_too_large_to_draw_writes_its_csv_and_says_why() {
    let fx = wide_review(1001, 1001, 3);
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("r");
    let run = litrev()
        .args(["report", p(fx.root()), "--out", p(&dir)])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(err.contains("too large to draw"), "{err}");
    assert!(dir.join("map-design-tag.csv").is_file());
    assert!(!dir.join("map-design-tag.svg").exists());
    let index = std::fs::read_to_string(dir.join("index.md")).unwrap();
    assert!(index.contains("too large to draw"), "{index}");
}
