//! Reading a TOML document with every problem located at file:line:col.
//!
//! Parsing goes through `toml_edit`'s span-keeping document, so a wrong type
//! points at the value itself, not at the file. The typed getters here are
//! shared by the readers of `review.toml` and of study files; each reports
//! a wrong type as a [`Problem`] and returns `None`, so a reader collects
//! every problem of a file in one pass.

use std::ops::Range;
use std::path::Path;

use toml_edit::{Document, InlineTable, Item, Table, Value};

use crate::text::inert_line;
use crate::text::problem::Problem;

/// Parses `src` as TOML, or returns the syntax error as a located problem.
pub fn parse_document<'s>(path: &Path, src: &'s str) -> Result<Document<&'s str>, Problem> {
    Document::parse(src).map_err(|e| {
        if let Some((off, line)) = conflict_marker(src) {
            return Problem::at(
                path,
                src,
                off,
                format!(
                    "unresolved merge conflict at line {line}: keep one side between <<<<<<< and >>>>>>> and delete the markers"
                ),
            );
        }
        let (off, msg) =
            crate::store::parse::syntax::place(src, e.span().map(|s| s.start), &first_line(e.message()));
        Problem::at(path, src, off, format!("not valid TOML: {msg}"))
    })
}

/// The byte offset and 1-based line of the first git conflict marker
/// (`<<<<<<<` at the start of a line), if the text holds one.
pub fn conflict_marker(src: &str) -> Option<(usize, usize)> {
    let mut off = 0;
    for (i, line) in src.split_inclusive('\n').enumerate() {
        if line.starts_with("<<<<<<<") {
            return Some((off, i + 1));
        }
        off += line.len();
    }
    None
}

/// Collects the problems of one file.
pub struct Reader<'a> {
    path: &'a Path,
    src: &'a str,
    pub problems: Vec<Problem>,
    /// Set by problems that make the record unusable (wrong types, bad id).
    pub fatal: bool,
}

impl<'a> Reader<'a> {
    pub fn new(path: &'a Path, src: &'a str) -> Self {
        Self {
            path,
            src,
            problems: Vec::new(),
            fatal: false,
        }
    }

    /// Reports a problem at the start of `span` (the top of the file when
    /// there is none); the record stays usable.
    pub fn at(&mut self, span: Option<Range<usize>>, msg: impl Into<String>) {
        let off = span.map(|s| s.start).unwrap_or(0);
        self.problems
            .push(Problem::at(self.path, self.src, off, msg));
    }

    /// 1-based line and column of the start of `span` (1:1 without one).
    pub fn position(&self, span: Option<Range<usize>>) -> (usize, usize) {
        crate::text::problem::line_col(self.src, span.map(|s| s.start).unwrap_or(0))
    }

    /// Reports a problem that makes the record unusable.
    pub fn fatal(&mut self, span: Option<Range<usize>>, msg: impl Into<String>) {
        self.fatal = true;
        self.at(span, msg);
    }

    /// Reports a wrong type for `what`, which should have been `expected`.
    pub fn wrong_type(&mut self, item: &Item, what: &str, expected: &str) {
        let msg = format!("{what} must be {expected}, found {}", describe(item));
        self.fatal(item.span(), msg);
    }

    /// The value at `key` as `get` reads it, if present; a value `get`
    /// refuses is reported as not being `expected`.
    pub fn typed<'t, T>(
        &mut self,
        t: &'t Table,
        key: &str,
        what: &str,
        expected: &str,
        get: impl Fn(&'t Item) -> Option<T>,
    ) -> Option<T> {
        let item = t.get(key)?;
        let v = get(item);
        if v.is_none() {
            self.wrong_type(item, what, expected);
        }
        v
    }

