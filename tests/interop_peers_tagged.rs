//! More of what running `litrev import` over other projects' own test files
//! found (docs/interop.md, "Checked on other projects' test files"): files
//! that hold records but were refused as "cannot tell what format this is"
//! (JabRef's Biblioscape, Copac, INSPEC, RePEc NEP, Refer and Ovid tests,
//! metaknowledge's ProQuest export, JabRef's keyless BibTeX), two fields
//! read wrong in Zotero's BibTeX tests, and files that hold no records
//! refused with a message that says why. Each case is reproduced by a small
//! file of litrev's own in `tests/fixtures/interop/peers/`.

mod common;

use std::path::{Path, PathBuf};

use common::{import_into_new, stderr, stdout, study_count as count, study_has as has};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/interop/peers")
        .join(name)
}

/// A new review, and what importing `file` into it gave.
fn import(file: &str, args: &[&str]) -> (tempfile::TempDir, PathBuf, std::process::Output) {
    import_into_new(&fixture(file), args)
}

/// A review with `file` imported (exit status 0 asserted), and what the
/// import printed.
fn imported(file: &str) -> (tempfile::TempDir, PathBuf, String) {
    let (tmp, dir, out) = import(file, &[]);
    let printed = format!("{}{}", stdout(&out), stderr(&out));
    assert!(out.status.success(), "{file}: {printed}");
    (tmp, dir, printed)
}

