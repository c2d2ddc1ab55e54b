//! Drawing the screening screen: the record (terms highlighted), the lists,
//! the duplicates side by side, the text box; and its status line.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{Pane, Purpose, ScreenView};
use crate::screening::prisma::stage_words;
use crate::screening::rank::Ranker;
use crate::screening::rank::ranker::Order;
use crate::screening::terms::Kind;
use crate::screening::{Decision, Stage, State, Who};
use crate::text::inert_line;
use crate::tui::app::App;
use crate::tui::screen::Screen;
use crate::tui::theme::Theme;
use crate::tui::view::fit;

/// `n` with a space between thousands ("2 360"), as the status line shows
/// counts.
pub fn grouped(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// "title and abstract · AB · 312 of 2 360 screened · 41 included · 17 maybe".
pub fn progress_line(v: &ScreenView) -> String {
    progress_parts(v, true).join(" · ")
}

/// The status line in `width` columns: the progress and the order the
/// records come in ("ranked: retrained just now on 41 decisions"); the
/// stage's name (also above the record) goes first when it is too long.
pub fn status_line(v: &ScreenView, width: usize) -> String {
    let order = order_words(v);
    let full = format!("{} · {order}", progress_line(v));
    if UnicodeWidthStr::width(full.as_str()) < width {
        return full;
    }
    format!("{} · {order}", progress_parts(v, false).join(" · "))
}

/// How long ago, in words: "just now", "25 s ago", "3 min ago".
pub fn ago(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match s {
        0..10 => "just now".into(),
        10..60 => format!("{s} s ago"),
        60..3600 => format!("{} min ago", s / 60),
        _ => format!("{} h ago", s / 3600),
    }
}

/// The order the records come in and, ranked, when the model last
/// retrained and on how many decisions.
pub fn order_words(v: &ScreenView) -> String {
    match v.order_kind() {
        Order::File => "file order".into(),
        Order::Random => "random order".into(),
        Order::Ranked => {
            let Some(status) = v.ranker().map(Ranker::status) else {
                return "ranked".into();
            };
            match status.trained {
                Some(t) => format!(
                    "ranked: retrained {} on {} decision{}{}",
                    ago(t.at.elapsed()),
                    grouped(t.decisions),
                    if t.decisions == 1 { "" } else { "s" },
                    if status.training { ", retraining" } else { "" }
                ),
                None if status.training => "ranked: the model is learning your decisions".into(),
                None => "ranked: random until you include one and exclude one".into(),
            }
        }
    }
}

/// The stopping aid: decisions since the last include, and an estimate of
/// the includes left, labelled as one. Never a reason to stop by itself.
pub fn stopping_aid(r: &Ranker) -> String {
    let n = r.screened();
    let Some(e) = r.estimate() else {
        return "shown from your first decision at this stage".into();
    };
    let since = if r.includes() == 0 {
        format!(
            "no include yet in your {} decision{}",
            grouped(n),
            if n == 1 { "" } else { "s" }
        )
    } else {
        let k = r.since_last_include();
        format!(
            "{} decision{} since your last include",
            grouped(k),
            if k == 1 { "" } else { "s" }
        )
    };
    format!("{since} · {}", e.sentence())
}

fn progress_parts(v: &ScreenView, stage: bool) -> Vec<String> {
    let p = &v.progress;
    let mut parts = Vec::new();
    if stage {
        parts.push(stage_words(v.stage).to_string());
    }
    parts.extend([
        inert_line(v.who.name()).into_owned(),
        format!("{} of {} screened", grouped(p.decided), grouped(p.total)),
        format!("{} included", grouped(p.by[Decision::Include as usize])),
        format!("{} maybe", grouped(p.by[Decision::Maybe as usize])),
    ]);
    if v.stage == Stage::FullText {
        parts.push(format!(
            "{} not retrieved",
            grouped(p.by[Decision::NotRetrieved as usize])
        ));
    }
    if v.unblind {
        parts.push("unblinded".into());
    }
    parts
}

/// Draws the screen into `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let Screen::Screening(v) = app.screen() else {
        return;
    };
    let t = &app.theme;
    match v.pane {
        Pane::Record => record(frame, area, v, t),
        Pane::List | Pane::Conflicts => list(frame, area, v, t),
        Pane::Duplicates => duplicates(frame, area, v, t),
    }
    if v.input.is_some() {
        input_box(frame, area, v, t);
    }
}

