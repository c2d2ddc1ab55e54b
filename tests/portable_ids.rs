//! Portable file names: no id litrev proposes or accepts makes a file name
//! Windows reserves (`con.toml`, `nul.toml`, …), and an id typed by hand
//! keeps every character typed, with the field saying what it refuses
//! (before, `Smith-2020` silently became `mith-2020`).

mod common;
mod tui_support;

use std::path::Path;

use common::*;
use litrev::tui::Mode;
use litrev::tui::form::FieldKey;
use tui_support::*;

/// True for a file stem Windows reserves (its part before the first dot is
/// a device name, in any case).
fn reserved_on_windows(stem: &str) -> bool {
    let first = stem.split('.').next().unwrap_or(stem).to_ascii_lowercase();
    let mut names = vec!["con", "prn", "aux", "nul"]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    for n in 1..=9 {
        names.push(format!("com{n}"));
        names.push(format!("lpt{n}"));
    }
    names.contains(&first)
}

/// The stems of the study files of `dir`.
fn stems(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join("studies"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".toml").map(str::to_string)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn records_without_a_year_from_authors_named_like_devices_get_portable_file_names() {
    let fx = Fixture::new("format = 1\ntitle = \"T\"\n");
    let mut ris = String::new();
    for (i, name) in ["Con", "Nul", "Aux", "Com1", "PRN", "Lpt9", "con"]
        .iter()
        .enumerate()
    {
        ris.push_str(&format!(
            "TY  - JOUR\nTI  - A record by {name} number {i}\nAU  - {name}, A.\nER  - \n\n"
        ));
    }
    let file = fx.root().join("devices.ris");
    std::fs::write(&file, ris).unwrap();
    litrev()
        .args(["import"])
        .arg(&file)
        .arg("--into")
        .arg(fx.root())
        .assert()
        .success();
    let stems = stems(fx.root());
    assert_eq!(stems.len(), 7, "{stems:?}");
    for s in &stems {
        assert!(!reserved_on_windows(s), "{s}.toml: {stems:?}");
    }
    assert!(stems.contains(&"con-study".to_string()), "{stems:?}");
    assert!(stems.contains(&"con-studyb".to_string()), "{stems:?}");
    // And every one loads.
    litrev().arg("check").arg(fx.root()).assert().success();
}

/// Moves the form's focus to the Id field.
fn focus_id(app: &mut litrev::tui::App) {
    for _ in 0..30 {
        if app.form().unwrap().focused().unwrap().key == FieldKey::Id {
            return;
        }
        keys(app, "backtab");
    }
    panic!("no Id field");
}

#[test]
fn a_typed_id_keeps_what_was_typed_and_says_what_it_refuses() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "a");
    type_text(&mut app, "A study typed by hand");
    focus_id(&mut app);
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "Smith-2020");
    let f = app.form().unwrap();
    assert_eq!(f.value(&FieldKey::Id), "Smith-2020", "nothing dropped");
    let error = f.focused().unwrap().error.clone().expect("a problem shown");
    assert!(error.contains("\"S\" is not allowed"), "{error}");
    assert!(error.contains("lower-case"), "{error}");
    let shown = screen(&app, 120, 35);
    assert!(shown.contains("\"S\" is not allowed"), "{shown}");
    // Saving is refused, nothing is written; fixing the id saves it.
    let before = stems(dir.path());
    keys(&mut app, "ctrl-s");
    assert_eq!(app.mode(), Mode::Form);
    assert_eq!(stems(dir.path()), before);
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "smith-2020");
    assert!(app.form().unwrap().focused().unwrap().error.is_none());
    keys(&mut app, "ctrl-s");
    assert_eq!(app.mode(), Mode::Normal, "{:?}", app.message());
    assert!(study_file(dir.path(), "smith-2020").is_some());
}

#[test]
fn an_id_windows_reserves_is_refused_in_the_form() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "a");
    type_text(&mut app, "A study named like a device");
    focus_id(&mut app);
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "nul.2020");
    let error = app
        .form()
        .unwrap()
        .focused()
        .unwrap()
        .error
        .clone()
        .expect("a problem shown");
    assert!(error.contains("Windows"), "{error}");
    keys(&mut app, "ctrl-s");
    assert_eq!(app.mode(), Mode::Form);
    assert!(study_file(dir.path(), "nul.2020").is_none());
}

#[test]
fn the_add_form_proposes_a_portable_id_for_an_author_named_con() {
    let dir = example_copy();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "a");
    type_text(&mut app, "A study");
    keys(&mut app, "tab");
    type_text(&mut app, "Con, Ann");
    assert_eq!(app.form().unwrap().value(&FieldKey::Id), "con-study");
}

#[test]
fn check_warns_about_a_study_file_windows_reserves_and_still_loads_it() {
    let fx =
        Fixture::new("format = 1\ntitle = \"T\"\n[[designs]]\nkey = \"rct\"\nlabel = \"RCTs\"\n");
    fx.write_study(
        "aux",
        "id = \"aux\"\ntitle = \"Made on Linux\"\nauthors = [\"Aux, A\"]\nyear = 2020\ndesign = \"rct\"\n",
    );
    let out = litrev().arg("check").arg(fx.root()).assert().success();
    let err = String::from_utf8_lossy(&out.get_output().stdout).into_owned()
        + &String::from_utf8_lossy(&out.get_output().stderr);
    assert!(err.contains("aux.toml"), "{err}");
    assert!(err.contains("Windows reserves"), "{err}");
    let listed = litrev()
        .args(["list", "--format", "csv"])
        .arg(fx.root())
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&listed.get_output().stdout).contains("Made on Linux"));
}

#[test]
fn search_add_refuses_a_file_name_windows_reserves_or_one_differing_only_by_case() {
    let fx = Fixture::new("format = 1\ntitle = \"Alliance\"\n");
    let tmp = tempfile::tempdir().unwrap();
    let embase = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/screening/embase.ris"),
    )
    .unwrap();
    let add = |name: &str, bytes: &[u8]| {
        let file = tmp.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let out = litrev()
            .current_dir(fx.root())
            .args(["search", "add"])
            .arg(&file)
            .args(["--database", "Embase", "--date", "2026-11-02"])
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let before = fx.snapshot();
    let (code, err) = add("con.ris", &embase);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("Windows reserves"), "{err}");
    assert_eq!(fx.snapshot(), before, "nothing written");
    let (code, err) = add("embase.ris", &embase);
    assert_eq!(code, 0, "{err}");
    let before = fx.snapshot();
    let mut other = embase.clone();
    other.extend_from_slice(b"\n");
    let (code, err) = add("Embase.ris", &other);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("only by case"), "{err}");
    assert_eq!(fx.snapshot(), before, "nothing written");
}
