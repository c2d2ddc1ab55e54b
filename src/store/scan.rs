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
/// saying that litrev will not save through it. The study files come in
/// byte order of their names, as `ls` in the C locale lists them.
pub(super) fn scan_studies(dir: &Path, problems: &mut Vec<Problem>) -> io::Result<Vec<PathBuf>> {
    let mut names = Names::default();
    let listed = each_entry(dir, |name, kind| {
        match verdict(name, kind, &|| joined(dir, name))? {
            Verdict::Study => names.push(name),
            Verdict::Skip => {}
            Verdict::Problem(why) => problems.push(Problem::file(&joined(dir, name), why)),
            Verdict::Linked => {
                let path = joined(dir, name);
                problems.push(Problem::file(
                    &path,
                    "a symbolic link: litrev reads it but will not save through it; replace the link with the file to edit it here",
                ));
                names.push(name);
            }
        }
        Ok(())
    });
    match listed {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    }
    if fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        problems.push(Problem::file(
            dir,
            "studies/ is a symbolic link: litrev reads the studies but will not save through it",
        ));
    }
    Ok(names.sorted_paths(dir))
}

/// What an entry of `studies/` is, as far as the loader cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Dir,
    Symlink,
    Other,
}

/// What the loader does with an entry of `studies/`.
enum Verdict {
    /// A study file: read it.
    Study,
    /// Ignored as documented (hidden, not `.toml`, this process's trash).
    Skip,
    /// Not loaded, and why.
    Problem(String),
    /// A symbolic link to a file: read it, with a problem saying so.
    Linked,
}

/// The verdict on the entry `name` of `studies/`; `kind` tells what it is
/// (asked only when needed), `path` its path (made only for a link).
fn verdict(
    name: &[u8],
    kind: &mut dyn FnMut() -> io::Result<Kind>,
    path: &dyn Fn() -> PathBuf,
) -> io::Result<Verdict> {
    let name = String::from_utf8_lossy(name);
    // The common case first: a study file.
    if name.ends_with(".toml") && !name.starts_with('.') && kind()? == Kind::File {
        return Ok(Verdict::Study);
    }
    if name.starts_with(TEMP_PREFIX) {
        // This process's own trash is being emptied right now.
        let mine = temp_writer(&name).is_some_and(|(pid, _)| pid == std::process::id());
        return Ok(if mine {
            Verdict::Skip
        } else {
            Verdict::Problem(
                "left behind by a save that was interrupted (the study file itself is intact); remove it".into(),
            )
        });
    }
    let toml_in_any_case = name
        .len()
        .checked_sub(5)
        .and_then(|at| name.get(at..))
        .is_some_and(|end| end.eq_ignore_ascii_case(".toml"));
    if name.starts_with('.') || !toml_in_any_case {
        return Ok(Verdict::Skip);
    }
    if !name.ends_with(".toml") {
        return Ok(Verdict::Problem(
            "not loaded: a study file's name ends in \".toml\" (lower case); rename it".into(),
        ));
    }
    let why = match kind()? {
        Kind::File => return Ok(Verdict::Study),
        Kind::Dir => "not loaded: a folder, not a study file".to_string(),
        Kind::Symlink => match fs::metadata(path()) {
            Ok(m) if m.is_file() => return Ok(Verdict::Linked),
            Ok(_) => "not loaded: a symbolic link to something that is not a file".to_string(),
            Err(e) => format!("not loaded: a symbolic link that cannot be followed ({e})"),
        },
        Kind::Other => "not loaded: not a regular file (a pipe, socket or device)".to_string(),
    };
    Ok(Verdict::Problem(why))
}

/// Calls `f` with the name of every entry of `dir` (`.` and `..` aside)
/// and a way to ask what it is. On Linux the names are read straight from
/// the kernel's buffer, without an allocation each, and what an entry is
/// comes with its name (a `stat` only on file systems that do not say).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn each_entry(
    dir: &Path,
    mut f: impl FnMut(&[u8], &mut dyn FnMut() -> io::Result<Kind>) -> io::Result<()>,
) -> io::Result<()> {
    use rustix::fs::{AtFlags, FileType, Mode, OFlags, RawDir};
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let fd = rustix::fs::open(dir, flags, Mode::empty())?;
    let mut buf: Vec<u8> = Vec::with_capacity(64 * 1024);
    let mut entries = RawDir::new(&fd, buf.spare_capacity_mut());
    while let Some(e) = entries.next() {
        let e = e?;
        let name = e.file_name();
        if matches!(name.to_bytes(), b"." | b"..") {
            continue;
        }
        let told = e.file_type();
        let mut kind = || -> io::Result<Kind> {
            let t = if told == FileType::Unknown {
                let st = rustix::fs::statat(&fd, name, AtFlags::SYMLINK_NOFOLLOW)?;
                FileType::from_raw_mode(st.st_mode)
            } else {
                told
            };
            Ok(match t {
                FileType::RegularFile => Kind::File,
                FileType::Directory => Kind::Dir,
                FileType::Symlink => Kind::Symlink,
                _ => Kind::Other,
            })
        };
        f(name.to_bytes(), &mut kind)?;
    }
    Ok(())
}

