//! The PRISMA 2020 flow of a review: the `[prisma]` table of `review.toml`,
//! its arithmetic checked, as text, Markdown, JSON and the flow diagram.
//!
//! Every count keeps where it was written (line and column), so a number
//! that does not add up is reported at the key that holds it.

use std::fmt::Write as _;
use std::path::Path;

use toml_edit::{Item, Value};

use super::located::{Reader, TableLike, describe};
use super::problem::{Problem, Severity};
use crate::text::inert_line;

/// One count of the flow and where `review.toml` holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub n: u64,
    /// 1-based line and column of the value.
    pub line: usize,
    pub col: usize,
}

/// A named count: a database, a register, another source, a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub name: String,
    pub count: Count,
}

/// The column of studies identified via other methods (websites,
/// organisations, citation searching): `[prisma.other_methods]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OtherMethods {
    pub sources: Vec<Named>,
    pub reports_sought: Option<Count>,
    pub reports_not_retrieved: Option<Count>,
    pub reports_assessed: Option<Count>,
    pub reports_excluded: Vec<Named>,
}

/// The studies of the previous version of an updated review:
/// `[prisma.previous]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Previous {
    pub studies: Option<Count>,
    pub reports: Option<Count>,
}

/// The `[prisma]` table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prisma {
    /// Where `[prisma]` starts (for problems about a missing key).
    pub line: usize,
    pub col: usize,
    pub databases: Vec<Named>,
    pub registers: Vec<Named>,
    pub duplicates_removed: Option<Count>,
    pub automation_removed: Option<Count>,
    pub other_removed: Option<Count>,
    pub records_screened: Option<Count>,
    pub records_excluded: Option<Count>,
    pub reports_sought: Option<Count>,
    pub reports_not_retrieved: Option<Count>,
    pub reports_assessed: Option<Count>,
    pub reports_excluded: Vec<Named>,
    pub studies_included: Option<Count>,
    pub reports_included: Option<Count>,
    pub other_methods: Option<OtherMethods>,
    /// For an updated review: with it, `studies_included` and
    /// `reports_included` count the new studies, and the totals add these.
    pub previous: Option<Previous>,
}

/// The keys of `[prisma]`.
pub const KEYS: [&str; 16] = [
    "databases",
    "registers",
    "duplicates_removed",
    "automation_removed",
    "other_removed",
    "records_screened",
    "records_excluded",
    "reports_sought",
    "reports_not_retrieved",
    "reports_assessed",
    "reports_excluded",
    "studies_included",
    "reports_included",
    "other_methods",
    "previous",
    // Read as a comment by people; accepted so a table can say where its
    // numbers come from.
    "note",
];

/// The keys of `[prisma.other_methods]`.
pub const OTHER_KEYS: [&str; 5] = [
    "sources",
    "reports_sought",
    "reports_not_retrieved",
    "reports_assessed",
    "reports_excluded",
];

/// Keys a complete flow needs; without one its box reads "n = ?".
const REQUIRED: [&str; 9] = [
    "duplicates_removed",
    "records_screened",
    "records_excluded",
    "reports_sought",
    "reports_not_retrieved",
    "reports_assessed",
    "reports_excluded",
    "studies_included",
    "reports_included",
];

fn table_like(item: &Item) -> Option<TableLike<'_>> {
    match item {
        Item::Table(t) => Some(TableLike::Table(t)),
        Item::Value(Value::InlineTable(t)) => Some(TableLike::Inline(t)),
        _ => None,
    }
}

fn count(ctx: &mut Reader, item: &Item, what: &str) -> Option<Count> {
    let (line, col) = ctx.position(item.span());
    match item.as_integer() {
        Some(n) if n >= 0 => Some(Count {
            n: n as u64,
            line,
            col,
        }),
        Some(n) => {
            ctx.at(
                item.span(),
                format!("{what} must be a number of records, 0 or more, found {n}"),
            );
            None
        }
        None => {
            ctx.at(
                item.span(),
                format!(
                    "{what} must be a whole number (of records), found {}",
                    describe(item)
                ),
            );
            None
        }
    }
}

