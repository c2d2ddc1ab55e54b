//! `litrev merge-driver`, `litrev git-setup` and `litrev history`: a review
//! kept in git.

use std::path::Path;
use std::process::{Command, ExitCode};

use super::{EXIT_DATA, Fail, emit, note, review_dir};
use crate::appraisal::Registry;
use crate::model::valid_id;
use crate::model::{Review, Study};
use crate::store;
use crate::store::parse::parse_study;
use crate::store::write::render_study;
use crate::team::conflict;
use crate::team::docmerge::merge_toml_text;
use crate::team::git::{self, GitError};
use crate::team::merge::{
    Side as MergeSide, changed_fields, merge_study_choosing, merge_study_text, take_value,
};
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

/// The review folder holding the study file at `path` (`…/studies/x.toml`),
/// when it has a `review.toml`.
fn review_of(path: &Path) -> Option<std::path::PathBuf> {
    let studies = path.parent()?;
    if studies.file_name()? != store::STUDIES_DIR {
        return None;
    }
    let root = match studies.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    root.join(store::REVIEW_FILE).is_file().then_some(root)
}

/// True for `review.toml` and an instrument file (`instruments/*.toml`):
/// TOML documents merged key by key, not as studies.
fn is_toml_document(path: &Path) -> bool {
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str());
    path.file_name().is_some_and(|n| n == store::REVIEW_FILE) || parent == Some("instruments")
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
    // The instruments of the review the file belongs to (git names it
    // relative to the top of the work tree, where it runs the driver).
    let whole_document = is_toml_document(path);
    let merged = match texts {
        (Ok(b), Ok(o), Ok(t)) if whole_document => {
            merge_toml_text(&b, &o, &t).map_err(|e| e.to_string())
        }
        (Ok(b), Ok(o), Ok(t)) => {
            let reg = review_of(path)
                .map_or_else(Registry::builtin, |root| Registry::for_review(&root).0);
            merge_study_text(&reg, &b, &o, &t).map_err(|e| e.to_string())
        }
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
            "{}: git already merges study files and review.toml with litrev; nothing to do\n",
            shown(dir)
        )
    } else {
        let lines: String = done
            .iter()
            .map(|d| format!("  {}\n", inert_line(d)))
            .collect();
        format!(
            "{}: git now merges study files and review.toml field by field with litrev:\n{lines}Commit .gitattributes so the whole team gets it; each clone runs `litrev git-setup` once for the git config.\n",
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
        Format::Json => crate::manuscript::render::json_text(&changes)
            .map_err(|e| Fail::usage(e.to_string()))?,
        Format::Text if changes.is_empty() => {
            format!("no commit touched studies/{id}.toml\n")
        }
        Format::Text => changes
            .iter()
            .map(|c| {
                format!(
                    "{}\n    {}\n",
                    inert_line(&c.summary()),
                    inert_line(&c.details())
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
    /// Both sides' changes merged (ours where they conflict): every
    /// reviewer's appraisal is kept where the two are keyed apart.
    Both,
}

/// What `litrev resolve` is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    Take(Side),
    /// Keep a study deleted on one side and changed on the other.
    Keep,
    /// Delete it.
    Drop,
}

/// Says on stderr that this clone lacks the merge driver that
/// `.gitattributes` names (the reason a merge conflicted as text).
fn warn_missing_driver(dir: &Path) {
    if git::driver_missing(dir).is_some() {
        note(
            "litrev: .gitattributes names the litrev merge driver, but this clone's git config does not set it up, so git merged study files line by line: run `litrev git-setup` once in this clone before the next merge",
        );
    }
}

/// Runs `litrev resolve ID [REVIEW] [--take ours|theirs|both [--field
/// F=SIDE]...] [--keep | --drop]`: shows the conflicting fields of a study
/// file with merge conflict markers (or what git left of a study deleted on
/// one side), or writes the resolution chosen.
pub fn resolve(
    id: &str,
    review: Option<&Path>,
    how: Option<Resolution>,
    fields: &[String],
) -> Result<ExitCode, Fail> {
    let dir = review_dir(review)?;
    let path = store::study_path(&dir, id)
        .ok_or_else(|| Fail::usage(format!("\"{}\" is not a study id", inert_line(id))))?;
    let name = format!("{}/{id}.toml", store::STUDIES_DIR);
    warn_missing_driver(&dir);
    let unmerged = if crate::team::state::in_repository(&dir) {
        git::unmerged(&dir)
            .unwrap_or_default()
            .into_iter()
            .find(|(p, _)| *p == name)
            .map(|(_, k)| k)
    } else {
        None
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && unmerged.is_some() => None,
        Err(e) => return Err(Fail::usage(format!("{name}: {e}"))),
    };
    let split = text.as_deref().and_then(conflict::split);
    let deleted = matches!(
        unmerged,
        Some(git::Unmerged::DeletedByUs | git::Unmerged::DeletedByThem)
    );
    match (how, split) {
        (Some(Resolution::Keep | Resolution::Drop), _) if !deleted => Err(Fail::usage(format!(
            "{name} was not deleted on one side of a merge: --keep and --drop are for that; use --take ours, theirs or both"
        ))),
        (Some(Resolution::Keep), _) => keep_or_drop(&dir, &name, true),
        (Some(Resolution::Drop), _) => keep_or_drop(&dir, &name, false),
        (_, None) if deleted => {
            let (gone, changed) = if unmerged == Some(git::Unmerged::DeletedByUs) {
                ("ours", "theirs")
            } else {
                ("theirs", "ours")
            };
            if let Some(Resolution::Take(_)) = how {
                return Err(Fail::data(format!(
                    "{name} was deleted on {gone} and changed on {changed}: keep it with `litrev resolve {id} --keep` or drop it with `litrev resolve {id} --drop`"
                )));
            }
            let what = crate::team::state::state(&dir)
                .problems
                .into_iter()
                .find(|p| p.path.ends_with(&name) && !p.is_warning())
                .map(|p| p.message)
                .unwrap_or_default();
            emit(&format!("{name}: {}\n", inert_line(&what)))?;
            Ok(ExitCode::from(EXIT_DATA))
        }
        (_, None) => {
            emit(&format!("{name} has no merge conflict\n"))?;
            Ok(ExitCode::SUCCESS)
        }
        (None, Some(c)) => {
            let read = |t: &str| parse_study(Path::new(&name), t, None, &Review::default()).study;
            let conflicting = read(&c.ours)
                .zip(read(&c.theirs))
                .map(|(o, t)| changed_fields(&o, &t));
            let added = unmerged == Some(git::Unmerged::BothAdded);
            show(id, &name, &c, conflicting.as_ref(), added)
        }
        (Some(Resolution::Take(side)), Some(c)) => take(&dir, &name, &path, c, side, fields),
    }
}

/// `--keep` or `--drop` for a study deleted on one side and changed on the
/// other: the file stays (or goes) and git is told.
fn keep_or_drop(dir: &Path, name: &str, keep: bool) -> Result<ExitCode, Fail> {
    let path = dir.join(name);
    if keep && !path.exists() {
        // The changed side, as git keeps it.
        let text = git::stage(dir, name, 2)
            .or_else(|| git::stage(dir, name, 3))
            .ok_or_else(|| Fail::data(format!("{name}: git holds no side of it to keep")))?;
        store::write_atomic(&path, text.as_bytes())
            .map_err(|e| Fail::usage(format!("{name}: {e}")))?;
    }
    if !keep && path.exists() {
        std::fs::remove_file(&path).map_err(|e| Fail::usage(format!("{name}: {e}")))?;
    }
    git::mark_resolved(dir, name).map_err(git_fail)?;
    emit(&format!(
        "{name}: {} ({}); commit to finish the merge\n",
        if keep { "kept, as changed" } else { "deleted" },
        if keep {
            format!("`git add {name}` done")
        } else {
            format!(
                "`git rm {name}` done; `git checkout --theirs {name}` would bring it back before you commit"
            )
        }
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `--take ours|theirs|both`: writes the side taken (with the fields named
/// from the other side), or both sides merged.
fn take(
    dir: &Path,
    name: &str,
    path: &Path,
    c: conflict::Conflicted,
    side: Side,
    fields: &[String],
) -> Result<ExitCode, Fail> {
    let read = |t: &str| parse_study(Path::new(name), t, None, &Review::default()).study;
    let studies = read(&c.ours).zip(read(&c.theirs));
    let conflicting = studies
        .as_ref()
        .map(|(o, t)| changed_fields(o, t))
        .unwrap_or_default();
    let mut wanted: Vec<(String, Side)> = Vec::new();
    for f in fields {
        let (field, want) = f.rsplit_once('=').unwrap_or((f.as_str(), ""));
        let want = match want {
            "ours" => Side::Ours,
            "theirs" => Side::Theirs,
            _ => {
                return Err(Fail::usage(format!(
                    "--field {}: write FIELD=ours or FIELD=theirs",
                    inert_line(f)
                )));
            }
        };
        if studies.is_none() {
            return Err(Fail::data(format!(
                "{name}: a side is not a readable study, so fields cannot be picked one by one: use --take alone"
            )));
        }
        if !conflicting.iter().any(|c| c == field) {
            return Err(Fail::usage(format!(
                "{} is not a conflicting field of {name}; those are: {}",
                inert_line(field),
                inert_line(&conflicting.join(", "))
            )));
        }
        wanted.push((field.to_string(), want));
    }
    // Answers are written in the spelling of this review's instruments.
    let (reg, _) = Registry::for_review(dir);
    let mut said = String::new();
    let out = match side {
        Side::Both => {
            // The common version, when git still has it: what only one side
            // changed is then taken, not just what both added.
            let base = if crate::team::state::in_repository(dir) {
                git::stage(dir, name, 1).unwrap_or_default()
            } else {
                String::new()
            };
            let choose = |f: &str| {
                let theirs = wanted
                    .iter()
                    .any(|(w, s)| f.starts_with(w.as_str()) && *s == Side::Theirs);
                if theirs {
                    MergeSide::Theirs
                } else {
                    MergeSide::Ours
                }
            };
            let merged = merge_study_choosing(&reg, &base, &c.ours, &c.theirs, &choose)
                .map_err(|e| Fail::data(format!("{name}: {e}; use --take ours or theirs")))?;
            if !merged.conflicts.is_empty() {
                said = format!(
                    "; where both changed the same value the side named was taken (ours unless --field): {}",
                    inert_line(&merged.conflicts.join(", "))
                );
            }
            merged.text
        }
        Side::Ours | Side::Theirs => {
            let (chosen, mut study, other) = match (side, &studies) {
                (Side::Theirs, Some((o, t))) => (&c.theirs, t.clone(), o.clone()),
                (_, Some((o, t))) => (&c.ours, o.clone(), t.clone()),
                (Side::Theirs, None) => (&c.theirs, Study::default(), Study::default()),
                (_, None) => (&c.ours, Study::default(), Study::default()),
            };
            let picked: Vec<&String> = wanted
                .iter()
                .filter(|(_, w)| (*w == Side::Theirs) != (side == Side::Theirs))
                .map(|(f, _)| f)
                .collect();
            if wanted.is_empty() {
                chosen.clone()
            } else {
                for f in picked {
                    take_value(&mut study, &other, f);
                }
                render_study(&reg, &study, Some(chosen))
            }
        }
    };
    store::write_atomic(path, out.as_bytes()).map_err(|e| Fail::usage(format!("{name}: {e}")))?;
    let which = match side {
        Side::Ours => "ours",
        Side::Theirs => "theirs",
        Side::Both => "both",
    };
    let n = c.hunks.len();
    emit(&format!(
        "{name}: resolved {n} conflict{} ({which}{}){said}; `git add {name}` marks it resolved\n",
        if n == 1 { "" } else { "s" },
        if fields.is_empty() {
            ""
        } else {
            ", with the fields named"
        }
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the conflicting fields and hunks of a conflicted file.
fn show(
    id: &str,
    name: &str,
    c: &conflict::Conflicted,
    fields: Option<&Vec<String>>,
    added: bool,
) -> Result<ExitCode, Fail> {
    let fields = match fields {
        Some(f) => f.join(", "),
        None => "(a side is not a readable study)".to_string(),
    };
    let mut out = format!("{name}: conflicting {}\n", inert_line(&fields));
    if added {
        out.push_str("(added on both sides of the merge, with different contents)\n");
    }
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
        "Keep one side with `litrev resolve {id} --take ours` (or theirs; add --field FIELD=theirs to pick a field from the other), or edit the file.\n"
    ));
    if added {
        out.push_str(&format!(
            "Keep both reviewers' appraisals (ours where the two conflict) with `litrev resolve {id} --take both`.\n"
        ));
    }
    emit(&out)?;
    Ok(ExitCode::from(EXIT_DATA))
}
