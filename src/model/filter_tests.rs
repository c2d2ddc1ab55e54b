use crate::model::filter::*;
use crate::model::{Appraisal, Design};

fn review() -> Review {
    let node = |key: &str, children: Vec<Design>| Design {
        key: key.into(),
        label: key.into(),
        children,
        ..Design::default()
    };
    let mut rct = node("rct", vec![]);
    rct.instrument = Some("rob2".into());
    Review {
        designs: vec![node("qual", vec![node("patient", vec![])]), rct],
        ..Review::default()
    }
}

fn study(id: &str, design: &str, year: Option<i32>, tags: &[&str], j: Option<&str>) -> Study {
    Study {
        id: id.into(),
        design: (!design.is_empty()).then(|| design.to_string()),
        year,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        appraisals: j
            .map(|j| {
                vec![Appraisal {
                    instrument: "rob2".into(),
                    reviewer: "consensus".into(),
                    overall: Some(j.into()),
                    ..Appraisal::default()
                }]
            })
            .unwrap_or_default(),
        ..Study::default()
    }
}

fn rob2(level: &str) -> Option<Judgement> {
    Some(Judgement::named(
        &crate::appraisal::Registry::builtin(),
        "rob2",
        level,
    ))
}

fn path(p: &str) -> DesignPath {
    DesignPath::parse(p).unwrap()
}

#[test]
fn kinds_combine_with_and_values_with_or() {
    let a = study("a", "qual/patient", Some(2016), &["trust"], None);
    let b = study("b", "rct", Some(2019), &["trust", "empathy"], Some("low"));
    let c = study("c", "qual", None, &[], Some("high"));
    let d = study("d", "", Some(2016), &["empathy"], None);
    let all = [&a, &b, &c, &d];
    let ids = |f: &Filter| -> Vec<&str> {
        all.iter()
            .filter(|s| f.matches(&crate::appraisal::Registry::builtin(), s))
            .map(|s| s.id.as_str())
            .collect()
    };
    let mut f = Filter::default();
    assert!(f.is_empty());
    assert_eq!(ids(&f), ["a", "b", "c", "d"]);
    // A group matches its children; a child only itself.
    f.designs.insert(path("qual"));
    assert_eq!(ids(&f), ["a", "c"]);
    f.designs = [path("qual/patient"), path("rct")].into();
    assert_eq!(ids(&f), ["a", "b"]);
    f.tags.insert("empathy".into());
    assert_eq!(ids(&f), ["b"]);
    f = Filter::default();
    f.tags = ["empathy".to_string(), "trust".to_string()].into();
    assert_eq!(ids(&f), ["a", "b", "d"]);
    // Years inclusive, a range typed backwards means the same, a study
    // without a year falls outside any bound.
    f = Filter {
        years: (Some(2019), Some(2016)),
        ..Filter::default()
    };
    assert_eq!(ids(&f), ["a", "b", "d"]);
    f.years = (Some(2017), None);
    assert_eq!(ids(&f), ["b"]);
    f.years = (None, Some(2016));
    assert_eq!(ids(&f), ["a", "d"]);
    f = Filter::default();
    f.judgements = [None, rob2("low")].into();
    assert_eq!(ids(&f), ["a", "b", "d"]);
    f.judgements = [rob2("high")].into();
    assert_eq!(ids(&f), ["c"]);
}

#[test]
fn describe_reads_like_the_status_bar() {
    let f = Filter {
        designs: [path("qual"), path("qual/patient"), path("rct")].into(),
        tags: ["trust".to_string(), "empathy".to_string()].into(),
        years: (Some(2020), Some(2010)),
        judgements: [rob2("low"), None].into(),
        unclassified: false,
        studies: None,
    };
    assert_eq!(
        f.describe(),
        "qual+rct, tag: empathy+trust, 2010–2020, appraisal: not appraised+RoB 2: low risk"
    );
    let mut with_none = f.clone();
    with_none.unclassified = true;
    assert!(
        with_none
            .describe()
            .starts_with("qual+rct+not classified, tag:"),
        "{}",
        with_none.describe()
    );
    let from = Filter {
        years: (Some(2015), None),
        ..Filter::default()
    };
    assert_eq!(from.describe(), "2015–");
}

