//! A file holding git's conflict markers, split into its two sides: the
//! loader shows a conflicted study as its OURS side (marked, never counted),
//! and `litrev resolve` writes the side chosen.

/// The two versions of a file with conflict markers, and the conflicting
/// hunks as they stand in the file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Conflicted {
    /// The file with every hunk's first side (`<<<<<<<` to `=======`).
    pub ours: String,
    /// The file with every hunk's second side (`=======` to `>>>>>>>`).
    pub theirs: String,
    pub hunks: Vec<Hunk>,
}

/// One conflicting region.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Hunk {
    /// 1-based line of its `<<<<<<<` marker.
    pub line: usize,
    pub ours: String,
    pub theirs: String,
}

#[derive(Clone, Copy, PartialEq)]
enum In {
    Both,
    Ours,
    Base,
    Theirs,
}

/// Splits `text` at its conflict markers (a diff3 base section, between
/// `|||||||` and `=======`, is dropped). `None` when it has no markers or
/// they do not pair up.
pub fn split(text: &str) -> Option<Conflicted> {
    let mut out = Conflicted::default();
    let mut state = In::Both;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let marker = |m: &str| line.starts_with(m);
        state = match state {
            In::Both if marker("<<<<<<<") => {
                out.hunks.push(Hunk {
                    line: i + 1,
                    ..Hunk::default()
                });
                In::Ours
            }
            In::Ours if marker("|||||||") => In::Base,
            In::Ours | In::Base if marker("=======") => In::Theirs,
            In::Theirs if marker(">>>>>>>") => In::Both,
            s => {
                let hunk = out.hunks.last_mut();
                match (s, hunk) {
                    (In::Both, _) => {
                        out.ours.push_str(line);
                        out.theirs.push_str(line);
                    }
                    (In::Ours, Some(h)) => {
                        out.ours.push_str(line);
                        h.ours.push_str(line);
                    }
                    (In::Theirs, Some(h)) => {
                        out.theirs.push_str(line);
                        h.theirs.push_str(line);
                    }
                    _ => {}
                }
                s
            }
        };
    }
    (state == In::Both && !out.hunks.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_two_sides_and_drops_the_base() {
        let text = "a\n<<<<<<< ours\nb\n||||||| base\nc\n=======\nd\n>>>>>>> theirs\ne\n";
        let c = split(text).expect("conflicted");
        assert_eq!(c.ours, "a\nb\ne\n");
        assert_eq!(c.theirs, "a\nd\ne\n");
        assert_eq!(c.hunks.len(), 1);
        assert_eq!(c.hunks[0].line, 2);
    }

    #[test]
    fn unpaired_markers_or_none_are_no_conflict() {
        assert_eq!(split("a\nb\n"), None);
        assert_eq!(split("<<<<<<< ours\nb\n=======\n"), None);
    }
}
