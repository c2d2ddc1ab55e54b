//! A design suggested by a record's publication type (PubMed `PT`, RIS
//! `TY`, CSL `type`). It is only ever shown: the user decides.

use crate::model::{DesignPath, Review};

/// Publication types (lower case, matched as substrings, most specific
/// first) and the words a design key or label holds for them.
const HINTS: [(&[&str], &[&str]); 9] = [
    (
        &["systematic review", "meta-analysis"],
        &["systematic-review", "systematic review"],
    ),
    (
        &["non-randomi", "controlled clinical trial"],
        &["non-randomi"],
    ),
    (
        &["randomized controlled trial", "randomised controlled trial"],
        &["rct", "randomised controlled", "randomized controlled"],
    ),
    (&["case report"], &["case-report", "case report"]),
    (&["observational study", "cohort"], &["cohort"]),
    (&["qualitative"], &["qualitative"]),
    (&["validation study", "diagnostic"], &["diagnostic"]),
    (
        &["comment", "editorial", "letter"],
        &["commentar", "editorial"],
    ),
    (&["review"], &["narrative-review", "narrative review"]),
];

/// The first design of the taxonomy (in its order) whose key or label
/// names what `kind` says the record is; `None` when nothing fits.
pub fn design(review: &Review, kind: &str) -> Option<DesignPath> {
    // "Peer Reviewed Journal" (PsycINFO) says nothing of the design.
    let kind = kind
        .to_lowercase()
        .replace("peer reviewed", "")
        .replace("peer-reviewed", "");
    let (_, words) = HINTS
        .iter()
        .find(|(types, _)| types.iter().any(|t| kind.contains(t)))?;
    let paths = review.design_paths();
    let node = |p: &DesignPath| review.resolve(p).map(|r| r.node());
    // A key that is the word itself wins over a label that mentions it
    // ("rct" over "secondary analyses of RCTs").
    paths
        .iter()
        .find(|p| node(p).is_some_and(|n| words.contains(&n.key.as_str())))
        .or_else(|| {
            paths.iter().find(|p| {
                node(p).is_some_and(|n| {
                    let label = n.label.to_lowercase();
                    words.iter().any(|w| label.contains(w))
                })
            })
        })
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::parse::parse_review;

    #[test]
    fn publication_types_suggest_designs_of_the_taxonomy() {
        let toml = crate::store::scaffold::default_review_toml("T");
        let (review, problems) = parse_review(std::path::Path::new("review.toml"), &toml);
        assert!(problems.is_empty(), "{problems:?}");
        let review = review.expect("default review");
        let s = |k: &str| design(&review, k).map(|p| p.to_string());
        assert_eq!(s("Randomized Controlled Trial").as_deref(), Some("rct"));
        assert_eq!(s("Systematic Review").as_deref(), Some("systematic-review"));
        assert_eq!(s("Case Reports").as_deref(), Some("case-report"));
        assert_eq!(s("Review").as_deref(), Some("narrative-review"));
        assert_eq!(s("JOUR"), None);
    }
}
