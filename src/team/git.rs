//! A review kept in a git repository: registering the study merge driver,
//! and a study's history. Everything here runs the `git` command; nothing
//! reads git's files itself.

use std::path::Path;
use std::process::{Command, Output};

use crate::model::{Review, Study};
use crate::store::STUDIES_DIR;
use crate::store::parse::parse_study;
use crate::team::merge::changed_fields;

/// The line `git-setup` writes to `.gitattributes`.
pub const ATTRIBUTE: &str = "studies/*.toml merge=litrev";

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("the `git` command is not available ({0}): install git to use this")]
    NoGit(std::io::Error),
    #[error(
        "{0} is not in a git repository (start one with `git init`, or `litrev new DIR --git`)"
    )]
    NotARepository(String),
    #[error("git {args} failed: {message}")]
    Failed { args: String, message: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

fn run(dir: &Path, args: &[&str]) -> Result<Output, GitError> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(GitError::NoGit)
}

/// Runs git and returns its standard output, or its error.
fn git(dir: &Path, args: &[&str]) -> Result<String, GitError> {
    let out = run(dir, args)?;
    if !out.status.success() {
        return Err(GitError::Failed {
            args: args.join(" "),
            message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// True when `dir` is inside a git working tree.
pub fn is_repository(dir: &Path) -> bool {
    run(dir, &["rev-parse", "--is-inside-work-tree"])
        .is_ok_and(|o| o.status.success() && o.stdout.starts_with(b"true"))
}

fn require_repository(dir: &Path) -> Result<(), GitError> {
    // Distinguish "no git" from "no repository".
    run(dir, &["--version"])?;
    if is_repository(dir) {
        Ok(())
    } else {
        Err(GitError::NotARepository(dir.display().to_string()))
    }
}

/// Starts a repository in `dir` (`git init`).
pub fn init(dir: &Path) -> Result<(), GitError> {
    git(dir, &["init", "--quiet"]).map(|_| ())
}

/// Registers the study merge driver for the review in `dir`: the
/// `.gitattributes` line and the repository's `merge.litrev.*` settings,
/// with `driver` the command that runs litrev. Returns what it did, one
/// sentence per change (none when everything was in place already).
pub fn setup(dir: &Path, driver: &str) -> Result<Vec<String>, GitError> {
    require_repository(dir)?;
    let mut done = Vec::new();
    let attributes = dir.join(".gitattributes");
    let old = match std::fs::read_to_string(&attributes) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e.into()),
    };
    if !old.lines().any(|l| l.trim() == ATTRIBUTE) {
        let sep = if old.is_empty() || old.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        std::fs::write(&attributes, format!("{old}{sep}{ATTRIBUTE}\n"))?;
        done.push(format!("added `{ATTRIBUTE}` to .gitattributes"));
    }
    let command = format!("{driver} merge-driver %O %A %B %P");
    for (key, value) in [
        (
            "merge.litrev.name",
            "litrev: merge study files field by field",
        ),
        ("merge.litrev.driver", command.as_str()),
    ] {
        let now = run(dir, &["config", "--local", "--get", key])?;
        if String::from_utf8_lossy(&now.stdout).trim_end_matches('\n') != value {
            git(dir, &["config", "--local", key, value])?;
            done.push(format!("set git config {key} = {value}"));
        }
    }
    Ok(done)
}

/// The command git should run for the driver: this program by its path,
/// quoted for the shell, or `litrev` when the path cannot be quoted simply.
pub fn driver_command(exe: Option<&Path>) -> String {
    match exe.and_then(|p| p.to_str()) {
        Some(p) if !p.contains('\'') && !p.contains('\n') => format!("'{p}'"),
        _ => "litrev".to_string(),
    }
}

/// One commit that touched a study file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    pub commit: String,
    pub author: String,
    /// ISO 8601 author date.
    pub date: String,
    pub message: String,
    /// The values the commit changed ("doi", "appraisals[MMAT by AB]"), or
    /// `created` / `deleted` / `unreadable`.
    pub changed: Vec<String>,
}

impl Change {
    /// "abc1234567 2026-01-02 Ana: message": short hash, day, author, subject.
    pub fn summary(&self) -> String {
        format!(
            "{} {} {}: {}",
            self.commit.get(..10).unwrap_or(&self.commit),
            self.date.get(..10).unwrap_or(&self.date),
            self.author,
            self.message
        )
    }
}

/// The commits that touched study `id` of the review in `dir`, newest
/// first, each with the values it changed.
pub fn history(dir: &Path, id: &str) -> Result<Vec<Change>, GitError> {
    require_repository(dir)?;
    let file = format!("{STUDIES_DIR}/{id}.toml");
    let log = git(
        dir,
        &["log", "-z", "--format=%H%x1f%an%x1f%aI%x1f%s", "--", &file],
    )?;
    let read = |rev: &str| -> Option<Result<Study, ()>> {
        let out = run(dir, &["show", &format!("{rev}:./{file}")]).ok()?;
        if !out.status.success() {
            return None;
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let parsed = parse_study(Path::new(&file), &text, None, &Review::default());
        Some(parsed.study.ok_or(()))
    };
    let mut changes = Vec::new();
    for record in log.split('\0').filter(|r| !r.trim().is_empty()) {
        let mut parts = record.trim_start_matches('\n').split('\x1f');
        let mut next = || parts.next().unwrap_or("").to_string();
        let (commit, author, date, message) = (next(), next(), next(), next());
        let changed = match (read(&format!("{commit}^")), read(&commit)) {
            (_, None) => vec!["deleted".to_string()],
            (None, Some(_)) => vec!["created".to_string()],
            (Some(Ok(a)), Some(Ok(b))) => changed_fields(&a, &b),
            _ => vec!["unreadable".to_string()],
        };
        changes.push(Change {
            commit,
            author,
            date,
            message,
            changed,
        });
    }
    Ok(changes)
}
