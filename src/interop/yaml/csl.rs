//! CSL YAML: the CSL items of pandoc's `references:` metadata (a Markdown
//! file's YAML block, or a `.yaml` bibliography) and citation-js's YAML
//! output — the same items as CSL-JSON, written in YAML. Each item is read
//! exactly as its CSL-JSON twin, with the line it starts on.

use serde_json::{Map, Value as J};

use super::{Node, Value, load};
use crate::interop::{Bad, Origin, Parsed, csljson};

/// Whether a YAML tree holds CSL items: a sequence of maps (or
/// `references:` holding one) whose items have `id` or `title` and a CSL
/// `type` or CSL-shaped names.
pub fn looks_like_csl(root: &Node) -> bool {
    let items = items(root);
    !items.is_empty()
        && items
            .iter()
            .take(20)
            .all(|i| i.get("id").is_some() || i.get("title").is_some())
        && items.iter().take(20).any(|i| {
            i.get("type").is_some()
                || i.get("issued").is_some()
                || i.get("container-title").is_some()
                || i.get("author").is_some_and(|a| {
                    a.items()
                        .iter()
                        .any(|p| p.get("family").is_some() || p.get("literal").is_some())
                })
        })
}

/// The items: the root sequence, or the sequence under `references`.
fn items(root: &Node) -> Vec<&Node> {
    let seq = match &root.value {
        Value::Seq(_) => Some(root),
        Value::Map(_) => root.get("references"),
        _ => None,
    };
    seq.map(|s| match &s.value {
        Value::Seq(items) => items.iter().collect(),
        _ => Vec::new(),
    })
    .unwrap_or_default()
}

/// The YAML node as JSON (every scalar a string, as CSL-JSON readers take).
fn json(n: &Node) -> J {
    match &n.value {
        Value::Null => J::Null,
        Value::Str(s) => J::String(s.clone()),
        Value::Seq(items) => J::Array(items.iter().map(json).collect()),
        Value::Map(entries) => {
            let mut m = Map::new();
            for (k, v) in entries {
                m.insert(k.clone(), json(v));
            }
            J::Object(m)
        }
    }
}

/// Reads CSL YAML.
pub fn read(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let root = match load(&front_matter(text)) {
        Ok(r) => r,
        Err(e) => {
            out.bad
                .push(Bad::at(e.line, format!("not YAML: {}", e.reason)));
            return out;
        }
    };
    for item in items(&root) {
        match &item.value {
            Value::Map(_) => {
                let j = json(item);
                let label = item
                    .str_at("id")
                    .unwrap_or_else(|| format!("line {}", item.line));
                let mut r = csljson::record(&j, label);
                r.origin = Origin::Line(item.line);
                out.push(r);
            }
            _ => out
                .bad
                .push(Bad::at(item.line, "this item is not a map of CSL fields")),
        }
    }
    out
}

/// The YAML of a Markdown file's metadata block (`---` … `---`/`...`), or
/// the text as it is.
fn front_matter(text: &str) -> std::borrow::Cow<'_, str> {
    // Line numbers stay the file's: the lines after the block are blanked.
    let t = text.trim_start_matches('\u{feff}');
    if !t.starts_with("---") {
        return t.into();
    }
    let mut out = String::with_capacity(t.len());
    let mut closed = false;
    for (n, line) in t.lines().enumerate() {
        if closed {
            out.push('\n');
            continue;
        }
        if n > 0 && (line.trim_end() == "---" || line.trim_end() == "...") {
            closed = true;
            out.push('\n');
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.into()
}
