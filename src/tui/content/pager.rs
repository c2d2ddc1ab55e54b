//! What a pager says: help, the problems list, a conflict side by side.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::text::{inert_line, inert_multiline};

use super::super::app::{App, PagerKind};
use super::super::layout::{fit, width, wrap};

/// The pager's title and lines, laid out for `w` columns.
pub fn content<'a>(app: &App, kind: &PagerKind, w: usize) -> (String, Vec<Line<'a>>) {
    let t = &app.theme;
    match kind {
        PagerKind::Help(mode) => (" Help ".into(), super::help::lines(app, *mode, w)),
        PagerKind::Problems => {
            // Wrapped here, so that scrolling counts real rows.
            let mut v: Vec<Line> = app
                .problems
                .iter()
                .flat_map(|p| wrap(&inert_line(&p.to_string()), w, "    "))
                .map(Line::raw)
                .collect();
            if !app.broken.is_empty() {
                v.push(Line::raw(""));
                v.push(Line::styled(
                    "Not loaded (fix them, then reopen litrev):",
                    t.label,
                ));
                for b in &app.broken {
                    v.push(Line::raw(format!(
                        "  {}",
                        inert_line(&b.display().to_string())
                    )));
                }
            }
            (format!(" Problems ({}) ", app.problems.len()), v)
        }
        PagerKind::Compare { id, mine, theirs } => {
            let half = w.saturating_sub(3) / 2;
            let mine = inert_multiline(mine);
            let theirs = inert_multiline(theirs);
            let a: Vec<&str> = mine.lines().collect();
            let b: Vec<&str> = theirs.lines().collect();
            let mut v = vec![Line::from(vec![
                Span::styled(
                    format!("{:<half$}", fit("Mine (what litrev would write)", half)),
                    t.title,
                ),
                Span::styled(" │ ", t.border),
                Span::styled(fit("On disk now (theirs)", half), t.title),
            ])];
            for (l, r) in align(&a, &b) {
                let style = if l == r { Style::new() } else { t.warning };
                // Long lines wrap: the difference may be at their end.
                let lw = chunks(l.unwrap_or(""), half);
                let rw = chunks(r.unwrap_or(""), half);
                for k in 0..lw.len().max(rw.len()) {
                    let lf = lw.get(k).map(String::as_str).unwrap_or("");
                    let rf = rw.get(k).map(String::as_str).unwrap_or("");
                    let pad = half.saturating_sub(width(lf));
                    v.push(Line::from(vec![
                        Span::styled(lf.to_string(), style),
                        Span::raw(" ".repeat(pad)),
                        Span::styled(" │ ", t.border),
                        Span::styled(rf.to_string(), style),
                    ]));
                }
            }
            (
                format!(" studies/{}.toml: mine and theirs ", inert_line(id)),
                v,
            )
        }
    }
}

/// `s` cut into pieces of at most `w` columns (grapheme and width aware;
/// every character kept, spaces included).
fn chunks(s: &str, w: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut used = 0;
    for g in s.graphemes(true) {
        let gw = g.width();
        if used + gw > w && used > 0 {
            out.push(String::new());
            used = 0;
        }
        if let Some(last) = out.last_mut() {
            last.push_str(g);
        }
        used += gw;
    }
    out
}

/// Pairs the lines of two texts for reading side by side: equal lines face
/// each other (a longest common subsequence), and the lines that differ
/// between them are paired in order, so that a line added on one side does
/// not shift every line below it out of step.
fn align<'s>(a: &[&'s str], b: &[&'s str]) -> Vec<(Option<&'s str>, Option<&'s str>)> {
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > 4_000_000 {
        return (0..n.max(m))
            .map(|i| (a.get(i).copied(), b.get(i).copied()))
            .collect();
    }
    // common[i * (m + 1) + j]: the longest common subsequence of a[i..], b[j..].
    let at = |i: usize, j: usize| i * (m + 1) + j;
    let mut common = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            common[at(i, j)] = if a[i] == b[j] {
                common[at(i + 1, j + 1)] + 1
            } else {
                common[at(i + 1, j)].max(common[at(i, j + 1)])
            };
        }
    }
    let mut out = Vec::new();
    let (mut gap_a, mut gap_b): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let flush = |out: &mut Vec<_>, ga: &mut Vec<&'s str>, gb: &mut Vec<&'s str>| {
        for k in 0..ga.len().max(gb.len()) {
            out.push((ga.get(k).copied(), gb.get(k).copied()));
        }
        ga.clear();
        gb.clear();
    };
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            flush(&mut out, &mut gap_a, &mut gap_b);
            out.push((Some(a[i]), Some(b[j])));
            i += 1;
            j += 1;
        } else if j < m && (i == n || common[at(i, j + 1)] >= common[at(i + 1, j)]) {
            gap_b.push(b[j]);
            j += 1;
        } else {
            gap_a.push(a[i]);
            i += 1;
        }
    }
    flush(&mut out, &mut gap_a, &mut gap_b);
    out
}
