//! The screening part of `review.toml`: the searches kept in `searches/`
//! (`[[searches]]`) and the settings of screening (`[screening]`), read with
//! every problem at file:line:col, and a new search added with the rest of
//! the file (comments, order, keys litrev does not know) kept as it is.
//!
//! ```toml
//! [[searches]]
//! file = "searches/medline-2026-11-02.ris"
//! database = "MEDLINE (Ovid)"
//! date = "2026-11-02"
//! query = "exp Low Back Pain/ and (alliance or rapport).ti,ab."
//! count = 1204
//! sha256 = "9f86d0…"
//!
//! [screening]
//! reviewers = ["AB", "MU"]        # or a number: 1 for single screening
//! reasons = ["wrong population", "wrong design"]
//! include_terms = ["alliance", "rapport"]
//! exclude_terms = ["rat", "mice"]
//! ```

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table, Value};

use crate::store::REVIEW_FILE;
use crate::store::parse::located::{Reader, describe, parse_document};
use crate::text::inert_line;
use crate::text::problem::Problem;

/// The folder of the search exports, kept as downloaded.
pub const SEARCHES_DIR: &str = "searches";
/// The folder of the decisions files.
pub const SCREENING_DIR: &str = "screening";

/// Names a reviewer cannot have: the other files of `screening/`.
pub const RESERVED: [&str; 3] = ["consensus", "duplicates", "fulltext"];

/// One search export (`[[searches]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    /// The export's path inside the review (`searches/medline.ris`).
    pub file: String,
    /// The database or register searched ("MEDLINE (Ovid)").
    pub database: String,
    /// The day the search was run, `YYYY-MM-DD`.
    pub date: String,
    pub query: Option<String>,
    /// The number of records read from the file when it was added.
    pub count: Option<u64>,
    /// SHA-256 of the file's bytes when it was added (hex).
    pub sha256: Option<String>,
    /// A register (ClinicalTrials.gov, ICTRP) rather than a database: PRISMA
    /// counts them apart (`kind = "register"`).
    pub register: bool,
    /// Where the entry's `file` is written (line, column).
    pub at: (usize, usize),
    /// Where `count` and `sha256` are written.
    pub count_at: (usize, usize),
    pub sha256_at: (usize, usize),
}

/// Who screens: a number of independent reviewers per record, or the team
/// by initials (every record then needs two of them, or the one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reviewers {
    Count(usize),
    Team(Vec<String>),
}

/// `[screening]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub reviewers: Reviewers,
    /// Where `reviewers` is written (1:1 when it is not).
    pub reviewers_at: (usize, usize),
    /// The reasons a full text may be excluded for; empty: any reason.
    pub reasons: Vec<String>,
    pub include_terms: Vec<String>,
    pub exclude_terms: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            reviewers: Reviewers::Count(2),
            reviewers_at: (1, 1),
            reasons: Vec::new(),
            include_terms: Vec::new(),
            exclude_terms: Vec::new(),
        }
    }
}

impl Settings {
    /// How many reviewers must decide a record before their decisions
    /// count (without a consensus).
    pub fn required(&self) -> usize {
        match &self.reviewers {
            Reviewers::Count(n) => (*n).max(1),
            Reviewers::Team(t) => t.len().clamp(1, 2),
        }
    }

    /// The team, when `reviewers` names it.
    pub fn team(&self) -> Option<&[String]> {
        match &self.reviewers {
            Reviewers::Team(t) => Some(t),
            Reviewers::Count(_) => None,
        }
    }

    /// Checks that `who` may record decisions here: well-formed initials,
    /// and one of the team when `reviewers` names it.
    pub fn check_reviewer(&self, who: &str, review_toml: &Path) -> Result<(), String> {
        check_initials(who)?;
        if let Some(team) = self.team()
            && !team.iter().any(|t| t == who)
        {
            let (line, col) = self.reviewers_at;
            return Err(format!(
                "unknown reviewer {}: {}:{line}:{col}: [screening] reviewers lists {}",
                inert_line(who),
                inert_line(&review_toml.display().to_string()),
                team.join(", ")
            ));
        }
        Ok(())
    }
}

