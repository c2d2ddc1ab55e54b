//! The appraisal form (`A`) and the reconcile view (`C`) driven by keys:
//! what they show, what they write, and undo.

mod tui_support;

use insta::assert_snapshot;
use litrev::appraisal::Judgement;
use tui_support::*;

const TRIAL: &str = r#"id = "kim-2020"
title = "A randomised trial of warm words"
authors = ["Kim, Ana"]
year = 2020
design = "rct"
# kept as written
mystery = "unknown key"
"#;

/// A config folder whose config.toml signs appraisals as `initials`.
fn config(initials: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    if let Some(i) = initials {
        std::fs::write(
            dir.path().join("config.toml"),
            format!("reviewer = \"{i}\"\n"),
        )
        .unwrap();
    }
    dir
}

fn study_file(dir: &std::path::Path, id: &str) -> String {
    std::fs::read_to_string(dir.join("studies").join(format!("{id}.toml"))).unwrap()
}

#[test]
fn appraising_a_trial_by_keys_saves_one_undoable_change() {
    let dir = small_review(&[("kim-2020", TRIAL)]);
    let cfg = config(Some("AB"));
    let before = study_file(dir.path(), "kim-2020");
    let mut app = open(dir.path(), 120, 35);
    app.set_config_dir(cfg.path().to_path_buf());
    keys(&mut app, "A");
    let s = screen(&app, 120, 35);
    assert!(s.contains("Appraise kim-2020 · RoB 2 · by AB"), "{s}");
    assert!(s.contains("0/5 answered"), "{s}");
    assert!(s.contains("l low risk"), "the answer keys are shown: {s}");
    assert_snapshot!("appraise_empty", s);

    // Three answers: the progress follows, no overall yet.
    type_text(&mut app, "lsl");
    let s = screen(&app, 120, 35);
    assert!(s.contains("3/5 answered"), "{s}");
    assert!(s.contains("RoB 2: not yet (2 to answer)"), "{s}");
    // A comment on d4, then its answer; the last answer gives the overall.
    keys(&mut app, "enter");
    type_text(&mut app, "assessors knew the groups");
    keys(&mut app, "enter");
    type_text(&mut app, "l");
    let s = screen(&app, 120, 35);
    assert!(s.contains("4/5 answered"), "{s}");
    assert!(s.contains("✎ assessors knew the groups"), "{s}");
    assert_snapshot!("appraise_half_filled", s);
    type_text(&mut app, "l");
    let s = screen(&app, 120, 35);
    assert!(s.contains("Overall: RoB 2: some concerns"), "{s}");

    // An override below the worst domain is shown as the problem it is.
    type_text(&mut app, "l");
    let s = screen(&app, 120, 35);
    assert!(s.contains("is below the worst domain"), "{s}");
    assert_snapshot!("appraise_override_problem", s);
    // Raising it is fine; the same key again takes it away.
    type_text(&mut app, "h");
    let s = screen(&app, 120, 35);
    assert!(
        s.contains("RoB 2: high risk (override; computed some concerns)"),
        "{s}"
    );
    type_text(&mut app, "h");
    keys(&mut app, "ctrl-s");
    assert!(app.appraisal_form().is_none(), "saving closes the form");

    let saved = study_file(dir.path(), "kim-2020");
    assert!(
        saved.starts_with(&before),
        "the file is kept as written:\n{saved}"
    );
    assert!(
        saved.contains("[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"AB\"\n"),
        "{saved}"
    );
    assert!(
        saved.contains(
            "answers = { d1 = \"low\", d2 = \"some-concerns\", d3 = \"low\", d4 = \"low\", d5 = \"low\" }"
        ),
        "{saved}"
    );
    assert!(
        saved.contains("notes = { d4 = \"assessors knew the groups\" }"),
        "{saved}"
    );
    assert!(!saved.contains("overall"), "{saved}");
    let j = Judgement::of(
        app.instruments(),
        &app.study("kim-2020").unwrap().appraisals,
    )
    .unwrap();
    assert_eq!(j.to_string(), "RoB 2: some concerns");

    // One change: undo puts the file back byte for byte, redo again.
    keys(&mut app, "u");
    assert_eq!(study_file(dir.path(), "kim-2020"), before);
    keys(&mut app, "ctrl-r");
    assert_eq!(study_file(dir.path(), "kim-2020"), saved);

    // Opening it again edits this reviewer's appraisal.
    keys(&mut app, "A");
    let s = screen(&app, 120, 35);
    assert!(s.contains("5/5 answered"), "{s}");
    keys(&mut app, "esc");
    assert!(
        app.appraisal_form().is_none(),
        "nothing changed: esc closes"
    );
    // Read back from the file: the answers and the comment on d4.
    let mut again = open(dir.path(), 120, 35);
    again.set_config_dir(cfg.path().to_path_buf());
    keys(&mut again, "A");
    let s = screen(&again, 120, 35);
    assert!(s.contains("5/5 answered"), "{s}");
    assert!(s.contains("✎ assessors knew the groups"), "{s}");
}

