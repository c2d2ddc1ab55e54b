//! An import worked out before anything is written: each record gets a
//! valid, unused id (`smith-2019`, `smith-2019b`), and records that are
//! already in the review or earlier in the input are set aside as
//! duplicates.
//!
//! Two records are the same study when their DOIs match (lower case, no
//! URL or `doi:` prefix), their PMIDs match, or their titles match with
//! case, punctuation, accents and spaces ignored and their years are equal.
//!
//! A record never costs the others: one whose year is outside the years a
//! study file accepts (1800 to next year) is imported without a year, the
//! year as written kept as `year_as_written` and a warning given. With that
//! and a valid id, every record the plan adds makes a valid study file (a
//! property test checks it against the store's own check, [`invalid`]), so
//! a dry run lists exactly what the import writes. Should the session still
//! refuse a batch, [`set_aside_invalid`] reports the studies it would not
//! take, with the reason, and the rest are written.

use std::collections::{HashMap, HashSet};

use serde_json::json;

use super::{Bad, Origin, Record, clean};
use crate::model::{Review, Study, propose_id, valid_id};
use crate::store::{self, parse::plausible_years};
use crate::text::fold::fold;

/// A record to add, with its new id set on `study`.
#[derive(Debug, Clone)]
pub struct New {
    pub record: Record,
    /// The file it came from, as named on the command line.
    pub file: String,
}

/// A record not added because it is already there.
#[derive(Debug, Clone)]
pub struct Duplicate {
    pub record: Record,
    pub file: String,
    /// What it repeats: a study id, or `file:line` of an earlier record.
    pub of: String,
    /// How they match: "DOI", "PMID" or "title and year".
    pub by: &'static str,
}

/// A record that could not be read (or, among [`Plan::warnings`], one
/// read with something to check).
#[derive(Debug, Clone)]
pub struct Rejected {
    pub bad: Bad,
    pub file: String,
}

/// The whole import.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub new: Vec<New>,
    pub duplicates: Vec<Duplicate>,
    pub bad: Vec<Rejected>,
    /// Records added (or set aside as duplicates) with something the user
    /// should check: an undefined `@string`, a year left out, a guessed
    /// encoding.
    pub warnings: Vec<Rejected>,
}

/// The key that keeps a year a study file would not accept.
pub const YEAR_AS_WRITTEN: &str = "year_as_written";

