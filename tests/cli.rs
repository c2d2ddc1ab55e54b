//! The command line, run as the real binary: `tally`, `list`, `check`, `new`,
//! exit statuses, warnings on stderr, inert hostile text and colour.

mod common;

use std::path::Path;

use common::*;
use predicates::prelude::*;
use serde_json::{Value, json};

const ESC: u8 = 0x1b;
const BEL: u8 = 0x07;

/// Runs `litrev ARGS` and returns its output, asserting the exit status.
fn run(args: &[&str], code: i32) -> std::process::Output {
    let out = litrev().args(args).output().expect("run litrev");
    assert_eq!(
        out.status.code(),
        Some(code),
        "litrev {args:?}\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

fn json_out(args: &[&str]) -> Value {
    let out = run(args, 0);
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// Expands a citation string such as "21, 32, 47, 91–102" into its numbers
/// (written independently of the compressor under test).
fn expand(citation: &str) -> Vec<u32> {
    let mut v = Vec::new();
    for part in citation.split(", ").filter(|s| !s.is_empty()) {
        match part.split_once('–') {
            Some((a, b)) => {
                let (a, b): (u32, u32) = (a.parse().unwrap(), b.parse().unwrap());
                v.extend(a..=b);
            }
            None => v.push(part.parse().unwrap()),
        }
    }
    v
}

/// One group of the tally JSON, as docs/format.md shows it.
fn group(
    key: &str,
    label: &str,
    count: u64,
    percent: f64,
    citation: &str,
    children: Vec<Value>,
) -> Value {
    json!({
        "key": key,
        "label": label,
        "count": count,
        "percent": percent,
        "refs": expand(citation),
        "citation": citation,
        "children": children,
    })
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

/// (key, count) of each top-level group, in output order.
fn counts(t: &Value) -> Vec<(String, u64)> {
    t["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            (
                g["key"].as_str().unwrap().to_string(),
                g["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn assert_no_control_bytes(what: &str, bytes: &[u8]) {
    assert!(
        !bytes.contains(&ESC) && !bytes.contains(&BEL),
        "{what} wrote a raw ESC or BEL:\n{}",
        String::from_utf8_lossy(bytes)
    );
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !text.contains('\u{9b}'),
        "{what} wrote a raw C1 CSI (U+009B):\n{text}"
    );
}

// ---------------------------------------------------------------------------
// 1. The example reproduces the published breakdown.

#[test]
fn tally_json_on_the_example_reproduces_the_seed_breakdown() {
    let ex = example_dir();
    let out = run(&["tally", p(&ex), "--format", "json"], 0);
    let t: Value = serde_json::from_slice(&out.stdout).expect("JSON");

    assert_eq!(
        keys(&t),
        ["title", "by", "total", "without_ref", "groups"],
        "top-level keys as docs/format.md shows them"
    );
    assert_eq!(
        t["title"],
        "Therapeutic alliance in physiotherapy for low back pain: a scoping review"
    );
    assert_eq!(t["by"], "design");
    assert_eq!(t["total"], 75);
    assert_eq!(t["without_ref"], 0);

    let expected = json!([
        group(
            "qualitative",
            "qualitative research designs",
            22,
            29.3,
            "31, 41–61",
            vec![
                group(
                    "patient",
                    "patient perspective",
                    12,
                    16.0,
                    "31, 41–51",
                    vec![]
                ),
                group(
                    "physiotherapist",
                    "physiotherapist perspective",
                    5,
                    6.7,
                    "52–56",
                    vec![]
                ),
                group("mixed", "mixed perspectives", 5, 6.7, "57–61", vec![]),
            ]
        ),
        group(
            "quantitative",
            "quantitative designs",
            15,
            20.0,
            "22, 62–75",
            vec![
                group(
                    "cohort",
                    "longitudinal cohort studies",
                    11,
                    14.7,
                    "22, 62–71",
                    vec![]
                ),
                group(
                    "secondary-rct",
                    "secondary analysis of RCTs",
                    4,
                    5.3,
                    "72–75",
                    vec![]
                ),
            ]
        ),
        group("rct", "RCTs", 15, 20.0, "76–90", vec![]),
        group(
            "systematic-review",
            "systematic reviews",
            15,
            20.0,
            "21, 32, 47, 91–102",
            vec![]
        ),
        group(
            "mixed-methods",
            "mixed methods",
            3,
            4.0,
            "30, 103, 104",
            vec![]
        ),
        group("commentary", "commentary", 2, 2.7, "105, 106", vec![]),
        group("case-report", "case reports", 2, 2.7, "107, 108", vec![]),
        group(
            "narrative-review",
            "narrative reviews",
            1,
            1.3,
            "109",
            vec![]
        ),
    ]);
    assert_eq!(t["groups"], expected);

    // Key order is part of the stable schema, for groups and children alike.
    let group_keys = [
        "key", "label", "count", "percent", "refs", "citation", "children",
    ];
    for g in t["groups"].as_array().unwrap() {
        assert_eq!(keys(g), group_keys);
        for c in g["children"].as_array().unwrap() {
            assert_eq!(keys(c), group_keys);
        }
    }
    // Percentages keep their decimal even when it is zero.
    let text = stdout(&out);
    assert!(text.contains("\"percent\": 16.0"), "{text}");
    assert!(text.contains("\"percent\": 29.3"), "{text}");
}

#[test]
fn tally_prose_on_the_example_is_the_results_sentence() {
    let ex = example_dir();
    let out = run(&["tally", p(&ex), "--format", "prose"], 0);
    let prose = stdout(&out);
    assert!(
        prose.starts_with("Twenty-two of the 75 included studies"),
        "{prose}"
    );
    let cited = [
        "31, 41–51",
        "52–56",
        "57–61",
        "22, 62–71",
        "72–75",
        "76–90",
        "21, 32, 47, 91–102",
        "30, 103, 104",
        "105, 106",
        "107, 108",
        "109",
    ];
    // Each appears, in the order of the published sentence.
    let mut from = 0;
    for c in cited {
        let at = prose[from..]
            .find(c)
            .unwrap_or_else(|| panic!("{c:?} missing (or out of order) in {prose}"));
        from += at + c.len();
    }
    for counted in [
        "(n=15)",
        "(n=3)",
        "(n=2)",
        "(n=1)",
        "12 patient perspective",
    ] {
        assert!(prose.contains(counted), "{counted:?} missing in {prose}");
    }
}

#[test]
fn tally_text_on_the_example_shows_n_of_total_with_percent() {
    let ex = example_dir();
    let out = run(&["tally", p(&ex)], 0);
    let text = stdout(&out);
    assert!(text.contains("75 studies, by design"), "{text}");
    let line = |label: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no line for {label} in {text}"))
            .to_string()
    };
    let q = line("qualitative research designs");
    assert!(
        q.contains("22 of 75 (29.3%)") && q.contains("31, 41–61"),
        "{q}"
    );
    let c = line("longitudinal cohort studies");
    assert!(c.starts_with("  "), "children are indented: {c:?}");
    assert!(
        c.contains("11 of 75 (14.7%)") && c.contains("22, 62–71"),
        "{c}"
    );
}

// 3. Tally by tag on the example.
#[test]
fn tally_by_tag_on_the_example_cites_clinician_confidence() {
    let ex = example_dir();
    let t = json_out(&["tally", p(&ex), "--by", "tag", "--format", "json"]);
    assert_eq!(t["by"], "tag");
    let g = t["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == "clinician confidence")
        .expect("a clinician confidence group");
    assert_eq!(g["label"], "clinician confidence");
    assert_eq!(g["count"], 4);
    assert_eq!(g["refs"], json!([52, 68, 72, 105]));
    assert_eq!(g["citation"], "52, 68, 72, 105");
    assert_eq!(g["children"], json!([]));

    let out = run(&["tally", p(&ex), "--by", "tag"], 0);
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.contains("clinician confidence"))
        .unwrap_or_else(|| panic!("no clinician confidence line in {text}"));
    assert!(line.contains("52, 68, 72, 105"), "{line}");
}

// ---------------------------------------------------------------------------
// 2. Nothing is hard-coded: a different review.

#[test]
fn tally_json_on_another_review_counts_orders_and_cites() {
    let fx = other_review("brackets");
    let t = json_out(&["tally", p(fx.root()), "--format", "json"]);
    assert_eq!(
        t["title"],
        "Exercise therapy for knee osteoarthritis: a systematic review"
    );
    assert_eq!(t["total"], 22);
    assert_eq!(t["without_ref"], 2, "cc-c and qual-h have no ref");
    // qual (declared 4th) has the most; trial and observational tie at 6 and
    // keep taxonomy order (alphabetical would put observational first); so do
    // the cohort / case-control children (3 each); editorial has no studies.
    let expected = json!([
        group(
            "qual",
            "interview studies",
            8,
            36.4,
            "40–42, 44–46, 48",
            vec![]
        ),
        group(
            "trial",
            "randomised trials",
            6,
            27.3,
            "1–3, 5, 9, 11",
            vec![
                group("parallel", "parallel-group trials", 3, 13.6, "1–3", vec![]),
                group("crossover", "crossover trials", 2, 9.1, "5, 9", vec![]),
            ]
        ),
        group(
            "observational",
            "observational studies",
            6,
            27.3,
            "20, 21, 23, 30, 31",
            vec![
                group("cohort", "cohort studies", 3, 13.6, "20, 21, 23", vec![]),
                group(
                    "case-control",
                    "case-control studies",
                    3,
                    13.6,
                    "30, 31",
                    vec![]
                ),
            ]
        ),
        group("review", "literature reviews", 2, 9.1, "60, 62", vec![]),
    ]);
    assert_eq!(t["groups"], expected);
}

#[test]
fn tally_text_on_another_review_shows_other_and_studies_without_ref() {
    let fx = other_review("brackets");
    let out = run(&["tally", p(fx.root())], 0);
    let text = stdout(&out);
    assert!(text.contains("22 studies, by design"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let trial = lines
        .iter()
        .position(|l| l.starts_with("randomised trials"))
        .expect("trial row");
    // The child rows follow their group; the study coded only as "trial" is
    // the remainder, shown as "other" with its citation.
    assert!(
        lines[trial + 1]
            .trim_start()
            .starts_with("parallel-group trials")
    );
    assert!(
        lines[trial + 2]
            .trim_start()
            .starts_with("crossover trials")
    );
    let other = lines[trial + 3];
    assert!(other.starts_with("  other"), "{other:?}");
    assert!(
        other.contains("1 of 22 (4.5%)") && other.ends_with("11"),
        "{other:?}"
    );
    assert!(
        text.contains("2 studies have no reference number"),
        "without_ref is reported: {text}"
    );
}

#[test]
fn tally_prose_on_another_review_in_each_citation_style() {
    let styles = [
        (
            "brackets",
            "Eight of the 22 included studies comprised interview studies [40–42, 44–46, 48], \
             followed by randomised trials (n=6: parallel-group trials n=3 [1–3]; crossover trials n=2 [5, 9]; other n=1 [11]), \
             observational studies (n=6: cohort studies n=3 [20, 21, 23]; case-control studies n=3 [30, 31]) \
             and literature reviews (n=2) [60, 62].",
        ),
        (
            "parentheses",
            "Eight of the 22 included studies comprised interview studies (40–42, 44–46, 48), \
             followed by randomised trials (n=6: parallel-group trials n=3 [1–3]; crossover trials n=2 [5, 9]; other n=1 [11]), \
             observational studies (n=6: cohort studies n=3 [20, 21, 23]; case-control studies n=3 [30, 31]) \
             and literature reviews (n=2; 60, 62).",
        ),
        (
            "superscript",
            "Eight of the 22 included studies comprised interview studies⁴⁰⁻⁴²,⁴⁴⁻⁴⁶,⁴⁸, \
             followed by randomised trials (n=6: parallel-group trials n=3¹⁻³; crossover trials n=2⁵,⁹; other n=1¹¹), \
             observational studies (n=6: cohort studies n=3²⁰,²¹,²³; case-control studies n=3³⁰,³¹) \
             and literature reviews (n=2)⁶⁰,⁶².",
        ),
        (
            "none",
            "Eight of the 22 included studies comprised interview studies, \
             followed by randomised trials (n=6: parallel-group trials n=3; crossover trials n=2; other n=1), \
             observational studies (n=6: cohort studies n=3; case-control studies n=3) \
             and literature reviews (n=2).",
        ),
    ];
    for (style, sentence) in styles {
        let fx = other_review(style);
        let out = run(&["tally", p(fx.root()), "--format", "prose"], 0);
        let prose = stdout(&out);
        assert!(
            prose.starts_with(sentence),
            "citation_style = {style}\n got: {prose}\nwant: {sentence}"
        );
        let note = stderr(&out);
        if style == "none" {
            assert!(note.is_empty(), "nothing is cited, nothing to note: {note}");
        } else {
            assert!(
                note.contains("note: 2 studies have no reference number"),
                "citation_style = {style}: the note is printed apart: {note}"
            );
            assert!(!prose.contains("reference number"), "{prose}");
        }
    }
}

#[test]
fn tally_prose_spells_out_the_leading_number() {
    for (groups, start) in [
        (
            vec![("alpha", "alpha studies", 51), ("beta", "beta studies", 49)],
            "Fifty-one of the 100 included studies comprised alpha studies [1–51], followed by beta studies (n=49) [52–100].",
        ),
        (
            vec![("alpha", "alpha studies", 100)],
            "All 100 included studies comprised alpha studies [1–100].",
        ),
        (
            vec![("alpha", "alpha studies", 1), ("beta", "beta studies", 13)],
            "Thirteen of the 14 included studies comprised beta studies [2–14], followed by alpha study (n=1) [1].",
        ),
    ] {
        let fx = sized_review(&groups);
        let out = run(&["tally", p(fx.root()), "--format", "prose"], 0);
        let prose = stdout(&out);
        assert_eq!(prose.trim_end(), start);
    }
}

#[test]
fn tally_design_filter_narrows_the_count_and_says_so() {
    let fx = other_review("brackets");
    let root = p(fx.root());

    let t = json_out(&["tally", root, "--design", "trial", "--format", "json"]);
    assert_eq!(t["total"], 6);
    assert_eq!(counts(&t), [("trial".to_string(), 6)]);
    assert_eq!(t["groups"][0]["percent"], 100.0);
    assert_eq!(t["groups"][0]["children"][0]["percent"], 50.0);

    let t = json_out(&[
        "tally",
        root,
        "--design",
        "trial/crossover",
        "--format",
        "json",
    ]);
    assert_eq!(t["total"], 2);
    assert_eq!(t["groups"][0]["citation"], "5, 9");
    assert_eq!(t["groups"][0]["children"][0]["key"], "crossover");

    let out = run(&["tally", root, "--design", "trial"], 0);
    let text = stdout(&out);
    assert!(text.contains("6 of 22 studies shown"), "{text}");
    assert!(text.contains("6 of 6 (100.0%)"), "{text}");
}

#[test]
fn tally_search_narrows_the_count_and_says_so() {
    let fx = other_review("brackets");
    let root = p(fx.root());
    // Three studies carry the tag "kinesiophobia".
    let t = json_out(&[
        "tally",
        root,
        "--search",
        "kinesiophobia",
        "--format",
        "json",
    ]);
    assert_eq!(t["total"], 3);
    assert_eq!(
        counts(&t),
        [
            ("trial".to_string(), 1),
            ("observational".to_string(), 1),
            ("qual".to_string(), 1)
        ]
    );
    let out = run(&["tally", root, "--search", "kinesiophobia"], 0);
    assert!(stdout(&out).contains("3 of 22 studies shown"));
}

#[test]
fn tally_by_year_tag_and_field() {
    let fx = other_review("brackets");
    let root = p(fx.root());

    // Years: most first; ties in ascending year.
    let t = json_out(&["tally", root, "--by", "year", "--format", "json"]);
    assert_eq!(t["by"], "year");
    let want: Vec<(String, u64)> = [
        ("2021", 4),
        ("2016", 3),
        ("2019", 3),
        ("2022", 3),
        ("2015", 2),
        ("2018", 2),
        ("2020", 2),
        ("2023", 2),
        ("2017", 1),
    ]
    .iter()
    .map(|(k, n)| (k.to_string(), *n))
    .collect();
    assert_eq!(counts(&t), want);
    let y2016 = &t["groups"][1];
    assert_eq!(y2016["label"], "2016");
    assert_eq!(
        y2016["citation"], "30, 31",
        "the third 2016 study has no ref"
    );
    assert_eq!(y2016["children"], json!([]));

    // Tags: each study counted once under each of its tags; untagged ones last.
    let t = json_out(&["tally", root, "--by", "tag", "--format", "json"]);
    let c = counts(&t);
    assert_eq!(c[0], ("adherence".to_string(), 4));
    assert_eq!(c[1], ("kinesiophobia".to_string(), 3));
    assert_eq!(t["groups"][0]["citation"], "1, 11, 21, 40");
    assert_eq!(t["groups"][1]["citation"], "5, 31, 44");
    assert_eq!(t["groups"][2]["count"], 15, "the untagged studies");

    // A choice field declared in review.toml.
    let t = json_out(&["tally", root, "--by", "setting", "--format", "json"]);
    assert_eq!(t["by"], "setting");
    assert_eq!(
        counts(&t),
        [
            ("home".to_string(), 10),
            ("clinic".to_string(), 7),
            ("community".to_string(), 5)
        ]
    );
    assert_eq!(t["groups"][2]["citation"], "20, 21, 23, 60, 62");
    let prose = stdout(&run(
        &["tally", root, "--by", "setting", "--format", "prose"],
        0,
    ));
    assert!(
        prose.starts_with("Ten of the 22 included studies"),
        "{prose}"
    );
}

#[test]
fn tally_by_appraisal_uses_the_deciding_judgement_per_instrument() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    let appraisal = |reviewer: &str, overall: &str| {
        format!(
            "\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"{reviewer}\"\noverall = \"{overall}\"\n"
        )
    };
    let rob2_high = "\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"consensus\"\nanswers = { d1 = \"low\", d2 = \"high\", d3 = \"low\", d4 = \"low\", d5 = \"low\" }\n";
    let casp_high = "\n[[appraisals]]\ninstrument = \"casp-qualitative\"\nreviewer = \"consensus\"\noverall = \"high\"\n";
    let studies = [
        ("a", 1, "trial/parallel", appraisal("consensus", "low")),
        ("b", 2, "trial/parallel", appraisal("AB", "low")),
        // Two reviewers disagree and a consensus says "low".
        (
            "c",
            3,
            "trial/parallel",
            appraisal("AB", "high")
                + &appraisal("CD", "some-concerns")
                + &appraisal("consensus", "low"),
        ),
        // Computed by RoB 2's worst-domain rule: high risk of bias.
        ("d", 4, "trial/parallel", rob2_high.to_string()),
        // High quality: the same word, the opposite judgement, counted apart.
        ("g", 7, "qual", casp_high.to_string()),
        // Disagreement and no consensus: disputed, counted as such.
        (
            "e",
            5,
            "trial/parallel",
            appraisal("AB", "high") + &appraisal("CD", "low"),
        ),
        ("f", 6, "trial/parallel", String::new()),
    ];
    for (id, r, design, extra) in &studies {
        fx.write_study(id, &study(id, Some(*r), design, "A study", extra));
    }
    let t = json_out(&[
        "tally",
        p(fx.root()),
        "--by",
        "appraisal",
        "--format",
        "json",
    ]);
    assert_eq!(t["by"], "appraisal");
    let got: Vec<(&str, u64, &str)> = t["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["label"].as_str().unwrap(),
                g["count"].as_u64().unwrap(),
                g["citation"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("RoB 2: low risk", 3, "1–3"),
            ("CASP: high quality", 1, "7"),
            ("RoB 2: disputed", 1, "5"),
            ("RoB 2: high risk", 1, "4"),
            ("not appraised", 1, "6"),
        ]
    );
}

#[test]
fn tally_by_an_unknown_name_is_a_usage_error() {
    let fx = other_review("brackets");
    let out = run(&["tally", p(fx.root()), "--by", "colour"], 2);
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("cannot tally by \"colour\""), "{err}");
    assert!(
        err.contains("setting"),
        "the review's fields are suggested: {err}"
    );
}

#[test]
fn tally_markdown_and_csv_carry_the_same_numbers() {
    let fx = other_review("brackets");
    let root = p(fx.root());
    let md = stdout(&run(&["tally", root, "--format", "markdown"], 0));
    assert!(
        md.contains("| interview studies | 8 | 36.4 | 40–42, 44–46, 48 |"),
        "{md}"
    );
    assert!(md.contains("| ↳ other | 1 | 4.5 | 11 |"), "{md}");
    assert!(md.contains("| **Total** | **22** |"), "{md}");

    let csv_text = stdout(&run(&["tally", root, "--format", "csv"], 0));
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let find = |key: &str| {
        rows.iter()
            .find(|row| &row[2] == key)
            .unwrap_or_else(|| panic!("no CSV row {key} in {csv_text}"))
    };
    let qual = find("qual");
    assert_eq!(
        qual.iter().collect::<Vec<_>>(),
        [
            "group",
            "",
            "qual",
            "interview studies",
            "8",
            "36.4",
            "40–42, 44–46, 48"
        ]
    );
    let other = find("other");
    assert_eq!(&other[0], "other");
    assert_eq!(&other[1], "trial");
    assert_eq!(&other[6], "11");
}

// ---------------------------------------------------------------------------
// 4. `litrev list`.

/// A review for searching: names with and without accents, a title that
/// matches "muller" with a letter between ("Mueller"), and one whose letters
/// are spread across words ("Multiple learners"), which must not match.
fn people_review() -> Fixture {
    let fx = Fixture::new(&other_review_toml("brackets"));
    let add = |id: &str, r: u32, design: &str, authors: &str, title: &str| {
        fx.write_study(
            id,
            &format!(
                "id = \"{id}\"\nref = {r}\ntitle = \"{title}\"\nauthors = [{authors}]\nyear = 2020\ndesign = \"{design}\"\n"
            ),
        );
    };
    add(
        "scatter",
        1,
        "trial/parallel",
        "\"Okafor, Ada\"",
        "The Mueller-Lyer illusion in group exercise",
    );
    add(
        "smith",
        2,
        "trial/crossover",
        "\"Smith, John\"",
        "Multiple learners: knee pain and walking",
    );
    add(
        "tondel",
        3,
        "qual",
        "\"Unsgaard-Tøndel, Monica\", \"Søderstrøm, Siri\"",
        "Building therapeutic alliances: a focus group study",
    );
    add(
        "mueller",
        9,
        "review",
        "\"Müller, Anna\"",
        "Exercise adherence reviewed",
    );
    fx
}

fn list_ids(args: &[&str]) -> Vec<String> {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let v = json_out(&a);
    v.as_array()
        .expect("an array")
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn list_search_puts_the_best_match_first_and_folds_accents_and_case() {
    let fx = people_review();
    let root = p(fx.root());
    // Without a search: reference order.
    assert_eq!(
        list_ids(&["list", root]),
        ["scatter", "smith", "tondel", "mueller"]
    );

    let hits = list_ids(&["list", root, "--search", "muller"]);
    assert_eq!(
        hits.first().map(String::as_str),
        Some("mueller"),
        "{hits:?}"
    );
    assert!(
        hits.contains(&"scatter".to_string()),
        "the scattered match is found too, ranked below: {hits:?}"
    );
    assert!(
        !hits.contains(&"smith".to_string()),
        "letters spread across words are not a match: {hits:?}"
    );

    for q in ["soderstrom", "SØDERSTRØM", "Søderstrøm", "SODERSTROM"] {
        assert_eq!(
            list_ids(&["list", root, "--search", q]),
            ["tondel"],
            "query {q}"
        );
    }
    for q in ["MÜLLER", "müller", "MULLER"] {
        assert_eq!(
            list_ids(&["list", root, "--search", q])
                .first()
                .map(String::as_str),
            Some("mueller"),
            "query {q}"
        );
    }
    // Every term must match.
    assert_eq!(
        list_ids(&["list", root, "--search", "tondel focus"]),
        ["tondel"]
    );
    assert!(list_ids(&["list", root, "--search", "tondel knee"]).is_empty());
}

#[test]
fn list_search_on_the_example_finds_accented_authors() {
    let ex = example_dir();
    let root = p(&ex);
    let first_author = |q: &str| -> String {
        let v = json_out(&["list", root, "--search", q, "--format", "json"]);
        v[0]["authors"][0].as_str().unwrap_or("").to_string()
    };
    assert!(first_author("muller").starts_with("Müller"));
    // Søderstrøm co-authored two example studies; both come first.
    for q in ["soderstrom", "SØDERSTRØM"] {
        let mut hits = list_ids(&["list", root, "--search", q]);
        hits.truncate(2);
        hits.sort();
        assert_eq!(hits, ["odegaard-2019", "unsgaard-tondel-2021"], "query {q}");
    }
}

#[test]
fn list_design_filter_includes_children_of_a_group() {
    let fx = other_review("brackets");
    let root = p(fx.root());
    let ids = list_ids(&["list", root, "--design", "trial"]);
    assert_eq!(
        ids,
        ["par-a", "par-b", "par-c", "cross-a", "cross-b", "trial-x"]
    );
    let ids = list_ids(&["list", root, "--design", "observational/case-control"]);
    assert_eq!(
        ids,
        ["cc-a", "cc-b", "cc-c"],
        "studies without a ref come last"
    );
    let ids = list_ids(&[
        "list",
        root,
        "--design",
        "trial",
        "--search",
        "kinesiophobia",
    ]);
    assert_eq!(ids, ["cross-a"]);
}

const RICH_STUDY: &str = r#"id = "rich-2020"
ref = 7
title = "Supervised exercise for knee osteoarthritis"
authors = ["Müller, Anna", "Ng, Wei"]
year = 2020
journal = "Osteoarthritis Journal"
doi = "10.5555/oa.7"
design = "trial/parallel"
tags = ["adherence", "pain"]
notes = """Two lines
of notes."""
funding = "NIHR"
registered = 2019-05-01
checked = true

[extraction]
setting = "clinic"
sample_size = 120
outcomes = ["pain", "function"]

[screening]
by = "AB"
round = 2

[[appraisals]]
instrument = "rob2"
reviewer = "consensus"
answers = { d1 = "low", d2 = "some-concerns", d3 = "low", d4 = "low", d5 = "low" }
comment = "Blinding unclear."
"#;

#[test]
fn list_json_has_the_file_keys_types_and_unknown_keys() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    fx.write_study("rich-2020", RICH_STUDY);
    fx.write_study("bare", "id = \"bare\"\ntitle = \"No ref, no year\"\n");
    let v = json_out(&["list", p(fx.root()), "--format", "json"]);
    let arr = v.as_array().expect("an array of studies");
    assert_eq!(arr.len(), 2);
    let s = &arr[0];
    assert_eq!(s["id"], "rich-2020");
    assert_eq!(s["ref"], 7);
    assert!(s["ref"].is_u64() && s["year"].is_u64());
    assert_eq!(s["title"], "Supervised exercise for knee osteoarthritis");
    assert_eq!(s["authors"], json!(["Müller, Anna", "Ng, Wei"]));
    assert_eq!(s["year"], 2020);
    assert_eq!(s["journal"], "Osteoarthritis Journal");
    assert_eq!(s["doi"], "10.5555/oa.7");
    assert_eq!(s["design"], "trial/parallel");
    assert_eq!(s["tags"], json!(["adherence", "pain"]));
    assert_eq!(s["notes"], "Two lines\nof notes.");
    assert_eq!(
        s["extraction"],
        json!({"setting": "clinic", "sample_size": 120, "outcomes": ["pain", "function"]})
    );
    assert!(s["extraction"]["sample_size"].is_i64());
    let a = &s["appraisals"][0];
    assert_eq!(a["instrument"], "rob2");
    assert_eq!(a["reviewer"], "consensus");
    assert_eq!(
        a["answers"],
        json!({"d1": "low", "d2": "some-concerns", "d3": "low", "d4": "low", "d5": "low"})
    );
    assert_eq!(a["comment"], "Blinding unclear.");
    // Keys litrev does not know travel with the study.
    assert_eq!(s["funding"], "NIHR");
    assert_eq!(s["registered"], "2019-05-01");
    assert_eq!(s["checked"], true);
    assert_eq!(s["screening"], json!({"by": "AB", "round": 2}));

    let b = &arr[1];
    assert_eq!(b["id"], "bare");
    assert!(b["ref"].is_null() && b["year"].is_null());
    assert_eq!(b["authors"], json!([]));
}

#[test]
fn list_text_csv_and_markdown_show_the_studies() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    fx.write_study("rich-2020", RICH_STUDY);
    let root = p(fx.root());

    let text = stdout(&run(&["list", root], 0));
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("ref") && lines[0].contains("title"),
        "{text}"
    );
    // Computed RoB 2 judgement (worst domain: some concerns).
    for cell in [
        "7",
        "Müller",
        "2020",
        "parallel-group trials",
        "RoB 2: some concerns",
        "Supervised exercise",
    ] {
        assert!(
            lines[1].contains(cell),
            "{cell:?} missing in {:?}",
            lines[1]
        );
    }
    assert_eq!(lines.last(), Some(&"1 study"));

    let csv_text = stdout(&run(&["list", root, "--format", "csv"], 0));
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let row = r.records().next().expect("one row").unwrap();
    let cell = |name: &str| {
        let i = head
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} column: {head:?}"));
        row[i].to_string()
    };
    assert_eq!(cell("id"), "rich-2020");
    assert_eq!(cell("ref"), "7");
    assert_eq!(cell("authors"), "Müller, Anna; Ng, Wei");
    assert_eq!(cell("sample_size"), "120");
    assert_eq!(cell("outcomes"), "pain; function");
    assert_eq!(cell("appraisal"), "RoB 2: some concerns");

    let md = stdout(&run(&["list", root, "--format", "markdown"], 0));
    assert!(md.starts_with("| Ref |"), "{md}");
    assert!(
        md.contains("| 7 | Müller and Ng 2020 | parallel-group trials | RoB 2: some concerns | Supervised exercise for knee osteoarthritis |"),
        "{md}"
    );
}

// ---------------------------------------------------------------------------
// 5. `litrev check` and validation through the CLI.

#[test]
fn check_prints_every_problem_with_its_place_and_exits_1() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    let good = study("good", Some(1), "qual", "Fine", "");
    fx.write_study("good", &good);

    let year = "id = \"smith-2019\"\nref = 2\ntitle = \"Wrong year\"\nyear = \"2020a\"\ndesign = \"qual\"\n";
    let y = fx.write_study("smith-2019", year);
    let design = study("jones", Some(3), "qual/patients", "Unknown design", "");
    let d = fx.write_study("jones", &design);
    let stem = study("brown-2020", Some(4), "qual", "Wrong stem", "");
    let s = fx.write_study("brown", &stem);
    let choice = study(
        "lee",
        Some(5),
        "qual",
        "Bad choice",
        "\n[extraction]\nsetting = \"hospital\"\n",
    );
    let c = fx.write_study("lee", &choice);
    let malformed = "id = \"kim\"\ntitle = \"Dup\"\ntitle = \"Dup again\"\n";
    let m = fx.write_study("kim", malformed);

    let out = run(&["check", p(fx.root())], 1);
    let text = stdout(&out);
    let expected = [
        format!(
            "{}year must be an integer, found \"2020a\"",
            at(&y, year, "\"2020a\"")
        ),
        format!(
            "{}design \"qual/patients\" is not in the taxonomy",
            at(&d, &design, "\"qual/patients\"")
        ),
        format!(
            "{}id \"brown-2020\" must match the file name",
            at(&s, &stem, "\"brown-2020\"")
        ),
        format!(
            "{}extraction.setting must be one of \"clinic\", \"home\", \"community\", found \"hospital\"",
            at(&c, &choice, "\"hospital\"")
        ),
        format!(
            "{}not valid TOML",
            at(&m, malformed, "title = \"Dup again\"")
        ),
    ];
    for e in &expected {
        assert!(
            text.lines().any(|l| l.starts_with(e.as_str())),
            "missing {e:?} in\n{text}"
        );
    }
    assert_eq!(
        text.lines().count(),
        expected.len(),
        "one line per problem:\n{text}"
    );
    assert!(
        stderr(&out).contains("5 problems in 5 files"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_passes_on_the_example_and_on_a_fresh_review() {
    let ex = example_dir();
    let out = run(&["check", p(&ex)], 0);
    assert!(out.stdout.is_empty(), "{}", stdout(&out));
    assert!(stderr(&out).contains("75 studies checked, no problems"));

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-review");
    run(&["new", p(&dir), "--title", "Yoga for neck pain"], 0);
    assert!(dir.join("review.toml").is_file() && dir.join("studies").is_dir());
    // Temporary files of an interrupted save never reach git.
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.contains("studies/.litrev-save-*.tmp"), "{ignore}");
    assert!(ignore.contains("\n.litrev-recovery.toml\n"), "{ignore}");
    let out = run(&["check", p(&dir)], 0);
    assert!(out.stdout.is_empty());
    let t = json_out(&["tally", p(&dir), "--format", "json"]);
    assert_eq!(t["title"], "Yoga for neck pain");
    assert_eq!(t["total"], 0);

    // `new` never overwrites a review.
    let before = std::fs::read(dir.join("review.toml")).unwrap();
    run(&["new", p(&dir), "--title", "Other"], 2);
    assert_eq!(std::fs::read(dir.join("review.toml")).unwrap(), before);
}

#[test]
fn check_reports_a_bad_review_toml() {
    let cases = [
        ("title = \"No format\"\n", "missing `format = 1`", "title"),
        (
            "format = 2\ntitle = \"Future\"\n",
            "this review uses format 2, but this litrev reads format 1",
            "2",
        ),
        (
            "format = 1\ntitle = \"Bad style\"\ncitation_style = \"footnotes\"\n",
            "citation_style must be one of brackets, superscript, parentheses, none, pandoc, latex, author-year, found \"footnotes\"",
            "\"footnotes\"",
        ),
        (
            "format = 1\ntitle = \"Bad kind\"\n[fields.age]\nkind = \"age\"\n",
            "fields.age.kind must be one of text, integer, number, list, choice",
            "\"age\"",
        ),
    ];
    for (toml, message, needle) in cases {
        let fx = Fixture::new(toml);
        fx.write_study("a", &study("a", Some(1), "x", "A", ""));
        let review = fx.root().join("review.toml");
        // "missing format" is about the whole file: reported at 1:1.
        let place = if needle == "title" {
            format!("{}:1:1: ", review.display())
        } else {
            at(&review, toml, needle)
        };
        let out = run(&["check", p(fx.root())], 1);
        let text = stdout(&out);
        assert!(
            text.contains(&format!("{place}{message}")),
            "want {place}{message}\ngot {text}"
        );
        // The read-only commands refuse too, with the data-problem status.
        let out = run(&["tally", p(fx.root())], 1);
        assert!(stderr(&out).contains(message), "{}", stderr(&out));
        run(&["list", p(fx.root())], 1);
    }
}

// ---------------------------------------------------------------------------
// 6. One broken file among good ones.

#[test]
fn list_and_tally_work_on_the_good_studies_and_warn_about_the_broken_one() {
    let fx = other_review("brackets");
    let broken =
        "id = \"broken\"\nref = 99\ntitle = \"Broken\"\nyear = \"2020a\"\ndesign = \"qual\"\n";
    let path = fx.write_study("broken", broken);
    let place = at(&path, broken, "\"2020a\"");
    let root = p(fx.root());

    let out = run(&["tally", root, "--format", "json"], 0);
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(t["total"], 22, "the 22 good studies are counted");
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{place}year must be an integer")),
        "{err}"
    );
    assert!(err.contains("litrev check"), "{err}");

    let out = run(&["list", root, "--format", "json"], 0);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 22);
    assert!(stderr(&out).contains(&place), "{}", stderr(&out));

    let out = run(&["list", root], 0);
    assert!(!stdout(&out).contains("Broken"));
    assert!(stdout(&out).contains("22 studies"));
    assert!(stderr(&out).contains(&place));
}

