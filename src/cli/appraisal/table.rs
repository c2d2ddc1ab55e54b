//! `litrev appraisal`'s table: one row per appraisal, made on every core a
//! block at a time, in text, JSON, CSV or Markdown.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{Map, Value as J, json};

use super::{Format, json_out};
use crate::appraisal::answers::Given;
use crate::appraisal::memo::{Held, Verdict};
use crate::appraisal::{self, Judgement, Registry};
use crate::cli::Fail;
use crate::manuscript::render::Table;
use crate::model::Study;
use crate::model::{Answer, Appraisal};
use crate::text::inert_line;

/// A table as aligned text columns (the last column unpadded), cells inert.
pub(super) fn text_table(t: &Table) -> String {
    let mut bytes = Vec::new();
    // Writing into memory does not fail.
    let _ = text_table_to(t, &text_widths(t, t.rows.iter()), t.rows.iter(), &mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The widths of [`text_table`]'s columns: each as wide as its widest cell
/// made inert, the header's included.
fn text_widths<R: AsRef<[String]>>(t: &Table, rows: impl IntoIterator<Item = R>) -> Vec<usize> {
    let mut widths: Vec<usize> = t
        .columns
        .iter()
        .map(|c| crate::cli::width(&c.name))
        .collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r.as_ref()) {
            *w = (*w).max(crate::cli::width(&inert_line(c)));
        }
    }
    widths
}

/// [`text_table`] with `t`'s columns, of rows made one at a time, in
/// columns `widths` wide ([`text_widths`]; the last is not padded).
fn text_table_to<R: AsRef<[String]>>(
    t: &Table,
    widths: &[usize],
    rows: impl IntoIterator<Item = R>,
    mut out: impl std::io::Write,
) -> std::io::Result<()> {
    out.write_all(header_line(t, widths).as_bytes())?;
    for r in rows {
        out.write_all(text_line(r.as_ref(), widths, true).as_bytes())?;
    }
    Ok(())
}

/// The first line of a text table: its columns' names.
fn header_line(t: &Table, widths: &[usize]) -> String {
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    text_line(&names, widths, false)
}

/// One line of a text table: the cells (made inert when `inert`) each
/// padded to its column's width but the last, two spaces apart, the line's
/// end trimmed.
fn text_line(cells: &[impl AsRef<str>], widths: &[usize], inert: bool) -> String {
    let cells: Vec<_> = cells
        .iter()
        .map(|c| {
            let c = if inert {
                inert_line(c.as_ref())
            } else {
                std::borrow::Cow::Borrowed(c.as_ref())
            };
            let w = crate::cli::width(&c);
            (c, w)
        })
        .collect();
    let room = widths.iter().sum::<usize>() + 2 * cells.len();
    let mut l = String::with_capacity(room + cells.last().map_or(0, |(c, _)| c.len()) + 1);
    push_line(&mut l, cells.iter().map(|(c, w)| (&**c, *w)), widths);
    l
}

/// [`text_line`] of cells made inert already, each with its width, added
/// to `out`.
fn push_line<'c>(
    out: &mut String,
    cells: impl ExactSizeIterator<Item = (&'c str, usize)>,
    widths: &[usize],
) {
    const SPACES: &str = "                                                                ";
    let start = out.len();
    let last = cells.len().saturating_sub(1);
    for (i, (c, width)) in cells.enumerate() {
        if i > 0 {
            out.push_str("  ");
        }
        out.push_str(c);
        if i != last {
            let pad = widths.get(i).copied().unwrap_or(0);
            let mut n = pad.saturating_sub(width);
            while n > 0 {
                let k = n.min(SPACES.len());
                out.push_str(&SPACES[..k]);
                n -= k;
            }
        }
    }
    let end = start + out[start..].trim_end().len();
    out.truncate(end);
    out.push('\n');
}

/// One appraisal of `litrev appraisal`'s table.
struct Row<'a> {
    study: &'a Study,
    a: &'a Appraisal,
    /// What its answers come to (`None`: an unknown instrument).
    v: Option<Held<'a>>,
    has_applicability: bool,
}

impl Row<'_> {
    /// The answers, each in its canonical spelling where it is on its
    /// item's scale.
    fn answers(&self) -> &appraisal::Answers {
        self.v.as_ref().map_or(&self.a.answers, |v| v.canonical())
    }

    fn assessed(&self) -> Option<&appraisal::Assessed> {
        self.v.as_ref().map(|v| v.assessed())
    }
}

