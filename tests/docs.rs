//! The docs stay true: the shell sessions that README.md and docs/*.md
//! quote are run again, and their output compared with what is quoted.
//!
//! The convention. A fenced ```console block right after a line
//! `<!-- check -->` is a session to check:
//!
//! ````markdown
//! <!-- check -->
//! ```console
//! $ litrev tally data/example --by tag | grep confidence
//! clinician confidence       4 of 75 (5.3%)   52, 68, 72, 105
//! ```
//! ````
//!
//! - Each line starting with `$ ` is a command, run by `sh -c` with the
//!   `litrev` just built (`cargo_bin!("litrev")`) first on `PATH`; the lines
//!   up to the next `$ ` are what it prints, stdout and stderr together as a
//!   terminal shows them.
//! - A line that is only `…` stands for any number of lines (zero or
//!   more): at the end, "the output continues"; in the middle, "lines left
//!   out". Trailing spaces and trailing empty lines are not compared.
//! - The commands of one page run in a sandbox of their own, in the order
//!   the page gives them: a temporary folder holding copies of
//!   `data/example`, `tests/fixtures/interop` and `tests/fixtures/screening`, so `data/example` in a
//!   command names the copy and a page may build on what it did before
//!   (`cp -r data/example rev`, then `litrev import … --into rev`).
//!   `HOME` and `LITREV_CONFIG_DIR` point into the sandbox too.
//! - Every other ```console block must say why it is not run, on the line
//!   before it: `<!-- no check: a git session, hashes and dates differ -->`.
//!   A new session quoted without either marker fails this test.
//!
//! The exit status is not compared (sessions quote failures on purpose).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::litrev;

const CHECK: &str = "<!-- check -->";
const NO_CHECK: &str = "<!-- no check:";
const ANY: &str = "…";

/// One command of a checked session and the output the page quotes.
#[derive(Debug)]
struct Quoted {
    line: usize,
    command: String,
    expected: Vec<String>,
}

/// The checked sessions of a page, in order, or what is wrong with its
/// markers.
fn sessions(page: &str, text: &str) -> Result<Vec<Quoted>, Vec<String>> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut previous = "";
    let mut lines = text.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        let Some(lang) = line.strip_prefix("```") else {
            if !line.trim().is_empty() {
                previous = line.trim();
            }
            continue;
        };
        let checked = previous == CHECK;
        let excused = previous.starts_with(NO_CHECK);
        let console = lang.trim() == "console";
        if checked && !console {
            errors.push(format!(
                "{page}:{}: {CHECK} must come right before a ```console block",
                i + 1
            ));
        }
        if console && !checked && !excused {
            errors.push(format!(
                "{page}:{}: a ```console block needs {CHECK} (run and compared) or \
                 `{NO_CHECK} why -->` on the line before it",
                i + 1
            ));
        }
        let mut current: Option<Quoted> = None;
        for (j, inner) in lines.by_ref() {
            if inner.starts_with("```") {
                break;
            }
            if !(checked && console) {
                continue;
            }
            if let Some(command) = inner.strip_prefix("$ ") {
                found.extend(current.take());
                current = Some(Quoted {
                    line: j + 1,
                    command: command.to_string(),
                    expected: Vec::new(),
                });
            } else if let Some(q) = current.as_mut() {
                q.expected.push(inner.to_string());
            } else {
                errors.push(format!(
                    "{page}:{}: a checked session must start with a `$ ` command",
                    j + 1
                ));
            }
        }
        found.extend(current);
        previous = "";
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

/// The lines compared: trailing spaces and trailing empty lines dropped.
fn trimmed<S: AsRef<str>>(lines: &[S]) -> Vec<&str> {
    let mut out: Vec<&str> = lines.iter().map(|l| l.as_ref().trim_end()).collect();
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// True when `actual` is what `expected` quotes, a line `…` standing for
/// any number of lines.
fn matches(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((&ANY, rest)) => (0..=actual.len()).any(|skip| matches(rest, &actual[skip..])),
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| a == first && matches(rest, more)),
    }
}

/// Copies the folder `from` into `to`, recursively.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create the sandbox folder");
    for entry in fs::read_dir(from).expect("read a folder to copy") {
        let entry = entry.expect("a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// A fresh sandbox: copies of the example review and the import fixtures.
fn sandbox() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root.join("data/example"), &dir.path().join("data/example"));
    for fixtures in ["tests/fixtures/interop", "tests/fixtures/screening"] {
        copy_dir(&root.join(fixtures), &dir.path().join(fixtures));
    }
    fs::create_dir(dir.path().join("home")).expect("home folder");
    dir
}

