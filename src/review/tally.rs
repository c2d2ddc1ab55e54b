//! Counting studies by design, year, tag, appraisal judgement or extraction
//! field, with compressed citation numbers and the results sentence.

use serde::Serialize;

use super::model::*;
use crate::appraisal::Judgement;
use crate::text::{compress_refs, compress_refs_superscript, number_words_capitalised};

/// What to count by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum By {
    Design,
    Year,
    Tag,
    Appraisal,
    /// An extraction field declared in `review.toml`.
    Field(String),
}

impl By {
    /// Parses `design|year|tag|appraisal|FIELD`, checking FIELD against the review.
    pub fn parse(s: &str, review: &Review) -> Result<Self, String> {
        match s {
            "design" => Ok(Self::Design),
            "year" => Ok(Self::Year),
            "tag" | "tags" => Ok(Self::Tag),
            "appraisal" => Ok(Self::Appraisal),
            f if review.field(f).is_some() => Ok(Self::Field(f.to_string())),
            other => {
                let mut names = vec!["design", "year", "tag", "appraisal"];
                names.extend(review.fields.iter().map(|f| f.key.as_str()));
                Err(format!(
                    "cannot tally by \"{other}\": expected one of {}",
                    names.join(", ")
                ))
            }
        }
    }

    /// Every way this review can be tallied, in the order the TUI cycles them.
    pub fn all(review: &Review) -> Vec<By> {
        let mut v = vec![By::Design, By::Year, By::Tag, By::Appraisal];
        v.extend(review.fields.iter().map(|f| By::Field(f.key.clone())));
        v
    }

    /// The name used on the command line and in JSON.
    pub fn name(&self) -> &str {
        match self {
            Self::Design => "design",
            Self::Year => "year",
            Self::Tag => "tag",
            Self::Appraisal => "appraisal",
            Self::Field(f) => f,
        }
    }
}

impl Serialize for By {
    /// As its name: `"design"`, or the field's key.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// One counted group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub key: String,
    pub label: String,
    pub count: usize,
    /// Of the total in view, one decimal.
    pub percent: f64,
    /// Reference numbers, sorted and deduplicated.
    pub refs: Vec<u32>,
    /// `refs` compressed: `31, 41–51`.
    pub citation: String,
    pub children: Vec<Group>,
    /// Studies coded at this group's level only, when it has children that
    /// sum to less than its count.
    #[serde(skip)]
    pub other: Option<Box<Group>>,
}

/// A tally of the studies in view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tally {
    pub title: String,
    pub by: By,
    /// Studies in view.
    pub total: usize,
    /// Studies in view with no `ref`: counted, never cited by number.
    pub without_ref: usize,
    pub groups: Vec<Group>,
    /// Studies in the whole review (equal to `total` when nothing is filtered).
    #[serde(skip)]
    pub review_total: usize,
    #[serde(skip)]
    pub citation_style: CitationStyle,
}

/// Labels of the group for studies with no value.
const NOT_CLASSIFIED: &str = "not classified";
const NO_YEAR: &str = "no year";
const NO_TAG: &str = "no tag";
const NOT_APPRAISED: &str = super::filter::NOT_APPRAISED;
const NOT_RECORDED: &str = "not recorded";

fn percent(count: usize, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    (count as f64 * 1000.0 / total as f64).round() / 10.0
}

fn make_group(key: &str, label: &str, members: &[&Study], total: usize) -> Group {
    let mut refs: Vec<u32> = members.iter().filter_map(|s| s.reference).collect();
    refs.sort_unstable();
    refs.dedup();
    Group {
        key: key.to_string(),
        label: label.to_string(),
        count: members.len(),
        percent: percent(members.len(), total),
        citation: compress_refs(&refs),
        refs,
        children: Vec::new(),
        other: None,
    }
}

/// Orders by count, descending; the sort is stable, so ties keep the order
/// they came in (taxonomy order for designs).
fn order(groups: &mut [Group]) {
    groups.sort_by_key(|g| std::cmp::Reverse(g.count));
}

