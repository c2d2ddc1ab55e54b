//! `litrev instruments`, `litrev appraisal`, `litrev agreement` and the
//! robvis export: the appraisal commands over `crate::appraisal`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use serde_json::{Map, Value as J, json};

use super::{Fail, emit, find_review, open};
use crate::appraisal::instrument::{ItemScale, Rule};
use crate::appraisal::memo::Verdict;
use crate::appraisal::{self, Instrument, Judgement, Registry};
use crate::manuscript::appraisal::{grid, robvis};
use crate::manuscript::render::{Table, json_text};
use crate::model::Study;
use crate::model::{Answer, Appraisal};
use crate::text::inert_line;

/// Output formats of `litrev appraisal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Csv,
    Json,
}

/// Output formats of `litrev agreement` and `litrev instruments`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

pub(super) fn json_out(v: &impl serde::Serialize) -> Result<String, Fail> {
    json_text(v).map_err(|e| Fail::usage(format!("cannot write JSON: {e}")))
}

/// The instrument called `name`, or a usage error naming the known ones.
pub(super) fn instrument<'r>(reg: &'r Registry, name: &str) -> Result<&'r Instrument, Fail> {
    reg.get(name).ok_or_else(|| {
        Fail::usage(format!(
            "unknown instrument \"{}\": expected one of {}",
            inert_line(name),
            reg.names()
        ))
    })
}

