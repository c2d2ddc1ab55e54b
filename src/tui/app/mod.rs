//! The interface's state. Views read it; only [`super::update`] changes it.

use std::path::{Path, PathBuf};

use crate::model::{Review, Study};
use crate::session::{Batch, Session};
use crate::store::Loaded;

use super::action::{Action, Column};
use super::form::Form;
use super::keymap::{Keymap, KeymapError};
use super::screen::{MapView, Overlay, Overlays, Screen};
use super::textbuf::TextBuf;
use super::theme::Theme;

mod filter;
pub use filter::{Filter, FilterPicker, FilterRow};

/// Searches among at most this many studies run at once, even with a
/// search thread.
const BACKGROUND_ABOVE: usize = 5_000;

/// What the keyboard is talking to; each mode has its own table in the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The studies table.
    Normal,
    /// Typing a search.
    Search,
    /// The filter picker.
    Filter,
    /// Choosing a sort column.
    Sort,
    /// The edit / add form.
    Form,
    /// The tally view.
    Tally,
    /// The appraisal grid.
    Grid,
    /// The evidence map.
    Map,
    /// A scrollable text: help, problems, a conflict side by side.
    Pager,
    /// A question: confirm, conflict, invalid editor result.
    Dialog,
    /// The appraisal form.
    Appraise,
    /// Typing in a text box of the appraisal form (a comment, initials).
    Textbox,
    /// The reconcile view.
    Reconcile,
    /// Importing a reference file: its path, then the preview.
    Import,
    /// The screening screen: one record.
    Screen,
    /// The screening screen's lists: records by state, conflicts, duplicates.
    ScreenList,
    /// Typing on the screening screen: a jump, a reason, a full text's place.
    ScreenInput,
}

impl Mode {
    /// Every mode, in keymap order.
    pub const ALL: [Mode; 17] = [
        Mode::Normal,
        Mode::Search,
        Mode::Filter,
        Mode::Sort,
        Mode::Form,
        Mode::Tally,
        Mode::Grid,
        Mode::Map,
        Mode::Pager,
        Mode::Dialog,
        Mode::Appraise,
        Mode::Textbox,
        Mode::Reconcile,
        Mode::Import,
        Mode::Screen,
        Mode::ScreenList,
        Mode::ScreenInput,
    ];

    /// The table name in keymap.toml.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::Search => "search",
            Mode::Filter => "filter",
            Mode::Sort => "sort",
            Mode::Form => "form",
            Mode::Tally => "tally",
            Mode::Grid => "grid",
            Mode::Map => "map",
            Mode::Pager => "pager",
            Mode::Dialog => "dialog",
            Mode::Appraise => "appraise",
            Mode::Textbox => "textbox",
            Mode::Reconcile => "reconcile",
            Mode::Import => "import",
            Mode::Screen => "screen",
            Mode::ScreenList => "screen_list",
            Mode::ScreenInput => "screen_input",
        }
    }

    /// The mode whose keymap table is called `name`.
    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == name)
    }

    /// True when typed characters go into a text box.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Mode::Search
                | Mode::Form
                | Mode::Filter
                | Mode::Appraise
                | Mode::Textbox
                | Mode::Reconcile
                | Mode::Import
                | Mode::ScreenInput
        )
    }

    /// True when pasted text is typed (not the appraisal form's answer
    /// keys, where a paste would answer item after item).
    pub fn takes_paste(self) -> bool {
        self.takes_text() && !matches!(self, Mode::Appraise | Mode::Reconcile)
    }
}

/// The search applied to the table, and its last result (for narrowing as
/// the query grows). What is being typed is the search overlay's.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The query last applied.
    pub query: String,
    /// Ranked hits (indices into the studies) of the queries typed on the
    /// way to `query`, each a prefix of the next: backspace finds its result
    /// here, and a query that adds a term to one of them searches only its
    /// hits (`search::narrows`).
    pub prefix_hits: Vec<(String, Vec<usize>)>,
    /// The request the search thread is working on for `query`, while the
    /// table still shows the last finished result; any other answer is stale.
    pub pending: Option<u64>,
    /// The number the next request to the search thread gets.
    pub next_request: u64,
}

