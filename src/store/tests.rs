//! Unit tests of `store`.

use crate::store::*;

fn review_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(REVIEW_FILE), "format = 1\ntitle = \"T\"\n").unwrap();
    fs::create_dir_all(dir.path().join(STUDIES_DIR)).unwrap();
    dir
}

/// Names of the files in `studies/`, hidden ones (temporary files)
/// included.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir.join(STUDIES_DIR))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_batch_failing_midway_through_the_renames_is_taken_back() {
    let dir = review_dir();
    let kept = "id = \"kept\"\ntitle = \"Old\"\n";
    let gone = "id = \"gone\"\ntitle = \"Removed\"\n";
    let kept_path = study_path(dir.path(), "kept").unwrap();
    let gone_path = study_path(dir.path(), "gone").unwrap();
    fs::write(&kept_path, kept).unwrap();
    fs::write(&gone_path, gone).unwrap();
    let texts: Vec<String> = (0..40)
        .map(|i| format!("id = \"n{i}\"\ntitle = \"New {i}\"\n"))
        .collect();
    let mut files = vec![
        BatchFile {
            path: kept_path.clone(),
            text: Some("id = \"kept\"\ntitle = \"New\"\n"),
            expected: Some(kept),
        },
        BatchFile {
            path: gone_path.clone(),
            text: None,
            expected: Some(gone),
        },
    ];
    for (i, t) in texts.iter().enumerate() {
        files.push(BatchFile {
            path: study_path(dir.path(), &format!("n{i}")).unwrap(),
            text: Some(t),
            expected: None,
        });
    }
    let before = names(dir.path());
    // The 30th rename fails: 29 files were renamed or removed by then.
    let err = write_batch_via(&files, |i| {
        if i == 30 {
            Err(io::Error::other("disk gone"))
        } else {
            Ok(())
        }
    })
    .unwrap_err();
    assert_eq!(err.index, 30);
    assert!(err.error.to_string().contains("disk gone"), "{}", err.error);
    assert_eq!(names(dir.path()), before, "no new file, no temporary file");
    assert_eq!(fs::read_to_string(&kept_path).unwrap(), kept);
    assert_eq!(fs::read_to_string(&gone_path).unwrap(), gone);
    // The same batch without the fault writes every file.
    drop(write_batch(&files).unwrap());
    assert_eq!(names(dir.path()).len(), 41);
    assert!(!gone_path.exists());
    assert!(fs::read_to_string(&kept_path).unwrap().contains("New"));
}

#[test]
fn a_batch_whose_file_appeared_writes_nothing() {
    let dir = review_dir();
    let texts: Vec<String> = (0..20)
        .map(|i| format!("id = \"n{i}\"\ntitle = \"New {i}\"\n"))
        .collect();
    let files: Vec<BatchFile> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| BatchFile {
            path: study_path(dir.path(), &format!("n{i}")).unwrap(),
            text: Some(t),
            expected: None,
        })
        .collect();
    // A co-author's n12 appeared after the caller looked.
    fs::write(&files[12].path, "theirs").unwrap();
    let err = write_batch(&files).unwrap_err();
    assert_eq!(err.index, 12);
    assert!(matches!(err.error, SaveError::Exists { .. }));
    assert_eq!(names(dir.path()), vec!["n12.toml".to_string()]);
    assert_eq!(fs::read_to_string(&files[12].path).unwrap(), "theirs");
}

/// The items of a streamed creation: odd ones are set aside.
fn streamed(dir: &Path, i: &usize) -> Made<String> {
    if i % 2 == 1 {
        return Err(format!("odd {i}"));
    }
    let path = study_path(dir, &format!("n{i}")).ok_or("bad id")?;
    Ok((path, format!("id = \"n{i}\"\ntitle = \"New {i}\"\n")))
}

