//! Shared helpers for the terminal-interface tests: a temporary review, an
//! `App` driven by key presses through `update`, and the screen as text.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use litrev::store;
use litrev::tui::keymap::Key;
use litrev::tui::{App, Keymap, action_for_key, render, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

/// A copy of `data/example` in a temporary folder.
pub fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example"),
        dir.path(),
    );
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// A small review with the given study files (file stem, text).
pub fn small_review(studies: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("review.toml"),
        r#"format = 1
title = "A small review"

[[designs]]
key = "qualitative"
label = "qualitative studies"
short = "Qualitative"
instrument = "casp-qualitative"

  [[designs.children]]
  key = "patient"
  label = "patient perspective"
  short = "Qual: patient"

[[designs]]
key = "rct"
label = "RCTs"
short = "RCT"
instrument = "rob2"

[fields.country]
label = "Country"
kind = "text"
"#,
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("studies")).unwrap();
    for (stem, text) in studies {
        std::fs::write(
            dir.path().join("studies").join(format!("{stem}.toml")),
            text,
        )
        .unwrap();
    }
    dir
}

/// Opens the review at `dir` in an `App` of `w`×`h`, with the default keymap.
pub fn open(dir: &Path, w: u16, h: u16) -> App {
    let loaded = store::load(dir).unwrap();
    let mut app = App::new(loaded, false, Keymap::defaults());
    update(&mut app, litrev::tui::Action::Resize(w, h));
    app
}

/// Presses the keys named in `keys`, separated by spaces ("j j ctrl-d", "/").
pub fn keys(app: &mut App, keys: &str) {
    for k in keys.split(' ').filter(|k| !k.is_empty()) {
        press(app, Key::parse(k).unwrap());
    }
}

/// Types text, one character at a time.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(
            app,
            Key {
                code: ratatui::crossterm::event::KeyCode::Char(c),
                mods: ratatui::crossterm::event::KeyModifiers::NONE,
            },
        );
    }
}

fn press(app: &mut App, key: Key) {
    let ev = KeyEvent::new(key.code, key.mods);
    if let Some(a) = action_for_key(app, &ev) {
        update(app, a);
    }
}

/// Renders the app into a `w`×`h` buffer.
pub fn buffer(app: &App, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(f, app)).unwrap();
    t.backend().buffer().clone()
}

/// The screen as text, one line per row (trailing spaces trimmed).
pub fn screen(app: &App, w: u16, h: u16) -> String {
    let buf = buffer(app, w, h);
    let mut out = String::new();
    for y in 0..buf.area.height {
        out.push_str(row_text(&buf, y).trim_end());
        out.push('\n');
    }
    out
}

/// One row's text, skipping the cells hidden behind wide characters.
pub fn row_text(buf: &Buffer, y: u16) -> String {
    let mut line = String::new();
    let mut skip = 0;
    for x in 0..buf.area.width {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let sym = buf[(x, y)].symbol();
        skip = sym.width().saturating_sub(1);
        line.push_str(sym);
    }
    line
}

fn style_name(fg: Color, bg: Color, m: Modifier) -> String {
    let mut parts = Vec::new();
    if fg != Color::Reset {
        parts.push(format!("fg={fg:?}"));
    }
    if bg != Color::Reset {
        parts.push(format!("bg={bg:?}"));
    }
    for (flag, name) in [
        (Modifier::BOLD, "bold"),
        (Modifier::DIM, "dim"),
        (Modifier::ITALIC, "italic"),
        (Modifier::UNDERLINED, "underlined"),
        (Modifier::REVERSED, "reversed"),
    ] {
        if m.contains(flag) {
            parts.push(name.to_string());
        }
    }
    if parts.is_empty() {
        "plain".into()
    } else {
        parts.join(",")
    }
}

/// Rows `ys`, columns `xs`, as runs of equally styled text:
/// `[fg=Yellow,bold,underlined]"allianc"`; plain runs are shown as text only.
pub fn styled_rows(buf: &Buffer, ys: std::ops::Range<u16>, xs: std::ops::Range<u16>) -> String {
    let mut out = String::new();
    for y in ys {
        let mut runs: Vec<(String, String)> = Vec::new();
        let mut skip = 0;
        for x in xs.clone() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let c = &buf[(x, y)];
            skip = c.symbol().width().saturating_sub(1);
            let name = style_name(c.fg, c.bg, c.modifier);
            match runs.last_mut() {
                Some((n, text)) if *n == name => text.push_str(c.symbol()),
                _ => runs.push((name, c.symbol().to_string())),
            }
        }
        for (name, text) in runs {
            out.push_str(&format!("[{name}]{text:?} "));
        }
        out.push('\n');
    }
    out
}

/// The text of a study file in `dir`.
pub fn study_file(dir: &Path, id: &str) -> Option<String> {
    std::fs::read_to_string(study_path(dir, id)).ok()
}

/// The path of a study file in `dir`.
pub fn study_path(dir: &Path, id: &str) -> PathBuf {
    dir.join("studies").join(format!("{id}.toml"))
}
