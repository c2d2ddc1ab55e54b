//! Loading a review: `review.toml`, then every study file read and parsed
//! on every core, a batch at a time, handed over in file order; the refs
//! used twice, the lint and the appraisals checked; the studies sorted.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use crate::model::*;
use crate::search::{Doc, SearchIndex, permute};
use crate::store::loading::{FIRST, Progress};
use crate::store::parse::{parse_review, parse_study};
use crate::store::scan::{Folder, read_study_into, scan_studies};
use crate::store::trim::Keep;
use crate::store::{
    Fingerprint, LoadError, Loaded, REVIEW_FILE, STUDIES_DIR, StudyEntry, sort_order, sort_studies,
};
use crate::text::problem::Problem;

/// Loads the review at `root`: `review.toml` and every `studies/*.toml`.
/// One broken study never hides the others: they load, and it is listed in
/// `problems` and `broken`.
pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    load_with(root, Want::TEXT, None)
}

/// Loads a review like [`load`] but keeps only a fingerprint of each
/// study's text (`StudyEntry::file`), not the text: what the TUI and the
/// read-only commands use, so that 100 000 studies fit in little memory.
/// The session reads a file again when it needs its text and treats a file
/// that no longer matches its fingerprint as changed on disk.
pub fn load_fingerprinted(root: &Path) -> Result<Loaded, LoadError> {
    load_with(root, Want::FINGERPRINT, None)
}

/// Loads a review like [`load_fingerprinted`] and folds each study's
/// search text on the loader's threads as the study is read
/// ([`Loaded::index`]): what the TUI opens with, so that the index costs
/// neither a pass after loading nor a copy of every study's text.
pub fn load_indexed(root: &Path) -> Result<Loaded, LoadError> {
    load_with(root, Want::INDEX, None)
}

/// Loads a review like [`load_fingerprinted`], every appraisal checked
/// (its problems reported as by every load) and then let go: the studies
/// come without their `appraisals`. For the commands that count by
/// something else (`tally` by design, year, tag or field with no appraisal
/// filter): at 100 000 appraised studies the appraisals are a third of the
/// loaded review's memory. For reading only: no study keeps a
/// fingerprint of its file.
pub fn load_without_appraisals(root: &Path) -> Result<Loaded, LoadError> {
    trimmed(root, Keep::NoAppraisals)
}

/// Loads a review like [`load_without_appraisals`] for counting (`tally`
/// without `--search`): each study, once read and checked, also lets go of
/// what no count, filter (the search aside) or citation reads — journal,
/// volume, issue, pages, PMID, URL, notes, abstract, keywords and the keys
/// litrev does not know — and keeps its appraisals only with `appraisals`.
/// Its id, number, title, authors, year, DOI (for the duplicate check across
/// studies), design, tags and extraction stay. On a review of imported
/// records, abstracts included, that is most of a study's memory. For
/// reading only: no study keeps a fingerprint of its file.
pub fn load_for_counting(root: &Path, appraisals: bool) -> Result<Loaded, LoadError> {
    trimmed(root, Keep::Counting { appraisals })
}

/// Loads a review like [`load_fingerprinted`] for the commands that read
/// the appraisals alone (`appraisal`'s table, `agreement`): every study
/// read and checked as by every load (its problems reported), then kept
/// with only its id, ref and appraisals, and with `citing` its authors and
/// year too (what a short citation needs). For reading only: no study
/// keeps a fingerprint of its file.
pub fn load_for_appraisals(root: &Path, citing: bool) -> Result<Loaded, LoadError> {
    trimmed(root, Keep::Appraisals { citing })
}

/// [`load_fingerprinted`], each study reduced to what `keep` keeps once
/// read and checked, without fingerprints: a trimmed study is part of what
/// its file holds, for reading, and nothing ever saves it or compares its
/// file again (`StudyEntry::file` is `None`, its file's text never hashed).
fn trimmed(root: &Path, keep: Keep) -> Result<Loaded, LoadError> {
    let want = Want {
        trim: Some(keep),
        ..Want::FINGERPRINT
    };
    load_with(root, want, None)
}

/// [`load_indexed`], telling `progress` how far it has come and handing it
/// the first studies read ([`crate::store::Loading`]).
pub(crate) fn load_indexed_with(
    root: &Path,
    progress: Option<&Progress>,
) -> Result<Loaded, LoadError> {
    load_with(root, Want::INDEX, progress)
}

