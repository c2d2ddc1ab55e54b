//! Every appraisal of a loaded review checked against its instrument, each
//! problem located at the answer, overall or table it is about.

use std::ops::Range;
use std::path::Path;

use toml_edit::{Document, Item};

use crate::appraisal::instrument::Registry;
use crate::appraisal::rules::{Place, findings};
use crate::check::Entry;
use crate::text::problem::Problem;

/// The problems of every appraisal in `studies` (each with its file).
pub fn check<E: Entry>(reg: &Registry, studies: &[(&Path, E)]) -> Vec<Problem> {
    let mut out = Vec::new();
    for (path, entry) in studies {
        check_study(reg, path, entry, &mut out);
    }
    out
}

/// What is wrong with one appraisal, before it is placed in the file.
enum Found {
    /// A finding at a place of the appraisal.
    At(Place, String, bool),
    /// The same key as the appraisal at this earlier position.
    SameKey(usize),
}

fn check_study<E: Entry>(reg: &Registry, path: &Path, entry: &E, out: &mut Vec<Problem>) {
    // What is wrong first; the file is read (again, when its text was not
    // kept) and parsed for the places only when something is: at 100 000
    // appraised studies that is most of loading them.
    let appraisals = &entry.study().appraisals;
    let mut found: Vec<(usize, Found)> = Vec::new();
    for (i, a) in appraisals.iter().enumerate() {
        // Two appraisals with one key cannot both be kept apart by a merge
        // or a form: never merged silently, always an error.
        if let Some(j) = appraisals[..i].iter().position(|b| b.key() == a.key()) {
            found.push((i, Found::SameKey(j)));
        }
        match reg.get(&a.instrument) {
            None => found.push((
                i,
                Found::At(
                    Place::Instrument,
                    format!(
                        "unknown instrument \"{}\": expected one of {} (or add instruments/{}.toml)",
                        a.instrument,
                        reg.names(),
                        a.instrument
                    ),
                    false,
                ),
            )),
            Some(inst) => found.extend(
                findings(inst, a)
                    .into_iter()
                    .map(|f| (i, Found::At(f.place, f.message, f.warning))),
            ),
        }
    }
    if found.is_empty() {
        return;
    }
    let text = entry.text_for_messages(path);
    let doc = Document::parse(&*text).ok();
    let table = |i: usize| {
        doc.as_ref()?
            .get("appraisals")?
            .as_array_of_tables()?
            .get(i)
    };
    for (i, what) in found {
        let t = table(i);
        let span = |place: &Place| -> Option<Range<usize>> {
            let t = t?;
            let key = |k: &str| t.get(k).and_then(Item::span);
            match place {
                Place::Table => t.span(),
                Place::Instrument => key("instrument"),
                Place::Category => key("category"),
                Place::Overall => key("overall"),
                Place::Note(id) => {
                    let notes = t.get("notes")?;
                    let v = match notes {
                        Item::Table(nt) => nt.get(id).and_then(Item::span),
                        Item::Value(v) => v.as_inline_table()?.get(id)?.span(),
                        _ => None,
                    };
                    v.or_else(|| notes.span())
                }
                Place::Answer(id) => {
                    let answers = t.get("answers")?;
                    let v = match answers {
                        Item::Table(at) => at.get(id).and_then(Item::span),
                        Item::Value(v) => v.as_inline_table()?.get(id)?.span(),
                        _ => None,
                    };
                    v.or_else(|| answers.span())
                }
            }
            .or_else(|| t.span())
        };
        let at = |place: &Place, msg: String| {
            Problem::at(path, &text, span(place).map_or(0, |s| s.start), msg)
        };
        match what {
            Found::At(place, message, warning) => {
                let p = at(&place, message);
                out.push(if warning { p.warning() } else { p });
            }
            Found::SameKey(j) => {
                let first = table(j)
                    .and_then(|t| t.span())
                    .map(|s| Problem::at(path, &text, s.start, String::new()).line);
                out.push(at(
                    &Place::Table,
                    format!(
                        "a second appraisal {}{}: each needs its own key (instrument, reviewer, outcome, MMAT category) — give each its `outcome` (RoB 2 and ROBINS-I are made per outcome), or remove one",
                        appraisals[i].key_name(),
                        first.map_or(String::new(), |l| format!(" (the first is at line {l})"))
                    ),
                ));
            }
        }
    }
}
