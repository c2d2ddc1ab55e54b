//! The results sentence is paste-ready for every `--by`, on the example and
//! on another review, filtered or not, in every citation style.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

const BY: [&str; 8] = [
    "design",
    "year",
    "tag",
    "appraisal",
    "country",
    "setting",
    "sample_size",
    "participants",
];

/// The rules every sentence keeps; `what` names it in failures.
fn check_rules(prose: &str, what: &str) {
    let s = prose.trim_end();
    assert!(!s.contains('\n'), "{what}: one paragraph: {s}");
    assert!(s.ends_with('.'), "{what}: ends a sentence: {s}");
    // Parentheses never nest and never stand side by side.
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => {
                depth += 1;
                assert!(depth <= 1, "{what}: nested parentheses: {s}");
            }
            ')' => depth -= 1,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "{what}: balanced: {s}");
    assert!(!s.contains(") ("), "{what}: parentheses side by side: {s}");
    // Notes about the data are not in the sentence.
    assert!(!s.contains("reference number"), "{what}: note inside: {s}");
    // Singular and plural.
    let words: Vec<&str> = s.split_whitespace().collect();
    for w in words.windows(2) {
        assert!(
            !(w[0] == "1" && w[1].starts_with("studies")),
            "{what}: 1 studies: {s}"
        );
    }
    for bad in [
        "One of the 1 ",
        "Two of the 2 ",
        "One studies",
        "One study were",
    ] {
        assert!(!s.contains(bad), "{what}: {bad:?} in {s}");
    }
    // "N of the N" is "All N".
    if let ["of", "the", n, ..] = &words[1..] {
        assert_ne!(
            litrev::text::number_words_capitalised(n.parse().unwrap_or(0)),
            words[0],
            "{what}: {s}"
        );
    }
    // Raw codes do not leak into the sentence.
    for raw in ["casp-qualitative:", "rob2:", "had Ireland", "had UK"] {
        assert!(!s.contains(raw), "{what}: {raw:?} in {s}");
    }
    // Nothing "followed by" a group as large as itself: the first
    // follower's count is below the lead's.
    if let Some(at) = s.find(", followed by ") {
        let lead = words[0];
        let lead_n: usize = if lead == "All" || lead == "Both" || lead == "The" {
            usize::MAX
        } else {
            (1..=1000)
                .find(|n| litrev::text::number_words_capitalised(*n as u64) == lead)
                .unwrap_or(0)
        };
        let rest = &s[at..];
        let n: usize = rest
            .split("(n=")
            .nth(1)
            .and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        assert!(n < lead_n, "{what}: a tie is \"followed by\": {s}");
    }
}

#[test]
fn every_by_on_the_example_is_paste_ready() {
    let ex = example_dir();
    for by in BY {
        for filter in [&[][..], &["--design", "rct"][..], &["--tag", "trust"][..]] {
            let mut args = vec!["tally", p(&ex), "--by", by, "--format", "prose"];
            args.extend_from_slice(filter);
            let out = run_litrev(&args, 0);
            check_rules(&stdout(&out), &format!("--by {by} {filter:?}"));
        }
    }
    // Defaults and declared phrases read as English.
    let say = |by: &str, filter: &[&str]| {
        let mut args = vec!["tally", p(&ex), "--by", by, "--format", "prose"];
        args.extend_from_slice(filter);
        stdout(&run_litrev(&args, 0))
    };
    assert!(
        say("country", &[]).contains("were conducted in UK"),
        "the example declares prose for country"
    );
    // One sentence per instrument: a judgement word means something else
    // in each.
    assert!(
        say("appraisal", &[])
            .contains("Of the 21 studies appraised with CASP, thirteen were rated high quality")
    );
    assert!(say("year", &[]).contains("were published in 2019"));
    // A number field is summarised, not listed value by value.
    assert!(
        say("sample_size", &[])
            .starts_with("The sample size ranged from 1 [107, 108] to 312 [64, 74] (median 27.5)")
    );
    assert!(
        say("design", &["--design", "rct"]).starts_with("All 15 selected studies comprised RCTs")
    );
    assert!(
        say("design", &["--design", "commentary"]).starts_with("Both selected studies"),
        "{}",
        say("design", &["--design", "commentary"])
    );
    assert!(
        say("design", &["--design", "narrative-review"])
            .starts_with("The only selected study was a narrative review [109].")
    );
}

