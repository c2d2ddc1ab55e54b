//! Reading `review.toml` and study files into the model, with every problem
//! located at file:line:col.
//!
//! Parsing goes through `toml_edit`'s span-keeping document so that a wrong
//! type or an unknown design points at the value itself, not at the file.

pub(crate) mod fast;
pub mod located;
pub mod prisma;
mod review;
pub mod syntax;

pub use review::parse_review;

use std::ops::Range;
use std::path::Path;

use toml_edit::{Item, Value};

use crate::model::*;
use crate::store::parse::located::{Reader, describe, item_to_json, lf, lf_word, parse_document};
use crate::text::inert_line;
use crate::text::problem::Problem;

/// Keys of a study file that litrev understands; all others are kept as they are.
pub const STUDY_KEYS: [&str; 20] = [
    "id",
    "ref",
    "ref_shared",
    "title",
    "authors",
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "url",
    "design",
    "tags",
    "keywords",
    "notes",
    "abstract",
    "extraction",
    "appraisals",
];

/// This year, from the system clock, for the plausibility check on `year`.
fn current_year() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    1970 + (secs / 31_556_952) as i64
}

/// The range of publication years litrev accepts without complaint.
pub fn plausible_years() -> std::ops::RangeInclusive<i64> {
    1800..=current_year() + 1
}

/// The outcome of reading one study file.
pub struct ParsedStudy {
    /// The study, unless a problem makes the record unusable.
    pub study: Option<Study>,
    pub problems: Vec<Problem>,
    /// Byte span of the `ref` value, for duplicate-ref reports.
    pub ref_span: Option<Range<usize>>,
    /// Byte span of the `id` value, for duplicate-id reports.
    pub id_span: Option<Range<usize>>,
}

/// Parses one study file. `stem` is the file stem the id must equal (`None`
/// when checking text that has no file yet). `review` validates the design
/// path and the extraction fields.
pub fn parse_study(path: &Path, src: &str, stem: Option<&str>, review: &Review) -> ParsedStudy {
    // Every write checks its text here first: a text the loader would
    // refuse is never written, so no save makes a study vanish on the next
    // open.
    if src.len() as u64 > crate::store::MAX_STUDY_BYTES {
        return ParsedStudy {
            study: None,
            problems: vec![too_large(path, src)],
            ref_span: None,
            id_span: None,
        };
    }
    // A clean record is read on the fast path; anything it does not read
    // exactly as the full reader does is read again by the full reader.
    if let Some((study, ref_span, id_span)) =
        crate::store::parse::fast::parse_clean(src, stem, review)
    {
        return ParsedStudy {
            study: Some(study),
            problems: Vec::new(),
            ref_span,
            id_span,
        };
    }
    parse_study_located(path, src, stem, review)
}

/// Bytes as MiB, one decimal ("3.0 MiB").
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / 1_048_576.0)
}

/// A study text over [`crate::store::MAX_STUDY_BYTES`], located at its
/// largest value: what would not be read back, and what to shorten.
fn too_large(path: &Path, src: &str) -> Problem {
    let largest = toml_edit::Document::parse(src).ok().and_then(|doc| {
        doc.as_table()
            .iter()
            .filter_map(|(k, item)| item.span().map(|s| (k.to_string(), s)))
            .max_by_key(|(_, s)| s.len())
    });
    let limit = mib(crate::store::MAX_STUDY_BYTES);
    let whole = mib(src.len() as u64);
    match largest {
        Some((key, span)) => Problem::at(
            path,
            src,
            span.start,
            format!(
                "the study would be {whole}, more than a study file may hold ({limit}), so litrev would not read it back: its `{}` takes {}; shorten it",
                inert_line(&key),
                mib(span.len() as u64)
            ),
        ),
        None => Problem::file(
            path,
            format!(
                "the study would be {whole}, more than a study file may hold ({limit}), so litrev would not read it back"
            ),
        ),
    }
}