// ---------------------------------------------------------------------------
// 8. Hostile text is inert.

fn hostile_review() -> Fixture {
    let fx = Fixture::new(
        "format = 1\ntitle = \"Evil \\u001b]0;owned\\u0007 review\"\n\n[[designs]]\nkey = \"qual\"\nlabel = \"qualitative \\u001b[2J designs\"\n",
    );
    fx.write_study(
        "evil",
        "id = \"evil\"\nref = 1\ntitle = \"Red \\u001b[31mALERT\\u0007 and CSI \\u009b31m here\"\nauthors = [\"Bad\\u001b[1m, Actor\"]\nyear = 2020\ndesign = \"qual\"\ntags = [\"tag \\u001b[5mblink\\u0007 \\u009b2J\"]\nnotes = \"line\\u001b[0m\\nnext\"\n",
    );
    fx
}

#[test]
fn list_writes_hostile_text_inert() {
    let fx = hostile_review();
    let root = p(fx.root());
    for format in ["text", "csv", "markdown"] {
        let out = run(&["list", root, "--format", format], 0);
        assert_no_control_bytes(&format!("list --format {format}"), &out.stdout);
        assert!(
            stdout(&out).contains("Red ␛[31mALERT␇"),
            "the escape is shown, not obeyed ({format}): {}",
            stdout(&out)
        );
    }
    // JSON escapes them, and they parse back to the original text.
    let out = run(&["list", root, "--format", "json"], 0);
    assert_no_control_bytes("list --format json", &out.stdout);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v[0]["title"],
        "Red \u{1b}[31mALERT\u{7} and CSI \u{9b}31m here"
    );
    assert_eq!(v[0]["tags"][0], "tag \u{1b}[5mblink\u{7} \u{9b}2J");
    assert_eq!(v[0]["notes"], "line\u{1b}[0m\nnext");
}