#[test]
fn a_streamed_creation_writes_all_or_nothing_and_sets_items_aside() {
    let dir = review_dir();
    let items: Vec<usize> = (0..80).collect();
    let studies = dir.path().join(STUDIES_DIR);
    // The rename of item 50 fails: the 25 files renamed before it are
    // taken back, and no temporary file is left.
    let err = create_all_via(
        &studies,
        &items,
        |i| streamed(dir.path(), i),
        |i| {
            if i == 50 {
                Err(io::Error::other("disk gone"))
            } else {
                Ok(())
            }
        },
    )
    .unwrap_err();
    assert_eq!(err.index, 50);
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    // A file that appeared stops everything: it is never replaced, and the
    // files renamed before it (on Linux; elsewhere none is) are taken back.
    fs::write(studies.join("n62.toml"), "theirs").unwrap();
    let err = create_all(&studies, &items, |i| streamed(dir.path(), i)).unwrap_err();
    assert_eq!(err.index, 62);
    assert!(matches!(err.error, SaveError::Exists { .. }));
    assert_eq!(names(dir.path()), vec!["n62.toml".to_string()]);
    assert_eq!(
        fs::read_to_string(studies.join("n62.toml")).unwrap(),
        "theirs"
    );
    // Without it, every even item is written and every odd one set aside.
    fs::remove_file(studies.join("n62.toml")).unwrap();
    let aside = create_all(&studies, &items, |i| streamed(dir.path(), i)).unwrap();
    assert_eq!(aside.len(), 80);
    for (i, a) in aside.iter().enumerate() {
        assert_eq!(a.clone(), (i % 2 == 1).then(|| format!("odd {i}")));
    }
    assert_eq!(names(dir.path()).len(), 40);
    assert_eq!(
        fs::read_to_string(studies.join("n42.toml")).unwrap(),
        "id = \"n42\"\ntitle = \"New 42\"\n"
    );
}

#[test]
fn save_study_text_writes_exact_text_and_checks_the_base() {
    let dir = review_dir();
    let review = Review::default();
    let text = "id = \"a-2020\"  # kept\ntitle = \"A\"\ncustom = 1\n";
    let e = save_study_text(dir.path(), &review, "a-2020", text, None).unwrap();
    assert_eq!(e.study.title, "A");
    let path = study_path(dir.path(), "a-2020").unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    // A second create is refused; a stale base is a conflict.
    assert!(matches!(
        save_study_text(dir.path(), &review, "a-2020", text, None),
        Err(SaveError::Exists { .. })
    ));
    assert!(matches!(
        save_study_text(dir.path(), &review, "a-2020", text, Some("old")),
        Err(SaveError::Conflict { .. })
    ));
    // Invalid text and a mismatched id are refused before touching the disk.
    assert!(matches!(
        save_study_text(dir.path(), &review, "a-2020", "id = 3", Some(text)),
        Err(SaveError::Invalid { .. })
    ));
    assert!(matches!(
        save_study_text(dir.path(), &review, "b-2020", text, None),
        Err(SaveError::Invalid { .. })
    ));
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn permute_puts_every_element_where_the_order_says() {
    // Fixed points, 2-cycles and a long cycle; and every rotation of 0..7.
    let cases: Vec<Vec<usize>> = vec![
        vec![],
        vec![0],
        vec![1, 0],
        vec![0, 2, 1, 3],
        vec![3, 0, 1, 2, 5, 4],
        vec![4, 3, 2, 1, 0],
    ];
    let rotations = (0..7).map(|k| (0..7).map(|i| (i + k) % 7).collect());
    for order in cases.into_iter().chain(rotations) {
        let mut v: Vec<String> = (0..order.len()).map(|i| format!("s{i}")).collect();
        let want: Vec<String> = order.iter().map(|&i| format!("s{i}")).collect();
        permute(&mut v, order.clone());
        assert_eq!(v, want, "{order:?}");
    }
}

#[test]
fn a_study_shorter_than_the_one_before_reads_as_itself() {
    // The loader reads every file into one reused buffer.
    let dir = review_dir();
    let long = "long title ".repeat(400);
    let long = long.trim_end();
    fs::write(
        dir.path().join(STUDIES_DIR).join("a.toml"),
        format!("id = \"a\"\ntitle = \"{long}\"\n"),
    )
    .unwrap();
    fs::write(
        dir.path().join(STUDIES_DIR).join("b.toml"),
        "id = \"b\"\ntitle = \"Short\"\n",
    )
    .unwrap();
    for loaded in [load(dir.path()).unwrap(), load_indexed(dir.path()).unwrap()] {
        let titles: Vec<&str> = loaded.studies().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, [long, "Short"]);
        assert!(
            loaded
                .problems
                .iter()
                .all(|p| !p.message.contains("cannot read"))
        );
    }
    assert_eq!(
        load(dir.path()).unwrap().studies[1].source,
        "id = \"b\"\ntitle = \"Short\"\n",
        "the text kept is the file's, not what the buffer held before"
    );
}

