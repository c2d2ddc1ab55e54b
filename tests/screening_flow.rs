//! The whole screening path on real-shaped exports (MEDLINE nbib, Embase
//! RIS, a CINAHL CSV; duplicates across them), in a real git repository:
//! searches added, duplicates settled, two reviewers screening titles and
//! abstracts on two branches, merged with no conflict, conflicts settled by
//! consensus, full texts with reasons, included records promoted to
//! studies, and the PRISMA flow — every box compared with a count this test
//! makes itself from its own tables.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::Command;

use common::{Fixture, litrev, stderr, stdout};

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("run git")
}

fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

fn commit_all(dir: &Path, message: &str) {
    git_ok(dir, &["add", "-A"]);
    git_ok(dir, &["commit", "--quiet", "-m", message]);
}

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/screening")
}

const REVIEW: &str = r#"format = 1
title = "Therapeutic alliance in physiotherapy for low back pain"

[[designs]]
key = "qualitative"
label = "qualitative studies"

[screening]
reviewers = ["AB", "MU"]
reasons = ["wrong population", "wrong outcome", "wrong design"]
include_terms = ["alliance", "rapport"]
exclude_terms = ["rat"]
"#;

/// Which works (numbered as the fixtures were written) each export holds.
const FILES: [(&str, &str, &[u32]); 3] = [
    (
        "medline.nbib",
        "MEDLINE (Ovid)",
        &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    ),
    ("embase.ris", "Embase", &[1, 2, 3, 9, 10, 11, 12, 13, 14]),
    ("cinahl.csv", "CINAHL", &[4, 11, 15, 16, 17, 18]),
];

/// A title fragment that names each work.
const TITLES: [(u32, &str); 18] = [
    (1, "Therapeutic alliance and outcomes of physiotherapy"),
    (2, "Patient-centred communication training"),
    (3, "Rapport in manual therapy"),
    (4, "Expectations and the working alliance"),
    (5, "Alliance in rat models"),
    (6, "Exercise therapy versus advice"),
    (7, "Measuring the therapeutic alliance"),
    (8, "Clinician confidence and the therapeutic relationship"),
    (9, "Shared decision making and alliance"),
    (10, "Empathy of physiotherapists"),
    (11, "Telehealth physiotherapy"),
    (12, "Group education and individual physiotherapy"),
    (13, "Cognitive functional therapy"),
    (14, "digital musculoskeletal care: a preprint"),
    (15, "The alliance in physiotherapy for neck pain"),
    (16, "Group education and individual physiotherapy"),
    (17, "digital musculoskeletal care: revised preprint"),
    (18, "Placebo, context and the alliance"),
];

/// The pairs a reviewer settles: 14 and 17 are two versions of one
/// preprint (the same record); 12 and 16 are a trial and its follow-up.
const SAME: (u32, u32) = (14, 17);
const DIFFERENT: (u32, u32) = (12, 16);

