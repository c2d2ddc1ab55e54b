//! The answers to the recovery offer: restore the work a signal left in the
//! recovery file as unsaved changes, discard it, or leave it for later.

use crate::store::recovery::{self, Recovery};

use super::super::action::Action;
use super::super::app::{App, Mode};
use super::{close_dialog, error, info, invalidate, refresh};

/// Puts every study of the recovery file back as an unsaved change (shown
/// as the user left it; the next save writes it over the text its file
/// held, or asks), then removes the file.
pub(super) fn restore(app: &mut App, r: Recovery) {
    close_dialog(app);
    let n = r.studies.len();
    let first = r.studies.first().map(|s| s.id.clone());
    // What was typed but is not a valid value: said, not written.
    let typed: Vec<String> = r
        .studies
        .iter()
        .flat_map(|s| {
            s.typed
                .iter()
                .map(move |(label, v)| format!("{} {label} \"{v}\"", s.id))
        })
        .collect();
    for s in r.studies {
        let batch = app.session.write_text(&s.id, s.text, s.base);
        app.session.defer(batch);
    }
    invalidate(app);
    refresh(app, first);
    let save = app.key(Mode::Normal, &Action::Save);
    match recovery::remove(app.session.root()) {
        Ok(()) if typed.is_empty() => info(
            app,
            format!(
                "restored {n} unsaved {}; {save} saves {}",
                if n == 1 { "study" } else { "studies" },
                if n == 1 { "it" } else { "them" }
            ),
        ),
        Ok(()) => error(
            app,
            crate::text::inert_line(&format!(
                "restored {n} unsaved {}; not valid, so not restored: {}",
                if n == 1 { "study" } else { "studies" },
                typed.join(", ")
            ))
            .into_owned(),
        ),
        Err(e) => error(
            app,
            format!("restored, but the recovery file could not be removed: {e}"),
        ),
    }
}

/// Removes the recovery file.
pub(super) fn discard(app: &mut App) {
    close_dialog(app);
    match recovery::remove(app.session.root()) {
        Ok(()) => info(app, "the unsaved edits were discarded"),
        Err(e) => error(app, format!("the recovery file could not be removed: {e}")),
    }
}

/// Leaves the recovery file for the next start.
pub(super) fn later(app: &mut App) {
    close_dialog(app);
    info(
        app,
        format!(
            "the unsaved edits stay in {}; litrev offers them again next time",
            recovery::RECOVERY_FILE
        ),
    );
}