/// Initials that can name a decisions file: 1–12 ASCII letters, digits,
/// `-` or `_`, starting with a letter or digit, and not a name the folder
/// uses for its other files.
pub fn check_initials(who: &str) -> Result<(), String> {
    let ok = !who.is_empty()
        && who.len() <= 12
        && who.as_bytes()[0].is_ascii_alphanumeric()
        && who
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok {
        return Err(format!(
            "\"{}\" cannot name a reviewer: use 1–12 letters or digits (initials such as AB)",
            inert_line(who)
        ));
    }
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(who)) {
        return Err(format!(
            "\"{}\" names another file of screening/: use the reviewer's initials",
            inert_line(who)
        ));
    }
    if crate::model::reserved_on_windows(who) {
        return Err(format!(
            "\"{}\" is a file name Windows reserves: a co-author on Windows could not check out screening/{}.tsv; use other initials",
            inert_line(who),
            inert_line(who)
        ));
    }
    Ok(())
}

/// The screening part of `review.toml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    pub searches: Vec<Search>,
    pub settings: Settings,
    /// What is wrong with `[[searches]]` or `[screening]` (the rest of
    /// review.toml is the store's to check).
    pub problems: Vec<Problem>,
}

/// True for `YYYY-MM-DD` naming a real day.
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2999).contains(&y) && (1..=days).contains(&d)
}

/// Reads `[[searches]]` and `[screening]` from review.toml's text.
pub fn parse(path: &Path, src: &str) -> Config {
    let mut config = Config::default();
    let doc = match parse_document(path, src) {
        Ok(d) => d,
        Err(p) => {
            config.problems.push(p);
            return config;
        }
    };
    let mut ctx = Reader::new(path, src);
    let root = doc.as_table();
    if let Some(item) = root.get("searches")
        && let Some(tables) = ctx.tables(item, "searches", "an array of tables ([[searches]])")
    {
        for t in &tables {
            if let Some(s) = search(&mut ctx, t) {
                config.searches.push(s);
            }
        }
    }
    if let Some(item) = root.get("screening") {
        match item.as_table() {
            Some(t) => config.settings = settings(&mut ctx, t),
            None => ctx.wrong_type(item, "screening", "a table ([screening])"),
        }
    }
    config.problems = ctx.problems;
    config
}

fn search(ctx: &mut Reader, t: &Table) -> Option<Search> {
    const KEYS: [&str; 7] = [
        "file", "database", "date", "query", "count", "sha256", "kind",
    ];
    for (k, v) in t.iter() {
        if !KEYS.contains(&k) {
            ctx.at(
                t.key(k).and_then(|k| k.span()).or(v.span()),
                format!(
                    "searches has no key \"{}\": expected one of {}",
                    inert_line(k),
                    KEYS.join(", ")
                ),
            );
        }
    }
    let pos = |ctx: &Reader, key: &str| ctx.position(t.get(key).and_then(|i| i.span()));
    let at = pos(ctx, "file");
    let Some(file) = ctx.str(t, "file", "searches.file") else {
        if t.get("file").is_none() {
            ctx.at(
                t.span(),
                "a [[searches]] entry needs `file` (its export in searches/)",
            );
        }
        return None;
    };
    let inside = file
        .strip_prefix(&format!("{SEARCHES_DIR}/"))
        .is_some_and(|f| !f.is_empty() && !f.contains('/') && !f.contains('\\') && f != "..");
    if !inside {
        ctx.at(
            t.get("file").and_then(|i| i.span()),
            format!(
                "searches.file must name a file directly in {SEARCHES_DIR}/, found \"{}\"",
                inert_line(file)
            ),
        );
        return None;
    }
    let database = ctx.str(t, "database", "searches.database").unwrap_or("");
    if database.trim().is_empty() {
        ctx.at(
            t.get("database").and_then(|i| i.span()).or(t.span()),
            format!(
                "the search of {} needs `database` (the database or register searched)",
                inert_line(file)
            ),
        );
    }
    let date = ctx.str(t, "date", "searches.date").unwrap_or("");
    if !valid_date(date) {
        ctx.at(
            t.get("date").and_then(|i| i.span()).or(t.span()),
            format!(
                "the search of {} needs `date` as YYYY-MM-DD (the day it was run), found \"{}\"",
                inert_line(file),
                inert_line(date)
            ),
        );
    }
    let count = match ctx.int(t, "count", "searches.count") {
        Some(n) if n >= 0 => Some(n as u64),
        Some(n) => {
            ctx.at(
                t.get("count").and_then(|i| i.span()),
                format!("searches.count must be 0 or more, found {n}"),
            );
            None
        }
        None => None,
    };
    let register = match ctx.str(t, "kind", "searches.kind") {
        None | Some("database") => false,
        Some("register") => true,
        Some(other) => {
            ctx.at(
                t.get("kind").and_then(|i| i.span()),
                format!(
                    "searches.kind must be \"database\" or \"register\", found \"{}\"",
                    inert_line(other)
                ),
            );
            false
        }
    };
    Some(Search {
        file: file.to_string(),
        database: database.trim().to_string(),
        date: date.to_string(),
        query: ctx.text(t, "query", "searches.query"),
        count,
        sha256: ctx.str(t, "sha256", "searches.sha256").map(str::to_string),
        register,
        at,
        count_at: pos(ctx, "count"),
        sha256_at: pos(ctx, "sha256"),
    })
}

