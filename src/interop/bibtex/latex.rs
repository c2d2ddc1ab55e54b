//! LaTeX in BibTeX fields decoded to Unicode text, by a table: accents
//! (`\"u`, `\"{u}`, `{\"u}`, `\c c`, `\v{s}`), letters and ligatures (`\o`,
//! `\O`, `\ss`, `\aa`, `\l`, `\ae`, `\i`, braced or not, with or without
//! `{}` after), symbols and dashes (`\textendash`, `--`, ``` `` ```), the
//! text of markup (`\emph{..}`, `\href{url}{text}`) and simple math
//! (`$\alpha$`, `$CO_2$`). What is not in the table is left as written:
//! an unknown command, math that has no plain form, and the group after a
//! command that takes no argument (`{{Bose}}\textendash{{Einstein}}` reads
//! "Bose–Einstein").
//!
//! One pass with an explicit stack of groups: no recursion, whatever the
//! nesting.

use super::math::math;
use unicode_normalization::char::compose;

/// What a group (`{...}`) does with its content when it closes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Group {
    /// Braces for grouping or case protection: content kept, braces gone.
    Plain,
    /// The argument of an accent: the mark goes on its first letter.
    Accent(char),
    /// An argument that is not text (`\href`'s URL, `\noopsort`'s key).
    Drop,
    /// After a command left as written: braces kept too.
    Literal,
}

