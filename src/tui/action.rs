//! Everything that can happen to the interface, as data.
//!
//! Every key press, mouse event, resize and returning `$EDITOR` becomes one
//! [`Action`]; [`crate::tui::update`] is the only place that acts on them.

/// A column of the studies table (also what the table can be sorted by).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Ref,
    Author,
    Year,
    Design,
    Appraisal,
    Title,
}

impl Column {
    /// Every column, left to right.
    pub const ALL: [Column; 6] = [
        Column::Ref,
        Column::Author,
        Column::Year,
        Column::Design,
        Column::Appraisal,
        Column::Title,
    ];
}

/// An editing key inside a text field (not rebindable: these keys mean the
/// same in every text box).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEdit {
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    Up,
    Down,
    /// Delete from the cursor to the start of the line (Ctrl-u).
    ClearToStart,
    /// Delete the word before the cursor (Ctrl-w).
    DeleteWord,
}

/// One thing the user (or the terminal) did.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    // --- bindable commands (named in keymap.toml) ---
    Quit,
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    DetailDown,
    DetailUp,
    Search,
    Filter,
    ClearFilters,
    Sort,
    Edit,
    EditExternal,
    Add,
    Delete,
    Undo,
    Redo,
    Save,
    Tally,
    Grid,
    Map,
    Left,
    Right,
    NextCols,
    PrevCols,
    Swap,
    NextInstrument,
    PrevInstrument,
    Problems,
    History,
    Import,
    Help,
    Accept,
    Cancel,
    Close,
    Toggle,
    SortBy(Column),
    SortReverse,
    NextField,
    PrevField,
    Submit,
    NextBy,
    PrevBy,
    Copy,
    Confirm,
    Reload,
    /// Read the whole review from disk again.
    Refresh,
    /// Remove the temporary files of interrupted saves.
    Clean,
    KeepMine,
    /// In the changed-on-disk question: merge both sides' changes.
    Merge,
    ShowBoth,
    Reopen,
    Discard,
    /// Appraise the study (the appraisal form).
    Appraise,
    /// Reconcile the reviewers' appraisals of the study.
    Reconcile,
    /// In the appraisal form: write a comment, a free-text answer; choose.
    /// In the reconcile view: write the consensus comment.
    Write,
    /// In the appraisal form and reconcile view: clear the row's answer.
    ClearAnswer,
    /// In the appraisal form: choose another instrument.
    PickInstrument,
    /// In the appraisal form: change the reviewer's initials.
    Initials,
    /// Open the screening screen.
    Screening,
    /// Screening: include, exclude, maybe, not retrieved.
    Include,
    Exclude,
    Maybe,
    NotRetrieved,
    /// Screening: the other stage (title and abstract, full text).
    NextStage,
    /// Screening: show or hide the other reviewers' decisions.
    Unblind,
    /// Screening: the records by state.
    Records,
    /// Screening: the records the reviewers differ on.
    Conflicts,
    /// Screening: the possible duplicates.
    Duplicates,
    /// Screening, duplicates: the same record; different records.
    Same,
    Different,
    /// Screening: where the full text is.
    Location,
    /// Screening: the records included at full text into studies.
    Promote,
    /// Screening: the order the records come in (ranked by the model, as
    /// in the files, random).
    ScreenOrder,
    // --- not bindable ---
    /// A character typed into a text field.
    Insert(char),
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    /// An editing key inside a text field.
    Text(TextEdit),
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// Mouse wheel: positive scrolls down.
    Scroll(i32),
    /// A mouse click at column, row.
    Click(u16, u16),
    /// `$EDITOR` returned: the file's new text, or why it could not run.
    EditorDone(Result<String, String>),
    /// Files of the review changed on disk (others' saves, a `git merge`).
    DiskChanged(crate::store::watch::DiskChange),
}

