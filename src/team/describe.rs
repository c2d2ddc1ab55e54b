//! What changed between two versions of a study, in words a user reads in
//! a dialog ("added appraisal rob2 by BK; year 2019 → 2020"), and what
//! writing one version over another would throw away.

use crate::model::Study;

use super::merge::{appraisal_field, changed_fields};

/// One change: the value it is about (as [`changed_fields`] names it) and
/// the words that say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    pub field: String,
    pub text: String,
}

/// A value short enough to quote, else `None`.
fn quoted(v: &str) -> Option<String> {
    let v = v.trim();
    (v.chars().count() <= 30 && !v.contains('\n')).then(|| v.to_string())
}

/// "old → new", "new" added, or just changed, for a value shown as text.
fn change(name: &str, old: Option<String>, new: Option<String>) -> String {
    match (old, new) {
        (None, Some(n)) => match quoted(&n) {
            Some(n) => format!("{name} {n} added"),
            None => format!("{name} added"),
        },
        (Some(_), None) => format!("{name} removed"),
        (Some(o), Some(n)) => match (quoted(&o), quoted(&n)) {
            (Some(o), Some(n)) => format!("{name} {o} → {n}"),
            _ => format!("{name} changed"),
        },
        (None, None) => format!("{name} changed"),
    }
}

fn text_of<T: std::fmt::Debug>(v: &Option<T>) -> Option<String> {
    v.as_ref().map(|x| {
        let s = format!("{x:?}");
        s.trim_matches('"').to_string()
    })
}

/// Every change from `before` to `after`, one sentence each, in the order
/// of the study's values.
pub fn describe(before: &Study, after: &Study) -> Vec<Described> {
    let mut out = Vec::new();
    for field in changed_fields(before, after) {
        let mut push = |text: String| {
            out.push(Described {
                field: field.clone(),
                text,
            })
        };
        match field.as_str() {
            "tags" | "keywords" => {
                let (b, a) = if field == "tags" {
                    (&before.tags, &after.tags)
                } else {
                    (&before.keywords, &after.keywords)
                };
                let word = &field[..field.len() - 1];
                for x in a.iter().filter(|x| !b.contains(x)) {
                    push(format!("{word} \"{x}\" added"));
                }
                for x in b.iter().filter(|x| !a.contains(x)) {
                    push(format!("{word} \"{x}\" removed"));
                }
            }
            "year" => push(change("year", text_of(&before.year), text_of(&after.year))),
            "ref" => push(change(
                "ref",
                text_of(&before.reference),
                text_of(&after.reference),
            )),
            "authors" => push("authors changed".to_string()),
            f if f.starts_with("appraisals[") => {
                let what = &f["appraisals[".len()..f.len() - 1];
                let had = |s: &Study| s.appraisals.iter().any(|a| appraisal_field(a) == field);
                push(match (had(before), had(after)) {
                    (false, true) => format!("added appraisal {what}"),
                    (true, false) => format!("removed appraisal {what}"),
                    _ => format!("changed appraisal {what}"),
                });
            }
            f => {
                let (b, a) = (value_text(before, f), value_text(after, f));
                push(change(f.trim_start_matches("extraction."), b, a));
            }
        }
    }
    out
}

/// A value of a study as text, by the name [`changed_fields`] gives it.
fn value_text(s: &Study, name: &str) -> Option<String> {
    let opt = |v: &Option<String>| v.clone();
    match name {
        "id" => Some(s.id.clone()),
        "title" => Some(s.title.clone()),
        "journal" => opt(&s.journal),
        "volume" => opt(&s.volume),
        "issue" => opt(&s.issue),
        "pages" => opt(&s.pages),
        "doi" => opt(&s.doi),
        "pmid" => opt(&s.pmid),
        "url" => opt(&s.url),
        "design" => opt(&s.design),
        "notes" => opt(&s.notes),
        "abstract" => opt(&s.r#abstract),
        "ref_shared" => Some(s.ref_shared.to_string()),
        _ => {
            if let Some(k) = name.strip_prefix("extraction.") {
                s.extraction
                    .iter()
                    .find(|(n, _)| n == k)
                    .map(|(_, v)| v.to_string())
            } else {
                s.extra
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.to_string().trim_matches('"').to_string())
            }
        }
    }
}

/// What writing `mine` over `theirs` would throw away of THEIRS' changes
/// since `base`: every change THEIRS made that `mine` does not hold.
pub fn dropped(base: &Study, mine: &Study, theirs: &Study) -> Vec<Described> {
    let differs = changed_fields(mine, theirs);
    describe(base, theirs)
        .into_iter()
        .filter(|d| match d.field.as_str() {
            // Per tag: one THEIRS added that mine lacks, or removed that
            // mine still has.
            "tags" | "keywords" => {
                let l = if d.field == "tags" {
                    &mine.tags
                } else {
                    &mine.keywords
                };
                let name = d.text.split('"').nth(1).unwrap_or("");
                let has = l.iter().any(|x| x == name);
                if d.text.ends_with(" added") {
                    !has
                } else {
                    has
                }
            }
            f => differs.iter().any(|x| x == f),
        })
        .collect()
}

/// The sentences joined for a dialog: "a; b; c".
pub fn sentence(changes: &[Described]) -> String {
    changes
        .iter()
        .map(|d| d.text.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Appraisal;

    fn study() -> Study {
        Study {
            id: "x".into(),
            title: "T".into(),
            year: Some(2019),
            tags: vec!["a".into()],
            ..Study::default()
        }
    }

    #[test]
    fn an_added_appraisal_and_a_new_year_read_as_a_sentence() {
        let before = study();
        let mut after = study();
        after.year = Some(2020);
        after.appraisals.push(Appraisal {
            instrument: "rob2".into(),
            reviewer: "BK".into(),
            ..Appraisal::default()
        });
        after.tags.push("b".into());
        assert_eq!(
            sentence(&describe(&before, &after)),
            "year 2019 → 2020; tag \"b\" added; added appraisal rob2 by BK"
        );
    }

    #[test]
    fn keeping_mine_drops_only_what_mine_does_not_hold() {
        let base = study();
        let mut theirs = study();
        theirs.appraisals.push(Appraisal {
            instrument: "rob2".into(),
            reviewer: "BK".into(),
            ..Appraisal::default()
        });
        theirs.tags.push("b".into());
        let mut mine = study();
        mine.tags.push("b".into());
        mine.title = "New".into();
        assert_eq!(
            sentence(&dropped(&base, &mine, &theirs)),
            "added appraisal rob2 by BK"
        );
        assert!(dropped(&base, &theirs, &theirs).is_empty());
    }
}