/// The title key: folded, letters and digits only.
pub fn title_key(title: &str) -> String {
    fold(title)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The keys a study is known by.
fn keys(s: &Study) -> Vec<(&'static str, String)> {
    let mut k = Vec::with_capacity(3);
    if let Some(d) = s.doi.as_deref().and_then(clean::doi_key) {
        k.push(("DOI", d));
    }
    if let Some(p) = s.pmid.as_deref().and_then(clean::pmid) {
        k.push(("PMID", p));
    }
    let t = title_key(&s.title);
    if t.len() >= 8 {
        k.push((
            "title and year",
            format!("{t}|{}", s.year.map(|y| y.to_string()).unwrap_or_default()),
        ));
    }
    k
}

/// Where a record is, for messages: `file:line` or `file (entry key)`.
pub fn place(file: &str, origin: &Origin) -> String {
    match origin {
        Origin::Line(n) => format!("{file}:{n}"),
        Origin::Key(k) => format!("{file} ({k})"),
    }
}

/// Builds the import of `files` (each a name and what was read from it)
/// into a review holding `existing` studies whose files are `taken`.
pub fn plan(
    existing: &[&Study],
    taken: &HashSet<String>,
    files: Vec<(String, super::Parsed)>,
) -> Plan {
    let mut seen: HashMap<String, String> = HashMap::new();
    for s in existing {
        for (by, k) in keys(s) {
            seen.entry(format!("{by}:{k}"))
                .or_insert_with(|| s.id.clone());
        }
    }
    let mut used: HashSet<String> = taken.clone();
    let mut plan = Plan::default();
    for (file, parsed) in files {
        plan.bad.extend(parsed.bad.into_iter().map(|bad| Rejected {
            bad,
            file: file.clone(),
        }));
        plan.warnings
            .extend(parsed.warnings.into_iter().map(|bad| Rejected {
                bad,
                file: file.clone(),
            }));
        for mut record in parsed.records {
            let year = record.study.year;
            if let Some(y) = year
                && !plausible_years().contains(&i64::from(y))
            {
                record.study.year = None;
                record
                    .study
                    .extra
                    .push((YEAR_AS_WRITTEN.into(), json!(y.to_string())));
                plan.warnings.push(Rejected {
                    bad: Bad {
                        origin: record.origin.clone(),
                        reason: format!(
                            "year {y} is not one a study file takes (1800 to next year): imported without a year, kept as `{YEAR_AS_WRITTEN}`"
                        ),
                    },
                    file: file.clone(),
                });
            }
            if let Some(reason) = too_large(&record.study) {
                // Written, it would be a file the loader refuses: the study
                // would vanish on the next open. The source keeps it whole.
                plan.bad.push(Rejected {
                    bad: Bad {
                        origin: record.origin,
                        reason,
                    },
                    file: file.clone(),
                });
                continue;
            }
            let ks = keys(&record.study);
            if let Some((by, of)) = ks
                .iter()
                .find_map(|(by, k)| seen.get(&format!("{by}:{k}")).map(|of| (*by, of.clone())))
            {
                plan.duplicates.push(Duplicate {
                    record,
                    file: file.clone(),
                    of,
                    by,
                });
                continue;
            }
            let id = id_for(&record.study, year, &used);
            used.insert(id.clone());
            for (by, k) in ks {
                seen.entry(format!("{by}:{k}"))
                    .or_insert_with(|| id.clone());
            }
            record.study.id = id;
            plan.new.push(New {
                record,
                file: file.clone(),
            });
        }
    }
    plan
}

/// The text values of a record with their field names, for its size.
fn fields(s: &Study) -> Vec<(String, usize)> {
    let opt = |v: &Option<String>| v.as_ref().map_or(0, String::len);
    let list = |v: &[String]| v.iter().map(|x| x.len() + 4).sum::<usize>();
    let mut v = vec![
        ("title".to_string(), s.title.len()),
        ("authors".to_string(), list(&s.authors)),
        ("journal".to_string(), opt(&s.journal)),
        ("abstract".to_string(), opt(&s.r#abstract)),
        ("notes".to_string(), opt(&s.notes)),
        ("keywords".to_string(), list(&s.keywords)),
        ("tags".to_string(), list(&s.tags)),
        ("url".to_string(), opt(&s.url)),
        ("doi".to_string(), opt(&s.doi)),
        ("pages".to_string(), opt(&s.pages)),
    ];
    v.extend(
        s.extra
            .iter()
            .map(|(k, x)| (k.clone(), x.to_string().len())),
    );
    v
}

/// Why a record cannot become a study file: written, it would be larger
/// than the loader reads ([`crate::store::MAX_STUDY_BYTES`]). Naming the
/// field to shorten.
pub fn too_large(s: &Study) -> Option<String> {
    let max = crate::store::MAX_STUDY_BYTES as usize;
    let fields = fields(s);
    let raw: usize = fields.iter().map(|(_, n)| n).sum();
    // Written as TOML, a character takes at most six bytes (`\u001b`): a
    // record well under the limit is not rendered to be measured.
    if raw.saturating_mul(6) + 64 * 1024 <= max {
        return None;
    }
    let text = crate::store::write::render_study(&Default::default(), s, None);
    if text.len() <= max {
        return None;
    }
    let (name, len) = fields.into_iter().max_by_key(|(_, n)| *n)?;
    Some(format!(
        "too large for a study file: it would take {}, more than a study file may hold ({}); its {name} alone is {} (shorten it in the source file and import the record again)",
        crate::store::parse::mib(text.len() as u64),
        crate::store::parse::mib(crate::store::MAX_STUDY_BYTES),
        crate::store::parse::mib(len as u64),
    ))
}

/// An id from the first author (or editor, or the title's first word) and
/// the year, unused and always a valid file name inside `studies/`.
pub fn new_id(s: &Study, used: &HashSet<String>) -> String {
    id_for(s, s.year, used)
}

/// [`new_id`] with the year as the record wrote it (kept in the id even
/// when the study file cannot hold it).
fn id_for(s: &Study, year: Option<i32>, used: &HashSet<String>) -> String {
    let editor = s
        .extra
        .iter()
        .find(|(k, _)| k == "editors")
        .and_then(|(_, v)| {
            v.get(0)
                .and_then(|e| e.as_str())
                .map(|e| e.split(',').next().unwrap_or(e).trim().to_string())
        });
    let family = match s.first_author() {
        "" => editor.unwrap_or_else(|| title_word(&s.title).to_string()),
        a => a.to_string(),
    };
    let id = propose_id(&family, year, |id| used.contains(id) || !valid_id(id));
    if valid_id(&id) && !used.contains(&id) {
        id
    } else {
        // propose_id gives up only on pathological input.
        (1..)
            .map(|n| format!("study-{n}"))
            .find(|id| !used.contains(id))
            .unwrap_or_default()
    }
}

/// The title's first word that names something: not a leading article ("A
/// book without authors" → "book"), nor punctuation alone.
fn title_word(title: &str) -> &str {
    let mut words = title
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ':' | ';' | ',' | '.' | '"' | '\'' | '(' | ')' | '[' | ']'
                )
        })
        .filter(|w| w.chars().any(char::is_alphanumeric));
    let first = words.next().unwrap_or("");
    let article = [
        "a", "an", "the", "le", "la", "les", "der", "die", "das", "el", "los", "las",
    ];
    if article.iter().any(|a| first.eq_ignore_ascii_case(a)) {
        words.next().unwrap_or(first)
    } else {
        first
    }
}

