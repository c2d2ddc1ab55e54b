//! The appraisal form and the reconcile view.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::appraisal::instrument::{Instrument, ItemScale, canonical};
use crate::appraisal::{Level, answer_level, judgement_level};
use crate::model::Answer;
use crate::text::inert_line;

use super::super::app::{App, Mode};
use super::super::appraise::{AppraiseForm, Pick, Row, Stage};
use super::super::textbuf::{TextBuf, window};
use super::status::hint_line;
use super::{fit, width};

/// How an answer reads: the word's label ("some concerns"), a number, the
/// text; an answer not on the scale as written, with "?".
fn answer_text(inst: &Instrument, item: usize, a: &Answer) -> String {
    match (inst.items.get(item).and_then(|it| inst.scale_of(it)), a) {
        (Some(ItemScale::Words(w)), Answer::Text(t)) => match canonical(w, t) {
            Some(w) => w.label.clone(),
            None => format!("{} ?", inert_line(t)),
        },
        (_, a) => inert_line(&a.to_string()).into_owned(),
    }
}

fn overall_label(inst: &Instrument, word: &str) -> String {
    match canonical(inst.overall_words(), word) {
        Some(w) => w.label.clone(),
        None => format!("{} ?", inert_line(word)),
    }
}

fn answer_style(app: &App, inst: &Instrument, item: Option<usize>, a: &Answer) -> Style {
    let level = match (item, a) {
        (Some(i), Answer::Text(t)) => inst.items.get(i).map_or(Level::Unknown, |it| {
            answer_level(app.instruments(), &inst.name, &it.id, t)
        }),
        (None, Answer::Text(t)) => judgement_level(app.instruments(), &inst.name, t),
        _ => Level::Unknown,
    };
    app.theme.level(level)
}

/// The popup both views draw in: the body less a column each side.
fn popup(frame: &mut Frame, area: Rect, app: &App, title: String, mode: Mode) -> Rect {
    let t = &app.theme;
    let popup = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.focus_border)
        .title(title)
        .title_bottom(hint_line(app, mode, popup.width.saturating_sub(4) as usize));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    inner
}

