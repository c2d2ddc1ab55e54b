//! Text helpers shared by every face: making untrusted text inert, number
//! words, and compressing citation numbers.

pub mod fold;
pub mod grammar;
pub mod problem;
pub mod threads;

pub use problem::{Problem, Severity};

/// A short piece of text kept without an allocation of its own when it is
/// short (up to 24 bytes): an instrument's name, a reviewer's initials, an
/// item id, an answer's word, a citation's label. A finished review holds a
/// dozen per appraisal, hundreds of thousands in all; as `String`s they
/// were most of the memory appraised studies take.
pub type Word = compact_str::CompactString;

use std::borrow::Cow;

/// True for characters that must never reach a terminal raw: the Unicode
/// general category Cc (C0 and C1 controls, DEL) and the Unicode property
/// Bidi_Control, whose members can reorder or disguise text.
fn is_hostile(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The Unicode property Bidi_Control (PropList.txt: it has been these twelve
/// characters since Unicode 6.3 — the Arabic letter mark, the implicit marks,
/// the embeddings and overrides, and the isolates).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// The visible stand-in for a hostile character: the Unicode control
/// pictures for C0 (so an ESC shows as `␛`), `␡` for DEL, `�` otherwise.
fn stand_in(c: char) -> char {
    match c as u32 {
        n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// The bytes a hostile character's UTF-8 begins with: C0 controls and DEL
/// themselves, 0xC2 (C1 controls), 0xD8 (U+061C), 0xE2 (the other bidi
/// controls). Harmless characters begin with the last three too: the next
/// byte tells most of them apart.
const SUSPECT: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[0x7f] = true;
    t[0xc2] = true;
    t[0xd8] = true;
    t[0xe2] = true;
    t
};

/// False when `s` surely holds no hostile character (a control or a bidi
/// control): none of its bytes can begin one.
fn maybe_hostile(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        SUSPECT[usize::from(c)]
            && match c {
                // U+0080–U+009F; U+061C; U+2000–U+207F.
                0xc2 => b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
                0xd8 => b.get(i + 1) == Some(&0x9c),
                0xe2 => b.get(i + 1).is_some_and(|n| matches!(n, 0x80 | 0x81)),
                _ => true,
            }
    })
}

/// True when `s` is printable ASCII alone (no control character, nothing
/// wider or narrower than a column a byte).
pub fn printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// `a == b`, a byte at a time: for a few bytes (an appraisal item's id, a
/// scale's word), cheaper than a call to compare memory.
#[inline]
pub fn same_text(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// Makes untrusted text inert for a single line: every control character
/// (newlines and tabs included) becomes a visible stand-in or a space.
pub fn inert_line(s: &str) -> Cow<'_, str> {
    // Most text has none of the bytes a hostile character begins with and
    // is looked at a byte at a time.
    if !maybe_hostile(s) || !s.chars().any(is_hostile) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' | '\t' | '\r' => ' ',
                c if is_hostile(c) => stand_in(c),
                c => c,
            })
            .collect(),
    )
}