/// Decodes the LaTeX of a field's text. Line breaks are kept (callers
/// squash them where a field is one line).
pub fn decode(s: &str) -> String {
    if !s.contains(['\\', '{', '}', '$', '~', '-', '`', '\'']) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    // Each open group: what it does, and where its output starts.
    let mut stack: Vec<(Group, usize)> = Vec::new();
    // Groups that the next `{` at this depth opens (`\href{..}{..}`).
    let mut pending = Pending::default();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'{' => {
                let g = pending.next(stack.len()).unwrap_or(Group::Plain);
                if g == Group::Literal {
                    out.push('{');
                }
                stack.push((g, out.len()));
                i += 1;
            }
            b'}' => {
                i += 1;
                let Some((g, start)) = stack.pop() else {
                    continue; // a stray brace: nothing to close
                };
                match g {
                    Group::Plain => {}
                    Group::Literal => out.push('}'),
                    Group::Drop => out.truncate(start),
                    Group::Accent(mark) => accent_at(&mut out, start, mark),
                }
            }
            b'\\' => {
                i = command(s, i, &mut out, &mut stack, &mut pending);
            }
            b'$' => {
                pending.clear(stack.len());
                i = math(s, i, &mut out);
            }
            b'~' => {
                pending.clear(stack.len());
                out.push(' ');
                i += 1;
            }
            b'-' => {
                pending.clear(stack.len());
                let n = b[i..].iter().take_while(|c| **c == b'-').count();
                match n {
                    2 => out.push('–'),
                    3 => out.push('—'),
                    _ => out.push_str(&s[i..i + n]),
                }
                i += n;
            }
            b'`' => {
                pending.clear(stack.len());
                if b.get(i + 1) == Some(&b'`') {
                    out.push('“');
                    i += 2;
                } else {
                    out.push('‘');
                    i += 1;
                }
            }
            b'\'' if b.get(i + 1) == Some(&b'\'') => {
                pending.clear(stack.len());
                out.push('”');
                i += 2;
            }
            _ => {
                if !c.is_ascii_whitespace() {
                    pending.clear(stack.len());
                }
                let ch = s[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    // Groups left open by a broken field: their content stays.
    out
}

/// The groups a command's arguments open, at the depth of the command.
#[derive(Debug, Default)]
struct Pending {
    depth: usize,
    groups: std::collections::VecDeque<Group>,
}

impl Pending {
    /// Forgets the groups when something other than an argument comes at
    /// their depth.
    fn clear(&mut self, depth: usize) {
        if depth == self.depth {
            self.groups.clear();
        }
    }

    fn set(&mut self, depth: usize, groups: impl IntoIterator<Item = Group>) {
        self.depth = depth;
        self.groups = groups.into_iter().collect();
    }

    /// The group a `{` at `depth` opens, when it is an argument.
    fn next(&mut self, depth: usize) -> Option<Group> {
        if depth == self.depth {
            self.groups.pop_front()
        } else {
            None
        }
    }
}

/// Puts `mark` on the first character written at or after `start`.
fn accent_at(out: &mut String, start: usize, mark: char) {
    let Some(base) = out[start..].chars().next() else {
        out.push(spacing_accent(mark));
        return;
    };
    let rest: String = out[start + base.len_utf8()..].to_string();
    out.truncate(start);
    push_accented(out, base, mark);
    out.push_str(&rest);
}

/// `base` with `mark` on it: composed when Unicode has the letter, else
/// followed by the combining mark. A dotless i or j takes it as i or j.
fn push_accented(out: &mut String, base: char, mark: char) {
    let base = match base {
        'ı' => 'i',
        'ȷ' => 'j',
        c => c,
    };
    match compose(base, mark) {
        Some(c) => out.push(c),
        None => {
            out.push(base);
            out.push(mark);
        }
    }
}

/// An accent with nothing to sit on (`\^{}`): the character itself.
fn spacing_accent(mark: char) -> char {
    match mark {
        '\u{302}' => '^',
        '\u{303}' => '~',
        '\u{300}' => '`',
        '\u{301}' => '´',
        '\u{308}' => '¨',
        c => c,
    }
}

/// The combining mark of an accent command.
fn accent_mark(name: &str) -> Option<char> {
    Some(match name {
        "`" => '\u{300}',
        "'" => '\u{301}',
        "^" => '\u{302}',
        "~" => '\u{303}',
        "=" => '\u{304}',
        "u" => '\u{306}',
        "." => '\u{307}',
        "\"" => '\u{308}',
        "r" => '\u{30a}',
        "H" => '\u{30b}',
        "v" => '\u{30c}',
        "d" => '\u{323}',
        "c" => '\u{327}',
        "k" => '\u{328}',
        "b" => '\u{331}',
        "t" => '\u{361}',
        _ => return None,
    })
}

/// Commands that stand for a character or a word, taking no argument.
fn symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "o" => "ø",
        "O" => "Ø",
        "ss" => "ß",
        "SS" => "ẞ",
        "aa" => "å",
        "AA" => "Å",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "l" => "ł",
        "L" => "Ł",
        "i" => "ı",
        "j" => "ȷ",
        "dh" => "ð",
        "DH" => "Ð",
        "dj" => "đ",
        "DJ" => "Đ",
        "th" => "þ",
        "TH" => "Þ",
        "ng" => "ŋ",
        "NG" => "Ŋ",
        "textendash" => "–",
        "textemdash" => "—",
        "textquoteleft" => "‘",
        "textquoteright" => "’",
        "textquotedblleft" => "“",
        "textquotedblright" => "”",
        "textquotedbl" => "\"",
        "textquotesingle" => "'",
        "quotedblbase" => "„",
        "quotesinglbase" => "‚",
        "guillemotleft" | "guillemetleft" => "«",
        "guillemotright" | "guillemetright" => "»",
        "guilsinglleft" => "‹",
        "guilsinglright" => "›",
        "dots" | "ldots" | "textellipsis" => "…",
        "textbackslash" => "\\",
        "textbraceleft" => "{",
        "textbraceright" => "}",
        "textasciitilde" => "~",
        "textasciicircum" => "^",
        "textasciigrave" => "`",
        "textunderscore" => "_",
        "textbar" => "|",
        "textless" => "<",
        "textgreater" => ">",
        "textdollar" => "$",
        "textpercent" => "%",
        "textampersand" => "&",
        "textbullet" => "•",
        "textperiodcentered" => "·",
        "textdagger" | "dag" => "†",
        "textdaggerdbl" | "ddag" => "‡",
        "textsection" | "S" => "§",
        "textparagraph" | "P" => "¶",
        "copyright" | "textcopyright" => "©",
        "textregistered" => "®",
        "texttrademark" => "™",
        "textdegree" => "°",
        "textmu" => "µ",
        "textonehalf" => "½",
        "textonequarter" => "¼",
        "textthreequarters" => "¾",
        "texttimes" => "×",
        "textdiv" => "÷",
        "textpm" => "±",
        "textminus" => "−",
        "textperthousand" => "‰",
        "textexclamdown" => "¡",
        "textquestiondown" => "¿",
        "textordfeminine" => "ª",
        "textordmasculine" => "º",
        "pounds" | "textsterling" => "£",
        "euro" | "texteuro" => "€",
        "textyen" => "¥",
        "textcent" => "¢",
        "LaTeX" => "LaTeX",
        "TeX" => "TeX",
        "BibTeX" => "BibTeX",
        "LaTeXe" => "LaTeX2ε",
        "hyphen" => "-",
        "slash" => "/",
        "space" | "nobreakspace" | "quad" | "qquad" | "enspace" | "thinspace" => " ",
        "relax" | "protect" | "null" | "unskip" | "nocorr" => "",
        _ => return None,
    })
}

