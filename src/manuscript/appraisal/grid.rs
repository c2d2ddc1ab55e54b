//! The appraisal grid of one instrument: studies down, items across, a
//! symbol per answer that reads without colour (`+` low / yes, `-` some
//! concerns, `x` high / no, `!!` critical, `?` no information; stars and
//! points as their number), the overall judgement, and per item the share
//! of each level (robvis's summary plot).

use crate::appraisal::instrument::{Instrument, ItemScale, canonical};
use crate::appraisal::{Judgement, Level, Registry};
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
}

/// One study's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Index into the studies given to [`grid`].
    pub study: usize,
    /// One per item; `None` where unanswered.
    pub cells: Vec<Option<Cell>>,
    pub overall: Option<Judgement>,
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
        .flat_map(|s| s.appraisals.iter().map(|a| a.instrument.clone()))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The appraisal a study's row shows: the consensus, else the first.
fn shown<'a>(inst: &Instrument, s: &'a Study) -> Option<&'a Appraisal> {
    let mine = || s.appraisals.iter().filter(|a| a.instrument == inst.name);
    mine().find(|a| a.is_consensus()).or_else(|| mine().next())
}

fn cell(inst: &Instrument, item: &str, a: &Answer) -> Option<Cell> {
    let it = inst.item(item)?;
    Some(match (inst.scale_of(it)?, a) {
        (ItemScale::Words(w), Answer::Text(t)) => {
            let level = canonical(w, t).map_or(Level::Unknown, |w| w.level.into());
            Cell {
                text: symbol(level).into(),
                level,
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
        },
        _ => Cell {
            text: "·".into(),
            level: Level::Unknown,
        },
    })
}

/// The grid of `inst` over `studies` (those appraised with it, in order).
pub fn grid(reg: &Registry, inst: &Instrument, studies: &[&Study]) -> Grid {
    let rows = studies
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let a = shown(inst, s)?;
            Some(Row {
                study: i,
                cells: inst
                    .items
                    .iter()
                    .map(|it| a.answer(&it.id).and_then(|ans| cell(inst, &it.id, ans)))
                    .collect(),
                overall: Judgement::of(reg, &s.appraisals).filter(|j| j.instrument == inst.name),
            })
        })
        .collect();
    Grid {
        instrument: inst.name.clone(),
        items: inst.items.iter().map(|i| i.id.clone()).collect(),
        rows,
    }
}

impl Grid {
    /// For item `col`, the number of answers at each level, in the order
    /// good, fair, bad, critical, unknown (the summary bar).
    pub fn summary(&self, col: usize) -> [usize; 5] {
        let mut out = [0; 5];
        for r in &self.rows {
            if let Some(Some(c)) = r.cells.get(col) {
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
                    .map(|(i, w)| (format!("d{}", i + 1), Answer::Text(w.to_string())))
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