/// Counts `studies` (the studies in view) by `by`. `review_total` is the size
/// of the whole review, for "of N shown".
pub fn tally(review: &Review, studies: &[&Study], by: &By, review_total: usize) -> Tally {
    let total = studies.len();
    let groups = match by {
        By::Design => by_design(review, studies, total),
        By::Year => by_value(
            studies,
            total,
            |s| s.year.map(|y| vec![y.to_string()]).unwrap_or_default(),
            NO_YEAR,
        ),
        By::Tag => by_value(studies, total, |s| s.tags.clone(), NO_TAG),
        By::Appraisal => by_value(
            studies,
            total,
            |s| {
                // The same word means opposite things in different
                // instruments (CASP "high" quality, RoB 2 "high" risk), so
                // judgements are counted per instrument.
                Judgement::of(s)
                    .map(|j| vec![j.to_string()])
                    .unwrap_or_default()
            },
            NOT_APPRAISED,
        ),
        By::Field(f) => by_value(
            studies,
            total,
            |s| match s.extraction_value(f) {
                Some(FieldValue::List(v)) => v.clone(),
                Some(v) => vec![v.to_string()],
                None => Vec::new(),
            },
            NOT_RECORDED,
        ),
    };
    Tally {
        title: review.title.clone(),
        by: by.clone(),
        total,
        without_ref: studies.iter().filter(|s| s.reference.is_none()).count(),
        groups,
        review_total,
        citation_style: review.citation_style,
    }
}

fn by_design(review: &Review, studies: &[&Study], total: usize) -> Vec<Group> {
    // One pass over the studies: each classified study goes into the bucket
    // of its design group (the taxonomy is looked up per study, not per
    // design, so 100 000 studies × 10 000 designs stays linear).
    use std::collections::{HashMap, HashSet};
    // The taxonomy as maps: group key → its child keys (first group wins,
    // as in `Review::resolve`).
    let mut taxonomy: HashMap<&str, HashSet<&str>> = HashMap::new();
    for d in &review.designs {
        taxonomy
            .entry(d.key.as_str())
            .or_insert_with(|| d.children.iter().map(|c| c.key.as_str()).collect());
    }
    let mut buckets: HashMap<&str, Vec<(&Study, DesignPath)>> = HashMap::new();
    let mut unclassified: Vec<&Study> = Vec::new();
    for &s in studies {
        let known = s.design_path().and_then(|p| {
            let (key, kids) = taxonomy.get_key_value(p.group())?;
            p.child()
                .is_none_or(|c| kids.contains(c))
                .then_some((*key, p))
        });
        match known {
            Some((key, p)) => buckets.entry(key).or_default().push((s, p)),
            None => unclassified.push(s),
        }
    }
    let mut groups = Vec::new();
    for d in &review.designs {
        let Some(members) = buckets.get(d.key.as_str()) else {
            continue;
        };
        let all: Vec<&Study> = members.iter().map(|(s, _)| *s).collect();
        let mut g = make_group(&d.key, &d.label, &all, total);
        // Members by child key, in one pass over the group's members.
        let mut kids: HashMap<&str, Vec<&Study>> = HashMap::new();
        let mut rest: Vec<&Study> = Vec::new();
        for (s, p) in members {
            match p.child() {
                Some(c) => kids.entry(c).or_default().push(*s),
                None if p.is_group() => rest.push(*s),
                None => {}
            }
        }
        for c in &d.children {
            if let Some(k) = kids.get(c.key.as_str()) {
                g.children.push(make_group(&c.key, &c.label, k, total));
            }
        }
        order(&mut g.children);
        if !d.children.is_empty() && !rest.is_empty() {
            g.other = Some(Box::new(make_group("other", "other", &rest, total)));
        }
        groups.push(g);
    }
    order(&mut groups);
    if !unclassified.is_empty() {
        groups.push(make_group("", NOT_CLASSIFIED, &unclassified, total));
    }
    groups
}

fn by_value(
    studies: &[&Study],
    total: usize,
    values: impl Fn(&Study) -> Vec<String>,
    none_label: &str,
) -> Vec<Group> {
    let mut order_seen: Vec<String> = Vec::new();
    let mut members: std::collections::HashMap<String, Vec<&Study>> = Default::default();
    let mut none = Vec::new();
    for &s in studies {
        let mut vals = values(s);
        vals.sort();
        vals.dedup();
        if vals.is_empty() {
            none.push(s);
        }
        for v in vals {
            let e = members.entry(v.clone()).or_default();
            if e.is_empty() {
                order_seen.push(v);
            }
            e.push(s);
        }
    }
    // Ties read best in natural order: years ascending, words alphabetically.
    order_seen.sort_by_key(|v| natural(v));
    let mut groups: Vec<Group> = order_seen
        .iter()
        .map(|v| make_group(v, v, &members[v], total))
        .collect();
    order(&mut groups);
    if !none.is_empty() {
        groups.push(make_group("", none_label, &none, total));
    }
    groups
}

fn natural(s: &str) -> (Option<i64>, String) {
    (s.parse::<i64>().ok(), s.to_lowercase())
}