    /// The string at `key`, if present and a string.
    pub fn str<'t>(&mut self, t: &'t Table, key: &str, what: &str) -> Option<&'t str> {
        self.typed(t, key, what, "a string", Item::as_str)
    }

    /// Like [`Reader::str`], but with line breaks normalised ([`lf`]).
    pub fn text(&mut self, t: &Table, key: &str, what: &str) -> Option<String> {
        self.str(t, key, what).map(lf)
    }

    /// A string, or a whole number written as text (`volume = 12` reads as
    /// "12"): for identifiers and numbers that are not quantities.
    pub fn text_or_int(&mut self, t: &Table, key: &str, what: &str) -> Option<String> {
        self.typed(t, key, what, "a string", |i| {
            i.as_str()
                .map(lf)
                .or_else(|| i.as_integer().map(|n| n.to_string()))
        })
    }

    /// The integer at `key`, if present and an integer.
    pub fn int(&mut self, t: &Table, key: &str, what: &str) -> Option<i64> {
        self.typed(t, key, what, "an integer", Item::as_integer)
    }

    /// The boolean at `key`, if present and `true` or `false`.
    pub fn bool(&mut self, t: &Table, key: &str, what: &str) -> Option<bool> {
        self.typed(t, key, what, "true or false", Item::as_bool)
    }

    /// The array of strings at `key` (empty when absent), each normalised
    /// with [`lf`]; every entry that is not a string is reported.
    pub fn str_list(&mut self, t: &Table, key: &str, what: &str) -> Vec<String> {
        let Some(item) = t.get(key) else {
            return Vec::new();
        };
        let Some(arr) = item.as_array() else {
            self.wrong_type(item, what, "an array of strings");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(arr.len());
        for v in arr.iter() {
            match v.as_str() {
                Some(s) => out.push(lf(s)),
                None => {
                    let item = Item::Value(v.clone());
                    self.fatal(
                        v.span(),
                        format!(
                            "every entry of {what} must be a string, found {}",
                            describe(&item)
                        ),
                    );
                }
            }
        }
        out
    }

    /// The table at `key`, plain or inline, or `None` (reporting a wrong type).
    pub fn table<'t>(&mut self, t: &'t Table, key: &str, what: &str) -> Option<TableLike<'t>> {
        let item = t.get(key)?;
        match item {
            Item::Table(t) => Some(TableLike::Table(t)),
            Item::Value(Value::InlineTable(t)) => Some(TableLike::Inline(t)),
            other => {
                self.wrong_type(other, what, "a table");
                None
            }
        }
    }

    /// The tables of an array of tables (`[[key]]`) or of an inline array of
    /// inline tables, or `None` (reporting a wrong type as `expected`).
    pub fn tables(&mut self, item: &Item, what: &str, expected: &str) -> Option<Vec<Table>> {
        match item {
            Item::ArrayOfTables(a) => Some(a.iter().cloned().collect()),
            Item::Value(Value::Array(a)) => {
                let mut v = Vec::with_capacity(a.len());
                for x in a.iter() {
                    match x.as_inline_table() {
                        Some(t) => v.push(t.clone().into_table()),
                        None => {
                            self.wrong_type(&Item::Value(x.clone()), what, expected);
                            return None;
                        }
                    }
                }
                Some(v)
            }
            other => {
                self.wrong_type(other, what, expected);
                None
            }
        }
    }
}

/// "\"2020a\"", "an array", "a table" — what a value turned out to be.
pub fn describe(item: &Item) -> String {
    match item {
        Item::Value(Value::String(s)) => {
            let v = s.value();
            let short: String = v.chars().take(40).collect();
            let dots = if v.chars().count() > 40 { "…" } else { "" };
            format!("\"{}{dots}\"", inert_line(&short))
        }
        Item::Value(Value::Integer(i)) => format!("the integer {}", i.value()),
        Item::Value(Value::Float(f)) => format!("the number {}", f.value()),
        Item::Value(Value::Boolean(b)) => format!("{}", b.value()),
        Item::Value(Value::Datetime(d)) => format!("the date {}", d.value()),
        Item::Value(Value::Array(_)) | Item::ArrayOfTables(_) => "an array".into(),
        Item::Value(Value::InlineTable(_)) | Item::Table(_) => "a table".into(),
        Item::None => "nothing".into(),
    }
}

