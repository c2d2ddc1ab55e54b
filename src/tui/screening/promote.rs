//! Promotion from the screening screen: the records included at full
//! text become studies, one change of the editing session.

use super::update::say;
use crate::tui::app::App;
use crate::tui::screen::Screen;

/// Turns the records included at full text into studies: one change of
/// the editing session, undone with the table's undo key.
pub(super) fn promote(app: &mut App) {
    let Screen::Screening(v) = &app.screen else {
        return;
    };
    let plan = crate::screening::promote::plan(&v.s, &app.session);
    // A record too large for a study file stays a record (the loader would
    // refuse the file); the others are promoted, and the message says both.
    let refused = plan.too_large.first().map(|(_, why)| {
        let more = match plan.too_large.len() - 1 {
            0 => String::new(),
            n => format!(" (and {n} more: `litrev screen promote` lists them)"),
        };
        format!("{}; not promoted{more}", crate::text::inert_line(why))
    });
    if plan.new.is_empty()
        && let Some(r) = refused
    {
        return say(app, r, true);
    }
    if plan.new.is_empty() {
        let n = plan.already.len();
        return say(
            app,
            format!(
                "nothing to promote: {n} included record{} already studies",
                if n == 1 { " is" } else { "s are" }
            ),
            false,
        );
    }
    let batch = app
        .session
        .add(plan.new.into_iter().map(|(_, s)| s).collect());
    crate::tui::update::apply_batch(app, batch);
    if let Some(r) = refused {
        let done = app.message.take().map(|m| m.text).unwrap_or_default();
        say(app, format!("{done}; {r}"), true);
    }
}
