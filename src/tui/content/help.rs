//! The help text, generated from the live keymap of one mode.

use ratatui::text::{Line, Span};

use super::super::app::{App, Mode};
use super::super::layout::{width, wrap};
use super::super::strings;

/// Every binding of `mode`, one per line, wrapped to `w` columns.
pub fn lines<'a>(app: &App, mode: Mode, w: usize) -> Vec<Line<'a>> {
    let t = &app.theme;
    let bindings = app.keymap.bindings(mode);
    let kw = bindings
        .iter()
        .map(|(k, _)| width(k))
        .max()
        .unwrap_or(0)
        .max(8);
    let mut out = vec![
        Line::styled(format!("Keys in {} mode", mode.name()), t.title),
        Line::raw(""),
    ];
    // Descriptions wrap beside their keys.
    let desc_w = w.saturating_sub(kw + 4).max(16);
    for (keys, what) in bindings {
        let pad = kw.saturating_sub(width(&keys));
        for (k, row) in wrap(what, desc_w, "").into_iter().enumerate() {
            let lead = if k == 0 {
                format!("  {keys}{}", " ".repeat(pad))
            } else {
                " ".repeat(kw + 2)
            };
            out.push(Line::from(vec![
                Span::styled(lead, t.key),
                Span::raw(format!("  {row}")),
            ]));
        }
    }
    // Notes are indented by two, their continuation rows by four.
    let note = |out: &mut Vec<Line<'a>>, text: &str| {
        let rows = wrap(text, w.saturating_sub(2), "  ");
        out.extend(rows.into_iter().map(|r| Line::raw(format!("  {r}"))));
    };
    if mode == Mode::Appraise {
        out.push(Line::raw(""));
        out.push(Line::styled("Answering", t.label));
        note(
            &mut out,
            "the key shown beside each answer under the form (a letter, or a digit for stars, points and MMAT's category) answers the row under the cursor and moves to the next; on the overall row it records an override (the same key again removes it)",
        );
    }
    if mode == Mode::Reconcile {
        out.push(Line::raw(""));
        out.push(Line::styled("Choosing", t.label));
        note(
            &mut out,
            "1, 2, … take that reviewer's answer for the item under the cursor; the letters shown take that answer of the scale; + and - step a star or point count; items marked ≠ differ; Enter writes the consensus comment (why the reviewers settled as they did), saved with the consensus",
        );
    }
    if mode.takes_paste() {
        out.push(Line::raw(""));
        out.push(Line::styled("Typing", t.label));
        note(&mut out, strings::TEXT_KEYS);
        if mode == Mode::Form {
            note(
                &mut out,
                &format!("choice fields: {}", strings::CHOICE_KEYS),
            );
            note(
                &mut out,
                "↑/↓ move between fields (between lines in multi-line fields)",
            );
        }
    }
    if mode == Mode::Import {
        note(
            &mut out,
            "the path: Tab completes files and folders (~ is your home folder; hidden files once you type the dot)",
        );
        note(
            &mut out,
            "the preview: ↑/↓ scroll the list, ←/→ or space choose the design, Tab moves to the tag; nothing is written until Enter, and u undoes the whole import",
        );
    }
    if mode == Mode::Normal {
        out.push(Line::raw(""));
        note(&mut out, "mouse: the wheel scrolls, a click selects a row");
    }
    out.push(Line::raw(""));
    if let Some(e) = &app.keymap_error {
        let text = crate::text::inert_line(&strings::keymap_error(e)).into_owned();
        for l in wrap(&text, w, "") {
            out.push(Line::styled(l, t.error));
        }
    }
    let file = match &app.keymap_path {
        Some(p) => crate::text::inert_line(&p.display().to_string()).into_owned(),
        None => "keymap.toml in litrev's config folder".to_string(),
    };
    let change = format!(
        "Change a key in {file}: a [{}] table with action = \"key\".",
        mode.name()
    );
    for l in wrap(&change, w, "") {
        out.push(Line::styled(l, t.dim));
    }
    out
}
