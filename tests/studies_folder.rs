//! Every entry of `studies/` is accounted for: loaded, ignored as
//! documented, or listed as a problem; oversized files are refused; nothing
//! is saved through a symbolic link.

mod common;

use std::fs;

use common::{Fixture, litrev, stdout};
use litrev::session::{Outcome, Session};
use litrev::store;

const REVIEW: &str = "format = 1\ntitle = \"T\"\n\n[[designs]]\nkey = \"rct\"\nlabel = \"RCTs\"\n";

fn study(id: &str) -> String {
    format!(
        "id = \"{id}\"\ntitle = \"T {id}\"\nauthors = [\"Smith, A\"]\nyear = 2020\ndesign = \"rct\"\n"
    )
}

fn problem_for<'a>(
    loaded: &'a store::Loaded,
    name: &str,
) -> Option<&'a litrev::text::problem::Problem> {
    loaded
        .problems
        .iter()
        .find(|p| p.path.file_name().is_some_and(|n| n == name))
}

#[cfg(unix)]
#[test]
fn entries_that_are_not_loaded_are_problems_or_documented_as_ignored() {
    let f = Fixture::new(REVIEW);
    f.write_study("good-2020", &study("good-2020"));
    let dir = f.root().join("studies");
    fs::write(dir.join("upper-2020.TOML"), study("upper-2020")).unwrap();
    fs::create_dir(dir.join("folder.toml")).unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere.toml"), dir.join("dangling.toml")).unwrap();
    let fifo = dir.join("pipe-target");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink(&fifo, dir.join("fifo.toml")).unwrap();
    fs::write(dir.join(".litrev-save-abc.tmp"), "half a save").unwrap();
    // Ignored, as documented.
    fs::write(dir.join("README.md"), "notes").unwrap();
    fs::write(dir.join(".hidden.toml"), "x").unwrap();

    let loaded = store::load(f.root()).unwrap();
    assert_eq!(loaded.studies.len(), 1);
    for name in [
        "upper-2020.TOML",
        "folder.toml",
        "dangling.toml",
        "fifo.toml",
        ".litrev-save-abc.tmp",
    ] {
        assert!(
            problem_for(&loaded, name).is_some(),
            "{name} is not reported"
        );
    }
    for name in ["README.md", ".hidden.toml", "pipe-target"] {
        assert!(problem_for(&loaded, name).is_none(), "{name} is reported");
    }
    let out = litrev().arg("check").arg(f.root()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(
        text.contains("upper-2020.TOML") && text.contains("dangling.toml"),
        "{text}"
    );
}

#[test]
fn an_oversized_study_file_is_reported_not_loaded() {
    let f = Fixture::new(REVIEW);
    f.write_study("good-2020", &study("good-2020"));
    let huge = format!(
        "{}abstract = \"{}\"\n",
        study("huge-2020"),
        "x".repeat(store::MAX_STUDY_BYTES as usize)
    );
    f.write_study("huge-2020", &huge);
    let loaded = store::load(f.root()).unwrap();
    assert_eq!(loaded.studies.len(), 1);
    let p = problem_for(&loaded, "huge-2020.toml").expect("reported");
    assert!(p.message.contains("MiB"), "{}", p.message);
    assert_eq!(loaded.broken.len(), 1);
}

#[cfg(unix)]
#[test]
fn a_linked_study_is_read_but_never_saved_through() {
    let f = Fixture::new(REVIEW);
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("linked-2020.toml");
    fs::write(&target, study("linked-2020")).unwrap();
    let link = f.study_path("linked-2020");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let mut s = Session::open(f.root()).unwrap();
    assert!(
        s.problems()
            .iter()
            .any(|p| p.message.contains("symbolic link")),
        "check says links are present"
    );
    let mut st = s.entry("linked-2020").expect("read").study.clone();
    st.title = "Changed".into();
    let b = s.edit(st).unwrap();
    match s.apply(b) {
        Outcome::Failed { error, .. } => {
            assert!(error.to_string().contains("symbolic link"), "{error}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), study("linked-2020"));
    // Deleting is refused too.
    let b = s.delete("linked-2020").unwrap();
    assert!(matches!(s.apply(b), Outcome::Failed { .. }));
    assert!(fs::symlink_metadata(&link).is_ok());
}

#[cfg(unix)]
#[test]
fn a_linked_studies_folder_is_never_saved_through() {
    let f = tempfile::tempdir().unwrap();
    let real = tempfile::tempdir().unwrap();
    fs::write(f.path().join("review.toml"), REVIEW).unwrap();
    fs::write(real.path().join("a-2020.toml"), study("a-2020")).unwrap();
    std::os::unix::fs::symlink(real.path(), f.path().join("studies")).unwrap();
    let mut s = Session::open(f.path()).unwrap();
    assert_eq!(s.entries().len(), 1);
    assert!(
        s.problems()
            .iter()
            .any(|p| p.message.contains("symbolic link"))
    );
    let b = s.add(vec![litrev::model::Study {
        id: "b-2020".into(),
        title: "B".into(),
        ..Default::default()
    }]);
    assert!(matches!(s.apply(b), Outcome::Failed { .. }));
    assert!(!real.path().join("b-2020.toml").exists());
}
