//! [`super::create_all`] on Linux, with as few system calls per file as
//! the guarantees allow: the folder is opened once (and refused once if it
//! is a link); each temporary file is created, written in one `write` and
//! closed relative to it (`openat`, no path walked, no `stat`); the
//! temporary files are made durable by one `syncfs`; and each is renamed
//! to its name with `RENAME_NOREPLACE`, which fails instead of replacing a
//! file that appeared (so no separate "does it exist?" look per file).
//! A filesystem that does not know the flag gets today's check under the
//! save lock, then a plain rename.

use std::ffi::{CString, OsStr};
use std::fs;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rustix::fd::{AsFd, BorrowedFd, OwnedFd};
use rustix::fs::{AtFlags, FileType, Mode, OFlags, RenameFlags};
use rustix::io::Errno;

use super::{BatchError, Made, SYNC_THREADS, in_chunks, io_at};
use crate::store::{SaveError, check_unchanged, folder_of, lock_studies, own_temp_prefix};

/// A temporary file of ours in the folder, by name: removed when dropped,
/// unless it was renamed to its target.
struct Temp<'d> {
    dir: BorrowedFd<'d>,
    name: Option<CString>,
}

impl Drop for Temp<'_> {
    fn drop(&mut self) {
        if let Some(name) = self.name.take() {
            let _ = rustix::fs::unlinkat(self.dir, &name, AtFlags::empty());
        }
    }
}

/// One item's temporary file (with its target's path), or why it was set
/// aside.
enum Staged<'d, R> {
    File(PathBuf, Temp<'d>),
    Aside(R),
}

/// Tells the batches of one process apart in their temporary names.
static BATCH: AtomicU64 = AtomicU64::new(0);