/// A plain or inline table, read the same way.
pub enum TableLike<'t> {
    Table(&'t Table),
    Inline(&'t InlineTable),
}

impl<'t> TableLike<'t> {
    /// Key, item pairs in file order (inline values wrapped as items).
    pub fn entries(&self) -> Vec<(&'t str, Item, Option<Range<usize>>)> {
        match self {
            TableLike::Table(t) => t.iter().map(|(k, v)| (k, v.clone(), v.span())).collect(),
            TableLike::Inline(t) => t
                .iter()
                .map(|(k, v)| (k, Item::Value(v.clone()), v.span()))
                .collect(),
        }
    }
}

/// Multi-line text with "\n" line breaks: a multi-line string in a file
/// saved with Windows line endings holds "\r\n", which TOML lets a reader
/// normalise; the text then reads the same whichever way the file is saved.
/// Every string of a study goes through here, not only notes: the saver keeps
/// a file's CRLF endings, so any value it writes on several lines (a journal,
/// an extraction value, a judgement) must read back as it was saved.
pub(crate) fn lf(s: &str) -> String {
    // Most text has no CR: copied at its exact size (`replace` grows its
    // buffer as it goes, a third more memory per field on average).
    if s.contains('\r') {
        s.replace("\r\n", "\n")
    } else {
        s.to_string()
    }
}

/// [`lf`] into a [`crate::appraisal::Word`]: a short text (an instrument, a
/// reviewer, an answer) kept without an allocation of its own.
pub(crate) fn lf_word(s: &str) -> crate::appraisal::Word {
    if s.contains('\r') {
        s.replace("\r\n", "\n").into()
    } else {
        s.into()
    }
}

/// The first line of a parser message, inert.
pub fn first_line(s: &str) -> String {
    inert_line(s.lines().next().unwrap_or(s).trim()).into_owned()
}

/// Converts a TOML item to JSON (dates become strings, a NaN becomes null).
pub fn item_to_json(item: &Item) -> serde_json::Value {
    use serde_json::Value as J;
    let table = |t: &Table| {
        J::Object(
            t.iter()
                .map(|(k, v)| (k.to_string(), item_to_json(v)))
                .collect(),
        )
    };
    match item {
        Item::None => J::Null,
        Item::Value(v) => value_to_json(v),
        Item::Table(t) => table(t),
        Item::ArrayOfTables(a) => J::Array(a.iter().map(table).collect()),
    }
}

fn value_to_json(v: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        Value::String(s) => J::String(s.value().clone()),
        Value::Integer(i) => J::from(*i.value()),
        Value::Float(f) => serde_json::Number::from_f64(*f.value())
            .map(J::Number)
            .unwrap_or(J::Null),
        Value::Boolean(b) => J::Bool(*b.value()),
        Value::Datetime(d) => J::String(d.value().to_string()),
        Value::Array(a) => J::Array(a.iter().map(value_to_json).collect()),
        Value::InlineTable(t) => J::Object(
            t.iter()
                .map(|(k, v)| (k.to_string(), value_to_json(v)))
                .collect(),
        ),
    }
}

/// The TOML value of a JSON value, for writing back what [`item_to_json`]
/// read: objects become inline tables; `null` (which TOML cannot hold)
/// gives `None`, and is left out of arrays and tables.
pub fn json_to_value(j: &serde_json::Value) -> Option<Value> {
    use serde_json::Value as J;
    Some(match j {
        J::Null => return None,
        J::Bool(b) => Value::from(*b),
        J::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Value::from(i),
            (None, Some(f)) => Value::from(f),
            (None, None) => return None,
        },
        J::String(s) => Value::from(s.as_str()),
        J::Array(a) => Value::Array(a.iter().filter_map(json_to_value).collect()),
        J::Object(o) => {
            let mut t = InlineTable::new();
            for (k, v) in o {
                if let Some(v) = json_to_value(v) {
                    t.insert(k, v);
                }
            }
            Value::InlineTable(t)
        }
    })
}