/// The id of a process that has ended (and was reaped).
#[cfg(unix)]
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[cfg(unix)]
#[test]
fn temporary_files_of_a_process_that_is_gone_are_removed_and_no_others() {
    let dir = review_dir();
    let studies = dir.path().join(STUDIES_DIR);
    let host = scan::host_tag();
    let dead = dead_pid();
    // A killed import's files; a live process's; another machine's; an
    // older litrev's (no process id); a study.
    let orphan = format!("{TEMP_PREFIX}{dead}-{host}-a1B2c3.tmp");
    let live = format!("{TEMP_PREFIX}1-{host}-d4E5f6.tmp");
    let elsewhere = format!("{TEMP_PREFIX}{dead}-ffffffff-g7H8i9.tmp");
    let old = format!("{TEMP_PREFIX}j1K2l3.tmp");
    for n in [&orphan, &live, &elsewhere, &old] {
        fs::write(studies.join(n), "id = \"half").unwrap();
    }
    fs::write(studies.join("a.toml"), "id = \"a\"\ntitle = \"A\"\n").unwrap();
    let mine = temp_with(&studies.join("b.toml"), b"x").unwrap();
    // And the trash folder of an undo killed before it emptied it.
    let trash = studies.join(format!("{TEMP_PREFIX}{dead}-{host}-trash-m4N5o6"));
    fs::create_dir(&trash).unwrap();
    fs::write(trash.join("0.toml"), "id = \"gone\"\n").unwrap();
    assert_eq!(scan::remove_orphan_temp_files(&studies), 2);
    assert!(!trash.exists());
    let left = names(dir.path());
    assert!(!left.contains(&orphan), "{left:?}");
    for n in [&live, &elsewhere, &old] {
        assert!(left.contains(n), "{n} kept: {left:?}");
    }
    assert!(left.contains(&"a.toml".to_string()));
    assert!(mine.path().exists(), "this process's own file is kept");
    // A save removes them too.
    fs::write(studies.join(&orphan), "id = \"half").unwrap();
    save_one_new_study(dir.path());
    assert!(!names(dir.path()).contains(&orphan));
}

/// A save of one new study through the batch saver.
#[cfg(unix)]
fn save_one_new_study(root: &Path) {
    let path = study_path(root, "c").unwrap();
    drop(
        write_batch(&[BatchFile {
            path,
            text: Some("id = \"c\"\ntitle = \"C\"\n"),
            expected: None,
        }])
        .unwrap(),
    );
}

#[test]
fn a_temporary_file_names_the_process_that_writes_it() {
    let dir = review_dir();
    let t = temp_with(&dir.path().join(STUDIES_DIR).join("x.toml"), b"x").unwrap();
    let name = t.path().file_name().unwrap().to_string_lossy().into_owned();
    let want = format!("{TEMP_PREFIX}{}-{}-", std::process::id(), scan::host_tag());
    assert!(name.starts_with(&want), "{name}");
    assert!(name.ends_with(".tmp"), "{name}");
}

