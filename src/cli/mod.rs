//! The command line's printing: one file per subcommand over the domain library.

pub mod agreement;
pub mod appraisal;
pub mod check;
pub mod export;
pub mod git;
pub mod import;
pub mod list;
pub mod manpage;
pub mod map;
pub mod new;
pub mod out;
pub mod prisma;
pub mod report;
pub mod screen;
pub mod search;
pub mod tally;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::model::Study;
use crate::model::filter::{Filter, FilterError};
use crate::search::SearchIndex;
use crate::store::StudyEntry;
use crate::store::locate::{self, Located};
use crate::store::{self, LoadError, Loaded};
use crate::text::inert_line;
use crate::text::problem::Problem;

/// Exit status: the data has problems (validation, conflicts).
pub const EXIT_DATA: u8 = 1;
/// Exit status: usage or I/O error.
pub const EXIT_USAGE: u8 = 2;

/// A failure that ends a command, with the exit status it means.
#[derive(Debug)]
pub struct Fail {
    pub code: u8,
    pub message: String,
}

impl Fail {
    /// A usage or I/O failure (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_USAGE,
            message: message.into(),
        }
    }

    /// A data failure (exit 1).
    pub fn data(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_DATA,
            message: message.into(),
        }
    }
}

/// Parses `--cite` (a citation style).
pub fn parse_cite(s: &str) -> Result<crate::model::CitationStyle, String> {
    crate::model::CitationStyle::parse(s).ok_or_else(|| {
        format!(
            "expected one of {}",
            crate::model::CitationStyle::NAMES.join(", ")
        )
    })
}

/// Runs a command body, printing its failure to stderr.
pub fn finish(result: Result<ExitCode, Fail>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(f) => {
            // Messages can quote file names and values from the user's data.
            note(&format!(
                "litrev: {}",
                crate::text::inert_multiline(&f.message)
            ));
            ExitCode::from(f.code)
        }
    }
}

