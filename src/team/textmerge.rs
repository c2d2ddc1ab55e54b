//! A three-way merge of lines, as `git merge-file` does it (diff3): runs of
//! lines that BASE, OURS and THEIRS share are kept, and between them the
//! side that changed wins; both changed differently is a conflict.
//!
//! The data merges try it first: when it is clean and reads as the same
//! data as their own result, its text keeps both sides' comments and layout
//! exactly.

use similar::{Algorithm, DiffTag, capture_diff_slices};

/// The result of a line merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineMerge {
    /// The merged text, with git's markers around each conflict.
    pub text: String,
    /// Number of conflicting regions.
    pub conflicts: usize,
}

/// For each line of `base`, the line of `other` it matches (equal runs of a
/// line diff), if any.
fn matches(base: &[&str], other: &[&str]) -> Vec<Option<usize>> {
    let mut out = vec![None; base.len()];
    for op in capture_diff_slices(Algorithm::Myers, base, other) {
        let (tag, b, o) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            for (i, j) in b.zip(o) {
                out[i] = Some(j);
            }
        }
    }
    out
}

/// Merges three texts line by line; see the module documentation.
pub fn merge_lines(base: &str, ours: &str, theirs: &str) -> LineMerge {
    let b: Vec<&str> = base.split_inclusive('\n').collect();
    let o: Vec<&str> = ours.split_inclusive('\n').collect();
    let t: Vec<&str> = theirs.split_inclusive('\n').collect();
    let mo = matches(&b, &o);
    let mt = matches(&b, &t);
    let mut out = String::with_capacity(ours.len().max(theirs.len()));
    let mut conflicts = 0;
    let (mut i, mut j, mut k) = (0, 0, 0);
    loop {
        // The next base line that both sides kept, past where each side is.
        let stable = (i..b.len()).find_map(|x| match (mo[x], mt[x]) {
            (Some(y), Some(z)) if y >= j && z >= k => Some((x, y, z)),
            _ => None,
        });
        let (x, y, z) = stable.unwrap_or((b.len(), o.len(), t.len()));
        if (x, y, z) != (i, j, k) {
            conflicts += chunk(&mut out, &b[i..x], &o[j..y], &t[k..z]);
        }
        if stable.is_none() {
            break;
        }
        out.push_str(b[x]);
        (i, j, k) = (x + 1, y + 1, z + 1);
    }
    LineMerge {
        text: out,
        conflicts,
    }
}

/// Writes one unstable chunk: the side that changed it, or both between
/// markers. Returns 1 for a conflict.
fn chunk(out: &mut String, b: &[&str], o: &[&str], t: &[&str]) -> usize {
    let lines = |out: &mut String, l: &[&str]| {
        for line in l {
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push('\n');
            }
        }
    };
    if o == b || o == t {
        t.iter().for_each(|l| out.push_str(l));
        0
    } else if t == b {
        o.iter().for_each(|l| out.push_str(l));
        0
    } else {
        out.push_str("<<<<<<< ours\n");
        lines(out, o);
        out.push_str("=======\n");
        lines(out, t);
        out.push_str(">>>>>>> theirs\n");
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_on_different_lines_merge() {
        let m = merge_lines("a\nb\nc\nd\n", "A\nb\nc\nd\n", "a\nb\nc\nD\n");
        assert_eq!(m.text, "A\nb\nc\nD\n");
        assert_eq!(m.conflicts, 0);
    }

    #[test]
    fn the_same_line_changed_twice_conflicts() {
        let m = merge_lines("a\nb\nc\n", "a\nB\nc\n", "a\nX\nc\n");
        assert_eq!(
            m.text,
            "a\n<<<<<<< ours\nB\n=======\nX\n>>>>>>> theirs\nc\n"
        );
        assert_eq!(m.conflicts, 1);
    }

    #[test]
    fn additions_at_the_end_on_both_sides_conflict_and_one_side_merges() {
        let m = merge_lines("a\n", "a\nb\n", "a\nc\n");
        assert_eq!(m.conflicts, 1);
        let m = merge_lines("a\n", "a\nb\n", "a\n");
        assert_eq!((m.text.as_str(), m.conflicts), ("a\nb\n", 0));
        let m = merge_lines("", "x\n", "x\n");
        assert_eq!((m.text.as_str(), m.conflicts), ("x\n", 0));
    }
}