/// A question on screen.
#[derive(Debug, Clone)]
pub enum Dialog {
    ConfirmDelete {
        id: String,
        citation: String,
        /// Only in memory (left for later when a file of its name appeared):
        /// confirming drops it and leaves the file on disk alone.
        never_saved: bool,
    },
    ConfirmQuit {
        unsaved: usize,
        /// The question that was open when the user asked to quit; staying
        /// goes back to it (it may hold a change of its own).
        previous: Option<Box<Dialog>>,
    },
    /// Leave the form, losing its edits?
    ConfirmDiscard,
    /// Remove the temporary files of interrupted saves?
    ConfirmClean { files: usize },
    /// A file changed on disk; `batch` is what we wanted to do, and `id`
    /// the study whose file changed.
    Conflict {
        batch: Box<Batch>,
        id: String,
        /// What is on disk now (`None`: deleted).
        disk: Option<String>,
        /// What they changed, in words ("added appraisal rob2 by BK").
        theirs: String,
        /// What "keep mine" would throw away of theirs ("": nothing).
        drops: String,
        /// "Keep mine" warned about `drops` once: again, it goes ahead.
        warned: bool,
    },
    /// "Merge both" met values changed differently on the two sides.
    MergeChoice(Box<super::screen::MergeChoice>),
    /// Unsaved work a signal left in the recovery file: restore, discard or
    /// decide later (it stays in the file).
    Recover(Box<crate::store::recovery::Recovery>),
    /// `$EDITOR` returned text that is not a valid study.
    EditorInvalid {
        id: String,
        text: String,
        problems: Vec<String>,
    },
}

/// What a pager shows.
#[derive(Debug, Clone)]
pub enum PagerKind {
    /// The bindings of a mode.
    Help(Mode),
    /// The problems found on opening.
    Problems,
    /// A study's history from git, one entry per commit (or why there is none).
    History { id: String, lines: Vec<String> },
    /// A conflict: what we would write and what is on disk.
    Compare {
        id: String,
        mine: String,
        theirs: String,
    },
}

/// A scrollable text over the screen.
#[derive(Debug, Clone)]
pub struct Pager {
    pub kind: PagerKind,
    pub scroll: usize,
    /// In the problems list: the problem under the cursor (Enter opens its
    /// study).
    pub cursor: usize,
}

/// Something only the event loop can do (it owns the terminal).
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Suspend, run `$EDITOR` on a copy of this text, resume, and report back
    /// with [`super::Action::EditorDone`].
    Editor { id: String, text: String },
    /// Put this text on the clipboard (OSC 52).
    Clipboard(String),
}

/// A message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// The tally view's state.
#[derive(Debug, Clone, Default)]
pub struct TallyView {
    /// Index into `By::all`.
    pub by: usize,
    pub tally: Option<crate::manuscript::tally::Tally>,
    pub scroll: usize,
    /// Where the sentence was last written.
    pub file: Option<PathBuf>,
}

/// The whole state of the interface.
#[derive(Debug)]
pub struct App {
    /// The review, its index and the history of this session's changes.
    pub(super) session: Session,
    pub(super) scratch: bool,
    pub(super) keymap: Keymap,
    pub(super) theme: Theme,
    /// The screen under the overlays.
    pub(super) screen: Screen,
    /// What is open over the screen, bottom first.
    pub(super) overlays: Overlays,
    /// Indices into `entries`, in display order.
    pub(super) view: Vec<usize>,
    /// Position in `view`.
    pub(super) selected: usize,
    /// First visible row of the table.
    pub(super) offset: usize,
    pub(super) detail_scroll: u16,
    pub(super) size: (u16, u16),
    pub(super) search: Search,
    /// (studies read, studies in all) while the review is still being read.
    pub(super) loading: Option<(usize, usize)>,
    /// The search thread, when typing searches in the background (the
    /// interface's event loop); without it every search runs at once.
    pub(super) searcher: Option<crate::search::Searcher>,
    /// Searches among more studies than this go to `searcher`; smaller ones
    /// (a few milliseconds) run at once, so what a key shows is final.
    pub(super) background_above: usize,
    pub(super) filter: Filter,
    /// Where the filter picker's cursor was when it last closed.
    pub(super) picker_cursor: usize,
    /// Column and descending.
    pub(super) sort: Option<(Column, bool)>,
    /// The tally's choices while another screen is shown: the next visit
    /// counts by the same thing and copies to the same file.
    pub(super) last_tally: TallyView,
    /// The evidence map's choices while another screen is shown.
    pub(super) last_map: MapView,
    pub(super) message: Option<Message>,
    pub(super) keymap_error: Option<KeymapError>,
    /// The user keymap file (shown in help).
    pub(super) keymap_path: Option<PathBuf>,
    pub(super) effect: Option<Effect>,
    /// The study open in `$EDITOR`: its id, the text it started from, and
    /// the text its file holds (`None`: no file of ours yet).
    pub(super) editor: Option<(String, String, Option<String>)>,
    /// The folder of the user's `config.toml` (and keymap), if known.
    pub(super) config_dir: Option<PathBuf>,
    /// The reviewer's initials, from `config.toml` (asked once when unset).
    pub(super) reviewer: Option<String>,
    /// Watches the review folder for changes made by others.
    pub(super) watcher: Option<crate::store::watch::Watcher>,
    pub(super) quit: bool,
}