/// The error of importing `file`, which must be refused (exit status 2)
/// with nothing written.
fn refused(file: &str) -> String {
    let (_tmp, dir, out) = import(file, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{file}: {err}");
    assert_eq!(count(&dir), 0, "{file}: nothing may be written");
    err
}

/// JabRef's Biblioscape tests (`--AU-- `, records ended by `------`) were
/// refused; the "corrupt" one, a stray line before its record, too.
#[test]
fn biblioscape_tag_files_are_read_and_a_stray_line_is_a_warning() {
    let (_t, dir, printed) = imported("biblioscape.txt");
    assert_eq!(count(&dir), 2);
    has(
        &dir,
        "lindqvist-1994",
        &[
            "title = \"Night shifts and sleep in Swedish nurses: a cohort\"",
            "authors = [\"Lindqvist, Karin\", \"Berg, Ola\"]",
            "year = 1994",
            "journal = \"Journal of Occupational Health\"",
            "volume = \"36\"",
            "issue = \"2\"",
            "pages = \"101-109\"",
            "doi = \"10.1000/joh.1994.101\"",
            "issn = \"1341-9145\"",
        ],
    );
    has(
        &dir,
        "moe-2003",
        &[
            "title = \"Walking after hip fracture\"",
            "journal = \"Handbook of Geriatric Rehabilitation\"",
            "record_type = \"chapter\"",
        ],
    );
    assert!(
        printed.contains("biblioscape.txt:2: a line outside any field"),
        "{printed}"
    );
}

/// JabRef's Copac tests (`TI- `, `AU- `, blank lines between records)
/// were refused.
#[test]
fn copac_records_are_read_as_books() {
    let (_t, dir, _) = imported("copac.txt");
    assert_eq!(count(&dir), 2);
    has(
        &dir,
        "haugland-1998",
        &[
            "title = \"Physiotherapy in the community : a handbook\"",
            "authors = [\"Haugland, Siri\", \"Dahl, Kari\"]",
            "year = 1998",
            "record_type = \"book\"",
            "publisher = \"Oslo : Fagbokforlaget\"",
            "isbn = \"8276740999 (Pbk)\"",
        ],
    );
    has(
        &dir,
        "university-of-bergen-physiotherapy-research-unit-2001",
        &["authors = [\"University of Bergen. Physiotherapy Research Unit\"]"],
    );
}

/// JabRef's INSPEC test (`Record ... INSPEC`, `TI ~ `) was refused; a file
/// of one record head and no field holds no record and is refused as such.
#[test]
fn inspec_records_are_read_with_their_source_lines() {
    let (_t, dir, _) = imported("inspec.txt");
    assert_eq!(count(&dir), 2);
    has(
        &dir,
        "okafor-2011",
        &[
            "title = \"Gait sensors for fall detection in care homes\"",
            "authors = [\"Okafor, Chidi\", \"Lund, Karin\"]",
            "year = 2011",
            "journal = \"IEEE Trans. Biomed. Eng\"",
            "volume = \"58\"",
            "pages = \"1200-1207\"",
        ],
    );
    has(
        &dir,
        "vik-2012",
        &["year = 2012", "record_type = \"paper-conference\""],
    );
    let err = refused("inspec-empty.txt");
    assert!(
        err.contains("inspec-empty.txt:1:1: no records found in it (read as INSPEC tagged text)"),
        "{err}"
    );
}

/// JabRef's RePEc NEP tests (mail digests of working papers) were refused.
/// The overview's numbered titles are not papers; a date that is not one
/// gives no year and a warning.
#[test]
fn repec_nep_digests_are_read_in_both_layouts() {
    let (_t, dir, printed) = imported("repec-nep.txt");
    assert_eq!(count(&dir), 3);
    has(
        &dir,
        "berg-2005",
        &[
            "title = \"Sick leave and physiotherapy waiting lists\"",
            "authors = [\"Berg, Ola\", \"Moe, Per\"]",
            "year = 2005",
            "record_type = \"report\"",
            "abstract = \"An abstract of the first paper.\"",
        ],
    );
    has(
        &dir,
        "dahl-2005",
        &[
            "title = \"The price of a back-pain consultation\"",
            "authors = [\"Dahl, Kari\", \"Haugland, Siri\"]",
            "abstract = \"The abstract of the second paper.\"",
            "url = \"http://d.repec.org/n?u=RePEc:abc:wpaper:2005040&r=hea\"",
        ],
    );
    has(&dir, "paper", &["title = \"A paper with a false date\""]);
    assert!(
        printed.contains("repec-nep.txt:38: the date \"2016- not a date\" is not a date"),
        "{printed}"
    );
}

/// metaknowledge's ProQuest test file ("Report Information from ProQuest")
/// was refused. A thesis has no journal (the BibTeX ProQuest adds names its
/// database as one); the BibTeX block at the end is not read twice.
#[test]
fn proquest_text_exports_are_read() {
    let (_t, dir, _) = imported("proquest.txt");
    assert_eq!(count(&dir), 2);
    has(
        &dir,
        "hughes-2009",
        &[
            "title = \"Exercise and low back pain\"",
            "authors = [\"Hughes, Anna\", \"Ward, Tom\"]",
            "year = 2009",
            "journal = \"Spine\"",
            "volume = \"34\"",
            "issue = \"4\"",
            "pages = \"345-352\"",
            "doi = \"10.1000/spine.2009.12\"",
        ],
    );
    has(
        &dir,
        "solberg-2014",
        &[
            "title = \"Therapeutic alliance in physiotherapy: a qualitative study\"",
            "authors = [\"Solberg, Maren Elise\"]",
            "year = 2014",
            "record_type = \"thesis\"",
            "url = \"http://search.proquest.com/docview/1000000001?accountid=1\"",
        ],
    );
    let text = std::fs::read_to_string(dir.join("studies/solberg-2014.toml")).expect("study");
    assert!(!text.contains("journal ="), "{text}");
}

/// Every new format can also be named with `--format`.
#[test]
fn the_new_formats_can_be_named() {
    for (file, format) in [
        ("biblioscape.txt", "biblioscape"),
        ("copac.txt", "copac"),
        ("inspec.txt", "inspec"),
        ("repec-nep.txt", "repec"),
        ("proquest.txt", "proquest"),
    ] {
        let (_tmp, _dir, out) = import(file, &["--format", format, "--dry-run"]);
        assert!(out.status.success(), "{file}: {}", stderr(&out));
        assert!(stdout(&out).contains("would add"), "{file}");
    }
}

/// metaknowledge's NSERC co-applicant and partner tables hold award
/// links, no titles: refused, now by what they are.
#[test]
fn a_table_without_a_title_column_is_refused_by_its_columns() {
    let err = refused("nserc-coapplicant.csv");
    assert!(
        err.contains("a table whose columns (Cle, CoApplicantName-NomCoApplicant,"),
        "{err}"
    );
    assert!(err.contains("include no title"), "{err}");
}

/// JabRef's Refer tests: a file of one field (`%A testA`) holds a record;
/// a lone `%0` (Endnote.pattern.no_enw) does not, and is refused.
#[test]
fn a_refer_file_of_one_field_is_read_and_a_lone_type_refused() {
    let (_t, dir, _) = imported("refer-one-field.enw");
    assert_eq!(count(&dir), 1);
    has(&dir, "lindqvist", &["authors = [\"Lindqvist, Karin\"]"]);
    let err = refused("refer-type-only.enw");
    assert!(err.contains("cannot tell what format this is"), "{err}");
}

/// JabRef writes an entry without a key as `@Article,` with no brace, and
/// ProQuest as `@misc{` with a field on the next line: "no records found".
#[test]
fn bibtex_entries_without_a_key_are_read_with_a_warning() {
    let (_t, dir, printed) = imported("bib-no-brace-no-key.bib");
    assert_eq!(count(&dir), 2);
    has(
        &dir,
        "sarda-2023",
        &[
            "title = \"Colour in textiles: which sources?\"",
            "authors = [\"Sarda, Marie\", \"Dahl, Kari\"]",
            "year = 2023",
            "journal = \"In Situ\"",
            "doi = \"10.1000/insitu.38769\"",
        ],
    );
    has(
        &dir,
        "dorst-2014",
        &["title = \"Entrenchment and induction\"", "year = 2014"],
    );
    assert!(
        printed.contains("bib-no-brace-no-key.bib:1: `@article,` has no `{` and no key"),
        "{printed}"
    );
}

/// JabRef's OvidImporterTest2Invalid: Ovid's display saved without `<1>`
/// headers, each record starting `Score`, was refused.
#[test]
fn ovid_displays_without_record_headers_are_read() {
    let (_t, dir, _) = imported("ovid-display-noheader.txt");
    assert_eq!(count(&dir), 2);
    has(
        &dir,
        "lund-2015",
        &[
            "title = \"Walking after hip fracture\"",
            "authors = [\"Lund, Karin\", \"Moe, Per\"]",
            "year = 2015",
            "journal = \"Journal of Geriatric Physical Therapy\"",
            "doi = \"10.1000/jgpt.2015.2001\"",
        ],
    );
    has(
        &dir,
        "vik-2016",
        &["authors = [\"Vik, Tor\"]", "journal = \"Age and Ageing\""],
    );
}

/// Zotero's BibTeX tests: `$4^{\textrm{ème}}$` was kept as math in a
/// journal (Zotero reads "4<sup>ème</sup>"), and `Swe{\\i}g`, a backslash
/// escaped once too often, became "Swe ig".
#[test]
fn text_superscripts_in_math_and_doubled_backslashes_read_as_text() {
    let (_t, dir, _) = imported("bib-math-text.bib");
    has(
        &dir,
        "sweig-2012",
        &[
            "authors = [\"Sweıg, Stefan\", \"Décoret, Xavier\"]",
            "journal = \"Actes du 4ème Congrès Français d'Acoustique\"",
        ],
    );
}
