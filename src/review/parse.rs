//! Reading `review.toml` and study files into the model, with every problem
//! located at file:line:col.
//!
//! Parsing goes through `toml_edit`'s span-keeping document so that a wrong
//! type or an unknown design points at the value itself, not at the file.

use std::ops::Range;
use std::path::Path;

use toml_edit::{Document, Item, Table, Value};

use super::model::*;
use super::problem::Problem;
use crate::text::inert_line;

/// Keys of a study file that litrev understands; all others are kept as they are.
pub const STUDY_KEYS: [&str; 13] = [
    "id",
    "ref",
    "ref_shared",
    "title",
    "authors",
    "year",
    "journal",
    "doi",
    "design",
    "tags",
    "notes",
    "extraction",
    "appraisals",
];

/// Collects problems for one file.
struct Ctx<'a> {
    path: &'a Path,
    src: &'a str,
    problems: Vec<Problem>,
    /// Set by problems that make the record unusable (wrong types, bad id).
    fatal: bool,
}

impl<'a> Ctx<'a> {
    fn new(path: &'a Path, src: &'a str) -> Self {
        Self {
            path,
            src,
            problems: Vec::new(),
            fatal: false,
        }
    }

    fn at(&mut self, span: Option<Range<usize>>, msg: impl Into<String>) {
        let off = span.map(|s| s.start).unwrap_or(0);
        self.problems
            .push(Problem::at(self.path, self.src, off, msg));
    }

    fn fatal(&mut self, span: Option<Range<usize>>, msg: impl Into<String>) {
        self.fatal = true;
        self.at(span, msg);
    }

    /// Reports a wrong type for `what`, which should have been `expected`.
    fn wrong_type(&mut self, item: &Item, what: &str, expected: &str) {
        let msg = format!("{what} must be {expected}, found {}", describe(item));
        self.fatal(item.span(), msg);
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

fn get_str<'t>(ctx: &mut Ctx, t: &'t Table, key: &str, what: &str) -> Option<&'t str> {
    let item = t.get(key)?;
    match item.as_str() {
        Some(s) => Some(s),
        None => {
            ctx.wrong_type(item, what, "a string");
            None
        }
    }
}

fn get_int(ctx: &mut Ctx, t: &Table, key: &str, what: &str) -> Option<i64> {
    let item = t.get(key)?;
    match item.as_integer() {
        Some(i) => Some(i),
        None => {
            ctx.wrong_type(item, what, "an integer");
            None
        }
    }
}

