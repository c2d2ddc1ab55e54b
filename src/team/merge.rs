//! Three-way merge of one study file at the level of its data.
//!
//! BASE, OURS and THEIRS are read into studies; every top-level value, every
//! extraction field, every unknown key and every appraisal (keyed by
//! instrument, reviewer, outcome and MMAT category — a second appraisal with
//! the same key, which `check` reports, by its place among them — its
//! answers merged item by item) is merged on its
//! own: a change on one side is taken, the same change on both sides is taken
//! once, and different changes to the same value are a conflict. `tags` and
//! `keywords` merge as sets; `authors` is an ordered list, merged as a whole;
//! the consensus appraisal merges as one unit (its answers, overall and
//! comment agree with each other, so they are never taken from two sides).
//! The result is written over OURS' text by the same in-place writer as every
//! save, so OURS' comments, key order and unknown keys stay, and THEIRS'
//! comments are carried over ([`super::docmerge::carry_comments`]); when a
//! merge of lines is clean and reads as the same study, its text is taken
//! instead, keeping both sides' layout exactly. A conflicting value (or
//! comment) is written twice, OURS' and THEIRS', between git's conflict
//! markers, and nothing else of the file is.

use std::path::Path;

use toml_edit::{DocumentMut, Item, Table};

use crate::appraisal::Registry;
use crate::model::{Appraisal, Review, Study};
use crate::store::parse::parse_study;
use crate::store::write::render_study;

/// Calls `$m!` with every study value that merges as a whole, as
/// `"name" => field` pairs.
macro_rules! scalar_fields {
    ($m:ident) => {
        $m!(
            "id" => id, "ref" => reference, "ref_shared" => ref_shared, "title" => title,
            "authors" => authors, "year" => year, "journal" => journal, "volume" => volume,
            "issue" => issue, "pages" => pages, "doi" => doi, "pmid" => pmid, "url" => url,
            "design" => design, "notes" => notes, "abstract" => r#abstract,
        )
    };
}

/// What identifies an appraisal among a study's appraisals: two with the
/// same key are the same reviewer's appraisal with the same instrument.
type AppraisalKey = String;

/// The key of an appraisal (the one place that says what it is): its
/// instrument, MMAT category, reviewer and outcome, in words ("rob2 by BK",
/// "rob2 by BK for pain at 12 weeks"). Two appraisals with one key (which
/// `check` reports) are told apart by their place ([`keyed`]).
fn appraisal_key(a: &Appraisal) -> AppraisalKey {
    a.key_name()
}

/// The appraisals of a list with their keys; a second with the same key is
/// "… #2", so a merge never folds two into one.
fn keyed(list: &[Appraisal]) -> Vec<(AppraisalKey, Appraisal)> {
    let mut out: Vec<(AppraisalKey, Appraisal)> = Vec::with_capacity(list.len());
    for (i, a) in list.iter().enumerate() {
        let n = list[..i].iter().filter(|b| b.key() == a.key()).count();
        let key = if n == 0 {
            appraisal_key(a)
        } else {
            format!("{} #{}", appraisal_key(a), n + 1)
        };
        out.push((key, a.clone()));
    }
    out
}

/// How a merge names an appraisal ("appraisals[rob2 by BK]").
fn appraisal_name(k: &AppraisalKey) -> String {
    format!("appraisals[{}]", table_name(k))
}

/// How a merge names this appraisal ("appraisals[rob2 by BK]").
pub fn appraisal_field(a: &Appraisal) -> String {
    appraisal_name(&appraisal_key(a))
}

/// The part of [`appraisal_name`] between the brackets.
fn table_name(k: &AppraisalKey) -> String {
    k.clone()
}

/// The key of an `[[appraisals]]` table as written, for matching its
/// comments (as [`appraisal_key`] keys the appraisal read from it).
fn appraisal_table_key(t: &Table) -> Option<AppraisalKey> {
    let s = |k: &str| t.get(k).and_then(Item::as_str);
    let a = Appraisal {
        instrument: s("instrument")?.into(),
        reviewer: s("reviewer")?.into(),
        outcome: s("outcome").map(String::from),
        category: t.get("category").and_then(Item::as_integer),
        ..Appraisal::default()
    };
    Some(appraisal_key(&a))
}

