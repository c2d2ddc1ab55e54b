//! The edit / add form: one input per field of a study, built from the
//! review's taxonomy and extraction fields, turned back into a `Study`.
//!
//! Only fields whose text changed are written back, so a value the form
//! cannot represent exactly (an odd number format, a choice outside the list)
//! survives an edit of another field untouched.

use crate::model::{FieldKind, FieldValue, Review, Study};
use crate::store::parse::plausible_years;
use crate::text::fold::fold;

use super::action::TextEdit;
use super::textbuf::{Edge, TextBuf};

/// Which part of the study a form field edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKey {
    Id,
    Title,
    Authors,
    Year,
    Journal,
    Doi,
    Ref,
    Design,
    Tags,
    Notes,
    /// An extraction field declared in review.toml.
    Extra(String),
}

/// How a text field is checked as it is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Free,
    Id,
    /// A positive whole number (ref).
    Positive,
    Year,
    Integer,
    Number,
}

/// The input of a form field.
#[derive(Debug, Clone)]
pub enum Input {
    Text(TextBuf),
    /// One of `options` (value, label); value "" means none.
    Choice {
        options: Vec<(String, String)>,
        current: usize,
        /// Studies of the review with each option, where counted.
        counts: Vec<Option<usize>>,
        /// What was typed to jump, so far: the start of a word of a label.
        typed: String,
    },
}

/// One labelled field of the form.
#[derive(Debug, Clone)]
pub struct FormField {
    pub key: FieldKey,
    pub label: String,
    pub input: Input,
    pub check: Check,
    /// The text when the form opened (to tell what changed).
    pub original: String,
    /// A problem with the current value, shown beside it.
    pub error: Option<String>,
    pub readonly: bool,
    /// How to type the value, shown while the field has the focus.
    pub hint: Option<&'static str>,
}

impl FormField {
    /// The field's value as text (a choice's value).
    pub fn value(&self) -> String {
        match &self.input {
            Input::Text(t) => t.text(),
            Input::Choice {
                options, current, ..
            } => options
                .get(*current)
                .map(|o| o.0.clone())
                .unwrap_or_default(),
        }
    }

    /// True when the value differs from when the form opened.
    pub fn changed(&self) -> bool {
        self.value() != self.original
    }

    /// Rows the field takes on screen.
    pub fn height(&self) -> usize {
        match &self.input {
            Input::Text(t) if t.is_multiline() => t.lines().len().clamp(2, 6),
            _ => 1,
        }
    }
}

/// Add a new study, or edit the one with this id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormTarget {
    Add,
    Edit { id: String },
}

/// The form's state.
#[derive(Debug, Clone)]
pub struct Form {
    pub target: FormTarget,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// A message under the fields (a rejected key, a save error).
    pub message: Option<String>,
    /// The study being edited (defaults for a new one).
    pub base: Study,
    /// Set once the user typed into the id, so it is no longer proposed.
    pub id_touched: bool,
    /// The authors text the last save questioned (see [`Form::question_authors`]).
    questioned: Option<String>,
}

fn text_field(key: FieldKey, label: &str, value: &str, check: Check, multi: bool) -> FormField {
    let buf = if multi {
        TextBuf::multi(value)
    } else {
        TextBuf::single(value)
    };
    FormField {
        key,
        label: label.to_string(),
        // As the box holds it: a line break a one-line box shows as a space
        // is not an edit (and the value is not rewritten unless edited).
        original: buf.text(),
        input: Input::Text(buf),
        check,
        error: None,
        readonly: false,
        hint: None,
    }
}

