//! `--out` never writes over the review, nor over a file litrev did not
//! write for that output without `--force`; `report` removes only files it
//! wrote itself. Before, `export --out studies/<id>.toml` replaced a study
//! with CSV, `--out review.toml` replaced the review with RIS (exit 0), and
//! `report` deleted a user's file they had linked from `index.md`.

mod common;

use std::path::Path;

use common::*;

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

/// Runs litrev in `cwd`; returns (exit code, stderr).
fn run_in(cwd: &Path, args: &[&str]) -> (i32, String) {
    let out = litrev().current_dir(cwd).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn out_never_writes_over_the_reviews_own_files_even_with_force() {
    let fx = Fixture::example();
    let root = fx.root();
    std::fs::create_dir_all(root.join("searches")).unwrap();
    std::fs::create_dir_all(root.join("screening")).unwrap();
    std::fs::write(root.join("screening/AB.tsv"), "key\tstage\n").unwrap();
    let id = litrev::store::load(root).unwrap().studies[0]
        .study
        .id
        .clone();
    let study = format!("studies/{id}.toml");
    let before = fx.snapshot();
    let targets = [
        study.as_str(),
        "review.toml",
        "studies/new.toml",
        "searches/pubmed.ris",
        "screening/AB.tsv",
        ".litrev-recovery.toml",
    ];
    for target in targets {
        for (args, force) in [
            (
                vec!["export", ".", "--format", "csv", "--out", target],
                false,
            ),
            (
                vec!["export", ".", "--format", "ris", "--out", target],
                true,
            ),
            (
                vec!["prisma", ".", "--format", "svg", "--out", target],
                false,
            ),
            (
                vec![
                    "appraisal",
                    ".",
                    "--format",
                    "csv",
                    "--out",
                    target,
                    "--force",
                ],
                false,
            ),
        ] {
            let mut args = args.clone();
            if force {
                args.push("--force");
            }
            let (code, err) = run_in(root, &args);
            assert_eq!(code, 2, "{args:?}: {err}");
            assert!(
                err.contains("never writes an output there"),
                "{args:?}: {err}"
            );
        }
        // Named from elsewhere, absolute.
        let abs = root.join(target);
        let (code, err) = run_in(
            Path::new("/"),
            &["export", p(root), "--format", "csv", "--out", p(&abs)],
        );
        assert_eq!(code, 2, "{target}: {err}");
    }
    assert_eq!(fx.snapshot(), before, "nothing in the review changed");
}

#[cfg(unix)]
#[test]
fn out_through_a_link_into_the_review_is_refused() {
    let fx = Fixture::example();
    let elsewhere = tempfile::tempdir().unwrap();
    let id = litrev::store::load(fx.root()).unwrap().studies[0]
        .study
        .id
        .clone();
    let link = elsewhere.path().join("table.csv");
    std::os::unix::fs::symlink(fx.root().join(format!("studies/{id}.toml")), &link).unwrap();
    let linked_dir = elsewhere.path().join("s");
    std::os::unix::fs::symlink(fx.root().join("studies"), &linked_dir).unwrap();
    let before = fx.snapshot();
    for out in [link.clone(), linked_dir.join("x.csv")] {
        let (code, err) = run_in(
            elsewhere.path(),
            &[
                "export",
                p(fx.root()),
                "--format",
                "csv",
                "--out",
                p(&out),
                "--force",
            ],
        );
        assert_eq!(code, 2, "{err}");
    }
    assert_eq!(fx.snapshot(), before);
}

#[test]
fn out_replaces_its_own_file_and_nothing_else_without_force() {
    let out = tempfile::tempdir().unwrap();
    let ex = example_dir();
    let table = out.path().join("table.csv");
    let export = |extra: &[&str]| {
        let mut args = vec!["export", p(&ex), "--format", "csv", "--out", p(&table)];
        args.extend_from_slice(extra);
        run_in(out.path(), &args)
    };
    // A file of the user's.
    std::fs::write(&table, "my own table").unwrap();
    let (code, err) = export(&[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("litrev did not write it"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&table).unwrap(), "my own table");
    // --force replaces it; then the same command replaces its own file.
    assert_eq!(export(&["--force"]).0, 0);
    let written = std::fs::read_to_string(&table).unwrap();
    assert!(written.starts_with("Ref,"), "{written}");
    assert_eq!(export(&["--year", "2020"]).0, 0, "litrev's own file");
    assert_ne!(std::fs::read_to_string(&table).unwrap(), written);
    // Changed by the user since: kept.
    std::fs::write(&table, "edited in a spreadsheet").unwrap();
    let (code, err) = export(&[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("changed since litrev wrote it"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&table).unwrap(),
        "edited in a spreadsheet"
    );
    // Another output over litrev's file of one kind asks too.
    assert_eq!(export(&["--force"]).0, 0);
    let (code, err) = run_in(
        out.path(),
        &["prisma", p(&ex), "--format", "svg", "--out", p(&table)],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("export csv"), "{err}");
}

/// The file names a report's index links to.
fn links(index: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = index;
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        let j = rest.find(')').unwrap();
        out.push(rest[..j].to_string());
        rest = &rest[j..];
    }
    out
}

#[test]
fn report_never_removes_a_file_the_user_linked_from_its_index() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("supplement");
    let ex = example_dir();
    let (code, err) = run_in(out.path(), &["report", p(&ex), "--out", p(&dir)]);
    assert_eq!(code, 0, "{err}");
    // The user adds a file of their own and links it from index.md.
    std::fs::write(dir.join("my-notes.md"), "my notes").unwrap();
    let index = std::fs::read_to_string(dir.join("index.md")).unwrap();
    std::fs::write(
        dir.join("index.md"),
        format!("{index}\n- [My notes](my-notes.md)\n"),
    )
    .unwrap();
    // A narrower report: files the previous one wrote and this one does not
    // go; the user's file stays.
    let (code, err) = run_in(
        out.path(),
        &["report", p(&ex), "--out", p(&dir), "--design", "rct"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("my-notes.md")).unwrap(),
        "my notes"
    );
    assert!(!dir.join("traffic-light-casp-qualitative.svg").exists());
    let index = std::fs::read_to_string(dir.join("index.md")).unwrap();
    for name in links(&index) {
        assert!(dir.join(&name).is_file(), "{name}");
    }
}

#[test]
fn report_keeps_a_file_the_user_changed_unless_forced() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("supplement");
    let ex = example_dir();
    assert_eq!(
        run_in(out.path(), &["report", p(&ex), "--out", p(&dir)]).0,
        0
    );
    std::fs::write(dir.join("results.md"), "my edited results").unwrap();
    let (code, err) = run_in(out.path(), &["report", p(&ex), "--out", p(&dir)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("results.md"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("results.md")).unwrap(),
        "my edited results"
    );
    // Dropped from a narrower report, it is left in place, not removed.
    std::fs::write(dir.join("traffic-light-casp-qualitative.svg"), "mine").unwrap();
    std::fs::write(dir.join("results.md"), "my edited results").unwrap();
    let (code, err) = run_in(
        out.path(),
        &[
            "report",
            p(&ex),
            "--out",
            p(&dir),
            "--design",
            "rct",
            "--force",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("traffic-light-casp-qualitative.svg")).unwrap(),
        "mine"
    );
}

#[test]
fn report_and_man_never_write_into_a_reviews_folders() {
    let fx = Fixture::example();
    let before = fx.snapshot();
    for dir in ["studies", "studies/report", "searches"] {
        let (code, err) = run_in(fx.root(), &["report", ".", "--out", dir, "--force"]);
        assert_eq!(code, 2, "{dir}: {err}");
        let (code, err) = run_in(fx.root(), &["man", "--out", dir]);
        assert_eq!(code, 2, "{dir}: {err}");
    }
    assert_eq!(fx.snapshot(), before);
}

#[test]
fn man_replaces_its_own_pages_and_not_a_file_of_the_same_name() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("man1");
    assert_eq!(run_in(out.path(), &["man", "--out", p(&dir)]).0, 0);
    assert_eq!(
        run_in(out.path(), &["man", "--out", p(&dir)]).0,
        0,
        "its own"
    );
    std::fs::write(dir.join("litrev-tally.1"), "my notes on tally").unwrap();
    let (code, err) = run_in(out.path(), &["man", "--out", p(&dir)]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("litrev-tally.1")).unwrap(),
        "my notes on tally"
    );
    assert_eq!(
        run_in(out.path(), &["man", "--out", p(&dir), "--force"]).0,
        0
    );
}

