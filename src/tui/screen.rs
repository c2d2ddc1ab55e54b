//! What the user sees: a base screen, and a stack of overlays over it, each
//! owning its state. The keymap mode in force is the top overlay's, or the
//! base screen's when nothing is open over it.

use super::app::{Dialog, FilterPicker, Mode, Pager, TallyView};
use super::appraise::{AppraiseForm, ReconcileView, Stage};
use super::form::Form;
use super::textbuf::TextBuf;
use crate::manuscript::map::Map;

/// The screen under any overlays. A new screen (the appraisal grid, the
/// evidence map) is a new variant with its own state and keymap mode.
#[derive(Debug)]
pub enum Screen {
    /// The studies table and the detail pane.
    Table,
    /// The counts and their sentence.
    Tally(TallyView),
    /// The appraisal grid of one instrument.
    Grid(GridView),
    /// The evidence map: two dimensions crossed.
    Map(MapView),
    /// The screening screen (boxed: it holds the searches' records).
    Screening(Box<super::screening::ScreenView>),
}

/// The evidence map's state: the dimensions crossed (indices into
/// [`crate::manuscript::map::Dim::all`]), the map of the studies shown when it was drawn, the cell
/// under the cursor and how far the cell's list of studies is scrolled.
#[derive(Debug, Clone)]
pub struct MapView {
    pub rows: usize,
    pub cols: usize,
    pub map: Option<Map>,
    /// Row under the cursor; `map.rows.len()` is the totals row.
    pub row: usize,
    /// Column under the cursor; `map.cols.len()` is the totals column.
    pub col: usize,
    /// First line of the cell's list of studies shown.
    pub list_scroll: usize,
    /// The studies of the cell under the cursor, worked out when the map or
    /// the cursor changes rather than on every frame (the totals cell of a
    /// large review gathers and sorts every study).
    pub cell: Option<CellStudies>,
}

/// The ids of the studies of the map cell at (`row`, `col`), in citing
/// order.
#[derive(Debug, Clone)]
pub struct CellStudies {
    pub row: usize,
    pub col: usize,
    pub ids: Vec<String>,
}

impl MapView {
    /// Design down, tags across (the first and third of
    /// [`crate::manuscript::map::Dim::all`]), the cursor on the first cell.
    pub fn new() -> Self {
        MapView {
            rows: 0,
            cols: 2,
            map: None,
            row: 0,
            col: 0,
            list_scroll: 0,
            cell: None,
        }
    }
}

impl Default for MapView {
    fn default() -> Self {
        Self::new()
    }
}

/// "Merge both" with values changed differently on the two sides: each
/// one shown with ours and theirs, to take one side of each.
#[derive(Debug, Clone)]
pub struct MergeChoice {
    /// What we wanted to write, and the study whose file changed.
    pub batch: Box<crate::session::Batch>,
    pub id: String,
    /// The three texts merged: what we loaded, ours, what is on disk.
    pub base: String,
    pub mine: String,
    pub disk: String,
    pub rows: Vec<MergeRow>,
    pub cursor: usize,
}

/// One value in conflict: its name, the lines of each side, the side taken.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeRow {
    pub name: String,
    pub ours: String,
    pub theirs: String,
    pub take: crate::team::merge::Side,
}

/// The appraisal grid's state.
#[derive(Debug, Clone, Default)]
pub struct GridView {
    /// Index into the instruments the shown studies use.
    pub instrument: usize,
    /// Row under the cursor.
    pub cursor: usize,
    /// The first item column shown, when the items do not all fit.
    pub col: usize,
}

impl Screen {
    /// The keymap table in force on this screen.
    pub fn mode(&self) -> Mode {
        match self {
            Screen::Table => Mode::Normal,
            Screen::Tally(_) => Mode::Tally,
            Screen::Grid(_) => Mode::Grid,
            Screen::Map(_) => Mode::Map,
            Screen::Screening(v) => v.mode(),
        }
    }
}

