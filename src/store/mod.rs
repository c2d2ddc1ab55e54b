//! Loading a review folder, and saving studies safely.
//!
//! Saves are atomic (a temporary file in the same folder, fsync, rename,
//! fsync of the folder) and refuse to overwrite a file whose content changed
//! on disk since it was loaded, so a co-author's `git pull` is never lost.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::model::*;
use crate::search::SearchIndex;
use crate::store::parse::parse_study;
use crate::store::write::render_study;
use crate::text::problem::Problem;

mod batch;
pub mod conflict;
pub mod example;
mod load;
mod loading;
pub mod locate;
pub mod parse;
pub mod recovery;
pub mod scaffold;
pub mod scan;
pub mod synth;
mod trim;
pub mod watch;
pub mod write;

pub use crate::search::permute;
pub use batch::{BatchError, BatchFile, Made, Trash, create_all, write_batch};
#[cfg(test)]
use batch::{create_all_via, write_batch_via};
pub use load::{
    FileState, cross_problems, load, load_fingerprinted, load_for_appraisals, load_for_counting,
    load_indexed, load_without_appraisals, parse_conflicted, read_study_file, study_problems,
};
pub use loading::{FIRST, Loading};

/// The folder of study files inside a review.
pub const STUDIES_DIR: &str = "studies";
/// The review file.
pub use crate::store::scan::MAX_STUDY_BYTES;

pub const REVIEW_FILE: &str = "review.toml";
/// Prefix of the temporary files a save writes before renaming; the loader
/// skips them, so a crash mid-save never shows up as a study. The full name
/// is `.litrev-save-<pid>-<host>-<random>.tmp`: the writing process's id and
/// a tag of its machine's name, so that a later save, import or open can
/// tell the files of a process that is gone (a killed import) and remove
/// them ([`scan::remove_orphan_temp_files`]).
pub(super) const TEMP_PREFIX: &str = ".litrev-save-";

/// This process's prefix of temporary files: [`TEMP_PREFIX`], its id and
/// its machine's tag.
pub(crate) fn own_temp_prefix() -> &'static str {
    static PREFIX: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PREFIX.get_or_init(|| format!("{TEMP_PREFIX}{}-{}-", std::process::id(), scan::host_tag()))
}

/// A study with the exact text it was loaded from (the base for the
/// conflict check and for comment-preserving edits), or only a fingerprint
/// of that text when the review was loaded without keeping texts
/// ([`load_fingerprinted`]); the text is then read from the file when it is
/// needed and checked against the fingerprint.
#[derive(Debug, Clone)]
pub struct StudyEntry {
    pub study: Study,
    /// The file's text when loaded or last saved; empty when not kept in
    /// memory (see `file`) or when there is no file of ours.
    pub source: String,
    /// Length and hash of the file's bytes when loaded or last saved
    /// (`None`: no file of ours).
    pub file: Option<Fingerprint>,
}

/// Length and keyed 64-bit hash of a file's bytes: enough to tell whether a
/// file still holds what we read, without keeping the text. The key is
/// random per process (SipHash through `RandomState`), so a file cannot be
/// crafted to collide; fingerprints are never written anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub len: u64,
    pub hash: u64,
}

impl Fingerprint {
    pub fn of(bytes: &[u8]) -> Fingerprint {
        use std::hash::BuildHasher as _;
        static KEY: std::sync::OnceLock<std::hash::RandomState> = std::sync::OnceLock::new();
        Fingerprint {
            len: bytes.len() as u64,
            hash: KEY.get_or_init(std::hash::RandomState::new).hash_one(bytes),
        }
    }
}

impl StudyEntry {
    /// A study whose file holds `text` (kept in memory).
    pub fn with_text(study: Study, text: String) -> StudyEntry {
        StudyEntry {
            study,
            file: Some(Fingerprint::of(text.as_bytes())),
            source: text,
        }
    }

    /// True when the study has a file of ours (loaded or saved).
    pub fn on_disk(&self) -> bool {
        self.file.is_some()
    }

    /// The text kept in memory, if any.
    pub fn held(&self) -> Option<&str> {
        (self.file.is_some() && !self.source.is_empty()).then_some(self.source.as_str())
    }