/// What a load keeps besides the studies.
#[derive(Debug, Clone, Copy)]
struct Want {
    /// Each study's source text.
    text: bool,
    /// Each study's search text, folded.
    index: bool,
    /// What to let go of each study once it is read and checked (`None`:
    /// nothing).
    trim: Option<Keep>,
}

impl Want {
    const TEXT: Want = Want {
        text: true,
        index: false,
        trim: None,
    };
    const FINGERPRINT: Want = Want {
        text: false,
        index: false,
        trim: None,
    };
    const INDEX: Want = Want {
        text: false,
        index: true,
        trim: None,
    };
}

fn load_with(root: &Path, want: Want, progress: Option<&Progress>) -> Result<Loaded, LoadError> {
    let review_path = root.join(REVIEW_FILE);
    let review_src = match fs::read(&review_path) {
        Ok(bytes) => match utf8(&review_path, bytes) {
            Ok(s) => s,
            Err(p) => {
                return Err(LoadError::BadReview {
                    path: review_path,
                    problems: vec![p],
                });
            }
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(LoadError::NotAReview {
                path: root.to_path_buf(),
            });
        }
        Err(e) => {
            return Err(LoadError::Io {
                path: review_path,
                source: e,
            });
        }
    };
    let (review, mut problems) = parse_review(&review_path, &review_src);
    let Some(mut review) = review else {
        return Err(LoadError::BadReview {
            path: review_path,
            problems,
        });
    };
    // The review's own instruments beside the built-ins: the loaded review
    // carries them, so every reader of its appraisals sees these.
    let (instruments, bad) = crate::appraisal::Registry::for_review(root);
    problems.extend(bad);
    review.instruments = crate::appraisal::Instruments::new(instruments);

    let dir = root.join(STUDIES_DIR);
    // In byte order of their names, as `ls` in the C locale shows them.
    let files = match scan_studies(&dir, &mut problems) {
        Ok(files) => files,
        Err(e) => {
            return Err(LoadError::Io {
                path: dir,
                source: e,
            });
        }
    };
    if let Some(p) = progress {
        p.total.store(files.len(), Ordering::Relaxed);
    }
    let mut studies = Vec::with_capacity(files.len());
    let mut docs = Vec::with_capacity(if want.index { files.len() } else { 0 });
    let mut broken = Vec::new();
    let mut conflicted = Vec::new();
    // Every study's ref, its position and the span of its value, in one
    // vector: grouped by ref below, to find the refs used twice.
    let mut refs: Vec<RefUse> = Vec::with_capacity(files.len());
    let mut own_problems = Vec::new();
    let folder = Folder::open(&dir);
    parse_files((&folder, &files), &review, want, |path, res| {
        if let Some(p) = progress {
            p.read.fetch_add(1, Ordering::Relaxed);
            if studies.len() == FIRST && docs.len() == FIRST && files.len() > FIRST {
                p.offer_first(|| first_screen(root, &review, &studies, &docs));
            }
        }
        match res {
            Err(p) => {
                problems.push(p);
                broken.push(path.clone());
            }
            Ok(Read {
                entry,
                problems: own_file,
                conflicted: true,
                ..
            }) => {
                // Shown as its OURS side, marked, and counted nowhere.
                problems.extend(own_file);
                if let Some(entry) = entry {
                    conflicted.push(entry);
                }
            }
            Ok(Read {
                entry,
                problems: own_file,
                ref_span,
                doc,
                own,
                conflicted: false,
            }) => {
                problems.extend(own_file);
                match entry {
                    Some(entry) => {
                        own_problems.extend(own);
                        if want.index {
                            docs.push(doc.unwrap_or_else(|| Doc::new(&entry.study)));
                        }
                        if let Some(r) = entry.study.reference {
                            refs.push((r, studies.len(), ref_span));
                        }
                        studies.push((path.as_path(), entry));
                    }
                    None => broken.push(path.clone()),
                }
            }
        }
    });
    let mut cross = duplicate_refs(&studies, refs);
    cross.extend(crate::check::lint::duplicate_dois(&studies));
    problems.extend(cross.iter().cloned());
    // Each study's own warnings and its appraisals checked against the
    // review's instruments, found on the loader's threads ([`Read::own`]).
    // After the problems across studies, as they always came: the sort
    // below is stable, and within one file they keep their order.
    problems.extend(own_problems);
    let mut studies: Vec<StudyEntry> = studies.into_iter().map(|(_, e)| e).collect();
    let index = if want.index {
        // The studies and their folded texts put in order together.
        let order = sort_order(&studies);
        permute(&mut studies, order.clone());
        permute(&mut docs, order);
        Some(SearchIndex::from_docs(docs))
    } else {
        sort_studies(&mut studies);
        None
    };
    problems.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    Ok(Loaded {
        root: root.to_path_buf(),
        review,
        studies,
        problems,
        broken,
        conflicted,
        cross,
        index,
    })
}