#[test]
fn a_batch_of_many_removals_moves_them_aside_and_takes_them_back_on_failure() {
    let dir = review_dir();
    let texts: Vec<String> = (0..40)
        .map(|i| format!("id = \"n{i}\"\ntitle = \"Old {i}\"\n"))
        .collect();
    for (i, t) in texts.iter().enumerate() {
        fs::write(study_path(dir.path(), &format!("n{i}")).unwrap(), t).unwrap();
    }
    let files: Vec<BatchFile> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| BatchFile {
            path: study_path(dir.path(), &format!("n{i}")).unwrap(),
            text: None,
            expected: Some(t),
        })
        .collect();
    let before = names(dir.path());
    // The 25th removal fails: the 24 moved aside come back, no folder left.
    let err = write_batch_via(&files, |i| {
        if i == 25 {
            Err(io::Error::other("disk gone"))
        } else {
            Ok(())
        }
    })
    .unwrap_err();
    assert_eq!(err.index, 25);
    assert_eq!(names(dir.path()), before);
    for (i, t) in texts.iter().enumerate() {
        assert_eq!(&fs::read_to_string(&files[i].path).unwrap(), t);
    }
    // Without the fault: every file goes; the trash holds them until it
    // is emptied.
    let trash = write_batch(&files).unwrap();
    let left = names(dir.path());
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].starts_with(TEMP_PREFIX) && left[0].contains("trash"));
    // The loader does not list this process's own trash as a problem.
    let loaded = load(dir.path()).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    drop(trash);
    assert!(names(dir.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn temporary_files_a_killed_write_left_in_the_screening_folders_go_too() {
    let dir = review_dir();
    let orphan = format!(
        "{TEMP_PREFIX}{}-{}-p7Q8r9.tmp",
        dead_pid(),
        scan::host_tag()
    );
    for d in ["searches", "screening"] {
        fs::create_dir_all(dir.path().join(d)).unwrap();
        fs::write(dir.path().join(d).join(&orphan), "half an export").unwrap();
    }
    // Opening the review removes them.
    assert_eq!(remove_orphans(dir.path()), 2);
    for d in ["searches", "screening"] {
        assert!(!dir.path().join(d).join(&orphan).exists(), "{d}");
    }
    // And so does the next write into the folder (a decisions file).
    let screening = dir.path().join("screening");
    fs::write(screening.join(&orphan), "half a decisions file").unwrap();
    write_atomic(&screening.join("AB.tsv"), b"key\tstage\n").unwrap();
    assert!(!screening.join(&orphan).exists());
    assert!(screening.join("AB.tsv").exists());
}

/// `tally` loads without the appraisals, `appraisal` and `agreement` with
/// little else: every problem of every load (a
/// broken appraisal's at its line and column among them) is still found,
/// on the loader's threads, and the studies are those of a full load
/// without their appraisals.
#[test]
fn a_load_without_appraisals_finds_every_problem_of_a_full_load() {
    let dir = tempfile::tempdir().unwrap();
    // More files than one loader thread takes, so that several read them.
    synth::write_review_appraised(dir.path(), 300).unwrap();
    let studies = dir.path().join(STUDIES_DIR);
    let broken = [
        // An answer off the scale, kept verbatim and reported.
        (
            "zz-offscale",
            "id = \"zz-offscale\"\nref = 9001\ntitle = \"T\"\nauthors = [\"Lee, A\"]\nyear = 2020\n\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"AB\"\nanswers = { d1 = \"lowish\", d2 = \"low\", d3 = \"low\", d4 = \"low\", d5 = \"low\" }\n",
        ),
        // An unknown instrument, and an overall below the worst domain.
        (
            "zz-unknown",
            "id = \"zz-unknown\"\ntitle = \"U\"\n\n[[appraisals]]\ninstrument = \"nope\"\nreviewer = \"AB\"\n\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"CD\"\nanswers = { d1 = \"high\", d2 = \"low\", d3 = \"low\", d4 = \"low\", d5 = \"low\" }\noverall = \"low\"\n",
        ),
        // A ref another study uses, and no authors (a warning).
        (
            "zz-sameref",
            "id = \"zz-sameref\"\nref = 1\ntitle = \"S\"\n",
        ),
    ];
    for (id, text) in broken {
        fs::write(studies.join(format!("{id}.toml")), text).unwrap();
    }
    let full = load_fingerprinted(dir.path()).unwrap();
    let without = load_without_appraisals(dir.path()).unwrap();
    let text = load(dir.path()).unwrap();
    assert_eq!(without.problems, full.problems);
    assert_eq!(text.problems, full.problems);
    let says = |what: &str| full.problems.iter().any(|p| p.message.contains(what));
    assert!(says("\"lowish\" is not an answer"), "{:?}", full.problems);
    assert!(says("unknown instrument \"nope\""));
    assert!(says("below the worst domain"));
    assert!(says("ref 1 is also used by"));
    let offscale = full
        .problems
        .iter()
        .find(|p| p.message.contains("lowish"))
        .unwrap();
    assert_eq!((offscale.line, offscale.col), (10, 18));
    // The answer is kept as written.
    let kept = full
        .studies()
        .find(|s| s.id == "zz-offscale")
        .and_then(|s| s.appraisals[0].answers.first())
        .map(|(_, v)| v.to_string());
    assert_eq!(kept.as_deref(), Some("lowish"));
    assert_eq!(without.studies.len(), full.studies.len());
    assert!(
        full.studies()
            .all(|s| !s.appraisals.is_empty() || s.id == "zz-sameref")
    );
    // `appraisal` and `agreement`: the same problems, the studies in the
    // same order with what those commands read.
    for citing in [true, false] {
        let for_appraisals = load_for_appraisals(dir.path(), citing).unwrap();
        assert_eq!(for_appraisals.problems, full.problems);
        assert_eq!(for_appraisals.studies.len(), full.studies.len());
        for (a, b) in full.studies().zip(for_appraisals.studies()) {
            assert_eq!((&b.id, b.reference), (&a.id, a.reference));
            assert_eq!(b.appraisals, a.appraisals);
            if citing {
                assert_eq!((&b.authors, b.year), (&a.authors, a.year));
                assert_eq!(b.short_citation(), a.short_citation());
            }
            assert!(b.title.is_empty() && b.extraction.is_empty() && b.tags.is_empty());
        }
    }
    for (a, b) in full.studies().zip(without.studies()) {
        assert!(b.appraisals.is_empty());
        let a = Study {
            appraisals: Vec::new(),
            ..a.clone()
        };
        assert_eq!(&a, b);
    }
}

/// `tally` without `--search`: the same problems as a full load (a DOI
/// two studies share among them, found after the studies are trimmed), and
/// each study keeps exactly what counting, filtering and citing read.
#[test]
fn a_load_for_counting_finds_every_problem_and_keeps_what_a_count_reads() {
    let dir = tempfile::tempdir().unwrap();
    synth::write_review_appraised(dir.path(), 300).unwrap();
    let studies = dir.path().join(STUDIES_DIR);
    let full_record = "id = \"zz-full\"\nref = 9001\ntitle = \"T\"\nauthors = [\"Lee, A\"]\nyear = 2020\njournal = \"J\"\nvolume = \"3\"\nissue = 2\npages = \"1-9\"\ndoi = \"10.1/same\"\npmid = 12\nurl = \"https://x\"\ndesign = \"rct\"\ntags = [\"a\"]\nkeywords = [\"k\"]\nnotes = \"n\"\nabstract = \"ab\"\nissn = \"1234-5678\"\n\n[extraction]\ncountry = \"Norway\"\n\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"AB\"\nanswers = { d1 = \"low\", d2 = \"low\", d3 = \"low\", d4 = \"low\", d5 = \"low\" }\n";
    fs::write(studies.join("zz-full.toml"), full_record).unwrap();
    fs::write(
        studies.join("zz-twin.toml"),
        "id = \"zz-twin\"\ntitle = \"T2\"\ndoi = \"https://doi.org/10.1/SAME\"\n",
    )
    .unwrap();
    let full = load_fingerprinted(dir.path()).unwrap();
    assert!(
        full.problems
            .iter()
            .any(|p| p.message.contains("10.1/same")),
        "{:?}",
        full.problems
    );
    for appraisals in [true, false] {
        let counted = load_for_counting(dir.path(), appraisals).unwrap();
        assert_eq!(counted.problems, full.problems);
        assert_eq!(counted.studies.len(), full.studies.len());
        for (a, b) in full.studies().zip(counted.studies()) {
            let kept = Study {
                id: a.id.clone(),
                reference: a.reference,
                ref_shared: a.ref_shared,
                title: a.title.clone(),
                authors: a.authors.clone(),
                year: a.year,
                doi: a.doi.clone(),
                design: a.design.clone(),
                tags: a.tags.clone(),
                extraction: a.extraction.clone(),
                appraisals: if appraisals {
                    a.appraisals.clone()
                } else {
                    Vec::new()
                },
                ..Study::default()
            };
            assert_eq!(b, &kept);
        }
    }
}
