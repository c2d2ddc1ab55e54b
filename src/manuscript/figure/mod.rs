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

pub use appraisal::{Palette, appraisal_summary, traffic_light};
pub use prisma::prisma_flow;

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

/// A figure of `width` × `height` in `font` pixels, with its title (also
/// as the SVG's `<title>`) and a subtitle.
fn document((width, height, font): (usize, usize, usize), title: &str, subtitle: &str) -> Document {
    Document::new()
        .set("xmlns", "http://www.w3.org/2000/svg")
        .set("viewBox", (0, 0, width, height))
        .set("width", width)
        .set("height", height)
        .set("font-family", "Helvetica, Arial, sans-serif")
        .set("font-size", font)
        .add(Title::new(inert_line(title).into_owned()))
        .add(
            text(8, 22, title)
                .set("font-size", 15)
                .set("font-weight", "bold"),
        )
        .add(text(8, 42, subtitle))
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
    const LEFT: usize = 220;
    const HEAD: usize = 150;
    let width = LEFT + (m.cols.len() + 1) * CELL + 16;
    let height = HEAD + (m.rows.len() + 1) * CELL + 16;
    let max = m.cells.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    let mut doc = document(
        (width, height, 12),
        &m.title,
        &format!("{} studies, {} by {}", m.total, m.rows_by, m.cols_by),
    );
    let cx = |j: usize| LEFT + j * CELL + CELL / 2;
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
    // Each row's non-empty cells only (they come row by row): rows ×
    // columns places may be millions.
    let placed = m.placed();
    let mut next = placed.iter().peekable();
    for (i, r) in m.rows.iter().enumerate() {
        doc = doc.add(text(8, cy(i) + 4, &r.label)).add(text(
            cx(m.cols.len()) - 6,
            cy(i) + 4,
            &r.total.to_string(),
        ));
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
    doc.to_string()
}
