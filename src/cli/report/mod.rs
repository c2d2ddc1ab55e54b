//! `litrev report --out DIR`: every table, sentence and figure of the
//! review's results in one folder, with an `index.md` linking them, so a
//! team regenerates its supplement with one command after any edit.
//!
//! Each file is written atomically; nothing in them depends on the clock,
//! so a second run on an unchanged review writes the same bytes. The folder
//! must be new, empty, or a previous report (its `index.md` starts with
//! [`MARKER`]), and never one of a review's own folders. `index.md` ends
//! with the report's manifest ([`MANIFEST`]): every file litrev wrote, with
//! its length and a hash of its bytes. The next report replaces or removes
//! only those files, and only while they still hold what litrev wrote: a
//! file a user added (even one they linked from `index.md`) is never
//! touched, and one they changed is kept unless `--force`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{Fail, FilterArgs, note, open, select};
use crate::manuscript::appraisal::grid::instruments_used;
use crate::manuscript::cite::AuthorYears;
use crate::manuscript::figure::{self, Palette};
use crate::manuscript::map::{Dim, map};
use crate::manuscript::render::markdown_cell;
use crate::manuscript::tally::{By, tally_in};
use crate::model::{CitationStyle, Study};
use crate::text::inert_line;

mod files;
use files::{manifest, prepare, write};

/// The first line of a report's `index.md`: how a folder is known to hold
/// a previous report that may be rewritten.
pub const MARKER: &str =
    "<!-- litrev report: every file linked below is rewritten by `litrev report` -->";

/// The first line of the manifest at the end of `index.md`; each line
/// after it, up to `-->`, is `NAME BYTES HASH` of one file litrev wrote.
pub const MANIFEST: &str = "<!-- litrev report files (name, bytes, hash): the next `litrev report` replaces or removes only these, and only while they hold what litrev wrote";

/// `litrev report`'s arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// The review folder (default: the nearest one holding review.toml, here or above).
    pub review: Option<PathBuf>,
    /// The folder to write into: new, empty, or a previous report.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Citation style, overriding review.toml's citation_style.
    #[arg(long, value_parser = super::parse_cite)]
    pub cite: Option<CitationStyle>,
    /// The appraisal figures' colours.
    #[arg(long, value_enum, default_value = "standard")]
    pub palette: Palette,
    /// Write into a folder that holds other files (same-named files are
    /// replaced; no other file is removed).
    #[arg(long)]
    pub force: bool,
}

/// One file of the report.
struct File {
    name: String,
    text: String,
}

/// The report being composed: its files, and index.md's lines.
#[derive(Default)]
struct Report {
    files: Vec<File>,
    names: BTreeSet<String>,
    index: String,
}

impl Report {
    /// A file name not yet used: `stem.ext`, else `stem-2.ext`, …
    fn name(&self, stem: &str, ext: &str) -> String {
        let mut name = format!("{stem}.{ext}");
        let mut n = 2;
        while self.names.contains(&name) {
            name = format!("{stem}-{n}.{ext}");
            n += 1;
        }
        name
    }

    /// Adds a file; returns its name, for a link.
    fn add(&mut self, name: String, text: String) -> String {
        self.names.insert(name.clone());
        self.files.push(File {
            name: name.clone(),
            text,
        });
        name
    }

    fn line(&mut self, s: &str) {
        self.index.push_str(s);
        self.index.push('\n');
    }
}

/// A file-name part from untrusted text: a-z, 0-9 and single hyphens.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() { "x".into() } else { out }
}

fn style_name(style: CitationStyle) -> &'static str {
    CitationStyle::NAMES
        .iter()
        .find(|n| CitationStyle::parse(n) == Some(style))
        .copied()
        .unwrap_or("brackets")
}

fn csv_text(t: &crate::manuscript::render::Table) -> Result<String, Fail> {
    t.csv()
        .map_err(|e| Fail::usage(format!("cannot write CSV: {e}")))
}

/// A word for a POSIX shell: as it is when it holds nothing the shell
/// reads, else in single quotes (a `'` inside written `'\''`).
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || "-_./:=+@%,".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The filter flags given, as the command line spells them, each value
/// quoted for the shell where it needs it.
fn selection(f: &FilterArgs) -> Vec<String> {
    let mut v = Vec::new();
    v.extend(
        f.design
            .iter()
            .map(|d| format!("--design {}", shell_word(d))),
    );
    v.extend(f.tag.iter().map(|t| format!("--tag {}", shell_word(t))));
    v.extend(f.year.iter().map(|y| format!("--year {}", shell_word(y))));
    v.extend(
        f.appraisal
            .iter()
            .map(|a| format!("--appraisal {}", shell_word(a))),
    );
    v.extend(
        f.search
            .iter()
            .map(|s| format!("--search {}", shell_word(s))),
    );
    v
}

