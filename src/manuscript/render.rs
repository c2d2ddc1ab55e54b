//! Tables and records as CSV, Markdown and JSON, for the command line and
//! the exports alike. Every cell is untrusted text: it is made inert (no
//! control characters, one line) before it is written.
//!
//! CSV cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return
//! get a leading `'`: a spreadsheet opening the file would otherwise run
//! them as formulas ("CSV injection"); the apostrophe is the usual sign, in
//! a spreadsheet, of "this is text". Numbers stay numbers: a cell that is
//! only a number (`-3`, `+1.5`, `-2e3`) is written as it is.

use std::borrow::Cow;

use serde_json::{Map, Value as J, json};

use crate::model::{Answer, FieldValue, Study};
use crate::text::{inert_json, inert_line};

/// How a column's cells line up in Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Right,
}

/// A column: its header and alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub align: Align,
}

/// A table of text cells, one row per record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these left-aligned columns and no rows.
    pub fn new<S: Into<String>>(names: impl IntoIterator<Item = S>) -> Table {
        Table {
            columns: names
                .into_iter()
                .map(|n| Column {
                    name: n.into(),
                    align: Align::Left,
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Right-aligns the column at `i` (numbers).
    pub fn right(mut self, i: usize) -> Table {
        if let Some(c) = self.columns.get_mut(i) {
            c.align = Align::Right;
        }
        self
    }

    /// Adds a row (cells beyond the columns are dropped, missing ones empty).
    pub fn push(&mut self, mut row: Vec<String>) {
        row.resize(self.columns.len(), String::new());
        self.rows.push(row);
    }

    /// The table as CSV with a header row, cells inert and guarded against
    /// formulas (see the module's notes).
    pub fn csv(&self) -> Result<String, csv::Error> {
        let mut bytes = Vec::new();
        self.csv_to(self.rows.iter().map(|r| r.as_slice()), &mut bytes)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// [`csv`](Self::csv) with these columns, of `rows` made one at a time
    /// and written to `out` as they come (a long table is never held).
    pub fn csv_to<R: AsRef<[String]>>(
        &self,
        rows: impl IntoIterator<Item = R>,
        out: impl std::io::Write,
    ) -> Result<(), csv::Error> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(self.columns.iter().map(|c| csv_cell(&c.name).into_owned()))?;
        for r in rows {
            w.write_record(r.as_ref().iter().map(|c| csv_cell(c).into_owned()))?;
        }
        w.flush()?;
        Ok(())
    }

    /// The table as a Markdown (GFM) table: `|` escaped, one line per row.
    pub fn markdown(&self) -> String {
        let mut bytes = Vec::new();
        // Writing into memory does not fail.
        let _ = self.markdown_to(self.rows.iter().map(|r| r.as_slice()), &mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// [`markdown`](Self::markdown) with these columns, of `rows` made one
    /// at a time and written to `out` as they come.
    pub fn markdown_to<R: AsRef<[String]>>(
        &self,
        rows: impl IntoIterator<Item = R>,
        mut out: impl std::io::Write,
    ) -> std::io::Result<()> {
        let head: Vec<String> = self
            .columns
            .iter()
            .map(|c| markdown_cell(&c.name))
            .collect();
        writeln!(out, "| {} |", head.join(" | "))?;
        let rule: Vec<&str> = self
            .columns
            .iter()
            .map(|c| match c.align {
                Align::Left => "---",
                Align::Right => "---:",
            })
            .collect();
        writeln!(out, "|{}|", rule.join("|"))?;
        for r in rows {
            let cells: Vec<String> = r.as_ref().iter().map(|c| markdown_cell(c)).collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
        Ok(())
    }

    /// The table as JSON: one object per row, keyed by column name.
    pub fn json(&self) -> J {
        J::Array(
            self.rows
                .iter()
                .map(|r| {
                    let o: Map<String, J> = self
                        .columns
                        .iter()
                        .zip(r)
                        .map(|(c, v)| (c.name.clone(), J::String(v.clone())))
                        .collect();
                    J::Object(o)
                })
                .collect(),
        )
    }
}

/// One CSV cell: inert, and with a `'` before a leading `=`, `+`, `-`, `@`,
/// tab or carriage return.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let guard = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(s);
    let s = inert_line(s);
    if guard {
        Cow::Owned(format!("'{s}"))
    } else {
        s
    }
}

/// True for a plain decimal number: a sign, digits, an optional fraction
/// and exponent, and nothing else (a spreadsheet reads it as that number).
fn is_number(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => ((digits(a) || a.is_empty()) && digits(b)) || (digits(a) && b.is_empty()),
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(digits)
}

/// One Markdown table cell: inert, on one line, `|` escaped.
pub fn markdown_cell(s: &str) -> String {
    inert_line(s).replace('|', "\\|")
}

/// Pretty JSON with a final newline, every string inert.
pub fn json_text(value: &impl serde::Serialize) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(inert_json(s))
}

/// [`json_text`] of a sequence made item by item: the same text, without
/// the whole sequence as JSON values in memory at once (100 000 studies as
/// values are several hundred megabytes).
pub fn json_seq_text<T: serde::Serialize>(
    items: impl IntoIterator<Item = T>,
) -> Result<String, serde_json::Error> {
    use serde::Serializer as _;
    let mut buf = Vec::new();
    let mut ser =
        serde_json::Serializer::with_formatter(&mut buf, serde_json::ser::PrettyFormatter::new());
    ser.collect_seq(items)?;
    buf.push(b'\n');
    // serde_json writes UTF-8.
    let text = String::from_utf8(buf)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok(inert_json(text))
}

fn answer_json(a: &Answer) -> J {
    match a {
        Answer::Text(s) => J::String(s.to_string()),
        Answer::Int(i) => J::from(*i),
    }
}

fn field_json(v: &FieldValue) -> J {
    match v {
        FieldValue::Text(s) => J::String(s.clone()),
        FieldValue::Integer(i) => J::from(*i),
        FieldValue::Number(n) => json!(n),
        FieldValue::List(l) => json!(l),
    }
}

/// A study as JSON with the same keys and value types as its file.
pub fn study_json(s: &Study) -> J {
    let mut m = Map::new();
    m.insert("id".into(), json!(s.id));
    m.insert("ref".into(), json!(s.reference));
    if s.ref_shared {
        m.insert("ref_shared".into(), json!(true));
    }
    m.insert("title".into(), json!(s.title));
    m.insert("authors".into(), json!(s.authors));
    m.insert("year".into(), json!(s.year));
    m.insert("journal".into(), json!(s.journal));
    m.insert("volume".into(), json!(s.volume));
    m.insert("issue".into(), json!(s.issue));
    m.insert("pages".into(), json!(s.pages));
    m.insert("doi".into(), json!(s.doi));
    m.insert("pmid".into(), json!(s.pmid));
    m.insert("url".into(), json!(s.url));
    m.insert("design".into(), json!(s.design));
    m.insert("tags".into(), json!(s.tags));
    m.insert("keywords".into(), json!(s.keywords));
    m.insert("notes".into(), json!(s.notes));
    m.insert("abstract".into(), json!(s.r#abstract));
    let ex: Map<String, J> = s
        .extraction
        .iter()
        .map(|(k, v)| (k.to_string(), field_json(v)))
        .collect();
    m.insert("extraction".into(), J::Object(ex));
    let ap: Vec<J> = s
        .appraisals
        .iter()
        .map(|a| {
            let mut o = Map::new();
            o.insert("instrument".into(), json!(a.instrument));
            o.insert("reviewer".into(), json!(a.reviewer));
            if let Some(c) = a.category {
                o.insert("category".into(), json!(c));
            }
            let answers: Map<String, J> = a
                .answers
                .iter()
                .map(|(k, v)| (k.to_string(), answer_json(&v)))
                .collect();
            o.insert("answers".into(), J::Object(answers));
            o.insert("overall".into(), json!(a.overall));
            o.insert("comment".into(), json!(a.comment));
            if !a.notes.is_empty() {
                let notes: Map<String, J> = a
                    .notes
                    .iter()
                    .map(|(k, v)| (k.to_string(), json!(v)))
                    .collect();
                o.insert("notes".into(), J::Object(notes));
            }
            J::Object(o)
        })
        .collect();
    m.insert("appraisals".into(), J::Array(ap));
    for (k, v) in &s.extra {
        m.insert(k.clone(), v.clone());
    }
    J::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let mut t = Table::new(["n", "name"]).right(0);
        t.push(vec!["1".into(), "a | b\nc".into()]);
        t.push(vec!["".into(), "=HYPERLINK(\"x\")".into()]);
        t
    }

    #[test]
    fn csv_guards_formulas_and_keeps_text_inert() {
        assert_eq!(
            table().csv().unwrap(),
            "n,name\n1,a | b c\n,\"'=HYPERLINK(\"\"x\"\")\"\n"
        );
        for (raw, out) in [
            ("+1", "+1"),
            ("-2", "-2"),
            ("-2.5e3", "-2.5e3"),
            ("-.5", "-.5"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("-", "'-"),
            ("-e3", "'-e3"),
            ("+1 ", "'+1 "),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "' x"),
            ("\rx", "' x"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(csv_cell(raw), out, "{raw:?}");
        }
        assert_eq!(csv_cell("\u{1b}[31m"), "␛[31m");
    }

    #[test]
    fn markdown_escapes_pipes_and_line_breaks() {
        assert_eq!(
            table().markdown(),
            "| n | name |\n|---:|---|\n| 1 | a \\| b c |\n|  | =HYPERLINK(\"x\") |\n"
        );
    }

    #[test]
    fn json_is_one_object_per_row() {
        assert_eq!(
            table().json(),
            json!([{"n": "1", "name": "a | b\nc"}, {"n": "", "name": "=HYPERLINK(\"x\")"}])
        );
        let text = json_text(&json!({"a": "\u{1b}"})).unwrap();
        assert!(text.ends_with("}\n") && !text.contains('\u{1b}'), "{text}");
    }
}