/// Runs `litrev instruments [NAME]`: the built-ins plus, inside a review
/// (or with `--review`), the review's own.
pub fn instruments(
    review: Option<&Path>,
    name: Option<&str>,
    format: TextOrJson,
) -> Result<ExitCode, Fail> {
    let dir = match review {
        Some(p) => Some(super::named_review(p)?),
        None => find_review().ok().flatten(),
    };
    let reg = match &dir {
        Some(d) => {
            let (reg, problems) = Registry::for_review(d);
            for p in &problems {
                super::note(&format!("warning: {p}"));
            }
            reg
        }
        None => Registry::builtin(),
    };
    let out = match (name, format) {
        (None, TextOrJson::Text) => {
            let mut t = Table::new(["name", "instrument", "version", "items", "overall"]);
            for i in reg.iter() {
                t.push(vec![
                    i.name.clone(),
                    i.title.clone(),
                    i.version.clone(),
                    i.items.len().to_string(),
                    rule_words(i),
                ]);
            }
            text_table(&t)
        }
        (None, TextOrJson::Json) => json_out(&reg.iter().map(instrument_json).collect::<Vec<_>>())?,
        (Some(n), TextOrJson::Json) => json_out(&instrument_json(instrument(&reg, n)?))?,
        (Some(n), TextOrJson::Text) => show(instrument(&reg, n)?),
    };
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// How the overall is formed, in a few words.
fn rule_words(i: &Instrument) -> String {
    let apart = match &i.applicability {
        Some(c) => format!("; {} apart", c.name),
        None => String::new(),
    };
    match &i.overall {
        Rule::Worst { floor: true, .. } => "worst domain (overrides may only raise it)".into(),
        Rule::Worst { .. } => format!("worst domain{apart}"),
        Rule::Flaws { .. } => "critical flaws and weaknesses".into(),
        Rule::Stars { .. } => "stars per domain (bands)".into(),
        Rule::Sum { .. } => format!("sum of points (0–{})", i.max_points()),
        Rule::None { answers } if answers.is_empty() => "none (report the items)".into(),
        Rule::None { .. } => "reviewer's judgement".into(),
    }
}

fn scale_words(i: &Instrument, s: ItemScale<'_>) -> String {
    let _ = i;
    match s {
        ItemScale::Words(w) => w
            .iter()
            .map(|w| {
                let mut syn = w.synonyms.clone();
                syn.retain(|s| s != &w.word);
                if syn.is_empty() {
                    w.word.clone()
                } else {
                    format!("{} ({})", w.word, syn.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join(" | "),
        ItemScale::Range(lo, hi) => format!("a whole number {lo}–{hi}"),
        ItemScale::Text => "free text".into(),
    }
}

/// One instrument in full: items, scales, overall.
fn show(i: &Instrument) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} — {} ({})", i.name, i.title, i.version);
    let _ = writeln!(o, "source: {}", i.source);
    if !i.designs.is_empty() {
        let _ = writeln!(o, "for: {}", i.designs);
    }
    if !i.categories.is_empty() {
        let c: Vec<String> = i.categories.iter().map(|c| c.to_string()).collect();
        let _ = writeln!(
            o,
            "category: one of {} (recorded as `category`)",
            c.join(", ")
        );
    }
    let _ = writeln!(o, "\nitems:");
    let mut domain: Option<&str> = None;
    for it in &i.items {
        if it.domain.as_deref() != domain {
            domain = it.domain.as_deref();
            if let Some(d) = domain {
                let _ = writeln!(o, "  {d}");
            }
        }
        let mut flags = Vec::new();
        if it.critical {
            flags.push("critical");
        }
        if it.optional {
            flags.push("optional");
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", flags.join(", "))
        };
        let _ = writeln!(o, "    {:<4} {}{flags}", it.id, it.prompt);
    }
    let _ = writeln!(o, "\nanswers:");
    let mut seen = Vec::new();
    for it in &i.items {
        let name = it.scale.get_ref();
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let ids: Vec<&str> = i
            .items
            .iter()
            .filter(|x| x.scale.get_ref() == name)
            .map(|x| x.id.as_str())
            .collect();
        if let Some(s) = i.scale_of(it) {
            let _ = writeln!(o, "  {}: {}", ids.join(" "), scale_words(i, s));
        }
    }
    let _ = writeln!(o, "\noverall: {}", rule_words(i));
    let words = i.overall_words();
    if !words.is_empty() {
        let _ = writeln!(o, "  {}", scale_words(i, ItemScale::Words(words)));
    }
    if let Some(c) = &i.applicability {
        let _ = writeln!(
            o,
            "{}: the worst of {}, apart from the overall",
            c.name,
            c.items.join(", ")
        );
        let _ = writeln!(
            o,
            "  {}",
            scale_words(i, ItemScale::Words(i.concern_words()))
        );
    }
    inert_line_block(&o)
}

/// A table as aligned text columns (the last column unpadded), cells inert.
fn text_table(t: &Table) -> String {
    let mut bytes = Vec::new();
    // Writing into memory does not fail.
    let _ = text_table_to(t, &text_widths(t, t.rows.iter()), t.rows.iter(), &mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The widths of [`text_table`]'s columns: each as wide as its widest cell
/// made inert, the header's included.
fn text_widths<R: AsRef<[String]>>(t: &Table, rows: impl IntoIterator<Item = R>) -> Vec<usize> {
    let mut widths: Vec<usize> = t.columns.iter().map(|c| super::width(&c.name)).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r.as_ref()) {
            *w = (*w).max(super::width(&inert_line(c)));
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
    let cell = |s: &str| inert_line(s).into_owned();
    let line = |cells: Vec<String>| {
        let last = cells.len().saturating_sub(1);
        let mut l = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == last {
                    c.clone()
                } else {
                    super::pad(c, widths.get(i).copied().unwrap_or(0))
                }
            })
            .collect::<Vec<_>>()
            .join("  ");
        l.truncate(l.trim_end().len());
        l.push('\n');
        l
    };
    out.write_all(line(t.columns.iter().map(|c| c.name.clone()).collect()).as_bytes())?;
    for r in rows {
        out.write_all(line(r.as_ref().iter().map(|c| cell(c)).collect()).as_bytes())?;
    }
    Ok(())
}

pub(super) fn inert_line_block(s: &str) -> String {
    s.lines().map(|l| format!("{}\n", inert_line(l))).collect()
}

fn instrument_json(i: &Instrument) -> J {
    let items: Vec<J> = i
        .items
        .iter()
        .map(|it| {
            json!({
                "id": it.id,
                "prompt": it.prompt,
                "domain": it.domain,
                "critical": it.critical,
                "optional": it.optional,
                "answers": match i.scale_of(it) {
                    Some(ItemScale::Words(w)) => json!(w.iter().map(|w| &w.word).collect::<Vec<_>>()),
                    Some(ItemScale::Range(lo, hi)) => json!({"min": lo, "max": hi}),
                    _ => json!("text"),
                },
            })
        })
        .collect();
    json!({
        "name": i.name,
        "short": i.short,
        "title": i.title,
        "version": i.version,
        "source": i.source,
        "items": items,
        "overall": i.overall_words().iter().map(|w| &w.word).collect::<Vec<_>>(),
        "rule": rule_words(i),
    })
}

/// One appraisal of `litrev appraisal`'s table.
struct Row<'a> {
    study: &'a Study,
    a: &'a Appraisal,
    /// What its answers come to (`None`: an unknown instrument).
    v: Option<Arc<Verdict>>,
    has_applicability: bool,
}

impl Row<'_> {
    /// The answers, each in its canonical spelling where it is on its
    /// item's scale.
    fn answers(&self) -> &appraisal::Answers {
        self.v.as_ref().map_or(&self.a.answers, |v| &v.canonical)
    }

    fn assessed(&self) -> Option<&appraisal::Assessed> {
        self.v.as_ref().map(|v| &v.assessed)
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

fn row<'a>(reg: &Registry, s: &'a Study, a: &'a Appraisal) -> Row<'a> {
    let inst = reg.get(&a.instrument);
    Row {
        study: s,
        a,
        v: inst.map(|i| appraisal::rules::verdict(i, a)),
        has_applicability: inst.is_some_and(|i| i.applicability.is_some()),
    }
}

/// Runs `litrev appraisal`.
pub fn table(
    review: Option<&Path>,
    inst: Option<&str>,
    reviewer: Option<&str>,
    format: Format,
    out: &super::out::OutArgs,
) -> Result<ExitCode, Fail> {
    // The table shows each study's short citation and its appraisals.
    let loaded = super::open_for_appraisals(review, true)?;
    let reg = &loaded.review.instruments;
    if let Some(i) = inst {
        instrument(reg, i)?;
    }
    let studies: Vec<&Study> = loaded.studies().collect();
    match &out.out {
        // A file is written whole, atomically.
        Some(_) => {
            let text = render_table(reg, &studies, inst, reviewer, format)?;
            let name = clap::ValueEnum::to_possible_value(&format)
                .map(|v| v.get_name().to_string())
                .unwrap_or_default();
            super::emit_to(&text, out, &format!("appraisal {name}"))?;
        }
        None => write_table(reg, &studies, inst, reviewer, format)?,
    }
    // The process ends here: freeing every study one string at a time
    // would take a good part of the command's time, for nothing.
    std::mem::forget(studies);
    std::mem::forget(loaded);
    Ok(ExitCode::SUCCESS)
}

/// The appraisal figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Figure {
    /// Studies down, domains across, a dot per judgement.
    TrafficLight,
    /// Per domain, the share of studies at each judgement.
    Summary,
}

/// Runs `litrev appraisal --figure`: one instrument's figure as SVG, of the
/// agreed answers, or of one reviewer's own (`reviewer`).
pub fn figure(
    review: Option<&Path>,
    inst: &str,
    reviewer: Option<&str>,
    (figure, palette): (Figure, crate::manuscript::figure::Palette),
    out: &super::out::OutArgs,
) -> Result<ExitCode, Fail> {
    let loaded = open(review)?;
    let reg = &loaded.review.instruments;
    let i = instrument(reg, inst)?;
    let own: Vec<Study> = match reviewer {
        // One reviewer's appraisals alone read as that reviewer's answers.
        Some(r) => loaded
            .studies()
            .map(|s| Study {
                appraisals: s
                    .appraisals
                    .iter()
                    .filter(|a| a.reviewer.eq_ignore_ascii_case(r))
                    .cloned()
                    .collect(),
                ..s.clone()
            })
            .collect(),
        None => Vec::new(),
    };
    let studies: Vec<&Study> = match reviewer {
        Some(_) => own.iter().collect(),
        None => loaded.studies().collect(),
    };
    let used = grid::instruments_used(&studies);
    if !used.iter().any(|u| u == &i.name) {
        return Err(Fail::usage(format!(
            "no study is appraised with {}: the instruments used are {}",
            i.name,
            if used.is_empty() {
                "none".to_string()
            } else {
                inert_line(&used.join(", ")).into_owned()
            }
        )));
    }
    let title = &loaded.review.title;
    let svg = match figure {
        Figure::TrafficLight => {
            crate::manuscript::figure::traffic_light(reg, i, &studies, title, palette)
        }
        Figure::Summary => {
            crate::manuscript::figure::appraisal_summary(reg, i, &studies, title, palette)
        }
    };
    let name = clap::ValueEnum::to_possible_value(&figure)
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    super::emit_to(&format!("{svg}\n"), out, &format!("appraisal {name}"))?;
    Ok(ExitCode::SUCCESS)
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

/// [`render_table`] written to stdout as it is made: the rows are made one
/// at a time (twice for the text table: once for the columns' widths) and
/// never held, so 200 000 appraisals print in the memory of loading them.
fn write_table(
    reg: &Registry,
    studies: &[&Study],
    inst: Option<&str>,
    reviewer: Option<&str>,
    format: Format,
) -> Result<(), Fail> {
    use std::io::Write as _;
    // Each row made on every core, a block of rows at a time (the text
    // table goes over them twice: widths, then lines).
    let chosen: Vec<(&Study, &Appraisal)> = chosen(studies, inst, reviewer).collect();
    if format == Format::Json {
        return super::emit_json(|ser| {
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
            // The columns' widths first, from what sets them alone.
            let mut widths = vec![0; t.columns.len()];
            for block in chosen.chunks(BLOCK) {
                for w in crate::text::threads::runs(block, |run| run_widths(reg, run)) {
                    for (x, y) in widths.iter_mut().zip(w) {
                        *x = (*x).max(y);
                    }
                }
            }
            for (x, c) in widths.iter_mut().zip(&t.columns) {
                *x = (*x).max(super::width(&c.name));
            }
            text_table_to(&t, &widths, cells(), &mut out)
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
    let mut answers: Vec<String> = r
        .answers()
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    if let Some(c) = r.a.category {
        answers.insert(0, format!("category {c}"));
    }
    let overall = match r.assessed().and_then(|x| x.overall.as_ref()) {
        Some(w) => {
            let mut j = Judgement::new(&r.a.instrument, w);
            if let Some(x) = r.assessed() {
                j.computed = x.is_override().then(|| x.computed.clone()).flatten();
                j.applicability = x.applicability.clone();
            }
            j.read_by(reg).to_string()
        }
        None => "—".into(),
    };
    (answers.join(" · "), overall)
}

/// The widths of the padded columns (all but the last, the overall) of a
/// run of rows, as [`text_widths`] finds them from [`run_cells`]' cells:
/// the answers' width found once per distinct verdict.
fn run_widths(reg: &Registry, run: &[(&Study, &Appraisal)]) -> Vec<usize> {
    let mut widths = vec![0; 5];
    let mut seen: HashMap<*const Verdict, (Arc<Verdict>, usize)> = HashMap::new();
    for (s, a) in run {
        let r = row(reg, s, a);
        let answers = match &r.v {
            Some(v) => {
                seen.entry(Arc::as_ptr(v))
                    .or_insert_with(|| {
                        let w = super::width(&inert_line(&judged_cells(reg, &r).0));
                        (Arc::clone(v), w)
                    })
                    .1
            }
            None => super::width(&inert_line(&judged_cells(reg, &r).0)),
        };
        let own = [
            // A number's digits.
            s.reference
                .map_or(0, |n| n.checked_ilog10().map_or(1, |d| d as usize + 1)),
            super::width(&inert_line(&study_cell(&r))),
            super::width(&inert_line(&a.reviewer)),
            answers,
        ];
        for (w, x) in widths.iter_mut().zip(own) {
            *w = (*w).max(x);
        }
    }
    widths
}

/// The cells of a run of rows: the answers and overall cells made once per
/// distinct verdict (they depend on nothing else), the rest per row.
fn run_cells(reg: &Registry, run: &[(&Study, &Appraisal)]) -> Vec<Vec<String>> {
    // Each verdict is held while its cells are: its address cannot be
    // reused by another while it is a key.
    let mut made: HashMap<*const Verdict, (Arc<Verdict>, String, String)> = HashMap::new();
    run.iter()
        .map(|(s, a)| {
            let r = row(reg, s, a);
            let Some(v) = &r.v else {
                return row_cells(reg, &r);
            };
            let (_, answers, overall) = made.entry(Arc::as_ptr(v)).or_insert_with(|| {
                let (x, y) = judged_cells(reg, &r);
                (Arc::clone(v), x, y)
            });
            let (answers, overall) = (answers.clone(), overall.clone());
            study_cells(&r, answers, overall)
        })
        .collect()
}

/// `litrev export --format robvis --instrument NAME [--reviewer R] [--weight
/// FIELD] [--out FILE]`: the rows left out are named on stderr.
pub fn export_robvis(
    review: Option<&Path>,
    filter: &super::FilterArgs,
    inst: Option<&str>,
    opts: &robvis::Options,
    out: &super::out::OutArgs,
) -> Result<ExitCode, Fail> {
    let loaded = open(review)?;
    let reg = &loaded.review.instruments;
    let Some(name) = inst else {
        return Err(Fail::usage(format!(
            "--format robvis needs --instrument: one of {}",
            robvis::drawable(reg).join(", ")
        )));
    };
    let i = instrument(reg, name)?;
    if let Some(f) = &opts.weight
        && !loaded.review.fields.iter().any(|x| x.key == *f)
    {
        return Err(Fail::usage(format!(
            "--weight {}: no such field in review.toml: expected one of {}",
            inert_line(f),
            loaded
                .review
                .fields
                .iter()
                .map(|x| x.key.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let studies: Vec<&Study> = super::select(&loaded, filter)?
        .into_iter()
        .map(|e| &e.study)
        .collect();
    let export = robvis::write(reg, i, &studies, opts).map_err(|e| match e {
        robvis::RobvisError::Weight { .. } => Fail::data(inert_line(&e.to_string()).into_owned()),
        _ => Fail::usage(e.to_string()),
    })?;
    if !export.left_out.is_empty() {
        super::note(&format!(
            "left out of the robvis CSV ({}): {} (reconcile them, or export one reviewer's with --reviewer)",
            export.left_out.len(),
            inert_line(&export.left_out.join("; "))
        ));
    }
    super::emit_to(&export.csv, out, "export robvis")?;
    Ok(ExitCode::SUCCESS)
}
