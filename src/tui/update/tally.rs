//! The tally screen: counting by one thing or another, scrolling, and
//! copying the sentence.

use crate::manuscript::cite::AuthorYears;
use crate::manuscript::tally::{By, tally};
use crate::model::Study;

use super::super::action::Action;
use super::super::app::{App, Effect, Mode, PagerKind};
use super::super::screen::Screen;
use super::super::strings;
use super::{error, info, layout, open_pager};

/// Counts the studies shown, by the chosen "count by", on the tally screen.
pub(super) fn compute_tally(app: &mut App) {
    let Screen::Tally(shown) = &app.screen else {
        return;
    };
    let all = By::all(app.session.review());
    let chosen = shown.by.min(all.len().saturating_sub(1));
    let by = all.get(chosen).cloned().unwrap_or(By::Design);
    // A study in a merge conflict is counted nowhere, and the view says so.
    let studies: Vec<&Study> = super::shown_studies(app);
    let in_conflict: Vec<String> = app
        .session
        .conflicted()
        .into_iter()
        .map(String::from)
        .collect();
    // The tally screen cites in the review's style.
    let letters = AuthorYears::for_style(
        app.session.review().citation_style,
        app.session.entries().iter().map(|e| &e.study),
    );
    let mut counted = tally(
        app.session.review(),
        &studies,
        &by,
        app.session.entries().len() - in_conflict.len().min(app.session.entries().len()),
    )
    .with_author_years(&letters);
    counted.in_conflict = in_conflict;
    if let Screen::Tally(shown) = &mut app.screen {
        shown.by = chosen;
        shown.tally = Some(counted);
    }
}

pub(super) fn tally_mode(app: &mut App, action: Action) {
    let n = By::all(app.session.review()).len().max(1);
    // Until the last row is at the bottom.
    let max = layout::tally_rows(app).saturating_sub(layout::tally_list_height(app));
    let Screen::Tally(shown) = &mut app.screen else {
        return;
    };
    match action {
        Action::NextBy => {
            shown.by = (shown.by + 1) % n;
            shown.scroll = 0;
            compute_tally(app);
        }
        Action::PrevBy => {
            shown.by = (shown.by + n - 1) % n;
            shown.scroll = 0;
            compute_tally(app);
        }
        Action::Down | Action::Scroll(1..) => shown.scroll = (shown.scroll + 1).min(max),
        Action::Up | Action::Scroll(..=-1) => shown.scroll = shown.scroll.saturating_sub(1),
        Action::Copy => copy_prose(app),
        Action::Close | Action::Cancel => {
            app.overlays.clear();
            if let Screen::Tally(shown) = std::mem::replace(&mut app.screen, Screen::Table) {
                app.last_tally = shown;
            }
        }
        Action::Help => open_pager(app, PagerKind::Help(Mode::Tally)),
        _ => {}
    }
}

fn copy_prose(app: &mut App) {
    let Screen::Tally(shown) = &app.screen else {
        return;
    };
    let Some(t) = &shown.tally else {
        return;
    };
    let prose = t.prose();
    match write_sentence(shown.file.as_deref(), &format!("{prose}\n")) {
        Ok(path) => {
            info(app, strings::copied(&path));
            if let Screen::Tally(shown) = &mut app.screen {
                shown.file = Some(path);
            }
        }
        Err(e) => error(app, e),
    }
    app.effect = Some(Effect::Clipboard(prose));
}

/// Writes the sentence to the file of an earlier copy, or to a new file in
/// the temporary folder. The new file is created afresh under a random
/// name: at a name others can guess (the process id) in a folder everyone
/// may write to, a link planted there would have been followed and the
/// file it points to overwritten.
fn write_sentence(
    earlier: Option<&std::path::Path>,
    text: &str,
) -> Result<std::path::PathBuf, String> {
    use std::io::Write as _;
    if let Some(p) = earlier {
        let reused = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(p)
            .and_then(|mut f| f.write_all(text.as_bytes()));
        if reused.is_ok() {
            return Ok(p.to_path_buf());
        }
    }
    let mut file = tempfile::Builder::new()
        .prefix("litrev-tally-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| format!("cannot create a file for the sentence: {e}"))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("{}: {e}", file.path().display()))?;
    file.keep()
        .map(|(_, p)| p)
        .map_err(|e| format!("cannot keep the sentence's file: {}", e.error))
}
