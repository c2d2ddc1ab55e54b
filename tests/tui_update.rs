//! `update` driven by key presses, with no terminal: every action, the undo
//! chains with the files on disk checked, conflicts, `$EDITOR`, the keymap.

mod tui_support;

use litrev::manuscript::tally::By;
use litrev::tui::action::Column;
use litrev::tui::app::{Dialog, PagerKind};
use litrev::tui::{Action, App, Effect, Keymap, Mode, update};
use tui_support::*;

fn ids(app: &App) -> Vec<String> {
    app.visible_ids().iter().map(|s| s.to_string()).collect()
}

fn selected(app: &App) -> String {
    app.selected_study()
        .map(|s| s.id.clone())
        .unwrap_or_default()
}

// ------------------------------------------------------------ navigation

#[test]
fn navigation_keys_move_the_selection_and_keep_it_visible() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    let n = app.visible_ids().len();
    assert_eq!(n, 75);
    keys(&mut app, "j j down");
    assert_eq!(app.selected_row(), 3);
    keys(&mut app, "k up");
    assert_eq!(app.selected_row(), 1);
    keys(&mut app, "G");
    assert_eq!(app.selected_row(), n - 1);
    let (_, h) = app.size();
    assert!(app.offset() < n && app.offset() + (h as usize) >= n);
    keys(&mut app, "g");
    assert_eq!((app.selected_row(), app.offset()), (0, 0));
    keys(&mut app, "end");
    assert_eq!(app.selected_row(), n - 1);
    keys(&mut app, "home pagedown");
    let page = app.selected_row();
    assert!(page > 5, "a page is the visible rows: {page}");
    keys(&mut app, "pagedown pageup");
    assert_eq!(app.selected_row(), page);
    keys(&mut app, "g ctrl-d");
    assert_eq!(app.selected_row(), page / 2);
    keys(&mut app, "ctrl-u");
    assert_eq!(app.selected_row(), 0);
    keys(&mut app, "k");
    assert_eq!(app.selected_row(), 0, "stops at the top");
}

#[test]
fn mouse_wheel_and_click_select_rows() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    update(&mut app, Action::Scroll(3));
    assert_eq!(app.selected_row(), 3);
    update(&mut app, Action::Scroll(-3));
    assert_eq!(app.selected_row(), 0);
    // Row 0 is the header line, row 1 the table header, row 2 the first study.
    update(&mut app, Action::Click(10, 6));
    assert_eq!(app.selected_row(), 4);
    // A click outside the table changes nothing.
    update(&mut app, Action::Click(10, 33));
    assert_eq!(app.selected_row(), 4);
}

#[test]
fn detail_pane_scrolls_and_resets_on_a_new_selection() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "J J");
    assert_eq!(app.detail_scroll(), 6);
    keys(&mut app, "K");
    assert_eq!(app.detail_scroll(), 3);
    keys(&mut app, "j");
    assert_eq!(app.detail_scroll(), 0);
}

#[test]
fn resizing_keeps_the_selection_on_screen() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "G");
    update(&mut app, Action::Resize(60, 14));
    let last = app.visible_ids().len() - 1;
    assert_eq!(app.selected_row(), last);
    assert!(app.offset() > 60, "scrolled to the end: {}", app.offset());
    update(&mut app, Action::Resize(0, 0));
    update(&mut app, Action::Resize(200, 60));
    assert_eq!(app.selected_row(), last);
    let _ = screen(&app, 200, 60);
}

// ------------------------------------------------------------ search

#[test]
fn search_is_live_best_first_and_narrows_as_typed() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "/");
    assert_eq!(app.mode(), Mode::Search);
    let index = litrev::search::SearchIndex::new(app.studies());
    let all: Vec<String> = app.studies().map(|s| s.id.clone()).collect();
    let mut previous = usize::MAX;
    for (k, c) in "allianc".chars().enumerate() {
        type_text(&mut app, &c.to_string());
        let q: String = "allianc".chars().take(k + 1).collect();
        // Same hits, same order as a fresh search over everything.
        let expected: Vec<String> = index
            .search(&q)
            .iter()
            .map(|h| all[h.index].clone())
            .collect();
        assert_eq!(ids(&app), expected, "query {q}");
        assert!(ids(&app).len() <= previous);
        previous = ids(&app).len();
        assert_eq!(app.selected_row(), 0, "best match selected");
    }
    assert_eq!(app.query(), "allianc");
    assert!(previous < 75 && previous > 10);
    // Backspace widens again.
    keys(
        &mut app,
        "backspace backspace backspace backspace backspace backspace",
    );
    assert_eq!(app.query(), "a");
    type_text(&mut app, "llianc");
    assert_eq!(ids(&app).len(), previous);
    keys(&mut app, "enter");
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.query(), "allianc", "Enter keeps the search");
    keys(&mut app, "/ esc");
    assert_eq!(app.query(), "", "Esc clears it");
    assert_eq!(ids(&app).len(), 75);
    keys(&mut app, "/");
    type_text(&mut app, "tondel");
    keys(&mut app, "enter");
    assert_eq!(ids(&app)[0], "unsgaard-tondel-2021");
    keys(&mut app, "esc");
    assert_eq!(
        ids(&app).len(),
        75,
        "Esc in the table clears the search too"
    );
    assert_eq!(
        selected(&app),
        "unsgaard-tondel-2021",
        "the selection stays"
    );
}

#[test]
fn search_finds_identical_titles_separately() {
    let text = |id: &str| {
        format!("id = \"{id}\"\ntitle = \"Same title\"\nauthors = [\"Doe, J\"]\nyear = 2020\n")
    };
    let (a, b) = (text("doe-2020"), text("doe-2020b"));
    let dir = small_review(&[("doe-2020", &a), ("doe-2020b", &b)]);
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "/");
    type_text(&mut app, "same");
    assert_eq!(ids(&app), vec!["doe-2020", "doe-2020b"]);
}

// ------------------------------------------------------------ filter and sort

#[test]
fn filter_by_design_tag_year_and_judgement_combines_with_search() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    // The picker opens on the first group (qualitative): it selects its children.
    keys(&mut app, "f space");
    assert_eq!(ids(&app).len(), 22);
    assert!(app.filter().designs.contains("qualitative/patient"));
    // Unselecting a child unselects the parent.
    keys(&mut app, "j space");
    assert!(!app.filter().designs.contains("qualitative"));
    assert_eq!(ids(&app).len(), 10);
    keys(&mut app, "esc");
    assert_eq!(app.mode(), Mode::Normal);
    // Search inside the filter.
    keys(&mut app, "/");
    type_text(&mut app, "trust");
    keys(&mut app, "enter");
    let hits = ids(&app);
    assert!(!hits.is_empty() && hits.len() < 10);
    for id in &hits {
        let d = app.study(id).unwrap().design.clone().unwrap();
        assert!(
            d == "qualitative/physiotherapist" || d == "qualitative/mixed",
            "{d}"
        );
    }
    // One key clears everything.
    keys(&mut app, "c");
    assert_eq!(ids(&app).len(), 75);
    assert_eq!(app.query(), "");
    assert!(app.filter().is_empty());

    // Year range: type into the "from" and "to" rows.
    keys(&mut app, "f");
    let rows = 80;
    for _ in 0..rows {
        if matches!(app.mode(), Mode::Filter)
            && screen(&app, 120, 35).lines().any(|l| l.contains("▸  from"))
        {
            break;
        }
        keys(&mut app, "j");
    }
    type_text(&mut app, "2020");
    keys(&mut app, "j");
    type_text(&mut app, "2021");
    let years: Vec<i32> = ids(&app)
        .iter()
        .map(|id| app.study(id).unwrap().year.unwrap())
        .collect();
    assert!(!years.is_empty() && years.iter().all(|y| (2020..=2021).contains(y)));
    // Letters are refused in a year.
    type_text(&mut app, "a");
    assert!(app.message().unwrap().error);
    // Appraisal judgement: the row after "to" is the first judgement.
    keys(&mut app, "j space");
    let j = app.filter().judgements.iter().next().cloned().unwrap();
    let j = j.expect("the first judgement row is a judgement");
    assert!(
        !j.instrument.is_empty(),
        "judgements keep their instrument: {j}"
    );
    assert!(ids(&app).len() <= years.len());
    keys(&mut app, "c");
    assert!(app.filter().is_empty());
    assert_eq!(app.mode(), Mode::Filter, "clearing keeps the picker open");
    // Tags, above the judgements (the picker does not wrap round).
    for _ in 0..rows {
        if screen(&app, 120, 35)
            .lines()
            .any(|l| l.contains("▸  [ ] trust"))
        {
            break;
        }
        keys(&mut app, "k");
    }
    keys(&mut app, "space enter");
    assert!(!ids(&app).is_empty());
    for id in ids(&app) {
        assert!(app.study(&id).unwrap().tags.contains(&"trust".to_string()));
    }
}

