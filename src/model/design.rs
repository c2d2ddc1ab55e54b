//! Design paths: `group` or `group/child` in the review's design taxonomy.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::model::valid_design_key;

/// A well-formed design path, `group` or `group/child`, each key
/// `[a-z0-9-]+`. Whether the taxonomy holds it is a separate question
/// ([`crate::model::Review::design`]).
///
/// It compares, orders and hashes as its text, so a set of paths can be
/// asked about a `&str` and sorts as the strings would.
#[derive(Debug, Clone)]
pub struct DesignPath {
    path: String,
    /// Where the `/` is, for a child.
    slash: Option<usize>,
}

/// Why a text is not a design path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{text}\" is not a design path: expected group or group/child, each of a-z, 0-9 and -")]
pub struct BadDesignPath {
    pub text: String,
}

impl DesignPath {
    /// Parses `group` or `group/child`.
    pub fn parse(text: &str) -> Result<Self, BadDesignPath> {
        match Self::parts(text) {
            Some((group, child)) => Ok(Self {
                path: text.to_string(),
                slash: child.map(|_| group.len()),
            }),
            None => Err(BadDesignPath {
                text: text.to_string(),
            }),
        }
    }

    /// The group key and the child key of a well-formed `group` or
    /// `group/child`, borrowed from `text` (what [`DesignPath::parse`]
    /// accepts, without a copy: a tally reads every study's).
    pub fn parts(text: &str) -> Option<(&str, Option<&str>)> {
        let (group, child) = match text.split_once('/') {
            Some((g, c)) => (g, Some(c)),
            None => (text, None),
        };
        (valid_design_key(group) && child.is_none_or(valid_design_key)).then_some((group, child))
    }

    /// The path of a group.
    pub fn group_path(group: &str) -> Result<Self, BadDesignPath> {
        Self::parse(group).and_then(|p| {
            if p.is_group() {
                Ok(p)
            } else {
                Err(BadDesignPath {
                    text: group.to_string(),
                })
            }
        })
    }

    /// The path of `child` under `group`.
    pub fn child_path(group: &str, child: &str) -> Result<Self, BadDesignPath> {
        Self::parse(&format!("{group}/{child}"))
    }

    /// The path of keys the taxonomy already holds (checked when
    /// `review.toml` is read), without checking them again.
    pub(crate) fn from_keys(group: &str, child: Option<&str>) -> Self {
        match child {
            Some(c) => Self {
                path: format!("{group}/{c}"),
                slash: Some(group.len()),
            },
            None => Self {
                path: group.to_string(),
                slash: None,
            },
        }
    }

    /// The group's key.
    pub fn group(&self) -> &str {
        match self.slash {
            Some(i) => &self.path[..i],
            None => &self.path,
        }
    }

    /// The child's key, for `group/child`.
    pub fn child(&self) -> Option<&str> {
        self.slash.map(|i| &self.path[i + 1..])
    }

    /// True for a bare group.
    pub fn is_group(&self) -> bool {
        self.slash.is_none()
    }

    /// The group this path belongs to (itself, for a group).
    pub fn to_group(&self) -> DesignPath {
        Self {
            path: self.group().to_string(),
            slash: None,
        }
    }

    /// True when `other` is this path or, for a group, one of its children.
    pub fn contains(&self, other: &DesignPath) -> bool {
        self == other || (self.is_group() && other.group() == self.group())
    }

    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for DesignPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)
    }
}

impl FromStr for DesignPath {
    type Err = BadDesignPath;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl PartialEq for DesignPath {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path
    }
}

impl Eq for DesignPath {}

impl PartialOrd for DesignPath {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DesignPath {
    fn cmp(&self, other: &Self) -> Ordering {
        self.path.cmp(&other.path)
    }
}

impl Hash for DesignPath {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.path.hash(state)
    }
}

impl Borrow<str> for DesignPath {
    fn borrow(&self) -> &str {
        &self.path
    }
}

impl PartialEq<str> for DesignPath {
    fn eq(&self, other: &str) -> bool {
        self.path == other
    }
}

impl PartialEq<&str> for DesignPath {
    fn eq(&self, other: &&str) -> bool {
        self.path == *other
    }
}

impl serde::Serialize for DesignPath {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.path)
    }
}

impl<'de> serde::Deserialize<'de> for DesignPath {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_groups_and_children() {
        let g = DesignPath::parse("qualitative").unwrap();
        assert_eq!(
            (g.group(), g.child(), g.is_group()),
            ("qualitative", None, true)
        );
        let c: DesignPath = "qualitative/patient".parse().unwrap();
        assert_eq!(
            (c.group(), c.child(), c.is_group()),
            ("qualitative", Some("patient"), false)
        );
        assert_eq!(c.to_string(), "qualitative/patient");
        assert_eq!(c.to_group(), g);
        assert_eq!(DesignPath::child_path("a", "b").unwrap(), "a/b");
        assert!(DesignPath::group_path("a/b").is_err());
    }

    #[test]
    fn refuses_malformed_paths() {
        for bad in ["", "/", "a/", "/b", "a/b/c", "A", "a b", "a//b", "ä"] {
            let e = DesignPath::parse(bad).unwrap_err();
            assert!(e.to_string().contains("not a design path"), "{bad}: {e}");
        }
    }

    #[test]
    fn a_group_contains_its_children_only() {
        let p = |s: &str| DesignPath::parse(s).unwrap();
        assert!(p("qual").contains(&p("qual")));
        assert!(p("qual").contains(&p("qual/patient")));
        assert!(p("qual/patient").contains(&p("qual/patient")));
        assert!(!p("qual/patient").contains(&p("qual")));
        assert!(!p("qual/patient").contains(&p("qual/staff")));
        // A key that merely starts like the group is another group.
        assert!(!p("qual").contains(&p("qual-x")));
        assert!(!p("qual").contains(&p("qual-x/patient")));
    }

    #[test]
    fn sets_of_paths_answer_about_text_and_serde_is_a_string() {
        let set: std::collections::BTreeSet<DesignPath> = ["b", "a/c", "a"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        assert!(set.contains("a/c"));
        let order: Vec<&str> = set.iter().map(|p| p.as_str()).collect();
        assert_eq!(order, ["a", "a/c", "b"]);
        let json = serde_json::to_string(&DesignPath::parse("a/c").unwrap()).unwrap();
        assert_eq!(json, "\"a/c\"");
        let back: DesignPath = serde_json::from_str(&json).unwrap();
        assert_eq!(back, "a/c");
        assert!(serde_json::from_str::<DesignPath>("\"a/b/c\"").is_err());
    }
}
