//! MARC 21 XML (MARCXML; library catalogues, SRU and Z39.50 gateways):
//! `<collection>` of `<record>` (namespace `http://www.loc.gov/MARC21/slim`,
//! or none inside an SRU response), each a `leader`, `controlfield`s and
//! `datafield`s with a `tag` and `subfield`s with a `code`:
//!
//! | field | read as |
//! | --- | --- |
//! | 100, 700 `$a` | authors ("Family, Given"); relator `$4 edt` or `$e` editor: editors |
//! | 110, 710 `$a$b` | a corporate author (110) |
//! | 245 `$a$b$n$p` | the title, "Title: Subtitle", ISBD punctuation stripped |
//! | 250 `$a` | edition |
//! | 260, 264 `$b` `$c` | publisher, year (else 008's date) |
//! | 773 `$t` `$g` `$x` `$z` | the journal or book it is part of; volume, issue, pages |
//! | 020, 022 | ISBN, ISSN |
//! | 024 (`$2 doi`), 856 `$u` | DOI, URL |
//! | 520, 500, 502, 650, 653 | abstract, notes, thesis, keywords |

use roxmltree::Node;
use serde_json::json;

use super::{child, children, read_records_lenient, text};
use crate::interop::{Origin, Parsed, Record, clean, kind, names};
use crate::model::Study;

/// Reads MARC 21 XML. An SRU response often uses its `zs:` prefix
/// without declaring it, which makes the file as a whole not well-formed:
/// then the MARC records alone are read, where they stand in the file.
pub fn read(text: &str) -> Parsed {
    if roxmltree::Document::parse_with_options(text, super::options()).is_ok() {
        return read_records_lenient(text, &["record"], record);
    }
    match marc_only(text) {
        Some(t) => read_records_lenient(&t, &["record"], record),
        None => read_records_lenient(text, &["record"], record),
    }
}

/// The text with everything but its MARC records (`record` or
/// `marc:record` elements) blanked out, line breaks kept, under one root;
/// `None` when there is no such record.
fn marc_only(text: &str) -> Option<String> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find('<').map(|i| from + i) {
        let rest = &text[i + 1..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = &rest[..end];
        if (name == "record" || name == "marc:record")
            && rest[end..].starts_with([' ', '>', '\n', '\t', '\r'])
        {
            let close = format!("</{name}>");
            let stop = text[i..]
                .find(&close)
                .map(|k| i + k + close.len())
                .unwrap_or(text.len());
            spans.push((i, stop));
            from = stop;
        } else {
            from = i + 1;
        }
    }
    let first = spans.first()?.0;
    if first < 3 {
        return None;
    }
    // Blanked text keeps its byte length (a space a byte) and its lines.
    let blank = |out: &mut String, t: &str| {
        out.extend(t.bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }));
    };
    let mut out = String::with_capacity(text.len() + 4);
    let mut at = 0;
    for &(a, b) in &spans {
        blank(&mut out, &text[at..a]);
        out.push_str(&text[a..b]);
        at = b;
    }
    blank(&mut out, &text[at..]);
    out.replace_range(0..3, "<c>");
    out.push_str("</c>");
    Some(out)
}

/// The MARC record at or under `node` (an SRU `zs:record` wraps one).
fn marc_record<'a, 'i>(node: Node<'a, 'i>) -> Node<'a, 'i> {
    let is_marc = |n: &Node<'_, '_>| {
        n.children().any(|c| {
            c.is_element() && matches!(c.tag_name().name(), "datafield" | "leader" | "controlfield")
        })
    };
    if is_marc(&node) {
        return node;
    }
    node.descendants()
        .find(|d| d.is_element() && d.tag_name().name() == "record" && is_marc(d))
        .unwrap_or(node)
}

/// One data field: its indicators and subfields (code, text).
struct Field {
    ind1: char,
    subs: Vec<(char, String)>,
}

impl Field {
    fn first(&self, code: char) -> Option<&str> {
        self.subs
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, code: char) -> impl Iterator<Item = &str> {
        self.subs
            .iter()
            .filter(move |(c, _)| *c == code)
            .map(|(_, v)| v.as_str())
    }
}

/// ISBD punctuation at the end of a subfield (" /", " :", " ;", ",", "."
/// and " =") dropped.
fn isbd(s: &str) -> String {
    let mut t = s.trim();
    loop {
        let before = t;
        for p in [" /", " :", " ;", " =", ",", "/", ":", ";"] {
            t = t.strip_suffix(p).unwrap_or(t).trim_end();
        }
        if t == before {
            break;
        }
    }
    t.to_string()
}

/// A name from `$a`, its trailing comma or period dropped (an initial's
/// period kept: "Bello, Emmanuel G.").
fn name(s: &str) -> String {
    let t = isbd(s);
    let initial = |r: &str| {
        r.rsplit([' ', ','])
            .next()
            .is_some_and(|w| w.chars().count() == 1)
    };
    let t = match t.strip_suffix('.') {
        Some(r) if !initial(r) => r.to_string(),
        _ => t,
    };
    names::person(&t)
}