#[test]
fn sort_by_column_and_repeat_to_reverse() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "s y");
    assert_eq!(app.sort(), Some((Column::Year, false)));
    let years: Vec<i32> = ids(&app)
        .iter()
        .map(|id| app.study(id).unwrap().year.unwrap())
        .collect();
    assert!(years.windows(2).all(|w| w[0] <= w[1]));
    keys(&mut app, "s y");
    assert_eq!(app.sort(), Some((Column::Year, true)));
    let years: Vec<i32> = ids(&app)
        .iter()
        .map(|id| app.study(id).unwrap().year.unwrap())
        .collect();
    assert!(years.windows(2).all(|w| w[0] >= w[1]));
    keys(&mut app, "s s");
    assert_eq!(app.sort(), Some((Column::Year, false)));
    keys(&mut app, "s t");
    let titles: Vec<String> = ids(&app)
        .iter()
        .map(|id| litrev::text::fold::fold(&app.study(id).unwrap().title))
        .collect();
    assert!(titles.windows(2).all(|w| w[0] <= w[1]));
    keys(&mut app, "s a s d s p s r");
    assert_eq!(app.sort(), Some((Column::Ref, false)));
    assert!(screen(&app, 120, 35).contains("Ref ▲"));
    keys(&mut app, "s esc");
    assert_eq!(app.mode(), Mode::Normal);
}

// ------------------------------------------------------------ the form

#[test]
fn edit_form_saves_only_the_changed_value() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    let before = study_file(dir.path(), &id).unwrap();
    keys(&mut app, "e");
    assert_eq!(app.mode(), Mode::Form);
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "A new title");
    keys(&mut app, "ctrl-s");
    assert_eq!(app.mode(), Mode::Normal);
    let after = study_file(dir.path(), &id).unwrap();
    let old_title = app_title_line(&before);
    assert_eq!(after, before.replace(&old_title, "title = \"A new title\""));
    assert_eq!(app.study(&id).unwrap().title, "A new title");
    // Searching finds the new title (the index was updated).
    keys(&mut app, "/");
    type_text(&mut app, "a new title");
    assert_eq!(ids(&app).first().map(String::as_str), Some(id.as_str()));
}

fn app_title_line(text: &str) -> String {
    text.lines()
        .find(|l| l.starts_with("title = "))
        .unwrap()
        .to_string()
}

#[test]
fn form_choices_numbers_and_lists_round_trip() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    keys(&mut app, "e");
    // Title, Authors, Year, Journal, DOI, Ref, Design.
    keys(&mut app, "tab tab tab tab tab tab");
    keys(&mut app, "home right");
    assert_eq!(
        app.form().unwrap().focused().unwrap().value(),
        "qualitative",
        "design is chosen from the taxonomy"
    );
    // Tags (one per line): add one.
    keys(&mut app, "tab end");
    keys(&mut app, "enter");
    type_text(&mut app, "new tag");
    // Notes, Country, Setting (a choice), Sample size (an integer).
    keys(&mut app, "tab tab tab right tab ctrl-u");
    type_text(&mut app, "12x");
    assert!(
        app.form()
            .unwrap()
            .message
            .as_deref()
            .unwrap()
            .contains("whole number")
    );
    keys(&mut app, "ctrl-s");
    assert_eq!(
        app.mode(),
        Mode::Normal,
        "{:?}",
        app.form().map(|f| &f.message)
    );
    let s = app.study(&id).unwrap().clone();
    assert_eq!(s.design.as_deref(), Some("qualitative"));
    assert!(s.tags.contains(&"new tag".to_string()));
    let text = study_file(dir.path(), &id).unwrap();
    assert!(text.contains("design = \"qualitative\""));
    assert!(text.contains("sample_size = 12"));
    assert!(text.contains("\"new tag\""));
}

#[test]
fn form_cancel_asks_only_when_something_changed() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "e esc");
    assert_eq!(app.mode(), Mode::Normal);
    keys(&mut app, "e");
    type_text(&mut app, "!");
    keys(&mut app, "esc");
    assert!(matches!(app.dialog(), Some(Dialog::ConfirmDiscard)));
    keys(&mut app, "n");
    assert_eq!(app.mode(), Mode::Form, "back to the form");
    keys(&mut app, "esc y");
    assert_eq!(app.mode(), Mode::Normal);
    assert!(app.form().is_none());
}

#[test]
fn closing_a_question_asked_over_help_over_the_form_leaves_them_as_they_were() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "e");
    type_text(&mut app, "!");
    update(&mut app, Action::Help);
    assert_eq!(app.mode(), Mode::Pager);
    update(&mut app, Action::Quit);
    assert!(matches!(app.dialog(), Some(Dialog::ConfirmQuit { .. })));
    update(&mut app, Action::Cancel);
    assert!(app.dialog().is_none());
    assert_eq!(app.mode(), Mode::Pager, "help is still open over the form");
    update(&mut app, Action::Close);
    assert_eq!(app.mode(), Mode::Form);
    assert!(app.form().unwrap().changed(), "the edit is kept");
    assert_eq!(app.base_mode(), Mode::Normal);
}

#[test]
fn form_validation_errors_block_the_save() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    let id = selected(&app);
    let before = study_file(dir.path(), &id).unwrap();
    keys(&mut app, "e tab tab ctrl-u");
    type_text(&mut app, "20");
    keys(&mut app, "ctrl-s");
    assert_eq!(app.mode(), Mode::Form);
    let f = app.form().unwrap();
    assert!(f.message.as_deref().unwrap().contains("not plausible"));
    assert!(f.focused().unwrap().error.is_some());
    // A title cannot be emptied; a ref cannot clash.
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "2020");
    keys(&mut app, "backtab backtab ctrl-u ctrl-s");
    assert!(
        app.form()
            .unwrap()
            .message
            .as_deref()
            .unwrap()
            .contains("title")
    );
    assert_eq!(
        study_file(dir.path(), &id).unwrap(),
        before,
        "nothing written"
    );
}

// ------------------------------------------------------------ add, delete, undo

#[test]
fn add_proposes_an_id_and_undo_redo_remove_and_restore_it() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "a");
    type_text(&mut app, "A brand new study");
    keys(&mut app, "tab");
    type_text(&mut app, "Søderstrøm, Siri");
    keys(&mut app, "tab");
    type_text(&mut app, "2021");
    assert_eq!(
        app.form().unwrap().value(&litrev::tui::form::FieldKey::Id),
        "soderstrom-2021"
    );
    keys(&mut app, "ctrl-s");
    assert_eq!(
        app.mode(),
        Mode::Normal,
        "{:?}",
        app.form().map(|f| &f.message)
    );
    let text = study_file(dir.path(), "soderstrom-2021").unwrap();
    assert!(text.contains("title = \"A brand new study\""));
    assert_eq!(selected(&app), "soderstrom-2021");
    assert_eq!(ids(&app).len(), 76);

    keys(&mut app, "u");
    assert!(study_file(dir.path(), "soderstrom-2021").is_none());
    assert_eq!(ids(&app).len(), 75);
    keys(&mut app, "ctrl-r");
    assert_eq!(study_file(dir.path(), "soderstrom-2021").unwrap(), text);
    assert_eq!(ids(&app).len(), 76);

    // A second study by the same author and year gets a unique id.
    keys(&mut app, "a");
    type_text(&mut app, "Another");
    keys(&mut app, "tab");
    type_text(&mut app, "Soderstrom, S");
    keys(&mut app, "tab");
    type_text(&mut app, "2021");
    assert_eq!(
        app.form().unwrap().value(&litrev::tui::form::FieldKey::Id),
        "soderstrom-2021b"
    );
}

