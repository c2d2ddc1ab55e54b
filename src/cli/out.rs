//! Where `--out` may write. Never over the review itself: `review.toml`,
//! the recovery file, or anything in `studies/`, `searches/`, `screening/`,
//! `instruments/` or `.git/` of a folder holding a `review.toml` (not even
//! with `--force`). And never over a file litrev did not write for that
//! output, unless `--force` says so: each folder litrev writes an `--out`
//! file into keeps a small manifest ([`MANIFEST`]) of the files it wrote
//! there, for which output, with their length and a hash of their bytes,
//! so that running the same command again replaces its own file and
//! nothing else.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Fail;
use crate::store::{self, REVIEW_FILE, recovery::RECOVERY_FILE};
use crate::text::inert_line;

/// `--out FILE` and `--force`, for the commands that write one file.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OutArgs {
    /// Write to this file (atomically) instead of stdout. An existing file
    /// is replaced only if litrev wrote it for this output; never one of
    /// the review's own files.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// With --out: replace an existing file that litrev did not write for
    /// this output (the review's own files are never written).
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// The manifest of the files `--out` wrote in a folder.
pub const MANIFEST: &str = ".litrev-outputs.toml";

/// The folders of a review that only litrev's editing writes.
const REVIEW_FOLDERS: [&str; 5] = ["studies", "searches", "screening", "instruments", ".git"];

fn shown(p: &Path) -> String {
    inert_line(&p.display().to_string()).into_owned()
}

/// `path` made absolute with its existing part's links resolved (the rest,
/// not there yet, appended as named).
fn resolved(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while fs::symlink_metadata(&existing).is_err() {
        match existing.file_name() {
            Some(n) => rest.push(n.to_os_string()),
            None => break,
        }
        if !existing.pop() {
            break;
        }
    }
    let mut out = fs::canonicalize(&existing).unwrap_or(existing);
    for n in rest.iter().rev() {
        out.push(n);
    }
    out
}

/// Why `path` (a file to write, or a folder to write into) is one of a
/// review's own: `None` when it is not.
pub fn review_part(path: &Path) -> Option<String> {
    let p = resolved(path);
    for root in p.ancestors().skip(1) {
        if !root.join(REVIEW_FILE).is_file() {
            continue;
        }
        let Ok(rel) = p.strip_prefix(root) else {
            continue;
        };
        let Some(first) = rel.components().next() else {
            continue;
        };
        let first = first.as_os_str().to_string_lossy();
        let alone = rel.components().count() == 1;
        let is = |name: &str| first.eq_ignore_ascii_case(name);
        let why = if alone && (is(REVIEW_FILE) || is(RECOVERY_FILE)) {
            format!("the review's own {first}")
        } else if let Some(f) = REVIEW_FOLDERS.iter().find(|f| is(f)) {
            format!("inside the review's {f}/ folder")
        } else {
            continue;
        };
        return Some(format!(
            "{} is {why} (review {}): litrev never writes an output there; name a file outside it",
            shown(path),
            shown(root)
        ));
    }
    None
}

/// Refuses a folder to write into that is one of a review's own.
pub fn check_folder(dir: &Path) -> Result<(), Fail> {
    review_part(dir).map_or(Ok(()), |why| Err(Fail::usage(why)))
}

/// A stable 64-bit hash of bytes (FNV-1a): the same in every run, so a
/// manifest written today is understood tomorrow. It tells litrev's own
/// output from a file changed since; it is no protection against a file
/// made to collide, which nobody gains anything from.
pub fn stable_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// One file litrev wrote with `--out`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Written {
    name: String,
    /// The output it holds ("export csv", "prisma svg").
    output: String,
    bytes: u64,
    hash: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    #[serde(default, rename = "file")]
    files: Vec<Written>,
}

const MANIFEST_HEADER: &str = "# The files litrev wrote in this folder with --out, for which output,\n# with their length and a hash of their bytes. litrev replaces such a file\n# without --force only while it still holds what litrev wrote.\n";

