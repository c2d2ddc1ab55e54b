//! English grammar the manuscript sentences need from data: the one-study
//! form of a plural label ("longitudinal cohort studies" → "longitudinal
//! cohort study"), and the article before a noun ("an RCT", "a narrative
//! review").
//!
//! The rules are deliberately conservative: a label they cannot read as a
//! plural is left as it is, and a review can always say the singular itself
//! (`label_one` in `review.toml`).

/// Words that end in "s" and are the same in the singular.
const INVARIANT: [&str; 14] = [
    "series",
    "species",
    "news",
    "means",
    "physics",
    "statistics",
    "economics",
    "ethics",
    "diagnostics",
    "therapeutics",
    "mathematics",
    "politics",
    "kinetics",
    "genetics",
];

/// Words that introduce a phrase after the head noun: in "secondary
/// analysis of RCTs" the noun is "analysis", not "RCTs".
const PREPOSITIONS: [&str; 12] = [
    "of", "with", "in", "on", "for", "from", "among", "between", "about", "using", "by", "to",
];

/// The singular of one word, or `None` when it does not read as a plural.
fn singular_word(w: &str) -> Option<String> {
    let lower = w.to_lowercase();
    if INVARIANT.contains(&lower.as_str()) || w.chars().count() < 3 {
        return None;
    }
    // An acronym with a plural "s": RCTs, SRs, MAs.
    if let Some(stem) = w.strip_suffix('s')
        && stem.chars().count() >= 2
        && stem.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        return Some(stem.to_string());
    }
    // The rest of the rules read lower-case words only (an acronym without
    // an "s" is not a plural).
    if w.chars().filter(|c| c.is_uppercase()).count() > 1 {
        return None;
    }
    let ends = |s: &str| lower.ends_with(s);
    let cut = |n: usize, add: &str| {
        let keep = w.chars().count() - n;
        Some(format!("{}{add}", w.chars().take(keep).collect::<String>()))
    };
    if ends("ies") && w.chars().count() > 4 {
        return cut(3, "y");
    }
    // analyses → analysis, syntheses → synthesis, hypotheses → hypothesis.
    if ends("yses") || ends("eses") {
        return cut(2, "is");
    }
    if ends("sses") || ends("xes") || ends("ches") || ends("shes") || ends("zzes") {
        return cut(2, "");
    }
    if ends("ss") || ends("us") || ends("is") || ends("ics") || ends("'s") {
        return None;
    }
    if ends("s") {
        return cut(1, "");
    }
    None
}

/// The one-item form of a label: the head noun made singular ("qualitative
/// research designs" → "qualitative research design", "RCTs" → "RCT",
/// "secondary analyses of RCTs" → "secondary analysis of RCTs"); a label
/// that does not read as a plural stays as it is ("commentary", "patient
/// perspective"). "mixed methods" becomes "mixed methods study": the
/// method's name is plural in both numbers.
pub fn singular_label(label: &str) -> String {
    let words: Vec<&str> = label.split(' ').collect();
    // The head noun: the word before the first preposition, else the last.
    let head = words
        .iter()
        .position(|w| PREPOSITIONS.contains(&w.to_lowercase().as_str()))
        .filter(|&i| i > 0)
        .map_or(words.len().saturating_sub(1), |i| i - 1);
    let Some(word) = words.get(head) else {
        return label.to_string();
    };
    if word.eq_ignore_ascii_case("methods") {
        let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        out.insert(head + 1, "study".to_string());
        return out.join(" ");
    }
    match singular_word(word) {
        Some(one) => {
            let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            out[head] = one;
            out.join(" ")
        }
        None => label.to_string(),
    }
}

/// True when `label` reads as a plural ("case reports", "RCTs"), so it can
/// follow "Both" or "All 5"; false for "commentary", "mixed methods".
pub fn reads_plural(label: &str) -> bool {
    let one = singular_label(label);
    one != label && !one.ends_with(" study") || label.ends_with("studies")
}

/// The plural of a one-item label, at its head noun: "commentary" →
/// "commentaries", "mixed methods study" → "mixed methods studies",
/// "secondary analysis of RCTs" → "secondary analyses of RCTs".
pub fn plural_label(one: &str) -> String {
    let words: Vec<&str> = one.split(' ').collect();
    let head = words
        .iter()
        .position(|w| PREPOSITIONS.contains(&w.to_lowercase().as_str()))
        .filter(|&i| i > 0)
        .map_or(words.len().saturating_sub(1), |i| i - 1);
    let Some(word) = words.get(head) else {
        return one.to_string();
    };
    let lower = word.to_lowercase();
    let ends = |s: &str| lower.ends_with(s);
    let stem = |n: usize| {
        word.chars()
            .take(word.chars().count() - n)
            .collect::<String>()
    };
    let many = if INVARIANT.contains(&lower.as_str()) || ends("methods") {
        word.to_string()
    } else if word.chars().count() >= 2
        && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        format!("{word}s")
    } else if ends("ysis") || ends("esis") {
        format!("{}es", stem(2))
    } else if ends("y") && !(ends("ay") || ends("ey") || ends("oy") || ends("uy")) {
        format!("{}ies", stem(1))
    } else if ends("s") || ends("x") || ends("ch") || ends("sh") || ends("z") {
        format!("{word}es")
    } else {
        format!("{word}s")
    };
    let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    out[head] = many;
    out.join(" ")
}

