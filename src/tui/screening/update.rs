//! What the keys do on the screening screen.

use super::writer::{Change, Writer};
use super::{Input, Pane, Purpose, ScreenView, Undone};
use crate::screening::decisions::now;
use crate::screening::rank::ranker::Order;
use crate::screening::{Decision, Row, Screening, Stage, State, Who};
use crate::tui::action::Action;
use crate::tui::app::{App, Message, Mode, Pager, PagerKind};
use crate::tui::screen::{Overlay, Screen};
use crate::tui::textbuf::TextBuf;

pub use super::input::input_mode;

pub(super) fn say(app: &mut App, text: impl Into<String>, error: bool) {
    app.message = Some(Message {
        text: text.into(),
        error,
    });
}

pub(super) fn view(app: &mut App) -> Option<&mut ScreenView> {
    match &mut app.screen {
        Screen::Screening(v) => Some(v),
        _ => None,
    }
}

/// Opens the screening screen on the review's searches and decisions, as
/// `reviewer` (else the initials of the user's config). `standalone`: the
/// screen is all there is (`litrev screen`), so closing it quits.
pub fn open(app: &mut App, reviewer: Option<&str>, stage: Stage, standalone: bool) {
    let Some(who) = reviewer
        .map(str::to_string)
        .or_else(|| app.reviewer.clone())
    else {
        say(
            app,
            "screening needs your initials: set them in the appraisal form (A, then R) or run `litrev screen --reviewer AB`",
            true,
        );
        return;
    };
    // The screen keeps the derived cache of the records up to date.
    let s = match Screening::open_with(
        app.session.root(),
        crate::screening::records::cache::Use::ReadWrite,
    ) {
        Ok(s) => s,
        Err(e) => return say(app, e, true),
    };
    if s.config.searches.is_empty() {
        return say(
            app,
            "no searches to screen yet: add an export with `litrev search add FILE --database NAME --date YYYY-MM-DD`",
            true,
        );
    }
    let review_toml = app.session.root().join(crate::store::REVIEW_FILE);
    if let Err(e) = s.config.settings.check_reviewer(&who, &review_toml) {
        return say(app, e, true);
    }
    let problems = s.problems.iter().filter(|p| !p.is_warning()).count();
    app.overlays.clear();
    app.screen = Screen::Screening(Box::new(ScreenView::new(s, &who, stage, standalone)));
    if problems > 0 {
        say(
            app,
            format!(
                "the screening files have {problems} problem{} (litrev check lists them)",
                if problems == 1 { "" } else { "s" }
            ),
            true,
        );
    }
}

/// Checks the decisions writer for a failed write, and says so; takes a
/// new ranking from the model.
pub fn poll(app: &mut App) {
    if let Some(v) = view(app) {
        v.poll_ranker();
    }
    if let Some(e) = view(app).and_then(|v| v.write_error()) {
        say(app, format!("your decisions were not saved: {e}"), true);
    }
}

/// Between key presses: a new ranking from the model puts the records not
/// yet decided in its order (the record shown stays).
pub fn tick(app: &mut App) {
    if let Some(v) = view(app) {
        v.poll_ranker();
    }
}

/// Puts the records in `order` and shows the first one not yet decided in
/// it (`litrev screen --order`).
pub fn set_order(app: &mut App, order: Order) {
    if let Some(v) = view(app) {
        v.set_order(order);
        v.pos = v.first_open();
        v.scroll = 0;
    }
}

/// Waits until the model has learned every decision so far (for tests and
/// scripts: the screen itself never waits); false after `timeout`.
pub fn wait_for_model(app: &mut App, timeout: std::time::Duration) -> bool {
    view(app).is_none_or(|v| v.wait_for_model(timeout))
}

/// Leaves the screen once the decisions are written: back to the table,
/// or (opened by `litrev screen`) out of litrev. Decisions that could not
/// be written keep the screen open once, with a warning.
pub fn close(app: &mut App, quitting: bool) {
    let Some(v) = view(app) else { return };
    v.flush();
    let _ = v.write_error();
    if let Some(e) = v.unsaved.take() {
        say(
            app,
            format!(
                "your last decisions could not be saved ({e}); close again to leave without them"
            ),
            true,
        );
        return;
    }
    if quitting || v.standalone {
        app.quit = true;
    } else {
        app.screen = Screen::Table;
    }
}

