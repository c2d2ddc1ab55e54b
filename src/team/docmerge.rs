//! Three-way merge of TOML documents, values and comments alike.
//!
//! Tables merge key by key; an array of tables whose every table names
//! itself (`key`, `id`, `name` or `file` in `review.toml` and instrument
//! files; instrument, reviewer in a study's appraisals) merges table by
//! table, matched by that name; any other value merges as a whole. A
//! comment belongs to the key (or table header) it stands above, or to the
//! value it follows on the same line, and merges as that key's value does:
//! a comment added, changed or removed on one side is taken, and different
//! changes on the two sides are a conflict, marked like a value's.
//!
//! `review.toml` and instrument files merge entirely here; a study's values
//! are merged as data by [`super::merge`], which then calls [`carry_comments`]
//! so that the comments of both sides survive the rewrite.

use toml_edit::{ArrayOfTables, DocumentMut, Item, RawString, Table};

use crate::store::parse::located::item_to_json;

use super::merge::{Merged, Side, with_markers};

/// Names a table of an array of tables at `path` ("designs",
/// "designs[qualitative].children", "appraisals"); `None`: it has no name.
pub type Identity<'a> = &'a dyn Fn(&str, &Table) -> Option<String>;

/// The identity of tables in `review.toml` and instrument files: the first
/// of `key`, `id`, `name`, `file` the table holds as a string.
pub fn named(_path: &str, t: &Table) -> Option<String> {
    ["key", "id", "name", "file"]
        .iter()
        .find_map(|k| t.get(k).and_then(Item::as_str).map(String::from))
}

/// One walk over a document, writing into a target document that starts as
/// OURS (a whole merge) or as the data already merged (comments only).
struct Walk<'a> {
    /// Merge values too (else only comments).
    values: bool,
    choose: &'a dyn Fn(&str) -> Side,
    identity: Identity<'a>,
    conflicts: Vec<String>,
}

fn raw(r: Option<&RawString>) -> String {
    r.and_then(|r| r.as_str()).unwrap_or("").to_string()
}

/// The comments of a stretch of white space and comments, one per line;
/// white space alone is layout, not a comment.
fn comments(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The comment (with its white space) before key `k` of `t`.
fn key_prefix(t: &Table, k: &str) -> Option<String> {
    t.key(k).map(|key| raw(key.leaf_decor().prefix()))
}

/// What follows the value of `k` on its line (a trailing comment), or what
/// follows a table's header.
fn suffix(t: &Table, k: &str) -> Option<String> {
    match t.get(k)? {
        Item::Value(v) => Some(raw(v.decor().suffix())),
        Item::Table(x) => Some(raw(x.decor().suffix())),
        _ => None,
    }
}

/// Every comment in a table: above its header and in it.
fn table_comments(t: &Table) -> String {
    let mut doc = DocumentMut::new();
    doc.insert("t", Item::Table(t.clone()));
    comments(&doc.to_string())
}

/// The comment before a table's header.
fn header(t: &Table) -> String {
    raw(t.decor().prefix())
}

/// Tables of an array matched by name; `None` when a table has no name or
/// two share one.
fn by_name<'t>(
    identity: Identity<'_>,
    path: &str,
    a: Option<&'t ArrayOfTables>,
) -> Option<Vec<(String, &'t Table)>> {
    let mut out: Vec<(String, &Table)> = Vec::new();
    for t in a.map(|a| a.iter()).into_iter().flatten() {
        let name = identity(path, t)?;
        if out.iter().any(|(n, _)| *n == name) {
            return None;
        }
        out.push((name, t));
    }
    Some(out)
}

fn find<'t>(l: &[(String, &'t Table)], name: &str) -> Option<&'t Table> {
    l.iter().find(|(n, _)| n == name).map(|(_, t)| *t)
}

/// Names in OURS' order, then THEIRS' new ones, then BASE's.
fn union<'n>(lists: [&[&'n str]; 3]) -> Vec<&'n str> {
    let mut out: Vec<&str> = Vec::new();
    for l in lists {
        for n in l {
            if !out.contains(n) {
                out.push(n);
            }
        }
    }
    out
}

