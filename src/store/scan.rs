//! What the loader reads from `studies/`: which entries are study files,
//! which are ignored as documented, and which are problems; and the size
//! limit of a study file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::store::TEMP_PREFIX;
use crate::text::problem::Problem;

/// The largest study file litrev reads. A real record, abstract and
/// appraisals included, is a few kilobytes; a larger file is reported, not
/// loaded, so that no screen has to lay out megabytes of one field.
pub const MAX_STUDY_BYTES: u64 = 2 * 1024 * 1024;

/// The study files of `studies/`. Every other entry is accounted for: hidden
/// files (a name starting with `.`) and files whose name does not end in
/// `.toml` in any case are ignored; anything else that is not loaded — a
/// temporary file of an interrupted save, `x.TOML`, a folder named `x.toml`,
/// a link to nothing or to something other than a file, a pipe — is a
/// problem. A study file that is a symbolic link is read, with a problem
/// saying that litrev will not save through it.
pub(super) fn scan_studies(dir: &Path, problems: &mut Vec<Problem>) -> io::Result<Vec<PathBuf>> {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    if fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        problems.push(Problem::file(
            dir,
            "studies/ is a symbolic link: litrev reads the studies but will not save through it",
        ));
    }
    let mut files = Vec::new();
    for entry in rd {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX) {
            problems.push(Problem::file(
                &path,
                "left behind by a save that was interrupted (the study file itself is intact); remove it",
            ));
            continue;
        }
        if name.starts_with('.') || !name.to_ascii_lowercase().ends_with(".toml") {
            continue;
        }
        if !name.ends_with(".toml") {
            problems.push(Problem::file(
                &path,
                "not loaded: a study file's name ends in \".toml\" (lower case); rename it",
            ));
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_file() {
            files.push(path);
            continue;
        }
        let why = if kind.is_dir() {
            "not loaded: a folder, not a study file".to_string()
        } else if kind.is_symlink() {
            match fs::metadata(&path) {
                Ok(m) if m.is_file() => {
                    problems.push(Problem::file(
                        &path,
                        "a symbolic link: litrev reads it but will not save through it; replace the link with the file to edit it here",
                    ));
                    files.push(path);
                    continue;
                }
                Ok(_) => "not loaded: a symbolic link to something that is not a file".to_string(),
                Err(e) => format!("not loaded: a symbolic link that cannot be followed ({e})"),
            }
        } else {
            "not loaded: not a regular file (a pipe, socket or device)".to_string()
        };
        problems.push(Problem::file(&path, why));
    }
    Ok(files)
}

/// Reads a study file of at most [`MAX_STUDY_BYTES`] into `buf` (cleared
/// first). The loader reuses one buffer per thread: study files are a few
/// kilobytes, so after the first file a read needs no allocation and no
/// `stat` for the size, only open, read until the end, close.
pub(super) fn read_study_into(p: &Path, buf: &mut Vec<u8>) -> Result<(), Problem> {
    read_file_into(p, fs::File::open(p), buf)
}

/// The `studies/` folder, opened once, so that each study file in it is
/// opened by its name relative to the folder: the kernel then looks up one
/// name per file, not every folder of its path (at 100 000 files that was
/// a tenth of loading them).
pub(super) struct Folder {
    #[cfg(unix)]
    fd: Option<rustix::fd::OwnedFd>,
}

impl Folder {
    /// Opens `dir`; if it cannot be opened, files are opened by their path.
    pub(super) fn open(dir: &Path) -> Folder {
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            Folder {
                fd: rustix::fs::open(dir, flags, Mode::empty()).ok(),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = dir;
            Folder {}
        }
    }

    /// [`read_study_into`] for a file of this folder.
    pub(super) fn read_study_into(&self, p: &Path, buf: &mut Vec<u8>) -> Result<(), Problem> {
        #[cfg(unix)]
        if let (Some(fd), Some(name)) = (&self.fd, p.file_name()) {
            use rustix::fs::{Mode, OFlags};
            let file =
                rustix::fs::openat(fd, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())
                    .map(fs::File::from)
                    .map_err(io::Error::from);
            return read_file_into(p, file, buf);
        }
        read_study_into(p, buf)
    }
}

/// The body of [`read_study_into`], on a file opened (or not) by the caller.
fn read_file_into(p: &Path, file: io::Result<fs::File>, buf: &mut Vec<u8>) -> Result<(), Problem> {
    use std::io::Read as _;
    let cannot = |e: io::Error| Problem::file(p, format!("cannot read: {e}"));
    buf.clear();
    // Room for a typical study file, so that the first read takes it whole.
    buf.reserve(16 * 1024);
    let file = file.map_err(cannot)?;
    file.take(MAX_STUDY_BYTES + 1)
        .read_to_end(buf)
        .map_err(cannot)?;
    if buf.len() as u64 > MAX_STUDY_BYTES {
        let len = fs::metadata(p).map(|m| m.len()).unwrap_or(buf.len() as u64);
        buf.clear();
        buf.shrink_to(16 * 1024);
        return Err(too_big(p, len));
    }
    Ok(())
}

fn too_big(p: &Path, len: u64) -> Problem {
    Problem::file(
        p,
        format!(
            "not loaded: {:.1} MiB is more than a study file may hold ({} MiB); is it a study record?",
            len as f64 / 1048576.0,
            MAX_STUDY_BYTES / 1048576
        ),
    )
}

/// How old a temporary file of a save must be before litrev removes it: a
/// younger one may belong to a save that is still under way in another
/// process.
pub const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// The temporary files in `studies/` left by saves that were interrupted
/// (older than [`STALE_AFTER`]).
pub fn stale_temp_files(root: &Path) -> Vec<PathBuf> {
    let dir = root.join(crate::store::STUDIES_DIR);
    let Ok(rd) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let now = std::time::SystemTime::now();
    let mut out: Vec<PathBuf> = rd
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(TEMP_PREFIX))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| {
            e.metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age >= STALE_AFTER)
        })
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// Removes the stale temporary files; returns how many were removed and the
/// first error, if any. The study files themselves are never touched.
pub fn remove_stale_temp_files(root: &Path) -> (usize, Option<io::Error>) {
    let mut removed = 0;
    let mut first = None;
    for p in stale_temp_files(root) {
        match fs::remove_file(&p) {
            Ok(()) => removed += 1,
            Err(e) => {
                first.get_or_insert(e);
            }
        }
    }
    (removed, first)
}