/// [`parse_study`] without the fast path: every file through `toml_edit`'s
/// span-keeping document. The reference the fast path is tested against.
pub fn parse_study_located(
    path: &Path,
    src: &str,
    stem: Option<&str>,
    review: &Review,
) -> ParsedStudy {
    let doc = match parse_document(path, src) {
        Ok(d) => d,
        Err(p) => {
            return ParsedStudy {
                study: None,
                problems: vec![p],
                ref_span: None,
                id_span: None,
            };
        }
    };
    let mut ctx = Reader::new(path, src);
    let root = doc.as_table();
    let mut s = Study::default();

    let id_span = root.get("id").and_then(|i| i.span());
    match ctx.str(root, "id", "id") {
        Some(id) => {
            if !valid_id(id) {
                ctx.fatal(
                    id_span.clone(),
                    format!(
                        "id \"{}\" is not valid: use 1–80 characters a-z, 0-9, '.', '_' or '-', starting with a letter or digit, and no \"..\"",
                        inert_line(id)
                    ),
                );
            } else if let Some(stem) = stem
                && stem != id
            {
                // "Hughes_2018" is no valid id: only renaming the file fixes that.
                let or_set = match valid_id(stem) {
                    true => format!(" or set id = \"{stem}\""),
                    false => String::new(),
                };
                ctx.fatal(
                    id_span.clone(),
                    format!(
                        "id \"{id}\" must match the file name: rename the file to {id}.toml{or_set}"
                    ),
                );
            }
            s.id = id.to_string();
        }
        None if root.get("id").is_none() => {
            ctx.fatal(None, "missing `id` (a string equal to the file name)")
        }
        None => {}
    }
    let ref_span = root.get("ref").and_then(|i| i.span());
    if let Some(r) = ctx.int(root, "ref", "ref") {
        match u32::try_from(r) {
            Ok(r) if r > 0 => s.reference = Some(r),
            _ => ctx.fatal(
                ref_span.clone(),
                format!("ref must be a positive reference number, found {r}"),
            ),
        }
    }
    s.ref_shared = ctx.bool(root, "ref_shared", "ref_shared").unwrap_or(false);
    match ctx.str(root, "title", "title") {
        Some(t) => s.title = lf(t),
        None if root.get("title").is_none() => ctx.at(None, "missing `title` (a string)"),
        None => {}
    }
    s.authors = ctx.str_list(root, "authors", "authors");
    if let Some(y) = ctx.int(root, "year", "year") {
        let span = root.get("year").and_then(|i| i.span());
        if plausible_years().contains(&y) {
            s.year = Some(y as i32);
        } else {
            let r = plausible_years();
            ctx.fatal(
                span,
                format!(
                    "year {y} is not plausible: expected a year from {} to {}",
                    r.start(),
                    r.end()
                ),
            );
        }
    }
    s.journal = ctx.text(root, "journal", "journal");
    s.volume = ctx.text_or_int(root, "volume", "volume");
    s.issue = ctx.text_or_int(root, "issue", "issue");
    s.pages = ctx.text_or_int(root, "pages", "pages");
    s.doi = ctx.text(root, "doi", "doi");
    s.pmid = ctx.text_or_int(root, "pmid", "pmid");
    s.url = ctx.text(root, "url", "url");
    if let Some(d) = ctx.str(root, "design", "design") {
        if review.design(d).is_none() {
            let span = root.get("design").and_then(|i| i.span());
            let hint = if review.designs.is_empty() {
                "review.toml declares no designs".to_string()
            } else {
                format!("expected one of {}", review.design_paths_list())
            };
            ctx.at(
                span,
                format!(
                    "design \"{}\" is not in the taxonomy: {hint}",
                    inert_line(d)
                ),
            );
        }
        s.design = Some(d.to_string());
    }
    s.tags = ctx.str_list(root, "tags", "tags");
    s.keywords = ctx.str_list(root, "keywords", "keywords");
    s.notes = ctx.text(root, "notes", "notes");
    s.r#abstract = ctx.text(root, "abstract", "abstract");

    if let Some(t) = ctx.table(root, "extraction", "extraction") {
        for (key, item, span) in t.entries() {
            let value = extraction_value(&mut ctx, review, key, &item, span);
            if let Some(v) = value {
                s.extraction.push((key.into(), v));
            }
        }
    }
    if let Some(item) = root.get("appraisals") {
        s.appraisals = parse_appraisals(&mut ctx, item);
    }
    for (key, item) in root.iter() {
        if !STUDY_KEYS.contains(&key) {
            s.extra.push((key.to_string(), item_to_json(item)));
        }
    }
    let study = (!ctx.fatal).then_some(s);
    ParsedStudy {
        study,
        problems: ctx.problems,
        ref_span,
        id_span,
    }
}

