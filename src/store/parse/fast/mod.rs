//! The fast path of reading a study file. A clean record written in the
//! subset of TOML that litrev's saver writes (see [`scan`]: bare or quoted
//! keys, strings in all four of TOML's forms, integers, floats, booleans,
//! arrays of strings, an `[extraction]` table, `[[appraisals]]` tables with
//! their inline `answers` and `notes`, comments and blank lines) and that the
//! full reader ([`crate::store::parse::parse_study_located`]) would read
//! without a single problem, is read by a small scanner here instead of
//! `toml_edit`'s formatting-preserving document, which is several times
//! slower to build.
//!
//! The fast path never reports anything itself: whenever it meets something
//! it does not read exactly as the full reader does — any other TOML syntax
//! (inline tables other than an appraisal's answers and notes, dates, dotted
//! keys, other tables, a line-ending backslash), a control character, a
//! repeated key, a wrong type, a value the checks refuse, or a key litrev
//! does not know — it gives up, and the full reader reads the file again
//! from the start, so every problem keeps its message and its
//! file:line:col. Tests (`tests/fuzz_loaders.rs` and the unit tests) pin
//! that both paths give the same study, problems and spans.

use std::borrow::Cow;
use std::ops::Range;

use crate::appraisal::{Answer, Answers, Appraisal};
use crate::model::*;
use crate::store::parse::located::{lf, lf_word};
use crate::store::parse::plausible_years;

mod scan;
use scan::{Entry, Table, Val, scan};

/// A clean record's study and the spans of its `ref` and `id` values.
pub(super) type Clean = (Study, Option<Range<usize>>, Option<Range<usize>>);

/// The study of a clean record, with the spans of its `ref` and `id` values;
/// `None` when the full reader must read the file.
pub(super) fn parse_clean(src: &str, stem: Option<&str>, review: &Review) -> Option<Clean> {
    let scanned = scan(src)?;
    let mut s = Study::default();
    let (mut ref_span, mut id_span) = (None, None);
    let mut seen_title = false;
    let at = Flat {
        inner: &scanned.inner,
        strs: &scanned.strs,
    };
    let mut tables = scanned.lines.chunk_by(|a, b| a.0 == b.0);
    // The root's lines come first, if there are any.
    let mut next = tables.next();
    let root = match next {
        Some(lines) if lines[0].0 == Table::Root => {
            next = tables.next();
            lines
        }
        _ => &[],
    };
    for (_, (key, v, span)) in root {
        match &**key {
            "id" => {
                let id = string(v)?;
                if !valid_id(id) || stem.is_some_and(|stem| stem != id) {
                    return None;
                }
                s.id = id.to_string();
                id_span = Some(span.clone());
            }
            "ref" => {
                let r = u32::try_from(integer(v)?).ok().filter(|r| *r > 0)?;
                s.reference = Some(r);
                ref_span = Some(span.clone());
            }
            "ref_shared" => match v {
                Val::Bool(b) => s.ref_shared = *b,
                _ => return None,
            },
            "title" => {
                s.title = text(string(v)?);
                seen_title = true;
            }
            "authors" => s.authors = at.strings(v)?,
            "year" => {
                let y = integer(v)?;
                if !plausible_years().contains(&y) {
                    return None;
                }
                s.year = Some(y as i32);
            }
            "journal" => s.journal = Some(text(string(v)?)),
            "volume" => s.volume = Some(text_or_int(v)?),
            "issue" => s.issue = Some(text_or_int(v)?),
            "pages" => s.pages = Some(text_or_int(v)?),
            "doi" => s.doi = Some(text(string(v)?)),
            "pmid" => s.pmid = Some(text_or_int(v)?),
            "url" => s.url = Some(text(string(v)?)),
            "design" => {
                let d = string(v)?;
                review.design(d)?;
                s.design = Some(d.to_string());
            }
            "tags" => s.tags = at.strings(v)?,
            "keywords" => s.keywords = at.strings(v)?,
            "notes" => s.notes = Some(text(string(v)?)),
            "abstract" => s.r#abstract = Some(text(string(v)?)),
            // Keys litrev does not know (an import's `issn`, `publisher`,
            // `language`; a team's own): kept as the full reader keeps
            // them, in file order.
            other => s.extra.push((other.to_string(), at.extra_value(v)?)),
        }
    }
    s.appraisals.reserve_exact(scanned.appraisals);
    while let Some(lines) = next {
        match lines[0].0 {
            Table::Root => return None,
            Table::Appraisal(_) => s.appraisals.push(at.appraisal(lines)?),
            Table::Extraction => {
                // Exactly as many as there are: a vector grown by pushing
                // keeps room for up to twice as many, per study.
                s.extraction.reserve_exact(lines.len());
                for (_, (key, v, _)) in lines {
                    let value = at.field_value(review, key, v)?;
                    s.extraction.push((key.as_ref().into(), value));
                }
            }
        }
        next = tables.next();
    }
    // An `[[appraisals]]` table with no line has no instrument: a problem.
    if s.appraisals.len() != scanned.appraisals {
        return None;
    }
    // A record without an id or a title has a problem to report.
    if id_span.is_none() || !seen_title {
        return None;
    }
    Some((s, ref_span, id_span))
}

