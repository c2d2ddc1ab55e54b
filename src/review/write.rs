//! Turning a study back into TOML text.
//!
//! An existing file is edited in place with `toml_edit`: only the values that
//! changed are replaced, each keeping the comments and spacing around it, and
//! keys litrev does not know are left exactly as they were. A new study gets
//! a fresh file in the canonical key order.

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::model::*;
use super::parse::{lf, parse_study};

/// Sets, replaces (keeping the old value's comments) or removes `key`.
fn put(t: &mut dyn TableLike, key: &str, new: Option<Value>) {
    match new {
        None => {
            t.remove(key);
        }
        Some(mut v) => {
            if let Some(item) = t.get_mut(key) {
                if let Some(old) = item.as_value() {
                    *v.decor_mut() = old.decor().clone();
                }
                *item = Item::Value(v);
            } else {
                t.insert(key, Item::Value(v));
            }
        }
    }
}

fn str_value(s: &str) -> Value {
    Value::from(s)
}

fn str_array(v: &[String]) -> Value {
    Value::Array(v.iter().map(|s| s.as_str()).collect::<Array>())
}

fn opt_str(s: &Option<String>) -> Option<Value> {
    s.as_deref().map(str_value)
}

fn non_empty(v: &[String]) -> Option<Value> {
    (!v.is_empty()).then(|| str_array(v))
}

fn field_value(v: &FieldValue) -> Value {
    match v {
        FieldValue::Text(s) => str_value(s),
        FieldValue::Integer(i) => Value::from(*i),
        FieldValue::Number(n) => Value::from(*n),
        FieldValue::List(l) => str_array(l),
    }
}

fn answer_value(a: &Answer) -> Value {
    match a {
        Answer::Text(s) => str_value(s),
        Answer::Int(i) => Value::from(*i),
    }
}

/// Renders `study` as the text of its file. With `base` (the file as it was
/// loaded) only what differs from `base` is rewritten.
pub fn render_study(study: &Study, base: Option<&str>) -> String {
    let (mut doc, old) = match base.and_then(|b| b.parse::<DocumentMut>().ok().map(|d| (d, b))) {
        Some((doc, b)) => {
            let old = parse_study(std::path::Path::new(""), b, None, &Review::default())
                .study
                .unwrap_or_default();
            (doc, old)
        }
        None => (DocumentMut::new(), Study::default()),
    };
    let fresh = base.is_none();
    let root = doc.as_table_mut();
    macro_rules! field {
        ($name:literal, $field:ident, $value:expr) => {
            if fresh || old.$field != study.$field {
                put(root, $name, $value);
            }
        };
    }
    field!("id", id, Some(str_value(&study.id)));
    field!(
        "ref",
        reference,
        study.reference.map(|r| Value::from(i64::from(r)))
    );
    field!(
        "ref_shared",
        ref_shared,
        study.ref_shared.then(|| Value::from(true))
    );
    field!("title", title, Some(str_value(&study.title)));
    field!("authors", authors, non_empty(&study.authors));
    field!("year", year, study.year.map(|y| Value::from(i64::from(y))));
    field!("journal", journal, opt_str(&study.journal));
    field!("doi", doi, opt_str(&study.doi));
    field!("design", design, opt_str(&study.design));
    field!("tags", tags, non_empty(&study.tags));
    field!("notes", notes, opt_str(&study.notes));

    if fresh || old.extraction != study.extraction {
        patch_extraction(root, &study.extraction);
    }
    if fresh || old.appraisals != study.appraisals {
        patch_appraisals(root, &study.appraisals, &old.appraisals);
    }
    let text = doc.to_string();
    // toml_edit ends every line with "\n". A file kept with Windows line
    // endings keeps them, so an edit changes only the edited lines and an
    // unchanged study renders back to exactly its file.
    match base {
        Some(b) if b.find('\n').is_some_and(|i| b[..i].ends_with('\r')) => {
            text.replace("\r\n", "\n").replace('\n', "\r\n")
        }
        _ => text,
    }
}

