//! The appraisal grid of one instrument: studies (and their outcomes or
//! MMAT categories) down, items across, a symbol per answer that reads
//! without colour (`+` low / yes, `-` some concerns, `x` high / no, `!!`
//! critical, `?` no information; stars and points as their number; `≠`
//! where the reviewers differ, `…` where not all have answered), the
//! overall judgement, and per item the share of each level among the agreed
//! answers (robvis's summary plot).

use crate::appraisal::instrument::{Instrument, ItemScale, canonical};
use crate::appraisal::rules::canonical_answer;
use crate::appraisal::{Judgement, Level, Registry, State, Unit, units};
use crate::model::{Answer, Appraisal, Study};

/// The symbol of a level.
pub fn symbol(level: Level) -> &'static str {
    match level {
        Level::Good => "+",
        Level::Fair => "-",
        Level::Bad => "x",
        Level::Critical => "!!",
        Level::Unknown => "?",
    }
}

/// One cell: what is shown and how good or bad it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub level: Level,
    /// False where the reviewers differ (`≠`) or not all have answered
    /// (`…`): no single answer speaks for the study, and the summary does
    /// not count it.
    pub agreed: bool,
}

/// The cell of an item on which the reviewers differ.
pub const DIFFERS: &str = "≠";
/// The cell of an item some reviewers have answered and some not yet.
pub const PENDING: &str = "…";

/// One row: a study's unit (instrument, MMAT category, outcome).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Index into the studies given to [`grid`].
    pub study: usize,
    pub unit: Unit,
    /// Where the reviewers stand.
    pub state: State,
    /// One per item; `None` where unanswered.
    pub cells: Vec<Option<Cell>>,
    pub overall: Option<Judgement>,
}

impl Row {
    /// What the row is about beside its study, where a study has several
    /// ("pain", "5 mixed methods").
    pub fn about(&self) -> Option<&str> {
        self.overall.as_ref().and_then(|j| j.about.as_deref())
    }
}

/// The grid of one instrument.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub instrument: String,
    /// Item ids, left to right.
    pub items: Vec<String>,
    pub rows: Vec<Row>,
}