/// The command that writes this report again: the filters, citation style
/// and palette it was made with.
fn regenerate(a: &ReportArgs) -> String {
    let mut v = vec!["litrev report --out DIR".to_string()];
    v.extend(selection(&a.filter));
    if let Some(style) = a.cite {
        v.push(format!("--cite {}", style_name(style)));
    }
    if a.palette != Palette::Standard {
        v.push("--palette colour-blind".to_string());
    }
    v.join(" ")
}

/// Runs `litrev report`.
pub fn run(a: &ReportArgs) -> Result<ExitCode, Fail> {
    let loaded = open(a.review.as_deref())?;
    let review = &loaded.review;
    let style = a.cite.unwrap_or(review.citation_style);
    let mut studies: Vec<&Study> = select(&loaded, &a.filter)?
        .into_iter()
        .map(|e| &e.study)
        .collect();
    // Tables in reference order, whatever order a --search ranked them in.
    studies.sort_by(|x, y| x.order_key().cmp(&y.order_key()));
    let previous = prepare(&a.out, a.force)?;
    let total = loaded.studies.len();
    let letters = AuthorYears::for_style(style, loaded.studies.iter().map(|e| &e.study));
    let mut r = Report::default();
    r.line(MARKER);
    let _ = writeln!(r.index, "# Report: {}\n", markdown_cell(&review.title));
    let chosen = selection(&a.filter);
    let scope = if chosen.is_empty() {
        format!(
            "All {} {} of the review",
            studies.len(),
            if studies.len() == 1 {
                "study"
            } else {
                "studies"
            }
        )
    } else {
        format!(
            "{} of the review's {total} studies, selected by `{}`",
            studies.len(),
            markdown_cell(&chosen.join(" "))
        )
    };
    let _ = writeln!(
        r.index,
        "{scope}; citations in the {} style. Regenerate with `{}`.\n",
        style_name(style),
        markdown_cell(&regenerate(a))
    );

    // Results sentences and tallies, one per way of counting.
    let bys = By::all(review);
    let mut results = String::from("# Results sentences\n");
    let mut tally_lines = Vec::new();
    for by in &bys {
        let t = tally_in(style, review, &studies, by, total).with_author_years(&letters);
        let _ = writeln!(results, "\n## By {}\n", markdown_cell(by.name()));
        let _ = writeln!(results, "{}", inert_line(&t.prose()));
        for n in t.notes() {
            let _ = writeln!(results, "\nNote: {}", inert_line(&n));
        }
        let stem = format!("tally-{}", slug(by.name()));
        let md = r.name(&stem, "md");
        let md = r.add(md, super::tally::markdown(&t));
        let csv = r.name(&stem, "csv");
        let csv = r.add(csv, csv_text(&super::tally::csv(&t))?);
        let svg = r.name(&stem, "svg");
        let svg = r.add(svg, format!("{}\n", figure::tally_bars(&t)));
        tally_lines.push(format!(
            "- By {}: [table]({md}), [CSV]({csv}), [bar chart]({svg})",
            markdown_cell(by.name())
        ));
    }
    let results_name = r.add("results.md".into(), results);
    r.line("## Results sentences\n");
    r.line(&format!(
        "- [The results sentence for each way of counting]({results_name})\n"
    ));
    r.line("## Tallies\n");
    for l in &tally_lines {
        r.line(l);
    }
    r.line("");

    // The evidence map, design × tag.
    let rows = Dim::parse("design", review).map_err(Fail::usage)?;
    let cols = Dim::parse("tag", review).map_err(Fail::usage)?;
    let m = map(review, &studies, &rows, &cols)
        .with_author_years(&letters)
        .with_style(style);
    let csv = r.add("map-design-tag.csv".into(), csv_text(&super::map::csv(&m))?);
    r.line("## Evidence map\n");
    match m.too_large_to_draw() {
        // The grid would be rows × columns places: the CSV lists the cells.
        Some(why) => {
            note(&format!("note: evidence map: {why}"));
            r.line(&format!(
                "- Design × tag: [CSV]({csv}) ({} rows × {} columns: too large to draw as a table or a bubble grid)\n",
                m.rows.len(),
                m.cols.len()
            ));
        }
        None => {
            let md = r.add("map-design-tag.md".into(), super::map::markdown(&m));
            let svg = r.add(
                "map-design-tag.svg".into(),
                format!("{}\n", figure::map_bubbles(&m)),
            );
            r.line(&format!(
                "- Design × tag: [table]({md}), [CSV]({csv}), [bubble grid]({svg})\n"
            ));
        }
    }

    // The included studies.
    let chars = super::export::characteristics(review, &studies);
    let md = r.add("characteristics.md".into(), chars.markdown());
    let csv = r.add("characteristics.csv".into(), csv_text(&chars)?);
    let cited = r.add(
        "studies.md".into(),
        super::list::markdown(review, &studies, style, &letters).markdown(),
    );
    r.line("## Included studies\n");
    r.line(&format!(
        "- Characteristics of the included studies: [table]({md}), [CSV]({csv})"
    ));
    r.line(&format!(
        "- [The included studies, cited in the {} style]({cited})\n",
        style_name(style)
    ));

    // Appraisal, per instrument used.
    let reg = &review.instruments;
    let used = instruments_used(&studies);
    if !used.is_empty() {
        r.line("## Appraisal\n");
    }
    for name in &used {
        let Some(inst) = reg.get(name) else {
            note(&format!(
                "warning: no instrument \"{}\" is known, so its appraisals are left out of the report (run `litrev check`)",
                inert_line(name)
            ));
            continue;
        };
        let s = slug(name);
        let table = |f| super::appraisal::render_table(reg, &studies, Some(name), None, f);
        let md = r.name(&format!("appraisal-{s}"), "md");
        let md = r.add(md, table(super::appraisal::Format::Markdown)?);
        let csv = r.name(&format!("appraisal-{s}"), "csv");
        let csv = r.add(csv, table(super::appraisal::Format::Csv)?);
        let tl = r.name(&format!("traffic-light-{s}"), "svg");
        let tl = r.add(
            tl,
            format!(
                "{}\n",
                figure::traffic_light(reg, inst, &studies, &review.title, a.palette)
            ),
        );
        let sm = r.name(&format!("summary-{s}"), "svg");
        let sm = r.add(
            sm,
            format!(
                "{}\n",
                figure::appraisal_summary(reg, inst, &studies, &review.title, a.palette)
            ),
        );
        r.line(&format!(
            "- {} ({}): [table]({md}), [CSV]({csv}), [traffic-light plot]({tl}), [summary plot]({sm})",
            markdown_cell(&inst.short),
            markdown_cell(&inst.name)
        ));
    }
    if !used.is_empty() {
        r.line("");
    }

    // The PRISMA flow: of the whole review, whatever the filters.
    if let Some(f) = super::prisma::flow(&loaded)? {
        let p = &f.prisma;
        let mut md = p.markdown(&review.title);
        if f.counted {
            md.push_str("\nCounted from the searches in `searches/` and the screening decisions in `screening/`.\n");
        }
        // The flow counts the whole review: a selection does not change it,
        // and a reader of a filtered report is told so beside it.
        let whole = (!chosen.is_empty()).then(|| {
            format!(
                "The flow is of the whole review ({total} included {}); the rest of this report covers the {} selected.",
                if total == 1 { "study" } else { "studies" },
                studies.len()
            )
        });
        if let Some(w) = &whole {
            md.push_str(&format!("\n{w}\n"));
        }
        if !f.issues.is_empty() {
            md.push_str("\n### The counts do not add up\n\n");
            if f.counted {
                for i in &f.issues {
                    let _ = writeln!(md, "- {}", markdown_cell(i));
                }
            } else {
                for i in p.issues(Some(super::prisma::study_files(&loaded))) {
                    let _ = writeln!(
                        md,
                        "- review.toml line {}: {}",
                        i.line,
                        markdown_cell(&i.message)
                    );
                }
            }
        }
        for problem in &f.problems {
            note(problem);
        }
        let md = r.add("prisma.md".into(), md);
        let svg = r.add(
            "prisma.svg".into(),
            format!(
                "{}\n",
                figure::prisma_flow_noted(p, &review.title, whole.as_deref())
            ),
        );
        r.line("## PRISMA 2020 flow\n");
        if let Some(w) = &whole {
            r.line(&format!("{w}\n"));
        }
        r.line(&format!(
            "- [The flow, box by box]({md}), [flow diagram]({svg})"
        ));
    }

    // The full texts excluded, with reasons (from the screening decisions).
    if crate::screening::Screening::present(&loaded.root) {
        let s = crate::screening::Screening::open(&loaded.root).map_err(Fail::usage)?;
        if let Some(table) = crate::screening::export::excluded_markdown(&s) {
            let md = r.add("excluded.md".into(), table);
            r.line("");
            r.line("## Full texts excluded\n");
            r.line(&format!("- [Full texts excluded, with reasons]({md})"));
        }
    }

    let mut index = std::mem::take(&mut r.index);
    index.push_str(&manifest(&r.files));
    write(&a.out, &r, &index, &previous, a.force)?;
    note(&format!(
        "litrev: wrote {} files to {} (start at index.md)",
        r.files.len() + 1,
        inert_line(&a.out.display().to_string())
    ));
    Ok(ExitCode::SUCCESS)
}
