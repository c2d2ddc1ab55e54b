//! A derived cache of the searches' records, so that a screen opens
//! without reading and merging every export again: `.litrev/screening-cache`
//! under the review (the folder ignored by git through a `.gitignore` of
//! its own). It is never a source of truth: it holds what reading the
//! exports and merging their records gave, the records' abstracts after
//! them, and is used only when
//!
//! - its key matches: the SHA-256 of every export's bytes as they are
//!   now (and the exports' names, in `[[searches]]` order), the reviewers'
//!   answers about possible duplicates, this version of litrev and the
//!   cache's own format;
//! - its own SHA-256 (the last 32 bytes: of everything before them) is
//!   right, and every part of it reads.
//!
//! Otherwise the exports are read and merged as if there were no cache,
//! and a new one is written (atomically: a new file renamed over the old,
//! so a screen reading abstracts from the old one keeps reading what it
//! checked). A cache that cannot be written is no error: the records stay
//! in memory. Records whose fields the cache does not hold (extraction
//! values, appraisals, numbers with a fraction among their other fields)
//! are never cached: such a review is read from its exports each time.

use std::fs::File;
use std::io::{BufReader, Read as _, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::codec::{Dec, Enc, decode, encode};
use super::texts::Texts;
use super::{Read, read_all};
use crate::screening::config::Search;
use crate::screening::dedupe::{self, Deduped, Pair};

/// The folder of litrev's derived files under a review.
pub const DIR: &str = ".litrev";
/// The cache's file in it.
pub const FILE: &str = "screening-cache";
const MAGIC: &[u8] = b"litrev screening cache\n";
/// Changed whenever what is written changes.
const FORMAT: u32 = 1;

/// What reading and merging the exports gave.
#[derive(Debug)]
pub struct Loaded {
    pub reads: Vec<Read>,
    /// Records read from all exports.
    pub identified: usize,
    pub deduped: Deduped,
    pub texts: Texts,
    /// How the records were had.
    pub from: From,
}

/// How a cache is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Neither read nor written.
    Off,
    /// Read when it matches, never written: commands that only read the
    /// review never write into it.
    Read,
    /// Read when it matches, else written (the screening screen).
    ReadWrite,
}

/// Where [`Loaded`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum From {
    /// The cache, checked.
    Cache,
    /// The exports, and a new cache written.
    ExportsCached,
    /// The exports, with no cache written.
    Exports,
}

/// The cache's path under the review at `root`.
pub fn path(root: &Path) -> PathBuf {
    root.join(DIR).join(FILE)
}

/// The records of the searches, from the cache when it is the cache of
/// the exports as they are now, else read and merged (and cached, with
/// [`Use::ReadWrite`]).
pub fn load(
    root: &Path,
    searches: &[Search],
    pairs: &[(String, String, Pair)],
    cache: Use,
) -> Loaded {
    let key = if cache == Use::Off {
        None
    } else {
        key(root, searches, pairs)
    };
    if let Some(k) = &key
        && let Some(l) = read(root, k, searches.len())
    {
        return l;
    }
    let (raws, reads, blocks) = read_all(root, searches);
    super::release_free_memory();
    let identified = raws.len();
    let deduped = dedupe::dedupe(raws, pairs);
    let written = key
        .filter(|_| cache == Use::ReadWrite)
        .and_then(|k| write(root, &k, &reads, identified, &deduped, &blocks));
    let (texts, from) = match written {
        Some(t) => (t, From::ExportsCached),
        None => (Texts::Memory(blocks), From::Exports),
    };
    Loaded {
        reads,
        identified,
        deduped,
        texts,
        from,
    }
}

/// The SHA-256 of a file's bytes.
fn file_digest(path: &Path) -> Option<[u8; 32]> {
    let mut f = File::open(path).ok()?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 18];
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => h.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(h.finalize().into())
}

/// What the cache must have been made from: `None` when an export cannot
/// be read (then nothing is cached).
pub fn key(root: &Path, searches: &[Search], pairs: &[(String, String, Pair)]) -> Option<[u8; 32]> {
    // The exports hashed side by side, as they are read.
    let digests: Vec<Option<[u8; 32]>> =
        super::on_threads(searches, |_, s| file_digest(&root.join(&s.file)))
            .into_iter()
            .map(Option::flatten)
            .collect();
    let mut h = Sha256::new();
    h.update(MAGIC);
    h.update(FORMAT.to_le_bytes());
    let version = env!("CARGO_PKG_VERSION");
    h.update((version.len() as u64).to_le_bytes());
    h.update(version.as_bytes());
    h.update((searches.len() as u64).to_le_bytes());
    for (s, d) in searches.iter().zip(&digests) {
        h.update((s.file.len() as u64).to_le_bytes());
        h.update(s.file.as_bytes());
        h.update((*d)?);
    }
    h.update((pairs.len() as u64).to_le_bytes());
    for (a, b, p) in pairs {
        for k in [a, b] {
            h.update((k.len() as u64).to_le_bytes());
            h.update(k.as_bytes());
        }
        h.update([u8::from(*p == Pair::Same)]);
    }
    Some(h.finalize().into())
}