#[test]
fn tally_writes_hostile_text_inert() {
    let fx = hostile_review();
    let root = p(fx.root());
    for by in ["design", "tag"] {
        for format in ["text", "prose", "markdown", "csv"] {
            let out = run(&["tally", root, "--by", by, "--format", format], 0);
            assert_no_control_bytes(&format!("tally --by {by} --format {format}"), &out.stdout);
            assert!(!stdout(&out).is_empty());
        }
        let out = run(&["tally", root, "--by", by, "--format", "json"], 0);
        assert_no_control_bytes(&format!("tally --by {by} --format json"), &out.stdout);
        let t: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(t["title"], "Evil \u{1b}]0;owned\u{7} review");
        let label = if by == "design" {
            "qualitative \u{1b}[2J designs"
        } else {
            "tag \u{1b}[5mblink\u{7} \u{9b}2J"
        };
        assert_eq!(t["groups"][0]["label"], label);
    }
}

#[test]
fn check_writes_hostile_keys_and_file_names_inert() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    // An undeclared extraction field whose (quoted) key holds an escape.
    fx.write_study(
        "keys",
        "id = \"keys\"\ntitle = \"K\"\n\n[extraction]\n\"x\\u001b[31m\" = \"y\"\n",
    );
    // A file whose name holds an escape: its id cannot match it.
    fx.write_study("name\u{1b}[31m", "id = \"name\"\ntitle = \"N\"\n");
    let out = run(&["check", p(fx.root())], 1);
    assert_no_control_bytes("check (stdout)", &out.stdout);
    let errors = stdout(&out)
        .lines()
        .filter(|l| !l.contains(": warning: "))
        .count();
    assert_eq!(errors, 2, "{}", stdout(&out));
    let out = run(&["list", p(fx.root())], 0);
    assert_no_control_bytes("list warnings (stderr)", &out.stderr);
}