#[test]
fn a_study_set_passes_exactly_its_studies_and_combines_with_the_rest() {
    let a = study("a", "qual/patient", Some(2016), &["trust"], None);
    let b = study("b", "rct", Some(2019), &["trust", "empathy"], Some("low"));
    let c = study("c", "qual", None, &[], Some("high"));
    let d = study("d", "", Some(2016), &["empathy"], None);
    let all = [&a, &b, &c, &d];
    let ids = |f: &Filter| -> Vec<&str> {
        all.iter()
            .filter(|s| f.matches(&crate::appraisal::Registry::builtin(), s))
            .map(|s| s.id.as_str())
            .collect()
    };
    let mut f = Filter {
        studies: Some(StudySet::map_cell("qual/patient", "trust", ["b", "d"])),
        ..Filter::default()
    };
    assert!(!f.is_empty());
    assert_eq!(ids(&f), ["b", "d"]);
    assert_eq!(f.describe(), "map cell: qual/patient × trust (2)");
    // With another kind: both must hold.
    f.tags.insert("trust".into());
    assert_eq!(ids(&f), ["b"]);
    assert_eq!(
        f.describe(),
        "tag: trust, map cell: qual/patient × trust (2)"
    );
    // An id no study has passes nothing; an empty set passes nothing.
    f = Filter {
        studies: Some(StudySet::map_cell("x", "y", ["zz"])),
        ..Filter::default()
    };
    assert!(ids(&f).is_empty());
    f.studies = Some(StudySet::default());
    assert!(ids(&f).is_empty() && !f.is_empty());
    f.studies = None;
    assert!(f.is_empty());
    assert_eq!(ids(&f), ["a", "b", "c", "d"]);
}

#[test]
fn design_values_must_be_in_the_taxonomy() {
    let r = review();
    assert_eq!(
        Filter::parse_design(&r, "qual/patient"),
        Ok(path("qual/patient"))
    );
    for bad in ["qual/staff", "trial", "Qual", "qual/patient/x"] {
        let e = Filter::parse_design(&r, bad).unwrap_err().to_string();
        assert_eq!(
            e,
            format!("unknown design \"{bad}\": expected one of qual, qual/patient, rct")
        );
    }
    let e = Filter::parse_design(&Review::default(), "qual").unwrap_err();
    assert!(e.to_string().contains("declares no designs"), "{e}");
    assert_eq!(Filter::parse_tag(" trust "), Ok("trust".into()));
    assert_eq!(Filter::parse_tag(" "), Err(FilterError::EmptyTag));
}

#[test]
fn year_values_are_a_year_or_a_range() {
    let y = Filter::parse_years;
    assert_eq!(y("2015..2020"), Ok((Some(2015), Some(2020))));
    assert_eq!(y("2015.."), Ok((Some(2015), None)));
    assert_eq!(y("..2020"), Ok((None, Some(2020))));
    assert_eq!(y("2015"), Ok((Some(2015), Some(2015))));
    assert_eq!(y("2020..2015"), Ok((Some(2020), Some(2015))));
    for bad in [
        "",
        "..",
        "20x5",
        "2015-2020",
        "-2015",
        "2015...2020",
        "99999999999",
    ] {
        let e = y(bad).unwrap_err().to_string();
        assert!(e.contains("is not a year range"), "{bad}: {e}");
    }
}

#[test]
fn judgement_values_name_an_instrument_and_a_word_it_gives() {
    let r = review();
    let casp = Study {
        appraisals: vec![Appraisal {
            instrument: "casp-qualitative".into(),
            reviewer: "consensus".into(),
            overall: Some("high".into()),
            ..Appraisal::default()
        }],
        ..Study::default()
    };
    let odd = study("o", "rct", None, &[], Some("unusual"));
    let studies = [&casp, &odd];
    let j = |t: &str| Filter::parse_judgement(t, &r, &studies);
    assert_eq!(j("rob2:low"), Ok(rob2("low")));
    assert_eq!(j("rob2: some-concerns"), Ok(rob2("some-concerns")));
    // Any spelling the instrument file accepts, by name or short name;
    // a word outside its scale is refused even when a study records it.
    assert_eq!(j("rob2:Some concerns"), Ok(rob2("some-concerns")));
    assert_eq!(j("RoB 2: SC"), Ok(rob2("some-concerns")));
    assert_eq!(j("RoB 2: disputed"), Ok(rob2("disputed")));
    assert!(j("rob2:unusual").is_err());
    assert_eq!(j("not appraised"), Ok(None));
    assert_eq!(j("none"), Ok(None));
    assert!(j("casp-qualitative:moderate").is_ok());
    assert_eq!(
        j("rob2:lo").unwrap_err().to_string(),
        "rob2 has no overall judgement \"lo\": expected one of low, some-concerns, high, disputed, in-progress"
    );
    let e = j("rbo2:low").unwrap_err().to_string();
    assert!(
        e.starts_with("unknown appraisal instrument \"rbo2\": expected one of ")
            && e.contains("casp-qualitative")
            && e.contains("rob2"),
        "{e}"
    );
    for bad in ["rob2", "rob2:", ":low", ""] {
        let e = j(bad).unwrap_err().to_string();
        assert!(e.contains("is not an appraisal judgement"), "{bad}: {e}");
    }
}
