//! The PRISMA 2020 flow diagram.

use svg::Document;
use svg::node::element::Rectangle as Rect;

use crate::manuscript::figure::{document, text, wrap_line};
use crate::model::prisma::Prisma;

/// One row of a column of the flow diagram: the box on the left (its
/// lines) and the one its arrow points to on the right, if any.
type FlowRow = (Vec<String>, Option<Vec<String>>);

/// The PRISMA 2020 flow diagram: the identification, screening and
/// included bands down the left, a box per count of the template, arrows
/// between them; the other-methods column to the right when given.
pub fn prisma_flow(p: &Prisma, title: &str) -> String {
    prisma_flow_noted(p, title, None)
}

/// [`prisma_flow`] with a note under its subtitle: a filtered report says
/// there that the flow is of the whole review.
pub fn prisma_flow_noted(p: &Prisma, title: &str, note: Option<&str>) -> String {
    use svg::node::element::{Line, Polygon};
    const BOX_W: usize = 340;
    const GAP: usize = 56;
    const LINE_H: usize = 15;
    const PAD: usize = 8;
    const ROW_GAP: usize = 40;
    const MARGIN: usize = 52;
    const MAX_CHARS: usize = 58;
    let b = p.boxes();
    let wrap =
        |v: &[String]| -> Vec<String> { v.iter().flat_map(|l| wrap_line(l, MAX_CHARS)).collect() };
    let one = |s: &str| wrap(&[s.to_string()]);
    // Rows of (left box, right box) per column.
    let main: [FlowRow; 5] = [
        (wrap(&b.identified), Some(wrap(&b.removed))),
        (one(&b.screened), Some(one(&b.records_excluded))),
        (one(&b.sought), Some(one(&b.not_retrieved))),
        (one(&b.assessed), Some(wrap(&b.reports_excluded))),
        (wrap(&b.included), None),
    ];
    let other: Option<[Option<FlowRow>; 5]> = b.other.as_ref().map(|o| {
        [
            Some((wrap(&o.identified), None)),
            None,
            Some((one(&o.sought), Some(one(&o.not_retrieved)))),
            Some((one(&o.assessed), Some(wrap(&o.reports_excluded)))),
            None,
        ]
    });
    let previous = b.previous.as_ref().map(|v| wrap(v));
    let total = b.total.as_ref().map(|v| wrap(v));
    // An updated review's previous studies take a column on the left.
    let prev_x = MARGIN;
    let left = if previous.is_some() {
        MARGIN + BOX_W + GAP
    } else {
        MARGIN
    };
    let box_h = |lines: usize| lines * LINE_H + 2 * PAD;
    let heights: Vec<usize> = (0..5)
        .map(|i| {
            let (l, r) = &main[i];
            let mut m = l.len().max(r.as_ref().map_or(0, Vec::len));
            if let Some(Some((l, r))) = other.as_ref().map(|o| &o[i]) {
                m = m.max(l.len()).max(r.as_ref().map_or(0, Vec::len));
            }
            let beside = match i {
                0 => previous.as_ref(),
                4 => total.as_ref(),
                _ => None,
            };
            m = m.max(beside.map_or(0, Vec::len));
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
    let other_x = left + col_w + 2 * GAP;
    let width = if other.is_some() {
        other_x + col_w + 16
    } else {
        left + col_w + 16
    };
    let subtitle = match note {
        Some(n) => format!("Identification, screening and inclusion of studies. {n}"),
        None => "Identification, screening and inclusion of studies".to_string(),
    };
    let mut doc = document(
        (width, height, 11),
        &format!("PRISMA 2020 flow diagram: {title}"),
        &subtitle,
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
    let heading = |doc: Document, x: usize, w: usize, s: &str| {
        doc.add(rect(x, head_y, w, 28, "#ffd966")).add(
            text(x + w / 2, head_y + 18, s)
                .set("text-anchor", "middle")
                .set("font-weight", "bold")
                .set("font-size", 12),
        )
    };
    let via = if previous.is_some() {
        "Identification of new studies via databases and registers"
    } else {
        "Identification of studies via databases and registers"
    };
    doc = heading(doc, left, col_w, via);
    if previous.is_some() {
        doc = heading(doc, prev_x, BOX_W, "Previous studies");
    }
    if other.is_some() {
        let via = if previous.is_some() {
            "Identification of new studies via other methods"
        } else {
            "Identification of studies via other methods"
        };
        doc = heading(doc, other_x, col_w, via);
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
        doc = boxed(doc, left, ys[i], heights[i], l);
        if let Some(r) = r {
            doc = boxed(doc, right_x(left), ys[i], heights[i], r);
            let mid = ys[i] + heights[i] / 2;
            doc = arrow(doc, (left + BOX_W, mid), (right_x(left), mid));
        }
        if i < 4 {
            let cx = left + BOX_W / 2;
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
        doc = arrow(doc, (cx, mid), (left + BOX_W, mid));
    }
    if let (Some(prev), Some(total)) = (&previous, &total) {
        // Previous studies down to the total; the new ones across to it.
        doc = boxed(doc, prev_x, ys[0], heights[0], prev);
        doc = boxed(doc, prev_x, ys[4], heights[4], total);
        let cx = prev_x + BOX_W / 2;
        doc = arrow(doc, (cx, band_end(0)), (cx, ys[4]));
        let mid = ys[4] + heights[4] / 2;
        doc = arrow(doc, (left, mid), (prev_x + BOX_W, mid));
    }
    doc.to_string()
}
