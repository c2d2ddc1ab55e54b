//! `litrev import` on files written to look like real exports, and
//! `litrev export`, checked field by field.

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

/// The dry-run JSON of importing `file` into `dir`.
fn preview(dir: &Path, file: &str) -> J {
    let out = litrev()
        .arg("import")
        .arg(fixture(file))
        .arg("--into")
        .arg(dir)
        .args(["--dry-run", "--format-out", "json"])
        .output()
        .expect("run");
    serde_json::from_slice(&out.stdout).expect("json")
}

/// (id, first author, year, title, doi) of each new record.
/// (id, first author, year, title, DOI).
type Row = (String, String, Option<i64>, String, Option<String>);

fn rows(j: &J) -> Vec<Row> {
    j["new"]
        .as_array()
        .expect("new")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default().to_string(),
                r["first_author"].as_str().unwrap_or_default().to_string(),
                r["year"].as_i64(),
                r["title"].as_str().unwrap_or_default().to_string(),
                r["doi"].as_str().map(String::from),
            )
        })
        .collect()
}

fn row(id: &str, a: &str, y: i64, t: &str, d: Option<&str>) -> Row {
    (id.into(), a.into(), Some(y), t.into(), d.map(String::from))
}

#[test]
fn zotero_ris_with_bom_crlf_doi_url_and_editors() {
    let (_t, dir) = review();
    let j = preview(&dir, "zotero.ris");
    assert_eq!(
        rows(&j),
        vec![
            row(
                "smith-2019",
                "Smith",
                2019,
                "Exercise after stroke: a randomised trial",
                Some("10.1177/0269215518812345")
            ),
            row(
                "lee-2024",
                "Lee",
                2024,
                "Nursing in context",
                Some("10.1000/chap.7")
            ),
        ]
    );
    assert_eq!(j["bad"], serde_json::json!([]));
}

#[test]
fn ovid_embase_ris_with_headers_continuations_and_glued_doi() {
    let (_t, dir) = review();
    let j = preview(&dir, "ovid.ris");
    assert_eq!(
        rows(&j),
        vec![
            row(
                "andersen-2021",
                "Andersen",
                2021,
                "Telehealth for heart failure: a qualitative study of patients' views",
                Some("10.1111/jan.14689")
            ),
            row(
                "cruz-2018",
                "Cruz",
                2018,
                "Pain after knee surgery",
                Some("10.1097/j.pain.0000000000001234")
            ),
        ]
    );
}

#[test]
fn cochrane_ris_with_record_headers_and_short_title() {
    let (_t, dir) = review();
    let j = preview(&dir, "cochrane.ris");
    assert_eq!(
        rows(&j),
        vec![
            row(
                "garcia-2020",
                "Garcia",
                2020,
                "Vitamin D in older adults",
                Some("10.1136/bmj.m123")
            ),
            row("nguyen-2017", "Nguyen", 2017, "Short title only", None),
        ]
    );
}

#[test]
fn pubmed_nbib_with_wrapped_title_fau_and_lid_doi() {
    let (_t, dir) = review();
    let j = preview(&dir, "pubmed.nbib");
    assert_eq!(
        rows(&j),
        vec![
            row(
                "o-brien-2019",
                "O'Brien",
                2019,
                "Effects of early mobilisation in intensive care: a systematic review and meta-analysis",
                Some("10.1002/pri.1932")
            ),
            row(
                "icu-mobility-group-2018",
                "ICU Mobility Group",
                2018,
                "Group authored trial",
                Some("10.1016/S0140-6736(18)30001-1")
            ),
        ]
    );
    assert_eq!(j["new"][1]["type"], "Randomized Controlled Trial");
    assert_eq!(j["new"][1]["suggested_design"], "rct");
    assert_eq!(j["new"][0]["suggested_design"], "systematic-review");
}

#[test]
fn bibtex_with_strings_accents_parentheses_crossref_and_a_broken_entry() {
    let (_t, dir) = review();
    let j = preview(&dir, "zotero.bib");
    let got = rows(&j);
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(
        got[0],
        row(
            "muller-2019",
            "Müller",
            2019,
            "MRI in Müller's cohort–a study",
            Some("10.1111/jan.14000")
        )
    );
    assert_eq!(
        got[1],
        row("chen-2020", "Chen", 2020, "Deep learning for triage", None)
    );
    assert_eq!(
        got[3],
        row("kaur-2022", "Kaur", 2022, "Yoga and sleep", None)
    );
    assert_eq!(j["bad"].as_array().map(Vec::len), Some(1));
    assert_eq!(j["bad"][0]["line"], 29);
}