fn string<'a, 's>(v: &'a Val<'s>) -> Option<&'a Cow<'s, str>> {
    match v {
        Val::Str(s) => Some(s),
        _ => None,
    }
}

/// [`lf`] of a scanned text: one borrowed from the file holds no CR (see
/// [`Val::Str`]) and is copied as it is.
#[expect(clippy::ptr_arg, reason = "borrowed or owned is what it reads")]
fn text(s: &Cow<'_, str>) -> String {
    match s {
        Cow::Borrowed(b) => (*b).to_string(),
        Cow::Owned(o) => lf(o),
    }
}

/// [`lf_word`] of a scanned text, as [`text`].
#[expect(clippy::ptr_arg, reason = "borrowed or owned is what it reads")]
fn word(s: &Cow<'_, str>) -> crate::appraisal::Word {
    match s {
        Cow::Borrowed(b) => (*b).into(),
        Cow::Owned(o) => lf_word(o),
    }
}

/// A value under a key litrev does not know, as the full reader keeps it
/// (`located::item_to_json`); `None` for the full reader: an inline table,
/// or text with a CR in it (TOML leaves a multi-line string's line ends to
/// the reader).
impl<'s> Flat<'_, 's> {
    fn extra_value(&self, v: &Val<'s>) -> Option<serde_json::Value> {
        use serde_json::Value as J;
        let text = |s: &str| (!s.contains('\r')).then(|| J::String(s.to_string()));
        Some(match v {
            Val::Str(s) => text(s)?,
            Val::Int(i) => J::from(*i),
            Val::Float(x) => serde_json::Number::from_f64(*x).map_or(J::Null, J::Number),
            Val::Bool(b) => J::Bool(*b),
            Val::Strs(r) => J::Array(
                self.strs
                    .get(r.clone())?
                    .iter()
                    .map(|s| text(s))
                    .collect::<Option<_>>()?,
            ),
            Val::Table(_) => return None,
        })
    }

    fn strings(&self, v: &Val<'s>) -> Option<Vec<String>> {
        match v {
            Val::Strs(r) => Some(self.strs.get(r.clone())?.iter().map(text).collect()),
            _ => None,
        }
    }

    /// The entries of an inline table.
    fn table(&self, v: &Val<'s>) -> Option<&[Entry<'s>]> {
        match v {
            Val::Table(r) => self.inner.get(r.clone()),
            _ => None,
        }
    }
}

fn integer(v: &Val<'_>) -> Option<i64> {
    match v {
        Val::Int(i) => Some(*i),
        _ => None,
    }
}

