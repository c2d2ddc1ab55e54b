//! The review and its studies as plain data.

use std::fmt;

pub mod design;
pub mod filter;
pub mod prisma;

pub use crate::model::design::DesignPath;

/// The on-disk format version this build reads and writes.
pub const FORMAT_VERSION: i64 = 1;

mod citation;
pub use crate::appraisal::{Answer, Appraisal};
pub use citation::CitationStyle;

/// One node of the design taxonomy (two levels: groups and their children).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Design {
    pub key: String,
    /// How the design reads in prose ("qualitative research designs").
    pub label: String,
    /// How one study of the design reads (`label_one`, "narrative
    /// review"); `None` to derive it from `label` ([`Design::label_for`]).
    pub label_one: Option<String>,
    /// Column header / table label; falls back to `label`.
    pub short: Option<String>,
    /// Default appraisal instrument for studies of this design.
    pub instrument: Option<String>,
    pub children: Vec<Design>,
}

impl Design {
    /// The short label, or the label when no short one is given.
    pub fn short_label(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.label)
    }

    /// The label for `count` studies: `label_one` (given or derived from
    /// the label) for one, the label otherwise.
    pub fn label_for(&self, count: usize) -> String {
        if count == 1 {
            self.singular()
        } else {
            self.label.clone()
        }
    }

    /// `label_one`, or the label made singular.
    pub fn singular(&self) -> String {
        self.label_one
            .clone()
            .unwrap_or_else(|| crate::text::grammar::singular_label(&self.label))
    }
}

/// The kind of an extra extraction field declared in `review.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FieldKind {
    #[default]
    Text,
    Integer,
    Number,
    List,
    Choice,
}

impl FieldKind {
    /// Every accepted spelling, for error messages.
    pub const NAMES: [&'static str; 5] = ["text", "integer", "number", "list", "choice"];

    /// Parses a `kind = "..."` value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "text" => Some(Self::Text),
            "integer" => Some(Self::Integer),
            "number" => Some(Self::Number),
            "list" => Some(Self::List),
            "choice" => Some(Self::Choice),
            _ => None,
        }
    }

    /// The spelling used in `review.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::List => "list",
            Self::Choice => "choice",
        }
    }
}

/// An extra extraction field (`[fields.<key>]`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldDef {
    pub key: String,
    pub label: String,
    /// The label for one value (`label_one`); `None` to derive it.
    pub label_one: Option<String>,
    pub kind: FieldKind,
    /// Allowed values of a `choice` field.
    pub choices: Vec<String>,
    /// How the results sentence speaks of a value (`"were conducted in
    /// {value}"`); `None` for the default of its kind.
    pub prose: Option<String>,
    /// For a number field: the lower bounds of the bands it is tallied in
    /// (`bands = [10, 50, 100]`: under 10, 10–49, 50–99, 100 or more),
    /// ascending; empty to tally value by value.
    pub bands: Vec<f64>,
}

impl FieldDef {
    /// `label_one`, or the label made singular, for one value.
    pub fn singular(&self) -> String {
        self.label_one
            .clone()
            .unwrap_or_else(|| crate::text::grammar::singular_label(&self.label))
    }

    /// True for integer and number fields: tallied by range, median and
    /// bands rather than value by value.
    pub fn is_numeric(&self) -> bool {
        matches!(self.kind, FieldKind::Integer | FieldKind::Number)
    }
}

/// The review: `review.toml`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Review {
    pub format: i64,
    /// The instruments appraisals are read with: the built-ins plus the
    /// review's own `instruments/` (set by the loader).
    pub instruments: crate::appraisal::Instruments,
    pub title: String,
    pub description: Option<String>,
    pub citation_style: CitationStyle,
    pub designs: Vec<Design>,
    /// Extra fields in the order `review.toml` declares them.
    pub fields: Vec<FieldDef>,
    /// `[prose]`: how the results sentence speaks of a design, year, tag or
    /// appraisal (`tag = "addressed {value}"`), by that name.
    pub prose: Vec<(String, String)>,
    /// `[prisma]`: the counts of the PRISMA 2020 flow diagram, if given.
    pub prisma: Option<crate::model::prisma::Prisma>,
    /// `[tags] exclude`: tags that are not themes (import batches, "to
    /// check"): kept on the studies and filterable, but not tallied,
    /// mapped or written into sentences. An entry ending in `*` is a
    /// prefix (`"import-*"`).
    pub tags_exclude: Vec<String>,
}

/// A design path resolved against the taxonomy.
#[derive(Debug, Clone, Copy)]
pub struct DesignRef<'a> {
    pub group: &'a Design,
    pub child: Option<&'a Design>,
}