/// The rows of `litrev appraisal`, made one at a time.
fn rows<'a>(
    reg: &'a Registry,
    studies: &'a [&'a Study],
    inst: Option<&'a str>,
    reviewer: Option<&'a str>,
) -> impl Iterator<Item = Row<'a>> + 'a {
    chosen(studies, inst, reviewer).map(move |(s, a)| row(reg, s, a))
}

/// How many rows of the table are made at once, on every core.
const BLOCK: usize = 8192;

/// The appraisals the table shows, each with its study, in order.
fn chosen<'a>(
    studies: &'a [&'a Study],
    inst: Option<&'a str>,
    reviewer: Option<&'a str>,
) -> impl Iterator<Item = (&'a Study, &'a Appraisal)> + 'a {
    studies
        .iter()
        .flat_map(|s| s.appraisals.iter().map(move |a| (*s, a)))
        .filter(move |(_, a)| {
            !(inst.is_some_and(|i| i != a.instrument)
                || reviewer.is_some_and(|r| !r.eq_ignore_ascii_case(&a.reviewer)))
        })
}

fn row<'a>(reg: &'a Registry, s: &'a Study, a: &'a Appraisal) -> Row<'a> {
    let inst = reg.get(&a.instrument);
    Row {
        study: s,
        a,
        v: inst.map(|i| appraisal::rules::verdict(i, a)),
        has_applicability: inst.is_some_and(|i| i.applicability.is_some()),
    }
}

/// The appraisal table of `studies` in `format` (what `litrev appraisal`
/// prints, and `litrev report` writes per instrument).
pub fn render_table(
    reg: &Registry,
    studies: &[&Study],
    inst: Option<&str>,
    reviewer: Option<&str>,
    format: Format,
) -> Result<String, Fail> {
    let out = match format {
        Format::Json => {
            let v: Vec<J> = rows(reg, studies, inst, reviewer)
                .map(|r| row_json(&r))
                .collect();
            json_out(&v)?
        }
        _ => {
            let mut t = table_columns();
            for r in rows(reg, studies, inst, reviewer) {
                t.push(row_cells(reg, &r));
            }
            match format {
                Format::Csv => t
                    .csv()
                    .map_err(|e| Fail::usage(format!("cannot write CSV: {e}")))?,
                Format::Markdown => t.markdown(),
                _ => text_table(&t),
            }
        }
    };
    Ok(out)
}

/// [`render_table`] written to stdout as it is made: JSON, CSV and Markdown
/// rows are made a block at a time and never held; the text table holds
/// each row's cells made inert and measured (not its line) until the
/// columns' widths are known, the answers and overall once per distinct
/// verdict, so 200 000 appraisals print in little more than the memory
/// of loading them.
pub(super) fn write_table(
    reg: &Registry,
    studies: &[&Study],
    inst: Option<&str>,
    reviewer: Option<&str>,
    format: Format,
) -> Result<(), Fail> {
    use std::io::Write as _;
    // Each row made on every core.
    let chosen: Vec<(&Study, &Appraisal)> = chosen(studies, inst, reviewer).collect();
    if format == Format::Json {
        return crate::cli::emit_json(|ser| {
            use serde::Serializer as _;
            ser.collect_seq(chosen.chunks(BLOCK).flat_map(|block| {
                crate::text::threads::map(block, |(s, a)| row_json(&row(reg, s, a)))
            }))
        });
    }
    let cells = || {
        chosen.chunks(BLOCK).flat_map(|block| {
            crate::text::threads::runs(block, |run| run_cells(reg, run))
                .into_iter()
                .flatten()
        })
    };
    let t = table_columns();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = match format {
        Format::Csv => t.csv_to(cells(), &mut out).map_err(std::io::Error::from),
        Format::Markdown => t.markdown_to(cells(), &mut out),
        _ => {
            // Every row's cells made inert and measured, on every core (the
            // answers and overall once per distinct verdict), then the
            // lines, padded to the widest, a block at a time.
            let runs = crate::text::threads::runs(&chosen, |run| text_run(reg, run));
            let mut widths = vec![0; t.columns.len()];
            for run in &runs {
                for (x, y) in widths.iter_mut().zip(run.widths) {
                    *x = (*x).max(y);
                }
            }
            for (x, c) in widths.iter_mut().zip(&t.columns) {
                *x = (*x).max(crate::cli::width(&c.name));
            }
            let mut written = out.write_all(header_line(&t, &widths).as_bytes());
            for run in &runs {
                for block in run.rows.chunks(BLOCK) {
                    // A reader gone (`| head`): nothing more to make.
                    if written.is_err() {
                        break;
                    }
                    let lines = crate::text::threads::runs(block, |rows| {
                        text_lines(reg, rows, (&run.text, &run.judged), &widths)
                    });
                    for l in lines {
                        written = written.and_then(|()| out.write_all(l.as_bytes()));
                    }
                }
            }
            written
        }
    }
    .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Fail::usage(format!("cannot write the output: {e}")))
        }
        _ => Ok(()),
    }
}

