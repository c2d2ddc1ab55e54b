//! The import overlay (`i`): a path with Tab completion, then the preview
//! of the library's import plan; confirming writes every new study as one
//! batch of the session (all files or none), undone by one `u`.

use crate::model::Study;
use crate::model::filter::Filter;

use super::super::action::{Action, TextEdit};
use super::super::app::{App, Mode, PagerKind};
use super::super::import::{self, Focus, Import, PathPrompt, Preview};
use super::super::layout;
use super::super::screen::Overlay;
use super::{open, open_pager, pop};

/// Opens the path prompt.
pub(super) fn open_import(app: &mut App) {
    open(
        app,
        Overlay::Import(Box::new(Import::Path(PathPrompt::default()))),
    );
}

pub(super) fn import(app: &mut App, action: Action) {
    match action {
        Action::Cancel | Action::Close => return pop(app),
        Action::Help => return open_pager(app, PagerKind::Help(Mode::Import)),
        _ => {}
    }
    let page = layout::import_page_height(app);
    let Some(state) = app.overlays.import_mut() else {
        return;
    };
    match &mut **state {
        Import::Path(p) => match action {
            Action::NextField => {
                let c = import::complete(&p.path.text());
                p.path.set(&c.text);
                p.matches = c.matches;
                p.error = None;
            }
            Action::Submit => {
                let typed = p.path.text();
                match import::preview(&app.session, &typed) {
                    Ok(preview) => {
                        if let Some(s) = app.overlays.import_mut() {
                            **s = Import::Preview(Box::new(preview));
                        }
                    }
                    Err(e) => {
                        if let Some(s) = app.overlays.import_mut()
                            && let Import::Path(p) = &mut **s
                        {
                            p.error = Some(e);
                        }
                    }
                }
            }
            Action::Insert(c) => {
                p.path.insert(c);
                p.matches.clear();
            }
            Action::Text(e) => {
                p.path.edit(e);
                p.matches.clear();
            }
            _ => {}
        },
        Import::Preview(v) => match action {
            Action::Down | Action::Text(TextEdit::Down) => scroll(v, 1, page),
            Action::Up | Action::Text(TextEdit::Up) => scroll(v, -1, page),
            Action::Scroll(n) => scroll(v, n as isize, page),
            Action::PageDown => scroll(v, page.max(1) as isize, page),
            Action::PageUp => scroll(v, -(page.max(1) as isize), page),
            Action::NextField | Action::PrevField => {
                v.focus = match v.focus {
                    Focus::Design => Focus::Tag,
                    Focus::Tag => Focus::Design,
                };
            }
            Action::Submit => confirm(app),
            Action::Insert(c) if v.focus == Focus::Tag => v.tag.insert(c),
            Action::Text(e) if v.focus == Focus::Tag => {
                v.tag.edit(e);
            }
            // The design: ← → (or space) go through the review's designs.
            Action::Text(TextEdit::Right) | Action::Insert(' ') => {
                v.design = (v.design + 1) % v.designs.len().max(1);
            }
            Action::Text(TextEdit::Left) => {
                let n = v.designs.len().max(1);
                v.design = (v.design + n - 1) % n;
            }
            _ => {}
        },
    }
}

fn scroll(v: &mut Preview, by: isize, page: usize) {
    let max = v.rows.len().saturating_sub(page);
    v.scroll = v.scroll.saturating_add_signed(by).min(max);
}

/// Writes the new studies of the preview, with the design and tag chosen,
/// as one batch.
fn confirm(app: &mut App) {
    let Some(Import::Preview(v)) = app.overlays.import().map(|b| &**b) else {
        return;
    };
    let tag = v.tag.text();
    let tag = if tag.trim().is_empty() {
        None
    } else {
        match Filter::parse_tag(&tag) {
            Ok(t) => Some(t),
            Err(e) => return super::error(app, e.to_string()),
        }
    };
    let design = v.chosen_design().map(|d| d.to_string());
    let duplicates = v.plan.duplicates.len();
    let studies: Vec<Study> = v
        .plan
        .new
        .iter()
        .map(|n| {
            let mut s = n.record.study.clone();
            crate::interop::plan::classify(&mut s, design.as_deref(), tag.as_slice());
            s
        })
        .collect();
    pop(app);
    if studies.is_empty() {
        return super::info(
            app,
            format!(
                "nothing to import: every record is a duplicate or bad ({duplicates} duplicates skipped)"
            ),
        );
    }
    let batch = app.session.add(studies);
    super::writes::import(app, batch, duplicates);
}
