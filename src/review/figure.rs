//! Figures for the manuscript as SVG, composed with the `svg` crate (which
//! escapes text and attributes); every text is made inert first, since XML
//! cannot hold control characters even escaped.

use svg::Document;
use svg::node::element::{Rectangle as Rect, Text, Title};

use svg::node::element::Circle;

use super::map::Map;
use super::model::Study;
use super::tally::{Group, Tally};
use crate::appraisal::Level;
use crate::appraisal::instrument::{Instrument, ItemScale};
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

/// One row of a column of the flow diagram: the box on the left (its
/// lines) and the one its arrow points to on the right, if any.
type FlowRow = (Vec<String>, Option<Vec<String>>);

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

/// The colours of appraisal figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Palette {
    /// robvis's: green low, yellow some concerns, red high, dark red
    /// critical, grey no information.
    #[default]
    Standard,
    /// Okabe–Ito's, told apart with every colour vision: blue low, yellow
    /// some concerns, vermillion high, reddish purple critical, grey no
    /// information.
    ColourBlind,
}

impl Palette {
    /// Every level in the order figures show them.
    pub const LEVELS: [Level; 5] = [
        Level::Good,
        Level::Fair,
        Level::Bad,
        Level::Critical,
        Level::Unknown,
    ];

    /// The fill of a level.
    pub fn fill(self, l: Level) -> &'static str {
        match (self, l) {
            (Palette::Standard, Level::Good) => "#02C100",
            (Palette::Standard, Level::Fair) => "#E2DF07",
            (Palette::Standard, Level::Bad) => "#BF0000",
            (Palette::Standard, Level::Critical) => "#820000",
            (Palette::ColourBlind, Level::Good) => "#0072B2",
            (Palette::ColourBlind, Level::Fair) => "#F0E442",
            (Palette::ColourBlind, Level::Bad) => "#D55E00",
            (Palette::ColourBlind, Level::Critical) => "#CC79A7",
            (_, Level::Unknown) => "#BBBBBB",
        }
    }

    /// The text colour that reads on [`Palette::fill`].
    pub fn ink(self, l: Level) -> &'static str {
        match (self, l) {
            (_, Level::Fair | Level::Unknown) => "#000000",
            (Palette::ColourBlind, Level::Critical) => "#000000",
            _ => "#FFFFFF",
        }
    }
}

/// The symbol a level is drawn with, so a figure reads without colour.
fn level_symbol(l: Level) -> &'static str {
    match l {
        Level::Good => "+",
        Level::Fair => "−",
        Level::Bad => "×",
        Level::Critical => "!",
        Level::Unknown => "?",
    }
}

/// One column of an appraisal figure: an item of the instrument that takes
/// a judgement (free-text items are left out).
struct Domain {
    /// "D1", or the item id in capitals ("Q1").
    head: String,
    /// "Randomisation process", or "A Validity: Aims clearly stated?".
    name: String,
    /// Index into the instrument's items (and the grid's cells).
    index: usize,
}

