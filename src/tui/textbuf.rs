//! A small text editor for one line (search box, form inputs) or several
//! (notes, authors one per line), with a cursor in characters.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::action::TextEdit;

/// Editable text with a cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBuf {
    lines: Vec<String>,
    /// Cursor line.
    row: usize,
    /// Cursor position in `lines[row]`, in characters.
    col: usize,
    multiline: bool,
}

impl Default for TextBuf {
    fn default() -> Self {
        Self::single("")
    }
}

/// What a movement did at the edge of the text (for moving between fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Moved,
    Top,
    Bottom,
}

impl TextBuf {
    /// A one-line text box holding `s` (line breaks become spaces), cursor at the end.
    pub fn single(s: &str) -> Self {
        let line: String = s.chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
        let col = line.chars().count();
        Self {
            lines: vec![line],
            row: 0,
            col,
            multiline: false,
        }
    }

    /// A multi-line text box holding `s`, cursor at the end.
    pub fn multi(s: &str) -> Self {
        let lines: Vec<String> = s.split('\n').map(String::from).collect();
        let row = lines.len() - 1;
        let col = lines[row].chars().count();
        Self {
            lines,
            row,
            col,
            multiline: true,
        }
    }

    /// The text, lines joined with `\n`.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// The lines.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// True for a multi-line box.
    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    /// Cursor line and column (in characters).
    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.col)
    }

    /// Replaces the whole text, cursor at the end.
    pub fn set(&mut self, s: &str) {
        *self = if self.multiline {
            Self::multi(s)
        } else {
            Self::single(s)
        };
    }

    fn byte(&self, col: usize) -> usize {
        let l = &self.lines[self.row];
        l.char_indices().nth(col).map(|(i, _)| i).unwrap_or(l.len())
    }

    fn line_len(&self) -> usize {
        self.lines[self.row].chars().count()
    }

    /// Character offsets where the cursor may stand on the current line: the
    /// edges of its graphemes, so that it never splits an emoji, a flag or a
    /// letter from its combining accent.
    fn stops(&self) -> Vec<usize> {
        let mut v = vec![0];
        let mut n = 0;
        for g in self.lines[self.row].graphemes(true) {
            n += g.chars().count();
            v.push(n);
        }
        v
    }

    /// The stop before the cursor.
    fn prev_stop(&self) -> usize {
        self.stops()
            .into_iter()
            .rev()
            .find(|&s| s < self.col)
            .unwrap_or(0)
    }

    /// The stop after the cursor.
    fn next_stop(&self) -> usize {
        self.stops()
            .into_iter()
            .find(|&s| s > self.col)
            .unwrap_or_else(|| self.line_len())
    }

    /// Moves the cursor back to a stop (after moving to another line).
    fn snap(&mut self) {
        self.col = self
            .stops()
            .into_iter()
            .rev()
            .find(|&s| s <= self.col)
            .unwrap_or(0);
    }

    /// Removes characters `from..to` of the current line.
    fn remove_chars(&mut self, from: usize, to: usize) {
        let (a, b) = (self.byte(from), self.byte(to));
        self.lines[self.row].replace_range(a..b, "");
    }

    /// Types a character (a newline only in a multi-line box).
    pub fn insert(&mut self, c: char) {
        if c == '\n' || c == '\r' {
            if self.multiline {
                let b = self.byte(self.col);
                let tail = self.lines[self.row].split_off(b);
                self.lines.insert(self.row + 1, tail);
                self.row += 1;
                self.col = 0;
            }
            return;
        }
        if c.is_control() {
            return;
        }
        let b = self.byte(self.col);
        self.lines[self.row].insert(b, c);
        self.col += 1;
    }

    /// Applies an editing key; reports hitting the top or bottom with Up/Down.
    pub fn edit(&mut self, e: TextEdit) -> Edge {
        match e {
            TextEdit::Backspace => {
                if self.col > 0 {
                    let p = self.prev_stop();
                    self.remove_chars(p, self.col);
                    self.col = p;
                } else if self.row > 0 {
                    let line = self.lines.remove(self.row);
                    self.row -= 1;
                    self.col = self.line_len();
                    self.lines[self.row].push_str(&line);
                }
            }
            TextEdit::Delete => {
                if self.col < self.line_len() {
                    let n = self.next_stop();
                    self.remove_chars(self.col, n);
                } else if self.row + 1 < self.lines.len() {
                    let next = self.lines.remove(self.row + 1);
                    self.lines[self.row].push_str(&next);
                }
            }
            TextEdit::Left => {
                if self.col > 0 {
                    self.col = self.prev_stop();
                } else if self.row > 0 {
                    self.row -= 1;
                    self.col = self.line_len();
                }
            }
            TextEdit::Right => {
                if self.col < self.line_len() {
                    self.col = self.next_stop();
                } else if self.row + 1 < self.lines.len() {
                    self.row += 1;
                    self.col = 0;
                }
            }
            TextEdit::Home => self.col = 0,
            TextEdit::End => self.col = self.line_len(),
            TextEdit::Up => {
                if self.row == 0 {
                    return Edge::Top;
                }
                self.row -= 1;
                self.col = self.col.min(self.line_len());
                self.snap();
            }
            TextEdit::Down => {
                if self.row + 1 >= self.lines.len() {
                    return Edge::Bottom;
                }
                self.row += 1;
                self.col = self.col.min(self.line_len());
                self.snap();
            }
            TextEdit::ClearToStart => {
                let b = self.byte(self.col);
                self.lines[self.row].replace_range(..b, "");
                self.col = 0;
            }
            TextEdit::DeleteWord => {
                let chars: Vec<char> = self.lines[self.row].chars().collect();
                let mut start = self.col;
                while start > 0 && chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && chars[start - 1] != ' ' {
                    start -= 1;
                }
                let (a, b) = (self.byte(start), self.byte(self.col));
                self.lines[self.row].replace_range(a..b, "");
                self.col = start;
            }
        }
        Edge::Moved
    }
}