#[test]
fn every_by_on_another_review_is_paste_ready_and_notes_are_apart() {
    for style in [
        "brackets",
        "parentheses",
        "superscript",
        "pandoc",
        "author-year",
    ] {
        let fx = other_review(style);
        for by in [
            "design",
            "year",
            "tag",
            "appraisal",
            "setting",
            "sample_size",
        ] {
            let out = run_litrev(&["tally", p(fx.root()), "--by", by, "--format", "prose"], 0);
            check_rules(&stdout(&out), &format!("{style} --by {by}"));
            let notes = stderr(&out);
            if style == "brackets" {
                assert!(
                    notes.contains("note: 2 studies have no reference number"),
                    "{by}: {notes}"
                );
            } else if style == "pandoc" {
                assert!(!notes.contains("reference number"), "keys cite every study");
            }
        }
    }
}

#[test]
fn pandoc_keys_are_the_study_ids_and_latex_and_author_year_cite_every_study() {
    let fx = other_review("brackets");
    let ids: BTreeSet<String> = std::fs::read_dir(fx.root().join("studies"))
        .expect("studies")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.path()
                .file_stem()
                .and_then(|s| s.to_str())
                .map(String::from)
        })
        .collect();
    let prose = stdout(&run_litrev(
        &[
            "tally",
            p(fx.root()),
            "--format",
            "prose",
            "--cite",
            "pandoc",
        ],
        0,
    ));
    let keys: BTreeSet<String> = prose
        .split('@')
        .skip(1)
        .map(|t| {
            t.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
                .collect()
        })
        .collect();
    // Every study is cited, the unnumbered ones too, by its id.
    assert_eq!(keys, ids, "{prose}");
    let latex = stdout(&run_litrev(
        &[
            "tally",
            p(fx.root()),
            "--format",
            "prose",
            "--cite",
            "latex",
        ],
        0,
    ));
    assert!(latex.contains("\\cite{qual-a,"), "{latex}");
    assert!(
        latex.contains("qual-h}"),
        "the unnumbered study is cited: {latex}"
    );
    let ay = stdout(&run_litrev(
        &[
            "tally",
            p(fx.root()),
            "--format",
            "prose",
            "--cite",
            "author-year",
        ],
        0,
    ));
    // Two studies of the same author and year are told apart by a letter;
    // the years of one author list go together, as citeproc writes them.
    assert!(ay.contains("(n=2; Okafor, 2015a, 2015b)"), "{ay}");
    check_rules(&ay, "author-year");
    // The table cites in the same style.
    let md = stdout(&run_litrev(
        &[
            "tally",
            p(fx.root()),
            "--format",
            "markdown",
            "--cite",
            "pandoc",
        ],
        0,
    ));
    assert!(md.contains("[@rev-a; @rev-b]"), "{md}");
    let csv = stdout(&run_litrev(
        &["tally", p(fx.root()), "--format", "csv", "--cite", "latex"],
        0,
    ));
    assert!(csv.contains("\\cite{rev-a,rev-b}"), "{csv}");
    // An unknown style is refused with the list.
    let out = run_litrev(&["tally", p(fx.root()), "--cite", "vancouver"], 2);
    assert!(stderr(&out).contains("author-year"), "{}", stderr(&out));
}

#[test]
fn a_phrase_must_say_where_the_value_goes() {
    let fx = other_review("brackets");
    let toml = std::fs::read_to_string(fx.root().join("review.toml")).expect("toml");
    let bad = toml.replace(
        "kind = \"integer\"",
        "kind = \"integer\"\nprose = \"had this many\"",
    );
    assert_ne!(bad, toml);
    std::fs::write(fx.root().join("review.toml"), &bad).expect("write");
    let out = run_litrev(&["check", p(fx.root())], 1);
    let text = stdout(&out);
    assert!(
        text.contains(&at(
            &fx.root().join("review.toml"),
            &bad,
            "\"had this many\""
        )) && text.contains("fields.sample_size.prose must say where the value goes"),
        "{text}"
    );
    let good = toml.replace(
        "choices = [\"clinic\", \"home\", \"community\"]",
        "choices = [\"clinic\", \"home\", \"community\"]\nprose = \"were delivered at {value}\"",
    ) + "\n[prose]\ntag = \"were about {value}\"\n";
    assert_ne!(good, toml);
    std::fs::write(fx.root().join("review.toml"), &good).expect("write");
    let out = run_litrev(
        &[
            "tally",
            p(fx.root()),
            "--by",
            "setting",
            "--format",
            "prose",
        ],
        0,
    );
    assert!(
        stdout(&out).contains("were delivered at home [3, 5, 40–42"),
        "{}",
        stdout(&out)
    );
    let out = run_litrev(
        &[
            "tally",
            p(fx.root()),
            "--by",
            "sample_size",
            "--format",
            "prose",
        ],
        0,
    );
    assert!(
        stdout(&out).contains("had no sample size recorded"),
        "the label, not the key: {}",
        stdout(&out)
    );
    let out = run_litrev(
        &["tally", p(fx.root()), "--by", "tag", "--format", "prose"],
        0,
    );
    assert!(stdout(&out).contains(" were about "), "{}", stdout(&out));
}