    /// The text the file held when loaded or last saved: the kept text, or
    /// the file read now when it still matches the fingerprint. `Ok(None)`:
    /// no file of ours, or the file changed (or went) since.
    pub fn base_text(&self, path: &Path) -> io::Result<Option<String>> {
        if let Some(t) = self.held() {
            return Ok(Some(t.to_string()));
        }
        let Some(fp) = self.file else {
            return Ok(None);
        };
        match fs::read(path) {
            Ok(bytes) if Fingerprint::of(&bytes) == fp => Ok(String::from_utf8(bytes).ok()),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The text for pointing at a line in a message: the kept text, or the
    /// file as it is now (empty when unreadable).
    pub(crate) fn text_for_messages(&self, path: &Path) -> std::borrow::Cow<'_, str> {
        match self.held() {
            Some(t) => std::borrow::Cow::Borrowed(t),
            None => std::borrow::Cow::Owned(fs::read_to_string(path).unwrap_or_default()),
        }
    }
}

impl crate::check::Entry for StudyEntry {
    fn study(&self) -> &Study {
        &self.study
    }
    fn text_for_messages(&self, path: &Path) -> std::borrow::Cow<'_, str> {
        StudyEntry::text_for_messages(self, path)
    }
}

/// A loaded review: the good studies plus every problem found.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The folder as the user named it.
    pub root: PathBuf,
    pub review: Review,
    /// Usable studies, ordered by reference number, then id.
    pub studies: Vec<StudyEntry>,
    /// Every problem, in file order.
    pub problems: Vec<Problem>,
    /// Study files that could not be loaded at all.
    pub broken: Vec<PathBuf>,
    /// Study files holding git's conflict markers, each read from its OURS
    /// side: not in `studies` (nothing counts them) and not in `broken`;
    /// their conflict is in `problems`.
    pub conflicted: Vec<StudyEntry>,
    /// The problems in `problems` that involve more than one study (see
    /// [`cross_problems`]).
    pub cross: Vec<Problem>,
    /// The search index of `studies`, in their order, when the loader was
    /// asked to fold it as it read the files ([`load_indexed`]).
    pub index: Option<SearchIndex>,
}

/// Why a review could not be opened at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}: no review.toml here (create one with `litrev new {0}`)", .path.display())]
    NotAReview { path: PathBuf },
    #[error("{}: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{} cannot be read:\n{}", .path.display(), join_problems(.problems))]
    BadReview {
        path: PathBuf,
        problems: Vec<Problem>,
    },
}

fn join_problems(p: &[Problem]) -> String {
    p.iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The file changed on disk since it was loaded; nothing was written.
    #[error("{}: changed on disk since it was loaded; not overwritten", .path.display())]
    Conflict {
        path: PathBuf,
        /// What is on disk now (`None`: the file was deleted).
        disk: Option<String>,
    },
    /// A study with this id already exists.
    #[error("{}: a study with this id already exists", .path.display())]
    Exists { path: PathBuf },
    #[error("study id \"{id}\" is not valid: use a-z, 0-9, '.', '_' or '-' and no \"..\"")]
    BadId { id: String },
    #[error("the study would not be valid:\n{}", join_problems(.problems))]
    Invalid { problems: Vec<Problem> },
    #[error("{}: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
    /// The file, or `studies/`, is a symbolic link: litrev does not write
    /// through links (a save would replace the link, or land outside the
    /// review).
    #[error("{}: is a symbolic link (or lies in a linked folder); litrev does not save through links — replace the link with the file to edit it here", .path.display())]
    Link { path: PathBuf },
}

/// Refuses to write where a link would send the write elsewhere: the study
/// file itself or its folder.
fn refuse_links(path: &Path) -> Result<(), SaveError> {
    refuse_link(path, folder_of(path))?;
    refuse_link(path, path)
}

