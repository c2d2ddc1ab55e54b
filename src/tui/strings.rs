//! Every sentence the interface shows, in one place.

use super::keymap::KeymapError;

/// Shown instead of the screen when the terminal is too small.
pub fn too_small(w: u16, h: u16, min_w: u16, min_h: u16, quit: &str) -> String {
    format!(
        "Terminal too small: {w}×{h}. litrev needs at least {min_w}×{min_h}. Enlarge the window; {quit} quits."
    )
}

/// The banner when some files could not be read cleanly.
pub fn problems_banner(problems: usize, broken: usize, key: &str) -> String {
    let p = if problems == 1 { "problem" } else { "problems" };
    if broken > 0 {
        let f = if broken == 1 { "file" } else { "files" };
        format!(
            "{problems} {p} found; {broken} study {f} could not be loaded — press {key} to list them"
        )
    } else {
        format!("{problems} {p} found in the review's files — press {key} to list them")
    }
}

/// The banner on a narrow screen.
pub fn problems_short(problems: usize, key: &str) -> String {
    let p = if problems == 1 { "problem" } else { "problems" };
    format!("{problems} {p} · {key} lists them")
}

/// The banner on a scratch copy of the example review.
pub const SCRATCH: &str = "this is a scratch copy of the bundled example review: it is removed on exit unless you change it";

/// The offer of the work a signal left in the recovery file.
pub fn recover(signal: &str, ids: &[String]) -> String {
    let n = ids.len();
    let shown: Vec<&str> = ids.iter().take(5).map(String::as_str).collect();
    let more = if n > 5 {
        format!(" and {} more", n - 5)
    } else {
        String::new()
    };
    format!(
        "litrev was stopped ({}) with unsaved edits to {n} {}: {}{more}. Restore them as unsaved changes (the next save writes them, asking first if a file changed meanwhile), discard them, or decide later (they stay in {}).",
        crate::text::inert_line(signal),
        if n == 1 { "study" } else { "studies" },
        shown.join(", "),
        crate::store::recovery::RECOVERY_FILE,
    )
}

/// A user keymap that could not be used.
pub fn keymap_error(e: &KeymapError) -> String {
    format!("keymap not used ({e}); using the defaults")
}

/// "12 of 75 shown".
pub fn shown(n: usize, total: usize) -> String {
    if n == total {
        format!("{total} {}", if total == 1 { "study" } else { "studies" })
    } else {
        format!("{n} of {total} shown")
    }
}

/// "loading 41 000 of 100 000…": how far the reading of a review has come
/// (by the thousand once there are thousands of both).
pub fn loading(read: usize, total: usize) -> String {
    let grouped = |n: usize| {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(' ');
            }
            out.push(c);
        }
        out
    };
    // Under a thousand read (the first screen's studies), the exact count:
    // "loading 0 of 100 000…" above 500 rows would be wrong.
    let read = if total >= 10_000 && read >= 1000 {
        read / 1000 * 1000
    } else {
        read
    };
    format!("loading {} of {}…", grouped(read), grouped(total))
}

/// "1 study", "4 studies".
pub fn studies(n: usize) -> String {
    if n == 1 {
        "1 study".into()
    } else {
        format!("{n} studies")
    }
}

/// When the search and filters hide every study.
pub fn no_studies(cancel: &str, clear: &str) -> String {
    format!("No study matches. {cancel} clears the search; {clear} clears every filter.")
}

/// When the review has no study at all.
pub fn empty_review(add: &str) -> String {
    format!("This review has no studies yet. Press {add} to add one.")
}

/// After a save whose study the search or filter hides.
pub fn hidden_by_filter(clear: &str) -> String {
    format!(" (not shown: the search or filter hides it; {clear} clears them)")
}

/// A write that did not happen is kept.
pub fn not_saved(id: &str, save: &str) -> String {
    format!("{id} is not saved; {save} tries again")
}
pub const DELETED_PLACEHOLDER: &str = "(deleted: the file would be removed)";
pub const NOTHING_TO_UNDO: &str = "nothing to undo";
pub const NOTHING_TO_REDO: &str = "nothing to redo";
pub const NO_CHANGES: &str = "no changes";
pub const ALL_SAVED: &str = "everything is saved";
pub const NO_PROBLEMS: &str = "no problems were found when the review was last read";