fn text_or_int(v: &Val<'_>) -> Option<String> {
    match v {
        Val::Str(s) => Some(text(s)),
        Val::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// One `[[appraisals]]` table, read as the full reader reads it
/// (`parse_appraisals`), or `None` for the full reader: a key it does not
/// read, a value of the wrong type, or no instrument.
impl<'s> Flat<'_, 's> {
    fn appraisal(&self, lines: &[(Table, Entry<'s>)]) -> Option<Appraisal> {
        let mut a = Appraisal::default();
        let mut instrument = false;
        for (_, (key, v, _)) in lines {
            match &**key {
                "instrument" => {
                    a.instrument = word(string(v)?);
                    instrument = true;
                }
                "reviewer" => a.reviewer = word(string(v)?),
                "category" => a.category = Some(integer(v)?),
                "overall" => a.overall = Some(word(string(v)?)),
                "comment" => a.comment = Some(text(string(v)?)),
                "outcome" => a.outcome = Some(text(string(v)?)),
                "answers" => a.answers = exact_answers(self.table(v)?)?,
                "notes" => {
                    let notes = self.table(v)?;
                    a.notes.reserve_exact(notes.len());
                    for (k, v, _) in notes {
                        a.notes.push((k.as_ref().into(), text(string(v)?)));
                    }
                }
                _ => return None,
            }
        }
        instrument.then_some(a)
    }
}

/// The answers of an `answers = { ... }` table, packed straight from the
/// file's text (a text with a CR goes through [`lf_word`] as the full reader
/// reads it); `None` for a value that is neither a text nor a number.
fn exact_answers(t: &[Entry<'_>]) -> Option<Answers> {
    use crate::appraisal::answers::Given;
    let mut crlf = false;
    for (_, v, _) in t {
        match v {
            Val::Str(s) => crlf |= matches!(s, Cow::Owned(o) if o.contains('\r')),
            Val::Int(_) => {}
            _ => return None,
        }
    }
    if crlf {
        return t
            .iter()
            .map(|(k, v, _)| match v {
                Val::Str(s) => Some((k, Answer::Text(lf_word(s)))),
                Val::Int(i) => Some((k, Answer::Int(*i))),
                _ => None,
            })
            .collect();
    }
    Some(Answers::exact(t.iter().map(|(k, v, _)| {
        let given = match v {
            Val::Str(s) => Given::Text(s),
            Val::Int(i) => Given::Int(*i),
            // Refused above.
            _ => Given::Int(0),
        };
        (k.as_ref(), given)
    })))
}

/// An extraction value that the review declares and that has the declared
/// kind (a choice among its choices); anything else is for the full reader.
impl<'s> Flat<'_, 's> {
    fn field_value(&self, review: &Review, key: &str, v: &Val<'s>) -> Option<FieldValue> {
        let def = review.field(key)?;
        let value = match v {
            Val::Str(s) => FieldValue::Text(text(s)),
            Val::Int(i) => FieldValue::Integer(*i),
            Val::Float(x) => FieldValue::Number(*x),
            Val::Strs(_) => FieldValue::List(self.strings(v)?),
            Val::Bool(_) | Val::Table(_) => return None,
        };
        let ok = match (def.kind, &value) {
            (FieldKind::Text, FieldValue::Text(_)) => true,
            (FieldKind::Integer, FieldValue::Integer(_)) => true,
            (FieldKind::Number, FieldValue::Integer(_) | FieldValue::Number(_)) => true,
            (FieldKind::List, FieldValue::List(_)) => true,
            (FieldKind::Choice, FieldValue::Text(t)) => def.choices.contains(t),
            _ => false,
        };
        ok.then_some(value)
    }
}

/// Where a line's inline tables and arrays are ([`scan::Scanned::inner`],
/// [`scan::Scanned::strs`]).
struct Flat<'a, 's> {
    inner: &'a [Entry<'s>],
    strs: &'a [Cow<'s, str>],
}

#[cfg(test)]
mod tests;
