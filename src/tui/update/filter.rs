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
    let cursor = app.picker_cursor.min(rows.len().saturating_sub(1));
    let mut picker = FilterPicker { rows, cursor };
    if !picker.rows.get(cursor).is_some_and(|r| r.selectable()) {
        step(&mut picker, 1);
    }
    open(app, Overlay::Filter(picker));
}

fn picker_move(app: &mut App, delta: isize) {
    if let Some(p) = app.overlays.picker_mut() {
        step(p, delta);
    }
}

fn step(picker: &mut FilterPicker, delta: isize) {
    let n = picker.rows.len() as isize;
    if n == 0 {
        return;
    }
    let mut i = picker.cursor as isize;
    for _ in 0..n {
        i = (i + delta).rem_euclid(n);
        if picker.rows[i as usize].selectable() {
            picker.cursor = i as usize;
            return;
        }
    }
}

fn toggle<T: Ord + Clone>(set: &mut std::collections::BTreeSet<T>, v: &T) {
    if !set.remove(v) {
        set.insert(v.clone());
    }
}

pub(super) fn filter(app: &mut App, action: Action) {
    let row = app.picker().and_then(|p| p.rows.get(p.cursor)).cloned();
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
