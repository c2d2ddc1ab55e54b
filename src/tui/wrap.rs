//! Word wrapping and row counting, shared by the views (which draw wrapped
//! text) and the update (which needs to know how far a pane can scroll)
//! without the update rebuilding a view.

use std::collections::VecDeque;

use ratatui::text::Line;

use crate::manuscript::tally::{Group, Tally};
use crate::text::inert_line;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// `s` broken at spaces into lines at most `max` columns wide (a word
/// longer than a line is cut), continuation lines starting with `indent`.
pub fn wrap(s: &str, max: usize, indent: &str) -> Vec<String> {
    let max = max.max(indent.width() + 2);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        let sep = usize::from(!line.is_empty() && !line.ends_with(' '));
        if !line.is_empty() && line.width() + sep + word.width() > max {
            lines.push(std::mem::take(&mut line));
            line.push_str(indent);
        } else if sep == 1 {
            line.push(' ');
        }
        for g in word.graphemes(true) {
            if line.width() + g.width() > max {
                lines.push(std::mem::take(&mut line));
                line.push_str(indent);
            }
            line.push_str(g);
        }
    }
    lines.push(line);
    lines
}

/// The rows `lines` take in a `Paragraph` `width` columns wide wrapped with
/// `Wrap { trim: false }` (borders not included): ratatui's word wrapper,
/// counted rather than laid out.
pub fn rows(lines: &[Line], width: u16) -> usize {
    if width == 0 {
        return 0;
    }
    lines
        .iter()
        .map(|line| {
            // Graphemes never span two spans; control characters are not drawn.
            let graphemes = line.spans.iter().flat_map(|span| {
                span.content
                    .graphemes(true)
                    .filter(|g| !g.contains(char::is_control))
            });
            line_rows(graphemes, usize::from(width))
        })
        .sum()
}

/// The widths of the tally table's columns, in terminal columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TallyColumns {
    pub label: usize,
    pub count: usize,
    pub bar: usize,
    /// The citations, wrapped in this width.
    pub cite: usize,
}

/// "12 of 75 (16.0%)".
pub fn count_text(g: &Group, total: usize) -> String {
    format!("{} of {} ({:.1}%)", g.count, total, g.percent)
}

/// What a group is in the tally table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TallyRow {
    /// A group at the top level.
    Group,
    /// One of its children (`last`: the last row under the group).
    Child { last: bool },
    /// Studies coded at the group's level only: always its last row.
    Other,
}

impl TallyRow {
    /// Columns before the label: a space, or the tree drawing of a child.
    pub fn indent(self) -> usize {
        if self == TallyRow::Group { 1 } else { 5 }
    }
}

/// Every group of a tally in the order shown: each group, its children,
/// its "other" row.
pub fn tally_groups(tally: &Tally) -> impl Iterator<Item = (TallyRow, &Group)> {
    tally.groups.iter().flat_map(|g| {
        let n = g.children.len() + usize::from(g.other.is_some());
        std::iter::once((TallyRow::Group, g))
            .chain(
                g.children
                    .iter()
                    .enumerate()
                    .map(move |(k, c)| (TallyRow::Child { last: k + 1 == n }, c)),
            )
            .chain(g.other.as_deref().map(|o| (TallyRow::Other, o)))
    })
}

/// A group's label in lines of at most `w` columns, its indent not
/// included (long labels wrap rather than hide which group they name).
pub fn label_lines(g: &Group, row: TallyRow, w: usize) -> Vec<String> {
    wrap(&inert_line(&g.label), w.saturating_sub(row.indent()), "")
}

/// The tally table's columns for a table `w` columns wide. The bar gives
/// way first so that citations keep some room.
pub fn tally_columns(tally: &Tally, w: usize) -> TallyColumns {
    let label = (w * 32 / 100).clamp(16, 40);
    // As wide as the widest count, so that the bars start in one column.
    let count = tally_groups(tally)
        .map(|(_, g)| count_text(g, tally.total).len())
        .max()
        .unwrap_or(0)
        .max(18);
    let rest = w.saturating_sub(label + count + 4);
    let bar = (rest / 2).clamp(4, 30).min(rest.saturating_sub(16).max(4));
    TallyColumns {
        label,
        count,
        bar,
        cite: rest.saturating_sub(bar),
    }
}

