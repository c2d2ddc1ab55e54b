//! The results sentence of a tally, paste-ready: "Twenty-two of the 75
//! included studies comprised qualitative research designs (12 patient
//! perspective [31, 41–51]; …), followed by quantitative designs (n=15: …)".
//!
//! Rules it keeps: the leading number in words ("All 5", "Both", "One of
//! the 8 … was"); groups tied with the leading one are listed beside it, not
//! "followed by" it; no parentheses inside or beside parentheses; studies
//! with no value said in a sentence of their own; notes about the data
//! (studies without a reference number) returned apart by [`Tally::notes`].

use crate::appraisal::Judgement;
use crate::manuscript::cite::{self, CitationStyle};
use crate::manuscript::numbers::Summary;
use crate::manuscript::tally::{
    By, Group, NO_TAG, NO_YEAR, NOT_APPRAISED, NOT_CLASSIFIED, NOT_RECORDED, Tally, plural,
};
use crate::model::Review;
use crate::text::{number_words, number_words_capitalised};

/// The phrase for `by`: `review.toml`'s (`[prose]` or a field's `prose`),
/// else the default of its kind. It holds `{value}` and is plural ("were
/// conducted in {value}"); [`template_one`] is the one-study form.
pub fn template(review: &Review, by: &By) -> String {
    declared(review, by).unwrap_or_else(|| default_template(review, by))
}

/// The phrase `review.toml` declares for `by`, if any.
fn declared(review: &Review, by: &By) -> Option<String> {
    match by {
        By::Field(f) => review.field(f).and_then(|d| d.prose.clone()),
        other => review
            .prose
            .iter()
            .find(|(k, _)| k == other.name())
            .map(|(_, v)| v.clone()),
    }
}

fn default_template(review: &Review, by: &By) -> String {
    match by {
        By::Design => DESIGN_PHRASE.to_string(),
        By::Year => "were published in {value}".to_string(),
        By::Tag => "addressed {value}".to_string(),
        By::Appraisal => "were rated {value}".to_string(),
        By::Field(f) => match review.field(f) {
            Some(d) if d.is_numeric() => format!("had a {} of {{value}}", lower(&d.singular())),
            // A recorded category reads as one, in quotes: "were recorded
            // as “not applicable” for setting", never "recorded not
            // applicable as setting".
            Some(d) => format!("were recorded as “{{value}}” for {}", lower(&d.label)),
            None => format!("were recorded as “{{value}}” for {}", lower(f)),
        },
    }
}

/// The default phrase of a tally by design.
const DESIGN_PHRASE: &str = "comprised {value}";

/// The one-study form of [`template`]: "was conducted in {value}"; for
/// the default design phrase "was {a value}" ("was a narrative review").
pub fn template_one(review: &Review, by: &By) -> String {
    match declared(review, by) {
        Some(p) => singular(&p),
        None if *by == By::Design => "was {a value}".to_string(),
        None => singular(&default_template(review, by)),
    }
}

/// A phrase with its value put in: `{value}` as it is, `{a value}` with
/// its article ("an RCT").
pub fn fill(phrase: &str, value: &str) -> String {
    phrase
        .replace("{a value}", &crate::text::grammar::with_article(value))
        .replace("{value}", value)
}

/// What `by` counts, as a noun inside a sentence: a field's label
/// ("sample size"), else the name.
pub fn noun(review: &Review, by: &By) -> String {
    match by {
        By::Field(f) => lower(review.field(f).map_or(f.as_str(), |d| d.label.as_str())),
        other => other.name().to_string(),
    }
}

