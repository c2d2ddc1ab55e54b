//! The readers of issue 19's second batch: Word's bibliography XML (MSBib),
//! MARC 21 XML, Citavi backups (a zip holding Citavi's XML), Citation File
//! Format, Hayagriva and CSL YAML (pandoc's `references:`), each told from its content, checked field by
//! field in the study files `litrev import` writes; and the files that
//! must still be refused (another zip, a zip bomb, an empty MSBib, a YAML
//! file that cites nothing).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::litrev;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/interop")
        .join(name)
}

fn new_review() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("rev");
    litrev().arg("new").arg(&dir).assert().success();
    (tmp, dir)
}

/// A review with `file` imported (exit status 0 asserted), and the
/// import's stdout.
fn imported(file: &Path) -> (tempfile::TempDir, PathBuf, String) {
    common::imported_into_new(&[file.to_path_buf()])
}

/// The ids and lines `--dry-run --format-out json` lists for `file`.
fn lines(file: &Path, format: Option<&str>) -> Vec<(String, u64)> {
    let (_t, dir) = new_review();
    let mut cmd = litrev();
    cmd.arg("import").arg(file).arg("--into").arg(&dir);
    if let Some(f) = format {
        cmd.args(["--format", f]);
    }
    let out = cmd
        .args(["--dry-run", "--format-out", "json"])
        .output()
        .expect("run");
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    j["new"]
        .as_array()
        .expect("new")
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap_or("").to_string(),
                n["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn count(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("studies"))
        .expect("studies/")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "toml"))
        })
        .count()
}

/// Asserts that the study file of `id` holds every line of `want`.
fn has(dir: &Path, id: &str, want: &[&str]) {
    let text = std::fs::read_to_string(dir.join(format!("studies/{id}.toml")))
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    for w in want {
        assert!(
            text.lines().any(|l| l == *w),
            "{id}: `{w}` missing from\n{text}"
        );
    }
}

/// Asserts that `file` is refused with exit status 2 and a message naming
/// it and holding `want`.
fn refused(file: &Path, want: &str) {
    let (_t, dir) = new_review();
    let out = litrev()
        .arg("import")
        .arg(file)
        .arg("--into")
        .arg(&dir)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    assert!(err.contains(name) && err.contains(want), "{err}");
    assert_eq!(count(&dir), 0);
}

#[test]
fn msbib_word_bibliography() {
    let (_t, dir, _) = imported(&fixture("msbib.xml"));
    assert_eq!(count(&dir), 3);
    has(
        &dir,
        "lindqvist-2020",
        &[
            "title = \"Nurses' moral distress in intensive care\"",
            "authors = [\"Lindqvist, Karin A.\", \"Ahmed, Samir\"]",
            "year = 2020",
            "journal = \"International Journal of Nursing Studies\"",
            "volume = \"104\"",
            "issue = \"3\"",
            "pages = \"103-112\"",
            "doi = \"10.1016/j.ijnurstu.2020.103700\"",
            "issn = \"0020-7489\"",
            "language = \"english\"",
            "medium = \"Print\"",
        ],
    );
    has(
        &dir,
        "okafor-2018",
        &[
            "authors = [\"Okafor, Ngozi\"]",
            "journal = \"Handbook of Health Coaching\"",
            "editors = [\"Meyer, Paul\"]",
            "record_type = \"chapter\"",
            "city = \"Cham\"",
        ],
    );
    has(
        &dir,
        "world-health-organization-2019",
        &[
            "title = \"Guidelines on physical activity & sedentary behaviour\"",
            "authors = [\"World Health Organization\"]",
            "record_type = \"report\"",
        ],
    );
    let at = lines(&fixture("msbib.xml"), Some("msbib"));
    assert_eq!(at[0], ("lindqvist-2020".into(), 3));
}