/// Creates the temporary file of item `i` in `dir` (named like every
/// temporary file of ours, so that one a killed import leaves is found
/// and removed) holding `text`: one `openat` (O_EXCL: never an existing
/// file), one `write` for a text of usual size, one `close`. The mode is
/// that of any new file (0666 less the umask).
fn stage_file<'d>(dir: BorrowedFd<'d>, tag: &str, i: usize, text: &[u8]) -> io::Result<Temp<'d>> {
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::CLOEXEC;
    let mut attempt = 0u32;
    let (name, fd): (CString, OwnedFd) = loop {
        let name = CString::new(format!("{}{tag}-{i}-{attempt}.tmp", own_temp_prefix()))
            .map_err(io::Error::other)?;
        match rustix::fs::openat(dir, &name, flags, Mode::from_bits_truncate(0o666)) {
            Ok(fd) => break (name, fd),
            // Left by an earlier batch of a process with our id.
            Err(Errno::EXIST) if attempt < 64 => attempt += 1,
            Err(e) => return Err(e.into()),
        }
    };
    let temp = Temp {
        dir,
        name: Some(name),
    };
    let mut rest = text;
    while !rest.is_empty() {
        match rustix::io::write(&fd, rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => rest = &rest[n..],
            Err(Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    drop(fd);
    Ok(temp)
}

/// Renames `temp` to `name` in `dir` without ever replacing a file there:
/// `RENAME_NOREPLACE`, or (`*noreplace` false: the filesystem refused the
/// flag) the check that nothing is there, under the save lock the caller
/// holds, then a plain rename. A file in the way is [`SaveError::Exists`],
/// or [`SaveError::Link`] when it is a symbolic link (as the save refuses
/// links).
fn rename_new(
    dir: BorrowedFd<'_>,
    temp: &mut Temp<'_>,
    name: &OsStr,
    path: &Path,
    noreplace: &mut bool,
) -> Result<CString, SaveError> {
    let io_err = |e: io::Error| SaveError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let Some(from) = temp.name.as_deref() else {
        return Err(io_err(io::Error::other("temporary file already renamed")));
    };
    let to = CString::new(name.as_bytes())
        .map_err(io::Error::other)
        .map_err(io_err)?;
    let mut res = Err(Errno::INVAL);
    if *noreplace {
        res = rustix::fs::renameat_with(dir, from, dir, &to, RenameFlags::NOREPLACE);
        if res == Err(Errno::INVAL) {
            *noreplace = false;
        }
    }
    if !*noreplace {
        check_unchanged(path, None)?;
        res = rustix::fs::renameat(dir, from, dir, &to);
    }
    match res {
        Ok(()) => {
            temp.name = None;
            Ok(to)
        }
        Err(Errno::EXIST) => {
            let link = rustix::fs::statat(dir, &to, AtFlags::SYMLINK_NOFOLLOW)
                .is_ok_and(|st| FileType::from_raw_mode(st.st_mode) == FileType::Symlink);
            Err(if link {
                SaveError::Link {
                    path: path.to_path_buf(),
                }
            } else {
                SaveError::Exists {
                    path: path.to_path_buf(),
                }
            })
        }
        Err(e) => Err(io_err(e.into())),
    }
}

/// [`super::create_all_via`] on Linux.
pub(super) fn create_all_via<T: Sync, R: Send>(
    dir: &Path,
    items: &[T],
    make: impl Fn(&T) -> Made<R> + Sync,
    mut before_rename: impl FnMut(usize) -> io::Result<()>,
) -> Result<Vec<Option<R>>, BatchError> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    super::prepare(dir)?;
    // The folder is looked at once: a linked folder is refused at the
    // first file to write, as a save refuses it; otherwise it is opened
    // (never through a link) and every file is made relative to it.
    let linked = fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
    let folder: Option<OwnedFd> = if linked {
        None
    } else {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        Some(rustix::fs::open(dir, flags, Mode::empty()).map_err(|e| io_at(0, dir, e.into()))?)
    };
    let fd = folder.as_ref().map(|f| f.as_fd());
    let tag = format!(
        "{:x}{:x}",
        BATCH.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    );
    let stage = |i: usize, item: &T| -> Result<Staged<'_, R>, BatchError> {
        let (path, text) = match make(item) {
            Ok(made) => made,
            Err(reason) => return Ok(Staged::Aside(reason)),
        };
        if folder_of(&path) != dir || path.file_name().is_none() {
            return Err(io_at(
                i,
                &path,
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "a batch writes into one folder only",
                ),
            ));
        }
        let Some(fd) = fd else {
            return Err(BatchError {
                index: i,
                error: SaveError::Link { path },
            });
        };
        let temp = stage_file(fd, &tag, i, text.as_bytes()).map_err(|e| io_at(i, &path, e))?;
        Ok(Staged::File(path, temp))
    };
    // On failure every staged file is dropped: its temporary file removed.
    let staged: Vec<Staged<'_, R>> =
        in_chunks(items, SYNC_THREADS.min(items.len()), &stage, |i| {
            io_at(i, dir, io::Error::other("a writer thread panicked"))
        })?;
    let Some(fd) = fd else {
        // Every item was set aside: nothing to write.
        return Ok(staged
            .into_iter()
            .map(|s| match s {
                Staged::Aside(r) => Some(r),
                Staged::File(..) => None,
            })
            .collect());
    };
    // Every temporary file's text on disk before any is renamed: a crash
    // leaves each study file whole or absent.
    rustix::fs::syncfs(fd).map_err(|e| io_at(0, dir, e.into()))?;
    let lock = lock_studies(dir).map_err(|e| io_at(0, dir, e))?;
    let mut done: Vec<CString> = Vec::new();
    let mut out = Vec::with_capacity(staged.len());
    // A failure takes back the files renamed before it: none of the batch
    // is left.
    let undo = |done: &[CString]| {
        for name in done.iter().rev() {
            let _ = rustix::fs::unlinkat(fd, name, AtFlags::empty());
        }
        let _ = rustix::fs::fsync(fd);
    };
    let mut noreplace = true;
    for (i, st) in staged.into_iter().enumerate() {
        match st {
            Staged::Aside(reason) => out.push(Some(reason)),
            Staged::File(path, mut temp) => {
                let name = path.file_name().unwrap_or_default();
                let res = before_rename(i)
                    .map_err(|e| SaveError::Io {
                        path: path.clone(),
                        source: e,
                    })
                    .and_then(|()| rename_new(fd, &mut temp, name, &path, &mut noreplace));
                match res {
                    Ok(renamed) => done.push(renamed),
                    Err(error) => {
                        undo(&done);
                        return Err(BatchError { index: i, error });
                    }
                }
                out.push(None);
            }
        }
    }
    if let Err(e) = rustix::fs::fsync(fd) {
        undo(&done);
        return Err(io_at(items.len() - 1, dir, e.into()));
    }
    drop(lock);
    Ok(out)
}