/// The columns of `inst`'s figures, from the instrument file.
fn domains(inst: &Instrument) -> Vec<Domain> {
    inst.items
        .iter()
        .enumerate()
        .filter(|(_, it)| !matches!(inst.scale_of(it), Some(ItemScale::Text) | None))
        .map(|(index, it)| {
            // "D1 Randomisation process" names its own column.
            let coded = it.domain.as_deref().and_then(|d| {
                let (head, rest) = d.split_once(' ')?;
                let digits = head.strip_prefix('D')?;
                (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
                    .then(|| (head.to_string(), rest.to_string()))
            });
            let (head, name) = coded.unwrap_or_else(|| {
                let name = match &it.domain {
                    Some(d) => format!("{d}: {}", it.prompt),
                    None => it.prompt.clone(),
                };
                (it.id.to_uppercase(), name)
            });
            Domain { head, name, index }
        })
        .collect()
}

/// How each level reads with `inst`: its words' labels ("low risk"), or
/// for a range of stars or points, where the number falls.
fn level_names(inst: &Instrument, doms: &[Domain]) -> Vec<(Level, String)> {
    let mut out: Vec<(Level, Vec<String>)> = Vec::new();
    let mut add = |l: Level, s: String| match out.iter_mut().find(|(x, _)| *x == l) {
        Some((_, v)) => {
            if !v.contains(&s) {
                v.push(s)
            }
        }
        None => out.push((l, vec![s])),
    };
    for d in doms {
        match inst.scale_of(&inst.items[d.index]) {
            Some(ItemScale::Words(w)) => {
                for w in w {
                    add(w.level.into(), w.label.clone());
                }
            }
            // Stars and points: the dot shows the number.
            Some(ItemScale::Range(..)) => {
                add(Level::Good, "the most stars or points".into());
                add(Level::Fair, "some stars or points".into());
                add(Level::Bad, "the fewest stars or points".into());
            }
            _ => {}
        }
    }
    for w in inst.overall_words() {
        add(w.level.into(), w.label.clone());
    }
    // A study without a judgement (reviewers who disagree, an overall not
    // given) is drawn grey even where the instrument has no such word.
    if !out.iter().any(|(l, _)| *l == Level::Unknown) {
        out.push((
            Level::Unknown,
            vec!["no judgement (disputed or not given)".into()],
        ));
    }
    let mut out: Vec<(Level, String)> = out.into_iter().map(|(l, v)| (l, v.join(" / "))).collect();
    out.sort_by_key(|(l, _)| crate::appraisal::grid::level_index(*l));
    out
}

/// The grid of `inst` without the studies whose reviewers disagree with no
/// consensus recorded (as robvis's export leaves them out: no single
/// appraisal speaks for them), and the labels of those left out.
fn agreed_grid(
    inst: &Instrument,
    studies: &[&Study],
) -> (crate::appraisal::grid::Grid, Vec<String>) {
    let mut g = crate::appraisal::grid::grid(inst, studies);
    let labels = study_labels(studies, &g.rows);
    let mut left_out = Vec::new();
    let mut kept = Vec::new();
    for (row, label) in g.rows.into_iter().zip(labels) {
        if row.overall.as_ref().is_some_and(|j| j.is_disputed()) {
            left_out.push(label);
        } else {
            kept.push(row);
        }
    }
    g.rows = kept;
    (g, left_out)
}

/// The note under a figure naming the studies left out, if any.
fn left_out_note(left_out: &[String]) -> Option<String> {
    let n = left_out.len();
    (n > 0).then(|| {
        clip(
            &format!(
                "Not shown: {n} {} whose reviewers disagree with no consensus recorded ({})",
                if n == 1 { "study" } else { "studies" },
                left_out.join(", ")
            ),
            150,
        )
    })
}

/// "Smith 2020" per appraised row, as robvis labels studies.
fn study_labels(studies: &[&Study], rows: &[crate::appraisal::grid::Row]) -> Vec<String> {
    let mut labels: Vec<(String, Vec<String>)> = rows
        .iter()
        .map(|r| {
            let s = studies[r.study];
            let year = s.year.map_or_else(|| "n.d.".to_string(), |y| y.to_string());
            let who = match s.first_author() {
                "" => s.id.as_str(),
                a => a,
            };
            (format!("{who} {year}"), Vec::new())
        })
        .collect();
    crate::appraisal::robvis::disambiguate(&mut labels);
    labels.into_iter().map(|(l, _)| l).collect()
}

/// A short text for a figure: at most `max` characters, "…" after a cut.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let head: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{head}…")
    }
}

/// The title and subtitle of an appraisal figure.
fn appraisal_titles(inst: &Instrument, review: &str, n: usize, what: &str) -> (String, String) {
    (
        format!("{}: {what}", inst.short),
        format!(
            "{n} {} of “{}” appraised with {}",
            if n == 1 { "study" } else { "studies" },
            clip(review, 48),
            clip(&inst.short, 24)
        ),
    )
}

/// Pixels a figure needs across for its title (15 px bold) and subtitle.
fn headline_width(title: &str, subtitle: &str) -> usize {
    (title.chars().count() * 9).max(subtitle.chars().count() * 13 / 2) + 24
}

/// A legend row: a swatch with the level's symbol and what it means.
fn legend(
    mut doc: Document,
    x: usize,
    y: usize,
    palette: Palette,
    names: &[(Level, String)],
) -> Document {
    doc = doc.add(text(x, y, "Judgement").set("font-weight", "bold"));
    for (i, (l, name)) in names.iter().enumerate() {
        let yy = y + 10 + i * 22;
        doc = doc
            .add(
                Circle::new()
                    .set("cx", x + 9)
                    .set("cy", yy + 9)
                    .set("r", 9)
                    .set("fill", palette.fill(*l))
                    .set("stroke", "#555555")
                    .set("stroke-width", 0.5),
            )
            .add(
                text(x + 9, yy + 13, level_symbol(*l))
                    .set("text-anchor", "middle")
                    .set("font-weight", "bold")
                    .set("fill", palette.ink(*l)),
            )
            .add(text(x + 26, yy + 13, name));
    }
    doc
}