#[test]
fn esc_with_answers_asks_before_discarding() {
    let dir = small_review(&[("kim-2020", TRIAL)]);
    let cfg = config(Some("AB"));
    let mut app = open(dir.path(), 120, 35);
    app.set_config_dir(cfg.path().to_path_buf());
    keys(&mut app, "A");
    type_text(&mut app, "h");
    keys(&mut app, "esc");
    assert!(app.dialog().is_some(), "asks");
    keys(&mut app, "n");
    assert!(app.appraisal_form().is_some(), "kept editing");
    keys(&mut app, "esc y");
    assert!(app.appraisal_form().is_none() && app.dialog().is_none());
    assert!(!study_file(dir.path(), "kim-2020").contains("appraisals"));
}

#[test]
fn the_first_appraisal_asks_for_initials_once_and_stores_them() {
    let dir = small_review(&[("kim-2020", TRIAL)]);
    let cfg = config(None);
    let mut app = open(dir.path(), 120, 35);
    app.set_config_dir(cfg.path().to_path_buf());
    keys(&mut app, "A");
    let s = screen(&app, 120, 35);
    assert!(s.contains("Initials:"), "{s}");
    // "consensus" is the agreed appraisal's name, not a reviewer's.
    type_text(&mut app, "consensus");
    keys(&mut app, "enter");
    assert!(screen(&app, 120, 35).contains("use your own initials"));
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "ZQ");
    keys(&mut app, "enter");
    let s = screen(&app, 120, 35);
    assert!(s.contains("Appraise kim-2020 · RoB 2 · by ZQ"), "{s}");
    let stored = std::fs::read_to_string(cfg.path().join("config.toml")).unwrap();
    assert_eq!(stored, "reviewer = \"ZQ\"\n");
    // R changes them (and stores the change).
    keys(&mut app, "R ctrl-u");
    type_text(&mut app, "YP");
    keys(&mut app, "enter");
    assert!(screen(&app, 120, 35).contains("by YP"));
    let stored = std::fs::read_to_string(cfg.path().join("config.toml")).unwrap();
    assert_eq!(stored, "reviewer = \"YP\"\n");
    // The next session does not ask.
    keys(&mut app, "esc");
    let mut app = open(dir.path(), 120, 35);
    app.set_config_dir(cfg.path().to_path_buf());
    assert_eq!(app.reviewer(), Some("YP"));
    keys(&mut app, "A");
    assert!(screen(&app, 120, 35).contains("by YP"));
}

#[test]
fn a_second_reviewer_adds_their_own_appraisal() {
    let dir = example_copy();
    let cfg = config(Some("MU"));
    let mut app = open(dir.path(), 120, 35);
    app.set_config_dir(cfg.path().to_path_buf());
    keys(&mut app, "/");
    type_text(&mut app, "Alliance-focused training");
    keys(&mut app, "enter A");
    // MU's own appraisal opens for editing.
    let s = screen(&app, 120, 35);
    assert!(s.contains("by MU") && s.contains("5/5 answered"), "{s}");
    keys(&mut app, "esc");
    // Another reviewer starts an empty one, saved beside the others.
    keys(&mut app, "A R ctrl-u");
    type_text(&mut app, "XY");
    keys(&mut app, "enter");
    let s = screen(&app, 120, 35);
    assert!(s.contains("by XY") && s.contains("0/5 answered"), "{s}");
    type_text(&mut app, "lllll");
    keys(&mut app, "ctrl-s");
    let saved = study_file(dir.path(), "chen-2022");
    assert_eq!(saved.matches("[[appraisals]]").count(), 3, "{saved}");
    assert!(saved.contains("reviewer = \"XY\""), "{saved}");
    assert!(saved.contains("reviewer = \"MU\""), "{saved}");
}

