//! The derived cache of the searches' records (`.litrev/screening-cache`)
//! and the abstracts read where they are kept: a screen opened from the
//! cache sees exactly what reading the exports gives; a cache that does not
//! match the exports as they are now, or that is damaged, is ignored and
//! made again; the record on screen shows its whole abstract.

mod tui_support;

use std::path::Path;

use litrev::screening::Screening;
use litrev::screening::records::cache::{self, From, Use};
use litrev::store;
use litrev::tui::{App, Keymap, update};
use tui_support::screen;

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn add(dir: &Path, file: &Path, db: &str) -> bool {
    litrev::screening::add::add(
        dir,
        file,
        &litrev::screening::add::Request {
            database: db,
            date: "2026-11-02",
            query: None,
            register: false,
        },
    )
    .is_ok()
}

/// A review with the screening fixtures' three exports (MEDLINE, RIS and
/// CSV, duplicates across them).
fn review() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("review.toml"),
        "format = 1\ntitle = \"Alliance\"\n\n[screening]\nreviewers = [\"AB\", \"MU\"]\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("studies")).unwrap();
    for (f, db) in [
        ("screening/medline.nbib", "MEDLINE"),
        ("screening/embase.ris", "Embase"),
        ("screening/cinahl.csv", "CINAHL"),
    ] {
        assert!(add(dir.path(), &fixtures().join(f), db), "{f}");
    }
    dir
}

/// Everything opening gives, to compare two opens.
fn summary(s: &Screening) -> String {
    let mut index: Vec<_> = s.index.iter().collect();
    index.sort();
    let abstracts: Vec<Option<String>> = (0..s.records.len()).map(|r| s.abstract_of(r)).collect();
    let studies: Vec<_> = (0..s.records.len()).map(|r| s.full_study(r)).collect();
    format!(
        "{:#?}\n{index:?}\n{:?}\n{:?}\n{} {}\n{:?}\n{abstracts:#?}\n{studies:#?}",
        s.records,
        s.possible,
        s.reads,
        s.identified,
        s.merged_by_hand,
        s.sorted_problems(),
    )
}

#[test]
fn the_cache_gives_what_reading_the_exports_gives() {
    let dir = review();
    let root = dir.path();
    let plain = Screening::open_with(root, Use::Off).unwrap();
    assert_eq!(plain.from_cache, From::Exports);
    assert!(
        !cache::path(root).exists(),
        "no cache written when told not to"
    );
    let first = Screening::open_with(root, Use::ReadWrite).unwrap();
    assert_eq!(first.from_cache, From::ExportsCached);
    assert!(cache::path(root).is_file());
    let second = Screening::open_with(root, Use::ReadWrite).unwrap();
    assert_eq!(second.from_cache, From::Cache);
    assert!(second.texts.on_disk(), "abstracts are read from the cache");
    // ... and once written, read by the commands too.
    let third = Screening::open(root).unwrap();
    assert_eq!(third.from_cache, From::Cache);
    assert_eq!(summary(&third), summary(&plain));
    let want = summary(&plain);
    assert_eq!(summary(&first), want);
    assert_eq!(summary(&second), want);
    assert!(
        plain.records.iter().any(|r| r.text.is_some()),
        "the fixtures have abstracts"
    );
    // The folder keeps itself out of git.
    let ignore = std::fs::read_to_string(root.join(".litrev/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
}

#[test]
fn every_reader_s_records_come_back_from_the_cache_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("review.toml"), "format = 1\ntitle = \"All\"\n").unwrap();
    let mut added = 0;
    for entry in std::fs::read_dir(fixtures().join("interop")).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() && add(root, &p, "DB") {
            added += 1;
        }
    }
    assert!(added > 20, "{added} exports added");
    let plain = Screening::open_with(root, Use::Off).unwrap();
    let first = Screening::open_with(root, Use::ReadWrite).unwrap();
    let second = Screening::open_with(root, Use::ReadWrite).unwrap();
    let want = summary(&plain);
    assert_eq!(summary(&first), want);
    assert_eq!(summary(&second), want);
    // Every reader's fields are kept by the cache.
    assert_eq!(first.from_cache, From::ExportsCached);
    assert_eq!(second.from_cache, From::Cache);
}

