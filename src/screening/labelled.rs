//! Labelled records: title, abstract and keywords with a known screening
//! decision, as ASReview's `simulate` reads them — a CSV (or tab-separated)
//! table with `title`, `abstract`, `keywords` and a label column such as
//! `label_included`, or a RIS file whose records carry the label in a tag
//! (ASReview's exports write `ASReview_relevant` / `ASReview_irrelevant`
//! in `N1`).

use std::path::Path;

use crate::interop::{self, ris};
use crate::screening::rank::Doc;
use crate::text::Problem;

/// One labelled record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The 1-based data row (CSV: rows after the header; RIS: records in order).
    pub row: usize,
    /// What identifies the record: its DOI, else its PubMed id, else the
    /// file's own record id, else `row N`.
    pub key: String,
    pub doc: Doc,
    /// True: included.
    pub include: bool,
}

/// Column names (lower case) under which each field is looked for, in order.
const TITLE: [&str; 4] = ["title", "primary_title", "article title", "ti"];
const ABSTRACT: [&str; 4] = ["abstract", "abstract note", "notes_abstract", "ab"];
const KEYWORDS: [&str; 5] = [
    "keywords",
    "mesh_terms",
    "mesh terms",
    "author keywords",
    "kw",
];
const KEY: [&str; 6] = ["doi", "pubmed_id", "pmid", "record_id", "key", "id"];

/// Reads the labelled records of a file's bytes; `label` names the label
/// column (CSV) or tag (RIS). Every record must have a label.
pub fn read(path: &Path, bytes: &[u8], label: &str) -> Result<Vec<Record>, Vec<Problem>> {
    let text = interop::decode(bytes);
    match interop::detect(&text) {
        Some(interop::Format::Ris) => read_ris(path, &text, label),
        _ => read_table(path, &text, label),
    }
}

/// The decision a label value means, if it is one.
pub fn parse_label(value: &str) -> Option<bool> {
    let v = value.trim().to_ascii_lowercase();
    if v.contains("asreview_irrelevant") {
        return Some(false);
    }
    if v.contains("asreview_relevant") {
        return Some(true);
    }
    match v.as_str() {
        "1" | "1.0" | "true" | "yes" | "y" | "include" | "included" | "relevant" => Some(true),
        "0" | "0.0" | "-1" | "false" | "no" | "n" | "exclude" | "excluded" | "irrelevant" => {
            Some(false)
        }
        _ => None,
    }
}

/// At most this many label problems are listed (the rest are counted).
const MAX_PROBLEMS: usize = 20;

fn read_table(path: &Path, text: &str, label: &str) -> Result<Vec<Record>, Vec<Problem>> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    let delim = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else if first.contains(';') && !first.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_ascii_lowercase()).collect(),
        Err(e) => return Err(vec![Problem::file(path, format!("no CSV header: {e}"))]),
    };
    let find = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| headers.iter().position(|h| h == n))
    };
    let (title, abstract_col) = (find(&TITLE), find(&ABSTRACT));
    if title.is_none() && abstract_col.is_none() {
        return Err(vec![Problem::file(
            path,
            format!(
                "the table has no title or abstract column (looked for {} and {})",
                TITLE.join(", "),
                ABSTRACT.join(", ")
            ),
        )]);
    }
    let Some(label_col) = headers
        .iter()
        .position(|h| h == &label.trim().to_ascii_lowercase())
    else {
        return Err(vec![Problem::file(
            path,
            format!(
                "the table has no label column {label:?}; its columns are {}",
                headers.join(", ")
            ),
        )]);
    };
    let keywords = find(&KEYWORDS);
    let keys: Vec<usize> = KEY
        .iter()
        .filter_map(|n| headers.iter().position(|h| h == n))
        .collect();
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row_no = i + 1;
        let r = match row {
            Ok(r) => r,
            Err(e) => {
                let offset = e.position().map(|p| p.byte() as usize).unwrap_or(0);
                problems.push(Problem::at(
                    path,
                    text,
                    offset,
                    format!("this row cannot be read: {e}"),
                ));
                continue;
            }
        };
        let offset = r.position().map(|p| p.byte() as usize).unwrap_or(0);
        let cell = |c: Option<usize>| c.and_then(|c| r.get(c)).unwrap_or("").trim().to_string();
        let value = cell(Some(label_col));
        let Some(include) = parse_label(&value) else {
            problems.push(Problem::at(
                path,
                text,
                offset,
                if value.is_empty() {
                    format!("row {row_no} has no {label} (every record needs a label to simulate)")
                } else {
                    format!(
                        "row {row_no}: {label} is {value:?}, expected 1 or 0 (or include / exclude)"
                    )
                },
            ));
            continue;
        };
        let key = keys
            .iter()
            .map(|&c| cell(Some(c)))
            .find(|v| !v.is_empty())
            .unwrap_or_else(|| format!("row {row_no}"));
        records.push(Record {
            row: row_no,
            key,
            doc: Doc {
                title: cell(title),
                abstract_text: cell(abstract_col),
                keywords: cell(keywords),
            },
            include,
        });
    }
    finish(path, records, problems)
}

