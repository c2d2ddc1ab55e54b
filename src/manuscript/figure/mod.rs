//! Figures for the manuscript as SVG, composed with the `svg` crate (which
//! escapes text and attributes); every text is made inert first, since XML
//! cannot hold control characters even escaped.

use svg::Document;
use svg::node::element::{Rectangle as Rect, Text, Title};

use svg::node::element::Circle;

use crate::manuscript::map::Map;
use crate::manuscript::tally::{Group, Tally};
use crate::text::inert_line;

mod appraisal;
mod prisma;

pub use appraisal::{Palette, appraisal_summary, percentages, traffic_light};
pub use prisma::{prisma_flow, prisma_flow_noted};

/// Okabe–Ito blue and sky blue: told apart with every colour vision.
const GROUP_FILL: &str = "#0072B2";
const CHILD_FILL: &str = "#56B4E9";
const ROW: usize = 24;
const LABEL_W: usize = 300;
const BAR_W: usize = 360;
const TOP: usize = 56;

fn text(x: usize, y: usize, s: &str) -> Text {
    Text::new(inert_line(s).into_owned())
        .set("x", x)
        .set("y", y)
}

/// Splits a box line into pieces of at most `max` characters at spaces
/// (a word longer than that is cut); continuation lines are indented.
pub(crate) fn wrap_line(line: &str, max: usize) -> Vec<String> {
    let indent = line.len() - line.trim_start().len();
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in line.split_whitespace() {
        let mut word = word.to_string();
        loop {
            let lead = if out.is_empty() { indent } else { indent + 2 };
            let room = max.saturating_sub(lead).max(8);
            let extra = if cur.is_empty() { 0 } else { 1 };
            if cur.chars().count() + extra + word.chars().count() <= room {
                if !cur.is_empty() {
                    cur.push(' ');
                }
                cur.push_str(&word);
                break;
            }
            if cur.is_empty() {
                // A word wider than the box: cut it.
                let head: String = word.chars().take(room).collect();
                word = word.chars().skip(room).collect();
                out.push(format!("{}{head}", " ".repeat(lead)));
                if word.is_empty() {
                    break;
                }
            } else {
                out.push(format!("{}{cur}", " ".repeat(lead)));
                cur.clear();
            }
        }
    }
    if !cur.is_empty() || out.is_empty() {
        let lead = if out.is_empty() { indent } else { indent + 2 };
        out.push(format!("{}{cur}", " ".repeat(lead)));
    }
    out
}

/// Pixels per character, on average, of Helvetica at `font` pixels (bold
/// a little wider): what a line of text needs across.
pub(crate) fn text_width(chars: usize, font: usize, bold: bool) -> usize {
    let per = if bold { 0.6 } else { 0.55 };
    (chars as f64 * font as f64 * per).ceil() as usize
}

/// A figure of `width` × `height` in `font` pixels, with its title (also
/// as the SVG's `<title>`) and a subtitle. A title or subtitle too long for
/// the width wraps onto more lines, never clipped: the lines go above the
/// figure's content (the view box grows upwards), so the content keeps the
/// places it was drawn at.
fn document((width, height, font): (usize, usize, usize), title: &str, subtitle: &str) -> Document {
    let fit = |font: usize, bold: bool| {
        let per = text_width(10, font, bold).max(1);
        (width.saturating_sub(16) * 10 / per).max(16)
    };
    let titles = wrap_line(&inert_line(title), fit(15, true));
    let subs = wrap_line(&inert_line(subtitle), fit(font, false));
    let (t_step, s_step) = (19, font + 4);
    let extra = titles.len().saturating_sub(1) * t_step + subs.len().saturating_sub(1) * s_step;
    let mut doc = Document::new()
        .set("xmlns", "http://www.w3.org/2000/svg")
        .set(
            "viewBox",
            format!("0 {} {width} {}", -(extra as i64), height + extra),
        )
        .set("width", width)
        .set("height", height + extra)
        .set("font-family", "Helvetica, Arial, sans-serif")
        .set("font-size", font)
        .add(Title::new(inert_line(title).into_owned()));
    // y may be negative above the content: the view box starts at -extra.
    let line = |y: i64, s: &str| {
        Text::new(s.trim_start().to_string())
            .set("x", 8)
            .set("y", y)
    };
    let sub_top = 42 - (subs.len().saturating_sub(1) * s_step) as i64;
    let title_top = sub_top - 20 - (titles.len().saturating_sub(1) * t_step) as i64;
    for (i, t) in titles.iter().enumerate() {
        doc = doc.add(
            line(title_top + (i * t_step) as i64, t)
                .set("font-size", 15)
                .set("font-weight", "bold"),
        );
    }
    for (i, s) in subs.iter().enumerate() {
        doc = doc.add(line(sub_top + (i * s_step) as i64, s));
    }
    doc
}

