//! Whole screens of the terminal interface, drawn with ratatui's TestBackend
//! after key presses driven through `update`, compared with reviewed
//! snapshots in tests/snapshots/.

mod tui_support;

use insta::assert_snapshot;
use litrev::tui::{Action, update};
use tui_support::*;

#[test]
fn main_screen_120x35() {
    let dir = example_copy();
    let app = open(dir.path(), 120, 35);
    assert_snapshot!(screen(&app, 120, 35));
}

#[test]
fn main_screen_80x24() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "j j");
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn live_search_highlights_matched_characters() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "/");
    type_text(&mut app, "allianc");
    assert_snapshot!("live_search_screen", screen(&app, 120, 35));
    // Colour carries the meaning here: the matched characters of the title
    // and author cells, on the selected row and on a plain one.
    let buf = buffer(&app, 120, 35);
    assert_snapshot!("live_search_styles", styled_rows(&buf, 2..5, 0..120));
}

#[test]
fn search_by_author_highlights_the_author_cell() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "/");
    type_text(&mut app, "tondel");
    keys(&mut app, "enter");
    let buf = buffer(&app, 120, 35);
    assert_snapshot!(styled_rows(&buf, 2..3, 0..40));
}

#[test]
fn appraisal_column_is_coloured_by_judgement() {
    let dir = example_copy();
    let app = open(dir.path(), 120, 35);
    let buf = buffer(&app, 120, 35);
    // Ref, author, year, design and appraisal columns of the first rows.
    assert_snapshot!(styled_rows(&buf, 2..9, 0..70));
}

#[test]
fn filter_by_design() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    // The picker opens on the first design group; j goes to its first child.
    keys(&mut app, "f j space");
    assert_snapshot!("filter_picker", screen(&app, 120, 35));
    keys(&mut app, "enter");
    assert_snapshot!("filter_applied", screen(&app, 120, 35));
}

#[test]
fn edit_form_shows_a_validation_error() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    // Title, Authors, then Year.
    keys(&mut app, "e tab tab ctrl-u");
    type_text(&mut app, "20");
    keys(&mut app, "ctrl-s");
    // The plausible range ends next year: keep the snapshot stable.
    let next_year = litrev::store::parse::plausible_years().end().to_string();
    assert_snapshot!(screen(&app, 120, 35).replace(&next_year, "[next year]"));
}

#[test]
fn form_refuses_letters_in_a_year_as_they_are_typed() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "e tab tab");
    type_text(&mut app, "a");
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn tally_view() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "t");
    assert_snapshot!("tally_design", screen(&app, 120, 35));
    keys(&mut app, "tab tab tab");
    assert_snapshot!("tally_appraisal", screen(&app, 120, 35));
}

#[test]
fn tally_follows_the_filter() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "f space enter t");
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn help_screen() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 35);
    keys(&mut app, "?");
    assert_snapshot!(screen(&app, 80, 35));
}

#[test]
fn too_small_screen() {
    let dir = example_copy();
    let app = open(dir.path(), 20, 6);
    assert_snapshot!(screen(&app, 20, 6));
    // Every size down to nothing draws without panicking.
    for (w, h) in [
        (0, 0),
        (1, 1),
        (0, 5),
        (5, 0),
        (49, 40),
        (200, 11),
        (50, 12),
    ] {
        let mut app = open(dir.path(), w, h);
        for k in [
            "j", "/", "x", "enter", "e", "esc", "t", "?", "esc", "t", "f", "esc",
        ] {
            keys(&mut app, k);
            let _ = screen(&app, w, h);
        }
    }
}

const CJK: &str = r#"id = "wang-2021"
ref = 1
title = "患者と理学療法士の治療同盟：質的研究 🤝 with emoji 👩‍⚕️ and more text to cut"
authors = ["王, 小明", "Søderstrøm, Siri"]
year = 2021
design = "qualitative/patient"
"#;

const PLAIN: &str = r#"id = "smith-2019"
ref = 2
title = "A plain title about the therapeutic alliance"
authors = ["Smith, John"]
year = 2019
design = "rct"
"#;

const HOSTILE: &str = r#"id = "evil-2020"
ref = 3
title = "Red \u001b[31mALERT\u001b[0m and a bell \u0007 and \u202eright-to-left"
authors = ["Mallory, \u001b]52;c;aGk=\u0007"]
year = 2020
design = "rct"
notes = "line one\n\u001b[2Jcleared?\ttab"
"#;

