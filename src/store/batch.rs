//! Writing many files of one folder as one step, all or none (the
//! session's batches: an import of thousands of studies, an undo of one).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::store::{
    SaveError, check_unchanged, folder_of, lock_studies, refuse_link, sync_dir, temp_with,
    write_atomic,
};

#[cfg(target_os = "linux")]
mod linux;
#[cfg(test)]
mod tests;

/// One file of a batch write: `text` goes to `path` (`None`: the file is
/// removed), which must hold `expected` right before (`None`: must not
/// exist).
#[derive(Debug, Clone)]
pub struct BatchFile<'a> {
    pub path: PathBuf,
    pub text: Option<&'a str>,
    pub expected: Option<&'a str>,
}

/// Why a batch write stopped: the file it stopped at (its position in the
/// batch) and why. None of the batch's files is on disk.
#[derive(Debug)]
pub struct BatchError {
    pub index: usize,
    pub error: SaveError,
}

/// The files a batch removed, moved aside by rename into one hidden folder
/// of theirs (`.litrev-save-<pid>-<host>-trash-…`): renaming a file is many
/// times cheaper than removing it (freeing its blocks waits on the
/// filesystem's journal), so an undo of a 200 000-study import is done when
/// the renames are. The folder is removed when this is dropped, or on a
/// thread of its own ([`Trash::empty_in_background`]); one a process left
/// behind (it ended first) is removed by the next save, import or open, as
/// its temporary files are.
#[must_use = "dropping the trash removes its files now; empty_in_background does it on a thread"]
#[derive(Debug, Default)]
pub struct Trash {
    dir: Option<PathBuf>,
}

impl Trash {
    /// Removes the moved files on a thread of their own.
    pub fn empty_in_background(mut self) {
        if let Some(dir) = self.dir.take() {
            std::thread::spawn(move || {
                let _ = fs::remove_dir_all(dir);
            });
        }
    }
}

impl Drop for Trash {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let _ = fs::remove_dir_all(dir);
        }
    }
}

/// A batch removing more files than this moves them into a [`Trash`]
/// folder; fewer are removed one by one.
const TRASH_FROM: usize = 16;

/// How many threads write and fsync the temporary files of a batch.
/// Several fsyncs in flight at once let the filesystem's journal commit
/// them together instead of one commit per file.
const SYNC_THREADS: usize = 32;

/// Writes many files of one folder as one step, all or none:
///
/// 1. every new text goes to a temporary file beside its target (the loader
///    skips them), written and fsynced by several threads at once, which
///    the journal groups: not two fsyncs per file one after the other;
/// 2. under the save lock, every target is checked to still hold what the
///    caller expects (a co-author's change is never overwritten);
/// 3. every temporary file is renamed over its target and the files to
///    remove are removed; then the folder is synced once.
///
/// A failure before step 3 leaves nothing behind: the temporary files are
/// removed. A failure during step 3 puts the files already renamed or
/// removed back as they were (their expected text, or no file). A crash
/// leaves at worst some hidden temporary files and a batch partly renamed,
/// each file whole: old or new, never half-written.
///
/// The files removed are moved into a [`Trash`] folder when there are many;
/// the caller decides whether they are removed now (dropping it) or on a
/// thread of their own.
pub fn write_batch(files: &[BatchFile]) -> Result<Trash, BatchError> {
    write_batch_via(files, |_| Ok(()))
}

/// [`write_batch`], with `before_rename(i)` run right before the i-th file
/// is renamed or removed: a failure there stands for the rename failing
/// (tests use it to check the taking back).
pub(super) fn write_batch_via(
    files: &[BatchFile],
    mut before_rename: impl FnMut(usize) -> io::Result<()>,
) -> Result<Trash, BatchError> {
    let Some(first) = files.first() else {
        return Ok(Trash::default());
    };
    let fail = |index: usize, error: SaveError| BatchError { index, error };
    let io_at = |index: usize, e: io::Error| BatchError {
        index,
        error: SaveError::Io {
            path: files[index].path.clone(),
            source: e,
        },
    };
    let dir = folder_of(&first.path).to_path_buf();
    refuse_link(&first.path, &dir).map_err(|e| fail(0, e))?;
    for (i, f) in files.iter().enumerate() {
        if folder_of(&f.path) != dir {
            return Err(io_at(
                i,
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "a batch writes into one folder only",
                ),
            ));
        }
        refuse_link(&f.path, &f.path).map_err(|e| fail(i, e))?;
    }
    fs::create_dir_all(&dir).map_err(|e| io_at(0, e))?;
    // What a killed save or import left goes first.
    crate::store::scan::remove_orphan_temp_files(&dir);
    // 1. Temporary files, written and made durable by several threads
    //    at once, and closed (a batch of thousands must not hold thousands
    //    of open files).
    let temps = make_temps(files).map_err(|(i, e)| io_at(i, e))?;
    // 2. Checked under the lock, right before the renames.
    let lock = lock_studies(&dir).map_err(|e| io_at(0, e))?;
    for (i, f) in files.iter().enumerate() {
        check_unchanged(&f.path, f.expected).map_err(|e| fail(i, e))?;
    }
    // 3. Renames and removals, taken back if one fails.
    let removals = files
        .iter()
        .filter(|f| f.text.is_none() && f.expected.is_some())
        .count();
    let trash = if removals >= TRASH_FROM {
        let made = tempfile::Builder::new()
            .prefix(&format!("{}trash-", crate::store::own_temp_prefix()))
            .tempdir_in(&dir)
            .map_err(|e| io_at(0, e))?;
        Trash {
            dir: Some(made.keep()),
        }
    } else {
        Trash::default()
    };
    let mut done = Vec::with_capacity(files.len());
    for (i, (f, t)) in files.iter().zip(temps).enumerate() {
        let res = before_rename(i).and_then(|()| match (t, &trash.dir) {
            (Some(t), _) => t.persist(&f.path).map_err(|e| e.error),
            (None, Some(bin)) if f.expected.is_some() => {
                fs::rename(&f.path, bin.join(format!("{i}.toml")))
            }
            (None, None) if f.expected.is_some() => fs::remove_file(&f.path),
            (None, _) => Ok(()),
        });
        if let Err(e) = res {
            take_back(files, &done, &dir, &trash);
            return Err(io_at(i, e));
        }
        done.push(i);
    }
    if let Err(e) = sync_dir(&dir) {
        take_back(files, &done, &dir, &trash);
        return Err(io_at(files.len() - 1, e));
    }
    drop(lock);
    Ok(trash)
}