#[test]
fn delete_asks_then_removes_and_undo_restores_every_byte() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "j j");
    let id = selected(&app);
    let before = study_file(dir.path(), &id).unwrap();
    keys(&mut app, "d");
    assert!(matches!(app.dialog(), Some(Dialog::ConfirmDelete { .. })));
    keys(&mut app, "n");
    assert!(study_file(dir.path(), &id).is_some(), "n keeps it");
    keys(&mut app, "d y");
    assert!(study_file(dir.path(), &id).is_none());
    assert!(app.study(&id).is_none());
    assert_eq!(app.selected_row(), 2, "the selection stays in place");
    keys(&mut app, "u");
    assert_eq!(study_file(dir.path(), &id).unwrap(), before);
    assert!(app.study(&id).is_some());
    keys(&mut app, "ctrl-r");
    assert!(study_file(dir.path(), &id).is_none());
    keys(&mut app, "u");
    assert_eq!(study_file(dir.path(), &id).unwrap(), before);
}

#[test]
fn edit_undo_redo_chain_is_saved_to_disk_each_time() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    let v0 = study_file(dir.path(), &id).unwrap();
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "First");
    keys(&mut app, "ctrl-s");
    let v1 = study_file(dir.path(), &id).unwrap();
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "Second");
    keys(&mut app, "ctrl-s");
    let v2 = study_file(dir.path(), &id).unwrap();
    assert_eq!(app.history_len(), (2, 0));
    keys(&mut app, "u");
    assert_eq!(study_file(dir.path(), &id).unwrap(), v1);
    assert_eq!(app.study(&id).unwrap().title, "First");
    keys(&mut app, "u");
    assert_eq!(study_file(dir.path(), &id).unwrap(), v0);
    keys(&mut app, "u");
    assert_eq!(app.message().unwrap().text, "nothing to undo");
    keys(&mut app, "ctrl-r");
    assert_eq!(study_file(dir.path(), &id).unwrap(), v1);
    keys(&mut app, "ctrl-r");
    assert_eq!(study_file(dir.path(), &id).unwrap(), v2);
    assert_eq!(app.study(&id).unwrap().title, "Second");
    keys(&mut app, "ctrl-r");
    assert_eq!(app.message().unwrap().text, "nothing to redo");
    // A new edit after an undo clears the redo stack.
    keys(&mut app, "u e ctrl-u");
    type_text(&mut app, "Third");
    keys(&mut app, "ctrl-s");
    assert_eq!(app.history_len(), (2, 0));
}

// ------------------------------------------------------------ conflicts

/// "Keep mine" over changes of theirs that it would throw away: the first
/// press says so and writes nothing, the second goes ahead.
fn keep_mine_insisting(app: &mut App) {
    keys(app, "k");
    assert!(
        matches!(app.dialog(), Some(Dialog::Conflict { warned: true, .. })),
        "keep mine warns first: {:?}",
        app.message()
    );
    let shown = screen(app, 120, 35);
    assert!(shown.contains("Keep mine would throw away"), "{shown}");
    keys(app, "k");
}

fn conflict_setup() -> (tempfile::TempDir, App, String, String) {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    let theirs = study_file(dir.path(), &id)
        .unwrap()
        .replace("year = 2020", "year = 2019");
    std::fs::write(study_path(dir.path(), &id), &theirs).unwrap();
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "Mine");
    keys(&mut app, "ctrl-s");
    assert!(
        matches!(app.dialog(), Some(Dialog::Conflict { .. })),
        "{:?}",
        app.message()
    );
    assert_eq!(
        study_file(dir.path(), &id).unwrap(),
        theirs,
        "nothing overwritten"
    );
    (dir, app, id, theirs)
}

#[test]
fn conflict_reload_theirs() {
    let (dir, mut app, id, theirs) = conflict_setup();
    keys(&mut app, "r");
    assert!(app.dialog().is_none());
    assert_eq!(app.study(&id).unwrap().year, Some(2019));
    assert_eq!(study_file(dir.path(), &id).unwrap(), theirs);
    // Later edits build on their version.
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "After reload");
    keys(&mut app, "ctrl-s");
    let now = study_file(dir.path(), &id).unwrap();
    assert!(now.contains("year = 2019") && now.contains("After reload"));
}

#[test]
fn conflict_keep_mine() {
    let (dir, mut app, id, theirs) = conflict_setup();
    keep_mine_insisting(&mut app);
    assert!(app.dialog().is_none());
    let now = study_file(dir.path(), &id).unwrap();
    assert!(now.contains("title = \"Mine\""));
    assert_eq!(app.study(&id).unwrap().title, "Mine");
    // Undo brings back what "keep mine" overwrote: theirs, byte for byte.
    keys(&mut app, "u");
    assert!(app.dialog().is_none());
    assert_eq!(study_file(dir.path(), &id).unwrap(), theirs);
    assert_eq!(app.study(&id).unwrap().year, Some(2019));
}

#[test]
fn conflict_show_both_then_decide_later_keeps_it_unsaved() {
    let (dir, mut app, id, theirs) = conflict_setup();
    keys(&mut app, "b");
    match app.pager().map(|p| &p.kind) {
        Some(PagerKind::Compare {
            mine, theirs: t, ..
        }) => {
            assert!(mine.contains("Mine"));
            assert_eq!(t, &theirs);
        }
        other => panic!("expected the side-by-side view, got {other:?}"),
    }
    keys(&mut app, "esc");
    assert!(
        matches!(app.dialog(), Some(Dialog::Conflict { .. })),
        "back to the question"
    );
    keys(&mut app, "esc");
    assert_eq!(app.unsaved_count(), 1);
    assert_eq!(
        app.study(&id).unwrap().title,
        "Mine",
        "mine stays on screen"
    );
    assert!(screen(&app, 120, 35).contains("1 unsaved"));
    // Quitting asks.
    keys(&mut app, "q");
    assert!(matches!(
        app.dialog(),
        Some(Dialog::ConfirmQuit { unsaved: 1, .. })
    ));
    keys(&mut app, "n");
    assert!(!app.should_quit());
    // Ctrl-s tries again: still a conflict; keep mine this time.
    keys(&mut app, "ctrl-s");
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
    keep_mine_insisting(&mut app);
    assert_eq!(app.unsaved_count(), 0);
    assert!(
        study_file(dir.path(), &id)
            .unwrap()
            .contains("title = \"Mine\"")
    );
    keys(&mut app, "q");
    assert!(app.should_quit());
}

#[test]
fn conflict_on_undo_and_delete() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "Mine");
    keys(&mut app, "ctrl-s");
    let theirs = study_file(dir.path(), &id)
        .unwrap()
        .replace("Mine", "Theirs");
    std::fs::write(study_path(dir.path(), &id), &theirs).unwrap();
    keys(&mut app, "u");
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
    keys(&mut app, "r");
    assert_eq!(app.study(&id).unwrap().title, "Theirs");
    // Deleting a file someone else changed asks too.
    std::fs::write(
        study_path(dir.path(), &id),
        theirs.replace("Theirs", "Again"),
    )
    .unwrap();
    keys(&mut app, "d y");
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
    keys(&mut app, "esc");
    assert!(study_file(dir.path(), &id).is_some(), "not deleted");
    keys(&mut app, "d y");
    keep_mine_insisting(&mut app);
    assert!(
        study_file(dir.path(), &id).is_none(),
        "deleted when the user insists"
    );
}