#[test]
fn cjk_and_emoji_stay_aligned() {
    let dir = small_review(&[("wang-2021", CJK), ("smith-2019", PLAIN)]);
    let app = open(dir.path(), 80, 24);
    let text = screen(&app, 80, 24);
    assert_snapshot!(text);
}

#[test]
fn escape_sequences_in_a_title_are_inert() {
    let dir = small_review(&[("evil-2020", HOSTILE), ("smith-2019", PLAIN)]);
    let mut app = open(dir.path(), 100, 24);
    keys(&mut app, "j");
    let text = screen(&app, 100, 24);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}'));
    assert_snapshot!(text);
}

#[test]
fn broken_files_open_with_a_problems_banner_and_list() {
    let dir = small_review(&[
        ("smith-2019", PLAIN),
        (
            "bad-2020",
            "id = \"bad-2020\"\ntitle = \"Bad\"\nyear = \"2020a\"\n",
        ),
        ("worse", "this is not toml"),
    ]);
    let mut app = open(dir.path(), 100, 20);
    let main = screen(&app, 100, 20);
    assert!(main.contains("press p to list them"), "{main}");
    keys(&mut app, "p");
    let list = screen(&app, 100, 20).replace(&dir.path().display().to_string(), "[DIR]");
    assert_snapshot!(list);
}

#[test]
fn conflict_dialog_and_side_by_side() {
    let dir = small_review(&[("smith-2019", PLAIN)]);
    let mut app = open(dir.path(), 100, 24);
    let path = study_path(dir.path(), "smith-2019");
    std::fs::write(&path, PLAIN.replace("A plain title", "Their title")).unwrap();
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "My title");
    keys(&mut app, "ctrl-s");
    assert_snapshot!("conflict_dialog", screen(&app, 100, 24));
    keys(&mut app, "b");
    assert_snapshot!("conflict_both", screen(&app, 100, 24));
}

#[test]
fn show_both_wraps_long_lines_and_aligns_inserted_ones() {
    let dir = small_review(&[("smith-2019", PLAIN)]);
    let mut app = open(dir.path(), 80, 24);
    // A co-author added a comment line on top and changed the end of the title.
    let theirs = format!(
        "# checked by SS\n{}",
        PLAIN.replace("alliance\"", "alliance, revised by a co-author\"")
    );
    std::fs::write(study_path(dir.path(), "smith-2019"), &theirs).unwrap();
    keys(&mut app, "e tab end enter");
    type_text(&mut app, "Doe, Jane");
    keys(&mut app, "ctrl-s b");
    let text = screen(&app, 80, 24);
    // Every character of both titles is on screen, and the unchanged lines
    // after the inserted one still face each other.
    let right: String = text
        .lines()
        .filter(|l| l.contains(" │ "))
        .filter_map(|l| l.rsplit(" │ ").next())
        .map(|r| r.trim_end_matches([' ', '│']))
        .collect();
    assert!(
        right.contains("alliance, revised by a co-author\""),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("│year = 2019") && l.contains("│ year = 2019")),
        "{text}"
    );
    assert_snapshot!(text);
}

#[test]
fn a_pager_scrolls_back_from_its_end_at_once() {
    let dir = example_copy();
    let mut app = open(dir.path(), 80, 14);
    keys(&mut app, "? G");
    let end = screen(&app, 80, 14);
    keys(&mut app, "k");
    assert_ne!(screen(&app, 80, 14), end, "one k after G scrolls up");
}