/// One study file, read as the loader reads it (for following changes on
/// disk one file at a time).
#[derive(Debug)]
pub enum FileState {
    /// There is no file.
    Gone,
    /// The file cannot be read as a study; why.
    Broken(Vec<Problem>),
    /// A study (its text not kept: see [`load_fingerprinted`]), with the
    /// file's own problems; `conflicted` when it was read from the OURS side
    /// of a file holding git's conflict markers.
    Study {
        entry: Box<StudyEntry>,
        problems: Vec<Problem>,
        conflicted: bool,
    },
}

/// Reads the file of study `id` as [`load`] reads each file: its size,
/// its encoding, its syntax and fields, the warnings about it alone and its
/// appraisals checked (not the problems shared with other studies:
/// [`cross_problems`]).
pub fn read_study_file(root: &Path, review: &Review, id: &str) -> FileState {
    let Some(path) = crate::store::study_path(root, id) else {
        return FileState::Gone;
    };
    match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return FileState::Gone,
        Ok(m) if m.is_dir() => {
            return FileState::Broken(vec![Problem::file(&path, "is a folder, not a study file")]);
        }
        _ => {}
    }
    let mut buf = Vec::new();
    if let Err(p) = read_study_into(&path, &mut buf) {
        return FileState::Broken(vec![p]);
    }
    let fp = Fingerprint::of(&buf);
    let src = match utf8_str(&path, &buf) {
        Ok(s) => s,
        Err(p) => return FileState::Broken(vec![p]),
    };
    let (parsed, conflicted) = parse_conflicted(&path, src, Some(id), review);
    let Some(study) = parsed.study else {
        return FileState::Broken(parsed.problems);
    };
    let entry = StudyEntry {
        study,
        source: String::new(),
        file: Some(fp),
    };
    let mut problems = parsed.problems;
    if !conflicted {
        problems.extend(study_problems(review, &path, &entry));
    }
    FileState::Study {
        entry: Box::new(entry),
        problems,
        conflicted,
    }
}

/// The problems of one usable study beyond reading it: the warnings about
/// it alone and its appraisals checked against the review's instruments.
pub fn study_problems(review: &Review, path: &Path, entry: &StudyEntry) -> Vec<Problem> {
    let mut out = crate::check::lint::lint_study(path, entry);
    out.extend(crate::check::appraisal::check(
        &review.instruments,
        &[(path, entry)],
    ));
    out
}

/// Parses a study file; one that holds git's conflict markers is read from
/// its OURS side (`true`), with the conflict as its only problem, when that
/// side is a study. A file whose sides cannot be read stays unread.
pub fn parse_conflicted(
    path: &Path,
    src: &str,
    stem: Option<&str>,
    review: &Review,
) -> (crate::store::parse::ParsedStudy, bool) {
    let parsed = parse_study(path, src, stem, review);
    if parsed.study.is_some() || crate::store::parse::located::conflict_marker(src).is_none() {
        return (parsed, false);
    }
    let Some(sides) = crate::store::conflict::split(src) else {
        return (parsed, false);
    };
    match parse_study(path, &sides.ours, stem, review).study {
        Some(study) => (
            crate::store::parse::ParsedStudy {
                study: Some(study),
                ..parsed
            },
            true,
        ),
        None => (parsed, false),
    }
}

/// The first studies read as a review of their own, sorted and indexed:
/// what the terminal interface shows while the rest are read. Nothing is
/// checked across them (their problems come with the whole review).
fn first_screen(
    root: &Path,
    review: &Review,
    studies: &[(&Path, StudyEntry)],
    docs: &[Doc],
) -> Loaded {
    let mut entries: Vec<StudyEntry> = studies.iter().map(|(_, e)| e.clone()).collect();
    let mut docs = docs.to_vec();
    let order = sort_order(&entries);
    permute(&mut entries, order.clone());
    permute(&mut docs, order);
    Loaded {
        root: root.to_path_buf(),
        review: review.clone(),
        studies: entries,
        problems: Vec::new(),
        broken: Vec::new(),
        conflicted: Vec::new(),
        cross: Vec::new(),
        index: Some(SearchIndex::from_docs(docs)),
    }
}

