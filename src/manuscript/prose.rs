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
use crate::manuscript::tally::{
    By, Group, NO_TAG, NO_YEAR, NOT_APPRAISED, NOT_CLASSIFIED, NOT_RECORDED, Tally, plural,
};
use crate::model::{FieldKind, Review};
use crate::text::{number_words, number_words_capitalised};

/// The phrase for `by`: `review.toml`'s (`[prose]` or a field's `prose`),
/// else the default of its kind. It holds `{value}` and is plural ("were
/// conducted in {value}"); [`singular`] makes the one-study form.
pub fn template(review: &Review, by: &By) -> String {
    let named = |name: &str| {
        review
            .prose
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let or = |name: &str, default: &str| named(name).unwrap_or_else(|| default.to_string());
    match by {
        By::Design => or("design", "comprised {value}"),
        By::Year => or("year", "were published in {value}"),
        By::Tag => or("tag", "addressed {value}"),
        By::Appraisal => or("appraisal", "were rated {value}"),
        By::Field(f) => match review.field(f) {
            Some(d) => d.prose.clone().unwrap_or_else(|| match d.kind {
                FieldKind::Integer | FieldKind::Number => {
                    format!("had a {} of {{value}}", lower(&d.label))
                }
                _ => format!("recorded {{value}} as {}", lower(&d.label)),
            }),
            None => format!("recorded {{value}} as {}", lower(f)),
        },
    }
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

/// An appraisal group's judgement as words after "were rated" ("high
/// quality with CASP", "at low risk of bias with RoB 2"), or as a noun
/// phrase in a list (`noun`: "low risk of bias with RoB 2").
fn appraisal_words(g: &Group, noun: bool) -> String {
    let words = match &g.judgement {
        Some(j) => appraisal_predicate(j),
        // Only the "not appraised" group has none; it is phrased apart.
        None => g.label.clone(),
    };
    if noun {
        for lead in ["as raising ", "as giving ", "as ", "at "] {
            if let Some(rest) = words.strip_prefix(lead) {
                return rest.to_string();
            }
        }
    }
    words
}

/// The instrument's short name and the judgement word's label from the
/// instrument file ("RoB 2", "high risk"), phrased for the sentence.
fn appraisal_predicate(j: &Judgement) -> String {
    let name = j.short();
    let words = j.word().to_string();
    match words.as_str() {
        "some concerns" => format!("as raising some concerns with {name}"),
        "no information" => format!("as giving no information with {name}"),
        "disputed" => format!("as disputed between reviewers with {name}"),
        "in progress" => format!("as still being appraised with {name}"),
        "no overall" => format!("without an overall judgement with {name}"),
        w if w.ends_with(" risk") => format!("at {w} of bias with {name}"),
        w if w.ends_with(" quality") => format!("{w} with {name}"),
        w if name == "AMSTAR 2" => format!("{w} confidence with {name}"),
        w if name == "NOS" => format!("{w} quality with {name}"),
        w if w.contains('/') => format!("{w} with {name}"),
        w => format!("“{w}” with {name}"),
    }
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

    /// How a sentence says `count` studies lack the value.
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

    /// The group's value as the sentence says it: after the phrase's verb,
    /// or as a noun in the list of followers.
    fn value(&self, g: &Group, noun: bool) -> String {
        match self.by {
            By::Appraisal => appraisal_words(g, noun),
            _ => g.label.clone(),
        }
    }

    /// "were conducted in Ireland" (or "was …" for one study).
    fn predicate(&self, g: &Group) -> String {
        let phrase = if g.count == 1 {
            singular(&self.phrase)
        } else {
            self.phrase.clone()
        };
        phrase.replace("{value}", &self.value(g, false))
    }

    /// Children of a group: "12 patient perspective [31, 41–51]; …" for the
    /// lead, "longitudinal cohort studies n=11 […]; …" for the rest.
    fn children(&self, g: &Group, lead: bool) -> Vec<String> {
        let kids = g.children.iter().chain(g.other.as_deref()).map(|c| {
            let cite = cite::inline(self.style(), &c.cited, true);
            if lead {
                format!("{} {}{cite}", c.count, c.label)
            } else {
                format!("{} n={}{cite}", c.label, c.count)
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
        let value = self.value(g, true);
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
        let mut sentences = Vec::new();
        if let Some((first, rest)) = counted.split_first() {
            let ties = rest.iter().take_while(|g| g.count == first.count).count();
            let (tied, rest) = rest.split_at(ties);
            let mut clauses = vec![format!(
                "{} {}",
                self.subject(first.count),
                self.lead(first)
            )];
            for g in tied {
                let many = match (g.count == self.total, g.count) {
                    (true, 2) => "both".to_string(),
                    (true, n) => format!("all {n}"),
                    (false, n) => number_words(n as u64),
                };
                clauses.push(format!("{many} {}", self.lead(g)));
            }
            let mut s = and_list(&clauses);
            if !rest.is_empty() {
                let followers: Vec<String> = rest.iter().map(|g| self.follower(g)).collect();
                s.push_str(&format!(", followed by {}", and_list(&followers)));
            }
            sentences.push(s);
        }
        for g in missing {
            let one = g.count == 1;
            let subject = if counted.is_empty() {
                self.subject(g.count)
            } else {
                format!(
                    "{} {}",
                    number_words_capitalised(g.count as u64),
                    plural(g.count, "study", "studies")
                )
            };
            let cite = cite::inline(self.style(), &g.cited, false);
            sentences.push(format!("{subject} {}{cite}", self.missing_phrase(one)));
        }
        let mut out = sentences.join(". ");
        out.push('.');
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