#[test]
fn problems_wrap_in_the_pager_and_scroll_to_their_end() {
    let long = "x".repeat(40);
    let files: Vec<(String, String)> = (0..12)
        .map(|i| {
            (
                format!("bad-{i:02}"),
                format!("id = \"bad-{i:02}\"\ntitle = \"Bad\"\nyear = 2020\nfields_unknown = 1\nref = \"{long} {i:02}\"\n"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = small_review(&refs);
    for w in 50..=70 {
        let mut app = open(dir.path(), w, 14);
        keys(&mut app, "p G");
        let text = screen(&app, w, 14);
        // The last line: the last file in the "Not loaded" list.
        assert!(
            text.lines()
                .any(|l| l.contains("│  /") && l.contains("bad-11.toml")),
            "{w}: {text}"
        );
    }
}

#[test]
fn dialog_answers_stay_on_screen_at_the_smallest_size() {
    let dir = small_review(&[("smith-2019", PLAIN)]);
    let mut app = open(dir.path(), 50, 12);
    let path = study_path(dir.path(), "smith-2019");
    std::fs::write(&path, PLAIN.replace("A plain title", "Their title")).unwrap();
    keys(&mut app, "e ctrl-u");
    type_text(&mut app, "My title");
    keys(&mut app, "ctrl-s");
    let text = screen(&app, 50, 12);
    for answer in ["reload theirs", "keep mine", "show both", "decide later"] {
        assert!(text.contains(answer), "{answer}:\n{text}");
    }
    assert_snapshot!(text);
    for (w, h) in [(50, 13), (60, 12), (72, 12), (80, 14), (120, 35)] {
        update(&mut app, Action::Resize(w, h));
        let text = screen(&app, w, h);
        assert!(text.contains("decide later"), "{w}×{h}:\n{text}");
    }
    // Quitting over it asks, also at this size.
    update(&mut app, Action::Resize(50, 12));
    keys(&mut app, "ctrl-c");
    let text = screen(&app, 50, 12);
    assert!(text.contains("quit") && text.contains("stay"), "{text}");
}

#[test]
fn tally_counts_stay_in_one_column_past_a_thousand_studies() {
    let mut files = Vec::new();
    for i in 0..1200 {
        let design = if i < 1000 {
            "rct"
        } else {
            "qualitative/patient"
        };
        files.push((
            format!("s-{i:04}"),
            format!(
                "id = \"s-{i:04}\"\nref = {}\ntitle = \"T\"\nyear = 2020\ndesign = \"{design}\"\n",
                i + 1
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = small_review(&refs);
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "t");
    let text = screen(&app, 120, 35);
    let ends: Vec<usize> = text
        .lines()
        .filter(|l| l.contains("%)"))
        .map(|l| l[..l.find("%)").unwrap()].chars().count())
        .collect();
    assert!(ends.len() >= 3, "{text}");
    assert!(ends.iter().all(|&e| e == ends[0]), "{ends:?}\n{text}");
}

/// A review whose every label and value carries control characters and
/// bidirectional overrides.
fn hostile_review() -> tempfile::TempDir {
    let e = "\\u001b[31m\\u0007\\u202e\\u009b2J\\u2066";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("review.toml"),
        format!(
            r#"format = 1
title = "Evil {e} review"

[[designs]]
key = "qualitative"
label = "qual {e} label"
short = "Q{e}"
instrument = "casp-qualitative"

  [[designs.children]]
  key = "patient"
  label = "patient {e} label"
  short = "P{e}"

[fields.country]
label = "Coun{e}try"
kind = "text"

[fields.setting]
label = "Set{e}ting"
kind = "choice"
choices = ["a{e}", "b"]

[fields.n]
label = "N{e}"
kind = "integer"

[fields.things]
label = "Thi{e}ngs"
kind = "list"

[fields.score]
label = "Sco{e}re"
kind = "number"
"#
        ),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("studies")).unwrap();
    let study = format!(
        r#"id = "evil-2020"
ref = 3
title = "Title {e} end"
authors = ["Mal{e}lory, M", "Eve{e}, E"]
year = 2020
journal = "Jour{e}nal"
doi = "10.1/{e}"
design = "qualitative/patient"
tags = ["tag{e}one", "two"]
notes = "line one\n{e}\tsecond line"
"unknown{e}key" = "x"
"unknown\u001b[0mkey2" = "val{e}ue"

[extraction]
country = "Coun{e}try value"
setting = "a{e}"
n = 3
things = ["x{e}", "y"]
score = 1.5

[[appraisals]]
instrument = "casp-qualitative"
reviewer = "Re{e}viewer"
answers = {{ q1 = "yes", q2 = "ye{e}s" }}
comment = "Com{e}ment"
"#
    );
    std::fs::write(dir.path().join("studies/evil-2020.toml"), &study).unwrap();
    std::fs::write(
        dir.path().join("studies/broken\u{1b}[2J\u{202e}.toml"),
        "this is not toml \u{1b}[2J",
    )
    .unwrap();
    dir
}

fn assert_inert(app: &litrev::tui::App, w: u16, h: u16, what: &str) {
    let buf = buffer(app, w, h);
    for y in 0..h {
        for x in 0..w {
            let sym = buf[(x, y)].symbol();
            assert!(
                !sym.chars().any(|c| c.is_control()
                    || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
                "{what}: {sym:?} at {x},{y}:\n{}",
                screen(app, w, h)
            );
        }
    }
}

#[test]
fn hostile_text_is_inert_on_every_screen() {
    let dir = hostile_review();
    let mut app = open(dir.path(), 120, 35);
    let s = app.study("evil-2020").expect("the hostile study loads");
    assert_eq!((s.extraction.len(), s.appraisals.len()), (5, 1));
    assert_inert(&app, 120, 35, "main");
    assert_inert(&app, 50, 12, "main small");
    keys(&mut app, "p");
    assert_inert(&app, 120, 35, "problems");
    keys(&mut app, "esc f");
    for _ in 0..20 {
        assert_inert(&app, 120, 35, "filter");
        keys(&mut app, "j space");
    }
    keys(&mut app, "c enter s");
    assert_inert(&app, 120, 35, "sort");
    keys(&mut app, "esc e");
    for _ in 0..20 {
        assert_inert(&app, 120, 35, "form");
        assert_inert(&app, 60, 14, "form small");
        keys(&mut app, "tab");
    }
    keys(&mut app, "esc");
    keys(&mut app, "t");
    for _ in 0..10 {
        assert_inert(&app, 120, 35, "tally");
        keys(&mut app, "tab");
    }
    keys(&mut app, "y");
    assert_inert(&app, 120, 35, "tally copied");
    // The evidence map, crossing every dimension with the tags and then
    // with every other, on a cell and on the totals.
    keys(&mut app, "t m");
    for _ in 0..12 {
        assert_inert(&app, 120, 35, "map");
        assert_inert(&app, 60, 14, "map small");
        keys(&mut app, "tab j l");
    }
    for _ in 0..12 {
        keys(&mut app, "] G");
        assert_inert(&app, 120, 35, "map totals");
    }
    keys(&mut app, "enter");
    assert_inert(&app, 120, 35, "map cell in the table");
    keys(&mut app, "c t");
    keys(&mut app, "t / x");
    assert_inert(&app, 120, 35, "search");
    keys(&mut app, "esc d");
    assert_inert(&app, 120, 35, "delete dialog");
    keys(&mut app, "esc");
    // A conflict over this study, side by side.
    let path = dir.path().join("studies/evil-2020.toml");
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("year = 2020", "year = 2019");
    std::fs::write(&path, theirs).unwrap();
    keys(&mut app, "e end");
    type_text(&mut app, "!");
    keys(&mut app, "ctrl-s");
    assert_inert(&app, 120, 35, "conflict");
    keys(&mut app, "b");
    assert_inert(&app, 120, 35, "side by side");
    keys(&mut app, "esc esc");
    assert_inert(&app, 120, 35, "decided later");
}

#[test]
fn a_narrow_table_keeps_a_title_column_and_marks_cut_cells() {
    let long = CJK
        .replace("王, 小明", "王小明王小明王小明, 小明")
        .replace("qualitative/patient", "qualitative");
    let dir = small_review(&[("wang-2021", &long), ("smith-2019", PLAIN)]);
    for w in [50, 60, 74] {
        let app = open(dir.path(), w, 12);
        let text = screen(&app, w, 12);
        let row = text.lines().nth(2).unwrap();
        // Columns share the width by what they hold: the long author is
        // cut, with its mark, as far as the room allows.
        assert!(
            row.contains("王小明王") && row.contains("… "),
            "{w}:\n{text}"
        );
        assert!(row.contains("Qualita"), "{w}:\n{text}");
        assert!(row.contains(" 患"), "{w}: the title has room:\n{text}");
    }
    let app = open(dir.path(), 50, 12);
    assert_snapshot!(screen(&app, 50, 12));
}

#[test]
fn help_wraps_on_a_narrow_screen_and_describes_keys_for_its_mode() {
    let dir = example_copy();
    let mut app = open(dir.path(), 50, 40);
    keys(&mut app, "e f1");
    let text = screen(&app, 50, 40);
    assert!(
        text.contains("             multi-line fields)"),
        "the end of 'next field (a new line in multi-line fields)':\n{text}"
    );
    assert!(
        text.contains("delete word"),
        "the end of the typing keys:\n{text}"
    );
    assert!(
        text.contains("save the study") && text.contains("cancel"),
        "{text}"
    );
    assert!(!text.contains("in the table"), "{text}");
}

#[test]
fn the_tally_names_what_it_counts_by_on_a_narrow_screen() {
    let dir = example_copy();
    let mut app = open(dir.path(), 50, 12);
    keys(&mut app, "t tab tab tab tab tab tab tab");
    let text = screen(&app, 50, 12);
    assert!(text.contains("[participants]"), "{text}");
    keys(&mut app, "tab");
    assert!(screen(&app, 50, 12).contains("[design]"));
}
