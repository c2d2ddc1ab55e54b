//! Turning a study back into TOML text.
//!
//! An existing file is edited in place with `toml_edit`: only the values that
//! changed are replaced, each keeping the comments and spacing around it, and
//! keys litrev does not know are left exactly as they were. A new study gets
//! a fresh file in the canonical key order.

use toml_edit::{
    Array, ArrayOfTables, DocumentMut, InlineTable, Item, RawString, Table, TableLike, Value,
};

use crate::appraisal::Registry;
use crate::model::*;
use crate::store::parse::located::{item_to_json, json_to_value, lf};
use crate::store::parse::{STUDY_KEYS, parse_study};

mod fresh;
#[cfg(test)]
mod fresh_tests;

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

/// The text of a decor part, "" when unset.
fn raw(r: Option<&RawString>) -> String {
    r.and_then(|r| r.as_str()).unwrap_or("").to_string()
}

/// Splits the white space and comments before a list entry into the end of
/// the previous entry's line (up to and including the first line break, so
/// with that entry's own comment) and the rest (the entry's indentation and
/// any comment lines above it).
fn split_line(s: &str) -> (&str, &str) {
    match s.find('\n') {
        Some(i) => s.split_at(i + 1),
        None => (s, ""),
    }
}

/// What precedes entry `i` of `arr`; for `i == arr.len()`, what precedes `]`.
fn before(arr: &Array, i: usize) -> String {
    match arr.get(i) {
        Some(v) => raw(v.decor().prefix()),
        None => raw(Some(arr.trailing())),
    }
}

fn set_before(arr: &mut Array, i: usize, text: String) {
    match arr.get_mut(i) {
        Some(v) => v.decor_mut().set_prefix(text),
        None => arr.set_trailing(text),
    }
}

/// Edits a list of strings entry by entry, so that the entries that stay
/// keep their quoting, their place on their line and the comments around
/// them, and new entries follow the list's layout (one per line, or all on
/// one). Returns false, changing nothing, when the entries were reordered
/// (the caller then writes the list afresh).
fn patch_list(arr: &mut Array, new: &[String]) -> bool {
    let old: Vec<Option<String>> = arr.iter().map(|v| v.as_str().map(lf)).collect();
    let mut used = vec![false; old.len()];
    let mut plan: Vec<Option<usize>> = Vec::with_capacity(new.len());
    for n in new {
        let j = (0..old.len()).find(|&j| !used[j] && old[j].as_deref() == Some(n.as_str()));
        if let Some(j) = j {
            used[j] = true;
        }
        plan.push(j);
    }
    let in_order = |plan: &[Option<usize>]| {
        let kept: Vec<usize> = plan.iter().flatten().copied().collect();
        kept.windows(2).all(|w| w[0] < w[1])
    };
    // As many entries gone as came, in the same places: entries changed
    // where they stand.
    let free_old: Vec<usize> = (0..old.len()).filter(|&j| !used[j]).collect();
    let free_new: Vec<usize> = (0..new.len()).filter(|&i| plan[i].is_none()).collect();
    if free_old.len() == free_new.len() {
        let mut paired = plan.clone();
        for (i, j) in free_new.into_iter().zip(free_old) {
            paired[i] = Some(j);
        }
        if in_order(&paired) {
            plan = paired;
        }
    }
    if !in_order(&plan) {
        return false;
    }
    let kept: Vec<usize> = plan.iter().flatten().copied().collect();
    // The space after the last entry (`'y' ]`, or a line break before `]`)
    // belongs to the list, not to that entry: with no trailing comma it can
    // move before `]` unchanged, and stays there whatever comes last.
    if !arr.trailing_comma()
        && let Some(v) = arr.len().checked_sub(1).and_then(|i| arr.get_mut(i))
    {
        let space = raw(v.decor().suffix());
        v.decor_mut().set_suffix("");
        let trailing = raw(Some(arr.trailing()));
        arr.set_trailing(format!("{space}{trailing}"));
    }
    let first = (!arr.is_empty()).then(|| before(arr, 0));
    let indent = first
        .as_deref()
        .and_then(|p| p.rfind('\n').map(|i| p[i + 1..].to_string()))
        .unwrap_or_else(|| "  ".to_string());
    // Entries that go take their own comments with them, but leave the
    // comment that ended the line before them.
    for j in (0..old.len()).rev().filter(|j| !kept.contains(j)) {
        let gone = before(arr, j);
        arr.remove(j);
        let next = before(arr, j);
        if gone.contains('\n') && next.contains('\n') {
            set_before(
                arr,
                j,
                format!("{}{}", split_line(&gone).0, split_line(&next).1),
            );
        }
    }
    for (at, (n, from)) in new.iter().zip(&plan).enumerate() {
        match from {
            Some(j) => {
                if old[*j].as_deref() != Some(n.as_str())
                    && let Some(v) = arr.get_mut(at)
                {
                    let decor = v.decor().clone();
                    *v = str_value(n);
                    *v.decor_mut() = decor;
                }
            }
            None => {
                let next = before(arr, at);
                let mut v = str_value(n);
                v.decor_mut().set_suffix("");
                if next.contains('\n') {
                    let (head, rest) = split_line(&next);
                    v.decor_mut().set_prefix(format!("{head}{indent}"));
                    arr.insert_formatted(at, v);
                    set_before(arr, at + 1, format!("\n{rest}"));
                } else {
                    v.decor_mut().set_prefix(if at == 0 { "" } else { " " });
                    arr.insert_formatted(at, v);
                    if at == 0 && arr.len() > 1 {
                        set_before(arr, 1, " ".to_string());
                    }
                }
            }
        }
    }
    // On one line, whichever entry now comes first sits where the first did.
    if let Some(first) = first
        && !first.contains('\n')
        && !arr.is_empty()
    {
        set_before(arr, 0, first);
    }
    true
}

