//! Counting studies by design, year, tag, appraisal judgement or extraction
//! field, with compressed citation numbers and the results sentence.

use serde::Serialize;

use crate::appraisal::Judgement;
use crate::manuscript::cite::{self, Cited};
use crate::model::*;

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
    /// The label for one study ("narrative review"), which the results
    /// sentence uses when the count is one.
    #[serde(skip)]
    pub label_one: String,
    pub count: usize,
    /// Of the total in view, one decimal.
    pub percent: f64,
    /// Reference numbers, sorted and deduplicated.
    pub refs: Vec<u32>,
    /// The citation in the tally's style as a table cell: `31, 41–51` for
    /// numbers, `[@a; @b]` for pandoc keys.
    pub citation: String,
    /// What citing the studies needs.
    #[serde(skip)]
    pub cited: Vec<Cited>,
    pub children: Vec<Group>,
    /// Studies coded at this group's level only, when it has children that
    /// sum to less than its count.
    #[serde(skip)]
    pub other: Option<Box<Group>>,
    /// For a tally by appraisal: the judgement (instrument and word) the
    /// group counts, so prose phrases it from data, not from the label.
    #[serde(skip)]
    pub judgement: Option<Judgement>,
}

impl Group {
    /// The ids of the studies counted, in citing order.
    pub fn ids(&self) -> Vec<&str> {
        cite::ordered(&self.cited)
            .into_iter()
            .map(|c| c.id.as_str())
            .collect()
    }
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
    /// How the results sentence speaks of a value: `review.toml`'s phrase
    /// or the default of the kind, holding `{value}`.
    #[serde(skip)]
    pub phrase: String,
    /// The one-study form of `phrase` ("was conducted in {value}"); it may
    /// hold `{a value}`, the value with its article ("was an RCT").
    #[serde(skip)]
    pub phrase_one: String,
    /// What is counted, as a noun in a sentence ("sample size").
    #[serde(skip)]
    pub noun: String,
    /// Studies left out because their files are in a merge conflict (by
    /// id): counted nowhere until resolved, and said so.
    #[serde(skip)]
    pub in_conflict: Vec<String>,
    /// For a number field: the range and median of the values in view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<crate::manuscript::numbers::Summary>,
    /// For a tally by appraisal: per instrument, what its studies are
    /// called when they share one design ("RCTs", "RCT").
    #[serde(skip)]
    pub appraised: Vec<(String, (String, String))>,
}

/// Labels of the group for studies with no value.
pub(super) const NOT_CLASSIFIED: &str = "not classified";
pub(super) const NO_YEAR: &str = "no year";
pub(super) const NO_TAG: &str = "no tag";
pub(super) const NOT_APPRAISED: &str = crate::model::filter::NOT_APPRAISED;
pub(super) const NOT_RECORDED: &str = "not recorded";

fn percent(count: usize, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    (count as f64 * 1000.0 / total as f64).round() / 10.0
}

/// What a tally's groups make of each study they cite: all that an
/// author-year citation needs (names, year, APA's sort key), or, for the
/// styles that cite by number or by key, the study's id and number alone —
/// all those styles read, and a fifth of the time of a tally of 100 000
/// studies went into the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Citing {
    AuthorYear,
    Keys,
}

impl Citing {
    /// What citing in `style` needs.
    pub(crate) fn for_style(style: CitationStyle) -> Self {
        if style == CitationStyle::AuthorYear {
            Citing::AuthorYear
        } else {
            Citing::Keys
        }
    }

    fn cite(self, s: &Study) -> Cited {
        match self {
            Citing::AuthorYear => Cited::of(s),
            Citing::Keys => Cited::keyed(s),
        }
    }
}

fn make_group(key: &str, label: &str, members: &[&Study], total: usize, citing: Citing) -> Group {
    make_group_one(key, label, label, members, total, citing)
}

