//! Issue 21, point 1: the results sentence takes its grammar from the data.
//! A label in the singular when the count is one ("1 cross-sectional
//! study", "was a narrative review"), number words and "all/only" phrases
//! right at counts 0, 1, 2, 21 and 100, filtered or not; one sentence per
//! instrument by appraisal; number fields summarised; tags that are not
//! themes left out.

mod common;

use common::*;

fn p(path: &std::path::Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

const TAXONOMY: &str = r#"format = 1
title = "Grammar"
citation_style = "brackets"

[[designs]]
key = "quant"
label = "quantitative designs"

  [[designs.children]]
  key = "cross"
  label = "cross-sectional studies"

  [[designs.children]]
  key = "cohort"
  label = "cohort studies"

[[designs]]
key = "rct"
label = "RCTs"

[[designs]]
key = "mm"
label = "mixed methods"

[[designs]]
key = "comm"
label = "commentary"

[[designs]]
key = "sr"
label = "systematic reviews"
label_one = "systematic review with or without meta-analysis"

[fields.setting]
label = "Setting"
kind = "choice"
choices = ["primary care", "hospital", "not applicable"]

[fields.sample_size]
label = "Sample size"
kind = "integer"
"#;

/// A review of `TAXONOMY` (plus `extra` review.toml text) with one study
/// per entry: (design, tags, study-file tail). Refs run from 1.
fn review(extra: &str, studies: &[(&str, &[&str], &str)]) -> Fixture {
    let fx = Fixture::new(&format!("{TAXONOMY}{extra}"));
    for (i, (design, tags, tail)) in studies.iter().enumerate() {
        let id = format!("s{:03}", i + 1);
        let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        let design = if design.is_empty() {
            String::new()
        } else {
            format!("design = \"{design}\"\n")
        };
        fx.write_study(
            &id,
            &format!(
                "id = \"{id}\"\nref = {}\ntitle = \"Study {id}\"\nauthors = [\"Okafor, Ada\"]\nyear = 2020\n{design}tags = [{}]\n{tail}",
                i + 1,
                tags.join(", ")
            ),
        );
    }
    fx
}

fn many(
    design: &'static str,
    n: usize,
) -> Vec<(&'static str, &'static [&'static str], &'static str)> {
    vec![(design, &[][..], ""); n]
}

fn prose(fx: &Fixture, args: &[&str]) -> String {
    let mut all = vec!["tally", p(fx.root()), "--format", "prose"];
    all.extend_from_slice(args);
    stdout(&run_litrev(&all, 0)).trim_end().to_string()
}

/// What no sentence may say, whatever the counts.
fn no_plural_at_one(s: &str) {
    let words: Vec<&str> = s.split_whitespace().collect();
    for w in words.windows(2) {
        let next = w[1].trim_matches(|c: char| !c.is_alphanumeric());
        assert!(
            !(w[0] == "1"
                && (next.ends_with("ies") || next.ends_with("ts") || next.ends_with("ws"))),
            "a plural after 1: {s}"
        );
    }
    for bad in [
        "all 1 ",
        "All 1 ",
        "One of the 1 ",
        "Two of the 2 ",
        "the only 1",
        "study were",
        "reviews (n=1)",
        "studies (n=1)",
        "studies n=1",
        "RCTs (n=1)",
        "recorded not applicable",
    ] {
        assert!(!s.contains(bad), "{bad:?} in: {s}");
    }
}

#[test]
fn a_count_of_one_takes_the_singular_label_everywhere_in_the_sentence() {
    // One cross-sectional study beside two cohort studies: the lead's
    // children.
    let mut studies = many("quant/cohort", 2);
    studies.push(("quant/cross", &[], ""));
    studies.push(("rct", &[], ""));
    let fx = review("", &studies);
    let s = prose(&fx, &[]);
    no_plural_at_one(&s);
    assert_eq!(
        s,
        "Three of the 4 included studies comprised quantitative designs \
         (2 cohort studies [1, 2]; 1 cross-sectional study [3]), followed by RCT (n=1) [4]."
    );
    // As a follower's child.
    let mut studies = many("rct", 3);
    studies.extend(many("quant/cohort", 1));
    studies.push(("quant/cross", &[], ""));
    let fx = review("", &studies);
    let s = prose(&fx, &[]);
    no_plural_at_one(&s);
    assert!(
        s.contains(
            "quantitative designs (n=2: cross-sectional study n=1 [5]; cohort study n=1 [4])"
        ),
        "{s}"
    );
}

#[test]
fn the_only_study_is_a_narrative_review_not_narrative_reviews() {
    let mut studies = many("rct", 2);
    studies.push(("comm", &[], ""));
    studies.push(("sr", &[], ""));
    studies.push(("mm", &[], ""));
    let fx = review("", &studies);
    // Filtered to one study of each design.
    assert_eq!(
        prose(&fx, &["--design", "comm"]),
        "The only selected study was a commentary [3]."
    );
    assert_eq!(
        prose(&fx, &["--design", "sr"]),
        "The only selected study was a systematic review with or without meta-analysis [4].",
        "label_one wins over the derived singular"
    );
    assert_eq!(
        prose(&fx, &["--design", "mm"]),
        "The only selected study was a mixed methods study [5]."
    );
    // "an" before a vowel sound, here an acronym.
    let fx = review("", &many("rct", 1));
    assert_eq!(prose(&fx, &[]), "The only included study was an RCT [1].");
    // Two of a kind are "Both", filtered or not.
    let fx = review("", &many("rct", 2));
    assert_eq!(
        prose(&fx, &[]),
        "Both included studies comprised RCTs [1, 2]."
    );
    let fx = review("", &[("rct", &[], ""), ("rct", &[], ""), ("comm", &[], "")]);
    assert_eq!(
        prose(&fx, &["--design", "rct"]),
        "Both selected studies comprised RCTs [1, 2]."
    );
}

#[test]
fn number_words_and_all_phrases_are_right_at_0_1_2_21_and_100() {
    // 21 of 100, and 100 of 100.
    let mut studies = many("rct", 21);
    studies.extend(many("quant/cohort", 79));
    let fx = review("", &studies);
    let s = prose(&fx, &[]);
    no_plural_at_one(&s);
    assert!(
        s.starts_with("Seventy-nine of the 100 included studies comprised quantitative designs"),
        "{s}"
    );
    assert!(s.contains(", followed by RCTs (n=21) [1–21]."), "{s}");
    assert_eq!(
        prose(&fx, &["--design", "rct"]),
        "All 21 selected studies comprised RCTs [1–21]."
    );
    let fx = review("", &many("rct", 100));
    assert_eq!(
        prose(&fx, &[]),
        "All 100 included studies comprised RCTs [1–100]."
    );
    // 21 and 1 beside a missing design.
    let mut studies = many("rct", 21);
    studies.push(("", &[], ""));
    let fx = review("", &studies);
    assert_eq!(
        prose(&fx, &[]),
        "Twenty-one of the 22 included studies comprised RCTs [1–21]. One study was not classified [22]."
    );
    // 0: nothing selected, nothing included.
    assert_eq!(
        prose(&fx, &["--design", "comm"]),
        "None of the 22 included studies is selected."
    );
    let empty = review("", &[]);
    assert_eq!(prose(&empty, &[]), "No studies are included.");
    // 2 with ties: one each, never "one of the 2 … and all 1".
    let fx = review("", &[("rct", &[], ""), ("comm", &[], "")]);
    let s = prose(&fx, &[]);
    no_plural_at_one(&s);
    assert_eq!(
        s,
        "One of the 2 included studies was an RCT [1] and one was a commentary [2]."
    );
}

#[test]
fn tags_every_study_shares_are_listed_once_never_all_1() {
    let fx = review(
        "",
        &[
            ("rct", &["communication", "empathy", "trust"], ""),
            ("rct", &["communication"], ""),
        ],
    );
    assert_eq!(
        prose(&fx, &["--by", "tag", "--design", "rct", "--search", "s001"]),
        "The only selected study addressed communication, empathy and trust [1]."
    );
    let s = prose(&fx, &["--by", "tag"]);
    no_plural_at_one(&s);
    assert!(
        s.starts_with("Both included studies addressed communication [1, 2], followed by empathy (n=1) [1] and trust (n=1) [1]."),
        "{s}"
    );
}

#[test]
fn tags_named_in_tags_exclude_are_not_themes() {
    let fx = review(
        "\n[tags]\nexclude = [\"to-check\", \"import-*\"]\n",
        &[
            ("rct", &["trust", "import-2024-03"], ""),
            ("rct", &["trust", "to-check"], ""),
            ("rct", &["import-2024-05"], ""),
        ],
    );
    let s = prose(&fx, &["--by", "tag"]);
    assert_eq!(
        s,
        "Two of the 3 included studies addressed trust [1, 2]. One study had no tag [3]."
    );
    let text = stdout(&run_litrev(&["tally", p(fx.root()), "--by", "tag"], 0));
    assert!(
        !text.contains("import-2024") && !text.contains("to-check"),
        "{text}"
    );
    // Still a filter.
    let s = prose(&fx, &["--tag", "to-check"]);
    assert_eq!(s, "The only selected study was an RCT [2].");
    // A wrong value is a located problem.
    let bad = review("\n[tags]\nexclude = \"import\"\n", &[]);
    let out = run_litrev(&["check", p(bad.root())], 1);
    assert!(
        stdout(&out).contains("tags.exclude") && stdout(&out).contains("review.toml:"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn by_appraisal_writes_one_sentence_per_instrument() {
    let ex = example_dir();
    let s = stdout(&run_litrev(
        &["tally", p(&ex), "--by", "appraisal", "--format", "prose"],
        0,
    ));
    assert!(
        s.contains(
            "Of the 19 studies appraised with RoB 2, twelve raised some concerns [72–80, 84, 87, 90], \
             four were at high risk of bias [81, 82, 85, 88], two were at low risk of bias [86, 89] \
             and one was disputed between reviewers [83]."
        ),
        "{s}"
    );
    assert!(
        s.contains(
            "Of the 14 systematic reviews appraised with AMSTAR 2, seven were rated high confidence"
        ),
        "{s}"
    );
    assert!(
        s.contains("The only narrative review appraised with SANRA scored 10/12 [109]."),
        "{s}"
    );
    assert!(
        s.contains(
            "Both case reports appraised with JBI case report were rated “include” [107, 108]."
        ),
        "{s}"
    );
    assert!(
        s.contains("Five studies were not appraised [49, 66, 100, 104, 106]."),
        "{s}"
    );
    // No sentence mixes instruments.
    for sentence in s.split(". ") {
        let named = ["RoB 2", "AMSTAR 2", "CASP", "NOS", "SANRA", "MMAT"]
            .iter()
            .filter(|i| sentence.contains(&format!("with {i}")))
            .count();
        assert!(named <= 1, "one instrument per sentence: {sentence}");
    }
    // Filtered to the RCTs, the studies are named by their design.
    let s = stdout(&run_litrev(
        &[
            "tally",
            p(&ex),
            "--by",
            "appraisal",
            "--design",
            "rct",
            "--format",
            "prose",
        ],
        0,
    ));
    assert_eq!(
        s.trim_end(),
        "Of the 15 RCTs appraised with RoB 2, eight raised some concerns [76–80, 84, 87, 90], \
         four were at high risk of bias [81, 82, 85, 88], two were at low risk of bias [86, 89] \
         and one was disputed between reviewers [83]."
    );
}

#[test]
fn number_fields_are_summarised_with_range_median_and_bands() {
    let tail = |n: u32| format!("\n[extraction]\nsample_size = {n}\n");
    let tails: Vec<String> = [4u32, 14, 30, 120, 250].iter().map(|n| tail(*n)).collect();
    let mut studies: Vec<(&str, &[&str], &str)> =
        tails.iter().map(|t| ("rct", &[][..], t.as_str())).collect();
    studies.push(("rct", &[], ""));
    let fx = review("", &studies);
    let s = prose(&fx, &["--by", "sample_size"]);
    assert_eq!(
        s,
        "The sample size ranged from 4 [1] to 250 [5] (median 30) across 5 of the 6 included studies. \
         One study had no sample size recorded [6]."
    );
    // With bands declared.
    let banded = review("", &studies);
    let toml = banded.read("review.toml").replace(
        "kind = \"integer\"\n",
        "kind = \"integer\"\nbands = [20, 100]\n",
    );
    banded.write_review(&toml);
    let s = prose(&banded, &["--by", "sample_size"]);
    assert_eq!(
        s,
        "The sample size ranged from 4 to 250 (median 30) across 5 of the 6 included studies: \
         under 20 in 2 studies [1, 2], 20–99 in 1 study [3] and 100 or more in 2 studies [4, 5]. \
         One study had no sample size recorded [6]."
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&run_litrev(
        &[
            "tally",
            p(banded.root()),
            "--by",
            "sample_size",
            "--format",
            "json",
        ],
        0,
    )))
    .expect("json");
    let labels: Vec<&str> = json["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| g["label"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(labels, ["under 20", "20–99", "100 or more", "not recorded"]);
    assert_eq!(json["summary"]["median"], 30.0);
    // Bands on a text field are refused where they are written.
    let toml = banded
        .read("review.toml")
        .replace("kind = \"choice\"\n", "kind = \"choice\"\nbands = [1]\n");
    banded.write_review(&toml);
    let out = run_litrev(&["check", p(banded.root())], 1);
    assert!(
        stdout(&out).contains("fields.setting.bands: only integer and number fields"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_choice_reads_as_a_recorded_category_and_not_applicable_stands_apart() {
    let fx = review(
        "",
        &[
            ("rct", &[], "\n[extraction]\nsetting = \"primary care\"\n"),
            ("rct", &[], "\n[extraction]\nsetting = \"primary care\"\n"),
            ("rct", &[], "\n[extraction]\nsetting = \"hospital\"\n"),
            (
                "comm",
                &[],
                "\n[extraction]\nsetting = \"not applicable\"\n",
            ),
        ],
    );
    let s = prose(&fx, &["--by", "setting"]);
    no_plural_at_one(&s);
    assert_eq!(
        s,
        "Two of the 4 included studies were recorded as “primary care” for setting [1, 2], \
         followed by “hospital” (n=1) [3]. Setting was not applicable to 1 study [4]."
    );
}
