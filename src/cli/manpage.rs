//! `litrev man` and `litrev completions`: the man pages and the shell
//! completion scripts, generated from the command line's clap definitions
//! (which the binary passes in), so they never drift from `--help`.

use std::path::Path;
use std::process::ExitCode;

pub use clap_complete::Shell;

use super::{Fail, emit};
use crate::store;
use crate::text::inert_line;

/// Prints the man page of `cmd` (roff) to stdout; with `out`, writes it as
/// `litrev.1` into that folder (created if missing) with one page per
/// subcommand (`litrev-tally.1`, …), each atomically.
///
/// A file of the same name is replaced only when it is a litrev man page
/// (its `.TH` line names litrev) or `force` says so; a review's own folders
/// are never written into.
pub fn man(cmd: clap::Command, out: Option<&Path>, force: bool) -> Result<ExitCode, Fail> {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    // Every page's footer names litrev and its version, a subcommand's too.
    let source = format!(
        "{} {}",
        cmd.get_name(),
        cmd.get_version().unwrap_or_default()
    );
    match out {
        None => emit(&render(clap_mangen::Man::new(cmd).source(source))?)?,
        Some(dir) => {
            let shown = || inert_line(&dir.display().to_string()).into_owned();
            super::out::check_folder(dir)?;
            let mut pages = Vec::new();
            pages_of(cmd, &source, &mut pages);
            let mut texts = Vec::new();
            for page in &pages {
                let name = page.get_filename();
                let mut text = Vec::new();
                page.render(&mut text)
                    .map_err(|e| Fail::usage(format!("cannot render {name}: {e}")))?;
                let path = dir.join(&name);
                if !force && !replaceable(&path) {
                    return Err(Fail::usage(format!(
                        "{}/{} exists and is not a litrev man page: pass --force to replace it, or name another folder",
                        shown(),
                        inert_line(&name)
                    )));
                }
                texts.push((path, text));
            }
            std::fs::create_dir_all(dir).map_err(|e| Fail::usage(format!("{}: {e}", shown())))?;
            for (path, text) in &texts {
                store::write_atomic(path, text).map_err(|e| {
                    Fail::usage(format!("{}: {e}", inert_line(&path.display().to_string())))
                })?;
            }
            super::note(&format!(
                "litrev: wrote {} man pages to {} (litrev.1 and one per command)",
                pages.len(),
                shown()
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// True when `path` may be replaced by a man page: there is no file, or it
/// is a litrev man page (one of its first lines is `.TH litrev…`).
fn replaceable(path: &Path) -> bool {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes[..bytes.len().min(4096)])
            .lines()
            .take(20)
            .any(|l| l.starts_with(".TH litrev")),
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    }
}

/// The page of `cmd` and, after it, the pages of its visible subcommands,
/// depth first.
fn pages_of(cmd: clap::Command, source: &str, pages: &mut Vec<clap_mangen::Man>) {
    let subs: Vec<clap::Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .cloned()
        .collect();
    pages.push(clap_mangen::Man::new(cmd).source(source));
    for sub in subs {
        pages_of(sub, source, pages);
    }
}

/// One man page as text.
fn render(page: clap_mangen::Man) -> Result<String, Fail> {
    let mut text = Vec::new();
    page.render(&mut text)
        .map_err(|e| Fail::usage(format!("cannot render the man page: {e}")))?;
    Ok(String::from_utf8_lossy(&text).into_owned())
}

/// Prints the completion script of `cmd` for `shell` to stdout.
pub fn completions(cmd: clap::Command, shell: Shell) -> Result<ExitCode, Fail> {
    let mut cmd = cmd;
    let name = cmd.get_name().to_string();
    let mut text = Vec::new();
    clap_complete::generate(shell, &mut cmd, name, &mut text);
    emit(&String::from_utf8_lossy(&text))?;
    Ok(ExitCode::SUCCESS)
}
