//! Instrument files: the built-ins parse, synonyms fold, bad files are
//! located.

use super::*;

#[test]
fn every_builtin_parses() {
    for (file, src) in BUILTIN {
        let i = parse(Path::new(file), src).unwrap_or_else(|p| panic!("{file}: {p:?}"));
        assert_eq!(format!("{}.toml", i.name), file);
    }
    assert_eq!(Registry::builtin().iter().count(), BUILTIN.len());
}

#[test]
fn synonyms_fold_case_spaces_and_abbreviations() {
    let r = Registry::builtin();
    let rob2 = r.get("rob2").expect("rob2");
    let ItemScale::Words(w) = rob2.scale_of(&rob2.items[0]).expect("scale") else {
        panic!("rob2 d1 is a word scale");
    };
    for (given, want) in [
        ("Low", "low"),
        ("L", "low"),
        ("Some concerns", "some-concerns"),
        ("SC", "some-concerns"),
        (" HIGH ", "high"),
        ("NI", "no-info"),
    ] {
        assert_eq!(
            canonical(w, given).map(|w| w.word.as_str()),
            Some(want),
            "{given}"
        );
    }
    assert!(canonical(w, "lo").is_none());
    assert!(canonical(w, "").is_none());
}

#[test]
fn a_bad_instrument_is_located() {
    let src = "name = \"x\"\nshort = \"X\"\ntitle = \"X\"\nversion = \"1\"\nsource = \"s\"\n\
               [[items]]\nid = \"q1\"\nprompt = \"p\"\nscale = \"nope\"\n\
               [overall]\nrule = \"none\"\n";
    let p = parse(Path::new("x.toml"), src).expect_err("unknown scale");
    assert_eq!((p[0].line, p[0].col), (9, 9), "{p:?}");
    let p = parse(Path::new("x.toml"), "name = 3\n").expect_err("wrong type");
    assert_eq!(p[0].line, 1);
    assert!(p[0].message.starts_with("not a valid instrument"), "{p:?}");
}

#[test]
fn two_items_of_one_id_are_refused() {
    let src = "name = \"x\"\nshort = \"X\"\ntitle = \"X\"\nversion = \"1\"\nsource = \"s\"\n\
               [[items]]\nid = \"q1\"\nprompt = \"p\"\nscale = \"text\"\n\
               [[items]]\nid = \"q1\"\nprompt = \"again\"\nscale = \"text\"\n\
               [overall]\nrule = \"none\"\n";
    let p = parse(Path::new("x.toml"), src).expect_err("two items q1");
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].line, p[0].col), (13, 9), "{p:?}");
    assert!(
        p[0].message.contains("item q1: another item has this id"),
        "{p:?}"
    );
}
