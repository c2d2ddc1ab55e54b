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

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read as _, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::texts::{TextRef, Texts};
use super::{Read, read_all};
use crate::interop::{Bad, Origin};
use crate::model::Study;
use crate::screening::config::Search;
use crate::screening::dedupe::{self, Deduped, Pair, Possible, Record};

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
/// the exports as they are now, else read and merged (and cached, when
/// `use_cache`).
pub fn load(
    root: &Path,
    searches: &[Search],
    pairs: &[(String, String, Pair)],
    use_cache: bool,
) -> Loaded {
    let key = if use_cache {
        key(root, searches, pairs)
    } else {
        None
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
    let written = key.and_then(|k| write(root, &k, &reads, identified, &deduped, &blocks));
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
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, searches.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut digests: Vec<Option<[u8; 32]>> = vec![None; searches.len()];
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(s) = searches.get(i) else { break };
                        done.push((i, file_digest(&root.join(&s.file))));
                    }
                    done
                })
            })
            .collect();
        for w in workers {
            if let Ok(done) = w.join() {
                for (i, d) in done {
                    digests[i] = d;
                }
            }
        }
    });
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

/// Bytes being encoded.
struct Enc(Vec<u8>);

impl Enc {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt(&mut self, s: &Option<String>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
    fn strs(&mut self, v: &[String]) {
        self.u64(v.len() as u64);
        for s in v {
            self.str(s);
        }
    }
    fn origin(&mut self, o: &Origin) {
        match o {
            Origin::Line(n) => {
                self.u8(0);
                self.u64(*n as u64);
            }
            Origin::Key(k) => {
                self.u8(1);
                self.str(k);
            }
        }
    }
}

/// Bytes being decoded: every read checked, `None` at the first that
/// does not fit.
struct Dec<'a> {
    buf: &'a [u8],
    at: usize,
}

impl Dec<'_> {
    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n)?;
        let b = self.buf.get(self.at..end)?;
        self.at = end;
        Some(b)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.bytes(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.bytes(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.bytes(8)?.try_into().ok()?))
    }
    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }
    /// A count of things at least `min` bytes each: never more than the
    /// bytes left could hold (a corrupt count allocates nothing).
    fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.usize()?;
        (n.checked_mul(min.max(1))? <= self.buf.len() - self.at).then_some(n)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.usize()?;
        String::from_utf8(self.bytes(n)?.to_vec()).ok()
    }
    fn opt(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.str()?)),
            _ => None,
        }
    }
    fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.count(8)?;
        (0..n).map(|_| self.str()).collect()
    }
    fn origin(&mut self) -> Option<Origin> {
        match self.u8()? {
            0 => Some(Origin::Line(self.usize()?)),
            1 => Some(Origin::Key(self.str()?)),
            _ => None,
        }
    }
}

/// True when a value holds a number with a fraction (whose text may not
/// read back as the very same number).
fn has_fraction(v: &serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::Number(n) => n.is_f64(),
        Value::Array(a) => a.iter().any(has_fraction),
        Value::Object(o) => o.values().any(has_fraction),
        _ => false,
    }
}

