//! The loop the simpler tagged formats share (Biblioscape, Copac, INSPEC):
//! lines cut into records of `(tag, value)` pairs by what each line is to
//! the format ([`Line`]), untagged lines continuing the value above, and
//! the fields of a record looked up by tag ([`Fields`]).

/// What a line is to a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line<'a> {
    /// A field: its tag and value. Opens a record when none is open.
    Field(&'a str, &'a str),
    /// A line that starts a record and holds no field (INSPEC's `Record`).
    Start,
    /// A line that ends the record (Biblioscape's `------`, Copac's blank
    /// line).
    End,
    /// A line that means nothing (a blank line where records have ends).
    Skip,
    /// Text that continues the value above.
    Text(&'a str),
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
pub fn cut<'a>(text: &'a str, what: impl Fn(&'a str) -> Line<'a>) -> Cut {
    let mut out = Cut::default();
    let mut cur: Option<Block> = None;
    let close = |cur: &mut Option<Block>, out: &mut Cut| {
        if let Some(b) = cur.take().filter(|b| !b.tags.is_empty()) {
            out.blocks.push(b);
        }
    };
    for (i, line) in text.lines().enumerate() {
        match what(line.trim_end()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_continuations_and_stray_text() {
        let text = "junk\nTI- One\n  more\nAU- A\n\nTI- Two\n\n\n";
        let cut = cut(text, |l| {
            if l.is_empty() {
                Line::End
            } else if let Some(v) = l.strip_prefix("TI- ") {
                Line::Field("TI", v)
            } else if let Some(v) = l.strip_prefix("AU- ") {
                Line::Field("AU", v)
            } else {
                Line::Text(l)
            }
        });
        assert_eq!(cut.stray, [1]);
        assert_eq!(cut.blocks.len(), 2);
        assert_eq!(cut.blocks[0].line, 2);
        let f = Fields(&cut.blocks[0].tags);
        assert_eq!(f.first(&["XX", "TI"]), Some("One more"));
        assert_eq!(cut.blocks[1].line, 6);
    }
}
