//! `litrev import` on files that used to crash it, hang it, lose whole
//! batches or make up bad records: BibTeX cycles, chains, expansion bombs
//! and deep nesting; implausible years; files that are not references;
//! formats told by their content (PubMed without `PMID-`, UTF-16 without a
//! BOM, CR line ends); Ovid's links and PMC lines. Each fixture is a small
//! file of our own that reproduces what real exports do.

mod common;

use std::path::{Path, PathBuf};

use common::litrev;
use serde_json::Value as J;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/interop")
        .join(name)
}

/// A fresh review made by `litrev new`, in a temporary folder.
fn review() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("rev");
    litrev().arg("new").arg(&dir).assert().success();
    (tmp, dir)
}

/// The JSON report of importing `file` into `dir` (a dry run or not), and
/// the exit code.
fn import_json(dir: &Path, file: &Path, dry_run: bool) -> (J, Option<i32>) {
    let mut cmd = litrev();
    cmd.arg("import")
        .arg(file)
        .arg("--into")
        .arg(dir)
        .args(["--format-out", "json"]);
    if dry_run {
        cmd.arg("--dry-run");
    }
    let out = cmd.output().expect("run");
    let j = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (j, out.status.code())
}

fn ids(j: &J) -> Vec<String> {
    j["new"]
        .as_array()
        .expect("new")
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The `reason` or `warning` texts of a list, each with its line.
fn lines_and(j: &J, list: &str, field: &str) -> Vec<(i64, String)> {
    j[list]
        .as_array()
        .expect(list)
        .iter()
        .map(|r| {
            (
                r["line"].as_i64().unwrap_or(0),
                r[field].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn studies(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("studies")).expect("dir").count()
}

#[test]
fn a_crossref_naming_itself_and_cycles_of_every_kind_are_warnings_not_a_crash() {
    let (_t, dir) = review();
    let (j, code) = import_json(&dir, &fixture("bib-self-crossref.bib"), true);
    assert_eq!(code, Some(0));
    assert_eq!(ids(&j), ["self", "ng-2020"]);
    let w = lines_and(&j, "warnings", "warning");
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].0, 1);
    assert!(w[0].1.contains("crossref cycle (loop → loop)"), "{w:?}");

    let (j, code) = import_json(&dir, &fixture("bib-cycles.bib"), true);
    assert_eq!(code, Some(0), "{j}");
    assert_eq!(ids(&j), ["berg-2018", "dahl-2019", "eng-2020", "fisk-2021"]);
    let w = lines_and(&j, "warnings", "warning");
    let lines: Vec<i64> = w.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [2, 4, 10, 16], "{w:?}");
    assert!(w[1].1.contains("crossref cycle (first → second → first)"));
    assert!(w[3].1.contains("xdata cycle"));
    // The entries of the cycle keep their own fields.
    assert_eq!(j["new"][0]["year"], 2018);
    assert_eq!(j["new"][1]["year"], 2019);
    // The real import writes the same.
    let (real, code) = import_json(&dir, &fixture("bib-cycles.bib"), false);
    assert_eq!(code, Some(0));
    assert_eq!(real["new"], j["new"]);
    assert_eq!(studies(&dir), 4);
    let text = std::fs::read_to_string(dir.join("studies/eng-2020.toml")).expect("file");
    assert!(text.contains("journal = \"Journal of Loops\""), "{text}");
}

#[test]
fn a_long_crossref_chain_and_deep_braces_finish_with_a_line_named() {
    let (t, dir) = review();
    let chain = t.path().join("chain.bib");
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!(
            "@incollection{{c{i}, title = {{Link {i}}}, author = {{Chain{i}, Ann}}, year = {{2001}}, crossref = {{c{}}}}}\n",
            i + 1
        ));
    }
    text.push_str("@book{c20000, title = {The End}, publisher = {P}, year = {1990}}\n");
    std::fs::write(&chain, text).expect("write");
    let (j, code) = import_json(&dir, &chain, true);
    assert_eq!(code, Some(0));
    assert_eq!(ids(&j).len(), 20_001);
    assert_eq!(j["new"][0]["year"], 2001, "the child keeps its year");

    let deep = t.path().join("deep.bib");
    std::fs::write(
        &deep,
        format!(
            "@article{{deep,\n  title = {}x{},\n}}\n@article{{after, title = {{Read after}}, author = {{Next, Ned}}, year = 2020}}\n",
            "{".repeat(200_000),
            "}".repeat(200_000)
        ),
    )
    .expect("write");
    let (j, code) = import_json(&dir, &deep, true);
    assert_eq!(code, Some(1));
    assert_eq!(ids(&j), ["next-2020"]);
    let bad = lines_and(&j, "bad", "reason");
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].0, 1);
    assert!(
        bad[0].1.contains("nested more than 1000 deep (line 2)"),
        "{bad:?}"
    );
}

