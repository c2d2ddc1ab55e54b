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
use crate::team::git::{self, GitError};
use crate::team::merge::{changed_fields, merge_study_text, take_value};
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
    let reg = review_of(path).map_or_else(Registry::builtin, |root| Registry::for_review(&root).0);
    let merged = match texts {
        (Ok(b), Ok(o), Ok(t)) => merge_study_text(&reg, &b, &o, &t).map_err(|e| e.to_string()),
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
}

/// Runs `litrev resolve ID [REVIEW] [--take ours|theirs [--field F=SIDE]...]`:
/// shows the conflicting fields of a study file with merge conflict markers,
/// or writes the side taken (with the named fields from the side named).
pub fn resolve(
    id: &str,
    review: Option<&Path>,
    take: Option<Side>,
    fields: &[String],
) -> Result<ExitCode, Fail> {
    let dir = review_dir(review)?;
    let path = store::study_path(&dir, id)
        .ok_or_else(|| Fail::usage(format!("\"{}\" is not a study id", inert_line(id))))?;
    let name = format!("{}/{id}.toml", store::STUDIES_DIR);
    let text = std::fs::read_to_string(&path).map_err(|e| Fail::usage(format!("{name}: {e}")))?;
    let Some(c) = conflict::split(&text) else {
        emit(&format!("{name} has no merge conflict\n"))?;
        return Ok(ExitCode::SUCCESS);
    };
    let read = |t: &str| parse_study(Path::new(&name), t, None, &Review::default()).study;
    let studies = read(&c.ours).zip(read(&c.theirs));
    let conflicting = studies
        .as_ref()
        .map(|(o, t)| changed_fields(o, t))
        .unwrap_or_default();
    let Some(side) = take else {
        return show(id, &name, &c, studies.is_some().then_some(&conflicting));
    };
    let (chosen, mut study, other) = match (side, &studies) {
        (Side::Ours, Some((o, t))) => (&c.ours, o.clone(), t),
        (Side::Theirs, Some((o, t))) => (&c.theirs, t.clone(), o),
        (Side::Ours, None) => (&c.ours, Study::default(), &Study::default()),
        (Side::Theirs, None) => (&c.theirs, Study::default(), &Study::default()),
    };
    let mut out = chosen.clone();
    if !fields.is_empty() {
        if studies.is_none() {
            return Err(Fail::data(format!(
                "{name}: a side is not a readable study, so fields cannot be picked one by one: use --take alone"
            )));
        }
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
            if !conflicting.iter().any(|c| c == field) {
                return Err(Fail::usage(format!(
                    "{} is not a conflicting field of {name}; those are: {}",
                    inert_line(field),
                    inert_line(&conflicting.join(", "))
                )));
            }
            if want != side {
                take_value(&mut study, other, field);
            }
        }
        // Answers are written in the spelling of this review's instruments.
        let (reg, _) = Registry::for_review(&dir);
        out = render_study(&reg, &study, Some(chosen));
    }
    store::write_atomic(&path, out.as_bytes()).map_err(|e| Fail::usage(format!("{name}: {e}")))?;
    let which = if side == Side::Ours { "ours" } else { "theirs" };
    let n = c.hunks.len();
    emit(&format!(
        "{name}: resolved {n} conflict{} ({which}{}); `git add {name}` marks it resolved\n",
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
) -> Result<ExitCode, Fail> {
    let fields = match fields {
        Some(f) => f.join(", "),
        None => "(a side is not a readable study)".to_string(),
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
        "Keep one side with `litrev resolve {id} --take ours` (or theirs; add --field FIELD=theirs to pick a field from the other), or edit the file.\n"
    ));
    emit(&out)?;
    Ok(ExitCode::from(EXIT_DATA))
}
