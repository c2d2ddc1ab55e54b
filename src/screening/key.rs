//! Record keys: the name a search record goes by in every decisions file
//! and listing. A key is made from the record's content, never from its
//! place in an export, so it survives a re-export and a re-ordering:
//! `doi:` and the DOI (lower case), else `pmid:` and the PubMed id, else
//! `hash:` and 16 hex digits of the SHA-256 of the record's identity
//! (normalised title, year and first author's family name).

use sha2::{Digest, Sha256};

use crate::interop::clean;
use crate::interop::plan::title_key;
use crate::model::Study;
use crate::text::fold::fold;

/// The record's DOI as it is matched: lower case, no URL or `doi:` prefix;
/// `None` when it has none (or one that could not be a key: a control
/// character would break a decisions file's line).
pub fn doi(s: &Study) -> Option<String> {
    s.doi
        .as_deref()
        .and_then(clean::doi_key)
        .filter(|d| !d.chars().any(char::is_control))
}

/// The record's PubMed id (digits only).
pub fn pmid(s: &Study) -> Option<String> {
    s.pmid.as_deref().and_then(clean::pmid)
}

/// The first author's family name, folded to lower-case ASCII letters and
/// digits ("Søderstrøm, S" → "soderstrom").
pub fn first_author(s: &Study) -> String {
    fold(s.first_author())
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// What makes two records the same when they carry no DOI or PMID:
/// normalised title, year and first author, as one string
/// (`"buildingtherapeuticalliances…|2021|unsgaardtondel"`). `None` when the
/// title is too short to say anything (under 8 letters and digits).
pub fn identity(s: &Study) -> Option<String> {
    let t = title_key(&s.title);
    (t.chars().count() >= 8).then(|| {
        format!(
            "{t}|{}|{}",
            s.year.map(|y| y.to_string()).unwrap_or_default(),
            first_author(s)
        )
    })
}

/// The hash part of a `hash:` key: 16 hex digits of SHA-256.
pub fn hash(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(16);
    for b in digest.iter().take(8) {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

/// The key of one record: DOI, else PMID, else the hash of its identity
/// (of its title, year and authors as written when the title is too
/// short for an identity).
pub fn of(s: &Study) -> String {
    if let Some(d) = doi(s) {
        return format!("doi:{d}");
    }
    if let Some(p) = pmid(s) {
        return format!("pmid:{p}");
    }
    match identity(s) {
        Some(i) => format!("hash:{}", hash(&i)),
        None => written_hash(s),
    }
}

/// The `hash:` key of a record whose title is too short for an identity:
/// its title, year and authors as written (folded).
pub fn written_hash(s: &Study) -> String {
    let basis = format!(
        "{}|{}|{}",
        fold(&s.title),
        s.year.map(|y| y.to_string()).unwrap_or_default(),
        fold(&s.authors.join(";"))
    );
    format!("hash:{}", hash(&basis))
}

/// True when `k` reads as a record key (`doi:…`, `pmid:…`, `hash:…`) that
/// fits on a line of a decisions file.
pub fn well_formed(k: &str) -> bool {
    let ok_rest = |r: &str| !r.is_empty() && !r.chars().any(|c| c.is_control() || c == ' ');
    match k.split_once(':') {
        Some(("doi", r)) => ok_rest(r) && r.starts_with("10."),
        Some(("pmid", r)) => !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit()),
        Some(("hash", r)) => r.len() == 16 && r.bytes().all(|b| b.is_ascii_hexdigit()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn study(title: &str, year: Option<i32>, author: &str) -> Study {
        Study {
            title: title.into(),
            year,
            authors: vec![author.into()],
            ..Study::default()
        }
    }

    #[test]
    fn doi_then_pmid_then_hash() {
        let mut s = study(
            "Building therapeutic alliances",
            Some(2021),
            "Søderstrøm, S",
        );
        let h = of(&s);
        assert!(h.starts_with("hash:") && h.len() == 21, "{h}");
        assert!(well_formed(&h));
        s.pmid = Some("PMID: 31234567".into());
        assert_eq!(of(&s), "pmid:31234567");
        s.doi = Some("https://doi.org/10.1002/PRI.1932".into());
        assert_eq!(of(&s), "doi:10.1002/pri.1932");
        assert!(well_formed("doi:10.1002/pri.1932"));
        assert!(!well_formed("doi:x"));
        assert!(!well_formed("smith-2019"));
    }

    #[test]
    fn the_hash_ignores_case_accents_punctuation_and_order_of_fields() {
        let a = study(
            "Building Therapeutic Alliances!",
            Some(2021),
            "Søderstrøm, S",
        );
        let b = study(
            "building therapeutic alliances",
            Some(2021),
            "Soderstrom, Siri",
        );
        assert_eq!(of(&a), of(&b));
        let c = study(
            "building therapeutic alliances",
            Some(2020),
            "Soderstrom, Siri",
        );
        assert_ne!(of(&a), of(&c));
        // The same identity always gives the same key (it is written in files).
        assert_eq!(hash("x"), "2d711642b726b044");
    }
}