/// robvis's traffic-light plot of `inst`: a row per study appraised with
/// it, a dot per domain and the overall judgement, coloured by `palette`
/// with the level's symbol inside; the domains' names and the legend below.
pub fn traffic_light(
    inst: &Instrument,
    studies: &[&Study],
    review: &str,
    palette: Palette,
) -> String {
    const CELL: usize = 30;
    const HEAD: usize = 96;
    let (g, left_out) = agreed_grid(inst, studies);
    let note = left_out_note(&left_out);
    let doms = domains(inst);
    let labels = study_labels(studies, &g.rows);
    let label_w = labels
        .iter()
        .map(|l| l.chars().count().min(40))
        .max()
        .unwrap_or(0)
        * 7
        + 24;
    let grid_x = label_w;
    let overall_x = grid_x + doms.len() * CELL + 12;
    let grid_w = overall_x + CELL + 16;
    let names = level_names(inst, &doms);
    let key_lines: Vec<String> = doms
        .iter()
        .map(|d| clip(&format!("{}: {}", d.head, d.name), 110))
        .collect();
    let key_y = HEAD + g.rows.len() * CELL + 30;
    let legend_y = key_y + 18 + key_lines.len() * 16 + 16;
    let note_y = legend_y + 14 + names.len() * 22 + 12;
    let height = note_y + if note.is_some() { 20 } else { 0 };
    let key_w = key_lines
        .iter()
        .map(|l| l.chars().count() * 6 + 24)
        .max()
        .unwrap_or(0);
    let n = g.rows.len();
    let (title, subtitle) = appraisal_titles(inst, review, n, "judgements per study and domain");
    let note_w = note.as_ref().map_or(0, |n| n.chars().count() * 6 + 24);
    let width = grid_w
        .max(key_w)
        .max(note_w)
        .max(headline_width(&title, &subtitle));
    let mut doc = document((width, height, 12), &title, &subtitle);
    // Column heads and the band naming them.
    doc = doc.add(
        Rect::new()
            .set("x", grid_x)
            .set("y", HEAD - 40)
            .set("width", doms.len() * CELL)
            .set("height", 18)
            .set("fill", "#E8E8E8"),
    );
    doc = doc.add(
        text(grid_x + doms.len() * CELL / 2, HEAD - 27, "Domains")
            .set("text-anchor", "middle")
            .set("font-weight", "bold"),
    );
    for (j, d) in doms.iter().enumerate() {
        let x = grid_x + j * CELL + CELL / 2;
        doc = doc.add(
            text(x, HEAD - 8, &d.head)
                .set("text-anchor", "middle")
                .set("font-weight", "bold"),
        );
    }
    doc = doc.add(
        text(overall_x + CELL / 2, HEAD - 8, "Overall")
            .set("text-anchor", "middle")
            .set("font-weight", "bold"),
    );
    let dot = |doc: Document, cx: usize, cy: usize, level: Level, symbol: &str| {
        doc.add(
            Circle::new()
                .set("cx", cx)
                .set("cy", cy)
                .set("r", 11)
                .set("fill", palette.fill(level))
                .set("stroke", "#555555")
                .set("stroke-width", 0.5),
        )
        .add(
            text(cx, cy + 4, symbol)
                .set("text-anchor", "middle")
                .set("font-weight", "bold")
                .set("fill", palette.ink(level)),
        )
    };
    for (i, (row, label)) in g.rows.iter().zip(&labels).enumerate() {
        let cy = HEAD + i * CELL + CELL / 2;
        if i % 2 == 0 {
            doc = doc.add(
                Rect::new()
                    .set("x", 4)
                    .set("y", cy - CELL / 2)
                    .set("width", grid_w - 8)
                    .set("height", CELL)
                    .set("fill", "#F6F6F6"),
            );
        }
        doc = doc.add(text(label_w - 10, cy + 4, &clip(label, 40)).set("text-anchor", "end"));
        for (j, d) in doms.iter().enumerate() {
            let cx = grid_x + j * CELL + CELL / 2;
            if let Some(Some(c)) = row.cells.get(d.index) {
                // Stars and points show their number; words their symbol.
                let symbol = if c.text.chars().all(|ch| ch.is_ascii_digit()) {
                    c.text.as_str()
                } else {
                    level_symbol(c.level)
                };
                doc = dot(doc, cx, cy, c.level, symbol);
            }
        }
        if let Some(j) = &row.overall {
            let level = j.rank();
            doc = dot(doc, overall_x + CELL / 2, cy, level, level_symbol(level));
        }
    }
    doc = doc.add(text(8, key_y, "Domains").set("font-weight", "bold"));
    for (i, l) in key_lines.iter().enumerate() {
        doc = doc.add(text(8, key_y + 18 + i * 16, l));
    }
    doc = legend(doc, 8, legend_y, palette, &names);
    if let Some(n) = &note {
        doc = doc.add(text(8, note_y + 4, n));
    }
    doc.to_string()
}