#[test]
fn marc_xml_records_and_an_sru_response() {
    let (_t, dir, _) = imported(&fixture("marc.xml"));
    assert_eq!(count(&dir), 3);
    has(
        &dir,
        "smith-2019",
        &[
            "title = \"Exercise after stroke: a randomised trial\"",
            "authors = [\"Smith, John\", \"Tanaka, Aiko\"]",
            "year = 2019",
            "journal = \"Clinical Rehabilitation\"",
            "volume = \"33\"",
            "issue = \"2\"",
            "pages = \"101-110\"",
            "doi = \"10.1177/0269215518812345\"",
            "issn = \"0269-2155\"",
            "abstract = \"Twelve weeks of walking improved balance.\"",
            "keywords = [\"Stroke / Rehabilitation\"]",
        ],
    );
    has(
        &dir,
        "jones-2015",
        &[
            "title = \"Handbook of nursing research methods\"",
            "year = 2015",
            "editors = [\"Jones, Mary\"]",
            "publisher = \"Oxford University Press\"",
            "edition = \"2nd edition.\"",
            "isbn = \"9780198812345\"",
            "record_type = \"book\"",
        ],
    );
    has(
        &dir,
        "berg-2021",
        &[
            "authors = [\"Berg, Ola\"]",
            "record_type = \"thesis\"",
            "school = \"University of Bergen\"",
        ],
    );
    let at = lines(&fixture("marc.xml"), None);
    assert_eq!(at[0], ("smith-2019".into(), 3));
    // An SRU response that uses its `zs:` prefix undeclared, and a bare `&`:
    // not well-formed XML, read all the same.
    let (_t, dir, _) = imported(&fixture("peers/marc-sru.xml"));
    has(
        &dir,
        "lund-2022",
        &[
            "title = \"Care homes & their staff: a survey\"",
            "authors = [\"Lund, Erik\"]",
            "publisher = \"Black & White Press\"",
        ],
    );
}

#[test]
fn citavi_backup_is_read_from_its_zip() {
    let (_t, dir, _) = imported(&fixture("citavi.ctv6bak"));
    assert_eq!(count(&dir), 3);
    has(
        &dir,
        "lindqvist-2020",
        &[
            "title = \"Nurses' moral distress in intensive care: A qualitative study\"",
            "authors = [\"Lindqvist, Karin A.\", \"Ahmed, Samir\"]",
            "year = 2020",
            "journal = \"International Journal of Nursing Studies\"",
            "volume = \"104\"",
            "issue = \"3\"",
            "pages = \"103-112\"",
            "doi = \"10.1016/j.ijnurstu.2020.103700\"",
            "keywords = [\"ethics\", \"intensive care\"]",
        ],
    );
    // A contribution takes its book's title and year; the book keeps its
    // editors and publisher.
    has(
        &dir,
        "okafor-2018",
        &[
            "title = \"Coaching for health\"",
            "journal = \"Handbook of Health Coaching\"",
            "pages = \"45-67\"",
            "editors = [\"Meyer, Paul\"]",
            "record_type = \"chapter\"",
        ],
    );
    let at = lines(&fixture("citavi.ctv6bak"), Some("citavi"));
    assert!(at.iter().all(|(_, line)| *line > 1), "{at:?}");
}

#[test]
fn citation_file_format_software_references_and_preferred_citation() {
    let (_t, dir, _) = imported(&fixture("CITATION.cff"));
    assert_eq!(count(&dir), 2);
    has(
        &dir,
        "van-smith-2023",
        &[
            "title = \"Screening Helper\"",
            "authors = [\"van Smith, Joe\", \"Jones, Bob, Jr.\", \"The Screening Helper Team\"]",
            "year = 2023",
            "doi = \"10.5281/zenodo.1234567\"",
            "url = \"https://example.org/screening-helper\"",
            "keywords = [\"systematic review\", \"screening\"]",
            "version = \"2.1.0\"",
            "license = \"MIT\"",
            "record_type = \"software\"",
        ],
    );
    has(
        &dir,
        "lindqvist-2022",
        &[
            "title = \"Semi-automated screening for systematic reviews\"",
            "authors = [\"Lindqvist, Karin\", \"Ahmed, Samir\"]",
            "journal = \"Systematic Reviews\"",
            "volume = \"12\"",
            "pages = \"101-110\"",
            "doi = \"10.1186/s13643-022-01234-5\"",
        ],
    );
    let at = lines(&fixture("CITATION.cff"), Some("cff"));
    assert_eq!(at.len(), 2);
    assert_eq!(at[1].1, 27, "{at:?}");
    // The paper to cite instead of the software.
    let (_t, dir, _) = imported(&fixture("cff-preferred.cff"));
    assert_eq!(count(&dir), 1);
    has(
        &dir,
        "smith-2021",
        &[
            "title = \"Screening Helper: faster title and abstract screening\"",
            "authors = [\"Smith, Joe\", \"Okafor, Ngozi\"]",
            "journal = \"Evidence Synthesis Conference 2021\"",
            "doi = \"10.1000/esc.2021.17\"",
            "record_type = \"paper-conference\"",
        ],
    );
}