impl Tally {
    /// "75 studies" or "12 of 75 studies shown".
    pub fn scope(&self) -> String {
        if self.total == self.review_total {
            format!("{} {}", self.total, plural(self.total, "study", "studies"))
        } else {
            format!("{} of {} studies shown", self.total, self.review_total)
        }
    }

    /// Citation numbers in the review's style, with the space before them:
    /// ` [31, 41–51]`, `³¹˒⁴¹⁻⁵¹`, ` (31, 41–51)`, or nothing.
    pub fn cite(&self, g: &Group) -> String {
        if g.refs.is_empty() {
            return String::new();
        }
        match self.citation_style {
            CitationStyle::Brackets => format!(" [{}]", g.citation),
            CitationStyle::Parentheses => format!(" ({})", g.citation),
            CitationStyle::Superscript => compress_refs_superscript(&g.refs),
            CitationStyle::None => String::new(),
        }
    }

    /// The results sentence, e.g. "Twenty-two of the 75 included studies
    /// comprised qualitative research designs (12 patient perspective
    /// [31, 41–51]; ...), followed by quantitative designs (n=15) (...), ...".
    pub fn prose(&self) -> String {
        let of = if self.total == self.review_total {
            format!("of the {} included studies", self.total)
        } else {
            format!("of the {} selected studies", self.total)
        };
        if self.total == 0 {
            return if self.review_total == 0 {
                "No studies are included.".to_string()
            } else {
                format!(
                    "None of the {} included studies is selected.",
                    self.review_total
                )
            };
        }
        let Some((first, rest)) = self.groups.split_first() else {
            return format!("None {of} could be counted.");
        };
        let one = first.count == 1;
        // Studies with no value lead only when nothing else is counted; they
        // are said to lack the value ("were not classified"), not to form a
        // group called "not classified".
        let (verb, label) = match self.missing(first, one) {
            Some(phrase) => (phrase, String::new()),
            None => (
                match (&self.by, one) {
                    (By::Design, _) => "comprised",
                    (By::Year, true) => "was published in",
                    (By::Year, false) => "were published in",
                    (By::Tag, _) => "addressed",
                    (By::Appraisal, true) => "was rated",
                    (By::Appraisal, false) => "were rated",
                    (By::Field(_), _) => "had",
                }
                .to_string(),
                format!(" {}", first.label),
            ),
        };
        let mut s = format!(
            "{} {of} {verb}{label}{}",
            number_words_capitalised(first.count as u64),
            self.parts(first, true)
        );
        let tail: Vec<String> = rest
            .iter()
            .map(|g| format!("{} (n={}){}", g.label, g.count, self.parts(g, false)))
            .collect();
        match tail.len() {
            0 => {}
            1 => s.push_str(&format!(", followed by {}", tail[0])),
            n => {
                s.push_str(&format!(
                    ", followed by {} and {}",
                    tail[..n - 1].join(", "),
                    tail[n - 1]
                ));
            }
        }
        s.push('.');
        if self.without_ref > 0 {
            s.push_str(&format!(
                " ({} {} no reference number.)",
                self.without_ref,
                plural(self.without_ref, "study has", "studies have")
            ));
        }
        s
    }

    /// For the group of studies with no value (always the last group), how
    /// the sentence says they lack it; `None` for any other group.
    fn missing(&self, g: &Group, one: bool) -> Option<String> {
        let label = match self.by {
            By::Design => NOT_CLASSIFIED,
            By::Year => NO_YEAR,
            By::Tag => NO_TAG,
            By::Appraisal => NOT_APPRAISED,
            By::Field(_) => NOT_RECORDED,
        };
        if !g.key.is_empty() || g.label != label {
            return None;
        }
        let was = if one { "was" } else { "were" };
        Some(match &self.by {
            By::Design => format!("{was} not classified"),
            By::Year => "had no publication year".to_string(),
            By::Tag => "had no tag".to_string(),
            By::Appraisal => format!("{was} not appraised"),
            By::Field(field) => format!("had no {field} recorded"),
        })
    }

    /// The children in parentheses (or the citation when there are none).
    fn parts(&self, g: &Group, leading: bool) -> String {
        let mut kids: Vec<String> = g
            .children
            .iter()
            .map(|c| {
                if leading {
                    format!("{} {}{}", c.count, c.label, self.cite(c))
                } else {
                    format!("{} n={}{}", c.label, c.count, self.cite(c))
                }
            })
            .collect();
        if let Some(o) = &g.other {
            kids.push(if leading {
                format!("{} other{}", o.count, self.cite(o))
            } else {
                format!("other n={}{}", o.count, self.cite(o))
            });
        }
        if kids.is_empty() {
            self.cite(g)
        } else {
            format!(" ({})", kids.join("; "))
        }
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