fn make_group_one(
    key: &str,
    label: &str,
    label_one: &str,
    members: &[&Study],
    total: usize,
    citing: Citing,
) -> Group {
    // On every core: a tally makes one for each study it counts.
    let cited: Vec<Cited> = crate::text::threads::map(members, |s| citing.cite(s));
    make_group_cited((key, label, label_one), members, cited, total)
}

/// [`make_group_one`] with the members' citations already made (a design's
/// children take theirs from the group's).
fn make_group_cited(
    (key, label, label_one): (&str, &str, &str),
    members: &[&Study],
    cited: Vec<Cited>,
    total: usize,
) -> Group {
    let mut refs: Vec<u32> = members.iter().filter_map(|s| s.reference).collect();
    refs.sort_unstable();
    refs.dedup();
    Group {
        key: key.to_string(),
        label: label.to_string(),
        label_one: label_one.to_string(),
        count: members.len(),
        percent: percent(members.len(), total),
        citation: String::new(),
        refs,
        cited,
        children: Vec::new(),
        other: None,
        judgement: None,
    }
}

/// Orders by count, descending; the sort is stable, so ties keep the order
/// they came in (taxonomy order for designs).
fn order(groups: &mut [Group]) {
    groups.sort_by_key(|g| std::cmp::Reverse(g.count));
}

/// Counts `studies` (the studies in view) by `by`, citing in the review's
/// style. `review_total` is the size of the whole review, for "of N shown".
pub fn tally(review: &Review, studies: &[&Study], by: &By, review_total: usize) -> Tally {
    tally_in(review.citation_style, review, studies, by, review_total)
}

/// [`tally`] citing in `style` (`--cite`, a report's style). A tally cites
/// in the style it was made for: in a style that cites by number or key
/// its groups carry no author-year labels ([`Citing`]).
pub fn tally_in(
    style: CitationStyle,
    review: &Review,
    studies: &[&Study],
    by: &By,
    review_total: usize,
) -> Tally {
    let citing = Citing::for_style(style);
    let total = studies.len();
    // For a tally by appraisal: per instrument, the design its studies share.
    let mut shared_design = None;
    let groups = match by {
        By::Design => by_design(review, studies, total, citing),
        By::Year => by_value(
            (studies, total, citing),
            |_, s| s.year.map(|y| vec![y.to_string()]).unwrap_or_default(),
            NO_YEAR,
        ),
        // Tags `[tags] exclude` names (import batches) are not themes.
        By::Tag => by_value(
            (studies, total, citing),
            |_, s| review.themes(s).cloned().collect(),
            NO_TAG,
        ),
        By::Appraisal => {
            // The same word means opposite things in different instruments
            // (CASP "high" quality, RoB 2 "high" risk), so judgements are
            // counted per instrument; each group keeps the judgement it
            // counts.
            let a = Appraised::of(review, studies);
            let mut groups = by_value(
                (studies, total, citing),
                // A study with several judgements (instruments, outcomes,
                // MMAT categories) counts once under each.
                |i, _| {
                    a.of[i]
                        .iter()
                        .map(|&l| a.labels[l as usize].clone())
                        .collect()
                },
                NOT_APPRAISED,
            );
            for g in &mut groups {
                g.judgement = a
                    .judged
                    .get(&g.key)
                    .map(|j| Judgement::named(&review.instruments, &j.instrument, &j.level));
            }
            shared_design = Some(a.paths);
            groups
        }
        By::Field(f) if review.field(f).is_some_and(|d| d.is_numeric()) => {
            let def = review.field(f).cloned().unwrap_or_default();
            crate::manuscript::numbers::groups(&def, studies, total, citing)
        }
        By::Field(f) => by_value(
            (studies, total, citing),
            |_, s| match s.extraction_value(f) {
                Some(FieldValue::List(v)) => v.clone(),
                Some(v) => vec![v.to_string()],
                None => Vec::new(),
            },
            NOT_RECORDED,
        ),
    };
    let summary = match by {
        By::Field(f) => review.field(f).filter(|d| d.is_numeric()).and_then(|d| {
            let mut s = crate::manuscript::numbers::summary(&d.key, studies)?;
            s.banded = !d.bands.is_empty();
            Some(s)
        }),
        _ => None,
    };
    let appraised = shared_design
        .map(|paths| appraised_as(review, paths))
        .unwrap_or_default();
    Tally {
        title: review.title.clone(),
        by: by.clone(),
        total,
        without_ref: studies.iter().filter(|s| s.reference.is_none()).count(),
        groups,
        review_total,
        citation_style: style,
        phrase: crate::manuscript::prose::template(review, by),
        phrase_one: crate::manuscript::prose::template_one(review, by),
        noun: crate::manuscript::prose::noun(review, by),
        in_conflict: Vec::new(),
        summary,
        appraised,
    }
    .with_style(style)
}

