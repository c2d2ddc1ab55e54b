//! The filter flags of `list` and `tally` (`--design`, `--tag`, `--year`,
//! `--appraisal`, with `--search`), their errors, the CSV formula guard, and
//! the same filter in the terminal interface selecting the same studies.

mod common;
mod tui_support;

use common::*;
use litrev::tui::{App, Mode};
use serde_json::Value;

use common::run_litrev as run;

fn example() -> String {
    example_dir().to_str().expect("UTF-8 path").to_string()
}

/// The studies `litrev list REVIEW ARGS --format json` prints.
fn listed(root: &str, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["list", root];
    all.extend(args);
    all.extend(["--format", "json"]);
    let out = run(&all, 0);
    match serde_json::from_slice(&out.stdout).expect("JSON") {
        Value::Array(v) => v,
        other => panic!("not an array: {other}"),
    }
}

fn ids(studies: &[Value]) -> Vec<String> {
    studies
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

/// The ids of every study of the example for which `keep` holds, in file
/// order (what `list` prints without a search).
fn expected(keep: impl Fn(&Value) -> bool) -> Vec<String> {
    ids(&listed(&example(), &[])
        .into_iter()
        .filter(|s| keep(s))
        .collect::<Vec<_>>())
}

fn design(s: &Value) -> &str {
    s["design"].as_str().unwrap_or("")
}

fn has_tag(s: &Value, tag: &str) -> bool {
    s["tags"].as_array().unwrap().iter().any(|t| t == tag)
}

fn year(s: &Value) -> Option<i64> {
    s["year"].as_i64()
}

#[test]
fn design_is_repeatable_and_a_group_includes_its_children() {
    let root = example();
    let got = ids(&listed(
        &root,
        &["--design", "rct", "--design", "qualitative/patient"],
    ));
    let want = expected(|s| design(s) == "rct" || design(s) == "qualitative/patient");
    assert_eq!(want.len(), 27);
    assert_eq!(got, want);
    let group = ids(&listed(&root, &["--design", "qualitative"]));
    assert_eq!(group, expected(|s| design(s).starts_with("qualitative/")));
}

#[test]
fn tag_is_repeatable_any_of_them() {
    let root = example();
    let trust = ids(&listed(&root, &["--tag", "trust"]));
    assert!(!trust.is_empty());
    assert_eq!(trust, expected(|s| has_tag(s, "trust")));
    let either = ids(&listed(&root, &["--tag", "trust", "--tag", "empathy"]));
    assert_eq!(
        either,
        expected(|s| has_tag(s, "trust") || has_tag(s, "empathy"))
    );
    assert!(either.len() > trust.len());
}

#[test]
fn year_takes_a_year_or_an_inclusive_range_either_way_round() {
    let root = example();
    let between = |a: i64, b: i64| expected(move |s| year(s).is_some_and(|y| a <= y && y <= b));
    assert_eq!(
        ids(&listed(&root, &["--year", "2015..2020"])),
        between(2015, 2020)
    );
    assert_eq!(
        ids(&listed(&root, &["--year", "2020..2015"])),
        between(2015, 2020)
    );
    assert_eq!(
        ids(&listed(&root, &["--year", "2019"])),
        between(2019, 2019)
    );
    assert_eq!(
        ids(&listed(&root, &["--year", "2021.."])),
        between(2021, 9999)
    );
    assert_eq!(ids(&listed(&root, &["--year", "..2012"])), between(0, 2012));
    assert_eq!(ids(&listed(&root, &["--year", "2019"])).len(), 8);
}

/// A review whose judgements are written out, so the test knows them.
fn appraised() -> Fixture {
    let fx = Fixture::new(&other_review_toml("brackets"));
    let appraisal = |instrument: &str, overall: &str| {
        format!(
            "\n[[appraisals]]\ninstrument = \"{instrument}\"\nreviewer = \"consensus\"\noverall = \"{overall}\"\n"
        )
    };
    let studies = [
        ("a", "trial/parallel", appraisal("rob2", "low")),
        ("b", "trial/parallel", appraisal("rob2", "high")),
        ("c", "qual", appraisal("casp-qualitative", "high")),
        ("d", "qual", String::new()),
        ("e", "trial", appraisal("rob2", "low")),
    ];
    for (i, (id, d, extra)) in studies.iter().enumerate() {
        fx.write_study(id, &study(id, Some(i as u32 + 1), d, "A study", extra));
    }
    fx
}

#[test]
fn appraisal_is_an_instrument_and_judgement_or_not_appraised() {
    let fx = appraised();
    let root = fx.root().to_str().unwrap();
    let got = |args: &[&str]| ids(&listed(root, args));
    assert_eq!(got(&["--appraisal", "rob2:low"]), ["a", "e"]);
    // The same word from another instrument is another judgement.
    assert_eq!(got(&["--appraisal", "rob2: high"]), ["b"]);
    assert_eq!(got(&["--appraisal", "casp-qualitative:high"]), ["c"]);
    assert_eq!(got(&["--appraisal", "not appraised"]), ["d"]);
    assert_eq!(
        got(&["--appraisal", "none", "--appraisal", "rob2:high"]),
        ["b", "d"]
    );
    // Kinds combine with AND.
    assert_eq!(
        got(&["--appraisal", "rob2:low", "--design", "trial/parallel"]),
        ["a"]
    );
}

#[test]
fn tally_takes_the_same_flags_and_counts_what_list_prints() {
    let root = example();
    let flags = [
        "--design",
        "qualitative",
        "--design",
        "rct",
        "--tag",
        "trust",
        "--year",
        "2010..2020",
    ];
    let listed_ids = ids(&listed(&root, &flags));
    assert!(!listed_ids.is_empty());
    let mut args = vec!["tally", root.as_str()];
    args.extend(flags);
    args.extend(["--format", "json"]);
    let out = run(&args, 0);
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(t["total"].as_u64(), Some(listed_ids.len() as u64));
    let text = stdout(&run(&args[..args.len() - 2], 0));
    assert!(
        text.contains(&format!("{} of 75 studies shown", listed_ids.len())),
        "{text}"
    );
    let fx = appraised();
    let root = fx.root().to_str().unwrap();
    let out = run(
        &[
            "tally",
            root,
            "--appraisal",
            "rob2:low",
            "--by",
            "appraisal",
            "--format",
            "json",
        ],
        0,
    );
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(t["total"], 2);
    assert_eq!(t["groups"][0]["key"], "RoB 2: low risk");
}

#[test]
fn search_combines_with_the_filters() {
    let root = example();
    let filtered = ids(&listed(&root, &["--tag", "trust"]));
    let hits = ids(&listed(
        &root,
        &["--tag", "trust", "--search", "physiotherapist"],
    ));
    assert!(!hits.is_empty() && hits.len() < filtered.len(), "{hits:?}");
    assert!(hits.iter().all(|h| filtered.contains(h)));
}

fn fails(args: &[&str]) -> String {
    let out = run(args, 2);
    assert!(out.stdout.is_empty());
    stderr(&out)
}

#[test]
fn bad_filter_values_are_refused_with_what_would_do() {
    let root = example();
    let r = root.as_str();
    for cmd in ["list", "tally"] {
        let e = fails(&[cmd, r, "--design", "trial"]);
        assert!(
            e.contains(
                "unknown design \"trial\": expected one of qualitative, qualitative/patient,"
            ) && e.contains("rct"),
            "{e}"
        );
        let e = fails(&[cmd, r, "--year", "2015-2020"]);
        assert!(
            e.contains("\"2015-2020\" is not a year range: expected a year (2015) or a range (2015..2020, 2015.., ..2020)"),
            "{e}"
        );
        let e = fails(&[cmd, r, "--appraisal", "low"]);
        assert!(
            e.contains("\"low\" is not an appraisal judgement: expected INSTRUMENT:JUDGEMENT (e.g. rob2:low), \"disputed\" or \"not appraised\""),
            "{e}"
        );
        let e = fails(&[cmd, r, "--appraisal", "rob2:medium"]);
        assert!(
            e.contains(
                "rob2 has no overall judgement \"medium\": expected one of low, some-concerns, high"
            ),
            "{e}"
        );
        let e = fails(&[cmd, r, "--appraisal", "rob3:low"]);
        assert!(
            e.contains("unknown appraisal instrument \"rob3\": expected one of ")
                && e.contains("casp-qualitative"),
            "{e}"
        );
        let e = fails(&[cmd, r, "--tag", " "]);
        assert!(e.contains("a tag to filter by cannot be empty"), "{e}");
    }
    let help = stdout(&run(&["list", "--help"], 0));
    for syntax in [
        "2015..2020",
        "rob2:low",
        "qualitative/patient",
        "--tag <TAG>",
    ] {
        assert!(help.contains(syntax), "{help}");
    }
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_quoted() {
    let fx = Fixture::new(&other_review_toml("brackets"));
    fx.write_study(
        "a",
        &study(
            "a",
            Some(1),
            "qual",
            "=HYPERLINK(\\\"http://x\\\")",
            "notes = \"-2+3\"\ntags = [\"@home\"]\n",
        ),
    );
    let root = fx.root().to_str().unwrap();
    let csv = stdout(&run(&["list", root, "--format", "csv"], 0));
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
    assert!(
        csv.contains(",'@home,") && csv.ends_with(",'-2+3\n"),
        "{csv}"
    );
    let tally = stdout(&run(&["tally", root, "--by", "tag", "--format", "csv"], 0));
    assert!(tally.contains("group,,'@home,'@home,1,"), "{tally}");
}

// ------------------------------------------------------------ TUI parity

/// Moves the filter picker's cursor down to the row that reads `row` and,
/// unless it is a year box, toggles it.
fn pick(app: &mut App, row: &str) {
    for _ in 0..200 {
        let screen = tui_support::screen(app, 120, 35);
        let at = screen
            .lines()
            .find_map(|l| l.split_once('▸').map(|(_, r)| r.to_string()))
            .expect("a cursor row");
        // The count of each choice stands at the right end of its row.
        let text = at
            .split('│')
            .next()
            .unwrap_or("")
            .trim()
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end();
        let label = text
            .trim_start_matches("[ ] ")
            .trim_start_matches("[x] ")
            .trim_start_matches("[-] ");
        if label == row || text.starts_with(row) && row.starts_with("from") {
            if !row.starts_with("from") && !row.starts_with("to") {
                tui_support::keys(app, "space");
            }
            return;
        }
        tui_support::keys(app, "j");
    }
    panic!("no filter row {row:?}");
}

/// The ids the TUI shows with this filter picked.
fn tui_ids(designs: &[&str], tags: &[&str], from: &str, to: &str) -> Vec<String> {
    let dir = tui_support::example_copy();
    let mut app = tui_support::open(dir.path(), 120, 35);
    tui_support::keys(&mut app, "f");
    assert_eq!(app.mode(), Mode::Filter);
    for d in designs {
        pick(&mut app, d);
    }
    for t in tags {
        pick(&mut app, t);
    }
    pick(&mut app, "from");
    tui_support::type_text(&mut app, from);
    tui_support::keys(&mut app, "j");
    tui_support::type_text(&mut app, to);
    tui_support::keys(&mut app, "esc");
    app.visible_ids().iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_command_line_and_the_tui_filter_select_the_same_studies() {
    let root = example();
    let cli = ids(&listed(
        &root,
        &["--tag", "trust", "--year", "2015..2020", "--design", "rct"],
    ));
    assert_eq!(cli.len(), 1, "{cli:?}");
    assert_eq!(tui_ids(&["RCT"], &["trust"], "2015", "2020"), cli);

    // A wider one: a group, a child of another, two tags, a range typed
    // the wrong way round.
    let cli = ids(&listed(
        &root,
        &[
            "--design",
            "qualitative",
            "--design",
            "quantitative/cohort",
            "--tag",
            "trust",
            "--tag",
            "communication",
            "--year",
            "2021..2012",
        ],
    ));
    assert!(cli.len() > 5, "{cli:?}");
    let tui = tui_ids(
        &["Qualitative", "Cohort"],
        &["communication", "trust"],
        "2021",
        "2012",
    );
    assert_eq!(tui, cli);
}

// ------------------------------------------------------------ not classified

/// The small review with two classified studies and three with no design,
/// as imports leave them.
fn with_unclassified() -> tempfile::TempDir {
    let plain = |id: &str, title: &str| {
        format!("id = \"{id}\"\ntitle = \"{title}\"\nauthors = [\"Doe, Ann\"]\nyear = 2021\n")
    };
    tui_support::small_review(&[
        ("rct-a", &study("rct-a", Some(1), "rct", "Trial A", "")),
        (
            "qual-b",
            &study("qual-b", Some(2), "qualitative/patient", "Interviews B", ""),
        ),
        ("imp-c", &plain("imp-c", "Imported C")),
        ("imp-d", &plain("imp-d", "Imported D")),
        ("imp-e", &plain("imp-e", "Imported E")),
    ])
}

#[test]
fn design_not_classified_selects_the_studies_with_no_design_in_every_command() {
    let dir = with_unclassified();
    let root = dir.path().to_str().unwrap();
    let none = vec!["imp-c", "imp-d", "imp-e"];
    for word in ["not classified", "unclassified", "NONE"] {
        assert_eq!(ids(&listed(root, &["--design", word])), none, "{word}");
    }
    // With a design it reads as "either", like two designs do.
    assert_eq!(
        ids(&listed(
            root,
            &["--design", "rct", "--design", "not classified"]
        )),
        vec!["rct-a", "imp-c", "imp-d", "imp-e"]
    );
    // And with the other kinds, as "and".
    assert!(
        ids(&listed(
            root,
            &["--design", "unclassified", "--year", "2020"]
        ))
        .is_empty()
    );
    let tally = stdout(&run(
        &[
            "tally",
            root,
            "--design",
            "not classified",
            "--format",
            "csv",
        ],
        0,
    ));
    assert!(tally.contains(",not classified,3,"), "{tally}");
    assert!(!tally.contains("RCT"), "{tally}");
    let csv = stdout(&run(
        &[
            "export",
            root,
            "--format",
            "csv",
            "--design",
            "unclassified",
        ],
        0,
    ));
    assert_eq!(csv.lines().count(), 4, "header and three rows:\n{csv}");
    assert_eq!(csv.matches("Doe 2021").count(), 3, "{csv}");
    assert!(!csv.contains("Smith 2020"), "{csv}");
    let map = stdout(&run(
        &["map", root, "--design", "unclassified", "--format", "csv"],
        0,
    ));
    assert!(!map.contains("RCT") && !map.contains("Qual"), "{map}");
}

#[test]
fn check_sums_up_the_unclassified_studies_as_a_warning() {
    let dir = with_unclassified();
    let root = dir.path().to_str().unwrap();
    let out = run(&["check", root], 0);
    // Each study has its own warning (stdout, file:line:col) ...
    let text = stdout(&out);
    assert_eq!(text.matches("warning: no design").count(), 3, "{text}");
    // ... and the summary follows the count (stderr), naming them.
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines.last().copied(),
        Some(
            "warning: 3 studies are not classified (no design): imp-c, imp-d, imp-e; list them with `litrev list --design \"not classified\"`, classify them with `e` in the interface"
        ),
        "{err}"
    );
    // A review where every study has a design has no such line.
    let clean = tui_support::small_review(&[("rct-a", &study("rct-a", Some(1), "rct", "A", ""))]);
    let out = run(&["check", clean.path().to_str().unwrap()], 0);
    assert!(!stderr(&out).contains("not classified"), "{}", stderr(&out));
}

#[test]
fn the_tui_picker_offers_not_classified_and_matches_the_command_line() {
    let dir = with_unclassified();
    let mut app = tui_support::open(dir.path(), 120, 35);
    tui_support::keys(&mut app, "f");
    pick(&mut app, "not classified");
    let screen = tui_support::screen(&app, 120, 35);
    assert!(screen.contains("[x] not classified"), "{screen}");
    tui_support::keys(&mut app, "esc");
    let tui: Vec<String> = app.visible_ids().iter().map(|s| s.to_string()).collect();
    let root = dir.path().to_str().unwrap();
    assert_eq!(tui, ids(&listed(root, &["--design", "not classified"])));
    let screen = tui_support::screen(&app, 120, 35);
    assert!(
        screen.contains("not classified"),
        "the status bar names it:\n{screen}"
    );
}
