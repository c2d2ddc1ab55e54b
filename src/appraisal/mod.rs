//! Overall appraisal judgements.
//!
//! Where an instrument defines a rule (RoB 2 and ROBINS-I worst domain,
//! AMSTAR 2 critical flaws, Newcastle–Ottawa AHRQ conversion, SANRA sum) the
//! judgement is computed from the answers; a recorded `overall` overrides it.
//! Elsewhere the judgement is the reviewer's recorded `overall`.

use std::fmt;

use crate::review::model::{Answer, Appraisal, Study};

/// An overall judgement with the instrument that gave it ("rob2: low"): the
/// same word means opposite things in different instruments (CASP "high"
/// quality, RoB 2 "high" risk), so a judgement never travels without it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Judgement {
    pub instrument: String,
    pub level: String,
}

impl Judgement {
    /// The judgement that counts for a study (its consensus appraisal, or
    /// its only one), if it has one.
    pub fn of(s: &Study) -> Option<Judgement> {
        let a = s.deciding_appraisal()?;
        Some(Judgement {
            instrument: a.instrument.clone(),
            level: overall(a)?,
        })
    }

    /// How good or bad it is, for colouring.
    pub fn rank(&self) -> Level {
        judgement_level(&self.instrument, &self.level)
    }
}

impl fmt::Display for Judgement {
    /// "rob2: low".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.instrument, self.level)
    }
}

/// The instruments whose overall judgements litrev computes.
pub const RULED: [&str; 5] = ["rob2", "robins-i", "amstar2", "nos-cohort", "sanra"];

/// The overall judgements an instrument's rule can give, for the
/// instruments that have one; `None` where the reviewer's word is free.
pub fn overall_words(instrument: &str) -> Option<Vec<String>> {
    let words: &[&str] = match instrument {
        "rob2" => &["low", "some-concerns", "high"],
        "robins-i" => &["low", "moderate", "serious", "critical", "no-info"],
        "amstar2" => &["high", "moderate", "low", "critically-low"],
        "nos-cohort" => &["good", "fair", "poor"],
        "sanra" => return Some((0..=12).map(|n| format!("{n}/12")).collect()),
        _ => return None,
    };
    Some(words.iter().map(|w| w.to_string()).collect())
}

/// How good or bad a judgement is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// low risk / yes / good / high quality
    Good,
    /// some concerns / moderate / fair / can't tell
    Fair,
    /// high risk / serious / poor / low quality
    Bad,
    /// critical / critically low
    Critical,
    /// no information / not applicable
    Unknown,
}

/// The level of a canonical judgement or answer word.
pub fn level(word: &str) -> Level {
    match word {
        "low" | "yes" | "good" | "include" | "high-quality" => Level::Good,
        "some-concerns" | "moderate" | "fair" | "cant-tell" | "partial-yes" | "unclear"
        | "seek-info" => Level::Fair,
        "high" | "serious" | "no" | "poor" | "exclude" => Level::Bad,
        "critical" | "critically-low" => Level::Critical,
        _ => Level::Unknown,
    }
}

/// The level of an overall judgement of `instrument`: for quality ratings
/// (CASP, AMSTAR 2) "high" is good; for risk of bias it is bad.
pub fn judgement_level(instrument: &str, judgement: &str) -> Level {
    let quality = matches!(instrument, "casp-qualitative" | "amstar2" | "mmat-2018");
    match (quality, judgement) {
        (true, "high") => Level::Good,
        (true, "low") => Level::Bad,
        _ if instrument == "sanra" => {
            let n: i64 = judgement
                .split('/')
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            match n {
                9.. => Level::Good,
                6..=8 => Level::Fair,
                _ => Level::Bad,
            }
        }
        _ => level(judgement),
    }
}

fn text<'a>(a: &'a Appraisal, item: &str) -> Option<&'a str> {
    match a.answer(item) {
        Some(Answer::Text(s)) => Some(s.as_str()),
        _ => None,
    }
}

fn int(a: &Appraisal, item: &str) -> Option<i64> {
    match a.answer(item) {
        Some(Answer::Int(i)) => Some(*i),
        Some(Answer::Text(s)) => s.trim().parse().ok(),
        None => None,
    }
}

