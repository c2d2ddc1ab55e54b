//! The kind of publication a record is (a journal article, a book, a
//! chapter, a conference paper, a thesis ...), kept in the study file as
//! `record_type` in CSL's vocabulary so that exports write the right BibTeX
//! entry type, RIS `TY` and CSL `type`. A journal article, the commonest,
//! is the default and is not written.

use serde_json::json;

use crate::model::Study;

/// The key in a study file.
pub const KEY: &str = "record_type";

/// The default kind.
pub const ARTICLE: &str = "article-journal";

/// CSL types litrev knows, and their RIS `TY` and BibTeX (biblatex) entry
/// type for export.
const TYPES: [(&str, &str, &str); 27] = [
    ("article-journal", "JOUR", "article"),
    ("article-magazine", "MGZN", "article"),
    ("article-newspaper", "NEWS", "article"),
    ("article", "JOUR", "article"),
    ("review", "JOUR", "article"),
    ("review-book", "JOUR", "article"),
    ("periodical", "JFULL", "periodical"),
    ("book", "BOOK", "book"),
    ("chapter", "CHAP", "incollection"),
    ("paper-conference", "CPAPER", "inproceedings"),
    ("report", "RPRT", "report"),
    ("thesis", "THES", "thesis"),
    ("webpage", "ELEC", "online"),
    ("post-weblog", "BLOG", "online"),
    ("dataset", "DATA", "dataset"),
    ("software", "COMP", "software"),
    ("patent", "PAT", "patent"),
    ("manuscript", "UNPB", "unpublished"),
    ("entry-encyclopedia", "ENCYC", "inreference"),
    ("entry-dictionary", "DICT", "inreference"),
    ("standard", "STAND", "standard"),
    ("pamphlet", "PAMP", "booklet"),
    ("legislation", "STAT", "legislation"),
    ("legal_case", "CASE", "jurisdiction"),
    ("speech", "SLIDE", "misc"),
    ("personal_communication", "PCOMM", "letter"),
    ("document", "GEN", "misc"),
];

/// The CSL type of a study (its `record_type`, else a journal article).
pub fn of(s: &Study) -> &str {
    s.extra
        .iter()
        .find(|(k, _)| k == KEY)
        .and_then(|(_, v)| v.as_str())
        .filter(|t| TYPES.iter().any(|(c, _, _)| c == t))
        .unwrap_or(ARTICLE)
}

/// Records `kind` (a CSL type) on a study, unless it is the default.
pub fn set(s: &mut Study, kind: Option<&'static str>) {
    s.extra.retain(|(k, _)| k != KEY);
    if let Some(k) = kind.filter(|k| *k != ARTICLE) {
        s.extra.push((KEY.into(), json!(k)));
    }
}

/// RIS `TY` for a CSL type.
pub fn to_ris(kind: &str) -> &'static str {
    TYPES
        .iter()
        .find(|(c, _, _)| *c == kind)
        .map(|(_, r, _)| *r)
        .unwrap_or("JOUR")
}

/// The BibTeX (biblatex) entry type for a CSL type.
pub fn to_bibtex(kind: &str) -> &'static str {
    TYPES
        .iter()
        .find(|(c, _, _)| *c == kind)
        .map(|(_, _, b)| *b)
        .unwrap_or("article")
}

/// A CSL type as CSL-JSON writes it (a known one kept).
pub fn from_csl(t: &str) -> Option<&'static str> {
    let t = t.trim().to_ascii_lowercase();
    TYPES.iter().find(|(c, _, _)| *c == t).map(|(c, _, _)| *c)
}

/// The kind of a RIS `TY`.
pub fn from_ris(ty: &str) -> Option<&'static str> {
    let ty = ty.trim();
    let upper;
    let ty = if ty.bytes().any(|b| b.is_ascii_lowercase()) {
        upper = ty.to_ascii_uppercase();
        upper.as_str()
    } else {
        ty
    };
    Some(match ty {
        "JOUR" | "EJOUR" | "ABST" | "INPR" | "JOURNAL" => "article-journal",
        "MGZN" => "article-magazine",
        "NEWS" => "article-newspaper",
        "JFULL" | "SER" => "periodical",
        "BOOK" | "EBOOK" | "EDBOOK" | "CTLG" | "CLSWK" => "book",
        "CHAP" | "ECHAP" => "chapter",
        "CONF" | "CPAPER" => "paper-conference",
        "RPRT" | "GOVDOC" => "report",
        "THES" => "thesis",
        "ELEC" | "WEB" => "webpage",
        "BLOG" => "post-weblog",
        "DATA" | "DBASE" | "AGGR" => "dataset",
        "COMP" => "software",
        "PAT" => "patent",
        "UNPB" | "MANSCPT" => "manuscript",
        "ENCYC" => "entry-encyclopedia",
        "DICT" => "entry-dictionary",
        "STAND" => "standard",
        "PAMP" => "pamphlet",
        "STAT" | "BILL" => "legislation",
        "CASE" | "LEGAL" => "legal_case",
        "SLIDE" => "speech",
        "PCOMM" | "ICOMM" => "personal_communication",
        "" => return None,
        _ => "document",
    })
}