// ---------------------------------------------------------------------------
// 9. Exit statuses.

#[test]
fn exit_statuses_distinguish_data_problems_from_usage_errors() {
    let fx = other_review("brackets");
    let root = p(fx.root());
    run(&["tally", root], 0);
    run(&["list", root], 0);
    run(&["check", root], 0);

    // Usage and I/O: 2.
    let empty = tempfile::tempdir().unwrap();
    let out = run(&["tally", p(empty.path())], 2);
    assert!(stderr(&out).contains("no review.toml"), "{}", stderr(&out));
    run(&["list", p(empty.path())], 2);
    run(&["check", p(empty.path())], 2);
    run(&["tally", p(&empty.path().join("missing"))], 2);
    let out = run(&["tally", root, "--design", "trial/nope"], 2);
    assert!(
        stderr(&out).contains("unknown design \"trial/nope\""),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    run(&["list", root, "--design", "nope"], 2);
    run(&["tally", root, "--format", "yaml"], 2);
    run(&["frobnicate"], 2);
    // With no folder named, a folder without review.toml is a usage error...
    litrev()
        .arg("tally")
        .current_dir(empty.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no review.toml"));
    // ...and a folder with one is used.
    litrev()
        .args(["tally", "--format", "json"])
        .current_dir(fx.root())
        .assert()
        .success()
        .stdout(predicate::str::contains("\"total\": 22"));

    // Data problems: 1.
    fx.write_study("bad", "id = \"bad\"\ntitle = \"B\"\nyear = 1200\n");
    let out = run(&["check", root], 1);
    assert!(stdout(&out).contains("year 1200 is not plausible"));
    // Read-only commands still work on the good studies.
    run(&["tally", root], 0);
}

// ---------------------------------------------------------------------------
// 10. Colour.

#[test]
fn no_colour_when_stdout_is_not_a_terminal_or_no_color_is_set() {
    let ex = example_dir();
    for args in [
        vec!["tally", p(&ex)],
        vec!["list", p(&ex)],
        vec!["tally", p(&ex), "--by", "tag"],
    ] {
        let out = run(&args, 0);
        assert!(!out.stdout.contains(&ESC), "{args:?} wrote ESC to a pipe");
        let out = litrev().args(&args).env("NO_COLOR", "1").output().unwrap();
        assert!(out.status.success());
        assert!(
            !out.stdout.contains(&ESC),
            "{args:?} wrote ESC with NO_COLOR"
        );
    }
}

/// Runs litrev in a pseudo-terminal and returns everything it wrote.
fn run_in_pty(args: &[&str], no_color: bool) -> Vec<u8> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;

    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 60,
            cols: 250,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin!("litrev"));
    cmd.args(args);
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let mut child = pair.slave.spawn_command(cmd).expect("spawn litrev");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    // Linux reports EIO on the master once the child has gone: that is the end.
    while let Ok(n) = reader.read(&mut buf) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    let status = child.wait().expect("wait for litrev");
    assert!(status.success(), "litrev {args:?} in a pty failed");
    out
}