/// True when a person field's relator names an editor.
fn is_editor(f: &Field) -> bool {
    f.all('4').any(|r| r.trim() == "edt")
        || f.all('e').any(|r| {
            let r = r.to_lowercase();
            r.starts_with("ed") || r.starts_with("hrsg") || r.starts_with("herausgeber")
        })
}

/// True when a person field names an author (no relator, or `aut`/`cre`).
fn is_author(f: &Field) -> bool {
    let codes: Vec<&str> = f.all('4').map(str::trim).collect();
    let words: Vec<String> = f.all('e').map(|e| e.to_lowercase()).collect();
    (codes.is_empty() && words.is_empty())
        || codes.iter().any(|c| matches!(*c, "aut" | "cre"))
        || words
            .iter()
            .any(|w| w.contains("author") || w.contains("verfasser") || w.contains("auteur"))
}

/// Volume, issue and pages out of a 773 `$g` ("Vol. 12, no. 3 (2001), p.
/// 45-67", "Seite 447-473", "volume:50", "12(2001), 3, S. 45-67").
fn part_numbers(g: &str) -> (Option<String>, Option<String>, Option<String>) {
    let (mut volume, mut issue, mut pages) = (None, None, None);
    for piece in g.split([',', ';']) {
        let p = piece.trim();
        let after = |prefixes: &[&str]| {
            prefixes.iter().find_map(|x| {
                p.get(..x.len())
                    .filter(|head| head.eq_ignore_ascii_case(x))
                    .and_then(|_| p.get(x.len()..))
                    .map(|rest| rest.trim().trim_start_matches(['.', ':']).trim())
            })
        };
        let number = |s: &str| -> Option<String> {
            let s = s.split(['(', ' ']).next().unwrap_or("").trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        if let Some(v) = after(&["volume:", "vol.", "vol ", "band ", "bd."]) {
            volume = volume.or_else(|| number(v));
        } else if let Some(v) = after(&["number:", "issue:", "no.", "nr.", "heft ", "h."]) {
            issue = issue.or_else(|| number(v));
        } else if let Some(v) = after(&["pages:", "seite ", "seiten ", "s.", "pp.", "p."]) {
            pages = pages.or_else(|| clean::pages(v));
        } else if volume.is_none() && p.starts_with(|c: char| c.is_ascii_digit()) && p.contains('(')
        {
            volume = number(p);
        }
    }
    (volume, issue, pages)
}

fn record(node: Node<'_, '_>, line: usize) -> Record {
    let r = marc_record(node);
    let leader = child(r, "leader").and_then(text).unwrap_or_default();
    let control = |tag: &str| {
        children(r, "controlfield")
            .find(|c| c.attribute("tag") == Some(tag))
            .and_then(text)
    };
    let fields: Vec<(String, Field)> = children(r, "datafield")
        .map(|d| {
            let subs = children(d, "subfield")
                .filter_map(|s| {
                    let code = s.attribute("code")?.chars().next()?;
                    Some((code, text(s)?))
                })
                .collect();
            (
                d.attribute("tag").unwrap_or("").to_string(),
                Field {
                    ind1: d
                        .attribute("ind1")
                        .and_then(|i| i.chars().next())
                        .unwrap_or(' '),
                    subs,
                },
            )
        })
        .collect();
    let tagged = |tag: &'static str| fields.iter().filter(move |(t, _)| t == tag).map(|(_, f)| f);
    let first = |tag: &'static str, code: char| tagged(tag).find_map(|f| f.first(code));

    let (mut authors, mut editors) = (Vec::new(), Vec::new());
    for f in tagged("100").chain(tagged("700")) {
        let Some(a) = f.first('a').map(name).filter(|n| !n.is_empty()) else {
            continue;
        };
        if is_editor(f) {
            editors.push(a);
        } else if is_author(f) {
            authors.push(a);
        }
    }
    if authors.is_empty()
        && let Some(c) = tagged("110").next()
    {
        let corp: Vec<String> = c.all('a').chain(c.all('b')).map(isbd).collect();
        let corp = corp.join(". ");
        if !corp.is_empty() {
            authors.push(corp);
        }
    }

    let title = tagged("245").next().map(|f| {
        let mut t = f.first('a').map(isbd).unwrap_or_default();
        if let Some(b) = f.first('b').map(isbd) {
            t = if t.is_empty() { b } else { format!("{t}: {b}") };
        }
        for p in f.all('n').chain(f.all('p')) {
            t = format!("{t}. {}", isbd(p));
        }
        t
    });

    let published = tagged("264")
        .chain(tagged("260"))
        .find(|f| f.first('c').is_some_and(|c| clean::year(c).is_some()));
    let year = published
        .and_then(|f| f.first('c'))
        .and_then(clean::year)
        .or_else(|| {
            control("008")
                .and_then(|c| c.get(7..11).map(str::to_string))
                .and_then(|y| clean::year(&y))
        });
    let publisher = tagged("264")
        .chain(tagged("260"))
        .find_map(|f| f.first('b'))
        .map(isbd);
    let place = tagged("264")
        .chain(tagged("260"))
        .find_map(|f| f.first('a'))
        .map(isbd);

    // The host item: the 773 with a title; its numbers from any 773 `$g`.
    let host = tagged("773").find(|f| f.first('t').is_some());
    let journal = host.and_then(|h| h.first('t')).map(|t| {
        // "Essays in honour ... / edited by ...": the title before the
        // statement of responsibility.
        isbd(t.split(" / ").next().unwrap_or(t))
    });
    let (mut volume, mut issue, mut pages) = (None, None, None);
    for g in tagged("773").flat_map(|f| f.all('g').collect::<Vec<_>>()) {
        let (v, i, p) = part_numbers(g);
        volume = volume.or(v);
        issue = issue.or(i);
        pages = pages.or(p);
    }

    let doi = tagged("024")
        .find(|f| f.ind1 == '7' && f.first('2').is_some_and(|s| s.eq_ignore_ascii_case("doi")))
        .and_then(|f| f.first('a'))
        .and_then(clean::doi)
        .or_else(|| {
            tagged("856")
                .flat_map(|f| f.all('u').collect::<Vec<_>>())
                .find(|u| u.contains("doi.org/"))
                .and_then(clean::doi)
        });
    let url = tagged("856")
        .find_map(|f| f.first('u'))
        .and_then(clean::url);
    let keywords: Vec<String> = tagged("650")
        .chain(tagged("653"))
        .filter_map(|f| {
            let parts: Vec<String> = f
                .subs
                .iter()
                .filter(|(c, _)| c.is_ascii_alphabetic())
                .map(|(_, v)| isbd(v).trim_end_matches('.').to_string())
                .filter(|v| !v.is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join(" / "))
        })
        .collect();
    let notes: Vec<String> = tagged("500")
        .filter_map(|f| f.first('a'))
        .map(str::to_string)
        .collect();
    let thesis = tagged("502").next();
    let genre = first("655", 'a').map(isbd);

    let record_kind = record_kind(
        &leader,
        thesis.is_some(),
        host,
        tagged("111").next().is_some(),
    );
    let mut s = Study {
        title: title.map(|t| clean::title(&t)).unwrap_or_default(),
        authors,
        year,
        journal,
        volume,
        issue,
        pages,
        doi,
        url,
        r#abstract: first("520", 'a').map(str::to_string),
        keywords,
        notes: (!notes.is_empty()).then(|| notes.join("\n")),
        ..Study::default()
    };
    let mut extra = Vec::new();
    if !editors.is_empty() {
        extra.push(("editors".to_string(), json!(editors)));
    }
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            extra.push((k.to_string(), json!(v)));
        }
    };
    put("edition", first("250", 'a').map(isbd));
    put("publisher", publisher);
    put("place", place);
    put("isbn", first("020", 'a').map(isbd));
    put(
        "issn",
        first("022", 'a')
            .or_else(|| host.and_then(|h| h.first('x')))
            .map(isbd),
    );
    put("series", first("490", 'a').map(isbd));
    put("event", first("111", 'a').map(isbd));
    put("school", thesis.and_then(|t| t.first('c')).map(isbd));
    put(
        "thesis",
        thesis
            .and_then(|t| t.first('b').or_else(|| t.first('a')))
            .map(isbd),
    );
    put("source_id", control("001"));
    s.extra = extra;
    kind::set(&mut s, record_kind);
    Record {
        study: s,
        origin: Origin::Line(line),
        kind: genre,
    }
}