fn by_design(review: &Review, studies: &[&Study], total: usize, citing: Citing) -> Vec<Group> {
    use std::collections::{HashMap, HashSet};
    // The taxonomy as a map: group key → its child keys (first group wins,
    // as in `Review::resolve`).
    let mut taxonomy: HashMap<&str, HashSet<&str>> = HashMap::new();
    for d in &review.designs {
        taxonomy
            .entry(d.key.as_str())
            .or_insert_with(|| d.children.iter().map(|c| c.key.as_str()).collect());
    }
    // Each study's design group and path, on every core (the taxonomy is
    // looked up per study, not per design, so 100 000 studies × 10 000
    // designs stays linear); then each into the bucket of its group, in
    // the studies' order.
    let known = crate::text::threads::map(studies, |s| {
        let (group, child) = DesignPath::parts(s.design.as_deref()?)?;
        let (key, kids) = taxonomy.get_key_value(group)?;
        child
            .is_none_or(|c| kids.contains(c))
            .then_some((*key, child))
    });
    // Each member with its child key (`None`: the group itself).
    let mut buckets: HashMap<&str, Vec<(&Study, Option<&str>)>> = HashMap::new();
    let mut unclassified: Vec<&Study> = Vec::new();
    for (&s, known) in studies.iter().zip(known) {
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
        let mut g = make_group_one(&d.key, &d.label, &d.singular(), &all, total, citing);
        // Members by child key (their positions in the group), in one pass
        // over the group's members.
        let mut kids: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut rest: Vec<usize> = Vec::new();
        for (i, &(_, child)) in members.iter().enumerate() {
            match child {
                Some(c) => kids.entry(c).or_default().push(i),
                None => rest.push(i),
            }
        }
        // A subgroup's studies and their citations, copied from the
        // group's rather than made again.
        let part = |g: &Group, at: &[usize]| -> (Vec<&Study>, Vec<Cited>) {
            (
                at.iter().map(|&i| all[i]).collect(),
                crate::text::threads::map(at, |&i| g.cited[i].clone()),
            )
        };
        for c in &d.children {
            if let Some(k) = kids.get(c.key.as_str()) {
                let (studies, cited) = part(&g, k);
                let child =
                    make_group_cited((&c.key, &c.label, &c.singular()), &studies, cited, total);
                g.children.push(child);
            }
        }
        order(&mut g.children);
        if !d.children.is_empty() && !rest.is_empty() {
            let (studies, cited) = part(&g, &rest);
            let other = make_group_cited(("other", "other", "other"), &studies, cited, total);
            g.other = Some(Box::new(other));
        }
        groups.push(g);
    }
    order(&mut groups);
    if !unclassified.is_empty() {
        groups.push(make_group("", NOT_CLASSIFIED, &unclassified, total, citing));
    }
    groups
}

