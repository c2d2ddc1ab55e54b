//! `litrev report`: every file index.md links is written (and nothing
//! else), a second run writes the same bytes, filters and --cite are
//! followed, and a folder that is not a report is not written into.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

/// The file names `index.md` links to.
fn links(index: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = index;
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        let j = rest.find(')').expect("closing parenthesis");
        out.push(rest[..j].to_string());
        rest = &rest[j..];
    }
    out
}

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            let path = e.expect("entry").path();
            let bytes = std::fs::read(&path).expect("read");
            (path, bytes)
        })
        .collect()
}

#[test]
fn the_example_report_writes_every_file_it_lists_and_the_same_bytes_twice() {
    let out = tempfile::tempdir().expect("temp");
    let dir = out.path().join("report");
    let run = run_litrev(&["report", p(&example_dir()), "--out", p(&dir)], 0);
    // 66 before the example appraised with ROBINS-I (per outcome): its
    // table, robvis CSV and two figures are four more.
    assert!(stderr(&run).contains("wrote 70 files"), "{}", stderr(&run));
    let index = std::fs::read_to_string(dir.join("index.md")).expect("index.md");
    let listed = links(&index);
    for name in &listed {
        assert!(dir.join(name).is_file(), "{name} is listed but not written");
    }
    let mut written: Vec<String> = files(&dir)
        .keys()
        .map(|k| {
            k.file_name()
                .and_then(|n| n.to_str())
                .expect("name")
                .to_string()
        })
        .filter(|n| n != "index.md")
        .collect();
    written.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(written, sorted, "every file written is listed");
    for want in [
        "results.md",
        "tally-design.md",
        "tally-design.csv",
        "tally-design.svg",
        "tally-country.csv",
        "map-design-tag.md",
        "map-design-tag.csv",
        "map-design-tag.svg",
        "characteristics.md",
        "characteristics.csv",
        "studies.md",
        "appraisal-rob2.md",
        "appraisal-rob2.csv",
        "traffic-light-rob2.svg",
        "summary-rob2.svg",
        "traffic-light-casp-qualitative.svg",
        "prisma.md",
        "prisma.svg",
    ] {
        assert!(
            listed.iter().any(|l| l == want),
            "{want} missing in index.md"
        );
    }
    // Each piece is what its own command prints.
    let tally = stdout(&run_litrev(
        &["tally", p(&example_dir()), "--format", "markdown"],
        0,
    ));
    assert_eq!(
        std::fs::read_to_string(dir.join("tally-design.md")).expect("md"),
        tally
    );
    let prose = stdout(&run_litrev(
        &[
            "tally",
            p(&example_dir()),
            "--by",
            "year",
            "--format",
            "prose",
        ],
        0,
    ));
    let results = std::fs::read_to_string(dir.join("results.md")).expect("results");
    assert!(
        results.contains(&format!("## By year\n\n{prose}")),
        "{results}"
    );
    let svg = stdout(&run_litrev(
        &["prisma", p(&example_dir()), "--format", "svg"],
        0,
    ));
    assert_eq!(
        std::fs::read_to_string(dir.join("prisma.svg")).expect("svg"),
        svg
    );
    for (path, bytes) in files(&dir) {
        if path.extension().is_some_and(|e| e == "svg") {
            let text = String::from_utf8(bytes).expect("UTF-8");
            roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{}: not XML: {e}", path.display()));
        }
    }

    let first = files(&dir);
    run_litrev(&["report", p(&example_dir()), "--out", p(&dir)], 0);
    let second = files(&dir);
    assert_eq!(first.len(), second.len());
    for (path, bytes) in &first {
        assert!(
            second.get(path) == Some(bytes),
            "{} changed",
            path.display()
        );
    }
}

#[test]
fn a_report_follows_the_filters_and_the_citation_style() {
    let out = tempfile::tempdir().expect("temp");
    let dir = out.path().join("r");
    run_litrev(
        &[
            "report",
            p(&example_dir()),
            "--out",
            p(&dir),
            "--design",
            "rct",
            "--cite",
            "pandoc",
        ],
        0,
    );
    let index = std::fs::read_to_string(dir.join("index.md")).expect("index");
    assert!(
        index.contains("15 of the review's 75 studies, selected by `--design rct`; citations in the pandoc style."),
        "{index}"
    );
    let tally = std::fs::read_to_string(dir.join("tally-design.md")).expect("tally");
    assert!(tally.contains("[@"), "pandoc keys: {tally}");
    // RCTs are appraised with RoB 2 only.
    let listed = links(&index);
    assert!(listed.iter().any(|l| l == "traffic-light-rob2.svg"));
    assert!(!listed.iter().any(|l| l.contains("casp")), "{listed:?}");
    // Narrowing further removes the files the previous report listed and
    // this one does not; a file the user put there is left alone.
    std::fs::write(dir.join("notes.txt"), "mine").expect("write");
    run_litrev(
        &[
            "report",
            p(&example_dir()),
            "--out",
            p(&dir),
            "--design",
            "commentary",
        ],
        0,
    );
    assert!(!dir.join("traffic-light-rob2.svg").exists());
    assert!(dir.join("traffic-light-jbi-text-opinion.svg").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).expect("kept"),
        "mine"
    );
}

#[test]
fn a_folder_that_is_not_a_report_is_refused_without_force() {
    let out = tempfile::tempdir().expect("temp");
    std::fs::write(out.path().join("thesis.md"), "my thesis").expect("write");
    let run = run_litrev(&["report", p(&example_dir()), "--out", p(out.path())], 2);
    assert!(
        stderr(&run).contains("holds files that are not a litrev report"),
        "{}",
        stderr(&run)
    );
    assert_eq!(
        std::fs::read_dir(out.path()).expect("dir").count(),
        1,
        "nothing written"
    );
    run_litrev(
        &[
            "report",
            p(&example_dir()),
            "--out",
            p(out.path()),
            "--force",
        ],
        0,
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("thesis.md")).expect("kept"),
        "my thesis"
    );
    assert!(out.path().join("index.md").is_file());
    // A file as --out.
    let file = out.path().join("thesis.md");
    let run = run_litrev(&["report", p(&example_dir()), "--out", p(&file)], 2);
    assert!(stderr(&run).contains("is a file"), "{}", stderr(&run));
}