/// Nothing to clean.
pub const NO_STALE_TEMP: &str =
    "no temporary files of interrupted saves (older than a minute) to remove";

/// Asks before removing the temporary files of interrupted saves.
pub fn confirm_clean(files: usize) -> String {
    let (n, them) = if files == 1 {
        ("1 temporary file".to_string(), "it holds")
    } else {
        (format!("{files} temporary files"), "they hold")
    };
    format!(
        "Remove {n} left in studies/ by saves that were interrupted? {them} a save that never completed; the study files themselves are intact."
    )
}

/// After removing them.
pub fn cleaned(removed: usize) -> String {
    match removed {
        1 => "removed 1 temporary file".to_string(),
        n => format!("removed {n} temporary files"),
    }
}

/// After reading the review from disk again.
pub fn reloaded(problems: usize, studies: usize) -> String {
    let s = if studies == 1 { "study" } else { "studies" };
    match problems {
        0 => format!("read the review again: {studies} {s}, no problems"),
        1 => format!("read the review again: {studies} {s}, 1 problem"),
        n => format!("read the review again: {studies} {s}, {n} problems"),
    }
}
pub const FILTERS_CLEARED: &str = "filters and search cleared";
pub const TEXT_KEYS: &str =
    "←/→ Home/End move · Backspace/Delete erase · Ctrl-u clear to start · Ctrl-w delete word";
pub const CHOICE_KEYS: &str = "←/→ choose · type the start of a word to jump to it";

/// Confirmation before deleting.
pub fn confirm_delete(id: &str, citation: &str, undo: &str) -> String {
    format!("Delete {citation} ({id})? Its file is removed; {undo} undoes it.")
}

/// Confirmation before dropping a study that was never saved.
pub fn confirm_drop(id: &str, citation: &str, undo: &str) -> String {
    format!(
        "Drop {citation} ({id})? It was never saved: only this session has it, and {undo} cannot bring it back. The file studies/{id}.toml on disk is not touched."
    )
}

/// An undo or redo refused because the study has a change not saved yet.
pub fn save_first(id: &str, what: &str, save: &str) -> String {
    format!(
        "{id} has a change that is not saved; save it first ({save}), or the {what} would lose it"
    )
}

/// After dropping a study that was never saved.
pub fn dropped(id: &str) -> String {
    format!("dropped the unsaved {id}; studies/{id}.toml on disk is untouched")
}

/// Confirmation before quitting with unsaved changes.
pub fn confirm_quit(unsaved: usize) -> String {
    if unsaved == 1 {
        "1 change is not saved. Quit anyway and lose it?".into()
    } else {
        format!("{unsaved} changes are not saved. Quit anyway and lose them?")
    }
}

pub const CONFIRM_DISCARD: &str = "Discard the changes in this form?";

/// The conflict question. `new`: litrev was creating the file.
pub fn conflict(id: &str, disk_deleted: bool, new: bool) -> String {
    if new {
        format!(
            "studies/{id}.toml already exists on disk: someone else created it (a git pull? another editor?). Nothing was written."
        )
    } else if disk_deleted {
        format!(
            "studies/{id}.toml was deleted on disk since litrev loaded it (a git pull? another editor?). Nothing was written."
        )
    } else {
        format!(
            "studies/{id}.toml changed on disk since litrev loaded it (a git pull? another editor?). Nothing was written."
        )
    }
}

/// After a successful write.
pub fn done(verb: &str, id: &str) -> String {
    format!("{verb} studies/{id}.toml")
}

/// The editor could not be started.
pub fn editor_failed(why: &str) -> String {
    format!("could not run the editor: {why} (set $EDITOR)")
}

pub const EDITOR_INVALID: &str = "The edited file is not a valid study; nothing was saved.";

/// The tally sentence was copied.
pub fn copied(path: &std::path::Path) -> String {
    format!(
        "sentence copied to the clipboard and written to {}",
        path.display()
    )
}