fn choice_field(
    key: FieldKey,
    label: &str,
    options: Vec<(String, String)>,
    value: &str,
) -> FormField {
    let mut options = options;
    let current = match options.iter().position(|o| o.0 == value) {
        Some(i) => i,
        None => {
            // A value outside the list stays selectable, so it is not lost.
            options.push((value.to_string(), format!("{value} (not in the list)")));
            options.len() - 1
        }
    };
    FormField {
        key,
        label: label.to_string(),
        input: Input::Choice {
            options,
            current,
            counts: Vec::new(),
            typed: String::new(),
        },
        check: Check::Free,
        original: value.to_string(),
        error: None,
        readonly: false,
        hint: None,
    }
}

/// The design taxonomy as choices: "" (none), then groups and children.
pub fn design_options(review: &Review) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), "(none)".to_string())];
    for g in &review.designs {
        v.push((g.key.clone(), g.short_label().to_string()));
        for c in &g.children {
            v.push((
                format!("{}/{}", g.key, c.key),
                format!("{} › {}", g.short_label(), c.short_label()),
            ));
        }
    }
    v
}

fn field_text(v: Option<&FieldValue>) -> String {
    match v {
        Some(FieldValue::List(l)) => l.join("\n"),
        Some(v) => v.to_string(),
        None => String::new(),
    }
}

impl Form {
    /// A form over `study` (`target` Add for a new one).
    pub fn new(review: &Review, study: &Study, target: FormTarget) -> Form {
        let s = study;
        let mut id = text_field(FieldKey::Id, "Id", &s.id, Check::Id, false);
        id.readonly = matches!(target, FormTarget::Edit { .. });
        if id.readonly {
            // The id the file already has (the loader took it): not checked
            // again, so that a study named before today's rules stays editable.
            id.check = Check::Free;
        }
        let mut fields = vec![
            text_field(FieldKey::Title, "Title", &s.title, Check::Free, false),
            FormField {
                hint: Some(AUTHORS_HINT),
                ..text_field(
                    FieldKey::Authors,
                    "Authors",
                    &s.authors.join("\n"),
                    Check::Free,
                    true,
                )
            },
            text_field(
                FieldKey::Year,
                "Year",
                &s.year.map(|y| y.to_string()).unwrap_or_default(),
                Check::Year,
                false,
            ),
            text_field(
                FieldKey::Journal,
                "Journal",
                s.journal.as_deref().unwrap_or(""),
                Check::Free,
                false,
            ),
            text_field(
                FieldKey::Doi,
                "DOI",
                s.doi.as_deref().unwrap_or(""),
                Check::Free,
                false,
            ),
            text_field(
                FieldKey::Ref,
                "Ref",
                &s.reference.map(|r| r.to_string()).unwrap_or_default(),
                Check::Positive,
                false,
            ),
            choice_field(
                FieldKey::Design,
                "Design",
                design_options(review),
                s.design.as_deref().unwrap_or(""),
            ),
            FormField {
                hint: Some(TAGS_HINT),
                ..text_field(
                    FieldKey::Tags,
                    "Tags",
                    &s.tags.join("\n"),
                    Check::Free,
                    true,
                )
            },
            text_field(
                FieldKey::Notes,
                "Notes",
                s.notes.as_deref().unwrap_or(""),
                Check::Free,
                true,
            ),
        ];
        for def in &review.fields {
            let value = s.extraction_value(&def.key);
            let key = FieldKey::Extra(def.key.clone());
            let f = match def.kind {
                FieldKind::Choice => {
                    let mut opts = vec![(String::new(), "(none)".to_string())];
                    opts.extend(def.choices.iter().map(|c| (c.clone(), c.clone())));
                    choice_field(key, &def.label, opts, &field_text(value))
                }
                FieldKind::Integer => {
                    text_field(key, &def.label, &field_text(value), Check::Integer, false)
                }
                FieldKind::Number => {
                    text_field(key, &def.label, &field_text(value), Check::Number, false)
                }
                FieldKind::List => {
                    text_field(key, &def.label, &field_text(value), Check::Free, true)
                }
                FieldKind::Text => {
                    text_field(key, &def.label, &field_text(value), Check::Free, false)
                }
            };
            fields.push(f);
        }
        fields.push(id);
        Form {
            target,
            fields,
            focus: 0,
            message: None,
            base: study.clone(),
            id_touched: false,
            questioned: None,
        }
    }

