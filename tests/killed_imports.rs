//! A killed import cleans up after itself the next time: the temporary
//! files an import killed before its renames leaves in `studies/` are
//! removed by the next import, save or open (before, 68 kills had left
//! 433 333 of them, and nothing ever removed them).
#![cfg(unix)]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;

/// The temporary files of saves in `dir`.
fn temps(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".litrev-save-")
        })
        .count()
}

/// `n` RIS records, each its own study.
fn records(n: usize, tag: &str) -> String {
    (0..n)
        .map(|i| {
            format!(
                "TY  - JOUR\nTI  - {tag} record {i} on rehabilitation\nAU  - Author{i}, A.\nPY  - 2020\nDO  - 10.5555/{tag}.{i}\nER  - \n\n"
            )
        })
        .collect()
}

/// A review into which an import of many records was killed (SIGKILL)
/// after it had written temporary files and before it renamed them all.
fn review_with_a_killed_import() -> Fixture {
    for _ in 0..20 {
        let fx = Fixture::new("format = 1\ntitle = \"T\"\n");
        let file = fx.root().join("big.ris");
        std::fs::write(&file, records(4000, "big")).unwrap();
        let studies = fx.root().join("studies");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_litrev"))
            .arg("import")
            .arg(&file)
            .arg("--into")
            .arg(fx.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while temps(&studies) < 50 && start.elapsed() < Duration::from_secs(120) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill();
        let _ = child.wait();
        if temps(&studies) > 0 {
            return fx;
        }
    }
    panic!("no kill left temporary files in 20 tries");
}

#[test]
fn the_next_import_removes_what_a_killed_import_left() {
    let fx = review_with_a_killed_import();
    let studies = fx.root().join("studies");
    assert!(temps(&studies) > 0);
    let file = fx.root().join("small.ris");
    std::fs::write(&file, records(2, "small")).unwrap();
    litrev()
        .arg("import")
        .arg(&file)
        .arg("--into")
        .arg(fx.root())
        .assert()
        .success();
    assert_eq!(temps(&studies), 0, "left by the killed import");
    litrev()
        .arg("check")
        .arg(fx.root())
        .assert()
        .code(predicates::ord::ne(1));
}

#[test]
fn opening_the_review_removes_what_a_killed_import_left() {
    let fx = review_with_a_killed_import();
    let studies = fx.root().join("studies");
    let session = litrev::session::Session::open(fx.root()).unwrap();
    assert_eq!(temps(&studies), 0, "left by the killed import");
    assert!(
        session
            .problems()
            .iter()
            .all(|p| !p.message.contains("interrupted"))
    );
}

#[test]
fn a_save_removes_what_a_killed_import_left() {
    let fx = review_with_a_killed_import();
    let studies = fx.root().join("studies");
    // Loaded while the files are there (a session opened before the kill).
    let loaded = litrev::store::load(fx.root()).unwrap();
    assert!(temps(&studies) > 0);
    let mut session = litrev::session::Session::new(loaded);
    let study = litrev::model::Study {
        id: "new-2021".into(),
        title: "Saved after the kill".into(),
        ..Default::default()
    };
    let batch = session.add(vec![study]);
    assert!(matches!(
        session.apply(batch),
        litrev::session::Outcome::Done { .. }
    ));
    assert_eq!(temps(&studies), 0, "left by the killed import");
}
