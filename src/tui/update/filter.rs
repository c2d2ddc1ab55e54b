//! The filter picker: designs, tags, years, judgements and the studies of
//! an evidence-map cell, applied as they are toggled or typed.

use crate::appraisal::Judgement;
use crate::model::DesignPath;
use crate::text::fold::fold;

use super::super::action::{Action, TextEdit};
use super::super::app::{App, FilterPicker, FilterRow, Mode, PagerKind};
use super::super::screen::Overlay;
use super::table::clear_filters;
use super::{error, invalidate, open, open_pager, refresh, selected_id};

pub(super) fn open_filter(app: &mut App) {
    let mut rows = Vec::new();
    // The studies picked on the map come first: they are the filter most
    // likely to be in the way.
    if let Some(set) = &app.filter.studies {
        rows.push(FilterRow::Header("Studies"));
        rows.push(FilterRow::Studies(set.clone()));
    }
    rows.push(FilterRow::Header("Design"));
    let review = app.session.review();
    for path in review.design_paths() {
        let Some(d) = review.resolve(&path) else {
            continue;
        };
        rows.push(FilterRow::Design {
            label: d.node().short_label().to_string(),
            child: !path.is_group(),
            path,
        });
    }
    // "not classified" when some study has no design (imported records).
    if app
        .studies()
        .any(|s| s.design.as_deref().is_none_or(|d| d.trim().is_empty()))
    {
        rows.push(FilterRow::Unclassified);
    }
    let mut tags: Vec<String> = app.studies().flat_map(|s| s.tags.iter().cloned()).collect();
    tags.sort_by_key(|t| fold(t));
    tags.dedup();
    if !tags.is_empty() {
        rows.push(FilterRow::Header("Tag"));
        rows.extend(tags.into_iter().map(FilterRow::Tag));
    }
    rows.push(FilterRow::Header("Year"));
    rows.push(FilterRow::YearFrom);
    rows.push(FilterRow::YearTo);
    let reg = app.instruments();
    let mut judgements: Vec<Option<Judgement>> = app
        .studies()
        .flat_map(|s| {
            let each = Judgement::each(reg, &s.appraisals);
            if each.is_empty() {
                vec![None]
            } else {
                each.into_iter().map(Some).collect()
            }
        })
        .collect();
    judgements.sort();
    judgements.dedup();
    rows.push(FilterRow::Header("Appraisal"));
    // "not appraised" (`None`, sorted first) last.
    let none = judgements.first().is_some_and(|j| j.is_none());
    rows.extend(
        judgements
            .into_iter()
            .filter(|j| j.is_some())
            .map(FilterRow::Judgement),
    );
    if none {
        rows.push(FilterRow::Judgement(None));
    }
    let counts = counts(app, &rows);
    let cursor = app.picker_cursor.min(rows.len().saturating_sub(1));
    let mut picker = FilterPicker {
        rows,
        cursor,
        counts,
        typed: String::new(),
    };
    if !picker.rows.get(cursor).is_some_and(|r| r.selectable()) {
        step(&mut picker, 1);
    }
    open(app, Overlay::Filter(picker));
}

/// How many studies of the review each row picks (one pass over them).
fn counts(app: &App, rows: &[FilterRow]) -> Vec<Option<usize>> {
    use std::collections::HashMap;
    let reg = app.instruments();
    let mut designs: HashMap<String, usize> = HashMap::new();
    let mut tags: HashMap<&str, usize> = HashMap::new();
    let mut judgements: HashMap<Option<Judgement>, usize> = HashMap::new();
    let mut unclassified = 0;
    for s in app.studies() {
        match s.design_path() {
            Some(p) => {
                *designs.entry(p.to_string()).or_default() += 1;
                if !p.is_group() {
                    *designs.entry(p.group().to_string()).or_default() += 1;
                }
            }
            None => unclassified += 1,
        }
        let mut seen: Vec<&str> = s.tags.iter().map(String::as_str).collect();
        seen.sort_unstable();
        seen.dedup();
        for t in seen {
            *tags.entry(t).or_default() += 1;
        }
        *judgements
            .entry(Judgement::of(reg, &s.appraisals))
            .or_default() += 1;
    }
    rows.iter()
        .map(|r| match r {
            FilterRow::Design { path, .. } => {
                Some(designs.get(path.as_str()).copied().unwrap_or(0))
            }
            FilterRow::Unclassified => Some(unclassified),
            FilterRow::Tag(t) => Some(tags.get(t.as_str()).copied().unwrap_or(0)),
            FilterRow::Judgement(j) => Some(judgements.get(j).copied().unwrap_or(0)),
            // A map cell says its count in its description.
            FilterRow::Studies(_) => None,
            _ => None,
        })
        .collect()
}

fn picker_move(app: &mut App, delta: isize) {
    if let Some(p) = app.overlays.picker_mut() {
        step(p, delta);
    }
}