/// Records a decision on `record` at the stage shown: the reviewer's own
/// (written by the writer thread) or, with `consensus`, the agreed one.
pub(super) fn decide(
    app: &mut App,
    record: usize,
    decision: Decision,
    reason: String,
    consensus: bool,
) -> bool {
    let Some(v) = view(app) else { return false };
    let stage = v.stage;
    if decision == Decision::NotRetrieved && stage == Stage::TitleAbstract {
        say(app, "not retrieved is a full-text decision", true);
        return false;
    }
    let who = if consensus {
        Who::Consensus
    } else {
        v.who.clone()
    };
    let row = Row {
        key: String::new(),
        stage,
        decision,
        reason,
        note: String::new(),
        time: now(),
        by: consensus.then(|| v.who.name().to_string()),
        line: 0,
    };
    let before = match v.s.set(&who, record, stage, Some(row)) {
        Ok(b) => b,
        Err(e) => {
            say(app, e, true);
            return false;
        }
    };
    v.undo.push(Undone {
        record,
        stage,
        who: who.clone(),
        before: before.clone(),
    });
    if let Err(e) = persist(v, &who, record, stage, before.clone()) {
        say(app, e, true);
        return false;
    }
    if who == v.who {
        if let Some(b) = &before {
            v.progress.by[b.decision as usize] -= 1;
        } else {
            v.progress.decided += 1;
        }
        v.progress.by[decision as usize] += 1;
        v.learn(record, Some(decision));
    }
    let whose = if consensus { "consensus" } else { "" };
    let key = v.s.records[record].key.clone();
    say(
        app,
        format!(
            "{}{}{}: {}",
            whose,
            if consensus { " " } else { "" },
            decision.name(),
            crate::text::inert_line(&key)
        ),
        false,
    );
    true
}

/// Puts `who`'s decision on `record` on disk: the reviewer's through the
/// writer thread, the consensus at once.
fn persist(
    v: &mut ScreenView,
    who: &Who,
    record: usize,
    stage: Stage,
    before: Option<Row>,
) -> Result<(), String> {
    if *who != v.who {
        return v.s.save(who);
    }
    if v.writer.is_none() {
        let file =
            v.s.file(who)
                .cloned()
                .ok_or("the decisions file is missing")?;
        v.writer = Some(
            Writer::spawn(file).map_err(|e| format!("cannot start writing the decisions: {e}"))?,
        );
    }
    let add = v.s.mark_of(who, record, stage).cloned();
    if let Some(w) = &v.writer {
        w.send(Change {
            drop: before.map(|b| (b.key, stage)),
            add,
        });
    }
    Ok(())
}

/// In file order, the next record after `pos` the reviewer has not decided
/// (wrapping round), or the next one when all are decided; in ranked or
/// random order, the one the model offers next.
pub(super) fn next_open(v: &ScreenView) -> usize {
    if v.order_kind() != Order::File {
        return v.first_open();
    }
    let n = v.order.len();
    if n == 0 {
        return 0;
    }
    (1..=n)
        .map(|k| (v.pos + k) % n)
        .find(|&p| v.mine(v.order[p]).is_none())
        .unwrap_or((v.pos + 1).min(n - 1))
}

/// Takes back the last decision made on this screen.
fn undo(app: &mut App) {
    let Some(v) = view(app) else { return };
    let Some(u) = v.undo.pop() else {
        return say(app, "nothing to undo", false);
    };
    let stage = u.stage;
    let now_row = match v.s.set(&u.who, u.record, stage, u.before.clone()) {
        Ok(r) => r,
        Err(e) => return say(app, e, true),
    };
    let who = u.who.clone();
    // The line written by the decision goes; the one before comes back.
    let result = if who == v.who {
        match &v.writer {
            Some(w) => {
                w.send(Change {
                    drop: now_row.map(|r| (r.key, stage)),
                    add: v.s.mark_of(&who, u.record, stage).cloned(),
                });
                Ok(())
            }
            None => Ok(()),
        }
    } else {
        v.s.save(&who)
    };
    if let Err(e) = result {
        return say(app, e, true);
    }
    if stage == v.stage {
        if who == v.who {
            v.learn(u.record, u.before.as_ref().map(|b| b.decision));
            v.arrange(Some(u.record));
        }
        v.count_progress();
        if let Some(p) = v.order.iter().position(|&r| r == u.record) {
            v.pos = p;
            v.scroll = 0;
        }
        refresh_list(v);
    }
    say(app, "undone", false);
}

/// The rows of the list pane shown.
pub(super) fn refresh_list(v: &mut ScreenView) {
    let rows: Vec<usize> = match v.pane {
        Pane::Record => return,
        Pane::List => v
            .order
            .iter()
            .copied()
            .filter(|&r| v.list.state.is_none_or(|st| v.s.state(r, v.stage) == st))
            .collect(),
        Pane::Conflicts => v
            .order
            .iter()
            .copied()
            .filter(|&r| matches!(v.s.state(r, v.stage), State::Conflict | State::Maybe))
            .collect(),
        Pane::Duplicates => (0..v.s.possible.len()).collect(),
    };
    v.list.rows = rows;
    v.list.cursor = v.list.cursor.min(v.list.rows.len().saturating_sub(1));
}

