//! The fast reader's scanner: the subset of TOML that litrev's saver writes
//! (`toml_edit` formatting the values it is given). `key = value` lines with
//! bare or quoted keys; strings in each of TOML's four forms (basic,
//! literal, and both on several lines, as the saver picks them by what the
//! text holds); decimal integers; decimal floats as Rust writes them;
//! `true`/`false`; arrays of strings, over several lines if need be; inline
//! tables of such values on one line (an appraisal's `answers` and
//! `notes`); one `[extraction]` table; `[[appraisals]]` tables; comments
//! and blank lines. Anything else gives `None`.

use std::borrow::Cow;
use std::ops::Range;

/// A value of the subset.
pub(super) enum Val<'s> {
    /// A text: borrowed from the file when it is the file's bytes as they
    /// are, which then hold no CR (a CR can only be in a multi-line string,
    /// and such a string is copied); owned when its escapes were read.
    Str(Cow<'s, str>),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// An array of texts: where its items are in [`Scanned::strs`].
    Strs(Range<usize>),
    /// An inline table (`answers = { d1 = "low", d2 = "high" }`): where its
    /// entries are in [`Scanned::inner`].
    Table(Range<usize>),
}

/// Key, value and the value's byte span.
pub(super) type Entry<'s> = (Cow<'s, str>, Val<'s>, Range<usize>);

/// The table a `key = value` line is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Table {
    Root,
    Extraction,
    /// The `[[appraisals]]` table of this number (from 0, in file order).
    Appraisal(usize),
}

/// A file of the subset, in three vectors whatever it holds (a vector per
/// table, inline table and array was most of the reader's allocations).
pub(super) struct Scanned<'s> {
    /// Every `key = value` line in file order, with its table: the lines
    /// of one table are side by side (a table's lines run to the next
    /// header), the root's first.
    pub lines: Vec<(Table, Entry<'s>)>,
    /// The entries of the inline tables (never one inside another).
    pub inner: Vec<Entry<'s>>,
    /// The items of the arrays of texts.
    pub strs: Vec<Cow<'s, str>>,
    /// How many `[[appraisals]]` headers there are (a table may be empty).
    pub appraisals: usize,
}

/// Scans `src`, or `None` for anything outside the subset.
pub(super) fn scan(src: &str) -> Option<Scanned<'_>> {
    let b = src.as_bytes();
    // Control characters (a tab and line ends aside), a lone CR, a
    // byte-order mark or a conflict marker: the full reader says what it
    // makes of them.
    if has_control(b) {
        return None;
    }
    if src.starts_with('\u{feff}') {
        return None;
    }
    let mut lines: Vec<(Table, Entry<'_>)> = Vec::with_capacity(32);
    let mut appraisals = 0;
    let mut extraction = false;
    let in_root = |lines: &[(Table, Entry<'_>)], key: &str| {
        lines
            .iter()
            .take_while(|(t, _)| *t == Table::Root)
            .any(|(_, (k, _, _))| k == key)
    };
    let mut into = Table::Root;
    let mut p = Cursor {
        b,
        src,
        i: 0,
        inner: Vec::new(),
        strs: Vec::new(),
        in_table: false,
    };
    loop {
        p.skip_ws();
        let Some(c) = p.peek() else { break };
        match c {
            b'\n' | b'\r' | b'#' => {
                p.end_of_line()?;
                continue;
            }
            b'[' if p.b.get(p.i + 1) == Some(&b'[') => {
                // `[[appraisals]]`, when the root has no `appraisals` key.
                p.i += 2;
                p.skip_ws();
                let key = p.bare_key()?;
                p.skip_ws();
                if key != "appraisals"
                    || !p.src[p.i..].starts_with("]]")
                    || in_root(&lines, "appraisals")
                {
                    return None;
                }
                p.i += 2;
                p.end_of_line()?;
                into = Table::Appraisal(appraisals);
                appraisals += 1;
                continue;
            }
            b'[' => {
                // `[extraction]`, once, when the root has no `extraction` key.
                p.i += 1;
                p.skip_ws();
                let key = p.bare_key()?;
                p.skip_ws();
                if key != "extraction"
                    || p.peek() != Some(b']')
                    || extraction
                    || in_root(&lines, "extraction")
                {
                    return None;
                }
                p.i += 1;
                p.end_of_line()?;
                extraction = true;
                into = Table::Extraction;
                continue;
            }
            _ => {}
        }
        let (key, value, span) = p.key_value()?;
        p.end_of_line()?;
        // A key given twice in its table (the table's lines are the last).
        let mut table = lines.iter().rev().take_while(|(t, _)| *t == into);
        if table.any(|(_, (k, _, _))| *k == key) {
            return None;
        }
        lines.push((into, (key, value, span)));
    }
    Some(Scanned {
        lines,
        inner: p.inner,
        strs: p.strs,
        appraisals,
    })
}

/// True when `b` holds a control character other than a tab and a line
/// end, or a CR not followed by LF. Every byte is looked at in runs of 32
/// without stopping early, which the compiler turns into vector
/// instructions; the rare CR is then checked on its own.
fn has_control(b: &[u8]) -> bool {
    let bad = |c: u8| (c < 0x20 && c != b'\t' && c != b'\n' && c != b'\r') || c == 0x7f;
    let mut cr = false;
    for run in b.chunks(32) {
        let (mut any, mut has_cr) = (false, false);
        for &c in run {
            any |= bad(c);
            has_cr |= c == b'\r';
        }
        if any {
            return true;
        }
        cr |= has_cr;
    }
    cr && memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n'))
}

struct Cursor<'s> {
    b: &'s [u8],
    src: &'s str,
    i: usize,
    /// [`Scanned::inner`] and [`Scanned::strs`], filled as they are read.
    inner: Vec<Entry<'s>>,
    strs: Vec<Cow<'s, str>>,
    /// Inside an inline table, where another is refused (nothing litrev
    /// writes has one, and every value the reader takes from an inline
    /// table is a text or a number).
    in_table: bool,
}