#[test]
fn csl_json_with_html_string_years_editors_and_a_bad_item() {
    let (_t, dir) = review();
    let j = preview(&dir, "zotero.json");
    let got = rows(&j);
    assert_eq!(
        got[0],
        row(
            "okafor-2021",
            "Okafor",
            2021,
            "A pilot of mHealth coaching",
            Some("10.2196/12345")
        )
    );
    assert_eq!(
        got[1].0, "rossi",
        "an item with only editors is named by its editor"
    );
    assert_eq!(got[2], row("ito-2015", "Ito", 2015, "Ranged dates", None));
    assert_eq!(j["bad"][0]["entry"], "#4");
}

#[test]
fn covidence_and_rayyan_csv_with_tags_labels_and_a_duplicate() {
    let (_t, dir) = review();
    let j = preview(&dir, "covidence.csv");
    assert_eq!(
        rows(&j),
        vec![
            row(
                "harris-2016",
                "Harris",
                2016,
                "Walking groups for older adults",
                Some("10.1093/ageing/afw001")
            ),
            row(
                "harris-2018",
                "Harris",
                2018,
                "Walking groups for older adults: follow-up",
                None
            ),
        ]
    );
    let j = preview(&dir, "rayyan.csv");
    assert_eq!(
        rows(&j),
        vec![row(
            "kim-2020",
            "Kim",
            2020,
            "Music therapy in dementia",
            Some("10.1177/1471301218000001")
        )]
    );
    assert_eq!(j["duplicates"][0]["of"], "kim-2020");
    assert_eq!(j["duplicates"][0]["by"], "title and year");
}

#[test]
fn import_writes_one_file_per_new_study_keeps_fields_and_skips_duplicates() {
    let (_t, dir) = review();
    litrev()
        .arg("import")
        .arg(fixture("pubmed.nbib"))
        .arg("--into")
        .arg(&dir)
        .args(["--design", "quantitative", "--tag", "icu"])
        .assert()
        .success()
        .stdout(predicates::str::contains("added 2 studies:"));
    let text = std::fs::read_to_string(dir.join("studies/o-brien-2019.toml")).expect("file");
    for want in [
        "pages = \"940-945\"",
        "pmid = \"31234567\"",
        "design = \"quantitative\"",
        "tags = [\"icu\"]",
        "abstract = \"Early mobilisation is safe.\"",
        "authors = [\"O'Brien, Siobhán\", \"Tanaka, Hiroshi\"]",
    ] {
        assert!(text.contains(want), "{want} missing from\n{text}");
    }
    // The same file again: every record is a duplicate, nothing is written.
    litrev()
        .arg("import")
        .arg(fixture("pubmed.nbib"))
        .arg("--into")
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "added 0 studies\n2 duplicates not added:",
        ));
    assert_eq!(
        std::fs::read_dir(dir.join("studies")).expect("dir").count(),
        2
    );
    litrev().arg("check").arg(&dir).assert().success();
}

#[test]
fn dry_run_writes_nothing_and_unknown_content_is_refused() {
    let (t, dir) = review();
    litrev()
        .arg("import")
        .arg(fixture("zotero.ris"))
        .arg("--into")
        .arg(&dir)
        .arg("--dry-run")
        .assert()
        .success()
        .stdout(predicates::str::starts_with(
            "would add 2 studies:\n  smith-2019  Smith  2019",
        ));
    assert_eq!(
        std::fs::read_dir(dir.join("studies")).expect("dir").count(),
        0
    );
    let junk = t.path().join("notes.txt");
    std::fs::write(&junk, "just some words\n").expect("write");
    litrev()
        .arg("import")
        .arg(&junk)
        .arg("--into")
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "notes.txt:1:1: cannot tell what format",
        ));
}

#[test]
fn latin1_ris_is_decoded() {
    let (t, dir) = review();
    let f = t.path().join("endnote.txt");
    std::fs::write(
        &f,
        b"TY  - JOUR\r\nTI  - Qualit\xe9 de vie\r\nAU  - M\xfcller, J.\r\nPY  - 2015\r\nER  - \r\n",
    )
    .expect("write");
    let out = litrev()
        .arg("import")
        .arg(&f)
        .arg("--into")
        .arg(&dir)
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("muller-2015  Müller  2015  Qualité de vie"),
        "{text}"
    );
}

