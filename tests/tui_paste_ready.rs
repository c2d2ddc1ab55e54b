//! Issue 21, point 5: screens that show what matters. The reviewer's own
//! fields above an imported abstract; columns that share the width by what
//! they hold; a grid that uses the width and scrolls sideways, with "not
//! applicable" as a state of its own; pickers that jump by word, count and
//! stop at the ends; Enter in the problems list opens the study; the form
//! saves only with its save key, saying what changed. Snapshots at 80×24
//! and 120×35.

mod tui_support;

use insta::assert_snapshot;
use litrev::tui::app::Mode;
use litrev::tui::form::{FieldKey, Input};
use tui_support::*;

/// An imported record: a long abstract and keywords, and the reviewer's
/// design, tags, extraction and appraisal.
const IMPORTED: &str = r#"id = "imported-2022"
ref = 7
title = "Alliance and outcome in physiotherapy for low back pain: a cohort study"
authors = ["Okafor, Ada", "Lee, Ben"]
year = 2022
journal = "Journal of Physiotherapy"
doi = "10.1000/jp.2022.7"
volume = "68"
pages = "101-109"
keywords = ["therapeutic alliance", "low back pain", "physiotherapy", "cohort"]
abstract = """Background: the therapeutic alliance may predict outcome. Methods: a prospective cohort of adults with low back pain treated in primary care physiotherapy completed the Working Alliance Inventory after the third session. Results: alliance predicted pain and function at twelve weeks after adjustment for baseline severity. Conclusions: the alliance deserves attention in training and practice. This abstract goes on, as imported abstracts do, for many more lines than a detail pane can show at once, with details of the sample, the setting, the analysis and its limits, and more."""
design = "rct"
tags = ["communication", "trust"]

[extraction]
country = "Norway"

[[appraisals]]
instrument = "rob2"
reviewer = "consensus"
answers = { d1 = "low", d2 = "some-concerns", d3 = "low", d4 = "low", d5 = "low" }
"#;

fn position(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle))
}

#[test]
fn the_reviewers_fields_come_before_the_abstract() {
    let dir = small_review(&[("imported-2022", IMPORTED)]);
    for (w, h) in [(80, 24), (120, 35)] {
        let app = open(dir.path(), w, h);
        let s = screen(&app, w, h);
        let fields: &[&str] = if h < 30 {
            &["Ref", "Design", "Tags", "Country"]
        } else {
            &["Ref", "Design", "Tags", "Country", "Appraisal"]
        };
        for field in fields {
            let at = position(&s, &format!("{field:<14}"))
                .unwrap_or_else(|| panic!("{field} is on screen at {w}×{h}:\n{s}"));
            if let Some(abs) = position(&s, "Abstract") {
                assert!(at < abs, "{field} above the abstract:\n{s}");
            }
        }
        assert_snapshot!(format!("detail_imported_{w}x{h}"), s);
    }
}

#[test]
fn the_appraisal_is_never_cut_while_the_title_has_room() {
    let dir = example_copy();
    let app = open(dir.path(), 120, 35);
    let s = screen(&app, 120, 35);
    let ward = s
        .lines()
        .find(|l| l.contains(" Ward "))
        .expect("Ward's row");
    assert!(ward.contains("AMSTAR 2: critically low "), "{ward}");
    assert_snapshot!("table_120x35", s);
    // Short of room: a short form, never "AMSTAR 2: crit…".
    let app = open(dir.path(), 80, 24);
    let s = screen(&app, 80, 24);
    let ward = s
        .lines()
        .find(|l| l.contains(" Ward "))
        .expect("Ward's row");
    assert!(ward.contains("AMSTAR 2 crit. low"), "{ward}");
    assert!(!s.contains("AMSTAR 2: crit…"), "{s}");
    assert_snapshot!("table_80x24", s);
}

#[test]
fn a_judgement_not_reconciled_keeps_its_mark_in_the_short_form() {
    // Two reviewers, the same overall, items that differ.
    let study = r#"id = "two-2021"
ref = 1
title = "A review appraised by two"
authors = ["Ward, Ann"]
year = 2021
design = "rct"

[[appraisals]]
instrument = "rob2"
reviewer = "AB"
answers = { d1 = "low", d2 = "high", d3 = "low", d4 = "low", d5 = "low" }

[[appraisals]]
instrument = "rob2"
reviewer = "CD"
answers = { d1 = "high", d2 = "low", d3 = "low", d4 = "low", d5 = "low" }
"#;
    let dir = small_review(&[("two-2021", study)]);
    let s = screen(&open(dir.path(), 120, 35), 120, 35);
    assert!(s.contains("RoB 2: high risk (not reconciled)"), "{s}");
    let s = screen(&open(dir.path(), 60, 24), 60, 24);
    assert!(s.contains("RoB 2 high risk ≠"), "{s}");
}

