//! Properties of the three-way merge of `review.toml` (the same as those of
//! study files, `merge_props.rs`): random edits on two sides, comments
//! included; a clean merge keeps every one-sided change, an unchanged side
//! leaves the other byte for byte, and garbage never makes it panic.

use litrev::team::docmerge::merge_toml_text;
use proptest::prelude::*;
use toml_edit::DocumentMut;

const BASE: &str = r#"format = 1
title = "A review"   # working title
citation_style = "brackets"

# The taxonomy, in the manuscript's order.
[[designs]]
key = "qualitative"
label = "qualitative research designs"
instrument = "casp-qualitative"

  [[designs.children]]
  key = "patient"
  label = "patient perspective"

[[designs]]
key = "rct"
label = "RCTs"
instrument = "rob2"

[fields.country]
label = "Country"
kind = "text"

[prisma]
records_identified = 1200
records_screened = 900

[[searches]]
file = "searches/medline.ris"
database = "MEDLINE"
count = 700
"#;

#[derive(Debug, Clone)]
enum Edit {
    Title(u8),
    Style(u8),
    DesignLabel(usize, u8),
    AddDesign(u8),
    DropDesign(usize),
    ChildLabel(u8),
    Field(u8),
    Prisma(u8),
    AddSearch(u8),
    Comment(usize, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..3u8).prop_map(Edit::Title),
        (0..3u8).prop_map(Edit::Style),
        (0..2usize, 0..3u8).prop_map(|(d, w)| Edit::DesignLabel(d, w)),
        (0..3u8).prop_map(Edit::AddDesign),
        (0..2usize).prop_map(Edit::DropDesign),
        (0..3u8).prop_map(Edit::ChildLabel),
        (0..3u8).prop_map(Edit::Field),
        (0..3u8).prop_map(Edit::Prisma),
        (0..3u8).prop_map(Edit::AddSearch),
        (0..4usize, 0..3u8).prop_map(|(k, w)| Edit::Comment(k, w)),
    ]
}

fn side(name: &str, edits: &[Edit]) -> String {
    let mut doc: DocumentMut = BASE.parse().expect("TOML");
    for (n, e) in edits.iter().enumerate() {
        let say = |w: &u8| format!("{name} {n} {w}");
        match e {
            Edit::Title(w) => doc["title"] = toml_edit::value(say(w)),
            Edit::Style(w) => {
                doc["citation_style"] =
                    toml_edit::value(["brackets", "superscript", "none"][*w as usize % 3])
            }
            Edit::DesignLabel(d, w) => {
                if let Some(t) = doc["designs"]
                    .as_array_of_tables_mut()
                    .and_then(|a| a.get_mut(*d))
                {
                    t["label"] = toml_edit::value(say(w));
                }
            }
            Edit::AddDesign(w) => {
                if let Some(a) = doc["designs"].as_array_of_tables_mut() {
                    let key = format!("{name}-{w}");
                    if !a
                        .iter()
                        .any(|t| t.get("key").and_then(|k| k.as_str()) == Some(&key))
                    {
                        let mut t = toml_edit::Table::new();
                        t["key"] = toml_edit::value(key);
                        t["label"] = toml_edit::value(say(w));
                        a.push(t);
                    }
                }
            }
            Edit::DropDesign(d) => {
                if let Some(a) = doc["designs"].as_array_of_tables_mut()
                    && *d < a.len()
                    && a.len() > 1
                {
                    a.remove(*d);
                }
            }
            Edit::ChildLabel(w) => {
                if let Some(t) = doc["designs"]
                    .as_array_of_tables_mut()
                    .and_then(|a| a.get_mut(0))
                    .and_then(|t| t.get_mut("children"))
                    .and_then(|c| c.as_array_of_tables_mut())
                    .and_then(|c| c.get_mut(0))
                {
                    t["label"] = toml_edit::value(say(w));
                }
            }
            Edit::Field(w) => doc["fields"]["country"]["label"] = toml_edit::value(say(w)),
            Edit::Prisma(w) => {
                doc["prisma"]["records_screened"] = toml_edit::value(800 + *w as i64)
            }
            Edit::AddSearch(w) => {
                if let Some(a) = doc["searches"].as_array_of_tables_mut() {
                    let file = format!("searches/{name}-{w}.ris");
                    if !a
                        .iter()
                        .any(|t| t.get("file").and_then(|k| k.as_str()) == Some(&file))
                    {
                        let mut t = toml_edit::Table::new();
                        t["file"] = toml_edit::value(file);
                        t["database"] = toml_edit::value("Embase");
                        a.push(t);
                    }
                }
            }
            Edit::Comment(k, w) => {
                let key = ["format", "title", "citation_style", "designs"][*k % 4];
                let text = format!("\n# {}\n", say(w));
                if key == "designs" {
                    if let Some(t) = doc["designs"]
                        .as_array_of_tables_mut()
                        .and_then(|a| a.get_mut(0))
                    {
                        t.decor_mut().set_prefix(text);
                    }
                } else if let Some(mut k) = doc.as_table_mut().key_mut(key) {
                    k.leaf_decor_mut().set_prefix(text);
                }
            }
        }
    }
    doc.to_string()
}