/// The kind of a BibTeX or biblatex entry type.
pub fn from_bibtex(t: &str) -> Option<&'static str> {
    Some(match t.to_ascii_lowercase().as_str() {
        "article" => "article-journal",
        "book" | "mvbook" | "collection" | "mvcollection" | "proceedings" | "mvproceedings"
        | "reference" | "mvreference" | "manual" => "book",
        "inbook" | "incollection" | "bookinbook" | "suppbook" | "suppcollection" => "chapter",
        "inproceedings" | "conference" => "paper-conference",
        "thesis" | "phdthesis" | "mastersthesis" => "thesis",
        "report" | "techreport" => "report",
        "online" | "electronic" | "www" => "webpage",
        "dataset" => "dataset",
        "software" => "software",
        "patent" => "patent",
        "unpublished" => "manuscript",
        "inreference" => "entry-encyclopedia",
        "standard" => "standard",
        "booklet" => "pamphlet",
        "periodical" | "suppperiodical" => "periodical",
        "legislation" => "legislation",
        "jurisdiction" => "legal_case",
        "letter" => "personal_communication",
        "misc" => "document",
        _ => return None,
    })
}

/// The kind named in words, as EndNote, Refer, RefWorks, Ovid, MODS, Web
/// of Science and Scopus write it ("Book Section", "Conference
/// Proceedings", "Dissertation", "Journal Article").
pub fn from_words(words: &str) -> Option<&'static str> {
    let w = words.to_lowercase();
    let has = |k: &[&str]| k.iter().any(|k| w.contains(k));
    Some(if has(&["book review", "review of book"]) {
        "article-journal"
    } else if has(&[
        "book section",
        "book chapter",
        "chapter",
        "book, section",
        "section",
    ]) {
        "chapter"
    } else if has(&["conference", "proceeding", "congress", "meeting paper"]) {
        "paper-conference"
    } else if has(&["thesis", "dissertation"]) {
        "thesis"
    } else if has(&["report", "government document", "grant"]) {
        "report"
    } else if has(&[
        "web page",
        "webpage",
        "web site",
        "website",
        "electronic source",
        "online",
    ]) {
        "webpage"
    } else if has(&["blog"]) {
        "post-weblog"
    } else if has(&["magazine"]) {
        "article-magazine"
    } else if has(&["newspaper"]) {
        "article-newspaper"
    } else if has(&["patent"]) {
        "patent"
    } else if has(&["dataset", "data set"]) {
        "dataset"
    } else if has(&["computer program", "software"]) {
        "software"
    } else if has(&["manuscript", "unpublished", "preprint"]) {
        "manuscript"
    } else if has(&["encyclopedia"]) {
        "entry-encyclopedia"
    } else if has(&["dictionary"]) {
        "entry-dictionary"
    } else if has(&["standard"]) {
        "standard"
    } else if has(&["book", "monograph"]) {
        "book"
    } else if has(&[
        "journal",
        "article",
        "abstract",
        "review",
        "editorial",
        "letter",
        "comment",
        "note",
        "erratum",
        "paper",
    ]) {
        "article-journal"
    } else if has(&["generic", "other", "misc"]) {
        "document"
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_ris_and_bibtex() {
        for (csl, _, _) in TYPES {
            let back = from_ris(to_ris(csl)).expect("ris");
            let bib = from_bibtex(to_bibtex(csl)).expect("bibtex");
            // Several CSL types share a RIS or BibTeX type: they come back
            // as the first of them.
            assert_eq!(to_ris(back), to_ris(csl), "{csl}");
            assert_eq!(to_bibtex(bib), to_bibtex(csl), "{csl}");
        }
        assert_eq!(from_words("Book, Section"), Some("chapter"));
        assert_eq!(from_words("Proceedings Paper"), Some("paper-conference"));
        assert_eq!(from_words("Journal Article"), Some("article-journal"));
    }
}