#[test]
fn the_grid_uses_the_width_scrolls_sideways_and_counts_not_applicable_apart() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    // The first study is a systematic review: the grid opens on AMSTAR 2.
    keys(&mut app, "v");
    let s = screen(&app, 120, 35);
    assert!(s.contains("AMSTAR"), "{s}");
    // Answers that say an item does not apply are "na", counted apart.
    assert!(s.lines().any(|l| l.contains(" na ")), "{s}");
    assert!(s.contains("na not applicable"), "{s}");
    assert!(
        s.contains("Answers per item (14 of 16):"),
        "the summary says it is cut: {s}"
    );
    assert!(
        s.lines()
            .any(|l| l.starts_with("│q11") && l.contains("na ")),
        "q11's share of na: {s}"
    );
    assert_snapshot!("grid_amstar2_120x35", s);
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "v");
    let s = screen(&app, 80, 24);
    assert!(s.contains("›"), "more items to the right are marked: {s}");
    assert_snapshot!("grid_amstar2_80x24", s);
    keys(&mut app, "l l l l");
    let s = screen(&app, 80, 24);
    assert!(s.contains("‹"), "scrolled sideways: {s}");
    assert_snapshot!("grid_amstar2_80x24_scrolled", s);
    // One study is "1 study".
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "v");
    for _ in 0..8 {
        if screen(&app, 120, 35).contains("SANRA") {
            break;
        }
        keys(&mut app, "tab");
    }
    let s = screen(&app, 120, 35);
    assert!(s.contains("· 1 study "), "{s}");
    assert!(!s.contains("1 studies"), "{s}");
}

#[test]
fn enter_moves_to_the_next_field_and_the_save_key_says_what_changed() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    let id = app.selected_study().unwrap().id.clone();
    let before = study_file(dir.path(), &id).unwrap();
    keys(&mut app, "e end");
    type_text(&mut app, " (stray)");
    keys(&mut app, "enter");
    // Nothing written: the form is open on the next field.
    assert_eq!(app.mode(), Mode::Form);
    assert_eq!(study_file(dir.path(), &id).unwrap(), before);
    assert_eq!(
        app.form().unwrap().focused().unwrap().key,
        FieldKey::Authors
    );
    assert_snapshot!("form_after_enter_80x24", screen(&app, 80, 24));
    // The save key saves, and says what changed in one line.
    keys(&mut app, "ctrl-s");
    assert_eq!(app.mode(), Mode::Normal);
    assert!(study_file(dir.path(), &id).unwrap().contains("(stray)"));
    let m = app.message().unwrap().text.clone();
    assert_eq!(m, format!("saved studies/{id}.toml: title changed"));
}

#[test]
fn enter_in_the_problems_list_opens_the_study() {
    let bad = "id = \"bad-2020\"\ntitle = \"Has a problem\"\nauthors = [\"Doe, Jo\"]\nyear = 2020\ndesign = \"nowhere\"\n";
    let good = "id = \"good-2019\"\ntitle = \"Fine\"\nauthors = [\"Roe, Al\"]\nyear = 2019\ndesign = \"rct\"\n";
    let dir = small_review(&[("good-2019", good), ("bad-2020", bad)]);
    let mut app = open(dir.path(), 80, 24);
    assert_eq!(app.selected_study().unwrap().id, "bad-2020");
    keys(&mut app, "j");
    assert_eq!(app.selected_study().unwrap().id, "good-2019");
    keys(&mut app, "p");
    assert!(app.pager().is_some());
    // (No snapshot: the list names the file by its temporary path.)
    let s = screen(&app, 80, 24);
    assert!(s.contains("bad-2020.toml:5:10: design"), "{s}");
    assert!(
        s.contains("Enter open the study"),
        "the key is offered: {s}"
    );
    keys(&mut app, "enter");
    assert!(app.pager().is_none(), "the list closes");
    assert_eq!(app.selected_study().unwrap().id, "bad-2020");
}