/// A group's citation ("[31, 41–51]") in lines of at most `w` columns,
/// broken after commas; none when it cites nothing.
pub fn citation_lines(g: &Group, w: usize) -> Vec<String> {
    if g.citation.is_empty() {
        return Vec::new();
    }
    wrap(&format!("[{}]", g.citation), w, " ")
}

/// The rows one group takes: as many as its label or citation wraps onto.
pub fn group_rows(g: &Group, row: TallyRow, cols: &TallyColumns) -> usize {
    label_lines(g, row, cols.label)
        .len()
        .max(citation_lines(g, cols.cite).len())
        .max(1)
}

/// The rows the counts of `tally` take in a table `w` columns wide: one per
/// group, more where its label or citation wraps.
pub fn tally_rows(tally: &Tally, w: u16) -> usize {
    let cols = tally_columns(tally, usize::from(w));
    tally_groups(tally)
        .map(|(row, g)| group_rows(g, row, &cols))
        .sum()
}

/// The width a grapheme is drawn in, as ratatui measures it.
fn cell_width(g: &str) -> usize {
    if g.len() == 1 {
        return 1;
    }
    // Halfwidth (han)dakuten take a cell of their own in terminals.
    g.width()
        + g.chars()
            .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}'))
            .count()
}

fn is_whitespace(g: &str) -> bool {
    g == "\u{200b}" || (g.chars().all(char::is_whitespace) && g != "\u{a0}")
}

/// Rows one line takes: words move whole to the next row when they do not
/// fit, a word wider than the row is cut, spaces are kept.
fn line_rows<'a>(graphemes: impl Iterator<Item = &'a str>, max: usize) -> usize {
    let mut rows = 0;
    // The row being filled: graphemes on it and its width.
    let (mut row_len, mut row_width) = (0, 0);
    // The word being read, and the spaces before it (each one's width).
    let (mut word_len, mut word_width) = (0, 0);
    let mut spaces: VecDeque<usize> = VecDeque::new();
    let mut spaces_width = 0;
    let mut after_word = false;
    for g in graphemes {
        let space = is_whitespace(g);
        let w = cell_width(g);
        if w > max {
            continue; // never drawn
        }
        let word_ends = after_word && space;
        let overflows_alone = row_len == 0 && word_width + spaces_width + w > max;
        if word_ends || overflows_alone {
            row_len += spaces.len() + word_len;
            row_width += spaces_width + word_width;
            spaces.clear();
            (spaces_width, word_len, word_width) = (0, 0, 0);
        }
        if row_width >= max || (w > 0 && row_width + spaces_width + word_width >= max) {
            let mut room = max.saturating_sub(row_width);
            rows += 1;
            (row_len, row_width) = (0, 0);
            // Spaces that still fit end the row.
            while let Some(&front) = spaces.front() {
                if front > room {
                    break;
                }
                spaces_width -= front;
                room -= front;
                spaces.pop_front();
            }
            if space && spaces.is_empty() {
                continue;
            }
        }
        if space {
            spaces_width += w;
            spaces.push_back(w);
        } else {
            word_width += w;
            word_len += 1;
        }
        after_word = !space;
    }
    if row_len + spaces.len() + word_len > 0 {
        rows += 1;
    }
    rows.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_within_the_width() {
        assert_eq!(wrap("aaa bbb ccc", 7, "  "), vec!["aaa bbb", "  ccc"]);
        assert_eq!(wrap("abcdefghij", 4, ""), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10, ""), vec![""]);
        for l in wrap("日本語 テキスト の 折り返し", 6, " ") {
            assert!(l.width() <= 6, "{l}");
        }
    }

    #[test]
    fn rows_count_words_moved_to_the_next_row() {
        let count = |s: &str, w| rows(&[Line::raw(s.to_string())], w);
        assert_eq!(count("", 10), 1);
        assert_eq!(count("aaa bbb", 7), 1);
        assert_eq!(count("aaa bbb ccc", 7), 2);
        assert_eq!(count("abcdefghij", 4), 3);
        assert_eq!(count("日本語", 4), 2);
        assert_eq!(count("anything", 0), 0);
    }
}