fn settings(ctx: &mut Reader, t: &Table) -> Settings {
    const KEYS: [&str; 4] = ["reviewers", "reasons", "include_terms", "exclude_terms"];
    for (k, v) in t.iter() {
        if !KEYS.contains(&k) {
            ctx.at(
                t.key(k).and_then(|k| k.span()).or(v.span()),
                format!(
                    "screening has no key \"{}\": expected one of {}",
                    inert_line(k),
                    KEYS.join(", ")
                ),
            );
        }
    }
    let mut s = Settings::default();
    if let Some(item) = t.get("reviewers") {
        s.reviewers_at = ctx.position(item.span());
        match item {
            Item::Value(Value::Integer(n)) if (1..=2).contains(n.value()) => {
                s.reviewers = Reviewers::Count(*n.value() as usize);
            }
            Item::Value(Value::Array(_)) => {
                let team = ctx.str_list(t, "reviewers", "screening.reviewers");
                let mut seen: Vec<String> = Vec::new();
                for who in team {
                    if let Err(why) = check_initials(&who) {
                        ctx.at(item.span(), format!("screening.reviewers: {why}"));
                    } else if seen.iter().any(|w| w.eq_ignore_ascii_case(&who)) {
                        ctx.at(
                            item.span(),
                            format!("screening.reviewers names {who} twice"),
                        );
                    } else {
                        seen.push(who);
                    }
                }
                if seen.is_empty() {
                    ctx.at(item.span(), "screening.reviewers names nobody");
                } else {
                    s.reviewers = Reviewers::Team(seen);
                }
            }
            other => ctx.at(
                other.span(),
                format!(
                    "screening.reviewers must be 1 (single screening), 2 (two independent reviewers) or the reviewers' initials ([\"AB\", \"MU\"]), found {}",
                    describe(other)
                ),
            ),
        }
    }
    s.reasons = ctx.str_list(t, "reasons", "screening.reasons");
    s.include_terms = ctx.str_list(t, "include_terms", "screening.include_terms");
    s.exclude_terms = ctx.str_list(t, "exclude_terms", "screening.exclude_terms");
    s
}

/// Reads the screening part of `root`'s review.toml.
pub fn read(root: &Path) -> Result<Config, String> {
    let path = root.join(REVIEW_FILE);
    let src = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e}", inert_line(&path.display().to_string())))?;
    Ok(parse(&path, &src))
}

/// A search to record in review.toml.
#[derive(Debug, Clone)]
pub struct NewSearch {
    pub file: String,
    pub database: String,
    pub date: String,
    pub query: Option<String>,
    pub count: u64,
    pub sha256: String,
    pub register: bool,
}