fn show(v: &mut ScreenView, pane: Pane) {
    v.pane = pane;
    v.list.cursor = 0;
    v.list.offset = 0;
    refresh_list(v);
}

/// The decision a key means.
fn decision_of(a: &Action) -> Option<Decision> {
    match a {
        Action::Include => Some(Decision::Include),
        Action::Exclude => Some(Decision::Exclude),
        Action::Maybe => Some(Decision::Maybe),
        Action::NotRetrieved => Some(Decision::NotRetrieved),
        _ => None,
    }
}

/// A decision key on `record`: at full text an exclusion first asks why.
fn decision_key(app: &mut App, record: usize, d: Decision, consensus: bool) -> bool {
    let Some(v) = view(app) else { return false };
    if d == Decision::Exclude && v.stage == Stage::FullText {
        let n = v.s.config.settings.reasons.len();
        v.input = Some(Input {
            purpose: Purpose::Reason { record, consensus },
            text: TextBuf::single(""),
            results: (0..n).collect(),
            cursor: 0,
        });
        return false;
    }
    decide(app, record, d, String::new(), consensus)
}

fn help(app: &mut App, mode: Mode) {
    app.overlays.push(Overlay::Pager(Pager {
        kind: PagerKind::Help(mode),
        scroll: 0,
        cursor: 0,
    }));
}

/// The record view's keys.
pub fn screen_mode(app: &mut App, action: Action) {
    poll(app);
    let Some(v) = view(app) else { return };
    match action {
        a @ (Action::Include | Action::Exclude | Action::Maybe | Action::NotRetrieved) => {
            let Some(record) = v.current() else { return };
            let Some(d) = decision_of(&a) else { return };
            if decision_key(app, record, d, false)
                && let Some(v) = view(app)
            {
                v.pos = next_open(v);
                v.scroll = 0;
            }
        }
        Action::Down => {
            v.pos = (v.pos + 1).min(v.order.len().saturating_sub(1));
            v.scroll = 0;
        }
        Action::Up => {
            v.pos = v.pos.saturating_sub(1);
            v.scroll = 0;
        }
        Action::Top => {
            v.pos = 0;
            v.scroll = 0;
        }
        Action::Bottom => {
            v.pos = v.order.len().saturating_sub(1);
            v.scroll = 0;
        }
        Action::DetailDown => v.scroll = v.scroll.saturating_add(3),
        Action::DetailUp => v.scroll = v.scroll.saturating_sub(3),
        Action::Undo => undo(app),
        Action::Search => {
            v.input = Some(Input {
                purpose: Purpose::Jump,
                text: TextBuf::single(""),
                results: Vec::new(),
                cursor: 0,
            });
        }
        Action::Location => {
            let Some(record) = v.current() else { return };
            let now = v.s.location(record).unwrap_or("").to_string();
            v.input = Some(Input {
                purpose: Purpose::Location { record },
                text: TextBuf::single(&now),
                results: Vec::new(),
                cursor: 0,
            });
        }
        Action::NextStage => {
            let next = match v.stage {
                Stage::TitleAbstract => Stage::FullText,
                Stage::FullText => Stage::TitleAbstract,
            };
            v.enter_stage(next);
            let n = v.order.len();
            say(
                app,
                format!(
                    "{}: {n} record{}",
                    crate::screening::prisma::stage_words(next),
                    if n == 1 { "" } else { "s" }
                ),
                false,
            );
        }
        Action::Unblind => {
            v.unblind = !v.unblind;
            let on = v.unblind;
            say(
                app,
                if on {
                    "the other reviewers' decisions are shown"
                } else {
                    "blind again: the others' decisions show once everyone needed has decided"
                },
                false,
            );
        }
        Action::Promote => super::promote::promote(app),
        Action::ScreenOrder => {
            let next = match v.order_kind() {
                Order::Ranked => Order::File,
                Order::File => Order::Random,
                Order::Random => Order::Ranked,
            };
            v.set_order(next);
            say(app, order_said(next), false);
        }
        Action::Records => show(v, Pane::List),
        Action::Conflicts => show(v, Pane::Conflicts),
        Action::Duplicates => show(v, Pane::Duplicates),
        Action::Help => help(app, Mode::Screen),
        Action::Close => close(app, false),
        _ => {}
    }
}