/// The bytes of a bare key: ASCII letters and digits, `_` and `-`.
const BARE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
        c += 1;
    }
    t
};

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

    /// `key = value`: the key, the value and the value's span.
    fn key_value(&mut self) -> Option<Entry<'s>> {
        let key = self.key()?;
        self.skip_ws();
        // Anything but `=` (a dotted key among them) is for the full reader.
        if self.peek() != Some(b'=') {
            return None;
        }
        self.i += 1;
        self.skip_ws();
        let start = self.i;
        let value = self.value()?;
        Some((key, value, start..self.i))
    }

    /// A bare key, or a quoted one on one line.
    fn key(&mut self) -> Option<Cow<'s, str>> {
        match self.peek()? {
            b'"' => self.basic_string(),
            b'\'' => self.literal_string(),
            _ => self.bare_key().map(Cow::Borrowed),
        }
    }

    fn bare_key(&mut self) -> Option<&'s str> {
        let start = self.i;
        let rest = self.b.get(start..).unwrap_or_default();
        self.i += rest
            .iter()
            .position(|&c| !BARE[usize::from(c)])
            .unwrap_or(rest.len());
        (self.i > start).then(|| &self.src[start..self.i])
    }

    fn value(&mut self) -> Option<Val<'s>> {
        match self.peek()? {
            b'"' | b'\'' => self.string().map(Val::Str),
            b'[' => self.string_array().map(Val::Strs),
            b'{' => self.inline_table().map(Val::Table),
            b't' | b'f' => {
                let word = self.word();
                match word {
                    "true" => Some(Val::Bool(true)),
                    "false" => Some(Val::Bool(false)),
                    _ => None,
                }
            }
            b'-' | b'0'..=b'9' | b'i' | b'n' => number(self.word()),
            _ => None,
        }
    }

    /// Everything up to whitespace, a comment, a comma, a bracket, a brace
    /// or a line end.
    fn word(&mut self) -> &'s str {
        let start = self.i;
        while !matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'\r' | b'\n' | b'#' | b',' | b']' | b'[' | b'}')
        ) {
            self.i += 1;
        }
        &self.src[start..self.i]
    }

    /// A string in any of its four forms.
    fn string(&mut self) -> Option<Cow<'s, str>> {
        let rest = &self.b[self.i..];
        if rest.starts_with(b"\"\"\"") {
            self.multi_line(b'"')
        } else if rest.starts_with(b"'''") {
            self.multi_line(b'\'')
        } else if rest.first() == Some(&b'"') {
            self.basic_string()
        } else {
            self.literal_string()
        }
    }

    /// `"..."` on one line with the escapes every TOML version reads.
    fn basic_string(&mut self) -> Option<Cow<'s, str>> {
        self.i += 1; // the opening quote
        let start = self.i;
        let mut escaped = false;
        loop {
            // The next quote, backslash or line end (a CR is always followed
            // by LF: checked in `scan`).
            self.i += memchr::memchr3(b'"', b'\\', b'\n', self.b.get(self.i..)?)?;
            match self.peek()? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    // The escaped byte is never the closing quote.
                    self.i += 2;
                }
                _ => return None,
            }
        }
        let raw = self.src.get(start..self.i)?;
        self.i += 1; // the closing quote
        if escaped {
            unescape(raw).map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(raw))
        }
    }

    /// `'...'` on one line, taken as written.
    fn literal_string(&mut self) -> Option<Cow<'s, str>> {
        self.i += 1; // the opening quote
        let start = self.i;
        loop {
            match self.peek()? {
                b'\'' => break,
                b'\n' | b'\r' => return None,
                _ => self.i += 1,
            }
        }
        let raw = &self.src[start..self.i];
        self.i += 1;
        Some(Cow::Borrowed(raw))
    }

    /// `"""..."""` (with escapes) or `'''...'''` (as written): a line end
    /// right after the opening quotes is not part of the text, and up to two
    /// quotes right before the closing ones are.
    fn multi_line(&mut self, quote: u8) -> Option<Cow<'s, str>> {
        self.i += 3;
        if self.peek() == Some(b'\n') {
            self.i += 1;
        } else if self.src[self.i..].starts_with("\r\n") {
            self.i += 2;
        }
        let start = self.i;
        let mut escaped = false;
        let end = loop {
            let c = self.peek()?;
            if c == quote {
                let run = self.b[self.i..].iter().take_while(|&&b| b == quote).count();
                if run >= 3 {
                    if run > 5 {
                        return None;
                    }
                    let end = self.i + run - 3;
                    self.i += run;
                    break end;
                }
                self.i += run;
            } else if c == b'\\' && quote == b'"' {
                escaped = true;
                self.i += 2;
            } else {
                self.i += 1;
            }
        };
        let raw = self.src.get(start..end)?;
        if escaped {
            unescape(raw).map(Cow::Owned)
        } else if raw.contains('\r') {
            // Owned, so that a borrowed text never holds a CR (see `Val`).
            Some(Cow::Owned(raw.to_string()))
        } else {
            Some(Cow::Borrowed(raw))
        }
    }

    /// `[ "a", 'b' ]`, over several lines if need be, with comments and a
    /// trailing comma: its items pushed on `strs`, and where they are.
    fn string_array(&mut self) -> Option<Range<usize>> {
        self.i += 1; // the opening bracket
        if self.strs.capacity() == 0 {
            // Room for a study's authors and tags.
            self.strs.reserve(16);
        }
        let start = self.strs.len();
        loop {
            self.skip_blank();
            match self.peek()? {
                b']' => {
                    self.i += 1;
                    return Some(start..self.strs.len());
                }
                b'"' | b'\'' => {
                    let s = self.string()?;
                    self.strs.push(s);
                }
                _ => return None,
            }
            self.skip_blank();
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(start..self.strs.len());
                }
                _ => return None,
            }
        }
    }

    /// `{ key = value, ... }` on one line, without a trailing comma: its
    /// entries pushed on `inner`, and where they are.
    fn inline_table(&mut self) -> Option<Range<usize>> {
        if self.in_table {
            return None;
        }
        self.i += 1; // the opening brace
        if self.inner.capacity() == 0 {
            // Room for two appraisals' answers.
            self.inner.reserve(16);
        }
        let start = self.inner.len();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Some(start..start);
        }
        self.in_table = true;
        // A bit per length and last byte seen among the keys.
        let mut seen = 0u64;
        loop {
            self.skip_ws();
            let (key, value, span) = self.key_value()?;
            // A key given twice is for the full reader. Told apart by
            // length and last byte first ("q1" … "q16", "d1" … "d5"): the
            // keys looked through only where one of the same length and
            // last byte may have been seen, and the bytes compared whole
            // only where both agree.
            let last = key.as_bytes().last();
            let bit = 1u64
                << (key
                    .len()
                    .wrapping_mul(31)
                    .wrapping_add(usize::from(last.copied().unwrap_or(0)))
                    & 63);
            if seen & bit != 0
                && self.inner[start..].iter().any(|(k, _, _)| {
                    k.len() == key.len() && k.as_bytes().last() == last && *k == key
                })
            {
                return None;
            }
            seen |= bit;
            self.inner.push((key, value, span));
            self.skip_ws();
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    self.in_table = false;
                    return Some(start..self.inner.len());
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

/// A decimal integer without a leading zero, or a float as Rust and the
/// saver write one (`1.5`, `-0.25`, `3.0`, `inf`, `-nan`; no exponent).
fn number(word: &str) -> Option<Val<'_>> {
    let digits = word.strip_prefix('-').unwrap_or(word);
    let sign = if digits.len() < word.len() { -1.0 } else { 1.0 };
    match digits {
        "inf" => return Some(Val::Float(sign * f64::INFINITY)),
        "nan" => return Some(Val::Float(sign * f64::NAN)),
        _ => {}
    }
    let plain = |d: &str| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit());
    let (int, frac) = match digits.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (digits, None),
    };
    if !plain(int) || (int.len() > 1 && int.starts_with('0')) {
        return None;
    }
    match frac {
        None => word.parse().ok().map(Val::Int),
        Some(f) if plain(f) => word
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Val::Float),
        Some(_) => None,
    }
}

/// The text of a basic string's escapes: those every TOML version reads;
/// anything else (a line-ending backslash among them) gives `None`.
fn unescape(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let e = *rest.as_bytes().get(at + 1)?;
        if !e.is_ascii() {
            return None;
        }
        rest = &rest[at + 2..];
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
                let hex = rest.get(..n)?;
                if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                rest = &rest[n..];
            }
            _ => return None,
        }
    }
    out.push_str(rest);
    Some(out)
}