// ------------------------------------------------------------ $EDITOR

#[test]
fn external_editor_valid_result_is_saved_exactly() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    keys(&mut app, "E");
    let Some(Effect::Editor { id: eid, text }) = app.take_effect() else {
        panic!("expected the editor effect");
    };
    assert_eq!(eid, id);
    assert_eq!(Some(text.clone()), study_file(dir.path(), &id));
    let edited = format!("{text}\n# a comment of mine\ncustom_key = \"kept\"\n");
    update(&mut app, Action::EditorDone(Ok(edited.clone())));
    assert_eq!(
        study_file(dir.path(), &id).unwrap(),
        edited,
        "saved byte for byte"
    );
    keys(&mut app, "u");
    assert_eq!(study_file(dir.path(), &id).unwrap(), text, "undoable");
}

#[test]
fn external_editor_invalid_result_offers_reopen_or_discard() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    let before = study_file(dir.path(), &id).unwrap();
    keys(&mut app, "E");
    let _ = app.take_effect();
    let broken = before.replace("year = 2020", "year = \"2020a\"");
    update(&mut app, Action::EditorDone(Ok(broken.clone())));
    match app.dialog() {
        Some(Dialog::EditorInvalid { problems, .. }) => {
            assert!(
                problems[0].contains("year must be an integer"),
                "{problems:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(screen(&app, 120, 35).contains("year must be an integer"));
    keys(&mut app, "e");
    assert_eq!(
        app.take_effect(),
        Some(Effect::Editor {
            id: id.clone(),
            text: broken
        }),
        "re-opens the editor on the broken text"
    );
    update(
        &mut app,
        Action::EditorDone(Ok(before.replace("year = 2020", "year = x"))),
    );
    keys(&mut app, "d");
    assert!(app.dialog().is_none());
    assert_eq!(study_file(dir.path(), &id).unwrap(), before);
    // An editor that cannot start is reported.
    keys(&mut app, "E");
    let _ = app.take_effect();
    update(&mut app, Action::EditorDone(Err("no such editor".into())));
    assert!(app.message().unwrap().error);
}

// ------------------------------------------------------------ tally, help, quit

#[test]
fn tally_follows_the_view_cycles_and_copies() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "t");
    assert_eq!(app.base_mode(), Mode::Tally);
    let t = app.tally().tally.clone().unwrap();
    assert_eq!((t.by.name(), t.total), ("design", 75));
    keys(&mut app, "tab");
    assert_eq!(app.tally().tally.as_ref().unwrap().by, By::Year);
    keys(&mut app, "backtab backtab");
    assert_ne!(app.tally().tally.as_ref().unwrap().by, By::Design);
    keys(&mut app, "tab y");
    let Some(Effect::Clipboard(text)) = app.take_effect() else {
        panic!("expected a clipboard effect");
    };
    assert!(text.starts_with("Twenty-two of the 75 included studies"));
    let file = app.tally().file.clone().unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap().trim_end(), text);
    assert!(
        app.message()
            .unwrap()
            .text
            .contains(&file.display().to_string())
    );
    keys(&mut app, "t");
    assert_eq!(app.base_mode(), Mode::Normal);
    // With a search, the tally counts what is shown.
    keys(&mut app, "/");
    type_text(&mut app, "allianc");
    keys(&mut app, "enter t");
    let t = app.tally().tally.clone().unwrap();
    assert_eq!(t.total, app.visible_ids().len());
    assert_eq!(t.review_total, 75);
    let _ = std::fs::remove_file(file);
}

#[test]
fn help_and_problems_pagers() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "?");
    assert!(matches!(
        app.pager().map(|p| &p.kind),
        Some(PagerKind::Help(Mode::Normal))
    ));
    keys(&mut app, "j j G g esc");
    assert!(app.pager().is_none());
    keys(&mut app, "/ ctrl-c");
    assert!(
        app.should_quit(),
        "Ctrl-c quits from anywhere when nothing is unsaved"
    );

    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "p");
    assert!(app.message().unwrap().text.contains("no problems"));
    keys(&mut app, "e f1");
    assert!(matches!(
        app.pager().map(|p| &p.kind),
        Some(PagerKind::Help(Mode::Form))
    ));
    keys(&mut app, "esc");
    assert_eq!(app.mode(), Mode::Form);
}

#[test]
fn quit_asks_when_a_form_has_changes() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "e");
    type_text(&mut app, "x");
    keys(&mut app, "ctrl-c");
    assert!(matches!(
        app.dialog(),
        Some(Dialog::ConfirmQuit { unsaved: 1, .. })
    ));
    keys(&mut app, "esc");
    assert_eq!(app.mode(), Mode::Form);
    keys(&mut app, "ctrl-c y");
    assert!(app.should_quit());
}

#[test]
fn scratch_copies_show_their_path() {
    let dir = example_copy();
    let loaded = litrev::store::load(dir.path()).unwrap();
    let mut app = App::new(loaded, true, Keymap::defaults());
    update(&mut app, Action::Resize(200, 30));
    let text = screen(&app, 200, 30);
    assert!(
        text.contains(&format!("scratch copy: {}", dir.path().display())),
        "{text}"
    );
}

// ------------------------------------------------------------ keymap

#[test]
fn user_keymap_overrides_and_bad_keymaps_fall_back_to_defaults() {
    let cfg = tempfile::tempdir().unwrap();
    std::fs::write(
        cfg.path().join("keymap.toml"),
        "[normal]\ndown = [\"n\", \"down\"]\nquit = \"Q\"\n",
    )
    .unwrap();
    let (km, err) = Keymap::load(Some(cfg.path()));
    assert!(err.is_none());
    let dir = example_copy();
    let loaded = litrev::store::load(dir.path()).unwrap();
    let mut app = App::new(loaded, false, km);
    update(&mut app, Action::Resize(80, 24));
    keys(&mut app, "n n");
    assert_eq!(app.selected_row(), 2);
    keys(&mut app, "j");
    assert_eq!(app.selected_row(), 2, "j is no longer bound");
    keys(&mut app, "k");
    assert_eq!(app.selected_row(), 1, "k still is");
    keys(&mut app, "q");
    assert!(!app.should_quit());
    keys(&mut app, "?");
    assert!(
        screen(&app, 80, 24).contains("n, ↓"),
        "help shows the live keys"
    );
    keys(&mut app, "esc Q");
    assert!(app.should_quit());

    std::fs::write(cfg.path().join("keymap.toml"), "[normal]\nfly = \"x\"\n").unwrap();
    let (km, err) = Keymap::load(Some(cfg.path()));
    let err = err.unwrap();
    assert!(err.to_string().contains("unknown action \"fly\""), "{err}");
    let loaded = litrev::store::load(dir.path()).unwrap();
    let mut app = App::new(loaded, false, km);
    app.set_keymap_error(err);
    update(&mut app, Action::Resize(120, 35));
    assert!(screen(&app, 120, 35).contains("keymap not used"));
    keys(&mut app, "j");
    assert_eq!(app.selected_row(), 1, "defaults in force");
}

#[test]
fn mouse_events_become_actions() {
    use litrev::tui::action_for_mouse;
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let ev = |kind| MouseEvent {
        kind,
        column: 7,
        row: 9,
        modifiers: KeyModifiers::NONE,
    };
    assert_eq!(
        action_for_mouse(&ev(MouseEventKind::ScrollDown)),
        Some(Action::Scroll(3))
    );
    assert_eq!(
        action_for_mouse(&ev(MouseEventKind::ScrollUp)),
        Some(Action::Scroll(-3))
    );
    assert_eq!(
        action_for_mouse(&ev(MouseEventKind::Down(MouseButton::Left))),
        Some(Action::Click(7, 9))
    );
    assert_eq!(action_for_mouse(&ev(MouseEventKind::Moved)), None);
}