/// Lines with the one to keep in view: the window of `height` lines that
/// shows line `focus`.
fn scrolled(lines: Vec<Line<'static>>, focus: usize, height: usize) -> Vec<Line<'static>> {
    let start = if focus >= height {
        focus + 1 - height
    } else {
        0
    };
    lines.into_iter().skip(start).take(height).collect()
}

/// A text box line: `label` then the box's text around its cursor; returns
/// the line and the cursor's column.
fn text_box(app: &App, label: &str, buf: &TextBuf, w: usize) -> (Line<'static>, usize) {
    let line = buf.lines().first().cloned().unwrap_or_default();
    let (_, col) = buf.cursor();
    let lw = width(label);
    let (shown, cx) = window(&inert_line(&line), col, w.saturating_sub(lw + 1).max(1));
    (
        Line::from(vec![
            Span::styled(label.to_string(), app.theme.label),
            Span::styled(shown, app.theme.input_focus),
        ]),
        lw + cx,
    )
}

/// Draws the appraisal form over `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let Some(f) = app.appraisal_form() else {
        return;
    };
    let t = &app.theme;
    let reg = &f.reg;
    let inst = reg.get(&f.instrument);
    let mut title = format!(" Appraise {} ", inert_line(&f.study));
    if let Some(i) = inst {
        title.push_str(&format!("· {} ", i.short));
    }
    if !f.reviewer.is_empty() {
        title.push_str(&format!("· by {} ", inert_line(&f.reviewer)));
    }
    let mode = app.mode();
    let inner = popup(frame, area, app, title, mode);
    if inner.height < 4 || inner.width < 20 {
        return;
    }
    let w = inner.width as usize;
    let mut cursor_at: Option<Position> = None;
    match &f.stage {
        Stage::Initials(buf) => {
            let mut lines = vec![
                Line::raw(fit(
                    &format!(
                        "Your initials sign every appraisal you make (they are stored in your config.toml; {} in the form changes them).",
                        app.key(Mode::Appraise, &super::super::action::Action::Initials)
                    ),
                    w,
                )),
                Line::raw(""),
            ];
            let (l, cx) = text_box(app, "Initials: ", buf, w);
            lines.push(l);
            cursor_at = Some(Position::new(inner.x + cx as u16, inner.y + 2));
            if let Some(m) = &f.message {
                lines.push(Line::raw(""));
                lines.push(Line::styled(fit(&inert_line(m), w), t.error));
            }
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Stage::Pick { entries, cursor } => {
            let mut lines = vec![Line::styled(
                fit(
                    "Choose the instrument for this appraisal, or one of yours:",
                    w,
                ),
                t.title,
            )];
            for (i, e) in entries.iter().enumerate() {
                let mark = if i == *cursor { "▸ " } else { "  " };
                let text = match e {
                    Pick::Instrument(n) => {
                        let Some(inst) = reg.get(n) else { continue };
                        let mut text = format!("{mark}{:<18} {} — {}", n, inst.short, inst.title);
                        if f.suggested.as_deref() == Some(n.as_ref()) {
                            text.push_str("  (the design's instrument)");
                        }
                        text
                    }
                    Pick::Mine(u) => {
                        let short = reg.get(&u.instrument).map_or("", |i| i.short.as_str());
                        let mut about = Vec::new();
                        if let Some(c) = u.category {
                            about.push(format!("category {c}"));
                        }
                        if let Some(o) = &u.outcome {
                            about.push(o.clone());
                        }
                        let about = if about.is_empty() {
                            String::new()
                        } else {
                            format!(" · {}", about.join(", "))
                        };
                        format!("{mark}{:<18} {short}{about} (yours)", u.instrument)
                    }
                    Pick::Another(n) => {
                        let what = match reg.get(n) {
                            Some(i) if !i.categories.is_empty() => "another category",
                            _ => "another outcome",
                        };
                        format!("{mark}{:<18} {what} (new)", n)
                    }
                };
                let style = if i == *cursor {
                    t.selected
                } else {
                    Style::new()
                };
                lines.push(Line::styled(fit(&inert_line(&text), w), style));
            }
            let h = inner.height as usize;
            frame.render_widget(Paragraph::new(scrolled(lines, cursor + 1, h)), inner);
        }
        Stage::Items => {
            let Some(inst) = inst else { return };
            cursor_at = render_items(frame, inner, app, f, inst);
        }
    }
    if let Some(p) = cursor_at {
        frame.set_cursor_position(p);
    }
}