impl<'a> DesignRef<'a> {
    /// The most specific node.
    pub fn node(&self) -> &'a Design {
        self.child.unwrap_or(self.group)
    }

    /// The instrument of the child, else of its group.
    pub fn instrument(&self) -> Option<&'a str> {
        self.child
            .and_then(|c| c.instrument.as_deref())
            .or(self.group.instrument.as_deref())
    }

    /// `group/child` or `group`.
    pub fn path(&self) -> DesignPath {
        // The taxonomy's keys are checked when review.toml is read.
        DesignPath::from_keys(&self.group.key, self.child.map(|c| c.key.as_str()))
    }
}

impl Review {
    /// Resolves `group` or `group/child` (text that is not a design path
    /// resolves to nothing).
    pub fn design(&self, path: &str) -> Option<DesignRef<'_>> {
        // The parts of the path, borrowed: every study read looks its up.
        let (group, child) = DesignPath::parts(path)?;
        self.resolve_parts(group, child)
    }

    /// Resolves a design path against the taxonomy.
    pub fn resolve(&self, path: &DesignPath) -> Option<DesignRef<'_>> {
        self.resolve_parts(path.group(), path.child())
    }

    fn resolve_parts(&self, group: &str, child: Option<&str>) -> Option<DesignRef<'_>> {
        let group = self.designs.iter().find(|d| d.key == group)?;
        let child = match child {
            Some(c) => Some(group.children.iter().find(|d| d.key == c)?),
            None => None,
        };
        Some(DesignRef { group, child })
    }

    /// Every valid design path, in taxonomy order (group, then its children).
    pub fn design_paths(&self) -> Vec<DesignPath> {
        let mut out = Vec::new();
        for g in &self.designs {
            out.extend(DesignPath::group_path(&g.key));
            for c in &g.children {
                out.extend(DesignPath::child_path(&g.key, &c.key));
            }
        }
        out
    }

    /// The valid design paths as one line for messages: "a, a/b, c".
    pub fn design_paths_list(&self) -> String {
        let paths: Vec<String> = self.design_paths().iter().map(|p| p.to_string()).collect();
        paths.join(", ")
    }

    /// The extra field declared under `key`.
    pub fn field(&self, key: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// True for a tag that is a theme: not listed in `[tags] exclude`.
    pub fn is_theme(&self, tag: &str) -> bool {
        !self.tags_exclude.iter().any(|x| match x.strip_suffix('*') {
            Some(prefix) => tag.starts_with(prefix),
            None => x == tag,
        })
    }

    /// The study's tags that are themes, in its order.
    pub fn themes<'a>(&'a self, s: &'a Study) -> impl Iterator<Item = &'a String> + 'a {
        s.tags.iter().filter(|t| self.is_theme(t))
    }
}

/// A value of an extraction field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    Integer(i64),
    Number(f64),
    List(Vec<String>),
}

impl fmt::Display for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(s) => f.write_str(s),
            Self::Integer(i) => write!(f, "{i}"),
            Self::Number(n) => write!(f, "{n}"),
            Self::List(v) => f.write_str(&v.join(", ")),
        }
    }
}

/// One included study (`studies/<id>.toml`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Study {
    pub id: String,
    /// Reference number in the manuscript.
    pub reference: Option<u32>,
    /// Set when the same reference number is deliberately shared with another
    /// study (one publication counted under two designs); a repeated `ref`
    /// without it is an error.
    pub ref_shared: bool,
    pub title: String,
    /// "Family, Given" strings.
    pub authors: Vec<String>,
    pub year: Option<i32>,
    pub journal: Option<String>,
    /// Volume, issue and pages as printed ("12", "3-4", "e1023"); a whole
    /// number in the file reads as its text.
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub pages: Option<String>,
    pub doi: Option<String>,
    /// PubMed id, as text (`pmid = 31234567` reads as "31234567").
    pub pmid: Option<String>,
    pub url: Option<String>,
    /// Design path, `group` or `group/child`.
    pub design: Option<String>,
    /// Themes.
    pub tags: Vec<String>,
    /// The record's own keywords (from the database or the publisher), as
    /// opposed to the review's `tags`.
    pub keywords: Vec<String>,
    pub notes: Option<String>,
    pub r#abstract: Option<String>,
    /// Field key → value, in file order (keys inline: a study holds a
    /// dozen short ones).
    pub extraction: Vec<(crate::text::Word, FieldValue)>,
    pub appraisals: Vec<Appraisal>,
    /// Top-level keys litrev does not know, as JSON, in file order: shown in
    /// `list --format json`, written in a new file, and on an edit added or
    /// replaced where they differ from the file (an edit never removes one).
    pub extra: Vec<(String, serde_json::Value)>,
}