/// Makes untrusted text inert but keeps line breaks (`\n`); tabs become
/// four spaces.
pub fn inert_multiline(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_hostile(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            '\r' => {}
            c if is_hostile(c) => out.push(stand_in(c)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Makes JSON written by `serde_json` inert on a terminal: serde_json escapes
/// C0 controls such as ESC but writes DEL, the C1 controls (U+009B is a
/// one-character CSI to many terminals) and bidi overrides raw; this writes
/// them as `\uXXXX` too, so the JSON still parses back to the same strings.
/// Outside strings JSON text is plain ASCII, so every character replaced
/// here sits inside a string.
pub fn inert_json(json: String) -> String {
    // C0 controls are left alone: inside strings serde_json has escaped them,
    // and outside strings they are the layout's newlines.
    let raw = |c: char| c as u32 >= 0x7f && is_hostile(c);
    if !json.chars().any(raw) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if raw(c) {
            // Every hostile character is in the Basic Multilingual Plane.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

fn below_thousand(n: u64) -> String {
    let (h, rest) = (n / 100, n % 100);
    let tail = if rest < 20 {
        ONES[rest as usize].to_string()
    } else if rest % 10 == 0 {
        TENS[(rest / 10) as usize].to_string()
    } else {
        format!(
            "{}-{}",
            TENS[(rest / 10) as usize],
            ONES[(rest % 10) as usize]
        )
    };
    match (h, rest) {
        (0, _) => tail,
        (h, 0) => format!("{} hundred", ONES[h as usize]),
        (h, _) => format!("{} hundred and {tail}", ONES[h as usize]),
    }
}

/// The number in words, British style: 51 → "fifty-one", 105 → "one hundred
/// and five", 2 300 → "two thousand three hundred".
pub fn number_words(n: u64) -> String {
    if n < 1000 {
        return below_thousand(n);
    }
    if n < 1_000_000 {
        let (th, rest) = (n / 1000, n % 1000);
        let head = format!("{} thousand", below_thousand(th));
        return match rest {
            0 => head,
            r if r < 100 => format!("{head} and {}", below_thousand(r)),
            r => format!("{head} {}", below_thousand(r)),
        };
    }
    n.to_string()
}

/// The number in words with a capital first letter, for the start of a
/// sentence: 22 → "Twenty-two".
pub fn number_words_capitalised(n: u64) -> String {
    let w = number_words(n);
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => w,
    }
}

/// Sorts and deduplicates reference numbers, then writes runs of three or
/// more consecutive numbers as `first–last` (en dash): `21, 32, 47, 91–102`.
pub fn compress_refs(refs: &[u32]) -> String {
    compress_with(refs, ", ", "–", |n, out| {
        use std::fmt::Write as _;
        let _ = write!(out, "{n}");
    })
}

/// Like [`compress_refs`] but in superscript digits: `³¹˒⁴¹⁻⁵¹`.
pub fn compress_refs_superscript(refs: &[u32]) -> String {
    compress_with(refs, ",", "\u{207b}", |n, out| {
        const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
        let start = out.len();
        let mut n = n;
        loop {
            out.insert(start, DIGITS[(n % 10) as usize]);
            n /= 10;
            if n == 0 {
                break;
            }
        }
    })
}

/// The numbers of `refs`, sorted and deduplicated, written one after
/// another into one string (a tally of 100 000 studies writes them all):
/// `num` writes a number, `sep` goes between parts, `dash` inside a run.
fn compress_with(refs: &[u32], sep: &str, dash: &str, num: impl Fn(u32, &mut String)) -> String {
    let mut v = refs.to_vec();
    v.sort_unstable();
    v.dedup();
    let mut out = String::with_capacity(v.len() * 4);
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j + 1 < v.len() && v[j + 1] == v[j] + 1 {
            j += 1;
        }
        if i > 0 {
            out.push_str(sep);
        }
        if j - i >= 2 {
            num(v[i], &mut out);
            out.push_str(dash);
            num(v[j], &mut out);
        } else {
            for (k, &n) in v[i..=j].iter().enumerate() {
                if k > 0 {
                    out.push_str(sep);
                }
                num(n, &mut out);
            }
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bidi_control_and_cc_character_is_inert() {
        let bidi = [
            '\u{061c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
            '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        ];
        let cc = (0u32..=0x1f).chain(0x7f..=0x9f).filter_map(char::from_u32);
        for c in bidi.into_iter().chain(cc) {
            let s = format!("a{c}b");
            assert!(!inert_line(&s).contains(c), "U+{:04X} passed raw", c as u32);
            // serde_json escapes C0 itself; inert_json handles the rest.
            let json = serde_json::to_string(&s).unwrap_or_default();
            assert!(!inert_json(json).contains(c), "U+{:04X} in JSON", c as u32);
            if c != '\n' {
                assert!(
                    !inert_multiline(&s).contains(c),
                    "U+{:04X} multiline",
                    c as u32
                );
            }
        }
        // Letters of right-to-left scripts are text, not controls.
        assert_eq!(inert_line("عربي עברית"), "عربي עברית");
    }

    #[test]
    fn every_hostile_character_begins_with_a_suspect_byte() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if is_hostile(c) {
                assert!(maybe_hostile(c.encode_utf8(&mut buf)), "{:?}", c);
            }
        }
        assert!(!maybe_hostile("Ó Súilleabháin et al. 2002 · d1 low"));
        assert_eq!(inert_line("a\u{202e}b\u{85}c"), "a\u{fffd}b\u{fffd}c");
    }

    #[test]
    fn compresses_runs_of_three_or_more() {
        assert_eq!(compress_refs(&[]), "");
        assert_eq!(compress_refs(&[5]), "5");
        assert_eq!(compress_refs(&[30, 103, 104]), "30, 103, 104");
        assert_eq!(compress_refs(&[3, 2, 1]), "1–3");
        assert_eq!(compress_refs(&[1, 2, 2, 3, 3]), "1–3");
        assert_eq!(
            compress_refs(&[
                21, 32, 47, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102
            ]),
            "21, 32, 47, 91–102"
        );
        assert_eq!(compress_refs(&[1, 2, 4, 5, 6, 8]), "1, 2, 4–6, 8");
        assert_eq!(compress_refs_superscript(&[31, 41, 42, 43]), "³¹,⁴¹⁻⁴³");
    }

    /// As first written: each part its own string, joined.
    fn compress_as_first_written(refs: &[u32], sep: &str, dash: &str, sup: bool) -> String {
        let num = |n: u32| {
            let s = n.to_string();
            if !sup {
                return s;
            }
            s.chars()
                .map(|d| {
                    "⁰¹²³⁴⁵⁶⁷⁸⁹"
                        .chars()
                        .nth(d as usize - '0' as usize)
                        .unwrap_or('?')
                })
                .collect()
        };
        let mut v = refs.to_vec();
        v.sort_unstable();
        v.dedup();
        let mut parts = Vec::new();
        let mut i = 0;
        while i < v.len() {
            let mut j = i;
            while j + 1 < v.len() && v[j + 1] == v[j] + 1 {
                j += 1;
            }
            if j - i >= 2 {
                parts.push(format!("{}{dash}{}", num(v[i]), num(v[j])));
            } else {
                parts.extend(v[i..=j].iter().map(|&n| num(n)));
            }
            i = j + 1;
        }
        parts.join(sep)
    }

    #[test]
    fn compressed_refs_written_into_one_string_are_those_joined_from_parts() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..2_000 {
            let len = (next() % 40) as usize;
            let top = [5, 60, 2_000, u32::MAX as u64][(next() % 4) as usize];
            let refs: Vec<u32> = (0..len).map(|_| (next() % (top + 1)) as u32).collect();
            assert_eq!(
                compress_refs(&refs),
                compress_as_first_written(&refs, ", ", "–", false)
            );
            assert_eq!(
                compress_refs_superscript(&refs),
                compress_as_first_written(&refs, ",", "\u{207b}", true)
            );
        }
    }

    #[test]
    fn number_words_cover_the_awkward_cases() {
        assert_eq!(number_words(1), "one");
        assert_eq!(number_words(13), "thirteen");
        assert_eq!(number_words(20), "twenty");
        assert_eq!(number_words(22), "twenty-two");
        assert_eq!(number_words_capitalised(51), "Fifty-one");
        assert_eq!(number_words_capitalised(100), "One hundred");
        assert_eq!(number_words(105), "one hundred and five");
        assert_eq!(number_words(999), "nine hundred and ninety-nine");
        assert_eq!(number_words(1000), "one thousand");
        assert_eq!(number_words(1005), "one thousand and five");
        assert_eq!(number_words(2300), "two thousand three hundred");
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(inert_line("a\u{1b}[31mred"), "a␛[31mred");
        assert_eq!(inert_line("two\nlines"), "two lines");
        assert_eq!(inert_multiline("two\nlines\u{7}"), "two\nlines␇");
        assert_eq!(inert_line("x\u{202e}y"), "x\u{fffd}y");
        assert!(matches!(inert_line("plain Søderstrøm"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_no_raw_control_characters() {
        let original = "csi \u{9b}31m del \u{7f} rlo \u{202e} esc \u{1b}";
        let json = inert_json(serde_json::to_string_pretty(&[original]).unwrap_or_default());
        assert!(!json.chars().any(|c| c != '\n' && is_hostile(c)), "{json}");
        assert_eq!(
            serde_json::from_str::<Vec<String>>(&json).ok(),
            Some(vec![original.to_string()])
        );
    }
}