/// Writes one message line to stderr. A stderr that went away
/// (`litrev list 2>&1 | head -1`) is not worth dying over: where
/// `eprintln!` would panic, the message is dropped.
pub fn note(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Writes a command's output to stdout. A reader that stops early
/// (`litrev list | head`) is not an error: the rest is dropped quietly,
/// where `print!` would panic.
pub fn emit(out: &str) -> Result<(), Fail> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Fail::usage(format!("cannot write the output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Writes JSON to stdout as `write` serialises it (pretty, then a newline),
/// with the same characters escaped as `render::json_text` escapes: a
/// long list is never held whole in memory (100 000 studies as values
/// were ~700 MB). A reader that stops early is not an error, as in [`emit`].
pub fn emit_json(
    write: impl FnOnce(
        &mut serde_json::Serializer<
            &mut InertOut<Stdout>,
            serde_json::ser::PrettyFormatter<'static>,
        >,
    ) -> Result<(), serde_json::Error>,
) -> Result<(), Fail> {
    use std::io::Write;
    let mut out = InertOut::new(std::io::BufWriter::with_capacity(
        1 << 16,
        std::io::stdout().lock(),
    ));
    let written = {
        let mut ser = serde_json::Serializer::with_formatter(
            &mut out,
            serde_json::ser::PrettyFormatter::new(),
        );
        write(&mut ser)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush())
    };
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Fail::usage(format!("cannot write the output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Buffered, locked stdout.
pub type Stdout = std::io::BufWriter<std::io::StdoutLock<'static>>;

/// A writer of JSON through [`crate::text::inert_json`], a complete UTF-8
/// prefix at a time (a character the serialiser wrote in two pieces waits
/// for its second).
pub struct InertOut<W: std::io::Write> {
    stdout: W,
    pending: Vec<u8>,
}

impl<W: std::io::Write> InertOut<W> {
    pub fn new(out: W) -> Self {
        InertOut {
            stdout: out,
            pending: Vec::with_capacity(1 << 16),
        }
    }

    /// The writer underneath.
    pub fn into_inner(self) -> W {
        self.stdout
    }

    /// Writes out the complete characters pending.
    fn pass(&mut self) -> std::io::Result<()> {
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(s) => s.len(),
            Err(e) => e.valid_up_to(),
        };
        let text = String::from_utf8_lossy(&self.pending[..valid]).into_owned();
        self.stdout
            .write_all(crate::text::inert_json(text).as_bytes())?;
        self.pending.drain(..valid);
        Ok(())
    }
}

impl<W: std::io::Write> std::io::Write for InertOut<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= 1 << 16 {
            self.pass()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.pass()?;
        if !self.pending.is_empty() {
            // Never left by serde_json, which writes whole characters.
            let rest = std::mem::take(&mut self.pending);
            self.stdout
                .write_all(String::from_utf8_lossy(&rest).as_bytes())?;
        }
        self.stdout.flush()
    }
}

/// Writes a command's output (`output` names it: "export csv") to `--out`
/// (atomically, where [`out::write`] allows) or, without one, to stdout as
/// [`emit`] does.
pub fn emit_to(text: &str, out: &out::OutArgs, output: &str) -> Result<(), Fail> {
    match &out.out {
        None => emit(text),
        Some(path) => out::write(path, text.as_bytes(), output, out.force),
    }
}

/// True when colour may be written to stdout: a terminal, and no `NO_COLOR`.
pub fn colour_stdout() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The review folder a command works on: the one named (which must be a
/// folder), else the nearest folder holding `review.toml` at or above the
/// current one, as git finds its repository.
pub fn review_dir(arg: Option<&Path>) -> Result<PathBuf, Fail> {
    match arg {
        Some(p) => named_review(p),
        None => find_review()?.ok_or_else(|| {
            Fail::usage(
                "no review.toml in the current folder or any folder above it: name a review folder (e.g. `litrev tally data/example`), or create one with `litrev new DIR`",
            )
        }),
    }
}

/// The review at or above the current folder; `None` when there is none. A
/// folder that has `studies/` but lost its `review.toml` is an error, not a
/// reason to open a review further up.
pub fn find_review() -> Result<Option<PathBuf>, Fail> {
    let cwd = std::env::current_dir()
        .map_err(|e| Fail::usage(format!("cannot read the current folder: {e}")))?;
    match locate::find(&cwd) {
        Located::Review(p) => Ok(Some(p)),
        Located::None => Ok(None),
        Located::Incomplete(p) => Err(Fail::usage(format!(
            "no review.toml in {}, though it has a {}/ folder: restore review.toml there, or name a review folder",
            shown(&p),
            store::STUDIES_DIR
        ))),
    }
}

/// `dir` for messages: the current folder is named as such.
fn shown(dir: &Path) -> String {
    if dir == Path::new(".") {
        "the current folder".to_string()
    } else {
        inert_line(&dir.display().to_string()).into_owned()
    }
}

/// Extensions of files of references exported from a database or a
/// reference manager.
const REFERENCE_FILES: [&str; 8] = [
    "ris", "bib", "bibtex", "nbib", "enw", "ciw", "medline", "xml",
];

/// A review folder named by the user: it must exist and be a folder.
pub fn named_review(p: &Path) -> Result<PathBuf, Fail> {
    let name = inert_line(&p.display().to_string()).into_owned();
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => Ok(p.to_path_buf()),
        Ok(_) => {
            let reference = p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| REFERENCE_FILES.contains(&e.to_ascii_lowercase().as_str()));
            let hint = if reference {
                " — it looks like a file of references: add it to a review with `litrev import FILE --into REVIEW`"
            } else {
                ""
            };
            Err(Fail::usage(format!(
                "{name} is a file, not a review folder; a review folder holds {} (create one with `litrev new DIR`){hint}",
                store::REVIEW_FILE
            )))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(Fail::usage(format!("{name} does not exist")))
        }
        Err(e) => Err(Fail::usage(format!("{name}: {e}"))),
    }
}

/// The message for a first argument that reads as a command litrev does
/// not have (`litrev publish`): a bare word, naming nothing on disk. `None`
/// for a command, an option, or anything that reads as a path.
pub fn unknown_command(first: &std::ffi::OsStr, commands: &[&str]) -> Option<String> {
    let word = first.to_str()?;
    let bare = !word.is_empty()
        && !word.starts_with('-')
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !bare || commands.contains(&word) || word == "help" || Path::new(word).exists() {
        return None;
    }
    Some(format!(
        "unknown command '{word}': the commands are {} (litrev --help)",
        commands.join(", ")
    ))
}

/// "2 problems", "1 warning", "1 problem and 3 warnings".
pub fn counted(problems: &[Problem]) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let warnings = problems.iter().filter(|p| p.is_warning()).count();
    match (problems.len() - warnings, warnings) {
        (e, 0) => plural(e, "problem"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{} and {}", plural(e, "problem"), plural(w, "warning")),
    }
}

/// Loads a review for a read-only command; problems in study files are
/// warned about on stderr and the good studies are used.
pub fn open(arg: Option<&Path>) -> Result<Loaded, Fail> {
    open_with(arg, true)
}

/// [`open`] for the commands that read the appraisals alone: each study
/// kept with its id, ref and appraisals, and with `citing` its authors and
/// year ([`store::load_for_appraisals`]; every study is still checked and
/// its problems warned about).
pub fn open_for_appraisals(arg: Option<&Path>, citing: bool) -> Result<Loaded, Fail> {
    opened(arg, |d| store::load_for_appraisals(d, citing))
}

/// [`open`], the studies without their appraisals unless `appraisals`
/// ([`store::load_without_appraisals`]: every appraisal is still checked
/// and its problems warned about).
pub fn open_with(arg: Option<&Path>, appraisals: bool) -> Result<Loaded, Fail> {
    let load = if appraisals {
        store::load_fingerprinted
    } else {
        store::load_without_appraisals
    };
    opened(arg, load)
}

/// [`open_with`] for counting ([`store::load_for_counting`]): each study
/// keeps what a count, a filter other than the search and a citation read.
pub fn open_for_counting(arg: Option<&Path>, appraisals: bool) -> Result<Loaded, Fail> {
    opened(arg, |d| store::load_for_counting(d, appraisals))
}

/// The review at `arg` loaded by `load`, its problems warned about.
fn opened(
    arg: Option<&Path>,
    load: impl FnOnce(&Path) -> Result<Loaded, LoadError>,
) -> Result<Loaded, Fail> {
    let dir = review_dir(arg)?;
    let loaded = load(&dir).map_err(|e| match e {
        LoadError::BadReview { .. } => Fail::data(e.to_string()),
        _ => Fail::usage(e.to_string()),
    })?;
    warn_problems(&loaded);
    Ok(loaded)
}

/// Prints a short warning about the review's problems to stderr.
fn warn_problems(loaded: &Loaded) {
    if loaded.problems.is_empty() {
        return;
    }
    const SHOWN: usize = 5;
    for p in loaded.problems.iter().take(SHOWN) {
        // A warning says so itself.
        let prefix = if p.is_warning() { "" } else { "warning: " };
        note(&format!("{prefix}{p}"));
    }
    let more = loaded.problems.len().saturating_sub(SHOWN);
    let skipped = if loaded.broken.is_empty() {
        String::new()
    } else {
        format!(
            "; {} study {} could not be read and {} left out",
            loaded.broken.len(),
            if loaded.broken.len() == 1 {
                "file"
            } else {
                "files"
            },
            if loaded.broken.len() == 1 {
                "is"
            } else {
                "are"
            },
        )
    };
    note(&format!(
        "warning: {}{}{skipped}; run `litrev check {}` for the full list",
        counted(&loaded.problems),
        if more > 0 {
            format!(" ({more} not shown)")
        } else {
            String::new()
        },
        inert_line(&loaded.root.display().to_string())
    ));
}

/// The filter flags `list` and `tally` share.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Only studies of this design path, e.g. qualitative or qualitative/patient
    /// (a group includes its children), or "not classified" for studies with
    /// no design (also "unclassified"); repeat for any of several.
    #[arg(long, value_name = "PATH")]
    pub design: Vec<String>,
    /// Only studies with this tag; repeat for any of several.
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// Only studies published in these years, inclusive: 2015, 2015..2020,
    /// 2015.. or ..2020.
    #[arg(long, value_name = "RANGE")]
    pub year: Option<String>,
    /// Only studies with this overall appraisal judgement: INSTRUMENT:JUDGEMENT
    /// (e.g. rob2:low) or "not appraised"; repeat for any of several.
    #[arg(long, value_name = "JUDGEMENT")]
    pub appraisal: Vec<String>,
    /// Only studies matching this fuzzy search (title, authors, journal,
    /// year, DOI, tags, notes, keywords), best match first; a word of five
    /// letters or more is found despite one typing error.
    #[arg(long, value_name = "QUERY")]
    pub search: Option<String>,
}

impl FilterArgs {
    /// The filter these flags ask for, checked against the review.
    pub fn filter(&self, loaded: &Loaded) -> Result<Filter, Fail> {
        let usage = |e: FilterError| Fail::usage(e.to_string());
        let studies: Vec<&Study> = loaded.studies().collect();
        let mut f = Filter::default();
        for d in &self.design {
            if Filter::means_unclassified(d) {
                f.unclassified = true;
                continue;
            }
            f.designs
                .insert(Filter::parse_design(&loaded.review, d).map_err(usage)?);
        }
        for t in &self.tag {
            f.tags.insert(Filter::parse_tag(t).map_err(usage)?);
        }
        if let Some(y) = &self.year {
            f.years = Filter::parse_years(y).map_err(usage)?;
        }
        for j in &self.appraisal {
            f.judgements
                .insert(Filter::parse_judgement(j, &loaded.review, &studies).map_err(usage)?);
        }
        Ok(f)
    }
}

/// The studies a command works on, after the filter flags and `--search`;
/// with a search, best match first.
pub fn select<'a>(loaded: &'a Loaded, args: &FilterArgs) -> Result<Vec<&'a StudyEntry>, Fail> {
    let filter = args.filter(loaded)?;
    let candidates: Vec<usize> = (0..loaded.studies.len())
        .filter(|&i| filter.matches(&loaded.review.instruments, &loaded.studies[i].study))
        .collect();
    match args.search.as_deref().filter(|q| !q.trim().is_empty()) {
        None => Ok(candidates.iter().map(|&i| &loaded.studies[i]).collect()),
        Some(q) => {
            // Searched once: no index of every study is built.
            Ok(
                SearchIndex::search_once(q, candidates, |i| {
                    loaded.studies.get(i).map(|e| &e.study)
                })
                .into_iter()
                .map(|h| &loaded.studies[h.index])
                .collect(),
            )
        }
    }
}