/// The order studies are listed and cited in: by reference number (those
/// without one last), then id.
pub fn citing_order(reference: Option<u32>, id: &str) -> (bool, Option<u32>, &str) {
    (reference.is_none(), reference, id)
}

impl Study {
    /// This study's place in [`citing_order`].
    pub fn order_key(&self) -> (bool, Option<u32>, &str) {
        citing_order(self.reference, &self.id)
    }

    /// The family name of the first author ("Unsgaard-Tøndel").
    pub fn first_author(&self) -> &str {
        self.authors
            .first()
            .map(|a| a.split(',').next().unwrap_or(a).trim())
            .unwrap_or("")
    }

    /// "Author Year", "Author and Other Year" or "Author et al. Year".
    pub fn short_citation(&self) -> String {
        // Written into one string: `litrev appraisal` makes one per row.
        fn fam(a: &str) -> &str {
            a.split(',').next().unwrap_or(a).trim()
        }
        let mut who = String::with_capacity(40);
        match self.authors.as_slice() {
            [] => {}
            [one] => who.push_str(fam(one)),
            [a, b] => {
                who.push_str(fam(a));
                who.push_str(" and ");
                who.push_str(fam(b));
            }
            [first, ..] => {
                who.push_str(fam(first));
                who.push_str(" et al.");
            }
        }
        match (who.is_empty(), self.year) {
            (true, Some(y)) => y.to_string(),
            (true, None) => self.id.clone(),
            (false, Some(y)) => {
                use std::fmt::Write as _;
                let _ = write!(who, " {y}");
                who
            }
            (false, None) => who,
        }
    }

    /// The design path, when the study has a well-formed one (whether the
    /// taxonomy holds it is [`Review::resolve`]'s question).
    pub fn design_path(&self) -> Option<DesignPath> {
        self.design
            .as_deref()
            .and_then(|d| DesignPath::parse(d).ok())
    }

    /// The extraction value of `key`.
    pub fn extraction_value(&self, key: &str) -> Option<&FieldValue> {
        self.extraction
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The appraisal that counts for this study: the consensus one when present,
    /// else the only one; `None` when several reviewers disagree with no consensus
    /// recorded, or none appraised it.
    pub fn deciding_appraisal(&self) -> Option<&Appraisal> {
        if let Some(a) = self.appraisals.iter().find(|a| a.is_consensus()) {
            return Some(a);
        }
        match self.appraisals.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// Checks a study id: `^[a-z0-9][a-z0-9._-]{0,79}$` and no `..`.
pub fn valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= 80
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-'))
        && !b.windows(2).any(|w| w == b"..")
}

/// Names Windows reserves for devices: a file called one of them, with or
/// without an extension (`con.toml`, `nul.2020.toml`), cannot be checked
/// out there.
pub const WINDOWS_RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// True when the file of a study with this id (`<id>.toml`) would have a
/// name Windows reserves: its part before the first `.` is one of
/// [`WINDOWS_RESERVED`], in any case. (Ids are lower case, so two valid ids
/// never differ only by case.)
pub fn reserved_on_windows(id: &str) -> bool {
    let stem = id.split('.').next().unwrap_or(id).trim_end_matches(' ');
    WINDOWS_RESERVED
        .iter()
        .any(|r| r.eq_ignore_ascii_case(stem))
}

/// Why an id typed by hand cannot be used, in words, naming what it
/// refuses: the characters outside `a-z 0-9 . _ -` (an upper-case letter
/// is named with its lower-case form), a bad start, `..`, more than 80
/// characters, a name Windows reserves. `None` for a usable id.
pub fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("a study needs an id".into());
    }
    let mut refused: Vec<char> = Vec::new();
    for c in id.chars() {
        let ok = c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
        if !ok && !refused.contains(&c) {
            refused.push(c);
        }
    }
    if !refused.is_empty() {
        let shown: Vec<String> = refused
            .iter()
            .map(|c| {
                let c = crate::text::inert_line(&c.to_string()).into_owned();
                format!("\"{c}\"")
            })
            .collect();
        let upper = refused.iter().any(|c| c.is_uppercase());
        return Some(format!(
            "{} {} not allowed in an id: use a-z, 0-9, '.', '_' or '-'{}",
            shown.join(", "),
            if refused.len() == 1 { "is" } else { "are" },
            if upper {
                " (lower-case letters only)"
            } else {
                ""
            }
        ));
    }
    if !id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return Some("an id starts with a letter or a digit".into());
    }
    if id.contains("..") {
        return Some("an id may not contain \"..\"".into());
    }
    if id.len() > 80 {
        return Some(format!("an id has at most 80 characters, not {}", id.len()));
    }
    if reserved_on_windows(id) {
        return Some(format!(
            "\"{id}\" is a name Windows reserves ({}): a co-author on Windows could not check out its file; add to it (\"{id}-study\")",
            WINDOWS_RESERVED.join(", ")
        ));
    }
    None
}