/// robvis's summary plot of `inst`: per domain and overall, a bar of the
/// share of studies at each level (each study counts once; an unanswered
/// domain counts as no information), the percentage and symbol written in
/// each part wide enough to hold them.
pub fn appraisal_summary(
    inst: &Instrument,
    studies: &[&Study],
    review: &str,
    palette: Palette,
) -> String {
    const ROW: usize = 30;
    const TOP: usize = 64;
    const BAR_W: usize = 480;
    const LABEL_CHARS: usize = 46;
    let (g, left_out) = agreed_grid(inst, studies);
    let note = left_out_note(&left_out);
    let doms = domains(inst);
    let names = level_names(inst, &doms);
    let n = g.rows.len();
    let mut rows: Vec<(String, [usize; 5])> = doms
        .iter()
        .map(|d| {
            let mut counts = g.summary(d.index);
            let answered: usize = counts.iter().sum();
            counts[4] += n - answered.min(n);
            (clip(&format!("{} {}", d.head, d.name), LABEL_CHARS), counts)
        })
        .collect();
    let mut overall = [0usize; 5];
    for r in &g.rows {
        let l = r.overall.as_ref().map_or(Level::Unknown, |j| j.rank());
        overall[crate::appraisal::grid::level_index(l)] += 1;
    }
    rows.push(("Overall".to_string(), overall));
    let label_w = LABEL_CHARS * 7 + 16;
    let legend_y = TOP + rows.len() * ROW + 40;
    let note_y = legend_y + 14 + names.len() * 22 + 12;
    let height = note_y + if note.is_some() { 20 } else { 0 };
    let (title, subtitle) =
        appraisal_titles(inst, review, n, "judgements per domain (% of studies)");
    let note_w = note.as_ref().map_or(0, |n| n.chars().count() * 6 + 24);
    let width = (label_w + BAR_W + 24)
        .max(note_w)
        .max(headline_width(&title, &subtitle));
    let mut doc = document((width, height, 12), &title, &subtitle);
    for (i, (label, counts)) in rows.iter().enumerate() {
        let y = TOP + i * ROW;
        let bold = if i + 1 == rows.len() {
            "bold"
        } else {
            "normal"
        };
        doc = doc.add(
            text(label_w - 10, y + ROW / 2 + 4, label)
                .set("text-anchor", "end")
                .set("font-weight", bold),
        );
        let mut x = label_w;
        // The parts, each rounded from its cumulative share, so they always
        // fill the bar exactly.
        let mut cum = 0usize;
        for (k, l) in Palette::LEVELS.iter().enumerate() {
            let c = counts[k];
            if c == 0 || n == 0 {
                continue;
            }
            cum += c;
            let end = label_w + cum * BAR_W / n;
            let w = end - x;
            doc = doc.add(
                Rect::new()
                    .set("x", x)
                    .set("y", y + 4)
                    .set("width", w)
                    .set("height", ROW - 8)
                    .set("fill", palette.fill(*l))
                    .set("stroke", "#555555")
                    .set("stroke-width", 0.5),
            );
            let share = format!("{} {}%", level_symbol(*l), (c * 100 + n / 2) / n);
            if w >= share.chars().count() * 7 + 6 {
                doc = doc.add(
                    text(x + w / 2, y + ROW / 2 + 4, &share)
                        .set("text-anchor", "middle")
                        .set("font-weight", "bold")
                        .set("fill", palette.ink(*l)),
                );
            }
            x = end;
        }
    }
    // The scale under the bars.
    let axis_y = TOP + rows.len() * ROW + 14;
    for p in [0, 25, 50, 75, 100] {
        doc = doc.add(
            text(label_w + p * BAR_W / 100, axis_y, &format!("{p}%")).set("text-anchor", "middle"),
        );
    }
    doc = legend(doc, 8, legend_y, palette, &names);
    if let Some(n) = &note {
        doc = doc.add(text(8, note_y + 4, n));
    }
    doc.to_string()
}
