//! The evidence map: a cross-tabulation of two dimensions of the studies in
//! view (design, tag, year or year band, appraisal, an extraction field),
//! with the count and the citation of every cell and the row and column
//! totals.
//!
//! A multi-valued dimension (tags, list fields) counts a study once per
//! value, so a row's cells can add up to more than its total; a total
//! counts each study once ([`Map::multi`] says when that happens).

use std::collections::HashMap;

use serde::Serialize;

use crate::appraisal::Judgement;
use crate::manuscript::cite::{self, CitationStyle, Cited};
use crate::manuscript::tally::{NO_TAG, NO_YEAR, NOT_APPRAISED, NOT_CLASSIFIED, NOT_RECORDED};
use crate::model::{FieldValue, Review, Study};

/// One dimension of the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dim {
    /// The most specific design: `qualitative/patient`, `rct`.
    Design,
    /// The design's group only: `qualitative`.
    DesignGroup,
    Year,
    /// Years in bands of this many (`year:5` → 2015–2019).
    YearBand(i32),
    Tag,
    Appraisal,
    Field(String),
}

impl Dim {
    /// Parses `design|design-group|year|year:N|tag|appraisal|FIELD`.
    pub fn parse(s: &str, review: &Review) -> Result<Self, String> {
        match s {
            "design" => Ok(Self::Design),
            "design-group" => Ok(Self::DesignGroup),
            "year" => Ok(Self::Year),
            "tag" | "tags" => Ok(Self::Tag),
            "appraisal" => Ok(Self::Appraisal),
            f if review.field(f).is_some() => Ok(Self::Field(f.to_string())),
            other => match other.strip_prefix("year:").map(str::parse::<i32>) {
                Some(Ok(n)) if (1..=100).contains(&n) => Ok(Self::YearBand(n)),
                Some(_) => Err(format!(
                    "\"{other}\": a year band is year:N with N from 1 to 100 years (year:5)"
                )),
                None => {
                    let mut names = vec![
                        "design",
                        "design-group",
                        "year",
                        "year:N",
                        "tag",
                        "appraisal",
                    ];
                    names.extend(review.fields.iter().map(|f| f.key.as_str()));
                    Err(format!(
                        "cannot map by \"{other}\": expected one of {}",
                        names.join(", ")
                    ))
                }
            },
        }
    }

    /// The name used on the command line and in JSON.
    pub fn name(&self) -> String {
        match self {
            Self::Design => "design".into(),
            Self::DesignGroup => "design-group".into(),
            Self::Year => "year".into(),
            Self::YearBand(n) => format!("year:{n}"),
            Self::Tag => "tag".into(),
            Self::Appraisal => "appraisal".into(),
            Self::Field(f) => f.clone(),
        }
    }

    /// The dimensions the TUI cycles through.
    pub fn all(review: &Review) -> Vec<Dim> {
        let mut v = vec![
            Self::Design,
            Self::DesignGroup,
            Self::Tag,
            Self::Year,
            Self::YearBand(5),
            Self::Appraisal,
        ];
        v.extend(review.fields.iter().map(|f| Self::Field(f.key.clone())));
        v
    }

    /// True when a study can have several values.
    fn multi(&self, review: &Review) -> bool {
        match self {
            Self::Tag => true,
            Self::Field(f) => review
                .field(f)
                .is_some_and(|d| d.kind == crate::model::FieldKind::List),
            _ => false,
        }
    }

