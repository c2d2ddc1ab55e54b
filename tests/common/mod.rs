//! Fixture helpers shared by the integration tests: review folders built in
//! temporary directories, study-file text, byte snapshots of a folder, and
//! the line:col of a piece of fixture text.
//!
//! Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

/// The bundled example review (read only: tests copy it before writing).
pub fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example")
}

/// The real `litrev` binary, with colour-related variables cleared so the
/// environment the tests run in cannot change what they see.
pub fn litrev() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("litrev");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// A review folder in a temporary directory, removed when dropped.
pub struct Fixture {
    dir: TempDir,
}

impl Fixture {
    /// A review whose `review.toml` is `review_toml`, with an empty `studies/`.
    pub fn new(review_toml: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("review.toml"), review_toml).expect("write review.toml");
        fs::create_dir(dir.path().join("studies")).expect("create studies/");
        Self { dir }
    }

    /// A copy of the bundled example review.
    pub fn example() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&example_dir(), dir.path());
        Self { dir }
    }

    /// The review folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// `studies/<name>.toml` inside the review.
    pub fn study_path(&self, name: &str) -> PathBuf {
        self.root().join("studies").join(format!("{name}.toml"))
    }

    /// Writes `studies/<name>.toml` and returns its path.
    pub fn write_study(&self, name: &str, text: &str) -> PathBuf {
        let p = self.study_path(name);
        fs::write(&p, text).expect("write study");
        p
    }

    /// Reads a file of the review as text.
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root().join(rel)).expect("read file")
    }

    /// Replaces `review.toml`.
    pub fn write_review(&self, text: &str) {
        fs::write(self.root().join("review.toml"), text).expect("write review.toml");
    }

    /// Every file under the review with its bytes.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot(self.root())
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for e in fs::read_dir(from).expect("read dir") {
        let e = e.expect("dir entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("file type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), &target).expect("copy file");
        }
    }
}