/// Which side a conflicting value is taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// The outcome of a merge that could read all three sides.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged file; holds conflict markers when `conflicts` is not empty.
    pub text: String,
    /// The values changed differently on the two sides ("doi",
    /// "extraction.n", "appraisals[MMAT by AB].answers.1.1"), and comments
    /// ("year (comment)").
    pub conflicts: Vec<String>,
}

/// A side that is not a readable study: the merge must fall back to a merge
/// of the text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{side} is not a readable study file: {reason}")]
pub struct NotAStudy {
    pub side: &'static str,
    pub reason: String,
}

/// Merges three versions of a study file. An empty BASE (the file was added
/// on both sides) merges as a study with nothing in it.
pub fn merge_study_text(
    reg: &Registry,
    base: &str,
    ours: &str,
    theirs: &str,
) -> Result<Merged, NotAStudy> {
    let main = merge_study_choosing(reg, base, ours, theirs, &|_| Side::Ours)?;
    if main.conflicts.is_empty() {
        return Ok(main);
    }
    let other = merge_study_choosing(reg, base, ours, theirs, &|_| Side::Theirs)?;
    Ok(Merged {
        text: with_markers(&main.text, &other.text),
        conflicts: main.conflicts,
    })
}

/// Merges three versions of a study file, taking each conflicting value
/// (named as [`Merged::conflicts`] names it) from the side `choose` gives:
/// the file to write once the user chose, field by field. `conflicts`
/// lists what was chosen; `text` has no markers.
pub fn merge_study_choosing(
    reg: &Registry,
    base: &str,
    ours: &str,
    theirs: &str,
    choose: &dyn Fn(&str) -> Side,
) -> Result<Merged, NotAStudy> {
    let clean = |text: &str| Merged {
        text: text.to_string(),
        conflicts: Vec::new(),
    };
    // Trivial merges keep the file byte for byte.
    if theirs == base || ours == theirs {
        return Ok(clean(ours));
    }
    if ours == base {
        return Ok(clean(theirs));
    }
    let b = if base.trim().is_empty() {
        Study::default()
    } else {
        read("BASE", base)?
    };
    let o = read("OURS", ours)?;
    let t = read("THEIRS", theirs)?;
    let (merged, mut conflicts) = merge_studies(&b, &o, &t, choose);
    let mut text = render_study(reg, &merged, Some(ours));
    text = drop_extra(&text, &o, &merged);
    conflicts.extend(carry(base, ours, theirs, &mut text, choose));
    if conflicts.is_empty() {
        // Both sides' layout, when a merge of lines says the same.
        let lines = super::textmerge::merge_lines(base, ours, theirs);
        if lines.conflicts == 0 && read("MERGED", &lines.text).is_ok_and(|s| s == merged) {
            text = lines.text;
        }
    }
    Ok(Merged { text, conflicts })
}

/// THEIRS' comments carried into `text` (the merged study written over
/// OURS); the comments both sides changed differently.
fn carry(
    base: &str,
    ours: &str,
    theirs: &str,
    text: &mut String,
    choose: &dyn Fn(&str) -> Side,
) -> Vec<String> {
    let doc = |t: &str| t.parse::<DocumentMut>().ok();
    let (Some(b), Some(o), Some(t), Some(mut m)) = (doc(base), doc(ours), doc(theirs), doc(text))
    else {
        return Vec::new();
    };
    let identity = |path: &str, t: &Table| -> Option<String> {
        (path == "appraisals").then(|| appraisal_table_key(t).map(|k| table_name(&k)))?
    };
    let conflicts = super::docmerge::carry_comments(&b, &o, &t, &mut m, &identity, choose);
    *text = m.to_string();
    conflicts
}

