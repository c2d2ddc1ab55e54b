//! The appraisal figures in robvis's layout: the traffic-light plot and the
//! summary bar plot of one instrument.

use svg::Document;
use svg::node::element::{Circle, Rectangle as Rect};

use crate::appraisal::instrument::{Instrument, ItemScale};
use crate::appraisal::{Level, Registry};
use crate::manuscript::appraisal::grid::Row;
use crate::manuscript::figure::{document, text, text_width, wrap_line};
use crate::model::Study;

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

/// The categories (MMAT's study types) of the appraisals a figure shows,
/// sorted, each once.
fn categories(inst: &Instrument, studies: &[&Study], rows: &[Row]) -> Vec<i64> {
    let mut v: Vec<i64> = rows
        .iter()
        .filter_map(|r| {
            let mine = || {
                studies[r.study]
                    .appraisals
                    .iter()
                    .filter(|a| a.instrument == inst.name)
            };
            let a = mine()
                .find(|a| a.is_consensus())
                .or_else(|| mine().next())?;
            a.category
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The columns of `inst`'s figures, from the instrument file. An item whose
/// prompt depends on the study's category (MMAT's criteria) is named by
/// the criterion of the category the figure shows, or of each category
/// when it shows several.
fn domains(inst: &Instrument, cats: &[i64]) -> Vec<Domain> {
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
            let prompt = if it.by_category.is_empty() || cats.is_empty() {
                it.prompt.clone()
            } else {
                let each: Vec<String> = cats
                    .iter()
                    .map(|c| {
                        let p = it.prompt_for(Some(*c));
                        match inst.category_name(*c) {
                            Some(n) if cats.len() > 1 => format!("{n}: {p}"),
                            _ => p.to_string(),
                        }
                    })
                    .collect();
                each.join("; ")
            };
            let domain = match (&it.domain, cats) {
                (Some(d), [c]) if !it.by_category.is_empty() => match inst.category_name(*c) {
                    Some(n) => Some(format!("{d} ({n})")),
                    None => Some(d.clone()),
                },
                (d, _) => d.clone(),
            };
            let (head, name) = coded.unwrap_or_else(|| {
                let name = match &domain {
                    Some(d) => format!("{d}: {prompt}"),
                    None => prompt,
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
    // A study without a judgement (an overall not given) is drawn grey
    // even where the instrument has no such word.
    if !out.iter().any(|(l, _)| *l == Level::Unknown) {
        out.push((Level::Unknown, vec!["no judgement given".into()]));
    }
    let mut out: Vec<(Level, String)> = out.into_iter().map(|(l, v)| (l, v.join(" / "))).collect();
    out.sort_by_key(|(l, _)| crate::manuscript::appraisal::grid::level_index(*l));
    out
}

/// The grid of `inst` with only the rows whose answers are agreed (one
/// reviewer, reviewers who gave the same answers, or a consensus) — as
/// robvis's export, no single reviewer's answer is drawn as the study's
/// where reviewers differ — and the labels of those left out, each with
/// why ("Smith 2020: not reconciled"). The labels of the rows kept come
/// second: made unique among all rows, so that the note and the figure name
/// each study alike.
fn agreed_grid(
    reg: &Registry,
    inst: &Instrument,
    studies: &[&Study],
) -> (
    crate::manuscript::appraisal::grid::Grid,
    Vec<String>,
    Vec<String>,
) {
    let mut g = crate::manuscript::appraisal::grid::grid(reg, inst, studies);
    let labels = study_labels(studies, &g.rows);
    let mut left_out = Vec::new();
    let mut kept = Vec::new();
    let mut kept_labels = Vec::new();
    for (row, label) in g.rows.into_iter().zip(labels) {
        if row.state.is_settled() {
            kept.push(row);
            kept_labels.push(label);
        } else {
            left_out.push(format!("{label}: {}", row.state.words()));
        }
    }
    g.rows = kept;
    (g, kept_labels, left_out)
}

/// The note under a figure naming the studies left out, if any.
fn left_out_note(left_out: &[String]) -> Option<String> {
    let n = left_out.len();
    (n > 0).then(|| {
        clip(
            &format!(
                "Not shown: {n} {} whose reviewers have not settled their answers ({})",
                if n == 1 { "study" } else { "studies" },
                left_out.join("; ")
            ),
            150,
        )
    })
}

/// "Smith 2020" per appraised row, as robvis labels studies.
fn study_labels(
    studies: &[&Study],
    rows: &[crate::manuscript::appraisal::grid::Row],
) -> Vec<String> {
    let mut labels: Vec<(String, Vec<String>)> = rows
        .iter()
        .map(|r| {
            let s = studies[r.study];
            let year = s.year.map_or_else(|| "n.d.".to_string(), |y| y.to_string());
            let who = match s.first_author() {
                "" => s.id.as_str(),
                a => a,
            };
            let about = r.about().map_or(String::new(), |a| format!(" ({a})"));
            (format!("{who} {year}{about}"), Vec::new())
        })
        .collect();
    crate::manuscript::appraisal::robvis::disambiguate(&mut labels);
    labels.into_iter().map(|(l, _)| l).collect()
}

/// The longest study label a traffic-light plot shows whole.
const LABEL_MAX: usize = 60;
/// The longest domain label a summary plot shows whole.
const SUMMARY_LABEL_MAX: usize = 90;
/// Characters per line of the domains' key under a traffic-light plot.
const KEY_CHARS: usize = 110;

/// Whole percentages of `counts` that add up to 100 (Hamilton's largest
/// remainder method): each share rounded down, then the points left over
/// given to the largest remainders (ties to the earlier level). All zero
/// when nothing is counted.
pub fn percentages(counts: &[usize]) -> Vec<usize> {
    let n: usize = counts.iter().sum();
    if n == 0 {
        return vec![0; counts.len()];
    }
    let mut out: Vec<usize> = counts.iter().map(|c| c * 100 / n).collect();
    let left = 100 - out.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(counts[i] * 100 % n));
    for &i in order.iter().take(left) {
        out[i] += 1;
    }
    out
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
            review,
            inst.short
        ),
    )
}

/// Pixels a figure needs across for its title (15 px bold) and subtitle,
/// up to a width past which they wrap.
fn headline_width(title: &str, subtitle: &str) -> usize {
    text_width(title.chars().count(), 15, true)
        .max(text_width(subtitle.chars().count(), 12, false))
        .min(900)
        + 24
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
    reg: &Registry,
    inst: &Instrument,
    studies: &[&Study],
    review: &str,
    palette: Palette,
) -> String {
    const CELL: usize = 30;
    const HEAD: usize = 96;
    let (g, labels, left_out) = agreed_grid(reg, inst, studies);
    let note = left_out_note(&left_out);
    let doms = domains(inst, &categories(inst, studies, &g.rows));
    // A study's label is cut only past what a figure can hold.
    let label_w = text_width(
        labels
            .iter()
            .map(|l| l.chars().count().min(LABEL_MAX))
            .max()
            .unwrap_or(0),
        12,
        false,
    ) + 24;
    let grid_x = label_w;
    let overall_x = grid_x + doms.len() * CELL + 12;
    let grid_w = overall_x + CELL + 16;
    let names = level_names(inst, &doms);
    // The domains' names wrap rather than lose their end.
    let key_lines: Vec<String> = doms
        .iter()
        .flat_map(|d| wrap_line(&format!("{}: {}", d.head, d.name), KEY_CHARS))
        .collect();
    let key_y = HEAD + g.rows.len() * CELL + 30;
    let legend_y = key_y + 18 + key_lines.len() * 16 + 16;
    let note_y = legend_y + 14 + names.len() * 22 + 12;
    let height = note_y + if note.is_some() { 20 } else { 0 };
    let key_w = key_lines
        .iter()
        .map(|l| text_width(l.chars().count(), 12, false) + 24)
        .max()
        .unwrap_or(0);
    let n = g.rows.len();
    let (title, subtitle) = appraisal_titles(inst, review, n, "judgements per study and domain");
    let note_w = note
        .as_ref()
        .map_or(0, |n| text_width(n.chars().count(), 12, false) + 24);
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
        // A score ("10/12") in smaller type, to fit the dot.
        let size = match symbol.chars().count() {
            0..=2 => 12,
            3 => 10,
            _ => 8,
        };
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
                .set("font-size", size)
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
        doc =
            doc.add(text(label_w - 10, cy + 4, &clip(label, LABEL_MAX)).set("text-anchor", "end"));
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
            // A score (SANRA's "10/12") is the judgement: it is shown.
            let symbol = if j.level.contains('/') || j.level.parse::<i64>().is_ok() {
                j.level.as_str()
            } else {
                level_symbol(level)
            };
            doc = dot(doc, overall_x + CELL / 2, cy, level, symbol);
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
    reg: &Registry,
    inst: &Instrument,
    studies: &[&Study],
    review: &str,
    palette: Palette,
) -> String {
    const ROW: usize = 30;
    const TOP: usize = 64;
    const BAR_W: usize = 480;
    let (g, _, left_out) = agreed_grid(reg, inst, studies);
    let note = left_out_note(&left_out);
    let doms = domains(inst, &categories(inst, studies, &g.rows));
    let names = level_names(inst, &doms);
    let n = g.rows.len();
    let mut rows: Vec<(String, [usize; 5])> = doms
        .iter()
        .map(|d| {
            let mut counts = g.summary(d.index);
            let answered: usize = counts.iter().sum();
            counts[4] += n - answered.min(n);
            (
                clip(&format!("{} {}", d.head, d.name), SUMMARY_LABEL_MAX),
                counts,
            )
        })
        .collect();
    let mut overall = [0usize; 5];
    for r in &g.rows {
        let l = r.overall.as_ref().map_or(Level::Unknown, |j| j.rank());
        overall[crate::manuscript::appraisal::grid::level_index(l)] += 1;
    }
    rows.push(("Overall".to_string(), overall));
    // As wide as the longest label, which is cut only past what a figure
    // can hold.
    let label_chars = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let label_w = text_width(label_chars, 12, false) + 24;
    let legend_y = TOP + rows.len() * ROW + 40;
    let note_y = legend_y + 14 + names.len() * 22 + 12;
    let height = note_y + if note.is_some() { 20 } else { 0 };
    let (title, subtitle) =
        appraisal_titles(inst, review, n, "judgements per domain (% of studies)");
    let note_w = note
        .as_ref()
        .map_or(0, |n| text_width(n.chars().count(), 12, false) + 24);
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
        // fill the bar exactly; the percentages by largest remainder, so
        // they add up to 100.
        let shares = percentages(counts);
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
            let share = format!("{} {}%", level_symbol(*l), shares[k]);
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

#[cfg(test)]
mod tests {
    use super::percentages;

    #[test]
    fn percentages_add_up_to_100() {
        assert_eq!(percentages(&[2, 3, 2, 0, 0]), [29, 43, 28, 0, 0]);
        assert_eq!(percentages(&[1, 1, 1, 0, 0]), [34, 33, 33, 0, 0]);
        assert_eq!(percentages(&[7, 0, 0, 0, 0]), [100, 0, 0, 0, 0]);
        assert_eq!(percentages(&[0, 0, 0, 0, 0]), [0, 0, 0, 0, 0]);
        for n in 1..40usize {
            for a in 0..=n {
                let p = percentages(&[a, n - a, 0, 0, 0]);
                assert_eq!(p.iter().sum::<usize>(), 100, "{a} of {n}");
            }
        }
    }
}