/// Commands whose argument is the text itself.
const WRAPPERS: [&str; 36] = [
    "textit",
    "textbf",
    "textsl",
    "textsc",
    "texttt",
    "textrm",
    "textsf",
    "textup",
    "textmd",
    "textnormal",
    "emph",
    "em",
    "mbox",
    "hbox",
    "text",
    "textsuperscript",
    "textsubscript",
    "url",
    "path",
    "mkbibquote",
    "enquote",
    "mkbibemph",
    "mkbibitalic",
    "mkbibbold",
    "NoCaseChange",
    "nocase",
    "uline",
    "underline",
    "ensuremath",
    "MakeUppercase",
    "MakeLowercase",
    "uppercase",
    "lowercase",
    "bibstring",
    "mathrm",
    "textnohyphenation",
];

/// Font switches, which apply to what follows and print nothing.
const SWITCHES: [&str; 17] = [
    "it",
    "bf",
    "sl",
    "sc",
    "tt",
    "rm",
    "sf",
    "itshape",
    "bfseries",
    "scshape",
    "upshape",
    "slshape",
    "normalfont",
    "mdseries",
    "rmfamily",
    "sffamily",
    "ttfamily",
];

/// Commands whose (one) argument is dropped and the rest kept: the first of
/// `(name, dropped, kept)`.
fn arguments(name: &str) -> Option<(usize, usize)> {
    Some(match name {
        "href" | "textcolor" | "foreignlanguage" | "otherlanguage" | "hyphenrules" => (1, 1),
        "noopsort" | "sortnoop" | "label" | "index" | "hyphenation" | "footnote" | "cite"
        | "citep" | "citet" | "nocite" | "selectlanguage" => (1, 0),
        _ => return None,
    })
}

