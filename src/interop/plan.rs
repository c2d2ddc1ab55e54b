//! An import worked out before anything is written: each record gets a
//! valid, unused id (`smith-2019`, `smith-2019b`), and records that are
//! already in the review or earlier in the input are set aside as
//! duplicates.
//!
//! Two records are the same study when their DOIs match (lower case, no
//! URL or `doi:` prefix), their PMIDs match, or their titles match with
//! case, punctuation, accents and spaces ignored and their years are equal.

use std::collections::{HashMap, HashSet};

use super::{Bad, Origin, Record, clean};
use crate::model::{Study, propose_id, valid_id};
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

/// A record that could not be read.
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
}

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
        for mut record in parsed.records {
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
            let id = new_id(&record.study, &used);
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
    let id = propose_id(&family, s.year, |id| used.contains(id) || !valid_id(id));
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
