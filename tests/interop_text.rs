//! Text that used to be lost or mangled on import, and the new readers
//! (EndNote XML, PubMed XML, MODS, JATS, RefWorks, Refer/.enw, Ovid tagged),
//! checked field by field in the study files `litrev import` writes.

mod common;

use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/interop")
        .join(name)
}

/// A review with `files` imported; returns it and the import's stdout.
fn imported(files: &[&str]) -> (tempfile::TempDir, PathBuf, String) {
    let files: Vec<PathBuf> = files.iter().map(|f| fixture(f)).collect();
    common::imported_into_new(&files)
}

/// The study file of `id`.
fn study(dir: &Path, id: &str) -> String {
    std::fs::read_to_string(dir.join(format!("studies/{id}.toml")))
        .unwrap_or_else(|e| panic!("{id}: {e}"))
}

/// Asserts that the study file of `id` holds every line of `want`.
fn has(dir: &Path, id: &str, want: &[&str]) {
    let text = study(dir, id);
    for w in want {
        assert!(
            text.lines().any(|l| l == *w),
            "{id}: `{w}` missing from\n{text}"
        );
    }
}

#[test]
fn latex_is_decoded_by_table_and_nothing_is_eaten_or_dropped() {
    let (_t, dir, out) = imported(&["bib-latex.bib"]);
    has(
        &dir,
        "hoiland-2019",
        &[
            "title = \"Bose–Einstein condensates in α-Helix models\"",
            "authors = [\"Høiland, Kari\", \"Østergaard, Lars\", \"Große, Jan\", \"Åberg, Eva\"]",
            "journal = \"Journal of Biological Physics\"",
            "doi = \"10.1000/bose_2019\"",
            "url = \"https://example.org/a_b?x=1&y=2%20\"",
        ],
    );
    has(
        &dir,
        "doe-2020",
        &[
            "title = \"“Quoted” pre-post linked text\"",
            "authors = [\"Doe, John, Jr.\"]",
            "journal = \"NoSuchMacro\"",
        ],
    );
    // The undefined macro is a warning, not a lost entry.
    assert!(
        out.contains("bib-latex.bib:11: entry quotes: @string macro `NoSuchMacro` is not defined"),
        "{out}"
    );
    // The crossref child keeps its own year and borrows the book's title,
    // editor and publisher, never its DOI.
    has(
        &dir,
        "kim-2001",
        &[
            "year = 2001",
            "journal = \"The Parent Book\"",
            "editors = [\"Park, Soo\"]",
            "publisher = \"Big Press\"",
            "record_type = \"chapter\"",
        ],
    );
    assert!(!study(&dir, "kim-2001").contains("10.1000/parent"));
}

#[test]
fn ris_sici_and_short_dois_rayyan_urls_ovid_pages_and_author_order() {
    let (_t, dir, _) = imported(&["ris-quirks.ris", "ovid-links.ris"]);
    has(
        &dir,
        "first-1998",
        &[
            "authors = [\"First, Ann\", \"Second, Bo\", \"Third, Cy\"]",
            "doi = \"10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O\"",
        ],
    );
    has(
        &dir,
        "smith-2015",
        &[
            "authors = [\"Smith, John\", \"van Beethoven, Ludwig\"]",
            "doi = \"10/fqd6hj\"",
        ],
    );
    has(
        &dir,
        "ray-2022",
        &[
            "url = \"https://www.embase.com/search/results?subaction=viewrecord&id=L644123456&from=export\"",
        ],
    );
    assert!(!study(&dir, "andersen-2021").contains("pages"));
    has(&dir, "cruz-2018", &["pages = \"12-19\""]);
}

#[test]
fn web_of_science_names_without_commas_gbk_and_review_platform_csv_columns() {
    let (_t, dir, out) = imported(&["wos-commaless.txt", "gbk.ris", "embase.csv", "asreview.csv"]);
    has(
        &dir,
        "babatunde-2017",
        &["authors = [\"Babatunde, Fatai\", \"MacDermid, Joy\"]"],
    );
    has(
        &dir,
        "study-2018",
        &[
            "title = \"中医针灸治疗慢性腰痛的系统评价\"",
            "authors = [\"王, 伟\", \"李, 娜\"]",
            "journal = \"中国针灸\"",
        ],
    );
    assert!(
        out.contains("gbk.ris:1: the file is not UTF-8: read as GBK"),
        "{out}"
    );
    has(
        &dir,
        "kowalski-2020",
        &[
            "authors = [\"Kowalski, J.\", \"Nowak, A.B.\"]",
            "journal = \"Neurorehabilitation and Neural Repair\"",
            "pages = \"401-410\"",
            "pmid = \"32000001\"",
        ],
    );
    has(
        &dir,
        "kaur-2022",
        &[
            "authors = [\"Kaur, Preet\", \"Singh, Arjun\"]",
            "year = 2022",
            "journal = \"Sleep Medicine\"",
            "keywords = [\"yoga\", \"sleep\"]",
        ],
    );
}

