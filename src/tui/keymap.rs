//! Key bindings as data: the defaults in `data/keymap.toml` (compiled in),
//! overridden action by action by the user's `keymap.toml`.
//!
//! The file has one table per mode; each entry is `action = "key"` or
//! `action = ["key", ...]`. A user entry replaces that action's keys in that
//! mode and takes its keys away from any other action of the mode, so a
//! rebinding never leaves one key meaning two things. The file is read with
//! `toml` and serde; every problem is reported at file:line:col.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use toml::Spanned;

use super::action::Action;
use super::app::Mode;

/// The default keymap, compiled into the binary.
pub const DEFAULT_KEYMAP: &str = include_str!("../../data/keymap.toml");

/// Environment variable naming the folder that holds `keymap.toml`
/// (default: the platform config folder's `litrev`).
pub const CONFIG_DIR_ENV: &str = "LITREV_CONFIG_DIR";

/// One key with its modifiers, normalised (shift is part of the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    /// Normalises a terminal key event so it compares with parsed keys.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let mut code = ev.code;
        match code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    code = KeyCode::Char(c.to_ascii_lowercase());
                }
            }
            KeyCode::BackTab => mods.remove(KeyModifiers::SHIFT),
            _ => {}
        }
        Key { code, mods }
    }

    /// Parses "j", "G", "ctrl-d", "shift-tab", "pagedown", "space", "f1".
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, n) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") && rest.chars().count() > 6 {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            mods |= m;
            rest = &rest[n..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if mods.contains(KeyModifiers::SHIFT) {
                    mods.remove(KeyModifiers::SHIFT);
                    KeyCode::Char(c.to_ascii_uppercase())
                } else if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            (None, _) => return Err("an empty key".into()),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" if mods.contains(KeyModifiers::SHIFT) => {
                    mods.remove(KeyModifiers::SHIFT);
                    KeyCode::BackTab
                }
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" | "ins" => KeyCode::Insert,
                "space" => KeyCode::Char(' '),
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                f if f.starts_with('f')
                    && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
                {
                    KeyCode::F(f[1..].parse().unwrap_or(1))
                }
                _ => {
                    return Err(format!(
                        "unknown key \"{}\": use a character or one of enter, esc, tab, backtab, backspace, delete, space, up, down, left, right, home, end, pageup, pagedown, f1..f12, with ctrl-/alt-/shift-",
                        crate::text::inert_line(s)
                    ));
                }
            },
        };
        Ok(Key { code, mods })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            // A user keymap may bind any character: show it inert.
            KeyCode::Char(c) => f.write_str(&crate::text::inert_line(&c.to_string())),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Delete"),
            KeyCode::Insert => f.write_str("Insert"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The bindings of every mode.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    /// Per mode, the actions in file order with their keys (for help).
    modes: HashMap<Mode, Vec<(Action, Vec<Key>)>>,
    lookup: HashMap<(Mode, Key), Action>,
}

/// Why a keymap file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    pub path: PathBuf,
    /// 1-based line and column (in characters) of the problem, when it is
    /// in the file's text (not for a file that cannot be read at all).
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = crate::text::inert_line(&self.path.display().to_string()).into_owned();
        match self.at {
            Some((line, col)) => write!(f, "{path}:{line}:{col}: {}", self.message),
            None => write!(f, "{path}: {}", self.message),
        }
    }
}

type Table = Vec<(Mode, Vec<(Action, Vec<Key>)>)>;