/// The columns of `litrev appraisal`'s table.
fn table_columns() -> Table {
    Table::new(["ref", "study", "reviewer", "answers", "overall"]).right(0)
}

/// One appraisal as `litrev appraisal --format json` writes it.
fn row_json(r: &Row) -> J {
    let answers: Map<String, J> =
        r.a.answers
            .iter()
            .zip(r.answers().iter())
            .map(|((k, given), (_, c))| {
                let v = match given {
                    Answer::Int(n) => json!(n),
                    _ => json!(c.to_string()),
                };
                (k.to_string(), v)
            })
            .collect();
    let assessed = r.assessed();
    let mut o = json!({
        "study": r.study.id,
        "ref": r.study.reference,
        "instrument": r.a.instrument,
        "reviewer": r.a.reviewer,
        "category": r.a.category,
        "outcome": r.a.unit().outcome,
        "answers": answers,
        "overall": assessed.and_then(|x| x.overall.as_ref()),
        "computed": assessed.and_then(|x| x.computed.as_ref()),
        "override": assessed.is_some_and(|x| x.is_override()),
    });
    if r.has_applicability
        && let Some(m) = o.as_object_mut()
    {
        m.insert(
            "applicability".into(),
            json!(assessed.and_then(|x| x.applicability.as_ref())),
        );
    }
    o
}

/// One appraisal's cells in `litrev appraisal`'s table.
fn row_cells(reg: &Registry, r: &Row) -> Vec<String> {
    let (answers, overall) = judged_cells(reg, r);
    study_cells(r, answers, overall)
}

/// The cells of `r` but its answers and overall.
fn study_cells(r: &Row, answers: String, overall: String) -> Vec<String> {
    vec![
        r.study.reference.map(|n| n.to_string()).unwrap_or_default(),
        study_cell(r),
        r.a.reviewer.to_string(),
        answers,
        overall,
    ]
}

/// The study cell of `r`: its short citation, and the outcome appraised.
fn study_cell(r: &Row) -> String {
    let mut study = r.study.short_citation();
    if let Some(o) = r.a.unit().outcome {
        study.push_str(&format!(" ({o})"));
    }
    study
}

/// The answers and overall cells of `r`: what its answers come to.
fn judged_cells(reg: &Registry, r: &Row) -> (String, String) {
    (answers_cell(r), overall_cell(reg, r))
}

/// The overall cell of `r`: its judgement, or "—".
fn overall_cell(reg: &Registry, r: &Row) -> String {
    match r.assessed().and_then(|x| x.overall.as_ref()) {
        Some(w) => {
            let mut j = Judgement::new(&r.a.instrument, w);
            if let Some(x) = r.assessed() {
                j.computed = x.is_override().then(|| x.computed.clone()).flatten();
                j.applicability = x.applicability.clone();
            }
            j.read_by(reg).to_string()
        }
        None => "—".into(),
    }
}

/// The answers cell of `r`, "category 2 · d1 low · d2 high" (what its
/// width depends on: no judgement needed).
fn answers_cell(r: &Row) -> String {
    answers_cell_width(r).0
}

/// Between two answers in the answers cell: three columns wide.
const BETWEEN: &str = " · ";

/// [`answers_cell`], and its width when every id and answer in it is
/// printable ASCII (then it is inert as it is, and as wide as its
/// characters: one column for each byte but the two of a "·").
fn answers_cell_width(r: &Row) -> (String, Option<usize>) {
    answers_cell_of(r.a.category, r.answers())
}