fn render_items(
    frame: &mut Frame,
    inner: Rect,
    app: &App,
    f: &AppraiseForm,
    inst: &Instrument,
) -> Option<Position> {
    let t = &app.theme;
    let w = inner.width as usize;
    let (done, of) = f.progress();
    // The head: the live judgement and the progress.
    let judgement = f.judgement_text();
    let level = crate::appraisal::Judgement::of_appraisal(&f.reg, &f.to_appraisal())
        .map_or(Level::Unknown, |j| j.rank());
    let progress = format!("{done}/{of} answered");
    let mut head = vec![Line::from(vec![
        Span::styled("Overall: ", t.label),
        Span::styled(
            fit(
                &inert_line(&judgement),
                w.saturating_sub(width(&progress) + 12),
            ),
            t.level(level).patch(t.title),
        ),
        Span::raw("   "),
        Span::styled(progress, t.dim),
    ])];
    if let Some(p) = f.overall_problem() {
        // The whole reason, on as many lines as it takes (at most three).
        for l in super::wrap(&format!("! {}", inert_line(&p)), w, "  ")
            .into_iter()
            .take(3)
        {
            head.push(Line::styled(l, t.error));
        }
    }
    // The rows, a line each; the cursor's row adds its domain and keys.
    let rows = f.rows();
    let id_w = inst
        .items
        .iter()
        .map(|i| width(&i.id))
        .max()
        .unwrap_or(2)
        .max(8);
    let ans_w = 16;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut focus = 0;
    let mut last_domain: Option<&str> = None;
    for (r, row) in rows.iter().enumerate() {
        let here = r == f.cursor;
        if let Row::Item(i) = row
            && let Some(d) = inst.items[*i].domain.as_deref()
            && last_domain != Some(d)
        {
            last_domain = Some(d);
            lines.push(Line::styled(
                fit(&format!("  {}", inert_line(d)), w),
                t.label,
            ));
        }
        if here {
            focus = lines.len();
        }
        let mark = if here { "▸ " } else { "  " };
        let (name, answer, style, prompt) = match row {
            Row::Outcome => (
                "outcome".to_string(),
                if f.outcome.is_empty() {
                    "—".to_string()
                } else {
                    inert_line(&f.outcome).into_owned()
                },
                Style::new(),
                format!(
                    "The outcome (result) appraised: {} is made once per outcome",
                    inst.short
                ),
            ),
            Row::Category => (
                "category".to_string(),
                f.category
                    .map(|c| format!("{c} {}", inst.category_name(c).unwrap_or("")))
                    .unwrap_or_else(|| "—".into()),
                Style::new(),
                "The study's category: its five criteria".to_string(),
            ),
            Row::Item(i) => {
                let it = &inst.items[*i];
                let a = f.answers.get(*i).cloned().flatten();
                let mut prompt = it.prompt_for(f.category).to_string();
                if it.critical {
                    // AMSTAR 2's critical domains weigh more in the overall.
                    prompt.push_str(" (critical)");
                }
                match a {
                    Some(a) => (
                        it.id.clone(),
                        answer_text(inst, *i, &a),
                        answer_style(app, inst, Some(*i), &a),
                        prompt,
                    ),
                    None => (it.id.clone(), "·".to_string(), t.dim, prompt),
                }
            }
            Row::Overall => {
                let what = if inst.has_rule() {
                    "Override of the computed overall (optional)"
                } else {
                    "Overall judgement (optional)"
                };
                match &f.overall {
                    Some(o) => (
                        "overall".to_string(),
                        overall_label(inst, o),
                        answer_style(app, inst, None, &Answer::Text(o.as_str().into())),
                        what.to_string(),
                    ),
                    None => (
                        "overall".to_string(),
                        "—".to_string(),
                        t.dim,
                        what.to_string(),
                    ),
                }
            }
            Row::Comment => (
                "comment".to_string(),
                if f.comment.is_empty() {
                    "—".into()
                } else {
                    "✎".into()
                },
                t.dim,
                if f.comment.is_empty() {
                    "Comment on the whole appraisal".to_string()
                } else {
                    inert_line(&f.comment).into_owned()
                },
            ),
        };
        let base = if here { t.selected } else { Style::new() };
        let head_text = format!("{mark}{:<id_w$} ", inert_line(&name));
        let ans = format!("{:<ans_w$} ", fit(&answer, ans_w));
        let rest = w.saturating_sub(width(&head_text) + width(&ans));
        lines.push(Line::from(vec![
            Span::styled(head_text, base),
            Span::styled(ans, base.patch(style)),
            Span::styled(fit(&inert_line(&prompt), rest), base),
        ]));
        if let Row::Item(i) = row
            && let Some(n) = f.notes.get(*i).filter(|n| !n.is_empty())
        {
            let pad = " ".repeat(2 + id_w + 1);
            lines.push(Line::styled(
                fit(&format!("{pad}✎ {}", inert_line(n)), w),
                t.dim,
            ));
        }
    }
    // The foot: the keys of the row under the cursor, a text box, a message.
    let mut foot: Vec<Line<'static>> = Vec::new();
    let mut box_line = None;
    if let Some(row) = f.row() {
        if let Some(buf) = &f.typing {
            let label = match row {
                Row::Item(_) if f.is_text_row(row) => "Answer: ",
                Row::Item(_) => "Comment on this item: ",
                Row::Outcome => "Outcome: ",
                _ => "Comment: ",
            };
            let (l, cx) = text_box(app, label, buf, w);
            box_line = Some(cx);
            foot.push(l);
        } else {
            let keys = f.keys_of(row);
            let mut spans = vec![Span::styled("Keys: ", t.label)];
            if keys.is_empty() {
                spans.push(Span::styled(
                    format!(
                        "{} to write",
                        app.key(Mode::Appraise, &super::super::action::Action::Write)
                    ),
                    t.keys,
                ));
            }
            for (k, _, label) in &keys {
                spans.push(Span::styled(k.to_string(), t.key));
                spans.push(Span::styled(format!(" {}  ", inert_line(label)), t.keys));
            }
            if matches!(row, Row::Item(_)) && !f.is_text_row(row) {
                spans.push(Span::styled(
                    app.key(Mode::Appraise, &super::super::action::Action::Write),
                    t.key,
                ));
                spans.push(Span::styled(" comment", t.keys));
            }
            foot.push(fit_spans(spans, w));
        }
    }
    if let Some(m) = &f.message {
        foot.push(Line::styled(fit(&inert_line(m), w), t.error));
    }
    let h = inner.height as usize;
    let body_h = h.saturating_sub(head.len() + 1 + foot.len() + 1);
    let mut all = head;
    all.push(Line::raw(""));
    let body = scrolled(lines, focus, body_h);
    let body_len = body.len();
    all.extend(body);
    all.extend((body_len..body_h).map(|_| Line::raw("")));
    all.push(Line::raw(""));
    let foot_y = all.len();
    all.extend(foot);
    frame.render_widget(Paragraph::new(all), inner);
    box_line.map(|cx| Position::new(inner.x + cx as u16, inner.y + foot_y as u16))
}

