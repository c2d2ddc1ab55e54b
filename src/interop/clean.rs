//! Cleaning the values reference files carry: titles, names, DOIs, years,
//! pages. Shared by every reader so that the same quirk is handled once.

/// Whitespace collapsed to single spaces, trimmed, control characters gone.
/// Text that needs none of it (most values, abstracts included) is copied
/// as it is, after one scan.
pub fn squash(s: &str) -> String {
    if is_squashed(s) {
        return s.to_string();
    }
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

/// True when [`squash`] would leave `s` as it is: no whitespace but single
/// spaces between words, none at either end, no control character.
fn is_squashed(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut space = false;
    if s.is_ascii() {
        for &c in b {
            if c == b' ' {
                if space {
                    return false;
                }
                space = true;
            } else if c < 0x20 || c == 0x7f {
                return false;
            } else {
                space = false;
            }
        }
        return true;
    }
    for c in s.chars() {
        if c == ' ' {
            if space {
                return false;
            }
            space = true;
        } else if c.is_whitespace() || c.is_control() {
            return false;
        } else {
            space = false;
        }
    }
    true
}

/// `Some(squashed)` unless it is empty.
pub fn some(s: &str) -> Option<String> {
    let s = squash(s);
    (!s.is_empty()).then_some(s)
}

/// Whether the inside of `<...>` is a markup tag: an HTML or MathML
/// inline element (`i`, `span class="nocase"`, `/sup`, `br/`), or a
/// namespaced one (`jats:p`, `mml:math`). Anything else is text: German
/// quotes written `"<Vom Sinn">` in BibTeX, `p<0.05> ...`.
fn is_markup(inner: &str) -> bool {
    const NAMES: [&str; 40] = [
        "a", "abbr", "b", "big", "bold", "br", "cite", "code", "div", "em", "font", "i", "inf",
        "italic", "li", "math", "mi", "mn", "mo", "mrow", "msub", "msubsup", "msup", "ol", "p",
        "q", "s", "sc", "scp", "small", "span", "strike", "strong", "sub", "sup", "tt", "u", "ul",
        "title", "wbr",
    ];
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let end = inner
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(inner.len());
    let name = &inner[..end];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return false;
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '-')
    {
        return false;
    }
    name.contains(':') || NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
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
            !inner.contains('<') && is_markup(inner)
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
/// DOI is what starts at `10.` and runs to the first space (SICI DOIs keep
/// their `<...>`); a short DOI (`10/fqd6hj`) is one too. `None` when there
/// is no DOI in the text.
pub fn doi(s: &str) -> Option<String> {
    let start = s.find("10.").or_else(|| short_doi_start(s))?;
    let rest = &s[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '"')
        .unwrap_or(rest.len());
    let mut d = rest[..end].trim_end_matches(['.', ',', ';', ')', ']']);
    // A DOI in angle brackets (`<https://doi.org/10.1/x>`): the closing one
    // is not part of it; SICI DOIs pair theirs.
    while d.ends_with('>') && d.matches('>').count() > d.matches('<').count() {
        d = d[..d.len() - 1].trim_end_matches(['.', ',', ';', ')', ']']);
    }
    let (prefix, suffix) = d.split_once('/')?;
    if suffix.is_empty() {
        return None;
    }
    if prefix == "10" {
        // A short DOI: letters and digits, at least one letter.
        return (suffix.chars().all(|c| c.is_ascii_alphanumeric())
            && suffix.chars().any(|c| c.is_ascii_alphabetic()))
        .then(|| d.to_string());
    }
    let reg = &prefix[3..];
    if reg.is_empty() || !reg.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    Some(d.to_string())
}

/// Where a short DOI (`10/fqd6hj`) starts: at the start of the value, or
/// after `doi.org/` or `doi:` (elsewhere "10/12" is a date or a page).
fn short_doi_start(s: &str) -> Option<usize> {
    let t = s.trim_start();
    if t.starts_with("10/") {
        return Some(s.len() - t.len());
    }
    let l = s.to_ascii_lowercase();
    ["doi.org/10/", "doi:10/", "doi: 10/"]
        .iter()
        .find_map(|p| l.find(p).map(|i| i + p.len() - 3))
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

/// Text a database writes where there are no pages (Ovid's
/// "No-Specified", "No Pagination Specified").
fn no_pages(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.contains("specified") || l.starts_with("no pag") || l == "n/a" || l == "na"
}

/// Pages as printed; PubMed's "940-5" becomes "940-945".
pub fn pages(s: &str) -> Option<String> {
    let s = squash(s);
    if no_pages(&s) {
        return None;
    }
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

/// A link out of a URL field: the first `http(s)://`, `ftp://` or `www.`
/// word, or the whole value when it is one word. Text glued after it (an
/// accession number, another tag Rayyan folded in: `U2 - L644...`) is
/// left out.
pub fn url(s: &str) -> Option<String> {
    let s = s.trim();
    let found = s.split_whitespace().find(|w| {
        let l = w.to_ascii_lowercase();
        l.starts_with("http://")
            || l.starts_with("https://")
            || l.starts_with("ftp://")
            || l.starts_with("www.")
    });
    match found {
        Some(u) => Some(u.trim_end_matches([';', ',']).to_string()),
        None if !s.is_empty() && !s.contains(char::is_whitespace) => Some(s.to_string()),
        None => None,
    }
}

/// Text of several lines (notes): each line squashed, the line breaks
/// kept, blank lines at either end gone.
pub fn multiline(s: &str) -> Option<String> {
    let lines: Vec<String> = s.lines().map(squash).collect();
    let joined = lines.join("\n");
    let t = joined.trim_matches('\n');
    (!t.is_empty()).then(|| t.to_string())
}

/// Pages from a start and an end page.
pub fn page_range(start: Option<&str>, end: Option<&str>) -> Option<String> {
    let start = start.map(squash).filter(|s| !s.is_empty() && !no_pages(s));
    let end = end.map(squash).filter(|s| !s.is_empty() && !no_pages(s));
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

/// A PubMed id in an accession-number field (RIS `AN`/`C2`, RefWorks `AN`,
/// Refer `%M`): the whole value six digits or more; other databases'
/// accession numbers (Embase's, CINAHL's) are not taken for one.
pub fn accession_pmid(v: &str) -> Option<String> {
    let v = v.trim();
    (v.len() >= 6 && v.chars().all(|c| c.is_ascii_digit())).then(|| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // Text between angle brackets that is not markup stays.
        assert_eq!(
            title("In Honore Salvatoris -- \"<Vom Sinn und Unsinn der Patrozinienkunde\">"),
            "In Honore Salvatoris -- \"<Vom Sinn und Unsinn der Patrozinienkunde\">"
        );
        assert_eq!(title("p<0.05 and n>30"), "p<0.05 and n>30");
        assert_eq!(
            title("<jats:title>Growth</jats:title> of H<sub>2</sub>O<br/>"),
            "Growth of H2O"
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
            (
                "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O",
                Some("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O"),
            ),
            ("<https://doi.org/10.1000/xyz>", Some("10.1000/xyz")),
            ("https://doi.org/10/fqd6hj", Some("10/fqd6hj")),
            ("10/fqd6hj", Some("10/fqd6hj")),
            ("2010/11/12", None),
            ("see page 10/12", None),
        ] {
            assert_eq!(doi(raw).as_deref(), out, "{raw}");
        }
    }

    #[test]
    fn squash_leaves_clean_text_as_it_is_and_cleans_the_rest() {
        for (raw, out) in [
            ("A clean abstract.", "A clean abstract."),
            ("", ""),
            (" lead", "lead"),
            ("trail ", "trail"),
            ("two  spaces", "two spaces"),
            ("a\tb", "a b"),
            ("a\nb", "a b"),
            ("bell\u{7}here", "bell here"),
            ("Sørensen Åse", "Sørensen Åse"),
            ("no\u{a0}break", "no break"),
            ("c1\u{85}ctl", "c1 ctl"),
            ("ends\u{2003}", "ends"),
            ("中文 摘要", "中文 摘要"),
        ] {
            assert_eq!(squash(raw), out, "{raw:?}");
        }
    }

    #[test]
    fn years_names_and_pages() {
        assert_eq!(year("2019//"), Some(2019));
        assert_eq!(year("2024///"), Some(2024));
        assert_eq!(year("2019-03/2019-04"), Some(2019));
        assert_eq!(year("12345"), None);
        assert_eq!(pages("940-5").as_deref(), Some("940-945"));
        assert_eq!(pages("e1023").as_deref(), Some("e1023"));
        assert_eq!(page_range(Some("12"), Some("19")).as_deref(), Some("12-19"));
        assert_eq!(pages("No-Specified"), None);
        assert_eq!(page_range(Some("No-Specified"), None), None);
        assert_eq!(
            url("https://www.embase.com/x?id=L644 U2 - L644123").as_deref(),
            Some("https://www.embase.com/x?id=L644")
        );
    }
}