/// `text` broken into lines of at most `max` columns at spaces, each line
/// styled `base` with the characters the terms match in their colours.
fn marked(v: &ScreenView, text: &str, max: usize, base: Style, t: &Theme) -> Vec<Line<'static>> {
    let text = inert_line(text).into_owned();
    let marks = v.terms.find(&text);
    let chars: Vec<char> = text.chars().collect();
    let style_at = |i: usize| {
        marks
            .iter()
            .find(|(r, _)| r.contains(&i))
            .map(|(_, k)| match k {
                Kind::Include => base.patch(t.include_term),
                Kind::Exclude => base.patch(t.exclude_term),
            })
            .unwrap_or(base)
    };
    // Lines as ranges of characters, broken at spaces.
    let cw = |c: &char| UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str);
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut current: Option<(usize, usize, usize)> = None;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            i += 1;
            continue;
        }
        let ws = i;
        while i < chars.len() && chars[i] != ' ' {
            i += 1;
        }
        let ww: usize = chars[ws..i].iter().map(cw).sum();
        current = match current {
            None => Some((ws, i, ww)),
            Some((s, _, lw)) if lw + 1 + ww <= max => Some((s, i, lw + 1 + ww)),
            Some((s, e, _)) => {
                lines.push((s, e));
                Some((ws, i, ww))
            }
        };
    }
    if let Some((s, e, _)) = current {
        lines.push((s, e));
    }
    if lines.is_empty() {
        lines.push((0, 0));
    }
    lines
        .into_iter()
        .map(|(a, b)| {
            let mut spans: Vec<Span> = Vec::new();
            let mut run = String::new();
            let mut style = None;
            for (k, c) in chars[a..b].iter().enumerate() {
                let st = style_at(a + k);
                if style.is_some_and(|s| s != st) {
                    spans.push(Span::styled(
                        std::mem::take(&mut run),
                        style.unwrap_or(base),
                    ));
                }
                style = Some(st);
                run.push(*c);
            }
            if !run.is_empty() {
                spans.push(Span::styled(run, style.unwrap_or(base)));
            }
            Line::from(spans)
        })
        .collect()
}

/// "include", "exclude (wrong population)".
fn said(d: Decision, reason: &str) -> String {
    if reason.is_empty() {
        d.name().to_string()
    } else {
        format!("{} ({})", d.name(), inert_line(reason))
    }
}