#[test]
fn the_characteristics_table_cites_in_each_style() {
    let fx = other_review("brackets");
    let table = |style: &str| {
        stdout(&run_litrev(
            &[
                "list",
                p(fx.root()),
                "--format",
                "markdown",
                "--design",
                "review",
                "--cite",
                style,
            ],
            0,
        ))
    };
    assert!(
        table("brackets").contains("| Ref |"),
        "{}",
        table("brackets")
    );
    assert!(
        table("brackets").contains("| 60 |"),
        "{}",
        table("brackets")
    );
    assert!(
        table("pandoc").contains("| [@rev-a] |"),
        "{}",
        table("pandoc")
    );
    assert!(
        table("latex").contains("| \\cite{rev-b} |"),
        "{}",
        table("latex")
    );
    assert!(
        table("author-year").contains("| Okafor, 2015a |"),
        "{}",
        table("author-year")
    );
    assert!(table("pandoc").starts_with("| Citation |"));
    // review.toml's style is the default.
    let fx = other_review("pandoc");
    let out = stdout(&run_litrev(
        &[
            "list",
            p(fx.root()),
            "--format",
            "markdown",
            "--design",
            "review",
        ],
        0,
    ));
    assert!(out.contains("| [@rev-a] |"), "{out}");
}

/// The keys `[@key; @key]` in `text`.
fn pandoc_keys(text: &str) -> BTreeSet<String> {
    text.split("@")
        .skip(1)
        .map(|t| {
            t.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "-_.:".contains(*c))
                .collect::<String>()
        })
        .filter(|k| !k.is_empty())
        .collect()
}

#[test]
fn every_pandoc_key_of_the_example_is_a_key_of_its_bibtex_export() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example");
    let bib = stdout(&run_litrev(
        &["export", p(&example), "--format", "bibtex"],
        0,
    ));
    // `@article{key,` — the keys the exported bibliography defines.
    let defined: BTreeSet<String> = bib
        .lines()
        .filter(|l| l.starts_with('@'))
        .filter_map(|l| l.split_once('{'))
        .map(|(_, rest)| rest.trim_end_matches(',').trim().to_string())
        .collect();
    assert_eq!(defined.len(), 75, "{bib}");
    let mut cited = BTreeSet::new();
    for by in ["design", "tag", "year", "appraisal", "country"] {
        let prose = stdout(&run_litrev(
            &[
                "tally",
                p(&example),
                "--by",
                by,
                "--format",
                "prose",
                "--cite",
                "pandoc",
            ],
            0,
        ));
        cited.extend(pandoc_keys(&prose));
    }
    let map = stdout(&run_litrev(
        &[
            "map",
            p(&example),
            "--rows",
            "design",
            "--cols",
            "tag",
            "--format",
            "markdown",
            "--cite",
            "pandoc",
        ],
        0,
    ));
    cited.extend(pandoc_keys(&map));
    let table = stdout(&run_litrev(
        &[
            "list",
            p(&example),
            "--format",
            "markdown",
            "--cite",
            "pandoc",
        ],
        0,
    ));
    cited.extend(pandoc_keys(&table));
    let missing: Vec<&String> = cited.difference(&defined).collect();
    assert!(missing.is_empty(), "cited but not in the .bib: {missing:?}");
    assert_eq!(cited, defined, "every study is cited somewhere");
}