/// The synced temporary file of each file that gets a new text (`None`
/// for a removal), made by up to [`SYNC_THREADS`] threads: each one writes
/// and fsyncs its share, so that the journal commits many files at a time.
/// On failure, the position of a file that could not be written; the
/// temporary files already made are removed when dropped.
fn make_temps(files: &[BatchFile]) -> Result<Vec<Option<tempfile::TempPath>>, (usize, io::Error)> {
    let make =
        |i: usize, f: &BatchFile| -> Result<Option<tempfile::TempPath>, (usize, io::Error)> {
            match f.text {
                Some(text) => temp_with(&f.path, text.as_bytes())
                    .map(|t| Some(t.into_temp_path()))
                    .map_err(|e| (i, e)),
                None => Ok(None),
            }
        };
    let n = files.iter().filter(|f| f.text.is_some()).count();
    if n < 4 {
        return files.iter().enumerate().map(|(i, f)| make(i, f)).collect();
    }
    // On an error every file made is dropped: its temporary file removed.
    in_chunks(files, SYNC_THREADS.min(n), &make, |i| {
        (i, io::Error::other("a writer thread panicked"))
    })
}

/// `work(i, item)` for every item on up to `threads` threads, each taking
/// one run of consecutive items; the results in the items' order. The
/// first error (in the items' order of the runs) is returned and every
/// result made is dropped; a thread that panicked is `panicked(i)`, `i` the
/// first item of its run.
fn in_chunks<T: Sync, R: Send, E: Send>(
    items: &[T],
    threads: usize,
    work: &(impl Fn(usize, &T) -> Result<R, E> + Sync),
    panicked: impl Fn(usize) -> E,
) -> Result<Vec<R>, E> {
    let chunk = items.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                s.spawn(move || -> Result<Vec<R>, E> {
                    part.iter()
                        .enumerate()
                        .map(|(j, item)| work(c * chunk + j, item))
                        .collect()
                })
            })
            .collect();
        let mut all = Vec::with_capacity(items.len());
        let mut first_err = None;
        for (c, h) in handles.into_iter().enumerate() {
            match h.join() {
                Ok(Ok(part)) => all.extend(part),
                Ok(Err(e)) => {
                    first_err.get_or_insert(e);
                }
                Err(_) => {
                    first_err.get_or_insert_with(|| panicked(c * chunk));
                }
            }
        }
        match first_err {
            Some(e) => Err(e),
            None => Ok(all),
        }
    })
}

/// Puts the files of a batch already renamed or removed back as they were:
/// their expected text, or no file (a file moved into the trash is moved
/// back). Best effort: it runs only after another write failed, and still
/// under the save lock.
fn take_back(files: &[BatchFile], done: &[usize], dir: &Path, trash: &Trash) {
    for &i in done.iter().rev() {
        let f = &files[i];
        if f.text.is_none() && f.expected.is_none() {
            continue;
        }
        let moved = match (&trash.dir, f.text) {
            (Some(bin), None) => fs::rename(bin.join(format!("{i}.toml")), &f.path).is_ok(),
            _ => false,
        };
        if moved {
            continue;
        }
        let _ = match f.expected {
            Some(text) => write_atomic(&f.path, text.as_bytes()),
            None => fs::remove_file(&f.path),
        };
    }
    let _ = sync_dir(dir);
}

/// What [`create_all`] makes of one item: the file to create and its text,
/// or why the item is set aside (it is not written, the others are).
pub type Made<R> = Result<(PathBuf, String), R>;