/// The entries of a TOML table in file order, each key with its place.
struct Ordered<V>(Vec<(Spanned<String>, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visit<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = m.next_key()? {
                    out.push((k, m.next_value()?));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

/// The keys of one action: `"ctrl-d"` or `["j", "down"]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Keys {
    One(String),
    Many(Vec<String>),
}

/// A keymap file: one table per mode, each `action = keys` (read as
/// [`Keys`] once the action is known, so a wrong value is reported with the
/// mode and action it was given to).
type File = Ordered<Spanned<Ordered<Spanned<toml::Value>>>>;

/// Parses keymap TOML into (mode, [(action, keys)]) in file order.
fn parse(src: &str, path: &Path) -> Result<Table, KeymapError> {
    let err = |span: std::ops::Range<usize>, message: String| KeymapError {
        path: path.to_path_buf(),
        at: Some(crate::text::problem::line_col(src, span.start)),
        message,
    };
    let file: File = toml::from_str(src).map_err(|e| {
        // A shape error (a mode that is not a table, an action bound to a
        // number) comes from a file that is valid TOML.
        let what = match src.parse::<toml::Table>() {
            Ok(_) => "",
            Err(_) => "not valid TOML: ",
        };
        let (at, message) = crate::store::parse::syntax::place(
            src,
            e.span().map(|s| s.start),
            &crate::store::parse::located::first_line(e.message()),
        );
        err(at..at, format!("{what}{message}"))
    })?;
    let mut out = Vec::new();
    for (mode_name, table) in file.0 {
        let Some(mode) = Mode::from_name(mode_name.get_ref()) else {
            return Err(err(
                mode_name.span(),
                format!(
                    "unknown mode [{}]: expected one of {}",
                    crate::text::inert_line(mode_name.get_ref()),
                    Mode::ALL
                        .iter()
                        .map(|m| m.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        };
        let mode_name = mode_name.into_inner();
        let mut entries = Vec::new();
        // Which action of this table each key went to, to catch a key given
        // to two actions (the second would silently unbind the first).
        let mut taken: HashMap<Key, String> = HashMap::new();
        for (name, keys) in table.into_inner().0 {
            let Some(action) = Action::from_name(name.get_ref()) else {
                return Err(err(
                    name.span(),
                    format!(
                        "unknown action \"{}\" in [{mode_name}] (see litrev's default keymap for the names)",
                        crate::text::inert_line(name.get_ref())
                    ),
                ));
            };
            // A problem with the keys is reported at the action they are
            // given to (the value may be a list over many lines).
            let span = name.span();
            let name = name.into_inner();
            let strs = match Keys::deserialize(keys.into_inner()) {
                Ok(Keys::One(s)) => vec![s],
                Ok(Keys::Many(v)) => v,
                Err(_) => {
                    return Err(err(
                        span,
                        format!("{mode_name}.{name} must be a key (\"ctrl-d\") or a list of keys"),
                    ));
                }
            };
            let mut bound = Vec::new();
            for s in strs {
                let key = Key::parse(&s).map_err(|m| err(span.clone(), m))?;
                match taken.insert(key, name.clone()) {
                    Some(other) if other != name => {
                        return Err(err(
                            span,
                            format!("{key} is given to both {other} and {name} in [{mode_name}]"),
                        ));
                    }
                    _ => {}
                }
                bound.push(key);
            }
            entries.push((action, bound));
        }
        out.push((mode, entries));
    }
    Ok(out)
}

/// A keymap that is not UTF-8, reported at its first byte that is not.
fn not_utf8(path: &Path, e: &std::string::FromUtf8Error) -> KeymapError {
    let bytes = e.as_bytes();
    let valid = e.utf8_error().valid_up_to();
    let before = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
    KeymapError {
        path: path.to_path_buf(),
        at: Some(crate::text::problem::line_col(before, valid)),
        message: format!(
            "not UTF-8 text (byte 0x{:02x} here); save the file as UTF-8",
            bytes.get(valid).copied().unwrap_or(0)
        ),
    }
}

impl Keymap {
    /// The compiled-in defaults.
    pub fn defaults() -> Keymap {
        let mut km = Keymap::default();
        if let Ok(table) = parse(DEFAULT_KEYMAP, Path::new("data/keymap.toml")) {
            km.apply(table);
        }
        km
    }

    /// The defaults overridden by the TOML text of a user keymap.
    pub fn with_overrides(src: &str, path: &Path) -> Result<Keymap, KeymapError> {
        let table = parse(src, path)?;
        let mut km = Keymap::defaults();
        km.apply(table);
        Ok(km)
    }

    /// The folder holding the user's `keymap.toml`.
    pub fn config_dir() -> Option<PathBuf> {
        match std::env::var_os(CONFIG_DIR_ENV) {
            Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
            _ => dirs::config_dir().map(|d| d.join("litrev")),
        }
    }

    /// Loads the defaults plus the user keymap in `dir` (if any). A bad user
    /// file is reported and the defaults are used.
    pub fn load(dir: Option<&Path>) -> (Keymap, Option<KeymapError>) {
        let Some(path) = dir.map(|d| d.join("keymap.toml")) else {
            return (Keymap::defaults(), None);
        };
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(src) => match Keymap::with_overrides(&src, &path) {
                    Ok(km) => (km, None),
                    Err(e) => (Keymap::defaults(), Some(e)),
                },
                Err(e) => (Keymap::defaults(), Some(not_utf8(&path, &e))),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Keymap::defaults(), None),
            Err(e) => (
                Keymap::defaults(),
                Some(KeymapError {
                    path,
                    at: None,
                    message: e.to_string(),
                }),
            ),
        }
    }

    fn apply(&mut self, table: Table) {
        for (mode, entries) in table {
            let list = self.modes.entry(mode).or_default();
            for (action, keys) in entries {
                // The keys now belong to this action only.
                for (_, other) in list.iter_mut() {
                    other.retain(|k| !keys.contains(k));
                }
                match list.iter_mut().find(|(a, _)| *a == action) {
                    Some((_, old)) => *old = keys,
                    None => list.push((action, keys)),
                }
            }
        }
        self.lookup.clear();
        for (mode, list) in &self.modes {
            for (action, keys) in list {
                for k in keys {
                    self.lookup.insert((*mode, *k), action.clone());
                }
            }
        }
    }

    /// The action bound to `key` in `mode`.
    pub fn action(&self, mode: Mode, key: &Key) -> Option<Action> {
        self.lookup.get(&(mode, *key)).cloned()
    }

    /// The keys of `action` in `mode`.
    pub fn keys(&self, mode: Mode, action: &Action) -> &[Key] {
        self.modes
            .get(&mode)
            .and_then(|l| l.iter().find(|(a, _)| a == action))
            .map(|(_, k)| k.as_slice())
            .unwrap_or(&[])
    }

    /// The plain characters bound in `mode` (no Ctrl or Alt): keys a form
    /// must not give to anything else.
    pub fn chars(&self, mode: Mode) -> Vec<char> {
        let mut out: Vec<char> = self
            .lookup
            .keys()
            .filter(|(m, k)| {
                *m == mode && !k.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            })
            .filter_map(|(_, k)| match k.code {
                KeyCode::Char(c) => Some(c),
                _ => None,
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// The first key of `action` in `mode`, for hints ("/ search").
    pub fn hint(&self, mode: Mode, action: &Action) -> Option<String> {
        self.keys(mode, action).first().map(|k| k.to_string())
    }

    /// Every binding of `mode` in file order: (keys, description).
    pub fn bindings(&self, mode: Mode) -> Vec<(String, &'static str)> {
        self.modes
            .get(&mode)
            .map(|l| {
                l.iter()
                    .filter(|(_, keys)| !keys.is_empty())
                    .map(|(a, keys)| {
                        let ks: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
                        // On the table and the map these do something else.
                        let what = match (mode, a) {
                            (Mode::Normal, Action::Save) => "retry the saves that were put off",
                            (Mode::Normal, Action::Cancel) => "clear the search",
                            (Mode::Map, Action::NextBy) => "rows: the next category",
                            (Mode::Map, Action::PrevBy) => "rows: the previous category",
                            (Mode::Map, Action::Bottom) => "go to the totals row",
                            (Mode::Map, Action::DetailDown) => "scroll the cell's studies down",
                            (Mode::Map, Action::DetailUp) => "scroll the cell's studies up",
                            (Mode::Map, Action::Accept) => {
                                "show the cell's studies in the table (c there clears it)"
                            }
                            (Mode::Map, Action::Close) => "back to the table",
                            (Mode::Screen, Action::Down) => "the next record",
                            (Mode::Screen, Action::Up) => "the previous record",
                            (Mode::Screen, Action::Top) => "the first record",
                            (Mode::Screen, Action::Bottom) => "the last record",
                            (Mode::Screen, Action::DetailDown) => "scroll the record down",
                            (Mode::Screen, Action::DetailUp) => "scroll the record up",
                            (Mode::Screen, Action::Search) => "go to any record (fuzzy search)",
                            (Mode::Screen, Action::Undo) => "undo your last decision",
                            (Mode::Screen, Action::Close) => {
                                "back to the table (litrev screen: quit)"
                            }
                            (Mode::ScreenList, Action::Accept) => "open the record",
                            (Mode::ScreenList, Action::NextBy) => "records: the next state",
                            (Mode::ScreenList, Action::PrevBy) => "records: the previous state",
                            (Mode::ScreenList, Action::Include) => {
                                "include (in the conflicts: the consensus)"
                            }
                            (Mode::ScreenList, Action::Exclude) => {
                                "exclude (in the conflicts: the consensus)"
                            }
                            (Mode::ScreenList, Action::Undo) => "undo the last decision",
                            (Mode::ScreenList, Action::Close) => "back to the record",
                            (Mode::ScreenInput, Action::Submit) => "choose",
                            (Mode::ScreenInput, Action::Down) => "the next match",
                            (Mode::ScreenInput, Action::Up) => "the previous match",
                            // Enter never saves the study form.
                            (Mode::Form, Action::Submit) => {
                                "next field (a new line in multi-line fields)"
                            }
                            (Mode::Form, Action::Save) => "save the study",
                            (Mode::Pager, Action::Accept) => {
                                "in the problems list: open the study of the problem"
                            }
                            _ => a.describe(),
                        };
                        (ks.join(", "), what)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_parse() {
        let t = parse(DEFAULT_KEYMAP, Path::new("keymap.toml"));
        assert!(t.is_ok(), "{t:?}");
        let km = Keymap::defaults();
        let q = Key::parse("q").unwrap();
        assert_eq!(km.action(Mode::Normal, &q), Some(Action::Quit));
        let cd = Key::parse("ctrl-d").unwrap();
        assert_eq!(km.action(Mode::Normal, &cd), Some(Action::HalfPageDown));
        assert_eq!(
            km.action(Mode::Normal, &Key::parse("G").unwrap()),
            Some(Action::Bottom)
        );
    }

    #[test]
    fn keys_parse_and_normalise() {
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), Key::parse("G").unwrap());
        assert_eq!(Key::from_event(&ev), Key::parse("shift-g").unwrap());
        let ev = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), Key::parse("shift-tab").unwrap());
        assert!(Key::parse("ctrl-").is_err());
        assert!(Key::parse("hyper-x").is_err());
        assert_eq!(Key::parse("f5").unwrap().code, KeyCode::F(5));
    }

    #[test]
    fn keys_bound_to_control_or_bidi_characters_show_inert() {
        let km = Keymap::with_overrides(
            "[normal]\nhelp = [\"\\u202e\", \"\\u001b\"]\n",
            Path::new("k"),
        )
        .unwrap();
        let (keys, _) = km
            .bindings(Mode::Normal)
            .into_iter()
            .find(|(_, what)| what.contains("help"))
            .unwrap();
        assert_eq!(keys, "\u{fffd}, ␛");
    }

    #[test]
    fn user_entries_override_only_what_they_list() {
        let km = Keymap::with_overrides("[normal]\nsearch = \"s\"\n", Path::new("k")).unwrap();
        let s = Key::parse("s").unwrap();
        assert_eq!(km.action(Mode::Normal, &s), Some(Action::Search));
        // `/` no longer searches; `s` no longer sorts; `q` still quits.
        assert_eq!(km.action(Mode::Normal, &Key::parse("/").unwrap()), None);
        assert!(km.keys(Mode::Normal, &Action::Sort).is_empty());
        assert_eq!(
            km.action(Mode::Normal, &Key::parse("q").unwrap()),
            Some(Action::Quit)
        );
    }

    #[test]
    fn bad_user_keymaps_say_where_and_what() {
        for (bad, want) in [
            (
                "[normal\n",
                "1:8: not valid TOML: unclosed table, expected `]`",
            ),
            (
                "normal = 3\n",
                "1:10: invalid type: integer `3`, expected a table",
            ),
            (
                "[nowhere]\nquit = \"q\"\n",
                "1:2: unknown mode [nowhere]: expected one of normal, search,",
            ),
            (
                "[normal]\nfly = \"q\"\n",
                "2:1: unknown action \"fly\" in [normal]",
            ),
            (
                "[normal]\nquit = \"hyper-q\"\n",
                "2:1: unknown key \"hyper-q\": use",
            ),
            (
                "[normal]\nquit = [\"q\", 3]\n",
                "2:1: normal.quit must be a key (\"ctrl-d\") or a list of keys",
            ),
            (
                "[normal]\nsearch = \"j\"\ndown = [\"down\", \"j\"]\n",
                "3:1: j is given to both search and down in [normal]",
            ),
        ] {
            let e = Keymap::with_overrides(bad, Path::new("k.toml")).unwrap_err();
            assert!(
                e.to_string().starts_with(&format!("k.toml:{want}")),
                "{bad:?}: {e}"
            );
        }
    }

    #[test]
    fn bindings_keep_the_order_of_the_files() {
        let km =
            Keymap::with_overrides("[sort]\nhelp = \"?\"\nedit = \"e\"\n", Path::new("k")).unwrap();
        let keys: Vec<String> = km
            .bindings(Mode::Sort)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys.first().map(String::as_str), Some("r"), "{keys:?}");
        assert_eq!(keys[keys.len() - 2..], ["?", "e"], "{keys:?}");
        let normal: Vec<String> = km
            .bindings(Mode::Normal)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(normal[..2], ["q, Ctrl-c", "j, ↓"]);
    }

    #[test]
    fn bad_user_keymaps_are_reported() {
        for bad in [
            "[normal\n",
            "[nowhere]\nquit = \"q\"\n",
            "[normal]\nfly = \"q\"\n",
            "[normal]\nquit = \"hyper-q\"\n",
            "[normal]\nquit = 3\n",
            "[normal]\nsearch = \"j\"\ndown = [\"down\", \"j\"]\n",
        ] {
            let e = Keymap::with_overrides(bad, Path::new("k.toml")).unwrap_err();
            assert!(e.to_string().starts_with("k.toml:"), "{e}");
        }
    }
}
