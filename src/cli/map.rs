//! `litrev map`: the evidence map, a cross-tabulation of two dimensions.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::{Fail, FilterArgs, emit, open, pad, select, width};
use crate::manuscript::cite::AuthorYears;
use crate::manuscript::map::{Dim, Map, map};
use crate::manuscript::render::{Table, json_text, markdown_cell};
use crate::model::CitationStyle;
use crate::text::inert_line;

/// Output formats of `litrev map`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Csv,
    Json,
    Html,
    /// A bubble grid for the manuscript.
    Svg,
}

/// Runs `litrev map`.
pub fn run(
    review: Option<&Path>,
    (rows, cols): (&str, &str),
    filter: &FilterArgs,
    format: Format,
    cite: Option<CitationStyle>,
) -> Result<ExitCode, Fail> {
    let loaded = open(review)?;
    let rows = Dim::parse(rows, &loaded.review).map_err(Fail::usage)?;
    let cols = Dim::parse(cols, &loaded.review).map_err(Fail::usage)?;
    let chosen = select(&loaded, filter)?;
    let studies: Vec<_> = chosen.iter().map(|e| &e.study).collect();
    let style = cite.unwrap_or(loaded.review.citation_style);
    let letters = AuthorYears::for_style(style, loaded.studies.iter().map(|e| &e.study));
    let mut m = map(&loaded.review, &studies, &rows, &cols).with_author_years(&letters);
    if let Some(style) = cite {
        m = m.with_style(style);
    }
    let drawn = !matches!(format, Format::Csv | Format::Json);
    if drawn && let Some(why) = m.too_large_to_draw() {
        return Err(Fail::usage(why));
    }
    let out = match format {
        Format::Text => text(&m),
        Format::Markdown => markdown(&m),
        Format::Csv => csv(&m)
            .csv()
            .map_err(|e| Fail::usage(format!("cannot write CSV: {e}")))?,
        Format::Json => {
            json_text(&m).map_err(|e| Fail::usage(format!("cannot write JSON: {e}")))?
        }
        Format::Html => html(&m),
        Format::Svg => format!("{}\n", crate::manuscript::figure::map_bubbles(&m)),
    };
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The grid as rows of cells: a header row, one row per row value with its
/// total, and a totals row. `cell` writes one cell; `child` marks a child
/// row's label (indent or arrow) under its design group.
fn grid(m: &Map, cell: impl Fn(&Map, &str, &str) -> String, child: &str) -> Vec<Vec<String>> {
    let mut head = vec![format!("{} \\ {}", m.rows_by, m.cols_by)];
    head.extend(m.cols.iter().map(|c| {
        if c.depth() > 0 {
            format!("{child}{}", c.label)
        } else {
            c.label.clone()
        }
    }));
    head.push("Total".into());
    let mut out = vec![head];
    for r in &m.rows {
        let label = if r.depth() > 0 {
            format!("{child}{}", r.label)
        } else {
            r.label.clone()
        };
        let mut row = vec![label];
        row.extend(m.cols.iter().map(|c| cell(m, &r.key, &c.key)));
        row.push(r.total.to_string());
        out.push(row);
    }
    let mut total = vec!["Total".to_string()];
    total.extend(m.cols.iter().map(|c| c.total.to_string()));
    total.push(m.total.to_string());
    out.push(total);
    out
}

fn count(m: &Map, r: &str, c: &str) -> String {
    m.cell(r, c)
        .map(|c| c.count.to_string())
        .unwrap_or_default()
}

fn with_citation(m: &Map, r: &str, c: &str) -> String {
    m.cell(r, c).map(|c| m.cell_text(c)).unwrap_or_default()
}

fn text(m: &Map) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", inert_line(&m.title));
    let _ = writeln!(
        s,
        "{} {}, {} by {}\n",
        m.total,
        if m.total == 1 { "study" } else { "studies" },
        inert_line(&m.rows_by),
        inert_line(&m.cols_by)
    );
    let rows: Vec<Vec<String>> = grid(m, count, "  ")
        .into_iter()
        .map(|r| r.iter().map(|c| inert_line(c).into_owned()).collect())
        .collect();
    let n = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..n)
        .map(|i| rows.iter().map(|r| width(&r[i])).max().unwrap_or(0))
        .collect();
    for r in &rows {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                if i == 0 {
                    pad(c, *w)
                } else {
                    format!("{}{c}", " ".repeat(w - width(c)))
                }
            })
            .collect();
        let _ = writeln!(s, "{}", line.join("  ").trim_end());
    }
    s.push('\n');
    for (r, c, cell) in m.placed() {
        if cell.citation.is_empty() {
            continue;
        }
        let _ = writeln!(
            s,
            "{} × {}: {}",
            inert_line(&m.rows[r].label),
            inert_line(&m.cols[c].label),
            inert_line(&cell.citation)
        );
    }
    if let Some(n) = m.note() {
        let _ = writeln!(s, "\n{n}");
    }
    s
}

