//! `litrev tally`: counts per design, year, tag, appraisal or field.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::{
    Fail, FilterArgs, Paint, colour_stdout, emit, in_conflict, note, open_for_counting, open_with,
    pad, select, width,
};
use crate::manuscript::cite::AuthorYears;
use crate::manuscript::render::{Table, json_text, markdown_cell};
use crate::manuscript::tally::{By, Group, Tally, tally_in};
use crate::model::CitationStyle;
use crate::text::inert_line;

/// Output formats of `litrev tally`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Prose,
    Markdown,
    Csv,
    Json,
    /// A bar chart for the manuscript.
    Svg,
}

/// Runs `litrev tally`.
pub fn run(
    review: Option<&Path>,
    by: &str,
    filter: &FilterArgs,
    format: Format,
    cite: Option<CitationStyle>,
) -> Result<ExitCode, Fail> {
    // Only a tally by appraisal and the `--appraisal` filter read the
    // studies' appraisals: the others load without them (each is still
    // checked, and its problems warned about).
    let appraisals = by == "appraisal" || !filter.appraisal.is_empty();
    // Without a search the studies keep only what counting and citing
    // read (a search reads the journal, notes and keywords too).
    let searched = filter
        .search
        .as_deref()
        .is_some_and(|q| !q.trim().is_empty());
    let loaded = if searched {
        open_with(review, appraisals)?
    } else {
        open_for_counting(review, appraisals)?
    };
    let by = By::parse(by, &loaded.review).map_err(Fail::usage)?;
    debug_assert!(appraisals || by != By::Appraisal);
    let chosen = select(&loaded, filter)?;
    // A study in a merge conflict is counted nowhere, and said so.
    let conflicts = in_conflict(&loaded);
    let studies: Vec<_> = chosen
        .iter()
        .map(|e| &e.study)
        .filter(|s| !conflicts.contains(&s.id))
        .collect();
    let style = cite.unwrap_or(loaded.review.citation_style);
    let letters = AuthorYears::for_style(style, loaded.studies.iter().map(|e| &e.study));
    let counted = loaded
        .studies
        .iter()
        .filter(|e| !conflicts.contains(&e.study.id))
        .count();
    let mut t = tally_in(style, &loaded.review, &studies, &by, counted).with_author_years(&letters);
    t.in_conflict = conflicts.into_iter().collect();
    let out = match format {
        Format::Text => text(&t, Paint(colour_stdout())),
        Format::Prose => {
            // The sentence alone on stdout, ready to paste; notes about the
            // data on stderr.
            for n in t.notes() {
                note(&format!("note: {}", inert_line(&n)));
            }
            format!("{}\n", inert_line(&t.prose()))
        }
        Format::Markdown => markdown(&t),
        Format::Csv => csv(&t)
            .csv()
            .map_err(|e| Fail::usage(format!("cannot write CSV: {e}")))?,
        Format::Json => {
            json_text(&t).map_err(|e| Fail::usage(format!("cannot write JSON: {e}")))?
        }
        Format::Svg => format!("{}\n", crate::manuscript::figure::tally_bars(&t)),
    };
    emit(&out)?;
    // The process ends here: freeing 100 000 studies one string at a time
    // would take about a tenth of the command's time, for nothing.
    std::mem::forget(t);
    std::mem::forget(letters);
    std::mem::forget(studies);
    std::mem::forget(chosen);
    std::mem::forget(loaded);
    Ok(ExitCode::SUCCESS)
}

/// Rows of the tally as (depth, group), "other" remainders included.
fn rows(t: &Tally) -> Vec<(usize, &Group)> {
    let mut out = Vec::new();
    for g in &t.groups {
        out.push((0, g));
        for c in &g.children {
            out.push((1, c));
        }
        if let Some(o) = &g.other {
            out.push((1, o.as_ref()));
        }
    }
    out
}

fn text(t: &Tally, paint: Paint) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", paint.bold(&inert_line(&t.title)));
    // `by` may be a field key from review.toml: untrusted text.
    let _ = writeln!(s, "{}, by {}", t.scope(), inert_line(t.by.name()));
    s.push('\n');
    let rows = rows(t);
    let labels: Vec<String> = rows
        .iter()
        .map(|(d, g)| format!("{}{}", "  ".repeat(*d), inert_line(&g.label)))
        .collect();
    let lw = labels.iter().map(|l| width(l)).max().unwrap_or(0);
    let nw = t.total.to_string().len();
    let counts: Vec<String> = rows
        .iter()
        .map(|(_, g)| format!("{:>nw$} of {} ({:.1}%)", g.count, t.total, g.percent))
        .collect();
    let cw = counts.iter().map(|c| width(c)).max().unwrap_or(0);
    for (((depth, g), label), count) in rows.iter().zip(&labels).zip(&counts) {
        let label = pad(label, lw);
        let label = if *depth == 0 {
            paint.bold(&label)
        } else {
            label
        };
        let line = format!("{label}  {}  {}", pad(count, cw), paint.dim(&g.citation));
        let _ = writeln!(s, "{}", line.trim_end());
    }
    if !t.notes().is_empty() {
        s.push('\n');
    }
    for n in t.notes() {
        let _ = writeln!(s, "{}", inert_line(&n));
    }
    s
}

pub(crate) fn markdown(t: &Tally) -> String {
    let mut s = String::new();
    // `by` may be a field key from review.toml: untrusted text.
    let by = markdown_cell(t.by.name());
    let _ = writeln!(
        s,
        "**{}** — {}, by {by}\n",
        markdown_cell(&t.title),
        t.scope()
    );
    let head = match &t.by {
        By::Design => "Design".to_string(),
        other => {
            let mut c = other.name().chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    };
    let mut table = Table::new([head.as_str(), "n", "%", "References"])
        .right(1)
        .right(2);
    for (depth, g) in rows(t) {
        let label = if depth == 0 {
            g.label.clone()
        } else {
            format!("↳ {}", g.label)
        };
        table.push(vec![
            label,
            g.count.to_string(),
            format!("{:.1}", g.percent),
            g.citation.clone(),
        ]);
    }
    s.push_str(&table.markdown());
    let _ = writeln!(s, "| **Total** | **{}** | | |", t.total);
    for n in t.notes() {
        let _ = writeln!(s, "\n{}", markdown_cell(&n));
    }
    s
}

/// Every row of the tally, children after their group, for CSV.
pub(crate) fn csv(t: &Tally) -> Table {
    let mut table = Table::new([
        "level", "parent", "key", "label", "count", "percent", "citation",
    ]);
    for g in &t.groups {
        let row = |level: &str, parent: &str, c: &Group| {
            vec![
                level.to_string(),
                parent.to_string(),
                c.key.clone(),
                c.label.clone(),
                c.count.to_string(),
                format!("{:.1}", c.percent),
                c.citation.clone(),
            ]
        };
        table.push(row("group", "", g));
        let kids = g.children.iter().map(|c| ("child", c));
        let other = g.other.iter().map(|o| ("other", o.as_ref()));
        for (level, c) in kids.chain(other) {
            table.push(row(level, &g.key, c));
        }
    }
    table
}