/// A tally by appraisal's reading of the studies, once per study and on
/// every core: each study's judgement labels, the first judgement of each
/// label, and per instrument the design its studies share.
struct Appraised {
    /// Every label, in the order first met.
    labels: Vec<String>,
    /// Each study's labels (indices into `labels`), in `studies`' order.
    of: Vec<Vec<u32>>,
    /// Label → the first judgement with it.
    judged: std::collections::HashMap<String, Judgement>,
    /// Instrument → the design path of its studies (`Some(None)`:
    /// unclassified), `None` when they differ.
    paths: std::collections::BTreeMap<String, Option<Option<String>>>,
}

impl Appraised {
    fn of(review: &Review, studies: &[&Study]) -> Self {
        Self::merged(crate::text::threads::runs(studies, |run| {
            Self::of_run(review, run)
        }))
    }

    /// One run of studies read (see [`crate::text::threads::runs`]).
    fn of_run(review: &Review, run: &[&Study]) -> Self {
        let mut part = Appraised {
            labels: Vec::new(),
            of: Vec::with_capacity(run.len()),
            judged: Default::default(),
            paths: Default::default(),
        };
        let mut index: std::collections::HashMap<String, u32> = Default::default();
        for s in run {
            let path = s
                .design_path()
                .and_then(|p| review.resolve(&p))
                .map(|r| r.path().to_string());
            let mut mine: Vec<u32> = Vec::new();
            for j in Judgement::each(&review.instruments, &s.appraisals) {
                // A study with several instruments is in each one's
                // sentence.
                part.paths
                    .entry(j.instrument.clone())
                    .and_modify(|p| {
                        if p.as_ref() != Some(&path) {
                            *p = None;
                        }
                    })
                    .or_insert(Some(path.clone()));
                let label = j.label();
                let next = part.labels.len() as u32;
                let l = *index.entry(label.clone()).or_insert_with(|| {
                    part.labels.push(label.clone());
                    next
                });
                if mine.last() != Some(&l) {
                    mine.push(l);
                }
                part.judged.entry(label).or_insert(j);
            }
            part.of.push(mine);
        }
        part
    }

    /// Runs read one by one, merged in order: labels renumbered, first
    /// judgements and shared designs as one pass over every study finds
    /// them.
    fn merged(parts: Vec<Appraised>) -> Self {
        let mut all = Appraised {
            labels: Vec::new(),
            of: Vec::new(),
            judged: Default::default(),
            paths: Default::default(),
        };
        let mut index: std::collections::HashMap<String, u32> = Default::default();
        for part in parts {
            let renumber: Vec<u32> = part
                .labels
                .into_iter()
                .map(|label| {
                    let next = all.labels.len() as u32;
                    *index.entry(label.clone()).or_insert_with(|| {
                        all.labels.push(label);
                        next
                    })
                })
                .collect();
            all.of.extend(
                part.of
                    .into_iter()
                    .map(|v| v.into_iter().map(|l| renumber[l as usize]).collect()),
            );
            for (label, j) in part.judged {
                all.judged.entry(label).or_insert(j);
            }
            for (inst, p) in part.paths {
                all.paths
                    .entry(inst)
                    .and_modify(|q| {
                        if *q != p {
                            *q = None;
                        }
                    })
                    .or_insert(p);
            }
        }
        all
    }
}

/// Per instrument, what the studies appraised with it are called when they
/// all share one design: its label and its label for one ("RCTs", "RCT").
fn appraised_as(
    review: &Review,
    seen: std::collections::BTreeMap<String, Option<Option<String>>>,
) -> Vec<(String, (String, String))> {
    seen.into_iter()
        .filter_map(|(inst, p)| {
            let d = review.design(&p??)?.node();
            // "Both commentaries appraised with …", never "Both commentary".
            let one = d.singular();
            let many = if crate::text::grammar::reads_plural(&d.label) {
                d.label.clone()
            } else {
                crate::text::grammar::plural_label(&one)
            };
            Some((inst, (many, one)))
        })
        .collect()
}