/// Something open over the base screen.
#[derive(Debug)]
pub enum Overlay {
    /// The search box, with what is being typed (the query applied so far
    /// belongs to the table).
    Search(TextBuf),
    /// The filter picker.
    Filter(FilterPicker),
    /// Choosing a sort column.
    Sort,
    /// The edit / add form (boxed: it is much larger than the others).
    Form(Box<Form>),
    /// A scrollable text: help, problems, a conflict side by side.
    Pager(Pager),
    /// A question.
    Dialog(Dialog),
    /// The appraisal form.
    Appraise(Box<AppraiseForm>),
    /// The reviewers side by side, choosing the consensus.
    Reconcile(Box<ReconcileView>),
    /// Importing a reference file (boxed: the preview holds the plan).
    Import(Box<super::import::Import>),
}

impl Overlay {
    /// The keymap table in force while this overlay is on top.
    pub fn mode(&self) -> Mode {
        match self {
            Overlay::Search(_) => Mode::Search,
            Overlay::Filter(_) => Mode::Filter,
            Overlay::Sort => Mode::Sort,
            Overlay::Form(_) => Mode::Form,
            Overlay::Pager(_) => Mode::Pager,
            Overlay::Dialog(_) => Mode::Dialog,
            Overlay::Appraise(f) if f.typing.is_some() || matches!(f.stage, Stage::Initials(_)) => {
                Mode::Textbox
            }
            Overlay::Appraise(_) => Mode::Appraise,
            Overlay::Reconcile(v) if v.typing.is_some() => Mode::Textbox,
            Overlay::Reconcile(_) => Mode::Reconcile,
            Overlay::Import(_) => Mode::Import,
        }
    }
}

/// The overlays, bottom first. Closing one closes whatever was opened over
/// it ("show both" over a conflict, help over a form).
#[derive(Debug, Default)]
pub struct Overlays(Vec<Overlay>);

/// The state of the topmost overlay of one kind, shared or mutable.
macro_rules! topmost {
    ($name:ident, $name_mut:ident, $variant:ident, $t:ty) => {
        /// The topmost overlay of this kind, if any is open.
        pub fn $name(&self) -> Option<&$t> {
            self.0.iter().rev().find_map(|o| match o {
                Overlay::$variant(x) => Some(x),
                _ => None,
            })
        }

        /// See the shared accessor of the same kind.
        pub fn $name_mut(&mut self) -> Option<&mut $t> {
            self.0.iter_mut().rev().find_map(|o| match o {
                Overlay::$variant(x) => Some(x),
                _ => None,
            })
        }
    };
}

impl Overlays {
    /// The overlay on top.
    pub fn top(&self) -> Option<&Overlay> {
        self.0.last()
    }

    /// The overlay on top, to change it.
    pub fn top_mut(&mut self) -> Option<&mut Overlay> {
        self.0.last_mut()
    }

    /// Opens `o` over everything.
    pub fn push(&mut self, o: Overlay) {
        self.0.push(o);
    }

    /// Closes the overlay on top.
    pub fn pop(&mut self) -> Option<Overlay> {
        self.0.pop()
    }

    /// Closes everything.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// The overlays, bottom first (the order they are drawn in).
    pub fn iter(&self) -> impl Iterator<Item = &Overlay> {
        self.0.iter()
    }

    /// Number of overlays open.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when the base screen has nothing over it.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Closes the topmost overlay of `mode` and everything over it; returns
    /// that overlay (`None`, and nothing closed, when none is open).
    pub fn close(&mut self, mode: Mode) -> Option<Overlay> {
        let pos = self.0.iter().rposition(|o| o.mode() == mode)?;
        self.0.truncate(pos + 1);
        self.0.pop()
    }

    /// Closes everything over the topmost overlay of `mode`, leaving it on
    /// top; false when none is open.
    pub fn close_above(&mut self, mode: Mode) -> bool {
        match self.0.iter().rposition(|o| o.mode() == mode) {
            Some(pos) => {
                self.0.truncate(pos + 1);
                true
            }
            None => false,
        }
    }