/// Runs one quoted command in `dir`; its stdout and stderr, interleaved.
fn run(dir: &Path, command: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin!("litrev");
    let bin_dir = bin.parent().expect("the binary's folder");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![bin_dir.to_path_buf()];
    dirs.extend(std::env::split_paths(&path));
    let output = assert_cmd::Command::new("sh")
        .arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .current_dir(dir)
        .env("PATH", std::env::join_paths(dirs).expect("PATH"))
        .env("HOME", dir.join("home"))
        .env("LITREV_CONFIG_DIR", dir.join("home/config"))
        .env_remove("NO_COLOR")
        .env_remove("EDITOR")
        .output()
        .expect("run sh");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// README.md and every page of docs/, as (name, path).
fn pages() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![("README.md".to_string(), root.join("README.md"))];
    let mut docs: Vec<PathBuf> = fs::read_dir(root.join("docs"))
        .expect("docs/")
        .map(|e| e.expect("a docs/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    for p in docs {
        let name = format!(
            "docs/{}",
            p.file_name().expect("a file name").to_string_lossy()
        );
        pages.push((name, p));
    }
    pages
}

/// What went wrong with one page's sessions (empty: all true), and how
/// many commands it ran.
fn check_page(name: &str, text: &str) -> (Vec<String>, usize) {
    let quoted = match sessions(name, text) {
        Ok(q) => q,
        Err(errors) => return (errors, 0),
    };
    if quoted.is_empty() {
        return (Vec::new(), 0);
    }
    let dir = sandbox();
    let mut failures = Vec::new();
    for q in &quoted {
        let output = run(dir.path(), &q.command);
        let actual: Vec<&str> = output.lines().collect();
        let (expected, actual) = (trimmed(&q.expected), trimmed(&actual));
        if !matches(&expected, &actual) {
            failures.push(format!(
                "{name}:{}: `{}` printed\n{}\n--- where the page quotes\n{}\n",
                q.line,
                q.command,
                actual.join("\n"),
                expected.join("\n")
            ));
        }
    }
    (failures, quoted.len())
}

#[test]
fn every_checked_session_in_the_docs_prints_what_it_quotes() {
    let mut failures = Vec::new();
    let mut ran = Vec::new();
    for (name, path) in pages() {
        let text = fs::read_to_string(&path).expect("read a page");
        let (f, n) = check_page(&name, &text);
        failures.extend(f);
        ran.push((name, n));
    }
    assert!(
        failures.is_empty(),
        "{} quoted outputs are no longer true:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    let readme = ran
        .iter()
        .find(|(n, _)| n == "README.md")
        .map_or(0, |r| r.1);
    assert!(
        readme >= 8,
        "README's workflow should be checked, found {readme} commands: {ran:?}"
    );
}

#[test]
fn a_line_of_ellipsis_stands_for_any_lines() {
    assert!(matches(&["a", "…"], &["a", "b", "c"]));
    assert!(matches(&["a", "…"], &["a"]));
    assert!(matches(&["a", "…", "d"], &["a", "b", "c", "d"]));
    assert!(!matches(&["a", "…", "d"], &["a", "b", "c"]));
    assert!(!matches(&["a"], &["a", "b"]));
    assert!(!matches(&["a", "b"], &["a", "c"]));
}

#[test]
fn a_changed_quoted_line_is_caught() {
    let page = "<!-- check -->\n```console\n$ litrev tally data/example --by tag | grep confidence\nclinician confidence       4 of 75 (5.3%)   52, 68, 72, 106\n```\n";
    let (failures, ran) = check_page("planted.md", page);
    assert_eq!(ran, 1);
    assert_eq!(failures.len(), 1, "{failures:?}");
    let true_page = page.replace("72, 106", "72, 105");
    assert_eq!(check_page("planted.md", &true_page), (Vec::new(), 1));
}

#[test]
fn an_unmarked_session_is_refused() {
    let page = "Some text.\n\n```console\n$ litrev check\n```\n";
    let Err(errors) = sessions("page.md", page) else {
        panic!("an unmarked console block was accepted");
    };
    assert!(errors[0].starts_with("page.md:3:"), "{errors:?}");
    let excused = "<!-- no check: needs a git repository -->\n```console\n$ litrev check\n```\n";
    assert!(sessions("page.md", excused).is_ok_and(|q| q.is_empty()));
}

#[test]
fn the_man_page_is_roff_and_names_every_command() {
    let out = litrev().arg("man").assert().success().get_output().clone();
    let page = String::from_utf8_lossy(&out.stdout);
    // roff's own preamble (how to print an apostrophe) may come first; the
    // first macro of the page itself is its title.
    let first = page
        .lines()
        .find(|l| !l.starts_with(".ie") && !l.starts_with(".el") && !l.starts_with(".\\\""))
        .unwrap_or_default();
    assert!(first.starts_with(".TH litrev 1"), "{first}");
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    for command in [
        "tally",
        "list",
        "check",
        "import",
        "report",
        "man",
        "completions",
    ] {
        assert!(
            page.contains(&format!("litrev\\-{command}(1)")),
            "the man page does not name {command}"
        );
    }
}

#[test]
fn man_out_writes_one_page_per_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("man1");
    litrev().args(["man", "--out"]).arg(&out).assert().success();
    let tally = fs::read_to_string(out.join("litrev-tally.1")).expect("litrev-tally.1");
    assert!(tally.contains(".TH litrev-tally 1"), "{tally}");
    assert!(
        tally.contains("\"litrev "),
        "the footer names litrev: {tally}"
    );
    assert!(tally.contains("\\-\\-by"), "{tally}");
    assert!(out.join("litrev.1").is_file());
    assert!(out.join("litrev-completions.1").is_file());
}

#[test]
fn completions_bash_completes_litrev() {
    let out = litrev()
        .args(["completions", "bash"])
        .assert()
        .success()
        .get_output()
        .clone();
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(script.contains("complete "), "{script}");
    assert!(script.contains("litrev"), "{script}");
    assert!(script.contains("tally"), "{script}");
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = litrev().args(["completions", shell]).assert().success();
        assert!(!out.get_output().stdout.is_empty(), "no script for {shell}");
    }
    litrev().args(["completions", "tcsh"]).assert().code(2);
}
