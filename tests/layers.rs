//! The library's top-level modules are layers (see `src/lib.rs`): a module
//! may use only modules of lower layers, never one of its own layer or
//! above. This test reads every file under `src/` and fails on any path that
//! breaks the rule, naming the file and line.
//!
//! What counts as a use of module `m` from inside module `n`: a path
//! `crate::m` (in a `use`, an expression or a doc link) and, in `main.rs`,
//! `litrev::m`. Comments that are not doc links are ignored.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module and its layer. A new top-level module must be
/// added here (the test fails on one it does not know).
const LAYERS: &[(&str, u8)] = &[
    ("text", 0),
    ("appraisal", 1),
    ("model", 2),
    ("search", 3),
    ("check", 3),
    ("store", 4),
    ("session", 5),
    ("manuscript", 6),
    ("team", 6),
    ("interop", 7),
    ("screening", 8),
    ("cli", 9),
    ("tui", 9),
];

fn layer(m: &str) -> Option<u8> {
    LAYERS.iter().find(|(n, _)| *n == m).map(|(_, l)| *l)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("src/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file under `src/` belongs to (`None`: `lib.rs`,
/// `main.rs`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    match first {
        "lib.rs" | "main.rs" => None,
        f => Some(f.trim_end_matches(".rs").to_string()),
    }
}

/// The code of a line without its comment (a `//` outside a string), except
/// that doc links (`[`crate::x`]`) count: a doc link to a higher layer is a
/// dependency a reader follows too.
fn code_of(line: &str) -> &str {
    let t = line.trim_start();
    if t.starts_with("///") || t.starts_with("//!") {
        return line;
    }
    let mut in_str = false;
    let b = line.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        match b[i] {
            b'\\' if in_str => i += 1,
            b'"' => in_str = !in_str,
            b'/' if !in_str && b[i + 1] == b'/' => return &line[..i],
            _ => {}
        }
        i += 1;
    }
    line
}

/// Every top-level module a line names through `prefix` (`crate::`), with
/// `crate::{a, b::c}` groups opened.
fn named(code: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().last();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

/// A use of a module the rule forbids: `file:line` and why.
fn violations(src: &Path) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut bad = Vec::new();
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in &files {
        let Some(from) = module_of(src, file) else {
            continue;
        };
        let Some(from_layer) = layer(&from) else {
            bad.push(format!(
                "{}: top-level module `{from}` has no layer in tests/layers.rs (add it to LAYERS and to the table in src/lib.rs)",
                file.display()
            ));
            continue;
        };
        let text = fs::read_to_string(file).expect("a source file is UTF-8");
        for (i, line) in text.lines().enumerate() {
            for to in named(code_of(line), "crate::") {
                if to == from {
                    continue;
                }
                let Some(to_layer) = layer(&to) else {
                    continue;
                };
                let e = edges.entry(from.clone()).or_default();
                if !e.contains(&to) {
                    e.push(to.clone());
                }
                if to_layer >= from_layer {
                    bad.push(format!(
                        "{}:{}: `{from}` (layer {from_layer}) uses `{to}` (layer {to_layer}): a module may use only lower layers\n    {}",
                        file.display(),
                        i + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    (bad, edges)
}

#[test]
fn no_module_uses_its_own_layer_or_a_higher_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (bad, _) = violations(&src);
    assert!(
        bad.is_empty(),
        "{} use(s) break the layers:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn no_two_top_level_modules_use_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (_, edges) = violations(&src);
    let mut cycles = Vec::new();
    for (a, tos) in &edges {
        for b in tos {
            if a < b && edges.get(b).is_some_and(|t| t.contains(a)) {
                cycles.push(format!("`{a}` and `{b}` use each other"));
            }
        }
    }
    assert!(cycles.is_empty(), "{}", cycles.join("\n"));
}

#[test]
fn every_top_level_module_has_a_layer_and_is_a_folder() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    let known: Vec<&str> = LAYERS.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        {
            let mut d = declared.clone();
            d.sort();
            d
        },
        {
            let mut k = known.clone();
            k.sort();
            k
        },
        "src/lib.rs declares these modules; tests/layers.rs knows these"
    );
    for m in declared {
        assert!(
            src.join(m).join("mod.rs").is_file(),
            "top-level module `{m}` is a folder with a mod.rs"
        );
    }
}

#[test]
fn the_checker_sees_a_back_edge() {
    // The rule itself, on made-up lines: a planted back-edge is caught.
    assert_eq!(named("use crate::tui::App;", "crate::"), ["tui"]);
    assert_eq!(
        named("use crate::{model::Study, store::load};", "crate::"),
        ["model", "store"]
    );
    assert_eq!(
        named("let x = litrev_crate::tui::f();", "crate::"),
        Vec::<String>::new()
    );
    assert_eq!(code_of("let a = 1; // crate::tui"), "let a = 1; ");
    assert_eq!(code_of("/// see [`crate::tui`]"), "/// see [`crate::tui`]");
    assert_eq!(
        code_of(r#"let s = "//"; crate::x"#),
        r#"let s = "//"; crate::x"#
    );
}

/// No file in `src/` over 700 lines and no folder with more than 15 files
/// directly inside: a file or folder past that is split along its seams.
#[test]
fn files_and_folders_stay_small() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut bad = Vec::new();
    let mut per_dir: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for f in &files {
        let n = fs::read_to_string(f)
            .map(|t| t.lines().count())
            .unwrap_or(0);
        if n > 700 {
            bad.push(format!("{}: {n} lines (over 700)", f.display()));
        }
        *per_dir
            .entry(f.parent().unwrap_or(&src).to_path_buf())
            .or_default() += 1;
    }
    for (d, n) in per_dir {
        if n > 15 {
            bad.push(format!("{}: {n} files (over 15)", d.display()));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// No process-wide mutable state of the domain: no `static` holding a lock
/// or a cell of data outside the terminal face (the terminal's own signal
/// and panic hooks are process-wide by nature).
#[test]
fn no_global_mutable_state_in_the_library() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut bad = Vec::new();
    for f in &files {
        if f.starts_with(src.join("tui")) || f.starts_with(src.join("cli")) {
            continue;
        }
        let text = fs::read_to_string(f).expect("UTF-8");
        for (i, line) in text.lines().enumerate() {
            let code = code_of(line);
            if code.contains("static ")
                && ["RwLock", "Mutex", "static mut", "AtomicPtr"]
                    .iter()
                    .any(|w| code.contains(w))
            {
                bad.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