/// Spans cut to `max` columns.
fn fit_spans(spans: Vec<Span<'static>>, max: usize) -> Line<'static> {
    let mut out = Vec::new();
    let mut used = 0;
    for s in spans {
        let sw = width(&s.content);
        if used + sw > max {
            let left = max.saturating_sub(used);
            if left > 1 {
                out.push(Span::styled(fit(&s.content, left), s.style));
            }
            break;
        }
        used += sw;
        out.push(s);
    }
    Line::from(out)
}

/// Draws the reconcile view over `area`.
pub fn render_reconcile(frame: &mut Frame, area: Rect, app: &App) {
    let Some(v) = app.reconcile_view() else {
        return;
    };
    let t = &app.theme;
    let reg = app.instruments();
    let Some(inst) = reg.get(&v.instrument) else {
        return;
    };
    let mut about = Vec::new();
    if let Some(c) = v.unit.category {
        about.push(format!("category {c}"));
    }
    if let Some(o) = &v.unit.outcome {
        about.push(inert_line(o).into_owned());
    }
    let about = if about.is_empty() {
        String::new()
    } else {
        format!(" ({})", about.join(", "))
    };
    let title = format!(
        " Reconcile {} · {}{about} ",
        inert_line(&v.study),
        inst.short
    );
    let inner = popup(frame, area, app, title, Mode::Reconcile);
    if inner.height < 5 || inner.width < 30 {
        return;
    }
    let w = inner.width as usize;
    let study = app.study(&v.study);
    let judgement = study.map(|s| v.judgement_text(s)).unwrap_or_default();
    let differing = v.rows.iter().filter(|r| r.differs).count();
    let mut head = vec![
        Line::from(vec![
            Span::styled("Consensus: ", t.label),
            Span::styled(fit(&inert_line(&judgement), w.saturating_sub(40)), t.title),
            Span::styled(
                format!("   {differing} of {} differ (≠)", v.rows.len()),
                t.dim,
            ),
        ]),
        Line::raw(""),
    ];
    let n = v.reviewers.len();
    let id_w = v
        .rows
        .iter()
        .map(|r| width(&r.id))
        .max()
        .unwrap_or(2)
        .max(4);
    // Narrow screens give each answer fewer columns.
    let col_w = ((w.saturating_sub(id_w + 6)) / (n + 2)).clamp(6, 16);
    let mut header = format!("    {:<id_w$} ", "item");
    for (i, r) in v.reviewers.iter().enumerate() {
        header.push_str(&format!(
            "{:<col_w$} ",
            fit(&format!("{} {}", i + 1, inert_line(r)), col_w)
        ));
    }
    header.push_str(&format!("{:<col_w$} ", "→ consensus"));
    header.push_str("prompt");
    head.push(Line::styled(fit(&header, w), t.table_header));
    let mut lines = Vec::new();
    let mut focus = 0;
    for (ri, r) in v.rows.iter().enumerate() {
        let here = ri == v.cursor;
        if here {
            focus = lines.len();
        }
        let base = if here { t.selected } else { Style::new() };
        let mark = format!(
            "{}{} ",
            if here { "▸" } else { " " },
            if r.differs { "≠" } else { " " }
        );
        let show = |a: &Option<Answer>| -> (String, Style) {
            match a {
                Some(a) => {
                    let text = match r.item {
                        Some(i) => answer_text(inst, i, a),
                        None => overall_label(inst, &a.to_string()),
                    };
                    (text, answer_style(app, inst, r.item, a))
                }
                None => ("·".into(), t.dim),
            }
        };
        let mut spans = vec![
            Span::styled(mark, if r.differs { base.patch(t.error) } else { base }),
            Span::styled(format!("{:<id_w$} ", inert_line(&r.id)), base),
        ];
        for a in &r.answers {
            let (text, style) = show(a);
            let style = if r.differs {
                style.patch(t.highlight)
            } else {
                style
            };
            spans.push(Span::styled(
                format!("{:<col_w$} ", fit(&text, col_w)),
                base.patch(style),
            ));
        }
        let (text, style) = show(&r.chosen);
        spans.push(Span::styled(
            format!("{:<col_w$} ", fit(&text, col_w)),
            base.patch(style),
        ));
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        spans.push(Span::styled(
            fit(&inert_line(&r.prompt), w.saturating_sub(used)),
            base,
        ));
        lines.push(Line::from(spans));
        // Each reviewer's comment on the item, under it.
        for (who, note) in v.reviewers.iter().zip(&r.notes) {
            if let Some(n) = note.as_deref().filter(|n| !n.trim().is_empty()) {
                lines.push(Line::styled(
                    fit(
                        &format!(
                            "{}✎ {}: {}",
                            " ".repeat(4 + id_w),
                            inert_line(who),
                            inert_line(n)
                        ),
                        w,
                    ),
                    t.dim,
                ));
            }
        }
    }
    let mut foot = Vec::new();
    // The consensus comment: its text box while it is written.
    let mut cursor_x = None;
    match &v.typing {
        Some(buf) => {
            let (l, cx) = text_box(app, "Comment: ", buf, w);
            cursor_x = Some(cx);
            foot.push(l);
        }
        None if v.comment.is_empty() => foot.push(Line::from(vec![
            Span::styled("Comment: ", t.label),
            Span::styled("none (Enter writes one)", t.dim),
        ])),
        None => {
            let first = v.comment.lines().next().unwrap_or("");
            foot.push(Line::from(vec![
                Span::styled("Comment: ", t.label),
                Span::raw(fit(&inert_line(first), w.saturating_sub(9))),
            ]));
        }
    }
    if let Some(r) = v.rows.get(v.cursor).filter(|_| v.typing.is_none()) {
        let mut spans = vec![Span::styled("Keys: ", t.label)];
        for (i, name) in v.reviewers.iter().enumerate().take(9) {
            spans.push(Span::styled((i + 1).to_string(), t.key));
            spans.push(Span::styled(format!(" {}'s  ", inert_line(name)), t.keys));
        }
        for (k, _, label) in v.keys_of(r) {
            spans.push(Span::styled(k.to_string(), t.key));
            spans.push(Span::styled(format!(" {}  ", inert_line(&label)), t.keys));
        }
        foot.push(fit_spans(spans, w));
    }
    if let Some(m) = &v.message {
        foot.push(Line::styled(fit(&inert_line(m), w), t.error));
    }
    let h = inner.height as usize;
    let body_h = h.saturating_sub(head.len() + foot.len() + 1);
    let mut all = head;
    let body = scrolled(lines, focus, body_h);
    let body_len = body.len();
    all.extend(body);
    all.extend((body_len..body_h).map(|_| Line::raw("")));
    all.push(Line::raw(""));
    let comment_y = all.len();
    all.extend(foot);
    frame.render_widget(Paragraph::new(all), inner);
    if let Some(cx) = cursor_x
        && comment_y < inner.height as usize
    {
        frame.set_cursor_position(Position::new(
            inner.x + cx as u16,
            inner.y + comment_y as u16,
        ));
    }
}
