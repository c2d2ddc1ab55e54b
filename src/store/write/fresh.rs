//! The text of a new study file, written directly: the same bytes as the
//! `toml_edit` document [`super::render_study`] builds for a study without
//! a file (a test compares them over many generated studies), without
//! building the document. An import writes 100 000 of them.
//!
//! Every value is written in `toml_edit`'s default form: a string that
//! needs no escape and no other quoting between plain double quotes, any
//! other one (and every number, key or inline table out of the ordinary)
//! by `toml_edit` itself.

use std::fmt::Write as _;

use toml_edit::Value;

use crate::model::{FieldValue, Study};
use crate::store::parse::STUDY_KEYS;
use crate::store::parse::located::json_to_value;

/// True for a string `toml_edit` writes between double quotes as it is:
/// no double quote, backslash, line break, tab or other control
/// character (its default form is then a basic string, unescaped).
fn plain(s: &str) -> bool {
    !s.bytes()
        .any(|b| b == b'"' || b == b'\\' || b <= 0x1f || b == 0x7f)
}

fn string(out: &mut String, s: &str) {
    if plain(s) {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        let _ = write!(out, "{}", Value::from(s));
    }
}

fn key(out: &mut String, k: &str) {
    if !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        out.push_str(k);
    } else {
        let _ = write!(out, "{}", toml_edit::Key::new(k));
    }
}

fn list(out: &mut String, v: &[String]) {
    out.push('[');
    for (i, s) in v.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        string(out, s);
    }
    out.push(']');
}

/// `name = "text"`, a line.
fn text_line(out: &mut String, name: &str, s: &str) {
    out.push_str(name);
    out.push_str(" = ");
    string(out, s);
    out.push('\n');
}

fn opt_line(out: &mut String, name: &str, s: &Option<String>) {
    if let Some(s) = s {
        text_line(out, name, s);
    }
}

fn list_line(out: &mut String, name: &str, v: &[String]) {
    if !v.is_empty() {
        out.push_str(name);
        out.push_str(" = ");
        list(out, v);
        out.push('\n');
    }
}

/// True when two entries of `pairs` have the same key (the document keeps
/// the first one's place and the last one's value: left to `toml_edit`).
fn repeated<K: PartialEq, V>(pairs: &[(K, V)]) -> bool {
    pairs
        .iter()
        .enumerate()
        .any(|(i, (k, _))| pairs[..i].iter().any(|(j, _)| j == k))
}

/// The text of `study` as a new file, or `None` for what is left to the
/// document (appraisals, whose answers are first put in their
/// instrument's spelling, and a key given twice).
pub(super) fn render(study: &Study) -> Option<String> {
    if !study.appraisals.is_empty() || repeated(&study.extra) || repeated(&study.extraction) {
        return None;
    }
    let mut out = String::with_capacity(
        256 + study.title.len()
            + study.r#abstract.as_ref().map_or(0, String::len)
            + study.notes.as_ref().map_or(0, String::len)
            + study.authors.iter().map(|a| a.len() + 4).sum::<usize>()
            + study.keywords.iter().map(|k| k.len() + 4).sum::<usize>(),
    );
    let o = &mut out;
    text_line(o, "id", &study.id);
    if let Some(r) = study.reference {
        let _ = writeln!(o, "ref = {r}");
    }
    if study.ref_shared {
        o.push_str("ref_shared = true\n");
    }
    text_line(o, "title", &study.title);
    list_line(o, "authors", &study.authors);
    if let Some(y) = study.year {
        let _ = writeln!(o, "year = {y}");
    }
    opt_line(o, "journal", &study.journal);
    opt_line(o, "volume", &study.volume);
    opt_line(o, "issue", &study.issue);
    opt_line(o, "pages", &study.pages);
    opt_line(o, "doi", &study.doi);
    opt_line(o, "pmid", &study.pmid);
    opt_line(o, "url", &study.url);
    opt_line(o, "design", &study.design);
    list_line(o, "tags", &study.tags);
    list_line(o, "keywords", &study.keywords);
    opt_line(o, "notes", &study.notes);
    opt_line(o, "abstract", &study.r#abstract);
    for (k, json) in &study.extra {
        if STUDY_KEYS.contains(&k.as_str()) {
            continue;
        }
        if let serde_json::Value::String(s) = json {
            key(o, k);
            o.push_str(" = ");
            string(o, s);
            o.push('\n');
        } else if let Some(v) = json_to_value(json) {
            key(o, k);
            let _ = writeln!(o, " = {v}");
        }
    }
    if !study.extraction.is_empty() {
        o.push_str("\n[extraction]\n");
        for (k, v) in &study.extraction {
            key(o, k);
            o.push_str(" = ");
            match v {
                FieldValue::Text(s) => string(o, s),
                FieldValue::Integer(i) => {
                    let _ = write!(o, "{i}");
                }
                FieldValue::Number(n) => {
                    let _ = write!(o, "{}", Value::from(*n));
                }
                FieldValue::List(l) => list(o, l),
            }
            o.push('\n');
        }
    }
    Some(out)
}
