//! Screening: from the searches' exports to the included studies.
//!
//! The exports are kept as downloaded in `searches/` and named in
//! review.toml (`[[searches]]`, [`config`]); their records are read with
//! the reference readers ([`records`]), merged where they are the same
//! ([`dedupe`]) and known by a key made from their content ([`key`]). Each
//! reviewer's decisions are a file of their own in `screening/`
//! ([`decisions`]), so screening on branches merges without conflicts.
//! From the files this module says where every record stands
//! ([`State`]), how far along the team is and how well it agrees
//! ([`status`]), the PRISMA 2020 flow ([`prisma`]), and turns the full-text
//! includes into studies ([`promote`]). [`rank`] orders the records not
//! yet screened, most likely relevant first, with a model retrained on the
//! decisions so far; [`labelled`] reads labelled records to replay them
//! through the model (`litrev screen simulate`).

pub mod add;
pub mod config;
pub mod decisions;
pub mod dedupe;
pub mod export;
pub mod import;
pub mod key;
pub mod labelled;
pub mod prisma;
pub mod promote;
pub mod rank;
pub mod records;
pub mod side;
pub mod status;
pub mod terms;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use config::{Config, SCREENING_DIR, SEARCHES_DIR, Search, Settings};
pub use decisions::{Decision, Row, Stage, Who};
pub use dedupe::{Pair, Possible, Record};

use crate::store::REVIEW_FILE;
use crate::text::inert_line;
use crate::text::problem::Problem;
use records::Read;
use side::Side;

/// Where a record stands at a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    /// Nobody has decided.
    Unscreened,
    /// Some reviewers have decided, fewer than needed.
    Pending,
    Included,
    Excluded,
    Maybe,
    /// The reviewers differ (or, at full text, exclude for other reasons).
    Conflict,
    /// Full text only: the report could not be obtained.
    NotRetrieved,
}

impl State {
    pub const ALL: [State; 7] = [
        State::Unscreened,
        State::Pending,
        State::Included,
        State::Excluded,
        State::Maybe,
        State::Conflict,
        State::NotRetrieved,
    ];

    pub fn name(self) -> &'static str {
        match self {
            State::Unscreened => "unscreened",
            State::Pending => "pending",
            State::Included => "included",
            State::Excluded => "excluded",
            State::Maybe => "maybe",
            State::Conflict => "conflict",
            State::NotRetrieved => "not-retrieved",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|x| x.name() == s)
    }

    /// True when the stage is settled for the record.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            State::Included | State::Excluded | State::NotRetrieved
        )
    }
}

/// The review's searches, records and decisions, loaded.
#[derive(Debug, Clone)]
pub struct Screening {
    pub root: PathBuf,
    pub config: Config,
    /// The records to screen, merged, in the order of their first
    /// appearance (search order, then file order).
    pub records: Vec<Record>,
    /// Every key and alias → its record.
    pub index: HashMap<String, usize>,
    pub possible: Vec<Possible>,
    /// Records of the exports (before merging), per search.
    pub reads: Vec<Read>,
    /// Records read from all exports.
    pub identified: usize,
    /// The records' abstracts ([`Screening::abstract_of`]).
    pub texts: std::sync::Arc<records::texts::Texts>,
    /// Whether the records came from the derived cache.
    pub from_cache: records::cache::From,
    /// Records merged into another because a reviewer said so.
    pub merged_by_hand: usize,
    /// The decisions files: the reviewers' (by name), then the consensus.
    pub files: Vec<decisions::File>,
    /// Per file, the row of each (record, stage) it decides.
    by_record: Vec<HashMap<(usize, Stage), String>>,
    pub duplicates: Side,
    pub fulltext: Side,
    /// Every problem found, at file:line:col.
    pub problems: Vec<Problem>,
}

/// A decision as the screen and listings show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark<'a> {
    pub who: &'a Who,
    pub row: &'a Row,
}

impl Screening {
    /// True when the review has anything to screen: searches in
    /// review.toml or decisions in `screening/`.
    pub fn present(root: &Path) -> bool {
        root.join(SCREENING_DIR).is_dir()
            || config::read(root).is_ok_and(|c| !c.searches.is_empty())
    }

