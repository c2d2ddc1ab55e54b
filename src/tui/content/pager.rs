//! What a pager says: help, the problems list, a conflict side by side.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use similar::{Algorithm, DiffTag, capture_diff_slices};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::text::{inert_line, inert_multiline};

use super::super::action::Action;
use super::super::app::{App, Mode, PagerKind};
use super::super::layout::{fit, width, wrap};

/// The first line of each problem in the problems list laid out for `w`
/// columns, for keeping the cursor's problem in view.
pub fn problem_starts(app: &App, w: usize) -> Vec<usize> {
    let mut at = 0;
    app.session()
        .problems()
        .iter()
        .map(|p| {
            let start = at;
            at += wrap(&inert_line(&p.to_string()), w, "    ").len();
            start
        })
        .collect()
}

/// The pager's title and lines, laid out for `w` columns.
pub fn content<'a>(app: &App, kind: &PagerKind, w: usize) -> (String, Vec<Line<'a>>) {
    let t = &app.theme;
    match kind {
        PagerKind::Help(mode) => (" Help ".into(), super::help::lines(app, *mode, w)),
        PagerKind::Problems => {
            // Wrapped here, so that scrolling counts real rows; the problem
            // under the cursor is marked (Enter opens its study).
            let cursor = app.pager().map_or(0, |p| p.cursor);
            let mut v: Vec<Line> = app
                .session()
                .problems()
                .iter()
                .enumerate()
                .flat_map(|(i, p)| {
                    let style = if i == cursor {
                        t.selected
                    } else {
                        Style::new()
                    };
                    wrap(&inert_line(&p.to_string()), w, "    ")
                        .into_iter()
                        .map(move |l| Line::styled(l, style))
                })
                .collect();
            if !app.session.broken().is_empty() {
                v.push(Line::raw(""));
                let key = app.key(Mode::Pager, &Action::Refresh);
                v.push(Line::styled(
                    format!("Not loaded (fix them, then press {key} to read the review again):"),
                    t.label,
                ));
                for b in app.session.broken() {
                    v.push(Line::raw(format!(
                        "  {}",
                        inert_line(&b.display().to_string())
                    )));
                }
            }
            (format!(" Problems ({}) ", app.session.problems().len()), v)
        }
        PagerKind::History { id, lines } => (
            format!(" studies/{}.toml: history ", inert_line(id)),
            lines
                .iter()
                .flat_map(|l| wrap(&inert_line(l), w, "    "))
                .map(Line::raw)
                .collect(),
        ),
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

/// The row of a "show both" pager laid out for `w` columns (its header row
/// counted) where mine and theirs first differ: the pager opens there.
pub fn first_difference(mine: &str, theirs: &str, w: usize) -> Option<usize> {
    let half = w.saturating_sub(3) / 2;
    let mine = inert_multiline(mine);
    let theirs = inert_multiline(theirs);
    let a: Vec<&str> = mine.lines().collect();
    let b: Vec<&str> = theirs.lines().collect();
    let mut row = 1;
    for (l, r) in align(&a, &b) {
        if l != r {
            return Some(row);
        }
        let n = chunks(l.unwrap_or(""), half)
            .len()
            .max(chunks(r.unwrap_or(""), half).len());
        row += n;
    }
    None
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
/// each other (a line diff), and the lines that differ between them are
/// paired in order, so that a line added on one side does not shift every
/// line below it out of step.
fn align<'s>(a: &[&'s str], b: &[&'s str]) -> Vec<(Option<&'s str>, Option<&'s str>)> {
    let mut out = Vec::new();
    // The lines of each side since the last equal run.
    let (mut gap_a, mut gap_b) = (0..0, 0..0);
    let flush = |out: &mut Vec<_>, ga: &Range<usize>, gb: &Range<usize>| {
        for k in 0..ga.len().max(gb.len()) {
            out.push((a[ga.clone()].get(k).copied(), b[gb.clone()].get(k).copied()));
        }
    };
    for op in capture_diff_slices(Algorithm::Myers, a, b) {
        let (tag, old, new) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            flush(&mut out, &gap_a, &gap_b);
            out.extend(old.zip(new).map(|(i, j)| (Some(a[i]), Some(b[j]))));
            (gap_a, gap_b) = (0..0, 0..0);
        } else {
            // Ops come in order, so a gap only grows at its end.
            gap_a = if gap_a.is_empty() {
                old
            } else {
                gap_a.start..old.end
            };
            gap_b = if gap_b.is_empty() {
                new
            } else {
                gap_b.start..new.end
            };
        }
    }
    flush(&mut out, &gap_a, &gap_b);
    out
}