/// The tally as a horizontal bar chart: a bar per group (children indented,
/// lighter), its count and percentage after it.
pub fn tally_bars(t: &Tally) -> String {
    let mut rows: Vec<(usize, &Group)> = Vec::new();
    for g in &t.groups {
        rows.push((0, g));
        rows.extend(g.children.iter().map(|c| (1, c)));
        if let Some(o) = g.other.as_deref() {
            rows.push((1, o));
        }
    }
    let height = TOP + rows.len() * ROW + 16;
    let width = LABEL_W + BAR_W + 120;
    let max = rows.iter().map(|(_, g)| g.count).max().unwrap_or(0).max(1);
    let mut doc = document(
        (width, height, 13),
        &t.title,
        &format!("{}, by {}", t.scope(), t.by.name()),
    );
    for (i, (depth, g)) in rows.iter().enumerate() {
        let y = TOP + i * ROW;
        let len = g.count * BAR_W / max;
        let fill = if *depth == 0 { GROUP_FILL } else { CHILD_FILL };
        doc = doc
            .add(
                text(8 + depth * 16, y + 16, &g.label)
                    .set("font-weight", if *depth == 0 { "bold" } else { "normal" }),
            )
            .add(
                Rect::new()
                    .set("x", LABEL_W)
                    .set("y", y + 4)
                    .set("width", len.max(1))
                    .set("height", ROW - 8)
                    .set("fill", fill),
            )
            .add(text(
                LABEL_W + len + 6,
                y + 16,
                &format!("{} ({:.1}%)", g.count, g.percent),
            ));
    }
    doc.to_string()
}

/// The evidence map as a bubble grid: a circle per non-empty cell, its area
/// proportional to the count, the count beside it; the totals at the ends.
pub fn map_bubbles(m: &Map) -> String {
    const CELL: usize = 64;
    const HEAD: usize = 150;
    const NOTE_H: usize = 16;
    // As wide as the longest row label (children indented).
    let left = m
        .rows
        .iter()
        .map(|r| text_width(r.label.chars().count(), 12, true) + 16 * r.depth())
        .chain([text_width(5, 12, true)])
        .max()
        .unwrap_or(0)
        + 24;
    let width = left + (m.cols.len() + 1) * CELL + 16;
    let note_chars = (width.saturating_sub(16) * 10 / text_width(10, 12, false).max(1)).max(40);
    let notes: Vec<String> = m
        .notes()
        .iter()
        .flat_map(|n| wrap_line(n, note_chars))
        .collect();
    let grid_h = HEAD + (m.rows.len() + 1) * CELL + 16;
    let height = grid_h + notes.len() * NOTE_H;
    let max = m.cells.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    let mut doc = document(
        (width, height, 12),
        &m.title,
        &format!("{} studies, {} by {}", m.total, m.rows_by, m.cols_by),
    );
    let cx = |j: usize| left + j * CELL + CELL / 2;
    let cy = |i: usize| HEAD + i * CELL + CELL / 2;
    for (j, c) in m.cols.iter().enumerate() {
        let x = cx(j);
        doc = doc.add(
            text(x, HEAD - 8, &c.label).set("transform", format!("rotate(-45 {x} {})", HEAD - 8)),
        );
        doc = doc.add(text(x - 6, cy(m.rows.len()) + 4, &c.total.to_string()));
    }
    let last = m.cols.len();
    doc = doc
        .add(text(8, cy(m.rows.len()) + 4, "Total").set("font-weight", "bold"))
        .add(
            text(cx(last), HEAD - 8, "Total")
                .set("font-weight", "bold")
                .set(
                    "transform",
                    format!("rotate(-45 {} {})", cx(last), HEAD - 8),
                ),
        )
        .add(
            text(cx(last) - 6, cy(m.rows.len()) + 4, &m.total.to_string())
                .set("font-weight", "bold"),
        );
    let tree = m.rows.iter().any(|r| r.parent.is_some());
    // Each row's non-empty cells only (they come row by row): rows ×
    // columns places may be millions.
    let placed = m.placed();
    let mut next = placed.iter().peekable();
    for (i, r) in m.rows.iter().enumerate() {
        let weight = if tree && r.depth() == 0 {
            "bold"
        } else {
            "normal"
        };
        doc = doc
            .add(text(8 + 16 * r.depth(), cy(i) + 4, &r.label).set("font-weight", weight))
            .add(text(cx(m.cols.len()) - 6, cy(i) + 4, &r.total.to_string()));
        while let Some((_, j, cell)) = next.next_if(|(row, _, _)| *row == i) {
            let j = *j;
            // Area, not radius, follows the count.
            let radius =
                ((cell.count as f64 / max as f64).sqrt() * (CELL as f64 / 2.0 - 6.0)).max(3.0);
            doc = doc
                .add(
                    Circle::new()
                        .set("cx", cx(j))
                        .set("cy", cy(i))
                        .set("r", (radius * 10.0).round() / 10.0)
                        .set("fill", GROUP_FILL)
                        .set("fill-opacity", 0.75),
                )
                .add(
                    text(cx(j) - 4, cy(i) + 4, &cell.count.to_string())
                        .set("fill", "#ffffff")
                        .set("font-weight", "bold"),
                );
        }
    }
    // The notes every format carries: several tags per study, a design
    // group's row as the whole group.
    for (i, n) in notes.iter().enumerate() {
        doc = doc.add(text(8, grid_h + i * NOTE_H + 4, n.trim_start()));
    }
    doc.to_string()
}
