//! A BibTeX file cut into its entries, `@string`s and everything else, by
//! BibTeX's own rules: text outside an entry is a comment, an entry is
//! `@type{key, name = value, ...}` or `@type(...)`, a value is a braced or
//! quoted text, a number or a macro name, joined by `#`. Braces count in
//! braced and quoted values alike (BibTeX counts `\{` too).
//!
//! Iterative throughout (brace depth is a counter), so that no input can
//! overflow the stack; nesting deeper than [`MAX_DEPTH`] is reported. An
//! entry that cannot be read is reported with its line and reading resumes
//! at the next line that starts with `@`.

use super::super::Bad;

/// The deepest brace nesting read; real files stay under ten.
pub const MAX_DEPTH: usize = 1000;

/// One part of a value: the text inside braces or quotes (inner braces
/// kept), a bare number, or a macro name as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Number(String),
    Macro(String),
}

/// `name = value` in an entry or an `@string`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Lower case.
    pub name: String,
    pub value: Vec<Piece>,
}

/// An entry as written, before macros and inheritance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Lower case (`article`, `inproceedings`).
    pub kind: String,
    pub key: String,
    /// The line of its `@`.
    pub line: usize,
    pub fields: Vec<Field>,
    /// What was read leniently (a missing comma between fields).
    pub warnings: Vec<String>,
}

/// What the file holds, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Entry(Entry),
    /// The definitions of one `@string`, and its line.
    Strings(Vec<Field>, usize),
    /// A block that could not be read, and why.
    Failed(Bad),
}

/// Reads the file's items.
pub fn scan(text: &str) -> Vec<Item> {
    let mut s = Scanner {
        b: text.as_bytes(),
        text,
        pos: 0,
        newlines: text
            .bytes()
            .enumerate()
            .filter(|(_, c)| *c == b'\n')
            .map(|(i, _)| i)
            .collect(),
    };
    let mut items = Vec::new();
    while let Some(at) = s.find_at() {
        s.pos = at + 1;
        match s.block(at) {
            Ok(Some(item)) => items.push(item),
            Ok(None) => {}
            Err(reason) => {
                let line = s.line(at);
                items.push(Item::Failed(Bad::at(line, reason)));
                s.pos = s.next_line_at(at);
            }
        }
    }
    items
}

struct Scanner<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    /// Offsets of every `\n`, for line numbers.
    newlines: Vec<usize>,
}

/// Characters that end a field name, a macro name or a type.
fn ends_name(c: u8) -> bool {
    c.is_ascii_whitespace()
        || matches!(
            c,
            b'=' | b',' | b'{' | b'}' | b'(' | b')' | b'"' | b'#' | b'@' | b'%' | b'\''
        )
}