/// Reads the cache if it is there, has `key` and is whole.
fn read(root: &Path, key: &[u8; 32], searches: usize) -> Option<Loaded> {
    let mut file = File::open(path(root)).ok()?;
    let len = file.metadata().ok()?.len();
    let head = MAGIC.len() as u64 + 32;
    if len < head + 8 + 32 {
        return None;
    }
    let mut start = vec![0u8; head as usize + 8];
    file.read_exact(&mut start).ok()?;
    if &start[..MAGIC.len()] != MAGIC || &start[MAGIC.len()..head as usize] != key {
        return None;
    }
    let meta_len = u64::from_le_bytes(start[head as usize..].try_into().ok()?);
    let texts_at = (head + 8).checked_add(meta_len)?;
    if texts_at > len - 32 {
        return None;
    }
    // The whole file checked against its own digest.
    file.seek(SeekFrom::Start(0)).ok()?;
    let mut h = Sha256::new();
    let mut r = BufReader::with_capacity(1 << 18, (&file).take(len - 32));
    let mut meta = Vec::with_capacity(usize::try_from(meta_len).ok()?);
    let mut buf = vec![0u8; 1 << 18];
    let mut at = 0u64;
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        h.update(&buf[..n]);
        // The part of the chunk that is the records' section.
        let (a, b) = (at, at + n as u64);
        let (m0, m1) = (head + 8, texts_at);
        if b > m0 && a < m1 {
            let from = (m0.max(a) - a) as usize;
            let to = (m1.min(b) - a) as usize;
            meta.extend_from_slice(&buf[from..to]);
        }
        at = b;
    }
    drop(r);
    if at != len - 32 {
        return None;
    }
    let mut digest = [0u8; 32];
    file.seek(SeekFrom::Start(len - 32)).ok()?;
    file.read_exact(&mut digest).ok()?;
    if h.finalize().as_slice() != digest {
        return None;
    }
    let mut d = Dec { buf: &meta, at: 0 };
    let (reads, identified, deduped, sizes) = decode(&mut d, searches)?;
    if d.at != meta.len() {
        return None;
    }
    let mut starts = Vec::with_capacity(sizes.len());
    let mut next = texts_at;
    for s in sizes {
        starts.push(next);
        next = next.checked_add(s)?;
    }
    if next != len - 32 {
        return None;
    }
    // Every abstract within its block.
    for r in &deduped.records {
        if let Some(t) = r.text {
            let i = t.part as usize;
            let end = starts.get(i + 1).copied().unwrap_or(next);
            let at = starts
                .get(i)?
                .checked_add(t.at)?
                .checked_add(t.len as u64)?;
            if at > end {
                return None;
            }
        }
    }
    Some(Loaded {
        reads,
        identified,
        deduped,
        texts: Texts::File { file, starts },
        from: From::Cache,
    })
}

/// Writes the cache; the texts as read from it, or `None` when it could
/// not be written (or holds records it cannot keep).
fn write(
    root: &Path,
    key: &[u8; 32],
    reads: &[Read],
    identified: usize,
    deduped: &Deduped,
    blocks: &[String],
) -> Option<Texts> {
    let mut e = Enc(Vec::new());
    encode(&mut e, reads, identified, deduped, blocks)?;
    let dir = root.join(DIR);
    std::fs::create_dir_all(&dir).ok()?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        // Everything in it is derived: never committed.
        std::fs::write(
            &ignore,
            "# litrev's derived files: rebuilt when needed, never committed\n*\n",
        )
        .ok()?;
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".screening-cache-")
        .tempfile_in(&dir)
        .ok()?;
    let mut h = Sha256::new();
    let mut starts = Vec::with_capacity(blocks.len());
    let mut at = (MAGIC.len() + 32 + 8 + e.0.len()) as u64;
    for b in blocks {
        starts.push(at);
        at += b.len() as u64;
    }
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 18, tmp.as_file_mut());
        let mut put = |bytes: &[u8]| -> Option<()> {
            h.update(bytes);
            w.write_all(bytes).ok()
        };
        put(MAGIC)?;
        put(key)?;
        put(&(e.0.len() as u64).to_le_bytes())?;
        put(&e.0)?;
        for b in blocks {
            put(b.as_bytes())?;
        }
        let digest: [u8; 32] = h.finalize().into();
        w.write_all(&digest).ok()?;
        w.flush().ok()?;
    }
    let file = tmp.persist(path(root)).ok()?;
    Some(Texts::File { file, starts })
}