fn extraction_value(
    ctx: &mut Reader,
    review: &Review,
    key: &str,
    item: &Item,
    span: Option<Range<usize>>,
) -> Option<FieldValue> {
    let raw = match item {
        Item::Value(Value::String(s)) => FieldValue::Text(lf(s.value())),
        Item::Value(Value::Integer(i)) => FieldValue::Integer(*i.value()),
        Item::Value(Value::Float(f)) => FieldValue::Number(*f.value()),
        Item::Value(Value::Array(a)) if a.iter().all(|v| v.as_str().is_some()) => {
            FieldValue::List(a.iter().filter_map(|v| v.as_str().map(lf)).collect())
        }
        other => {
            ctx.wrong_type(
                other,
                &format!("extraction.{key}"),
                "a string, a number or an array of strings",
            );
            return None;
        }
    };
    let Some(def) = review.field(key) else {
        // Values for undeclared fields are kept; `check` mentions them.
        ctx.at(
            span,
            format!("extraction.{key} is not declared in review.toml ([fields.{key}])"),
        );
        return Some(raw);
    };
    let ok = match (def.kind, &raw) {
        (FieldKind::Text, FieldValue::Text(_)) => true,
        (FieldKind::Integer, FieldValue::Integer(_)) => true,
        (FieldKind::Number, FieldValue::Integer(_) | FieldValue::Number(_)) => true,
        (FieldKind::List, FieldValue::List(_)) => true,
        (FieldKind::Choice, FieldValue::Text(v)) => {
            if !def.choices.contains(v) {
                ctx.at(
                    span.clone(),
                    format!(
                        "extraction.{key} must be one of {}, found \"{}\"",
                        quoted_list(&def.choices),
                        inert_line(v)
                    ),
                );
            }
            true
        }
        _ => false,
    };
    if !ok {
        let expected = match def.kind {
            FieldKind::Text => "a string",
            FieldKind::Integer => "an integer",
            FieldKind::Number => "a number",
            FieldKind::List => "an array of strings",
            FieldKind::Choice => "one of its choices (a string)",
        };
        ctx.at(
            span,
            format!(
                "extraction.{key} ({}) must be {expected}, found {}",
                def.kind.name(),
                describe(item)
            ),
        );
    }
    Some(raw)
}

fn quoted_list(v: &[String]) -> String {
    v.iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_appraisals(ctx: &mut Reader, item: &Item) -> Vec<Appraisal> {
    let Some(tables) = ctx.tables(item, "appraisals", "an array of tables ([[appraisals]])") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for t in &tables {
        let mut a = Appraisal::default();
        match ctx.str(t, "instrument", "an appraisal's instrument") {
            Some(i) => a.instrument = lf_word(i),
            None if t.get("instrument").is_none() => {
                ctx.fatal(t.span(), "every appraisal needs an `instrument`")
            }
            None => {}
        }
        a.reviewer = lf_word(
            ctx.str(t, "reviewer", "an appraisal's reviewer")
                .unwrap_or(""),
        );
        a.category = ctx.int(t, "category", "an appraisal's category");
        a.outcome = ctx.text(t, "outcome", "an appraisal's outcome");
        a.overall = ctx
            .str(t, "overall", "an appraisal's overall judgement")
            .map(lf_word);
        a.comment = ctx.text(t, "comment", "an appraisal's comment");
        if let Some(ans) = ctx.table(t, "answers", "answers") {
            let mut answers: Vec<(&str, Answer)> = Vec::new();
            for (key, item, _) in ans.entries() {
                match &item {
                    Item::Value(Value::String(s)) => {
                        answers.push((key, Answer::Text(lf_word(s.value()))))
                    }
                    Item::Value(Value::Integer(i)) => answers.push((key, Answer::Int(*i.value()))),
                    other => {
                        ctx.wrong_type(other, &format!("answer {key}"), "a string or an integer")
                    }
                }
            }
            a.answers = answers.into_iter().collect();
        }
        if let Some(notes) = ctx.table(t, "notes", "notes (item id = comment)") {
            for (key, item, _) in notes.entries() {
                match &item {
                    Item::Value(Value::String(s)) => a.notes.push((key.into(), lf(s.value()))),
                    other => ctx.wrong_type(other, &format!("note {key}"), "a string"),
                }
            }
        }
        out.push(a);
    }
    out
}