/// The instruments `studies` were appraised with, by name.
pub fn instruments_used(studies: &[&Study]) -> Vec<String> {
    let mut v: Vec<String> = studies
        .iter()
        .flat_map(|s| s.appraisals.iter().map(|a| a.instrument.to_string()))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The cell text of an answer that says the item does not apply ("not
/// applicable", AMSTAR 2's "no meta-analysis"): a state of its own, never
/// "no information".
pub const NA: &str = "na";

/// True for a scale word that says the item does not apply.
fn not_applicable(word: &str, label: &str) -> bool {
    matches!(word, "not-applicable" | "no-ma" | "na")
        || label.starts_with("not applicable")
        || label.starts_with("no meta-analysis")
}

fn cell(inst: &Instrument, item: &str, a: &Answer) -> Option<Cell> {
    let it = inst.item(item)?;
    Some(match (inst.scale_of(it)?, a) {
        (ItemScale::Words(w), Answer::Text(t)) => {
            let word = canonical(w, t);
            let level = word.map_or(Level::Unknown, |w| w.level.into());
            let text = match word {
                Some(w) if not_applicable(&w.word, &w.label) => NA.to_string(),
                _ => symbol(level).into(),
            };
            Cell {
                text,
                level,
                agreed: true,
            }
        }
        (ItemScale::Range(lo, hi), Answer::Int(n)) => Cell {
            text: n.to_string(),
            level: if *n >= hi {
                Level::Good
            } else if *n <= lo {
                Level::Bad
            } else {
                Level::Fair
            },
            agreed: true,
        },
        _ => Cell {
            text: "·".into(),
            level: Level::Unknown,
            agreed: true,
        },
    })
}

/// The cell of `item` for a unit whose reviewers are not settled: their
/// answer where all gave the same, else `≠` (they differ) or `…` (not all
/// have answered).
fn unsettled_cell(inst: &Instrument, item: &str, raters: &[&Appraisal]) -> Option<Cell> {
    let answers: Vec<Option<Answer>> = raters
        .iter()
        .map(|a| {
            a.answer(item)
                .map(|g| canonical_answer(inst, item, &g).unwrap_or(g))
        })
        .collect();
    let given: Vec<&Answer> = answers.iter().flatten().collect();
    let first = given.first()?;
    let mark = |text: &str| Cell {
        text: text.into(),
        level: Level::Unknown,
        agreed: false,
    };
    if given.iter().any(|a| a != first) {
        Some(mark(DIFFERS))
    } else if given.len() < answers.len() {
        Some(mark(PENDING))
    } else {
        cell(inst, item, first)
    }
}

/// The grid of `inst` over `studies`: a row per study and unit appraised
/// with it, in order.
pub fn grid(reg: &Registry, inst: &Instrument, studies: &[&Study]) -> Grid {
    let mut rows = Vec::new();
    for (i, s) in studies.iter().enumerate() {
        for u in units(reg, &s.appraisals) {
            if u.unit.instrument != inst.name {
                continue;
            }
            let cells = inst
                .items
                .iter()
                .map(|it| match (u.settled(), u.consensus) {
                    (Some(a), _) | (None, Some(a)) => {
                        a.answer(&it.id).and_then(|ans| cell(inst, &it.id, &ans))
                    }
                    (None, None) => unsettled_cell(inst, &it.id, &u.raters),
                })
                .collect();
            rows.push(Row {
                study: i,
                state: u.state,
                cells,
                overall: u.judgement,
                unit: u.unit,
            });
        }
    }
    Grid {
        instrument: inst.name.clone(),
        items: inst.items.iter().map(|i| i.id.clone()).collect(),
        rows,
    }
}

impl Grid {
    /// For item `col`, the number of agreed answers at each level, in the
    /// order good, fair, bad, critical, unknown (the summary bar).
    pub fn summary(&self, col: usize) -> [usize; 5] {
        let mut out = [0; 5];
        for r in &self.rows {
            if let Some(Some(c)) = r.cells.get(col)
                && c.agreed
            {
                out[level_index(c.level)] += 1;
            }
        }
        out
    }
}

/// The position of a level in [`Grid::summary`].
pub fn level_index(l: Level) -> usize {
    match l {
        Level::Good => 0,
        Level::Fair => 1,
        Level::Bad => 2,
        Level::Critical => 3,
        Level::Unknown => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_and_summary_of_a_small_grid() {
        let reg = Registry::builtin();
        let rob2 = reg.get("rob2").expect("rob2");
        let study = |d: [&str; 5]| Study {
            appraisals: vec![Appraisal {
                instrument: "rob2".into(),
                reviewer: "consensus".into(),
                answers: d
                    .iter()
                    .enumerate()
                    .map(|(i, w)| (format!("d{}", i + 1), Answer::Text((*w).into())))
                    .collect(),
                ..Appraisal::default()
            }],
            ..Study::default()
        };
        let a = study(["low", "SC", "high", "NI", "low"]);
        let b = study(["low", "low", "low", "low", "low"]);
        let none = Study::default();
        let g = grid(&reg, rob2, &[&a, &none, &b]);
        assert_eq!(g.rows.len(), 2);
        assert_eq!(g.rows[1].study, 2);
        let texts: Vec<&str> = g.rows[0]
            .cells
            .iter()
            .map(|c| c.as_ref().map_or("", |c| c.text.as_str()))
            .collect();
        assert_eq!(texts, ["+", "-", "x", "?", "+"]);
        assert_eq!(g.summary(0), [2, 0, 0, 0, 0]);
        assert_eq!(g.summary(2), [1, 0, 1, 0, 0]);
        assert_eq!(
            g.rows[0].overall.as_ref().map(|j| j.level.as_str()),
            Some("high")
        );
    }
}