    /// Loads the searches and decisions of the review at `root`. Problems
    /// in the files are collected in `problems`; only a review.toml that
    /// cannot be read at all is an error.
    /// The derived cache of the records ([`records::cache`]) is read when
    /// it matches the exports, never written: a command that only reads
    /// the review writes nothing into it.
    pub fn open(root: &Path) -> Result<Screening, String> {
        Screening::open_with(root, records::cache::Use::Read)
    }

    /// [`Screening::open`], the cache used as `cache` says (the screening
    /// screen reads and writes it).
    pub fn open_with(root: &Path, cache: records::cache::Use) -> Result<Screening, String> {
        let config = config::read(root)?;
        let mut problems = config.problems.clone();
        let dir = root.join(SCREENING_DIR);
        let duplicates = Side::read(dir.join(side::DUPLICATES), &side::DUPLICATES_COLUMNS, 2)?;
        let fulltext = Side::read(dir.join(side::FULLTEXT), &side::FULLTEXT_COLUMNS, 1)?;
        let mut pairs = Vec::new();
        let mut pair_problems = Vec::new();
        for (k, (v, line)) in &duplicates.rows {
            match v[0].as_str() {
                "same" => pairs.push((k[0].clone(), k[1].clone(), Pair::Same)),
                "different" => pairs.push((k[0].clone(), k[1].clone(), Pair::Different)),
                other => pair_problems.push(Problem {
                    path: duplicates.path.clone(),
                    line: *line,
                    col: k[0].len() + k[1].len() + 3,
                    message: format!(
                        "decision must be same or different, found \"{}\"",
                        inert_line(other)
                    ),
                    severity: Default::default(),
                }),
            }
        }
        let loaded = records::cache::load(root, &config.searches, &pairs, cache);
        let reads = loaded.reads;
        let review_toml = root.join(REVIEW_FILE);
        for (s, r) in config.searches.iter().zip(&reads) {
            let path = root.join(&s.file);
            match r {
                Read::Failed(message) => {
                    if path.is_file() {
                        problems.push(Problem::file(
                            &path,
                            format!(
                                "not a reference file litrev reads ({}; a CSV needs a Title column): {}",
                                crate::interop::Format::labels(),
                                message.rsplit(": ").next().unwrap_or(message)
                            ),
                        ));
                    } else {
                        problems.push(Problem {
                            path: review_toml.clone(),
                            line: s.at.0,
                            col: s.at.1,
                            message: format!(
                                "{} cannot be read: {}",
                                inert_line(&s.file),
                                inert_line(message)
                            ),
                            severity: Default::default(),
                        });
                    }
                }
                Read::Parsed { records, bad } => {
                    for b in bad {
                        let (line, what) = match &b.origin {
                            crate::interop::Origin::Line(n) => (*n, String::new()),
                            crate::interop::Origin::Key(k) => {
                                (1, format!("entry {}: ", inert_line(k)))
                            }
                        };
                        problems.push(
                            Problem {
                                path: path.clone(),
                                line: line.max(1),
                                col: 1,
                                message: format!(
                                    "{what}this record cannot be read, so it is not counted: {}",
                                    inert_line(&b.reason)
                                ),
                                severity: Default::default(),
                            }
                            .warning(),
                        );
                    }
                    if let Some(c) = s.count
                        && c != *records as u64
                    {
                        problems.push(Problem {
                            path: review_toml.clone(),
                            line: s.count_at.0,
                            col: s.count_at.1,
                            message: format!(
                                "searches.count is {c}, but {} holds {records} records now: the export changed since it was added",
                                inert_line(&s.file)
                            ),
                            severity: Default::default(),
                        });
                    }
                }
            }
        }
        let identified = loaded.identified;
        problems.extend(pair_problems);
        problems.extend(duplicates.problems.iter().cloned());
        problems.extend(fulltext.problems.iter().cloned());
        let deduped = loaded.deduped;
        for (k, (_, line)) in duplicates.rows.iter().chain(&fulltext.rows) {
            for key in k {
                if !deduped.index.contains_key(key) {
                    let which = if k.len() == 2 {
                        &duplicates.path
                    } else {
                        &fulltext.path
                    };
                    problems.push(Problem {
                        path: which.clone(),
                        line: *line,
                        col: 1,
                        message: format!(
                            "no record has the key {} (it is in none of the searches' exports)",
                            inert_line(key)
                        ),
                        severity: Default::default(),
                    });
                }
            }
        }
        let mut s = Screening {
            root: root.to_path_buf(),
            config,
            records: deduped.records,
            index: deduped.index,
            possible: deduped.possible,
            reads,
            identified,
            texts: std::sync::Arc::new(loaded.texts),
            from_cache: loaded.from,
            merged_by_hand: deduped.merged_by_hand,
            files: Vec::new(),
            by_record: Vec::new(),
            duplicates,
            fulltext,
            problems,
        };
        s.read_decisions()?;
        Ok(s)
    }