/// Letters whose name starts with a vowel sound, for acronyms: "an RCT",
/// "an MRI", "an SR", but "a CT".
const VOWEL_SOUND_LETTERS: &str = "AEFHILMNORSX";

/// "a" or "an" before `phrase`, by its sound as far as spelling tells.
pub fn article(phrase: &str) -> &'static str {
    let first = phrase.split([' ', '-']).next().unwrap_or("");
    let mut chars = first.chars();
    let Some(c) = chars.next() else {
        return "a";
    };
    let second = chars.next();
    // An acronym is read letter by letter.
    let core = first.strip_suffix('s').unwrap_or(first);
    let acronym = core.chars().count() >= 2
        && core
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .all(|c| c.is_uppercase() || c.is_ascii_digit())
        && second.is_some_and(|s| s.is_uppercase());
    if acronym {
        return if VOWEL_SOUND_LETTERS.contains(c) {
            "an"
        } else {
            "a"
        };
    }
    if c.is_ascii_digit() {
        // "an 8-week", "an 11-item", "an 18-month": the numbers said with a
        // vowel sound.
        let n: String = first.chars().take_while(|c| c.is_ascii_digit()).collect();
        let starts_eight = n.starts_with('8');
        let eleven_or_eighteen = matches!(n.as_str(), "11" | "18")
            || (n.len() % 3 == 2 && (n.starts_with("11") || n.starts_with("18")));
        return if starts_eight || eleven_or_eighteen {
            "an"
        } else {
            "a"
        };
    }
    let lower = first.to_lowercase();
    // Vowels that sound like "you" or "w", and silent h.
    for consonant in ["uni", "use", "usu", "uti", "eu", "one", "once", "ubi"] {
        if lower.starts_with(consonant) {
            return "a";
        }
    }
    for vowel in ["hour", "honest", "honour", "honor", "heir"] {
        if lower.starts_with(vowel) {
            return "an";
        }
    }
    if "aeiou".contains(lower.chars().next().unwrap_or('x')) {
        "an"
    } else {
        "a"
    }
}

/// `phrase` with its article: "an RCT", "a narrative review".
pub fn with_article(phrase: &str) -> String {
    format!("{} {phrase}", article(phrase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_labels_become_singular_at_their_head_noun() {
        for (many, one) in [
            ("narrative reviews", "narrative review"),
            ("longitudinal cohort studies", "longitudinal cohort study"),
            ("cross-sectional studies", "cross-sectional study"),
            (
                "qualitative research designs",
                "qualitative research design",
            ),
            ("RCTs", "RCT"),
            ("secondary analysis of RCTs", "secondary analysis of RCTs"),
            ("secondary analyses of RCTs", "secondary analysis of RCTs"),
            ("meta-syntheses", "meta-synthesis"),
            ("case reports", "case report"),
            ("case series", "case series"),
            ("commentary", "commentary"),
            ("patient perspective", "patient perspective"),
            ("mixed methods", "mixed methods study"),
            (
                "systematic reviews with meta-analysis",
                "systematic review with meta-analysis",
            ),
            ("diagnostic accuracy studies", "diagnostic accuracy study"),
            ("focus groups", "focus group"),
            ("process evaluations", "process evaluation"),
            ("approaches", "approach"),
            ("", ""),
        ] {
            assert_eq!(singular_label(many), one, "{many}");
        }
    }

    #[test]
    fn one_item_labels_have_plurals() {
        for (one, many) in [
            ("commentary", "commentaries"),
            ("mixed methods study", "mixed methods studies"),
            ("RCT", "RCTs"),
            ("narrative review", "narrative reviews"),
            ("secondary analysis of RCTs", "secondary analyses of RCTs"),
            ("case series", "case series"),
            ("survey", "surveys"),
            ("approach", "approaches"),
        ] {
            assert_eq!(plural_label(one), many, "{one}");
        }
        assert!(reads_plural("case reports") && reads_plural("RCTs"));
        assert!(reads_plural("cohort studies"));
        assert!(!reads_plural("commentary") && !reads_plural("mixed methods"));
    }

    #[test]
    fn articles_follow_the_sound() {
        for (phrase, a) in [
            ("RCT", "an"),
            ("narrative review", "a"),
            ("umbrella review", "an"),
            ("unique design", "a"),
            ("MRI study", "an"),
            ("CT study", "a"),
            ("SR", "an"),
            ("observational study", "an"),
            ("8-week trial", "an"),
            ("18-month cohort", "an"),
            ("12-week trial", "a"),
            ("hour-long interview", "an"),
            ("European survey", "a"),
            ("one-off survey", "a"),
            ("Hospital audit", "a"),
        ] {
            assert_eq!(article(phrase), a, "{phrase}");
        }
    }
}
