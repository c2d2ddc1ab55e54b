//! Importing from the terminal interface (`i`): the path prompt with Tab
//! completion, the preview of the import plan, the design and tag for the
//! batch, and the whole import written, undone and redone as one step.

mod tui_support;

use insta::assert_snapshot;
use litrev::tui::Mode;
use tui_support::*;

/// A PubMed export with three new records (one with an escape sequence in
/// its title), a duplicate of the example's adams-2022 and a bad record.
const FIXTURE: &str = "tests/fixtures/import-tui.nbib";

const NEW: [&str; 3] = ["smith-2019", "okafor-2021", "nguyen-2023"];

fn message(app: &litrev::tui::App) -> String {
    app.message().map(|m| m.text.clone()).unwrap_or_default()
}

#[test]
fn path_prompt_completes_with_tab() {
    let dir = example_copy();
    let mut app = open(dir.path(), 100, 30);
    keys(&mut app, "i");
    assert_eq!(app.mode(), Mode::Import);
    // Relative to the working folder (cargo runs tests in the package).
    type_text(&mut app, "tests/fixtures/interop/zo");
    keys(&mut app, "tab");
    assert_snapshot!(screen(&app, 100, 30));
    // One more letter and Tab fills in the one match.
    type_text(&mut app, "r");
    keys(&mut app, "tab");
    let s = screen(&app, 100, 30);
    assert!(s.contains("File tests/fixtures/interop/zotero.ris "), "{s}");
    assert!(!s.contains("zotero.bib"), "{s}");
}

#[test]
fn an_unreadable_path_is_said_in_the_prompt() {
    let dir = example_copy();
    let mut app = open(dir.path(), 100, 30);
    keys(&mut app, "i");
    type_text(&mut app, "tests/fixtures/no-such-file.ris");
    keys(&mut app, "enter");
    let s = screen(&app, 100, 30);
    assert!(
        s.contains("tests/fixtures/no-such-file.ris: No such file"),
        "{s}"
    );
    assert_eq!(app.mode(), Mode::Import, "the prompt stays open");
    keys(&mut app, "esc");
    assert_eq!(app.mode(), Mode::Normal);
}

#[test]
fn preview_shows_new_duplicates_and_bad_records() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "i");
    type_text(&mut app, FIXTURE);
    keys(&mut app, "enter");
    let s = screen(&app, 120, 35);
    assert!(
        !s.contains('\u{1b}'),
        "the escape in a title never reaches the screen"
    );
    assert_snapshot!(s);
    // Nothing is written by the preview.
    for id in NEW {
        assert!(study_file(dir.path(), id).is_none(), "{id}");
    }
}

#[test]
fn import_writes_every_new_study_and_u_takes_the_whole_import_back() {
    let dir = example_copy();
    let before = std::fs::read_dir(dir.path().join("studies"))
        .unwrap()
        .count();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "i");
    type_text(&mut app, FIXTURE);
    keys(&mut app, "enter");
    // The design: → goes from "not classified" to the taxonomy's first
    // design (qualitative), then a tag for the batch.
    keys(&mut app, "right tab");
    type_text(&mut app, "pubmed-2026");
    keys(&mut app, "enter");
    assert_eq!(app.mode(), Mode::Normal);
    assert!(
        message(&app).starts_with("Imported 3 studies (1 duplicate skipped)"),
        "{}",
        message(&app)
    );
    let written: Vec<String> = NEW
        .iter()
        .map(|id| study_file(dir.path(), id).unwrap_or_else(|| panic!("{id} written")))
        .collect();
    for text in &written {
        assert!(text.contains("design = \"qualitative\""), "{text}");
        assert!(text.contains("tags = [\"pubmed-2026\"]"), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
    }
    assert!(
        written[0].contains("Exercise after stroke"),
        "{}",
        written[0]
    );
    assert_eq!(app.session().history_len(), (1, 0), "one step");
    // The suggested design (rct for the trial) was shown, not applied.
    assert!(!written[0].contains("design = \"rct\""));

    keys(&mut app, "u");
    for id in NEW {
        assert!(study_file(dir.path(), id).is_none(), "{id} removed by undo");
    }
    assert_eq!(
        std::fs::read_dir(dir.path().join("studies"))
            .unwrap()
            .count(),
        before,
        "no file left behind"
    );
    assert!(app.session().entry("smith-2019").is_none());

    keys(&mut app, "ctrl-r");
    for (id, text) in NEW.iter().zip(&written) {
        assert_eq!(study_file(dir.path(), id).as_ref(), Some(text), "{id} back");
    }
    assert!(app.session().entry("okafor-2021").is_some());
}

#[test]
fn a_file_with_only_duplicates_imports_nothing() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "i");
    type_text(&mut app, FIXTURE);
    keys(&mut app, "enter enter");
    // The same file again: every record is now a duplicate or bad.
    keys(&mut app, "i");
    type_text(&mut app, FIXTURE);
    keys(&mut app, "enter");
    assert!(screen(&app, 120, 35).contains("0 new studies"));
    keys(&mut app, "enter");
    assert!(
        message(&app).starts_with("nothing to import"),
        "{}",
        message(&app)
    );
    assert_eq!(app.session().history_len(), (1, 0));
}

#[test]
fn help_in_the_import_overlay_lists_its_keys() {
    let dir = example_copy();
    let mut app = open(dir.path(), 100, 40);
    keys(&mut app, "?");
    let s = screen(&app, 100, 40);
    assert!(
        s.contains("import a reference file"),
        "normal help names i:\n{s}"
    );
    keys(&mut app, "esc i f1");
    let s = screen(&app, 100, 40);
    assert!(s.contains("Keys in import mode"), "{s}");
    assert!(s.contains("Tab completes files and folders"), "{s}");
    keys(&mut app, "esc");
    assert_eq!(
        app.mode(),
        Mode::Import,
        "closing help goes back to the prompt"
    );
}

#[test]
fn a_crossref_cycle_and_implausible_years_import_from_the_terminal_too() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "i");
    type_text(&mut app, "tests/fixtures/interop/bib-self-crossref.bib");
    keys(&mut app, "enter");
    let s = screen(&app, 120, 35);
    assert!(s.contains("2 new studies"), "{s}");
    assert!(s.contains("1 warning (read; check these)"), "{s}");
    assert!(s.contains("crossref cycle (loop → loop)"), "{s}");
    keys(&mut app, "enter");
    assert!(
        message(&app).starts_with("Imported 2 studies"),
        "{}",
        message(&app)
    );
    keys(&mut app, "i");
    type_text(&mut app, "tests/fixtures/interop/years.ris");
    keys(&mut app, "enter");
    let s = screen(&app, 120, 35);
    assert!(s.contains("year 1773 is not one a study file takes"), "{s}");
    keys(&mut app, "enter");
    assert!(
        message(&app).starts_with("Imported 3 studies"),
        "{}",
        message(&app)
    );
    let mozart = study_file(dir.path(), "mozart-1773").expect("written");
    assert!(mozart.contains("year_as_written = \"1773\""), "{mozart}");
}
