//! Questions: confirm, conflict, an invalid `$EDITOR` result. What an
//! answer writes is in `writes`.

use super::super::action::Action;
use super::super::app::{App, Dialog, Effect};
use super::writes::{confirm_delete, decide_later, reload_theirs, show_both};
use super::{close_dialog, close_form, info, open_dialog};

pub(super) fn dialog(app: &mut App, action: Action) {
    let Some(d) = app.dialog().cloned() else {
        return;
    };
    match (d, action) {
        (Dialog::ConfirmDelete { id, .. }, Action::Confirm) => confirm_delete(app, id),
        (Dialog::ConfirmQuit { .. }, Action::Confirm) => app.quit = true,
        (Dialog::ConfirmClean { .. }, Action::Confirm) => {
            close_dialog(app);
            super::pager::clean(app);
        }
        (Dialog::ConfirmClean { .. }, Action::Cancel) => close_dialog(app),
        (Dialog::ConfirmDiscard, Action::Confirm) => {
            close_dialog(app);
            close_form(app);
        }
        (Dialog::Conflict { batch, id, .. }, Action::Reload) => reload_theirs(app, &batch, &id),
        (Dialog::Conflict { .. }, Action::KeepMine) => super::disk::merge::keep_mine_or_warn(app),
        (
            Dialog::Conflict {
                batch, id, disk, ..
            },
            Action::Merge,
        ) => super::disk::merge::merge_both(app, batch, id, disk),
        (
            Dialog::Conflict {
                batch, id, disk, ..
            },
            Action::ShowBoth,
        ) => show_both(app, &batch, &id, disk),
        (Dialog::MergeChoice(_), action) => super::disk::merge::choice(app, action),
        (Dialog::Conflict { batch, id, .. }, Action::Cancel) => decide_later(app, *batch, &id),
        (Dialog::EditorInvalid { id, text, .. }, Action::Reopen) => {
            close_dialog(app);
            app.effect = Some(Effect::Editor { id, text });
        }
        (Dialog::EditorInvalid { .. }, Action::Discard | Action::Cancel) => {
            close_dialog(app);
            app.editor = None;
            info(app, "the edit was discarded; the file is unchanged");
        }
        (Dialog::Recover(r), Action::Confirm) => super::recover::restore(app, *r),
        (Dialog::Recover(_), Action::Discard) => super::recover::discard(app),
        (Dialog::Recover(_), Action::Cancel) => super::recover::later(app),
        (Dialog::ConfirmQuit { previous, .. }, Action::Cancel) => match previous {
            Some(d) => open_dialog(app, *d),
            None => close_dialog(app),
        },
        (Dialog::ConfirmDelete { .. } | Dialog::ConfirmDiscard, Action::Cancel) => {
            close_dialog(app)
        }
        _ => {}
    }
}
