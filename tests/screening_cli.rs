//! Screening from the command line: bad input is refused with its place
//! (file:line) and nothing is lost; decisions come in from other platforms'
//! exports; the decisions go out as CSV.

mod common;

use std::fs;
use std::path::Path;

use common::{Fixture, litrev, stderr, stdout};

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/screening")
}

const REVIEW: &str = "format = 1\ntitle = \"Alliance\"\n\n[screening]\nreviewers = [\"AB\", \"MU\"]\nreasons = [\"wrong population\", \"wrong design\"]\n";

/// A review with the three fixture exports added.
fn screened_review() -> Fixture {
    let fx = Fixture::new(REVIEW);
    for (file, db) in [
        ("medline.nbib", "MEDLINE"),
        ("embase.ris", "Embase"),
        ("cinahl.csv", "CINAHL"),
    ] {
        litrev()
            .current_dir(fx.root())
            .args(["search", "add"])
            .arg(fixtures().join(file))
            .args(["--database", db, "--date", "2026-11-02"])
            .assert()
            .success();
    }
    fx
}

/// The key of the record whose title holds `t`.
fn key_of(fx: &Fixture, t: &str) -> String {
    let out = litrev()
        .current_dir(fx.root())
        .args(["screen", "list", "--format", "json"])
        .output()
        .expect("run");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    list.as_array()
        .expect("list")
        .iter()
        .find(|r| r["title"].as_str().is_some_and(|x| x.contains(t)))
        .map(|r| r["key"].as_str().expect("key").to_string())
        .expect("a record with that title")
}

