//! The changed-on-disk question beyond "reload theirs" and "keep mine":
//! what the other side changed, in words; a warning before "keep mine"
//! throws any of it away; and "merge both", the same three-way merge as
//! the git driver with the text litrev loaded as the base, asking value by
//! value where the two sides changed the same value differently.

use std::path::Path;

use crate::model::{Review, Study};
use crate::session::{Batch, Op, Target};
use crate::store::StudyEntry;
use crate::store::parse::parse_study;
use crate::store::write::render_study;
use crate::team::describe::{describe, dropped, sentence};
use crate::team::merge::{Side, merge_study_choosing, merge_study_text};
use crate::text::inert_line;

use super::super::super::action::Action;
use super::super::super::app::{App, Dialog};
use super::super::super::screen::{MergeChoice, MergeRow};
use super::super::super::strings;
use super::super::writes::{keep_mine, run};
use super::super::{close_dialog, error, open_dialog};

/// How many changes the question lists before "and N more".
const LISTED: usize = 6;

fn read(id: &str, text: &str) -> Option<Study> {
    parse_study(Path::new(id), text, Some(id), &Review::default()).study
}

/// The question for a write refused because `id`'s file changed on disk:
/// what they changed since the version the write started from, and what
/// keeping mine would throw away of it.
pub(in super::super) fn conflict_dialog(
    app: &App,
    batch: Box<Batch>,
    id: String,
    disk: Option<String>,
) -> Dialog {
    let op = batch.op(&id);
    let base = op
        .and_then(|o| o.before.as_ref())
        .map(|e| e.study.clone())
        .unwrap_or_default();
    let theirs = disk.as_deref().and_then(|d| read(&id, d));
    let mine = op
        .and_then(|o| o.mine(app.instruments(), disk.as_deref()))
        .and_then(|t| read(&id, &t));
    let listed = |mut d: Vec<crate::team::describe::Described>| {
        let more = d.len().saturating_sub(LISTED);
        d.truncate(LISTED);
        let mut s = inert_line(&sentence(&d)).into_owned();
        if more > 0 {
            s.push_str(&format!("; and {more} more"));
        }
        s
    };
    let (said, drops) = match &theirs {
        Some(t) => {
            let drops = match &mine {
                Some(m) => dropped(&base, m, t),
                // Mine deletes the study: all they changed goes with it.
                None => describe(&base, t),
            };
            (listed(describe(&base, t)), listed(drops))
        }
        None => (String::new(), String::new()),
    };
    Dialog::Conflict {
        batch,
        id,
        disk,
        theirs: said,
        drops,
        warned: false,
    }
}

/// "Keep mine": goes ahead at once when it throws nothing of theirs away;
/// otherwise the first press says what it would throw away, and a second
/// one goes ahead.
pub(in super::super) fn keep_mine_or_warn(app: &mut App) {
    let Some(Dialog::Conflict {
        batch,
        drops,
        warned,
        ..
    }) = app.overlays.dialog_mut()
    else {
        return;
    };
    if drops.is_empty() || *warned {
        let batch = (**batch).clone();
        return keep_mine(app, batch);
    }
    *warned = true;
}

/// The text we meant to write for `id`, and the text it started from
/// (what litrev loaded; rendered from the study when the text itself was
/// not kept, empty for a study new to us).
fn sides(app: &App, op: &Op, disk: &str) -> Option<(String, String)> {
    let mine = op.mine(app.instruments(), Some(disk))?;
    let base = match (&op.base, &op.before) {
        (Some(b), _) => b.clone(),
        (None, Some(before)) => render_study(app.instruments(), &before.study, None),
        (None, None) => String::new(),
    };
    Some((base, mine))
}