#[test]
fn colour_on_a_terminal_only_without_no_color() {
    let ex = example_dir();
    for (cmd, shown) in [("tally", "22 of 75"), ("list", "Unsgaard-Tøndel")] {
        let coloured = run_in_pty(&[cmd, p(&ex)], false);
        assert!(
            coloured.contains(&ESC),
            "{cmd} on a terminal is coloured:\n{}",
            String::from_utf8_lossy(&coloured)
        );
        let plain = run_in_pty(&[cmd, p(&ex)], true);
        assert!(
            !plain.contains(&ESC),
            "{cmd} with NO_COLOR=1 on a terminal:\n{}",
            String::from_utf8_lossy(&plain)
        );
        assert!(String::from_utf8_lossy(&plain).contains(shown));
    }
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};

    // Far more output than a pipe holds, so litrev is still writing when the
    // reader goes away (`litrev list --format json | head -c 100`).
    let fx = sized_review(&[("alpha", "alpha studies", 3000)]);
    for args in [
        vec!["list", p(fx.root()), "--format", "json"],
        vec!["list", p(fx.root())],
    ] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("litrev"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn litrev");
        let mut head = [0u8; 100];
        child
            .stdout
            .take()
            .expect("stdout")
            .read_exact(&mut head)
            .expect("the first bytes");
        // The read end is closed here, when the pipe is dropped.
        let out = child.wait_with_output().expect("wait for litrev");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
}