#[test]
fn reconciling_a_disputed_study_writes_the_consensus_and_undoes() {
    let dir = example_copy();
    let before = study_file(dir.path(), "chen-2022");
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "/");
    type_text(&mut app, "Alliance-focused training");
    keys(&mut app, "enter");
    assert!(
        Judgement::of(
            app.instruments(),
            &app.study("chen-2022").unwrap().appraisals
        )
        .unwrap()
        .is_disputed()
    );
    keys(&mut app, "C");
    let s = screen(&app, 120, 35);
    assert!(s.contains("Reconcile chen-2022 · RoB 2"), "{s}");
    assert!(s.contains("1 of 5 differ (≠)"), "{s}");
    assert!(
        s.lines()
            .any(|l| l.contains("≠ d2") && l.contains("some concerns")),
        "the differing item is marked: {s}"
    );
    assert_snapshot!("reconcile_differences", s);
    assert_snapshot!("reconcile_narrow", screen(&app, 80, 24));

    // Saving with an item undecided is refused.
    keys(&mut app, "ctrl-s");
    assert!(screen(&app, 120, 35).contains("still to decide"));
    // The cursor is on d2, the item to decide: take MU's answer (reviewer 1).
    type_text(&mut app, "1");
    let s = screen(&app, 120, 35);
    assert!(s.contains("Consensus: RoB 2: some concerns"), "{s}");
    keys(&mut app, "ctrl-s");
    assert!(app.reconcile_view().is_none());
    let saved = study_file(dir.path(), "chen-2022");
    assert!(saved.starts_with(&before), "{saved}");
    assert!(saved.contains("reviewer = \"consensus\""), "{saved}");
    assert!(saved.contains("d2 = \"some-concerns\""), "{saved}");
    let j = Judgement::of(
        app.instruments(),
        &app.study("chen-2022").unwrap().appraisals,
    )
    .unwrap();
    assert_eq!(j.to_string(), "RoB 2: some concerns");
    let s = screen(&app, 120, 35);
    assert!(!s.contains("disputed"), "{s}");

    keys(&mut app, "u");
    assert_eq!(study_file(dir.path(), "chen-2022"), before);
    assert!(
        Judgement::of(
            app.instruments(),
            &app.study("chen-2022").unwrap().appraisals
        )
        .unwrap()
        .is_disputed()
    );
}

#[test]
fn the_form_fits_a_narrow_terminal() {
    let dir = small_review(&[("kim-2020", TRIAL)]);
    let cfg = config(Some("AB"));
    let mut app = open(dir.path(), 80, 24);
    app.set_config_dir(cfg.path().to_path_buf());
    keys(&mut app, "A");
    type_text(&mut app, "lsh");
    let s = screen(&app, 80, 24);
    assert!(s.contains("3/5 answered"), "{s}");
    assert_snapshot!("appraise_narrow", s);
}

#[test]
fn an_instrument_can_be_picked_and_mmat_asks_the_category_criteria() {
    let dir = small_review(&[("kim-2020", TRIAL)]);
    let cfg = config(Some("AB"));
    let mut app = open(dir.path(), 120, 35);
    app.set_config_dir(cfg.path().to_path_buf());
    keys(&mut app, "A I");
    let s = screen(&app, 120, 35);
    assert!(s.contains("Choose the instrument"), "{s}");
    assert!(s.contains("(the design's instrument)"), "{s}");
    // The instruments in name order after the design's: find MMAT.
    for _ in 0..12 {
        if screen(&app, 120, 35)
            .lines()
            .any(|l| l.contains("▸ mmat-2018"))
        {
            break;
        }
        keys(&mut app, "j");
    }
    keys(&mut app, "enter");
    let s = screen(&app, 120, 35);
    assert!(s.contains("· MMAT ·"), "{s}");
    assert!(s.contains("Criterion 1 of the category"), "{s}");
    // Category 2 (randomised trials): its own five criteria.
    type_text(&mut app, "2");
    let s = screen(&app, 120, 35);
    assert!(s.contains("Randomisation done properly?"), "{s}");
    assert!(
        s.contains("Participants kept to the assigned intervention?"),
        "{s}"
    );
}