impl App {
    /// An interface over a loaded review. `scratch` marks a throw-away copy
    /// (its path is shown in the status bar).
    pub fn new(loaded: Loaded, scratch: bool, keymap: Keymap) -> App {
        let session = Session::new(loaded);
        let mut app = App {
            view: (0..session.entries().len()).collect(),
            session,
            scratch,
            keymap,
            theme: Theme::default(),
            screen: Screen::Table,
            overlays: Overlays::default(),
            selected: 0,
            offset: 0,
            detail_scroll: 0,
            size: (80, 24),
            search: Search::default(),
            loading: None,
            searcher: None,
            background_above: BACKGROUND_ABOVE,
            filter: Filter::default(),
            picker_cursor: 0,
            sort: None,
            last_tally: TallyView::default(),
            last_map: MapView::new(),
            message: None,
            keymap_error: None,
            keymap_path: None,
            effect: None,
            editor: None,
            config_dir: None,
            reviewer: None,
            watcher: None,
            quit: false,
        };
        if !app.session.problems().is_empty() {
            app.message = Some(Message {
                text: super::strings::problems_banner(
                    app.session.problems().len(),
                    app.session.broken().len(),
                    &app.key(Mode::Normal, &Action::Problems),
                ),
                error: true,
            });
        } else if app.scratch {
            app.message = Some(Message {
                text: super::strings::SCRATCH.to_string(),
                error: false,
            });
        }
        app
    }

    /// The first key of `action` in `mode` ("Ctrl-s"), for sentences that
    /// name a key; "[save]" when the user's keymap leaves it unbound.
    pub(super) fn key(&self, mode: Mode, action: &Action) -> String {
        self.keymap
            .hint(mode, action)
            .unwrap_or_else(|| format!("[{}]", action.name().unwrap_or("?")))
    }

    /// Reports a user keymap that could not be used (the defaults are in force).
    pub fn set_keymap_error(&mut self, e: KeymapError) {
        self.message = Some(Message {
            text: super::strings::keymap_error(&e),
            error: true,
        });
        self.keymap_error = Some(e);
    }

    /// Reads the user's `config.toml` in `dir` (the reviewer's initials);
    /// initials asked for later are stored there. A file that cannot be
    /// used is reported in the status bar.
    pub fn set_config_dir(&mut self, dir: PathBuf) {
        let (config, problem) = super::config::load(&dir);
        self.reviewer = config.reviewer;
        self.config_dir = Some(dir);
        if let Some(p) = problem {
            self.message = Some(Message {
                text: p,
                error: true,
            });
        }
    }

    /// Runs the searches typed into the search box on a thread of their own:
    /// a keystroke returns at once, the table keeps the last finished result
    /// until the new one arrives, and the event loop applies it with
    /// [`super::update::search_answers`]. Without this (as in tests) each
    /// keystroke searches before it returns. If the thread cannot be
    /// started, searches stay synchronous.
    ///
    /// Only searches among more than 5 000 studies go to the thread; a
    /// smaller one takes a few milliseconds and runs at once.
    pub fn search_in_background(&mut self) {
        self.search_in_background_above(BACKGROUND_ABOVE);
    }

    /// Like [`search_in_background`](Self::search_in_background), sending
    /// every search among more than `studies` studies to the thread.
    pub fn search_in_background_above(&mut self, studies: usize) {
        self.background_above = studies;
        if self.searcher.is_none() {
            self.searcher = crate::search::Searcher::spawn().ok();
        }
    }

    /// True while a background search has an answer waiting to be applied.
    pub fn search_answer_waiting(&self) -> bool {
        self.searcher.as_ref().is_some_and(|s| s.ready())
    }

    /// True when the screening screen shows when its model last retrained.
    pub fn ranking_shown(&self) -> bool {
        matches!(&self.screen, super::screen::Screen::Screening(v) if v.ranker().is_some_and(|r| r.status().trained.is_some()))
    }

    /// True when the screening screen's model has a new ranking waiting.
    pub fn ranking_waiting(&self) -> bool {
        matches!(&self.screen, super::screen::Screen::Screening(v) if v.ranking_waiting())
    }

    /// True while a background search is running for the query shown.
    pub fn searching(&self) -> bool {
        self.search.pending.is_some()
    }

    /// Waits up to `timeout` for the background search's answer and applies
    /// it; true when one was applied (for benchmarks and tests that drive
    /// the background mode).
    pub fn wait_for_search(&mut self, timeout: std::time::Duration) -> bool {
        let Some(answer) = self.searcher.as_ref().and_then(|s| s.wait(timeout)) else {
            return false;
        };
        super::update::apply_answer(self, answer)
    }

