//! The import overlay's state (`i`): a file path being typed, with path
//! completion, then the dry-run preview of the library's import plan and
//! the choice of design and tag for the whole batch.

use std::path::{Path, PathBuf};

use crate::interop::plan::{self, Plan, place};
use crate::interop::{self, suggest};
use crate::model::filter::NOT_CLASSIFIED;
use crate::model::{DesignPath, Review};
use crate::session::Session;
use crate::text::inert_line;

use super::textbuf::TextBuf;

/// The import overlay: first the path, then the preview.
#[derive(Debug)]
pub enum Import {
    /// Typing the path of the file to import.
    Path(PathPrompt),
    /// What the file would add, and the design and tag to give it.
    Preview(Box<Preview>),
}

/// The path box, with what Tab found last.
#[derive(Debug, Default)]
pub struct PathPrompt {
    pub path: TextBuf,
    /// Names that complete what is typed, when Tab found several.
    pub matches: Vec<String>,
    /// Why the last path could not be read (sanitised).
    pub error: Option<String>,
}

/// Which part of the preview typing goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Design,
    Tag,
}

/// How a row of the preview is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Heading,
    New,
    Duplicate,
    Bad,
    Warning,
}

/// The dry run of an import, ready to confirm.
#[derive(Debug)]
pub struct Preview {
    /// The file, as the user typed it (sanitised for display).
    pub file: String,
    pub plan: Plan,
    /// The rows of the list, already made inert.
    pub rows: Vec<(RowKind, String)>,
    /// First row shown.
    pub scroll: usize,
    /// The designs to choose from: `None` is "not classified".
    pub designs: Vec<(Option<DesignPath>, String)>,
    /// Index into `designs`.
    pub design: usize,
    pub tag: TextBuf,
    pub focus: Focus,
}

impl Preview {
    /// The design chosen for the batch (`None`: not classified).
    pub fn chosen_design(&self) -> Option<&DesignPath> {
        self.designs.get(self.design).and_then(|(d, _)| d.as_ref())
    }
}

/// `~` or `~/...` with the home folder put in.
pub fn expand_home(text: &str) -> PathBuf {
    if let Some(home) = dirs::home_dir() {
        if text == "~" {
            return home;
        }
        if let Some(rest) = text.strip_prefix("~/") {
            return home.join(rest);
        }
    }
    PathBuf::from(text)
}

/// What Tab does to a typed path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The new text of the box (unchanged when nothing matched).
    pub text: String,
    /// The names that match, when there is more than one (folders end in
    /// `/`), in order.
    pub matches: Vec<String>,
}

/// Completes the last part of `typed` from the files and folders of its
/// folder: one match is filled in (a folder with its `/`), several are
/// filled in as far as they agree and listed. Hidden files are offered only
/// when the typed part starts with a dot. `~` is the home folder; what the
/// user typed before the last `/` is kept as typed.
pub fn complete(typed: &str) -> Completion {
    let (dir_typed, part) = match typed.rfind('/') {
        Some(i) => typed.split_at(i + 1),
        None => ("", typed),
    };
    let dir = if dir_typed.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(dir_typed)
    };
    let mut names: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                if !name.starts_with(part) || (name.starts_with('.') && !part.starts_with('.')) {
                    return None;
                }
                // A link to a folder completes as a folder.
                let is_dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
                Some(if is_dir { format!("{name}/") } else { name })
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    let unchanged = Completion {
        text: typed.to_string(),
        matches: Vec::new(),
    };
    match names.as_slice() {
        [] => unchanged,
        [one] => Completion {
            text: format!("{dir_typed}{one}"),
            matches: Vec::new(),
        },
        [first, rest @ ..] => {
            let mut common = first.len();
            for n in rest {
                common = first
                    .char_indices()
                    .zip(n.chars())
                    .take_while(|((_, a), b)| a == b)
                    .last()
                    .map_or(0, |((i, a), _)| i + a.len_utf8())
                    .min(common);
            }
            Completion {
                text: format!("{dir_typed}{}", &first[..common]),
                matches: names,
            }
        }
    }
}

