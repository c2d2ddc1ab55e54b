//! The screening screen ranked by the model (issue 23): the next record is
//! the highest-ranked one the reviewer has not decided, the status line
//! says when the model last retrained and on how many decisions, the
//! stopping aid counts the decisions since the last include and labels its
//! estimate as one, and `o` switches to file order and random order.

mod tui_support;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use insta::assert_snapshot;
use litrev::screening::rank::engine::Engine;
use litrev::screening::rank::{Doc, Features, Model};
use litrev::screening::{Screening, Stage};
use litrev::store;
use litrev::tui::screening::update::wait_for_model;
use litrev::tui::{App, Keymap, update};
use tui_support::{keys, screen};

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/screening")
}

/// The fixture exports, with AB's decisions: Hall 2019 (the therapeutic
/// alliance in low back pain) included, then Chen 2017 (rat models)
/// excluded a second later.
fn review() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("review.toml"),
        "format = 1\ntitle = \"Alliance in physiotherapy\"\n\n[screening]\nreviewers = [\"AB\", \"MU\"]\ninclude_terms = [\"alliance\"]\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("studies")).unwrap();
    for (f, db) in [
        ("medline.nbib", "MEDLINE"),
        ("embase.ris", "Embase"),
        ("cinahl.csv", "CINAHL"),
    ] {
        litrev::screening::add::add(
            dir.path(),
            &fixtures().join(f),
            &litrev::screening::add::Request {
                database: db,
                date: "2026-11-02",
                query: None,
                register: false,
            },
        )
        .unwrap();
    }
    std::fs::create_dir_all(dir.path().join("screening")).unwrap();
    std::fs::write(
        dir.path().join("screening/AB.tsv"),
        "key\tstage\tdecision\treason\tnote\ttime\n\
         doi:10.5555/lbp.2017.005\ttitle-abstract\texclude\t\t\t2026-11-03T10:00:01Z\n\
         doi:10.5555/lbp.2019.001\ttitle-abstract\tinclude\t\t\t2026-11-03T10:00:00Z\n",
    )
    .unwrap();
    dir
}

/// The screen as `litrev screen` opens it (ranked), once the model has
/// learned AB's two decisions.
fn open(dir: &Path, w: u16, h: u16) -> App {
    let mut app = App::new(store::load(dir).unwrap(), false, Keymap::defaults());
    update(&mut app, litrev::tui::Action::Resize(w, h));
    litrev::tui::screening::update::open(&mut app, Some("AB"), Stage::TitleAbstract, true);
    assert!(
        wait_for_model(&mut app, Duration::from_secs(60)),
        "the model learns"
    );
    app
}

/// The key of the record shown ("record 3 of 18 · KEY · databases").
fn shown_key(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.contains(" · record "))
        .unwrap_or_else(|| panic!("no record shown:\n{text}"));
    line.split(" · ").nth(2).unwrap_or_default().to_string()
}

/// The stopping aid's words, its lines joined.
fn aid(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) = lines.iter().position(|l| l.contains("Stopping aid: ")) else {
        panic!("no stopping aid:\n{text}");
    };
    let first = lines[at].split("Stopping aid: ").nth(1).unwrap_or_default();
    let mut out = first.trim().to_string();
    if let Some(next) = lines.get(at + 1)
        && next.starts_with("          ")
    {
        out.push(' ');
        out.push_str(next.trim());
    }
    out
}

/// The ranking the model gives the unscreened records after learning
/// Hall included and Chen excluded, computed here from the library's
/// parts: the same features, classifier and seed, best score first (ties in
/// file order).
fn expected_ranking(dir: &Path) -> Vec<String> {
    let s = Screening::open(dir).unwrap();
    let base: Vec<usize> = (0..s.records.len())
        .filter(|&r| s.in_stage(r, Stage::TitleAbstract))
        .collect();
    let docs: Vec<Doc> = base
        .iter()
        .map(|&r| {
            let st = &s.records[r].study;
            Doc {
                title: st.title.clone(),
                // Abstracts are kept apart from the records' fields.
                abstract_text: s.abstract_of(r).unwrap_or_default(),
                keywords: st.keywords.join("; "),
            }
        })
        .collect();
    let row = |key: &str| base.iter().position(|&r| s.records[r].key == key).unwrap() as u32;
    let (hall, chen) = (
        row("doi:10.5555/lbp.2019.001"),
        row("doi:10.5555/lbp.2017.005"),
    );
    let config = Model::Default.config();
    let x = Arc::new(Features::build(&docs, &config.features));
    let mut engine = Engine::new(x, config, litrev::tui::screening::SEED);
    let decided = [(hall, true), (chen, false)];
    let unscreened: Vec<u32> = (0..base.len() as u32)
        .filter(|&r| r != hall && r != chen)
        .collect();
    assert!(engine.train(&decided, &unscreened, 2).is_some());
    let scores = engine.scores(&unscreened);
    let mut order: Vec<(u32, f64)> = unscreened.into_iter().zip(scores).collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    order
        .into_iter()
        .map(|(r, _)| s.records[base[r as usize]].key.clone())
        .collect()
}