#[test]
fn external_editor_result_conflicts_if_the_file_changed_meanwhile() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    keys(&mut app, "E");
    let Some(Effect::Editor { text, .. }) = app.take_effect() else {
        panic!("expected the editor effect");
    };
    let theirs = format!("{text}# theirs\n");
    std::fs::write(study_path(dir.path(), &id), &theirs).unwrap();
    update(&mut app, Action::EditorDone(Ok(format!("{text}# mine\n"))));
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
    assert_eq!(study_file(dir.path(), &id).unwrap(), theirs);
    keys(&mut app, "k");
    assert_eq!(
        study_file(dir.path(), &id).unwrap(),
        format!("{text}# mine\n")
    );
    keys(&mut app, "u");
    assert_eq!(
        study_file(dir.path(), &id).unwrap(),
        theirs,
        "undo restores theirs"
    );
}

#[test]
fn pasted_text_is_typed_into_the_focused_field() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "e ctrl-u");
    update(&mut app, Action::Paste("Pasted\ntitle\u{1b}[31m".into()));
    assert_eq!(
        app.form().unwrap().focused().unwrap().value(),
        "Pasted title[31m"
    );
    keys(&mut app, "tab end");
    update(&mut app, Action::Paste("\nNew, Author".into()));
    assert!(
        app.form()
            .unwrap()
            .focused()
            .unwrap()
            .value()
            .ends_with("\nNew, Author")
    );
    keys(&mut app, "esc y /");
    update(&mut app, Action::Paste("tondel\n".into()));
    assert_eq!(app.query(), "tondel ");
    // Outside a text box a paste does nothing.
    keys(&mut app, "enter");
    let shown = app.visible_ids().len();
    update(&mut app, Action::Paste("dddd".into()));
    assert_eq!(app.visible_ids().len(), shown);
    assert_eq!(app.mode(), Mode::Normal);
}

#[test]
fn an_empty_review_invites_an_add() {
    let dir = small_review(&[]);
    let mut app = open(dir.path(), 80, 24);
    assert!(screen(&app, 80, 24).contains("no studies yet"));
    keys(
        &mut app,
        "j k G g pagedown e E d / x enter t tab t f space esc s y",
    );
    assert_eq!(app.mode(), Mode::Normal);
    keys(&mut app, "a");
    type_text(&mut app, "First study");
    keys(&mut app, "tab");
    type_text(&mut app, "Doe, Jane");
    keys(&mut app, "tab");
    type_text(&mut app, "2020");
    keys(&mut app, "ctrl-s");
    // The search and filter left on hide it, and the message says so.
    assert!(ids(&app).is_empty());
    assert!(app.message().unwrap().text.contains("c clears them"));
    keys(&mut app, "c");
    assert_eq!(ids(&app), vec!["doe-2020"]);
    assert!(
        study_file(dir.path(), "doe-2020")
            .unwrap()
            .contains("First study")
    );
}

#[test]
fn pager_and_tally_scroll_within_their_content() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 14);
    keys(&mut app, "?");
    keys(&mut app, "j j");
    assert_eq!(app.pager().unwrap().scroll, 2);
    keys(&mut app, "G");
    let bottom = app.pager().unwrap().scroll;
    assert!(bottom > 2);
    keys(&mut app, "j pagedown");
    assert_eq!(app.pager().unwrap().scroll, bottom, "stops at the end");
    keys(&mut app, "pageup g");
    assert_eq!(app.pager().unwrap().scroll, 0);
    keys(&mut app, "esc t tab");
    keys(&mut app, "j j k");
    assert_eq!(app.tally().scroll, 1);
    update(&mut app, Action::Scroll(3));
    assert_eq!(app.tally().scroll, 2);
    keys(&mut app, "tab");
    assert_eq!(app.tally().scroll, 0, "a new count starts at the top");
    keys(&mut app, "q");
    assert!(app.should_quit());
}

// ------------------------------------------------------------ nothing is lost

#[test]
fn quitting_over_a_conflict_asks_and_staying_goes_back_to_it() {
    let (dir, mut app, id, theirs) = conflict_setup();
    // Ctrl-c over the question: the write it holds is not saved yet.
    keys(&mut app, "ctrl-c");
    assert!(!app.should_quit(), "the edit would be lost");
    assert!(matches!(
        app.dialog(),
        Some(Dialog::ConfirmQuit { unsaved: 1, .. })
    ));
    keys(&mut app, "n");
    assert!(
        matches!(app.dialog(), Some(Dialog::Conflict { .. })),
        "staying goes back to the question: {:?}",
        app.dialog()
    );
    // The same from the side-by-side view.
    keys(&mut app, "b ctrl-c");
    assert!(!app.should_quit());
    keys(&mut app, "esc");
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
    keep_mine_insisting(&mut app);
    assert!(
        study_file(dir.path(), &id)
            .unwrap()
            .contains("title = \"Mine\"")
    );
    assert_ne!(study_file(dir.path(), &id).unwrap(), theirs);
    keys(&mut app, "ctrl-c");
    assert!(app.should_quit(), "nothing left unsaved");
}

#[test]
fn quitting_over_an_invalid_editor_result_asks() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    keys(&mut app, "E");
    let _ = app.take_effect();
    let broken = study_file(dir.path(), &id)
        .unwrap()
        .replace("year = 2020", "year = \"2020a\"");
    update(&mut app, Action::EditorDone(Ok(broken)));
    assert!(matches!(app.dialog(), Some(Dialog::EditorInvalid { .. })));
    keys(&mut app, "ctrl-c");
    assert!(!app.should_quit());
    keys(&mut app, "esc");
    assert!(
        matches!(app.dialog(), Some(Dialog::EditorInvalid { .. })),
        "{:?}",
        app.dialog()
    );
    keys(&mut app, "ctrl-c y");
    assert!(app.should_quit());
}

/// Adds a study, undoes the add, then lets someone else create a file with
/// the same id: the redo cannot write, and the user leaves it for later.
fn redo_hits_their_file() -> (tempfile::TempDir, App, String) {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "a");
    type_text(&mut app, "My study");
    keys(&mut app, "tab");
    type_text(&mut app, "Doe, Jane");
    keys(&mut app, "tab");
    type_text(&mut app, "2020");
    keys(&mut app, "ctrl-s u");
    assert!(study_file(dir.path(), "doe-2020").is_none());
    let theirs = "id = \"doe-2020\"\ntitle = \"Their study\"\n# theirs\n".to_string();
    std::fs::write(study_path(dir.path(), "doe-2020"), &theirs).unwrap();
    keys(&mut app, "ctrl-r");
    assert!(
        matches!(app.dialog(), Some(Dialog::Conflict { .. })),
        "{:?}",
        app.message()
    );
    assert!(screen(&app, 120, 35).contains("already exists"));
    keys(&mut app, "esc");
    assert_eq!(study_file(dir.path(), "doe-2020").unwrap(), theirs);
    (dir, app, theirs)
}

#[test]
fn a_new_study_left_for_later_is_shown_unsaved_and_kept() {
    let (dir, mut app, theirs) = redo_hits_their_file();
    assert_eq!(app.unsaved_count(), 1);
    assert_eq!(ids(&app).len(), 76, "the unsaved study is in the table");
    assert_eq!(selected(&app), "doe-2020");
    assert_eq!(app.study("doe-2020").unwrap().title, "My study");
    let text = screen(&app, 120, 35);
    assert!(
        text.contains("My study") && text.contains("not saved"),
        "{text}"
    );
    // Searching finds it.
    keys(&mut app, "/");
    type_text(&mut app, "my study");
    assert_eq!(ids(&app).first().map(String::as_str), Some("doe-2020"));
    keys(&mut app, "esc");
    // Editing it asks again instead of writing over their file.
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "My study, edited");
    keys(&mut app, "ctrl-s");
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
    assert_eq!(study_file(dir.path(), "doe-2020").unwrap(), theirs);
    keys(&mut app, "esc");
    assert_eq!(app.unsaved_count(), 1);
    assert_eq!(app.study("doe-2020").unwrap().title, "My study, edited");
    // $EDITOR opens what the table shows, and its result asks too.
    keys(&mut app, "E");
    let Some(Effect::Editor { text, .. }) = app.take_effect() else {
        panic!("expected the editor");
    };
    assert!(text.contains("My study, edited"), "{text}");
    update(
        &mut app,
        Action::EditorDone(Ok(text.replace("edited", "edited twice"))),
    );
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
    assert_eq!(study_file(dir.path(), "doe-2020").unwrap(), theirs);
    keys(&mut app, "esc");
    assert_eq!(
        app.study("doe-2020").unwrap().title,
        "My study, edited twice"
    );
    // Quitting asks; Ctrl-s asks again; keep mine writes it.
    keys(&mut app, "q");
    assert!(matches!(app.dialog(), Some(Dialog::ConfirmQuit { .. })));
    keys(&mut app, "n ctrl-s");
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
    keep_mine_insisting(&mut app);
    assert_eq!(app.unsaved_count(), 0);
    let now = study_file(dir.path(), "doe-2020").unwrap();
    assert!(now.contains("My study, edited twice"), "{now}");
    assert_eq!(ids(&app).len(), 76);
}