fn read(side: &'static str, text: &str) -> Result<Study, NotAStudy> {
    let parsed = parse_study(Path::new(side), text, None, &Review::default());
    parsed.study.ok_or_else(|| NotAStudy {
        side,
        reason: parsed
            .problems
            .first()
            .map(|p| p.to_string())
            .unwrap_or_else(|| "unreadable".to_string()),
    })
}

/// Merges the data of three studies; see the module documentation. Each
/// conflicting value is taken from the side `choose` gives; the conflicts
/// are returned with the study.
pub fn merge_studies(
    b: &Study,
    o: &Study,
    t: &Study,
    choose: &dyn Fn(&str) -> Side,
) -> (Study, Vec<String>) {
    let mut m = Merger {
        conflicts: Vec::new(),
        choose,
    };
    let mut out = Study::default();
    macro_rules! pick {
        ($($name:literal => $field:ident),* $(,)?) => {$(
            out.$field = m.pick($name.to_string(), &b.$field, &o.$field, &t.$field);
        )*};
    }
    scalar_fields!(pick);
    out.tags = set_merge(&b.tags, &o.tags, &t.tags);
    out.keywords = set_merge(&b.keywords, &o.keywords, &t.keywords);
    out.extraction = m.keyed("extraction.", &b.extraction, &o.extraction, &t.extraction);
    out.extra = m.keyed("", &b.extra, &o.extra, &t.extra);
    out.appraisals = m.appraisals(b, o, t);
    (out, m.conflicts)
}

/// (key, value) pairs in order.
type Keyed<K, V> = Vec<(K, V)>;

struct Merger<'c> {
    conflicts: Vec<String>,
    choose: &'c dyn Fn(&str) -> Side,
}

impl Merger<'_> {
    /// One value: the side that changed it, or the side chosen.
    fn pick<T: PartialEq + Clone>(&mut self, path: String, b: &T, o: &T, t: &T) -> T {
        if o == t || t == b {
            o.clone()
        } else if o == b {
            t.clone()
        } else {
            let side = (self.choose)(&path);
            self.conflicts.push(path);
            match side {
                Side::Ours => o.clone(),
                Side::Theirs => t.clone(),
            }
        }
    }

    /// A list of (key, value) pairs merged key by key, in OURS' order with
    /// THEIRS' new keys after.
    fn keyed<
        K: PartialEq + Clone + std::fmt::Display + std::ops::Deref<Target = str>,
        V: PartialEq + Clone,
    >(
        &mut self,
        prefix: &str,
        b: &[(K, V)],
        o: &[(K, V)],
        t: &[(K, V)],
    ) -> Keyed<K, V> {
        let get = |l: &[(K, V)], k: &str| l.iter().find(|(n, _)| &**n == k).map(|(_, v)| v.clone());
        let mut out = Vec::new();
        for key in union_keys(
            o.iter().map(|(k, _)| k.clone()),
            t.iter().map(|(k, _)| k.clone()),
            b.iter().map(|(k, _)| k.clone()),
        ) {
            let x = self.pick(
                format!("{prefix}{key}"),
                &get(b, &key),
                &get(o, &key),
                &get(t, &key),
            );
            if let Some(x) = x {
                out.push((key, x));
            }
        }
        out
    }

    fn appraisals(&mut self, b: &Study, o: &Study, t: &Study) -> Vec<Appraisal> {
        let (bk, ok, tk) = (
            keyed(&b.appraisals),
            keyed(&o.appraisals),
            keyed(&t.appraisals),
        );
        let get = |l: &[(AppraisalKey, Appraisal)], k: &AppraisalKey| {
            l.iter().find(|(n, _)| n == k).map(|(_, a)| a.clone())
        };
        let keys = union_keys(
            ok.iter().map(|(k, _)| k.clone()),
            tk.iter().map(|(k, _)| k.clone()),
            bk.iter().map(|(k, _)| k.clone()),
        );
        let mut out = Vec::new();
        for k in keys {
            let name = appraisal_name(&k);
            let (bo, oo, to) = (get(&bk, &k), get(&ok, &k), get(&tk, &k));
            let x = match (&oo, &to) {
                // One reviewer's appraisal merges item by item; the
                // consensus is one agreed whole.
                (Some(x), Some(y)) if oo != bo && to != bo && x != y && !x.is_consensus() => {
                    let empty = Appraisal {
                        instrument: x.instrument.clone(),
                        reviewer: x.reviewer.clone(),
                        category: x.category,
                        outcome: x.outcome.clone(),
                        ..Appraisal::default()
                    };
                    let base = bo.unwrap_or(empty);
                    Some(self.appraisal(&name, &base, x, y))
                }
                _ => self.pick(name, &bo, &oo, &to),
            };
            out.extend(x);
        }
        out
    }

    /// One appraisal changed on both sides: merged item by item.
    fn appraisal(&mut self, name: &str, b: &Appraisal, o: &Appraisal, t: &Appraisal) -> Appraisal {
        let mut x = o.clone();
        x.category = self.pick(
            format!("{name}.category"),
            &b.category,
            &o.category,
            &t.category,
        );
        x.outcome = self.pick(
            format!("{name}.outcome"),
            &b.outcome,
            &o.outcome,
            &t.outcome,
        );
        x.overall = self.pick(
            format!("{name}.overall"),
            &b.overall,
            &o.overall,
            &t.overall,
        );
        x.comment = self.pick(
            format!("{name}.comment"),
            &b.comment,
            &o.comment,
            &t.comment,
        );
        x.answers = self
            .keyed(
                &format!("{name}.answers."),
                &b.answers.to_vec(),
                &o.answers.to_vec(),
                &t.answers.to_vec(),
            )
            .into();
        x.notes = self.keyed(&format!("{name}.notes."), &b.notes, &o.notes, &t.notes);
        x
    }
}

