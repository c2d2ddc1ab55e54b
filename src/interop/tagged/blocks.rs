//! The loop the simpler tagged formats share (Biblioscape, Copac, INSPEC):
//! lines cut into records of `(tag, value)` pairs by what each line is to
//! the format ([`Line`]), untagged lines continuing the value above, the
//! fields of a record looked up by tag ([`Fields`]), and the record made
//! from them ([`finish`]).

use serde_json::json;

use crate::interop::{Origin, Record, clean, kind};
use crate::model::Study;

/// How a format marks its records and fields.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// A field line: its tag and value. Opens a record when none is open.
    pub field: fn(&str) -> Option<(&str, &str)>,
    /// A line that starts a record and holds no field (INSPEC's `Record`).
    pub head: fn(&str) -> bool,
    /// A line that ends the record (Biblioscape's `------`, Copac's blank
    /// line). Other blank lines mean nothing.
    pub end: fn(&str) -> bool,
}

/// A line that is never a record's head or end.
pub fn never(_: &str) -> bool {
    false
}

/// What a line is to a format.
enum Line<'a> {
    Field(&'a str, &'a str),
    Start,
    End,
    Skip,
    /// Text that continues the value above.
    Text(&'a str),
}

impl Shape {
    fn line<'a>(&self, line: &'a str) -> Line<'a> {
        if (self.head)(line) {
            Line::Start
        } else if (self.end)(line) {
            Line::End
        } else if line.trim().is_empty() {
            Line::Skip
        } else if let Some((t, v)) = (self.field)(line) {
            Line::Field(t, v)
        } else {
            Line::Text(line)
        }
    }
}

/// One record's fields, in order, and the line it starts on (1-based).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Block {
    pub line: usize,
    pub tags: Vec<(String, String)>,
}

/// The records of a file, and the lines of text that belonged to no field
/// (text before any tag: a damaged file).
#[derive(Debug, Default)]
pub struct Cut {
    pub blocks: Vec<Block>,
    pub stray: Vec<usize>,
}

/// Cuts `text` into records. A record with no field at all is dropped.
pub fn cut(text: &str, shape: Shape) -> Cut {
    let mut out = Cut::default();
    let mut cur: Option<Block> = None;
    let close = |cur: &mut Option<Block>, out: &mut Cut| {
        if let Some(b) = cur.take().filter(|b| !b.tags.is_empty()) {
            out.blocks.push(b);
        }
    };
    for (i, line) in text.lines().enumerate() {
        match shape.line(line.trim_end()) {
            Line::Field(tag, value) => cur
                .get_or_insert_with(|| Block {
                    line: i + 1,
                    tags: Vec::new(),
                })
                .tags
                .push((tag.to_string(), value.trim().to_string())),
            Line::Start => {
                close(&mut cur, &mut out);
                cur = Some(Block {
                    line: i + 1,
                    tags: Vec::new(),
                });
            }
            Line::End => close(&mut cur, &mut out),
            Line::Skip => {}
            Line::Text(t) => {
                let t = t.trim();
                if t.is_empty() {
                    continue;
                }
                match cur.as_mut().and_then(|b| b.tags.last_mut()) {
                    Some((_, v)) => {
                        if !v.is_empty() {
                            v.push(' ');
                        }
                        v.push_str(t);
                    }
                    None => out.stray.push(i + 1),
                }
            }
        }
    }
    close(&mut cur, &mut out);
    out
}

/// A record's fields, looked up by tag.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a>(pub &'a [(String, String)]);

impl<'a> Fields<'a> {
    /// Every non-empty value of `tag`, in order.
    pub fn all(self, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(t, v)| t == tag && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// The first non-empty value of the first of `tags` that has one.
    pub fn first(self, tags: &[&'a str]) -> Option<&'a str> {
        tags.iter().find_map(|t| self.all(t).next())
    }

    /// The values of `tag`, each split at `sep`, trimmed, empty parts
    /// left out.
    pub fn split(self, tag: &'a str, sep: &'a [char]) -> impl Iterator<Item = &'a str> + 'a {
        self.all(tag)
            .flat_map(move |v| v.split(sep))
            .map(str::trim)
            .filter(|p| !p.is_empty())
    }
}

/// The record of a study read at `line`: the extra fields that have a
/// value (`(key, value)`, kept in the study file), its kind, and the type
/// as the source wrote it.
pub fn finish(
    mut s: Study,
    extra: &[(&str, Option<&str>)],
    record_kind: Option<&'static str>,
    line: usize,
    written: Option<String>,
) -> Record {
    for (key, value) in extra {
        if let Some(v) = value.and_then(clean::some) {
            s.extra.push(((*key).into(), json!(v)));
        }
    }
    kind::set(&mut s, record_kind);
    Record {
        study: s,
        origin: Origin::Line(line),
        kind: written,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_continuations_and_stray_text() {
        let text = "junk\nTI- One\n  more\nAU- A\n\nTI- Two\n\n\n";
        fn field(l: &str) -> Option<(&str, &str)> {
            l.strip_prefix("TI- ")
                .map(|v| ("TI", v))
                .or_else(|| l.strip_prefix("AU- ").map(|v| ("AU", v)))
        }
        let shape = Shape {
            field,
            head: never,
            end: |l| l.trim().is_empty(),
        };
        let cut = cut(text, shape);
        assert_eq!(cut.stray, [1]);
        assert_eq!(cut.blocks.len(), 2);
        assert_eq!(cut.blocks[0].line, 2);
        let f = Fields(&cut.blocks[0].tags);
        assert_eq!(f.first(&["XX", "TI"]), Some("One more"));
        assert_eq!(cut.blocks[1].line, 6);
    }
}