#[test]
fn a_changed_export_or_duplicate_decision_makes_the_cache_again() {
    let dir = review();
    let root = dir.path();
    Screening::open_with(root, Use::ReadWrite).unwrap();
    assert_eq!(
        Screening::open_with(root, Use::ReadWrite)
            .unwrap()
            .from_cache,
        From::Cache
    );
    // A record appended to an export (check reports the change; the
    // screen must count what the file holds now, not what was cached).
    let ris = root.join("searches").join(
        std::fs::read_dir(root.join("searches"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .find(|n| n.ends_with(".ris"))
            .unwrap(),
    );
    let before = Screening::open_with(root, Use::ReadWrite)
        .unwrap()
        .records
        .len();
    let mut text = std::fs::read_to_string(&ris).unwrap();
    text.push_str("\nTY  - JOUR\nTI  - A record added after the cache was made\nAU  - Later, A.\nPY  - 2025\nAB  - Its abstract.\nER  - \n");
    std::fs::write(&ris, text).unwrap();
    let after = Screening::open_with(root, Use::ReadWrite).unwrap();
    assert_eq!(after.from_cache, From::ExportsCached);
    assert_eq!(after.records.len(), before + 1);
    assert_eq!(
        summary(&after),
        summary(&Screening::open_with(root, Use::Off).unwrap())
    );
    assert_eq!(
        Screening::open_with(root, Use::ReadWrite)
            .unwrap()
            .from_cache,
        From::Cache
    );
    // A reviewer's answer about a pair of records changes the merge.
    let p = &after.possible[0];
    let (a, b) = (&after.records[p.a].key, &after.records[p.b].key);
    std::fs::create_dir_all(root.join("screening")).unwrap();
    std::fs::write(
        root.join("screening/duplicates.tsv"),
        format!(
            "key\tother\tdecision\tmatch\treviewer\ttime\n{a}\t{b}\tsame\t{}\tAB\t2026-11-03T10:00:00Z\n",
            p.why
        ),
    )
    .unwrap();
    let merged = Screening::open_with(root, Use::ReadWrite).unwrap();
    assert!(
        !merged
            .problems
            .iter()
            .any(|p| p.path.ends_with("duplicates.tsv")),
        "{:?}",
        merged.problems
    );
    assert_eq!(merged.from_cache, From::ExportsCached);
    assert_eq!(merged.merged_by_hand, 1);
    assert_eq!(merged.records.len(), after.records.len() - 1);
    assert_eq!(
        summary(&merged),
        summary(&Screening::open_with(root, Use::Off).unwrap())
    );
}

#[test]
fn a_damaged_cache_is_ignored_and_made_again() {
    let dir = review();
    let root = dir.path();
    let want = summary(&Screening::open_with(root, Use::Off).unwrap());
    Screening::open_with(root, Use::ReadWrite).unwrap();
    let path = cache::path(root);
    let good = std::fs::read(&path).unwrap();
    let mut damaged: Vec<(&str, Vec<u8>)> = Vec::new();
    // One byte changed in the records, one in the abstracts.
    for (what, at) in [("records", good.len() / 4), ("abstracts", good.len() - 40)] {
        let mut b = good.clone();
        b[at] ^= 0x55;
        damaged.push((what, b));
    }
    damaged.push(("cut short", good[..good.len() / 2].to_vec()));
    damaged.push(("empty", Vec::new()));
    damaged.push(("not a cache", b"key\tstage\n".to_vec()));
    for (what, bytes) in damaged {
        std::fs::write(&path, &bytes).unwrap();
        let s = Screening::open_with(root, Use::ReadWrite).unwrap();
        assert_eq!(s.from_cache, From::ExportsCached, "{what}");
        assert_eq!(summary(&s), want, "{what}");
        assert_eq!(std::fs::read(&path).unwrap(), good, "{what}: made again");
    }
}

#[test]
fn the_record_on_screen_shows_its_whole_abstract_read_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("review.toml"), "format = 1\ntitle = \"T\"\n").unwrap();
    std::fs::create_dir(root.join("studies")).unwrap();
    let long = "Background: alliance matters. ".repeat(12) + "The last words of the abstract.";
    let ris = format!(
        "TY  - JOUR\r\nTI  - The one record with a long abstract\r\nAU  - Hall, A.\r\nPY  - 2020\r\nAB  - {long}\r\nDO  - 10.1/one\r\nER  - \r\n"
    );
    let file = root.join("one.ris");
    std::fs::write(&file, ris).unwrap();
    assert!(add(root, &file, "Embase"));
    // Opened twice: the second time from the cache.
    Screening::open_with(root, Use::ReadWrite).unwrap();
    let s = Screening::open_with(root, Use::ReadWrite).unwrap();
    assert_eq!(s.from_cache, From::Cache);
    assert_eq!(s.records[0].study.r#abstract, None, "not held in memory");
    assert_eq!(s.abstract_of(0).as_deref(), Some(long.as_str()));
    let mut app = App::new(store::load(root).unwrap(), false, Keymap::defaults());
    update(&mut app, litrev::tui::Action::Resize(80, 40));
    litrev::tui::screening::update::open(
        &mut app,
        Some("AB"),
        litrev::screening::Stage::TitleAbstract,
        true,
    );
    let text = screen(&app, 80, 40).replace('\n', " ");
    let words: Vec<&str> = text.split_whitespace().collect();
    let shown = words.join(" ");
    assert!(shown.contains("Background: alliance matters."), "{text}");
    assert!(shown.contains("The last words of the abstract."), "{text}");
}

#[test]
fn search_add_leaves_the_cache_the_screen_opens_from() {
    // `litrev search add` makes the cache of the exports as they are after
    // the add, so the next screen opens from it instead of reading and
    // merging every export (the slow first open at 100 000 records).
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("review.toml"),
        "format = 1\ntitle = \"Alliance\"\n\n[screening]\nreviewers = [\"AB\", \"MU\"]\n",
    )
    .unwrap();
    std::fs::create_dir(root.join("studies")).unwrap();
    for (f, db) in [
        ("screening/medline.nbib", "MEDLINE"),
        ("screening/embase.ris", "Embase"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_litrev"))
            .args(["search", "add"])
            .arg(fixtures().join(f))
            .args(["--database", db, "--date", "2026-11-02", "--into"])
            .arg(root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(cache::path(root).exists(), "search add wrote the cache");
    let cached = Screening::open_with(root, Use::Read).unwrap();
    assert_eq!(cached.from_cache, From::Cache);
    let plain = Screening::open_with(root, Use::Off).unwrap();
    assert_eq!(summary(&cached), summary(&plain));
}
