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
    keys(&mut app, "enter");
    assert_eq!(app.mode(), Mode::Form, "the first save asks");
    let m = message(&app);
    assert!(
        m.contains("Anna Söderström") && !m.contains("World Health"),
        "a corporate author is not questioned: {m}"
    );
    keys(&mut app, "enter");
    assert_eq!(app.mode(), Mode::Normal, "{}", message(&app));
    let id = app.form().map(|f| f.value(&FieldKey::Id));
    assert_eq!(id, None);
    let saved = std::fs::read_dir(dir.path().join("studies"))
        .unwrap()
        .count();
    assert_eq!(saved, 2);
}