    /// Reads every decisions file of `screening/`.
    fn read_decisions(&mut self) -> Result<(), String> {
        let dir = self.root.join(SCREENING_DIR);
        let mut names: Vec<String> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| n.ends_with(".tsv") && !n.starts_with('.'))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(format!("{}: {e}", inert_line(&dir.display().to_string()))),
        };
        names.sort();
        let mut files = Vec::new();
        let review_toml = self.root.join(REVIEW_FILE);
        for name in names {
            if name == side::DUPLICATES || name == side::FULLTEXT {
                continue;
            }
            let stem = name.trim_end_matches(".tsv");
            let who = if stem == "consensus" {
                Who::Consensus
            } else {
                Who::Reviewer(stem.to_string())
            };
            let f = decisions::File::read(who, dir.join(&name))?;
            if let Who::Reviewer(r) = &f.who
                && let Err(why) = self.config.settings.check_reviewer(r, &review_toml)
            {
                self.problems.push(Problem::file(
                    &f.path,
                    format!("{why}; its decisions are kept but not counted"),
                ));
            }
            files.push(f);
        }
        // The consensus last.
        files.sort_by_key(|f| f.who == Who::Consensus);
        self.files = files;
        self.by_record = vec![HashMap::new(); self.files.len()];
        for i in 0..self.files.len() {
            self.index_file(i);
        }
        Ok(())
    }

    /// Resolves file `i`'s rows to records, reporting unknown keys and
    /// reasons the review does not list.
    fn index_file(&mut self, i: usize) {
        let f = &self.files[i];
        self.problems.extend(f.problems.iter().cloned());
        let reasons = &self.config.settings.reasons;
        let mut map = HashMap::with_capacity(f.rows.len());
        for ((key, stage), row) in &f.rows {
            match self.index.get(key) {
                Some(&r) => {
                    if let Some(first) = map.insert((r, *stage), key.clone()) {
                        self.problems.push(Problem {
                            path: f.path.clone(),
                            line: row.line,
                            col: 1,
                            message: format!(
                                "a second {stage} decision on the record {} (also decided as {}): keep one line",
                                inert_line(&self.records[r].key),
                                inert_line(&first)
                            ),
                            severity: Default::default(),
                        });
                        map.insert((r, *stage), first);
                    }
                }
                None => self.problems.push(Problem {
                    path: f.path.clone(),
                    line: row.line,
                    col: 1,
                    message: format!(
                        "no record has the key {} (it is in none of the searches' exports); the line is kept",
                        inert_line(key)
                    ),
                    severity: Default::default(),
                }),
            }
            if *stage == Stage::FullText && row.decision == Decision::Exclude {
                let col = key.len() + stage.name().len() + row.decision.name().len() + 4;
                if row.reason.trim().is_empty() {
                    self.problems.push(
                        Problem {
                            path: f.path.clone(),
                            line: row.line,
                            col,
                            message: "a full text excluded without a reason: PRISMA lists the reports excluded with their reasons".into(),
                            severity: Default::default(),
                        }
                        .warning(),
                    );
                } else if !reasons.is_empty() && !reasons.contains(&row.reason) {
                    self.problems.push(Problem {
                        path: f.path.clone(),
                        line: row.line,
                        col,
                        message: format!(
                            "\"{}\" is not one of the reasons in [screening] reasons: {}",
                            inert_line(&row.reason),
                            reasons.join("; ")
                        ),
                        severity: Default::default(),
                    });
                }
            }
        }
        self.by_record[i] = map;
    }

    /// True when file `i` counts: the consensus, or a reviewer of the team.
    fn counts(&self, i: usize) -> bool {
        match &self.files[i].who {
            Who::Consensus => true,
            Who::Reviewer(r) => self
                .config
                .settings
                .team()
                .is_none_or(|t| t.iter().any(|x| x == r)),
        }
    }

    /// The reviewers with a decisions file that counts, in name order.
    pub fn reviewers(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .files
            .iter()
            .enumerate()
            .filter(|(i, _)| self.counts(*i))
            .filter_map(|(_, f)| match &f.who {
                Who::Reviewer(r) => Some(r.as_str()),
                Who::Consensus => None,
            })
            .collect();
        if let Some(team) = self.config.settings.team() {
            for t in team {
                if !out.contains(&t.as_str()) {
                    out.push(t);
                }
            }
            out.sort();
        }
        out
    }

    /// The abstract of record `rec`, read where it is kept (`None`: it has
    /// none, or it could not be read).
    pub fn abstract_of(&self, rec: usize) -> Option<String> {
        let r = self.records.get(rec)?;
        match (&r.study.r#abstract, r.text) {
            (Some(a), _) => Some(a.clone()),
            (None, Some(t)) => self.texts.get(t),
            (None, None) => None,
        }
    }

    /// Record `rec`'s fields, its abstract among them.
    pub fn full_study(&self, rec: usize) -> Option<crate::model::Study> {
        let mut st = self.records.get(rec)?.study.clone();
        if st.r#abstract.is_none() {
            st.r#abstract = self.abstract_of(rec);
        }
        Some(st)
    }

    /// The record a key or alias names.
    pub fn find(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    /// The decision of file `i` on `rec` at `stage`.
    fn row_of(&self, i: usize, rec: usize, stage: Stage) -> Option<&Row> {
        let key = self.by_record[i].get(&(rec, stage))?;
        self.files[i].rows.get(&(key.clone(), stage))
    }

    /// Every counted decision on `rec` at `stage`: the reviewers' in name
    /// order, then the consensus.
    pub fn marks(&self, rec: usize, stage: Stage) -> Vec<Mark<'_>> {
        (0..self.files.len())
            .filter(|&i| self.counts(i))
            .filter_map(|i| {
                self.row_of(i, rec, stage).map(|row| Mark {
                    who: &self.files[i].who,
                    row,
                })
            })
            .collect()
    }

    /// `who`'s own decision on `rec` at `stage`.
    pub fn mark_of(&self, who: &Who, rec: usize, stage: Stage) -> Option<&Row> {
        let i = self.files.iter().position(|f| &f.who == who)?;
        self.row_of(i, rec, stage)
    }

    /// Where `rec` stands at `stage`.
    pub fn state(&self, rec: usize, stage: Stage) -> State {
        let marks = self.marks(rec, stage);
        if let Some(c) = marks.iter().find(|m| *m.who == Who::Consensus) {
            return match c.row.decision {
                Decision::Include => State::Included,
                Decision::Exclude => State::Excluded,
                Decision::Maybe => State::Maybe,
                Decision::NotRetrieved => State::NotRetrieved,
            };
        }
        if marks.is_empty() {
            return State::Unscreened;
        }
        if marks.len() < self.config.settings.required() {
            return State::Pending;
        }
        let first = marks[0].row;
        let same = marks.iter().all(|m| m.row.decision == first.decision);
        if !same {
            return State::Conflict;
        }
        match first.decision {
            Decision::Include => State::Included,
            Decision::Maybe => State::Maybe,
            Decision::NotRetrieved => State::NotRetrieved,
            Decision::Exclude if stage == Stage::FullText => {
                let reason = |m: &Mark| m.row.reason.trim().to_string();
                if marks.iter().all(|m| reason(m) == reason(&marks[0])) {
                    State::Excluded
                } else {
                    State::Conflict
                }
            }
            Decision::Exclude => State::Excluded,
        }
    }

    /// True when `rec` is screened at `stage`: every record at title and
    /// abstract; at full text, those included at title and abstract.
    pub fn in_stage(&self, rec: usize, stage: Stage) -> bool {
        match stage {
            Stage::TitleAbstract => true,
            Stage::FullText => self.state(rec, Stage::TitleAbstract) == State::Included,
        }
    }

    /// The reason a settled full-text exclusion counts under: the
    /// consensus's, else the one the reviewers agree on ("" for none).
    pub fn final_reason(&self, rec: usize) -> Option<String> {
        if self.state(rec, Stage::FullText) != State::Excluded {
            return None;
        }
        let marks = self.marks(rec, Stage::FullText);
        let m = marks
            .iter()
            .find(|m| *m.who == Who::Consensus)
            .or(marks.first())?;
        Some(m.row.reason.trim().to_string())
    }

    /// The full text's location (a path or URL), if one was given.
    pub fn location(&self, rec: usize) -> Option<&str> {
        let r = &self.records[rec];
        std::iter::once(&r.key)
            .chain(&r.aliases)
            .find_map(|k| self.fulltext.rows.get(std::slice::from_ref(k)))
            .map(|(v, _)| v[0].as_str())
    }

    /// True when `who` may see the others' decisions on `rec` at `stage`
    /// without asking to unblind: they have decided, and so has everyone
    /// needed.
    pub fn unblinded(&self, who: &Who, rec: usize, stage: Stage) -> bool {
        if *who == Who::Consensus {
            return true;
        }
        let marks = self.marks(rec, stage);
        marks.iter().any(|m| m.who == who)
            && marks.iter().filter(|m| *m.who != Who::Consensus).count()
                >= self.config.settings.required()
    }

    /// The index of `who`'s file, created (empty, not on disk) when new.
    fn file_of(&mut self, who: &Who) -> usize {
        if let Some(i) = self.files.iter().position(|f| &f.who == who) {
            return i;
        }
        let path = self.root.join(SCREENING_DIR).join(who.file_name());
        self.files.push(decisions::File::empty(who.clone(), path));
        self.by_record.push(HashMap::new());
        // Keep the consensus last, the reviewers by name.
        let mut order: Vec<usize> = (0..self.files.len()).collect();
        order.sort_by(|&a, &b| {
            let k = |i: usize| {
                (
                    self.files[i].who == Who::Consensus,
                    self.files[i].who.clone(),
                )
            };
            k(a).cmp(&k(b))
        });
        let files = order.iter().map(|&i| self.files[i].clone()).collect();
        let maps = order.iter().map(|&i| self.by_record[i].clone()).collect();
        self.files = files;
        self.by_record = maps;
        self.files.iter().position(|f| &f.who == who).unwrap_or(0)
    }

    /// Records `who`'s decision (or, with `None`, removes it) on `rec` at
    /// `stage`, in memory; returns the decision it replaced. Refused when
    /// `who`'s file has lines that cannot be read.
    pub fn set(
        &mut self,
        who: &Who,
        rec: usize,
        stage: Stage,
        row: Option<Row>,
    ) -> Result<Option<Row>, String> {
        let i = self.file_of(who);
        if self.files[i].unreadable {
            return Err(format!(
                "{} has lines that cannot be read (run `litrev check`): fix them first, so that nothing in it is lost",
                inert_line(&self.files[i].path.display().to_string())
            ));
        }
        let old = match self.by_record[i].remove(&(rec, stage)) {
            Some(k) => self.files[i].rows.remove(&(k, stage)),
            None => None,
        };
        if let Some(mut row) = row {
            row.key = self.records[rec].key.clone();
            row.stage = stage;
            self.by_record[i].insert((rec, stage), row.key.clone());
            self.files[i].rows.insert((row.key.clone(), stage), row);
        }
        Ok(old)
    }

    /// Writes `who`'s decisions file (atomically, refusing to overwrite a
    /// change made on disk since it was read).
    pub fn save(&mut self, who: &Who) -> Result<(), String> {
        let i = self.file_of(who);
        self.files[i].save()
    }

    /// The file of `who`, when there is one.
    pub fn file(&self, who: &Who) -> Option<&decisions::File> {
        self.files.iter().find(|f| &f.who == who)
    }

    /// The problems found, as `check` prints them: sorted by file and place.
    pub fn sorted_problems(&self) -> Vec<Problem> {
        let mut p = self.problems.clone();
        p.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        p.dedup();
        p
    }

    /// Checks that every export still holds the bytes it was added with.
    pub fn verify_exports(&self) -> Vec<Problem> {
        let review_toml = self.root.join(REVIEW_FILE);
        let mut out = Vec::new();
        for s in &self.config.searches {
            let Some(want) = &s.sha256 else { continue };
            let Ok(bytes) = std::fs::read(self.root.join(&s.file)) else {
                continue;
            };
            if &records::sha256_hex(&bytes) != want {
                out.push(Problem {
                    path: review_toml.clone(),
                    line: s.sha256_at.0,
                    col: s.sha256_at.1,
                    message: format!(
                        "{} changed since it was added (its SHA-256 differs): a search export stays as downloaded; restore it (git checkout -- {}) or add the new export as a search of its own",
                        inert_line(&s.file),
                        inert_line(&s.file)
                    ),
                    severity: Default::default(),
                });
            }
        }
        out
    }
}