fn record(frame: &mut Frame, area: Rect, v: &ScreenView, t: &Theme) {
    // The stopping aid under the decisions, on at most two lines.
    let aid_width = (area.width as usize).saturating_sub(16);
    let mut aid = crate::tui::wrap::wrap(
        &v.ranker().map(stopping_aid).unwrap_or_default(),
        aid_width,
        "",
    );
    if aid.len() > 2 {
        let rest = aid[1..].join(" ");
        aid.truncate(1);
        aid.push(fit(&rest, aid_width));
    }
    let [body, foot] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(2 + aid.len().max(1) as u16),
    ])
    .areas(area);
    let w = body.width.saturating_sub(2) as usize;
    let Some(r) = v.current() else {
        let text = match v.stage {
            Stage::TitleAbstract => {
                "No records to screen: add a search export with `litrev search add`."
            }
            Stage::FullText => {
                "No full texts yet: records included at title and abstract (by both reviewers or a consensus) come here."
            }
        };
        frame.render_widget(Paragraph::new(format!(" {text}")).style(t.dim), body);
        return;
    };
    let rec = &v.s.records[r];
    let st = &rec.study;
    let mut lines: Vec<Line> = Vec::new();
    let sources: Vec<&str> = {
        let mut s: Vec<&str> = Vec::new();
        for (i, _) in &rec.sources {
            if let Some(x) = v.s.config.searches.get(*i)
                && !s.contains(&x.database.as_str())
            {
                s.push(&x.database);
            }
        }
        s
    };
    lines.push(Line::styled(
        fit(
            &format!(
                " {} · record {} of {} · {} · {}",
                stage_words(v.stage),
                grouped(v.pos + 1),
                grouped(v.order.len()),
                inert_line(&rec.key),
                inert_line(&sources.join(", "))
            ),
            body.width as usize,
        ),
        t.dim,
    ));
    lines.push(Line::raw(""));
    for l in marked(v, &st.title, w, t.title, t) {
        lines.push(indent(l));
    }
    if !st.authors.is_empty() {
        for l in crate::tui::wrap::wrap(&inert_line(&st.authors.join("; ")), w, "") {
            lines.push(Line::styled(format!(" {l}"), t.label));
        }
    }
    let mut meta: Vec<String> = Vec::new();
    if let Some(y) = st.year {
        meta.push(y.to_string());
    }
    if let Some(j) = &st.journal {
        meta.push(inert_line(j).into_owned());
    }
    if let Some(d) = &st.doi {
        meta.push(format!("doi {}", inert_line(d)));
    }
    if let Some(p) = &st.pmid {
        meta.push(format!("PMID {}", inert_line(p)));
    }
    if !meta.is_empty() {
        lines.push(Line::styled(
            fit(&format!(" {}", meta.join(" · ")), body.width as usize),
            t.dim,
        ));
    }
    lines.push(Line::raw(""));
    // Read where it is kept: only the record on screen has its abstract
    // in memory.
    match v.s.abstract_of(r) {
        Some(a) => {
            for l in marked(v, &a, w, Style::new(), t) {
                lines.push(indent(l));
            }
        }
        None => lines.push(Line::styled(" (no abstract in the export)", t.dim)),
    }
    if !st.keywords.is_empty() {
        lines.push(Line::raw(""));
        let kw = format!("Keywords: {}", st.keywords.join("; "));
        for l in marked(v, &kw, w, t.dim, t) {
            lines.push(indent(l));
        }
    }
    if v.stage == Stage::FullText {
        lines.push(Line::raw(""));
        let loc =
            v.s.location(r)
                .map(|l| inert_line(l).into_owned())
                .unwrap_or_else(|| "— (p to give a PDF's path or a URL)".into());
        lines.push(Line::from(vec![
            Span::styled(" Full text: ", t.label),
            Span::raw(loc),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).scroll((v.scroll, 0)), body);

    // Who decided what: the reviewer's own, the others' when not blind.
    let mine = v.s.mark_of(&v.who, r, v.stage);
    let mut first = vec![Span::styled(" You: ", t.label)];
    first.push(match mine {
        Some(m) => Span::styled(said(m.decision, &m.reason), t.title),
        None => Span::styled("not decided", t.dim),
    });
    let others: Vec<String> =
        v.s.marks(r, v.stage)
            .iter()
            .filter(|m| *m.who != v.who)
            .map(|m| {
                let who = match m.who {
                    Who::Consensus => "consensus".to_string(),
                    Who::Reviewer(x) => inert_line(x).into_owned(),
                };
                format!("{who} {}", said(m.row.decision, &m.row.reason))
            })
            .collect();
    let second = if v.sees_others(r) {
        let state = v.s.state(r, v.stage);
        Line::from(vec![
            Span::styled(" Others: ", t.label),
            Span::raw(if others.is_empty() {
                "none yet".to_string()
            } else {
                others.join(" · ")
            }),
            Span::styled(format!("  → {}", state.name()), state_style(state, t)),
        ])
    } else {
        Line::from(vec![
            Span::styled(" Others: ", t.label),
            Span::styled(
                if mine.is_none() {
                    "hidden until you decide (b shows them)"
                } else {
                    "hidden until everyone needed has decided (b shows them)"
                },
                t.dim,
            ),
        ])
    };
    let mut foot_lines = vec![Line::from(first), second];
    for (i, l) in aid.into_iter().enumerate() {
        let label = if i == 0 { " Stopping aid: " } else { "" };
        foot_lines.push(Line::from(vec![
            Span::styled(format!("{label:<15}"), t.label),
            Span::raw(l),
        ]));
    }
    frame.render_widget(
        Paragraph::new(foot_lines).block(Block::new().borders(Borders::TOP).border_style(t.border)),
        Rect {
            y: foot.y.saturating_sub(1),
            height: foot.height + 1,
            ..foot
        },
    );
}

fn indent(l: Line<'static>) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    spans.extend(l.spans);
    Line::from(spans)
}

fn state_style(s: State, t: &Theme) -> Style {
    match s {
        State::Included => t.info,
        State::Excluded | State::NotRetrieved => t.dim,
        State::Conflict | State::Maybe => t.error,
        State::Unscreened | State::Pending => t.dim,
    }
}

/// The rows shown of a list `height` rows high with the cursor in view.
fn window(cursor: usize, offset: usize, len: usize, height: usize) -> usize {
    if height == 0 {
        return 0;
    }
    let mut off = offset.min(len.saturating_sub(1));
    if cursor < off {
        off = cursor;
    }
    if cursor >= off + height {
        off = cursor + 1 - height;
    }
    off
}

fn list(frame: &mut Frame, area: Rect, v: &ScreenView, t: &Theme) {
    let conflicts = v.pane == Pane::Conflicts;
    let title = if conflicts {
        format!(
            " Conflicts at {}: {} to settle (i include, x exclude, m maybe{} for the consensus)",
            stage_words(v.stage),
            grouped(v.list.rows.len()),
            if v.stage == Stage::FullText {
                ", n not retrieved"
            } else {
                ""
            }
        )
    } else {
        format!(
            " Records at {}: {} ({}; tab for the next state)",
            stage_words(v.stage),
            grouped(v.list.rows.len()),
            v.list.state.map_or("every state", |s| s.name())
        )
    };
    let reviewers: Vec<String> = v.s.reviewers().into_iter().map(str::to_string).collect();
    let mut lines = vec![Line::styled(fit(&title, area.width as usize), t.title)];
    let mut head = format!(" {:<10} ", "state");
    for r in &reviewers {
        head.push_str(&format!("{:<9} ", fit(&inert_line(r), 8)));
    }
    head.push_str("year  author          title");
    lines.push(Line::styled(
        fit(&head, area.width as usize),
        t.table_header,
    ));
    let height = area.height.saturating_sub(2) as usize;
    let off = window(v.list.cursor, v.list.offset, v.list.rows.len(), height);
    for (k, &r) in v.list.rows.iter().enumerate().skip(off).take(height) {
        let st = &v.s.records[r].study;
        let state = v.s.state(r, v.stage);
        let mut row = format!(" {:<10} ", state.name());
        for who in &reviewers {
            let w = Who::Reviewer(who.clone());
            // Blind: another reviewer's decision shows only when unblinded.
            let shown = if w == v.who || conflicts || v.sees_others(r) {
                v.s.mark_of(&w, r, v.stage)
                    .map(|m| m.decision.name())
                    .unwrap_or("-")
            } else if v.s.mark_of(&w, r, v.stage).is_some() {
                "•"
            } else {
                "-"
            };
            row.push_str(&format!("{shown:<9} "));
        }
        row.push_str(&format!(
            "{:<4}  {:<14}  {}",
            st.year.map(|y| y.to_string()).unwrap_or_default(),
            fit(&inert_line(st.first_author()), 14),
            inert_line(&st.title)
        ));
        let line = fit(&row, area.width as usize);
        lines.push(if k == v.list.cursor {
            Line::styled(line, t.selected)
        } else {
            Line::raw(line)
        });
    }
    if v.list.rows.is_empty() {
        lines.push(Line::styled(
            if conflicts {
                " No conflicts: every record both reviewers decided, they decided alike."
            } else {
                " No records in this state."
            },
            t.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn duplicates(frame: &mut Frame, area: Rect, v: &ScreenView, t: &Theme) {
    let mut lines = vec![Line::styled(
        fit(
            &format!(
                " Possible duplicates: {} (s the same record, d different records)",
                grouped(v.list.rows.len())
            ),
            area.width as usize,
        ),
        t.title,
    )];
    let w = area.width as usize;
    let height = area.height.saturating_sub(1) as usize;
    let per = 4;
    let off = window(
        v.list.cursor,
        v.list.offset,
        v.list.rows.len(),
        (height / per).max(1),
    );
    for (k, &i) in v
        .list
        .rows
        .iter()
        .enumerate()
        .skip(off)
        .take((height / per).max(1))
    {
        let Some(p) = v.s.possible.get(i) else {
            continue;
        };
        let style = if k == v.list.cursor {
            t.selected
        } else {
            Style::new()
        };
        lines.push(Line::styled(
            fit(&format!(" {}:", p.why), w),
            style.patch(t.label),
        ));
        for r in [p.a, p.b] {
            let rec = &v.s.records[r];
            let st = &rec.study;
            lines.push(Line::styled(
                fit(
                    &format!(
                        "   {}  {} {}  {}",
                        inert_line(&rec.key),
                        inert_line(st.first_author()),
                        st.year.map(|y| y.to_string()).unwrap_or_default(),
                        inert_line(&st.title)
                    ),
                    w,
                ),
                style,
            ));
        }
        lines.push(Line::raw(""));
    }
    if v.list.rows.is_empty() {
        lines.push(Line::styled(
            " No possible duplicates left to decide.",
            t.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn input_box(frame: &mut Frame, area: Rect, v: &ScreenView, t: &Theme) {
    let Some(input) = &v.input else { return };
    let (title, items): (&str, Vec<String>) = match &input.purpose {
        Purpose::Jump => (
            " Go to a record (fuzzy search) ",
            input
                .results
                .iter()
                .map(|&r| {
                    let st = &v.s.records[r].study;
                    format!(
                        "{} {}  {}",
                        inert_line(st.first_author()),
                        st.year.map(|y| y.to_string()).unwrap_or_default(),
                        inert_line(&st.title)
                    )
                })
                .collect(),
        ),
        Purpose::Reason { .. } => (
            " Why is the full text excluded? ",
            input
                .results
                .iter()
                .map(|&i| inert_line(&v.s.config.settings.reasons[i]).into_owned())
                .collect(),
        ),
        Purpose::Location { .. } => (" The full text: a PDF's path or a URL ", Vec::new()),
    };
    let shown = items.len().min(8);
    let h = (3 + shown as u16).min(area.height);
    let rect = Rect {
        x: area.x,
        y: area.y + area.height - h,
        width: area.width,
        height: h,
    };
    frame.render_widget(Clear, rect);
    let w = area.width.saturating_sub(4) as usize;
    let mut lines = vec![Line::styled(
        fit(&format!("> {}", inert_line(&input.text.text())), w),
        t.input_focus,
    )];
    let start = input.cursor.saturating_sub(shown.saturating_sub(1));
    for (k, item) in items.iter().enumerate().skip(start).take(shown) {
        let l = fit(&format!("  {item}"), w);
        lines.push(if k == input.cursor {
            Line::styled(l, t.selected)
        } else {
            Line::raw(l)
        });
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(t.focus_border)
                .title(title),
        ),
        rect,
    );
}