/// Moves the cursor to the next selectable row in the direction of
/// `delta`; at either end it stays (no wrapping round to the other end).
fn step(picker: &mut FilterPicker, delta: isize) {
    let n = picker.rows.len() as isize;
    if n == 0 {
        return;
    }
    let mut i = picker.cursor as isize;
    loop {
        i += delta.signum();
        if i < 0 || i >= n {
            return;
        }
        if picker.rows[i as usize].selectable() {
            picker.cursor = i as usize;
            return;
        }
    }
}

/// Typing in the picker (a letter no key of the picker takes) jumps to the
/// first row with a word starting with what was typed ("cli" → "Qual:
/// clinician"); a letter that extends no match starts again from the row
/// after the cursor. Any other key ends the word typed.
fn jump(picker: &mut FilterPicker, c: char) {
    let starts = |i: usize, prefix: &str| {
        let prefix = fold(prefix);
        picker.rows[i].words().is_some_and(|w| {
            fold(&w)
                .split(|ch: char| !ch.is_alphanumeric())
                .any(|w| !w.is_empty() && w.starts_with(&prefix))
        })
    };
    let n = picker.rows.len();
    let grown = format!("{}{c}", picker.typed);
    if let Some(i) = (0..n).find(|&i| starts(i, &grown)) {
        picker.cursor = i;
        picker.typed = grown;
    } else if let Some(i) = (picker.cursor + 1..n)
        .chain(0..picker.cursor)
        .find(|&i| starts(i, &c.to_string()))
    {
        picker.cursor = i;
        picker.typed = c.to_string();
    } else {
        picker.typed.clear();
    }
}

fn toggle<T: Ord + Clone>(set: &mut std::collections::BTreeSet<T>, v: &T) {
    if !set.remove(v) {
        set.insert(v.clone());
    }
}

pub(super) fn filter(app: &mut App, action: Action) {
    let row = app.picker().and_then(|p| p.rows.get(p.cursor)).cloned();
    if !matches!(action, Action::Insert(_))
        && let Some(p) = app.overlays.picker_mut()
    {
        p.typed.clear();
    }
    let mut changed = false;
    match action {
        Action::Down | Action::Scroll(1..) => picker_move(app, 1),
        Action::Up | Action::Scroll(..=-1) => picker_move(app, -1),
        Action::Close => {
            // The cursor is where it was when the picker opens again.
            if let Some(Overlay::Filter(p)) = app.overlays.pop() {
                app.picker_cursor = p.cursor;
            }
        }
        Action::Help => open_pager(app, PagerKind::Help(Mode::Filter)),
        Action::ClearFilters => {
            clear_filters(app);
            return;
        }
        Action::Toggle => {
            changed = true;
            match row {
                Some(FilterRow::Design { path, child, .. }) => {
                    let f = &mut app.filter.designs;
                    if child {
                        if !f.remove(&path) {
                            f.insert(path.clone());
                        } else {
                            // Unselecting a child unselects its parent.
                            f.remove(&path.to_group());
                        }
                    } else {
                        let kids: Vec<DesignPath> = app
                            .session
                            .review()
                            .design_paths()
                            .into_iter()
                            .filter(|p| !p.is_group() && path.contains(p))
                            .collect();
                        if f.remove(&path) {
                            for k in &kids {
                                f.remove(k);
                            }
                        } else {
                            f.insert(path.clone());
                            f.extend(kids);
                        }
                    }
                }
                Some(FilterRow::Unclassified) => {
                    app.filter.unclassified = !app.filter.unclassified;
                }
                Some(FilterRow::Tag(t)) => toggle(&mut app.filter.tags, &t),
                Some(FilterRow::Judgement(j)) => toggle(&mut app.filter.judgements, &j),
                Some(FilterRow::Studies(set)) => {
                    let f = &mut app.filter.studies;
                    *f = if f.as_ref() == Some(&set) {
                        None
                    } else {
                        Some(set)
                    };
                }
                _ => changed = false,
            }
        }
        Action::Insert(c) => {
            let buf = match row {
                Some(FilterRow::YearFrom) => Some(&mut app.filter.year_from),
                Some(FilterRow::YearTo) => Some(&mut app.filter.year_to),
                _ => None,
            };
            if let Some(b) = buf {
                if c.is_ascii_digit() && b.text().len() < 4 {
                    b.insert(c);
                    changed = true;
                } else if !c.is_ascii_digit() {
                    error(app, "a year takes digits only");
                }
            } else if let Some(p) = app.overlays.picker_mut() {
                jump(p, c);
                return;
            }
        }
        Action::Text(e) => {
            let buf = match row {
                Some(FilterRow::YearFrom) => Some(&mut app.filter.year_from),
                Some(FilterRow::YearTo) => Some(&mut app.filter.year_to),
                _ => None,
            };
            match (buf, e) {
                (_, TextEdit::Up) => picker_move(app, -1),
                (_, TextEdit::Down) => picker_move(app, 1),
                (Some(b), e) => {
                    b.edit(e);
                    changed = true;
                }
                (None, _) => {}
            }
        }
        _ => {}
    }
    if changed {
        app.filter.years_typed();
        let keep = selected_id(app);
        invalidate(app);
        refresh(app, keep);
    }
}