    /// The focused field.
    pub fn focused(&self) -> Option<&FormField> {
        self.fields.get(self.focus)
    }

    /// True when the user changed anything (an id proposed for a new study
    /// is not a change of theirs).
    pub fn changed(&self) -> bool {
        let proposed = self.target == FormTarget::Add && !self.id_touched;
        self.fields
            .iter()
            .any(|f| f.changed() && !(proposed && f.key == FieldKey::Id))
    }

    /// The value of a field.
    pub fn value(&self, key: &FieldKey) -> String {
        self.fields
            .iter()
            .find(|f| &f.key == key)
            .map(|f| f.value())
            .unwrap_or_default()
    }

    /// Sets a text field's value (used to propose the id of a new study).
    pub fn set_value(&mut self, key: &FieldKey, value: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| &f.key == key)
            && let Input::Text(t) = &mut f.input
        {
            t.set(value);
        }
    }

    /// Moves the focus to the next (or previous) editable field.
    pub fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        for step in 1..=n {
            let i = if forward {
                (self.focus + step) % n
            } else {
                (self.focus + n - step) % n
            };
            if !self.fields[i].readonly {
                self.focus = i;
                return;
            }
        }
    }

    /// Types a character into the focused field; a character the field
    /// cannot take is refused with a message.
    pub fn insert(&mut self, c: char) {
        self.message = None;
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        if f.readonly {
            return;
        }
        match &mut f.input {
            Input::Text(t) => {
                // A line break pasted into a one-line field reads as a space.
                let c = if c == '\n' && !t.is_multiline() {
                    ' '
                } else {
                    c
                };
                if let Some(why) = refuse(f.check, c, &f.label) {
                    self.message = Some(why);
                    return;
                }
                t.insert(c);
                if f.key == FieldKey::Id {
                    self.id_touched = true;
                }
            }
            Input::Choice {
                options,
                current,
                typed,
                ..
            } => {
                // Typing jumps to the first option with a word starting
                // with what was typed ("phys" → "Qual: physio"); a letter
                // that extends no match starts again from the next option.
                let grown = format!("{typed}{c}");
                let starts = |label: &str, prefix: &str| {
                    let prefix = fold(prefix);
                    fold(label)
                        .split(|ch: char| !ch.is_alphanumeric())
                        .any(|w| !w.is_empty() && w.starts_with(&prefix))
                };
                if let Some(i) = (0..options.len()).find(|&i| starts(&options[i].1, &grown)) {
                    *current = i;
                    *typed = grown;
                } else if let Some(i) = (*current + 1..options.len())
                    .chain(0..*current)
                    .find(|&i| starts(&options[i].1, &c.to_string()))
                {
                    *current = i;
                    *typed = c.to_string();
                } else {
                    typed.clear();
                }
            }
        }
        self.revalidate_focused();
    }

    /// Applies an editing key; Up/Down past the first/last line move between fields.
    pub fn edit(&mut self, e: TextEdit) {
        self.message = None;
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        let edge = match &mut f.input {
            Input::Text(t) => {
                if f.readonly && !matches!(e, TextEdit::Up | TextEdit::Down) {
                    return;
                }
                let edge = t.edit(e);
                if f.key == FieldKey::Id && !matches!(e, TextEdit::Up | TextEdit::Down) {
                    self.id_touched = true;
                }
                edge
            }
            Input::Choice {
                options,
                current,
                typed,
                ..
            } => {
                // The ends stop the arrows: no wrapping round to the other end.
                let n = options.len().max(1);
                typed.clear();
                match e {
                    TextEdit::Left => *current = current.saturating_sub(1),
                    TextEdit::Right => *current = (*current + 1).min(n - 1),
                    TextEdit::Backspace => {}
                    TextEdit::Home => *current = 0,
                    TextEdit::End => *current = n - 1,
                    TextEdit::Up => return self.move_focus(false),
                    TextEdit::Down => return self.move_focus(true),
                    _ => {}
                }
                Edge::Moved
            }
        };
        match edge {
            Edge::Top => self.move_focus(false),
            Edge::Bottom => self.move_focus(true),
            Edge::Moved => self.revalidate_focused(),
        }
    }

    fn revalidate_focused(&mut self) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.error = validate(f.check, &f.value());
        }
    }

    /// Checks every field; returns the first problem, focusing its field.
    pub fn validate_all(
        &mut self,
        taken_id: impl Fn(&str) -> bool,
        taken_ref: impl Fn(u32) -> bool,
    ) -> Result<(), String> {
        let is_add = self.target == FormTarget::Add;
        let mut first: Option<(usize, String)> = None;
        for (i, f) in self.fields.iter_mut().enumerate() {
            let v = f.value();
            f.error = validate(f.check, &v);
            match f.key {
                FieldKey::Title if v.trim().is_empty() => {
                    f.error = Some("a study needs a title".into())
                }
                FieldKey::Id if is_add && f.error.is_none() && taken_id(v.trim()) => {
                    f.error = Some(format!("a study with id \"{}\" already exists", v.trim()));
                }
                FieldKey::Ref if f.changed() && f.error.is_none() => {
                    if let Ok(r) = v.trim().parse::<u32>()
                        && taken_ref(r)
                        && !self.base.ref_shared
                    {
                        f.error = Some(format!("ref {r} is already used by another study"));
                    }
                }
                _ => {}
            }
            if let (None, Some(e)) = (&first, &f.error) {
                first = Some((i, format!("{}: {e}", f.label)));
            }
        }
        match first {
            Some((i, e)) => {
                self.focus = i;
                Err(e)
            }
            None => Ok(()),
        }
    }

    /// Before a save: a warning when an author looks typed given name first
    /// ("Anna Söderström", see [`crate::check::lint::family_first`], the
    /// rule `litrev check` warns by).
    /// Asked once for the same authors: saving again keeps them as typed.
    pub fn question_authors(&mut self) -> Option<String> {
        let authors = self.value(&FieldKey::Authors);
        if self.questioned.as_deref() == Some(authors.as_str()) {
            return None;
        }
        let field = self.fields.iter().find(|f| f.key == FieldKey::Authors)?;
        if self.target != FormTarget::Add && !field.changed() {
            return None;
        }
        let odd: Vec<(&str, String)> = authors
            .lines()
            .map(str::trim)
            .filter_map(|a| crate::check::lint::family_first(a).map(|fix| (a, fix)))
            .collect();
        let (first, fix) = odd.first()?;
        let more = match odd.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        let warning = format!(
            "Authors: \"{}\"{more} has no comma; write Family, Given (\"{}\"), or save again to keep it",
            crate::text::inert_line(first),
            crate::text::inert_line(fix)
        );
        self.questioned = Some(authors);
        Some(warning)
    }

    /// The study as the form now describes it. Fields left unchanged keep
    /// the exact value they had.
    pub fn to_study(&self, review: &Review) -> Study {
        let mut s = self.base.clone();
        let lines = |v: &str| -> Vec<String> {
            v.lines()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect()
        };
        let opt = |v: &str| -> Option<String> {
            let t = v.trim();
            (!t.is_empty()).then(|| t.to_string())
        };
        for f in &self.fields {
            if !f.changed() && self.target != FormTarget::Add {
                continue;
            }
            let v = f.value();
            match &f.key {
                FieldKey::Id => s.id = v.trim().to_string(),
                FieldKey::Title => s.title = v.trim().to_string(),
                FieldKey::Authors => s.authors = lines(&v),
                FieldKey::Year => s.year = v.trim().parse().ok(),
                FieldKey::Journal => s.journal = opt(&v),
                FieldKey::Doi => s.doi = opt(&v),
                FieldKey::Ref => s.reference = v.trim().parse().ok(),
                FieldKey::Design => s.design = opt(&v),
                FieldKey::Tags => s.tags = split_tags(&v),
                FieldKey::Notes => {
                    s.notes = (!v.trim().is_empty()).then(|| v.trim_end().to_string());
                }
                FieldKey::Extra(key) => {
                    let kind = review.field(key).map(|d| d.kind).unwrap_or(FieldKind::Text);
                    let value = match kind {
                        _ if v.trim().is_empty() => None,
                        FieldKind::Integer => v.trim().parse().ok().map(FieldValue::Integer),
                        FieldKind::Number => v.trim().parse().ok().map(FieldValue::Number),
                        FieldKind::List => Some(FieldValue::List(lines(&v))),
                        FieldKind::Text | FieldKind::Choice => {
                            Some(FieldValue::Text(v.trim().to_string()))
                        }
                    };
                    match (s.extraction.iter().position(|(k, _)| k == key), value) {
                        (Some(i), Some(val)) => s.extraction[i].1 = val,
                        (Some(i), None) => {
                            s.extraction.remove(i);
                        }
                        (None, Some(val)) => s.extraction.push((key.as_str().into(), val)),
                        (None, None) => {}
                    }
                }
            }
        }
        s
    }
}