    /// Closes the topmost editor (the study form, the appraisal form, the
    /// reconcile view) and everything over it; false when none is open.
    pub fn close_editor(&mut self) -> bool {
        let Some(pos) = self.0.iter().rposition(|o| {
            matches!(
                o,
                Overlay::Form(_) | Overlay::Appraise(_) | Overlay::Reconcile(_)
            )
        }) else {
            return false;
        };
        self.0.truncate(pos);
        true
    }

    topmost!(dialog, dialog_mut, Dialog, Dialog);
    topmost!(appraise, appraise_mut, Appraise, Box<AppraiseForm>);
    topmost!(reconcile, reconcile_mut, Reconcile, Box<ReconcileView>);
    topmost!(form, form_mut, Form, Box<Form>);
    topmost!(pager, pager_mut, Pager, Pager);
    topmost!(picker, picker_mut, Filter, FilterPicker);
    topmost!(search, search_mut, Search, TextBuf);
    topmost!(import, import_mut, Import, Box<super::import::Import>);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Review;
    use crate::model::Study;
    use crate::tui::app::PagerKind;
    use crate::tui::form::FormTarget;

    fn form() -> Overlay {
        let review = Review::default();
        Overlay::Form(Box::new(Form::new(
            &review,
            &Study::default(),
            FormTarget::Add,
        )))
    }

    fn help() -> Overlay {
        Overlay::Pager(Pager {
            kind: PagerKind::Help(Mode::Form),
            scroll: 0,
            cursor: 0,
        })
    }

    fn modes(o: &Overlays) -> Vec<Mode> {
        o.iter().map(Overlay::mode).collect()
    }

    #[test]
    fn closing_a_dialog_closes_what_was_opened_over_it_only() {
        let mut o = Overlays::default();
        o.push(form());
        o.push(help());
        o.push(Overlay::Dialog(Dialog::ConfirmDiscard));
        let closed = o.close(Mode::Dialog);
        assert!(matches!(
            closed,
            Some(Overlay::Dialog(Dialog::ConfirmDiscard))
        ));
        assert_eq!(modes(&o), vec![Mode::Form, Mode::Pager]);

        // A pager opened over a dialog goes with it.
        let mut o = Overlays::default();
        o.push(form());
        o.push(Overlay::Dialog(Dialog::ConfirmDiscard));
        o.push(help());
        o.close(Mode::Dialog);
        assert_eq!(modes(&o), vec![Mode::Form]);
        assert!(o.pager().is_none() && o.dialog().is_none());
        assert!(o.form().is_some());
    }

    #[test]
    fn closing_what_is_not_open_changes_nothing() {
        let mut o = Overlays::default();
        o.push(form());
        assert!(o.close(Mode::Dialog).is_none());
        assert!(!o.close_above(Mode::Pager));
        assert_eq!(modes(&o), vec![Mode::Form]);
    }

    #[test]
    fn the_mode_in_force_is_the_top_overlays() {
        let mut o = Overlays::default();
        assert!(o.top().is_none() && o.is_empty());
        o.push(Overlay::Search(TextBuf::single("trust")));
        o.push(help());
        assert_eq!(o.top().map(Overlay::mode), Some(Mode::Pager));
        assert_eq!(o.search().map(|b| b.text()), Some("trust".to_string()));
        o.pop();
        assert_eq!(o.top().map(Overlay::mode), Some(Mode::Search));
        assert!(o.close_above(Mode::Search));
        assert_eq!(o.len(), 1);
        assert_eq!(Screen::Table.mode(), Mode::Normal);
        assert_eq!(Screen::Tally(TallyView::default()).mode(), Mode::Tally);
    }

    #[test]
    fn accessors_find_the_topmost_of_a_kind_under_others() {
        let mut o = Overlays::default();
        o.push(form());
        o.push(Overlay::Dialog(Dialog::ConfirmDiscard));
        o.push(help());
        assert!(o.form().is_some() && o.dialog().is_some());
        if let Some(p) = o.pager_mut() {
            p.scroll = 4;
        }
        assert_eq!(o.pager().map(|p| p.scroll), Some(4));
        o.clear();
        assert!(o.is_empty());
    }
}
