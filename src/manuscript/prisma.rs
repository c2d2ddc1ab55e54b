//! The flow as the diagram's boxes, and as text and Markdown.

use std::fmt::Write as _;

use crate::model::prisma::*;
use crate::text::inert_line;

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
        use crate::manuscript::render::markdown_cell;
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