/// "Merge both": both sides' changes in one file, written at once when no
/// value was changed differently on the two sides; else each such value
/// is shown to take one side of it.
pub(in super::super) fn merge_both(
    app: &mut App,
    batch: Box<Batch>,
    id: String,
    disk: Option<String>,
) {
    let Some(disk) = disk else {
        return error(app, strings::MERGE_DELETED);
    };
    let Some((base, mine)) = batch.op(&id).and_then(|op| sides(app, op, &disk)) else {
        return error(app, strings::MERGE_MINE_DELETES);
    };
    let merged = match merge_study_text(app.instruments(), &base, &mine, &disk) {
        Ok(m) => m,
        Err(e) => {
            return error(app, strings::merge_failed(&inert_line(&e.to_string())));
        }
    };
    if merged.conflicts.is_empty() {
        return write_merged(app, *batch, &id, disk, merged.text);
    }
    let main = merge_study_choosing(app.instruments(), &base, &mine, &disk, &|_| Side::Ours)
        .map(|m| m.text)
        .unwrap_or_default();
    let rows = merged
        .conflicts
        .iter()
        .map(|name| {
            // This value alone from theirs: the lines that differ are the
            // value's on each side.
            let other = merge_study_choosing(app.instruments(), &base, &mine, &disk, &|n| {
                if n == name { Side::Theirs } else { Side::Ours }
            })
            .map(|m| m.text)
            .unwrap_or_default();
            let (ours, theirs) = differing_lines(&main, &other);
            MergeRow {
                name: name.clone(),
                ours,
                theirs,
                take: Side::Ours,
            }
        })
        .collect();
    open_dialog(
        app,
        Dialog::MergeChoice(Box::new(MergeChoice {
            batch,
            id,
            base,
            mine,
            disk,
            rows,
            cursor: 0,
        })),
    );
}

/// The lines of `a` and of `b` where the two differ.
fn differing_lines(a: &str, b: &str) -> (String, String) {
    let x: Vec<&str> = a.lines().collect();
    let y: Vec<&str> = b.lines().collect();
    let (mut l, mut r) = (Vec::new(), Vec::new());
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &x, &y) {
        let (tag, i, j) = op.as_tag_tuple();
        if tag != similar::DiffTag::Equal {
            l.extend(x[i].iter().copied());
            r.extend(y[j].iter().copied());
        }
    }
    (l.join("\n"), r.join("\n"))
}

/// Writes the merged text over what is on disk (checked again as every
/// write is); undoing it brings theirs back.
fn write_merged(app: &mut App, mut batch: Batch, id: &str, disk: String, text: String) {
    close_dialog(app);
    let theirs = read(id, &disk).map(|s| StudyEntry::with_text(s, disk.clone()));
    if let Some(op) = batch.ops.iter_mut().find(|o| o.id == id) {
        op.base = Some(disk);
        op.stale = None;
        op.target = Target::Text(text);
        op.before = theirs;
    }
    batch.verb = "merged (yours and theirs):";
    run(app, batch);
}

/// The value-by-value choice: up and down between values, left takes ours,
/// right theirs, space or tab the other side; confirm writes, cancel goes
/// back to the question.
pub(in super::super) fn choice(app: &mut App, action: Action) {
    let Some(Dialog::MergeChoice(m)) = app.overlays.dialog_mut() else {
        return;
    };
    let n = m.rows.len();
    match action {
        Action::Down => m.cursor = (m.cursor + 1).min(n.saturating_sub(1)),
        Action::Up => m.cursor = m.cursor.saturating_sub(1),
        Action::Left => set(m, Some(Side::Ours)),
        Action::Right => set(m, Some(Side::Theirs)),
        Action::Toggle => set(m, None),
        Action::Confirm => {
            let m = (**m).clone();
            let pick = |name: &str| {
                m.rows
                    .iter()
                    .find(|r| r.name == name)
                    .map_or(Side::Ours, |r| r.take)
            };
            match merge_study_choosing(app.instruments(), &m.base, &m.mine, &m.disk, &pick) {
                Ok(done) => write_merged(app, *m.batch, &m.id, m.disk, done.text),
                Err(e) => error(app, strings::merge_failed(&inert_line(&e.to_string()))),
            }
        }
        Action::Cancel => {
            let m = (**m).clone();
            let d = conflict_dialog(app, m.batch, m.id, Some(m.disk));
            open_dialog(app, d);
        }
        _ => {}
    }
}

/// Takes `side` for the value under the cursor (`None`: the other side).
fn set(m: &mut MergeChoice, side: Option<Side>) {
    if let Some(r) = m.rows.get_mut(m.cursor) {
        r.take = side.unwrap_or(match r.take {
            Side::Ours => Side::Theirs,
            Side::Theirs => Side::Ours,
        });
    }
}