/// Keys in OURS' order, then THEIRS' new ones, then BASE's (so that a key
/// deleted on one side and changed on the other is still looked at).
fn union_keys<K: PartialEq + Clone>(
    o: impl Iterator<Item = K>,
    t: impl Iterator<Item = K>,
    b: impl Iterator<Item = K>,
) -> Vec<K> {
    let mut keys: Vec<K> = Vec::new();
    for k in o.chain(t).chain(b) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys
}

/// A set-like list: what either side added is in, what either side removed
/// is out; OURS' order, THEIRS' additions after.
fn set_merge(b: &[String], o: &[String], t: &[String]) -> Vec<String> {
    let mut out: Vec<String> = o
        .iter()
        .filter(|x| !b.contains(x) || t.contains(x))
        .cloned()
        .collect();
    for x in t {
        if !b.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

/// The writer never removes an unknown key; a merge removes the ones that
/// OURS has and the merged study no longer does (THEIRS deleted them).
fn drop_extra(text: &str, ours: &Study, merged: &Study) -> String {
    let gone: Vec<&str> = ours
        .extra
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| !merged.extra.iter().any(|(n, _)| n == k))
        .collect();
    if gone.is_empty() {
        return text.to_string();
    }
    let Ok(mut doc) = text.parse::<DocumentMut>() else {
        return text.to_string();
    };
    for k in gone {
        doc.remove(k);
    }
    doc.to_string()
}

/// OURS' text with every run of lines where THEIRS' differs written twice
/// between git's conflict markers.
pub(crate) fn with_markers(ours: &str, theirs: &str) -> String {
    let a: Vec<&str> = ours.split_inclusive('\n').collect();
    let b: Vec<&str> = theirs.split_inclusive('\n').collect();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b);
    let mut out = String::with_capacity(ours.len() + 64);
    let mut pending: Option<(std::ops::Range<usize>, std::ops::Range<usize>)> = None;
    let flush = |out: &mut String,
                 hunk: Option<(std::ops::Range<usize>, std::ops::Range<usize>)>| {
        let Some((x, y)) = hunk else { return };
        let lines = |out: &mut String, l: &[&str]| {
            for line in l {
                out.push_str(line);
                if !line.ends_with('\n') {
                    out.push('\n');
                }
            }
        };
        out.push_str("<<<<<<< ours\n");
        lines(out, &a[x]);
        out.push_str("=======\n");
        lines(out, &b[y]);
        out.push_str(">>>>>>> theirs\n");
    };
    for op in ops {
        let (tag, x, y) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            flush(&mut out, pending.take());
            for line in &a[x] {
                out.push_str(line);
            }
        } else {
            pending = Some(match pending.take() {
                Some((px, py)) => (px.start..x.end, py.start..y.end),
                None => (x, y),
            });
        }
    }
    flush(&mut out, pending.take());
    out
}