/// Refuses to write `path` when `p` (the file, or its folder: a batch
/// looks at its one folder once) is a symbolic link.
fn refuse_link(path: &Path, p: &Path) -> Result<(), SaveError> {
    if fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(SaveError::Link {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// Removes what saves and imports killed before their renames left in the
/// review at `root` (its `studies/` folder, the folder itself, where the
/// recovery file and `review.toml` are written, and the screening's
/// `searches/` and `screening/`): the temporary files of processes that
/// are gone. Run when a review is opened for editing; every save does the
/// same in the folder it writes. Returns how many were removed.
pub fn remove_orphans(root: &Path) -> usize {
    [STUDIES_DIR, "searches", "screening", ""]
        .iter()
        .map(|d| scan::remove_orphan_temp_files(&root.join(d)))
        .sum()
}

/// The path of a study file, refusing ids that could escape `studies/`.
pub fn study_path(root: &Path, id: &str) -> Option<PathBuf> {
    valid_id(id).then(|| root.join(STUDIES_DIR).join(format!("{id}.toml")))
}

impl Loaded {
    /// The study with this id.
    pub fn get(&self, id: &str) -> Option<&StudyEntry> {
        self.studies.iter().find(|e| e.study.id == id)
    }

    /// Every usable study, in order.
    pub fn studies(&self) -> impl Iterator<Item = &Study> {
        self.studies.iter().map(|e| &e.study)
    }
}

/// Writes `contents` to `path` atomically: a temporary file in the same
/// folder, fsync, rename over `path`, fsync of the folder.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    // What a write killed before its rename left here (a decisions file, a
    // search export, an output) goes with the next write.
    scan::remove_orphan_temp_files(folder_of(path));
    let tmp = temp_with(path, contents)?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(folder_of(path))
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A synced temporary file beside `path` holding `contents`, ready to be
/// renamed over it.
fn temp_with(path: &Path, contents: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let tmp = temp_unsynced(path, contents)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// A temporary file beside `path` holding `contents`, not yet made durable.
fn temp_unsynced(path: &Path, contents: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let dir = folder_of(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(own_temp_prefix()).suffix(".tmp");
    // A temporary file is private to its owner (0600), and it becomes the
    // file: it takes the mode of the file it replaces, or that of any new
    // file (0666 less the umask), so co-authors sharing the folder can still
    // read what was saved.
    #[cfg(unix)]
    let existing = fs::metadata(path).ok().map(|m| m.permissions());
    #[cfg(unix)]
    if existing.is_none() {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    #[cfg(unix)]
    if let Some(p) = existing {
        tmp.as_file().set_permissions(p)?;
    }
    tmp.write_all(contents)?;
    Ok(tmp)
}

/// litrev's advisory lock on a review's `studies/` folder, held from the
/// "changed on disk?" check to the rename (or removal) so that two litrev
/// processes saving one study cannot both pass the check: the second waits
/// and then sees the first one's text. Released when dropped.
struct SaveLock {
    _file: fs::File,
}

fn lock_studies(dir: &Path) -> io::Result<SaveLock> {
    // On Unix the folder itself is locked, so no lock file appears in the
    // review; elsewhere a hidden file (which the loader skips) is.
    #[cfg(unix)]
    let file = fs::File::open(dir)?;
    #[cfg(not(unix))]
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".litrev.lock"))?;
    file.lock()?;
    Ok(SaveLock { _file: file })
}

/// Replaces `path` with `contents` if it still holds `expected` (`None`:
/// must not exist), checked under the save lock right before the rename.
fn replace_checked(path: &Path, contents: &[u8], expected: Option<&str>) -> Result<(), SaveError> {
    let io_err = |e| SaveError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let dir = folder_of(path);
    refuse_links(path)?;
    fs::create_dir_all(dir).map_err(io_err)?;
    scan::remove_orphan_temp_files(dir);
    let tmp = temp_with(path, contents).map_err(io_err)?;
    let lock = lock_studies(dir).map_err(io_err)?;
    check_unchanged(path, expected)?;
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    drop(lock);
    sync_dir(dir).map_err(io_err)
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Checks that the file at `path` still holds `base` (`None`: must not exist).
pub fn check_unchanged(path: &Path, base: Option<&str>) -> Result<(), SaveError> {
    // Bytes are compared, not a lossy reading: a file rewritten in another
    // encoding can read the same once its bad bytes become U+FFFD.
    let disk = match fs::read(path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(SaveError::Io {
                path: path.to_path_buf(),
                source: e,
            });
        }
    };
    match (base, disk) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(SaveError::Exists {
            path: path.to_path_buf(),
        }),
        (Some(b), Some(d)) if b.as_bytes() == d.as_slice() => Ok(()),
        (Some(_), disk) => Err(SaveError::Conflict {
            path: path.to_path_buf(),
            disk: disk.map(|d| String::from_utf8_lossy(&d).into_owned()),
        }),
    }
}

/// Saves one study. `base` is the text it was loaded from (`None` for a new
/// study). Only this study's file is written, and only if its content on disk
/// is still `base`; only the values that changed are rewritten. Returns the
/// text now on disk, the new base.
pub fn save_study(
    root: &Path,
    review: &Review,
    study: &Study,
    base: Option<&str>,
) -> Result<String, SaveError> {
    let path = study_path(root, &study.id).ok_or_else(|| SaveError::BadId {
        id: study.id.clone(),
    })?;
    let text = render_study(&review.instruments, study, base);
    let check = parse_study(&path, &text, Some(&study.id), review);
    if check.study.is_none() {
        return Err(SaveError::Invalid {
            problems: check.problems,
        });
    }
    check_unchanged(&path, base)?;
    if base == Some(text.as_str()) {
        return Ok(text);
    }
    replace_checked(&path, text.as_bytes(), base)?;
    Ok(text)
}

/// Overwrites a study's file regardless of what is on disk: the "keep mine"
/// answer to a conflict, chosen by the user.
pub fn force_save_study(
    root: &Path,
    review: &Review,
    study: &Study,
    base: Option<&str>,
) -> Result<String, SaveError> {
    let path = study_path(root, &study.id).ok_or_else(|| SaveError::BadId {
        id: study.id.clone(),
    })?;
    let disk = fs::read_to_string(&path).ok();
    save_study(root, review, study, base).or_else(|e| match e {
        SaveError::Conflict { .. } | SaveError::Exists { .. } => {
            let text = render_study(&review.instruments, study, base.or(disk.as_deref()));
            write_atomic(&path, text.as_bytes()).map_err(|e| SaveError::Io { path, source: e })?;
            Ok(text)
        }
        other => Err(other),
    })
}

/// Deletes a study's file if it still holds `base`.
pub fn delete_study(root: &Path, id: &str, base: &str) -> Result<(), SaveError> {
    let path = study_path(root, id).ok_or_else(|| SaveError::BadId { id: id.to_string() })?;
    let dir = root.join(STUDIES_DIR);
    refuse_links(&path)?;
    let lock = lock_studies(&dir).map_err(|e| SaveError::Io {
        path: path.clone(),
        source: e,
    })?;
    check_unchanged(&path, Some(base))?;
    fs::remove_file(&path).map_err(|e| SaveError::Io {
        path: path.clone(),
        source: e,
    })?;
    drop(lock);
    sync_dir(&root.join(STUDIES_DIR)).map_err(|e| SaveError::Io { path, source: e })
}

/// Reads one study file afresh (for "reload theirs" after a conflict).
pub fn reload_study(
    root: &Path,
    review: &Review,
    id: &str,
) -> Result<Option<StudyEntry>, SaveError> {
    let path = study_path(root, id).ok_or_else(|| SaveError::BadId { id: id.to_string() })?;
    let src = match fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(SaveError::Io { path, source: e }),
    };
    let parsed = parse_study(&path, &src, Some(id), review);
    match parsed.study {
        Some(study) => Ok(Some(StudyEntry::with_text(study, src))),
        None => Err(SaveError::Invalid {
            problems: parsed.problems,
        }),
    }
}

/// Saves a study file's exact text (from `$EDITOR`, or an undo restoring an
/// earlier version byte for byte), after checking that it is a valid study
/// whose id is `id` and that the file on disk still holds `base` (`None`:
/// must not exist yet). Returns the study as written.
pub fn save_study_text(
    root: &Path,
    review: &Review,
    id: &str,
    text: &str,
    base: Option<&str>,
) -> Result<StudyEntry, SaveError> {
    let path = study_path(root, id).ok_or_else(|| SaveError::BadId { id: id.to_string() })?;
    let parsed = parse_study(&path, text, Some(id), review);
    let Some(study) = parsed.study else {
        return Err(SaveError::Invalid {
            problems: parsed.problems,
        });
    };
    check_unchanged(&path, base)?;
    if base != Some(text) {
        replace_checked(&path, text.as_bytes(), base)?;
    }
    Ok(StudyEntry::with_text(study, text.to_string()))
}

#[cfg(test)]
mod tests;

/// Orders studies by reference number (those without one last), then id.
/// In place: a stable sort of the entries themselves would take a buffer
/// of half of them (some 25 MB at 100 000 studies) at the loader's peak;
/// sorting their positions takes 8 bytes a study.
pub fn sort_studies(studies: &mut [StudyEntry]) {
    let order = sort_order(studies);
    permute(studies, order);
}

/// The order [`sort_studies`] would put `studies` in: position `i` of the
/// sorted list is `studies[order[i]]`.
pub(crate) fn sort_order(studies: &[StudyEntry]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..studies.len()).collect();
    order.sort_by(|&a, &b| order_key(&studies[a].study).cmp(&order_key(&studies[b].study)));
    order
}

/// True when `after` belongs elsewhere in the list than `before` (its ref
/// or its id changed), so the list must be sorted again.
pub(crate) fn order_moved(before: &Study, after: &Study) -> bool {
    order_key(before) != order_key(after)
}

/// What studies are ordered by: reference number (none last), then id.
fn order_key(s: &Study) -> (bool, Option<u32>, &str) {
    s.order_key()
}