/// The studies in a merge conflict, by id: read from a file holding git's
/// markers, or listed by git as unmerged (a study deleted on one side and
/// changed on the other). Nothing counts them until they are resolved.
pub fn in_conflict(loaded: &Loaded) -> std::collections::BTreeSet<String> {
    let mut ids: std::collections::BTreeSet<String> = loaded
        .conflicted
        .iter()
        .map(|e| e.study.id.clone())
        .collect();
    ids.extend(crate::team::state::state(&loaded.root).unmerged);
    ids
}

/// Pads `s` with spaces to `width` terminal columns.
pub fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// Terminal columns of `s`.
pub fn width(s: &str) -> usize {
    if crate::text::printable_ascii(s) {
        return s.len();
    }
    unicode_width::UnicodeWidthStr::width(s)
}

/// ANSI styling that is a no-op when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Paint(pub bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    /// Bold text.
    pub fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    /// Dim text.
    pub fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    /// Text in an ANSI colour (31 red, 32 green, 33 yellow, 36 cyan, 90 grey).
    pub fn colour(&self, code: u8, s: &str) -> String {
        self.wrap(&code.to_string(), s)
    }
}

#[cfg(test)]
mod tests {
    use super::InertOut;
    use std::io::Write;

    #[test]
    fn json_written_in_pieces_comes_out_inert_and_whole() {
        // A hostile C1 character (two bytes) and an emoji (four) split
        // across writes and across the 64 KiB pass, as a serialiser might.
        let filler = "x".repeat((1 << 16) - 1);
        let text = format!("[\"{filler}\u{9b}2J é 🙂 \u{202e}rtl\"]");
        let mut out = InertOut::new(Vec::new());
        for b in text.as_bytes() {
            out.write_all(std::slice::from_ref(b)).unwrap();
        }
        out.flush().unwrap();
        let got = String::from_utf8(out.into_inner()).unwrap();
        assert_eq!(got, crate::text::inert_json(text.clone()));
        assert!(
            got.contains("\\u009b2J é 🙂 \\u202ertl"),
            "{}",
            &got[got.len() - 40..]
        );
        let back: Vec<String> = serde_json::from_str(&got).unwrap();
        assert_eq!(back[0], text[2..text.len() - 2]);
    }
}
