//! TeX math in BibTeX fields: `$…$` made plain where it has a plain form
//! (super- and subscripts, Greek letters, common symbols), else kept as
//! written.

/// Math at `s[i]` (a `$`): its plain form when it has one, else the math
/// as written with its dollars.
pub(super) fn math(s: &str, i: usize, out: &mut String) -> usize {
    let b = s.as_bytes();
    let display = b.get(i + 1) == Some(&b'$');
    let open = if display { 2 } else { 1 };
    let mut j = i + open;
    while j < b.len() {
        if b[j] == b'\\' {
            j += 2;
            continue;
        }
        if b[j] == b'$' {
            break;
        }
        j += 1;
    }
    if j >= b.len() {
        out.push('$');
        return i + 1;
    }
    let close = if display && b.get(j + 1) == Some(&b'$') {
        j + 2
    } else {
        j + 1
    };
    let inner = &s[i + open..j];
    match plain_math(inner) {
        Some(p) => out.push_str(&p),
        None => out.push_str(&s[i..close]),
    }
    close
}

/// Math with a plain-text form: letters, digits, operators, Greek,
/// common symbols, and superscripts or subscripts of digits and signs.
/// `None` when anything else is in it (a fraction, a root).
fn plain_math(m: &str) -> Option<String> {
    let mut out = String::new();
    let b = m.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                let end = i
                    + 1
                    + b[i + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphabetic())
                        .count();
                if end == i + 1 {
                    // `\,` `\;` `\{`
                    match b.get(i + 1) {
                        Some(b',' | b';' | b':' | b' ') => out.push(' '),
                        Some(b'!') => {}
                        Some(&c @ (b'{' | b'}' | b'%' | b'$' | b'#' | b'&' | b'_')) => {
                            out.push(c as char);
                        }
                        _ => return None,
                    }
                    i += 2;
                    continue;
                }
                let name = &m[i + 1..end];
                i = end;
                if matches!(
                    name,
                    "mathrm"
                        | "text"
                        | "mathit"
                        | "mathbf"
                        | "textrm"
                        | "mathsf"
                        | "operatorname"
                        | "mbox"
                        | "rm"
                        | "it"
                        | "bf"
                        | "left"
                        | "right"
                ) {
                    continue;
                }
                out.push_str(math_symbol(name)?);
            }
            c @ (b'^' | b'_') => {
                let (arg, next) = script_argument(m, i + 1)?;
                let plain = plain_math(arg)?;
                let script: Option<String> = plain
                    .chars()
                    .map(|ch| {
                        if c == b'^' {
                            superscript(ch)
                        } else {
                            subscript(ch)
                        }
                    })
                    .collect();
                match script {
                    Some(sc) => out.push_str(&sc),
                    // A word raised or lowered that Unicode has no small
                    // letters for (`4^{\textrm{ème}}`, a French ordinal):
                    // the word on the line, as it reads.
                    None if plain.chars().all(char::is_alphabetic) => out.push_str(&plain),
                    None => return None,
                }
                i = next;
            }
            b'{' | b'}' => i += 1,
            _ => {
                let ch = m[i..].chars().next()?;
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    Some(out)
}

/// The argument of `^` or `_` at `m[i..]`: a group or one character.
fn script_argument(m: &str, i: usize) -> Option<(&str, usize)> {
    let b = m.as_bytes();
    match b.get(i)? {
        b'{' => {
            let mut depth = 0usize;
            for (k, c) in b[i..].iter().enumerate() {
                match c {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some((&m[i + 1..i + k], i + k + 1));
                        }
                    }
                    _ => {}
                }
            }
            None
        }
        b'\\' => None,
        _ => {
            let ch = m[i..].chars().next()?;
            Some((&m[i..i + ch.len_utf8()], i + ch.len_utf8()))
        }
    }
}

fn superscript(c: char) -> Option<char> {
    Some(match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        '9' => '⁹',
        '+' => '⁺',
        '-' | '−' => '⁻',
        '=' => '⁼',
        '(' => '⁽',
        ')' => '⁾',
        'n' => 'ⁿ',
        'i' => 'ⁱ',
        '*' => '*',
        '′' => '′',
        '∘' | '°' => '°',
        _ => return None,
    })
}

fn subscript(c: char) -> Option<char> {
    Some(match c {
        '0' => '₀',
        '1' => '₁',
        '2' => '₂',
        '3' => '₃',
        '4' => '₄',
        '5' => '₅',
        '6' => '₆',
        '7' => '₇',
        '8' => '₈',
        '9' => '₉',
        '+' => '₊',
        '-' | '−' => '₋',
        '=' => '₌',
        '(' => '₍',
        ')' => '₎',
        'a' => 'ₐ',
        'e' => 'ₑ',
        'o' => 'ₒ',
        'x' => 'ₓ',
        'h' => 'ₕ',
        'k' => 'ₖ',
        'l' => 'ₗ',
        'm' => 'ₘ',
        'n' => 'ₙ',
        'p' => 'ₚ',
        's' => 'ₛ',
        't' => 'ₜ',
        _ => return None,
    })
}

/// Symbols of math mode with a plain form.
fn math_symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "epsilon" | "varepsilon" => "ε",
        "zeta" => "ζ",
        "eta" => "η",
        "theta" | "vartheta" => "θ",
        "iota" => "ι",
        "kappa" => "κ",
        "lambda" => "λ",
        "mu" => "μ",
        "nu" => "ν",
        "xi" => "ξ",
        "pi" => "π",
        "rho" => "ρ",
        "sigma" => "σ",
        "tau" => "τ",
        "upsilon" => "υ",
        "phi" | "varphi" => "φ",
        "chi" => "χ",
        "psi" => "ψ",
        "omega" => "ω",
        "Gamma" => "Γ",
        "Delta" => "Δ",
        "Theta" => "Θ",
        "Lambda" => "Λ",
        "Xi" => "Ξ",
        "Pi" => "Π",
        "Sigma" => "Σ",
        "Upsilon" => "Υ",
        "Phi" => "Φ",
        "Psi" => "Ψ",
        "Omega" => "Ω",
        "pm" => "±",
        "mp" => "∓",
        "times" => "×",
        "cdot" => "·",
        "div" => "÷",
        "leq" | "le" => "≤",
        "geq" | "ge" => "≥",
        "neq" | "ne" => "≠",
        "approx" => "≈",
        "sim" => "∼",
        "simeq" => "≃",
        "equiv" => "≡",
        "infty" => "∞",
        "to" | "rightarrow" => "→",
        "leftarrow" => "←",
        "leftrightarrow" => "↔",
        "Rightarrow" => "⇒",
        "uparrow" => "↑",
        "downarrow" => "↓",
        "circ" => "∘",
        "degree" => "°",
        "prime" => "′",
        "ell" => "ℓ",
        "partial" => "∂",
        "nabla" => "∇",
        "sum" => "∑",
        "prod" => "∏",
        "int" => "∫",
        "in" => "∈",
        "cup" => "∪",
        "cap" => "∩",
        "emptyset" => "∅",
        "ast" => "∗",
        "star" => "⋆",
        "bullet" => "•",
        "langle" => "⟨",
        "rangle" => "⟩",
        "percent" => "%",
        "ldots" | "dots" | "cdots" => "…",
        "log" => "log",
        "ln" => "ln",
        "exp" => "exp",
        "sin" => "sin",
        "cos" => "cos",
        "max" => "max",
        "min" => "min",
        _ => return None,
    })
}