/// What the order key says.
fn order_said(o: Order) -> &'static str {
    match o {
        Order::Ranked => {
            "order: ranked by the model, most likely relevant first (retrained after each decision)"
        }
        Order::File => "order: as in the files",
        Order::Random => "order: random (the same for everyone)",
    }
}

/// The list panes' keys (records, conflicts, duplicates).
pub fn list_mode(app: &mut App, action: Action) {
    poll(app);
    let page = app.size.1.saturating_sub(6).max(1) as usize;
    let Some(v) = view(app) else { return };
    let n = v.list.rows.len();
    let last = n.saturating_sub(1);
    match action {
        Action::Down => v.list.cursor = (v.list.cursor + 1).min(last),
        Action::Up => v.list.cursor = v.list.cursor.saturating_sub(1),
        Action::Top => v.list.cursor = 0,
        Action::Bottom => v.list.cursor = last,
        Action::PageDown => v.list.cursor = (v.list.cursor + page).min(last),
        Action::PageUp => v.list.cursor = v.list.cursor.saturating_sub(page),
        Action::NextBy | Action::PrevBy if v.pane == Pane::List => {
            let mut states: Vec<Option<State>> = vec![None];
            states.extend(
                State::ALL
                    .into_iter()
                    .filter(|s| *s != State::NotRetrieved || v.stage == Stage::FullText)
                    .map(Some),
            );
            let at = states.iter().position(|s| *s == v.list.state).unwrap_or(0);
            let k = states.len();
            let next = if action == Action::NextBy {
                (at + 1) % k
            } else {
                (at + k - 1) % k
            };
            v.list.state = states[next];
            v.list.cursor = 0;
            v.list.offset = 0;
            refresh_list(v);
        }
        Action::Accept if v.pane != Pane::Duplicates => {
            let Some(&record) = v.list.rows.get(v.list.cursor) else {
                return;
            };
            if let Some(p) = v.order.iter().position(|&r| r == record) {
                v.pos = p;
                v.scroll = 0;
                v.pane = Pane::Record;
            }
        }
        a @ (Action::Include | Action::Exclude | Action::Maybe | Action::NotRetrieved)
            if v.pane != Pane::Duplicates =>
        {
            let Some(&record) = v.list.rows.get(v.list.cursor) else {
                return;
            };
            let consensus = v.pane == Pane::Conflicts;
            let Some(d) = decision_of(&a) else { return };
            if decision_key(app, record, d, consensus)
                && let Some(v) = view(app)
            {
                refresh_list(v);
            }
        }
        Action::Same | Action::Different if v.pane == Pane::Duplicates => {
            pair(app, action == Action::Same);
        }
        Action::Undo => undo(app),
        Action::Help => help(app, Mode::ScreenList),
        Action::Close => {
            v.pane = Pane::Record;
        }
        _ => {}
    }
}

/// Records the answer about the pair under the cursor, then reads the
/// records again (a "same record" merges two of them).
fn pair(app: &mut App, same: bool) {
    let Some(v) = view(app) else { return };
    let Some(p) = v
        .list
        .rows
        .get(v.list.cursor)
        .and_then(|&i| v.s.possible.get(i))
        .cloned()
    else {
        return;
    };
    let (a, b) = (v.s.records[p.a].key.clone(), v.s.records[p.b].key.clone());
    let (ka, kb) = if a < b { (a, b) } else { (b, a) };
    v.s.duplicates.rows.insert(
        vec![ka.clone(), kb.clone()],
        (
            vec![
                if same { "same" } else { "different" }.to_string(),
                p.why.to_string(),
                v.who.name().to_string(),
                now(),
            ],
            0,
        ),
    );
    if let Err(e) = v.s.duplicates.save() {
        return say(app, e, true);
    }
    v.flush();
    let (who, stage, standalone, cursor) = (
        v.who.name().to_string(),
        v.stage,
        v.standalone,
        v.list.cursor,
    );
    let kind = v.order_kind();
    let s = match Screening::open_with(&v.s.root, crate::screening::records::cache::Use::ReadWrite)
    {
        Ok(s) => s,
        Err(e) => return say(app, e, true),
    };
    let mut fresh = ScreenView::new(s, &who, stage, standalone);
    fresh.set_order(kind);
    fresh.pane = Pane::Duplicates;
    fresh.list.cursor = cursor;
    refresh_list(&mut fresh);
    app.screen = Screen::Screening(Box::new(fresh));
    say(
        app,
        if same {
            format!("{ka} and {kb}: the same record, merged")
        } else {
            format!("{ka} and {kb}: different records, both kept")
        },
        false,
    );
}