/// The sum of the integer answers to `items`, if all are given. Saturating:
/// answers come from files, and a huge one must not overflow (a panic in a
/// debug build, a wrapped negative total in a release one).
fn sum(a: &Appraisal, items: impl IntoIterator<Item = String>) -> Option<i64> {
    items
        .into_iter()
        .try_fold(0i64, |acc, item| Some(acc.saturating_add(int(a, &item)?)))
}

/// The judgement the instrument's rule gives, if it has one and every item
/// it needs is answered.
pub fn computed(a: &Appraisal) -> Option<String> {
    let domains =
        |n: usize| -> Option<Vec<&str>> { (1..=n).map(|i| text(a, &format!("d{i}"))).collect() };
    match a.instrument.as_str() {
        "rob2" => {
            let d = domains(5)?;
            Some(
                if d.contains(&"high") {
                    "high"
                } else if d.iter().all(|x| *x == "low") {
                    "low"
                } else {
                    "some-concerns"
                }
                .into(),
            )
        }
        "robins-i" => {
            let d = domains(7)?;
            let worst = ["critical", "serious"].into_iter().find(|w| d.contains(w));
            Some(
                match worst {
                    Some(w) => w,
                    None if d.contains(&"no-info") => "no-info",
                    None if d.contains(&"moderate") => "moderate",
                    None => "low",
                }
                .into(),
            )
        }
        "amstar2" => {
            const CRITICAL: [usize; 7] = [2, 4, 7, 9, 11, 13, 15];
            let mut critical = 0;
            let mut weak = 0;
            for i in 1..=16 {
                let ans = text(a, &format!("q{i}"))?;
                if ans == "no" {
                    if CRITICAL.contains(&i) {
                        critical += 1;
                    } else {
                        weak += 1;
                    }
                }
            }
            Some(
                match (critical, weak) {
                    (0, 0 | 1) => "high",
                    (0, _) => "moderate",
                    (1, _) => "low",
                    _ => "critically-low",
                }
                .into(),
            )
        }
        "nos-cohort" => {
            let sel = sum(a, (1..=4).map(|i| format!("s{i}")))?;
            let comp = int(a, "c1")?;
            let out = sum(a, (1..=3).map(|i| format!("o{i}")))?;
            Some(
                if sel >= 3 && comp >= 1 && out >= 2 {
                    "good"
                } else if sel == 2 && comp >= 1 && out >= 2 {
                    "fair"
                } else {
                    "poor"
                }
                .into(),
            )
        }
        "sanra" => {
            let total = sum(a, (1..=6).map(|i| format!("q{i}")))?;
            Some(format!("{total}/12"))
        }
        _ => None,
    }
}

/// The judgement that counts for one appraisal: the recorded override if
/// any, else the computed one.
pub fn overall(a: &Appraisal) -> Option<String> {
    a.overall.clone().or_else(|| computed(a))
}

/// The judgement that counts for a study (its consensus appraisal, or its
/// only one).
pub fn study_judgement(s: &Study) -> Option<String> {
    s.deciding_appraisal().and_then(overall)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn appraisal(instrument: &str, answers: &[(&str, &str)]) -> Appraisal {
        Appraisal {
            instrument: instrument.into(),
            reviewer: "consensus".into(),
            answers: answers
                .iter()
                .map(|(k, v)| (k.to_string(), Answer::Text(v.to_string())))
                .collect(),
            ..Appraisal::default()
        }
    }

    #[test]
    fn rob2_worst_domain() {
        let low = [
            ("d1", "low"),
            ("d2", "low"),
            ("d3", "low"),
            ("d4", "low"),
            ("d5", "low"),
        ];
        assert_eq!(computed(&appraisal("rob2", &low)).as_deref(), Some("low"));
        let mut some = low;
        some[2].1 = "some-concerns";
        assert_eq!(
            computed(&appraisal("rob2", &some)).as_deref(),
            Some("some-concerns")
        );
        some[4].1 = "high";
        assert_eq!(computed(&appraisal("rob2", &some)).as_deref(), Some("high"));
        let mut over = appraisal("rob2", &low);
        over.overall = Some("high".into());
        assert_eq!(overall(&over).as_deref(), Some("high"));
        assert_eq!(computed(&appraisal("rob2", &low[..4])), None);
    }
}