/// A table of name = count, in file order.
fn named(ctx: &mut Reader, item: &Item, what: &str) -> Vec<Named> {
    let Some(t) = table_like(item) else {
        ctx.at(
            item.span(),
            format!(
                "{what} must be a table of name = count (e.g. {what} = {{ MEDLINE = 412 }}), found {}",
                describe(item)
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, v, _) in t.entries() {
        if name.trim().is_empty() {
            ctx.at(v.span(), format!("{what} has an entry without a name"));
            continue;
        }
        if let Some(c) = count(ctx, &v, &format!("{what}.\"{}\"", inert_line(name))) {
            out.push(Named {
                name: name.to_string(),
                count: c,
            });
        }
    }
    out
}

/// Where `key` itself is written in `t` (else where its value is).
fn key_span(
    t: &TableLike,
    key: &str,
    value: Option<std::ops::Range<usize>>,
) -> Option<std::ops::Range<usize>> {
    let k = match t {
        TableLike::Table(t) => t.key(key).and_then(|k| k.span()),
        TableLike::Inline(t) => t.key(key).and_then(|k| k.span()),
    };
    k.or(value)
}

/// Reads `[prisma]`, reporting wrong types and unknown keys (as errors
/// that leave the rest of the review usable).
pub fn parse(ctx: &mut Reader, item: &Item) -> Option<Prisma> {
    let Some(t) = table_like(item) else {
        ctx.at(
            item.span(),
            format!(
                "prisma must be a table ([prisma]), found {}",
                describe(item)
            ),
        );
        return None;
    };
    let (line, col) = ctx.position(item.span());
    let mut p = Prisma {
        line,
        col,
        ..Prisma::default()
    };
    for (key, v, span) in t.entries() {
        let what = format!("prisma.{key}");
        match key {
            "databases" => p.databases = named(ctx, &v, &what),
            "registers" => p.registers = named(ctx, &v, &what),
            "reports_excluded" => p.reports_excluded = named(ctx, &v, &what),
            "duplicates_removed" => p.duplicates_removed = count(ctx, &v, &what),
            "automation_removed" => p.automation_removed = count(ctx, &v, &what),
            "other_removed" => p.other_removed = count(ctx, &v, &what),
            "records_screened" => p.records_screened = count(ctx, &v, &what),
            "records_excluded" => p.records_excluded = count(ctx, &v, &what),
            "reports_sought" => p.reports_sought = count(ctx, &v, &what),
            "reports_not_retrieved" => p.reports_not_retrieved = count(ctx, &v, &what),
            "reports_assessed" => p.reports_assessed = count(ctx, &v, &what),
            "studies_included" => p.studies_included = count(ctx, &v, &what),
            "reports_included" => p.reports_included = count(ctx, &v, &what),
            "other_methods" => p.other_methods = other_methods(ctx, &v),
            "previous" => p.previous = previous(ctx, &v),
            "note" => {
                if v.as_str().is_none() {
                    ctx.at(
                        span,
                        format!("prisma.note must be a string, found {}", describe(&v)),
                    );
                }
            }
            other => ctx.at(
                key_span(&t, other, span),
                format!(
                    "prisma.{} is not a PRISMA count: expected one of {}",
                    inert_line(other),
                    KEYS.join(", ")
                ),
            ),
        }
    }
    Some(p)
}

fn previous(ctx: &mut Reader, item: &Item) -> Option<Previous> {
    let Some(t) = table_like(item) else {
        ctx.at(
            item.span(),
            format!(
                "prisma.previous must be a table ([prisma.previous]), found {}",
                describe(item)
            ),
        );
        return None;
    };
    let mut p = Previous::default();
    for (key, v, span) in t.entries() {
        let what = format!("prisma.previous.{key}");
        match key {
            "studies" => p.studies = count(ctx, &v, &what),
            "reports" => p.reports = count(ctx, &v, &what),
            other => ctx.at(
                key_span(&t, other, span),
                format!(
                    "prisma.previous.{} is not a PRISMA count: expected studies or reports",
                    inert_line(other)
                ),
            ),
        }
    }
    Some(p)
}

fn other_methods(ctx: &mut Reader, item: &Item) -> Option<OtherMethods> {
    let Some(t) = table_like(item) else {
        ctx.at(
            item.span(),
            format!(
                "prisma.other_methods must be a table ([prisma.other_methods]), found {}",
                describe(item)
            ),
        );
        return None;
    };
    let mut o = OtherMethods::default();
    for (key, v, span) in t.entries() {
        let what = format!("prisma.other_methods.{key}");
        match key {
            "sources" => o.sources = named(ctx, &v, &what),
            "reports_excluded" => o.reports_excluded = named(ctx, &v, &what),
            "reports_sought" => o.reports_sought = count(ctx, &v, &what),
            "reports_not_retrieved" => o.reports_not_retrieved = count(ctx, &v, &what),
            "reports_assessed" => o.reports_assessed = count(ctx, &v, &what),
            other => ctx.at(
                key_span(&t, other, span),
                format!(
                    "prisma.other_methods.{} is not a PRISMA count: expected one of {}",
                    inert_line(other),
                    OTHER_KEYS.join(", ")
                ),
            ),
        }
    }
    Some(o)
}

fn sum(v: &[Named]) -> u64 {
    v.iter().map(|n| n.count.n).sum()
}

fn num(c: &Option<Count>) -> Option<u64> {
    c.as_ref().map(|c| c.n)
}

/// One place where the flow's numbers do not add up (or a count is
/// missing), at the key that holds the number.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl Prisma {
    /// Records identified from databases and registers.
    pub fn identified(&self) -> u64 {
        sum(&self.databases) + sum(&self.registers)
    }

    /// Records removed before screening.
    pub fn removed(&self) -> u64 {
        [
            &self.duplicates_removed,
            &self.automation_removed,
            &self.other_removed,
        ]
        .iter()
        .filter_map(|c| num(c))
        .sum()
    }

    /// Reports excluded, all reasons.
    pub fn excluded(&self) -> u64 {
        sum(&self.reports_excluded)
    }

    fn has(&self, key: &str) -> bool {
        match key {
            "duplicates_removed" => self.duplicates_removed.is_some(),
            "records_screened" => self.records_screened.is_some(),
            "records_excluded" => self.records_excluded.is_some(),
            "reports_sought" => self.reports_sought.is_some(),
            "reports_not_retrieved" => self.reports_not_retrieved.is_some(),
            "reports_assessed" => self.reports_assessed.is_some(),
            "reports_excluded" => !self.reports_excluded.is_empty(),
            "studies_included" => self.studies_included.is_some(),
            "reports_included" => self.reports_included.is_some(),
            _ => true,
        }
    }

    /// Where the flow does not add up, and the counts it lacks.
    /// `study_files`: the number of study files in the folder, which
    /// "studies included" should equal.
    pub fn issues(&self, study_files: Option<usize>) -> Vec<Issue> {
        let mut out = Vec::new();
        // Problems about the table as a whole are reported at `[prisma]`.
        let top = Count {
            n: 0,
            line: self.line,
            col: self.col,
        };
        let mut at = |c: &Count, message: String| {
            out.push(Issue {
                line: c.line,
                col: c.col,
                message,
            })
        };
        if self.databases.is_empty() && self.registers.is_empty() {
            at(
                &top,
                "prisma names no databases or registers: add e.g. `databases = { MEDLINE = 412 }`"
                    .into(),
            );
        }
        for key in REQUIRED {
            if !self.has(key) {
                let what = if key == "reports_excluded" {
                    "the reports excluded with their reasons ([prisma.reports_excluded], reason = count; write `{}` for none)"
                } else {
                    key
                };
                at(
                    &top,
                    format!("prisma lacks {what}: the flow diagram shows it as n = ?"),
                );
            }
        }
        // Identification: identified − removed = screened.
        if let Some(s) = &self.records_screened
            && (!self.databases.is_empty() || !self.registers.is_empty())
            && self.duplicates_removed.is_some()
        {
            let (id, rm) = (self.identified(), self.removed());
            if id.checked_sub(rm) != Some(s.n) {
                at(
                    s,
                    format!(
                        "prisma.records_screened is {}, but the {id} records identified less the {rm} removed before screening leave {}",
                        s.n,
                        signed(id, rm)
                    ),
                );
            }
        }
        // Screening: screened − excluded = sought.
        if let (Some(s), Some(e), Some(sought)) = (
            &self.records_screened,
            &self.records_excluded,
            &self.reports_sought,
        ) && s.n.checked_sub(e.n) != Some(sought.n)
        {
            at(
                sought,
                format!(
                    "prisma.reports_sought is {}, but the {} records screened less the {} excluded leave {}",
                    sought.n,
                    s.n,
                    e.n,
                    signed(s.n, e.n)
                ),
            );
        }
        // sought − not retrieved = assessed.
        if let (Some(sought), Some(nr), Some(a)) = (
            &self.reports_sought,
            &self.reports_not_retrieved,
            &self.reports_assessed,
        ) && sought.n.checked_sub(nr.n) != Some(a.n)
        {
            at(
                a,
                format!(
                    "prisma.reports_assessed is {}, but the {} reports sought less the {} not retrieved leave {}",
                    a.n,
                    sought.n,
                    nr.n,
                    signed(sought.n, nr.n)
                ),
            );
        }
        let mut included_reports: Option<(u64, String)> = None;
        if let Some(a) = &self.reports_assessed
            && self.has("reports_excluded")
        {
            let ex = self.excluded();
            included_reports = a.n.checked_sub(ex).map(|n| {
                (
                    n,
                    format!("the {} reports assessed less the {ex} excluded", a.n),
                )
            });
            if a.n < ex {
                at(
                    a,
                    format!(
                        "prisma.reports_assessed is {}, fewer than the {ex} reports excluded after assessment",
                        a.n
                    ),
                );
            }
        }
        if let Some(o) = &self.other_methods {
            let found = sum(&o.sources);
            if let Some(sought) = &o.reports_sought
                && sought.n > found
            {
                at(
                    sought,
                    format!(
                        "prisma.other_methods.reports_sought is {}, more than the {found} records identified via other methods",
                        sought.n
                    ),
                );
            }
            if let (Some(sought), Some(nr), Some(a)) = (
                &o.reports_sought,
                &o.reports_not_retrieved,
                &o.reports_assessed,
            ) && sought.n.checked_sub(nr.n) != Some(a.n)
            {
                at(
                    a,
                    format!(
                        "prisma.other_methods.reports_assessed is {}, but the {} reports sought less the {} not retrieved leave {}",
                        a.n,
                        sought.n,
                        nr.n,
                        signed(sought.n, nr.n)
                    ),
                );
            }
            match &o.reports_assessed {
                Some(a) => {
                    let ex = sum(&o.reports_excluded);
                    if a.n < ex {
                        at(
                            a,
                            format!(
                                "prisma.other_methods.reports_assessed is {}, fewer than the {ex} reports excluded after assessment",
                                a.n
                            ),
                        );
                    }
                    included_reports = match (included_reports, a.n.checked_sub(ex)) {
                        (Some((n, why)), Some(m)) => Some((
                            n + m,
                            format!(
                                "{why}, plus the {} assessed via other methods less the {ex} excluded,",
                                a.n
                            ),
                        )),
                        _ => None,
                    };
                }
                None => {
                    included_reports = None;
                    at(
                        &top,
                        "prisma.other_methods lacks reports_assessed: the flow diagram shows it as n = ?".into());
                }
            }
        }
        // Eligibility: assessed − excluded = reports of included studies.
        if let (Some(r), Some((n, why))) = (&self.reports_included, included_reports)
            && r.n != n
        {
            at(
                r,
                format!("prisma.reports_included is {}, but {why} leave {n}", r.n),
            );
        }
        if let (Some(s), Some(r)) = (&self.studies_included, &self.reports_included)
            && s.n > r.n
        {
            at(
                s,
                format!(
                    "prisma.studies_included is {}, more than the {} reports of included studies (every study has at least one report)",
                    s.n, r.n
                ),
            );
        }
        let previous = self.previous.as_ref();
        if let Some(p) = previous {
            if p.studies.is_none() || p.reports.is_none() {
                at(
                    &top,
                    "prisma.previous needs both studies and reports (of the previous version of the review)".into(),
                );
            }
            if let (Some(s), Some(r)) = (&p.studies, &p.reports)
                && s.n > r.n
            {
                at(
                    s,
                    format!(
                        "prisma.previous.studies is {}, more than the {} reports of those studies",
                        s.n, r.n
                    ),
                );
            }
        }
        if let (Some(s), Some(files)) = (&self.studies_included, study_files) {
            let earlier = previous.and_then(|p| num(&p.studies)).unwrap_or(0);
            if s.n + earlier != files as u64 {
                let what = if previous.is_some() {
                    format!(
                        "prisma.studies_included is {} (new) and prisma.previous.studies {earlier}, {} in all",
                        s.n,
                        s.n + earlier
                    )
                } else {
                    format!("prisma.studies_included is {}", s.n)
                };
                at(
                    s,
                    format!(
                        "{what}, but the studies folder holds {files} study {}",
                        if files == 1 { "file" } else { "files" }
                    ),
                );
            }
        }
        out
    }

    /// [`Prisma::issues`] as warnings located in `review_toml`.
    pub fn problems(&self, review_toml: &Path, study_files: Option<usize>) -> Vec<Problem> {
        self.issues(study_files)
            .into_iter()
            .map(|i| Problem {
                path: review_toml.to_path_buf(),
                line: i.line,
                col: i.col,
                message: inert_line(&i.message).into_owned(),
                severity: Severity::Warning,
            })
            .collect()
    }
}

/// `a − b` as a signed number ("-3" when b is larger).
fn signed(a: u64, b: u64) -> String {
    if a >= b {
        (a - b).to_string()
    } else {
        format!("-{}", b - a)
    }
}

/// "n = 12", or "n = ?" for a count not given.
pub fn n(c: &Option<Count>) -> String {
    match c {
        Some(c) => format!("n = {}", c.n),
        None => "n = ?".into(),
    }
}

/// The boxes of the diagram, by the template's names. Names (databases,
/// reasons) are the user's text; callers escape them for their format.
#[derive(Debug, Clone, PartialEq)]
pub struct Boxes {
    pub identified: Vec<String>,
    pub removed: Vec<String>,
    pub screened: String,
    pub records_excluded: String,
    pub sought: String,
    pub not_retrieved: String,
    pub assessed: String,
    pub reports_excluded: Vec<String>,
    pub included: Vec<String>,
    /// The other-methods column, when given.
    pub other: Option<OtherBoxes>,
    /// For an updated review: the previous version's studies, and the
    /// totals (new and previous).
    pub previous: Option<Vec<String>>,
    pub total: Option<Vec<String>>,
}

/// The boxes of the other-methods column.
#[derive(Debug, Clone, PartialEq)]
pub struct OtherBoxes {
    pub identified: Vec<String>,
    pub sought: String,
    pub not_retrieved: String,
    pub assessed: String,
    pub reports_excluded: Vec<String>,
}

fn listed(v: &[Named]) -> Vec<String> {
    v.iter()
        .map(|x| format!("{} (n = {})", x.name, x.count.n))
        .collect()
}

impl Prisma {
    /// The text of every box, in the PRISMA 2020 template's words.
    pub fn boxes(&self) -> Boxes {
        let mut identified = vec!["Records identified from:".to_string()];
        identified.push(format!("Databases (n = {})", sum(&self.databases)));
        identified.extend(
            listed(&self.databases)
                .into_iter()
                .map(|l| format!("  {l}")),
        );
        identified.push(format!("Registers (n = {})", sum(&self.registers)));
        identified.extend(
            listed(&self.registers)
                .into_iter()
                .map(|l| format!("  {l}")),
        );
        let removed = vec![
            "Records removed before screening:".to_string(),
            format!(
                "Duplicate records removed ({})",
                n(&self.duplicates_removed)
            ),
            format!(
                "Records marked as ineligible by automation tools ({})",
                n(&self.automation_removed).replace('?', "0")
            ),
            format!(
                "Records removed for other reasons ({})",
                n(&self.other_removed).replace('?', "0")
            ),
        ];
        let mut reports_excluded = vec![if self.reports_excluded.is_empty() {
            "Reports excluded (n = 0)".to_string()
        } else {
            format!("Reports excluded (n = {}):", self.excluded())
        }];
        reports_excluded.extend(
            listed(&self.reports_excluded)
                .into_iter()
                .map(|l| format!("  {l}")),
        );
        let other = self.other_methods.as_ref().map(|o| {
            let mut identified = vec![format!(
                "Records identified from (n = {}):",
                sum(&o.sources)
            )];
            identified.extend(listed(&o.sources).into_iter().map(|l| format!("  {l}")));
            let mut reports_excluded = vec![if o.reports_excluded.is_empty() {
                "Reports excluded (n = 0)".to_string()
            } else {
                format!("Reports excluded (n = {}):", sum(&o.reports_excluded))
            }];
            reports_excluded.extend(
                listed(&o.reports_excluded)
                    .into_iter()
                    .map(|l| format!("  {l}")),
            );
            OtherBoxes {
                identified,
                sought: format!("Reports sought for retrieval ({})", n(&o.reports_sought)),
                not_retrieved: format!("Reports not retrieved ({})", n(&o.reports_not_retrieved)),
                assessed: format!(
                    "Reports assessed for eligibility ({})",
                    n(&o.reports_assessed)
                ),
                reports_excluded,
            }
        });
        Boxes {
            identified,
            removed,
            screened: format!("Records screened ({})", n(&self.records_screened)),
            records_excluded: format!("Records excluded ({})", n(&self.records_excluded)),
            sought: format!("Reports sought for retrieval ({})", n(&self.reports_sought)),
            not_retrieved: format!("Reports not retrieved ({})", n(&self.reports_not_retrieved)),
            assessed: format!(
                "Reports assessed for eligibility ({})",
                n(&self.reports_assessed)
            ),
            reports_excluded,
            included: match &self.previous {
                None => vec![
                    format!("Studies included in review ({})", n(&self.studies_included)),
                    format!(
                        "Reports of included studies ({})",
                        n(&self.reports_included)
                    ),
                ],
                Some(_) => vec![
                    format!(
                        "New studies included in review ({})",
                        n(&self.studies_included)
                    ),
                    format!(
                        "Reports of new included studies ({})",
                        n(&self.reports_included)
                    ),
                ],
            },
            other,
            previous: self.previous.as_ref().map(|p| {
                vec![
                    format!(
                        "Studies included in previous version of review ({})",
                        n(&p.studies)
                    ),
                    format!(
                        "Reports of studies included in previous version of review ({})",
                        n(&p.reports)
                    ),
                ]
            }),
            total: self.previous.as_ref().map(|p| {
                let add = |a: &Option<Count>, b: &Option<Count>| match (a, b) {
                    (Some(a), Some(b)) => format!("n = {}", a.n + b.n),
                    _ => "n = ?".into(),
                };
                vec![
                    format!(
                        "Total studies included in review ({})",
                        add(&self.studies_included, &p.studies)
                    ),
                    format!(
                        "Reports of total included studies ({})",
                        add(&self.reports_included, &p.reports)
                    ),
                ]
            }),
        }
    }

    /// The flow as plain text, band by band; `title` is the review's.
    pub fn text(&self, title: &str) -> String {
        let b = self.boxes();
        let mut s = String::new();
        let _ = writeln!(s, "PRISMA 2020 flow diagram: {}", inert_line(title));
        let band = |s: &mut String, name: &str| {
            let _ = writeln!(s, "\n{name}");
        };
        // A box's heading line, its entries indented below it.
        let lines = |s: &mut String, v: &[String]| {
            let indent = |l: &String| l.len() - l.trim_start().len();
            let least = v.iter().skip(1).map(indent).min().unwrap_or(0);
            for (i, l) in v.iter().enumerate() {
                let lead = if i == 0 { 2 } else { 4 + indent(l) - least };
                let _ = writeln!(s, "{:lead$}{}", "", inert_line(l.trim_start()));
            }
        };
        let beside = |s: &mut String, left: &str, right: &str| {
            let _ = writeln!(s, "  {}  ->  {}", inert_line(left), inert_line(right));
        };
        if let Some(prev) = &b.previous {
            let _ = writeln!(s, "\nPrevious studies");
            for l in prev {
                let _ = writeln!(s, "  {}", inert_line(l));
            }
        }
        // "New" studies only beside those of a previous version.
        let new = if b.previous.is_some() { "new " } else { "" };
        if b.other.is_some() || b.previous.is_some() {
            let _ = writeln!(
                s,
                "\nIdentification of {new}studies via databases and registers"
            );
        }
        band(&mut s, "Identification");
        lines(&mut s, &b.identified);
        lines(&mut s, &b.removed);
        band(&mut s, "Screening");
        beside(&mut s, &b.screened, &b.records_excluded);
        beside(&mut s, &b.sought, &b.not_retrieved);
        let (first, rest) = b
            .reports_excluded
            .split_first()
            .map_or(("", &[][..]), |(f, r)| (f.as_str(), r));
        beside(&mut s, &b.assessed, first);
        for l in rest {
            let _ = writeln!(
                s,
                "  {:w$}      {}",
                "",
                inert_line(l),
                w = b.assessed.len()
            );
        }
        if let Some(o) = &b.other {
            let _ = writeln!(s, "\nIdentification of {new}studies via other methods");
            band(&mut s, "Identification");
            lines(&mut s, &o.identified);
            band(&mut s, "Screening");
            beside(&mut s, &o.sought, &o.not_retrieved);
            let (first, rest) = o
                .reports_excluded
                .split_first()
                .map_or(("", &[][..]), |(f, r)| (f.as_str(), r));
            beside(&mut s, &o.assessed, first);
            for l in rest {
                let _ = writeln!(
                    s,
                    "  {:w$}      {}",
                    "",
                    inert_line(l),
                    w = o.assessed.len()
                );
            }
        }
        band(&mut s, "Included");
        for l in b.included.iter().chain(b.total.iter().flatten()) {
            let _ = writeln!(s, "  {}", inert_line(l));
        }
        s
    }

    /// The flow as Markdown: a section per band, a list item per box (the
    /// entries of a box nested under its first line).
    pub fn markdown(&self, title: &str) -> String {
        use super::render::markdown_cell;
        let b = self.boxes();
        let mut s = String::new();
        let _ = writeln!(s, "## PRISMA 2020 flow: {}", markdown_cell(title));
        let indent = |l: &String| l.len() - l.trim_start().len();
        let boxed = |s: &mut String, v: &[String]| {
            let least = v.iter().skip(1).map(indent).min().unwrap_or(0);
            for (i, l) in v.iter().enumerate() {
                let depth = if i == 0 {
                    0
                } else {
                    1 + (indent(l) - least) / 2
                };
                let _ = writeln!(
                    s,
                    "{}- {}",
                    "  ".repeat(depth),
                    markdown_cell(l.trim_start())
                );
            }
        };
        let single = |s: &mut String, l: &str| {
            let _ = writeln!(s, "- {}", markdown_cell(l));
        };
        let heading = |s: &mut String, h: &str| {
            let _ = writeln!(s, "\n### {h}\n");
        };
        let via = if b.other.is_some() {
            " (databases and registers)"
        } else {
            ""
        };
        if let Some(prev) = &b.previous {
            heading(&mut s, "Previous studies");
            for l in prev {
                single(&mut s, l);
            }
        }
        heading(&mut s, &format!("Identification{via}"));
        boxed(&mut s, &b.identified);
        boxed(&mut s, &b.removed);
        heading(&mut s, &format!("Screening{via}"));
        for l in [
            &b.screened,
            &b.records_excluded,
            &b.sought,
            &b.not_retrieved,
            &b.assessed,
        ] {
            single(&mut s, l);
        }
        boxed(&mut s, &b.reports_excluded);
        if let Some(o) = &b.other {
            heading(&mut s, "Identification (other methods)");
            boxed(&mut s, &o.identified);
            heading(&mut s, "Screening (other methods)");
            for l in [&o.sought, &o.not_retrieved, &o.assessed] {
                single(&mut s, l);
            }
            boxed(&mut s, &o.reports_excluded);
        }
        heading(&mut s, "Included");
        for l in b.included.iter().chain(b.total.iter().flatten()) {
            single(&mut s, l);
        }
        s
    }

    /// The flow as JSON: every count, the problems found, `consistent`.
    pub fn json(&self, study_files: Option<usize>) -> serde_json::Value {
        use serde_json::json;
        let c = |c: &Option<Count>| c.as_ref().map(|c| c.n);
        let list = |v: &[Named]| -> Vec<serde_json::Value> {
            v.iter()
                .map(|x| json!({"name": x.name, "n": x.count.n}))
                .collect()
        };
        let issues = self.issues(study_files);
        json!({
            "databases": list(&self.databases),
            "registers": list(&self.registers),
            "records_identified": self.identified(),
            "duplicates_removed": c(&self.duplicates_removed),
            "automation_removed": c(&self.automation_removed),
            "other_removed": c(&self.other_removed),
            "records_screened": c(&self.records_screened),
            "records_excluded": c(&self.records_excluded),
            "reports_sought": c(&self.reports_sought),
            "reports_not_retrieved": c(&self.reports_not_retrieved),
            "reports_assessed": c(&self.reports_assessed),
            "reports_excluded": list(&self.reports_excluded),
            "other_methods": self.other_methods.as_ref().map(|o| json!({
                "sources": list(&o.sources),
                "reports_sought": c(&o.reports_sought),
                "reports_not_retrieved": c(&o.reports_not_retrieved),
                "reports_assessed": c(&o.reports_assessed),
                "reports_excluded": list(&o.reports_excluded),
            })),
            "previous": self.previous.as_ref().map(|p| json!({
                "studies": c(&p.studies),
                "reports": c(&p.reports),
            })),
            "studies_included": c(&self.studies_included),
            "reports_included": c(&self.reports_included),
            "consistent": issues.is_empty(),
            "problems": issues,
        })
    }
}
