//! Typing in the screening screen's text box: a jump to any record, the
//! reason a full text is excluded for, where a full text is.

use super::update::{decide, next_open, refresh_list, say, view};
use super::{Pane, Purpose, ScreenView};
use crate::screening::Decision;
use crate::screening::decisions::now;
use crate::tui::action::Action;
use crate::tui::app::App;

/// Typing in the screen's text box.
pub fn input_mode(app: &mut App, action: Action) {
    super::update::poll(app);
    let Some(v) = view(app) else { return };
    let Some(input) = v.input.as_mut() else {
        return;
    };
    match action {
        Action::Insert(c) => {
            input.text.insert(c);
            matches(v);
        }
        Action::Text(e) => {
            input.text.edit(e);
            matches(v);
        }
        Action::Down => {
            input.cursor = (input.cursor + 1).min(input.results.len().saturating_sub(1));
        }
        Action::Up => input.cursor = input.cursor.saturating_sub(1),
        Action::Cancel => v.input = None,
        Action::Submit => submit(app),
        _ => {}
    }
}

/// What the text typed so far offers: records for a jump, reasons.
fn matches(v: &mut ScreenView) {
    let Some(input) = &v.input else { return };
    let q = input.text.text();
    let purpose = input.purpose.clone();
    let results: Vec<usize> = match &purpose {
        Purpose::Jump => v
            .index()
            .search(&q)
            .into_iter()
            .take(50)
            .map(|h| h.index)
            .collect(),
        Purpose::Reason { .. } => {
            let folded = crate::text::fold::fold(q.trim());
            v.s.config
                .settings
                .reasons
                .iter()
                .enumerate()
                .filter(|(_, r)| crate::text::fold::fold(r).contains(&folded))
                .map(|(i, _)| i)
                .collect()
        }
        Purpose::Location { .. } => Vec::new(),
    };
    if let Some(input) = v.input.as_mut() {
        input.results = results;
        input.cursor = 0;
    }
}

fn submit(app: &mut App) {
    let Some(v) = view(app) else { return };
    let Some(input) = v.input.take() else { return };
    let typed = input.text.text().trim().to_string();
    match input.purpose {
        Purpose::Jump => {
            let Some(&record) = input.results.get(input.cursor) else {
                return say(app, "no record matches", true);
            };
            match v.order.iter().position(|&r| r == record) {
                Some(p) => {
                    v.pos = p;
                    v.scroll = 0;
                    v.pane = Pane::Record;
                }
                None => {
                    let m = format!(
                        "{} is not screened at {}",
                        crate::text::inert_line(&v.s.records[record].key),
                        crate::screening::prisma::stage_words(v.stage)
                    );
                    say(app, m, true)
                }
            }
        }
        Purpose::Reason { record, consensus } => {
            let reasons = &v.s.config.settings.reasons;
            let reason = if reasons.is_empty() {
                typed
            } else {
                match input.results.get(input.cursor) {
                    Some(&i) => reasons[i].clone(),
                    None => {
                        v.input = Some(input);
                        return say(app, "pick one of the reasons listed in review.toml", true);
                    }
                }
            };
            if reason.is_empty() {
                v.input = Some(input);
                return say(app, "type the reason the full text is excluded for", true);
            }
            let in_record = v.pane == Pane::Record;
            if decide(app, record, Decision::Exclude, reason, consensus)
                && let Some(v) = view(app)
            {
                if in_record {
                    v.pos = next_open(v);
                    v.scroll = 0;
                } else {
                    refresh_list(v);
                }
            }
        }
        Purpose::Location { record } => {
            let key = v.s.records[record].key.clone();
            if typed.is_empty() {
                v.s.fulltext.rows.remove(std::slice::from_ref(&key));
            } else {
                v.s.fulltext.rows.insert(
                    vec![key.clone()],
                    (vec![typed, v.who.name().to_string(), now()], 0),
                );
            }
            match v.s.fulltext.save() {
                Ok(()) => say(app, format!("full text of {key} noted"), false),
                Err(e) => say(app, e, true),
            }
        }
    }
}