/// After an import from the interface.
pub fn imported(n: usize, duplicates: usize, undo: &str) -> String {
    format!(
        "Imported {n} {} ({duplicates} {} skipped); {undo} undoes the whole import",
        if n == 1 { "study" } else { "studies" },
        if duplicates == 1 {
            "duplicate"
        } else {
            "duplicates"
        }
    )
}

/// "Merge both" when their side deleted the file.
pub const MERGE_DELETED: &str = "they deleted the file: there is nothing of theirs to merge; reload theirs (it goes) or keep mine";

/// "Merge both" when our change deletes the study.
pub const MERGE_MINE_DELETES: &str =
    "your change deletes the study: there is nothing of yours to merge; reload theirs or keep mine";

/// "Merge both" could not read a side.
pub fn merge_failed(why: &str) -> String {
    format!("cannot merge: {why}; reload theirs, keep mine or show both")
}

/// What following the disk found, for the status bar: "3 studies changed
/// on disk (git merge?)".
/// git's index changed (a `git add` or `git rm` outside litrev) and with it
/// the studies in conflict.
pub fn git_index_changed(in_conflict: usize) -> String {
    match in_conflict {
        0 => "git's index changed: no study is in conflict now".to_string(),
        1 => "git's index changed: 1 study is in conflict".to_string(),
        n => format!("git's index changed: {n} studies are in conflict"),
    }
}

pub fn changed_on_disk(f: &crate::session::Followed) -> String {
    let n = f.shown();
    let mut parts = Vec::new();
    if f.review {
        parts.push("review.toml changed on disk: the review was read again".to_string());
    }
    match n {
        0 => {}
        1 => {
            let id = f
                .changed
                .first()
                .or(f.added.first())
                .or(f.removed.first())
                .map(|id| crate::text::inert_line(id).into_owned())
                .unwrap_or_default();
            let how = if !f.added.is_empty() {
                "appeared"
            } else if !f.removed.is_empty() {
                "was deleted"
            } else {
                "changed"
            };
            parts.push(format!("studies/{id}.toml {how} on disk"));
        }
        n => {
            let mut s = format!("{n} studies changed on disk (git merge?)");
            let mut more = Vec::new();
            if !f.added.is_empty() {
                more.push(format!("{} new", f.added.len()));
            }
            if !f.removed.is_empty() {
                more.push(format!("{} deleted", f.removed.len()));
            }
            if !more.is_empty() {
                s.push_str(&format!(": {}", more.join(", ")));
            }
            parts.push(s);
        }
    }
    if let Some(id) = f.held.first() {
        let id = crate::text::inert_line(id);
        parts.push(match f.held.len() {
            1 => format!("{id} changed too, but you are editing it: saving will ask"),
            k => format!("{k} studies you are editing changed too: saving will ask"),
        });
    }
    if !f.broken.is_empty() {
        parts.push(format!(
            "{} study {} cannot be read now (see the problems)",
            f.broken.len(),
            if f.broken.len() == 1 { "file" } else { "files" }
        ));
    }
    if parts.is_empty() {
        return "the review on disk is as shown".to_string();
    }
    parts.join("; ")
}

/// "Keep mine" would throw away what they changed: said before it does.
pub fn keep_mine_drops(drops: &str, again: &str, merge: &str) -> String {
    format!(
        "Keep mine would throw away what they changed: {drops}. Press {again} again to keep mine anyway, or {merge} to merge both."
    )
}

/// A study in a merge conflict cannot be edited in a form.
pub fn in_conflict(id: &str, editor: &str) -> String {
    format!(
        "studies/{id}.toml is in a merge conflict: resolve it first (`litrev resolve {id}`), or edit its text with {editor}"
    )
}

/// In the table's appraisal column, for a study in a merge conflict.
pub const IN_CONFLICT_MARK: &str = "⚠ in conflict";

#[cfg(test)]
mod tests {
    #[test]
    fn the_load_count_is_by_the_thousand_once_a_thousand_are_read() {
        assert_eq!(super::loading(500, 100_000), "loading 500 of 100 000…");
        assert_eq!(
            super::loading(41_234, 100_000),
            "loading 41 000 of 100 000…"
        );
        assert_eq!(super::loading(1_234, 5_000), "loading 1 234 of 5 000…");
    }
}
