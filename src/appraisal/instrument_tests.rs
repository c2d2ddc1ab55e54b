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

#[test]
fn a_word_that_ends_in_a_space_does_not_take_an_answer_trimmed_to_another() {
    // A review's own scale may have words with spaces at their ends: an
    // answer is trimmed before it is compared, whatever the words are, so
    // "low " is the first "low" and "mid " the word "Mid" folds to.
    let word = |w: &str| Word {
        word: w.into(),
        label: w.into(),
        level: LevelName::Good,
        robvis: None,
        synonyms: Vec::new(),
        ordinal: true,
    };
    let words: Vec<Word> = ["low", "low ", "Mid", "mid ", " hi"]
        .into_iter()
        .map(word)
        .collect();
    for (given, want) in [
        ("low", 0),
        ("low ", 0),
        (" low", 0),
        ("mid ", 2),
        ("Mid", 2),
        ("hi", 4),
        (" hi", 4),
    ] {
        let got = canonical(&words, given).map(|w| words.iter().position(|x| std::ptr::eq(x, w)));
        assert_eq!(got, Some(Some(want)), "{given:?}");
    }
}
