//! Reading `review.toml` and study files into the model, with every problem
//! located at file:line:col.
//!
//! Parsing goes through `toml_edit`'s span-keeping document so that a wrong
//! type or an unknown design points at the value itself, not at the file.

pub(crate) mod fast;
pub mod located;
pub mod prisma;
pub mod syntax;

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

/// Parses `review.toml`. Returns the review (as far as it could be read) and
/// its problems; `None` when the file is not usable at all.
pub fn parse_review(path: &Path, src: &str) -> (Option<Review>, Vec<Problem>) {
    let doc = match parse_document(path, src) {
        Ok(d) => d,
        Err(p) => return (None, vec![p]),
    };
    let mut ctx = Reader::new(path, src);
    let root = doc.as_table();
    let mut review = Review::default();

    match root.get("format") {
        None => ctx.fatal(
            None,
            format!("missing `format = {FORMAT_VERSION}` (the review format version)"),
        ),
        Some(item) => match item.as_integer() {
            Some(v) if v == FORMAT_VERSION => review.format = v,
            Some(v) if v > FORMAT_VERSION => ctx.fatal(
                item.span(),
                format!(
                    "this review uses format {v}, but this litrev reads format {FORMAT_VERSION}: install a newer litrev"
                ),
            ),
            Some(v) => ctx.fatal(
                item.span(),
                format!("unknown format {v}: expected {FORMAT_VERSION}"),
            ),
            None => ctx.wrong_type(item, "format", "an integer"),
        },
    }
    match ctx.str(root, "title", "title") {
        Some(t) => review.title = t.to_string(),
        None if root.get("title").is_none() => ctx.at(None, "missing `title` (a string)"),
        None => {}
    }
    review.description = ctx
        .str(root, "description", "description")
        .map(String::from);
    if let Some(item) = root.get("citation_style") {
        match item.as_str() {
            Some(s) => match CitationStyle::parse(s) {
                Some(c) => review.citation_style = c,
                None => ctx.fatal(
                    item.span(),
                    format!(
                        "citation_style must be one of {}, found \"{}\"",
                        CitationStyle::NAMES.join(", "),
                        inert_line(s)
                    ),
                ),
            },
            None => ctx.wrong_type(item, "citation_style", "a string"),
        }
    }
    if let Some(item) = root.get("designs") {
        review.designs = parse_designs(&mut ctx, item, "designs", 0);
    }
    if let Some(item) = root.get("fields") {
        match item.as_table_like() {
            Some(t) => {
                for (key, fi) in t.iter() {
                    if let Some(f) = parse_field(&mut ctx, key, fi) {
                        review.fields.push(f);
                    }
                }
            }
            None => ctx.wrong_type(item, "fields", "a table of field declarations"),
        }
    }
    if let Some(item) = root.get("prose") {
        match item.as_table_like() {
            Some(t) => {
                for (key, p) in t.iter() {
                    if !["design", "year", "tag", "appraisal"].contains(&key) {
                        ctx.fatal(
                            p.span(),
                            format!(
                                "prose.{} is not something the results sentence counts by: expected design, year, tag or appraisal (a field declares its own `prose`)",
                                inert_line(key)
                            ),
                        );
                    } else if let Some(p) = prose_template(&mut ctx, p, &format!("prose.{key}")) {
                        review.prose.push((key.to_string(), p));
                    }
                }
            }
            None => ctx.wrong_type(item, "prose", "a table of phrases"),
        }
    }
    if let Some(item) = root.get("prisma") {
        review.prisma = crate::store::parse::prisma::parse(&mut ctx, item);
    }
    if let Some(item) = root.get("tags") {
        match item.as_table_like() {
            Some(t) => {
                if let Some(x) = t.get("exclude") {
                    match x.as_array() {
                        Some(a) if a.iter().all(|v| v.as_str().is_some()) => {
                            review.tags_exclude = a
                                .iter()
                                .filter_map(|v| v.as_str().map(String::from))
                                .collect();
                        }
                        _ => ctx.wrong_type(x, "tags.exclude", "an array of tags (strings)"),
                    }
                }
            }
            None => ctx.wrong_type(item, "tags", "a table ([tags] exclude = [...])"),
        }
    }
    let usable = !ctx.fatal;
    (usable.then_some(review), ctx.problems)
}

fn parse_designs(ctx: &mut Reader, item: &Item, what: &str, depth: usize) -> Vec<Design> {
    let expected = if depth == 0 {
        "an array of tables ([[designs]])"
    } else {
        "an array of tables"
    };
    let Some(tables) = ctx.tables(item, what, expected) else {
        return Vec::new();
    };
    let mut out: Vec<Design> = Vec::new();
    for t in &tables {
        let span = t.span();
        let Some(key) = ctx.str(t, "key", "a design's key") else {
            if t.get("key").is_none() {
                ctx.fatal(span, format!("every entry of {what} needs a `key`"));
            }
            continue;
        };
        if !valid_design_key(key) {
            let at = t.get("key").and_then(|i| i.span());
            ctx.fatal(
                at,
                format!(
                    "design key \"{}\" must use only a-z, 0-9 and -",
                    inert_line(key)
                ),
            );
            continue;
        }
        if out.iter().any(|d| d.key == key) {
            let at = t.get("key").and_then(|i| i.span());
            ctx.fatal(
                at,
                format!("design key \"{key}\" is used twice among its siblings"),
            );
            continue;
        }
        let label = ctx
            .str(t, "label", "a design's label")
            .unwrap_or(key)
            .to_string();
        let short = ctx
            .str(t, "short", "a design's short label")
            .map(String::from);
        let label_one = ctx
            .str(t, "label_one", "a design's label for one study")
            .map(String::from);
        let instrument = ctx
            .str(t, "instrument", "a design's instrument")
            .map(String::from);
        let children = match t.get("children") {
            Some(c) if depth == 0 => parse_designs(ctx, c, "children", 1),
            Some(c) => {
                ctx.fatal(
                    c.span().or(span),
                    "designs have two levels: a child cannot have children",
                );
                Vec::new()
            }
            None => Vec::new(),
        };
        out.push(Design {
            key: key.to_string(),
            label,
            label_one,
            short,
            instrument,
            children,
        });
    }
    out
}