fn by_value(
    (studies, total, citing): (&[&Study], usize, Citing),
    values: impl Fn(usize, &Study) -> Vec<String>,
    none_label: &str,
) -> Vec<Group> {
    let mut order_seen: Vec<String> = Vec::new();
    let mut members: std::collections::HashMap<String, Vec<&Study>> = Default::default();
    let mut none = Vec::new();
    for (i, &s) in studies.iter().enumerate() {
        let mut vals = values(i, s);
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
        .map(|v| make_group(v, v, &members[v], total, citing))
        .collect();
    order(&mut groups);
    if !none.is_empty() {
        groups.push(make_group("", none_label, &none, total, citing));
    }
    groups
}

fn natural(s: &str) -> (Option<i64>, String) {
    (s.parse::<i64>().ok(), s.to_lowercase())
}

impl Tally {
    /// The tally citing in `style`, its `citation` cells redone: the style
    /// it was made for ([`tally_in`]), or one that cites by number or key.
    fn with_style(mut self, style: CitationStyle) -> Self {
        fn restyle(g: &mut Group, style: CitationStyle) {
            g.citation = cite::cell(style, &g.cited);
            g.children.iter_mut().for_each(|c| restyle(c, style));
            if let Some(o) = g.other.as_deref_mut() {
                restyle(o, style);
            }
        }
        self.citation_style = style;
        self.groups.iter_mut().for_each(|g| restyle(g, style));
        self
    }

    /// The tally with the letters of [`cite::AuthorYears`] on its
    /// author-year labels ("Okafor, 2015a"), its `citation` cells redone.
    pub fn with_author_years(mut self, ay: &cite::AuthorYears) -> Self {
        if ay.is_empty() {
            // No label changes: the cells stand as they were made.
            return self;
        }
        fn relabel(g: &mut Group, ay: &cite::AuthorYears) {
            ay.apply(&mut g.cited);
            g.children.iter_mut().for_each(|c| relabel(c, ay));
            if let Some(o) = g.other.as_deref_mut() {
                relabel(o, ay);
            }
        }
        self.groups.iter_mut().for_each(|g| relabel(g, ay));
        let style = self.citation_style;
        self.with_style(style)
    }

    /// "75 studies" or "12 of 75 studies shown".
    pub fn scope(&self) -> String {
        if self.total == self.review_total {
            format!("{} {}", self.total, plural(self.total, "study", "studies"))
        } else {
            format!("{} of {} studies shown", self.total, self.review_total)
        }
    }
}

/// A group of `members` with `label` (the same for one study), for the
/// other modules that make groups.
pub(crate) fn group_of(
    key: &str,
    label: &str,
    members: &[&Study],
    total: usize,
    citing: Citing,
) -> Group {
    make_group(key, label, members, total, citing)
}

pub(crate) fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`Appraised`] found, printable.
    fn shown(a: &Appraised) -> String {
        let mut judged: Vec<_> = a.judged.iter().collect();
        judged.sort_by(|x, y| x.0.cmp(y.0));
        format!("{:?}\n{:?}\n{judged:?}\n{:?}", a.labels, a.of, a.paths)
    }

    #[test]
    fn a_tally_by_appraisal_reads_alike_on_any_number_of_threads() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example");
        let loaded = crate::store::load(&root).expect("the example loads");
        let studies: Vec<&Study> = loaded.studies.iter().map(|e| &e.study).collect();
        let one = Appraised::of_run(&loaded.review, &studies);
        assert!(
            one.labels.len() > 5 && one.paths.len() > 3,
            "{}",
            shown(&one)
        );
        for threads in [2, 3, 7, 40] {
            let runs = crate::text::threads::runs_on(&studies, threads, 0, |run| {
                Appraised::of_run(&loaded.review, run)
            });
            assert!(runs.len() > 1);
            assert_eq!(
                shown(&Appraised::merged(runs)),
                shown(&one),
                "{threads} threads"
            );
        }
    }
}