fn patch_extraction(root: &mut Table, values: &[(String, FieldValue)]) {
    if values.is_empty() {
        root.remove("extraction");
        return;
    }
    if root
        .get("extraction")
        .and_then(|i| i.as_table_like())
        .is_none()
    {
        root.insert("extraction", Item::Table(Table::new()));
    }
    let Some(t) = root
        .get_mut("extraction")
        .and_then(|i| i.as_table_like_mut())
    else {
        return;
    };
    let stale: Vec<String> = t
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| !values.iter().any(|(n, _)| n == k))
        .collect();
    for k in stale {
        t.remove(&k);
    }
    for (k, v) in values {
        let same = t
            .get(k)
            .and_then(|i| i.as_value())
            .is_some_and(|old| values_equal(old, v));
        if !same {
            put(t, k, Some(field_value(v)));
        }
    }
}

fn values_equal(old: &Value, new: &FieldValue) -> bool {
    match (old, new) {
        (Value::String(s), FieldValue::Text(n)) => lf(s.value()) == *n,
        (Value::Integer(i), FieldValue::Integer(n)) => i.value() == n,
        (Value::Float(f), FieldValue::Number(n)) => f.value() == n,
        (Value::Array(a), FieldValue::List(l)) => {
            a.len() == l.len()
                && a.iter()
                    .zip(l)
                    .all(|(x, y)| x.as_str().map(lf).as_ref() == Some(y))
        }
        _ => false,
    }
}

fn answers_equal(old: &Value, new: &Answer) -> bool {
    match (old, new) {
        (Value::String(s), Answer::Text(n)) => lf(s.value()) == *n,
        (Value::Integer(i), Answer::Int(n)) => i.value() == n,
        _ => false,
    }
}

/// For each new appraisal, the index of the old one whose table it takes
/// over (`None`: a fresh table). An appraisal keeps its own table — with its
/// comments and the keys litrev does not know — when others are deleted,
/// added or reordered: an unchanged one is found by content, an edited one by
/// instrument and reviewer; what is left pairs up in order only when as many
/// old as new remain (an edit of who appraised, say).
fn match_appraisals(old: &[Appraisal], new: &[Appraisal]) -> Vec<Option<usize>> {
    let mut plan: Vec<Option<usize>> = vec![None; new.len()];
    let mut used = vec![false; old.len()];
    let same: [fn(&Appraisal, &Appraisal) -> bool; 2] = [
        |a, b| a == b,
        |a, b| a.instrument == b.instrument && a.reviewer == b.reviewer,
    ];
    for same in same {
        for (i, n) in new.iter().enumerate() {
            if plan[i].is_some() {
                continue;
            }
            if let Some(j) = (0..old.len()).find(|&j| !used[j] && same(&old[j], n)) {
                plan[i] = Some(j);
                used[j] = true;
            }
        }
    }
    let free_old: Vec<usize> = (0..old.len()).filter(|&j| !used[j]).collect();
    let free_new: Vec<usize> = (0..new.len()).filter(|&i| plan[i].is_none()).collect();
    if free_old.len() == free_new.len() {
        for (i, j) in free_new.into_iter().zip(free_old) {
            plan[i] = Some(j);
        }
    }
    plan
}

/// True when `plan` keeps every old table where it is.
fn in_place(plan: &[Option<usize>], old_len: usize) -> bool {
    plan.len() == old_len && plan.iter().enumerate().all(|(i, j)| *j == Some(i))
}

/// Gives `t` and every table under it the document position `pos`, so that
/// tables moved within an array of tables are written in their new order
/// (toml_edit writes tables by position, and a stable sort keeps the array's
/// order among equal positions).
fn set_positions(t: &mut Table, pos: isize) {
    t.set_position(Some(pos));
    for (_, item) in t.iter_mut() {
        match item {
            Item::Table(sub) => set_positions(sub, pos),
            Item::ArrayOfTables(a) => a.iter_mut().for_each(|sub| set_positions(sub, pos)),
            _ => {}
        }
    }
}