#[test]
fn deleting_a_new_study_left_for_later_drops_it_and_keeps_their_file() {
    let (dir, mut app, theirs) = redo_hits_their_file();
    keys(&mut app, "d");
    assert!(matches!(app.dialog(), Some(Dialog::ConfirmDelete { .. })));
    assert!(screen(&app, 120, 35).contains("never saved"));
    keys(&mut app, "y");
    assert!(app.dialog().is_none(), "{:?}", app.dialog());
    assert_eq!(app.unsaved_count(), 0);
    assert!(app.study("doe-2020").is_none());
    assert_eq!(ids(&app).len(), 75);
    assert_eq!(study_file(dir.path(), "doe-2020").unwrap(), theirs);
    keys(&mut app, "q");
    assert!(app.should_quit());
}

#[test]
fn reloading_theirs_replaces_a_new_study_left_for_later() {
    let (dir, mut app, theirs) = redo_hits_their_file();
    keys(&mut app, "ctrl-s r");
    assert_eq!(app.unsaved_count(), 0);
    assert_eq!(app.study("doe-2020").unwrap().title, "Their study");
    assert_eq!(ids(&app).len(), 76);
    assert_eq!(study_file(dir.path(), "doe-2020").unwrap(), theirs);
}

#[test]
fn an_undo_left_for_later_goes_back_on_its_stack() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "a");
    type_text(&mut app, "My study");
    keys(&mut app, "tab");
    type_text(&mut app, "Doe, Jane");
    keys(&mut app, "ctrl-s");
    let id = selected(&app);
    std::fs::write(
        study_path(dir.path(), &id),
        format!("id = \"{id}\"\ntitle = \"Theirs now\"\n"),
    )
    .unwrap();
    // Undoing the add would delete a file someone else changed.
    keys(&mut app, "u");
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
    keys(&mut app, "esc");
    assert!(study_file(dir.path(), &id).is_some());
    assert_eq!(app.history_len(), (1, 0), "the undo can be tried again");
    keys(&mut app, "u");
    keep_mine_insisting(&mut app);
    assert!(study_file(dir.path(), &id).is_none());
    assert_eq!(app.history_len(), (0, 1));
}

#[test]
fn an_add_with_the_id_of_a_file_on_disk_is_refused_in_the_form() {
    // A file litrev could not load still owns its id.
    let dir = example_copy();
    let broken = "id = \"doe-2020\"\ntitle = \"Broken\"\nyear = \"x\"\n";
    std::fs::write(study_path(dir.path(), "doe-2020"), broken).unwrap();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "a");
    type_text(&mut app, "My study");
    keys(&mut app, "tab");
    type_text(&mut app, "Doe, Jane");
    keys(&mut app, "tab");
    type_text(&mut app, "2020");
    // The proposed id avoids it; typing it anyway is refused before saving.
    let f = app.form().unwrap();
    assert_eq!(f.value(&litrev::tui::form::FieldKey::Id), "doe-2020b");
    keys(&mut app, "backtab backtab");
    for _ in 0..20 {
        keys(&mut app, "backtab");
        if app.form().unwrap().focused().unwrap().key == litrev::tui::form::FieldKey::Id {
            break;
        }
    }
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "doe-2020");
    keys(&mut app, "ctrl-s");
    assert_eq!(app.mode(), Mode::Form);
    assert!(app.dialog().is_none());
    let msg = app.form().unwrap().message.clone().unwrap();
    assert!(msg.contains("already exists"), "{msg}");
    assert_eq!(study_file(dir.path(), "doe-2020").unwrap(), broken);
}

#[test]
fn an_untouched_add_form_closes_without_asking() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "a esc");
    assert_eq!(app.mode(), Mode::Normal, "{:?}", app.dialog());
    keys(&mut app, "a ctrl-c");
    assert!(app.should_quit());
}

#[test]
fn a_write_that_fails_keeps_the_users_version_unsaved() {
    // "Keep mine" when the file cannot be written (here: a folder took its
    // place): the edit stays on screen, unsaved, and Ctrl-s tries again.
    let (dir, mut app, id, _) = conflict_setup();
    let path = study_path(dir.path(), &id);
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    keep_mine_insisting(&mut app);
    assert!(app.message().unwrap().error);
    assert_eq!(app.unsaved_count(), 1);
    assert_eq!(app.study(&id).unwrap().title, "Mine");
    std::fs::remove_dir(&path).unwrap();
    // Their file is gone now: Ctrl-s asks again.
    keys(&mut app, "ctrl-s");
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
    keys(&mut app, "k");
    assert_eq!(app.unsaved_count(), 0, "{:?}", app.dialog());
    assert!(
        study_file(dir.path(), &id)
            .unwrap()
            .contains("title = \"Mine\"")
    );

    // The same for the result of $EDITOR.
    keys(&mut app, "E");
    let Some(Effect::Editor { text, .. }) = app.take_effect() else {
        panic!("expected the editor");
    };
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    let edited = text.replace("Mine", "Edited outside");
    update(&mut app, Action::EditorDone(Ok(edited.clone())));
    assert!(app.message().unwrap().error);
    assert_eq!(app.unsaved_count(), 1);
    assert_eq!(app.study(&id).unwrap().title, "Edited outside");
    keys(&mut app, "q");
    assert!(!app.should_quit(), "quitting asks");
}

#[test]
fn show_both_shows_what_keep_mine_writes() {
    let (dir, mut app, _) = redo_hits_their_file();
    // An edit of the new study: a study to save, not an exact text.
    keys(&mut app, "e end");
    type_text(&mut app, ", edited");
    keys(&mut app, "ctrl-s b");
    let Some(PagerKind::Compare { mine, .. }) = app.pager().map(|p| p.kind.clone()) else {
        panic!("expected the side-by-side view");
    };
    keys(&mut app, "esc");
    keep_mine_insisting(&mut app);
    assert_eq!(study_file(dir.path(), "doe-2020").unwrap(), mine);
}

#[test]
fn a_year_range_typed_the_wrong_way_round_means_the_same_range() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let expected: Vec<String> = app
        .studies()
        .filter(|s| s.year.is_some_and(|y| (2015..=2018).contains(&y)))
        .map(|s| s.id.clone())
        .collect();
    keys(&mut app, "f");
    for _ in 0..80 {
        if screen(&app, 120, 35).lines().any(|l| l.contains("▸  from")) {
            break;
        }
        keys(&mut app, "j");
    }
    type_text(&mut app, "2018");
    keys(&mut app, "j");
    type_text(&mut app, "2015");
    let mut shown = ids(&app);
    shown.sort();
    let mut expected = expected;
    expected.sort();
    assert!(!expected.is_empty());
    assert_eq!(shown, expected);
    assert!(screen(&app, 120, 35).contains("filter: 2015–2018"));
}

