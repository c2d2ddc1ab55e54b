//! Folding text for matching: lower case, no accents, a few letters
//! spelled out (ø → o, ß → ss), dashes and quotes made plain.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

pub fn fold_char(c: char, out: &mut String) {
    let special = match c {
        'ø' | 'Ø' => Some("o"),
        'ł' | 'Ł' => Some("l"),
        'æ' | 'Æ' => Some("ae"),
        'œ' | 'Œ' => Some("oe"),
        'ß' | 'ẞ' => Some("ss"),
        'đ' | 'Đ' | 'ð' | 'Ð' => Some("d"),
        'þ' | 'Þ' => Some("th"),
        'ı' => Some("i"),
        '\u{2010}'..='\u{2015}' => Some("-"),
        '\u{2018}' | '\u{2019}' => Some("'"),
        _ => None,
    };
    if let Some(s) = special {
        out.push_str(s);
        return;
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for d in c.nfd() {
        if !is_combining_mark(d) {
            out.extend(d.to_lowercase());
        }
    }
}

/// Folds text for matching: lower case, no accents.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Appends `s`, folded, to `out`. ASCII text (most of a review) is folded a
/// run at a time; the rest character by character.
pub fn fold_into(s: &str, out: &mut String) {
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(ascii);
        let at = out.len();
        out.push_str(run);
        out[at..].make_ascii_lowercase();
        let Some(c) = tail.chars().next() else {
            break;
        };
        fold_char(c, out);
        rest = &tail[c.len_utf8()..];
    }
}

/// Folded text with, for each folded character, the index of the original
/// character it came from (so highlights land on the original text). Built
/// only for the fields of rows being drawn, never kept in the index.
pub struct Folded {
    pub text: String,
    pub origin: Vec<u32>,
}

impl Folded {
    pub fn new(s: &str) -> Self {
        let mut text = String::with_capacity(s.len());
        let mut origin = Vec::with_capacity(s.len());
        let mut buf = String::new();
        for (i, c) in s.chars().enumerate() {
            buf.clear();
            fold_char(c, &mut buf);
            text.push_str(&buf);
            origin.extend(std::iter::repeat_n(i as u32, buf.chars().count()));
        }
        Self { text, origin }
    }
}