    /// The label of the "no value" row or column.
    fn none_label(&self) -> &'static str {
        match self {
            Self::Design | Self::DesignGroup => NOT_CLASSIFIED,
            Self::Year | Self::YearBand(_) => NO_YEAR,
            Self::Tag => NO_TAG,
            Self::Appraisal => NOT_APPRAISED,
            Self::Field(_) => NOT_RECORDED,
        }
    }

    /// A study's values as (key, label); empty when it has none. By design,
    /// a study is in its group's row (the whole group) and in its child's
    /// row, or in the group's "other/unspecified" row when it is classed at
    /// the group only and the group has children.
    fn values(&self, review: &Review, s: &Study) -> Vec<(String, String)> {
        let same = |v: String| (v.clone(), v);
        let mut v: Vec<(String, String)> = match self {
            Self::DesignGroup => s
                .design_path()
                .and_then(|p| review.resolve(&p))
                .map(|r| (r.group.key.clone(), r.group.short_label().to_string()))
                .into_iter()
                .collect(),
            Self::Design => match s.design_path().and_then(|p| review.resolve(&p)) {
                None => Vec::new(),
                Some(r) => {
                    let group = (r.group.key.clone(), r.group.short_label().to_string());
                    match (r.child, r.group.children.is_empty()) {
                        (Some(c), _) => {
                            vec![group, (r.path().to_string(), c.short_label().to_string())]
                        }
                        (None, true) => vec![group],
                        (None, false) => vec![
                            group,
                            (format!("{}/{OTHER_KEY}", r.group.key), OTHER.to_string()),
                        ],
                    }
                }
            },
            Self::Year => s.year.map(|y| same(y.to_string())).into_iter().collect(),
            Self::YearBand(n) => s
                .year
                .map(|y| {
                    let from = y.div_euclid(*n) * n;
                    let label = if *n == 1 {
                        from.to_string()
                    } else {
                        format!("{from}–{}", from + n - 1)
                    };
                    (label.clone(), label)
                })
                .into_iter()
                .collect(),
            Self::Tag => review.themes(s).cloned().map(same).collect(),
            // As the tally counts them: by instrument and word, without the
            // detail (stars, overrides) that would split one category; a
            // study with several judgements is in each of their columns.
            Self::Appraisal => Judgement::each(&review.instruments, &s.appraisals)
                .into_iter()
                .map(|j| same(j.label()))
                .collect(),
            Self::Field(f) => match (s.extraction_value(f), review.field(f)) {
                (Some(FieldValue::List(v)), _) => v.iter().cloned().map(same).collect(),
                (Some(v @ (FieldValue::Integer(_) | FieldValue::Number(_))), Some(d))
                    if !d.bands.is_empty() =>
                {
                    let x = match v {
                        FieldValue::Integer(i) => *i as f64,
                        FieldValue::Number(n) => *n,
                        _ => f64::NAN,
                    };
                    crate::manuscript::numbers::bands(d)
                        .into_iter()
                        .find(|(_, lo, hi)| x >= *lo && x < *hi)
                        .map(|(label, _, _)| same(label))
                        .into_iter()
                        .collect()
                }
                (Some(v), _) => vec![same(v.to_string())],
                (None, _) => Vec::new(),
            },
        };
        v.sort();
        v.dedup();
        v
    }

    /// The order of the keys: taxonomy order for designs (a group, its
    /// children, its "other/unspecified"), years ascending, numbers
    /// ascending (bands in their order), else most studies first (ties
    /// alphabetically).
    fn order(&self, review: &Review, keys: &mut [Axis]) {
        match self {
            Self::Design | Self::DesignGroup => {
                let place = |key: &str| -> (usize, usize) {
                    let (g, c) = key.split_once('/').unwrap_or((key, ""));
                    let gi = review.designs.iter().position(|d| d.key == g);
                    let Some(gi) = gi else {
                        return (usize::MAX, 0);
                    };
                    let kids = &review.designs[gi].children;
                    let ci = match c {
                        "" => 0,
                        OTHER_KEY => kids.len() + 1,
                        c => kids
                            .iter()
                            .position(|k| k.key == c)
                            .map_or(usize::MAX, |i| i + 1),
                    };
                    (gi, ci)
                };
                keys.sort_by_key(|a| place(&a.key));
            }
            Self::Year | Self::YearBand(_) => keys.sort_by(|a, b| a.key.cmp(&b.key)),
            Self::Field(f) if review.field(f).is_some_and(|d| d.is_numeric()) => {
                let bands: Vec<String> = review
                    .field(f)
                    .map(|d| {
                        crate::manuscript::numbers::bands(d)
                            .into_iter()
                            .map(|b| b.0)
                            .collect()
                    })
                    .unwrap_or_default();
                let rank = |a: &Axis| -> f64 {
                    match bands.iter().position(|b| *b == a.key) {
                        Some(i) => i as f64,
                        None => a.key.parse::<f64>().unwrap_or(f64::INFINITY),
                    }
                };
                keys.sort_by(|a, b| rank(a).total_cmp(&rank(b)));
            }
            _ => keys.sort_by(|a, b| {
                b.total
                    .cmp(&a.total)
                    .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
            }),
        }
    }
}

/// The key (after `group/`) and the label of the row of the studies classed
/// at a design group only, when the group has children. Parentheses are no
/// part of a design key, so it never names a child.
pub const OTHER_KEY: &str = "(other)";
pub const OTHER: &str = "other/unspecified";

/// A row or column of the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Axis {
    /// The design path, tag, year, judgement or value; `""` for studies
    /// with no value; `group/(other)` for the studies classed at a design
    /// group only.
    pub key: String,
    pub label: String,
    /// Studies with this value, each once.
    pub total: usize,
    /// For a design's child (and a group's "other/unspecified"): the
    /// group's key. Its studies are also in the group's row, which counts
    /// the whole group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

impl Axis {
    /// 1 for a child row (shown indented under its group), else 0.
    pub fn depth(&self) -> usize {
        usize::from(self.parent.is_some())
    }
}

/// One cell: the studies with both values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub row: String,
    pub col: String,
    pub count: usize,
    /// Reference numbers, sorted.
    pub refs: Vec<u32>,
    /// Study ids, in citing order.
    pub ids: Vec<String>,
    /// The citation in the map's style, as a table cell.
    pub citation: String,
    #[serde(skip)]
    pub cited: Vec<Cited>,
}

/// The evidence map of the studies in view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Map {
    pub title: String,
    pub rows_by: String,
    pub cols_by: String,
    pub rows: Vec<Axis>,
    pub cols: Vec<Axis>,
    /// The non-empty cells, row by row.
    pub cells: Vec<Cell>,
    /// Studies in view, each once.
    pub total: usize,
    /// True when a study can sit in several rows or columns (tags), so the
    /// cells add up to more than the totals.
    pub multi: bool,
    #[serde(skip)]
    pub citation_style: CitationStyle,
}