/// [`each_entry`] through the standard library, on the other systems.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn each_entry(
    dir: &Path,
    mut f: impl FnMut(&[u8], &mut dyn FnMut() -> io::Result<Kind>) -> io::Result<()>,
) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let mut kind = || -> io::Result<Kind> {
            let t = entry.file_type()?;
            Ok(if t.is_file() {
                Kind::File
            } else if t.is_dir() {
                Kind::Dir
            } else if t.is_symlink() {
                Kind::Symlink
            } else {
                Kind::Other
            })
        };
        f(name.as_encoded_bytes(), &mut kind)?;
    }
    Ok(())
}

/// `dir` joined with the file name `name`, as [`Path::join`] joins them,
/// in one allocation.
fn joined(dir: &Path, name: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::{OsStrExt as _, OsStringExt as _};
        let d = dir.as_os_str().as_bytes();
        let mut v = Vec::with_capacity(d.len() + 1 + name.len());
        v.extend_from_slice(d);
        if !d.is_empty() && !d.ends_with(b"/") {
            v.push(b'/');
        }
        v.extend_from_slice(name);
        PathBuf::from(std::ffi::OsString::from_vec(v))
    }
    #[cfg(not(unix))]
    {
        // The bytes came from `OsStr::as_encoded_bytes` of a name.
        dir.join(String::from_utf8_lossy(name).as_ref())
    }
}

/// The names of the study files, side by side in one buffer until they are
/// sorted, so that sorting 100 000 of them compares keys in one array
/// rather than following a pointer per name.
#[derive(Default)]
struct Names {
    bytes: Vec<u8>,
    /// Per name: its first 16 bytes as a number (zero-padded: a name that
    /// begins another comes first), where it starts, and its length.
    at: Vec<(u128, usize, usize)>,
}

impl Names {
    fn push(&mut self, name: &[u8]) {
        let mut head = [0u8; 16];
        let n = name.len().min(16);
        head[..n].copy_from_slice(&name[..n]);
        self.at
            .push((u128::from_be_bytes(head), self.bytes.len(), name.len()));
        self.bytes.extend_from_slice(name);
    }

