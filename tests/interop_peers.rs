//! What running `litrev import` over other projects' own test files found
//! (docs/interop.md, "Checked on other projects' test files"), each case
//! reproduced by a small file of litrev's own in
//! `tests/fixtures/interop/peers/` and checked in the study files written.

mod common;

use std::path::{Path, PathBuf};

use common::{import_into_new, study_count as count, study_has as has};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/interop/peers")
        .join(name)
}

/// A review with `file` imported (exit status 0 asserted).
fn imported(file: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, dir, out) = import_into_new(&fixture(file), &[]);
    assert!(
        out.status.success(),
        "{file}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (tmp, dir)
}

/// JabRef's test files: BibTeX with lone CR line ends (an old Mac file),
/// also in UTF-16BE, was refused as "cannot tell what format this is":
/// the format was told before the line ends were made LF.
#[test]
fn bibtex_with_cr_line_ends_is_recognised_in_utf8_and_utf16() {
    let (_t, dir) = imported("cr-only.bib");
    assert_eq!(count(&dir), 2);
    has(
        &dir,
        "lindqvist-1994",
        &[
            "title = \"Sleep and shift work in Swedish nurses\"",
            "authors = [\"Lindqvist, Karin\", \"Berg, Ola\"]",
            "journal = \"Journal of Occupational Health\"",
            "doi = \"10.1000/mac.1994\"",
        ],
    );
    let (_t, dir) = imported("utf16be-cr.bib");
    has(
        &dir,
        "muller-2011",
        &[
            "title = \"Über die Gangart im Alter\"",
            "authors = [\"Müller, Jürgen\"]",
            "journal = \"Zeitschrift für Gerontologie\"",
        ],
    );
}

/// Zotero's Web of Science test: continuation lines that are not indented
/// (a title on two lines, a second author) were skipped, cutting the title
/// and losing the author.
#[test]
fn web_of_science_continuation_lines_need_no_indent() {
    let (_t, dir) = imported("wos-unindented.txt");
    assert_eq!(count(&dir), 2);
    has(
        &dir,
        "nordlund-2013",
        &[
            "title = \"Carbon from methane as a food source for two benthic consumers in arctic lakes\"",
            "authors = [\"Nordlund, Clara A.\", \"Haugen, Erik B.\"]",
            "doi = \"10.1000/fwb.2013.101\"",
        ],
    );
    has(
        &dir,
        "lind-2014",
        &["title = \"A second record whose title fits on one line\""],
    );
}

/// Zotero's Ovid tests: "Journal January/February 2010;14(1):56" gave the
/// journal "Journal January/February".
#[test]
fn ovid_source_lines_lose_the_issue_months_not_the_journal() {
    let (_t, dir) = imported("ovid-months.txt");
    has(
        &dir,
        "peters-2010",
        &["journal = \"Health & Fitness Journal\""],
    );
    has(
        &dir,
        "okafor-2015",
        &["journal = \"American Journal of Workplace Medicine\""],
    );
    has(&dir, "berg-2012", &["journal = \"Sports Medicine Review\""]);
}

/// Zotero's MODS tests: a serial issued from 1991 to 1998 (`-1998`, then
/// `point="start"` 1991) took the year it ended.
#[test]
fn mods_takes_the_start_of_a_date_range() {
    let (_t, dir) = imported("mods-serial.xml");
    has(
        &dir,
        "dahl-1991",
        &[
            "title = \"Yearbook of physiotherapy research\"",
            "year = 1991",
        ],
    );
}

/// Zotero's MODS tests: a photograph's photographer (`pht`), its creator,
/// was dropped, so the record had no author.
#[test]
fn mods_photographers_and_other_creators_are_authors() {
    let (_t, dir) = imported("mods-photo.xml");
    has(
        &dir,
        "solberg-1962",
        &[
            "title = \"Harbour at dawn\"",
            "authors = [\"Solberg, Maren\"]",
        ],
    );
}

/// Zotero's RIS tests: `DA` is the date and `Y1` its old spelling; with
/// both, the year came from `Y1` (1900 instead of 2016).
#[test]
fn ris_da_wins_over_the_old_y1() {
    let (_t, dir) = imported("ris-y1-da.ris");
    has(&dir, "sato-2016", &["year = 2016"]);
}

/// JabRef's MEDLINE tests: a `PubmedBookArticleSet` (PubMed's XML of a
/// book chapter, as efetch returns it) was refused as XML of another kind.
#[test]
fn pubmed_book_article_sets_are_read() {
    let (_t, dir) = imported("pubmed-book.xml");
    has(
        &dir,
        "national-guideline-centre-uk-2016",
        &[
            "title = \"Exercise therapies for low back pain\"",
            "authors = [\"National Guideline Centre (UK)\"]",
            "year = 2016",
            "pmid = \"29999001\"",
        ],
    );
}

/// biber's date tests: with both `date` and `year`, biber takes the date;
/// litrev took the year.
#[test]
fn bibtex_date_wins_over_year_as_in_biber() {
    let (_t, dir) = imported("bib-date-and-year.bib");
    has(&dir, "vik-1996", &["year = 1996"]);
    has(&dir, "moe-2004", &["year = 2004"]);
}

/// JabRef's Ovid tests: Ovid's display ("Citation format: Ovid", `<1>`
/// then each field's name over its indented value) was refused as a format
/// litrev could not tell. Its authors carry affiliation numbers and degrees
/// (`Brekke, Ingrid Marie RN; PhD; FAAN 1`), its titles end `.[Review]`,
/// and the year is in the source line or, ahead of print, in the status.
#[test]
fn ovid_display_records_are_read() {
    let (_t, dir) = imported("ovid-display.txt");
    assert_eq!(count(&dir), 2);
    has(
        &dir,
        "lund-2015",
        &[
            "title = \"Walking programmes for older adults after hip fracture: a systematic review\"",
            "authors = [\"Lund, Karin\", \"Moe, Per\", \"Haugland, Siri\"]",
            "year = 2015",
            "journal = \"Journal of Geriatric Physical Therapy\"",
            "volume = \"38\"",
            "issue = \"3\"",
            "doi = \"10.1000/jgpt.2015.1048\"",
        ],
    );
    has(
        &dir,
        "brekke-2016",
        &[
            "title = \"Listening at the bedside\"",
            "authors = [\"Brekke, Ingrid Marie\"]",
            "year = 2016",
            "journal = \"Nursing Science Quarterly\"",
        ],
    );
}