/// Every file under `root` (relative path → bytes).
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in fs::read_dir(dir).expect("read dir") {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).expect("under root").to_path_buf();
                out.insert(rel, fs::read(&p).expect("read file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// 1-based line and column (in characters) where `needle` starts in `text`;
/// `needle` must occur exactly once.
pub fn loc(text: &str, needle: &str) -> (usize, usize) {
    let found: Vec<usize> = text.match_indices(needle).map(|(i, _)| i).collect();
    assert_eq!(
        found.len(),
        1,
        "fixture error: {needle:?} must occur exactly once in {text:?}"
    );
    let before = &text[..found[0]];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// `path:line:col: ` for `needle` in `text`, the prefix of a problem line.
pub fn at(path: &Path, text: &str, needle: &str) -> String {
    let (l, c) = loc(text, needle);
    format!("{}:{l}:{c}: ", path.display())
}

/// The text of a study file with the common keys; `extra` is appended as is
/// (more keys, `[extraction]`, `[[appraisals]]`).
pub fn study(id: &str, reference: Option<u32>, design: &str, title: &str, extra: &str) -> String {
    let mut s = format!("id = \"{id}\"\n");
    if let Some(r) = reference {
        s.push_str(&format!("ref = {r}\n"));
    }
    s.push_str(&format!("title = \"{title}\"\n"));
    s.push_str("authors = [\"Smith, Jane\"]\nyear = 2020\n");
    s.push_str(&format!("design = \"{design}\"\n"));
    s.push_str(extra);
    s
}

/// A small review.toml with a two-level taxonomy that is NOT the example's:
/// keys, labels, order and counts all differ. `citation_style` is inserted
/// as given.
pub fn other_review_toml(citation_style: &str) -> String {
    format!(
        r#"format = 1
title = "Exercise therapy for knee osteoarthritis: a systematic review"
citation_style = "{citation_style}"

[[designs]]
key = "trial"
label = "randomised trials"
short = "Trial"

  [[designs.children]]
  key = "parallel"
  label = "parallel-group trials"

  [[designs.children]]
  key = "crossover"
  label = "crossover trials"

[[designs]]
key = "observational"
label = "observational studies"

  [[designs.children]]
  key = "cohort"
  label = "cohort studies"

  [[designs.children]]
  key = "case-control"
  label = "case-control studies"

[[designs]]
key = "editorial"
label = "editorials"

[[designs]]
key = "qual"
label = "interview studies"

[[designs]]
key = "review"
label = "literature reviews"

[fields.setting]
label = "Setting"
kind = "choice"
choices = ["clinic", "home", "community"]

[fields.sample_size]
label = "Sample size"
kind = "integer"

[fields.outcomes]
label = "Outcomes"
kind = "list"
"#
    )
}

/// One study of [`other_review`]: (id, ref, design, year, tags, setting).
pub type OtherStudy = (
    &'static str,
    Option<u32>,
    &'static str,
    i32,
    &'static [&'static str],
    &'static str,
);

/// The 22 studies of [`other_review`]. Expected tally by design:
///
/// - qual 8: refs 40–42, 44–46, 48 and one study without a ref
/// - trial 6: parallel 3 (1–3), crossover 2 (5, 9), coded at parent level 1 (11)
/// - observational 6: cohort 3 (20, 21, 23), case-control 3 (30, 31, no ref)
/// - review 2: 60, 62
/// - editorial 0 (declared, not shown)
pub const OTHER_STUDIES: [OtherStudy; 22] = [
    (
        "par-a",
        Some(1),
        "trial/parallel",
        2018,
        &["adherence"],
        "clinic",
    ),
    ("par-b", Some(2), "trial/parallel", 2019, &[], "clinic"),
    ("par-c", Some(3), "trial/parallel", 2019, &[], "home"),
    (
        "cross-a",
        Some(5),
        "trial/crossover",
        2020,
        &["kinesiophobia"],
        "home",
    ),
    ("cross-b", Some(9), "trial/crossover", 2020, &[], "clinic"),
    ("trial-x", Some(11), "trial", 2021, &["adherence"], "clinic"),
    (
        "coh-a",
        Some(20),
        "observational/cohort",
        2017,
        &[],
        "community",
    ),
    (
        "coh-b",
        Some(21),
        "observational/cohort",
        2018,
        &["adherence"],
        "community",
    ),
    (
        "coh-c",
        Some(23),
        "observational/cohort",
        2019,
        &[],
        "community",
    ),
    (
        "cc-a",
        Some(30),
        "observational/case-control",
        2016,
        &[],
        "clinic",
    ),
    (
        "cc-b",
        Some(31),
        "observational/case-control",
        2016,
        &["kinesiophobia"],
        "clinic",
    ),
    (
        "cc-c",
        None,
        "observational/case-control",
        2016,
        &[],
        "clinic",
    ),
    ("qual-a", Some(40), "qual", 2021, &["adherence"], "home"),
    ("qual-b", Some(41), "qual", 2021, &[], "home"),
    ("qual-c", Some(42), "qual", 2021, &[], "home"),
    ("qual-d", Some(44), "qual", 2022, &["kinesiophobia"], "home"),
    ("qual-e", Some(45), "qual", 2022, &[], "home"),
    ("qual-f", Some(46), "qual", 2022, &[], "home"),
    ("qual-g", Some(48), "qual", 2023, &[], "home"),
    ("qual-h", None, "qual", 2023, &[], "home"),
    ("rev-a", Some(60), "review", 2015, &[], "community"),
    ("rev-b", Some(62), "review", 2015, &[], "community"),
];

/// The "different review" of the acceptance tests: another taxonomy, other
/// counts and refs, studies without refs, a study coded at parent level only.
pub fn other_review(citation_style: &str) -> Fixture {
    let fx = Fixture::new(&other_review_toml(citation_style));
    for (id, r, design, year, tags, setting) in OTHER_STUDIES {
        let tags = tags
            .iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!(
            "id = \"{id}\"\n{}title = \"Exercise study {id}\"\nauthors = [\"Okafor, Ada\"]\nyear = {year}\ndesign = \"{design}\"\ntags = [{tags}]\n\n[extraction]\nsetting = \"{setting}\"\n",
            r.map(|r| format!("ref = {r}\n")).unwrap_or_default()
        );
        fx.write_study(id, &text);
    }
    fx
}

/// A review with one design per `(key, label, count)`, studies numbered from
/// ref 1 upwards in taxonomy order.
pub fn sized_review(groups: &[(&str, &str, usize)]) -> Fixture {
    let mut toml = String::from("format = 1\ntitle = \"Sized\"\ncitation_style = \"brackets\"\n");
    for (key, label, _) in groups {
        toml.push_str(&format!(
            "\n[[designs]]\nkey = \"{key}\"\nlabel = \"{label}\"\n"
        ));
    }
    let fx = Fixture::new(&toml);
    let mut r = 0;
    for (key, _, n) in groups {
        for _ in 0..*n {
            r += 1;
            let id = format!("s{r:04}");
            fx.write_study(&id, &study(&id, Some(r), key, "A study", ""));
        }
    }
    fx
}

/// Stdout of a finished command as text.
pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// Stderr of a finished command as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs `litrev ARGS` and returns its output, asserting the exit status.
pub fn run_litrev(args: &[&str], code: i32) -> std::process::Output {
    let out = litrev().args(args).output().expect("run litrev");
    assert_eq!(
        out.status.code(),
        Some(code),
        "litrev {args:?}\nstdout:\n{}\nstderr:\n{}",
        stdout(&out),
        stderr(&out)
    );
    out
}

/// True when a `pandoc` with `--citeproc` (2.11 or later) can be run. When
/// it cannot, the caller skips its live check and says why; but where
/// `LITREV_REQUIRE_PANDOC` is set (`.ci/run` sets it once it has installed a
/// pandoc new enough), a missing or old pandoc fails the test instead, so
/// that CI never passes a live check it did not run.
pub fn pandoc_with_citeproc() -> bool {
    let version = std::process::Command::new("pandoc")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            let text = String::from_utf8_lossy(&o.stdout).into_owned();
            let first = text.lines().next()?.to_string();
            let number = first.split_whitespace().nth(1)?.to_string();
            let mut parts = number.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
            Some((parts.next().unwrap_or(0), parts.next().unwrap_or(0), first))
        });
    let why = match &version {
        None => "pandoc is not installed".to_string(),
        Some((major, minor, _)) if (*major, *minor) >= (2, 11) => return true,
        Some((_, _, first)) => format!("{first} has no --citeproc (2.11 or later has)"),
    };
    assert!(
        std::env::var_os("LITREV_REQUIRE_PANDOC").is_none(),
        "{why}, but LITREV_REQUIRE_PANDOC asks for the live pandoc check"
    );
    eprintln!("{why}: the live pandoc check is skipped");
    false
}

