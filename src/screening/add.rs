//! `search add`: a search export kept as downloaded in `searches/`, and
//! recorded in review.toml's `[[searches]]` with its database, date, query,
//! record count and SHA-256 (PRISMA-S asks for each).

use std::path::Path;

use super::config::{self, NewSearch, SEARCHES_DIR};
use super::records::sha256_hex;
use crate::interop::{self, Bad, Format};
use crate::store::REVIEW_FILE;
use crate::text::inert_line;

/// What to record about a search.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub database: &'a str,
    pub date: &'a str,
    pub query: Option<String>,
    pub register: bool,
}

/// A search added.
#[derive(Debug, Clone)]
pub struct Added {
    /// Its path inside the review (`searches/medline.ris`).
    pub file: String,
    pub format: Format,
    /// Records read (what review.toml records as `count`).
    pub count: usize,
    /// Records that could not be read, with where and why.
    pub bad: Vec<Bad>,
    /// False when the file was already in `searches/` (not copied).
    pub copied: bool,
}

/// Adds the export at `src` to the review at `root`.
pub fn add(root: &Path, src: &Path, req: &Request) -> Result<Added, String> {
    let shown = inert_line(&src.display().to_string()).into_owned();
    let database = req.database.trim();
    if database.is_empty() || database.chars().any(char::is_control) {
        return Err(
            "--database must name the database or register searched (e.g. \"MEDLINE (Ovid)\")"
                .into(),
        );
    }
    if !config::valid_date(req.date) {
        return Err(format!(
            "--date must be the day the search was run as YYYY-MM-DD, found \"{}\"",
            inert_line(req.date)
        ));
    }
    let bytes = std::fs::read(src).map_err(|e| format!("{shown}: {e}"))?;
    let text = interop::decode(&bytes);
    let format = interop::detect(&text).ok_or_else(|| {
        format!(
            "{shown}:1:1: not a reference file litrev reads ({}; a CSV needs a Title column): nothing was added",
            interop::Format::labels()
        )
    })?;
    let parsed = interop::read(&text, format);
    if parsed.records.is_empty() {
        let why = parsed
            .bad
            .first()
            .map(|b| format!("{shown}:{}: {}", b.origin, inert_line(&b.reason)))
            .unwrap_or_else(|| format!("{shown}: no records in it"));
        return Err(format!("{why}; nothing was added"));
    }
    let sha = sha256_hex(&bytes);
    let review_toml = root.join(REVIEW_FILE);
    let src_toml = std::fs::read_to_string(&review_toml)
        .map_err(|e| format!("{}: {e}", inert_line(&review_toml.display().to_string())))?;
    let existing = config::parse(&review_toml, &src_toml);
    if let Some(s) = existing
        .searches
        .iter()
        .find(|s| s.sha256.as_deref() == Some(sha.as_str()))
    {
        return Err(format!(
            "{shown} was added already: {} ({}, {}) holds the same bytes; nothing was added",
            inert_line(&s.file),
            inert_line(&s.database),
            inert_line(&s.date)
        ));
    }
    let name = src
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.chars().any(char::is_control) && !n.starts_with('.'))
        .ok_or_else(|| format!("{shown}: the export needs a plain file name to be kept under"))?;
    if crate::model::reserved_on_windows(name) {
        return Err(format!(
            "{shown}: \"{}\" is a file name Windows reserves, so a co-author on Windows could not check it out: rename the export and add it again",
            inert_line(name)
        ));
    }
    let file = format!("{SEARCHES_DIR}/{name}");
    if let Some(s) = existing
        .searches
        .iter()
        .find(|s| s.file != file && s.file.eq_ignore_ascii_case(&file))
    {
        return Err(format!(
            "{} differs from the search {} only by case, so the two cannot both be checked out on Windows or macOS: rename the new export and add it again",
            inert_line(&file),
            inert_line(&s.file)
        ));
    }
    if existing.searches.iter().any(|s| s.file == file) {
        return Err(format!(
            "{} is already a search of this review, with other bytes: rename the new export (e.g. add its date) and add it again",
            inert_line(&file)
        ));
    }
    let dest = root.join(&file);
    let same_place = match (dest.canonicalize(), src.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let copied = if same_place {
        false
    } else {
        match std::fs::read(&dest) {
            Ok(there) if there == bytes => false,
            Ok(_) => {
                return Err(format!(
                    "{} already exists and holds another file: rename the export and add it again",
                    inert_line(&file)
                ));
            }
            Err(_) => {
                std::fs::create_dir_all(root.join(SEARCHES_DIR))
                    .map_err(|e| format!("{SEARCHES_DIR}/: {e}"))?;
                crate::store::write_atomic(&dest, &bytes)
                    .map_err(|e| format!("{}: {e}", inert_line(&file)))?;
                true
            }
        }
    };
    let new = NewSearch {
        file: file.clone(),
        database: database.to_string(),
        date: req.date.to_string(),
        query: req.query.clone(),
        count: parsed.records.len() as u64,
        sha256: sha,
        register: req.register,
    };
    let result = config::with_search(&src_toml, &new).and_then(|out| {
        // review.toml is written only over the text it was read as.
        let now = std::fs::read_to_string(&review_toml).map_err(|e| e.to_string())?;
        if now != src_toml {
            return Err("review.toml changed while the search was added: nothing was added; run the command again".into());
        }
        crate::store::write_atomic(&review_toml, out.as_bytes())
            .map_err(|e| format!("review.toml: {e}"))
    });
    if let Err(e) = result {
        if copied {
            let _ = std::fs::remove_file(&dest);
        }
        return Err(e);
    }
    Ok(Added {
        file,
        format,
        count: parsed.records.len(),
        bad: parsed.bad,
        copied,
    })
}