#[test]
fn a_file_that_is_not_a_reference_file_is_refused_at_its_first_line() {
    let fx = Fixture::new(REVIEW);
    let before = fx.snapshot();
    let out = litrev()
        .current_dir(fx.root())
        .args(["search", "add"])
        .arg(fixtures().join("not-a-reference.txt"))
        .args(["--database", "MEDLINE", "--date", "2026-11-02"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = stderr(&out);
    assert!(
        err.contains("not-a-reference.txt:1:1: not a reference file litrev reads"),
        "{err}"
    );
    assert!(err.contains("nothing was added"), "{err}");
    assert_eq!(fx.snapshot(), before, "nothing written");
}

#[test]
fn search_add_records_the_search_and_copies_the_export_verbatim() {
    let fx = Fixture::new("# my review\nformat = 1 # the version\ntitle = \"Alliance\"\n");
    let out = litrev()
        .current_dir(fx.root())
        .args(["search", "add"])
        .arg(fixtures().join("embase.ris"))
        .args([
            "--database",
            "Embase (Elsevier)",
            "--date",
            "2026-11-02",
            "--query",
            "'therapeutic alliance'/exp",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        stdout(&out),
        "added searches/embase.ris: 9 records from Embase (Elsevier) (ris), 2026-11-02\n"
    );
    let toml = fx.read("review.toml");
    assert!(
        toml.starts_with("# my review\nformat = 1 # the version\n"),
        "{toml}"
    );
    assert!(toml.contains("[[searches]]\nfile = \"searches/embase.ris\"\ndatabase = \"Embase (Elsevier)\"\ndate = \"2026-11-02\"\nquery = \"'therapeutic alliance'/exp\"\ncount = 9\nsha256 = \""), "{toml}");
    // A bad date is refused before anything is written.
    litrev()
        .current_dir(fx.root())
        .args(["search", "add"])
        .arg(fixtures().join("medline.nbib"))
        .args(["--database", "MEDLINE", "--date", "2026-02-30"])
        .assert()
        .code(2);
    assert!(!fx.root().join("searches/medline.nbib").exists());
}

#[test]
fn an_unknown_reviewer_is_refused_naming_the_list_and_its_place() {
    let fx = screened_review();
    let key = key_of(&fx, "Rapport in manual therapy");
    let out = litrev()
        .current_dir(fx.root())
        .args([
            "screen",
            "decide",
            "--reviewer",
            "XY",
            "--stage",
            "title-abstract",
            "include",
            &key,
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = stderr(&out);
    assert!(err.contains("unknown reviewer XY: "), "{err}");
    assert!(
        err.contains("review.toml:5:13: [screening] reviewers lists AB, MU"),
        "{err}"
    );
    assert!(!fx.root().join("screening").exists());
}

#[test]
fn a_hand_edited_decisions_file_is_reported_at_its_lines_and_nothing_in_it_is_lost() {
    let fx = screened_review();
    let key = key_of(&fx, "Rapport in manual therapy");
    litrev()
        .current_dir(fx.root())
        .args([
            "screen",
            "decide",
            "--reviewer",
            "AB",
            "--stage",
            "title-abstract",
            "include",
            &key,
        ])
        .assert()
        .success();
    // A key no record has (a record of a search not added on this branch).
    let path = fx.root().join("screening/AB.tsv");
    let mut text = fs::read_to_string(&path).expect("AB.tsv");
    text.push_str("doi:10.9999/elsewhere\ttitle-abstract\texclude\t\t\t2026-11-03T10:00:00Z\n");
    fs::write(&path, &text).expect("write");
    let out = litrev().arg("check").arg(fx.root()).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let said = stdout(&out);
    assert!(
        said.contains("screening/AB.tsv:3:1: no record has the key doi:10.9999/elsewhere"),
        "{said}"
    );
    // Deciding again keeps that line.
    let other = key_of(&fx, "Alliance in rat models");
    litrev()
        .current_dir(fx.root())
        .args([
            "screen",
            "decide",
            "--reviewer",
            "AB",
            "--stage",
            "title-abstract",
            "exclude",
            &other,
        ])
        .assert()
        .success();
    let after = fs::read_to_string(&path).expect("AB.tsv");
    assert!(
        after.contains("doi:10.9999/elsewhere\ttitle-abstract\texclude"),
        "{after}"
    );
    assert_eq!(after.lines().count(), 4, "{after}");

    // A torn line: reported, and the file is not written until fixed.
    let torn = format!("{after}doi:10.5555/lbp.2022.006\ttitle-abs");
    fs::write(&path, &torn).expect("write");
    let out = litrev().arg("check").arg(fx.root()).output().expect("run");
    let said = stdout(&out);
    assert!(
        said.contains("screening/AB.tsv:5:1: this line has 2 fields, expected 6"),
        "{said}"
    );
    let out = litrev()
        .current_dir(fx.root())
        .args([
            "screen",
            "decide",
            "--reviewer",
            "AB",
            "--stage",
            "title-abstract",
            "include",
            &key,
        ])
        .output()
        .expect("run");
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("fix them first"), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(&path).expect("AB.tsv"),
        torn,
        "untouched"
    );
}

#[test]
fn an_export_changed_after_it_was_added_is_reported_by_check() {
    let fx = screened_review();
    litrev().arg("check").arg(fx.root()).assert().success();
    let p = fx.root().join("searches/embase.ris");
    let text = fs::read_to_string(&p).expect("export");
    fs::write(
        &p,
        text.replace("Robots", "robots")
            .replace("Rapport in", "Rapport In"),
    )
    .expect("write");
    let out = litrev().arg("check").arg(fx.root()).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let said = stdout(&out);
    let toml = fx.read("review.toml");
    let second = toml
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("sha256 = "))
        .nth(1)
        .map(|(i, _)| i + 1)
        .expect("the second search's sha256");
    assert!(
        said.contains(&format!(
            "review.toml:{second}:10: searches/embase.ris changed since it was added"
        )),
        "{said}"
    );
}

#[test]
fn full_text_exclusions_need_a_listed_reason_and_an_included_title() {
    let fx = screened_review();
    let key = key_of(&fx, "Rapport in manual therapy");
    // Not included at title and abstract yet.
    let out = litrev()
        .current_dir(fx.root())
        .args([
            "screen",
            "decide",
            "--reviewer",
            "AB",
            "--stage",
            "full-text",
            "include",
            &key,
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not included at title and abstract"),
        "{}",
        stderr(&out)
    );
    for who in ["AB", "MU"] {
        litrev()
            .current_dir(fx.root())
            .args([
                "screen",
                "decide",
                "--reviewer",
                who,
                "--stage",
                "title-abstract",
                "include",
                &key,
            ])
            .assert()
            .success();
    }
    let out = litrev()
        .current_dir(fx.root())
        .args([
            "screen",
            "decide",
            "--reviewer",
            "AB",
            "--stage",
            "full-text",
            "exclude",
            "--reason",
            "too short",
            &key,
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("\"too short\" is not one of the reasons review.toml lists"),
        "{}",
        stderr(&out)
    );
    litrev()
        .current_dir(fx.root())
        .args([
            "screen",
            "decide",
            "--reviewer",
            "AB",
            "--stage",
            "full-text",
            "exclude",
            "--reason",
            "Wrong Design",
            &key,
        ])
        .assert()
        .success();
    let t = fx.read("screening/AB.tsv");
    assert!(t.contains("\tfull-text\texclude\twrong design\t"), "{t}");
}

#[test]
fn decisions_come_in_from_an_asreview_export_and_go_out_as_csv() {
    let fx = screened_review();
    let csv_path = fx.root().join("asreview.csv");
    fs::write(
        &csv_path,
        "record_id,title,abstract,doi,included\n\
         1,Rapport in manual therapy: an interview study with patients,,10.5555/lbp.2020.003,1\n\
         2,Alliance in rat models of spinal injury: a laboratory study,,,0\n\
         3,Exercise therapy versus advice for acute low back pain: a randomised trial,,,\n",
    )
    .expect("write");
    let out = litrev()
        .current_dir(fx.root())
        .args([
            "screen",
            "decide",
            "--reviewer",
            "MU",
            "--stage",
            "title-abstract",
            "--from",
        ])
        .arg(&csv_path)
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        stdout(&out),
        "MU: 2 title-abstract decisions recorded in screening/MU.tsv (1 include, 1 exclude)\n"
    );
    // A row no record matches: an error at its line, nothing recorded.
    fs::write(&csv_path, "title,doi,included\nA study nobody found,,1\n").expect("write");
    let before = fx.read("screening/MU.tsv");
    let out = litrev()
        .current_dir(fx.root())
        .args([
            "screen",
            "decide",
            "--reviewer",
            "MU",
            "--stage",
            "title-abstract",
            "--from",
        ])
        .arg(&csv_path)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("asreview.csv:2: no record of the searches matches this row"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fx.read("screening/MU.tsv"), before);
    // Out as CSV: one row per record, a column per reviewer and stage.
    let out = litrev()
        .current_dir(fx.root())
        .args(["screen", "export"])
        .assert()
        .success()
        .get_output()
        .clone();
    let csv = stdout(&out);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "key,title,authors,year,doi,pmid,sources,title-abstract AB,title-abstract AB reason,title-abstract MU,title-abstract MU reason,title-abstract consensus,title-abstract consensus reason,title-abstract state,full-text AB,full-text AB reason,full-text MU,full-text MU reason,full-text consensus,full-text consensus reason,full-text state,study"
        )
    );
    let rapport = csv
        .lines()
        .find(|l| l.contains("Rapport in manual"))
        .expect("row");
    assert!(rapport.contains(",,,include,,,,pending,"), "{rapport}");
    assert_eq!(csv.lines().count(), 1 + 18);
}

#[test]
fn single_screening_settles_a_record_with_one_decision() {
    let fx = Fixture::new("format = 1\ntitle = \"Alliance\"\n\n[screening]\nreviewers = 1\n");
    litrev()
        .current_dir(fx.root())
        .args(["search", "add"])
        .arg(fixtures().join("embase.ris"))
        .args(["--database", "Embase", "--date", "2026-11-02"])
        .assert()
        .success();
    let key = key_of(&fx, "Rapport in manual therapy");
    litrev()
        .current_dir(fx.root())
        .args([
            "screen",
            "decide",
            "--reviewer",
            "AB",
            "--stage",
            "title-abstract",
            "include",
            &key,
        ])
        .assert()
        .success();
    let out = litrev()
        .current_dir(fx.root())
        .args(["screen", "list", "--state", "included"])
        .output()
        .expect("run");
    let said = stdout(&out);
    assert!(said.contains(&key), "{said}");
    assert!(
        said.ends_with("1 of 9 records (title-abstract)\n"),
        "{said}"
    );
}

#[test]
fn a_decisions_file_of_someone_outside_the_team_is_reported_and_kept() {
    let fx = screened_review();
    let key = key_of(&fx, "Rapport in manual therapy");
    fs::create_dir_all(fx.root().join("screening")).expect("mkdir");
    let text = format!(
        "key\tstage\tdecision\treason\tnote\ttime\n{key}\ttitle-abstract\tinclude\t\t\t2026-11-03T10:00:00Z\n"
    );
    fs::write(fx.root().join("screening/ZZ.tsv"), &text).expect("write");
    let out = litrev().arg("check").arg(fx.root()).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let said = stdout(&out);
    assert!(
        said.contains("screening/ZZ.tsv:1:1: unknown reviewer ZZ: "),
        "{said}"
    );
    assert!(
        said.contains("its decisions are kept but not counted"),
        "{said}"
    );
    let listed = stdout(
        &litrev()
            .current_dir(fx.root())
            .args(["screen", "list", "--state", "pending"])
            .output()
            .expect("run"),
    );
    assert!(listed.starts_with("key"), "{listed}");
    assert!(
        !listed.contains(&key),
        "ZZ's decision does not count: {listed}"
    );
    assert_eq!(
        fs::read_to_string(fx.root().join("screening/ZZ.tsv")).expect("kept"),
        text
    );
}
