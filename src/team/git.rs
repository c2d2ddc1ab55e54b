//! A review kept in a git repository: registering the study merge driver,
//! and a study's history. Everything here runs the `git` command; nothing
//! reads git's files itself.

use std::path::Path;
use std::process::{Command, Output};

use crate::model::{Review, Study};
use crate::store::STUDIES_DIR;
use crate::store::parse::parse_study;
use crate::team::merge::changed_fields;

/// The line `git-setup` writes to `.gitattributes` for study files.
pub const ATTRIBUTE: &str = "studies/*.toml merge=litrev";

/// Every line `git-setup` writes to `.gitattributes`: study files,
/// `review.toml` and the review's own instruments merge through litrev.
pub const ATTRIBUTES: [&str; 3] = [
    ATTRIBUTE,
    "review.toml merge=litrev",
    "instruments/*.toml merge=litrev",
];

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
    let missing: Vec<&str> = ATTRIBUTES
        .into_iter()
        .filter(|a| !old.lines().any(|l| l.trim() == *a))
        .collect();
    if !missing.is_empty() {
        let sep = if old.is_empty() || old.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        let lines: String = missing.iter().map(|a| format!("{a}\n")).collect();
        std::fs::write(&attributes, format!("{old}{sep}{lines}"))?;
        for a in missing {
            done.push(format!("added `{a}` to .gitattributes"));
        }
    }
    let command = format!("{driver} merge-driver %O %A %B %P");
    for (key, value) in [
        (
            "merge.litrev.name",
            "litrev: merge study files and review.toml field by field",
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

/// True when `.gitattributes` in `dir` sends files to the litrev merge
/// driver (`merge=litrev`) but this clone's git config does not say what
/// that driver runs: git then merges those files as text, line by line,
/// without a word. `None` when it does not apply (no such attribute, or not
/// a repository); else the line of `.gitattributes` that names the driver.
pub fn driver_missing(dir: &Path) -> Option<usize> {
    let text = std::fs::read_to_string(dir.join(".gitattributes")).ok()?;
    let line = text
        .lines()
        .position(|l| l.split_whitespace().skip(1).any(|a| a == "merge=litrev"))?;
    if !is_repository(dir) {
        return None;
    }
    let out = run(dir, &["config", "--get", "merge.litrev.driver"]).ok()?;
    let set = out.status.success() && !String::from_utf8_lossy(&out.stdout).trim().is_empty();
    (!set).then_some(line + 1)
}

/// How git left a file it could not merge, from the stages it keeps
/// (`git ls-files -u`: 1 the common ancestor, 2 ours, 3 theirs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unmerged {
    /// Changed on both sides (the file holds conflict markers, unless they
    /// were resolved and the file not yet `git add`ed).
    BothChanged,
    /// Added on both sides with different contents.
    BothAdded,
    /// Deleted on ours, changed on theirs (the file holds theirs).
    DeletedByUs,
    /// Deleted on theirs, changed on ours (the file holds ours).
    DeletedByThem,
    /// Any other state (a rename, or deleted on both sides).
    Other,
}

/// The files under `dir` that git has not merged yet, with their paths
/// relative to `dir` ("studies/x.toml"), in path order.
pub fn unmerged(dir: &Path) -> Result<Vec<(String, Unmerged)>, GitError> {
    let out = git(dir, &["ls-files", "-u", "-z", "--", "."])?;
    let mut stages: std::collections::BTreeMap<String, [bool; 3]> = Default::default();
    for rec in out.split('\0').filter(|r| !r.is_empty()) {
        let Some((meta, path)) = rec.split_once('\t') else {
            continue;
        };
        let stage: usize = meta
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        if let Some(slot) = stage.checked_sub(1).filter(|s| *s < 3) {
            stages.entry(path.to_string()).or_default()[slot] = true;
        }
    }
    Ok(stages
        .into_iter()
        .map(|(p, s)| {
            let kind = match s {
                [true, true, true] => Unmerged::BothChanged,
                [false, true, true] => Unmerged::BothAdded,
                [true, false, true] => Unmerged::DeletedByUs,
                [true, true, false] => Unmerged::DeletedByThem,
                _ => Unmerged::Other,
            };
            (p, kind)
        })
        .collect())
}

/// A side of an unmerged file as git keeps it (`:1:` base, `:2:` ours,
/// `:3:` theirs); `None` when that side has none.
pub fn stage(dir: &Path, path: &str, stage: u8) -> Option<String> {
    let out = run(dir, &["show", &format!(":{stage}:./{path}")]).ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Tells git that `path` (relative to `dir`) is resolved: `git add`, or
/// `git rm` when the file is gone.
pub fn mark_resolved(dir: &Path, path: &str) -> Result<(), GitError> {
    if dir.join(path).exists() {
        git(dir, &["add", "--", path]).map(|_| ())
    } else {
        git(dir, &["rm", "--quiet", "--cached", "--", path]).map(|_| ())
    }
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
    /// `created` / `deleted` / `unreadable`. A merge's are what it changed
    /// on the line it was made on (its first parent).
    pub changed: Vec<String>,
    /// Where the commit came from: `None` on the line the history is read
    /// from (HEAD and its first parents), else "merged in by COMMIT".
    pub side: Option<String>,
    /// For a merge, the values of the other side it did not take.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_taken: Vec<String>,
}

impl Change {
    /// "abc1234567 2026-01-02 Ana: message": short hash, day, author,
    /// subject, and where it came from when it came through a merge.
    pub fn summary(&self) -> String {
        let side = match &self.side {
            Some(s) => format!(" ({s})"),
            None => String::new(),
        };
        format!(
            "{} {} {}: {}{side}",
            short(&self.commit),
            self.date.get(..10).unwrap_or(&self.date),
            self.author,
            self.message
        )
    }

    /// The values it changed, and for a merge what it left of the other side.
    pub fn details(&self) -> String {
        let mut out = self.changed.join(", ");
        if out.is_empty() {
            out = "no change on this side".to_string();
        }
        if !self.not_taken.is_empty() {
            out.push_str(&format!(
                "; not taken from the other side: {}",
                self.not_taken.join(", ")
            ));
        }
        out
    }
}

fn short(commit: &str) -> &str {
    commit.get(..10).unwrap_or(commit)
}

/// The commits that touched study `id` of the review in `dir`, newest
/// first, each with the values it changed: every commit of every side that
/// was merged (`git log --full-history`), merges included, each side
/// commit saying which merge brought it in.
pub fn history(dir: &Path, id: &str) -> Result<Vec<Change>, GitError> {
    require_repository(dir)?;
    let file = format!("{STUDIES_DIR}/{id}.toml");
    let log = git(
        dir,
        &[
            "log",
            "--full-history",
            "-z",
            "--format=%H%x1f%P%x1f%an%x1f%aI%x1f%s",
            "--",
            &file,
        ],
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
    let brought = merged_in(dir).unwrap_or_default();
    let mut changes = Vec::new();
    for record in log.split('\0').filter(|r| !r.trim().is_empty()) {
        let mut parts = record.trim_start_matches('\n').split('\x1f');
        let mut next = || parts.next().unwrap_or("").to_string();
        let (commit, parents, author, date, message) = (next(), next(), next(), next(), next());
        let parents: Vec<&str> = parents.split_whitespace().collect();
        let diff = |from: Option<Option<Result<Study, ()>>>, to: &Option<Result<Study, ()>>| match (
            from.flatten(),
            to,
        ) {
            (_, None) => vec!["deleted".to_string()],
            (None, Some(_)) => vec!["created".to_string()],
            (Some(Ok(a)), Some(Ok(b))) => changed_fields(&a, b),
            _ => vec!["unreadable".to_string()],
        };
        let now = read(&commit);
        let changed = diff(parents.first().map(|p| read(p)), &now);
        // A merge: what the other side held that the merge did not keep.
        let not_taken = match parents.get(1) {
            Some(p) => match (read(p), &now) {
                (Some(Ok(theirs)), Some(Ok(merged))) => changed_fields(merged, &theirs),
                _ => Vec::new(),
            },
            None => Vec::new(),
        };
        let side = brought
            .get(&commit)
            .map(|m| format!("merged in by {}", short(m)));
        changes.push(Change {
            commit,
            author,
            date,
            message,
            changed,
            side,
            not_taken,
        });
    }
    Ok(changes)
}

/// For every commit that is not on HEAD's first-parent line, the merge on
/// that line that brought it in.
fn merged_in(dir: &Path) -> Result<std::collections::HashMap<String, String>, GitError> {
    use std::collections::{HashMap, HashSet};
    let list = git(dir, &["rev-list", "--parents", "HEAD"])?;
    let parents: HashMap<&str, Vec<&str>> = list
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            Some((w.next()?, w.collect()))
        })
        .collect();
    // HEAD's first-parent line, oldest first.
    let mut line = Vec::new();
    let mut at = list
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().next());
    while let Some(c) = at {
        line.push(c);
        at = parents.get(c).and_then(|p| p.first().copied());
    }
    line.reverse();
    // Going up the line, `seen` holds every ancestor of the commit before:
    // what a merge's other parents reach beyond it came in by that merge.
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out = HashMap::new();
    for c in line {
        seen.insert(c);
        let Some(ps) = parents.get(c) else { continue };
        let mut stack: Vec<&str> = ps.iter().skip(1).copied().collect();
        while let Some(x) = stack.pop() {
            if !seen.insert(x) {
                continue;
            }
            out.insert(x.to_string(), c.to_string());
            if let Some(ps) = parents.get(x) {
                stack.extend(ps.iter().copied());
            }
        }
    }
    Ok(out)
}