pub(crate) fn markdown(m: &Map) -> String {
    let g = grid(m, with_citation, "↳ ");
    let mut t = Table::new(g[0].clone());
    for i in 1..g[0].len() {
        t = t.right(i);
    }
    for r in &g[1..] {
        t.push(r.clone());
    }
    let mut s = format!("**{}**\n\n", markdown_cell(&m.title));
    s.push_str(&t.markdown());
    if let Some(n) = m.note() {
        let _ = writeln!(s, "\n{n}");
    }
    s
}

/// One line per non-empty cell, then the totals: the long form a
/// spreadsheet pivots.
pub(crate) fn csv(m: &Map) -> Table {
    // A design group's row holds its children's studies too: `row_parent`
    // and `col_parent` name the group of a child, so a pivot can sum the
    // groups alone or the children alone.
    let mut t = Table::new([
        "row",
        "row_label",
        "col",
        "col_label",
        "count",
        "refs",
        "ids",
        "citation",
        "row_parent",
        "col_parent",
    ]);
    // One line per cell, its labels found through the positions: not a
    // search of the axes per cell (10 000 designs × 10 000 tags).
    let axis =
        |a: &crate::manuscript::map::Axis| (a.label.clone(), a.parent.clone().unwrap_or_default());
    for (r, col, c) in m.placed() {
        let refs: Vec<String> = c.refs.iter().map(|r| r.to_string()).collect();
        let (row_label, row_parent) = axis(&m.rows[r]);
        let (col_label, col_parent) = axis(&m.cols[col]);
        t.push(vec![
            c.row.clone(),
            row_label,
            c.col.clone(),
            col_label,
            c.count.to_string(),
            refs.join(" "),
            c.ids.join(" "),
            c.citation.clone(),
            row_parent,
            col_parent,
        ]);
    }
    t
}

/// HTML-escapes untrusted text (and makes it inert).
fn esc(s: &str) -> String {
    let mut out = String::new();
    for ch in inert_line(s).chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A small stylesheet: readable in any browser, printable, with the
/// group rows set apart from their indented children.
const HTML_STYLE: &str =
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem;color:#222}
table.evidence-map{border-collapse:collapse;font-size:0.9rem}
caption{font-weight:bold;text-align:left;margin-bottom:0.5rem}
th,td{border:1px solid #ccc;padding:0.3rem 0.5rem;vertical-align:top}
thead th{background:#f3f3f3}
td{text-align:right;white-space:nowrap}
th[scope=row]{text-align:left;font-weight:normal}
tr.group th[scope=row]{font-weight:bold}
tr.child th[scope=row]{padding-left:1.5rem}
tr.total th,tr.total td,td.total{font-weight:bold;background:#fafafa}
p.note{max-width:50rem;font-size:0.85rem;color:#555}";

/// The map as a standalone HTML page: a charset, a title and the small
/// stylesheet above, so it opens readable in a browser as it is.
fn html(m: &Map) -> String {
    let g = grid(m, with_citation, "");
    let mut s =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(s, "<title>{}</title>", esc(&m.title));
    let _ = writeln!(s, "<style>\n{HTML_STYLE}\n</style>\n</head>\n<body>");
    s.push_str("<table class=\"evidence-map\">\n");
    let _ = writeln!(
        s,
        "<caption>{}<br><small>{} {}, {} by {}</small></caption>",
        esc(&m.title),
        m.total,
        if m.total == 1 { "study" } else { "studies" },
        esc(&m.rows_by),
        esc(&m.cols_by)
    );
    let last = g.len().saturating_sub(1);
    for (i, r) in g.iter().enumerate() {
        if i == 0 {
            s.push_str("<thead>\n<tr>");
        } else if i == 1 {
            s.push_str("<tbody>\n");
        }
        let class = match i {
            0 => "",
            i if i == last => " class=\"total\"",
            i => match m.rows.get(i - 1) {
                Some(a) if a.depth() > 0 => " class=\"child\"",
                Some(_) if m.rows.iter().any(|c| c.parent.is_some()) => " class=\"group\"",
                _ => "",
            },
        };
        if i > 0 {
            let _ = write!(s, "<tr{class}>");
        }
        let cols = r.len();
        for (j, c) in r.iter().enumerate() {
            let (tag, scope) = match (i, j) {
                (0, _) => ("th", " scope=\"col\""),
                (_, 0) => ("th", " scope=\"row\""),
                _ if j + 1 == cols => ("td", " class=\"total\""),
                _ => ("td", ""),
            };
            let _ = write!(s, "<{tag}{scope}>{}</{tag}>", esc(c));
        }
        s.push_str("</tr>\n");
        if i == 0 {
            s.push_str("</thead>\n");
        }
    }
    s.push_str("</tbody>\n</table>\n");
    for n in m.notes() {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", esc(&n));
    }
    s.push_str("</body>\n</html>\n");
    s
}