/// [`answers_cell_width`] of an appraisal in `category` with `given`.
fn answers_cell_of(category: Option<i64>, given: &appraisal::Answers) -> (String, Option<usize>) {
    // Written out, an answer takes its id and text packed and "·" a byte
    // or two more: made with room for that, it seldom grows.
    let mut answers = String::with_capacity(given.packed_len() * 3 / 2 + 16);
    let mut ascii = true;
    let mut between = 0;
    if let Some(c) = category {
        let _ = write!(answers, "category {c}");
    }
    for (k, v) in given.given() {
        if !answers.is_empty() {
            answers.push_str(BETWEEN);
            between += 1;
        }
        answers.push_str(k);
        answers.push(' ');
        ascii &= crate::text::printable_ascii(k);
        match v {
            Given::Text(t) => {
                answers.push_str(t);
                ascii &= crate::text::printable_ascii(t);
            }
            Given::Int(n) => {
                let _ = write!(answers, "{n}");
            }
        }
    }
    let width = ascii.then(|| answers.len() - between * (BETWEEN.len() - 3));
    (answers, width)
}

/// The width of `r`'s answers cell made inert, counted without making it
/// where every id and answer is printable ASCII (as [`answers_cell_width`]
/// would write it), else made and measured.
fn answers_width(r: &Row) -> usize {
    let digits = |n: i64| {
        n.unsigned_abs()
            .checked_ilog10()
            .map_or(1, |d| d as usize + 1)
    };
    let mut width =
        r.a.category
            .map_or(0, |c| "category ".len() + usize::from(c < 0) + digits(c));
    let mut ascii = true;
    for (k, v) in r.answers().given() {
        if width > 0 {
            // " · ": three columns.
            width += 3;
        }
        ascii &= crate::text::printable_ascii(k);
        width += k.len() + 1;
        width += match v {
            Given::Text(t) => {
                ascii &= crate::text::printable_ascii(t);
                t.len()
            }
            Given::Int(n) => usize::from(n < 0) + digits(n),
        };
    }
    if ascii { width } else { answers_inert(r).1 }
}

/// The answers cell of `r`, made inert and measured: as any other cell
/// when an id or an answer is not printable ASCII; else nothing in it
/// needs making inert, and its width is known as it is made.
fn answers_inert(r: &Row) -> (String, usize) {
    answers_inert_of(r.a.category, r.answers())
}

/// [`answers_inert`] of an appraisal in `category` with `given`.
fn answers_inert_of(category: Option<i64>, given: &appraisal::Answers) -> (String, usize) {
    match answers_cell_of(category, given) {
        (cell, Some(w)) => (cell, w),
        (cell, None) => inert(&cell),
    }
}

/// The cells of a run of rows: the answers and overall cells made once per
/// distinct verdict (they depend on nothing else), the rest per row.
fn run_cells(reg: &Registry, run: &[(&Study, &Appraisal)]) -> Vec<Vec<String>> {
    // A verdict the instrument keeps is told apart by its address (the
    // same as long as the instrument lives); one read afresh is not kept.
    let mut made: HashMap<*const Verdict, (String, String)> = HashMap::new();
    run.iter()
        .map(|(s, a)| {
            let r = row(reg, s, a);
            let Some(at) = r.v.as_ref().and_then(Held::kept) else {
                return row_cells(reg, &r);
            };
            let (answers, overall) = made
                .entry(at)
                .or_insert_with(|| judged_cells(reg, &r))
                .clone();
            study_cells(&r, answers, overall)
        })
        .collect()
}

/// The answers and overall cells of `r`, made inert and measured.
fn judged_inert(reg: &Registry, r: &Row) -> [(String, usize); 2] {
    // The overall first: the assessment it reads says whether any answer
    // needs respelling, so the answers are not read again to learn it.
    let overall = inert(&overall_cell(reg, r));
    [answers_inert(r), overall]
}

/// A cell made inert, with its width.
fn inert(c: &str) -> (String, usize) {
    let c = inert_line(c).into_owned();
    let w = crate::cli::width(&c);
    (c, w)
}

#[path = "table_text.rs"]
mod text;
use text::{text_lines, text_run};

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