#[test]
fn reconciling_shows_overrides_and_opens_from_the_grid() {
    let dir = example_copy();
    let cfg = config(Some("AB"));
    let mut app = open(dir.path(), 120, 35);
    app.set_config_dir(cfg.path().to_path_buf());
    keys(&mut app, "/");
    type_text(&mut app, "Alliance-focused training");
    keys(&mut app, "enter A");
    // A third reviewer who raises the overall to high.
    type_text(&mut app, "lsllllh");
    keys(&mut app, "ctrl-s");
    assert!(study_file(dir.path(), "chen-2022").contains("overall = \"high\""));
    // From the grid, on the row of the study.
    keys(&mut app, "v");
    for _ in 0..10 {
        if screen(&app, 120, 35).contains("Cochrane risk-of-bias tool") {
            break;
        }
        keys(&mut app, "tab");
    }
    keys(&mut app, "C");
    let s = screen(&app, 120, 35);
    assert!(s.contains("Reconcile chen-2022 · RoB 2"), "{s}");
    assert!(
        s.contains("1 MU") && s.contains("2 SS") && s.contains("3 AB"),
        "{s}"
    );
    // The overall row holds AB's override; leaving it empty keeps the
    // computed judgement.
    assert!(
        s.lines()
            .any(|l| l.contains("≠ overall") && l.contains("high risk")),
        "{s}"
    );
    type_text(&mut app, "2");
    let s = screen(&app, 120, 35);
    assert!(s.contains("Consensus: RoB 2: low risk"), "{s}");
    keys(&mut app, "ctrl-s");
    let saved = study_file(dir.path(), "chen-2022");
    let consensus = saved.split("reviewer = \"consensus\"").nth(1).unwrap();
    assert!(!consensus.contains("overall"), "{saved}");
    // Taking AB's override instead: reopen, choose 3 on the overall row.
    keys(&mut app, "C j j j j j");
    type_text(&mut app, "3");
    keys(&mut app, "ctrl-s");
    let j = Judgement::of(
        app.instruments(),
        &app.study("chen-2022").unwrap().appraisals,
    )
    .unwrap();
    assert_eq!(
        j.to_string(),
        "RoB 2: high risk (override; computed low risk)"
    );
}

#[test]
fn check_locates_a_comment_on_an_item_the_instrument_lacks() {
    let dir = small_review(&[(
        "kim-2020",
        &format!(
            "{TRIAL}\n[[appraisals]]\ninstrument = \"rob2\"\nreviewer = \"AB\"\n\
             answers = {{ d1 = \"low\", d2 = \"low\", d3 = \"low\", d4 = \"low\", d5 = \"low\" }}\n\
             notes = {{ d1 = \"fine\", d9 = \"no such item\" }}\n"
        ),
    )]);
    let out = assert_cmd::cargo::cargo_bin_cmd!("litrev")
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    // notes is on line 13; the note on d9 starts at column 29.
    assert!(
        text.contains("kim-2020.toml:13:29: warning: rob2 has no item \"d9\" to comment on"),
        "{text}"
    );
}

#[test]
fn amstar_2_marks_its_critical_items_in_the_form() {
    let dir = example_copy();
    let cfg = config(Some("JB"));
    let mut app = open(dir.path(), 120, 35);
    app.set_config_dir(cfg.path().to_path_buf());
    keys(&mut app, "/");
    type_text(&mut app, "Therapeutic alliance and clinical outcomes");
    keys(&mut app, "enter A");
    let s = screen(&app, 120, 35);
    assert!(s.contains("AMSTAR 2"), "{s}");
    // Items 2, 4, 7, 9, 11, 13 and 15 are AMSTAR 2's critical domains.
    assert!(
        s.contains("Protocol registered before the review began? (critical)"),
        "{s}"
    );
    assert!(
        !s.contains("inclusion criteria include PICO? (critical)"),
        "{s}"
    );
    assert_eq!(s.matches("(critical)").count(), 7, "{s}");
}