/// Title and abstract: (work, AB, MU, consensus when they differ).
type TaRow = (u32, &'static str, &'static str, Option<&'static str>);
const TA: [TaRow; 17] = [
    (1, "include", "include", None),
    (2, "include", "include", None),
    (3, "include", "include", None),
    (4, "include", "exclude", Some("include")),
    (5, "exclude", "exclude", None),
    (6, "exclude", "exclude", None),
    (7, "include", "maybe", Some("exclude")),
    (8, "include", "include", None),
    (9, "include", "include", None),
    (10, "include", "include", None),
    (11, "include", "include", None),
    (12, "exclude", "exclude", None),
    (13, "include", "include", None),
    (14, "exclude", "exclude", None),
    (15, "exclude", "include", Some("exclude")),
    (16, "exclude", "exclude", None),
    (18, "exclude", "exclude", None),
];

/// Full text: (work, AB (decision, reason), MU, consensus when they differ).
type Ft = (&'static str, &'static str);
type FtRow = (u32, Ft, Ft, Option<Ft>);
const FT: [FtRow; 9] = [
    (1, ("include", ""), ("include", ""), None),
    (2, ("include", ""), ("include", ""), None),
    (3, ("include", ""), ("include", ""), None),
    (
        4,
        ("exclude", "wrong outcome"),
        ("exclude", "wrong outcome"),
        None,
    ),
    (
        8,
        ("exclude", "wrong design"),
        ("exclude", "wrong population"),
        Some(("exclude", "wrong design")),
    ),
    (9, ("not-retrieved", ""), ("not-retrieved", ""), None),
    (10, ("include", ""), ("include", ""), None),
    (
        11,
        ("exclude", "wrong population"),
        ("exclude", "wrong population"),
        None,
    ),
    (
        13,
        ("include", ""),
        ("exclude", "wrong design"),
        Some(("include", "")),
    ),
];

/// The records' keys by work, from `screen list --format json`.
fn keys(root: &Path) -> BTreeMap<u32, String> {
    let out = litrev()
        .args(["screen", "list", "--format", "json"])
        .arg(root)
        .assert()
        .success()
        .get_output()
        .clone();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut keys = BTreeMap::new();
    for r in list.as_array().expect("a list") {
        let title = r["title"].as_str().expect("title");
        let key = r["key"].as_str().expect("key").to_string();
        for (w, t) in TITLES {
            // 12 and 16 share their title: told apart by year.
            let year_ok = match w {
                12 => r["year"] == 2019,
                16 => r["year"] == 2020,
                _ => true,
            };
            if title.contains(t) && year_ok {
                keys.insert(w, key.clone());
            }
        }
    }
    keys
}

/// Records `who`'s decisions: one `screen decide` per distinct
/// (decision, reason), as a reviewer batching keys would.
fn decide(root: &Path, who: &str, stage: &str, consensus: bool, rows: &[(String, &str, &str)]) {
    let mut groups: BTreeMap<(&str, &str), Vec<&String>> = BTreeMap::new();
    for (key, d, reason) in rows {
        groups.entry((d, reason)).or_default().push(key);
    }
    for ((d, reason), ks) in groups {
        let mut cmd = litrev();
        cmd.current_dir(root)
            .args(["screen", "decide", "--reviewer", who, "--stage", stage, d]);
        if consensus {
            cmd.arg("--consensus");
        }
        if !reason.is_empty() {
            cmd.args(["--reason", reason]);
        }
        cmd.args(ks.iter().map(|k| k.as_str()));
        cmd.assert().success();
    }
}

/// Records in the exports, counted here from the files' own markers.
fn records_in(file: &str) -> usize {
    let text = fs::read_to_string(fixtures().join(file)).expect("fixture");
    match file.rsplit('.').next() {
        Some("nbib") => text.lines().filter(|l| l.starts_with("PMID-")).count(),
        Some("ris") => text.lines().filter(|l| l.starts_with("TY  -")).count(),
        _ => csv::Reader::from_reader(text.as_bytes()).records().count(),
    }
}

#[test]
fn from_search_exports_to_included_studies_with_two_reviewers_on_two_branches() {
    let fx = Fixture::new(REVIEW);
    let root = fx.root();
    git_ok(root, &["init", "--quiet"]);
    commit_all(root, "the review");

    // 1. Searches.
    for (file, db, _) in FILES {
        litrev()
            .current_dir(root)
            .args(["search", "add"])
            .arg(fixtures().join(file))
            .args([
                "--database",
                db,
                "--date",
                "2026-11-02",
                "--query",
                "alliance.ti,ab.",
            ])
            .assert()
            .success();
        assert_eq!(
            fs::read(root.join("searches").join(file)).expect("kept"),
            fs::read(fixtures().join(file)).expect("fixture"),
            "{file} is kept byte for byte"
        );
    }
    // The same export again is refused, and nothing changes.
    let before = fx.read("review.toml");
    let again = litrev()
        .current_dir(root)
        .args(["search", "add"])
        .arg(fixtures().join("embase.ris"))
        .args(["--database", "Embase", "--date", "2026-11-02"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(
        stderr(&again).contains("was added already"),
        "{}",
        stderr(&again)
    );
    assert_eq!(fx.read("review.toml"), before);
    commit_all(root, "searches");

    // 2. Duplicates: the exact ones are merged; the possible ones listed,
    // then settled by a reviewer.
    let key = keys(root);
    let dup_list = stdout(
        &litrev()
            .current_dir(root)
            .args(["screen", "duplicates"])
            .output()
            .expect("run"),
    );
    for w in [SAME.0, SAME.1, DIFFERENT.0, DIFFERENT.1] {
        assert!(dup_list.contains(&key[&w]), "{w} listed:\n{dup_list}");
    }
    for (flag, (a, b)) in [("--same", SAME), ("--different", DIFFERENT)] {
        litrev()
            .current_dir(root)
            .args([
                "screen",
                "duplicates",
                "--reviewer",
                "AB",
                flag,
                &key[&a],
                &key[&b],
            ])
            .assert()
            .success();
    }
    let dups = fx.read("screening/duplicates.tsv");
    assert!(dups.contains("\tsame\tversions of one DOI\tAB\t"), "{dups}");
    assert!(
        dups.contains("\tdifferent\tsame title, other year\tAB\t"),
        "{dups}"
    );
    commit_all(root, "duplicates settled");
    let key = keys(root);

    // 3. Two reviewers screen titles and abstracts on two branches.
    git_ok(root, &["checkout", "--quiet", "-b", "ab"]);
    let rows = |pick: fn(&TaRow) -> &'static str| {
        TA.iter()
            .map(|r| (key[&r.0].clone(), pick(r), ""))
            .collect::<Vec<_>>()
    };
    decide(root, "AB", "title-abstract", false, &rows(|r| r.1));
    commit_all(root, "AB screened");
    git_ok(root, &["checkout", "--quiet", "main"]);
    git_ok(root, &["checkout", "--quiet", "-b", "mu"]);
    decide(root, "MU", "title-abstract", false, &rows(|r| r.2));
    commit_all(root, "MU screened");
    git_ok(root, &["checkout", "--quiet", "main"]);
    git_ok(root, &["merge", "--quiet", "--no-edit", "ab"]);
    let merged = git(root, &["merge", "--no-edit", "mu"]);
    assert!(
        merged.status.success(),
        "the second reviewer's branch merges without conflict:\n{}{}",
        stdout(&merged),
        stderr(&merged)
    );
    assert!(git_ok(root, &["status", "--porcelain"]).is_empty());
    for f in ["screening/AB.tsv", "screening/MU.tsv"] {
        let t = fx.read(f);
        assert!(!t.contains("<<<<<<<"), "{f}: {t}");
        assert_eq!(t.lines().count(), 1 + TA.len(), "{f}: {t}");
    }

    // 4. The conflicts are the records where AB and MU differ; a consensus
    // settles each.
    let conflicts: serde_json::Value = serde_json::from_slice(
        &litrev()
            .current_dir(root)
            .args(["screen", "list", "--state", "conflict", "--format", "json"])
            .output()
            .expect("run")
            .stdout,
    )
    .expect("JSON");
    let listed: BTreeSet<String> = conflicts
        .as_array()
        .expect("list")
        .iter()
        .map(|r| r["key"].as_str().expect("key").to_string())
        .collect();
    let expected: BTreeSet<String> = TA
        .iter()
        .filter(|r| r.1 != r.2)
        .map(|r| key[&r.0].clone())
        .collect();
    assert_eq!(listed, expected);
    let settled: Vec<(String, &str, &str)> = TA
        .iter()
        .filter_map(|r| r.3.map(|c| (key[&r.0].clone(), c, "")))
        .collect();
    decide(root, "AB", "title-abstract", true, &settled);

    // 5. Full texts, with reasons.
    let ft = |pick: fn(&FtRow) -> Ft| {
        FT.iter()
            .map(|r| {
                let (d, why) = pick(r);
                (key[&r.0].clone(), d, why)
            })
            .collect::<Vec<_>>()
    };
    decide(root, "AB", "full-text", false, &ft(|r| r.1));
    decide(root, "MU", "full-text", false, &ft(|r| r.2));
    let ft_settled: Vec<(String, &str, &str)> = FT
        .iter()
        .filter_map(|r| r.3.map(|(d, why)| (key[&r.0].clone(), d, why)))
        .collect();
    decide(root, "MU", "full-text", true, &ft_settled);
    commit_all(root, "screened");

    // 6. Included records become studies, linked to their records.
    litrev()
        .current_dir(root)
        .args(["screen", "promote"])
        .assert()
        .success();
    let included: BTreeSet<u32> = FT
        .iter()
        .filter(|r| {
            let (d, _) = r.3.unwrap_or(r.1);
            d == "include" && (r.3.is_some() || r.1.0 == r.2.0)
        })
        .map(|r| r.0)
        .collect();
    let mut linked = BTreeSet::new();
    for e in fs::read_dir(root.join("studies")).expect("studies") {
        let text = fs::read_to_string(e.expect("entry").path()).expect("study");
        let k = text
            .lines()
            .find_map(|l| l.strip_prefix("record = \""))
            .map(|r| r.trim_end_matches('"').to_string())
            .expect("a study links to its record");
        linked.insert(k);
    }
    let want: BTreeSet<String> = included.iter().map(|w| key[w].clone()).collect();
    assert_eq!(linked, want);
    // Promoting again adds nothing.
    let again = stdout(
        &litrev()
            .current_dir(root)
            .args(["screen", "promote"])
            .output()
            .expect("run"),
    );
    assert!(again.starts_with("added 0 studies"), "{again}");

    // 7. PRISMA, counted from the data; each box against this test's count.
    let out = litrev()
        .current_dir(root)
        .args(["prisma", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let p: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let identified: usize = FILES.iter().map(|(f, _, _)| records_in(f)).sum();
    let works: BTreeSet<u32> = FILES
        .iter()
        .flat_map(|(_, _, w)| w.iter().copied())
        .collect();
    let unique = works.len() - 1; // SAME merges two works into one record
    let ta_final =
        |r: &TaRow| -> String { r.3.map(str::to_string).unwrap_or_else(|| r.1.to_string()) };
    let ta_in = TA.iter().filter(|r| ta_final(r) == "include").count();
    let ta_out = TA.iter().filter(|r| ta_final(r) == "exclude").count();
    let ft_final = |r: &FtRow| r.3.unwrap_or(r.1);
    let not_retrieved = FT
        .iter()
        .filter(|r| ft_final(r).0 == "not-retrieved")
        .count();
    let ft_out: Vec<&str> = FT
        .iter()
        .filter(|r| ft_final(r).0 == "exclude")
        .map(|r| ft_final(r).1)
        .collect();
    let n = |k: &str| p[k].as_u64().unwrap_or(u64::MAX) as usize;
    for (i, (file, db, _)) in FILES.iter().enumerate() {
        assert_eq!(p["databases"][i]["name"], *db);
        assert_eq!(p["databases"][i]["n"], records_in(file) as u64);
    }
    assert_eq!(n("records_identified"), identified);
    assert_eq!(n("duplicates_removed"), identified - unique);
    assert_eq!(n("records_screened"), unique);
    assert_eq!(n("records_screened"), TA.len());
    assert_eq!(n("records_excluded"), ta_out);
    assert_eq!(n("reports_sought"), ta_in);
    assert_eq!(n("reports_sought"), FT.len());
    assert_eq!(n("reports_not_retrieved"), not_retrieved);
    assert_eq!(n("reports_assessed"), FT.len() - not_retrieved);
    for reason in ["wrong population", "wrong outcome", "wrong design"] {
        let want = ft_out.iter().filter(|r| **r == reason).count() as u64;
        let got = p["reports_excluded"]
            .as_array()
            .expect("reasons")
            .iter()
            .find(|x| x["name"] == reason)
            .map_or(0, |x| x["n"].as_u64().unwrap_or(0));
        assert_eq!(got, want, "{reason}");
    }
    assert_eq!(n("studies_included"), included.len());
    assert_eq!(n("reports_included"), included.len());
    assert_eq!(p["consistent"], true, "{p}");

    // 8. Everything checks, and a hand-typed number that disagrees is
    // reported where it is written.
    litrev().arg("check").arg(root).assert().success();
    let toml = fx.read("review.toml");
    fs::write(
        root.join("review.toml"),
        format!("{toml}\n[prisma]\nrecords_screened = 99\n"),
    )
    .expect("write");
    let out = litrev().arg("check").arg(root).output().expect("run");
    let line = toml.lines().count() + 3;
    let said = stdout(&out);
    assert!(
        said.contains(&format!(
            "review.toml:{line}:20: warning: prisma.records_screened is 99 here, but the searches and screening decisions count {unique}"
        )),
        "{said}"
    );
}
