//! Number fields (sample size, age, follow-up weeks) are summarised, not
//! tallied value by value: their range and median, and the bands
//! `[fields.X] bands = [...]` declares ("under 20", "20–99", "100 or more").

use serde::Serialize;

use crate::manuscript::cite::Cited;
use crate::manuscript::tally::{Citing, Group, NOT_RECORDED, group_of};
use crate::model::{FieldDef, FieldKind, FieldValue, Study};

/// The range and median of a number field over the studies in view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Studies with a number recorded.
    pub n: usize,
    pub min: f64,
    pub max: f64,
    pub median: f64,
    /// True when the field declares bands: the sentence lists them.
    #[serde(skip)]
    pub banded: bool,
    /// The studies at the minimum and at the maximum, for citing the range.
    #[serde(skip)]
    pub at_min: Vec<Cited>,
    #[serde(skip)]
    pub at_max: Vec<Cited>,
}

/// The number a study records for `key`, if it is one.
fn value(s: &Study, key: &str) -> Option<f64> {
    match s.extraction_value(key)? {
        FieldValue::Integer(i) => Some(*i as f64),
        FieldValue::Number(n) if n.is_finite() => Some(*n),
        _ => None,
    }
}

/// The summary of `key` over `studies`; `None` when none records a number.
pub fn summary(key: &str, studies: &[&Study]) -> Option<Summary> {
    let mut vals: Vec<(f64, &Study)> = studies
        .iter()
        .filter_map(|s| value(s, key).map(|v| (v, *s)))
        .collect();
    if vals.is_empty() {
        return None;
    }
    vals.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = vals.len();
    let median = if n % 2 == 1 {
        vals[n / 2].0
    } else {
        (vals[n / 2 - 1].0 + vals[n / 2].0) / 2.0
    };
    let (min, max) = (vals[0].0, vals[n - 1].0);
    let at = |x: f64| {
        vals.iter()
            .filter(|(v, _)| *v == x)
            .map(|(_, s)| Cited::of(s))
            .collect()
    };
    Some(Summary {
        n,
        min,
        max,
        median,
        banded: false,
        at_min: at(min),
        at_max: at(max),
    })
}

/// A number as a manuscript prints it: `12`, `27.5`, `0.35`.
pub fn format(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The bands of `def` as (label, lowest value, value it stays under):
/// "under 10", "10–49", …, "100 or more" for whole numbers; "10 to under
/// 50" for decimals.
pub fn bands(def: &FieldDef) -> Vec<(String, f64, f64)> {
    let b = &def.bands;
    let Some((&first, _)) = b.split_first() else {
        return Vec::new();
    };
    let whole = def.kind == FieldKind::Integer && b.iter().all(|x| x.fract() == 0.0);
    let mut out = vec![(format!("under {}", format(first)), f64::NEG_INFINITY, first)];
    for w in b.windows(2) {
        let (lo, hi) = (w[0], w[1]);
        let label = if whole && hi - lo == 1.0 {
            format(lo)
        } else if whole {
            format!("{}–{}", format(lo), format(hi - 1.0))
        } else {
            format!("{} to under {}", format(lo), format(hi))
        };
        out.push((label, lo, hi));
    }
    let last = b[b.len() - 1];
    out.push((format!("{} or more", format(last)), last, f64::INFINITY));
    out
}

/// The groups of a number field: its bands in ascending order when it
/// declares them, else one group per value in ascending order; the studies
/// with no number last.
pub(crate) fn groups(
    def: &FieldDef,
    studies: &[&Study],
    total: usize,
    citing: Citing,
) -> Vec<Group> {
    let mut none: Vec<&Study> = Vec::new();
    let mut valued: Vec<(f64, &Study)> = Vec::new();
    for s in studies {
        match value(s, &def.key) {
            Some(v) => valued.push((v, s)),
            None => none.push(s),
        }
    }
    valued.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let bands = bands(def);
    if bands.is_empty() {
        let mut i = 0;
        while i < valued.len() {
            let v = valued[i].0;
            let members: Vec<&Study> = valued[i..]
                .iter()
                .take_while(|(x, _)| *x == v)
                .map(|(_, s)| *s)
                .collect();
            i += members.len();
            let label = format(v);
            out.push(group_of(&label, &label, &members, total, citing));
        }
    } else {
        for (label, lo, hi) in bands {
            let members: Vec<&Study> = valued
                .iter()
                .filter(|(v, _)| *v >= lo && *v < hi)
                .map(|(_, s)| *s)
                .collect();
            if !members.is_empty() {
                out.push(group_of(&label, &label, &members, total, citing));
            }
        }
    }
    if !none.is_empty() {
        out.push(group_of("", NOT_RECORDED, &none, total, citing));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(kind: FieldKind, bands: &[f64]) -> FieldDef {
        FieldDef {
            key: "n".into(),
            label: "Sample size".into(),
            kind,
            bands: bands.to_vec(),
            ..FieldDef::default()
        }
    }

    #[test]
    fn bands_read_as_a_manuscript_writes_them() {
        let labels = |d: &FieldDef| -> Vec<String> { bands(d).into_iter().map(|b| b.0).collect() };
        assert_eq!(
            labels(&def(FieldKind::Integer, &[10.0, 50.0, 100.0])),
            ["under 10", "10–49", "50–99", "100 or more"]
        );
        assert_eq!(
            labels(&def(FieldKind::Number, &[0.5, 1.5])),
            ["under 0.5", "0.5 to under 1.5", "1.5 or more"]
        );
        assert_eq!(
            labels(&def(FieldKind::Integer, &[1.0, 2.0])),
            ["under 1", "1", "2 or more"]
        );
        assert!(labels(&def(FieldKind::Integer, &[])).is_empty());
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        let st = |id: &str, n: i64| Study {
            id: id.into(),
            extraction: vec![("n".into(), FieldValue::Integer(n))],
            ..Study::default()
        };
        let all = [st("a", 4), st("b", 14), st("c", 1), st("d", 30)];
        let refs: Vec<&Study> = all.iter().collect();
        let s = summary("n", &refs).unwrap();
        assert_eq!((s.n, s.min, s.max, s.median), (4, 1.0, 30.0, 9.0));
        assert_eq!(s.at_min[0].id, "c");
        assert_eq!(format(27.5), "27.5");
        assert_eq!(format(0.126), "0.13");
        assert_eq!(format(12.0), "12");
        assert!(summary("n", &refs[..0]).is_none());
    }
}