/// The part of `line` to show in `width` columns so that the cursor (at
/// character `col`) stays visible, and the cursor's column within it.
pub fn window(line: &str, col: usize, width: usize) -> (String, usize) {
    if width == 0 {
        return (String::new(), 0);
    }
    // Only the text near the cursor can be on screen: a field of megabytes
    // is not walked grapheme by grapheme on every key (a grapheme is at
    // least one column or a combining mark, so `width` graphemes before and
    // after the cursor, with some slack, always fill the box).
    let reach = width.saturating_mul(4) + 16;
    let (from, col) = match line.char_indices().nth(col.saturating_sub(reach)) {
        Some((b, _)) if col > reach => (b, reach),
        _ => (0, col),
    };
    let rest = &line[from..];
    let to = rest
        .char_indices()
        .nth(col + reach)
        .map_or(rest.len(), |(b, _)| b);
    let line = &rest[..to];
    let graphemes: Vec<&str> = line.graphemes(true).collect();
    // Grapheme index holding character `col`.
    let mut chars = 0;
    let mut gi = graphemes.len();
    for (i, g) in graphemes.iter().enumerate() {
        if chars >= col {
            gi = i;
            break;
        }
        chars += g.chars().count();
    }
    let before: usize = graphemes[..gi].iter().map(|g| g.width()).sum();
    let mut start = 0;
    let mut skipped = 0;
    // Keep one column free for the cursor itself.
    while before - skipped + 1 > width && start < gi {
        skipped += graphemes[start].width();
        start += 1;
    }
    let mut out = String::new();
    let mut w = 0;
    for g in &graphemes[start..] {
        let gw = g.width();
        if w + gw > width {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    (out, before - skipped)
}

/// `shown` (what [`window`] shows of `line`) with a "…" in place of its
/// first or last grapheme where `line` goes on past that edge, so a field
/// scrolled sideways says so. The widths stay as they were (a wide
/// grapheme gives way to "…" and a space), so the cursor column holds; the
/// grapheme under the cursor (`cursor`, a column of `shown`) is never
/// replaced.
pub fn mark_cut(line: &str, shown: &str, cursor: usize) -> String {
    let graphemes: Vec<&str> = shown.graphemes(true).collect();
    if graphemes.len() < 2 {
        return shown.to_string();
    }
    let left = !line.starts_with(shown) && cursor > 0;
    let total: usize = graphemes.iter().map(|g| g.width()).sum();
    let last_w = graphemes.last().map_or(0, |g| g.width());
    let right = !line.ends_with(shown) && cursor < total.saturating_sub(last_w);
    let mut out = String::new();
    let n = graphemes.len();
    for (i, g) in graphemes.iter().enumerate() {
        if (i == 0 && left) || (i + 1 == n && right) {
            out.push('…');
            out.push_str(&" ".repeat(g.width().saturating_sub(1)));
        } else {
            out.push_str(g);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_lines() {
        let mut t = TextBuf::multi("ab\ncd");
        t.edit(TextEdit::Home);
        t.edit(TextEdit::Backspace);
        assert_eq!(t.text(), "abcd");
        t.insert('\n');
        assert_eq!(t.text(), "ab\ncd");
        assert_eq!(t.edit(TextEdit::Down), Edge::Bottom);
        t.edit(TextEdit::Up);
        t.edit(TextEdit::End);
        t.edit(TextEdit::Delete);
        assert_eq!(t.text(), "abcd");
        let mut s = TextBuf::single("héllo wörld");
        s.edit(TextEdit::DeleteWord);
        assert_eq!(s.text(), "héllo ");
        s.insert('\n');
        assert_eq!(s.text(), "héllo ");
        s.edit(TextEdit::ClearToStart);
        assert_eq!(s.text(), "");
    }

    #[test]
    fn the_cursor_moves_and_erases_whole_graphemes() {
        // A health-worker emoji (four characters joined), a letter with a
        // combining accent, a flag (two characters) and CJK.
        let mut t = TextBuf::single("a👩\u{200d}⚕\u{fe0f}e\u{301}🇯🇵日");
        t.edit(TextEdit::Home);
        t.edit(TextEdit::Right);
        t.edit(TextEdit::Right);
        assert_eq!(t.cursor(), (0, 5), "over the whole emoji");
        t.insert('x');
        assert_eq!(t.text(), "a👩\u{200d}⚕\u{fe0f}xe\u{301}🇯🇵日");
        t.edit(TextEdit::Right);
        t.edit(TextEdit::Right);
        assert_eq!(t.cursor(), (0, 10));
        t.edit(TextEdit::Left);
        assert_eq!(t.cursor(), (0, 8), "over the flag");
        t.edit(TextEdit::Backspace);
        assert_eq!(t.text(), "a👩\u{200d}⚕\u{fe0f}x🇯🇵日", "é as one");
        t.edit(TextEdit::Delete);
        assert_eq!(t.text(), "a👩\u{200d}⚕\u{fe0f}x日", "the flag as one");
        t.edit(TextEdit::Home);
        t.edit(TextEdit::Right);
        t.edit(TextEdit::Delete);
        assert_eq!(t.text(), "ax日");
        // Up and Down never land inside a grapheme.
        let mut m = TextBuf::multi("👩\u{200d}⚕\u{fe0f}\nabcdef");
        m.edit(TextEdit::End);
        m.edit(TextEdit::Left);
        m.edit(TextEdit::Left);
        m.edit(TextEdit::Left);
        assert_eq!(m.cursor(), (1, 3));
        m.edit(TextEdit::Up);
        assert_eq!(m.cursor(), (0, 0));
        m.insert('y');
        assert_eq!(m.text(), "y👩\u{200d}⚕\u{fe0f}\nabcdef");
    }

    #[test]
    fn window_looks_only_near_the_cursor_of_a_huge_line() {
        let line = "word ".repeat(400_000);
        let n = line.chars().count();
        let (s, c) = window(&line, n, 20);
        assert_eq!(c, 19);
        assert_eq!(s.chars().count(), 19);
        let (s, c) = window(&line, 7, 20);
        assert_eq!((s.as_str(), c), ("word word word word ", 7));
        // The same answer as walking the whole line.
        let small = "ab日本cdéf ".repeat(30);
        let m = small.chars().count();
        for col in [0, 5, 37, m / 2, m] {
            let (s, c) = window(&small, col, 9);
            assert!(
                crate::tui::layout::width(&s) <= 9 && c < 9,
                "{col}: {s} {c}"
            );
        }
    }

    #[test]
    fn mark_cut_says_where_a_field_goes_on() {
        let line = "Therapeutic alliance and clinical outcomes";
        let (shown, cx) = window(line, line.chars().count(), 12);
        assert_eq!(mark_cut(line, &shown, cx), "…l outcomes");
        let (shown, cx) = window(line, 0, 12);
        assert_eq!(mark_cut(line, &shown, cx), "Therapeutic…");
        let (shown, cx) = window(line, 20, 12);
        let marked = mark_cut(line, &shown, cx);
        // The cursor is on the last column shown: that one stays.
        assert_eq!(marked, "…c alliance ");
        assert_eq!(mark_cut("short", "short", 5), "short");
        // A wide grapheme gives way to "…" and a space.
        assert_eq!(mark_cut("日本語の題名", "本語の", 2), "… 語… ");
    }

    #[test]
    fn window_keeps_the_cursor_visible() {
        assert_eq!(window("abcdef", 6, 4), ("def".into(), 3));
        assert_eq!(window("abcdef", 0, 4), ("abcd".into(), 0));
        let (s, c) = window("日本語テキスト", 7, 6);
        assert!(s.ends_with("スト") && c < 6, "{s} {c}");
    }
}