/// Shown under the form while the authors field has the focus.
pub const AUTHORS_HINT: &str = "one author per line, as Family, Given";
/// Shown under the form while the tags field has the focus.
pub const TAGS_HINT: &str = "separate tags with , or ; or a new line";

/// The tags in the text of the tags field: separated by commas, semicolons
/// or line breaks, trimmed; empty ones and repeats dropped.
pub fn split_tags(v: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in v.split([',', ';', '\n']).map(str::trim) {
        if !t.is_empty() && !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
    }
    out
}

/// Why `c` cannot be typed into a field checked by `check`.
fn refuse(check: Check, c: char, label: &str) -> Option<String> {
    let ok = match check {
        Check::Free => true,
        // Kept as typed: the field's problem names what an id cannot hold
        // ("S" is not allowed …), so no character is dropped unseen.
        Check::Id => true,
        Check::Positive | Check::Year => c.is_ascii_digit(),
        Check::Integer => c.is_ascii_digit() || c == '-',
        Check::Number => c.is_ascii_digit() || ".-+eE".contains(c),
    };
    (!ok).then(|| {
        let what = match check {
            Check::Positive | Check::Year => "digits only",
            Check::Integer => "a whole number",
            Check::Number => "a number",
            Check::Free | Check::Id => "",
        };
        format!(
            "{label} takes {what}: \"{}\" refused",
            crate::text::inert_line(&c.to_string())
        )
    })
}

/// The problem with `v` for a field checked by `check`, if any.
pub fn validate(check: Check, v: &str) -> Option<String> {
    let v = v.trim();
    if v.is_empty() {
        return (check == Check::Id).then(|| "a study needs an id".to_string());
    }
    match check {
        Check::Free => None,
        Check::Id => crate::model::id_problem(v),
        Check::Positive => match v.parse::<u32>() {
            Ok(n) if n > 0 => None,
            _ => Some("expected a positive whole number".into()),
        },
        Check::Year => {
            let r = plausible_years();
            match v.parse::<i64>() {
                Ok(y) if r.contains(&y) => None,
                _ => Some(format!(
                    "year {v} is not plausible: expected a year from {} to {}",
                    r.start(),
                    r.end()
                )),
            }
        }
        Check::Integer => v
            .parse::<i64>()
            .is_err()
            .then(|| "expected a whole number".into()),
        Check::Number => v
            .parse::<f64>()
            .is_err()
            .then(|| "expected a number".into()),
    }
}