#[test]
fn choice_pickers_jump_by_word_count_studies_and_stop_at_the_ends() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    // Title, Authors, Year, Journal, DOI, Ref, then Design.
    keys(&mut app, "e tab tab tab tab tab tab");
    assert_eq!(app.form().unwrap().focused().unwrap().key, FieldKey::Design);
    let label = |app: &litrev::tui::App| match &app.form().unwrap().focused().unwrap().input {
        Input::Choice {
            options, current, ..
        } => options[*current].1.clone(),
        _ => String::new(),
    };
    // "phys" is the start of a word of "Qual: physio", not of its first.
    type_text(&mut app, "phys");
    assert!(label(&app).ends_with("Qual: physio"), "{}", label(&app));
    let s = screen(&app, 120, 35);
    assert!(s.contains("Qual: physio (5 studies)"), "{s}");
    // Again from the start: "phys" only ever finds the physiotherapist
    // perspective, whatever the cursor passed.
    // "sec" jumps to "Secondary RCT".
    keys(&mut app, "left");
    type_text(&mut app, "sec");
    assert!(label(&app).ends_with("Secondary RCT"), "{}", label(&app));
    // Home, then Left stays on the first choice: no wrapping round.
    keys(&mut app, "home left left");
    let first = label(&app);
    keys(&mut app, "end right right");
    let last = label(&app);
    assert_ne!(first, last);
    keys(&mut app, "home left");
    assert_eq!(label(&app), first);
    assert_snapshot!("design_picker_80x24", screen(&app, 80, 24));
}

#[test]
fn the_filter_picker_counts_each_choice_and_stops_at_the_ends() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "f");
    let s = screen(&app, 80, 24);
    let qual = s
        .lines()
        .find(|l| l.contains("] Qualitative"))
        .expect("row");
    assert!(qual.contains(" 22│"), "the whole group's count: {qual}");
    assert_snapshot!("filter_80x24", s);
    // Up from the first row stays there.
    let cursor = |app: &litrev::tui::App| {
        screen(app, 80, 24)
            .lines()
            .find(|l| l.contains('▸'))
            .unwrap_or("")
            .to_string()
    };
    let top = cursor(&app);
    keys(&mut app, "k k k");
    assert_eq!(cursor(&app), top);
}

#[test]
fn a_footer_too_narrow_for_its_keys_says_so_and_keeps_help() {
    let dir = example_copy();
    let app = open(dir.path(), 80, 24);
    let s = screen(&app, 80, 24);
    let footer = s.lines().last().unwrap_or("");
    assert!(footer.trim_end().ends_with("… ? help"), "{footer}");
    let app = open(dir.path(), 120, 35);
    let s = screen(&app, 120, 35);
    let footer = s.lines().last().unwrap_or("");
    assert!(
        !footer.contains('…') && footer.contains("q quit"),
        "{footer}"
    );
}

#[test]
fn the_tally_tabs_cut_at_80_columns_say_so() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "t");
    let s = screen(&app, 80, 24);
    let tabs = s.lines().nth(1).unwrap_or("");
    assert!(tabs.contains("[design]"), "{s}");
    assert!(
        tabs.trim_end().ends_with('…'),
        "more ways to count are marked: {tabs}"
    );
    assert_snapshot!("tally_80x24", s);
}

#[test]
fn the_filter_picker_jumps_to_a_row_by_the_start_of_a_word() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "f");
    let cursor = |app: &litrev::tui::App| {
        screen(app, 80, 24)
            .lines()
            .find(|l| l.contains('▸'))
            .unwrap_or("")
            .to_string()
    };
    // "p", "h", "y": "Qual: physio" (a word inside the label), not
    // "Qual: patient", which "p" alone finds first.
    keys(&mut app, "p");
    assert!(cursor(&app).contains("Qual: patient"), "{}", cursor(&app));
    keys(&mut app, "h y");
    assert!(cursor(&app).contains("Qual: physio"), "{}", cursor(&app));
    // A tag by a later word; Space then selects the row jumped to.
    keys(&mut app, "down e m p a t h");
    assert!(cursor(&app).contains("empathy"), "{}", cursor(&app));
    keys(&mut app, "space");
    assert!(cursor(&app).contains("[x] empathy"), "{}", cursor(&app));
    // A letter that extends no match starts again from the next row.
    keys(&mut app, "b");
    assert!(cursor(&app).contains("biopsychosocial"), "{}", cursor(&app));
}

#[test]
fn the_detail_pane_says_what_is_cut_above_and_below() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    let border = |app: &litrev::tui::App| {
        screen(app, 80, 24)
            .lines()
            .find(|l| l.contains("studies/taylor-2020.toml"))
            .unwrap_or("")
            .to_string()
    };
    assert!(border(&app).ends_with("↓ 18 more (J)"), "{}", border(&app));
    keys(&mut app, "J J");
    assert!(
        border(&app).ends_with("↑ 6 ↓ 12 more (J/K)"),
        "{}",
        border(&app)
    );
    let app = open(dir.path(), 200, 60);
    let s = screen(&app, 200, 60);
    let line = s
        .lines()
        .find(|l| l.contains("studies/taylor-2020.toml"))
        .unwrap_or("");
    assert!(
        !line.contains("more ("),
        "nothing cut, nothing said: {line}"
    );
}