#[test]
fn reconciling_star_counts_can_step_to_a_value_no_reviewer_gave() {
    let dir = example_copy();
    let path = dir.path().join("studies/hughes-2009.toml");
    let text = std::fs::read_to_string(&path).expect("study");
    // Two reviewers, no consensus: c1 given 0 and 2 stars.
    let text = text.replace(
        "reviewer = \"consensus\"\nanswers = { s1 = 1, s2 = 1, s3 = 1, s4 = 1, c1 = 2, o1 = 1, o2 = 1, o3 = 1 }",
        "reviewer = \"AA\"\nanswers = { s1 = 1, s2 = 1, s3 = 1, s4 = 1, c1 = 0, o1 = 1, o2 = 1, o3 = 1 }\n\n[[appraisals]]\ninstrument = \"nos-cohort\"\nreviewer = \"BB\"\nanswers = { s1 = 1, s2 = 1, s3 = 1, s4 = 1, c1 = 2, o1 = 1, o2 = 1, o3 = 1 }",
    );
    assert!(text.contains("reviewer = \"BB\""), "{text}");
    std::fs::write(&path, text).expect("write");
    let cfg = config(Some("AA"));
    let mut app = open(dir.path(), 120, 35);
    app.set_config_dir(cfg.path().to_path_buf());
    keys(&mut app, "/");
    type_text(&mut app, "Therapeutic alliance and outcome at 12 months");
    keys(&mut app, "enter C");
    let s = screen(&app, 120, 35);
    assert!(s.contains("≠"), "{s}");
    // The cursor starts on c1, the only item to decide: 1 would be reviewer
    // AA's 0 stars, 2 reviewer BB's 2 stars. The first + gives the least
    // (0), the next 1; - from nothing would give the most.
    type_text(&mut app, "++");
    keys(&mut app, "ctrl-s");
    let saved = std::fs::read_to_string(&path).expect("saved");
    assert!(saved.contains("reviewer = \"consensus\""), "{saved}");
    let consensus = saved.split("reviewer = \"consensus\"").nth(1).unwrap_or("");
    assert!(consensus.contains("c1 = 1"), "{saved}");
}

#[test]
fn the_consensus_comment_is_written_in_the_reconcile_view() {
    let dir = example_copy();
    let before = study_file(dir.path(), "chen-2022");
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "/");
    type_text(&mut app, "Alliance-focused training");
    keys(&mut app, "enter");
    keys(&mut app, "C");
    assert!(screen(&app, 120, 35).contains("Comment: none (Enter writes one)"));
    // Enter opens the box; letters are typed, not answers.
    keys(&mut app, "enter");
    type_text(&mut app, "d2: agreed after discussion, 1 vs 2");
    let s = screen(&app, 120, 35);
    assert!(
        s.contains("Comment: d2: agreed after discussion, 1 vs 2"),
        "{s}"
    );
    assert!(
        app.reconcile_view()
            .unwrap()
            .rows
            .iter()
            .all(|r| r.id != "d2" || r.chosen.is_none())
    );
    // Esc closes the box without keeping what was typed.
    keys(&mut app, "esc");
    assert!(screen(&app, 120, 35).contains("Comment: none"));
    assert!(
        app.reconcile_view().is_some(),
        "Esc in the box leaves the view open"
    );
    keys(&mut app, "enter");
    type_text(&mut app, "Agreed after discussion");
    keys(&mut app, "enter");
    assert!(screen(&app, 120, 35).contains("Comment: Agreed after discussion"));
    type_text(&mut app, "1");
    keys(&mut app, "ctrl-s");
    assert!(app.reconcile_view().is_none());
    let saved = study_file(dir.path(), "chen-2022");
    assert!(saved.starts_with(&before), "{saved}");
    assert!(
        saved.contains("comment = \"Agreed after discussion\""),
        "{saved}"
    );
    // Opened again, the comment is there to change.
    keys(&mut app, "C");
    assert!(screen(&app, 120, 35).contains("Comment: Agreed after discussion"));
    keys(&mut app, "esc");
    keys(&mut app, "u");
    assert_eq!(study_file(dir.path(), "chen-2022"), before);
}