/// The screening fixtures' folder.
fn screening_fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/screening")
        .join(name)
}

#[test]
fn screen_export_and_the_simulated_order_never_write_over_the_review() {
    let fx = Fixture::new(
        "format = 1\ntitle = \"Alliance\"\n\n[screening]\nreviewers = [\"AB\", \"MU\"]\n",
    );
    let root = fx.root();
    litrev()
        .current_dir(root)
        .args(["search", "add"])
        .arg(screening_fixture("embase.ris"))
        .args(["--database", "Embase", "--date", "2026-11-02"])
        .assert()
        .success();
    std::fs::create_dir_all(root.join("screening")).unwrap();
    std::fs::write(root.join("screening/AB.tsv"), "key\tstage\n").unwrap();
    std::fs::create_dir_all(root.join("studies")).unwrap();
    std::fs::write(
        root.join("studies/a-2020.toml"),
        "id = \"a-2020\"\ntitle = \"A\"\n",
    )
    .unwrap();
    let searches: Vec<String> = std::fs::read_dir(root.join("searches"))
        .unwrap()
        .map(|e| format!("searches/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    assert!(!searches.is_empty());
    let before = fx.snapshot();
    let data = screening_fixture("beta-blockers.csv");
    let mut targets = vec!["review.toml", "studies/a-2020.toml", "screening/AB.tsv"];
    targets.extend(searches.iter().map(String::as_str));
    for target in targets {
        for force in [false, true] {
            let mut export = vec!["screen", "export", ".", "--out", target];
            let mut order = vec![
                "screen",
                "simulate",
                p(&data),
                "--labels",
                "label_included",
                "--order-out",
                target,
            ];
            if force {
                export.push("--force");
                order.push("--force");
            }
            for args in [export, order] {
                let (code, err) = run_in(root, &args);
                assert_eq!(code, 2, "{args:?}: {err}");
                assert!(
                    err.contains("never writes an output there"),
                    "{args:?}: {err}"
                );
            }
        }
    }
    assert_eq!(fx.snapshot(), before, "nothing in the review changed");
    // Outside the review: a file of the user's is replaced only with --force.
    let elsewhere = tempfile::tempdir().unwrap();
    let mine = elsewhere.path().join("order.csv");
    std::fs::write(&mine, "my own notes\n").unwrap();
    let order = |force: bool| {
        let mut args = vec![
            "screen",
            "simulate",
            p(&data),
            "--labels",
            "label_included",
            "--order-out",
            p(&mine),
        ];
        if force {
            args.push("--force");
        }
        run_in(elsewhere.path(), &args)
    };
    let (code, err) = order(false);
    assert_eq!(code, 2, "{err}");
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "my own notes\n");
    let (code, err) = order(true);
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read_to_string(&mine)
            .unwrap()
            .starts_with("row,key")
    );
    // Its own file it replaces again without --force.
    let (code, err) = order(false);
    assert_eq!(code, 0, "{err}");
}
