//! A study with a huge field (still under the loader's size limit): the
//! detail pane lays out only the start of it, says that it is cut, and can
//! scroll only over what it shows.

mod tui_support;

use litrev::tui::content::detail::MAX_SHOWN;
use litrev::tui::layout::detail_max_scroll;
use tui_support::*;

#[test]
fn the_detail_pane_cuts_a_huge_field_and_says_so() {
    let notes = "alliance therapeutic ".repeat(50_000); // about 1 MiB
    let text = format!(
        "id = \"big-2020\"\nref = 1\ntitle = \"Big notes\"\nauthors = [\"Berg, Ola\"]\nyear = 2020\nnotes = \"{notes}\"\n"
    );
    let dir = small_review(&[("big-2020", &text)]);
    let mut app = open(dir.path(), 100, 30);
    let room = detail_max_scroll(&app);
    // Only the first MAX_SHOWN bytes are laid out: at most that many rows.
    assert!(
        (room as usize) < MAX_SHOWN / 50,
        "the pane scrolls over {room} rows"
    );
    // Scrolled to its end, the pane shows the note about the rest.
    for _ in 0..room {
        keys(&mut app, "J");
    }
    let shown = screen(&app, 100, 30);
    assert!(
        shown.contains("more in the file]"),
        "no note about the cut field:\n{shown}"
    );
}