/// Reads the file at `typed` and works out the import against the
/// session's studies, writing nothing. The error names the file.
pub fn preview(session: &Session, typed: &str) -> Result<Preview, String> {
    let shown = inert_line(typed.trim()).into_owned();
    if typed.trim().is_empty() {
        return Err(
            "type the path of a reference file (RIS, PubMed, BibTeX, CSL-JSON, EndNote XML, Web of Science, CSV ...)".into(),
        );
    }
    let path = expand_home(typed.trim());
    if path.is_dir() {
        return Err(format!(
            "{shown}: is a folder; choose a file in it (Tab lists them)"
        ));
    }
    let parsed = interop::read_file(&path, None).map_err(|e| e.message(&shown))?;
    let file = Path::new(typed.trim())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| typed.trim().to_string());
    let existing: Vec<_> = session.entries().iter().map(|e| &e.study).collect();
    let plan = plan::plan(&existing, &plan::taken_ids(session), vec![(file, parsed)]);
    let review = session.review();
    let rows = rows(&plan, review);
    let mut designs = vec![(None, NOT_CLASSIFIED.to_string())];
    for p in review.design_paths() {
        let label = review
            .resolve(&p)
            .map(|d| d.node().short_label().to_string())
            .unwrap_or_else(|| p.to_string());
        designs.push((Some(p), inert_line(&label).into_owned()));
    }
    Ok(Preview {
        file: shown,
        plan,
        rows,
        scroll: 0,
        designs,
        design: 0,
        tag: TextBuf::single(""),
        focus: Focus::Design,
    })
}

/// The list: what would be added (with a design the publication type
/// suggests, never applied), the duplicates and the bad records.
fn rows(plan: &Plan, review: &Review) -> Vec<(RowKind, String)> {
    let mut out = Vec::new();
    let n = plan.new.len();
    out.push((
        RowKind::Heading,
        format!("{n} new {}", if n == 1 { "study" } else { "studies" }),
    ));
    for new in &plan.new {
        let s = &new.record.study;
        let year = s.year.map(|y| y.to_string()).unwrap_or_else(|| "-".into());
        let hint = new
            .record
            .kind
            .as_deref()
            .and_then(|k| suggest::design(review, k).map(|p| (k, p)))
            .map(|(_, p)| format!("(suggests {p})  "))
            .unwrap_or_default();
        out.push((
            RowKind::New,
            format!(
                "{}  {}  {year}  {hint}{}",
                s.id,
                inert_line(s.first_author()),
                inert_line(&s.title)
            ),
        ));
    }
    if !plan.duplicates.is_empty() {
        let n = plan.duplicates.len();
        out.push((
            RowKind::Heading,
            format!(
                "{n} {} not added",
                if n == 1 { "duplicate" } else { "duplicates" }
            ),
        ));
        for d in &plan.duplicates {
            out.push((
                RowKind::Duplicate,
                format!(
                    "{}: {} — same {} as {}",
                    inert_line(&place(&d.file, &d.record.origin)),
                    inert_line(&d.record.study.title),
                    d.by,
                    inert_line(&d.of)
                ),
            ));
        }
    }
    if !plan.bad.is_empty() {
        let n = plan.bad.len();
        out.push((
            RowKind::Heading,
            format!(
                "{n} bad {} not read",
                if n == 1 { "record" } else { "records" }
            ),
        ));
        for b in &plan.bad {
            out.push((
                RowKind::Bad,
                format!(
                    "{}: {}",
                    inert_line(&place(&b.file, &b.bad.origin)),
                    inert_line(&b.bad.reason)
                ),
            ));
        }
    }
    if !plan.warnings.is_empty() {
        let n = plan.warnings.len();
        out.push((
            RowKind::Heading,
            format!(
                "{n} {} (read; check these)",
                if n == 1 { "warning" } else { "warnings" }
            ),
        ));
        for w in &plan.warnings {
            out.push((
                RowKind::Warning,
                format!(
                    "{}: {}",
                    inert_line(&place(&w.file, &w.bad.origin)),
                    inert_line(&w.bad.reason)
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_fills_in_one_match_and_lists_several() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("refs-zotero.ris"), "").unwrap();
        std::fs::write(d.join("refs-pubmed.nbib"), "").unwrap();
        std::fs::write(d.join(".hidden.ris"), "").unwrap();
        std::fs::create_dir(d.join("exports")).unwrap();
        let root = format!("{}/", d.display());
        let c = complete(&format!("{root}re"));
        assert_eq!(c.text, format!("{root}refs-"));
        assert_eq!(c.matches, vec!["refs-pubmed.nbib", "refs-zotero.ris"]);
        assert_eq!(
            complete(&format!("{root}refs-z")).text,
            format!("{root}refs-zotero.ris")
        );
        assert_eq!(
            complete(&format!("{root}ex")).text,
            format!("{root}exports/")
        );
        // Hidden files only when a dot is typed.
        let all = complete(&root);
        assert!(!all.matches.iter().any(|m| m.starts_with('.')), "{all:?}");
        assert_eq!(
            complete(&format!("{root}.h")).text,
            format!("{root}.hidden.ris")
        );
        // Nothing matches: the text stays.
        let none = complete(&format!("{root}zzz"));
        assert_eq!(none.text, format!("{root}zzz"));
        assert!(none.matches.is_empty());
    }
}