    /// The paths of the names in `dir`, in byte order of the names (as `ls`
    /// in the C locale shows them), made in that order.
    fn sorted_paths(mut self, dir: &Path) -> Vec<PathBuf> {
        let bytes = &self.bytes;
        let name = |&(_, at, len): &(u128, usize, usize)| &bytes[at..at + len];
        self.at
            .sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| name(a).cmp(name(b))));
        self.at.iter().map(|e| joined(dir, name(e))).collect()
    }
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
        if let (Some(fd), Some(name)) = (&self.fd, file_name(p)) {
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

/// The last part of a study file's path, as [`Path::file_name`] gives it,
/// found by its last separator: `Path::file_name` parses every part of the
/// path, and at 100 000 files that showed.
#[cfg(unix)]
pub(super) fn file_name(p: &Path) -> Option<&std::ffi::OsStr> {
    use std::os::unix::ffi::OsStrExt as _;
    let bytes = p.as_os_str().as_bytes();
    let name = match memchr::memrchr(b'/', bytes) {
        Some(at) => &bytes[at + 1..],
        None => bytes,
    };
    if name.is_empty() || name == b"." || name == b".." {
        return p.file_name();
    }
    Some(std::ffi::OsStr::from_bytes(name))
}

#[cfg(not(unix))]
pub(super) fn file_name(p: &Path) -> Option<&std::ffi::OsStr> {
    p.file_name()
}

/// The file name of a study file without its extension, as
/// [`Path::file_stem`] gives it (see [`file_name`]).
pub(super) fn file_stem(p: &Path) -> Option<&str> {
    let name = file_name(p)?.to_str()?;
    match name.rfind('.') {
        Some(0) | None => Some(name),
        Some(at) => Some(&name[..at]),
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

/// A tag of this machine's name (8 hex digits of a stable hash of the host
/// name), so that the temporary files of another machine sharing the folder
/// (a network drive) are never taken for those of a local process that is
/// gone. "0" when the name cannot be read.
pub(crate) fn host_tag() -> String {
    let name = host_name();
    if name.is_empty() {
        return "0".into();
    }
    // FNV-1a, 32 bits: stable across runs and builds.
    let mut h: u32 = 0x811c_9dc5;
    for b in name.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

#[cfg(unix)]
fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: gethostname(2) writes at most `len` bytes into the buffer,
    // which lives across the call.
    let r = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if r != 0 {
        return String::new();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

#[cfg(not(unix))]
fn host_name() -> String {
    std::env::var("COMPUTERNAME").unwrap_or_default()
}

/// The process that wrote a temporary file, from its name
/// (`.litrev-save-<pid>-<host>-<random>.tmp`): its id and machine tag.
/// `None` for a name of another form (an older litrev's).
fn temp_writer(name: &str) -> Option<(u32, &str)> {
    let rest = name.strip_prefix(TEMP_PREFIX)?;
    let mut parts = rest.splitn(3, '-');
    let pid = parts.next()?.parse().ok()?;
    let host = parts.next()?;
    parts.next()?;
    Some((pid, host))
}

/// True while process `pid` runs (or may: any answer but "no such process").
#[cfg(unix)]
fn running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: kill(2) with signal 0 sends nothing; it only checks that
    // the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn running(_pid: u32) -> bool {
    true
}

/// Removes the temporary files in `dir` whose writing process is gone: a
/// save or import killed before its renames. A file of a process still
/// running (another litrev saving right now), of another machine, or of an
/// older litrev (no process id in its name) is left alone; the problems
/// list offers to remove the last kind once it is a minute old. Returns how
/// many were removed. Best effort: errors leave the files where they are.
pub fn remove_orphan_temp_files(dir: &Path) -> usize {
    let Ok(rd) = fs::read_dir(dir) else {
        return 0;
    };
    let me = std::process::id();
    let host = host_tag();
    let mut verdicts: std::collections::HashMap<u32, bool> = std::collections::HashMap::new();
    let mut removed = 0;
    for e in rd.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let Some((pid, tag)) = temp_writer(name) else {
            continue;
        };
        if pid == me || tag != host {
            continue;
        }
        let gone = *verdicts.entry(pid).or_insert_with(|| !running(pid));
        if !gone {
            continue;
        }
        // A file, or the trash folder of a batch's removals.
        let done = match e.file_type() {
            Ok(t) if t.is_file() => fs::remove_file(e.path()).is_ok(),
            Ok(t) if t.is_dir() => fs::remove_dir_all(e.path()).is_ok(),
            _ => false,
        };
        if done {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_joined_to_its_folder_as_path_joins_it() {
        for dir in [
            "studies",
            "/r/studies",
            "/r/studies/",
            "",
            "/",
            "a//b",
            "é/ü",
        ] {
            for name in ["smith-2019.toml", ".hidden", "ünïcode.toml", "x"] {
                let dir = Path::new(dir);
                assert_eq!(
                    joined(dir, name.as_bytes()),
                    dir.join(name),
                    "{dir:?} {name}"
                );
            }
        }
    }

    #[test]
    fn names_come_in_byte_order_however_long_and_whatever_they_share() {
        let given = [
            "study-000010.toml",
            "study-000001.toml",
            "a-very-long-name-sharing-its-first-sixteen-bytes-2.toml",
            "a-very-long-name-sharing-its-first-sixteen-bytes-10.toml",
            "a-very-long-name-sharing-its-first-sixteen-bytes.toml",
            "b.toml",
            "B.toml",
            "ü.toml",
            "a.toml",
            "a",
            "",
        ];
        let mut names = Names::default();
        for n in given {
            names.push(n.as_bytes());
        }
        let mut want: Vec<PathBuf> = given.iter().map(|n| Path::new("d").join(n)).collect();
        want.sort_by(|a, b| {
            a.as_os_str()
                .as_encoded_bytes()
                .cmp(b.as_os_str().as_encoded_bytes())
        });
        assert_eq!(names.sorted_paths(Path::new("d")), want);
    }

    #[test]
    fn a_files_name_and_stem_are_what_path_gives() {
        for p in [
            "studies/smith-2019.toml",
            "/r/studies/a.b.toml",
            "smith-2019.toml",
            "studies/.toml",
            "studies/..toml",
            "studies/a.",
            "studies/.hidden.toml",
            "studies/noext",
            "studies/ünïcode-é.toml",
            "studies/",
            "studies/..",
            "studies/.",
            "/",
            "",
            "a//b.toml",
        ] {
            let p = Path::new(p);
            assert_eq!(file_name(p), p.file_name(), "{p:?}");
            assert_eq!(
                file_stem(p),
                p.file_stem().and_then(|s| s.to_str()),
                "{p:?}"
            );
        }
    }
}