/// A ref, the study (by position) using it, and the span of its `ref` value
/// (`None`: found in the file's text when needed).
type RefUse = (u32, usize, Option<std::ops::Range<usize>>);

/// The problems that involve more than one study (a ref or a DOI used by
/// two): found again for the whole review whenever a study changes, since
/// a change to one study can make them appear or go in another's file.
pub fn cross_problems<E: crate::check::Entry>(studies: &[(&Path, E)]) -> Vec<Problem> {
    let refs = studies
        .iter()
        .enumerate()
        .filter_map(|(i, (_, e))| e.study().reference.map(|r| (r, i, None)))
        .collect();
    let mut out = duplicate_refs(studies, refs);
    out.extend(crate::check::lint::duplicate_dois(studies));
    out
}

/// "ref N is also used by …" at every study sharing a ref, unless all of
/// them say `ref_shared = true`.
fn duplicate_refs<E: crate::check::Entry>(
    studies: &[(&Path, E)],
    mut refs: Vec<RefUse>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    // Stable: within a ref, the studies stay in load order.
    refs.sort_by_key(|(r, _, _)| *r);
    let by_ref = refs.chunk_by(|a, b| a.0 == b.0);
    for users in by_ref {
        let r = users[0].0;
        if users.len() < 2 {
            continue;
        }
        let all_shared = users
            .iter()
            .all(|(_, i, _)| studies[*i].1.study().ref_shared);
        if all_shared {
            continue;
        }
        for (_, i, span) in users {
            let (path, entry) = &studies[*i];
            // A few names, not all: a ref repeated in thousands of files
            // would otherwise make thousands of messages naming thousands.
            const NAMED: usize = 3;
            let mut others = users
                .iter()
                .filter(|(_, j, _)| j != i)
                .take(NAMED)
                .map(|(_, j, _)| studies[*j].1.study().id.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let more = (users.len() - 1).saturating_sub(NAMED);
            if more > 0 {
                others.push_str(&format!(" and {more} more"));
            }
            let text = entry.text_for_messages(path);
            let off = match span {
                Some(s) => s.start,
                None => crate::check::lint::value_span(&text, "ref", None).map_or(0, |s| s.start),
            };
            problems.push(Problem::at(
                path,
                &text,
                off,
                format!(
                    "ref {r} is also used by {}: give each study its own number, or set `ref_shared = true` in each if one publication is deliberately counted more than once",
                    others
                ),
            ));
        }
    }
    problems
}

/// One study file read on a loader thread.
struct Read {
    /// The study (`parsed.study`, moved here) with its text when the load
    /// keeps texts, and the file's fingerprint.
    entry: Option<StudyEntry>,
    /// The file's own problems (`parsed.problems`, moved here).
    problems: Vec<Problem>,
    /// The span of the study's `ref` value.
    ref_span: Option<Range<usize>>,
    /// The study's search text folded, when the load asked for it.
    doc: Option<Doc>,
    /// The problems of the study beyond reading it ([`study_problems`]:
    /// its warnings and its appraisals checked), found on the loader's
    /// thread; none for a study read from a conflicted file.
    own: Vec<Problem>,
    /// Read from its OURS side because the file holds git's conflict
    /// markers.
    conflicted: bool,
}

/// A file read, or the problem that kept it unread.
type ParseResult = Result<Read, Problem>;

/// How many files a loader thread reads and parses at a time.
const BATCH: usize = 512;

/// Reads and parses study files on every core, a batch of [`BATCH`] files
/// at a time, and hands each result to `sink` on the calling thread, in
/// `files`' order, as soon as its batch is done. The loader thus holds the
/// parsed results of a few batches at a time, never of the whole review
/// beside the final list (at 100 000 studies that would be ~60 MB more at
/// the peak, left behind as holes in the heap).
fn parse_files<'f>(
    (folder, files): (&Folder, &'f [PathBuf]),
    review: &Review,
    want: Want,
    mut sink: impl FnMut(&'f PathBuf, ParseResult),
) {
    let one = |p: &PathBuf, buf: &mut Vec<u8>| -> ParseResult {
        folder.read_study_into(p, buf)?;
        let fp = want.trim.is_none().then(|| Fingerprint::of(buf));
        let src = utf8_str(p, buf)?;
        let stem = super::scan::file_stem(p).unwrap_or("");
        let (parsed, conflicted) = parse_conflicted(p, src, Some(stem), review);
        // The text is kept only when asked for; otherwise the buffer is
        // reused for the next file, so the texts of all the studies are
        // never in memory at once.
        let source = if want.text {
            src.to_string()
        } else {
            String::new()
        };
        let crate::store::parse::ParsedStudy {
            study,
            problems,
            ref_span,
            ..
        } = parsed;
        let mut entry = study.map(|study| StudyEntry {
            study,
            source,
            file: fp,
        });
        let mut own = Vec::new();
        if let Some(e) = &mut entry {
            if !conflicted {
                own = study_problems(review, p, e);
            }
            if let Some(keep) = want.trim {
                keep.apply(&mut e.study);
            }
        }
        // The search text is folded by `fold_batch`, once the batch is read.
        Ok(Read {
            entry,
            problems,
            ref_span,
            doc: None,
            own,
            conflicted,
        })
    };
    // Each study of a batch folded one after another, so that their search
    // texts lie side by side in memory (a search walks them all in order:
    // texts scattered among the studies' own strings made it ~60% slower).
    let fold_batch = |results: &mut [ParseResult]| {
        if want.index {
            for r in results.iter_mut().flatten() {
                r.doc = r.entry.as_ref().map(|e| Doc::new(&e.study));
            }
        }
    };
    let batches: Vec<&[PathBuf]> = files.chunks(BATCH).collect();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    if threads < 2 || files.len() < 64 {
        let mut buf = Vec::new();
        for p in files {
            let mut res = [one(p, &mut buf)];
            fold_batch(&mut res);
            let [res] = res;
            sink(p, res);
        }
        return;
    }
    // Each worker takes the next batch not yet taken, so the batches finish
    // nearly in order and few wait for the one before them.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Vec<ParseResult>)>();
    std::thread::scope(|s| {
        let mut workers = Vec::with_capacity(threads);
        for _ in 0..threads {
            let (tx, next, batches, one, fold_batch) =
                (tx.clone(), &next, &batches, &one, &fold_batch);
            workers.push(s.spawn(move || {
                let mut buf = Vec::new();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(batch) = batches.get(i) else {
                        break;
                    };
                    let mut results: Vec<_> = batch.iter().map(|p| one(p, &mut buf)).collect();
                    fold_batch(&mut results);
                    if tx.send((i, results)).is_err() {
                        break;
                    }
                }
            }));
        }
        drop(tx);
        let mut early: BTreeMap<usize, Vec<ParseResult>> = BTreeMap::new();
        for (i, batch) in batches.iter().enumerate() {
            let results = loop {
                if let Some(r) = early.remove(&i) {
                    break Some(r);
                }
                match rx.recv() {
                    Ok((j, r)) if j == i => break Some(r),
                    Ok((j, r)) => {
                        early.insert(j, r);
                    }
                    // Every worker has ended and this batch never came: its
                    // worker panicked.
                    Err(_) => break None,
                }
            };
            match results {
                Some(results) => {
                    for (p, res) in batch.iter().zip(results) {
                        sink(p, res);
                    }
                }
                None => {
                    for p in batch.iter() {
                        sink(
                            p,
                            Err(Problem::file(p, "cannot read: a loader thread panicked")),
                        );
                    }
                }
            }
        }
        // Joined here, so that a worker's panic (its batches are reported
        // above) does not become the scope's.
        for w in workers {
            let _ = w.join();
        }
    });
}

/// A file's bytes as UTF-8 text, borrowed, or the problem of [`utf8`].
fn utf8_str<'a>(p: &Path, bytes: &'a [u8]) -> Result<&'a str, Problem> {
    std::str::from_utf8(bytes).map_err(|e| not_utf8(p, bytes, e.valid_up_to()))
}

/// A file's bytes as UTF-8 text, or a problem at the line and column of the
/// first byte that is not UTF-8 (a file saved in Latin-1 or Windows-1252).
fn utf8(p: &Path, bytes: Vec<u8>) -> Result<String, Problem> {
    String::from_utf8(bytes).map_err(|e| not_utf8(p, e.as_bytes(), e.utf8_error().valid_up_to()))
}

/// The problem of bytes that are UTF-8 only up to byte `at`.
fn not_utf8(p: &Path, bytes: &[u8], at: usize) -> Problem {
    let before = bytes
        .get(..at)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("");
    Problem::at(
        p,
        before,
        at,
        format!(
            "not UTF-8 text (byte 0x{:02x} here); save the file as UTF-8",
            bytes.get(at).copied().unwrap_or(0)
        ),
    )
}
