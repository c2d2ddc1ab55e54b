//! Reading `review.toml`: its title, designs, fields and PRISMA block,
//! every problem located at file:line:col.

use std::path::Path;

use toml_edit::{Item, Value};

use crate::model::*;
use crate::store::parse::located::{Reader, describe, parse_document};
use crate::text::inert_line;
use crate::text::problem::Problem;

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