#[test]
fn a_string_expansion_bomb_is_stopped_at_its_line() {
    let (_t, dir) = review();
    let (j, code) = import_json(&dir, &fixture("bib-string-bomb.bib"), true);
    assert_eq!(code, Some(1));
    assert_eq!(ids(&j), ["safe-2020"]);
    let bad = lines_and(&j, "bad", "reason");
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert_eq!(bad[0].0, 6);
    assert!(bad[0].1.contains("expansion bomb"), "{bad:?}");
    assert_eq!(bad[1].0, 13);
    assert!(bad[1].1.starts_with("entry boom cannot be read"), "{bad:?}");
}

#[test]
fn implausible_years_cost_no_record_and_the_dry_run_says_what_is_written() {
    for (file, kept) in [
        (
            "years.ris",
            vec![("mozart-1773", "1773"), ("typo-2209", "2209")],
        ),
        ("years.json", vec![("grew-1645", "1645")]),
    ] {
        let (_t, dir) = review();
        let (dry, code) = import_json(&dir, &fixture(file), true);
        assert_eq!(code, Some(0), "{file}: {dry}");
        let (real, code) = import_json(&dir, &fixture(file), false);
        assert_eq!(code, Some(0), "{file}: {real}");
        for key in ["new", "duplicates", "bad", "warnings"] {
            assert_eq!(dry[key], real[key], "{file}: {key}");
        }
        assert_eq!(studies(&dir), ids(&real).len(), "{file}");
        assert_eq!(real["warnings"].as_array().map(Vec::len), Some(kept.len()));
        for (id, year) in kept {
            let text = std::fs::read_to_string(dir.join(format!("studies/{id}.toml")))
                .unwrap_or_else(|e| panic!("{id}: {e}"));
            assert!(
                text.contains(&format!("year_as_written = \"{year}\""))
                    && !text.contains("\nyear ="),
                "{text}"
            );
        }
        litrev().arg("check").arg(&dir).assert().success();
    }
}

#[test]
fn files_that_hold_no_references_are_refused_with_their_name() {
    let (t, dir) = review();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "backup.ctv6",
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00project.ctv6".to_vec(),
            "zip archive",
        ),
        ("empty.ris", Vec::new(), "the file is empty"),
        ("blank.bib", b"\n\n   \n".to_vec(), "the file is empty"),
        (
            "paper.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec(),
            "a PDF",
        ),
        (
            "data.bin",
            vec![0, 1, 2, 3, 0, 0, 7, 8, 9, 0, 11, 12],
            "binary",
        ),
        (
            "notes.md",
            std::fs::read(fixture("notes.md")).expect("fixture"),
            "Markdown",
        ),
    ];
    for (name, bytes, says) in cases {
        let f = t.path().join(name);
        std::fs::write(&f, bytes).expect("write");
        let out = litrev()
            .arg("import")
            .arg(&f)
            .arg("--into")
            .arg(&dir)
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(&format!("{name}:1:1: ")), "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "one error: {err}");
    }
    assert_eq!(studies(&dir), 0);
}

