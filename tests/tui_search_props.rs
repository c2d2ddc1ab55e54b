//! The search box shows, at every key, exactly what a fresh search for the
//! text typed so far finds: a result kept from an earlier key (to narrow a
//! growing query, or for backspace) must never change a result.
//!
//! Titles and queries are drawn from a few letters, so that queries match
//! scattered letters, compact or not, across word starts, and terms of five
//! letters and more match within one edit: the cases where a study can
//! match a longer query without matching its prefix.

mod tui_support;

use litrev::tui::App;
use proptest::prelude::*;
use tui_support::*;

const W: u16 = 100;
const H: u16 = 30;

/// A word of one to eight letters from a small alphabet.
fn word() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop::sample::select(b"aehlnpsty".to_vec()), 1..8)
        .prop_map(|b| String::from_utf8(b).unwrap_or_default())
}

/// Study titles: one to seven words each.
fn titles() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(
        proptest::collection::vec(word(), 1..7).prop_map(|w| w.join(" ")),
        1..24,
    )
}

/// What the user types: letters of the same alphabet and now and then a space.
fn typed() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop::sample::select(b"aehlnpsty ".to_vec()), 1..9)
        .prop_map(|b| String::from_utf8(b).unwrap_or_default())
}

/// The studies a fresh search for `query` finds, in the order it ranks them.
fn fresh(app: &App, query: &str) -> Vec<String> {
    let entries = app.session().entries();
    let query = query.trim();
    if query.is_empty() {
        return entries.iter().map(|e| e.study.id.clone()).collect();
    }
    app.session()
        .index()
        .search(query)
        .iter()
        .map(|h| entries[h.index].study.id.clone())
        .collect()
}

fn shown(app: &App) -> Vec<String> {
    app.visible_ids().iter().map(|s| s.to_string()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn every_key_shows_what_a_fresh_search_finds(titles in titles(), query in typed(), back in 0usize..9) {
        let files: Vec<(String, String)> = titles
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let id = format!("s-{i:02}");
                (id.clone(), format!("id = \"{id}\"\ntitle = \"{t}\"\n"))
            })
            .collect();
        let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let dir = small_review(&refs);
        let mut app = open(dir.path(), W, H);
        keys(&mut app, "/");
        let mut so_far = String::new();
        for c in query.chars() {
            so_far.push(c);
            type_text(&mut app, &c.to_string());
            prop_assert_eq!(shown(&app), fresh(&app, &so_far), "after typing {:?}", so_far);
        }
        for _ in 0..back.min(query.chars().count()) {
            so_far.pop();
            keys(&mut app, "backspace");
            prop_assert_eq!(shown(&app), fresh(&app, &so_far), "after backspace to {:?}", so_far);
        }
        // And typing on after the backspaces.
        for c in query.chars().rev().take(3) {
            so_far.push(c);
            type_text(&mut app, &c.to_string());
            prop_assert_eq!(shown(&app), fresh(&app, &so_far), "after typing on to {:?}", so_far);
        }
    }
}