/// A qualitative study both reviewers appraised with CASP, differing on q3,
/// neither answering the optional free-text q10 nor recording an overall;
/// MU commented on q3.
const CASP_PAIR: &str = r#"id = "lee-2019"
title = "Being heard"
authors = ["Lee, Ann"]
year = 2019
design = "qualitative/patient"

[[appraisals]]
instrument = "casp-qualitative"
reviewer = "MU"
answers = { q1 = "yes", q2 = "yes", q3 = "yes", q4 = "yes", q5 = "yes", q6 = "yes", q7 = "yes", q8 = "yes", q9 = "yes" }
notes = { q3 = "design named in the methods" }

[[appraisals]]
instrument = "casp-qualitative"
reviewer = "SS"
answers = { q1 = "yes", q2 = "yes", q3 = "cant-tell", q4 = "yes", q5 = "yes", q6 = "yes", q7 = "yes", q8 = "yes", q9 = "yes" }
notes = { q3 = "no rationale for the design" }
"#;

/// Reconcile never waits on what no one must answer (a free-text item and
/// an overall left to the reviewers, blank on every side), and shows each
/// reviewer's comment on an item. Before, it said "1 item(s) still to
/// decide" and no key decided the blank q10.
#[test]
fn reconcile_saves_with_blank_optional_items_and_shows_comments() {
    let dir = small_review(&[("lee-2019", CASP_PAIR)]);
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "C");
    let s = screen(&app, 120, 35);
    assert!(s.contains("Reconcile lee-2019 · CASP"), "{s}");
    assert!(s.contains("✎ MU: design named in the methods"), "{s}");
    assert!(s.contains("✎ SS: no rationale for the design"), "{s}");
    // The cursor is on q3, the one item to decide: take SS's answer.
    type_text(&mut app, "2");
    let s = screen(&app, 120, 35);
    assert!(!s.contains("to decide"), "{s}");
    keys(&mut app, "ctrl-s");
    assert!(app.reconcile_view().is_none(), "{}", screen(&app, 120, 35));
    let saved = study_file(dir.path(), "lee-2019");
    assert!(saved.contains("reviewer = \"consensus\""), "{saved}");
    assert!(saved.contains("q3 = \"cant-tell\""), "{saved}");
    assert!(!saved.contains("q10"), "{saved}");
}

/// The form asks for the outcome of a RoB 2 appraisal, and a second
/// outcome is a second appraisal beside the first.
#[test]
fn a_rob2_appraisal_names_its_outcome_and_a_second_outcome_is_another() {
    let dir = small_review(&[("kim-2020", TRIAL)]);
    let cfg = config(Some("AB"));
    let mut app = open(dir.path(), 120, 35);
    app.set_config_dir(cfg.path().to_path_buf());
    keys(&mut app, "A");
    type_text(&mut app, "lllll");
    // Up to the outcome row, typed.
    for _ in 0..6 {
        keys(&mut app, "k");
    }
    keys(&mut app, "enter");
    type_text(&mut app, "pain");
    keys(&mut app, "enter ctrl-s");
    let saved = study_file(dir.path(), "kim-2020");
    assert!(saved.contains("outcome = \"pain\""), "{saved}");
    // Another outcome from the picker: a new appraisal.
    keys(&mut app, "A I");
    let s = screen(&app, 120, 35);
    assert!(s.contains("RoB 2 · pain (yours)"), "{s}");
    assert!(s.contains("another outcome (new)"), "{s}");
    keys(&mut app, "j enter");
    type_text(&mut app, "lhlll");
    for _ in 0..6 {
        keys(&mut app, "k");
    }
    keys(&mut app, "enter");
    type_text(&mut app, "function");
    keys(&mut app, "enter ctrl-s");
    let saved = study_file(dir.path(), "kim-2020");
    assert_eq!(saved.matches("[[appraisals]]").count(), 2, "{saved}");
    assert!(saved.contains("outcome = \"function\""), "{saved}");
    let each: Vec<String> = Judgement::each(
        app.instruments(),
        &app.study("kim-2020").unwrap().appraisals,
    )
    .iter()
    .map(|j| j.to_string())
    .collect();
    assert_eq!(
        each,
        ["RoB 2 (pain): low risk", "RoB 2 (function): high risk"]
    );
}