#[test]
fn the_records_come_in_the_order_the_model_ranks_them() {
    let dir = review();
    let ranking = expected_ranking(dir.path());
    assert_eq!(ranking.len(), 16);
    let mut app = open(dir.path(), 120, 35);
    // The record on screen when the model finished stays on screen; the
    // others follow the ranking.
    let first = shown_key(&screen(&app, 120, 35));
    let expected: Vec<String> = std::iter::once(first.clone())
        .chain(ranking.iter().filter(|k| **k != first).cloned())
        .collect();
    let mut seen = vec![first];
    for _ in 1..16 {
        keys(&mut app, "j");
        seen.push(shown_key(&screen(&app, 120, 35)));
    }
    assert_eq!(seen, expected);

    // A decision on the record shown brings the highest-ranked one left.
    keys(&mut app, "g");
    let text = screen(&app, 120, 35);
    assert!(text.contains("record 1 of 18"), "{text}");
    keys(&mut app, "G");
    let last = shown_key(&screen(&app, 120, 35));
    keys(&mut app, "m");
    let text = screen(&app, 120, 35);
    let best_left = ranking.iter().find(|k| **k != last).unwrap();
    assert_eq!(&shown_key(&text), best_left);
    assert!(text.contains("record 4 of 18"), "{text}");
}

#[test]
fn ranked_80x24() {
    let dir = review();
    let mut app = open(dir.path(), 80, 24);
    keys(&mut app, "m");
    assert!(wait_for_model(&mut app, Duration::from_secs(60)));
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn ranked_120x35() {
    let dir = review();
    let mut app = open(dir.path(), 120, 35);
    let text = screen(&app, 120, 35);
    assert!(
        text.contains(
            "title and abstract · AB · 2 of 18 screened · 1 included · 0 maybe · ranked: retrained just now on 2 decisions"
        ),
        "{text}"
    );
    assert!(
        aid(&text).contains(
            "1 decision since your last include · estimate: about 8.0 includes among the 16 records left (1 of your last 2 decisions were includes)"
        ),
        "{text}"
    );
    keys(&mut app, "x");
    assert!(wait_for_model(&mut app, Duration::from_secs(60)));
    assert_snapshot!(screen(&app, 120, 35));
}

#[test]
fn the_order_key_switches_to_file_order_and_random_order_and_back() {
    let dir = review();
    let mut app = open(dir.path(), 120, 35);
    let ranked = shown_key(&screen(&app, 120, 35));
    keys(&mut app, "o");
    let text = screen(&app, 120, 35);
    assert!(text.contains("order: as in the files"), "{text}");
    assert!(text.contains("· file order"), "{text}");
    // The record shown stays; the next undecided one is the next in the
    // files after it.
    assert_eq!(shown_key(&text), ranked);
    keys(&mut app, "g");
    assert_eq!(
        shown_key(&screen(&app, 120, 35)),
        "doi:10.5555/lbp.2019.001"
    );
    keys(&mut app, "j");
    assert_eq!(
        shown_key(&screen(&app, 120, 35)),
        "doi:10.5555/lbp.2021.002"
    );
    keys(&mut app, "o");
    let text = screen(&app, 120, 35);
    assert!(text.contains("· random order"), "{text}");
    keys(&mut app, "o");
    let text = screen(&app, 120, 35);
    assert!(text.contains("· ranked: retrained"), "{text}");
}

#[test]
fn no_model_before_an_include_and_an_exclude() {
    let dir = review();
    std::fs::remove_file(dir.path().join("screening/AB.tsv")).unwrap();
    let mut app = App::new(store::load(dir.path()).unwrap(), false, Keymap::defaults());
    update(&mut app, litrev::tui::Action::Resize(120, 35));
    litrev::tui::screening::update::open(&mut app, Some("AB"), Stage::TitleAbstract, true);
    let text = screen(&app, 120, 35);
    assert!(
        text.contains("· ranked: random until you include one and exclude one"),
        "{text}"
    );
    assert!(
        text.contains("Stopping aid: shown from your first decision at this stage"),
        "{text}"
    );
    keys(&mut app, "x x");
    assert!(wait_for_model(&mut app, Duration::from_secs(60)));
    let text = screen(&app, 120, 35);
    assert!(
        text.contains("· ranked: random until you include one and exclude one"),
        "{text}"
    );
    assert!(
        aid(&text).contains("no include yet in your 2 decisions · estimate: about 0.0 includes among the 16 records left (0 of your last 2 decisions were includes)"),
        "{text}"
    );
}

#[test]
fn the_model_of_a_stage_is_kept_while_the_other_stage_is_shown() {
    let dir = review();
    let mut app = open(dir.path(), 120, 35);
    keys(&mut app, "tab");
    let text = screen(&app, 120, 35);
    assert!(text.contains("No full texts yet"), "{text}");
    keys(&mut app, "tab");
    // Back at title and abstract, the model has not to learn again.
    let text = screen(&app, 120, 35);
    assert!(
        text.contains("· ranked: retrained just now on 2 decisions"),
        "{text}"
    );
}

#[test]
fn undo_in_ranked_order_brings_the_record_back_and_the_model_forgets_it() {
    let dir = review();
    let mut app = open(dir.path(), 120, 35);
    let first = shown_key(&screen(&app, 120, 35));
    keys(&mut app, "i");
    assert_ne!(shown_key(&screen(&app, 120, 35)), first);
    assert!(wait_for_model(&mut app, Duration::from_secs(60)));
    let text = screen(&app, 120, 35);
    assert!(text.contains("retrained just now on 3 decisions"), "{text}");
    assert!(
        aid(&text).starts_with("0 decisions since your last include"),
        "{text}"
    );
    keys(&mut app, "u");
    let text = screen(&app, 120, 35);
    assert_eq!(shown_key(&text), first);
    assert!(text.contains("record 3 of 18"), "{text}");
    assert!(text.contains("2 of 18 screened · 1 included"), "{text}");
    assert!(wait_for_model(&mut app, Duration::from_secs(60)));
    let text = screen(&app, 120, 35);
    assert!(text.contains("retrained just now on 2 decisions"), "{text}");
    assert_eq!(shown_key(&text), first, "the record shown stays");
}