/// Reads the command at `s[i]` (a backslash), writes what it stands for,
/// and returns where reading goes on.
fn command(
    s: &str,
    i: usize,
    out: &mut String,
    stack: &mut Vec<(Group, usize)>,
    pending: &mut Pending,
) -> usize {
    let b = s.as_bytes();
    pending.clear(stack.len());
    let Some(&next) = b.get(i + 1) else {
        out.push('\\');
        return i + 1;
    };
    if next == b'\\' && doubled(s, i + 1) {
        return command(s, i + 1, out, stack, pending);
    }
    if !next.is_ascii_alphabetic() {
        let j = i + 2;
        let name = match s.get(i + 1..j) {
            Some(n) => n,
            None => {
                // A backslash before a multibyte character: kept.
                out.push('\\');
                return i + 1;
            }
        };
        if let Some(mark) = accent_mark(name) {
            return accent_argument(s, j, mark, out, stack);
        }
        match next {
            b'&' | b'%' | b'$' | b'#' | b'_' | b'{' | b'}' => out.push(next as char),
            b' ' | b',' | b';' | b':' | b'\\' => out.push(' '),
            b'-' | b'/' | b'@' | b'!' | b'\n' => {}
            _ => out.push_str(&s[i..j]),
        }
        return j;
    }
    let name_end = i
        + 1
        + b[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
    let name = &s[i + 1..name_end];
    // TeX drops the spaces after a command word.
    let mut j = name_end;
    while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\n') {
        j += 1;
    }
    let spaced = j > name_end;
    // `\a'`, `\a=`, `\a``: the accents of LaTeX's tabbing environment,
    // which some bibliographies use everywhere.
    if name == "a"
        && !spaced
        && let Some(mark) = s
            .get(j..j + 1)
            .filter(|m| ["'", "`", "="].contains(m))
            .and_then(accent_mark)
    {
        return accent_argument(s, j + 1, mark, out, stack);
    }
    if let Some(mark) = accent_mark(name) {
        return accent_argument(s, j, mark, out, stack);
    }
    if let Some(sym) = symbol(name) {
        out.push_str(sym);
        // `\o{}`, `\ss{}`: the empty group ends the command.
        if s[j..].starts_with("{}") {
            return j + 2;
        }
        return j;
    }
    if WRAPPERS.contains(&name) {
        if b.get(j) == Some(&b'{') {
            pending.set(stack.len(), [Group::Plain]);
        }
        return j;
    }
    if SWITCHES.contains(&name) {
        return j;
    }
    if let Some((dropped, kept)) = arguments(name) {
        if b.get(j) == Some(&b'{') {
            pending.set(
                stack.len(),
                std::iter::repeat_n(Group::Drop, dropped)
                    .chain(std::iter::repeat_n(Group::Plain, kept)),
            );
        }
        return j;
    }
    // Unknown: left as written, with the group that follows.
    out.push_str(&s[i..name_end]);
    if b.get(j) == Some(&b'{') {
        pending.set(stack.len(), [Group::Literal]);
    } else if spaced {
        out.push(' ');
    }
    j
}