fn read_ris(path: &Path, text: &str, label: &str) -> Result<Vec<Record>, Vec<Problem>> {
    let tag = label.trim().to_ascii_uppercase();
    let mut records = Vec::new();
    let mut problems = Vec::new();
    // One record's tags and the byte offset where it starts.
    let mut cur: Option<(usize, Vec<(String, String)>)> = None;
    let mut offset = 0;
    let flush = |cur: &mut Option<(usize, Vec<(String, String)>)>,
                 records: &mut Vec<Record>,
                 problems: &mut Vec<Problem>| {
        let Some((start, tags)) = cur.take() else {
            return;
        };
        let row_no = records.len() + problems.len() + 1;
        let all = |t: &str| -> Vec<&str> {
            tags.iter()
                .filter(|(k, v)| k == t && !v.is_empty())
                .map(|(_, v)| v.as_str())
                .collect()
        };
        let labels = all(&tag);
        let include = labels.iter().find_map(|v| parse_label(v));
        let Some(include) = include else {
            problems.push(Problem::at(
                path,
                text,
                start,
                match labels.first() {
                    None => format!(
                        "record {row_no} has no {tag} (every record needs a label to simulate)"
                    ),
                    Some(v) => format!(
                        "record {row_no}: {tag} is {v:?}, expected 1 or 0 (or include / exclude)"
                    ),
                },
            ));
            return;
        };
        let first = |ts: &[&str]| {
            ts.iter()
                .find_map(|t| all(t).first().map(|v| v.to_string()))
        };
        let key = first(&["DO", "AN", "ID"]).unwrap_or_else(|| format!("row {row_no}"));
        records.push(Record {
            row: row_no,
            key,
            doc: Doc {
                title: first(&["TI", "T1", "CT", "BT"]).unwrap_or_default(),
                abstract_text: first(&["AB", "N2"]).unwrap_or_default(),
                keywords: all("KW").join("; "),
            },
            include,
        });
    };
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let line = line.trim_start_matches('\u{feff}').trim_end();
        match ris::tag_line(line) {
            Some(("TY", v)) => {
                flush(&mut cur, &mut records, &mut problems);
                cur = Some((start, vec![("TY".into(), v.into())]));
            }
            Some(("ER", _)) => flush(&mut cur, &mut records, &mut problems),
            Some((t, v)) => {
                if let Some((_, tags)) = cur.as_mut() {
                    tags.push((t.to_string(), v.to_string()));
                }
            }
            None => {
                // A continuation line belongs to the tag before it.
                if let Some((_, tags)) = cur.as_mut()
                    && let Some((_, v)) = tags.last_mut()
                    && !line.trim().is_empty()
                {
                    v.push(' ');
                    v.push_str(line.trim());
                }
            }
        }
    }
    flush(&mut cur, &mut records, &mut problems);
    finish(path, records, problems)
}

/// The records, or the problems (the first [`MAX_PROBLEMS`], then a count).
fn finish(
    path: &Path,
    records: Vec<Record>,
    mut problems: Vec<Problem>,
) -> Result<Vec<Record>, Vec<Problem>> {
    if problems.is_empty() && records.is_empty() {
        return Err(vec![Problem::file(path, "no records")]);
    }
    if problems.is_empty() {
        return Ok(records);
    }
    let more = problems.len().saturating_sub(MAX_PROBLEMS);
    problems.truncate(MAX_PROBLEMS);
    if more > 0 {
        problems.push(Problem::file(
            path,
            format!("and {more} more records without a usable label"),
        ));
    }
    Err(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_with_asreview_columns() {
        let csv = "pubmed_id,title,abstract,keywords,label_included\n\
                   1,Beta blockers,\"An abstract, with a comma\",Heart; Lung,1\n\
                   ,Parking,,,0\n";
        let r = read(Path::new("d.csv"), csv.as_bytes(), "label_included").expect("reads");
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].row, r[0].key.as_str(), r[0].include), (1, "1", true));
        assert_eq!(r[0].doc.abstract_text, "An abstract, with a comma");
        assert_eq!(r[0].doc.keywords, "Heart; Lung");
        assert_eq!((r[1].key.as_str(), r[1].include), ("row 2", false));
    }

    #[test]
    fn a_missing_or_unreadable_label_is_reported_at_its_line() {
        let csv = "title,label\nA,1\nB,\nC,maybe\n";
        let p = read(Path::new("d.csv"), csv.as_bytes(), "label").expect_err("bad labels");
        let shown: Vec<String> = p.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            [
                "d.csv:3:1: row 2 has no label (every record needs a label to simulate)",
                "d.csv:4:1: row 3: label is \"maybe\", expected 1 or 0 (or include / exclude)",
            ]
        );
        let p = read(Path::new("d.csv"), csv.as_bytes(), "included").expect_err("no column");
        assert_eq!(
            p[0].to_string(),
            "d.csv:1:1: the table has no label column \"included\"; its columns are title, label"
        );
    }

    #[test]
    fn a_ris_file_with_labels_in_a_tag() {
        let ris = "TY  - JOUR\nTI  - Beta blockers\nAB  - First line\n  continued\nKW  - Heart\nKW  - Lung\nN1  - ASReview_relevant\nDO  - 10.1/x\nER  - \n\
                   TY  - JOUR\nTI  - Parking\nN1  - ASReview_irrelevant\nER  - \n";
        let r = read(Path::new("d.ris"), ris.as_bytes(), "N1").expect("reads");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].doc.abstract_text, "First line continued");
        assert_eq!(r[0].doc.keywords, "Heart; Lung");
        assert_eq!((r[0].key.as_str(), r[0].include), ("10.1/x", true));
        assert_eq!((r[1].row, r[1].include), (2, false));
        let p = read(Path::new("d.ris"), ris.as_bytes(), "LB").expect_err("no LB");
        assert_eq!(
            p[1].to_string(),
            "d.ris:10:1: record 2 has no LB (every record needs a label to simulate)"
        );
    }
}
