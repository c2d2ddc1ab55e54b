//! Every syntax error is reported where the user has to look: a dotted key
//! nested too deep at the part past the limit, a binary file at its first
//! control character, a keymap problem at its action as `path:line:col:`,
//! a keymap that is not UTF-8 at its first bad byte.

mod common;

use std::path::Path;

use common::{Fixture, litrev, stdout};
use litrev::tui::Keymap;

fn check(f: &Fixture) -> String {
    let out = litrev().arg("check").arg(f.root()).output().unwrap();
    stdout(&out)
}

#[test]
fn a_dotted_key_nested_too_deep_is_reported_where_it_goes_too_deep() {
    let f = Fixture::example();
    let deep = format!("id = \"deep\"\n{}y = 1\n", "x.".repeat(120));
    f.write_study("deep", &deep);
    let header = format!("id = \"head\"\n[{}y]\n", "x.".repeat(120));
    f.write_study("head", &header);
    let out = check(&f);
    // The 80th part starts after 79 parts of two characters.
    assert!(
        out.contains("deep.toml:2:159: not valid TOML: recursion limit"),
        "{out}"
    );
    assert!(
        out.contains("head.toml:2:160: not valid TOML: recursion limit"),
        "{out}"
    );
    assert!(!out.contains(":1:1: not valid TOML"), "{out}");
}

#[test]
fn a_file_of_nul_bytes_is_reported_at_its_first_byte() {
    let f = Fixture::example();
    std::fs::write(f.study_path("zeros"), vec![0u8; 100_000]).unwrap();
    std::fs::write(
        f.study_path("late"),
        b"id = \"late\"\ntitle = \"x\"\n\0\0\0",
    )
    .unwrap();
    let out = check(&f);
    assert!(
        out.contains("zeros.toml:1:1: not valid TOML: control character U+0000"),
        "{out}"
    );
    assert!(
        out.contains("late.toml:3:1: not valid TOML: control character U+0000"),
        "{out}"
    );
}

#[test]
fn a_too_deep_review_toml_points_into_the_line() {
    let f = Fixture::example();
    let text = f.read("review.toml");
    f.write_review(&format!(
        "{text}\nx = {}{}\n",
        "[".repeat(200),
        "]".repeat(200)
    ));
    let out = check(&f);
    let line = text.lines().count() + 2;
    assert!(out.contains(&format!("review.toml:{line}:")), "{out}");
    assert!(!out.contains("review.toml:1:1:"), "{out}");
}

fn keymap_error(src: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keymap.toml"), src).unwrap();
    let (_, err) = Keymap::load(Some(dir.path()));
    let err = err.expect("a keymap error");
    let shown = err.to_string();
    let prefix = dir.path().join("keymap.toml").display().to_string();
    shown
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{shown}"))
        .to_string()
}

#[test]
fn keymap_errors_read_path_line_col_at_the_action() {
    assert_eq!(
        keymap_error(b"[normal]\nquit   =   \"hyper-q\"\n")
            .split(": use")
            .next()
            .unwrap(),
        ":2:1: unknown key \"hyper-q\""
    );
    let e = keymap_error(b"[form]\nsubmit = \"enter\"\n  cancel = [\n  \"esc\",\n  3,\n]\n");
    assert!(e.starts_with(":3:3: form.cancel must be a key"), "{e}");
    let e = keymap_error(b"[normal]\nsearch = \"j\"\ndown = [\"down\", \"j\"]\n");
    assert!(
        e.starts_with(":3:1: j is given to both search and down"),
        "{e}"
    );
}

#[test]
fn a_keymap_that_is_not_utf8_is_located_at_its_first_bad_byte() {
    let e = keymap_error(b"[normal]\nquit = \"\xe9\"\n");
    assert!(
        e.starts_with(":2:9: not UTF-8 text (byte 0xe9 here)"),
        "{e}"
    );
}

#[test]
fn binary_and_too_deep_keymaps_are_located() {
    let e = keymap_error(&[0u8; 300]);
    assert!(e.starts_with(":1:1: "), "{e}");
    assert!(e.contains("U+0000"), "{e}");
    let e = keymap_error(format!("[normal]\n{}y = \"q\"\n", "x.".repeat(200)).as_bytes());
    assert!(!e.starts_with(":1:1:"), "{e}");
    assert!(e.starts_with(":2:"), "{e}");
}

#[test]
fn a_keymap_path_with_control_characters_is_shown_inert() {
    let e = litrev::tui::keymap::KeymapError {
        path: Path::new("a\u{1b}[2Jb/keymap.toml").to_path_buf(),
        at: Some((1, 1)),
        message: "x".into(),
    };
    assert!(!e.to_string().contains('\u{1b}'), "{e}");
}