fn keys(t: Option<&Table>) -> Vec<&str> {
    t.map(|t| t.iter().map(|(k, _)| k).collect())
        .unwrap_or_default()
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl Walk<'_> {
    /// A comment three ways: the text the target gets (`None`: leave it).
    /// `name` names it as a conflict ("year (comment)").
    fn comment(
        &mut self,
        name: &str,
        b: Option<String>,
        o: Option<String>,
        t: Option<String>,
    ) -> Option<String> {
        let Some(t) = t else {
            return o;
        };
        let (nb, no, nt) = (
            b.as_deref().map(comments),
            o.as_deref().map(comments),
            comments(&t),
        );
        if nb.as_deref() == Some(nt.as_str()) || no.as_deref() == Some(nt.as_str()) {
            return o.or(Some(t));
        }
        if o.is_none() || no == nb {
            return Some(t);
        }
        // Both changed the comments above one key: line by line, as git
        // would, before calling it a conflict.
        if let Some(o) = &o {
            let lines = super::textmerge::merge_lines(b.as_deref().unwrap_or(""), o, &t);
            if lines.conflicts == 0 {
                return Some(lines.text);
            }
        }
        let side = (self.choose)(name);
        self.conflicts.push(name.to_string());
        match side {
            Side::Ours => o,
            Side::Theirs => Some(t),
        }
    }

    /// Merges the comments of key `k` of three tables into `target`.
    fn key_comments(
        &mut self,
        path: &str,
        k: &str,
        b: Option<&Table>,
        o: Option<&Table>,
        t: Option<&Table>,
        target: &mut Table,
    ) {
        let name = join(path, k);
        let before = self.comment(
            &format!("{name} (comment)"),
            b.and_then(|x| key_prefix(x, k)),
            o.and_then(|x| key_prefix(x, k)),
            t.and_then(|x| key_prefix(x, k)),
        );
        if let (Some(p), Some(mut key)) = (before, target.key_mut(k)) {
            key.leaf_decor_mut().set_prefix(p);
        }
        let after = self.comment(
            &format!("{name} (end of line)"),
            b.and_then(|x| suffix(x, k)),
            o.and_then(|x| suffix(x, k)),
            t.and_then(|x| suffix(x, k)),
        );
        if let Some(s) = after {
            match target.get_mut(k) {
                Some(Item::Value(v)) => v.decor_mut().set_suffix(s),
                Some(Item::Table(x)) => x.decor_mut().set_suffix(s),
                _ => {}
            }
        }
    }

    /// Comments only (the values are the data merge's): a value of BASE
    /// that one side removed while the other kept it as it was but changed
    /// its comment is a conflict, as git sees it — the comment is that
    /// side's change and must not vanish with the value. Taking the side
    /// that kept it puts the value back with its comment.
    fn removed_but_commented(
        &mut self,
        path: &str,
        b: Option<&Table>,
        o: Option<&Table>,
        t: Option<&Table>,
        target: &mut Table,
    ) {
        let Some(b) = b else { return };
        let said = |x: &Table, k: &str| {
            comments(&format!(
                "{}{}",
                key_prefix(x, k).unwrap_or_default(),
                suffix(x, k).unwrap_or_default()
            ))
        };
        for (k, bi) in b.iter() {
            if target.contains_key(k) || !matches!(bi, Item::Value(_)) {
                continue;
            }
            let (oi, ti) = (o.and_then(|x| x.get(k)), t.and_then(|x| x.get(k)));
            let (kept, by, side) = match (oi, ti) {
                (Some(i), None) => (i, o, Side::Ours),
                (None, Some(i)) => (i, t, Side::Theirs),
                _ => continue,
            };
            let Some(by) = by else { continue };
            if item_to_json(kept) != item_to_json(bi) || said(by, k) == said(b, k) {
                continue;
            }
            let name = format!(
                "{} (removed on one side, commented on the other)",
                join(path, k)
            );
            let chosen = (self.choose)(&name);
            self.conflicts.push(name);
            if chosen == side {
                target.insert(k, kept.clone());
                if let (Some(mut key), Some(from)) = (target.key_mut(k), by.key(k)) {
                    *key.leaf_decor_mut() = from.leaf_decor().clone();
                }
            }
        }
    }

    /// Merges three versions of a table into `target`.
    fn table(
        &mut self,
        path: &str,
        b: Option<&Table>,
        o: Option<&Table>,
        t: Option<&Table>,
        target: &mut Table,
    ) {
        let names: Vec<String> = if self.values {
            union([&keys(o), &keys(t), &keys(b)])
                .into_iter()
                .map(String::from)
                .collect()
        } else {
            self.removed_but_commented(path, b, o, t, target);
            target.iter().map(|(k, _)| k.to_string()).collect()
        };
        for k in &names {
            let k = k.as_str();
            let (bi, oi, ti) = (
                b.and_then(|x| x.get(k)),
                o.and_then(|x| x.get(k)),
                t.and_then(|x| x.get(k)),
            );
            let name = join(path, k);
            match (oi, ti) {
                (Some(Item::Table(ot)), Some(Item::Table(tt))) if bi.is_none_or(Item::is_table) => {
                    let bt = bi.and_then(Item::as_table);
                    if let Some(Item::Table(target)) = target.get_mut(k) {
                        let c = self.comment(
                            &format!("{name} (header)"),
                            bt.map(header),
                            Some(header(ot)),
                            Some(header(tt)),
                        );
                        if let Some(c) = c {
                            target.decor_mut().set_prefix(c);
                        }
                        self.table(&name, bt, Some(ot), Some(tt), target);
                    }
                }
                (Some(Item::ArrayOfTables(oa)), Some(Item::ArrayOfTables(ta)))
                    if bi.is_none_or(Item::is_array_of_tables)
                        && self.tables(
                            &name,
                            bi.and_then(Item::as_array_of_tables),
                            oa,
                            ta,
                            target,
                            k,
                        ) => {}
                _ if !self.values => {
                    // The value is the data merge's; its comments are ours.
                    if !matches!(target.get(k), Some(Item::Value(_))) {
                        continue;
                    }
                    self.key_comments(path, k, b, o, t, target);
                }
                _ => {
                    let j = |i: Option<&Item>| i.map(item_to_json);
                    let (bj, mut oj, mut tj) = (j(bi), j(oi), j(ti));
                    // A value one side removed and the other only commented
                    // on is changed there too.
                    let said = |x: Option<&Table>| {
                        x.map(|x| {
                            comments(&format!(
                                "{}{}",
                                key_prefix(x, k).unwrap_or_default(),
                                suffix(x, k).unwrap_or_default()
                            ))
                        })
                    };
                    let (cb, co, ct) = (said(b), said(o), said(t));
                    if oi.is_none() && ti.is_some() && tj == bj && ct != cb {
                        tj = tj.map(|v| serde_json::json!({ "value": v, "comment": ct }));
                    }
                    if ti.is_none() && oi.is_some() && oj == bj && co != cb {
                        oj = oj.map(|v| serde_json::json!({ "value": v, "comment": co }));
                    }
                    let theirs = if oj == tj || tj == bj {
                        false
                    } else if oj == bj {
                        true
                    } else {
                        let side = (self.choose)(&name);
                        self.conflicts.push(name.clone());
                        side == Side::Theirs
                    };
                    if theirs {
                        match ti {
                            Some(i) => {
                                target.insert(k, i.clone());
                            }
                            None => {
                                target.remove(k);
                            }
                        }
                    }
                    if target.contains_key(k) && !target.contains_table(k) {
                        self.key_comments(path, k, b, o, t, target);
                    } else if let Some(Item::Table(x)) = target.get_mut(k) {
                        let c = self.comment(
                            &format!("{name} (header)"),
                            bi.and_then(Item::as_table).map(header),
                            oi.and_then(Item::as_table).map(header),
                            ti.and_then(Item::as_table).map(header),
                        );
                        if let Some(c) = c {
                            x.decor_mut().set_prefix(c);
                        }
                    }
                }
            }
        }
    }

    /// Merges an array of tables table by table, matched by name, into
    /// `target[k]`; false (nothing done) when a table has no name.
    fn tables(
        &mut self,
        path: &str,
        b: Option<&ArrayOfTables>,
        o: &ArrayOfTables,
        t: &ArrayOfTables,
        target: &mut Table,
        k: &str,
    ) -> bool {
        let (Some(bn), Some(on), Some(tn)) = (
            by_name(self.identity, path, b),
            by_name(self.identity, path, Some(o)),
            by_name(self.identity, path, Some(t)),
        ) else {
            return false;
        };
        if !self.values {
            let Some(Item::ArrayOfTables(arr)) = target.get_mut(k) else {
                return true;
            };
            for x in arr.iter_mut() {
                let Some(name) = (self.identity)(path, x) else {
                    continue;
                };
                let (bt, ot, tt) = (find(&bn, &name), find(&on, &name), find(&tn, &name));
                self.one_table(&format!("{path}[{name}]"), bt, ot, tt, x);
            }
            return true;
        }
        let names = |l: &[(String, &Table)]| l.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        let (nb, no, nt) = (names(&bn), names(&on), names(&tn));
        fn refs(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        let mut out = ArrayOfTables::new();
        for name in union([&refs(&no), &refs(&nt), &refs(&nb)]) {
            let (bt, ot, tt) = (find(&bn, name), find(&on, name), find(&tn, name));
            let full = format!("{path}[{name}]");
            match (ot, tt) {
                (Some(ot), Some(tt)) => {
                    let mut x = ot.clone();
                    self.one_table(&full, bt, Some(ot), Some(tt), &mut x);
                    out.push(x);
                }
                _ => {
                    // A table one side removed and the other only commented
                    // on is changed there too: its comments count.
                    let j = |x: Option<&Table>| {
                        x.map(|x| (item_to_json(&Item::Table(x.clone())), table_comments(x)))
                    };
                    let (bj, oj, tj) = (j(bt), j(ot), j(tt));
                    let theirs = if oj == tj || tj == bj {
                        false
                    } else if oj == bj {
                        true
                    } else {
                        let side = (self.choose)(&full);
                        self.conflicts.push(full);
                        side == Side::Theirs
                    };
                    if let Some(x) = if theirs { tt } else { ot } {
                        out.push(x.clone());
                    }
                }
            }
        }
        if out.is_empty() {
            target.remove(k);
        } else {
            target.insert(k, Item::ArrayOfTables(out));
        }
        true
    }

    /// One table of an array, its header's comment and its keys.
    fn one_table(
        &mut self,
        path: &str,
        b: Option<&Table>,
        o: Option<&Table>,
        t: Option<&Table>,
        target: &mut Table,
    ) {
        let c = self.comment(
            &format!("{path} (header)"),
            b.map(header),
            o.map(header),
            t.map(header),
        );
        if let Some(c) = c {
            target.decor_mut().set_prefix(c);
        }
        self.table(path, b, o, t, target);
    }
}

/// Carries the comments of BASE, OURS and THEIRS over into `target` (the
/// merged data, written over OURS' text): a comment only THEIRS added or
/// changed is taken, and one both changed differently is a conflict, whose
/// side `choose` picks. Returns the conflicts.
pub fn carry_comments(
    base: &DocumentMut,
    ours: &DocumentMut,
    theirs: &DocumentMut,
    target: &mut DocumentMut,
    identity: Identity<'_>,
    choose: &dyn Fn(&str) -> Side,
) -> Vec<String> {
    let mut w = Walk {
        values: false,
        choose,
        identity,
        conflicts: Vec::new(),
    };
    w.table(
        "",
        Some(base.as_table()),
        Some(ours.as_table()),
        Some(theirs.as_table()),
        target.as_table_mut(),
    );
    trailing(&mut w, base, ours, theirs, target);
    w.conflicts
}

/// The comments after the last value of the document.
fn trailing(
    w: &mut Walk,
    base: &DocumentMut,
    ours: &DocumentMut,
    theirs: &DocumentMut,
    target: &mut DocumentMut,
) {
    let s = |d: &DocumentMut| raw(Some(d.trailing()));
    if let Some(t) = w.comment(
        "end of file (comment)",
        Some(s(base)),
        Some(s(ours)),
        Some(s(theirs)),
    ) {
        target.set_trailing(t);
    }
}

/// Merges three TOML documents with `choose` picking the side of each
/// conflict; the merged document and its conflicts.
pub fn merge_docs(
    base: &DocumentMut,
    ours: &DocumentMut,
    theirs: &DocumentMut,
    identity: Identity<'_>,
    choose: &dyn Fn(&str) -> Side,
) -> (DocumentMut, Vec<String>) {
    let mut target = ours.clone();
    let mut w = Walk {
        values: true,
        choose,
        identity,
        conflicts: Vec::new(),
    };
    w.table(
        "",
        Some(base.as_table()),
        Some(ours.as_table()),
        Some(theirs.as_table()),
        target.as_table_mut(),
    );
    trailing(&mut w, base, ours, theirs, &mut target);
    (target, w.conflicts)
}

/// A side that is not TOML: the merge falls back to a merge of lines.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{side} is not valid TOML")]
pub struct NotToml {
    pub side: &'static str,
}

/// Merges three versions of `review.toml` (or an instrument file), values
/// and comments; see the module documentation. A merge of lines that is
/// clean and reads as the same document is kept as it is (both sides'
/// layout exactly).
pub fn merge_toml_text(base: &str, ours: &str, theirs: &str) -> Result<Merged, NotToml> {
    let clean = |text: &str| Merged {
        text: text.to_string(),
        conflicts: Vec::new(),
    };
    if theirs == base || ours == theirs {
        return Ok(clean(ours));
    }
    if ours == base {
        return Ok(clean(theirs));
    }
    let doc =
        |side: &'static str, text: &str| text.parse::<DocumentMut>().map_err(|_| NotToml { side });
    let (b, o, t) = (
        doc("BASE", base)?,
        doc("OURS", ours)?,
        doc("THEIRS", theirs)?,
    );
    let (main, conflicts) = merge_docs(&b, &o, &t, &named, &|_| Side::Ours);
    let main_text = main.to_string();
    if conflicts.is_empty() {
        let lines = super::textmerge::merge_lines(base, ours, theirs);
        let same = lines.conflicts == 0
            && lines
                .text
                .parse::<DocumentMut>()
                .is_ok_and(|d| item_to_json(d.as_item()) == item_to_json(main.as_item()));
        return Ok(clean(if same { &lines.text } else { &main_text }));
    }
    let (other, _) = merge_docs(&b, &o, &t, &named, &|_| Side::Theirs);
    Ok(Merged {
        text: with_markers(&main_text, &other.to_string()),
        conflicts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"format = 1
title = "A review"

# The taxonomy.
[[designs]]
key = "qualitative"
label = "qualitative research designs"

[[designs]]
key = "rct"
label = "RCTs"

[fields.country]
label = "Country"
kind = "text"
"#;

    #[test]
    fn designs_and_fields_merge_by_name_with_both_sides_comments() {
        let ours = BASE
            .replace("label = \"RCTs\"", "label = \"randomised trials\"")
            .replace(
                "# The taxonomy.\n",
                "# The taxonomy.\n# Ana: RCTs renamed.\n",
            );
        let theirs = format!(
            "{}\n# Ben: a design for reviews.\n[[designs]]\nkey = \"review\"\nlabel = \"reviews\"\n",
            BASE.replace("kind = \"text\"", "kind = \"text\"  # free text")
        );
        let m = merge_toml_text(BASE, &ours, &theirs).expect("TOML");
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        for want in [
            "# Ana: RCTs renamed.",
            "label = \"randomised trials\"",
            "# Ben: a design for reviews.",
            "key = \"review\"",
            "kind = \"text\"  # free text",
        ] {
            assert!(m.text.contains(want), "{want} missing:\n{}", m.text);
        }
    }

    #[test]
    fn the_same_value_changed_twice_conflicts_there_only() {
        let ours = BASE.replace("title = \"A review\"", "title = \"Ours\"");
        let theirs = BASE.replace("title = \"A review\"", "title = \"Theirs\"");
        let m = merge_toml_text(BASE, &ours, &theirs).expect("TOML");
        assert_eq!(m.conflicts, vec!["title"]);
        assert!(
            m.text.contains(
                "<<<<<<< ours\ntitle = \"Ours\"\n=======\ntitle = \"Theirs\"\n>>>>>>> theirs\n"
            ),
            "{}",
            m.text
        );
    }

    #[test]
    fn a_comment_changed_differently_on_both_sides_is_marked() {
        let ours = BASE.replace("# The taxonomy.", "# The taxonomy, ours.");
        let theirs = BASE.replace("# The taxonomy.", "# The taxonomy, theirs.");
        let m = merge_toml_text(BASE, &ours, &theirs).expect("TOML");
        assert_eq!(m.conflicts, vec!["designs[qualitative] (header)"]);
        assert!(
            m.text.contains("# The taxonomy, ours.\n=======\n"),
            "{}",
            m.text
        );
    }
}
