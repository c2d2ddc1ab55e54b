//! Unit tests of `appraise`.

use super::*;

#[test]
fn answer_keys_are_one_letter_each_and_avoid_the_forms_keys() {
    let reg = crate::appraisal::Registry::builtin();
    let words = |name: &str, item: &str| -> Vec<Word> {
        let inst = reg.get(name).expect("instrument");
        match inst.item(item).and_then(|i| inst.scale_of(i)) {
            Some(ItemScale::Words(w)) => w.to_vec(),
            _ => panic!("{name} {item} is a word item"),
        }
    };
    let reserved = ['j', 'k'];
    let keys = |w: &[Word]| -> String {
        word_keys(w, &reserved)
            .into_iter()
            .map(|k| k.unwrap_or('_'))
            .collect()
    };
    // low, some concerns, high, no information
    assert_eq!(keys(&words("rob2", "d1")), "lshn");
    // yes, partial yes, no (AMSTAR 2 offers partial yes on items 2, 4, 7,
    // 8, 9 only; q11 was "ypnm" when every item offered it)
    assert_eq!(keys(&words("amstar2", "q2")), "ypn");
    // yes, no, no meta-analysis
    assert_eq!(keys(&words("amstar2", "q11")), "ynm");
    // yes, no, can't tell
    assert_eq!(keys(&words("mmat-2018", "s1")), "ync");
    // A reserved key is never an answer key.
    let w = words("mmat-2018", "s1");
    let k = word_keys(&w, &['y', 'n', 'c']);
    assert!(
        k.iter().all(|k| k.is_some_and(|k| !"ync".contains(k))),
        "{k:?}"
    );
    assert_eq!(range_keys(0, 2), vec![('0', 0), ('1', 1), ('2', 2)]);
}