#[test]
fn hayagriva_entries_with_their_parents() {
    let (_t, dir, _) = imported(&fixture("hayagriva.yml"));
    assert_eq!(count(&dir), 4);
    has(
        &dir,
        "lindqvist-2020",
        &[
            "title = \"Nurses' moral distress in intensive care\"",
            "authors = [\"Lindqvist, Karin\", \"Ahmed, Samir\"]",
            "year = 2020",
            "journal = \"International Journal of Nursing Studies\"",
            "volume = \"104\"",
            "issue = \"3\"",
            "pages = \"103-112\"",
            "doi = \"10.1016/j.ijnurstu.2020.103700\"",
            "issn = \"0020-7489\"",
        ],
    );
    has(
        &dir,
        "okafor-2018",
        &[
            "authors = [\"Okafor, Ngozi\"]",
            "journal = \"Handbook of Health Coaching\"",
            "year = 2018",
            "record_type = \"chapter\"",
        ],
    );
    has(
        &dir,
        "prekas-2017",
        &[
            "title = \"ZygOS: Achieving Low Tail Latency for Microsecond-Scale Networked Tasks\"",
            "journal = \"Proceedings of the 26th Symposium on Operating Systems Principles\"",
            "doi = \"10.1145/3132747.3132780\"",
            "record_type = \"paper-conference\"",
        ],
    );
    has(
        &dir,
        "world-health-organization-2019",
        &[
            "authors = [\"World Health Organization\"]",
            "record_type = \"report\"",
        ],
    );
    let at = lines(&fixture("hayagriva.yml"), Some("hayagriva"));
    assert_eq!(at[0], ("lindqvist-2020".into(), 2));
}

#[test]
fn csl_yaml_bibliographies_and_a_markdown_files_references() {
    // A pandoc bibliography file: two items, dates as date-parts and as
    // citeproc-js's list of {year, month}.
    let (_t, dir, _) = imported(&fixture("references.yaml"));
    assert_eq!(count(&dir), 2);
    has(
        &dir,
        "okafor-2019",
        &[
            "title = \"Trust and the therapeutic alliance in low back pain care\"",
            "authors = [\"Okafor, Chidi\", \"Ó Súilleabháin, Cian\"]",
            "year = 2019",
            "journal = \"Physiotherapy Research International\"",
            "doi = \"10.1002/pri.1774\"",
            "pmid = \"31234567\"",
        ],
    );
    has(
        &dir,
        "world-health-organization-2020",
        &["authors = [\"World Health Organization\"]", "year = 2020"],
    );
    assert_eq!(
        lines(&fixture("references.yaml"), None),
        [
            ("okafor-2019".to_string(), 3),
            ("world-health-organization-2020".to_string(), 21)
        ]
    );
    // A Markdown file whose metadata block holds `references:`: the
    // records are read, the prose is not.
    let (_t, dir, _) = imported(&fixture("pandoc-front-matter.md"));
    assert_eq!(count(&dir), 1);
    has(
        &dir,
        "reid-2018",
        &[
            "title = \"Patient and physiotherapist communication\"",
            "year = 2018",
            "journal = \"Physiotherapy\"",
        ],
    );
}

#[test]
fn empty_msbib_and_a_yaml_file_that_cites_nothing_are_refused() {
    refused(
        &fixture("msbib-empty.xml"),
        "no records found in it (read as MSBib",
    );
    refused(&fixture("cff-invalid.cff"), "neither a CITATION.cff");
    // Named as CFF, it still holds no citation.
    let (_t, dir) = new_review();
    let out = litrev()
        .arg("import")
        .arg(fixture("cff-invalid.cff"))
        .args(["--format", "cff", "--into"])
        .arg(&dir)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no records found in it"));
}

/// A zip archive holding `name` with `content` (deflated).
fn zip_of(path: &Path, name: &str, content: impl Fn(&mut dyn Write)) {
    let file = std::fs::File::create(path).expect("zip");
    let mut z = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    z.start_file(name, opts).expect("entry");
    content(&mut z);
    z.finish().expect("finish");
}

#[test]
fn other_zips_and_a_zip_bomb_are_refused() {
    let tmp = tempfile::tempdir().expect("temp dir");
    // A Word document: a zip of other XML.
    let docx = tmp.path().join("paper.docx");
    zip_of(&docx, "[Content_Types].xml", |w| {
        let _ = w.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
    });
    refused(
        &docx,
        "a zip archive (a Citavi backup, a Word or Excel file?)",
    );
    // Citavi's root, then more than the 256 MB a backup may unpack to.
    let bomb = tmp.path().join("bomb.ctv6bak");
    zip_of(&bomb, "bomb.ctv6", |w| {
        let _ = w.write_all(b"<?xml version=\"1.0\"?>\n<CitaviExchangeData><References>");
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..260 {
            let _ = w.write_all(&spaces);
        }
    });
    assert!(std::fs::metadata(&bomb).expect("bomb").len() < 2_000_000);
    refused(&bomb, "unpacks to more than 256 MB");
}