/// Sets the list at `key`, editing an existing one in place where it can.
fn put_list(t: &mut dyn TableLike, key: &str, new: &[String]) {
    if let Some(Item::Value(Value::Array(arr))) = t.get_mut(key)
        && patch_list(arr, new)
    {
        return;
    }
    put(t, key, Some(str_array(new)));
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
/// loaded) only what differs from `base` is rewritten; without, the text is
/// written directly where it can be (the same bytes, without building a
/// document: an import writes 100 000 new files).
pub fn render_study(reg: &Registry, study: &Study, base: Option<&str>) -> String {
    if base.is_none()
        && let Some(text) = fresh::render(study)
    {
        return text;
    }
    render_document(reg, study, base)
}

/// [`render_study`] through a `toml_edit` document, always.
fn render_document(reg: &Registry, study: &Study, base: Option<&str>) -> String {
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
    macro_rules! list {
        ($name:literal, $field:ident) => {
            if fresh || old.$field != study.$field {
                match study.$field.as_slice() {
                    [] => put(root, $name, None),
                    list => put_list(root, $name, list),
                }
            }
        };
    }
    field!("title", title, Some(str_value(&study.title)));
    list!("authors", authors);
    field!("year", year, study.year.map(|y| Value::from(i64::from(y))));
    field!("journal", journal, opt_str(&study.journal));
    field!("volume", volume, opt_str(&study.volume));
    field!("issue", issue, opt_str(&study.issue));
    field!("pages", pages, opt_str(&study.pages));
    field!("doi", doi, opt_str(&study.doi));
    field!("pmid", pmid, opt_str(&study.pmid));
    field!("url", url, opt_str(&study.url));
    field!("design", design, opt_str(&study.design));
    list!("tags", tags);
    list!("keywords", keywords);
    field!("notes", notes, opt_str(&study.notes));
    field!("abstract", r#abstract, opt_str(&study.r#abstract));
    if fresh || old.extra != study.extra {
        put_extra(root, &study.extra);
    }

    if fresh || old.extraction != study.extraction {
        patch_extraction(root, &study.extraction);
    }
    // Answers and overalls in any accepted spelling ("Low", "SC") are
    // written in the instrument's canonical one, on a real edit only:
    // saving an unchanged study writes nothing.
    let appraisals = if fresh || old != *study {
        crate::appraisal::canonical_appraisals(reg, &study.appraisals)
    } else {
        study.appraisals.clone()
    };
    if fresh || old.appraisals != appraisals {
        patch_appraisals(root, &appraisals, &old.appraisals);
    }
    let mut text = doc.to_string();
    // toml_edit drops a byte-order mark (Windows editors write one); the file
    // keeps it, so that a save changes only what was edited.
    if base.is_some_and(|b| b.starts_with('\u{feff}')) && !text.starts_with('\u{feff}') {
        text.insert(0, '\u{feff}');
    }
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

/// Writes the keys litrev does not know, in their order, as inline values
/// (so that they stay above the tables and read back in the same order). A
/// key whose value already reads as `extra` says is left as it is, with its
/// comments and its TOML type (a date reads as a string); keys the file holds
/// but `extra` does not are kept. Known keys and `null` are never written.
fn put_extra(root: &mut Table, extra: &[(String, serde_json::Value)]) {
    for (key, json) in extra {
        if STUDY_KEYS.contains(&key.as_str())
            || root.get(key).is_some_and(|old| item_to_json(old) == *json)
        {
            continue;
        }
        if let Some(v) = json_to_value(json) {
            put(root, key, Some(v));
        }
    }
}

fn patch_extraction(root: &mut Table, values: &[(crate::text::Word, FieldValue)]) {
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
            match v {
                FieldValue::List(l) => put_list(t, k, l),
                v => put(t, k, Some(field_value(v))),
            }
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
/// key (instrument, category, outcome, reviewer), then by instrument and
/// reviewer; what is left pairs up in order only when as many
/// old as new remain (an edit of who appraised, say).
fn match_appraisals(old: &[Appraisal], new: &[Appraisal]) -> Vec<Option<usize>> {
    let mut plan: Vec<Option<usize>> = vec![None; new.len()];
    let mut used = vec![false; old.len()];
    let same: [fn(&Appraisal, &Appraisal) -> bool; 3] = [
        |a, b| a == b,
        |a, b| a.key() == b.key(),
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
    if !same_str(t, "outcome", a.outcome.as_deref()) {
        put(t, "outcome", opt_str(&a.outcome));
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
                    .is_some_and(|old| answers_equal(old, &v));
                if !same {
                    put(ans, k, Some(answer_value(&v)));
                }
            }
        }
        if created && let Some(Item::Value(Value::InlineTable(it))) = t.get_mut("answers") {
            it.fmt();
        }
    }
    if !same_str(t, "overall", a.overall.as_deref()) {
        put(t, "overall", a.overall.as_deref().map(str_value));
    }
    if !same_str(t, "comment", a.comment.as_deref()) {
        put(t, "comment", opt_str(&a.comment));
    }
    patch_notes(t, &a.notes);
}

/// `notes = { item = "comment" }`: only the notes that changed are
/// rewritten; the table goes when no note is left.
fn patch_notes(t: &mut dyn TableLike, notes: &[(crate::appraisal::Word, String)]) {
    if notes.is_empty() {
        t.remove("notes");
        return;
    }
    let created = t.get("notes").and_then(|i| i.as_table_like()).is_none();
    if created {
        t.insert("notes", Item::Value(Value::InlineTable(InlineTable::new())));
    }
    if let Some(n) = t.get_mut("notes").and_then(|i| i.as_table_like_mut()) {
        let stale: Vec<String> = n
            .iter()
            .map(|(k, _)| k.to_string())
            .filter(|k| !notes.iter().any(|(m, _)| m == k))
            .collect();
        for k in stale {
            n.remove(&k);
        }
        for (k, v) in notes {
            let same = n.get(k).and_then(|i| i.as_str()).map(lf).as_deref() == Some(v.as_str());
            if !same {
                put(n, k, Some(str_value(v)));
            }
        }
    }
    if created && let Some(Item::Value(Value::InlineTable(it))) = t.get_mut("notes") {
        it.fmt();
    }
}
