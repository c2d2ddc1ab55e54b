//! The text table of `litrev appraisal`, made in two passes without
//! holding its lines: each row's cells made inert and measured (the
//! answers and overall once per distinct verdict), then, the columns' widths
//! known, the lines a block at a time.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{
    Registry, Row, answers_inert_of, answers_width, inert, judged_inert, overall_cell, push_line,
    row, study_cell,
};
use crate::appraisal::memo::{Held, Verdict};
use crate::model::{Appraisal, Study};
use crate::text::inert_line;

/// One row of the text table, its cells made inert and measured: a
/// review of 100 000 studies has 200 000, held at once (the widths are
/// known only once every row is measured), so a row keeps little.
pub(super) struct TextRow<'a> {
    row: (&'a Study, &'a Appraisal),
    /// Where its cells made inert lie in its run's `text`: its study cell
    /// from the first to the second, then (a verdict read afresh) its
    /// overall cell to the third.
    text: [usize; 3],
    /// The widths of its study, reviewer and (read afresh) overall cells.
    widths: [u32; 3],
    judged: Judged,
}

/// Where a row's answers and overall cells come from.
#[derive(Clone, Copy)]
enum Judged {
    /// Its run's `judged`, at this place.
    Kept(u32),
    /// A verdict read afresh (a review whose appraisals never repeat would
    /// hold every one): the overall cell in the run's `text`, the answers
    /// cell made again with the line from the answers as given, nothing in
    /// them to respell (`as_given`), else both made again.
    Afresh { as_given: bool },
}

/// The rows of a run of the text table, and the widths of their padded
/// columns (all but the last, the overall).
pub(super) struct TextRun<'a> {
    pub(super) rows: Vec<TextRow<'a>>,
    /// The rows' study and overall cells made inert, one after another.
    pub(super) text: String,
    /// The answers and overall cells, made inert and measured, of each
    /// distinct verdict the instrument keeps.
    pub(super) judged: Vec<[(String, usize); 2]>,
    pub(super) widths: [usize; 4],
}

/// A cell's width as a row keeps it (wider than 4 billion columns: as
/// wide as that, the column as wide as its widest cell all the same).
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The overall cells of rows read afresh, made inert and measured, by what
/// they show: a run of 20 000 appraisals that never repeat comes to a few
/// judgements, each made once.
#[derive(Default)]
pub(super) struct Overalls {
    made: Vec<(OverallKey, String, usize)>,
}

/// What an overall cell shows ([`super::overall_cell`]): the instrument, the
/// judgement, the computed one it overrides, the applicability.
type OverallKey = (String, Option<String>, Option<String>, Option<String>);

/// How many distinct overall cells a run keeps (a `sum` rule's totals may
/// be many: past this, each is made again).
const OVERALLS: usize = 64;

impl Overalls {
    /// The overall cell of `r` read afresh, made inert, and its width.
    pub(super) fn cell(&mut self, reg: &Registry, r: &Row) -> (std::borrow::Cow<'_, str>, usize) {
        use std::borrow::Cow;
        let shown = r.assessed().map(|x| {
            (
                x.overall.as_deref(),
                x.is_override().then_some(x.computed.as_deref()).flatten(),
                x.applicability.as_deref(),
            )
        });
        let found = shown.and_then(|shown| {
            self.made.iter().position(|((i, o, c, a), _, _)| {
                *i == r.a.instrument && shown == (o.as_deref(), c.as_deref(), a.as_deref())
            })
        });
        let at = match (found, shown) {
            (Some(at), _) => at,
            (None, Some((o, c, a))) if self.made.len() < OVERALLS => {
                let key = (
                    r.a.instrument.to_string(),
                    o.map(str::to_string),
                    c.map(str::to_string),
                    a.map(str::to_string),
                );
                let (cell, width) = inert(&overall_cell(reg, r));
                self.made.push((key, cell, width));
                self.made.len() - 1
            }
            // No instrument to judge by, or past what a run keeps.
            _ => {
                let (cell, width) = inert(&overall_cell(reg, r));
                return (Cow::Owned(cell), width);
            }
        };
        let (_, cell, width) = &self.made[at];
        (Cow::Borrowed(cell), *width)
    }
}

