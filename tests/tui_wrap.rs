//! The row count the TUI uses to stop scrolling at the end of a pane is the
//! count ratatui's own word wrapper gives, for any text and width.

use litrev::tui::wrap::rows;
use proptest::prelude::*;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// Text made of what study files hold: words, runs of spaces, wide
/// characters, combining marks, no-break spaces.
fn piece() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a",
            "bb",
            "word",
            "longerword",
            " ",
            "  ",
            "   ",
            "日本",
            "語",
            "é",
            "e\u{301}",
            "\u{a0}",
            "-",
            "[31, 41–51]",
            "👩‍🔬",
        ]),
        0..30,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn rows_match_ratatui(
        lines in prop::collection::vec(prop::collection::vec(piece(), 1..4), 0..6),
        width in 0u16..40,
    ) {
        let lines: Vec<Line> = lines
            .into_iter()
            .map(|spans| Line::from(spans.into_iter().map(Span::raw).collect::<Vec<_>>()))
            .collect();
        let theirs = Paragraph::new(lines.clone())
            .wrap(Wrap { trim: false })
            .line_count(width);
        prop_assert_eq!(rows(&lines, width), theirs);
    }
}