/// Asserts that the study file of `id` in the review `dir` holds every
/// line of `want`.
pub fn study_has(dir: &Path, id: &str, want: &[&str]) {
    let text = fs::read_to_string(dir.join(format!("studies/{id}.toml")))
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    for w in want {
        assert!(
            text.lines().any(|l| l == *w),
            "{id}: `{w}` missing from\n{text}"
        );
    }
}

/// The number of study files in the review `dir` (0 without a studies
/// folder).
pub fn study_count(dir: &Path) -> usize {
    fs::read_dir(dir.join("studies"))
        .map(|d| {
            d.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "toml"))
            })
            .count()
        })
        .unwrap_or(0)
}

/// A new review in a temporary directory, and what `litrev import FILE
/// --into REVIEW ARGS` gave.
pub fn import_into_new(file: &Path, args: &[&str]) -> (TempDir, PathBuf, std::process::Output) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("rev");
    litrev().arg("new").arg(&dir).assert().success();
    let out = litrev()
        .arg("import")
        .arg(file)
        .arg("--into")
        .arg(&dir)
        .args(args)
        .output()
        .expect("run litrev import");
    (tmp, dir, out)
}

/// A new review in a temporary folder with `files` imported into it (exit
/// status 0 asserted); the folder, the review and the import's stdout.
pub fn imported_into_new(files: &[PathBuf]) -> (TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("rev");
    litrev().arg("new").arg(&dir).assert().success();
    let out = litrev()
        .arg("import")
        .args(files)
        .arg("--into")
        .arg(&dir)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let shown: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    assert!(
        out.status.success(),
        "{}: {stdout}\n{}",
        shown.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    (tmp, dir, stdout)
}