#[test]
fn export_table_and_reference_files() {
    let (t, dir) = review();
    import_then_export(&fixture("zotero.ris"), &dir, "markdown", "|  | Lee 2024 |");
    let out = t.path().join("refs.bib");
    litrev()
        .arg("export")
        .arg(&dir)
        .args(["--format", "bibtex", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let bib = std::fs::read_to_string(&out).expect("bib");
    assert!(
        bib.contains("@article{smith-2019,") && bib.contains("doi = {10.1177/0269215518812345}"),
        "{bib}"
    );
    let ris = litrev()
        .arg("export")
        .arg(&dir)
        .args(["--format", "ris", "--year", "2024"])
        .output()
        .expect("run");
    let ris = String::from_utf8_lossy(&ris.stdout);
    assert!(
        ris.contains("ID  - lee-2024") && !ris.contains("smith-2019"),
        "{ris}"
    );
    let csl = litrev()
        .arg("export")
        .arg(&dir)
        .args(["--format", "csljson"])
        .output()
        .expect("run");
    let csl: J = serde_json::from_slice(&csl.stdout).expect("json");
    assert_eq!(csl[0]["id"], "lee-2024");
    assert_eq!(csl[1]["author"][1]["family"], "Møller");
}

#[test]
fn an_import_is_one_step_of_the_session_and_undoes_as_one() {
    use litrev::interop::{self as io, plan};
    use litrev::session::{Outcome, Session};
    let (_t, dir) = review();
    let mut session = Session::open(&dir).expect("open");
    let bytes = std::fs::read(fixture("cochrane.ris")).expect("fixture");
    let text = io::decode(&bytes);
    let parsed = io::read(&text, io::detect(&text).expect("detected"));
    let p = plan::plan(
        &[],
        &Default::default(),
        vec![("cochrane.ris".into(), parsed)],
    );
    let batch = session.add(p.new.into_iter().map(|n| n.record.study).collect());
    assert!(matches!(session.apply(batch), Outcome::Done { .. }));
    assert_eq!(session.history_len(), (1, 0));
    assert_eq!(
        std::fs::read_dir(dir.join("studies")).expect("dir").count(),
        2
    );
    assert!(matches!(session.undo(), Ok(Outcome::Done { .. })));
    assert_eq!(
        std::fs::read_dir(dir.join("studies")).expect("dir").count(),
        0
    );
    assert!(session.entries().is_empty());
}

#[test]
fn crossref_biblatex_xdata_endnote_latin1_rayyan_and_embase_ris() {
    let (_t, dir) = review();
    let j = preview(&dir, "crossref.json");
    assert_eq!(
        rows(&j),
        vec![
            row(
                "lindqvist-2020",
                "Lindqvist",
                2020,
                "Nurses' experiences of moral distress",
                Some("10.1016/j.ijnurstu.2020.103700")
            ),
            row(
                "home-care-trialists-2019",
                "Home Care Trialists",
                2019,
                "Costs of home care",
                Some("10.1186/s12913-019-4567-8")
            ),
        ]
    );
    let j = preview(&dir, "jabref.bib");
    assert_eq!(
        rows(&j),
        vec![
            row(
                "hansen-2017",
                "Hansen",
                2017,
                "COVID-like outbreaks in Nordic care homes",
                Some("10.1177/1403494816000001")
            ),
            row("lund-2023", "Lund", 2023, "Night shifts and sleep", None),
        ]
    );
    let j = preview(&dir, "endnote-latin1.ris");
    assert_eq!(
        rows(&j),
        vec![
            row(
                "francois-2012",
                "François",
                2012,
                "Qualité des soins – une revue",
                None
            ),
            row(
                "national-institute-for-health-and-care-excellence-2013",
                "National Institute for Health and Care Excellence",
                2013,
                "Falls in older people",
                None
            ),
        ]
    );
    let j = preview(&dir, "embase.ris");
    assert_eq!(
        rows(&j),
        vec![row(
            "kowalski-2020",
            "Kowalski",
            2020,
            "Robot-assisted gait training after stroke",
            Some("10.1177/1545968320000001")
        )]
    );
    litrev()
        .arg("import")
        .arg(fixture("rayyan.ris"))
        .arg(fixture("jabref.bib"))
        .arg("--into")
        .arg(&dir)
        .assert()
        .success();
    let ahmed = std::fs::read_to_string(dir.join("studies/ahmed-2022.toml")).expect("file");
    assert!(ahmed.contains("tags = [\"peer support\"]"), "{ahmed}");
    let hansen = std::fs::read_to_string(dir.join("studies/hansen-2017.toml")).expect("file");
    assert!(
        hansen
            .contains("authors = [\"Hansen, Ole\", \"Åberg, Eva\", \"World Health Organization\"]"),
        "{hansen}"
    );
    let lund = std::fs::read_to_string(dir.join("studies/lund-2023.toml")).expect("file");
    assert!(
        lund.contains("journal = \"Nordic Journal of Nursing Research\""),
        "{lund}"
    );
}

#[test]
fn exported_csv_guards_cells_against_formulas() {
    let (t, dir) = review();
    let f = t.path().join("hostile.ris");
    std::fs::write(
        &f,
        "TY  - JOUR\nTI  - Harmless title\nAU  - =HYPERLINK(\"http://x\"), A\nPY  - 2020\nER  - \n",
    )
    .expect("write");
    import_then_export(&f, &dir, "csv", "\"'=HYPERLINK(\"\"http://x\"\") 2020\"");
}

/// Imports `file` into `dir`, then checks that `export --format` shows `want`.
fn import_then_export(file: &Path, dir: &Path, format: &str, want: &str) {
    litrev()
        .arg("import")
        .arg(file)
        .arg("--into")
        .arg(dir)
        .assert()
        .success();
    litrev()
        .arg("export")
        .arg(dir)
        .args(["--format", format])
        .assert()
        .success()
        .stdout(predicates::str::contains(want));
}

#[test]
fn web_of_science_savedrecs_with_full_names_group_authors_and_a_bare_record() {
    let (_t, dir) = review();
    let j = preview(&dir, "wos-savedrecs.txt");
    assert_eq!(
        rows(&j),
        vec![
            row(
                "babatunde-2017",
                "Babatunde",
                2017,
                "Characteristics of therapeutic alliance in musculoskeletal physiotherapy and occupational therapy practice: a scoping review of the literature",
                Some("10.1186/s12913-017-2311-3")
            ),
            row(
                "sondena-2021",
                "Søndenå",
                2021,
                "Patients' perspectives on the alliance: a qualitative study",
                Some("10.1016/j.msksp.2021.102345")
            ),
            // A book record with an author and nothing else is still a
            // record: it can be found and completed by hand.
            ("nobody".into(), "Nobody".into(), None, String::new(), None),
        ]
    );
    assert_eq!(j["bad"], serde_json::json!([]));
    let out = litrev()
        .arg("import")
        .arg(fixture("wos-savedrecs.txt"))
        .arg("--into")
        .arg(&dir)
        .assert()
        .success();
    drop(out);
    let text = std::fs::read_to_string(dir.join("studies/babatunde-2017.toml")).expect("file");
    assert!(text.contains("Babatunde, Fatai"), "{text}");
    assert!(text.contains("28558746"), "{text}");
    assert!(text.contains("WOS:000402350100001"), "{text}");
    let text = std::fs::read_to_string(dir.join("studies/sondena-2021.toml")).expect("file");
    assert!(text.contains("Alliance Study Group"), "{text}");
    assert!(text.contains("102-110"), "{text}");
}

#[test]
fn scopus_csv_with_its_own_column_names() {
    let (_t, dir) = review();
    let j = preview(&dir, "scopus.csv");
    assert_eq!(
        rows(&j),
        vec![
            row(
                "hall-2010",
                "Hall",
                2010,
                "The influence of the therapist-patient relationship on treatment outcome in physical rehabilitation: A systematic review",
                Some("10.2522/ptj.20090245")
            ),
            row(
                "o-keeffe-2016",
                "O'Keeffe",
                2016,
                "What influences patient-therapist interactions in musculoskeletal physical therapy? Qualitative systematic review and meta-synthesis",
                Some("10.2522/ptj.20150240")
            ),
        ]
    );
    assert_eq!(j["new"][0]["type"], "Review");
}

#[test]
fn covidence_ris_and_bibdesk_bibtex() {
    let (_t, dir) = review();
    let j = preview(&dir, "covidence.ris");
    assert_eq!(
        rows(&j),
        vec![
            row(
                "okonkwo-2022",
                "Okonkwo",
                2022,
                "Early mobilisation after hip fracture surgery: a randomised controlled trial",
                Some("10.1177/02692155211061234")
            ),
            row(
                "dahl-2021",
                "Dahl",
                2021,
                "Physiotherapists' views on hip fracture rehabilitation",
                Some("10.1016/j.physio.2021.03.004")
            ),
        ]
    );
    assert_eq!(j["bad"], serde_json::json!([]));
    let j = preview(&dir, "bibdesk.bib");
    assert_eq!(
        rows(&j),
        vec![
            row(
                "lund-2023",
                "Lund",
                2023,
                "Patients' trust in physiotherapists: a survey",
                Some("10.1016/j.physio.2023.01.002")
            ),
            (
                "ng-2019".into(),
                "Ng".into(),
                Some(2019),
                "Alliance & outcome — a pilot".into(),
                None
            ),
        ]
    );
    litrev()
        .arg("import")
        .arg(fixture("bibdesk.bib"))
        .arg("--into")
        .arg(&dir)
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.join("studies/lund-2023.toml")).expect("file");
    assert!(text.contains("Sørensen, Mads"), "{text}");
    assert!(
        text.contains("Physiotherapy"),
        "the @string journal: {text}"
    );
    assert!(text.contains("12-20") || text.contains("12–20"), "{text}");
}