/// The manifest of `dir`: `Ok(None)` when there is none, `Err` when the
/// file there cannot be read as one (it is then never rewritten).
fn manifest(dir: &Path) -> Result<Option<Manifest>, String> {
    match fs::read_to_string(dir.join(MANIFEST)) {
        Ok(text) => toml::from_str(&text)
            .map(Some)
            .map_err(|e| format!("{}: {e}", shown(&dir.join(MANIFEST)))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", shown(&dir.join(MANIFEST)))),
    }
}

fn folder_and_name(path: &Path) -> (PathBuf, String) {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, name)
}

/// Why the file at `path` may not be replaced by `output`'s `text`
/// without `--force`; `None` when it may (no file there, the same bytes,
/// or litrev's own file for this output, unchanged since).
fn not_ours(path: &Path, output: &str, text: &[u8]) -> Option<String> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(e) => return Some(format!("{}: {e}", shown(path))),
    };
    if meta.is_dir() {
        return Some(format!("{} is a folder: name a file", shown(path)));
    }
    let old = match fs::read(path) {
        Ok(b) => b,
        Err(e) => return Some(format!("{}: {e}", shown(path))),
    };
    if old == text {
        return None;
    }
    let (dir, name) = folder_and_name(path);
    let entry = manifest(&dir)
        .ok()
        .flatten()
        .and_then(|m| m.files.into_iter().find(|f| f.name == name));
    let why = match entry {
        Some(w) if w.bytes == old.len() as u64 && w.hash == stable_hash(&old) => {
            if w.output == output {
                return None;
            }
            format!("litrev wrote it for `{}`, not `{output}`", w.output)
        }
        Some(_) => "it changed since litrev wrote it".to_string(),
        None => "litrev did not write it".to_string(),
    };
    Some(format!(
        "{} exists and {why}: pass --force to replace it, or name another file",
        shown(path)
    ))
}

/// Notes in the manifest of its folder that `path` holds `output`'s
/// `text`. A manifest that is not litrev's is left alone (with a warning).
fn remember(path: &Path, output: &str, text: &[u8]) {
    let (dir, name) = folder_and_name(path);
    let mut m = match manifest(&dir) {
        Ok(m) => m.unwrap_or_default(),
        Err(e) => {
            super::note(&format!(
                "warning: {e}: not a manifest litrev can read, so litrev did not note {} in it (the next --out over it needs --force)",
                shown(path)
            ));
            return;
        }
    };
    m.files.retain(|f| f.name != name);
    m.files.push(Written {
        name,
        output: output.to_string(),
        bytes: text.len() as u64,
        hash: stable_hash(text),
    });
    m.files.sort_by(|a, b| a.name.cmp(&b.name));
    let written = toml::to_string_pretty(&m)
        .map_err(io::Error::other)
        .and_then(|body| {
            store::write_atomic(
                &dir.join(MANIFEST),
                format!("{MANIFEST_HEADER}{body}").as_bytes(),
            )
        });
    if let Err(e) = written {
        super::note(&format!(
            "warning: {}: {e} (the next --out over {} needs --force)",
            shown(&dir.join(MANIFEST)),
            shown(path)
        ));
    }
}

/// Writes `output`'s `text` to `path` atomically, if it may: never into the
/// review, and over an existing file only when litrev wrote it for this
/// output or `force` says so. Notes the file in its folder's manifest.
pub fn write(path: &Path, text: &[u8], output: &str, force: bool) -> Result<(), Fail> {
    if let Some(why) = review_part(path) {
        return Err(Fail::usage(why));
    }
    if path.file_name().is_some_and(|n| n == MANIFEST) {
        return Err(Fail::usage(format!(
            "{} is litrev's manifest of the files it wrote there: name another file",
            shown(path)
        )));
    }
    if !force && let Some(why) = not_ours(path, output, text) {
        return Err(Fail::usage(why));
    }
    store::write_atomic(path, text).map_err(|e| Fail::usage(format!("{}: {e}", shown(path))))?;
    remember(path, output, text);
    Ok(())
}