/// Creates one new file per item in `dir`, all or none, without holding
/// every text at once (an import of 100 000 records): `make` gives each
/// item's path and text, or a reason to set it aside; each text is written
/// to a temporary file and dropped at once, by up to [`SYNC_THREADS`]
/// threads (the texts are made on every core), and the temporary files are
/// made durable (on Linux one `syncfs` of their filesystem once all are
/// written, not one fsync each: 100 000 fsyncs cost more than the rest of
/// an import together; elsewhere one fsync each, which the journal commits
/// together). Then, under the save lock, every temporary file is renamed,
/// never over a file: on Linux the rename itself refuses to replace one
/// (`RENAME_NOREPLACE`, see `linux.rs`), elsewhere no target may exist
/// yet. A target that appeared stops everything, and a rename that fails
/// takes back the ones before it, as [`write_batch`] does: nothing is
/// written. A crash leaves each file whole or absent (the renames come
/// after the sync), and at worst hidden temporary files that the next
/// save, import or open removes.
///
/// Returns, for each item, `None` when its file was created and
/// `Some(reason)` when it was set aside.
pub fn create_all<T: Sync, R: Send>(
    dir: &Path,
    items: &[T],
    make: impl Fn(&T) -> Made<R> + Sync,
) -> Result<Vec<Option<R>>, BatchError> {
    create_all_via(dir, items, make, |_| Ok(()))
}

/// One item's temporary file, or why it was set aside.
#[cfg(not(target_os = "linux"))]
enum Staged<R> {
    File(PathBuf, tempfile::TempPath),
    Aside(R),
}

/// [`create_all`], with `before_rename(i)` run right before the i-th item's
/// file is renamed (tests use a failure there to check the taking back).
/// A batch's error at item `index`: `e` on `path`.
fn io_at(index: usize, path: &Path, e: io::Error) -> BatchError {
    BatchError {
        index,
        error: SaveError::Io {
            path: path.to_path_buf(),
            source: e,
        },
    }
}

/// What [`create_all_via`] does first, on every system: the folder made,
/// and what an import killed before its renames left there removed.
fn prepare(dir: &Path) -> Result<(), BatchError> {
    fs::create_dir_all(dir).map_err(|e| io_at(0, dir, e))?;
    crate::store::scan::remove_orphan_temp_files(dir);
    Ok(())
}

#[cfg(target_os = "linux")]
pub(super) fn create_all_via<T: Sync, R: Send>(
    dir: &Path,
    items: &[T],
    make: impl Fn(&T) -> Made<R> + Sync,
    before_rename: impl FnMut(usize) -> io::Result<()>,
) -> Result<Vec<Option<R>>, BatchError> {
    linux::create_all_via(dir, items, make, before_rename)
}

/// [`create_all`], with `before_rename(i)` run right before the i-th item's
/// file is renamed (tests use a failure there to check the taking back).
#[cfg(not(target_os = "linux"))]
pub(super) fn create_all_via<T: Sync, R: Send>(
    dir: &Path,
    items: &[T],
    make: impl Fn(&T) -> Made<R> + Sync,
    mut before_rename: impl FnMut(usize) -> io::Result<()>,
) -> Result<Vec<Option<R>>, BatchError> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    prepare(dir)?;
    let stage = |i: usize, item: &T| -> Result<Staged<R>, BatchError> {
        let (path, text) = match make(item) {
            Ok(made) => made,
            Err(reason) => return Ok(Staged::Aside(reason)),
        };
        if folder_of(&path) != dir {
            return Err(io_at(
                i,
                &path,
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "a batch writes into one folder only",
                ),
            ));
        }
        crate::store::refuse_links(&path).map_err(|error| BatchError { index: i, error })?;
        let temp = temp_with(&path, text.as_bytes()).map_err(|e| io_at(i, &path, e))?;
        Ok(Staged::File(path, temp.into_temp_path()))
    };
    // On failure every staged file is dropped: its temporary file removed.
    let staged: Vec<Staged<R>> = in_chunks(items, SYNC_THREADS.min(items.len()), &stage, |i| {
        io_at(i, dir, io::Error::other("a writer thread panicked"))
    })?;
    let lock = lock_studies(dir).map_err(|e| io_at(0, dir, e))?;
    for (i, st) in staged.iter().enumerate() {
        if let Staged::File(path, _) = st {
            check_unchanged(path, None).map_err(|error| BatchError { index: i, error })?;
        }
    }
    let mut done: Vec<PathBuf> = Vec::new();
    let mut out = Vec::with_capacity(staged.len());
    let undo = |done: &[PathBuf]| {
        for p in done.iter().rev() {
            let _ = fs::remove_file(p);
        }
        let _ = sync_dir(dir);
    };
    for (i, st) in staged.into_iter().enumerate() {
        match st {
            Staged::Aside(reason) => out.push(Some(reason)),
            Staged::File(path, temp) => {
                if let Err(e) =
                    before_rename(i).and_then(|()| temp.persist(&path).map_err(|e| e.error))
                {
                    undo(&done);
                    return Err(io_at(i, &path, e));
                }
                done.push(path);
                out.push(None);
            }
        }
    }
    if let Err(e) = sync_dir(dir) {
        undo(&done);
        return Err(io_at(items.len() - 1, dir, e));
    }
    drop(lock);
    Ok(out)
}