/// review.toml's text with `s` appended to `[[searches]]`, everything else
/// kept as written.
pub fn with_search(src: &str, s: &NewSearch) -> Result<String, String> {
    let mut doc: DocumentMut = src
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("review.toml is not valid TOML: {e}"))?;
    let mut t = Table::new();
    t.insert("file", toml_edit::value(s.file.as_str()));
    t.insert("database", toml_edit::value(s.database.as_str()));
    t.insert("date", toml_edit::value(s.date.as_str()));
    if let Some(q) = &s.query {
        t.insert("query", toml_edit::value(q.as_str()));
    }
    if s.register {
        t.insert("kind", toml_edit::value("register"));
    }
    t.insert("count", toml_edit::value(s.count as i64));
    t.insert("sha256", toml_edit::value(s.sha256.as_str()));
    match doc.get_mut("searches") {
        None => {
            let mut a = toml_edit::ArrayOfTables::new();
            a.push(t);
            doc.insert("searches", Item::ArrayOfTables(a));
        }
        Some(Item::ArrayOfTables(a)) => a.push(t),
        Some(_) => {
            return Err(
                "review.toml's `searches` is not an array of tables ([[searches]]): fix it first"
                    .into(),
            );
        }
    }
    Ok(doc.to_string())
}

/// The export's file inside the review.
pub fn search_path(root: &Path, s: &Search) -> PathBuf {
    root.join(&s.file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_that_make_a_file_name_windows_reserves_are_refused() {
        for who in ["CON", "nul", "Com1", "LPT9", "aux"] {
            let err = check_initials(who).unwrap_err();
            assert!(err.contains("Windows reserves"), "{who}: {err}");
            assert!(err.contains(&format!("screening/{who}.tsv")), "{err}");
        }
        for who in ["AB", "CO", "COM", "com10", "nulla"] {
            assert!(check_initials(who).is_ok(), "{who}");
        }
    }

    #[test]
    fn searches_and_settings_are_read_with_places() {
        let src = "format = 1\ntitle = \"t\"\n\n[[searches]]\nfile = \"searches/a.ris\"\ndatabase = \"MEDLINE\"\ndate = \"2026-11-02\"\ncount = 3\n\n[screening]\nreviewers = [\"AB\", \"MU\"]\nreasons = [\"wrong population\"]\n";
        let c = parse(Path::new("review.toml"), src);
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!(c.searches[0].database, "MEDLINE");
        assert_eq!(c.searches[0].count, Some(3));
        assert_eq!(c.searches[0].count_at, (8, 9));
        assert_eq!(c.settings.required(), 2);
        assert_eq!(c.settings.reviewers_at, (11, 13));
        let err = c
            .settings
            .check_reviewer("XY", Path::new("review.toml"))
            .unwrap_err();
        assert_eq!(
            err,
            "unknown reviewer XY: review.toml:11:13: [screening] reviewers lists AB, MU"
        );
    }

    #[test]
    fn a_bad_entry_is_reported_where_it_is() {
        let src = "format = 1\n[[searches]]\nfile = \"../x.ris\"\n[[searches]]\nfile = \"searches/b.ris\"\ndatabase = \"E\"\ndate = \"2026-02-30\"\n[screening]\nreviewers = 3\n";
        let c = parse(Path::new("review.toml"), src);
        let lines: Vec<String> = c.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            lines[0].starts_with("review.toml:3:8: searches.file must name"),
            "{lines:?}"
        );
        assert!(
            lines[1].starts_with("review.toml:7:8: the search of searches/b.ris needs `date`"),
            "{lines:?}"
        );
        assert!(
            lines[2].starts_with("review.toml:9:13: screening.reviewers must be 1"),
            "{lines:?}"
        );
    }

    #[test]
    fn a_new_search_keeps_the_file_as_written() {
        let src = "# my review\nformat = 1 # version\ntitle = \"t\"\n\n[prisma]\nnote = \"x\"\n";
        let out = with_search(
            src,
            &NewSearch {
                file: "searches/a.ris".into(),
                database: "Embase".into(),
                date: "2026-11-02".into(),
                query: Some("a\nb".into()),
                count: 2,
                sha256: "00".into(),
                register: false,
            },
        )
        .unwrap();
        assert!(out.starts_with(src), "{out}");
        let c = parse(Path::new("review.toml"), &out);
        assert_eq!(c.searches[0].query.as_deref(), Some("a\nb"));
    }

    #[test]
    fn dates_are_real_days() {
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2023-02-29"));
        assert!(!valid_date("2026-13-01"));
        assert!(!valid_date("26-11-02"));
    }
}