/// The kind from the leader (position 7: `a`/`b` a part of something,
/// `m` a monograph, `s` a serial), a 502 dissertation note, the host item
/// and a 111 meeting name.
fn record_kind(
    leader: &str,
    thesis: bool,
    host: Option<&Field>,
    meeting: bool,
) -> Option<&'static str> {
    let level = leader.chars().nth(7).unwrap_or(' ');
    if thesis {
        return Some("thesis");
    }
    match level {
        'a' | 'b' => {
            let in_book = host.is_some_and(|h| h.first('z').is_some() && h.first('x').is_none());
            Some(if in_book {
                "chapter"
            } else {
                "article-journal"
            })
        }
        's' => Some("periodical"),
        _ if meeting => Some("book"),
        'm' | 'c' | 'd' => Some("book"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marc_numbers_and_isbd_punctuation() {
        assert_eq!(isbd("Tempo rubato /"), "Tempo rubato");
        assert_eq!(isbd("A title :"), "A title");
        assert_eq!(name("Bello, Emmanuel G."), "Bello, Emmanuel G.");
        assert_eq!(name("Smith, John,"), "Smith, John");
        assert_eq!(
            part_numbers("Vol. 12, no. 3 (2001), p. 45-67"),
            (Some("12".into()), Some("3".into()), Some("45-67".into()))
        );
        assert_eq!(part_numbers("Seite 447-473").2.as_deref(), Some("447-473"));
        assert_eq!(part_numbers("volume:50").0.as_deref(), Some("50"));
    }
}