    /// The reviewer's initials in use, if set.
    pub fn reviewer(&self) -> Option<&str> {
        self.reviewer.as_deref()
    }

    /// The open appraisal form, if any.
    pub fn appraisal_form(&self) -> Option<&super::appraise::AppraiseForm> {
        self.overlays.appraise().map(|f| &**f)
    }

    /// The open reconcile view, if any.
    pub fn reconcile_view(&self) -> Option<&super::appraise::ReconcileView> {
        self.overlays.reconcile().map(|r| &**r)
    }

    /// Names the user keymap file, for the help screen.
    pub fn set_keymap_path(&mut self, path: PathBuf) {
        self.keymap_path = Some(path);
    }

    /// The active mode: the top overlay's, or the screen's.
    pub fn mode(&self) -> Mode {
        self.overlays
            .top()
            .map(Overlay::mode)
            .unwrap_or_else(|| self.base_mode())
    }

    /// The mode of the screen under any overlays: Normal (table) or Tally.
    pub fn base_mode(&self) -> Mode {
        self.screen.mode()
    }

    /// The screen under any overlays.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// What is open over the screen, bottom first.
    pub fn overlays(&self) -> &Overlays {
        &self.overlays
    }

    /// True once the user asked to quit (and confirmed if needed).
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Takes the pending effect for the event loop.
    pub fn take_effect(&mut self) -> Option<Effect> {
        self.effect.take()
    }

    /// The review folder.
    pub fn root(&self) -> &Path {
        self.session.root()
    }

    /// The review.
    pub fn review(&self) -> &Review {
        self.session.review()
    }

    /// The editing session (the review, its index and the history).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The ids of the studies shown, in order.
    pub fn visible_ids(&self) -> Vec<&str> {
        self.view
            .iter()
            .map(|&i| self.session.entries()[i].study.id.as_str())
            .collect()
    }

    /// Every study loaded, in load order.
    pub fn studies(&self) -> impl Iterator<Item = &Study> {
        self.session.entries().iter().map(|e| &e.study)
    }

    /// The instruments of the open review.
    pub fn instruments(&self) -> &crate::appraisal::Instruments {
        &self.session.review().instruments
    }

    /// The study with this id.
    pub fn study(&self, id: &str) -> Option<&Study> {
        self.session.entry(id).map(|e| &e.study)
    }

    /// The selected study.
    pub fn selected_study(&self) -> Option<&Study> {
        self.view
            .get(self.selected)
            .and_then(|&i| self.session.entries().get(i))
            .map(|e| &e.study)
    }

    /// The status bar's message, if any.
    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    /// The dialog on screen, if any.
    pub fn dialog(&self) -> Option<&Dialog> {
        self.overlays.dialog()
    }

    /// The open form, if any.
    pub fn form(&self) -> Option<&Form> {
        self.overlays.form().map(|f| &**f)
    }

    /// The open pager, if any.
    pub fn pager(&self) -> Option<&Pager> {
        self.overlays.pager()
    }

    /// The open filter picker, if any.
    pub fn import(&self) -> Option<&super::import::Import> {
        self.overlays.import().map(|b| &**b)
    }

    pub fn picker(&self) -> Option<&FilterPicker> {
        self.overlays.picker()
    }

    /// The search being typed, while the search box is open.
    pub fn search_input(&self) -> Option<&TextBuf> {
        self.overlays.search()
    }

    /// The tally: the one shown, or the choices kept for the next visit.
    pub fn tally(&self) -> &TallyView {
        match &self.screen {
            Screen::Tally(t) => t,
            _ => &self.last_tally,
        }
    }

    /// The evidence map: the one shown, or the choices kept for the next
    /// visit.
    pub fn map(&self) -> &MapView {
        match &self.screen {
            Screen::Map(m) => m,
            _ => &self.last_map,
        }
    }

    /// The applied search query.
    pub fn query(&self) -> &str {
        &self.search.query
    }

    /// The active filters.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// Number of changes that could not be saved yet.
    pub fn unsaved_count(&self) -> usize {
        self.session.unsaved_count()
    }

    /// Number of undoable and redoable changes.
    pub fn history_len(&self) -> (usize, usize) {
        self.session.history_len()
    }

    /// Position of the selection in the table.
    pub fn selected_row(&self) -> usize {
        self.selected
    }

    /// The first row shown.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// How far the detail pane is scrolled.
    pub fn detail_scroll(&self) -> u16 {
        self.detail_scroll
    }

    /// The sort column and whether it is descending.
    pub fn sort(&self) -> Option<(Column, bool)> {
        self.sort
    }

    /// The terminal size last reported.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }
}
