//! Issue 21, point 3: author-year citations are what pandoc's citeproc
//! prints with the APA 7 CSL style: initials to tell apart first authors who
//! share a family name, more names where "et al." hides different
//! co-authors, a/b only for identical author lists and years, the title in
//! quotes for a study without authors, and APA's order.
//!
//! The expected citations are citeproc's own output, stored in
//! `tests/fixtures/citeproc/apa7-expected.txt`. When `pandoc` 2.11 or later
//! is installed (`.ci/run` installs it), the test also runs citeproc live on
//! the review's CSL-JSON export with the APA 7 style vendored in
//! `tests/fixtures/citeproc/apa.csl` (or the CSL file `LITREV_APA_CSL`
//! names) and compares with that.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/citeproc/review");
    std::fs::create_dir(dir.path().join("studies")).expect("studies/");
    std::fs::copy(src.join("review.toml"), dir.path().join("review.toml")).expect("review.toml");
    for e in std::fs::read_dir(src.join("studies")).expect("studies") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), dir.path().join("studies").join(e.file_name())).expect("copy");
    }
    dir
}

/// "id: (citation)" lines, keyed by id ("all" for every study at once).
fn parse(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (id, cite) = l.split_once(": ")?;
            Some((id.to_string(), cite.trim().to_string()))
        })
        .collect()
}

/// litrev's citation of each study alone (the cited list) and of all of
/// them together (a tally's cell), in parentheses as citeproc prints them.
fn litrev_citations(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let json: serde_json::Value = serde_json::from_str(&stdout(&run_litrev(
        &[
            "tally",
            p(root),
            "--format",
            "json",
            "--cite",
            "author-year",
        ],
        0,
    )))
    .expect("json");
    let all = json["groups"][0]["citation"].as_str().unwrap_or("");
    out.insert("all".to_string(), format!("({all})"));
    let md = stdout(&run_litrev(
        &[
            "list",
            p(root),
            "--format",
            "markdown",
            "--cite",
            "author-year",
        ],
        0,
    ));
    let ids: Vec<String> = std::fs::read_dir(root.join("studies"))
        .expect("studies")
        .filter_map(|e| {
            e.ok()?
                .path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .collect();
    let list: Vec<serde_json::Value> = serde_json::from_str(&stdout(&run_litrev(
        &["list", p(root), "--format", "json"],
        0,
    )))
    .expect("json");
    // The markdown list is in the order of `list --format json`.
    let rows: Vec<&str> = md.lines().skip(2).collect();
    for (row, study) in rows.iter().zip(&list) {
        let id = study["id"].as_str().unwrap_or("").to_string();
        assert!(ids.contains(&id), "{id}");
        let cite = row
            .trim_start_matches("| ")
            .split(" | ")
            .next()
            .unwrap_or("")
            .to_string();
        out.insert(id, format!("({cite})"));
    }
    out
}

#[test]
fn author_year_is_what_citeproc_prints_with_apa_7() {
    let dir = fixture();
    let got = litrev_citations(dir.path());
    let stored = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/citeproc/apa7-expected.txt"),
    )
    .expect("stored citeproc output");
    let want = parse(&stored);
    assert_eq!(want.len(), got.len(), "{got:#?}");
    for (id, cite) in &want {
        assert_eq!(got.get(id), Some(cite), "{id}");
    }
}

#[test]
fn author_year_matches_citeproc_run_live_when_pandoc_is_at_hand() {
    let csl = std::env::var_os("LITREV_APA_CSL")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/citeproc/apa.csl")
        });
    assert!(csl.is_file(), "no CSL file at {}", csl.display());
    if !pandoc_with_citeproc() {
        return;
    }
    let dir = fixture();
    let bib = dir.path().join("bib.json");
    let out = run_litrev(
        &[
            "export",
            p(dir.path()),
            "--format",
            "csljson",
            "--out",
            p(&bib),
        ],
        0,
    );
    drop(out);
    let got = litrev_citations(dir.path());
    let mut ids: Vec<&String> = got.keys().filter(|k| *k != "all").collect();
    ids.sort();
    let mut doc = String::new();
    for id in &ids {
        doc.push_str(&format!("- {id}: [@{id}]\n\n"));
    }
    let every: Vec<String> = ids.iter().map(|id| format!("@{id}")).collect();
    doc.push_str(&format!("- all: [{}]\n", every.join("; ")));
    let md = dir.path().join("doc.md");
    std::fs::write(&md, doc).expect("doc.md");
    let run = std::process::Command::new("pandoc")
        .arg(&md)
        .args(["--citeproc", "--bibliography"])
        .arg(&bib)
        .arg("--csl")
        .arg(&csl)
        .args(["-t", "plain", "--wrap=none"])
        .output()
        .expect("pandoc");
    let text = String::from_utf8_lossy(&run.stdout);
    let live: BTreeMap<String, String> = parse(
        &text
            .lines()
            .filter_map(|l| l.strip_prefix("-   "))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    assert_eq!(live, got);
}
