//! The fast path of reading a study file. A clean record written in the
//! plain subset of TOML that litrev itself writes — `key = value` lines of
//! bare keys, basic strings, decimal integers, booleans and arrays of basic
//! strings, an `[extraction]` table, comments and blank lines — and that the
//! full reader ([`crate::store::parse::parse_study_located`]) would read without a
//! single problem, is read by a small scanner here instead of `toml_edit`'s
//! formatting-preserving document, which is several times slower to build.
//!
//! The fast path never reports anything itself: whenever it meets something
//! it does not read exactly as the full reader does — any other TOML syntax
//! (literal or multi-line strings, inline tables, floats, dates, quoted or
//! dotted keys, other tables), a control character, a repeated key, a wrong
//! type, a value the checks refuse, `appraisals` or a key litrev does not
//! know — it gives up, and the full reader reads the file again from the
//! start, so every problem keeps its message and its file:line:col. Tests
//! (`tests/fuzz_loaders.rs` and the unit tests below) pin that both paths
//! give the same study, problems and spans.

use std::borrow::Cow;
use std::ops::Range;

use crate::model::*;
use crate::store::parse::located::lf;
use crate::store::parse::plausible_years;

/// A value of the subset.
enum Val<'s> {
    Str(Cow<'s, str>),
    Int(i64),
    Bool(bool),
    Strs(Vec<Cow<'s, str>>),
}

/// A clean record's study and the spans of its `ref` and `id` values.
pub(super) type Clean = (Study, Option<Range<usize>>, Option<Range<usize>>);

/// The study of a clean record, with the spans of its `ref` and `id` values;
/// `None` when the full reader must read the file.
pub(super) fn parse_clean(src: &str, stem: Option<&str>, review: &Review) -> Option<Clean> {
    let (root, extraction) = scan(src)?;
    let mut s = Study::default();
    let (mut ref_span, mut id_span) = (None, None);
    let mut seen_title = false;
    for (key, v, span) in root {
        match key {
            "id" => {
                let id = string(&v)?;
                if !valid_id(id) || stem.is_some_and(|stem| stem != id) {
                    return None;
                }
                s.id = id.to_string();
                id_span = Some(span);
            }
            "ref" => {
                let r = u32::try_from(integer(&v)?).ok().filter(|r| *r > 0)?;
                s.reference = Some(r);
                ref_span = Some(span);
            }
            "ref_shared" => match v {
                Val::Bool(b) => s.ref_shared = b,
                _ => return None,
            },
            "title" => {
                s.title = lf(string(&v)?);
                seen_title = true;
            }
            "authors" => s.authors = strings(v)?,
            "year" => {
                let y = integer(&v)?;
                if !plausible_years().contains(&y) {
                    return None;
                }
                s.year = Some(y as i32);
            }
            "journal" => s.journal = Some(lf(string(&v)?)),
            "volume" => s.volume = Some(text_or_int(&v)?),
            "issue" => s.issue = Some(text_or_int(&v)?),
            "pages" => s.pages = Some(text_or_int(&v)?),
            "doi" => s.doi = Some(lf(string(&v)?)),
            "pmid" => s.pmid = Some(text_or_int(&v)?),
            "url" => s.url = Some(lf(string(&v)?)),
            "design" => {
                let d = string(&v)?;
                review.design(d)?;
                s.design = Some(d.to_string());
            }
            "tags" => s.tags = strings(v)?,
            "keywords" => s.keywords = strings(v)?,
            "notes" => s.notes = Some(lf(string(&v)?)),
            "abstract" => s.r#abstract = Some(lf(string(&v)?)),
            // Appraisals and keys litrev does not know: the full reader.
            _ => return None,
        }
    }
    if let Some(fields) = extraction {
        // Exactly as many as there are: a vector grown by pushing keeps
        // room for up to twice as many, per study.
        s.extraction.reserve_exact(fields.len());
        for (key, v, _) in fields {
            s.extraction
                .push((key.to_string(), field_value(review, key, v)?));
        }
    }
    // A record without an id or a title has a problem to report.
    if id_span.is_none() || !seen_title {
        return None;
    }
    Some((s, ref_span, id_span))
}

fn string<'a>(v: &'a Val<'_>) -> Option<&'a str> {
    match v {
        Val::Str(s) => Some(s),
        _ => None,
    }
}

fn integer(v: &Val<'_>) -> Option<i64> {
    match v {
        Val::Int(i) => Some(*i),
        _ => None,
    }
}

fn text_or_int(v: &Val<'_>) -> Option<String> {
    match v {
        Val::Str(s) => Some(lf(s)),
        Val::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

fn strings(v: Val<'_>) -> Option<Vec<String>> {
    match v {
        Val::Strs(v) => Some(v.iter().map(|s| lf(s)).collect()),
        _ => None,
    }
}

/// An extraction value that the review declares and that has the declared
/// kind (a choice among its choices); anything else is for the full reader.
fn field_value(review: &Review, key: &str, v: Val<'_>) -> Option<FieldValue> {
    let def = review.field(key)?;
    let value = match v {
        Val::Str(s) => FieldValue::Text(lf(&s)),
        Val::Int(i) => FieldValue::Integer(i),
        Val::Strs(_) => FieldValue::List(strings(v)?),
        Val::Bool(_) => return None,
    };
    let ok = match (def.kind, &value) {
        (FieldKind::Text, FieldValue::Text(_)) => true,
        (FieldKind::Integer, FieldValue::Integer(_)) => true,
        (FieldKind::Number, FieldValue::Integer(_)) => true,
        (FieldKind::List, FieldValue::List(_)) => true,
        (FieldKind::Choice, FieldValue::Text(t)) => def.choices.contains(t),
        _ => false,
    };
    ok.then_some(value)
}

/// Key, value and the value's byte span, in file order.
type Entries<'s> = Vec<(&'s str, Val<'s>, Range<usize>)>;

/// The root entries and those of `[extraction]` (if the file has that
/// header), or `None` for anything outside the subset.
fn scan(src: &str) -> Option<(Entries<'_>, Option<Entries<'_>>)> {
    let b = src.as_bytes();
    // Control characters (a tab and line ends aside), a lone CR, a
    // byte-order mark or a conflict marker: the full reader says what it
    // makes of them.
    for (i, &c) in b.iter().enumerate() {
        let bad = match c {
            b'\t' | b'\n' => false,
            b'\r' => b.get(i + 1) != Some(&b'\n'),
            0x00..=0x1f | 0x7f => true,
            _ => false,
        };
        if bad {
            return None;
        }
    }
    if src.starts_with('\u{feff}') {
        return None;
    }
    let mut root: Entries = Vec::with_capacity(16);
    let mut extraction: Option<Entries> = None;
    let mut p = Cursor { b, src, i: 0 };
    loop {
        p.skip_ws();
        let Some(c) = p.peek() else { break };
        match c {
            b'\n' | b'\r' | b'#' => {
                p.end_of_line()?;
                continue;
            }
            b'[' => {
                // Only `[extraction]`, once, and only when the root has no
                // `extraction` key.
                p.i += 1;
                p.skip_ws();
                let key = p.bare_key()?;
                p.skip_ws();
                if key != "extraction"
                    || p.peek() != Some(b']')
                    || extraction.is_some()
                    || root.iter().any(|(k, _, _)| *k == "extraction")
                {
                    return None;
                }
                p.i += 1;
                p.end_of_line()?;
                extraction = Some(Vec::new());
                continue;
            }
            _ => {}
        }
        let key = p.bare_key()?;
        p.skip_ws();
        if p.peek() != Some(b'=') {
            return None;
        }
        p.i += 1;
        p.skip_ws();
        let start = p.i;
        let value = p.value()?;
        let span = start..p.i;
        p.end_of_line()?;
        let table = extraction.as_mut().unwrap_or(&mut root);
        if table.iter().any(|(k, _, _)| *k == key) {
            return None;
        }
        table.push((key, value, span));
    }
    Some((root, extraction))
}

struct Cursor<'s> {
    b: &'s [u8],
    src: &'s str,
    i: usize,
}

impl<'s> Cursor<'s> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    /// Whitespace, an optional comment, then a line end or the end of the
    /// text.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_ws();
        if self.peek() == Some(b'#') {
            while !matches!(self.peek(), None | Some(b'\r' | b'\n')) {
                self.i += 1;
            }
        }
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.i += 1;
                Some(())
            }
            Some(b'\r') => {
                // A CR is always followed by LF (checked in `scan`).
                self.i += 2;
                Some(())
            }
            _ => None,
        }
    }

    fn bare_key(&mut self) -> Option<&'s str> {
        let start = self.i;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        {
            self.i += 1;
        }
        (self.i > start).then(|| &self.src[start..self.i])
    }

    fn value(&mut self) -> Option<Val<'s>> {
        match self.peek()? {
            b'"' => self.basic_string().map(Val::Str),
            b'[' => self.string_array().map(Val::Strs),
            b't' | b'f' => {
                let word = self.word();
                match word {
                    "true" => Some(Val::Bool(true)),
                    "false" => Some(Val::Bool(false)),
                    _ => None,
                }
            }
            b'-' | b'0'..=b'9' => {
                let word = self.word();
                let digits = word.strip_prefix('-').unwrap_or(word);
                // Plain decimal digits without a leading zero; anything else
                // (underscores, `+`, hex, floats, dates) is for the full reader.
                if digits.is_empty()
                    || !digits.bytes().all(|c| c.is_ascii_digit())
                    || (digits.len() > 1 && digits.starts_with('0'))
                {
                    return None;
                }
                word.parse().ok().map(Val::Int)
            }
            _ => None,
        }
    }

    /// Everything up to whitespace, a comment, a comma, a bracket or a line
    /// end.
    fn word(&mut self) -> &'s str {
        let start = self.i;
        while !matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'\r' | b'\n' | b'#' | b',' | b']' | b'[')
        ) {
            self.i += 1;
        }
        &self.src[start..self.i]
    }

    /// `"..."` on one line with the escapes every TOML version reads.
    fn basic_string(&mut self) -> Option<Cow<'s, str>> {
        self.i += 1; // the opening quote
        if self.peek() == Some(b'"') && self.b.get(self.i + 1) == Some(&b'"') {
            return None; // a multi-line string
        }
        let start = self.i;
        // Fast scan: no escape, the common case.
        while let Some(c) = self.peek() {
            match c {
                b'"' => {
                    let s = &self.src[start..self.i];
                    self.i += 1;
                    return Some(Cow::Borrowed(s));
                }
                b'\\' => break,
                b'\n' | b'\r' => return None,
                _ => self.i += 1,
            }
        }
        let mut out = String::from(&self.src[start..self.i]);
        loop {
            let c = self.peek()?;
            match c {
                b'"' => {
                    self.i += 1;
                    return Some(Cow::Owned(out));
                }
                b'\n' | b'\r' => return None,
                b'\\' => {
                    let e = *self.b.get(self.i + 1)?;
                    self.i += 2;
                    match e {
                        b'b' => out.push('\u{8}'),
                        b't' => out.push('\t'),
                        b'n' => out.push('\n'),
                        b'f' => out.push('\u{c}'),
                        b'r' => out.push('\r'),
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'u' | b'U' => {
                            let n = if e == b'u' { 4 } else { 8 };
                            let hex = self.src.get(self.i..self.i + n)?;
                            if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                                return None;
                            }
                            let ch = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                            out.push(ch);
                            self.i += n;
                        }
                        _ => return None,
                    }
                }
                _ => {
                    // Copy up to the next quote, backslash or line end.
                    let from = self.i;
                    while !matches!(self.peek(), None | Some(b'"' | b'\\' | b'\n' | b'\r')) {
                        self.i += 1;
                    }
                    out.push_str(&self.src[from..self.i]);
                }
            }
        }
    }

    /// `[ "a", "b" ]`, over several lines if need be, with comments and a
    /// trailing comma.
    fn string_array(&mut self) -> Option<Vec<Cow<'s, str>>> {
        self.i += 1; // the opening bracket
        let mut out = Vec::new();
        loop {
            self.skip_blank();
            match self.peek()? {
                b']' => {
                    self.i += 1;
                    return Some(out);
                }
                b'"' => out.push(self.basic_string()?),
                _ => return None,
            }
            self.skip_blank();
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(out);
                }
                _ => return None,
            }
        }
    }

    /// Whitespace, line ends and comments inside an array.
    fn skip_blank(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.i += 1,
                Some(b'#') => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.i += 1;
                    }
                }
                _ => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::model::{Design, FieldDef, FieldKind, Review};
    use crate::store::parse::{parse_study, parse_study_located};

    fn review() -> Review {
        Review {
            designs: vec![Design {
                key: "qualitative".into(),
                label: "qualitative".into(),
                children: vec![Design {
                    key: "clinician".into(),
                    label: "clinician".into(),
                    ..Design::default()
                }],
                ..Design::default()
            }],
            fields: vec![
                FieldDef {
                    key: "country".into(),
                    label: "Country".into(),
                    kind: FieldKind::Text,
                    choices: vec![],
                    prose: None,
                    ..FieldDef::default()
                },
                FieldDef {
                    key: "sample_size".into(),
                    label: "n".into(),
                    kind: FieldKind::Integer,
                    choices: vec![],
                    prose: None,
                    ..FieldDef::default()
                },
                FieldDef {
                    key: "setting".into(),
                    label: "Setting".into(),
                    kind: FieldKind::Choice,
                    choices: vec!["ward".into(), "home".into()],
                    prose: None,
                    ..FieldDef::default()
                },
                FieldDef {
                    key: "effect".into(),
                    label: "Effect".into(),
                    kind: FieldKind::Number,
                    choices: vec![],
                    prose: None,
                    ..FieldDef::default()
                },
            ],
            ..Review::default()
        }
    }

    const CLEAN: &str = "id = \"s-1\"\nref = 12\ntitle = \"A \\\"quoted\\\" title \\u00e9\"\nauthors = [\"Müller, Anna\", \"Ng, B\"]\nyear = 2006\njournal = \"J\"\nvolume = 3\npages = \"1-9\"\ndesign = \"qualitative/clinician\"\ntags = [\n  \"a\", # a comment\n  \"b\",\n]\n\n[extraction]\ncountry = \"Norway\"\nsample_size = 494\n";

    /// Both readers agree on the study, the problems and the spans.
    fn same(src: &str) -> bool {
        let r = review();
        let p = Path::new("studies/s-1.toml");
        let fast = parse_study(p, src, Some("s-1"), &r);
        let full = parse_study_located(p, src, Some("s-1"), &r);
        assert_eq!(fast.study, full.study, "study of {src:?}");
        assert_eq!(fast.problems, full.problems, "problems of {src:?}");
        assert_eq!(fast.ref_span, full.ref_span, "ref span of {src:?}");
        assert_eq!(fast.id_span, full.id_span, "id span of {src:?}");
        super::parse_clean(src, Some("s-1"), &r).is_some()
    }

    #[test]
    fn a_clean_record_takes_the_fast_path_and_reads_the_same() {
        assert!(same(CLEAN));
        assert!(same(&CLEAN.replace('\n', "\r\n")));
        assert!(same(
            "# head\nid = \"s-1\" # c\ntitle = \"t\"\nref_shared = true\nref = 1"
        ));
        assert!(same(
            "id=\"s-1\"\ntitle=\"\"\ntags=[]\nyear = 1800\n[ extraction ]\n"
        ));
    }

    #[test]
    fn anything_else_goes_to_the_full_reader_with_the_same_outcome() {
        let cases = [
            // Syntax outside the subset, valid TOML.
            "id = 's-1'\ntitle = \"t\"",
            "id = \"s-1\"\ntitle = \"\"\"t\"\"\"",
            "id = \"s-1\"\ntitle = \"t\"\nyear = 2_000",
            "id = \"s-1\"\ntitle = \"t\"\nyear = +2000",
            "id = \"s-1\"\ntitle = \"t\"\nextraction = { country = \"x\" }",
            "id = \"s-1\"\ntitle = \"t\"\n[extraction]\neffect = 1.5",
            "id = \"s-1\"\ntitle = \"t\"\n\"doi\" = \"x\"",
            "id = \"s-1\"\ntitle = \"t\"\nextraction.country = \"x\"",
            "id = \"s-1\"\ntitle = \"t\"\ndate = 2020-01-01",
            "id = \"s-1\"\ntitle = \"t\\e\"",
            "\u{feff}id = \"s-1\"\ntitle = \"t\"",
            // Problems the full reader reports.
            "id = \"s-1\"\ntitle = \"t\"\nyear = 1700",
            "id = \"s-2\"\ntitle = \"t\"",
            "id = \"S 1\"\ntitle = \"t\"",
            "title = \"t\"",
            "id = \"s-1\"",
            "id = \"s-1\"\ntitle = 3",
            "id = \"s-1\"\ntitle = \"t\"\nref = 0",
            "id = \"s-1\"\ntitle = \"t\"\nref = -4",
            "id = \"s-1\"\ntitle = \"t\"\nref = 99999999999",
            "id = \"s-1\"\ntitle = \"t\"\ntags = [\"a\", 1]",
            "id = \"s-1\"\ntitle = \"t\"\ndesign = \"rct\"",
            "id = \"s-1\"\ntitle = \"t\"\n[extraction]\ncolour = \"red\"",
            "id = \"s-1\"\ntitle = \"t\"\n[extraction]\nsetting = \"car\"",
            "id = \"s-1\"\ntitle = \"t\"\n[extraction]\nsample_size = \"many\"",
            "id = \"s-1\"\ntitle = \"t\"\nmine = 1",
            "id = \"s-1\"\ntitle = \"t\"\n[[appraisals]]\ninstrument = \"x\"",
            // An appraisal's outcome (part of its key) is the full reader's.
            "id = \"s-1\"\ntitle = \"t\"\n[[appraisals]]\ninstrument = \"rob2\"\noutcome = \"pain\"",
            // Not TOML at all.
            "id = \"s-1\"\ntitle = \"t\"\ntitle = \"u\"",
            "id = \"s-1\"\ntitle = \"t\"\n[extraction]\n[extraction]",
            "id = \"s-1\"\nextraction = 1\ntitle = \"t\"\n[extraction]",
            "id = \"s-1\"\ntitle = \"t\nu\"",
            "id = \"s-1\"\ntitle = \"t\" x",
            "id = \"s-1\"\ntitle = \"t\\q\"",
            "id = \"s-1\"\ntitle = \"t\\ud800\"",
            "id = \"s-1\"\ntitle = \"t\u{1}\"",
            "id = \"s-1\"\ntitle = \"t\"\ryear = 2000",
            "id = \"s-1\"\ntitle = \"t\"\nyear = 02000",
            "id = \"s-1\"\ntitle = \"t\"\ntags = [\"a\" \"b\"]",
            "id = \"s-1\"\ntitle = \"t\"\ntags = [\"a\",,]",
            "id = \"s-1\"\ntitle = \"t\"\n<<<<<<< HEAD\nyear = 2000\n=======\nyear = 2001\n>>>>>>> x",
            "id = \"s-1\"\ntitle = \"t\"\nyear = truely",
            "id = \"s-1\"\ntitle = \"t\"\n[other]\nx = 1",
            "id = \"s-1\"\ntitle = \"t\"\nref_shared = yes",
        ];
        for src in cases {
            assert!(!same(src), "took the fast path: {src:?}");
        }
    }
}