/// Every value of a document as JSON, by path, for comparing data.
fn data(text: &str) -> serde_json::Value {
    let doc: DocumentMut = text.parse().expect("TOML");
    let v: toml::Value = toml::from_str(&doc.to_string()).expect("TOML");
    serde_json::to_value(v).expect("JSON")
}

/// The values a side changed from BASE, by JSON pointer.
fn changes(
    base: &serde_json::Value,
    side: &serde_json::Value,
    at: String,
    out: &mut Vec<(String, Option<serde_json::Value>)>,
) {
    use serde_json::Value as J;
    match (base, side) {
        (J::Object(b), J::Object(s)) => {
            let esc = |k: &str| k.replace('~', "~0").replace('/', "~1");
            for (k, v) in s {
                match b.get(k) {
                    Some(bv) => changes(bv, v, format!("{at}/{}", esc(k)), out),
                    None => out.push((format!("{at}/{}", esc(k)), Some(v.clone()))),
                }
            }
            for k in b.keys().filter(|k| !s.contains_key(*k)) {
                out.push((format!("{at}/{}", esc(k)), None));
            }
        }
        (b, s) if b != s => out.push((at, Some(s.clone()))),
        _ => {}
    }
}

/// Arrays of tables as objects keyed by their name, so that a table's
/// place in its array does not count as a change.
fn keyed(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        J::Object(m) => J::Object(m.into_iter().map(|(k, v)| (k, keyed(v))).collect()),
        J::Array(a)
            if a.iter().all(|x| x.get("key").or(x.get("file")).is_some()) && !a.is_empty() =>
        {
            J::Object(
                a.into_iter()
                    .map(|x| {
                        let name = x
                            .get("key")
                            .or(x.get("file"))
                            .and_then(|n| n.as_str())
                            .unwrap_or("")
                            .to_string();
                        (name, keyed(x))
                    })
                    .collect(),
            )
        }
        other => other,
    }
}

fn comments(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.find('#').map(|i| l[i..].trim().to_string()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_clean_merge_keeps_every_one_sided_change_and_comment(
        a in prop::collection::vec(edit(), 0..5),
        b in prop::collection::vec(edit(), 0..5),
    ) {
        let (ours, theirs) = (side("ours", &a), side("theirs", &b));
        let m = merge_toml_text(BASE, &ours, &theirs).expect("TOML");
        if !m.conflicts.is_empty() {
            prop_assert!(m.text.contains("<<<<<<< ours\n"));
            return Ok(());
        }
        let (db, d_o, dt, dm) = (keyed(data(BASE)), keyed(data(&ours)), keyed(data(&theirs)), keyed(data(&m.text)));
        let (mut co, mut ct) = (Vec::new(), Vec::new());
        changes(&db, &d_o, String::new(), &mut co);
        changes(&db, &dt, String::new(), &mut ct);
        let touched = |l: &[(String, Option<serde_json::Value>)], p: &str| l.iter().any(|(q, _)| p.starts_with(q.as_str()) || q.starts_with(p));
        for (this, other) in [(&co, &ct), (&ct, &co)] {
            for (p, v) in this.iter().filter(|(p, _)| !touched(other, p)) {
                let got = dm.pointer(p).cloned();
                prop_assert_eq!(&got, v, "{} lost:\n{}", p, m.text);
            }
        }
        // A comment one side added survives, unless the other side removed
        // what it stands above (that side touched it).
        for this in [&ours, &theirs] {
            for c in comments(this) {
                if comments(BASE).contains(&c) {
                    continue;
                }
                let lines: Vec<&str> = this.lines().collect();
                let at = lines.iter().position(|l| l.contains(c.as_str())).unwrap_or(0);
                let anchor = lines[at..]
                    .iter()
                    .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                    .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
                    .unwrap_or_default();
                if !m.text.lines().any(|l| l.trim().starts_with(anchor.as_str())) {
                    continue;
                }
                prop_assert!(comments(&m.text).contains(&c), "{} lost:\n{}", c, m.text);
            }
        }
    }

    #[test]
    fn an_unchanged_side_leaves_the_other_byte_for_byte(a in prop::collection::vec(edit(), 0..5)) {
        let ours = side("ours", &a);
        prop_assert_eq!(&merge_toml_text(BASE, &ours, BASE).expect("merge").text, &ours);
        prop_assert_eq!(&merge_toml_text(BASE, BASE, &ours).expect("merge").text, &ours);
        prop_assert_eq!(&merge_toml_text(BASE, &ours, &ours).expect("merge").text, &ours);
    }

    #[test]
    fn garbage_never_panics(b in ".{0,200}", o in ".{0,200}", t in ".{0,200}") {
        let _ = merge_toml_text(&b, &o, &t);
    }
}