/// A record's fields; `None` when it has some the cache does not keep.
fn encode_study(e: &mut Enc, s: &Study) -> Option<()> {
    // Every field named: a field added to `Study` must be added here.
    let Study {
        id,
        reference,
        ref_shared,
        title,
        authors,
        year,
        journal,
        volume,
        issue,
        pages,
        doi,
        pmid,
        url,
        design,
        tags,
        keywords,
        notes,
        r#abstract,
        extraction,
        appraisals,
        extra,
    } = s;
    if !extraction.is_empty() || !appraisals.is_empty() {
        return None;
    }
    e.str(id);
    match reference {
        Some(r) => {
            e.u8(1);
            e.u32(*r);
        }
        None => e.u8(0),
    }
    e.u8(u8::from(*ref_shared));
    e.str(title);
    e.strs(authors);
    match year {
        Some(y) => {
            e.u8(1);
            e.u32(*y as u32);
        }
        None => e.u8(0),
    }
    for o in [journal, volume, issue, pages, doi, pmid, url, design] {
        e.opt(o);
    }
    e.strs(tags);
    e.strs(keywords);
    e.opt(notes);
    e.opt(r#abstract);
    e.u64(extra.len() as u64);
    for (k, v) in extra {
        if has_fraction(v) {
            return None;
        }
        e.str(k);
        e.str(&serde_json::to_string(v).ok()?);
    }
    Some(())
}

fn decode_study(d: &mut Dec) -> Option<Study> {
    let id = d.str()?;
    let reference = match d.u8()? {
        0 => None,
        1 => Some(d.u32()?),
        _ => return None,
    };
    let ref_shared = match d.u8()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let title = d.str()?;
    let authors = d.strs()?;
    let year = match d.u8()? {
        0 => None,
        1 => Some(d.u32()? as i32),
        _ => return None,
    };
    let mut o = Vec::with_capacity(8);
    for _ in 0..8 {
        o.push(d.opt()?);
    }
    let mut o = o.into_iter();
    let mut next = || o.next().flatten();
    let (journal, volume, issue, pages) = (next(), next(), next(), next());
    let (doi, pmid, url, design) = (next(), next(), next(), next());
    let tags = d.strs()?;
    let keywords = d.strs()?;
    let notes = d.opt()?;
    let r#abstract = d.opt()?;
    let n = d.count(16)?;
    let mut extra = Vec::with_capacity(n);
    for _ in 0..n {
        let k = d.str()?;
        let v: serde_json::Value = serde_json::from_str(&d.str()?).ok()?;
        extra.push((k, v));
    }
    Some(Study {
        id,
        reference,
        ref_shared,
        title,
        authors,
        year,
        journal,
        volume,
        issue,
        pages,
        doi,
        pmid,
        url,
        design,
        tags,
        keywords,
        notes,
        r#abstract,
        extraction: Vec::new(),
        appraisals: Vec::new(),
        extra,
    })
}

fn encode(
    e: &mut Enc,
    reads: &[Read],
    identified: usize,
    d: &Deduped,
    blocks: &[String],
) -> Option<()> {
    e.u64(blocks.len() as u64);
    for b in blocks {
        e.u64(b.len() as u64);
    }
    e.u64(reads.len() as u64);
    for r in reads {
        match r {
            Read::Parsed { records, bad } => {
                e.u8(0);
                e.u64(*records as u64);
                e.u64(bad.len() as u64);
                for b in bad {
                    e.origin(&b.origin);
                    e.str(&b.reason);
                }
            }
            Read::Failed(m) => {
                e.u8(1);
                e.str(m);
            }
        }
    }
    e.u64(identified as u64);
    e.u64(d.merged_by_hand as u64);
    e.u64(d.records.len() as u64);
    for r in &d.records {
        e.str(&r.key);
        e.strs(&r.aliases);
        match r.text {
            Some(t) => {
                e.u8(1);
                e.u32(t.part);
                e.u64(t.at);
                e.u32(t.len);
            }
            None => e.u8(0),
        }
        e.u64(r.sources.len() as u64);
        for (s, o) in &r.sources {
            e.u64(*s as u64);
            e.origin(o);
        }
        encode_study(e, &r.study)?;
    }
    e.u64(d.possible.len() as u64);
    for p in &d.possible {
        let why = dedupe::WHYS.iter().position(|w| *w == p.why)?;
        e.u64(p.a as u64);
        e.u64(p.b as u64);
        e.u8(why as u8);
    }
    Some(())
}

type Decoded = (Vec<Read>, usize, Deduped, Vec<u64>);

fn decode(d: &mut Dec, searches: usize) -> Option<Decoded> {
    let n = d.count(8)?;
    if n != searches {
        return None;
    }
    let sizes = (0..n).map(|_| d.u64()).collect::<Option<Vec<_>>>()?;
    let n = d.count(9)?;
    if n != searches {
        return None;
    }
    let mut reads = Vec::with_capacity(n);
    for _ in 0..n {
        reads.push(match d.u8()? {
            0 => {
                let records = d.usize()?;
                let k = d.count(9)?;
                let bad = (0..k)
                    .map(|_| {
                        Some(Bad {
                            origin: d.origin()?,
                            reason: d.str()?,
                        })
                    })
                    .collect::<Option<Vec<_>>>()?;
                Read::Parsed { records, bad }
            }
            1 => Read::Failed(d.str()?),
            _ => return None,
        });
    }
    let identified = d.usize()?;
    let merged_by_hand = d.usize()?;
    let n = d.count(40)?;
    let mut records = Vec::with_capacity(n);
    let mut index = HashMap::with_capacity(n * 2);
    for g in 0..n {
        let key = d.str()?;
        let aliases = d.strs()?;
        let text = match d.u8()? {
            0 => None,
            1 => {
                let part = d.u32()?;
                if part as usize >= searches {
                    return None;
                }
                Some(TextRef {
                    part,
                    at: d.u64()?,
                    len: d.u32()?,
                })
            }
            _ => return None,
        };
        let k = d.count(9)?;
        let mut sources = Vec::with_capacity(k);
        for _ in 0..k {
            let s = d.usize()?;
            if s >= searches {
                return None;
            }
            sources.push((s, d.origin()?));
        }
        let study = decode_study(d)?;
        for k in std::iter::once(&key).chain(&aliases) {
            index.entry(k.clone()).or_insert(g);
        }
        records.push(Record {
            key,
            aliases,
            study,
            text,
            sources,
        });
    }
    let k = d.count(17)?;
    let mut possible = Vec::with_capacity(k);
    for _ in 0..k {
        let (a, b) = (d.usize()?, d.usize()?);
        let why = *dedupe::WHYS.get(d.u8()? as usize)?;
        if a >= n || b >= n {
            return None;
        }
        possible.push(Possible { a, b, why });
    }
    Some((
        reads,
        identified,
        Deduped {
            records,
            index,
            possible,
            merged_by_hand,
        },
        sizes,
    ))
}
