//! The cache's records section, byte by byte ([`super::cache`]): lengths
//! and numbers little-endian, texts as their length and UTF-8 bytes. Every
//! read is checked: a section that does not decode whole gives `None`,
//! never a panic or a wild allocation.

use std::collections::HashMap;

use super::Read;
use super::texts::TextRef;
use crate::interop::{Bad, Origin};
use crate::model::Study;
use crate::screening::dedupe::{self, Deduped, Possible, Record};

/// Bytes being encoded.
pub(super) struct Enc(pub(super) Vec<u8>);

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
pub(super) struct Dec<'a> {
    pub(super) buf: &'a [u8],
    pub(super) at: usize,
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

pub(super) fn encode(
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

pub(super) type Decoded = (Vec<Read>, usize, Deduped, Vec<u64>);

pub(super) fn decode(d: &mut Dec, searches: usize) -> Option<Decoded> {
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