/// True when the backslash at `s[k]`, after another one, starts an accent
/// or a letter of the table (`\\i`, `\\'e`): a backslash doubled by a
/// program that escaped the text once too often (`Swe{\\i}g`), read as one.
/// A line break (`\\`) before anything else stays one.
fn doubled(s: &str, k: usize) -> bool {
    let b = s.as_bytes();
    match b.get(k + 1) {
        Some(c) if c.is_ascii_alphabetic() => {
            let end = k
                + 1
                + b[k + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
            let name = &s[k + 1..end];
            accent_mark(name).is_some() || symbol(name).is_some_and(|_| name.len() <= 2)
        }
        Some(&c) => s
            .get(k + 1..k + 2)
            .is_some_and(|n| c.is_ascii_punctuation() && accent_mark(n).is_some()),
        None => false,
    }
}

/// The argument of an accent at `s[j..]`: a group, a command (`\i`), or
/// the next character.
fn accent_argument(
    s: &str,
    mut j: usize,
    mark: char,
    out: &mut String,
    stack: &mut Vec<(Group, usize)>,
) -> usize {
    let b = s.as_bytes();
    while j < b.len() && matches!(b[j], b' ' | b'\t') {
        j += 1;
    }
    match b.get(j) {
        Some(b'{') => {
            stack.push((Group::Accent(mark), out.len()));
            j + 1
        }
        Some(b'\\') => {
            let end = j
                + 1
                + b[j + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
            match symbol(&s[j + 1..end]) {
                Some(sym) if !sym.is_empty() => {
                    let mut chars = sym.chars();
                    if let Some(base) = chars.next() {
                        push_accented(out, base, mark);
                        out.push_str(chars.as_str());
                    }
                    if s[end..].starts_with("{}") {
                        end + 2
                    } else {
                        // TeX drops the spaces after a command word.
                        end + b[end..]
                            .iter()
                            .take_while(|c| matches!(c, b' ' | b'\t'))
                            .count()
                    }
                }
                _ => {
                    out.push(spacing_accent(mark));
                    j
                }
            }
        }
        // `{\d}`: the group ends with nothing to put the accent on.
        Some(b'}') => {
            let spacing = spacing_accent(mark);
            if spacing != mark {
                out.push(spacing);
            }
            j
        }
        Some(_) => {
            let base = s[j..].chars().next().unwrap_or(' ');
            push_accented(out, base, mark);
            j + base.len_utf8()
        }
        None => {
            out.push(spacing_accent(mark));
            j
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabbing_accents_and_accents_on_nothing() {
        assert_eq!(decode("Durb{\\a'a}n"), "Durbán");
        assert_eq!(decode("Thi\\a'ebaut"), "Thiébaut");
        assert_eq!(decode("Ragnhei{\\d}ur"), "Ragnheiur");
        assert_eq!(decode("{\\^}"), "^");
    }

    #[test]
    fn accents_braced_and_unbraced() {
        for (tex, text) in [
            (r#"M{\"u}ller"#, "Müller"),
            (r#"M\"{u}ller"#, "Müller"),
            (r#"M\"uller"#, "Müller"),
            (r"Fran\c{c}ois", "François"),
            (r"Fran\c cois", "François"),
            (r"{\v{S}}koda", "Škoda"),
            (r#"Na\"{\i}ve"#, "Naïve"),
            (r#"Na\"\i ve"#, "Naïve"),
            (r"\'{E}cole", "École"),
            (r"Erd\H{o}s", "Erdős"),
            (r"\k{a}", "ą"),
            (r"\^{}", "^"),
        ] {
            assert_eq!(decode(tex), text, "{tex}");
        }
    }

    #[test]
    fn letters_and_ligatures_with_and_without_braces() {
        for (tex, text) in [
            (r"H\o{}iland", "Høiland"),
            (r"H{\o}iland", "Høiland"),
            (r"\O ystein", "Øystein"),
            (r"Gro{\ss}e", "Große"),
            (r"Gro\ss{}e", "Große"),
            (r"{\aa}se", "åse"),
            (r"\AA{}berg", "Åberg"),
            (r"\L{}\'od\'z", "Łódź"),
            (r"{\ae}ther", "æther"),
        ] {
            assert_eq!(decode(tex), text, "{tex}");
        }
    }

    #[test]
    fn the_group_after_an_argument_less_command_is_text() {
        assert_eq!(
            decode(r"{{Bose}}\textendash{{Einstein}} condensates"),
            "Bose–Einstein condensates"
        );
        assert_eq!(decode(r"pre\hyphen{}post"), "pre-post");
        assert_eq!(decode("A--Z --- and ``quoted''"), "A–Z — and “quoted”");
        assert_eq!(decode("non~breaking"), "non breaking");
    }

    #[test]
    fn markup_goes_and_unknown_commands_and_hard_math_stay() {
        assert_eq!(
            decode(r"\href{https://x.org}{The site} and \emph{this}"),
            "The site and this"
        );
        assert_eq!(decode(r"$\alpha$-blockers"), "α-blockers");
        assert_eq!(decode(r"$CO_2$ and $^{13}$C"), "CO₂ and ¹³C");
        assert_eq!(decode(r"$\frac{a}{b}$"), r"$\frac{a}{b}$");
        assert_eq!(decode(r"\foo{bar} baz"), r"\foo{bar} baz");
        assert_eq!(decode(r"50\% of \textit{cases}"), "50% of cases");
        assert_eq!(decode(r"{\noopsort{a}}Zebra"), "Zebra");
    }

    #[test]
    fn deep_nesting_is_read_without_recursion() {
        let deep = format!("{}x{}", "{".repeat(100_000), "}".repeat(100_000));
        assert_eq!(decode(&deep), "x");
        let accents = r#"\"{"#.repeat(10_000);
        let _ = decode(&accents);
    }
}
