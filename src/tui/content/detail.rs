//! What the detail pane says about a study: every field, one per line
//! (the pane wraps them). The title and who wrote it come first, then the
//! reviewer's own fields (reference, design, tags, extraction, notes,
//! appraisals), then the rest of the record as imported, the abstract last:
//! what a reviewer added is never below a long abstract.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::appraisal::{Judgement, answer_level};
use crate::model::Answer;
use crate::model::Study;
use crate::text::{inert_line, inert_multiline};

use super::super::app::App;
use super::super::layout::fit;

const LABEL_W: usize = 14;

/// The most of one field (in bytes) the detail pane lays out. No real record
/// comes near it (an abstract is a few kilobytes); a longer field is cut here
/// with a note, so that a frame never wraps megabytes of one field.
pub const MAX_SHOWN: usize = 16 * 1024;

/// `s`, cut at [`MAX_SHOWN`] bytes with a note saying how much is left out.
fn clip(s: &str) -> Cow<'_, str> {
    if s.len() <= MAX_SHOWN {
        return Cow::Borrowed(s);
    }
    let mut end = MAX_SHOWN;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!(
        "{} … [cut here: {} KiB more in the file]",
        &s[..end],
        (s.len() - end).div_ceil(1024)
    ))
}

fn labelled<'a>(app: &App, label: &str, value: impl Into<String>) -> Line<'a> {
    Line::from(vec![
        Span::styled(
            format!("{:<LABEL_W$}", fit(label, LABEL_W - 1)),
            app.theme.label,
        ),
        Span::raw(value.into()),
    ])
}

/// The lines describing `s`.
pub fn lines<'a>(app: &App, s: &Study) -> Vec<Line<'a>> {
    let t = &app.theme;
    let mut out = vec![Line::styled(
        inert_line(&clip(&s.title)).into_owned(),
        t.title,
    )];
    if app.session.is_conflicted(&s.id) {
        out.push(Line::styled(
            format!(
                "⚠ In a merge conflict: shown as one side has it, counted nowhere. Resolve it with `litrev resolve {}`.",
                inert_line(&s.id)
            ),
            t.warning,
        ));
    }
    if !s.authors.is_empty() {
        out.push(labelled(
            app,
            "Authors",
            inert_line(&clip(&s.authors.join("; "))).into_owned(),
        ));
    }
    if let Some(y) = s.year {
        out.push(labelled(app, "Year", y.to_string()));
    }
    if let Some(r) = s.reference {
        let shared = if s.ref_shared { " (shared)" } else { "" };
        out.push(labelled(app, "Ref", format!("{r}{shared}")));
    }
    if let Some(d) = &s.design {
        let text = match app.session.review().design(d) {
            Some(r) => match r.child {
                Some(c) => format!("{} › {}  ({d})", r.group.label, c.label),
                None => format!("{}  ({d})", r.group.label),
            },
            None => format!("{d}  (not in the taxonomy)"),
        };
        out.push(labelled(app, "Design", inert_line(&text).into_owned()));
    }
    if !s.tags.is_empty() {
        // Set apart by a dim " · ", so that a tag holding a comma reads as one.
        let mut spans = vec![Span::styled(format!("{:<LABEL_W$}", "Tags"), t.label)];
        for (k, tag) in s.tags.iter().enumerate() {
            if k > 0 {
                spans.push(Span::styled(" · ", t.dim));
            }
            spans.push(Span::raw(inert_line(&clip(tag)).into_owned()));
        }
        out.push(Line::from(spans));
    }
    for (key, value) in &s.extraction {
        let label = app
            .session()
            .review()
            .field(key)
            .map(|f| f.label.as_str())
            .unwrap_or(key);
        out.push(labelled(
            app,
            &inert_line(label),
            inert_line(&clip(&value.to_string())).into_owned(),
        ));
    }
    for (key, value) in &s.extra {
        out.push(labelled(
            app,
            &inert_line(key),
            inert_line(&clip(&value.to_string())).into_owned(),
        ));
    }
    if let Some(n) = &s.notes {
        out.push(Line::styled("Notes", t.label));
        for l in inert_multiline(&clip(n)).lines() {
            out.push(Line::raw(format!("  {l}")));
        }
    }
    for a in &s.appraisals {
        let judgement = Judgement::of_appraisal(app.instruments(), a);
        let mut head = vec![
            Span::styled(format!("{:<LABEL_W$}", "Appraisal"), t.label),
            Span::styled(inert_line(&a.reviewer).into_owned(), t.title),
            Span::raw(format!(" · {}", inert_line(&a.instrument))),
        ];
        if let Some(c) = a.category {
            head.push(Span::raw(format!(" · category {c}")));
        }
        if let Some(o) = a.unit().outcome {
            head.push(Span::raw(format!(" · outcome {}", inert_line(&o))));
        }
        if let Some(j) = &judgement {
            head.push(Span::raw(" · overall "));
            head.push(Span::styled(
                inert_line(&j.to_string()).into_owned(),
                t.level(j.rank()),
            ));
        }
        out.push(Line::from(head));
        let mut answers = vec![Span::raw(" ".repeat(LABEL_W))];
        for (k, (item, ans)) in a.answers.iter().enumerate() {
            if k > 0 {
                answers.push(Span::styled(" · ", t.dim));
            }
            let text = ans.to_string();
            let style = match &ans {
                Answer::Text(w) => t.level(answer_level(app.instruments(), &a.instrument, item, w)),
                Answer::Int(_) => Style::new(),
            };
            answers.push(Span::raw(format!("{} ", inert_line(item))));
            answers.push(Span::styled(inert_line(&text).into_owned(), style));
        }
        if a.answers.is_empty() {
            answers.push(Span::styled("no answers yet", t.dim));
        }
        out.push(Line::from(answers));
        if let Some(c) = &a.comment {
            out.push(Line::raw(format!(
                "{}“{}”",
                " ".repeat(LABEL_W),
                inert_line(&clip(c))
            )));
        }
    }
    // The reviewer's own fields come first (above the fold); the record as
    // imported follows them, the abstract last.
    // The rest of the bibliographic record; the abstract, like the notes,
    // keeps its line breaks and wraps.
    if let Some(j) = &s.journal {
        out.push(labelled(app, "Journal", inert_line(&clip(j)).into_owned()));
    }
    if let Some(d) = &s.doi {
        out.push(labelled(app, "DOI", inert_line(&clip(d)).into_owned()));
    }
    let bib = [
        ("Volume", &s.volume),
        ("Issue", &s.issue),
        ("Pages", &s.pages),
        ("PMID", &s.pmid),
        ("URL", &s.url),
    ];
    for (label, value) in bib {
        if let Some(v) = value {
            out.push(labelled(app, label, inert_line(&clip(v)).into_owned()));
        }
    }
    if !s.keywords.is_empty() {
        let words = s.keywords.join("; ");
        out.push(labelled(
            app,
            "Keywords",
            inert_line(&clip(&words)).into_owned(),
        ));
    }
    if let Some(a) = &s.r#abstract {
        out.push(Line::styled("Abstract", t.label));
        for l in inert_multiline(&clip(a)).lines() {
            out.push(Line::raw(format!("  {l}")));
        }
    }
    out
}