#[test]
fn a_repeated_ref_without_ref_shared_on_every_user_is_a_problem() {
    // The example cites ref 47 under two designs, both marked ref_shared.
    let fx = Fixture::example();
    let shared: Vec<String> = ["gallagher-2015", "quinn-2015"]
        .iter()
        .map(|id| fx.read(&format!("studies/{id}.toml")))
        .collect();
    assert!(
        shared
            .iter()
            .all(|t| t.contains("ref = 47") && t.contains("ref_shared = true"))
    );
    run(&["check", p(fx.root())], 0);

    let unshared: String = shared[1]
        .lines()
        .filter(|l| !l.starts_with("ref_shared"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(unshared, shared[1]);
    let path = fx.write_study("quinn-2015", &unshared);
    let out = run(&["check", p(fx.root())], 1);
    let text = stdout(&out);
    let gallagher = fx.study_path("gallagher-2015");
    let want = [
        format!(
            "{}ref 47 is also used by quinn-2015",
            at(&gallagher, &shared[0], "47\n")
        ),
        format!(
            "{}ref 47 is also used by gallagher-2015",
            at(&path, &unshared, "47\n")
        ),
    ];
    for w in &want {
        assert!(
            text.lines().any(|l| l.starts_with(w.as_str())),
            "missing {w:?} in\n{text}"
        );
    }
    assert_eq!(text.lines().count(), 2, "{text}");
}
