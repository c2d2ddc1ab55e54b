//! Figures for the manuscript as SVG, composed with the `svg` crate (which
//! escapes text and attributes); every text is made inert first, since XML
//! cannot hold control characters even escaped.

use svg::Document;
use svg::node::element::{Rectangle as Rect, Text, Title};

use svg::node::element::Circle;

use super::map::Map;
use super::tally::{Group, Tally};
use crate::text::inert_line;

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
    for (i, r) in m.rows.iter().enumerate() {
        doc = doc.add(text(8, cy(i) + 4, &r.label)).add(text(
            cx(m.cols.len()) - 6,
            cy(i) + 4,
            &r.total.to_string(),
        ));
        for (j, c) in m.cols.iter().enumerate() {
            let Some(cell) = m.cell(&r.key, &c.key) else {
                continue;
            };
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

/// Splits a box line into pieces of at most `max` characters at spaces
/// (a word longer than that is cut); continuation lines are indented.
fn wrap_line(line: &str, max: usize) -> Vec<String> {
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

/// The PRISMA 2020 flow diagram: the identification, screening and
/// included bands down the left, a box per count of the template, arrows
/// between them; the other-methods column to the right when given.
pub fn prisma_flow(p: &super::prisma::Prisma, title: &str) -> String {
    use svg::node::element::{Line, Polygon};
    const BOX_W: usize = 340;
    const GAP: usize = 56;
    const LINE_H: usize = 15;
    const PAD: usize = 8;
    const ROW_GAP: usize = 40;
    const LEFT: usize = 52;
    const MAX_CHARS: usize = 58;
    let b = p.boxes();
    let wrap =
        |v: &[String]| -> Vec<String> { v.iter().flat_map(|l| wrap_line(l, MAX_CHARS)).collect() };
    let one = |s: &str| wrap(&[s.to_string()]);
    // Rows of (left box, right box) per column.
    let main: [(Vec<String>, Option<Vec<String>>); 5] = [
        (wrap(&b.identified), Some(wrap(&b.removed))),
        (one(&b.screened), Some(one(&b.records_excluded))),
        (one(&b.sought), Some(one(&b.not_retrieved))),
        (one(&b.assessed), Some(wrap(&b.reports_excluded))),
        (wrap(&b.included), None),
    ];
    let other: Option<[Option<(Vec<String>, Option<Vec<String>>)>; 5]> =
        b.other.as_ref().map(|o| {
            [
                Some((wrap(&o.identified), None)),
                None,
                Some((one(&o.sought), Some(one(&o.not_retrieved)))),
                Some((one(&o.assessed), Some(wrap(&o.reports_excluded)))),
                None,
            ]
        });
    let box_h = |lines: usize| lines * LINE_H + 2 * PAD;
    let heights: Vec<usize> = (0..5)
        .map(|i| {
            let (l, r) = &main[i];
            let mut m = l.len().max(r.as_ref().map_or(0, Vec::len));
            if let Some(Some((l, r))) = other.as_ref().map(|o| &o[i]) {
                m = m.max(l.len()).max(r.as_ref().map_or(0, Vec::len));
            }
            // The "Included" band's name needs room beside it.
            if i == 4 { box_h(m).max(84) } else { box_h(m) }
        })
        .collect();
    let head_y = 58;
    let top = head_y + 28 + 20;
    let mut ys = Vec::with_capacity(5);
    let mut y = top;
    for h in &heights {
        ys.push(y);
        y += h + ROW_GAP;
    }
    let height = y - ROW_GAP + 16;
    let col_w = 2 * BOX_W + GAP;
    let other_x = LEFT + col_w + 2 * GAP;
    let width = if other.is_some() {
        other_x + col_w + 16
    } else {
        LEFT + col_w + 16
    };
    let mut doc = document(
        (width, height, 11),
        &format!("PRISMA 2020 flow diagram: {title}"),
        "Identification, screening and inclusion of studies",
    );
    let rect = |x: usize, y: usize, w: usize, h: usize, fill: &str| {
        Rect::new()
            .set("x", x)
            .set("y", y)
            .set("width", w)
            .set("height", h)
            .set("fill", fill.to_string())
            .set("stroke", "#000000")
            .set("stroke-width", 1)
    };
    let boxed = |doc: Document, x: usize, y: usize, h: usize, lines: &[String]| {
        let mut doc = doc.add(rect(x, y, BOX_W, h, "#ffffff"));
        for (i, l) in lines.iter().enumerate() {
            let indent = l.len() - l.trim_start().len();
            doc = doc.add(text(
                x + PAD + indent * 5,
                y + PAD + 11 + i * LINE_H,
                l.trim_start(),
            ));
        }
        doc
    };
    let arrow = |doc: Document, (x1, y1): (usize, usize), (x2, y2): (usize, usize)| {
        let (x2f, y2f) = (x2 as f64, y2 as f64);
        // The head points the way the last segment goes.
        let head = if y1 == y2 {
            let d = if x2 > x1 { -8.0 } else { 8.0 };
            format!(
                "{x2f},{y2f} {},{} {},{}",
                x2f + d,
                y2f - 4.0,
                x2f + d,
                y2f + 4.0
            )
        } else {
            let d = if y2 > y1 { -8.0 } else { 8.0 };
            format!(
                "{x2f},{y2f} {},{} {},{}",
                x2f - 4.0,
                y2f + d,
                x2f + 4.0,
                y2f + d
            )
        };
        doc.add(
            Line::new()
                .set("x1", x1)
                .set("y1", y1)
                .set("x2", x2)
                .set("y2", y2)
                .set("stroke", "#000000")
                .set("stroke-width", 1.2),
        )
        .add(Polygon::new().set("points", head).set("fill", "#000000"))
    };
    // Column headings.
    let heading = |doc: Document, x: usize, s: &str| {
        doc.add(rect(x, head_y, col_w, 28, "#ffd966")).add(
            text(x + col_w / 2, head_y + 18, s)
                .set("text-anchor", "middle")
                .set("font-weight", "bold")
                .set("font-size", 12),
        )
    };
    doc = heading(
        doc,
        LEFT,
        "Identification of studies via databases and registers",
    );
    if other.is_some() {
        doc = heading(doc, other_x, "Identification of studies via other methods");
    }
    // Bands down the left.
    let band_end = |i: usize| ys[i] + heights[i];
    for (name, from, to) in [
        ("Identification", ys[0], band_end(0)),
        ("Screening", ys[1], band_end(3)),
        ("Included", ys[4], band_end(4)),
    ] {
        let mid = (from + to) / 2;
        doc = doc.add(rect(8, from, 30, to - from, "#bdd7ee")).add(
            text(27, mid, name)
                .set("text-anchor", "middle")
                .set("font-weight", "bold")
                .set("font-size", 12)
                .set("transform", format!("rotate(-90 27 {mid})")),
        );
    }
    let right_x = |x: usize| x + BOX_W + GAP;
    for (i, (l, r)) in main.iter().enumerate() {
        doc = boxed(doc, LEFT, ys[i], heights[i], l);
        if let Some(r) = r {
            doc = boxed(doc, right_x(LEFT), ys[i], heights[i], r);
            let mid = ys[i] + heights[i] / 2;
            doc = arrow(doc, (LEFT + BOX_W, mid), (right_x(LEFT), mid));
        }
        if i < 4 {
            let cx = LEFT + BOX_W / 2;
            doc = arrow(doc, (cx, band_end(i)), (cx, ys[i + 1]));
        }
    }
    if let Some(o) = &other {
        let cx = other_x + BOX_W / 2;
        for (i, row) in o.iter().enumerate() {
            let Some((l, r)) = row else { continue };
            doc = boxed(doc, other_x, ys[i], heights[i], l);
            if let Some(r) = r {
                doc = boxed(doc, right_x(other_x), ys[i], heights[i], r);
                let mid = ys[i] + heights[i] / 2;
                doc = arrow(doc, (other_x + BOX_W, mid), (right_x(other_x), mid));
            }
        }
        doc = arrow(doc, (cx, band_end(0)), (cx, ys[2]));
        doc = arrow(doc, (cx, band_end(2)), (cx, ys[3]));
        // From the other column's assessed reports down and across to the
        // included studies.
        let mid = ys[4] + heights[4] / 2;
        doc = doc.add(
            Line::new()
                .set("x1", cx)
                .set("y1", band_end(3))
                .set("x2", cx)
                .set("y2", mid)
                .set("stroke", "#000000")
                .set("stroke-width", 1.2),
        );
        doc = arrow(doc, (cx, mid), (LEFT + BOX_W, mid));
    }
    doc.to_string()
}
