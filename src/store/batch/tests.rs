//! Creating many files at once ([`super::create_all`]): never over a file
//! that is there, all or none.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Made, create_all, create_all_via};
use crate::store::SaveError;

/// Every file in `dir`, hidden ones (temporary files) included.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn item(dir: &Path, i: &usize) -> Made<String> {
    Ok((dir.join(format!("n{i}.toml")), format!("id = \"n{i}\"\n")))
}

fn studies() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("studies");
    fs::create_dir(&dir).unwrap();
    (root, dir)
}

#[test]
fn a_file_that_appears_right_before_its_rename_is_never_replaced() {
    // Between the check and the rename (here: after every earlier file was
    // renamed), a co-author's n62 appears. The rename refuses to replace
    // it, the 62 files renamed before are taken back, nothing else stays.
    let (_root, dir) = studies();
    let items: Vec<usize> = (0..80).collect();
    let theirs = dir.join("n62.toml");
    let err = create_all_via(
        &dir,
        &items,
        |i| item(&dir, i),
        |i| {
            if i == 62 {
                fs::write(&theirs, "theirs")?;
            }
            Ok(())
        },
    )
    .unwrap_err();
    assert_eq!(err.index, 62);
    assert!(
        matches!(&err.error, SaveError::Exists { path } if *path == theirs),
        "{:?}",
        err.error
    );
    assert_eq!(names(&dir), vec!["n62.toml".to_string()]);
    assert_eq!(fs::read_to_string(&theirs).unwrap(), "theirs");
}

#[cfg(unix)]
#[test]
fn a_link_in_the_way_is_refused_as_a_link_and_left_alone() {
    let (root, dir) = studies();
    let elsewhere = root.path().join("elsewhere.toml");
    fs::write(&elsewhere, "outside").unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("n3.toml")).unwrap();
    let items: Vec<usize> = (0..10).collect();
    let err = create_all(&dir, &items, |i| item(&dir, i)).unwrap_err();
    assert_eq!(err.index, 3);
    assert!(
        matches!(err.error, SaveError::Link { .. }),
        "{:?}",
        err.error
    );
    assert_eq!(names(&dir), vec!["n3.toml".to_string()]);
    assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "outside");
}

#[cfg(unix)]
#[test]
fn a_linked_folder_is_refused_and_nothing_is_written_through_it() {
    let root = tempfile::tempdir().unwrap();
    let real = root.path().join("real");
    fs::create_dir(&real).unwrap();
    let dir = root.path().join("studies");
    std::os::unix::fs::symlink(&real, &dir).unwrap();
    // The first item is set aside: the refusal names the first file to
    // write.
    let items: Vec<usize> = (0..6).collect();
    let err = create_all(&dir, &items, |i| {
        if *i == 0 {
            Err("aside".to_string())
        } else {
            item(&dir, i)
        }
    })
    .unwrap_err();
    assert_eq!(err.index, 1);
    assert!(
        matches!(err.error, SaveError::Link { .. }),
        "{:?}",
        err.error
    );
    assert!(names(&real).is_empty(), "{:?}", names(&real));
}

#[test]
fn a_failure_while_staging_leaves_no_temporary_file() {
    let (root, dir) = studies();
    let items: Vec<usize> = (0..100).collect();
    let other = root.path().join("other");
    let err = create_all(&dir, &items, |i| {
        if *i == 77 {
            Ok((other.join("n77.toml"), String::new()))
        } else {
            item(&dir, i)
        }
    })
    .unwrap_err();
    assert_eq!(err.index, 77);
    assert!(names(&dir).is_empty(), "{:?}", names(&dir));
    // Then the whole batch, each file with its text and the mode of a new
    // file.
    let aside = create_all(&dir, &items, |i| item(&dir, i)).unwrap();
    assert!(aside.iter().all(Option::is_none));
    assert_eq!(names(&dir).len(), 100);
    assert_eq!(
        fs::read_to_string(dir.join("n42.toml")).unwrap(),
        "id = \"n42\"\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.join("n42.toml"))
            .unwrap()
            .permissions()
            .mode();
        let probe = dir.join("probe");
        fs::write(&probe, "").unwrap();
        let new_file = fs::metadata(&probe).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, new_file & 0o777);
    }
}

#[test]
fn a_batch_of_only_records_set_aside_writes_nothing() {
    let (_root, dir) = studies();
    let items: Vec<usize> = (0..5).collect();
    let aside = create_all(&dir, &items, |i| -> Made<String> { Err(format!("no {i}")) }).unwrap();
    assert_eq!(aside[4].as_deref(), Some("no 4"));
    assert!(names(&dir).is_empty());
}