/// Proposes an id for a new study from its first author's family name and
/// year ("Søderstrøm", 2021 → `soderstrom-2021`), ASCII-folded and valid;
/// when `taken` says it is in use, tries `…-2021b`, `…-2021c`, … then numbers.
/// It never proposes a name Windows reserves (an author "Con" with no year
/// gives `con-study`).
pub fn propose_id(family: &str, year: Option<i32>, taken: impl Fn(&str) -> bool) -> String {
    let folded = crate::text::fold::fold(family);
    let mut stem = String::new();
    for c in folded.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            stem.push(c);
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let mut stem: String = stem.trim_end_matches('-').chars().take(60).collect();
    stem = stem.trim_end_matches('-').to_string();
    if stem.is_empty() {
        stem.push_str("study");
    }
    if let Some(y) = year {
        stem = format!("{stem}-{y}");
    }
    if reserved_on_windows(&stem) {
        stem.push_str("-study");
    }
    if !taken(&stem) && valid_id(&stem) {
        return stem;
    }
    for suffix in 'b'..='z' {
        let id = format!("{stem}{suffix}");
        if !taken(&id) {
            return id;
        }
    }
    (2..)
        .map(|n| format!("{stem}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(stem)
}

/// Checks a design key: `[a-z0-9-]+`.
pub fn valid_design_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// `valid_id` is `^[a-z0-9][a-z0-9._-]{0,79}$` without `..`.
        #[test]
        fn an_id_is_valid_as_its_rule_says(
            id in proptest::prop_oneof!["[a-z0-9._-]{0,82}", "[a-z0-9._A-Z /é-]{0,82}"],
        ) {
            let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
            let want = id.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                && id.len() <= 80
                && id.chars().all(allowed)
                && !id.contains("..");
            proptest::prop_assert_eq!(valid_id(&id), want, "{:?}", id);
        }
    }

    #[test]
    fn proposed_ids_are_folded_valid_and_unique() {
        let none = |_: &str| false;
        assert_eq!(
            propose_id("Søderstrøm", Some(2021), none),
            "soderstrom-2021"
        );
        assert_eq!(
            propose_id("Ó Súilleabháin", Some(2019), none),
            "o-suilleabhain-2019"
        );
        assert_eq!(propose_id("", None, none), "study");
        assert_eq!(propose_id("李", Some(2020), none), "study-2020");
        let taken = |id: &str| id == "smith-2019" || id == "smith-2019b";
        assert_eq!(propose_id("Smith", Some(2019), taken), "smith-2019c");
        assert!(valid_id(&propose_id(&"x".repeat(200), Some(2020), none)));
    }

    #[test]
    fn proposed_ids_never_take_a_name_windows_reserves() {
        let none = |_: &str| false;
        for family in ["Con", "Nul", "Aux", "Com1", "PRN", "Lpt9"] {
            let id = propose_id(family, None, none);
            assert!(!reserved_on_windows(&id), "{family} → {id}");
            assert!(valid_id(&id), "{id}");
        }
        assert_eq!(propose_id("Con", None, none), "con-study");
        // With a year the name is not reserved.
        assert_eq!(propose_id("Con", Some(2020), none), "con-2020");
        // Taken: the suffixes follow the portable stem.
        assert_eq!(
            propose_id("Nul", None, |id: &str| id == "nul-study"),
            "nul-studyb"
        );
        for id in ["con", "con.2020", "nul.x", "com9", "lpt1.toml"] {
            assert!(reserved_on_windows(id), "{id}");
        }
        for id in ["con-2020", "console", "com10", "lpt", "com", "nul-study"] {
            assert!(!reserved_on_windows(id), "{id}");
        }
    }

    #[test]
    fn an_id_problem_names_what_it_refuses() {
        assert_eq!(id_problem("smith-2020"), None);
        let p = id_problem("Smith-2020").expect("refused");
        assert!(p.contains("\"S\" is not allowed"), "{p}");
        assert!(p.contains("lower-case"), "{p}");
        let p = id_problem("a b/c").expect("refused");
        assert!(p.contains("\" \", \"/\" are not allowed"), "{p}");
        assert!(id_problem("con").expect("reserved").contains("Windows"));
        assert!(id_problem("-x").is_some());
        assert!(id_problem("a..b").is_some());
        assert!(id_problem(&"a".repeat(81)).is_some());
    }
}