#[test]
fn pubmed_without_pmid_utf16_without_bom_and_cr_line_ends_are_read() {
    let (_t, dir) = review();
    let (j, code) = import_json(&dir, &fixture("eric.nbib"), true);
    assert_eq!(code, Some(0), "{j}");
    assert_eq!(ids(&j), ["adams-2017", "evans-2018"]);
    assert_eq!(j["new"][0]["first_author"], "Adams");
    let (j, _) = import_json(&dir, &fixture("utf16-nobom.ris"), true);
    assert_eq!(ids(&j), ["wide-2016"]);
    assert_eq!(j["new"][0]["title"], "Sixteen bits, no mark");
    let (j, _) = import_json(&dir, &fixture("cr-only.ris"), true);
    assert_eq!(ids(&j), ["classic-1999", "os-2000"]);
}

#[test]
fn ovid_links_after_er_and_pmc_lines_before_pmid_make_no_phantom_records() {
    let (_t, dir) = review();
    let (j, code) = import_json(&dir, &fixture("ovid-links.ris"), false);
    assert_eq!(code, Some(0), "{j}");
    assert_eq!(j["bad"], serde_json::json!([]));
    assert_eq!(ids(&j), ["andersen-2021", "cruz-2018"]);
    let (j, code) = import_json(&dir, &fixture("pubmed-pmc.nbib"), false);
    assert_eq!(code, Some(0), "{j}");
    assert_eq!(j["bad"], serde_json::json!([]));
    assert_eq!(ids(&j), ["hansen-2019", "berg-2020"]);
    let text = std::fs::read_to_string(dir.join("studies/hansen-2019.toml")).expect("file");
    assert!(text.contains("pmcid = \"PMC6543210\""), "{text}");
    assert!(text.contains("pmid = \"31234568\""), "{text}");
}

#[test]
fn a_large_file_read_on_two_threads_imports_what_its_dry_run_lists() {
    // Over a megabyte: the reader splits it in two. Bad records, a year no
    // study file takes and duplicates within the file are spread over
    // both halves.
    let (t, dir) = review();
    let mut ris = String::new();
    let (mut i, mut bad) = (0, 0);
    while ris.len() < 1_500_000 {
        match i % 50 {
            7 => {
                bad += 1;
                ris.push_str("TY  - JOUR\r\nPY  - 2001\r\nER  - \r\n");
            }
            13 => ris.push_str(&format!(
                "TY  - JOUR\r\nTI  - Repeated title {}\r\nAU  - Lee, K.\r\nPY  - 2010\r\nER  - \r\n",
                i / 100
            )),
            29 => ris.push_str(&format!(
                "TY  - JOUR\r\nTI  - Old record {i}\r\nAU  - Mozart, W.\r\nPY  - 1773\r\nER  - \r\n"
            )),
            _ => ris.push_str(&format!(
                "TY  - JOUR\r\nTI  - Record {i}  on\r\n  stroke\r\nAU  - Sørensen{}, Åse\r\nPY  - {}\r\nAB  - {}\r\nER  - \r\n",
                i % 7,
                1990 + i % 30,
                "An abstract long enough to matter. ".repeat(40)
            )),
        }
        i += 1;
    }
    let file = t.path().join("big.ris");
    std::fs::write(&file, &ris).expect("write");
    let (dry, code) = import_json(&dir, &file, true);
    assert_eq!(code, Some(1), "bad records: exit code 1");
    let listed = ids(&dry);
    assert!(listed.len() > 600, "{}", listed.len());
    assert_eq!(dry["bad"].as_array().expect("bad").len(), bad);
    assert!(!dry["duplicates"].as_array().expect("dups").is_empty());
    let (done, code) = import_json(&dir, &file, false);
    assert_eq!(code, Some(1));
    assert_eq!(ids(&done), listed);
    assert_eq!(done["bad"], dry["bad"]);
    assert_eq!(done["duplicates"], dry["duplicates"]);
    let mut on_disk: Vec<String> = std::fs::read_dir(dir.join("studies"))
        .expect("dir")
        .map(|e| {
            e.expect("entry")
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".toml")
                .to_string()
        })
        .collect();
    on_disk.sort();
    let mut want = listed.clone();
    want.sort();
    assert_eq!(on_disk, want, "every listed study written, nothing else");
    let one = std::fs::read_to_string(dir.join("studies").join(format!("{}.toml", listed[0])))
        .expect("study");
    assert!(one.contains("title = \"Record 0 on stroke\""), "{one}");
    litrev().arg("check").arg(&dir).assert().success();
}