/// Bindable actions: (name in keymap.toml, action, what it does).
pub const BINDABLE: &[(&str, Action, &str)] = &[
    ("quit", Action::Quit, "quit (asks if anything is unsaved)"),
    ("down", Action::Down, "move down"),
    ("up", Action::Up, "move up"),
    ("top", Action::Top, "go to the first row"),
    ("bottom", Action::Bottom, "go to the last row"),
    ("page_down", Action::PageDown, "one page down"),
    ("page_up", Action::PageUp, "one page up"),
    ("half_page_down", Action::HalfPageDown, "half a page down"),
    ("half_page_up", Action::HalfPageUp, "half a page up"),
    (
        "detail_down",
        Action::DetailDown,
        "scroll the detail pane down",
    ),
    ("detail_up", Action::DetailUp, "scroll the detail pane up"),
    ("search", Action::Search, "fuzzy search (live)"),
    (
        "filter",
        Action::Filter,
        "filter by design, tag, year, appraisal",
    ),
    (
        "clear_filters",
        Action::ClearFilters,
        "clear every filter and the search",
    ),
    ("sort", Action::Sort, "sort by a column (again to reverse)"),
    ("edit", Action::Edit, "edit the study in a form"),
    (
        "edit_external",
        Action::EditExternal,
        "edit the study's TOML in $EDITOR",
    ),
    ("add", Action::Add, "add a study"),
    (
        "delete",
        Action::Delete,
        "delete the study (asks first; undoable)",
    ),
    ("undo", Action::Undo, "undo the last change (saved to disk)"),
    ("redo", Action::Redo, "redo (saved to disk)"),
    ("save", Action::Save, "save now"),
    ("tally", Action::Tally, "tally view"),
    ("grid", Action::Grid, "appraisal grid (one instrument)"),
    (
        "map",
        Action::Map,
        "evidence map: two categories crossed, with counts",
    ),
    ("left", Action::Left, "move left"),
    ("right", Action::Right, "move right"),
    ("next_cols", Action::NextCols, "columns: the next category"),
    (
        "prev_cols",
        Action::PrevCols,
        "columns: the previous category",
    ),
    ("swap", Action::Swap, "swap rows and columns"),
    (
        "next_instrument",
        Action::NextInstrument,
        "the next instrument",
    ),
    (
        "prev_instrument",
        Action::PrevInstrument,
        "the previous instrument",
    ),
    (
        "problems",
        Action::Problems,
        "list the problems found on opening",
    ),
    (
        "history",
        Action::History,
        "the study's history from git: who changed which fields",
    ),
    (
        "import",
        Action::Import,
        "import a reference file (RIS, PubMed, BibTeX, CSL-JSON, CSV): preview, then one undoable step",
    ),
    ("help", Action::Help, "this help"),
    (
        "accept",
        Action::Accept,
        "keep the search and go back to the table",
    ),
    ("cancel", Action::Cancel, "cancel"),
    ("close", Action::Close, "close"),
    ("toggle", Action::Toggle, "select / unselect"),
    (
        "sort_ref",
        Action::SortBy(Column::Ref),
        "sort by reference number",
    ),
    (
        "sort_author",
        Action::SortBy(Column::Author),
        "sort by first author",
    ),
    ("sort_year", Action::SortBy(Column::Year), "sort by year"),
    (
        "sort_design",
        Action::SortBy(Column::Design),
        "sort by design",
    ),
    (
        "sort_appraisal",
        Action::SortBy(Column::Appraisal),
        "sort by appraisal",
    ),
    ("sort_title", Action::SortBy(Column::Title), "sort by title"),
    ("sort_reverse", Action::SortReverse, "reverse the sort"),
    ("next_field", Action::NextField, "next field"),
    ("prev_field", Action::PrevField, "previous field"),
    (
        "submit",
        Action::Submit,
        "confirm (a new line in multi-line fields)",
    ),
    ("next_by", Action::NextBy, "count by the next category"),
    ("prev_by", Action::PrevBy, "count by the previous category"),
    (
        "copy",
        Action::Copy,
        "copy the sentence (clipboard and a file)",
    ),
    ("confirm", Action::Confirm, "yes"),
    ("reload", Action::Reload, "reload theirs (the file on disk)"),
    (
        "clean",
        Action::Clean,
        "remove the temporary files of interrupted saves (asks first)",
    ),
    (
        "refresh",
        Action::Refresh,
        "read the review from disk again (unsaved work is kept; changes on disk are also followed as they happen)",
    ),
    (
        "keep_mine",
        Action::KeepMine,
        "keep mine (overwrite the file)",
    ),
    (
        "merge",
        Action::Merge,
        "merge both: their changes and mine in one file (asks where both changed a value)",
    ),
    (
        "show_both",
        Action::ShowBoth,
        "show both side by side, from the first difference",
    ),
    ("reopen", Action::Reopen, "open the editor again"),
    ("discard", Action::Discard, "discard"),
    (
        "appraise",
        Action::Appraise,
        "appraise the study (your appraisal: new, or opened to edit)",
    ),
    (
        "reconcile",
        Action::Reconcile,
        "reconcile the reviewers' appraisals into the consensus",
    ),
    (
        "write",
        Action::Write,
        "write: the item's comment, a free-text answer, the overall comment, the consensus comment; choose in a list",
    ),
    (
        "clear_answer",
        Action::ClearAnswer,
        "clear the answer (or the override, the category, the comment)",
    ),
    (
        "instrument",
        Action::PickInstrument,
        "choose another instrument",
    ),
    (
        "initials",
        Action::Initials,
        "change your reviewer initials (stored in config.toml)",
    ),
    (
        "screening",
        Action::Screening,
        "screen the searches' records (the screening screen)",
    ),
    ("include", Action::Include, "include the record"),
    (
        "exclude",
        Action::Exclude,
        "exclude the record (at full text: with a reason)",
    ),
    ("maybe", Action::Maybe, "maybe: to discuss"),
    (
        "not_retrieved",
        Action::NotRetrieved,
        "the full text could not be obtained",
    ),
    (
        "next_stage",
        Action::NextStage,
        "the other stage: title and abstract, full text",
    ),
    (
        "unblind",
        Action::Unblind,
        "show (or hide again) the other reviewers' decisions",
    ),
    ("records", Action::Records, "the records by state"),
    (
        "conflicts",
        Action::Conflicts,
        "the records the reviewers differ on, to settle with one key",
    ),
    (
        "duplicates",
        Action::Duplicates,
        "the records that may be duplicates",
    ),
    ("same", Action::Same, "the same record: merge them"),
    (
        "different",
        Action::Different,
        "different records: keep both",
    ),
    (
        "location",
        Action::Location,
        "where the full text is: a PDF's path or a URL",
    ),
    (
        "promote",
        Action::Promote,
        "the records included at full text become studies (one change; u on the table undoes it)",
    ),
    (
        "order",
        Action::ScreenOrder,
        "the order of the records: ranked by the model (most likely relevant first), as in the files, random",
    ),
];

impl Action {
    /// True for what works while the review is still being read: moving
    /// about the studies already shown, and quitting.
    pub fn while_loading(&self) -> bool {
        matches!(
            self,
            Action::Quit
                | Action::Down
                | Action::Up
                | Action::Top
                | Action::Bottom
                | Action::PageDown
                | Action::PageUp
                | Action::HalfPageDown
                | Action::HalfPageUp
                | Action::DetailDown
                | Action::DetailUp
                | Action::Resize(..)
                | Action::Scroll(_)
                | Action::Click(..)
        )
    }

    /// The bindable action called `name` in keymap.toml.
    pub fn from_name(name: &str) -> Option<Action> {
        BINDABLE
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, a, _)| a.clone())
    }

    /// The keymap name of a bindable action.
    pub fn name(&self) -> Option<&'static str> {
        BINDABLE
            .iter()
            .find(|(_, a, _)| a == self)
            .map(|(n, _, _)| *n)
    }

    /// What a bindable action does, for the help screen.
    pub fn describe(&self) -> &'static str {
        BINDABLE
            .iter()
            .find(|(_, a, _)| a == self)
            .map(|(_, _, d)| *d)
            .unwrap_or("")
    }
}
