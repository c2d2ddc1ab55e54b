//! YAML reference formats: Citation File Format (`CITATION.cff`) and
//! Hayagriva (typst's bibliographies).
//!
//! The text is parsed with `saphyr-parser` (YAML 1.2, pure Rust) into a
//! small tree of its own whose nodes keep their line. Every scalar is kept
//! as text (a date, a version, a DOI that looks like a number are read as
//! written). Nesting and alias expansion are bounded: a "billion laughs"
//! of anchors or a thousand nested brackets is an error at its line, never
//! a hang or a stack overflow.

pub mod cff;
pub mod hayagriva;

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};

/// The deepest nesting read.
const DEPTH_LIMIT: usize = 64;

/// The most nodes one file may hold, aliases expanded.
const NODES_LIMIT: usize = 2_000_000;

/// A YAML node: its value and the line (1-based) it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub line: usize,
    pub value: Value,
}

/// A YAML value; scalars as their text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Str(String),
    Seq(Vec<Node>),
    /// Keys in file order.
    Map(Vec<(String, Node)>),
}

impl Node {
    /// The value at `key` of a map.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a scalar, trimmed; `None` for an empty one or another
    /// kind of node.
    pub fn str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) if !s.trim().is_empty() => Some(s.trim()),
            _ => None,
        }
    }

    /// The text at `key`.
    pub fn str_at(&self, key: &str) -> Option<String> {
        self.get(key).and_then(Node::str).map(str::to_string)
    }

    /// The items of a sequence; a single node as a sequence of one.
    pub fn items(&self) -> Vec<&Node> {
        match &self.value {
            Value::Seq(s) => s.iter().collect(),
            Value::Null => Vec::new(),
            _ => vec![self],
        }
    }

    /// The entries of a map.
    pub fn entries(&self) -> &[(String, Node)] {
        match &self.value {
            Value::Map(m) => m,
            _ => &[],
        }
    }

    /// The number of nodes in this one.
    fn size(&self) -> usize {
        1 + match &self.value {
            Value::Seq(s) => s.iter().map(Node::size).sum(),
            Value::Map(m) => m.iter().map(|(_, v)| 1 + v.size()).sum(),
            _ => 0,
        }
    }
}

/// Why YAML could not be read: the line, and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub reason: String,
}

/// A collection being built.
enum Frame {
    Seq(usize, usize, Vec<Node>),
    /// Line, anchor, entries, the key (and its line) waiting for its value.
    Map(usize, usize, Vec<(String, Node)>, Option<(String, usize)>),
}

/// The first document of `text`, `Value::Null` when there is none.
pub fn load(text: &str) -> Result<Node, YamlError> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut nodes = 0usize;
    let mut done: Option<Node> = None;
    let err = |line: usize, reason: String| YamlError { line, reason };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| err(e.marker().line(), e.info().to_string()))?;
        let line = span.start.line();
        let (node, anchor) = match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= DEPTH_LIMIT {
                    return Err(err(
                        line,
                        format!("nested deeper than {DEPTH_LIMIT} levels"),
                    ));
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq(line, anchor, Vec::new())
                } else {
                    Frame::Map(line, anchor, Vec::new(), None)
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq(l, a, items)) => (
                    Node {
                        line: l,
                        value: Value::Seq(items),
                    },
                    a,
                ),
                Some(Frame::Map(l, a, entries, _)) => (
                    Node {
                        line: l,
                        value: Value::Map(entries),
                    },
                    a,
                ),
                None => continue,
            },
            Event::Scalar(v, style, anchor, _) => {
                let null = style == ScalarStyle::Plain
                    && matches!(&*v, "" | "~" | "null" | "Null" | "NULL");
                let value = if null {
                    Value::Null
                } else {
                    Value::Str(v.into_owned())
                };
                (Node { line, value }, anchor)
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some(n) => {
                    let mut n = n.clone();
                    n.line = line;
                    nodes += n.size();
                    (n, 0)
                }
                None => return Err(err(line, "an alias to an unknown anchor".into())),
            },
            Event::DocumentEnd if done.is_some() => break,
            _ => continue,
        };
        nodes += 1;
        if nodes > NODES_LIMIT {
            return Err(err(
                line,
                format!("more than {NODES_LIMIT} values (aliases expanded): refused"),
            ));
        }
        if anchor > 0 {
            anchors.insert(anchor, node.clone());
        }
        match stack.last_mut() {
            Some(Frame::Seq(_, _, items)) => items.push(node),
            // A value starts where its key is (an entry's line).
            Some(Frame::Map(_, _, entries, key)) => match key.take() {
                Some((k, at)) => {
                    let mut node = node;
                    node.line = node.line.min(at);
                    entries.push((k, node));
                }
                None => {
                    let at = node.line;
                    let k = match node.value {
                        Value::Str(s) => s,
                        Value::Null => String::new(),
                        _ => format!("<complex key at line {at}>"),
                    };
                    *key = Some((k, at));
                }
            },
            None => {
                done = Some(node);
            }
        }
    }
    Ok(done.unwrap_or(Node {
        line: 1,
        value: Value::Null,
    }))
}