/// Why `study` would not make a valid study file of `review` (the check
/// the session makes before it writes), or `None`.
pub fn invalid(study: &Study, review: &Review) -> Option<String> {
    let text = crate::store::write::render_study(&review.instruments, study, None);
    let path = std::path::Path::new(crate::store::STUDIES_DIR).join(format!("{}.toml", study.id));
    let parsed = crate::store::parse::parse_study(&path, &text, Some(&study.id), review);
    match parsed.study {
        Some(_) => None,
        None => Some(
            parsed
                .problems
                .iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }
}

/// Moves the new studies that would not make valid study files to the bad
/// records, each with its reason; returns how many. The session refuses a
/// whole batch for one invalid study, so an import that was refused calls
/// this and tries again with the rest.
pub fn set_aside_invalid(plan: &mut Plan, review: &Review) -> usize {
    let before = plan.new.len();
    let mut kept = Vec::with_capacity(before);
    for n in std::mem::take(&mut plan.new) {
        match invalid(&n.record.study, review) {
            None => kept.push(n),
            Some(reason) => plan.bad.push(Rejected {
                bad: Bad {
                    origin: n.record.origin.clone(),
                    reason: format!("would not make a valid study file: {reason}"),
                },
                file: n.file,
            }),
        }
    }
    plan.new = kept;
    before - plan.new.len()
}

/// Writes the plan's new studies into the review at `root`, all or none,
/// without holding their texts together: each study is rendered, checked
/// as the session checks a save (it must read back as a valid study file),
/// written to a temporary file and dropped, on every core (see
/// [`store::create_all`]). A study that would not make a valid study file
/// is moved to the bad records with the reason, and the others are
/// written, as [`set_aside_invalid`] does. On an error nothing is written.
pub fn write_new(
    root: &std::path::Path,
    review: &Review,
    plan: &mut Plan,
) -> Result<(), store::BatchError> {
    let dir = root.join(store::STUDIES_DIR);
    let aside = store::create_all(&dir, &plan.new, |n| {
        let s = &n.record.study;
        let path = store::study_path(root, &s.id).ok_or_else(|| format!("bad id {}", s.id))?;
        let text = store::write::render_study(&review.instruments, s, None);
        let parsed = store::parse::parse_study(&path, &text, Some(&s.id), review);
        match parsed.study {
            Some(_) => Ok((path, text)),
            None => Err(parsed
                .problems
                .iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join("; ")),
        }
    })?;
    if aside.iter().all(Option::is_none) {
        return Ok(());
    }
    let mut kept = Vec::with_capacity(plan.new.len());
    for (n, reason) in std::mem::take(&mut plan.new).into_iter().zip(aside) {
        match reason {
            None => kept.push(n),
            Some(reason) => plan.bad.push(Rejected {
                bad: Bad {
                    origin: n.record.origin.clone(),
                    reason: format!("would not make a valid study file: {reason}"),
                },
                file: n.file,
            }),
        }
    }
    plan.new = kept;
    Ok(())
}

/// Gives a new study the design and tags chosen for the whole import (a
/// tag it has already is not repeated).
pub fn classify(s: &mut Study, design: Option<&str>, tags: &[String]) {
    s.design = design.map(str::to_string);
    for t in tags {
        if !s.tags.contains(t) {
            s.tags.push(t.clone());
        }
    }
}

/// The ids a new study may not take in `session`'s review: its studies',
/// and the name of every file in `studies/` (one that could not be loaded
/// too).
pub fn taken_ids(session: &crate::session::Session) -> std::collections::HashSet<String> {
    let mut taken: std::collections::HashSet<String> = session
        .entries()
        .iter()
        .map(|e| e.study.id.clone())
        .collect();
    let dir = session.root().join(crate::store::STUDIES_DIR);
    if let Ok(dir) = std::fs::read_dir(dir) {
        for e in dir.flatten() {
            if let Some(stem) = e.path().file_stem().and_then(|s| s.to_str()) {
                taken.insert(stem.to_string());
            }
        }
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_without_authors_is_named_after_its_title() {
        let study = |title: &str| Study {
            title: title.into(),
            year: Some(2001),
            ..Study::default()
        };
        let used = HashSet::new();
        assert_eq!(new_id(&study("A book without authors"), &used), "book-2001");
        assert_eq!(
            new_id(&study("The Lancet: editorial"), &used),
            "lancet-2001"
        );
        assert_eq!(new_id(&study("\"Quoted\" start"), &used), "quoted-2001");
        assert_eq!(new_id(&study("Økonomi i helse"), &used), "okonomi-2001");
        assert_eq!(new_id(&study("A"), &used), "a-2001");
        assert_eq!(new_id(&study(""), &used), "study-2001");
    }
}