/// A label inside a sentence: "Sample size" → "sample size"; an acronym
/// ("BMI") stays as it is.
fn lower(label: &str) -> String {
    let mut c = label.chars();
    match (c.next(), c.next()) {
        (Some(f), Some(s)) if f.is_uppercase() && !s.is_uppercase() => {
            f.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    }
}

/// The one-study form of a plural phrase: "were conducted in" → "was
/// conducted in", "have" → "has", "are" → "is".
pub fn singular(phrase: &str) -> String {
    for (many, one) in [("were ", "was "), ("are ", "is "), ("have ", "has ")] {
        if let Some(rest) = phrase.strip_prefix(many) {
            return format!("{one}{rest}");
        }
    }
    phrase.to_string()
}

/// How a judgement reads after its count in a sentence about one
/// instrument, for many studies and for one: ("were at low risk of bias",
/// "was at low risk of bias"), ("scored 10/12", "scored 10/12").
fn judged(j: &Judgement) -> (String, String) {
    let word = j.word().to_string();
    let both = |p: String| (p.clone(), p);
    let be = |rest: String| (format!("were {rest}"), format!("was {rest}"));
    match word.as_str() {
        "some concerns" => both("raised some concerns".into()),
        "no information" => both("gave no information".into()),
        "disputed" => be("disputed between reviewers".into()),
        // Not finished: said with its instrument even inside a sentence
        // that names it, so that it never reads as a judgement.
        "in progress" => be(format!("still being appraised with {}", j.short())),
        "no overall" => both("had no overall judgement".into()),
        "not applicable" => be("not applicable".into()),
        w if w.ends_with(" risk") => be(format!("at {w} of bias")),
        w if w.ends_with(" quality") => be(format!("rated {w}")),
        w if j.short() == "AMSTAR 2" => be(format!("rated {w} confidence")),
        w if j.short() == "NOS" => be(format!("rated {w} quality")),
        w if w.contains('/') => both(format!("scored {w}")),
        w => be(format!("rated “{w}”")),
    }
}

/// True for a recorded value that says the field does not apply.
fn is_not_applicable(value: &str) -> bool {
    let v = value.trim().to_lowercase();
    [
        "not applicable",
        "n/a",
        "na",
        "not relevant",
        "does not apply",
    ]
    .contains(&v.as_str())
}

/// "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl Tally {
    fn style(&self) -> CitationStyle {
        self.citation_style
    }

    /// "included" for the whole review, "selected" for a filtered view.
    fn scope_word(&self) -> &'static str {
        if self.total == self.review_total {
            "included"
        } else {
            "selected"
        }
    }

    /// True for the group of studies with no value (always the last group).
    fn is_missing(&self, g: &Group) -> bool {
        let label = match self.by {
            By::Design => NOT_CLASSIFIED,
            By::Year => NO_YEAR,
            By::Tag => NO_TAG,
            By::Appraisal => NOT_APPRAISED,
            By::Field(_) => NOT_RECORDED,
        };
        g.key.is_empty() && g.label == label
    }

    /// How a sentence says studies lack the value.
    fn missing_phrase(&self, one: bool) -> String {
        let was = if one { "was" } else { "were" };
        match &self.by {
            By::Design => format!("{was} not classified"),
            By::Year => "had no publication year".to_string(),
            By::Tag => "had no tag".to_string(),
            By::Appraisal => format!("{was} not appraised"),
            By::Field(_) => format!("had no {} recorded", self.noun),
        }
    }

    /// The subject for `count` of the studies in view: "Twelve of the 75
    /// included studies", "All 5 selected studies", "Both included
    /// studies", "The only included study".
    fn subject(&self, count: usize) -> String {
        let scope = self.scope_word();
        if count == self.total {
            match count {
                1 => format!("The only {scope} study"),
                2 => format!("Both {scope} studies"),
                n => format!("All {n} {scope} studies"),
            }
        } else {
            format!(
                "{} of the {} {scope} studies",
                number_words_capitalised(count as u64),
                self.total
            )
        }
    }

    /// The group's value as the sentence says it, for its count.
    fn value(&self, g: &Group) -> String {
        if g.count == 1 {
            g.label_one.clone()
        } else {
            g.label.clone()
        }
    }

    /// The value as a noun in a list ("RCTs (n=15)"): quoted where the
    /// phrase quotes it.
    fn noun_value(&self, g: &Group) -> String {
        let v = self.value(g);
        if self.phrase.contains("“{value}”") {
            format!("“{v}”")
        } else {
            v
        }
    }

    /// "were conducted in Ireland" for `count` studies ("was …" for one).
    fn predicate_for(&self, count: usize, value: &str) -> String {
        let phrase = if count == 1 {
            &self.phrase_one
        } else {
            &self.phrase
        };
        fill(phrase, value)
    }

    fn predicate(&self, g: &Group) -> String {
        self.predicate_for(g.count, &self.value(g))
    }

    /// Children of a group: "12 patient perspective [31, 41–51]; …" for the
    /// lead, "longitudinal cohort studies n=11 […]; …" for the rest.
    fn children(&self, g: &Group, lead: bool) -> Vec<String> {
        let kids = g.children.iter().chain(g.other.as_deref()).map(|c| {
            let cite = cite::inline(self.style(), &c.cited, true);
            if lead {
                format!("{} {}{cite}", c.count, self.value(c))
            } else {
                format!("{} n={}{cite}", self.value(c), c.count)
            }
        });
        kids.collect()
    }

    /// The leading group (or one tied with it): its predicate, then its
    /// children in parentheses or its citation.
    fn lead(&self, g: &Group) -> String {
        let kids = self.children(g, true);
        let tail = if kids.is_empty() {
            cite::inline(self.style(), &g.cited, false)
        } else {
            format!(" ({})", kids.join("; "))
        };
        format!("{}{tail}", self.predicate(g))
    }

    /// A following group: "RCTs (n=15) [76–90]", "RCTs (n=15; 76–90)",
    /// "quantitative designs (n=15: cohort studies n=11 [22]; …)".
    fn follower(&self, g: &Group) -> String {
        let value = self.noun_value(g);
        let kids = self.children(g, false);
        if !kids.is_empty() {
            return format!("{value} (n={}: {})", g.count, kids.join("; "));
        }
        if value.contains(['(', ')']) {
            // The value's own parentheses stay alone: the count follows
            // after a comma.
            let cite = cite::inline(self.style(), &g.cited, false);
            return format!("{value}, n={}{cite}", g.count);
        }
        match cite::bare(self.style(), &g.cited) {
            Some(inside) => format!("{value} (n={}; {inside})", g.count),
            None => format!(
                "{value} (n={}){}",
                g.count,
                cite::inline(self.style(), &g.cited, false)
            ),
        }
    }

    /// The results sentence(s), ready to paste into a manuscript. Notes
    /// about the data are apart, in [`Tally::notes`].
    pub fn prose(&self) -> String {
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
        let (missing, counted): (Vec<&Group>, Vec<&Group>) =
            self.groups.iter().partition(|g| self.is_missing(g));
        // A value that says the field does not apply is no category to
        // list ("followed by not applicable (n=18)"): it gets a sentence of
        // its own.
        let (not_applicable, counted): (Vec<&Group>, Vec<&Group>) = counted
            .into_iter()
            .partition(|g| matches!(self.by, By::Field(_)) && is_not_applicable(&g.label));
        let mut sentences = match (&self.by, &self.summary) {
            (By::Appraisal, _) => self.appraisal_sentences(&counted),
            (By::Field(_), Some(sum)) => vec![self.number_sentence(sum, &counted)],
            _ => self.list_sentence(&counted).into_iter().collect(),
        };
        for g in not_applicable {
            let cite = cite::inline(self.style(), &g.cited, false);
            let mut noun = self.noun.chars();
            let noun: String = noun
                .next()
                .map(|f| f.to_uppercase().chain(noun).collect())
                .unwrap_or_default();
            sentences.push(format!(
                "{noun} was not applicable to {} {}{cite}.",
                g.count,
                plural(g.count, "study", "studies")
            ));
        }
        for g in missing {
            sentences.push(self.missing_sentence(g, counted.is_empty()));
        }
        let mut out = sentences.join(" ");
        if !out.ends_with('.') {
            out.push('.');
        }
        out
    }

    /// "Twenty-two of the 75 included studies comprised …, followed by …".
    fn list_sentence(&self, counted: &[&Group]) -> Option<String> {
        let (first, rest) = counted.split_first()?;
        let ties = rest.iter().take_while(|g| g.count == first.count).count();
        let (tied, rest) = rest.split_at(ties);
        let subject = self.subject(first.count);
        let mut s = if first.count == self.total && !tied.is_empty() {
            // Every study has each of these values (tags): one predicate
            // with the values listed, cited once.
            let values: Vec<String> = std::iter::once(first)
                .chain(tied)
                .map(|g| self.value(g))
                .collect();
            format!(
                "{subject} {}{}",
                self.predicate_for(self.total, &and_list(&values)),
                cite::inline(self.style(), &first.cited, false)
            )
        } else {
            let mut clauses = vec![format!("{subject} {}", self.lead(first))];
            for g in tied {
                clauses.push(format!("{} {}", number_words(g.count as u64), self.lead(g)));
            }
            and_list(&clauses)
        };
        if !rest.is_empty() {
            let followers: Vec<String> = rest.iter().map(|g| self.follower(g)).collect();
            s.push_str(&format!(", followed by {}", and_list(&followers)));
        }
        s.push('.');
        Some(s)
    }

    /// "Five studies were not appraised [49, 66, 100, 104, 106]."; when no
    /// other study is counted, "All 5 included studies were not appraised".
    fn missing_sentence(&self, g: &Group, alone: bool) -> String {
        let cite = cite::inline(self.style(), &g.cited, false);
        let subject = if alone {
            self.subject(g.count)
        } else {
            format!(
                "{} {}",
                number_words_capitalised(g.count as u64),
                plural(g.count, "study", "studies")
            )
        };
        format!("{subject} {}{cite}.", self.missing_phrase(g.count == 1))
    }

    /// A number field in one sentence: "The sample size ranged from 1
    /// [107, 108] to 290 [72] (median 27) across 72 of the 75 included
    /// studies", with the bands after a colon when the field has them.
    fn number_sentence(&self, sum: &Summary, bands: &[&Group]) -> String {
        use crate::manuscript::numbers::format as num;
        let scope = self.scope_word();
        let noun = &self.noun;
        if sum.min == sum.max {
            let cited: Vec<_> = bands.iter().flat_map(|g| g.cited.clone()).collect();
            let cite = cite::inline(self.style(), &cited, false);
            return format!(
                "{} {}{cite}.",
                self.subject(sum.n),
                self.predicate_for(sum.n, &num(sum.min))
            );
        }
        let across = if sum.n == self.total {
            match sum.n {
                2 => format!("both {scope} studies"),
                n => format!("all {n} {scope} studies"),
            }
        } else {
            format!("{} of the {} {scope} studies", sum.n, self.total)
        };
        let banded = sum.banded;
        let mut s = if banded {
            format!(
                "The {noun} ranged from {} to {} (median {}) across {across}",
                num(sum.min),
                num(sum.max),
                num(sum.median)
            )
        } else {
            format!(
                "The {noun} ranged from {}{} to {}{} (median {}) across {across}",
                num(sum.min),
                cite::inline(self.style(), &sum.at_min, false),
                num(sum.max),
                cite::inline(self.style(), &sum.at_max, false),
                num(sum.median)
            )
        };
        if banded {
            let parts: Vec<String> = bands
                .iter()
                .map(|g| {
                    format!(
                        "{} in {} {}{}",
                        g.label,
                        g.count,
                        plural(g.count, "study", "studies"),
                        cite::inline(self.style(), &g.cited, false)
                    )
                })
                .collect();
            s.push_str(&format!(": {}", and_list(&parts)));
        }
        s.push('.');
        s
    }

    /// One sentence per instrument: "Of the 15 RCTs appraised with RoB 2,
    /// eight raised some concerns [..], four were at high risk of bias
    /// [..], two were at low risk of bias [..] and one was disputed between
    /// reviewers [83]." The same word means different things in different
    /// instruments, so judgements of two instruments never share one.
    fn appraisal_sentences(&self, counted: &[&Group]) -> Vec<String> {
        // Instruments in the order of their largest group (the groups come
        // by count), with their groups.
        let mut by_inst: Vec<(String, Vec<&Group>)> = Vec::new();
        for g in counted {
            let inst = g
                .judgement
                .as_ref()
                .map_or_else(|| g.label.clone(), |j| j.instrument.clone());
            match by_inst.iter_mut().find(|(i, _)| *i == inst) {
                Some((_, v)) => v.push(g),
                None => by_inst.push((inst, vec![g])),
            }
        }
        by_inst.sort_by_key(|(_, gs)| std::cmp::Reverse(gs.iter().map(|g| g.count).sum::<usize>()));
        let mut out = Vec::new();
        for (inst, gs) in by_inst {
            // Studies, each once (one may have a judgement per outcome).
            let n = gs
                .iter()
                .flat_map(|g| g.ids())
                .collect::<std::collections::HashSet<_>>()
                .len();
            let name = gs
                .first()
                .and_then(|g| g.judgement.as_ref())
                .map_or_else(|| inst.clone(), |j| j.short().to_string());
            let (many, one) = self
                .appraised
                .iter()
                .find(|(i, _)| *i == inst)
                .map(|(_, names)| names.clone())
                .unwrap_or_else(|| ("studies".into(), "study".into()));
            let words = |g: &Group| {
                g.judgement
                    .as_ref()
                    .map(judged)
                    .unwrap_or_else(|| (format!("were {}", g.label), format!("was {}", g.label)))
            };
            let cite = |g: &Group| cite::inline(self.style(), &g.cited, false);
            let s = match gs.as_slice() {
                [g] => {
                    let (pm, p1) = words(g);
                    match n {
                        1 => format!("The only {one} appraised with {name} {p1}{}.", cite(g)),
                        2 => format!("Both {many} appraised with {name} {pm}{}.", cite(g)),
                        n => format!("All {n} {many} appraised with {name} {pm}{}.", cite(g)),
                    }
                }
                _ => {
                    let clauses: Vec<String> = gs
                        .iter()
                        .map(|g| {
                            let (pm, p1) = words(g);
                            let p = if g.count == 1 { p1 } else { pm };
                            format!("{} {p}{}", number_words(g.count as u64), cite(g))
                        })
                        .collect();
                    format!(
                        "Of the {n} {many} appraised with {name}, {}.",
                        and_list(&clauses)
                    )
                }
            };
            out.push(s);
        }
        out
    }

    /// Notes about the data behind the sentence, each a sentence of its
    /// own, to print apart from it: studies counted but not cited, and
    /// counts that add up to more than the studies (tags, lists).
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        let numbered = self.style().is_numeric() && self.style() != CitationStyle::None;
        if numbered && self.without_ref > 0 {
            notes.push(format!(
                "{} {} no reference number: counted, not cited.",
                self.without_ref,
                plural(self.without_ref, "study has", "studies have")
            ));
        }
        let sum: usize = self.groups.iter().map(|g| g.count).sum();
        if sum > self.total {
            let what = match &self.by {
                By::Tag => "tags".to_string(),
                _ => format!("values of {}", self.noun),
            };
            notes.push(format!(
                "A study can have several {what}: the counts add up to {sum}, more than the {} {}.",
                self.total,
                plural(self.total, "study", "studies")
            ));
        }
        if !self.in_conflict.is_empty() {
            notes.push(in_conflict_note(&self.in_conflict));
        }
        notes
    }
}

/// "not counted: in conflict (2): a, b — …": the studies a tally leaves out
/// while their files are in a merge conflict.
pub fn in_conflict_note(ids: &[String]) -> String {
    const NAMED: usize = 5;
    let mut named = ids
        .iter()
        .take(NAMED)
        .map(|id| crate::text::inert_line(id).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > NAMED {
        named.push_str(&format!(" and {} more", ids.len() - NAMED));
    }
    format!(
        "not counted: in conflict ({}): {named}; resolve with `litrev resolve ID`",
        ids.len()
    )
}