/// The top-level entries of a YAML map, each read on its own when the file
/// as a whole is not well-formed: the text is cut where a line starts at
/// the first column (a key), so one broken entry costs only itself. Returns
/// (key, node) pairs, and the entries that could not be read.
pub fn load_entries(text: &str) -> (Vec<(String, Node)>, Vec<YamlError>) {
    match load(text) {
        Ok(root) => match root.value {
            Value::Map(m) => (m, Vec::new()),
            _ => (Vec::new(), Vec::new()),
        },
        Err(whole) => {
            let mut starts: Vec<(usize, usize)> = Vec::new();
            let mut at = 0usize;
            for (n, line) in text.split_inclusive('\n').enumerate() {
                let top = line.starts_with(|c: char| !c.is_whitespace() && c != '#' && c != '-')
                    && line.trim_end().ends_with(':')
                    || line.starts_with(|c: char| !c.is_whitespace() && c != '#' && c != '-')
                        && line.contains(": ");
                if top {
                    starts.push((at, n + 1));
                }
                at += line.len();
            }
            if starts.is_empty() {
                return (Vec::new(), vec![whole]);
            }
            let (mut out, mut bad) = (Vec::new(), Vec::new());
            for (i, &(from, line)) in starts.iter().enumerate() {
                let to = starts.get(i + 1).map(|s| s.0).unwrap_or(text.len());
                match load(&text[from..to]) {
                    Ok(root) => {
                        for (k, mut v) in match root.value {
                            Value::Map(m) => m,
                            _ => Vec::new(),
                        } {
                            shift(&mut v, line - 1);
                            out.push((k, v));
                        }
                    }
                    Err(e) => bad.push(YamlError {
                        line: line + e.line - 1,
                        reason: e.reason,
                    }),
                }
            }
            (out, bad)
        }
    }
}

/// Moves a node's lines down by `by` (a piece of the file read alone).
fn shift(node: &mut Node, by: usize) {
    node.line += by;
    match &mut node.value {
        Value::Seq(s) => s.iter_mut().for_each(|n| shift(n, by)),
        Value::Map(m) => m.iter_mut().for_each(|(_, n)| shift(n, by)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_scalars_and_bounds() {
        let root = load("# c\na:\n  b: 2000-07-02\n  c: [x, ~]\nd: \"1.0\"\n").expect("yaml");
        assert_eq!(root.get("a").map(|n| n.line), Some(2));
        assert_eq!(
            root.get("a").and_then(|a| a.str_at("b")).as_deref(),
            Some("2000-07-02")
        );
        assert_eq!(root.str_at("d").as_deref(), Some("1.0"));
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(load(&deep).is_err());
        let laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
        assert!(load(laughs).is_err());
    }

    #[test]
    fn a_broken_entry_costs_only_itself() {
        let text = "one:\n  title: A\ntwo:\n  title: [unclosed\nthree:\n  title: C\n";
        let (entries, bad) = load_entries(text);
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["one", "three"]);
        assert_eq!(entries[1].1.line, 5);
        assert_eq!(bad.len(), 1);
    }
}