impl Scanner<'_> {
    /// The 1-based line of a byte offset.
    fn line(&self, at: usize) -> usize {
        self.newlines.partition_point(|n| *n < at) + 1
    }

    /// The next `@` from the current position that is not in a `%`
    /// comment (biber, JabRef and pandoc read a line from `%` on as a
    /// comment, so `% @article{...}` is an entry commented out).
    fn find_at(&self) -> Option<usize> {
        let mut from = self.pos;
        loop {
            let at = from + memchr::memchr(b'@', self.b.get(from..)?)?;
            let line_start = memchr::memrchr(b'\n', &self.b[..at]).map_or(0, |i| i + 1);
            if !self.b[line_start..at].contains(&b'%') {
                return Some(at);
            }
            from = at + 1;
        }
    }

    /// The offset of the first `@` that starts a line (after spaces) below
    /// the line of `at`: where reading resumes after a broken block.
    fn next_line_at(&self, at: usize) -> usize {
        let mut i = self.line(at); // index of the next line's newline entry
        while let Some(&nl) = self.newlines.get(i - 1) {
            let mut j = nl + 1;
            while j < self.b.len() && matches!(self.b[j], b' ' | b'\t') {
                j += 1;
            }
            if self.b.get(j) == Some(&b'@') {
                return j;
            }
            i += 1;
        }
        self.b.len()
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// Whitespace and `%` comments to the end of their line, which biber and
    /// the biblatex tools allow between the fields of an entry.
    fn skip_ws_and_comments(&mut self) {
        loop {
            self.skip_ws();
            if self.peek() != Some(b'%') {
                return;
            }
            while self.peek().is_some_and(|c| c != b'\n') {
                self.pos += 1;
            }
        }
    }

    /// A name: the bytes up to one that [`ends_name`].
    fn name(&mut self) -> &str {
        let start = self.pos;
        while self.peek().is_some_and(|c| !ends_name(c)) {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    /// One `@...` block; `Ok(None)` for a comment, a preamble or an `@` that
    /// starts nothing (an e-mail address in a comment).
    fn block(&mut self, at: usize) -> Result<Option<Item>, String> {
        self.skip_ws();
        let kind = self.name().to_ascii_lowercase();
        if kind.is_empty() {
            return Ok(None);
        }
        self.skip_ws();
        let close = match self.peek() {
            Some(b'{') => b'}',
            Some(b'(') => b')',
            Some(b',') if !matches!(kind.as_str(), "comment" | "preamble" | "string") => {
                return self.braceless(at, kind);
            }
            _ => return Ok(None),
        };
        self.pos += 1;
        match kind.as_str() {
            "comment" => {
                // biber reads a braced comment as a block; BibTeX skips the
                // word only. A balanced block is skipped; one that never
                // closes is skipped as BibTeX does, so that the entries
                // after it are still read.
                let after = self.pos;
                if close != b'}' || self.braced(b'{', b'}').is_err() {
                    self.pos = after;
                }
                Ok(None)
            }
            "preamble" => {
                self.value("@preamble")?;
                self.skip_ws();
                self.expect_close(close, "@preamble")?;
                Ok(None)
            }
            "string" => {
                let fields = self.fields(close, &mut Vec::new())?;
                Ok(Some(Item::Strings(fields, self.line(at))))
            }
            _ => {
                self.skip_ws();
                let key_start = self.pos;
                while self
                    .peek()
                    .is_some_and(|c| !c.is_ascii_whitespace() && c != b',' && c != close)
                {
                    self.pos += 1;
                }
                let mut key = self.text[key_start..self.pos].to_string();
                self.skip_ws();
                // No key, and a field right after the brace with no space
                // (ProQuest's `@misc{\nauthor={Dorst,Chris}, ...`).
                if key.contains('=') {
                    self.pos = key_start;
                    key.clear();
                    return self.keyless(at, kind, close);
                }
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(c) if c == close => {}
                    // No key: `@article{title = {...}, ...}`.
                    Some(b'=') => {
                        self.pos = key_start;
                        key.clear();
                    }
                    None => return Err(not_closed(&format!("this @{kind}"))),
                    _ => {
                        return Err(format!(
                            "the key of this @{kind} is not followed by a comma"
                        ));
                    }
                }
                let mut warnings = Vec::new();
                let fields = self.fields(close, &mut warnings).map_err(|e| {
                    if key.is_empty() {
                        e
                    } else {
                        format!("entry {}: {e}", crate::text::inert_line(&key))
                    }
                })?;
                Ok(Some(Item::Entry(Entry {
                    kind,
                    key,
                    line: self.line(at),
                    fields,
                    warnings,
                })))
            }
        }
    }

    /// The fields of an entry that has no key, from the current position.
    fn keyless(&mut self, at: usize, kind: String, close: u8) -> Result<Option<Item>, String> {
        let mut warnings = Vec::new();
        let fields = self.fields(close, &mut warnings)?;
        Ok(Some(Item::Entry(Entry {
            kind,
            key: String::new(),
            line: self.line(at),
            fields,
            warnings,
        })))
    }

    /// `@Article,` then its fields and a `}`: an entry written with neither
    /// its opening brace nor its key, as JabRef writes entries that have no
    /// key. BibTeX and biber skip it; litrev reads it, with a warning, when
    /// a field follows the comma.
    fn braceless(&mut self, at: usize, kind: String) -> Result<Option<Item>, String> {
        let comma = self.pos;
        self.pos += 1;
        self.skip_ws_and_comments();
        let name_at = self.pos;
        let field_follows = !self.name().is_empty() && {
            self.skip_ws();
            self.peek() == Some(b'=')
        };
        self.pos = name_at;
        if !field_follows {
            self.pos = comma;
            return Ok(None);
        }
        let warning = format!(
            "`@{kind},` has no `{{` and no key (BibTeX and biber skip such an entry): read as an entry without a key"
        );
        let mut item = self.keyless(at, kind, b'}')?;
        if let Some(Item::Entry(e)) = item.as_mut() {
            e.warnings.insert(0, warning);
        }
        Ok(item)
    }

    fn expect_close(&mut self, close: u8, what: &str) -> Result<(), String> {
        match self.peek() {
            Some(c) if c == close => {
                self.pos += 1;
                Ok(())
            }
            None => Err(not_closed(what)),
            Some(_) => Err(format!("{what} is not closed where it should be")),
        }
    }

    /// `name = value` pairs up to the closing delimiter; a comma missing
    /// between two fields is noted in `warnings`.
    fn fields(&mut self, close: u8, warnings: &mut Vec<String>) -> Result<Vec<Field>, String> {
        let mut fields = Vec::new();
        loop {
            self.skip_ws_and_comments();
            match self.peek() {
                None => return Err(not_closed("it")),
                Some(c) if c == close => {
                    self.pos += 1;
                    return Ok(fields);
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let name = self.name().to_ascii_lowercase();
            if name.is_empty() {
                let c = self.peek().map(char::from).unwrap_or(' ');
                return Err(format!("a field name was expected, found `{c}`"));
            }
            self.skip_ws();
            if self.peek() != Some(b'=') {
                return Err(format!(
                    "field `{}` has no `=`",
                    crate::text::inert_line(&name)
                ));
            }
            self.pos += 1;
            let value = self.value(&name)?;
            self.skip_ws_and_comments();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(c) if c == close => {}
                None => return Err(not_closed("it")),
                Some(_) => {
                    // `title = {A}` then `year = 2019` with no comma: BibTeX
                    // stops, Zotero and JabRef read on; so does litrev, and
                    // says so.
                    let at = self.pos;
                    let next = self.name().to_string();
                    self.skip_ws();
                    let field_follows = !next.is_empty() && self.peek() == Some(b'=');
                    self.pos = at;
                    if !field_follows {
                        return Err(format!(
                            "a comma is missing after field `{}`",
                            crate::text::inert_line(&name)
                        ));
                    }
                    warnings.push(format!(
                        "a comma is missing after field `{}` (line {}): read as if it were there",
                        crate::text::inert_line(&name),
                        self.line(at)
                    ));
                }
            }
            fields.push(Field { name, value });
        }
    }

    /// A value: pieces joined by `#`.
    fn value(&mut self, name: &str) -> Result<Vec<Piece>, String> {
        let mut pieces = Vec::new();
        loop {
            self.skip_ws();
            let piece = match self.peek() {
                Some(b'{') => {
                    self.pos += 1;
                    Piece::Text(self.braced(b'{', b'}')?.to_string())
                }
                Some(b'"') => {
                    self.pos += 1;
                    Piece::Text(self.braced(b'"', b'"')?.to_string())
                }
                Some(c) if c.is_ascii_digit() => {
                    let start = self.pos;
                    while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                        self.pos += 1;
                    }
                    Piece::Number(self.text[start..self.pos].to_string())
                }
                Some(c) if !ends_name(c) => Piece::Macro(self.name().to_string()),
                None => return Err(not_closed("it")),
                Some(_) => {
                    return Err(format!(
                        "field `{}` has no value",
                        crate::text::inert_line(name)
                    ));
                }
            };
            pieces.push(piece);
            self.skip_ws();
            if self.peek() == Some(b'#') {
                self.pos += 1;
            } else {
                return Ok(pieces);
            }
        }
    }

    /// The text up to the `end` that closes a value opened just before the
    /// current position (`}` at depth zero, or `"` outside braces).
    fn braced(&mut self, open: u8, end: u8) -> Result<&str, String> {
        let start = self.pos;
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(format!(
                            "braces are nested more than {MAX_DEPTH} deep (line {})",
                            self.line(self.pos)
                        ));
                    }
                }
                b'}' if depth == 0 => {
                    if end == b'}' {
                        self.pos += 1;
                        return Ok(&self.text[start..self.pos - 1]);
                    }
                    return Err(format!(
                        "a `}}` closes nothing inside a quoted value (line {})",
                        self.line(self.pos)
                    ));
                }
                b'}' => depth -= 1,
                b'"' if open == b'"' && depth == 0 => {
                    self.pos += 1;
                    return Ok(&self.text[start..self.pos - 1]);
                }
                _ => {}
            }
            self.pos += 1;
        }
        Err(not_closed("it"))
    }
}