fn patch_appraisals(root: &mut Table, appraisals: &[Appraisal], old: &[Appraisal]) {
    if appraisals.is_empty() {
        root.remove("appraisals");
        return;
    }
    // `appraisals = [{ ... }, { ... }]` stays an inline array.
    if let Some(Item::Value(Value::Array(arr))) = root.get_mut("appraisals")
        && arr.len() == old.len()
        && arr.iter().all(|v| v.is_inline_table())
    {
        let plan = match_appraisals(old, appraisals);
        let tables: Vec<Value> = arr.iter().cloned().collect();
        let layout = tables.last().map(|v| v.decor().clone());
        arr.clear();
        for (a, from) in appraisals.iter().zip(plan) {
            let mut v = match from.and_then(|j| tables.get(j)) {
                Some(v) => v.clone(),
                None => {
                    let mut v = Value::InlineTable(InlineTable::new());
                    if let Some(d) = &layout {
                        *v.decor_mut() = d.clone();
                    }
                    v
                }
            };
            if let Some(t) = v.as_inline_table_mut() {
                patch_appraisal(t, a);
            }
            arr.push_formatted(v);
        }
        return;
    }
    if !matches!(root.get("appraisals"), Some(Item::ArrayOfTables(_))) {
        root.insert("appraisals", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let Some(Item::ArrayOfTables(aot)) = root.get_mut("appraisals") else {
        return;
    };
    if aot.len() == old.len() {
        let plan = match_appraisals(old, appraisals);
        if !in_place(&plan, old.len()) {
            let tables: Vec<Table> = aot.iter().cloned().collect();
            let mut moved = ArrayOfTables::new();
            for from in &plan {
                moved.push(
                    from.and_then(|j| tables.get(j))
                        .cloned()
                        .unwrap_or_default(),
                );
            }
            let positions: Vec<isize> = moved.iter().filter_map(|t| t.position()).collect();
            if positions.windows(2).any(|w| w[0] > w[1])
                && let Some(&first) = positions.iter().min()
            {
                moved.iter_mut().for_each(|t| set_positions(t, first));
            }
            *aot = moved;
        }
    }
    while aot.len() > appraisals.len() {
        aot.remove(aot.len() - 1);
    }
    for (i, a) in appraisals.iter().enumerate() {
        if i >= aot.len() {
            aot.push(Table::new());
        }
        let Some(t) = aot.get_mut(i) else { continue };
        patch_appraisal(t, a);
    }
}

fn patch_appraisal(t: &mut dyn TableLike, a: &Appraisal) {
    let same_str = |t: &dyn TableLike, k: &str, v: Option<&str>| {
        t.get(k).and_then(|i| i.as_str()).map(lf).as_deref() == v
    };
    if !same_str(t, "instrument", Some(&a.instrument)) {
        put(t, "instrument", Some(str_value(&a.instrument)));
    }
    if !same_str(t, "reviewer", Some(&a.reviewer)) || a.reviewer.is_empty() {
        put(
            t,
            "reviewer",
            (!a.reviewer.is_empty()).then(|| str_value(&a.reviewer)),
        );
    }
    if t.get("category").and_then(|i| i.as_integer()) != a.category {
        put(t, "category", a.category.map(Value::from));
    }
    if a.answers.is_empty() {
        t.remove("answers");
    } else {
        let created = t.get("answers").and_then(|i| i.as_table_like()).is_none();
        if created {
            t.insert(
                "answers",
                Item::Value(Value::InlineTable(InlineTable::new())),
            );
        }
        if let Some(ans) = t.get_mut("answers").and_then(|i| i.as_table_like_mut()) {
            let stale: Vec<String> = ans
                .iter()
                .map(|(k, _)| k.to_string())
                .filter(|k| !a.answers.iter().any(|(n, _)| n == k))
                .collect();
            for k in stale {
                ans.remove(&k);
            }
            for (k, v) in &a.answers {
                let same = ans
                    .get(k)
                    .and_then(|i| i.as_value())
                    .is_some_and(|old| answers_equal(old, v));
                if !same {
                    put(ans, k, Some(answer_value(v)));
                }
            }
        }
        if created && let Some(Item::Value(Value::InlineTable(it))) = t.get_mut("answers") {
            it.fmt();
        }
    }
    if !same_str(t, "overall", a.overall.as_deref()) {
        put(t, "overall", opt_str(&a.overall));
    }
    if !same_str(t, "comment", a.comment.as_deref()) {
        put(t, "comment", opt_str(&a.comment));
    }
}
