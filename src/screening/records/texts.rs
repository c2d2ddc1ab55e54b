//! The records' abstracts, kept apart from the records: 100 000 abstracts
//! are most of the memory of 100 000 records, and only the one on screen
//! is read (and the model's thread reads each once, to build its
//! features). They are held either in memory (one block of text per
//! export, each abstract a range in it) or in the review's derived cache
//! ([`super::cache`]), read from the file when asked for.

use std::fs::File;

/// Where one abstract is: its export's block, and its range in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextRef {
    pub part: u32,
    pub at: u64,
    /// Its length in bytes (UTF-8).
    pub len: u32,
}

impl TextRef {
    /// Its length in bytes, as `String::len` gives it.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// True for an empty text.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Texts being gathered, one block per export.
#[derive(Debug, Default)]
pub struct Block(pub String);

impl Block {
    /// Keeps `text` in block `part`; `None` (kept where it was) for a text
    /// too long to be described (over 4 GiB).
    pub fn push(&mut self, part: u32, text: &str) -> Option<TextRef> {
        let len = u32::try_from(text.len()).ok()?;
        let at = self.0.len() as u64;
        self.0.push_str(text);
        Some(TextRef { part, at, len })
    }
}

/// Every abstract of a review's records.
#[derive(Debug)]
pub enum Texts {
    /// In memory: the block of each export.
    Memory(Vec<String>),
    /// In a file that is never written again once written (a new cache is a
    /// new file renamed over the old, so the open one stays as it was):
    /// the offset of each export's block in it.
    File { file: File, starts: Vec<u64> },
}

impl Default for Texts {
    fn default() -> Self {
        Texts::Memory(Vec::new())
    }
}

impl Texts {
    /// The text at `r`; `None` when it cannot be read (a block that is
    /// not there, the file unreadable or not UTF-8 there).
    pub fn get(&self, r: TextRef) -> Option<String> {
        let end = r.at.checked_add(r.len as u64)?;
        match self {
            Texts::Memory(blocks) => {
                let block = blocks.get(r.part as usize)?;
                block
                    .get(usize::try_from(r.at).ok()?..usize::try_from(end).ok()?)
                    .map(str::to_string)
            }
            Texts::File { file, starts } => {
                let start = starts.get(r.part as usize)?.checked_add(r.at)?;
                let mut buf = vec![0u8; r.len as usize];
                read_at(file, &mut buf, start).ok()?;
                String::from_utf8(buf).ok()
            }
        }
    }

    /// True when the texts are read from a file, not held in memory.
    pub fn on_disk(&self) -> bool {
        matches!(self, Texts::File { .. })
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_from_memory_and_from_a_file() {
        let mut a = Block::default();
        let mut b = Block::default();
        let r1 = a.push(0, "Première étude.").unwrap();
        let r2 = b.push(1, "Second").unwrap();
        let r3 = a.push(0, "third").unwrap();
        let mem = Texts::Memory(vec![a.0.clone(), b.0.clone()]);
        assert_eq!(mem.get(r1).as_deref(), Some("Première étude."));
        assert_eq!(mem.get(r2).as_deref(), Some("Second"));
        assert_eq!(mem.get(r3).as_deref(), Some("third"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t");
        let bytes = format!("header{}{}", a.0, b.0);
        std::fs::write(&path, bytes).unwrap();
        let file = Texts::File {
            file: File::open(&path).unwrap(),
            starts: vec![6, 6 + a.0.len() as u64],
        };
        assert_eq!(file.get(r1).as_deref(), Some("Première étude."));
        assert_eq!(file.get(r2).as_deref(), Some("Second"));
        assert_eq!(file.get(r3).as_deref(), Some("third"));
        // Out of range: nothing, no panic.
        let far = TextRef {
            part: 0,
            at: 1 << 40,
            len: 3,
        };
        assert_eq!(mem.get(far), None);
        assert_eq!(file.get(far), None);
    }
}
