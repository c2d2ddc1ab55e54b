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
    fn values(&self, review: &Review, groups: &Groups, s: &Study) -> Vec<(String, String)> {
        let same = |v: String| (v.clone(), v);
        let mut v: Vec<(String, String)> = match self {
            Self::DesignGroup => s
                .design_path()
                .and_then(|p| groups.resolve(&p))
                .map(|r| (r.group.key.clone(), r.group.short_label().to_string()))
                .into_iter()
                .collect(),
            Self::Design => match s.design_path().and_then(|p| groups.resolve(&p)) {
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
                // Each group's place and its children's, looked up once per
                // key: not a search of the taxonomy per comparison (10 000
                // designs). The first group or child of a key wins, as in
                // `Review::resolve`.
                let mut groups: HashMap<&str, (usize, HashMap<&str, usize>, usize)> =
                    HashMap::with_capacity(review.designs.len());
                for (gi, d) in review.designs.iter().enumerate() {
                    groups.entry(d.key.as_str()).or_insert_with(|| {
                        let mut kids = HashMap::with_capacity(d.children.len());
                        for (ci, k) in d.children.iter().enumerate() {
                            kids.entry(k.key.as_str()).or_insert(ci + 1);
                        }
                        (gi, kids, d.children.len())
                    });
                }
                let place = |key: &str| -> (usize, usize) {
                    let (g, c) = key.split_once('/').unwrap_or((key, ""));
                    let Some((gi, kids, n)) = groups.get(g) else {
                        return (usize::MAX, 0);
                    };
                    let ci = match c {
                        "" => 0,
                        OTHER_KEY => n + 1,
                        c => kids.get(c).copied().unwrap_or(usize::MAX),
                    };
                    (*gi, ci)
                };
                keys.sort_by_cached_key(|a| place(&a.key));
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

/// The taxonomy's groups by key, for resolving each study's design in
/// constant time (`Review::resolve` searches the list: 10 000 studies ×
/// 10 000 designs).
struct Groups<'a> {
    by_key: HashMap<&'a str, &'a crate::model::Design>,
}

impl<'a> Groups<'a> {
    fn of(review: &'a Review) -> Groups<'a> {
        let mut by_key = HashMap::with_capacity(review.designs.len());
        for d in &review.designs {
            // The first group of a key wins, as in `Review::resolve`.
            by_key.entry(d.key.as_str()).or_insert(d);
        }
        Groups { by_key }
    }

    fn resolve(&self, p: &crate::model::DesignPath) -> Option<crate::model::DesignRef<'a>> {
        let group = *self.by_key.get(p.group())?;
        let child = match p.child() {
            Some(c) => Some(group.children.iter().find(|d| d.key == c)?),
            None => None,
        };
        Some(crate::model::DesignRef { group, child })
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
    /// Row key → column key → position in `cells`.
    #[serde(skip)]
    lookup: HashMap<String, HashMap<String, usize>>,
}

/// The most rows or columns a drawn map (text, Markdown, HTML, SVG) lays
/// out: past that, a grid is no longer something a reader can take in,
/// and its size grows with rows × columns, not with the studies.
pub const MAX_DRAWN_AXIS: usize = 1_000;

/// The most places (rows × columns) a drawn map lays out.
pub const MAX_DRAWN_CELLS: usize = 250_000;

/// Cross-tabulates `studies` by `rows` and `cols`.
///
/// Linear in the studies and their values, whatever the number of rows
/// and columns: each axis value is found through a map, and only the
/// non-empty cells are visited (a map of 10 000 designs × 10 000 tags has
/// 100 million places but only as many cells as the studies fill).
pub fn map(review: &Review, studies: &[&Study], rows: &Dim, cols: &Dim) -> Map {
    let groups = Groups::of(review);
    let value_or_none = |d: &Dim, s: &Study| {
        let v = d.values(review, &groups, s);
        if v.is_empty() {
            vec![(String::new(), d.none_label().to_string())]
        } else {
            v
        }
    };
    /// An axis being counted: its values in first-seen order, found by key.
    #[derive(Default)]
    struct Counting {
        axes: Vec<Axis>,
        at: HashMap<String, usize>,
    }
    impl Counting {
        /// `design`: the dimension is the design, whose `group/child` keys
        /// name their group as the parent row.
        fn bump(&mut self, design: bool, (key, label): &(String, String)) -> usize {
            match self.at.get(key) {
                Some(&i) => {
                    self.axes[i].total += 1;
                    i
                }
                None => {
                    self.at.insert(key.clone(), self.axes.len());
                    self.axes.push(Axis {
                        key: key.clone(),
                        label: label.clone(),
                        total: 1,
                        parent: key
                            .split_once('/')
                            .map(|(g, _)| g.to_string())
                            .filter(|_| design),
                    });
                    self.axes.len() - 1
                }
            }
        }
    }
    let mut row_axes = Counting::default();
    let mut col_axes = Counting::default();
    // Cells by (row, column) in first-seen numbering.
    let mut cells: HashMap<(usize, usize), Vec<&Study>> = HashMap::new();
    for &s in studies {
        let rs: Vec<usize> = value_or_none(rows, s)
            .iter()
            .map(|r| row_axes.bump(*rows == Dim::Design, r))
            .collect();
        let cs: Vec<usize> = value_or_none(cols, s)
            .iter()
            .map(|c| col_axes.bump(*cols == Dim::Design, c))
            .collect();
        for &r in &rs {
            for &c in &cs {
                cells.entry((r, c)).or_default().push(s);
            }
        }
    }
    // Each axis in its order, and where each first-seen value went.
    let ordered = |d: &Dim, counting: Counting| -> (Vec<Axis>, Vec<usize>) {
        let Counting { axes, at } = counting;
        let n = axes.len();
        let (none, mut some): (Vec<Axis>, Vec<Axis>) =
            axes.into_iter().partition(|a| a.key.is_empty());
        d.order(review, &mut some);
        some.extend(none);
        let mut to = vec![0; n];
        for (new, a) in some.iter().enumerate() {
            if let Some(&seen) = at.get(&a.key) {
                to[seen] = new;
            }
        }
        (some, to)
    };
    let (row_axes, row_to) = ordered(rows, row_axes);
    let (col_axes, col_to) = ordered(cols, col_axes);
    let mut filled: Vec<((usize, usize), Vec<&Study>)> = cells
        .into_iter()
        .map(|((r, c), members)| ((row_to[r], col_to[c]), members))
        .collect();
    filled.sort_unstable_by_key(|(at, _)| *at);
    let mut out = Vec::with_capacity(filled.len());
    for ((r, c), members) in filled {
        let cited: Vec<Cited> = members.iter().map(|s| Cited::of(s)).collect();
        let mut refs: Vec<u32> = members.iter().filter_map(|s| s.reference).collect();
        refs.sort_unstable();
        refs.dedup();
        out.push(Cell {
            row: row_axes[r].key.clone(),
            col: col_axes[c].key.clone(),
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
        lookup: HashMap::new(),
    }
    .indexed()
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

    /// The map with its cells found by row and column key.
    fn indexed(mut self) -> Self {
        let mut lookup: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for (i, c) in self.cells.iter().enumerate() {
            lookup
                .entry(c.row.clone())
                .or_default()
                .insert(c.col.clone(), i);
        }
        self.lookup = lookup;
        self
    }

    /// The cell at a row and column key, if it has studies.
    pub fn cell(&self, row: &str, col: &str) -> Option<&Cell> {
        let i = *self.lookup.get(row)?.get(col)?;
        self.cells.get(i)
    }

    /// Each non-empty cell with its row's and column's positions in `rows`
    /// and `cols`, row by row.
    pub fn placed(&self) -> Vec<(usize, usize, &Cell)> {
        fn index(axes: &[Axis]) -> HashMap<&str, usize> {
            axes.iter()
                .enumerate()
                .map(|(i, a)| (a.key.as_str(), i))
                .collect()
        }
        let (rows, cols) = (index(&self.rows), index(&self.cols));
        self.cells
            .iter()
            .filter_map(|c| Some((*rows.get(c.row.as_str())?, *cols.get(c.col.as_str())?, c)))
            .collect()
    }

    /// The label of a row (or, with `cols`, a column) key.
    pub fn label<'a>(&'a self, key: &str, cols: bool) -> Option<&'a str> {
        let axes = if cols { &self.cols } else { &self.rows };
        axes.iter().find(|a| a.key == key).map(|a| a.label.as_str())
    }

    /// Why the map is too large to draw as a grid (text, Markdown, HTML,
    /// SVG), naming the dimension; `None` when it is not. CSV and JSON,
    /// which list the non-empty cells, have no such limit.
    pub fn too_large_to_draw(&self) -> Option<String> {
        let (r, c) = (self.rows.len(), self.cols.len());
        let big = |n: usize, what: &str, by: &str| {
            (n > MAX_DRAWN_AXIS).then(|| format!("{} {what} ({by})", thousands(n)))
        };
        let mut parts: Vec<String> = [
            big(r, "rows", &self.rows_by),
            big(c, "columns", &self.cols_by),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() && r.saturating_mul(c) > MAX_DRAWN_CELLS {
            parts.push(format!("{} rows × {} columns", thousands(r), thousands(c)));
        }
        if parts.is_empty() {
            return None;
        }
        Some(format!(
            "the map has {}: too large to draw (at most {} rows or columns and {} places); `--format csv` or `--format json` lists its {} non-empty cells, or narrow it with --design, --tag or --year",
            parts.join(" and "),
            thousands(MAX_DRAWN_AXIS),
            thousands(MAX_DRAWN_CELLS),
            thousands(self.cells.len())
        ))
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

/// A count with thin thousands separators as the prose writes them
/// ("10 000").
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}
