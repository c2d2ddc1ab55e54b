//! Cleaning the values reference files carry: titles, names, DOIs, years,
//! pages. Shared by every reader so that the same quirk is handled once.

/// Whitespace collapsed to single spaces, trimmed, control characters gone.
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `Some(squashed)` unless it is empty.
pub fn some(s: &str) -> Option<String> {
    let s = squash(s);
    (!s.is_empty()).then_some(s)
}

/// LaTeX font and markup commands removed, their text kept, as BibTeX files
/// carry them in titles and abstracts: `\textit{cases}` → `cases`,
/// `\em therapeutic` → `therapeutic`, `\url{…}` → `…`. Any other command
/// is left as written (nothing is dropped that litrev cannot read).
pub fn strip_latex(s: &str) -> String {
    /// Commands whose argument is the text: `\name{text}`.
    const WRAPPERS: [&str; 17] = [
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
        "mbox",
        "textsuperscript",
        "textsubscript",
        "url",
        "mkbibquote",
        "enquote",
    ];
    /// Font switches, which apply to what follows: `\em text`.
    const SWITCHES: [&str; 14] = [
        "em",
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
        "normalfont",
        "mdseries",
    ];
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    // Depths of the braces that close a wrapper removed: their `}` goes too.
    let mut closing: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        match c {
            '\\' => {
                let name_len = rest[1..]
                    .bytes()
                    .take_while(u8::is_ascii_alphabetic)
                    .count();
                let name = &rest[1..1 + name_len];
                let after = &rest[1 + name_len..];
                if WRAPPERS.contains(&name) && after.starts_with('{') {
                    depth += 1;
                    closing.push(depth);
                    rest = &after[1..];
                    continue;
                }
                if SWITCHES.contains(&name) && !after.starts_with(|c: char| c.is_alphanumeric()) {
                    rest = after.strip_prefix(' ').unwrap_or(after);
                    continue;
                }
                out.push('\\');
                rest = &rest[1..];
            }
            '{' => {
                depth += 1;
                out.push('{');
                rest = &rest[1..];
            }
            '}' => {
                if closing.last() == Some(&depth) {
                    closing.pop();
                } else {
                    out.push('}');
                }
                depth = depth.saturating_sub(1);
                rest = &rest[1..];
            }
            c => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// HTML tags removed (`<i>`, `<span class="nocase">`) and the common
/// entities decoded.
pub fn strip_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let tag_end = after.find('>');
        let is_tag = tag_end.is_some_and(|e| {
            let inner = &after[1..e];
            let name = inner.trim_start_matches('/');
            name.starts_with(|c: char| c.is_ascii_alphabetic()) && !inner.contains('<')
        });
        match (is_tag, tag_end) {
            (true, Some(e)) => rest = &after[e + 1..],
            _ => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// A title as it should read: no HTML, no case-protecting braces,
/// whitespace collapsed, no trailing period (an ellipsis stays).
pub fn title(s: &str) -> String {
    // Crossref escapes its markup: "&lt;i&gt;".
    let s = strip_html(&strip_html(s));
    let s: String = s.chars().filter(|c| *c != '{' && *c != '}').collect();
    let mut s = squash(&s);
    if s.ends_with('.') && !s.ends_with("..") {
        s.pop();
        s = s.trim_end().to_string();
    }
    s
}

/// A DOI out of whatever a database wrote: a `https://doi.org/` URL, a
/// `doi:` prefix, a trailing `[doi]`, or another field glued after it. The
/// DOI is what starts at `10.` and runs to the first space; `None` when
/// there is no DOI in the text.
pub fn doi(s: &str) -> Option<String> {
    let start = s.find("10.")?;
    let rest = &s[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .unwrap_or(rest.len());
    let d = rest[..end].trim_end_matches(['.', ',', ';', ')', ']']);
    // "10." then a registrant code then "/" then a suffix.
    let (prefix, suffix) = d.split_once('/')?;
    let reg = &prefix[3..];
    if reg.is_empty() || !reg.chars().all(|c| c.is_ascii_digit() || c == '.') || suffix.is_empty() {
        return None;
    }
    Some(d.to_string())
}

/// A DOI for matching: lower case, no URL or `doi:` prefix.
pub fn doi_key(s: &str) -> Option<String> {
    doi(s).map(|d| d.to_lowercase())
}

/// The first plausible year (1000–2999) in text such as "2019//",
/// "2024 Jun 15", "2019-03/2019-04" or "Spring 2018".
pub fn year(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let j = (i..b.len())
                .find(|&k| !b[k].is_ascii_digit())
                .unwrap_or(b.len());
            if j - i == 4 {
                let y: i32 = s[i..j].parse().ok()?;
                if (1000..3000).contains(&y) {
                    return Some(y);
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    None
}

/// A personal name as "Family, Given". "Family I." or "Family IJ" (as
/// Ovid and PubMed write them) gain their comma; "Given Family" is left as
/// written (it may be a corporate author).
pub fn person(s: &str) -> String {
    let s = squash(s);
    if s.contains(',') {
        return s
            .split_once(',')
            .map(|(f, g)| {
                let g = g.trim();
                if g.is_empty() {
                    f.trim().to_string()
                } else {
                    format!("{}, {g}", f.trim())
                }
            })
            .unwrap_or(s);
    }
    let words: Vec<&str> = s.split(' ').collect();
    if words.len() >= 2 {
        let last = words[words.len() - 1];
        let initials = last.len() <= 4
            && last
                .chars()
                .all(|c| c.is_uppercase() || c == '.' || c == '-');
        if initials && last.chars().any(char::is_uppercase) {
            return format!("{}, {last}", words[..words.len() - 1].join(" "));
        }
    }
    s
}

/// Pages as printed; PubMed's "940-5" becomes "940-945".
pub fn pages(s: &str) -> Option<String> {
    let s = squash(s);
    if let Some((a, b)) = s.split_once('-')
        && !a.is_empty()
        && !b.is_empty()
        && a.chars().all(|c| c.is_ascii_digit())
        && b.chars().all(|c| c.is_ascii_digit())
        && b.len() < a.len()
    {
        return Some(format!("{a}-{}{b}", &a[..a.len() - b.len()]));
    }
    (!s.is_empty()).then_some(s)
}

/// Pages from a start and an end page.
pub fn page_range(start: Option<&str>, end: Option<&str>) -> Option<String> {
    let start = start.map(squash).filter(|s| !s.is_empty());
    let end = end.map(squash).filter(|s| !s.is_empty());
    match (start, end) {
        (Some(a), Some(b)) if a != b && !a.contains('-') => Some(format!("{a}-{b}")),
        (Some(a), _) => Some(a),
        (None, Some(b)) => Some(b),
        (None, None) => None,
    }
}

/// A PubMed id: the digits, when the value is a plain number.
pub fn pmid(s: &str) -> Option<String> {
    let s = s.trim();
    let s = s.strip_prefix("PMID:").unwrap_or(s).trim();
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty() && digits.len() <= 12).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_markup_goes_and_its_text_stays() {
        assert_eq!(strip_latex("50% of \\textit{cases}."), "50% of cases.");
        assert_eq!(
            strip_latex("A study of \\em therapeutic rapport"),
            "A study of therapeutic rapport"
        );
        assert_eq!(
            strip_latex("\\emph{Nested {DNA} words} and {kept}"),
            "Nested {DNA} words and {kept}"
        );
        assert_eq!(
            strip_latex("see \\url{https://x.org/a_b}"),
            "see https://x.org/a_b"
        );
        // Unknown commands and a switch that is the start of a word stay.
        assert_eq!(strip_latex("\\alpha-blockers"), "\\alpha-blockers");
        assert_eq!(strip_latex("\\item one"), "\\item one");
        assert_eq!(strip_latex("no markup"), "no markup");
        // An unclosed wrapper keeps its text.
        assert_eq!(strip_latex("\\textbf{open"), "open");
    }

    #[test]
    fn titles_lose_markup_braces_and_final_period() {
        assert_eq!(
            title("  A <i>pilot</i> of {{MRI}}\n   use.  "),
            "A pilot of MRI use"
        );
        assert_eq!(title("Wait..."), "Wait...");
        assert_eq!(title("a < b and c > d"), "a < b and c > d");
        assert_eq!(
            title("Nurses&apos; &lt;i&gt;moral&lt;/i&gt; distress"),
            "Nurses' moral distress"
        );
        assert_eq!(
            title("<span class=\"nocase\">mHealth</span> apps"),
            "mHealth apps"
        );
    }

    #[test]
    fn dois_come_out_of_urls_and_glue() {
        for (raw, out) in [
            ("https://doi.org/10.1002/pri.1932", Some("10.1002/pri.1932")),
            (
                "doi:10.1186/s13063-019-3456-7.",
                Some("10.1186/s13063-019-3456-7"),
            ),
            ("10.1002/pri.1932 [doi]", Some("10.1002/pri.1932")),
            ("10.1111/jan.14 PMID: 3321", Some("10.1111/jan.14")),
            ("S0140-6736(19)30001-1 [pii]", None),
            ("10.", None),
        ] {
            assert_eq!(doi(raw).as_deref(), out, "{raw}");
        }
    }

    #[test]
    fn years_names_and_pages() {
        assert_eq!(year("2019//"), Some(2019));
        assert_eq!(year("2024///"), Some(2024));
        assert_eq!(year("2019-03/2019-04"), Some(2019));
        assert_eq!(year("12345"), None);
        assert_eq!(person("Smith J."), "Smith, J.");
        assert_eq!(person("van der Berg AB"), "van der Berg, AB");
        assert_eq!(person("Cochrane Collaboration"), "Cochrane Collaboration");
        assert_eq!(person("Smith,  John "), "Smith, John");
        assert_eq!(pages("940-5").as_deref(), Some("940-945"));
        assert_eq!(pages("e1023").as_deref(), Some("e1023"));
        assert_eq!(page_range(Some("12"), Some("19")).as_deref(), Some("12-19"));
    }
}