#[test]
fn typing_a_year_bound_keeps_the_list_and_the_selection_until_the_year_is_whole() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "j j j j j");
    let chosen = selected(&app);
    let year = app.study(&chosen).unwrap().year.unwrap();
    assert!(year <= 2022);
    keys(&mut app, "f");
    for _ in 0..80 {
        if screen(&app, 120, 35).lines().any(|l| l.contains("▸  to")) {
            break;
        }
        keys(&mut app, "j");
    }
    for c in "2022".chars() {
        type_text(&mut app, &c.to_string());
        assert!(
            ids(&app).len() > 1,
            "after typing {c}: a partial year hides nothing"
        );
        assert_eq!(selected(&app), chosen, "after typing {c}");
    }
    assert!(app.filter().describe().contains("–2022"));
}

#[test]
fn deleting_the_selected_study_selects_its_neighbour() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "G");
    let before_last = ids(&app)[ids(&app).len() - 2].clone();
    keys(&mut app, "d y");
    assert_eq!(selected(&app), before_last, "the last row was deleted");
    // In a search, the next hit takes the deleted one's place.
    keys(&mut app, "/");
    type_text(&mut app, "allianc");
    keys(&mut app, "enter down down");
    let next = ids(&app)[3].clone();
    keys(&mut app, "d y");
    assert_eq!(selected(&app), next);
    assert_eq!(app.selected_row(), 2);
}

#[test]
fn pasted_windows_line_breaks_and_tabs_read_as_typed() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "e");
    for _ in 0..20 {
        if app.form().unwrap().focused().unwrap().key == litrev::tui::form::FieldKey::Notes {
            break;
        }
        keys(&mut app, "tab");
    }
    keys(&mut app, "ctrl-u");
    update(&mut app, Action::Paste("one\r\ntwo\rthree\tcell".into()));
    assert_eq!(
        app.form().unwrap().focused().unwrap().value(),
        "one\ntwo\nthree cell"
    );
}

#[test]
fn a_line_break_in_a_one_line_field_is_not_an_edit() {
    let text =
        "id = \"a-2020\"\ntitle = \"Line one\\nline two\"\njournal = \"J\\nK\"\nyear = 2020\n";
    let dir = small_review(&[("a-2020", text)]);
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "e");
    assert!(!app.form().unwrap().changed(), "nothing typed yet");
    keys(&mut app, "esc");
    assert_eq!(app.mode(), Mode::Normal, "Esc closes without asking");
    // Saving another field leaves the title and journal as they were.
    keys(&mut app, "e tab tab ctrl-u");
    type_text(&mut app, "2021");
    keys(&mut app, "ctrl-s");
    assert_eq!(
        study_file(dir.path(), "a-2020").unwrap(),
        text.replace("2020\n", "2021\n")
    );
}

#[test]
fn undo_does_not_drop_a_change_left_for_later() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "First");
    keys(&mut app, "ctrl-s");
    let v1 = study_file(dir.path(), &id).unwrap();
    std::fs::write(study_path(dir.path(), &id), format!("{v1}# theirs\n")).unwrap();
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "Second");
    keys(&mut app, "ctrl-s esc");
    assert_eq!(app.unsaved_count(), 1);
    // Their change is reverted on disk (a git checkout): the file is as we
    // last saved it, so an undo of "First" would go through and "Second",
    // never saved, would be gone for good.
    std::fs::write(study_path(dir.path(), &id), &v1).unwrap();
    keys(&mut app, "u");
    assert_eq!(app.study(&id).unwrap().title, "Second");
    assert_eq!(app.unsaved_count(), 1);
    assert_eq!(study_file(dir.path(), &id).unwrap(), v1);
    assert!(
        app.message().unwrap().text.contains("not saved"),
        "{:?}",
        app.message()
    );
    keys(&mut app, "ctrl-s");
    assert_eq!(app.unsaved_count(), 0);
    assert!(
        study_file(dir.path(), &id)
            .unwrap()
            .contains("title = \"Second\"")
    );
    // Now the undo chain goes on as usual.
    keys(&mut app, "u");
    assert_eq!(study_file(dir.path(), &id).unwrap(), v1);
}

#[test]
fn sentences_that_name_a_key_follow_the_users_keymap() {
    let keymap = "[normal]\nsave = \"f2\"\nproblems = \"P\"\nclear_filters = \"C\"\nundo = \"U\"\nadd = \"A\"\ncancel = \"backspace\"\nquit = \"Q\"\n[form]\nsubmit = \"f3\"\n";
    let km = Keymap::with_overrides(keymap, std::path::Path::new("k")).unwrap();
    let dir = small_review(&[
        (
            "bad-2020",
            "id = \"bad-2020\"\ntitle = \"Bad\"\nyear = \"x\"\n",
        ),
        ("a-2020", "id = \"a-2020\"\ntitle = \"A\"\nyear = 2020\n"),
    ]);
    let loaded = litrev::store::load(dir.path()).unwrap();
    let mut app = App::new(loaded, false, km);
    update(&mut app, Action::Resize(120, 30));
    let text = screen(&app, 120, 30);
    assert!(text.contains("press P to list them"), "{text}");
    keys(&mut app, "/");
    type_text(&mut app, "zzzz");
    let text = screen(&app, 120, 30);
    assert!(
        text.contains("Backspace clears the search; C clears every filter"),
        "{text}"
    );
    keys(&mut app, "esc d");
    assert!(screen(&app, 120, 30).contains("U undoes it"));
    keys(&mut app, "esc");
    // A conflict left for later: F2 retries.
    std::fs::write(
        study_path(dir.path(), "a-2020"),
        "id = \"a-2020\"\ntitle = \"Theirs\"\nyear = 2020\n",
    )
    .unwrap();
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "Mine");
    // The form saves with its save key (Enter, here F3, moves on).
    keys(&mut app, "ctrl-s esc");
    let text = screen(&app, 120, 30);
    assert!(
        text.contains("1 unsaved (F2 retries)") && text.contains("F2 tries again"),
        "{text}"
    );
    keys(&mut app, "e tab");
    assert!(screen(&app, 120, 30).contains("F3 adds a line"));
    keys(&mut app, "esc");
    assert_eq!(app.mode(), Mode::Normal);
    let small = screen(&app, 30, 8);
    assert!(small.contains("; Q quits"), "{small}");
}

#[cfg(unix)]
#[test]
fn copying_the_sentence_never_follows_a_link_planted_in_the_temporary_folder() {
    let victim = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(victim.path(), "precious\n").unwrap();
    let planted = std::env::temp_dir().join(format!("litrev-tally-{}.txt", std::process::id()));
    let _ = std::fs::remove_file(&planted);
    std::os::unix::fs::symlink(victim.path(), &planted).unwrap();
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "t y");
    let file = app.tally().file.clone().unwrap();
    assert_eq!(
        std::fs::read_to_string(victim.path()).unwrap(),
        "precious\n"
    );
    let first = std::fs::read_to_string(&file).unwrap();
    assert!(first.starts_with("Twenty-two of the 75"), "{first}");
    // A second copy (counting by year) reuses the same file.
    keys(&mut app, "tab y");
    assert_eq!(app.tally().file.as_deref(), Some(file.as_path()));
    assert_ne!(std::fs::read_to_string(&file).unwrap(), first);
    let _ = std::fs::remove_file(&planted);
    let _ = std::fs::remove_file(&file);
}

#[test]
fn the_detail_pane_stops_scrolling_at_its_end() {
    let dir = example_copy();
    let mut app = open(dir.path(), 100, 24);
    for _ in 0..30 {
        keys(&mut app, "J");
    }
    let end = app.detail_scroll();
    assert!(end > 0 && end < 20, "{end}");
    let text = screen(&app, 100, 24);
    assert!(
        // The record as imported comes last, after the appraisals.
        text.contains("Journal       British Journal of Sports Medicine\n 75 studies"),
        "the last row is at the bottom:\n{text}"
    );
    keys(&mut app, "K");
    assert_eq!(
        app.detail_scroll(),
        end.saturating_sub(3),
        "one K scrolls back at once"
    );
    // A taller window needs less scrolling.
    keys(&mut app, "J J J J J J");
    update(&mut app, Action::Resize(100, 60));
    assert_eq!(app.detail_scroll(), 0);
}