fn parse_field(ctx: &mut Reader, key: &str, item: &Item) -> Option<FieldDef> {
    let Some(t) = item.as_table_like() else {
        ctx.wrong_type(item, &format!("fields.{key}"), "a table");
        return None;
    };
    let label = match t.get("label") {
        None => key.to_string(),
        Some(l) => match l.as_str() {
            Some(l) => l.to_string(),
            None => {
                ctx.wrong_type(l, &format!("fields.{key}.label"), "a string");
                return None;
            }
        },
    };
    let kind = match t.get("kind") {
        None => FieldKind::Text,
        Some(k) => match k.as_str().and_then(FieldKind::parse) {
            Some(kind) => kind,
            None => {
                ctx.fatal(
                    k.span(),
                    format!(
                        "fields.{key}.kind must be one of {}, found {}",
                        FieldKind::NAMES.join(", "),
                        describe(k)
                    ),
                );
                return None;
            }
        },
    };
    let mut choices = Vec::new();
    if let Some(c) = t.get("choices") {
        match c.as_array() {
            Some(a) if a.iter().all(|v| v.as_str().is_some()) => {
                choices = a
                    .iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect();
            }
            _ => {
                ctx.wrong_type(c, &format!("fields.{key}.choices"), "an array of strings");
                return None;
            }
        }
    }
    if kind == FieldKind::Choice && choices.is_empty() {
        ctx.fatal(
            item.span(),
            format!("fields.{key} is a choice field but lists no `choices`"),
        );
        return None;
    }
    let prose = match t.get("prose") {
        Some(p) => Some(prose_template(ctx, p, &format!("fields.{key}.prose"))?),
        None => None,
    };
    let label_one = match t.get("label_one") {
        None => None,
        Some(l) => match l.as_str() {
            Some(l) => Some(l.to_string()),
            None => {
                ctx.wrong_type(l, &format!("fields.{key}.label_one"), "a string");
                return None;
            }
        },
    };
    let bands = match t.get("bands") {
        None => Vec::new(),
        Some(b) => parse_bands(ctx, key, kind, b)?,
    };
    Some(FieldDef {
        key: key.to_string(),
        label,
        label_one,
        kind,
        choices,
        prose,
        bands,
    })
}

/// `bands = [10, 50, 100]` of a number field: numbers, ascending.
fn parse_bands(ctx: &mut Reader, key: &str, kind: FieldKind, item: &Item) -> Option<Vec<f64>> {
    let what = format!("fields.{key}.bands");
    if !matches!(kind, FieldKind::Integer | FieldKind::Number) {
        ctx.fatal(
            item.span(),
            format!(
                "{what}: only integer and number fields are tallied in bands ({key} is {})",
                kind.name()
            ),
        );
        return None;
    }
    let Some(a) = item.as_array() else {
        ctx.wrong_type(item, &what, "an array of numbers, ascending");
        return None;
    };
    let mut out = Vec::new();
    for v in a.iter() {
        let n = match v {
            Value::Integer(i) => *i.value() as f64,
            Value::Float(f) if kind == FieldKind::Number => *f.value(),
            _ => {
                let expected = if kind == FieldKind::Integer {
                    "whole numbers"
                } else {
                    "numbers"
                };
                ctx.fatal(
                    v.span().or(item.span()),
                    format!("{what} must hold {expected}, ascending"),
                );
                return None;
            }
        };
        if out.last().is_some_and(|&last: &f64| n <= last) || !n.is_finite() {
            ctx.fatal(
                v.span().or(item.span()),
                format!("{what} must be ascending, each bound once"),
            );
            return None;
        }
        out.push(n);
    }
    Some(out)
}

/// A phrase of the results sentence: a string holding `{value}`.
fn prose_template(ctx: &mut Reader, item: &Item, what: &str) -> Option<String> {
    match item.as_str() {
        Some(p) if p.contains("{value}") => Some(p.to_string()),
        Some(p) => {
            ctx.fatal(
                item.span(),
                format!(
                    "{what} must say where the value goes with {{value}} (e.g. \"were conducted in {{value}}\"), found \"{}\"",
                    inert_line(p)
                ),
            );
            None
        }
        None => {
            ctx.wrong_type(item, what, "a string");
            None
        }
    }
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
                s.extraction.push((key.to_string(), v));
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
            for (key, item, _) in ans.entries() {
                match &item {
                    Item::Value(Value::String(s)) => a
                        .answers
                        .push((key.into(), Answer::Text(lf_word(s.value())))),
                    Item::Value(Value::Integer(i)) => {
                        a.answers.push((key.into(), Answer::Int(*i.value())))
                    }
                    other => {
                        ctx.wrong_type(other, &format!("answer {key}"), "a string or an integer")
                    }
                }
            }
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
