//! Reading the `[prisma]` table, every count with where it was written.

use toml_edit::{Item, Value};

use crate::model::prisma::*;
use crate::store::parse::located::{Reader, TableLike, describe};
use crate::text::inert_line;

fn table_like(item: &Item) -> Option<TableLike<'_>> {
    match item {
        Item::Table(t) => Some(TableLike::Table(t)),
        Item::Value(Value::InlineTable(t)) => Some(TableLike::Inline(t)),
        _ => None,
    }
}

fn count(ctx: &mut Reader, item: &Item, what: &str) -> Option<Count> {
    let (line, col) = ctx.position(item.span());
    match item.as_integer() {
        Some(n) if n >= 0 => Some(Count {
            n: n as u64,
            line,
            col,
        }),
        Some(n) => {
            ctx.at(
                item.span(),
                format!("{what} must be a number of records, 0 or more, found {n}"),
            );
            None
        }
        None => {
            ctx.at(
                item.span(),
                format!(
                    "{what} must be a whole number (of records), found {}",
                    describe(item)
                ),
            );
            None
        }
    }
}

/// A table of name = count, in file order.
fn named(ctx: &mut Reader, item: &Item, what: &str) -> Vec<Named> {
    let Some(t) = table_like(item) else {
        ctx.at(
            item.span(),
            format!(
                "{what} must be a table of name = count (e.g. {what} = {{ MEDLINE = 412 }}), found {}",
                describe(item)
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, v, _) in t.entries() {
        if name.trim().is_empty() {
            ctx.at(v.span(), format!("{what} has an entry without a name"));
            continue;
        }
        if let Some(c) = count(ctx, &v, &format!("{what}.\"{}\"", inert_line(name))) {
            out.push(Named {
                name: name.to_string(),
                count: c,
            });
        }
    }
    out
}

/// Where `key` itself is written in `t` (else where its value is).
fn key_span(
    t: &TableLike,
    key: &str,
    value: Option<std::ops::Range<usize>>,
) -> Option<std::ops::Range<usize>> {
    let k = match t {
        TableLike::Table(t) => t.key(key).and_then(|k| k.span()),
        TableLike::Inline(t) => t.key(key).and_then(|k| k.span()),
    };
    k.or(value)
}

/// Reads `[prisma]`, reporting wrong types and unknown keys (as errors
/// that leave the rest of the review usable).
pub fn parse(ctx: &mut Reader, item: &Item) -> Option<Prisma> {
    let Some(t) = table_like(item) else {
        ctx.at(
            item.span(),
            format!(
                "prisma must be a table ([prisma]), found {}",
                describe(item)
            ),
        );
        return None;
    };
    let (line, col) = ctx.position(item.span());
    let mut p = Prisma {
        line,
        col,
        ..Prisma::default()
    };
    for (key, v, span) in t.entries() {
        let what = format!("prisma.{key}");
        match key {
            "databases" => p.databases = named(ctx, &v, &what),
            "registers" => p.registers = named(ctx, &v, &what),
            "reports_excluded" => p.reports_excluded = named(ctx, &v, &what),
            "duplicates_removed" => p.duplicates_removed = count(ctx, &v, &what),
            "automation_removed" => p.automation_removed = count(ctx, &v, &what),
            "other_removed" => p.other_removed = count(ctx, &v, &what),
            "records_screened" => p.records_screened = count(ctx, &v, &what),
            "records_excluded" => p.records_excluded = count(ctx, &v, &what),
            "reports_sought" => p.reports_sought = count(ctx, &v, &what),
            "reports_not_retrieved" => p.reports_not_retrieved = count(ctx, &v, &what),
            "reports_assessed" => p.reports_assessed = count(ctx, &v, &what),
            "studies_included" => p.studies_included = count(ctx, &v, &what),
            "reports_included" => p.reports_included = count(ctx, &v, &what),
            "other_methods" => p.other_methods = other_methods(ctx, &v),
            "previous" => p.previous = previous(ctx, &v),
            "note" => {
                if v.as_str().is_none() {
                    ctx.at(
                        span,
                        format!("prisma.note must be a string, found {}", describe(&v)),
                    );
                }
            }
            other => ctx.at(
                key_span(&t, other, span),
                format!(
                    "prisma.{} is not a PRISMA count: expected one of {}",
                    inert_line(other),
                    KEYS.join(", ")
                ),
            ),
        }
    }
    Some(p)
}

fn previous(ctx: &mut Reader, item: &Item) -> Option<Previous> {
    let Some(t) = table_like(item) else {
        ctx.at(
            item.span(),
            format!(
                "prisma.previous must be a table ([prisma.previous]), found {}",
                describe(item)
            ),
        );
        return None;
    };
    let mut p = Previous::default();
    for (key, v, span) in t.entries() {
        let what = format!("prisma.previous.{key}");
        match key {
            "studies" => p.studies = count(ctx, &v, &what),
            "reports" => p.reports = count(ctx, &v, &what),
            other => ctx.at(
                key_span(&t, other, span),
                format!(
                    "prisma.previous.{} is not a PRISMA count: expected studies or reports",
                    inert_line(other)
                ),
            ),
        }
    }
    Some(p)
}

fn other_methods(ctx: &mut Reader, item: &Item) -> Option<OtherMethods> {
    let Some(t) = table_like(item) else {
        ctx.at(
            item.span(),
            format!(
                "prisma.other_methods must be a table ([prisma.other_methods]), found {}",
                describe(item)
            ),
        );
        return None;
    };
    let mut o = OtherMethods::default();
    for (key, v, span) in t.entries() {
        let what = format!("prisma.other_methods.{key}");
        match key {
            "sources" => o.sources = named(ctx, &v, &what),
            "reports_excluded" => o.reports_excluded = named(ctx, &v, &what),
            "reports_sought" => o.reports_sought = count(ctx, &v, &what),
            "reports_not_retrieved" => o.reports_not_retrieved = count(ctx, &v, &what),
            "reports_assessed" => o.reports_assessed = count(ctx, &v, &what),
            other => ctx.at(
                key_span(&t, other, span),
                format!(
                    "prisma.other_methods.{} is not a PRISMA count: expected one of {}",
                    inert_line(other),
                    OTHER_KEYS.join(", ")
                ),
            ),
        }
    }
    Some(o)
}