/// Cross-tabulates `studies` by `rows` and `cols`.
pub fn map(review: &Review, studies: &[&Study], rows: &Dim, cols: &Dim) -> Map {
    let value_or_none = |d: &Dim, s: &Study| {
        let v = d.values(review, s);
        if v.is_empty() {
            vec![(String::new(), d.none_label().to_string())]
        } else {
            v
        }
    };
    let mut row_axes: Vec<Axis> = Vec::new();
    let mut col_axes: Vec<Axis> = Vec::new();
    let mut cells: HashMap<(String, String), Vec<&Study>> = HashMap::new();
    let bump = |axes: &mut Vec<Axis>, design: bool, (key, label): &(String, String)| match axes
        .iter_mut()
        .find(|a| a.key == *key)
    {
        Some(a) => a.total += 1,
        None => axes.push(Axis {
            key: key.clone(),
            label: label.clone(),
            total: 1,
            parent: key
                .split_once('/')
                .map(|(g, _)| g.to_string())
                .filter(|_| design),
        }),
    };
    for &s in studies {
        let rs = value_or_none(rows, s);
        let cs = value_or_none(cols, s);
        rs.iter()
            .for_each(|r| bump(&mut row_axes, *rows == Dim::Design, r));
        cs.iter()
            .for_each(|c| bump(&mut col_axes, *cols == Dim::Design, c));
        for (r, _) in &rs {
            for (c, _) in &cs {
                cells.entry((r.clone(), c.clone())).or_default().push(s);
            }
        }
    }
    let ordered = |d: &Dim, mut axes: Vec<Axis>| {
        let (none, mut some): (Vec<Axis>, Vec<Axis>) =
            axes.drain(..).partition(|a| a.key.is_empty());
        d.order(review, &mut some);
        some.extend(none);
        some
    };
    let row_axes = ordered(rows, row_axes);
    let col_axes = ordered(cols, col_axes);
    let mut out = Vec::new();
    for r in &row_axes {
        for c in &col_axes {
            let Some(members) = cells.get(&(r.key.clone(), c.key.clone())) else {
                continue;
            };
            let cited: Vec<Cited> = members.iter().map(|s| Cited::of(s)).collect();
            let mut refs: Vec<u32> = members.iter().filter_map(|s| s.reference).collect();
            refs.sort_unstable();
            refs.dedup();
            out.push(Cell {
                row: r.key.clone(),
                col: c.key.clone(),
                count: members.len(),
                refs,
                ids: cite::ordered(&cited)
                    .iter()
                    .map(|c| c.id.to_string())
                    .collect(),
                citation: String::new(),
                cited,
            });
        }
    }
    Map {
        title: review.title.clone(),
        rows_by: rows.name(),
        cols_by: cols.name(),
        rows: row_axes,
        cols: col_axes,
        cells: out,
        total: studies.len(),
        multi: rows.multi(review) || cols.multi(review),
        citation_style: review.citation_style,
    }
    .with_style(review.citation_style)
}

impl Map {
    /// The map citing in `style`.
    pub fn with_style(mut self, style: CitationStyle) -> Self {
        self.citation_style = style;
        for c in &mut self.cells {
            c.citation = cite::cell(style, &c.cited);
        }
        self
    }

    /// The map with the letters of [`cite::AuthorYears`] on its author-year
    /// labels ("Okafor, 2015a"), its `citation` cells redone.
    pub fn with_author_years(mut self, ay: &cite::AuthorYears) -> Self {
        if ay.is_empty() {
            // No label changes: the cells stand as they were made.
            return self;
        }
        for c in &mut self.cells {
            ay.apply(&mut c.cited);
        }
        let style = self.citation_style;
        self.with_style(style)
    }

    /// The cell at a row and column key, if it has studies.
    pub fn cell(&self, row: &str, col: &str) -> Option<&Cell> {
        self.cells.iter().find(|c| c.row == row && c.col == col)
    }

    /// A cell as words and citation: "3 [52, 68, 72]", "2 [@a; @b]".
    pub fn cell_text(&self, c: &Cell) -> String {
        format!(
            "{}{}",
            c.count,
            cite::inline(self.citation_style, &c.cited, false)
        )
    }

    /// The notes under the map: a multi-valued dimension counts a study
    /// once per value; a design group's row counts its whole group.
    pub fn notes(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.multi {
            out.push(
                "A study with several values (tags) is counted once in each of their rows or columns; \
                 the totals count each study once."
                    .to_string(),
            );
        }
        if self
            .rows
            .iter()
            .chain(&self.cols)
            .any(|a| a.parent.is_some())
        {
            out.push(format!(
                "A design group's row counts the whole group: its indented children and \
                 \"{OTHER}\" (studies classed at the group only)."
            ));
        }
        out
    }

    /// The notes as one paragraph, if any.
    pub fn note(&self) -> Option<String> {
        let n = self.notes();
        (!n.is_empty()).then(|| n.join(" "))
    }
}
