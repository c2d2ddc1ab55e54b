//! `litrev merge-driver`, `litrev git-setup` and `litrev history`: a review
//! kept in git.

use std::path::Path;
use std::process::{Command, ExitCode};

use super::{EXIT_DATA, Fail, emit, note, review_dir};
use crate::review::git::{self, GitError};
use crate::review::merge::merge_study_text;
use crate::review::store;
use crate::review::valid_id;
use crate::text::inert_line;

/// Output formats of `litrev history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

fn shown(p: &Path) -> String {
    inert_line(&p.display().to_string()).into_owned()
}

fn read(p: &Path) -> Result<Vec<u8>, Fail> {
    std::fs::read(p).map_err(|e| Fail::usage(format!("{}: {e}", shown(p))))
}

/// Runs `litrev merge-driver BASE OURS THEIRS PATH` as git calls it
/// (`%O %A %B %P`): merges into OURS; exit 0 when clean, 1 on a conflict.
pub fn merge_driver(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    path: &Path,
) -> Result<ExitCode, Fail> {
    let (b, o, t) = (read(base)?, read(ours)?, read(theirs)?);
    let texts = (
        String::from_utf8(b.clone()),
        String::from_utf8(o.clone()),
        String::from_utf8(t.clone()),
    );
    let merged = match texts {
        (Ok(b), Ok(o), Ok(t)) => merge_study_text(&b, &o, &t).map_err(|e| e.to_string()),
        _ => Err("not UTF-8 text".to_string()),
    };
    let merged = match merged {
        Ok(m) => m,
        Err(why) => {
            note(&format!(
                "litrev: {}: {why}; merged as text instead",
                shown(path)
            ));
            return text_merge(base, ours, theirs);
        }
    };
    if merged.text.as_bytes() != o.as_slice() {
        store::write_atomic(ours, merged.text.as_bytes())
            .map_err(|e| Fail::usage(format!("{}: {e}", shown(ours))))?;
    }
    if merged.conflicts.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    note(&format!(
        "litrev: {}: conflicting changes to {}",
        shown(path),
        inert_line(&merged.conflicts.join(", "))
    ));
    Ok(ExitCode::from(EXIT_DATA))
}

/// git's own line merge, for files that are not readable studies.
fn text_merge(base: &Path, ours: &Path, theirs: &Path) -> Result<ExitCode, Fail> {
    let status = Command::new("git")
        .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(ours)
        .arg(base)
        .arg(theirs)
        .status()
        .map_err(|e| Fail::usage(format!("cannot run `git merge-file`: {e}")))?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(n) if n > 0 => ExitCode::from(EXIT_DATA),
        _ => return Err(Fail::usage("`git merge-file` failed")),
    })
}

fn git_fail(e: GitError) -> Fail {
    Fail::usage(e.to_string())
}

/// Runs `litrev git-setup [REVIEW]`.
pub fn setup(review: Option<&Path>) -> Result<ExitCode, Fail> {
    let dir = review_dir(review)?;
    setup_in(&dir)
}

/// Registers the merge driver for the review in `dir`, saying what it did.
pub fn setup_in(dir: &Path) -> Result<ExitCode, Fail> {
    let exe = std::env::current_exe().ok();
    let done = git::setup(dir, &git::driver_command(exe.as_deref())).map_err(git_fail)?;
    let out = if done.is_empty() {
        format!(
            "{}: git already merges study files with litrev; nothing to do\n",
            shown(dir)
        )
    } else {
        let lines: String = done
            .iter()
            .map(|d| format!("  {}\n", inert_line(d)))
            .collect();
        format!(
            "{}: git now merges study files field by field with litrev:\n{lines}Commit .gitattributes so the whole team gets it; each clone runs `litrev git-setup` once for the git config.\n",
            shown(dir)
        )
    };
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `litrev history ID [REVIEW]`.
pub fn history(id: &str, review: Option<&Path>, format: Format) -> Result<ExitCode, Fail> {
    let dir = review_dir(review)?;
    if !valid_id(id) {
        return Err(Fail::usage(format!(
            "\"{}\" is not a study id",
            inert_line(id)
        )));
    }
    let changes = git::history(&dir, id).map_err(git_fail)?;
    let out = match format {
        Format::Json => {
            crate::review::render::json_text(&changes).map_err(|e| Fail::usage(e.to_string()))?
        }
        Format::Text if changes.is_empty() => {
            format!("no commit touched studies/{id}.toml\n")
        }
        Format::Text => changes
            .iter()
            .map(|c| {
                format!(
                    "{}\n    {}\n",
                    inert_line(&c.summary()),
                    inert_line(&c.changed.join(", "))
                )
            })
            .collect(),
    };
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Which side `litrev resolve --take` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Side {
    Ours,
    Theirs,
}

/// Runs `litrev resolve ID [REVIEW] [--take ours|theirs]`: shows the
/// conflicting fields of a study file with merge conflict markers, or writes
/// the side taken.
pub fn resolve(id: &str, review: Option<&Path>, take: Option<Side>) -> Result<ExitCode, Fail> {
    use crate::review::merge::changed_fields;
    use crate::review::{Review, conflict, parse::parse_study};
    let dir = review_dir(review)?;
    let path = store::study_path(&dir, id)
        .ok_or_else(|| Fail::usage(format!("\"{}\" is not a study id", inert_line(id))))?;
    let name = format!("{}/{id}.toml", store::STUDIES_DIR);
    let text = std::fs::read_to_string(&path).map_err(|e| Fail::usage(format!("{name}: {e}")))?;
    let Some(c) = conflict::split(&text) else {
        emit(&format!("{name} has no merge conflict\n"))?;
        return Ok(ExitCode::SUCCESS);
    };
    if let Some(side) = take {
        let chosen = match side {
            Side::Ours => &c.ours,
            Side::Theirs => &c.theirs,
        };
        store::write_atomic(&path, chosen.as_bytes())
            .map_err(|e| Fail::usage(format!("{name}: {e}")))?;
        let which = if side == Side::Ours { "ours" } else { "theirs" };
        emit(&format!(
            "{name}: kept {which} in {} conflict{}; `git add {name}` marks it resolved\n",
            c.hunks.len(),
            if c.hunks.len() == 1 { "" } else { "s" }
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let read = |t: &str| parse_study(Path::new(&name), t, None, &Review::default()).study;
    let fields = match (read(&c.ours), read(&c.theirs)) {
        (Some(o), Some(t)) => changed_fields(&o, &t).join(", "),
        _ => "(a side is not a readable study)".to_string(),
    };
    let mut out = format!("{name}: conflicting {}\n", inert_line(&fields));
    let side = |label: &str, t: &str| {
        let lines: String = t
            .lines()
            .map(|l| format!("  {label} {}\n", inert_line(l)))
            .collect();
        if lines.is_empty() {
            format!("  {label} (nothing)\n")
        } else {
            lines
        }
    };
    for h in &c.hunks {
        out.push_str(&format!("line {}:\n", h.line));
        out.push_str(&side("ours:  ", &h.ours));
        out.push_str(&side("theirs:", &h.theirs));
    }
    out.push_str(&format!(
        "Keep one side with `litrev resolve {id} --take ours` (or theirs), or edit the file.\n"
    ));
    emit(&out)?;
    Ok(ExitCode::from(EXIT_DATA))
}