/// The values that differ between two versions of a study, named as the
/// merge names its conflicts ("doi", "extraction.n", "appraisals[MMAT by AB]").
pub fn changed_fields(a: &Study, b: &Study) -> Vec<String> {
    let mut out = Vec::new();
    macro_rules! cmp {
        ($($name:literal => $field:ident),* $(,)?) => {$(
            if a.$field != b.$field {
                out.push($name.to_string());
            }
        )*};
    }
    scalar_fields!(cmp);
    cmp!("tags" => tags, "keywords" => keywords);
    keyed_changes(&mut out, "extraction.", &a.extraction, &b.extraction);
    keyed_changes(&mut out, "", &a.extra, &b.extra);
    let apps = |s: &Study| -> Keyed<String, Appraisal> {
        keyed(&s.appraisals)
            .into_iter()
            .map(|(k, x)| (format!("[{k}]"), x))
            .collect()
    };
    keyed_changes(&mut out, "appraisals", &apps(a), &apps(b));
    out
}

/// Adds `prefix` + the name of every key whose value differs between `x`
/// and `y` (present in one only, or different).
fn keyed_changes<K: std::ops::Deref<Target = str>, V: PartialEq>(
    out: &mut Vec<String>,
    prefix: &str,
    x: &[(K, V)],
    y: &[(K, V)],
) {
    fn get<'l, K: std::ops::Deref<Target = str>, V>(l: &'l [(K, V)], k: &str) -> Option<&'l V> {
        l.iter().find(|(n, _)| &**n == k).map(|(_, v)| v)
    }
    let keys = union_keys(
        x.iter().map(|(k, _)| k.to_string()),
        y.iter().map(|(k, _)| k.to_string()),
        std::iter::empty(),
    );
    for k in keys {
        if get(x, &k) != get(y, &k) {
            out.push(format!("{prefix}{k}"));
        }
    }
}

/// Sets the value `name` (as [`changed_fields`] names it) of `into` to
/// what `from` has there, removing it where `from` has none.
pub fn take_value(into: &mut Study, from: &Study, name: &str) {
    macro_rules! take {
        ($($n:literal => $field:ident),* $(,)?) => {$(
            if name == $n {
                into.$field = from.$field.clone();
                return;
            }
        )*};
    }
    scalar_fields!(take);
    take!("tags" => tags, "keywords" => keywords);
    fn put<K: std::ops::Deref<Target = str> + for<'k> From<&'k str>, V: Clone>(
        into: &mut Keyed<K, V>,
        from: &[(K, V)],
        key: &str,
    ) {
        let new = from
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, v)| v.clone());
        match (into.iter().position(|(k, _)| &**k == key), new) {
            (Some(i), Some(v)) => into[i].1 = v,
            (Some(i), None) => {
                into.remove(i);
            }
            (None, Some(v)) => into.push((key.into(), v)),
            (None, None) => {}
        }
    }
    if let Some(key) = name.strip_prefix("extraction.") {
        put(&mut into.extraction, &from.extraction, key);
    } else if name.starts_with("appraisals[") {
        let named = |a: &Appraisal| appraisal_name(&appraisal_key(a)) == name;
        let new = from.appraisals.iter().find(|a| named(a)).cloned();
        match (into.appraisals.iter().position(named), new) {
            (Some(i), Some(a)) => into.appraisals[i] = a,
            (Some(i), None) => {
                into.appraisals.remove(i);
            }
            (None, Some(a)) => into.appraisals.push(a),
            (None, None) => {}
        }
    } else {
        put(&mut into.extra, &from.extra, name);
    }
}