/// The rows of a run of `litrev appraisal`'s text table: what
/// [`super::run_cells`] makes, made inert and measured as [`super::text_line`] does.
pub(super) fn text_run<'a>(reg: &Registry, run: &[(&'a Study, &'a Appraisal)]) -> TextRun<'a> {
    let mut made: HashMap<*const Verdict, usize> = HashMap::new();
    let mut judged: Vec<[(String, usize); 2]> = Vec::new();
    let mut widths = [0; 4];
    let mut rows = Vec::with_capacity(run.len());
    let mut text = String::new();
    let mut overalls = Overalls::default();
    for &(s, a) in run {
        let r = row(reg, s, a);
        let start = text.len();
        let (study, study_width) = inert(&study_cell(&r));
        text.push_str(&study);
        let study_end = text.len();
        let mut overall_width = 0;
        let (at, answers_width) = match r.v.as_ref().and_then(Held::kept) {
            Some(v) => {
                let at = *made.entry(v).or_insert_with(|| {
                    judged.push(judged_inert(reg, &r));
                    judged.len() - 1
                });
                // Past 4 billion distinct verdicts: read afresh.
                match u32::try_from(at) {
                    Ok(k) => (Judged::Kept(k), judged[at][0].1),
                    Err(_) => (Judged::Afresh { as_given: false }, judged[at][0].1),
                }
            }
            None => {
                // The overall first: the assessment it reads says whether
                // any answer needs respelling.
                let (overall, width) = overalls.cell(reg, &r);
                text.push_str(&overall);
                overall_width = width;
                let as_given = std::ptr::eq(r.answers(), &a.answers);
                (Judged::Afresh { as_given }, answers_width(&r))
            }
        };
        let reviewer_width = crate::cli::width(&inert_line(&a.reviewer));
        let row = TextRow {
            row: (s, a),
            text: [start, study_end, text.len()],
            widths: [
                small(study_width),
                small(reviewer_width),
                small(overall_width),
            ],
            judged: at,
        };
        let own = [
            // A number's digits.
            s.reference
                .map_or(0, |n| n.checked_ilog10().map_or(1, |d| d as usize + 1)),
            study_width,
            reviewer_width,
            answers_width,
        ];
        for (w, x) in widths.iter_mut().zip(own) {
            *w = (*w).max(x);
        }
        rows.push(row);
    }
    TextRun {
        rows,
        text,
        judged,
        widths,
    }
}

/// The lines of `rows` in columns `widths` wide, as [`super::text_line`] makes
/// them, their answers and overall cells from `judged`.
pub(super) fn text_lines(
    reg: &Registry,
    rows: &[TextRow],
    (text, judged): (&str, &[[(String, usize); 2]]),
    widths: &[usize],
) -> String {
    let mut out = String::with_capacity(rows.len() * (widths.iter().sum::<usize>() + 40));
    let mut number = String::new();
    for r in rows {
        number.clear();
        let (s, a) = r.row;
        if let Some(n) = s.reference {
            let _ = write!(number, "{n}");
        }
        // Made by the row's own run: always there.
        let [start, study_end, end] = r.text;
        let [study_width, reviewer_width, overall_width] = r.widths.map(|w| w as usize);
        let own;
        let (answers, overall) = match r.judged {
            Judged::Kept(at) => {
                let [answers, overall] = &judged[at as usize];
                (answers, (overall.0.as_str(), overall.1))
            }
            Judged::Afresh { as_given: true } => {
                own = [answers_inert_of(a.category, &a.answers), (String::new(), 0)];
                let overall = text.get(study_end..end).unwrap_or_default();
                (&own[0], (overall, overall_width))
            }
            Judged::Afresh { as_given: false } => {
                own = judged_inert(reg, &row(reg, s, a));
                (&own[0], (own[1].0.as_str(), own[1].1))
            }
        };
        let study = text.get(start..study_end).unwrap_or_default();
        let reviewer = inert_line(&a.reviewer);
        let cells = [
            (number.as_str(), number.len()),
            (study, study_width),
            (&*reviewer, reviewer_width),
            (answers.0.as_str(), answers.1),
            overall,
        ];
        push_line(&mut out, cells.into_iter(), widths);
    }
    out
}