#[test]
fn the_tally_scrolls_back_from_its_end_at_once() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 16);
    keys(&mut app, "t tab");
    for _ in 0..60 {
        keys(&mut app, "j");
    }
    let end = screen(&app, 80, 16);
    keys(&mut app, "k");
    assert_ne!(screen(&app, 80, 16), end, "one k after the end scrolls up");
}

#[test]
fn scrolled_views_scroll_back_at_once_after_the_window_grows() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 14);
    keys(&mut app, "? G");
    update(&mut app, Action::Resize(80, 30));
    let grown = screen(&app, 80, 30);
    keys(&mut app, "k");
    assert_ne!(screen(&app, 80, 30), grown, "help");
    update(&mut app, Action::Resize(80, 14));
    keys(&mut app, "esc t tab");
    for _ in 0..60 {
        keys(&mut app, "j");
    }
    update(&mut app, Action::Resize(80, 24));
    let grown = screen(&app, 80, 24);
    keys(&mut app, "k");
    assert_ne!(screen(&app, 80, 24), grown, "tally");
}

/// Issue: after "reload theirs", `u` used to write the pre-edit text over
/// the co-author's version without a word. An undo applies only on top of
/// what the change it reverses left on disk; anything else asks.
#[test]
fn undo_and_redo_after_a_reload_never_revert_a_co_author_silently() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    keys(&mut app, "e end");
    type_text(&mut app, " V1");
    keys(&mut app, "ctrl-s");
    assert!(app.dialog().is_none(), "{:?}", app.message());
    let v1 = study_file(dir.path(), &id).unwrap();
    let year = app.study(&id).unwrap().year.unwrap();
    let theirs = v1.replace(&format!("year = {year}"), "year = 1999");
    assert_ne!(theirs, v1);
    std::fs::write(study_path(dir.path(), &id), &theirs).unwrap();
    keys(&mut app, "e end");
    type_text(&mut app, " V2");
    keys(&mut app, "ctrl-s");
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
    keys(&mut app, "r");
    assert_eq!(app.study(&id).unwrap().year, Some(1999));
    keys(&mut app, "u");
    assert!(
        matches!(app.dialog(), Some(Dialog::Conflict { .. })),
        "the undo asks: {:?}",
        app.message()
    );
    assert_eq!(study_file(dir.path(), &id).unwrap(), theirs, "1999 kept");
    // Deciding later leaves theirs on disk.
    keys(&mut app, "esc");
    assert_eq!(study_file(dir.path(), &id).unwrap(), theirs);

    // A second `u` after "keep mine" would revert theirs too: it asks.
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = selected(&app);
    keys(&mut app, "e end");
    type_text(&mut app, " V1");
    keys(&mut app, "ctrl-s");
    let v1 = study_file(dir.path(), &id).unwrap();
    let theirs = v1.replace(&format!("year = {year}"), "year = 1999");
    std::fs::write(study_path(dir.path(), &id), &theirs).unwrap();
    keys(&mut app, "e end");
    type_text(&mut app, " V2");
    keys(&mut app, "ctrl-s");
    keep_mine_insisting(&mut app);
    assert!(study_file(dir.path(), &id).unwrap().contains("V2"));
    keys(&mut app, "u");
    assert_eq!(study_file(dir.path(), &id).unwrap(), theirs, "theirs back");
    keys(&mut app, "u");
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
    assert_eq!(study_file(dir.path(), &id).unwrap(), theirs);
}

/// The problems list reads the review again: a file fixed meanwhile loads,
/// and a change not saved yet stays.
#[test]
fn the_problems_list_reloads_the_review_keeping_unsaved_work() {
    let dir = example_copy();
    let good = "id = \"doe-2020\"\ntitle = \"Fixed\"\nauthors = [\"Doe, Jo\"]\nyear = 2020\ndesign = \"rct\"\n";
    std::fs::write(
        study_path(dir.path(), "doe-2020"),
        good.replace("year = 2020", "year = \"x\""),
    )
    .unwrap();
    let mut app = open(dir.path(), 120, 35);
    assert!(app.study("doe-2020").is_none());
    // An edit left for later (its file changed on disk meanwhile).
    let id = selected(&app);
    let theirs = study_file(dir.path(), &id)
        .unwrap()
        .replace("title", "# x\ntitle");
    std::fs::write(study_path(dir.path(), &id), &theirs).unwrap();
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "Mine, unsaved");
    keys(&mut app, "ctrl-s esc");
    assert_eq!(app.unsaved_count(), 1);

    keys(&mut app, "p");
    assert!(matches!(
        app.pager().map(|p| &p.kind),
        Some(PagerKind::Problems)
    ));
    std::fs::write(study_path(dir.path(), "doe-2020"), good).unwrap();
    keys(&mut app, "r");
    assert_eq!(app.study("doe-2020").unwrap().title, "Fixed");
    assert!(app.session().problems().is_empty());
    assert!(app.pager().is_none(), "nothing left to list");
    assert_eq!(app.study(&id).unwrap().title, "Mine, unsaved", "kept");
    assert_eq!(app.unsaved_count(), 1);
    assert!(app.message().unwrap().text.contains("no problems"));
}

/// The problems list offers to remove the temporary files of interrupted
/// saves (older than a minute), asking first; the study files stay.
#[test]
fn the_problems_list_removes_stale_temp_files_after_asking() {
    let dir = example_copy();
    let studies = dir.path().join("studies");
    let temp = studies.join(".litrev-save-a1B2c3.tmp");
    std::fs::write(&temp, "id = \"half").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&temp)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let before = std::fs::read_dir(&studies).unwrap().count();
    let mut app = open(dir.path(), 120, 35);
    assert_eq!(app.session().problems().len(), 1);
    keys(&mut app, "p x");
    assert!(matches!(
        app.dialog(),
        Some(Dialog::ConfirmClean { files: 1 })
    ));
    keys(&mut app, "n");
    assert!(temp.exists(), "kept when the user says no");
    keys(&mut app, "x y");
    assert!(!temp.exists());
    assert_eq!(std::fs::read_dir(&studies).unwrap().count(), before - 1);
    assert!(app.session().problems().is_empty());
    assert!(
        app.message()
            .unwrap()
            .text
            .contains("removed 1 temporary file")
    );
}

/// As the terminal interface really opens a review: studies fingerprinted,
/// their texts not kept. A same-size edit behind its back made before the
/// form opens is still "changed on disk", and keep mine / undo work.
#[test]
fn conflict_over_a_fingerprinted_study_says_changed_and_undo_restores_theirs() {
    let dir = example_copy();
    let loaded = litrev::store::load_fingerprinted(dir.path()).unwrap();
    let mut app = App::new(loaded, false, Keymap::defaults());
    update(&mut app, Action::Resize(120, 35));
    let id = selected(&app);
    let before = study_file(dir.path(), &id).unwrap();
    let theirs = before.replace("year = 2020", "year = 2019");
    assert_eq!(theirs.len(), before.len());
    assert_ne!(theirs, before);
    std::fs::write(study_path(dir.path(), &id), &theirs).unwrap();
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "Mine");
    keys(&mut app, "ctrl-s");
    assert!(matches!(app.dialog(), Some(Dialog::Conflict { .. })));
    let shown = screen(&app, 120, 35).replace(['│', '\n'], " ");
    let shown = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        shown.contains("changed on disk since litrev loaded it"),
        "{shown}"
    );
    assert!(!shown.contains("already exists"), "{shown}");
    assert_eq!(study_file(dir.path(), &id).unwrap(), theirs);
    keep_mine_insisting(&mut app);
    let now = study_file(dir.path(), &id).unwrap();
    assert!(now.contains("title = \"Mine\""));
    keys(&mut app, "u");
    assert!(app.dialog().is_none());
    assert_eq!(study_file(dir.path(), &id).unwrap(), theirs);
}
