//! Rough edges a new user hit in the form, the detail pane and the tally:
//! tags typed with commas, authors typed given name first, long citation
//! lists.

mod tui_support;

use insta::assert_snapshot;
use litrev::tui::app::Mode;
use litrev::tui::form::FieldKey;
use tui_support::*;

const PLAIN: &str = "id = \"smith-2019\"\ntitle = \"A plain study\"\nauthors = [\"Smith, Jane\"]\nyear = 2019\nref = 1\ndesign = \"rct\"\n";

fn message(app: &litrev::tui::app::App) -> String {
    app.form()
        .and_then(|f| f.message.clone())
        .unwrap_or_default()
}

#[test]
fn tags_typed_with_commas_and_semicolons_become_separate_tags() {
    let dir = small_review(&[("smith-2019", PLAIN)]);
    let mut app = open(dir.path(), 100, 30);
    keys(&mut app, "e");
    // Title, Authors, Year, Journal, DOI, Ref, Design, then Tags.
    keys(&mut app, "tab tab tab tab tab tab tab");
    assert_eq!(app.form().unwrap().focused().unwrap().key, FieldKey::Tags);
    // The form says how tags are separated.
    assert!(
        screen(&app, 100, 30).contains("separate tags with , or ; or a new line"),
        "{}",
        screen(&app, 100, 30)
    );
    type_text(&mut app, " communication, trust;trust ,, alliance");
    keys(&mut app, "enter");
    type_text(&mut app, "communication");
    keys(&mut app, "ctrl-s");
    assert_eq!(app.mode(), Mode::Normal, "{}", message(&app));
    let text = study_file(dir.path(), "smith-2019").unwrap();
    assert!(
        text.contains(r#"tags = ["communication", "trust", "alliance"]"#),
        "{text}"
    );
}

#[test]
fn the_detail_pane_shows_a_tag_holding_a_comma_as_one_tag() {
    let file = format!("{PLAIN}tags = [\"a, b\", \"c\"]\n");
    let dir = small_review(&[("smith-2019", &file)]);
    let app = open(dir.path(), 80, 24);
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn an_author_typed_given_name_first_is_questioned_before_saving() {
    let dir = small_review(&[("smith-2019", PLAIN)]);
    let mut app = open(dir.path(), 100, 30);
    keys(&mut app, "a");
    type_text(&mut app, "A new study");
    keys(&mut app, "tab");
    // The form states the convention.
    assert!(
        screen(&app, 100, 30).contains("one author per line, as Family, Given"),
        "{}",
        screen(&app, 100, 30)
    );
    type_text(&mut app, "Anna Söderström");
    keys(&mut app, "tab");
    type_text(&mut app, "2019");
    keys(&mut app, "ctrl-s");
    assert_eq!(app.mode(), Mode::Form, "the first save asks");
    let m = message(&app);
    assert!(
        m.contains("\"Anna Söderström\"") && m.contains("Family, Given"),
        "{m}"
    );
    assert!(study_file(dir.path(), "anna-soderstrom-2019").is_none());

    // Fixed as "Family, Given": the id follows the family name, and it saves.
    keys(&mut app, "shift-tab ctrl-u");
    type_text(&mut app, "Söderström, Anna");
    assert_eq!(app.form().unwrap().value(&FieldKey::Id), "soderstrom-2019");
    keys(&mut app, "ctrl-s");
    assert_eq!(app.mode(), Mode::Normal, "{}", message(&app));
    assert!(study_file(dir.path(), "soderstrom-2019").is_some());
}

#[test]
fn a_second_save_keeps_an_author_typed_given_name_first() {
    let dir = small_review(&[("smith-2019", PLAIN)]);
    let mut app = open(dir.path(), 100, 30);
    keys(&mut app, "a");
    type_text(&mut app, "A new study");
    keys(&mut app, "tab");
    type_text(&mut app, "World Health Organization");
    keys(&mut app, "enter");
    type_text(&mut app, "Anna Söderström");
    keys(&mut app, "tab");
    type_text(&mut app, "2019");
    keys(&mut app, "ctrl-s");
    assert_eq!(app.mode(), Mode::Form, "the first save asks");
    let m = message(&app);
    assert!(
        m.contains("Anna Söderström") && !m.contains("World Health"),
        "a corporate author is not questioned: {m}"
    );
    keys(&mut app, "ctrl-s");
    assert_eq!(app.mode(), Mode::Normal, "{}", message(&app));
    let id = app.form().map(|f| f.value(&FieldKey::Id));
    assert_eq!(id, None);
    let saved = std::fs::read_dir(dir.path().join("studies"))
        .unwrap()
        .count();
    assert_eq!(saved, 2);
}

/// The appraisal tally of the example: long, scattered citation lists.
fn appraisal_tally(w: u16, h: u16) -> (tempfile::TempDir, litrev::tui::app::App) {
    let dir = example_copy();
    let mut app = open(dir.path(), w, h);
    keys(&mut app, "t");
    while app.tally().tally.as_ref().unwrap().by != litrev::manuscript::tally::By::Appraisal {
        keys(&mut app, "tab");
    }
    (dir, app)
}

/// Every part of every group's citation is in the counts, in order.
fn assert_every_citation_shown(app: &litrev::tui::app::App, shown: &str) {
    let counts = &shown[..shown.find(" Sentence").unwrap()];
    let mut from = 0;
    let t = app.tally().tally.as_ref().unwrap();
    for g in t
        .groups
        .iter()
        .flat_map(|g| std::iter::once(g).chain(&g.children))
    {
        for part in format!("[{}]", g.citation).split(' ') {
            match counts[from..].find(part) {
                Some(at) => from += at + part.len(),
                None => panic!("{part} of {} is not shown:\n{shown}", g.label),
            }
        }
    }
}

#[test]
fn long_citation_lists_wrap_in_the_tally_at_120_columns() {
    let (_dir, app) = appraisal_tally(120, 40);
    let shown = screen(&app, 120, 40);
    assert_every_citation_shown(&app, &shown);
    assert_snapshot!(shown);
}

#[test]
fn long_citation_lists_wrap_in_the_tally_at_60_columns() {
    // 66 rows (was 60): the example's ROBINS-I judgements add two groups.
    let (_dir, app) = appraisal_tally(60, 66);
    let shown = screen(&app, 60, 66);
    assert_every_citation_shown(&app, &shown);
    assert_snapshot!(shown);
}

#[test]
fn the_tally_scrolls_to_the_last_wrapped_row_and_stops() {
    let (_dir, mut app) = appraisal_tally(50, 14);
    let t = app.tally().tally.clone().unwrap();
    // The last citation of the last row.
    let last = t.groups.last().unwrap();
    let last = last.children.last().unwrap_or(last);
    let last_ref = last.refs.last().unwrap().to_string();
    for _ in 0..200 {
        keys(&mut app, "j");
    }
    let end = app.tally().scroll;
    let shown = screen(&app, 50, 14);
    assert!(shown.contains(&format!("{last_ref}]")), "{shown}");
    keys(&mut app, "j");
    assert_eq!(app.tally().scroll, end, "stops at the end");
    keys(&mut app, "k");
    assert_eq!(app.tally().scroll, end - 1);
}

#[test]
fn a_large_review_shows_its_first_studies_and_how_far_the_load_has_come() {
    use litrev::store::{FIRST, Loading, synth};
    use litrev::tui::{Action, App, Keymap, update};
    let dir = tempfile::tempdir().unwrap();
    synth::write_review(dir.path(), 1_500).unwrap();
    let loading = Loading::start(dir.path()).unwrap();
    while !loading.is_done() {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // The first studies read make a review of their own, shown at once
    // with the count of the load in place of the count of studies.
    let first = loading.take_first().expect("a first screen");
    assert_eq!(first.studies.len(), FIRST);
    let mut app = App::new(first, false, Keymap::defaults());
    app.set_loading(Some((500, 1_500)));
    update(&mut app, Action::Resize(100, 30));
    let early = screen(&app, 100, 30);
    assert!(early.contains("loading 500 of 1 500…"), "{early}");
    // Then the whole review takes its place.
    let loaded = loading.finish().unwrap();
    assert_eq!(loaded.studies.len(), 1_500);
    app.finish_loading(loaded);
    app.set_loading(None);
    let whole = screen(&app, 100, 30);
    assert!(
        whole.contains("1500 studies") || whole.contains("1 500 studies"),
        "{whole}"
    );
    assert!(!whole.contains("loading"), "{whole}");
}
