//! The one place where the interface's state changes: `update(app, action)`.
//!
//! One file per state the keys talk to (the base screens and the overlays
//! over them); `writes` holds every write to disk and the history.

mod appraise;
mod dialog;
mod disk;
mod editor;
mod filter;
mod form;
mod grid;
mod import;
pub(crate) use grid::shown as shown_studies;
mod map;
pub use map::{axis_name, cell_ids, cursor_cell, dim_label, dim_word};
mod pager;
mod recover;
mod search;
pub(crate) use search::apply_answer;
pub use search::search_answers;
mod table;
mod tally;
mod writes;

use super::action::Action;
use super::app::{App, Dialog, Message, Mode, Pager, PagerKind};
use super::layout;
use super::screen::{Overlay, Screen};

use self::form::close_form;
use self::map::compute_map;
use self::table::{ensure_visible, invalidate, neighbour, open_study, refresh, selected_id};
use self::tally::compute_tally;

impl App {
    /// While the review is still being read: (studies read, studies in
    /// all), shown in place of the count of studies; `None` once it is.
    pub fn set_loading(&mut self, counts: Option<(usize, usize)>) {
        self.loading = counts;
    }

    /// The whole review, once read, in place of the first studies shown
    /// while it was: a fresh interface on it, on the study selected so far.
    pub fn finish_loading(&mut self, loaded: crate::store::Loaded) {
        let keep = selected_id(self);
        let mut app = App::new(loaded, self.scratch, self.keymap.clone());
        app.size = self.size;
        refresh(&mut app, keep);
        *self = app;
    }
}

/// Applies one action to the state.
pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Resize(w, h) => {
            app.size = (w, h);
            ensure_visible(app);
            // What fits on a bigger window needs less scrolling.
            app.detail_scroll = app.detail_scroll.min(layout::detail_max_scroll(app));
            let tally_max = layout::tally_rows(app).saturating_sub(layout::tally_list_height(app));
            if let Screen::Tally(t) = &mut app.screen {
                t.scroll = t.scroll.min(tally_max);
            }
            let pager_max =
                layout::pager_line_count(app).saturating_sub(layout::pager_page_height(app));
            if let Some(p) = app.overlays.pager_mut() {
                p.scroll = p.scroll.min(pager_max);
            }
            return;
        }
        Action::EditorDone(result) => return editor::editor_done(app, result),
        // Changes others made on disk: the message says what changed,
        // whatever is on screen.
        Action::DiskChanged(change) => return disk::follow(app, change),
        Action::Paste(text) => {
            // Pasted text is typed, character by character, where typing
            // goes. A Windows line break is one break, not two; a tab (a
            // spreadsheet cell) reads as a space rather than vanishing.
            if app.mode().takes_paste() {
                let text = text.replace("\r\n", "\n");
                for c in text.chars() {
                    let c = match c {
                        '\r' => '\n',
                        '\t' => ' ',
                        c => c,
                    };
                    let c = if c == '\n' && app.mode() != Mode::Form {
                        ' '
                    } else {
                        c
                    };
                    update(app, Action::Insert(c));
                }
            }
            return;
        }
        Action::Scroll(_) | Action::Click(..) => {}
        _ => app.message = None,
    }
    if action == Action::Quit {
        return quit(app);
    }
    // The global reload key, on every base screen.
    if action == Action::Refresh
        && matches!(
            app.mode(),
            Mode::Normal | Mode::Tally | Mode::Grid | Mode::Map
        )
    {
        return disk::reload_all(app);
    }
    match app.mode() {
        Mode::Normal => table::normal(app, action),
        Mode::Search => search::search(app, action),
        Mode::Filter => filter::filter(app, action),
        Mode::Sort => table::sort(app, action),
        Mode::Form => form::form(app, action),
        Mode::Tally => tally::tally_mode(app, action),
        Mode::Grid => grid::grid_mode(app, action),
        Mode::Map => map::map_mode(app, action),
        Mode::Pager => pager::pager(app, action),
        Mode::Dialog => dialog::dialog(app, action),
        Mode::Appraise => appraise::appraise_mode(app, action),
        Mode::Textbox => appraise::textbox_mode(app, action),
        Mode::Reconcile => appraise::reconcile_mode(app, action),
        Mode::Import => import::import(app, action),
        Mode::Screen => super::screening::update::screen_mode(app, action),
        Mode::ScreenList => super::screening::update::list_mode(app, action),
        Mode::ScreenInput => super::screening::update::input_mode(app, action),
    }
}

/// Writes a batch made outside the table (the screening screen's included
/// records), as any edit is written: conflicts asked about, undoable.
pub(crate) fn apply_batch(app: &mut App, batch: crate::session::Batch) {
    writes::run(app, batch);
}

/// Opens `o` over everything.
fn open(app: &mut App, o: Overlay) {
    app.overlays.push(o);
}

/// Closes the overlay on top.
fn pop(app: &mut App) {
    app.overlays.pop();
}

fn info(app: &mut App, text: impl Into<String>) {
    app.message = Some(Message {
        text: text.into(),
        error: false,
    });
}

fn error(app: &mut App, text: impl Into<String>) {
    app.message = Some(Message {
        text: text.into(),
        error: true,
    });
}

fn quit(app: &mut App) {
    // The screening decisions are written before anything else is asked.
    if matches!(app.screen, Screen::Screening(_)) && app.overlays.is_empty() {
        super::screening::update::close(app, true);
        if !app.quit {
            return;
        }
        app.quit = false;
    }
    if matches!(app.dialog(), Some(Dialog::ConfirmQuit { .. })) {
        app.quit = true;
        return;
    }
    let form_changed = app.form().is_some_and(|f| f.changed())
        || app.appraisal_form().is_some_and(|f| f.changed())
        || app
            .reconcile_view()
            .is_some_and(|r| app.study(&r.study).is_some_and(|s| r.changed(s)));
    // An open conflict holds a write that has not happened; an invalid
    // editor result holds the edited text.
    let held = matches!(
        app.dialog(),
        Some(Dialog::Conflict { .. } | Dialog::MergeChoice(_) | Dialog::EditorInvalid { .. })
    );
    let unsaved = app.session.unsaved_count() + usize::from(form_changed) + usize::from(held);
    if unsaved == 0 {
        app.quit = true;
        return;
    }
    // Ask in place of the open question (closing "show both" over it), and
    // go back to it if the user stays.
    let previous = match app.overlays.close(Mode::Dialog) {
        Some(Overlay::Dialog(d)) => Some(Box::new(d)),
        _ => None,
    };
    open_dialog(app, Dialog::ConfirmQuit { unsaved, previous });
}

/// Asks a question: in place of the one on top, if any, else over everything.
fn open_dialog(app: &mut App, d: Dialog) {
    match app.overlays.top_mut() {
        Some(Overlay::Dialog(top)) => *top = d,
        _ => open(app, Overlay::Dialog(d)),
    }
}

/// Closes the dialog and anything opened over it ("show both").
fn close_dialog(app: &mut App) {
    app.overlays.close(Mode::Dialog);
}

fn open_pager(app: &mut App, kind: PagerKind) {
    open(
        app,
        Overlay::Pager(Pager {
            kind,
            scroll: 0,
            cursor: 0,
        }),
    );
}