fn not_closed(what: &str) -> String {
    format!("{what} is not closed (a brace or a quote is missing)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(text: &str) -> Vec<Item> {
        scan(text)
    }

    #[test]
    fn entries_strings_comments_and_a_broken_entry() {
        let text = "% a comment with me@example.org\n@String{ j = \"Journal\" }\n@article{a,\n  title = {A {DNA} study},\n  journal = j # \" of \" # {Tests}\n  year = 2019,\n}\n@book{b, title = {Open\n@misc(c, title = \"Paren\")\n";
        let items = entries(text);
        assert_eq!(items.len(), 4, "{items:?}");
        assert!(matches!(&items[0], Item::Strings(f, 2) if f[0].name == "j"));
        let Item::Entry(a) = &items[1] else {
            panic!("{items:?}")
        };
        assert_eq!(
            (a.kind.as_str(), a.key.as_str(), a.line),
            ("article", "a", 3)
        );
        assert_eq!(a.fields[0].value, [Piece::Text("A {DNA} study".into())]);
        assert_eq!(
            a.fields[1].value,
            [
                Piece::Macro("j".into()),
                Piece::Text(" of ".into()),
                Piece::Text("Tests".into())
            ]
        );
        assert_eq!(a.fields[2].value, [Piece::Number("2019".into())]);
        assert_eq!(a.warnings.len(), 1, "the comma missing after journal");
        assert!(
            matches!(&items[2], Item::Failed(b) if b.origin == crate::interop::Origin::Line(8))
        );
        assert!(matches!(&items[3], Item::Entry(c) if c.key == "c" && c.line == 9));
    }

    #[test]
    fn an_entry_commented_out_with_percent_signs_is_not_read() {
        let text = "% @manual{rlang,\n%   title={R},\n% }\n@book{b, title={Read}}\n";
        let items = entries(text);
        assert!(
            matches!(&items[..], [Item::Entry(e)] if e.key == "b"),
            "{items:?}"
        );
    }

    #[test]
    fn comments_between_fields_are_skipped() {
        let text = "@book{a,  % the key\n  title={T},  % a comment, with a comma\n  year={2025}  % last\n}\n";
        let items = entries(text);
        assert!(
            matches!(&items[..], [Item::Entry(e)] if e.fields.len() == 2 && e.warnings.is_empty()),
            "{items:?}"
        );
    }

    #[test]
    fn an_unclosed_comment_does_not_hide_the_entries_after_it() {
        let text = "@comment{open,\n  does={\n}\n\n@book{after, title={Read}}\n";
        let items = entries(text);
        assert!(
            matches!(&items[..], [Item::Entry(e)] if e.key == "after"),
            "{items:?}"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!(
            "@misc{{x, title = {}{}}}\n@misc{{y, title = {{ok}}}}\n",
            "{".repeat(200_000),
            "}".repeat(200_000)
        );
        let items = entries(&deep);
        assert!(matches!(&items[0], Item::Failed(b) if b.reason.contains("nested")));
        assert!(matches!(&items[1], Item::Entry(e) if e.key == "y"));
    }
}