#[test]
fn endnote_xml_pubmed_xml_and_mods() {
    let (_t, dir, _) = imported(&["endnote.xml", "pubmed.xml", "mods.xml"]);
    has(
        &dir,
        "lindqvist-2020",
        &[
            "title = \"Nurses' moral distress in intensive care\"",
            "authors = [\"Lindqvist, Karin\", \"Ahmed, S.\"]",
            "journal = \"International Journal of Nursing Studies\"",
            "doi = \"10.1016/j.ijnurstu.2020.103700\"",
            "pmid = \"32650001\"",
            "issn = \"0020-7489\"",
        ],
    );
    has(
        &dir,
        "okafor-2018",
        &[
            "journal = \"Handbook of Health Coaching\"",
            "editors = [\"Meyer, Paul\"]",
            "record_type = \"chapter\"",
        ],
    );
    has(
        &dir,
        "o-brien-2019",
        &[
            "authors = [\"O'Brien, Siobhán\", \"Tanaka, Hiroshi, Jr\"]",
            "doi = \"10.1002/pri.1774\"",
            "pmid = \"31234567\"",
            "pmcid = \"PMC6600001\"",
            "abstract = \"BACKGROUND: Immobility harms. CONCLUSIONS: Early mobilisation is safe.\"",
        ],
    );
    has(
        &dir,
        "pagon-1993",
        &["journal = \"GeneReviews\"", "record_type = \"chapter\""],
    );
    has(
        &dir,
        "reid-2018",
        &[
            "title = \"Patient and physiotherapist communication: a secondary analysis of a trial\"",
            "authors = [\"Reid, Fiona\", \"Hall, Gary\"]",
            "journal = \"Physiotherapy\"",
            "volume = \"104\"",
            "pages = \"180-188\"",
        ],
    );
    has(&dir, "maguire-2019", &["record_type = \"book\""]);
}

#[test]
fn jats_articles_are_read_from_their_front_matter() {
    // A PubMed Central article set (efetch db=pmc): each article one
    // record; the body and the article's own reference list are not.
    let (_t, dir, out) = imported(&["jats.nxml"]);
    assert!(out.to_lowercase().contains("added 2 studies"), "{out}");
    has(
        &dir,
        "ni-bhriain-2021",
        &[
            "title = \"Trust and the therapeutic alliance in low back pain care: a qualitative study\"",
            "authors = [\"Ní Bhriain, Aoife\", \"Lindqvist, Karin\", \"Alliance Study Group\"]",
            "year = 2021",
            "journal = \"Physiotherapy Research International\"",
            "volume = \"26\"",
            "issue = \"1\"",
            "pages = \"e1901\"",
            "doi = \"10.1002/pri.1901\"",
            "pmid = \"34567890\"",
            "abstract = \"Background: Trust matters. Methods: Interviews with 14 patients.\"",
            "pmcid = \"PMC8123456\"",
            "issn = \"1358-2267\"",
        ],
    );
    has(
        &dir,
        "okafor-2015",
        &[
            "title = \"Communication in physiotherapy: a review\"",
            "journal = \"Manual Therapy\"",
            "pages = \"301-309\"",
            "doi = \"10.1016/j.math.2015.01.002\"",
        ],
    );
    let all = std::fs::read_dir(dir.join("studies"))
        .expect("studies")
        .count();
    assert_eq!(all, 2, "only the two articles become studies");
}

#[test]
fn refworks_refer_and_ovid_tagged() {
    let (_t, dir, _) = imported(&["refworks.txt", "endnote.enw", "ovid-tagged.txt"]);
    has(
        &dir,
        "allan-2002",
        &[
            "authors = [\"Allan, Steven\", \"Gilbert, Paul\"]",
            "journal = \"Personality & Individual Differences\"",
            "pages = \"551-565\"",
            "doi = \"10.1016/S0191-8869(01)00058-8\"",
        ],
    );
    has(&dir, "catrambone-2000", &["record_type = \"thesis\""]);
    has(
        &dir,
        "kim-2020",
        &[
            "title = \"Music therapy in dementia: a randomised trial\"",
            "journal = \"Dementia\"",
            "pages = \"1100-1115\"",
            "doi = \"10.1177/1471301218000001\"",
        ],
    );
    has(
        &dir,
        "mori-2019",
        &[
            "journal = \"Proceedings of the World Congress of Physical Therapy\"",
            "record_type = \"paper-conference\"",
        ],
    );
    has(
        &dir,
        "hayden-2021",
        &[
            "title = \"Exercise for chronic low back pain: a network meta-analysis\"",
            "authors = [\"Hayden, Jill A\", \"Ellis, Jenna\"]",
            "doi = \"10.1136/bjsports-2020-102000\"",
            "pmid = \"31234570\"",
        ],
    );
    has(
        &dir,
        "kobori-2015",
        &[
            "journal = \"Behavioural and Cognitive Psychotherapy\"",
            "volume = \"43\"",
            "issue = \"5\"",
            "pages = \"513-523\"",
        ],
    );
}