fn get_str_list(ctx: &mut Ctx, t: &Table, key: &str, what: &str) -> Vec<String> {
    let Some(item) = t.get(key) else {
        return Vec::new();
    };
    let Some(arr) = item.as_array() else {
        ctx.wrong_type(item, what, "an array of strings");
        return Vec::new();
    };
    let mut out = Vec::with_capacity(arr.len());
    for v in arr.iter() {
        match v.as_str() {
            Some(s) => out.push(lf(s)),
            None => {
                let item = Item::Value(v.clone());
                ctx.fatal(
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
fn get_table<'t>(ctx: &mut Ctx, t: &'t Table, key: &str, what: &str) -> Option<TableLike<'t>> {
    let item = t.get(key)?;
    match item {
        Item::Table(t) => Some(TableLike::Table(t)),
        Item::Value(Value::InlineTable(t)) => Some(TableLike::Inline(t)),
        other => {
            ctx.wrong_type(other, what, "a table");
            None
        }
    }
}

/// A plain or inline table, read the same way.
pub enum TableLike<'t> {
    Table(&'t Table),
    Inline(&'t toml_edit::InlineTable),
}

impl<'t> TableLike<'t> {
    /// Key, item pairs in file order (inline values wrapped as items).
    fn entries(&self) -> Vec<(&'t str, Item, Option<Range<usize>>)> {
        match self {
            TableLike::Table(t) => t.iter().map(|(k, v)| (k, v.clone(), v.span())).collect(),
            TableLike::Inline(t) => t
                .iter()
                .map(|(k, v)| (k, Item::Value(v.clone()), v.span()))
                .collect(),
        }
    }
}

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
    let doc = match Document::parse(src) {
        Ok(d) => d,
        Err(e) => {
            let off = e.span().map(|s| s.start).unwrap_or(0);
            let msg = format!("not valid TOML: {}", first_line(e.message()));
            return (None, vec![Problem::at(path, src, off, msg)]);
        }
    };
    let mut ctx = Ctx::new(path, src);
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
    match get_str(&mut ctx, root, "title", "title") {
        Some(t) => review.title = t.to_string(),
        None if root.get("title").is_none() => ctx.at(None, "missing `title` (a string)"),
        None => {}
    }
    review.description = get_str(&mut ctx, root, "description", "description").map(String::from);
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
    let usable = !ctx.fatal;
    (usable.then_some(review), ctx.problems)
}

fn parse_designs(ctx: &mut Ctx, item: &Item, what: &str, depth: usize) -> Vec<Design> {
    let tables: Vec<Table> = match item {
        Item::ArrayOfTables(a) => a.iter().cloned().collect(),
        Item::Value(Value::Array(a)) => {
            let mut v = Vec::new();
            for x in a.iter() {
                match x.as_inline_table() {
                    Some(t) => v.push(t.clone().into_table()),
                    None => {
                        ctx.wrong_type(&Item::Value(x.clone()), what, "an array of tables");
                        return Vec::new();
                    }
                }
            }
            v
        }
        other => {
            ctx.wrong_type(other, what, "an array of tables ([[designs]])");
            return Vec::new();
        }
    };
    let mut out: Vec<Design> = Vec::new();
    for t in &tables {
        let span = t.span();
        let Some(key) = get_str(ctx, t, "key", "a design's key") else {
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
        let label = get_str(ctx, t, "label", "a design's label")
            .unwrap_or(key)
            .to_string();
        let short = get_str(ctx, t, "short", "a design's short label").map(String::from);
        let instrument = get_str(ctx, t, "instrument", "a design's instrument").map(String::from);
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
            short,
            instrument,
            children,
        });
    }
    out
}

fn parse_field(ctx: &mut Ctx, key: &str, item: &Item) -> Option<FieldDef> {
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
    Some(FieldDef {
        key: key.to_string(),
        label,
        kind,
        choices,
    })
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
    let doc = match Document::parse(src) {
        Ok(d) => d,
        Err(e) => {
            let off = e.span().map(|s| s.start).unwrap_or(0);
            let msg = format!("not valid TOML: {}", first_line(e.message()));
            return ParsedStudy {
                study: None,
                problems: vec![Problem::at(path, src, off, msg)],
                ref_span: None,
                id_span: None,
            };
        }
    };
    let mut ctx = Ctx::new(path, src);
    let root = doc.as_table();
    let mut s = Study::default();

    let id_span = root.get("id").and_then(|i| i.span());
    match get_str(&mut ctx, root, "id", "id") {
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
                ctx.fatal(
                    id_span.clone(),
                    format!(
                        "id \"{id}\" must match the file name: rename the file to {id}.toml or set id = \"{}\"",
                        inert_line(stem)
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
    if let Some(r) = get_int(&mut ctx, root, "ref", "ref") {
        match u32::try_from(r) {
            Ok(r) if r > 0 => s.reference = Some(r),
            _ => ctx.fatal(
                ref_span.clone(),
                format!("ref must be a positive reference number, found {r}"),
            ),
        }
    }
    if let Some(item) = root.get("ref_shared") {
        match item.as_bool() {
            Some(b) => s.ref_shared = b,
            None => ctx.wrong_type(item, "ref_shared", "true or false"),
        }
    }
    match get_str(&mut ctx, root, "title", "title") {
        Some(t) => s.title = lf(t),
        None if root.get("title").is_none() => ctx.at(None, "missing `title` (a string)"),
        None => {}
    }
    s.authors = get_str_list(&mut ctx, root, "authors", "authors");
    if let Some(y) = get_int(&mut ctx, root, "year", "year") {
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
    s.journal = get_str(&mut ctx, root, "journal", "journal").map(lf);
    s.doi = get_str(&mut ctx, root, "doi", "doi").map(lf);
    if let Some(d) = get_str(&mut ctx, root, "design", "design") {
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
    s.tags = get_str_list(&mut ctx, root, "tags", "tags");
    s.notes = get_str(&mut ctx, root, "notes", "notes").map(lf);

    if let Some(t) = get_table(&mut ctx, root, "extraction", "extraction") {
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
    ctx: &mut Ctx,
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

fn parse_appraisals(ctx: &mut Ctx, item: &Item) -> Vec<Appraisal> {
    let tables: Vec<Table> = match item {
        Item::ArrayOfTables(a) => a.iter().cloned().collect(),
        Item::Value(Value::Array(a)) if a.iter().all(|v| v.as_inline_table().is_some()) => a
            .iter()
            .filter_map(|v| v.as_inline_table().map(|t| t.clone().into_table()))
            .collect(),
        other => {
            ctx.wrong_type(other, "appraisals", "an array of tables ([[appraisals]])");
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for t in &tables {
        let mut a = Appraisal::default();
        match get_str(ctx, t, "instrument", "an appraisal's instrument") {
            Some(i) => a.instrument = lf(i),
            None if t.get("instrument").is_none() => {
                ctx.fatal(t.span(), "every appraisal needs an `instrument`")
            }
            None => {}
        }
        a.reviewer = lf(get_str(ctx, t, "reviewer", "an appraisal's reviewer").unwrap_or(""));
        a.category = get_int(ctx, t, "category", "an appraisal's category");
        a.overall = get_str(ctx, t, "overall", "an appraisal's overall judgement").map(lf);
        a.comment = get_str(ctx, t, "comment", "an appraisal's comment").map(lf);
        if let Some(ans) = get_table(ctx, t, "answers", "answers") {
            for (key, item, _) in ans.entries() {
                match &item {
                    Item::Value(Value::String(s)) => a
                        .answers
                        .push((key.to_string(), Answer::Text(lf(s.value())))),
                    Item::Value(Value::Integer(i)) => {
                        a.answers.push((key.to_string(), Answer::Int(*i.value())))
                    }
                    other => {
                        ctx.wrong_type(other, &format!("answer {key}"), "a string or an integer")
                    }
                }
            }
        }
        out.push(a);
    }
    out
}

/// Multi-line text with "\n" line breaks: a multi-line string in a file
/// saved with Windows line endings holds "\r\n", which TOML lets a reader
/// normalise; the text then reads the same whichever way the file is saved.
/// Every string of a study goes through here, not only notes: the saver keeps
/// a file's CRLF endings, so any value it writes on several lines (a journal,
/// an extraction value, a judgement) must read back as it was saved.
pub(crate) fn lf(s: &str) -> String {
    s.replace("\r\n", "\n")
}

fn first_line(s: &str) -> String {
    inert_line(s.lines().next().unwrap_or(s).trim()).into_owned()
}

/// Converts a TOML item to JSON (dates become strings).
pub fn item_to_json(item: &Item) -> serde_json::Value {
    use serde_json::Value as J;
    match item {
        Item::None => J::Null,
        Item::Value(v) => value_to_json(v),
        Item::Table(t) => J::Object(
            t.iter()
                .map(|(k, v)| (k.to_string(), item_to_json(v)))
                .collect(),
        ),
        Item::ArrayOfTables(a) => J::Array(
            a.iter()
                .map(|t| {
                    J::Object(
                        t.iter()
                            .map(|(k, v)| (k.to_string(), item_to_json(v)))
                            .collect(),
                    )
                })
                .collect(),
        ),
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
