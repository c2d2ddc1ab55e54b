//! The files of a report: the manifest at the end of `index.md`, what a
//! previous report wrote, and writing the new one without touching a file
//! litrev did not write (or one changed since).

use std::fmt::Write as _;
use std::path::Path;

use super::{File, MANIFEST, MARKER, Report};
use crate::cli::{Fail, note};
use crate::store;
use crate::text::inert_line;

/// One file a previous report wrote, as its manifest says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Wrote {
    name: String,
    bytes: u64,
    hash: String,
}

/// What the folder held before: the previous report's files, or `None`
/// when they are not known (a new folder; an index written by a litrev
/// that kept no manifest, whose linked files are then neither removed nor
/// taken for a user's own when they bear a report file's name).
#[derive(Debug, Default)]
pub(super) struct Previous {
    files: Option<Vec<Wrote>>,
    /// Names an older index linked (no manifest).
    linked: Vec<String>,
}

/// The manifest that ends `index.md`.
pub(super) fn manifest(files: &[File]) -> String {
    let mut s = format!("\n{MANIFEST}\n");
    for f in files {
        let _ = writeln!(
            s,
            "{} {} {}",
            f.name,
            f.text.len(),
            crate::cli::out::stable_hash(f.text.as_bytes())
        );
    }
    s.push_str("-->\n");
    s
}

/// The files an index's manifest lists; `None` when it has none.
fn manifest_of(index: &str) -> Option<Vec<Wrote>> {
    let start = index.find(MANIFEST)? + MANIFEST.len();
    let mut out = Vec::new();
    for line in index[start..].lines().skip(1) {
        if line.trim() == "-->" {
            return Some(out);
        }
        let mut parts = line.split(' ');
        let (Some(name), Some(bytes), Some(hash), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let plain = !name.is_empty()
            && !name.contains(['/', '\\', ':'])
            && !name.starts_with('.')
            && name != "index.md";
        if let (true, Ok(bytes)) = (plain, bytes.parse()) {
            out.push(Wrote {
                name: name.to_string(),
                bytes,
                hash: hash.to_string(),
            });
        }
    }
    None
}

/// True when the file at `path` holds what litrev wrote there.
fn unchanged(path: &Path, w: &Wrote) -> bool {
    std::fs::read(path)
        .is_ok_and(|b| b.len() as u64 == w.bytes && crate::cli::out::stable_hash(&b) == w.hash)
}

/// Checks that `dir` may be written into and creates it; returns what a
/// previous report there wrote.
pub(super) fn prepare(dir: &Path, force: bool) -> Result<Previous, Fail> {
    let shown = || inert_line(&dir.display().to_string()).into_owned();
    crate::cli::out::check_folder(dir)?;
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => {
            return Err(Fail::usage(format!(
                "{} is a file: name a folder for the report",
                shown()
            )));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)
                .map_err(|e| Fail::usage(format!("cannot create {}: {e}", shown())))?;
            return Ok(Previous {
                files: Some(Vec::new()),
                linked: Vec::new(),
            });
        }
        Err(e) => return Err(Fail::usage(format!("{}: {e}", shown()))),
    }
    let index = std::fs::read_to_string(dir.join("index.md")).ok();
    if let Some(text) = index.as_deref().filter(|t| t.starts_with(MARKER)) {
        return Ok(match manifest_of(text) {
            Some(files) => Previous {
                files: Some(files),
                linked: Vec::new(),
            },
            None => Previous {
                files: None,
                linked: linked(text),
            },
        });
    }
    let empty = std::fs::read_dir(dir)
        .map_err(|e| Fail::usage(format!("cannot read {}: {e}", shown())))?
        .next()
        .is_none();
    if empty || force {
        return Ok(Previous {
            files: Some(Vec::new()),
            linked: Vec::new(),
        });
    }
    Err(Fail::usage(format!(
        "{} holds files that are not a litrev report: name a new or empty folder, or pass --force to write into it (files of the same names are replaced)",
        shown()
    )))
}

/// The plain file names an index links to (`](name)`).
fn linked(index: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = index;
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        if let Some(j) = rest.find(')') {
            let name = &rest[..j];
            let plain = !name.is_empty()
                && !name.contains(['/', '\\', ':'])
                && !name.starts_with('.')
                && name != "index.md";
            if plain {
                out.push(name.to_string());
            }
            rest = &rest[j..];
        }
    }
    out
}

/// The files of the report (and `index.md`) that exist and that litrev
/// may not replace without `--force`: not written by the previous report,
/// or changed since.
fn not_ours(dir: &Path, r: &Report, index: &str, previous: &Previous) -> Vec<String> {
    let mut out = Vec::new();
    let files = r
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.text.as_str()))
        .chain(std::iter::once(("index.md", index)));
    for (name, text) in files {
        let path = dir.join(name);
        let Ok(old) = std::fs::read(&path) else {
            continue;
        };
        if old == text.as_bytes() {
            continue;
        }
        let ours = match &previous.files {
            _ if name == "index.md" => String::from_utf8_lossy(&old).starts_with(MARKER),
            Some(files) => files.iter().any(|w| w.name == name && unchanged(&path, w)),
            // An index with no manifest: its linked files were its own.
            None => previous.linked.iter().any(|l| l == name),
        };
        if !ours {
            out.push(name.to_string());
        }
    }
    out
}

/// Writes every file, then the index; removes what the previous report
/// wrote and this one does not, if it still holds what was written.
pub(super) fn write(
    dir: &Path,
    r: &Report,
    index: &str,
    previous: &Previous,
    force: bool,
) -> Result<(), Fail> {
    if !force {
        let theirs = not_ours(dir, r, index, previous);
        if !theirs.is_empty() {
            let n = theirs.len();
            let named: Vec<String> = theirs
                .iter()
                .take(5)
                .map(|t| inert_line(t).into_owned())
                .collect();
            return Err(Fail::usage(format!(
                "{} holds {} that litrev did not write or that changed since: {}{}; nothing was written (pass --force to replace them)",
                inert_line(&dir.display().to_string()),
                if n == 1 { "a file" } else { "files" },
                named.join(", "),
                if n > 5 {
                    format!(" and {} more", n - 5)
                } else {
                    String::new()
                }
            )));
        }
    }
    let put = |name: &str, text: &str| {
        let path = dir.join(name);
        store::write_atomic(&path, text.as_bytes())
            .map_err(|e| Fail::usage(format!("{}: {e}", inert_line(&path.display().to_string()))))
    };
    for f in &r.files {
        put(&f.name, &f.text)?;
    }
    put("index.md", index)?;
    let gone = previous
        .files
        .iter()
        .flatten()
        .filter(|w| !r.names.contains(&w.name));
    for w in gone {
        let path = dir.join(&w.name);
        if !unchanged(&path, w) {
            if path.exists() {
                note(&format!(
                    "warning: {} was written by the previous report and changed since: left in place",
                    inert_line(&path.display().to_string())
                ));
            }
            continue;
        }
        if let Err(e) = std::fs::remove_file(&path)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            note(&format!(
                "warning: {} is left from the previous report and could not be removed: {e}",
                inert_line(&path.display().to_string())
            ));
        }
    }
    Ok(())
}
