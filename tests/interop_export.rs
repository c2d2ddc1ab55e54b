//! `litrev export` as other tools read it: BibTeX with entry types, braced
//! capitals, verbatim links, editors, ISSN/ISBN and the PMID as biber's
//! `eprint`; CSL-JSON with plain-text titles and `type`; RIS with `TY` by
//! type; each read back by litrev with the same fields; and pandoc's
//! citeproc rendering the bundled example's exports with their capitals and
//! links (when pandoc is installed; `.ci/run` installs it).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::litrev;
use litrev::interop::{self, Format, export, kind};
use litrev::model::Study;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/interop")
        .join(name)
}

/// A review with `files` imported.
fn imported(files: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("rev");
    litrev().arg("new").arg(&dir).assert().success();
    litrev()
        .arg("import")
        .args(files.iter().map(|f| fixture(f)))
        .arg("--into")
        .arg(&dir)
        .assert()
        .success();
    (tmp, dir)
}

/// The export of the review at `dir`, notes included (they stay in the
/// review unless asked for, and these tests check how they are written).
fn export_text(dir: &Path, format: &str) -> String {
    let out = litrev()
        .arg("export")
        .arg(dir)
        .args(["--format", format, "--with-notes"])
        .output()
        .expect("run");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn bibtex_keeps_types_capitals_links_editors_and_names() {
    let (_t, dir) = imported(&["types.ris", "bib-latex.bib"]);
    let bib = export_text(&dir, "bibtex");
    for want in [
        "@book{doe-2015,",
        "@incollection{silva-2021,",
        "@inproceedings{ruiz-2019,",
        "@thesis{berg-2018,",
        "@report{national-institute-for-health-and-care-excellence-2013,",
        "  title = {{COVID-19} and {mHealth} in {São} {Paulo}},",
        "  title = {Gait analysis with {DNA} of {Spanish} walkers},",
        "  author = {Doe, Jr., John},",
        "  editor = {Costa, Rui},",
        "  booktitle = {Digital Health in Brazil},",
        "  url = {https://example.org/books/handbook_2015?a=1&b=2%20c},",
        "  doi = {10.1000/odd%7Ddoi},",
        "  doi = {10.1000/bose_2019},",
        "  eprint = {31999999},\n  eprinttype = {pubmed},",
        "  issn = {1745-6215},",
        "  isbn = {978-82-00-00000-1},",
        "  author = {{National Institute for Health and Care Excellence}},",
        "  title = {Computers \\& {Typesetting}},",
        "  pages = {45--67},",
    ] {
        assert!(bib.contains(want), "`{want}` missing from\n{bib}");
    }
    assert!(!bib.contains("pmid ="), "pmid is no biblatex field:\n{bib}");
    assert!(!bib.contains("\\_"), "links are verbatim:\n{bib}");
    // Every brace BibTeX counts is balanced, entry by entry.
    for entry in bib.split("\n@") {
        let open = entry.matches('{').count();
        let close = entry.matches('}').count();
        assert_eq!(open, close, "{entry}");
    }
}

#[test]
fn csl_json_titles_are_plain_and_ris_types_are_kept() {
    let (_t, dir) = imported(&["types.ris"]);
    let csl: serde_json::Value = serde_json::from_str(&export_text(&dir, "csljson")).expect("json");
    let item = |id: &str| {
        csl.as_array()
            .expect("array")
            .iter()
            .find(|i| i["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id}"))
    };
    let knuth = item("knuth-1986");
    assert_eq!(knuth["title"], "Computers & Typesetting");
    assert_eq!(knuth["type"], "book");
    assert_eq!(knuth["publisher"], "Addison-Wesley");
    let silva = item("silva-2021");
    assert_eq!(silva["type"], "chapter");
    assert_eq!(silva["editor"][0]["family"], "Costa");
    assert_eq!(item("doe-2015")["author"][0]["suffix"], "Jr.");
    assert_eq!(item("lee-2020")["ISSN"], "1745-6215");
    assert_eq!(
        item("lee-2020")["note"],
        "First line of a note.\nSecond line."
    );
    let ris = export_text(&dir, "ris");
    for want in [
        "TY  - BOOK\nID  - doe-2015",
        "TY  - CHAP\nID  - silva-2021",
        "TY  - CPAPER\nID  - ruiz-2019",
        "TY  - THES\nID  - berg-2018",
        "TY  - RPRT\nID  - national",
        "A2  - Costa, Rui",
        "SN  - 1745-6215",
        "N1  - First line of a note.\n      Second line.\n",
    ] {
        assert!(ris.contains(want), "`{want}` missing from\n{ris}");
    }
}

/// The fields an export keeps, for comparing a study with its read-back.
fn fields(s: &Study) -> Vec<String> {
    let extra = |k: &str| {
        s.extra
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.to_string())
            .unwrap_or_default()
    };
    vec![
        s.title.clone(),
        s.authors.join(" | "),
        format!("{:?}", s.year),
        format!("{:?}", s.journal),
        format!("{:?} {:?} {:?}", s.volume, s.issue, s.pages),
        format!("{:?} {:?} {:?}", s.doi, s.pmid, s.url),
        format!("{:?}", s.r#abstract),
        s.keywords.join(" | "),
        format!("{:?}", s.notes),
        kind::of(s).to_string(),
        extra("editors"),
        extra("issn"),
        extra("isbn"),
        extra("publisher"),
        extra("year_as_written"),
    ]
}

#[test]
fn every_export_read_back_gives_the_same_fields() {
    let (_t, dir) = imported(&[
        "types.ris",
        "bib-latex.bib",
        "endnote.xml",
        "pubmed.xml",
        "mods.xml",
        "refworks.txt",
        "endnote.enw",
        "years.ris",
    ]);
    let loaded = litrev::store::load(&dir).expect("load");
    let studies: Vec<&Study> = loaded.studies().collect();
    assert!(studies.len() >= 20, "{}", studies.len());
    for (format, text) in [
        (Format::Ris, export::ris(&studies)),
        (Format::Bibtex, export::bibtex(&studies)),
        (
            Format::CslJson,
            serde_json::to_string(&export::csljson(&studies)).expect("json"),
        ),
    ] {
        let back = interop::read(&text, format);
        assert!(back.bad.is_empty(), "{format}: {:?}", back.bad);
        assert_eq!(back.records.len(), studies.len(), "{format}");
        for (a, r) in studies.iter().zip(&back.records) {
            let mut b = r.study.clone();
            // A year a study file cannot hold comes back as the year; the
            // import moves it to `year_as_written` again.
            if let Some(y) = b.year.filter(|y| *y < 1800 || *y > 2100) {
                b.year = None;
                b.extra
                    .push(("year_as_written".into(), serde_json::json!(y.to_string())));
            }
            assert_eq!(fields(a), fields(&b), "{format}: {}\n{text}", a.id);
        }
    }
}

/// A CSL style that prints each title, DOI and URL as they are, so that
/// what pandoc made of the fields shows.
const STYLE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>litrev export check</title><id>litrev-export-check</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><group delimiter=" | "><text variable="title"/><text variable="DOI"/><text variable="URL"/></group></layout></bibliography>
</style>
"#;

/// What pandoc's citeproc prints for every entry of `bibliography`.
fn pandoc(bibliography: &Path, work: &Path) -> String {
    let style = work.join("check.csl");
    let doc = work.join("doc.md");
    std::fs::write(&style, STYLE).expect("style");
    std::fs::write(&doc, "---\nnocite: '@*'\n---\n").expect("doc");
    let out = Command::new("pandoc")
        .arg("--citeproc")
        .arg("--csl")
        .arg(&style)
        .arg("--bibliography")
        .arg(bibliography)
        .args(["-t", "plain", "--wrap=none"])
        .arg(&doc)
        .output()
        .expect("run pandoc");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text as compared: typographic quotes plain, braces percent-decoded.
fn plain(s: &str) -> String {
    s.replace(['’', '‘'], "'")
        .replace(['“', '”'], "\"")
        .replace("%7D", "}")
        .replace("%7B", "{")
}

/// True when every capital of `want` is a capital in `got` (pandoc may
/// capitalise a word after a colon; it must not lower a capital).
fn capitals_kept(want: &str, got: &str) -> bool {
    want.chars().count() == got.chars().count()
        && want.chars().zip(got.chars()).all(|(w, g)| {
            w.to_lowercase().eq(g.to_lowercase()) && (!w.is_uppercase() || g.is_uppercase())
        })
}

#[test]
fn pandoc_renders_the_exports_with_their_capitals_and_links() {
    if !common::pandoc_with_citeproc() {
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example");
    let (_t, extra) = imported(&["types.ris", "bib-latex.bib", "endnote.xml", "mods.xml"]);
    for review in [example.as_path(), extra.as_path()] {
        let loaded = litrev::store::load(review).expect("load");
        let studies: Vec<&Study> = loaded.studies().collect();
        for (format, ext) in [("bibtex", "bib"), ("csljson", "json")] {
            let file = tmp.path().join(format!("refs.{ext}"));
            litrev()
                .arg("export")
                .arg(review)
                .args(["--format", format, "--out"])
                .arg(&file)
                .assert()
                .success();
            let out = pandoc(&file, tmp.path());
            let lines: Vec<String> = out.lines().map(plain).collect();
            for s in &studies {
                let title = plain(&s.title);
                let line = lines
                    .iter()
                    .find(|l| {
                        l.split(" | ")
                            .next()
                            .is_some_and(|t| t.to_lowercase() == title.to_lowercase())
                    })
                    .unwrap_or_else(|| panic!("{format}: no entry titled `{title}` in\n{out}"));
                let got = line.split(" | ").next().unwrap_or_default();
                assert!(
                    capitals_kept(&title, got),
                    "{format}: `{title}` rendered `{got}`"
                );
                for link in [&s.doi, &s.url].into_iter().flatten() {
                    assert!(
                        line.split(" | ").any(|part| part == plain(link)),
                        "{format}: {link} not intact in `{line}`"
                    );
                }
            }
        }
    }
}
